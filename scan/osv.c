// SPDX-License-Identifier: GPL-2.0
/*
 * OSV record reader (json-c). Only the fields that matching and reports
 * use are kept: id, modified, withdrawn, summary, aliases, severity,
 * database_specific.severity and affected[] with package, ranges,
 * versions and ecosystem_specific.severity.
 *
 * A record is rejected when it lacks a string "id" or "modified", or when
 * its affected[] is malformed: a package without ecosystem or name, an
 * event without a version, a string with control bytes or over the
 * length limits. The message names the field, and the caller counts the
 * record as invalid.
 * affected[] entries without a package (GIT-only entries) are skipped.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "scan/cvss.h"
#include "scan/osv.h"

static int fail(char *err, size_t err_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;

	if (err && err_len) {
		va_start(ap, fmt);
		vsnprintf(err, err_len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool has_control_bytes(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20)
			return true;
	return false;
}

static const char *get_string(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static struct json_object *get_typed(struct json_object *obj, const char *key,
				     enum json_type type)
{
	struct json_object *v;

	if (!obj || !json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, type))
		return NULL;
	return v;
}

void dsec_osv_normalize_pypi(char *name)
{
	char *out = name;
	bool in_sep = false;

	for (; *name; name++) {
		char c = *name;

		if (c == '-' || c == '_' || c == '.') {
			if (!in_sep)
				*out++ = '-';
			in_sep = true;
			continue;
		}
		in_sep = false;
		*out++ = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
	}
	*out = '\0';
}

enum dsec_severity dsec_osv_severity_word(const char *word)
{
	static const struct {
		const char *word;
		enum dsec_severity severity;
	} words[] = {
		{ "critical", DSEC_SEV_CRITICAL },
		{ "high", DSEC_SEV_HIGH }, { "important", DSEC_SEV_HIGH },
		{ "medium", DSEC_SEV_MEDIUM }, { "moderate", DSEC_SEV_MEDIUM },
		{ "low", DSEC_SEV_LOW }, { "negligible", DSEC_SEV_LOW },
		{ "unimportant", DSEC_SEV_INFO },
	};
	size_t i;

	if (!word)
		return DSEC_SEV_UNKNOWN;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(word, words[i].word))
			return words[i].severity;
	return DSEC_SEV_UNKNOWN;
}

/* The "severity" word of a database_specific or ecosystem_specific object. */
static enum dsec_severity specific_severity(struct json_object *obj, const char *key)
{
	struct json_object *specific = get_typed(obj, key, json_type_object);

	return specific ? dsec_osv_severity_word(get_string(specific, "severity")) :
			  DSEC_SEV_UNKNOWN;
}

static int parse_event(struct json_object *ev, struct dsec_osv_event *ret,
		       char *err, size_t err_len)
{
	static const struct {
		const char *key;
		enum dsec_osv_event_kind kind;
	} kinds[] = {
		{ "introduced", DSEC_OSV_INTRODUCED },
		{ "fixed", DSEC_OSV_FIXED },
		{ "last_affected", DSEC_OSV_LAST_AFFECTED },
		{ "limit", DSEC_OSV_LIMIT },
	};
	size_t i;

	if (!json_object_is_type(ev, json_type_object))
		return fail(err, err_len, "range event is not an object");
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const char *v = get_string(ev, kinds[i].key);

		if (!v)
			continue;
		if (!*v || strlen(v) > DSEC_VERSION_MAX_LEN || has_control_bytes(v))
			return fail(err, err_len, "invalid %s version in a range event",
				    kinds[i].key);
		ret->kind = kinds[i].kind;
		ret->version = strdup(v);
		return ret->version ? 0 : -ENOMEM;
	}
	return fail(err, err_len,
		    "range event has none of introduced, fixed, last_affected, limit");
}

static int parse_range(struct json_object *range, struct dsec_osv_affected *aff,
		       char *err, size_t err_len)
{
	struct dsec_osv_range *r;
	struct json_object *events;
	const char *type;
	size_t i, n;
	int ret;

	if (!json_object_is_type(range, json_type_object))
		return fail(err, err_len, "range is not an object");
	type = get_string(range, "type");
	if (!type)
		return fail(err, err_len, "range without a type");
	events = get_typed(range, "events", json_type_array);
	if (!events)
		return fail(err, err_len, "range without an events array");
	/* GIT ranges name commits, not versions, so they cannot match. */
	if (strcmp(type, "ECOSYSTEM") && strcmp(type, "SEMVER"))
		return 0;

	r = &aff->ranges[aff->n_ranges];
	r->type = strcmp(type, "SEMVER") ? DSEC_OSV_RANGE_ECOSYSTEM : DSEC_OSV_RANGE_SEMVER;
	n = json_object_array_length(events);
	if (n > DSEC_OSV_MAX_EVENTS)
		return fail(err, err_len, "range has more than %d events",
			    DSEC_OSV_MAX_EVENTS);
	r->events = calloc(n ? n : 1, sizeof(*r->events));
	if (!r->events)
		return -ENOMEM;
	r->n_events = 0;
	aff->n_ranges++;
	for (i = 0; i < n; i++) {
		ret = parse_event(json_object_array_get_idx(events, i),
				  &r->events[r->n_events], err, err_len);
		if (ret < 0)
			return ret;
		r->n_events++;
	}
	return 0;
}

static int parse_affected(struct json_object *obj, struct dsec_osv_affected *aff,
			  char *err, size_t err_len)
{
	struct json_object *pkg, *ranges, *versions;
	const char *ecosystem, *name;
	size_t i, n;
	int ret;

	if (!json_object_is_type(obj, json_type_object))
		return fail(err, err_len, "affected entry is not an object");
	/*
	 * An entry without a package only describes GIT ranges of a
	 * repository; it cannot match an installed package.
	 */
	pkg = get_typed(obj, "package", json_type_object);
	if (!pkg)
		return 1;
	ecosystem = get_string(pkg, "ecosystem");
	name = get_string(pkg, "name");
	if (!ecosystem || !name || !*ecosystem || !*name)
		return fail(err, err_len, "affected package without ecosystem or name");
	if (strlen(name) > DSEC_OSV_MAX_NAME || strlen(ecosystem) > DSEC_OSV_MAX_NAME ||
	    has_control_bytes(name) || has_control_bytes(ecosystem))
		return fail(err, err_len, "invalid affected package name or ecosystem");

	aff->ecosystem = strdup(ecosystem);
	aff->name = strdup(name);
	if (!aff->ecosystem || !aff->name)
		return -ENOMEM;
	if (!strcmp(ecosystem, "PyPI"))
		dsec_osv_normalize_pypi(aff->name);
	aff->severity = specific_severity(obj, "ecosystem_specific");
	if (aff->severity == DSEC_SEV_UNKNOWN)
		aff->severity = specific_severity(obj, "database_specific");

	ranges = get_typed(obj, "ranges", json_type_array);
	n = ranges ? json_object_array_length(ranges) : 0;
	aff->ranges = calloc(n ? n : 1, sizeof(*aff->ranges));
	if (!aff->ranges)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		ret = parse_range(json_object_array_get_idx(ranges, i), aff, err, err_len);
		if (ret < 0)
			return ret;
	}

	versions = get_typed(obj, "versions", json_type_array);
	n = versions ? json_object_array_length(versions) : 0;
	aff->versions = calloc(n ? n : 1, sizeof(*aff->versions));
	if (!aff->versions)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(versions, i);
		const char *s;

		if (!json_object_is_type(v, json_type_string))
			return fail(err, err_len, "affected version is not a string");
		s = json_object_get_string(v);
		if (!*s || strlen(s) > DSEC_VERSION_MAX_LEN || has_control_bytes(s))
			return fail(err, err_len, "invalid affected version");
		aff->versions[aff->n_versions] = strdup(s);
		if (!aff->versions[aff->n_versions])
			return -ENOMEM;
		aff->n_versions++;
	}
	return 0;
}

static bool valid_alias(struct json_object *a)
{
	const char *s;

	if (!json_object_is_type(a, json_type_string))
		return false;
	s = json_object_get_string(a);
	return *s && strlen(s) <= DSEC_OSV_MAX_ID && !has_control_bytes(s) &&
	       !strchr(s, ',');
}

/*
 * Join the ids of "aliases" and "upstream" with commas. Distribution
 * records (DEBIAN-CVE-*, UBUNTU-CVE-*) name their CVE in "upstream".
 */
static int parse_aliases(struct json_object *obj, char **ret)
{
	static const char *const keys[] = { "aliases", "upstream" };
	size_t i, k, len = 1, pos = 0;
	char *out;

	*ret = NULL;
	for (k = 0; k < 2; k++) {
		struct json_object *ids = get_typed(obj, keys[k], json_type_array);
		size_t n = ids ? json_object_array_length(ids) : 0;

		for (i = 0; i < n; i++) {
			struct json_object *a = json_object_array_get_idx(ids, i);

			if (valid_alias(a))
				len += strlen(json_object_get_string(a)) + 1;
		}
	}
	if (len == 1)
		return 0;
	out = malloc(len);
	if (!out)
		return -ENOMEM;
	out[0] = '\0';
	for (k = 0; k < 2; k++) {
		struct json_object *ids = get_typed(obj, keys[k], json_type_array);
		size_t n = ids ? json_object_array_length(ids) : 0;

		for (i = 0; i < n; i++) {
			struct json_object *a = json_object_array_get_idx(ids, i);
			const char *s;

			if (!valid_alias(a))
				continue;
			s = json_object_get_string(a);
			if (pos)
				out[pos++] = ',';
			memcpy(out + pos, s, strlen(s) + 1);
			pos += strlen(s);
		}
	}
	*ret = out;
	return 0;
}

/*
 * Score the record from its severity[]: the first valid CVSS v4 vector,
 * else the first valid CVSS v3 vector, else Ubuntu's own priority word.
 * Without any of them the caller falls back to database_specific.
 */
static int parse_cvss(struct json_object *obj, struct dsec_osv_record *rec)
{
	struct json_object *sev = get_typed(obj, "severity", json_type_array);
	size_t i, n = sev ? json_object_array_length(sev) : 0;
	const char *v3 = NULL, *v4 = NULL, *vector;
	double v3_score = 0, v4_score = 0;
	enum dsec_severity word = DSEC_SEV_UNKNOWN;

	for (i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(sev, i);
		const char *type, *score;
		double value;

		if (!json_object_is_type(s, json_type_object))
			continue;
		type = get_string(s, "type");
		score = get_string(s, "score");
		if (!type || !score)
			continue;
		if (!v4 && !strcmp(type, "CVSS_V4") && dsec_cvss4_score(score, &value) == 0) {
			v4 = score;
			v4_score = value;
		} else if (!v3 && !strcmp(type, "CVSS_V3") &&
			   dsec_cvss3_base_score(score, &value) == 0) {
			v3 = score;
			v3_score = value;
		} else if (!strcmp(type, "Ubuntu") && word == DSEC_SEV_UNKNOWN) {
			/* Ubuntu records rate with their own words ("medium"). */
			word = dsec_osv_severity_word(score);
		}
	}

	vector = v4 ? v4 : v3;
	if (!vector) {
		if (word != DSEC_SEV_UNKNOWN)
			rec->severity = word;
		return 0;
	}
	rec->cvss_vector = strdup(vector);
	if (!rec->cvss_vector)
		return -ENOMEM;
	rec->cvss_score = v4 ? v4_score : v3_score;
	rec->severity = dsec_cvss_rating(rec->cvss_score);
	return 0;
}

static char *dup_optional(const char *s, size_t max)
{
	if (!s || strlen(s) > max)
		return NULL;
	return strdup(s);
}

int dsec_osv_parse_object(void *object, struct dsec_osv_record *ret,
			  char *err, size_t err_len)
{
	struct json_object *obj = object, *affected;
	const char *id, *modified, *withdrawn, *summary;
	size_t i, n;
	int r;

	memset(ret, 0, sizeof(*ret));
	if (!json_object_is_type(obj, json_type_object))
		return fail(err, err_len, "record is not a JSON object");
	id = get_string(obj, "id");
	modified = get_string(obj, "modified");
	if (!id || !*id)
		return fail(err, err_len, "record without an \"id\" string");
	if (strlen(id) > DSEC_OSV_MAX_ID || has_control_bytes(id))
		return fail(err, err_len, "record id is longer than %d bytes or has control bytes",
			    DSEC_OSV_MAX_ID);
	if (!modified)
		return fail(err, err_len, "record '%s' without a \"modified\" string", id);

	ret->id = strdup(id);
	ret->modified = dup_optional(modified, DSEC_OSV_MAX_ID);
	if (!ret->id || !ret->modified) {
		r = ret->id ? fail(err, err_len, "record '%s': invalid modified time", id) :
			      -ENOMEM;
		goto out_free;
	}
	withdrawn = get_string(obj, "withdrawn");
	if (withdrawn)
		ret->withdrawn = strdup(*withdrawn ? withdrawn : "unknown");
	summary = get_string(obj, "summary");
	if (summary)
		ret->summary = strndup(summary, 1024);
	r = parse_aliases(obj, &ret->aliases);
	if (r < 0)
		goto out_free;
	r = parse_cvss(obj, ret);
	if (r < 0)
		goto out_free;
	if (ret->severity == DSEC_SEV_UNKNOWN)
		ret->severity = specific_severity(obj, "database_specific");

	affected = get_typed(obj, "affected", json_type_array);
	n = affected ? json_object_array_length(affected) : 0;
	ret->affected = calloc(n ? n : 1, sizeof(*ret->affected));
	if (!ret->affected) {
		r = -ENOMEM;
		goto out_free;
	}
	for (i = 0; i < n; i++) {
		struct dsec_osv_affected *aff = &ret->affected[ret->n_affected];

		r = parse_affected(json_object_array_get_idx(affected, i), aff,
				   err, err_len);
		if (r == 1)
			continue;
		ret->n_affected++;
		if (r == -EINVAL && err && err_len) {
			char detail[256];

			snprintf(detail, sizeof(detail), "%s", err);
			snprintf(err, err_len, "record '%s', affected[%zu]: %s", id, i, detail);
		}
		if (r < 0)
			goto out_free;
	}
	return 0;

out_free:
	dsec_osv_record_free(ret);
	return r;
}

ssize_t dsec_json_value_end(const char *data, size_t len, size_t pos,
				size_t *ret_containers)
{
	size_t depth = 0;
	bool in_string = false;

	*ret_containers = 0;
	for (; pos < len; pos++) {
		char c = data[pos];

		if (in_string) {
			if (c == '\\')
				pos++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			depth++;
			(*ret_containers)++;
		} else if (c == '}' || c == ']') {
			if (!depth)
				return pos;
			if (--depth == 0)
				return pos + 1;
		} else if (c == ',' && !depth) {
			return pos;
		}
	}
	return depth ? -1 : (ssize_t)len;
}

int dsec_osv_parse(const char *data, size_t len, struct dsec_osv_record *ret,
		   char *err, size_t err_len)
{
	struct json_tokener *tok;
	struct json_object *obj;
	size_t containers;
	int r;

	memset(ret, 0, sizeof(*ret));
	if (len > DSEC_OSV_MAX_RECORD)
		return fail(err, err_len, "record is larger than %u bytes",
			    DSEC_OSV_MAX_RECORD);
	dsec_json_value_end(data, len, 0, &containers);
	if (containers > DSEC_OSV_MAX_CONTAINERS)
		return fail(err, err_len, "record has more than %u JSON objects and arrays",
			    DSEC_OSV_MAX_CONTAINERS);
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	obj = json_tokener_parse_ex(tok, data, (int)len);
	if (!obj) {
		r = fail(err, err_len, "invalid JSON: %s",
			 json_tokener_error_desc(json_tokener_get_error(tok)));
		json_tokener_free(tok);
		return r;
	}
	json_tokener_free(tok);
	r = dsec_osv_parse_object(obj, ret, err, err_len);
	json_object_put(obj);
	return r;
}

void dsec_osv_affected_free(struct dsec_osv_affected *aff)
{
	size_t i, j;

	if (!aff)
		return;
	for (i = 0; i < aff->n_ranges; i++) {
		for (j = 0; j < aff->ranges[i].n_events; j++)
			free(aff->ranges[i].events[j].version);
		free(aff->ranges[i].events);
	}
	free(aff->ranges);
	for (i = 0; i < aff->n_versions; i++)
		free(aff->versions[i]);
	free(aff->versions);
	free(aff->ecosystem);
	free(aff->name);
	memset(aff, 0, sizeof(*aff));
}

void dsec_osv_record_free(struct dsec_osv_record *rec)
{
	size_t i;

	if (!rec)
		return;
	for (i = 0; i < rec->n_affected; i++)
		dsec_osv_affected_free(&rec->affected[i]);
	free(rec->affected);
	free(rec->id);
	free(rec->modified);
	free(rec->withdrawn);
	free(rec->summary);
	free(rec->aliases);
	free(rec->cvss_vector);
	memset(rec, 0, sizeof(*rec));
}
