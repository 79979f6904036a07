// SPDX-License-Identifier: GPL-2.0
/*
 * ptrace of a process outside the container, which a container sharing
 * the host's PID namespace can see: attach and inject code, or read and
 * write its memory through /proc/PID/mem.
 *
 *   ptrace-host attach|seize|mem PID
 *
 * attach: PTRACE_ATTACH, wait for the SIGSTOP stop, detach. seize:
 * PTRACE_SEIZE, detach. mem: open /proc/PID/mem for reading and writing
 * (the write mode is what code injection needs). Steps: "PTRACE_ATTACH",
 * "PTRACE_SEIZE", "open /proc/PID/mem".
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "ptrace-host";

/*
 * Wait for the stop of the SIGSTOP that PTRACE_ATTACH sent, so that
 * PTRACE_DETACH discards it. A tracee still in execve() stops first with
 * the SIGTRAP of the exec. A detach there left the SIGSTOP pending, so
 * the process stayed stopped for good after the detach.
 */
static void wait_attach_stop(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, __WALL) == pid && WIFSTOPPED(status) &&
	       WSTOPSIG(status) != SIGSTOP)
		ptrace(PTRACE_CONT, pid, NULL, NULL);
}

int main(int argc, char **argv)
{
	char path[64];
	pid_t pid;
	int fd;

	if (argc != 3)
		tool_usage("usage: ptrace-host attach|seize|mem PID");
	pid = tool_number("PID", argv[2]);

	if (!strcmp(argv[1], "attach")) {
		if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) < 0)
			tool_step_failed(errno, "PTRACE_ATTACH");
		wait_attach_stop(pid);
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
	} else if (!strcmp(argv[1], "seize")) {
		if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) < 0)
			tool_step_failed(errno, "PTRACE_SEIZE");
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
	} else if (!strcmp(argv[1], "mem")) {
		snprintf(path, sizeof(path), "/proc/%d/mem", pid);
		fd = open(path, O_RDWR);
		if (fd < 0)
			tool_step_failed(errno, "open /proc/%d/mem", pid);
		close(fd);
	} else {
		tool_usage("unknown mode '%s'; expected attach, seize or mem", argv[1]);
	}
	tool_ok();
}
