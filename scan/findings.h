/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Collection of findings under the limits of struct dsec_scan_limits:
 * the tally that counts findings per file, per class and in all, and
 * what went over a cap.
 */
#ifndef DSEC_SCAN_FINDINGS_H
#define DSEC_SCAN_FINDINGS_H

#include "scan.h"

/*
 * Make room for one more element in *array of n used and *cap allocated
 * elements, doubling from 64. Returns 0 or -ENOMEM.
 */
int dsec_scan_grow(void **array, size_t *cap, size_t n, size_t elem_size);

/* Copy the string field of src into dst with the scan's allocator. */
#define DSEC_SCAN_DUP_FIELD(scan, dst, src, field) do {			\
	(dst)->field = dsec_scan_strdup(scan, (src)->field);		\
	if ((src)->field && !(dst)->field)				\
		return -ENOMEM;						\
} while (0)

/* Frees the tally of a scan; accepts NULL. */
void dsec_finding_tally_free(struct dsec_finding_tally *tally);

#endif /* DSEC_SCAN_FINDINGS_H */
