#!/bin/bash
# Module-load guard: finit_module(2) and init_module(2) from a container
# with CAP_SYS_MODULE are denied.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

escape_guard_case module-load "" finit-module init-module
t_done
