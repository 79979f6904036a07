// SPDX-License-Identifier: GPL-2.0
/*
 * Version comparators: the fixture ordering vectors (lines "A < B",
 * "A = B", "A > B" from OSV-SCALIBR and go-apk-version), hand-picked
 * edge cases, and a differential test of the dpkg comparator against
 * the real `dpkg --compare-versions` on generated pairs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "scan/version.h"

#define FIXTURES "../shared/fixtures/versions/"

extern char **environ;

struct vector_result {
	int lines;
	int failed;
	int invalid;		/* lines where a side did not parse */
};

/*
 * Run every vector of @path through @scheme. Lines that fail are printed
 * so a failure names the pair.
 */
static struct vector_result run_vectors_opt(const char *path,
					    enum dsec_version_scheme scheme,
					    bool only_valid_apk)
{
	struct vector_result res = { 0, 0, 0 };
	char line[4096];
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char a[2048], op[8], b[2048];
		char *hash;
		int cmp, want, r;

		if (!strncmp(line, "//", 2))
			continue;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		if (sscanf(line, "%2047s %7s %2047s", a, op, b) != 3)
			continue;
		if (!strcmp(op, "<"))
			want = -1;
		else if (!strcmp(op, "="))
			want = 0;
		else if (!strcmp(op, ">"))
			want = 1;
		else
			continue;

		res.lines++;
		if (only_valid_apk &&
		    (!dsec_version_apk_valid(a) || !dsec_version_apk_valid(b))) {
			res.invalid++;
			continue;
		}
		r = dsec_version_cmp(scheme, a, b, &cmp);
		if (r == -EINVAL) {
			res.invalid++;
			continue;
		}
		if (r < 0 || cmp != want) {
			res.failed++;
			fprintf(stderr, "%s: %s %s %s: got %d (r=%d)\n", path, a, op,
				b, r < 0 ? 99 : cmp, r);
		}
	}
	fclose(f);
	return res;
}

static struct vector_result run_vectors(const char *path,
					enum dsec_version_scheme scheme)
{
	return run_vectors_opt(path, scheme, false);
}

static void dpkg_fixture_vectors(void **state)
{
	struct vector_result r;

	r = run_vectors(FIXTURES "scalibr-debian-versions.txt", DSEC_VERSION_DPKG);
	assert_true(r.lines >= 30);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.invalid, 0);

	r = run_vectors(FIXTURES "scalibr-debian-versions-generated.txt",
			DSEC_VERSION_DPKG);
	assert_true(r.lines > 14000);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.invalid, 0);
}

static void apk_fixture_vectors(void **state)
{
	struct vector_result r;

	r = run_vectors(FIXTURES "go-apk-version.version.data", DSEC_VERSION_APK);
	assert_true(r.lines > 700);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.invalid, 0);

	/*
	 * Many of these curated vectors order strings that apk itself
	 * rejects ("0..1..0", "1-r"), in the curator's own way; only the
	 * pairs of valid versions describe apk.
	 */
	r = run_vectors_opt(FIXTURES "scalibr-alpine-versions.txt",
			    DSEC_VERSION_APK, true);
	assert_true(r.lines - r.invalid > 400);
	assert_int_equal(r.failed, 0);

	r = run_vectors(FIXTURES "scalibr-alpine-versions-generated.txt",
			DSEC_VERSION_APK);
	assert_true(r.lines > 13000);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.invalid, 0);
}

static void rpm_fixture_vectors(void **state)
{
	struct vector_result r;

	r = run_vectors(FIXTURES "scalibr-redhat-versions.txt", DSEC_VERSION_RPM);
	assert_true(r.lines > 150);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.invalid, 0);
}

static void semver_fixture_vectors(void **state)
{
	struct vector_result r;

	r = run_vectors(FIXTURES "scalibr-semver-versions.txt", DSEC_VERSION_SEMVER);
	assert_true(r.lines > 80);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.invalid, 0);
}

static void pep440_fixture_vectors(void **state)
{
	struct vector_result r;

	r = run_vectors(FIXTURES "scalibr-pypi-versions.txt", DSEC_VERSION_PEP440);
	assert_int_equal(r.lines, 37);
	assert_int_equal(r.failed, 0);
	/*
	 * The file ends with 11 "legacy" versions ("0.1-bulbasaur",
	 * "-class.-jw.util..."), which PEP 440 does not allow.
	 */
	assert_int_equal(r.invalid, 11);
}

static void maven_fixture_vectors(void **state)
{
	struct vector_result r;

	r = run_vectors(FIXTURES "scalibr-maven-versions.txt", DSEC_VERSION_MAVEN);
	assert_true(r.lines > 100);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.invalid, 0);
}

static int cmp_or_error(enum dsec_version_scheme scheme, const char *a,
			const char *b)
{
	int cmp = 42, r = dsec_version_cmp(scheme, a, b, &cmp);

	return r < 0 ? r : cmp;
}

static void invalid_versions_rejected(void **state)
{
	assert_int_equal(cmp_or_error(DSEC_VERSION_DPKG, "", "1"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_DPKG, "1 2", "1"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_DPKG, "a:1", "1"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_DPKG, "-1:1", "1"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_DPKG, "1:", "1"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_DPKG, "1-", "1"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_DPKG, "-1", "1"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_DPKG, "99999999999:1", "1"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_SEMVER, "a.b.c", "1.0.0"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_SEMVER, "1.0.0-", "1.0.0"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_SEMVER, "1.0.0-a..b", "1.0.0"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_SEMVER, "1.0.0 ", "1.0.0"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_PEP440, "1.0+", "1.0"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_PEP440, "foo", "1.0"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_PEP440, "1.0-bar", "1.0"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_RPM, "", "1"), -EINVAL);
	assert_int_equal(cmp_or_error(DSEC_VERSION_UNKNOWN, "1", "1"), -EOPNOTSUPP);
}

static void edge_cases_ordered(void **state)
{
	/* dpkg: tilde before the end, warnings still compare. */
	assert_int_equal(cmp_or_error(DSEC_VERSION_DPKG, "1.0~rc1", "1.0"), -1);
	assert_int_equal(cmp_or_error(DSEC_VERSION_DPKG, "1:1.0", "2.0"), 1);
	assert_int_equal(cmp_or_error(DSEC_VERSION_DPKG, "a1.0", "a1.0"), 0);
	assert_int_equal(cmp_or_error(DSEC_VERSION_DPKG, "5.6.1+really5.4.5-1",
				      "5.6.0-0.2"), 1);
	/* npm: a pre-release sorts before its release. */
	assert_int_equal(cmp_or_error(DSEC_VERSION_SEMVER, "4.17.21-rc.1", "4.17.21"), -1);
	assert_int_equal(cmp_or_error(DSEC_VERSION_SEMVER, "4.17.20", "4.17.21"), -1);
	/* PEP 440. */
	assert_int_equal(cmp_or_error(DSEC_VERSION_PEP440, "1.0.dev1", "1.0a1"), -1);
	assert_int_equal(cmp_or_error(DSEC_VERSION_PEP440, "1.0.post1", "1.0"), 1);
	assert_int_equal(cmp_or_error(DSEC_VERSION_PEP440, "1!0.1", "2.0"), 1);
	assert_int_equal(cmp_or_error(DSEC_VERSION_PEP440, "1.0", "1.0.0.0"), 0);
	assert_int_equal(cmp_or_error(DSEC_VERSION_PEP440, "1.0RC1", "1.0rc1"), 0);
	/* Maven: qualifier order. */
	assert_int_equal(cmp_or_error(DSEC_VERSION_MAVEN, "2.0-alpha1", "2.0-beta9"), -1);
	assert_int_equal(cmp_or_error(DSEC_VERSION_MAVEN, "2.15.0", "2.16.0"), -1);
	assert_int_equal(cmp_or_error(DSEC_VERSION_MAVEN, "1.0-sp1", "1.0"), 1);
	/* apk: pre-release suffix, revision. */
	assert_int_equal(cmp_or_error(DSEC_VERSION_APK, "1.2.3_rc1", "1.2.3"), -1);
	assert_int_equal(cmp_or_error(DSEC_VERSION_APK, "1.2.3-r1", "1.2.3-r10"), -1);
	assert_true(dsec_version_apk_valid("1.2.4_git20230717-r5"));
	assert_false(dsec_version_apk_valid("1.0bc"));
	/* Long digit runs compare by value, not by overflowing. */
	assert_int_equal(cmp_or_error(DSEC_VERSION_DPKG, "123456789012345678901234567890",
				      "123456789012345678901234567891"), -1);
}

static void scheme_mapped_from_ecosystem(void **state)
{
	assert_int_equal(dsec_version_scheme_of("Debian:12"), DSEC_VERSION_DPKG);
	assert_int_equal(dsec_version_scheme_of("Ubuntu:22.04:LTS"), DSEC_VERSION_DPKG);
	assert_int_equal(dsec_version_scheme_of("Alpine:v3.18"), DSEC_VERSION_APK);
	assert_int_equal(dsec_version_scheme_of("npm"), DSEC_VERSION_SEMVER);
	assert_int_equal(dsec_version_scheme_of("PyPI"), DSEC_VERSION_PEP440);
	assert_int_equal(dsec_version_scheme_of("Maven"), DSEC_VERSION_MAVEN);
	assert_int_equal(dsec_version_scheme_of("Red Hat:enterprise_linux:9"),
			 DSEC_VERSION_RPM);
	assert_int_equal(dsec_version_scheme_of("Debianish"), DSEC_VERSION_UNKNOWN);
	assert_int_equal(dsec_version_scheme_of(NULL), DSEC_VERSION_UNKNOWN);
}

/* xorshift64: a fixed seed makes every run test the same pairs. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned int rnd(unsigned int n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned int)(rng_state % n);
}

static void random_part(char *out, size_t *pos, const char *alphabet, int max)
{
	int n = 1 + rnd(max), i;

	for (i = 0; i < n; i++)
		out[(*pos)++] = alphabet[rnd(strlen(alphabet))];
}

/*
 * Generate a Debian-like version: mostly valid, sometimes with an odd
 * epoch, a trailing hyphen or characters dpkg only warns about.
 */
static void random_version(char *out)
{
	static const char *const upstream_chars[] = {
		"0123456789", "0123456789.", "0123456789.~+", "0123456789abzAZ.~+-",
		"01.a~+:-", "0~",
	};
	static const char revision_chars[] = "0123456789.+~abuntdeb";
	size_t pos = 0;

	if (rnd(5) == 0) {
		random_part(out, &pos, rnd(10) ? "0123456789" : "0a+", 2);
		out[pos++] = ':';
	}
	if (rnd(20) == 0)
		out[pos++] = "a~.+"[rnd(4)];
	random_part(out, &pos, "0123456789", 2);
	random_part(out, &pos, upstream_chars[rnd(6)], 6);
	if (rnd(3)) {
		out[pos++] = '-';
		if (rnd(30))
			random_part(out, &pos, revision_chars, 6);
	}
	out[pos] = '\0';
}

/* Run `dpkg --compare-versions A OP B`; return its exit status. */
static int dpkg_relation(const char *a, const char *op, const char *b)
{
	char *argv[] = { "dpkg", "--compare-versions", (char *)a, (char *)op,
			 (char *)b, NULL };
	posix_spawn_file_actions_t fa;
	int status;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 0, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 0, 0);
	assert_int_equal(posix_spawnp(&pid, "dpkg", &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void dpkg_matches_real_dpkg(void **state)
{
	int pairs = 3000, mismatches = 0, errors = 0, i;

	for (i = 0; i < pairs; i++) {
		char a[64], b[64];
		int lt, eq = 1, want, got, r;

		random_version(a);
		/* Every third pair shares a prefix, so deep parts get compared. */
		if (i % 3 == 0) {
			strcpy(b, a);
			random_version(b + strlen(a) / 2);
		} else {
			random_version(b);
		}

		lt = dpkg_relation(a, "lt", b);
		if (lt == 1)
			eq = dpkg_relation(a, "eq", b);
		r = dsec_version_cmp_dpkg(a, b, &got);

		if (lt == 2 || eq == 2) {
			errors++;
			if (r != -EINVAL) {
				mismatches++;
				fprintf(stderr, "dpkg rejects '%s' '%s', dsec does not\n", a, b);
			}
			continue;
		}
		want = lt == 0 ? -1 : (eq == 0 ? 0 : 1);
		if (r < 0 || got != want) {
			mismatches++;
			fprintf(stderr, "'%s' vs '%s': dpkg %d, dsec %d (r=%d)\n", a, b,
				want, r < 0 ? 99 : got, r);
		}
	}
	assert_int_equal(mismatches, 0);
	/* The generator must exercise dpkg's error paths too. */
	assert_true(errors > 30);
	assert_true(errors < pairs / 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dpkg_fixture_vectors),
		cmocka_unit_test(apk_fixture_vectors),
		cmocka_unit_test(rpm_fixture_vectors),
		cmocka_unit_test(semver_fixture_vectors),
		cmocka_unit_test(pep440_fixture_vectors),
		cmocka_unit_test(maven_fixture_vectors),
		cmocka_unit_test(invalid_versions_rejected),
		cmocka_unit_test(edge_cases_ordered),
		cmocka_unit_test(scheme_mapped_from_ecosystem),
		cmocka_unit_test(dpkg_matches_real_dpkg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
