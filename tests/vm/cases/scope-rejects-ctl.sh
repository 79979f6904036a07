#!/bin/bash
# Netlink commands from a process inside a container scope are rejected,
# so a container cannot read, replace or remove policies, unlock or
# unload. The process joins a guarded cgroup the way a runtime moves a
# container's init, and keeps the host's network namespace, where the
# dsec family lives.
. "$DSEC_TOP/tests/vm/lib.sh"

dsec_insmod || t_abort "insmod $DSEC_KO failed"
policy_escape "$DSEC_OUT/policy.yaml" "" ""
policy_load "$DSEC_OUT/policy.yaml"

inside()
{
	(cgroup_enter /dsect-g-ctl && "$@")
}

for cmd in "status" "dump" "remove vm-escape" "unlock" "lock" "load $DSEC_OUT/policy.yaml"; do
	t_capture inside dsecctl $cmd
	if [ "$T_STATUS" -ne 0 ]; then
		t_pass "dsecctl $cmd from a container scope is rejected ($(echo "$T_OUTPUT" | head -n1))"
	else
		t_fail "dsecctl $cmd from a container scope is rejected: it succeeded: $T_OUTPUT"
	fi
done
if [ -x "$DSEC_TOOLS/nl-raw" ]; then
	t_capture inside "$DSEC_TOOLS/nl-raw" status
	assert_eq 1 "$T_STATUS" "raw GET_STATUS from a container scope fails"
	assert_grep 'container scope' <(echo "$T_OUTPUT") \
		"raw GET_STATUS from a container scope names the reason"
else
	t_fail "tool nl-raw is not built"
fi
assert_eq 1 "$(dsecctl status --json | jq '.policies | length')" "policy still loaded"
t_check "dsecctl status from the host works" dsecctl status
rmdir /sys/fs/cgroup/dsect-g-ctl 2>/dev/null
t_check "rmmod dsec" dsec_rmmod
t_done
