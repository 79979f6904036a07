#!/bin/bash
# dsecctl lock makes rmmod fail until dsecctl unlock; a policy with
# "lock: true" locks the module when it loads.
. "$DSEC_TOP/tests/vm/lib.sh"

dsec_insmod || t_abort "insmod $DSEC_KO failed"
t_check "dsecctl lock succeeds" dsecctl lock
assert_eq true "$(dsecctl status --json | jq -r .locked)" "status shows the lock"
t_capture rmmod dsec
assert_eq 1 "$T_STATUS" "rmmod fails while locked"
t_check "module still loaded after the refused rmmod" dsec_loaded
t_check "dsecctl unlock succeeds" dsecctl unlock
assert_eq false "$(dsecctl status --json | jq -r .locked)" "status shows the unlock"
t_check "rmmod succeeds after unlock" dsec_rmmod

dsec_insmod || t_abort "second insmod failed"
cat >"$DSEC_OUT/lock.yaml" <<'YAML'
apiVersion: dsec/v1
kind: Policy
name: vm-lock
lock: true
scopes:
  - name: guarded
    selectors:
      - glob: /dsect-g-*
    guards: all
YAML
policy_load "$DSEC_OUT/lock.yaml"
assert_eq true "$(dsecctl status --json | jq -r .locked)" "policy with lock: true locks"
t_capture rmmod dsec
assert_eq 1 "$T_STATUS" "rmmod fails under a locking policy"
t_check "dsecctl unlock succeeds" dsecctl unlock
t_check "rmmod succeeds after unlock" dsec_rmmod
t_done
