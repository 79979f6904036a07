#!/bin/bash
# The "shocker" escape: runtimes bind single host files (/etc/hosts,
# /etc/resolv.conf) into containers, and open_by_handle_at() through
# such a bind opens any inode of the host file system, here the ext4
# root (inode 2, generation 0) and a file below it. The descriptor lies
# on the bind mount, inside the container's root, so a path_is_under()
# check alone takes the host file for a container file. The host-files
# guard therefore also requires the dentry to lie under the root of its
# mount.
# Shows: the write fails from runc and crun containers and the host file
# is unchanged, a blocked write alert names the container, and the same
# write reaches the file where the host-files guard is off.
# vm-disk: yes
# vm-timeout: 600
. "$DSEC_TOP/tests/vm/lib.sh"
. "$DSEC_TOP/tests/vm/escapes.sh"

[ -n "${DSEC_DISK:-}" ] || t_abort "this case needs run-guest.sh --disk"
hostfs=$T_RUN/hostfs
mkdir -p "$hostfs"
mount "$DSEC_DISK" "$hostfs" || t_abort "mounting the scratch disk $DSEC_DISK failed"
mkdir -p "$hostfs/share"
echo "127.0.0.1 localhost" >"$hostfs/share/hosts"

# shocker RUNTIME ID: run attack_shocker in a privileged container with
# the disk's share/hosts bound on /etc/hosts.
shocker()
{
	local rt=$1 id=$2 bundle=$DSEC_OUT/bundles/$2 status

	ct_bundle "$id" --privileged -- attack_shocker /etc/hosts 2 0 secret || return 2
	jq --arg src "$hostfs/share/hosts" \
		'.mounts += [{"destination":"/etc/hosts","type":"bind","source":$src,"options":["rbind","rw"]}]' \
		"$bundle/config.json" >"$bundle/config.json.new" &&
		mv "$bundle/config.json.new" "$bundle/config.json" || return 2
	"$rt" run --bundle "$bundle" "$id" </dev/null
	status=$?
	"$rt" delete -f "$id" >/dev/null 2>&1
	umount "$T_RUN/ct/$id/rootfs" 2>/dev/null
	rmdir "/sys/fs/cgroup/$id" 2>/dev/null
	return $status
}

dsec_insmod || t_abort "insmod $DSEC_KO failed"
policy_escape "$DSEC_OUT/policy.yaml" "" "host-files"
policy_load "$DSEC_OUT/policy.yaml"
mark=$(dmesg_mark)

for rt in runc crun; do
	echo original >"$hostfs/secret"
	assert_denied "host file write through open_by_handle_at from a guarded $rt container" \
		shocker "$rt" "dsect-g-shocker-$rt"
	assert_eq original "$(cat "$hostfs/secret")" "the host file is unchanged ($rt)"
done

echo original >"$hostfs/secret"
assert_succeeds "the same write succeeds without the host-files guard" \
	shocker runc dsect-u-shocker
assert_eq DSEC-SHOCKER "$(cat "$hostfs/secret")" "the unguarded write reached the host file"

T_DMESG=$DSEC_OUT/dmesg-alerts.txt
dmesg_since "$mark" "$DSEC_OUT/dmesg-all.txt"
# Leave out the mount alert runc's own setup raises in every container
# (the bind mount of its cloned binary under /run/runc).
grep -v 'path="/run/runc/' "$DSEC_OUT/dmesg-all.txt" >"$T_DMESG"
assert_grep "dsec: .*verdict=blocked.*hook=write .*cgroup=\"?/dsect-g-shocker-runc\"?( |\$)" \
	"$T_DMESG" "a blocked write alert names the container"
umount "$hostfs"
t_check "rmmod dsec after the case" dsec_rmmod
t_done
