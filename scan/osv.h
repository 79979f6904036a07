/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OSV advisories (https://ossf.github.io/osv-schema/): the parsed form of
 * one record, and the evaluation of its affected ranges against an
 * installed version.
 */
#ifndef DSEC_SCAN_OSV_H
#define DSEC_SCAN_OSV_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "scan/scan.h"
#include "scan/version.h"

#define DSEC_OSV_MAX_RECORD	(16u << 20)	/* bytes of one JSON record */
#define DSEC_OSV_MAX_ID		256		/* bytes of an id or alias */
#define DSEC_OSV_MAX_NAME	1024		/* bytes of a package name */
#define DSEC_OSV_MAX_EVENTS	4096		/* events in one range */
/*
 * Objects and arrays in one record. json-c takes about 800 bytes for an
 * empty object, so this bounds the parse tree of a record to tens of
 * MiB; the largest published records need a few thousand (an estimate).
 */
#define DSEC_OSV_MAX_CONTAINERS	65536

enum dsec_osv_event_kind {
	DSEC_OSV_INTRODUCED,
	DSEC_OSV_FIXED,
	DSEC_OSV_LAST_AFFECTED,
	DSEC_OSV_LIMIT,
};

enum dsec_osv_range_type {
	DSEC_OSV_RANGE_ECOSYSTEM,
	DSEC_OSV_RANGE_SEMVER,
};

struct dsec_osv_event {
	enum dsec_osv_event_kind kind;
	char *version;
};

struct dsec_osv_range {
	enum dsec_osv_range_type type;
	struct dsec_osv_event *events;
	size_t n_events;
};

/* One affected[] entry. GIT ranges are dropped when the record is read. */
struct dsec_osv_affected {
	char *ecosystem;		/* "Debian:12", "npm" ... */
	char *name;			/* PyPI names normalised */
	struct dsec_osv_range *ranges;
	size_t n_ranges;
	char **versions;		/* explicit affected versions */
	size_t n_versions;
	enum dsec_severity severity;	/* ecosystem_specific, or UNKNOWN */
};

struct dsec_osv_record {
	char *id;
	char *modified;
	char *withdrawn;		/* NULL unless withdrawn */
	char *summary;			/* or NULL */
	char *aliases;			/* comma-separated, or NULL */
	char *cvss_vector;		/* CVSS v4 vector, else v3, or NULL */
	double cvss_score;		/* 0 without a CVSS vector */
	enum dsec_severity severity;	/* record-level, or UNKNOWN */
	struct dsec_osv_affected *affected;
	size_t n_affected;
};

/*
 * Parse one OSV record (a JSON object) from memory. Returns 0, -EINVAL
 * with a message in @err for a record that is not valid OSV, or -ENOMEM.
 */
/*
 * Finds the end of the JSON value at data[pos] without parsing it: the
 * offset just past the bracket that closes it, or for a scalar the
 * offset of the ',' or bracket after it (or len). Returns -1 when a
 * bracket is never closed. Counts its objects and arrays into
 * *ret_containers.
 */
ssize_t dsec_json_value_end(const char *data, size_t len, size_t pos,
				size_t *ret_containers);

int dsec_osv_parse(const char *data, size_t len, struct dsec_osv_record *ret,
		   char *err, size_t err_len);
/* Parse an already decoded JSON object (struct json_object *). */
int dsec_osv_parse_object(void *object, struct dsec_osv_record *ret,
			  char *err, size_t err_len);
void dsec_osv_record_free(struct dsec_osv_record *rec);
void dsec_osv_affected_free(struct dsec_osv_affected *aff);

/* PyPI name normalisation (PEP 503): lower case, runs of -_. become -. */
void dsec_osv_normalize_pypi(char *name);

/* Map a severity word ("HIGH", "moderate", "important") to a severity. */
enum dsec_severity dsec_osv_severity_word(const char *word);

/*
 * Decide whether @version is affected by @aff: listed in its versions,
 * or inside one of its ECOSYSTEM/SEMVER ranges (events sorted by
 * version, introduced "0" first, limit events bounding the range).
 * *ret_fixed is the lowest fixed version above @version in the range
 * that matched, or NULL. Returns 0, or -EINVAL when @version does not
 * parse for @scheme (ranges whose own versions do not parse are skipped).
 */
int dsec_osv_affected_match(const struct dsec_osv_affected *aff,
			    enum dsec_version_scheme scheme, const char *version,
			    bool *ret_affected, const char **ret_fixed);

/*
 * Compact text form of the ranges and versions of @aff, as the database
 * stores them: ranges separated by 0x1e, each a type letter ('E', 'S')
 * followed by events "0x1f<kind letter><version>"; versions separated by
 * 0x1f. The OSV reader rejects names and versions with control bytes,
 * so the separators cannot occur inside them.
 */
char *dsec_osv_encode_ranges(const struct dsec_osv_affected *aff);
char *dsec_osv_encode_versions(const struct dsec_osv_affected *aff);
int dsec_osv_decode(const char *ranges, const char *versions,
		    struct dsec_osv_affected *ret);

#endif /* DSEC_SCAN_OSV_H */
