// SPDX-License-Identifier: GPL-2.0
/*
 * Alert decoding and formatting for dsecctl watch.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include <json.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "ctl/alert.h"
#include "ctl/nl.h"
#include "ctl/policy.h"

static struct nla_policy alert_attr_policy[DSEC_ALERT_A_MAX + 1] = {
	[DSEC_ALERT_A_SEQ] = { .type = NLA_U64 },
	[DSEC_ALERT_A_TIME_NS] = { .type = NLA_U64 },
	[DSEC_ALERT_A_HOOK] = { .type = NLA_U8 },
	[DSEC_ALERT_A_ACTION] = { .type = NLA_U8 },
	[DSEC_ALERT_A_MODE] = { .type = NLA_U8 },
	[DSEC_ALERT_A_VERDICT] = { .type = NLA_U8 },
	[DSEC_ALERT_A_PID] = { .type = NLA_U32 },
	[DSEC_ALERT_A_TID] = { .type = NLA_U32 },
	[DSEC_ALERT_A_UID] = { .type = NLA_U32 },
	[DSEC_ALERT_A_COMM] = { .type = NLA_STRING },
	[DSEC_ALERT_A_CGROUP] = { .type = NLA_STRING },
	[DSEC_ALERT_A_CGROUP_ID] = { .type = NLA_U64 },
	[DSEC_ALERT_A_POLICY] = { .type = NLA_STRING },
	[DSEC_ALERT_A_SCOPE] = { .type = NLA_STRING },
	[DSEC_ALERT_A_RULE_ID] = { .type = NLA_U32 },
	[DSEC_ALERT_A_RULE_NAME] = { .type = NLA_STRING },
	[DSEC_ALERT_A_GUARD] = { .type = NLA_U32 },
	[DSEC_ALERT_A_REASON] = { .type = NLA_STRING },
	[DSEC_ALERT_A_PATH] = { .type = NLA_STRING },
	[DSEC_ALERT_A_PATH_TRUNCATED] = { .type = NLA_FLAG },
	[DSEC_ALERT_A_FSTYPE] = { .type = NLA_STRING },
	[DSEC_ALERT_A_TARGET_PID] = { .type = NLA_U32 },
	[DSEC_ALERT_A_SUPPRESSED] = { .type = NLA_U64 },
};

static int get_enum(struct nlattr *attr, int count)
{
	int value;

	if (!attr)
		return -1;
	value = nla_get_u8(attr);
	return value < count ? value : -1;
}

int dsec_alert_parse(struct nl_msg *msg, struct dsec_alert *ret_alert)
{
	struct nlattr *top[DSEC_A_MAX + 1];
	struct nlattr *tb[DSEC_ALERT_A_MAX + 1];
	struct nlmsghdr *hdr = nlmsg_hdr(msg);
	struct dsec_alert *a = ret_alert;

	if (!genlmsg_valid_hdr(hdr, 0) ||
	    genlmsg_parse(hdr, 0, top, DSEC_A_MAX, NULL) < 0 ||
	    !top[DSEC_A_ALERT] ||
	    nla_parse_nested(tb, DSEC_ALERT_A_MAX, top[DSEC_A_ALERT],
			     alert_attr_policy) < 0)
		return -EBADMSG;

	memset(a, 0, sizeof(*a));
	a->has_seq = tb[DSEC_ALERT_A_SEQ];
	if (a->has_seq)
		a->seq = nla_get_u64(tb[DSEC_ALERT_A_SEQ]);
	a->has_time = tb[DSEC_ALERT_A_TIME_NS];
	if (a->has_time)
		a->time_ns = nla_get_u64(tb[DSEC_ALERT_A_TIME_NS]);
	a->hook = get_enum(tb[DSEC_ALERT_A_HOOK], DSEC_HOOK_COUNT);
	a->action = get_enum(tb[DSEC_ALERT_A_ACTION], __DSEC_ACTION_MAX);
	a->mode = get_enum(tb[DSEC_ALERT_A_MODE], __DSEC_MODE_MAX);
	a->verdict = get_enum(tb[DSEC_ALERT_A_VERDICT], __DSEC_VERDICT_MAX);
	a->has_pid = tb[DSEC_ALERT_A_PID];
	if (a->has_pid)
		a->pid = nla_get_u32(tb[DSEC_ALERT_A_PID]);
	a->has_tid = tb[DSEC_ALERT_A_TID];
	if (a->has_tid)
		a->tid = nla_get_u32(tb[DSEC_ALERT_A_TID]);
	a->has_uid = tb[DSEC_ALERT_A_UID];
	if (a->has_uid)
		a->uid = nla_get_u32(tb[DSEC_ALERT_A_UID]);
	a->has_cgroup_id = tb[DSEC_ALERT_A_CGROUP_ID];
	if (a->has_cgroup_id)
		a->cgroup_id = nla_get_u64(tb[DSEC_ALERT_A_CGROUP_ID]);
	a->has_rule_id = tb[DSEC_ALERT_A_RULE_ID];
	if (a->has_rule_id)
		a->rule_id = nla_get_u32(tb[DSEC_ALERT_A_RULE_ID]);
	a->has_guard = tb[DSEC_ALERT_A_GUARD];
	if (a->has_guard)
		a->guard = nla_get_u32(tb[DSEC_ALERT_A_GUARD]);
	a->has_target_pid = tb[DSEC_ALERT_A_TARGET_PID];
	if (a->has_target_pid)
		a->target_pid = nla_get_u32(tb[DSEC_ALERT_A_TARGET_PID]);
	a->has_suppressed = tb[DSEC_ALERT_A_SUPPRESSED];
	if (a->has_suppressed)
		a->suppressed = nla_get_u64(tb[DSEC_ALERT_A_SUPPRESSED]);
	a->path_truncated = tb[DSEC_ALERT_A_PATH_TRUNCATED];

	dsec_nl_attr_strcpy(a->comm, sizeof(a->comm), tb[DSEC_ALERT_A_COMM]);
	dsec_nl_attr_strcpy(a->cgroup, sizeof(a->cgroup), tb[DSEC_ALERT_A_CGROUP]);
	dsec_nl_attr_strcpy(a->policy, sizeof(a->policy), tb[DSEC_ALERT_A_POLICY]);
	dsec_nl_attr_strcpy(a->scope, sizeof(a->scope), tb[DSEC_ALERT_A_SCOPE]);
	dsec_nl_attr_strcpy(a->rule_name, sizeof(a->rule_name),
			    tb[DSEC_ALERT_A_RULE_NAME]);
	dsec_nl_attr_strcpy(a->reason, sizeof(a->reason), tb[DSEC_ALERT_A_REASON]);
	dsec_nl_attr_strcpy(a->path, sizeof(a->path), tb[DSEC_ALERT_A_PATH]);
	dsec_nl_attr_strcpy(a->fstype, sizeof(a->fstype), tb[DSEC_ALERT_A_FSTYPE]);
	return 0;
}

/* The name of a single guard bit, or NULL. */
static const char *guard_name(uint32_t guard)
{
	int i;

	for (i = 0; i < DSEC_GUARD_COUNT; i++)
		if (guard == (1U << i))
			return dsec_guard_names[i];
	return NULL;
}

/* RFC 3339 time in UTC with nanoseconds. */
static void format_time(uint64_t ns, char *buf, size_t size)
{
	time_t sec = (time_t)(ns / 1000000000ULL);
	struct tm tm;
	char date[32];

	if (!gmtime_r(&sec, &tm) ||
	    !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm)) {
		snprintf(buf, size, "%" PRIu64, ns);
		return;
	}
	snprintf(buf, size, "%s.%09" PRIu64 "Z", date, (uint64_t)(ns % 1000000000U));
}

/*
 * Print a string value, in double quotes with C escapes when it holds
 * anything besides printable ASCII other than space, '"' and '\'. A
 * container chooses paths and comm, so they must not forge fields.
 */
static void print_value(FILE *out, const char *s)
{
	const unsigned char *c;
	bool quote = !*s;

	for (c = (const unsigned char *)s; *c && !quote; c++)
		if (*c <= ' ' || *c >= 0x7f || *c == '"' || *c == '\\' ||
		    *c == '=')
			quote = true;
	if (!quote) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(out, "\\%c", *c);
		else if (*c < ' ' || *c >= 0x7f)
			fprintf(out, "\\x%02x", *c);
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

static void print_str(FILE *out, bool *first, const char *key,
		      const char *value)
{
	if (!value || !*value)
		return;
	fprintf(out, "%s%s=", *first ? "" : " ", key);
	print_value(out, value);
	*first = false;
}

static void print_num(FILE *out, bool *first, const char *key, bool has,
		      uint64_t value)
{
	if (!has)
		return;
	fprintf(out, "%s%s=%" PRIu64, *first ? "" : " ", key, value);
	*first = false;
}

static const char *enum_or_null(const char *const *table, size_t n,
				int value)
{
	return value < 0 ? NULL : dsec_enum_name(table, n, (unsigned int)value);
}

void dsec_alert_print_text(const struct dsec_alert *a, FILE *out)
{
	bool first = true;
	char when[64];

	if (a->has_time) {
		format_time(a->time_ns, when, sizeof(when));
		print_str(out, &first, "time", when);
	}
	print_num(out, &first, "seq", a->has_seq, a->seq);
	print_str(out, &first, "hook",
		  enum_or_null(dsec_hook_names, DSEC_HOOK_COUNT, a->hook));
	print_str(out, &first, "action",
		  enum_or_null(dsec_action_names, __DSEC_ACTION_MAX, a->action));
	print_str(out, &first, "verdict",
		  enum_or_null(dsec_verdict_names, __DSEC_VERDICT_MAX,
			       a->verdict));
	print_str(out, &first, "mode",
		  enum_or_null(dsec_mode_names, __DSEC_MODE_MAX, a->mode));
	print_num(out, &first, "pid", a->has_pid, a->pid);
	print_num(out, &first, "tid", a->has_tid, a->tid);
	print_num(out, &first, "uid", a->has_uid, a->uid);
	print_str(out, &first, "comm", a->comm);
	print_str(out, &first, "cgroup", a->cgroup);
	print_num(out, &first, "cgroup_id", a->has_cgroup_id, a->cgroup_id);
	print_str(out, &first, "policy", a->policy);
	print_str(out, &first, "scope", a->scope);
	print_num(out, &first, "rule_id", a->has_rule_id && a->rule_id,
		  a->rule_id);
	print_str(out, &first, "rule_name", a->rule_name);
	if (a->has_guard && a->guard)
		print_str(out, &first, "guard",
			  guard_name(a->guard) ?: "unknown");
	print_str(out, &first, "reason", a->reason);
	print_str(out, &first, "path", a->path);
	if (a->path_truncated)
		print_str(out, &first, "path_truncated", "1");
	print_str(out, &first, "fstype", a->fstype);
	print_num(out, &first, "target_pid", a->has_target_pid,
		  a->target_pid);
	print_num(out, &first, "suppressed",
		  a->has_suppressed && a->suppressed, a->suppressed);
	fputc('\n', out);
}

static int add(struct json_object *obj, const char *key,
	       struct json_object *value)
{
	/* json_object_object_add() takes value; NULL stores JSON null. */
	return json_object_object_add(obj, key, value);
}

static struct json_object *str_or_null(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

static struct json_object *u64_or_null(bool has, uint64_t value)
{
	/* json-c stores int64; counters and ids stay far below 2^63. */
	return has ? json_object_new_int64((int64_t)value) : NULL;
}

int dsec_alert_print_json(const struct dsec_alert *a, FILE *out)
{
	struct json_object *obj = json_object_new_object();
	char when[64];
	int err = 0;

	if (!obj)
		return -ENOMEM;
	if (a->has_time)
		format_time(a->time_ns, when, sizeof(when));
	err |= add(obj, "seq", u64_or_null(a->has_seq, a->seq));
	err |= add(obj, "time", a->has_time ? json_object_new_string(when) : NULL);
	err |= add(obj, "hook", str_or_null(enum_or_null(dsec_hook_names,
							  DSEC_HOOK_COUNT,
							  a->hook)));
	err |= add(obj, "action", str_or_null(enum_or_null(dsec_action_names,
							    __DSEC_ACTION_MAX,
							    a->action)));
	err |= add(obj, "verdict", str_or_null(enum_or_null(dsec_verdict_names,
							     __DSEC_VERDICT_MAX,
							     a->verdict)));
	err |= add(obj, "mode", str_or_null(enum_or_null(dsec_mode_names,
							  __DSEC_MODE_MAX,
							  a->mode)));
	err |= add(obj, "pid", u64_or_null(a->has_pid, a->pid));
	err |= add(obj, "tid", u64_or_null(a->has_tid, a->tid));
	err |= add(obj, "uid", u64_or_null(a->has_uid, a->uid));
	err |= add(obj, "comm", str_or_null(a->comm));
	err |= add(obj, "cgroup", str_or_null(a->cgroup));
	err |= add(obj, "cgroup_id", u64_or_null(a->has_cgroup_id,
						  a->cgroup_id));
	err |= add(obj, "policy", str_or_null(a->policy));
	err |= add(obj, "scope", str_or_null(a->scope));
	err |= add(obj, "rule_id", u64_or_null(a->has_rule_id, a->rule_id));
	err |= add(obj, "rule_name", str_or_null(a->rule_name));
	err |= add(obj, "guard", a->has_guard && a->guard ?
			 json_object_new_string(guard_name(a->guard) ?: "unknown") :
			 NULL);
	err |= add(obj, "reason", str_or_null(a->reason));
	err |= add(obj, "path", str_or_null(a->path));
	err |= add(obj, "path_truncated",
		   json_object_new_boolean(a->path_truncated));
	err |= add(obj, "fstype", str_or_null(a->fstype));
	err |= add(obj, "target_pid", u64_or_null(a->has_target_pid,
						   a->target_pid));
	err |= add(obj, "suppressed", json_object_new_int64(
			   a->has_suppressed ? (int64_t)a->suppressed : 0));
	if (!err)
		fprintf(out, "%s\n", json_object_to_json_string_ext(
				obj, JSON_C_TO_STRING_PLAIN |
				JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(obj);
	return err ? -ENOMEM : 0;
}
