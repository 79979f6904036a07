// SPDX-License-Identifier: GPL-2.0
/*
 * Escape through a file descriptor leaked from the host into the
 * container, the pattern of CVE-2024-21626 (runc leaked a descriptor of
 * the host's /sys/fs/cgroup, so a working directory of /proc/self/fd/7
 * put the container process in the host's file system).
 *
 *   leaked-fd exec FD [ARG...]     execveat(FD, "", AT_EMPTY_PATH)
 *   leaked-fd chdir-write DIRFD NAME   fchdir(DIRFD), create NAME, write
 *   leaked-fd chdir-exec DIRFD NAME [ARG...]  fchdir(DIRFD), execv(NAME)
 *
 * The test passes the descriptors in with the runtime's --preserve-fds.
 * On success, exec replaces this process (the executed program's status
 * is the result). Steps: "execveat", "fchdir", "open NAME for writing",
 * "write", "execv NAME".
 */
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "leaked-fd";

extern char **environ;

int main(int argc, char **argv)
{
	char *exec_argv[64] = { 0 };
	int i, fd, out;

	if (argc < 3)
		tool_usage("usage: leaked-fd exec FD [ARG...] | chdir-write DIRFD NAME | chdir-exec DIRFD NAME [ARG...]");
	fd = tool_number("FD", argv[2]);

	if (!strcmp(argv[1], "exec")) {
		exec_argv[0] = "leaked";
		for (i = 3; i < argc && i - 2 < 63; i++)
			exec_argv[i - 2] = argv[i];
		syscall(__NR_execveat, fd, "", exec_argv, environ, AT_EMPTY_PATH);
		tool_step_failed(errno, "execveat");
	}

	if (argc < 4)
		tool_usage("mode '%s' needs a NAME", argv[1]);
	if (fchdir(fd) < 0)
		tool_step_failed(errno, "fchdir");

	if (!strcmp(argv[1], "chdir-write")) {
		out = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (out < 0)
			tool_step_failed(errno, "open %s for writing", argv[3]);
		if (write(out, "DSEC\n", 5) < 0)
			tool_step_failed(errno, "write");
		close(out);
		tool_ok();
	}
	if (!strcmp(argv[1], "chdir-exec")) {
		for (i = 3; i < argc && i - 3 < 63; i++)
			exec_argv[i - 3] = argv[i];
		execv(argv[3], exec_argv);
		tool_step_failed(errno, "execv %s", argv[3]);
	}
	tool_usage("unknown mode '%s'; expected exec, chdir-write or chdir-exec", argv[1]);
}
