// SPDX-License-Identifier: GPL-2.0
/*
 * Open a file for writing and close it again without writing, for
 * kernel interfaces where a write would change the machine (PCI
 * configuration space under /proc/bus/pci, /proc/mtrr, block devices):
 * the open is the step a guard must refuse.
 *
 *   attack_openw PATH...
 *
 * Steps: "open PATH".
 */
#include <fcntl.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "attack_openw";

int main(int argc, char **argv)
{
	int i, fd;

	if (argc < 2)
		tool_usage("usage: attack_openw PATH...");
	for (i = 1; i < argc; i++) {
		fd = open(argv[i], O_WRONLY);
		if (fd < 0)
			tool_step_failed(errno, "open %s", argv[i]);
		close(fd);
	}
	tool_ok();
}
