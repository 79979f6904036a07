// SPDX-License-Identifier: GPL-2.0
/*
 * Make the mount at a directory writable with mount_setattr(2), which
 * changes per-mount flags without calling any mount(2) security hook.
 *
 *   attack_mntattr DIR
 *
 * Step: "mount_setattr".
 */
#include <fcntl.h>
#include <linux/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "attack_mntattr";

int main(int argc, char **argv)
{
	struct mount_attr attr = { .attr_clr = MOUNT_ATTR_RDONLY };

	if (argc != 2)
		tool_usage("usage: attack_mntattr DIR");
	if (syscall(__NR_mount_setattr, AT_FDCWD, argv[1], 0, &attr,
		    sizeof(attr)) < 0)
		tool_step_failed(errno, "mount_setattr");
	tool_ok();
}
