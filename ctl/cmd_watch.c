// SPDX-License-Identifier: GPL-2.0
/*
 * dsecctl watch [--json] [--count N] [--timeout SEC]: print alerts from
 * the "alerts" multicast group as they arrive, one line each.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <netlink/genl/genl.h>

#include "ctl/alert.h"
#include "ctl/dsecctl.h"
#include "ctl/nl.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s watch [--json] [--count N] [--timeout SEC] [--quiet]\n"
		"Print dsec alerts as they happen, one line each, until SIGINT or\n"
		"SIGTERM.\n\n"
		"  -j, --json         one JSON object per line instead of key=value\n"
		"  -c, --count N      exit after N alerts\n"
		"  -t, --timeout SEC  exit after SEC seconds; with --count, exit 1\n"
		"                     if fewer than N alerts arrived by then\n"
		"  -q, --quiet        do not print the 'watching' notice to stderr\n",
		dsec_progname);
}

struct watch {
	bool json;
	unsigned long long count;	/* 0: no limit */
	unsigned long long seen;
};

static int on_alert(struct nl_msg *msg, void *arg)
{
	struct watch *w = arg;
	struct dsec_alert alert;

	if (genlmsg_hdr(nlmsg_hdr(msg))->cmd != DSEC_CMD_ALERT)
		return 0;
	if (dsec_alert_parse(msg, &alert)) {
		dsec_error("watch: skipped a malformed alert message");
		return 0;
	}
	if (w->count && w->seen >= w->count)
		return 0;
	if (w->json) {
		if (dsec_alert_print_json(&alert, stdout))
			return -ENOMEM;
	} else {
		dsec_alert_print_text(&alert, stdout);
	}
	w->seen++;
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int watch_loop(struct dsec_nl *nl, struct watch *w,
		      unsigned long long timeout)
{
	int64_t deadline = timeout ? now_ms() + (int64_t)timeout * 1000 : 0;
	struct pollfd pfd = { .fd = dsec_nl_fd(nl), .events = POLLIN };
	sigset_t empty;
	int err;

	sigemptyset(&empty);
	while (!stop_signal && (!w->count || w->seen < w->count)) {
		struct timespec ts, *tsp = NULL;
		int ready;

		if (deadline) {
			int64_t left = deadline - now_ms();

			if (left <= 0)
				break;
			ts.tv_sec = left / 1000;
			ts.tv_nsec = (left % 1000) * 1000000;
			tsp = &ts;
		}
		/* Signals are blocked except inside ppoll, so none is lost. */
		ready = ppoll(&pfd, 1, tsp, &empty);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0)
			return -errno;
		if (!ready)
			continue;

		do {
			err = dsec_nl_receive(nl, on_alert, w);
			if (err == -ENOBUFS)
				dsec_error("watch: alerts were lost because the socket receive buffer overflowed");
		} while ((!err || err == -ENOBUFS) &&
			 (!w->count || w->seen < w->count));
		if (err && err != -EAGAIN && err != -ENOBUFS)
			return err;
	}
	return 0;
}

int cmd_watch(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "count", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct watch w = { 0 };
	unsigned long long timeout = 0;
	struct sigaction sa = { .sa_handler = on_signal };
	struct dsec_nl *nl;
	sigset_t block;
	bool quiet = false;
	int c, err;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jc:t:qh", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			w.json = true;
			break;
		case 'c':
			if (!dsec_parse_count(optarg, UINT32_MAX, &w.count) ||
			    !w.count) {
				dsec_error("watch: invalid --count '%s'; expected a number of alerts from 1 to %u",
					   optarg, UINT32_MAX);
				return DSEC_EXIT_USAGE;
			}
			break;
		case 't':
			if (!dsec_parse_count(optarg, 86400 * 365, &timeout) ||
			    !timeout) {
				dsec_error("watch: invalid --timeout '%s'; expected whole seconds from 1 to 31536000",
					   optarg);
				return DSEC_EXIT_USAGE;
			}
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage(stdout);
			return DSEC_EXIT_OK;
		default:
			usage(stderr);
			return DSEC_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		dsec_error("watch: unexpected argument '%s'", argv[optind]);
		return DSEC_EXIT_USAGE;
	}

	setvbuf(stdout, NULL, _IOLBF, 0);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (!dsec_connect(&nl))
		return DSEC_EXIT_FAILURE;
	err = dsec_nl_subscribe(nl, DSEC_MCGRP_ALERTS);
	if (err) {
		dsec_report_request("joining the '" DSEC_MCGRP_ALERTS "' multicast group",
				    err, NULL);
		dsec_nl_close(nl);
		return DSEC_EXIT_FAILURE;
	}
	/* Scripts wait for this line before they trigger alerts. */
	if (!quiet)
		dsec_error("watching dsec alerts");

	err = watch_loop(nl, &w, timeout);
	dsec_nl_close(nl);
	if (err) {
		dsec_error("watch: receiving alerts failed: %s", strerror(-err));
		return DSEC_EXIT_FAILURE;
	}
	if (w.count && w.seen < w.count && !stop_signal) {
		dsec_error("watch: timed out after %llu s with %llu of %llu alerts",
			   timeout, w.seen, w.count);
		return DSEC_EXIT_FAILURE;
	}
	return DSEC_EXIT_OK;
}
