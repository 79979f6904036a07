#!/bin/bash
# Run the VM cases (tests/vm/cases/*.sh) on every test kernel, one guest
# boot per case and kernel.
#
#   run-cases.sh [CASE...]
#
# DSEC_VM_KERNELS selects kernels (releases or families "6.1 6.12 7";
# default: all three, and a missing one is an error), DSEC_VM_CASES or the
# arguments select cases by name. For each kernel it builds dsec.ko into
# build/kmod/REL/ and the module-load test module, then boots one guest
# per case. A case with a "# vm-disk: yes" line gets a scratch ext4 disk;
# one with a "# vm-kernels: FAMILY..." line runs only on those kernel
# families (6.1, 6.12, 7).
# DSEC_VM_PLAN names a plan file whose lines "FAMILY CASE..." pick the
# cases per kernel family instead (make check uses tests/vm/check.plan).
# Its lines "env NAME=VALUE..." set variables in every guest.
# Prints one line per case and kernel and ends with "vm: N passed, N
# failed"; the exit status is non-zero if anything failed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/kernels.sh"
cd "$top"

passed=0 failed=0
record()
{
	if [ "$1" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# kernel_in_families REL FAMILY...: REL belongs to one of the families.
kernel_in_families()
{
	local rel=$1 family

	shift
	for family in "$@"; do
		[ "$(vm_kernel_find "$family" 2>/dev/null)" = "$rel" ] && return 0
	done
	return 1
}

if [ -n "${DSEC_VM_KERNELS:-}" ]; then
	kernels=()
	for k in $DSEC_VM_KERNELS; do
		rel=$(vm_kernel_resolve "$k") || {
			echo "vm: kernel '$k' not found; 'tests/vm/kernels.sh list' shows the installed ones" >&2
			record 1
			continue
		}
		kernels+=("$rel")
	done
else
	vm_kernel_check || record 1
	mapfile -t kernels < <(vm_kernel_list)
fi

# plan_cases REL: the cases the plan file lists for the family of REL.
plan_cases()
{
	local family list

	while read -r family list; do
		case $family in '' | '#'* | env) continue ;; esac
		if kernel_in_families "$1" "$family"; then
			echo "$list"
			return
		fi
	done <"$DSEC_VM_PLAN"
}

cases=("$@")
plan_env=()
[ ${#cases[@]} -gt 0 ] || read -r -a cases <<<"${DSEC_VM_CASES:-}"
if [ -n "${DSEC_VM_PLAN:-}" ]; then
	[ -r "$DSEC_VM_PLAN" ] || { echo "vm: plan file '$DSEC_VM_PLAN' not found" >&2; exit 1; }
	read -r -a cases <<<"$(awk '!/^#/ && $1 != "env" { for (i = 2; i <= NF; i++) print $i }' "$DSEC_VM_PLAN" | sort -u | tr '\n' ' ')"
	for e in $(awk '$1 == "env" { for (i = 2; i <= NF; i++) print $i }' "$DSEC_VM_PLAN"); do
		plan_env+=(--env "$e")
	done
elif [ ${#cases[@]} -eq 0 ]; then
	for f in "$here"/cases/*.sh; do
		cases+=("$(basename "$f" .sh)")
	done
fi

# The demo case runs the image and policy that tests/demo/prepare.sh makes.
if printf '%s\n' "${cases[@]}" | grep -qx demo; then
	mkdir -p tests/out
	"$top/tests/demo/prepare.sh" >tests/out/demo-prepare.log 2>&1 ||
		{ echo "vm: tests/demo/prepare.sh failed; see tests/out/demo-prepare.log"; record 1; }
fi

disk=$top/build/vm/disk.img
if [ ! -e "$disk" ]; then
	mkdir -p "$(dirname "$disk")"
	truncate -s 32M "$disk.tmp" && mkfs.ext4 -q -F "$disk.tmp" && mv "$disk.tmp" "$disk" ||
		{ echo "vm: creating the scratch disk $disk failed" >&2; record 1; }
fi

for rel in "${kernels[@]}"; do
	rm -f "build/kmod/$rel/dsec.ko"
	if "$here/build-kmod.sh" --kernel "$rel" >/dev/null; then
		record 0
	else
		echo "vm: building dsec.ko for $rel failed"
		record 1
	fi
	"$here/build-kmod.sh" --kernel "$rel" --src "$here/testmod" \
		--out "build/vm/$rel/testmod" >/dev/null ||
		{ echo "vm: building the test module for $rel failed"; record 1; }

	kernel_cases=("${cases[@]}")
	[ -z "${DSEC_VM_PLAN:-}" ] || read -r -a kernel_cases <<<"$(plan_cases "$rel")"
	for c in "${kernel_cases[@]}"; do
		script=$here/cases/$c.sh
		if [ ! -f "$script" ]; then
			echo "vm: case '$c' not found in tests/vm/cases"
			record 1
			continue
		fi
		only=$(sed -n 's/^# vm-kernels: *//p' "$script" | head -n1)
		if [ -n "$only" ] && ! kernel_in_families "$rel" $only; then
			continue
		fi
		opts=("${plan_env[@]}")
		grep -q '^# vm-disk: yes' "$script" && opts+=(--disk "$disk")
		"$here/run-guest.sh" --kernel "$rel" "${opts[@]}" "$script"
		status=$?
		record $status
		if [ $status -ne 0 ]; then
			grep -E '^(FAIL: |case .* passed, )' "tests/out/$rel/$c.log" | tr -d '\r' | head -n 20 | sed 's/^/    /'
		fi
	done
done
echo "vm: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
