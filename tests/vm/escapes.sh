#!/bin/bash
# Escape steps for the guard cases, sourced after lib.sh.
#
# escape_run WHERE STEP runs one escape technique's kernel-visible steps
# through the tools of tests/vm/tools and returns the tool's status
# (0 done, 1 a step failed, with the errno in the output). WHERE is
# "host" for a process of the guest's root cgroup, or RUNTIME:ID for a
# privileged runc or crun container with id ID (cgroup /ID). Each step
# sets up what it needs (a victim process, a leaked descriptor) and
# undoes what it changed, so it can run again in the same boot.

# The dsec hook that reports each step.
declare -A ESCAPE_HOOK=(
	[cgv1-mount]=mount [blockdev-mount]=mount
	[newmount-cgroup1]=mount [newmount-proc]=mount
	[release-agent]=write [core-pattern]=write [sysfs-write]=write
	[ptrace-attach]=ptrace [ptrace-seize]=ptrace [ptrace-mem]=ptrace
	[exe-overwrite]=write [leaked-exec]=exec
	[leaked-chdir-write]=write [leaked-chdir-exec]=exec
	[finit-module]=module [init-module]=module
	[rootfs-write]=write [setuid-exec]=exec
)

# The sysfs file written back by sysfs-write; it exists on every tested
# kernel and rewriting its current value changes nothing.
ESCAPE_SYSFS_KNOB=/sys/kernel/mm/transparent_hugepage/enabled

# in_place WHERE [ct_run options] -- COMMAND...: run a command on the host
# or in a container; tools are on the container's PATH and taken from
# $DSEC_TOOLS on the host.
in_place()
{
	local where=$1 opts=() cmd

	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	if [ "$where" = host ]; then
		cmd=$1
		shift
		[ -x "$DSEC_TOOLS/$cmd" ] && cmd=$DSEC_TOOLS/$cmd
		"$cmd" "$@"
	else
		ct_run "${where%%:*}" "${where#*:}" --privileged "${opts[@]}" -- "$@"
	fi
}

# Start a host process that lives for a while; print its pid once the
# process runs EXE. Until the forked shell has called execve(), its
# /proc/PID/exe is bash, and a step that acts on the victim's executable
# would hit bash instead. Callers run this in $(...), so the process is
# no child of theirs and victim_stop, not wait, ends it.
victim_start()
{
	local exe=$1 seconds=$2 pid i

	"$exe" "$seconds" >/dev/null 2>&1 &
	pid=$!
	for i in $(seq 50); do
		[ "$(readlink "/proc/$pid/exe")" = "$(readlink -f "$exe")" ] && break
		sleep 0.1
	done
	echo "$pid"
}

# victim_stop PID: kill the process and wait up to 5 s until it is gone,
# so that its executable is no longer busy.
victim_stop()
{
	local pid=$1 i

	kill "$pid" 2>/dev/null
	for i in $(seq 50); do
		[ -e "/proc/$pid" ] && ! grep -q '^State:.*[ZX]' "/proc/$pid/status" 2>/dev/null || return 0
		sleep 0.1
	done
}

escape_run()
{
	local where=$1 step=$2 dir=$T_RUN/escape pid status

	mkdir -p "$dir"
	case $step in
	cgv1-mount|release-agent)
		# cgv1-mount stops after the mount; release-agent goes on to
		# write the hierarchy's release_agent file.
		local only=""
		[ "$step" = release-agent ] || only=--mount-only
		if [ "$where" = host ]; then
			mkdir -p "$dir/cgv1"
			in_place host -- cgv1-release-agent $only "$dir/cgv1"
			status=$?
			umount "$dir/cgv1" 2>/dev/null
			return $status
		fi
		in_place "$where" -- sh -c "mkdir -p /tmp/cgv1 && exec cgv1-release-agent $only /tmp/cgv1"
		;;
	blockdev-mount)
		[ -n "${DSEC_DISK:-}" ] || { echo "escape_run: blockdev-mount needs run-guest.sh --disk" >&2; return 2; }
		if [ "$where" = host ]; then
			mkdir -p "$dir/blk"
			in_place host -- blockdev-mount "$DSEC_DISK" "$dir/blk"
			return
		fi
		in_place "$where" -- sh -c "mkdir -p /tmp/blk && exec blockdev-mount $DSEC_DISK /tmp/blk"
		;;
	newmount-cgroup1|newmount-proc)
		if [ "$where" = host ]; then
			mkdir -p "$dir/newmount"
			in_place host -- newmount "${step#newmount-}" "$dir/newmount"
			return
		fi
		in_place "$where" -- sh -c "mkdir -p /tmp/newmount && exec newmount ${step#newmount-} /tmp/newmount"
		;;
	core-pattern)
		in_place "$where" -- knob-write /proc/sys/kernel/core_pattern
		;;
	sysfs-write)
		in_place "$where" -- knob-write "$ESCAPE_SYSFS_KNOB"
		;;
	ptrace-attach|ptrace-seize|ptrace-mem)
		pid=$(victim_start /bin/sleep 600)
		in_place "$where" --hostpid -- ptrace-host "${step#ptrace-}" "$pid"
		status=$?
		victim_stop "$pid"
		return $status
		;;
	exe-overwrite)
		# The overwrite target is a copy of /bin/sleep in the role of the
		# runtime binary, so the real runc stays intact for later steps.
		mkdir -p "$dir/runtime"
		cp /bin/sleep "$dir/runtime/runc"
		pid=$(victim_start "$dir/runtime/runc" 600)
		in_place "$where" --hostpid -- exe-overwrite "$pid"
		status=$?
		victim_stop "$pid"
		if [ $status -eq 0 ] && ! grep -q DSEC-OVERWRITTEN "$dir/runtime/runc"; then
			echo "escape_run: exe-overwrite reported success but $dir/runtime/runc is unchanged"
			status=2
		fi
		return $status
		;;
	leaked-exec|leaked-chdir-write|leaked-chdir-exec)
		# Descriptors 3 (a host directory) and 4 (a host program) are
		# open in the runtime and handed to the container with
		# --preserve-fds, as runc leaked them in CVE-2024-21626.
		mkdir -p "$dir/hostdir"
		cp "$DSEC_TOOLS/exit0" "$dir/hostdir/exit0"
		rm -f "$dir/hostdir/written"
		if [ "$where" = host ]; then
			case $step in
			leaked-exec) in_place host -- leaked-fd exec 4 3<"$dir/hostdir" 4<"$dir/hostdir/exit0" ;;
			leaked-chdir-write) in_place host -- leaked-fd chdir-write 3 written 3<"$dir/hostdir" ;;
			leaked-chdir-exec) in_place host -- leaked-fd chdir-exec 3 ./exit0 3<"$dir/hostdir" ;;
			esac
			return
		fi
		case $step in
		leaked-exec) in_place "$where" --preserve-fds 2 -- leaked-fd exec 4 3<"$dir/hostdir" 4<"$dir/hostdir/exit0" ;;
		leaked-chdir-write) in_place "$where" --preserve-fds 2 -- leaked-fd chdir-write 3 written 3<"$dir/hostdir" 4<"$dir/hostdir/exit0" ;;
		leaked-chdir-exec) in_place "$where" --preserve-fds 2 -- leaked-fd chdir-exec 3 ./exit0 3<"$dir/hostdir" 4<"$dir/hostdir/exit0" ;;
		esac
		;;
	finit-module|init-module)
		[ -e "$DSEC_TESTMOD" ] || { echo "escape_run: $DSEC_TESTMOD not built" >&2; return 2; }
		if [ "$where" = host ]; then
			in_place host -- modload "${step%-module}" "$DSEC_TESTMOD"
		else
			in_place "$where" -- modload "${step%-module}" /dsec/dsec_testmod.ko
		fi
		status=$?
		rmmod dsec_testmod 2>/dev/null
		return $status
		;;
	rootfs-write)
		if [ "$where" = host ]; then
			cp /etc/hostname "$dir/hostname"
			in_place host -- knob-write "$dir/hostname"
			return
		fi
		in_place "$where" -- knob-write /etc/passwd
		;;
	setuid-exec)
		if [ "$where" = host ]; then
			# /run is nosuid in the guest; an exec of a setuid file still
			# passes through the exec hook.
			cp "$DSEC_TOOLS/exit0" "$dir/exit0-setuid"
			chmod 4755 "$dir/exit0-setuid"
			in_place host -- exec-path "$dir/exit0-setuid"
			return
		fi
		in_place "$where" -- exec-path /usr/local/bin/exit0-setuid
		;;
	*)
		echo "escape_run: unknown step '$step'" >&2
		return 2
		;;
	esac
}

# escape_guard_case GUARD "GUARDED_OFF" STEP...
# The case for one escape guard. dsec is loaded with a policy whose
# "guarded" scope has every guard on except GUARDED_OFF. Each STEP must
# fail with EPERM or EACCES from a privileged runc and crun container and
# raise an alert in the kernel log and on the multicast group. The same
# step succeeds from a host process and from a runc container of the
# "unguarded" scope, which has GUARD (and GUARDED_OFF) off.
escape_guard_case()
{
	local guard=$1 guarded_off=$2 step rt

	shift 2
	dsec_insmod || t_abort "insmod $DSEC_KO failed"
	policy_escape "$DSEC_OUT/policy.yaml" "$guarded_off" "$guard $guarded_off"
	policy_load "$DSEC_OUT/policy.yaml"
	watch_start alerts
	local mark
	mark=$(dmesg_mark)

	# The unguarded run uses runc only: it shows that dsec, not the
	# runtime, made the difference, and each container run costs seconds
	# under TCG.
	for step in "$@"; do
		for rt in runc crun; do
			assert_denied "$step from a privileged $rt container is denied" \
				escape_run "$rt:dsect-g-$step-$rt" "$step"
		done
		assert_succeeds "$step from a runc container without the $guard guard succeeds" \
			escape_run "runc:dsect-u-$step-runc" "$step"
		assert_succeeds "$step from a host process succeeds" escape_run host "$step"
	done

	watch_stop
	T_DMESG=$DSEC_OUT/dmesg-alerts.txt
	dmesg_since "$mark" "$T_DMESG"
	for step in "$@"; do
		for rt in runc crun; do
			expect_alerts "${ESCAPE_HOOK[$step]}" "dsect-g-$step-$rt" "$step from $rt"
		done
		assert_no_grep "verdict=blocked.*hook=${ESCAPE_HOOK[$step]} .*cgroup=\"?/dsect-u-$step-" "$T_DMESG" \
			"$step: no ${ESCAPE_HOOK[$step]} alert blocks the unguarded containers"
	done
	t_check "rmmod dsec after the case" dsec_rmmod
}
