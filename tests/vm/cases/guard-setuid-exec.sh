#!/bin/bash
# Setuid-exec guard: exec of a setuid program is denied.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

escape_guard_case setuid-exec "" setuid-exec
t_done
