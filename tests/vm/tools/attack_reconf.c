// SPDX-License-Identifier: GPL-2.0
/*
 * Reconfigure the super block mounted at a directory with options, via
 * fspick(2), fsconfig(FSCONFIG_SET_STRING) and FSCONFIG_CMD_RECONFIGURE.
 *
 *   attack_reconf DIR KEY=VALUE...
 *
 * Steps: "fspick", "fsconfig KEY", "fsconfig CMD_RECONFIGURE".
 */
#include <fcntl.h>
#include <linux/mount.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "attack_reconf";

int main(int argc, char **argv)
{
	int fd, i;

	if (argc < 3)
		tool_usage("usage: attack_reconf DIR KEY=VALUE...");
	fd = syscall(__NR_fspick, AT_FDCWD, argv[1], FSPICK_CLOEXEC);
	if (fd < 0)
		tool_step_failed(errno, "fspick");
	for (i = 2; i < argc; i++) {
		char *val = strchr(argv[i], '=');

		if (val)
			*val++ = '\0';
		if (syscall(__NR_fsconfig, fd,
			    val ? FSCONFIG_SET_STRING : FSCONFIG_SET_FLAG,
			    argv[i], val, 0) < 0)
			tool_step_failed(errno, "fsconfig %s", argv[i]);
	}
	if (syscall(__NR_fsconfig, fd, FSCONFIG_CMD_RECONFIGURE, NULL, NULL, 0) < 0)
		tool_step_failed(errno, "fsconfig CMD_RECONFIGURE");
	tool_ok();
}
