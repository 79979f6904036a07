#!/bin/bash
# dsecctl against the real module: every runtime command, the error
# messages scripts rely on, round trips through dump, a policy at the
# 65536-rule limit, and alerts from watch in both output formats.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"

work=$DSEC_OUT/ctl
mkdir -p "$work"

# --------------------------------------------------------- module absent

dsec_loaded && t_abort "dsec is loaded before the case started"
t_capture dsecctl status
assert_eq 1 "$T_STATUS" "status without the module exits 1"
assert_grep "not loaded.*insmod kmod/dsec.ko" <(echo "$T_OUTPUT") \
	"status without the module says how to load it"
t_capture dsecctl frobnicate
assert_eq 2 "$T_STATUS" "an unknown command is a usage error"

dsec_insmod || t_abort "insmod dsec.ko failed"

# ---------------------------------------------------------------- status

dsecctl status --json >"$work/status0.json" || t_fail "status --json failed"
assert_eq 1 "$(jq .netlink_version "$work/status0.json")" "status reports netlink version 1"
assert_eq "$(uname -r)" "$(jq -r .kernel "$work/status0.json")" "status reports the running kernel"
assert_eq false "$(jq .locked "$work/status0.json")" "a fresh module is unlocked"
assert_eq 5 "$(jq '.hooks | length' "$work/status0.json")" "status lists five hooks"
assert_eq 0 "$(jq '.policies | length' "$work/status0.json")" "a fresh module has no policies"
assert_succeeds "status prints text" dsecctl status

# ------------------------------------------------------------ load, dump

assert_succeeds "load rules/baseline.yaml" dsecctl load rules/baseline.yaml
for f in rules/examples/*.yaml; do
	assert_succeeds "load $f" dsecctl load "$f"
done
dsecctl status --json >"$work/status1.json"
assert_eq 4 "$(jq '.policies | length' "$work/status1.json")" "four policies are loaded"
assert_eq 7 "$(jq '.policies[] | select(.name == "baseline") | .scopes' "$work/status1.json")" \
	"baseline has seven scopes"
assert_eq "$(sha256sum rules/baseline.yaml | cut -d' ' -f1)" \
	"$(jq -r '.policies[] | select(.name == "baseline") | .sha256' "$work/status1.json")" \
	"status reports the SHA-256 of the loaded file"
assert_eq "$(realpath rules/baseline.yaml)" \
	"$(jq -r '.policies[] | select(.name == "baseline") | .source' "$work/status1.json")" \
	"status reports the absolute source path"
assert_eq 4 "$(jq '.policies[] | select(.name == "per-container") | .rules' "$work/status1.json")" \
	"per-container has four rules"

dsecctl dump >"$work/dump1.yaml" || t_fail "dump failed"
assert_succeeds "the dump passes check" dsecctl check "$work/dump1.yaml"
assert_grep '^name: per-container$' "$work/dump1.yaml" "the dump has every policy"
for name in baseline rollout web-allowlist per-container; do
	assert_succeeds "remove $name" dsecctl remove "$name"
done
assert_eq 0 "$(dsecctl status --json | jq '.policies | length')" "no policy is left"
assert_succeeds "the dump loads again" dsecctl load "$work/dump1.yaml"
dsecctl dump >"$work/dump2.yaml"
# Comments carry the source, digest and load time, which differ.
assert_succeeds "dump, load, dump gives the same policies" \
	diff <(grep -v '^#' "$work/dump1.yaml") <(grep -v '^#' "$work/dump2.yaml")
dsecctl dump per-container >"$work/one.yaml"
assert_grep '^name: per-container$' "$work/one.yaml" "dump NAME prints that policy"
assert_no_grep '^name: baseline$' "$work/one.yaml" "dump NAME prints no other policy"

t_capture dsecctl dump no-such-policy
assert_eq 1 "$T_STATUS" "dump of an unknown policy exits 1"
assert_grep "no policy named 'no-such-policy' is loaded" <(echo "$T_OUTPUT") \
	"dump of an unknown policy names it"
t_capture dsecctl remove no-such-policy
assert_eq 1 "$T_STATUS" "remove of an unknown policy exits 1"
assert_grep "no policy named 'no-such-policy' is loaded" <(echo "$T_OUTPUT") \
	"remove of an unknown policy names it"
t_capture dsecctl remove
assert_eq 2 "$T_STATUS" "remove without a name is a usage error"

# A replacement keeps the name and changes the content atomically.
sed 's/^mode: enforce$/mode: complain/' rules/baseline.yaml >"$work/baseline-complain.yaml"
assert_succeeds "load replaces a policy of the same name" dsecctl load "$work/baseline-complain.yaml"
assert_eq complain "$(dsecctl status --json | jq -r '.policies[] | select(.name == "baseline") | .mode')" \
	"the replaced policy is in complain mode"

# ------------------------------------------------------ the largest policy

awk 'BEGIN {
	print "apiVersion: dsec/v1\nkind: Policy\nname: large\nscopes:"
	print "  - name: s\n    selectors: [{prefix: /dsect-large}]\n    guards: none\n    rules:"
	for (i = 0; i < 65536; i++)
		printf "      - {hook: exec, action: deny, path: /usr/lib/dsec-test/some/long/path/tool-%d}\n", i
}' >"$work/large.yaml"
assert_succeeds "a policy with 65536 rules loads" dsecctl load "$work/large.yaml"
assert_eq 65536 "$(dsecctl status --json | jq '.policies[] | select(.name == "large") | .rules')" \
	"the kernel holds 65536 rules"
assert_succeeds "remove the large policy" dsecctl remove large

# ----------------------------------------------------------- lock, unlock

assert_succeeds "lock" dsecctl lock
assert_eq true "$(dsecctl status --json | jq .locked)" "status reports the lock"
t_check "rmmod fails while locked" bash -c '! rmmod dsec 2>/dev/null'
assert_succeeds "unlock" dsecctl unlock
assert_eq false "$(dsecctl status --json | jq .locked)" "status reports the unlock"

# ----------------------------------------------------------------- alerts

cat >"$work/watch.yaml" <<'YAML'
apiVersion: dsec/v1
kind: Policy
name: watch-test
scopes:
  - name: watched
    selectors: [{prefix: /dsect-watch}]
    guards: none
    rules:
      - {id: 9, hook: exec, action: deny, path: /usr/bin/true, name: no-true}
YAML
policy_load "$work/watch.yaml"

dsecctl watch --json --count 1 --timeout 60 >"$work/watch.jsonl" 2>"$work/watch.err" &
json_pid=$!
dsecctl watch --count 1 --timeout 60 >"$work/watch.txt" 2>"$work/watch-text.err" &
text_pid=$!
for i in $(seq 50); do
	grep -q 'watching dsec alerts' "$work/watch.err" "$work/watch-text.err" 2>/dev/null &&
		[ "$(grep -l 'watching dsec alerts' "$work/watch.err" "$work/watch-text.err" | wc -l)" -eq 2 ] &&
		break
	sleep 0.1
done
# A shell that moves itself into the scope's cgroup, then execs.
t_capture bash -c 'mkdir -p /sys/fs/cgroup/dsect-watch
	echo $$ >/sys/fs/cgroup/dsect-watch/cgroup.procs
	exec /usr/bin/true'
t_check "exec of a denied path fails" [ "$T_STATUS" -ne 0 ]
wait "$json_pid"
assert_eq 0 "$?" "watch --json --count 1 exits 0 after one alert"
wait "$text_pid"
assert_eq 0 "$?" "watch --count 1 exits 0 after one alert"
assert_eq 1 "$(wc -l <"$work/watch.jsonl")" "watch --json printed one line"
assert_eq "exec deny blocked watch-test watched 9 no-true /usr/bin/true /dsect-watch" \
	"$(jq -r '[.hook, .action, .verdict, .policy, .scope, .rule_id, .rule_name, .path, .cgroup] | join(" ")' "$work/watch.jsonl")" \
	"the JSON alert names hook, action, verdict, policy, scope, rule and path"
assert_grep '^time=[0-9T:.Z-]+ seq=[0-9]+ hook=exec action=deny verdict=blocked .*rule_id=9 rule_name=no-true .*path=/usr/bin/true' \
	"$work/watch.txt" "the text alert is one key=value line"

t_capture dsecctl watch --count 1 --timeout 1 --quiet
assert_eq 1 "$T_STATUS" "watch --count with no alerts exits 1 after --timeout"
assert_grep "timed out after 1 s with 0 of 1 alerts" <(echo "$T_OUTPUT") \
	"watch says it timed out"
# The binary itself, not the dsecctl shell function: a function run in
# the background is a subshell, and the signal would end that instead.
"$DSECCTL" watch >/dev/null 2>"$work/watch-term.err" &
pid=$!
for i in $(seq 100); do
	grep -q 'watching dsec alerts' "$work/watch-term.err" && break
	sleep 0.1
done
kill -TERM "$pid"
wait "$pid"
assert_eq 0 "$?" "watch exits 0 on SIGTERM"

# ---------------------------------------------------------- permissions

t_capture setpriv --reuid=65534 --regid=65534 --clear-groups "$DSECCTL" status
assert_eq 1 "$T_STATUS" "status as an unprivileged user exits 1"
assert_grep "CAP_NET_ADMIN in the initial user namespace" <(echo "$T_OUTPUT") \
	"status as an unprivileged user names the capability"

# The kernel rejects callers inside a container scope and says so.
t_capture bash -c 'mkdir -p /sys/fs/cgroup/dsect-watch; echo $$ >/sys/fs/cgroup/dsect-watch/cgroup.procs;
	exec "$0" remove watch-test' "$DSECCTL"
assert_eq 1 "$T_STATUS" "remove from inside a container scope exits 1"
assert_grep "caller runs inside a container scope" <(echo "$T_OUTPUT") \
	"the kernel's extack message is printed"

dsecctl remove watch-test >/dev/null
dsec_rmmod || t_fail "rmmod dsec after the case failed"
t_done
