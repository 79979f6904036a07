// SPDX-License-Identifier: GPL-2.0
/*
 * Debian version order, as `dpkg --compare-versions` (dpkg 1.21) applies
 * it: [epoch:]upstream[-revision], where the epoch is compared as a
 * number and the upstream version and revision by dpkg's verrevcmp
 * ordering ('~' before everything, even the end of the string; letters
 * before other characters; digit runs by value).
 *
 * Parsing follows dpkg's parseversion(). Its hard errors (empty string,
 * embedded spaces, a bad or negative epoch, nothing after the colon, an
 * empty revision or upstream version) make dpkg exit with an error and
 * are -EINVAL here. Its warnings (upstream not starting with a digit,
 * characters outside the allowed set) still compare, as dpkg does.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "scan/version.h"

struct dpkg_version {
	long epoch;
	const char *upstream;	/* points into the caller's string */
	size_t upstream_len;
	const char *revision;	/* "" when there is none */
	size_t revision_len;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int parse_version(const char *s, struct dpkg_version *ret)
{
	const char *end, *p, *colon, *hyphen;

	while (is_blank(*s))
		s++;
	if (!*s)
		return -EINVAL;		/* version string is empty */
	end = s;
	while (*end && !is_blank(*end))
		end++;
	for (p = end; is_blank(*p); p++)
		;
	if (*p)
		return -EINVAL;		/* embedded spaces */
	if ((size_t)(end - s) > DSEC_VERSION_MAX_LEN)
		return -EINVAL;

	ret->epoch = 0;
	colon = memchr(s, ':', end - s);
	if (colon) {
		char *epoch_end;
		long epoch;

		/* dpkg reads the epoch with strtol(), signs and all. */
		errno = 0;
		epoch = strtol(s, &epoch_end, 10);
		if (epoch_end == s)
			return -EINVAL;	/* epoch is empty */
		if (epoch_end != colon)
			return -EINVAL;	/* epoch is not a number */
		if (epoch < 0 || epoch > INT_MAX || errno == ERANGE)
			return -EINVAL;
		s = colon + 1;
		if (s == end)
			return -EINVAL;	/* nothing after the colon */
		ret->epoch = epoch;
	}

	hyphen = NULL;
	for (p = s; p < end; p++)
		if (*p == '-')
			hyphen = p;
	ret->upstream = s;
	if (hyphen) {
		ret->upstream_len = hyphen - s;
		ret->revision = hyphen + 1;
		ret->revision_len = end - hyphen - 1;
		if (!ret->revision_len)
			return -EINVAL;	/* revision is empty */
	} else {
		ret->upstream_len = end - s;
		ret->revision = "";
		ret->revision_len = 0;
	}
	if (!ret->upstream_len)
		return -EINVAL;		/* upstream version is empty */
	return 0;
}

/*
 * Weight of one non-digit character. @c is the plain (signed) char, as
 * in dpkg, so bytes above 0x7f weigh less than ASCII punctuation.
 */
static int order(int c)
{
	if (is_digit(c))
		return 0;
	if (is_alpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

static int verrevcmp(const char *a, size_t alen, const char *b, size_t blen)
{
	const char *aend = a + alen, *bend = b + blen;

	while (a < aend || b < bend) {
		int first_diff = 0;

		while ((a < aend && !is_digit(*a)) || (b < bend && !is_digit(*b))) {
			int ac = a < aend ? order((signed char)*a) : 0;
			int bc = b < bend ? order((signed char)*b) : 0;

			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (a < aend && *a == '0')
			a++;
		while (b < bend && *b == '0')
			b++;
		while (a < aend && b < bend && is_digit(*a) && is_digit(*b)) {
			if (!first_diff)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (a < aend && is_digit(*a))
			return 1;
		if (b < bend && is_digit(*b))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

int dsec_version_cmp_dpkg(const char *a, const char *b, int *ret_cmp)
{
	struct dpkg_version va, vb;
	int r;

	if (!a || !b || parse_version(a, &va) < 0 || parse_version(b, &vb) < 0)
		return -EINVAL;

	if (va.epoch != vb.epoch) {
		*ret_cmp = va.epoch < vb.epoch ? -1 : 1;
		return 0;
	}
	r = verrevcmp(va.upstream, va.upstream_len, vb.upstream, vb.upstream_len);
	if (!r)
		r = verrevcmp(va.revision, va.revision_len, vb.revision,
			      vb.revision_len);
	*ret_cmp = (r > 0) - (r < 0);
	return 0;
}
