#!/bin/bash
# Module stress: policy swaps and rmmod/insmod loops while processes of a
# scoped cgroup exec and open files as fast as they can. The guest boots
# with panic_on_warn=1, so a WARN, an Oops or a use-after-free caught by
# the kernel fails the run. While a policy is loaded, no denied exec or
# open may succeed, whatever is swapped next to it.
# STRESS_SWAPS (default 300) sets the swaps of phase 1 and STRESS_RELOADS
# (default 10) the module reloads of phase 2. make check runs fewer
# (tests/vm/check.plan).
# vm-timeout: 900
. "$DSEC_TOP/tests/vm/lib.sh"

K=/tmp/kmod-stress
NL=$DSEC_TOOLS/dsec-nl
CG=/sys/fs/cgroup/kmod-storm

mkdir -p $K/bin $K/ro "$CG"
cp "$DSEC_TOOLS/exit0" $K/bin/allowed
cp "$DSEC_TOOLS/exit0" $K/bin/denied
: >$K/ro/file
: >$K/rw-file

cat >"$DSEC_OUT/base.yaml" <<YAML
apiVersion: dsec/v1
kind: Policy
name: kmod-stress
scopes:
  - name: storm
    selectors:
      - prefix: /kmod-storm
    guards: none
    rules:
      - { id: 1, hook: exec, action: deny, path: $K/bin/denied }
      - { id: 2, hook: write, action: deny, match: prefix, path: $K/ro }
YAML

# storm_run MODE ALLOWED DENIED OUTFILE: start a storm in the cgroup.
storm_run()
{
	sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$CG" \
		"$DSEC_TOOLS/storm" "$1" 3 0 "$2" "$3" >"$4" 2>&1 &
}

storm_field()
{
	sed -n "s/.* $1=\([0-9]*\).*/\1/p" "$2"
}

swaps=${STRESS_SWAPS:-300}
reloads=${STRESS_RELOADS:-10}

dsec_insmod || t_abort "insmod dsec.ko failed"
policy_load "$DSEC_OUT/base.yaml"

# Phase 1: $swaps replacements of a second policy and 20 of the base one
# under an exec storm and an open storm.
rm -f /run/storm.stop
storm_run exec $K/bin/allowed $K/bin/denied "$DSEC_OUT/storm-exec.txt"
exec_pid=$!
storm_run open $K/rw-file $K/ro/file "$DSEC_OUT/storm-open.txt"
open_pid=$!
sleep 2
assert_succeeds "$swaps policy swaps under load" "$NL" swap kmod-swap /kmod-storm "$swaps"
for i in $(seq 20); do
	dsecctl load "$DSEC_OUT/base.yaml" >/dev/null || t_fail "base policy reload $i failed"
done
assert_succeeds "swapped policy removed under load" "$NL" remove kmod-swap
touch /run/storm.stop
wait $exec_pid $open_pid
cat "$DSEC_OUT/storm-exec.txt" "$DSEC_OUT/storm-open.txt" | sed 's/^/    /'
assert_eq 0 "$(storm_field denied_ok "$DSEC_OUT/storm-exec.txt")" "no denied exec ran during swaps"
assert_eq 0 "$(storm_field allowed_denied "$DSEC_OUT/storm-exec.txt")" "no allowed exec was denied"
assert_ge 1 "$(storm_field denied_denied "$DSEC_OUT/storm-exec.txt")" "denied execs were attempted"
assert_eq 0 "$(storm_field denied_ok "$DSEC_OUT/storm-open.txt")" "no denied open succeeded during swaps"
assert_eq 0 "$(storm_field allowed_denied "$DSEC_OUT/storm-open.txt")" "no allowed open was denied"

# Phase 2: unload and reload the module $reloads times under the exec storm.
rm -f /run/storm.stop
storm_run exec $K/bin/allowed $K/bin/denied "$DSEC_OUT/storm-rmmod.txt"
exec_pid=$!
fails=0
for i in $(seq "$reloads"); do
	sleep 1
	rmmod dsec || fails=$((fails + 1))
	dsec_insmod || fails=$((fails + 1))
	dsecctl load "$DSEC_OUT/base.yaml" >/dev/null || fails=$((fails + 1))
done
touch /run/storm.stop
wait $exec_pid
sed 's/^/    /' "$DSEC_OUT/storm-rmmod.txt"
assert_eq 0 "$fails" "$reloads rmmod/insmod/load rounds under an exec storm"
assert_ge 1 "$(storm_field denied_denied "$DSEC_OUT/storm-rmmod.txt")" "denies kept working across reloads"
assert_succeeds "final rmmod" dsec_rmmod
t_done
