// SPDX-License-Identifier: GPL-2.0
/*
 * dsecctl policy from-scan REPORT.json [options]
 * dsecctl policy merge BASE.yaml GENERATED.yaml [-o OUT.yaml]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/dsecctl.h"
#include "ctl/policygen.h"
#include "ctl/policymerge.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s policy from-scan REPORT.json [-o OUT.yaml] [OPTIONS]\n"
		"       %s policy merge BASE.yaml GENERATED.yaml [-o OUT.yaml] [--into SCOPE] [--name NAME]\n\n"
		"from-scan writes a policy for containers of the scanned image; each rule\n"
		"names the finding behind it. Options:\n"
		"  -o, --output FILE        write the policy here (default: stdout)\n"
		"  --name NAME              policy name (default: image-<image reference>)\n"
		"  --selector SEL           prefix:/PATH, glob:PATTERN or id:CGROUP-ID; without it\n"
		"                           the policy selects a placeholder that dsec-oci-hook\n"
		"                           replaces with each container's cgroup\n"
		"  --shellshock=deny|audit  action on bash affected by Shellshock (default deny)\n"
		"  --exec-allowlist         deny exec by default, allow the image's executables\n"
		"                           (the report must list them: scan with --list-executables)\n"
		"  --complain               report instead of deny (mode: complain)\n\n"
		"merge folds GENERATED into BASE: guards are combined, the stricter default\n"
		"and action win, BASE rules come before generated ones.\n",
		dsec_progname, dsec_progname);
}

/* Parse the generator options shared with `dsecctl scan --emit-policy`. */
int dsec_policygen_parse_option(struct dsec_policygen_options *opts,
				const char *name, const char *value)
{
	if (!strcmp(name, "name")) {
		opts->name = value;
	} else if (!strcmp(name, "selector")) {
		opts->selector = value;
	} else if (!strcmp(name, "shellshock")) {
		if (!strcmp(value, "deny"))
			opts->shellshock = DSEC_ACTION_DENY;
		else if (!strcmp(value, "audit"))
			opts->shellshock = DSEC_ACTION_AUDIT;
		else
			return -EINVAL;
	} else if (!strcmp(name, "exec-allowlist")) {
		opts->exec_allowlist = true;
	} else if (!strcmp(name, "complain")) {
		opts->complain = true;
	} else {
		return -ENOENT;
	}
	return 0;
}

static int from_scan(int argc, char **argv)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, 'n' },
		{ "selector", required_argument, NULL, 's' },
		{ "shellshock", required_argument, NULL, 'S' },
		{ "exec-allowlist", no_argument, NULL, 'a' },
		{ "complain", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dsec_policygen_options opts = { .shellshock = DSEC_ACTION_DENY };
	struct dsec_scan_options scan_opts = { 0 };
	struct dsec_scan scan;
	const char *output = "-";
	char err[1024] = "";
	int opt, ret;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		const char *name = NULL;

		switch (opt) {
		case 'o':
			output = optarg;
			continue;
		case 'h':
			usage(stdout);
			return DSEC_EXIT_OK;
		case 'n':
			name = "name";
			break;
		case 's':
			name = "selector";
			break;
		case 'S':
			name = "shellshock";
			break;
		case 'a':
			name = "exec-allowlist";
			break;
		case 'c':
			name = "complain";
			break;
		default:
			usage(stderr);
			return DSEC_EXIT_USAGE;
		}
		if (dsec_policygen_parse_option(&opts, name, optarg)) {
			dsec_error("invalid --%s '%s'; expected deny or audit",
				   name, optarg);
			return DSEC_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return DSEC_EXIT_USAGE;
	}

	scan_opts.input = argv[optind];
	dsec_scan_init(&scan, &scan_opts);
	ret = dsec_policygen_read_report(argv[optind], &scan, err, sizeof(err));
	if (!ret)
		ret = dsec_policygen_write_file(&scan, &opts, output, err,
						sizeof(err));
	dsec_scan_free_executables(&scan);
	dsec_scan_free(&scan);
	if (ret) {
		dsec_error("%s", err);
		return DSEC_EXIT_FAILURE;
	}
	return DSEC_EXIT_OK;
}

/* Read a file that holds exactly one policy. */
static int read_one(const char *path, struct dsec_policy **ret_policy)
{
	struct dsec_policy_set set = { 0 };
	struct dsec_diags *diags;
	int ret;

	diags = calloc(1, sizeof(*diags));
	if (!diags)
		return -ENOMEM;
	ret = dsec_policy_read_file(path, &set, diags);
	if (ret == -EINVAL)
		dsec_print_diags(path, diags);
	else if (ret)
		dsec_error("cannot read '%s': %s", path, strerror(-ret));
	free(diags);
	if (ret)
		return ret;
	if (set.n != 1) {
		dsec_error("'%s' holds %zu policies; merge takes files with one policy each",
			   path, set.n);
		dsec_policy_set_clear(&set);
		return -EINVAL;
	}
	*ret_policy = set.items[0];
	set.items[0] = NULL;
	dsec_policy_set_clear(&set);
	return 0;
}

static int merge(int argc, char **argv)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "into", required_argument, NULL, 'i' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dsec_policy *base = NULL, *gen = NULL;
	struct dsec_diags *diags = NULL;
	const char *output = "-", *into = NULL, *name = NULL;
	char err[512] = "";
	FILE *out = NULL;
	int opt, ret, status = DSEC_EXIT_FAILURE;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 'i':
			into = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'h':
			usage(stdout);
			return DSEC_EXIT_OK;
		default:
			usage(stderr);
			return DSEC_EXIT_USAGE;
		}
	}
	if (optind != argc - 2) {
		usage(stderr);
		return DSEC_EXIT_USAGE;
	}
	if (read_one(argv[optind], &base) || read_one(argv[optind + 1], &gen))
		goto out;

	ret = dsec_policy_merge(base, gen, into, err, sizeof(err));
	if (ret) {
		dsec_error("%s", err);
		goto out;
	}
	if (name) {
		free(base->name);
		base->name = strdup(name);
	}
	/* The merged policy no longer comes from BASE's file. */
	free(base->source);
	base->source = NULL;
	base->has_digest = false;

	diags = calloc(1, sizeof(*diags));
	if (!diags || !base->name)
		goto out;
	if (dsec_policy_validate(base, diags)) {
		dsec_print_diags(argv[optind], diags);
		goto out;
	}

	out = strcmp(output, "-") ? fopen(output, "w") : stdout;
	if (!out) {
		dsec_error("cannot write '%s': %s", output, strerror(errno));
		goto out;
	}
	fprintf(out, "# Merged by dsecctl %s: %s with %s\n", DSEC_VERSION,
		argv[optind], argv[optind + 1]);
	ret = dsec_policy_emit(base, out);
	if (fflush(out) || ret) {
		dsec_error("cannot write '%s': %s", output,
			   strerror(ret ? -ret : errno));
		goto out;
	}
	status = DSEC_EXIT_OK;
out:
	if (out && out != stdout)
		fclose(out);
	free(diags);
	dsec_policy_free(base);
	dsec_policy_free(gen);
	return status;
}

int cmd_policy(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? DSEC_EXIT_USAGE : DSEC_EXIT_OK;
	}
	if (!strcmp(argv[1], "from-scan"))
		return from_scan(argc - 1, argv + 1);
	if (!strcmp(argv[1], "merge"))
		return merge(argc - 1, argv + 1);
	dsec_error("unknown policy command '%s'; expected from-scan or merge",
		   argv[1]);
	return DSEC_EXIT_USAGE;
}
