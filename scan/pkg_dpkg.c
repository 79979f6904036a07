// SPDX-License-Identifier: GPL-2.0
/*
 * dpkg: /var/lib/dpkg/status and the one-file-per-package status.d
 * directory that distroless images carry instead (no Status: field, with
 * *.md5sums files beside them that list file checksums only).
 *
 * Each binary package is recorded with its source package and source
 * version, because Debian and Ubuntu advisories name source packages:
 * "Source: name (version)" gives both, "Source: name" means the binary's
 * own version, and no Source: field means the package is its own source.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scan/pkg.h"

#define STATUS_PATH	"/var/lib/dpkg/status"
#define STATUS_D_DIR	"/var/lib/dpkg/status.d/"

struct stanza {
	struct dsec_pkg_field package, status, version, source, arch;
};

struct dpkg_ctx {
	struct dsec_scan *scan;
	const struct dsec_pkg_origin *origin;
	bool status_d;
	const char *ecosystem, *distro_ns;
	char distro[128];
	struct stanza st;		/* the stanza being read */
	size_t added;
	struct dsec_pkg_skipped skipped;
};

/* A stanza is installed when the last word of Status: is "installed". */
static bool is_installed(const struct stanza *st, bool status_d)
{
	static const char word[] = " installed";
	size_t n = sizeof(word) - 1;

	if (!st->status.p)
		return status_d;
	return st->status.len >= n &&
	       !memcmp(st->status.p + st->status.len - n, word, n);
}

/* Split "name (version)" into its parts; the version may be absent. */
static void split_source(const struct dsec_pkg_field *src,
			 struct dsec_pkg_field *ret_name,
			 struct dsec_pkg_field *ret_version)
{
	const char *open = memchr(src->p, '(', src->len);

	ret_name->p = src->p;
	ret_name->len = open ? (size_t)(open - src->p) : src->len;
	dsec_pkg_trim(ret_name);
	ret_version->p = NULL;
	ret_version->len = 0;
	if (open) {
		const char *close = memchr(open, ')', src->p + src->len - open);

		if (close) {
			ret_version->p = open + 1;
			ret_version->len = close - open - 1;
			dsec_pkg_trim(ret_version);
		}
	}
}

static bool valid_token(const struct dsec_pkg_field *f)
{
	return dsec_pkg_valid_token(f->p, f->len);
}

static int emit(struct dpkg_ctx *ctx, const struct stanza *st)
{
	struct dsec_pkg_field src_name, src_version;
	char *name = NULL, *version = NULL, *arch = NULL;
	char *sname = NULL, *sversion = NULL, *qual = NULL;
	char enc_arch[256], enc_distro[3 * sizeof(ctx->distro)];
	struct dsec_package pkg = { 0 };
	int ret = -ENOMEM;

	if (!is_installed(st, ctx->status_d))
		return 0;
	if (!valid_token(&st->package) || !valid_token(&st->version)) {
		dsec_pkg_skip(&ctx->skipped, st->package.p, st->package.len,
			      "(no Package: name)");
		return 0;
	}
	if (ctx->added >= DSEC_PKG_MAX_PER_FILE)
		return -E2BIG;

	src_name = st->package;
	src_version = st->version;
	if (st->source.len) {
		split_source(&st->source, &src_name, &src_version);
		if (!valid_token(&src_name))
			src_name = st->package;
		if (!valid_token(&src_version))
			src_version = st->version;
	}

	name = dsec_pkg_strndup(st->package.p, st->package.len);
	version = dsec_pkg_strndup(st->version.p, st->version.len);
	sname = dsec_pkg_strndup(src_name.p, src_name.len);
	sversion = dsec_pkg_strndup(src_version.p, src_version.len);
	arch = st->arch.len ? dsec_pkg_strndup(st->arch.p, st->arch.len) : NULL;
	qual = malloc(sizeof(enc_arch) + sizeof(enc_distro) + 32);
	if (!name || !version || !sname || !sversion || !qual ||
	    (st->arch.len && !arch))
		goto out_free;

	qual[0] = '\0';
	if (arch && dsec_purl_encode(arch, enc_arch, sizeof(enc_arch)))
		sprintf(qual, "arch=%s", enc_arch);
	if (ctx->distro[0] &&
	    dsec_purl_encode(ctx->distro, enc_distro, sizeof(enc_distro)))
		sprintf(qual + strlen(qual), "%sdistro=%s", qual[0] ? "&" : "",
			enc_distro);

	pkg.ecosystem = ctx->ecosystem;
	pkg.name = name;
	pkg.version = version;
	pkg.source_name = sname;
	pkg.source_version = sversion;
	pkg.arch = arch;
	pkg.location = ctx->origin->location;
	pkg.layer_digest = ctx->origin->layer_digest;
	pkg.purl = dsec_purl(ctx->scan, "deb", ctx->distro_ns, name, version, qual);
	if (!pkg.purl)
		goto out_free;
	ret = dsec_scan_add_package(ctx->scan, &pkg);
	if (!ret)
		ctx->added++;
out_free:
	free(name);
	free(version);
	free(sname);
	free(sversion);
	free(arch);
	free(qual);
	return ret;
}

static void set_field(struct stanza *st, const char *key, size_t klen,
		      const char *value, size_t vlen)
{
	static const struct {
		const char *key;
		size_t offset;
	} fields[] = {
		{ "Package", offsetof(struct stanza, package) },
		{ "Status", offsetof(struct stanza, status) },
		{ "Version", offsetof(struct stanza, version) },
		{ "Source", offsetof(struct stanza, source) },
		{ "Architecture", offsetof(struct stanza, arch) },
	};
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		struct dsec_pkg_field *f;

		if (strlen(fields[i].key) != klen ||
		    strncasecmp(fields[i].key, key, klen))
			continue;
		f = (struct dsec_pkg_field *)((char *)st + fields[i].offset);
		f->p = value;
		f->len = vlen;
		dsec_pkg_trim(f);
		return;
	}
}

static void init_distro(struct dpkg_ctx *ctx)
{
	const struct dsec_os *os = &ctx->scan->os;
	bool ubuntu = os->id && !strcmp(os->id, "ubuntu");

	ctx->ecosystem = ubuntu ? "Ubuntu" : "Debian";
	ctx->distro_ns = ubuntu ? "ubuntu" : "debian";
	ctx->distro[0] = '\0';
	if (os->id && os->version_id)
		snprintf(ctx->distro, sizeof(ctx->distro), "%s-%s", os->id,
			 os->version_id);
	else if (os->id)
		snprintf(ctx->distro, sizeof(ctx->distro), "%s", os->id);
}

/* Fields are "Key: value" lines. A continuation line starts with a space or tab. */
static bool read_line(void *arg, const char *p, size_t len)
{
	struct dpkg_ctx *ctx = arg;
	const char *colon;

	if (p[0] == ' ' || p[0] == '\t')
		return false;
	colon = memchr(p, ':', len);
	if (!colon)
		return false;
	set_field(&ctx->st, p, colon - p, colon + 1, p + len - colon - 1);
	return true;
}

static int end_stanza(void *arg)
{
	struct dpkg_ctx *ctx = arg;
	int ret = emit(ctx, &ctx->st);

	memset(&ctx->st, 0, sizeof(ctx->st));
	return ret;
}

int dsec_dpkg_parse(struct dsec_scan *scan, const char *data, size_t len,
		    const struct dsec_pkg_origin *origin, bool status_d)
{
	struct dpkg_ctx ctx = {
		.scan = scan,
		.origin = origin,
		.status_d = status_d,
	};
	int ret;

	init_distro(&ctx);
	ret = dsec_pkg_parse_stanzas(data, len, read_line, end_stanza, &ctx);
	return dsec_pkg_parse_end(scan, origin, ret, ctx.added,
				  "dpkg stanzas without a valid Package: or Version:",
				  &ctx.skipped);
}

static bool is_status_d(const char *path)
{
	const char *name = path + strlen(STATUS_D_DIR);

	return !strncmp(path, STATUS_D_DIR, strlen(STATUS_D_DIR)) && *name &&
	       !strchr(name, '/') && !dsec_pkg_has_suffix(name, ".md5sums");
}

static ssize_t dpkg_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (!S_ISREG(file->mode))
		return -1;
	if (strcmp(file->path, STATUS_PATH) && !is_status_d(file->path))
		return -1;
	return DSEC_PKG_MAX_DB_BYTES;
}

static int dpkg_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (!dsec_pkg_file_complete(scan, file))
		return 0;
	return dsec_pkg_copies_add(scan, &dsec_analyzer_dpkg, file,
				   is_status_d(file->path));
}

static int dpkg_finish(struct dsec_scan *scan)
{
	struct dsec_pkg_copies *copies =
		dsec_pkg_copies_get(scan, &dsec_analyzer_dpkg);
	size_t i;

	for (i = 0; copies && i < copies->n; i++) {
		struct dsec_pkg_copy *c = &copies->items[i];
		int ret = dsec_dpkg_parse(scan, c->data, c->len, &c->origin,
					  c->flag);

		if (ret < 0)
			return ret;
	}
	return 0;
}

static void dpkg_free(struct dsec_scan *scan)
{
	dsec_pkg_copies_free(scan, &dsec_analyzer_dpkg);
}

const struct dsec_analyzer dsec_analyzer_dpkg = {
	.name = "dpkg",
	.wants = dpkg_wants,
	.analyze = dpkg_analyze,
	.finish = dpkg_finish,
	.free = dpkg_free,
};
