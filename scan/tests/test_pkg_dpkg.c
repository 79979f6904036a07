// SPDX-License-Identifier: GPL-2.0
/*
 * dpkg status parser and analyzer, on the real status files and
 * distroless status.d entries in ../shared/fixtures/pkgdb/dpkg. Full
 * status files are checked against dpkg-query reading the same file.
 */
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan/tests/pkg_test.h"

static const char *const status_files[] = {
	"pkgdb/dpkg/debian-10-nginx.status",
	"pkgdb/dpkg/debian-10-postgresql.status",
	"pkgdb/dpkg/debian-12-subset.status",
	"pkgdb/dpkg/debian-only.status",
	"pkgdb/dpkg/ubuntu-10.04.status",
	"pkgdb/dpkg/ubuntu-18.04.status",
};

static int parse_fixture(struct dsec_scan *scan, const char *rel, bool status_d)
{
	size_t len;
	char *data = read_fixture(rel, &len);
	int ret = dsec_dpkg_parse(scan, data, len, origin_of(rel), status_d);

	free(data);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Run dpkg-query on a copy of the status file in a scratch admin
 * directory and return its installed packages as sorted
 * "name|version|source|source-version|arch" lines.
 */
static char **dpkg_query_installed(const char *rel, size_t *ret_n)
{
	char dir[] = "/tmp/dsec-dpkg-XXXXXX", cmd[4096], line[8192];
	char **lines = NULL;
	size_t n = 0;
	FILE *p;

	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "mkdir %s/info %s/updates && cp " FIXTURES "%s %s/status && "
		 "dpkg-query --admindir=%s -W -f='${Status}|${Package}|${Version}|${source:Package}|${source:Version}|${Architecture}\\n' 2>/dev/null; "
		 "rm -rf %s", dir, dir, rel, dir, dir, dir);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		char *rest = strchr(line, '|');

		line[strcspn(line, "\n")] = '\0';
		if (!rest || rest - line < 10 ||
		    strncmp(rest - 10, " installed", 10))
			continue;
		lines = realloc(lines, (n + 1) * sizeof(*lines));
		assert_non_null(lines);
		lines[n++] = strdup(rest + 1);
	}
	assert_int_equal(pclose(p), 0);
	qsort(lines, n, sizeof(*lines), cmp_str);
	*ret_n = n;
	return lines;
}

static void dpkg_matches_dpkg_query(void **state)
{
	size_t f;

	for (f = 0; f < sizeof(status_files) / sizeof(status_files[0]); f++) {
		struct dsec_scan scan;
		char **expected, **got;
		size_t n_expected, i;

		dsec_scan_init(&scan, NULL);
		expected = dpkg_query_installed(status_files[f], &n_expected);
		assert_true(n_expected > 0);
		assert_int_equal(parse_fixture(&scan, status_files[f], false), n_expected);
		assert_int_equal(scan.n_packages, n_expected);

		got = calloc(scan.n_packages, sizeof(*got));
		for (i = 0; i < scan.n_packages; i++) {
			const struct dsec_package *p = &scan.packages[i];

			assert_true(asprintf(&got[i], "%s|%s|%s|%s|%s", p->name,
					     p->version, p->source_name,
					     p->source_version, p->arch) > 0);
		}
		qsort(got, scan.n_packages, sizeof(*got), cmp_str);
		for (i = 0; i < n_expected; i++) {
			if (strcmp(got[i], expected[i]))
				fail_msg("%s: got \"%s\", dpkg-query has \"%s\"",
					 status_files[f], got[i], expected[i]);
			free(got[i]);
			free(expected[i]);
		}
		free(got);
		free(expected);
		dsec_scan_free(&scan);
	}
}

static void dpkg_fixture_counts(void **state)
{
	static const struct {
		const char *file;
		int installed;
	} cases[] = {
		{ "pkgdb/dpkg/debian-10-nginx.status", 84 },
		{ "pkgdb/dpkg/debian-10-postgresql.status", 3 },
		{ "pkgdb/dpkg/debian-12-subset.status", 7 },
		{ "pkgdb/dpkg/debian-only.status", 1 },
		{ "pkgdb/dpkg/ubuntu-10.04.status", 140 },
		{ "pkgdb/dpkg/ubuntu-18.04.status", 90 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dsec_scan scan;

		dsec_scan_init(&scan, NULL);
		assert_int_equal(parse_fixture(&scan, cases[i].file, false),
				 cases[i].installed);
		assert_int_equal(scan.n_findings, 0);
		dsec_scan_free(&scan);
	}
}

static void dpkg_source_with_version(void **state)
{
	const struct dsec_package *p;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	parse_fixture(&scan, "pkgdb/dpkg/debian-10-postgresql.status", false);

	p = find_pkg(&scan, "postgresql-client", NULL);
	assert_non_null(p);
	assert_string_equal(p->version, "11+200+deb10u5");
	assert_string_equal(p->source_name, "postgresql-common");
	assert_string_equal(p->source_version, "200+deb10u5");

	p = find_pkg(&scan, "postgresql-client-11", NULL);
	assert_non_null(p);
	assert_string_equal(p->source_name, "postgresql-11");
	assert_string_equal(p->source_version, "11.22-0+deb10u2");
	dsec_scan_free(&scan);
}

static void dpkg_no_source_is_self(void **state)
{
	const struct dsec_package *p;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	parse_fixture(&scan, "pkgdb/dpkg/debian-12-subset.status", false);

	p = find_pkg(&scan, "acl", NULL);
	assert_non_null(p);
	assert_string_equal(p->source_name, "acl");
	assert_string_equal(p->source_version, "2.3.1-3");

	p = find_pkg(&scan, "libacl1", NULL);
	assert_non_null(p);
	assert_string_equal(p->source_name, "acl");
	assert_string_equal(p->source_version, "2.3.1-3");

	p = find_pkg(&scan, "util-linux-extra", NULL);
	assert_non_null(p);
	assert_string_equal(p->version, "2.38.1-5+b1");
	assert_string_equal(p->source_name, "util-linux");
	assert_string_equal(p->source_version, "2.38.1-5");
	dsec_scan_free(&scan);
}

static void dpkg_debian_purl_and_ecosystem(void **state)
{
	const struct dsec_package *p;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	set_os(&scan, "debian", "12");
	parse_fixture(&scan, "pkgdb/dpkg/debian-12-subset.status", false);

	p = find_pkg(&scan, "attr", NULL);
	assert_non_null(p);
	assert_string_equal(p->ecosystem, "Debian");
	assert_string_equal(p->version, "1:2.5.1-4");
	assert_string_equal(p->arch, "amd64");
	assert_string_equal(p->purl,
			    "pkg:deb/debian/attr@1%3A2.5.1-4?arch=amd64&distro=debian-12");
	assert_string_equal(p->location, "pkgdb/dpkg/debian-12-subset.status");
	assert_non_null(p->layer_digest);

	p = find_pkg(&scan, "admin-session", NULL);
	assert_non_null(p);
	assert_string_equal(p->version, "2023.06.26.c543406313-00");
	dsec_scan_free(&scan);
}

static void dpkg_ubuntu_ecosystem(void **state)
{
	const struct dsec_package *p;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	set_os(&scan, "ubuntu", "18.04");
	parse_fixture(&scan, "pkgdb/dpkg/ubuntu-18.04.status", false);

	p = find_pkg(&scan, "fdisk", NULL);
	assert_non_null(p);
	assert_string_equal(p->ecosystem, "Ubuntu");
	assert_string_equal(p->version, "2.31.1-0.4ubuntu3.1");
	assert_string_equal(p->source_name, "util-linux");
	assert_string_equal(p->purl,
			    "pkg:deb/ubuntu/fdisk@2.31.1-0.4ubuntu3.1?arch=amd64&distro=ubuntu-18.04");
	dsec_scan_free(&scan);
}

static void dpkg_deinstalled_skipped(void **state)
{
	struct dsec_scan scan;
	size_t i;

	dsec_scan_init(&scan, NULL);
	parse_fixture(&scan, "pkgdb/dpkg/ubuntu-18.04.status", false);
	for (i = 0; i < scan.n_packages; i++)
		assert_string_not_equal(scan.packages[i].name, "");
	/* The one stanza with "deinstall ok config-files". */
	assert_int_equal(scan.n_packages, 90);
	dsec_scan_free(&scan);
}

static void dpkg_status_d_without_status(void **state)
{
	const struct dsec_package *p;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(parse_fixture(&scan,
		"pkgdb/dpkg/distroless-status.d/syft-distroless-deb/libsqlite3-0", true), 1);
	p = find_pkg(&scan, "libsqlite3-0", "3.34.1-3");
	assert_non_null(p);
	assert_string_equal(p->arch, "arm64");
	assert_string_equal(p->source_name, "sqlite3");
	assert_string_equal(p->source_version, "3.34.1-3");

	assert_int_equal(parse_fixture(&scan,
		"pkgdb/dpkg/distroless-status.d/syft-pkg-coverage/dash", true), 1);
	assert_non_null(find_pkg(&scan, "dash", "0.5.8-2.4"));
	assert_int_equal(parse_fixture(&scan,
		"pkgdb/dpkg/distroless-status.d/syft-pkg-coverage/netbase", true), 1);
	p = find_pkg(&scan, "netbase", "5.4");
	assert_non_null(p);
	assert_string_equal(p->arch, "all");
	dsec_scan_free(&scan);
}

static void dpkg_status_without_status_field(void **state)
{
	static const char data[] = "Package: foo\nVersion: 1.0\n";
	struct dsec_scan scan;

	/* In the main status file dpkg always writes Status:; none means not installed. */
	dsec_scan_init(&scan, NULL);
	assert_int_equal(dsec_dpkg_parse(&scan, data, strlen(data),
					 origin_of("/var/lib/dpkg/status"), false), 0);
	assert_int_equal(dsec_dpkg_parse(&scan, data, strlen(data),
					 origin_of("/var/lib/dpkg/status.d/foo"), true), 1);
	dsec_scan_free(&scan);
}

static void dpkg_status_d_deinstall(void **state)
{
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(parse_fixture(&scan,
		"pkgdb/dpkg/distroless-status.d/scalibr/foo", true), 1);
	assert_non_null(find_pkg(&scan, "foo", "1.2.3"));
	assert_null(find_pkg(&scan, "bar", NULL));
	assert_int_equal(scan.n_findings, 0);
	dsec_scan_free(&scan);
}

static void dpkg_malformed_reported(void **state)
{
	const struct dsec_finding *f;
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(parse_fixture(&scan,
		"pkgdb/dpkg/distroless-status.d/syft-testdata/multiple", true), 2);
	assert_non_null(find_pkg(&scan, "tzdata", "2020a-0+deb10u1"));
	assert_string_equal(find_pkg(&scan, "tzdata", NULL)->source_name, "tzdata-dev");
	assert_non_null(find_pkg(&scan, "util-linux", "2.33.1-0.1"));
	assert_null(find_pkg(&scan, "no-version", NULL));

	f = find_finding(&scan, "DSEC-PKG-SKIPPED");
	assert_non_null(f);
	assert_int_equal(f->class, DSEC_FINDING_UNSUPPORTED);
	assert_non_null(strstr(f->title, "2 dpkg stanzas"));
	assert_non_null(f->path);
	dsec_scan_free(&scan);
}

static void dpkg_hostile_input(void **state)
{
	static const char crlf[] = "Package: a\r\nStatus: install ok installed\r\nVersion: 1\r\n\r\n";
	static const char no_nl[] = "Package: b\nStatus: install ok installed\nVersion: 2";
	static const char junk[] = "\n\n:::\n \n\tcontinued\nPackage\n";
	static const char bad_src[] = "Package: c\nStatus: install ok installed\n"
				      "Version: 3\nSource: (\n";
	struct dsec_scan scan;
	static char big[3 * DSEC_PKG_MAX_FIELD + 64];
	size_t big_len = 3 * DSEC_PKG_MAX_FIELD;

	dsec_scan_init(&scan, NULL);
	assert_int_equal(dsec_dpkg_parse(&scan, crlf, strlen(crlf), origin_of("x"), false), 1);
	assert_non_null(find_pkg(&scan, "a", "1"));
	assert_int_equal(dsec_dpkg_parse(&scan, no_nl, strlen(no_nl), origin_of("x"), false), 1);
	assert_non_null(find_pkg(&scan, "b", "2"));
	assert_int_equal(dsec_dpkg_parse(&scan, junk, strlen(junk), origin_of("x"), false), 0);
	assert_int_equal(dsec_dpkg_parse(&scan, "", 0, origin_of("x"), false), 0);
	assert_int_equal(dsec_dpkg_parse(&scan, bad_src, strlen(bad_src), origin_of("x"), false), 1);
	assert_string_equal(find_pkg(&scan, "c", "3")->source_name, "c");

	/* A name longer than the field limit is malformed, not truncated. */
	strcpy(big, "Package: ");
	memset(big + 9, 'x', big_len);
	strcpy(big + 9 + big_len, "\nVersion: 1\n");
	assert_int_equal(dsec_dpkg_parse(&scan, big, strlen(big), origin_of("x"), true), 0);
	assert_non_null(find_finding(&scan, "DSEC-PKG-SKIPPED"));
	dsec_scan_free(&scan);
}

static struct dsec_file make_file(const char *path, const char *data, size_t len)
{
	struct dsec_file file = {
		.path = path,
		.mode = S_IFREG | 0644,
		.size = (int64_t)len,
		.data = (const unsigned char *)data,
		.data_len = len,
	};

	return file;
}

static void dpkg_analyzer_wants(void **state)
{
	static const struct dsec_analyzer *const list[] = { &dsec_analyzer_dpkg };
	const struct dsec_analyzer *a = &dsec_analyzer_dpkg;
	struct dsec_scan scan;
	struct dsec_file f;

	scan_with(&scan, list, 1);
	f = make_file("/var/lib/dpkg/status", NULL, 0);
	assert_true(a->wants(&scan, &f) > 0);
	f.path = "/var/lib/dpkg/status.d/libc6";
	assert_true(a->wants(&scan, &f) > 0);
	f.path = "/var/lib/dpkg/status.d/libc6.md5sums";
	assert_true(a->wants(&scan, &f) < 0);
	f.path = "/var/lib/dpkg/status-old";
	assert_true(a->wants(&scan, &f) < 0);
	f.path = "/var/lib/dpkg/status.d/sub/x";
	assert_true(a->wants(&scan, &f) < 0);
	f.path = "/var/lib/dpkg/status";
	f.mode = S_IFDIR | 0755;
	assert_true(a->wants(&scan, &f) < 0);
	dsec_scan_free(&scan);
}

/* os-release read after the status file still decides the ecosystem. */
static void dpkg_analyzer_os_release_later(void **state)
{
	static const struct dsec_analyzer *const list[] = {
		&dsec_analyzer_os_release, &dsec_analyzer_dpkg,
	};
	static const char os[] = "NAME=\"Ubuntu\"\nID=ubuntu\nVERSION_ID=\"18.04\"\n";
	const struct dsec_package *p;
	struct dsec_scan scan;
	struct dsec_file f;
	size_t len;
	char *data = read_fixture("pkgdb/dpkg/ubuntu-18.04.status", &len);

	scan_with(&scan, list, 2);
	f = make_file("/var/lib/dpkg/status", data, len);
	assert_int_equal(dsec_analyzer_dpkg.analyze(&scan, &f), 0);
	free(data);
	f = make_file("/usr/lib/os-release", os, strlen(os));
	assert_true(dsec_analyzer_os_release.wants(&scan, &f) > 0);
	assert_int_equal(dsec_analyzer_os_release.analyze(&scan, &f), 0);
	assert_int_equal(scan.n_packages, 0);

	assert_int_equal(dsec_analyzer_dpkg.finish(&scan), 0);
	assert_int_equal(scan.n_packages, 90);
	p = find_pkg(&scan, "libcom-err2", NULL);
	assert_non_null(p);
	assert_string_equal(p->ecosystem, "Ubuntu");
	assert_string_equal(p->location, "/var/lib/dpkg/status");
	dsec_scan_free(&scan);
}

static void dpkg_analyzer_truncated_reported(void **state)
{
	static const struct dsec_analyzer *const list[] = { &dsec_analyzer_dpkg };
	static const char data[] = "Package: a\nStatus: install ok installed\nVer";
	const struct dsec_finding *fnd;
	struct dsec_scan scan;
	struct dsec_file f;

	scan_with(&scan, list, 1);
	f = make_file("/var/lib/dpkg/status", data, strlen(data));
	f.size = 1 << 30;
	f.data_truncated = true;
	assert_int_equal(dsec_analyzer_dpkg.analyze(&scan, &f), 0);
	assert_int_equal(dsec_analyzer_dpkg.finish(&scan), 0);
	assert_int_equal(scan.n_packages, 0);
	fnd = find_finding(&scan, "DSEC-PKG-TOO-LARGE");
	assert_non_null(fnd);
	assert_string_equal(fnd->path, "/var/lib/dpkg/status");
	dsec_scan_free(&scan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dpkg_matches_dpkg_query),
		cmocka_unit_test(dpkg_fixture_counts),
		cmocka_unit_test(dpkg_source_with_version),
		cmocka_unit_test(dpkg_no_source_is_self),
		cmocka_unit_test(dpkg_debian_purl_and_ecosystem),
		cmocka_unit_test(dpkg_ubuntu_ecosystem),
		cmocka_unit_test(dpkg_deinstalled_skipped),
		cmocka_unit_test(dpkg_status_d_without_status),
		cmocka_unit_test(dpkg_status_without_status_field),
		cmocka_unit_test(dpkg_status_d_deinstall),
		cmocka_unit_test(dpkg_malformed_reported),
		cmocka_unit_test(dpkg_hostile_input),
		cmocka_unit_test(dpkg_analyzer_wants),
		cmocka_unit_test(dpkg_analyzer_os_release_later),
		cmocka_unit_test(dpkg_analyzer_truncated_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
