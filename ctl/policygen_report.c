// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a `dsecctl scan --format json` report (schema
 * dsec-scan-report/1, documented in docs/scan.md) back into a struct
 * dsec_scan, so `dsecctl policy from-scan` generates the same policy as
 * `dsecctl scan --emit-policy`. Only what the generator uses is read:
 *
 *   image:        { ref, digest, user, volumes: [..] }
 *   packages:     [ { ecosystem, name, version, source_name } ]
 *   findings:     [ { class, id, title, path, package, aliases } ]
 *   executables:  [ { path, mode } ]   (null without --list-executables)
 *
 * A finding's package is its index into packages. Unknown members are
 * ignored, so reports with added members still read.
 *
 * NOTE: the report holds only the findings that its --severity let in,
 * so a report written with --severity above LOW can lack the setuid
 * findings that `scan --emit-policy` would have used.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "ctl/policygen.h"
#include "scan/json_get.h"
#include "scan/osv.h"
#include "scan/report.h"

#define MAX_REPORT_CONTAINERS	(2u << 20)	/* objects and arrays in a report */

static struct json_object *member(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!obj || !json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, key, &v))
		return NULL;
	return v;
}

static size_t array_len(struct json_object *v)
{
	return v && json_object_is_type(v, json_type_array) ?
	       json_object_array_length(v) : 0;
}

static int read_class(const char *name, enum dsec_finding_class *ret)
{
	enum dsec_finding_class c;

	for (c = DSEC_FINDING_VULN; c <= DSEC_FINDING_UNSUPPORTED; c++) {
		if (name && !strcmp(name, dsec_finding_class_name(c))) {
			*ret = c;
			return 0;
		}
	}
	return -EINVAL;
}

/* Join a JSON array of strings with commas; NULL when empty. */
static char *join_aliases(struct json_object *v)
{
	size_t i, n = array_len(v), len = 0;
	char *out;

	for (i = 0; i < n; i++)
		len += strlen(json_object_get_string(json_object_array_get_idx(v, i))) + 1;
	if (!len)
		return NULL;
	out = calloc(1, len + 1);
	for (i = 0; out && i < n; i++) {
		if (i)
			strcat(out, ",");
		strcat(out, json_object_get_string(json_object_array_get_idx(v, i)));
	}
	return out;
}

static int read_packages(struct dsec_scan *scan, struct json_object *arr)
{
	size_t i, n = array_len(arr);
	int ret;

	for (i = 0; i < n; i++) {
		struct json_object *p = json_object_array_get_idx(arr, i);
		struct dsec_package pkg = {
			.ecosystem = dsec_json_get_string(p, "ecosystem"),
			.name = dsec_json_get_string(p, "name"),
			.version = dsec_json_get_string(p, "version"),
			.source_name = dsec_json_get_string(p, "source_name"),
		};

		if (!pkg.name)
			continue;
		ret = dsec_scan_add_package(scan, &pkg);
		if (ret)
			return ret;
	}
	return 0;
}

static int read_findings(struct dsec_scan *scan, struct json_object *arr,
			 char *err, size_t err_size)
{
	size_t i, n = array_len(arr);
	int ret;

	for (i = 0; i < n; i++) {
		struct json_object *f = json_object_array_get_idx(arr, i);
		struct json_object *pkg = member(f, "package");
		struct dsec_finding finding = {
			.id = dsec_json_get_string(f, "id"),
			.title = dsec_json_get_string(f, "title"),
			.path = dsec_json_get_string(f, "path"),
			.package = -1,
		};
		char *aliases;

		if (read_class(dsec_json_get_string(f, "class"), &finding.class)) {
			snprintf(err, err_size,
				 "finding %zu of the report has an unknown class '%s'",
				 i, dsec_json_get_string(f, "class") ? : "(none)");
			return -EINVAL;
		}
		if (pkg && json_object_is_type(pkg, json_type_int) &&
		    json_object_get_int64(pkg) >= 0 &&
		    (size_t)json_object_get_int64(pkg) < scan->n_packages)
			finding.package = (int)json_object_get_int64(pkg);

		aliases = join_aliases(member(f, "aliases"));
		finding.aliases = aliases;
		ret = dsec_scan_add_finding(scan, &finding);
		free(aliases);
		if (ret)
			return ret;
	}
	return 0;
}

static int read_executables(struct dsec_scan *scan, struct json_object *arr)
{
	size_t i, n = array_len(arr);
	int ret;

	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(arr, i);
		struct dsec_executable exe = {
			.path = dsec_json_get_string(e, "path"),
			.mode = (mode_t)json_object_get_int(member(e, "mode")) & 07777,
		};

		if (!exe.path || exe.path[0] != '/')
			continue;
		ret = dsec_scan_add_executable(scan, &exe);
		if (ret)
			return ret;
	}
	return 0;
}

static int read_volumes(struct dsec_scan *scan, struct json_object *arr)
{
	size_t i, n = array_len(arr);

	if (!n)
		return 0;
	scan->config.volumes = calloc(n + 1, sizeof(char *));
	if (!scan->config.volumes)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const char *v = json_object_get_string(json_object_array_get_idx(arr, i));

		scan->config.volumes[i] = (char *)dsec_scan_strdup(scan, v);
		if (v && !scan->config.volumes[i])
			return -ENOMEM;
	}
	return 0;
}

int dsec_policygen_read_report(const char *path, struct dsec_scan *scan,
			       char *err, size_t err_size)
{
	struct json_object *root = NULL, *image;
	const char *schema;
	struct json_tokener *tok = NULL;
	char *buf = NULL;
	size_t len, containers;
	int ret;

	ret = dsec_read_file(path, &buf, &len);
	if (ret) {
		snprintf(err, err_size, "cannot read report '%s': %s", path,
			 ret == -EFBIG ? "file too large" : strerror(-ret));
		return ret;
	}
	/*
	 * json-c takes about 800 bytes for an empty object, so a report of
	 * "{}," repeated would take 270 times its size. A real report has
	 * one object per package, finding and executable, and a scan stops
	 * at 10^6 files.
	 */
	dsec_json_value_end(buf, len, 0, &containers);
	if (containers > MAX_REPORT_CONTAINERS) {
		snprintf(err, err_size,
			 "report '%s' has more than %u JSON objects and arrays; it is not a dsec scan report",
			 path, MAX_REPORT_CONTAINERS);
		ret = -E2BIG;
		goto out;
	}
	tok = json_tokener_new_ex(64);
	root = tok ? json_tokener_parse_ex(tok, buf, (int)len) : NULL;
	if (!root || !json_object_is_type(root, json_type_object)) {
		snprintf(err, err_size,
			 "'%s' is not a JSON scan report; write one with 'dsecctl scan --format json --output FILE'",
			 path);
		ret = -EINVAL;
		goto out;
	}

	schema = dsec_json_get_string(root, "schema");
	if (!schema || strcmp(schema, DSEC_REPORT_JSON_SCHEMA)) {
		snprintf(err, err_size,
			 "report '%s' has schema '%s', expected '%s'; write it again with this version's 'dsecctl scan --format json'",
			 path, schema ? schema : "(none)", DSEC_REPORT_JSON_SCHEMA);
		ret = -EINVAL;
		goto out;
	}

	image = member(root, "image");
	scan->image_ref = dsec_scan_strdup(scan, dsec_json_get_string(image, "ref"));
	scan->image_digest = dsec_scan_strdup(scan, dsec_json_get_string(image, "digest"));
	scan->config.user = dsec_scan_strdup(scan, dsec_json_get_string(image, "user"));

	ret = read_packages(scan, member(root, "packages"));
	if (!ret)
		ret = read_findings(scan, member(root, "findings"), err, err_size);
	if (!ret)
		ret = read_executables(scan, member(root, "executables"));
	if (!ret)
		ret = read_volumes(scan, member(image, "volumes"));
	if (ret && !err[0])
		snprintf(err, err_size, "cannot read report '%s': %s", path,
			 strerror(-ret));
out:
	json_object_put(root);
	if (tok)
		json_tokener_free(tok);
	free(buf);
	return ret;
}
