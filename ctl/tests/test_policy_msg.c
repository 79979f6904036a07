// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the DSEC_CMD_POLICY_LOAD message: build it from a
 * policy, parse it back with nla_parse() in the layout of
 * include/uapi/linux/dsec.h, read dumps, and locate extack offsets.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "ctl/alert.h"
#include "ctl/nl.h"
#include "ctl/policy.h"
#include "ctl/policy_msg.h"
#include "ctl/tests/policy_test_util.h"

static const char policy_yaml[] =
	"apiVersion: dsec/v1\n"
	"kind: Policy\n"
	"name: web\n"
	"mode: complain\n"
	"lock: true\n"
	"scopes:\n"
	"  - name: docker\n"
	"    mode: enforce\n"
	"    selectors:\n"
	"      - prefix: /docker\n"
	"      - id: 4242\n"
	"    guards: [mount, host-files]\n"
	"    mount-fstypes: [tmpfs, mqueue]\n"
	"    writable: [/tmp]\n"
	"    cgroup-writable: true\n"
	"    defaults: { exec: deny }\n"
	"    rules:\n"
	"      - id: 100\n"
	"        hook: exec\n"
	"        action: allow\n"
	"        path: /usr/sbin/nginx\n"
	"        name: nginx\n"
	"        setuid-only: true\n"
	"  - name: k8s\n"
	"    selectors: [{glob: /kubepods.slice/*}]\n"
	"    guards: all\n"
	"    rules:\n"
	"      - id: 7\n"
	"        hook: write\n"
	"        action: audit\n"
	"        path: /etc/\n"
	"        mode: complain\n";

static struct dsec_policy *parse_one(const char *yaml)
{
	struct dsec_policy_set set;
	struct dsec_diags diags;
	struct dsec_policy *policy;

	assert_int_equal(parse_string(yaml, &set, &diags), 0);
	assert_int_equal(set.n, 1);
	policy = set.items[0];
	free(set.items);
	return policy;
}

static struct nlattr *attrs_start(struct nl_msg *msg)
{
	return genlmsg_attrdata(nlmsg_data(nlmsg_hdr(msg)), 0);
}

static int attrs_len(struct nl_msg *msg)
{
	return genlmsg_attrlen(nlmsg_data(nlmsg_hdr(msg)), 0);
}

static void build_load_layout(void **state)
{
	struct dsec_policy *policy = parse_one(policy_yaml);
	struct nlattr *top[DSEC_A_MAX + 1], *tb[DSEC_RULE_A_MAX + 1];
	struct nlattr *attr, *inner;
	struct nl_msg *msg;
	size_t n_scopes = 0, n_rules = 0, n_selectors = 0, n_fstypes = 0;
	size_t n_defaults = 0;
	int rem, rem2;

	policy->source = strdup("/etc/dsec/web.yaml");
	policy->has_digest = true;
	memset(policy->digest, 0x5a, DSEC_DIGEST_LEN);
	assert_int_equal(dsec_policy_build_load(17, policy, &msg), 0);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_type, 17);
	assert_int_equal(genlmsg_hdr(nlmsg_hdr(msg))->cmd, DSEC_CMD_POLICY_LOAD);
	assert_int_equal(genlmsg_hdr(nlmsg_hdr(msg))->version, DSEC_GENL_VERSION);

	/* The policy nest comes first and carries NLA_F_NESTED. */
	attr = attrs_start(msg);
	assert_int_equal(nla_type(attr), DSEC_A_POLICY);
	assert_true(attr->nla_type & NLA_F_NESTED);
	assert_int_equal(nla_parse_nested(tb, DSEC_POLICY_A_MAX, attr, NULL), 0);
	assert_string_equal(nla_get_string(tb[DSEC_POLICY_A_NAME]), "web");
	assert_int_equal(nla_get_u8(tb[DSEC_POLICY_A_MODE]), DSEC_MODE_COMPLAIN);
	assert_int_equal(nla_get_u32(tb[DSEC_POLICY_A_FLAGS]), DSEC_POLICY_F_LOCK);
	assert_int_equal(nla_len(tb[DSEC_POLICY_A_DIGEST]), DSEC_DIGEST_LEN);
	assert_int_equal(((unsigned char *)nla_data(tb[DSEC_POLICY_A_DIGEST]))[31], 0x5a);
	assert_string_equal(nla_get_string(tb[DSEC_POLICY_A_SOURCE]),
			    "/etc/dsec/web.yaml");
	assert_null(tb[DSEC_POLICY_A_GENERATION]);

	/* nla_parse keeps the last of repeated attributes: count by hand. */
	assert_int_equal(nla_parse(top, DSEC_A_MAX, attrs_start(msg),
				   attrs_len(msg), NULL), 0);
	nla_for_each_attr(attr, attrs_start(msg), attrs_len(msg), rem) {
		if (nla_type(attr) == DSEC_A_SCOPE) {
			struct nlattr *s[DSEC_SCOPE_A_MAX + 1];

			assert_true(attr->nla_type & NLA_F_NESTED);
			assert_int_equal(nla_parse_nested(s, DSEC_SCOPE_A_MAX, attr, NULL), 0);
			if (n_scopes == 0) {
				assert_string_equal(nla_get_string(s[DSEC_SCOPE_A_NAME]), "docker");
				assert_int_equal(nla_get_u8(s[DSEC_SCOPE_A_MODE]), DSEC_MODE_ENFORCE);
				assert_int_equal(nla_get_u32(s[DSEC_SCOPE_A_GUARDS]),
						 DSEC_GUARD_MOUNT | DSEC_GUARD_HOST_FILES);
				assert_int_equal(nla_get_u32(s[DSEC_SCOPE_A_FLAGS]),
						 DSEC_SCOPE_F_CGROUP_WRITABLE);
				assert_string_equal(nla_get_string(s[DSEC_SCOPE_A_WRITABLE]), "/tmp");
				nla_for_each_nested(inner, attr, rem2) {
					struct nlattr *x[DSEC_SELECTOR_A_MAX + 1];

					switch (nla_type(inner)) {
					case DSEC_SCOPE_A_SELECTOR:
						assert_true(inner->nla_type & NLA_F_NESTED);
						assert_int_equal(nla_parse_nested(x, DSEC_SELECTOR_A_MAX,
										  inner, NULL), 0);
						if (n_selectors++ == 0) {
							assert_int_equal(nla_get_u8(x[DSEC_SELECTOR_A_TYPE]),
									 DSEC_SELECTOR_PREFIX);
							assert_string_equal(nla_get_string(x[DSEC_SELECTOR_A_VALUE]),
									    "/docker");
						} else {
							assert_int_equal(nla_get_u8(x[DSEC_SELECTOR_A_TYPE]),
									 DSEC_SELECTOR_ID);
							assert_int_equal(nla_get_u64(x[DSEC_SELECTOR_A_ID]), 4242);
							assert_null(x[DSEC_SELECTOR_A_VALUE]);
						}
						break;
					case DSEC_SCOPE_A_FSTYPE:
						assert_string_equal(nla_get_string(inner),
								    n_fstypes++ ? "mqueue" : "tmpfs");
						break;
					case DSEC_SCOPE_A_HOOK_DEFAULT:
						assert_int_equal(nla_parse_nested(x, DSEC_HOOK_DEFAULT_A_MAX,
										  inner, NULL), 0);
						assert_int_equal(nla_get_u8(x[DSEC_HOOK_DEFAULT_A_HOOK]),
								 DSEC_HOOK_EXEC);
						assert_int_equal(nla_get_u8(x[DSEC_HOOK_DEFAULT_A_ACTION]),
								 DSEC_ACTION_DENY);
						n_defaults++;
						break;
					}
				}
			} else {
				assert_string_equal(nla_get_string(s[DSEC_SCOPE_A_NAME]), "k8s");
				assert_int_equal(nla_get_u8(s[DSEC_SCOPE_A_MODE]), DSEC_MODE_INHERIT);
				assert_int_equal(nla_get_u32(s[DSEC_SCOPE_A_GUARDS]), DSEC_GUARD_ALL);
				assert_null(s[DSEC_SCOPE_A_FSTYPE]);
				assert_null(s[DSEC_SCOPE_A_HOOK_DEFAULT]);
			}
			n_scopes++;
		} else if (nla_type(attr) == DSEC_A_RULE) {
			assert_true(attr->nla_type & NLA_F_NESTED);
			assert_int_equal(nla_parse_nested(tb, DSEC_RULE_A_MAX, attr, NULL), 0);
			if (n_rules == 0) {
				assert_int_equal(nla_get_u32(tb[DSEC_RULE_A_ID]), 100);
				assert_int_equal(nla_get_u32(tb[DSEC_RULE_A_SCOPE]), 0);
				assert_int_equal(nla_get_u8(tb[DSEC_RULE_A_HOOK]), DSEC_HOOK_EXEC);
				assert_int_equal(nla_get_u8(tb[DSEC_RULE_A_ACTION]), DSEC_ACTION_ALLOW);
				assert_int_equal(nla_get_u8(tb[DSEC_RULE_A_MODE]), DSEC_MODE_INHERIT);
				assert_int_equal(nla_get_u8(tb[DSEC_RULE_A_MATCH]), DSEC_MATCH_EXACT);
				assert_string_equal(nla_get_string(tb[DSEC_RULE_A_PATH]),
						    "/usr/sbin/nginx");
				assert_int_equal(nla_get_u32(tb[DSEC_RULE_A_FLAGS]),
						 DSEC_RULE_F_SETUID);
				assert_string_equal(nla_get_string(tb[DSEC_RULE_A_NAME]), "nginx");
			} else {
				assert_int_equal(nla_get_u32(tb[DSEC_RULE_A_ID]), 7);
				assert_int_equal(nla_get_u32(tb[DSEC_RULE_A_SCOPE]), 1);
				assert_int_equal(nla_get_u8(tb[DSEC_RULE_A_HOOK]), DSEC_HOOK_WRITE);
				assert_int_equal(nla_get_u8(tb[DSEC_RULE_A_ACTION]), DSEC_ACTION_AUDIT);
				assert_int_equal(nla_get_u8(tb[DSEC_RULE_A_MODE]), DSEC_MODE_COMPLAIN);
				assert_int_equal(nla_get_u8(tb[DSEC_RULE_A_MATCH]), DSEC_MATCH_PREFIX);
				assert_string_equal(nla_get_string(tb[DSEC_RULE_A_PATH]), "/etc/");
				assert_int_equal(nla_get_u32(tb[DSEC_RULE_A_FLAGS]), 0);
				assert_null(tb[DSEC_RULE_A_NAME]);
			}
			n_rules++;
		} else {
			assert_int_equal(nla_type(attr), DSEC_A_POLICY);
		}
	}
	assert_int_equal(n_scopes, 2);
	assert_int_equal(n_rules, 2);
	assert_int_equal(n_selectors, 2);
	assert_int_equal(n_fstypes, 2);
	assert_int_equal(n_defaults, 1);
	nlmsg_free(msg);
	dsec_policy_free(policy);
}

static int read_whole(struct nl_msg *msg, struct dsec_policy_set *ret_set)
{
	struct dsec_policy_reader reader = { 0 };
	int err = dsec_policy_read_msg(&reader, msg);

	*ret_set = reader.set;
	return err;
}

/* A dump reply has the request's layout, so the reader gets it back. */
static void read_back_policy(void **state)
{
	struct dsec_policy *policy = parse_one(policy_yaml);
	struct dsec_policy_set set;
	struct nl_msg *msg;

	assert_int_equal(dsec_policy_build_load(0, policy, &msg), 0);
	assert_int_equal(read_whole(msg, &set), 0);
	assert_int_equal(set.n, 1);
	assert_policies_equal(policy, set.items[0], false);
	assert_null(set.items[0]->rules[0].finding);
	nlmsg_free(msg);
	dsec_policy_set_clear(&set);
	dsec_policy_free(policy);
}

/* A policy split across dump messages is joined again. */
static void read_split_dump(void **state)
{
	struct dsec_policy *policy = parse_one(policy_yaml);
	struct dsec_policy *other = parse_one("apiVersion: dsec/v1\nkind: Policy\nname: other\n");
	struct dsec_policy_reader reader = { 0 };
	struct dsec_policy part = *policy;
	struct nl_msg *first, *second, *third;

	/* First message: the policy nest and scopes; second: a name and rules. */
	part.n_rules = 0;
	first = dsec_nl_msg_new(0, DSEC_CMD_POLICY_GET, 0, 4096);
	assert_int_equal(dsec_policy_put(first, &part), 0);
	second = dsec_nl_msg_new(0, DSEC_CMD_POLICY_GET, 0, 4096);
	part = *policy;
	part.n_scopes = 0;
	assert_int_equal(dsec_policy_put(second, &part), 0);
	third = dsec_nl_msg_new(0, DSEC_CMD_POLICY_GET, 0, 4096);
	assert_int_equal(dsec_policy_put(third, other), 0);

	assert_int_equal(dsec_policy_read_msg(&reader, first), 0);
	assert_int_equal(dsec_policy_read_msg(&reader, second), 0);
	assert_int_equal(dsec_policy_read_msg(&reader, third), 0);
	assert_int_equal(reader.set.n, 2);
	assert_policies_equal(policy, reader.set.items[0], false);
	assert_string_equal(reader.set.items[1]->name, "other");

	nlmsg_free(first);
	nlmsg_free(second);
	nlmsg_free(third);
	dsec_policy_set_clear(&reader.set);
	dsec_policy_free(policy);
	dsec_policy_free(other);
}

static void read_rejects_orphan_rule(void **state)
{
	struct dsec_policy_reader reader = { 0 };
	struct nl_msg *msg = dsec_nl_msg_new(0, DSEC_CMD_POLICY_GET, 0, 256);
	struct nlattr *nest = nla_nest_start(msg, DSEC_A_RULE | NLA_F_NESTED);

	nla_put_u32(msg, DSEC_RULE_A_ID, 1);
	nla_nest_end(msg, nest);
	assert_int_equal(dsec_policy_read_msg(&reader, msg), -EBADMSG);
	assert_int_equal(reader.set.n, 0);
	nlmsg_free(msg);
}

/* 65536 rules with long paths fit in one message under the limit. */
static void build_largest_policy(void **state)
{
	struct dsec_policy *policy = dsec_policy_new();
	struct dsec_scope *scope;
	struct dsec_policy_set set;
	struct nl_msg *msg;
	char path[200];
	size_t i;

	policy->name = strdup("large");
	scope = dsec_policy_add_scope(policy);
	scope->name = strdup("s");
	dsec_scope_add_selector(scope)->value = strdup("/docker");
	for (i = 0; i < DSEC_MAX_RULES; i++) {
		struct dsec_rule *rule = dsec_policy_add_rule(policy);

		snprintf(path, sizeof(path), "/usr/lib/x86_64-linux-gnu/some/long/path/to/a/tool-%zu", i);
		rule->id = (uint32_t)i + 1;
		rule->path = strdup(path);
		rule->hook = DSEC_HOOK_EXEC;
		rule->action = DSEC_ACTION_DENY;
	}
	assert_int_equal(dsec_policy_build_load(0, policy, &msg), 0);
	assert_true(nlmsg_hdr(msg)->nlmsg_len > 4 << 20);
	assert_true(nlmsg_hdr(msg)->nlmsg_len <= DSEC_POLICY_MAX_BYTES);
	assert_int_equal(read_whole(msg, &set), 0);
	assert_int_equal(set.items[0]->n_rules, DSEC_MAX_RULES);
	assert_string_equal(set.items[0]->rules[DSEC_MAX_RULES - 1].path,
			    "/usr/lib/x86_64-linux-gnu/some/long/path/to/a/tool-65535");
	nlmsg_free(msg);
	dsec_policy_set_clear(&set);
	dsec_policy_free(policy);
}

static void build_too_large_policy(void **state)
{
	struct dsec_policy *policy = dsec_policy_new();
	struct dsec_scope *scope;
	struct nl_msg *msg = NULL;
	char path[DSEC_PATTERN_MAX];
	size_t i;

	policy->name = strdup("huge");
	scope = dsec_policy_add_scope(policy);
	scope->name = strdup("s");
	dsec_scope_add_selector(scope)->value = strdup("/docker");
	memset(path, 'a', sizeof(path));
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	/* 65536 rules of 1 KiB paths: about 68 MiB, far above 16 MiB. */
	for (i = 0; i < DSEC_MAX_RULES; i++) {
		struct dsec_rule *rule = dsec_policy_add_rule(policy);

		rule->id = (uint32_t)i + 1;
		rule->path = strdup(path);
	}
	assert_int_equal(dsec_policy_build_load(0, policy, &msg), -EMSGSIZE);
	assert_null(msg);
	dsec_policy_free(policy);
}

/* An extack offset inside a rule nest maps to the rule's YAML line. */
static void locate_rule_attribute(void **state)
{
	struct dsec_policy *policy = parse_one(policy_yaml);
	struct nlattr *attr, *inner;
	struct nl_msg *msg;
	struct dsec_pos pos;
	char where[128];
	uint32_t offset = 0;
	int rem, rem2, rules = 0;

	assert_int_equal(dsec_policy_build_load(0, policy, &msg), 0);
	nla_for_each_attr(attr, attrs_start(msg), attrs_len(msg), rem) {
		if (nla_type(attr) != DSEC_A_RULE || rules++ != 1)
			continue;
		nla_for_each_nested(inner, attr, rem2)
			if (nla_type(inner) == DSEC_RULE_A_PATH)
				offset = (uint32_t)((char *)inner -
						    (char *)nlmsg_hdr(msg));
	}
	assert_true(offset > 0);
	assert_int_equal(dsec_policy_locate(policy, msg, offset, &pos, where,
					    sizeof(where)), 0);
	assert_int_equal(pos.line, 28);
	assert_int_equal(pos.column, 9);
	assert_string_equal(where, "rule 7 attribute 'path'");

	/* The offset of the second scope nest itself. */
	offset = 0;
	rules = 0;
	nla_for_each_attr(attr, attrs_start(msg), attrs_len(msg), rem)
		if (nla_type(attr) == DSEC_A_SCOPE && rules++ == 1)
			offset = (uint32_t)((char *)attr - (char *)nlmsg_hdr(msg));
	assert_int_equal(dsec_policy_locate(policy, msg, offset, &pos, where,
					    sizeof(where)), 0);
	assert_int_equal(pos.line, 24);
	assert_string_equal(where, "scope 'k8s'");

	assert_int_equal(dsec_policy_locate(policy, msg, 4, &pos, where,
					    sizeof(where)), -ENOENT);
	assert_int_equal(dsec_policy_locate(policy, msg, 1u << 30, &pos, where,
					    sizeof(where)), -ENOENT);
	nlmsg_free(msg);
	dsec_policy_free(policy);
}

static struct nl_msg *build_alert(bool full)
{
	struct nl_msg *msg = dsec_nl_msg_new(0, DSEC_CMD_ALERT, 0, 1024);
	struct nlattr *nest = nla_nest_start(msg, DSEC_A_ALERT | NLA_F_NESTED);

	nla_put_u64(msg, DSEC_ALERT_A_SEQ, 42);
	nla_put_u64(msg, DSEC_ALERT_A_TIME_NS, 1700000000123456789ULL);
	nla_put_u8(msg, DSEC_ALERT_A_HOOK, DSEC_HOOK_EXEC);
	nla_put_u8(msg, DSEC_ALERT_A_ACTION, DSEC_ACTION_DENY);
	nla_put_u8(msg, DSEC_ALERT_A_MODE, DSEC_MODE_ENFORCE);
	nla_put_u8(msg, DSEC_ALERT_A_VERDICT, DSEC_VERDICT_BLOCKED);
	nla_put_u32(msg, DSEC_ALERT_A_PID, 1234);
	nla_put_u32(msg, DSEC_ALERT_A_TID, 1235);
	nla_put_u32(msg, DSEC_ALERT_A_UID, 0);
	nla_put_string(msg, DSEC_ALERT_A_COMM, "sh");
	nla_put_string(msg, DSEC_ALERT_A_CGROUP, "/docker/abc");
	nla_put_u64(msg, DSEC_ALERT_A_CGROUP_ID, 777);
	nla_put_string(msg, DSEC_ALERT_A_POLICY, "baseline");
	nla_put_string(msg, DSEC_ALERT_A_SCOPE, "docker");
	if (full) {
		nla_put_u32(msg, DSEC_ALERT_A_RULE_ID, 100);
		nla_put_string(msg, DSEC_ALERT_A_RULE_NAME, "malware-xmrig");
		/* A container chooses the path: it must not forge fields. */
		nla_put_string(msg, DSEC_ALERT_A_PATH, "/tmp/x y\" verdict=allowed\n");
		nla_put_flag(msg, DSEC_ALERT_A_PATH_TRUNCATED);
		nla_put_u64(msg, DSEC_ALERT_A_SUPPRESSED, 3);
	} else {
		nla_put_u32(msg, DSEC_ALERT_A_RULE_ID, 0);
		nla_put_u32(msg, DSEC_ALERT_A_GUARD, DSEC_GUARD_KERNEL_KNOBS);
		nla_put_string(msg, DSEC_ALERT_A_REASON, "proc-sys");
		nla_put_string(msg, DSEC_ALERT_A_PATH, "/proc/sys/kernel/core_pattern");
	}
	nla_nest_end(msg, nest);
	return msg;
}

static char *format_alert(struct nl_msg *msg, bool json)
{
	struct dsec_alert alert;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	assert_int_equal(dsec_alert_parse(msg, &alert), 0);
	f = open_memstream(&out, &len);
	if (json)
		assert_int_equal(dsec_alert_print_json(&alert, f), 0);
	else
		dsec_alert_print_text(&alert, f);
	fclose(f);
	return out;
}

static void alert_text_format(void **state)
{
	struct nl_msg *msg = build_alert(true);
	char *line = format_alert(msg, false);

	assert_string_equal(line,
		"time=2023-11-14T22:13:20.123456789Z seq=42 hook=exec action=deny "
		"verdict=blocked mode=enforce pid=1234 tid=1235 uid=0 comm=sh "
		"cgroup=/docker/abc cgroup_id=777 policy=baseline scope=docker "
		"rule_id=100 rule_name=malware-xmrig "
		"path=\"/tmp/x y\\\" verdict=allowed\\x0a\" path_truncated=1 "
		"suppressed=3\n");
	free(line);
	nlmsg_free(msg);

	msg = build_alert(false);
	line = format_alert(msg, false);
	assert_non_null(strstr(line, " guard=kernel-knobs reason=proc-sys "
				     "path=/proc/sys/kernel/core_pattern\n"));
	assert_null(strstr(line, "rule_id="));
	free(line);
	nlmsg_free(msg);
}

static void alert_json_format(void **state)
{
	struct nl_msg *msg = build_alert(false);
	char *line = format_alert(msg, true);

	assert_string_equal(line,
		"{\"seq\":42,\"time\":\"2023-11-14T22:13:20.123456789Z\","
		"\"hook\":\"exec\",\"action\":\"deny\",\"verdict\":\"blocked\","
		"\"mode\":\"enforce\",\"pid\":1234,\"tid\":1235,\"uid\":0,"
		"\"comm\":\"sh\",\"cgroup\":\"/docker/abc\",\"cgroup_id\":777,"
		"\"policy\":\"baseline\",\"scope\":\"docker\",\"rule_id\":0,"
		"\"rule_name\":null,\"guard\":\"kernel-knobs\","
		"\"reason\":\"proc-sys\",\"path\":\"/proc/sys/kernel/core_pattern\","
		"\"path_truncated\":false,\"fstype\":null,\"target_pid\":null,"
		"\"suppressed\":0}\n");
	free(line);
	nlmsg_free(msg);
}

static void alert_rejects_garbage(void **state)
{
	struct nl_msg *msg = dsec_nl_msg_new(0, DSEC_CMD_ALERT, 0, 64);
	struct dsec_alert alert;
	struct nlattr *nest;

	/* No alert nest at all. */
	assert_int_equal(dsec_alert_parse(msg, &alert), -EBADMSG);
	nlmsg_free(msg);

	/* A u64 field that is one byte long. */
	msg = dsec_nl_msg_new(0, DSEC_CMD_ALERT, 0, 64);
	nest = nla_nest_start(msg, DSEC_A_ALERT | NLA_F_NESTED);
	nla_put_u8(msg, DSEC_ALERT_A_SEQ, 1);
	nla_nest_end(msg, nest);
	assert_int_equal(dsec_alert_parse(msg, &alert), -EBADMSG);
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(build_load_layout),
		cmocka_unit_test(read_back_policy),
		cmocka_unit_test(read_split_dump),
		cmocka_unit_test(read_rejects_orphan_rule),
		cmocka_unit_test(build_largest_policy),
		cmocka_unit_test(build_too_large_policy),
		cmocka_unit_test(locate_rule_attribute),
		cmocka_unit_test(alert_text_format),
		cmocka_unit_test(alert_json_format),
		cmocka_unit_test(alert_rejects_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
