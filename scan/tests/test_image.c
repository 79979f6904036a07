// SPDX-License-Identifier: GPL-2.0
/*
 * Image input and layer walk: every fixture image under
 * ../shared/fixtures/images, whiteout semantics on a multi-layer image
 * built here with libarchive's writer, and hostile archives generated
 * here. Run from the repository root.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "scan/scan.h"

#define IMAGES "../shared/fixtures/images/"

/* An analyzer that records every path it is given, with its content. */
struct recorded {
	char *path;
	char *data;
	char *link;
	mode_t mode;
};

static struct recorded rec[4096];
static size_t n_rec;

static ssize_t rec_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	return 256;
}

static int rec_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (n_rec == sizeof(rec) / sizeof(rec[0]))
		return 0;
	rec[n_rec].path = strdup(file->path);
	rec[n_rec].data = strndup(file->data ? (const char *)file->data : "", file->data_len);
	rec[n_rec].link = file->link_target ? strdup(file->link_target) : NULL;
	rec[n_rec].mode = file->mode;
	n_rec++;
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
		free(rec[i].link);
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

static size_t rec_count(const char *path)
{
	size_t i, n = 0;

	for (i = 0; i < n_rec; i++)
		n += !strcmp(rec[i].path, path);
	return n;
}

static int scan_with(struct dsec_scan *scan, const char *input, const char *ref,
		     const struct dsec_scan_limits *limits)
{
	struct dsec_scan_options opts = {
		.input = input,
		.image_ref = ref,
		.skip_vulns = true,
		.skip_misconfig = true,
		.analyzers = recorder_list,
		.n_analyzers = 1,
	};

	if (limits)
		opts.limits = *limits;
	rec_reset();
	dsec_scan_init(scan, &opts);
	return dsec_scan_image(scan);
}

static const struct dsec_finding *find_finding(const struct dsec_scan *scan, const char *id)
{
	size_t i;

	for (i = 0; i < scan->n_findings; i++)
		if (!strcmp(scan->findings[i].id, id))
			return &scan->findings[i];
	return NULL;
}

/* Fixture images: format, layers, config digest, config fields, files. */
struct fixture_case {
	const char *input;
	const char *format;
	size_t n_layers;
	const char *digest;		/* image_digest prefix */
	const char *architecture;
	const char *present;		/* a path that must be there */
	const char *absent;		/* a path that must not, or NULL */
	size_t min_files;
};

static const struct fixture_case fixtures[] = {
	{ IMAGES "docker-save/trivy-alpine-3.10.tar.gz", "docker-save", 1,
	  "sha256:af341ccd2df8", "amd64", "/lib/apk/db/installed", NULL, 400 },
	{ IMAGES "docker-save/trivy-alpine-3.11.tar.gz", "docker-save", 1,
	  "sha256:a187dde48cd2", "amd64", "/etc/alpine-release", NULL, 400 },
	{ IMAGES "docker-save/snyk-nginx-debian10-trimmed.tar", "docker-save", 1,
	  "sha256:5a3221f0137b", "amd64", "/var/lib/dpkg/status", NULL, 10 },
	{ IMAGES "docker-save/snyk-skopeo-nginx.tar", "docker-save", 1,
	  "sha256:ab56bba91343", "amd64", "/var/lib/dpkg/status", NULL, 10 },
	{ IMAGES "docker-save/snyk-kaniko-busybox.tar", "docker-save", 1,
	  "sha256:c5003bd0bae2", "amd64", NULL, NULL, 1 },
	{ IMAGES "docker-save/snyk-hello-world-docker25.tar", "docker-save", 1,
	  "sha256:d2c94e258dcb", "amd64", "/hello", NULL, 1 },
	{ IMAGES "docker-save/ggcr-hello-world-v25.tar", "docker-save", 1,
	  "sha256:ee301c921b8a", "arm64", "/hello", NULL, 1 },
	{ IMAGES "docker-save/ggcr-test_image_1.tar", "docker-save", 1,
	  "sha256:6e0b05049ed9", "amd64", NULL, NULL, 2 },
	{ IMAGES "docker-save/ggcr-whiteout_image.tar", "docker-save", 3,
	  "sha256:decb630649c3", "amd64", "/bar.txt", "/foo.txt", 1 },
	{ IMAGES "docker-save/scalibr-overwrite-file.tar", "docker-save", 2,
	  "sha256:86ee30779ba1", "amd64", "/sample.txt", NULL, 1 },
	{ IMAGES "docker-save/scalibr-symlink-basic.tar", "docker-save", 1,
	  "sha256:2a92a3c5e77b", "amd64", NULL, NULL, 6 },
	{ IMAGES "oci/snyk-oci-busybox-1.31.1.tar", "oci", 1,
	  "sha256:2f2d4db2ef81", "amd64", "/bin/busybox", NULL, 400 },
	{ IMAGES "oci/stereoscope-valid-oci.tar", "oci", 1,
	  "sha256:61ee19e869a5", "amd64", "/README.md", NULL, 1 },
	{ IMAGES "oci-dirs/trivy-test.oci", "oci", 1,
	  "sha256:b23a8f6569ae", "amd64", "/hello", NULL, 1 },
	{ IMAGES "layers/ggcr-content.tar", "layer", 1, NULL, NULL, "/bat", NULL, 2 },
	{ IMAGES "layers/ggcr-content.tar.zst", "layer", 1, NULL, NULL, "/baz", NULL, 2 },
};

static void test_fixture_images(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		const struct fixture_case *c = &fixtures[i];
		struct dsec_scan scan;
		int r = scan_with(&scan, c->input, NULL, NULL);

		if (r)
			fail_msg("%s: %s", c->input, dsec_scan_error(&scan));
		assert_string_equal(scan.format, c->format);
		assert_int_equal(scan.n_layers, c->n_layers);
		if (c->digest)
			assert_true(scan.image_digest &&
				    !strncmp(scan.image_digest, c->digest, strlen(c->digest)));
		if (c->architecture)
			assert_string_equal(scan.config.architecture, c->architecture);
		if (c->present && !rec_find(c->present))
			fail_msg("%s: %s missing", c->input, c->present);
		if (c->absent && rec_find(c->absent))
			fail_msg("%s: %s should be hidden", c->input, c->absent);
		assert_true(n_rec >= c->min_files);
		/* Every layer has both digests, valid or computed. */
		assert_non_null(scan.layers[0].digest);
		assert_non_null(scan.layers[0].diff_id);
		assert_null(find_finding(&scan, "DSEC-IMG-DIGEST"));
		dsec_scan_free(&scan);
	}
}

static void test_oci_layer_digests(void **state)
{
	struct dsec_scan scan;

	assert_int_equal(scan_with(&scan, IMAGES "oci/stereoscope-valid-oci.tar", NULL, NULL), 0);
	assert_string_equal(scan.layers[0].digest,
			    "sha256:00ffd085e9e7c06d20fdc61119a8d08e5c8bd3c1c320d10494ce6ed86691c06c");
	assert_string_equal(scan.layers[0].diff_id,
			    "sha256:7cec5b0994b7ef959705617ab9c8bbd495446c4a80afa28aba0490f16772c9b3");
	assert_string_equal(scan.image_ref, "sample:latest");
	assert_non_null(rec_find("/README.md"));
	dsec_scan_free(&scan);
}

static void test_config_fields(void **state)
{
	struct dsec_scan scan;

	assert_int_equal(scan_with(&scan, IMAGES "docker-save/snyk-nginx-debian10-trimmed.tar",
				   NULL, NULL), 0);
	assert_non_null(scan.config.cmd);
	assert_string_equal(scan.config.cmd[0], "nginx");
	assert_non_null(scan.config.exposed_ports);
	assert_string_equal(scan.config.exposed_ports[0], "80/tcp");
	assert_non_null(scan.config.env);
	assert_int_equal(strncmp(scan.config.env[0], "PATH=", 5), 0);
	assert_int_equal(scan.config.n_history, 11);
	assert_string_equal(scan.config.os, "linux");
	assert_false(scan.config.has_healthcheck);
	dsec_scan_free(&scan);
}

static void test_overwritten_file_content(void **state)
{
	struct dsec_scan scan;

	assert_int_equal(scan_with(&scan, IMAGES "docker-save/scalibr-overwrite-file.tar",
				   NULL, NULL), 0);
	assert_int_equal(rec_count("/sample.txt"), 1);
	/* The second layer's version wins. */
	assert_non_null(strstr(rec_find("/sample.txt")->data, "overwritten"));
	dsec_scan_free(&scan);
}

static void test_bundle_needs_ref(void **state)
{
	struct dsec_scan scan;

	assert_int_equal(scan_with(&scan, IMAGES "docker-save/ggcr-test_bundle.tar", NULL, NULL),
			 -EINVAL);
	assert_non_null(strstr(dsec_scan_error(&scan), "test_image_1"));
	assert_non_null(strstr(dsec_scan_error(&scan), "test_image_2"));
	dsec_scan_free(&scan);
}

static void test_bundle_pick_by_tag(void **state)
{
	struct dsec_scan scan;

	assert_int_equal(scan_with(&scan, IMAGES "docker-save/ggcr-test_bundle.tar",
				   "test_image_1", NULL), 0);
	assert_non_null(strstr(scan.image_digest, "sha256:6e0b05049ed9"));
	dsec_scan_free(&scan);
}

static void test_bundle_unknown_ref(void **state)
{
	struct dsec_scan scan;

	assert_int_equal(scan_with(&scan, IMAGES "docker-save/ggcr-test_bundle.tar",
				   "nosuch:tag", NULL), -ENOENT);
	assert_non_null(strstr(dsec_scan_error(&scan), "nosuch:tag"));
	assert_non_null(strstr(dsec_scan_error(&scan), "test_image_2"));
	dsec_scan_free(&scan);
}

static void test_escape_layer_stays_inside(void **state)
{
	struct dsec_scan scan;
	size_t i;

	assert_int_equal(scan_with(&scan, IMAGES "layers/scalibr-escape-layer.tar", NULL, NULL), 0);
	assert_true(n_rec > 0);
	for (i = 0; i < n_rec; i++) {
		assert_int_equal(rec[i].path[0], '/');
		assert_null(strstr(rec[i].path, ".."));
	}
	/* The symlink is reported with its target, never followed. */
	assert_non_null(rec_find("/escape"));
	assert_non_null(rec_find("/escape")->link);
	dsec_scan_free(&scan);
}

/* Building archives for the tests. */

struct mem {
	char *data;
	size_t len;
};

struct member {
	const char *name;
	const char *content;	/* NULL: a directory */
	const char *symlink;
	size_t repeat;		/* content repeated, for big files */
};

static void sha256_hex(const void *data, size_t len, char out[72])
{
	unsigned char md[32];
	unsigned int n, i;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	strcpy(out, "sha256:");
	for (i = 0; i < 32; i++)
		sprintf(out + 7 + 2 * i, "%02x", md[i]);
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

static void write_tar(struct mem *out, const struct member *members, size_t n, bool gzip)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	size_t i, k;

	memset(out, 0, sizeof(*out));
	archive_write_set_format_pax_restricted(a);
	if (gzip)
		archive_write_add_filter_gzip(a);
	assert_int_equal(archive_write_open(a, out, NULL, mem_write, NULL), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		size_t len = members[i].content ? strlen(members[i].content) : 0;
		size_t rep = members[i].repeat ? members[i].repeat : 1;

		archive_entry_clear(e);
		archive_entry_set_pathname(e, members[i].name);
		if (members[i].symlink) {
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, members[i].symlink);
			archive_entry_set_perm(e, 0777);
		} else if (!members[i].content) {
			archive_entry_set_filetype(e, AE_IFDIR);
			archive_entry_set_perm(e, 0755);
		} else {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			archive_entry_set_size(e, len * rep);
		}
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		for (k = 0; members[i].content && k < rep; k++)
			assert_int_equal(archive_write_data(a, members[i].content, len), (la_ssize_t)len);
	}
	archive_write_close(a);
	archive_write_free(a);
	archive_entry_free(e);
}

static char tmpdir[64];

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

static const char *tmp_path(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

/*
 * Writes a legacy docker save archive "name" with these layers (bottom
 * first). A non-NULL bad_diff_id replaces the diff_id of layer 0, and
 * layer_name replaces the manifest's name for layer 0.
 */
static void write_docker_save(const char *name, struct mem *layers, size_t n,
			      const char *bad_diff_id, const char *layer_name)
{
	char config[4096], manifest[4096], digest[72], cfg_name[80], layer_names[16][80];
	struct mem tar;
	size_t i, off;

	off = snprintf(config, sizeof(config),
		       "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"app\","
		       "\"Env\":[\"A=1\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
	for (i = 0; i < n; i++) {
		sha256_hex(layers[i].data, layers[i].len, digest);
		off += snprintf(config + off, sizeof(config) - off, "%s\"%s\"", i ? "," : "",
				i == 0 && bad_diff_id ? bad_diff_id : digest);
	}
	snprintf(config + off, sizeof(config) - off, "]}}");
	sha256_hex(config, strlen(config), digest);
	snprintf(cfg_name, sizeof(cfg_name), "%s.json", digest + 7);

	off = snprintf(manifest, sizeof(manifest),
		       "[{\"Config\":\"%s\",\"RepoTags\":[\"test/built:1\"],\"Layers\":[", cfg_name);
	for (i = 0; i < n; i++) {
		snprintf(layer_names[i], sizeof(layer_names[i]), "l%zu/layer.tar", i);
		off += snprintf(manifest + off, sizeof(manifest) - off, "%s\"%s\"", i ? "," : "",
				i == 0 && layer_name ? layer_name : layer_names[i]);
	}
	snprintf(manifest + off, sizeof(manifest) - off, "]}]");

	/* Layers hold NULs, so they are written here, not by write_tar(). */
	{
		struct archive *a = archive_write_new();
		struct archive_entry *e = archive_entry_new();

		memset(&tar, 0, sizeof(tar));
		archive_write_set_format_pax_restricted(a);
		assert_int_equal(archive_write_open(a, &tar, NULL, mem_write, NULL), ARCHIVE_OK);
		for (i = 0; i < n; i++) {
			archive_entry_clear(e);
			archive_entry_set_pathname(e, layer_names[i]);
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			archive_entry_set_size(e, layers[i].len);
			assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
			assert_int_equal(archive_write_data(a, layers[i].data, layers[i].len),
					 (la_ssize_t)layers[i].len);
		}
		archive_entry_clear(e);
		archive_entry_set_pathname(e, cfg_name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, strlen(config));
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		archive_write_data(a, config, strlen(config));
		archive_entry_clear(e);
		archive_entry_set_pathname(e, "manifest.json");
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, strlen(manifest));
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		archive_write_data(a, manifest, strlen(manifest));
		archive_write_close(a);
		archive_write_free(a);
		archive_entry_free(e);
	}
	write_file(name, tar.data, tar.len);
	free(tar.data);
}

static int setup_tmp(void **state)
{
	strcpy(tmpdir, "/tmp/dsec-test-image.XXXXXX");
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

static const struct member lower_members[] = {
	{ "a/", NULL, NULL, 0 },
	{ "a/keep", "v1", NULL, 0 },
	{ "a/gone", "deleted above", NULL, 0 },
	{ "dir/old", "stays", NULL, 0 },
	{ "opq/", NULL, NULL, 0 },
	{ "opq/lower", "hidden by opaque", NULL, 0 },
	{ "rep/", NULL, NULL, 0 },
	{ "rep/child", "hidden by a file", NULL, 0 },
	{ "sub/", NULL, NULL, 0 },
	{ "sub/tree/deep", "hidden with its parent", NULL, 0 },
};

static const struct member upper_members[] = {
	{ "./a/.wh.gone", "", NULL, 0 },
	{ "./a/keep", "v2", NULL, 0 },
	{ "./opq/", NULL, NULL, 0 },
	{ "./opq/.wh..wh..opq", "", NULL, 0 },
	{ "./opq/upper", "new in opaque dir", NULL, 0 },
	{ "./rep", "now a file", NULL, 0 },
	{ "./.wh.sub", "", NULL, 0 },
	{ "./new", "added", NULL, 0 },
};

static void test_whiteout_semantics(void **state)
{
	struct dsec_scan scan;
	struct mem layers[2];

	write_tar(&layers[0], lower_members, sizeof(lower_members) / sizeof(lower_members[0]), false);
	write_tar(&layers[1], upper_members, sizeof(upper_members) / sizeof(upper_members[0]), false);
	write_docker_save("wh.tar", layers, 2, NULL, NULL);

	assert_int_equal(scan_with(&scan, tmp_path("wh.tar"), NULL, NULL), 0);
	assert_int_equal(scan.n_layers, 2);
	assert_string_equal(scan.config.user, "app");
	assert_string_equal(rec_find("/a/keep")->data, "v2");
	assert_int_equal(rec_count("/a/keep"), 1);
	assert_null(rec_find("/a/gone"));
	assert_null(rec_find("/a/.wh.gone"));
	assert_non_null(rec_find("/dir/old"));
	assert_null(rec_find("/opq/lower"));
	assert_non_null(rec_find("/opq/upper"));
	assert_true(S_ISREG(rec_find("/rep")->mode));
	assert_null(rec_find("/rep/child"));
	assert_null(rec_find("/sub"));
	assert_null(rec_find("/sub/tree/deep"));
	assert_non_null(rec_find("/new"));
	assert_null(find_finding(&scan, "DSEC-IMG-DIGEST"));
	dsec_scan_free(&scan);
	free(layers[0].data);
	free(layers[1].data);
}

/*
 * An upper layer that holds /opt first as a file, then as a directory:
 * extraction keeps the directory, so the lower /opt/creds stays visible
 * and must be analyzed.
 */
static void test_file_then_dir_keeps_lower(void **state)
{
	static const struct member lower[] = {
		{ "opt/", NULL, NULL, 0 },
		{ "opt/creds", "lower secret", NULL, 0 },
	};
	static const struct member upper[] = {
		{ "opt", "a file first", NULL, 0 },
		{ "opt/", NULL, NULL, 0 },
	};
	struct dsec_scan scan;
	struct mem layers[2];

	write_tar(&layers[0], lower, 2, false);
	write_tar(&layers[1], upper, 2, false);
	write_docker_save("file-dir.tar", layers, 2, NULL, NULL);

	assert_int_equal(scan_with(&scan, tmp_path("file-dir.tar"), NULL, NULL), 0);
	assert_non_null(find_finding(&scan, "DSEC-IMG-DUPLICATE"));
	assert_non_null(rec_find("/opt/creds"));
	assert_string_equal(rec_find("/opt/creds")->data, "lower secret");
	dsec_scan_free(&scan);
	free(layers[0].data);
	free(layers[1].data);
}

static void test_mismatched_diff_id(void **state)
{
	struct dsec_scan scan;
	struct mem layer;
	const struct dsec_finding *f;

	write_tar(&layer, lower_members, 3, false);
	write_docker_save("bad-digest.tar", &layer, 1,
			  "sha256:0000000000000000000000000000000000000000000000000000000000000000",
			  NULL);
	assert_int_equal(scan_with(&scan, tmp_path("bad-digest.tar"), NULL, NULL), 0);
	f = find_finding(&scan, "DSEC-IMG-DIGEST");
	assert_non_null(f);
	assert_int_equal(f->class, DSEC_FINDING_INTEGRITY);
	assert_int_equal(f->severity, DSEC_SEV_CRITICAL);
	/* The content is still analyzed. */
	assert_non_null(rec_find("/a/keep"));
	dsec_scan_free(&scan);
	free(layer.data);
}

static void test_manifest_outside(void **state)
{
	struct dsec_scan scan;
	struct mem layer;

	write_tar(&layer, lower_members, 3, false);
	write_docker_save("outside.tar", &layer, 1, NULL, "../../etc/passwd");
	assert_int_equal(scan_with(&scan, tmp_path("outside.tar"), NULL, NULL), -EINVAL);
	assert_non_null(strstr(dsec_scan_error(&scan), "outside"));
	dsec_scan_free(&scan);
	free(layer.data);
}

static void test_hostile_names(void **state)
{
	static char long_name[65536];
	const struct member members[] = {
		{ "../../../evil", "x", NULL, 0 },
		{ "/abs/file", "y", NULL, 0 },
		{ "a/../../up", "z", NULL, 0 },
		{ long_name, "w", NULL, 0 },
		{ "loop1", NULL, "loop2", 0 },
		{ "loop2", NULL, "loop1", 0 },
		{ "dup", "first", NULL, 0 },
		{ "dup", "second", NULL, 0 },
	};
	struct dsec_scan scan;
	struct mem layer;

	memset(long_name, 'a', sizeof(long_name) - 1);
	for (size_t i = 100; i < sizeof(long_name) - 1; i += 100)
		long_name[i] = '/';
	write_tar(&layer, members, sizeof(members) / sizeof(members[0]), false);
	write_file("hostile.tar", layer.data, layer.len);

	assert_int_equal(scan_with(&scan, tmp_path("hostile.tar"), NULL, NULL), 0);
	assert_non_null(find_finding(&scan, "DSEC-IMG-PATH-ESCAPE"));
	assert_null(rec_find("/evil"));
	assert_null(rec_find("/up"));
	assert_non_null(rec_find("/abs/file"));
	assert_non_null(find_finding(&scan, "DSEC-IMG-LONG-PATH"));
	assert_string_equal(rec_find("/loop1")->link, "loop2");
	assert_string_equal(rec_find("/loop2")->link, "loop1");
	assert_non_null(find_finding(&scan, "DSEC-IMG-DUPLICATE"));
	assert_int_equal(rec_count("/dup"), 2);
	dsec_scan_free(&scan);
	free(layer.data);
}

static void test_truncated_layer(void **state)
{
	const struct member members[] = { { "big", "0123456789abcdef", NULL, 4096 } };
	struct dsec_scan scan;
	struct mem layer;

	write_tar(&layer, members, 1, false);
	write_file("trunc.tar", layer.data, 30000);
	assert_true(scan_with(&scan, tmp_path("trunc.tar"), NULL, NULL) < 0);
	assert_non_null(strstr(dsec_scan_error(&scan), "truncated"));
	dsec_scan_free(&scan);
	free(layer.data);
}

static void test_bad_gzip(void **state)
{
	const struct member members[] = { { "f", "0123456789abcdef", NULL, 4096 } };
	struct dsec_scan scan;
	struct mem layer;

	write_tar(&layer, members, 1, true);
	/* Corrupt the deflate stream after the gzip header. */
	memset(layer.data + 20, 0xff, 40);
	write_file("bad.tar.gz", layer.data, layer.len);
	assert_true(scan_with(&scan, tmp_path("bad.tar.gz"), NULL, NULL) < 0);
	assert_non_null(strstr(dsec_scan_error(&scan), "bad.tar.gz"));
	dsec_scan_free(&scan);
	free(layer.data);
}

static void test_decompression_bomb(void **state)
{
	static char zeros[1 << 16];
	const struct member members[] = { { "bomb", zeros, NULL, 1024 } };
	struct dsec_scan_limits limits = { .max_total_bytes = 8 << 20 };
	struct dsec_scan scan;
	struct mem layer;

	memset(zeros, 'A', sizeof(zeros) - 1);
	/* 64 MiB of one byte, about 64 KiB compressed. */
	write_tar(&layer, members, 1, true);
	write_file("bomb.tar.gz", layer.data, layer.len);
	assert_int_equal(scan_with(&scan, tmp_path("bomb.tar.gz"), NULL, &limits), -EFBIG);
	assert_non_null(strstr(dsec_scan_error(&scan), "max_total_bytes"));
	dsec_scan_free(&scan);
	free(layer.data);
}

static void test_million_entries(void **state)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	struct dsec_scan scan;
	struct rusage ru;
	char name[32];
	size_t i;

	archive_write_set_format_ustar(a);
	archive_write_add_filter_gzip(a);
	archive_write_set_filter_option(a, "gzip", "compression-level", "1");
	assert_int_equal(archive_write_open_filename(a, tmp_path("many.tar.gz")), ARCHIVE_OK);
	for (i = 0; i <= DSEC_DEFAULT_MAX_ENTRIES; i++) {
		archive_entry_clear(e);
		snprintf(name, sizeof(name), "d%zu/f%zu", i % 1000, i);
		archive_entry_set_pathname(e, name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, 0);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	}
	archive_write_close(a);
	archive_write_free(a);
	archive_entry_free(e);

	assert_int_equal(scan_with(&scan, tmp_path("many.tar.gz"), NULL, NULL), -E2BIG);
	assert_non_null(strstr(dsec_scan_error(&scan), "max_entries"));
	dsec_scan_free(&scan);
	/* The path set for a million paths stays far below the RSS target. */
	getrusage(RUSAGE_SELF, &ru);
	assert_true(ru.ru_maxrss < 96 * 1024);
}

/*
 * A bare layer of 500000 files named like blobs: the outer archive's
 * member list used to keep every name and a cache buffer for each,
 * 90 MB here, before the walk even started.
 */
static void test_bare_layer_members_not_kept(void **state)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	struct dsec_scan scan;
	struct rusage ru;
	char name[96];
	size_t i;

	archive_write_set_format_ustar(a);
	archive_write_add_filter_gzip(a);
	archive_write_set_filter_option(a, "gzip", "compression-level", "1");
	assert_int_equal(archive_write_open_filename(a, tmp_path("blobs.tar.gz")), ARCHIVE_OK);
	for (i = 0; i <= 500000; i++) {
		archive_entry_clear(e);
		if (i < 500000)
			snprintf(name, sizeof(name), "blobs/x/%060zu", i);
		else
			snprintf(name, sizeof(name), "etc/last");
		archive_entry_set_pathname(e, name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, i < 500000 ? 0 : 4);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	}
	assert_int_equal(archive_write_data(a, "last", 4), 4);
	archive_write_close(a);
	archive_write_free(a);
	archive_entry_free(e);

	assert_int_equal(scan_with(&scan, tmp_path("blobs.tar.gz"), NULL, NULL), 0);
	assert_string_equal(scan.format, "layer");
	assert_int_equal(scan.files_seen, 500001);
	dsec_scan_free(&scan);
	getrusage(RUSAGE_SELF, &ru);
#ifndef __SANITIZE_ADDRESS__	/* ASan keeps freed memory in quarantine */
	assert_true(ru.ru_maxrss < 96 * 1024);
#endif
}

static void test_not_an_archive(void **state)
{
	struct dsec_scan scan;

	write_file("junk.bin", "this is not a tar archive at all, just some text\n", 48);
	assert_true(scan_with(&scan, tmp_path("junk.bin"), NULL, NULL) < 0);
	assert_non_null(strstr(dsec_scan_error(&scan), "junk.bin"));
	dsec_scan_free(&scan);
}

static void test_rootfs_directory(void **state)
{
	char path[256];
	struct dsec_scan scan;

	snprintf(path, sizeof(path), "%s/root", tmpdir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/root/etc", tmpdir);
	mkdir(path, 0755);
	write_file("root/etc/os-release", "ID=debian\n", 10);
	snprintf(path, sizeof(path), "%s/root/link", tmpdir);
	assert_int_equal(symlink("/etc/os-release", path), 0);

	assert_int_equal(scan_with(&scan, tmp_path("root"), NULL, NULL), 0);
	assert_string_equal(scan.format, "rootfs");
	assert_string_equal(rec_find("/etc/os-release")->data, "ID=debian\n");
	assert_string_equal(rec_find("/link")->link, "/etc/os-release");
	dsec_scan_free(&scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_images),
		cmocka_unit_test(test_oci_layer_digests),
		cmocka_unit_test(test_config_fields),
		cmocka_unit_test(test_overwritten_file_content),
		cmocka_unit_test(test_bundle_needs_ref),
		cmocka_unit_test(test_bundle_pick_by_tag),
		cmocka_unit_test(test_bundle_unknown_ref),
		cmocka_unit_test(test_escape_layer_stays_inside),
		cmocka_unit_test(test_whiteout_semantics),
		cmocka_unit_test(test_file_then_dir_keeps_lower),
		cmocka_unit_test(test_mismatched_diff_id),
		cmocka_unit_test(test_manifest_outside),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_truncated_layer),
		cmocka_unit_test(test_bad_gzip),
		cmocka_unit_test(test_decompression_bomb),
		cmocka_unit_test(test_not_an_archive),
		cmocka_unit_test(test_rootfs_directory),
		cmocka_unit_test(test_bare_layer_members_not_kept),
		cmocka_unit_test(test_million_entries),
	};

	return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
