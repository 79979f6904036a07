// SPDX-License-Identifier: GPL-2.0
/*
 * Version scheme dispatch: which comparator orders the versions of an
 * OSV ecosystem.
 */
#include <errno.h>
#include <string.h>

#include "scan/version.h"

static const struct {
	const char *ecosystem;	/* OSV ecosystem name, before any ':' */
	enum dsec_version_scheme scheme;
} ecosystem_schemes[] = {
	{ "Debian", DSEC_VERSION_DPKG },
	{ "Ubuntu", DSEC_VERSION_DPKG },
	{ "Alpine", DSEC_VERSION_APK },
	{ "Wolfi", DSEC_VERSION_APK },
	{ "Chainguard", DSEC_VERSION_APK },
	{ "Red Hat", DSEC_VERSION_RPM },
	{ "Rocky Linux", DSEC_VERSION_RPM },
	{ "AlmaLinux", DSEC_VERSION_RPM },
	{ "SUSE", DSEC_VERSION_RPM },
	{ "openSUSE", DSEC_VERSION_RPM },
	{ "Mageia", DSEC_VERSION_RPM },
	{ "openEuler", DSEC_VERSION_RPM },
	{ "npm", DSEC_VERSION_SEMVER },
	{ "Go", DSEC_VERSION_SEMVER },
	{ "crates.io", DSEC_VERSION_SEMVER },
	{ "PyPI", DSEC_VERSION_PEP440 },
	{ "Maven", DSEC_VERSION_MAVEN },
};

enum dsec_version_scheme dsec_version_scheme_of(const char *ecosystem)
{
	size_t len, i;

	if (!ecosystem)
		return DSEC_VERSION_UNKNOWN;
	len = strcspn(ecosystem, ":");
	for (i = 0; i < sizeof(ecosystem_schemes) / sizeof(ecosystem_schemes[0]); i++) {
		const char *name = ecosystem_schemes[i].ecosystem;

		if (strlen(name) == len && !strncmp(name, ecosystem, len))
			return ecosystem_schemes[i].scheme;
	}
	return DSEC_VERSION_UNKNOWN;
}

const char *dsec_version_scheme_name(enum dsec_version_scheme scheme)
{
	switch (scheme) {
	case DSEC_VERSION_DPKG:
		return "dpkg";
	case DSEC_VERSION_APK:
		return "apk";
	case DSEC_VERSION_RPM:
		return "rpm";
	case DSEC_VERSION_SEMVER:
		return "semver";
	case DSEC_VERSION_PEP440:
		return "pep440";
	case DSEC_VERSION_MAVEN:
		return "maven";
	case DSEC_VERSION_UNKNOWN:
		break;
	}
	return "unknown";
}

int dsec_version_cmp(enum dsec_version_scheme scheme, const char *a,
		     const char *b, int *ret_cmp)
{
	switch (scheme) {
	case DSEC_VERSION_DPKG:
		return dsec_version_cmp_dpkg(a, b, ret_cmp);
	case DSEC_VERSION_APK:
		return dsec_version_cmp_apk(a, b, ret_cmp);
	case DSEC_VERSION_RPM:
		return dsec_version_cmp_rpm(a, b, ret_cmp);
	case DSEC_VERSION_SEMVER:
		return dsec_version_cmp_semver(a, b, ret_cmp);
	case DSEC_VERSION_PEP440:
		return dsec_version_cmp_pep440(a, b, ret_cmp);
	case DSEC_VERSION_MAVEN:
		return dsec_version_cmp_maven(a, b, ret_cmp);
	case DSEC_VERSION_UNKNOWN:
		break;
	}
	return -EOPNOTSUPP;
}

/*
 * Order two runs of ASCII digits by numeric value without converting
 * them, so runs longer than any integer type still compare correctly.
 */
int dsec_version_cmp_digits(const char *a, size_t alen, const char *b,
			    size_t blen)
{
	int r;

	while (alen && *a == '0') {
		a++;
		alen--;
	}
	while (blen && *b == '0') {
		b++;
		blen--;
	}
	if (alen != blen)
		return alen < blen ? -1 : 1;
	r = memcmp(a, b, alen);
	return (r > 0) - (r < 0);
}
