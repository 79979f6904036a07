#!/bin/bash
# Run every test suite in order: checkpatch on kmod/, the dsecctl unit
# tests, the scanner unit tests, a short fuzzing run of every harness,
# then the VM cases on all
# three test kernels. Ends with exactly one line "N passed, N failed",
# which counts each suite as one and each VM case on each kernel as one.
# The exit status is non-zero on any failure. Each suite's output is also
# kept in tests/out/suite-NAME.log.
set -uo pipefail

cd "$(dirname "$0")/.."
mkdir -p tests/out

passed=0 failed=0
start_all=$(date +%s)

# run_make_suite TARGET: run `make TARGET` as one suite. A target that no
# makefile defines yet is reported and not counted.
run_make_suite()
{
	local target=$1 log=tests/out/suite-$1.log start status

	if make -n "$target" 2>&1 | grep -q "No rule to make target '$target'"; then
		echo "== $target: skipped, no makefile defines this target yet"
		return
	fi
	echo "== $target"
	start=$(date +%s)
	make --no-print-directory "$target" 2>&1 | tee "$log"
	status=${PIPESTATUS[0]}
	if [ "$status" -eq 0 ]; then
		passed=$((passed + 1))
		echo "== $target: passed ($(($(date +%s) - start)) s)"
	else
		failed=$((failed + 1))
		echo "== $target: failed with status $status ($(($(date +%s) - start)) s, log $log)"
	fi
}

run_make_suite checkpatch
run_make_suite check-ctl
run_make_suite check-scan
run_make_suite fuzz-short

echo "== vm"
start=$(date +%s)
if make --no-print-directory vm-tools >tests/out/suite-vm-tools.log 2>&1; then
	DSEC_VM_PLAN=${DSEC_VM_PLAN:-tests/vm/check.plan} tests/vm/run-cases.sh 2>&1 |
		tee tests/out/suite-vm.log
	summary=$(grep -E '^vm: [0-9]+ passed, [0-9]+ failed$' tests/out/suite-vm.log | tail -n1)
	if [ -n "$summary" ]; then
		set -- $summary
		passed=$((passed + $2))
		failed=$((failed + $4))
	else
		echo "== vm: ended without its summary line"
		failed=$((failed + 1))
	fi
else
	cat tests/out/suite-vm-tools.log
	echo "== vm: building the VM tools failed"
	failed=$((failed + 1))
fi
echo "== vm: $(($(date +%s) - start)) s"

echo "== total time: $(($(date +%s) - start_all)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
