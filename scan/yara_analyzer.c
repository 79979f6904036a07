// SPDX-License-Identifier: GPL-2.0
/*
 * The YARA analyzer: executables (any execute bit), scripts by extension,
 * shared libraries, and files in the places attackers drop tools (temporary
 * directories, web roots, cron and init directories) are scanned with the
 * rules of --yara-dir, compiled once per scan.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scan/analyzers.h"
#include "scan/image.h"
#include "scan/yara.h"

/*
 * Bytes scanned from the start of each file.
 * NOTE: malware past the first 16 MiB of a file is not scanned, because
 * the layer walk hands analyzers one in-memory head of each file.
 */
#define YARA_READ_MAX		(16 << 20)
/* Characters of the matched bytes quoted in the evidence. */
#define EXCERPT_MAX		48

struct yara_state {
	struct dsec_yara *yara;
	int err;			/* compile error, reported at the first file */
	char message[400];
};

static const char *const script_suffixes[] = {
	".sh", ".bash", ".zsh", ".ksh", ".py", ".pl", ".pm", ".rb", ".php",
	".phtml", ".php5", ".php7", ".phar", ".inc", ".js", ".mjs", ".cjs",
	".jsp", ".jspx", ".asp", ".aspx", ".ashx", ".lua", ".ps1", ".cgi",
	".so",
};

static const char *const drop_dirs[] = {
	"/tmp/", "/var/tmp/", "/dev/shm/", "/var/www/", "/srv/", "/etc/cron",
	"/var/spool/cron/", "/etc/init.d/", "/etc/profile.d/", "/etc/rc.local",
	"/etc/systemd/system/", "/root/", "/home/",
};

static bool is_candidate(const struct dsec_file *file)
{
	const char *base = strrchr(file->path, '/');
	size_t n = strlen(file->path), i;

	if (file->mode & 0111)
		return true;
	for (i = 0; i < sizeof(script_suffixes) / sizeof(script_suffixes[0]); i++) {
		size_t k = strlen(script_suffixes[i]);

		if (n > k && !strcmp(file->path + n - k, script_suffixes[i]))
			return true;
	}
	/* Versioned shared libraries: libfoo.so.1.2 */
	if (base && strstr(base, ".so."))
		return true;
	for (i = 0; i < sizeof(drop_dirs) / sizeof(drop_dirs[0]); i++)
		if (!strncmp(file->path, drop_dirs[i], strlen(drop_dirs[i])))
			return true;
	return false;
}

static struct yara_state *get_state(struct dsec_scan *scan)
{
	void **slot = dsec_scan_analyzer_state(scan, &dsec_analyzer_yara);
	struct yara_state *state;
	const char *dir;

	if (!slot)
		return NULL;
	if (*slot)
		return *slot;

	state = calloc(1, sizeof(*state));
	if (!state)
		return NULL;
	*slot = state;
	dir = scan->opts.yara_dir ? scan->opts.yara_dir : dsec_yara_default_dir();
	if (!dir) {
		state->err = -ENOENT;
		snprintf(state->message, sizeof(state->message),
			 "no YARA rules directory found; install the rules, pass "
			 "--yara-dir DIR, or turn malware scanning off with --skip-malware");
		return state;
	}
	state->err = dsec_yara_load(dir, &state->yara, state->message,
				    sizeof(state->message));
	return state;
}

int dsec_yara_prepare(struct dsec_scan *scan)
{
	struct yara_state *state;

	if (scan->opts.skip_malware)
		return 0;
	state = get_state(scan);
	if (!state)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	if (state->err)
		return dsec_scan_fail(scan, state->err, "%s", state->message);
	return 0;
}

static ssize_t yara_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	struct yara_state *state;

	if (scan->opts.skip_malware || !S_ISREG(file->mode) || file->size <= 0 ||
	    !is_candidate(file))
		return -1;
	state = get_state(scan);
	/* A broken rules directory fails the scan at its first file. */
	if (!state || state->err)
		return 0;
	return file->size < YARA_READ_MAX ? (ssize_t)file->size : YARA_READ_MAX;
}

struct match_ctx {
	struct dsec_scan *scan;
	const struct dsec_file *file;
};

static int add_match(void *ctx, const struct dsec_yara_match *match)
{
	struct match_ctx *mc = ctx;
	char id[160], title[200], evidence[EXCERPT_MAX + 200];
	size_t i, n, o;
	struct dsec_finding finding = {
		.class = DSEC_FINDING_MALWARE,
		.severity = match->severity,
		.path = mc->file->path,
		.layer_digest = mc->file->layer ? mc->file->layer->digest : NULL,
		.evidence = evidence,
		.package = -1,
	};

	snprintf(id, sizeof(id), "%s", match->id ? match->id : "DSEC-YARA");
	if (match->description)
		snprintf(title, sizeof(title), "%s", match->description);
	else
		snprintf(title, sizeof(title), "YARA rule %s matched", match->rule);
	finding.id = id;
	finding.title = title;

	o = (size_t)snprintf(evidence, sizeof(evidence), "rule %s", match->rule);
	if (match->string_id && o < sizeof(evidence)) {
		o += (size_t)snprintf(evidence + o, sizeof(evidence) - o,
				      ", %s at offset %zu: \"", match->string_id,
				      match->offset);
		n = match->data_len < EXCERPT_MAX ? match->data_len : EXCERPT_MAX;
		for (i = 0; i < n && o + 2 < sizeof(evidence); i++)
			evidence[o++] = isprint(match->data[i]) && match->data[i] != '"'
					? (char)match->data[i] : '.';
		snprintf(evidence + o, sizeof(evidence) - o, "\"%s",
			 match->data_len > EXCERPT_MAX ? "..." : "");
	}
	return dsec_scan_add_finding(mc->scan, &finding);
}

static int yara_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	struct yara_state *state = get_state(scan);
	struct match_ctx ctx = { .scan = scan, .file = file };
	int r;

	if (!state)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	if (state->err)
		return dsec_scan_fail(scan, state->err, "%s", state->message);
	if (!file->data || !file->data_len)
		return 0;
	r = dsec_yara_scan(state->yara, file->data, file->data_len,
			   (uint64_t)file->size, add_match, &ctx);
	if (r == -ETIMEDOUT || r == -E2BIG) {
		/* One file the rules cannot finish is reported, not fatal. */
		struct dsec_finding finding = {
			.class = DSEC_FINDING_UNSUPPORTED,
			.severity = DSEC_SEV_INFO,
			.id = "DSEC-YARA-INCOMPLETE",
			.title = r == -ETIMEDOUT ? "YARA scan of the file timed out"
						 : "YARA scan of the file hit too many string matches",
			.path = file->path,
			.layer_digest = file->layer ? file->layer->digest : NULL,
			.package = -1,
		};

		return dsec_scan_add_finding(scan, &finding);
	}
	return r;
}

static void yara_free(struct dsec_scan *scan)
{
	void **slot = dsec_scan_analyzer_state(scan, &dsec_analyzer_yara);
	struct yara_state *state;

	if (!slot || !*slot)
		return;
	state = *slot;
	dsec_yara_free(state->yara);
	free(state);
	*slot = NULL;
}

const struct dsec_analyzer dsec_analyzer_yara = {
	.name = "yara",
	.wants = yara_wants,
	.analyze = yara_analyze,
	.free = yara_free,
};
