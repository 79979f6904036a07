/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared body of the version comparator harnesses: the input is two
 * versions separated by the first newline. Besides crashes, each run
 * checks that the order is reflexive and antisymmetric.
 */
#ifndef DSEC_FUZZ_VERSION_HARNESS_H
#define DSEC_FUZZ_VERSION_HARNESS_H

#include <stdlib.h>
#include <string.h>

#include "scan/version.h"

static int sign_of(int v)
{
	return (v > 0) - (v < 0);
}

static int run_version_harness(enum dsec_version_scheme scheme,
			       const unsigned char *data, size_t size)
{
	const unsigned char *nl = memchr(data, '\n', size);
	char *a, *b;
	int ab, ba, aa;

	if (!nl || size > 4 * DSEC_VERSION_MAX_LEN)
		return 0;
	a = strndup((const char *)data, nl - data);
	b = strndup((const char *)nl + 1, size - (nl - data) - 1);
	if (!a || !b)
		abort();
	if (dsec_version_cmp(scheme, a, b, &ab) == 0 &&
	    dsec_version_cmp(scheme, b, a, &ba) == 0) {
		if (sign_of(ab) != -sign_of(ba))
			abort();
		if (dsec_version_cmp(scheme, a, a, &aa) != 0 || aa != 0)
			abort();
	}
	free(a);
	free(b);
	return 0;
}

#endif /* DSEC_FUZZ_VERSION_HARNESS_H */
