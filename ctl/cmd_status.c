// SPDX-License-Identifier: GPL-2.0
/*
 * dsecctl status [--json]: module and netlink versions, lock state, hook
 * and probe counters, loaded policies and lost events.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "ctl/dsecctl.h"
#include "ctl/nl.h"
#include "ctl/policy.h"
#include "ctl/policy_msg.h"

/* Hooks and probes kept from one reply; the module has a few dozen. */
#define STATUS_MAX_ENTRIES	256

struct hook_status {
	char name[32];
	int id;
	bool active;
	uint64_t allowed, denied, audited, dropped;
};

struct probe_status {
	char symbol[128];
	int hook;
	bool active;
	uint32_t error;
	uint64_t missed, hits;
};

struct status {
	char version[64];
	char kernel[128];
	uint32_t genl_version;
	bool locked;
	uint64_t generation;
	uint32_t n_policies;
	uint64_t log_suppressed;
	uint64_t events_dropped;
	struct hook_status hooks[STATUS_MAX_ENTRIES];
	size_t n_hooks;
	struct probe_status probes[STATUS_MAX_ENTRIES];
	size_t n_probes;
	struct dsec_policy_set policies;
};

static struct nla_policy status_attr_policy[DSEC_STATUS_A_MAX + 1] = {
	[DSEC_STATUS_A_VERSION] = { .type = NLA_STRING },
	[DSEC_STATUS_A_GENL_VERSION] = { .type = NLA_U32 },
	[DSEC_STATUS_A_KERNEL] = { .type = NLA_STRING },
	[DSEC_STATUS_A_LOCKED] = { .type = NLA_U8 },
	[DSEC_STATUS_A_GENERATION] = { .type = NLA_U64 },
	[DSEC_STATUS_A_N_POLICIES] = { .type = NLA_U32 },
	[DSEC_STATUS_A_LOG_SUPPRESSED] = { .type = NLA_U64 },
	[DSEC_STATUS_A_EVENTS_DROPPED] = { .type = NLA_U64 },
};

static struct nla_policy hook_attr_policy[DSEC_HOOK_A_MAX + 1] = {
	[DSEC_HOOK_A_ID] = { .type = NLA_U8 },
	[DSEC_HOOK_A_NAME] = { .type = NLA_STRING },
	[DSEC_HOOK_A_ACTIVE] = { .type = NLA_U8 },
	[DSEC_HOOK_A_ALLOWED] = { .type = NLA_U64 },
	[DSEC_HOOK_A_DENIED] = { .type = NLA_U64 },
	[DSEC_HOOK_A_AUDITED] = { .type = NLA_U64 },
	[DSEC_HOOK_A_DROPPED] = { .type = NLA_U64 },
};

static struct nla_policy probe_attr_policy[DSEC_PROBE_A_MAX + 1] = {
	[DSEC_PROBE_A_SYMBOL] = { .type = NLA_STRING },
	[DSEC_PROBE_A_HOOK] = { .type = NLA_U8 },
	[DSEC_PROBE_A_ACTIVE] = { .type = NLA_U8 },
	[DSEC_PROBE_A_ERROR] = { .type = NLA_U32 },
	[DSEC_PROBE_A_MISSED] = { .type = NLA_U64 },
	[DSEC_PROBE_A_HITS] = { .type = NLA_U64 },
};

static uint64_t get_u64(struct nlattr *attr)
{
	return attr ? nla_get_u64(attr) : 0;
}

static int read_status(struct nlattr *nest, struct status *s)
{
	struct nlattr *tb[DSEC_STATUS_A_MAX + 1];

	if (nla_parse_nested(tb, DSEC_STATUS_A_MAX, nest,
			     status_attr_policy) < 0)
		return -EBADMSG;
	dsec_nl_attr_strcpy(s->version, sizeof(s->version), tb[DSEC_STATUS_A_VERSION]);
	dsec_nl_attr_strcpy(s->kernel, sizeof(s->kernel), tb[DSEC_STATUS_A_KERNEL]);
	if (tb[DSEC_STATUS_A_GENL_VERSION])
		s->genl_version = nla_get_u32(tb[DSEC_STATUS_A_GENL_VERSION]);
	s->locked = tb[DSEC_STATUS_A_LOCKED] &&
		    nla_get_u8(tb[DSEC_STATUS_A_LOCKED]);
	s->generation = get_u64(tb[DSEC_STATUS_A_GENERATION]);
	if (tb[DSEC_STATUS_A_N_POLICIES])
		s->n_policies = nla_get_u32(tb[DSEC_STATUS_A_N_POLICIES]);
	s->log_suppressed = get_u64(tb[DSEC_STATUS_A_LOG_SUPPRESSED]);
	s->events_dropped = get_u64(tb[DSEC_STATUS_A_EVENTS_DROPPED]);
	return 0;
}

static int read_hook(struct nlattr *nest, struct status *s)
{
	struct nlattr *tb[DSEC_HOOK_A_MAX + 1];
	struct hook_status *h;

	if (nla_parse_nested(tb, DSEC_HOOK_A_MAX, nest, hook_attr_policy) < 0)
		return -EBADMSG;
	if (s->n_hooks == STATUS_MAX_ENTRIES)
		return 0;
	h = &s->hooks[s->n_hooks++];
	dsec_nl_attr_strcpy(h->name, sizeof(h->name), tb[DSEC_HOOK_A_NAME]);
	h->id = tb[DSEC_HOOK_A_ID] ? nla_get_u8(tb[DSEC_HOOK_A_ID]) : -1;
	if (!h->name[0])
		snprintf(h->name, sizeof(h->name), "%s",
			 h->id < 0 ? "unknown" :
			 dsec_enum_name(dsec_hook_names, DSEC_HOOK_COUNT,
					(unsigned int)h->id));
	h->active = tb[DSEC_HOOK_A_ACTIVE] && nla_get_u8(tb[DSEC_HOOK_A_ACTIVE]);
	h->allowed = get_u64(tb[DSEC_HOOK_A_ALLOWED]);
	h->denied = get_u64(tb[DSEC_HOOK_A_DENIED]);
	h->audited = get_u64(tb[DSEC_HOOK_A_AUDITED]);
	h->dropped = get_u64(tb[DSEC_HOOK_A_DROPPED]);
	return 0;
}

static int read_probe(struct nlattr *nest, struct status *s)
{
	struct nlattr *tb[DSEC_PROBE_A_MAX + 1];
	struct probe_status *p;

	if (nla_parse_nested(tb, DSEC_PROBE_A_MAX, nest, probe_attr_policy) < 0)
		return -EBADMSG;
	if (s->n_probes == STATUS_MAX_ENTRIES)
		return 0;
	p = &s->probes[s->n_probes++];
	dsec_nl_attr_strcpy(p->symbol, sizeof(p->symbol), tb[DSEC_PROBE_A_SYMBOL]);
	p->hook = tb[DSEC_PROBE_A_HOOK] ? nla_get_u8(tb[DSEC_PROBE_A_HOOK]) : -1;
	p->active = tb[DSEC_PROBE_A_ACTIVE] &&
		    nla_get_u8(tb[DSEC_PROBE_A_ACTIVE]);
	p->error = tb[DSEC_PROBE_A_ERROR] ?
		   nla_get_u32(tb[DSEC_PROBE_A_ERROR]) : 0;
	p->missed = get_u64(tb[DSEC_PROBE_A_MISSED]);
	p->hits = get_u64(tb[DSEC_PROBE_A_HITS]);
	return 0;
}

static int read_policy(struct nlattr *nest, struct status *s)
{
	struct dsec_policy *policy = dsec_policy_new();
	int err;

	if (!policy)
		return -ENOMEM;
	err = dsec_policy_read_summary(nest, policy);
	if (!err)
		err = dsec_policy_set_append(&s->policies, policy);
	if (err)
		dsec_policy_free(policy);
	return err;
}

static int read_attr(struct nlattr *attr, void *arg)
{
	struct status *s = arg;

	switch (nla_type(attr)) {
	case DSEC_A_STATUS:
		return read_status(attr, s);
	case DSEC_A_HOOK:
		return read_hook(attr, s);
	case DSEC_A_PROBE:
		return read_probe(attr, s);
	case DSEC_A_POLICY:
		return read_policy(attr, s);
	default:
		return 0;
	}
}

static int on_status(struct nl_msg *msg, void *arg)
{
	return dsec_nl_for_each_attr(msg, read_attr, arg);
}

static void format_time(uint64_t ns, char *buf, size_t size)
{
	time_t sec = (time_t)(ns / 1000000000ULL);
	struct tm tm;

	if (!ns || !gmtime_r(&sec, &tm) ||
	    !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, size, "-");
}

static void format_digest(const struct dsec_policy *policy, char *buf,
			  size_t size)
{
	size_t i;

	if (!policy->has_digest || size < DSEC_DIGEST_LEN * 2 + 1) {
		snprintf(buf, size, "-");
		return;
	}
	for (i = 0; i < DSEC_DIGEST_LEN; i++)
		snprintf(buf + i * 2, 3, "%02x", policy->digest[i]);
}

static const char *policy_mode(const struct dsec_policy *policy)
{
	return policy->mode == DSEC_MODE_COMPLAIN ? "complain" : "enforce";
}

static void print_text(const struct status *s)
{
	char when[32], digest[DSEC_DIGEST_LEN * 2 + 1];
	size_t i;

	printf("module:               dsec %s\n", s->version[0] ? s->version : "unknown");
	printf("netlink version:      %u\n", s->genl_version);
	printf("kernel:               %s\n", s->kernel[0] ? s->kernel : "unknown");
	printf("locked:               %s\n", s->locked ? "yes" : "no");
	printf("generation:           %" PRIu64 "\n", s->generation);
	printf("dropped events:       %" PRIu64 "\n", s->events_dropped);
	printf("suppressed log lines: %" PRIu64 "\n", s->log_suppressed);

	printf("\nhooks:\n  %-8s %-7s %12s %12s %12s %12s\n", "HOOK", "ACTIVE",
	       "ALLOWED", "DENIED", "AUDITED", "DROPPED");
	for (i = 0; i < s->n_hooks; i++) {
		const struct hook_status *h = &s->hooks[i];

		printf("  %-8s %-7s %12" PRIu64 " %12" PRIu64 " %12" PRIu64
		       " %12" PRIu64 "\n", h->name, h->active ? "yes" : "no",
		       h->allowed, h->denied, h->audited, h->dropped);
	}

	printf("\nprobes:\n  %-36s %-8s %-7s %12s %10s %s\n", "SYMBOL", "HOOK",
	       "ACTIVE", "HITS", "MISSED", "ERROR");
	for (i = 0; i < s->n_probes; i++) {
		const struct probe_status *p = &s->probes[i];

		printf("  %-36s %-8s %-7s %12" PRIu64 " %10" PRIu64 " %s\n",
		       p->symbol,
		       p->hook < 0 ? "-" :
		       dsec_enum_name(dsec_hook_names, DSEC_HOOK_COUNT,
				      (unsigned int)p->hook),
		       p->active ? "yes" : "no", p->hits, p->missed,
		       p->error ? strerror((int)p->error) : "-");
	}

	printf("\npolicies: %zu\n", s->policies.n);
	for (i = 0; i < s->policies.n; i++) {
		const struct dsec_policy *policy = s->policies.items[i];

		format_time(policy->loaded_ns, when, sizeof(when));
		format_digest(policy, digest, sizeof(digest));
		printf("  %s\n    mode: %s%s, scopes: %u, rules: %u, generation: %"
		       PRIu64 ", loaded: %s\n    source: %s\n    sha256: %s\n",
		       policy->name, policy_mode(policy),
		       policy->flags & DSEC_POLICY_F_LOCK ? " (locks the module)" : "",
		       policy->kernel_n_scopes, policy->kernel_n_rules,
		       policy->generation, when,
		       policy->source ? policy->source : "-", digest);
	}
}

static struct json_object *u64_json(uint64_t value)
{
	/* json-c stores int64; these counters stay far below 2^63. */
	return json_object_new_int64((int64_t)value);
}

static int print_json(const struct status *s)
{
	struct json_object *root = json_object_new_object();
	struct json_object *hooks = json_object_new_array();
	struct json_object *probes = json_object_new_array();
	struct json_object *policies = json_object_new_array();
	char when[32], digest[DSEC_DIGEST_LEN * 2 + 1];
	size_t i;

	if (!root || !hooks || !probes || !policies) {
		json_object_put(root);
		json_object_put(hooks);
		json_object_put(probes);
		json_object_put(policies);
		return -ENOMEM;
	}
	json_object_object_add(root, "version", json_object_new_string(s->version));
	json_object_object_add(root, "netlink_version",
			       json_object_new_int64(s->genl_version));
	json_object_object_add(root, "kernel", json_object_new_string(s->kernel));
	json_object_object_add(root, "locked", json_object_new_boolean(s->locked));
	json_object_object_add(root, "generation", u64_json(s->generation));
	json_object_object_add(root, "events_dropped", u64_json(s->events_dropped));
	json_object_object_add(root, "log_suppressed", u64_json(s->log_suppressed));

	for (i = 0; i < s->n_hooks; i++) {
		const struct hook_status *h = &s->hooks[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "name", json_object_new_string(h->name));
		json_object_object_add(o, "active", json_object_new_boolean(h->active));
		json_object_object_add(o, "allowed", u64_json(h->allowed));
		json_object_object_add(o, "denied", u64_json(h->denied));
		json_object_object_add(o, "audited", u64_json(h->audited));
		json_object_object_add(o, "dropped", u64_json(h->dropped));
		json_object_array_add(hooks, o);
	}
	json_object_object_add(root, "hooks", hooks);

	for (i = 0; i < s->n_probes; i++) {
		const struct probe_status *p = &s->probes[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "symbol", json_object_new_string(p->symbol));
		json_object_object_add(o, "hook", p->hook < 0 ? NULL :
				       json_object_new_string(dsec_enum_name(
					       dsec_hook_names, DSEC_HOOK_COUNT,
					       (unsigned int)p->hook)));
		json_object_object_add(o, "active", json_object_new_boolean(p->active));
		json_object_object_add(o, "hits", u64_json(p->hits));
		json_object_object_add(o, "missed", u64_json(p->missed));
		json_object_object_add(o, "error", json_object_new_int64(p->error));
		json_object_array_add(probes, o);
	}
	json_object_object_add(root, "probes", probes);

	for (i = 0; i < s->policies.n; i++) {
		const struct dsec_policy *policy = s->policies.items[i];
		struct json_object *o = json_object_new_object();

		format_time(policy->loaded_ns, when, sizeof(when));
		format_digest(policy, digest, sizeof(digest));
		json_object_object_add(o, "name", json_object_new_string(policy->name));
		json_object_object_add(o, "mode", json_object_new_string(policy_mode(policy)));
		json_object_object_add(o, "lock", json_object_new_boolean(
					       policy->flags & DSEC_POLICY_F_LOCK));
		json_object_object_add(o, "scopes", json_object_new_int64(policy->kernel_n_scopes));
		json_object_object_add(o, "rules", json_object_new_int64(policy->kernel_n_rules));
		json_object_object_add(o, "generation", u64_json(policy->generation));
		json_object_object_add(o, "loaded", policy->loaded_ns ?
				       json_object_new_string(when) : NULL);
		json_object_object_add(o, "source", policy->source ?
				       json_object_new_string(policy->source) : NULL);
		json_object_object_add(o, "sha256", policy->has_digest ?
				       json_object_new_string(digest) : NULL);
		json_object_array_add(policies, o);
	}
	json_object_object_add(root, "policies", policies);

	printf("%s\n", json_object_to_json_string_ext(root,
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return 0;
}

int cmd_status(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dsec_nl_ack ack;
	struct dsec_nl *nl;
	struct nl_msg *msg;
	struct status *s;
	bool json = false;
	int c, err;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			printf("Usage: %s status [--json]\n"
			       "Show the module's state, counters and loaded policies.\n",
			       dsec_progname);
			return DSEC_EXIT_OK;
		default:
			return DSEC_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		dsec_error("status: unexpected argument '%s'", argv[optind]);
		return DSEC_EXIT_USAGE;
	}

	s = calloc(1, sizeof(*s));
	if (!s) {
		dsec_error("status: out of memory");
		return DSEC_EXIT_FAILURE;
	}
	if (!dsec_connect(&nl)) {
		free(s);
		return DSEC_EXIT_FAILURE;
	}
	msg = dsec_nl_msg_new(dsec_nl_family(nl), DSEC_CMD_GET_STATUS, 0, 0);
	err = msg ? dsec_nl_request(nl, msg, on_status, s, &ack) : -ENOMEM;
	nlmsg_free(msg);
	dsec_nl_close(nl);
	if (err) {
		dsec_report_request("reading the status", err, &ack);
		dsec_policy_set_clear(&s->policies);
		free(s);
		return DSEC_EXIT_FAILURE;
	}
	if (json)
		err = print_json(s);
	else
		print_text(s);
	dsec_policy_set_clear(&s->policies);
	free(s);
	if (err) {
		dsec_error("status: out of memory");
		return DSEC_EXIT_FAILURE;
	}
	return DSEC_EXIT_OK;
}
