#!/bin/bash
# Build the busybox initramfs that boots a test kernel into the host's
# root file system.
#
#   mkinitramfs.sh --kernel REL --out FILE
#
# The image holds busybox (from busybox-static), the init script
# tests/vm/initramfs-init and the modules that the init loads: virtio PCI,
# 9p over virtio, overlayfs, virtio-blk, loop and ext4, each preceded by
# its dependencies in load order, because busybox insmod does not resolve
# dependencies. Modules built into the kernel are skipped. Compressed
# modules (.ko.xz, .ko.zst) are unpacked here.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/kernels.sh"

# Modules the init needs, in the order it needs them.
wanted="virtio_pci 9pnet_virtio 9p overlay virtio_blk loop ext4"

usage()
{
	echo "usage: mkinitramfs.sh --kernel RELEASE --out FILE" >&2
	exit 2
}

kernel="" out=""
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=${2:-}; shift 2 || usage ;;
	--out) out=${2:-}; shift 2 || usage ;;
	*) usage ;;
	esac
done
[ -n "$kernel" ] && [ -n "$out" ] || usage
rel=$(vm_kernel_resolve "$kernel") || {
	echo "mkinitramfs: kernel '$kernel' not found; 'tests/vm/kernels.sh list' shows the installed ones" >&2
	exit 1
}
moddir=$(vm_kernel_modules "$rel")
busybox=/bin/busybox
if [ ! -x "$busybox" ] || readelf -d "$busybox" 2>/dev/null | grep -q NEEDED; then
	echo "mkinitramfs: $busybox is missing or not statically linked; install busybox-static" >&2
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,dev,proc,sys,modules,lower,rw,newroot}
cp "$busybox" "$work/bin/busybox"
cp "$here/initramfs-init" "$work/init"
chmod 755 "$work/init"

# Print the modules.dep path of module NAME, or nothing when the kernel
# has it built in. Module names treat '-' and '_' alike.
module_path()
{
	local name=${1//-/_} path base

	while IFS=: read -r path _; do
		base=${path##*/}
		base=${base%%.ko*}
		if [ "${base//-/_}" = "$name" ]; then
			echo "$path"
			return 0
		fi
	done <"$moddir/modules.dep"
	if grep -Eq "/${name//_/[-_]}\.ko" "$moddir/modules.builtin"; then
		return 0
	fi
	echo "mkinitramfs: module '$1' is neither in $moddir/modules.dep nor built in" >&2
	return 1
}

declare -A added=()
order=()

# Add PATH (a modules.dep entry) after all of its dependencies.
add_module()
{
	local path=$1 dep deps

	[ -z "${added[$path]:-}" ] || return 0
	added[$path]=1
	deps=$(awk -F': *' -v p="$path" '$1 == p { print $2; exit }' "$moddir/modules.dep")
	for dep in $deps; do
		add_module "$dep"
	done
	order+=("$path")
}

for name in $wanted; do
	path=$(module_path "$name")
	[ -z "$path" ] || add_module "$path"
done

: >"$work/modules/order"
for path in "${order[@]}"; do
	base=${path##*/}
	case $base in
	*.ko.xz) xz -dc "$moddir/$path" >"$work/modules/${base%.xz}" ;;
	*.ko.zst) zstd -qdc "$moddir/$path" >"$work/modules/${base%.zst}" ;;
	*.ko.gz) gzip -dc "$moddir/$path" >"$work/modules/${base%.gz}" ;;
	*.ko) cp "$moddir/$path" "$work/modules/$base" ;;
	*) echo "mkinitramfs: unexpected module file '$path'" >&2; exit 1 ;;
	esac
	echo "${base%%.ko*}.ko" >>"$work/modules/order"
done

mkdir -p "$(dirname "$out")"
(cd "$work" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs: $rel -> $out ($(wc -l <"$work/modules/order") modules)"
