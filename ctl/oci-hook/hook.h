/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dsec-oci-hook: binds a dsec policy to one container. runc, crun and
 * Podman run it as a createRuntime (or prestart) hook with the OCI state
 * on stdin, after the container's cgroup exists and before its first
 * process runs; it loads policy "oci-<container id>" with an id selector
 * for that cgroup. As a poststop hook it removes the policy again.
 *
 * Functions return 0 or -errno and put a message for the user into
 * their err buffer; only main.c prints.
 */
#ifndef DSEC_OCI_HOOK_H
#define DSEC_OCI_HOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctl/policy.h"

#define HOOK_CONFIG_PATH	"/etc/dsec/oci-hook.yaml"
#define HOOK_POLICY_DIR		"/etc/dsec/policies.d"
#define HOOK_CGROUP_ROOT	"/sys/fs/cgroup"

/* Annotation that names a policy (by policy name) for one container. */
#define HOOK_ANNOTATION_POLICY	"dsec.policy"

/* Largest OCI state (stdin) and bundle config.json read. */
#define HOOK_STATE_MAX		(1 << 20)
#define HOOK_CONFIG_JSON_MAX	(16 << 20)

#define HOOK_ERR_SIZE		1024

struct hook_config {
	char *path;		/* the settings file, even when absent */
	char *policy_dir;
	char *cgroup_root;
	bool fail_open;		/* on-error: allow */
};

/* The container as the OCI state and its bundle describe it. */
struct hook_container {
	char *id;
	pid_t pid;
	char *bundle;
	char *image_name;	/* NULL when no annotation names it */
	char *image_digest;	/* "sha256:...", or NULL */
	char *policy_request;	/* dsec.policy annotation, or NULL */
	char *manager;		/* io.container.manager, or NULL */
};

/* Format a message for the user into err (HOOK_ERR_SIZE bytes). */
void hook_err(char *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* config.c */
int hook_config_load(const char *path, bool must_exist,
		     struct hook_config *cfg, char *err);
void hook_config_free(struct hook_config *cfg);

/* oci.c */
/* need_pid: the createRuntime state has the pid; poststop may not. */
int hook_read_state(int fd, bool need_pid, struct hook_container *c,
		    char *err);
int hook_read_bundle(struct hook_container *c, char *err);
void hook_container_free(struct hook_container *c);
int hook_policy_name(const char *container_id, char *buf, size_t size,
		     char *err);

/* cgroup.c */
int hook_cgroup_of_pid(pid_t pid, const char *proc_root, char **ret_path,
		       char *err);
/* Find the id of cgroup path below cfg->cgroup_root, a cgroup2 mount. */
int hook_cgroup_id(const struct hook_config *cfg, const char *path,
		   uint64_t *ret_id, char *err);

/* select.c */

/*
 * Pick the policy for a container from the policy directory: the one the
 * dsec.policy annotation names, else the most specific `images:` match
 * (digest, then exact name, then the longest glob, then "*"); files are
 * read in name order and the first of equal matches wins. *ret_source
 * is the file it came from.
 */
int hook_select_policy(const struct hook_config *cfg,
		       const struct hook_container *c,
		       struct dsec_policy **ret_policy, char **ret_source,
		       char *err);

/* Replace every selector of every scope by an id selector. */
int hook_bind_policy(struct dsec_policy *policy, const char *name,
		     uint64_t cgroup_id);

/* load.c */
int hook_load_policy(const struct dsec_policy *policy, char *err);
int hook_remove_policy(const char *name, char *err);

#endif /* DSEC_OCI_HOOK_H */
