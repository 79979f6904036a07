// SPDX-License-Identifier: GPL-2.0
/*
 * CVSS v3.x base score. The metric weights and formulas are those of the
 * CVSS v3.1 specification (section 7); v3.0 differs only in its rounding
 * function, a plain ceiling to one decimal, which v3.1 replaced because
 * floating-point error made it round 4.0000000001 up to 4.1.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "scan/cvss.h"

enum metric { AV, AC, PR, UI, S, C, I, A, N_METRICS };

static const char *const metric_names[N_METRICS] = {
	"AV", "AC", "PR", "UI", "S", "C", "I", "A",
};

/* Allowed values of each base metric, in the order of their weights. */
static const char *const metric_values[N_METRICS] = {
	"NALP", "LH", "NLH", "NR", "UC", "HLN", "HLN", "HLN",
};

static const double av_weight[] = { 0.85, 0.62, 0.55, 0.2 };
static const double ac_weight[] = { 0.77, 0.44 };
static const double pr_weight_unchanged[] = { 0.85, 0.62, 0.27 };
static const double pr_weight_changed[] = { 0.85, 0.68, 0.5 };
static const double ui_weight[] = { 0.85, 0.62 };
static const double cia_weight[] = { 0.56, 0.22, 0 };

/* Round up to one decimal as CVSS v3.1 Appendix A defines it. */
static double roundup_31(double x)
{
	long scaled = lround(x * 100000);

	if (scaled % 10000 == 0)
		return scaled / 100000.0;
	return (floor(scaled / 10000.0) + 1) / 10.0;
}

static double roundup_30(double x)
{
	return ceil(x * 10) / 10.0;
}

int dsec_cvss3_base_score(const char *vector, double *ret_score)
{
	int value[N_METRICS];
	double iss, impact, exploitability, score;
	bool v31, scope_changed;
	const char *p;
	int m;

	if (!vector)
		return -EINVAL;
	if (!strncmp(vector, "CVSS:3.1/", 9))
		v31 = true;
	else if (!strncmp(vector, "CVSS:3.0/", 9))
		v31 = false;
	else
		return -EINVAL;

	for (m = 0; m < N_METRICS; m++)
		value[m] = -1;
	p = vector + 9;
	while (*p) {
		size_t name_len = strcspn(p, ":/");
		const char *val, *pos;

		if (p[name_len] != ':')
			return -EINVAL;
		val = p + name_len + 1;
		/* Every v3 metric value is one letter; no trailing '/'. */
		if (!*val || (val[1] && (val[1] != '/' || !val[2])))
			return -EINVAL;
		for (m = 0; m < N_METRICS; m++)
			if (strlen(metric_names[m]) == name_len &&
			    !strncmp(metric_names[m], p, name_len))
				break;
		if (m < N_METRICS) {
			if (value[m] >= 0)
				return -EINVAL;	/* repeated metric */
			pos = strchr(metric_values[m], *val);
			if (!pos || !*val)
				return -EINVAL;
			value[m] = (int)(pos - metric_values[m]);
		}
		/* Temporal and environmental metrics are skipped. */
		p = val[1] ? val + 2 : val + 1;
	}
	for (m = 0; m < N_METRICS; m++)
		if (value[m] < 0)
			return -EINVAL;

	scope_changed = value[S] == 1;
	iss = 1 - (1 - cia_weight[value[C]]) * (1 - cia_weight[value[I]]) *
		  (1 - cia_weight[value[A]]);
	if (scope_changed)
		impact = 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15);
	else
		impact = 6.42 * iss;
	exploitability = 8.22 * av_weight[value[AV]] * ac_weight[value[AC]] *
			 (scope_changed ? pr_weight_changed : pr_weight_unchanged)[value[PR]] *
			 ui_weight[value[UI]];

	if (impact <= 0) {
		score = 0;
	} else {
		score = impact + exploitability;
		if (scope_changed)
			score *= 1.08;
		if (score > 10)
			score = 10;
		score = v31 ? roundup_31(score) : roundup_30(score);
	}
	*ret_score = score;
	return 0;
}

enum dsec_severity dsec_cvss_rating(double score)
{
	if (score >= 9.0)
		return DSEC_SEV_CRITICAL;
	if (score >= 7.0)
		return DSEC_SEV_HIGH;
	if (score >= 4.0)
		return DSEC_SEV_MEDIUM;
	if (score >= 0.1)
		return DSEC_SEV_LOW;
	return DSEC_SEV_INFO;
}
