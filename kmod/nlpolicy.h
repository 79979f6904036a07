/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink attribute policies of the dsec family, defined in netlink.c and
 * used by policy.c to parse nests.
 */
#ifndef _DSEC_NLPOLICY_H
#define _DSEC_NLPOLICY_H

#include <net/netlink.h>
#include <linux/dsec.h>

extern const struct nla_policy dsec_policy_nl_policy[DSEC_POLICY_A_MAX + 1];
extern const struct nla_policy dsec_selector_nl_policy[DSEC_SELECTOR_A_MAX + 1];
extern const struct nla_policy
	dsec_hook_default_nl_policy[DSEC_HOOK_DEFAULT_A_MAX + 1];
extern const struct nla_policy dsec_scope_nl_policy[DSEC_SCOPE_A_MAX + 1];
extern const struct nla_policy dsec_rule_nl_policy[DSEC_RULE_A_MAX + 1];

#endif /* _DSEC_NLPOLICY_H */
