// SPDX-License-Identifier: GPL-2.0
/*
 * dsecctl: load and inspect dsec policies, watch alerts, scan images.
 */
#include <stdio.h>
#include <string.h>

#include "ctl/dsecctl.h"


struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct subcommand subcommands[] = {
	{ "load",   cmd_load,   "load or replace a policy from a YAML file" },
	{ "check",  cmd_check,  "validate a policy file without loading it" },
	{ "remove", cmd_remove, "remove a loaded policy by name" },
	{ "status", cmd_status, "show module version, hooks, counters and policies" },
	{ "dump",   cmd_dump,   "print the loaded policies as YAML" },
	{ "watch",  cmd_watch,  "print alerts as they happen" },
	{ "lock",   cmd_lock,   "refuse module unload until unlocked" },
	{ "unlock", cmd_unlock, "allow module unload again" },
	{ "scan",   cmd_scan,   "scan a container image for vulnerabilities and threats" },
	{ "db",     cmd_db,     "import and describe the vulnerability database" },
	{ "policy", cmd_policy, "generate and merge policies from scan reports" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "Usage: %s COMMAND [ARGS...]\n\nCommands:\n", dsec_progname);
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(out, "  %-8s %s\n", subcommands[i].name, subcommands[i].summary);
	fprintf(out, "\nRun '%s COMMAND --help' for the options of a command.\n",
		dsec_progname);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return DSEC_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return DSEC_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("dsecctl %s\n", DSEC_VERSION);
		return DSEC_EXIT_OK;
	}
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].run(argc - 1, argv + 1);

	fprintf(stderr, "%s: unknown command '%s'; run '%s --help' for the list\n",
		dsec_progname, argv[1], dsec_progname);
	return DSEC_EXIT_USAGE;
}
