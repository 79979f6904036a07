// SPDX-License-Identifier: GPL-2.0
/*
 * Image configuration checks, run on a scan whose configuration the test
 * fills in the way the image reader does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "scan/analyzers.h"

static char **strv(const char *first, ...)
{
	char **v = calloc(16, sizeof(*v));
	const char *s;
	va_list ap;
	size_t n = 0;

	assert_non_null(v);
	va_start(ap, first);
	for (s = first; s && n < 15; s = va_arg(ap, const char *))
		v[n++] = (char *)s;
	va_end(ap);
	return v;
}

static struct dsec_scan *new_scan(void)
{
	static const struct dsec_analyzer *const none[] = { NULL };
	struct dsec_scan_options opts = { .analyzers = none, .n_analyzers = 0 };
	struct dsec_scan *scan = calloc(1, sizeof(*scan));

	assert_non_null(scan);
	dsec_scan_init(scan, &opts);
	scan->format = "docker-save";
	scan->config.user = "app";
	scan->config.has_healthcheck = true;
	return scan;
}

static void free_scan(struct dsec_scan *scan)
{
	dsec_scan_free(scan);
	free(scan);
}

static size_t count_id(const struct dsec_scan *scan, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < scan->n_findings; i++)
		if (!strcmp(scan->findings[i].id, id))
			n++;
	return n;
}

static const struct dsec_finding *find_id(const struct dsec_scan *scan, const char *id)
{
	size_t i;

	for (i = 0; i < scan->n_findings; i++)
		if (!strcmp(scan->findings[i].id, id))
			return &scan->findings[i];
	return NULL;
}

static void test_clean_config_no_findings(void **state)
{
	struct dsec_scan *scan = new_scan();

	scan->config.env = strv("PATH=/usr/local/bin:/usr/bin", "LANG=C.UTF-8",
				"GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D", NULL);
	scan->config.exposed_ports = strv("8080/tcp", NULL);
	assert_int_equal(dsec_config_check(scan), 0);
	assert_int_equal(scan->n_findings, 0);
	free_scan(scan);
}

static void test_root_user_variants(void **state)
{
	static const char *const root[] = { NULL, "", "root", "0", "0:0", "root:root", "0:1000" };
	static const char *const other[] = { "app", "1000", "1000:0", "nobody:nogroup", "rootless" };
	size_t i;

	for (i = 0; i < sizeof(root) / sizeof(root[0]); i++) {
		struct dsec_scan *scan = new_scan();

		scan->config.user = root[i];
		assert_int_equal(dsec_config_check(scan), 0);
		assert_int_equal(count_id(scan, "DSEC-CFG-ROOT-USER"), 1);
		assert_int_equal(find_id(scan, "DSEC-CFG-ROOT-USER")->severity, DSEC_SEV_HIGH);
		assert_int_equal(find_id(scan, "DSEC-CFG-ROOT-USER")->class, DSEC_FINDING_MISCONFIG);
		free_scan(scan);
	}
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		struct dsec_scan *scan = new_scan();

		scan->config.user = other[i];
		assert_int_equal(dsec_config_check(scan), 0);
		assert_int_equal(count_id(scan, "DSEC-CFG-ROOT-USER"), 0);
		free_scan(scan);
	}
}

static void test_ssh_port(void **state)
{
	struct dsec_scan *scan = new_scan();

	scan->config.exposed_ports = strv("80/tcp", "22/tcp", "2222/tcp", NULL);
	assert_int_equal(dsec_config_check(scan), 0);
	assert_int_equal(count_id(scan, "DSEC-CFG-SSH-PORT"), 1);
	assert_string_equal(find_id(scan, "DSEC-CFG-SSH-PORT")->evidence, "22/tcp");
	free_scan(scan);
}

static void test_env_secret_redacted(void **state)
{
	struct dsec_scan *scan = new_scan();
	const struct dsec_finding *f;

	scan->config.env = strv("PATH=/usr/bin", "DB_PASSWORD=Zr7!pQ2wXv9k",
				"POSTGRES_PASSWORD_FILE=/run/secrets/pg", NULL);
	assert_int_equal(dsec_config_check(scan), 0);
	assert_int_equal(count_id(scan, "DSEC-CFG-ENV-SECRET"), 1);
	f = find_id(scan, "DSEC-CFG-ENV-SECRET");
	assert_string_equal(f->evidence, "DB_PASSWORD=Zr7!****");
	assert_non_null(strstr(f->title, "DB_PASSWORD"));
	assert_null(strstr(f->title, "Zr7!pQ2wXv9k"));
	assert_int_equal(f->severity, DSEC_SEV_HIGH);
	free_scan(scan);
}

static void test_workdir_proc_fd(void **state)
{
	static const char *const bad[] = {
		"/proc/self/fd/7", "/proc/self/fd/8/", "/proc//self/./fd/9",
		"/proc/thread-self/fd/5", "/proc/1/fd/3",
	};
	static const char *const good[] = { "/app", "/proc", "/proc/self/cwd", "/srv/proc/self/fd/7" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct dsec_scan *scan = new_scan();

		scan->config.workdir = bad[i];
		assert_int_equal(dsec_config_check(scan), 0);
		assert_int_equal(count_id(scan, "DSEC-CFG-WORKDIR-PROC-FD"), 1);
		assert_int_equal(find_id(scan, "DSEC-CFG-WORKDIR-PROC-FD")->severity,
				 DSEC_SEV_CRITICAL);
		free_scan(scan);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct dsec_scan *scan = new_scan();

		scan->config.workdir = good[i];
		assert_int_equal(dsec_config_check(scan), 0);
		assert_int_equal(count_id(scan, "DSEC-CFG-WORKDIR-PROC-FD"), 0);
		free_scan(scan);
	}
}

static void set_history(struct dsec_scan *scan, const char *const *steps, size_t n)
{
	size_t i;

	scan->config.history = calloc(n, sizeof(*scan->config.history));
	assert_non_null(scan->config.history);
	for (i = 0; i < n; i++)
		scan->config.history[i].created_by = steps[i];
	scan->config.n_history = n;
}

static void test_history_pipe_to_shell(void **state)
{
	static const char *const bad[] = {
		"/bin/sh -c curl -fsSL https://get.example.sh | sh",
		"RUN /bin/sh -c wget -qO- http://x/install | sudo -E bash -s -- --yes # buildkit",
		"/bin/sh -c apt-get update && curl -s https://x/i.sh|/bin/bash",
		"/bin/sh -c curl https://x/setup.py | python3 -",
	};
	static const char *const good[] = {
		"/bin/sh -c curl -fsSLo /tmp/i.sh https://x/i.sh && sha256sum -c sums && sh /tmp/i.sh",
		"/bin/sh -c curl https://x/data | tar -xz -C /opt",
		"/bin/sh -c cat list | sh",
		"/bin/sh -c curl https://x || sh fallback.sh",
		"/bin/sh -c curlew --help | shell",
	};
	struct dsec_scan *scan = new_scan();

	set_history(scan, bad, sizeof(bad) / sizeof(bad[0]));
	assert_int_equal(dsec_config_check(scan), 0);
	assert_int_equal(count_id(scan, "DSEC-CFG-CURL-PIPE-SHELL"), 4);
	free_scan(scan);

	scan = new_scan();
	set_history(scan, good, sizeof(good) / sizeof(good[0]));
	assert_int_equal(dsec_config_check(scan), 0);
	assert_int_equal(count_id(scan, "DSEC-CFG-CURL-PIPE-SHELL"), 0);
	free_scan(scan);
}

static void test_history_remote_add(void **state)
{
	static const char *const steps[] = {
		"/bin/sh -c #(nop) ADD https://example.org/tool.tgz /opt/",
		"ADD --chown=1:1 http://example.org/x /x # buildkit",
		"/bin/sh -c #(nop) ADD file:4f0a1c2e in / ",
		"/bin/sh -c #(nop) COPY https-notes.txt /",
	};
	struct dsec_scan *scan = new_scan();

	set_history(scan, steps, sizeof(steps) / sizeof(steps[0]));
	assert_int_equal(dsec_config_check(scan), 0);
	assert_int_equal(count_id(scan, "DSEC-CFG-ADD-REMOTE-URL"), 2);
	free_scan(scan);
}

static void test_history_layer_digest(void **state)
{
	static const char *const steps[] = {
		"/bin/sh -c #(nop) ADD file:abc in /",
		"/bin/sh -c #(nop) ENV A=b",
		"/bin/sh -c curl -s https://x | sh",
	};
	struct dsec_scan *scan = new_scan();
	struct dsec_layer *layers = calloc(2, sizeof(*layers));

	assert_non_null(layers);
	layers[0].digest = "sha256:1111";
	layers[1].digest = "sha256:2222";
	scan->layers = layers;
	scan->n_layers = 2;
	set_history(scan, steps, 3);
	scan->config.history[1].empty_layer = true;
	assert_int_equal(dsec_config_check(scan), 0);
	assert_string_equal(find_id(scan, "DSEC-CFG-CURL-PIPE-SHELL")->layer_digest,
			    "sha256:2222");
	free_scan(scan);
}

static void test_no_healthcheck_info(void **state)
{
	struct dsec_scan *scan = new_scan();

	scan->config.has_healthcheck = false;
	assert_int_equal(dsec_config_check(scan), 0);
	assert_int_equal(count_id(scan, "DSEC-CFG-NO-HEALTHCHECK"), 1);
	assert_int_equal(find_id(scan, "DSEC-CFG-NO-HEALTHCHECK")->severity, DSEC_SEV_INFO);
	free_scan(scan);
}

static void test_rootfs_and_skip(void **state)
{
	struct dsec_scan *scan = new_scan();

	scan->config.user = NULL;
	scan->format = "rootfs";
	assert_int_equal(dsec_config_check(scan), 0);
	assert_int_equal(scan->n_findings, 0);
	scan->format = "oci";
	scan->opts.skip_misconfig = true;
	assert_int_equal(dsec_config_check(scan), 0);
	assert_int_equal(scan->n_findings, 0);
	free_scan(scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_config_no_findings),
		cmocka_unit_test(test_root_user_variants),
		cmocka_unit_test(test_ssh_port),
		cmocka_unit_test(test_env_secret_redacted),
		cmocka_unit_test(test_workdir_proc_fd),
		cmocka_unit_test(test_history_pipe_to_shell),
		cmocka_unit_test(test_history_remote_add),
		cmocka_unit_test(test_history_layer_digest),
		cmocka_unit_test(test_no_healthcheck_info),
		cmocka_unit_test(test_rootfs_and_skip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
