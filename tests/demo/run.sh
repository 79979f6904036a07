#!/bin/bash
# `make demo`: build the demo image, scan it, generate its policy, then
# boot the Debian 12 kernel in QEMU and show dsec stopping escape and
# drift attempts from a container started through dsec-oci-hook.
#
# Environment: DSEC_DEMO_KERNEL (default 6.1), DSEC_DEMO_RUNTIME (runc
# or crun, default runc), DSEC_KMOD_DIR (where dsec.ko is built, default
# build/kmod).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
kernel=${DSEC_DEMO_KERNEL:-6.1}
out=$top/build/demo

# The kernel is checked first, so a wrong DSEC_DEMO_KERNEL fails before
# the image is prepared.
. "$top/tests/vm/kernels.sh"
rel=$(vm_kernel_resolve "$kernel") || {
	echo "demo: kernel '$kernel' is not installed; set DSEC_DEMO_KERNEL to 6.1, 6.12, 7 or an installed release such as 6.1.0-57-amd64 ('make deps' installs all three)" >&2
	exit 1
}

"$top/tests/demo/prepare.sh" "$out"
# DSEC_KMOD_DIR keeps this build apart from other builds of build/kmod.
kmod_dir=${DSEC_KMOD_DIR:-$top/build/kmod}
export DSEC_KMOD_DIR=$kmod_dir

printf '\n== Building dsec.ko for the %s test kernel\n' "$rel"
# Build from a copy of the module's sources only. kmod/ can hold the
# objects of `make all`'s in-tree build for another kernel, and
# build-kmod.sh stages every source directory named kmod in one shared
# directory per kernel, where other builds leave their objects.
src=$out/kmod-src/dsec-demo
rm -rf "$src"
mkdir -p "$src"
cp "$top"/kmod/*.[ch] "$top"/kmod/Kbuild "$src/"
"$top/tests/vm/build-kmod.sh" --kernel "$rel" --src "$src" --out "$kmod_dir/$rel"

printf '\n== Booting the test VM (QEMU, kernel %s)\n' "$kernel"
# Kernel console lines are left out; the guest's own output is shown.
DSEC_VM_VERBOSE=1 "$top/tests/vm/run-guest.sh" --kernel "$rel" --name demo \
	--timeout 900 --env "DSEC_DEMO_DIR=$out" \
	--env "DSEC_DEMO_RUNTIME=${DSEC_DEMO_RUNTIME:-runc}" \
	"$top/tests/demo/guest.sh" |
	sed -u -e 's/\r$//' -e '/^\[ *[0-9]\+\.[0-9]\+\] /d' | tee "$out/vm.log" || true
# The pipe hides run-guest.sh's status; its last line is the verdict.
if ! grep -Eq '^vm: demo on .*: passed' "$out/vm.log"; then
	log=$top/tests/out/$rel/demo.log
	echo "demo: failed; the guest's whole console log is ${log#$top/}" >&2
	tr -d '\r' <"$log" | grep -E '^\[ *[0-9.]+\] .*(BUG:|WARNING:|Oops|RIP:|Kernel panic)' |
		head -n 5 >&2
	exit 1
fi
