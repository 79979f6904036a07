/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Collection of findings under the limits of struct dsec_scan_limits:
 * the tally that counts findings per file, per class and in all, and
 * what went over a cap.
 */
#ifndef DSEC_SCAN_FINDINGS_H
#define DSEC_SCAN_FINDINGS_H

#include "scan.h"

/* Frees the tally of a scan; accepts NULL. */
void dsec_finding_tally_free(struct dsec_finding_tally *tally);

#endif /* DSEC_SCAN_FINDINGS_H */
