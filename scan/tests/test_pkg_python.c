// SPDX-License-Identifier: GPL-2.0
/*
 * Python core-metadata parser and os-release parser, on the METADATA
 * files in ../shared/fixtures/lang/python and the Alpine os-release.
 */
#include <sys/stat.h>

#include "scan/tests/pkg_test.h"

static int metadata_fixture(struct dsec_scan *scan, const char *rel, const char *location)
{
	size_t len;
	char *data = read_fixture(rel, &len);
	int ret = dsec_python_metadata_parse(scan, data, len, origin_of(location));

	free(data);
	return ret;
}

static void python_fixtures(void **state)
{
	static const struct {
		const char *file, *name, *version, *license;
	} cases[] = {
		{ "lang/python/asyncssh-2.14.2.METADATA", "asyncssh", "2.14.2", "Eclipse Public License v2.0" },
		{ "lang/python/distlib-0.3.1.METADATA", "distlib", "0.3.1", "Python license" },
		{ "lang/python/networkx-3.0.METADATA", "networkx", "3.0", NULL },
		{ "lang/python/zipp-3.12.1.METADATA", "zipp", "3.12.1", "MIT License" },
		{ "lang/python/Flask-2.2.1.dist-info/METADATA", "flask", "2.2.1", "BSD-3-Clause" },
		{ "lang/python/Jinja2-3.1.2.dist-info/METADATA", "jinja2", "3.1.2", "BSD-3-Clause" },
		{ "lang/python/Werkzeug-2.2.1.dist-info/METADATA", "werkzeug", "2.2.1", "BSD-3-Clause" },
		{ "lang/python/click-8.1.3.dist-info/METADATA", "click", "8.1.3", "BSD-3-Clause" },
		{ "lang/python/setuptools-51.3.3.dist-info/METADATA", "setuptools", "51.3.3", "MIT License" },
		{ "lang/python/typing_extensions-4.4.0.dist-info/METADATA", "typing-extensions", "4.4.0", NULL },
	};
	struct dsec_scan scan;
	size_t i;

	dsec_scan_init(&scan, NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct dsec_package *p;

		assert_int_equal(metadata_fixture(&scan, cases[i].file, cases[i].file), 1);
		p = &scan.packages[scan.n_packages - 1];
		assert_string_equal(p->name, cases[i].name);
		assert_string_equal(p->version, cases[i].version);
		assert_string_equal(p->ecosystem, "PyPI");
		if (cases[i].license)
			assert_string_equal(p->license, cases[i].license);
		else
			assert_null(p->license);
	}
	assert_string_equal(find_pkg(&scan, "typing-extensions", NULL)->purl,
			    "pkg:pypi/typing-extensions@4.4.0");
	assert_int_equal(scan.n_findings, 0);
	dsec_scan_free(&scan);
}

static void python_normalize_pep503(void **state)
{
	static const char *const cases[][2] = {
		{ "Flask", "flask" },
		{ "typing_extensions", "typing-extensions" },
		{ "zope.interface", "zope-interface" },
		{ "A__B-.-C", "a-b-c" },
		{ "ruamel.yaml.clib", "ruamel-yaml-clib" },
		{ "_leading", "leading" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(dsec_python_normalize(cases[i][0], buf, sizeof(buf)),
				    cases[i][1]);
	assert_null(dsec_python_normalize("---", buf, sizeof(buf)));
	assert_null(dsec_python_normalize("toolongname", buf, 4));
}

static void python_malformed(void **state)
{
	static const char no_version[] = "Metadata-Version: 2.1\nName: x\n";
	static const char body_only[] = "\nName: x\nVersion: 1\n";
	static const char multi_license[] = "Name: y\nVersion: 2\nLicense: Copyright\n  line two\n\nbody\n";
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(dsec_python_metadata_parse(&scan, no_version, strlen(no_version),
						    origin_of("/a.egg-info")), 0);
	/* Fields after the header block belong to the description. */
	assert_int_equal(dsec_python_metadata_parse(&scan, body_only, strlen(body_only),
						    origin_of("/b.egg-info")), 0);
	assert_int_equal(scan.n_findings, 2);
	assert_int_equal(dsec_python_metadata_parse(&scan, multi_license, strlen(multi_license),
						    origin_of("/c.egg-info")), 1);
	assert_null(find_pkg(&scan, "y", "2")->license);
	assert_int_equal(dsec_python_metadata_parse(&scan, "", 0, origin_of("/d")), 0);
	dsec_scan_free(&scan);
}

static void python_analyzer_wants(void **state)
{
	static const struct {
		const char *path;
		mode_t mode;
		bool wanted;
	} cases[] = {
		{ "/usr/lib/python3/dist-packages/Flask-2.2.1.dist-info/METADATA", S_IFREG, true },
		{ "/usr/lib/python3.11/site-packages/foo-1.0.egg-info/PKG-INFO", S_IFREG, true },
		{ "/usr/lib/python3/dist-packages/bar-1.0.egg-info", S_IFREG, true },
		{ "/usr/lib/python3/dist-packages/bar-1.0.egg-info", S_IFDIR, false },
		{ "/opt/x.egg/EGG-INFO/PKG-INFO", S_IFREG, true },
		{ "/app/METADATA", S_IFREG, false },
		{ "/x.dist-info/RECORD", S_IFREG, false },
	};
	static const struct dsec_analyzer *const list[] = { &dsec_analyzer_python };
	struct dsec_file f = { 0 };
	struct dsec_scan scan;
	size_t i;

	scan_with(&scan, list, 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f.path = cases[i].path;
		f.mode = cases[i].mode | 0644;
		if ((dsec_analyzer_python.wants(&scan, &f) >= 0) != cases[i].wanted)
			fail_msg("wants(%s) should be %d", cases[i].path, cases[i].wanted);
	}
	dsec_scan_free(&scan);
}

static void os_release_alpine(void **state)
{
	struct dsec_scan scan;
	size_t len;
	char *data = read_fixture("pkgdb/apk/snyk-alpine-3.7.0.os-release", &len);

	dsec_scan_init(&scan, NULL);
	assert_int_equal(dsec_os_release_parse(&scan, data, len), 0);
	assert_string_equal(scan.os.id, "alpine");
	assert_string_equal(scan.os.version_id, "3.7.0");
	assert_string_equal(scan.os.pretty_name, "Alpine Linux v3.7");
	free(data);
	dsec_scan_free(&scan);
}

static void os_release_quoting(void **state)
{
	static const char data[] =
		"# comment\nPRETTY_NAME='Debian GNU/Linux 12 (bookworm)'\r\n"
		"ID=debian # trailing comment\nVERSION_ID=\"1\\\"2\"\n";
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(dsec_os_release_parse(&scan, data, strlen(data)), 0);
	assert_string_equal(scan.os.id, "debian");
	assert_string_equal(scan.os.version_id, "1\"2");
	assert_string_equal(scan.os.pretty_name, "Debian GNU/Linux 12 (bookworm)");
	assert_int_equal(dsec_os_release_parse(&scan, "NAME=x\n", 7), -EINVAL);
	assert_string_equal(scan.os.id, "debian");
	dsec_scan_free(&scan);
}

/* /etc/os-release wins over /usr/lib/os-release in either walk order. */
static void os_release_precedence(void **state)
{
	static const struct dsec_analyzer *const list[] = { &dsec_analyzer_os_release };
	static const char etc[] = "ID=ubuntu\nVERSION_ID=22.04\n";
	static const char usr[] = "ID=debian\nVERSION_ID=12\n";
	struct dsec_file f = { .mode = S_IFREG | 0644 };
	int order;

	for (order = 0; order < 2; order++) {
		struct dsec_scan scan;
		int i;

		scan_with(&scan, list, 1);
		for (i = 0; i < 2; i++) {
			bool is_etc = (i == order);

			f.path = is_etc ? "/etc/os-release" : "/usr/lib/os-release";
			f.data = (const unsigned char *)(is_etc ? etc : usr);
			f.data_len = f.size = strlen(is_etc ? etc : usr);
			assert_true(dsec_analyzer_os_release.wants(&scan, &f) > 0);
			assert_int_equal(dsec_analyzer_os_release.analyze(&scan, &f), 0);
		}
		assert_string_equal(scan.os.id, "ubuntu");
		assert_string_equal(scan.os.version_id, "22.04");
		dsec_scan_free(&scan);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(python_fixtures),
		cmocka_unit_test(python_normalize_pep503),
		cmocka_unit_test(python_malformed),
		cmocka_unit_test(python_analyzer_wants),
		cmocka_unit_test(os_release_alpine),
		cmocka_unit_test(os_release_quoting),
		cmocka_unit_test(os_release_precedence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
