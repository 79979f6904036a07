// SPDX-License-Identifier: GPL-2.0
/*
 * Executables analyzer: records every executable regular file of the
 * final image, so a generated policy can allow exactly the programs the
 * image ships and deny everything dropped into the container later.
 *
 * Only regular files count (symlinks are resolved by the kernel before
 * the exec hook sees the path, so their targets are what a rule must
 * name). A file is executable when any of its x bits is set.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scan/scan.h"

/* Far above the few thousand executables of a large distribution image. */
#define DSEC_MAX_EXECUTABLES	200000

int dsec_scan_add_executable(struct dsec_scan *scan,
			     const struct dsec_executable *exe)
{
	struct dsec_executable *slot;

	if (!exe->path || exe->path[0] != '/')
		return -EINVAL;
	if (scan->n_executables >= DSEC_MAX_EXECUTABLES)
		return -E2BIG;
	if (scan->n_executables == scan->cap_executables) {
		size_t cap = scan->cap_executables ? scan->cap_executables * 2 : 256;
		struct dsec_executable *grown;

		grown = reallocarray(scan->executables, cap, sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		scan->executables = grown;
		scan->cap_executables = cap;
	}

	slot = &scan->executables[scan->n_executables];
	*slot = *exe;
	slot->path = dsec_scan_strdup(scan, exe->path);
	if (!slot->path)
		return -ENOMEM;
	scan->n_executables++;
	return 0;
}

void dsec_scan_free_executables(struct dsec_scan *scan)
{
	free(scan->executables);
	scan->executables = NULL;
	scan->n_executables = 0;
	scan->cap_executables = 0;
}

static ssize_t executables_wants(struct dsec_scan *scan,
				 const struct dsec_file *file)
{
	if (!scan->opts.list_executables)
		return -1;
	if (!S_ISREG(file->mode) || !(file->mode & 0111))
		return -1;
	return 0;
}

static int executables_analyze(struct dsec_scan *scan,
			       const struct dsec_file *file)
{
	struct dsec_executable exe = {
		.path = file->path,
		.mode = file->mode,
		.uid = file->uid,
		.gid = file->gid,
		.size = file->size,
	};
	int ret;

	/* Members of nested archives ("a.jar!/x") are not exec-able files. */
	if (strstr(file->path, "!/"))
		return 0;

	ret = dsec_scan_add_executable(scan, &exe);
	/* Past the cap the list is incomplete: an allow-list from it would
	 * deny shipped programs, so the scan fails instead of guessing.
	 */
	if (ret == -E2BIG)
		snprintf(scan->error, sizeof(scan->error),
			 "image has more than %d executable files; exec allow-list cannot be built",
			 DSEC_MAX_EXECUTABLES);
	return ret;
}

static int compare_executables(const void *a, const void *b)
{
	const struct dsec_executable *x = a, *y = b;

	return strcmp(x->path, y->path);
}

static int executables_finish(struct dsec_scan *scan)
{
	if (scan->n_executables > 1)
		qsort(scan->executables, scan->n_executables,
		      sizeof(*scan->executables), compare_executables);
	return 0;
}

const struct dsec_analyzer dsec_analyzer_executables = {
	.name = "executables",
	.wants = executables_wants,
	.analyze = executables_analyze,
	.finish = executables_finish,
	.free = dsec_scan_free_executables,
};
