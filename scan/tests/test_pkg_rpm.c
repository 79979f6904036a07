// SPDX-License-Identifier: GPL-2.0
/*
 * RPM sqlite database parser, header decoder and analyzer. The CBL-Mariner
 * rpmdb.sqlite fixture is checked against rpm -qa reading the same file.
 */
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan/tests/pkg_test.h"

#define MARINER "pkgdb/rpm/cbl-mariner-2.0.rpmdb.sqlite"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* rpm -qa on a scratch copy, as sorted "name|[epoch:]version-release|arch|license". */
static char **rpm_query_all(const char *rel, size_t *ret_n)
{
	char dir[] = "/tmp/dsec-rpm-XXXXXX", cmd[4096], line[8192];
	char **lines = NULL;
	size_t n = 0;
	FILE *p;

	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "cp " FIXTURES "%s %s/rpmdb.sqlite && "
		 "rpm --dbpath %s -qa --qf '%%{NAME}|%%|EPOCH?{%%{EPOCH}:}:{}|%%{VERSION}-%%{RELEASE}|%%{ARCH}|%%{LICENSE}\\n'; "
		 "rm -rf %s", rel, dir, dir, dir);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "gpg-pubkey|", 11))
			continue;
		lines = realloc(lines, (n + 1) * sizeof(*lines));
		assert_non_null(lines);
		lines[n++] = strdup(line);
	}
	assert_int_equal(pclose(p), 0);
	qsort(lines, n, sizeof(*lines), cmp_str);
	*ret_n = n;
	return lines;
}

static int parse_fixture(struct dsec_scan *scan, const char *rel)
{
	size_t len;
	char *data = read_fixture(rel, &len);
	int ret = dsec_rpmdb_sqlite_parse(scan, data, len, origin_of(rel));

	free(data);
	return ret;
}

static void rpm_matches_rpm_query(void **state)
{
	struct dsec_scan scan;
	char **expected, **got;
	size_t n, i;

	if (access("/usr/bin/rpm", X_OK))
		fail_msg("rpm is not installed; run 'make deps'");
	expected = rpm_query_all(MARINER, &n);
	assert_int_equal(n, 129);

	dsec_scan_init(&scan, NULL);
	assert_int_equal(parse_fixture(&scan, MARINER), 129);
	assert_int_equal(scan.n_packages, n);
	got = calloc(n, sizeof(*got));
	for (i = 0; i < n; i++) {
		const struct dsec_package *p = &scan.packages[i];

		assert_true(asprintf(&got[i], "%s|%s|%s|%s", p->name, p->version,
				     p->arch, p->license) > 0);
	}
	qsort(got, n, sizeof(*got), cmp_str);
	for (i = 0; i < n; i++) {
		if (strcmp(got[i], expected[i]))
			fail_msg("got \"%s\", rpm has \"%s\"", got[i], expected[i]);
		free(got[i]);
		free(expected[i]);
	}
	free(got);
	free(expected);
	dsec_scan_free(&scan);
}

static void rpm_source_and_purl(void **state)
{
	const struct dsec_package *p;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	set_os(&scan, "mariner", "2.0");
	parse_fixture(&scan, MARINER);

	p = find_pkg(&scan, "openssl-libs", NULL);
	assert_non_null(p);
	assert_string_equal(p->ecosystem, "Azure Linux");
	assert_string_equal(p->version, "1.1.1k-7.cm2");
	assert_string_equal(p->source_name, "openssl");
	assert_string_equal(p->source_version, "1.1.1k-7.cm2");
	assert_string_equal(p->license, "OpenSSL");
	assert_string_equal(p->purl,
			    "pkg:rpm/mariner/openssl-libs@1.1.1k-7.cm2?arch=x86_64&distro=mariner-2.0");

	p = find_pkg(&scan, "ca-certificates-base", NULL);
	assert_non_null(p);
	assert_string_equal(p->version, "1:2.0.0-1.cm2");
	assert_string_equal(p->source_name, "ca-certificates");
	assert_string_equal(p->source_version, "1:2.0.0-1.cm2");
	assert_string_equal(p->arch, "noarch");
	assert_string_equal(p->purl,
			    "pkg:rpm/mariner/ca-certificates-base@2.0.0-1.cm2?arch=noarch&epoch=1&distro=mariner-2.0");

	p = find_pkg(&scan, "rpm-build-libs", NULL);
	assert_non_null(p);
	assert_string_equal(p->source_name, "rpm");
	assert_string_equal(p->source_version, "4.17.0-1.cm2");
	dsec_scan_free(&scan);
}

static void rpm_rhel_ecosystem(void **state)
{
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	set_os(&scan, "rhel", "9.3");
	parse_fixture(&scan, MARINER);
	assert_string_equal(find_pkg(&scan, "bash", NULL)->ecosystem, "Red Hat");
	assert_string_equal(find_pkg(&scan, "bash", NULL)->purl,
			    "pkg:rpm/redhat/bash@5.1.8-1.cm2?arch=x86_64&distro=rhel-9.3");
	dsec_scan_free(&scan);
}

/* Header blob builder: entries are {tag, type, offset, count}. */
struct blob {
	unsigned char buf[4096];
	size_t len;
};

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void make_header(struct blob *b, const uint32_t (*entries)[4], uint32_t il,
			const void *store, uint32_t dl)
{
	uint32_t i, j;

	put32(b->buf, il);
	put32(b->buf + 4, dl);
	for (i = 0; i < il; i++)
		for (j = 0; j < 4; j++)
			put32(b->buf + 8 + 16 * i + 4 * j, entries[i][j]);
	memcpy(b->buf + 8 + 16 * il, store, dl);
	b->len = 8 + 16 * il + dl;
}

static const char store[] = "foo\0" "1.0\0" "2.el9\0" "x86_64\0" "foo-1.0-2.el9.src.rpm\0" "\0" "\0\0\0\7";

static void rpm_header_valid(void **state)
{
	const uint32_t e[][4] = {
		{ 1000, 6, 0, 1 }, { 1001, 6, 4, 1 }, { 1002, 6, 8, 1 },
		{ 1022, 6, 14, 1 }, { 1044, 6, 21, 1 }, { 1003, 4, 44, 1 },
	};
	struct dsec_scan scan;
	struct blob b;

	make_header(&b, e, 6, store, sizeof(store) - 1);
	dsec_scan_init(&scan, NULL);
	assert_int_equal(dsec_rpm_header_parse(&scan, b.buf, b.len, origin_of("x")), 1);
	assert_string_equal(scan.packages[0].name, "foo");
	assert_string_equal(scan.packages[0].version, "7:1.0-2.el9");
	assert_string_equal(scan.packages[0].source_version, "7:1.0-2.el9");
	dsec_scan_free(&scan);
}

static void rpm_header_bounds(void **state)
{
	static const struct {
		const char *name;
		uint32_t e[2][4];
		uint32_t dl;		/* data length written in the header */
		int cut;		/* bytes removed from the blob */
	} cases[] = {
		{ "offset past data", { { 1000, 6, 400, 1 }, { 1001, 6, 4, 1 } }, 48, 0 },
		{ "string without NUL", { { 1000, 6, 47, 1 }, { 1001, 6, 4, 1 } }, 48, 0 },
		{ "blob shorter than dl", { { 1000, 6, 0, 1 }, { 1001, 6, 4, 1 } }, 48, 10 },
		{ "epoch misaligned", { { 1000, 6, 0, 1 }, { 1003, 4, 2, 1 } }, 48, 0 },
		{ "epoch past data", { { 1000, 6, 0, 1 }, { 1003, 4, 44, 1 } }, 46, 0 },
		{ "wrong type", { { 1000, 4, 0, 1 }, { 1001, 6, 4, 1 } }, 48, 0 },
		{ "zero count", { { 1000, 6, 0, 0 }, { 1001, 6, 4, 1 } }, 48, 0 },
		{ "no release", { { 1000, 6, 0, 1 }, { 1001, 6, 4, 1 } }, 48, 0 },
	};
	unsigned char tiny[8] = { 0, 0, 0, 0, 0, 0, 0, 0 };
	unsigned char huge[8] = { 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1 };
	struct dsec_scan scan;
	size_t i;

	dsec_scan_init(&scan, NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct blob b;

		make_header(&b, cases[i].e, 2, store, cases[i].dl);
		if (dsec_rpm_header_parse(&scan, b.buf, b.len - cases[i].cut,
					  origin_of("x")) != -EINVAL)
			fail_msg("case \"%s\" was accepted", cases[i].name);
	}
	assert_int_equal(dsec_rpm_header_parse(&scan, tiny, 8, origin_of("x")), -EINVAL);
	assert_int_equal(dsec_rpm_header_parse(&scan, huge, 8, origin_of("x")), -EINVAL);
	assert_int_equal(dsec_rpm_header_parse(&scan, tiny, 3, origin_of("x")), -EINVAL);
	assert_int_equal(scan.n_packages, 0);
	dsec_scan_free(&scan);
}

static void rpm_not_sqlite(void **state)
{
	struct dsec_scan scan;
	size_t len;
	char *bdb = read_fixture("pkgdb/rpm/libuuid.Packages.bdb", &len);

	dsec_scan_init(&scan, NULL);
	assert_int_equal(dsec_rpmdb_sqlite_parse(&scan, bdb, len, origin_of("x")), -EINVAL);
	free(bdb);

	/* A valid sqlite header over a cut-off file: no crash, no packages. */
	bdb = read_fixture(MARINER, &len);
	assert_true(dsec_rpmdb_sqlite_parse(&scan, bdb, 8192, origin_of("x")) <= 0);
	assert_int_equal(scan.n_packages, 0);
	free(bdb);
	dsec_scan_free(&scan);
}

static void rpm_analyzer_bdb_unsupported(void **state)
{
	static const struct dsec_analyzer *const list[] = { &dsec_analyzer_rpm };
	const struct dsec_finding *f;
	struct dsec_scan scan;
	struct dsec_file file = {
		.path = "/var/lib/rpm/Packages",
		.mode = S_IFREG | 0644,
		.size = 12288,
	};

	scan_with(&scan, list, 1);
	assert_int_equal(dsec_analyzer_rpm.wants(&scan, &file), 0);
	assert_int_equal(dsec_analyzer_rpm.analyze(&scan, &file), 0);
	assert_int_equal(dsec_analyzer_rpm.finish(&scan), 0);

	f = find_finding(&scan, "DSEC-PKG-RPMDB-FORMAT");
	assert_non_null(f);
	assert_int_equal(f->class, DSEC_FINDING_UNSUPPORTED);
	assert_int_equal(f->severity, DSEC_SEV_MEDIUM);
	assert_string_equal(f->path, "/var/lib/rpm/Packages");
	assert_non_null(strstr(f->title, "Berkeley DB"));
	dsec_scan_free(&scan);
}

static void rpm_analyzer_sqlite(void **state)
{
	static const struct dsec_analyzer *const list[] = { &dsec_analyzer_rpm };
	struct dsec_scan scan;
	struct dsec_file file = { .mode = S_IFREG | 0644 };
	size_t len;
	char *db = read_fixture(MARINER, &len);

	scan_with(&scan, list, 1);
	file.path = "/usr/lib/sysimage/rpm/rpmdb.sqlite";
	file.data = (const unsigned char *)db;
	file.data_len = file.size = len;
	assert_true(dsec_analyzer_rpm.wants(&scan, &file) >= (ssize_t)len);
	assert_int_equal(dsec_analyzer_rpm.analyze(&scan, &file), 0);
	free(db);

	file.path = "/usr/lib/sysimage/rpm/Packages.db";
	file.data = NULL;
	file.data_len = 0;
	assert_int_equal(dsec_analyzer_rpm.analyze(&scan, &file), 0);
	assert_int_equal(dsec_analyzer_rpm.finish(&scan), 0);

	assert_int_equal(scan.n_packages, 129);
	assert_string_equal(scan.packages[0].location, "/usr/lib/sysimage/rpm/rpmdb.sqlite");
	/* A leftover NDB file beside a read sqlite database is only informational. */
	assert_int_equal(find_finding(&scan, "DSEC-PKG-RPMDB-FORMAT")->severity, DSEC_SEV_INFO);
	assert_non_null(strstr(find_finding(&scan, "DSEC-PKG-RPMDB-FORMAT")->title, "NDB"));
	dsec_scan_free(&scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rpm_matches_rpm_query),
		cmocka_unit_test(rpm_source_and_purl),
		cmocka_unit_test(rpm_rhel_ecosystem),
		cmocka_unit_test(rpm_header_valid),
		cmocka_unit_test(rpm_header_bounds),
		cmocka_unit_test(rpm_not_sqlite),
		cmocka_unit_test(rpm_analyzer_bdb_unsupported),
		cmocka_unit_test(rpm_analyzer_sqlite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
