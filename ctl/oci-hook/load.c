// SPDX-License-Identifier: GPL-2.0
/*
 * Loading and removing the container's policy over generic netlink,
 * with dsecctl's netlink layer and message builder.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>

#include "ctl/nl.h"
#include "ctl/oci-hook/hook.h"
#include "ctl/policy_msg.h"

static int open_family(struct dsec_nl **ret_nl, char *err)
{
	unsigned int version = 0;
	int ret;

	ret = dsec_nl_open(ret_nl, &version);
	if (ret == -ENOENT)
		hook_err(err,
			 "the dsec kernel module is not loaded (generic netlink family '" DSEC_GENL_NAME "' not found); load it with 'insmod dsec.ko'");
	else if (ret == -EPROTONOSUPPORT)
		hook_err(err,
			 "dsec.ko speaks netlink version %u, this hook version %d; install matching versions",
			 version, DSEC_GENL_VERSION);
	else if (ret == -EPERM)
		hook_err(err,
			 "permission denied: loading a policy needs CAP_NET_ADMIN in the initial user namespace");
	else if (ret)
		hook_err(err, "cannot open the dsec netlink socket: %s",
			 strerror(-ret));
	return ret;
}

static void request_error(const char *what, int ret,
			  const struct dsec_nl_ack *ack, char *err)
{
	if (ack->message[0])
		hook_err(err, "%s failed: %s (%s)", what,
			 ack->message, strerror(-ret));
	else
		hook_err(err, "%s failed: %s", what,
			 strerror(-ret));
}

int hook_load_policy(const struct dsec_policy *policy, char *err)
{
	struct dsec_nl_ack ack = { 0 };
	struct nl_msg *msg = NULL;
	struct dsec_nl *nl = NULL;
	char what[DSEC_NAME_MAX + 32];
	int ret;

	ret = open_family(&nl, err);
	if (ret)
		return ret;
	ret = dsec_policy_build_load(dsec_nl_family(nl), policy, &msg);
	if (ret) {
		if (ret == -EMSGSIZE)
			hook_err(err,
				 "policy from '%s' is larger than the kernel accepts in one message (%d bytes)",
				 policy->source, DSEC_POLICY_MAX_BYTES);
		else
			hook_err(err,
				 "cannot build the load request for '%s': %s",
				 policy->source, strerror(-ret));
		goto out;
	}
	ret = dsec_nl_request(nl, msg, NULL, NULL, &ack);
	if (ret) {
		snprintf(what, sizeof(what), "loading policy '%s'", policy->name);
		request_error(what, ret, &ack, err);
	}
out:
	nlmsg_free(msg);
	dsec_nl_close(nl);
	return ret;
}

int hook_remove_policy(const char *name, char *err)
{
	struct dsec_nl_ack ack = { 0 };
	struct nl_msg *msg = NULL;
	struct dsec_nl *nl = NULL;
	struct nlattr *nest;
	char what[DSEC_NAME_MAX + 32];
	int ret;

	ret = open_family(&nl, err);
	if (ret)
		return ret;
	msg = dsec_nl_msg_new(dsec_nl_family(nl), DSEC_CMD_POLICY_REMOVE, 0,
			      256);
	if (!msg) {
		ret = -ENOMEM;
		hook_err(err, "out of memory");
		goto out;
	}
	nest = nla_nest_start(msg, DSEC_A_POLICY);
	if (!nest || nla_put_string(msg, DSEC_POLICY_A_NAME, name) < 0) {
		ret = -EMSGSIZE;
		hook_err(err, "cannot build the remove request");
		goto out;
	}
	nla_nest_end(msg, nest);
	ret = dsec_nl_request(nl, msg, NULL, NULL, &ack);
	if (ret && ret != -ENOENT) {
		snprintf(what, sizeof(what), "removing policy '%s'", name);
		request_error(what, ret, &ack, err);
	}
out:
	nlmsg_free(msg);
	dsec_nl_close(nl);
	return ret;
}
