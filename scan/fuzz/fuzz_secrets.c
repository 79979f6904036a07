// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the secret matcher: the input is searched as
 * text, as a configuration file and as binary content, and as one image
 * config Env entry. Each match must lie inside the input, carry the line
 * of its first byte (a private key: of its BEGIN line, at or before it)
 * and a redacted evidence string, and no buffer may
 * report more than DSEC_SECRETS_MAX_MATCHES matches.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/secrets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct check {
	const uint8_t *data;		/* NULL for Env entries */
	size_t size;
	unsigned int matches;
};

static int check_match(void *ctx, const struct dsec_secret_match *match)
{
	struct check *c = ctx;
	unsigned int line = 1;
	size_t i, evidence_len;

	if (++c->matches > DSEC_SECRETS_MAX_MATCHES)
		abort();
	if (!match->id || strncmp(match->id, "DSEC-SECRET-", 12) || !match->title)
		abort();
	if (match->severity < DSEC_SEV_INFO || match->severity > DSEC_SEV_CRITICAL)
		abort();
	evidence_len = strnlen(match->evidence, sizeof(match->evidence));
	if (evidence_len == sizeof(match->evidence) || !strstr(match->evidence, "****"))
		abort();
	if (!c->data)
		return 0;

	if (match->offset > c->size || match->length > c->size - match->offset)
		abort();
	for (i = 0; i < match->offset; i++)
		line += c->data[i] == '\n';
	/* A private key is reported on its BEGIN line, before its body. */
	if (!strcmp(match->id, "DSEC-SECRET-PRIVATE-KEY") ? match->line < 1 || match->line > line
							   : match->line != line)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int flag_sets[] = {
		0, DSEC_SECRETS_CONFIG, DSEC_SECRETS_BINARY, DSEC_SECRETS_SKIP,
	};
	struct check c = { .data = data, .size = size };
	char *entry;
	size_t i;

	for (i = 0; i < sizeof(flag_sets) / sizeof(flag_sets[0]); i++) {
		c.matches = 0;
		if (dsec_secrets_scan(data, size, flag_sets[i], check_match, &c))
			abort();
	}
	c.matches = 0;
	dsec_secrets_scan(data, size, dsec_secrets_classify("/etc/app/app.conf", data, size),
			  check_match, &c);

	/* An Env entry is a C string: cut the input at its first NUL. */
	entry = strndup((const char *)data, size);
	if (!entry)
		return 0;
	c.data = NULL;
	c.matches = 0;
	dsec_secrets_scan_env(entry, check_match, &c);
	free(entry);
	return 0;
}
