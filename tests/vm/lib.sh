#!/bin/bash
# Shell library for VM bench cases (tests/vm/cases/*.sh). A case runs as
# root inside a guest booted by run-guest.sh, sources this file, calls
# the assertions below and ends with t_done.
#
# Environment (set by run-guest.sh): DSEC_TOP, DSEC_KERNEL, DSEC_CASE,
# DSEC_OUT (shared back to tests/out/KERNEL/CASE/), DSEC_KO, DSEC_TESTMOD,
# DSEC_TOOLS and optionally DSEC_DISK.
#
# Containers: ct_run starts a one-shot OCI container with runc or crun
# from a busybox root file system (plus the static tools of
# build/vm/tools in /usr/local/bin) and the cgroupfs layout, so the
# container with id ID lives in the cgroup /ID. Bundles are written to
# $DSEC_OUT/bundles/ID (kept for inspection on the host); each container
# gets its own tmpfs as root file system.

DSECCTL=${DSECCTL:-$DSEC_TOP/ctl/dsecctl}
T_PASSED=0
T_FAILED=0
T_CASE=${DSEC_CASE:-$(basename "$0" .sh)}
T_RUN=/run/dsec-test
mkdir -p "$T_RUN" "$DSEC_OUT"

# ---------------------------------------------------------------- results

t_pass()
{
	T_PASSED=$((T_PASSED + 1))
	echo "PASS: $T_CASE: $*"
}

t_fail()
{
	T_FAILED=$((T_FAILED + 1))
	echo "FAIL: $T_CASE: $*"
}

# t_check DESCRIPTION CONDITION-COMMAND...: pass when the command exits 0.
t_check()
{
	local what=$1

	shift
	if "$@"; then
		t_pass "$what"
	else
		t_fail "$what"
	fi
}

assert_eq()
{
	local expected=$1 actual=$2 what=$3

	if [ "$expected" = "$actual" ]; then
		t_pass "$what"
	else
		t_fail "$what: expected '$expected', got '$actual'"
	fi
}

# assert_ge MIN ACTUAL DESCRIPTION
assert_ge()
{
	local min=$1 actual=$2 what=$3

	if [[ $actual =~ ^[0-9]+$ ]] && [ "$actual" -ge "$min" ]; then
		t_pass "$what"
	else
		t_fail "$what: expected at least $min, got '$actual'"
	fi
}

# assert_grep REGEX FILE DESCRIPTION: an extended regex matches a line.
assert_grep()
{
	local regex=$1 file=$2 what=$3

	if grep -Eq -- "$regex" "$file" 2>/dev/null; then
		t_pass "$what"
	else
		t_fail "$what: no line of $file matches /$regex/"
		tail -n 5 "$file" 2>/dev/null | sed 's/^/    /'
	fi
}

assert_no_grep()
{
	local regex=$1 file=$2 what=$3

	if grep -Eq -- "$regex" "$file" 2>/dev/null; then
		t_fail "$what: $file has a line matching /$regex/:"
		grep -E -- "$regex" "$file" | head -n 3 | sed 's/^/    /'
	else
		t_pass "$what"
	fi
}

# Run a command, keeping its combined output in $T_OUTPUT and its status
# in $T_STATUS.
t_capture()
{
	T_OUTPUT=$("$@" 2>&1)
	T_STATUS=$?
}

# assert_succeeds DESCRIPTION COMMAND...: the command exits 0.
assert_succeeds()
{
	local what=$1

	shift
	t_capture "$@"
	if [ "$T_STATUS" -eq 0 ]; then
		t_pass "$what"
	else
		t_fail "$what: exit status $T_STATUS: $(echo "$T_OUTPUT" | tail -n 3)"
	fi
}

# assert_denied DESCRIPTION COMMAND...: an escape tool run by the command
# reports a failed step with EPERM or EACCES (exit status 1).
assert_denied()
{
	local what=$1

	shift
	t_capture "$@"
	if [ "$T_STATUS" -eq 1 ] && echo "$T_OUTPUT" | grep -Eq 'failed: (EPERM|EACCES) '; then
		t_pass "$what ($(echo "$T_OUTPUT" | grep -Eo '[a-z0-9_ /.-]* failed: E[A-Z]+' | tail -n1))"
	else
		t_fail "$what: expected EPERM or EACCES, got exit status $T_STATUS: $(echo "$T_OUTPUT" | tail -n 3)"
	fi
}

# Print the summary line and exit with the case's status.
t_done()
{
	echo "case $T_CASE on $DSEC_KERNEL: $T_PASSED passed, $T_FAILED failed"
	[ "$T_FAILED" -eq 0 ] && [ "$T_PASSED" -gt 0 ]
	exit $?
}

# Fail the case at once, for a broken precondition.
t_abort()
{
	t_fail "$*"
	t_done
}

# ------------------------------------------------------------ dsec module

dsec_insmod()
{
	[ -e "$DSEC_KO" ] || t_abort "dsec.ko for $DSEC_KERNEL not found at $DSEC_KO; build it with tests/vm/build-kmod.sh"
	insmod "$DSEC_KO" "$@"
}

dsec_loaded()
{
	[ -d /sys/module/dsec ]
}

dsec_rmmod()
{
	rmmod dsec
}

# dsecctl ARGS...: the checkout's dsecctl.
dsecctl()
{
	"$DSECCTL" "$@"
}

# policy_load FILE: load a policy, aborting the case if that fails.
policy_load()
{
	local out

	out=$(dsecctl load "$1" 2>&1) ||
		t_abort "dsecctl load $1 failed: $out"
}

# Print the value of counter FIELD (allowed, denied, audited, dropped) of
# HOOK from `dsecctl status --json`.
hook_counter()
{
	local hook=$1 field=$2

	dsecctl status --json |
		jq -r --arg h "$hook" --arg f "$field" \
			'.hooks[] | select(.name == $h) | .[$f]'
}

# ------------------------------------------------------------ alert watch

WATCH_PID=""
WATCH_FILE=""

# watch_start NAME: run `dsecctl watch --json` in the background, writing
# to $DSEC_OUT/NAME.jsonl, and wait until it has joined the multicast
# group.
watch_start()
{
	local i

	WATCH_FILE=$DSEC_OUT/$1.jsonl
	: >"$WATCH_FILE"
	# The binary, not the dsecctl function, so that $! is the watcher
	# itself and watch_stop's SIGTERM reaches it.
	"$DSECCTL" watch --json >"$WATCH_FILE" 2>"$DSEC_OUT/$1.stderr" &
	WATCH_PID=$!
	# dsecctl prints this line once it has joined the group.
	for i in $(seq 100); do
		grep -q 'watching dsec alerts' "$DSEC_OUT/$1.stderr" 2>/dev/null && return 0
		kill -0 "$WATCH_PID" 2>/dev/null || break
		sleep 0.1
	done
	t_fail "dsecctl watch did not subscribe to the alerts group: $(cat "$DSEC_OUT/$1.stderr")"
}

watch_stop()
{
	[ -n "$WATCH_PID" ] || return 0
	sleep 0.5	# alerts are delivered from a workqueue
	kill -TERM "$WATCH_PID" 2>/dev/null
	wait "$WATCH_PID" 2>/dev/null
	WATCH_PID=""
}

# watch_count JQ-CONDITION: print how many watched alerts match.
watch_count()
{
	jq -c "select($1)" "$WATCH_FILE" 2>/dev/null | wc -l
}

# ------------------------------------------------------------ kernel log

# dmesg_mark: print a mark id after writing it to the kernel log, so
# dmesg_since can return only what follows.
dmesg_mark()
{
	local id="dsec-test-mark-$RANDOM$RANDOM"

	echo "$id" >/dev/kmsg
	echo "$id"
}

# dmesg_since MARK FILE: write the kernel log after MARK to FILE.
dmesg_since()
{
	sleep 0.3	# alert lines are printed from a workqueue
	dmesg | sed -n "/$1/,\$p" | sed 1d >"$2"
}

# ------------------------------------------------------------ containers

CT_ROOTFS_TEMPLATE=$T_RUN/rootfs-template

# Build the busybox root file system that every container copies.
ct_template()
{
	local t=$CT_ROOTFS_TEMPLATE

	[ -e "$t/.ready" ] && return 0
	mkdir -p "$t"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,proc,sys,dev,tmp,run,mnt,root,dsec}
	cp /bin/busybox "$t/bin/busybox"
	chroot "$t" /bin/busybox --install -s
	cp "$DSEC_TOOLS"/* "$t/usr/local/bin/"
	[ ! -e "$DSEC_TESTMOD" ] || cp "$DSEC_TESTMOD" "$t/dsec/"
	cp "$DSEC_TOOLS/exit0" "$t/usr/local/bin/exit0-denied"
	cp "$DSEC_TOOLS/exit0" "$t/usr/local/bin/exit0-setuid"
	chmod 4755 "$t/usr/local/bin/exit0-setuid"
	echo allowed >"$t/dsec/allowed-file"
	echo denied >"$t/dsec/denied-file"
	echo "root:x:0:0:root:/root:/bin/sh" >"$t/etc/passwd"
	echo "root:x:0:" >"$t/etc/group"
	touch "$t/.ready"
}

CT_ALL_CAPS='"CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_DAC_READ_SEARCH","CAP_FOWNER",
"CAP_FSETID","CAP_KILL","CAP_SETGID","CAP_SETUID","CAP_SETPCAP",
"CAP_LINUX_IMMUTABLE","CAP_NET_BIND_SERVICE","CAP_NET_BROADCAST",
"CAP_NET_ADMIN","CAP_NET_RAW","CAP_IPC_LOCK","CAP_IPC_OWNER","CAP_SYS_MODULE",
"CAP_SYS_RAWIO","CAP_SYS_CHROOT","CAP_SYS_PTRACE","CAP_SYS_PACCT",
"CAP_SYS_ADMIN","CAP_SYS_BOOT","CAP_SYS_NICE","CAP_SYS_RESOURCE",
"CAP_SYS_TIME","CAP_SYS_TTY_CONFIG","CAP_MKNOD","CAP_LEASE","CAP_AUDIT_WRITE",
"CAP_AUDIT_CONTROL","CAP_SETFCAP","CAP_MAC_OVERRIDE","CAP_MAC_ADMIN",
"CAP_SYSLOG","CAP_WAKE_ALARM","CAP_BLOCK_SUSPEND","CAP_AUDIT_READ",
"CAP_PERFMON","CAP_BPF","CAP_CHECKPOINT_RESTORE"'

# Docker's default capability set.
CT_DEFAULT_CAPS='"CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_FSETID","CAP_FOWNER",
"CAP_MKNOD","CAP_NET_RAW","CAP_SETGID","CAP_SETUID","CAP_SETFCAP",
"CAP_SETPCAP","CAP_NET_BIND_SERVICE","CAP_SYS_CHROOT","CAP_KILL",
"CAP_AUDIT_WRITE"'

# ct_bundle ID [--privileged] [--hostpid] [--netns] [--env NAME=VALUE]... -- ARGS...
# Write the OCI bundle of container ID running ARGS.
#   --privileged  all capabilities, no seccomp, no AppArmor, no masked or
#                 read-only paths, the host's /dev bound in, every device
#                 allowed, /sys writable (like `docker run --privileged`)
#   --hostpid     share the host's PID namespace
#   --netns       own network namespace (default: the host's, like
#                 --net=host, so the dsec netlink family is reachable)
# Without --privileged the container has Docker's default capabilities,
# masked and read-only /proc paths and a read-only /sys. NOTE: no seccomp
# profile is applied in either variant; the privileged variant is the one
# the escape cases need.
ct_bundle()
{
	local id=$1 privileged=0 hostpid=0 netns=0 bundle rootfs args caps
	local namespaces mounts masked devices sys_opts
	local env='"PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","HOME=/root"'

	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--privileged) privileged=1 ;;
		--hostpid) hostpid=1 ;;
		--netns) netns=1 ;;
		--env) env+=",$(jq -R . <<<"$2")"; shift ;;
		--) shift; break ;;
		*) echo "ct_bundle: unknown option '$1'" >&2; return 2 ;;
		esac
		shift
	done
	ct_template
	bundle=$DSEC_OUT/bundles/$id
	rootfs=$T_RUN/ct/$id/rootfs
	mkdir -p "$bundle" "$rootfs"
	mountpoint -q "$rootfs" || mount -t tmpfs -o mode=0755 "ct-$id" "$rootfs"
	cp -a "$CT_ROOTFS_TEMPLATE"/. "$rootfs/"

	args=$(jq -nc '$ARGS.positional' --args -- "$@")
	# A privileged container shares the host's cgroup namespace, as on
	# Docker with cgroup v1, because the kernel creates cgroup v1
	# hierarchies only from the initial cgroup namespace.
	namespaces='{"type":"mount"},{"type":"ipc"},{"type":"uts"}'
	[ $privileged -eq 1 ] || namespaces+=',{"type":"cgroup"}'
	[ $hostpid -eq 1 ] || namespaces+=',{"type":"pid"}'
	[ $netns -eq 0 ] || namespaces+=',{"type":"network"}'
	if [ $privileged -eq 1 ]; then
		caps=$CT_ALL_CAPS
		sys_opts='"nosuid","noexec","nodev"'
		mounts='{"destination":"/dev","type":"bind","source":"/dev","options":["rbind","rw"]}'
		masked='"maskedPaths":[],"readonlyPaths":[]'
		devices='[{"allow":true,"access":"rwm"}]'
	else
		caps=$CT_DEFAULT_CAPS
		sys_opts='"nosuid","noexec","nodev","ro"'
		mounts='{"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","strictatime","mode=755","size=65536k"]},
{"destination":"/dev/pts","type":"devpts","source":"devpts","options":["nosuid","noexec","newinstance","ptmxmode=0666","mode=0620"]}'
		masked='"maskedPaths":["/proc/kcore","/proc/keys","/proc/timer_list","/sys/firmware"],
"readonlyPaths":["/proc/bus","/proc/fs","/proc/irq","/proc/sys","/proc/sysrq-trigger"]'
		devices='[{"allow":false,"access":"rwm"}]'
	fi
	cat >"$bundle/config.json" <<JSON
{
	"ociVersion": "1.0.2",
	"process": {
		"terminal": false,
		"user": { "uid": 0, "gid": 0 },
		"args": $args,
		"env": [$env],
		"cwd": "/",
		"capabilities": {
			"bounding": [$caps], "effective": [$caps],
			"permitted": [$caps], "inheritable": [$caps]
		},
		"noNewPrivileges": false
	},
	"root": { "path": "$rootfs", "readonly": false },
	"hostname": "$id",
	"mounts": [
		{"destination":"/proc","type":"proc","source":"proc"},
		$mounts,
		{"destination":"/dev/shm","type":"tmpfs","source":"shm","options":["nosuid","noexec","nodev","mode=1777","size=65536k"]},
		{"destination":"/dev/mqueue","type":"mqueue","source":"mqueue","options":["nosuid","noexec","nodev"]},
		{"destination":"/sys","type":"sysfs","source":"sysfs","options":[$sys_opts]},
		{"destination":"/sys/fs/cgroup","type":"cgroup","source":"cgroup","options":["nosuid","noexec","nodev","relatime","rw"]},
		{"destination":"/tmp","type":"tmpfs","source":"tmpfs","options":["nosuid","nodev","mode=1777"]},
		{"destination":"/run","type":"tmpfs","source":"tmpfs","options":["nosuid","nodev","mode=755"]}
	],
	"linux": {
		"cgroupsPath": "/$id",
		"resources": { "devices": $devices },
		"namespaces": [$namespaces],
		$masked
	}
}
JSON
	jq -e . "$bundle/config.json" >/dev/null ||
		{ echo "ct_bundle: invalid config.json for $id" >&2; return 2; }
}

# ct_run RUNTIME ID [ct_bundle options] [--preserve-fds N] -- ARGS...
# Run ARGS in a new container and return its exit status; output goes to
# stdout. The container is deleted afterwards.
ct_run()
{
	local runtime=$1 id=$2 preserve=0 opts=() status

	shift 2
	while [ $# -gt 0 ]; do
		case $1 in
		--preserve-fds) preserve=$2; shift 2 ;;
		--) shift; break ;;
		*) opts+=("$1"); shift ;;
		esac
	done
	case $runtime in
	runc|crun) ;;
	*) echo "ct_run: unknown runtime '$runtime'; expected runc or crun" >&2; return 2 ;;
	esac
	ct_bundle "$id" "${opts[@]}" -- "$@" || return 2
	"$runtime" run --bundle "$DSEC_OUT/bundles/$id" --preserve-fds "$preserve" "$id" </dev/null
	status=$?
	"$runtime" delete -f "$id" >/dev/null 2>&1
	umount "$T_RUN/ct/$id/rootfs" 2>/dev/null
	rmdir "/sys/fs/cgroup/$id" 2>/dev/null
	return $status
}

# ct_start RUNTIME ID [ct_bundle options] -- ARGS...: start a container in
# the background; its output goes to $DSEC_OUT/ID.out. ct_wait collects it.
ct_start()
{
	local runtime=$1 id=$2

	ct_run "$@" >"$DSEC_OUT/$id.out" 2>&1 &
	eval "CT_PID_${id//[^A-Za-z0-9_]/_}=$!"
}

# ct_wait ID: wait for a container started by ct_start; return its status.
ct_wait()
{
	local var="CT_PID_${1//[^A-Za-z0-9_]/_}"

	wait "${!var}"
}

# cgroup_enter PATH: move the calling (sub)shell into cgroup PATH
# (created if needed), as a container runtime moves a container's init.
cgroup_enter()
{
	mkdir -p "/sys/fs/cgroup$1"
	echo "$BASHPID" >"/sys/fs/cgroup$1/cgroup.procs"
}

# ------------------------------------------------------------ policies

DSEC_GUARDS="mount ptrace kernel-knobs host-files readonly-root module-load setuid-exec"

# guards_except GUARD...: print the YAML guard list of every guard but
# the ones given.
guards_except()
{
	local g out=""

	for g in $DSEC_GUARDS; do
		case " $* " in *" $g "*) continue ;; esac
		out+="${out:+, }$g"
	done
	echo "[$out]"
}

# policy_escape FILE "GUARDED_OFF" "UNGUARDED_OFF": write a policy like
# rules/baseline.yaml for the test containers: scope "guarded" has every
# guard but GUARDED_OFF on for the cgroups /dsect-g-*, scope "unguarded"
# every guard but UNGUARDED_OFF for /dsect-u-*. Both allow tmpfs, devpts
# and mqueue mounts and keep /tmp, /run and /dev writable, as a runtime
# needs.
policy_escape()
{
	local file=$1 guarded=all

	[ -z "$2" ] || guarded=$(guards_except $2)
	cat >"$file" <<YAML
apiVersion: dsec/v1
kind: Policy
name: vm-escape
mode: enforce
scopes:
  - name: guarded
    selectors:
      - glob: /dsect-g-*
    guards: $guarded
    mount-fstypes: [tmpfs, devpts, mqueue]
    writable: [/tmp, /run, /dev]
  - name: unguarded
    selectors:
      - glob: /dsect-u-*
    guards: $(guards_except $3)
    mount-fstypes: [tmpfs, devpts, mqueue]
    writable: [/tmp, /run, /dev]
YAML
}

# expect_alerts HOOK ID DESCRIPTION: a "blocked" alert for HOOK from the
# container with id ID is in $T_DMESG (a dmesg_since file) and arrived on
# the multicast group (the current watch file).
expect_alerts()
{
	local hook=$1 id=$2 what=$3 n

	assert_grep "dsec: .*verdict=blocked.*hook=$hook .*cgroup=\"?/$id\"?( |\$)" "$T_DMESG" \
		"$what: alert in the kernel log"
	n=$(watch_count ".hook == \"$hook\" and .verdict == \"blocked\" and .cgroup == \"/$id\"")
	assert_ge 1 "$n" "$what: alert on the alerts multicast group"
}
