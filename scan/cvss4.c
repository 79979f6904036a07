// SPDX-License-Identifier: GPL-2.0
/*
 * CVSS v4.0 scores, as FIRST's CVSS v4.0 specification defines them and
 * its reference calculator computes them. Version 4 has no formula. The
 * metric values put a vector into one of 270 macro vectors, named by six
 * equivalence classes (EQ1 to EQ6), and each macro vector has a score in
 * FIRST's lookup table. The vector's score is that of its macro vector,
 * lowered towards the next lower macro vectors in proportion to how far
 * the vector lies below the highest-severity vectors of its own macro
 * vector. The lookup table, the highest-severity vectors and the depths
 * of the macro vectors are the data of the reference calculator
 * (cvss40.js, BSD-2-Clause, "Copyright FIRST, Red Hat, and contributors").
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "scan/cvss.h"

enum metric {
	AV, AC, AT, PR, UI, VC, VI, VA, SC, SI, SA,		/* base */
	E,							/* threat */
	CR, IR, AR, MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA,	/* environmental */
	MSC, MSI, MSA,
	S, AU, R, V, RE, U,					/* supplemental */
	N_METRICS,
	N_BASE = E,
};

static const char *const metric_names[N_METRICS] = {
	"AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA",
	"E", "CR", "IR", "AR", "MAV", "MAC", "MAT", "MPR", "MUI", "MVC", "MVI",
	"MVA", "MSC", "MSI", "MSA", "S", "AU", "R", "V", "RE", "U",
};

/* Allowed one-letter values; 'X' is "not defined". U has words instead. */
static const char *const metric_values[N_METRICS] = {
	[AV] = "NALP", [AC] = "LH", [AT] = "NP", [PR] = "NLH", [UI] = "NPA",
	[VC] = "HLN", [VI] = "HLN", [VA] = "HLN",
	[SC] = "HLN", [SI] = "HLN", [SA] = "HLN",
	[E] = "XAPU", [CR] = "XHML", [IR] = "XHML", [AR] = "XHML",
	[MAV] = "XNALP", [MAC] = "XLH", [MAT] = "XNP", [MPR] = "XNLH",
	[MUI] = "XNPA", [MVC] = "XHLN", [MVI] = "XHLN", [MVA] = "XHLN",
	[MSC] = "XHLN", [MSI] = "XSHLN", [MSA] = "XSHLN",
	[S] = "XNP", [AU] = "XNY", [R] = "XAUI", [V] = "XDC", [RE] = "XLMH",
};

static const char *const u_values[] = { "X", "Clear", "Green", "Amber", "Red" };

/*
 * Scores of the macro vectors in tenths, indexed by EQ1 (0-2), EQ2 (0-1),
 * EQ3 (0-2), EQ4 (0-2), EQ5 (0-2) and EQ6 (0-1); -1 where no macro
 * vector exists (EQ3 2 with EQ6 0).
 */
static const signed char macro_scores[3 * 2 * 3 * 3 * 3 * 2] = {
	/* EQ1 0, EQ2 0: rows EQ3 0-2 x EQ4 0-2, columns EQ5 0-2 x EQ6 0-1 */
	100,  99,  98,  95,  95,  92,
	100,  96,  93,  87,  91,  81,
	 93,  90,  89,  80,  81,  68,
	 98,  95,  95,  92,  90,  84,
	 93,  92,  89,  81,  81,  65,
	 88,  80,  78,  70,  69,  48,
	 -1,  92,  -1,  82,  -1,  72,
	 -1,  79,  -1,  69,  -1,  50,
	 -1,  69,  -1,  55,  -1,  27,
	/* EQ1 0, EQ2 1: rows EQ3 0-2 x EQ4 0-2, columns EQ5 0-2 x EQ6 0-1 */
	 99,  97,  95,  92,  92,  85,
	 95,  91,  90,  83,  84,  71,
	 92,  81,  82,  71,  72,  53,
	 95,  93,  92,  85,  85,  73,
	 92,  82,  80,  72,  70,  59,
	 84,  70,  71,  52,  50,  30,
	 -1,  86,  -1,  75,  -1,  52,
	 -1,  71,  -1,  52,  -1,  29,
	 -1,  63,  -1,  29,  -1,  17,
	/* EQ1 1, EQ2 0: rows EQ3 0-2 x EQ4 0-2, columns EQ5 0-2 x EQ6 0-1 */
	 98,  95,  94,  87,  91,  81,
	 94,  89,  86,  74,  77,  64,
	 87,  75,  74,  63,  63,  49,
	 94,  89,  88,  77,  76,  67,
	 86,  76,  74,  58,  59,  50,
	 72,  57,  57,  52,  52,  25,
	 -1,  83,  -1,  70,  -1,  54,
	 -1,  65,  -1,  58,  -1,  26,
	 -1,  53,  -1,  21,  -1,  13,
	/* EQ1 1, EQ2 1: rows EQ3 0-2 x EQ4 0-2, columns EQ5 0-2 x EQ6 0-1 */
	 95,  90,  88,  76,  76,  70,
	 90,  77,  75,  62,  61,  53,
	 77,  66,  68,  59,  52,  30,
	 89,  78,  76,  67,  62,  58,
	 74,  59,  57,  57,  47,  23,
	 61,  52,  57,  29,  24,  16,
	 -1,  71,  -1,  59,  -1,  30,
	 -1,  58,  -1,  26,  -1,  15,
	 -1,  23,  -1,  13,  -1,   6,
	/* EQ1 2, EQ2 0: rows EQ3 0-2 x EQ4 0-2, columns EQ5 0-2 x EQ6 0-1 */
	 93,  87,  86,  72,  75,  58,
	 86,  74,  74,  61,  56,  34,
	 70,  54,  52,  40,  40,  22,
	 85,  75,  74,  55,  62,  51,
	 72,  57,  55,  41,  46,  19,
	 53,  36,  34,  19,  19,   8,
	 -1,  64,  -1,  51,  -1,  20,
	 -1,  47,  -1,  21,  -1,  11,
	 -1,  24,  -1,   9,  -1,   4,
	/* EQ1 2, EQ2 1: rows EQ3 0-2 x EQ4 0-2, columns EQ5 0-2 x EQ6 0-1 */
	 88,  75,  73,  53,  60,  50,
	 73,  55,  59,  40,  41,  20,
	 54,  43,  45,  22,  20,  11,
	 75,  55,  58,  45,  40,  21,
	 61,  51,  48,  18,  20,   9,
	 46,  18,  17,   7,   8,   2,
	 -1,  53,  -1,  24,  -1,  14,
	 -1,  24,  -1,  12,  -1,   5,
	 -1,  10,  -1,   3,  -1,   1,
};

static int macro_score(const int eq[6])
{
	int i;

	if (eq[0] > 2 || eq[1] > 1 || eq[2] > 2 || eq[3] > 2 || eq[4] > 2 || eq[5] > 1)
		return -1;
	i = ((((eq[0] * 2 + eq[1]) * 3 + eq[2]) * 3 + eq[3]) * 3 + eq[4]) * 2 + eq[5];
	return macro_scores[i];
}

/*
 * The highest-severity vectors of each macro vector, as the metric
 * values of one EQ. A vector's severity distance is measured from the
 * first combination of them that it does not exceed in any metric.
 */
static const char *const eq1_max[3][3] = {
	{ "NNN" }, { "ANN", "NLN", "NNP" }, { "PNN", "ALP" },	/* AV PR UI */
};
static const char *const eq2_max[2][2] = {
	{ "LN" }, { "HN", "LP" },				/* AC AT */
};
/* VC VI VA CR IR AR, by EQ3 and then EQ6. */
static const char *const eq3eq6_max[3][2][5] = {
	{ { "HHHHHH" }, { "HHLMMH", "HHHMMM" } },
	{ { "LHHHHH", "HLHHHH" },
	  { "LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM" } },
	{ { NULL }, { "LLLHHH" } },
};
static const char *const eq4_max[3] = { "HSS", "HHH", "LLL" };	/* SC SI SA */
static const char eq5_max[3] = { 'A', 'P', 'U' };		/* E */

/* Depth of each macro vector in severity steps, plus one. */
static const int eq1_depth[3] = { 1, 4, 5 };
static const int eq2_depth[2] = { 1, 2 };
static const int eq3eq6_depth[3][2] = { { 7, 6 }, { 8, 8 }, { 0, 10 } };
static const int eq4_depth[3] = { 6, 5, 4 };

/* Severity level of a value in tenths: 0 is the most severe. */
static int level(enum metric m, char v)
{
	const char *order;
	const char *pos;
	int base = 0;

	switch (m) {
	case AV: order = "NALP"; break;
	case PR: order = "NLH"; break;
	case UI: order = "NPA"; break;
	case AC: order = "LH"; break;
	case AT: order = "NP"; break;
	case VC: case VI: case VA: order = "HLN"; break;
	case SC: order = "HLN"; base = 1; break;
	case SI: case SA: order = "SHLN"; break;
	case CR: case IR: case AR: order = "HML"; break;
	case E: order = "APU"; break;
	default: return 0;
	}
	pos = strchr(order, v);
	return pos ? base + (int)(pos - order) : 0;
}

struct vector {
	char value[N_METRICS];		/* 0 when absent */
};

/* The value in force: a modified base metric wins, "X" takes the worst case. */
static char effective(const struct vector *vec, enum metric m)
{
	static const enum metric modified[N_BASE] = {
		[AV] = MAV, [AC] = MAC, [AT] = MAT, [PR] = MPR, [UI] = MUI,
		[VC] = MVC, [VI] = MVI, [VA] = MVA, [SC] = MSC, [SI] = MSI, [SA] = MSA,
	};
	char v = vec->value[m];

	if (m < N_BASE) {
		char mod = vec->value[modified[m]];

		return mod && mod != 'X' ? mod : v;
	}
	if (!v || v == 'X') {
		if (m == E)
			return 'A';
		if (m == CR || m == IR || m == AR)
			return 'H';
	}
	return v;
}

static int parse_vector(const char *vector, struct vector *ret)
{
	const char *p;
	int m;

	memset(ret, 0, sizeof(*ret));
	if (!vector || strncmp(vector, "CVSS:4.0/", 9))
		return -EINVAL;
	p = vector + 9;
	while (*p) {
		size_t name_len = strcspn(p, ":/"), value_len;
		const char *val;

		if (p[name_len] != ':')
			return -EINVAL;
		val = p + name_len + 1;
		value_len = strcspn(val, "/");
		if (!value_len || (val[value_len] == '/' && !val[value_len + 1]))
			return -EINVAL;	/* empty value or trailing '/' */
		for (m = 0; m < N_METRICS; m++)
			if (strlen(metric_names[m]) == name_len &&
			    !strncmp(metric_names[m], p, name_len))
				break;
		if (m == N_METRICS || ret->value[m])
			return -EINVAL;	/* unknown or repeated metric */
		if (m == U) {
			size_t i;

			for (i = 0; i < sizeof(u_values) / sizeof(u_values[0]); i++)
				if (strlen(u_values[i]) == value_len &&
				    !strncmp(u_values[i], val, value_len))
					break;
			if (i == sizeof(u_values) / sizeof(u_values[0]))
				return -EINVAL;
			ret->value[m] = val[0];
		} else {
			if (value_len != 1 || !strchr(metric_values[m], *val))
				return -EINVAL;
			ret->value[m] = *val;
		}
		p = val + value_len;
		if (*p == '/')
			p++;
	}
	for (m = 0; m < N_BASE; m++)
		if (!ret->value[m])
			return -EINVAL;
	return 0;
}

static void equivalence_classes(const struct vector *vec, int eq[6])
{
	char av = effective(vec, AV), pr = effective(vec, PR), ui = effective(vec, UI);
	char vc = effective(vec, VC), vi = effective(vec, VI), va = effective(vec, VA);
	char e = effective(vec, E);

	if (av == 'N' && pr == 'N' && ui == 'N')
		eq[0] = 0;
	else if ((av == 'N' || pr == 'N' || ui == 'N') && av != 'P')
		eq[0] = 1;
	else
		eq[0] = 2;

	eq[1] = effective(vec, AC) == 'L' && effective(vec, AT) == 'N' ? 0 : 1;

	if (vc == 'H' && vi == 'H')
		eq[2] = 0;
	else if (vc == 'H' || vi == 'H' || va == 'H')
		eq[2] = 1;
	else
		eq[2] = 2;

	/* MSI:S or MSA:S is a safety impact on the subsequent system. */
	if (vec->value[MSI] == 'S' || vec->value[MSA] == 'S')
		eq[3] = 0;
	else if (effective(vec, SC) == 'H' || effective(vec, SI) == 'H' ||
		 effective(vec, SA) == 'H')
		eq[3] = 1;
	else
		eq[3] = 2;

	if (e == 'A')
		eq[4] = 0;
	else if (e == 'P')
		eq[4] = 1;
	else
		eq[4] = 2;

	eq[5] = (effective(vec, CR) == 'H' && vc == 'H') ||
		(effective(vec, IR) == 'H' && vi == 'H') ||
		(effective(vec, AR) == 'H' && va == 'H') ? 0 : 1;
}

static int distance(const struct vector *vec, enum metric m, char max)
{
	return level(m, effective(vec, m)) - level(m, max);
}

/* Adds the distances of @n metrics to *sum; false when one is negative. */
static bool add_distances(const struct vector *vec, const enum metric *metrics,
			  const char *max, size_t n, int *sum)
{
	size_t k;
	int d;

	for (k = 0; k < n; k++) {
		d = distance(vec, metrics[k], max[k]);
		if (d < 0)
			return false;
		*sum += d;
	}
	return true;
}

static size_t count_strings(const char *const *v, size_t max)
{
	size_t n = 0;

	while (n < max && v[n])
		n++;
	return n;
}

/*
 * Severity distances of @vec, per EQ 1 to 4, from the first
 * highest-severity vector of its macro vector that it exceeds in no
 * metric, trying the combinations in the reference calculator's order.
 * Returns false when there is none, which the tables above rule out.
 */
static bool severity_distances(const struct vector *vec, const int eq[6], int ret[4])
{
	static const enum metric eq1_metrics[] = { AV, PR, UI };
	static const enum metric eq2_metrics[] = { AC, AT };
	static const enum metric eq3_metrics[] = { VC, VI, VA, CR, IR, AR };
	static const enum metric eq4_metrics[] = { SC, SI, SA };
	const char *const *m1 = eq1_max[eq[0]], *const *m2 = eq2_max[eq[1]];
	const char *const *m3 = eq3eq6_max[eq[2]][eq[5]];
	size_t n1 = count_strings(m1, 3), n2 = count_strings(m2, 2);
	size_t n3 = count_strings(m3, 5), i;

	if (distance(vec, E, eq5_max[eq[4]]) < 0)
		return false;
	for (i = 0; i < n1 * n2 * n3; i++) {
		size_t a = i / (n2 * n3), b = i / n3 % n2, c = i % n3;
		int sum[4] = { 0 };

		if (add_distances(vec, eq1_metrics, m1[a], 3, &sum[0]) &&
		    add_distances(vec, eq2_metrics, m2[b], 2, &sum[1]) &&
		    add_distances(vec, eq3_metrics, m3[c], 6, &sum[2]) &&
		    add_distances(vec, eq4_metrics, eq4_max[eq[3]], 3, &sum[3])) {
			memcpy(ret, sum, sizeof(sum));
			return true;
		}
	}
	return false;
}

/* Score of the macro vector with one EQ lowered, in tenths, or -1. */
static int lower_score(const int eq[6], int which, int step)
{
	int lower[6];

	memcpy(lower, eq, sizeof(lower));
	lower[which] += step;
	return macro_score(lower);
}

int dsec_cvss4_score(const char *vector, double *ret_score)
{
	static const enum metric impact[] = { VC, VI, VA, SC, SI, SA };
	struct vector vec;
	int eq[6], dist[4], value, next[5], depth[4], n_lower = 0, i, r;
	double mean = 0, score;
	bool none = true;

	r = parse_vector(vector, &vec);
	if (r < 0)
		return r;
	for (i = 0; i < 6; i++)
		none = none && effective(&vec, impact[i]) == 'N';
	if (none) {
		*ret_score = 0;
		return 0;
	}

	equivalence_classes(&vec, eq);
	value = macro_score(eq);
	if (value < 0 || !severity_distances(&vec, eq, dist))
		return -EINVAL;

	next[0] = lower_score(eq, 0, 1);
	next[1] = lower_score(eq, 1, 1);
	/*
	 * EQ3 and EQ6 move together: 00 goes to the higher of 01 and 10,
	 * 01 and 11 go to EQ3 + 1, 10 to 11, and 21 is the lowest.
	 */
	if (eq[2] == 0 && eq[5] == 0) {
		int left = lower_score(eq, 5, 1), right = lower_score(eq, 2, 1);

		next[2] = left > right ? left : right;
	} else if (eq[2] == 1 && eq[5] == 0) {
		next[2] = lower_score(eq, 5, 1);
	} else if (eq[2] == 2) {
		next[2] = -1;
	} else {
		next[2] = lower_score(eq, 2, 1);
	}
	next[3] = lower_score(eq, 3, 1);
	next[4] = lower_score(eq, 4, 1);

	depth[0] = eq1_depth[eq[0]];
	depth[1] = eq2_depth[eq[1]];
	depth[2] = eq3eq6_depth[eq[2]][eq[5]];
	depth[3] = eq4_depth[eq[3]];

	/*
	 * Each EQ with a lower macro vector moves the score down by the
	 * gap to it times the vector's share of the macro vector's depth.
	 * EQ5 has a depth of one step, so its share is always 0, but it
	 * still counts in the mean.
	 */
	for (i = 0; i < 5; i++) {
		if (next[i] < 0)
			continue;
		n_lower++;
		if (i < 4)
			mean += (value - next[i]) / 10.0 * dist[i] / depth[i];
	}
	if (n_lower)
		mean /= n_lower;

	score = value / 10.0 - mean;
	if (score < 0)
		score = 0;
	if (score > 10)
		score = 10;
	/* Round half up to one decimal; the epsilon absorbs binary error. */
	*ret_score = floor((score + 1e-6) * 10 + 0.5) / 10;
	return 0;
}
