#!/bin/bash
# Print a short summary of a policy written by the policy generator:
# each scope's guards and defaults, then its rules grouped by the
# finding behind them. Reads the block-style YAML that
# `dsecctl scan --emit-policy` and `dsecctl policy from-scan` write.
#
# Usage: tests/demo/policy-summary.sh POLICY.yaml
set -euo pipefail

[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: policy-summary.sh POLICY.yaml" >&2; exit 2; }

awk '
function flush() {
	if (action == "")
		return
	key = action " " finding
	count[key]++
	if (count[key] <= 3)
		paths[key] = paths[key] " " path
	else if (count[key] == 4)
		paths[key] = paths[key] " ..."
	if (!(key in seen)) {
		seen[key] = 1
		order[++n] = key
	}
	action = path = finding = ""
}
/^name: /			{ printf "policy %s\n", $2 }
/^- name: /			{ printf "scope %s:\n", $3 }
/^  guards: /			{ sub(/^  guards: /, ""); printf "  guards:   %s\n", $0 }
/^  writable: /			{ sub(/^  writable: /, ""); printf "  writable: %s\n", $0 }
/^  defaults: /			{ sub(/^  defaults: /, ""); gsub(/"/, ""); printf "  defaults: %s\n", $0 }
/^  - id: /			{ flush() }
/^    action: /			{ action = $2 }
/^    path: /			{ path = $2 }
/^    finding: /		{ finding = $2 }
END {
	flush()
	printf "  rules, by the finding behind them:\n"
	for (i = 1; i <= n; i++) {
		split(order[i], part, " ")
		printf "    %4d %-5s %-22s%s\n", count[order[i]], part[1], part[2], paths[order[i]]
	}
}' "$1"
