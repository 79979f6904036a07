// SPDX-License-Identifier: GPL-2.0
/*
 * Maven version order, as the POM reference specifies it ("Version Order
 * Specification") and Maven's ComparableVersion implements it.
 *
 * The lower-cased version is split into tokens at '.' and '-' and at
 * every switch between digits and other characters; a switch counts as a
 * '-'. Empty tokens are "0". "ga", "final" and "release" mean the release
 * (an empty qualifier), "cr" means "rc", and a, b and m directly followed
 * by a digit mean alpha, beta and milestone. Trailing null tokens (0 and
 * the release qualifier) are dropped from the end and before each
 * remaining '-'.
 *
 * Tokens are compared pairwise; the shorter version is padded with null
 * tokens ("0" after '.', "" after '-'). With the same separator, numbers
 * compare by value and sort after qualifiers; qualifiers order as alpha <
 * beta < milestone < rc < snapshot < "" < sp < any other word, those by
 * string order. With different separators, ".qualifier" < "-qualifier" <
 * "-number" < ".number".
 *
 * Every string is a Maven version, so the only error is a string longer
 * than DSEC_VERSION_MAX_LEN.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "scan/version.h"

struct token {
	char prefix;		/* '.', '-', or '\0' for the first token */
	const char *value;	/* lower case; digits without leading zeros */
	size_t len;
	bool is_null;		/* padding, not part of the version */
};

struct version {
	char text[DSEC_VERSION_MAX_LEN + 1];	/* lower-cased copy */
	struct token tokens[2 * DSEC_VERSION_MAX_LEN + 2];
	size_t n;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_number(const char *p, size_t len)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++)
		if (!is_digit(p[i]))
			return false;
	return true;
}

static bool token_is(const struct token *t, const char *word)
{
	return t->len == strlen(word) && !memcmp(t->value, word, t->len);
}

static void add_token(struct version *v, char prefix, const char *p, size_t len,
		      bool followed_by_digit)
{
	struct token *t = &v->tokens[v->n++];

	if (!len) {
		p = "0";
		len = 1;
	}
	t->prefix = prefix;
	t->value = p;
	t->len = len;
	t->is_null = false;

	if (is_number(p, len)) {
		while (t->len > 1 && t->value[0] == '0') {
			t->value++;
			t->len--;
		}
	} else if (token_is(t, "cr")) {
		t->value = "rc";
	} else if (token_is(t, "ga") || token_is(t, "final") ||
		   token_is(t, "release")) {
		t->value = "";
		t->len = 0;
	} else if (followed_by_digit && len == 1) {
		if (p[0] == 'a')
			t->value = "alpha", t->len = 5;
		else if (p[0] == 'b')
			t->value = "beta", t->len = 4;
		else if (p[0] == 'm')
			t->value = "milestone", t->len = 9;
	}
}

/* Split one '.'/'-' separated part at digit/non-digit switches. */
static void add_part(struct version *v, char prefix, const char *p, size_t len)
{
	size_t start = 0, i;

	for (i = 1; i <= len; i++) {
		if (i < len && is_digit(p[i]) == is_digit(p[i - 1]))
			continue;
		add_token(v, start ? '-' : prefix, p + start, i - start,
			  i < len && is_digit(p[i]));
		start = i;
	}
	if (!len)
		add_token(v, prefix, p, 0, false);
}

static bool trimmable(const struct token *t)
{
	return token_is(t, "0") || t->len == 0;
}

static void remove_token(struct version *v, size_t i)
{
	memmove(&v->tokens[i], &v->tokens[i + 1],
		(v->n - i - 1) * sizeof(v->tokens[0]));
	v->n--;
}

static void parse(struct version *v, const char *s, size_t len)
{
	size_t i, start = 0;
	char prefix = '\0';
	long k;

	for (i = 0; i < len; i++)
		v->text[i] = (s[i] >= 'A' && s[i] <= 'Z') ? s[i] - 'A' + 'a' : s[i];
	v->n = 0;
	for (i = 0; i <= len; i++) {
		if (i < len && v->text[i] != '.' && v->text[i] != '-')
			continue;
		add_part(v, prefix, v->text + start, i - start);
		if (i < len)
			prefix = v->text[i];
		start = i + 1;
	}

	/* Drop null tokens from the end and before each remaining '-'. */
	k = (long)v->n - 1;
	while (k > 0) {
		if (trimmable(&v->tokens[k])) {
			remove_token(v, (size_t)k);
			k--;
			continue;
		}
		while (k >= 0 && v->tokens[k].prefix != '-')
			k--;
		k--;
	}
}

static int keyword_rank(const struct token *t)
{
	static const char *const keywords[] = {
		"alpha", "beta", "milestone", "rc", "snapshot", "", "sp",
	};
	size_t k;

	for (k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
		if (token_is(t, keywords[k]))
			return (int)k;
	return (int)k;
}

/* Rank of a token against one with a different separator. */
static int separator_rank(const struct token *t)
{
	bool number = is_number(t->value, t->len);

	if (t->prefix == '-')
		return number ? 2 : 1;
	return number ? 3 : 0;
}

static int compare_tokens(const struct token *a, const struct token *b)
{
	bool anum, bnum;
	int ra, rb, r;

	if (a->prefix != b->prefix) {
		ra = separator_rank(a);
		rb = separator_rank(b);
		return (ra > rb) - (ra < rb);
	}
	anum = is_number(a->value, a->len);
	bnum = is_number(b->value, b->len);
	if (anum && bnum)
		return dsec_version_cmp_digits(a->value, a->len, b->value, b->len);
	/* A number sorts after a qualifier, unless it is padding. */
	if (anum && !a->is_null)
		return 1;
	if (bnum && !b->is_null)
		return -1;

	ra = keyword_rank(a);
	rb = keyword_rank(b);
	if (ra != rb || ra < 7)
		return (ra > rb) - (ra < rb);
	r = memcmp(a->value, b->value, a->len < b->len ? a->len : b->len);
	if (r)
		return r < 0 ? -1 : 1;
	return (a->len > b->len) - (a->len < b->len);
}

/* The null token that pads a version against @other. */
static struct token padding_for(const struct token *other)
{
	struct token t = { other->prefix, "", 0, true };

	if (other->prefix != '-' && !token_is(other, "sp")) {
		t.value = "0";
		t.len = 1;
	}
	return t;
}

static bool tokens_equal(const struct token *a, const struct token *b)
{
	return a->prefix == b->prefix && a->len == b->len &&
	       !memcmp(a->value, b->value, a->len);
}

static int compare_versions(const struct version *a, const struct version *b)
{
	size_t n = a->n > b->n ? a->n : b->n, i;

	for (i = 0; i < n; i++) {
		struct token x, y;
		int r;

		x = i < a->n ? a->tokens[i] : padding_for(&b->tokens[i]);
		y = i < b->n ? b->tokens[i] : padding_for(&a->tokens[i]);
		if (tokens_equal(&x, &y))
			continue;
		r = compare_tokens(&x, &y);
		if (r)
			return r;
	}
	return 0;
}

int dsec_version_cmp_maven(const char *a, const char *b, int *ret_cmp)
{
	struct version *va, *vb;
	size_t alen, blen;

	if (!a || !b)
		return -EINVAL;
	alen = strnlen(a, DSEC_VERSION_MAX_LEN + 1);
	blen = strnlen(b, DSEC_VERSION_MAX_LEN + 1);
	if (alen > DSEC_VERSION_MAX_LEN || blen > DSEC_VERSION_MAX_LEN)
		return -EINVAL;

	va = malloc(sizeof(*va));
	vb = malloc(sizeof(*vb));
	if (!va || !vb) {
		free(va);
		free(vb);
		return -ENOMEM;
	}
	parse(va, a, alen);
	parse(vb, b, blen);
	*ret_cmp = compare_versions(va, vb);
	free(va);
	free(vb);
	return 0;
}
