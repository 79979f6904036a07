// SPDX-License-Identifier: GPL-2.0
/*
 * The blocklist analyzer: reports regular files whose SHA-256 is on
 * --blocklist. It runs only when a blocklist is given, because it makes
 * the walk hash every regular file's whole content.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "scan/analyzers.h"
#include "scan/blocklist.h"
#include "scan/image.h"

struct blocklist_state {
	struct dsec_blocklist *list;
	int err;
	char message[400];
};

/*
 * Return the analyzer's state, loading the blocklist at the first call. A
 * load error stays in the state, so that prepare() and analyze() report it.
 */
static struct blocklist_state *get_state(struct dsec_scan *scan)
{
	struct blocklist_state *state;
	bool created;

	state = dsec_scan_analyzer_state_get(scan, &dsec_analyzer_blocklist,
					     sizeof(*state), &created);
	if (created)
		state->err = dsec_blocklist_load(scan->opts.blocklist, &state->list,
						 state->message, sizeof(state->message));
	return state;
}

int dsec_blocklist_prepare(struct dsec_scan *scan)
{
	struct blocklist_state *state;

	if (scan->opts.skip_malware || !scan->opts.blocklist)
		return 0;
	state = get_state(scan);
	if (!state)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	if (state->err)
		return dsec_scan_fail(scan, state->err, "%s", state->message);
	return 0;
}

static ssize_t blocklist_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	struct blocklist_state *state;

	if (scan->opts.skip_malware || !scan->opts.blocklist || !S_ISREG(file->mode) ||
	    file->size < 0)
		return -1;
	state = get_state(scan);
	if (!state || state->err)
		return 0;
	/* No content: the walk streams the whole file into file->sha256. */
	return 0;
}

static int report_unhashed(struct dsec_scan *scan, const struct dsec_file *file)
{
	char evidence[64];
	struct dsec_finding finding = {
		.class = DSEC_FINDING_UNSUPPORTED,
		.severity = DSEC_SEV_INFO,
		.id = "DSEC-BLOCKLIST-UNHASHED",
		.title = "File content not hashed; not checked against the blocklist",
		.path = file->path,
		.layer_digest = file->layer ? file->layer->digest : NULL,
		.evidence = evidence,
		.package = -1,
	};

	snprintf(evidence, sizeof(evidence), "%lld bytes", (long long)file->size);
	return dsec_scan_add_finding(scan, &finding);
}

static int blocklist_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	struct blocklist_state *state = get_state(scan);
	unsigned char digest[32];
	char evidence[DSEC_BLOCKLIST_NAME_MAX + 80], title[DSEC_BLOCKLIST_NAME_MAX + 40];
	const char *name;
	unsigned int i, digest_len = 0;
	struct dsec_finding finding = {
		.class = DSEC_FINDING_MALWARE,
		.severity = DSEC_SEV_CRITICAL,
		.id = "DSEC-MAL-BLOCKLIST",
		.title = title,
		.path = file->path,
		.layer_digest = file->layer ? file->layer->digest : NULL,
		.evidence = evidence,
		.package = -1,
	};
	int o;

	if (!state)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	if (state->err)
		return dsec_scan_fail(scan, state->err, "%s", state->message);
	if (file->sha256_valid)
		memcpy(digest, file->sha256, sizeof(digest));
	else if (file->data_truncated || (file->size > 0 && !file->data))
		return report_unhashed(scan, file);	/* sparse, not streamed */
	else if (!EVP_Digest(file->data ? file->data : (const unsigned char *)"",
			     file->data_len, digest, &digest_len, EVP_sha256(), NULL))
		return dsec_scan_fail(scan, -EIO, "SHA-256 of '%s' failed", file->path);
	if (!dsec_blocklist_contains(state->list, digest, &name))
		return 0;

	snprintf(title, sizeof(title), "File on the SHA-256 blocklist%s%s",
		 name[0] ? ": " : "", name);
	o = snprintf(evidence, sizeof(evidence), "sha256:");
	for (i = 0; i < 32; i++)
		o += snprintf(evidence + o, sizeof(evidence) - (size_t)o, "%02x", digest[i]);
	return dsec_scan_add_finding(scan, &finding);
}

static void blocklist_free(struct dsec_scan *scan)
{
	struct blocklist_state *state =
		dsec_scan_analyzer_state_take(scan, &dsec_analyzer_blocklist);

	if (!state)
		return;
	dsec_blocklist_free(state->list);
	free(state);
}

const struct dsec_analyzer dsec_analyzer_blocklist = {
	.name = "blocklist",
	.wants = blocklist_wants,
	.analyze = blocklist_analyze,
	.want_sha256 = true,
	.free = blocklist_free,
};
