// SPDX-License-Identifier: GPL-2.0
/*
 * The "dsec" generic netlink family: status, policy load, remove and
 * dump, module lock, and the "alerts" multicast group.
 *
 * Every operation needs CAP_NET_ADMIN in the initial user namespace
 * (GENL_ADMIN_PERM with netnsok unset). Attributes are validated strictly
 * against the policies below. A caller that itself runs inside a
 * container scope is rejected, so a container cannot unlock the module
 * or rewrite its own policy.
 */
#define pr_fmt(fmt) "dsec: " fmt

#include <linux/module.h>
#include <linux/utsname.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "compat.h"
#include "internal.h"
#include "nlpolicy.h"

const struct nla_policy dsec_policy_nl_policy[DSEC_POLICY_A_MAX + 1] = {
	[DSEC_POLICY_A_NAME] = { .type = NLA_NUL_STRING,
				 .len = DSEC_NAME_MAX - 1 },
	[DSEC_POLICY_A_MODE] = NLA_POLICY_MAX(NLA_U8, __DSEC_MODE_MAX - 1),
	[DSEC_POLICY_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, DSEC_POLICY_F_ALL),
	[DSEC_POLICY_A_DIGEST] = NLA_POLICY_EXACT_LEN(DSEC_DIGEST_LEN),
	[DSEC_POLICY_A_SOURCE] = { .type = NLA_NUL_STRING,
				   .len = DSEC_SOURCE_MAX - 1 },
	[DSEC_POLICY_A_GENERATION] = { .type = NLA_REJECT },
	[DSEC_POLICY_A_LOADED_NS] = { .type = NLA_REJECT },
	[DSEC_POLICY_A_N_SCOPES] = { .type = NLA_REJECT },
	[DSEC_POLICY_A_N_RULES] = { .type = NLA_REJECT },
};

const struct nla_policy dsec_selector_nl_policy[DSEC_SELECTOR_A_MAX + 1] = {
	[DSEC_SELECTOR_A_TYPE] = NLA_POLICY_MAX(NLA_U8,
						__DSEC_SELECTOR_MAX - 1),
	[DSEC_SELECTOR_A_VALUE] = { .type = NLA_NUL_STRING,
				    .len = DSEC_PATTERN_MAX - 1 },
	[DSEC_SELECTOR_A_ID] = { .type = NLA_U64 },
};

const struct nla_policy
dsec_hook_default_nl_policy[DSEC_HOOK_DEFAULT_A_MAX + 1] = {
	[DSEC_HOOK_DEFAULT_A_HOOK] = NLA_POLICY_MAX(NLA_U8, DSEC_HOOK_COUNT - 1),
	[DSEC_HOOK_DEFAULT_A_ACTION] = NLA_POLICY_MAX(NLA_U8,
						      __DSEC_ACTION_MAX - 1),
};

const struct nla_policy dsec_scope_nl_policy[DSEC_SCOPE_A_MAX + 1] = {
	[DSEC_SCOPE_A_NAME] = { .type = NLA_NUL_STRING,
				.len = DSEC_NAME_MAX - 1 },
	[DSEC_SCOPE_A_MODE] = NLA_POLICY_MAX(NLA_U8, __DSEC_MODE_MAX - 1),
	[DSEC_SCOPE_A_GUARDS] = NLA_POLICY_MASK(NLA_U32, DSEC_GUARD_ALL),
	[DSEC_SCOPE_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, DSEC_SCOPE_F_ALL),
	[DSEC_SCOPE_A_SELECTOR] = NLA_POLICY_NESTED(dsec_selector_nl_policy),
	[DSEC_SCOPE_A_FSTYPE] = { .type = NLA_NUL_STRING,
				  .len = DSEC_FSTYPE_MAX - 1 },
	[DSEC_SCOPE_A_WRITABLE] = { .type = NLA_NUL_STRING,
				    .len = DSEC_PATTERN_MAX - 1 },
	[DSEC_SCOPE_A_HOOK_DEFAULT] =
		NLA_POLICY_NESTED(dsec_hook_default_nl_policy),
};

const struct nla_policy dsec_rule_nl_policy[DSEC_RULE_A_MAX + 1] = {
	[DSEC_RULE_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[DSEC_RULE_A_SCOPE] = { .type = NLA_U32 },
	[DSEC_RULE_A_HOOK] = NLA_POLICY_MAX(NLA_U8, DSEC_HOOK_COUNT - 1),
	[DSEC_RULE_A_ACTION] = NLA_POLICY_MAX(NLA_U8, __DSEC_ACTION_MAX - 1),
	[DSEC_RULE_A_MODE] = NLA_POLICY_MAX(NLA_U8, __DSEC_MODE_MAX - 1),
	[DSEC_RULE_A_MATCH] = NLA_POLICY_MAX(NLA_U8, __DSEC_MATCH_MAX - 1),
	[DSEC_RULE_A_PATH] = { .type = NLA_NUL_STRING,
			       .len = DSEC_PATTERN_MAX - 1 },
	[DSEC_RULE_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, DSEC_RULE_F_ALL),
	[DSEC_RULE_A_NAME] = { .type = NLA_NUL_STRING,
			       .len = DSEC_NAME_MAX - 1 },
};

/* Requests carry policies, scopes and rules. The other nests are output only. */
static const struct nla_policy dsec_nl_policy[DSEC_A_MAX + 1] = {
	[DSEC_A_POLICY] = NLA_POLICY_NESTED(dsec_policy_nl_policy),
	[DSEC_A_SCOPE] = NLA_POLICY_NESTED(dsec_scope_nl_policy),
	[DSEC_A_RULE] = NLA_POLICY_NESTED(dsec_rule_nl_policy),
	[DSEC_A_STATUS] = { .type = NLA_REJECT },
	[DSEC_A_HOOK] = { .type = NLA_REJECT },
	[DSEC_A_PROBE] = { .type = NLA_REJECT },
	[DSEC_A_ALERT] = { .type = NLA_REJECT },
};

static int reject_container_caller(struct netlink_ext_ack *extack)
{
	if (!dsec_current_in_scope())
		return 0;
	NL_SET_ERR_MSG(extack, "caller runs inside a container scope");
	return -EPERM;
}

/* Reject top-level attributes that @cmd does not take. */
static int only_attrs(struct genl_info *info, unsigned long allowed)
{
	int i;

	for (i = 1; i <= DSEC_A_MAX; i++) {
		if (info->attrs[i] && !(allowed & BIT(i))) {
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[i],
					    "attribute not valid for this command");
			return -EINVAL;
		}
	}
	return 0;
}

static int status_fill(struct sk_buff *skb)
{
	const struct dsec_policy_set *set;
	struct nlattr *nest;
	int ret = 0;
	u32 i;

	nest = nla_nest_start(skb, DSEC_A_STATUS);
	if (!nest)
		return -EMSGSIZE;
	mutex_lock(&dsec_policy_lock);
	set = rcu_dereference_protected(dsec_policies,
					lockdep_is_held(&dsec_policy_lock));
	if (nla_put_string(skb, DSEC_STATUS_A_VERSION, DSEC_VERSION) ||
	    nla_put_u32(skb, DSEC_STATUS_A_GENL_VERSION, DSEC_GENL_VERSION) ||
	    nla_put_string(skb, DSEC_STATUS_A_KERNEL, init_utsname()->release) ||
	    nla_put_u8(skb, DSEC_STATUS_A_LOCKED, dsec_is_locked()) ||
	    nla_put_u64_64bit(skb, DSEC_STATUS_A_GENERATION, dsec_generation(),
			      DSEC_STATUS_A_PAD) ||
	    nla_put_u32(skb, DSEC_STATUS_A_N_POLICIES,
			set ? set->n_policies : 0) ||
	    nla_put_u64_64bit(skb, DSEC_STATUS_A_LOG_SUPPRESSED,
			      dsec_log_suppressed(), DSEC_STATUS_A_PAD) ||
	    nla_put_u64_64bit(skb, DSEC_STATUS_A_EVENTS_DROPPED,
			      dsec_events_dropped(), DSEC_STATUS_A_PAD)) {
		ret = -EMSGSIZE;
		goto out_unlock;
	}
	nla_nest_end(skb, nest);

	ret = dsec_hooks_fill_status(skb);
	for (i = 0; !ret && set && i < set->n_policies; i++)
		ret = dsec_policy_fill(skb, set->policies[i], true);

out_unlock:
	mutex_unlock(&dsec_policy_lock);
	return ret;
}

static int cmd_get_status(struct sk_buff *skb, struct genl_info *info)
{
	const struct dsec_policy_set *set;
	struct sk_buff *msg;
	size_t size;
	void *hdr;
	int ret;

	ret = reject_container_caller(info->extack);
	if (!ret)
		ret = only_attrs(info, 0);
	if (ret)
		return ret;

	/* Room for every policy summary with its longest source path. */
	rcu_read_lock();
	set = rcu_dereference(dsec_policies);
	size = NLMSG_GOODSIZE + (set ? set->n_policies : 0) *
	       (DSEC_NAME_MAX + DSEC_SOURCE_MAX + 128);
	rcu_read_unlock();

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &dsec_family, 0,
				DSEC_CMD_GET_STATUS);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto out_free;
	}
	ret = status_fill(msg);
	if (ret)
		goto out_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

out_free:
	nlmsg_free(msg);
	return ret;
}

static int cmd_policy_load(struct sk_buff *skb, struct genl_info *info)
{
	int ret = reject_container_caller(info->extack);

	if (ret)
		return ret;
	return dsec_policy_load(info);
}

static int cmd_policy_remove(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[DSEC_POLICY_A_MAX + 1];
	int ret;

	ret = reject_container_caller(info->extack);
	if (!ret)
		ret = only_attrs(info, BIT(DSEC_A_POLICY));
	if (ret)
		return ret;
	if (!info->attrs[DSEC_A_POLICY]) {
		NL_SET_ERR_MSG(info->extack, "policy attribute missing");
		return -EINVAL;
	}
	ret = nla_parse_nested(tb, DSEC_POLICY_A_MAX, info->attrs[DSEC_A_POLICY],
			       dsec_policy_nl_policy, info->extack);
	if (ret)
		return ret;
	if (!tb[DSEC_POLICY_A_NAME]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[DSEC_A_POLICY],
				    "policy name missing");
		return -EINVAL;
	}
	return dsec_policy_remove(nla_data(tb[DSEC_POLICY_A_NAME]),
				  info->extack);
}

static int cmd_lock(struct sk_buff *skb, struct genl_info *info)
{
	int ret = reject_container_caller(info->extack);

	if (!ret)
		ret = only_attrs(info, 0);
	if (ret)
		return ret;
	mutex_lock(&dsec_policy_lock);
	ret = dsec_lock();
	mutex_unlock(&dsec_policy_lock);
	return ret;
}

static int cmd_unlock(struct sk_buff *skb, struct genl_info *info)
{
	int ret = reject_container_caller(info->extack);

	if (!ret)
		ret = only_attrs(info, 0);
	if (ret)
		return ret;
	mutex_lock(&dsec_policy_lock);
	dsec_unlock();
	mutex_unlock(&dsec_policy_lock);
	return 0;
}

/*
 * POLICY_GET dump state in cb->args: [0] policy index, [1] section
 * (0 header, 1 scopes, 2 rules), [2] item index within the section,
 * [3] the name filter or 0. cb->data belongs to the generic netlink core.
 * cb->seq carries the set generation so that a dump overlapping a policy
 * change is flagged NLM_F_DUMP_INTR.
 */
struct dsec_dump_filter {
	char name[DSEC_NAME_MAX];
};

static int dump_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = dsec_dump_attrs(cb);
	struct nlattr *tb[DSEC_POLICY_A_MAX + 1];
	struct dsec_dump_filter *filter;
	int ret, i;

	ret = reject_container_caller(cb->extack);
	if (ret)
		return ret;
	for (i = 1; i <= DSEC_A_MAX; i++) {
		if (attrs[i] && i != DSEC_A_POLICY) {
			NL_SET_ERR_MSG_ATTR(cb->extack, attrs[i],
					    "attribute not valid for this command");
			return -EINVAL;
		}
	}
	/* A scope nest may be up to 64 KiB and must fit in one message. */
	cb->min_dump_alloc = U16_MAX + NLMSG_GOODSIZE;
	if (!attrs[DSEC_A_POLICY])
		return 0;

	ret = nla_parse_nested(tb, DSEC_POLICY_A_MAX, attrs[DSEC_A_POLICY],
			       dsec_policy_nl_policy, cb->extack);
	if (ret)
		return ret;
	if (!tb[DSEC_POLICY_A_NAME]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[DSEC_A_POLICY],
				    "policy name missing");
		return -EINVAL;
	}
	filter = kzalloc(sizeof(*filter), GFP_KERNEL);
	if (!filter)
		return -ENOMEM;
	nla_strscpy(filter->name, tb[DSEC_POLICY_A_NAME], sizeof(filter->name));
	cb->args[3] = (long)filter;
	return 0;
}

static int dump_done(struct netlink_callback *cb)
{
	kfree((void *)cb->args[3]);
	return 0;
}

/* Fill one message with as much of policy cb->args[0] as fits. */
static int dump_policy_part(struct sk_buff *skb, struct netlink_callback *cb,
			    const struct dsec_policy *policy)
{
	void *hdr;
	int ret;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &dsec_family, NLM_F_MULTI, DSEC_CMD_POLICY_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	ret = dsec_policy_fill(skb, policy, true);
	if (ret)
		goto out_cancel;

	if (cb->args[1] < 1) {
		cb->args[1] = 1;
		cb->args[2] = 0;
	}
	while (cb->args[1] == 1 && cb->args[2] < policy->n_scopes) {
		if (dsec_scope_fill(skb, &policy->scopes[cb->args[2]]))
			goto out_partial;
		cb->args[2]++;
	}
	if (cb->args[1] == 1) {
		cb->args[1] = 2;
		cb->args[2] = 0;
	}
	while (cb->args[2] < policy->n_rules) {
		if (dsec_rule_fill(skb, &policy->rules[cb->args[2]]))
			goto out_partial;
		cb->args[2]++;
	}
	genlmsg_end(skb, hdr);
	return 0;

out_partial:
	genlmsg_end(skb, hdr);
	return -EMSGSIZE;

out_cancel:
	genlmsg_cancel(skb, hdr);
	return ret;
}

static int dump_policies(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct dsec_dump_filter *filter = (void *)cb->args[3];
	const struct dsec_policy_set *set;
	int ret = 0;

	mutex_lock(&dsec_policy_lock);
	set = rcu_dereference_protected(dsec_policies,
					lockdep_is_held(&dsec_policy_lock));
	cb->seq = dsec_generation();
	while (set && cb->args[0] < set->n_policies) {
		const struct dsec_policy *policy = set->policies[cb->args[0]];

		if (!filter || !strcmp(filter->name, policy->name)) {
			ret = dump_policy_part(skb, cb, policy);
			if (ret)
				break;
		}
		cb->args[0]++;
		cb->args[1] = 0;
		cb->args[2] = 0;
	}
	mutex_unlock(&dsec_policy_lock);
	/* A full message ends this round; the core calls back for more. */
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret ?: skb->len;
}

static const struct genl_ops dsec_ops[] = {
	{
		.cmd = DSEC_CMD_GET_STATUS,
		.doit = cmd_get_status,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = DSEC_CMD_POLICY_LOAD,
		.doit = cmd_policy_load,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = DSEC_CMD_POLICY_REMOVE,
		.doit = cmd_policy_remove,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = DSEC_CMD_POLICY_GET,
		.start = dump_start,
		.dumpit = dump_policies,
		.done = dump_done,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = DSEC_CMD_LOCK,
		.doit = cmd_lock,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = DSEC_CMD_UNLOCK,
		.doit = cmd_unlock,
		.flags = GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group dsec_mcgrps[] = {
	{ .name = DSEC_MCGRP_ALERTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

struct genl_family dsec_family __ro_after_init = {
	.name = DSEC_GENL_NAME,
	.version = DSEC_GENL_VERSION,
	.maxattr = DSEC_A_MAX,
	.policy = dsec_nl_policy,
	.netnsok = false,
	.module = THIS_MODULE,
	.ops = dsec_ops,
	.n_ops = ARRAY_SIZE(dsec_ops),
	.mcgrps = dsec_mcgrps,
	.n_mcgrps = ARRAY_SIZE(dsec_mcgrps),
};

int dsec_netlink_init(void)
{
	return genl_register_family(&dsec_family);
}

void dsec_netlink_exit(void)
{
	genl_unregister_family(&dsec_family);
}
