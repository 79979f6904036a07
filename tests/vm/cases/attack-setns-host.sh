#!/bin/bash
# Joining the host's mount namespace: a privileged container in the
# host's PID namespace enters it with nsenter through /proc/1/ns/mnt and
# with setns(pidfd_open(1), CLONE_NEWNS), which opens no /proc file.
# Once in, its root is the host's root, and the host-files guard (a path
# under the task's root) would let host files through. The ptrace guard
# stops both ways, because the kernel calls ptrace_may_access() for
# either. Shows: neither tool writes a host file from a guarded
# container, and setns does where the ptrace and host-files guards are
# off.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

dsec_insmod || t_abort "insmod $DSEC_KO failed"
policy_escape "$DSEC_OUT/policy.yaml" "" "ptrace host-files"
policy_load "$DSEC_OUT/policy.yaml"

proof=$T_RUN/setns-proof
for tool in nsenter attack_setns; do
	rm -f "$proof"
	case $tool in
	nsenter) cmd=(nsenter -t 1 -m -- /bin/sh -c "echo DSEC-SETNS >$proof") ;;
	attack_setns) cmd=(attack_setns 1 /bin/sh -c "echo DSEC-SETNS >$proof") ;;
	esac
	t_capture in_place "runc:dsect-g-setns-$tool" --hostpid -- "${cmd[@]}"
	if [ -e "$proof" ]; then
		t_fail "$tool into the host mount namespace wrote the host file $proof"
	else
		t_pass "$tool into the host mount namespace cannot write host files ($(echo "$T_OUTPUT" | tail -n1))"
	fi
	# A container that never started writes no file either.
	assert_grep 'EPERM|EACCES|Permission denied|Operation not permitted' <(echo "$T_OUTPUT") \
		"$tool in a guarded container fails with a permission error"
done

# Without the ptrace and host-files guards the step goes through.
rm -f "$proof"
t_capture in_place "runc:dsect-u-setns" --hostpid -- \
	attack_setns 1 /bin/sh -c "echo DSEC-SETNS >$proof"
assert_eq DSEC-SETNS "$(cat "$proof" 2>/dev/null)" \
	"without the guards setns reaches the host file"
rm -f "$proof"
t_check "rmmod dsec after the case" dsec_rmmod
t_done
