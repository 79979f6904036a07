#!/bin/bash
# The guest half of `make demo` and of the VM case demo.sh: loads
# dsec.ko, installs the generated policy for dsec-oci-hook, starts the
# scanned image as a privileged runc (or crun) container through the
# hook, tries each escape and drift step from inside it, and checks that
# each one is blocked with an alert in the kernel log and on the alerts
# multicast group, while an ordinary workload keeps working.
#
# Environment: what run-guest.sh sets (see tests/vm/lib.sh), plus
#   DSEC_DEMO_DIR      output of tests/demo/prepare.sh (build/demo)
#   DSEC_DEMO_RUNTIME  runc (default) or crun
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"

demo=${DSEC_DEMO_DIR:-$DSEC_TOP/build/demo}
runtime=${DSEC_DEMO_RUNTIME:-runc}
hook=$DSEC_TOP/ctl/oci-hook/dsec-oci-hook
id=dsec-demo-$runtime
bundle=$DSEC_OUT/bundles/$id
summary=$DSEC_OUT/summary-$runtime.txt

show() { printf '\n=== %s\n' "$*"; }

for f in policy.yaml image-ref rootfs/usr/bin/perl; do
	[ -e "$demo/$f" ] ||
		t_abort "demo input $demo/$f is missing; run tests/demo/prepare.sh on the host first"
done
[ -x "$hook" ] || t_abort "$hook is missing; run 'make' first"

show "Loading dsec.ko and installing the generated policy for dsec-oci-hook"
dsec_loaded || dsec_insmod || t_abort "insmod $DSEC_KO failed"
mkdir -p /etc/dsec/policies.d
cp "$demo/policy.yaml" /etc/dsec/policies.d/demo.yaml
image=$(cat "$demo/image-ref")
echo "policy /etc/dsec/policies.d/demo.yaml is for image '$image'"
watch_start "demo-watch-$runtime"

# A host process for the ptrace attempt.
sleep 1000 &
host_pid=$!

# The scanned image's root file system as a privileged container (all
# capabilities, no seccomp, no masked paths, host PID namespace): without
# dsec, every attempt below succeeds.
mkdir -p "$bundle"
caps=$(echo "$CT_ALL_CAPS" | tr -d '\n')
cat >"$bundle/config.json" <<JSON
{
	"ociVersion": "1.0.2",
	"process": {
		"terminal": false,
		"user": { "uid": 0, "gid": 0 },
		"args": ["/usr/bin/sleep", "1000"],
		"env": ["PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root"],
		"cwd": "/",
		"capabilities": {
			"bounding": [$caps], "effective": [$caps],
			"permitted": [$caps], "inheritable": [$caps]
		}
	},
	"root": { "path": "$demo/rootfs", "readonly": false },
	"hostname": "demo",
	"annotations": { "org.opencontainers.image.ref.name": "$image" },
	"hooks": {
		"createRuntime": [ { "path": "$hook", "args": ["dsec-oci-hook", "createRuntime"] } ],
		"poststop": [ { "path": "$hook", "args": ["dsec-oci-hook", "poststop"] } ]
	},
	"mounts": [
		{"destination":"/proc","type":"proc","source":"proc"},
		{"destination":"/dev","type":"bind","source":"/dev","options":["rbind","rw"]},
		{"destination":"/sys","type":"sysfs","source":"sysfs","options":["nosuid","noexec","nodev"]},
		{"destination":"/tmp","type":"tmpfs","source":"tmpfs","options":["nosuid","nodev","mode=1777"]},
		{"destination":"/run","type":"tmpfs","source":"tmpfs","options":["nosuid","nodev","mode=755"]}
	],
	"linux": {
		"cgroupsPath": "/$id",
		"resources": { "devices": [{"allow":true,"access":"rwm"}] },
		"namespaces": [{"type":"mount"},{"type":"ipc"},{"type":"uts"}],
		"maskedPaths": [], "readonlyPaths": []
	}
}
JSON
jq -e . "$bundle/config.json" >/dev/null || t_abort "invalid bundle config $bundle/config.json"

show "Starting the container with $runtime; dsec-oci-hook attaches the policy"
"$runtime" create --bundle "$bundle" "$id" </dev/null >"$DSEC_OUT/$id.create" 2>&1
status=$?
cat "$DSEC_OUT/$id.create"
[ $status -eq 0 ] || t_abort "$runtime create failed with status $status"
"$runtime" start "$id" || t_abort "$runtime start failed"
hook_line=$(dmesg | grep -m1 "dsec-oci-hook: container $id: loaded" | sed 's/^\[ *[0-9.]*\] //')
echo "kernel log: ${hook_line:-(no line from dsec-oci-hook)}"
t_check "dsec-oci-hook logged the policy it loaded" test -n "$hook_line"
echo "\$ dsecctl status"
dsecctl status | sed -n '/olicies/,$p' | head -n 8
assert_grep "oci-$id" <(dsecctl status) "policy oci-$id loaded by the hook"

: >"$summary"

# Print the arguments as a shell would need them typed: words with
# spaces or shell characters in single quotes.
shell_words()
{
	local w out=()

	for w in "$@"; do
		if [[ $w =~ ^[A-Za-z0-9_./:=+-]+$ ]]; then
			out+=("$w")
		else
			out+=("'${w//\'/\'\\\'\'}'")
		fi
	done
	echo "${out[*]}"
}

# attempt LABEL HOOK PATH COMMAND...: run COMMAND in the container,
# expect it to fail with EPERM/EACCES, and show and check the alert for
# HOOK on PATH ("" for an alert without a path, as ptrace's). Matching
# the path keeps other alerts of the same hook, such as those runc's
# init process raises, from standing in for the attempt's own.
attempt()
{
	local label=$1 hook=$2 path=$3 mark before out status alert event verdict

	shift 3
	attempts=$((attempts + 1))
	show "Attempt $attempts: $label"
	echo "\$ $runtime exec $id $(shell_words "$@")"
	mark=$(dmesg_mark)
	before=$(wc -l <"$WATCH_FILE")
	out=$("$runtime" exec "$id" "$@" 2>&1)
	status=$?
	echo "$out" | tail -n 3 | sed 's/^/  | /'
	echo "  exit status $status"
	dmesg_since "$mark" "$DSEC_OUT/attempt.dmesg"
	sleep 0.3
	alert=$(grep -E "dsec: .*hook=$hook .*cgroup=\"?/$id\"?( |\$)" "$DSEC_OUT/attempt.dmesg" |
		grep -m1 -F "path=\"$path\"" | sed 's/^\[ *[0-9.]*\] //')
	event=$(tail -n +$((before + 1)) "$WATCH_FILE" |
		jq -c --arg h "$hook" --arg c "/$id" --arg p "$path" \
			'select(.hook == $h and .cgroup == $c and (.path // "") == $p)' | head -n1)
	echo "  kernel log:   ${alert:-(none)}"
	# Null members are left out to keep the line short.
	echo "  watch --json: $(echo "${event:-null}" | jq -cr 'if . then with_entries(select(.value != null)) else "(none)" end')"

	if [ $status -ne 0 ] && echo "$out" | grep -Eqi 'not permitted|permission denied|EPERM|EACCES'; then
		t_pass "$label: blocked"
		verdict=blocked
	else
		t_fail "$label: expected EPERM or EACCES, got status $status: $(echo "$out" | tail -n1)"
		verdict="NOT BLOCKED"
	fi
	t_check "$label: alert in the kernel log" test -n "$alert"
	t_check "$label: alert from dsecctl watch --json" test -n "$event"
	printf '%-34s %-12s %-7s %s\n' "$label" "$verdict" "$hook" \
		"$(echo "${event:-null}" | jq -r 'if . then (if .rule_name then "rule " + .rule_name
			elif .guard then "guard " + .guard
			elif .reason == "default" then "scope default (exec allow-list)"
			else .reason // "" end) else "no alert" end')" \
		>>"$summary"
}

attempts=0

attempt "run the planted miner" exec /usr/local/bin/xmrig \
	/usr/local/bin/xmrig
attempt "run the setuid binary" exec /usr/local/bin/suid-id \
	/usr/local/bin/suid-id
attempt "write core_pattern" write /proc/sys/kernel/core_pattern \
	sh -c 'echo "|/tmp/pwn" >/proc/sys/kernel/core_pattern'
# The image has no ptrace tool and its mount is setuid, so perl makes the
# raw x86-64 system calls: 165 is mount(2), 101 ptrace(2), 16 PTRACE_ATTACH.
# Perl's syscall() passes strings as pointers only from variables.
attempt "mount proc (mount(2))" mount /tmp/m \
	perl -e 'my ($s, $d) = ("proc", "/tmp/m"); mkdir $d; syscall(165, $s, $d, $s, 0, 0) == 0 or die "mount: $!\n"'
attempt "ptrace a host process" ptrace "" \
	perl -e "syscall(101, 16, $host_pid, 0, 0) == 0 or die \"ptrace: \$!\\n\""
attempt "install a package (apt-get)" exec /usr/bin/apt-get \
	apt-get install -y netcat-openbsd
attempt "install a package (dpkg)" exec /usr/bin/dpkg \
	dpkg -i /tmp/x.deb
attempt "run a binary dropped in /tmp" exec /tmp/dropped \
	sh -c 'cp /usr/bin/true /tmp/dropped && /tmp/dropped'
attempt "modify /etc/passwd" write /etc/passwd \
	sh -c 'echo "pwn::0:0::/:/bin/sh" >>/etc/passwd'

show "Allowed workload in the same container"
# ls writes to a file rather than a pipe, so a failing ls fails the
# chain; in a pipe the status would be that of the command after it.
workload='echo working >/tmp/job && cat /tmp/job && ls /usr/bin >/tmp/ls && grep -x perl /tmp/ls && perl -e "print 6*7, qq(\n)"'
echo "\$ $runtime exec $id sh -c '$workload'"
mark=$(dmesg_mark)
before=$(wc -l <"$WATCH_FILE")
out=$("$runtime" exec "$id" sh -c "$workload" 2>&1)
status=$?
echo "$out" | sed 's/^/  | /'
echo "  exit status $status"
dmesg_since "$mark" "$DSEC_OUT/workload.dmesg"
sleep 0.3
alerts=$(grep -E "dsec: .*cgroup=\"?/$id\"?( |\$)" "$DSEC_OUT/workload.dmesg" |
	sed 's/^\[ *[0-9.]*\] //')
events=$(tail -n +$((before + 1)) "$WATCH_FILE" |
	jq -c --arg c "/$id" 'select(.cgroup == $c)' | wc -l)
[ -z "$alerts" ] || echo "$alerts" | sed 's/^/  kernel log:   /'
failed_before=$T_FAILED
assert_eq 0 "$status" "allowed workload exits 0"
t_check "allowed workload prints its output" grep -q '^working$' <<<"$out"
t_check "allowed workload lists /usr/bin" grep -q '^perl$' <<<"$out"
t_check "allowed workload runs perl" grep -q '^42$' <<<"$out"
t_check "allowed workload raises no kernel log alert" test -z "$alerts"
assert_eq 0 "$events" "allowed workload raises no dsecctl watch event"
printf '%-34s %-12s %-7s %s\n' "ordinary work (sh, ls, grep, perl)" \
	"$([ "$T_FAILED" -eq "$failed_before" ] && echo works || echo FAILED)" "" "" >>"$summary"

show "Stopping the container; the poststop hook removes the policy"
"$runtime" kill "$id" KILL 2>/dev/null
sleep 0.5
"$runtime" delete -f "$id"
t_check "policy oci-$id removed after the container stopped" \
	sh -c "! $DSECCTL status | grep -q 'oci-$id'"
watch_stop
kill "$host_pid" 2>/dev/null

show "Summary ($runtime, kernel $DSEC_KERNEL)"
printf '%-34s %-12s %-7s %s\n' "attempt" "result" "hook" "decided by"
printf '%-34s %-12s %-7s %s\n' "-------" "------" "----" "----------"
cat "$summary"
t_done
