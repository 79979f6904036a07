#!/bin/bash
# rmmod and insmod (RMMOD_CYCLES, default 20) while 16 workers exec and
# open in a container. Shows: every cycle completes, the kernel stays
# clean (the guest runs with panic_on_warn=1), and the workers only ever
# see success or EPERM. make check runs fewer cycles
# (tests/vm/check.plan).
# vm-timeout: 900
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/storm.sh"

policy_storm "$DSEC_OUT/storm.yaml"
ct_start runc dsect-s-rmmod --env STORM_STOP=/dsec/storm.stop -- sh -c "
	storm exec 16 0 $STORM_EXEC_ARGS &
	storm open 16 0 $STORM_OPEN_ARGS &
	wait"
sleep 2
cycles=0
for i in $(seq "${RMMOD_CYCLES:-20}"); do
	dsec_insmod || { t_fail "insmod $i failed"; break; }
	dsecctl load "$DSEC_OUT/storm.yaml" >/dev/null 2>&1 || t_fail "policy load $i failed"
	sleep 0.2
	rmmod dsec || { t_fail "rmmod $i failed"; break; }
	cycles=$i
done
assert_eq "${RMMOD_CYCLES:-20}" "$cycles" "all insmod/rmmod cycles completed"
touch "$T_RUN/ct/dsect-s-rmmod/rootfs/dsec/storm.stop"
ct_wait dsect-s-rmmod
assert_eq 0 $? "storm container exited cleanly"
cat "$DSEC_OUT/dsect-s-rmmod.out"
for mode in exec open; do
	assert_ge 1 "$(storm_field "$DSEC_OUT/dsect-s-rmmod.out" $mode rounds)" "$mode storm ran"
	assert_eq 0 "$(storm_field "$DSEC_OUT/dsect-s-rmmod.out" $mode allowed_denied)" "$mode storm: allowed path never denied"
	assert_eq 0 "$(storm_field "$DSEC_OUT/dsect-s-rmmod.out" $mode denied_other)" "$mode storm: denied path fails only with EPERM/EACCES"
done
t_done
