#!/bin/bash
# Module semantics without a container runtime: a shell moved into the
# cgroup /kmod-ct by hand is the container. Covers exact, prefix and
# glob rules, audit and complain mode, two policies (strictest wins),
# rejected policies leaving the loaded one in force, callers inside a
# scope, a 65,536-rule policy with a multi-part dump, probe status and
# the unload lock.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"

K=/tmp/kmod
NL=$DSEC_TOOLS/dsec-nl

# in_ct CGROUP COMMAND...: run COMMAND in CGROUP (created if needed).
in_ct()
{
	local cg=$1

	shift
	mkdir -p "/sys/fs/cgroup$cg"
	sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "/sys/fs/cgroup$cg" "$@"
}

# expect_exec_denied DESCRIPTION CGROUP PATH: exec fails with EPERM.
expect_exec_denied()
{
	t_capture in_ct "$2" "$DSEC_TOOLS/exec-path" "$3"
	if [ "$T_STATUS" -eq 1 ] && echo "$T_OUTPUT" | grep -q 'failed: EPERM'; then
		t_pass "$1"
	else
		t_fail "$1: expected EPERM, got status $T_STATUS: $T_OUTPUT"
	fi
}

expect_exec_ok()
{
	assert_succeeds "$1" in_ct "$2" "$DSEC_TOOLS/exec-path" "$3"
}

mkdir -p $K/bin $K/pre/sub $K/g $K/deep/a/b $K/ro /deny
for f in denied allowed audited complain second; do
	cp "$DSEC_TOOLS/exit0" "$K/bin/$f"
done
cp "$DSEC_TOOLS/exit0" $K/pre/sub/tool
cp "$DSEC_TOOLS/exit0" $K/g/x.bad
cp "$DSEC_TOOLS/exit0" $K/g/x.good
cp "$DSEC_TOOLS/exit0" $K/deep/a/b/x
cp "$DSEC_TOOLS/exit0" $K/deep/x
cp "$DSEC_TOOLS/exit0" /deny/5
echo data >$K/ro/file

cat >"$DSEC_OUT/rules.yaml" <<YAML
apiVersion: dsec/v1
kind: Policy
name: kmod-rules
mode: enforce
scopes:
  - name: ct
    selectors:
      - prefix: /kmod-ct
    guards: none
    rules:
      - { id: 1, hook: exec, action: deny, path: $K/bin/denied, name: exact-deny }
      - { id: 2, hook: exec, action: deny, match: prefix, path: $K/pre, name: prefix-deny }
      - { id: 3, hook: exec, action: deny, match: glob, path: "$K/g/*.bad", name: glob-deny }
      - { id: 4, hook: exec, action: deny, match: glob, path: "$K/deep/**/x", name: deep-deny }
      - { id: 5, hook: exec, action: audit, path: $K/bin/audited, name: audit-me }
      - { id: 6, hook: exec, action: deny, mode: complain, path: $K/bin/complain, name: complain-me }
      - { id: 7, hook: write, action: deny, match: prefix, path: $K/ro, name: ro-dir }
      - { id: 8, hook: exec, action: allow, path: $K/g/x.bad.allowed, name: unused }
YAML

dsec_insmod || t_abort "insmod dsec.ko failed"

t_capture "$NL" probes
echo "$T_OUTPUT" | sed 's/^/    /'
assert_eq 0 "$(echo "$T_OUTPUT" | grep -c 'active=0')" "every present kprobe is active"
assert_ge 17 "$(echo "$T_OUTPUT" | grep -c 'active=1')" "at least 17 kprobes registered"

# Where the probes sit: after __fentry__, int3-based, never optimized.
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
grep 'security_' /sys/kernel/debug/kprobes/list >"$DSEC_OUT/kprobes.txt"
sed 's/^/    /' "$DSEC_OUT/kprobes.txt"
assert_ge 17 "$(grep -c '+0x[0-9a-f]*' "$DSEC_OUT/kprobes.txt")" "probes sit past the function entry"
assert_no_grep 'security_[a-z_]*(\+0x0)? |OPTIMIZED|FTRACE' "$DSEC_OUT/kprobes.txt" \
	"no probe at +0, optimized or ftrace-based"

policy_load "$DSEC_OUT/rules.yaml"
mark=$(dmesg_mark)

expect_exec_denied "exact rule denies exec" /kmod-ct $K/bin/denied
expect_exec_ok "unlisted program runs" /kmod-ct $K/bin/allowed
expect_exec_denied "prefix rule denies exec below it" /kmod-ct/sub $K/pre/sub/tool
expect_exec_denied "glob rule denies a matching name" /kmod-ct $K/g/x.bad
expect_exec_ok "glob rule leaves other names alone" /kmod-ct $K/g/x.good
expect_exec_denied "'**/' glob matches across directories" /kmod-ct $K/deep/a/b/x
expect_exec_denied "'**/' glob matches no directory" /kmod-ct $K/deep/x
expect_exec_ok "audit rule allows" /kmod-ct $K/bin/audited
expect_exec_ok "complain-mode deny allows" /kmod-ct $K/bin/complain
assert_succeeds "host process runs a denied program" "$DSEC_TOOLS/exec-path" $K/bin/denied

# A path longer than PATH_MAX cannot be built, so no rule could match it.
long=$(printf 'd%.0s' $(seq 200))
mkdir -p $K/long && cd $K/long || t_abort "cd $K/long failed"
for i in $(seq 24); do
	mkdir -p "$long" && cd "$long" || t_abort "cd to depth $i failed"
done
cp "$DSEC_TOOLS/exit0" ./x
expect_exec_denied "exec beyond PATH_MAX fails closed" /kmod-ct ./x
cd / || t_abort "cd / failed"
t_capture in_ct /kmod-ct sh -c "echo x >$K/ro/file"
t_check "write rule denies open for write ($T_OUTPUT)" grep -q 'Operation not permitted' <<<"$T_OUTPUT"
assert_succeeds "write rule allows reading" in_ct /kmod-ct cat $K/ro/file
assert_eq data "$(cat $K/ro/file)" "denied write left the file unchanged"

T_DMESG=$DSEC_OUT/dmesg-rules.txt
dmesg_since "$mark" "$T_DMESG"
assert_grep 'action=deny verdict=blocked mode=enforce hook=exec policy="kmod-rules" scope="ct" cgroup="/kmod-ct" .*path="/tmp/kmod/bin/denied" rule=1 rule_name="exact-deny"' \
	"$T_DMESG" "deny alert names rule, scope, cgroup and path"
assert_grep 'action=audit verdict=allowed .*rule=5 ' "$T_DMESG" "audit rule raises an alert"
assert_grep 'action=deny verdict=allowed mode=complain .*rule=6 ' "$T_DMESG" "complain-mode deny is reported as allowed"
assert_grep 'hook=write .*path="/tmp/kmod/ro/file" rule=7 ' "$T_DMESG" "write alert names the file"
assert_no_grep 'cgroup="/"' "$T_DMESG" "no alert for the host process"
assert_grep 'verdict=blocked .*reason=path-too-long' "$T_DMESG" "path beyond PATH_MAX is reported"
assert_ge 6 "$(hook_counter exec denied)" "exec denied counter"
assert_ge 2 "$(hook_counter exec audited)" "exec audited counter counts audit and complain"

# A second policy can only add restrictions.
cat >"$DSEC_OUT/second.yaml" <<YAML
apiVersion: dsec/v1
kind: Policy
name: kmod-second
scopes:
  - name: ct
    selectors:
      - glob: /kmod-c*
    rules:
      - { id: 1, hook: exec, action: deny, path: $K/bin/second, name: second-deny }
      - { id: 2, hook: exec, action: allow, path: $K/bin/denied, name: try-allow }
YAML
expect_exec_ok "program runs before the second policy" /kmod-ct $K/bin/second
policy_load "$DSEC_OUT/second.yaml"
expect_exec_denied "second policy adds a deny" /kmod-ct $K/bin/second
expect_exec_denied "second policy cannot lift the first's deny" /kmod-ct $K/bin/denied
assert_succeeds "second policy removed" dsecctl remove kmod-second
expect_exec_ok "program runs again after removal" /kmod-ct $K/bin/second

# Rejected requests name the problem and leave the loaded policy alone.
t_capture "$NL" unknown-attr
assert_eq 1 "$T_STATUS" "unknown attribute is rejected"
t_check "unknown attribute rejection is EINVAL ($T_OUTPUT)" grep -q 'EINVAL' <<<"$T_OUTPUT"
t_capture "$NL" bad-scope-index
t_check "rule with a scope index out of range is rejected ($T_OUTPUT)" \
	grep -q 'rule scope index out of range' <<<"$T_OUTPUT"
t_capture "$NL" dup-rule-id
t_check "duplicate rule id is rejected ($T_OUTPUT)" grep -q 'duplicate rule id' <<<"$T_OUTPUT"
t_capture "$NL" bad-flags
t_check "unknown policy flag is rejected ($T_OUTPUT)" grep -q 'EINVAL' <<<"$T_OUTPUT"
expect_exec_denied "loaded policy still in force after rejected loads" /kmod-ct $K/bin/denied

cat >"$DSEC_OUT/self.yaml" <<YAML
apiVersion: dsec/v1
kind: Policy
name: kmod-self
scopes:
  - name: everything
    selectors:
      - prefix: /
    guards: all
YAML
t_capture dsecctl load "$DSEC_OUT/self.yaml"
t_check "policy covering the loader's cgroup is rejected ($T_OUTPUT)" \
	grep -q 'covers the cgroup of the loading process' <<<"$T_OUTPUT"

t_capture in_ct /kmod-ct "$DSECCTL" status
t_check "caller inside a scope is rejected ($T_OUTPUT)" \
	grep -q 'inside a container scope' <<<"$T_OUTPUT"

# 65,536 exact rules in one message, dumped back in several parts.
assert_succeeds "policy with 65536 rules loads" "$NL" big kmod-big /kmod-big 65536
t_capture "$NL" dump kmod-big
t_check "dump returns every rule ($T_OUTPUT)" grep -q 'scopes=1 rules=65536 ' <<<"$T_OUTPUT"
t_check "dump spans several messages ($T_OUTPUT)" \
	bash -c "[ \$(sed -n 's/.*messages=\([0-9]*\).*/\1/p' <<<'$T_OUTPUT') -gt 1 ]"
expect_exec_denied "exact rule 6 of 65536 denies" /kmod-big/c1 /deny/5
t_capture dsecctl dump kmod-big
assert_eq 0 "$T_STATUS" "dsecctl dump reads the multi-part dump"
assert_eq 65536 "$(grep -o '/deny/[0-9]*' <<<"$T_OUTPUT" | sort -u | wc -l)" "dsecctl dump prints every rule"
assert_succeeds "big policy removed" "$NL" remove kmod-big

# The unload lock.
assert_succeeds "lock" dsecctl lock
t_check "rmmod fails while locked" bash -c '! rmmod dsec 2>/dev/null'
assert_succeeds "unlock" dsecctl unlock
assert_succeeds "rmmod after unlock" dsec_rmmod
t_check "module is gone" bash -c '! [ -d /sys/module/dsec ]'
t_done
