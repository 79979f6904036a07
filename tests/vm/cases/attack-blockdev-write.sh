#!/bin/bash
# Raw disk write: the mount guard refuses every file system on a block
# device, but a privileged container (the host's /dev bound in, every
# device allowed) need not mount anything. It opens the host's disk
# through its device node, which lies inside its root, and writes it.
# The kernel-knobs guard denies write-opens of block devices (and of
# /dev/mem, /dev/kmem, /dev/port) wherever the node lies, reason
# device-write. Shows: the write-open fails in runc and crun containers,
# the disk's first bytes stay the same, a blocked alert names the
# container, and a host process can still open the disk for writing.
# vm-disk: yes
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

[ -n "${DSEC_DISK:-}" ] || t_abort "this case needs run-guest.sh --disk"
first_bytes()
{
	dd if="$DSEC_DISK" bs=16 count=1 2>/dev/null | od -An -c | tr -d ' \n'
}

dsec_insmod || t_abort "insmod $DSEC_KO failed"
policy_escape "$DSEC_OUT/policy.yaml" "" ""
policy_load "$DSEC_OUT/policy.yaml"
mark=$(dmesg_mark)

before=$(first_bytes)
for rt in runc crun; do
	assert_denied "write to the host disk $DSEC_DISK from a guarded $rt container" \
		in_place "$rt:dsect-g-blkwrite-$rt" -- knob-write "$DSEC_DISK" DSEC-BLOCK-WRITE
	assert_eq "$before" "$(first_bytes)" "the disk is unchanged ($rt)"
done
assert_succeeds "write-open of $DSEC_DISK from a host process" \
	in_place host -- attack_openw "$DSEC_DISK"

T_DMESG=$DSEC_OUT/dmesg-alerts.txt
dmesg_since "$mark" "$DSEC_OUT/dmesg-all.txt"
# Leave out the mount alert runc's own setup raises in every container
# (the bind mount of its cloned binary under /run/runc).
grep -v 'path="/run/runc/' "$DSEC_OUT/dmesg-all.txt" >"$T_DMESG"
assert_grep "dsec: .*verdict=blocked.*hook=write .*cgroup=\"?/dsect-g-blkwrite-runc\"?( |\$)" \
	"$T_DMESG" "a blocked write alert names the container"
t_check "rmmod dsec after the case" dsec_rmmod
t_done
