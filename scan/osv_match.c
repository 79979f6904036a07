// SPDX-License-Identifier: GPL-2.0
/*
 * Evaluation of OSV affected ranges against one installed version, and
 * the compact text form in which the database stores them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scan/osv.h"

#define RANGE_SEP	'\x1e'
#define EVENT_SEP	'\x1f'

static const char event_letters[] = "iflm";	/* by enum dsec_osv_event_kind */

static bool is_zero_introduced(const struct dsec_osv_event *ev)
{
	return ev->kind == DSEC_OSV_INTRODUCED && !strcmp(ev->version, "0");
}

/* Order two events by version; introduced "0" is below every version. */
static int compare_events(enum dsec_version_scheme scheme,
			  const struct dsec_osv_event *a,
			  const struct dsec_osv_event *b, int *ret_cmp)
{
	bool za = is_zero_introduced(a), zb = is_zero_introduced(b);

	if (za || zb) {
		*ret_cmp = za == zb ? 0 : (za ? -1 : 1);
		return 0;
	}
	return dsec_version_cmp(scheme, a->version, b->version, ret_cmp);
}

/*
 * Evaluate one range: walk its events in version order, entering the
 * affected state at introduced <= v and leaving it at fixed <= v or
 * last_affected < v. A limit <= v ends the walk unaffected.
 */
static int range_affects(const struct dsec_osv_range *range,
			 enum dsec_version_scheme scheme, const char *version,
			 bool *ret_affected, const char **ret_fixed)
{
	const struct dsec_osv_event **sorted;
	bool affected = false;
	const char *fixed = NULL;
	size_t i, j;
	int cmp = 0, r = 0;

	if (range->type == DSEC_OSV_RANGE_SEMVER)
		scheme = DSEC_VERSION_SEMVER;
	sorted = calloc(range->n_events ? range->n_events : 1, sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;

	/* Insertion sort keeps equal events in record order. */
	for (i = 0; i < range->n_events; i++) {
		const struct dsec_osv_event *ev = &range->events[i];

		for (j = i; j > 0; j--) {
			r = compare_events(scheme, sorted[j - 1], ev, &cmp);
			if (r < 0)
				goto out;
			if (cmp <= 0)
				break;
			sorted[j] = sorted[j - 1];
		}
		sorted[j] = ev;
	}

	for (i = 0; i < range->n_events; i++) {
		const struct dsec_osv_event *ev = sorted[i];

		if (is_zero_introduced(ev)) {
			affected = true;
			continue;
		}
		r = dsec_version_cmp(scheme, version, ev->version, &cmp);
		if (r < 0)
			goto out;
		if (cmp < 0) {
			/*
			 * Every later event is above the installed version
			 * too, so none can change the state; the first
			 * fixed one is the fix for it.
			 */
			if (affected && ev->kind == DSEC_OSV_FIXED)
				fixed = ev->version;
			break;
		}
		if (ev->kind == DSEC_OSV_INTRODUCED) {
			affected = true;
		} else if (ev->kind == DSEC_OSV_FIXED) {
			affected = false;
		} else if (ev->kind == DSEC_OSV_LAST_AFFECTED) {
			if (cmp > 0)
				affected = false;
		} else {
			affected = false;	/* at or above a limit */
			break;
		}
	}
	*ret_affected = affected;
	*ret_fixed = affected ? fixed : NULL;
out:
	free(sorted);
	return r;
}

int dsec_osv_affected_match(const struct dsec_osv_affected *aff,
			    enum dsec_version_scheme scheme, const char *version,
			    bool *ret_affected, const char **ret_fixed)
{
	int probe, r;
	size_t i;

	*ret_affected = false;
	*ret_fixed = NULL;
	/* The installed version must parse, or no range can be trusted. */
	r = dsec_version_cmp(scheme, version, version, &probe);
	if (r < 0)
		return r;

	for (i = 0; i < aff->n_versions; i++) {
		int cmp;

		if (!strcmp(aff->versions[i], version) ||
		    (dsec_version_cmp(scheme, aff->versions[i], version, &cmp) == 0 &&
		     cmp == 0)) {
			*ret_affected = true;
			break;
		}
	}

	for (i = 0; i < aff->n_ranges; i++) {
		const char *fixed = NULL;
		bool affected = false;

		/* A range whose own versions do not parse is skipped. */
		r = range_affects(&aff->ranges[i], scheme, version, &affected, &fixed);
		if (r == -ENOMEM)
			return r;
		if (r < 0 || !affected)
			continue;
		*ret_affected = true;
		if (fixed && !*ret_fixed)
			*ret_fixed = fixed;
	}
	return 0;
}

static char *encode_append(char *buf, size_t *len, size_t *cap, const char *s,
			   size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t new_cap = (*len + n + 1) * 2;
		char *p = realloc(buf, new_cap);

		if (!p) {
			free(buf);
			return NULL;
		}
		buf = p;
		*cap = new_cap;
	}
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
	return buf;
}

char *dsec_osv_encode_ranges(const struct dsec_osv_affected *aff)
{
	size_t len = 0, cap = 0, i, j;
	char *buf = encode_append(NULL, &len, &cap, "", 0);

	for (i = 0; buf && i < aff->n_ranges; i++) {
		const struct dsec_osv_range *range = &aff->ranges[i];
		char head[2] = { RANGE_SEP, range->type == DSEC_OSV_RANGE_SEMVER ? 'S' : 'E' };

		buf = i ? encode_append(buf, &len, &cap, head, 2) :
			  encode_append(buf, &len, &cap, head + 1, 1);
		for (j = 0; buf && j < range->n_events; j++) {
			char ev[2] = { EVENT_SEP, event_letters[range->events[j].kind] };

			buf = encode_append(buf, &len, &cap, ev, 2);
			if (buf)
				buf = encode_append(buf, &len, &cap, range->events[j].version,
						    strlen(range->events[j].version));
		}
	}
	return buf;
}

char *dsec_osv_encode_versions(const struct dsec_osv_affected *aff)
{
	size_t len = 0, cap = 0, i;
	char sep = EVENT_SEP;
	char *buf = encode_append(NULL, &len, &cap, "", 0);

	for (i = 0; buf && i < aff->n_versions; i++) {
		if (i)
			buf = encode_append(buf, &len, &cap, &sep, 1);
		if (buf)
			buf = encode_append(buf, &len, &cap, aff->versions[i],
					    strlen(aff->versions[i]));
	}
	return buf;
}

static size_t count_char(const char *s, char c)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

static int decode_range(const char *s, size_t len, struct dsec_osv_range *ret)
{
	const char *end = s + len, *p;
	size_t n = 0;

	if (!len || (s[0] != 'E' && s[0] != 'S'))
		return -EINVAL;
	ret->type = s[0] == 'S' ? DSEC_OSV_RANGE_SEMVER : DSEC_OSV_RANGE_ECOSYSTEM;
	for (p = s; p < end; p++)
		n += *p == EVENT_SEP;
	ret->events = calloc(n ? n : 1, sizeof(*ret->events));
	if (!ret->events)
		return -ENOMEM;
	ret->n_events = 0;
	p = s + 1;
	while (p < end) {
		const char *kind, *next;
		struct dsec_osv_event *ev;

		if (*p != EVENT_SEP || p + 1 >= end)
			return -EINVAL;
		kind = strchr(event_letters, p[1]);
		if (!kind || !p[1])
			return -EINVAL;
		next = memchr(p + 2, EVENT_SEP, end - p - 2);
		if (!next)
			next = end;
		ev = &ret->events[ret->n_events];
		ev->kind = (enum dsec_osv_event_kind)(kind - event_letters);
		ev->version = strndup(p + 2, next - p - 2);
		if (!ev->version)
			return -ENOMEM;
		ret->n_events++;
		p = next;
	}
	return 0;
}

int dsec_osv_decode(const char *ranges, const char *versions,
		    struct dsec_osv_affected *ret)
{
	size_t n, i;
	int r = 0;

	memset(ret, 0, sizeof(*ret));
	ranges = ranges ? ranges : "";
	versions = versions ? versions : "";

	n = *ranges ? count_char(ranges, RANGE_SEP) + 1 : 0;
	ret->ranges = calloc(n ? n : 1, sizeof(*ret->ranges));
	if (!ret->ranges)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const char *sep = strchr(ranges, RANGE_SEP);
		size_t len = sep ? (size_t)(sep - ranges) : strlen(ranges);

		r = decode_range(ranges, len, &ret->ranges[i]);
		ret->n_ranges = i + 1;
		if (r < 0)
			goto fail;
		ranges += len + (sep ? 1 : 0);
	}

	n = *versions ? count_char(versions, EVENT_SEP) + 1 : 0;
	ret->versions = calloc(n ? n : 1, sizeof(*ret->versions));
	if (!ret->versions) {
		r = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < n; i++) {
		const char *sep = strchr(versions, EVENT_SEP);
		size_t len = sep ? (size_t)(sep - versions) : strlen(versions);

		ret->versions[i] = strndup(versions, len);
		if (!ret->versions[i]) {
			r = -ENOMEM;
			goto fail;
		}
		ret->n_versions = i + 1;
		versions += len + (sep ? 1 : 0);
	}
	return 0;

fail:
	dsec_osv_affected_free(ret);
	return r;
}
