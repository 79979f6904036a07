// SPDX-License-Identifier: GPL-2.0
/*
 * PEP 440 version order (as the `packaging` library, version 22 and
 * later, implements it):
 *
 *   [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]
 *
 * with the normalisations PEP 440 allows: case-insensitive, a leading
 * "v", surrounding whitespace, '-', '_' or '.' separators (or none)
 * before pre, post and dev markers, missing numbers (taken as 0), the
 * spellings alpha, beta, c, pre, preview, rev and r, and "-N" as an
 * implicit post-release.
 *
 * Order: epoch, release (trailing zeros ignored), then a dev-only release
 * before its pre-releases, pre-releases before the release, post-releases
 * after it, dev-releases before what they precede, and a local version
 * after the same public version. Strings outside the grammar, such as
 * the "legacy" versions older packaging releases accepted, are -EINVAL.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "scan/version.h"

#define MAX_RELEASE	32	/* release components kept */
#define MAX_LOCAL	32	/* local version segments kept */

struct digits {
	const char *p;
	size_t len;
};

struct pep440 {
	struct digits epoch;
	struct digits release[MAX_RELEASE];
	size_t n_release;
	int pre_kind;		/* 0 none, 1 a, 2 b, 3 rc */
	struct digits pre;
	bool has_post;
	struct digits post;
	bool has_dev;
	struct digits dev;
	const char *local;	/* after '+', or NULL */
	size_t local_len;
};

struct reader {
	const char *p;
	size_t len, i;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static bool at_end(const struct reader *r)
{
	return r->i >= r->len;
}

static bool is_sep(char c)
{
	return c == '.' || c == '-' || c == '_';
}

/* Consume @word case-insensitively when it comes next. */
static bool accept_word(struct reader *r, const char *word)
{
	size_t n = strlen(word), k;

	if (r->len - r->i < n)
		return false;
	for (k = 0; k < n; k++)
		if (lower(r->p[r->i + k]) != word[k])
			return false;
	r->i += n;
	return true;
}

static struct digits read_digits(struct reader *r)
{
	struct digits d = { r->p + r->i, 0 };

	while (!at_end(r) && is_digit(r->p[r->i])) {
		r->i++;
		d.len++;
	}
	return d;
}

/* Read "[sep]N" after a marker; a missing number is 0. */
static struct digits read_marker_number(struct reader *r)
{
	size_t save = r->i;
	struct digits d;

	if (!at_end(r) && is_sep(r->p[r->i]))
		r->i++;
	d = read_digits(r);
	if (!d.len) {
		r->i = save;
		d.p = "0";
		d.len = 1;
	}
	return d;
}

static void parse_pre(struct reader *r, struct pep440 *v)
{
	static const struct {
		const char *word;
		int kind;
	} words[] = {
		/* Longer spellings first, so "preview" is not read as "pre". */
		{ "alpha", 1 }, { "beta", 2 }, { "preview", 3 }, { "pre", 3 },
		{ "rc", 3 }, { "a", 1 }, { "b", 2 }, { "c", 3 },
	};
	size_t save = r->i, k;

	if (!at_end(r) && is_sep(r->p[r->i]))
		r->i++;
	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
		if (accept_word(r, words[k].word)) {
			v->pre_kind = words[k].kind;
			v->pre = read_marker_number(r);
			return;
		}
	}
	r->i = save;
}

static void parse_post(struct reader *r, struct pep440 *v)
{
	size_t save = r->i;

	/* Implicit post-release: "-N". */
	if (!at_end(r) && r->p[r->i] == '-' && r->i + 1 < r->len &&
	    is_digit(r->p[r->i + 1])) {
		r->i++;
		v->has_post = true;
		v->post = read_digits(r);
		return;
	}
	if (!at_end(r) && is_sep(r->p[r->i]))
		r->i++;
	if (accept_word(r, "post") || accept_word(r, "rev") ||
	    accept_word(r, "r")) {
		v->has_post = true;
		v->post = read_marker_number(r);
		return;
	}
	r->i = save;
}

static void parse_dev(struct reader *r, struct pep440 *v)
{
	size_t save = r->i;

	if (!at_end(r) && is_sep(r->p[r->i]))
		r->i++;
	if (accept_word(r, "dev")) {
		v->has_dev = true;
		v->dev = read_marker_number(r);
		return;
	}
	r->i = save;
}

static bool valid_local(const char *p, size_t len)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		char c = lower(p[i]);

		if (is_sep(c)) {
			if (!run)
				return false;
			run = 0;
		} else if (is_digit(c) || (c >= 'a' && c <= 'z')) {
			run++;
		} else {
			return false;
		}
	}
	return run > 0;
}

static int parse_pep440(const char *s, struct pep440 *v)
{
	struct reader r = { s, strnlen(s, DSEC_VERSION_MAX_LEN + 1), 0 };
	struct digits d;

	if (r.len > DSEC_VERSION_MAX_LEN)
		return -EINVAL;
	memset(v, 0, sizeof(*v));
	while (r.len && (s[r.len - 1] == ' ' || s[r.len - 1] == '\t' ||
			 s[r.len - 1] == '\n'))
		r.len--;
	while (!at_end(&r) && (s[r.i] == ' ' || s[r.i] == '\t' || s[r.i] == '\n'))
		r.i++;
	if (!at_end(&r) && lower(s[r.i]) == 'v')
		r.i++;

	v->epoch = (struct digits){ "0", 1 };
	d = read_digits(&r);
	if (!d.len)
		return -EINVAL;
	if (!at_end(&r) && s[r.i] == '!') {
		r.i++;
		v->epoch = d;
		d = read_digits(&r);
		if (!d.len)
			return -EINVAL;
	}
	for (;;) {
		if (v->n_release < MAX_RELEASE)
			v->release[v->n_release++] = d;
		else if (d.len != 1 || d.p[0] != '0')
			return -EINVAL;	/* too many non-zero components */
		if (r.i + 1 < r.len && s[r.i] == '.' && is_digit(s[r.i + 1])) {
			r.i++;
			d = read_digits(&r);
			continue;
		}
		break;
	}
	/* Trailing zeros do not count: 1.0 == 1. */
	while (v->n_release > 1) {
		struct digits *last = &v->release[v->n_release - 1];

		if (dsec_version_cmp_digits(last->p, last->len, "0", 1))
			break;
		v->n_release--;
	}

	parse_pre(&r, v);
	parse_post(&r, v);
	parse_dev(&r, v);
	if (!at_end(&r) && s[r.i] == '+') {
		r.i++;
		if (!valid_local(s + r.i, r.len - r.i))
			return -EINVAL;
		v->local = s + r.i;
		v->local_len = r.len - r.i;
		r.i = r.len;
	}
	return at_end(&r) ? 0 : -EINVAL;
}

static int cmp_release(const struct pep440 *a, const struct pep440 *b)
{
	size_t i, n = a->n_release > b->n_release ? a->n_release : b->n_release;

	for (i = 0; i < n; i++) {
		struct digits x = i < a->n_release ? a->release[i] : (struct digits){ "0", 1 };
		struct digits y = i < b->n_release ? b->release[i] : (struct digits){ "0", 1 };
		int r = dsec_version_cmp_digits(x.p, x.len, y.p, y.len);

		if (r)
			return r;
	}
	return 0;
}

/*
 * Rank of the pre-release part: a dev-only release (1.0.dev1) before any
 * pre-release, pre-releases by kind, and no pre-release last.
 */
static int pre_rank(const struct pep440 *v)
{
	if (!v->pre_kind && !v->has_post && v->has_dev)
		return -1;
	if (!v->pre_kind)
		return 4;
	return v->pre_kind;
}

static int cmp_local_segment(const char *a, size_t alen, const char *b,
			     size_t blen)
{
	bool anum = true, bnum = true;
	size_t i;

	for (i = 0; i < alen; i++)
		anum &= is_digit(a[i]);
	for (i = 0; i < blen; i++)
		bnum &= is_digit(b[i]);
	if (anum && bnum)
		return dsec_version_cmp_digits(a, alen, b, blen);
	if (anum != bnum)
		return anum ? 1 : -1;	/* numeric segments sort after strings */
	for (i = 0; i < alen && i < blen; i++) {
		char x = lower(a[i]), y = lower(b[i]);

		if (x != y)
			return x < y ? -1 : 1;
	}
	return (alen > blen) - (alen < blen);
}

static size_t segment_len(const char *p, size_t len)
{
	size_t i = 0;

	while (i < len && !is_sep(p[i]))
		i++;
	return i;
}

static int cmp_local(const struct pep440 *a, const struct pep440 *b)
{
	const char *x = a->local, *y = b->local;
	size_t xl = a->local_len, yl = b->local_len;

	if (!x || !y)
		return (x != NULL) - (y != NULL);
	while (xl && yl) {
		size_t xs = segment_len(x, xl), ys = segment_len(y, yl);
		int r = cmp_local_segment(x, xs, y, ys);

		if (r)
			return r;
		x += xs;
		xl -= xs;
		y += ys;
		yl -= ys;
		if (xl) {
			x++;
			xl--;
		}
		if (yl) {
			y++;
			yl--;
		}
	}
	return (xl > 0) - (yl > 0);
}

static int cmp_pep440(const struct pep440 *a, const struct pep440 *b)
{
	int r;

	r = dsec_version_cmp_digits(a->epoch.p, a->epoch.len, b->epoch.p, b->epoch.len);
	if (r)
		return r;
	r = cmp_release(a, b);
	if (r)
		return r;

	if (pre_rank(a) != pre_rank(b))
		return pre_rank(a) < pre_rank(b) ? -1 : 1;
	if (a->pre_kind) {
		r = dsec_version_cmp_digits(a->pre.p, a->pre.len, b->pre.p, b->pre.len);
		if (r)
			return r;
	}

	/* No post-release sorts before any post-release. */
	if (a->has_post != b->has_post)
		return a->has_post ? 1 : -1;
	if (a->has_post) {
		r = dsec_version_cmp_digits(a->post.p, a->post.len, b->post.p, b->post.len);
		if (r)
			return r;
	}

	/* A dev-release sorts before the same version without one. */
	if (a->has_dev != b->has_dev)
		return a->has_dev ? -1 : 1;
	if (a->has_dev) {
		r = dsec_version_cmp_digits(a->dev.p, a->dev.len, b->dev.p, b->dev.len);
		if (r)
			return r;
	}
	return cmp_local(a, b);
}

int dsec_version_cmp_pep440(const char *a, const char *b, int *ret_cmp)
{
	struct pep440 va, vb;
	int r;

	if (!a || !b || parse_pep440(a, &va) < 0 || parse_pep440(b, &vb) < 0)
		return -EINVAL;
	r = cmp_pep440(&va, &vb);
	*ret_cmp = (r > 0) - (r < 0);
	return 0;
}
