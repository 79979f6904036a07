// SPDX-License-Identifier: GPL-2.0
/*
 * SHA-256 blocklist parsing, lookup, and the analyzer on files hashed with
 * libcrypto.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "scan/analyzers.h"
#include "scan/blocklist.h"

/* SHA-256 of the empty string and of "abc", from FIPS 180-2. */
#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static void hex_to_bytes(const char *hex, unsigned char out[32])
{
	size_t i;

	for (i = 0; i < 32; i++)
		assert_int_equal(sscanf(hex + 2 * i, "%2hhx", &out[i]), 1);
}

static void test_parse_and_lookup(void **state)
{
	const char *text = "# known bad\n\n" SHA_ABC "  miner.x86  # from a report\n"
			   "sha256:" "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\n";
	struct dsec_blocklist *list;
	unsigned char digest[32];
	const char *name;
	char err[256];

	assert_int_equal(dsec_blocklist_parse(text, strlen(text), &list, err, sizeof(err)), 0);
	assert_int_equal(dsec_blocklist_count(list), 2);
	hex_to_bytes(SHA_ABC, digest);
	assert_true(dsec_blocklist_contains(list, digest, &name));
	assert_string_equal(name, "miner.x86");
	hex_to_bytes(SHA_EMPTY, digest);
	assert_true(dsec_blocklist_contains(list, digest, &name));
	assert_string_equal(name, "");
	digest[0] ^= 1;
	assert_false(dsec_blocklist_contains(list, digest, &name));
	dsec_blocklist_free(list);
}

/* A NUL byte ends the name; control characters become '?'. */
static void test_name_with_nul_and_controls(void **state)
{
	static const char text[] = SHA_ABC " mi\tner\0tail\n";
	struct dsec_blocklist *list;
	unsigned char digest[32];
	const char *name;
	char err[256];

	assert_int_equal(dsec_blocklist_parse(text, sizeof(text) - 1, &list, err, sizeof(err)), 0);
	hex_to_bytes(SHA_ABC, digest);
	assert_true(dsec_blocklist_contains(list, digest, &name));
	assert_string_equal(name, "mi?ner");
	dsec_blocklist_free(list);
}

static void test_bad_lines_rejected(void **state)
{
	static const struct {
		const char *text, *message;
	} cases[] = {
		{ "deadbeef evil\n", "line 1: 'deadbeef' is not a SHA-256 digest" },
		{ "# ok\n" SHA_ABC "0 x\n", "line 2: '" SHA_ABC "0'" },
		{ "zz" SHA_ABC "\n", "line 1: 'zz" },
		{ "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015aG\n",
		  "is not a SHA-256 digest" },
	};
	struct dsec_blocklist *list;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(dsec_blocklist_parse(cases[i].text, strlen(cases[i].text),
						      &list, err, sizeof(err)), -EINVAL);
		assert_null(list);
		assert_non_null(strstr(err, cases[i].message));
	}
}

static void test_load_missing_file(void **state)
{
	struct dsec_blocklist *list;
	char err[256];

	assert_int_equal(dsec_blocklist_load("/nonexistent/list", &list, err, sizeof(err)),
			 -ENOENT);
	assert_non_null(strstr(err, "'/nonexistent/list'"));
}

static const struct dsec_analyzer *const analyzers[] = { &dsec_analyzer_blocklist, NULL };

static void test_analyzer_reports_listed_file(void **state)
{
	char path[] = "/tmp/dsec-blocklist-XXXXXX";
	int fd = mkstemp(path);
	const char *line = SHA_ABC " test-sample\n";
	struct dsec_scan_options opts = {
		.blocklist = path, .analyzers = analyzers, .n_analyzers = 1,
	};
	struct dsec_scan scan;
	struct dsec_file listed = {
		.path = "/usr/bin/x", .mode = S_IFREG | 0755, .size = 3,
		.data = (const unsigned char *)"abc", .data_len = 3,
	};
	struct dsec_file other = listed, truncated = listed;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, line, strlen(line)), (ssize_t)strlen(line));
	close(fd);
	other.data = (const unsigned char *)"abd";
	truncated.size = 1 << 30;
	truncated.data_truncated = true;

	dsec_scan_init(&scan, &opts);
	assert_int_equal(dsec_blocklist_prepare(&scan), 0);
	/* The walk streams the digest, so no content is needed. */
	assert_int_equal(dsec_analyzer_blocklist.wants(&scan, &listed), 0);
	assert_int_equal(dsec_analyzer_blocklist.analyze(&scan, &listed), 0);
	assert_int_equal(dsec_analyzer_blocklist.analyze(&scan, &other), 0);
	assert_int_equal(dsec_analyzer_blocklist.analyze(&scan, &truncated), 0);
	assert_int_equal(scan.n_findings, 2);
	assert_string_equal(scan.findings[0].id, "DSEC-MAL-BLOCKLIST");
	assert_int_equal(scan.findings[0].severity, DSEC_SEV_CRITICAL);
	assert_string_equal(scan.findings[0].title, "File on the SHA-256 blocklist: test-sample");
	assert_string_equal(scan.findings[0].evidence, "sha256:" SHA_ABC);
	assert_string_equal(scan.findings[1].id, "DSEC-BLOCKLIST-UNHASHED");
	dsec_scan_free(&scan);
	unlink(path);
}

static void test_prepare_reports_bad_file(void **state)
{
	struct dsec_scan_options opts = {
		.blocklist = "/nonexistent/list", .analyzers = analyzers, .n_analyzers = 1,
	};
	struct dsec_scan scan;

	dsec_scan_init(&scan, &opts);
	assert_int_equal(dsec_blocklist_prepare(&scan), -ENOENT);
	assert_non_null(strstr(dsec_scan_error(&scan), "cannot open blocklist '/nonexistent/list'"));
	dsec_scan_free(&scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_lookup),
		cmocka_unit_test(test_name_with_nul_and_controls),
		cmocka_unit_test(test_bad_lines_rejected),
		cmocka_unit_test(test_load_missing_file),
		cmocka_unit_test(test_analyzer_reports_listed_file),
		cmocka_unit_test(test_prepare_reports_bad_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
