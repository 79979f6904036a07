// SPDX-License-Identifier: GPL-2.0
/*
 * The YARA analyzer: executables (any execute bit), scripts by extension,
 * shared libraries, and files in the places attackers drop tools (temporary
 * directories, web roots, cron and init directories) are scanned with the
 * rules of --yara-dir, compiled once per scan. Text documents in those
 * places are scanned only when they start like a program.
 *
 * When the walk computed a file's SHA-256 (the blocklist analyzer requests
 * it), content that the rules already scanned without a match is not
 * scanned again.
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
/*
 * Digests of clean content remembered per scan, and the slots of their
 * hash set (32 bytes each, 2 MiB). Later clean files are scanned every
 * time.
 */
#define CLEAN_MAX		(32 * 1024)
#define CLEAN_SLOTS		(2 * CLEAN_MAX)

struct yara_state {
	struct dsec_yara *yara;
	int err;			/* compile error, reported at the first file */
	char message[400];
	unsigned char (*clean)[32];	/* open addressing; all zeros: free */
	size_t n_clean;
};

/* Whether to scan a file, from its path and mode. */
enum yara_candidate {
	YARA_SKIP,
	YARA_SCAN,
	YARA_SCAN_IF_PROGRAM,	/* a text document in a drop directory */
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

/*
 * Documentation and tabular text that no interpreter runs by its name.
 * Such a file still gets scanned when its content starts like a program
 * (starts_like_program()), which covers a PHP payload uploaded as .txt.
 */
static const char *const document_suffixes[] = {
	".txt", ".md", ".rst", ".log", ".csv", ".tsv",
};

static bool has_suffix(const char *path, size_t len, const char *const *suffixes,
		       size_t n_suffixes)
{
	size_t i;

	for (i = 0; i < n_suffixes; i++) {
		size_t k = strlen(suffixes[i]);

		if (len > k && !strcmp(path + len - k, suffixes[i]))
			return true;
	}
	return false;
}

static enum yara_candidate classify(const struct dsec_file *file)
{
	const char *base = strrchr(file->path, '/');
	size_t n = strlen(file->path), i;

	if (file->mode & 0111)
		return YARA_SCAN;
	if (has_suffix(file->path, n, script_suffixes,
		       sizeof(script_suffixes) / sizeof(script_suffixes[0])))
		return YARA_SCAN;
	/* Versioned shared libraries: libfoo.so.1.2 */
	if (base && strstr(base, ".so."))
		return YARA_SCAN;
	for (i = 0; i < sizeof(drop_dirs) / sizeof(drop_dirs[0]); i++) {
		if (strncmp(file->path, drop_dirs[i], strlen(drop_dirs[i])))
			continue;
		if (has_suffix(file->path, n, document_suffixes,
			       sizeof(document_suffixes) / sizeof(document_suffixes[0])))
			return YARA_SCAN_IF_PROGRAM;
		return YARA_SCAN;
	}
	return YARA_SKIP;
}

/* ELF magic, "#!", or a PHP, JSP or ASP open tag ("<?", "<%"). */
static bool starts_like_program(const unsigned char *data, size_t len)
{
	if (len >= 4 && !memcmp(data, "\x7f" "ELF", 4))
		return true;
	if (len >= 2 && (!memcmp(data, "#!", 2) || !memcmp(data, "<?", 2) ||
			 !memcmp(data, "<%", 2)))
		return true;
	return false;
}

static bool clean_empty(const unsigned char digest[32])
{
	static const unsigned char zero[32];

	return !memcmp(digest, zero, 32);
}

/* Returns the slot of @digest, or the free slot where it belongs. */
static unsigned char *clean_slot(struct yara_state *state, const unsigned char digest[32])
{
	uint64_t h;
	size_t i;

	memcpy(&h, digest, sizeof(h));
	for (i = h % CLEAN_SLOTS; ; i = (i + 1) % CLEAN_SLOTS)
		if (clean_empty(state->clean[i]) || !memcmp(state->clean[i], digest, 32))
			return state->clean[i];
}

static bool clean_contains(struct yara_state *state, const unsigned char digest[32])
{
	if (!state->clean || clean_empty(digest))
		return false;
	return !clean_empty(clean_slot(state, digest));
}

/* Remembers clean content, up to CLEAN_MAX digests. */
static void clean_add(struct yara_state *state, const unsigned char digest[32])
{
	unsigned char *slot;

	if (clean_empty(digest) || state->n_clean >= CLEAN_MAX)
		return;
	if (!state->clean) {
		state->clean = calloc(CLEAN_SLOTS, sizeof(*state->clean));
		if (!state->clean)
			return;		/* only a lost shortcut */
	}
	slot = clean_slot(state, digest);
	if (clean_empty(slot)) {
		memcpy(slot, digest, 32);
		state->n_clean++;
	}
}

/*
 * Return the analyzer's state, compiling the rules at the first call. A
 * compile error stays in the state, so that prepare() and analyze() report it.
 */
static struct yara_state *get_state(struct dsec_scan *scan)
{
	struct yara_state *state;
	const char *dir;
	bool created;

	state = dsec_scan_analyzer_state_get(scan, &dsec_analyzer_yara,
					     sizeof(*state), &created);
	if (!created)
		return state;

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
	    classify(file) == YARA_SKIP)
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
	unsigned int n_matches;
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

	mc->n_matches++;
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
	if (classify(file) == YARA_SCAN_IF_PROGRAM &&
	    !starts_like_program(file->data, file->data_len))
		return 0;
	/* The rules see the head and the size, both fixed by the digest. */
	if (file->sha256_valid && clean_contains(state, file->sha256))
		return 0;

	r = dsec_yara_scan(state->yara, file->data, file->data_len,
			   (uint64_t)file->size, add_match, &ctx);
	if (!r && !ctx.n_matches && file->sha256_valid)
		clean_add(state, file->sha256);
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
	struct yara_state *state =
		dsec_scan_analyzer_state_take(scan, &dsec_analyzer_yara);

	if (!state)
		return;
	dsec_yara_free(state->yara);
	free(state->clean);
	free(state);
}

const struct dsec_analyzer dsec_analyzer_yara = {
	.name = "yara",
	.wants = yara_wants,
	.analyze = yara_analyze,
	.free = yara_free,
};
