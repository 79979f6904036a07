// SPDX-License-Identifier: GPL-2.0
/*
 * Exec of one program, reported in the tools' format, for guards that
 * decide on exec (setuid-exec, host-files).
 *
 *   exec-path PATH [ARG...]
 *
 * Forks, execs PATH and waits. Steps: "exec PATH" (the errno of a failed
 * execv, passed back over a close-on-exec pipe). A program that ran but
 * did not exit 0 is a setup error.
 */
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "exec-path";

int main(int argc, char **argv)
{
	int pipefd[2], status, err = 0;
	pid_t pid;

	if (argc < 2)
		tool_usage("usage: exec-path PATH [ARG...]");
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		tool_usage("pipe2 failed: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		tool_usage("fork failed: %s", strerror(errno));
	if (pid == 0) {
		execv(argv[1], argv + 1);
		err = errno;
		if (write(pipefd[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(126);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	waitpid(pid, &status, 0);
	if (err)
		tool_step_failed(err, "exec %s", argv[1]);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		tool_usage("'%s' ran but did not exit 0 (status %#x)", argv[1], status);
	tool_ok();
}
