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

/* Reader and walk state, behind scan->priv. */
struct dsec_scan_priv {
	struct dsec_arena_chunk *arena;

	const struct dsec_analyzer *const *analyzers;
	size_t n_analyzers;
	void **analyzer_state;
	ssize_t *wants;		/* per analyzer, for the current file */

	/* The input. */
	char *input;		/* opts.input */
	bool input_is_dir;
	struct dsec_blob *blobs;	/* layers, bottom first */
	size_t n_blobs;

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

/* image.c: open the input, fill scan->format, layers, config, blobs. */
int dsec_image_open(struct dsec_scan *scan);
void dsec_image_close(struct dsec_scan *scan);

/* image_config.c: parse an image config JSON into scan->config. */
int dsec_image_parse_config(struct dsec_scan *scan, const char *json, size_t len,
			    char ***ret_diff_ids, size_t *ret_n_diff_ids);

/* walk.c: walk the layers top down and run the analyzers. */
int dsec_walk_layers(struct dsec_scan *scan);
int dsec_path_set_init(struct dsec_path_set *set);
void dsec_path_set_free(struct dsec_path_set *set);

/*
 * Normalize an archive member name to an absolute path without ".",
 * ".." or empty components, in out (size out_size). Returns 0, -ERANGE
 * when it does not fit, or -EXDEV when ".." climbs above the root.
 */
int dsec_path_normalize(const char *name, char *out, size_t out_size);

#endif /* DSEC_IMAGE_H */
