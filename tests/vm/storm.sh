#!/bin/bash
# Storm helpers, sourced after lib.sh: a policy with one exec and one
# write deny rule for the containers /dsect-s-*, and a parser for the
# summary line of the storm tool.

# policy_storm FILE [NAME] [EXTRA_RULES]: EXTRA_RULES is a number of
# additional exec deny rules on paths that never match, so two versions
# of the same policy differ while both deny the same operations.
policy_storm()
{
	local file=$1 name=${2:-vm-storm} extra=${3:-0} i

	{
		cat <<YAML
apiVersion: dsec/v1
kind: Policy
name: $name
scopes:
  - name: storm
    selectors:
      - glob: /dsect-s-*
    guards: []
    rules:
      - { id: 1, hook: exec, action: deny, path: /usr/local/bin/exit0-denied, name: storm-exec }
      - { id: 2, hook: write, action: deny, path: /dsec/denied-file, name: storm-write }
YAML
		for ((i = 0; i < extra; i++)); do
			echo "      - { id: $((i + 100)), hook: exec, action: deny, path: /nonexistent/rule-$i }"
		done
	} >"$file"
}

# storm_field FILE MODE FIELD: print FIELD of the storm line of MODE.
storm_field()
{
	sed -n "s/.*storm: mode=$2 .*\\b$3=\\([0-9]*\\).*/\\1/p" "$1" | head -n1
}

# storm_assert_clean FILE MODE: no denied operation got through and no
# allowed one was refused.
storm_assert_clean()
{
	local file=$1 mode=$2

	assert_ge 1 "$(storm_field "$file" "$mode" rounds)" "$mode storm ran"
	assert_eq 0 "$(storm_field "$file" "$mode" denied_ok)" "$mode storm: no denied $mode got through"
	assert_eq 0 "$(storm_field "$file" "$mode" denied_other)" "$mode storm: denied ${mode}s fail only with EPERM/EACCES"
	assert_eq 0 "$(storm_field "$file" "$mode" allowed_denied)" "$mode storm: no allowed $mode was denied"
	assert_eq 0 "$(storm_field "$file" "$mode" allowed_other)" "$mode storm: no allowed $mode failed"
}

STORM_EXEC_ARGS="/usr/local/bin/exit0 /usr/local/bin/exit0-denied"
STORM_OPEN_ARGS="/dsec/allowed-file /dsec/denied-file"
