// SPDX-License-Identifier: GPL-2.0
/*
 * The image configuration (OCI image config, docker image JSON): the
 * runtime settings the misconfiguration checks read, the build history
 * and the diff_ids that layer digests are verified against.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "image.h"
#include "scan/json_get.h"

/* Far above real configs; bounds what hostile JSON can make us keep. */
#define MAX_CONFIG_ITEMS	65536
#define MAX_JSON_DEPTH		64

/* A copy owned by the scan of a string member; NULL when absent. */
static const char *get_string(struct dsec_scan *scan, json_object *obj, const char *key)
{
	return dsec_scan_strdup(scan, dsec_json_get_string(obj, key));
}

/* A JSON array of strings as a NULL-terminated vector; NULL when absent. */
static int get_string_array(struct dsec_scan *scan, json_object *obj, const char *key,
			    char ***ret)
{
	json_object *arr;
	size_t i, n, out = 0;
	char **v;

	*ret = NULL;
	if (!json_object_object_get_ex(obj, key, &arr))
		return 0;
	if (json_object_is_type(arr, json_type_string)) {
		/* Some builders write a shell-form Cmd as a plain string. */
		v = calloc(2, sizeof(*v));
		if (!v)
			return -ENOMEM;
		v[0] = (char *)dsec_scan_strdup(scan, json_object_get_string(arr));
		*ret = v;
		return v[0] ? 0 : -ENOMEM;
	}
	if (!json_object_is_type(arr, json_type_array))
		return 0;
	n = json_object_array_length(arr);
	if (n > MAX_CONFIG_ITEMS)
		n = MAX_CONFIG_ITEMS;
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		json_object *item = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(item, json_type_string))
			continue;
		v[out] = (char *)dsec_scan_strdup(scan, json_object_get_string(item));
		if (!v[out]) {
			free(v);
			return -ENOMEM;
		}
		out++;
	}
	*ret = v;
	return 0;
}

/* The keys of a JSON object ({"22/tcp": {}}) as a NULL-terminated vector. */
static int get_key_set(struct dsec_scan *scan, json_object *obj, const char *key, char ***ret)
{
	json_object *set;
	size_t n = 0;
	char **v;

	*ret = NULL;
	if (!json_object_object_get_ex(obj, key, &set) ||
	    !json_object_is_type(set, json_type_object))
		return 0;
	v = calloc(json_object_object_length(set) + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	json_object_object_foreach(set, name, value) {
		(void)value;
		if (n >= MAX_CONFIG_ITEMS)
			break;
		v[n] = (char *)dsec_scan_strdup(scan, name);
		if (!v[n]) {
			free(v);
			return -ENOMEM;
		}
		n++;
	}
	*ret = v;
	return 0;
}

static bool healthcheck_enabled(json_object *config)
{
	json_object *hc, *test, *first;

	if (!json_object_object_get_ex(config, "Healthcheck", &hc) ||
	    !json_object_is_type(hc, json_type_object))
		return false;
	if (!json_object_object_get_ex(hc, "Test", &test) ||
	    !json_object_is_type(test, json_type_array) ||
	    json_object_array_length(test) == 0)
		return false;
	/* ["NONE"] turns off a health check inherited from the base image. */
	first = json_object_array_get_idx(test, 0);
	return !(json_object_is_type(first, json_type_string) &&
		 !strcmp(json_object_get_string(first), "NONE"));
}

static int parse_history(struct dsec_scan *scan, json_object *root)
{
	struct dsec_image_config *cfg = &scan->config;
	json_object *hist;
	size_t i, n;

	if (!json_object_object_get_ex(root, "history", &hist) ||
	    !json_object_is_type(hist, json_type_array))
		return 0;
	n = json_object_array_length(hist);
	if (n > MAX_CONFIG_ITEMS)
		n = MAX_CONFIG_ITEMS;
	cfg->history = calloc(n ? n : 1, sizeof(*cfg->history));
	if (!cfg->history)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		json_object *step = json_object_array_get_idx(hist, i), *empty;
		struct dsec_history_step *h = &cfg->history[cfg->n_history];

		if (!json_object_is_type(step, json_type_object))
			continue;
		h->created_by = get_string(scan, step, "created_by");
		h->empty_layer = json_object_object_get_ex(step, "empty_layer", &empty) &&
				 json_object_get_boolean(empty);
		cfg->n_history++;
	}
	return 0;
}

static int parse_diff_ids(json_object *root, char ***ret, size_t *ret_n)
{
	json_object *rootfs, *ids;
	size_t i, n;
	char **v;

	*ret = NULL;
	*ret_n = 0;
	if (!json_object_object_get_ex(root, "rootfs", &rootfs) ||
	    !json_object_object_get_ex(rootfs, "diff_ids", &ids) ||
	    !json_object_is_type(ids, json_type_array))
		return 0;
	n = json_object_array_length(ids);
	if (n > MAX_CONFIG_ITEMS)
		n = MAX_CONFIG_ITEMS;
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		json_object *id = json_object_array_get_idx(ids, i);

		v[i] = strdup(json_object_is_type(id, json_type_string) ?
			      json_object_get_string(id) : "");
		if (!v[i]) {
			while (i-- > 0)
				free(v[i]);
			free(v);
			return -ENOMEM;
		}
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

/* Parses JSON text of at most len bytes; NULL with a message on error. */
json_object *dsec_json_parse(struct dsec_scan *scan, const char *what,
			     const char *text, size_t len)
{
	struct json_tokener *tok = json_tokener_new_ex(MAX_JSON_DEPTH);
	json_object *obj;

	if (!tok) {
		dsec_scan_fail(scan, -ENOMEM, "out of memory");
		return NULL;
	}
	obj = json_tokener_parse_ex(tok, text, (int)len);
	if (!obj || json_tokener_get_parse_end(tok) < len) {
		/* Trailing whitespace after the value is fine. */
		size_t end = json_tokener_get_parse_end(tok);

		while (obj && end < len && strchr(" \t\r\n", text[end]))
			end++;
		if (!obj || end < len) {
			const char *nul = memchr(text, '\0', len);
			enum json_tokener_error err = json_tokener_get_error(tok);

			/* json-c stops at a NUL byte and reports success. */
			if (nul && (size_t)(nul - text) <= end)
				dsec_scan_fail(scan, -EINVAL, "'%s': %s is not valid JSON: "
					       "NUL byte at offset %zu", scan->opts.input, what,
					       (size_t)(nul - text));
			else if (err == json_tokener_success)
				dsec_scan_fail(scan, -EINVAL, "'%s': %s is not valid JSON: "
					       "unexpected data after the value at offset %zu",
					       scan->opts.input, what, end);
			else
				dsec_scan_fail(scan, -EINVAL, "'%s': %s is not valid JSON: "
					       "%s at offset %zu", scan->opts.input, what,
					       json_tokener_error_desc(err), end);
			json_object_put(obj);
			obj = NULL;
		}
	}
	json_tokener_free(tok);
	return obj;
}

/**
 * dsec_image_parse_config() - Fill scan->config from an image config.
 *
 * Also returns the rootfs diff_ids, which the caller frees (each string
 * and the vector).
 */
int dsec_image_parse_config(struct dsec_scan *scan, const char *json, size_t len,
			    char ***ret_diff_ids, size_t *ret_n_diff_ids)
{
	struct dsec_image_config *cfg = &scan->config;
	json_object *root, *config;
	char what[128];
	int r;

	/* Name the config by its digest, which its file name normally carries. */
	snprintf(what, sizeof(what), "the image config %.80s",
		 scan->image_digest ? scan->image_digest : "");
	root = dsec_json_parse(scan, what, json, len);
	if (!root)
		return -EINVAL;
	if (!json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return dsec_scan_fail(scan, -EINVAL, "'%s': the image config is not a JSON object",
				      scan->opts.input);
	}

	cfg->architecture = get_string(scan, root, "architecture");
	cfg->os = get_string(scan, root, "os");
	cfg->created = get_string(scan, root, "created");
	if (json_object_object_get_ex(root, "config", &config) &&
	    json_object_is_type(config, json_type_object)) {
		cfg->user = get_string(scan, config, "User");
		if (cfg->user && !cfg->user[0])
			cfg->user = NULL;
		cfg->workdir = get_string(scan, config, "WorkingDir");
		if (cfg->workdir && !cfg->workdir[0])
			cfg->workdir = NULL;
		r = get_string_array(scan, config, "Env", &cfg->env);
		if (!r)
			r = get_key_set(scan, config, "ExposedPorts", &cfg->exposed_ports);
		if (!r)
			r = get_string_array(scan, config, "Entrypoint", &cfg->entrypoint);
		if (!r)
			r = get_string_array(scan, config, "Cmd", &cfg->cmd);
		if (!r)
			r = get_key_set(scan, config, "Volumes", &cfg->volumes);
		if (r < 0)
			goto out;
		cfg->has_healthcheck = healthcheck_enabled(config);
	}
	r = parse_history(scan, root);
	if (!r)
		r = parse_diff_ids(root, ret_diff_ids, ret_n_diff_ids);
out:
	json_object_put(root);
	if (r == -ENOMEM)
		return dsec_scan_fail(scan, r, "out of memory");
	return r;
}
