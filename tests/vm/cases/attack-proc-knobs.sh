#!/bin/bash
# Machine-wide knobs in procfs outside /proc/sys: a privileged container
# (no read-only /proc paths) finds PCI configuration space under
# /proc/bus/pci (the same registers as the sysfs "config" files), memory
# type ranges in /proc/mtrr and interrupt affinity under /proc/irq. The
# kernel-knobs guard denies every procfs write outside the task's own
# /proc/PID (reason proc-write). Shows: write-opening each of the three
# fails from a guarded container and works from a host process, and a
# blocked alert names the container. Nothing is written.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

irq=$(ls /proc/irq | grep -E '^[0-9]+$' | head -n1)
pci=$(ls -d /proc/bus/pci/*/* 2>/dev/null | head -n1)
knobs=("$pci" /proc/mtrr "/proc/irq/$irq/smp_affinity")
for k in "${knobs[@]}"; do
	[ -e "$k" ] || t_abort "procfs knob '$k' is missing in this guest"
done

dsec_insmod || t_abort "insmod $DSEC_KO failed"
policy_escape "$DSEC_OUT/policy.yaml" "" ""
policy_load "$DSEC_OUT/policy.yaml"
mark=$(dmesg_mark)

i=0
for k in "${knobs[@]}"; do
	i=$((i + 1))
	assert_denied "write-open of $k from a guarded container" \
		in_place "runc:dsect-g-procknob-$i" -- attack_openw "$k"
	assert_succeeds "write-open of $k from a host process" \
		in_place host -- attack_openw "$k"
done

T_DMESG=$DSEC_OUT/dmesg-alerts.txt
dmesg_since "$mark" "$DSEC_OUT/dmesg-all.txt"
# Leave out the mount alert runc's own setup raises in every container
# (the bind mount of its cloned binary under /run/runc).
grep -v 'path="/run/runc/' "$DSEC_OUT/dmesg-all.txt" >"$T_DMESG"
assert_grep "dsec: .*verdict=blocked.*hook=write .*cgroup=\"?/dsect-g-procknob-1\"?( |\$)" \
	"$T_DMESG" "a blocked write alert names the container"
t_check "rmmod dsec after the case" dsec_rmmod
t_done
