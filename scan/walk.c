// SPDX-License-Identifier: GPL-2.0
/*
 * The layer walk. Layers are read from the top down, so the first time
 * a path shows up is its version in the final image. A compact set of
 * path hashes remembers, for each path, the topmost layer that holds
 * it, deletes it (".wh.<name>") or makes it opaque (".wh..wh..opq");
 * an entry of a lower layer is skipped when the path itself, or one of
 * its parent directories, was replaced, deleted or made opaque above.
 *
 * The hashes are SipHash-2-4 with a random key per scan, so an image
 * cannot be built to make two paths collide and hide a file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "image.h"

#define WHITEOUT_PREFIX		".wh."
#define WHITEOUT_OPAQUE		".wh..wh..opq"
#define PROGRESS_EVERY		4096

/* SipHash-2-4 (Aumasson and Bernstein, 2012). */
#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND do {							\
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);	\
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;				\
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;				\
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);	\
} while (0)

static uint64_t siphash(const uint64_t key[2], const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t v0 = 0x736f6d6570736575ULL ^ key[0];
	uint64_t v1 = 0x646f72616e646f6dULL ^ key[1];
	uint64_t v2 = 0x6c7967656e657261ULL ^ key[0];
	uint64_t v3 = 0x7465646279746573ULL ^ key[1];
	uint64_t m, b = (uint64_t)len << 56;
	size_t i, left = len & 7;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&m, p + i, 8);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	for (m = 0; left; left--)
		m |= (uint64_t)p[i + left - 1] << (8 * (left - 1));
	b |= m;
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

int dsec_path_set_init(struct dsec_path_set *set)
{
	memset(set, 0, sizeof(*set));
	if (getrandom(set->key, sizeof(set->key), 0) != sizeof(set->key))
		return -EIO;
	set->mask = 1024 - 1;
	set->slots = calloc(set->mask + 1, sizeof(*set->slots));
	return set->slots ? 0 : -ENOMEM;
}

void dsec_path_set_free(struct dsec_path_set *set)
{
	free(set->slots);
	set->slots = NULL;
}

static uint64_t path_hash(const struct dsec_path_set *set, const char *path, size_t len)
{
	uint64_t h = siphash(set->key, path, len);

	return h ? h : 1;	/* 0 marks a free slot */
}

static struct dsec_path_entry *lookup(const struct dsec_path_set *set, uint64_t h)
{
	size_t i;

	for (i = h & set->mask; set->slots[i].hash; i = (i + 1) & set->mask)
		if (set->slots[i].hash == h)
			return &set->slots[i];
	return NULL;
}

static int grow(struct dsec_path_set *set)
{
	size_t i, j, new_mask = set->mask * 2 + 1;
	struct dsec_path_entry *slots = calloc(new_mask + 1, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (i = 0; i <= set->mask; i++) {
		if (!set->slots[i].hash)
			continue;
		for (j = set->slots[i].hash & new_mask; slots[j].hash; j = (j + 1) & new_mask)
			;
		slots[j] = set->slots[i];
	}
	free(set->slots);
	set->slots = slots;
	set->mask = new_mask;
	return 0;
}

static struct dsec_path_entry *insert(struct dsec_path_set *set, uint64_t h)
{
	struct dsec_path_entry *e = lookup(set, h);
	size_t i;

	if (e)
		return e;
	/* Keep the load under 7/8 so probes stay short. */
	if ((set->used + 1) * 8 > (set->mask + 1) * 7 && grow(set) < 0)
		return NULL;
	for (i = h & set->mask; set->slots[i].hash; i = (i + 1) & set->mask)
		;
	e = &set->slots[i];
	e->hash = h;
	e->seen_layer = DSEC_LAYER_NONE;
	e->whiteout_layer = DSEC_LAYER_NONE;
	e->opaque_layer = DSEC_LAYER_NONE;
	set->used++;
	return e;
}

/**
 * dsec_path_normalize() - Make an archive member name an absolute path.
 *
 * "./a//b/../c/" becomes "/a/c". A leading "/" is dropped first, as
 * container runtimes do when they extract a layer.
 */
int dsec_path_normalize(const char *name, char *out, size_t out_size)
{
	size_t len = 0;
	const char *p = name;

	if (out_size < 2)
		return -ERANGE;
	out[0] = '/';
	out[1] = '\0';
	len = 1;
	while (*p) {
		const char *end;
		size_t n;

		while (*p == '/')
			p++;
		end = strchrnul(p, '/');
		n = end - p;
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (len == 1)
				return -EXDEV;
			while (len > 1 && out[len - 1] != '/')
				len--;
			if (len > 1)
				len--;
			out[len] = '\0';
		} else {
			if (len + (len > 1) + n + 1 > out_size)
				return -ERANGE;
			if (len > 1)
				out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
			out[len] = '\0';
		}
		p = end;
	}
	return 0;
}

static int add_path_finding(struct dsec_scan *scan, const struct dsec_layer *layer,
			    enum dsec_finding_class class, enum dsec_severity sev,
			    const char *id, const char *title, const char *path,
			    const char *evidence)
{
	struct dsec_finding f = {
		.class = class,
		.severity = sev,
		.id = id,
		.title = title,
		.path = path,
		.layer_digest = layer ? layer->digest : NULL,
		.evidence = evidence,
		.package = -1,
	};

	if (dsec_scan_add_finding(scan, &f) < 0)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	return 0;
}

/* A printable, shortened copy of a hostile name for evidence. */
static void quote_name(const char *name, char *out, size_t size)
{
	size_t i, o = 0;

	for (i = 0; name[i] && o + 4 < size; i++)
		out[o++] = (unsigned char)name[i] >= 0x20 && name[i] != 0x7f ? name[i] : '?';
	if (name[i] && o + 4 <= size)
		memcpy(out + o, "...", 3), o += 3;
	out[o] = '\0';
}

/*
 * True when an upper layer (rank < @rank) replaced, deleted or made
 * opaque the path or one of its parent directories.
 */
static bool hidden_by_upper(const struct dsec_path_set *set, const char *path, size_t len,
			    unsigned int rank)
{
	const struct dsec_path_entry *e;
	size_t i;

	e = lookup(set, path_hash(set, path, len));
	if (e && (e->seen_layer < rank || e->whiteout_layer < rank))
		return true;
	for (i = len; i-- > 1;) {
		if (path[i] != '/')
			continue;
		e = lookup(set, path_hash(set, path, i));
		if (!e)
			continue;
		if (e->whiteout_layer < rank || e->opaque_layer < rank)
			return true;
		if (e->seen_layer < rank && !(e->flags & DSEC_PATH_DIR))
			return true;
	}
	return false;
}

/* Handles ".wh.<name>" and ".wh..wh..opq"; returns 1 when it was one. */
static int record_whiteout(struct dsec_scan *scan, char *path, size_t len, unsigned int rank)
{
	struct dsec_path_set *set = &dsec_priv(scan)->paths;
	char *base = strrchr(path, '/') + 1;
	struct dsec_path_entry *e;
	size_t dir_len = base - path - 1;

	if (strncmp(base, WHITEOUT_PREFIX, strlen(WHITEOUT_PREFIX)))
		return 0;
	if (!strcmp(base, WHITEOUT_OPAQUE)) {
		e = insert(set, dir_len ? path_hash(set, path, dir_len) : path_hash(set, "/", 1));
		if (!e)
			return dsec_scan_fail(scan, -ENOMEM, "out of memory");
		if (e->opaque_layer > rank)
			e->opaque_layer = rank;
		return 1;
	}
	if (!strncmp(base, WHITEOUT_PREFIX WHITEOUT_PREFIX, 2 * strlen(WHITEOUT_PREFIX)))
		return 1;	/* other AUFS metadata (.wh..wh.plnk, .wh..wh.aufs) */

	/* "/dir/.wh.name" deletes "/dir/name". */
	memmove(base, base + strlen(WHITEOUT_PREFIX), strlen(base) - strlen(WHITEOUT_PREFIX) + 1);
	len -= strlen(WHITEOUT_PREFIX);
	e = insert(set, path_hash(set, path, len));
	if (!e)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	if (e->whiteout_layer > rank)
		e->whiteout_layer = rank;
	return 1;
}

static int read_data(struct archive *a, unsigned char *buf, size_t want, size_t *ret_len)
{
	size_t len = 0;

	while (len < want) {
		la_ssize_t n = archive_read_data(a, buf + len, want - len);

		if (n < 0)
			return -EIO;
		if (n == 0)
			break;
		len += n;
	}
	*ret_len = len;
	return 0;
}

/*
 * Hashes the first @len bytes, already in @buf, and the rest of the
 * entry's content through a small buffer, so no more than the analyzers
 * asked for is ever held in memory. The caller excludes sparse entries,
 * whose holes read as zeros up to a size the header claims.
 */
static int hash_data(struct archive *a, const unsigned char *buf, size_t len,
		     unsigned char md[32])
{
	unsigned char chunk[16384];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	la_ssize_t n;

	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(ctx);
		return -ENOMEM;
	}
	EVP_DigestUpdate(ctx, buf, len);
	while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0)
		EVP_DigestUpdate(ctx, chunk, n);
	if (n == 0)
		EVP_DigestFinal_ex(ctx, md, NULL);
	EVP_MD_CTX_free(ctx);
	return n < 0 ? -EIO : 0;
}

/*
 * Asks each analyzer what it wants of @file, reads that much of the
 * entry's content from @a once, and runs the analyzers.
 */
static int run_analyzers(struct dsec_scan *scan, const struct dsec_analyzer *const *analyzers,
			 size_t n_analyzers, ssize_t *wants, struct dsec_file *file,
			 struct archive *a, struct archive_entry *entry,
			 unsigned char **buf, size_t *buf_size)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	ssize_t max_want = -1;
	size_t i, len = 0;
	bool want_sha256 = false;
	int r;

	for (i = 0; i < n_analyzers; i++) {
		wants[i] = analyzers[i]->wants ? analyzers[i]->wants(scan, file) : -1;
		if (wants[i] > max_want)
			max_want = wants[i];
		if (wants[i] >= 0 && analyzers[i]->want_sha256)
			want_sha256 = true;
	}
	if (max_want < 0)
		return 0;
	want_sha256 = want_sha256 && S_ISREG(file->mode) && !file->link_target &&
		      !archive_entry_sparse_count(entry);

	if (max_want > 0 && S_ISREG(file->mode) && !file->link_target && file->size > 0) {
		size_t want = max_want;

		if ((int64_t)want > file->size)
			want = file->size;
		if (want > priv->limits.max_file_read)
			want = priv->limits.max_file_read;
		if (*buf_size < want) {
			unsigned char *p = realloc(*buf, want);

			if (!p)
				return dsec_scan_fail(scan, -ENOMEM, "out of memory");
			*buf = p;
			*buf_size = want;
		}
		if (read_data(a, *buf, want, &len) < 0)
			return -EIO;
	}
	if (want_sha256) {
		r = hash_data(a, *buf, len, file->sha256);
		if (r == -ENOMEM)
			return dsec_scan_fail(scan, r, "out of memory");
		if (r < 0)
			return -EIO;
		file->sha256_valid = true;
	}

	for (i = 0; i < n_analyzers; i++) {
		if (wants[i] < 0)
			continue;
		file->data = len ? *buf : NULL;
		file->data_len = (size_t)wants[i] < len ? (size_t)wants[i] : len;
		file->data_truncated = (int64_t)file->data_len < file->size &&
				       S_ISREG(file->mode) && !file->link_target;
		r = analyzers[i]->analyze ? analyzers[i]->analyze(scan, file) : 0;
		if (r < 0)
			return dsec_scan_fail(scan, r, "analyzer %s failed on '%s': %s",
					      analyzers[i]->name, file->path, strerror(-r));
	}
	return 0;
}

static void fill_file(struct dsec_file *file, const char *path, struct archive_entry *entry,
		      const struct dsec_layer *layer)
{
	memset(file, 0, sizeof(*file));
	file->path = path;
	file->mode = archive_entry_mode(entry);
	file->uid = archive_entry_uid(entry);
	file->gid = archive_entry_gid(entry);
	file->size = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : 0;
	file->layer = layer;
	if (archive_entry_filetype(entry) == AE_IFLNK)
		file->link_target = archive_entry_symlink(entry);
}

/**
 * dsec_walk_entry() - Handle one entry of the layer of @rank (0 is the
 * top layer): whiteouts, hidden and duplicate paths, the analyzers.
 */
int dsec_walk_entry(struct dsec_scan *scan, unsigned int rank, struct dsec_layer *layer,
		    struct archive *a, struct archive_entry *entry)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	struct dsec_path_set *set = &priv->paths;
	char quoted[128], *path = NULL, *target = NULL;
	const char *name = archive_entry_pathname(entry);
	const char *hardlink = archive_entry_hardlink(entry);
	struct dsec_path_entry *e;
	struct dsec_file file;
	size_t len;
	int r;

	if (++priv->entries > priv->limits.max_entries)
		return dsec_scan_fail(scan, -E2BIG,
				      "'%s': more than %llu archive entries in the layers; raise the max_entries limit",
				      scan->opts.input, (unsigned long long)priv->limits.max_entries);
	layer->entries++;
	if (!name)
		return 0;	/* libarchive could not convert the name */

	len = strlen(name);
	path = malloc(len + 2);
	if (!path)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	r = len > priv->limits.max_path ? -ERANGE : dsec_path_normalize(name, path, len + 2);
	if (r == -ERANGE) {
		quote_name(name, quoted, sizeof(quoted));
		r = add_path_finding(scan, layer, DSEC_FINDING_SUSPICIOUS, DSEC_SEV_MEDIUM,
				     "DSEC-IMG-LONG-PATH",
				     "Layer entry with a path longer than the max_path limit; not analyzed",
				     NULL, quoted);
		goto out;
	}
	if (r == -EXDEV) {
		quote_name(name, quoted, sizeof(quoted));
		r = add_path_finding(scan, layer, DSEC_FINDING_SUSPICIOUS, DSEC_SEV_HIGH,
				     "DSEC-IMG-PATH-ESCAPE",
				     "Layer entry whose path climbs out of the image root; skipped",
				     NULL, quoted);
		goto out;
	}
	len = strlen(path);
	if (len == 1) {
		r = 0;		/* the root directory itself */
		goto out;
	}

	r = record_whiteout(scan, path, len, rank);
	if (r != 0) {
		r = r < 0 ? r : 0;
		goto out;
	}
	if (hidden_by_upper(set, path, len, rank)) {
		r = 0;
		goto out;
	}

	e = insert(set, path_hash(set, path, len));
	if (!e) {
		r = dsec_scan_fail(scan, -ENOMEM, "out of memory");
		goto out;
	}
	if (e->seen_layer == rank && !(S_ISDIR(archive_entry_mode(entry)) &&
				       (e->flags & DSEC_PATH_DIR))) {
		/*
		 * Extraction keeps the last copy; both are analyzed so that
		 * neither can hide content.
		 */
		r = add_path_finding(scan, layer, DSEC_FINDING_SUSPICIOUS, DSEC_SEV_MEDIUM,
				     "DSEC-IMG-DUPLICATE",
				     "Layer holds the same path twice; both copies were analyzed",
				     path, NULL);
		if (r < 0)
			goto out;
	}
	if (e->seen_layer == DSEC_LAYER_NONE)
		e->seen_layer = rank;
	/*
	 * Any directory copy of the path in this layer marks it a directory,
	 * so a file followed by a directory of the same name cannot hide
	 * lower layers that extraction (last copy wins) leaves visible.
	 */
	if (e->seen_layer == rank && S_ISDIR(archive_entry_mode(entry)))
		e->flags |= DSEC_PATH_DIR;

	fill_file(&file, path, entry, layer);
	if (hardlink) {
		size_t hl_len = strlen(hardlink);

		target = malloc(hl_len + 2);
		if (!target) {
			r = dsec_scan_fail(scan, -ENOMEM, "out of memory");
			goto out;
		}
		if (dsec_path_normalize(hardlink, target, hl_len + 2) < 0) {
			quote_name(hardlink, quoted, sizeof(quoted));
			r = add_path_finding(scan, layer, DSEC_FINDING_SUSPICIOUS, DSEC_SEV_HIGH,
					     "DSEC-IMG-PATH-ESCAPE",
					     "Hard link whose target climbs out of the image root",
					     path, quoted);
			goto out;
		}
		/* NOTE: the content is under the target's own entry. */
		file.link_target = target;
	}

	scan->files_seen++;
	if (scan->opts.progress && scan->files_seen % PROGRESS_EVERY == 0)
		dsec_scan_progress(scan, "layer %u/%zu: %llu files", (unsigned int)(scan->n_layers - rank),
				   scan->n_layers, (unsigned long long)scan->files_seen);
	r = run_analyzers(scan, priv->analyzers, priv->n_analyzers, priv->wants, &file, a, entry,
			  &priv->buf, &priv->buf_size);
out:
	free(path);
	free(target);
	return r;
}

static int walk_rootfs(struct dsec_scan *scan)
{
	struct archive_entry *entry;
	struct archive *a;
	size_t prefix = strlen(scan->opts.input);
	int r;

	a = archive_read_disk_new();
	entry = archive_entry_new();
	if (!a || !entry) {
		r = dsec_scan_fail(scan, -ENOMEM, "out of memory");
		goto out;
	}
	archive_read_disk_set_symlink_physical(a);
	archive_read_disk_set_behavior(a, ARCHIVE_READDISK_NO_TRAVERSE_MOUNTS |
				       ARCHIVE_READDISK_NO_XATTR | ARCHIVE_READDISK_NO_ACL |
				       ARCHIVE_READDISK_NO_FFLAGS);
	if (archive_read_disk_open(a, scan->opts.input) != ARCHIVE_OK) {
		r = dsec_scan_fail(scan, -EIO, "'%s': %s", scan->opts.input,
				   archive_error_string(a));
		goto out;
	}
	for (;;) {
		const char *name;

		r = archive_read_next_header2(a, entry);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_RETRY)
			continue;	/* an unreadable file: skipped */
		if (r == ARCHIVE_FATAL) {
			r = dsec_scan_fail(scan, -EIO, "'%s': %s", scan->opts.input,
					   archive_error_string(a));
			goto out;
		}
		archive_read_disk_descend(a);
		/* Names are "<input>/etc/passwd"; make them "/etc/passwd". */
		name = archive_entry_pathname(entry);
		if (name && strlen(name) >= prefix)
			archive_entry_copy_pathname(entry, name + prefix);
		r = dsec_walk_entry(scan, 0, &scan->layers[0], a, entry);
		if (r == -EIO)
			r = dsec_scan_fail(scan, r, "'%s': read error: %s", scan->opts.input,
					   archive_error_string(a));
		if (r < 0)
			goto out;
	}
	r = 0;
out:
	if (entry)
		archive_entry_free(entry);
	if (a)
		archive_read_free(a);
	return r;
}

int dsec_walk_layers(struct dsec_scan *scan)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	size_t i;
	int r;

	r = dsec_path_set_init(&priv->paths);
	if (r < 0)
		return dsec_scan_fail(scan, r, "cannot set up the path set: %s", strerror(-r));
	if (priv->rootfs)
		return walk_rootfs(scan);
	for (i = scan->n_layers; i-- > 0;) {
		dsec_scan_progress(scan, "layer %zu/%zu", scan->n_layers - i, scan->n_layers);
		r = dsec_layer_read(scan, i);
		if (r < 0)
			return r;
	}
	return 0;
}

/**
 * dsec_scan_walk_nested() - Pass the members of an archive in memory to
 * one analyzer, like the layer walk does with files.
 */
int dsec_scan_walk_nested(struct dsec_scan *scan, const struct dsec_file *file,
			  const struct dsec_analyzer *analyzer)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	const struct dsec_analyzer *one[1] = { analyzer };
	unsigned char *buf = NULL;
	size_t buf_size = 0, outer_len = strlen(file->path);
	struct archive_entry *entry;
	struct archive *a;
	ssize_t want;
	int r;

	if (!file->data || !file->data_len)
		return 0;
	if (priv->nesting >= priv->limits.max_nesting)
		return add_path_finding(scan, file->layer, DSEC_FINDING_UNSUPPORTED, DSEC_SEV_INFO,
					"DSEC-IMG-NESTING",
					"Archive nested deeper than the max_nesting limit; not analyzed",
					file->path, NULL);
	a = archive_read_new();
	if (!a)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	archive_read_support_filter_gzip(a);
	if (archive_read_open_memory(a, file->data, file->data_len) != ARCHIVE_OK) {
		r = add_path_finding(scan, file->layer, DSEC_FINDING_UNSUPPORTED, DSEC_SEV_INFO,
				     "DSEC-IMG-NESTED-UNREADABLE",
				     "Nested archive could not be read", file->path,
				     archive_error_string(a));
		archive_read_free(a);
		return r;
	}

	priv->nesting++;
	for (;;) {
		struct dsec_file member;
		char *path;
		const char *name;
		size_t len;

		r = archive_read_next_header(a, &entry);
		if (r == ARCHIVE_EOF) {
			r = 0;
			break;
		}
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			r = add_path_finding(scan, file->layer, DSEC_FINDING_UNSUPPORTED,
					     DSEC_SEV_INFO, "DSEC-IMG-NESTED-UNREADABLE",
					     "Nested archive is truncated or corrupt", file->path,
					     archive_error_string(a));
			break;
		}
		if (++priv->entries > priv->limits.max_entries) {
			r = dsec_scan_fail(scan, -E2BIG,
					   "'%s': more than %llu archive entries counting nested archives; raise the max_entries limit",
					   scan->opts.input,
					   (unsigned long long)priv->limits.max_entries);
			break;
		}
		name = archive_entry_pathname(entry);
		if (!name || strlen(name) > priv->limits.max_path)
			continue;
		len = outer_len + 1 + strlen(name) + 2;
		path = malloc(len);
		if (!path) {
			r = dsec_scan_fail(scan, -ENOMEM, "out of memory");
			break;
		}
		memcpy(path, file->path, outer_len);
		path[outer_len] = '!';
		if (dsec_path_normalize(name, path + outer_len + 1, len - outer_len - 1) < 0) {
			free(path);
			continue;	/* a member outside the archive is never extracted */
		}
		fill_file(&member, path, entry, file->layer);
		r = run_analyzers(scan, one, 1, &want, &member, a, entry, &buf, &buf_size);
		free(path);
		if (r == -EIO) {
			r = add_path_finding(scan, file->layer, DSEC_FINDING_UNSUPPORTED,
					     DSEC_SEV_INFO, "DSEC-IMG-NESTED-UNREADABLE",
					     "Nested archive is truncated or corrupt", file->path,
					     archive_error_string(a));
			break;
		}
		if (r < 0)
			break;
	}
	priv->nesting--;
	free(buf);
	archive_read_free(a);
	return r;
}
