/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policies on the wire: build the attributes of DSEC_CMD_POLICY_LOAD,
 * read them back from DSEC_CMD_POLICY_GET dumps and status replies, and
 * map an attribute offset from an extended ACK back to the YAML file.
 */
#ifndef DSEC_CTL_POLICY_MSG_H
#define DSEC_CTL_POLICY_MSG_H

#include <netlink/msg.h>

#include "ctl/policy.h"

/*
 * Append DSEC_A_POLICY, then one DSEC_A_SCOPE per scope and one
 * DSEC_A_RULE per rule. Returns -EMSGSIZE when msg has no room left.
 */
int dsec_policy_put(struct nl_msg *msg, const struct dsec_policy *policy);

/*
 * Build a whole DSEC_CMD_POLICY_LOAD request, sized to fit. Returns
 * -EMSGSIZE when the message would exceed DSEC_POLICY_MAX_BYTES.
 */
int dsec_policy_build_load(int family, const struct dsec_policy *policy,
			   struct nl_msg **ret_msg);

/* Read one DSEC_A_POLICY nest (status summary or dump) into policy. */
int dsec_policy_read_summary(struct nlattr *nest, struct dsec_policy *policy);

/*
 * Collects policies from the messages of a DSEC_CMD_POLICY_GET dump. A
 * policy may be split across messages: a message without DSEC_A_POLICY,
 * or with the name of the policy being read, continues that policy.
 */
struct dsec_policy_reader {
	struct dsec_policy_set set;
	struct dsec_policy *current;
};

int dsec_policy_read_msg(struct dsec_policy_reader *reader,
			 struct nl_msg *msg);

/*
 * Describe the attribute at offset bytes into a POLICY_LOAD request
 * built from policy, e.g. "rule 12 attribute 'path'", and return the
 * YAML position of the scope or rule it belongs to. Returns -ENOENT
 * when the offset is outside every nest.
 */
int dsec_policy_locate(const struct dsec_policy *policy, struct nl_msg *msg,
		       uint32_t offset, struct dsec_pos *ret_pos, char *buf,
		       size_t size);

#endif /* DSEC_CTL_POLICY_MSG_H */
