// SPDX-License-Identifier: GPL-2.0
/*
 * The layer reader's inflate thread and block queue (scan/layer.c,
 * scan/layer_queue.c): both digests over layers that span many queue
 * slots, bytes after the tar end marker and after the compressed stream,
 * and errors on either side of the queue. Each case writes a one-layer
 * OCI image layout directory with libarchive's writer. Run from the
 * repository root.
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

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "scan/layer_queue.h"
#include "scan/scan.h"

#define ZERO_DIGEST "sha256:0000000000000000000000000000000000000000000000000000000000000000"

static char tmpdir[64];

/* An analyzer that keeps the first 64 bytes of the files it is given. */
static char last_path[256], last_head[65];
static size_t files_seen;

static ssize_t head_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	return 64;
}

static int head_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	files_seen++;
	snprintf(last_path, sizeof(last_path), "%s", file->path);
	snprintf(last_head, sizeof(last_head), "%.*s", (int)file->data_len,
		 file->data ? (const char *)file->data : "");
	return 0;
}

static const struct dsec_analyzer head_analyzer = {
	.name = "head",
	.wants = head_wants,
	.analyze = head_analyze,
};
static const struct dsec_analyzer *const analyzer_list[] = { &head_analyzer };

struct mem {
	unsigned char *data;
	size_t len;
};

static void mem_append(struct mem *m, const void *data, size_t len)
{
	m->data = realloc(m->data, m->len + len);
	assert_non_null(m->data);
	memcpy(m->data + m->len, data, len);
	m->len += len;
}

static la_ssize_t mem_write(struct archive *a, void *data, const void *buf, size_t len)
{
	mem_append(data, buf, len);
	return len;
}

static void sha256_hex(const void *data, size_t len, char out[72])
{
	unsigned char md[32];
	unsigned int n, i;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	strcpy(out, "sha256:");
	for (i = 0; i < 32; i++)
		sprintf(out + 7 + 2 * i, "%02x", md[i]);
}

/*
 * Writes an uncompressed tar of @n_files files of @file_size bytes each.
 * File i is "f<i>", filled with pseudo-random bytes so compression keeps
 * the layer large, and starts with "head-<i>".
 */
static void write_tar(struct mem *out, size_t n_files, size_t file_size)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	unsigned char *content = malloc(file_size);
	unsigned int seed = 1;
	char name[32];
	size_t i, k;

	assert_non_null(content);
	memset(out, 0, sizeof(*out));
	archive_write_set_format_pax_restricted(a);
	/* Raw blocks, so bytes appended later come after the end marker. */
	archive_write_set_bytes_in_last_block(a, 1);
	assert_int_equal(archive_write_open(a, out, NULL, mem_write, NULL), ARCHIVE_OK);
	for (i = 0; i < n_files; i++) {
		for (k = 0; k < file_size; k++) {
			seed = seed * 1103515245 + 12345;
			content[k] = (unsigned char)(seed >> 16);
		}
		snprintf((char *)content, file_size, "head-%zu", i);
		snprintf(name, sizeof(name), "f%zu", i);
		archive_entry_clear(e);
		archive_entry_set_pathname(e, name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, file_size);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, content, file_size), (la_ssize_t)file_size);
	}
	archive_write_close(a);
	archive_write_free(a);
	archive_entry_free(e);
	free(content);
}

/* Compresses @in with zstd, or gzip when @gzip is set. */
static void compress(struct mem *out, const struct mem *in, bool gzip)
{
	struct archive *a = archive_write_new();

	memset(out, 0, sizeof(*out));
	archive_write_set_format_raw(a);
	if (gzip)
		archive_write_add_filter_gzip(a);
	else
		archive_write_add_filter_zstd(a);
	archive_write_set_bytes_in_last_block(a, 1);
	assert_int_equal(archive_write_open(a, out, NULL, mem_write, NULL), ARCHIVE_OK);
	{
		struct archive_entry *e = archive_entry_new();

		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_pathname(e, "layer");
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_data(a, in->data, in->len), (la_ssize_t)in->len);
	archive_write_close(a);
	archive_write_free(a);
}

static void write_file(const char *name, const void *data, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* Stores @data as a blob and its digest in @digest. */
static void write_blob(const void *data, size_t len, char digest[72])
{
	char name[128];

	sha256_hex(data, len, digest);
	snprintf(name, sizeof(name), "blobs/sha256/%s", digest + 7);
	write_file(name, data, len);
}

/*
 * Writes an OCI image layout with one layer, @blob, whose manifest names
 * @blob_digest and whose config names @diff_id.
 */
static void write_oci(const struct mem *blob, const char *blob_digest, const char *diff_id)
{
	char config[512], manifest[1024], index[512], cfg_digest[72], man_digest[72];
	char blob_name[72], path[256];

	snprintf(path, sizeof(path), "%s/blobs", tmpdir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/blobs/sha256", tmpdir);
	mkdir(path, 0755);
	write_file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}", 30);
	write_blob(blob->data, blob->len, blob_name);

	snprintf(config, sizeof(config),
		 "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
		 "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"%s\"]}}", diff_id);
	write_blob(config, strlen(config), cfg_digest);
	/*
	 * The layer is stored under its real digest; a different
	 * @blob_digest makes the manifest name a tampered blob, so the file
	 * is copied under that name too.
	 */
	if (strcmp(blob_digest, blob_name)) {
		snprintf(path, sizeof(path), "blobs/sha256/%s", blob_digest + 7);
		write_file(path, blob->data, blob->len);
	}
	snprintf(manifest, sizeof(manifest),
		 "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
		 "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
		 "\"digest\":\"%s\",\"size\":%zu},"
		 "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+zstd\","
		 "\"digest\":\"%s\",\"size\":%zu}]}",
		 cfg_digest, strlen(config), blob_digest, blob->len);
	write_blob(manifest, strlen(manifest), man_digest);
	snprintf(index, sizeof(index),
		 "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
		 "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"%s\",\"size\":%zu}]}",
		 man_digest, strlen(manifest));
	write_file("index.json", index, strlen(index));
}

static int scan_oci(struct dsec_scan *scan, const struct dsec_scan_limits *limits)
{
	struct dsec_scan_options opts = {
		.input = tmpdir,
		.skip_vulns = true,
		.skip_misconfig = true,
		.analyzers = analyzer_list,
		.n_analyzers = 1,
	};

	if (limits)
		opts.limits = *limits;
	files_seen = 0;
	last_path[0] = '\0';
	last_head[0] = '\0';
	dsec_scan_init(scan, &opts);
	return dsec_scan_image(scan);
}

static const struct dsec_finding *find_digest_finding(const struct dsec_scan *scan,
						      const char *what)
{
	size_t i;

	for (i = 0; i < scan->n_findings; i++)
		if (!strcmp(scan->findings[i].id, "DSEC-IMG-DIGEST") &&
		    strstr(scan->findings[i].title, what))
			return &scan->findings[i];
	return NULL;
}

static int setup_tmp(void **state)
{
	strcpy(tmpdir, "/tmp/dsec-test-layer.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int teardown_tmp(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* 24 files of 256 KiB: the layer fills the queue's ring three times. */
static void test_many_slots_digests_match(void **state)
{
	struct mem tar, blob;
	char blob_digest[72], diff_id[72];
	struct dsec_scan scan;

	write_tar(&tar, 24, 256 << 10);
	assert_true(tar.len > 3 * DSEC_BLOCK_QUEUE_SLOTS * DSEC_BLOCK_QUEUE_SLOT_SIZE / 2);
	compress(&blob, &tar, false);
	sha256_hex(tar.data, tar.len, diff_id);
	sha256_hex(blob.data, blob.len, blob_digest);
	write_oci(&blob, blob_digest, diff_id);

	assert_int_equal(scan_oci(&scan, NULL), 0);
	assert_int_equal(scan.n_findings, 0);
	assert_int_equal(files_seen, 24);
	assert_string_equal(last_path, "/f23");
	assert_string_equal(last_head, "head-23");
	assert_string_equal(scan.layers[0].diff_id, diff_id);
	assert_string_equal(scan.layers[0].digest, blob_digest);
	dsec_scan_free(&scan);
	free(tar.data);
	free(blob.data);
}

/* One changed byte at the end of a multi-slot layer changes its diff_id. */
static void test_many_slots_diff_id_mismatch(void **state)
{
	struct mem tar, blob;
	char blob_digest[72], diff_id[72];
	struct dsec_scan scan;

	write_tar(&tar, 24, 256 << 10);
	sha256_hex(tar.data, tar.len, diff_id);
	tar.data[tar.len - 2048 - 10] ^= 1;	/* inside f23, before the end marker */
	compress(&blob, &tar, false);
	sha256_hex(blob.data, blob.len, blob_digest);
	write_oci(&blob, blob_digest, diff_id);

	assert_int_equal(scan_oci(&scan, NULL), 0);
	assert_non_null(find_digest_finding(&scan, "diff_id"));
	assert_null(find_digest_finding(&scan, "layer blob"));
	assert_int_equal(files_seen, 24);
	dsec_scan_free(&scan);
	free(tar.data);
	free(blob.data);
}

/*
 * The tar reader stops at the end marker; the diff_id covers what
 * follows, here more bytes than the queue holds.
 */
static void test_diff_id_covers_bytes_after_end_marker(void **state)
{
	static const char junk[3 << 20] = "bytes after the end marker";
	struct mem tar, blob;
	char blob_digest[72], diff_id[72], full_diff_id[72];
	struct dsec_scan scan;

	write_tar(&tar, 2, 4096);
	sha256_hex(tar.data, tar.len, diff_id);
	mem_append(&tar, junk, sizeof(junk));
	sha256_hex(tar.data, tar.len, full_diff_id);
	compress(&blob, &tar, false);
	sha256_hex(blob.data, blob.len, blob_digest);

	write_oci(&blob, blob_digest, diff_id);
	assert_int_equal(scan_oci(&scan, NULL), 0);
	assert_non_null(find_digest_finding(&scan, "diff_id"));
	assert_int_equal(files_seen, 2);
	dsec_scan_free(&scan);

	teardown_tmp(state);
	setup_tmp(state);
	write_oci(&blob, blob_digest, full_diff_id);
	assert_int_equal(scan_oci(&scan, NULL), 0);
	assert_null(find_digest_finding(&scan, "diff_id"));
	dsec_scan_free(&scan);
	free(tar.data);
	free(blob.data);
}

/*
 * Bytes after the gzip stream are not decompressed but are in the blob
 * digest. There are more of them than libarchive reads ahead, so most
 * are read after the decompressed stream ended.
 */
static void test_blob_digest_covers_trailing_bytes(void **state)
{
	static const char junk[600 << 10] = "not a gzip member";
	struct mem tar, blob;
	char blob_digest[72], full_digest[72], diff_id[72];
	struct dsec_scan scan;

	write_tar(&tar, 2, 4096);
	sha256_hex(tar.data, tar.len, diff_id);
	compress(&blob, &tar, true);
	sha256_hex(blob.data, blob.len, blob_digest);
	mem_append(&blob, junk, sizeof(junk));
	sha256_hex(blob.data, blob.len, full_digest);

	write_oci(&blob, blob_digest, diff_id);
	assert_int_equal(scan_oci(&scan, NULL), 0);
	assert_non_null(find_digest_finding(&scan, "layer blob"));
	assert_int_equal(files_seen, 2);
	dsec_scan_free(&scan);

	teardown_tmp(state);
	setup_tmp(state);
	write_oci(&blob, full_digest, diff_id);
	assert_int_equal(scan_oci(&scan, NULL), 0);
	assert_null(find_digest_finding(&scan, "layer blob"));
	dsec_scan_free(&scan);
	free(tar.data);
	free(blob.data);
}

/*
 * The walk fails at the third entry while the inflate thread waits for a
 * free slot in a full queue: the scan must return, not hang.
 */
static void test_walk_error_stops_inflate(void **state)
{
	struct dsec_scan_limits limits = { .max_entries = 2 };
	struct mem tar, blob;
	char blob_digest[72], diff_id[72];
	struct dsec_scan scan;

	write_tar(&tar, 40, 256 << 10);
	compress(&blob, &tar, false);
	sha256_hex(tar.data, tar.len, diff_id);
	sha256_hex(blob.data, blob.len, blob_digest);
	write_oci(&blob, blob_digest, diff_id);

	assert_int_equal(scan_oci(&scan, &limits), -E2BIG);
	assert_non_null(strstr(dsec_scan_error(&scan), "max_entries"));
	assert_int_equal(files_seen, 2);
	dsec_scan_free(&scan);
	free(tar.data);
	free(blob.data);
}

/* A zstd stream corrupted in the middle of a multi-slot layer. */
static void test_corrupt_stream_fails(void **state)
{
	struct mem tar, blob;
	char blob_digest[72], diff_id[72];
	struct dsec_scan scan;

	write_tar(&tar, 16, 256 << 10);
	compress(&blob, &tar, false);
	sha256_hex(tar.data, tar.len, diff_id);
	memset(blob.data + blob.len / 2, 0xff, 4096);
	sha256_hex(blob.data, blob.len, blob_digest);
	write_oci(&blob, blob_digest, diff_id);

	assert_true(scan_oci(&scan, NULL) < 0);
	assert_non_null(strstr(dsec_scan_error(&scan), "truncated or corrupt"));
	assert_true(files_seen < 16);
	dsec_scan_free(&scan);
	free(tar.data);
	free(blob.data);
}

/* The byte limit is counted on the inflate thread and fails the scan. */
static void test_bomb_limit_across_slots(void **state)
{
	struct dsec_scan_limits limits = { .max_total_bytes = 3 << 20 };
	struct mem tar, blob;
	char blob_digest[72], diff_id[72];
	struct dsec_scan scan;

	write_tar(&tar, 24, 256 << 10);
	compress(&blob, &tar, false);
	sha256_hex(tar.data, tar.len, diff_id);
	sha256_hex(blob.data, blob.len, blob_digest);
	write_oci(&blob, blob_digest, diff_id);

	assert_int_equal(scan_oci(&scan, &limits), -EFBIG);
	assert_non_null(strstr(dsec_scan_error(&scan), "max_total_bytes"));
	assert_true(files_seen < 24);
	dsec_scan_free(&scan);
	free(tar.data);
	free(blob.data);
}

/* Both digests wrong: both mismatches are reported, the content still read. */
static void test_both_digests_wrong(void **state)
{
	struct mem tar, blob;
	struct dsec_scan scan;

	write_tar(&tar, 12, 256 << 10);
	compress(&blob, &tar, false);
	write_oci(&blob, ZERO_DIGEST, ZERO_DIGEST);

	assert_int_equal(scan_oci(&scan, NULL), 0);
	assert_non_null(find_digest_finding(&scan, "layer blob"));
	assert_non_null(find_digest_finding(&scan, "diff_id"));
	assert_int_equal(files_seen, 12);
	dsec_scan_free(&scan);
	free(tar.data);
	free(blob.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_many_slots_digests_match, setup_tmp,
						teardown_tmp),
		cmocka_unit_test_setup_teardown(test_many_slots_diff_id_mismatch, setup_tmp,
						teardown_tmp),
		cmocka_unit_test_setup_teardown(test_diff_id_covers_bytes_after_end_marker,
						setup_tmp, teardown_tmp),
		cmocka_unit_test_setup_teardown(test_blob_digest_covers_trailing_bytes,
						setup_tmp, teardown_tmp),
		cmocka_unit_test_setup_teardown(test_walk_error_stops_inflate, setup_tmp,
						teardown_tmp),
		cmocka_unit_test_setup_teardown(test_corrupt_stream_fails, setup_tmp,
						teardown_tmp),
		cmocka_unit_test_setup_teardown(test_bomb_limit_across_slots, setup_tmp,
						teardown_tmp),
		cmocka_unit_test_setup_teardown(test_both_digests_wrong, setup_tmp,
						teardown_tmp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
