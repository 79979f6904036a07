// SPDX-License-Identifier: GPL-2.0
/*
 * /etc/dsec/oci-hook.yaml, a flat mapping:
 *
 *   policy-dir: /etc/dsec/policies.d   # where policy files are
 *   cgroup-root: /sys/fs/cgroup        # the cgroup2 mount
 *   on-error: deny                     # deny | allow
 *
 * on-error: deny (the default) makes the hook fail, and with it the
 * container start, whenever it cannot attach a policy. on-error: allow
 * lets the container start unprotected and raises an alert instead.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "ctl/oci-hook/hook.h"

static int set_default(char **dst, const char *value)
{
	if (*dst)
		return 0;
	*dst = strdup(value);
	return *dst ? 0 : -ENOMEM;
}

static int apply_key(struct hook_config *cfg, const char *path,
		     const yaml_node_t *key, const yaml_node_t *value,
		     char *err)
{
	const char *k = (const char *)key->data.scalar.value;
	const char *v;
	char **dst = NULL;

	if (value->type != YAML_SCALAR_NODE) {
		hook_err(err, "%s:%zu: '%s' must be a string",
			 path, value->start_mark.line + 1, k);
		return -EINVAL;
	}
	v = (const char *)value->data.scalar.value;

	if (!strcmp(k, "on-error")) {
		if (!strcmp(v, "deny")) {
			cfg->fail_open = false;
		} else if (!strcmp(v, "allow")) {
			cfg->fail_open = true;
		} else {
			hook_err(err,
				 "%s:%zu: invalid on-error '%s'; expected deny or allow",
				 path, value->start_mark.line + 1, v);
			return -EINVAL;
		}
		return 0;
	}
	if (!strcmp(k, "policy-dir"))
		dst = &cfg->policy_dir;
	else if (!strcmp(k, "cgroup-root"))
		dst = &cfg->cgroup_root;
	if (!dst) {
		hook_err(err,
			 "%s:%zu: unknown key '%s'; expected one of: policy-dir, cgroup-root, on-error",
			 path, key->start_mark.line + 1, k);
		return -EINVAL;
	}
	if (v[0] != '/') {
		hook_err(err,
			 "%s:%zu: %s '%s' must be an absolute path", path,
			 value->start_mark.line + 1, k, v);
		return -EINVAL;
	}
	free(*dst);
	*dst = strdup(v);
	return *dst ? 0 : -ENOMEM;
}

static int parse_config(FILE *f, const char *path, struct hook_config *cfg,
			char *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	yaml_node_pair_t *pair;
	int ret = 0;

	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		hook_err(err, "%s:%zu:%zu: invalid YAML: %s",
			 path, parser.problem_mark.line + 1,
			 parser.problem_mark.column + 1,
			 parser.problem ? parser.problem : "parse error");
		yaml_parser_delete(&parser);
		return -EINVAL;
	}

	root = yaml_document_get_root_node(&doc);
	if (root && root->type != YAML_MAPPING_NODE) {
		hook_err(err, "%s: expected a mapping of settings",
			 path);
		ret = -EINVAL;
	}
	for (pair = root && !ret ? root->data.mapping.pairs.start : NULL;
	     pair && pair < root->data.mapping.pairs.top && !ret; pair++) {
		yaml_node_t *key = yaml_document_get_node(&doc, pair->key);
		yaml_node_t *value = yaml_document_get_node(&doc, pair->value);

		if (!key || !value || key->type != YAML_SCALAR_NODE) {
			hook_err(err, "%s: keys must be strings",
				 path);
			ret = -EINVAL;
			break;
		}
		ret = apply_key(cfg, path, key, value, err);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return ret;
}

int hook_config_load(const char *path, bool must_exist,
		     struct hook_config *cfg, char *err)
{
	FILE *f;
	int ret = 0;

	free(cfg->path);
	cfg->path = strdup(path);
	if (!cfg->path) {
		hook_err(err, "out of memory");
		return -ENOMEM;
	}
	f = fopen(path, "re");
	if (!f && (errno != ENOENT || must_exist)) {
		ret = -errno;
		hook_err(err, "cannot open '%s': %s", path,
			 strerror(errno));
		return ret;
	}
	if (f) {
		ret = parse_config(f, path, cfg, err);
		fclose(f);
		if (ret)
			return ret;
	}
	if (set_default(&cfg->policy_dir, HOOK_POLICY_DIR) ||
	    set_default(&cfg->cgroup_root, HOOK_CGROUP_ROOT)) {
		hook_err(err, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

void hook_config_free(struct hook_config *cfg)
{
	free(cfg->path);
	free(cfg->policy_dir);
	free(cfg->cgroup_root);
	memset(cfg, 0, sizeof(*cfg));
}
