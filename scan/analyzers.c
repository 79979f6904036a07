// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in analyzer table. dsec_scan_image() runs these, in this
 * order, unless the options name another list.
 */
#include "analyzers.h"
#include "pkg.h"

/*
 * os-release comes first so that the package analyzers' finish() sees
 * scan->os; their databases are parsed there, not during the walk.
 */
const struct dsec_analyzer *const dsec_analyzers[] = {
	&dsec_analyzer_os_release,
	&dsec_analyzer_dpkg,
	&dsec_analyzer_apk,
	&dsec_analyzer_rpm,
	&dsec_analyzer_npm,
	&dsec_analyzer_python,
	&dsec_analyzer_java,
	&dsec_analyzer_executables,
	&dsec_analyzer_secrets,
	&dsec_analyzer_suspicious,
	&dsec_analyzer_yara,
	&dsec_analyzer_blocklist,
	NULL,
};

/* The NULL entry is not counted. */
const size_t dsec_n_analyzers =
	sizeof(dsec_analyzers) / sizeof(dsec_analyzers[0]) - 1;
