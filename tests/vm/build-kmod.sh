#!/bin/bash
# Build an out-of-tree kernel module for one test kernel.
#
#   build-kmod.sh --kernel REL [--src DIR] [--out DIR]
#
# DIR (default kmod/) is copied together with the repository's include/
# into a staging tree, so builds for several kernels never share object
# files, and built there with `make -C KDIR M=...`. Kernels of the Debian
# unstable chroot are built inside the chroot, with /proc mounted because
# objtool reads it. Every *.ko built lands in --out (default
# build/kmod/REL/).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/kernels.sh"

usage()
{
	echo "usage: build-kmod.sh --kernel RELEASE [--src DIR] [--out DIR]" >&2
	exit 2
}

kernel="" src="$top/kmod" out=""
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=${2:-}; shift 2 || usage ;;
	--src) src=${2:-}; shift 2 || usage ;;
	--out) out=${2:-}; shift 2 || usage ;;
	*) usage ;;
	esac
done
[ -n "$kernel" ] || usage
rel=$(vm_kernel_resolve "$kernel") || {
	echo "build-kmod: kernel '$kernel' not found; 'tests/vm/kernels.sh list' shows the installed ones" >&2
	exit 1
}
src=$(cd "$src" 2>/dev/null && pwd) || {
	echo "build-kmod: source directory '$src' not found" >&2
	exit 1
}
if [ ! -e "$src/Kbuild" ] && [ ! -e "$src/Makefile" ]; then
	echo "build-kmod: '$src' has no Kbuild or Makefile, so there is no module to build" >&2
	exit 1
fi
name=${src##*/}
out=${out:-$top/build/kmod/$rel}
root=$(vm_kernel_root "$rel")

# Copy the sources of $1 that differ into $2 (a changed file gets a new
# mtime, so make rebuilds it) and delete sources that $1 no longer has.
# Only sources travel: an in-tree build leaves dsec.mod, modules.order and
# Module.symvers in kmod/ that name that build's own paths and kernel.
sync_tree()
{
	local from=$1 to=$2 f

	mkdir -p "$to"
	(cd "$from" && find . -type f \( -name '*.[chS]' -o -name Kbuild -o -name Makefile \) \
		! -name '*.mod.c') |
	while IFS= read -r f; do
		if ! cmp -s "$from/$f" "$to/$f"; then
			mkdir -p "$(dirname "$to/$f")"
			cp "$from/$f" "$to/$f"
		fi
	done
	(cd "$to" && find . -type f \( -name '*.[chS]' -o -name Kbuild -o -name Makefile \) \
		! -name '*.mod.c') |
	while IFS= read -r f; do
		[ -e "$from/$f" ] || rm -f "$to/$f"
	done
}

# A fresh staging tree for every build: a shared one collected objects
# from builds against other kernels and from other checkouts, and
# modpost then failed on symbols those kernels export.
mkdir -p "$root/tmp"
stage=$(mktemp -d "$root/tmp/dsec-kmod.$rel.XXXXXX")   # path on this machine
stage_rel=${stage#"$root"}                              # path as the build sees it
trap 'rm -rf "$stage"' EXIT
sync_tree "$src" "$stage/$name"
sync_tree "$top/include" "$stage/include"
# Drop module lists that an earlier sync may have copied from an in-tree
# build; the build below writes its own.
rm -f "$stage/$name"/*.mod "$stage/$name/modules.order" "$stage/$name/Module.symvers"

mkdir -p "$out"
log=$out/build-$name.log
kdir=/usr/src/linux-headers-$rel
status=0
if [ -z "$root" ]; then
	make -C "$kdir" M="$stage/$name" modules >"$log" 2>&1 || status=$?
else
	# One build at a time mounts /proc in the chroot.
	exec 9>"$root/tmp/.dsec-kmod.lock"
	flock 9
	mounted=0
	if ! mountpoint -q "$root/proc"; then
		mount -t proc proc "$root/proc"
		mounted=1
	fi
	chroot "$root" make -C "$kdir" M="$stage_rel/$name" modules >"$log" 2>&1 || status=$?
	[ $mounted -eq 0 ] || umount "$root/proc"
	exec 9>&-
fi
if [ $status -ne 0 ]; then
	tail -n 40 "$log" >&2
	echo "build-kmod: building '$src' for $rel failed; full log in $log" >&2
	exit 1
fi

found=0
while IFS= read -r ko; do
	cp "$ko" "$out/"
	found=1
done < <(find "$stage/$name" -name '*.ko')
if [ $found -eq 0 ]; then
	echo "build-kmod: building '$src' for $rel produced no .ko file; see $log" >&2
	exit 1
fi
echo "build-kmod: $name for $rel -> ${out#$top/}"
