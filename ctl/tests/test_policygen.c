// SPDX-License-Identifier: GPL-2.0
/*
 * Policy generation from scan findings, report reading and merging.
 * Scans are built in memory with the scanner's own add functions; every
 * generated policy is emitted and parsed back with the policy parser,
 * so what is checked is what `dsecctl load` would read.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctl/policygen.h"
#include "ctl/policymerge.h"
#include "scan/report.h"

static const struct dsec_analyzer *const no_analyzers[] = { NULL };

static void scan_setup(struct dsec_scan *scan, const char *user)
{
	struct dsec_scan_options opts = {
		.input = "test.tar",
		.analyzers = no_analyzers,
		.n_analyzers = 0,
	};

	dsec_scan_init(scan, &opts);
	scan->image_ref = dsec_scan_strdup(scan, "demo/app:1.0");
	scan->image_digest = dsec_scan_strdup(scan, "sha256:abcd");
	scan->config.user = user ? dsec_scan_strdup(scan, user) : NULL;
}

static void scan_teardown(struct dsec_scan *scan)
{
	dsec_scan_free_executables(scan);
	dsec_scan_free(scan);
}

static void add_exe(struct dsec_scan *scan, const char *path, mode_t mode)
{
	struct dsec_executable exe = { .path = path, .mode = mode };

	assert_int_equal(dsec_scan_add_executable(scan, &exe), 0);
}

static void add_finding(struct dsec_scan *scan, enum dsec_finding_class class,
			const char *id, const char *path, int package,
			const char *aliases)
{
	struct dsec_finding f = {
		.class = class, .severity = DSEC_SEV_HIGH, .id = id,
		.title = "test finding", .path = path, .package = package,
		.aliases = aliases,
	};

	assert_int_equal(dsec_scan_add_finding(scan, &f), 0);
}

static int add_package(struct dsec_scan *scan, const char *name)
{
	struct dsec_package pkg = {
		.ecosystem = "Debian", .name = name, .version = "1.0",
	};

	assert_int_equal(dsec_scan_add_package(scan, &pkg), 0);
	return (int)scan->n_packages - 1;
}

/* Generate, emit, parse back; the caller frees the returned policy. */
static struct dsec_policy *generate(const struct dsec_scan *scan,
				    const struct dsec_policygen_options *opts)
{
	struct dsec_policy *policy = NULL;
	struct dsec_policy_set set = { 0 };
	struct dsec_diags *diags = calloc(1, sizeof(*diags));
	char err[1024], *text = NULL;
	size_t len = 0;
	FILE *out;
	int ret;

	ret = dsec_policygen_build(scan, opts, &policy, err, sizeof(err));
	if (ret)
		fail_msg("generation failed: %s", err);
	out = open_memstream(&text, &len);
	assert_non_null(out);
	assert_int_equal(dsec_policygen_write(scan, policy, out), 0);
	fclose(out);
	dsec_policy_free(policy);

	ret = dsec_policy_parse(text, len, &set, diags);
	if (ret)
		fail_msg("generated policy does not parse: %u:%u %s\n%s",
			 diags->items[0].pos.line, diags->items[0].pos.column,
			 diags->items[0].message, text);
	assert_int_equal(set.n, 1);
	policy = set.items[0];
	set.items[0] = NULL;
	dsec_policy_set_clear(&set);
	free(text);
	free(diags);
	return policy;
}

/* Generate and emit as YAML text; the caller frees the text. */
static char *generate_text(const struct dsec_scan *scan,
			   const struct dsec_policygen_options *opts)
{
	struct dsec_policy *policy = NULL;
	char err[1024], *text = NULL;
	size_t len = 0;
	FILE *out;

	if (dsec_policygen_build(scan, opts, &policy, err, sizeof(err)))
		fail_msg("generation failed: %s", err);
	out = open_memstream(&text, &len);
	assert_non_null(out);
	assert_int_equal(dsec_policygen_write(scan, policy, out), 0);
	fclose(out);
	dsec_policy_free(policy);
	return text;
}

static const struct dsec_rule *find_rule(const struct dsec_policy *policy,
					 const char *path)
{
	size_t i;

	for (i = 0; i < policy->n_rules; i++)
		if (!strcmp(policy->rules[i].path, path))
			return &policy->rules[i];
	return NULL;
}

static void test_root_image_all_guards(void **state)
{
	struct dsec_policygen_options opts = { 0 };
	struct dsec_policy *policy;
	struct dsec_scan scan;
	const struct dsec_scope *scope;

	scan_setup(&scan, NULL);
	scan.config.volumes = calloc(2, sizeof(char *));
	scan.config.volumes[0] = (char *)dsec_scan_strdup(&scan, "/data");
	policy = generate(&scan, &opts);

	assert_string_equal(policy->name, "image-demo-app:1.0");
	assert_int_equal(policy->n_scopes, 1);
	scope = &policy->scopes[0];
	assert_int_equal(scope->guards, DSEC_GUARD_ALL);
	assert_int_equal(scope->n_selectors, 1);
	assert_int_equal(scope->selectors[0].type, DSEC_SELECTOR_PREFIX);
	assert_string_equal(scope->selectors[0].value, DSEC_POLICYGEN_PLACEHOLDER);
	assert_int_equal(scope->n_writable, 3);
	assert_string_equal(scope->writable[0], "/tmp");
	assert_string_equal(scope->writable[1], "/run");
	assert_string_equal(scope->writable[2], "/data");
	assert_int_equal(policy->n_images, 2);
	assert_string_equal(policy->images[0], "demo/app:1.0");
	assert_string_equal(policy->images[1], "sha256:abcd");
	assert_int_equal(policy->mode, DSEC_MODE_ENFORCE);

	dsec_policy_free(policy);
	free(scan.config.volumes);
	scan.config.volumes = NULL;
	scan_teardown(&scan);
}

static void test_nonroot_image_no_readonly_root(void **state)
{
	struct dsec_policygen_options opts = { 0 };
	struct dsec_policy *policy;
	struct dsec_scan scan;

	scan_setup(&scan, "1000:1000");
	policy = generate(&scan, &opts);
	assert_int_equal(policy->scopes[0].guards & DSEC_GUARD_READONLY_ROOT, 0);
	assert_int_equal(policy->scopes[0].guards & DSEC_GUARD_SETUID_EXEC, 0);
	assert_int_not_equal(policy->scopes[0].guards & DSEC_GUARD_MOUNT, 0);
	assert_int_equal(policy->scopes[0].n_writable, 0);
	dsec_policy_free(policy);
	scan_teardown(&scan);
}

static void test_setuid_finding_guards_and_rule(void **state)
{
	struct dsec_policygen_options opts = { 0 };
	const struct dsec_rule *rule;
	struct dsec_policy *policy;
	struct dsec_scan scan;

	scan_setup(&scan, "app");
	add_finding(&scan, DSEC_FINDING_SUSPICIOUS, "DSEC-SUSP-SETUID",
		    "/usr/local/bin/suid-helper", -1, NULL);
	policy = generate(&scan, &opts);

	assert_int_equal(policy->scopes[0].guards, DSEC_GUARD_ALL);
	rule = find_rule(policy, "/usr/local/bin/suid-helper");
	assert_non_null(rule);
	assert_int_equal(rule->action, DSEC_ACTION_DENY);
	assert_int_equal(rule->flags, DSEC_RULE_F_SETUID);
	assert_string_equal(rule->finding, "DSEC-SUSP-SETUID");
	assert_string_equal(rule->name, "setuid-suid-helper");
	dsec_policy_free(policy);
	scan_teardown(&scan);
}

/*
 * A setgid file is named for what it is; a file that is both setuid
 * and setgid gets one rule, named by its first finding.
 */
static void test_setgid_finding_rule_name(void **state)
{
	struct dsec_policygen_options opts = { 0 };
	const struct dsec_rule *rule;
	struct dsec_policy *policy;
	struct dsec_scan scan;

	scan_setup(&scan, "app");
	add_finding(&scan, DSEC_FINDING_SUSPICIOUS, "DSEC-SUSP-SETGID",
		    "/usr/bin/chage", -1, NULL);
	add_finding(&scan, DSEC_FINDING_SUSPICIOUS, "DSEC-SUSP-SETUID",
		    "/usr/bin/both", -1, NULL);
	add_finding(&scan, DSEC_FINDING_SUSPICIOUS, "DSEC-SUSP-SETGID",
		    "/usr/bin/both", -1, NULL);
	policy = generate(&scan, &opts);

	assert_int_equal(policy->scopes[0].guards, DSEC_GUARD_ALL);
	rule = find_rule(policy, "/usr/bin/chage");
	assert_non_null(rule);
	assert_int_equal(rule->action, DSEC_ACTION_DENY);
	assert_int_equal(rule->flags, DSEC_RULE_F_SETUID);
	assert_string_equal(rule->finding, "DSEC-SUSP-SETGID");
	assert_string_equal(rule->name, "setgid-chage");
	rule = find_rule(policy, "/usr/bin/both");
	assert_non_null(rule);
	assert_string_equal(rule->name, "setuid-both");
	assert_int_equal(policy->n_rules, 2);
	dsec_policy_free(policy);
	scan_teardown(&scan);
}

static const char *rule_name_of(const struct dsec_policy *policy,
				const char *path)
{
	const struct dsec_rule *rule = find_rule(policy, path);

	if (!rule)
		fail_msg("no rule for %s", path);
	return rule->name;
}

static void assert_rule_names_unique(const struct dsec_policy *policy)
{
	size_t i, j;

	for (i = 0; i < policy->n_rules; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(policy->rules[i].name, policy->rules[j].name))
				fail_msg("rules for %s and %s share the name %s",
					 policy->rules[i].path,
					 policy->rules[j].path,
					 policy->rules[i].name);
}

/*
 * Files with one base name get the parent directories that tell them
 * apart; names without a clash keep the base name alone.
 */
static void test_rule_names_unique(void **state)
{
	struct dsec_policygen_options opts = { .exec_allowlist = true };
	struct dsec_policy *policy;
	struct dsec_scan scan;

	scan_setup(&scan, NULL);
	add_exe(&scan, "/etc/hostname", 0100755);
	add_exe(&scan, "/usr/bin/hostname", 0100755);
	add_exe(&scan, "/usr/bin/tool", 0100755);
	add_exe(&scan, "/usr/local/bin/tool", 0100755);
	add_exe(&scan, "/tool", 0100755);
	add_exe(&scan, "/usr/bin/dash", 0100755);
	add_exe(&scan, "/usr/bin/dpkg", 0100755);
	add_exe(&scan, "/etc/cron.daily/dpkg", 0100755);
	add_exe(&scan, "/usr/share/bug/dpkg", 0100755);
	add_exe(&scan, "/opt/a b/run", 0100755);
	add_exe(&scan, "/opt/a_b/run", 0100755);
	add_exe(&scan, "/opt/opt-a_b-run:2", 0100755);
	add_exe(&scan, "/var/lib/dpkg/info/libc6:amd64.postinst", 0100755);
	policy = generate(&scan, &opts);

	assert_string_equal(rule_name_of(policy, "/etc/hostname"),
			    "image-exec-etc-hostname");
	assert_string_equal(rule_name_of(policy, "/usr/bin/hostname"),
			    "image-exec-bin-hostname");
	assert_string_equal(rule_name_of(policy, "/usr/bin/tool"),
			    "image-exec-usr-bin-tool");
	assert_string_equal(rule_name_of(policy, "/usr/local/bin/tool"),
			    "image-exec-local-bin-tool");
	assert_string_equal(rule_name_of(policy, "/tool"), "image-exec-tool");
	assert_string_equal(rule_name_of(policy, "/usr/bin/dash"),
			    "image-exec-dash");
	/* The drift rule has its own prefix, so its name needs no parent. */
	assert_string_equal(rule_name_of(policy, "/usr/bin/dpkg"), "drift-dpkg");
	assert_string_equal(rule_name_of(policy, "/etc/cron.daily/dpkg"),
			    "image-exec-cron.daily-dpkg");
	assert_string_equal(rule_name_of(policy, "/usr/share/bug/dpkg"),
			    "image-exec-bug-dpkg");
	/*
	 * Paths equal in the name alphabet are numbered in rule order,
	 * skipping a number whose name another rule has.
	 */
	assert_string_equal(rule_name_of(policy, "/opt/a b/run"),
			    "image-exec-opt-a_b-run");
	assert_string_equal(rule_name_of(policy, "/opt/a_b/run"),
			    "image-exec-opt-a_b-run:3");
	assert_string_equal(rule_name_of(policy, "/opt/opt-a_b-run:2"),
			    "image-exec-opt-a_b-run:2");
	assert_string_equal(rule_name_of(policy,
					 "/var/lib/dpkg/info/libc6:amd64.postinst"),
			    "image-exec-libc6:amd64.postinst");
	assert_rule_names_unique(policy);
	dsec_policy_free(policy);
	scan_teardown(&scan);
}

/*
 * Base names cut at the name length limit, and paths too deep for a
 * name, still give unique names, the same on every run.
 */
static void test_rule_names_long_paths(void **state)
{
	struct dsec_policygen_options opts = { .exec_allowlist = true };
	char base[200], deep[900], path[1000], expected[DSEC_NAME_MAX];
	struct dsec_policy *policy;
	struct dsec_scan scan;
	char *first, *second;
	size_t i;

	memset(base, 'b', sizeof(base) - 1);
	base[sizeof(base) - 1] = '\0';
	deep[0] = '\0';
	for (i = 0; i < 200; i++)
		strcat(deep, "/d");

	scan_setup(&scan, NULL);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/dir%zu/%s%zu", i, base, i);
		add_exe(&scan, dsec_scan_strdup(&scan, path), 0100755);
		snprintf(path, sizeof(path), "%s/x%zu/run", deep, i);
		add_exe(&scan, dsec_scan_strdup(&scan, path), 0100755);
		snprintf(path, sizeof(path), "/y%s/x%zu/run", deep, i);
		add_exe(&scan, dsec_scan_strdup(&scan, path), 0100755);
	}
	policy = generate(&scan, &opts);
	assert_int_equal(policy->n_rules, 9);
	assert_rule_names_unique(policy);
	for (i = 0; i < policy->n_rules; i++)
		assert_true(dsec_name_valid(policy->rules[i].name));
	/* 47 parents fill the 111 bytes of the longest label. */
	strcpy(expected, "image-exec-");
	for (i = 0; i < 47; i++)
		strcat(expected, "d-");
	strcat(expected, "x1-run:2");
	snprintf(path, sizeof(path), "/y%s/x1/run", deep);
	assert_string_equal(rule_name_of(policy, path), expected);
	snprintf(path, sizeof(path), "%s/x1/run", deep);
	expected[strlen(expected) - 2] = '\0';
	assert_string_equal(rule_name_of(policy, path), expected);
	dsec_policy_free(policy);

	first = generate_text(&scan, &opts);
	second = generate_text(&scan, &opts);
	assert_string_equal(first, second);
	free(first);
	free(second);
	scan_teardown(&scan);
}

static void test_malware_exec_denied(void **state)
{
	struct dsec_policygen_options opts = { 0 };
	const struct dsec_rule *rule;
	struct dsec_policy *policy;
	struct dsec_scan scan;

	scan_setup(&scan, NULL);
	add_finding(&scan, DSEC_FINDING_MALWARE, "DSEC-YARA-MINER",
		    "/usr/local/bin/xmrig", -1, NULL);
	/* Findings inside archives name no executable file. */
	add_finding(&scan, DSEC_FINDING_MALWARE, "DSEC-YARA-MINER",
		    "/opt/app.jar!/evil.class", -1, NULL);
	policy = generate(&scan, &opts);

	rule = find_rule(policy, "/usr/local/bin/xmrig");
	assert_non_null(rule);
	assert_int_equal(rule->hook, DSEC_HOOK_EXEC);
	assert_int_equal(rule->action, DSEC_ACTION_DENY);
	assert_int_equal(rule->match, DSEC_MATCH_EXACT);
	assert_string_equal(rule->finding, "DSEC-YARA-MINER");
	assert_string_equal(rule->name, "malware-xmrig");
	assert_null(find_rule(policy, "/opt/app.jar!/evil.class"));
	dsec_policy_free(policy);
	scan_teardown(&scan);
}

static void test_shellshock_deny_and_audit(void **state)
{
	struct dsec_policygen_options opts = { 0 };
	const struct dsec_rule *rule;
	struct dsec_policy *policy;
	struct dsec_scan scan;
	int bash;

	scan_setup(&scan, NULL);
	bash = add_package(&scan, "bash");
	add_exe(&scan, "/usr/bin/bash", 0100755);
	add_exe(&scan, "/usr/bin/ls", 0100755);
	add_finding(&scan, DSEC_FINDING_VULN, "DEBIAN-CVE-2014-7169", NULL,
		    bash, "CVE-2014-7169");

	policy = generate(&scan, &opts);
	rule = find_rule(policy, "/usr/bin/bash");
	assert_non_null(rule);
	assert_int_equal(rule->action, DSEC_ACTION_DENY);
	assert_string_equal(rule->finding, "DEBIAN-CVE-2014-7169");
	assert_string_equal(rule->name, "shellshock-bash");
	assert_null(find_rule(policy, "/usr/bin/ls"));
	dsec_policy_free(policy);

	opts.shellshock = DSEC_ACTION_AUDIT;
	policy = generate(&scan, &opts);
	rule = find_rule(policy, "/usr/bin/bash");
	assert_non_null(rule);
	assert_int_equal(rule->action, DSEC_ACTION_AUDIT);
	dsec_policy_free(policy);
	scan_teardown(&scan);
}

static void test_shellshock_other_cve_ignored(void **state)
{
	struct dsec_policygen_options opts = { 0 };
	struct dsec_policy *policy;
	struct dsec_scan scan;
	int bash;

	scan_setup(&scan, NULL);
	bash = add_package(&scan, "bash");
	/* CVE-2014-62710 only shares a prefix with CVE-2014-6271. */
	add_finding(&scan, DSEC_FINDING_VULN, "DSEC-DEMO-1", NULL, bash,
		    "CVE-2014-62710,CVE-2019-18276");
	policy = generate(&scan, &opts);
	assert_null(find_rule(policy, "/usr/bin/bash"));
	assert_null(find_rule(policy, "/bin/bash"));
	dsec_policy_free(policy);
	scan_teardown(&scan);
}

static void test_drift_tools_denied(void **state)
{
	struct dsec_policygen_options opts = { 0 };
	const struct dsec_rule *rule;
	struct dsec_policy *policy;
	struct dsec_scan scan;

	scan_setup(&scan, NULL);
	add_exe(&scan, "/usr/bin/apt-get", 0100755);
	add_exe(&scan, "/usr/bin/dpkg", 0100755);
	add_exe(&scan, "/usr/bin/pip3.11", 0100755);
	add_exe(&scan, "/usr/bin/aptitude-helper", 0100755);
	policy = generate(&scan, &opts);

	rule = find_rule(policy, "/usr/bin/apt-get");
	assert_non_null(rule);
	assert_int_equal(rule->action, DSEC_ACTION_DENY);
	assert_string_equal(rule->finding, DSEC_FINDING_DRIFT_TOOL);
	assert_non_null(find_rule(policy, "/usr/bin/dpkg"));
	assert_non_null(find_rule(policy, "/usr/bin/pip3.11"));
	assert_null(find_rule(policy, "/usr/bin/aptitude-helper"));
	dsec_policy_free(policy);
	scan_teardown(&scan);
}

static void test_drift_tools_from_packages(void **state)
{
	struct dsec_policygen_options opts = { 0 };
	const struct dsec_rule *rule;
	struct dsec_policy *policy;
	struct dsec_scan scan;

	scan_setup(&scan, NULL);
	add_package(&scan, "wget");
	policy = generate(&scan, &opts);
	rule = find_rule(policy, "/**/wget");
	assert_non_null(rule);
	assert_int_equal(rule->match, DSEC_MATCH_GLOB);
	assert_null(find_rule(policy, "/**/curl"));
	dsec_policy_free(policy);
	scan_teardown(&scan);
}

static void test_allowlist_default_deny(void **state)
{
	struct dsec_policygen_options opts = { .exec_allowlist = true };
	const struct dsec_rule *rule;
	struct dsec_policy *policy;
	struct dsec_scan scan;

	scan_setup(&scan, NULL);
	add_exe(&scan, "/usr/bin/dash", 0100755);
	add_exe(&scan, "/usr/bin/apt-get", 0100755);
	add_exe(&scan, "/usr/local/bin/xmrig", 0100755);
	add_finding(&scan, DSEC_FINDING_MALWARE, "DSEC-YARA-MINER",
		    "/usr/local/bin/xmrig", -1, NULL);
	policy = generate(&scan, &opts);

	assert_int_equal(policy->scopes[0].defaults[DSEC_HOOK_EXEC],
			 DSEC_ACTION_DENY);
	rule = find_rule(policy, "/usr/bin/dash");
	assert_non_null(rule);
	assert_int_equal(rule->action, DSEC_ACTION_ALLOW);
	assert_string_equal(rule->finding, DSEC_FINDING_IMAGE_EXEC);
	/* Denied files get no allow rule next to their deny rule. */
	rule = find_rule(policy, "/usr/local/bin/xmrig");
	assert_int_equal(rule->action, DSEC_ACTION_DENY);
	rule = find_rule(policy, "/usr/bin/apt-get");
	assert_int_equal(rule->action, DSEC_ACTION_DENY);
	assert_int_equal(policy->n_rules, 3);
	dsec_policy_free(policy);
	scan_teardown(&scan);
}

static void test_allowlist_needs_executables(void **state)
{
	struct dsec_policygen_options opts = { .exec_allowlist = true };
	struct dsec_policy *policy = NULL;
	struct dsec_scan scan;
	char err[1024];

	scan_setup(&scan, NULL);
	assert_int_equal(dsec_policygen_build(&scan, &opts, &policy, err,
					      sizeof(err)), -ENOENT);
	assert_null(policy);
	assert_non_null(strstr(err, "--list-executables"));
	scan_teardown(&scan);
}

static void test_selector_option(void **state)
{
	struct dsec_policygen_options opts = { .selector = "id:4242",
					       .complain = true };
	struct dsec_policy *policy = NULL;
	struct dsec_scan scan;
	char err[1024];

	scan_setup(&scan, NULL);
	policy = generate(&scan, &opts);
	assert_int_equal(policy->scopes[0].selectors[0].type, DSEC_SELECTOR_ID);
	assert_int_equal(policy->scopes[0].selectors[0].id, 4242);
	assert_int_equal(policy->mode, DSEC_MODE_COMPLAIN);
	dsec_policy_free(policy);
	policy = NULL;

	opts.selector = "cgroup:/docker";
	assert_int_equal(dsec_policygen_build(&scan, &opts, &policy, err,
					      sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "cgroup:/docker"));
	opts.selector = "id:0";
	assert_int_equal(dsec_policygen_build(&scan, &opts, &policy, err,
					      sizeof(err)), -EINVAL);
	scan_teardown(&scan);
}

static void test_hostile_paths_quoted(void **state)
{
	struct dsec_policygen_options opts = { 0 };
	const struct dsec_rule *rule;
	struct dsec_policy *policy;
	struct dsec_scan scan;

	scan_setup(&scan, NULL);
	scan.image_ref = dsec_scan_strdup(&scan, "evil\nname: x");
	add_finding(&scan, DSEC_FINDING_MALWARE, "DSEC-YARA-MINER",
		    "/tmp/a\"b\n: c*", -1, NULL);
	policy = generate(&scan, &opts);
	rule = find_rule(policy, "/tmp/a\"b\n: c*");
	assert_non_null(rule);
	assert_int_equal(rule->match, DSEC_MATCH_EXACT);
	assert_true(dsec_name_valid(policy->name));
	dsec_policy_free(policy);
	scan_teardown(&scan);
}

static void test_user_is_root(void **state)
{
	assert_true(dsec_user_is_root(NULL));
	assert_true(dsec_user_is_root(""));
	assert_true(dsec_user_is_root("root"));
	assert_true(dsec_user_is_root("0"));
	assert_true(dsec_user_is_root("0:0"));
	assert_true(dsec_user_is_root("root:wheel"));
	assert_false(dsec_user_is_root("rooted"));
	assert_false(dsec_user_is_root("1000"));
	assert_false(dsec_user_is_root("00"));
	assert_false(dsec_user_is_root("app:0"));
}

/*
 * Write scan as a JSON report with the scanner's own writer, read it
 * back with the report reader and return the reread scan's policy text.
 */
static char *round_trip_text(const struct dsec_scan *scan,
			     const struct dsec_policygen_options *opts)
{
	struct dsec_report_options ropts = { .tool_version = "test" };
	struct dsec_scan_options sopts = { .analyzers = no_analyzers };
	char path[] = "/tmp/dsec-report-XXXXXX", err[1024] = "", *text;
	struct dsec_scan reread;
	FILE *out;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	out = fdopen(fd, "w");
	assert_non_null(out);
	assert_int_equal(dsec_report_write(out, scan, DSEC_REPORT_JSON, &ropts), 0);
	fclose(out);

	dsec_scan_init(&reread, &sopts);
	if (dsec_policygen_read_report(path, &reread, err, sizeof(err)))
		fail_msg("reading the report failed: %s", err);
	unlink(path);
	assert_int_equal(reread.n_findings, scan->n_findings);
	assert_int_equal(reread.n_executables, scan->n_executables);
	text = generate_text(&reread, opts);
	scan_teardown(&reread);
	return text;
}

/* A scan of a typical image with every kind of finding the generator uses. */
static void scan_fill_demo(struct dsec_scan *scan)
{
	int bash = add_package(scan, "bash");

	scan->config.volumes = calloc(2, sizeof(char *));
	assert_non_null(scan->config.volumes);
	scan->config.volumes[0] = (char *)dsec_scan_strdup(scan, "/srv");
	scan->opts.list_executables = true;
	add_finding(scan, DSEC_FINDING_MALWARE, "DSEC-MAL-MINER-XMRIG",
		    "/usr/local/bin/xmrig", -1, NULL);
	add_finding(scan, DSEC_FINDING_VULN, "OSV-DEMO-1", NULL, bash,
		    "CVE-2014-6271, CVE-2014-7169");
	add_finding(scan, DSEC_FINDING_SUSPICIOUS, "DSEC-SUSP-SETUID",
		    "/usr/local/bin/suid-id", -1, NULL);
	add_exe(scan, "/usr/bin/apt-get", 0755);
	add_exe(scan, "/usr/bin/bash", 0755);
	add_exe(scan, "/usr/bin/ls", 0755);
	add_exe(scan, "/usr/local/bin/suid-id", 04755);
	add_exe(scan, "/usr/local/bin/xmrig", 0755);
}

static void test_report_round_trip_root(void **state)
{
	struct dsec_policygen_options opts = { .exec_allowlist = true };
	char *direct, *reread;
	struct dsec_scan scan;

	scan_setup(&scan, NULL);
	scan_fill_demo(&scan);
	direct = generate_text(&scan, &opts);
	reread = round_trip_text(&scan, &opts);
	assert_string_equal(reread, direct);
	assert_non_null(strstr(direct, "readonly-root"));
	assert_non_null(strstr(direct, "/srv"));
	assert_non_null(strstr(direct, "path: /usr/local/bin/xmrig"));
	assert_non_null(strstr(direct, "shellshock-bash"));
	assert_non_null(strstr(direct, "drift-apt-get"));
	assert_non_null(strstr(direct, "image-exec-ls"));
	free(direct);
	free(reread);
	scan_teardown(&scan);
}

static void test_report_round_trip_user(void **state)
{
	struct dsec_policygen_options opts = { 0 };
	char *direct, *reread;
	struct dsec_scan scan;

	scan_setup(&scan, "app");
	add_finding(&scan, DSEC_FINDING_MALWARE, "DSEC-MAL-MINER-XMRIG",
		    "/opt/miner", -1, NULL);
	direct = generate_text(&scan, &opts);
	reread = round_trip_text(&scan, &opts);
	assert_string_equal(reread, direct);
	assert_null(strstr(direct, "readonly-root"));
	free(direct);
	free(reread);
	scan_teardown(&scan);
}

static void test_report_executables_null(void **state)
{
	struct dsec_policygen_options opts = { 0 };
	struct dsec_scan scan;
	char *reread;

	/* Without --list-executables the report has "executables": null
	 * and drift rules come from the package list instead.
	 */
	scan_setup(&scan, "app");
	add_package(&scan, "curl");
	reread = round_trip_text(&scan, &opts);
	assert_non_null(strstr(reread, "path: /**/curl"));
	free(reread);
	scan_teardown(&scan);
}

static void test_report_invalid(void **state)
{
	struct dsec_scan_options sopts = { .analyzers = no_analyzers };
	char path[] = "/tmp/dsec-report-XXXXXX", err[1024] = "";
	const char *bad = "{\"schema\":\"dsec-scan-report/1\","
			  "\"findings\":[{\"class\":\"bogus\"}]}";
	struct dsec_scan scan;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bad, strlen(bad)), (ssize_t)strlen(bad));
	close(fd);
	dsec_scan_init(&scan, &sopts);
	assert_int_equal(dsec_policygen_read_report(path, &scan, err,
						    sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "bogus"));
	unlink(path);
	scan_teardown(&scan);
}

/*
 * A real image: the scanner lists the executables of Alpine 3.10, and
 * the policy from its JSON report equals the one from the scan itself.
 */
static void test_real_image_round_trip(void **state)
{
	struct dsec_policygen_options gopts = { .exec_allowlist = true };
	struct dsec_scan_options opts = {
		.input = "../shared/fixtures/images/docker-save/trivy-alpine-3.10.tar.gz",
		.skip_malware = true,
		.skip_secrets = true,
		.skip_vulns = true,
		.list_executables = true,
	};
	char *direct, *reread;
	struct dsec_scan scan;

	dsec_scan_init(&scan, &opts);
	if (dsec_scan_image(&scan))
		fail_msg("scanning %s failed: %s", opts.input, dsec_scan_error(&scan));
	assert_true(scan.n_executables > 0);
	direct = generate_text(&scan, &gopts);
	reread = round_trip_text(&scan, &gopts);
	assert_string_equal(reread, direct);
	assert_non_null(strstr(direct, "path: /bin/busybox"));
	assert_non_null(strstr(direct, "name: drift-apk"));
	free(direct);
	free(reread);
	dsec_scan_free(&scan);
}

/*
 * A 9 MB report of 3 * 10^6 empty findings would take 2.3 GB as a json-c
 * tree; it is rejected before the parse.
 */
static void test_report_too_many_objects(void **state)
{
	struct dsec_scan_options sopts = { .analyzers = no_analyzers };
	char path[] = "/tmp/dsec-report-XXXXXX", err[1024] = "";
	static const char head[] = "{\"schema\":\"dsec-scan-report/1\",\"findings\":[";
	struct dsec_scan scan;
	size_t i;
	FILE *f;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(head, f);
	for (i = 0; i < 3000000; i++)
		fputs(i ? ",{}" : "{}", f);
	fputs("]}", f);
	assert_int_equal(fclose(f), 0);

	dsec_scan_init(&scan, &sopts);
	assert_int_equal(dsec_policygen_read_report(path, &scan, err,
						    sizeof(err)), -E2BIG);
	assert_non_null(strstr(err, "JSON objects and arrays"));
	unlink(path);
	scan_teardown(&scan);
}

static void test_report_schema_checked(void **state)
{
	struct dsec_scan_options sopts = { .analyzers = no_analyzers };
	char path[] = "/tmp/dsec-report-XXXXXX", err[1024] = "";
	const char *other = "{\"schema\":\"other/2\",\"findings\":[]}";
	struct dsec_scan scan;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, other, strlen(other)), (ssize_t)strlen(other));
	close(fd);
	dsec_scan_init(&scan, &sopts);
	assert_int_equal(dsec_policygen_read_report(path, &scan, err,
						    sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "'other/2'"));
	unlink(path);
	scan_teardown(&scan);
}

static struct dsec_policy *parse_one(const char *text)
{
	struct dsec_policy_set set = { 0 };
	struct dsec_diags *diags = calloc(1, sizeof(*diags));
	struct dsec_policy *policy;

	if (dsec_policy_parse(text, strlen(text), &set, diags))
		fail_msg("parse: %s", diags->items[0].message);
	policy = set.items[0];
	set.items[0] = NULL;
	dsec_policy_set_clear(&set);
	free(diags);
	return policy;
}

static const char base_yaml[] =
	"apiVersion: dsec/v1\nkind: Policy\nname: mine\nmode: complain\n"
	"scopes:\n"
	"  - name: app\n"
	"    selectors: [{prefix: /docker}]\n"
	"    guards: [mount, readonly-root]\n"
	"    mount-fstypes: [tmpfs, mqueue]\n"
	"    writable: [/tmp, /var/cache]\n"
	"    rules:\n"
	"      - {id: 7, hook: exec, action: allow, path: /usr/bin/curl, name: keep-curl}\n"
	"      - {id: 8, hook: exec, action: allow, path: /opt/, name: opt}\n";

static const char gen_yaml[] =
	"apiVersion: dsec/v1\nkind: Policy\nname: image-x\nimages: [x:1]\n"
	"scopes:\n"
	"  - name: container\n"
	"    selectors: [{prefix: /dsec-oci-hook-sets-this}]\n"
	"    guards: [mount, ptrace, readonly-root]\n"
	"    mount-fstypes: [tmpfs]\n"
	"    writable: [/tmp, /run]\n"
	"    defaults: {exec: deny}\n"
	"    rules:\n"
	"      - {id: 7, hook: exec, action: deny, path: /usr/bin/curl, name: drift-curl, finding: DSEC-GEN-DRIFT-TOOL}\n"
	"      - {id: 9, hook: exec, action: deny, path: /opt/miner, name: malware-miner, finding: M}\n";

static void test_merge_precedence(void **state)
{
	struct dsec_policy *base = parse_one(base_yaml);
	struct dsec_policy *gen = parse_one(gen_yaml);
	struct dsec_diags *diags = calloc(1, sizeof(*diags));
	const struct dsec_scope *scope;
	const struct dsec_rule *rule;
	char err[256];

	assert_int_equal(dsec_policy_merge(base, gen, NULL, err, sizeof(err)), 0);
	assert_int_equal(dsec_policy_validate(base, diags), 0);

	assert_string_equal(base->name, "mine");
	/* Enforce beats complain; BASE's scope keeps complain explicitly. */
	assert_int_equal(base->mode, DSEC_MODE_ENFORCE);
	assert_int_equal(base->n_scopes, 1);
	scope = &base->scopes[0];
	assert_int_equal(scope->mode, DSEC_MODE_ENFORCE);
	assert_string_equal(scope->selectors[0].value, "/docker");
	assert_int_equal(scope->guards, DSEC_GUARD_MOUNT | DSEC_GUARD_PTRACE |
					DSEC_GUARD_READONLY_ROOT);
	assert_int_equal(scope->n_fstypes, 1);
	assert_string_equal(scope->fstypes[0], "tmpfs");
	assert_int_equal(scope->n_writable, 1);
	assert_string_equal(scope->writable[0], "/tmp");
	assert_int_equal(scope->defaults[DSEC_HOOK_EXEC], DSEC_ACTION_DENY);
	assert_int_equal(base->n_images, 1);

	assert_int_equal(base->n_rules, 3);
	rule = find_rule(base, "/usr/bin/curl");
	assert_int_equal(rule->action, DSEC_ACTION_DENY);
	assert_int_equal(rule->id, 7);
	assert_string_equal(rule->name, "drift-curl");
	rule = find_rule(base, "/opt/");
	assert_int_equal(rule->id, 8);
	assert_int_equal(rule->action, DSEC_ACTION_ALLOW);
	rule = find_rule(base, "/opt/miner");
	assert_int_equal(rule->action, DSEC_ACTION_DENY);
	assert_int_not_equal(rule->id, 7);
	assert_int_not_equal(rule->id, 8);
	/* The exact rule is kept after the prefix rule but still wins. */
	assert_true(rule > find_rule(base, "/opt/"));

	free(diags);
	dsec_policy_free(base);
	dsec_policy_free(gen);
}

static void test_merge_renames_clashing_rule(void **state)
{
	static const char base_named[] =
		"apiVersion: dsec/v1\nkind: Policy\nname: mine\n"
		"scopes:\n"
		"  - name: app\n"
		"    selectors: [{prefix: /docker}]\n"
		"    rules:\n"
		"      - {hook: exec, action: deny, path: /opt/miner, name: malware-miner}\n"
		"      - {hook: exec, action: deny, path: /opt/other, name: \"malware-miner:2\"}\n";
	static const char gen_named[] =
		"apiVersion: dsec/v1\nkind: Policy\nname: image-y\n"
		"scopes:\n"
		"  - name: container\n"
		"    selectors: [{prefix: /x}]\n"
		"    rules:\n"
		"      - {hook: exec, action: deny, path: /srv/miner, name: malware-miner}\n";
	struct dsec_policy *base = parse_one(base_named);
	struct dsec_policy *gen = parse_one(gen_named);
	struct dsec_diags *diags = calloc(1, sizeof(*diags));
	char err[256];

	assert_int_equal(dsec_policy_merge(base, gen, NULL, err, sizeof(err)), 0);
	assert_int_equal(dsec_policy_validate(base, diags), 0);
	assert_int_equal(base->n_rules, 3);
	assert_string_equal(find_rule(base, "/opt/miner")->name, "malware-miner");
	assert_string_equal(find_rule(base, "/srv/miner")->name, "malware-miner:3");

	free(diags);
	dsec_policy_free(base);
	dsec_policy_free(gen);
}

static void test_merge_appends_unpaired_scope(void **state)
{
	static const char two_scopes[] =
		"apiVersion: dsec/v1\nkind: Policy\nname: base\n"
		"scopes:\n"
		"  - {name: a, selectors: [{prefix: /a}], guards: [ptrace]}\n"
		"  - {name: b, selectors: [{prefix: /b}], guards: [mount]}\n";
	struct dsec_policy *base = parse_one(two_scopes);
	struct dsec_policy *gen = parse_one(gen_yaml);
	char err[256];

	assert_int_equal(dsec_policy_merge(base, gen, NULL, err, sizeof(err)), 0);
	assert_int_equal(base->n_scopes, 3);
	assert_string_equal(base->scopes[2].name, "container");
	assert_int_equal(base->rules[0].scope, 2);

	assert_int_equal(dsec_policy_merge(base, gen, "nope", err, sizeof(err)),
			 -ENOENT);
	assert_non_null(strstr(err, "nope"));
	dsec_policy_free(base);
	dsec_policy_free(gen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_image_all_guards),
		cmocka_unit_test(test_nonroot_image_no_readonly_root),
		cmocka_unit_test(test_setuid_finding_guards_and_rule),
		cmocka_unit_test(test_setgid_finding_rule_name),
		cmocka_unit_test(test_rule_names_unique),
		cmocka_unit_test(test_rule_names_long_paths),
		cmocka_unit_test(test_malware_exec_denied),
		cmocka_unit_test(test_shellshock_deny_and_audit),
		cmocka_unit_test(test_shellshock_other_cve_ignored),
		cmocka_unit_test(test_drift_tools_denied),
		cmocka_unit_test(test_drift_tools_from_packages),
		cmocka_unit_test(test_allowlist_default_deny),
		cmocka_unit_test(test_allowlist_needs_executables),
		cmocka_unit_test(test_selector_option),
		cmocka_unit_test(test_hostile_paths_quoted),
		cmocka_unit_test(test_user_is_root),
		cmocka_unit_test(test_report_round_trip_root),
		cmocka_unit_test(test_report_round_trip_user),
		cmocka_unit_test(test_report_executables_null),
		cmocka_unit_test(test_report_schema_checked),
		cmocka_unit_test(test_report_too_many_objects),
		cmocka_unit_test(test_real_image_round_trip),
		cmocka_unit_test(test_report_invalid),
		cmocka_unit_test(test_merge_precedence),
		cmocka_unit_test(test_merge_renames_clashing_rule),
		cmocka_unit_test(test_merge_appends_unpaired_scope),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
