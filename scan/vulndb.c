// SPDX-License-Identifier: GPL-2.0
/*
 * The vulnerability database: SQLite schema, opening with a schema
 * version check, description and lookup. Import is in vulndb_import.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "scan/vulndb.h"
#include "scan/vulndb_priv.h"

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE IF NOT EXISTS source(path TEXT, imported_at TEXT,"
	" records INTEGER, invalid INTEGER);"
	"CREATE TABLE IF NOT EXISTS advisory(id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" osv_id TEXT NOT NULL UNIQUE, modified TEXT, withdrawn TEXT,"
	" summary TEXT, aliases TEXT, severity INTEGER, cvss_score REAL,"
	" cvss_vector TEXT);"
	"CREATE TABLE IF NOT EXISTS affected(advisory INTEGER NOT NULL,"
	" ecosystem TEXT NOT NULL, base_ecosystem TEXT NOT NULL,"
	" name TEXT NOT NULL, ranges TEXT, versions TEXT, severity INTEGER);"
	"CREATE INDEX IF NOT EXISTS affected_lookup ON affected(ecosystem, name);";

int dsec_vulndb_fail(struct dsec_vulndb *db, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(db->error, sizeof(db->error), fmt, ap);
	va_end(ap);
	return err;
}

const char *dsec_vulndb_error(const struct dsec_vulndb *db)
{
	return db->error;
}

static int read_schema_version(sqlite3 *sql, int *ret)
{
	sqlite3_stmt *st;
	int r;

	*ret = 0;
	r = sqlite3_prepare_v2(sql, "SELECT value FROM meta WHERE key = 'schema_version'",
			       -1, &st, NULL);
	if (r != SQLITE_OK)
		return r;	/* no meta table: not a dsec database yet */
	if (sqlite3_step(st) == SQLITE_ROW)
		*ret = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return SQLITE_OK;
}

static int create_schema(struct dsec_vulndb *db)
{
	char sql[256];
	int r;

	r = sqlite3_exec(db->sql, schema_sql, NULL, NULL, NULL);
	if (r != SQLITE_OK)
		return dsec_vulndb_fail(db, -EIO, "cannot create the schema in '%s': %s",
					db->path, sqlite3_errmsg(db->sql));
	snprintf(sql, sizeof(sql),
		 "INSERT OR IGNORE INTO meta VALUES('schema_version', '%d');"
		 "INSERT OR IGNORE INTO meta VALUES('created', strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now'));",
		 DSEC_VULNDB_SCHEMA);
	r = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	if (r != SQLITE_OK)
		return dsec_vulndb_fail(db, -EIO, "cannot write the schema version to '%s': %s",
					db->path, sqlite3_errmsg(db->sql));
	return 0;
}

int dsec_vulndb_open(const char *path, bool create, struct dsec_vulndb **ret,
		     char *err, size_t err_len)
{
	struct dsec_vulndb *db;
	int flags = SQLITE_OPEN_READONLY, version, r;

	*ret = NULL;
	db = calloc(1, sizeof(*db));
	if (!db)
		return -ENOMEM;
	db->path = strdup(path);
	if (!db->path) {
		free(db);
		return -ENOMEM;
	}
	if (create)
		flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	r = sqlite3_open_v2(path, &db->sql, flags, NULL);
	if (r != SQLITE_OK) {
		snprintf(err, err_len, "cannot open the vulnerability database '%s': %s",
			 path, db->sql ? sqlite3_errmsg(db->sql) : sqlite3_errstr(r));
		r = r == SQLITE_CANTOPEN ? -ENOENT : -EIO;
		goto out_close;
	}
	sqlite3_busy_timeout(db->sql, 5000);

	if (read_schema_version(db->sql, &version) != SQLITE_OK && !create) {
		snprintf(err, err_len, "'%s' is not a dsec vulnerability database: %s",
			 path, sqlite3_errmsg(db->sql));
		r = -EINVAL;
		goto out_close;
	}
	if (version > DSEC_VULNDB_SCHEMA) {
		snprintf(err, err_len,
			 "'%s' has schema version %d, newer than the %d this dsecctl reads; "
			 "upgrade dsecctl or import into a new file with --db", path,
			 version, DSEC_VULNDB_SCHEMA);
		r = -EPROTO;
		goto out_close;
	}
	if (version == 0 && !create) {
		snprintf(err, err_len, "'%s' is not a dsec vulnerability database "
			 "(no schema version); create one with 'dsecctl db import'", path);
		r = -EINVAL;
		goto out_close;
	}
	if (create) {
		r = create_schema(db);
		if (r < 0) {
			snprintf(err, err_len, "%s", db->error);
			goto out_close;
		}
	}
	*ret = db;
	return 0;

out_close:
	dsec_vulndb_close(db);
	return r;
}

void dsec_vulndb_close(struct dsec_vulndb *db)
{
	if (!db)
		return;
	sqlite3_finalize(db->lookup);
	sqlite3_close(db->sql);
	free(db->path);
	free(db);
}

static void copy_text(sqlite3_stmt *st, int col, char *out, size_t len)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	snprintf(out, len, "%s", s ? (const char *)s : "");
}

int dsec_vulndb_info(struct dsec_vulndb *db, struct dsec_vulndb_info *ret)
{
	sqlite3_stmt *st;
	int r;

	memset(ret, 0, sizeof(*ret));
	r = sqlite3_prepare_v2(db->sql,
			       "SELECT (SELECT value FROM meta WHERE key = 'schema_version'),"
			       " (SELECT value FROM meta WHERE key = 'created'),"
			       " (SELECT value FROM meta WHERE key = 'last_import'),"
			       " (SELECT COUNT(*) FROM advisory),"
			       " (SELECT COUNT(*) FROM advisory WHERE withdrawn IS NOT NULL)",
			       -1, &st, NULL);
	if (r != SQLITE_OK)
		return dsec_vulndb_fail(db, -EIO, "cannot read '%s': %s", db->path,
					sqlite3_errmsg(db->sql));
	if (sqlite3_step(st) == SQLITE_ROW) {
		ret->schema_version = sqlite3_column_int(st, 0);
		copy_text(st, 1, ret->created, sizeof(ret->created));
		copy_text(st, 2, ret->last_import, sizeof(ret->last_import));
		ret->advisories = sqlite3_column_int64(st, 3);
		ret->withdrawn = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	return 0;
}

int dsec_vulndb_each_ecosystem(struct dsec_vulndb *db,
			       void (*fn)(const char *ecosystem, long long n, void *arg),
			       void *arg)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db->sql,
			       "SELECT base_ecosystem, COUNT(DISTINCT advisory) FROM affected"
			       " GROUP BY base_ecosystem ORDER BY base_ecosystem",
			       -1, &st, NULL) != SQLITE_OK)
		return dsec_vulndb_fail(db, -EIO, "cannot read '%s': %s", db->path,
					sqlite3_errmsg(db->sql));
	while (sqlite3_step(st) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1), arg);
	sqlite3_finalize(st);
	return 0;
}

int dsec_vulndb_each_source(struct dsec_vulndb *db,
			    void (*fn)(const char *path, const char *imported_at,
				       long long records, long long invalid, void *arg),
			    void *arg)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db->sql,
			       "SELECT path, imported_at, records, invalid FROM source ORDER BY rowid",
			       -1, &st, NULL) != SQLITE_OK)
		return dsec_vulndb_fail(db, -EIO, "cannot read '%s': %s", db->path,
					sqlite3_errmsg(db->sql));
	while (sqlite3_step(st) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(st, 0),
		   (const char *)sqlite3_column_text(st, 1),
		   sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3), arg);
	sqlite3_finalize(st);
	return 0;
}

static enum dsec_severity severity_column(sqlite3_stmt *st, int col)
{
	int v = sqlite3_column_int(st, col);

	return v >= DSEC_SEV_UNKNOWN && v <= DSEC_SEV_CRITICAL ?
	       (enum dsec_severity)v : DSEC_SEV_UNKNOWN;
}

int dsec_vulndb_lookup(struct dsec_vulndb *db, const char *ecosystem,
		       const char *name,
		       int (*fn)(const struct dsec_vulndb_hit *hit, void *arg),
		       void *arg)
{
	int r = 0, step;

	if (!db->lookup &&
	    sqlite3_prepare_v2(db->sql,
			       "SELECT a.osv_id, a.summary, a.aliases, a.cvss_vector,"
			       " a.cvss_score, a.severity, f.severity, f.ranges, f.versions"
			       " FROM affected f JOIN advisory a ON a.id = f.advisory"
			       " WHERE f.ecosystem = ?1 AND f.name = ?2 AND a.withdrawn IS NULL"
			       " ORDER BY a.osv_id",
			       -1, &db->lookup, NULL) != SQLITE_OK)
		return dsec_vulndb_fail(db, -EIO, "cannot query '%s': %s", db->path,
					sqlite3_errmsg(db->sql));

	sqlite3_reset(db->lookup);
	sqlite3_bind_text(db->lookup, 1, ecosystem, -1, SQLITE_STATIC);
	sqlite3_bind_text(db->lookup, 2, name, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(db->lookup)) == SQLITE_ROW) {
		struct dsec_vulndb_hit hit;

		memset(&hit, 0, sizeof(hit));
		hit.osv_id = (const char *)sqlite3_column_text(db->lookup, 0);
		hit.summary = (const char *)sqlite3_column_text(db->lookup, 1);
		hit.aliases = (const char *)sqlite3_column_text(db->lookup, 2);
		hit.cvss_vector = (const char *)sqlite3_column_text(db->lookup, 3);
		hit.cvss_score = sqlite3_column_double(db->lookup, 4);
		hit.severity = severity_column(db->lookup, 5);
		if (hit.severity == DSEC_SEV_UNKNOWN)
			hit.severity = severity_column(db->lookup, 6);
		if (!hit.osv_id)
			continue;
		r = dsec_osv_decode((const char *)sqlite3_column_text(db->lookup, 7),
				    (const char *)sqlite3_column_text(db->lookup, 8),
				    &hit.affected);
		if (r == -EINVAL) {
			r = 0;		/* a damaged row cannot match anything */
			continue;
		}
		if (r < 0)
			break;
		r = fn(&hit, arg);
		dsec_osv_affected_free(&hit.affected);
		if (r < 0)
			break;
	}
	if (r == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
		r = dsec_vulndb_fail(db, -EIO, "cannot query '%s': %s", db->path,
				     sqlite3_errmsg(db->sql));
	sqlite3_reset(db->lookup);
	return r;
}
