/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dsecctl subcommands. Each takes the arguments after its own name
 * (argv[0] is the subcommand) and returns the process exit status:
 * 0 on success, 1 on failure, 2 on a usage error. A subcommand prints
 * its error once, to stderr, quoting the offending value.
 */
#ifndef DSECCTL_H
#define DSECCTL_H

#define DSEC_EXIT_OK		0
#define DSEC_EXIT_FAILURE	1
#define DSEC_EXIT_USAGE		2

extern const char *dsec_progname;

int cmd_load(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_remove(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_lock(int argc, char **argv);
int cmd_unlock(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_policy(int argc, char **argv);

#endif /* DSECCTL_H */
