// SPDX-License-Identifier: GPL-2.0
/*
 * Policy attributes of the dsec generic netlink family, in both
 * directions. The layout is the one in include/uapi/linux/dsec.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "ctl/nl.h"
#include "ctl/policy_msg.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Every nest carries NLA_F_NESTED: the kernel validates strictly. */
static struct nlattr *nest_start(struct nl_msg *msg, int type)
{
	return nla_nest_start(msg, type | NLA_F_NESTED);
}

static int put_selector(struct nl_msg *msg, const struct dsec_selector *sel)
{
	struct nlattr *nest = nest_start(msg, DSEC_SCOPE_A_SELECTOR);

	if (!nest || nla_put_u8(msg, DSEC_SELECTOR_A_TYPE, (uint8_t)sel->type))
		return -EMSGSIZE;
	if (sel->type == DSEC_SELECTOR_ID) {
		if (nla_put_u64(msg, DSEC_SELECTOR_A_ID, sel->id))
			return -EMSGSIZE;
	} else if (nla_put_string(msg, DSEC_SELECTOR_A_VALUE, sel->value)) {
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int put_scope(struct nl_msg *msg, const struct dsec_scope *scope)
{
	struct nlattr *nest = nest_start(msg, DSEC_A_SCOPE);
	size_t i;
	int err;

	if (!nest ||
	    nla_put_string(msg, DSEC_SCOPE_A_NAME, scope->name) ||
	    nla_put_u8(msg, DSEC_SCOPE_A_MODE, (uint8_t)scope->mode) ||
	    nla_put_u32(msg, DSEC_SCOPE_A_GUARDS, scope->guards) ||
	    nla_put_u32(msg, DSEC_SCOPE_A_FLAGS, scope->flags))
		return -EMSGSIZE;
	for (i = 0; i < scope->n_selectors; i++) {
		err = put_selector(msg, &scope->selectors[i]);
		if (err)
			return err;
	}
	for (i = 0; i < scope->n_fstypes; i++)
		if (nla_put_string(msg, DSEC_SCOPE_A_FSTYPE, scope->fstypes[i]))
			return -EMSGSIZE;
	for (i = 0; i < scope->n_writable; i++)
		if (nla_put_string(msg, DSEC_SCOPE_A_WRITABLE,
				   scope->writable[i]))
			return -EMSGSIZE;
	for (i = 0; i < DSEC_HOOK_COUNT; i++) {
		struct nlattr *def;

		if (scope->defaults[i] == DSEC_DEFAULT_UNSET)
			continue;
		def = nest_start(msg, DSEC_SCOPE_A_HOOK_DEFAULT);
		if (!def ||
		    nla_put_u8(msg, DSEC_HOOK_DEFAULT_A_HOOK, (uint8_t)i) ||
		    nla_put_u8(msg, DSEC_HOOK_DEFAULT_A_ACTION,
			       (uint8_t)scope->defaults[i]))
			return -EMSGSIZE;
		nla_nest_end(msg, def);
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int put_rule(struct nl_msg *msg, const struct dsec_rule *rule)
{
	struct nlattr *nest = nest_start(msg, DSEC_A_RULE);

	if (!nest ||
	    nla_put_u32(msg, DSEC_RULE_A_ID, rule->id) ||
	    nla_put_u32(msg, DSEC_RULE_A_SCOPE, rule->scope) ||
	    nla_put_u8(msg, DSEC_RULE_A_HOOK, (uint8_t)rule->hook) ||
	    nla_put_u8(msg, DSEC_RULE_A_ACTION, (uint8_t)rule->action) ||
	    nla_put_u8(msg, DSEC_RULE_A_MODE, (uint8_t)rule->mode) ||
	    nla_put_u8(msg, DSEC_RULE_A_MATCH, (uint8_t)rule->match) ||
	    nla_put_string(msg, DSEC_RULE_A_PATH, rule->path) ||
	    nla_put_u32(msg, DSEC_RULE_A_FLAGS, rule->flags))
		return -EMSGSIZE;
	if (rule->name && nla_put_string(msg, DSEC_RULE_A_NAME, rule->name))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

int dsec_policy_put(struct nl_msg *msg, const struct dsec_policy *policy)
{
	struct nlattr *nest = nest_start(msg, DSEC_A_POLICY);
	size_t i;
	int err;

	if (!nest ||
	    nla_put_string(msg, DSEC_POLICY_A_NAME, policy->name) ||
	    nla_put_u8(msg, DSEC_POLICY_A_MODE, (uint8_t)policy->mode) ||
	    nla_put_u32(msg, DSEC_POLICY_A_FLAGS, policy->flags))
		return -EMSGSIZE;
	if (policy->has_digest &&
	    nla_put(msg, DSEC_POLICY_A_DIGEST, DSEC_DIGEST_LEN, policy->digest))
		return -EMSGSIZE;
	if (policy->source &&
	    nla_put_string(msg, DSEC_POLICY_A_SOURCE, policy->source))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);

	for (i = 0; i < policy->n_scopes; i++) {
		err = put_scope(msg, &policy->scopes[i]);
		if (err)
			return err;
	}
	for (i = 0; i < policy->n_rules; i++) {
		err = put_rule(msg, &policy->rules[i]);
		if (err)
			return err;
	}
	return 0;
}

int dsec_policy_build_load(int family, const struct dsec_policy *policy,
			   struct nl_msg **ret_msg)
{
	size_t size = 64 * 1024;
	struct nl_msg *msg;
	int err;

	/* Double the buffer until the policy fits or passes the limit. */
	for (;;) {
		msg = dsec_nl_msg_new(family, DSEC_CMD_POLICY_LOAD, 0, size);
		if (!msg)
			return -ENOMEM;
		err = dsec_policy_put(msg, policy);
		if (!err)
			break;
		nlmsg_free(msg);
		if (err != -EMSGSIZE || size >= DSEC_POLICY_MAX_BYTES)
			return err;
		size *= 2;
	}
	if (nlmsg_hdr(msg)->nlmsg_len > DSEC_POLICY_MAX_BYTES) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	*ret_msg = msg;
	return 0;
}

/* Reading */

static struct nla_policy policy_attr_policy[DSEC_POLICY_A_MAX + 1] = {
	[DSEC_POLICY_A_NAME] = { .type = NLA_STRING, .maxlen = DSEC_NAME_MAX },
	[DSEC_POLICY_A_MODE] = { .type = NLA_U8 },
	[DSEC_POLICY_A_FLAGS] = { .type = NLA_U32 },
	[DSEC_POLICY_A_DIGEST] = { .minlen = DSEC_DIGEST_LEN },
	[DSEC_POLICY_A_SOURCE] = { .type = NLA_STRING },
	[DSEC_POLICY_A_GENERATION] = { .type = NLA_U64 },
	[DSEC_POLICY_A_LOADED_NS] = { .type = NLA_U64 },
	[DSEC_POLICY_A_N_SCOPES] = { .type = NLA_U32 },
	[DSEC_POLICY_A_N_RULES] = { .type = NLA_U32 },
};

static struct nla_policy scope_attr_policy[DSEC_SCOPE_A_MAX + 1] = {
	[DSEC_SCOPE_A_NAME] = { .type = NLA_STRING, .maxlen = DSEC_NAME_MAX },
	[DSEC_SCOPE_A_MODE] = { .type = NLA_U8 },
	[DSEC_SCOPE_A_GUARDS] = { .type = NLA_U32 },
	[DSEC_SCOPE_A_FLAGS] = { .type = NLA_U32 },
	[DSEC_SCOPE_A_SELECTOR] = { .type = NLA_NESTED },
	[DSEC_SCOPE_A_FSTYPE] = { .type = NLA_STRING },
	[DSEC_SCOPE_A_WRITABLE] = { .type = NLA_STRING },
	[DSEC_SCOPE_A_HOOK_DEFAULT] = { .type = NLA_NESTED },
};

static struct nla_policy selector_attr_policy[DSEC_SELECTOR_A_MAX + 1] = {
	[DSEC_SELECTOR_A_TYPE] = { .type = NLA_U8 },
	[DSEC_SELECTOR_A_VALUE] = { .type = NLA_STRING },
	[DSEC_SELECTOR_A_ID] = { .type = NLA_U64 },
};

static struct nla_policy hook_default_attr_policy[DSEC_HOOK_DEFAULT_A_MAX + 1] = {
	[DSEC_HOOK_DEFAULT_A_HOOK] = { .type = NLA_U8 },
	[DSEC_HOOK_DEFAULT_A_ACTION] = { .type = NLA_U8 },
};

static struct nla_policy rule_attr_policy[DSEC_RULE_A_MAX + 1] = {
	[DSEC_RULE_A_ID] = { .type = NLA_U32 },
	[DSEC_RULE_A_SCOPE] = { .type = NLA_U32 },
	[DSEC_RULE_A_HOOK] = { .type = NLA_U8 },
	[DSEC_RULE_A_ACTION] = { .type = NLA_U8 },
	[DSEC_RULE_A_MODE] = { .type = NLA_U8 },
	[DSEC_RULE_A_MATCH] = { .type = NLA_U8 },
	[DSEC_RULE_A_PATH] = { .type = NLA_STRING },
	[DSEC_RULE_A_FLAGS] = { .type = NLA_U32 },
	[DSEC_RULE_A_NAME] = { .type = NLA_STRING, .maxlen = DSEC_NAME_MAX },
};

static int dup_attr(struct nlattr *attr, char **ret)
{
	char *copy = strndup(nla_data(attr), (size_t)nla_len(attr));

	if (!copy)
		return -ENOMEM;
	free(*ret);
	*ret = copy;
	return 0;
}

int dsec_policy_read_summary(struct nlattr *nest, struct dsec_policy *policy)
{
	struct nlattr *tb[DSEC_POLICY_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, DSEC_POLICY_A_MAX, nest, policy_attr_policy);
	if (err < 0)
		return -EBADMSG;
	if (!tb[DSEC_POLICY_A_NAME])
		return -EBADMSG;
	err = dup_attr(tb[DSEC_POLICY_A_NAME], &policy->name);
	if (err)
		return err;
	if (tb[DSEC_POLICY_A_MODE])
		policy->mode = nla_get_u8(tb[DSEC_POLICY_A_MODE]);
	if (tb[DSEC_POLICY_A_FLAGS])
		policy->flags = nla_get_u32(tb[DSEC_POLICY_A_FLAGS]);
	if (tb[DSEC_POLICY_A_DIGEST]) {
		policy->has_digest = true;
		memcpy(policy->digest, nla_data(tb[DSEC_POLICY_A_DIGEST]),
		       DSEC_DIGEST_LEN);
	}
	if (tb[DSEC_POLICY_A_SOURCE]) {
		err = dup_attr(tb[DSEC_POLICY_A_SOURCE], &policy->source);
		if (err)
			return err;
	}
	if (tb[DSEC_POLICY_A_GENERATION])
		policy->generation = nla_get_u64(tb[DSEC_POLICY_A_GENERATION]);
	if (tb[DSEC_POLICY_A_LOADED_NS])
		policy->loaded_ns = nla_get_u64(tb[DSEC_POLICY_A_LOADED_NS]);
	if (tb[DSEC_POLICY_A_N_SCOPES])
		policy->kernel_n_scopes = nla_get_u32(tb[DSEC_POLICY_A_N_SCOPES]);
	if (tb[DSEC_POLICY_A_N_RULES])
		policy->kernel_n_rules = nla_get_u32(tb[DSEC_POLICY_A_N_RULES]);
	return 0;
}

static int read_selector(struct nlattr *nest, struct dsec_scope *scope)
{
	struct nlattr *tb[DSEC_SELECTOR_A_MAX + 1];
	struct dsec_selector *sel;

	if (nla_parse_nested(tb, DSEC_SELECTOR_A_MAX, nest,
			     selector_attr_policy) < 0 ||
	    !tb[DSEC_SELECTOR_A_TYPE])
		return -EBADMSG;
	sel = dsec_scope_add_selector(scope);
	if (!sel)
		return -ENOMEM;
	sel->type = nla_get_u8(tb[DSEC_SELECTOR_A_TYPE]);
	if (sel->type == DSEC_SELECTOR_ID) {
		if (!tb[DSEC_SELECTOR_A_ID])
			return -EBADMSG;
		sel->id = nla_get_u64(tb[DSEC_SELECTOR_A_ID]);
		return 0;
	}
	if (!tb[DSEC_SELECTOR_A_VALUE])
		return -EBADMSG;
	return dup_attr(tb[DSEC_SELECTOR_A_VALUE], &sel->value);
}

static int read_hook_default(struct nlattr *nest, struct dsec_scope *scope)
{
	struct nlattr *tb[DSEC_HOOK_DEFAULT_A_MAX + 1];
	uint8_t hook;

	if (nla_parse_nested(tb, DSEC_HOOK_DEFAULT_A_MAX, nest,
			     hook_default_attr_policy) < 0 ||
	    !tb[DSEC_HOOK_DEFAULT_A_HOOK] || !tb[DSEC_HOOK_DEFAULT_A_ACTION])
		return -EBADMSG;
	hook = nla_get_u8(tb[DSEC_HOOK_DEFAULT_A_HOOK]);
	if (hook >= DSEC_HOOK_COUNT)
		return -EBADMSG;
	scope->defaults[hook] = nla_get_u8(tb[DSEC_HOOK_DEFAULT_A_ACTION]);
	return 0;
}

static int read_scope(struct nlattr *nest, struct dsec_policy *policy)
{
	struct nlattr *tb[DSEC_SCOPE_A_MAX + 1];
	struct dsec_scope *scope;
	struct nlattr *attr;
	int rem, err;

	if (nla_parse_nested(tb, DSEC_SCOPE_A_MAX, nest, scope_attr_policy) < 0 ||
	    !tb[DSEC_SCOPE_A_NAME])
		return -EBADMSG;
	scope = dsec_policy_add_scope(policy);
	if (!scope)
		return -ENOMEM;
	err = dup_attr(tb[DSEC_SCOPE_A_NAME], &scope->name);
	if (err)
		return err;
	if (tb[DSEC_SCOPE_A_MODE])
		scope->mode = nla_get_u8(tb[DSEC_SCOPE_A_MODE]);
	if (tb[DSEC_SCOPE_A_GUARDS])
		scope->guards = nla_get_u32(tb[DSEC_SCOPE_A_GUARDS]);
	if (tb[DSEC_SCOPE_A_FLAGS])
		scope->flags = nla_get_u32(tb[DSEC_SCOPE_A_FLAGS]);

	/* nla_parse keeps only the last of repeated attributes: walk all. */
	nla_for_each_nested(attr, nest, rem) {
		switch (nla_type(attr)) {
		case DSEC_SCOPE_A_SELECTOR:
			err = read_selector(attr, scope);
			break;
		case DSEC_SCOPE_A_FSTYPE:
			err = dsec_strv_append(&scope->fstypes,
					       &scope->n_fstypes,
					       nla_get_string(attr));
			break;
		case DSEC_SCOPE_A_WRITABLE:
			err = dsec_strv_append(&scope->writable,
					       &scope->n_writable,
					       nla_get_string(attr));
			break;
		case DSEC_SCOPE_A_HOOK_DEFAULT:
			err = read_hook_default(attr, scope);
			break;
		default:
			err = 0;
			break;
		}
		if (err)
			return err;
	}
	return 0;
}

static int read_rule(struct nlattr *nest, struct dsec_policy *policy)
{
	struct nlattr *tb[DSEC_RULE_A_MAX + 1];
	struct dsec_rule *rule;
	int err;

	if (nla_parse_nested(tb, DSEC_RULE_A_MAX, nest, rule_attr_policy) < 0 ||
	    !tb[DSEC_RULE_A_ID] || !tb[DSEC_RULE_A_SCOPE] ||
	    !tb[DSEC_RULE_A_HOOK] || !tb[DSEC_RULE_A_ACTION] ||
	    !tb[DSEC_RULE_A_PATH])
		return -EBADMSG;
	rule = dsec_policy_add_rule(policy);
	if (!rule)
		return -ENOMEM;
	rule->id = nla_get_u32(tb[DSEC_RULE_A_ID]);
	rule->scope = nla_get_u32(tb[DSEC_RULE_A_SCOPE]);
	rule->hook = nla_get_u8(tb[DSEC_RULE_A_HOOK]);
	rule->action = nla_get_u8(tb[DSEC_RULE_A_ACTION]);
	if (tb[DSEC_RULE_A_MODE])
		rule->mode = nla_get_u8(tb[DSEC_RULE_A_MODE]);
	if (tb[DSEC_RULE_A_MATCH])
		rule->match = nla_get_u8(tb[DSEC_RULE_A_MATCH]);
	if (tb[DSEC_RULE_A_FLAGS])
		rule->flags = nla_get_u32(tb[DSEC_RULE_A_FLAGS]);
	err = dup_attr(tb[DSEC_RULE_A_PATH], &rule->path);
	if (!err && tb[DSEC_RULE_A_NAME])
		err = dup_attr(tb[DSEC_RULE_A_NAME], &rule->name);
	return err;
}

/* Start a new policy unless nest names the one being read. */
static int read_policy_nest(struct dsec_policy_reader *reader,
			    struct nlattr *nest)
{
	struct dsec_policy *policy;
	int err;

	policy = dsec_policy_new();
	if (!policy)
		return -ENOMEM;
	err = dsec_policy_read_summary(nest, policy);
	if (err) {
		dsec_policy_free(policy);
		return err;
	}
	if (reader->current && !strcmp(reader->current->name, policy->name)) {
		dsec_policy_free(policy);
		return 0;
	}
	err = dsec_policy_set_append(&reader->set, policy);
	if (err) {
		dsec_policy_free(policy);
		return err;
	}
	reader->current = policy;
	return 0;
}

static int read_msg_attr(struct nlattr *attr, void *arg)
{
	struct dsec_policy_reader *reader = arg;

	switch (nla_type(attr)) {
	case DSEC_A_POLICY:
		return read_policy_nest(reader, attr);
	case DSEC_A_SCOPE:
		return reader->current ?
		       read_scope(attr, reader->current) : -EBADMSG;
	case DSEC_A_RULE:
		return reader->current ?
		       read_rule(attr, reader->current) : -EBADMSG;
	default:
		return 0;
	}
}

int dsec_policy_read_msg(struct dsec_policy_reader *reader,
			 struct nl_msg *msg)
{
	return dsec_nl_for_each_attr(msg, read_msg_attr, reader);
}

/* Locating an extended ACK offset */

static const char *const policy_attr_names[DSEC_POLICY_A_MAX + 1] = {
	[DSEC_POLICY_A_NAME] = "name",
	[DSEC_POLICY_A_MODE] = "mode",
	[DSEC_POLICY_A_FLAGS] = "flags",
	[DSEC_POLICY_A_DIGEST] = "digest",
	[DSEC_POLICY_A_SOURCE] = "source",
};

static const char *const scope_attr_names[DSEC_SCOPE_A_MAX + 1] = {
	[DSEC_SCOPE_A_NAME] = "name",
	[DSEC_SCOPE_A_MODE] = "mode",
	[DSEC_SCOPE_A_GUARDS] = "guards",
	[DSEC_SCOPE_A_FLAGS] = "cgroup-writable",
	[DSEC_SCOPE_A_SELECTOR] = "selectors",
	[DSEC_SCOPE_A_FSTYPE] = "mount-fstypes",
	[DSEC_SCOPE_A_WRITABLE] = "writable",
	[DSEC_SCOPE_A_HOOK_DEFAULT] = "defaults",
};

static const char *const rule_attr_names[DSEC_RULE_A_MAX + 1] = {
	[DSEC_RULE_A_ID] = "id",
	[DSEC_RULE_A_SCOPE] = "scope",
	[DSEC_RULE_A_HOOK] = "hook",
	[DSEC_RULE_A_ACTION] = "action",
	[DSEC_RULE_A_MODE] = "mode",
	[DSEC_RULE_A_MATCH] = "match",
	[DSEC_RULE_A_PATH] = "path",
	[DSEC_RULE_A_FLAGS] = "setuid-only",
	[DSEC_RULE_A_NAME] = "name",
};

/* Name of the attribute inside nest that covers offset, if any. */
static const char *inner_name(struct nlattr *nest, uint32_t offset,
			      const char *base, const char *const *names,
			      int max)
{
	struct nlattr *attr;
	int rem;

	nla_for_each_nested(attr, nest, rem) {
		uint32_t start = (uint32_t)((const char *)attr - base);
		int type = nla_type(attr);

		if (offset < start || offset >= start + (uint32_t)nla_total_size(nla_len(attr)))
			continue;
		return type <= max && names[type] ? names[type] : NULL;
	}
	return NULL;
}

int dsec_policy_locate(const struct dsec_policy *policy, struct nl_msg *msg,
		       uint32_t offset, struct dsec_pos *ret_pos, char *buf,
		       size_t size)
{
	struct nlmsghdr *hdr = nlmsg_hdr(msg);
	const char *base = (const char *)hdr;
	size_t n_scopes = 0, n_rules = 0;
	struct nlattr *attr;
	int rem;

	nla_for_each_attr(attr, genlmsg_attrdata(nlmsg_data(hdr), 0),
			  genlmsg_attrlen(nlmsg_data(hdr), 0), rem) {
		uint32_t start = (uint32_t)((const char *)attr - base);
		uint32_t end = start + (uint32_t)nla_total_size(nla_len(attr));
		int type = nla_type(attr);
		const char *inner;

		if (offset < start || offset >= end) {
			n_scopes += type == DSEC_A_SCOPE;
			n_rules += type == DSEC_A_RULE;
			continue;
		}
		switch (type) {
		case DSEC_A_POLICY:
			inner = inner_name(attr, offset, base, policy_attr_names,
					   DSEC_POLICY_A_MAX);
			*ret_pos = policy->pos;
			snprintf(buf, size, "policy '%s'%s%s%s", policy->name,
				 inner ? " attribute '" : "", inner ?: "",
				 inner ? "'" : "");
			return 0;
		case DSEC_A_SCOPE:
			if (n_scopes >= policy->n_scopes)
				return -ENOENT;
			inner = inner_name(attr, offset, base, scope_attr_names,
					   DSEC_SCOPE_A_MAX);
			*ret_pos = policy->scopes[n_scopes].pos;
			snprintf(buf, size, "scope '%s'%s%s%s",
				 policy->scopes[n_scopes].name,
				 inner ? " attribute '" : "", inner ?: "",
				 inner ? "'" : "");
			return 0;
		case DSEC_A_RULE:
			if (n_rules >= policy->n_rules)
				return -ENOENT;
			inner = inner_name(attr, offset, base, rule_attr_names,
					   DSEC_RULE_A_MAX);
			*ret_pos = policy->rules[n_rules].pos;
			snprintf(buf, size, "rule %u%s%s%s",
				 policy->rules[n_rules].id,
				 inner ? " attribute '" : "", inner ?: "",
				 inner ? "'" : "");
			return 0;
		default:
			return -ENOENT;
		}
	}
	return -ENOENT;
}
