/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Alerts from the "alerts" multicast group: decoding and the two output
 * formats of dsecctl watch. The JSON field names are a stable interface.
 */
#ifndef DSEC_CTL_ALERT_H
#define DSEC_CTL_ALERT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <netlink/msg.h>

#include <linux/dsec.h>

/* One alert. Integer fields are valid when their has_ bit is set. */
struct dsec_alert {
	uint64_t seq;
	uint64_t time_ns;
	int hook;		/* enum dsec_hook, -1 when absent */
	int action;		/* enum dsec_action, -1 when absent */
	int mode;		/* enum dsec_mode, -1 when absent */
	int verdict;		/* enum dsec_verdict, -1 when absent */
	bool has_seq, has_time, has_pid, has_tid, has_uid, has_cgroup_id;
	bool has_rule_id, has_guard, has_target_pid, has_suppressed;
	uint32_t pid;
	uint32_t tid;
	uint32_t uid;
	uint64_t cgroup_id;
	uint32_t rule_id;
	uint32_t guard;		/* one DSEC_GUARD_* bit */
	uint32_t target_pid;
	uint64_t suppressed;
	bool path_truncated;
	char comm[64];
	char cgroup[4096];
	char policy[DSEC_NAME_MAX];
	char scope[DSEC_NAME_MAX];
	char rule_name[DSEC_NAME_MAX];
	char reason[128];
	char path[4096];
	char fstype[DSEC_FSTYPE_MAX];
};

/* Decode a DSEC_CMD_ALERT message; -EBADMSG when it is malformed. */
int dsec_alert_parse(struct nl_msg *msg, struct dsec_alert *ret_alert);

/* Write the alert as one line: key=value pairs, like the kernel log. */
void dsec_alert_print_text(const struct dsec_alert *alert, FILE *out);

/* Write the alert as one JSON object on one line. */
int dsec_alert_print_json(const struct dsec_alert *alert, FILE *out);

#endif /* DSEC_CTL_ALERT_H */
