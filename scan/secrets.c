// SPDX-License-Identifier: GPL-2.0
/*
 * Secret rules over a memory buffer.
 *
 * One pass over the buffer looks at the bytes that can start a rule
 * (a 256-entry table) and checks the fixed prefixes there, so text of
 * any size is searched in linear time without regular expressions.
 * Every rule needs a distinctive prefix or a key name and a value of the
 * exact shape the issuer documents; a value is never reported whole, only
 * its first 4 characters. A separate line pass handles `password=` style
 * assignments, in configuration files only, and only for values that look
 * generated (several character classes, high entropy, not a placeholder).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "scan/secrets.h"

/* Bytes of a private key body searched for its base64 text. */
#define PEM_BODY_MAX		(64 * 1024)
/* Minimum base64 characters in a private key body. */
#define PEM_BODY_MIN		64
/* Bytes on either side of an AWS access key id searched for its secret. */
#define AWS_PAIR_WINDOW		320
#define AWS_SECRET_LEN		40
/* Lines longer than this are not parsed as `key = value` assignments. */
#define ASSIGN_LINE_MAX		4096
/* Bytes at the start of a buffer inspected for NUL (binary content). */
#define BINARY_PROBE		8192

enum charset {
	CS_UPPER_DIGIT,		/* A-Z 0-9 */
	CS_ALNUM,		/* A-Z a-z 0-9 */
	CS_ALNUM_UNDERSCORE,	/* A-Z a-z 0-9 _ */
	CS_ALNUM_DASH_UNDERSCORE,	/* A-Z a-z 0-9 - _ */
	CS_ALNUM_DASH,		/* A-Z a-z 0-9 - */
};

struct token_rule {
	const char *prefix;
	enum charset charset;
	size_t min, max;		/* length of the part after the prefix */
	bool need_digit;		/* the part after the prefix has a digit */
	const char *id;
	const char *title;
	enum dsec_severity severity;
};

/*
 * Token formats as their issuers document them: AWS access key ids (IAM
 * user keys AKIA, temporary STS keys ASIA), GitHub tokens (classic ghp_,
 * OAuth gho_, user-to-server ghu_, server-to-server ghs_, refresh ghr_,
 * fine-grained github_pat_), GitLab personal access tokens, Slack tokens,
 * Google API keys and Stripe live secret and restricted keys.
 */
static const struct token_rule token_rules[] = {
	{ "AKIA", CS_UPPER_DIGIT, 16, 16, false, "DSEC-SECRET-AWS-ACCESS-KEY-ID",
	  "AWS access key ID", DSEC_SEV_CRITICAL },
	{ "ASIA", CS_UPPER_DIGIT, 16, 16, false, "DSEC-SECRET-AWS-ACCESS-KEY-ID",
	  "AWS temporary access key ID", DSEC_SEV_CRITICAL },
	{ "AIza", CS_ALNUM_DASH_UNDERSCORE, 35, 35, false, "DSEC-SECRET-GOOGLE-API-KEY",
	  "Google API key", DSEC_SEV_HIGH },
	{ "ghp_", CS_ALNUM, 36, 36, false, "DSEC-SECRET-GITHUB-TOKEN",
	  "GitHub personal access token", DSEC_SEV_CRITICAL },
	{ "gho_", CS_ALNUM, 36, 36, false, "DSEC-SECRET-GITHUB-TOKEN",
	  "GitHub OAuth access token", DSEC_SEV_CRITICAL },
	{ "ghu_", CS_ALNUM, 36, 36, false, "DSEC-SECRET-GITHUB-TOKEN",
	  "GitHub user-to-server token", DSEC_SEV_CRITICAL },
	{ "ghs_", CS_ALNUM, 36, 36, false, "DSEC-SECRET-GITHUB-TOKEN",
	  "GitHub server-to-server token", DSEC_SEV_CRITICAL },
	{ "ghr_", CS_ALNUM, 36, 36, false, "DSEC-SECRET-GITHUB-TOKEN",
	  "GitHub refresh token", DSEC_SEV_CRITICAL },
	{ "github_pat_", CS_ALNUM_UNDERSCORE, 82, 82, false, "DSEC-SECRET-GITHUB-TOKEN",
	  "GitHub fine-grained personal access token", DSEC_SEV_CRITICAL },
	{ "glpat-", CS_ALNUM_DASH_UNDERSCORE, 20, 20, false, "DSEC-SECRET-GITLAB-TOKEN",
	  "GitLab personal access token", DSEC_SEV_CRITICAL },
	{ "xoxb-", CS_ALNUM_DASH, 10, 255, true, "DSEC-SECRET-SLACK-TOKEN",
	  "Slack bot token", DSEC_SEV_HIGH },
	{ "xoxa-", CS_ALNUM_DASH, 10, 255, true, "DSEC-SECRET-SLACK-TOKEN",
	  "Slack app token", DSEC_SEV_HIGH },
	{ "xoxp-", CS_ALNUM_DASH, 10, 255, true, "DSEC-SECRET-SLACK-TOKEN",
	  "Slack user token", DSEC_SEV_HIGH },
	{ "xoxr-", CS_ALNUM_DASH, 10, 255, true, "DSEC-SECRET-SLACK-TOKEN",
	  "Slack refresh token", DSEC_SEV_HIGH },
	{ "xoxs-", CS_ALNUM_DASH, 10, 255, true, "DSEC-SECRET-SLACK-TOKEN",
	  "Slack session token", DSEC_SEV_HIGH },
	{ "sk_live_", CS_ALNUM, 24, 247, false, "DSEC-SECRET-STRIPE-KEY",
	  "Stripe live secret key", DSEC_SEV_CRITICAL },
	{ "rk_live_", CS_ALNUM, 24, 247, false, "DSEC-SECRET-STRIPE-KEY",
	  "Stripe live restricted key", DSEC_SEV_CRITICAL },
};

/* Key names that introduce an AWS secret access key, compared ignoring case. */
static const char *const aws_secret_names[] = {
	"secret_access_key", "secretaccesskey", "secret-access-key",
};

struct scanner {
	const unsigned char *data;
	size_t len;
	unsigned int flags;
	dsec_secret_cb cb;
	void *ctx;
	int err;
	unsigned int n_matches;
	size_t reported[DSEC_SECRETS_MAX_MATCHES];	/* value offsets */
	size_t line_offset;		/* line counting resumes here */
	unsigned int line;		/* line number at line_offset */
};

static bool in_charset(unsigned char c, enum charset cs)
{
	switch (cs) {
	case CS_UPPER_DIGIT:
		return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	case CS_ALNUM:
		return isalnum(c);
	case CS_ALNUM_UNDERSCORE:
		return isalnum(c) || c == '_';
	case CS_ALNUM_DASH_UNDERSCORE:
		return isalnum(c) || c == '_' || c == '-';
	case CS_ALNUM_DASH:
		return isalnum(c) || c == '-';
	}
	return false;
}

static bool is_base64(unsigned char c)
{
	return isalnum(c) || c == '+' || c == '/' || c == '=';
}

/* A base64 character other than the '=' padding. */
static bool is_base64_body(unsigned char c)
{
	return isalnum(c) || c == '+' || c == '/';
}

static bool has_prefix(const struct scanner *s, size_t pos, const char *prefix)
{
	size_t n = strlen(prefix);

	return s->len - pos >= n && !memcmp(s->data + pos, prefix, n);
}

static bool has_prefix_nocase(const struct scanner *s, size_t pos,
			      const char *prefix)
{
	size_t n = strlen(prefix);

	return s->len - pos >= n &&
	       !strncasecmp((const char *)s->data + pos, prefix, n);
}

/* Return the 1-based line of @offset, counting forward when possible. */
static unsigned int line_of(struct scanner *s, size_t offset)
{
	const unsigned char *p;

	if (offset < s->line_offset) {
		s->line_offset = 0;
		s->line = 1;
	}
	p = s->data + s->line_offset;
	while ((p = memchr(p, '\n', offset - (size_t)(p - s->data))) != NULL) {
		s->line++;
		p++;
		s->line_offset = (size_t)(p - s->data);
	}
	return s->line;
}

void dsec_secret_redact(const char *value, size_t len, char *buf, size_t size)
{
	size_t i, keep = len >= 8 ? 4 : 0;

	if (!size)
		return;
	for (i = 0; i < keep && i + 1 < size; i++)
		buf[i] = isprint((unsigned char)value[i]) ? value[i] : '?';
	buf[i] = '\0';
	strncat(buf, "****", size - i - 1);
}

static bool already_reported(const struct scanner *s, size_t offset)
{
	unsigned int i;

	for (i = 0; i < s->n_matches; i++)
		if (s->reported[i] == offset)
			return true;
	return false;
}

/*
 * Report a match whose value is data[offset, offset + length) on the line
 * of @line_offset. @label, when not NULL, is a non-secret marker printed
 * before the redacted value.
 */
static void report_at(struct scanner *s, size_t line_offset, const char *id,
		      const char *title, enum dsec_severity severity, size_t offset,
		      size_t length, const char *label)
{
	struct dsec_secret_match match = {
		.id = id,
		.title = title,
		.severity = severity,
		.offset = offset,
		.length = length,
	};
	char redacted[16];

	if (s->err || s->n_matches >= DSEC_SECRETS_MAX_MATCHES ||
	    already_reported(s, offset))
		return;
	s->reported[s->n_matches++] = offset;

	match.line = line_of(s, line_offset);
	dsec_secret_redact((const char *)s->data + offset, length, redacted,
			   sizeof(redacted));
	if (label)
		snprintf(match.evidence, sizeof(match.evidence), "%s %s",
			 label, redacted);
	else
		snprintf(match.evidence, sizeof(match.evidence), "%s", redacted);
	s->err = s->cb(s->ctx, &match);
}

static void report(struct scanner *s, const char *id, const char *title,
		   enum dsec_severity severity, size_t offset, size_t length,
		   const char *label)
{
	report_at(s, offset, id, title, severity, offset, length, label);
}

/* Published placeholder credentials, such as the AWS documentation's. */
static bool is_documented_example(const unsigned char *value, size_t len)
{
	return memmem(value, len, "EXAMPLE", 7) != NULL;
}

static void check_token(struct scanner *s, size_t pos, const struct token_rule *rule)
{
	size_t start = pos + strlen(rule->prefix);
	size_t end = start;
	bool digit = false;

	while (end < s->len && end - start <= rule->max &&
	       in_charset(s->data[end], rule->charset)) {
		digit |= isdigit(s->data[end]) != 0;
		end++;
	}
	if (end - start < rule->min || end - start > rule->max)
		return;
	/* The token ends where its alphabet ends. */
	if (end < s->len && isalnum(s->data[end]))
		return;
	if (rule->need_digit && !digit)
		return;
	if (is_documented_example(s->data + pos, end - pos))
		return;
	report(s, rule->id, rule->title, rule->severity, pos, end - pos, NULL);
}

/* Length of the base64 run at @pos, counted up to @max + 1. */
static size_t base64_run(const struct scanner *s, size_t pos, size_t max)
{
	size_t end = pos;

	while (end < s->len && end - pos <= max && is_base64_body(s->data[end]))
		end++;
	return end - pos;
}

/*
 * Whether data[pos, pos + 40) is a plausible AWS secret access key: 40
 * base64 characters standing alone, with upper case, lower case and digits,
 * which rules out hex digests of the same length.
 */
static bool is_aws_secret(const struct scanner *s, size_t pos)
{
	bool upper = false, lower = false, digit = false;
	size_t i;

	if (pos > 0 && is_base64_body(s->data[pos - 1]))
		return false;
	if (base64_run(s, pos, AWS_SECRET_LEN) != AWS_SECRET_LEN)
		return false;
	for (i = pos; i < pos + AWS_SECRET_LEN; i++) {
		upper |= isupper(s->data[i]) != 0;
		lower |= islower(s->data[i]) != 0;
		digit |= isdigit(s->data[i]) != 0;
	}
	return upper && lower && digit &&
	       !is_documented_example(s->data + pos, AWS_SECRET_LEN);
}

static void report_aws_secret(struct scanner *s, size_t pos)
{
	report(s, "DSEC-SECRET-AWS-SECRET-KEY", "AWS secret access key",
	       DSEC_SEV_CRITICAL, pos, AWS_SECRET_LEN, NULL);
}

/* A secret key near an access key id belongs to it, whatever its name. */
static void check_aws_pair(struct scanner *s, size_t key_pos)
{
	size_t lo = key_pos > AWS_PAIR_WINDOW ? key_pos - AWS_PAIR_WINDOW : 0;
	size_t hi = key_pos + AWS_PAIR_WINDOW;
	size_t i;

	if (hi > s->len)
		hi = s->len;
	for (i = lo; i + AWS_SECRET_LEN <= hi; i++)
		if (is_base64_body(s->data[i]) && is_aws_secret(s, i))
			report_aws_secret(s, i);
}

/* "secret_access_key" and its spellings, then a separator and the value. */
static void check_aws_secret_name(struct scanner *s, size_t pos)
{
	size_t i, p = 0;

	/* All three spellings start with "secret", so most 's' bytes stop here. */
	if (s->len - pos < 15 || strncasecmp((const char *)s->data + pos, "secret", 6))
		return;
	for (i = 0; i < sizeof(aws_secret_names) / sizeof(aws_secret_names[0]); i++) {
		if (has_prefix_nocase(s, pos, aws_secret_names[i])) {
			p = pos + strlen(aws_secret_names[i]);
			break;
		}
	}
	if (!p)
		return;
	while (p < s->len && p - pos < 64 && strchr("\"' \t=:>", s->data[p]))
		p++;
	if (p < s->len && is_aws_secret(s, p))
		report_aws_secret(s, p);
}

/*
 * "-----BEGIN <label>PRIVATE KEY-----" followed by a base64 body. An
 * OpenSSH key body starts with "openssh-key-v1\0" and the cipher name;
 * the base64 prefix below encodes that header with cipher "none".
 */
static void check_private_key(struct scanner *s, size_t pos)
{
	static const char openssh[] = "b3BlbnNzaC1rZXktdjEA";
	static const char openssh_plain[] = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU";
	const char *title = "Private key";
	enum dsec_severity severity = DSEC_SEV_HIGH;
	size_t hdr_end, p, body = 0, body_count = 0;
	const unsigned char *close;
	char label[80];
	bool encrypted, header_line = false, line_start = true;

	close = memmem(s->data + pos + 11, s->len - pos - 11 < 64 ? s->len - pos - 11 : 64,
		       "-----", 5);
	if (!close)
		return;
	hdr_end = (size_t)(close - s->data) + 5;
	if (hdr_end - pos >= sizeof(label) ||
	    memchr(s->data + pos, '\n', hdr_end - pos))
		return;
	memcpy(label, s->data + pos, hdr_end - pos);
	label[hdr_end - pos] = '\0';
	if (!strstr(label, "PRIVATE KEY-----") &&
	    !strstr(label, "PRIVATE KEY BLOCK-----"))
		return;
	encrypted = strstr(label, "ENCRYPTED") != NULL;

	for (p = hdr_end; p < s->len && p - hdr_end < PEM_BODY_MAX; p++) {
		unsigned char c = s->data[p];

		if (c == '\n') {
			line_start = true;
			header_line = false;
			continue;
		}
		if (c == '-')
			break;
		if (header_line || c == '\r' || c == ' ' || c == '\t' || c == '\\')
			continue;
		if (line_start &&
		    (has_prefix(s, p, "Proc-Type:") || has_prefix(s, p, "DEK-Info:") ||
		     has_prefix(s, p, "Comment:") || has_prefix(s, p, "Version:"))) {
			if (has_prefix(s, p, "Proc-Type:") &&
			    memmem(s->data + p, s->len - p < 40 ? s->len - p : 40,
				   "ENCRYPTED", 9))
				encrypted = true;
			header_line = true;
			continue;
		}
		line_start = false;
		/* "\n" escapes in JSON or shell strings join the lines. */
		if (c == 'n' && s->data[p - 1] == '\\') {
			line_start = true;
			continue;
		}
		if (!is_base64(c))
			break;
		if (!body_count)
			body = p;
		body_count++;
	}
	if (body_count < PEM_BODY_MIN)
		return;

	if (s->len - body >= sizeof(openssh) - 1 &&
	    !memcmp(s->data + body, openssh, sizeof(openssh) - 1) &&
	    (s->len - body < sizeof(openssh_plain) - 1 ||
	     memcmp(s->data + body, openssh_plain, sizeof(openssh_plain) - 1)))
		encrypted = true;
	if (encrypted) {
		title = "Encrypted private key";
		severity = DSEC_SEV_MEDIUM;
	}
	/* The line is the BEGIN line, where an editor shows the key start. */
	report_at(s, pos, "DSEC-SECRET-PRIVATE-KEY", title, severity, body, p - body, label);
}

static void scan_binary(struct scanner *s)
{
	const unsigned char *hit = s->data;

	while (!s->err &&
	       (hit = memmem(hit, s->len - (size_t)(hit - s->data), "-----BEGIN ", 11))) {
		check_private_key(s, (size_t)(hit - s->data));
		hit += 11;
	}
}

/*
 * What two bytes of text can start, as bits shared by the tables of the
 * first and of the second byte; keep them in step with token_rules.
 */
enum {
	START_PEM = 1,		/* "-----BEGIN " */
	START_NAME = 2,		/* "secret_access_key" and its spellings */
	START_AWS = 4,		/* AKIA, ASIA, AIza */
	START_GIT = 8,		/* ghp_ ... github_pat_, glpat- */
	START_SLACK = 16,	/* xox?- */
	START_STRIPE = 32,	/* sk_live_, rk_live_ */
};

#define START_TOKEN	(START_AWS | START_GIT | START_SLACK | START_STRIPE)

static const unsigned char text_first[256] = {
	['-'] = START_PEM,
	['S'] = START_NAME,
	['s'] = START_NAME | START_STRIPE,
	['A'] = START_AWS, ['g'] = START_GIT, ['x'] = START_SLACK,
	['r'] = START_STRIPE,
};

static const unsigned char text_second[256] = {
	['-'] = START_PEM,
	['e'] = START_NAME, ['E'] = START_NAME,
	['K'] = START_AWS, ['S'] = START_AWS, ['I'] = START_AWS,
	['h'] = START_GIT, ['i'] = START_GIT, ['l'] = START_GIT,
	['o'] = START_SLACK,
	['k'] = START_STRIPE,
};

/*
 * Searches text in one pass. Two table lookups skip the byte pairs that
 * cannot start a rule, so the full comparisons run at few positions.
 */
static void scan_text(struct scanner *s)
{
	const unsigned char *data = s->data;
	size_t pos, i;

	/* Every rule needs more than two bytes, so the last byte starts none. */
	for (pos = 0; pos + 1 < s->len && !s->err; pos++) {
		unsigned char c = data[pos];
		unsigned char what = text_first[c] & text_second[data[pos + 1]];

		if (!what)
			continue;
		if (what & START_PEM) {
			if (s->len - pos >= 11 && !memcmp(data + pos, "-----BEGIN ", 11))
				check_private_key(s, pos);
			continue;
		}
		if (what & START_NAME)
			check_aws_secret_name(s, pos);
		/* Tokens start at a word boundary. */
		if (!(what & START_TOKEN) || (pos > 0 && isalnum(data[pos - 1])))
			continue;
		for (i = 0; i < sizeof(token_rules) / sizeof(token_rules[0]); i++) {
			const struct token_rule *rule = &token_rules[i];

			if (rule->prefix[0] != c || rule->prefix[1] != data[pos + 1] ||
			    !has_prefix(s, pos, rule->prefix))
				continue;
			check_token(s, pos, rule);
			if (rule->prefix[0] == 'A' && rule->charset == CS_UPPER_DIGIT)
				check_aws_pair(s, pos);
			break;
		}
	}
}

/* Words in a key name that mark a credential, compared ignoring case. */
#define WORD(w)	{ w, sizeof(w) - 1 }
static const struct {
	const char *word;
	size_t len;
} credential_words[] = {
	WORD("password"), WORD("passwd"), WORD("secret"), WORD("token"),
	WORD("api_key"), WORD("apikey"), WORD("api-key"), WORD("access_key"),
	WORD("auth_key"), WORD("private_key"), WORD("credential"),
};
#undef WORD

/* Key name endings that name something about a credential, not the value. */
static const char *const credential_name_exclusions[] = {
	"_file", "_path", "_dir", "_filename", "_url", "_uri", "_ttl",
	"_timeout", "_expiry", "_expires", "_length", "_size", "_type",
	"_header", "_id", "_name", "_user", "_username", "_enabled", "_endpoint",
};

/* Values that only stand in for a credential. */
static const char *const placeholder_words[] = {
	"example", "changeme", "change_me", "change-me", "password", "passwd",
	"secret", "xxxx", "****", "your_", "your-", "yourpass", "dummy",
	"placeholder", "sample", "redacted", "replace", "insert", "todo",
	"fixme", "null", "none", "undefined",
};

static bool contains_nocase(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word), i;

	for (i = 0; i + n <= len; i++)
		if (!strncasecmp(s + i, word, n))
			return true;
	return false;
}

static bool ends_with_nocase(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	return len >= n && !strncasecmp(s + len - n, word, n);
}

/* Returns whether a credential word occurs in the key name. */
static bool has_credential_word(const char *name, size_t len)
{
	size_t pos, i;

	for (pos = 0; pos < len; pos++) {
		char c = (char)tolower((unsigned char)name[pos]);

		/* Every word starts with one of these letters. */
		if (!strchr("acpst", c) || !c)
			continue;
		for (i = 0; i < sizeof(credential_words) / sizeof(credential_words[0]); i++)
			if (credential_words[i].word[0] == c &&
			    len - pos >= credential_words[i].len &&
			    credential_words[i].word[1] == tolower((unsigned char)name[pos + 1]) &&
			    !strncasecmp(name + pos, credential_words[i].word,
					 credential_words[i].len))
				return true;
	}
	return false;
}

static bool is_credential_name(const char *name, size_t len)
{
	size_t i;

	if (!has_credential_word(name, len))
		return false;
	for (i = 0; i < sizeof(credential_name_exclusions) /
			sizeof(credential_name_exclusions[0]); i++)
		if (ends_with_nocase(name, len, credential_name_exclusions[i]))
			return false;
	return true;
}

static bool is_placeholder(const char *value, size_t len)
{
	size_t i;

	if (!len || strchr("$%<{[(/", value[0]))
		return true;
	for (i = 0; i < sizeof(placeholder_words) / sizeof(placeholder_words[0]); i++)
		if (contains_nocase(value, len, placeholder_words[i]))
			return true;
	return false;
}

/* Shannon entropy of the value, in bits per character. */
static double entropy(const char *value, size_t len)
{
	unsigned int counts[256] = { 0 };
	double bits = 0;
	size_t i;

	for (i = 0; i < len; i++)
		counts[(unsigned char)value[i]]++;
	for (i = 0; i < 256; i++) {
		double p = (double)counts[i] / (double)len;

		if (counts[i])
			bits -= p * log2(p);
	}
	return bits;
}

/*
 * Whether a value assigned to a credential name looks generated rather
 * than a placeholder, a reference or prose: 8 to 128 characters without
 * blanks, at least three of lower case, upper case, digits and symbols,
 * and at least 3 bits of entropy per character.
 */
static bool is_strong_value(const char *value, size_t len)
{
	int lower = 0, upper = 0, digit = 0, symbol = 0;
	size_t i;

	if (len < 8 || len > 128 || is_placeholder(value, len))
		return false;
	if (!strncasecmp(value, "http", 4))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = value[i];

		if (!isgraph(c))
			return false;
		if (islower(c))
			lower = 1;
		else if (isupper(c))
			upper = 1;
		else if (isdigit(c))
			digit = 1;
		else
			symbol = 1;
	}
	return lower + upper + digit + symbol >= 3 && entropy(value, len) >= 3.0;
}

static bool is_key_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.';
}

/* `[export] key = value`, `key: value` and `"key": "value"` lines. */
static void check_assignment(struct scanner *s, size_t start, size_t end)
{
	const char *line = (const char *)s->data;
	size_t p = start, key, key_end, value, value_end;
	char quote = 0;

	while (p < end && (line[p] == ' ' || line[p] == '\t'))
		p++;
	if (end - p > 7 && !strncmp(line + p, "export ", 7))
		p += 7;
	if (p < end && (line[p] == '"' || line[p] == '\''))
		p++;
	key = p;
	while (p < end && is_key_char(line[p]))
		p++;
	key_end = p;
	if (key_end - key < 3 || key_end - key > 64 ||
	    !is_credential_name(line + key, key_end - key))
		return;
	if (p < end && (line[p] == '"' || line[p] == '\''))
		p++;
	while (p < end && (line[p] == ' ' || line[p] == '\t'))
		p++;
	if (p >= end || (line[p] != '=' && line[p] != ':'))
		return;
	p++;
	while (p < end && (line[p] == ' ' || line[p] == '\t'))
		p++;
	if (p < end && (line[p] == '"' || line[p] == '\''))
		quote = line[p++];
	value = p;
	while (p < end && (quote ? line[p] != quote : !strchr(" \t,;#\r", line[p])))
		p++;
	value_end = p;
	if (!is_strong_value(line + value, value_end - value))
		return;
	report(s, "DSEC-SECRET-GENERIC-PASSWORD", "Credential assigned in a configuration file",
	       DSEC_SEV_MEDIUM, value, value_end - value, NULL);
}

static void scan_assignments(struct scanner *s)
{
	size_t start = 0;

	while (start < s->len && !s->err) {
		const unsigned char *nl = memchr(s->data + start, '\n', s->len - start);
		size_t end = nl ? (size_t)(nl - s->data) : s->len;

		if (end - start <= ASSIGN_LINE_MAX)
			check_assignment(s, start, end);
		start = end + 1;
	}
}

int dsec_secrets_scan(const unsigned char *data, size_t len, unsigned int flags,
		      dsec_secret_cb cb, void *ctx)
{
	struct scanner s = {
		.data = data,
		.len = len,
		.flags = flags,
		.cb = cb,
		.ctx = ctx,
		.line = 1,
	};

	if (!data || !len || (flags & DSEC_SECRETS_SKIP))
		return 0;
	if (flags & DSEC_SECRETS_BINARY) {
		scan_binary(&s);
		return s.err;
	}
	scan_text(&s);
	if (flags & DSEC_SECRETS_CONFIG)
		scan_assignments(&s);
	return s.err;
}

struct env_count {
	dsec_secret_cb cb;
	void *ctx;
	int n;
};

static int count_env_match(void *ctx, const struct dsec_secret_match *match)
{
	struct env_count *count = ctx;

	count->n++;
	return count->cb(count->ctx, match);
}

static bool is_env_placeholder(const char *value, size_t len)
{
	static const char *const words[] = {
		"true", "false", "yes", "no", "on", "off", "none", "null",
	};
	size_t i;

	if (len < 6 || strchr("$%<{/", value[0]))
		return true;
	for (i = 0; i < len && isdigit((unsigned char)value[i]); i++)
		;
	if (i == len)
		return true;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(value, words[i]))
			return true;
	return contains_nocase(value, len, "changeme") ||
	       contains_nocase(value, len, "placeholder") ||
	       contains_nocase(value, len, "xxxx") ||
	       contains_nocase(value, len, "****");
}

int dsec_secrets_scan_env(const char *entry, dsec_secret_cb cb, void *ctx)
{
	struct env_count count = { .cb = cb, .ctx = ctx };
	struct dsec_secret_match match = {
		.id = "DSEC-SECRET-ENV-CREDENTIAL",
		.title = "Credential in an environment variable",
		.severity = DSEC_SEV_HIGH,
	};
	const char *eq = strchr(entry, '=');
	const char *value;
	size_t name_len, value_len;
	int err;

	if (!eq)
		return 0;
	name_len = (size_t)(eq - entry);
	value = eq + 1;
	value_len = strlen(value);

	err = dsec_secrets_scan((const unsigned char *)value, value_len, 0,
				count_env_match, &count);
	if (err)
		return err < 0 ? err : -ECANCELED;
	if (count.n)
		return count.n;

	if (!is_credential_name(entry, name_len) || is_env_placeholder(value, value_len))
		return 0;
	match.offset = (size_t)(value - entry);
	match.length = value_len;
	match.line = 1;
	dsec_secret_redact(value, value_len, match.evidence, sizeof(match.evidence));
	err = cb(ctx, &match);
	if (err)
		return err < 0 ? err : -ECANCELED;
	return 1;
}

/*
 * Directories whose files are documentation, translations or data of the
 * distribution and never hold a deployment's secret. The test suites of
 * Python (libpython3.x-testsuite ships /usr/lib/python3.x/test with sample
 * keys such as keycert.pem) and the tests directories of installed Python
 * and Node.js packages carry fixture keys that only produce noise.
 */
static const char *const skipped_prefixes[] = {
	"/usr/share/doc/", "/usr/share/man/", "/usr/share/info/",
	"/usr/share/locale/", "/usr/share/i18n/", "/usr/share/zoneinfo/",
	"/usr/share/terminfo/", "/usr/share/mime/", "/usr/share/X11/locale/",
	"/usr/share/ca-certificates/", "/etc/ssl/certs/",
	"/usr/lib/x86_64-linux-gnu/gconv/", "/usr/lib/locale/",
	"/var/lib/dpkg/info/", "/proc/", "/sys/", "/dev/",
};

static const char *const skipped_segments[] = {
	"/site-packages/", "/dist-packages/", "/node_modules/",
};

static const char *const skipped_suffixes[] = {
	".png", ".jpg", ".jpeg", ".gif", ".ico", ".svg", ".woff", ".woff2",
	".ttf", ".otf", ".mo", ".gz", ".xz", ".bz2", ".zst", ".zip", ".jar",
	".whl", ".pyc", ".a", ".o", ".deb", ".rpm", ".md5sums", ".crt",
};

/* /usr/lib/python3.11/test/...: the interpreter's own test suite. */
static bool is_python_test_dir(const char *path)
{
	static const char *const roots[] = { "/usr/lib/", "/usr/local/lib/" };
	const char *dir;
	size_t i;

	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		if (strncmp(path, roots[i], strlen(roots[i])))
			continue;
		dir = path + strlen(roots[i]);
		if (strncmp(dir, "python", 6))
			continue;
		dir = strchr(dir, '/');
		if (dir && !strncmp(dir, "/test/", 6))
			return true;
	}
	return false;
}

bool dsec_secrets_path_skipped(const char *path)
{
	size_t len = strlen(path), i;

	for (i = 0; i < sizeof(skipped_prefixes) / sizeof(skipped_prefixes[0]); i++)
		if (!strncmp(path, skipped_prefixes[i], strlen(skipped_prefixes[i])))
			return true;
	for (i = 0; i < sizeof(skipped_suffixes) / sizeof(skipped_suffixes[0]); i++)
		if (ends_with_nocase(path, len, skipped_suffixes[i]))
			return true;
	if (is_python_test_dir(path))
		return true;
	/* A package's tests directory: .../site-packages/NAME/tests/... */
	for (i = 0; i < sizeof(skipped_segments) / sizeof(skipped_segments[0]); i++) {
		const char *seg = strstr(path, skipped_segments[i]);

		if (seg && (strstr(seg, "/tests/") || strstr(seg, "/test/")))
			return true;
	}
	return false;
}

static const char *const config_suffixes[] = {
	".env", ".ini", ".conf", ".cfg", ".cnf", ".properties", ".yaml", ".yml",
	".json", ".toml", ".xml", ".netrc", ".pgpass", ".npmrc", ".pypirc",
	".credentials", ".secrets", ".htpasswd",
};

unsigned int dsec_secrets_classify(const char *path, const unsigned char *data,
				   size_t len)
{
	const char *base = strrchr(path, '/');
	size_t plen = strlen(path), i;
	unsigned int flags = 0;

	base = base ? base + 1 : path;
	/*
	 * ELF programs and libraries are not searched: distribution libraries
	 * embed sample keys for their self-tests (libgnutls.so.30 carries RSA,
	 * DSA and EC private keys), and a deployment's key is not compiled in.
	 */
	if (len >= 4 && !memcmp(data, "\x7f" "ELF", 4))
		return DSEC_SECRETS_SKIP;
	if (memchr(data, '\0', len < BINARY_PROBE ? len : BINARY_PROBE))
		return DSEC_SECRETS_BINARY;

	for (i = 0; i < sizeof(config_suffixes) / sizeof(config_suffixes[0]); i++)
		if (ends_with_nocase(path, plen, config_suffixes[i]))
			flags |= DSEC_SECRETS_CONFIG;
	if (!strncmp(base, ".env", 4) || !strcmp(base, "credentials") ||
	    !strcmp(base, "config") || !strncmp(path, "/etc/", 5))
		flags |= DSEC_SECRETS_CONFIG;
	return flags;
}
