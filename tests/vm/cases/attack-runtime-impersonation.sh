#!/bin/bash
# Looking like the container runtime: an exemption for tasks whose
# executable lies outside their root (as runc init's and crun's do)
# would let any container task turn the guards off for itself, because
# unshare(CLONE_NEWNS) followed by an exec through a descriptor opened
# before it gives the task such an executable. attack_nsexe does exactly
# that and then runs an escape tool. dsec exempts only a task whose root
# is the host's root directory on a mount other than the initial one (a
# runtime before pivot_root). Shows: the core_pattern write, the cgroup
# v1 mount with its release_agent write and a new-mount-API proc mount
# behind attack_nsexe fail from runc and crun, blocked alerts name the
# containers, and the same core_pattern step works where the guards are
# off.
# vm-timeout: 900
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

dsec_insmod || t_abort "insmod $DSEC_KO failed"
# "unguarded" has the guards off that the steps below run into.
policy_escape "$DSEC_OUT/policy.yaml" "" "mount kernel-knobs host-files"
policy_load "$DSEC_OUT/policy.yaml"
mark=$(dmesg_mark)

for rt in runc crun; do
	assert_denied "core_pattern write behind unshare(CLONE_NEWNS) from $rt" \
		in_place "$rt:dsect-g-nsexe-core-$rt" -- \
		attack_nsexe /usr/local/bin/knob-write /proc/sys/kernel/core_pattern
	assert_denied "cgroup v1 mount and release_agent write behind unshare(CLONE_NEWNS) from $rt" \
		in_place "$rt:dsect-g-nsexe-cgv1-$rt" -- sh -c \
		'mkdir -p /tmp/cgv1 && exec attack_nsexe /usr/local/bin/cgv1-release-agent /tmp/cgv1'
done
assert_denied "new mount API proc mount behind unshare(CLONE_NEWNS)" \
	in_place "runc:dsect-g-nsexe-proc" -- sh -c \
	'mkdir -p /tmp/nm && exec attack_nsexe /usr/local/bin/newmount proc /tmp/nm'

# The technique works where the guards are off, so the denials above
# come from dsec and not from a broken tool.
assert_succeeds "the same core_pattern step succeeds without the guards" \
	in_place "runc:dsect-u-nsexe-core" -- \
	attack_nsexe /usr/local/bin/knob-write /proc/sys/kernel/core_pattern

T_DMESG=$DSEC_OUT/dmesg-alerts.txt
dmesg_since "$mark" "$DSEC_OUT/dmesg-all.txt"
# runc's own setup raises a mount alert in every container (the bind
# mount of its cloned binary under /run/runc), which says nothing about
# the steps above.
grep -v 'path="/run/runc/' "$DSEC_OUT/dmesg-all.txt" >"$T_DMESG"
for id in dsect-g-nsexe-core-runc dsect-g-nsexe-cgv1-crun dsect-g-nsexe-proc; do
	assert_grep "dsec: .*verdict=blocked.*cgroup=\"?/$id\"?( |\$)" "$T_DMESG" \
		"a blocked alert names the container $id"
done
t_check "rmmod dsec after the case" dsec_rmmod
t_done
