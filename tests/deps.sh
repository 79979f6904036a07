#!/bin/bash
# Install every Debian package that building and testing dsec needs.
# Idempotent: packages already present are skipped, and the unstable
# chroot used to build against Debian unstable's kernel is kept in
# $DSEC_CACHE between runs.
set -euo pipefail

DSEC_CACHE=${DSEC_CACHE:-/var/cache/dsec}
SID_CHROOT=${SID_CHROOT:-$DSEC_CACHE/sid}

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: must run as root to install packages (try: sudo make deps)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
mkdir -p "$DSEC_CACHE"
log=$DSEC_CACHE/deps.log

# Run a command with its output in $log; show the tail if it fails.
quiet() {
	if ! "$@" >>"$log" 2>&1; then
		echo "deps: '$*' failed; last lines of $log:" >&2
		tail -n 30 "$log" >&2
		exit 1
	fi
}

packages=(
	build-essential pkg-config bc bison flex kmod cpio xz-utils zstd
	libelf-dev dwarves
	libnl-3-dev libnl-genl-3-dev libmnl-dev libyaml-dev libarchive-dev
	libsqlite3-dev libssl-dev libyara-dev libjson-c-dev libcmocka-dev
	libzstd-dev zlib1g-dev
	clang-14 libclang-rt-14-dev llvm-14
	qemu-system-x86 busybox-static runc crun debootstrap
	linux-image-amd64 linux-headers-amd64
	jq python3 unzip rpm openssl openssh-client
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done

# The 6.12 kernel comes from bookworm-backports, on the mirror that the
# existing apt sources already use.
bpo_list=/etc/apt/sources.list.d/dsec-backports.sources
if [ ! -e "$bpo_list" ]; then
	mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
	[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $3 ~ /^bookworm$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
	if [ -z "$mirror" ]; then
		echo "deps: cannot find the Debian mirror in the apt sources; add bookworm-backports by hand" >&2
		exit 1
	fi
	cat >"$bpo_list" <<SRC
Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

bpo_missing=()
compgen -G '/usr/src/linux-headers-6.12.*-amd64' >/dev/null || bpo_missing=(6.12)

if [ ${#missing[@]} -gt 0 ] || [ ${#bpo_missing[@]} -gt 0 ] || [ ! -e "$bpo_list.updated" ]; then
	quiet apt-get update
	touch "$bpo_list.updated"
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	quiet apt-get install -y --no-install-recommends "${missing[@]}"
fi
if [ ${#bpo_missing[@]} -gt 0 ]; then
	echo "deps: installing the bookworm-backports 6.12 kernel"
	quiet apt-get install -y --no-install-recommends -t bookworm-backports \
		linux-image-amd64 linux-headers-amd64
fi

# Debian unstable's kernel headers need unstable's own compiler, so the
# module for that kernel is built inside a minbase unstable chroot.
if [ ! -e "$SID_CHROOT/.dsec-ready" ]; then
	echo "deps: creating the Debian unstable chroot in $SID_CHROOT"
	mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
	rm -rf "$SID_CHROOT"
	mkdir -p "$(dirname "$SID_CHROOT")"
	quiet debootstrap --variant=minbase sid "$SID_CHROOT" "$mirror"
	quiet chroot "$SID_CHROOT" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends \
		linux-headers-amd64 linux-image-amd64 make gcc
	touch "$SID_CHROOT/.dsec-ready"
fi
# checkpatch.pl for `make checkpatch`, cached from Debian's kernel source.
"$(dirname "$0")/checkpatch.sh" --fetch
echo "deps: all dependencies present"
