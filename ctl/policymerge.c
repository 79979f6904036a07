// SPDX-License-Identifier: GPL-2.0
/*
 * Merging a generated policy into an operator's policy.
 *
 * The kernel applies every loaded policy and the strictest verdict
 * wins, so loading BASE and GENERATED side by side is always a valid
 * combination. A merge produces one policy with the same result for
 * everything except the order of pattern rules:
 * - each generated scope is folded into the BASE scope of the same
 *   name, else into BASE's only scope, else appended after BASE's
 *   scopes (a cgroup that a BASE scope selects then never reaches it,
 *   because the first matching scope of a policy applies);
 * - a folded scope keeps BASE's selectors; guards are the union; when
 *   both turn a guard on, its list (mount-fstypes, writable) is the
 *   intersection, else the list of the side that turns it on;
 *   cgroup-writable holds only when both allow it; each hook default
 *   and the mode take the stricter side (deny > audit > allow,
 *   enforce > complain);
 * - rules on the same hook and exact path (and setuid-only flag) are
 *   merged into one with the stricter action, BASE winning ties; other
 *   rules keep BASE's order first, then GENERATED's, because patterns
 *   are tried in policy order and the first match decides;
 * - a generated rule named like an earlier rule of its scope takes the
 *   first free ":2", ":3"... suffix, as the generator numbers its own
 *   clashes, because rule names are unique within a scope;
 * - the policy keeps BASE's name (unless renamed), the stricter mode,
 *   lock when either locks, and the images of both.
 * BASE rule ids are kept; generated rules get fresh ids.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/policymerge.h"

static char *dup_or_null(const char *s, bool *nomem)
{
	char *copy;

	if (!s)
		return NULL;
	copy = strdup(s);
	if (!copy)
		*nomem = true;
	return copy;
}

static bool strv_has(char **strv, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(strv[i], s))
			return true;
	return false;
}

/* Replace *dst with its intersection with src. */
static void strv_intersect(char **dst, size_t *n_dst, char **src, size_t n_src)
{
	size_t i, kept = 0;

	for (i = 0; i < *n_dst; i++) {
		if (strv_has(src, n_src, dst[i]))
			dst[kept++] = dst[i];
		else
			free(dst[i]);
	}
	*n_dst = kept;
}

static int strv_copy(char ***dst, size_t *n_dst, char **src, size_t n_src)
{
	size_t i;
	int ret;

	for (i = 0; i < n_src; i++) {
		if (strv_has(*dst, *n_dst, src[i]))
			continue;
		ret = dsec_strv_append(dst, n_dst, src[i]);
		if (ret)
			return ret;
	}
	return 0;
}

static void strv_clear(char ***strv, size_t *n)
{
	while (*n)
		free((*strv)[--*n]);
}

/* The action a missing default means. */
static int default_action(int value)
{
	return value == DSEC_DEFAULT_UNSET ? DSEC_ACTION_ALLOW : value;
}

/* Mode with INHERIT resolved against the enclosing mode. */
static enum dsec_mode effective_mode(enum dsec_mode mode, enum dsec_mode outer)
{
	return mode == DSEC_MODE_INHERIT ? outer : mode;
}

static enum dsec_mode stricter_mode(enum dsec_mode a, enum dsec_mode b)
{
	return a == DSEC_MODE_ENFORCE || b == DSEC_MODE_ENFORCE ?
	       DSEC_MODE_ENFORCE : DSEC_MODE_COMPLAIN;
}

static int fold_list(bool on_base, bool on_gen, char ***base, size_t *n_base,
		     char **gen, size_t n_gen)
{
	if (on_base && on_gen) {
		strv_intersect(*base, n_base, gen, n_gen);
		return 0;
	}
	if (on_gen) {
		strv_clear(base, n_base);
		return strv_copy(base, n_base, gen, n_gen);
	}
	return 0;
}

static int fold_scope(struct dsec_scope *base, enum dsec_mode base_outer,
		      const struct dsec_scope *gen, enum dsec_mode gen_outer)
{
	enum dsec_mode mode;
	size_t i;
	int ret;

	ret = fold_list(base->guards & DSEC_GUARD_MOUNT,
			gen->guards & DSEC_GUARD_MOUNT, &base->fstypes,
			&base->n_fstypes, gen->fstypes, gen->n_fstypes);
	if (!ret)
		ret = fold_list(base->guards & DSEC_GUARD_READONLY_ROOT,
				gen->guards & DSEC_GUARD_READONLY_ROOT,
				&base->writable, &base->n_writable,
				gen->writable, gen->n_writable);
	if (ret)
		return ret;
	base->guards |= gen->guards;
	base->flags &= gen->flags | ~DSEC_SCOPE_F_CGROUP_WRITABLE;

	for (i = 0; i < DSEC_HOOK_COUNT; i++) {
		int a = default_action(base->defaults[i]);
		int b = default_action(gen->defaults[i]);

		if (b > a)
			base->defaults[i] = b;
	}

	mode = stricter_mode(effective_mode(base->mode, base_outer),
			     effective_mode(gen->mode, gen_outer));
	if (mode != effective_mode(base->mode, base_outer))
		base->mode = mode;
	return 0;
}

/* A copy of a scope for appending; rules are copied separately. */
static int copy_scope(struct dsec_scope *dst, const struct dsec_scope *src,
		      enum dsec_mode src_outer, enum dsec_mode dst_outer)
{
	bool nomem = false;
	size_t i;
	int ret;

	dst->name = dup_or_null(src->name, &nomem);
	if (nomem)
		return -ENOMEM;
	dst->mode = src->mode;
	/* The scope keeps its own mode under the merged policy's mode. */
	if (src->mode == DSEC_MODE_INHERIT && src_outer != dst_outer)
		dst->mode = src_outer;
	dst->guards = src->guards;
	dst->flags = src->flags;
	for (i = 0; i < DSEC_HOOK_COUNT; i++)
		dst->defaults[i] = src->defaults[i];
	for (i = 0; i < src->n_selectors; i++) {
		struct dsec_selector *sel = dsec_scope_add_selector(dst);

		if (!sel)
			return -ENOMEM;
		sel->type = src->selectors[i].type;
		sel->id = src->selectors[i].id;
		sel->value = dup_or_null(src->selectors[i].value, &nomem);
		if (nomem)
			return -ENOMEM;
	}
	ret = strv_copy(&dst->fstypes, &dst->n_fstypes, src->fstypes,
			src->n_fstypes);
	if (!ret)
		ret = strv_copy(&dst->writable, &dst->n_writable, src->writable,
				src->n_writable);
	return ret;
}

static struct dsec_rule *find_exact_rule(struct dsec_policy *policy,
					 size_t n_rules, uint32_t scope,
					 const struct dsec_rule *rule)
{
	size_t i;

	if (rule->match != DSEC_MATCH_EXACT)
		return NULL;
	for (i = 0; i < n_rules; i++) {
		struct dsec_rule *r = &policy->rules[i];

		if (r->scope == scope && r->hook == rule->hook &&
		    r->match == DSEC_MATCH_EXACT && r->flags == rule->flags &&
		    !strcmp(r->path, rule->path))
			return r;
	}
	return NULL;
}

static int replace_rule_text(struct dsec_rule *dst, const struct dsec_rule *src)
{
	bool nomem = false;

	free(dst->name);
	free(dst->finding);
	free(dst->reason);
	dst->name = dup_or_null(src->name, &nomem);
	dst->finding = dup_or_null(src->finding, &nomem);
	dst->reason = dup_or_null(src->reason, &nomem);
	return nomem ? -ENOMEM : 0;
}

static int add_rule(struct dsec_policy *out, size_t n_base_rules,
		    uint32_t scope, const struct dsec_rule *src,
		    enum dsec_mode src_outer, enum dsec_mode dst_outer)
{
	struct dsec_rule *existing, *rule;
	bool nomem = false;

	existing = find_exact_rule(out, n_base_rules, scope, src);
	if (existing) {
		if (src->action <= existing->action)
			return 0;
		existing->action = src->action;
		existing->mode = stricter_mode(effective_mode(existing->mode, dst_outer),
					       effective_mode(src->mode, src_outer));
		return replace_rule_text(existing, src);
	}

	rule = dsec_policy_add_rule(out);
	if (!rule)
		return -ENOMEM;
	rule->id = 0;
	rule->scope = scope;
	rule->hook = src->hook;
	rule->action = src->action;
	rule->mode = src->mode;
	if (src->mode == DSEC_MODE_INHERIT && src_outer != dst_outer)
		rule->mode = src_outer;
	rule->match = src->match;
	rule->flags = src->flags;
	rule->path = dup_or_null(src->path, &nomem);
	rule->name = dup_or_null(src->name, &nomem);
	rule->finding = dup_or_null(src->finding, &nomem);
	rule->reason = dup_or_null(src->reason, &nomem);
	return nomem ? -ENOMEM : 0;
}

static bool name_before(const struct dsec_policy *policy, size_t index,
			const char *name)
{
	const struct dsec_rule *rule = &policy->rules[index];
	size_t i;

	for (i = 0; i < index; i++)
		if (policy->rules[i].scope == rule->scope &&
		    policy->rules[i].name && !strcmp(policy->rules[i].name, name))
			return true;
	return false;
}

/*
 * Suffix each rule from @first on that is named like an earlier rule of
 * its scope.
 */
static int rename_clashing(struct dsec_policy *policy, size_t first)
{
	char name[DSEC_NAME_MAX];
	size_t i;

	for (i = first; i < policy->n_rules; i++) {
		struct dsec_rule *rule = &policy->rules[i];
		unsigned int n = 2;
		char *copy;

		if (!rule->name || !name_before(policy, i, rule->name))
			continue;
		do
			snprintf(name, sizeof(name), "%.*s:%u",
				 (int)(DSEC_NAME_MAX - 12), rule->name, n++);
		while (name_before(policy, i, name));
		copy = strdup(name);
		if (!copy)
			return -ENOMEM;
		free(rule->name);
		rule->name = copy;
	}
	return 0;
}

static int pick_target_scope(const struct dsec_policy *base,
			     const struct dsec_scope *scope,
			     const char *into)
{
	size_t i;

	for (i = 0; i < base->n_scopes; i++)
		if (into ? !strcmp(base->scopes[i].name, into) :
			   !strcmp(base->scopes[i].name, scope->name))
			return (int)i;
	if (!into && base->n_scopes == 1)
		return 0;
	return -1;
}

int dsec_policy_merge(struct dsec_policy *base, const struct dsec_policy *gen,
		      const char *into, char *err, size_t err_size)
{
	enum dsec_mode base_mode = base->mode == DSEC_MODE_COMPLAIN ?
				   DSEC_MODE_COMPLAIN : DSEC_MODE_ENFORCE;
	enum dsec_mode gen_mode = gen->mode == DSEC_MODE_COMPLAIN ?
				  DSEC_MODE_COMPLAIN : DSEC_MODE_ENFORCE;
	enum dsec_mode out_mode = stricter_mode(base_mode, gen_mode);
	size_t n_base_rules = base->n_rules, i;
	uint32_t *scope_map;
	int ret = 0;

	if (into && pick_target_scope(base, NULL, into) < 0) {
		snprintf(err, err_size, "scope '%s' not found in policy '%s'",
			 into, base->name);
		return -ENOENT;
	}

	/*
	 * When the merged policy is stricter than BASE, BASE's inheriting
	 * scopes and rules keep their old mode explicitly.
	 */
	if (out_mode != base_mode) {
		for (i = 0; i < base->n_scopes; i++)
			if (base->scopes[i].mode == DSEC_MODE_INHERIT)
				base->scopes[i].mode = base_mode;
	}
	base->mode = out_mode;
	base->flags |= gen->flags;
	ret = strv_copy(&base->images, &base->n_images, gen->images,
			gen->n_images);
	if (ret)
		return ret;

	scope_map = calloc(gen->n_scopes + 1, sizeof(*scope_map));
	if (!scope_map)
		return -ENOMEM;
	for (i = 0; i < gen->n_scopes && !ret; i++) {
		const struct dsec_scope *scope = &gen->scopes[i];
		int target = pick_target_scope(base, scope, into);

		if (target >= 0) {
			scope_map[i] = (uint32_t)target;
			ret = fold_scope(&base->scopes[target], base_mode,
					 scope, gen_mode);
			continue;
		}
		scope_map[i] = (uint32_t)base->n_scopes;
		if (!dsec_policy_add_scope(base)) {
			ret = -ENOMEM;
			break;
		}
		ret = copy_scope(&base->scopes[base->n_scopes - 1], scope,
				 gen_mode, out_mode);
	}

	for (i = 0; i < gen->n_rules && !ret; i++) {
		const struct dsec_rule *rule = &gen->rules[i];

		if (rule->scope >= gen->n_scopes)
			continue;
		ret = add_rule(base, n_base_rules, scope_map[rule->scope], rule,
			       gen_mode, out_mode);
	}
	free(scope_map);
	if (!ret)
		ret = rename_clashing(base, n_base_rules);
	if (!ret)
		ret = dsec_policy_assign_ids(base);
	if (ret == -ENOMEM)
		snprintf(err, err_size, "out of memory");
	else if (ret)
		snprintf(err, err_size, "merge failed: %s", strerror(-ret));
	return ret;
}
