/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dsecctl subcommands. Each takes the arguments after its own name
 * (argv[0] is the subcommand) and returns the process exit status:
 * 0 on success, 1 on failure, 2 on a usage error. A subcommand prints
 * its error once, to stderr, quoting the offending value.
 */
#ifndef DSECCTL_H
#define DSECCTL_H

#include <stdbool.h>

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

/* Helpers shared by the subcommands, in ctl/common.c. */
struct dsec_nl;
struct dsec_nl_ack;
struct dsec_diags;

/* Print "dsecctl: MESSAGE" and a newline to stderr. */
void dsec_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Open the netlink socket. On failure, print why (module not loaded,
 * missing CAP_NET_ADMIN, version mismatch) and return false.
 */
bool dsec_connect(struct dsec_nl **ret_nl);

/* Print a failed request: what was attempted, the errno and extack. */
void dsec_report_request(const char *what, int err,
			 const struct dsec_nl_ack *ack);

/* Print diagnostics as FILE:LINE:COLUMN: error: MESSAGE. */
void dsec_print_diags(const char *file, const struct dsec_diags *diags);

/* Parse a non-negative decimal option value; false when invalid. */
bool dsec_parse_count(const char *arg, unsigned long long max,
		      unsigned long long *ret);

#endif /* DSECCTL_H */
