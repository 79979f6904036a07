// SPDX-License-Identifier: GPL-2.0
/*
 * Raw generic netlink requests to dsec.ko, built with libmnl instead of
 * dsecctl, so the VM bench can send messages that dsecctl validates away.
 *
 *   nl-raw status
 *   nl-raw bad-load scope-index|unknown-attr|bad-hook|no-name
 *
 * status sends DSEC_CMD_GET_STATUS. bad-load sends a DSEC_CMD_POLICY_LOAD
 * for the policy "vm-malformed" with one defect: a rule whose scope index
 * is out of range, an attribute type the kernel does not know, a hook
 * number out of range, or no policy name. Exit status: 0 when the kernel
 * accepted the request, 1 when it rejected it (the errno name and the
 * kernel's extended ACK message are printed), 2 on a setup error.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include <linux/dsec.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* MNL_SOCKET_BUFFER_SIZE depends on the page size, so it is no constant. */
static char buf[8192];

static void __attribute__((noreturn)) setup_failed(const char *what)
{
	fprintf(stderr, "nl-raw: %s failed: %s\n", what, strerror(errno));
	exit(2);
}

static struct nlmsghdr *genl_start(uint16_t type, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = time(NULL);
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = cmd == CTRL_CMD_GETFAMILY ? 1 : DSEC_GENL_VERSION;
	return nlh;
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
		*(uint16_t *)data = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, data);
}

/* Print the errno and extended ACK message of an NLMSG_ERROR reply. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	const void *tlvs = (const char *)err + sizeof(*err);
	const char *msg = NULL;

	if (!err->error)
		return MNL_CB_STOP;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		mnl_attr_for_each_payload(tlvs,
					  nlh->nlmsg_len - NLMSG_HDRLEN - sizeof(*err)) {
			if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG)
				msg = mnl_attr_get_str(attr);
		}
	}
	errno = -err->error;
	printf("nl-raw: rejected: %s (%s)%s%s\n", strerrorname_np(-err->error),
	       strerror(-err->error), msg ? ": " : "", msg ? msg : "");
	return MNL_CB_ERROR;
}

/* Send the message in buf and run the replies; return the kernel's errno. */
static int transact(struct mnl_socket *nl, struct nlmsghdr *nlh,
		    mnl_cb_t data_cb, void *data)
{
	mnl_cb_t ctl_cb[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = error_cb };
	unsigned int seq = nlh->nlmsg_seq, portid = mnl_socket_get_portid(nl);
	int kernel_err = 0, ret;
	ssize_t n;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		setup_failed("sendto");
	for (;;) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			setup_failed("recvfrom");
		ret = mnl_cb_run2(buf, n, seq, portid, data_cb, data, ctl_cb,
				  NLMSG_MIN_TYPE);
		if (ret == MNL_CB_ERROR && kernel_err == 0)
			kernel_err = errno;
		/* error_cb sets errno to the kernel's error before MNL_CB_ERROR. */
		if (ret <= MNL_CB_STOP)
			break;
	}
	return kernel_err;
}

static uint16_t resolve_family(struct mnl_socket *nl)
{
	struct nlmsghdr *nlh = genl_start(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	uint16_t id = 0;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, DSEC_GENL_NAME);
	if (transact(nl, nlh, family_cb, &id) || !id) {
		fprintf(stderr, "nl-raw: generic netlink family '%s' not found; is dsec.ko loaded?\n",
			DSEC_GENL_NAME);
		exit(2);
	}
	return id;
}

static void put_valid_scope(struct nlmsghdr *nlh)
{
	struct nlattr *scope, *sel;

	scope = mnl_attr_nest_start(nlh, DSEC_A_SCOPE);
	mnl_attr_put_strz(nlh, DSEC_SCOPE_A_NAME, "s");
	sel = mnl_attr_nest_start(nlh, DSEC_SCOPE_A_SELECTOR);
	mnl_attr_put_u8(nlh, DSEC_SELECTOR_A_TYPE, DSEC_SELECTOR_PREFIX);
	mnl_attr_put_strz(nlh, DSEC_SELECTOR_A_VALUE, "/dsect-raw");
	mnl_attr_nest_end(nlh, sel);
	mnl_attr_nest_end(nlh, scope);
}

static void put_rule(struct nlmsghdr *nlh, uint32_t scope_index, uint8_t hook)
{
	struct nlattr *rule = mnl_attr_nest_start(nlh, DSEC_A_RULE);

	mnl_attr_put_u32(nlh, DSEC_RULE_A_ID, 1);
	mnl_attr_put_u32(nlh, DSEC_RULE_A_SCOPE, scope_index);
	mnl_attr_put_u8(nlh, DSEC_RULE_A_HOOK, hook);
	mnl_attr_put_u8(nlh, DSEC_RULE_A_ACTION, DSEC_ACTION_DENY);
	mnl_attr_put_strz(nlh, DSEC_RULE_A_PATH, "/a");
	mnl_attr_nest_end(nlh, rule);
}

static struct nlmsghdr *build_bad_load(uint16_t family, const char *kind)
{
	struct nlmsghdr *nlh = genl_start(family, DSEC_CMD_POLICY_LOAD, 0);
	struct nlattr *policy;

	policy = mnl_attr_nest_start(nlh, DSEC_A_POLICY);
	if (strcmp(kind, "no-name"))
		mnl_attr_put_strz(nlh, DSEC_POLICY_A_NAME, "vm-malformed");
	if (!strcmp(kind, "unknown-attr"))
		mnl_attr_put_u32(nlh, __DSEC_POLICY_A_MAX + 7, 1);
	mnl_attr_nest_end(nlh, policy);
	put_valid_scope(nlh);

	if (!strcmp(kind, "scope-index"))
		put_rule(nlh, 5, DSEC_HOOK_EXEC);
	else if (!strcmp(kind, "bad-hook"))
		put_rule(nlh, 0, 99);
	else if (strcmp(kind, "unknown-attr") && strcmp(kind, "no-name"))
		return NULL;
	else
		put_rule(nlh, 0, DSEC_HOOK_EXEC);
	return nlh;
}

int main(int argc, char **argv)
{
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	uint16_t family;
	int one = 1, err;

	if (argc < 2 || (!strcmp(argv[1], "bad-load") && argc != 3)) {
		fprintf(stderr, "usage: nl-raw status | bad-load scope-index|unknown-attr|bad-hook|no-name\n");
		return 2;
	}
	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl)
		setup_failed("socket");
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		setup_failed("bind");
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	family = resolve_family(nl);

	if (!strcmp(argv[1], "status")) {
		nlh = genl_start(family, DSEC_CMD_GET_STATUS, 0);
	} else if (!strcmp(argv[1], "bad-load")) {
		nlh = build_bad_load(family, argv[2]);
		if (!nlh) {
			fprintf(stderr, "nl-raw: unknown defect '%s'; expected scope-index, unknown-attr, bad-hook or no-name\n",
				argv[2]);
			return 2;
		}
	} else {
		fprintf(stderr, "nl-raw: unknown command '%s'; expected status or bad-load\n", argv[1]);
		return 2;
	}
	err = transact(nl, nlh, NULL, NULL);
	mnl_socket_close(nl);
	if (err)
		return 1;
	printf("nl-raw: accepted\n");
	return 0;
}
