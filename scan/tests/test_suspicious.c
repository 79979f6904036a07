// SPDX-License-Identifier: GPL-2.0
/*
 * The suspicious set-up and secrets analyzers, called the way the layer
 * walk calls them: wants() on the metadata, then analyze() with the bytes
 * it asked for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "scan/analyzers.h"

static const struct dsec_analyzer *const analyzers[] = {
	&dsec_analyzer_suspicious, &dsec_analyzer_secrets, NULL,
};

static const struct dsec_layer layer = { .digest = "sha256:feed" };

static struct dsec_scan *new_scan(void)
{
	struct dsec_scan_options opts = { .analyzers = analyzers, .n_analyzers = 2 };
	struct dsec_scan *scan = calloc(1, sizeof(*scan));

	assert_non_null(scan);
	dsec_scan_init(scan, &opts);
	return scan;
}

static void free_scan(struct dsec_scan *scan)
{
	dsec_scan_free(scan);
	free(scan);
}

/* Offer one file to every analyzer, as the walk does. */
static void offer(struct dsec_scan *scan, const char *path, mode_t mode,
		  uid_t uid, const char *content)
{
	struct dsec_file file = {
		.path = path,
		.mode = mode,
		.uid = uid,
		.size = content ? (int64_t)strlen(content) : 0,
		.layer = &layer,
	};
	ssize_t want, max = -1;
	size_t i;

	for (i = 0; analyzers[i]; i++) {
		want = analyzers[i]->wants(scan, &file);
		if (want > max)
			max = want;
	}
	if (max < 0)
		return;
	if (content && max > 0) {
		file.data = (const unsigned char *)content;
		file.data_len = (size_t)max < strlen(content) ? (size_t)max : strlen(content);
		file.data_truncated = file.data_len < strlen(content);
	}
	for (i = 0; analyzers[i]; i++)
		if (analyzers[i]->wants(scan, &file) >= 0)
			assert_int_equal(analyzers[i]->analyze(scan, &file), 0);
}

static const struct dsec_finding *find(const struct dsec_scan *scan, const char *id,
				       const char *path)
{
	size_t i;

	for (i = 0; i < scan->n_findings; i++)
		if (!strcmp(scan->findings[i].id, id) &&
		    (!path || !strcmp(scan->findings[i].path, path)))
			return &scan->findings[i];
	return NULL;
}

static void test_ld_preload(void **state)
{
	struct dsec_scan *scan = new_scan();
	const struct dsec_finding *f;

	offer(scan, "/etc/ld.so.preload", S_IFREG | 0644, 0,
	      "# hooks\n/usr/lib/libprocesshider.so\n/lib/x.so\n");
	f = find(scan, "DSEC-SUSP-LD-PRELOAD", NULL);
	assert_non_null(f);
	assert_int_equal(f->severity, DSEC_SEV_HIGH);
	assert_int_equal(f->class, DSEC_FINDING_SUSPICIOUS);
	assert_string_equal(f->evidence, "/usr/lib/libprocesshider.so (and more)");
	assert_string_equal(f->layer_digest, "sha256:feed");
	free_scan(scan);
}

static void test_ld_preload_empty_ignored(void **state)
{
	struct dsec_scan *scan = new_scan();

	offer(scan, "/etc/ld.so.preload", S_IFREG | 0644, 0, "");
	offer(scan, "/etc/ld.so.preload.bak", S_IFREG | 0644, 0, "/x.so\n");
	assert_null(find(scan, "DSEC-SUSP-LD-PRELOAD", NULL));
	scan->n_findings = 0;
	offer(scan, "/etc/ld.so.preload", S_IFREG | 0644, 0, "  \n# none\n\n");
	assert_null(find(scan, "DSEC-SUSP-LD-PRELOAD", NULL));
	free_scan(scan);
}

static void test_authorized_keys(void **state)
{
	struct dsec_scan *scan = new_scan();
	const struct dsec_finding *f;

	offer(scan, "/root/.ssh/authorized_keys", S_IFREG | 0600, 0,
	      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@build\n"
	      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 second\n");
	offer(scan, "/home/app/.ssh/authorized_keys2", S_IFREG | 0600, 1000,
	      "from=\"10.0.0.1\" ssh-rsa AAAAB3NzaC1yc2E\n");
	offer(scan, "/etc/ssh/authorized_keys", S_IFREG | 0644, 0, "ssh-rsa AAAA x\n");

	f = find(scan, "DSEC-SUSP-AUTHORIZED-KEYS", "/root/.ssh/authorized_keys");
	assert_non_null(f);
	assert_int_equal(f->severity, DSEC_SEV_HIGH);
	assert_string_equal(f->evidence, "2 keys, first: ssh-ed25519 ops@build");
	f = find(scan, "DSEC-SUSP-AUTHORIZED-KEYS", "/home/app/.ssh/authorized_keys2");
	assert_non_null(f);
	assert_int_equal(f->severity, DSEC_SEV_MEDIUM);
	assert_string_equal(f->evidence, "1 key, first: ssh-rsa (no comment)");
	assert_null(find(scan, "DSEC-SUSP-AUTHORIZED-KEYS", "/etc/ssh/authorized_keys"));
	free_scan(scan);
}

static void test_setuid_severity_by_location(void **state)
{
	static const struct {
		const char *path;
		mode_t mode;
		const char *id;
		enum dsec_severity severity;
	} cases[] = {
		{ "/usr/bin/passwd", 04755, "DSEC-SUSP-SETUID", DSEC_SEV_LOW },
		{ "/usr/bin/chage", 02755, "DSEC-SUSP-SETGID", DSEC_SEV_LOW },
		{ "/usr/local/bin/helper", 04755, "DSEC-SUSP-SETUID", DSEC_SEV_MEDIUM },
		{ "/opt/app/run", 04750, "DSEC-SUSP-SETUID", DSEC_SEV_MEDIUM },
		{ "/tmp/.x/sh", 04755, "DSEC-SUSP-SETUID", DSEC_SEV_HIGH },
		{ "/usr/bin/.hidden", 04755, "DSEC-SUSP-SETUID", DSEC_SEV_HIGH },
		{ "/usr/bin/anyone", 04777, "DSEC-SUSP-SETUID", DSEC_SEV_CRITICAL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dsec_scan *scan = new_scan();
		const struct dsec_finding *f;

		offer(scan, cases[i].path, S_IFREG | cases[i].mode, 0, NULL);
		f = find(scan, cases[i].id, cases[i].path);
		assert_non_null(f);
		assert_int_equal(f->severity, cases[i].severity);
		assert_int_equal(scan->n_findings, 1);
		free_scan(scan);
	}
}

static void test_setuid_and_setgid_both(void **state)
{
	struct dsec_scan *scan = new_scan();
	const struct dsec_finding *f;

	offer(scan, "/usr/bin/both", S_IFREG | 06755, 0, NULL);
	assert_int_equal(scan->n_findings, 2);
	f = find(scan, "DSEC-SUSP-SETUID", NULL);
	assert_non_null(f);
	assert_string_equal(f->evidence, "mode 6755, owner 0:0");
	assert_non_null(find(scan, "DSEC-SUSP-SETGID", NULL));
	free_scan(scan);
}

static void test_world_writable_dirs(void **state)
{
	struct dsec_scan *scan = new_scan();

	offer(scan, "/tmp", S_IFDIR | 01777, 0, NULL);
	offer(scan, "/var/tmp", S_IFDIR | 01777, 0, NULL);
	offer(scan, "/usr/local/bin", S_IFDIR | 0777, 0, NULL);
	offer(scan, "/app/uploads", S_IFDIR | 0777, 0, NULL);
	offer(scan, "/usr/share", S_IFDIR | 0755, 0, NULL);
	offer(scan, "/etc/passwd", S_IFREG | 0666, 0, NULL);

	assert_int_equal(scan->n_findings, 2);
	assert_int_equal(find(scan, "DSEC-SUSP-WORLD-WRITABLE-DIR", "/usr/local/bin")->severity,
			 DSEC_SEV_HIGH);
	assert_int_equal(find(scan, "DSEC-SUSP-WORLD-WRITABLE-DIR", "/app/uploads")->severity,
			 DSEC_SEV_MEDIUM);
	free_scan(scan);
}

static void test_secrets_analyzer_finding(void **state)
{
	struct dsec_scan *scan = new_scan();
	const struct dsec_finding *f;
	char text[128];

	snprintf(text, sizeof(text), "[default]\nkey = %s%s\n", "glpat-", "x8Yq2ZrT5vLmN0pQ3sW7");
	offer(scan, "/root/.config/tool/config.ini", S_IFREG | 0600, 0, text);
	offer(scan, "/usr/share/doc/tool/README", S_IFREG | 0644, 0, text);
	offer(scan, "/dev/null", S_IFCHR | 0666, 0, NULL);

	assert_int_equal(scan->n_findings, 1);
	f = find(scan, "DSEC-SECRET-GITLAB-TOKEN", "/root/.config/tool/config.ini");
	assert_non_null(f);
	assert_int_equal(f->class, DSEC_FINDING_SECRET);
	assert_int_equal(f->line, 2);
	assert_string_equal(f->evidence, "glpa****");
	assert_string_equal(f->layer_digest, "sha256:feed");
	assert_int_equal(f->package, -1);
	free_scan(scan);
}

static void test_skip_secrets_option(void **state)
{
	struct dsec_scan *scan = new_scan();
	char text[128];

	scan->opts.skip_secrets = true;
	snprintf(text, sizeof(text), "%s%s\n", "glpat-", "x8Yq2ZrT5vLmN0pQ3sW7");
	offer(scan, "/app/.env", S_IFREG | 0600, 0, text);
	assert_int_equal(scan->n_findings, 0);
	free_scan(scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ld_preload),
		cmocka_unit_test(test_ld_preload_empty_ignored),
		cmocka_unit_test(test_authorized_keys),
		cmocka_unit_test(test_setuid_severity_by_location),
		cmocka_unit_test(test_setuid_and_setgid_both),
		cmocka_unit_test(test_world_writable_dirs),
		cmocka_unit_test(test_secrets_analyzer_finding),
		cmocka_unit_test(test_skip_secrets_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
