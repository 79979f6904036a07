// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the image reader and layer walk: the input is
 * an image archive (docker save, OCI layout tar or bare layer), read
 * through a memfd with small limits and an analyzer that reads content.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "scan/scan.h"

static ssize_t fuzz_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	return 4096;
}

static int fuzz_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	volatile unsigned char sum = 0;
	size_t i;

	/* Touch every byte so ASan sees out-of-bounds data. */
	for (i = 0; i < file->data_len; i++)
		sum += file->data[i];
	return 0;
}

static const struct dsec_analyzer fuzz_analyzer = {
	.name = "fuzz",
	.wants = fuzz_wants,
	.analyze = fuzz_analyze,
};
static const struct dsec_analyzer *const fuzz_list[] = { &fuzz_analyzer };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dsec_scan_options opts = {
		.skip_vulns = true,
		.skip_misconfig = true,
		.analyzers = fuzz_list,
		.n_analyzers = 1,
		.limits = {
			.max_entries = 10000,
			.max_total_bytes = 64 << 20,
			.max_file_read = 1 << 20,
		},
	};
	struct dsec_scan scan;
	char path[64];
	int fd;

	fd = memfd_create("fuzz-image", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	opts.input = path;
	dsec_scan_init(&scan, &opts);
	dsec_scan_image(&scan);
	dsec_scan_free(&scan);
	close(fd);
	return 0;
}
