#!/bin/bash
# A privileged container has CAP_SYS_MODULE, and delete_module(2) has no
# security hook that dsec probes: "rmmod dsec" from inside a guarded
# container unloads the module and with it every guard. The lock does
# not help either, because Debian kernels have MODULE_FORCE_UNLOAD and
# "rmmod -f" ignores the reference the lock holds. Both must fail while
# a guarded scope covers the container.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

dsec_insmod || t_abort "insmod $DSEC_KO failed"
policy_escape "$DSEC_OUT/policy.yaml" "" ""
policy_load "$DSEC_OUT/policy.yaml"

t_capture in_place "runc:dsect-g-rmmod" -- rmmod dsec
if dsec_loaded; then
	t_pass "rmmod dsec from a guarded container fails ($T_OUTPUT)"
else
	t_fail "rmmod dsec from a guarded container unloaded the module"
	dsec_insmod || t_abort "insmod after the unload failed"
	policy_load "$DSEC_OUT/policy.yaml"
fi

t_check "dsecctl lock succeeds" dsecctl lock
t_capture in_place "crun:dsect-g-rmmod-force" -- rmmod -f dsec
if dsec_loaded; then
	t_pass "rmmod -f dsec from a guarded container fails while locked ($T_OUTPUT)"
else
	t_fail "rmmod -f dsec from a guarded container unloaded the locked module"
	dsec_insmod || t_abort "insmod after the forced unload failed"
fi

dsecctl unlock >/dev/null 2>&1
t_check "rmmod dsec from the host after unlock" dsec_rmmod
t_done
