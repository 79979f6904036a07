// SPDX-License-Identifier: GPL-2.0
/*
 * Join the mount namespace of another process through a pidfd, then run
 * a program there.
 *
 *   attack_setns PID PROGRAM [ARG]...
 *
 * A container that shares the host's PID namespace sees host processes,
 * and setns(pidfd_open(1), CLONE_NEWNS) moves it into the host's mount
 * namespace without opening /proc/1/ns/mnt. Its root is then the host's
 * root, so every host file passes a check that only asks whether a path
 * lies under the task's root.
 *
 * Steps: "pidfd_open", "setns", "execvp". The exit status is PROGRAM's
 * when the steps succeed.
 */
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "attack_setns";

int main(int argc, char **argv)
{
	int pidfd;

	if (argc < 3)
		tool_usage("usage: attack_setns PID PROGRAM [ARG]...");
	pidfd = syscall(SYS_pidfd_open, (pid_t)tool_number("PID", argv[1]), 0);
	if (pidfd < 0)
		tool_step_failed(errno, "pidfd_open");
	if (setns(pidfd, CLONE_NEWNS))
		tool_step_failed(errno, "setns");
	fflush(stdout);
	execvp(argv[2], argv + 2);
	tool_step_failed(errno, "execvp %s", argv[2]);
}
