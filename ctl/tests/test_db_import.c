// SPDX-License-Identifier: GPL-2.0
/*
 * `dsecctl db import` on paths that are neither a regular file nor a
 * directory: a FIFO, which open() would block on, and a character
 * device. The command runs in a child that an alarm ends, so a blocking
 * import fails the test instead of hanging it.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "ctl/dsecctl.h"

static char tmpdir[64];

static int setup(void **state)
{
	strcpy(tmpdir, "/tmp/dsec-test-db.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/*
 * Runs `dsecctl db import PATH --db DB` with stderr in @err_path. Returns
 * the exit status, or -1 when the child was killed (the alarm fired).
 */
static int run_import(const char *path, const char *db, const char *err_path)
{
	char *argv[] = { "db", "import", (char *)path, "--db", (char *)db, NULL };
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (!freopen(err_path, "w", stderr))
			_exit(126);
		alarm(10);
		status = cmd_db(5, argv);
		fflush(NULL);
		_exit(status);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *read_text(const char *path)
{
	static char buf[1024];
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void fifo_rejected(void **state)
{
	char fifo[128], db[128], err[128];
	struct stat st;

	snprintf(fifo, sizeof(fifo), "%s/advisories", tmpdir);
	snprintf(db, sizeof(db), "%s/vuln.db", tmpdir);
	snprintf(err, sizeof(err), "%s/err", tmpdir);
	assert_int_equal(mkfifo(fifo, 0600), 0);

	assert_int_equal(run_import(fifo, db, err), DSEC_EXIT_FAILURE);
	assert_non_null(strstr(read_text(err), "it is a FIFO; give an OSV .json file"));
	assert_non_null(strstr(read_text(err), fifo));
	/* Nothing was created. */
	assert_int_equal(stat(db, &st), -1);
}

static void device_rejected(void **state)
{
	char db[128], err[128];

	snprintf(db, sizeof(db), "%s/vuln.db", tmpdir);
	snprintf(err, sizeof(err), "%s/err", tmpdir);
	assert_int_equal(run_import("/dev/zero", db, err), DSEC_EXIT_FAILURE);
	assert_non_null(strstr(read_text(err), "'/dev/zero': it is a character device"));
}

static void missing_path_rejected(void **state)
{
	char path[128], db[128], err[128];

	snprintf(path, sizeof(path), "%s/missing.json", tmpdir);
	snprintf(db, sizeof(db), "%s/vuln.db", tmpdir);
	snprintf(err, sizeof(err), "%s/err", tmpdir);
	assert_int_equal(run_import(path, db, err), DSEC_EXIT_FAILURE);
	assert_non_null(strstr(read_text(err), "No such file or directory"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fifo_rejected),
		cmocka_unit_test(device_rejected),
		cmocka_unit_test(missing_path_rejected),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
