/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scan reports: a table for terminals, JSON (schema in docs/scan.md),
 * SARIF 2.1.0 and a CycloneDX 1.5 SBOM with vulnerabilities.
 */
#ifndef DSEC_REPORT_H
#define DSEC_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <json-c/json.h>

#include "scan/scan.h"

enum dsec_report_format {
	DSEC_REPORT_TABLE,
	DSEC_REPORT_JSON,
	DSEC_REPORT_SARIF,
	DSEC_REPORT_CYCLONEDX,
};

/* Value of the "schema" member of JSON reports; bumped on incompatible change. */
#define DSEC_REPORT_JSON_SCHEMA	"dsec-scan-report/1"

struct dsec_report_options {
	enum dsec_severity min_severity;	/* findings below it are left out */
	bool color;				/* ANSI colours in the table */
	const char *tool_version;
};

int dsec_report_format_parse(const char *name, enum dsec_report_format *ret_format);
bool dsec_report_included(const struct dsec_finding *finding,
			  const struct dsec_report_options *opts);

/* Writes the report; returns 0 or -errno (-EIO when @out failed). */
int dsec_report_write(FILE *out, const struct dsec_scan *scan,
		      enum dsec_report_format format,
		      const struct dsec_report_options *opts);

/* The JSON documents, for writers and tests; NULL when out of memory. */
json_object *dsec_report_json(const struct dsec_scan *scan,
			      const struct dsec_report_options *opts);
json_object *dsec_report_sarif(const struct dsec_scan *scan,
			       const struct dsec_report_options *opts);
json_object *dsec_report_cyclonedx(const struct dsec_scan *scan,
				   const struct dsec_report_options *opts);
int dsec_report_table(FILE *out, const struct dsec_scan *scan,
		      const struct dsec_report_options *opts);

/* Helpers shared by the writers (report.c). */
json_object *dsec_json_string(const char *s);	/* json null for NULL */
const char *dsec_report_vuln_hint(void);
size_t dsec_utf8_sequence_len(const char *s);	/* 1 to 4, 0 when invalid */

/* Terminal-safe text: see dsec_escape_next() in report.c. */
#define DSEC_ESCAPE_MAX	8	/* an escape of six characters and a NUL */
size_t dsec_escape_next(const char *s, char out[DSEC_ESCAPE_MAX]);
/* Writes the escaped form of @s to @buf, truncated to whole characters. */
void dsec_escape_text(char *buf, size_t size, const char *s);

#endif /* DSEC_REPORT_H */
