// SPDX-License-Identifier: GPL-2.0
/*
 * RPM: the sqlite package database (rpm 4.16 and later) at
 * /var/lib/rpm/rpmdb.sqlite or /usr/lib/sysimage/rpm/rpmdb.sqlite. Its
 * Packages table contains one header blob per package, read here through
 * libsqlite3 from memory and decoded with bounds checks on every index
 * entry. The Berkeley DB "Packages" and NDB "Packages.db" formats are not
 * read; finding them is reported as unsupported content.
 *
 * Header blob layout (all integers big-endian): il (index entries), dl
 * (data bytes), il entries of {tag, type, offset, count}, then dl bytes of
 * data that the offsets point into.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "scan/pkg.h"

#define RPMTAG_NAME		1000
#define RPMTAG_VERSION		1001
#define RPMTAG_RELEASE		1002
#define RPMTAG_EPOCH		1003
#define RPMTAG_LICENSE		1014
#define RPMTAG_ARCH		1022
#define RPMTAG_SOURCERPM	1044

#define RPM_INT32_TYPE		4
#define RPM_STRING_TYPE		6
#define RPM_STRING_ARRAY_TYPE	8
#define RPM_I18NSTRING_TYPE	9

/* rpm's own limits on a header: HEADER_TAGS_MAX and HEADER_DATA_MAX. */
#define RPM_MAX_TAGS		0xffff
#define RPM_MAX_DATA		(256u << 20)

/* sqlite progress callbacks (each every 1000 VM steps) before aborting. */
#define RPM_SQLITE_MAX_PROGRESS	200000

struct rpm_header {
	const unsigned char *index, *store;
	uint32_t il, dl;
};

struct rpm_info {
	const char *name, *version, *release, *arch, *sourcerpm, *license;
	uint32_t epoch;
	bool has_epoch;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int header_init(struct rpm_header *h, const unsigned char *blob, size_t len)
{
	uint64_t need;

	if (len < 8)
		return -EINVAL;
	h->il = be32(blob);
	h->dl = be32(blob + 4);
	if (h->il < 1 || h->il > RPM_MAX_TAGS || h->dl > RPM_MAX_DATA)
		return -EINVAL;
	need = 8 + (uint64_t)h->il * 16 + h->dl;
	if (need > len)
		return -EINVAL;
	h->index = blob + 8;
	h->store = h->index + (size_t)h->il * 16;
	return 0;
}

/* The string at offset, if it ends inside the data store. */
static const char *store_string(const struct rpm_header *h, uint32_t offset)
{
	const char *s = (const char *)h->store + offset;

	if (offset >= h->dl || !memchr(s, '\0', h->dl - offset))
		return NULL;
	return s;
}

static int header_read(const struct rpm_header *h, struct rpm_info *info)
{
	uint32_t i;

	memset(info, 0, sizeof(*info));
	for (i = 0; i < h->il; i++) {
		const unsigned char *e = h->index + (size_t)i * 16;
		uint32_t tag = be32(e), type = be32(e + 4);
		uint32_t offset = be32(e + 8), count = be32(e + 12);
		const char **field = NULL;

		switch (tag) {
		case RPMTAG_NAME:
			field = &info->name;
			break;
		case RPMTAG_VERSION:
			field = &info->version;
			break;
		case RPMTAG_RELEASE:
			field = &info->release;
			break;
		case RPMTAG_ARCH:
			field = &info->arch;
			break;
		case RPMTAG_SOURCERPM:
			field = &info->sourcerpm;
			break;
		case RPMTAG_LICENSE:
			field = &info->license;
			break;
		case RPMTAG_EPOCH:
			if (type != RPM_INT32_TYPE || count < 1 || offset % 4 ||
			    offset > h->dl || h->dl - offset < 4)
				return -EINVAL;
			info->epoch = be32(h->store + offset);
			info->has_epoch = true;
			continue;
		default:
			continue;
		}

		/* String arrays and I18N strings: the first string is used. */
		if (type != RPM_STRING_TYPE && type != RPM_STRING_ARRAY_TYPE &&
		    type != RPM_I18NSTRING_TYPE)
			return -EINVAL;
		if (count < 1)
			return -EINVAL;
		*field = store_string(h, offset);
		if (!*field)
			return -EINVAL;
	}
	return 0;
}

static bool valid_token(const char *s)
{
	return s && dsec_pkg_valid_token(s, strnlen(s, DSEC_PKG_MAX_FIELD + 1));
}

/*
 * Split "NAME-VERSION-RELEASE.src.rpm" into name and version-release. The
 * name may contain dashes; version and release never do.
 */
static bool split_sourcerpm(const char *srpm, char *name, char *verrel, size_t size)
{
	size_t n = strlen(srpm);
	const char *rel_dash = NULL, *ver_dash = NULL;
	const char *p;

	if (dsec_pkg_has_suffix(srpm, ".src.rpm"))
		n -= strlen(".src.rpm");
	else if (dsec_pkg_has_suffix(srpm, ".nosrc.rpm"))
		n -= strlen(".nosrc.rpm");
	else
		return false;
	if (n >= size)
		return false;

	for (p = srpm + n - 1; p > srpm; p--) {
		if (*p != '-')
			continue;
		if (!rel_dash) {
			rel_dash = p;
		} else {
			ver_dash = p;
			break;
		}
	}
	if (!ver_dash || ver_dash == srpm)
		return false;
	memcpy(name, srpm, ver_dash - srpm);
	name[ver_dash - srpm] = '\0';
	memcpy(verrel, ver_dash + 1, srpm + n - ver_dash - 1);
	verrel[srpm + n - ver_dash - 1] = '\0';
	return true;
}

struct rpm_distro {
	const char *id;		/* os-release ID */
	const char *ecosystem;	/* OSV ecosystem */
	const char *ns;		/* purl namespace */
};

/* NOTE: an ID missing here gets the "Red Hat" ecosystem and its own ID as namespace. */
static const struct rpm_distro rpm_distros[] = {
	{ "rhel", "Red Hat", "redhat" },
	{ "centos", "Red Hat", "centos" },
	{ "rocky", "Rocky Linux", "rocky" },
	{ "almalinux", "AlmaLinux", "almalinux" },
	{ "sles", "SUSE", "suse" },
	{ "sled", "SUSE", "suse" },
	{ "opensuse-leap", "openSUSE", "opensuse" },
	{ "opensuse-tumbleweed", "openSUSE", "opensuse" },
	{ "mageia", "Mageia", "mageia" },
	{ "openEuler", "openEuler", "openeuler" },
	{ "mariner", "Azure Linux", "mariner" },
	{ "azurelinux", "Azure Linux", "azurelinux" },
	{ "photon", "Photon OS", "photon" },
	{ "amzn", "Red Hat", "amazon" },
	{ "ol", "Red Hat", "oracle" },
	{ "fedora", "Red Hat", "fedora" },
};

static void rpm_distro_of(const struct dsec_os *os, struct rpm_distro *ret)
{
	size_t i;

	ret->id = os->id;
	ret->ecosystem = "Red Hat";
	ret->ns = os->id ? os->id : "redhat";
	for (i = 0; os->id && i < sizeof(rpm_distros) / sizeof(rpm_distros[0]); i++) {
		if (!strcmp(os->id, rpm_distros[i].id)) {
			*ret = rpm_distros[i];
			return;
		}
	}
}

static int add_rpm(struct dsec_scan *scan, const struct rpm_info *info,
		   const struct dsec_pkg_origin *origin)
{
	size_t size = 3 * DSEC_PKG_MAX_FIELD + 64;
	char *version = malloc(size), *sname = malloc(size);
	char *sversion = malloc(size), *sverrel = malloc(size);
	char *qual = malloc(size), *verrel = malloc(size), *enc = malloc(size);
	struct dsec_package pkg = { 0 };
	struct rpm_distro distro;
	int ret = -ENOMEM;

	if (!version || !sname || !sversion || !sverrel || !qual || !verrel || !enc)
		goto out_free;

	snprintf(verrel, size, "%s-%s", info->version, info->release);
	if (info->has_epoch && info->epoch)
		snprintf(version, size, "%u:%s", info->epoch, verrel);
	else
		snprintf(version, size, "%s", verrel);

	pkg.source_name = info->name;
	pkg.source_version = version;
	if (info->sourcerpm &&
	    split_sourcerpm(info->sourcerpm, sname, sverrel, size)) {
		if (info->has_epoch && info->epoch)
			snprintf(sversion, size, "%u:%s", info->epoch, sverrel);
		else
			snprintf(sversion, size, "%s", sverrel);
		pkg.source_name = sname;
		pkg.source_version = sversion;
	}

	rpm_distro_of(&scan->os, &distro);
	qual[0] = '\0';
	if (valid_token(info->arch) && dsec_purl_encode(info->arch, enc, size))
		snprintf(qual, size, "arch=%s", enc);
	if (info->has_epoch && info->epoch)
		snprintf(qual + strlen(qual), size - strlen(qual), "%sepoch=%u",
			 qual[0] ? "&" : "", info->epoch);
	if (scan->os.id && scan->os.version_id) {
		char *d = malloc(size);

		if (!d)
			goto out_free;
		snprintf(d, size, "%s-%s", scan->os.id, scan->os.version_id);
		if (dsec_purl_encode(d, enc, size))
			snprintf(qual + strlen(qual), size - strlen(qual),
				 "%sdistro=%s", qual[0] ? "&" : "", enc);
		free(d);
	}

	pkg.ecosystem = distro.ecosystem;
	pkg.name = info->name;
	pkg.version = version;
	pkg.arch = valid_token(info->arch) ? info->arch : NULL;
	pkg.license = info->license;
	pkg.location = origin->location;
	pkg.layer_digest = origin->layer_digest;
	pkg.purl = dsec_purl(scan, "rpm", distro.ns, info->name, verrel, qual);
	if (pkg.purl)
		ret = dsec_scan_add_package(scan, &pkg);
out_free:
	free(version);
	free(sname);
	free(sversion);
	free(sverrel);
	free(qual);
	free(verrel);
	free(enc);
	return ret;
}

int dsec_rpm_header_parse(struct dsec_scan *scan, const void *blob,
			  size_t len, const struct dsec_pkg_origin *origin)
{
	struct rpm_header h;
	struct rpm_info info;
	int ret;

	ret = header_init(&h, blob, len);
	if (ret < 0)
		return ret;
	ret = header_read(&h, &info);
	if (ret < 0)
		return ret;
	if (!valid_token(info.name) || !valid_token(info.version) ||
	    !valid_token(info.release))
		return -EINVAL;
	/* Imported signing keys are stored as pseudo-packages; skip them. */
	if (!strcmp(info.name, "gpg-pubkey"))
		return 0;
	ret = add_rpm(scan, &info, origin);
	return ret < 0 ? ret : 1;
}

static int progress_abort(void *arg)
{
	unsigned int *calls = arg;

	return ++*calls > RPM_SQLITE_MAX_PROGRESS;
}

int dsec_rpmdb_sqlite_parse(struct dsec_scan *scan, const void *data,
			    size_t len, const struct dsec_pkg_origin *origin)
{
	unsigned int progress = 0;
	size_t added = 0, malformed = 0;
	sqlite3_stmt *stmt = NULL;
	unsigned char *copy;
	sqlite3 *db = NULL;
	int ret, rc;

	if (len < 100 || memcmp(data, "SQLite format 3", 16))
		return -EINVAL;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		ret = -ENOMEM;
		goto out_close;
	}

	copy = sqlite3_malloc64(len);
	if (!copy) {
		ret = -ENOMEM;
		goto out_close;
	}
	memcpy(copy, data, len);
	/*
	 * rpm writes the database in WAL mode (header bytes 18 and 19 are
	 * 2). A deserialized database cannot use WAL, so it is read as a
	 * rollback-journal database.
	 * NOTE: changes still in rpmdb.sqlite-wal are not read.
	 */
	copy[18] = 1;
	copy[19] = 1;
	rc = sqlite3_deserialize(db, "main", copy, len, len,
				 SQLITE_DESERIALIZE_FREEONCLOSE |
				 SQLITE_DESERIALIZE_READONLY);
	if (rc != SQLITE_OK) {
		ret = -EINVAL;
		goto out_close;
	}
	sqlite3_progress_handler(db, 1000, progress_abort, &progress);

	rc = sqlite3_prepare_v2(db, "SELECT blob FROM Packages", -1, &stmt, NULL);
	if (rc != SQLITE_OK) {
		ret = -EINVAL;
		goto out_close;
	}
	ret = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(stmt, 0);
		int blen = sqlite3_column_bytes(stmt, 0);

		if (added >= DSEC_PKG_MAX_PER_FILE) {
			ret = dsec_pkg_report_limit(scan, origin);
			break;
		}
		ret = blob ? dsec_rpm_header_parse(scan, blob, blen, origin) : -EINVAL;
		if (ret == -EINVAL) {
			malformed++;
			ret = 0;
		} else if (ret < 0) {
			break;
		} else {
			added += ret;
		}
	}
	if (ret >= 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		malformed++;	/* a corrupt page or the progress limit */
	if (ret >= 0)
		ret = dsec_pkg_report_skipped(scan, origin,
					      "rpm headers that are malformed or unreadable",
					      malformed, NULL);
out_close:
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return ret < 0 ? ret : (int)added;
}

static bool is_sqlite_db(const char *path)
{
	return !strcmp(path, "/var/lib/rpm/rpmdb.sqlite") ||
	       !strcmp(path, "/usr/lib/sysimage/rpm/rpmdb.sqlite");
}

static bool is_other_db(const char *path)
{
	return !strcmp(path, "/var/lib/rpm/Packages") ||
	       !strcmp(path, "/var/lib/rpm/Packages.db") ||
	       !strcmp(path, "/usr/lib/sysimage/rpm/Packages") ||
	       !strcmp(path, "/usr/lib/sysimage/rpm/Packages.db");
}

static ssize_t rpm_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (!S_ISREG(file->mode))
		return -1;
	if (is_sqlite_db(file->path))
		return DSEC_PKG_MAX_DB_BYTES;
	if (is_other_db(file->path))
		return 0;
	return -1;
}

static int rpm_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (is_other_db(file->path)) {
		struct dsec_file meta = *file;

		meta.data = NULL;
		meta.data_len = 0;
		return dsec_pkg_copies_add(scan, &dsec_analyzer_rpm, &meta, true);
	}
	if (!dsec_pkg_file_complete(scan, file))
		return 0;
	return dsec_pkg_copies_add(scan, &dsec_analyzer_rpm, file, false);
}

static int report_unsupported_db(struct dsec_scan *scan,
				 const struct dsec_pkg_origin *origin,
				 bool have_sqlite)
{
	struct dsec_finding finding = {
		.class = DSEC_FINDING_UNSUPPORTED,
		.severity = have_sqlite ? DSEC_SEV_INFO : DSEC_SEV_MEDIUM,
		.id = "DSEC-PKG-RPMDB-FORMAT",
		.path = origin->location,
		.layer_digest = origin->layer_digest,
		.package = -1,
	};
	char title[512];

	snprintf(title, sizeof(title),
		 "RPM database %s is in the %s format, which is not read; its packages are not inventoried",
		 origin->location,
		 dsec_pkg_has_suffix(origin->location, ".db") ? "NDB" : "Berkeley DB");
	finding.title = title;
	finding.detail = have_sqlite ?
		"An rpmdb.sqlite database was read as well; this file is likely a stale copy." :
		"Vulnerabilities in these packages are not reported. Rebuild the database as sqlite with 'rpmdb --rebuilddb' (rpm 4.16 or later) to scan it.";
	return dsec_scan_add_finding(scan, &finding);
}

static int rpm_finish(struct dsec_scan *scan)
{
	struct dsec_pkg_copies *copies =
		dsec_pkg_copies_get(scan, &dsec_analyzer_rpm);
	bool have_sqlite = false;
	size_t i;
	int ret;

	for (i = 0; copies && i < copies->n; i++) {
		struct dsec_pkg_copy *c = &copies->items[i];

		if (c->flag)
			continue;
		ret = dsec_rpmdb_sqlite_parse(scan, c->data, c->len, &c->origin);
		if (ret == -EINVAL)
			ret = dsec_pkg_report_skipped(scan, &c->origin,
						      "RPM databases that are not valid sqlite files",
						      1, c->origin.location);
		else if (ret >= 0)
			have_sqlite = true;
		if (ret < 0)
			return ret;
	}
	for (i = 0; copies && i < copies->n; i++) {
		if (!copies->items[i].flag)
			continue;
		ret = report_unsupported_db(scan, &copies->items[i].origin,
					    have_sqlite);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static void rpm_free(struct dsec_scan *scan)
{
	dsec_pkg_copies_free(scan, &dsec_analyzer_rpm);
}

const struct dsec_analyzer dsec_analyzer_rpm = {
	.name = "rpm",
	.wants = rpm_wants,
	.analyze = rpm_analyze,
	.finish = rpm_finish,
	.free = rpm_free,
};
