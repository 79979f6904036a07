// SPDX-License-Identifier: GPL-2.0
/*
 * Messages of a failed scan: an image config with a NUL byte names the
 * config and the offset, and names from a hostile manifest reach the
 * message with their control bytes escaped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "scan/report.h"

static char tmpdir[64];

static int setup(void **state)
{
	strcpy(tmpdir, "/tmp/dsec-test-errors.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static la_ssize_t file_write(struct archive *a, void *data, const void *buf, size_t len)
{
	return fwrite(buf, 1, len, data) == len ? (la_ssize_t)len : -1;
}

static void add_member(struct archive *a, const char *name, const void *data, size_t len)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, len);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	assert_int_equal(archive_write_data(a, data, len), (la_ssize_t)len);
	archive_entry_free(e);
}

static void sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int n, i;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", md[i]);
}

/*
 * Writes a docker save archive @name whose config is @config_len bytes
 * of @config, stored as "<sha256>.json", and whose manifest names the
 * config as @config_prefix followed by that name and one layer
 * @layer_name that the archive lacks. Returns the config digest.
 */
static const char *write_image(const char *name, const char *config, size_t config_len,
			       const char *config_prefix, const char *layer_name)
{
	static char digest[65];
	char path[128], member[80], manifest[512];
	struct archive *a = archive_write_new();
	FILE *out;

	sha256_hex(config, config_len, digest);
	snprintf(member, sizeof(member), "%s.json", digest);
	snprintf(manifest, sizeof(manifest),
		 "[{\"Config\":\"%s%s\",\"RepoTags\":[\"t:1\"],\"Layers\":[\"%s\"]}]",
		 config_prefix, member, layer_name);
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	out = fopen(path, "wb");
	assert_non_null(out);
	archive_write_set_format_pax_restricted(a);
	assert_int_equal(archive_write_open(a, out, NULL, file_write, NULL), ARCHIVE_OK);
	add_member(a, member, config, config_len);
	add_member(a, "manifest.json", manifest, strlen(manifest));
	archive_write_close(a);
	archive_write_free(a);
	fclose(out);
	return digest;
}

static void scan_fails(const char *name, char *ret_error, size_t size)
{
	static const struct dsec_analyzer *const none[] = { NULL };
	char path[128];
	struct dsec_scan_options opts = { .input = path, .skip_vulns = true,
					  .analyzers = none };
	struct dsec_scan scan;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	dsec_scan_init(&scan, &opts);
	assert_true(dsec_scan_image(&scan) < 0);
	snprintf(ret_error, size, "%s", dsec_scan_error(&scan));
	dsec_scan_free(&scan);
}

static void config_nul_byte_named(void **state)
{
	static const char config[] = "{\"architecture\":\"amd64\",\0\"os\":\"linux\"}";
	char error[512], want[256];
	const char *digest;

	digest = write_image("nul.tar", config, sizeof(config) - 1, "", "l0/layer.tar");
	scan_fails("nul.tar", error, sizeof(error));
	snprintf(want, sizeof(want),
		 "the image config sha256:%s is not valid JSON: NUL byte at offset 24", digest);
	if (!strstr(error, want))
		fail_msg("error '%s' lacks '%s'", error, want);
	assert_null(strstr(error, "success"));
}

static void config_syntax_error_offset(void **state)
{
	static const char config[] = "{\"architecture\":\"amd64\" \"os\":1}";
	char error[512];

	write_image("syntax.tar", config, sizeof(config) - 1, "", "l0/layer.tar");
	scan_fails("syntax.tar", error, sizeof(error));
	assert_non_null(strstr(error, "is not valid JSON: "));
	assert_non_null(strstr(error, " at offset 24"));
}

static void hostile_names_escaped(void **state)
{
	static const char config[] = "{\"architecture\":\"amd64\",\"os\":\"linux\"}";
	char error[512];
	const char *p;

	/* JSON escapes: ESC ] 0 ; owned BEL in the layer, ESC [ 2 J in the config. */
	write_image("layer.tar", config, sizeof(config) - 1, "",
		    "l0/\\u001b]0;owned\\u0007.tar");
	scan_fails("layer.tar", error, sizeof(error));
	assert_non_null(strstr(error, "'l0/\\u001b]0;owned\\u0007.tar'"));
	for (p = error; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);

	write_image("config.tar", config, sizeof(config) - 1, "\\u001b[2J", "l0/layer.tar");
	scan_fails("config.tar", error, sizeof(error));
	assert_non_null(strstr(error, "'\\u001b[2J"));
	for (p = error; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
}

static void escape_text_truncates_whole(void **state)
{
	char buf[12];

	dsec_escape_text(buf, sizeof(buf), "ab\x1b[31m");
	assert_string_equal(buf, "ab\\u001b[31");
	/* An escape that does not fit is left out whole. */
	dsec_escape_text(buf, 8, "abc\x07");
	assert_string_equal(buf, "abc");
	dsec_escape_text(buf, sizeof(buf), "\xe2\x80\xae\xff");
	assert_string_equal(buf, "\\u202e\\xff");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(config_nul_byte_named),
		cmocka_unit_test(config_syntax_error_offset),
		cmocka_unit_test(hostile_names_escaped),
		cmocka_unit_test(escape_text_truncates_whole),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
