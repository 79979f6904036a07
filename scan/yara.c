// SPDX-License-Identifier: GPL-2.0
/*
 * YARA rules through libyara.
 *
 * The rules of a directory are compiled once per scan, each file in its
 * own namespace (the file name without extension), so two files may use
 * the same rule name. A buffer is handed to libyara as a series of
 * overlapping memory blocks: string matches are collected over all blocks
 * and each rule is evaluated once at the end, with `filesize` set to the
 * file's real size and block 0 at offset 0, so `uint32(0) == ...` checks
 * work. A string that crosses a block boundary is found as long as it is
 * shorter than the overlap.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yara.h>

#include "scan/yara.h"

#ifndef DSEC_SHARE_DIR
#define DSEC_SHARE_DIR		"/usr/local/share/dsec"
#endif

#define YARA_BLOCK_SIZE		(1 << 20)
#define YARA_BLOCK_OVERLAP	(4 << 10)
/* Seconds libyara may spend on one file before it gives up. */
#define YARA_TIMEOUT		10
/* Rules reported for one buffer; more are dropped. */
#define YARA_MAX_RULE_MATCHES	32

struct dsec_yara {
	YR_RULES *rules;
	/*
	 * One scanner for every buffer: creating one allocates match lists
	 * for all the strings of the rules, which costs more than scanning a
	 * small script.
	 */
	YR_SCANNER *scanner;
	size_t n_rules;
};

struct compile_ctx {
	char *err;
	size_t err_size;
	const char *dir;
	int errors;
};

static void on_compile_message(int level, const char *file, int line,
			       const YR_RULE *rule, const char *message, void *user)
{
	struct compile_ctx *ctx = user;

	if (level != YARA_ERROR_LEVEL_ERROR)
		return;
	/* The first error is reported; later ones usually follow from it. */
	if (!ctx->errors++)
		snprintf(ctx->err, ctx->err_size, "%s/%s:%d: %s", ctx->dir,
			 file ? file : "?", line, message);
}

static bool is_rule_file(const char *name)
{
	size_t n = strlen(name);

	if (name[0] == '.')
		return false;
	return (n > 4 && !strcmp(name + n - 4, ".yar")) ||
	       (n > 5 && !strcmp(name + n - 5, ".yara"));
}

static int rule_file_filter(const struct dirent *entry)
{
	return is_rule_file(entry->d_name);
}

static int add_rule_file(YR_COMPILER *compiler, const char *dir,
			 const char *name, char *err, size_t err_size)
{
	char path[PATH_MAX], ns[NAME_MAX + 1];
	FILE *f;
	int errors;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(ns, sizeof(ns), "%.*s", (int)strcspn(name, "."), name);
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, err_size, "cannot open YARA rules file '%s': %s",
			 path, strerror(errno));
		return -errno;
	}
	errors = yr_compiler_add_file(compiler, f, ns, name);
	fclose(f);
	return errors ? -EINVAL : 0;
}

int dsec_yara_load(const char *dir, struct dsec_yara **ret_yara, char *err,
		   size_t err_size)
{
	struct compile_ctx ctx = { .err = err, .err_size = err_size, .dir = dir };
	YR_COMPILER *compiler = NULL;
	struct dirent **entries = NULL;
	struct dsec_yara *yara;
	YR_RULE *rule;
	int n, i, r;

	*ret_yara = NULL;
	err[0] = '\0';
	n = scandir(dir, &entries, rule_file_filter, alphasort);
	if (n < 0) {
		r = -errno;
		snprintf(err, err_size, "cannot read YARA rules directory '%s': %s",
			 dir, strerror(errno));
		return r;
	}
	if (n == 0) {
		snprintf(err, err_size, "YARA rules directory '%s' has no .yar or .yara files",
			 dir);
		r = -ENOENT;
		goto out_free_entries;
	}
	if (n > DSEC_YARA_MAX_FILES) {
		snprintf(err, err_size, "YARA rules directory '%s' has more than %d rule files",
			 dir, DSEC_YARA_MAX_FILES);
		r = -E2BIG;
		goto out_free_entries;
	}

	yara = calloc(1, sizeof(*yara));
	if (!yara) {
		r = -ENOMEM;
		goto out_free_entries;
	}
	if (yr_initialize() != ERROR_SUCCESS) {
		snprintf(err, err_size, "cannot initialize libyara");
		free(yara);
		r = -ENOMEM;
		goto out_free_entries;
	}
	if (yr_compiler_create(&compiler) != ERROR_SUCCESS) {
		r = -ENOMEM;
		goto out_finalize;
	}
	yr_compiler_set_callback(compiler, on_compile_message, &ctx);
	for (i = 0; i < n; i++) {
		r = add_rule_file(compiler, dir, entries[i]->d_name, err, err_size);
		if (r < 0)
			goto out_destroy_compiler;
	}
	if (yr_compiler_get_rules(compiler, &yara->rules) != ERROR_SUCCESS) {
		snprintf(err, err_size, "cannot build the YARA rules of '%s'", dir);
		r = -ENOMEM;
		goto out_destroy_compiler;
	}
	yr_compiler_destroy(compiler);
	compiler = NULL;
	if (yr_scanner_create(yara->rules, &yara->scanner) != ERROR_SUCCESS) {
		snprintf(err, err_size, "cannot create a YARA scanner for the rules of '%s'", dir);
		r = -ENOMEM;
		goto out_destroy_rules;
	}
	yr_scanner_set_flags(yara->scanner, SCAN_FLAGS_FAST_MODE);
	yr_scanner_set_timeout(yara->scanner, YARA_TIMEOUT);
	yr_rules_foreach(yara->rules, rule)
		yara->n_rules++;
	for (i = 0; i < n; i++)
		free(entries[i]);
	free(entries);
	*ret_yara = yara;
	return 0;

out_destroy_rules:
	yr_rules_destroy(yara->rules);
out_destroy_compiler:
	if (compiler)
		yr_compiler_destroy(compiler);
out_finalize:
	yr_finalize();
	free(yara);
out_free_entries:
	for (i = 0; i < n; i++)
		free(entries[i]);
	free(entries);
	return r;
}

void dsec_yara_free(struct dsec_yara *yara)
{
	if (!yara)
		return;
	yr_scanner_destroy(yara->scanner);
	yr_rules_destroy(yara->rules);
	yr_finalize();
	free(yara);
}

size_t dsec_yara_rule_count(const struct dsec_yara *yara)
{
	return yara ? yara->n_rules : 0;
}

/* The overlapping blocks of one buffer. */
struct block_iter {
	const unsigned char *data;
	size_t len;
	uint64_t file_size;
	size_t next;			/* start of the next block */
	YR_MEMORY_BLOCK block;
};

static const uint8_t *fetch_block(YR_MEMORY_BLOCK *block)
{
	struct block_iter *it = block->context;

	return it->data + block->base;
}

static YR_MEMORY_BLOCK *next_block(YR_MEMORY_BLOCK_ITERATOR *iterator)
{
	struct block_iter *it = iterator->context;
	size_t start = it->next, size;

	iterator->last_error = ERROR_SUCCESS;
	if (start >= it->len)
		return NULL;
	size = it->len - start < YARA_BLOCK_SIZE ? it->len - start : YARA_BLOCK_SIZE;
	it->block.base = start;
	it->block.size = size;
	it->block.context = it;
	it->block.fetch_data = fetch_block;
	it->next = start + size >= it->len ? it->len : start + size - YARA_BLOCK_OVERLAP;
	return &it->block;
}

static YR_MEMORY_BLOCK *first_block(YR_MEMORY_BLOCK_ITERATOR *iterator)
{
	struct block_iter *it = iterator->context;

	it->next = 0;
	return next_block(iterator);
}

static uint64_t block_file_size(YR_MEMORY_BLOCK_ITERATOR *iterator)
{
	struct block_iter *it = iterator->context;

	return it->file_size;
}

struct scan_ctx {
	dsec_yara_cb cb;
	void *ctx;
	int err;
	unsigned int n_matches;
};

static const char *meta_string(const YR_RULE *rule, const char *name)
{
	const YR_META *meta;

	yr_rule_metas_foreach(rule, meta)
		if (meta->type == META_TYPE_STRING && !strcmp(meta->identifier, name))
			return meta->string;
	return NULL;
}

static int on_scan_message(YR_SCAN_CONTEXT *context, int message, void *data,
			   void *user)
{
	struct scan_ctx *sc = user;
	const YR_RULE *rule = data;
	const YR_STRING *string;
	const YR_MATCH *match;
	struct dsec_yara_match m = { .severity = DSEC_SEV_HIGH };
	char name[256];
	const char *severity;

	if (message != CALLBACK_MSG_RULE_MATCHING)
		return CALLBACK_CONTINUE;
	if (sc->n_matches++ >= YARA_MAX_RULE_MATCHES)
		return CALLBACK_ABORT;

	snprintf(name, sizeof(name), "%s.%s", rule->ns->name, rule->identifier);
	m.rule = name;
	m.id = meta_string(rule, "id");
	m.description = meta_string(rule, "description");
	severity = meta_string(rule, "severity");
	if (severity && dsec_severity_parse(severity, &m.severity) < 0)
		m.severity = DSEC_SEV_HIGH;

	yr_rule_strings_foreach(rule, string) {
		yr_string_matches_foreach(context, string, match) {
			m.string_id = string->identifier;
			m.offset = (size_t)(match->base + match->offset);
			m.data = match->data;
			m.data_len = (size_t)match->data_length;
			break;
		}
		if (m.string_id)
			break;
	}

	sc->err = sc->cb(sc->ctx, &m);
	return sc->err ? CALLBACK_ABORT : CALLBACK_CONTINUE;
}

int dsec_yara_scan(struct dsec_yara *yara, const unsigned char *data, size_t len,
		   uint64_t file_size, dsec_yara_cb cb, void *ctx)
{
	struct block_iter it = {
		.data = data,
		.len = len,
		.file_size = file_size > len ? file_size : len,
	};
	YR_MEMORY_BLOCK_ITERATOR iterator = {
		.context = &it,
		.first = first_block,
		.next = next_block,
		.file_size = block_file_size,
	};
	struct scan_ctx sc = { .cb = cb, .ctx = ctx };
	int r;

	if (!yara || !data || !len)
		return 0;
	yr_scanner_set_callback(yara->scanner, on_scan_message, &sc);
	r = yr_scanner_scan_mem_blocks(yara->scanner, &iterator);
	if (sc.err)
		return sc.err;
	switch (r) {
	case ERROR_SUCCESS:
	case ERROR_CALLBACK_ERROR:
		return 0;
	case ERROR_SCAN_TIMEOUT:
		return -ETIMEDOUT;
	case ERROR_INSUFFICIENT_MEMORY:
		return -ENOMEM;
	case ERROR_TOO_MANY_MATCHES:
		return -E2BIG;
	default:
		return -EIO;
	}
}

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* Stores DIR/SUFFIX in buf when it is a directory, DIR being the binary's. */
static bool exe_relative_dir(const char *suffix, char *buf, size_t size)
{
	char exe[PATH_MAX];
	char *slash;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	if (snprintf(buf, size, "%s/%s", exe, suffix) >= (int)size)
		return false;
	return is_dir(buf);
}

const char *dsec_yara_default_dir(void)
{
	static char from_exe[PATH_MAX];

	if (is_dir(DSEC_SHARE_DIR "/yara"))
		return DSEC_SHARE_DIR "/yara";
	/* PREFIX/bin/dsecctl installed under another prefix than it was built for. */
	if (exe_relative_dir("../share/dsec/yara", from_exe, sizeof(from_exe)))
		return from_exe;
	/* ctl/dsecctl in a source tree: the rules are in ../rules/yara. */
	if (exe_relative_dir("../rules/yara", from_exe, sizeof(from_exe)))
		return from_exe;
	if (is_dir("rules/yara"))
		return "rules/yara";
	return NULL;
}
