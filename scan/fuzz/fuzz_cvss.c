// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the CVSS v3 and v4 vector parsers. A vector is
 * either rejected or scored between 0.0 and 10.0 in steps of 0.1, and
 * scoring it again gives the same score.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/cvss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int (*score_fn)(const char *, double *), const char *vector)
{
	double score = -1, again = -1;
	int r = score_fn(vector, &score);

	if (r == -EINVAL)
		return;
	if (r != 0 || score < 0 || score > 10 ||
	    fabs(score * 10 - round(score * 10)) > 1e-9)
		abort();
	if (score_fn(vector, &again) != 0 || again != score)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *vector = malloc(size + 1);

	if (!vector)
		return 0;
	memcpy(vector, data, size);
	vector[size] = '\0';
	check(dsec_cvss3_base_score, vector);
	check(dsec_cvss4_score, vector);
	free(vector);
	return 0;
}
