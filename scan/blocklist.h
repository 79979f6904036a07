/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SHA-256 blocklist: known-bad file digests, one per line as
 * "HEX [name]", with '#' comments and blank lines.
 */
#ifndef DSEC_BLOCKLIST_H
#define DSEC_BLOCKLIST_H

#include <stddef.h>

#include "scan/scan.h"

/* Limits on what a blocklist file may hold. */
#define DSEC_BLOCKLIST_MAX_ENTRIES	(4u << 20)
#define DSEC_BLOCKLIST_MAX_BYTES	(512u << 20)
#define DSEC_BLOCKLIST_NAME_MAX		128

struct dsec_blocklist;

/*
 * Parses blocklist text. On failure returns -errno and writes a message
 * naming the line and the value to @err.
 */
int dsec_blocklist_parse(const char *text, size_t len, struct dsec_blocklist **ret_list,
			 char *err, size_t err_size);
int dsec_blocklist_load(const char *path, struct dsec_blocklist **ret_list,
			char *err, size_t err_size);
void dsec_blocklist_free(struct dsec_blocklist *list);
size_t dsec_blocklist_count(const struct dsec_blocklist *list);

/*
 * Looks up a 32-byte digest. Returns true when listed and sets *ret_name
 * to the entry's name, or to "" when it has none.
 */
bool dsec_blocklist_contains(const struct dsec_blocklist *list,
			     const unsigned char digest[32], const char **ret_name);

/* Loads the scan's --blocklist now, to report a bad file before the walk. */
int dsec_blocklist_prepare(struct dsec_scan *scan);

#endif /* DSEC_BLOCKLIST_H */
