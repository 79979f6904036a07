#!/bin/bash
# Every escape step succeeds from privileged runc and crun containers and
# from a host process when dsec is not loaded, so the guard cases can
# fail: a denial they see comes from dsec, not from the runtime or the
# kernel.
# The tools and runtimes behave the same on every kernel, and the guard
# cases show success on each kernel in their unguarded scopes, so this
# case runs on one kernel only.
# vm-kernels: 6.1
# vm-disk: yes
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

dsec_loaded && t_abort "dsec is loaded before the case started"
for step in "${!ESCAPE_HOOK[@]}"; do
	for rt in runc crun; do
		assert_succeeds "$step from a privileged $rt container succeeds" \
			escape_run "$rt:dsect-g-$step-$rt" "$step"
	done
	assert_succeeds "$step from a host process succeeds" escape_run host "$step"
done
t_done
