// SPDX-License-Identifier: GPL-2.0
/*
 * Image input: finds the image in a docker save archive (legacy
 * manifest.json layout, or the OCI-style layout of Docker 25 and
 * later), an OCI image layout (directory or tar, nested indexes,
 * multi-arch), a bare layer tar, or a root file system directory, and
 * lists its layers with the digests they must have.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "image.h"
#include "scan/json_get.h"

#define MAX_MANIFEST_SIZE	(4u << 20)
#define MAX_CONFIG_SIZE		(16u << 20)
#define MAX_INDEX_DEPTH		4
#define MAX_CANDIDATES		1024

#define MT_OCI_INDEX	"application/vnd.oci.image.index.v1+json"
#define MT_OCI_MANIFEST	"application/vnd.oci.image.manifest.v1+json"
#define MT_DOCKER_LIST	"application/vnd.docker.distribution.manifest.list.v2+json"
#define MT_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"

#define ANNOTATION_REF_NAME	"org.opencontainers.image.ref.name"
#define ANNOTATION_IMAGE_NAME	"io.containerd.image.name"

/* An image that image_ref and the platform choose from. */
struct candidate {
	char *digest;		/* manifest digest (OCI) or config digest */
	char *names;		/* tags and ref names, comma-separated */
	char *platform;		/* "linux/amd64", or NULL */
	json_object *entry;	/* docker save: its manifest.json entry */
};

struct candidates {
	struct candidate *v;
	size_t n;
};

static void candidates_free(struct candidates *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].digest);
		free(c->v[i].names);
		free(c->v[i].platform);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

bool dsec_digest_valid(const char *digest)
{
	size_t i;

	if (!digest || strncmp(digest, "sha256:", 7) || strlen(digest) != 7 + 64)
		return false;
	for (i = 7; i < 7 + 64; i++)
		if (!strchr("0123456789abcdef", digest[i]))
			return false;
	return true;
}

/* Reads a blob of the input, checks its digest, returns parsed JSON. */
static json_object *read_json(struct dsec_scan *scan, const char *name, const char *what,
			      const char *expected_digest, size_t max)
{
	char actual[DSEC_DIGEST_LEN];
	unsigned char *data;
	json_object *obj;
	size_t len;

	if (dsec_input_read(scan, name, max, &data, &len) < 0)
		return NULL;
	if (expected_digest) {
		dsec_sha256_digest(data, len, actual);
		if (strcmp(actual, expected_digest) &&
		    dsec_report_digest_mismatch(scan, what, name, expected_digest, actual) < 0) {
			free(data);
			return NULL;
		}
	}
	obj = dsec_json_parse(scan, what, (const char *)data, len);
	free(data);
	return obj;
}

static int blob_name(struct dsec_scan *scan, const char *digest, char *out, size_t size)
{
	if (!dsec_digest_valid(digest))
		return dsec_scan_fail(scan, -EINVAL,
				      "'%s': invalid or unsupported digest '%s'; only sha256 is supported",
				      scan->opts.input, digest ? digest : "(missing)");
	snprintf(out, size, "blobs/sha256/%s", digest + 7);
	return 0;
}

/*
 * Checks that a member name from a manifest stays inside the archive and
 * returns it normalized, without a leading "/".
 */
static int inner_name(struct dsec_scan *scan, const char *name, char *out, size_t size)
{
	if (!name || !name[0] || name[0] == '/' || dsec_path_normalize(name, out, size) < 0)
		return dsec_scan_fail(scan, -EINVAL,
				      "'%s': manifest names '%s', which is outside the image",
				      scan->opts.input, name ? name : "(missing)");
	memmove(out, out + 1, strlen(out));
	return 0;
}

/* Returns "sha256:<hex>" when a file name is a digest ("<hex>.json"...). */
static bool digest_from_name(const char *name, char out[DSEC_DIGEST_LEN])
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	size_t i;

	if (!strncmp(base, "sha256:", 7))
		base += 7;
	for (i = 0; i < 64; i++)
		if (!base[i] || !strchr("0123456789abcdef", base[i]))
			return false;
	if (base[64] && strcmp(base + 64, ".json") && strcmp(base + 64, ".tar"))
		return false;
	snprintf(out, DSEC_DIGEST_LEN, "sha256:%.64s", base);
	return true;
}

static int add_candidate(struct dsec_scan *scan, struct candidates *c, const char *digest,
			 const char *names, const char *platform, json_object *entry)
{
	struct candidate *p;

	if (c->n >= MAX_CANDIDATES)
		return dsec_scan_fail(scan, -E2BIG, "'%s': more than %d images",
				      scan->opts.input, MAX_CANDIDATES);
	p = reallocarray(c->v, c->n + 1, sizeof(*p));
	if (!p)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	c->v = p;
	p = &c->v[c->n];
	p->digest = strdup(digest ? digest : "");
	p->names = strdup(names ? names : "");
	p->platform = platform ? strdup(platform) : NULL;
	p->entry = entry;
	c->n++;
	if (!p->digest || !p->names || (platform && !p->platform))
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	return 0;
}

/* True when image_ref names this candidate by tag, name or digest. */
static bool candidate_matches(const struct candidate *c, const char *ref)
{
	const char *colon = strrchr(ref, ':');
	const char *slash = strrchr(ref, '/');
	const char *tag = colon && (!slash || colon > slash) ? colon + 1 : NULL;
	char *names, *name, *save;
	bool match = false;
	size_t ref_len = strlen(ref);

	if (!strncmp(ref, "sha256:", 7) && ref_len >= 7 + 12 &&
	    !strncmp(c->digest, ref, ref_len))
		return true;

	names = strdup(c->names);
	if (!names)
		return false;
	for (name = strtok_r(names, ",", &save); name && !match;
	     name = strtok_r(NULL, ",", &save)) {
		size_t len = strlen(name);

		if (!strcmp(name, ref))
			match = true;
		/* "alpine" means "alpine:latest". */
		else if (!tag && len == ref_len + 7 && !strncmp(name, ref, ref_len) &&
			 !strcmp(name + ref_len, ":latest"))
			match = true;
		/* An OCI ref name annotation often holds only the tag. */
		else if (tag && !strchr(name, ':') && !strchr(name, '/') && !strcmp(name, tag))
			match = true;
	}
	free(names);
	return match;
}

static void describe_candidates(const struct candidates *c, char *out, size_t size)
{
	size_t i, off = 0;

	out[0] = '\0';
	for (i = 0; i < c->n && off < size; i++) {
		const struct candidate *p = &c->v[i];

		off += snprintf(out + off, size - off, "%s%s%s%.19s%s%s%s", i ? "; " : "",
				p->names[0] ? p->names : "", p->names[0] ? " " : "",
				p->digest, p->platform ? " (" : "",
				p->platform ? p->platform : "", p->platform ? ")" : "");
	}
}

/* Picks one image by image_ref, then by platform; the error lists them. */
static int select_candidate(struct dsec_scan *scan, struct candidates *c, size_t *ret)
{
	const char *ref = scan->opts.image_ref;
	const char *platform = scan->opts.platform ? scan->opts.platform : "linux/amd64";
	size_t i, n_match = 0, n_platform = 0, pick = 0;
	bool distinct = false, any_platform = false;
	char list[320];

	describe_candidates(c, list, sizeof(list));
	if (c->n == 0)
		return dsec_scan_fail(scan, -ENOENT, "'%s': the image index lists no image",
				      scan->opts.input);
	for (i = 0; i < c->n; i++) {
		if (ref && !candidate_matches(&c->v[i], ref))
			continue;
		if (n_match++ == 0)
			pick = i;
		else if (strcmp(c->v[i].digest, c->v[pick].digest))
			distinct = true;
		if (c->v[i].platform)
			any_platform = true;
		if (c->v[i].platform && !strcmp(c->v[i].platform, platform) && n_platform++ == 0)
			pick = i;
	}
	if (n_match == 0)
		return dsec_scan_fail(scan, -ENOENT, "'%s': no image matches '%s'; the archive holds: %s",
				      scan->opts.input, ref, list);
	/*
	 * A platform given explicitly must be there; without one, a single
	 * image is scanned whatever its platform.
	 */
	if (scan->opts.platform && any_platform && n_platform == 0)
		return dsec_scan_fail(scan, -ENOENT,
				      "'%s': no image for platform %s; pick one of: %s",
				      scan->opts.input, platform, list);
	/* Several entries for one digest (tags of one image) are one image. */
	if (distinct && n_platform != 1)
		return dsec_scan_fail(scan, -EINVAL,
				      "'%s' holds several images%s%s%s%s; pick one by tag or digest: %s",
				      scan->opts.input, ref ? " matching " : "", ref ? ref : "",
				      n_platform ? " for " : "", n_platform ? platform : "", list);
	*ret = pick;
	return 0;
}

static int alloc_layers(struct dsec_scan *scan, size_t n)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);

	if (n > priv->limits.max_layers)
		return dsec_scan_fail(scan, -E2BIG, "'%s': %zu layers, more than the max_layers limit of %u",
				      scan->opts.input, n, priv->limits.max_layers);
	priv->blobs = calloc(n ? n : 1, sizeof(*priv->blobs));
	scan->layers = calloc(n ? n : 1, sizeof(*scan->layers));
	if (!priv->blobs || !scan->layers)
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	priv->n_blobs = n;
	scan->n_layers = n;
	return 0;
}

static int set_blob(struct dsec_scan *scan, size_t i, const char *name, const char *digest,
		    const char *diff_id, const char *media_type, int64_t size)
{
	struct dsec_blob *b = &dsec_priv(scan)->blobs[i];
	struct dsec_layer *l = &scan->layers[i];

	b->name = strdup(name);
	b->digest = digest ? strdup(digest) : NULL;
	b->diff_id = diff_id && dsec_digest_valid(diff_id) ? strdup(diff_id) : NULL;
	b->media_type = media_type ? strdup(media_type) : NULL;
	if (!b->name || (digest && !b->digest) || (media_type && !b->media_type))
		return dsec_scan_fail(scan, -ENOMEM, "out of memory");
	if (diff_id && !b->diff_id && diff_id[0])
		return dsec_scan_fail(scan, -EINVAL, "'%s': invalid or unsupported diff_id '%s'",
				      scan->opts.input, diff_id);
	l->digest = dsec_scan_strdup(scan, digest ? digest : b->diff_id);
	l->diff_id = dsec_scan_strdup(scan, b->diff_id);
	l->media_type = dsec_scan_strdup(scan, media_type);
	l->size = size > 0 ? size : 0;
	return 0;
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Reads and parses the config, checks layer count against its diff_ids. */
static int read_config(struct dsec_scan *scan, const char *name, const char *digest,
		       size_t n_layers, char ***ret_diff_ids)
{
	char actual[DSEC_DIGEST_LEN], detail[160];
	unsigned char *data;
	size_t len, n_diff_ids;
	char **diff_ids;
	int r;

	r = dsec_input_read(scan, name, MAX_CONFIG_SIZE, &data, &len);
	if (r < 0)
		return r;
	dsec_sha256_digest(data, len, actual);
	if (digest && strcmp(actual, digest)) {
		r = dsec_report_digest_mismatch(scan, "image config", name, digest, actual);
		if (r < 0)
			goto out;
	}
	scan->image_digest = dsec_scan_strdup(scan, digest ? digest : actual);
	r = dsec_image_parse_config(scan, (const char *)data, len, &diff_ids, &n_diff_ids);
	if (r < 0)
		goto out;
	if (n_diff_ids != n_layers) {
		struct dsec_finding f = {
			.class = DSEC_FINDING_INTEGRITY,
			.severity = DSEC_SEV_CRITICAL,
			.id = "DSEC-IMG-LAYER-COUNT",
			.title = "Image config and manifest disagree on the layers",
			.path = name,
			.package = -1,
		};

		snprintf(detail, sizeof(detail), "the config lists %zu diff_ids, the manifest %zu layers",
			 n_diff_ids, n_layers);
		f.evidence = detail;
		r = dsec_scan_add_finding(scan, &f);
		if (r < 0)
			goto out;
		/* Keep the layers; verify none of them against the config. */
		free_strv(diff_ids, n_diff_ids);
		diff_ids = NULL;
	}
	*ret_diff_ids = diff_ids;
out:
	free(data);
	return r;
}

/* Builds a comma-separated name list from RepoTags. */
static char *repo_tags(json_object *entry)
{
	json_object *tags;
	size_t i, n, len = 1;
	char *s;

	if (!json_object_object_get_ex(entry, "RepoTags", &tags) ||
	    !json_object_is_type(tags, json_type_array))
		return strdup("");
	n = json_object_array_length(tags);
	for (i = 0; i < n; i++)
		len += strlen(json_object_get_string(json_object_array_get_idx(tags, i)) ?: "") + 1;
	s = calloc(1, len);
	for (i = 0; s && i < n; i++) {
		const char *t = json_object_get_string(json_object_array_get_idx(tags, i));

		if (!t || !t[0] || strchr(t, ','))
			continue;
		if (s[0])
			strcat(s, ",");
		strcat(s, t);
	}
	return s;
}

static int open_docker_save(struct dsec_scan *scan)
{
	struct candidates c = { 0 };
	json_object *manifest, *entry, *layers;
	char name[4096], digest[DSEC_DIGEST_LEN];
	char **diff_ids = NULL;
	size_t i, n, pick;
	const char *config;
	int r;

	scan->format = "docker-save";
	manifest = read_json(scan, "manifest.json", "manifest.json", NULL, MAX_MANIFEST_SIZE);
	if (!manifest)
		return -EINVAL;
	if (!json_object_is_type(manifest, json_type_array)) {
		r = dsec_scan_fail(scan, -EINVAL, "'%s': manifest.json is not a JSON array",
				   scan->opts.input);
		goto out;
	}
	n = json_object_array_length(manifest);
	for (i = 0; i < n; i++) {
		char *tags;

		entry = json_object_array_get_idx(manifest, i);
		config = dsec_json_get_string(entry, "Config");
		if (!config)
			continue;
		tags = repo_tags(entry);
		if (!tags) {
			r = dsec_scan_fail(scan, -ENOMEM, "out of memory");
			goto out;
		}
		r = add_candidate(scan, &c, digest_from_name(config, digest) ? digest : config,
				  tags, NULL, entry);
		free(tags);
		if (r < 0)
			goto out;
	}
	r = select_candidate(scan, &c, &pick);
	if (r < 0)
		goto out;
	entry = c.v[pick].entry;
	if (c.v[pick].names[0]) {
		char *comma = strchr(c.v[pick].names, ',');

		if (comma)
			*comma = '\0';
		scan->image_ref = dsec_scan_strdup(scan, c.v[pick].names);
	}

	if (!json_object_object_get_ex(entry, "Layers", &layers) ||
	    !json_object_is_type(layers, json_type_array)) {
		r = dsec_scan_fail(scan, -EINVAL, "'%s': manifest.json has no Layers list",
				   scan->opts.input);
		goto out;
	}
	n = json_object_array_length(layers);
	r = inner_name(scan, dsec_json_get_string(entry, "Config"), name, sizeof(name));
	if (r < 0)
		goto out;
	r = read_config(scan, name, digest_from_name(name, digest) ? digest : NULL, n, &diff_ids);
	if (r < 0)
		goto out;
	r = alloc_layers(scan, n);
	if (r < 0)
		goto out;
	for (i = 0; i < n; i++) {
		const char *layer = json_object_get_string(json_object_array_get_idx(layers, i));
		bool named_by_digest;

		r = inner_name(scan, layer, name, sizeof(name));
		if (r < 0)
			goto out;
		/* Docker 25 and later store layers as blobs/sha256/<digest>. */
		named_by_digest = !strncmp(name, "blobs/sha256/", 13) &&
				  digest_from_name(name, digest);
		r = set_blob(scan, i, name, named_by_digest ? digest : NULL,
			     diff_ids ? diff_ids[i] : NULL, NULL, -1);
		if (r < 0)
			goto out;
	}
out:
	if (diff_ids)
		free_strv(diff_ids, scan->n_layers);
	candidates_free(&c);
	json_object_put(manifest);
	return r;
}

static const char *annotation(json_object *desc, const char *key)
{
	json_object *ann;

	if (!json_object_object_get_ex(desc, "annotations", &ann))
		return NULL;
	return dsec_json_get_string(ann, key);
}

static bool is_index_type(const char *mt)
{
	return mt && (!strcmp(mt, MT_OCI_INDEX) || !strcmp(mt, MT_DOCKER_LIST));
}

/* Collects the image manifests an index lists, through nested indexes. */
static int collect_manifests(struct dsec_scan *scan, json_object *index, unsigned int depth,
			     const char *parent_names, struct candidates *c)
{
	json_object *manifests;
	size_t i, n;
	int r;

	if (depth > MAX_INDEX_DEPTH)
		return dsec_scan_fail(scan, -ELOOP, "'%s': image indexes nested deeper than %d",
				      scan->opts.input, MAX_INDEX_DEPTH);
	if (!json_object_object_get_ex(index, "manifests", &manifests) ||
	    !json_object_is_type(manifests, json_type_array))
		return 0;	/* Docker 25 may write "manifests": null */
	n = json_object_array_length(manifests);
	for (i = 0; i < n; i++) {
		json_object *desc = json_object_array_get_idx(manifests, i), *plat;
		const char *digest = dsec_json_get_string(desc, "digest");
		const char *mt = dsec_json_get_string(desc, "mediaType");
		const char *ref = annotation(desc, ANNOTATION_REF_NAME);
		const char *image_name = annotation(desc, ANNOTATION_IMAGE_NAME);
		char names[1024], platform[128] = "", name[96];

		snprintf(names, sizeof(names), "%s%s%s", image_name ? image_name : "",
			 image_name && ref ? "," : "", ref ? ref : "");
		if (!names[0] && parent_names)
			snprintf(names, sizeof(names), "%s", parent_names);
		if (strchr(image_name ?: "", ',') || strchr(ref ?: "", ','))
			names[0] = '\0';

		if (json_object_object_get_ex(desc, "platform", &plat)) {
			const char *os = dsec_json_get_string(plat, "os");
			const char *arch = dsec_json_get_string(plat, "architecture");
			const char *variant = dsec_json_get_string(plat, "variant");

			snprintf(platform, sizeof(platform), "%s/%s%s%s", os ? os : "",
				 arch ? arch : "", variant ? "/" : "", variant ? variant : "");
		}
		/* BuildKit attestations are manifests for platform unknown/unknown. */
		if (!strcmp(platform, "unknown/unknown"))
			continue;

		if (is_index_type(mt)) {
			json_object *child;

			r = blob_name(scan, digest, name, sizeof(name));
			if (r < 0)
				return r;
			child = read_json(scan, name, "image index", digest, MAX_MANIFEST_SIZE);
			if (!child)
				return -EINVAL;
			r = collect_manifests(scan, child, depth + 1, names[0] ? names : NULL, c);
			json_object_put(child);
			if (r < 0)
				return r;
			continue;
		}
		if (mt && strcmp(mt, MT_OCI_MANIFEST) && strcmp(mt, MT_DOCKER_MANIFEST))
			continue;	/* not an image: signatures, artifacts */
		if (!dsec_digest_valid(digest))
			return blob_name(scan, digest, name, sizeof(name));
		r = add_candidate(scan, c, digest, names, platform[0] ? platform : NULL, NULL);
		if (r < 0)
			return r;
	}
	return 0;
}

static int open_oci(struct dsec_scan *scan)
{
	struct candidates c = { 0 };
	json_object *index, *manifest = NULL, *config, *layers;
	char name[96], **diff_ids = NULL;
	const char *digest;
	size_t i, n, pick;
	int r;

	scan->format = "oci";
	index = read_json(scan, "index.json", "index.json", NULL, MAX_MANIFEST_SIZE);
	if (!index)
		return -EINVAL;
	r = collect_manifests(scan, index, 0, NULL, &c);
	if (r < 0)
		goto out;
	r = select_candidate(scan, &c, &pick);
	if (r < 0)
		goto out;
	if (c.v[pick].names[0]) {
		char *comma = strchr(c.v[pick].names, ',');

		if (comma)
			*comma = '\0';
		scan->image_ref = dsec_scan_strdup(scan, c.v[pick].names);
	}

	r = blob_name(scan, c.v[pick].digest, name, sizeof(name));
	if (r < 0)
		goto out;
	manifest = read_json(scan, name, "image manifest", c.v[pick].digest, MAX_MANIFEST_SIZE);
	if (!manifest) {
		r = -EINVAL;
		goto out;
	}
	if (!json_object_object_get_ex(manifest, "config", &config) ||
	    !json_object_object_get_ex(manifest, "layers", &layers) ||
	    !json_object_is_type(layers, json_type_array)) {
		r = dsec_scan_fail(scan, -EINVAL, "'%s': image manifest %s has no config or layers",
				   scan->opts.input, c.v[pick].digest);
		goto out;
	}
	n = json_object_array_length(layers);
	digest = dsec_json_get_string(config, "digest");
	r = blob_name(scan, digest, name, sizeof(name));
	if (r < 0)
		goto out;
	r = read_config(scan, name, digest, n, &diff_ids);
	if (r < 0)
		goto out;
	r = alloc_layers(scan, n);
	if (r < 0)
		goto out;
	for (i = 0; i < n; i++) {
		json_object *desc = json_object_array_get_idx(layers, i), *size;

		digest = dsec_json_get_string(desc, "digest");
		r = blob_name(scan, digest, name, sizeof(name));
		if (r < 0)
			goto out;
		r = set_blob(scan, i, name, digest, diff_ids ? diff_ids[i] : NULL,
			     dsec_json_get_string(desc, "mediaType"),
			     json_object_object_get_ex(desc, "size", &size) ?
			     json_object_get_int64(size) : -1);
		if (r < 0)
			goto out;
	}
out:
	if (diff_ids)
		free_strv(diff_ids, scan->n_layers);
	candidates_free(&c);
	json_object_put(manifest);
	json_object_put(index);
	return r;
}

int dsec_image_open(struct dsec_scan *scan)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	int r;

	r = dsec_input_open(scan);
	if (r < 0)
		return r;
	if (dsec_input_exists(scan, "manifest.json"))
		return open_docker_save(scan);
	if (dsec_input_exists(scan, "index.json"))
		return open_oci(scan);

	/* No manifest: the input is a root file system, as one layer. */
	r = alloc_layers(scan, 1);
	if (r < 0)
		return r;
	if (priv->input_is_dir) {
		scan->format = "rootfs";
		priv->rootfs = true;
	} else {
		scan->format = "layer";
		priv->bare_layer = true;
	}
	return 0;
}

void dsec_image_close(struct dsec_scan *scan)
{
	struct dsec_scan_priv *priv = dsec_priv(scan);
	size_t i;

	for (i = 0; i < priv->n_blobs; i++) {
		free(priv->blobs[i].name);
		free(priv->blobs[i].digest);
		free(priv->blobs[i].diff_id);
		free(priv->blobs[i].media_type);
	}
	free(priv->blobs);
	priv->blobs = NULL;
	priv->n_blobs = 0;
	dsec_input_close(scan);
}
