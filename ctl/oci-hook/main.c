// SPDX-License-Identifier: GPL-2.0
/*
 * dsec-oci-hook [--config FILE] [--policy-dir DIR] STAGE
 *
 * STAGE is createRuntime (or prestart, or create) to attach the
 * container's policy, or poststop to remove it. The OCI state arrives on
 * stdin. Exit status 0 lets the runtime go on; anything else makes it
 * fail the container start, which is what happens whenever a policy
 * cannot be attached unless on-error: allow is configured.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/oci-hook/hook.h"

static const char progname[] = "dsec-oci-hook";

/* Write one line to the kernel log; level is a syslog priority. */
static void kmsg(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void kmsg(int level, const char *fmt, ...)
{
	char line[HOOK_ERR_SIZE + 128];
	va_list ap;
	int fd, n;

	n = snprintf(line, sizeof(line) - 1, "<%d>%s: ", level, progname);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - 1 - n, fmt, ap);
	va_end(ap);
	/*
	 * The kernel keeps a record without a trailing newline open for a
	 * continuation, and dmesg shows it only once the next record
	 * arrives.
	 */
	strcat(line, "\n");
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	/* Best effort: the same line also goes to stderr. */
	if (write(fd, line, strlen(line)) < 0)
		n = 0;
	close(fd);
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [--config FILE] [--policy-dir DIR] STAGE\n"
		"Bind a dsec policy to an OCI container; the OCI state is read from stdin.\n\n"
		"Stages:\n"
		"  createRuntime, prestart  load policy oci-<id> for the container's cgroup\n"
		"  poststop                 remove it\n\n"
		"Options:\n"
		"  --config FILE      hook settings (default " HOOK_CONFIG_PATH ")\n"
		"  --policy-dir DIR   policy files (default " HOOK_POLICY_DIR ")\n",
		progname);
}

static int attach(const struct hook_config *cfg, struct hook_container *c,
		  char *err)
{
	struct dsec_policy *policy = NULL;
	struct dsec_diags *diags = NULL;
	char name[DSEC_NAME_MAX], *source = NULL, *cgroup = NULL;
	uint64_t cgroup_id;
	int ret;

	ret = hook_read_bundle(c, err);
	if (ret)
		return ret;
	ret = hook_policy_name(c->id, name, sizeof(name), err);
	if (ret)
		return ret;
	ret = hook_select_policy(cfg, c, &policy, &source, err);
	if (ret)
		return ret;
	if (!policy->n_scopes) {
		hook_err(err,
			 "policy '%s' in '%s' has no scopes, so it would protect nothing",
			 policy->name, source);
		ret = -EINVAL;
		goto out;
	}
	ret = hook_cgroup_of_pid(c->pid, "/proc", &cgroup, err);
	if (ret)
		goto out;
	ret = hook_cgroup_id(cfg, cgroup, &cgroup_id, err);
	if (ret)
		goto out;
	ret = hook_bind_policy(policy, name, cgroup_id);
	if (ret)
		goto out;

	diags = calloc(1, sizeof(*diags));
	ret = diags ? dsec_policy_validate(policy, diags) : -ENOMEM;
	if (ret == -EINVAL) {
		hook_err(err, "policy from '%s' is invalid once bound: %s",
			 source, diags->n ? diags->items[0].message : "");
		goto out;
	}
	if (ret)
		goto out;

	ret = hook_load_policy(policy, err);
	if (ret)
		goto out;
	fprintf(stderr, "%s: container %s: loaded policy %s from %s for cgroup %s (id %llu)\n",
		progname, c->id, name, source, cgroup,
		(unsigned long long)cgroup_id);
	kmsg(6, "container %s: loaded policy %s from %s for cgroup %s (id %llu)",
	     c->id, name, source, cgroup, (unsigned long long)cgroup_id);
out:
	if (ret == -ENOMEM && !err[0])
		hook_err(err, "out of memory");
	free(diags);
	free(cgroup);
	free(source);
	dsec_policy_free(policy);
	return ret;
}

static int detach(struct hook_container *c, char *err)
{
	char name[DSEC_NAME_MAX];
	int ret;

	ret = hook_policy_name(c->id, name, sizeof(name), err);
	if (ret)
		return ret;
	ret = hook_remove_policy(name, err);
	/* Nothing to remove: the policy or the module is already gone. */
	if (ret == -ENOENT)
		return 0;
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "policy-dir", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct hook_config cfg = { 0 };
	struct hook_container c = { 0 };
	const char *config_path = HOOK_CONFIG_PATH, *stage;
	char *policy_dir = NULL, err[HOOK_ERR_SIZE] = "";
	bool explicit_config = false, create;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config_path = optarg;
			explicit_config = true;
			break;
		case 'p':
			policy_dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	stage = argv[optind];
	if (!strcmp(stage, "createRuntime") || !strcmp(stage, "prestart") ||
	    !strcmp(stage, "create")) {
		create = true;
	} else if (!strcmp(stage, "poststop")) {
		create = false;
	} else {
		fprintf(stderr, "%s: unknown stage '%s'; expected createRuntime, prestart or poststop\n",
			progname, stage);
		return 2;
	}

	ret = hook_config_load(config_path, explicit_config, &cfg, err);
	if (!ret && policy_dir) {
		free(cfg.policy_dir);
		cfg.policy_dir = strdup(policy_dir);
		ret = cfg.policy_dir ? 0 : -ENOMEM;
	}
	if (!ret)
		ret = hook_read_state(STDIN_FILENO, create, &c, err);
	if (!ret)
		ret = create ? attach(&cfg, &c, err) : detach(&c, err);

	if (ret && create && cfg.fail_open) {
		/* on-error: allow: start unprotected, but never silently. */
		fprintf(stderr, "%s: ALERT: container %s starts WITHOUT a dsec policy (on-error: allow): %s\n",
			progname, c.id ? c.id : "(unknown)", err);
		kmsg(4, "ALERT: container %s starts without a dsec policy (on-error: allow): %s",
		     c.id ? c.id : "(unknown)", err);
		ret = 0;
	} else if (ret) {
		fprintf(stderr, "%s: %s%s%s: %s\n", progname,
			create ? "refusing to start container " : "container ",
			c.id ? c.id : "(unknown)",
			create ? "" : " policy removal failed", err);
		if (create)
			kmsg(4, "refused to start container %s: %s",
			     c.id ? c.id : "(unknown)", err);
	}

	hook_container_free(&c);
	hook_config_free(&cfg);
	return ret ? 1 : 0;
}
