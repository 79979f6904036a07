// SPDX-License-Identifier: GPL-2.0
/*
 * dsecctl dump [NAME]: print the loaded policies as YAML that
 * 'dsecctl load' accepts again. The kernel does not keep the YAML-only
 * fields 'finding' and 'reason', so those are absent from the output.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>

#include "ctl/dsecctl.h"
#include "ctl/nl.h"
#include "ctl/policy.h"
#include "ctl/policy_msg.h"

static int on_policy_msg(struct nl_msg *msg, void *arg)
{
	return dsec_policy_read_msg(arg, msg);
}

int cmd_dump(int argc, char **argv)
{
	struct dsec_policy_reader reader = { 0 };
	const char *name = NULL;
	struct dsec_nl_ack ack;
	struct dsec_nl *nl;
	struct nl_msg *msg;
	size_t i;
	int err;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: %s dump [NAME]\n"
		       "Print the loaded policies, or the policy NAME, as YAML.\n",
		       dsec_progname);
		return DSEC_EXIT_OK;
	}
	if (argc > 2) {
		dsec_error("dump: expected at most one policy name");
		return DSEC_EXIT_USAGE;
	}
	if (argc == 2) {
		name = argv[1];
		if (!dsec_name_valid(name)) {
			dsec_error("dump: invalid policy name '%s'; names have 1 to %d letters, digits or _ . : -",
				   name, DSEC_NAME_MAX - 1);
			return DSEC_EXIT_USAGE;
		}
	}

	if (!dsec_connect(&nl))
		return DSEC_EXIT_FAILURE;
	msg = dsec_nl_msg_new(dsec_nl_family(nl), DSEC_CMD_POLICY_GET,
			      NLM_F_DUMP, 256);
	if (msg && name) {
		struct nlattr *nest = nla_nest_start(msg, DSEC_A_POLICY |
							  NLA_F_NESTED);

		if (!nest || nla_put_string(msg, DSEC_POLICY_A_NAME, name)) {
			nlmsg_free(msg);
			msg = NULL;
		} else {
			nla_nest_end(msg, nest);
		}
	}
	if (!msg) {
		dsec_nl_close(nl);
		dsec_error("dump: out of memory");
		return DSEC_EXIT_FAILURE;
	}
	err = dsec_nl_request(nl, msg, on_policy_msg, &reader, &ack);
	nlmsg_free(msg);
	dsec_nl_close(nl);

	if (!err && name && !reader.set.n)
		err = -ENOENT;
	if (err == -ENOENT && name) {
		dsec_error("no policy named '%s' is loaded", name);
		dsec_policy_set_clear(&reader.set);
		return DSEC_EXIT_FAILURE;
	}
	if (err == -EBADMSG) {
		dsec_error("dump: the kernel sent a malformed policy message");
		dsec_policy_set_clear(&reader.set);
		return DSEC_EXIT_FAILURE;
	}
	if (err) {
		dsec_report_request("dumping policies", err, &ack);
		dsec_policy_set_clear(&reader.set);
		return DSEC_EXIT_FAILURE;
	}

	for (i = 0; i < reader.set.n && !err; i++) {
		if (i)
			fputs("---\n", stdout);
		err = dsec_policy_emit(reader.set.items[i], stdout);
	}
	dsec_policy_set_clear(&reader.set);
	if (err || fflush(stdout)) {
		dsec_error("dump: writing the output failed: %s",
			   strerror(err ? -err : errno));
		return DSEC_EXIT_FAILURE;
	}
	return DSEC_EXIT_OK;
}
