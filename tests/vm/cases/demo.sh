#!/bin/bash
# The `make demo` path as a test: the scanned demo image runs through
# dsec-oci-hook with its generated policy, under runc and then crun, and
# every escape and drift attempt must be blocked with alerts while an
# ordinary workload keeps working. Needs tests/demo/prepare.sh on the
# host first (the check-vm target runs it).
# vm-timeout: 900
status=0
for runtime in runc crun; do
	DSEC_DEMO_RUNTIME=$runtime "$DSEC_TOP/tests/demo/guest.sh" || status=1
done
exit $status
