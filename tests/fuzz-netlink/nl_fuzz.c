// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink fuzzer for dsec.ko's DSEC_CMD_POLICY_LOAD parser.
 *
 *   nl_fuzz SEED ITERATIONS
 *
 * Runs as root on the host side of a test guest, because the family lives
 * in the initial network namespace. Every iteration sends one request
 * built from a valid POLICY_LOAD seed, which has every attribute of the
 * UAPI and each selector and match type. The request gets random
 * mutations: bit flips, boundary values at attribute length fields,
 * truncation, duplicated and inserted chunks, a wrong command or version.
 * Or it is an attribute tree made up from scratch. Now and then it sends a valid policy of many rules, a dump and
 * a status request. A policy the kernel accepts is removed again right
 * away, found by name through a POLICY_GET dump, so accepted garbage does
 * not pile up. The same SEED replays the same requests.
 *
 * The kernel must answer every request (a five-second receive timeout
 * counts as a hang) and must never crash or warn; the test guest runs
 * with panic_on_warn=1. Exit status: 0 when every request was answered,
 * 1 on a hang or a lost socket, 2 on a setup error. The last line is
 * "nl_fuzz: N requests, N accepted, N rejected".
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include <linux/dsec.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define MSG_MAX		(4 << 20)
#define BIG_RULES	20000

static struct mnl_socket *nl;
static uint16_t family;
static uint32_t seq;
static uint64_t rng_state;
static char *seed_msg, *msg, *rx;
static size_t seed_len;
static unsigned long n_sent, n_accepted, n_rejected;

static void __attribute__((noreturn)) setup_failed(const char *what)
{
	fprintf(stderr, "nl_fuzz: %s failed: %s\n", what, strerror(errno));
	exit(2);
}

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint32_t below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

static struct nlmsghdr *genl_start(char *buf, uint16_t type, uint8_t cmd,
				   uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = cmd == CTRL_CMD_GETFAMILY ? 1 : DSEC_GENL_VERSION;
	return nlh;
}

/* Callback state of one request: its error and the names a dump found. */
struct reply {
	int error;
	int n_names;
	char names[64][DSEC_NAME_MAX];
};

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
			*(uint16_t *)data = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;
	struct nlattr *attr, *inner;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != DSEC_A_POLICY)
			continue;
		mnl_attr_for_each_nested(inner, attr) {
			if (mnl_attr_get_type(inner) != DSEC_POLICY_A_NAME ||
			    r->n_names >= 64)
				continue;
			snprintf(r->names[r->n_names], DSEC_NAME_MAX, "%.*s",
				 (int)mnl_attr_get_payload_len(inner),
				 (const char *)mnl_attr_get_payload(inner));
			r->n_names++;
		}
	}
	return MNL_CB_OK;
}

/*
 * Send @nlh and read until its ACK, error or dump end. Return 0 when the
 * kernel replied (its error is in @r->error), -1 on a timeout.
 */
static int transact(struct nlmsghdr *nlh, mnl_cb_t cb, struct reply *r)
{
	uint32_t portid = mnl_socket_get_portid(nl);
	uint32_t want = nlh->nlmsg_seq;
	ssize_t n;
	int ret;

	r->error = 0;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		/* The socket layer refused it; the kernel never parsed it. */
		r->error = -errno;
		return 0;
	}
	n_sent++;
	for (;;) {
		n = mnl_socket_recvfrom(nl, rx, MSG_MAX);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return -1;
			if (errno == ENOBUFS)
				continue;
			r->error = -errno;
			return 0;
		}
		ret = mnl_cb_run(rx, n, want, portid, cb, r);
		if (ret == MNL_CB_ERROR) {
			r->error = -errno;
			return 0;
		}
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

static void resolve_family(void)
{
	struct nlmsghdr *nlh = genl_start(msg, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	struct reply r;
	uint32_t portid = mnl_socket_get_portid(nl);
	ssize_t n;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, DSEC_GENL_NAME);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		setup_failed("sending the family lookup");
	memset(&r, 0, sizeof(r));
	while ((n = mnl_socket_recvfrom(nl, rx, MSG_MAX)) > 0) {
		int ret = mnl_cb_run(rx, n, nlh->nlmsg_seq, portid, family_cb,
				     &family);

		if (ret <= MNL_CB_STOP)
			break;
	}
	if (!family) {
		fprintf(stderr, "nl_fuzz: generic netlink family '%s' not found; is dsec.ko loaded?\n",
			DSEC_GENL_NAME);
		exit(2);
	}
}

static void put_scope(struct nlmsghdr *nlh, const char *name, int variant)
{
	struct nlattr *scope, *sel, *def;

	scope = mnl_attr_nest_start(nlh, DSEC_A_SCOPE);
	mnl_attr_put_strz(nlh, DSEC_SCOPE_A_NAME, name);
	mnl_attr_put_u8(nlh, DSEC_SCOPE_A_MODE, variant % 3);
	mnl_attr_put_u32(nlh, DSEC_SCOPE_A_GUARDS, DSEC_GUARD_ALL);
	mnl_attr_put_u32(nlh, DSEC_SCOPE_A_FLAGS, DSEC_SCOPE_F_CGROUP_WRITABLE);
	sel = mnl_attr_nest_start(nlh, DSEC_SCOPE_A_SELECTOR);
	mnl_attr_put_u8(nlh, DSEC_SELECTOR_A_TYPE, DSEC_SELECTOR_PREFIX);
	mnl_attr_put_strz(nlh, DSEC_SELECTOR_A_VALUE, "/dsect-fuzz-prefix/");
	mnl_attr_nest_end(nlh, sel);
	sel = mnl_attr_nest_start(nlh, DSEC_SCOPE_A_SELECTOR);
	mnl_attr_put_u8(nlh, DSEC_SELECTOR_A_TYPE, DSEC_SELECTOR_GLOB);
	mnl_attr_put_strz(nlh, DSEC_SELECTOR_A_VALUE,
			  "/dsect-fuzz-glob-*/**/x?y/**");
	mnl_attr_nest_end(nlh, sel);
	sel = mnl_attr_nest_start(nlh, DSEC_SCOPE_A_SELECTOR);
	mnl_attr_put_u8(nlh, DSEC_SELECTOR_A_TYPE, DSEC_SELECTOR_ID);
	mnl_attr_put_u64(nlh, DSEC_SELECTOR_A_ID, 0x7fffffff12345678ULL);
	mnl_attr_nest_end(nlh, sel);
	mnl_attr_put_strz(nlh, DSEC_SCOPE_A_FSTYPE, "tmpfs");
	mnl_attr_put_strz(nlh, DSEC_SCOPE_A_FSTYPE, "mqueue");
	mnl_attr_put_strz(nlh, DSEC_SCOPE_A_WRITABLE, "/tmp");
	mnl_attr_put_strz(nlh, DSEC_SCOPE_A_WRITABLE, "/var/run/");
	def = mnl_attr_nest_start(nlh, DSEC_SCOPE_A_HOOK_DEFAULT);
	mnl_attr_put_u8(nlh, DSEC_HOOK_DEFAULT_A_HOOK, DSEC_HOOK_EXEC);
	mnl_attr_put_u8(nlh, DSEC_HOOK_DEFAULT_A_ACTION, DSEC_ACTION_AUDIT);
	mnl_attr_nest_end(nlh, def);
	mnl_attr_nest_end(nlh, scope);
}

static void put_rule(struct nlmsghdr *nlh, uint32_t id, uint32_t scope,
		     uint8_t hook, uint8_t match, const char *path)
{
	struct nlattr *rule = mnl_attr_nest_start(nlh, DSEC_A_RULE);

	mnl_attr_put_u32(nlh, DSEC_RULE_A_ID, id);
	mnl_attr_put_u32(nlh, DSEC_RULE_A_SCOPE, scope);
	mnl_attr_put_u8(nlh, DSEC_RULE_A_HOOK, hook);
	mnl_attr_put_u8(nlh, DSEC_RULE_A_ACTION, id % __DSEC_ACTION_MAX);
	mnl_attr_put_u8(nlh, DSEC_RULE_A_MODE, id % __DSEC_MODE_MAX);
	mnl_attr_put_u8(nlh, DSEC_RULE_A_MATCH, match);
	mnl_attr_put_strz(nlh, DSEC_RULE_A_PATH, path);
	if (hook == DSEC_HOOK_EXEC)
		mnl_attr_put_u32(nlh, DSEC_RULE_A_FLAGS, DSEC_RULE_F_SETUID);
	mnl_attr_put_strz(nlh, DSEC_RULE_A_NAME, "fuzz \"rule\"\n");
	mnl_attr_nest_end(nlh, rule);
}

static void put_policy_header(struct nlmsghdr *nlh, const char *name)
{
	static const uint8_t digest[32] = { 1, 2, 3 };
	struct nlattr *pol = mnl_attr_nest_start(nlh, DSEC_A_POLICY);

	mnl_attr_put_strz(nlh, DSEC_POLICY_A_NAME, name);
	mnl_attr_put_u8(nlh, DSEC_POLICY_A_MODE, DSEC_MODE_COMPLAIN);
	mnl_attr_put_u32(nlh, DSEC_POLICY_A_FLAGS, 0);
	mnl_attr_put(nlh, DSEC_POLICY_A_DIGEST, sizeof(digest), digest);
	mnl_attr_put_strz(nlh, DSEC_POLICY_A_SOURCE, "/fuzz/seed.yaml");
	mnl_attr_nest_end(nlh, pol);
}

static void build_seed(void)
{
	struct nlmsghdr *nlh = genl_start(seed_msg, family, DSEC_CMD_POLICY_LOAD, 0);

	put_policy_header(nlh, "fuzz-seed");
	put_scope(nlh, "first", 0);
	put_scope(nlh, "second", 1);
	put_rule(nlh, 1, 0, DSEC_HOOK_EXEC, DSEC_MATCH_EXACT, "/usr/bin/xmrig");
	put_rule(nlh, 2, 0, DSEC_HOOK_WRITE, DSEC_MATCH_PREFIX, "/etc/");
	put_rule(nlh, 3, 1, DSEC_HOOK_MOUNT, DSEC_MATCH_GLOB, "/**/*.so?");
	put_rule(nlh, 4, 1, DSEC_HOOK_PTRACE, DSEC_MATCH_EXACT, "/");
	put_rule(nlh, 5, 1, DSEC_HOOK_MODULE, DSEC_MATCH_GLOB, "/lib/**/x");
	seed_len = nlh->nlmsg_len;
}

static const uint32_t interesting[] = {
	0, 1, 2, 3, 4, 5, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x3ff, 0x400, 0xfff,
	0x1000, 0x7fff, 0x8000, 0xfffe, 0xffff, 0x10000, 0x7fffffff, 0xffffffff,
};

/* Append a random attribute tree of at most @depth levels. */
static void random_attrs(struct nlmsghdr *nlh, int depth, size_t limit)
{
	int n = 1 + below(6), i;
	char payload[2048];

	for (i = 0; i < n && nlh->nlmsg_len + 4096 < limit; i++) {
		uint16_t type = below(16);

		if (depth > 0 && below(3) == 0) {
			struct nlattr *nest = mnl_attr_nest_start(nlh, type);

			random_attrs(nlh, depth - 1, limit);
			mnl_attr_nest_end(nlh, nest);
		} else {
			size_t len = below(4) ? below(12) : below(sizeof(payload));
			size_t j;

			for (j = 0; j < len; j++)
				payload[j] = below(4) ? (char)('a' + below(26)) : (char)rnd();
			if (len && below(2))
				payload[len - 1] = '\0';
			mnl_attr_put(nlh, type, len, payload);
		}
	}
}

/* Apply one random mutation to msg; return its new length. */
static size_t mutate_once(size_t len)
{
	size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN;
	size_t pos, n;
	uint32_t v;

	if (len <= hdr)
		return len;
	pos = hdr + below(len - hdr);
	switch (below(7)) {
	case 0:
		msg[pos] ^= 1 << below(8);
		break;
	case 1:
		msg[pos] = (char)interesting[below(sizeof(interesting) / sizeof(interesting[0]))];
		break;
	case 2:
		/* Attribute lengths and types sit at 4-byte boundaries. */
		pos &= ~(size_t)3;
		if (pos + 2 <= len) {
			v = interesting[below(sizeof(interesting) / sizeof(interesting[0]))];
			memcpy(msg + pos + below(2) * 2, &v, 2);
		}
		break;
	case 3:
		len = hdr + below(len - hdr);
		break;
	case 4:
		n = 4 * (1 + below(16));
		pos &= ~(size_t)3;
		if (pos + n <= len && len + n < MSG_MAX) {
			memmove(msg + pos + n, msg + pos, len - pos);
			len += n;
		}
		break;
	case 5:
		n = 4 * (1 + below(4));
		pos &= ~(size_t)3;
		if (len + n < MSG_MAX) {
			memmove(msg + pos + n, msg + pos, len - pos);
			for (size_t j = 0; j < n; j++)
				msg[pos + j] = (char)rnd();
			len += n;
		}
		break;
	case 6:
		/* A different command or version in the generic header. */
		/* Not LOCK: a locked module would outlive the test. */
		v = below(12);
		((struct genlmsghdr *)(msg + NLMSG_HDRLEN))->cmd =
			v == DSEC_CMD_LOCK ? DSEC_CMD_POLICY_LOAD : v;
		if (below(4) == 0)
			((struct genlmsghdr *)(msg + NLMSG_HDRLEN))->version = below(4);
		break;
	}
	return len;
}

static void cleanup_policies(void)
{
	struct nlmsghdr *nlh;
	struct reply *r = calloc(1, sizeof(*r));
	int i;

	if (!r)
		setup_failed("allocating the dump state");
	nlh = genl_start(msg, family, DSEC_CMD_POLICY_GET, NLM_F_DUMP);
	if (transact(nlh, dump_cb, r)) {
		fprintf(stderr, "nl_fuzz: policy dump timed out\n");
		exit(1);
	}
	for (i = 0; i < r->n_names; i++) {
		struct nlattr *pol;
		struct reply rr;

		nlh = genl_start(msg, family, DSEC_CMD_POLICY_REMOVE, 0);
		pol = mnl_attr_nest_start(nlh, DSEC_A_POLICY);
		mnl_attr_put_strz(nlh, DSEC_POLICY_A_NAME, r->names[i]);
		mnl_attr_nest_end(nlh, pol);
		if (transact(nlh, NULL, &rr)) {
			fprintf(stderr, "nl_fuzz: policy removal timed out\n");
			exit(1);
		}
	}
	free(r);
}

static void send_big(void)
{
	struct nlmsghdr *nlh = genl_start(msg, family, DSEC_CMD_POLICY_LOAD, 0);
	char path[64];
	struct reply r;
	int i;

	put_policy_header(nlh, "fuzz-big");
	put_scope(nlh, "only", 2);
	for (i = 0; i < BIG_RULES; i++) {
		snprintf(path, sizeof(path), "/fuzz/big/%d", i);
		put_rule(nlh, i + 1, 0, i % DSEC_HOOK_COUNT,
			 i % 50 ? DSEC_MATCH_EXACT : DSEC_MATCH_GLOB, path);
	}
	if (transact(nlh, NULL, &r)) {
		fprintf(stderr, "nl_fuzz: loading a policy of %d rules timed out\n", BIG_RULES);
		exit(1);
	}
	if (r.error)
		fprintf(stderr, "nl_fuzz: a valid policy of %d rules was rejected: %s\n",
			BIG_RULES, strerror(-r.error));
	cleanup_policies();
}

int main(int argc, char **argv)
{
	struct timeval tv = { .tv_sec = 5 };
	unsigned long iterations, i;
	int bufsize = MSG_MAX * 2, one = 1;
	struct reply r;

	if (argc != 3) {
		fprintf(stderr, "usage: nl_fuzz SEED ITERATIONS\n");
		return 2;
	}
	rng_state = strtoull(argv[1], NULL, 0) * 2654435761ULL + 88172645463325252ULL;
	iterations = strtoul(argv[2], NULL, 0);
	seed_msg = calloc(1, MSG_MAX);
	msg = calloc(1, MSG_MAX);
	rx = calloc(1, MSG_MAX);
	if (!seed_msg || !msg || !rx)
		setup_failed("allocating buffers");

	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl)
		setup_failed("opening a generic netlink socket");
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		setup_failed("binding the socket");
	if (setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_SNDBUFFORCE,
		       &bufsize, sizeof(bufsize)) ||
	    setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE,
		       &bufsize, sizeof(bufsize)) ||
	    setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO,
		       &tv, sizeof(tv)))
		setup_failed("sizing the socket buffers");
	/* Extended ACKs that point at the offending attribute, as dsecctl requests. */
	setsockopt(mnl_socket_get_fd(nl), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	resolve_family();
	build_seed();

	for (i = 0; i < iterations; i++) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)msg;
		size_t len;
		int k;

		if (i % 500 == 499) {
			send_big();
			continue;
		}
		if (below(8) == 0) {
			nlh = genl_start(msg, family, DSEC_CMD_POLICY_LOAD, 0);
			if (below(2))
				put_policy_header(nlh, "fuzz-tree");
			random_attrs(nlh, 3, 65536);
			len = nlh->nlmsg_len;
		} else {
			memcpy(msg, seed_msg, seed_len);
			len = seed_len;
			nlh->nlmsg_seq = ++seq;
			for (k = 1 + below(4); k > 0; k--)
				len = mutate_once(len);
		}
		nlh->nlmsg_len = len;
		if (below(64) == 0)
			nlh->nlmsg_len = len + below(8) - 4;
		if (transact(nlh, NULL, &r)) {
			fprintf(stderr, "nl_fuzz: request %lu timed out after 5 s\n", i);
			return 1;
		}
		if (r.error) {
			n_rejected++;
			continue;
		}
		n_accepted++;
		cleanup_policies();
	}
	printf("nl_fuzz: %lu requests, %lu accepted, %lu rejected\n",
	       n_sent, n_accepted, n_rejected);
	return 0;
}
