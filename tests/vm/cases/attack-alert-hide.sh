#!/bin/bash
# Hiding an escape attempt from the kernel log. The log folds a repeat of
# an alert within 10 s. Without the file system type in the repeat key,
# a denied sysfs mount on a directory would hide a denied mount of a
# host disk on the same directory after it. The log also
# prints at most 50 distinct lines of one kind per 5 s, so 60 denied
# opens of distinct sysctl files could hide a denied module load that
# follows if a new kind had no budget of its own. The multicast group
# gets every alert, which shows that both attempts happened.
# Shows: each attempt after a decoy has its own line in the kernel log,
# and without the decoys the same attempt is logged.
# vm-timeout: 600
# vm-disk: yes
. "$DSEC_TOP/tests/vm/lib.sh"

[ -n "${DSEC_DISK:-}" ] || t_abort "no scratch disk"
dsec_insmod || t_abort "insmod $DSEC_KO failed"
policy_escape "$DSEC_OUT/policy.yaml" "" ""
policy_load "$DSEC_OUT/policy.yaml"

blk='mkdir -p /tmp/m; blockdev-mount '"$DSEC_DISK"' /tmp/m'

# Control: the disk mount alone has its line.
watch_start control
mark=$(dmesg_mark)
t_capture ct_run runc dsect-g-hide-ctl --privileged -- sh -c "$blk"
watch_stop
dmesg_since "$mark" "$DSEC_OUT/control.dmesg"
assert_grep 'cgroup="/dsect-g-hide-ctl".*fstype="ext4"' "$DSEC_OUT/control.dmesg" \
	"control: a denied host disk mount has a kernel log line ($T_OUTPUT)"
sleep 11	# leave the fold window of the control

# A sysfs mount on the same directory first.
watch_start fold
mark=$(dmesg_mark)
t_capture ct_run runc dsect-g-hide-fold --privileged -- \
	sh -c "mkdir -p /tmp/m; mount -t sysfs none /tmp/m; $blk"
watch_stop
dmesg_since "$mark" "$DSEC_OUT/fold.dmesg"
n=$(watch_count '.cgroup == "/dsect-g-hide-fold" and .fstype == "ext4" and .verdict == "blocked"')
assert_ge 1 "$n" "the disk mount after a sysfs mount was denied (multicast)"
assert_grep 'cgroup="/dsect-g-hide-fold".*fstype="ext4"' "$DSEC_OUT/fold.dmesg" \
	"a denied host disk mount after a denied sysfs mount has a kernel log line"

# 60 distinct denials, then a module load.
sleep 6		# a fresh rate limit window
watch_start flood
mark=$(dmesg_mark)
t_capture ct_run runc dsect-g-hide-flood --privileged -- sh -c '
	n=0
	for f in /proc/sys/kernel/* /proc/sys/vm/* /proc/sys/fs/*; do
		[ -f "$f" ] || continue
		{ true >>"$f"; } 2>/dev/null && continue
		n=$((n + 1))
		[ $n -lt 60 ] || break
	done
	echo "denied=$n"
	modload finit /dsec/dsec_testmod.ko'
watch_stop
dmesg_since "$mark" "$DSEC_OUT/flood.dmesg"
n=$(watch_count '.cgroup == "/dsect-g-hide-flood" and .hook == "module" and .verdict == "blocked"')
assert_ge 1 "$n" "the module load after 60 denials was denied (multicast) ($T_OUTPUT)"
assert_grep 'hook=module .*cgroup="/dsect-g-hide-flood"' "$DSEC_OUT/flood.dmesg" \
	"a denied module load after 60 distinct denials has a kernel log line"
t_check "rmmod dsec after the case" dsec_rmmod
t_done
