// SPDX-License-Identifier: GPL-2.0
/*
 * CVSS v3 base scores of published vectors (scores as NVD lists them),
 * CVSS v4.0 scores as FIRST's reference calculator computes them, and
 * rejection of malformed vectors.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "scan/cvss.h"

static const struct {
	const char *vector;
	double score;
} known_vectors[] = {
	/* CVE-2014-6271, Shellshock */
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8 },
	/* CVE-2021-44228, Log4Shell */
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0 },
	/* CVE-2021-45046 */
	{ "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H", 9.0 },
	/* CVE-2014-0160, Heartbleed */
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5 },
	/* CVE-2017-5753, Spectre variant 1 */
	{ "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:C/C:H/I:N/A:N", 5.6 },
	/* CVE-2020-28500, lodash ReDoS */
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", 5.3 },
	/* CVE-2020-15250, junit temporary folder */
	{ "CVSS:3.1/AV:L/AC:H/PR:L/UI:R/S:U/C:H/I:N/A:N", 4.4 },
	/* CVE-2025-26519, musl iconv */
	{ "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.0 },
	/* Typical reflected XSS */
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1 },
	{ "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8 },
	{ "CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8 },
	/* Metric order does not matter; temporal metrics are ignored. */
	{ "CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/E:P/RL:O", 9.8 },
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0 },
};

static void cvss_known_vectors_scored(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(known_vectors) / sizeof(known_vectors[0]); i++) {
		double score = -1;

		assert_int_equal(dsec_cvss3_base_score(known_vectors[i].vector, &score), 0);
		if (score < known_vectors[i].score - 0.001 ||
		    score > known_vectors[i].score + 0.001)
			fail_msg("%s: got %.1f, want %.1f", known_vectors[i].vector,
				 score, known_vectors[i].score);
	}
}

static void cvss_malformed_vectors_rejected(void **state)
{
	static const char *const bad[] = {
		"",
		"CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P",
		"AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
		"CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:3.1/AV/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:L/SA:N",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		double score;

		if (dsec_cvss3_base_score(bad[i], &score) != -EINVAL)
			fail_msg("accepted '%s'", bad[i]);
	}
	assert_int_equal(dsec_cvss3_base_score(NULL, NULL), -EINVAL);
}

/*
 * CVSS v4.0 vectors with the scores of FIRST's reference calculator
 * (cvss40.js of the FIRST/Red Hat CVSS v4.0 calculator, and the test
 * vectors of Red Hat's Python "cvss" library that it uses). The last
 * is the only v4 vector of the OSV fixtures (GHSA-3pxv-7cmr-fjr4).
 */
static const struct {
	const char *vector;
	double score;
} v4_vectors[] = {
	/* Base metrics only (CVSS-B). */
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", 6.9 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L", 9.2 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:H/SI:N/SA:L", 7.8 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:L/SA:H", 7.9 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:N/VA:L/SC:N/SI:H/SA:N", 8.3 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.6 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:H", 6.3 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:P/VC:L/VI:L/VA:N/SC:L/SI:N/SA:N", 4.8 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:N/SA:N", 2.1 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:N/VI:N/VA:N/SC:N/SI:L/SA:N", 2.3 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:N/VI:L/VA:L/SC:L/SI:N/SA:N", 1.8 },
	{ "CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:L/SI:H/SA:L", 9.4 },
	{ "CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:H/SA:N", 4.0 },
	{ "CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:L/SA:N", 9.5 },
	{ "CVSS:4.0/AV:P/AC:H/AT:N/PR:H/UI:N/VC:H/VI:H/VA:N/SC:H/SI:L/SA:L", 6.9 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0 },
	/* Threat metric (CVSS-BT). */
	{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A", 7.3 },
	{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P", 5.9 },
	{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U", 4.1 },
	/* Environmental metrics (CVSS-BTE). */
	{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:H/IR:H/AR:M", 7.2 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N/E:A/MAV:A", 8.7 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSI:S/MSA:S", 10.0 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:L/VI:L/VA:L/SC:N/SI:L/SA:N/CR:H/MAV:A/"
	  "MPR:L/MUI:P/MVA:N/MSA:H/R:U/V:C/U:Red", 2.0 },
	/* Supplemental metrics do not change the score. */
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/S:P/AU:Y/R:U/"
	  "V:D/RE:L/U:Red", 0.0 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N/S:N/AU:Y/R:A/"
	  "V:C/RE:H/U:Clear", 6.9 },
	/* GHSA-3pxv-7cmr-fjr4, which OSV rates MODERATE. */
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:L/SA:N", 6.9 },
};

static void cvss4_known_vectors_scored(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(v4_vectors) / sizeof(v4_vectors[0]); i++) {
		double score = -1;

		if (dsec_cvss4_score(v4_vectors[i].vector, &score) != 0)
			fail_msg("%s: rejected", v4_vectors[i].vector);
		if (score < v4_vectors[i].score - 0.001 || score > v4_vectors[i].score + 0.001)
			fail_msg("%s: got %.1f, want %.1f", v4_vectors[i].vector, score,
				 v4_vectors[i].score);
	}
}

static void cvss4_malformed_vectors_rejected(void **state)
{
	static const char *const bad[] = {
		"",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		/* Missing SA. */
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H",
		/* Repeated AV. */
		"CVSS:4.0/AV:N/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H",
		/* Invalid values: X in a base metric, S outside MSI/MSA, bad U. */
		"CVSS:4.0/AV:X/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H",
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:S/SA:H",
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/U:Blue",
		"CVSS:4.0/AV:NN/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H",
		/* Unknown metric, empty value, trailing slash. */
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/ZZ:A",
		"CVSS:4.0/AV:/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H",
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		double score;

		if (dsec_cvss4_score(bad[i], &score) != -EINVAL)
			fail_msg("accepted '%s'", bad[i]);
	}
	assert_int_equal(dsec_cvss4_score(NULL, NULL), -EINVAL);
}

static void cvss_rating_boundaries(void **state)
{
	assert_int_equal(dsec_cvss_rating(0.0), DSEC_SEV_INFO);
	assert_int_equal(dsec_cvss_rating(0.1), DSEC_SEV_LOW);
	assert_int_equal(dsec_cvss_rating(3.9), DSEC_SEV_LOW);
	assert_int_equal(dsec_cvss_rating(4.0), DSEC_SEV_MEDIUM);
	assert_int_equal(dsec_cvss_rating(6.9), DSEC_SEV_MEDIUM);
	assert_int_equal(dsec_cvss_rating(7.0), DSEC_SEV_HIGH);
	assert_int_equal(dsec_cvss_rating(8.9), DSEC_SEV_HIGH);
	assert_int_equal(dsec_cvss_rating(9.0), DSEC_SEV_CRITICAL);
	assert_int_equal(dsec_cvss_rating(10.0), DSEC_SEV_CRITICAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cvss_known_vectors_scored),
		cmocka_unit_test(cvss_malformed_vectors_rejected),
		cmocka_unit_test(cvss4_known_vectors_scored),
		cmocka_unit_test(cvss4_malformed_vectors_rejected),
		cmocka_unit_test(cvss_rating_boundaries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
