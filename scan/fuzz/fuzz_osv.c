// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the OSV reader: parse the input as a record,
 * evaluate every affected entry against a fixed version, and round-trip
 * it through the database's compact encoding.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "scan/osv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dsec_osv_record rec;
	char err[256];
	size_t i;

	if (dsec_osv_parse((const char *)data, size, &rec, err, sizeof(err)) < 0)
		return 0;
	for (i = 0; i < rec.n_affected; i++) {
		struct dsec_osv_affected *aff = &rec.affected[i], copy;
		enum dsec_version_scheme scheme = dsec_version_scheme_of(aff->ecosystem);
		char *ranges = dsec_osv_encode_ranges(aff);
		char *versions = dsec_osv_encode_versions(aff);
		const char *fixed;
		bool hit;

		if (scheme == DSEC_VERSION_UNKNOWN)
			scheme = DSEC_VERSION_SEMVER;
		dsec_osv_affected_match(aff, scheme, "1.0.0", &hit, &fixed);
		if (ranges && versions && dsec_osv_decode(ranges, versions, &copy) == 0) {
			if (copy.n_ranges != aff->n_ranges || copy.n_versions != aff->n_versions)
				abort();
			dsec_osv_affected_free(&copy);
		}
		free(ranges);
		free(versions);
	}
	dsec_osv_record_free(&rec);
	return 0;
}
