// SPDX-License-Identifier: GPL-2.0
/*
 * Image input: docker save archives, OCI layouts, root file systems.
 */
#include <errno.h>

#include "image.h"

int dsec_image_open(struct dsec_scan *scan)
{
	/* TODO: the readers land in the next commits. */
	return dsec_scan_fail(scan, -EOPNOTSUPP, "%s: image input is not implemented yet",
			      scan->opts.input);
}

void dsec_image_close(struct dsec_scan *scan)
{
}
