#!/bin/bash
# Kernel-knobs guard: the release_agent write of a cgroup v1 hierarchy
# (the mount guard is off in both scopes so the hierarchy mounts),
# core_pattern and sysfs writes are denied in a guarded container.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

escape_guard_case kernel-knobs mount release-agent core-pattern sysfs-write
t_done
