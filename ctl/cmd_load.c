// SPDX-License-Identifier: GPL-2.0
/*
 * dsecctl load POLICY.yaml [--dry-run]: validate a policy file and send
 * each policy in it to dsec.ko as one DSEC_CMD_POLICY_LOAD request. A
 * policy with a name that is already loaded replaces it atomically.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <netlink/msg.h>

#include "ctl/dsecctl.h"
#include "ctl/nl.h"
#include "ctl/policy.h"
#include "ctl/policy_msg.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s load [--dry-run] POLICY.yaml\n"
		"Load or replace the policies of a YAML file in dsec.ko.\n\n"
		"  -n, --dry-run   validate and build the request, send nothing\n",
		dsec_progname);
}

/* Print a rejection, pointing at the YAML line of the bad attribute. */
static void report_rejection(const char *path,
			     const struct dsec_policy *policy,
			     struct nl_msg *msg, int err,
			     const struct dsec_nl_ack *ack)
{
	struct dsec_pos pos = { 0 };
	char where[256];

	if (err == -EPERM || err == -EACCES || !ack->has_offset ||
	    dsec_policy_locate(policy, msg, ack->offset, &pos, where,
			       sizeof(where))) {
		char what[200];

		snprintf(what, sizeof(what), "loading policy '%s' from %s",
			 policy->name, path);
		dsec_report_request(what, err, ack);
		return;
	}
	fprintf(stderr, "%s:%u:%u: error: the kernel rejected %s: %s (%s)\n",
		path, pos.line, pos.column, where,
		ack->message[0] ? ack->message : "invalid value",
		strerror(-err));
}

static int load_policy(struct dsec_nl *nl, const char *path,
		       const struct dsec_policy *policy, bool dry_run)
{
	struct dsec_nl_ack ack;
	struct nl_msg *msg;
	int err;

	err = dsec_policy_build_load(nl ? dsec_nl_family(nl) : 0, policy, &msg);
	if (err == -EMSGSIZE) {
		dsec_error("policy '%s' in %s needs a load message larger than the kernel's limit of %d MiB; split it into several policies",
			   policy->name, path, DSEC_POLICY_MAX_BYTES >> 20);
		return DSEC_EXIT_FAILURE;
	}
	if (err) {
		dsec_error("cannot build the request for policy '%s': %s",
			   policy->name, strerror(-err));
		return DSEC_EXIT_FAILURE;
	}
	if (dry_run) {
		printf("policy '%s': %zu scopes, %zu rules, %u-byte request (dry run, not loaded)\n",
		       policy->name, policy->n_scopes, policy->n_rules,
		       nlmsg_hdr(msg)->nlmsg_len);
		nlmsg_free(msg);
		return DSEC_EXIT_OK;
	}

	err = dsec_nl_request(nl, msg, NULL, NULL, &ack);
	if (err) {
		report_rejection(path, policy, msg, err, &ack);
		nlmsg_free(msg);
		return DSEC_EXIT_FAILURE;
	}
	nlmsg_free(msg);
	printf("loaded policy '%s' from %s: %zu scopes, %zu rules\n",
	       policy->name, policy->source, policy->n_scopes,
	       policy->n_rules);
	return DSEC_EXIT_OK;
}

int cmd_load(int argc, char **argv)
{
	static const struct option options[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dsec_policy_set set = { 0 };
	struct dsec_diags diags = { 0 };
	struct dsec_nl *nl = NULL;
	bool dry_run = false;
	const char *path;
	int c, err, status = DSEC_EXIT_OK;
	size_t i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "nh", options, NULL)) != -1) {
		switch (c) {
		case 'n':
			dry_run = true;
			break;
		case 'h':
			usage(stdout);
			return DSEC_EXIT_OK;
		default:
			usage(stderr);
			return DSEC_EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		dsec_error("load: expected exactly one policy file");
		usage(stderr);
		return DSEC_EXIT_USAGE;
	}
	path = argv[optind];

	err = dsec_policy_read_file(path, &set, &diags);
	if (err == -EINVAL) {
		dsec_print_diags(path, &diags);
		return DSEC_EXIT_FAILURE;
	}
	if (err) {
		dsec_error("cannot read '%s': %s", path,
			   err == -EFBIG ? "file too large" : strerror(-err));
		return DSEC_EXIT_FAILURE;
	}

	if (!dry_run && !dsec_connect(&nl)) {
		dsec_policy_set_clear(&set);
		return DSEC_EXIT_FAILURE;
	}
	for (i = 0; i < set.n && status == DSEC_EXIT_OK; i++)
		status = load_policy(nl, path, set.items[i], dry_run);
	dsec_nl_close(nl);
	dsec_policy_set_clear(&set);
	return status;
}
