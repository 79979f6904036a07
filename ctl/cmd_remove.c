// SPDX-License-Identifier: GPL-2.0
/*
 * dsecctl remove NAME: unload a policy.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>

#include "ctl/dsecctl.h"
#include "ctl/nl.h"
#include "ctl/policy.h"

int cmd_remove(int argc, char **argv)
{
	struct dsec_nl_ack ack;
	struct dsec_nl *nl;
	struct nlattr *nest;
	struct nl_msg *msg;
	const char *name;
	int err;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: %s remove NAME\nUnload the policy NAME.\n",
		       dsec_progname);
		return DSEC_EXIT_OK;
	}
	if (argc != 2) {
		dsec_error("remove: expected one policy name; usage: %s remove NAME",
			   dsec_progname);
		return DSEC_EXIT_USAGE;
	}
	name = argv[1];
	if (!dsec_name_valid(name)) {
		dsec_error("remove: invalid policy name '%s'; names have 1 to %d letters, digits or _ . : -",
			   name, DSEC_NAME_MAX - 1);
		return DSEC_EXIT_USAGE;
	}

	if (!dsec_connect(&nl))
		return DSEC_EXIT_FAILURE;
	msg = dsec_nl_msg_new(dsec_nl_family(nl), DSEC_CMD_POLICY_REMOVE, 0,
			      256);
	nest = msg ? nla_nest_start(msg, DSEC_A_POLICY | NLA_F_NESTED) : NULL;
	if (!nest || nla_put_string(msg, DSEC_POLICY_A_NAME, name)) {
		nlmsg_free(msg);
		dsec_nl_close(nl);
		dsec_error("remove: out of memory");
		return DSEC_EXIT_FAILURE;
	}
	nla_nest_end(msg, nest);

	err = dsec_nl_request(nl, msg, NULL, NULL, &ack);
	nlmsg_free(msg);
	dsec_nl_close(nl);
	if (err == -ENOENT) {
		dsec_error("no policy named '%s' is loaded; 'dsecctl status' lists them",
			   name);
		return DSEC_EXIT_FAILURE;
	}
	if (err) {
		char what[200];

		snprintf(what, sizeof(what), "removing policy '%s'", name);
		dsec_report_request(what, err, &ack);
		return DSEC_EXIT_FAILURE;
	}
	printf("removed policy '%s'\n", name);
	return DSEC_EXIT_OK;
}
