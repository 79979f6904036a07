// SPDX-License-Identifier: GPL-2.0
/*
 * dsecctl lock / unlock: refuse or allow unloading dsec.ko.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/dsec.h>

#include "ctl/dsecctl.h"
#include "ctl/nl.h"

static int send_simple(const char *name, uint8_t cmd, const char *done,
		       int argc, char **argv)
{
	struct dsec_nl_ack ack;
	struct dsec_nl *nl;
	struct nl_msg *msg;
	int err;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: %s %s\n", dsec_progname, name);
		return DSEC_EXIT_OK;
	}
	if (argc != 1) {
		dsec_error("%s: unexpected argument '%s'", name, argv[1]);
		return DSEC_EXIT_USAGE;
	}
	if (!dsec_connect(&nl))
		return DSEC_EXIT_FAILURE;
	msg = dsec_nl_msg_new(dsec_nl_family(nl), cmd, 0, 0);
	if (!msg) {
		dsec_nl_close(nl);
		dsec_error("%s: out of memory", name);
		return DSEC_EXIT_FAILURE;
	}
	err = dsec_nl_request(nl, msg, NULL, NULL, &ack);
	nlmsg_free(msg);
	dsec_nl_close(nl);
	if (err) {
		dsec_report_request(name, err, &ack);
		return DSEC_EXIT_FAILURE;
	}
	printf("%s\n", done);
	return DSEC_EXIT_OK;
}

int cmd_lock(int argc, char **argv)
{
	return send_simple("lock", DSEC_CMD_LOCK,
			   "dsec is locked: the module cannot be unloaded until 'dsecctl unlock'",
			   argc, argv);
}

int cmd_unlock(int argc, char **argv)
{
	return send_simple("unlock", DSEC_CMD_UNLOCK,
			   "dsec is unlocked: the module can be unloaded",
			   argc, argv);
}
