// SPDX-License-Identifier: GPL-2.0
/*
 * Report dispatch, severity filtering and the human-readable table.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "scan/report.h"

static const char *const format_names[] = {
	[DSEC_REPORT_TABLE] = "table",
	[DSEC_REPORT_JSON] = "json",
	[DSEC_REPORT_SARIF] = "sarif",
	[DSEC_REPORT_CYCLONEDX] = "cyclonedx",
};

int dsec_report_format_parse(const char *name, enum dsec_report_format *ret_format)
{
	size_t i;

	for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (!strcasecmp(name, format_names[i])) {
			*ret_format = (enum dsec_report_format)i;
			return 0;
		}
	}
	return -EINVAL;
}

bool dsec_report_included(const struct dsec_finding *finding,
			  const struct dsec_report_options *opts)
{
	return finding->severity >= opts->min_severity;
}

json_object *dsec_json_string(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

const char *dsec_report_vuln_hint(void)
{
	return "import advisories with 'dsecctl db import PATH...' and scan with --db FILE";
}

static const char *severity_color(enum dsec_severity sev)
{
	switch (sev) {
	case DSEC_SEV_CRITICAL:
		return "\033[1;31m";
	case DSEC_SEV_HIGH:
		return "\033[31m";
	case DSEC_SEV_MEDIUM:
		return "\033[33m";
	case DSEC_SEV_LOW:
		return "\033[36m";
	default:
		return "\033[2m";
	}
}

/* Where the finding is: path[:line], package, or the image configuration. */
static void describe_location(const struct dsec_scan *scan, const struct dsec_finding *f,
			      char *buf, size_t size)
{
	if (f->class == DSEC_FINDING_VULN && f->package >= 0 &&
	    (size_t)f->package < scan->n_packages) {
		const struct dsec_package *pkg = &scan->packages[f->package];

		snprintf(buf, size, "%s %s%s%s", pkg->name, pkg->version,
			 f->fixed_version ? " (fixed in " : "",
			 f->fixed_version ? f->fixed_version : "");
		if (f->fixed_version)
			strncat(buf, ")", size - strlen(buf) - 1);
	} else if (f->path && f->line) {
		snprintf(buf, size, "%s:%u", f->path, f->line);
	} else if (f->path) {
		snprintf(buf, size, "%s", f->path);
	} else {
		snprintf(buf, size, "image config");
	}
}

int dsec_report_table(FILE *out, const struct dsec_scan *scan,
		      const struct dsec_report_options *opts)
{
	const char *reset = opts->color ? "\033[0m" : "";
	size_t counts[DSEC_SEV_CRITICAL + 1] = { 0 };
	size_t i, shown = 0;
	int sev;

	fprintf(out, "Image: %s (%s", scan->image_ref ? scan->image_ref :
		scan->opts.input ? scan->opts.input : "?", scan->format ? scan->format : "?");
	if (scan->os.pretty_name || scan->os.id)
		fprintf(out, ", %s", scan->os.pretty_name ? scan->os.pretty_name : scan->os.id);
	fprintf(out, ")\n%zu packages, %llu files, %zu layers\n", scan->n_packages,
		(unsigned long long)scan->files_seen, scan->n_layers);
	if (scan->vulns_skipped) {
		const char *reason = scan->vulns_skipped_reason ? scan->vulns_skipped_reason
								: "no database";

		/* The reason may already contain the import command. */
		fprintf(out, "Vulnerability matching was skipped: %s%s%s.\n", reason,
			strstr(reason, "db import") ? "" : "; ",
			strstr(reason, "db import") ? "" : dsec_report_vuln_hint());
	}

	for (i = 0; i < scan->n_findings; i++)
		if (dsec_report_included(&scan->findings[i], opts))
			counts[scan->findings[i].severity]++;

	for (sev = DSEC_SEV_CRITICAL; sev >= DSEC_SEV_UNKNOWN; sev--) {
		if (!counts[sev])
			continue;
		fprintf(out, "\n%s%s%s (%zu)\n", opts->color ? severity_color(sev) : "",
			dsec_severity_name(sev), reset, counts[sev]);
		for (i = 0; i < scan->n_findings; i++) {
			const struct dsec_finding *f = &scan->findings[i];
			char where[512];

			if ((int)f->severity != sev || !dsec_report_included(f, opts))
				continue;
			describe_location(scan, f, where, sizeof(where));
			fprintf(out, "  %-30s %-17s %s\n", f->id,
				dsec_finding_class_name(f->class), where);
			fprintf(out, "      %s\n", f->title ? f->title : "");
			if (f->evidence)
				fprintf(out, "      %s\n", f->evidence);
			shown++;
		}
	}

	fprintf(out, "\n%zu finding%s", shown, shown == 1 ? "" : "s");
	for (sev = DSEC_SEV_CRITICAL; sev >= DSEC_SEV_UNKNOWN; sev--)
		if (counts[sev])
			fprintf(out, ", %zu %s", counts[sev], dsec_severity_name(sev));
	if (opts->min_severity > DSEC_SEV_UNKNOWN)
		fprintf(out, " (at or above %s)", dsec_severity_name(opts->min_severity));
	fputc('\n', out);
	return 0;
}

static int write_json(FILE *out, json_object *doc)
{
	const char *text;

	if (!doc)
		return -ENOMEM;
	text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	fputs(text, out);
	fputc('\n', out);
	json_object_put(doc);
	return 0;
}

int dsec_report_write(FILE *out, const struct dsec_scan *scan,
		      enum dsec_report_format format,
		      const struct dsec_report_options *opts)
{
	int r;

	switch (format) {
	case DSEC_REPORT_TABLE:
		r = dsec_report_table(out, scan, opts);
		break;
	case DSEC_REPORT_JSON:
		r = write_json(out, dsec_report_json(scan, opts));
		break;
	case DSEC_REPORT_SARIF:
		r = write_json(out, dsec_report_sarif(scan, opts));
		break;
	case DSEC_REPORT_CYCLONEDX:
		r = write_json(out, dsec_report_cyclonedx(scan, opts));
		break;
	default:
		return -EINVAL;
	}
	if (!r && (fflush(out) || ferror(out)))
		r = -EIO;
	return r;
}
