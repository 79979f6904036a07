#!/bin/bash
# ptrace guard: PTRACE_ATTACH, PTRACE_SEIZE and opening /proc/PID/mem of
# a host process from a container that shares the host's PID namespace
# are denied.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

escape_guard_case ptrace "" ptrace-attach ptrace-seize ptrace-mem
t_done
