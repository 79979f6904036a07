// SPDX-License-Identifier: GPL-2.0
/*
 * Alpine installed-database parser and analyzer, on the real databases
 * in ../shared/fixtures/pkgdb/apk.
 */
#include <sys/stat.h>

#include "scan/tests/pkg_test.h"

static int parse_fixture(struct dsec_scan *scan, const char *rel)
{
	size_t len;
	char *data = read_fixture(rel, &len);
	int ret = dsec_apk_parse(scan, data, len, origin_of(rel));

	free(data);
	return ret;
}

static void apk_fixture_counts(void **state)
{
	static const struct {
		const char *file;
		int packages;
	} cases[] = {
		{ "pkgdb/apk/scalibr-alpine-3.18.installed", 15 },
		{ "pkgdb/apk/snyk-alpine-2.6.6.installed", 13 },
		{ "pkgdb/apk/snyk-alpine-3.7.0.installed", 11 },
		{ "pkgdb/apk/trivy-alpine-3.x.installed", 15 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dsec_scan scan;

		dsec_scan_init(&scan, NULL);
		assert_int_equal(parse_fixture(&scan, cases[i].file), cases[i].packages);
		assert_int_equal(scan.n_packages, (size_t)cases[i].packages);
		dsec_scan_free(&scan);
	}
}

static void apk_fields_and_purl(void **state)
{
	const struct dsec_package *p;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	set_os(&scan, "alpine", "3.18.0");
	parse_fixture(&scan, "pkgdb/apk/scalibr-alpine-3.18.installed");

	p = find_pkg(&scan, "alpine-baselayout-data", NULL);
	assert_non_null(p);
	assert_string_equal(p->ecosystem, "Alpine");
	assert_string_equal(p->version, "3.4.3-r1");
	assert_string_equal(p->source_name, "alpine-baselayout");
	assert_string_equal(p->source_version, "3.4.3-r1");
	assert_string_equal(p->arch, "x86_64");
	assert_string_equal(p->license, "GPL-2.0-only");
	assert_string_equal(p->purl,
			    "pkg:apk/alpine/alpine-baselayout-data@3.4.3-r1?arch=x86_64&distro=3.18.0");

	p = find_pkg(&scan, "apk-tools", NULL);
	assert_non_null(p);
	assert_string_equal(p->version, "2.14.0-r0");
	p = find_pkg(&scan, "busybox", NULL);
	assert_non_null(p);
	assert_string_equal(p->version, "1.36.0-r9");
	dsec_scan_free(&scan);
}

static void apk_origin_differs(void **state)
{
	const struct dsec_package *p;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	parse_fixture(&scan, "pkgdb/apk/snyk-alpine-2.6.6.installed");
	p = find_pkg(&scan, "libc", NULL);
	assert_non_null(p);
	assert_string_equal(p->version, "0.9.33.2-r22");
	assert_string_equal(p->source_name, "libc0.9.32");
	assert_string_equal(p->license, "LGPL-2");
	dsec_scan_free(&scan);
}

static void apk_missing_version_reported(void **state)
{
	const struct dsec_finding *f;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	parse_fixture(&scan, "pkgdb/apk/trivy-alpine-3.x.installed");
	assert_null(find_pkg(&scan, "invalidPackageWithoutAVersion", NULL));
	assert_non_null(find_pkg(&scan, "musl", "1.1.14-r10"));
	assert_non_null(find_pkg(&scan, "busybox", "1.24.2-r9"));

	f = find_finding(&scan, "DSEC-PKG-SKIPPED");
	assert_non_null(f);
	assert_int_equal(f->class, DSEC_FINDING_UNSUPPORTED);
	assert_non_null(strstr(f->title, "1 apk entries"));
	assert_non_null(strstr(f->evidence, "invalidPackageWithoutAVersion"));
	dsec_scan_free(&scan);
}

static void apk_wolfi_ecosystem(void **state)
{
	static const char db[] = "P:glibc\nV:2.38-r1\nA:x86_64\n";
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	set_os(&scan, "wolfi", "20230201");
	assert_int_equal(dsec_apk_parse(&scan, db, strlen(db), origin_of("x")), 1);
	assert_string_equal(scan.packages[0].ecosystem, "Wolfi");
	assert_string_equal(scan.packages[0].purl,
			    "pkg:apk/wolfi/glibc@2.38-r1?arch=x86_64&distro=20230201");
	dsec_scan_free(&scan);
}

static void apk_hostile_input(void **state)
{
	static const char odd[] = "P:\nV:\n\n\nX\n:\nP:a b\nV:1\n\nP:ok\r\nV:1\r\n";
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(dsec_apk_parse(&scan, "", 0, origin_of("x")), 0);
	assert_int_equal(dsec_apk_parse(&scan, "P", 1, origin_of("x")), 0);
	assert_int_equal(dsec_apk_parse(&scan, odd, strlen(odd), origin_of("x")), 1);
	assert_non_null(find_pkg(&scan, "ok", "1"));
	dsec_scan_free(&scan);
}

static void apk_analyzer_end_to_end(void **state)
{
	static const struct dsec_analyzer *const list[] = {
		&dsec_analyzer_os_release, &dsec_analyzer_apk,
	};
	struct dsec_scan scan;
	struct dsec_file f = { .mode = S_IFREG | 0644 };
	size_t len, os_len;
	char *db = read_fixture("pkgdb/apk/snyk-alpine-3.7.0.installed", &len);
	char *os = read_fixture("pkgdb/apk/snyk-alpine-3.7.0.os-release", &os_len);

	scan_with(&scan, list, 2);
	f.path = "/lib/apk/db/installed";
	f.data = (const unsigned char *)db;
	f.data_len = f.size = len;
	assert_true(dsec_analyzer_apk.wants(&scan, &f) > 0);
	assert_int_equal(dsec_analyzer_apk.analyze(&scan, &f), 0);
	free(db);

	f.path = "/etc/os-release";
	f.data = (const unsigned char *)os;
	f.data_len = f.size = os_len;
	assert_int_equal(dsec_analyzer_os_release.analyze(&scan, &f), 0);
	assert_int_equal(dsec_analyzer_apk.finish(&scan), 0);
	free(os);

	assert_int_equal(scan.n_packages, 11);
	assert_string_equal(find_pkg(&scan, "musl", NULL)->purl,
			    "pkg:apk/alpine/musl@1.1.18-r2?arch=x86_64&distro=3.7.0");
	assert_string_equal(find_pkg(&scan, "musl", NULL)->location,
			    "/lib/apk/db/installed");

	f.path = "/lib/apk/db/installed.bak";
	assert_true(dsec_analyzer_apk.wants(&scan, &f) < 0);
	dsec_scan_free(&scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(apk_fixture_counts),
		cmocka_unit_test(apk_fields_and_purl),
		cmocka_unit_test(apk_origin_differs),
		cmocka_unit_test(apk_missing_version_reported),
		cmocka_unit_test(apk_wolfi_ecosystem),
		cmocka_unit_test(apk_hostile_input),
		cmocka_unit_test(apk_analyzer_end_to_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
