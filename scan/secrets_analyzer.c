// SPDX-License-Identifier: GPL-2.0
/*
 * The secrets analyzer: runs the rules of secrets.c over the head of each
 * regular file that may hold text and turns matches into findings.
 */
#include <sys/stat.h>

#include "scan/analyzers.h"
#include "scan/secrets.h"

/*
 * Bytes read from the start of each file. Keys, tokens and configuration
 * files are small; the cap keeps large data files from dominating the scan.
 * NOTE: a secret past the first 4 MiB of a file is not found.
 */
#define SECRETS_READ_MAX	(4 << 20)

struct secret_ctx {
	struct dsec_scan *scan;
	const struct dsec_file *file;
};

static int add_secret(void *ctx, const struct dsec_secret_match *match)
{
	struct secret_ctx *sc = ctx;
	struct dsec_finding finding = {
		.class = DSEC_FINDING_SECRET,
		.severity = match->severity,
		.id = match->id,
		.title = match->title,
		.path = sc->file->path,
		.layer_digest = sc->file->layer ? sc->file->layer->digest : NULL,
		.evidence = match->evidence,
		.line = match->line,
		.package = -1,
	};

	return dsec_scan_add_finding(sc->scan, &finding);
}

static ssize_t secrets_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (scan->opts.skip_secrets || !S_ISREG(file->mode) || file->size <= 0 ||
	    dsec_secrets_path_skipped(file->path))
		return -1;
	return file->size < SECRETS_READ_MAX ? (ssize_t)file->size : SECRETS_READ_MAX;
}

static int secrets_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	struct secret_ctx ctx = { .scan = scan, .file = file };
	unsigned int flags;

	if (!file->data || !file->data_len)
		return 0;
	flags = dsec_secrets_classify(file->path, file->data, file->data_len);
	return dsec_secrets_scan(file->data, file->data_len, flags, add_secret, &ctx);
}

const struct dsec_analyzer dsec_analyzer_secrets = {
	.name = "secrets",
	.wants = secrets_wants,
	.analyze = secrets_analyze,
};
