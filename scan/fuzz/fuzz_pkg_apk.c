// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the Alpine installed-database parser.
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
	dsec_apk_parse(&scan, (const char *)data, size, &origin);
	dsec_scan_free(&scan);
	return 0;
}
