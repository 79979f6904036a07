/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dsec.ko internal interfaces, shared by the files of the module.
 */
#ifndef _DSEC_INTERNAL_H
#define _DSEC_INTERNAL_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/limits.h>
#include <linux/dsec.h>

struct cgroup;
struct dentry;
struct file;
struct path;
struct super_block;
struct task_struct;
struct netlink_ext_ack;
struct sk_buff;
struct genl_info;
struct genl_family;

#define DSEC_DIGEST_LEN		32
#define DSEC_SOURCE_MAX		PATH_MAX

/* Longest path an alert carries; longer paths are cut and flagged. */
#define DSEC_ALERT_PATH_MAX	DSEC_PATTERN_MAX
#define DSEC_ALERT_CGROUP_MAX	512
#define DSEC_REASON_MAX		32

/* Compiled glob token values above the byte range. */
enum dsec_glob_token {
	DSEC_GLOB_ANY_CHAR = 0x100,	/* '?': one character except '/' */
	DSEC_GLOB_STAR,			/* '*': any run without '/' */
	DSEC_GLOB_STARSTAR,		/* '**': any run */
	DSEC_GLOB_STARSTAR_SLASH,	/* '**' '/': no or any directories */
};

struct dsec_rule {
	struct hlist_node node;		/* exact-path bucket of its table */
	u32 id;
	u32 scope;
	u32 flags;
	u8 hook;
	u8 action;
	u8 mode;			/* as loaded, may be INHERIT */
	u8 match;
	u32 hash;			/* exact paths only */
	u32 path_len;
	char *path;
	char *name;			/* NULL when the rule has none */
	u16 *glob;			/* compiled pattern, GLOB only */
	u32 glob_len;
};

/* Rules of one scope for one hook. */
struct dsec_rule_table {
	u32 hash_bits;
	struct hlist_head *buckets;	/* NULL when no exact rules */
	u32 n_patterns;
	struct dsec_rule **patterns;	/* PREFIX and GLOB rules, policy order */
};

struct dsec_selector {
	u8 type;
	char *value;			/* PREFIX and GLOB */
	u16 *glob;
	u32 glob_len;
	u64 id;
};

struct dsec_scope {
	char *name;
	u8 mode;			/* as loaded, may be INHERIT */
	u32 guards;
	u32 flags;
	u32 n_selectors;
	struct dsec_selector *selectors;
	u32 n_fstypes;
	char **fstypes;
	u32 n_writable;
	char **writable;
	u8 defaults[DSEC_HOOK_COUNT];
	u32 defaults_set;		/* bit per hook with an explicit default */
	struct dsec_rule_table tables[DSEC_HOOK_COUNT];
};

struct dsec_policy {
	char *name;
	u8 mode;			/* as loaded, may be INHERIT */
	u32 flags;
	bool has_digest;
	u8 digest[DSEC_DIGEST_LEN];
	char *source;			/* NULL when not given */
	u64 generation;
	u64 loaded_ns;
	u32 n_scopes;
	struct dsec_scope *scopes;
	u32 n_rules;
	struct dsec_rule *rules;
};

/* The loaded policies, replaced as a whole on every change. */
struct dsec_policy_set {
	struct rcu_head rcu;
	u64 generation;
	u32 n_policies;
	struct dsec_policy *policies[];
};

/* One scope that matched a cgroup. */
struct dsec_scope_match {
	u16 policy;
	u16 scope;
	u16 level;			/* cgroup level of the container cgroup */
};

struct dsec_scope_result {
	u32 n;
	const struct dsec_scope_match *matches;
	struct cgroup *cgroup;		/* current's cgroup v2 cgroup */
};

/* The decision of one scope for one event. */
struct dsec_decision {
	u8 action;
	u8 mode;			/* ENFORCE or COMPLAIN */
	u32 guard;
	u32 rule_id;
	const char *rule_name;
	const char *reason;
	const struct dsec_scope_match *match;
};

/* The event a hook passes to dsec_decide(), as far as the hook can tell. */
struct dsec_event_ctx {
	enum dsec_hook hook;
	const struct path *path;	/* object, or parent directory */
	const struct dentry *dentry;	/* object within @path, or NULL */
	const struct file *file;
	const struct super_block *sb;	/* the object's super block */
	const char *fstype;
	const char *dev_name;
	unsigned long mount_flags;
	bool new_sb;			/* sb_kern_mount: a new super block */
	struct task_struct *target;	/* ptrace peer */
	bool ptrace_traceme;
	bool quiet;			/* decide, but raise no alert */
	bool read_open;			/* file_open without write access */
	bool setuid;			/* exec of a setuid or setgid file */
	int kernel_id;			/* kernel_read_file / load_data id */
	bool unload;			/* delete_module(2) */
	bool chroot;			/* chroot(2) into @path */
	bool reconfigure;		/* reconfigure_super() of @sb */
	bool mount_setattr;		/* mount_setattr(2): no path, no sb */
	struct cgroup *into_cgroup;	/* clone3(CLONE_INTO_CGROUP) target */
	/* Filled by dsec_decide: */
	const char *pathname;		/* as the container sees it, or NULL */
	bool path_truncated;
};

/* main.c */
extern struct dsec_policy_set __rcu *dsec_policies;
extern struct mutex dsec_policy_lock;
bool dsec_is_locked(void);
int dsec_lock(void);
void dsec_unlock(void);

/* policy.c */
int dsec_policy_load(struct genl_info *info);
int dsec_policy_remove(const char *name, struct netlink_ext_ack *extack);
void dsec_policy_set_free(struct dsec_policy_set *set);
const char *dsec_hook_name(enum dsec_hook hook);
u8 dsec_effective_mode(const struct dsec_policy *policy,
		       const struct dsec_scope *scope,
		       const struct dsec_rule *rule);
int dsec_policy_fill(struct sk_buff *skb, const struct dsec_policy *policy,
		     bool summary);
int dsec_scope_fill(struct sk_buff *skb, const struct dsec_scope *scope);
int dsec_rule_fill(struct sk_buff *skb, const struct dsec_rule *rule);
u64 dsec_generation(void);

/* match.c */
u32 dsec_path_hash(const char *path, u32 len);
int dsec_glob_compile(const char *pattern, u16 **ret_tokens, u32 *ret_len);
bool dsec_glob_match(const u16 *tokens, u32 n, const char *str, u32 len);
bool dsec_prefix_match(const char *prefix, u32 prefix_len,
		       const char *path, u32 len);
const struct dsec_rule *dsec_rule_lookup(const struct dsec_rule_table *table,
					 const char *path, u32 len,
					 bool setuid);

/* scope.c */
int dsec_scope_init(void);
void dsec_scope_exit(void);
int dsec_scope_lookup(const struct dsec_policy_set *set, struct cgroup *cgrp,
		      struct dsec_scope_result *res);
bool dsec_current_in_scope(void);
bool dsec_policy_covers_current(const struct dsec_policy *policy);
char *dsec_cgroup_path(struct cgroup *cgrp, char *buf, size_t len);

/* guards.c */
int dsec_guards_init(void);
void dsec_guards_exit(void);
bool dsec_guard_check(const struct dsec_event_ctx *ctx,
		      const struct dsec_scope *scope,
		      const struct dsec_scope_result *res,
		      const struct dsec_scope_match *match,
		      struct dsec_decision *ret_decision);

/* hooks.c */
int dsec_hooks_init(void);
void dsec_hooks_exit(void);
int dsec_hooks_fill_status(struct sk_buff *skb);

/* alert.c */
int dsec_alert_init(void);
void dsec_alert_exit(void);
void dsec_alert_record(const struct dsec_event_ctx *ctx,
		       const struct dsec_policy *policy,
		       const struct dsec_scope *scope,
		       const struct dsec_decision *decision,
		       const struct dsec_scope_result *res);
void dsec_count(enum dsec_hook hook, u8 action, u8 mode);
void dsec_hook_counters(enum dsec_hook hook, u64 *allowed, u64 *denied,
			u64 *audited, u64 *dropped);
u64 dsec_log_suppressed(void);
u64 dsec_events_dropped(void);

/* netlink.c */
int dsec_netlink_init(void);
void dsec_netlink_exit(void);
extern struct genl_family dsec_family;

#endif /* _DSEC_INTERNAL_H */
