#!/bin/bash
# `dsecctl status` after insmod: every hook is active, the module reports
# the running kernel, and no essential probe failed.
. "$DSEC_TOP/tests/vm/lib.sh"

dsec_insmod || t_abort "insmod $DSEC_KO failed"
dsecctl status >"$DSEC_OUT/status.txt" 2>&1
dsecctl status --json >"$DSEC_OUT/status.json" 2>&1 ||
	t_abort "dsecctl status --json failed: $(cat "$DSEC_OUT/status.json")"

assert_eq "$(uname -r)" "$(jq -r .kernel "$DSEC_OUT/status.json")" "status reports the running kernel"
assert_eq false "$(jq -r .locked "$DSEC_OUT/status.json")" "module starts unlocked"
for hook in exec mount ptrace write module; do
	assert_eq true "$(jq -r --arg h "$hook" '.hooks[] | select(.name == $h) | .active' "$DSEC_OUT/status.json")" \
		"hook $hook is active"
done
for symbol in security_bprm_check security_file_open security_sb_mount; do
	assert_eq true "$(jq -r --arg s "$symbol" '.probes[] | select(.symbol == $s) | .active' "$DSEC_OUT/status.json")" \
		"essential probe $symbol is active"
done
# Probes that are inactive must say why.
inactive=$(jq -r '.probes[] | select(.active != true) | "\(.symbol) error=\(.error)"' "$DSEC_OUT/status.json")
[ -z "$inactive" ] || echo "note: inactive probes on $DSEC_KERNEL: $inactive"
assert_eq "" "$(jq -r '.probes[] | select(.active != true and .error == 0) | .symbol' "$DSEC_OUT/status.json")" \
	"every inactive probe reports an errno"
t_check "rmmod dsec" dsec_rmmod
t_done
