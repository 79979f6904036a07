#!/bin/bash
# The `make demo` path as a test: the scanned demo image runs through
# dsec-oci-hook with its generated policy, and every escape and drift
# attempt must be blocked with alerts while an ordinary workload keeps
# working. Needs tests/demo/prepare.sh on the host first (run-cases.sh
# runs it when this case is selected).
#
# Each runtime pass takes about three minutes under TCG, so the demo
# kernel (6.1) runs runc and crun and the other kernels one runtime
# each, crun on 6.12 and runc on 7.x. DSEC_DEMO_RUNTIMES overrides it.
# vm-timeout: 900
case $DSEC_KERNEL in
6.1.*) runtimes="runc crun" ;;
6.12.*) runtimes="crun" ;;
*) runtimes="runc" ;;
esac
status=0
for runtime in ${DSEC_DEMO_RUNTIMES:-$runtimes}; do
	DSEC_DEMO_RUNTIME=$runtime "$DSEC_TOP/tests/demo/guest.sh" || status=1
done
exit $status
