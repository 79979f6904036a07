// SPDX-License-Identifier: GPL-2.0
/*
 * Java archive and pom.properties parsers, on the jars and pom.properties
 * files in ../shared/fixtures/lang/java, including jars nested three
 * levels deep and Spring Boot's BOOT-INF/lib layout.
 */
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

#include "scan/tests/pkg_test.h"

static int pom_fixture(struct dsec_scan *scan, const char *rel)
{
	size_t len;
	char *data = read_fixture(rel, &len);
	int ret = dsec_pom_properties_parse(scan, data, len, origin_of(rel));

	free(data);
	return ret;
}

static int jar_fixture(struct dsec_scan *scan, const char *rel,
		       const char *location, unsigned int max_nesting)
{
	size_t len;
	char *data = read_fixture(rel, &len);
	int ret = dsec_java_archive_parse(scan, data, len, origin_of(location),
					  max_nesting);

	free(data);
	return ret;
}

static void pom_valid_files(void **state)
{
	const struct dsec_package *p;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(pom_fixture(&scan, "lang/java/pom.properties/snyk-valid.pom.properties"), 1);
	assert_int_equal(pom_fixture(&scan, "lang/java/pom.properties/snyk-mssql-jdbc.pom.properties"), 1);
	assert_int_equal(pom_fixture(&scan, "lang/java/pom.properties/scalibr-hello-tester.pom.properties"), 1);

	p = find_pkg(&scan, "org.test:org.test.dependency", "1.0.0");
	assert_non_null(p);
	assert_string_equal(p->ecosystem, "Maven");
	assert_string_equal(p->purl, "pkg:maven/org.test/org.test.dependency@1.0.0");
	p = find_pkg(&scan, "com.microsoft.sqlserver:mssql-jdbc", NULL);
	assert_non_null(p);
	assert_string_equal(p->version, "12.10.2");
	assert_non_null(find_pkg(&scan, "com.example:hello-tester", "1.0.0"));
	assert_int_equal(scan.n_findings, 0);
	dsec_scan_free(&scan);
}

static void pom_incomplete_reported(void **state)
{
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(pom_fixture(&scan, "lang/java/pom.properties/snyk-incomplete.pom.properties"), 0);
	assert_int_equal(pom_fixture(&scan, "lang/java/pom.properties/snyk-invalid.pom.properties"), 0);
	assert_int_equal(scan.n_packages, 0);
	assert_int_equal(scan.n_findings, 2);
	assert_string_equal(scan.findings[0].id, "DSEC-PKG-SKIPPED");
	assert_non_null(strstr(scan.findings[0].title, "pom.properties"));
	dsec_scan_free(&scan);
}

static void pom_separators_and_escapes(void **state)
{
	static const char colon[] = "  groupId : g\n! comment\nartifactId a\r\nversion=1\n";
	static const char escaped[] = "groupId=g\nartifactId=a\\\n  b\nversion=1\n";
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(dsec_pom_properties_parse(&scan, colon, strlen(colon), origin_of("x")), 1);
	assert_non_null(find_pkg(&scan, "g:a", "1"));
	/* A continuation line is rejected rather than read as "a\". */
	assert_int_equal(dsec_pom_properties_parse(&scan, escaped, strlen(escaped), origin_of("x")), 0);
	assert_int_equal(scan.n_packages, 1);
	dsec_scan_free(&scan);
}

static void jar_plain(void **state)
{
	const struct dsec_package *p;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(jar_fixture(&scan, "lang/java/jars/trivy-multi-license-1.0.0.jar",
				     "/app/lib/multi-license-1.0.0.jar", 4), 1);
	p = find_pkg(&scan, "com.example:multi-license", "1.0.0");
	assert_non_null(p);
	assert_string_equal(p->location, "/app/lib/multi-license-1.0.0.jar");
	dsec_scan_free(&scan);
}

static void jar_nested_three_deep(void **state)
{
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(jar_fixture(&scan, "lang/java/jars/trivy-nested.jar",
				     "/app/nested.jar", 4), 3);
	assert_non_null(find_pkg(&scan, "test:nested", "0.0.1"));
	assert_string_equal(find_pkg(&scan, "test:nested2", "0.0.2")->location,
			    "/app/nested.jar!/META-INF/jars/nested2.jar");
	assert_string_equal(find_pkg(&scan, "test:nested3", "0.0.3")->location,
			    "/app/nested.jar!/META-INF/jars/nested2.jar!/META-INF/jars/nested3.jar");
	assert_null(find_finding(&scan, "DSEC-PKG-NESTING"));
	dsec_scan_free(&scan);
}

static void jar_nesting_limit_reported(void **state)
{
	const struct dsec_finding *f;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(jar_fixture(&scan, "lang/java/jars/trivy-nested.jar",
				     "/app/nested.jar", 1), 2);
	assert_null(find_pkg(&scan, "test:nested3", NULL));
	f = find_finding(&scan, "DSEC-PKG-NESTING");
	assert_non_null(f);
	assert_int_equal(f->class, DSEC_FINDING_UNSUPPORTED);
	assert_string_equal(f->path,
			    "/app/nested.jar!/META-INF/jars/nested2.jar!/META-INF/jars/nested3.jar");
	dsec_scan_free(&scan);
}

static void jar_spring_boot_layout(void **state)
{
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(jar_fixture(&scan, "lang/java/jars/scalibr-complex.jar",
				     "/app.jar", 4), 2);
	assert_non_null(find_pkg(&scan, "com.some.package:package-name", "1.2.3"));
	assert_string_equal(find_pkg(&scan, "com.some.anotherpackage:another-package-name",
				     "3.2.1")->location,
			    "/app.jar!/BOOT-INF/lib/inner.jar");
	dsec_scan_free(&scan);
}

static void jar_damaged(void **state)
{
	struct dsec_scan scan;
	size_t len, i;
	char *jar = read_fixture("lang/java/jars/trivy-nested.jar", &len);

	dsec_scan_init(&scan, NULL);
	assert_int_equal(dsec_java_archive_parse(&scan, "not a zip", 9, origin_of("x"), 4), -EINVAL);
	assert_int_equal(dsec_java_archive_parse(&scan, "", 0, origin_of("x"), 4), -EINVAL);
	/* Every truncation of a real jar parses without a crash or a leak. */
	for (i = 0; i < len; i += 37)
		assert_true(dsec_java_archive_parse(&scan, jar, i, origin_of("x"), 4) >= -EINVAL);
	/* Flipped bytes in the middle: damaged members are skipped. */
	for (i = 100; i < len; i += 53)
		jar[i] ^= 0x5a;
	assert_true(dsec_java_archive_parse(&scan, jar, len, origin_of("x"), 4) >= -EINVAL);
	free(jar);
	dsec_scan_free(&scan);
}

struct zip_buf {
	char *data;
	size_t len;
};

static la_ssize_t zip_write(struct archive *a, void *data, const void *buf, size_t len)
{
	struct zip_buf *z = data;

	z->data = realloc(z->data, z->len + len);
	assert_non_null(z->data);
	memcpy(z->data + z->len, buf, len);
	z->len += len;
	return len;
}

static void zip_add(struct archive *a, const char *name, const void *data, size_t len)
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

/* A stored (uncompressed) jar: a pom.properties, then @inner as lib/inner.jar. */
static struct zip_buf stored_jar(const char *artifact, const struct zip_buf *inner)
{
	struct archive *a = archive_write_new();
	struct zip_buf out = { 0 };
	char pom[128], name[128];

	archive_write_set_format_zip(a);
	archive_write_set_format_option(a, "zip", "compression", "store");
	assert_int_equal(archive_write_open(a, &out, NULL, zip_write, NULL), ARCHIVE_OK);
	snprintf(pom, sizeof(pom), "groupId=test\nartifactId=%s\nversion=1\n", artifact);
	snprintf(name, sizeof(name), "META-INF/maven/test/%s/pom.properties", artifact);
	zip_add(a, name, pom, strlen(pom));
	zip_add(a, "lib/inner.jar", inner->data, inner->len);
	archive_write_close(a);
	archive_write_free(a);
	return out;
}

/*
 * Stored jars nested in each other, 12 MiB each: holding the buffers of
 * every level at once is limited, so the third level is reported and
 * not read.
 */
static void jar_nested_memory_limited(void **state)
{
	struct zip_buf pad = { calloc(1, 12u << 20), 12u << 20 };
	struct zip_buf l3, l2, l1, top;
	struct dsec_scan scan;

	assert_non_null(pad.data);
	l3 = stored_jar("level3", &pad);
	l2 = stored_jar("level2", &l3);
	l1 = stored_jar("level1", &l2);
	top = stored_jar("top", &l1);

	dsec_scan_init(&scan, NULL);
	assert_true(dsec_java_archive_parse(&scan, top.data, top.len, origin_of("/app.jar"), 4) >= 0);
	assert_non_null(find_pkg(&scan, "test:top", "1"));
	assert_non_null(find_pkg(&scan, "test:level1", "1"));
	assert_non_null(find_pkg(&scan, "test:level2", "1"));
	assert_null(find_pkg(&scan, "test:level3", NULL));
	assert_non_null(find_finding(&scan, "DSEC-PKG-NESTED-ARCHIVE"));
	dsec_scan_free(&scan);
	free(pad.data);
	free(l3.data);
	free(l2.data);
	free(l1.data);
	free(top.data);
}

static void java_analyzer(void **state)
{
	static const struct dsec_analyzer *const list[] = { &dsec_analyzer_java };
	static const char *const wanted[] = { "/a.jar", "/b.WAR", "/srv/c.ear" };
	static const char *const unwanted[] = { "/a.jar.sha1", "/jar", "/x.zip", "/pom.properties" };
	struct dsec_file f = { .mode = S_IFREG | 0644 };
	struct dsec_scan scan;
	size_t len, i;
	char *jar = read_fixture("lang/java/jars/scalibr-complex.jar", &len);

	scan_with(&scan, list, 1);
	for (i = 0; i < 3; i++) {
		f.path = wanted[i];
		assert_true(dsec_analyzer_java.wants(&scan, &f) > 0);
	}
	for (i = 0; i < 4; i++) {
		f.path = unwanted[i];
		assert_true(dsec_analyzer_java.wants(&scan, &f) < 0);
	}
	f.path = "/opt/app.jar";
	f.data = (const unsigned char *)jar;
	f.data_len = f.size = len;
	assert_int_equal(dsec_analyzer_java.analyze(&scan, &f), 0);
	assert_int_equal(scan.n_packages, 2);
	free(jar);

	f.path = "/opt/broken.jar";
	f.data = (const unsigned char *)"PK\3\4garbage";
	f.data_len = f.size = 11;
	assert_int_equal(dsec_analyzer_java.analyze(&scan, &f), 0);
	assert_non_null(find_finding(&scan, "DSEC-PKG-SKIPPED"));
	dsec_scan_free(&scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pom_valid_files),
		cmocka_unit_test(pom_incomplete_reported),
		cmocka_unit_test(pom_separators_and_escapes),
		cmocka_unit_test(jar_plain),
		cmocka_unit_test(jar_nested_three_deep),
		cmocka_unit_test(jar_nesting_limit_reported),
		cmocka_unit_test(jar_spring_boot_layout),
		cmocka_unit_test(jar_damaged),
		cmocka_unit_test(jar_nested_memory_limited),
		cmocka_unit_test(java_analyzer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
