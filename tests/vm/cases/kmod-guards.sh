#!/bin/bash
# Escape guards without a container runtime: a chroot into a tmpfs root,
# entered from a cgroup of the scope, serves as the container. This
# checks guard semantics that the runtime cases do not reach: the own
# cgroup of a CGROUP_WRITABLE scope, ptrace inside the container cgroup,
# bind and read-only mounts, and guards in complain mode.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"

K=/tmp/kmod-guards
ROOT=$K/root
OUT=$K/outside

mkdir -p $ROOT $OUT
mount -t tmpfs -o mode=0755 kmod-root $ROOT || t_abort "tmpfs for the root failed"
mkdir -p $ROOT/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,proc,sys,tmp,mnt,dsec}
cp /bin/busybox $ROOT/bin/busybox
chroot $ROOT /bin/busybox --install -s
mkdir -p $ROOT/dev && mount -t tmpfs kmod-dev $ROOT/dev &&
	mknod -m 0666 $ROOT/dev/null c 1 3 || t_abort "creating /dev/null in the root failed"
cp "$DSEC_TOOLS"/* $ROOT/usr/local/bin/
cp "$DSEC_TOOLS/exit0" $ROOT/usr/local/bin/exit0-setuid
chmod 4755 $ROOT/usr/local/bin/exit0-setuid
[ -e "$DSEC_TESTMOD" ] && cp "$DSEC_TESTMOD" $ROOT/dsec/testmod.ko
cp "$DSEC_TOOLS/exit0" $OUT/prog
mount -t proc proc $ROOT/proc
mount -t sysfs sysfs $ROOT/sys
mount -t cgroup2 cgroup2 $ROOT/sys/fs/cgroup
mkdir -p /sys/fs/cgroup/kmod-w/c1 /sys/fs/cgroup/kmod-w/c2

# in_ct CGROUP COMMAND...: run COMMAND chrooted into $ROOT from CGROUP,
# with descriptor 9 open on the host directory $OUT (a leaked fd).
# LC_ALL=C keeps the host's chroot(1) from reading the host's locale
# files after chroot(2): the host-files guard denies those reads, and
# one alert line per command would push the lines the checks below look
# for past the module's log rate limit (50 lines in 5 s).
in_ct()
{
	local cg=$1

	shift
	mkdir -p "/sys/fs/cgroup$cg"
	LC_ALL=C sh -c 'echo $$ >"$0/cgroup.procs" && exec 9<"$1" && shift 2 && exec chroot "$@"' \
		"/sys/fs/cgroup$cg" $OUT x $ROOT /bin/busybox env \
		PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# expect_denied DESCRIPTION CGROUP COMMAND...: the command fails with
# EPERM, or EACCES where the kernel maps a ptrace denial to it (/proc/PID/mem);
# busybox mount reports EPERM as "permission denied".
expect_denied()
{
	local what=$1

	shift
	t_capture in_ct "$@"
	if [ "$T_STATUS" -ne 0 ] &&
	   echo "$T_OUTPUT" | grep -Eq 'EPERM|EACCES|Operation not permitted|permission denied'; then
		t_pass "$what"
	else
		t_fail "$what: expected EPERM, got status $T_STATUS: $T_OUTPUT"
	fi
}

expect_ok()
{
	local what=$1

	shift
	assert_succeeds "$what" in_ct "$@"
}

cat >"$DSEC_OUT/guards.yaml" <<YAML
apiVersion: dsec/v1
kind: Policy
name: kmod-guards
scopes:
  - name: all
    selectors:
      - prefix: /kmod-g
    guards: all
    mount-fstypes: [tmpfs]
    writable: [/tmp]
  - name: cgroup-writable
    selectors:
      - prefix: /kmod-w
    guards: [kernel-knobs]
    cgroup-writable: true
  - name: complain
    mode: complain
    selectors:
      - prefix: /kmod-c
    guards: all
YAML

dsec_insmod || t_abort "insmod dsec.ko failed"
policy_load "$DSEC_OUT/guards.yaml"
mark=$(dmesg_mark)

expect_denied "core_pattern write denied" /kmod-g/c1 knob-write /proc/sys/kernel/core_pattern
expect_denied "sysrq-trigger write denied" /kmod-g/c1 sh -c 'echo h >/proc/sysrq-trigger'
expect_denied "sysfs write denied" /kmod-g/c1 knob-write /sys/kernel/mm/transparent_hugepage/enabled
expect_ok "procfs write outside /proc/sys allowed" /kmod-g/c1 sh -c 'echo 0 >/proc/self/oom_score_adj'
expect_denied "own cgroup2 file denied without cgroup-writable" /kmod-g/c1 \
	knob-write /sys/fs/cgroup/kmod-g/c1/cgroup.max.depth
expect_ok "own cgroup2 file writable with cgroup-writable" /kmod-w/c1 \
	knob-write /sys/fs/cgroup/kmod-w/c1/cgroup.max.depth
expect_denied "sibling cgroup2 file denied with cgroup-writable" /kmod-w/c1 \
	knob-write /sys/fs/cgroup/kmod-w/c2/cgroup.max.depth

sleep 60 &
victim=$!
expect_denied "ptrace of a host process denied" /kmod-g/c1 ptrace-host attach $victim
expect_denied "/proc/PID/mem of a host process denied" /kmod-g/c1 ptrace-host mem $victim
kill $victim
expect_ok "ptrace inside the container cgroup allowed" /kmod-g/c1 \
	sh -c 'sleep 30 & p=$!; ptrace-host attach $p; s=$?; kill $p; exit $s'

expect_denied "setuid exec denied" /kmod-g/c1 exec-path /usr/local/bin/exit0-setuid
expect_ok "plain exec allowed" /kmod-g/c1 exec-path /usr/local/bin/exit0
expect_denied "exec through a leaked host fd denied" /kmod-g/c1 exec-path /proc/self/fd/9/prog
expect_denied "write through a leaked host fd denied" /kmod-g/c1 sh -c 'echo x >/proc/self/fd/9/new'
t_check "no file created outside the root" test ! -e $OUT/new
# After chroot(".") in the leaked host directory, host files would look
# as if they were under the root: the chroot itself is denied.
expect_denied "chroot into a leaked host directory denied" /kmod-g/c1 \
	sh -c 'cd /proc/self/fd/9 && exec chroot . /prog'
expect_ok "chroot inside the root allowed" /kmod-g/c1 \
	sh -c 'mkdir -p /tmp/jail/bin && cp /bin/busybox /tmp/jail/bin/ && chroot /tmp/jail /bin/busybox true'

expect_denied "write on the read-only root denied" /kmod-g/c1 sh -c 'echo x >/etc/new'
expect_ok "write under a writable path allowed" /kmod-g/c1 sh -c 'echo x >/tmp/new'
expect_denied "mkdir on the read-only root denied" /kmod-g/c1 mkdir /newdir

expect_denied "fspick reconfigure of procfs denied" /kmod-g/c1 fspick-remount /proc
t_check "fspick reconfigure of procfs from the host" "$DSEC_TOOLS/fspick-remount" /proc
expect_denied "proc mount denied" /kmod-g/c1 mount -t proc proc /mnt
expect_denied "new-API proc mount denied" /kmod-g/c1 newmount proc /mnt
expect_denied "bind mount denied" /kmod-g/c1 mount --bind /etc /mnt
expect_ok "listed fstype mounts" /kmod-g/c1 sh -c 'mount -t tmpfs tmpfs /mnt && umount /mnt'

if [ -e $ROOT/dsec/testmod.ko ]; then
	expect_denied "module load denied" /kmod-g/c1 modload finit /dsec/testmod.ko
else
	t_fail "test module $DSEC_TESTMOD not built"
fi

expect_ok "complain mode lets a guarded write through" /kmod-c/c1 \
	knob-write /proc/sys/kernel/core_pattern

T_DMESG=$DSEC_OUT/dmesg-guards.txt
dmesg_since "$mark" "$T_DMESG"
assert_grep 'verdict=blocked .*cgroup="/kmod-g/c1" .*reason=proc-sys' "$T_DMESG" "proc-sys alert"
assert_grep 'verdict=blocked .*reason=cgroup-v2' "$T_DMESG" "cgroup-v2 alert"
assert_grep 'verdict=blocked .*hook=ptrace .*reason=ptrace-outside' "$T_DMESG" "ptrace alert"
assert_grep 'verdict=blocked .*hook=exec .*reason=host-file' "$T_DMESG" "host-file exec alert"
assert_grep 'verdict=blocked .*hook=mount .*reason=chroot-outside-root' "$T_DMESG" "chroot alert"
assert_grep 'verdict=blocked .*hook=mount .*reason=remount fstype="proc"' "$T_DMESG" "reconfigure alert"
assert_grep 'verdict=blocked .*hook=mount .*reason=mount-fstype fstype="proc"' "$T_DMESG" "mount alert names the fstype"
assert_grep 'verdict=blocked .*hook=module .*reason=module-load' "$T_DMESG" "module alert"
assert_grep 'action=deny verdict=allowed mode=complain .*scope="complain" .*reason=proc-sys' \
	"$T_DMESG" "complain-mode guard alert"

umount $ROOT/sys/fs/cgroup $ROOT/sys $ROOT/proc $ROOT/dev
assert_succeeds "rmmod" dsec_rmmod
t_done
