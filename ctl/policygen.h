/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy generation: turns the findings of an image scan into a dsec
 * policy for containers of that image. Every generated rule carries the
 * finding that caused it (`finding:`) and a label (`name:`), so an
 * operator reading the YAML or an alert sees why the rule exists.
 *
 * Generated policies are templates for the OCI hook: their one scope
 * selects DSEC_POLICYGEN_PLACEHOLDER, a cgroup path that no runtime
 * creates, and the hook replaces every selector with the id of the
 * container's cgroup before loading. For manual use the caller passes a
 * selector ("prefix:/docker", "glob:...", "id:N") instead.
 */
#ifndef DSEC_CTL_POLICYGEN_H
#define DSEC_CTL_POLICYGEN_H

#include <stdbool.h>
#include <stdio.h>

#include "ctl/policy.h"
#include "scan/scan.h"

#define DSEC_POLICYGEN_PLACEHOLDER	"/dsec-oci-hook-sets-this"
#define DSEC_POLICYGEN_SCOPE		"container"

/*
 * Finding ids for rules that no scanner finding causes directly; they
 * name the image property behind the rule.
 */
#define DSEC_FINDING_DRIFT_TOOL		"DSEC-GEN-DRIFT-TOOL"
#define DSEC_FINDING_IMAGE_EXEC		"DSEC-GEN-IMAGE-EXEC"
#define DSEC_FINDING_ROOT_USER		"DSEC-CFG-ROOT-USER"

struct dsec_policygen_options {
	const char *name;		/* policy name; NULL: from the image */
	const char *selector;		/* "prefix:P", "glob:P", "id:N", or
					 * NULL for the OCI hook placeholder
					 */
	enum dsec_action shellshock;	/* DENY (default) or AUDIT */
	bool exec_allowlist;		/* exec default deny + image files */
	bool complain;			/* policy mode complain */
};

/*
 * Build the policy for the findings, configuration and executables of
 * scan. On failure returns -errno and writes a message for the user
 * into err.
 */
int dsec_policygen_build(const struct dsec_scan *scan,
			 const struct dsec_policygen_options *opts,
			 struct dsec_policy **ret_policy,
			 char *err, size_t err_size);

/*
 * Write policy as YAML, preceded by a comment naming the image and
 * explaining each guard's cause.
 */
int dsec_policygen_write(const struct dsec_scan *scan,
			 const struct dsec_policy *policy, FILE *out);

/* Build and write in one step, to path ("-" for stdout). */
int dsec_policygen_write_file(const struct dsec_scan *scan,
			      const struct dsec_policygen_options *opts,
			      const char *path, char *err, size_t err_size);

/*
 * Read a JSON scan report (dsecctl scan --format json) into scan, which
 * the caller has set up with dsec_scan_init(). Reports larger than
 * DSEC_POLICY_FILE_MAX are rejected.
 */
int dsec_policygen_read_report(const char *path, struct dsec_scan *scan,
			       char *err, size_t err_size);

/*
 * Parse "prefix:/x", "glob:PATTERN" or "id:N" into *ret (value strdup'ed).
 * Returns -EINVAL for anything else.
 */
int dsec_selector_parse_arg(const char *arg, struct dsec_selector *ret);

/*
 * Set one generator option by its command-line name (name, selector,
 * shellshock, exec-allowlist, complain), for dsecctl scan and policy.
 * Returns -ENOENT for another name, -EINVAL for an invalid value.
 */
int dsec_policygen_parse_option(struct dsec_policygen_options *opts,
				const char *name, const char *value);

/*
 * Name every rule of a generated policy "<prefixes[i]>-<base name>",
 * with parent directories or a ":N" suffix where names would clash, so
 * that the names are unique in the policy. Returns 0 or -ENOMEM.
 */
int dsec_policygen_name_rules(struct dsec_policy *policy,
			      const char *const *prefixes);

/* True when a User value of an image config means uid 0. */
bool dsec_user_is_root(const char *user);

#endif /* DSEC_CTL_POLICYGEN_H */
