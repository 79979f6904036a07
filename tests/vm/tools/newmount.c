// SPDX-License-Identifier: GPL-2.0
/*
 * Mount through the new mount API (fsopen, fsconfig, fsmount,
 * move_mount), which bypasses hooks that only watch mount(2).
 *
 *   newmount cgroup1|proc DIR
 *
 * cgroup1 creates a named cgroup v1 hierarchy ("none,name=dsecnew"), the
 * first step of the release_agent escape; proc creates a new procfs
 * instance, whose /sys and /sysrq-trigger are then writable. The mount
 * is attached on DIR and detached again. Steps: "fsopen", "fsconfig",
 * "fsconfig CMD_CREATE", "fsmount", "move_mount".
 */
#include <fcntl.h>
#include <linux/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tool.h"

#ifndef MNT_DETACH
#define MNT_DETACH 2	/* from <sys/mount.h>, which clashes with <linux/mount.h> */
#endif

const char *tool_name = "newmount";

static int fsconfig(int fd, unsigned int cmd, const char *key,
		    const void *value, int aux)
{
	return syscall(__NR_fsconfig, fd, cmd, key, value, aux);
}

int main(int argc, char **argv)
{
	const char *fstype;
	int fsfd, mfd;

	if (argc != 3)
		tool_usage("usage: newmount cgroup1|proc DIR");
	if (!strcmp(argv[1], "cgroup1"))
		fstype = "cgroup";
	else if (!strcmp(argv[1], "proc"))
		fstype = "proc";
	else
		tool_usage("unknown file system '%s'; expected cgroup1 or proc", argv[1]);

	fsfd = syscall(__NR_fsopen, fstype, FSOPEN_CLOEXEC);
	if (fsfd < 0)
		tool_step_failed(errno, "fsopen");
	if (!strcmp(fstype, "cgroup")) {
		if (fsconfig(fsfd, FSCONFIG_SET_FLAG, "none", NULL, 0) < 0)
			tool_step_failed(errno, "fsconfig");
		if (fsconfig(fsfd, FSCONFIG_SET_STRING, "name", "dsecnew", 0) < 0)
			tool_step_failed(errno, "fsconfig");
	}
	if (fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		tool_step_failed(errno, "fsconfig CMD_CREATE");
	mfd = syscall(__NR_fsmount, fsfd, FSMOUNT_CLOEXEC, 0);
	if (mfd < 0)
		tool_step_failed(errno, "fsmount");
	if (syscall(__NR_move_mount, mfd, "", AT_FDCWD, argv[2],
		    MOVE_MOUNT_F_EMPTY_PATH) < 0)
		tool_step_failed(errno, "move_mount");
	syscall(__NR_umount2, argv[2], MNT_DETACH);
	tool_ok();
}
