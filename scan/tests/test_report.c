// SPDX-License-Identifier: GPL-2.0
/*
 * Reports of a scan whose names come from a hostile image: terminal
 * control sequences, bidirectional controls and bytes that are not UTF-8
 * in paths, tags and evidence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "scan/report.h"

/* ESC ] 0 ; title BEL, clear screen, CR LF, U+202E, then 0xff 0xfe. */
#define HOSTILE_PATH "/root/\x1b]0;owned\x07\x1b[2J\r\nfake\xe2\x80\xaetxt.\xff\xfe"

static struct dsec_scan *hostile_scan(void)
{
	static const struct dsec_analyzer *const none[] = { NULL };
	struct dsec_scan_options opts = { .input = "image.tar", .analyzers = none };
	struct dsec_scan *scan = calloc(1, sizeof(*scan));
	struct dsec_finding f = {
		.class = DSEC_FINDING_SECRET,
		.severity = DSEC_SEV_HIGH,
		.id = "DSEC-SECRET-TEST",
		.title = "Test \x9b" "31m title",
		.path = HOSTILE_PATH,
		.line = 3,
		.evidence = "AKIA\x1b[8m****",
		.package = -1,
	};

	assert_non_null(scan);
	dsec_scan_init(scan, &opts);
	scan->format = "docker-save";
	scan->image_ref = dsec_scan_strdup(scan, "evil\x1b[31m:1\xc0\xaf");
	assert_int_equal(dsec_scan_add_finding(scan, &f), 0);
	return scan;
}

static char *write_report(const struct dsec_scan *scan, enum dsec_report_format format)
{
	struct dsec_report_options opts = { .min_severity = DSEC_SEV_UNKNOWN };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	assert_int_equal(dsec_report_write(out, scan, format, &opts), 0);
	fclose(out);
	return text;
}

static bool is_utf8(const char *s)
{
	size_t len;

	for (; *s; s += len) {
		len = dsec_utf8_sequence_len(s);
		if (!len)
			return false;
	}
	return true;
}

static void test_table_escapes_control_bytes(void **state)
{
	struct dsec_scan *scan = hostile_scan();
	char *text = write_report(scan, DSEC_REPORT_TABLE);
	const char *p;

	for (p = text; *p; p++)
		if (*p != '\n')
			assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	assert_null(strstr(text, "\xe2\x80\xae"));
	assert_null(strstr(text, "\xc2\x9b"));
	assert_true(is_utf8(text));
	assert_non_null(strstr(text, "/root/\\u001b]0;owned\\u0007\\u001b[2J\\u000d\\u000afake"
				     "\\u202etxt.\\xff\\xfe:3"));
	assert_non_null(strstr(text, "Image: evil\\u001b[31m:1\\xc0\\xaf (docker-save)"));
	assert_non_null(strstr(text, "AKIA\\u001b[8m****"));
	free(text);
	dsec_scan_free(scan);
	free(scan);
}

static void check_json(enum dsec_report_format format)
{
	struct dsec_scan *scan = hostile_scan();
	char *text = write_report(scan, format);
	struct json_tokener *tok = json_tokener_new();
	json_object *doc;

	assert_true(is_utf8(text));
	doc = json_tokener_parse_ex(tok, text, (int)strlen(text));
	assert_non_null(doc);
	assert_int_equal(json_tokener_get_error(tok), json_tokener_success);
	/* The two bytes that are not UTF-8 become two U+FFFD. */
	assert_non_null(strstr(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN),
			       "txt.\xef\xbf\xbd\xef\xbf\xbd"));
	json_object_put(doc);
	json_tokener_free(tok);
	free(text);
	dsec_scan_free(scan);
	free(scan);
}

static void test_json_is_utf8(void **state)
{
	check_json(DSEC_REPORT_JSON);
}

static void test_sarif_is_utf8(void **state)
{
	check_json(DSEC_REPORT_SARIF);
}

static void test_utf8_rejects_overlong_and_surrogates(void **state)
{
	assert_int_equal(dsec_utf8_sequence_len("a"), 1);
	assert_int_equal(dsec_utf8_sequence_len("\xc3\xa9"), 2);
	assert_int_equal(dsec_utf8_sequence_len("\xe2\x82\xac"), 3);
	assert_int_equal(dsec_utf8_sequence_len("\xf0\x9f\x98\x80"), 4);
	assert_int_equal(dsec_utf8_sequence_len("\xc0\xaf"), 0);
	assert_int_equal(dsec_utf8_sequence_len("\xe0\x80\xaf"), 0);
	assert_int_equal(dsec_utf8_sequence_len("\xed\xa0\x80"), 0);
	assert_int_equal(dsec_utf8_sequence_len("\xf4\x90\x80\x80"), 0);
	assert_int_equal(dsec_utf8_sequence_len("\xe2\x82"), 0);
	assert_int_equal(dsec_utf8_sequence_len("\x80"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_escapes_control_bytes),
		cmocka_unit_test(test_json_is_utf8),
		cmocka_unit_test(test_sarif_is_utf8),
		cmocka_unit_test(test_utf8_rejects_overlong_and_surrogates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
