/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Version ordering, one comparator per package ecosystem.
 *
 * Every comparator stores <0, 0 or >0 in *ret_cmp, as a sorts before, the
 * same as or after b, and returns 0, or -EINVAL when either string is not
 * a valid version of that ecosystem (then *ret_cmp is left untouched).
 * Comparators never allocate more than a small bounded amount and accept
 * any byte string, so they are safe on hostile input.
 */
#ifndef DSEC_SCAN_VERSION_H
#define DSEC_SCAN_VERSION_H

#include <stdbool.h>
#include <stddef.h>

/* Longest version string any comparator accepts, in bytes. */
#define DSEC_VERSION_MAX_LEN	1024

enum dsec_version_scheme {
	DSEC_VERSION_UNKNOWN,
	DSEC_VERSION_DPKG,	/* Debian, Ubuntu */
	DSEC_VERSION_APK,	/* Alpine, Wolfi, Chainguard */
	DSEC_VERSION_RPM,	/* Red Hat, Rocky Linux, AlmaLinux, SUSE ... */
	DSEC_VERSION_SEMVER,	/* npm, Go, crates.io and OSV SEMVER ranges */
	DSEC_VERSION_PEP440,	/* PyPI */
	DSEC_VERSION_MAVEN,	/* Maven */
};

/* dpkg --compare-versions; the hard syntax errors of dpkg are -EINVAL. */
int dsec_version_cmp_dpkg(const char *a, const char *b, int *ret_cmp);
/* apk-tools version order; apk compares every string, so no errors. */
int dsec_version_cmp_apk(const char *a, const char *b, int *ret_cmp);
/* True when apk-tools would accept @v as a package version. */
bool dsec_version_apk_valid(const char *v);
/* rpm [epoch:]version[-release], each part ordered by rpmvercmp(). */
int dsec_version_cmp_rpm(const char *a, const char *b, int *ret_cmp);
/* Semantic Versioning 2.0 with an optional "v" prefix. */
int dsec_version_cmp_semver(const char *a, const char *b, int *ret_cmp);
/* PEP 440: epochs, pre-, post- and dev-releases, local versions. */
int dsec_version_cmp_pep440(const char *a, const char *b, int *ret_cmp);
/* Maven ComparableVersion; every string is a Maven version. */
int dsec_version_cmp_maven(const char *a, const char *b, int *ret_cmp);

/*
 * Map an OSV ecosystem ("Debian:12", "npm", "Alpine:v3.18") to its
 * version scheme; DSEC_VERSION_UNKNOWN when dsec has no comparator.
 */
enum dsec_version_scheme dsec_version_scheme_of(const char *ecosystem);
int dsec_version_cmp(enum dsec_version_scheme scheme, const char *a,
		     const char *b, int *ret_cmp);
const char *dsec_version_scheme_name(enum dsec_version_scheme scheme);

/* Internal helper shared by the comparators: order two digit runs. */
int dsec_version_cmp_digits(const char *a, size_t alen, const char *b,
			    size_t blen);

#endif /* DSEC_SCAN_VERSION_H */
