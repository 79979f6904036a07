#!/bin/bash
# Read-only-root guard: writing a file of the container's root file
# system is denied.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

escape_guard_case readonly-root "" rootfs-write
t_done
