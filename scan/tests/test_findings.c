// SPDX-License-Identifier: GPL-2.0
/*
 * Caps on the findings of a scan: per check in one file, per check, for
 * vulnerabilities and in all, the DSEC-FINDINGS-NOT-LISTED findings that
 * count what went over them in every report format, and the peak memory
 * of a real docker save archive whose config sets 65,536 tokens in Env.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "scan/report.h"

static struct dsec_scan *new_scan(const struct dsec_scan_limits *limits)
{
	static const struct dsec_analyzer *const none[] = { NULL };
	struct dsec_scan_options opts = { .input = "image.tar", .analyzers = none };
	struct dsec_scan *scan = calloc(1, sizeof(*scan));

	assert_non_null(scan);
	if (limits)
		opts.limits = *limits;
	dsec_scan_init(scan, &opts);
	scan->format = "docker-save";
	return scan;
}

static void free_scan(struct dsec_scan *scan)
{
	dsec_scan_free(scan);
	free(scan);
}

static void add(struct dsec_scan *scan, enum dsec_finding_class class,
		enum dsec_severity severity, const char *id, const char *path)
{
	struct dsec_finding f = {
		.class = class,
		.severity = severity,
		.id = id,
		.title = "test finding",
		.path = path,
		.package = -1,
	};

	assert_int_equal(dsec_scan_add_finding(scan, &f), 0);
}

static size_t count_id(const struct dsec_scan *scan, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < scan->n_findings; i++)
		if (!strcmp(scan->findings[i].id, id))
			n++;
	return n;
}

static const struct dsec_finding *not_listed(const struct dsec_scan *scan,
					     enum dsec_finding_class class,
					     enum dsec_severity severity)
{
	size_t i;

	for (i = 0; i < scan->n_findings; i++) {
		const struct dsec_finding *f = &scan->findings[i];

		if (!strcmp(f->id, DSEC_FINDING_NOT_LISTED_ID) && f->class == class &&
		    f->severity == severity)
			return f;
	}
	return NULL;
}

static void test_per_file_cap(void **state)
{
	struct dsec_scan_limits limits = { .max_findings_per_file = 3 };
	struct dsec_scan *scan = new_scan(&limits);
	const struct dsec_finding *nl;
	int i;

	for (i = 0; i < 10; i++)
		add(scan, DSEC_FINDING_SECRET, DSEC_SEV_HIGH, "DSEC-SECRET-A", "/a");
	add(scan, DSEC_FINDING_SECRET, DSEC_SEV_HIGH, "DSEC-SECRET-A", "/b");
	/* Another check in the same file has its own cap. */
	add(scan, DSEC_FINDING_SECRET, DSEC_SEV_HIGH, "DSEC-SECRET-B", "/a");
	assert_int_equal(dsec_scan_add_not_listed(scan), 0);

	assert_int_equal(count_id(scan, "DSEC-SECRET-A"), 4);
	assert_int_equal(count_id(scan, "DSEC-SECRET-B"), 1);
	assert_int_equal(scan->findings_not_listed, 7);
	nl = not_listed(scan, DSEC_FINDING_SECRET, DSEC_SEV_HIGH);
	assert_non_null(nl);
	assert_int_equal(nl->not_listed, 7);
	assert_string_equal(nl->title, "7 more HIGH secret findings not listed");
	assert_string_equal(nl->evidence, "first not listed: DSEC-SECRET-A in /a");
	free_scan(scan);
}

static void test_per_check_cap(void **state)
{
	struct dsec_scan_limits limits = { .max_findings_per_check = 5 };
	struct dsec_scan *scan = new_scan(&limits);
	char path[32];
	int i;

	for (i = 0; i < 20; i++) {
		snprintf(path, sizeof(path), "/f%d", i);
		add(scan, DSEC_FINDING_SUSPICIOUS, DSEC_SEV_LOW, "DSEC-SUSP-SETUID", path);
	}
	/* A flood of one check leaves room for the others. */
	add(scan, DSEC_FINDING_SUSPICIOUS, DSEC_SEV_HIGH, "DSEC-SUSP-LD-PRELOAD",
	    "/etc/ld.so.preload");
	assert_int_equal(dsec_scan_add_not_listed(scan), 0);

	assert_int_equal(count_id(scan, "DSEC-SUSP-SETUID"), 5);
	assert_int_equal(count_id(scan, "DSEC-SUSP-LD-PRELOAD"), 1);
	assert_int_equal(not_listed(scan, DSEC_FINDING_SUSPICIOUS, DSEC_SEV_LOW)->not_listed, 15);
	assert_null(not_listed(scan, DSEC_FINDING_SUSPICIOUS, DSEC_SEV_HIGH));
	free_scan(scan);
}

static void test_vuln_cap_ignores_file(void **state)
{
	struct dsec_scan_limits limits = { .max_findings_per_file = 2,
					   .max_vuln_findings = 6 };
	struct dsec_scan *scan = new_scan(&limits);
	char id[32];
	int i;

	/* Every vulnerability names the package database as its path. */
	for (i = 0; i < 10; i++) {
		snprintf(id, sizeof(id), "CVE-2024-%04d", i);
		add(scan, DSEC_FINDING_VULN, i < 8 ? DSEC_SEV_MEDIUM : DSEC_SEV_CRITICAL, id,
		    "/var/lib/dpkg/status");
	}
	assert_int_equal(dsec_scan_add_not_listed(scan), 0);

	assert_int_equal(scan->n_findings, 6 + 2);
	assert_int_equal(not_listed(scan, DSEC_FINDING_VULN, DSEC_SEV_MEDIUM)->not_listed, 2);
	assert_int_equal(not_listed(scan, DSEC_FINDING_VULN, DSEC_SEV_CRITICAL)->not_listed, 2);
	free_scan(scan);
}

static void test_overall_cap(void **state)
{
	struct dsec_scan_limits limits = { .max_findings = 4 };
	struct dsec_scan *scan = new_scan(&limits);
	char id[32];
	int i;

	for (i = 0; i < 9; i++) {
		snprintf(id, sizeof(id), "DSEC-TEST-%d", i);
		add(scan, DSEC_FINDING_MALWARE, DSEC_SEV_CRITICAL, id, "/bin/x");
	}
	assert_int_equal(dsec_scan_add_not_listed(scan), 0);
	/* A second call adds nothing. */
	assert_int_equal(dsec_scan_add_not_listed(scan), 0);

	assert_int_equal(scan->n_findings, 5);
	assert_int_equal(not_listed(scan, DSEC_FINDING_MALWARE, DSEC_SEV_CRITICAL)->not_listed, 5);
	free_scan(scan);
}

static void test_no_summary_under_caps(void **state)
{
	struct dsec_scan *scan = new_scan(NULL);

	add(scan, DSEC_FINDING_SECRET, DSEC_SEV_HIGH, "DSEC-SECRET-A", "/a");
	assert_int_equal(dsec_scan_add_not_listed(scan), 0);
	assert_int_equal(scan->n_findings, 1);
	assert_int_equal(scan->findings_not_listed, 0);
	free_scan(scan);
}

static void test_invalid_class_rejected(void **state)
{
	struct dsec_scan *scan = new_scan(NULL);
	struct dsec_finding f = { .class = 99, .id = "X", .package = -1 };

	assert_int_equal(dsec_scan_add_finding(scan, &f), -EINVAL);
	free_scan(scan);
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

static struct dsec_scan *capped_scan(void)
{
	struct dsec_scan_limits limits = { .max_findings_per_file = 1,
					   .max_vuln_findings = 1 };
	struct dsec_scan *scan = new_scan(&limits);
	struct dsec_package pkg = { .ecosystem = "Debian", .name = "bash",
				    .version = "5.2", .purl = "pkg:deb/debian/bash@5.2" };
	struct dsec_finding vuln = { .class = DSEC_FINDING_VULN, .severity = DSEC_SEV_HIGH,
				     .title = "test", .package = 0 };
	int i;

	assert_int_equal(dsec_scan_add_package(scan, &pkg), 0);
	for (i = 0; i < 3; i++)
		add(scan, DSEC_FINDING_SECRET, DSEC_SEV_CRITICAL, "DSEC-SECRET-A", "/a");
	vuln.id = "CVE-2024-0001";
	assert_int_equal(dsec_scan_add_finding(scan, &vuln), 0);
	vuln.id = "CVE-2024-0002";
	assert_int_equal(dsec_scan_add_finding(scan, &vuln), 0);
	assert_int_equal(dsec_scan_add_not_listed(scan), 0);
	return scan;
}

static void test_table_lists_count(void **state)
{
	struct dsec_scan *scan = capped_scan();
	char *text = write_report(scan, DSEC_REPORT_TABLE);

	assert_non_null(strstr(text, "2 more CRITICAL secret findings not listed"));
	assert_non_null(strstr(text, "1 more HIGH vulnerability findings not listed"));
	/* The summary is not placed in the image config or a file. */
	assert_non_null(strstr(text, "DSEC-FINDINGS-NOT-LISTED       secret            not listed\n"));
	free(text);
	free_scan(scan);
}

static void test_json_lists_count(void **state)
{
	struct dsec_scan *scan = capped_scan();
	char *text = write_report(scan, DSEC_REPORT_JSON);
	json_object *doc = json_tokener_parse(text), *summary, *v;

	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, "summary", &summary));
	assert_true(json_object_object_get_ex(summary, "not_listed", &v));
	assert_int_equal(json_object_get_int64(v), 3);
	assert_non_null(strstr(text, "\"id\":\"DSEC-FINDINGS-NOT-LISTED\""));
	json_object_put(doc);
	free(text);
	free_scan(scan);
}

static void test_sarif_lists_count(void **state)
{
	struct dsec_scan *scan = capped_scan();
	char *text = write_report(scan, DSEC_REPORT_SARIF);

	assert_non_null(strstr(text, "\"ruleId\":\"DSEC-FINDINGS-NOT-LISTED\""));
	assert_non_null(strstr(text, "\"not_listed\":2"));
	assert_non_null(strstr(text, "2 more CRITICAL secret findings not listed"));
	free(text);
	free_scan(scan);
}

static void test_cyclonedx_lists_count(void **state)
{
	struct dsec_scan *scan = capped_scan();
	char *text = write_report(scan, DSEC_REPORT_CYCLONEDX);
	json_object *doc = json_tokener_parse(text), *vulns, *meta, *props, *prop, *v;

	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, "metadata", &meta));
	assert_true(json_object_object_get_ex(meta, "properties", &props));
	assert_int_equal(json_object_array_length(props), 1);
	prop = json_object_array_get_idx(props, 0);
	assert_true(json_object_object_get_ex(prop, "name", &v));
	assert_string_equal(json_object_get_string(v), "dsec:vulnerabilities-not-listed");
	assert_true(json_object_object_get_ex(prop, "value", &v));
	assert_string_equal(json_object_get_string(v), "1");
	/* The summary is not a vulnerability entry of its own. */
	assert_true(json_object_object_get_ex(doc, "vulnerabilities", &vulns));
	assert_int_equal(json_object_array_length(vulns), 1);
	json_object_put(doc);
	free(text);
	free_scan(scan);
}

/* A docker save archive whose config sets @n_env GitHub tokens in Env. */
static la_ssize_t mem_write(struct archive *a, void *data, const void *buf, size_t len)
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

static void write_env_image(const char *path, int n_env)
{
	char *layer = NULL, *config = NULL, digest[65], name[80], manifest[256];
	size_t layer_len = 0, config_len = 0;
	FILE *mem, *out;
	struct archive *a;
	int i;

	/* One layer with one file. */
	mem = open_memstream(&layer, &layer_len);
	a = archive_write_new();
	archive_write_set_format_pax_restricted(a);
	assert_int_equal(archive_write_open(a, mem, NULL, mem_write, NULL), ARCHIVE_OK);
	add_member(a, "etc/hostname", "app\n", 4);
	archive_write_close(a);
	archive_write_free(a);
	fclose(mem);

	sha256_hex(layer, layer_len, digest);
	mem = open_memstream(&config, &config_len);
	fputs("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"app\",\"Env\":[", mem);
	for (i = 0; i < n_env; i++)
		fprintf(mem, "%s\"TOKEN_%d=ghp_%036d\"", i ? "," : "", i, i);
	fprintf(mem, "]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:%s\"]}}", digest);
	fclose(mem);

	sha256_hex(config, config_len, digest);
	snprintf(name, sizeof(name), "%s.json", digest);
	snprintf(manifest, sizeof(manifest),
		 "[{\"Config\":\"%s\",\"RepoTags\":[\"env:1\"],\"Layers\":[\"l0/layer.tar\"]}]", name);

	out = fopen(path, "wb");
	assert_non_null(out);
	a = archive_write_new();
	archive_write_set_format_pax_restricted(a);
	assert_int_equal(archive_write_open(a, out, NULL, mem_write, NULL), ARCHIVE_OK);
	add_member(a, "l0/layer.tar", layer, layer_len);
	add_member(a, name, config, config_len);
	add_member(a, "manifest.json", manifest, strlen(manifest));
	archive_write_close(a);
	archive_write_free(a);
	fclose(out);
	free(layer);
	free(config);
}

#define ENV_TOKENS	65536

/* Scans @path and writes its JSON report to /dev/null in a child. */
static void scan_in_child(const char *path, long *ret_maxrss_kb)
{
	struct rusage ru;
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct dsec_scan_options opts = { .input = path, .skip_vulns = true,
						  .skip_malware = true };
		struct dsec_report_options ropts = { .min_severity = DSEC_SEV_UNKNOWN };
		struct dsec_scan scan;
		FILE *out = fopen("/dev/null", "w");
		int ok;

		dsec_scan_init(&scan, &opts);
		ok = out && dsec_scan_image(&scan) == 0 &&
		     dsec_report_write(out, &scan, DSEC_REPORT_JSON, &ropts) == 0 &&
		     scan.findings_not_listed == ENV_TOKENS - DSEC_DEFAULT_MAX_FINDINGS_PER_FILE;
		_exit(ok ? 0 : 1);
	}
	assert_int_equal(wait4(pid, &status, 0, &ru), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	*ret_maxrss_kb = ru.ru_maxrss;
}

static void test_env_flood_image(void **state)
{
	char dir[] = "/tmp/dsec-test-findings.XXXXXX", path[64];
	struct dsec_scan_options opts = { .input = path, .skip_vulns = true,
					  .skip_malware = true };
	struct dsec_scan scan;
	const struct dsec_finding *nl;
	long maxrss_kb;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/env.tar", dir);
	write_env_image(path, ENV_TOKENS);

	dsec_scan_init(&scan, &opts);
	assert_int_equal(dsec_scan_image(&scan), 0);
	assert_int_equal(count_id(&scan, "DSEC-CFG-ENV-SECRET"), DSEC_DEFAULT_MAX_FINDINGS_PER_FILE);
	/* The flood does not push out the other configuration checks. */
	assert_int_equal(count_id(&scan, "DSEC-CFG-NO-HEALTHCHECK"), 1);
	nl = not_listed(&scan, DSEC_FINDING_MISCONFIG, DSEC_SEV_CRITICAL);
	assert_non_null(nl);
	assert_int_equal(nl->not_listed, ENV_TOKENS - DSEC_DEFAULT_MAX_FINDINGS_PER_FILE);
	dsec_scan_free(&scan);

	/*
	 * Without the caps the scan and its JSON report peaked at about
	 * 280 MB; with them at about 25 MB. The bound leaves room for
	 * allocator and library differences.
	 */
	scan_in_child(path, &maxrss_kb);
	print_message("peak RSS of the scan: %ld KiB\n", maxrss_kb);
	assert_true(maxrss_kb < 64 * 1024);

	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_per_file_cap),
		cmocka_unit_test(test_per_check_cap),
		cmocka_unit_test(test_vuln_cap_ignores_file),
		cmocka_unit_test(test_overall_cap),
		cmocka_unit_test(test_no_summary_under_caps),
		cmocka_unit_test(test_invalid_class_rejected),
		cmocka_unit_test(test_table_lists_count),
		cmocka_unit_test(test_json_lists_count),
		cmocka_unit_test(test_sarif_lists_count),
		cmocka_unit_test(test_cyclonedx_lists_count),
		cmocka_unit_test(test_env_flood_image),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
