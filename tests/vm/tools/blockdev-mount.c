// SPDX-License-Identifier: GPL-2.0
/*
 * Host block device mount: a privileged container that sees the host's
 * disks under /dev mounts one and reads or rewrites host files.
 *
 *   blockdev-mount DEVICE DIR [FSTYPE]
 *
 * Mounts DEVICE read-only on DIR as FSTYPE (default ext4) and unmounts
 * it again. Step: "mount".
 */
#include <sys/mount.h>

#include "tool.h"

const char *tool_name = "blockdev-mount";

int main(int argc, char **argv)
{
	const char *fstype = argc > 3 ? argv[3] : "ext4";

	if (argc < 3 || argc > 4)
		tool_usage("usage: blockdev-mount DEVICE DIR [FSTYPE]");

	if (mount(argv[1], argv[2], fstype, MS_RDONLY, NULL) < 0)
		tool_step_failed(errno, "mount");
	umount2(argv[2], MNT_DETACH);
	tool_ok();
}
