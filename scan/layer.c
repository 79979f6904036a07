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
 * The first two stages run on an inflate thread, which reads the blob,
 * decompresses it, computes both digests and copies the decompressed
 * bytes into a bounded block queue (layer_queue.c). The tar reader and
 * the analyzers run on the calling thread and read from that queue, so
 * decompression and hashing overlap the analyzers on a second core.
 *
 * The inflate thread reads both streams to their end whatever the tar
 * reader does, so padding and trailing data after the tar end marker are
 * covered by the digests. Of the scan state it changes only the byte
 * count of the decompression bomb limit. It passes its errors through
 * the queue, because only the calling thread reports findings or
 * failures.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "image.h"
#include "layer_queue.h"

#define LAYER_BUF_SIZE	(128 * 1024)
#define MAX_RETRIES	64

struct layer_stream {
	struct dsec_scan *scan;
	struct dsec_source src;
	struct archive *raw, *tar;
	EVP_MD_CTX *blob_md, *diff_md;
	bool compressed;
	uint64_t blob_bytes, diff_bytes;

	/*
	 * Written by the inflate thread while it runs. The calling thread
	 * reads them after the queue returned an error, or after the join.
	 */
	int inflate_err;
	char inflate_msg[256];

	int err;		/* why a tar read callback failed */
	struct dsec_block_queue queue;
	bool queue_ready;
	pthread_t inflate;
	bool inflate_running;
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

static int inflate_fail(struct layer_stream *ls, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int inflate_fail(struct layer_stream *ls, int err, const char *fmt, ...)
{
	va_list ap;

	/* The first error is the cause, and later ones follow from it. */
	if (ls->inflate_err)
		return ls->inflate_err;
	ls->inflate_err = err;
	va_start(ap, fmt);
	vsnprintf(ls->inflate_msg, sizeof(ls->inflate_msg), fmt, ap);
	va_end(ap);
	return err;
}

static la_ssize_t blob_read(struct archive *a, void *data, const void **ret_buf)
{
	struct layer_stream *ls = data;
	ssize_t n = dsec_source_read(&ls->src, ls->blob_buf, sizeof(ls->blob_buf));

	if (n < 0) {
		inflate_fail(ls, (int)n, "cannot read the layer blob");
		archive_set_error(a, EIO, "cannot read the layer blob");
		return -1;
	}
	EVP_DigestUpdate(ls->blob_md, ls->blob_buf, n);
	ls->blob_bytes += n;
	*ret_buf = ls->blob_buf;
	return n;
}

/*
 * Counts uncompressed bytes against max_total_bytes (decompression bombs).
 * Only the inflate thread of the current layer changes total_bytes.
 */
static int count_bytes(struct layer_stream *ls, size_t n)
{
	struct dsec_scan_priv *priv = dsec_priv(ls->scan);

	ls->diff_bytes += n;
	priv->total_bytes += n;
	if (priv->total_bytes > priv->limits.max_total_bytes)
		return inflate_fail(ls, -EFBIG, "too much data");
	return 0;
}

/* Reads the blob's bytes after the end of the compressed stream. */
static int drain_blob(struct layer_stream *ls)
{
	ssize_t n;

	while ((n = dsec_source_read(&ls->src, ls->blob_buf, sizeof(ls->blob_buf))) > 0) {
		EVP_DigestUpdate(ls->blob_md, ls->blob_buf, n);
		ls->blob_bytes += n;
	}
	if (n < 0)
		return inflate_fail(ls, (int)n, "cannot read the layer blob");
	return 0;
}

/*
 * Decompresses a block and hashes it for the diff_id. The raw format
 * has no holes, and a gap would leave bytes unhashed.
 */
static int inflate_block(struct layer_stream *ls, const void **ret_block, size_t *ret_len)
{
	la_int64_t offset;
	int r;

	r = archive_read_data_block(ls->raw, ret_block, ret_len, &offset);
	if (r == ARCHIVE_EOF)
		return 0;
	if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
		return inflate_fail(ls, -EIO, "%s", archive_error_string(ls->raw) ?: "read error");
	if (offset != (la_int64_t)ls->diff_bytes)
		return inflate_fail(ls, -EIO, "decompressed data has a gap at offset %lld",
				    (long long)ls->diff_bytes);
	if (count_bytes(ls, *ret_len) < 0)
		return ls->inflate_err;
	if (ls->compressed)
		EVP_DigestUpdate(ls->diff_md, *ret_block, *ret_len);
	return 1;
}

/*
 * The inflate thread: decompresses and hashes the whole layer and copies
 * the decompressed bytes into full queue slots, so the tar reader sees a
 * few large blocks instead of many small ones. It stops early only when
 * the calling thread cancels the queue.
 */
static void *inflate_thread(void *data)
{
	struct layer_stream *ls = data;
	unsigned char *slot = NULL;
	const unsigned char *block;
	size_t n, fill = 0, chunk;
	int r;

	while ((r = inflate_block(ls, (const void **)&block, &n)) > 0) {
		while (n) {
			if (!slot) {
				slot = dsec_block_queue_reserve(&ls->queue);
				if (!slot)
					return NULL;
				fill = 0;
			}
			chunk = DSEC_BLOCK_QUEUE_SLOT_SIZE - fill;
			if (chunk > n)
				chunk = n;
			memcpy(slot + fill, block, chunk);
			fill += chunk;
			block += chunk;
			n -= chunk;
			if (fill == DSEC_BLOCK_QUEUE_SLOT_SIZE) {
				dsec_block_queue_publish(&ls->queue, fill);
				slot = NULL;
			}
		}
	}
	if (slot)
		dsec_block_queue_publish(&ls->queue, fill);
	if (!r)
		r = drain_blob(ls);
	dsec_block_queue_close(&ls->queue, r);
	return NULL;
}

/* The tar reader's read callback: the next block of the queue, in place. */
static la_ssize_t diff_read(struct archive *a, void *data, const void **ret_buf)
{
	struct layer_stream *ls = data;
	ssize_t n = dsec_block_queue_pop(&ls->queue, ret_buf);

	if (n < 0) {
		ls->err = (int)n;
		archive_set_error(a, n == -EFBIG ? EFBIG : EIO, "%s", ls->inflate_msg);
		return -1;
	}
	return n;
}

/* Reads what the tar reader left after its end marker. */
static int drain_queue(struct layer_stream *ls)
{
	const void *block;
	ssize_t n;

	while ((n = dsec_block_queue_pop(&ls->queue, &block)) > 0)
		;
	if (n < 0)
		ls->err = (int)n;
	return (int)n;
}

static int start_inflate(struct dsec_scan *scan, struct layer_stream *ls)
{
	sigset_t all, old;
	int r;

	r = dsec_block_queue_init(&ls->queue);
	if (r < 0)
		return dsec_scan_fail(scan, r, "out of memory");
	ls->queue_ready = true;

	/* Signals stay with the calling thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = pthread_create(&ls->inflate, NULL, inflate_thread, ls);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r)
		return dsec_scan_fail(scan, -r, "cannot start the layer inflate thread: %s",
				      strerror(r));
	ls->inflate_running = true;
	return 0;
}

/* Cancels the inflate thread if it still runs, and waits for it. */
static void stop_inflate(struct layer_stream *ls)
{
	if (!ls->inflate_running)
		return;
	dsec_block_queue_cancel(&ls->queue);
	pthread_join(ls->inflate, NULL);
	ls->inflate_running = false;
}

/*
 * Fails the scan for layer @name. @err is the negative errno of the
 * failed stage and @message its text, or NULL.
 */
static int stream_fail(struct layer_stream *ls, const char *name, int err, const char *message)
{
	struct dsec_scan *scan = ls->scan;

	if (err == -EFBIG)
		return dsec_scan_fail(scan, -EFBIG,
				      "'%s': layer %s expands to more than %llu bytes in all (max_total_bytes); a decompression bomb, or raise the limit",
				      scan->opts.input, name,
				      (unsigned long long)dsec_priv(scan)->limits.max_total_bytes);
	return dsec_scan_fail(scan, err < 0 ? err : -EIO,
			      "'%s': layer %s is truncated or corrupt: %s", scan->opts.input, name,
			      message && *message ? message : "read error");
}

/*
 * Opens the raw (decompression) stage, reads its only header, starts the
 * inflate thread and opens the tar stage on top of it, which reads the
 * first block. Returns 1 for an empty blob, which has no tar stage.
 */
static int open_stream(struct dsec_scan *scan, struct layer_stream *ls, const struct dsec_blob *blob)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	const char *name = blob->name ? blob->name : scan->opts.input;
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

	dsec_archive_support_filters(ls->raw);
	archive_read_support_format_raw(ls->raw);
	archive_read_support_format_empty(ls->raw);
	if (archive_read_open(ls->raw, ls, NULL, blob_read, NULL) != ARCHIVE_OK)
		return stream_fail(ls, name, ls->inflate_err, archive_error_string(ls->raw));
	r = archive_read_next_header(ls->raw, &entry);
	if (r == ARCHIVE_EOF)
		return 1;	/* an empty blob: no entries */
	if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
		return stream_fail(ls, name, ls->inflate_err, archive_error_string(ls->raw));
	ls->compressed = archive_filter_code(ls->raw, 0) != ARCHIVE_FILTER_NONE;

	/* From here on only the inflate thread touches ls->raw and ls->src. */
	r = start_inflate(scan, ls);
	if (r < 0)
		return r;
	archive_read_support_format_tar(ls->tar);
	archive_read_support_format_empty(ls->tar);
	if (archive_read_open(ls->tar, ls, NULL, diff_read, NULL) != ARCHIVE_OK)
		return stream_fail(ls, name, ls->err, archive_error_string(ls->tar));
	return 0;
}

static void close_stream(struct layer_stream *ls)
{
	stop_inflate(ls);
	if (ls->queue_ready)
		dsec_block_queue_destroy(&ls->queue);
	if (ls->tar)
		archive_read_free(ls->tar);
	if (ls->raw)
		archive_read_free(ls->raw);
	dsec_source_close(&ls->src);
	EVP_MD_CTX_free(ls->blob_md);
	EVP_MD_CTX_free(ls->diff_md);
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
			r = stream_fail(ls, name, ls->err, archive_error_string(ls->tar));
			goto out;
		}
		r = dsec_walk_entry(scan, rank, layer, ls->tar, entry);
		if (r < 0) {
			/* -EIO: the entry's content could not be read. */
			if (ls->err || r == -EIO)
				r = stream_fail(ls, name, ls->err, archive_error_string(ls->tar));
			goto out;
		}
	}

	/* Both digests need the rest of the streams, after the tar end marker. */
	r = empty ? drain_blob(ls) : drain_queue(ls);
	if (r < 0) {
		r = stream_fail(ls, name, r, ls->inflate_msg);
		goto out;
	}
	stop_inflate(ls);
	r = verify(scan, ls, blob, layer);
out:
	close_stream(ls);
	free(ls);
	return r;
}
