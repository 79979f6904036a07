// SPDX-License-Identifier: GPL-2.0
/*
 * Reading one layer: a chain of three stages, each pulling from the one
 * before through libarchive read callbacks, so nothing is extracted and
 * every byte is hashed on its way through.
 *
 *   blob bytes (outer archive member, file or cache)   sha256 -> digest
 *     -> "raw" archive: gzip/zstd/xz/bzip2 decompression  sha256 -> diff_id
 *       -> tar archive: the entries, passed to the walk
 *
 * After the tar end marker the rest of both streams is read and hashed
 * too, so padding and trailing data are covered by the digests.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "image.h"

#define LAYER_BUF_SIZE	(128 * 1024)
#define MAX_RETRIES	64

struct layer_stream {
	struct dsec_scan *scan;
	struct dsec_source src;
	struct archive *raw, *tar;
	EVP_MD_CTX *blob_md, *diff_md;
	bool compressed;
	uint64_t blob_bytes, diff_bytes;
	int err;		/* why a callback failed */
	unsigned char blob_buf[LAYER_BUF_SIZE];
};

static void hex_digest(EVP_MD_CTX *md, char out[DSEC_DIGEST_LEN])
{
	unsigned char raw[32];
	unsigned int len = 0, i;

	EVP_DigestFinal_ex(md, raw, &len);
	memcpy(out, "sha256:", 7);
	for (i = 0; i < 32; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", raw[i]);
}

void dsec_sha256_digest(const void *data, size_t len, char out[DSEC_DIGEST_LEN])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(md, data, len)) {
		/* Cannot happen short of OOM; an empty value never matches. */
		snprintf(out, DSEC_DIGEST_LEN, "sha256:?");
		EVP_MD_CTX_free(md);
		return;
	}
	hex_digest(md, out);
	EVP_MD_CTX_free(md);
}

int dsec_report_digest_mismatch(struct dsec_scan *scan, const char *what,
				const char *blob, const char *expected,
				const char *actual)
{
	char title[128], evidence[200];
	struct dsec_finding f = {
		.class = DSEC_FINDING_INTEGRITY,
		.severity = DSEC_SEV_CRITICAL,
		.id = "DSEC-IMG-DIGEST",
		.title = title,
		.detail = "The content differs from the digest the image names for it: the image was modified after it was built, or the archive is damaged.",
		.path = blob,
		.layer_digest = expected,
		.evidence = evidence,
		.package = -1,
	};

	snprintf(title, sizeof(title), "The %s does not match its digest", what);
	snprintf(evidence, sizeof(evidence), "expected %s, computed %s", expected, actual);
	if (dsec_scan_add_finding(scan, &f) < 0)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	return 0;
}

static la_ssize_t blob_read(struct archive *a, void *data, const void **ret_buf)
{
	struct layer_stream *ls = data;
	ssize_t n = dsec_source_read(&ls->src, ls->blob_buf, sizeof(ls->blob_buf));

	if (n < 0) {
		ls->err = (int)n;
		archive_set_error(a, EIO, "cannot read the layer blob");
		return -1;
	}
	EVP_DigestUpdate(ls->blob_md, ls->blob_buf, n);
	ls->blob_bytes += n;
	*ret_buf = ls->blob_buf;
	return n;
}

/* Counts uncompressed bytes against max_total_bytes (decompression bombs). */
static int count_bytes(struct layer_stream *ls, size_t n)
{
	struct dsec_scan_priv *priv = dsec_priv(ls->scan);

	ls->diff_bytes += n;
	priv->total_bytes += n;
	if (priv->total_bytes > priv->limits.max_total_bytes) {
		ls->err = -EFBIG;
		return -1;
	}
	return 0;
}

/*
 * Hands the tar reader the decompressed block in place. The block stays
 * valid until the next call into ls->raw, which is as long as a read
 * callback's buffer must live, so the bytes are not copied.
 */
static la_ssize_t diff_read(struct archive *a, void *data, const void **ret_buf)
{
	struct layer_stream *ls = data;
	const void *block;
	size_t n;
	la_int64_t offset;
	int r;

	r = archive_read_data_block(ls->raw, &block, &n, &offset);
	if (r == ARCHIVE_EOF)
		return 0;
	if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
		ls->err = ls->err ? ls->err : -EIO;
		archive_set_error(a, EIO, "%s", archive_error_string(ls->raw) ?: "read error");
		return -1;
	}
	/* The raw format has no holes; a gap would leave bytes unhashed. */
	if (offset != (la_int64_t)ls->diff_bytes) {
		ls->err = -EIO;
		archive_set_error(a, EIO, "decompressed data has a gap at offset %lld",
				  (long long)ls->diff_bytes);
		return -1;
	}
	if (count_bytes(ls, n) < 0) {
		archive_set_error(a, EFBIG, "too much data");
		return -1;
	}
	if (ls->compressed)
		EVP_DigestUpdate(ls->diff_md, block, n);
	*ret_buf = block;
	return n;
}

static void support_filters(struct archive *a)
{
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_lz4(a);
}

static int stream_fail(struct layer_stream *ls, const char *name, struct archive *a)
{
	struct dsec_scan *scan = ls->scan;

	if (ls->err == -EFBIG)
		return dsec_scan_fail(scan, -EFBIG,
				      "'%s': layer %s expands to more than %llu bytes in all (max_total_bytes); a decompression bomb, or raise the limit",
				      scan->opts.input, name,
				      (unsigned long long)dsec_priv(scan)->limits.max_total_bytes);
	return dsec_scan_fail(scan, ls->err ? ls->err : -EIO,
			      "'%s': layer %s is truncated or corrupt: %s", scan->opts.input, name,
			      (a ? archive_error_string(a) : NULL) ?: "read error");
}

static int open_stream(struct dsec_scan *scan, struct layer_stream *ls, const struct dsec_blob *blob)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	struct archive_entry *entry;
	int r;

	ls->scan = scan;
	ls->src.fd = -1;
	if (priv->bare_layer) {
		ls->src.fd = open(scan->opts.input, O_RDONLY | O_CLOEXEC);
		if (ls->src.fd < 0)
			return dsec_scan_fail(scan, -errno, "'%s': %s", scan->opts.input,
					      strerror(errno));
	} else {
		r = dsec_source_open(scan, blob->name, &ls->src);
		if (r < 0)
			return r;
	}

	ls->blob_md = EVP_MD_CTX_new();
	ls->diff_md = EVP_MD_CTX_new();
	ls->raw = archive_read_new();
	ls->tar = archive_read_new();
	if (!ls->blob_md || !ls->diff_md || !ls->raw || !ls->tar ||
	    !EVP_DigestInit_ex(ls->blob_md, EVP_sha256(), NULL) ||
	    !EVP_DigestInit_ex(ls->diff_md, EVP_sha256(), NULL))
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");

	support_filters(ls->raw);
	archive_read_support_format_raw(ls->raw);
	archive_read_support_format_empty(ls->raw);
	if (archive_read_open(ls->raw, ls, NULL, blob_read, NULL) != ARCHIVE_OK)
		return stream_fail(ls, blob->name, ls->raw);
	r = archive_read_next_header(ls->raw, &entry);
	if (r == ARCHIVE_EOF)
		return 1;	/* an empty blob: no entries */
	if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
		return stream_fail(ls, blob->name, ls->raw);
	ls->compressed = archive_filter_code(ls->raw, 0) != ARCHIVE_FILTER_NONE;

	archive_read_support_format_tar(ls->tar);
	archive_read_support_format_empty(ls->tar);
	if (archive_read_open(ls->tar, ls, NULL, diff_read, NULL) != ARCHIVE_OK)
		return stream_fail(ls, blob->name, ls->tar);
	return 0;
}

static void close_stream(struct layer_stream *ls)
{
	if (ls->tar)
		archive_read_free(ls->tar);
	if (ls->raw)
		archive_read_free(ls->raw);
	dsec_source_close(&ls->src);
	EVP_MD_CTX_free(ls->blob_md);
	EVP_MD_CTX_free(ls->diff_md);
}

/* Reads what the tar reader left after its end marker, for the digests. */
static int drain(struct layer_stream *ls, bool have_raw)
{
	const void *block;
	la_int64_t offset;
	size_t n;
	ssize_t m;
	int r = ARCHIVE_EOF;

	while (have_raw &&
	       ((r = archive_read_data_block(ls->raw, &block, &n, &offset)) == ARCHIVE_OK ||
		r == ARCHIVE_WARN)) {
		if (count_bytes(ls, n) < 0)
			return -1;
		if (ls->compressed)
			EVP_DigestUpdate(ls->diff_md, block, n);
	}
	if (have_raw && r != ARCHIVE_EOF)
		return -1;
	while ((m = dsec_source_read(&ls->src, ls->blob_buf, sizeof(ls->blob_buf))) > 0) {
		EVP_DigestUpdate(ls->blob_md, ls->blob_buf, m);
		ls->blob_bytes += m;
	}
	return m < 0 ? -1 : 0;
}

static int verify(struct dsec_scan *scan, struct layer_stream *ls, const struct dsec_blob *blob,
		  struct dsec_layer *layer)
{
	char blob_digest[DSEC_DIGEST_LEN], diff_digest[DSEC_DIGEST_LEN];
	int r = 0;

	hex_digest(ls->blob_md, blob_digest);
	if (ls->compressed)
		hex_digest(ls->diff_md, diff_digest);
	else
		memcpy(diff_digest, blob_digest, sizeof(diff_digest));

	if (blob->digest && strcmp(blob->digest, blob_digest))
		r = dsec_report_digest_mismatch(scan, "layer blob", blob->name, blob->digest,
						blob_digest);
	if (!r && blob->diff_id && strcmp(blob->diff_id, diff_digest))
		r = dsec_report_digest_mismatch(scan, "uncompressed layer (diff_id)", blob->name,
						blob->diff_id, diff_digest);
	/* Without a digest to check, report the one computed. */
	if (!layer->digest)
		layer->digest = dsec_scan_strdup(scan, blob_digest);
	if (!layer->diff_id)
		layer->diff_id = dsec_scan_strdup(scan, diff_digest);
	layer->size = ls->blob_bytes;
	return r;
}

/**
 * dsec_layer_read() - Stream layer @index (0 is the bottom layer) into
 * the walk and verify its digests.
 */
int dsec_layer_read(struct dsec_scan *scan, size_t index)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	const struct dsec_blob *blob = &priv->blobs[index];
	struct dsec_layer *layer = &scan->layers[index];
	unsigned int rank = scan->n_layers - 1 - index;
	const char *name = blob->name ? blob->name : scan->opts.input;
	struct archive_entry *entry;
	struct layer_stream *ls;
	unsigned int retries = 0;
	bool empty;
	int r;

	ls = calloc(1, sizeof(*ls));
	if (!ls)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	r = open_stream(scan, ls, blob);
	if (r < 0)
		goto out;
	empty = r == 1;

	while (!empty) {
		r = archive_read_next_header(ls->tar, &entry);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_RETRY && ++retries < MAX_RETRIES)
			continue;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			r = stream_fail(ls, name, ls->tar);
			goto out;
		}
		r = dsec_walk_entry(scan, rank, layer, ls->tar, entry);
		if (r < 0) {
			/* -EIO: the entry's content could not be read. */
			if (ls->err || r == -EIO)
				r = stream_fail(ls, name, ls->tar);
			goto out;
		}
	}
	if (drain(ls, !empty) < 0) {
		r = stream_fail(ls, name, ls->raw);
		goto out;
	}
	r = verify(scan, ls, blob, layer);
out:
	close_stream(ls);
	free(ls);
	return r;
}
