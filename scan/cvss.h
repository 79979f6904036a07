/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CVSS scores computed from the vector string: v3.0 and v3.1 base scores
 * with the specification's formulas and rounding (FIRST, CVSS v3.1
 * Specification Document, sections 7.1 and Appendix A), and v4.0 scores
 * from its macro vectors.
 */
#ifndef DSEC_SCAN_CVSS_H
#define DSEC_SCAN_CVSS_H

#include "scan/scan.h"

/*
 * Compute the base score (0.0 to 10.0) of a "CVSS:3.x/AV:../..." vector.
 * Temporal and environmental metrics are accepted and ignored. Returns
 * 0, or -EINVAL for another version, a missing, repeated or unknown
 * base metric, or an invalid metric value.
 */
int dsec_cvss3_base_score(const char *vector, double *ret_score);

/*
 * Compute the score of a "CVSS:4.0/AV:../..." vector (scan/cvss4.c):
 * CVSS-B for base metrics only, CVSS-BT or CVSS-BTE when the vector also
 * sets threat or environmental metrics. Metrics may come in any order.
 * Returns 0, or -EINVAL for another version, a missing or repeated base
 * metric, an unknown metric or an invalid value.
 */
int dsec_cvss4_score(const char *vector, double *ret_score);

/* Qualitative rating of a score: None (INFO), Low, Medium, High, Critical. */
enum dsec_severity dsec_cvss_rating(double score);

#endif /* DSEC_SCAN_CVSS_H */
