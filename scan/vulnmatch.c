// SPDX-License-Identifier: GPL-2.0
/*
 * Vulnerability matching: every package of the scan is looked up in the
 * database under its OSV ecosystem and name, and each advisory whose
 * affected ranges or versions contain the installed version becomes one
 * DSEC_FINDING_VULN.
 *
 * OS packages are matched the way the distributions publish advisories:
 * Debian and Ubuntu by source package name and source version in the
 * release's ecosystem ("Debian:12", "Ubuntu:22.04:LTS"), Alpine by origin
 * package in "Alpine:v3.18". Language packages use their ecosystem as is,
 * with PyPI names normalised as PEP 503 describes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/cvss.h"
#include "scan/vulndb.h"

/* The release number up to the @parts-th '.', e.g. "3.18" of "3.18.4". */
static size_t release_prefix(const char *version_id, int parts)
{
	size_t i;

	for (i = 0; version_id[i]; i++)
		if (version_id[i] == '.' && --parts == 0)
			break;
	return i;
}

static bool os_ecosystem(const char *base, const struct dsec_os *os, char *out,
			 size_t out_len)
{
	const char *v = os ? os->version_id : NULL;
	int n;

	if (!v || !*v)
		return false;	/* testing, unstable: no release to match */
	if (!strcmp(base, "Debian")) {
		n = snprintf(out, out_len, "Debian:%.*s", (int)release_prefix(v, 1), v);
	} else if (!strcmp(base, "Alpine")) {
		n = snprintf(out, out_len, "Alpine:v%.*s", (int)release_prefix(v, 2), v);
	} else if (!strcmp(base, "Ubuntu")) {
		/* LTS releases are the April releases of even years. */
		bool lts = strlen(v) == 5 && v[3] == '0' && v[4] == '4' &&
			   (v[1] - '0') % 2 == 0;

		n = snprintf(out, out_len, "Ubuntu:%s%s", v, lts ? ":LTS" : "");
	} else {
		return false;
	}
	return n > 0 && (size_t)n < out_len;
}

bool dsec_vuln_package_key(const struct dsec_package *pkg, const struct dsec_os *os,
			   char *ecosystem, size_t ecosystem_len,
			   char *name, size_t name_len, const char **ret_version)
{
	bool by_source = false;
	const char *eco = pkg->ecosystem;
	int n;

	if (!eco || !pkg->name || !pkg->version)
		return false;
	if (!strcmp(eco, "Debian") || !strcmp(eco, "Ubuntu") || !strcmp(eco, "Alpine")) {
		if (!os_ecosystem(eco, os, ecosystem, ecosystem_len))
			return false;
		by_source = true;
	} else if (!strncmp(eco, "Debian:", 7) || !strncmp(eco, "Ubuntu:", 7) ||
		   !strncmp(eco, "Alpine:", 7)) {
		n = snprintf(ecosystem, ecosystem_len, "%s", eco);
		if (n < 0 || (size_t)n >= ecosystem_len)
			return false;
		by_source = true;
	} else {
		n = snprintf(ecosystem, ecosystem_len, "%s", eco);
		if (n < 0 || (size_t)n >= ecosystem_len)
			return false;
	}

	*ret_version = pkg->version;
	n = snprintf(name, name_len, "%s", pkg->name);
	if (by_source && pkg->source_name && *pkg->source_name) {
		n = snprintf(name, name_len, "%s", pkg->source_name);
		/* Alpine advisories use the package's own version. */
		if (pkg->source_version && *pkg->source_version &&
		    strncmp(ecosystem, "Alpine:", 7))
			*ret_version = pkg->source_version;
	}
	if (n < 0 || (size_t)n >= name_len)
		return false;
	if (!strcmp(ecosystem, "PyPI"))
		dsec_osv_normalize_pypi(name);
	return true;
}

struct match_state {
	struct dsec_scan *scan;
	size_t package;
	const char *version;
	enum dsec_version_scheme scheme;
	char last_id[DSEC_OSV_MAX_ID + 1];	/* advisory already reported */
	int unparsable;				/* installed version did not parse */
};

static int add_finding(struct match_state *st, const struct dsec_vulndb_hit *hit,
		       const char *fixed)
{
	const struct dsec_package *pkg = &st->scan->packages[st->package];
	struct dsec_finding f;
	char title[1200], evidence[1200];

	memset(&f, 0, sizeof(f));
	f.class = DSEC_FINDING_VULN;
	f.severity = hit->severity;
	f.id = hit->osv_id;
	if (hit->summary && *hit->summary)
		snprintf(title, sizeof(title), "%s", hit->summary);
	else
		snprintf(title, sizeof(title), "%s affects %s", hit->osv_id, pkg->name);
	f.title = title;
	if (strcmp(st->version, pkg->version))
		snprintf(evidence, sizeof(evidence), "%s %s, source version %s",
			 pkg->name, pkg->version, st->version);
	else
		snprintf(evidence, sizeof(evidence), "%s %s", pkg->name, pkg->version);
	f.evidence = evidence;
	f.path = pkg->location;
	f.layer_digest = pkg->layer_digest;
	f.package = (int)st->package;
	f.fixed_version = fixed;
	f.aliases = hit->aliases;
	f.cvss_score = hit->cvss_score;
	f.cvss_vector = hit->cvss_vector;
	return dsec_scan_add_finding(st->scan, &f);
}

static int on_hit(const struct dsec_vulndb_hit *hit, void *arg)
{
	struct match_state *st = arg;
	const char *fixed = NULL;
	bool affected = false;
	int r;

	/* Rows come ordered by advisory id: one finding per advisory. */
	if (!strcmp(st->last_id, hit->osv_id))
		return 0;
	r = dsec_osv_affected_match(&hit->affected, st->scheme, st->version,
				    &affected, &fixed);
	if (r == -EINVAL) {
		st->unparsable++;
		return 0;
	}
	if (r < 0 || !affected)
		return r;
	snprintf(st->last_id, sizeof(st->last_id), "%s", hit->osv_id);
	return add_finding(st, hit, fixed);
}

int dsec_vuln_match(struct dsec_scan *scan)
{
	const char *path = scan->opts.db_path ? scan->opts.db_path : DSEC_VULNDB_DEFAULT;
	struct dsec_vulndb *db;
	char err[512], reason[1024];
	size_t i, n_packages;
	int r;

	if (scan->opts.skip_vulns) {
		scan->vulns_skipped = true;
		scan->vulns_skipped_reason = "vulnerability matching was turned off";
		return 0;
	}
	r = dsec_vulndb_open(path, false, &db, err, sizeof(err));
	if (r < 0) {
		snprintf(reason, sizeof(reason),
			 "%s; import OSV advisories with 'dsecctl db import PATH... --db %s'"
			 " and pass the file to the scan", err, path);
		scan->vulns_skipped = true;
		scan->vulns_skipped_reason = dsec_scan_strdup(scan, reason);
		return scan->vulns_skipped_reason ? 0 : -ENOMEM;
	}

	/* Findings are appended while walking, so fix the package count. */
	n_packages = scan->n_packages;
	for (i = 0, r = 0; i < n_packages && r == 0; i++) {
		struct match_state st = { .scan = scan, .package = i };
		char ecosystem[256], name[DSEC_OSV_MAX_NAME + 1];

		if (!dsec_vuln_package_key(&scan->packages[i], &scan->os, ecosystem,
					   sizeof(ecosystem), name, sizeof(name),
					   &st.version))
			continue;
		st.scheme = dsec_version_scheme_of(ecosystem);
		if (st.scheme == DSEC_VERSION_UNKNOWN)
			continue;
		r = dsec_vulndb_lookup(db, ecosystem, name, on_hit, &st);
		if (r < 0 && r != -ENOMEM)
			snprintf(scan->error, sizeof(scan->error), "%s", dsec_vulndb_error(db));
	}
	dsec_vulndb_close(db);
	return r;
}
