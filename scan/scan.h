/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dsec image scanner: the data model shared by the image reader, the
 * analyzers (packages, malware, secrets, configuration), vulnerability
 * matching and the report writers.
 *
 * Flow: dsec_scan_image() opens the input (docker save archive, OCI
 * layout directory or tar, or a root file system directory), reads the
 * manifest and image config, verifies blob digests and walks the layers.
 * Layers are walked from the top down so that each path is seen once, in
 * the version the final image holds; files deleted by a whiteout or an
 * opaque directory, or hidden by a later layer, never reach an analyzer.
 * For every live file the walker asks each analyzer how much content it
 * wants, reads that much once, and passes the file to the analyzers.
 * After the walk each analyzer's finish() runs (package databases are
 * parsed there), then vulnerability matching, then the report is sorted.
 *
 * Library functions return 0 or a negative errno and do not print; they
 * put a message for the user in scan->error (dsec_scan_error()).
 */
#ifndef DSEC_SCAN_H
#define DSEC_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum dsec_severity {
	DSEC_SEV_UNKNOWN,
	DSEC_SEV_INFO,
	DSEC_SEV_LOW,
	DSEC_SEV_MEDIUM,
	DSEC_SEV_HIGH,
	DSEC_SEV_CRITICAL,
};

enum dsec_finding_class {
	DSEC_FINDING_VULN,		/* advisory matched an installed package */
	DSEC_FINDING_MALWARE,		/* YARA rule or SHA-256 blocklist hit */
	DSEC_FINDING_SECRET,		/* private key, token, cloud key */
	DSEC_FINDING_MISCONFIG,		/* image configuration problem */
	DSEC_FINDING_SUSPICIOUS,	/* ld.so.preload, setuid, keys, perms */
	DSEC_FINDING_INTEGRITY,		/* digest mismatch, tampered image */
	DSEC_FINDING_UNSUPPORTED,	/* content that could not be analyzed */
};

struct dsec_finding_tally;

/* Scanner limits; every size that input controls is bounded. */
struct dsec_scan_limits {
	uint64_t max_entries;		/* archive entries, all layers */
	size_t max_path;		/* bytes in one path */
	size_t max_file_read;		/* bytes of one file held in memory */
	unsigned int max_nesting;	/* archives inside archives (jars) */
	uint64_t max_total_bytes;	/* uncompressed bytes, all layers */
	unsigned int max_layers;
	/*
	 * Findings kept in the report (scan/findings.c). Findings over a cap
	 * are counted and listed as one DSEC-FINDINGS-NOT-LISTED finding per
	 * class and severity.
	 */
	size_t max_findings;		/* all findings */
	size_t max_vuln_findings;	/* the vulnerability class */
	size_t max_findings_per_check;	/* one id, vulnerabilities aside */
	size_t max_findings_per_file;	/* one id in one path or in the
					 * image config, vulnerabilities
					 * aside
					 */
};

struct dsec_scan_options {
	const char *input;		/* path of the archive or directory */
	const char *image_ref;		/* tag or digest to pick, or NULL */
	const char *platform;		/* "os/arch[/variant]" to pick from a
					 * multi-arch index; NULL: linux/amd64
					 */
	const char *db_path;		/* vulnerability database, or NULL */
	const char *yara_dir;		/* YARA rules directory, or NULL */
	const char *blocklist;		/* SHA-256 blocklist file, or NULL */
	bool skip_vulns, skip_malware, skip_secrets, skip_misconfig;
	bool progress;			/* report progress on stderr */
	bool list_executables;		/* fill scan->executables */
	struct dsec_scan_limits limits;	/* 0 in a field: its default */
	/*
	 * Analyzers to run, or NULL for the built-in table in analyzers.c
	 * (tests pass their own).
	 */
	const struct dsec_analyzer *const *analyzers;
	size_t n_analyzers;
};

/* One installed package. Strings are owned by the scan. */
struct dsec_package {
	const char *ecosystem;		/* OSV name: "Debian", "Alpine", "npm",
					 * "PyPI", "Maven", "Red Hat" ...
					 */
	const char *name;
	const char *version;
	const char *source_name;	/* dpkg/rpm source package, or NULL */
	const char *source_version;	/* or NULL */
	const char *arch;		/* or NULL */
	const char *purl;		/* package URL */
	const char *location;		/* file it was read from, in the image */
	const char *layer_digest;	/* layer that supplied that file */
	const char *license;		/* or NULL */
};

struct dsec_finding {
	enum dsec_finding_class class;
	enum dsec_severity severity;
	const char *id;			/* advisory id or check id, e.g.
					 * "CVE-2024-3094", "DSEC-CFG-ROOT"
					 */
	const char *title;		/* one line */
	const char *detail;		/* or NULL: longer explanation */
	const char *path;		/* file in the image, or NULL */
	const char *layer_digest;	/* or NULL */
	const char *evidence;		/* redacted match, rule name, ... */
	/* DSEC_FINDING_VULN only. */
	int package;			/* index into scan->packages, or -1 */
	const char *fixed_version;	/* or NULL */
	const char *aliases;		/* comma-separated, or NULL */
	double cvss_score;		/* 0 when unknown */
	const char *cvss_vector;	/* or NULL */
	/* Secrets and other file matches: 1-based line in path, or 0. */
	unsigned int line;
	/* DSEC-FINDINGS-NOT-LISTED only: the number of findings it counts. */
	uint64_t not_listed;
};

struct dsec_history_step {
	const char *created_by;
	bool empty_layer;
};

/* The image configuration, as far as the checks need it. */
struct dsec_image_config {
	const char *user;		/* NULL when unset */
	const char *workdir;
	char **env;			/* "KEY=value", NULL-terminated */
	char **exposed_ports;		/* "22/tcp", NULL-terminated */
	char **entrypoint, **cmd;	/* NULL-terminated */
	char **volumes;			/* NULL-terminated */
	bool has_healthcheck;
	struct dsec_history_step *history;
	size_t n_history;
	const char *architecture, *os, *created;
};

struct dsec_layer {
	const char *digest;		/* "sha256:..." of the blob as stored */
	const char *diff_id;		/* "sha256:..." of the uncompressed tar */
	const char *media_type;
	uint64_t size;
	uint64_t entries;
};

struct dsec_os {
	const char *id;			/* os-release ID, e.g. "debian" */
	const char *version_id;		/* e.g. "12" */
	const char *pretty_name;
	const char *version_codename;	/* e.g. "trixie", or NULL */
	const char *debian_version;	/* /etc/debian_version: "12.5", "forky/sid" */
};

/*
 * An executable regular file of the final image (any x bit set), for
 * exec allow-lists in generated policies. Strings are owned by the scan.
 */
struct dsec_executable {
	const char *path;		/* absolute, as the container sees it */
	mode_t mode;
	uid_t uid;
	gid_t gid;
	int64_t size;
};

struct dsec_scan {
	struct dsec_scan_options opts;

	/* Filled by the image reader. */
	const char *format;		/* "docker-save", "oci", "rootfs" */
	const char *image_ref;		/* the tag scanned, if any */
	const char *image_digest;	/* config or manifest digest */
	struct dsec_image_config config;
	struct dsec_layer *layers;
	size_t n_layers;
	struct dsec_os os;

	/* Filled by the analyzers and vulnerability matching. */
	struct dsec_package *packages;
	size_t n_packages, cap_packages;
	struct dsec_finding *findings;
	size_t n_findings, cap_findings;

	/* Findings over the limits: counted, not stored (scan/findings.c). */
	uint64_t findings_not_listed;
	struct dsec_finding_tally *finding_tally;

	bool vulns_skipped;		/* no database: say so in every report */
	const char *vulns_skipped_reason;
	uint64_t files_seen;

	/* Filled only when opts.list_executables is set; sorted by path. */
	struct dsec_executable *executables;
	size_t n_executables, cap_executables;

	char error[512];		/* message for the user after a failure */
	void *priv;			/* analyzer and reader state */
};

/* A live file of the final image, passed to the analyzers. */
struct dsec_file {
	const char *path;		/* absolute, normalized: "/etc/passwd" */
	mode_t mode;			/* type and permission bits */
	uid_t uid;
	gid_t gid;
	int64_t size;
	const char *link_target;	/* symlinks and hard links, or NULL */
	const struct dsec_layer *layer;
	const unsigned char *data;	/* content read, or NULL */
	size_t data_len;
	bool data_truncated;		/* data_len < size */
	/*
	 * SHA-256 of the whole content, streamed whatever its size; valid
	 * when an analyzer with want_sha256 set wanted the file.
	 */
	bool sha256_valid;
	unsigned char sha256[32];
};

struct dsec_analyzer {
	const char *name;
	/*
	 * Return how many bytes of content the analyzer needs (0 for the
	 * metadata only), or a negative value when the file is of no
	 * interest. Called for every live file, so keep it cheap.
	 */
	ssize_t (*wants)(struct dsec_scan *scan, const struct dsec_file *file);
	int (*analyze)(struct dsec_scan *scan, const struct dsec_file *file);
	/* Called once after the walk; may be NULL. */
	int (*finish)(struct dsec_scan *scan);
	/* Frees analyzer state in scan->priv; may be NULL. */
	void (*free)(struct dsec_scan *scan);
	/*
	 * When true, the walk hashes the whole content of each regular file
	 * whose wants() is >= 0 into file->sha256 as it streams by, so the
	 * analyzer need not hold a large file in memory to hash it.
	 */
	bool want_sha256;
};

void dsec_scan_init(struct dsec_scan *scan, const struct dsec_scan_options *opts);
void dsec_scan_free(struct dsec_scan *scan);
int dsec_scan_image(struct dsec_scan *scan);
const char *dsec_scan_error(const struct dsec_scan *scan);

/* Copy the strings of *pkg / *finding into the scan and append them. */
int dsec_scan_add_package(struct dsec_scan *scan, const struct dsec_package *pkg);
int dsec_scan_add_finding(struct dsec_scan *scan, const struct dsec_finding *finding);
/*
 * Add one DSEC-FINDINGS-NOT-LISTED finding for each class and severity
 * whose findings went over the limits. dsec_scan_image() calls it once,
 * after vulnerability matching; later calls add nothing.
 */
int dsec_scan_add_not_listed(struct dsec_scan *scan);
#define DSEC_FINDING_NOT_LISTED_ID	"DSEC-FINDINGS-NOT-LISTED"
/* A string owned by the scan, freed with it. NULL for NULL. */
const char *dsec_scan_strdup(struct dsec_scan *scan, const char *s);

/*
 * The state slot of one analyzer in this scan: analyzers keep their
 * state there, never in scan->priv, which belongs to the image reader.
 * NULL when the analyzer is not part of the scan.
 */
void **dsec_scan_analyzer_state(struct dsec_scan *scan,
				const struct dsec_analyzer *analyzer);

/*
 * Return the state in the analyzer's slot. The first call allocates it as
 * size zeroed bytes and sets *ret_created, when not NULL, to true. NULL
 * when the analyzer is not part of the scan or memory runs out.
 */
void *dsec_scan_analyzer_state_get(struct dsec_scan *scan,
				   const struct dsec_analyzer *analyzer,
				   size_t size, bool *ret_created);

/*
 * Empty the analyzer's slot and return the state it held, for the
 * analyzer's free() to release; NULL when there was none.
 */
void *dsec_scan_analyzer_state_take(struct dsec_scan *scan,
				    const struct dsec_analyzer *analyzer);

/*
 * Walk the members of an archive held in file->data (a jar, war or
 * zip inside a layer) and pass each to analyzer->wants()/analyze(), as
 * the layer walk does. Member paths are "<file path>!/<member path>".
 * Nesting deeper than limits.max_nesting is reported as an
 * unsupported-content finding and skipped. Returns 0 or -errno.
 */
int dsec_scan_walk_nested(struct dsec_scan *scan, const struct dsec_file *file,
			  const struct dsec_analyzer *analyzer);

/* Default limits, used for each field of opts.limits left at 0. */
#define DSEC_DEFAULT_MAX_ENTRIES	1000000ULL
#define DSEC_DEFAULT_MAX_PATH		4096
#define DSEC_DEFAULT_MAX_FILE_READ	(32u << 20)
#define DSEC_DEFAULT_MAX_NESTING	4
#define DSEC_DEFAULT_MAX_TOTAL_BYTES	(64ULL << 30)
#define DSEC_DEFAULT_MAX_LAYERS		256
#define DSEC_DEFAULT_MAX_FINDINGS	25000
#define DSEC_DEFAULT_MAX_FINDINGS_PER_CHECK	1000
#define DSEC_DEFAULT_MAX_VULN_FINDINGS	20000
#define DSEC_DEFAULT_MAX_FINDINGS_PER_FILE	100

const char *dsec_severity_name(enum dsec_severity sev);	/* "HIGH" */
int dsec_severity_parse(const char *name, enum dsec_severity *ret_sev);
const char *dsec_finding_class_name(enum dsec_finding_class class);

/*
 * Executables (scan/policygen_exec.c). The analyzer
 * dsec_analyzer_executables fills scan->executables when
 * opts.list_executables is set; its free() releases the array.
 */
int dsec_scan_add_executable(struct dsec_scan *scan,
			     const struct dsec_executable *exe);
void dsec_scan_free_executables(struct dsec_scan *scan);

#endif /* DSEC_SCAN_H */
