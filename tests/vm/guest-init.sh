#!/bin/bash
# Second stage of a VM bench guest: PID 1 after switch_root into the
# overlay of the host's root file system.
#
# Mounts what container runtimes need (cgroup2, /run, /tmp, devpts, shm,
# mqueue), runs every script listed in /dsec-out/scripts with the
# environment of /dsec-out/job.env, saves the kernel log to
# /dsec-out/dmesg.txt and prints the marker line
# "DSEC-GUEST-EXIT status=N" that run-guest.sh reads, N being 0 only when
# every script exited 0. Then it powers the guest off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8

mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
mkdir -p /dev/pts /dev/shm /dev/mqueue
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts /dev/pts
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
mount -t mqueue mqueue /dev/mqueue
ln -sf /proc/self/fd /dev/fd 2>/dev/null
ip link set lo up 2>/dev/null
hostname dsec-guest

status=0
if [ -r /dsec-out/job.env ] && [ -r /dsec-out/scripts ]; then
	. /dsec-out/job.env
	cd "$DSEC_TOP" || status=125
	n=0
	while IFS= read -r script <&3; do
		n=$((n + 1))
		echo "=== guest: running $script"
		bash "$script" </dev/null
		rc=$?
		echo "=== guest: $script exited with status $rc"
		[ $rc -eq 0 ] || status=$rc
	done 3</dsec-out/scripts
	[ $n -gt 0 ] || { echo "=== guest: no script to run"; status=125; }
else
	echo "=== guest: /dsec-out/job.env or /dsec-out/scripts missing"
	status=125
fi

dmesg >/dsec-out/dmesg.txt 2>&1
sync
echo "DSEC-GUEST-EXIT status=$status"
echo o >/proc/sysrq-trigger
while :; do sleep 60; done
