/* SPDX-License-Identifier: GPL-2.0 */
/*
 * YARA rules through libyara: compile every .yar and .yara file of a
 * directory once, then scan memory buffers in overlapping chunks.
 */
#ifndef DSEC_YARA_H
#define DSEC_YARA_H

#include <stddef.h>
#include <stdint.h>

#include "scan/scan.h"

struct dsec_yara;

struct dsec_yara_match {
	const char *rule;		/* "namespace.identifier" */
	const char *id;			/* meta "id", or NULL */
	const char *description;	/* meta "description", or NULL */
	enum dsec_severity severity;	/* meta "severity", else HIGH */
	const char *string_id;		/* first matching string, "$stratum" */
	size_t offset;			/* of that string in the buffer */
	const unsigned char *data;	/* its bytes, not NUL-terminated */
	size_t data_len;
};

typedef int (*dsec_yara_cb)(void *ctx, const struct dsec_yara_match *match);

/* Maximum rule files in one directory. */
#define DSEC_YARA_MAX_FILES	512

/*
 * Compiles the rules of @dir. On failure returns -errno and writes a
 * message naming the file, line and problem to @err.
 */
int dsec_yara_load(const char *dir, struct dsec_yara **ret_yara, char *err,
		   size_t err_size);
void dsec_yara_free(struct dsec_yara *yara);
size_t dsec_yara_rule_count(const struct dsec_yara *yara);

/*
 * Scans @data, the first @len bytes of a file of @file_size bytes (the
 * value of `filesize` in conditions; 0 for @len), and calls @cb once per
 * matching rule. Buffers larger than a chunk are scanned in overlapping
 * chunks; see yara.c for what that means for rule conditions.
 */
int dsec_yara_scan(struct dsec_yara *yara, const unsigned char *data, size_t len,
		   uint64_t file_size, dsec_yara_cb cb, void *ctx);

/*
 * The default rules directory: the installed share directory, else
 * ../share/dsec/yara or the source tree's ../rules/yara next to the
 * running binary, else rules/yara under the current directory. NULL when
 * none exists.
 */
const char *dsec_yara_default_dir(void);

/*
 * Compiles the scan's rules now instead of at the first file, so that a
 * command can report a bad rules directory before reading the image.
 */
int dsec_yara_prepare(struct dsec_scan *scan);

#endif /* DSEC_YARA_H */
