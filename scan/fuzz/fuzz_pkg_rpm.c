// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the RPM parsers: the input is decoded both as one
 * header blob and as a whole rpmdb.sqlite file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct dsec_pkg_origin origin = {
		.location = "/fuzz/input",
		.layer_digest = "sha256:fuzz",
	};
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	dsec_rpm_header_parse(&scan, data, size, &origin);
	dsec_rpmdb_sqlite_parse(&scan, data, size, &origin);
	dsec_scan_free(&scan);
	return 0;
}
