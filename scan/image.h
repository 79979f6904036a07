/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interface of the image reader (image*.c), the layer reader
 * (layer*.c) and the layer walk (walk*.c). Not for analyzers.
 */
#ifndef DSEC_IMAGE_H
#define DSEC_IMAGE_H

#include <stdint.h>
#include <stdio.h>

#include "scan.h"

struct archive;
struct archive_entry;

/* Where a blob's bytes come from. */
enum dsec_blob_kind {
	DSEC_BLOB_FILE,		/* a file: OCI layout directory, rootfs */
	DSEC_BLOB_MEMBER,	/* a member of the outer archive */
};

/* A blob of the image (layer, config, manifest) and its expected digests. */
struct dsec_blob {
	enum dsec_blob_kind kind;
	char *name;		/* path in the directory or outer archive */
	char *digest;		/* expected "sha256:<hex>" of the bytes, or NULL */
	char *diff_id;		/* expected digest after decompression, or NULL */
	char *media_type;	/* or NULL */
};

/* One entry of the path set, see walk.c. */
struct dsec_path_entry {
	uint64_t hash;		/* 0: free slot */
	uint16_t seen_layer;	/* topmost layer holding the path itself */
	uint16_t whiteout_layer;/* topmost layer deleting it */
	uint16_t opaque_layer;	/* topmost layer making it opaque */
	uint16_t flags;		/* DSEC_PATH_* */
};

#define DSEC_LAYER_NONE		0xffff
#define DSEC_PATH_DIR		0x1	/* the topmost version is a directory */

struct dsec_path_set {
	struct dsec_path_entry *slots;
	size_t mask;		/* slot count - 1, a power of two minus one */
	size_t used;
	uint64_t key[2];	/* SipHash key, random per scan */
};

struct dsec_arena_chunk;

/* A member of the outer archive (docker save or OCI layout tar). */
struct dsec_member {
	char *name;		/* normalized, without a leading "/" */
	int64_t size;
	uint64_t position;	/* entry number in the outer archive */
	unsigned char *data;	/* cached content of small members, or NULL */
};

/* The bytes of one blob, as the layer reader pulls them. */
struct dsec_source {
	struct archive *outer;	/* a member of the outer archive, or */
	int fd;			/* a file (-1 when unused), or */
	const unsigned char *mem;	/* a cached member */
	size_t mem_len, mem_off;
};

/* Reader and walk state, behind scan->priv. */
struct dsec_scan_priv {
	struct dsec_arena_chunk *arena;

	const struct dsec_analyzer *const *analyzers;
	size_t n_analyzers;
	void **analyzer_state;
	ssize_t *wants;		/* per analyzer, for the current file */

	/* The input: a directory (dir_fd) or an archive (members). */
	int dir_fd;
	bool input_is_dir;
	struct dsec_member *members;
	size_t n_members;
	size_t cache_bytes;
	struct dsec_blob *blobs;	/* layers, bottom first */
	size_t n_blobs;
	bool rootfs;		/* walk the directory itself as one layer */
	bool bare_layer;	/* the archive itself is the only layer */

	/* Limits in force and what has been used of them. */
	struct dsec_scan_limits limits;
	uint64_t entries;
	uint64_t total_bytes;
	unsigned int nesting;

	struct dsec_path_set paths;
	unsigned char *buf;	/* file content for the analyzers */
	size_t buf_size;
};

static inline struct dsec_scan_priv *dsec_priv(struct dsec_scan *scan)
{
	return scan->priv;
}

/* scan.c */
int dsec_scan_fail(struct dsec_scan *scan, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void dsec_scan_progress(struct dsec_scan *scan, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* image_source.c: the directory or outer archive holding the blobs. */
int dsec_input_open(struct dsec_scan *scan);
void dsec_input_close(struct dsec_scan *scan);
bool dsec_input_exists(struct dsec_scan *scan, const char *name);
int dsec_input_read(struct dsec_scan *scan, const char *name, size_t max,
		    unsigned char **ret_data, size_t *ret_len);
int dsec_source_open(struct dsec_scan *scan, const char *name,
		     struct dsec_source *src);
ssize_t dsec_source_read(struct dsec_source *src, void *buf, size_t len);
void dsec_source_close(struct dsec_source *src);
struct archive *dsec_outer_archive_new(void);
/*
 * Enable the compression filters that libarchive implements itself (gzip,
 * bzip2, xz, lzma, zstd, lz4), and none of its external-program filters.
 */
void dsec_archive_support_filters(struct archive *a);

/* layer.c */
#define DSEC_DIGEST_LEN	(7 + 64 + 1)	/* "sha256:<hex>" and NUL */
void dsec_sha256_digest(const void *data, size_t len, char out[DSEC_DIGEST_LEN]);
bool dsec_digest_valid(const char *digest);
int dsec_report_digest_mismatch(struct dsec_scan *scan, const char *what,
				const char *blob, const char *expected,
				const char *actual);
int dsec_layer_read(struct dsec_scan *scan, size_t index);

/* image.c: open the input, fill scan->format, layers, config, blobs. */
int dsec_image_open(struct dsec_scan *scan);
void dsec_image_close(struct dsec_scan *scan);

struct json_object;
struct json_object *dsec_json_parse(struct dsec_scan *scan, const char *what,
				    const char *text, size_t len);

/* image_config.c: parse an image config JSON into scan->config. */
int dsec_image_parse_config(struct dsec_scan *scan, const char *json, size_t len,
			    char ***ret_diff_ids, size_t *ret_n_diff_ids);

/* walk.c: walk the layers top down and run the analyzers. */
int dsec_walk_layers(struct dsec_scan *scan);
int dsec_walk_entry(struct dsec_scan *scan, unsigned int rank, struct dsec_layer *layer,
		    struct archive *a, struct archive_entry *entry);
int dsec_path_set_init(struct dsec_path_set *set);
void dsec_path_set_free(struct dsec_path_set *set);

/*
 * Normalize an archive member name to an absolute path without ".",
 * ".." or empty components, in out (size out_size). Returns 0, -ERANGE
 * when it does not fit, or -EXDEV when ".." climbs above the root.
 */
int dsec_path_normalize(const char *name, char *out, size_t out_size);

#endif /* DSEC_IMAGE_H */
