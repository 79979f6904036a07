#!/bin/bash
# Making a read-only host volume writable: runtimes bind a host directory
# read-only into a container. mount_setattr(2) clears MOUNT_ATTR_RDONLY
# without calling any mount(2) hook, and a write to a volume under the
# container's root passes the host-files guard, so the mount guard
# denies mount_setattr(2) itself. Shows: the host file on the volume is unchanged after guarded
# runc and crun containers tried mount_setattr, remount(2) is denied
# (the guard's intent), and the write goes through where the mount guard
# is off.
# vm-timeout: 600
# vm-disk: yes
. "$DSEC_TOP/tests/vm/lib.sh"

[ -n "${DSEC_DISK:-}" ] || t_abort "no scratch disk"
dsec_insmod || t_abort "insmod $DSEC_KO failed"
policy_escape "$DSEC_OUT/policy.yaml" "" "mount"
policy_load "$DSEC_OUT/policy.yaml"

vol=$T_RUN/vol
mkdir -p "$vol"
mount "$DSEC_DISK" "$vol" || t_abort "mount $DSEC_DISK failed"
mkdir -p "$vol/shared"

# ro_volume RUNTIME ID COMMAND: run COMMAND in a privileged container
# with $vol/shared bound read-only at /data, as `-v DIR:/data:ro` does.
ro_volume()
{
	local rt=$1 id=$2 bundle=$DSEC_OUT/bundles/$2 status

	shift 2
	ct_bundle "$id" --privileged -- "$@" || return 2
	jq --arg src "$vol/shared" '.mounts += [{"destination": "/data",
		"type": "bind", "source": $src,
		"options": ["rbind", "ro", "nosuid", "nodev"]}]' \
		"$bundle/config.json" >"$bundle/config.tmp" &&
		mv "$bundle/config.tmp" "$bundle/config.json" || return 2
	"$rt" run --bundle "$bundle" "$id" </dev/null
	status=$?
	"$rt" delete -f "$id" >/dev/null 2>&1
	umount "$T_RUN/ct/$id/rootfs" 2>/dev/null
	rmdir "/sys/fs/cgroup/$id" 2>/dev/null
	return $status
}

for rt in runc crun; do
	echo original >"$vol/shared/file"
	t_capture ro_volume "$rt" "dsect-g-rw-mnt-$rt" \
		sh -c 'mount -o remount,bind,rw /data; echo changed >/data/file'
	assert_eq original "$(cat "$vol/shared/file")" \
		"a guarded $rt container cannot remount its read-only volume writable ($T_OUTPUT)"
	t_capture ro_volume "$rt" "dsect-g-rw-attr-$rt" \
		sh -c 'attack_mntattr /data; echo changed >/data/file'
	assert_eq original "$(cat "$vol/shared/file")" \
		"a guarded $rt container cannot make its read-only volume writable with mount_setattr ($T_OUTPUT)"
done

# Without the mount guard the same steps write the file.
echo original >"$vol/shared/file"
t_capture ro_volume runc dsect-u-rw-attr \
	sh -c 'attack_mntattr /data; echo changed >/data/file'
assert_eq changed "$(cat "$vol/shared/file")" \
	"without the mount guard mount_setattr makes the volume writable ($T_OUTPUT)"
umount "$vol"
t_check "rmmod dsec after the case" dsec_rmmod
t_done
