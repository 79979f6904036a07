#!/bin/bash
# Reconfiguring a super block the host uses: a privileged container with
# the host's /dev bound in reaches the host's devpts instance, and devpts
# is one of the file system types the scope may mount. Setting
# mode=0666 there, through remount(2) or fspick(2), would make every
# later host terminal readable and writable by every user. The mount
# guard allows only reconfigures that leave a super block read-only.
# Shows: the host's /dev/pts keeps mode=620 after guarded runc and crun
# containers tried both ways, and the same step changes it where the
# mount guard is off.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"

dsec_insmod || t_abort "insmod $DSEC_KO failed"
policy_escape "$DSEC_OUT/policy.yaml" "" "mount"
policy_load "$DSEC_OUT/policy.yaml"

# The mode option of the host's devpts, read from the initial namespace.
pts_mode()
{
	awk '$5 == "/dev/pts" { print $NF }' /proc/1/mountinfo |
		tr , '\n' | grep '^mode='
}

pts_reset()
{
	mount -o remount,mode=0620,ptmxmode=0666 /dev/pts
}

pts_reset
assert_eq mode=620 "$(pts_mode)" "the host's /dev/pts starts with mode=620"

for rt in runc crun; do
	pts_reset
	t_capture ct_run "$rt" "dsect-g-reconf-mnt-$rt" --privileged -- \
		mount -o remount,mode=0666 /dev/pts
	assert_eq mode=620 "$(pts_mode)" \
		"a guarded $rt container cannot remount the host's devpts ($T_OUTPUT)"
	pts_reset
	t_capture ct_run "$rt" "dsect-g-reconf-fsp-$rt" --privileged -- \
		attack_reconf /dev/pts mode=0666
	assert_eq mode=620 "$(pts_mode)" \
		"a guarded $rt container cannot reconfigure the host's devpts with fspick ($T_OUTPUT)"
done

# Without the mount guard the same step goes through, so the tool works.
pts_reset
t_capture ct_run runc dsect-u-reconf --privileged -- \
	attack_reconf /dev/pts mode=0666
assert_eq mode=666 "$(pts_mode)" \
	"without the mount guard fspick reconfigures the host's devpts ($T_OUTPUT)"
pts_reset
t_check "rmmod dsec after the case" dsec_rmmod
t_done
