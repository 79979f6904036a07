// SPDX-License-Identifier: GPL-2.0
/*
 * SHA-256 blocklist: parsed into a sorted array searched with bsearch().
 * Entries accept an optional "sha256:" prefix and hex in either case; the
 * rest of the line, trimmed, is the entry's name.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "scan/blocklist.h"

struct blocklist_entry {
	unsigned char digest[32];
	char *name;			/* NULL when the line has none */
};

struct dsec_blocklist {
	struct blocklist_entry *entries;
	size_t n;
};

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int compare_entries(const void *a, const void *b)
{
	return memcmp(((const struct blocklist_entry *)a)->digest,
		      ((const struct blocklist_entry *)b)->digest, 32);
}

void dsec_blocklist_free(struct dsec_blocklist *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->n; i++)
		free(list->entries[i].name);
	free(list->entries);
	free(list);
}

/* Parse one line; returns 1 for an entry, 0 for a blank or comment line. */
static int parse_line(const char *line, size_t len, struct blocklist_entry *entry,
		      char *err, size_t err_size, unsigned int lineno)
{
	size_t p = 0, start, i, name_end;

	while (p < len && isspace((unsigned char)line[p]))
		p++;
	if (p == len || line[p] == '#')
		return 0;
	if (len - p > 7 && !strncasecmp(line + p, "sha256:", 7))
		p += 7;
	start = p;
	while (p < len && !isspace((unsigned char)line[p]) && line[p] != '#')
		p++;
	if (p - start != 64) {
		snprintf(err, err_size,
			 "line %u: '%.*s' is not a SHA-256 digest; expected 64 hex digits, then an optional name",
			 lineno, (int)(p - start > 80 ? 80 : p - start), line + start);
		return -EINVAL;
	}
	for (i = 0; i < 32; i++) {
		int hi = hex_value(line[start + 2 * i]), lo = hex_value(line[start + 2 * i + 1]);

		if (hi < 0 || lo < 0) {
			snprintf(err, err_size,
				 "line %u: '%.64s' is not a SHA-256 digest; expected 64 hex digits",
				 lineno, line + start);
			return -EINVAL;
		}
		entry->digest[i] = (unsigned char)(hi << 4 | lo);
	}

	/* The name runs to a '#' comment or the end of the line, trimmed. */
	while (p < len && isspace((unsigned char)line[p]))
		p++;
	name_end = p;
	while (name_end < len && line[name_end] != '#')
		name_end++;
	while (name_end > p && isspace((unsigned char)line[name_end - 1]))
		name_end--;
	entry->name = NULL;
	if (name_end > p) {
		size_t n = name_end - p < DSEC_BLOCKLIST_NAME_MAX ? name_end - p
								    : DSEC_BLOCKLIST_NAME_MAX;

		/* A NUL byte in the name ends the copy, so stop there too. */
		entry->name = strndup(line + p, n);
		if (!entry->name)
			return -ENOMEM;
		for (i = 0; entry->name[i]; i++)
			if (!isprint((unsigned char)entry->name[i]))
				entry->name[i] = '?';
	}
	return 1;
}

int dsec_blocklist_parse(const char *text, size_t len, struct dsec_blocklist **ret_list,
			 char *err, size_t err_size)
{
	struct dsec_blocklist *list = calloc(1, sizeof(*list));
	size_t pos = 0, cap = 0;
	unsigned int lineno = 0;
	int r;

	*ret_list = NULL;
	err[0] = '\0';
	if (!list)
		return -ENOMEM;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		struct blocklist_entry entry;

		lineno++;
		r = parse_line(text + pos, end - pos, &entry, err, err_size, lineno);
		pos = end + 1;
		if (r < 0)
			goto out_free;
		if (!r)
			continue;
		if (list->n == DSEC_BLOCKLIST_MAX_ENTRIES) {
			free(entry.name);
			snprintf(err, err_size, "line %u: more than %u entries", lineno,
				 DSEC_BLOCKLIST_MAX_ENTRIES);
			r = -E2BIG;
			goto out_free;
		}
		if (list->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			void *p = realloc(list->entries, ncap * sizeof(*list->entries));

			if (!p) {
				free(entry.name);
				r = -ENOMEM;
				goto out_free;
			}
			list->entries = p;
			cap = ncap;
		}
		list->entries[list->n++] = entry;
	}
	qsort(list->entries, list->n, sizeof(*list->entries), compare_entries);
	*ret_list = list;
	return 0;

out_free:
	dsec_blocklist_free(list);
	return r;
}

int dsec_blocklist_load(const char *path, struct dsec_blocklist **ret_list,
			char *err, size_t err_size)
{
	struct stat st;
	char *text;
	size_t got;
	FILE *f;
	int r;

	*ret_list = NULL;
	f = fopen(path, "r");
	if (!f) {
		r = -errno;
		snprintf(err, err_size, "cannot open blocklist '%s': %s", path, strerror(errno));
		return r;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > DSEC_BLOCKLIST_MAX_BYTES) {
		snprintf(err, err_size, "blocklist '%s' is not a regular file of at most %u MiB",
			 path, DSEC_BLOCKLIST_MAX_BYTES >> 20);
		fclose(f);
		return -EINVAL;
	}
	text = malloc((size_t)st.st_size + 1);
	if (!text) {
		fclose(f);
		return -ENOMEM;
	}
	got = fread(text, 1, (size_t)st.st_size, f);
	fclose(f);
	r = dsec_blocklist_parse(text, got, ret_list, err, err_size);
	free(text);
	if (r < 0 && err[0]) {
		char line_err[256];

		snprintf(line_err, sizeof(line_err), "%s", err);
		snprintf(err, err_size, "blocklist '%s': %s", path, line_err);
	}
	return r;
}

size_t dsec_blocklist_count(const struct dsec_blocklist *list)
{
	return list ? list->n : 0;
}

bool dsec_blocklist_contains(const struct dsec_blocklist *list,
			     const unsigned char digest[32], const char **ret_name)
{
	struct blocklist_entry key, *hit;

	if (!list || !list->n)
		return false;
	memcpy(key.digest, digest, 32);
	hit = bsearch(&key, list->entries, list->n, sizeof(key), compare_entries);
	if (!hit)
		return false;
	if (ret_name)
		*ret_name = hit->name ? hit->name : "";
	return true;
}
