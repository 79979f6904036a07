// SPDX-License-Identifier: GPL-2.0
/*
 * The scan object: strings and results owned by the scan, severity
 * names, and the pipeline that dsec_scan_image() runs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "analyzers.h"
#include "findings.h"
#include "image.h"
#include "report.h"
#include "scan.h"

/* Strings are allocated from chunks freed together with the scan. */
struct dsec_arena_chunk {
	struct dsec_arena_chunk *next;
	size_t used, size;
	char data[];
};

#define ARENA_CHUNK_SIZE	(64 * 1024)

static void *arena_alloc(struct dsec_scan_priv *priv, size_t len)
{
	struct dsec_arena_chunk *chunk = priv->arena;

	if (!chunk || chunk->size - chunk->used < len) {
		size_t size = len > ARENA_CHUNK_SIZE / 4 ? len : ARENA_CHUNK_SIZE;

		chunk = malloc(sizeof(*chunk) + size);
		if (!chunk)
			return NULL;
		chunk->used = 0;
		chunk->size = size;
		if (size == len && priv->arena) {
			/* A large string: keep the current chunk in front. */
			chunk->next = priv->arena->next;
			priv->arena->next = chunk;
		} else {
			chunk->next = priv->arena;
			priv->arena = chunk;
		}
	}
	chunk->used += len;
	return chunk->data + chunk->used - len;
}

const char *dsec_scan_strdup(struct dsec_scan *scan, const char *s)
{
	size_t len;
	char *copy;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	copy = arena_alloc(dsec_priv(scan), len);
	if (copy)
		memcpy(copy, s, len);
	return copy;
}

static void set_default_limits(struct dsec_scan_limits *limits)
{
	if (!limits->max_entries)
		limits->max_entries = DSEC_DEFAULT_MAX_ENTRIES;
	if (!limits->max_path)
		limits->max_path = DSEC_DEFAULT_MAX_PATH;
	if (!limits->max_file_read)
		limits->max_file_read = DSEC_DEFAULT_MAX_FILE_READ;
	if (!limits->max_nesting)
		limits->max_nesting = DSEC_DEFAULT_MAX_NESTING;
	if (!limits->max_total_bytes)
		limits->max_total_bytes = DSEC_DEFAULT_MAX_TOTAL_BYTES;
	if (!limits->max_layers)
		limits->max_layers = DSEC_DEFAULT_MAX_LAYERS;
	if (!limits->max_findings)
		limits->max_findings = DSEC_DEFAULT_MAX_FINDINGS;
	if (!limits->max_findings_per_check)
		limits->max_findings_per_check = DSEC_DEFAULT_MAX_FINDINGS_PER_CHECK;
	if (!limits->max_vuln_findings)
		limits->max_vuln_findings = DSEC_DEFAULT_MAX_VULN_FINDINGS;
	if (!limits->max_findings_per_file)
		limits->max_findings_per_file = DSEC_DEFAULT_MAX_FINDINGS_PER_FILE;
	/* Layer indexes are 16 bits in the path set. */
	if (limits->max_layers >= DSEC_LAYER_NONE)
		limits->max_layers = DSEC_LAYER_NONE - 1;
}

void dsec_scan_init(struct dsec_scan *scan, const struct dsec_scan_options *opts)
{
	struct dsec_scan_priv *priv;

	memset(scan, 0, sizeof(*scan));
	if (opts)
		scan->opts = *opts;
	set_default_limits(&scan->opts.limits);

	/*
	 * An allocation failure here is reported by dsec_scan_image(),
	 * which checks scan->priv first.
	 */
	priv = calloc(1, sizeof(*priv));
	if (!priv)
		return;
	scan->priv = priv;
	priv->limits = scan->opts.limits;
	if (scan->opts.analyzers) {
		priv->analyzers = scan->opts.analyzers;
		priv->n_analyzers = scan->opts.n_analyzers;
	} else {
		priv->analyzers = dsec_analyzers;
		priv->n_analyzers = dsec_n_analyzers;
	}
	priv->analyzer_state = calloc(priv->n_analyzers + 1,
				      sizeof(*priv->analyzer_state));
	priv->wants = calloc(priv->n_analyzers + 1, sizeof(*priv->wants));
}

void dsec_scan_free(struct dsec_scan *scan)
{
	struct dsec_scan_priv *priv;
	struct dsec_arena_chunk *chunk, *next;
	size_t i;

	if (!scan)
		return;
	priv = scan->priv;
	if (priv) {
		for (i = 0; i < priv->n_analyzers && priv->analyzer_state; i++)
			if (priv->analyzers[i]->free)
				priv->analyzers[i]->free(scan);
		dsec_image_close(scan);
		dsec_path_set_free(&priv->paths);
		free(priv->buf);
		free(priv->analyzer_state);
		free(priv->wants);
		for (chunk = priv->arena; chunk; chunk = next) {
			next = chunk->next;
			free(chunk);
		}
		free(priv);
	}
	dsec_finding_tally_free(scan->finding_tally);
	free(scan->packages);
	free(scan->findings);
	free(scan->layers);
	free(scan->config.env);
	free(scan->config.exposed_ports);
	free(scan->config.entrypoint);
	free(scan->config.cmd);
	free(scan->config.volumes);
	free(scan->config.history);
	scan->priv = NULL;
	scan->packages = NULL;
	scan->findings = NULL;
	scan->finding_tally = NULL;
	scan->layers = NULL;
	memset(&scan->config, 0, sizeof(scan->config));
}

void **dsec_scan_analyzer_state(struct dsec_scan *scan,
				const struct dsec_analyzer *analyzer)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	size_t i;

	if (!priv || !priv->analyzer_state)
		return NULL;
	for (i = 0; i < priv->n_analyzers; i++)
		if (priv->analyzers[i] == analyzer)
			return &priv->analyzer_state[i];
	return NULL;
}

void *dsec_scan_analyzer_state_get(struct dsec_scan *scan,
				   const struct dsec_analyzer *analyzer,
				   size_t size, bool *ret_created)
{
	void **slot = dsec_scan_analyzer_state(scan, analyzer);

	if (ret_created)
		*ret_created = false;
	if (!slot)
		return NULL;
	if (!*slot) {
		*slot = calloc(1, size);
		if (*slot && ret_created)
			*ret_created = true;
	}
	return *slot;
}

void *dsec_scan_analyzer_state_take(struct dsec_scan *scan,
				    const struct dsec_analyzer *analyzer)
{
	void **slot = dsec_scan_analyzer_state(scan, analyzer);
	void *state;

	if (!slot)
		return NULL;
	state = *slot;
	*slot = NULL;
	return state;
}

const char *dsec_scan_error(const struct dsec_scan *scan)
{
	return scan->error[0] ? scan->error : "unknown error";
}

/**
 * dsec_scan_fail() - Store the message for the user and return @err.
 *
 * The first message wins, because later failures are usually caused by
 * the first one.
 */
int dsec_scan_fail(struct dsec_scan *scan, int err, const char *fmt, ...)
{
	char message[sizeof(scan->error)];
	va_list ap;

	if (!scan->error[0]) {
		va_start(ap, fmt);
		vsnprintf(message, sizeof(message), fmt, ap);
		va_end(ap);
		/* Messages quote paths and names from the image: escape them. */
		dsec_escape_text(scan->error, sizeof(scan->error), message);
	}
	return err;
}

void dsec_scan_progress(struct dsec_scan *scan, const char *fmt, ...)
{
	va_list ap;

	if (!scan->opts.progress)
		return;
	va_start(ap, fmt);
	fputs("\r\033[K", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}

int dsec_scan_grow(void **array, size_t *cap, size_t n, size_t elem_size)
{
	size_t new_cap;
	void *p;

	if (n < *cap)
		return 0;
	new_cap = *cap ? *cap * 2 : 64;
	p = reallocarray(*array, new_cap, elem_size);
	if (!p)
		return -ENOMEM;
	*array = p;
	*cap = new_cap;
	return 0;
}

int dsec_scan_add_package(struct dsec_scan *scan, const struct dsec_package *pkg)
{
	struct dsec_package *p;

	if (dsec_scan_grow((void **)&scan->packages, &scan->cap_packages,
		 scan->n_packages, sizeof(*p)))
		return -ENOMEM;
	p = &scan->packages[scan->n_packages];
	DSEC_SCAN_DUP_FIELD(scan, p, pkg, ecosystem);
	DSEC_SCAN_DUP_FIELD(scan, p, pkg, name);
	DSEC_SCAN_DUP_FIELD(scan, p, pkg, version);
	DSEC_SCAN_DUP_FIELD(scan, p, pkg, source_name);
	DSEC_SCAN_DUP_FIELD(scan, p, pkg, source_version);
	DSEC_SCAN_DUP_FIELD(scan, p, pkg, arch);
	DSEC_SCAN_DUP_FIELD(scan, p, pkg, purl);
	DSEC_SCAN_DUP_FIELD(scan, p, pkg, location);
	DSEC_SCAN_DUP_FIELD(scan, p, pkg, layer_digest);
	DSEC_SCAN_DUP_FIELD(scan, p, pkg, license);
	scan->n_packages++;
	return 0;
}

static const char *const severity_names[] = {
	[DSEC_SEV_UNKNOWN] = "UNKNOWN",
	[DSEC_SEV_INFO] = "INFO",
	[DSEC_SEV_LOW] = "LOW",
	[DSEC_SEV_MEDIUM] = "MEDIUM",
	[DSEC_SEV_HIGH] = "HIGH",
	[DSEC_SEV_CRITICAL] = "CRITICAL",
};

const char *dsec_severity_name(enum dsec_severity sev)
{
	if ((unsigned int)sev >= sizeof(severity_names) / sizeof(severity_names[0]))
		return "UNKNOWN";
	return severity_names[sev];
}

/* Parses a severity name, case-insensitively; "moderate" is MEDIUM (GHSA). */
int dsec_severity_parse(const char *name, enum dsec_severity *ret_sev)
{
	size_t i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < sizeof(severity_names) / sizeof(severity_names[0]); i++) {
		if (!strcasecmp(name, severity_names[i])) {
			*ret_sev = i;
			return 0;
		}
	}
	if (!strcasecmp(name, "moderate")) {
		*ret_sev = DSEC_SEV_MEDIUM;
		return 0;
	}
	return -EINVAL;
}

const char *dsec_finding_class_name(enum dsec_finding_class class)
{
	switch (class) {
	case DSEC_FINDING_VULN:
		return "vulnerability";
	case DSEC_FINDING_MALWARE:
		return "malware";
	case DSEC_FINDING_SECRET:
		return "secret";
	case DSEC_FINDING_MISCONFIG:
		return "misconfiguration";
	case DSEC_FINDING_SUSPICIOUS:
		return "suspicious";
	case DSEC_FINDING_INTEGRITY:
		return "integrity";
	case DSEC_FINDING_UNSUPPORTED:
		return "unsupported";
	}
	return "unknown";
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return !!a - !!b;
	return strcmp(a, b);
}

/* Most severe first, then by id, then by path, so reports are stable. */
static int compare_findings(const void *pa, const void *pb)
{
	const struct dsec_finding *a = pa, *b = pb;
	int r;

	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	r = strcmp_null(a->id, b->id);
	if (r)
		return r;
	r = strcmp_null(a->path, b->path);
	if (r)
		return r;
	return a->package - b->package;
}

static int run_finish(struct dsec_scan *scan)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	size_t i;
	int r;

	for (i = 0; i < priv->n_analyzers; i++) {
		if (!priv->analyzers[i]->finish)
			continue;
		r = priv->analyzers[i]->finish(scan);
		if (r < 0)
			return dsec_scan_fail(scan, r, "analyzer %s failed: %s",
					      priv->analyzers[i]->name, strerror(-r));
	}
	return 0;
}

int dsec_scan_image(struct dsec_scan *scan)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	int r;

	if (!priv || !priv->analyzer_state || !priv->wants)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	if (!scan->opts.input)
		return dsec_scan_fail(scan, -EINVAL,
				      "no input: give an image archive, OCI layout or directory");

	r = dsec_image_open(scan);
	if (r < 0)
		return r;
	r = dsec_walk_layers(scan);
	if (r < 0)
		return r;
	if (scan->opts.progress)
		fputs("\r\033[K", stderr);

	r = run_finish(scan);
	if (r < 0)
		return r;
	if (!scan->opts.skip_misconfig) {
		r = dsec_config_check(scan);
		if (r < 0)
			return dsec_scan_fail(scan, r, "configuration checks failed: %s",
					      strerror(-r));
	}
	/*
	 * Without a database dsec_vuln_match() returns 0 and sets
	 * scan->vulns_skipped with the reason, so the report says so.
	 */
	r = dsec_vuln_match(scan);
	if (r < 0)
		return dsec_scan_fail(scan, r, "vulnerability matching failed: %s",
				      strerror(-r));

	r = dsec_scan_add_not_listed(scan);
	if (r < 0)
		return dsec_scan_fail(scan, r, "out of memory");

	/* qsort() must not be given the NULL array of a scan without findings. */
	if (scan->n_findings)
		qsort(scan->findings, scan->n_findings, sizeof(*scan->findings),
		      compare_findings);
	return 0;
}
