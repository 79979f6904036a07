// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the npm parsers: the input is read as a lockfile and
 * as an installed manifest, then both are merged.
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
	struct dsec_npm_set set = { 0 };
	struct dsec_scan scan;

	dsec_scan_init(&scan, NULL);
	dsec_npm_lock_parse(&scan, &set, (const char *)data, size, &origin);
	dsec_npm_manifest_parse(&scan, &set, (const char *)data, size, &origin);
	dsec_npm_set_flush(&scan, &set);
	dsec_scan_free(&scan);
	return 0;
}
