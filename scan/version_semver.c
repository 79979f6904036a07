// SPDX-License-Identifier: GPL-2.0
/*
 * Semantic Versioning 2.0 order (semver.org, section 11), as npm, Go and
 * OSV SEMVER ranges use it: MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] with
 * an optional leading "v" or "=". A release sorts after its pre-releases;
 * pre-release identifiers compare numerically when both are digits, a
 * numeric identifier sorts before an alphanumeric one, and a shorter list
 * sorts first when all shared identifiers are equal. Build metadata is
 * ignored.
 *
 * Accepted beyond the strict grammar, because real advisories contain
 * them: missing MINOR or PATCH (taken as 0), leading zeros, and extra
 * numeric components after PATCH, which are ignored like build metadata.
 * Anything else (a non-numeric core, an empty identifier, characters
 * outside [0-9A-Za-z-]) is -EINVAL.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "scan/version.h"

struct semver {
	const char *core[3];
	size_t core_len[3];
	const char *pre;	/* NULL when there is no pre-release */
	size_t pre_len;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ident_char(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '-';
}

/* Check a dot-separated identifier list: no empty identifiers. */
static bool valid_identifiers(const char *p, size_t len)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		if (p[i] == '.') {
			if (!run)
				return false;
			run = 0;
		} else if (is_ident_char(p[i])) {
			run++;
		} else {
			return false;
		}
	}
	return run > 0;
}

static int parse_semver(const char *s, struct semver *ret)
{
	size_t len = strnlen(s, DSEC_VERSION_MAX_LEN + 1), i = 0, part;
	const char *plus;

	if (len > DSEC_VERSION_MAX_LEN)
		return -EINVAL;
	if (i < len && (s[i] == 'v' || s[i] == 'V' || s[i] == '='))
		i++;

	for (part = 0; part < 3; part++) {
		ret->core[part] = "0";
		ret->core_len[part] = 1;
	}
	for (part = 0;; part++) {
		size_t start = i;

		while (i < len && is_digit(s[i]))
			i++;
		if (i == start)
			return -EINVAL;
		if (part < 3) {
			ret->core[part] = s + start;
			ret->core_len[part] = i - start;
		}
		if (i < len && s[i] == '.') {
			i++;
			continue;
		}
		break;
	}

	ret->pre = NULL;
	ret->pre_len = 0;
	plus = memchr(s + i, '+', len - i);
	if (i < len && s[i] == '-') {
		const char *pre = s + i + 1;
		size_t pre_len = (plus ? (size_t)(plus - pre) : len - i - 1);

		if (!valid_identifiers(pre, pre_len))
			return -EINVAL;
		ret->pre = pre;
		ret->pre_len = pre_len;
		i += 1 + pre_len;
	}
	if (i < len && s[i] == '+') {
		if (!valid_identifiers(s + i + 1, len - i - 1))
			return -EINVAL;
		i = len;
	}
	return i == len ? 0 : -EINVAL;
}

static bool all_digits(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_digit(p[i]))
			return false;
	return true;
}

static int cmp_prerelease(const char *a, size_t alen, const char *b, size_t blen)
{
	while (alen && blen) {
		const char *adot = memchr(a, '.', alen), *bdot = memchr(b, '.', blen);
		size_t ai = adot ? (size_t)(adot - a) : alen;
		size_t bi = bdot ? (size_t)(bdot - b) : blen;
		bool anum = all_digits(a, ai), bnum = all_digits(b, bi);
		int r;

		if (anum && bnum) {
			r = dsec_version_cmp_digits(a, ai, b, bi);
		} else if (anum != bnum) {
			r = anum ? -1 : 1;
		} else {
			r = memcmp(a, b, ai < bi ? ai : bi);
			if (!r)
				r = (ai > bi) - (ai < bi);
		}
		if (r)
			return r < 0 ? -1 : 1;

		a += ai;
		alen -= ai;
		b += bi;
		blen -= bi;
		if (alen) {
			a++;
			alen--;
		}
		if (blen) {
			b++;
			blen--;
		}
		if (!alen || !blen)
			break;
	}
	return (alen > 0) - (blen > 0);
}

int dsec_version_cmp_semver(const char *a, const char *b, int *ret_cmp)
{
	struct semver va, vb;
	int i, r = 0;

	if (!a || !b || parse_semver(a, &va) < 0 || parse_semver(b, &vb) < 0)
		return -EINVAL;

	for (i = 0; i < 3 && !r; i++)
		r = dsec_version_cmp_digits(va.core[i], va.core_len[i],
					    vb.core[i], vb.core_len[i]);
	if (!r) {
		if (va.pre && vb.pre)
			r = cmp_prerelease(va.pre, va.pre_len, vb.pre, vb.pre_len);
		else if (va.pre || vb.pre)
			r = va.pre ? -1 : 1;
	}
	*ret_cmp = r;
	return 0;
}
