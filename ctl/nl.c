// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink transport for dsecctl, on libnl-3. libnl does not parse
 * extended ACKs, so the error callback reads the TLVs itself.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <linux/dsec.h>

#include "ctl/nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Receive buffer for alerts, so bursts are not dropped at once. */
#define DSEC_NL_RCVBUF		(4 << 20)

/* One recv() of multicast messages; an alert is far smaller. */
#define DSEC_NL_RECV_SIZE	(64 * 1024)

struct dsec_nl {
	struct nl_sock *sock;
	int family;
	int sndbuf;		/* send buffer size already requested */
	unsigned char *recv_buf;
};

int dsec_nl_errno(int nle)
{
	switch (nle < 0 ? -nle : nle) {
	case 0:
		return 0;
	case NLE_INTR:
		return -EINTR;
	case NLE_BAD_SOCK:
		return -EBADF;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_EXIST:
		return -EEXIST;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_RANGE:
		return -ERANGE;
	case NLE_MSGSIZE:
		return -EMSGSIZE;
	case NLE_OPNOTSUPP:
	case NLE_MSGTYPE_NOSUPPORT:
		return -EOPNOTSUPP;
	case NLE_AF_NOSUPPORT:
		return -EAFNOSUPPORT;
	case NLE_OBJ_NOTFOUND:
	case NLE_NODEV:
		return -ENOENT;
	case NLE_BUSY:
		return -EBUSY;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_PERM:
		return -EPERM;
	case NLE_DUMP_INTR:
		return -EINTR;
	case NLE_MSG_TRUNC:
	case NLE_MSG_OVERFLOW:
	case NLE_MSG_TOOSHORT:
	case NLE_SEQ_MISMATCH:
	case NLE_PARSE_ERR:
		return -EBADMSG;
	default:
		return -EIO;
	}
}

int dsec_nl_for_each_attr(struct nl_msg *msg,
			  int (*fn)(struct nlattr *attr, void *arg), void *arg)
{
	struct nlmsghdr *hdr = nlmsg_hdr(msg);
	struct nlattr *attr;
	int rem, err;

	if (!genlmsg_valid_hdr(hdr, 0))
		return -EBADMSG;
	nla_for_each_attr(attr, genlmsg_attrdata(nlmsg_data(hdr), 0),
			  genlmsg_attrlen(nlmsg_data(hdr), 0), rem) {
		err = fn(attr, arg);
		if (err)
			return err;
	}
	return 0;
}

void dsec_nl_attr_strcpy(char *dst, size_t size, struct nlattr *attr)
{
	size_t len;

	dst[0] = '\0';
	if (!attr)
		return;
	len = strnlen(nla_data(attr), (size_t)nla_len(attr));
	if (len >= size)
		len = size - 1;
	memcpy(dst, nla_data(attr), len);
	dst[len] = '\0';
}

static void set_flag(struct nl_sock *sock, int option)
{
	int one = 1;

	/* Old kernels lack these options; requests still work without. */
	setsockopt(nl_socket_get_fd(sock), SOL_NETLINK, option, &one,
		   sizeof(one));
}

int dsec_nl_open(struct dsec_nl **ret_nl, unsigned int *ret_version)
{
	struct genl_family *family;
	struct nl_cache *cache;
	struct dsec_nl *nl;
	int err;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->sock = nl_socket_alloc();
	if (!nl->sock) {
		free(nl);
		return -ENOMEM;
	}
	err = genl_connect(nl->sock);
	if (err < 0)
		goto fail;
	set_flag(nl->sock, NETLINK_EXT_ACK);
	set_flag(nl->sock, NETLINK_CAP_ACK);
	nl_socket_enable_msg_peek(nl->sock);

	err = genl_ctrl_alloc_cache(nl->sock, &cache);
	if (err < 0)
		goto fail;
	family = genl_ctrl_search_by_name(cache, DSEC_GENL_NAME);
	if (!family) {
		nl_cache_free(cache);
		err = -NLE_OBJ_NOTFOUND;
		goto fail;
	}
	nl->family = genl_family_get_id(family);
	if (ret_version)
		*ret_version = genl_family_get_version(family);
	if (genl_family_get_version(family) != DSEC_GENL_VERSION) {
		genl_family_put(family);
		nl_cache_free(cache);
		nl_socket_free(nl->sock);
		free(nl);
		return -EPROTONOSUPPORT;
	}
	genl_family_put(family);
	nl_cache_free(cache);
	*ret_nl = nl;
	return 0;

fail:
	nl_socket_free(nl->sock);
	free(nl);
	return dsec_nl_errno(err);
}

void dsec_nl_close(struct dsec_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sock);
	free(nl->recv_buf);
	free(nl);
}

int dsec_nl_family(const struct dsec_nl *nl)
{
	return nl->family;
}

int dsec_nl_fd(const struct dsec_nl *nl)
{
	return nl_socket_get_fd(nl->sock);
}

struct nl_msg *dsec_nl_msg_new(int family, uint8_t cmd, int flags,
			       size_t size)
{
	struct nl_msg *msg;

	msg = nlmsg_alloc_size(size + NLMSG_HDRLEN + GENL_HDRLEN);
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd,
			 DSEC_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Make the socket send buffer fit a message of len bytes. */
static int fit_sndbuf(struct dsec_nl *nl, size_t len)
{
	int fd = nl_socket_get_fd(nl->sock);
	int size, cur;
	socklen_t optlen = sizeof(cur);

	if (len > DSEC_POLICY_MAX_BYTES + 4096)
		return -EMSGSIZE;
	/* The kernel doubles the value and wants room for overhead. */
	size = (int)len + 65536;
	if (size <= nl->sndbuf)
		return 0;
	if (!getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &optlen) &&
	    cur / 2 > size) {
		nl->sndbuf = cur / 2;
		return 0;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) &&
	    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size)))
		return -errno;
	optlen = sizeof(cur);
	if (!getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &optlen) &&
	    (size_t)cur < len + 32)
		return -EMSGSIZE;	/* net.core.wmem_max caps SO_SNDBUF */
	nl->sndbuf = size;
	return 0;
}

struct request {
	dsec_nl_reply_fn fn;
	void *arg;
	struct dsec_nl_ack *ack;
	bool done;
	int error;		/* from the kernel or from fn */
};

/* Read the extended ACK TLVs that follow an error or done payload. */
static void parse_ack_tlvs(struct dsec_nl_ack *ack, struct nlattr *head,
			   int len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (len <= 0 || nla_parse(tb, NLMSGERR_ATTR_MAX, head, len, NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG] && nla_len(tb[NLMSGERR_ATTR_MSG]) > 0) {
		size_t n = (size_t)nla_len(tb[NLMSGERR_ATTR_MSG]);

		if (n >= sizeof(ack->message))
			n = sizeof(ack->message) - 1;
		memcpy(ack->message, nla_data(tb[NLMSGERR_ATTR_MSG]), n);
		ack->message[n] = '\0';
	}
	if (tb[NLMSGERR_ATTR_OFFS] &&
	    nla_len(tb[NLMSGERR_ATTR_OFFS]) >= (int)sizeof(uint32_t)) {
		ack->has_offset = true;
		ack->offset = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE] &&
	    nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) >= (int)sizeof(uint32_t)) {
		ack->has_missing = true;
		ack->missing_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	}
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *hdr = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct request *req = arg;
	size_t payload = sizeof(*e);

	req->error = e->error;
	req->done = true;
	if (req->ack) {
		req->ack->error = e->error;
		if (hdr->nlmsg_flags & NLM_F_ACK_TLVS) {
			if (!(hdr->nlmsg_flags & NLM_F_CAPPED))
				payload += e->msg.nlmsg_len - NLMSG_HDRLEN;
			payload = NLMSG_ALIGN(payload);
			if (payload < hdr->nlmsg_len - NLMSG_HDRLEN)
				parse_ack_tlvs(req->ack,
					       (struct nlattr *)((char *)e + payload),
					       (int)(hdr->nlmsg_len - NLMSG_HDRLEN - payload));
		}
	}
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;

	req->done = true;
	return NL_STOP;
}

/* NLMSG_DONE of a dump: its payload is the dump's error code. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *hdr = nlmsg_hdr(msg);
	struct request *req = arg;
	int error = 0;

	req->done = true;
	if (nlmsg_datalen(hdr) >= (int)sizeof(int))
		memcpy(&error, nlmsg_data(hdr), sizeof(int));
	if (error < 0) {
		req->error = error;
		if (req->ack) {
			req->ack->error = error;
			if (hdr->nlmsg_flags & NLM_F_ACK_TLVS)
				parse_ack_tlvs(req->ack,
					       (struct nlattr *)((char *)nlmsg_data(hdr) +
								 NLMSG_ALIGN(sizeof(int))),
					       nlmsg_datalen(hdr) -
					       (int)NLMSG_ALIGN(sizeof(int)));
		}
	}
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;
	int err;

	if (!req->fn)
		return NL_OK;
	err = req->fn(msg, req->arg);
	if (err) {
		req->error = err;
		req->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

int dsec_nl_request(struct dsec_nl *nl, struct nl_msg *msg,
		    dsec_nl_reply_fn fn, void *arg,
		    struct dsec_nl_ack *ret_ack)
{
	struct request req = { .fn = fn, .arg = arg, .ack = ret_ack };
	struct nl_cb *cb;
	int err;

	if (ret_ack)
		memset(ret_ack, 0, sizeof(*ret_ack));
	err = fit_sndbuf(nl, nlmsg_hdr(msg)->nlmsg_len);
	if (err)
		return err;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &req);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &req);

	err = nl_send_auto(nl->sock, msg);
	if (err < 0) {
		err = dsec_nl_errno(err);
		goto out;
	}
	err = 0;
	while (!req.done) {
		int ret = nl_recvmsgs(nl->sock, cb);

		if (req.done)
			break;
		if (ret < 0) {
			err = dsec_nl_errno(ret);
			break;
		}
	}
	if (!err)
		err = req.error;
out:
	nl_cb_put(cb);
	return err;
}

int dsec_nl_subscribe(struct dsec_nl *nl, const char *group)
{
	int fd = nl_socket_get_fd(nl->sock);
	int id, size = DSEC_NL_RCVBUF;
	int err;

	id = genl_ctrl_resolve_grp(nl->sock, DSEC_GENL_NAME, group);
	if (id < 0)
		return dsec_nl_errno(id);
	err = nl_socket_add_membership(nl->sock, id);
	if (err < 0)
		return dsec_nl_errno(err);
	nl_socket_disable_seq_check(nl->sock);

	/* A larger buffer is a nicety; without it bursts drop earlier. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	err = nl_socket_set_nonblocking(nl->sock);
	return err < 0 ? dsec_nl_errno(err) : 0;
}

int dsec_nl_receive(struct dsec_nl *nl, dsec_nl_reply_fn fn, void *arg)
{
	int fd = nl_socket_get_fd(nl->sock);
	struct nlmsghdr *hdr;
	ssize_t n;
	int len, err;

	if (!nl->recv_buf) {
		nl->recv_buf = malloc(DSEC_NL_RECV_SIZE);
		if (!nl->recv_buf)
			return -ENOMEM;
	}
	do
		n = recv(fd, nl->recv_buf, DSEC_NL_RECV_SIZE, MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;

	len = (int)n;
	for (hdr = (struct nlmsghdr *)nl->recv_buf; nlmsg_ok(hdr, len);
	     hdr = nlmsg_next(hdr, &len)) {
		struct nl_msg *msg;

		if (hdr->nlmsg_type != nl->family)
			continue;
		msg = nlmsg_convert(hdr);
		if (!msg)
			return -ENOMEM;
		err = fn(msg, arg);
		nlmsg_free(msg);
		if (err)
			return err;
	}
	return 0;
}
