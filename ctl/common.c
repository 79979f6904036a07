// SPDX-License-Identifier: GPL-2.0
/*
 * Error reporting and connection setup shared by the subcommands.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/dsec.h>

#include "ctl/dsecctl.h"
#include "ctl/nl.h"
#include "ctl/policy.h"

const char *dsec_progname = "dsecctl";

void dsec_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", dsec_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void report_permission(void)
{
	dsec_error("permission denied: dsec commands need CAP_NET_ADMIN in the initial user namespace; run dsecctl as root on the host, not inside a container");
}

bool dsec_connect(struct dsec_nl **ret_nl)
{
	unsigned int version = 0;
	int err;

	err = dsec_nl_open(ret_nl, &version);
	switch (err) {
	case 0:
		return true;
	case -ENOENT:
		dsec_error("the dsec kernel module is not loaded (generic netlink family '%s' not found); load it with 'insmod kmod/dsec.ko'",
			   DSEC_GENL_NAME);
		break;
	case -EPROTONOSUPPORT:
		dsec_error("the loaded dsec module speaks netlink version %u, but this dsecctl speaks version %d; use the dsecctl built with the module",
			   version, DSEC_GENL_VERSION);
		break;
	case -EPERM:
	case -EACCES:
		report_permission();
		break;
	default:
		dsec_error("cannot open a generic netlink socket: %s",
			   strerror(-err));
		break;
	}
	return false;
}

void dsec_report_request(const char *what, int err,
			 const struct dsec_nl_ack *ack)
{
	/* The kernel explains an EPERM it chose itself, e.g. a container caller. */
	if ((err == -EPERM || err == -EACCES) && !(ack && ack->message[0])) {
		report_permission();
		return;
	}
	if (ack && ack->message[0])
		dsec_error("%s failed: %s (%s)", what, ack->message,
			   strerror(-err));
	else
		dsec_error("%s failed: %s", what, strerror(-err));
}

void dsec_print_diags(const char *file, const struct dsec_diags *diags)
{
	size_t i;

	for (i = 0; i < diags->n; i++) {
		const struct dsec_diag *d = &diags->items[i];

		if (d->pos.line)
			fprintf(stderr, "%s:%u:%u: error: %s\n", file,
				d->pos.line, d->pos.column, d->message);
		else
			fprintf(stderr, "%s: error: %s\n", file, d->message);
	}
	if (diags->truncated)
		fprintf(stderr, "%s: error: too many errors; stopped after %d\n",
			file, DSEC_DIAGS_MAX);
}

bool dsec_parse_count(const char *arg, unsigned long long max,
		      unsigned long long *ret)
{
	unsigned long long value;
	char *end;

	if (!arg || *arg < '0' || *arg > '9')
		return false;
	errno = 0;
	value = strtoull(arg, &end, 10);
	if (errno || *end || value > max)
		return false;
	*ret = value;
	return true;
}
