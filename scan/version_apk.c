// SPDX-License-Identifier: GPL-2.0
/*
 * Alpine package version order, following apk-tools 2.14 (src/version.c):
 *
 *   digits{.digits}...{letter}{_suffix{digits}}...{~hexhash}{-rdigits}
 *
 * Versions are compared token by token. Digit runs compare by value,
 * except that a run after a '.' starting with '0' on either side
 * compares as a string ("1.02" < "1.1"). Suffixes order as alpha < beta
 * < pre < rc < (none) < cvs < svn < git < hg < p. When one version runs
 * out of tokens first, the longer one is newer unless its next token is a
 * pre-release suffix; a token kind later in the grammar (or an invalid
 * one) makes a version older.
 *
 * One deliberate difference from apk-tools 2.14: digits directly after
 * the letter ("5.7.1p1") continue the version as a digit token, as in
 * apk-tools 2.12 and earlier, instead of making it invalid. Alpine's own
 * package versions use that form, and without it "5.7.1p1-r0" and
 * "5.7.1p1-r1" would compare equal.
 *
 * apk compares any two strings this way, valid or not, and so does this
 * file; dsec_version_apk_valid() says whether apk would accept one.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "scan/version.h"

/* Token kinds in grammar order; later kinds make a version older. */
enum token {
	TOKEN_INITIAL_DIGIT,
	TOKEN_DIGIT,
	TOKEN_LETTER,
	TOKEN_SUFFIX,
	TOKEN_SUFFIX_NO,
	TOKEN_COMMIT_HASH,
	TOKEN_REVISION_NO,
	TOKEN_END,
	TOKEN_INVALID,
};

/* Suffix ranks; SUFFIX_NONE is the release itself. */
enum suffix {
	SUFFIX_INVALID,
	SUFFIX_ALPHA,
	SUFFIX_BETA,
	SUFFIX_PRE,
	SUFFIX_RC,
	SUFFIX_NONE,
	SUFFIX_CVS,
	SUFFIX_SVN,
	SUFFIX_GIT,
	SUFFIX_HG,
	SUFFIX_P,
};

struct token_state {
	enum token token;
	enum suffix suffix;
	const char *value;	/* text of the token */
	size_t value_len;
	const char *p;		/* rest of the version */
	size_t len;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static enum suffix suffix_of(const char *p, size_t len)
{
	static const struct {
		const char *word;
		enum suffix suffix;
	} words[] = {
		{ "alpha", SUFFIX_ALPHA }, { "beta", SUFFIX_BETA },
		{ "pre", SUFFIX_PRE }, { "rc", SUFFIX_RC }, { "cvs", SUFFIX_CVS },
		{ "svn", SUFFIX_SVN }, { "git", SUFFIX_GIT }, { "hg", SUFFIX_HG },
		{ "p", SUFFIX_P },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == len && !memcmp(words[i].word, p, len))
			return words[i].suffix;
	return SUFFIX_INVALID;
}

static void advance(struct token_state *t, size_t n)
{
	t->p += n;
	t->len -= n;
}

/* Take the run of characters accepted by @accept as the token value. */
static void take_run(struct token_state *t, bool (*accept)(char))
{
	size_t n = 0;

	while (n < t->len && accept(t->p[n]))
		n++;
	t->value = t->p;
	t->value_len = n;
	advance(t, n);
}

static void take_digits(struct token_state *t)
{
	take_run(t, is_digit);
	if (!t->value_len)
		t->token = TOKEN_INVALID;
}

static void token_first(struct token_state *t, const char *s, size_t len)
{
	t->p = s;
	t->len = len;
	t->suffix = SUFFIX_INVALID;
	t->token = TOKEN_INITIAL_DIGIT;
	take_digits(t);
}

static void token_next(struct token_state *t)
{
	char c;

	if (t->len == 0) {
		t->token = TOKEN_END;
		return;
	}
	c = t->p[0];
	if (is_lower(c)) {
		if (t->token > TOKEN_DIGIT)
			goto invalid;
		t->value = t->p;
		t->value_len = 1;
		t->token = TOKEN_LETTER;
		advance(t, 1);
	} else if (c == '.' || is_digit(c)) {
		/* A digit can follow only a '.', a letter or a suffix. */
		if (c == '.') {
			if (t->token > TOKEN_DIGIT)
				goto invalid;
			advance(t, 1);
		}
		if (t->token == TOKEN_INITIAL_DIGIT || t->token == TOKEN_DIGIT ||
		    (t->token == TOKEN_LETTER && c != '.'))
			t->token = TOKEN_DIGIT;
		else if (t->token == TOKEN_SUFFIX)
			t->token = TOKEN_SUFFIX_NO;
		else
			goto invalid;
		take_digits(t);
	} else if (c == '_') {
		if (t->token > TOKEN_SUFFIX_NO)
			goto invalid;
		advance(t, 1);
		take_run(t, is_lower);
		t->suffix = suffix_of(t->value, t->value_len);
		if (t->suffix == SUFFIX_INVALID)
			goto invalid;
		t->token = TOKEN_SUFFIX;
	} else if (c == '~') {
		if (t->token >= TOKEN_COMMIT_HASH)
			goto invalid;
		advance(t, 1);
		take_run(t, is_hex);
		if (!t->value_len)
			goto invalid;
		t->token = TOKEN_COMMIT_HASH;
	} else if (c == '-') {
		if (t->token >= TOKEN_REVISION_NO || t->len < 2 || t->p[1] != 'r')
			goto invalid;
		advance(t, 2);
		t->token = TOKEN_REVISION_NO;
		take_digits(t);
	} else {
		goto invalid;
	}
	return;
invalid:
	t->token = TOKEN_INVALID;
}

static int cmp_strings(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r)
		return r < 0 ? -1 : 1;
	return (alen > blen) - (alen < blen);
}

/* Compare two tokens of the same kind. */
static int token_cmp(const struct token_state *a, const struct token_state *b)
{
	switch (a->token) {
	case TOKEN_DIGIT:
		if (a->value[0] == '0' || b->value[0] == '0')
			return cmp_strings(a->value, a->value_len, b->value,
					   b->value_len);
		/* fallthrough */
	case TOKEN_INITIAL_DIGIT:
	case TOKEN_SUFFIX_NO:
	case TOKEN_REVISION_NO:
		return dsec_version_cmp_digits(a->value, a->value_len, b->value,
					       b->value_len);
	case TOKEN_LETTER:
		return (a->value[0] > b->value[0]) - (a->value[0] < b->value[0]);
	case TOKEN_SUFFIX:
		return (a->suffix > b->suffix) - (a->suffix < b->suffix);
	default:
		return cmp_strings(a->value, a->value_len, b->value, b->value_len);
	}
}

int dsec_version_cmp_apk(const char *a, const char *b, int *ret_cmp)
{
	struct token_state ta, tb;
	size_t alen, blen;

	if (!a || !b)
		return -EINVAL;
	alen = strnlen(a, DSEC_VERSION_MAX_LEN + 1);
	blen = strnlen(b, DSEC_VERSION_MAX_LEN + 1);
	if (alen > DSEC_VERSION_MAX_LEN || blen > DSEC_VERSION_MAX_LEN)
		return -EINVAL;

	token_first(&ta, a, alen);
	token_first(&tb, b, blen);
	while (ta.token == tb.token && ta.token < TOKEN_END) {
		int r = token_cmp(&ta, &tb);

		if (r) {
			*ret_cmp = r;
			return 0;
		}
		token_next(&ta);
		token_next(&tb);
	}

	if (ta.token == tb.token)
		*ret_cmp = 0;
	else if (ta.token == TOKEN_SUFFIX && ta.suffix < SUFFIX_NONE)
		*ret_cmp = -1;
	else if (tb.token == TOKEN_SUFFIX && tb.suffix < SUFFIX_NONE)
		*ret_cmp = 1;
	else
		*ret_cmp = ta.token > tb.token ? -1 : 1;
	return 0;
}

bool dsec_version_apk_valid(const char *v)
{
	struct token_state t;
	size_t len;

	if (!v)
		return false;
	len = strnlen(v, DSEC_VERSION_MAX_LEN + 1);
	if (len > DSEC_VERSION_MAX_LEN)
		return false;
	for (token_first(&t, v, len); t.token < TOKEN_END; token_next(&t))
		;
	return t.token == TOKEN_END;
}
