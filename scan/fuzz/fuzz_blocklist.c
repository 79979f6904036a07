// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the SHA-256 blocklist parser. A parse either
 * fails with a message or returns a list whose entries can all be found
 * again: every line that starts with 64 hex digits (or sha256: and 64
 * hex digits) after blanks must then be listed.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/blocklist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes the digest at the start of a line, if there is one. */
static bool line_digest(const uint8_t *line, size_t len, unsigned char digest[32])
{
	size_t i = 0, j;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (len - i >= 7 && !strncasecmp((const char *)line + i, "sha256:", 7))
		i += 7;
	if (len - i < 64)
		return false;
	for (j = 0; j < 32; j++) {
		int hi = hex_value(line[i + 2 * j]), lo = hex_value(line[i + 2 * j + 1]);

		if (hi < 0 || lo < 0)
			return false;
		digest[j] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dsec_blocklist *list = NULL;
	unsigned char digest[32];
	const char *name;
	size_t start = 0;
	char err[256];
	int r;

	err[0] = '\0';
	r = dsec_blocklist_parse((const char *)data, size, &list, err, sizeof(err));
	if (r < 0) {
		/* Every failure but an allocation failure names its line. */
		if (list || strnlen(err, sizeof(err)) == sizeof(err) ||
		    (r != -ENOMEM && !err[0]))
			abort();
		return 0;
	}
	if (r != 0 || !list)
		abort();

	while (start < size) {
		const uint8_t *nl = memchr(data + start, '\n', size - start);
		size_t end = nl ? (size_t)(nl - data) : size;

		if (line_digest(data + start, end - start, digest) &&
		    (!dsec_blocklist_contains(list, digest, &name) || !name))
			abort();
		start = end + 1;
	}
	dsec_blocklist_free(list);
	return 0;
}
