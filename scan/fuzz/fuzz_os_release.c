// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for os-release parsing and the OSV ecosystems decided
 * from it. The input is an os-release file, optionally followed by a line
 * "--" and the text of /etc/debian_version. For every family the result
 * is at least one ecosystem or a reason, never both empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/pkg.h"
#include "scan/vulndb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *sep = memmem(text, size, "\n--\n", 4);
	size_t release_len = sep ? (size_t)(sep - text) : size;
	char *debian_version = NULL;
	struct dsec_os_ecosystems ecos;
	struct dsec_scan scan;
	int family;
	size_t i;

	dsec_scan_init(&scan, NULL);
	if (sep) {
		debian_version = strndup(sep + 4, size - release_len - 4);
		scan.os.debian_version = debian_version;
	}
	dsec_os_release_parse(&scan, text, release_len);
	for (family = DSEC_OS_DEBIAN; family <= DSEC_OS_RPM; family++) {
		dsec_os_ecosystems(&scan.os, family, &ecos);
		if (ecos.n > DSEC_OS_MAX_ECOSYSTEMS || (!ecos.n && !ecos.reason[0]))
			abort();
		for (i = 0; i < ecos.n; i++)
			if (!memchr(ecos.names[i], '\0', sizeof(ecos.names[i])) ||
			    !strchr(ecos.names[i], ':'))
				abort();
	}
	dsec_scan_free(&scan);
	free(debian_version);
	return 0;
}
