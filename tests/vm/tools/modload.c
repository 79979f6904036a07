// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel module load from a container: with CAP_SYS_MODULE a container
 * runs arbitrary code in the host kernel.
 *
 *   modload finit|init MODULE.ko
 *
 * finit: finit_module(2) on an open descriptor of the file. init:
 * init_module(2) on the file's contents in memory. Steps: "open",
 * "finit_module", "init_module".
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "modload";

#define MODULE_MAX_BYTES (64 << 20)

int main(int argc, char **argv)
{
	struct stat st;
	char *image;
	size_t done;
	ssize_t n;
	int fd;

	if (argc != 3)
		tool_usage("usage: modload finit|init MODULE.ko");
	fd = open(argv[2], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		tool_step_failed(errno, "open");

	if (!strcmp(argv[1], "finit")) {
		if (syscall(__NR_finit_module, fd, "", 0) < 0)
			tool_step_failed(errno, "finit_module");
		tool_ok();
	}
	if (strcmp(argv[1], "init"))
		tool_usage("unknown mode '%s'; expected finit or init", argv[1]);

	if (fstat(fd, &st) < 0 || st.st_size <= 0 || st.st_size > MODULE_MAX_BYTES)
		tool_usage("'%s' is empty, unreadable or larger than %d bytes",
			   argv[2], MODULE_MAX_BYTES);
	image = malloc(st.st_size);
	if (!image)
		tool_usage("out of memory for %lld bytes", (long long)st.st_size);
	for (done = 0; done < (size_t)st.st_size; done += n) {
		n = read(fd, image + done, st.st_size - done);
		if (n <= 0)
			tool_usage("reading '%s' failed", argv[2]);
	}
	if (syscall(__NR_init_module, image, (unsigned long)st.st_size, "") < 0)
		tool_step_failed(errno, "init_module");
	tool_ok();
}
