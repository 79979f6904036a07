// SPDX-License-Identifier: GPL-2.0
/*
 * Policy set: compile POLICY_LOAD attributes into a policy, validate it,
 * swap the set under RCU, free replaced policies, and write policies back
 * as netlink attributes for POLICY_GET.
 *
 * Writers hold dsec_policy_lock; hooks read dsec_policies under RCU. A
 * policy that fails validation is freed before the swap, so the set in
 * force never changes on error.
 */
#define pr_fmt(fmt) "dsec: " fmt

#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "internal.h"
#include "nlpolicy.h"

static const char *const hook_names[DSEC_HOOK_COUNT] = {
	[DSEC_HOOK_EXEC] = "exec",
	[DSEC_HOOK_MOUNT] = "mount",
	[DSEC_HOOK_PTRACE] = "ptrace",
	[DSEC_HOOK_WRITE] = "write",
	[DSEC_HOOK_MODULE] = "module",
};

static u64 set_generation;

const char *dsec_hook_name(enum dsec_hook hook)
{
	return hook < DSEC_HOOK_COUNT ? hook_names[hook] : "unknown";
}

u64 dsec_generation(void)
{
	return READ_ONCE(set_generation);
}

/* Resolve INHERIT from rule to scope to policy; a policy's INHERIT is ENFORCE. */
u8 dsec_effective_mode(const struct dsec_policy *policy,
		       const struct dsec_scope *scope,
		       const struct dsec_rule *rule)
{
	if (rule && rule->mode != DSEC_MODE_INHERIT)
		return rule->mode;
	if (scope && scope->mode != DSEC_MODE_INHERIT)
		return scope->mode;
	if (policy->mode != DSEC_MODE_INHERIT)
		return policy->mode;
	return DSEC_MODE_ENFORCE;
}

static void scope_free(struct dsec_scope *scope)
{
	u32 i;

	kfree(scope->name);
	for (i = 0; i < scope->n_selectors; i++) {
		kfree(scope->selectors[i].value);
		kfree(scope->selectors[i].glob);
	}
	kfree(scope->selectors);
	for (i = 0; i < scope->n_fstypes; i++)
		kfree(scope->fstypes[i]);
	kfree(scope->fstypes);
	for (i = 0; i < scope->n_writable; i++)
		kfree(scope->writable[i]);
	kfree(scope->writable);
	for (i = 0; i < DSEC_HOOK_COUNT; i++) {
		kvfree(scope->tables[i].buckets);
		kvfree(scope->tables[i].patterns);
	}
}

static void policy_free(struct dsec_policy *policy)
{
	u32 i;

	if (!policy)
		return;
	for (i = 0; i < policy->n_rules; i++) {
		kfree(policy->rules[i].path);
		kfree(policy->rules[i].name);
		kfree(policy->rules[i].glob);
	}
	kvfree(policy->rules);
	for (i = 0; i < policy->n_scopes; i++)
		scope_free(&policy->scopes[i]);
	kvfree(policy->scopes);
	kfree(policy->source);
	kfree(policy->name);
	kfree(policy);
}

/* Free a set and every policy in it; the caller ensures no reader is left. */
void dsec_policy_set_free(struct dsec_policy_set *set)
{
	u32 i;

	if (!set)
		return;
	for (i = 0; i < set->n_policies; i++)
		policy_free(set->policies[i]);
	kvfree(set);
}

/* Copy a path string, dropping a trailing '/' except for "/" itself. */
static char *path_dup(const struct nlattr *attr, u32 *ret_len)
{
	char *path = nla_strdup(attr, GFP_KERNEL);
	size_t len;

	if (!path)
		return NULL;
	len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	if (ret_len)
		*ret_len = len;
	return path;
}

static int parse_selector(const struct nlattr *attr, struct dsec_selector *sel,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[DSEC_SELECTOR_A_MAX + 1];
	int ret;

	ret = nla_parse_nested(tb, DSEC_SELECTOR_A_MAX, attr,
			       dsec_selector_nl_policy, extack);
	if (ret)
		return ret;
	if (!tb[DSEC_SELECTOR_A_TYPE]) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "selector type missing");
		return -EINVAL;
	}
	sel->type = nla_get_u8(tb[DSEC_SELECTOR_A_TYPE]);

	if (sel->type == DSEC_SELECTOR_ID) {
		if (!tb[DSEC_SELECTOR_A_ID] || tb[DSEC_SELECTOR_A_VALUE]) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "id selector needs an id and no value");
			return -EINVAL;
		}
		sel->id = nla_get_u64(tb[DSEC_SELECTOR_A_ID]);
		return 0;
	}

	if (!tb[DSEC_SELECTOR_A_VALUE] || tb[DSEC_SELECTOR_A_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "prefix and glob selectors need a value and no id");
		return -EINVAL;
	}
	if (((const char *)nla_data(tb[DSEC_SELECTOR_A_VALUE]))[0] != '/') {
		NL_SET_ERR_MSG_ATTR(extack, tb[DSEC_SELECTOR_A_VALUE],
				    "selector value must be an absolute cgroup path");
		return -EINVAL;
	}
	sel->value = path_dup(tb[DSEC_SELECTOR_A_VALUE], NULL);
	if (!sel->value)
		return -ENOMEM;
	if (sel->type == DSEC_SELECTOR_GLOB) {
		ret = dsec_glob_compile(sel->value, &sel->glob, &sel->glob_len);
		if (ret == -EINVAL)
			NL_SET_ERR_MSG_ATTR(extack, tb[DSEC_SELECTOR_A_VALUE],
					    "glob has a run of three or more '*'");
		return ret;
	}
	return 0;
}

static int parse_hook_default(const struct nlattr *attr,
			      struct dsec_scope *scope,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[DSEC_HOOK_DEFAULT_A_MAX + 1];
	u8 hook;
	int ret;

	ret = nla_parse_nested(tb, DSEC_HOOK_DEFAULT_A_MAX, attr,
			       dsec_hook_default_nl_policy, extack);
	if (ret)
		return ret;
	if (!tb[DSEC_HOOK_DEFAULT_A_HOOK] || !tb[DSEC_HOOK_DEFAULT_A_ACTION]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "hook default needs a hook and an action");
		return -EINVAL;
	}
	hook = nla_get_u8(tb[DSEC_HOOK_DEFAULT_A_HOOK]);
	if (scope->defaults_set & BIT(hook)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "duplicate hook default");
		return -EINVAL;
	}
	scope->defaults_set |= BIT(hook);
	scope->defaults[hook] = nla_get_u8(tb[DSEC_HOOK_DEFAULT_A_ACTION]);
	return 0;
}

/* Length of a validated NLA_NUL_STRING attribute, without the NUL. */
static size_t nla_strlen(const struct nlattr *attr)
{
	return strnlen(nla_data(attr), nla_len(attr));
}

static int count_nested(const struct nlattr *nest, int type)
{
	const struct nlattr *attr;
	int rem, n = 0;

	nla_for_each_nested(attr, nest, rem)
		n += nla_type(attr) == type;
	return n;
}

static int parse_scope(const struct nlattr *nest, struct dsec_scope *scope,
		       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[DSEC_SCOPE_A_MAX + 1];
	const struct nlattr *attr;
	u32 n_sel, n_fs, n_wr;
	int rem, ret;

	ret = nla_parse_nested(tb, DSEC_SCOPE_A_MAX, nest,
			       dsec_scope_nl_policy, extack);
	if (ret)
		return ret;
	if (!tb[DSEC_SCOPE_A_NAME] || !nla_strlen(tb[DSEC_SCOPE_A_NAME])) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "scope name missing");
		return -EINVAL;
	}
	scope->name = nla_strdup(tb[DSEC_SCOPE_A_NAME], GFP_KERNEL);
	if (!scope->name)
		return -ENOMEM;
	if (tb[DSEC_SCOPE_A_MODE])
		scope->mode = nla_get_u8(tb[DSEC_SCOPE_A_MODE]);
	if (tb[DSEC_SCOPE_A_GUARDS])
		scope->guards = nla_get_u32(tb[DSEC_SCOPE_A_GUARDS]);
	if (tb[DSEC_SCOPE_A_FLAGS])
		scope->flags = nla_get_u32(tb[DSEC_SCOPE_A_FLAGS]);

	n_sel = count_nested(nest, DSEC_SCOPE_A_SELECTOR);
	n_fs = count_nested(nest, DSEC_SCOPE_A_FSTYPE);
	n_wr = count_nested(nest, DSEC_SCOPE_A_WRITABLE);
	if (!n_sel) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "scope has no selector");
		return -EINVAL;
	}
	if (n_sel > DSEC_MAX_SELECTORS) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "too many selectors in scope");
		return -E2BIG;
	}
	if (n_fs > DSEC_MAX_FSTYPES) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "too many fstypes in scope");
		return -E2BIG;
	}
	if (n_wr > DSEC_MAX_WRITABLE) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "too many writable paths in scope");
		return -E2BIG;
	}
	scope->selectors = kcalloc(n_sel, sizeof(*scope->selectors), GFP_KERNEL);
	scope->fstypes = kcalloc(n_fs ?: 1, sizeof(char *), GFP_KERNEL);
	scope->writable = kcalloc(n_wr ?: 1, sizeof(char *), GFP_KERNEL);
	if (!scope->selectors || !scope->fstypes || !scope->writable)
		return -ENOMEM;

	nla_for_each_nested(attr, nest, rem) {
		switch (nla_type(attr)) {
		case DSEC_SCOPE_A_SELECTOR:
			ret = parse_selector(attr,
					     &scope->selectors[scope->n_selectors++],
					     extack);
			break;
		case DSEC_SCOPE_A_FSTYPE:
			if (!nla_strlen(attr)) {
				NL_SET_ERR_MSG_ATTR(extack, attr, "empty fstype");
				return -EINVAL;
			}
			scope->fstypes[scope->n_fstypes] =
				nla_strdup(attr, GFP_KERNEL);
			ret = scope->fstypes[scope->n_fstypes++] ? 0 : -ENOMEM;
			break;
		case DSEC_SCOPE_A_WRITABLE:
			if (((const char *)nla_data(attr))[0] != '/') {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "writable path must be absolute");
				return -EINVAL;
			}
			scope->writable[scope->n_writable] = path_dup(attr, NULL);
			ret = scope->writable[scope->n_writable++] ? 0 : -ENOMEM;
			break;
		case DSEC_SCOPE_A_HOOK_DEFAULT:
			ret = parse_hook_default(attr, scope, extack);
			break;
		default:
			ret = 0;
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int parse_rule(const struct nlattr *nest, struct dsec_rule *rule,
		      u32 n_scopes, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[DSEC_RULE_A_MAX + 1];
	int ret;

	ret = nla_parse_nested(tb, DSEC_RULE_A_MAX, nest, dsec_rule_nl_policy,
			       extack);
	if (ret)
		return ret;
	if (!tb[DSEC_RULE_A_ID] || !tb[DSEC_RULE_A_SCOPE] ||
	    !tb[DSEC_RULE_A_HOOK] || !tb[DSEC_RULE_A_ACTION] ||
	    !tb[DSEC_RULE_A_PATH]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "rule needs id, scope, hook, action and path");
		return -EINVAL;
	}
	rule->id = nla_get_u32(tb[DSEC_RULE_A_ID]);
	rule->scope = nla_get_u32(tb[DSEC_RULE_A_SCOPE]);
	if (rule->scope >= n_scopes) {
		NL_SET_ERR_MSG_ATTR(extack, tb[DSEC_RULE_A_SCOPE],
				    "rule scope index out of range");
		return -EINVAL;
	}
	rule->hook = nla_get_u8(tb[DSEC_RULE_A_HOOK]);
	rule->action = nla_get_u8(tb[DSEC_RULE_A_ACTION]);
	if (tb[DSEC_RULE_A_MODE])
		rule->mode = nla_get_u8(tb[DSEC_RULE_A_MODE]);
	if (tb[DSEC_RULE_A_MATCH])
		rule->match = nla_get_u8(tb[DSEC_RULE_A_MATCH]);
	if (tb[DSEC_RULE_A_FLAGS])
		rule->flags = nla_get_u32(tb[DSEC_RULE_A_FLAGS]);
	if ((rule->flags & DSEC_RULE_F_SETUID) && rule->hook != DSEC_HOOK_EXEC) {
		NL_SET_ERR_MSG_ATTR(extack, tb[DSEC_RULE_A_FLAGS],
				    "setuid flag applies to exec rules only");
		return -EINVAL;
	}
	if (((const char *)nla_data(tb[DSEC_RULE_A_PATH]))[0] != '/') {
		NL_SET_ERR_MSG_ATTR(extack, tb[DSEC_RULE_A_PATH],
				    "rule path must be absolute");
		return -EINVAL;
	}
	rule->path = path_dup(tb[DSEC_RULE_A_PATH], &rule->path_len);
	if (!rule->path)
		return -ENOMEM;
	if (tb[DSEC_RULE_A_NAME]) {
		rule->name = nla_strdup(tb[DSEC_RULE_A_NAME], GFP_KERNEL);
		if (!rule->name)
			return -ENOMEM;
	}
	if (rule->match == DSEC_MATCH_GLOB) {
		ret = dsec_glob_compile(rule->path, &rule->glob,
					&rule->glob_len);
		if (ret == -EINVAL)
			NL_SET_ERR_MSG_ATTR(extack, tb[DSEC_RULE_A_PATH],
					    "glob has a run of three or more '*'");
		return ret;
	}
	if (rule->match == DSEC_MATCH_EXACT)
		rule->hash = dsec_path_hash(rule->path, rule->path_len);
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* Reject a rule id used twice; ids are sorted in a scratch array. */
static int check_rule_ids(const struct dsec_policy *policy,
			  struct netlink_ext_ack *extack)
{
	u32 *ids;
	u32 i;
	int ret = 0;

	if (policy->n_rules < 2)
		return 0;
	ids = kvmalloc_array(policy->n_rules, sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return -ENOMEM;
	for (i = 0; i < policy->n_rules; i++)
		ids[i] = policy->rules[i].id;
	sort(ids, policy->n_rules, sizeof(*ids), cmp_u32, NULL);
	for (i = 1; i < policy->n_rules; i++) {
		if (ids[i] == ids[i - 1]) {
			NL_SET_ERR_MSG(extack, "duplicate rule id in policy");
			ret = -EINVAL;
			break;
		}
	}
	kvfree(ids);
	return ret;
}

static int check_scope_names(const struct dsec_policy *policy,
			     struct netlink_ext_ack *extack)
{
	u32 i, j;

	/* At most DSEC_MAX_SCOPES, so the quadratic walk stays small. */
	for (i = 0; i < policy->n_scopes; i++) {
		for (j = 0; j < i; j++) {
			if (!strcmp(policy->scopes[i].name,
				    policy->scopes[j].name)) {
				NL_SET_ERR_MSG(extack,
					       "duplicate scope name in policy");
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* Sort rules into per-scope, per-hook tables: exact paths hashed, patterns listed. */
static int build_tables(struct dsec_policy *policy)
{
	u32 i;

	for (i = 0; i < policy->n_rules; i++) {
		struct dsec_rule *rule = &policy->rules[i];
		struct dsec_rule_table *table;

		table = &policy->scopes[rule->scope].tables[rule->hook];
		if (rule->match == DSEC_MATCH_EXACT)
			table->hash_bits++;	/* counts exact rules for now */
		else
			table->n_patterns++;
	}

	for (i = 0; i < policy->n_scopes * DSEC_HOOK_COUNT; i++) {
		struct dsec_rule_table *table =
			&policy->scopes[i / DSEC_HOOK_COUNT].tables[i % DSEC_HOOK_COUNT];
		u32 n_exact = table->hash_bits;

		table->hash_bits = 0;
		if (n_exact) {
			table->hash_bits = order_base_2(n_exact);
			table->buckets = kvcalloc(1U << table->hash_bits,
						  sizeof(*table->buckets),
						  GFP_KERNEL);
			if (!table->buckets)
				return -ENOMEM;
		}
		if (table->n_patterns) {
			table->patterns = kvcalloc(table->n_patterns,
						   sizeof(*table->patterns),
						   GFP_KERNEL);
			if (!table->patterns)
				return -ENOMEM;
			table->n_patterns = 0;
		}
	}

	for (i = 0; i < policy->n_rules; i++) {
		struct dsec_rule *rule = &policy->rules[i];
		struct dsec_rule_table *table;

		table = &policy->scopes[rule->scope].tables[rule->hook];
		if (rule->match == DSEC_MATCH_EXACT) {
			u32 mask = (1U << table->hash_bits) - 1;

			hlist_add_head(&rule->node,
				       &table->buckets[rule->hash & mask]);
		} else {
			table->patterns[table->n_patterns++] = rule;
		}
	}
	return 0;
}

static int parse_policy_header(struct dsec_policy *policy,
			       const struct nlattr *nest,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[DSEC_POLICY_A_MAX + 1];
	int ret;

	ret = nla_parse_nested(tb, DSEC_POLICY_A_MAX, nest,
			       dsec_policy_nl_policy, extack);
	if (ret)
		return ret;
	if (!tb[DSEC_POLICY_A_NAME] || !nla_strlen(tb[DSEC_POLICY_A_NAME])) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "policy name missing");
		return -EINVAL;
	}
	policy->name = nla_strdup(tb[DSEC_POLICY_A_NAME], GFP_KERNEL);
	if (!policy->name)
		return -ENOMEM;
	if (tb[DSEC_POLICY_A_MODE])
		policy->mode = nla_get_u8(tb[DSEC_POLICY_A_MODE]);
	if (tb[DSEC_POLICY_A_FLAGS])
		policy->flags = nla_get_u32(tb[DSEC_POLICY_A_FLAGS]);
	if (tb[DSEC_POLICY_A_DIGEST]) {
		nla_memcpy(policy->digest, tb[DSEC_POLICY_A_DIGEST],
			   DSEC_DIGEST_LEN);
		policy->has_digest = true;
	}
	if (tb[DSEC_POLICY_A_SOURCE]) {
		policy->source = nla_strdup(tb[DSEC_POLICY_A_SOURCE], GFP_KERNEL);
		if (!policy->source)
			return -ENOMEM;
	}
	return 0;
}

static struct dsec_policy *policy_compile(struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	const struct nlattr *attr;
	struct dsec_policy *policy;
	u32 n_scopes = 0, n_rules = 0;
	int rem, ret;

	if (!info->attrs[DSEC_A_POLICY]) {
		NL_SET_ERR_MSG(extack, "policy attribute missing");
		return ERR_PTR(-EINVAL);
	}

	nla_for_each_attr(attr, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(attr) == DSEC_A_SCOPE)
			n_scopes++;
		else if (nla_type(attr) == DSEC_A_RULE)
			n_rules++;
	}
	if (n_scopes > DSEC_MAX_SCOPES) {
		NL_SET_ERR_MSG(extack, "too many scopes in policy");
		return ERR_PTR(-E2BIG);
	}
	if (n_rules > DSEC_MAX_RULES) {
		NL_SET_ERR_MSG(extack, "too many rules in policy");
		return ERR_PTR(-E2BIG);
	}

	policy = kzalloc(sizeof(*policy), GFP_KERNEL);
	if (!policy)
		return ERR_PTR(-ENOMEM);
	ret = parse_policy_header(policy, info->attrs[DSEC_A_POLICY], extack);
	if (ret)
		goto out_free;

	policy->scopes = kvcalloc(n_scopes ?: 1, sizeof(*policy->scopes),
				  GFP_KERNEL);
	policy->rules = kvcalloc(n_rules ?: 1, sizeof(*policy->rules),
				 GFP_KERNEL);
	ret = -ENOMEM;
	if (!policy->scopes || !policy->rules)
		goto out_free;

	nla_for_each_attr(attr, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(attr) != DSEC_A_SCOPE)
			continue;
		ret = parse_scope(attr, &policy->scopes[policy->n_scopes++],
				  extack);
		if (ret)
			goto out_free;
	}
	nla_for_each_attr(attr, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(attr) != DSEC_A_RULE)
			continue;
		ret = parse_rule(attr, &policy->rules[policy->n_rules++],
				 n_scopes, extack);
		if (ret)
			goto out_free;
	}

	ret = check_scope_names(policy, extack);
	if (ret)
		goto out_free;
	ret = check_rule_ids(policy, extack);
	if (ret)
		goto out_free;
	ret = build_tables(policy);
	if (ret)
		goto out_free;
	return policy;

out_free:
	policy_free(policy);
	return ERR_PTR(ret);
}

/*
 * Build a set from @old with @policy added, replacing the policy of the
 * same name, or with the policy named @remove left out.
 */
static struct dsec_policy_set *set_derive(const struct dsec_policy_set *old,
					  struct dsec_policy *policy,
					  const char *remove,
					  struct dsec_policy **ret_dropped)
{
	const char *name = policy ? policy->name : remove;
	u32 n_old = old ? old->n_policies : 0;
	struct dsec_policy_set *set;
	u32 i;

	set = kvzalloc(struct_size(set, policies, n_old + 1), GFP_KERNEL);
	if (!set)
		return ERR_PTR(-ENOMEM);

	*ret_dropped = NULL;
	for (i = 0; i < n_old; i++) {
		struct dsec_policy *cur = old->policies[i];

		if (strcmp(cur->name, name)) {
			set->policies[set->n_policies++] = cur;
			continue;
		}
		*ret_dropped = cur;
		if (policy)
			set->policies[set->n_policies++] = policy;
	}
	if (policy && !*ret_dropped)
		set->policies[set->n_policies++] = policy;
	set->generation = set_generation + 1;
	return set;
}

/* Publish @set, wait for readers of the old one, then free what it replaced. */
static void set_publish(struct dsec_policy_set *set,
			struct dsec_policy *dropped)
{
	struct dsec_policy_set *old;

	old = rcu_replace_pointer(dsec_policies, set,
				  lockdep_is_held(&dsec_policy_lock));
	WRITE_ONCE(set_generation, set_generation + 1);
	synchronize_rcu();
	policy_free(dropped);
	kvfree(old);
}

/**
 * dsec_policy_load - compile and install the policy of a POLICY_LOAD request
 * @info: the request; errors are reported through info->extack
 *
 * Return: 0, or -errno with the loaded set unchanged.
 */
int dsec_policy_load(struct genl_info *info)
{
	struct dsec_policy_set *old, *set;
	struct dsec_policy *policy, *dropped;
	int ret = 0;

	if (info->nlhdr->nlmsg_len > DSEC_POLICY_MAX_BYTES) {
		NL_SET_ERR_MSG(info->extack, "policy message exceeds 16 MiB");
		return -EMSGSIZE;
	}

	policy = policy_compile(info);
	if (IS_ERR(policy))
		return PTR_ERR(policy);
	if (dsec_policy_covers_current(policy)) {
		NL_SET_ERR_MSG(info->extack,
			       "policy scope covers the cgroup of the loading process");
		policy_free(policy);
		return -EINVAL;
	}

	mutex_lock(&dsec_policy_lock);
	old = rcu_dereference_protected(dsec_policies,
					lockdep_is_held(&dsec_policy_lock));
	set = set_derive(old, policy, NULL, &dropped);
	if (IS_ERR(set)) {
		ret = PTR_ERR(set);
		goto out_unlock;
	}
	if (set->n_policies > DSEC_MAX_POLICIES) {
		NL_SET_ERR_MSG(info->extack, "too many policies loaded");
		kvfree(set);
		ret = -E2BIG;
		goto out_unlock;
	}
	policy->generation = set->generation;
	policy->loaded_ns = ktime_get_real_ns();
	set_publish(set, dropped);
	pr_info("policy=\"%s\" loaded generation=%llu scopes=%u rules=%u\n",
		policy->name, set->generation, policy->n_scopes,
		policy->n_rules);
	if (policy->flags & DSEC_POLICY_F_LOCK)
		ret = dsec_lock();
	policy = NULL;

out_unlock:
	mutex_unlock(&dsec_policy_lock);
	policy_free(policy);
	return ret;
}

/* Remove the policy called @name; -ENOENT when none is loaded under it. */
int dsec_policy_remove(const char *name, struct netlink_ext_ack *extack)
{
	struct dsec_policy_set *old, *set;
	struct dsec_policy *dropped;
	int ret = 0;

	mutex_lock(&dsec_policy_lock);
	old = rcu_dereference_protected(dsec_policies,
					lockdep_is_held(&dsec_policy_lock));
	set = set_derive(old, NULL, name, &dropped);
	if (IS_ERR(set)) {
		ret = PTR_ERR(set);
		goto out_unlock;
	}
	if (!dropped) {
		NL_SET_ERR_MSG(extack, "no policy loaded under that name");
		kvfree(set);
		ret = -ENOENT;
		goto out_unlock;
	}
	if (!set->n_policies) {
		kvfree(set);
		set = NULL;
	}
	set_publish(set, dropped);
	pr_info("policy=\"%s\" removed\n", name);

out_unlock:
	mutex_unlock(&dsec_policy_lock);
	return ret;
}

/*
 * Put a DSEC_A_POLICY nest describing @policy; @summary adds the scope and
 * rule counts.
 */
int dsec_policy_fill(struct sk_buff *skb, const struct dsec_policy *policy,
		     bool summary)
{
	struct nlattr *nest = nla_nest_start(skb, DSEC_A_POLICY);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, DSEC_POLICY_A_NAME, policy->name) ||
	    nla_put_u8(skb, DSEC_POLICY_A_MODE, policy->mode) ||
	    nla_put_u32(skb, DSEC_POLICY_A_FLAGS, policy->flags) ||
	    (policy->has_digest &&
	     nla_put(skb, DSEC_POLICY_A_DIGEST, DSEC_DIGEST_LEN,
		     policy->digest)) ||
	    (policy->source &&
	     nla_put_string(skb, DSEC_POLICY_A_SOURCE, policy->source)) ||
	    nla_put_u64_64bit(skb, DSEC_POLICY_A_GENERATION,
			      policy->generation, DSEC_POLICY_A_PAD) ||
	    nla_put_u64_64bit(skb, DSEC_POLICY_A_LOADED_NS, policy->loaded_ns,
			      DSEC_POLICY_A_PAD) ||
	    (summary &&
	     (nla_put_u32(skb, DSEC_POLICY_A_N_SCOPES, policy->n_scopes) ||
	      nla_put_u32(skb, DSEC_POLICY_A_N_RULES, policy->n_rules)))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int selector_fill(struct sk_buff *skb, const struct dsec_selector *sel)
{
	struct nlattr *nest = nla_nest_start(skb, DSEC_SCOPE_A_SELECTOR);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, DSEC_SELECTOR_A_TYPE, sel->type) ||
	    (sel->value &&
	     nla_put_string(skb, DSEC_SELECTOR_A_VALUE, sel->value)) ||
	    (sel->type == DSEC_SELECTOR_ID &&
	     nla_put_u64_64bit(skb, DSEC_SELECTOR_A_ID, sel->id,
			       DSEC_SELECTOR_A_PAD)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Put a DSEC_A_SCOPE nest with the attributes POLICY_LOAD accepted. */
int dsec_scope_fill(struct sk_buff *skb, const struct dsec_scope *scope)
{
	struct nlattr *nest = nla_nest_start(skb, DSEC_A_SCOPE);
	u32 i;

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, DSEC_SCOPE_A_NAME, scope->name) ||
	    nla_put_u8(skb, DSEC_SCOPE_A_MODE, scope->mode) ||
	    nla_put_u32(skb, DSEC_SCOPE_A_GUARDS, scope->guards) ||
	    nla_put_u32(skb, DSEC_SCOPE_A_FLAGS, scope->flags))
		goto out_cancel;
	for (i = 0; i < scope->n_selectors; i++)
		if (selector_fill(skb, &scope->selectors[i]))
			goto out_cancel;
	for (i = 0; i < scope->n_fstypes; i++)
		if (nla_put_string(skb, DSEC_SCOPE_A_FSTYPE, scope->fstypes[i]))
			goto out_cancel;
	for (i = 0; i < scope->n_writable; i++)
		if (nla_put_string(skb, DSEC_SCOPE_A_WRITABLE,
				   scope->writable[i]))
			goto out_cancel;
	for (i = 0; i < DSEC_HOOK_COUNT; i++) {
		struct nlattr *def;

		if (!(scope->defaults_set & BIT(i)))
			continue;
		def = nla_nest_start(skb, DSEC_SCOPE_A_HOOK_DEFAULT);
		if (!def ||
		    nla_put_u8(skb, DSEC_HOOK_DEFAULT_A_HOOK, i) ||
		    nla_put_u8(skb, DSEC_HOOK_DEFAULT_A_ACTION,
			       scope->defaults[i]))
			goto out_cancel;
		nla_nest_end(skb, def);
	}
	nla_nest_end(skb, nest);
	return 0;

out_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* Put a DSEC_A_RULE nest with the attributes POLICY_LOAD accepted. */
int dsec_rule_fill(struct sk_buff *skb, const struct dsec_rule *rule)
{
	struct nlattr *nest = nla_nest_start(skb, DSEC_A_RULE);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, DSEC_RULE_A_ID, rule->id) ||
	    nla_put_u32(skb, DSEC_RULE_A_SCOPE, rule->scope) ||
	    nla_put_u8(skb, DSEC_RULE_A_HOOK, rule->hook) ||
	    nla_put_u8(skb, DSEC_RULE_A_ACTION, rule->action) ||
	    nla_put_u8(skb, DSEC_RULE_A_MODE, rule->mode) ||
	    nla_put_u8(skb, DSEC_RULE_A_MATCH, rule->match) ||
	    nla_put_string(skb, DSEC_RULE_A_PATH, rule->path) ||
	    nla_put_u32(skb, DSEC_RULE_A_FLAGS, rule->flags) ||
	    (rule->name && nla_put_string(skb, DSEC_RULE_A_NAME, rule->name))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}
