// SPDX-License-Identifier: GPL-2.0
/*
 * Policy selection. A policy file in the policy directory declares the
 * images it is for in its top-level `images:` list; each entry is an
 * image digest ("sha256:<hex>"), an image name ("debian:12",
 * "registry.example/app:1.2"), a glob over names ("registry.example/app-*")
 * or "*" for every image. The dsec.policy annotation names a policy
 * directly, but only one in the policy directory: whoever starts the
 * container never points the hook at an arbitrary file.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/oci-hook/hook.h"

/* Match quality, higher is more specific. */
enum {
	MATCH_NONE = 0,
	MATCH_ANY = 1,			/* "*" */
	MATCH_GLOB = 1000,		/* plus the pattern length */
	MATCH_NAME = 100000,
	MATCH_DIGEST = 200000,
};

/* Registry prefixes that Docker adds to short names. */
static const char *const default_registries[] = {
	"docker.io/library/", "docker.io/", "index.docker.io/library/",
	"index.docker.io/",
};

static const char *short_name(const char *name)
{
	size_t i, len;

	for (i = 0; i < sizeof(default_registries) / sizeof(default_registries[0]); i++) {
		len = strlen(default_registries[i]);
		if (!strncmp(name, default_registries[i], len))
			return name + len;
	}
	return name;
}

static bool digest_equal(const char *entry, const char *digest)
{
	const char *at;

	if (!digest)
		return false;
	/* "name@sha256:..." references carry the digest after '@'. */
	at = strrchr(digest, '@');
	if (at)
		digest = at + 1;
	return !strcmp(entry, digest);
}

static int match_entry(const char *entry, const struct hook_container *c)
{
	const char *name = c->image_name;

	if (!strcmp(entry, "*"))
		return MATCH_ANY;
	if (!strncmp(entry, "sha256:", 7))
		return digest_equal(entry, c->image_digest) ||
		       digest_equal(entry, c->image_name) ? MATCH_DIGEST :
							    MATCH_NONE;
	if (!name)
		return MATCH_NONE;
	if (!strcmp(entry, name) ||
	    !strcmp(short_name(entry), short_name(name)))
		return MATCH_NAME;
	if (strpbrk(entry, "*?[") &&
	    (!fnmatch(entry, name, 0) || !fnmatch(entry, short_name(name), 0)))
		return MATCH_GLOB + (int)strlen(entry);
	return MATCH_NONE;
}

static int policy_score(const struct dsec_policy *policy,
			const struct hook_container *c)
{
	int best = MATCH_NONE, score;
	size_t i;

	for (i = 0; i < policy->n_images; i++) {
		score = match_entry(policy->images[i], c);
		if (score > best)
			best = score;
	}
	return best;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_policy_file(const char *name)
{
	size_t len = strlen(name);

	if (name[0] == '.')
		return false;
	return (len > 5 && !strcmp(name + len - 5, ".yaml")) ||
	       (len > 4 && !strcmp(name + len - 4, ".yml"));
}

/* The policy file names of dir, sorted. */
static int list_policy_files(const char *dir, char ***ret_names,
			     size_t *ret_n, char *err)
{
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	DIR *d;
	int ret = 0;

	d = opendir(dir);
	if (!d) {
		ret = -errno;
		hook_err(err,
			 "cannot open policy directory '%s': %s", dir,
			 strerror(errno));
		return ret;
	}
	while ((de = readdir(d))) {
		if (!is_policy_file(de->d_name))
			continue;
		ret = dsec_strv_append(&names, &n, de->d_name);
		if (ret)
			break;
	}
	closedir(d);
	if (ret) {
		hook_err(err, "out of memory");
		while (n)
			free(names[--n]);
		free(names);
		return ret;
	}
	if (n)
		qsort(names, n, sizeof(*names), compare_names);
	*ret_names = names;
	*ret_n = n;
	return 0;
}

static int parse_policy_file(const char *path, struct dsec_policy_set *set,
			     char *err)
{
	struct dsec_diags *diags;
	int ret;

	diags = calloc(1, sizeof(*diags));
	if (!diags)
		return -ENOMEM;
	/* Sets each policy's source and digest, sent along at load. */
	ret = dsec_policy_read_file(path, set, diags);
	if (ret == -EINVAL)
		hook_err(err, "%s:%u:%u: error: %s (check it with 'dsecctl check %s')",
			 path, diags->n ? diags->items[0].pos.line : 0,
			 diags->n ? diags->items[0].pos.column : 0,
			 diags->n ? diags->items[0].message : "invalid policy",
			 path);
	else if (ret)
		hook_err(err, "cannot read policy '%s': %s",
			 path, strerror(-ret));
	free(diags);
	return ret;
}

int hook_select_policy(const struct hook_config *cfg,
		       const struct hook_container *c,
		       struct dsec_policy **ret_policy, char **ret_source,
		       char *err)
{
	struct dsec_policy *best = NULL;
	char **names = NULL, path[PATH_MAX], *best_source = NULL;
	size_t n_names = 0, i, j;
	int best_score = MATCH_NONE, ret;

	ret = list_policy_files(cfg->policy_dir, &names, &n_names, err);
	if (ret)
		return ret;

	/*
	 * Every file is parsed, even after a match: a broken policy file
	 * is reported on the first container start, not on the first
	 * container that would have matched it.
	 */
	for (i = 0; i < n_names; i++) {
		struct dsec_policy_set set = { 0 };

		snprintf(path, sizeof(path), "%s/%s", cfg->policy_dir, names[i]);
		ret = parse_policy_file(path, &set, err);
		if (ret)
			goto out;
		for (j = 0; j < set.n; j++) {
			struct dsec_policy *policy = set.items[j];
			int score;

			if (c->policy_request)
				score = !strcmp(policy->name, c->policy_request) ?
					MATCH_DIGEST + 1 : MATCH_NONE;
			else
				score = policy_score(policy, c);
			if (score <= best_score)
				continue;
			dsec_policy_free(best);
			free(best_source);
			best = policy;
			best_source = strdup(path);
			best_score = score;
			set.items[j] = NULL;
			if (!best_source) {
				ret = -ENOMEM;
				dsec_policy_set_clear(&set);
				goto out;
			}
		}
		dsec_policy_set_clear(&set);
	}

	if (!best && c->policy_request) {
		hook_err(err,
			 "annotation " HOOK_ANNOTATION_POLICY "='%s' names no policy in '%s'",
			 c->policy_request, cfg->policy_dir);
		ret = -ENOENT;
	} else if (!best) {
		hook_err(err,
			 "no policy in '%s' is for image '%s'%s%s; add one with 'images: [\"%s\"]' or a default with 'images: [\"*\"]'",
			 cfg->policy_dir,
			 c->image_name ? c->image_name : "(no image annotation)",
			 c->image_digest ? " digest " : "",
			 c->image_digest ? c->image_digest : "",
			 c->image_name ? c->image_name : "*");
		ret = -ENOENT;
	}
out:
	for (i = 0; i < n_names; i++)
		free(names[i]);
	free(names);
	if (ret == -ENOMEM)
		hook_err(err, "out of memory");
	if (ret) {
		dsec_policy_free(best);
		free(best_source);
		return ret;
	}
	*ret_policy = best;
	*ret_source = best_source;
	return 0;
}

int hook_bind_policy(struct dsec_policy *policy, const char *name,
		     uint64_t cgroup_id)
{
	struct dsec_selector *sel;
	size_t i, j;

	free(policy->name);
	policy->name = strdup(name);
	if (!policy->name)
		return -ENOMEM;

	for (i = 0; i < policy->n_scopes; i++) {
		struct dsec_scope *scope = &policy->scopes[i];

		for (j = 0; j < scope->n_selectors; j++)
			free(scope->selectors[j].value);
		scope->n_selectors = 0;
		sel = dsec_scope_add_selector(scope);
		if (!sel)
			return -ENOMEM;
		sel->type = DSEC_SELECTOR_ID;
		sel->id = cgroup_id;
	}
	return 0;
}
