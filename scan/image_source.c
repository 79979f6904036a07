// SPDX-License-Identifier: GPL-2.0
/*
 * The container of an image's blobs: a directory (OCI layout, extracted
 * docker save, or a root file system) or an archive (docker save, OCI
 * layout tar), gzip-compressed or not.
 *
 * An archive is listed once; members of up to SMALL_MEMBER bytes are
 * cached, since manifests and configs are small and read more than
 * once. Any other member is read by a new pass over the archive that
 * stops at its entry number. On an uncompressed archive libarchive
 * seeks over the members in between. NOTE: on a compressed outer
 * archive each layer costs a decompression of everything before it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "image.h"

#define SMALL_MEMBER		(1u << 20)
#define MAX_CACHE_BYTES		(8u << 20)
#define OUTER_BLOCK_SIZE	(64 * 1024)
/*
 * Members listed by name. An image archive has a few per layer; past
 * this the input is a bare layer, whose files the walk reads itself, so
 * only the manifests are still looked for.
 */
#define MAX_LISTED_MEMBERS	65536

void dsec_archive_support_filters(struct archive *a)
{
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_lz4(a);
}

struct archive *dsec_outer_archive_new(void)
{
	struct archive *a = archive_read_new();

	if (!a)
		return NULL;
	dsec_archive_support_filters(a);
	archive_read_support_format_tar(a);
	return a;
}

static int open_outer(struct dsec_scan *scan, struct archive **ret)
{
	struct archive *a = dsec_outer_archive_new();

	if (!a)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	if (archive_read_open_filename(a, scan->opts.input, OUTER_BLOCK_SIZE) != ARCHIVE_OK) {
		int r = dsec_scan_fail(scan, -EINVAL, "'%s': cannot read the archive: %s",
				       scan->opts.input, archive_error_string(a));

		archive_read_free(a);
		return r;
	}
	*ret = a;
	return 0;
}

/* Returns the member name without "./" or a leading "/", or NULL. */
static int member_name(const char *raw, char *out, size_t out_size)
{
	int r = dsec_path_normalize(raw, out, out_size);

	if (r < 0)
		return r;
	memmove(out, out + 1, strlen(out));
	return 0;
}

static struct dsec_member *find_member(struct dsec_scan_priv *priv, const char *name)
{
	size_t i;

	/* The last entry of a name wins, as when the archive is extracted. */
	for (i = priv->n_members; i-- > 0;)
		if (!strcmp(priv->members[i].name, name))
			return &priv->members[i];
	return NULL;
}

static bool worth_caching(const char *name, int64_t size)
{
	if (size < 0 || size > SMALL_MEMBER)
		return false;
	return !strncmp(name, "blobs/", 6) || strstr(name, ".json") ||
	       !strcmp(name, "repositories") || !strcmp(name, "oci-layout") ||
	       !strncmp(name, "sha256:", 7);
}

static int read_all(struct archive *a, unsigned char *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		la_ssize_t n = archive_read_data(a, buf + off, len - off);

		if (n < 0)
			return -EIO;
		if (n == 0)
			return -EIO;	/* shorter than its header says */
		off += n;
	}
	return 0;
}

static int list_members(struct dsec_scan *scan)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	struct archive_entry *entry;
	struct archive *a;
	uint64_t position = 0;
	size_t cap = 0;
	char name[PATH_MAX];
	int r;

	r = open_outer(scan, &a);
	if (r < 0)
		return r;

	for (;; position++) {
		struct dsec_member *m;
		int64_t size;

		do {
			r = archive_read_next_header(a, &entry);
		} while (r == ARCHIVE_RETRY);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_FATAL) {
			r = dsec_scan_fail(scan, -EINVAL, "'%s': %s: %s", scan->opts.input,
					   position ? "truncated or corrupt archive"
						    : "not a tar archive",
					   archive_error_string(a));
			goto out;
		}
		if (position >= priv->limits.max_entries) {
			r = dsec_scan_fail(scan, -E2BIG,
					   "'%s': more than %llu archive entries; raise the max_entries limit",
					   scan->opts.input,
					   (unsigned long long)priv->limits.max_entries);
			goto out;
		}
		if (archive_entry_filetype(entry) != AE_IFREG)
			continue;
		if (!archive_entry_pathname(entry) ||
		    member_name(archive_entry_pathname(entry), name, sizeof(name)) < 0)
			continue;	/* cannot be named by a manifest */
		if (priv->n_members >= MAX_LISTED_MEMBERS &&
		    strcmp(name, "manifest.json") && strcmp(name, "index.json"))
			continue;
		if (priv->n_members == cap) {
			size_t new_cap = cap ? cap * 2 : 32;
			struct dsec_member *p = reallocarray(priv->members, new_cap, sizeof(*p));

			if (!p) {
				r = dsec_scan_fail(scan, -ENOMEM, "out of memory");
				goto out;
			}
			priv->members = p;
			cap = new_cap;
		}
		m = &priv->members[priv->n_members];
		memset(m, 0, sizeof(*m));
		m->name = strdup(name);
		if (!m->name) {
			r = dsec_scan_fail(scan, -ENOMEM, "out of memory");
			goto out;
		}
		size = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : -1;
		m->size = size;
		m->position = position;
		priv->n_members++;

		if (worth_caching(name, size) && priv->cache_bytes + size <= MAX_CACHE_BYTES) {
			m->data = malloc(size ? size : 1);
			if (!m->data) {
				r = dsec_scan_fail(scan, -ENOMEM, "out of memory");
				goto out;
			}
			if (read_all(a, m->data, size) < 0) {
				r = dsec_scan_fail(scan, -EIO, "'%s': cannot read member '%s': %s",
						   scan->opts.input, name,
						   archive_error_string(a) ?: "truncated archive");
				goto out;
			}
			priv->cache_bytes += size;
		}
	}
	r = 0;
out:
	archive_read_free(a);
	return r;
}

int dsec_input_open(struct dsec_scan *scan)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	struct stat st;

	priv->dir_fd = -1;
	if (stat(scan->opts.input, &st) < 0)
		return dsec_scan_fail(scan, -errno, "'%s': %s", scan->opts.input,
				      strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		priv->input_is_dir = true;
		priv->dir_fd = open(scan->opts.input, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (priv->dir_fd < 0)
			return dsec_scan_fail(scan, -errno, "'%s': %s", scan->opts.input,
					      strerror(errno));
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return dsec_scan_fail(scan, -EINVAL,
				      "'%s' is neither a regular file nor a directory; give an image archive, OCI layout or root file system",
				      scan->opts.input);
	return list_members(scan);
}

void dsec_input_close(struct dsec_scan *scan)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	size_t i;

	for (i = 0; i < priv->n_members; i++) {
		free(priv->members[i].name);
		free(priv->members[i].data);
	}
	free(priv->members);
	priv->members = NULL;
	priv->n_members = 0;
	if (priv->input_is_dir && priv->dir_fd >= 0)
		close(priv->dir_fd);
	priv->dir_fd = -1;
}

/*
 * Opens name below the input directory; symlinks may not leave it.
 * O_NONBLOCK keeps a FIFO from blocking the open.
 */
static int open_beneath(struct dsec_scan *scan, const char *name)
{
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	int fd;

	fd = syscall(SYS_openat2, dsec_priv(scan)->dir_fd, name, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS) {
		/* NOTE: before Linux 5.6 only the last component is checked. */
		if (strstr(name, "..") || name[0] == '/') {
			errno = EXDEV;
			return -1;
		}
		fd = openat(dsec_priv(scan)->dir_fd, name,
			    O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	}
	return fd;
}

bool dsec_input_exists(struct dsec_scan *scan, const char *name)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	int fd;

	if (!priv->input_is_dir)
		return find_member(priv, name) != NULL;
	fd = open_beneath(scan, name);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

int dsec_source_open(struct dsec_scan *scan, const char *name, struct dsec_source *src)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	struct archive_entry *entry;
	struct dsec_member *m;
	uint64_t position;
	int r;

	memset(src, 0, sizeof(*src));
	src->fd = -1;
	if (priv->input_is_dir) {
		struct stat st;

		src->fd = open_beneath(scan, name);
		if (src->fd < 0)
			return dsec_scan_fail(scan, -errno, "'%s': cannot open '%s': %s",
					      scan->opts.input, name, strerror(errno));
		/* A FIFO or device would block or never end. */
		if (fstat(src->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			dsec_source_close(src);
			return dsec_scan_fail(scan, -EINVAL, "'%s': '%s' is not a regular file",
					      scan->opts.input, name);
		}
		return 0;
	}

	m = find_member(priv, name);
	if (!m)
		return dsec_scan_fail(scan, -ENOENT, "'%s': the archive has no member '%s'",
				      scan->opts.input, name);
	if (m->data) {
		src->mem = m->data;
		src->mem_len = m->size;
		return 0;
	}
	r = open_outer(scan, &src->outer);
	if (r < 0)
		return r;
	for (position = 0; position <= m->position; position++) {
		do {
			r = archive_read_next_header(src->outer, &entry);
		} while (r == ARCHIVE_RETRY);
		if (r == ARCHIVE_EOF || r == ARCHIVE_FATAL) {
			r = dsec_scan_fail(scan, -EIO,
					   "'%s' changed while it was read: member '%s' is gone",
					   scan->opts.input, name);
			dsec_source_close(src);
			return r;
		}
	}
	return 0;
}

ssize_t dsec_source_read(struct dsec_source *src, void *buf, size_t len)
{
	ssize_t n;

	if (src->outer) {
		n = archive_read_data(src->outer, buf, len);
		return n < 0 ? -EIO : n;
	}
	if (src->fd >= 0) {
		do {
			n = read(src->fd, buf, len);
		} while (n < 0 && errno == EINTR);
		return n < 0 ? -errno : n;
	}
	if (len > src->mem_len - src->mem_off)
		len = src->mem_len - src->mem_off;
	memcpy(buf, src->mem + src->mem_off, len);
	src->mem_off += len;
	return len;
}

void dsec_source_close(struct dsec_source *src)
{
	if (src->outer)
		archive_read_free(src->outer);
	if (src->fd >= 0)
		close(src->fd);
	memset(src, 0, sizeof(*src));
	src->fd = -1;
}

/**
 * dsec_input_read() - Read a whole member or file of at most @max bytes.
 *
 * The caller frees *ret_data. A larger blob is an error that names the
 * blob: manifests and configs are small.
 */
int dsec_input_read(struct dsec_scan *scan, const char *name, size_t max,
		    unsigned char **ret_data, size_t *ret_len)
{
	struct dsec_source src;
	unsigned char *buf;
	size_t len = 0;
	ssize_t n;
	int r;

	r = dsec_source_open(scan, name, &src);
	if (r < 0)
		return r;
	buf = malloc(max + 1);
	if (!buf) {
		dsec_source_close(&src);
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	}
	for (;;) {
		n = dsec_source_read(&src, buf + len, max + 1 - len);
		if (n < 0) {
			r = dsec_scan_fail(scan, (int)n, "'%s': cannot read '%s'",
					   scan->opts.input, name);
			goto fail;
		}
		if (n == 0)
			break;
		len += n;
		if (len > max) {
			r = dsec_scan_fail(scan, -EFBIG, "'%s': '%s' is larger than %zu bytes",
					   scan->opts.input, name, max);
			goto fail;
		}
	}
	dsec_source_close(&src);
	buf[len] = '\0';
	*ret_data = buf;
	*ret_len = len;
	return 0;
fail:
	dsec_source_close(&src);
	free(buf);
	return r;
}
