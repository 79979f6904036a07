// SPDX-License-Identifier: GPL-2.0
/*
 * Policy generation from scan findings.
 *
 * Finding -> rule:
 * - the image runs as root, or ships setuid/setgid executables: every
 *   escape guard on, including setuid-exec and a read-only root file
 *   system (writable at the image's volumes, /tmp and /run). Each
 *   setuid or setgid file found also gets its own exec deny rule
 *   (setuid-NAME or setgid-NAME), so the operator sees each one;
 * - malware, miner or backdoor file: exec of that path denied;
 * - bash affected by Shellshock (CVE-2014-6271 and its follow-ups):
 *   exec of bash denied, or audited when the operator asks;
 * - package managers and download tools present: exec denied (drift
 *   prevention);
 * - on request, an exec allow-list: exec defaults to deny and every
 *   executable the image ships is allowed.
 * Rule names are unique in the policy (see policygen_names.c).
 * Escape guards that never break an ordinary workload (mount, ptrace,
 * kernel knobs, host files, module load) are on for every image.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/policygen.h"

#define GUARDS_ALWAYS (DSEC_GUARD_MOUNT | DSEC_GUARD_PTRACE | \
		       DSEC_GUARD_KERNEL_KNOBS | DSEC_GUARD_HOST_FILES | \
		       DSEC_GUARD_MODULE_LOAD)
#define GUARDS_ROOT (DSEC_GUARD_READONLY_ROOT | DSEC_GUARD_SETUID_EXEC)

static const char *const shellshock_cves[] = {
	"CVE-2014-6271", "CVE-2014-6277", "CVE-2014-6278",
	"CVE-2014-7169", "CVE-2014-7186", "CVE-2014-7187",
};

/* Package managers and download tools whose exec a running container
 * does not need: installing software at run time is drift.
 */
static const char *const drift_tools[] = {
	"apt", "apt-get", "dpkg", "apk", "pip", "pip3", "npm", "curl", "wget",
};

/* Packages that ship the tools above, for reports without executables. */
static const struct {
	const char *package;
	const char *tool;
} drift_packages[] = {
	{ "apt", "apt" }, { "apt", "apt-get" }, { "dpkg", "dpkg" },
	{ "apk-tools", "apk" }, { "python3-pip", "pip" },
	{ "python3-pip", "pip3" }, { "py3-pip", "pip3" }, { "pip", "pip" },
	{ "npm", "npm" }, { "nodejs", "npm" }, { "curl", "curl" },
	{ "wget", "wget" },
};

/* Directories whose content stays writable under a read-only root. */
static const char *const writable_always[] = { "/tmp", "/run" };

struct gen {
	const struct dsec_scan *scan;
	const struct dsec_policygen_options *opts;
	struct dsec_policy *policy;
	char *err;
	size_t err_size;
	/* Exact exec paths that already have a deny or audit rule. */
	char **denied;
	size_t n_denied;
	/* Name prefix of each rule, in rule order. */
	const char **prefixes;
	size_t prefixes_size;
};

static int gen_error(struct gen *gen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int gen_error(struct gen *gen, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(gen->err, gen->err_size, fmt, ap);
	va_end(ap);
	return ret;
}

bool dsec_user_is_root(const char *user)
{
	size_t len;

	/* An image without User runs as root. */
	if (!user || !*user)
		return true;
	len = strcspn(user, ":");
	return (len == 4 && !strncmp(user, "root", 4)) ||
	       (len == 1 && user[0] == '0');
}

int dsec_selector_parse_arg(const char *arg, struct dsec_selector *ret)
{
	const char *value = strchr(arg, ':');
	char *end;

	memset(ret, 0, sizeof(*ret));
	if (!value || !value[1])
		return -EINVAL;
	value++;

	if (!strncmp(arg, "prefix:", 7) || !strncmp(arg, "glob:", 5)) {
		ret->type = arg[0] == 'p' ? DSEC_SELECTOR_PREFIX :
					    DSEC_SELECTOR_GLOB;
		ret->value = strdup(value);
		return ret->value ? 0 : -ENOMEM;
	}
	if (!strncmp(arg, "id:", 3)) {
		errno = 0;
		ret->type = DSEC_SELECTOR_ID;
		ret->id = strtoull(value, &end, 10);
		if (errno || *end || !ret->id || value[0] == '-')
			return -EINVAL;
		return 0;
	}
	return -EINVAL;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool string_has_word(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *p = list;

	while (list && (p = strstr(p, word))) {
		bool start = p == list || !((p[-1] >= '0' && p[-1] <= '9') ||
					    p[-1] == '-');
		bool end = !((p[len] >= '0' && p[len] <= '9') || p[len] == '-');

		if (start && end)
			return true;
		p += len;
	}
	return false;
}

static bool finding_is_shellshock(const struct dsec_scan *scan,
				  const struct dsec_finding *finding)
{
	size_t i;

	if (finding->class != DSEC_FINDING_VULN)
		return false;
	if (finding->package >= 0 && (size_t)finding->package < scan->n_packages) {
		const struct dsec_package *pkg = &scan->packages[finding->package];

		if (strcmp(pkg->name, "bash") &&
		    !(pkg->source_name && !strcmp(pkg->source_name, "bash")))
			return false;
	}
	for (i = 0; i < sizeof(shellshock_cves) / sizeof(shellshock_cves[0]); i++)
		if ((finding->id && !strcmp(finding->id, shellshock_cves[i])) ||
		    string_has_word(finding->aliases, shellshock_cves[i]))
			return true;
	return false;
}

static bool finding_is_setuid(const struct dsec_finding *finding)
{
	return finding->class == DSEC_FINDING_SUSPICIOUS && finding->path &&
	       finding->id && (strstr(finding->id, "SETUID") ||
			       strstr(finding->id, "SETGID"));
}

static const char *setid_prefix(const struct dsec_finding *finding)
{
	return strstr(finding->id, "SETGID") ? "setgid" : "setuid";
}

static bool finding_is_root(const struct dsec_finding *finding)
{
	return finding->class == DSEC_FINDING_MISCONFIG && finding->id &&
	       strstr(finding->id, "ROOT");
}

static bool path_denied(const struct gen *gen, const char *path)
{
	size_t i;

	for (i = 0; i < gen->n_denied; i++)
		if (!strcmp(gen->denied[i], path))
			return true;
	return false;
}

/* Keep the name prefix of the rule just added, for dsec_policygen_name_rules(). */
static int add_prefix(struct gen *gen, const char *prefix)
{
	size_t n = gen->policy->n_rules;

	if (n > gen->prefixes_size) {
		size_t size = gen->prefixes_size ? gen->prefixes_size * 2 : 64;
		const char **prefixes = realloc(gen->prefixes,
						size * sizeof(*prefixes));

		if (!prefixes)
			return -ENOMEM;
		gen->prefixes = prefixes;
		gen->prefixes_size = size;
	}
	gen->prefixes[n - 1] = prefix;
	return 0;
}

/*
 * Append one exec rule. Deny and audit rules of the same exact path
 * are merged (the first wins) because the kernel keeps one exact rule
 * per path and hook. The rule is named once every rule is in place.
 */
static int add_exec_rule(struct gen *gen, enum dsec_action action,
			 enum dsec_match match, uint32_t flags,
			 const char *path, const char *label_prefix,
			 const char *finding, const char *reason)
{
	struct dsec_rule *rule;
	int ret;

	if (strlen(path) >= DSEC_PATTERN_MAX)
		return gen_error(gen, -ENAMETOOLONG,
				 "path '%.64s...' in the image is longer than %d bytes; a rule cannot name it",
				 path, DSEC_PATTERN_MAX - 1);
	if (match == DSEC_MATCH_EXACT && path_denied(gen, path))
		return 0;

	rule = dsec_policy_add_rule(gen->policy);
	if (!rule)
		return -ENOMEM;
	ret = add_prefix(gen, label_prefix);
	if (ret)
		return ret;
	rule->scope = 0;
	rule->hook = DSEC_HOOK_EXEC;
	rule->action = action;
	rule->mode = DSEC_MODE_INHERIT;
	rule->match = match;
	rule->flags = flags;
	rule->path = strdup(path);
	rule->finding = finding ? strdup(finding) : NULL;
	rule->reason = reason ? strdup(reason) : NULL;
	if (!rule->path || (finding && !rule->finding) ||
	    (reason && !rule->reason))
		return -ENOMEM;

	if (match == DSEC_MATCH_EXACT && action != DSEC_ACTION_ALLOW)
		return dsec_strv_append(&gen->denied, &gen->n_denied, path);
	return 0;
}

static int add_malware_rules(struct gen *gen)
{
	const struct dsec_scan *scan = gen->scan;
	size_t i;
	int ret;

	for (i = 0; i < scan->n_findings; i++) {
		const struct dsec_finding *f = &scan->findings[i];

		if (f->class != DSEC_FINDING_MALWARE || !f->path ||
		    f->path[0] != '/' || strstr(f->path, "!/"))
			continue;
		ret = add_exec_rule(gen, DSEC_ACTION_DENY, DSEC_MATCH_EXACT, 0,
				    f->path, "malware", f->id, f->title);
		if (ret)
			return ret;
	}
	return 0;
}

static int add_setuid_rules(struct gen *gen)
{
	const struct dsec_scan *scan = gen->scan;
	size_t i;
	int ret;

	for (i = 0; i < scan->n_findings; i++) {
		const struct dsec_finding *f = &scan->findings[i];

		if (!finding_is_setuid(f) || f->path[0] != '/')
			continue;
		ret = add_exec_rule(gen, DSEC_ACTION_DENY, DSEC_MATCH_EXACT,
				    DSEC_RULE_F_SETUID, f->path,
				    setid_prefix(f), f->id, f->title);
		if (ret)
			return ret;
	}
	return 0;
}

static int add_shellshock_rules(struct gen *gen)
{
	const struct dsec_scan *scan = gen->scan;
	static const char *const fallback[] = { "/usr/bin/bash", "/bin/bash" };
	const struct dsec_finding *cause = NULL;
	enum dsec_action action = gen->opts->shellshock == DSEC_ACTION_AUDIT ?
				  DSEC_ACTION_AUDIT : DSEC_ACTION_DENY;
	const char *reason = "bash is affected by Shellshock (CVE-2014-6271 and follow-ups)";
	size_t i, found = 0;
	int ret;

	for (i = 0; i < scan->n_findings && !cause; i++)
		if (finding_is_shellshock(scan, &scan->findings[i]))
			cause = &scan->findings[i];
	if (!cause)
		return 0;

	for (i = 0; i < scan->n_executables; i++) {
		const char *path = scan->executables[i].path;

		if (strcmp(base_name(path), "bash"))
			continue;
		ret = add_exec_rule(gen, action, DSEC_MATCH_EXACT, 0, path,
				    "shellshock", cause->id, reason);
		if (ret)
			return ret;
		found++;
	}
	/* Without the executable list, name the places bash lives. */
	for (i = 0; !found && i < sizeof(fallback) / sizeof(fallback[0]); i++) {
		ret = add_exec_rule(gen, action, DSEC_MATCH_EXACT, 0,
				    fallback[i], "shellshock", cause->id,
				    reason);
		if (ret)
			return ret;
	}
	return 0;
}

static bool is_drift_tool(const char *base)
{
	size_t i;

	for (i = 0; i < sizeof(drift_tools) / sizeof(drift_tools[0]); i++)
		if (!strcmp(base, drift_tools[i]))
			return true;
	/* pip3.11 and the like. */
	return !strncmp(base, "pip3.", 5) && base[5] >= '0' && base[5] <= '9';
}

/* True for files directly in a bin or sbin directory: /etc/cron.daily/dpkg
 * is a maintenance script, not the package manager.
 */
static bool in_bin_dir(const char *path)
{
	const char *base = base_name(path);
	size_t len = (size_t)(base - path);

	return (len >= 5 && !strncmp(base - 5, "/bin/", 5)) ||
	       (len >= 6 && !strncmp(base - 6, "/sbin/", 6));
}

static int add_drift_rules(struct gen *gen)
{
	const struct dsec_scan *scan = gen->scan;
	const char *reason = "package manager or download tool: installing software at run time is drift";
	char glob[64];
	size_t i, j;
	int ret;

	if (scan->n_executables) {
		for (i = 0; i < scan->n_executables; i++) {
			const char *path = scan->executables[i].path;

			if (!is_drift_tool(base_name(path)) || !in_bin_dir(path))
				continue;
			ret = add_exec_rule(gen, DSEC_ACTION_DENY,
					    DSEC_MATCH_EXACT, 0, path, "drift",
					    DSEC_FINDING_DRIFT_TOOL, reason);
			if (ret)
				return ret;
		}
		return 0;
	}

	/* No executable list: infer the tools from the packages and deny
	 * them wherever they are, once per tool.
	 */
	for (i = 0; i < sizeof(drift_tools) / sizeof(drift_tools[0]); i++) {
		bool present = false;

		for (j = 0; j < scan->n_packages && !present; j++) {
			size_t k;

			for (k = 0; k < sizeof(drift_packages) / sizeof(drift_packages[0]); k++)
				if (!strcmp(drift_packages[k].tool, drift_tools[i]) &&
				    !strcmp(drift_packages[k].package,
					    scan->packages[j].name))
					present = true;
		}
		if (!present)
			continue;
		snprintf(glob, sizeof(glob), "/**/%s", drift_tools[i]);
		ret = add_exec_rule(gen, DSEC_ACTION_DENY, DSEC_MATCH_GLOB, 0,
				    glob, "drift", DSEC_FINDING_DRIFT_TOOL,
				    reason);
		if (ret)
			return ret;
	}
	return 0;
}

static int add_allowlist(struct gen *gen, struct dsec_scope *scope)
{
	const struct dsec_scan *scan = gen->scan;
	size_t i;
	int ret;

	if (!scan->n_executables)
		return gen_error(gen, -ENOENT,
				 "the scan lists no executables, so an exec allow-list cannot be built; scan with --list-executables (or --exec-allowlist) and generate again");

	scope->defaults[DSEC_HOOK_EXEC] = DSEC_ACTION_DENY;
	for (i = 0; i < scan->n_executables; i++) {
		const struct dsec_executable *exe = &scan->executables[i];

		/* Setuid files stay denied by the setuid-exec guard anyway. */
		if (path_denied(gen, exe->path))
			continue;
		ret = add_exec_rule(gen, DSEC_ACTION_ALLOW, DSEC_MATCH_EXACT,
				    0, exe->path, "image-exec",
				    DSEC_FINDING_IMAGE_EXEC, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

/* Policy name from the image reference: "image-" + ref in the name alphabet. */
static char *policy_name(const struct dsec_scan *scan,
			 const struct dsec_policygen_options *opts)
{
	const char *ref = scan->image_ref;
	char buf[DSEC_NAME_MAX];
	size_t i;

	if (opts->name)
		return strdup(opts->name);
	if (!ref || !*ref)
		ref = scan->image_digest;
	if (!ref || !*ref)
		ref = "unnamed";
	if (!strncmp(ref, "sha256:", 7))
		ref += 7;
	snprintf(buf, 64, "image-%s", ref);
	for (i = 0; buf[i]; i++) {
		char c = buf[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("_.:-", c)))
			buf[i] = '-';
	}
	return strdup(buf);
}

static int add_writable(struct gen *gen, struct dsec_scope *scope,
			const char *path)
{
	size_t i;

	if (!path || path[0] != '/' || strlen(path) >= DSEC_PATTERN_MAX)
		return 0;
	for (i = 0; i < scope->n_writable; i++)
		if (!strcmp(scope->writable[i], path))
			return 0;
	if (scope->n_writable >= DSEC_MAX_WRITABLE)
		return gen_error(gen, -E2BIG,
				 "the image declares more than %d volumes; a scope holds at most %d writable paths",
				 DSEC_MAX_WRITABLE - 2, DSEC_MAX_WRITABLE);
	return dsec_strv_append(&scope->writable, &scope->n_writable, path);
}

static int build_scope(struct gen *gen, bool root_or_setuid)
{
	const struct dsec_scan *scan = gen->scan;
	struct dsec_selector *sel;
	struct dsec_scope *scope;
	size_t i;
	int ret;

	scope = dsec_policy_add_scope(gen->policy);
	if (!scope)
		return -ENOMEM;
	scope->name = strdup(DSEC_POLICYGEN_SCOPE);
	if (!scope->name)
		return -ENOMEM;
	scope->mode = DSEC_MODE_INHERIT;

	sel = dsec_scope_add_selector(scope);
	if (!sel)
		return -ENOMEM;
	if (gen->opts->selector) {
		ret = dsec_selector_parse_arg(gen->opts->selector, sel);
		if (ret == -EINVAL)
			return gen_error(gen, ret,
					 "invalid selector '%s'; expected prefix:/PATH, glob:PATTERN or id:CGROUP-ID",
					 gen->opts->selector);
		if (ret)
			return ret;
	} else {
		sel->type = DSEC_SELECTOR_PREFIX;
		sel->value = strdup(DSEC_POLICYGEN_PLACEHOLDER);
		if (!sel->value)
			return -ENOMEM;
	}

	/*
	 * No mount type is allowed: the read-only tmpfs mounts with which
	 * runc masks paths after the createRuntime hook pass the mount
	 * guard without one.
	 */
	scope->guards = GUARDS_ALWAYS;
	if (!root_or_setuid)
		return 0;
	scope->guards |= GUARDS_ROOT;
	for (i = 0; i < sizeof(writable_always) / sizeof(writable_always[0]); i++) {
		ret = add_writable(gen, scope, writable_always[i]);
		if (ret)
			return ret;
	}
	for (i = 0; scan->config.volumes && scan->config.volumes[i]; i++) {
		ret = add_writable(gen, scope, scan->config.volumes[i]);
		if (ret)
			return ret;
	}
	return 0;
}

static bool image_root_or_setuid(const struct dsec_scan *scan)
{
	size_t i;

	if (dsec_user_is_root(scan->config.user))
		return true;
	for (i = 0; i < scan->n_findings; i++)
		if (finding_is_root(&scan->findings[i]) ||
		    finding_is_setuid(&scan->findings[i]))
			return true;
	return false;
}

int dsec_policygen_build(const struct dsec_scan *scan,
			 const struct dsec_policygen_options *opts,
			 struct dsec_policy **ret_policy,
			 char *err, size_t err_size)
{
	struct gen gen = {
		.scan = scan, .opts = opts, .err = err, .err_size = err_size,
	};
	struct dsec_diags *diags = NULL;
	size_t i;
	int ret = -ENOMEM;

	err[0] = '\0';
	gen.policy = dsec_policy_new();
	if (!gen.policy)
		goto out;
	gen.policy->name = policy_name(scan, opts);
	if (!gen.policy->name)
		goto out;
	if (!dsec_name_valid(gen.policy->name)) {
		ret = gen_error(&gen, -EINVAL,
				"invalid policy name '%s'; use letters, digits and _ . : - (at most %d bytes)",
				gen.policy->name, DSEC_NAME_MAX - 1);
		goto out;
	}
	gen.policy->mode = opts->complain ? DSEC_MODE_COMPLAIN :
					    DSEC_MODE_ENFORCE;
	/* The OCI hook picks this policy for containers of this image. */
	if ((scan->image_ref && dsec_strv_append(&gen.policy->images,
						 &gen.policy->n_images,
						 scan->image_ref)) ||
	    (scan->image_digest && dsec_strv_append(&gen.policy->images,
						    &gen.policy->n_images,
						    scan->image_digest))) {
		ret = -ENOMEM;
		goto out;
	}

	ret = build_scope(&gen, image_root_or_setuid(scan));
	if (ret)
		goto out;

	/* Deny rules first, so the allow-list skips their paths. */
	ret = add_malware_rules(&gen);
	if (!ret)
		ret = add_setuid_rules(&gen);
	if (!ret)
		ret = add_shellshock_rules(&gen);
	if (!ret)
		ret = add_drift_rules(&gen);
	if (!ret && opts->exec_allowlist)
		ret = add_allowlist(&gen, &gen.policy->scopes[0]);
	if (ret)
		goto out;

	if (gen.policy->n_rules > DSEC_MAX_RULES) {
		ret = gen_error(&gen, -E2BIG,
				"the policy would have %zu rules; the kernel accepts at most %d",
				gen.policy->n_rules, DSEC_MAX_RULES);
		goto out;
	}
	ret = dsec_policygen_name_rules(gen.policy, gen.prefixes);
	if (ret)
		goto out;
	ret = dsec_policy_assign_ids(gen.policy);
	if (ret)
		goto out;

	diags = calloc(1, sizeof(*diags));
	if (!diags) {
		ret = -ENOMEM;
		goto out;
	}
	ret = dsec_policy_validate(gen.policy, diags);
	if (ret) {
		/* A generated policy that fails validation is a bug here. */
		gen_error(&gen, ret, "generated policy is invalid: %s",
			  diags->n ? diags->items[0].message : strerror(-ret));
		goto out;
	}

	*ret_policy = gen.policy;
	gen.policy = NULL;
out:
	if (ret == -ENOMEM && !err[0])
		gen_error(&gen, ret, "out of memory");
	else if (ret && !err[0])
		gen_error(&gen, ret, "policy generation failed: %s",
			  strerror(-ret));
	for (i = 0; i < gen.n_denied; i++)
		free(gen.denied[i]);
	free(gen.denied);
	free(gen.prefixes);
	free(diags);
	dsec_policy_free(gen.policy);
	return ret;
}

/* Print s into a YAML comment with control characters replaced. */
static void comment_text(FILE *out, const char *s)
{
	for (; s && *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, out);
}

int dsec_policygen_write(const struct dsec_scan *scan,
			 const struct dsec_policy *policy, FILE *out)
{
	const struct dsec_scope *scope = &policy->scopes[0];
	size_t i;

	fprintf(out, "# Generated by dsecctl %s from a scan of ", DSEC_VERSION);
	comment_text(out, scan->image_ref ? scan->image_ref : scan->opts.input);
	fputc('\n', out);
	if (scan->image_digest) {
		fputs("# Image digest: ", out);
		comment_text(out, scan->image_digest);
		fputc('\n', out);
	}
	fputs("# Each rule names the scan finding behind it (finding:).\n", out);
	if (scope->selectors[0].type == DSEC_SELECTOR_PREFIX &&
	    !strcmp(scope->selectors[0].value, DSEC_POLICYGEN_PLACEHOLDER))
		fputs("# The selector " DSEC_POLICYGEN_PLACEHOLDER " is a placeholder: dsec-oci-hook\n"
		      "# replaces it with the cgroup id of each container it starts.\n", out);
	fputs("# Guards mount, ptrace, kernel-knobs, host-files and module-load are on\n"
	      "# for every container.\n", out);
	if (scope->guards & DSEC_GUARD_READONLY_ROOT) {
		bool root_finding = false;

		for (i = 0; i < scan->n_findings; i++)
			root_finding |= finding_is_root(&scan->findings[i]);
		fputs("# Guards readonly-root and setuid-exec are on because of:\n", out);
		if (!root_finding && dsec_user_is_root(scan->config.user))
			fputs("#   " DSEC_FINDING_ROOT_USER ": the image runs as root\n", out);
		for (i = 0; i < scan->n_findings; i++) {
			const struct dsec_finding *f = &scan->findings[i];

			if (!finding_is_root(f) && !finding_is_setuid(f))
				continue;
			fputs("#   ", out);
			comment_text(out, f->id);
			fputs(": ", out);
			comment_text(out, f->path ? f->path : f->title);
			fputc('\n', out);
		}
	}
	if (scope->defaults[DSEC_HOOK_EXEC] == DSEC_ACTION_DENY)
		fputs("# Exec allow-list: exec is denied unless a rule allows the file.\n", out);

	return dsec_policy_emit(policy, out);
}

int dsec_policygen_write_file(const struct dsec_scan *scan,
			      const struct dsec_policygen_options *opts,
			      const char *path, char *err, size_t err_size)
{
	struct dsec_policy *policy = NULL;
	FILE *out;
	int ret;

	ret = dsec_policygen_build(scan, opts, &policy, err, err_size);
	if (ret)
		return ret;

	out = strcmp(path, "-") ? fopen(path, "w") : stdout;
	if (!out) {
		ret = -errno;
		snprintf(err, err_size, "cannot write policy to '%s': %s",
			 path, strerror(errno));
		goto out_free;
	}
	ret = dsec_policygen_write(scan, policy, out);
	if (fflush(out) && !ret)
		ret = -errno;
	if (out != stdout && fclose(out) && !ret)
		ret = -errno;
	if (ret)
		snprintf(err, err_size, "cannot write policy to '%s': %s",
			 path, strerror(-ret));
out_free:
	dsec_policy_free(policy);
	return ret;
}
