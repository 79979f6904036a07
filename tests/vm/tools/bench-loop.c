// SPDX-License-Identifier: GPL-2.0
/*
 * Hook overhead loops for `make bench-hooks`.
 *
 *   bench-loop exec RUNS PROGRAM    fork + execv(PROGRAM) + wait, RUNS times
 *   bench-loop open RUNS PATH       open(PATH, O_RDONLY) + close, RUNS times
 *
 * Prints "bench: mode=exec runs=N total_ns=N per_op_ns=N" measured with
 * CLOCK_MONOTONIC. Under QEMU with -icount shift=0,sleep=off the guest
 * clock counts executed instructions (1 ns each), so the figures repeat
 * across runs and measure instructions, not cache effects.
 */
#include <fcntl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "bench-loop";

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	unsigned long long start, total;
	char *exec_argv[] = { argv[argc - 1], NULL };
	long runs, i;
	int status, fd;
	pid_t pid;

	if (argc != 4)
		tool_usage("usage: bench-loop exec|open RUNS PATH");
	runs = tool_number("RUNS", argv[2]);
	if (runs < 1)
		tool_usage("RUNS must be at least 1");

	if (!strcmp(argv[1], "exec")) {
		start = now_ns();
		for (i = 0; i < runs; i++) {
			pid = fork();
			if (pid < 0)
				tool_step_failed(errno, "fork");
			if (pid == 0) {
				execv(argv[3], exec_argv);
				_exit(127);
			}
			if (waitpid(pid, &status, 0) < 0)
				tool_step_failed(errno, "waitpid");
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				tool_usage("'%s' did not exit 0 (status %#x)", argv[3], status);
		}
		total = now_ns() - start;
	} else if (!strcmp(argv[1], "open")) {
		start = now_ns();
		for (i = 0; i < runs; i++) {
			fd = open(argv[3], O_RDONLY);
			if (fd < 0)
				tool_step_failed(errno, "open");
			close(fd);
		}
		total = now_ns() - start;
	} else {
		tool_usage("unknown mode '%s'; expected exec or open", argv[1]);
	}
	printf("bench: mode=%s runs=%ld total_ns=%llu per_op_ns=%llu\n",
	       argv[1], runs, total, total / runs);
	return 0;
}
