// SPDX-License-Identifier: GPL-2.0
/*
 * dsecctl check POLICY.yaml...: validate policy files offline, with the
 * same limits dsec.ko applies, so a file that passes loads.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ctl/dsecctl.h"
#include "ctl/policy.h"
#include "ctl/policy_msg.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s check [--quiet] POLICY.yaml...\n"
		"Validate policy files without a kernel. Errors are printed as\n"
		"FILE:LINE:COLUMN: error: MESSAGE; the exit status is 1 if any\n"
		"file is invalid.\n\n"
		"  -q, --quiet   print nothing for valid files\n",
		dsec_progname);
}

/* Check one file; returns true when it is valid. */
static bool check_file(const char *path, bool quiet)
{
	struct dsec_policy_set set = { 0 };
	struct dsec_diags diags = { 0 };
	bool ok = true;
	size_t i;
	int err;

	err = dsec_policy_read_file(path, &set, &diags);
	if (err == -EINVAL) {
		dsec_print_diags(path, &diags);
		return false;
	}
	if (err == -EFBIG) {
		fprintf(stderr, "%s: error: file is larger than %d MiB\n", path,
			DSEC_POLICY_FILE_MAX >> 20);
		return false;
	}
	if (err) {
		fprintf(stderr, "%s: error: cannot read: %s\n", path,
			strerror(-err));
		return false;
	}

	/* The kernel also limits the size of the whole load message. */
	for (i = 0; i < set.n; i++) {
		struct dsec_policy *policy = set.items[i];
		struct nl_msg *msg;

		err = dsec_policy_build_load(0, policy, &msg);
		if (err == -EMSGSIZE) {
			fprintf(stderr,
				"%s:%u:%u: error: policy '%s' needs a load message larger than the kernel's limit of %d MiB; split it into several policies\n",
				path, policy->pos.line, policy->pos.column,
				policy->name, DSEC_POLICY_MAX_BYTES >> 20);
			ok = false;
			continue;
		}
		if (err) {
			fprintf(stderr, "%s: error: %s\n", path, strerror(-err));
			ok = false;
			continue;
		}
		nlmsg_free(msg);
		if (!quiet)
			printf("%s: policy '%s' is valid: %zu scopes, %zu rules\n",
			       path, policy->name, policy->n_scopes,
			       policy->n_rules);
	}
	dsec_policy_set_clear(&set);
	return ok;
}

int cmd_check(int argc, char **argv)
{
	static const struct option options[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool quiet = false, ok = true;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", options, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage(stdout);
			return DSEC_EXIT_OK;
		default:
			usage(stderr);
			return DSEC_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		dsec_error("check: missing policy file");
		usage(stderr);
		return DSEC_EXIT_USAGE;
	}
	for (; optind < argc; optind++)
		if (!check_file(argv[optind], quiet))
			ok = false;
	return ok ? DSEC_EXIT_OK : DSEC_EXIT_FAILURE;
}
