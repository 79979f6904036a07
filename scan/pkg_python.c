// SPDX-License-Identifier: GPL-2.0
/*
 * Python: installed distributions' core metadata, the RFC 822-style
 * header block of *.dist-info/METADATA, *.egg-info/PKG-INFO,
 * EGG-INFO/PKG-INFO inside an .egg, and *.egg-info when it is a single
 * file. Names are normalized as PEP 503 specifies (lower case, runs of
 * "-", "_" and "." become one "-"), which is how PyPI advisories and
 * package URLs name them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scan/pkg.h"

char *dsec_python_normalize(const char *name, char *buf, size_t size)
{
	size_t o = 0;
	bool sep = false;

	for (; *name; name++) {
		char c = *name;

		if (c == '-' || c == '_' || c == '.') {
			sep = true;
			continue;
		}
		if (sep && o) {
			if (o + 1 >= size)
				return NULL;
			buf[o++] = '-';
		}
		sep = false;
		if (o + 1 >= size)
			return NULL;
		buf[o++] = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
	}
	if (!o)
		return NULL;
	buf[o] = '\0';
	return buf;
}

static bool valid_token(const struct dsec_pkg_field *f)
{
	return dsec_pkg_valid_token(f->p, f->len);
}

static bool key_is(const char *p, size_t klen, const char *key)
{
	return strlen(key) == klen && !strncasecmp(p, key, klen);
}

/*
 * License, in order of preference: License-Expression (metadata 2.4),
 * a one-line License: other than UNKNOWN, then the last part of the first
 * "Classifier: License :: ..." naming one.
 */
struct licenses {
	struct dsec_pkg_field expression, license, classifier;
};

static void note_classifier(struct licenses *lic, struct dsec_pkg_field v)
{
	static const char prefix[] = "License ::";
	const char *last = NULL, *p;

	if (lic->classifier.len || v.len < sizeof(prefix) - 1 ||
	    memcmp(v.p, prefix, sizeof(prefix) - 1))
		return;
	for (p = v.p; p + 2 < v.p + v.len; p++)
		if (p[0] == ':' && p[1] == ':')
			last = p + 2;
	if (!last)
		return;
	lic->classifier.p = last;
	lic->classifier.len = v.p + v.len - last;
	dsec_pkg_trim(&lic->classifier);
	/* "License :: OSI Approved" alone names no license. */
	if (lic->classifier.len == 12 && !memcmp(lic->classifier.p, "OSI Approved", 12))
		lic->classifier.len = 0;
}

static const struct dsec_pkg_field *pick_license(const struct licenses *lic)
{
	if (lic->expression.len)
		return &lic->expression;
	if (lic->license.len && !(lic->license.len == 7 &&
				  !memcmp(lic->license.p, "UNKNOWN", 7)))
		return &lic->license;
	if (lic->classifier.len)
		return &lic->classifier;
	return NULL;
}

int dsec_python_metadata_parse(struct dsec_scan *scan, const char *data,
			       size_t len, const struct dsec_pkg_origin *origin)
{
	const char *p = data, *end = data + len;
	struct dsec_pkg_field name = { 0 }, version = { 0 };
	struct licenses lic = { 0 };
	const struct dsec_pkg_field *license;
	char *raw_name = NULL, *ver = NULL, *license_str = NULL;
	char norm[DSEC_PKG_MAX_FIELD + 1];
	struct dsec_package pkg = { 0 };
	int ret = -ENOMEM;

	/* The header block ends at the first empty line; the body is the description. */
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *line_end = nl ? nl : end;
		const char *colon;
		struct dsec_pkg_field v;

		if (line_end == p || (line_end == p + 1 && *p == '\r'))
			break;
		colon = memchr(p, ':', line_end - p);
		if (colon && *p != ' ' && *p != '\t') {
			size_t klen = colon - p;

			v.p = colon + 1;
			v.len = line_end - colon - 1;
			dsec_pkg_trim(&v);
			if (key_is(p, klen, "Name") && !name.len)
				name = v;
			else if (key_is(p, klen, "Version") && !version.len)
				version = v;
			else if (key_is(p, klen, "License-Expression"))
				lic.expression = v;
			else if (key_is(p, klen, "License") && !lic.license.len) {
				lic.license = v;
				/* A License: continued on the next line is full text, not a name. */
				if (nl && nl + 1 < end && (nl[1] == ' ' || nl[1] == '\t'))
					lic.license.len = 0;
			} else if (key_is(p, klen, "Classifier"))
				note_classifier(&lic, v);
		}
		if (!nl)
			break;
		p = nl + 1;
	}

	if (!valid_token(&name) || !valid_token(&version))
		return dsec_pkg_report_skipped(scan, origin,
					       "Python metadata files without a valid Name: or Version:",
					       1, origin->location);

	raw_name = dsec_pkg_strndup(name.p, name.len);
	ver = dsec_pkg_strndup(version.p, version.len);
	license = pick_license(&lic);
	if (license)
		license_str = dsec_pkg_strndup(license->p, license->len);
	if (!raw_name || !ver || (license && !license_str))
		goto out_free;
	if (!dsec_python_normalize(raw_name, norm, sizeof(norm))) {
		ret = dsec_pkg_report_skipped(scan, origin,
					      "Python metadata files without a valid Name: or Version:",
					      1, raw_name);
		goto out_free;
	}

	pkg.ecosystem = "PyPI";
	pkg.name = norm;
	pkg.version = ver;
	pkg.license = license_str;
	pkg.location = origin->location;
	pkg.layer_digest = origin->layer_digest;
	pkg.purl = dsec_purl(scan, "pypi", NULL, norm, ver, NULL);
	if (!pkg.purl)
		goto out_free;
	ret = dsec_scan_add_package(scan, &pkg);
	if (!ret)
		ret = 1;
out_free:
	free(raw_name);
	free(ver);
	free(license_str);
	return ret;
}

static bool is_metadata(const char *path)
{
	return dsec_pkg_has_suffix(path, ".dist-info/METADATA") ||
	       dsec_pkg_has_suffix(path, ".egg-info/PKG-INFO") ||
	       dsec_pkg_has_suffix(path, "/EGG-INFO/PKG-INFO") ||
	       dsec_pkg_has_suffix(path, ".egg-info");
}

static ssize_t python_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (!S_ISREG(file->mode) || !is_metadata(file->path))
		return -1;
	return DSEC_PKG_MAX_MANIFEST_BYTES;
}

static int python_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	struct dsec_pkg_origin origin = dsec_pkg_file_origin(file);
	int ret;

	/* Only the header block matters, so a cut-off description is harmless. */
	if (!file->data)
		return 0;
	ret = dsec_python_metadata_parse(scan, (const char *)file->data,
					 file->data_len, &origin);
	return ret < 0 ? ret : 0;
}

const struct dsec_analyzer dsec_analyzer_python = {
	.name = "python",
	.wants = python_wants,
	.analyze = python_analyze,
};
