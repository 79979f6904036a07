#!/bin/bash
# 64 exec and 64 open workers at once inside a runc container with deny
# rules. Shows: no denied operation gets through, no allowed one is
# refused, and the module's denied counters grow by exactly the number
# of denials the workers saw. STORM_EXEC_ROUNDS (default 10) and
# STORM_OPEN_ROUNDS (default 200) set the rounds per worker.
# vm-timeout: 900
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/storm.sh"

dsec_insmod || t_abort "insmod $DSEC_KO failed"
policy_storm "$DSEC_OUT/storm.yaml"
policy_load "$DSEC_OUT/storm.yaml"
exec0=$(hook_counter exec denied)
write0=$(hook_counter write denied)

ct_run runc dsect-s-64 -- sh -c "
	storm exec 64 ${STORM_EXEC_ROUNDS:-10} $STORM_EXEC_ARGS &
	storm open 64 ${STORM_OPEN_ROUNDS:-200} $STORM_OPEN_ARGS &
	wait" >"$DSEC_OUT/storm.txt" 2>&1
cat "$DSEC_OUT/storm.txt"
storm_assert_clean "$DSEC_OUT/storm.txt" exec
storm_assert_clean "$DSEC_OUT/storm.txt" open

exec1=$(hook_counter exec denied)
write1=$(hook_counter write denied)
assert_eq "$(storm_field "$DSEC_OUT/storm.txt" exec denied_denied)" "$((exec1 - exec0))" \
	"exec denied counter grew by the denials the workers saw"
assert_eq "$(storm_field "$DSEC_OUT/storm.txt" open denied_denied)" "$((write1 - write0))" \
	"write denied counter grew by the denials the workers saw"
t_check "rmmod dsec" dsec_rmmod
t_done
