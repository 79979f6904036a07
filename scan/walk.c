// SPDX-License-Identifier: GPL-2.0
/*
 * The layer walk: layers top down, whiteouts, analyzers.
 */
#include <errno.h>

#include "image.h"

int dsec_walk_layers(struct dsec_scan *scan)
{
	return 0;
}

int dsec_scan_walk_nested(struct dsec_scan *scan, const struct dsec_file *file,
			  const struct dsec_analyzer *analyzer)
{
	return -EOPNOTSUPP;
}
