#!/bin/bash
# Kernel discovery for the VM bench. Sourced by the other tests/vm scripts,
# or run as `kernels.sh list` (one release per line, 6.1 first) and
# `kernels.sh check` (fails naming every missing kernel).
#
# Three kernels are tested:
#   6.1   Debian 12's kernel:    /boot, /lib/modules, /usr/src/linux-headers-*
#   6.12  bookworm-backports:    the same places
#   7.x   Debian unstable's:     the same places inside $DSEC_SID_CHROOT,
#                                usable once $DSEC_SID_CHROOT/.dsec-ready exists
# tests/deps.sh installs all three.

DSEC_SID_CHROOT=${DSEC_SID_CHROOT:-/var/cache/dsec/sid}
DSEC_KERNEL_FAMILIES="6.1 6.12 7"

# Print the file system root that holds kernel REL: empty for the host,
# the unstable chroot for kernels found there.
vm_kernel_root()
{
	local rel=$1

	if [ -e "/lib/modules/$rel/modules.dep" ] && [ -e "/boot/vmlinuz-$rel" ]; then
		echo ""
	elif [ -e "$DSEC_SID_CHROOT/.dsec-ready" ] &&
	     [ -e "$DSEC_SID_CHROOT/lib/modules/$rel/modules.dep" ]; then
		echo "$DSEC_SID_CHROOT"
	else
		return 1
	fi
}

# Print the newest complete kernel release of FAMILY ("6.1", "6.12" or "7"):
# image, modules and headers must all be present.
vm_kernel_find()
{
	local family=$1 root rel best=""
	local roots=("")

	[ -e "$DSEC_SID_CHROOT/.dsec-ready" ] && roots+=("$DSEC_SID_CHROOT")
	for root in "${roots[@]}"; do
		for dir in "$root"/lib/modules/"$family".*; do
			[ -d "$dir" ] || continue
			rel=${dir##*/}
			case $rel in *-amd64) ;; *) continue ;; esac
			[ -e "$root/boot/vmlinuz-$rel" ] || continue
			[ -e "$root/usr/src/linux-headers-$rel/Makefile" ] || continue
			best=$(printf '%s\n%s\n' "$best" "$rel" | sed '/^$/d' | sort -V | tail -n1)
		done
	done
	[ -n "$best" ] || return 1
	echo "$best"
}

# Print the release for a --kernel argument: a full release ("6.1.0-57-amd64")
# or a family ("6.1", "6.12", "7").
vm_kernel_resolve()
{
	local want=$1

	case " $DSEC_KERNEL_FAMILIES " in
	*" $want "*) vm_kernel_find "$want" ;;
	*) vm_kernel_root "$want" >/dev/null && echo "$want" ;;
	esac
}

vm_kernel_list()
{
	local family

	for family in $DSEC_KERNEL_FAMILIES; do
		vm_kernel_find "$family" || true
	done
}

# Fail, naming each missing kernel and how to install it.
vm_kernel_check()
{
	local family missing=0

	for family in $DSEC_KERNEL_FAMILIES; do
		if ! vm_kernel_find "$family" >/dev/null; then
			case $family in
			7) echo "kernels: no Debian unstable 7.x kernel with headers in $DSEC_SID_CHROOT (is $DSEC_SID_CHROOT/.dsec-ready missing?); run 'make deps'" >&2 ;;
			*) echo "kernels: no $family kernel with image, modules and headers under /boot, /lib/modules and /usr/src; run 'make deps'" >&2 ;;
			esac
			missing=1
		fi
	done
	return $missing
}

vm_kernel_vmlinuz()
{
	echo "$(vm_kernel_root "$1")/boot/vmlinuz-$1"
}

vm_kernel_modules()
{
	echo "$(vm_kernel_root "$1")/lib/modules/$1"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	case ${1:-list} in
	list) vm_kernel_list ;;
	check) vm_kernel_check && vm_kernel_list ;;
	resolve) vm_kernel_resolve "${2:?usage: kernels.sh resolve RELEASE|FAMILY}" ;;
	*) echo "usage: kernels.sh list|check|resolve RELEASE" >&2; exit 2 ;;
	esac
fi
