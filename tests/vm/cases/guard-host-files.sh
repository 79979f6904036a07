#!/bin/bash
# Host-files guard: overwriting a host binary through /proc/PID/exe and
# /proc/self/fd (CVE-2019-5736), and exec, write and exec after chdir
# through descriptors leaked from the host (CVE-2024-21626) are denied.
# The ptrace guard is off in the guarded scope too, because it already
# stops the open of /proc/PID/exe of a host process, and this case is
# about the write that follows.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

escape_guard_case host-files ptrace exe-overwrite leaked-exec leaked-chdir-write leaked-chdir-exec
t_done
