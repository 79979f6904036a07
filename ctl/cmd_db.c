// SPDX-License-Identifier: GPL-2.0
/*
 * dsecctl db: import OSV advisories into the vulnerability database and
 * describe it.
 *
 *   dsecctl db import PATH... [--db FILE]
 *   dsecctl db info [--db FILE]
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ctl/dsecctl.h"
#include "scan/vulndb.h"

/* Invalid records reported one by one before only the count is shown. */
#define MAX_WARNINGS 10

static unsigned long warnings;

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s db import PATH... [--db FILE]\n"
		"       %s db info [--db FILE]\n"
		"\n"
		"import  load OSV records: .json files, directories of them, or\n"
		"        per-ecosystem OSV export zips (all.zip)\n"
		"info    print the schema version, advisories per ecosystem,\n"
		"        import times and sources\n"
		"\n"
		"  --db FILE  vulnerability database (default %s)\n",
		dsec_progname, dsec_progname, DSEC_VULNDB_DEFAULT);
}

static void warn_invalid(const char *source, const char *message)
{
	if (++warnings <= MAX_WARNINGS)
		fprintf(stderr, "%s: skipped an invalid record in '%s': %s\n",
			dsec_progname, source, message);
}

/* Create the directory that will hold the database, one level deep. */
static int make_parent_dir(const char *path)
{
	char *copy = strdup(path);
	const char *dir;
	int r = 0;

	if (!copy)
		return -ENOMEM;
	dir = dirname(copy);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		r = -errno;
	free(copy);
	return r;
}

static const char *file_type_name(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	return "not a regular file";
}

/*
 * Reject a PATH that is neither a regular file nor a directory before
 * anything is read: opening a FIFO or a terminal would block the import.
 * Entries inside a directory are checked by the importer, which reads
 * only regular files there.
 */
static int check_import_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "%s: cannot import '%s': %s\n", dsec_progname, path,
			strerror(errno));
		return -1;
	}
	if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
		return 0;
	fprintf(stderr, "%s: cannot import '%s': it is %s; give an OSV .json file, a "
		"directory of them or an OSV export .zip\n", dsec_progname, path,
		file_type_name(st.st_mode));
	return -1;
}

static int db_import(const char *db_path, int n_paths, char **paths)
{
	struct dsec_vulndb *db;
	char err[1024];
	int i, r;

	for (i = 0; i < n_paths; i++)
		if (check_import_path(paths[i]) < 0)
			return DSEC_EXIT_FAILURE;

	r = make_parent_dir(db_path);
	if (r < 0) {
		fprintf(stderr, "%s: cannot create the directory of '%s': %s\n",
			dsec_progname, db_path, strerror(-r));
		return DSEC_EXIT_FAILURE;
	}
	r = dsec_vulndb_open(db_path, true, &db, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", dsec_progname, err);
		return DSEC_EXIT_FAILURE;
	}

	for (i = 0; i < n_paths; i++) {
		struct dsec_vulndb_import_stats stats;
		struct timespec t0, t1;

		warnings = 0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		r = dsec_vulndb_import(db, paths[i], &stats, warn_invalid);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (r < 0) {
			fprintf(stderr, "%s: import of '%s' failed, nothing from it was stored: %s\n",
				dsec_progname, paths[i], dsec_vulndb_error(db));
			break;
		}
		if (warnings > MAX_WARNINGS)
			fprintf(stderr, "%s: %lu more invalid records in '%s' not shown\n",
				dsec_progname, warnings - MAX_WARNINGS, paths[i]);
		printf("%s: %zu records imported from %zu files in %.2f s", paths[i],
		       stats.records, stats.files,
		       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
		if (stats.invalid)
			printf(", %zu invalid skipped", stats.invalid);
		if (stats.older)
			printf(", %zu kept (database copy is newer)", stats.older);
		printf("\n");
	}
	dsec_vulndb_close(db);
	return r < 0 ? DSEC_EXIT_FAILURE : DSEC_EXIT_OK;
}

static void print_ecosystem(const char *ecosystem, long long n, void *arg)
{
	printf("  %-24s %lld\n", ecosystem, n);
}

static void print_source(const char *path, const char *imported_at,
			 long long records, long long invalid, void *arg)
{
	printf("  %s  %s  %lld records", imported_at ? imported_at : "-",
	       path ? path : "-", records);
	if (invalid)
		printf(", %lld invalid", invalid);
	printf("\n");
}

static int db_info(const char *db_path)
{
	struct dsec_vulndb_info info;
	struct dsec_vulndb *db;
	char err[1024];
	int r;

	r = dsec_vulndb_open(db_path, false, &db, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", dsec_progname, err);
		if (r == -ENOENT)
			fprintf(stderr, "%s: create it with '%s db import PATH... --db %s'\n",
				dsec_progname, dsec_progname, db_path);
		return DSEC_EXIT_FAILURE;
	}
	r = dsec_vulndb_info(db, &info);
	if (r == 0) {
		printf("database:       %s\n", db_path);
		printf("schema version: %d\n", info.schema_version);
		printf("created:        %s\n", info.created);
		printf("last import:    %s\n", *info.last_import ? info.last_import : "never");
		printf("advisories:     %lld (%lld withdrawn, not matched)\n",
		       info.advisories, info.withdrawn);
		printf("advisories per ecosystem:\n");
		r = dsec_vulndb_each_ecosystem(db, print_ecosystem, NULL);
	}
	if (r == 0) {
		printf("sources:\n");
		r = dsec_vulndb_each_source(db, print_source, NULL);
	}
	if (r < 0)
		fprintf(stderr, "%s: %s\n", dsec_progname, dsec_vulndb_error(db));
	dsec_vulndb_close(db);
	return r < 0 ? DSEC_EXIT_FAILURE : DSEC_EXIT_OK;
}

int cmd_db(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_path = DSEC_VULNDB_DEFAULT, *action;
	int c;

	if (argc < 2) {
		usage(stderr);
		return DSEC_EXIT_USAGE;
	}
	action = argv[1];
	if (!strcmp(action, "--help") || !strcmp(action, "-h")) {
		usage(stdout);
		return DSEC_EXIT_OK;
	}

	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			db_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return DSEC_EXIT_OK;
		default:
			return DSEC_EXIT_USAGE;
		}
	}

	if (!strcmp(action, "import")) {
		if (optind >= argc - 1) {
			fprintf(stderr, "%s: db import needs at least one PATH to import\n",
				dsec_progname);
			return DSEC_EXIT_USAGE;
		}
		return db_import(db_path, argc - 1 - optind, argv + 1 + optind);
	}
	if (!strcmp(action, "info")) {
		if (optind < argc - 1) {
			fprintf(stderr, "%s: db info takes no arguments, got '%s'\n",
				dsec_progname, argv[1 + optind]);
			return DSEC_EXIT_USAGE;
		}
		return db_info(db_path);
	}
	fprintf(stderr, "%s: unknown db action '%s'; use 'import' or 'info'\n",
		dsec_progname, action);
	return DSEC_EXIT_USAGE;
}
