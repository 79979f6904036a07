/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The registry of built-in analyzers and the pipeline stages that run
 * after the layer walk.
 *
 * Each analyzer is a `const struct dsec_analyzer dsec_analyzer_NAME`
 * defined in its owner's file, declared below and listed in
 * dsec_analyzers[] in analyzers.c. Analyzer state goes in the slot that
 * dsec_scan_analyzer_state() returns; scan->priv belongs to the image
 * reader.
 */
#ifndef DSEC_ANALYZERS_H
#define DSEC_ANALYZERS_H

#include "scan.h"

extern const struct dsec_analyzer *const dsec_analyzers[];
extern const size_t dsec_n_analyzers;

/* Built-in analyzers, one line each. */
extern const struct dsec_analyzer dsec_analyzer_os_release;	/* pkg_os_release.c */
extern const struct dsec_analyzer dsec_analyzer_dpkg;		/* pkg_dpkg.c */
extern const struct dsec_analyzer dsec_analyzer_apk;		/* pkg_apk.c */
extern const struct dsec_analyzer dsec_analyzer_rpm;		/* pkg_rpm.c */
extern const struct dsec_analyzer dsec_analyzer_npm;		/* pkg_npm.c */
extern const struct dsec_analyzer dsec_analyzer_python;	/* pkg_python.c */
extern const struct dsec_analyzer dsec_analyzer_java;		/* pkg_java.c */
extern const struct dsec_analyzer dsec_analyzer_executables;	/* policygen_exec.c */
extern const struct dsec_analyzer dsec_analyzer_secrets;	/* secrets_analyzer.c */
extern const struct dsec_analyzer dsec_analyzer_suspicious;	/* suspicious.c */
extern const struct dsec_analyzer dsec_analyzer_yara;		/* yara_analyzer.c */
extern const struct dsec_analyzer dsec_analyzer_blocklist;	/* blocklist_analyzer.c */

/* Stages run by dsec_scan_image() after every analyzer's finish(). */
int dsec_config_check(struct dsec_scan *scan);	/* config_check.c */
int dsec_vuln_match(struct dsec_scan *scan);	/* vulnmatch.c */

#endif /* DSEC_ANALYZERS_H */
