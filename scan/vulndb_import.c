// SPDX-License-Identifier: GPL-2.0
/*
 * Import of OSV data into the vulnerability database: single records,
 * directories of records and OSV export zips (read with libarchive, one
 * member at a time, never extracted).
 *
 * One import is one transaction. The lookup index is dropped before the
 * bulk insert and rebuilt after it, which is several times faster than
 * maintaining it row by row. A record that is already stored is replaced
 * unless the stored copy has a later "modified" time. The affected rows
 * of replaced advisories are deleted in one statement at the end.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <json-c/json.h>
#include <sqlite3.h>

#include "scan/vulndb.h"
#include "scan/vulndb_priv.h"

#define MAX_DIR_DEPTH	32

struct importer {
	struct dsec_vulndb *db;
	sqlite3_stmt *find, *insert_advisory, *insert_affected;
	sqlite3_stmt *delete_advisory, *note_replaced;
	struct dsec_vulndb_import_stats *stats;
	void (*warn)(const char *source, const char *message);
};

static int exec(struct dsec_vulndb *db, const char *sql)
{
	if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
		return dsec_vulndb_fail(db, -EIO, "cannot update '%s': %s", db->path,
					sqlite3_errmsg(db->sql));
	return 0;
}

static int prepare(struct importer *im, sqlite3_stmt **st, const char *sql)
{
	if (sqlite3_prepare_v2(im->db->sql, sql, -1, st, NULL) != SQLITE_OK)
		return dsec_vulndb_fail(im->db, -EIO, "cannot prepare an import in '%s': %s",
					im->db->path, sqlite3_errmsg(im->db->sql));
	return 0;
}

static int step_done(struct importer *im, sqlite3_stmt *st)
{
	int r = sqlite3_step(st);

	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return dsec_vulndb_fail(im->db, -EIO, "cannot write to '%s': %s",
					im->db->path, sqlite3_errmsg(im->db->sql));
	return 0;
}

static void bind_optional(sqlite3_stmt *st, int col, const char *s)
{
	if (s)
		sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

/*
 * Return 1 when the database already has this record with a later
 * modified time, else 0 after marking any stored copy for replacement.
 */
static int replace_existing(struct importer *im, const struct dsec_osv_record *rec)
{
	sqlite3_int64 id;
	const char *modified;
	int r, newer;

	sqlite3_bind_text(im->find, 1, rec->id, -1, SQLITE_STATIC);
	r = sqlite3_step(im->find);
	if (r != SQLITE_ROW) {
		sqlite3_reset(im->find);
		if (r == SQLITE_DONE)
			return 0;
		return dsec_vulndb_fail(im->db, -EIO, "cannot read '%s': %s",
					im->db->path, sqlite3_errmsg(im->db->sql));
	}
	id = sqlite3_column_int64(im->find, 0);
	modified = (const char *)sqlite3_column_text(im->find, 1);
	newer = modified && strcmp(modified, rec->modified) > 0;
	sqlite3_reset(im->find);
	if (newer)
		return 1;

	sqlite3_bind_int64(im->note_replaced, 1, id);
	r = step_done(im, im->note_replaced);
	if (r < 0)
		return r;
	sqlite3_bind_int64(im->delete_advisory, 1, id);
	return step_done(im, im->delete_advisory);
}

static int store_record(struct importer *im, const struct dsec_osv_record *rec)
{
	sqlite3_int64 advisory;
	size_t i;
	int r;

	r = replace_existing(im, rec);
	if (r < 0)
		return r;
	if (r == 1) {
		im->stats->older++;
		return 0;
	}

	sqlite3_bind_text(im->insert_advisory, 1, rec->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(im->insert_advisory, 2, rec->modified, -1, SQLITE_STATIC);
	bind_optional(im->insert_advisory, 3, rec->withdrawn);
	bind_optional(im->insert_advisory, 4, rec->summary);
	bind_optional(im->insert_advisory, 5, rec->aliases);
	sqlite3_bind_int(im->insert_advisory, 6, rec->severity);
	sqlite3_bind_double(im->insert_advisory, 7, rec->cvss_score);
	bind_optional(im->insert_advisory, 8, rec->cvss_vector);
	r = step_done(im, im->insert_advisory);
	if (r < 0)
		return r;
	advisory = sqlite3_last_insert_rowid(im->db->sql);

	for (i = 0; i < rec->n_affected; i++) {
		const struct dsec_osv_affected *aff = &rec->affected[i];
		size_t base_len = strcspn(aff->ecosystem, ":");
		char *ranges, *versions;

		/* Nothing to match: only GIT ranges and no versions. */
		if (!aff->n_ranges && !aff->n_versions)
			continue;
		ranges = dsec_osv_encode_ranges(aff);
		versions = dsec_osv_encode_versions(aff);
		if (!ranges || !versions) {
			free(ranges);
			free(versions);
			return -ENOMEM;
		}
		sqlite3_bind_int64(im->insert_affected, 1, advisory);
		sqlite3_bind_text(im->insert_affected, 2, aff->ecosystem, -1, SQLITE_STATIC);
		sqlite3_bind_text(im->insert_affected, 3, aff->ecosystem, (int)base_len,
				  SQLITE_STATIC);
		sqlite3_bind_text(im->insert_affected, 4, aff->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(im->insert_affected, 5, ranges, -1, SQLITE_STATIC);
		sqlite3_bind_text(im->insert_affected, 6, versions, -1, SQLITE_STATIC);
		sqlite3_bind_int(im->insert_affected, 7, aff->severity);
		r = step_done(im, im->insert_affected);
		free(ranges);
		free(versions);
		if (r < 0)
			return r;
	}
	im->stats->records++;
	return 0;
}

static void reject(struct importer *im, const char *source, const char *message)
{
	im->stats->invalid++;
	if (im->warn)
		im->warn(source, message);
}

static int import_object(struct importer *im, struct json_object *obj,
			 const char *source)
{
	struct dsec_osv_record rec;
	char err[512];
	int r;

	r = dsec_osv_parse_object(obj, &rec, err, sizeof(err));
	if (r == -EINVAL) {
		reject(im, source, err);
		return 0;
	}
	if (r < 0)
		return dsec_vulndb_fail(im->db, r, "out of memory reading '%s'", source);
	r = store_record(im, &rec);
	dsec_osv_record_free(&rec);
	return r;
}

/* Parses and imports one record, or rejects it. */
static int import_record(struct importer *im, const char *data, size_t len,
			 const char *source)
{
	struct json_tokener *tok;
	struct json_object *obj;
	size_t containers;
	char err[256];
	int r;

	dsec_json_value_end(data, len, 0, &containers);
	if (containers > DSEC_OSV_MAX_CONTAINERS) {
		snprintf(err, sizeof(err), "record has more than %u JSON objects and arrays",
			 DSEC_OSV_MAX_CONTAINERS);
		reject(im, source, err);
		return 0;
	}
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	obj = json_tokener_parse_ex(tok, data, (int)len);
	if (!obj || json_tokener_get_error(tok) != json_tokener_success) {
		snprintf(err, sizeof(err), "invalid JSON: %s",
			 json_tokener_error_desc(json_tokener_get_error(tok)));
		json_tokener_free(tok);
		json_object_put(obj);
		reject(im, source, err);
		return 0;
	}
	json_tokener_free(tok);
	r = import_object(im, obj, source);
	json_object_put(obj);
	return r;
}

static size_t skip_space(const char *data, size_t len, size_t pos)
{
	while (pos < len && (data[pos] == ' ' || data[pos] == '\t' || data[pos] == '\r' ||
			     data[pos] == '\n'))
		pos++;
	return pos;
}

/*
 * One JSON document: a record, or an array of records. The elements of
 * an array are found by dsec_json_value_end() and parsed one at a
 * time, so millions of small records never become one json-c tree
 * (about 800 bytes per empty object). An array whose brackets do not
 * balance is rejected whole; a damaged element is rejected on its own
 * and ends the array.
 */
static int import_json(struct importer *im, const char *data, size_t len,
		       const char *source)
{
	size_t pos, containers;
	ssize_t end;
	char err[256];
	int r = 0;

	im->stats->files++;
	if (len > DSEC_VULNDB_MAX_FILE) {
		snprintf(err, sizeof(err), "larger than %u bytes", DSEC_VULNDB_MAX_FILE);
		reject(im, source, err);
		return 0;
	}
	pos = skip_space(data, len, 0);
	if (pos == len || data[pos] != '[')
		return import_record(im, data, len, source);

	end = dsec_json_value_end(data, len, pos, &containers);
	if (end < 0 || skip_space(data, len, end) != len) {
		reject(im, source, "invalid JSON: the array of records is not closed, or text follows it");
		return 0;
	}
	pos = skip_space(data, len, pos + 1);
	while (r == 0 && pos < len && data[pos] != ']') {
		end = dsec_json_value_end(data, len, pos, &containers);
		if (end < 0 || (size_t)end == pos) {
			reject(im, source, "invalid JSON: a record of the array is empty or not closed");
			break;
		}
		r = import_record(im, data + pos, end - pos, source);
		pos = skip_space(data, len, end);
		if (pos < len && data[pos] == ',') {
			pos = skip_space(data, len, pos + 1);
		} else if (pos < len && data[pos] != ']') {
			reject(im, source, "invalid JSON: ',' or ']' expected after a record");
			break;
		}
	}
	return r;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Read a zip member into memory, at most DSEC_OSV_MAX_RECORD bytes. */
static int read_member(struct archive *ar, char **ret, size_t *ret_len)
{
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		la_ssize_t n;

		if (len == cap) {
			char *p;

			if (cap >= DSEC_OSV_MAX_RECORD) {
				free(buf);
				return -EFBIG;
			}
			cap *= 2;
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				return -ENOMEM;
			}
			buf = p;
		}
		n = archive_read_data(ar, buf + len, cap - len);
		if (n == 0)
			break;
		if (n == ARCHIVE_RETRY || n == ARCHIVE_WARN)
			continue;
		if (n < 0) {
			free(buf);
			return -EIO;
		}
		len += (size_t)n;
	}
	*ret = buf;
	*ret_len = len;
	return 0;
}

static int import_zip(struct importer *im, const char *path)
{
	struct archive_entry *entry;
	struct archive *ar;
	int r = 0, ar_r;

	ar = archive_read_new();
	if (!ar)
		return -ENOMEM;
	archive_read_support_format_zip(ar);
	if (archive_read_open_filename(ar, path, 65536) != ARCHIVE_OK) {
		r = dsec_vulndb_fail(im->db, -EINVAL, "cannot read the zip '%s': %s", path,
				     archive_error_string(ar));
		goto out;
	}
	for (;;) {
		char source[1024], *data;
		const char *name;
		size_t len;

		ar_r = archive_read_next_header(ar, &entry);
		if (ar_r == ARCHIVE_EOF)
			break;
		if (ar_r == ARCHIVE_RETRY)
			continue;
		if (ar_r == ARCHIVE_FATAL) {
			r = dsec_vulndb_fail(im->db, -EIO, "cannot read the zip '%s': %s",
					     path, archive_error_string(ar));
			break;
		}
		name = archive_entry_pathname(entry);
		if (!name || archive_entry_filetype(entry) != AE_IFREG ||
		    !has_suffix(name, ".json"))
			continue;
		snprintf(source, sizeof(source), "%s:%s", path, name);
		r = read_member(ar, &data, &len);
		if (r == -EFBIG || r == -EIO) {
			reject(im, source, r == -EFBIG ? "member is too large" :
				      archive_error_string(ar));
			r = 0;
			continue;
		}
		if (r < 0)
			break;
		r = import_json(im, data, len, source);
		free(data);
		if (r < 0)
			break;
	}
out:
	archive_read_free(ar);
	return r;
}

static int read_file(const char *path, char **ret, size_t *ret_len)
{
	struct stat st;
	ssize_t n;
	size_t len = 0;
	char *buf;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	if ((uint64_t)st.st_size > DSEC_VULNDB_MAX_FILE) {
		close(fd);
		return -EFBIG;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (len < (size_t)st.st_size) {
		n = read(fd, buf + len, (size_t)st.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
	return 0;
}

static bool is_zip(const char *data, size_t len)
{
	return len >= 4 && !memcmp(data, "PK\x03\x04", 4);
}

static int import_file(struct importer *im, const char *path)
{
	size_t len = 0;
	char *data = NULL;
	int r;

	r = read_file(path, &data, &len);
	if (r == -EFBIG) {
		reject(im, path, "file is too large");
		return 0;
	}
	if (r < 0)
		return dsec_vulndb_fail(im->db, r, "cannot read '%s': %s", path, strerror(-r));
	if (is_zip(data, len)) {
		free(data);
		return import_zip(im, path);
	}
	r = import_json(im, data, len, path);
	free(data);
	return r;
}

static int import_dir(struct importer *im, const char *path, int depth)
{
	struct dirent **names;
	int n, i, r = 0;

	if (depth > MAX_DIR_DEPTH)
		return dsec_vulndb_fail(im->db, -ELOOP, "'%s' is nested more than %d directories deep",
					path, MAX_DIR_DEPTH);
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0)
		return dsec_vulndb_fail(im->db, -errno, "cannot read the directory '%s': %s",
					path, strerror(errno));
	for (i = 0; i < n; i++) {
		char *child = NULL;
		struct stat st;

		if (r == 0 && names[i]->d_name[0] != '.' &&
		    asprintf(&child, "%s/%s", path, names[i]->d_name) >= 0 &&
		    lstat(child, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				r = import_dir(im, child, depth + 1);
			else if (S_ISREG(st.st_mode) && (has_suffix(child, ".json") ||
							 has_suffix(child, ".zip")))
				r = import_file(im, child);
		}
		free(child);
		free(names[i]);
	}
	free(names);
	return r;
}

static int importer_begin(struct importer *im)
{
	int r;

	r = exec(im->db, "BEGIN IMMEDIATE;"
		 "DROP INDEX IF EXISTS affected_lookup;"
		 "CREATE TEMP TABLE IF NOT EXISTS replaced(id INTEGER PRIMARY KEY);");
	if (r < 0)
		return r;
	if (prepare(im, &im->find, "SELECT id, modified FROM advisory WHERE osv_id = ?1") ||
	    prepare(im, &im->insert_advisory,
		    "INSERT INTO advisory(osv_id, modified, withdrawn, summary, aliases,"
		    " severity, cvss_score, cvss_vector) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)") ||
	    prepare(im, &im->insert_affected,
		    "INSERT INTO affected VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)") ||
	    prepare(im, &im->delete_advisory, "DELETE FROM advisory WHERE id = ?1") ||
	    prepare(im, &im->note_replaced, "INSERT OR IGNORE INTO temp.replaced VALUES(?1)"))
		return -EIO;
	return 0;
}

static int importer_commit(struct importer *im, const char *source)
{
	sqlite3_stmt *st;
	int r;

	r = exec(im->db, "DELETE FROM affected WHERE advisory IN (SELECT id FROM temp.replaced);"
		 "DELETE FROM temp.replaced;"
		 "CREATE INDEX IF NOT EXISTS affected_lookup ON affected(ecosystem, name);"
		 "INSERT OR REPLACE INTO meta VALUES('last_import',"
		 " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));");
	if (r < 0)
		return r;
	if (prepare(im, &st, "INSERT INTO source VALUES(?1,"
		    " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?2, ?3)"))
		return -EIO;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)im->stats->records);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)im->stats->invalid);
	r = step_done(im, st);
	sqlite3_finalize(st);
	if (r < 0)
		return r;
	return exec(im->db, "COMMIT");
}

static void importer_end(struct importer *im, int r)
{
	sqlite3_finalize(im->find);
	sqlite3_finalize(im->insert_advisory);
	sqlite3_finalize(im->insert_affected);
	sqlite3_finalize(im->delete_advisory);
	sqlite3_finalize(im->note_replaced);
	if (r < 0 && !sqlite3_get_autocommit(im->db->sql))
		sqlite3_exec(im->db->sql, "ROLLBACK", NULL, NULL, NULL);
}

int dsec_vulndb_import(struct dsec_vulndb *db, const char *path,
		       struct dsec_vulndb_import_stats *stats,
		       void (*warn)(const char *source, const char *message))
{
	struct importer im = { .db = db, .stats = stats, .warn = warn };
	struct stat st;
	int r;

	memset(stats, 0, sizeof(*stats));
	if (stat(path, &st) < 0)
		return dsec_vulndb_fail(db, -errno, "cannot read '%s': %s", path,
					strerror(errno));
	r = importer_begin(&im);
	if (r == 0)
		r = S_ISDIR(st.st_mode) ? import_dir(&im, path, 0) : import_file(&im, path);
	if (r == 0)
		r = importer_commit(&im, path);
	importer_end(&im, r);
	return r;
}

int dsec_vulndb_import_buffer(struct dsec_vulndb *db, const char *data,
			      size_t len, const char *source,
			      struct dsec_vulndb_import_stats *stats,
			      void (*warn)(const char *source, const char *message))
{
	struct importer im = { .db = db, .stats = stats, .warn = warn };
	int r;

	memset(stats, 0, sizeof(*stats));
	r = importer_begin(&im);
	if (r == 0)
		r = import_json(&im, data, len, source);
	if (r == 0)
		r = importer_commit(&im, source);
	importer_end(&im, r);
	return r;
}
