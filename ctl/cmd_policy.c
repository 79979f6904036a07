// SPDX-License-Identifier: GPL-2.0
/*
 * Placeholder until the 'policy' subcommand lands: it keeps dsecctl linking.
 */
#include <stdio.h>

#include "ctl/dsecctl.h"

int cmd_policy(int argc, char **argv)
{
	fprintf(stderr, "%s: 'policy' is not built in this tree\n", dsec_progname);
	return DSEC_EXIT_FAILURE;
}
