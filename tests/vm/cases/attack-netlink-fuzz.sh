#!/bin/bash
# Malformed POLICY_LOAD requests: tests/fuzz-netlink/nl_fuzz sends
# mutated and made-up requests (bit flips, bad attribute lengths,
# truncation, inserted chunks, wrong commands, random attribute trees,
# policies of 20,000 rules) from the host. Shows: the module replies to
# every request of every round, never warns or crashes (the guest runs
# with panic_on_warn=1), and still enforces a policy afterwards.
# DSEC_FUZZ_ROUNDS (default 12) and DSEC_FUZZ_REQUESTS (default 1000 per
# round) set the amount.
# vm-timeout: 1200
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

FUZZ=$T_RUN/nl_fuzz
cc -O2 -Wall -D_GNU_SOURCE -I"$DSEC_TOP/include/uapi" -o "$FUZZ" \
	"$DSEC_TOP/tests/fuzz-netlink/nl_fuzz.c" -lmnl ||
	t_abort "building tests/fuzz-netlink/nl_fuzz.c failed"

dsec_insmod || t_abort "insmod $DSEC_KO failed"
rounds=${DSEC_FUZZ_ROUNDS:-12}
per_round=${DSEC_FUZZ_REQUESTS:-1000}
for seed in $(seq "$rounds"); do
	t_capture "$FUZZ" "$seed" "$per_round"
	if [ "$T_STATUS" -eq 0 ]; then
		t_pass "fuzz round $seed: $(echo "$T_OUTPUT" | tail -n1)"
	else
		t_fail "fuzz round $seed: exit status $T_STATUS: $(echo "$T_OUTPUT" | tail -n 3)"
	fi
	# A mutated policy may select the root cgroup, which puts this
	# shell in a scope and locks it out of the family: start over then.
	if ! dsecctl status >/dev/null 2>&1; then
		echo "fuzz round $seed left the host in a scope; reloading dsec"
		rmmod -f dsec || t_abort "rmmod -f dsec failed"
		dsec_insmod || t_abort "insmod after round $seed failed"
	fi
done

dsecctl unlock >/dev/null 2>&1
policy_escape "$DSEC_OUT/policy.yaml" "" ""
policy_load "$DSEC_OUT/policy.yaml"
assert_denied "the guards still hold after the fuzzing" \
	in_place "runc:dsect-g-fuzz-after" -- knob-write /proc/sys/kernel/core_pattern
t_check "dsecctl status answers" dsecctl status
t_check "rmmod dsec after the case" dsec_rmmod
t_done
