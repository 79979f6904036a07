/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Package inventory: one parser per package database or manifest format,
 * each callable on a memory buffer, and the analyzers that feed them from
 * the layer walk.
 *
 * OS package databases (dpkg, apk, rpm) are copied during the walk and
 * parsed in finish(), because their ecosystem and package URLs depend on
 * os-release, which the walk may reach later. Language packages do not
 * depend on the OS and are parsed as their files arrive, except npm, whose
 * lockfile entries are merged with the installed node_modules manifests
 * in finish().
 *
 * Every parser returns the number of packages it added, or a negative
 * errno when it could not run at all (out of memory, a buffer that is not
 * the format). Malformed entries are skipped and reported as one
 * DSEC_FINDING_UNSUPPORTED finding per file.
 */
#ifndef DSEC_SCAN_PKG_H
#define DSEC_SCAN_PKG_H

#include <stdbool.h>
#include <stddef.h>

#include "scan/analyzers.h"
#include "scan/scan.h"

/* Hard limits on what one input file may make the parsers do. */
#define DSEC_PKG_MAX_DB_BYTES		(256u << 20)	/* one package database */
#define DSEC_PKG_MAX_MANIFEST_BYTES	(16u << 20)	/* one lockfile or METADATA */
#define DSEC_PKG_MAX_PER_FILE		200000		/* packages from one file */
#define DSEC_PKG_MAX_FIELD		4096		/* bytes of one name or version */
#define DSEC_PKG_MAX_JSON_DEPTH		64		/* nesting in package-lock v1 */

/* Source of the parsed file, copied into each package. */
struct dsec_pkg_origin {
	const char *location;		/* path in the image */
	const char *layer_digest;	/* or NULL */
};

/* OS identity from os-release, stored in scan->os. */
int dsec_os_release_parse(struct dsec_scan *scan, const char *data, size_t len);

/*
 * dpkg status (status_d false) or one distroless status.d file (status_d
 * true, where a stanza without Status: counts as installed).
 */
int dsec_dpkg_parse(struct dsec_scan *scan, const char *data, size_t len,
		    const struct dsec_pkg_origin *origin, bool status_d);

/* Alpine lib/apk/db/installed. */
int dsec_apk_parse(struct dsec_scan *scan, const char *data, size_t len,
		   const struct dsec_pkg_origin *origin);

/* RPM sqlite database (rpmdb.sqlite), and one header blob of it. */
int dsec_rpmdb_sqlite_parse(struct dsec_scan *scan, const void *data,
			    size_t len, const struct dsec_pkg_origin *origin);
int dsec_rpm_header_parse(struct dsec_scan *scan, const void *blob,
			  size_t len, const struct dsec_pkg_origin *origin);

/*
 * npm: lockfile entries and installed manifests are collected in a set,
 * keyed by the node_modules directory each describes, then added to the
 * scan with an installed manifest replacing the lockfile entry for the
 * same directory.
 */
struct dsec_npm_entry;
struct dsec_npm_set {
	struct dsec_npm_entry *entries;
	size_t n, cap;
};

int dsec_npm_lock_parse(struct dsec_scan *scan, struct dsec_npm_set *set,
			const char *data, size_t len,
			const struct dsec_pkg_origin *origin);
int dsec_npm_manifest_parse(struct dsec_scan *scan, struct dsec_npm_set *set,
			    const char *data, size_t len,
			    const struct dsec_pkg_origin *origin);
/* Adds the set's packages to the scan and empties it; returns the count. */
int dsec_npm_set_flush(struct dsec_scan *scan, struct dsec_npm_set *set);
void dsec_npm_set_free(struct dsec_npm_set *set);

/* Python core metadata (METADATA, PKG-INFO, egg-info file). */
int dsec_python_metadata_parse(struct dsec_scan *scan, const char *data,
			       size_t len, const struct dsec_pkg_origin *origin);
/* PEP 503 normalized name into buf; returns buf, or NULL if it does not fit. */
char *dsec_python_normalize(const char *name, char *buf, size_t size);

/* Java: one pom.properties, and a jar/war/ear with nested archives. */
int dsec_pom_properties_parse(struct dsec_scan *scan, const char *data,
			      size_t len, const struct dsec_pkg_origin *origin);
int dsec_java_archive_parse(struct dsec_scan *scan, const void *data,
			    size_t len, const struct dsec_pkg_origin *origin,
			    unsigned int max_nesting);

/* Shared helpers (scan/pkg_common.c). */

/*
 * Package URL: "pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS" with each
 * component percent-encoded. namespace and qualifiers may be NULL;
 * qualifiers are "key=value" pairs already joined by '&', values encoded
 * by the caller through dsec_purl_encode(). Returns a string owned by the
 * scan, or NULL when out of memory.
 */
const char *dsec_purl(struct dsec_scan *scan, const char *type,
		      const char *namespace, const char *name,
		      const char *version, const char *qualifiers);
/* Percent-encode s into buf; returns false if it does not fit. */
bool dsec_purl_encode(const char *s, char *buf, size_t size);

/*
 * Report entries of one file that were skipped: one UNSUPPORTED finding
 * with the count and the first example.
 */
int dsec_pkg_report_skipped(struct dsec_scan *scan,
			    const struct dsec_pkg_origin *origin,
			    const char *what, size_t count,
			    const char *example);

/* Report that a file held more than DSEC_PKG_MAX_PER_FILE packages. */
int dsec_pkg_report_limit(struct dsec_scan *scan,
			  const struct dsec_pkg_origin *origin);

/* Copy of at most DSEC_PKG_MAX_FIELD bytes, NUL-terminated, owned by caller. */
char *dsec_pkg_strndup(const char *s, size_t len);

/* A value inside the parsed buffer, not NUL-terminated. */
struct dsec_pkg_field {
	const char *p;
	size_t len;
};

/*
 * True when the len bytes at p make a usable name or version: 1 to
 * DSEC_PKG_MAX_FIELD bytes, none of them a space, control character or DEL.
 */
bool dsec_pkg_valid_token(const char *p, size_t len);
/* Strip leading spaces and tabs, and trailing spaces, tabs and CRs. */
void dsec_pkg_trim(struct dsec_pkg_field *f);

/*
 * Parse a database of stanzas, which are groups of field lines separated
 * by blank lines (dpkg status, apk installed). Calls line() on each
 * non-blank line without its LF or CRLF. line() stores the fields it
 * recognizes and returns true when the line is a field. After the last
 * line of each stanza that had a field, calls end(), which consumes the
 * stanza and clears it for the next one. Returns the first negative
 * return of end(), which stops the parse, else 0.
 */
int dsec_pkg_parse_stanzas(const char *data, size_t len,
			   bool (*line)(void *arg, const char *p, size_t len),
			   int (*end)(void *arg), void *arg);

/* Malformed entries of one file: how many, and the first one's name. */
struct dsec_pkg_skipped {
	size_t count;
	char *first;
};

/*
 * Count one malformed entry. For the report, keeps a copy of the first
 * entry's name (len bytes at name), or of unnamed when len is 0.
 */
void dsec_pkg_skip(struct dsec_pkg_skipped *skipped, const char *name,
		   size_t len, const char *unnamed);

/*
 * Finish the parse of one file whose parser returned ret. A ret of -E2BIG
 * (more than DSEC_PKG_MAX_PER_FILE packages) becomes the DSEC-PKG-LIMIT
 * finding. The skipped entries are reported, described by what, and
 * freed. Returns a negative errno, else added.
 */
int dsec_pkg_parse_end(struct dsec_scan *scan,
		       const struct dsec_pkg_origin *origin, int ret,
		       size_t added, const char *what,
		       struct dsec_pkg_skipped *skipped);

/*
 * Files copied during the walk and parsed in finish(): the state of each
 * OS package analyzer, kept in its dsec_scan_analyzer_state() slot.
 */
struct dsec_pkg_copy {
	char *data;
	size_t len;
	struct dsec_pkg_origin origin;	/* strings owned by the scan */
	bool flag;			/* dpkg: a status.d file */
};

struct dsec_pkg_copies {
	struct dsec_pkg_copy *items;
	size_t n, cap;
};

int dsec_pkg_copies_add(struct dsec_scan *scan, const struct dsec_analyzer *analyzer,
			const struct dsec_file *file, bool flag);
/* The copies of this analyzer, or NULL when it saw no file. */
struct dsec_pkg_copies *dsec_pkg_copies_get(struct dsec_scan *scan,
					    const struct dsec_analyzer *analyzer);
/* free() of the OS package analyzers. */
void dsec_pkg_copies_free(struct dsec_scan *scan, const struct dsec_analyzer *analyzer);

/*
 * Return true when file->data contains the whole file. Otherwise report the
 * file as unsupported content, naming the read limit, and return false.
 */
bool dsec_pkg_file_complete(struct dsec_scan *scan, const struct dsec_file *file);
/* The file's origin, pointing into *file. */
struct dsec_pkg_origin dsec_pkg_file_origin(const struct dsec_file *file);
/* True when path ends with suffix. */
bool dsec_pkg_has_suffix(const char *path, const char *suffix);

#endif /* DSEC_SCAN_PKG_H */
