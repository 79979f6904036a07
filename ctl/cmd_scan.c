// SPDX-License-Identifier: GPL-2.0
/*
 * dsecctl scan: scan a container image for vulnerabilities, malware,
 * secrets and misconfiguration, and write a report.
 *
 * Exit status: 0 when the scan finished and no finding reached --fail-on,
 * 1 when one did, 2 on a usage error, 3 when the scan itself failed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/dsecctl.h"
#include "ctl/policygen.h"
#include "scan/blocklist.h"
#include "scan/report.h"
#include "scan/scan.h"
#include "scan/yara.h"

#define EXIT_GATE_FAILED	1
#define EXIT_SCAN_ERROR		3

enum {
	OPT_IMAGE = 0x100,
	OPT_PLATFORM,
	OPT_DB,
	OPT_YARA_DIR,
	OPT_BLOCKLIST,
	OPT_SKIP_VULNS,
	OPT_SKIP_MALWARE,
	OPT_SKIP_SECRETS,
	OPT_SKIP_MISCONFIG,
	OPT_SEVERITY,
	OPT_FAIL_ON,
	OPT_NO_PROGRESS,
	OPT_LIST_EXECUTABLES,
	OPT_EMIT_POLICY,
	OPT_POLICY_OPTION,
};

static const struct option long_options[] = {
	{ "image", required_argument, NULL, OPT_IMAGE },
	{ "platform", required_argument, NULL, OPT_PLATFORM },
	{ "db", required_argument, NULL, OPT_DB },
	{ "yara-dir", required_argument, NULL, OPT_YARA_DIR },
	{ "blocklist", required_argument, NULL, OPT_BLOCKLIST },
	{ "skip-vulns", no_argument, NULL, OPT_SKIP_VULNS },
	{ "skip-malware", no_argument, NULL, OPT_SKIP_MALWARE },
	{ "skip-secrets", no_argument, NULL, OPT_SKIP_SECRETS },
	{ "skip-misconfig", no_argument, NULL, OPT_SKIP_MISCONFIG },
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "list-executables", no_argument, NULL, OPT_LIST_EXECUTABLES },
	{ "emit-policy", required_argument, NULL, OPT_EMIT_POLICY },
	/* Generator options, named as in `dsecctl policy from-scan`. */
	{ "exec-allowlist", no_argument, NULL, OPT_POLICY_OPTION },
	{ "selector", required_argument, NULL, OPT_POLICY_OPTION },
	{ "shellshock", required_argument, NULL, OPT_POLICY_OPTION },
	{ "policy-name", required_argument, NULL, OPT_POLICY_OPTION },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s scan [OPTIONS] INPUT\n"
		"\n"
		"Scan a container image for vulnerable packages, malware, secrets and\n"
		"misconfiguration. INPUT is a `docker save` archive, an OCI layout (directory\n"
		"or tar) or a root file system directory.\n"
		"\n"
		"Options:\n"
		"  --image REF          image to scan in an archive holding several (tag or digest)\n"
		"  --platform OS/ARCH   platform to pick from a multi-arch index (default linux/amd64)\n"
		"  --db FILE            vulnerability database made by '%s db import'\n"
		"  --yara-dir DIR       YARA rules directory (default: installed rules,\n"
		"                       else rules/yara of the source tree)\n"
		"  --blocklist FILE     SHA-256 blocklist, lines of 'HEX [name]'\n"
		"  --skip-vulns, --skip-malware, --skip-secrets, --skip-misconfig\n"
		"                       turn one kind of check off\n"
		"  -f, --format FORMAT  table, json, sarif or cyclonedx (default table)\n"
		"  -o, --output FILE    write the report to FILE instead of standard output\n"
		"  --severity SEV       leave out findings below SEV (INFO, LOW, MEDIUM, HIGH,\n"
		"                       CRITICAL; default INFO)\n"
		"  --fail-on SEV        exit with status 1 when a reported finding is at or\n"
		"                       above SEV\n"
		"  --no-progress        no progress on standard error, even on a terminal\n"
		"  --list-executables   list the image's executable files in the JSON report\n"
		"  --emit-policy FILE   also write a dsec policy for containers of the image\n"
		"                       ('-' for standard output); with it:\n"
		"  --exec-allowlist     deny exec by default, allow the image's executables\n"
		"  --selector SEL       prefix:/PATH, glob:PATTERN or id:CGROUP-ID instead of\n"
		"                       the placeholder dsec-oci-hook replaces\n"
		"  --shellshock ACTION  deny (default) or audit exec of a Shellshock bash\n"
		"  --policy-name NAME   policy name (default image-<image reference>)\n"
		"\n"
		"Exit status: 0 scan finished and no finding reached --fail-on, 1 a finding\n"
		"did, 2 usage error, 3 the scan failed.\n",
		dsec_progname, dsec_progname);
}

static int parse_severity(const char *option, const char *value, enum dsec_severity *ret)
{
	if (dsec_severity_parse(value, ret) < 0 || *ret == DSEC_SEV_UNKNOWN) {
		fprintf(stderr, "%s scan: invalid %s '%s'; expected one of INFO, LOW, MEDIUM, "
			"HIGH, CRITICAL\n", dsec_progname, option, value);
		return -EINVAL;
	}
	return 0;
}

/* Whether a reported finding reaches the --fail-on severity. */
static bool gate_failed(const struct dsec_scan *scan, const struct dsec_report_options *ropts,
			enum dsec_severity fail_on)
{
	size_t i;

	for (i = 0; i < scan->n_findings; i++)
		if (dsec_report_included(&scan->findings[i], ropts) &&
		    scan->findings[i].severity >= fail_on)
			return true;
	return false;
}

static int write_report(const struct dsec_scan *scan, const char *output,
			enum dsec_report_format format, struct dsec_report_options *ropts)
{
	const char *no_color = getenv("NO_COLOR");
	FILE *out = stdout;
	int r;

	if (output) {
		out = fopen(output, "w");
		if (!out) {
			fprintf(stderr, "%s scan: cannot write report '%s': %s\n",
				dsec_progname, output, strerror(errno));
			return -errno;
		}
	}
	ropts->color = format == DSEC_REPORT_TABLE && !output && isatty(STDOUT_FILENO) &&
		       !(no_color && no_color[0]);
	r = dsec_report_write(out, scan, format, ropts);
	if (output && fclose(out) && !r)
		r = -EIO;
	if (r < 0)
		fprintf(stderr, "%s scan: writing the report to '%s' failed: %s\n", dsec_progname,
			output ? output : "standard output", strerror(-r));
	return r;
}

int cmd_scan(int argc, char **argv)
{
	struct dsec_scan_options opts = { 0 };
	struct dsec_report_options ropts = {
		.min_severity = DSEC_SEV_UNKNOWN,
		.tool_version = DSEC_VERSION,
	};
	enum dsec_report_format format = DSEC_REPORT_TABLE;
	enum dsec_severity fail_on = DSEC_SEV_UNKNOWN;
	bool gate = false, progress = true;
	struct dsec_policygen_options gen = { .shellshock = DSEC_ACTION_DENY };
	const char *output = NULL, *policy_out = NULL;
	struct dsec_scan scan;
	char err[1024];
	int c, r, status, index;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:h", long_options, &index)) != -1) {
		switch (c) {
		case OPT_IMAGE:
			opts.image_ref = optarg;
			break;
		case OPT_PLATFORM:
			opts.platform = optarg;
			break;
		case OPT_DB:
			opts.db_path = optarg;
			break;
		case OPT_YARA_DIR:
			opts.yara_dir = optarg;
			break;
		case OPT_BLOCKLIST:
			opts.blocklist = optarg;
			break;
		case OPT_SKIP_VULNS:
			opts.skip_vulns = true;
			break;
		case OPT_SKIP_MALWARE:
			opts.skip_malware = true;
			break;
		case OPT_SKIP_SECRETS:
			opts.skip_secrets = true;
			break;
		case OPT_SKIP_MISCONFIG:
			opts.skip_misconfig = true;
			break;
		case 'f':
			if (dsec_report_format_parse(optarg, &format) < 0) {
				fprintf(stderr, "%s scan: invalid --format '%s'; expected table, "
					"json, sarif or cyclonedx\n", dsec_progname, optarg);
				return DSEC_EXIT_USAGE;
			}
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_SEVERITY:
			if (parse_severity("--severity", optarg, &ropts.min_severity))
				return DSEC_EXIT_USAGE;
			break;
		case OPT_FAIL_ON:
			if (parse_severity("--fail-on", optarg, &fail_on))
				return DSEC_EXIT_USAGE;
			gate = true;
			break;
		case OPT_NO_PROGRESS:
			progress = false;
			break;
		case OPT_LIST_EXECUTABLES:
			opts.list_executables = true;
			break;
		case OPT_EMIT_POLICY:
			policy_out = optarg;
			break;
		case OPT_POLICY_OPTION: {
			const char *name = long_options[index].name;

			if (!strcmp(name, "policy-name"))
				name = "name";
			if (dsec_policygen_parse_option(&gen, name, optarg)) {
				fprintf(stderr, "%s scan: invalid --%s '%s'; expected deny or audit\n",
					dsec_progname, long_options[index].name, optarg);
				return DSEC_EXIT_USAGE;
			}
			/* An allow-list needs the list of the image's executables. */
			if (gen.exec_allowlist)
				opts.list_executables = true;
			break;
		}
		case 'h':
			usage(stdout);
			return DSEC_EXIT_OK;
		default:
			fprintf(stderr, "Run '%s scan --help' for the options.\n", dsec_progname);
			return DSEC_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "%s scan: %s; run '%s scan --help'\n", dsec_progname,
			optind == argc ? "missing INPUT (an image archive, OCI layout or directory)"
				       : "give exactly one INPUT", dsec_progname);
		return DSEC_EXIT_USAGE;
	}
	if (policy_out && !strcmp(policy_out, "-") && !output) {
		fprintf(stderr, "%s scan: --emit-policy - and the report would both go to standard "
			"output; write the report with --output FILE\n", dsec_progname);
		return DSEC_EXIT_USAGE;
	}
	opts.input = argv[optind];
	opts.progress = progress && isatty(STDERR_FILENO);

	dsec_scan_init(&scan, &opts);
	r = dsec_yara_prepare(&scan);
	if (!r)
		r = dsec_blocklist_prepare(&scan);
	if (!r)
		r = dsec_scan_image(&scan);
	if (r < 0) {
		fprintf(stderr, "%s scan: %s\n", dsec_progname, dsec_scan_error(&scan));
		dsec_scan_free(&scan);
		return EXIT_SCAN_ERROR;
	}

	if (write_report(&scan, output, format, &ropts) < 0)
		status = EXIT_SCAN_ERROR;
	else if (policy_out &&
		 dsec_policygen_write_file(&scan, &gen, policy_out, err, sizeof(err))) {
		fprintf(stderr, "%s scan: %s\n", dsec_progname, err);
		status = EXIT_SCAN_ERROR;
	}
	else if (gate && gate_failed(&scan, &ropts, fail_on))
		status = EXIT_GATE_FAILED;
	else
		status = DSEC_EXIT_OK;
	dsec_scan_free(&scan);
	return status;
}
