/* SPDX-License-Identifier: GPL-2.0 */
/* Vulnerability database internals shared by vulndb.c and vulndb_import.c. */
#ifndef DSEC_SCAN_VULNDB_PRIV_H
#define DSEC_SCAN_VULNDB_PRIV_H

#include <sqlite3.h>

struct dsec_vulndb {
	sqlite3 *sql;
	char *path;
	sqlite3_stmt *lookup;		/* prepared on first lookup */
	char error[512];
};

int dsec_vulndb_fail(struct dsec_vulndb *db, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* DSEC_SCAN_VULNDB_PRIV_H */
