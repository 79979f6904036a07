// SPDX-License-Identifier: GPL-2.0
/*
 * Placeholder until the 'scan' subcommand lands: it keeps dsecctl linking.
 */
#include <stdio.h>

#include "ctl/dsecctl.h"

int cmd_scan(int argc, char **argv)
{
	fprintf(stderr, "%s: 'scan' is not built in this tree\n", dsec_progname);
	return DSEC_EXIT_FAILURE;
}
