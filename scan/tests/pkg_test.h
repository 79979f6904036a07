/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the package parser tests: read a fixture into memory, look
 * packages up in a scan, and set up a scan that runs given analyzers.
 * Tests run from the repository root and read ../shared/fixtures in place.
 */
#ifndef DSEC_PKG_TEST_H
#define DSEC_PKG_TEST_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "scan/pkg.h"

#define FIXTURES "../shared/fixtures/"

static inline char *read_fixture(const char *rel, size_t *ret_len)
{
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), FIXTURES "%s", rel);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*ret_len = n;
	return buf;
}

/* The package with this name (and version, unless NULL), or NULL. */
static inline const struct dsec_package *
find_pkg(const struct dsec_scan *scan, const char *name, const char *version)
{
	size_t i;

	for (i = 0; i < scan->n_packages; i++) {
		const struct dsec_package *p = &scan->packages[i];

		if (!strcmp(p->name, name) &&
		    (!version || !strcmp(p->version, version)))
			return p;
	}
	return NULL;
}

static inline size_t count_pkgs_named(const struct dsec_scan *scan, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < scan->n_packages; i++)
		n += !strcmp(scan->packages[i].name, name);
	return n;
}

/* The finding with this id, or NULL. */
static inline const struct dsec_finding *
find_finding(const struct dsec_scan *scan, const char *id)
{
	size_t i;

	for (i = 0; i < scan->n_findings; i++)
		if (!strcmp(scan->findings[i].id, id))
			return &scan->findings[i];
	return NULL;
}

/* A scan whose analyzer table is the given list, so analyzer state works. */
static inline void scan_with(struct dsec_scan *scan,
			     const struct dsec_analyzer *const *analyzers, size_t n)
{
	struct dsec_scan_options opts = { 0 };

	opts.analyzers = analyzers;
	opts.n_analyzers = n;
	dsec_scan_init(scan, &opts);
	assert_non_null(scan->priv);
}

static inline void set_os(struct dsec_scan *scan, const char *id, const char *version_id)
{
	scan->os.id = dsec_scan_strdup(scan, id);
	scan->os.version_id = version_id ? dsec_scan_strdup(scan, version_id) : NULL;
}

static inline const struct dsec_pkg_origin *origin_of(const char *location)
{
	static struct dsec_pkg_origin origin;

	origin.location = location;
	origin.layer_digest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
	return &origin;
}

#endif /* DSEC_PKG_TEST_H */
