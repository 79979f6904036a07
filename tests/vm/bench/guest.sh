#!/bin/bash
# Hook overhead measurement inside one guest booted with run-guest.sh
# --bench (QEMU -icount shift=0,sleep=off -smp 1, so guest time counts
# instructions). For each configuration (no module, module without
# policy, 10-rule policy, 1,000-rule policy) it runs an exec loop (static
# fork+exec, BENCH_EXEC_RUNS) and an open/close loop (BENCH_OPEN_RUNS)
# as a host process and inside a runc container, and keeps the median of
# BENCH_REPEAT runs. Writes "config=C where=W mode=M per_op_ns=N" lines to
# $DSEC_OUT/bench.txt.
. "$DSEC_TOP/tests/vm/lib.sh"

exec_runs=${BENCH_EXEC_RUNS:-300}
open_runs=${BENCH_OPEN_RUNS:-20000}
results=$DSEC_OUT/bench.txt
: >"$results"

# policy_bench FILE RULES: every guard on for the benchmark containers and
# RULES exact-path rules, half exec and half write, that never match.
policy_bench()
{
	local file=$1 rules=$2 i hook

	{
		cat <<YAML
apiVersion: dsec/v1
kind: Policy
name: vm-bench
scopes:
  - name: bench
    selectors:
      - glob: /dsect-b-*
    guards: all
    mount-fstypes: [tmpfs, devpts, mqueue]
    writable: [/tmp, /run, /dev]
    rules:
YAML
		for ((i = 1; i <= rules; i++)); do
			if [ $((i % 2)) -eq 0 ]; then hook=exec; else hook=write; fi
			echo "      - { id: $i, hook: $hook, action: deny, path: /opt/bench/rule-$i }"
		done
	} >"$file"
}

# median_line: read "bench: ... per_op_ns=N" lines and print the one
# with the median per_op_ns.
median_line()
{
	grep 'per_op_ns=' | sed 's/.*per_op_ns=\([0-9]*\).*/\1 &/' | sort -n |
		awk '{ line[NR] = $0 } END { if (NR) { sub(/^[0-9]+ /, "", line[int((NR + 1) / 2)]); print line[int((NR + 1) / 2)] } }'
}

# measure CONFIG: run the four loops, each BENCH_REPEAT times (default 3)
# after one warm-up round, and record the median of each.
measure()
{
	local config=$1 repeat=${BENCH_REPEAT:-3} line where mode

	cp "$DSEC_TOOLS/exit0" "$T_RUN/exit0"
	echo bench >"$T_RUN/open-file"
	for where in host container; do
		for mode in exec open; do
			if [ $where = host ]; then
				if [ $mode = exec ]; then
					line=$("$DSEC_TOOLS/bench-loop" exec 30 "$T_RUN/exit0" >/dev/null &&
						for i in $(seq "$repeat"); do
							"$DSEC_TOOLS/bench-loop" exec "$exec_runs" "$T_RUN/exit0"
						done | median_line)
				else
					line=$("$DSEC_TOOLS/bench-loop" open 2000 "$T_RUN/open-file" >/dev/null &&
						for i in $(seq "$repeat"); do
							"$DSEC_TOOLS/bench-loop" open "$open_runs" "$T_RUN/open-file"
						done | median_line)
				fi
			else
				if [ $mode = exec ]; then
					line=$(ct_run runc "dsect-b-$config-$mode" -- sh -c \
						"bench-loop exec 30 /usr/local/bin/exit0 >/dev/null &&
						 for i in \$(seq $repeat); do bench-loop exec $exec_runs /usr/local/bin/exit0; done" |
						median_line)
				else
					line=$(ct_run runc "dsect-b-$config-$mode" -- sh -c \
						"bench-loop open 2000 /dsec/allowed-file >/dev/null &&
						 for i in \$(seq $repeat); do bench-loop open $open_runs /dsec/allowed-file; done" |
						median_line)
				fi
			fi
			echo "$config $where $mode: $line"
			if [[ $line =~ per_op_ns=([0-9]+) ]]; then
				echo "config=$config where=$where mode=$mode per_op_ns=${BASH_REMATCH[1]}" >>"$results"
				t_pass "$config $where $mode measured"
			else
				t_fail "$config $where $mode: no measurement in '$line'"
			fi
		done
	done
}

measure none
dsec_insmod || t_abort "insmod $DSEC_KO failed"
measure module
policy_bench "$DSEC_OUT/bench-10.yaml" 10
policy_load "$DSEC_OUT/bench-10.yaml"
measure rules10
policy_bench "$DSEC_OUT/bench-1000.yaml" 1000
policy_load "$DSEC_OUT/bench-1000.yaml"
measure rules1000
dsecctl status >"$DSEC_OUT/status.txt" 2>&1
t_check "rmmod dsec" dsec_rmmod
t_done
