/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dsec policy model: what a policy YAML file holds, what travels in a
 * DSEC_CMD_POLICY_LOAD message and what a policy dump returns.
 *
 * Rules belong to a scope but are kept in one array per policy, in file
 * order, because the kernel receives them the same way: top-level rule
 * nests that name their scope by index. Functions return 0 or -errno and
 * print nothing; parse and validation errors go into a struct dsec_diags.
 */
#ifndef DSEC_CTL_POLICY_H
#define DSEC_CTL_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/dsec.h>

/* Largest policy file read; far above any policy the kernel accepts. */
#define DSEC_POLICY_FILE_MAX	(64 << 20)

/* Diagnostics kept per file; parsing stops after this many. */
#define DSEC_DIAGS_MAX		50

#define DSEC_DIGEST_LEN		32	/* SHA-256 */

/* A place in a YAML file, 1-based; line 0 means unknown. */
struct dsec_pos {
	unsigned int line;
	unsigned int column;
};

struct dsec_diag {
	struct dsec_pos pos;
	char message[512];
};

struct dsec_diags {
	struct dsec_diag items[DSEC_DIAGS_MAX];
	size_t n;
	bool truncated;		/* more errors than DSEC_DIAGS_MAX */
};

struct dsec_selector {
	enum dsec_selector_type type;
	char *value;		/* PREFIX and GLOB */
	uint64_t id;		/* ID */
	struct dsec_pos pos;
};

/* Default action of a hook in a scope; DSEC_DEFAULT_UNSET when not set. */
#define DSEC_DEFAULT_UNSET	(-1)

struct dsec_scope {
	char *name;
	enum dsec_mode mode;
	uint32_t guards;	/* DSEC_GUARD_* */
	uint32_t flags;		/* DSEC_SCOPE_F_* */
	struct dsec_selector *selectors;
	size_t n_selectors;
	char **fstypes;
	size_t n_fstypes;
	char **writable;
	size_t n_writable;
	int defaults[DSEC_HOOK_COUNT];	/* enum dsec_action or unset */
	struct dsec_pos pos;
	struct dsec_pos name_pos;
	struct dsec_pos fstypes_pos;
	struct dsec_pos writable_pos;
};

struct dsec_rule {
	uint32_t id;		/* 0 until dsec_policy_assign_ids() */
	uint32_t scope;		/* index into dsec_policy.scopes */
	enum dsec_hook hook;
	enum dsec_action action;
	enum dsec_mode mode;
	enum dsec_match match;
	uint32_t flags;		/* DSEC_RULE_F_* */
	char *path;
	char *name;		/* NULL when unnamed */
	char *finding;		/* YAML only, not sent to the kernel */
	char *reason;		/* YAML only, not sent to the kernel */
	struct dsec_pos pos;
	struct dsec_pos id_pos;
	struct dsec_pos path_pos;
	struct dsec_pos name_pos;
};

struct dsec_policy {
	char *name;
	enum dsec_mode mode;
	uint32_t flags;		/* DSEC_POLICY_F_* */
	struct dsec_scope *scopes;
	size_t n_scopes;
	struct dsec_rule *rules;
	size_t n_rules;
	struct dsec_pos pos;
	struct dsec_pos name_pos;

	/*
	 * Images the policy is for (names, globs, digests, "*"), read by
	 * dsec-oci-hook to pick a container's policy. YAML only, not sent
	 * to the kernel.
	 */
	char **images;
	size_t n_images;

	/* Where the policy came from: set by load, returned by the kernel. */
	char *source;
	bool has_digest;
	unsigned char digest[DSEC_DIGEST_LEN];

	/* Set by the kernel, returned in status and dump replies. */
	uint64_t generation;
	uint64_t loaded_ns;
	uint32_t kernel_n_scopes;
	uint32_t kernel_n_rules;
};

/* All policies of one YAML file, one per YAML document. */
struct dsec_policy_set {
	struct dsec_policy **items;
	size_t n;
};

/* Names of enum values as written in YAML, indexed by the enum. */
extern const char *const dsec_hook_names[DSEC_HOOK_COUNT];
extern const char *const dsec_action_names[__DSEC_ACTION_MAX];
extern const char *const dsec_mode_names[__DSEC_MODE_MAX];
extern const char *const dsec_match_names[__DSEC_MATCH_MAX];
extern const char *const dsec_verdict_names[__DSEC_VERDICT_MAX];

/* Guard names in bit order: dsec_guard_names[i] is bit (1 << i). */
#define DSEC_GUARD_COUNT	7
extern const char *const dsec_guard_names[DSEC_GUARD_COUNT];

/* Look a name up in one of the tables above; -1 when absent. */
int dsec_name_lookup(const char *const *table, size_t n, const char *name);

/* Write "a, b, c" (the names of a table) into buf for error messages. */
void dsec_name_list(const char *const *table, size_t n, char *buf,
		    size_t size);

const char *dsec_enum_name(const char *const *table, size_t n,
			   unsigned int value);

void dsec_diag_add(struct dsec_diags *diags, struct dsec_pos pos,
		   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* policy.c */
struct dsec_policy *dsec_policy_new(void);
void dsec_policy_free(struct dsec_policy *policy);
void dsec_policy_set_clear(struct dsec_policy_set *set);
int dsec_policy_set_append(struct dsec_policy_set *set,
			   struct dsec_policy *policy);

struct dsec_scope *dsec_policy_add_scope(struct dsec_policy *policy);
struct dsec_rule *dsec_policy_add_rule(struct dsec_policy *policy);
struct dsec_selector *dsec_scope_add_selector(struct dsec_scope *scope);
int dsec_strv_append(char ***strv, size_t *n, const char *s);

/* Rule match type for a path when the policy does not name one. */
enum dsec_match dsec_match_infer(const char *path);

/*
 * Give every rule without an id the lowest id that no other rule of the
 * policy uses, in rule order. Returns -ERANGE when ids run out.
 */
int dsec_policy_assign_ids(struct dsec_policy *policy);

/*
 * Check everything the kernel checks on a policy: limits from the UAPI
 * header, name syntax, unique names and ids, enum ranges and flags.
 * Rule names must also be unique within a scope, which the kernel does
 * not check but alerts need. Adds one diagnostic per problem; returns
 * -EINVAL if any was found.
 */
int dsec_policy_validate(const struct dsec_policy *policy,
			 struct dsec_diags *diags);

bool dsec_name_valid(const char *name);

/* policy_yaml.c */

/*
 * Parse a policy file held in memory, one policy per YAML document, and
 * validate each policy. Returns 0, -EINVAL with diagnostics, or -ENOMEM.
 * On success the rules carry ids (assigned where the file has none).
 */
int dsec_policy_parse(const char *buf, size_t len,
		      struct dsec_policy_set *ret_set,
		      struct dsec_diags *diags);

/*
 * Read a file of at most DSEC_POLICY_FILE_MAX bytes. Returns -EFBIG when
 * it is larger; the caller frees *ret_buf.
 */
int dsec_read_file(const char *path, char **ret_buf, size_t *ret_len);

/* policy_file.c */

/*
 * Read and parse a policy file, then set each policy's source to the
 * file's absolute path and its digest to the SHA-256 of the file.
 * Returns -EINVAL with diagnostics, or another -errno from reading.
 */
int dsec_policy_read_file(const char *path, struct dsec_policy_set *ret_set,
			  struct dsec_diags *diags);

/*
 * Write a policy as YAML that dsec_policy_parse() accepts. The digest,
 * source and kernel counters are written as comments before the document.
 */
int dsec_policy_emit(const struct dsec_policy *policy, FILE *out);

#endif /* DSEC_CTL_POLICY_H */
