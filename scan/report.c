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

/**
 * dsec_utf8_sequence_len() - Length of the UTF-8 sequence at @s.
 *
 * Returns 1 to 4 for a well-formed sequence (no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 when @s starts with an
 * invalid or truncated one. @s is NUL-terminated.
 */
size_t dsec_utf8_sequence_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned int cp, min;
	size_t len, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2, cp = p[0] & 0x1f, min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3, cp = p[0] & 0x0f, min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4, cp = p[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* The code point of a well-formed sequence of @len bytes. */
static unsigned int utf8_code_point(const unsigned char *p, size_t len)
{
	unsigned int cp = len == 1 ? p[0] : p[0] & (0xff >> (len + 1));
	size_t i;

	for (i = 1; i < len; i++)
		cp = cp << 6 | (p[i] & 0x3f);
	return cp;
}

/*
 * True for the characters a terminal acts on or that reorder the text
 * around them: C0 and C1 controls, DEL, and the bidirectional embedding,
 * override and isolate characters.
 */
static bool unsafe_code_point(unsigned int cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * Escapes the character at @s for a terminal. Control characters and
 * bidirectional controls become \uXXXX and bytes that are not UTF-8
 * become \xNN, so that text an image controls cannot move the cursor,
 * retitle the terminal or hide part of a line. Puts the text to write in
 * @out and returns the number of bytes of @s consumed (0 at the end).
 */
size_t dsec_escape_next(const char *s, char out[DSEC_ESCAPE_MAX])
{
	size_t len;
	unsigned int cp;

	if (!*s)
		return 0;
	len = dsec_utf8_sequence_len(s);
	if (!len) {
		snprintf(out, DSEC_ESCAPE_MAX, "\\x%02x", (unsigned char)*s);
		return 1;
	}
	cp = utf8_code_point((const unsigned char *)s, len);
	if (unsafe_code_point(cp)) {
		snprintf(out, DSEC_ESCAPE_MAX, "\\u%04x", cp);
	} else {
		memcpy(out, s, len);
		out[len] = '\0';
	}
	return len;
}

void dsec_escape_text(char *buf, size_t size, const char *s)
{
	char piece[DSEC_ESCAPE_MAX];
	size_t used = 0, n, piece_len;

	if (!size)
		return;
	while ((n = dsec_escape_next(s, piece))) {
		piece_len = strlen(piece);
		if (used + piece_len >= size)
			break;	/* whole characters only */
		memcpy(buf + used, piece, piece_len);
		used += piece_len;
		s += n;
	}
	buf[used] = '\0';
}

/* Writes text that an image controls (paths, tags, evidence) to the table. */
static void put_text(FILE *out, const char *s)
{
	char piece[DSEC_ESCAPE_MAX];
	size_t n;

	while ((n = dsec_escape_next(s, piece))) {
		fputs(piece, out);
		s += n;
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
	} else if (f->not_listed) {
		snprintf(buf, size, "not listed");
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

	fputs("Image: ", out);
	put_text(out, scan->image_ref ? scan->image_ref :
		 scan->opts.input ? scan->opts.input : "?");
	fprintf(out, " (%s", scan->format ? scan->format : "?");
	if (scan->os.pretty_name || scan->os.id) {
		fputs(", ", out);
		put_text(out, scan->os.pretty_name ? scan->os.pretty_name : scan->os.id);
	}
	fprintf(out, ")\n%zu packages, %llu files, %zu layers\n", scan->n_packages,
		(unsigned long long)scan->files_seen, scan->n_layers);
	if (scan->vulns_skipped) {
		const char *reason = scan->vulns_skipped_reason ? scan->vulns_skipped_reason
								: "no database";

		/* The reason may already contain the import command. */
		fputs("Vulnerability matching was skipped: ", out);
		put_text(out, reason);
		fprintf(out, "%s%s.\n", strstr(reason, "db import") ? "" : "; ",
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
			fputs("  ", out);
			put_text(out, f->id ? f->id : "");
			fprintf(out, "%*s %-17s ", f->id && strlen(f->id) < 30 ?
				(int)(30 - strlen(f->id)) : 0, "",
				dsec_finding_class_name(f->class));
			put_text(out, where);
			fputs("\n      ", out);
			put_text(out, f->title ? f->title : "");
			fputc('\n', out);
			if (f->evidence) {
				fputs("      ", out);
				put_text(out, f->evidence);
				fputc('\n', out);
			}
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

/*
 * Writes a JSON document. json-c escapes control characters but copies
 * other bytes as they are, and names from an image need not be UTF-8,
 * which JSON requires. Such bytes can only be inside strings, so each
 * one is written as the escape of U+FFFD, the replacement character.
 */
static int write_json(FILE *out, json_object *doc)
{
	const char *text, *run;

	if (!doc)
		return -ENOMEM;
	text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	for (run = text; *text;) {
		size_t len = dsec_utf8_sequence_len(text);

		if (len) {
			text += len;
			continue;
		}
		fwrite(run, 1, text - run, out);
		fputs("\\ufffd", out);
		run = ++text;
	}
	fputs(run, out);
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
