// SPDX-License-Identifier: GPL-2.0
/*
 * Raw generic netlink requests to dsec.ko for the module cases, built
 * without dsecctl so that requests dsecctl would never send (malformed
 * attributes, huge policies, tight reload loops) reach the kernel.
 *
 *   dsec-nl unknown-attr | bad-scope-index | dup-rule-id | bad-flags
 *   dsec-nl big NAME PREFIX N       load N exact exec deny rules
 *                                   /deny/0../deny/N-1 for cgroups PREFIX
 *   dsec-nl swap NAME PREFIX N      replace policy NAME N times
 *   dsec-nl dump NAME               print "scopes=S rules=R messages=M"
 *   dsec-nl probes                  print one line per kprobe
 *   dsec-nl remove NAME
 *
 * Exit status: 0 when the kernel accepted every request, 1 when it
 * rejected one (printed as "error: ERRNO: extack message"), 2 on usage
 * or setup errors.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../../include/uapi/linux/dsec.h"
#include "tool.h"

const char *tool_name = "dsec-nl";

#define MSG_MAX		(24 << 20)
#define NEST_MAX	8

struct msg {
	char *buf;
	size_t len;
	size_t nest[NEST_MAX];
	int depth;
};

static int sock = -1;
static uint16_t family_id;
static uint32_t seq;
static char *rxbuf;
#define RX_SIZE		(1 << 20)

static void put(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + m->len);

	if (m->len + NLA_HDRLEN + NLA_ALIGN(len) > MSG_MAX)
		tool_usage("message larger than %d bytes", MSG_MAX);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	memset((char *)a + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	m->len += NLA_HDRLEN + NLA_ALIGN(len);
}

static void put_u8(struct msg *m, uint16_t type, uint8_t v)
{
	put(m, type, &v, 1);
}

static void put_u32(struct msg *m, uint16_t type, uint32_t v)
{
	put(m, type, &v, 4);
}

static void put_str(struct msg *m, uint16_t type, const char *s)
{
	put(m, type, s, strlen(s) + 1);
}

static void nest_start(struct msg *m, uint16_t type)
{
	m->nest[m->depth++] = m->len;
	put(m, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct msg *m)
{
	size_t start = m->nest[--m->depth];
	struct nlattr *a = (struct nlattr *)(m->buf + start);

	if (m->len - start > UINT16_MAX)
		tool_usage("nest of %zu bytes exceeds 64 KiB", m->len - start);
	a->nla_len = m->len - start;
}

static void msg_init(struct msg *m, uint16_t type, uint16_t flags, uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	if (!m->buf && !(m->buf = malloc(MSG_MAX)))
		tool_usage("out of memory");
	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh = (struct nlmsghdr *)m->buf;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++seq;
	g = (struct genlmsghdr *)(m->buf + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = type == GENL_ID_CTRL ? 1 : DSEC_GENL_VERSION;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->depth = 0;
}

/* Print an error ack's errno and extack message; return the errno. */
static int ack_error(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	const char *text = "";
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	if (!e->error)
		return 0;
	while ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	       off + NLA_HDRLEN <= nlh->nlmsg_len) {
		const struct nlattr *a = (const void *)((const char *)nlh + off);

		if (a->nla_len < NLA_HDRLEN)
			break;
		if (a->nla_type == NLMSGERR_ATTR_MSG)
			text = (const char *)a + NLA_HDRLEN;
		off += NLA_ALIGN(a->nla_len);
	}
	printf("error: %s: %s\n", tool_errname(-e->error), text);
	return -e->error;
}

typedef void (*msg_cb)(const struct nlmsghdr *nlh, void *arg);

/* Send @m and read replies until the ack or NLMSG_DONE; 0 or an errno. */
static int transact(struct msg *m, msg_cb cb, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->buf;

	nlh->nlmsg_len = m->len;
	nlh->nlmsg_flags |= NLM_F_ACK;
	if (send(sock, m->buf, m->len, 0) < 0) {
		printf("error: %s: send of %zu bytes failed\n",
		       tool_errname(errno), m->len);
		return errno;
	}
	for (;;) {
		ssize_t n = recv(sock, rxbuf, RX_SIZE, 0);
		struct nlmsghdr *r;

		if (n < 0) {
			printf("error: %s: recv failed\n", tool_errname(errno));
			return errno;
		}
		for (r = (struct nlmsghdr *)rxbuf; NLMSG_OK(r, n);
		     r = NLMSG_NEXT(r, n)) {
			if (r->nlmsg_seq != seq)
				continue;
			if (r->nlmsg_type == NLMSG_ERROR)
				return ack_error(r);
			if (r->nlmsg_type == NLMSG_DONE)
				return 0;
			if (cb)
				cb(r, arg);
		}
	}
}

static const struct nlattr *attr_next(const struct nlattr *a, const char *end)
{
	const struct nlattr *n = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));

	return (const char *)n + NLA_HDRLEN <= end ? n : NULL;
}

#define for_each_attr(a, start, len) \
	for (a = (const struct nlattr *)(start); \
	     a && (const char *)a + NLA_HDRLEN <= (const char *)(start) + (len) && \
	     a->nla_len >= NLA_HDRLEN; \
	     a = attr_next(a, (const char *)(start) + (len)))

static void family_cb(const struct nlmsghdr *nlh, void *arg __attribute__((unused)))
{
	const char *p = (const char *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	const struct nlattr *a;

	for_each_attr(a, p, nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN)
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			family_id = *(const uint16_t *)((const char *)a + NLA_HDRLEN);
}

static void open_family(void)
{
	int one = 1, size = 64 << 20;
	struct msg m = {};

	sock = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (sock < 0)
		tool_usage("netlink socket: %s", strerror(errno));
	setsockopt(sock, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(sock, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	/* Policies of several MB travel as one message. */
	if (setsockopt(sock, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)))
		tool_usage("SO_SNDBUFFORCE: %s", strerror(errno));
	rxbuf = malloc(RX_SIZE);
	msg_init(&m, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY);
	put_str(&m, CTRL_ATTR_FAMILY_NAME, DSEC_GENL_NAME);
	if (transact(&m, family_cb, NULL) || !family_id)
		tool_usage("generic netlink family %s not found", DSEC_GENL_NAME);
	free(m.buf);
}

static void policy_header(struct msg *m, const char *name)
{
	nest_start(m, DSEC_A_POLICY);
	put_str(m, DSEC_POLICY_A_NAME, name);
	nest_end(m);
}

static void scope_prefix(struct msg *m, const char *name, const char *prefix)
{
	nest_start(m, DSEC_A_SCOPE);
	put_str(m, DSEC_SCOPE_A_NAME, name);
	nest_start(m, DSEC_SCOPE_A_SELECTOR);
	put_u8(m, DSEC_SELECTOR_A_TYPE, DSEC_SELECTOR_PREFIX);
	put_str(m, DSEC_SELECTOR_A_VALUE, prefix);
	nest_end(m);
	nest_end(m);
}

static void rule(struct msg *m, uint32_t id, uint32_t scope, const char *path)
{
	nest_start(m, DSEC_A_RULE);
	put_u32(m, DSEC_RULE_A_ID, id);
	put_u32(m, DSEC_RULE_A_SCOPE, scope);
	put_u8(m, DSEC_RULE_A_HOOK, DSEC_HOOK_EXEC);
	put_u8(m, DSEC_RULE_A_ACTION, DSEC_ACTION_DENY);
	put_str(m, DSEC_RULE_A_PATH, path);
	nest_end(m);
}

static int load_big(const char *name, const char *prefix, long n, long salt)
{
	struct msg m = {};
	char path[64];
	long i;
	int ret;

	msg_init(&m, family_id, 0, DSEC_CMD_POLICY_LOAD);
	policy_header(&m, name);
	scope_prefix(&m, "big", prefix);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/deny/%ld", i + salt);
		rule(&m, i + 1, 0, path);
	}
	ret = transact(&m, NULL, NULL);
	free(m.buf);
	return ret;
}

struct dump_count {
	long scopes, rules, messages;
};

static void dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	const char *p = (const char *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	struct dump_count *c = arg;
	const struct nlattr *a;

	c->messages++;
	for_each_attr(a, p, nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN) {
		c->scopes += (a->nla_type & NLA_TYPE_MASK) == DSEC_A_SCOPE;
		c->rules += (a->nla_type & NLA_TYPE_MASK) == DSEC_A_RULE;
	}
}

static void probes_cb(const struct nlmsghdr *nlh, void *arg __attribute__((unused)))
{
	const char *p = (const char *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	const struct nlattr *a, *b;

	for_each_attr(a, p, nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN) {
		const char *sym = "?";
		unsigned int active = 0, err = 0;
		unsigned long long hits = 0, missed = 0;

		if ((a->nla_type & NLA_TYPE_MASK) != DSEC_A_PROBE)
			continue;
		for_each_attr(b, (const char *)a + NLA_HDRLEN, a->nla_len - NLA_HDRLEN) {
			const void *d = (const char *)b + NLA_HDRLEN;

			switch (b->nla_type) {
			case DSEC_PROBE_A_SYMBOL: sym = d; break;
			case DSEC_PROBE_A_ACTIVE: active = *(const uint8_t *)d; break;
			case DSEC_PROBE_A_ERROR: err = *(const uint32_t *)d; break;
			case DSEC_PROBE_A_HITS: memcpy(&hits, d, 8); break;
			case DSEC_PROBE_A_MISSED: memcpy(&missed, d, 8); break;
			}
		}
		printf("probe %s active=%u error=%u hits=%llu missed=%llu\n",
		       sym, active, err, hits, missed);
	}
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	struct msg m = {};
	uint32_t bad = 0x80;
	long i, n;
	int ret;

	if (argc < 2)
		tool_usage("usage: dsec-nl unknown-attr|bad-scope-index|dup-rule-id|bad-flags|big|swap|dump|probes|remove ...");
	open_family();

	if (!strcmp(cmd, "unknown-attr")) {
		msg_init(&m, family_id, 0, DSEC_CMD_POLICY_LOAD);
		policy_header(&m, "bad");
		put_u32(&m, DSEC_A_MAX + 1, 1);
		ret = transact(&m, NULL, NULL);
	} else if (!strcmp(cmd, "bad-scope-index")) {
		msg_init(&m, family_id, 0, DSEC_CMD_POLICY_LOAD);
		policy_header(&m, "bad");
		scope_prefix(&m, "s", "/kmod-bad");
		rule(&m, 1, 1, "/bin/true");
		ret = transact(&m, NULL, NULL);
	} else if (!strcmp(cmd, "dup-rule-id")) {
		msg_init(&m, family_id, 0, DSEC_CMD_POLICY_LOAD);
		policy_header(&m, "bad");
		scope_prefix(&m, "s", "/kmod-bad");
		rule(&m, 7, 0, "/bin/true");
		rule(&m, 7, 0, "/bin/false");
		ret = transact(&m, NULL, NULL);
	} else if (!strcmp(cmd, "bad-flags")) {
		msg_init(&m, family_id, 0, DSEC_CMD_POLICY_LOAD);
		nest_start(&m, DSEC_A_POLICY);
		put_str(&m, DSEC_POLICY_A_NAME, "bad");
		put_u32(&m, DSEC_POLICY_A_FLAGS, bad);
		nest_end(&m);
		ret = transact(&m, NULL, NULL);
	} else if (!strcmp(cmd, "big") && argc == 5) {
		ret = load_big(argv[2], argv[3], atol(argv[4]), 0);
	} else if (!strcmp(cmd, "swap") && argc == 5) {
		n = atol(argv[4]);
		for (i = 0, ret = 0; i < n && !ret; i++)
			ret = load_big(argv[2], argv[3], 1 + i % 64, i % 2);
	} else if (!strcmp(cmd, "dump") && argc == 3) {
		struct dump_count c = {};

		msg_init(&m, family_id, NLM_F_DUMP, DSEC_CMD_POLICY_GET);
		policy_header(&m, argv[2]);
		ret = transact(&m, dump_cb, &c);
		if (!ret)
			printf("scopes=%ld rules=%ld messages=%ld\n",
			       c.scopes, c.rules, c.messages);
	} else if (!strcmp(cmd, "probes")) {
		msg_init(&m, family_id, 0, DSEC_CMD_GET_STATUS);
		ret = transact(&m, probes_cb, NULL);
	} else if (!strcmp(cmd, "remove") && argc == 3) {
		msg_init(&m, family_id, 0, DSEC_CMD_POLICY_REMOVE);
		policy_header(&m, argv[2]);
		ret = transact(&m, NULL, NULL);
	} else {
		tool_usage("unknown command or wrong arguments: '%s'", cmd);
	}
	if (!ret)
		printf("ok\n");
	return ret ? TOOL_STEP_FAILED : TOOL_OK;
}
