// SPDX-License-Identifier: GPL-2.0
/*
 * Image configuration checks. Each check has a stable id (DSEC-CFG-...)
 * that reports, policies and suppressions refer to; docs/scan.md lists
 * them. The checks read scan->config only, so a root file system
 * directory, which has no configuration, gets none of them.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "scan/analyzers.h"
#include "scan/secrets.h"

/* Characters of a history step quoted in the evidence. */
#define STEP_EVIDENCE_MAX	160

static int add(struct dsec_scan *scan, enum dsec_severity severity,
	       const char *id, const char *title, const char *detail,
	       const char *evidence, const char *layer_digest)
{
	struct dsec_finding finding = {
		.class = DSEC_FINDING_MISCONFIG,
		.severity = severity,
		.id = id,
		.title = title,
		.detail = detail,
		.layer_digest = layer_digest,
		.evidence = evidence,
		.package = -1,
	};

	return dsec_scan_add_finding(scan, &finding);
}

/* A user of "root", "0", or either with any group, runs as uid 0. */
static bool is_root_user(const char *user)
{
	size_t n;

	if (!user || !*user)
		return true;
	n = strcspn(user, ":");
	return (n == 4 && !strncmp(user, "root", 4)) ||
	       (n == 1 && user[0] == '0');
}

static int check_user(struct dsec_scan *scan)
{
	const char *user = scan->config.user;
	char evidence[96];

	if (!is_root_user(user))
		return 0;
	snprintf(evidence, sizeof(evidence), "User: \"%.64s\"", user ? user : "");
	return add(scan, DSEC_SEV_HIGH, "DSEC-CFG-ROOT-USER",
		   "Image runs as root",
		   "The configuration sets no User, or sets root, so the container's "
		   "processes run as uid 0 unless the runtime overrides it. Add a "
		   "USER instruction with an unprivileged user.", evidence, NULL);
}

static int check_ports(struct dsec_scan *scan)
{
	char **port;

	for (port = scan->config.exposed_ports; port && *port; port++) {
		if (strcmp(*port, "22") && strcmp(*port, "22/tcp"))
			continue;
		return add(scan, DSEC_SEV_MEDIUM, "DSEC-CFG-SSH-PORT",
			   "Image exposes the SSH port 22",
			   "Running an SSH server in a container widens its attack "
			   "surface; use `docker exec` or `kubectl exec` instead.",
			   *port, NULL);
	}
	return 0;
}

struct env_ctx {
	struct dsec_scan *scan;
	const char *entry;
	int err;
};

static int add_env_secret(void *ctx, const struct dsec_secret_match *match)
{
	struct env_ctx *ec = ctx;
	char title[128], evidence[DSEC_SECRET_EVIDENCE_MAX + 80];
	int name_len = (int)strcspn(ec->entry, "=");

	if (name_len > 64)
		name_len = 64;
	snprintf(title, sizeof(title), "%s in environment variable %.*s",
		 match->title, name_len, ec->entry);
	snprintf(evidence, sizeof(evidence), "%.*s=%s", name_len, ec->entry,
		 match->evidence);
	return add(ec->scan, match->severity > DSEC_SEV_HIGH ? match->severity : DSEC_SEV_HIGH,
		   "DSEC-CFG-ENV-SECRET", title,
		   "Environment variables of the image configuration are readable by "
		   "anyone who can pull the image and by every process in the "
		   "container. Pass secrets at run time or mount them as files.",
		   evidence, NULL);
}

static int check_env(struct dsec_scan *scan)
{
	char **entry;
	int r;

	for (entry = scan->config.env; entry && *entry; entry++) {
		struct env_ctx ctx = { .scan = scan, .entry = *entry };

		r = dsec_secrets_scan_env(*entry, add_env_secret, &ctx);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * The runc escape CVE-2024-21626: runc before 1.1.12 leaked a directory
 * file descriptor of the host into the container, so a working directory
 * of /proc/self/fd/N starts the process in the host's file system.
 */
static bool is_proc_fd_path(const char *dir)
{
	char norm[256];
	size_t i = 0, o = 0;
	const char *rest;

	/* Collapse "//" and "/./" so that spelled-out variants match too. */
	while (dir[i] && o < sizeof(norm) - 1) {
		if (dir[i] == '/' && (dir[i + 1] == '/' ||
				      (dir[i + 1] == '.' && (dir[i + 2] == '/' || !dir[i + 2])))) {
			i += dir[i + 1] == '/' ? 1 : 2;
			continue;
		}
		norm[o++] = dir[i++];
	}
	norm[o] = '\0';

	if (strncmp(norm, "/proc/", 6))
		return false;
	rest = norm + 6;
	if (!strncmp(rest, "self/", 5))
		rest += 5;
	else if (!strncmp(rest, "thread-self/", 12))
		rest += 12;
	else if (isdigit((unsigned char)*rest))
		rest += strspn(rest, "0123456789/task");
	else
		return false;
	return !strncmp(rest, "fd/", 3) || !strcmp(rest, "fd");
}

static int check_workdir(struct dsec_scan *scan)
{
	const char *dir = scan->config.workdir;
	char evidence[128];

	if (!dir || !is_proc_fd_path(dir))
		return 0;
	snprintf(evidence, sizeof(evidence), "WorkingDir: \"%.100s\"", dir);
	return add(scan, DSEC_SEV_CRITICAL, "DSEC-CFG-WORKDIR-PROC-FD",
		   "Working directory under /proc/self/fd (runc escape CVE-2024-21626)",
		   "runc before 1.1.12 leaks a host directory descriptor into the "
		   "container; a working directory of /proc/self/fd/N starts the "
		   "process on the host's file system. Upgrade runc and reject "
		   "this image.", evidence, NULL);
}

static bool word_at(const char *s, const char *start, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(start, word, n))
		return false;
	if (start > s && (isalnum((unsigned char)start[-1]) || start[-1] == '_' ||
			  start[-1] == '-'))
		return false;
	return !isalnum((unsigned char)start[n]) && start[n] != '_' && start[n] != '-';
}

/* The command after a '|': "sh", "bash", "sudo -E bash", "/bin/sh -s" ... */
static bool pipes_into_shell(const char *p)
{
	static const char *const shells[] = {
		"sh", "bash", "dash", "ash", "zsh", "ksh", "python", "python3",
		"perl", "ruby",
	};
	const char *cmd;
	size_t i;

	p += strspn(p, " \t");
	if (!strncmp(p, "sudo", 4) && (p[4] == ' ' || p[4] == '\t')) {
		p += 4;
		p += strspn(p, " \t");
		while (*p == '-') {
			p += strcspn(p, " \t");
			p += strspn(p, " \t");
		}
	}
	if (!strncmp(p, "env ", 4))
		p += 4 + strspn(p + 4, " \t");
	cmd = p;
	/* /bin/sh, /usr/bin/env bash: look at the last path component. */
	while (*p && !strchr(" \t;&|)", *p)) {
		if (*p == '/')
			cmd = p + 1;
		p++;
	}
	for (i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
		if ((size_t)(p - cmd) == strlen(shells[i]) &&
		    !strncmp(cmd, shells[i], strlen(shells[i])))
			return true;
	return false;
}

/* "curl ... | sh" or "wget -O- ... | bash" in one command of a step. */
static bool is_download_piped_to_shell(const char *step)
{
	const char *p, *end;

	for (p = step; *p; p++) {
		if (!word_at(step, p, "curl") && !word_at(step, p, "wget"))
			continue;
		/* The pipe must come before the command ends with ; && or ||. */
		for (end = p + 4; *end && *end != ';'; end++) {
			if (end[0] == '&' && end[1] == '&')
				break;
			if (end[0] == '|' && end[1] == '|') {
				end++;
				continue;
			}
			if (end[0] == '|' && pipes_into_shell(end + 1))
				return true;
		}
	}
	return false;
}

/* "ADD https://..." in a history step, with or without "#(nop)". */
static bool is_remote_add(const char *step)
{
	const char *p = strstr(step, "#(nop) ");

	p = p ? p + 7 : step;
	p += strspn(p, " \t");
	if (strncmp(p, "ADD ", 4))
		return false;
	p += 4;
	while (*p == ' ' || *p == '-') {
		if (*p == '-')
			p += strcspn(p, " ");
		p += strspn(p, " ");
	}
	return !strncmp(p, "http://", 7) || !strncmp(p, "https://", 8);
}

static void quote_step(const char *step, char *buf, size_t size)
{
	size_t i, n = strlen(step);

	snprintf(buf, size, "%.*s%s", STEP_EVIDENCE_MAX, step,
		 n > STEP_EVIDENCE_MAX ? "..." : "");
	for (i = 0; buf[i]; i++)
		if (!isprint((unsigned char)buf[i]))
			buf[i] = ' ';
}

static int check_history(struct dsec_scan *scan)
{
	const struct dsec_image_config *config = &scan->config;
	char evidence[STEP_EVIDENCE_MAX + 8];
	size_t i, layer = 0;
	int r;

	for (i = 0; i < config->n_history; i++) {
		const struct dsec_history_step *step = &config->history[i];
		const char *digest = NULL;

		/* Steps that made a layer map to the layers in order. */
		if (!step->empty_layer) {
			if (layer < scan->n_layers)
				digest = scan->layers[layer].digest;
			layer++;
		}
		if (!step->created_by)
			continue;
		quote_step(step->created_by, evidence, sizeof(evidence));
		if (is_download_piped_to_shell(step->created_by)) {
			r = add(scan, DSEC_SEV_MEDIUM, "DSEC-CFG-CURL-PIPE-SHELL",
				"Build step pipes a download into a shell",
				"The step runs whatever the server returned at build time, "
				"unverified. Download to a file, check its digest or "
				"signature, then run it.", evidence, digest);
			if (r < 0)
				return r;
		}
		if (is_remote_add(step->created_by)) {
			r = add(scan, DSEC_SEV_MEDIUM, "DSEC-CFG-ADD-REMOTE-URL",
				"Build step ADDs a remote URL",
				"ADD fetches the URL at build time without verifying it. "
				"Use ADD --checksum=sha256:... or download and verify in "
				"a RUN step.", evidence, digest);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

static int check_healthcheck(struct dsec_scan *scan)
{
	if (scan->config.has_healthcheck)
		return 0;
	return add(scan, DSEC_SEV_INFO, "DSEC-CFG-NO-HEALTHCHECK",
		   "Image defines no HEALTHCHECK",
		   "Without a health check the runtime only sees whether the "
		   "process is alive, not whether it works.", NULL, NULL);
}

int dsec_config_check(struct dsec_scan *scan)
{
	int (*const checks[])(struct dsec_scan *) = {
		check_user, check_ports, check_env, check_workdir,
		check_history, check_healthcheck,
	};
	size_t i;
	int r;

	if (scan->opts.skip_misconfig)
		return 0;
	/* A root file system directory has no image configuration. */
	if (scan->format && !strcmp(scan->format, "rootfs"))
		return 0;
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		r = checks[i](scan);
		if (r < 0)
			return r;
	}
	return 0;
}
