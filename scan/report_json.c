// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON report. Field names are stable within a schema version
 * (DSEC_REPORT_JSON_SCHEMA); docs/scan.md documents every member. Absent
 * values are JSON null, never left out, so consumers can rely on the keys.
 */
#include <string.h>

#include "scan/report.h"

static void add(json_object *obj, const char *key, json_object *value)
{
	json_object_object_add(obj, key, value);
}

static json_object *package_json(const struct dsec_package *pkg)
{
	json_object *o = json_object_new_object();

	add(o, "ecosystem", dsec_json_string(pkg->ecosystem));
	add(o, "name", dsec_json_string(pkg->name));
	add(o, "version", dsec_json_string(pkg->version));
	add(o, "source_name", dsec_json_string(pkg->source_name));
	add(o, "source_version", dsec_json_string(pkg->source_version));
	add(o, "arch", dsec_json_string(pkg->arch));
	add(o, "purl", dsec_json_string(pkg->purl));
	add(o, "license", dsec_json_string(pkg->license));
	add(o, "location", dsec_json_string(pkg->location));
	add(o, "layer_digest", dsec_json_string(pkg->layer_digest));
	return o;
}

static json_object *aliases_json(const char *aliases)
{
	json_object *a = json_object_new_array();
	const char *p = aliases;

	while (p && *p) {
		size_t n = strcspn(p, ",");

		while (n && *p == ' ') {
			p++;
			n--;
		}
		if (n)
			json_object_array_add(a, json_object_new_string_len(p, (int)n));
		p += n;
		if (*p == ',')
			p++;
	}
	return a;
}

static json_object *finding_json(const struct dsec_scan *scan, const struct dsec_finding *f)
{
	json_object *o = json_object_new_object(), *cvss = NULL;

	add(o, "id", dsec_json_string(f->id));
	add(o, "class", json_object_new_string(dsec_finding_class_name(f->class)));
	add(o, "severity", json_object_new_string(dsec_severity_name(f->severity)));
	add(o, "title", dsec_json_string(f->title));
	add(o, "detail", dsec_json_string(f->detail));
	add(o, "path", dsec_json_string(f->path));
	add(o, "line", f->line ? json_object_new_int64(f->line) : NULL);
	add(o, "layer_digest", dsec_json_string(f->layer_digest));
	add(o, "evidence", dsec_json_string(f->evidence));
	if (f->class == DSEC_FINDING_VULN && f->package >= 0 &&
	    (size_t)f->package < scan->n_packages)
		add(o, "package", json_object_new_int64(f->package));
	else
		add(o, "package", NULL);
	add(o, "fixed_version", dsec_json_string(f->fixed_version));
	add(o, "aliases", aliases_json(f->aliases));
	if (f->cvss_score > 0 || f->cvss_vector) {
		cvss = json_object_new_object();
		add(cvss, "score", json_object_new_double(f->cvss_score));
		add(cvss, "vector", dsec_json_string(f->cvss_vector));
	}
	add(o, "cvss", cvss);
	return o;
}

/* A NULL-terminated string array as JSON; an empty array for NULL. */
static json_object *strv_json(char **strv)
{
	json_object *a = json_object_new_array();

	for (; strv && *strv; strv++)
		json_object_array_add(a, json_object_new_string(*strv));
	return a;
}

/* Executable files for exec allow-lists; null unless the scan listed them. */
static json_object *executables_json(const struct dsec_scan *scan)
{
	json_object *a;
	size_t i;

	if (!scan->opts.list_executables)
		return NULL;
	a = json_object_new_array();
	for (i = 0; i < scan->n_executables; i++) {
		json_object *e = json_object_new_object();

		add(e, "path", json_object_new_string(scan->executables[i].path));
		add(e, "mode", json_object_new_int64(scan->executables[i].mode & 07777));
		json_object_array_add(a, e);
	}
	return a;
}

static json_object *image_json(const struct dsec_scan *scan)
{
	json_object *o = json_object_new_object(), *os = json_object_new_object();
	json_object *layers = json_object_new_array();
	size_t i;

	add(o, "input", dsec_json_string(scan->opts.input));
	add(o, "format", dsec_json_string(scan->format));
	add(o, "ref", dsec_json_string(scan->image_ref));
	add(o, "digest", dsec_json_string(scan->image_digest));
	add(o, "architecture", dsec_json_string(scan->config.architecture));
	add(o, "created", dsec_json_string(scan->config.created));
	add(o, "user", dsec_json_string(scan->config.user));
	add(o, "volumes", strv_json(scan->config.volumes));
	add(os, "id", dsec_json_string(scan->os.id));
	add(os, "version_id", dsec_json_string(scan->os.version_id));
	add(os, "pretty_name", dsec_json_string(scan->os.pretty_name));
	add(o, "os", os);
	for (i = 0; i < scan->n_layers; i++) {
		json_object *l = json_object_new_object();

		add(l, "digest", dsec_json_string(scan->layers[i].digest));
		add(l, "diff_id", dsec_json_string(scan->layers[i].diff_id));
		add(l, "media_type", dsec_json_string(scan->layers[i].media_type));
		add(l, "size", json_object_new_int64((int64_t)scan->layers[i].size));
		json_object_array_add(layers, l);
	}
	add(o, "layers", layers);
	return o;
}

json_object *dsec_report_json(const struct dsec_scan *scan,
			      const struct dsec_report_options *opts)
{
	json_object *doc = json_object_new_object(), *tool = json_object_new_object();
	json_object *vulns = json_object_new_object(), *summary = json_object_new_object();
	json_object *by_sev = json_object_new_object();
	json_object *packages = json_object_new_array(), *findings = json_object_new_array();
	size_t counts[DSEC_SEV_CRITICAL + 1] = { 0 }, i, n = 0;
	uint64_t not_listed = 0;
	int sev;

	if (!doc)
		return NULL;
	add(doc, "schema", json_object_new_string(DSEC_REPORT_JSON_SCHEMA));
	add(tool, "name", json_object_new_string("dsec"));
	add(tool, "version", dsec_json_string(opts->tool_version));
	add(doc, "tool", tool);
	add(doc, "image", image_json(scan));

	add(vulns, "performed", json_object_new_boolean(!scan->vulns_skipped));
	add(vulns, "skipped_reason", scan->vulns_skipped ?
	    json_object_new_string(scan->vulns_skipped_reason ? scan->vulns_skipped_reason
							       : "no database") : NULL);
	add(vulns, "hint", scan->vulns_skipped ?
	    json_object_new_string(dsec_report_vuln_hint()) : NULL);
	add(doc, "vulnerability_matching", vulns);

	for (i = 0; i < scan->n_packages; i++)
		json_object_array_add(packages, package_json(&scan->packages[i]));
	for (i = 0; i < scan->n_findings; i++) {
		const struct dsec_finding *f = &scan->findings[i];

		if (!dsec_report_included(f, opts))
			continue;
		counts[f->severity]++;
		n++;
		not_listed += f->not_listed;
		json_object_array_add(findings, finding_json(scan, f));
	}

	add(summary, "files", json_object_new_int64((int64_t)scan->files_seen));
	add(summary, "packages", json_object_new_int64((int64_t)scan->n_packages));
	add(summary, "findings", json_object_new_int64((int64_t)n));
	/* Findings over the caps, each group listed as one finding. */
	add(summary, "not_listed", json_object_new_int64((int64_t)not_listed));
	add(summary, "min_severity", json_object_new_string(dsec_severity_name(opts->min_severity)));
	for (sev = DSEC_SEV_CRITICAL; sev >= DSEC_SEV_UNKNOWN; sev--)
		add(by_sev, dsec_severity_name(sev), json_object_new_int64((int64_t)counts[sev]));
	add(summary, "by_severity", by_sev);
	add(doc, "summary", summary);
	add(doc, "packages", packages);
	add(doc, "findings", findings);
	add(doc, "executables", executables_json(scan));
	return doc;
}
