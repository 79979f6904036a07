// SPDX-License-Identifier: GPL-2.0
/*
 * CycloneDX 1.5 JSON: the image as metadata.component, its operating
 * system and packages as components (with purls), and vulnerability
 * findings as vulnerabilities that affect those components. Set
 * SOURCE_DATE_EPOCH to get a fixed timestamp for reproducible output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "scan/report.h"

static void add(json_object *obj, const char *key, json_object *value)
{
	json_object_object_add(obj, key, value);
}

static void add_property(json_object *props, const char *name, const char *value)
{
	json_object *p;

	if (!value)
		return;
	p = json_object_new_object();
	add(p, "name", json_object_new_string(name));
	add(p, "value", json_object_new_string(value));
	json_object_array_add(props, p);
}

/* A random (version 4) UUID URN. */
static void serial_number(char *buf, size_t size)
{
	unsigned char b[16] = { 0 };

	if (RAND_bytes(b, sizeof(b)) != 1) {
		unsigned int i;

		for (i = 0; i < sizeof(b); i++)
			b[i] = (unsigned char)rand();
	}
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(buf, size,
		 "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
		 b[12], b[13], b[14], b[15]);
}

static void timestamp(char *buf, size_t size)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t now = epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *cdx_severity(enum dsec_severity sev)
{
	switch (sev) {
	case DSEC_SEV_CRITICAL:
		return "critical";
	case DSEC_SEV_HIGH:
		return "high";
	case DSEC_SEV_MEDIUM:
		return "medium";
	case DSEC_SEV_LOW:
		return "low";
	case DSEC_SEV_INFO:
		return "info";
	default:
		return "unknown";
	}
}

static json_object *package_component(const struct dsec_package *pkg, size_t index)
{
	json_object *c = json_object_new_object(), *props = json_object_new_array();
	char ref[32];

	snprintf(ref, sizeof(ref), "pkg-%zu", index);
	add(c, "type", json_object_new_string("library"));
	add(c, "bom-ref", json_object_new_string(ref));
	add(c, "name", json_object_new_string(pkg->name ? pkg->name : ""));
	if (pkg->version)
		add(c, "version", json_object_new_string(pkg->version));
	if (pkg->purl)
		add(c, "purl", json_object_new_string(pkg->purl));
	if (pkg->license) {
		json_object *licenses = json_object_new_array(), *l = json_object_new_object();
		json_object *lic = json_object_new_object();

		add(lic, "name", json_object_new_string(pkg->license));
		add(l, "license", lic);
		json_object_array_add(licenses, l);
		add(c, "licenses", licenses);
	}
	add_property(props, "dsec:ecosystem", pkg->ecosystem);
	add_property(props, "dsec:source_name", pkg->source_name);
	add_property(props, "dsec:source_version", pkg->source_version);
	add_property(props, "dsec:location", pkg->location);
	add_property(props, "dsec:layer_digest", pkg->layer_digest);
	add(c, "properties", props);
	return c;
}

static json_object *vulnerability(const struct dsec_scan *scan, const struct dsec_finding *f)
{
	json_object *v = json_object_new_object(), *ratings = json_object_new_array();
	json_object *rating = json_object_new_object(), *affects = json_object_new_array();
	json_object *source = json_object_new_object();
	char ref[32], advice[256];

	add(v, "id", json_object_new_string(f->id));
	add(source, "name", json_object_new_string("OSV"));
	add(v, "source", source);
	if (f->cvss_score > 0)
		add(rating, "score", json_object_new_double(f->cvss_score));
	add(rating, "severity", json_object_new_string(cdx_severity(f->severity)));
	if (f->cvss_vector) {
		add(rating, "method", json_object_new_string(
			    !strncmp(f->cvss_vector, "CVSS:4", 6) ? "CVSSv4" :
			    !strncmp(f->cvss_vector, "CVSS:3.0", 8) ? "CVSSv3" : "CVSSv31"));
		add(rating, "vector", json_object_new_string(f->cvss_vector));
	}
	json_object_array_add(ratings, rating);
	add(v, "ratings", ratings);
	if (f->title)
		add(v, "description", json_object_new_string(f->title));
	if (f->fixed_version) {
		snprintf(advice, sizeof(advice), "Upgrade to %s or later.", f->fixed_version);
		add(v, "recommendation", json_object_new_string(advice));
	}
	if (f->package >= 0 && (size_t)f->package < scan->n_packages) {
		json_object *a = json_object_new_object();

		snprintf(ref, sizeof(ref), "pkg-%d", f->package);
		add(a, "ref", json_object_new_string(ref));
		json_object_array_add(affects, a);
	}
	add(v, "affects", affects);
	return v;
}

json_object *dsec_report_cyclonedx(const struct dsec_scan *scan,
				   const struct dsec_report_options *opts)
{
	json_object *doc = json_object_new_object(), *meta = json_object_new_object();
	json_object *tools = json_object_new_object(), *tool_list = json_object_new_array();
	json_object *tool = json_object_new_object(), *image = json_object_new_object();
	json_object *components = json_object_new_array(), *vulns = json_object_new_array();
	char serial[64], now[32];
	uint64_t not_listed = 0;
	size_t i;

	if (!doc)
		return NULL;
	serial_number(serial, sizeof(serial));
	timestamp(now, sizeof(now));
	add(doc, "bomFormat", json_object_new_string("CycloneDX"));
	add(doc, "specVersion", json_object_new_string("1.5"));
	add(doc, "serialNumber", json_object_new_string(serial));
	add(doc, "version", json_object_new_int(1));

	add(meta, "timestamp", json_object_new_string(now));
	add(tool, "type", json_object_new_string("application"));
	add(tool, "name", json_object_new_string("dsec"));
	if (opts->tool_version)
		add(tool, "version", json_object_new_string(opts->tool_version));
	json_object_array_add(tool_list, tool);
	add(tools, "components", tool_list);
	add(meta, "tools", tools);
	add(image, "type", json_object_new_string("container"));
	add(image, "bom-ref", json_object_new_string("image"));
	add(image, "name", json_object_new_string(scan->image_ref ? scan->image_ref :
						  scan->opts.input ? scan->opts.input : "image"));
	if (scan->image_digest)
		add(image, "version", json_object_new_string(scan->image_digest));
	add(meta, "component", image);
	add(doc, "metadata", meta);

	if (scan->os.id) {
		json_object *os = json_object_new_object();

		add(os, "type", json_object_new_string("operating-system"));
		add(os, "bom-ref", json_object_new_string("os"));
		add(os, "name", json_object_new_string(scan->os.id));
		if (scan->os.version_id)
			add(os, "version", json_object_new_string(scan->os.version_id));
		if (scan->os.pretty_name)
			add(os, "description", json_object_new_string(scan->os.pretty_name));
		json_object_array_add(components, os);
	}
	for (i = 0; i < scan->n_packages; i++)
		json_object_array_add(components, package_component(&scan->packages[i], i));
	add(doc, "components", components);

	for (i = 0; i < scan->n_findings; i++) {
		const struct dsec_finding *f = &scan->findings[i];

		if (f->class != DSEC_FINDING_VULN || !dsec_report_included(f, opts))
			continue;
		/* Vulnerabilities over the caps have no entry to list. */
		if (f->not_listed)
			not_listed += f->not_listed;
		else
			json_object_array_add(vulns, vulnerability(scan, f));
	}
	add(doc, "vulnerabilities", vulns);
	if (not_listed) {
		json_object *props = json_object_new_array();
		char count[32];

		snprintf(count, sizeof(count), "%llu", (unsigned long long)not_listed);
		add_property(props, "dsec:vulnerabilities-not-listed", count);
		add(meta, "properties", props);
	}
	return doc;
}
