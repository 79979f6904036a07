// SPDX-License-Identifier: GPL-2.0
/* libFuzzer harness for the dpkg version comparator. */
#include <stddef.h>
#include <stdint.h>

#include "scan/fuzz/version_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return run_version_harness(DSEC_VERSION_DPKG, data, size);
}
