// SPDX-License-Identifier: GPL-2.0
/*
 * Reconfigure the super block mounted at a directory through the new
 * mount API (fspick, then fsconfig FSCONFIG_CMD_RECONFIGURE), which
 * mount(2) hooks never see.
 *
 *   fspick-remount DIR
 *
 * The reconfigure sets no option, so it leaves the super block as it
 * was. Steps: "fspick", "fsconfig CMD_RECONFIGURE".
 */
#include <fcntl.h>
#include <linux/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "fspick-remount";

int main(int argc, char **argv)
{
	int fd;

	if (argc != 2)
		tool_usage("usage: fspick-remount DIR");
	fd = syscall(__NR_fspick, AT_FDCWD, argv[1], FSPICK_CLOEXEC);
	if (fd < 0)
		tool_step_failed(errno, "fspick");
	if (syscall(__NR_fsconfig, fd, FSCONFIG_CMD_RECONFIGURE, NULL, NULL, 0) < 0)
		tool_step_failed(errno, "fsconfig CMD_RECONFIGURE");
	tool_ok();
}
