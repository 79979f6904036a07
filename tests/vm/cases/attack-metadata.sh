#!/bin/bash
# Metadata changes as writes: through a host directory descriptor leaked
# into the container (the CVE-2024-21626 pattern) a container sets the
# setuid bit on a host program or gives it away with chown, and it
# changes the mode of a file of its read-only root. dsec runs the write
# hook's host-files and read-only-root guards on chmod and chown too.
# Shows: the host file keeps mode 755 and owner 0:0 after runc and crun
# containers tried, /etc/passwd of a guarded container keeps mode 644,
# and the same chmod reaches the host file where both guards are off.
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

dsec_insmod || t_abort "insmod $DSEC_KO failed"
policy_escape "$DSEC_OUT/policy.yaml" "" "host-files readonly-root"
policy_load "$DSEC_OUT/policy.yaml"

hostdir=$T_RUN/escape/hostdir
mkdir -p "$hostdir"
cp "$DSEC_TOOLS/exit0" "$hostdir/exit0"

for rt in runc crun; do
	chmod 0755 "$hostdir/exit0"
	chown 0:0 "$hostdir/exit0"
	t_capture ct_run "$rt" "dsect-g-meta-host-$rt" --privileged --preserve-fds 1 -- \
		sh -c 'chmod 4755 /proc/self/fd/3/exit0; chown 65534:65534 /proc/self/fd/3/exit0' \
		3<"$hostdir"
	assert_eq "755 0:0" "$(stat -c '%a %u:%g' "$hostdir/exit0")" \
		"a guarded $rt container cannot chmod or chown a host file through a leaked descriptor"
	# A container that never started changes nothing either.
	assert_grep '^chmod: .*Operation not permitted' <(echo "$T_OUTPUT") "chmod in $rt fails with EPERM"
	assert_grep '^chown: .*Operation not permitted' <(echo "$T_OUTPUT") "chown in $rt fails with EPERM"
done

# The container prints the mode /etc/passwd has after the chmod, so a
# container that failed to start cannot pass for a denied chmod.
t_capture ct_run runc dsect-g-meta-root --privileged -- \
	sh -c 'chmod 0600 /etc/passwd; echo "mode=$(stat -c %a /etc/passwd)"'
assert_eq mode=644 "$(echo "$T_OUTPUT" | grep '^mode=')" \
	"a guarded container cannot chmod a file of its read-only root"

# Without the two guards the same steps go through, so the tool is sound.
chmod 0755 "$hostdir/exit0"
t_capture ct_run runc dsect-u-meta-host --privileged --preserve-fds 1 -- \
	sh -c 'chmod 4755 /proc/self/fd/3/exit0' 3<"$hostdir"
assert_eq 4755 "$(stat -c %a "$hostdir/exit0")" \
	"without the guards the leaked descriptor reaches the host file"
t_check "rmmod dsec after the case" dsec_rmmod
t_done
