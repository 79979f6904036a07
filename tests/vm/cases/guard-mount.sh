#!/bin/bash
# Mount guard: cgroup v1 mounts (release_agent escape), host block device
# mounts and the new mount API (fsopen/fsmount/move_mount) of cgroup v1
# and proc are denied in a guarded container.
# vm-disk: yes
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

escape_guard_case mount "" cgv1-mount blockdev-mount newmount-cgroup1 newmount-proc
t_done
