// SPDX-License-Identifier: GPL-2.0
/*
 * SARIF 2.1.0 (OASIS): one run, one reporting descriptor per finding id,
 * one result per finding. Files in the image become artifact locations
 * relative to the image root; configuration findings have no location.
 * "security-severity" is the property GitHub code scanning reads to rank
 * results.
 */
#include <stdio.h>
#include <string.h>

#include "scan/report.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static void add(json_object *obj, const char *key, json_object *value)
{
	json_object_object_add(obj, key, value);
}

static json_object *text(const char *s)
{
	json_object *o = json_object_new_object();

	add(o, "text", json_object_new_string(s ? s : ""));
	return o;
}

static const char *sarif_level(enum dsec_severity sev)
{
	switch (sev) {
	case DSEC_SEV_CRITICAL:
	case DSEC_SEV_HIGH:
		return "error";
	case DSEC_SEV_MEDIUM:
		return "warning";
	default:
		return "note";
	}
}

/* A CVSS-like score for ranking: the finding's CVSS when known. */
static void security_severity(const struct dsec_finding *f, char *buf, size_t size)
{
	static const double scores[] = {
		[DSEC_SEV_UNKNOWN] = 0.0, [DSEC_SEV_INFO] = 0.0, [DSEC_SEV_LOW] = 3.0,
		[DSEC_SEV_MEDIUM] = 5.5, [DSEC_SEV_HIGH] = 8.0, [DSEC_SEV_CRITICAL] = 9.5,
	};

	snprintf(buf, size, "%.1f", f->cvss_score > 0 ? f->cvss_score : scores[f->severity]);
}

static json_object *rule_json(const struct dsec_finding *f)
{
	json_object *rule = json_object_new_object(), *config = json_object_new_object();
	json_object *props = json_object_new_object(), *tags = json_object_new_array();
	char score[16];

	add(rule, "id", json_object_new_string(f->id));
	add(rule, "shortDescription", text(f->title));
	if (f->detail)
		add(rule, "fullDescription", text(f->detail));
	add(config, "level", json_object_new_string(sarif_level(f->severity)));
	add(rule, "defaultConfiguration", config);
	security_severity(f, score, sizeof(score));
	json_object_array_add(tags, json_object_new_string("security"));
	json_object_array_add(tags, json_object_new_string(dsec_finding_class_name(f->class)));
	add(props, "tags", tags);
	add(props, "security-severity", json_object_new_string(score));
	add(rule, "properties", props);
	return rule;
}

static json_object *result_json(const struct dsec_scan *scan, const struct dsec_finding *f,
				size_t rule_index)
{
	json_object *result = json_object_new_object(), *props = json_object_new_object();
	char message[1024];

	add(result, "ruleId", json_object_new_string(f->id));
	add(result, "ruleIndex", json_object_new_int64((int64_t)rule_index));
	add(result, "level", json_object_new_string(sarif_level(f->severity)));
	if (f->class == DSEC_FINDING_VULN && f->package >= 0 &&
	    (size_t)f->package < scan->n_packages) {
		const struct dsec_package *pkg = &scan->packages[f->package];

		snprintf(message, sizeof(message), "%s: %s %s%s%s", f->title ? f->title : f->id,
			 pkg->name, pkg->version, f->fixed_version ? ", fixed in " : "",
			 f->fixed_version ? f->fixed_version : "");
		add(props, "purl", dsec_json_string(pkg->purl));
	} else {
		snprintf(message, sizeof(message), "%s%s%s", f->title ? f->title : f->id,
			 f->evidence ? ": " : "", f->evidence ? f->evidence : "");
	}
	add(result, "message", text(message));

	if (f->path) {
		json_object *locations = json_object_new_array(), *loc = json_object_new_object();
		json_object *phys = json_object_new_object(), *art = json_object_new_object();

		/* Relative URIs resolve against the image root. */
		add(art, "uri", json_object_new_string(f->path[0] == '/' ? f->path + 1 : f->path));
		add(phys, "artifactLocation", art);
		if (f->line) {
			json_object *region = json_object_new_object();

			add(region, "startLine", json_object_new_int64(f->line));
			add(phys, "region", region);
		}
		add(loc, "physicalLocation", phys);
		json_object_array_add(locations, loc);
		add(result, "locations", locations);
	}
	add(props, "severity", json_object_new_string(dsec_severity_name(f->severity)));
	add(props, "class", json_object_new_string(dsec_finding_class_name(f->class)));
	if (f->not_listed)
		add(props, "not_listed", json_object_new_int64((int64_t)f->not_listed));
	if (f->layer_digest)
		add(props, "layer_digest", json_object_new_string(f->layer_digest));
	add(result, "properties", props);
	return result;
}

json_object *dsec_report_sarif(const struct dsec_scan *scan,
			       const struct dsec_report_options *opts)
{
	json_object *doc = json_object_new_object(), *runs = json_object_new_array();
	json_object *run = json_object_new_object(), *tool = json_object_new_object();
	json_object *driver = json_object_new_object(), *rules = json_object_new_array();
	json_object *results = json_object_new_array(), *props = json_object_new_object();
	size_t i, j, n_rules = 0;

	if (!doc)
		return NULL;
	add(doc, "$schema", json_object_new_string(SARIF_SCHEMA));
	add(doc, "version", json_object_new_string("2.1.0"));
	add(driver, "name", json_object_new_string("dsec"));
	add(driver, "version", dsec_json_string(opts->tool_version));

	for (i = 0; i < scan->n_findings; i++) {
		const struct dsec_finding *f = &scan->findings[i];
		size_t index = n_rules;

		if (!dsec_report_included(f, opts))
			continue;
		/* Findings are sorted by severity, not id: search the rules. */
		for (j = 0; j < n_rules; j++) {
			json_object *rule = json_object_array_get_idx(rules, j);
			json_object *id;

			if (json_object_object_get_ex(rule, "id", &id) &&
			    !strcmp(json_object_get_string(id), f->id)) {
				index = j;
				break;
			}
		}
		if (index == n_rules) {
			json_object_array_add(rules, rule_json(f));
			n_rules++;
		}
		json_object_array_add(results, result_json(scan, f, index));
	}

	add(driver, "rules", rules);
	add(tool, "driver", driver);
	add(run, "tool", tool);
	add(run, "results", results);
	add(props, "image", dsec_json_string(scan->image_ref ? scan->image_ref : scan->opts.input));
	add(props, "vulnerability_matching", json_object_new_boolean(!scan->vulns_skipped));
	if (scan->vulns_skipped)
		add(props, "vulnerability_matching_skipped",
		    dsec_json_string(scan->vulns_skipped_reason));
	add(run, "properties", props);
	json_object_array_add(runs, run);
	add(doc, "runs", runs);
	return doc;
}
