/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vulnerability database: OSV advisories imported into SQLite, and
 * matching of the scan's packages against them.
 *
 * Schema (version DSEC_VULNDB_SCHEMA, stored in the meta table):
 *   meta(key, value)            schema_version, created, last_import
 *   source(path, imported_at, records, invalid)
 *   advisory(id, osv_id UNIQUE, modified, withdrawn, summary, aliases,
 *            severity, cvss_score, cvss_vector)
 *   affected(advisory, ecosystem, base_ecosystem, name, ranges,
 *            versions, severity)
 * with the lookup index affected(ecosystem, name), built after each
 * import's bulk load.
 */
#ifndef DSEC_SCAN_VULNDB_H
#define DSEC_SCAN_VULNDB_H

#include <stdbool.h>
#include <stddef.h>

#include "scan/osv.h"
#include "scan/scan.h"

#define DSEC_VULNDB_SCHEMA	1
#define DSEC_VULNDB_DEFAULT	"/var/lib/dsec/vuln.db"
#define DSEC_VULNDB_MAX_FILE	(256u << 20)	/* bytes of one input file */

struct dsec_vulndb;

struct dsec_vulndb_import_stats {
	size_t files;		/* JSON files and zip members read */
	size_t records;		/* records stored */
	size_t invalid;		/* records rejected as not valid OSV */
	size_t older;		/* records skipped: the database has a newer one */
};

/*
 * Open the database at @path; with @create, create it and its schema
 * when missing. Rejects a database with a newer schema. On error returns
 * a negative errno and puts a message for the user in @err.
 */
int dsec_vulndb_open(const char *path, bool create, struct dsec_vulndb **ret,
		     char *err, size_t err_len);
void dsec_vulndb_close(struct dsec_vulndb *db);
const char *dsec_vulndb_error(const struct dsec_vulndb *db);

/*
 * Import OSV data from @path: one record (.json), a directory of records
 * (read recursively), or an OSV export zip (all.zip). Invalid records are
 * counted and skipped; the first few reasons go to @warn (may be NULL),
 * called once per rejected record.
 */
int dsec_vulndb_import(struct dsec_vulndb *db, const char *path,
		       struct dsec_vulndb_import_stats *stats,
		       void (*warn)(const char *source, const char *message));

/* Import one record from memory (fuzzing, tests). */
int dsec_vulndb_import_buffer(struct dsec_vulndb *db, const char *data,
			      size_t len, const char *source,
			      struct dsec_vulndb_import_stats *stats,
			      void (*warn)(const char *source, const char *message));

struct dsec_vulndb_info {
	int schema_version;
	char created[32];
	char last_import[32];
	long long advisories;
	long long withdrawn;
};

int dsec_vulndb_info(struct dsec_vulndb *db, struct dsec_vulndb_info *ret);
/* Call @fn for each base ecosystem with its number of advisories. */
int dsec_vulndb_each_ecosystem(struct dsec_vulndb *db,
			       void (*fn)(const char *ecosystem, long long n, void *arg),
			       void *arg);
/* Call @fn for each import source, oldest first. */
int dsec_vulndb_each_source(struct dsec_vulndb *db,
			    void (*fn)(const char *path, const char *imported_at,
				       long long records, long long invalid, void *arg),
			    void *arg);

/* One advisory that names a package, as stored in the database. */
struct dsec_vulndb_hit {
	const char *osv_id;
	const char *summary;		/* or NULL */
	const char *aliases;		/* or NULL */
	const char *cvss_vector;	/* or NULL */
	double cvss_score;
	enum dsec_severity severity;	/* record level, else the entry's */
	struct dsec_osv_affected affected;
};

/*
 * Call @fn for each affected entry of a non-withdrawn advisory for
 * (@ecosystem, @name). @fn returns 0 to continue or a negative errno.
 */
int dsec_vulndb_lookup(struct dsec_vulndb *db, const char *ecosystem,
		       const char *name,
		       int (*fn)(const struct dsec_vulndb_hit *hit, void *arg),
		       void *arg);

/*
 * Match every package of @scan against the database named by
 * scan->opts.db_path (DSEC_VULNDB_DEFAULT when NULL) and add one
 * DSEC_FINDING_VULN per (advisory, package). Without a database it sets
 * scan->vulns_skipped with the reason and returns 0.
 */
int dsec_vuln_match(struct dsec_scan *scan);

/*
 * The OSV ecosystem and package name to look up for @pkg on @os, e.g.
 * "Debian:12" and the source package name. Returns false when the
 * package's ecosystem cannot be mapped (unknown OS release).
 */
bool dsec_vuln_package_key(const struct dsec_package *pkg, const struct dsec_os *os,
			   char *ecosystem, size_t ecosystem_len,
			   char *name, size_t name_len, const char **ret_version);

/* Package families whose OSV ecosystem depends on the OS release. */
enum dsec_os_family {
	DSEC_OS_DEBIAN,
	DSEC_OS_UBUNTU,
	DSEC_OS_ALPINE,
	DSEC_OS_RPM,		/* any RPM-based distribution */
};

#define DSEC_OS_MAX_ECOSYSTEMS	3

struct dsec_os_ecosystems {
	char names[DSEC_OS_MAX_ECOSYSTEMS][160];	/* "Debian:13" ... */
	size_t n;
	bool binary_names;	/* advisories may name binary packages too */
	char reason[256];	/* why n is 0: unknown release, no OSV data */
};

/*
 * Decide the OSV ecosystems that cover the OS packages of @family on @os
 * (scan/os_ecosystem.c). When there is none, ret->reason gives the reason.
 */
void dsec_os_ecosystems(const struct dsec_os *os, enum dsec_os_family family,
			struct dsec_os_ecosystems *ret);

#endif /* DSEC_SCAN_VULNDB_H */
