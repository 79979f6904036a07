// SPDX-License-Identifier: GPL-2.0
/*
 * npm: package-lock.json (lockfileVersion 1, 2 and 3) and the
 * package.json of each installed node_modules directory.
 *
 * Version 2 and 3 lockfiles list packages in a "packages" map keyed by
 * install path ("node_modules/a/node_modules/b"). Version 1 only has the
 * nested "dependencies" tree, so its install paths are rebuilt here. Both
 * sources are keyed by the absolute node_modules directory, so a package
 * that is both locked and installed is reported once, from its installed
 * manifest. Workspace members are reported under their own name when they
 * have a version; "link" entries only point at them and are skipped.
 * Development dependencies from a lockfile are reported only when they
 * are installed, because a production image usually omits them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "scan/json_get.h"
#include "scan/pkg.h"

#define NODE_MODULES	"node_modules/"

struct dsec_npm_entry {
	char *key;		/* absolute node_modules directory */
	char *name, *version, *license;
	struct dsec_pkg_origin origin;	/* strings owned by the entry */
	bool installed;		/* from node_modules/.../package.json */
	bool dev;		/* lockfile marks it a dev dependency */
};

static void entry_clear(struct dsec_npm_entry *e)
{
	free(e->key);
	free(e->name);
	free(e->version);
	free(e->license);
	free((char *)e->origin.location);
	free((char *)e->origin.layer_digest);
}

void dsec_npm_set_free(struct dsec_npm_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		entry_clear(&set->entries[i]);
	free(set->entries);
	memset(set, 0, sizeof(*set));
}

static bool valid_token(const char *s)
{
	return s && dsec_pkg_valid_token(s, strnlen(s, DSEC_PKG_MAX_FIELD + 1));
}

static int set_add(struct dsec_npm_set *set, const char *key, const char *name,
		   const char *version, const char *license,
		   const struct dsec_pkg_origin *origin, bool installed, bool dev)
{
	struct dsec_npm_entry *e;

	if (set->n >= DSEC_PKG_MAX_PER_FILE * 4)
		return -E2BIG;
	if (set->n == set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 64;
		struct dsec_npm_entry *entries;

		entries = reallocarray(set->entries, cap, sizeof(*entries));
		if (!entries)
			return -ENOMEM;
		set->entries = entries;
		set->cap = cap;
	}
	e = &set->entries[set->n];
	memset(e, 0, sizeof(*e));
	e->key = strdup(key);
	e->name = strdup(name);
	e->version = strdup(version);
	e->license = license ? strdup(license) : NULL;
	e->origin.location = strdup(origin->location);
	e->origin.layer_digest = origin->layer_digest ? strdup(origin->layer_digest) : NULL;
	e->installed = installed;
	e->dev = dev;
	if (!e->key || !e->name || !e->version || (license && !e->license) ||
	    !e->origin.location || (origin->layer_digest && !e->origin.layer_digest)) {
		entry_clear(e);
		return -ENOMEM;
	}
	set->n++;
	return 0;
}

static bool only_space(const char *p, size_t len)
{
	while (len && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
		p++;
		len--;
	}
	return !len;
}

/* One JSON value filling the whole buffer, nested at most DSEC_PKG_MAX_JSON_DEPTH deep. */
static struct json_object *parse_json(const char *data, size_t len)
{
	struct json_tokener *tok;
	struct json_object *obj;

	if (len > DSEC_PKG_MAX_MANIFEST_BYTES || len > INT32_MAX)
		return NULL;
	tok = json_tokener_new_ex(DSEC_PKG_MAX_JSON_DEPTH);
	if (!tok)
		return NULL;
	obj = json_tokener_parse_ex(tok, data, (int)len);
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    !only_space(data + json_tokener_get_parse_end(tok),
			len - json_tokener_get_parse_end(tok))) {
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

static bool get_true(struct json_object *obj, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(obj, key, &v) &&
	       json_object_is_type(v, json_type_boolean) &&
	       json_object_get_boolean(v);
}

/* "license": "MIT", or the older {"type": "MIT"}. */
static const char *get_license(struct json_object *obj)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, "license", &v))
		return NULL;
	if (json_object_is_type(v, json_type_object))
		return dsec_json_get_string(v, "type");
	return json_object_is_type(v, json_type_string) ?
	       json_object_get_string(v) : NULL;
}

/* Local installs ("file:../x", "link:../x") name no registry version. */
static bool is_local_version(const char *version)
{
	return !strncmp(version, "file:", 5) || !strncmp(version, "link:", 5);
}

/* The directory of the lockfile, with no trailing slash ("" for "/"). */
static char *dir_of(const char *location)
{
	const char *slash = strrchr(location, '/');

	return strndup(location, slash ? (size_t)(slash - location) : 0);
}

static char *join_key(const char *dir, const char *rel)
{
	char *key;

	if (asprintf(&key, "%s/%s", dir, rel) < 0)
		return NULL;
	return key;
}

struct lock_ctx {
	struct dsec_npm_set *set;
	const struct dsec_pkg_origin *origin;
	char *dir;
	size_t added;
	struct dsec_pkg_skipped skipped;
};

static int add_locked(struct lock_ctx *ctx, const char *rel, const char *name,
		      struct json_object *entry)
{
	const char *version = dsec_json_get_string(entry, "version");
	char *key;
	int ret;

	if (!valid_token(name) || !valid_token(version)) {
		dsec_pkg_skip(&ctx->skipped, rel, strlen(rel), "");
		return 0;
	}
	if (is_local_version(version))
		return 0;
	key = join_key(ctx->dir, rel);
	if (!key)
		return -ENOMEM;
	ret = set_add(ctx->set, key, name, version, get_license(entry),
		      ctx->origin, false, get_true(entry, "dev"));
	free(key);
	if (!ret)
		ctx->added++;
	return ret;
}

/* The package name in an install path: what follows the last node_modules/. */
static const char *name_from_path(const char *path)
{
	const char *p = path, *name = NULL, *hit;

	while ((hit = strstr(p, NODE_MODULES))) {
		if (hit == path || hit[-1] == '/')
			name = hit + strlen(NODE_MODULES);
		p = hit + strlen(NODE_MODULES);
	}
	return name;
}

/* lockfileVersion 2 and 3: the flat "packages" map. */
static int parse_packages(struct lock_ctx *ctx, struct json_object *packages)
{
	struct json_object_iterator it = json_object_iter_begin(packages);
	struct json_object_iterator end = json_object_iter_end(packages);
	int ret = 0;

	for (; !json_object_iter_equal(&it, &end) && ret >= 0;
	     json_object_iter_next(&it)) {
		const char *path = json_object_iter_peek_name(&it);
		struct json_object *entry = json_object_iter_peek_value(&it);
		const char *name;

		if (!*path || !json_object_is_type(entry, json_type_object))
			continue;
		if (get_true(entry, "link"))
			continue;
		name = name_from_path(path);
		if (!name) {
			/* A workspace member, outside node_modules. */
			name = dsec_json_get_string(entry, "name");
			if (!name) {
				name = strrchr(path, '/');
				name = name ? name + 1 : path;
			}
			if (!dsec_json_get_string(entry, "version"))
				continue;
		}
		ret = add_locked(ctx, path, name, entry);
	}
	return ret;
}

/* lockfileVersion 1: the nested "dependencies" tree. */
static int parse_dependencies(struct lock_ctx *ctx, struct json_object *deps,
			      const char *prefix, unsigned int depth)
{
	struct json_object_iterator it = json_object_iter_begin(deps);
	struct json_object_iterator end = json_object_iter_end(deps);
	int ret = 0;

	if (depth > DSEC_PKG_MAX_JSON_DEPTH)
		return 0;
	for (; !json_object_iter_equal(&it, &end) && ret >= 0;
	     json_object_iter_next(&it)) {
		const char *name = json_object_iter_peek_name(&it);
		struct json_object *entry = json_object_iter_peek_value(&it);
		struct json_object *nested;
		char *path;

		if (!json_object_is_type(entry, json_type_object))
			continue;
		if (asprintf(&path, "%s%s%s", prefix, NODE_MODULES, name) < 0)
			return -ENOMEM;
		ret = add_locked(ctx, path, name, entry);
		if (ret >= 0 && json_object_object_get_ex(entry, "dependencies", &nested) &&
		    json_object_is_type(nested, json_type_object)) {
			char *sub;

			if (asprintf(&sub, "%s/", path) < 0)
				ret = -ENOMEM;
			else
				ret = parse_dependencies(ctx, nested, sub, depth + 1);
			free(sub);
		}
		free(path);
	}
	return ret;
}

int dsec_npm_lock_parse(struct dsec_scan *scan, struct dsec_npm_set *set,
			const char *data, size_t len,
			const struct dsec_pkg_origin *origin)
{
	struct lock_ctx ctx = { .set = set, .origin = origin };
	struct json_object *root = parse_json(data, len), *v;
	int ret = 0;

	if (!root || !json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return -EINVAL;
	}
	ctx.dir = dir_of(origin->location);
	if (!ctx.dir) {
		json_object_put(root);
		return -ENOMEM;
	}

	if (json_object_object_get_ex(root, "packages", &v) &&
	    json_object_is_type(v, json_type_object))
		ret = parse_packages(&ctx, v);
	else if (json_object_object_get_ex(root, "dependencies", &v) &&
		 json_object_is_type(v, json_type_object))
		ret = parse_dependencies(&ctx, v, "", 0);
	json_object_put(root);
	free(ctx.dir);

	return dsec_pkg_parse_end(scan, origin, ret, ctx.added,
				  "npm lockfile entries without a valid name or version",
				  &ctx.skipped);
}

/*
 * The install directory of a node_modules/NAME/package.json or
 * node_modules/@SCOPE/NAME/package.json path, or NULL for any other
 * package.json (a project's own, or a file deeper inside a package).
 */
static char *installed_dir(const char *path)
{
	const char *end = path + strlen(path) - strlen("/package.json");
	const char *p = end, *nm;

	if (end <= path || strcmp(end, "/package.json"))
		return NULL;
	while (p > path && p[-1] != '/')
		p--;
	if (p == end)
		return NULL;
	if (p > path + 1 && p[-1] == '/') {
		const char *scope = p - 1;

		while (scope > path && scope[-1] != '/')
			scope--;
		if (*scope == '@')
			p = scope;
	}
	nm = p - strlen("/" NODE_MODULES);
	if (nm < path || strncmp(nm, "/" NODE_MODULES, strlen("/" NODE_MODULES)))
		return NULL;
	return strndup(path, end - path);
}

int dsec_npm_manifest_parse(struct dsec_scan *scan, struct dsec_npm_set *set,
			    const char *data, size_t len,
			    const struct dsec_pkg_origin *origin)
{
	struct json_object *root = parse_json(data, len);
	const char *name, *version;
	char *key;
	int ret;

	if (!root || !json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return -EINVAL;
	}
	name = dsec_json_get_string(root, "name");
	version = dsec_json_get_string(root, "version");
	if (!valid_token(name) || !valid_token(version)) {
		json_object_put(root);
		return dsec_pkg_report_skipped(scan, origin,
					       "npm manifests without a valid name or version",
					       1, origin->location);
	}

	key = installed_dir(origin->location);
	if (!key)
		key = dir_of(origin->location);
	ret = key ? set_add(set, key, name, version, get_license(root), origin,
			    true, false) : -ENOMEM;
	free(key);
	json_object_put(root);
	return ret < 0 ? ret : 1;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct dsec_npm_entry *x = a, *y = b;
	int r = strcmp(x->key, y->key);

	if (r)
		return r;
	return (int)y->installed - (int)x->installed;
}

static int add_entry(struct dsec_scan *scan, const struct dsec_npm_entry *e)
{
	struct dsec_package pkg = { 0 };
	const char *slash = e->name[0] == '@' ? strchr(e->name, '/') : NULL;
	char *ns = slash ? strndup(e->name, slash - e->name) : NULL;

	if (slash && !ns)
		return -ENOMEM;
	pkg.ecosystem = "npm";
	pkg.name = e->name;
	pkg.version = e->version;
	pkg.license = e->license;
	pkg.location = e->origin.location;
	pkg.layer_digest = e->origin.layer_digest;
	pkg.purl = dsec_purl(scan, "npm", ns, slash ? slash + 1 : e->name,
			     e->version, NULL);
	free(ns);
	if (!pkg.purl)
		return -ENOMEM;
	return dsec_scan_add_package(scan, &pkg);
}

int dsec_npm_set_flush(struct dsec_scan *scan, struct dsec_npm_set *set)
{
	size_t i, added = 0;
	int ret;

	if (set->n)
		qsort(set->entries, set->n, sizeof(*set->entries), cmp_entry);
	for (i = 0; i < set->n; i++) {
		const struct dsec_npm_entry *e = &set->entries[i];

		/* Sorted installed-first: later entries for a key are locked copies. */
		if (i && !strcmp(e->key, set->entries[i - 1].key) &&
		    set->entries[i - 1].installed)
			continue;
		if (!e->installed && e->dev)
			continue;
		ret = add_entry(scan, e);
		if (ret < 0) {
			dsec_npm_set_free(set);
			return ret;
		}
		added++;
	}
	dsec_npm_set_free(set);
	return (int)added;
}

static bool is_lockfile(const char *path)
{
	return dsec_pkg_has_suffix(path, "/package-lock.json");
}

static bool is_installed_manifest(const char *path)
{
	return dsec_pkg_has_suffix(path, "/package.json") &&
	       strstr(path, "/" NODE_MODULES);
}

static ssize_t npm_wants(struct dsec_scan *scan, const struct dsec_file *file)
{
	if (!S_ISREG(file->mode))
		return -1;
	if (is_lockfile(file->path))
		return DSEC_PKG_MAX_MANIFEST_BYTES;
	if (is_installed_manifest(file->path)) {
		char *dir = installed_dir(file->path);

		free(dir);
		return dir ? (ssize_t)DSEC_PKG_MAX_MANIFEST_BYTES : -1;
	}
	return -1;
}

static struct dsec_npm_set *npm_set(struct dsec_scan *scan)
{
	return dsec_scan_analyzer_state_get(scan, &dsec_analyzer_npm,
					    sizeof(struct dsec_npm_set), NULL);
}

static int npm_analyze(struct dsec_scan *scan, const struct dsec_file *file)
{
	struct dsec_pkg_origin origin = dsec_pkg_file_origin(file);
	struct dsec_npm_set *set;
	int ret;

	if (!dsec_pkg_file_complete(scan, file))
		return 0;
	set = npm_set(scan);
	if (!set)
		return -ENOMEM;
	if (is_lockfile(file->path))
		ret = dsec_npm_lock_parse(scan, set, (const char *)file->data,
					  file->data_len, &origin);
	else
		ret = dsec_npm_manifest_parse(scan, set, (const char *)file->data,
					      file->data_len, &origin);
	if (ret == -EINVAL)
		ret = dsec_pkg_report_skipped(scan, &origin,
					      "npm files that are not valid JSON objects",
					      1, file->path);
	else if (ret == -E2BIG)
		ret = dsec_pkg_report_limit(scan, &origin);
	return ret < 0 ? ret : 0;
}

static int npm_finish(struct dsec_scan *scan)
{
	void **slot = dsec_scan_analyzer_state(scan, &dsec_analyzer_npm);
	int ret;

	if (!slot || !*slot)
		return 0;
	ret = dsec_npm_set_flush(scan, *slot);
	return ret < 0 ? ret : 0;
}

static void npm_free(struct dsec_scan *scan)
{
	struct dsec_npm_set *set =
		dsec_scan_analyzer_state_take(scan, &dsec_analyzer_npm);

	if (!set)
		return;
	dsec_npm_set_free(set);
	free(set);
}

const struct dsec_analyzer dsec_analyzer_npm = {
	.name = "npm",
	.wants = npm_wants,
	.analyze = npm_analyze,
	.finish = npm_finish,
	.free = npm_free,
};
