#!/bin/bash
# Cgroup escape without a cgroup write: a privileged container that
# shares the host's cgroup namespace calls clone3(CLONE_INTO_CGROUP) with
# a read-only descriptor of /sys/fs/cgroup, so its child starts in the
# host's root cgroup, which no scope selects. The child then runs as a
# host process (core_pattern writable, the dsec netlink family open to
# it). The
# kernel-knobs guard denies a child bound for a cgroup outside the
# container's own subtree (reason clone-into-cgroup). Shows: the
# core_pattern write and the policy removal over netlink fail from runc
# and crun containers, the child stays in the container's cgroup, the
# policy stays loaded, and the same clone3 works where the guard is off.
# vm-timeout: 900
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

dsec_insmod || t_abort "insmod $DSEC_KO failed"
policy_escape "$DSEC_OUT/policy.yaml" "" "kernel-knobs"
policy_load "$DSEC_OUT/policy.yaml"
mark=$(dmesg_mark)

for rt in runc crun; do
	assert_denied "core_pattern write from a child cloned into the root cgroup ($rt)" \
		in_place "$rt:dsect-g-cgmove-core-$rt" -- \
		attack_cgmove /sys/fs/cgroup knob-write /proc/sys/kernel/core_pattern
done

t_capture in_place "runc:dsect-g-cgmove-where" -- \
	attack_cgmove /sys/fs/cgroup cat /proc/self/cgroup
if [ "$T_OUTPUT" = "0::/" ]; then
	t_fail "a guarded container's child runs in the host's root cgroup"
else
	t_pass "a guarded container's child stays in its container ($(echo "$T_OUTPUT" | tail -n1))"
fi

# Last, since it takes the policy away when it gets through.
assert_denied "policy removal over netlink from a child cloned into the root cgroup" \
	in_place "runc:dsect-g-cgmove-nl" -- \
	attack_cgmove /sys/fs/cgroup dsec-nl remove vm-escape
assert_eq 1 "$(dsecctl status --json | jq '.policies | length')" \
	"the policy is still loaded"

# The tool works where the kernel-knobs guard is off.
t_capture in_place "runc:dsect-u-cgmove-where" -- \
	attack_cgmove /sys/fs/cgroup cat /proc/self/cgroup
assert_eq "0::/" "$T_OUTPUT" "clone3(CLONE_INTO_CGROUP) works without the guard"

T_DMESG=$DSEC_OUT/dmesg-alerts.txt
dmesg_since "$mark" "$DSEC_OUT/dmesg-all.txt"
# Leave out the mount alert runc's own setup raises in every container
# (the bind mount of its cloned binary under /run/runc).
grep -v 'path="/run/runc/' "$DSEC_OUT/dmesg-all.txt" >"$T_DMESG"
assert_grep "dsec: .*verdict=blocked.*cgroup=\"?/dsect-g-cgmove-core-runc\"?( |\$)" \
	"$T_DMESG" "a blocked alert names the container"
t_check "rmmod dsec after the case" dsec_rmmod
t_done
