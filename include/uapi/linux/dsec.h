/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * dsec generic netlink interface, shared by dsec.ko and dsecctl.
 *
 * The family "dsec" lives in the initial network namespace only. Every
 * command needs CAP_NET_ADMIN in the initial user namespace and is
 * rejected when the caller itself runs inside a container scope.
 *
 * Policy model: the kernel holds a set of named policies. Each policy has
 * scopes (which cgroups it covers, which escape guards are on) and rules
 * (per hook, a path pattern and an action). A cgroup matches at most one
 * scope per policy (the first in policy order), and every loaded policy
 * applies: the strictest verdict of all matching scopes wins, so a
 * per-container policy can add restrictions to a baseline but never lift
 * them. Within one scope, escape guards are evaluated before rules and
 * rules cannot override a guard; among rules an exact path beats a
 * pattern, and patterns are tried in policy order. When no rule matches,
 * the scope's default action for that hook applies (allow unless set).
 *
 * Loading a policy whose name is already loaded replaces it atomically.
 * Large policies travel as one message: the scope and rule nests are
 * repeated top-level attributes, so no single nest exceeds 64 KiB, and
 * the sender raises its socket send buffer for messages above the
 * default size. The kernel rejects messages above DSEC_POLICY_MAX_BYTES.
 *
 * The version is raised on every incompatible change; new attributes and
 * commands may be added without a version change, and the kernel rejects
 * attributes it does not know (strict validation).
 */
#ifndef _UAPI_LINUX_DSEC_H
#define _UAPI_LINUX_DSEC_H

#include <linux/types.h>

#define DSEC_GENL_NAME		"dsec"
#define DSEC_GENL_VERSION	1
#define DSEC_MCGRP_ALERTS	"alerts"

/* Limits enforced by the kernel on every loaded policy. */
#define DSEC_NAME_MAX		128	/* policy, scope and rule names, with NUL */
#define DSEC_PATTERN_MAX	1024	/* rule paths and patterns, with NUL */
#define DSEC_FSTYPE_MAX		32	/* file system type names, with NUL */
#define DSEC_MAX_POLICIES	1024	/* named policies loaded at once */
#define DSEC_MAX_SCOPES		256	/* scopes in one policy */
#define DSEC_MAX_SELECTORS	64	/* selectors in one scope */
#define DSEC_MAX_FSTYPES	32	/* allowed mount types in one scope */
#define DSEC_MAX_WRITABLE	256	/* writable paths in one scope */
#define DSEC_MAX_RULES		65536	/* rules in one policy */
#define DSEC_POLICY_MAX_BYTES	(16 << 20)	/* one POLICY_LOAD message */

enum dsec_cmd {
	DSEC_CMD_UNSPEC,
	/* Reply: DSEC_A_STATUS, DSEC_A_HOOK (one per hook), DSEC_A_PROBE
	 * (one per kprobe) and DSEC_A_POLICY (one summary per policy).
	 */
	DSEC_CMD_GET_STATUS,
	/* Request: DSEC_A_POLICY, then DSEC_A_SCOPE and DSEC_A_RULE nests. */
	DSEC_CMD_POLICY_LOAD,
	/* Request: DSEC_A_POLICY with DSEC_POLICY_A_NAME. */
	DSEC_CMD_POLICY_REMOVE,
	/* Dump: per policy, the attributes of POLICY_LOAD, split across
	 * messages as needed. An optional DSEC_A_POLICY with a name selects
	 * one policy.
	 */
	DSEC_CMD_POLICY_GET,
	/* Refuse module unload until DSEC_CMD_UNLOCK. */
	DSEC_CMD_LOCK,
	DSEC_CMD_UNLOCK,
	/* Multicast on DSEC_MCGRP_ALERTS: one DSEC_A_ALERT per message. */
	DSEC_CMD_ALERT,
	__DSEC_CMD_MAX,
};
#define DSEC_CMD_MAX (__DSEC_CMD_MAX - 1)

/* Top-level attributes. */
enum dsec_attr {
	DSEC_A_UNSPEC,
	DSEC_A_POLICY,		/* nest, enum dsec_policy_attr */
	DSEC_A_SCOPE,		/* nest, enum dsec_scope_attr; repeated */
	DSEC_A_RULE,		/* nest, enum dsec_rule_attr; repeated */
	DSEC_A_STATUS,		/* nest, enum dsec_status_attr */
	DSEC_A_HOOK,		/* nest, enum dsec_hook_attr; repeated */
	DSEC_A_PROBE,		/* nest, enum dsec_probe_attr; repeated */
	DSEC_A_ALERT,		/* nest, enum dsec_alert_attr */
	__DSEC_A_MAX,
};
#define DSEC_A_MAX (__DSEC_A_MAX - 1)

/* Hooks: what a rule applies to, and what raised an alert. */
enum dsec_hook {
	DSEC_HOOK_EXEC,		/* bprm check, every interpreter level */
	DSEC_HOOK_MOUNT,	/* mount(2), fsmount/move_mount, new superblock */
	DSEC_HOOK_PTRACE,	/* ptrace, /proc/<pid>/mem, ns files, vm_readv */
	DSEC_HOOK_WRITE,	/* open for write/truncate/create, path changes */
	DSEC_HOOK_MODULE,	/* kernel module load */
	__DSEC_HOOK_MAX,
};
#define DSEC_HOOK_COUNT __DSEC_HOOK_MAX

enum dsec_action {
	DSEC_ACTION_ALLOW,
	DSEC_ACTION_AUDIT,	/* allow and raise an alert */
	DSEC_ACTION_DENY,	/* fail with EPERM and raise an alert */
	__DSEC_ACTION_MAX,
};

enum dsec_mode {
	DSEC_MODE_INHERIT,	/* rules and scopes: take the enclosing mode */
	DSEC_MODE_ENFORCE,
	DSEC_MODE_COMPLAIN,	/* a deny is reported and allowed */
	__DSEC_MODE_MAX,
};

/* Escape guards, switched on per scope. */
#define DSEC_GUARD_MOUNT	(1U << 0) /* mounts; see DSEC_SCOPE_A_FSTYPE */
#define DSEC_GUARD_PTRACE	(1U << 1) /* ptrace outside the container */
#define DSEC_GUARD_KERNEL_KNOBS	(1U << 2) /* /proc/sys, /sys, release_agent.. */
#define DSEC_GUARD_HOST_FILES	(1U << 3) /* files outside the container root */
#define DSEC_GUARD_READONLY_ROOT (1U << 4) /* see DSEC_SCOPE_A_WRITABLE */
#define DSEC_GUARD_MODULE_LOAD	(1U << 5)
#define DSEC_GUARD_SETUID_EXEC	(1U << 6) /* exec of setuid/setgid files */
#define DSEC_GUARD_ALL		((1U << 7) - 1)

/* Policy flags. */
#define DSEC_POLICY_F_LOCK	(1U << 0) /* lock the module when loaded */
#define DSEC_POLICY_F_ALL	((1U << 1) - 1)

/* Scope flags. */
#define DSEC_SCOPE_F_CGROUP_WRITABLE (1U << 0) /* own cgroup2 files writable */
#define DSEC_SCOPE_F_ALL	((1U << 1) - 1)

/* Rule flags. */
#define DSEC_RULE_F_SETUID	(1U << 0) /* exec: match setuid/setgid only */
#define DSEC_RULE_F_ALL		((1U << 1) - 1)

enum dsec_policy_attr {
	DSEC_POLICY_A_UNSPEC,
	DSEC_POLICY_A_PAD,
	DSEC_POLICY_A_NAME,		/* string, required */
	DSEC_POLICY_A_MODE,		/* u8, enum dsec_mode; INHERIT = ENFORCE */
	DSEC_POLICY_A_FLAGS,		/* u32, DSEC_POLICY_F_* */
	DSEC_POLICY_A_DIGEST,		/* binary, 32 bytes: SHA-256 of source */
	DSEC_POLICY_A_SOURCE,		/* string: file the policy came from */
	DSEC_POLICY_A_GENERATION,	/* u64, output: set at load */
	DSEC_POLICY_A_LOADED_NS,	/* u64, output: CLOCK_REALTIME at load */
	DSEC_POLICY_A_N_SCOPES,		/* u32, output */
	DSEC_POLICY_A_N_RULES,		/* u32, output */
	__DSEC_POLICY_A_MAX,
};
#define DSEC_POLICY_A_MAX (__DSEC_POLICY_A_MAX - 1)

enum dsec_selector_type {
	DSEC_SELECTOR_PREFIX,	/* cgroup path prefix, whole components */
	DSEC_SELECTOR_GLOB,	/* glob on the cgroup path; '*' stops at '/' */
	DSEC_SELECTOR_ID,	/* cgroup id (inode number of the directory) */
	__DSEC_SELECTOR_MAX,
};

enum dsec_selector_attr {
	DSEC_SELECTOR_A_UNSPEC,
	DSEC_SELECTOR_A_PAD,
	DSEC_SELECTOR_A_TYPE,		/* u8, enum dsec_selector_type */
	DSEC_SELECTOR_A_VALUE,		/* string: PREFIX and GLOB */
	DSEC_SELECTOR_A_ID,		/* u64: ID */
	__DSEC_SELECTOR_A_MAX,
};
#define DSEC_SELECTOR_A_MAX (__DSEC_SELECTOR_A_MAX - 1)

enum dsec_hook_default_attr {
	DSEC_HOOK_DEFAULT_A_UNSPEC,
	DSEC_HOOK_DEFAULT_A_HOOK,	/* u8, enum dsec_hook */
	DSEC_HOOK_DEFAULT_A_ACTION,	/* u8, enum dsec_action */
	__DSEC_HOOK_DEFAULT_A_MAX,
};
#define DSEC_HOOK_DEFAULT_A_MAX (__DSEC_HOOK_DEFAULT_A_MAX - 1)

enum dsec_scope_attr {
	DSEC_SCOPE_A_UNSPEC,
	DSEC_SCOPE_A_NAME,		/* string, required, unique in policy */
	DSEC_SCOPE_A_MODE,		/* u8, enum dsec_mode */
	DSEC_SCOPE_A_GUARDS,		/* u32, DSEC_GUARD_* */
	DSEC_SCOPE_A_FLAGS,		/* u32, DSEC_SCOPE_F_* */
	DSEC_SCOPE_A_SELECTOR,		/* nest, repeated, at least one */
	DSEC_SCOPE_A_FSTYPE,		/* string, repeated: allowed mount types */
	DSEC_SCOPE_A_WRITABLE,		/* string, repeated: writable prefixes */
	DSEC_SCOPE_A_HOOK_DEFAULT,	/* nest, repeated */
	__DSEC_SCOPE_A_MAX,
};
#define DSEC_SCOPE_A_MAX (__DSEC_SCOPE_A_MAX - 1)

enum dsec_match {
	DSEC_MATCH_EXACT,	/* the whole path */
	DSEC_MATCH_PREFIX,	/* the path or anything below it */
	DSEC_MATCH_GLOB,	/* '*' and '?' within a component, '**' across */
	__DSEC_MATCH_MAX,
};

enum dsec_rule_attr {
	DSEC_RULE_A_UNSPEC,
	DSEC_RULE_A_ID,		/* u32, required, unique in policy, not 0 */
	DSEC_RULE_A_SCOPE,	/* u32, required: index of the scope nest */
	DSEC_RULE_A_HOOK,	/* u8, enum dsec_hook, required */
	DSEC_RULE_A_ACTION,	/* u8, enum dsec_action, required */
	DSEC_RULE_A_MODE,	/* u8, enum dsec_mode */
	DSEC_RULE_A_MATCH,	/* u8, enum dsec_match */
	DSEC_RULE_A_PATH,	/* string, required: as the container sees it */
	DSEC_RULE_A_FLAGS,	/* u32, DSEC_RULE_F_* */
	DSEC_RULE_A_NAME,	/* string: label shown in alerts */
	__DSEC_RULE_A_MAX,
};
#define DSEC_RULE_A_MAX (__DSEC_RULE_A_MAX - 1)

enum dsec_status_attr {
	DSEC_STATUS_A_UNSPEC,
	DSEC_STATUS_A_PAD,
	DSEC_STATUS_A_VERSION,		/* string: module version */
	DSEC_STATUS_A_GENL_VERSION,	/* u32: DSEC_GENL_VERSION */
	DSEC_STATUS_A_KERNEL,		/* string: running kernel release */
	DSEC_STATUS_A_LOCKED,		/* u8 */
	DSEC_STATUS_A_GENERATION,	/* u64: bumped on every policy change */
	DSEC_STATUS_A_N_POLICIES,	/* u32 */
	DSEC_STATUS_A_LOG_SUPPRESSED,	/* u64: rate-limited kernel log lines */
	DSEC_STATUS_A_EVENTS_DROPPED,	/* u64: alerts lost, queue full */
	__DSEC_STATUS_A_MAX,
};
#define DSEC_STATUS_A_MAX (__DSEC_STATUS_A_MAX - 1)

enum dsec_hook_attr {
	DSEC_HOOK_A_UNSPEC,
	DSEC_HOOK_A_PAD,
	DSEC_HOOK_A_ID,			/* u8, enum dsec_hook */
	DSEC_HOOK_A_NAME,		/* string: "exec", "mount", ... */
	DSEC_HOOK_A_ACTIVE,		/* u8: every probe of this hook attached */
	DSEC_HOOK_A_ALLOWED,		/* u64 */
	DSEC_HOOK_A_DENIED,		/* u64 */
	DSEC_HOOK_A_AUDITED,		/* u64: audit and complain-mode denies */
	DSEC_HOOK_A_DROPPED,		/* u64: alerts lost for this hook */
	__DSEC_HOOK_A_MAX,
};
#define DSEC_HOOK_A_MAX (__DSEC_HOOK_A_MAX - 1)

enum dsec_probe_attr {
	DSEC_PROBE_A_UNSPEC,
	DSEC_PROBE_A_PAD,
	DSEC_PROBE_A_SYMBOL,		/* string: kernel function probed */
	DSEC_PROBE_A_HOOK,		/* u8, enum dsec_hook */
	DSEC_PROBE_A_ACTIVE,		/* u8 */
	DSEC_PROBE_A_ERROR,		/* u32: errno of a failed registration */
	DSEC_PROBE_A_MISSED,		/* u64: hits the kprobe could not handle */
	DSEC_PROBE_A_HITS,		/* u64 */
	__DSEC_PROBE_A_MAX,
};
#define DSEC_PROBE_A_MAX (__DSEC_PROBE_A_MAX - 1)

enum dsec_verdict {
	DSEC_VERDICT_ALLOWED,
	DSEC_VERDICT_BLOCKED,
	__DSEC_VERDICT_MAX,
};

enum dsec_alert_attr {
	DSEC_ALERT_A_UNSPEC,
	DSEC_ALERT_A_PAD,
	DSEC_ALERT_A_SEQ,		/* u64: per-boot sequence number */
	DSEC_ALERT_A_TIME_NS,		/* u64: CLOCK_REALTIME */
	DSEC_ALERT_A_HOOK,		/* u8, enum dsec_hook */
	DSEC_ALERT_A_ACTION,		/* u8, enum dsec_action */
	DSEC_ALERT_A_MODE,		/* u8, enum dsec_mode */
	DSEC_ALERT_A_VERDICT,		/* u8, enum dsec_verdict */
	DSEC_ALERT_A_PID,		/* u32: thread group id */
	DSEC_ALERT_A_TID,		/* u32 */
	DSEC_ALERT_A_UID,		/* u32: uid in the initial namespace */
	DSEC_ALERT_A_COMM,		/* string */
	DSEC_ALERT_A_CGROUP,		/* string: cgroup v2 path */
	DSEC_ALERT_A_CGROUP_ID,		/* u64 */
	DSEC_ALERT_A_POLICY,		/* string: policy name */
	DSEC_ALERT_A_SCOPE,		/* string: scope name */
	DSEC_ALERT_A_RULE_ID,		/* u32: 0 when a guard or default decided */
	DSEC_ALERT_A_RULE_NAME,		/* string */
	DSEC_ALERT_A_GUARD,		/* u32: the DSEC_GUARD_* bit that decided */
	DSEC_ALERT_A_REASON,		/* string: short cause, e.g. "proc-sys" */
	DSEC_ALERT_A_PATH,		/* string: as the container sees it */
	DSEC_ALERT_A_PATH_TRUNCATED,	/* flag */
	DSEC_ALERT_A_FSTYPE,		/* string: mount */
	DSEC_ALERT_A_TARGET_PID,	/* u32: ptrace target */
	DSEC_ALERT_A_SUPPRESSED,	/* u64: alerts lost before this one */
	__DSEC_ALERT_A_MAX,
};
#define DSEC_ALERT_A_MAX (__DSEC_ALERT_A_MAX - 1)

#endif /* _UAPI_LINUX_DSEC_H */
