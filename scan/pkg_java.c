// SPDX-License-Identifier: GPL-2.0
/*
 * Java: Maven coordinates from META-INF/maven/<group>/<artifact>/
 * pom.properties inside .jar, .war and .ear files, and from jars nested in
 * them (Spring Boot's BOOT-INF/lib, WEB-INF/lib, META-INF/jars), read with
 * libarchive from memory up to limits.max_nesting levels deep. Any member
 * named pom.properties counts, because some build tools write it outside
 * META-INF/maven. Packages are named "group:artifact", as OSV's Maven
 * ecosystem names them.
 *
 * NOTE: a jar without pom.properties (built without Maven metadata, or
 * shaded) yields no package; its name and version are not guessed from
 * the file name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

#include "scan/pkg.h"

#define POM_MAX_BYTES		(64u << 10)
#define JAVA_MAX_MEMBERS	200000		/* members read in one archive */
/*
 * Nested archives in memory at once: a stored jar in a jar in a jar
 * would otherwise hold one buffer per level, so a 60 KiB jar could take
 * hundreds of MiB.
 */
#define JAVA_MAX_NESTED_BYTES	(32u << 20)
#define JAVA_BUDGET_BYTES	(512u << 20)	/* all nested archives of a file */
#define JAVA_MAX_RETRIES	8

struct prop {
	const char *p;
	size_t len;
};

static void trim(struct prop *v)
{
	while (v->len && (*v->p == ' ' || *v->p == '\t' || *v->p == '\f')) {
		v->p++;
		v->len--;
	}
	while (v->len && (v->p[v->len - 1] == ' ' || v->p[v->len - 1] == '\t' ||
			  v->p[v->len - 1] == '\r'))
		v->len--;
}

/* A backslash would start a properties escape, which is not decoded. */
static bool valid_token(const struct prop *v)
{
	return dsec_pkg_valid_token(v->p, v->len) && !memchr(v->p, '\\', v->len);
}

/*
 * Java properties, as much as pom.properties uses: "key=value",
 * "key:value" or "key value" lines, '#' and '!' comments. Escapes and
 * continuation lines do not occur in Maven's output; a value that
 * contains a backslash is rejected rather than misread.
 */
int dsec_pom_properties_parse(struct dsec_scan *scan, const char *data,
			      size_t len, const struct dsec_pkg_origin *origin)
{
	const char *p = data, *end = data + len;
	struct prop group = { 0 }, artifact = { 0 }, version = { 0 };
	char *g = NULL, *a = NULL, *v = NULL, *name = NULL;
	struct dsec_package pkg = { 0 };
	int ret = -ENOMEM;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *line_end = nl ? nl : end;
		struct prop key = { p, 0 }, value;
		const char *q;

		while (key.p < line_end && (*key.p == ' ' || *key.p == '\t'))
			key.p++;
		if (key.p < line_end && *key.p != '#' && *key.p != '!') {
			for (q = key.p; q < line_end && *q != '=' && *q != ':' &&
			     *q != ' ' && *q != '\t'; q++)
				;
			key.len = q - key.p;
			while (q < line_end && (*q == ' ' || *q == '\t'))
				q++;
			if (q < line_end && (*q == '=' || *q == ':'))
				q++;
			value.p = q;
			value.len = line_end - q;
			trim(&value);
			if (key.len == 7 && !memcmp(key.p, "groupId", 7))
				group = value;
			else if (key.len == 10 && !memcmp(key.p, "artifactId", 10))
				artifact = value;
			else if (key.len == 7 && !memcmp(key.p, "version", 7))
				version = value;
		}
		if (!nl)
			break;
		p = nl + 1;
	}

	if (!valid_token(&group) || !valid_token(&artifact) || !valid_token(&version))
		return dsec_pkg_report_skipped(scan, origin,
					       "pom.properties files without a valid groupId, artifactId or version",
					       1, origin->location);

	g = dsec_pkg_strndup(group.p, group.len);
	a = dsec_pkg_strndup(artifact.p, artifact.len);
	v = dsec_pkg_strndup(version.p, version.len);
	if (!g || !a || !v || asprintf(&name, "%s:%s", g, a) < 0) {
		name = NULL;
		goto out_free;
	}

	pkg.ecosystem = "Maven";
	pkg.name = name;
	pkg.version = v;
	pkg.location = origin->location;
	pkg.layer_digest = origin->layer_digest;
	pkg.purl = dsec_purl(scan, "maven", g, a, v, NULL);
	if (!pkg.purl)
		goto out_free;
	ret = dsec_scan_add_package(scan, &pkg);
	if (!ret)
		ret = 1;
out_free:
	free(g);
	free(a);
	free(v);
	free(name);
	return ret;
}

static bool is_java_archive(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && (!strcasecmp(path + n - 4, ".jar") ||
			 !strcasecmp(path + n - 4, ".war") ||
			 !strcasecmp(path + n - 4, ".ear"));
}

static bool is_pom_properties(const char *path)
{
	const char *slash = strrchr(path, '/');

	return !strcmp(slash ? slash + 1 : path, "pom.properties");
}

struct java_ctx {
	struct dsec_scan *scan;
	const char *layer_digest;
	unsigned int max_nesting;
	size_t budget;			/* bytes left for nested archives */
	size_t held;			/* bytes of the nested archives being read */
	size_t added;
};

static int report_java(struct dsec_scan *scan, const char *location,
		       const char *layer_digest, const char *id, const char *title)
{
	struct dsec_finding finding = {
		.class = DSEC_FINDING_UNSUPPORTED,
		.severity = DSEC_SEV_INFO,
		.id = id,
		.title = title,
		.path = location,
		.layer_digest = layer_digest,
		.package = -1,
	};

	return dsec_scan_add_finding(scan, &finding);
}

/* Read the current member into a new buffer of at most max bytes. */
static int read_member(struct archive *ar, size_t max, char **ret_buf,
		       size_t *ret_len)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	la_ssize_t n;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len == cap) {
			char *grown;

			if (cap >= max) {
				free(buf);
				return -EFBIG;
			}
			cap = cap * 2 > max ? max : cap * 2;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				return -ENOMEM;
			}
			buf = grown;
		}
		n = archive_read_data(ar, buf + len, cap - len);
		if (n == 0)
			break;
		if (n < 0) {
			free(buf);
			return -EIO;
		}
		len += n;
	}
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}

static int walk_archive(struct java_ctx *ctx, const void *data, size_t len,
			const char *location, unsigned int depth);

static int visit_member(struct java_ctx *ctx, struct archive *ar,
			const char *location, const char *member,
			unsigned int depth)
{
	struct dsec_pkg_origin origin = {
		.location = location,
		.layer_digest = ctx->layer_digest,
	};
	char *buf, *inner, title[512];
	size_t len, max;
	int ret;

	if (is_pom_properties(member)) {
		ret = read_member(ar, POM_MAX_BYTES, &buf, &len);
		if (ret == -EFBIG || ret == -EIO)
			return dsec_pkg_report_skipped(ctx->scan, &origin,
						       "pom.properties members that are unreadable or over 64 KiB",
						       1, member);
		if (ret < 0)
			return ret;
		ret = dsec_pom_properties_parse(ctx->scan, buf, len, &origin);
		free(buf);
		if (ret > 0)
			ctx->added += ret;
		return ret < 0 ? ret : 0;
	}

	if (!is_java_archive(member))
		return 0;
	if (asprintf(&inner, "%s!/%s", location, member) < 0)
		return -ENOMEM;
	if (depth + 1 > ctx->max_nesting) {
		snprintf(title, sizeof(title),
			 "archive nested %u levels deep not read; the nesting limit is %u",
			 depth + 1, ctx->max_nesting);
		ret = report_java(ctx->scan, inner, ctx->layer_digest,
				  "DSEC-PKG-NESTING", title);
		free(inner);
		return ret;
	}

	max = JAVA_MAX_NESTED_BYTES - ctx->held;
	if (max > ctx->budget)
		max = ctx->budget;
	ret = read_member(ar, max, &buf, &len);
	if (ret == -EFBIG || ret == -EIO) {
		snprintf(title, sizeof(title),
			 "nested archive not read: unreadable, over the %u MiB limit for nested archives in memory at once, or over the remaining budget",
			 JAVA_MAX_NESTED_BYTES >> 20);
		ret = report_java(ctx->scan, inner, ctx->layer_digest,
				  "DSEC-PKG-NESTED-ARCHIVE", title);
		free(inner);
		return ret;
	}
	if (ret < 0) {
		free(inner);
		return ret;
	}
	ctx->budget -= len;
	ctx->held += len;
	ret = walk_archive(ctx, buf, len, inner, depth + 1);
	ctx->held -= len;
	free(buf);
	free(inner);
	return ret;
}

static int walk_archive(struct java_ctx *ctx, const void *data, size_t len,
			const char *location, unsigned int depth)
{
	struct archive_entry *entry;
	unsigned int retries = 0;
	size_t members = 0;
	struct archive *ar;
	int ret = 0, r;

	ar = archive_read_new();
	if (!ar)
		return -ENOMEM;
	archive_read_support_format_zip(ar);
	if (archive_read_open_memory(ar, data, len) != ARCHIVE_OK) {
		ret = -EINVAL;
		goto out_free;
	}

	while (ret >= 0) {
		r = archive_read_next_header(ar, &entry);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_RETRY && ++retries < JAVA_MAX_RETRIES)
			continue;
		if (r < ARCHIVE_WARN && !members) {
			ret = -EINVAL;
			break;
		}
		if (r < ARCHIVE_WARN) {
			/* A damaged archive: keep what was read before the damage. */
			ret = dsec_pkg_report_skipped(ctx->scan,
				&(struct dsec_pkg_origin){ location, ctx->layer_digest },
				"Java archives that are damaged past this point", 1,
				archive_error_string(ar));
			break;
		}
		if (++members > JAVA_MAX_MEMBERS) {
			ret = dsec_pkg_report_skipped(ctx->scan,
				&(struct dsec_pkg_origin){ location, ctx->layer_digest },
				"Java archive members over the limit", 1, NULL);
			break;
		}
		if (archive_entry_filetype(entry) != AE_IFREG ||
		    !archive_entry_pathname(entry))
			continue;
		ret = visit_member(ctx, ar, location,
				   archive_entry_pathname(entry), depth);
	}
out_free:
	archive_read_free(ar);
	return ret;
}

int dsec_java_archive_parse(struct dsec_scan *scan, const void *data,
			    size_t len, const struct dsec_pkg_origin *origin,
			    unsigned int max_nesting)
{
	struct java_ctx ctx = {
		.scan = scan,
		.layer_digest = origin->layer_digest,
		.max_nesting = max_nesting,
		.budget = JAVA_BUDGET_BYTES,
	};
	int ret;

	ret = walk_archive(&ctx, data, len, origin->location, 0);
	return ret < 0 ? ret : (int)ctx.added;
}

static ssize_t java_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (!S_ISREG(file->mode) || !is_java_archive(file->path))
		return -1;
	return DSEC_PKG_MAX_DB_BYTES;
}

static int java_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	struct dsec_pkg_origin origin = dsec_pkg_file_origin(file);
	int ret;

	if (!dsec_pkg_file_complete(scan, file))
		return 0;
	ret = dsec_java_archive_parse(scan, file->data, file->data_len, &origin,
				      scan->opts.limits.max_nesting);
	if (ret == -EINVAL)
		ret = dsec_pkg_report_skipped(scan, &origin,
					      "Java archives that are not zip files",
					      1, file->path);
	return ret < 0 ? ret : 0;
}

const struct dsec_analyzer dsec_analyzer_java = {
	.name = "java",
	.wants = java_wants,
	.analyze = java_analyze,
};
