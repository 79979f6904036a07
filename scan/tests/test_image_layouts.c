// SPDX-License-Identifier: GPL-2.0
/*
 * Image layouts built here with libarchive's writer: archives nested in
 * a layer (a jar in a jar) walked by dsec_scan_walk_nested(), multi-arch
 * OCI indexes with and without a nested index, and a docker save
 * archive compressed as a whole (`docker save | gzip`).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "scan/scan.h"

struct mem {
	unsigned char *data;
	size_t len;
};

/* One archive member; data NULL makes a directory. */
struct member {
	const char *name;
	const void *data;
	size_t len;
};

#define MEMBERS(...) ((const struct member[]){ __VA_ARGS__ })
#define N_MEMBERS(...) (sizeof((const struct member[]){ __VA_ARGS__ }) / sizeof(struct member))
#define TEXT(name, s) { name, s, sizeof(s) - 1 }

/* A recorder analyzer: every path with the start of its content. */
struct recorded {
	char *path;
	char *data;
};

static struct recorded rec[256];
static size_t n_rec;

static bool is_jar(const char *path)
{
	size_t len = strlen(path);

	return len > 4 && !strcmp(path + len - 4, ".jar");
}

static ssize_t rec_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (!S_ISREG(file->mode))
		return 0;
	return is_jar(file->path) ? 1 << 20 : 64;
}

static const struct dsec_analyzer recorder;

static int rec_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (n_rec < sizeof(rec) / sizeof(rec[0])) {
		rec[n_rec].path = strdup(file->path);
		rec[n_rec].data = strndup(file->data ? (const char *)file->data : "",
					  is_jar(file->path) ? 0 : file->data_len);
		n_rec++;
	}
	if (S_ISREG(file->mode) && is_jar(file->path))
		return dsec_scan_walk_nested(scan, file, &recorder);
	return 0;
}

static const struct dsec_analyzer recorder = {
	.name = "recorder",
	.wants = rec_wants,
	.analyze = rec_analyze,
};
static const struct dsec_analyzer *const recorder_list[] = { &recorder };

static void rec_reset(void)
{
	size_t i;

	for (i = 0; i < n_rec; i++) {
		free(rec[i].path);
		free(rec[i].data);
	}
	n_rec = 0;
}

static const struct recorded *rec_find(const char *path)
{
	size_t i;

	for (i = 0; i < n_rec; i++)
		if (!strcmp(rec[i].path, path))
			return &rec[i];
	return NULL;
}

static bool rec_contains(const char *fragment)
{
	size_t i;

	for (i = 0; i < n_rec; i++)
		if (strstr(rec[i].path, fragment))
			return true;
	return false;
}

static const struct dsec_finding *find_finding(const struct dsec_scan *scan, const char *id)
{
	size_t i;

	for (i = 0; i < scan->n_findings; i++)
		if (!strcmp(scan->findings[i].id, id))
			return &scan->findings[i];
	return NULL;
}

static int scan_input(struct dsec_scan *scan, const char *input, const char *platform,
		      unsigned int max_nesting)
{
	struct dsec_scan_options opts = {
		.input = input,
		.platform = platform,
		.skip_vulns = true,
		.skip_misconfig = true,
		.analyzers = recorder_list,
		.n_analyzers = 1,
		.limits.max_nesting = max_nesting,
	};

	rec_reset();
	dsec_scan_init(scan, &opts);
	return dsec_scan_image(scan);
}

static la_ssize_t mem_write(struct archive *a, void *data, const void *buf, size_t len)
{
	struct mem *m = data;

	m->data = realloc(m->data, m->len + len);
	assert_non_null(m->data);
	memcpy(m->data + m->len, buf, len);
	m->len += len;
	return len;
}

enum format { TAR, TAR_GZIP, ZIP };

static void write_archive(struct mem *out, enum format format, const struct member *members,
			  size_t n)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	size_t i;

	memset(out, 0, sizeof(*out));
	if (format == ZIP) {
		archive_write_set_format_zip(a);
	} else {
		archive_write_set_format_pax_restricted(a);
		if (format == TAR_GZIP)
			archive_write_add_filter_gzip(a);
		/* No padding to 10 KiB, so gzip'd and plain tars hold the same bytes. */
		archive_write_set_bytes_in_last_block(a, 1);
	}
	assert_int_equal(archive_write_open(a, out, NULL, mem_write, NULL), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		archive_entry_clear(e);
		archive_entry_set_pathname(e, members[i].name);
		archive_entry_set_filetype(e, members[i].data ? AE_IFREG : AE_IFDIR);
		archive_entry_set_perm(e, members[i].data ? 0644 : 0755);
		archive_entry_set_size(e, members[i].data ? members[i].len : 0);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (members[i].data && members[i].len)
			assert_int_equal(archive_write_data(a, members[i].data, members[i].len),
					 (la_ssize_t)members[i].len);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	archive_entry_free(e);
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

static char tmpdir[64];

static const char *tmp_path(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

static void write_file(const char *name, const void *data, size_t len)
{
	FILE *f = fopen(tmp_path(name), "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static int setup_tmp(void **state)
{
	strcpy(tmpdir, "/tmp/dsec-test-layouts.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int teardown_tmp(void **state)
{
	char cmd[128];

	rec_reset();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/*
 * Writes a legacy docker save archive holding one layer, as a plain tar
 * or, with format TAR_GZIP, compressed as a whole.
 */
static void write_docker_save(const char *name, const struct mem *layer, enum format format)
{
	char config[512], manifest[512], diff_id[72], cfg_digest[72], cfg_name[80];
	struct mem out;

	sha256_hex(layer->data, layer->len, diff_id);
	snprintf(config, sizeof(config),
		 "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"app\"},"
		 "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"%s\"]}}", diff_id);
	sha256_hex(config, strlen(config), cfg_digest);
	snprintf(cfg_name, sizeof(cfg_name), "%s.json", cfg_digest + 7);
	snprintf(manifest, sizeof(manifest),
		 "[{\"Config\":\"%s\",\"RepoTags\":[\"test/layouts:1\"],"
		 "\"Layers\":[\"l0/layer.tar\"]}]", cfg_name);

	write_archive(&out, format, MEMBERS(
		{ "l0/layer.tar", layer->data, layer->len },
		{ cfg_name, config, strlen(config) },
		{ "manifest.json", manifest, strlen(manifest) },
	), 3);
	write_file(name, out.data, out.len);
	free(out.data);
}

/* jar (zip) files: outer.jar contains inner.jar, which contains lib/deep.jar. */
static void write_jar_image(const char *name)
{
	struct mem deep, inner, outer, layer;

	write_archive(&deep, ZIP, MEMBERS(
		TEXT("deep.txt", "three levels down"),
		TEXT("../../escape.txt", "a member outside the archive"),
	), 2);
	write_archive(&inner, ZIP, MEMBERS(
		TEXT("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"),
		{ "lib/deep.jar", deep.data, deep.len },
	), 2);
	write_archive(&outer, ZIP, MEMBERS(
		TEXT("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: App\n"),
		TEXT("App.class", "\xca\xfe\xba\xbe"),
		{ "inner.jar", inner.data, inner.len },
	), 3);
	write_archive(&layer, TAR, MEMBERS(
		{ "app/", NULL, 0 },
		{ "app/outer.jar", outer.data, outer.len },
		TEXT("app/readme", "not an archive"),
	), 3);
	write_docker_save(name, &layer, TAR);
	free(deep.data);
	free(inner.data);
	free(outer.data);
	free(layer.data);
}

static void test_nested_jar_in_jar(void **state)
{
	struct dsec_scan scan;
	const struct recorded *r;

	write_jar_image("jar.tar");
	assert_int_equal(scan_input(&scan, tmp_path("jar.tar"), NULL, 0), 0);

	assert_non_null(rec_find("/app/outer.jar"));
	assert_non_null(rec_find("/app/readme"));
	assert_non_null(rec_find("/app/outer.jar!/App.class"));
	r = rec_find("/app/outer.jar!/META-INF/MANIFEST.MF");
	assert_non_null(r);
	assert_string_equal(r->data, "Manifest-Version: 1.0\nMain-Class: App\n");
	assert_non_null(rec_find("/app/outer.jar!/inner.jar"));
	assert_non_null(rec_find("/app/outer.jar!/inner.jar!/META-INF/MANIFEST.MF"));
	assert_non_null(rec_find("/app/outer.jar!/inner.jar!/lib/deep.jar"));
	r = rec_find("/app/outer.jar!/inner.jar!/lib/deep.jar!/deep.txt");
	assert_non_null(r);
	assert_string_equal(r->data, "three levels down");
	assert_false(rec_contains("escape.txt"));
	assert_null(find_finding(&scan, "DSEC-IMG-NESTING"));
	dsec_scan_free(&scan);
}

static void test_nested_limit_stops_walk(void **state)
{
	struct dsec_scan scan;
	const struct dsec_finding *f;

	write_jar_image("jar-limit.tar");
	/* The layer walk is not a nesting level: outer.jar is level 1. */
	assert_int_equal(scan_input(&scan, tmp_path("jar-limit.tar"), NULL, 1), 0);

	assert_non_null(rec_find("/app/outer.jar!/inner.jar"));
	assert_null(rec_find("/app/outer.jar!/inner.jar!/META-INF/MANIFEST.MF"));
	assert_false(rec_contains("deep.txt"));
	f = find_finding(&scan, "DSEC-IMG-NESTING");
	assert_non_null(f);
	assert_int_equal(f->class, DSEC_FINDING_UNSUPPORTED);
	assert_string_equal(f->path, "/app/outer.jar!/inner.jar");
	dsec_scan_free(&scan);
}

static void test_nested_corrupt_jar(void **state)
{
	struct dsec_scan scan;
	struct mem jar, layer;

	write_archive(&jar, ZIP, MEMBERS(TEXT("a.txt", "some content of a member")), 1);
	/* Cut inside the member's data: a 30-byte local header and the name come first. */
	assert_true(jar.len > 45);
	jar.len = 45;
	write_archive(&layer, TAR, MEMBERS({ "broken.jar", jar.data, jar.len }), 1);
	write_docker_save("broken-jar.tar", &layer, TAR);
	free(jar.data);
	free(layer.data);

	assert_int_equal(scan_input(&scan, tmp_path("broken-jar.tar"), NULL, 0), 0);
	assert_non_null(rec_find("/broken.jar"));
	assert_non_null(find_finding(&scan, "DSEC-IMG-NESTED-UNREADABLE"));
	dsec_scan_free(&scan);
}

static void test_docker_save_gzip_outer(void **state)
{
	struct dsec_scan scan;
	struct mem layer;

	write_archive(&layer, TAR, MEMBERS(
		{ "etc/", NULL, 0 },
		TEXT("etc/hostname", "gzipped-outer"),
	), 2);
	write_docker_save("plain.tar", &layer, TAR);
	write_docker_save("outer.tar.gz", &layer, TAR_GZIP);
	free(layer.data);

	assert_int_equal(scan_input(&scan, tmp_path("plain.tar"), NULL, 0), 0);
	assert_string_equal(rec_find("/etc/hostname")->data, "gzipped-outer");
	dsec_scan_free(&scan);

	assert_int_equal(scan_input(&scan, tmp_path("outer.tar.gz"), NULL, 0), 0);
	assert_string_equal(scan.format, "docker-save");
	assert_int_equal(scan.n_layers, 1);
	assert_string_equal(scan.image_ref, "test/layouts:1");
	assert_string_equal(scan.config.user, "app");
	assert_non_null(rec_find("/etc/hostname"));
	assert_string_equal(rec_find("/etc/hostname")->data, "gzipped-outer");
	assert_null(find_finding(&scan, "DSEC-IMG-DIGEST"));
	dsec_scan_free(&scan);
}

/* An analyzer that asks for 16 bytes and the SHA-256 of the whole file. */
static unsigned char hashed_sha256[32];
static size_t hashed_data_len;
static bool hashed_valid;

static ssize_t hasher_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	return strcmp(file->path, "/big") ? -1 : 16;
}

static int hasher_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	hashed_valid = file->sha256_valid;
	memcpy(hashed_sha256, file->sha256, sizeof(hashed_sha256));
	hashed_data_len = file->data_len;
	return 0;
}

static const struct dsec_analyzer hasher = {
	.name = "hasher",
	.wants = hasher_wants,
	.analyze = hasher_analyze,
	.want_sha256 = true,
};

static void test_whole_file_sha256(void **state)
{
	static const struct dsec_analyzer *const hashers[] = { &hasher, &recorder };
	size_t size = 3 * 1024 * 1024 + 123, i;
	unsigned char *big = malloc(size), expected[32];
	struct dsec_scan_options opts = {
		.skip_vulns = true,
		.skip_misconfig = true,
		.analyzers = hashers,
		.n_analyzers = 2,
	};
	struct dsec_scan scan;
	struct mem layer;
	unsigned int n;

	assert_non_null(big);
	for (i = 0; i < size; i++)
		big[i] = (unsigned char)(i * 7 + i / 4096);
	EVP_Digest(big, size, expected, &n, EVP_sha256(), NULL);
	write_archive(&layer, TAR_GZIP, MEMBERS({ "big", big, size }, TEXT("small", "x")), 2);
	write_file("big.tar.gz", layer.data, layer.len);
	free(layer.data);
	free(big);

	/* The layer alone is a valid input: a bare layer archive. */
	opts.input = tmp_path("big.tar.gz");
	rec_reset();
	hashed_valid = false;
	dsec_scan_init(&scan, &opts);
	assert_int_equal(dsec_scan_image(&scan), 0);
	assert_true(hashed_valid);
	assert_int_equal(hashed_data_len, 16);
	assert_memory_equal(hashed_sha256, expected, sizeof(expected));
	/* The recorder, run on the same file, saw its first 64 bytes. */
	assert_non_null(rec_find("/big"));
	assert_non_null(rec_find("/small"));
	dsec_scan_free(&scan);
}

/*
 * OCI layouts. Each platform's image has one layer with /arch holding
 * its architecture, so the test sees which image was walked.
 */
#define MT_INDEX	"application/vnd.oci.image.index.v1+json"
#define MT_MANIFEST	"application/vnd.oci.image.manifest.v1+json"

static const char *const arches[] = { "arm64", "amd64", "s390x" };
#define N_ARCHES (sizeof(arches) / sizeof(arches[0]))

/* Stores a blob in dir/blobs/sha256 and returns its descriptor fields. */
static void put_blob(const char *dir, const void *data, size_t len, char digest[72])
{
	char name[256];

	sha256_hex(data, len, digest);
	snprintf(name, sizeof(name), "%s/blobs/sha256/%s", dir, digest + 7);
	write_file(name, data, len);
}

/* Writes one image per arch and returns the manifests' descriptors. */
static void put_images(const char *dir, char *descs, size_t size)
{
	size_t i, off = 0;

	descs[0] = '\0';
	for (i = 0; i < N_ARCHES; i++) {
		char layer_digest[72], diff_id[72], cfg_digest[72], man_digest[72];
		char config[512], manifest[1024];
		struct mem layer, gz;

		write_archive(&layer, TAR, MEMBERS({ "arch", arches[i], strlen(arches[i]) }), 1);
		write_archive(&gz, TAR_GZIP, MEMBERS({ "arch", arches[i], strlen(arches[i]) }), 1);
		sha256_hex(layer.data, layer.len, diff_id);
		put_blob(dir, gz.data, gz.len, layer_digest);

		snprintf(config, sizeof(config),
			 "{\"architecture\":\"%s\",\"os\":\"linux\",\"config\":{},"
			 "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"%s\"]}}",
			 arches[i], diff_id);
		put_blob(dir, config, strlen(config), cfg_digest);
		snprintf(manifest, sizeof(manifest),
			 "{\"schemaVersion\":2,\"mediaType\":\"" MT_MANIFEST "\","
			 "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
			 "\"digest\":\"%s\",\"size\":%zu},"
			 "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
			 "\"digest\":\"%s\",\"size\":%zu}]}",
			 cfg_digest, strlen(config), layer_digest, gz.len);
		put_blob(dir, manifest, strlen(manifest), man_digest);
		off += snprintf(descs + off, size - off,
				"%s{\"mediaType\":\"" MT_MANIFEST "\",\"digest\":\"%s\",\"size\":%zu,"
				"\"platform\":{\"os\":\"linux\",\"architecture\":\"%s\"}}",
				i ? "," : "", man_digest, strlen(manifest), arches[i]);
		free(layer.data);
		free(gz.data);
	}
	assert_true(off < size);
}

static void make_layout_dir(const char *dir)
{
	static const char *const subdirs[] = { "", "/blobs", "/blobs/sha256" };
	char path[600];
	size_t i;

	for (i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s%s", tmpdir, dir, subdirs[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	snprintf(path, sizeof(path), "%s/oci-layout", dir);
	write_file(path, "{\"imageLayoutVersion\":\"1.0.0\"}", 30);
}

/* A multi-arch layout: index.json lists the three platform manifests. */
static void write_multiarch_layout(const char *dir)
{
	char descs[4096], index[5000], path[300];

	make_layout_dir(dir);
	put_images(dir, descs, sizeof(descs));
	snprintf(index, sizeof(index),
		 "{\"schemaVersion\":2,\"mediaType\":\"" MT_INDEX "\",\"manifests\":[%s]}", descs);
	snprintf(path, sizeof(path), "%s/index.json", dir);
	write_file(path, index, strlen(index));
}

/*
 * As docker buildx writes it: index.json has one entry, a nested index
 * tagged "multi:1", which lists the platform manifests.
 */
static void write_nested_index_layout(const char *dir)
{
	char descs[4096], nested[5000], digest[72], index[1024], path[300];

	make_layout_dir(dir);
	put_images(dir, descs, sizeof(descs));
	snprintf(nested, sizeof(nested),
		 "{\"schemaVersion\":2,\"mediaType\":\"" MT_INDEX "\",\"manifests\":[%s]}", descs);
	put_blob(dir, nested, strlen(nested), digest);
	snprintf(index, sizeof(index),
		 "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" MT_INDEX "\","
		 "\"digest\":\"%s\",\"size\":%zu,\"annotations\":"
		 "{\"org.opencontainers.image.ref.name\":\"multi:1\"}}]}",
		 digest, strlen(nested));
	snprintf(path, sizeof(path), "%s/index.json", dir);
	write_file(path, index, strlen(index));
}

/* Scans dir for platform and checks that the image of arch was walked. */
static void check_picks(const char *dir, const char *platform, const char *arch)
{
	struct dsec_scan scan;
	const struct recorded *r;

	assert_int_equal(scan_input(&scan, tmp_path(dir), platform, 0), 0);
	assert_string_equal(scan.format, "oci");
	assert_int_equal(scan.n_layers, 1);
	assert_string_equal(scan.config.architecture, arch);
	r = rec_find("/arch");
	assert_non_null(r);
	assert_string_equal(r->data, arch);
	assert_null(find_finding(&scan, "DSEC-IMG-DIGEST"));
	dsec_scan_free(&scan);
}

static void check_platform_missing(const char *dir)
{
	struct dsec_scan scan;
	const char *msg;

	assert_true(scan_input(&scan, tmp_path(dir), "linux/riscv64", 0) < 0);
	msg = dsec_scan_error(&scan);
	assert_non_null(strstr(msg, "linux/riscv64"));
	assert_non_null(strstr(msg, "(linux/arm64)"));
	assert_non_null(strstr(msg, "(linux/amd64)"));
	assert_non_null(strstr(msg, "(linux/s390x)"));
	assert_int_equal(n_rec, 0);
	dsec_scan_free(&scan);
}

static void test_multiarch_index_default_amd64(void **state)
{
	write_multiarch_layout("multi");
	check_picks("multi", NULL, "amd64");
}

static void test_multiarch_index_platform(void **state)
{
	write_multiarch_layout("multi-platform");
	check_picks("multi-platform", "linux/arm64", "arm64");
	check_picks("multi-platform", "linux/s390x", "s390x");
}

static void test_multiarch_index_platform_missing(void **state)
{
	write_multiarch_layout("multi-missing");
	check_platform_missing("multi-missing");
}

static void test_nested_index_selection(void **state)
{
	struct dsec_scan scan;

	write_nested_index_layout("nested");
	check_picks("nested", NULL, "amd64");
	check_picks("nested", "linux/arm64", "arm64");
	check_platform_missing("nested");

	/* The tag of the outer entry names every image below it. */
	assert_int_equal(scan_input(&scan, tmp_path("nested"), "linux/s390x", 0), 0);
	assert_string_equal(scan.image_ref, "multi:1");
	dsec_scan_free(&scan);
}

static void test_single_platform_mismatch(void **state)
{
	char descs[4096], index[5000], path[300], *arm64;
	struct dsec_scan scan;

	/* Keep only the first (arm64) descriptor of the list. */
	make_layout_dir("arm-only");
	put_images("arm-only", descs, sizeof(descs));
	arm64 = strstr(descs, "},{");
	assert_non_null(arm64);
	arm64[1] = '\0';
	snprintf(index, sizeof(index), "{\"schemaVersion\":2,\"manifests\":[%s]}", descs);
	snprintf(path, sizeof(path), "%s/index.json", "arm-only");
	write_file(path, index, strlen(index));

	/* Without --platform the only image is scanned, whatever its platform. */
	check_picks("arm-only", NULL, "arm64");
	/* A platform asked for explicitly must exist. */
	assert_int_equal(scan_input(&scan, tmp_path("arm-only"), "linux/amd64", 0), -ENOENT);
	assert_non_null(strstr(dsec_scan_error(&scan), "(linux/arm64)"));
	dsec_scan_free(&scan);
}

/* A FIFO named index.json must not block the scan on open or read. */
static void test_fifo_index_rejected(void **state)
{
	struct dsec_scan scan;
	char path[600];

	make_layout_dir("fifo");
	snprintf(path, sizeof(path), "%s/index.json", tmp_path("fifo"));
	assert_int_equal(mkfifo(path, 0644), 0);

	alarm(30);
	assert_int_equal(scan_input(&scan, tmp_path("fifo"), NULL, 0), -EINVAL);
	alarm(0);
	assert_non_null(strstr(dsec_scan_error(&scan), "'index.json' is not a regular file"));
	assert_int_equal(n_rec, 0);
	dsec_scan_free(&scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nested_jar_in_jar),
		cmocka_unit_test(test_nested_limit_stops_walk),
		cmocka_unit_test(test_nested_corrupt_jar),
		cmocka_unit_test(test_docker_save_gzip_outer),
		cmocka_unit_test(test_whole_file_sha256),
		cmocka_unit_test(test_multiarch_index_default_amd64),
		cmocka_unit_test(test_multiarch_index_platform),
		cmocka_unit_test(test_multiarch_index_platform_missing),
		cmocka_unit_test(test_nested_index_selection),
		cmocka_unit_test(test_single_platform_mismatch),
		cmocka_unit_test(test_fifo_index_rejected),
	};

	return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
