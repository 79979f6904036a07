// SPDX-License-Identifier: GPL-2.0
/*
 * RPM version order: [epoch:]version[-release], each part compared by
 * rpmvercmp() rules (rpm 4.15 and later): the strings are split into
 * runs of ASCII digits and runs of ASCII letters, everything else only
 * separates; '~' sorts before everything, even the end of the string,
 * and '^' sorts after the end but before any other run. A digit run is
 * newer than a letter run.
 *
 * The epoch is whatever precedes the first ':' and is compared with the
 * same rules (a missing epoch is "0"). The release follows the last '-';
 * a version without a release sorts before the same version with one.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "scan/version.h"

struct span {
	const char *p;
	size_t len;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
	return is_digit(c) || is_alpha(c);
}

static int rpmvercmp(struct span a, struct span b)
{
	const char *one = a.p, *two = b.p;
	const char *end1 = a.p + a.len, *end2 = b.p + b.len;

	if (a.len == b.len && !memcmp(a.p, b.p, a.len))
		return 0;

	while (one < end1 || two < end2) {
		const char *s1, *s2;
		bool numeric;
		int r;

		while (one < end1 && !is_alnum(*one) && *one != '~' && *one != '^')
			one++;
		while (two < end2 && !is_alnum(*two) && *two != '~' && *two != '^')
			two++;

		if ((one < end1 && *one == '~') || (two < end2 && *two == '~')) {
			if (one == end1 || *one != '~')
				return 1;
			if (two == end2 || *two != '~')
				return -1;
			one++;
			two++;
			continue;
		}

		if ((one < end1 && *one == '^') || (two < end2 && *two == '^')) {
			if (one == end1)
				return -1;
			if (two == end2)
				return 1;
			if (*one != '^')
				return 1;
			if (*two != '^')
				return -1;
			one++;
			two++;
			continue;
		}

		if (one == end1 || two == end2)
			break;

		s1 = one;
		s2 = two;
		numeric = is_digit(*s1);
		if (numeric) {
			while (s1 < end1 && is_digit(*s1))
				s1++;
			while (s2 < end2 && is_digit(*s2))
				s2++;
		} else {
			while (s1 < end1 && is_alpha(*s1))
				s1++;
			while (s2 < end2 && is_alpha(*s2))
				s2++;
		}

		/* A digit run is newer than a letter run. */
		if (s2 == two)
			return numeric ? 1 : -1;

		if (numeric) {
			r = dsec_version_cmp_digits(one, s1 - one, two, s2 - two);
		} else {
			size_t l1 = s1 - one, l2 = s2 - two;

			r = memcmp(one, two, l1 < l2 ? l1 : l2);
			if (!r)
				r = (l1 > l2) - (l1 < l2);
		}
		if (r)
			return r < 0 ? -1 : 1;
		one = s1;
		two = s2;
	}

	if (one == end1 && two == end2)
		return 0;
	return one == end1 ? -1 : 1;
}

struct evr {
	struct span epoch, version, release;
	bool has_release;
};

static void split_evr(const char *s, size_t len, struct evr *ret)
{
	const char *colon = memchr(s, ':', len);
	const char *end = s + len, *p;

	if (colon) {
		ret->epoch = (struct span){ s, colon - s };
		s = colon + 1;
	} else {
		ret->epoch = (struct span){ "0", 1 };
	}
	ret->has_release = false;
	for (p = end; p > s; p--) {
		if (p[-1] == '-') {
			ret->has_release = true;
			break;
		}
	}
	if (ret->has_release) {
		ret->version = (struct span){ s, p - 1 - s };
		ret->release = (struct span){ p, end - p };
	} else {
		ret->version = (struct span){ s, end - s };
		ret->release = (struct span){ "", 0 };
	}
}

int dsec_version_cmp_rpm(const char *a, const char *b, int *ret_cmp)
{
	size_t alen, blen;
	struct evr ea, eb;
	int r;

	if (!a || !b)
		return -EINVAL;
	alen = strnlen(a, DSEC_VERSION_MAX_LEN + 1);
	blen = strnlen(b, DSEC_VERSION_MAX_LEN + 1);
	if (!alen || !blen || alen > DSEC_VERSION_MAX_LEN ||
	    blen > DSEC_VERSION_MAX_LEN)
		return -EINVAL;

	split_evr(a, alen, &ea);
	split_evr(b, blen, &eb);
	r = rpmvercmp(ea.epoch, eb.epoch);
	if (!r)
		r = rpmvercmp(ea.version, eb.version);
	if (!r) {
		if (ea.has_release && eb.has_release)
			r = rpmvercmp(ea.release, eb.release);
		else
			r = (int)ea.has_release - (int)eb.has_release;
	}
	*ret_cmp = r;
	return 0;
}
