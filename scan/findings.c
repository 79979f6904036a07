// SPDX-License-Identifier: GPL-2.0
/*
 * Findings of a scan, kept under caps: per check id in one file (or in
 * the image config), per check id, for vulnerabilities and in all, as
 * struct dsec_scan_limits sets them. A hostile image can hold any number
 * of matches (65,536 tokens in Env, a file of private keys), and each
 * stored finding costs its strings plus a report entry, so what goes
 * over a cap is counted instead of stored. Caps are per check, so that
 * a flood of one kind of finding cannot push out the others. Only the
 * overall cap is shared by all of them.
 *
 * After vulnerability matching, dsec_scan_add_not_listed() turns the
 * counts into one DSEC-FINDINGS-NOT-LISTED finding per class and
 * severity, so every report format says how many findings it does not
 * list, and --severity and --fail-on still see them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"

#define N_CLASSES	(DSEC_FINDING_UNSUPPORTED + 1)
#define N_SEVERITIES	(DSEC_SEV_CRITICAL + 1)

/* Findings stored under one key: a check id, or a check id in a file. */
struct key_count {
	char *key;
	size_t count;
};

/* The first finding that went over a cap, named in the summary. */
struct not_listed {
	uint64_t count;
	char *first_id;
	char *first_path;
};

struct dsec_finding_tally {
	struct key_count *keys;		/* open addressing, linear probing */
	size_t keys_size, keys_used;
	size_t vulns;
	struct not_listed dropped[N_CLASSES][N_SEVERITIES];
	bool summarized;
};

void dsec_finding_tally_free(struct dsec_finding_tally *tally)
{
	size_t i, j;

	if (!tally)
		return;
	for (i = 0; i < tally->keys_size; i++)
		free(tally->keys[i].key);
	free(tally->keys);
	for (i = 0; i < N_CLASSES; i++) {
		for (j = 0; j < N_SEVERITIES; j++) {
			free(tally->dropped[i][j].first_id);
			free(tally->dropped[i][j].first_path);
		}
	}
	free(tally);
}

static size_t limit_or(size_t value, size_t fallback)
{
	return value ? value : fallback;
}

/* FNV-1a, enough to spread the keys over the table. */
static size_t hash_key(const char *key)
{
	size_t h = 14695981039346656037ULL;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	return h;
}

static struct key_count *key_slot(struct dsec_finding_tally *tally, const char *key)
{
	size_t mask = tally->keys_size - 1, i = hash_key(key) & mask;

	while (tally->keys[i].key && strcmp(tally->keys[i].key, key))
		i = (i + 1) & mask;
	return &tally->keys[i];
}

/*
 * Makes room for @n more keys, keeping the table at most half full so
 * that probing always ends. Moves the entries: counters looked up
 * before are stale afterwards.
 */
static int keys_reserve(struct dsec_finding_tally *tally, size_t n)
{
	struct key_count *old = tally->keys;
	size_t old_size = tally->keys_size, i;

	if (tally->keys_used + n <= tally->keys_size / 2)
		return 0;
	tally->keys_size = old_size ? old_size * 2 : 64;
	tally->keys = calloc(tally->keys_size, sizeof(*tally->keys));
	if (!tally->keys) {
		tally->keys = old;
		tally->keys_size = old_size;
		return -ENOMEM;
	}
	for (i = 0; i < old_size; i++)
		if (old[i].key)
			*key_slot(tally, old[i].key) = old[i];
	free(old);
	return 0;
}

/*
 * The counter of findings with @id, in @path when @in_file is set (NULL
 * is the image config). The key starts with its kind and the length of
 * the id, so no id or path can make two keys equal. The caller has
 * reserved room for the key.
 */
static size_t *key_count(struct dsec_finding_tally *tally, bool in_file,
			 const char *id, const char *path)
{
	struct key_count *slot;
	char kind = 'I';
	char *key;

	if (!id)
		id = "";
	if (in_file)
		kind = path ? 'F' : 'C';
	if (!in_file || !path)
		path = "";
	if (asprintf(&key, "%c%zu:%s%s", kind, strlen(id), id, path) < 0)
		return NULL;
	slot = key_slot(tally, key);
	if (slot->key) {
		free(key);
	} else {
		slot->key = key;
		tally->keys_used++;
	}
	return &slot->count;
}

static int count_dropped(struct dsec_scan *scan, const struct dsec_finding *finding)
{
	struct not_listed *d;

	d = &scan->finding_tally->dropped[finding->class][finding->severity];
	if (!d->count) {
		d->first_id = strdup(finding->id ? finding->id : "");
		if (!d->first_id)
			return -ENOMEM;
		if (finding->path) {
			d->first_path = strdup(finding->path);
			if (!d->first_path)
				return -ENOMEM;
		}
	}
	d->count++;
	scan->findings_not_listed++;
	return 0;
}

/*
 * Decide whether @finding fits under the caps and count it: 1 when it is
 * to be stored, 0 when it was counted as not listed.
 */
static int admit(struct dsec_scan *scan, const struct dsec_finding *finding)
{
	const struct dsec_scan_limits *limits = &scan->opts.limits;
	struct dsec_finding_tally *tally = scan->finding_tally;
	size_t *per_check, *per_file;

	if (!tally) {
		tally = calloc(1, sizeof(*tally));
		if (!tally)
			return -ENOMEM;
		scan->finding_tally = tally;
	}
	if (scan->n_findings >= limit_or(limits->max_findings, DSEC_DEFAULT_MAX_FINDINGS))
		return count_dropped(scan, finding);

	/*
	 * A vulnerability's id is the advisory's and its path the package
	 * database, so only the class as a whole is capped.
	 */
	if (finding->class == DSEC_FINDING_VULN) {
		if (tally->vulns >= limit_or(limits->max_vuln_findings,
					     DSEC_DEFAULT_MAX_VULN_FINDINGS))
			return count_dropped(scan, finding);
		tally->vulns++;
		return 1;
	}

	if (keys_reserve(tally, 2) < 0)
		return -ENOMEM;
	per_check = key_count(tally, false, finding->id, NULL);
	if (!per_check)
		return -ENOMEM;
	if (*per_check >= limit_or(limits->max_findings_per_check,
				   DSEC_DEFAULT_MAX_FINDINGS_PER_CHECK))
		return count_dropped(scan, finding);
	per_file = key_count(tally, true, finding->id, finding->path);
	if (!per_file)
		return -ENOMEM;
	if (*per_file >= limit_or(limits->max_findings_per_file,
				  DSEC_DEFAULT_MAX_FINDINGS_PER_FILE))
		return count_dropped(scan, finding);
	(*per_check)++;
	(*per_file)++;
	return 1;
}

static int store(struct dsec_scan *scan, const struct dsec_finding *finding)
{
	struct dsec_finding *f;

	if (dsec_scan_grow((void **)&scan->findings, &scan->cap_findings,
			   scan->n_findings, sizeof(*scan->findings)))
		return -ENOMEM;
	f = &scan->findings[scan->n_findings];
	*f = *finding;
	DSEC_SCAN_DUP_FIELD(scan, f, finding, id);
	DSEC_SCAN_DUP_FIELD(scan, f, finding, title);
	DSEC_SCAN_DUP_FIELD(scan, f, finding, detail);
	DSEC_SCAN_DUP_FIELD(scan, f, finding, path);
	DSEC_SCAN_DUP_FIELD(scan, f, finding, layer_digest);
	DSEC_SCAN_DUP_FIELD(scan, f, finding, evidence);
	DSEC_SCAN_DUP_FIELD(scan, f, finding, fixed_version);
	DSEC_SCAN_DUP_FIELD(scan, f, finding, aliases);
	DSEC_SCAN_DUP_FIELD(scan, f, finding, cvss_vector);
	scan->n_findings++;
	return 0;
}

int dsec_scan_add_finding(struct dsec_scan *scan, const struct dsec_finding *finding)
{
	int r;

	if ((unsigned int)finding->class >= N_CLASSES ||
	    (unsigned int)finding->severity >= N_SEVERITIES)
		return -EINVAL;
	r = admit(scan, finding);
	if (r <= 0)
		return r;
	return store(scan, finding);
}

static int add_summary(struct dsec_scan *scan, enum dsec_finding_class class,
		       enum dsec_severity severity, const struct not_listed *d)
{
	const struct dsec_scan_limits *limits = &scan->opts.limits;
	char title[160], detail[512], evidence[384];
	struct dsec_finding f = {
		.class = class,
		.severity = severity,
		.id = DSEC_FINDING_NOT_LISTED_ID,
		.title = title,
		.detail = detail,
		.evidence = evidence,
		.package = -1,
		.not_listed = d->count,
	};

	snprintf(title, sizeof(title), "%llu more %s %s findings not listed",
		 (unsigned long long)d->count, dsec_severity_name(severity),
		 dsec_finding_class_name(class));
	snprintf(detail, sizeof(detail),
		 "The scan lists at most %zu findings of one check in one file (the "
		 "image configuration counts as one file), %zu of one check, %zu "
		 "vulnerabilities and %zu findings in all, so that an image cannot "
		 "exhaust the scanner's memory. These findings were counted but not "
		 "listed: fix the listed ones and scan again to see them.",
		 limit_or(limits->max_findings_per_file, DSEC_DEFAULT_MAX_FINDINGS_PER_FILE),
		 limit_or(limits->max_findings_per_check, DSEC_DEFAULT_MAX_FINDINGS_PER_CHECK),
		 limit_or(limits->max_vuln_findings, DSEC_DEFAULT_MAX_VULN_FINDINGS),
		 limit_or(limits->max_findings, DSEC_DEFAULT_MAX_FINDINGS));
	snprintf(evidence, sizeof(evidence), "first not listed: %.100s in %.200s",
		 d->first_id, d->first_path ? d->first_path : "the image config");
	return store(scan, &f);
}

int dsec_scan_add_not_listed(struct dsec_scan *scan)
{
	struct dsec_finding_tally *tally = scan->finding_tally;
	int class, severity, r;

	if (!tally || tally->summarized || !scan->findings_not_listed)
		return 0;
	tally->summarized = true;
	for (class = 0; class < N_CLASSES; class++) {
		for (severity = 0; severity < N_SEVERITIES; severity++) {
			const struct not_listed *d = &tally->dropped[class][severity];

			if (!d->count)
				continue;
			r = add_summary(scan, class, severity, d);
			if (r < 0)
				return r;
		}
	}
	return 0;
}
