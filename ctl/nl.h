/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The netlink layer of dsecctl: one generic netlink socket bound to the
 * "dsec" family, requests with extended ACKs, and the alerts multicast
 * group. Functions return 0 or -errno and print nothing.
 */
#ifndef DSEC_CTL_NL_H
#define DSEC_CTL_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/msg.h>

struct dsec_nl;

/* What the kernel returned for one request. */
struct dsec_nl_ack {
	int error;		/* 0 or -errno */
	char message[256];	/* extack message; empty when none */
	bool has_offset;
	uint32_t offset;	/* bad attribute, bytes from the request start */
	bool has_missing;
	uint32_t missing_type;	/* type of a missing required attribute */
};

/*
 * Called for every reply message of a request, or every multicast
 * message. Returns 0 to go on or -errno to stop.
 */
typedef int (*dsec_nl_reply_fn)(struct nl_msg *msg, void *arg);

/*
 * Open a socket and resolve the family. Returns -ENOENT when the family
 * is not registered (dsec.ko is not loaded) and -EPROTONOSUPPORT when
 * the module speaks another DSEC_GENL_VERSION; *ret_version is then the
 * module's version.
 */
int dsec_nl_open(struct dsec_nl **ret_nl, unsigned int *ret_version);
void dsec_nl_close(struct dsec_nl *nl);

/*
 * Allocate a request for cmd with room for size bytes of attributes.
 * family is the generic netlink family id; dsec_nl_family() returns it
 * for an open socket, and tests that only build messages may pass 0.
 */
struct nl_msg *dsec_nl_msg_new(int family, uint8_t cmd, int flags,
			       size_t size);
int dsec_nl_family(const struct dsec_nl *nl);

/*
 * Send a request and read every reply until its ACK or, for a dump,
 * NLMSG_DONE. Raises the socket send buffer for large requests. Returns
 * 0, the kernel's -errno (details in *ret_ack when not NULL), an error
 * from fn, or a local -errno.
 */
int dsec_nl_request(struct dsec_nl *nl, struct nl_msg *msg,
		    dsec_nl_reply_fn fn, void *arg,
		    struct dsec_nl_ack *ret_ack);

/* Join a multicast group of the family, e.g. DSEC_MCGRP_ALERTS. */
int dsec_nl_subscribe(struct dsec_nl *nl, const char *group);

/* File descriptor to poll for multicast messages. */
int dsec_nl_fd(const struct dsec_nl *nl);

/*
 * Read the multicast messages that are queued, without blocking, and
 * pass each to fn. Returns 0, -EAGAIN when nothing was queued, -ENOBUFS
 * when the kernel dropped messages because the receive buffer was full
 * (the socket stays usable), or another -errno.
 */
int dsec_nl_receive(struct dsec_nl *nl, dsec_nl_reply_fn fn, void *arg);

/* Convert a libnl error (NLE_*, negative) to -errno. */
int dsec_nl_errno(int nle);

/*
 * Call fn on each top-level attribute of a generic netlink message, in
 * order. Stops at the first non-zero return of fn and returns it. Returns
 * -EBADMSG when the message is too short for its generic netlink header.
 */
int dsec_nl_for_each_attr(struct nl_msg *msg,
			  int (*fn)(struct nlattr *attr, void *arg), void *arg);

/*
 * Copy a string attribute into dst, cut to size - 1 bytes and always
 * NUL-terminated. An absent attribute (NULL) gives an empty string.
 */
void dsec_nl_attr_strcpy(char *dst, size_t size, struct nlattr *attr);

#endif /* DSEC_CTL_NL_H */
