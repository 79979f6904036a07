#!/bin/bash
# Unloading dsec from a container: a privileged container has
# CAP_SYS_MODULE, and delete_module(2) has no LSM hook, so "rmmod dsec"
# would take every guard away. Debian kernels have MODULE_FORCE_UNLOAD,
# so "rmmod -f" would also ignore the reference the unload lock holds.
# dsec probes delete_module and denies unloads from guarded scopes
# (reason module-unload), and forced unloads from anyone while locked.
# Shows: rmmod from a runc container and rmmod -f from a crun container
# leave the module loaded, and the host can unload it after unlock.
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
