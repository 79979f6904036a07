/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared reporting for the VM bench's escape tools. Each tool performs
 * the kernel-visible steps of one container escape technique and exits
 *   0  when every step succeeded ("NAME: ok"),
 *   1  when a step failed ("NAME: STEP failed: EPERM (Operation not
 *      permitted)"), so a test can assert on the errno name,
 *   2  on a usage or setup error that says nothing about the technique.
 */
#ifndef DSEC_VM_TOOL_H
#define DSEC_VM_TOOL_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOOL_OK		0
#define TOOL_STEP_FAILED 1
#define TOOL_USAGE	2

extern const char *tool_name;

static inline const char *tool_errname(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

/* Report that STEP failed with errno ERR and exit TOOL_STEP_FAILED. */
static inline void __attribute__((noreturn, format(printf, 2, 3)))
tool_step_failed(int err, const char *step_fmt, ...)
{
	va_list ap;

	printf("%s: ", tool_name);
	va_start(ap, step_fmt);
	vprintf(step_fmt, ap);
	va_end(ap);
	printf(" failed: %s (%s)\n", tool_errname(err), strerror(err));
	exit(TOOL_STEP_FAILED);
}

static inline void __attribute__((noreturn, format(printf, 1, 2)))
tool_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tool_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(TOOL_USAGE);
}

static inline void __attribute__((noreturn)) tool_ok(void)
{
	printf("%s: ok\n", tool_name);
	exit(TOOL_OK);
}

/* Parse a non-negative decimal number or exit with a usage error. */
static inline long tool_number(const char *what, const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		tool_usage("invalid %s '%s'; expected a non-negative number", what, s);
	return v;
}

#endif /* DSEC_VM_TOOL_H */
