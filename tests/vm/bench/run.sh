#!/bin/bash
# make bench-hooks: measure dsec's hook overhead on every test kernel in
# QEMU's instruction-counting mode and write the figures into the section
# "Hook overhead" of docs/benchmarks.md.
#
# DSEC_BENCH_KERNELS narrows the kernels (default: all three);
# BENCH_EXEC_RUNS and BENCH_OPEN_RUNS change the loop lengths (default
# 300 and 20,000).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
. "$here/../kernels.sh"
cd "$top"

if [ -n "${DSEC_BENCH_KERNELS:-}" ]; then
	kernels=()
	for k in $DSEC_BENCH_KERNELS; do
		rel=$(vm_kernel_resolve "$k") || { echo "bench: kernel '$k' not found" >&2; exit 1; }
		kernels+=("$rel")
	done
else
	vm_kernel_check || exit 1
	mapfile -t kernels < <(vm_kernel_list)
fi

status=0
results=()
for rel in "${kernels[@]}"; do
	"$here/../build-kmod.sh" --kernel "$rel" >/dev/null || { status=1; continue; }
	"$here/../build-kmod.sh" --kernel "$rel" --src "$here/../testmod" \
		--out "build/vm/$rel/testmod" >/dev/null || { status=1; continue; }
	envs=()
	[ -z "${BENCH_EXEC_RUNS:-}" ] || envs+=(--env "BENCH_EXEC_RUNS=$BENCH_EXEC_RUNS")
	[ -z "${BENCH_OPEN_RUNS:-}" ] || envs+=(--env "BENCH_OPEN_RUNS=$BENCH_OPEN_RUNS")
	if "$here/../run-guest.sh" --kernel "$rel" --bench --name bench-hooks --timeout 1800 \
		"${envs[@]}" "$here/guest.sh"; then
		results+=("$rel=tests/out/$rel/bench-hooks/bench.txt")
	else
		status=1
	fi
done
[ ${#results[@]} -gt 0 ] || { echo "bench: no kernel produced figures" >&2; exit 1; }
python3 "$here/report.py" --doc docs/benchmarks.md \
	--exec-runs "${BENCH_EXEC_RUNS:-300}" --open-runs "${BENCH_OPEN_RUNS:-20000}" \
	"${results[@]}" || status=1
exit $status
