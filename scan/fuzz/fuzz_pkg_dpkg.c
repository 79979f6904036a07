// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the dpkg status parser, as a status file and as a
 * distroless status.d entry, after os-release picks the distribution.
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
	dsec_os_release_parse(&scan, (const char *)data, size);
	dsec_dpkg_parse(&scan, (const char *)data, size, &origin, false);
	dsec_dpkg_parse(&scan, (const char *)data, size, &origin, true);
	dsec_scan_free(&scan);
	return 0;
}
