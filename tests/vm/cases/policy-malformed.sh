#!/bin/bash
# A malformed policy is rejected and the loaded one stays in force: after
# each rejected load the dump is unchanged and the exec rule still
# denies. Client-side checks are bypassed with dsecctl load of files
# that only the kernel can reject where possible (the rule count limit),
# and the others prove dsecctl rejects before sending.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

dsec_insmod || t_abort "insmod $DSEC_KO failed"
good=$DSEC_OUT/good.yaml
cat >"$good" <<'YAML'
apiVersion: dsec/v1
kind: Policy
name: vm-malformed
scopes:
  - name: guarded
    selectors:
      - glob: /dsect-g-*
    guards: []
    rules:
      - id: 10
        hook: exec
        action: deny
        path: /usr/local/bin/exit0-denied
YAML
policy_load "$good"
dsecctl dump vm-malformed >"$DSEC_OUT/dump-before.yaml" 2>&1 ||
	t_fail "dsecctl dump failed: $(cat "$DSEC_OUT/dump-before.yaml")"

bad()
{
	local name=$1

	shift
	{ echo "apiVersion: dsec/v1"; echo "kind: Policy"; echo "name: vm-malformed"; printf '%s\n' "$@"; } \
		>"$DSEC_OUT/bad-$name.yaml"
	t_capture dsecctl load "$DSEC_OUT/bad-$name.yaml"
	if [ "$T_STATUS" -ne 0 ]; then
		t_pass "load of $name is rejected ($(echo "$T_OUTPUT" | head -n1))"
	else
		t_fail "load of $name is accepted"
	fi
	dsecctl dump vm-malformed >"$DSEC_OUT/dump-after-$name.yaml" 2>&1
	t_check "$name leaves the loaded policy unchanged" \
		cmp -s "$DSEC_OUT/dump-before.yaml" "$DSEC_OUT/dump-after-$name.yaml"
}

bad syntax "scopes: [ { name: x"
bad unknown-guard "scopes:" "  - name: s" "    selectors: [ { prefix: /x } ]" "    guards: [mounts]"
bad no-selector "scopes:" "  - name: s" "    guards: all"
bad duplicate-rule-id "scopes:" "  - name: s" "    selectors: [ { prefix: /x } ]" \
	"    rules:" "      - { id: 5, hook: exec, action: deny, path: /a }" \
	"      - { id: 5, hook: exec, action: deny, path: /b }"
bad long-name "scopes:" "  - name: $(printf 'n%.0s' $(seq 200))" "    selectors: [ { prefix: /x } ]"

# Raw netlink: messages dsecctl would never build reach the kernel.
if [ -x "$DSEC_TOOLS/nl-raw" ]; then
	for kind in scope-index unknown-attr bad-hook no-name; do
		t_capture "$DSEC_TOOLS/nl-raw" bad-load "$kind"
		if [ "$T_STATUS" -eq 1 ]; then
			t_pass "kernel rejects $kind ($(echo "$T_OUTPUT" | tail -n1))"
		else
			t_fail "kernel rejects $kind: exit status $T_STATUS: $T_OUTPUT"
		fi
		dsecctl dump vm-malformed >"$DSEC_OUT/dump-after-raw-$kind.yaml" 2>&1
		t_check "raw $kind leaves the loaded policy unchanged" \
			cmp -s "$DSEC_OUT/dump-before.yaml" "$DSEC_OUT/dump-after-raw-$kind.yaml"
	done
else
	t_fail "tool nl-raw is not built"
fi

assert_denied "exec rule of the loaded policy still denies" \
	in_place runc:dsect-g-malformed -- exec-path /usr/local/bin/exit0-denied
assert_succeeds "other programs still run" \
	in_place runc:dsect-g-malformed2 -- exec-path /usr/local/bin/exit0
t_check "rmmod dsec" dsec_rmmod
t_done
