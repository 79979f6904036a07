// SPDX-License-Identifier: GPL-2.0
/*
 * Policy model: name tables, construction, rule ids and the validation
 * that mirrors what dsec.ko checks on DSEC_CMD_POLICY_LOAD.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/policy.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *const dsec_hook_names[DSEC_HOOK_COUNT] = {
	[DSEC_HOOK_EXEC] = "exec",
	[DSEC_HOOK_MOUNT] = "mount",
	[DSEC_HOOK_PTRACE] = "ptrace",
	[DSEC_HOOK_WRITE] = "write",
	[DSEC_HOOK_MODULE] = "module",
};

const char *const dsec_action_names[__DSEC_ACTION_MAX] = {
	[DSEC_ACTION_ALLOW] = "allow",
	[DSEC_ACTION_AUDIT] = "audit",
	[DSEC_ACTION_DENY] = "deny",
};

const char *const dsec_mode_names[__DSEC_MODE_MAX] = {
	[DSEC_MODE_INHERIT] = "inherit",
	[DSEC_MODE_ENFORCE] = "enforce",
	[DSEC_MODE_COMPLAIN] = "complain",
};

const char *const dsec_match_names[__DSEC_MATCH_MAX] = {
	[DSEC_MATCH_EXACT] = "exact",
	[DSEC_MATCH_PREFIX] = "prefix",
	[DSEC_MATCH_GLOB] = "glob",
};

const char *const dsec_verdict_names[__DSEC_VERDICT_MAX] = {
	[DSEC_VERDICT_ALLOWED] = "allowed",
	[DSEC_VERDICT_BLOCKED] = "blocked",
};

const char *const dsec_guard_names[DSEC_GUARD_COUNT] = {
	"mount",		/* DSEC_GUARD_MOUNT */
	"ptrace",		/* DSEC_GUARD_PTRACE */
	"kernel-knobs",		/* DSEC_GUARD_KERNEL_KNOBS */
	"host-files",		/* DSEC_GUARD_HOST_FILES */
	"readonly-root",	/* DSEC_GUARD_READONLY_ROOT */
	"module-load",		/* DSEC_GUARD_MODULE_LOAD */
	"setuid-exec",		/* DSEC_GUARD_SETUID_EXEC */
};

_Static_assert((1U << DSEC_GUARD_COUNT) - 1 == DSEC_GUARD_ALL,
	       "dsec_guard_names must name every DSEC_GUARD_* bit");

int dsec_name_lookup(const char *const *table, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (table[i] && !strcmp(table[i], name))
			return (int)i;
	return -1;
}

void dsec_name_list(const char *const *table, size_t n, char *buf,
		    size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++) {
		int len = snprintf(buf + used, size - used, "%s%s",
				   i ? ", " : "", table[i]);

		if (len < 0)
			break;
		used += (size_t)len;
	}
}

const char *dsec_enum_name(const char *const *table, size_t n,
			   unsigned int value)
{
	return value < n && table[value] ? table[value] : "unknown";
}

void dsec_diag_add(struct dsec_diags *diags, struct dsec_pos pos,
		   const char *fmt, ...)
{
	struct dsec_diag *diag;
	va_list ap;

	if (diags->n == DSEC_DIAGS_MAX) {
		diags->truncated = true;
		return;
	}
	diag = &diags->items[diags->n++];
	diag->pos = pos;
	va_start(ap, fmt);
	vsnprintf(diag->message, sizeof(diag->message), fmt, ap);
	va_end(ap);
}

struct dsec_policy *dsec_policy_new(void)
{
	struct dsec_policy *policy = calloc(1, sizeof(*policy));

	if (policy)
		policy->mode = DSEC_MODE_ENFORCE;
	return policy;
}

static void strv_free(char **strv, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(strv[i]);
	free(strv);
}

static void scope_free(struct dsec_scope *scope)
{
	size_t i;

	free(scope->name);
	for (i = 0; i < scope->n_selectors; i++)
		free(scope->selectors[i].value);
	free(scope->selectors);
	strv_free(scope->fstypes, scope->n_fstypes);
	strv_free(scope->writable, scope->n_writable);
}

static void rule_free(struct dsec_rule *rule)
{
	free(rule->path);
	free(rule->name);
	free(rule->finding);
	free(rule->reason);
}

void dsec_policy_free(struct dsec_policy *policy)
{
	size_t i;

	if (!policy)
		return;
	for (i = 0; i < policy->n_scopes; i++)
		scope_free(&policy->scopes[i]);
	for (i = 0; i < policy->n_rules; i++)
		rule_free(&policy->rules[i]);
	for (i = 0; i < policy->n_images; i++)
		free(policy->images[i]);
	free(policy->images);
	free(policy->scopes);
	free(policy->rules);
	free(policy->name);
	free(policy->source);
	free(policy);
}

void dsec_policy_set_clear(struct dsec_policy_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		dsec_policy_free(set->items[i]);
	free(set->items);
	set->items = NULL;
	set->n = 0;
}

/*
 * Grow an array by one zeroed element. Capacity doubles, so the array
 * length itself is enough to know when to grow: at powers of two.
 */
static void *array_grow(void *array, size_t n, size_t size)
{
	void *grown;
	size_t cap;

	if (n && (n & (n - 1)))
		return array;
	cap = n ? n * 2 : 1;
	grown = reallocarray(array, cap, size);
	return grown;
}

int dsec_policy_set_append(struct dsec_policy_set *set,
			   struct dsec_policy *policy)
{
	struct dsec_policy **items;

	items = array_grow(set->items, set->n, sizeof(*items));
	if (!items)
		return -ENOMEM;
	set->items = items;
	set->items[set->n++] = policy;
	return 0;
}

struct dsec_scope *dsec_policy_add_scope(struct dsec_policy *policy)
{
	struct dsec_scope *scopes, *scope;
	size_t i;

	scopes = array_grow(policy->scopes, policy->n_scopes, sizeof(*scopes));
	if (!scopes)
		return NULL;
	policy->scopes = scopes;
	scope = &scopes[policy->n_scopes++];
	memset(scope, 0, sizeof(*scope));
	for (i = 0; i < DSEC_HOOK_COUNT; i++)
		scope->defaults[i] = DSEC_DEFAULT_UNSET;
	return scope;
}

struct dsec_rule *dsec_policy_add_rule(struct dsec_policy *policy)
{
	struct dsec_rule *rules, *rule;

	rules = array_grow(policy->rules, policy->n_rules, sizeof(*rules));
	if (!rules)
		return NULL;
	policy->rules = rules;
	rule = &rules[policy->n_rules++];
	memset(rule, 0, sizeof(*rule));
	return rule;
}

struct dsec_selector *dsec_scope_add_selector(struct dsec_scope *scope)
{
	struct dsec_selector *selectors, *selector;

	selectors = array_grow(scope->selectors, scope->n_selectors,
			       sizeof(*selectors));
	if (!selectors)
		return NULL;
	scope->selectors = selectors;
	selector = &selectors[scope->n_selectors++];
	memset(selector, 0, sizeof(*selector));
	return selector;
}

int dsec_strv_append(char ***strv, size_t *n, const char *s)
{
	char **grown;
	char *copy;

	copy = strdup(s);
	if (!copy)
		return -ENOMEM;
	grown = array_grow(*strv, *n, sizeof(*grown));
	if (!grown) {
		free(copy);
		return -ENOMEM;
	}
	*strv = grown;
	grown[(*n)++] = copy;
	return 0;
}

enum dsec_match dsec_match_infer(const char *path)
{
	size_t len = strlen(path);

	if (strpbrk(path, "*?"))
		return DSEC_MATCH_GLOB;
	if (len > 1 && path[len - 1] == '/')
		return DSEC_MATCH_PREFIX;
	return DSEC_MATCH_EXACT;
}

static int compare_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int dsec_policy_assign_ids(struct dsec_policy *policy)
{
	uint32_t *used, next = 1;
	size_t i, n_used = 0;
	int err = 0;

	used = calloc(policy->n_rules + 1, sizeof(*used));
	if (!used)
		return -ENOMEM;
	for (i = 0; i < policy->n_rules; i++)
		if (policy->rules[i].id)
			used[n_used++] = policy->rules[i].id;
	qsort(used, n_used, sizeof(*used), compare_u32);

	for (i = 0; i < policy->n_rules; i++) {
		if (policy->rules[i].id)
			continue;
		while (next && bsearch(&next, used, n_used, sizeof(*used),
				       compare_u32))
			next++;
		if (!next) {
			err = -ERANGE;
			break;
		}
		policy->rules[i].id = next++;
	}
	free(used);
	return err;
}

bool dsec_name_valid(const char *name)
{
	size_t len = strlen(name);
	const char *c;

	if (!len || len >= DSEC_NAME_MAX)
		return false;
	for (c = name; *c; c++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-", *c))
			return false;
	return true;
}

static struct dsec_pos pick_pos(struct dsec_pos precise, struct dsec_pos fallback)
{
	return precise.line ? precise : fallback;
}

static void check_name(const char *what, const char *name,
		       struct dsec_pos pos, struct dsec_diags *diags)
{
	if (!name) {
		dsec_diag_add(diags, pos, "%s is missing the required key 'name'",
			      what);
		return;
	}
	if (!*name) {
		dsec_diag_add(diags, pos, "%s name is empty", what);
		return;
	}
	if (strlen(name) >= DSEC_NAME_MAX) {
		dsec_diag_add(diags, pos,
			      "%s name is %zu bytes long; the maximum is %d",
			      what, strlen(name), DSEC_NAME_MAX - 1);
		return;
	}
	if (!dsec_name_valid(name))
		dsec_diag_add(diags, pos,
			      "invalid %s name '%s'; use only letters, digits and _ . : -",
			      what, name);
}

/* Check a path as the container sees it, used by rules and writable. */
static bool check_abs_path(const char *what, const char *path,
			   struct dsec_pos pos, struct dsec_diags *diags)
{
	size_t len = strlen(path);

	if (path[0] != '/') {
		dsec_diag_add(diags, pos,
			      "%s '%s' is not an absolute path; it must start with '/'",
			      what, path);
		return false;
	}
	if (len >= DSEC_PATTERN_MAX) {
		dsec_diag_add(diags, pos,
			      "%s is %zu bytes long; the maximum is %d",
			      what, len, DSEC_PATTERN_MAX - 1);
		return false;
	}
	return true;
}

/* Kernel globs support '*', '**' and '?', so a longer run of '*' is invalid. */
static bool glob_valid(const char *glob)
{
	return !strstr(glob, "***");
}

static void check_selector(const struct dsec_selector *sel,
			   struct dsec_diags *diags)
{
	const char *v = sel->value;
	size_t len;

	switch (sel->type) {
	case DSEC_SELECTOR_ID:
		if (!sel->id)
			dsec_diag_add(diags, sel->pos,
				      "cgroup id 0 is invalid; ids start at 1");
		return;
	case DSEC_SELECTOR_PREFIX:
	case DSEC_SELECTOR_GLOB:
		break;
	default:
		dsec_diag_add(diags, sel->pos, "unknown selector type %d",
			      sel->type);
		return;
	}

	len = strlen(v);
	if (v[0] != '/') {
		dsec_diag_add(diags, sel->pos,
			      "cgroup path '%s' must start with '/'", v);
		return;
	}
	if (len >= DSEC_PATTERN_MAX) {
		dsec_diag_add(diags, sel->pos,
			      "cgroup path is %zu bytes long; the maximum is %d",
			      len, DSEC_PATTERN_MAX - 1);
		return;
	}
	if (len > 1 && v[len - 1] == '/') {
		dsec_diag_add(diags, sel->pos,
			      "cgroup path '%s' ends in '/'; write it without the trailing slash",
			      v);
		return;
	}
	if (strstr(v, "//") || strstr(v, "/./") || strstr(v, "/../") ||
	    (len >= 2 && !strcmp(v + len - 2, "/.")) ||
	    (len >= 3 && !strcmp(v + len - 3, "/.."))) {
		dsec_diag_add(diags, sel->pos,
			      "cgroup path '%s' has an empty, '.' or '..' component",
			      v);
		return;
	}
	if (sel->type == DSEC_SELECTOR_GLOB && !glob_valid(v))
		dsec_diag_add(diags, sel->pos,
			      "glob '%s' has a run of three or more '*'; use '*' within a component or '**' across components",
			      v);
}

static bool fstype_valid(const char *fstype)
{
	const char *c;

	if (!*fstype || strlen(fstype) >= DSEC_FSTYPE_MAX)
		return false;
	for (c = fstype; *c; c++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-", *c))
			return false;
	return true;
}

static void check_scope(const struct dsec_scope *scope,
			struct dsec_diags *diags)
{
	struct dsec_pos name_pos = pick_pos(scope->name_pos, scope->pos);
	size_t i, j;

	/* A name key of the wrong type was reported by the parser. */
	if (scope->name || !scope->name_pos.line)
		check_name("scope", scope->name, name_pos, diags);
	if ((unsigned int)scope->mode >= __DSEC_MODE_MAX)
		dsec_diag_add(diags, scope->pos, "invalid scope mode %d",
			      scope->mode);
	if (scope->guards & ~DSEC_GUARD_ALL)
		dsec_diag_add(diags, scope->pos, "unknown guard bits 0x%x",
			      scope->guards & ~DSEC_GUARD_ALL);
	if (scope->flags & ~DSEC_SCOPE_F_ALL)
		dsec_diag_add(diags, scope->pos, "unknown scope flags 0x%x",
			      scope->flags & ~DSEC_SCOPE_F_ALL);

	if (!scope->n_selectors)
		dsec_diag_add(diags, scope->pos,
			      "scope '%s' has no selectors; it needs at least one prefix, glob or id",
			      scope->name ? scope->name : "");
	if (scope->n_selectors > DSEC_MAX_SELECTORS)
		dsec_diag_add(diags, scope->pos,
			      "scope '%s' has %zu selectors; the maximum is %d",
			      scope->name, scope->n_selectors,
			      DSEC_MAX_SELECTORS);
	for (i = 0; i < scope->n_selectors; i++)
		check_selector(&scope->selectors[i], diags);

	if (scope->n_fstypes > DSEC_MAX_FSTYPES)
		dsec_diag_add(diags, pick_pos(scope->fstypes_pos, scope->pos),
			      "scope '%s' allows %zu mount types; the maximum is %d",
			      scope->name, scope->n_fstypes, DSEC_MAX_FSTYPES);
	for (i = 0; i < scope->n_fstypes; i++) {
		if (!fstype_valid(scope->fstypes[i]))
			dsec_diag_add(diags,
				      pick_pos(scope->fstypes_pos, scope->pos),
				      "invalid file system type '%s'; expected 1 to %d letters, digits or _ . + -",
				      scope->fstypes[i], DSEC_FSTYPE_MAX - 1);
		for (j = 0; j < i; j++)
			if (!strcmp(scope->fstypes[i], scope->fstypes[j]))
				dsec_diag_add(diags,
					      pick_pos(scope->fstypes_pos, scope->pos),
					      "file system type '%s' is listed twice",
					      scope->fstypes[i]);
	}

	if (scope->n_writable > DSEC_MAX_WRITABLE)
		dsec_diag_add(diags, pick_pos(scope->writable_pos, scope->pos),
			      "scope '%s' has %zu writable paths; the maximum is %d",
			      scope->name, scope->n_writable, DSEC_MAX_WRITABLE);
	for (i = 0; i < scope->n_writable; i++)
		check_abs_path("writable path", scope->writable[i],
			       pick_pos(scope->writable_pos, scope->pos), diags);

	for (i = 0; i < DSEC_HOOK_COUNT; i++)
		if (scope->defaults[i] != DSEC_DEFAULT_UNSET &&
		    (scope->defaults[i] < 0 ||
		     scope->defaults[i] >= __DSEC_ACTION_MAX))
			dsec_diag_add(diags, scope->pos,
				      "invalid default action %d for hook %s",
				      scope->defaults[i], dsec_hook_names[i]);
}

static void check_rule(const struct dsec_policy *policy,
		       const struct dsec_rule *rule, struct dsec_diags *diags)
{
	struct dsec_pos path_pos = pick_pos(rule->path_pos, rule->pos);

	if (rule->scope >= policy->n_scopes)
		dsec_diag_add(diags, rule->pos,
			      "rule %u refers to scope %u; the policy has %zu",
			      rule->id, rule->scope, policy->n_scopes);
	if ((unsigned int)rule->hook >= DSEC_HOOK_COUNT)
		dsec_diag_add(diags, rule->pos, "invalid hook %d", rule->hook);
	if ((unsigned int)rule->action >= __DSEC_ACTION_MAX)
		dsec_diag_add(diags, rule->pos, "invalid action %d",
			      rule->action);
	if ((unsigned int)rule->mode >= __DSEC_MODE_MAX)
		dsec_diag_add(diags, rule->pos, "invalid rule mode %d",
			      rule->mode);
	if ((unsigned int)rule->match >= __DSEC_MATCH_MAX)
		dsec_diag_add(diags, rule->pos, "invalid match type %d",
			      rule->match);
	if (rule->flags & ~DSEC_RULE_F_ALL)
		dsec_diag_add(diags, rule->pos, "unknown rule flags 0x%x",
			      rule->flags & ~DSEC_RULE_F_ALL);
	if ((rule->flags & DSEC_RULE_F_SETUID) && rule->hook != DSEC_HOOK_EXEC)
		dsec_diag_add(diags, rule->pos,
			      "setuid-only applies to exec rules only, not to hook %s",
			      dsec_enum_name(dsec_hook_names, DSEC_HOOK_COUNT,
					     rule->hook));

	if (!rule->path && rule->path_pos.line) {
		/* The parser reported the invalid value. */
	} else if (!rule->path) {
		dsec_diag_add(diags, rule->pos,
			      "rule is missing the required key 'path'");
	} else if (check_abs_path("rule path", rule->path, path_pos, diags) &&
		   rule->match == DSEC_MATCH_GLOB &&
		   !glob_valid(rule->path)) {
		dsec_diag_add(diags, path_pos,
			      "glob '%s' has a run of three or more '*'; use '*' within a component or '**' across components",
			      rule->path);
	}
	if (rule->name)
		check_name("rule", rule->name,
			   pick_pos(rule->name_pos, rule->pos), diags);
}

static int compare_rule_ids(const void *a, const void *b)
{
	const struct dsec_rule *x = *(const struct dsec_rule *const *)a;
	const struct dsec_rule *y = *(const struct dsec_rule *const *)b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int check_rule_ids(const struct dsec_policy *policy,
			  struct dsec_diags *diags)
{
	const struct dsec_rule **sorted;
	size_t i;

	sorted = calloc(policy->n_rules + 1, sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	for (i = 0; i < policy->n_rules; i++) {
		sorted[i] = &policy->rules[i];
		if (!sorted[i]->id)
			dsec_diag_add(diags, sorted[i]->pos, "rule id 0 is invalid; ids start at 1");
	}
	/* A stable order is not needed: the later duplicate is reported. */
	qsort(sorted, policy->n_rules, sizeof(*sorted), compare_rule_ids);
	for (i = 1; i < policy->n_rules; i++) {
		const struct dsec_rule *a = sorted[i - 1], *b = sorted[i];

		if (!a->id || a->id != b->id)
			continue;
		if (a->pos.line > b->pos.line) {
			const struct dsec_rule *t = a;

			a = b;
			b = t;
		}
		dsec_diag_add(diags, pick_pos(b->id_pos, b->pos),
			      "rule id %u is already used by the rule at line %u",
			      b->id, a->pos.line);
	}
	free(sorted);
	return 0;
}

/* Order rules by scope, then name, then file order. */
static int compare_rule_names(const void *a, const void *b)
{
	const struct dsec_rule *x = *(const struct dsec_rule *const *)a;
	const struct dsec_rule *y = *(const struct dsec_rule *const *)b;
	int ret;

	if (x->scope != y->scope)
		return x->scope < y->scope ? -1 : 1;
	ret = strcmp(x->name, y->name);
	if (ret)
		return ret;
	return x < y ? -1 : x > y;
}

/*
 * Report every rule whose name an earlier rule of its scope already
 * uses. Alerts show a rule's id and name, and the name is what tells
 * the operator which rule decided, because most ids are assigned.
 */
static int check_rule_names(const struct dsec_policy *policy,
			    struct dsec_diags *diags)
{
	const struct dsec_rule **sorted, **first;
	size_t i, n = 0;

	sorted = calloc(policy->n_rules + 1, sizeof(*sorted));
	first = calloc(policy->n_rules + 1, sizeof(*first));
	if (!sorted || !first) {
		free(sorted);
		free(first);
		return -ENOMEM;
	}
	for (i = 0; i < policy->n_rules; i++)
		if (policy->rules[i].name)
			sorted[n++] = &policy->rules[i];
	qsort(sorted, n, sizeof(*sorted), compare_rule_names);

	/* first[i]: the earliest rule sharing rule i's scope and name. */
	for (i = 1; i < n; i++) {
		const struct dsec_rule *a = sorted[i - 1], *b = sorted[i];

		if (a->scope == b->scope && !strcmp(a->name, b->name))
			first[b - policy->rules] = first[a - policy->rules] ?
						   first[a - policy->rules] : a;
	}

	/* Report in file order, as every other diagnostic is. */
	for (i = 0; i < policy->n_rules; i++) {
		const struct dsec_rule *rule = &policy->rules[i];
		const struct dsec_rule *other = first[i];

		if (!other)
			continue;
		dsec_diag_add(diags, pick_pos(rule->name_pos, rule->pos),
			      "rule name '%s' of the rule for '%s' is already used in scope '%s' by the rule for '%s' at line %u; give each rule of a scope its own name, because alerts identify a rule by its name",
			      rule->name, rule->path ? rule->path : "",
			      rule->scope < policy->n_scopes &&
			      policy->scopes[rule->scope].name ?
			      policy->scopes[rule->scope].name : "",
			      other->path ? other->path : "", other->pos.line);
	}
	free(sorted);
	free(first);
	return 0;
}

int dsec_policy_validate(const struct dsec_policy *policy,
			 struct dsec_diags *diags)
{
	size_t before = diags->n, i, j;
	int err;

	if (policy->name || !policy->name_pos.line)
		check_name("policy", policy->name,
			   pick_pos(policy->name_pos, policy->pos), diags);
	if ((unsigned int)policy->mode >= __DSEC_MODE_MAX)
		dsec_diag_add(diags, policy->pos, "invalid policy mode %d",
			      policy->mode);
	if (policy->flags & ~DSEC_POLICY_F_ALL)
		dsec_diag_add(diags, policy->pos, "unknown policy flags 0x%x",
			      policy->flags & ~DSEC_POLICY_F_ALL);
	if (policy->source && strlen(policy->source) >= 4096)
		dsec_diag_add(diags, policy->pos,
			      "source path is longer than 4095 bytes");

	if (policy->n_scopes > DSEC_MAX_SCOPES)
		dsec_diag_add(diags, policy->pos,
			      "policy has %zu scopes; the maximum is %d",
			      policy->n_scopes, DSEC_MAX_SCOPES);
	for (i = 0; i < policy->n_scopes; i++) {
		const struct dsec_scope *scope = &policy->scopes[i];

		check_scope(scope, diags);
		for (j = 0; j < i && scope->name; j++) {
			if (!policy->scopes[j].name ||
			    strcmp(policy->scopes[j].name, scope->name))
				continue;
			dsec_diag_add(diags, pick_pos(scope->name_pos, scope->pos),
				      "scope name '%s' is already used at line %u",
				      scope->name, policy->scopes[j].pos.line);
			break;
		}
	}

	if (policy->n_rules > DSEC_MAX_RULES)
		dsec_diag_add(diags, policy->pos,
			      "policy has %zu rules; the maximum is %d",
			      policy->n_rules, DSEC_MAX_RULES);
	for (i = 0; i < policy->n_rules; i++)
		check_rule(policy, &policy->rules[i], diags);
	err = check_rule_ids(policy, diags);
	if (!err)
		err = check_rule_names(policy, diags);
	if (err)
		return err;

	return diags->n > before || diags->truncated ? -EINVAL : 0;
}
