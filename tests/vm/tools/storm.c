// SPDX-License-Identifier: GPL-2.0
/*
 * Exec or open storm: many workers hammer one allowed and one denied path
 * at once, to show that no denied operation slips through under
 * concurrency and that dsec's counters add up.
 *
 *   storm exec|open WORKERS ITERATIONS ALLOWED DENIED
 *
 * Each of WORKERS processes runs ITERATIONS rounds (0: until the file
 * $STORM_STOP, default /run/storm.stop, exists). A round execs (fork,
 * execv, wait) or opens for writing (O_WRONLY, then close) first ALLOWED,
 * then DENIED; "-" skips a path. At the end one line sums all workers:
 *   storm: mode=exec workers=64 rounds=N allowed_ok=N allowed_denied=N
 *   allowed_other=N denied_ok=N denied_denied=N denied_other=N
 * where "denied" counts EPERM and EACCES and "other" any other error. An
 * exec that ran counts as ok when the program exited 0; exec errors
 * travel back in the child's exit status (126 + a pipe with the errno).
 * The exit status is 0 unless the storm itself could not run.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool.h"

const char *tool_name = "storm";

enum { OUT_OK, OUT_DENIED, OUT_OTHER, OUT_MAX };

struct tally {
	unsigned long rounds;
	unsigned long allowed[OUT_MAX];
	unsigned long denied[OUT_MAX];
};

static int classify(int err)
{
	if (!err)
		return OUT_OK;
	if (err == EPERM || err == EACCES)
		return OUT_DENIED;
	return OUT_OTHER;
}

/* Run PATH once and return 0 or the errno of the failed exec. */
static int try_exec(const char *path)
{
	char *argv[] = { (char *)path, NULL };
	int pipefd[2], status, err = 0;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return errno;
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return err;
	}
	if (pid == 0) {
		execv(path, argv);
		err = errno;
		if (write(pipefd[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(126);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) < 0)
		return errno;
	if (!err && (!WIFEXITED(status) || WEXITSTATUS(status)))
		err = ECHILD;
	return err;
}

static int try_open(const char *path)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	const char *stop = getenv("STORM_STOP") ?: "/run/storm.stop";
	int (*attempt)(const char *path);
	long workers, iterations, w, i;
	struct tally *tallies, sum = { 0 };
	const char *allowed, *denied;
	int status, failed = 0;

	if (argc != 6)
		tool_usage("usage: storm exec|open WORKERS ITERATIONS ALLOWED|- DENIED|-");
	if (!strcmp(argv[1], "exec"))
		attempt = try_exec;
	else if (!strcmp(argv[1], "open"))
		attempt = try_open;
	else
		tool_usage("unknown mode '%s'; expected exec or open", argv[1]);
	workers = tool_number("WORKERS", argv[2]);
	iterations = tool_number("ITERATIONS", argv[3]);
	if (workers < 1 || workers > 1024)
		tool_usage("WORKERS '%s' is out of range; expected 1 to 1024", argv[2]);
	allowed = strcmp(argv[4], "-") ? argv[4] : NULL;
	denied = strcmp(argv[5], "-") ? argv[5] : NULL;

	tallies = mmap(NULL, workers * sizeof(*tallies), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (tallies == MAP_FAILED)
		tool_usage("mmap of the tallies failed: %s", strerror(errno));

	for (w = 0; w < workers; w++) {
		pid_t pid = fork();

		if (pid < 0)
			tool_usage("fork of worker %ld failed: %s", w, strerror(errno));
		if (pid)
			continue;
		for (i = 0; !iterations || i < iterations; i++) {
			if (!iterations && !(i % 16) && access(stop, F_OK) == 0)
				break;
			if (allowed)
				tallies[w].allowed[classify(attempt(allowed))]++;
			if (denied)
				tallies[w].denied[classify(attempt(denied))]++;
			tallies[w].rounds++;
		}
		_exit(0);
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed = 1;
	if (failed)
		tool_usage("a worker died");

	for (w = 0; w < workers; w++) {
		sum.rounds += tallies[w].rounds;
		for (i = 0; i < OUT_MAX; i++) {
			sum.allowed[i] += tallies[w].allowed[i];
			sum.denied[i] += tallies[w].denied[i];
		}
	}
	printf("storm: mode=%s workers=%ld rounds=%lu allowed_ok=%lu allowed_denied=%lu allowed_other=%lu denied_ok=%lu denied_denied=%lu denied_other=%lu\n",
	       argv[1], workers, sum.rounds, sum.allowed[OUT_OK],
	       sum.allowed[OUT_DENIED], sum.allowed[OUT_OTHER],
	       sum.denied[OUT_OK], sum.denied[OUT_DENIED], sum.denied[OUT_OTHER]);
	return 0;
}
