// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the package parsers: package URLs, reports of skipped
 * entries, and the copies that OS package analyzers keep until finish().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scan/pkg.h"

bool dsec_purl_encode(const char *s, char *buf, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') || c == '.' || c == '-' ||
			     c == '_' || c == '~';

		if (o + (plain ? 1 : 3) >= size)
			return false;
		if (plain) {
			buf[o++] = (char)c;
		} else {
			buf[o++] = '%';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		}
	}
	if (o >= size)
		return false;
	buf[o] = '\0';
	return true;
}

const char *dsec_purl(struct dsec_scan *scan, const char *type,
		      const char *namespace, const char *name,
		      const char *version, const char *qualifiers)
{
	size_t size = 3 * (strlen(name) + strlen(version) +
			   (namespace ? strlen(namespace) : 0)) + 64 +
		      strlen(type) + (qualifiers ? strlen(qualifiers) : 0);
	char *enc_ns = malloc(size), *enc_name = malloc(size);
	char *enc_ver = malloc(size), *purl = malloc(4 * size);
	const char *ret = NULL;

	if (!enc_ns || !enc_name || !enc_ver || !purl)
		goto out_free;
	if (!dsec_purl_encode(namespace ? namespace : "", enc_ns, size) ||
	    !dsec_purl_encode(name, enc_name, size) ||
	    !dsec_purl_encode(version, enc_ver, size))
		goto out_free;

	snprintf(purl, 4 * size, "pkg:%s/%s%s%s@%s%s%s", type, enc_ns,
		 namespace ? "/" : "", enc_name, enc_ver,
		 qualifiers && *qualifiers ? "?" : "",
		 qualifiers ? qualifiers : "");
	ret = dsec_scan_strdup(scan, purl);
out_free:
	free(enc_ns);
	free(enc_name);
	free(enc_ver);
	free(purl);
	return ret;
}

int dsec_pkg_report_skipped(struct dsec_scan *scan,
			    const struct dsec_pkg_origin *origin,
			    const char *what, size_t count,
			    const char *example)
{
	struct dsec_finding finding = {
		.class = DSEC_FINDING_UNSUPPORTED,
		.severity = DSEC_SEV_INFO,
		.id = "DSEC-PKG-SKIPPED",
		.path = origin->location,
		.layer_digest = origin->layer_digest,
		.package = -1,
	};
	char title[256], evidence[160];

	if (!count)
		return 0;
	snprintf(title, sizeof(title), "%zu %s skipped in %s", count, what,
		 origin->location);
	finding.title = title;
	if (example) {
		snprintf(evidence, sizeof(evidence), "first: \"%.120s\"", example);
		finding.evidence = evidence;
	}
	return dsec_scan_add_finding(scan, &finding);
}

int dsec_pkg_report_limit(struct dsec_scan *scan,
			  const struct dsec_pkg_origin *origin)
{
	struct dsec_finding finding = {
		.class = DSEC_FINDING_UNSUPPORTED,
		.severity = DSEC_SEV_MEDIUM,
		.id = "DSEC-PKG-LIMIT",
		.path = origin->location,
		.layer_digest = origin->layer_digest,
		.package = -1,
	};
	char title[256];

	snprintf(title, sizeof(title),
		 "package list cut at %d packages in %s; the rest were not scanned",
		 DSEC_PKG_MAX_PER_FILE, origin->location);
	finding.title = title;
	return dsec_scan_add_finding(scan, &finding);
}

char *dsec_pkg_strndup(const char *s, size_t len)
{
	if (len > DSEC_PKG_MAX_FIELD)
		len = DSEC_PKG_MAX_FIELD;
	return strndup(s, len);
}

bool dsec_pkg_valid_token(const char *p, size_t len)
{
	size_t i;

	if (!len || len > DSEC_PKG_MAX_FIELD)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char)p[i] <= ' ' || p[i] == 0x7f)
			return false;
	return true;
}

void dsec_pkg_trim(struct dsec_pkg_field *f)
{
	while (f->len && (f->p[0] == ' ' || f->p[0] == '\t')) {
		f->p++;
		f->len--;
	}
	while (f->len && (f->p[f->len - 1] == ' ' || f->p[f->len - 1] == '\t' ||
			  f->p[f->len - 1] == '\r'))
		f->len--;
}

int dsec_pkg_parse_stanzas(const char *data, size_t len,
			   bool (*line)(void *arg, const char *p, size_t len),
			   int (*end)(void *arg), void *arg)
{
	const char *p = data, *data_end = data + len;
	bool any = false;		/* the current stanza has a field */
	int ret = 0;

	while (p <= data_end && ret >= 0) {
		const char *nl = p < data_end ? memchr(p, '\n', data_end - p) : NULL;
		size_t line_len = (nl ? nl : data_end) - p;

		if (line_len && p[line_len - 1] == '\r')
			line_len--;

		if (line_len == 0) {
			if (any)
				ret = end(arg);
			any = false;
		} else if (line(arg, p, line_len)) {
			any = true;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (ret >= 0 && any)
		ret = end(arg);
	return ret;
}

void dsec_pkg_skip(struct dsec_pkg_skipped *skipped, const char *name,
		   size_t len, const char *unnamed)
{
	skipped->count++;
	if (!skipped->first)
		skipped->first = len ? dsec_pkg_strndup(name, len) : strdup(unnamed);
}

int dsec_pkg_parse_end(struct dsec_scan *scan,
		       const struct dsec_pkg_origin *origin, int ret,
		       size_t added, const char *what,
		       struct dsec_pkg_skipped *skipped)
{
	if (ret == -E2BIG)
		ret = dsec_pkg_report_limit(scan, origin);
	if (ret >= 0)
		ret = dsec_pkg_report_skipped(scan, origin, what, skipped->count,
					      skipped->first);
	free(skipped->first);
	skipped->first = NULL;
	return ret < 0 ? ret : (int)added;
}

bool dsec_pkg_has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);

	return n >= m && !memcmp(path + n - m, suffix, m);
}

/* The layer's blob digest, else its diff ID (legacy docker save archives). */
static const char *layer_id(const struct dsec_file *file)
{
	if (!file->layer)
		return NULL;
	return file->layer->digest ? file->layer->digest : file->layer->diff_id;
}

struct dsec_pkg_origin dsec_pkg_file_origin(const struct dsec_file *file)
{
	struct dsec_pkg_origin origin = {
		.location = file->path,
		.layer_digest = layer_id(file),
	};

	return origin;
}

bool dsec_pkg_file_complete(struct dsec_scan *scan, const struct dsec_file *file)
{
	struct dsec_finding finding = {
		.class = DSEC_FINDING_UNSUPPORTED,
		.severity = DSEC_SEV_INFO,
		.id = "DSEC-PKG-TOO-LARGE",
		.path = file->path,
		.layer_digest = layer_id(file),
		.package = -1,
	};
	char title[256];

	if (file->data && !file->data_truncated)
		return true;
	snprintf(title, sizeof(title),
		 "package file of %lld bytes not parsed: only %zu bytes were read; raise the file read limit",
		 (long long)file->size, file->data_len);
	finding.title = title;
	dsec_scan_add_finding(scan, &finding);
	return false;
}

struct dsec_pkg_copies *dsec_pkg_copies_get(struct dsec_scan *scan,
					    const struct dsec_analyzer *analyzer)
{
	void **slot = dsec_scan_analyzer_state(scan, analyzer);

	return slot ? *slot : NULL;
}

int dsec_pkg_copies_add(struct dsec_scan *scan, const struct dsec_analyzer *analyzer,
			const struct dsec_file *file, bool flag)
{
	void **slot = dsec_scan_analyzer_state(scan, analyzer);
	struct dsec_pkg_copies *copies;
	struct dsec_pkg_copy *copy;

	if (!slot)
		return -EINVAL;
	if (!*slot) {
		*slot = calloc(1, sizeof(struct dsec_pkg_copies));
		if (!*slot)
			return -ENOMEM;
	}
	copies = *slot;

	if (copies->n == copies->cap) {
		size_t cap = copies->cap ? 2 * copies->cap : 4;
		struct dsec_pkg_copy *items;

		items = reallocarray(copies->items, cap, sizeof(*items));
		if (!items)
			return -ENOMEM;
		copies->items = items;
		copies->cap = cap;
	}

	copy = &copies->items[copies->n];
	memset(copy, 0, sizeof(*copy));
	copy->data = malloc(file->data_len ? file->data_len : 1);
	if (!copy->data)
		return -ENOMEM;
	if (file->data_len)
		memcpy(copy->data, file->data, file->data_len);
	copy->len = file->data_len;
	copy->flag = flag;
	copy->origin.location = dsec_scan_strdup(scan, file->path);
	copy->origin.layer_digest = dsec_scan_strdup(scan, layer_id(file));
	if (!copy->origin.location) {
		free(copy->data);
		return -ENOMEM;
	}
	copies->n++;
	return 0;
}

void dsec_pkg_copies_free(struct dsec_scan *scan, const struct dsec_analyzer *analyzer)
{
	struct dsec_pkg_copies *copies = dsec_scan_analyzer_state_take(scan, analyzer);
	size_t i;

	if (!copies)
		return;
	for (i = 0; i < copies->n; i++)
		free(copies->items[i].data);
	free(copies->items);
	free(copies);
}
