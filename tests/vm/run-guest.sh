#!/bin/bash
# Boot a test kernel in QEMU and run test scripts in it.
#
#   run-guest.sh --kernel REL [--bench] [--disk IMG] [--name CASE]
#                [--timeout SEC] [--env NAME=VALUE]... SCRIPT...
#
# The guest shares the host's root file system read-only (9p) under a
# tmpfs overlay, so it runs this checkout's binaries, runc and crun. Each
# SCRIPT runs in order as root in the guest, from the repository root,
# with DSEC_KERNEL, DSEC_TOP, DSEC_CASE, DSEC_OUT (a directory shared
# back to tests/out/REL/CASE/), DSEC_KO, DSEC_TESTMOD, DSEC_TOOLS, and
# DSEC_DISK (the --disk device, if any) and DSEC_BENCH set.
#
# The kernel boots with panic_on_warn=1 panic=-1 oops=panic and QEMU with
# -no-reboot, so a WARN or an Oops ends the run. The serial console goes
# to tests/out/REL/CASE.log. The run passes only if the guest printed
# "DSEC-GUEST-EXIT status=0" before the timeout and neither the console
# nor the guest's dmesg has a WARNING, BUG, Oops, "cut here" or panic
# line from the kernel.
#
# QEMU runs with single-threaded TCG (-accel tcg,thread=single -cpu max):
# with one host thread per vCPU, a vCPU can keep running a translation of
# kernel text that another vCPU has just patched, which real CPUs rule
# out after text_poke_sync(). Kernels from 6.12 on no longer tolerate a
# stale kprobe int3, so they Oops on it when dsec unloads. One thread
# that runs both vCPUs in turn never translates while the other writes.
# DSEC_VM_ACCEL=auto tries KVM
# behind a short probe boot first and falls back to TCG, because KVM
# guests hang on some hosts. --bench runs with -icount shift=0,sleep=off
# -smp 1 so that guest time counts instructions and repeats across runs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/kernels.sh"

usage()
{
	echo "usage: run-guest.sh --kernel RELEASE [--bench] [--disk IMG] [--name CASE]" >&2
	echo "                    [--timeout SEC] [--env NAME=VALUE]... SCRIPT..." >&2
	exit 2
}

kernel="" bench=0 disk="" name="" timeout="" envs=() scripts=()
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=${2:-}; shift 2 || usage ;;
	--bench) bench=1; shift ;;
	--disk) disk=${2:-}; shift 2 || usage ;;
	--name) name=${2:-}; shift 2 || usage ;;
	--timeout) timeout=${2:-}; shift 2 || usage ;;
	--env) envs+=("${2:-}"); shift 2 || usage ;;
	--) shift; scripts+=("$@"); break ;;
	-*) usage ;;
	*) scripts+=("$1"); shift ;;
	esac
done
[ -n "$kernel" ] && [ ${#scripts[@]} -gt 0 ] || usage

rel=$(vm_kernel_resolve "$kernel") || {
	echo "run-guest: kernel '$kernel' not found; 'tests/vm/kernels.sh list' shows the installed ones" >&2
	exit 1
}
for i in "${!scripts[@]}"; do
	s=${scripts[$i]}
	[ -f "$s" ] || { echo "run-guest: script '$s' not found" >&2; exit 1; }
	scripts[$i]=$(cd "$(dirname "$s")" && pwd)/${s##*/}
	case ${scripts[$i]} in
	"$top"/*) ;;
	*) echo "run-guest: warning: script '$s' is outside the checkout $top; the guest sees host files read-only by the same path, except under /tmp, /run and /dev, which are its own" >&2 ;;
	esac
done
if [ -n "$disk" ] && [ ! -f "$disk" ]; then
	echo "run-guest: disk image '$disk' not found" >&2
	exit 1
fi
for e in "${envs[@]}"; do
	[[ $e =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || { echo "run-guest: --env '$e' is not NAME=VALUE" >&2; exit 2; }
done

name=${name:-$(basename "${scripts[0]}" .sh)}

# The case may state its own watchdog timeout in a "# vm-timeout: SEC" line.
if [ -z "$timeout" ]; then
	timeout=$(sed -n 's/^# vm-timeout: *\([0-9]\+\).*/\1/p' "${scripts[@]}" | sort -n | tail -n1)
	timeout=${timeout:-300}
fi
[[ $timeout =~ ^[0-9]+$ ]] || { echo "run-guest: --timeout '$timeout' is not a number of seconds" >&2; exit 2; }

vmbuild=$top/build/vm/$rel
initrd=$vmbuild/initramfs.cpio.gz
if [ ! -e "$initrd" ] || [ "$here/initramfs-init" -nt "$initrd" ] ||
   [ "$here/mkinitramfs.sh" -nt "$initrd" ]; then
	"$here/mkinitramfs.sh" --kernel "$rel" --out "$initrd" >/dev/null
fi

outroot=$top/tests/out/$rel
outdir=$outroot/$name
log=$outroot/$name.log
rm -rf "$outdir"
mkdir -p "$outdir"
: >"$log"

{
	printf 'export DSEC_KERNEL=%q\n' "$rel"
	printf 'export DSEC_TOP=%q\n' "$top"
	printf 'export DSEC_CASE=%q\n' "$name"
	printf 'export DSEC_OUT=/dsec-out\n'
	printf 'export DSEC_KO=%q\n' "${DSEC_KMOD_DIR:-$top/build/kmod}/$rel/dsec.ko"
	printf 'export DSEC_TESTMOD=%q\n' "$vmbuild/testmod/dsec_testmod.ko"
	printf 'export DSEC_TOOLS=%q\n' "$top/build/vm/tools"
	printf 'export DSEC_BENCH=%q\n' "$bench"
	[ -z "$disk" ] || printf 'export DSEC_DISK=/dev/vda\n'
	for e in "${envs[@]}"; do
		printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"
	done
} >"$outdir/job.env"
printf '%s\n' "${scripts[@]}" >"$outdir/scripts"

# no_timer_check: on a loaded host, TCG can starve the vCPU long enough
# for the boot-time IO-APIC timer check to fail and panic the guest.
cmdline="console=ttyS0 panic_on_warn=1 panic=-1 oops=panic printk.time=1 loglevel=5 no_timer_check"
cmdline+=" dsec_top=$top"

qemu_base=(qemu-system-x86_64 -nodefaults -no-reboot -display none -monitor none
	-serial stdio -m "${DSEC_VM_MEM:-1536}"
	-kernel "$(vm_kernel_vmlinuz "$rel")" -initrd "$initrd")

# Print the QEMU acceleration options: KVM only if a probe boot of this
# kernel finishes within 30 s, else TCG. The probe result is cached for
# the current boot of this machine.
pick_accel()
{
	local mode=${DSEC_VM_ACCEL:-tcg} cache boot_id

	case $mode in
	tcg) echo "-accel tcg,thread=single -cpu max"; return ;;
	kvm) echo "-accel kvm -cpu max"; return ;;
	auto) ;;
	*) echo "run-guest: DSEC_VM_ACCEL='$mode' is invalid; use tcg, kvm or auto" >&2; exit 2 ;;
	esac
	boot_id=$(cat /proc/sys/kernel/random/boot_id)
	cache=$top/build/vm/accel-$boot_id
	if [ ! -e "$cache" ]; then
		if [ -w /dev/kvm ] &&
		   timeout -k 5 30 "${qemu_base[@]}" -accel kvm -cpu max -smp 1 \
			-append "console=ttyS0 panic=-1 dsec_probe=1" </dev/null 2>/dev/null |
		   grep -q DSEC-PROBE-OK; then
			echo "-accel kvm -cpu max" >"$cache"
		else
			echo "-accel tcg,thread=single -cpu max" >"$cache"
		fi
	fi
	cat "$cache"
}

if [ $bench -eq 1 ]; then
	accel=(-accel tcg -cpu max -icount shift=0,sleep=off -smp 1)
else
	read -r -a accel <<<"$(pick_accel)"
	accel+=(-smp "${DSEC_VM_SMP:-2}")
fi

qemu=("${qemu_base[@]}" "${accel[@]}" -append "$cmdline"
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$outdir,mount_tag=dsecout,security_model=none")
[ -z "$disk" ] || qemu+=(-drive "file=$disk,format=raw,if=virtio,snapshot=on")

start=$(date +%s.%N)
rc=0
if [ "${DSEC_VM_VERBOSE:-0}" = 1 ]; then
	timeout -k 10 "$timeout" "${qemu[@]}" </dev/null 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
else
	timeout -k 10 "$timeout" "${qemu[@]}" </dev/null >"$log" 2>&1 || rc=$?
fi
elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')

# Kernel lines carry a "[ seconds.micros]" prefix (printk.time=1), so
# userspace output that happens to contain these words does not count.
kernel_trouble=$(cat "$log" "$outdir/dmesg.txt" 2>/dev/null | tr -d '\r' |
	grep -E '^\[ *[0-9]+\.[0-9]+\] .*(WARNING:|BUG:|Oops|cut here|Kernel panic|general protection fault)' |
	head -n 5 || true)
marker=$(tr -d '\r' <"$log" | sed -n 's/^DSEC-GUEST-EXIT status=\([0-9]*\).*/\1/p' | tail -n1)

result="passed"
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	result="failed: timed out after $timeout s"
elif [ -n "$kernel_trouble" ]; then
	# The whole report (RIP, registers, call trace) from the first
	# problem line on, so a CI log that keeps only stdout still shows it.
	report=$(tr -d '\r' <"$log" | grep -E '^\[ *[0-9]+\.[0-9]+\] ' |
		awk '/WARNING:|BUG:|Oops|cut here|Kernel panic|general protection fault/ { on = 1 }
		     on && n < 80 { print; n++ }')
	result="failed: kernel reported a problem:"$'\n'"${report:-$kernel_trouble}"
elif [ -z "$marker" ]; then
	result="failed: the guest ended without its exit marker (QEMU status $rc)"
elif [ "$marker" != 0 ]; then
	result="failed: guest scripts exited with status $marker"
fi
echo "vm: $name on $rel: $result ($elapsed s, log ${log#$top/})"
[ "$result" = passed ]
