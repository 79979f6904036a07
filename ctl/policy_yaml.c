// SPDX-License-Identifier: GPL-2.0
/*
 * Policy YAML: parse a policy file into struct dsec_policy and write one
 * back. The schema is documented in docs/policy.md.
 *
 * The parser loads each document with libyaml's document API and walks
 * only the keys of the schema, so every unknown key, wrong type or
 * bad value becomes a diagnostic with the line and column of the node.
 * YAML aliases are rejected: a node reached twice would let a small file
 * expand into a huge policy.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <yaml.h>

#include "ctl/policy.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define DSEC_API_VERSION	"dsec/v1"
#define DSEC_KIND		"Policy"

/* Maximum length of a rule's free-text reason, in bytes. */
#define DSEC_REASON_MAX		4096
/*
 * Collections inside collections. A policy needs 6; libyaml's scanner
 * takes time quadratic in the depth of flow collections ("[[[[...").
 */
#define DSEC_YAML_MAX_DEPTH	64

struct parser {
	yaml_document_t *doc;
	struct dsec_diags *diags;
	unsigned char *seen;	/* one byte per node: reached already */
	size_t n_nodes;
	bool nomem;
};

static struct dsec_pos node_pos(const yaml_node_t *node)
{
	struct dsec_pos pos = {
		.line = (unsigned int)node->start_mark.line + 1,
		.column = (unsigned int)node->start_mark.column + 1,
	};

	return pos;
}

static const char *node_kind(const yaml_node_t *node)
{
	switch (node->type) {
	case YAML_SCALAR_NODE:
		return "a scalar";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "nothing";
	}
}

/*
 * Fetch a node and mark it reached. A node reached twice is the target
 * of an alias; it is reported and not walked again.
 */
static yaml_node_t *get_node(struct parser *p, int id)
{
	yaml_node_t *node = yaml_document_get_node(p->doc, id);
	size_t index = (size_t)id - 1;

	if (!node)
		return NULL;
	if (index < p->n_nodes && p->seen[index]) {
		dsec_diag_add(p->diags, node_pos(node),
			      "YAML aliases are not supported; write the value out");
		return NULL;
	}
	if (index < p->n_nodes)
		p->seen[index] = 1;
	return node;
}

static const char *scalar(const yaml_node_t *node)
{
	return (const char *)node->data.scalar.value;
}

static bool is_plain(const yaml_node_t *node)
{
	return node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static bool is_null(const yaml_node_t *node)
{
	const char *v;

	if (node->type != YAML_SCALAR_NODE || !is_plain(node))
		return false;
	v = scalar(node);
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") ||
	       !strcmp(v, "Null") || !strcmp(v, "NULL");
}

/* Return the text of a scalar node, or report what was found instead. */
static const char *expect_string(struct parser *p, const yaml_node_t *node,
				 const char *key)
{
	if (node->type != YAML_SCALAR_NODE || is_null(node)) {
		dsec_diag_add(p->diags, node_pos(node),
			      "'%s' must be a string, found %s", key,
			      is_null(node) ? "an empty value" : node_kind(node));
		return NULL;
	}
	if (strlen(scalar(node)) != node->data.scalar.length) {
		dsec_diag_add(p->diags, node_pos(node),
			      "'%s' contains a NUL character", key);
		return NULL;
	}
	return scalar(node);
}

static char *dup_string(struct parser *p, const yaml_node_t *node,
			const char *key)
{
	const char *v = expect_string(p, node, key);
	char *copy;

	if (!v)
		return NULL;
	copy = strdup(v);
	if (!copy)
		p->nomem = true;
	return copy;
}

static int parse_bool(struct parser *p, const yaml_node_t *node,
		      const char *key, bool *ret)
{
	const char *v;

	if (node->type == YAML_SCALAR_NODE && is_plain(node)) {
		v = scalar(node);
		if (!strcmp(v, "true") || !strcmp(v, "True") ||
		    !strcmp(v, "TRUE")) {
			*ret = true;
			return 0;
		}
		if (!strcmp(v, "false") || !strcmp(v, "False") ||
		    !strcmp(v, "FALSE")) {
			*ret = false;
			return 0;
		}
	}
	dsec_diag_add(p->diags, node_pos(node),
		      "'%s' must be true or false, found %s%s%s%s", key,
		      node->type == YAML_SCALAR_NODE ? "'" : "",
		      node->type == YAML_SCALAR_NODE ? scalar(node) :
						       node_kind(node),
		      node->type == YAML_SCALAR_NODE ? "'" : "",
		      node->type == YAML_SCALAR_NODE && !is_plain(node) ?
			      " (quoted)" : "");
	return -EINVAL;
}

/* Parse a plain decimal integer in [min, max]. */
static int parse_uint(struct parser *p, const yaml_node_t *node,
		      const char *key, uint64_t min, uint64_t max,
		      uint64_t *ret)
{
	const char *v;
	uint64_t value = 0;
	const char *c;

	if (node->type != YAML_SCALAR_NODE || !is_plain(node) ||
	    !*scalar(node))
		goto invalid;
	v = scalar(node);
	for (c = v; *c; c++) {
		if (*c < '0' || *c > '9')
			goto invalid;
		if (value > (UINT64_MAX - (uint64_t)(*c - '0')) / 10)
			goto range;
		value = value * 10 + (uint64_t)(*c - '0');
	}
	if (value < min || value > max)
		goto range;
	*ret = value;
	return 0;

range:
	dsec_diag_add(p->diags, node_pos(node),
		      "'%s' is out of range: '%s'; expected %" PRIu64 " to %" PRIu64,
		      key, scalar(node), min, max);
	return -EINVAL;
invalid:
	dsec_diag_add(p->diags, node_pos(node),
		      "'%s' must be a decimal integer, found %s%s%s", key,
		      node->type == YAML_SCALAR_NODE ? "'" : "",
		      node->type == YAML_SCALAR_NODE ? scalar(node) :
						       node_kind(node),
		      node->type == YAML_SCALAR_NODE ? "'" : "");
	return -EINVAL;
}

/* Parse one of the names of table; what names the kind of value. */
static int parse_enum(struct parser *p, const yaml_node_t *node,
		      const char *what, const char *const *table, size_t n,
		      size_t first)
{
	char expected[256];
	const char *v;
	int value;

	v = expect_string(p, node, what);
	if (!v)
		return -1;
	value = dsec_name_lookup(table + first, n - first, v);
	if (value >= 0)
		return value + (int)first;
	dsec_name_list(table + first, n - first, expected, sizeof(expected));
	dsec_diag_add(p->diags, node_pos(node),
		      "unknown %s '%s'; expected one of: %s", what, v, expected);
	return -1;
}

/*
 * Walk the keys of a mapping. Each key must be a plain scalar from keys[];
 * duplicates and unknown keys are reported. ret_values[i] receives the
 * value node of keys[i], or NULL when absent.
 */
static int walk_mapping(struct parser *p, yaml_node_t *map, const char *what,
			const char *const *keys, size_t n_keys,
			yaml_node_t **ret_values)
{
	yaml_node_pair_t *pair;
	char expected[512];
	size_t i;

	for (i = 0; i < n_keys; i++)
		ret_values[i] = NULL;
	if (map->type != YAML_MAPPING_NODE) {
		dsec_diag_add(p->diags, node_pos(map),
			      "%s must be a mapping, found %s", what,
			      node_kind(map));
		return -EINVAL;
	}

	for (pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = get_node(p, pair->key);
		yaml_node_t *value = get_node(p, pair->value);
		int k;

		if (!key || !value)
			continue;
		if (key->type != YAML_SCALAR_NODE) {
			dsec_diag_add(p->diags, node_pos(key),
				      "keys in %s must be strings, found %s",
				      what, node_kind(key));
			continue;
		}
		k = dsec_name_lookup(keys, n_keys, scalar(key));
		if (k < 0) {
			dsec_name_list(keys, n_keys, expected,
				       sizeof(expected));
			dsec_diag_add(p->diags, node_pos(key),
				      "unknown key '%s' in %s; expected one of: %s",
				      scalar(key), what, expected);
			continue;
		}
		if (ret_values[k]) {
			dsec_diag_add(p->diags, node_pos(key),
				      "duplicate key '%s' in %s", scalar(key),
				      what);
			continue;
		}
		ret_values[k] = value;
	}
	return 0;
}

static bool expect_sequence(struct parser *p, const yaml_node_t *node,
			    const char *key)
{
	if (node->type == YAML_SEQUENCE_NODE)
		return true;
	dsec_diag_add(p->diags, node_pos(node), "'%s' must be a list, found %s",
		      key, is_null(node) ? "an empty value" : node_kind(node));
	return false;
}

static void require(struct parser *p, yaml_node_t *map, yaml_node_t *value,
		    const char *key, const char *what)
{
	if (!value)
		dsec_diag_add(p->diags, node_pos(map),
			      "%s is missing the required key '%s'", what, key);
}

enum { SEL_PREFIX, SEL_GLOB, SEL_ID, SEL_N };
static const char *const selector_keys[SEL_N] = {
	[SEL_PREFIX] = "prefix",
	[SEL_GLOB] = "glob",
	[SEL_ID] = "id",
};

static void parse_selector(struct parser *p, struct dsec_scope *scope,
			   yaml_node_t *node)
{
	yaml_node_t *v[SEL_N];
	struct dsec_selector *sel;
	size_t i, n = 0;
	int which = -1;

	if (walk_mapping(p, node, "a selector", selector_keys, SEL_N, v))
		return;
	for (i = 0; i < SEL_N; i++) {
		if (v[i]) {
			n++;
			which = (int)i;
		}
	}
	if (n != 1) {
		dsec_diag_add(p->diags, node_pos(node),
			      "a selector needs exactly one of prefix, glob or id; found %zu",
			      n);
		return;
	}

	sel = dsec_scope_add_selector(scope);
	if (!sel) {
		p->nomem = true;
		return;
	}
	sel->pos = node_pos(v[which]);
	switch (which) {
	case SEL_PREFIX:
		sel->type = DSEC_SELECTOR_PREFIX;
		sel->value = dup_string(p, v[which], "prefix");
		break;
	case SEL_GLOB:
		sel->type = DSEC_SELECTOR_GLOB;
		sel->value = dup_string(p, v[which], "glob");
		break;
	default:
		sel->type = DSEC_SELECTOR_ID;
		if (parse_uint(p, v[which], "id", 1, UINT64_MAX, &sel->id))
			sel->id = 1;	/* reported; keep validation quiet */
		return;
	}
	if (!sel->value)
		scope->n_selectors--;
}

static void parse_guards(struct parser *p, struct dsec_scope *scope,
			 yaml_node_t *node)
{
	yaml_node_item_t *item;

	if (node->type == YAML_SCALAR_NODE && !strcmp(scalar(node), "all")) {
		scope->guards = DSEC_GUARD_ALL;
		return;
	}
	if (node->type == YAML_SCALAR_NODE && !strcmp(scalar(node), "none")) {
		scope->guards = 0;
		return;
	}
	if (node->type != YAML_SEQUENCE_NODE) {
		dsec_diag_add(p->diags, node_pos(node),
			      "'guards' must be 'all', 'none' or a list of guard names, found %s%s%s",
			      node->type == YAML_SCALAR_NODE ? "'" : "",
			      node->type == YAML_SCALAR_NODE ? scalar(node) :
							       node_kind(node),
			      node->type == YAML_SCALAR_NODE ? "'" : "");
		return;
	}
	for (item = node->data.sequence.items.start;
	     item < node->data.sequence.items.top; item++) {
		yaml_node_t *g = get_node(p, *item);
		int bit;

		if (!g)
			continue;
		bit = parse_enum(p, g, "guard", dsec_guard_names,
				 DSEC_GUARD_COUNT, 0);
		if (bit >= 0)
			scope->guards |= 1U << bit;
	}
}

static void parse_string_list(struct parser *p, yaml_node_t *node,
			      const char *key, char ***strv, size_t *n)
{
	yaml_node_item_t *item;

	if (!expect_sequence(p, node, key))
		return;
	for (item = node->data.sequence.items.start;
	     item < node->data.sequence.items.top; item++) {
		yaml_node_t *s = get_node(p, *item);
		const char *v;

		if (!s)
			continue;
		v = expect_string(p, s, key);
		if (v && dsec_strv_append(strv, n, v))
			p->nomem = true;
	}
}

static void parse_defaults(struct parser *p, struct dsec_scope *scope,
			   yaml_node_t *node)
{
	yaml_node_t *v[DSEC_HOOK_COUNT];
	size_t i;

	if (walk_mapping(p, node, "'defaults'", dsec_hook_names,
			 DSEC_HOOK_COUNT, v))
		return;
	for (i = 0; i < DSEC_HOOK_COUNT; i++) {
		int action;

		if (!v[i])
			continue;
		action = parse_enum(p, v[i], "action", dsec_action_names,
				    __DSEC_ACTION_MAX, 0);
		if (action >= 0)
			scope->defaults[i] = action;
	}
}

enum {
	R_ID, R_HOOK, R_ACTION, R_PATH, R_MATCH, R_MODE, R_SETUID, R_NAME,
	R_FINDING, R_REASON, R_N
};
static const char *const rule_keys[R_N] = {
	[R_ID] = "id",
	[R_HOOK] = "hook",
	[R_ACTION] = "action",
	[R_PATH] = "path",
	[R_MATCH] = "match",
	[R_MODE] = "mode",
	[R_SETUID] = "setuid-only",
	[R_NAME] = "name",
	[R_FINDING] = "finding",
	[R_REASON] = "reason",
};

static void parse_rule(struct parser *p, struct dsec_policy *policy,
		       uint32_t scope_index, yaml_node_t *node)
{
	yaml_node_t *v[R_N];
	struct dsec_rule *rule;
	uint64_t id;
	bool setuid;
	int value;

	if (walk_mapping(p, node, "a rule", rule_keys, R_N, v))
		return;
	require(p, node, v[R_HOOK], "hook", "rule");
	require(p, node, v[R_ACTION], "action", "rule");

	rule = dsec_policy_add_rule(policy);
	if (!rule) {
		p->nomem = true;
		return;
	}
	rule->pos = node_pos(node);
	rule->scope = scope_index;
	rule->mode = DSEC_MODE_INHERIT;

	if (v[R_ID]) {
		rule->id_pos = node_pos(v[R_ID]);
		if (!parse_uint(p, v[R_ID], "id", 1, UINT32_MAX, &id))
			rule->id = (uint32_t)id;
	}
	if (v[R_HOOK]) {
		value = parse_enum(p, v[R_HOOK], "hook", dsec_hook_names,
				   DSEC_HOOK_COUNT, 0);
		if (value >= 0)
			rule->hook = value;
	}
	if (v[R_ACTION]) {
		value = parse_enum(p, v[R_ACTION], "action", dsec_action_names,
				   __DSEC_ACTION_MAX, 0);
		if (value >= 0)
			rule->action = value;
	}
	if (v[R_PATH]) {
		rule->path_pos = node_pos(v[R_PATH]);
		rule->path = dup_string(p, v[R_PATH], "path");
	}
	if (v[R_MATCH]) {
		value = parse_enum(p, v[R_MATCH], "match type",
				   dsec_match_names, __DSEC_MATCH_MAX, 0);
		if (value >= 0)
			rule->match = value;
	} else if (rule->path) {
		rule->match = dsec_match_infer(rule->path);
	}
	if (v[R_MODE]) {
		value = parse_enum(p, v[R_MODE], "mode", dsec_mode_names,
				   __DSEC_MODE_MAX, 0);
		if (value >= 0)
			rule->mode = value;
	}
	if (v[R_SETUID] && !parse_bool(p, v[R_SETUID], "setuid-only", &setuid) &&
	    setuid)
		rule->flags |= DSEC_RULE_F_SETUID;
	if (v[R_NAME]) {
		rule->name_pos = node_pos(v[R_NAME]);
		rule->name = dup_string(p, v[R_NAME], "name");
	}
	if (v[R_FINDING]) {
		rule->finding = dup_string(p, v[R_FINDING], "finding");
		if (rule->finding && !dsec_name_valid(rule->finding))
			dsec_diag_add(p->diags, node_pos(v[R_FINDING]),
				      "invalid finding id '%s'; use 1 to %d letters, digits or _ . : -",
				      rule->finding, DSEC_NAME_MAX - 1);
	}
	if (v[R_REASON]) {
		rule->reason = dup_string(p, v[R_REASON], "reason");
		if (rule->reason && strlen(rule->reason) > DSEC_REASON_MAX)
			dsec_diag_add(p->diags, node_pos(v[R_REASON]),
				      "reason is %zu bytes long; the maximum is %d",
				      strlen(rule->reason), DSEC_REASON_MAX);
	}
}

enum {
	S_NAME, S_MODE, S_SELECTORS, S_GUARDS, S_FSTYPES, S_WRITABLE,
	S_CGROUP_WRITABLE, S_DEFAULTS, S_RULES, S_N
};
static const char *const scope_keys[S_N] = {
	[S_NAME] = "name",
	[S_MODE] = "mode",
	[S_SELECTORS] = "selectors",
	[S_GUARDS] = "guards",
	[S_FSTYPES] = "mount-fstypes",
	[S_WRITABLE] = "writable",
	[S_CGROUP_WRITABLE] = "cgroup-writable",
	[S_DEFAULTS] = "defaults",
	[S_RULES] = "rules",
};

static void parse_scope(struct parser *p, struct dsec_policy *policy,
			yaml_node_t *node)
{
	yaml_node_t *v[S_N];
	struct dsec_scope *scope;
	yaml_node_item_t *item;
	uint32_t index;
	bool flag;
	int value;

	if (walk_mapping(p, node, "a scope", scope_keys, S_N, v))
		return;

	index = (uint32_t)policy->n_scopes;
	scope = dsec_policy_add_scope(policy);
	if (!scope) {
		p->nomem = true;
		return;
	}
	scope->pos = node_pos(node);
	scope->mode = DSEC_MODE_INHERIT;

	if (v[S_NAME]) {
		scope->name_pos = node_pos(v[S_NAME]);
		scope->name = dup_string(p, v[S_NAME], "name");
	}
	if (v[S_MODE]) {
		value = parse_enum(p, v[S_MODE], "mode", dsec_mode_names,
				   __DSEC_MODE_MAX, 0);
		if (value >= 0)
			scope->mode = value;
	}
	if (v[S_SELECTORS] && expect_sequence(p, v[S_SELECTORS], "selectors")) {
		for (item = v[S_SELECTORS]->data.sequence.items.start;
		     item < v[S_SELECTORS]->data.sequence.items.top; item++) {
			yaml_node_t *sel = get_node(p, *item);

			if (sel)
				parse_selector(p, scope, sel);
		}
	}
	if (v[S_GUARDS])
		parse_guards(p, scope, v[S_GUARDS]);
	if (v[S_FSTYPES]) {
		scope->fstypes_pos = node_pos(v[S_FSTYPES]);
		parse_string_list(p, v[S_FSTYPES], "mount-fstypes",
				  &scope->fstypes, &scope->n_fstypes);
	}
	if (v[S_WRITABLE]) {
		scope->writable_pos = node_pos(v[S_WRITABLE]);
		parse_string_list(p, v[S_WRITABLE], "writable",
				  &scope->writable, &scope->n_writable);
	}
	if (v[S_CGROUP_WRITABLE] &&
	    !parse_bool(p, v[S_CGROUP_WRITABLE], "cgroup-writable", &flag) &&
	    flag)
		scope->flags |= DSEC_SCOPE_F_CGROUP_WRITABLE;
	if (v[S_DEFAULTS])
		parse_defaults(p, scope, v[S_DEFAULTS]);

	if (v[S_RULES] && expect_sequence(p, v[S_RULES], "rules")) {
		for (item = v[S_RULES]->data.sequence.items.start;
		     item < v[S_RULES]->data.sequence.items.top; item++) {
			yaml_node_t *rule = get_node(p, *item);

			if (rule)
				parse_rule(p, policy, index, rule);
			if (p->nomem)
				return;
		}
	}
}

enum { P_API, P_KIND, P_NAME, P_MODE, P_LOCK, P_IMAGES, P_SCOPES, P_N };
static const char *const policy_keys[P_N] = {
	[P_API] = "apiVersion",
	[P_KIND] = "kind",
	[P_NAME] = "name",
	[P_MODE] = "mode",
	[P_LOCK] = "lock",
	[P_IMAGES] = "images",
	[P_SCOPES] = "scopes",
};

static void parse_policy(struct parser *p, struct dsec_policy *policy,
			 yaml_node_t *root)
{
	yaml_node_t *v[P_N];
	yaml_node_item_t *item;
	const char *s;
	bool lock;
	int value;

	policy->pos = node_pos(root);
	if (walk_mapping(p, root, "a policy", policy_keys, P_N, v))
		return;
	require(p, root, v[P_API], "apiVersion", "policy");
	require(p, root, v[P_KIND], "kind", "policy");

	if (v[P_API]) {
		s = expect_string(p, v[P_API], "apiVersion");
		if (s && strcmp(s, DSEC_API_VERSION))
			dsec_diag_add(p->diags, node_pos(v[P_API]),
				      "unsupported apiVersion '%s'; expected '%s'",
				      s, DSEC_API_VERSION);
	}
	if (v[P_KIND]) {
		s = expect_string(p, v[P_KIND], "kind");
		if (s && strcmp(s, DSEC_KIND))
			dsec_diag_add(p->diags, node_pos(v[P_KIND]),
				      "unsupported kind '%s'; expected '%s'",
				      s, DSEC_KIND);
	}
	if (v[P_NAME]) {
		policy->name_pos = node_pos(v[P_NAME]);
		policy->name = dup_string(p, v[P_NAME], "name");
	}
	if (v[P_MODE]) {
		/* A policy has no enclosing mode, so 'inherit' is left out. */
		value = parse_enum(p, v[P_MODE], "policy mode", dsec_mode_names,
				   __DSEC_MODE_MAX, DSEC_MODE_ENFORCE);
		if (value >= 0)
			policy->mode = value;
	}
	if (v[P_LOCK] && !parse_bool(p, v[P_LOCK], "lock", &lock) && lock)
		policy->flags |= DSEC_POLICY_F_LOCK;
	if (v[P_IMAGES])
		parse_string_list(p, v[P_IMAGES], "images", &policy->images,
				  &policy->n_images);
	if (v[P_SCOPES] && !is_null(v[P_SCOPES]) &&
	    expect_sequence(p, v[P_SCOPES], "scopes")) {
		for (item = v[P_SCOPES]->data.sequence.items.start;
		     item < v[P_SCOPES]->data.sequence.items.top; item++) {
			yaml_node_t *scope = get_node(p, *item);

			if (scope)
				parse_scope(p, policy, scope);
			if (p->nomem)
				return;
		}
	}
}

static int parse_document(struct parser *p, yaml_document_t *doc,
			  struct dsec_policy_set *set)
{
	struct dsec_policy *policy;
	yaml_node_t *root;
	size_t i;
	int err;

	p->doc = doc;
	p->n_nodes = (size_t)(doc->nodes.top - doc->nodes.start);
	free(p->seen);
	p->seen = calloc(p->n_nodes + 1, 1);
	if (!p->seen)
		return -ENOMEM;

	policy = dsec_policy_new();
	if (!policy)
		return -ENOMEM;
	root = get_node(p, 1);
	parse_policy(p, policy, root);
	if (p->nomem) {
		dsec_policy_free(policy);
		return -ENOMEM;
	}

	/*
	 * Ids are assigned once every explicit id is known. Validation runs
	 * even after parse errors, so one run reports every problem.
	 */
	err = dsec_policy_assign_ids(policy);
	if (err == -ERANGE)
		dsec_diag_add(p->diags, policy->pos,
			      "no rule ids left to assign; give the rules explicit ids");
	if (!err)
		err = dsec_policy_validate(policy, p->diags);
	if (err == -ENOMEM) {
		dsec_policy_free(policy);
		return err;
	}

	for (i = 0; policy->name && i < set->n; i++) {
		if (strcmp(set->items[i]->name, policy->name))
			continue;
		dsec_diag_add(p->diags, policy->name_pos,
			      "policy name '%s' is already used at line %u",
			      policy->name, set->items[i]->pos.line);
		break;
	}

	err = dsec_policy_set_append(set, policy);
	if (err)
		dsec_policy_free(policy);
	return err;
}

/* Order the diagnostics from index first on by position, keeping ties. */
static void sort_diags(struct dsec_diags *diags, size_t first)
{
	size_t i, j;

	for (i = first + 1; i < diags->n; i++) {
		struct dsec_diag d = diags->items[i];

		for (j = i; j > first; j--) {
			const struct dsec_pos *prev = &diags->items[j - 1].pos;

			if (prev->line < d.pos.line ||
			    (prev->line == d.pos.line &&
			     prev->column <= d.pos.column))
				break;
			diags->items[j] = diags->items[j - 1];
		}
		diags->items[j] = d;
	}
}

/*
 * Reads the events of the whole file once and rejects collections nested
 * deeper than DSEC_YAML_MAX_DEPTH, before yaml_parser_load() builds
 * them. Returns 0, -EINVAL after adding a diagnostic, or -ENOMEM. Syntax
 * errors are left to the load, which reports them.
 */
static int check_depth(const char *buf, size_t len, struct dsec_diags *diags)
{
	yaml_parser_t parser;
	unsigned int depth = 0;
	int err = 0;

	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	for (;;) {
		yaml_event_t event;
		bool done;

		if (!yaml_parser_parse(&parser, &event)) {
			if (parser.error == YAML_MEMORY_ERROR)
				err = -ENOMEM;
			break;
		}
		if (event.type == YAML_SEQUENCE_START_EVENT ||
		    event.type == YAML_MAPPING_START_EVENT) {
			if (++depth > DSEC_YAML_MAX_DEPTH) {
				dsec_diag_add(diags, (struct dsec_pos){
					      event.start_mark.line + 1,
					      event.start_mark.column + 1 },
					      "collections nested more than %d levels deep",
					      DSEC_YAML_MAX_DEPTH);
				err = -EINVAL;
			}
		} else if (event.type == YAML_SEQUENCE_END_EVENT ||
			   event.type == YAML_MAPPING_END_EVENT) {
			depth--;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
		if (done || err)
			break;
	}
	yaml_parser_delete(&parser);
	return err;
}

int dsec_policy_parse(const char *buf, size_t len,
		      struct dsec_policy_set *ret_set,
		      struct dsec_diags *diags)
{
	struct dsec_policy_set set = { 0 };
	struct parser p = { .diags = diags };
	yaml_parser_t parser;
	size_t before = diags->n;
	int err = 0;

	err = check_depth(buf, len, diags);
	if (err)
		return err;
	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);

	for (;;) {
		yaml_document_t doc;

		if (!yaml_parser_load(&parser, &doc)) {
			struct dsec_pos pos = {
				.line = (unsigned int)parser.problem_mark.line + 1,
				.column = (unsigned int)parser.problem_mark.column + 1,
			};

			if (parser.error == YAML_MEMORY_ERROR) {
				err = -ENOMEM;
				break;
			}
			dsec_diag_add(diags, pos, "invalid YAML: %s%s%s",
				      parser.problem ? parser.problem : "syntax error",
				      parser.context ? " " : "",
				      parser.context ? parser.context : "");
			break;
		}
		if (!yaml_document_get_root_node(&doc)) {
			yaml_document_delete(&doc);
			break;
		}
		err = parse_document(&p, &doc, &set);
		yaml_document_delete(&doc);
		if (err || diags->truncated)
			break;
	}
	yaml_parser_delete(&parser);
	free(p.seen);

	if (!err && !set.n && diags->n == before)
		dsec_diag_add(diags, (struct dsec_pos){ 1, 1 },
			      "the file holds no policy; expected a mapping with apiVersion: %s",
			      DSEC_API_VERSION);
	if (!err && diags->n > before) {
		sort_diags(diags, before);
		err = -EINVAL;
	}
	if (err) {
		dsec_policy_set_clear(&set);
		return err;
	}
	*ret_set = set;
	return 0;
}

int dsec_read_file(const char *path, char **ret_buf, size_t *ret_len)
{
	size_t len = 0, cap = 64 * 1024;
	char *buf, *grown;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	/* Read to the end instead of trusting st_size: pipes have none. */
	for (;;) {
		if (len == cap) {
			if (cap >= DSEC_POLICY_FILE_MAX) {
				err = -EFBIG;
				goto fail;
			}
			cap *= 2;
			grown = realloc(buf, cap + 1);
			if (!grown) {
				err = -ENOMEM;
				goto fail;
			}
			buf = grown;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			goto fail;
		}
		if (!n)
			break;
		len += (size_t)n;
		if (len > DSEC_POLICY_FILE_MAX) {
			err = -EFBIG;
			goto fail;
		}
	}
	close(fd);
	buf[len] = '\0';
	*ret_buf = buf;
	*ret_len = len;
	return 0;

fail:
	free(buf);
	close(fd);
	return err;
}

/* Emitter */

static int emit(yaml_emitter_t *e, yaml_event_t *event)
{
	return yaml_emitter_emit(e, event) ? 0 : -EIO;
}

/* Strings that a YAML reader would take for a number, bool or null. */
static bool looks_typed(const char *s)
{
	static const char *const words[] = {
		"", "~", "null", "Null", "NULL", "true", "True", "TRUE",
		"false", "False", "FALSE", "yes", "Yes", "YES", "no", "No",
		"NO", "on", "On", "ON", "off", "Off", "OFF",
	};
	const char *c = s;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (!strcmp(s, words[i]))
			return true;
	if (*c == '-' || *c == '+')
		c++;
	if (!*c)
		return false;
	for (; *c; c++)
		if (!strchr("0123456789._eExXoOabcdefABCDEF", *c))
			return false;
	return true;
}

static int emit_str(yaml_emitter_t *e, const char *s)
{
	yaml_event_t event;
	bool quote = looks_typed(s);

	yaml_scalar_event_initialize(&event, NULL, NULL, (yaml_char_t *)s,
				     (int)strlen(s), !quote, 1,
				     quote ? YAML_DOUBLE_QUOTED_SCALAR_STYLE :
					     YAML_ANY_SCALAR_STYLE);
	return emit(e, &event);
}

/* Emit an integer or bool as a plain scalar. */
static int emit_plain(yaml_emitter_t *e, const char *s)
{
	yaml_event_t event;

	yaml_scalar_event_initialize(&event, NULL, NULL, (yaml_char_t *)s,
				     (int)strlen(s), 1, 0,
				     YAML_PLAIN_SCALAR_STYLE);
	return emit(e, &event);
}

static int emit_u64(yaml_emitter_t *e, uint64_t value)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, value);
	return emit_plain(e, buf);
}

static int emit_kv(yaml_emitter_t *e, const char *key, const char *value)
{
	return emit_str(e, key) ?: emit_str(e, value);
}

static int emit_kv_plain(yaml_emitter_t *e, const char *key, const char *value)
{
	return emit_str(e, key) ?: emit_plain(e, value);
}

static int start_map(yaml_emitter_t *e, bool flow)
{
	yaml_event_t event;

	yaml_mapping_start_event_initialize(&event, NULL, NULL, 1,
					    flow ? YAML_FLOW_MAPPING_STYLE :
						   YAML_BLOCK_MAPPING_STYLE);
	return emit(e, &event);
}

static int end_map(yaml_emitter_t *e)
{
	yaml_event_t event;

	yaml_mapping_end_event_initialize(&event);
	return emit(e, &event);
}

static int start_seq(yaml_emitter_t *e, bool flow)
{
	yaml_event_t event;

	yaml_sequence_start_event_initialize(&event, NULL, NULL, 1,
					     flow ? YAML_FLOW_SEQUENCE_STYLE :
						    YAML_BLOCK_SEQUENCE_STYLE);
	return emit(e, &event);
}

static int end_seq(yaml_emitter_t *e)
{
	yaml_event_t event;

	yaml_sequence_end_event_initialize(&event);
	return emit(e, &event);
}

static int emit_strv(yaml_emitter_t *e, const char *key, char **strv,
		     size_t n)
{
	size_t i;
	int err;

	err = emit_str(e, key) ?: start_seq(e, true);
	for (i = 0; !err && i < n; i++)
		err = emit_str(e, strv[i]);
	return err ?: end_seq(e);
}

static int emit_guards(yaml_emitter_t *e, uint32_t guards)
{
	size_t i;
	int err;

	if (guards == DSEC_GUARD_ALL)
		return emit_kv(e, "guards", "all");
	if (!guards)
		return emit_kv(e, "guards", "none");
	err = emit_str(e, "guards") ?: start_seq(e, true);
	for (i = 0; !err && i < DSEC_GUARD_COUNT; i++)
		if (guards & (1U << i))
			err = emit_str(e, dsec_guard_names[i]);
	return err ?: end_seq(e);
}

static int emit_selector(yaml_emitter_t *e, const struct dsec_selector *sel)
{
	int err = start_map(e, true);

	if (err)
		return err;
	switch (sel->type) {
	case DSEC_SELECTOR_PREFIX:
		err = emit_kv(e, "prefix", sel->value);
		break;
	case DSEC_SELECTOR_GLOB:
		err = emit_kv(e, "glob", sel->value);
		break;
	default:
		err = emit_str(e, "id") ?: emit_u64(e, sel->id);
		break;
	}
	return err ?: end_map(e);
}

static int emit_rule(yaml_emitter_t *e, const struct dsec_rule *rule)
{
	int err;

	err = start_map(e, false) ?:
	      emit_str(e, "id") ?: emit_u64(e, rule->id) ?:
	      emit_kv(e, "hook", dsec_enum_name(dsec_hook_names,
						DSEC_HOOK_COUNT, rule->hook)) ?:
	      emit_kv(e, "action", dsec_enum_name(dsec_action_names,
						  __DSEC_ACTION_MAX,
						  rule->action)) ?:
	      emit_kv(e, "path", rule->path) ?:
	      emit_kv(e, "match", dsec_enum_name(dsec_match_names,
						 __DSEC_MATCH_MAX,
						 rule->match));
	if (!err && rule->mode != DSEC_MODE_INHERIT)
		err = emit_kv(e, "mode", dsec_enum_name(dsec_mode_names,
							__DSEC_MODE_MAX,
							rule->mode));
	if (!err && (rule->flags & DSEC_RULE_F_SETUID))
		err = emit_kv_plain(e, "setuid-only", "true");
	if (!err && rule->name)
		err = emit_kv(e, "name", rule->name);
	if (!err && rule->finding)
		err = emit_kv(e, "finding", rule->finding);
	if (!err && rule->reason)
		err = emit_kv(e, "reason", rule->reason);
	return err ?: end_map(e);
}

static int emit_scope(yaml_emitter_t *e, const struct dsec_policy *policy,
		      size_t index)
{
	const struct dsec_scope *scope = &policy->scopes[index];
	bool has_defaults = false, has_rules = false;
	size_t i;
	int err;

	err = start_map(e, false) ?: emit_kv(e, "name", scope->name);
	if (!err && scope->mode != DSEC_MODE_INHERIT)
		err = emit_kv(e, "mode", dsec_enum_name(dsec_mode_names,
							__DSEC_MODE_MAX,
							scope->mode));
	err = err ?: emit_str(e, "selectors") ?: start_seq(e, false);
	for (i = 0; !err && i < scope->n_selectors; i++)
		err = emit_selector(e, &scope->selectors[i]);
	err = err ?: end_seq(e) ?: emit_guards(e, scope->guards);
	if (!err && scope->n_fstypes)
		err = emit_strv(e, "mount-fstypes", scope->fstypes,
				scope->n_fstypes);
	if (!err && scope->n_writable)
		err = emit_strv(e, "writable", scope->writable,
				scope->n_writable);
	if (!err && (scope->flags & DSEC_SCOPE_F_CGROUP_WRITABLE))
		err = emit_kv_plain(e, "cgroup-writable", "true");

	for (i = 0; i < DSEC_HOOK_COUNT; i++)
		if (scope->defaults[i] != DSEC_DEFAULT_UNSET)
			has_defaults = true;
	if (!err && has_defaults) {
		err = emit_str(e, "defaults") ?: start_map(e, true);
		for (i = 0; !err && i < DSEC_HOOK_COUNT; i++)
			if (scope->defaults[i] != DSEC_DEFAULT_UNSET)
				err = emit_kv(e, dsec_hook_names[i],
					      dsec_enum_name(dsec_action_names,
							     __DSEC_ACTION_MAX,
							     (unsigned int)scope->defaults[i]));
		err = err ?: end_map(e);
	}

	for (i = 0; i < policy->n_rules; i++)
		if (policy->rules[i].scope == index)
			has_rules = true;
	if (!err && has_rules) {
		err = emit_str(e, "rules") ?: start_seq(e, false);
		for (i = 0; !err && i < policy->n_rules; i++)
			if (policy->rules[i].scope == index)
				err = emit_rule(e, &policy->rules[i]);
		err = err ?: end_seq(e);
	}
	return err ?: end_map(e);
}

static void emit_comments(const struct dsec_policy *policy, FILE *out)
{
	size_t i;

	if (policy->source)
		fprintf(out, "# source: %s\n", policy->source);
	if (policy->has_digest) {
		fputs("# sha256: ", out);
		for (i = 0; i < DSEC_DIGEST_LEN; i++)
			fprintf(out, "%02x", policy->digest[i]);
		fputc('\n', out);
	}
	if (policy->generation)
		fprintf(out, "# generation: %" PRIu64 "\n", policy->generation);
	if (policy->loaded_ns) {
		time_t sec = (time_t)(policy->loaded_ns / 1000000000ULL);
		struct tm tm;
		char when[64];

		if (gmtime_r(&sec, &tm) &&
		    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
			fprintf(out, "# loaded: %s\n", when);
	}
}

int dsec_policy_emit(const struct dsec_policy *policy, FILE *out)
{
	yaml_emitter_t e;
	yaml_event_t event;
	size_t i;
	int err;

	emit_comments(policy, out);
	if (!yaml_emitter_initialize(&e))
		return -ENOMEM;
	yaml_emitter_set_output_file(&e, out);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, 100);

	yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING);
	err = emit(&e, &event);
	if (!err) {
		yaml_document_start_event_initialize(&event, NULL, NULL, NULL, 1);
		err = emit(&e, &event);
	}
	err = err ?: start_map(&e, false) ?:
	      emit_kv(&e, "apiVersion", DSEC_API_VERSION) ?:
	      emit_kv(&e, "kind", DSEC_KIND) ?:
	      emit_kv(&e, "name", policy->name) ?:
	      emit_kv(&e, "mode", policy->mode == DSEC_MODE_COMPLAIN ?
				  "complain" : "enforce");
	if (!err && (policy->flags & DSEC_POLICY_F_LOCK))
		err = emit_kv_plain(&e, "lock", "true");
	if (!err && policy->n_images)
		err = emit_strv(&e, "images", policy->images, policy->n_images);
	if (!err && policy->n_scopes) {
		err = emit_str(&e, "scopes") ?: start_seq(&e, false);
		for (i = 0; !err && i < policy->n_scopes; i++)
			err = emit_scope(&e, policy, i);
		err = err ?: end_seq(&e);
	}
	err = err ?: end_map(&e);
	if (!err) {
		yaml_document_end_event_initialize(&event, 1);
		err = emit(&e, &event);
	}
	if (!err) {
		yaml_stream_end_event_initialize(&event);
		err = emit(&e, &event);
	}
	if (!err && !yaml_emitter_flush(&e))
		err = -EIO;
	yaml_emitter_delete(&e);
	return err;
}
