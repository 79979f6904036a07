// SPDX-License-Identifier: GPL-2.0
/*
 * Alpine's package database, /lib/apk/db/installed: stanzas of "X:value"
 * lines separated by blank lines. P: name, V: version, A: architecture,
 * o: origin (the source package that advisories name), L: license.
 * Wolfi and Chainguard images use the same format under their own
 * os-release ID and OSV ecosystem.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scan/pkg.h"

#define APK_DB_PATH	"/lib/apk/db/installed"

struct stanza {
	struct dsec_pkg_field name, version, arch, origin, license;
};

struct apk_ctx {
	struct dsec_scan *scan;
	const struct dsec_pkg_origin *origin;
	const char *ecosystem, *ns;
	const char *distro;		/* os-release VERSION_ID, or NULL */
	struct stanza st;		/* the stanza being read */
	size_t added;
	struct dsec_pkg_skipped skipped;
};

static bool valid_token(const struct dsec_pkg_field *f)
{
	return dsec_pkg_valid_token(f->p, f->len);
}

static char *dup_field(const struct dsec_pkg_field *f)
{
	return f->len ? dsec_pkg_strndup(f->p, f->len) : NULL;
}

static int emit(struct apk_ctx *ctx, const struct stanza *st)
{
	char *name = NULL, *version = NULL, *arch = NULL, *origin = NULL;
	char *license = NULL, qual[512], enc[256];
	struct dsec_package pkg = { 0 };
	int ret = -ENOMEM;

	if (!valid_token(&st->name) || !valid_token(&st->version)) {
		dsec_pkg_skip(&ctx->skipped, st->name.p, st->name.len,
			      "(no P: name)");
		return 0;
	}
	if (ctx->added >= DSEC_PKG_MAX_PER_FILE)
		return -E2BIG;

	name = dup_field(&st->name);
	version = dup_field(&st->version);
	arch = valid_token(&st->arch) ? dup_field(&st->arch) : NULL;
	origin = valid_token(&st->origin) ? dup_field(&st->origin) : NULL;
	license = dup_field(&st->license);
	if (!name || !version)
		goto out_free;

	qual[0] = '\0';
	if (arch && dsec_purl_encode(arch, enc, sizeof(enc)))
		snprintf(qual, sizeof(qual), "arch=%s", enc);
	if (ctx->distro && dsec_purl_encode(ctx->distro, enc, sizeof(enc)))
		snprintf(qual + strlen(qual), sizeof(qual) - strlen(qual),
			 "%sdistro=%s", qual[0] ? "&" : "", enc);

	pkg.ecosystem = ctx->ecosystem;
	pkg.name = name;
	pkg.version = version;
	pkg.source_name = origin ? origin : name;
	pkg.source_version = version;
	pkg.arch = arch;
	pkg.license = license;
	pkg.location = ctx->origin->location;
	pkg.layer_digest = ctx->origin->layer_digest;
	pkg.purl = dsec_purl(ctx->scan, "apk", ctx->ns, name, version, qual);
	if (!pkg.purl)
		goto out_free;
	ret = dsec_scan_add_package(ctx->scan, &pkg);
	if (!ret)
		ctx->added++;
out_free:
	free(name);
	free(version);
	free(arch);
	free(origin);
	free(license);
	return ret;
}

static void init_distro(struct apk_ctx *ctx)
{
	const char *id = ctx->scan->os.id;

	ctx->ecosystem = "Alpine";
	ctx->ns = "alpine";
	if (id && !strcmp(id, "wolfi")) {
		ctx->ecosystem = "Wolfi";
		ctx->ns = "wolfi";
	} else if (id && !strcmp(id, "chainguard")) {
		ctx->ecosystem = "Chainguard";
		ctx->ns = "chainguard";
	}
	ctx->distro = ctx->scan->os.version_id;
}

/* Fields are "X:value" lines, where X is one character. */
static bool read_line(void *arg, const char *p, size_t len)
{
	struct stanza *st = &((struct apk_ctx *)arg)->st;
	struct dsec_pkg_field *f = NULL;

	if (len < 2 || p[1] != ':')
		return false;
	switch (p[0]) {
	case 'P':
		f = &st->name;
		break;
	case 'V':
		f = &st->version;
		break;
	case 'A':
		f = &st->arch;
		break;
	case 'o':
		f = &st->origin;
		break;
	case 'L':
		f = &st->license;
		break;
	}
	if (f) {
		f->p = p + 2;
		f->len = len - 2;
	}
	return true;
}

static int end_stanza(void *arg)
{
	struct apk_ctx *ctx = arg;
	int ret = emit(ctx, &ctx->st);

	memset(&ctx->st, 0, sizeof(ctx->st));
	return ret;
}

int dsec_apk_parse(struct dsec_scan *scan, const char *data, size_t len,
		   const struct dsec_pkg_origin *origin)
{
	struct apk_ctx ctx = { .scan = scan, .origin = origin };
	int ret;

	init_distro(&ctx);
	ret = dsec_pkg_parse_stanzas(data, len, read_line, end_stanza, &ctx);
	return dsec_pkg_parse_end(scan, origin, ret, ctx.added,
				  "apk entries without a valid P: or V:",
				  &ctx.skipped);
}

static ssize_t apk_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (!S_ISREG(file->mode) || strcmp(file->path, APK_DB_PATH))
		return -1;
	return DSEC_PKG_MAX_DB_BYTES;
}

static int apk_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (!dsec_pkg_file_complete(scan, file))
		return 0;
	return dsec_pkg_copies_add(scan, &dsec_analyzer_apk, file, false);
}

static int apk_finish(struct dsec_scan *scan)
{
	struct dsec_pkg_copies *copies =
		dsec_pkg_copies_get(scan, &dsec_analyzer_apk);
	size_t i;

	for (i = 0; copies && i < copies->n; i++) {
		struct dsec_pkg_copy *c = &copies->items[i];
		int ret = dsec_apk_parse(scan, c->data, c->len, &c->origin);

		if (ret < 0)
			return ret;
	}
	return 0;
}

static void apk_free(struct dsec_scan *scan)
{
	dsec_pkg_copies_free(scan, &dsec_analyzer_apk);
}

const struct dsec_analyzer dsec_analyzer_apk = {
	.name = "apk",
	.wants = apk_wants,
	.analyze = apk_analyze,
	.finish = apk_finish,
	.free = apk_free,
};
