// SPDX-License-Identifier: GPL-2.0
/*
 * Vulnerability matching: every package of the scan is looked up in the
 * database under its OSV ecosystem and name, and each advisory whose
 * affected ranges or versions contain the installed version becomes one
 * DSEC_FINDING_VULN.
 *
 * OS packages are matched the way the distributions publish advisories:
 * by source package name and source version in the ecosystems of the
 * release that scan/os_ecosystem.c decides ("Debian:12",
 * "Ubuntu:22.04:LTS", "Rocky Linux:9"), Alpine by origin package and the
 * package's own version in "Alpine:v3.18", Red Hat by source and binary
 * RPM. Packages of a distribution or release without an ecosystem are
 * reported as one DSEC-VULN-NOT-MATCHED finding per family. Language
 * packages use their ecosystem as is, with PyPI names normalised as PEP
 * 503 describes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/cvss.h"
#include "scan/vulndb.h"

/* Lookups of one package: OS ecosystems times source and binary name. */
#define MAX_KEYS	(2 * DSEC_OS_MAX_ECOSYSTEMS)

struct vuln_key {
	char ecosystem[160];
	char name[DSEC_OSV_MAX_NAME + 1];
	const char *version;
};

static const char *const family_names[] = {
	[DSEC_OS_DEBIAN] = "Debian",
	[DSEC_OS_UBUNTU] = "Ubuntu",
	[DSEC_OS_ALPINE] = "Alpine",
	[DSEC_OS_RPM] = "RPM",
};

/* The OS family of a package whose ecosystem needs the OS release. */
static bool os_family_of(const struct dsec_package *pkg, enum dsec_os_family *ret)
{
	const char *eco = pkg->ecosystem;

	if (!strcmp(eco, "Debian"))
		*ret = DSEC_OS_DEBIAN;
	else if (!strcmp(eco, "Ubuntu"))
		*ret = DSEC_OS_UBUNTU;
	else if (!strcmp(eco, "Alpine"))
		*ret = DSEC_OS_ALPINE;
	else if ((pkg->purl && !strncmp(pkg->purl, "pkg:rpm/", 8)) ||
		 (!strchr(eco, ':') && dsec_version_scheme_of(eco) == DSEC_VERSION_RPM))
		*ret = DSEC_OS_RPM;
	else
		return false;
	return true;
}

static bool set_key(struct vuln_key *key, const char *ecosystem, const char *name,
		    const char *version)
{
	int n = snprintf(key->ecosystem, sizeof(key->ecosystem), "%s", ecosystem);
	int m = snprintf(key->name, sizeof(key->name), "%s", name);

	if (n < 0 || (size_t)n >= sizeof(key->ecosystem) || m < 0 ||
	    (size_t)m >= sizeof(key->name))
		return false;
	if (!strcmp(ecosystem, "PyPI"))
		dsec_osv_normalize_pypi(key->name);
	key->version = version;
	return true;
}

/*
 * The lookups for @pkg: OS packages by source package in each ecosystem
 * of @ecos (and by binary package where the distribution's advisories
 * name those too), other packages in their own ecosystem. Returns the
 * number of keys.
 */
static size_t package_keys(const struct dsec_package *pkg, const struct dsec_os_ecosystems *ecos,
			   struct vuln_key keys[MAX_KEYS])
{
	bool has_source = pkg->source_name && *pkg->source_name;
	size_t i, n = 0;

	if (!ecos)
		return set_key(&keys[0], pkg->ecosystem, pkg->name, pkg->version) ? 1 : 0;

	for (i = 0; i < ecos->n; i++) {
		const char *version = pkg->version;

		/* Alpine advisories use the package's own version. */
		if (has_source && pkg->source_version && *pkg->source_version &&
		    strncmp(ecos->names[i], "Alpine:", 7))
			version = pkg->source_version;
		if (set_key(&keys[n], ecos->names[i], has_source ? pkg->source_name : pkg->name,
			    version))
			n++;
		if (ecos->binary_names && has_source && strcmp(pkg->source_name, pkg->name) &&
		    set_key(&keys[n], ecos->names[i], pkg->name, pkg->version))
			n++;
	}
	return n;
}

/* Ecosystems already given with a release ("Debian:12") are used as is. */
static bool has_release(const char *ecosystem)
{
	return !strncmp(ecosystem, "Debian:", 7) || !strncmp(ecosystem, "Ubuntu:", 7) ||
	       !strncmp(ecosystem, "Alpine:", 7);
}

bool dsec_vuln_package_key(const struct dsec_package *pkg, const struct dsec_os *os,
			   char *ecosystem, size_t ecosystem_len,
			   char *name, size_t name_len, const char **ret_version)
{
	struct dsec_os_ecosystems ecos;
	struct vuln_key keys[MAX_KEYS];
	enum dsec_os_family family;
	size_t n;

	if (!pkg->ecosystem || !pkg->name || !pkg->version)
		return false;
	if (has_release(pkg->ecosystem)) {
		memset(&ecos, 0, sizeof(ecos));
		snprintf(ecos.names[0], sizeof(ecos.names[0]), "%s", pkg->ecosystem);
		ecos.n = 1;
		n = package_keys(pkg, &ecos, keys);
	} else if (os_family_of(pkg, &family)) {
		dsec_os_ecosystems(os, family, &ecos);
		n = package_keys(pkg, &ecos, keys);
	} else {
		n = package_keys(pkg, NULL, keys);
	}
	if (!n || (size_t)snprintf(ecosystem, ecosystem_len, "%s", keys[0].ecosystem) >=
		  ecosystem_len ||
	    (size_t)snprintf(name, name_len, "%s", keys[0].name) >= name_len)
		return false;
	*ret_version = keys[0].version;
	return true;
}

struct match_state {
	struct dsec_scan *scan;
	size_t package;
	const char *version;
	enum dsec_version_scheme scheme;
	char last_id[DSEC_OSV_MAX_ID + 1];	/* advisory already reported */
	int unparsable;				/* installed version did not parse */
	/* Advisories reported for the package under an earlier key. */
	char **reported;
	size_t n_reported;
};

static bool already_reported(const struct match_state *st, const char *id)
{
	size_t i;

	for (i = 0; i < st->n_reported; i++)
		if (!strcmp(st->reported[i], id))
			return true;
	return false;
}

static int remember_reported(struct match_state *st, const char *id)
{
	char **v = reallocarray(st->reported, st->n_reported + 1, sizeof(*v));

	if (!v)
		return -ENOMEM;
	st->reported = v;
	v[st->n_reported] = strdup(id);
	if (!v[st->n_reported])
		return -ENOMEM;
	st->n_reported++;
	return 0;
}

static void forget_reported(struct match_state *st)
{
	while (st->n_reported)
		free(st->reported[--st->n_reported]);
	free(st->reported);
	st->reported = NULL;
}

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

	/*
	 * Rows come ordered by advisory id: one finding per advisory, also
	 * when an advisory names the package under several keys.
	 */
	if (!strcmp(st->last_id, hit->osv_id) || already_reported(st, hit->osv_id))
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
	r = remember_reported(st, hit->osv_id);
	if (r < 0)
		return r;
	return add_finding(st, hit, fixed);
}

/* OS ecosystems of each family, decided once per scan. */
struct family_state {
	bool decided;
	struct dsec_os_ecosystems ecos;
	size_t unmatched;		/* packages without an ecosystem */
	size_t first_unmatched;		/* index of the first of them */
};

static int add_unmatched_finding(struct dsec_scan *scan, enum dsec_os_family family,
				 const struct family_state *fs)
{
	const struct dsec_package *pkg = &scan->packages[fs->first_unmatched];
	const struct dsec_os *os = &scan->os;
	char title[160], detail[512], evidence[256];
	struct dsec_finding f = {
		.class = DSEC_FINDING_UNSUPPORTED,
		.severity = DSEC_SEV_MEDIUM,
		.id = "DSEC-VULN-NOT-MATCHED",
		.title = title,
		.detail = detail,
		.evidence = evidence,
		.path = pkg->location,
		.layer_digest = pkg->layer_digest,
		.package = -1,
	};

	snprintf(title, sizeof(title), "Vulnerability matching skipped for %zu %s packages",
		 fs->unmatched, family_names[family]);
	snprintf(detail, sizeof(detail),
		 "No OSV ecosystem covers these packages: %s. The report lists no "
		 "vulnerabilities for them, which does not mean they have none.",
		 fs->ecos.reason);
	snprintf(evidence, sizeof(evidence), "ID=%.40s VERSION_ID=%.40s PRETTY_NAME=%.100s",
		 os->id ? os->id : "", os->version_id ? os->version_id : "",
		 os->pretty_name ? os->pretty_name : "");
	return dsec_scan_add_finding(scan, &f);
}

/* Look @pkg up under each of its keys; one finding per advisory. */
static int match_package(struct dsec_scan *scan, struct dsec_vulndb *db, size_t index,
			 struct family_state families[])
{
	const struct dsec_package *pkg = &scan->packages[index];
	struct match_state st = { .scan = scan, .package = index };
	struct dsec_os_ecosystems given;
	struct vuln_key keys[MAX_KEYS];
	enum dsec_os_family family;
	size_t n, i;
	int r = 0;

	if (!pkg->ecosystem || !pkg->name || !pkg->version)
		return 0;
	if (has_release(pkg->ecosystem)) {
		memset(&given, 0, sizeof(given));
		snprintf(given.names[0], sizeof(given.names[0]), "%s", pkg->ecosystem);
		given.n = 1;
		n = package_keys(pkg, &given, keys);
	} else if (os_family_of(pkg, &family)) {
		struct family_state *fs = &families[family];

		if (!fs->decided) {
			dsec_os_ecosystems(&scan->os, family, &fs->ecos);
			fs->decided = true;
		}
		if (!fs->ecos.n) {
			if (!fs->unmatched++)
				fs->first_unmatched = index;
			return 0;
		}
		n = package_keys(pkg, &fs->ecos, keys);
	} else {
		n = package_keys(pkg, NULL, keys);
	}

	for (i = 0; i < n && r == 0; i++) {
		st.version = keys[i].version;
		st.scheme = dsec_version_scheme_of(keys[i].ecosystem);
		st.last_id[0] = '\0';
		if (st.scheme == DSEC_VERSION_UNKNOWN)
			continue;
		r = dsec_vulndb_lookup(db, keys[i].ecosystem, keys[i].name, on_hit, &st);
		if (r < 0 && r != -ENOMEM)
			snprintf(scan->error, sizeof(scan->error), "%s", dsec_vulndb_error(db));
	}
	forget_reported(&st);
	return r;
}

int dsec_vuln_match(struct dsec_scan *scan)
{
	const char *path = scan->opts.db_path ? scan->opts.db_path : DSEC_VULNDB_DEFAULT;
	struct dsec_vulndb *db;
	struct family_state families[DSEC_OS_RPM + 1] = { 0 };
	enum dsec_os_family family;
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
	for (i = 0, r = 0; i < n_packages && r == 0; i++)
		r = match_package(scan, db, i, families);
	dsec_vulndb_close(db);

	/* Never skip a distribution silently: report which one and why. */
	for (family = 0; family <= DSEC_OS_RPM && r == 0; family++)
		if (families[family].unmatched)
			r = add_unmatched_finding(scan, family, &families[family]);
	return r;
}
