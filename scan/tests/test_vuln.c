// SPDX-License-Identifier: GPL-2.0
/*
 * OSV import and vulnerability matching: the fixture OSV records
 * (Debian, Alpine, Ubuntu, npm, PyPI, Maven, Go) are imported into a
 * fresh database and matched against packages built in the test, on both
 * sides of each range.
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
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "scan/osv.h"
#include "scan/vulndb.h"

#define OSV_FIXTURES "../shared/fixtures/osv"

static char tmpdir[64];
static char db_path[128];

static int setup_db(void **state)
{
	struct dsec_vulndb_import_stats stats;
	struct dsec_vulndb *db;
	char err[512];

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/dsec-test-vuln.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(db_path, sizeof(db_path), "%s/vuln.db", tmpdir);
	if (dsec_vulndb_open(db_path, true, &db, err, sizeof(err)) < 0)
		return -1;
	if (dsec_vulndb_import(db, OSV_FIXTURES, &stats, NULL) < 0) {
		dsec_vulndb_close(db);
		return -1;
	}
	dsec_vulndb_close(db);
	return 0;
}

static int teardown_db(void **state)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

struct pkg_spec {
	const char *ecosystem, *name, *version, *source_name, *source_version;
};

/* Scan one package on @os_id @version_id and return the scan. */
static void match_one(struct dsec_scan *scan, const char *os_id,
		      const char *version_id, const struct pkg_spec *spec)
{
	struct dsec_scan_options opts = { .db_path = db_path };
	struct dsec_package pkg = {
		.ecosystem = spec->ecosystem,
		.name = spec->name,
		.version = spec->version,
		.source_name = spec->source_name,
		.source_version = spec->source_version,
		.location = "/var/lib/dpkg/status",
	};

	dsec_scan_init(scan, &opts);
	scan->os.id = os_id;
	scan->os.version_id = version_id;
	assert_int_equal(dsec_scan_add_package(scan, &pkg), 0);
	assert_int_equal(dsec_vuln_match(scan), 0);
	assert_false(scan->vulns_skipped);
}

static const struct dsec_finding *find_advisory(const struct dsec_scan *scan,
						const char *id)
{
	size_t i;

	for (i = 0; i < scan->n_findings; i++)
		if (!strcmp(scan->findings[i].id, id))
			return &scan->findings[i];
	return NULL;
}

/* True when scanning @spec reports advisory @id. */
static bool affected_by(const char *os_id, const char *version_id,
			const struct pkg_spec *spec, const char *id)
{
	struct dsec_scan scan;
	bool hit;

	match_one(&scan, os_id, version_id, spec);
	hit = find_advisory(&scan, id) != NULL;
	dsec_scan_free(&scan);
	return hit;
}

static void osv_fixtures_all_import(void **state)
{
	struct dsec_vulndb_import_stats stats;
	struct dsec_vulndb_info info;
	struct dsec_vulndb *db;
	char path[160], err[512];

	snprintf(path, sizeof(path), "%s/fresh.db", tmpdir);
	assert_int_equal(dsec_vulndb_open(path, true, &db, err, sizeof(err)), 0);
	assert_int_equal(dsec_vulndb_import(db, OSV_FIXTURES, &stats, NULL), 0);
	/* 19 records; the JSON schema file in the folder is not a record. */
	assert_int_equal(stats.records, 19);
	assert_int_equal(stats.invalid, 1);
	assert_int_equal(dsec_vulndb_info(db, &info), 0);
	assert_int_equal(info.schema_version, DSEC_VULNDB_SCHEMA);
	assert_int_equal(info.advisories, 19);

	/* Importing the same records again replaces them. */
	assert_int_equal(dsec_vulndb_import(db, OSV_FIXTURES, &stats, NULL), 0);
	assert_int_equal(stats.records, 19);
	assert_int_equal(dsec_vulndb_info(db, &info), 0);
	assert_int_equal(info.advisories, 19);
	dsec_vulndb_close(db);
}

static void xz_debian13_affected_12_not(void **state)
{
	struct pkg_spec xz = { "Debian", "liblzma5", "5.6.1-1", "xz-utils", "5.6.1-1" };
	struct pkg_spec xz_fixed = { "Debian", "liblzma5", "5.6.1+really5.4.5-1",
				     "xz-utils", "5.6.1+really5.4.5-1" };
	struct pkg_spec xz12 = { "Debian", "liblzma5", "5.4.1-0.2", "xz-utils", "5.4.1-0.2" };
	struct dsec_scan scan;
	const struct dsec_finding *f;

	assert_true(affected_by("debian", "13", &xz, "DEBIAN-CVE-2024-3094"));
	assert_false(affected_by("debian", "13", &xz_fixed, "DEBIAN-CVE-2024-3094"));
	/* Debian 12 never shipped the backdoored release. */
	assert_false(affected_by("debian", "12", &xz12, "DEBIAN-CVE-2024-3094"));
	assert_false(affected_by("debian", "12", &xz, "DEBIAN-CVE-2024-3094"));

	match_one(&scan, "debian", "13", &xz);
	f = find_advisory(&scan, "DEBIAN-CVE-2024-3094");
	assert_non_null(f);
	assert_int_equal(f->class, DSEC_FINDING_VULN);
	assert_string_equal(f->fixed_version, "5.6.1+really5.4.5-1");
	assert_non_null(f->aliases);
	assert_non_null(strstr(f->aliases, "CVE-2024-3094"));
	assert_int_equal(f->severity, DSEC_SEV_CRITICAL);
	assert_true(f->cvss_score > 9.99);
	assert_int_equal(f->package, 0);
	dsec_scan_free(&scan);
}

static void debian_matches_source_package(void **state)
{
	/* DLA-3008-1 names the source package openssl, fixed 1.1.0l-1~deb9u6. */
	struct pkg_spec libssl = { "Debian", "libssl1.1", "1.1.0l-1~deb9u5", "openssl",
				   "1.1.0l-1~deb9u5" };
	struct pkg_spec libssl_fixed = { "Debian", "libssl1.1", "1.1.0l-1~deb9u6",
					 "openssl", NULL };
	struct pkg_spec no_source = { "Debian", "libssl1.1", "1.1.0l-1~deb9u5", NULL, NULL };

	assert_true(affected_by("debian", "9", &libssl, "DLA-3008-1"));
	assert_false(affected_by("debian", "9", &libssl_fixed, "DLA-3008-1"));
	assert_false(affected_by("debian", "9", &no_source, "DLA-3008-1"));
	assert_false(affected_by("debian", "10", &libssl, "DLA-3008-1"));
}

static void lodash_semver_and_last_affected(void **state)
{
	struct pkg_spec lodash = { "npm", "lodash", "4.17.20", NULL, NULL };
	struct pkg_spec lodash_fixed = { "npm", "lodash", "4.17.21", NULL, NULL };
	struct pkg_spec lodash3 = { "npm", "lodash", "3.10.1", NULL, NULL };
	struct pkg_spec trim = { "npm", "lodash.trim", "4.5.1", NULL, NULL };
	struct pkg_spec trim_newer = { "npm", "lodash.trim", "4.5.2", NULL, NULL };
	struct dsec_scan scan;
	const struct dsec_finding *f;

	assert_true(affected_by(NULL, NULL, &lodash, "GHSA-29mw-wpgm-hmr9"));
	assert_false(affected_by(NULL, NULL, &lodash_fixed, "GHSA-29mw-wpgm-hmr9"));
	assert_false(affected_by(NULL, NULL, &lodash3, "GHSA-29mw-wpgm-hmr9"));
	assert_true(affected_by(NULL, NULL, &trim, "GHSA-29mw-wpgm-hmr9"));
	assert_false(affected_by(NULL, NULL, &trim_newer, "GHSA-29mw-wpgm-hmr9"));

	match_one(&scan, NULL, NULL, &lodash);
	assert_int_equal(scan.n_findings, 1);
	f = &scan.findings[0];
	assert_string_equal(f->fixed_version, "4.17.21");
	assert_int_equal(f->severity, DSEC_SEV_MEDIUM);
	assert_string_equal(f->aliases, "CVE-2020-28500");
	dsec_scan_free(&scan);

	/* last_affected gives no fixed version. */
	match_one(&scan, NULL, NULL, &trim);
	assert_int_equal(scan.n_findings, 1);
	assert_null(scan.findings[0].fixed_version);
	dsec_scan_free(&scan);
}

static void log4j_core_ranges(void **state)
{
	static const char *const name = "org.apache.logging.log4j:log4j-core";
	struct pkg_spec v2141 = { "Maven", name, "2.14.1", NULL, NULL };
	struct pkg_spec v2121 = { "Maven", name, "2.12.1", NULL, NULL };
	struct pkg_spec v2122 = { "Maven", name, "2.12.2", NULL, NULL };
	struct pkg_spec v2160 = { "Maven", name, "2.16.0", NULL, NULL };
	struct pkg_spec beta2 = { "Maven", name, "3.0.0-beta2", NULL, NULL };
	struct pkg_spec v300 = { "Maven", name, "3.0.0", NULL, NULL };
	struct pkg_spec v2254 = { "Maven", name, "2.25.4", NULL, NULL };
	struct dsec_scan scan;

	assert_true(affected_by(NULL, NULL, &v2141, "GHSA-7rjr-3q55-vv33"));
	assert_true(affected_by(NULL, NULL, &v2121, "GHSA-7rjr-3q55-vv33"));
	assert_false(affected_by(NULL, NULL, &v2122, "GHSA-7rjr-3q55-vv33"));
	assert_false(affected_by(NULL, NULL, &v2160, "GHSA-7rjr-3q55-vv33"));

	assert_true(affected_by(NULL, NULL, &v2141, "GHSA-3pxv-7cmr-fjr4"));
	assert_true(affected_by(NULL, NULL, &beta2, "GHSA-3pxv-7cmr-fjr4"));
	assert_false(affected_by(NULL, NULL, &v300, "GHSA-3pxv-7cmr-fjr4"));
	assert_false(affected_by(NULL, NULL, &v2254, "GHSA-3pxv-7cmr-fjr4"));

	/* The fix of the range that matched: 2.12.2 for the 2.12 line. */
	match_one(&scan, NULL, NULL, &v2121);
	assert_string_equal(find_advisory(&scan, "GHSA-7rjr-3q55-vv33")->fixed_version,
			    "2.12.2");
	assert_int_equal(find_advisory(&scan, "GHSA-7rjr-3q55-vv33")->severity,
			 DSEC_SEV_CRITICAL);
	dsec_scan_free(&scan);
}

static void pypi_versions_list_and_names(void **state)
{
	struct pkg_spec urllib3 = { "PyPI", "urllib3", "1.25.8", NULL, NULL };
	struct pkg_spec urllib3_fixed = { "PyPI", "urllib3", "1.25.9", NULL, NULL };
	struct pkg_spec django = { "PyPI", "Django", "3.1.11", NULL, NULL };
	struct pkg_spec django_fixed = { "PyPI", "Django", "3.1.12", NULL, NULL };
	struct pkg_spec django_between = { "PyPI", "Django", "2.2.24", NULL, NULL };
	struct pkg_spec flask = { "PyPI", "Flask", "2.2.4", NULL, NULL };

	assert_true(affected_by(NULL, NULL, &urllib3, "PYSEC-2020-148"));
	assert_false(affected_by(NULL, NULL, &urllib3_fixed, "PYSEC-2020-148"));
	assert_true(affected_by(NULL, NULL, &django, "PYSEC-2021-98"));
	assert_false(affected_by(NULL, NULL, &django_fixed, "PYSEC-2021-98"));
	assert_false(affected_by(NULL, NULL, &django_between, "PYSEC-2021-98"));
	assert_true(affected_by(NULL, NULL, &flask, "PYSEC-2023-62"));
}

static void alpine_and_ubuntu_releases(void **state)
{
	struct pkg_spec musl = { "Alpine", "musl", "1.2.4-r2", "musl", NULL };
	struct pkg_spec musl_fixed = { "Alpine", "musl", "1.2.4-r3", "musl", NULL };
	struct pkg_spec bash = { "Ubuntu", "bash", "4.3-7ubuntu1", "bash", "4.3-7ubuntu1" };
	struct pkg_spec bash_fixed = { "Ubuntu", "bash", "4.3-7ubuntu1.1", "bash",
				       "4.3-7ubuntu1.1" };

	assert_true(affected_by("alpine", "3.18.4", &musl, "ALPINE-CVE-2025-26519"));
	assert_false(affected_by("alpine", "3.18.4", &musl_fixed, "ALPINE-CVE-2025-26519"));
	/* On 3.19 the fix is 1.2.4_git20230717-r5. */
	assert_true(affected_by("alpine", "3.19.1", &musl_fixed, "ALPINE-CVE-2025-26519"));
	assert_true(affected_by("ubuntu", "14.04", &bash, "UBUNTU-CVE-2014-6271"));
	assert_false(affected_by("ubuntu", "14.04", &bash_fixed, "UBUNTU-CVE-2014-6271"));
	assert_false(affected_by("ubuntu", "16.04", &bash, "UBUNTU-CVE-2014-6271"));
}

static void package_key_mapping(void **state)
{
	struct dsec_package deb = { .ecosystem = "Debian", .name = "libc6",
				    .version = "2.36-9+deb12u4", .source_name = "glibc",
				    .source_version = "2.36-9+deb12u4" };
	struct dsec_package pypi = { .ecosystem = "PyPI", .name = "Zope.Interface_x",
				     .version = "1" };
	struct dsec_os debian = { .id = "debian", .version_id = "12" };
	struct dsec_os ubuntu = { .id = "ubuntu", .version_id = "23.10" };
	struct dsec_os sid = { .id = "debian" };
	char eco[64], name[64];
	const char *version;

	assert_true(dsec_vuln_package_key(&deb, &debian, eco, sizeof(eco), name,
					  sizeof(name), &version));
	assert_string_equal(eco, "Debian:12");
	assert_string_equal(name, "glibc");
	assert_string_equal(version, "2.36-9+deb12u4");
	deb.ecosystem = "Ubuntu";
	assert_true(dsec_vuln_package_key(&deb, &ubuntu, eco, sizeof(eco), name,
					  sizeof(name), &version));
	assert_string_equal(eco, "Ubuntu:23.10");
	deb.ecosystem = "Debian";
	assert_false(dsec_vuln_package_key(&deb, &sid, eco, sizeof(eco), name,
					   sizeof(name), &version));
	assert_true(dsec_vuln_package_key(&pypi, NULL, eco, sizeof(eco), name,
					  sizeof(name), &version));
	assert_string_equal(name, "zope-interface-x");
}

static void withdrawn_records_skipped(void **state)
{
	static const char record[] =
		"{\"id\":\"DSEC-TEST-1\",\"modified\":\"2024-01-01T00:00:00Z\","
		"\"withdrawn\":\"2024-02-01T00:00:00Z\",\"affected\":[{\"package\":"
		"{\"ecosystem\":\"npm\",\"name\":\"left-pad\"},\"ranges\":[{\"type\":"
		"\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}]}]}";
	static const char live[] =
		"{\"id\":\"DSEC-TEST-2\",\"modified\":\"2024-01-01T00:00:00Z\","
		"\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"left-pad\"},"
		"\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
		"{\"limit\":\"1.0.0\"}]}]}]}";
	struct pkg_spec leftpad = { "npm", "left-pad", "0.9.0", NULL, NULL };
	struct pkg_spec leftpad1 = { "npm", "left-pad", "1.0.0", NULL, NULL };
	struct dsec_vulndb_import_stats stats;
	struct dsec_vulndb *db;
	char err[512];

	assert_int_equal(dsec_vulndb_open(db_path, true, &db, err, sizeof(err)), 0);
	assert_int_equal(dsec_vulndb_import_buffer(db, record, strlen(record), "test",
						   &stats, NULL), 0);
	assert_int_equal(dsec_vulndb_import_buffer(db, live, strlen(live), "test",
						   &stats, NULL), 0);
	dsec_vulndb_close(db);

	assert_false(affected_by(NULL, NULL, &leftpad, "DSEC-TEST-1"));
	assert_true(affected_by(NULL, NULL, &leftpad, "DSEC-TEST-2"));
	/* limit: versions at or above it are outside the range. */
	assert_false(affected_by(NULL, NULL, &leftpad1, "DSEC-TEST-2"));
}

static void older_record_does_not_replace(void **state)
{
	static const char newer[] =
		"{\"id\":\"DSEC-TEST-3\",\"modified\":\"2024-05-01T00:00:00Z\","
		"\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"is-odd\"},"
		"\"versions\":[\"1.0.0\"]}]}";
	static const char older[] =
		"{\"id\":\"DSEC-TEST-3\",\"modified\":\"2023-05-01T00:00:00Z\","
		"\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"is-odd\"},"
		"\"versions\":[\"2.0.0\"]}]}";
	struct pkg_spec v1 = { "npm", "is-odd", "1.0.0", NULL, NULL };
	struct pkg_spec v2 = { "npm", "is-odd", "2.0.0", NULL, NULL };
	struct dsec_vulndb_import_stats stats;
	struct dsec_vulndb *db;
	char err[512];

	assert_int_equal(dsec_vulndb_open(db_path, true, &db, err, sizeof(err)), 0);
	assert_int_equal(dsec_vulndb_import_buffer(db, newer, strlen(newer), "test",
						   &stats, NULL), 0);
	assert_int_equal(dsec_vulndb_import_buffer(db, older, strlen(older), "test",
						   &stats, NULL), 0);
	assert_int_equal(stats.older, 1);
	dsec_vulndb_close(db);
	assert_true(affected_by(NULL, NULL, &v1, "DSEC-TEST-3"));
	assert_false(affected_by(NULL, NULL, &v2, "DSEC-TEST-3"));
}

#define V3_CRITICAL	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
#define V4_MEDIUM	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:L/SA:N"
#define V4_CRITICAL	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H"

/* Parses a record whose severity[] is @severity and checks its scoring. */
static void check_cvss_choice(const char *severity, const char *want_vector,
			      double want_score, enum dsec_severity want_severity)
{
	struct dsec_osv_record rec;
	char doc[1024], err[256];

	snprintf(doc, sizeof(doc),
		 "{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"severity\":[%s],"
		 "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"a\"},"
		 "\"versions\":[\"1.0.0\"]}]}", severity);
	assert_int_equal(dsec_osv_parse(doc, strlen(doc), &rec, err, sizeof(err)), 0);
	if (want_vector)
		assert_string_equal(rec.cvss_vector, want_vector);
	else
		assert_null(rec.cvss_vector);
	assert_true(rec.cvss_score > want_score - 0.001 && rec.cvss_score < want_score + 0.001);
	assert_int_equal(rec.severity, want_severity);
	dsec_osv_record_free(&rec);
}

static void osv_cvss4_preferred(void **state)
{
	struct pkg_spec log4j = { "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1",
				  NULL, NULL };
	const struct dsec_finding *f;
	struct dsec_scan scan;

	/* v4 wins over v3 whatever the order. */
	check_cvss_choice("{\"type\":\"CVSS_V3\",\"score\":\"" V3_CRITICAL "\"},"
			  "{\"type\":\"CVSS_V4\",\"score\":\"" V4_MEDIUM "\"}",
			  V4_MEDIUM, 6.9, DSEC_SEV_MEDIUM);
	check_cvss_choice("{\"type\":\"CVSS_V4\",\"score\":\"" V4_CRITICAL "\"}",
			  V4_CRITICAL, 10.0, DSEC_SEV_CRITICAL);
	/* An invalid v4 vector falls back to v3. */
	check_cvss_choice("{\"type\":\"CVSS_V4\",\"score\":\"CVSS:4.0/AV:N\"},"
			  "{\"type\":\"CVSS_V3\",\"score\":\"" V3_CRITICAL "\"}",
			  V3_CRITICAL, 9.8, DSEC_SEV_CRITICAL);
	check_cvss_choice("{\"type\":\"Ubuntu\",\"score\":\"high\"}", NULL, 0, DSEC_SEV_HIGH);

	/* The fixture record carries only a v4 vector. */
	match_one(&scan, NULL, NULL, &log4j);
	f = find_advisory(&scan, "GHSA-3pxv-7cmr-fjr4");
	assert_non_null(f);
	assert_string_equal(f->cvss_vector, V4_MEDIUM);
	assert_true(f->cvss_score > 6.899 && f->cvss_score < 6.901);
	assert_int_equal(f->severity, DSEC_SEV_MEDIUM);
	dsec_scan_free(&scan);
}

static void invalid_records_rejected(void **state)
{
	static const char *const bad[] = {
		"[",
		"42",
		"{\"modified\":\"2024-01-01T00:00:00Z\"}",
		"{\"id\":\"X-1\"}",
		"{\"id\":\"X-1\",\"modified\":\"m\",\"affected\":[{\"package\":{\"name\":\"a\"}}]}",
		"{\"id\":\"X-1\",\"modified\":\"m\",\"affected\":[{\"package\":{\"ecosystem\":"
		"\"npm\",\"name\":\"a\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{}]}]}]}",
		"{\"id\":\"X-1\",\"modified\":\"m\",\"affected\":[{\"package\":{\"ecosystem\":"
		"\"npm\",\"name\":\"a\\u0001\"}}]}",
	};
	struct dsec_osv_record rec;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (dsec_osv_parse(bad[i], strlen(bad[i]), &rec, err, sizeof(err)) != -EINVAL)
			fail_msg("accepted record %zu: %s", i, bad[i]);
		assert_true(err[0] != '\0');
	}
}

/* Appends @text @n times to a new buffer between @head and @tail. */
static char *repeat_json(const char *head, const char *text, size_t n, const char *tail,
			 size_t *ret_len)
{
	size_t step = strlen(text), len = strlen(head) + n * step + strlen(tail);
	char *buf = malloc(len + 1), *p = buf;
	size_t i;

	assert_non_null(buf);
	p = stpcpy(p, head);
	for (i = 0; i < n; i++)
		p = stpcpy(p, text);
	strcpy(p - (n ? 1 : 0), tail);	/* drop the last ',' */
	*ret_len = strlen(buf);
	return buf;
}

/*
 * A 3 MB array of a million empty records: json-c would take about
 * 800 MB for the whole tree, so the records are parsed one at a time.
 */
static void import_array_memory_bounded(void **state)
{
	struct dsec_vulndb_import_stats stats;
	struct dsec_vulndb *db;
	struct rusage ru;
	char err[512], *doc;
	size_t len;

	doc = repeat_json("[", "{},", 1000000, "]", &len);
	assert_int_equal(dsec_vulndb_open(db_path, true, &db, err, sizeof(err)), 0);
	assert_int_equal(dsec_vulndb_import_buffer(db, doc, len, "many", &stats, NULL), 0);
	assert_int_equal(stats.invalid, 1000000);
	assert_int_equal(stats.records, 0);
	free(doc);
	getrusage(RUSAGE_SELF, &ru);
#ifndef __SANITIZE_ADDRESS__	/* ASan keeps freed memory in quarantine */
	assert_true(ru.ru_maxrss < 256 * 1024);
#endif

	/* One record with too many objects is rejected before json-c builds it. */
	doc = repeat_json("{\"id\":\"X-1\",\"modified\":\"m\",\"x\":[", "{},",
			  DSEC_OSV_MAX_CONTAINERS, "]}", &len);
	assert_int_equal(dsec_vulndb_import_buffer(db, doc, len, "wide", &stats, NULL), 0);
	assert_int_equal(stats.invalid, 1);
	assert_int_equal(dsec_osv_parse(doc, len, &(struct dsec_osv_record){ 0 }, err,
					sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "JSON objects and arrays"));
	free(doc);

	/* An array that is not closed imports none of its records. */
	doc = strdup("[{\"id\":\"DSEC-TEST-9\",\"modified\":\"2024-01-01T00:00:00Z\","
		     "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"x\"},"
		     "\"versions\":[\"1\"]}]}, {\"id\":");
	assert_int_equal(dsec_vulndb_import_buffer(db, doc, strlen(doc), "open", &stats, NULL), 0);
	assert_int_equal(stats.invalid, 1);
	assert_int_equal(stats.records, 0);
	free(doc);
	dsec_vulndb_close(db);
}

static void missing_database_skips_with_reason(void **state)
{
	struct dsec_scan_options opts = { .db_path = "/nonexistent/dsec/vuln.db" };
	struct dsec_scan scan;

	dsec_scan_init(&scan, &opts);
	assert_int_equal(dsec_vuln_match(&scan), 0);
	assert_true(scan.vulns_skipped);
	assert_non_null(scan.vulns_skipped_reason);
	assert_non_null(strstr(scan.vulns_skipped_reason, "dsecctl db import"));
	assert_non_null(strstr(scan.vulns_skipped_reason, "/nonexistent/dsec/vuln.db"));
	dsec_scan_free(&scan);
}

static void newer_schema_rejected(void **state)
{
	struct dsec_vulndb *db;
	char path[160], err[512];
	sqlite3 *sql;

	snprintf(path, sizeof(path), "%s/future.db", tmpdir);
	assert_int_equal(dsec_vulndb_open(path, true, &db, err, sizeof(err)), 0);
	dsec_vulndb_close(db);
	assert_int_equal(sqlite3_open(path, &sql), SQLITE_OK);
	assert_int_equal(sqlite3_exec(sql, "UPDATE meta SET value = '99' WHERE key ="
				      " 'schema_version'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(sql);

	assert_int_equal(dsec_vulndb_open(path, false, &db, err, sizeof(err)), -EPROTO);
	assert_non_null(strstr(err, "schema version 99"));
	assert_int_equal(dsec_vulndb_open(path, true, &db, err, sizeof(err)), -EPROTO);
}

/* The bundled demo set matches bookworm minbase package versions. */
static void demo_records_match_bookworm(void **state)
{
	struct pkg_spec bash = { "Debian", "bash", "5.2.15-2+b2", "bash", "5.2.15-2" };
	struct pkg_spec coreutils = { "Debian", "coreutils", "9.1-1", NULL, NULL };
	struct pkg_spec gzip = { "Debian", "gzip", "1.12-1", NULL, NULL };
	struct pkg_spec sed = { "Debian", "sed", "4.9-1", NULL, NULL };
	struct dsec_vulndb_import_stats stats;
	struct dsec_vulndb *db;
	struct dsec_scan scan;
	char err[512];

	assert_int_equal(dsec_vulndb_open(db_path, true, &db, err, sizeof(err)), 0);
	assert_int_equal(dsec_vulndb_import(db, "rules/osv-demo", &stats, NULL), 0);
	assert_int_equal(stats.records, 4);
	assert_int_equal(stats.invalid, 0);
	dsec_vulndb_close(db);

	assert_true(affected_by("debian", "12", &bash, "DSEC-DEMO-2024-0001"));
	assert_true(affected_by("debian", "12", &coreutils, "DSEC-DEMO-2024-0002"));
	assert_false(affected_by("debian", "13", &coreutils, "DSEC-DEMO-2024-0002"));
	assert_false(affected_by("debian", "12", &sed, "DSEC-DEMO-2024-0004"));

	match_one(&scan, "debian", "12", &gzip);
	assert_non_null(find_advisory(&scan, "DSEC-DEMO-2024-0003"));
	assert_string_equal(find_advisory(&scan, "DSEC-DEMO-2024-0003")->fixed_version,
			    "1.12-1+deb12u1");
	assert_int_equal(find_advisory(&scan, "DSEC-DEMO-2024-0003")->severity,
			 DSEC_SEV_MEDIUM);
	dsec_scan_free(&scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(osv_fixtures_all_import),
		cmocka_unit_test(xz_debian13_affected_12_not),
		cmocka_unit_test(debian_matches_source_package),
		cmocka_unit_test(lodash_semver_and_last_affected),
		cmocka_unit_test(log4j_core_ranges),
		cmocka_unit_test(pypi_versions_list_and_names),
		cmocka_unit_test(alpine_and_ubuntu_releases),
		cmocka_unit_test(package_key_mapping),
		cmocka_unit_test(withdrawn_records_skipped),
		cmocka_unit_test(older_record_does_not_replace),
		cmocka_unit_test(osv_cvss4_preferred),
		cmocka_unit_test(invalid_records_rejected),
		cmocka_unit_test(import_array_memory_bounded),
		cmocka_unit_test(missing_database_skips_with_reason),
		cmocka_unit_test(newer_schema_rejected),
		cmocka_unit_test(demo_records_match_bookworm),
	};

	return cmocka_run_group_tests(tests, setup_db, teardown_db);
}
