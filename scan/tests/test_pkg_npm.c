// SPDX-License-Identifier: GPL-2.0
/*
 * npm lockfile and installed-manifest parsers, on the Trivy lockfiles
 * (versions 1 to 3, one with workspaces) and the installed node_modules
 * manifests in ../shared/fixtures/lang/npm.
 */
#include <sys/stat.h>

#include "scan/tests/pkg_test.h"

static int lock_fixture(struct dsec_scan *scan, struct dsec_npm_set *set,
			const char *rel, const char *location)
{
	size_t len;
	char *data = read_fixture(rel, &len);
	int ret = dsec_npm_lock_parse(scan, set, data, len, origin_of(location));

	free(data);
	return ret;
}

static int manifest_fixture(struct dsec_scan *scan, struct dsec_npm_set *set,
			    const char *rel, const char *location)
{
	size_t len;
	char *data = read_fixture(rel, &len);
	int ret = dsec_npm_manifest_parse(scan, set, data, len, origin_of(location));

	free(data);
	return ret;
}

static void npm_lock_versions_agree(void **state)
{
	static const char *const files[] = {
		"lang/npm/trivy-package-lock_v1.json",
		"lang/npm/trivy-package-lock_v2.json",
		"lang/npm/trivy-package-lock_v3.json",
	};
	size_t i;

	for (i = 0; i < 3; i++) {
		struct dsec_npm_set set = { 0 };
		const struct dsec_package *p;
		struct dsec_scan scan;

		dsec_scan_init(&scan, NULL);
		/* 33 entries, 2 of them development-only. */
		assert_int_equal(lock_fixture(&scan, &set, files[i], "/app/package-lock.json"), 33);
		assert_int_equal(dsec_npm_set_flush(&scan, &set), 31);
		assert_int_equal(scan.n_packages, 31);

		p = find_pkg(&scan, "@babel/helper-string-parser", NULL);
		assert_non_null(p);
		assert_string_equal(p->version, "7.19.4");
		assert_string_equal(p->ecosystem, "npm");
		assert_string_equal(p->purl, "pkg:npm/%40babel/helper-string-parser@7.19.4");
		assert_string_equal(p->location, "/app/package-lock.json");

		/* body-parser's own copy of debug, nested under its node_modules. */
		assert_non_null(find_pkg(&scan, "debug", "2.6.9"));
		assert_non_null(find_pkg(&scan, "body-parser", "1.18.3"));
		assert_null(find_pkg(&scan, "debug", "2.5.2"));
		assert_int_equal(scan.n_findings, 0);
		dsec_scan_free(&scan);
	}
}

static void npm_lock_workspace(void **state)
{
	struct dsec_npm_set set = { 0 };
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(lock_fixture(&scan, &set,
				      "lang/npm/trivy-package-lock_v3_with_workspace.json",
				      "/srv/package-lock.json"), 5);
	assert_int_equal(dsec_npm_set_flush(&scan, &set), 5);
	assert_non_null(find_pkg(&scan, "nested_func", "1.0.0"));
	assert_non_null(find_pkg(&scan, "debug", "2.6.9"));
	assert_non_null(find_pkg(&scan, "debug", "2.5.2"));
	assert_non_null(find_pkg(&scan, "ms", "0.7.2"));
	assert_non_null(find_pkg(&scan, "ms", "2.0.0"));
	/* Link entries and the version-less workspace member are not packages. */
	assert_null(find_pkg(&scan, "function1", NULL));
	assert_null(find_pkg(&scan, "func1", NULL));
	assert_null(find_pkg(&scan, "node_v3_with_workspace", NULL));
	dsec_scan_free(&scan);
}

static void npm_installed_manifests(void **state)
{
	struct dsec_npm_set set = { 0 };
	const struct dsec_package *p;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(manifest_fixture(&scan, &set, "lang/npm/node_modules/yaml/package.json",
					  "/home/app/node_modules/yaml/package.json"), 1);
	assert_int_equal(manifest_fixture(&scan, &set, "lang/npm/node_modules/z-schema/package.json",
					  "/home/app/node_modules/z-schema/package.json"), 1);
	assert_int_equal(manifest_fixture(&scan, &set,
					  "lang/npm/node_modules/z-schema/node_modules/commander/package.json",
					  "/home/app/node_modules/z-schema/node_modules/commander/package.json"), 1);
	assert_int_equal(dsec_npm_set_flush(&scan, &set), 3);

	p = find_pkg(&scan, "yaml", "1.10.2");
	assert_non_null(p);
	assert_string_equal(p->license, "ISC");
	assert_string_equal(p->purl, "pkg:npm/yaml@1.10.2");
	p = find_pkg(&scan, "commander", "2.20.3");
	assert_non_null(p);
	assert_string_equal(p->location,
			    "/home/app/node_modules/z-schema/node_modules/commander/package.json");
	assert_string_equal(find_pkg(&scan, "z-schema", NULL)->license, "MIT");
	dsec_scan_free(&scan);
}

/* An installed manifest replaces the lockfile entry for the same directory. */
static void npm_dedupe_by_path(void **state)
{
	static const char debug_installed[] = "{\"name\":\"debug\",\"version\":\"2.5.2\"}";
	static const char ms_elsewhere[] = "{\"name\":\"ms\",\"version\":\"2.0.0\"}";
	struct dsec_npm_set set = { 0 };
	const struct dsec_package *p;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	lock_fixture(&scan, &set, "lang/npm/trivy-package-lock_v3.json", "/app/package-lock.json");
	assert_int_equal(dsec_npm_manifest_parse(&scan, &set, debug_installed,
						 strlen(debug_installed),
						 origin_of("/app/node_modules/debug/package.json")), 1);
	/* Same name and version in another project: a separate install. */
	assert_int_equal(dsec_npm_manifest_parse(&scan, &set, ms_elsewhere,
						 strlen(ms_elsewhere),
						 origin_of("/other/node_modules/ms/package.json")), 1);
	assert_int_equal(dsec_npm_set_flush(&scan, &set), 33);

	/* The dev dependency is reported because it is installed, once. */
	assert_int_equal(count_pkgs_named(&scan, "debug"), 3);
	p = find_pkg(&scan, "debug", "2.5.2");
	assert_non_null(p);
	assert_string_equal(p->location, "/app/node_modules/debug/package.json");
	/* Three non-dev copies in the lockfile and the one in /other. */
	assert_int_equal(count_pkgs_named(&scan, "ms"), 4);
	dsec_scan_free(&scan);
}

static void npm_malformed_input(void **state)
{
	static const char *const bad_json[] = {
		"", "{", "[1,2]", "\"str\"", "{\"packages\": 5}x",
	};
	static const char bad_entries[] =
		"{\"lockfileVersion\":3,\"packages\":{\"\":{},"
		"\"node_modules/a\":{\"version\":\"1 2\"},"
		"\"node_modules/b\":{},"
		"\"node_modules/c\":{\"version\":7},"
		"\"node_modules/d\":\"x\","
		"\"node_modules/local\":{\"version\":\"file:../local\"},"
		"\"node_modules/ok\":{\"version\":\"1.0.0\"}}}";
	struct dsec_npm_set set = { 0 };
	const struct dsec_finding *f;
	struct dsec_scan scan;
	char *deep;
	size_t i;

	dsec_scan_init(&scan, NULL);
	for (i = 0; i < sizeof(bad_json) / sizeof(bad_json[0]); i++)
		assert_int_equal(dsec_npm_lock_parse(&scan, &set, bad_json[i],
						     strlen(bad_json[i]), origin_of("/p")),
				 -EINVAL);
	assert_int_equal(dsec_npm_lock_parse(&scan, &set, bad_entries,
					     strlen(bad_entries),
					     origin_of("/x/package-lock.json")), 1);
	f = find_finding(&scan, "DSEC-PKG-SKIPPED");
	assert_non_null(f);
	assert_non_null(strstr(f->title, "3 npm lockfile entries"));

	/* Nesting past the tokenizer's depth limit is rejected, not recursed. */
	deep = malloc(20001);
	assert_non_null(deep);
	memset(deep, '[', 10000);
	memset(deep + 10000, ']', 10000);
	deep[20000] = '\0';
	assert_int_equal(dsec_npm_lock_parse(&scan, &set, deep, 20000, origin_of("/p")), -EINVAL);
	free(deep);

	assert_int_equal(dsec_npm_manifest_parse(&scan, &set, "{\"name\":\"x\"}", 12,
						 origin_of("/n/node_modules/x/package.json")), 0);
	assert_int_equal(dsec_npm_set_flush(&scan, &set), 1);
	dsec_scan_free(&scan);
}

static void npm_analyzer_wants(void **state)
{
	static const struct dsec_analyzer *const list[] = { &dsec_analyzer_npm };
	static const struct {
		const char *path;
		bool wanted;
	} cases[] = {
		{ "/app/package-lock.json", true },
		{ "/package-lock.json", true },
		{ "/app/node_modules/a/package.json", true },
		{ "/app/node_modules/@scope/a/package.json", true },
		{ "/app/node_modules/a/node_modules/b/package.json", true },
		{ "/app/package.json", false },
		{ "/app/node_modules/a/lib/package.json", false },
		{ "/app/node_modules/package.json", false },
		{ "/app/node_modules/.package-lock.json", false },
	};
	struct dsec_file f = { .mode = S_IFREG | 0644 };
	struct dsec_scan scan;
	size_t i;

	scan_with(&scan, list, 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f.path = cases[i].path;
		if ((dsec_analyzer_npm.wants(&scan, &f) >= 0) != cases[i].wanted)
			fail_msg("wants(%s) should be %d", cases[i].path, cases[i].wanted);
	}
	dsec_scan_free(&scan);
}

static void npm_analyzer_end_to_end(void **state)
{
	static const struct dsec_analyzer *const list[] = { &dsec_analyzer_npm };
	static const char installed[] = "{\"name\":\"@babel/helper-string-parser\",\"version\":\"7.19.4\"}";
	struct dsec_file f = { .mode = S_IFREG | 0644 };
	struct dsec_scan scan;
	size_t len;
	char *lock = read_fixture("lang/npm/trivy-package-lock_v2.json", &len);

	scan_with(&scan, list, 1);
	f.path = "/srv/app/package-lock.json";
	f.data = (const unsigned char *)lock;
	f.data_len = f.size = len;
	assert_int_equal(dsec_analyzer_npm.analyze(&scan, &f), 0);
	free(lock);
	f.path = "/srv/app/node_modules/@babel/helper-string-parser/package.json";
	f.data = (const unsigned char *)installed;
	f.data_len = f.size = strlen(installed);
	assert_int_equal(dsec_analyzer_npm.analyze(&scan, &f), 0);
	assert_int_equal(scan.n_packages, 0);

	assert_int_equal(dsec_analyzer_npm.finish(&scan), 0);
	assert_int_equal(scan.n_packages, 31);
	assert_int_equal(count_pkgs_named(&scan, "@babel/helper-string-parser"), 1);
	assert_string_equal(find_pkg(&scan, "@babel/helper-string-parser", NULL)->location,
			    "/srv/app/node_modules/@babel/helper-string-parser/package.json");
	dsec_scan_free(&scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(npm_lock_versions_agree),
		cmocka_unit_test(npm_lock_workspace),
		cmocka_unit_test(npm_installed_manifests),
		cmocka_unit_test(npm_dedupe_by_path),
		cmocka_unit_test(npm_malformed_input),
		cmocka_unit_test(npm_analyzer_wants),
		cmocka_unit_test(npm_analyzer_end_to_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
