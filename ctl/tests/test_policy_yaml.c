// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the policy YAML parser, validation and emitter.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ctl/policy.h"
#include "ctl/tests/policy_test_util.h"

static const char full_policy[] =
	"apiVersion: dsec/v1\n"
	"kind: Policy\n"
	"name: baseline\n"
	"mode: complain\n"
	"lock: true\n"
	"scopes:\n"
	"  - name: docker\n"
	"    mode: enforce\n"
	"    selectors:\n"
	"      - prefix: /docker\n"
	"      - glob: /system.slice/docker-*.scope\n"
	"      - id: 4242\n"
	"    guards: [mount, ptrace, readonly-root]\n"
	"    mount-fstypes: [tmpfs, mqueue]\n"
	"    writable: [/tmp, /run]\n"
	"    cgroup-writable: true\n"
	"    defaults: { exec: audit, write: deny }\n"
	"    rules:\n"
	"      - id: 100\n"
	"        hook: exec\n"
	"        action: deny\n"
	"        path: /usr/bin/xmrig\n"
	"        match: exact\n"
	"        mode: complain\n"
	"        setuid-only: true\n"
	"        name: malware-xmrig\n"
	"        finding: DSEC-MAL-MINER\n"
	"        reason: \"free text\"\n"
	"      - hook: write\n"
	"        action: audit\n"
	"        path: /etc/\n"
	"  - name: k8s\n"
	"    selectors:\n"
	"      - prefix: /kubepods.slice\n"
	"    guards: all\n"
	"    rules:\n"
	"      - hook: mount\n"
	"        action: allow\n"
	"        path: /mnt/*/data\n";

static void parse_full_policy(void **state)
{
	struct dsec_policy_set set;
	struct dsec_diags diags;
	const struct dsec_policy *p;
	const struct dsec_scope *s;
	const struct dsec_rule *r;

	assert_int_equal(parse_string(full_policy, &set, &diags), 0);
	assert_int_equal(diags.n, 0);
	assert_int_equal(set.n, 1);
	p = set.items[0];
	assert_string_equal(p->name, "baseline");
	assert_int_equal(p->mode, DSEC_MODE_COMPLAIN);
	assert_int_equal(p->flags, DSEC_POLICY_F_LOCK);
	assert_int_equal(p->n_scopes, 2);
	assert_int_equal(p->n_rules, 3);

	s = &p->scopes[0];
	assert_string_equal(s->name, "docker");
	assert_int_equal(s->mode, DSEC_MODE_ENFORCE);
	assert_int_equal(s->n_selectors, 3);
	assert_int_equal(s->selectors[0].type, DSEC_SELECTOR_PREFIX);
	assert_string_equal(s->selectors[0].value, "/docker");
	assert_int_equal(s->selectors[1].type, DSEC_SELECTOR_GLOB);
	assert_string_equal(s->selectors[1].value, "/system.slice/docker-*.scope");
	assert_int_equal(s->selectors[2].type, DSEC_SELECTOR_ID);
	assert_int_equal(s->selectors[2].id, 4242);
	assert_int_equal(s->guards, DSEC_GUARD_MOUNT | DSEC_GUARD_PTRACE |
				    DSEC_GUARD_READONLY_ROOT);
	assert_int_equal(s->n_fstypes, 2);
	assert_string_equal(s->fstypes[0], "tmpfs");
	assert_string_equal(s->fstypes[1], "mqueue");
	assert_int_equal(s->n_writable, 2);
	assert_string_equal(s->writable[1], "/run");
	assert_int_equal(s->flags, DSEC_SCOPE_F_CGROUP_WRITABLE);
	assert_int_equal(s->defaults[DSEC_HOOK_EXEC], DSEC_ACTION_AUDIT);
	assert_int_equal(s->defaults[DSEC_HOOK_WRITE], DSEC_ACTION_DENY);
	assert_int_equal(s->defaults[DSEC_HOOK_MOUNT], DSEC_DEFAULT_UNSET);
	assert_int_equal(p->scopes[1].guards, DSEC_GUARD_ALL);
	assert_int_equal(p->scopes[1].mode, DSEC_MODE_INHERIT);

	r = &p->rules[0];
	assert_int_equal(r->id, 100);
	assert_int_equal(r->scope, 0);
	assert_int_equal(r->hook, DSEC_HOOK_EXEC);
	assert_int_equal(r->action, DSEC_ACTION_DENY);
	assert_string_equal(r->path, "/usr/bin/xmrig");
	assert_int_equal(r->match, DSEC_MATCH_EXACT);
	assert_int_equal(r->mode, DSEC_MODE_COMPLAIN);
	assert_int_equal(r->flags, DSEC_RULE_F_SETUID);
	assert_string_equal(r->name, "malware-xmrig");
	assert_string_equal(r->finding, "DSEC-MAL-MINER");
	assert_string_equal(r->reason, "free text");
	assert_int_equal(r->pos.line, 19);
	assert_int_equal(r->pos.column, 9);

	/* No id: the lowest unused one; '/etc/' infers a prefix match. */
	r = &p->rules[1];
	assert_int_equal(r->id, 1);
	assert_int_equal(r->scope, 0);
	assert_int_equal(r->match, DSEC_MATCH_PREFIX);
	assert_int_equal(r->mode, DSEC_MODE_INHERIT);
	assert_null(r->name);

	r = &p->rules[2];
	assert_int_equal(r->id, 2);
	assert_int_equal(r->scope, 1);
	assert_int_equal(r->hook, DSEC_HOOK_MOUNT);
	assert_int_equal(r->match, DSEC_MATCH_GLOB);
	dsec_policy_set_clear(&set);
}

static void parse_multiple_documents(void **state)
{
	static const char yaml[] =
		"apiVersion: dsec/v1\nkind: Policy\nname: one\n"
		"---\n"
		"apiVersion: dsec/v1\nkind: Policy\nname: two\n";
	struct dsec_policy_set set;
	struct dsec_diags diags;

	assert_int_equal(parse_string(yaml, &set, &diags), 0);
	assert_int_equal(set.n, 2);
	assert_string_equal(set.items[0]->name, "one");
	assert_string_equal(set.items[1]->name, "two");
	assert_int_equal(set.items[1]->mode, DSEC_MODE_ENFORCE);
	dsec_policy_set_clear(&set);
}

static void match_inference(void **state)
{
	assert_int_equal(dsec_match_infer("/usr/bin/sh"), DSEC_MATCH_EXACT);
	assert_int_equal(dsec_match_infer("/usr/bin/"), DSEC_MATCH_PREFIX);
	assert_int_equal(dsec_match_infer("/usr/*/sh"), DSEC_MATCH_GLOB);
	assert_int_equal(dsec_match_infer("/tmp/?"), DSEC_MATCH_GLOB);
	/* Kernel globs have no bracket classes: '[' is an ordinary byte. */
	assert_int_equal(dsec_match_infer("/x[ab]"), DSEC_MATCH_EXACT);
	assert_int_equal(dsec_match_infer("/"), DSEC_MATCH_EXACT);
}

struct bad_case {
	const char *yaml;	/* appended to a valid policy header */
	unsigned int line;
	unsigned int column;
	const char *message;	/* a substring of one diagnostic */
};

#define HEAD "apiVersion: dsec/v1\nkind: Policy\nname: p\n"
#define SCOPE "scopes:\n  - name: s\n    selectors: [{prefix: /docker}]\n"
#define RULES SCOPE "    rules:\n"

static const struct bad_case bad_cases[] = {
	{ HEAD "mounts: 1\n", 4, 1,
	  "unknown key 'mounts' in a policy; expected one of: apiVersion" },
	{ "kind: Policy\nname: p\n", 1, 1,
	  "policy is missing the required key 'apiVersion'" },
	{ "apiVersion: dsec/v2\nkind: Policy\nname: p\n", 1, 13,
	  "unsupported apiVersion 'dsec/v2'; expected 'dsec/v1'" },
	{ "apiVersion: dsec/v1\nkind: Rule\nname: p\n", 2, 7,
	  "unsupported kind 'Rule'; expected 'Policy'" },
	{ "apiVersion: dsec/v1\nkind: Policy\n", 1, 1,
	  "policy is missing the required key 'name'" },
	{ "apiVersion: dsec/v1\nkind: Policy\nname: a b\n", 3, 7,
	  "invalid policy name 'a b'" },
	{ HEAD "mode: inherit\n", 4, 7,
	  "unknown policy mode 'inherit'; expected one of: enforce, complain" },
	{ HEAD "lock: yes\n", 4, 7, "'lock' must be true or false, found 'yes'" },
	{ HEAD "lock: \"true\"\n", 4, 7, "(quoted)" },
	{ HEAD "name: q\n", 4, 1, "duplicate key 'name' in a policy" },
	{ HEAD "scopes: {name: s}\n", 4, 9, "'scopes' must be a list, found a mapping" },
	{ HEAD "scopes:\n  - name: s\n", 5, 5,
	  "scope 's' has no selectors" },
	{ HEAD "scopes:\n  - selectors: [{prefix: /x}]\n", 5, 5,
	  "scope is missing the required key 'name'" },
	{ HEAD SCOPE "    guards: [mounts]\n", 7, 14,
	  "unknown guard 'mounts'; expected one of: mount, ptrace, kernel-knobs, host-files, readonly-root, module-load, setuid-exec" },
	{ HEAD SCOPE "    guards: some\n", 7, 13,
	  "'guards' must be 'all', 'none' or a list of guard names, found 'some'" },
	{ HEAD SCOPE "    mode: strict\n", 7, 11,
	  "unknown mode 'strict'; expected one of: inherit, enforce, complain" },
	{ HEAD SCOPE "    color: red\n", 7, 5, "unknown key 'color' in a scope" },
	{ HEAD SCOPE "    mount-fstypes: [\"bad type\"]\n", 7, 20,
	  "invalid file system type 'bad type'" },
	{ HEAD SCOPE "    mount-fstypes: [tmpfs, tmpfs]\n", 7, 20,
	  "file system type 'tmpfs' is listed twice" },
	{ HEAD SCOPE "    writable: [tmp]\n", 7, 15,
	  "writable path 'tmp' is not an absolute path" },
	{ HEAD SCOPE "    defaults: { exec: block }\n", 7, 23,
	  "unknown action 'block'; expected one of: allow, audit, deny" },
	{ HEAD SCOPE "    defaults: { open: deny }\n", 7, 17,
	  "unknown key 'open' in 'defaults'; expected one of: exec, mount, ptrace, write, module" },
	{ HEAD "scopes:\n  - name: s\n    selectors: [{prefix: docker}]\n", 6, 26,
	  "cgroup path 'docker' must start with '/'" },
	{ HEAD "scopes:\n  - name: s\n    selectors: [{prefix: /a//b}]\n", 6, 26,
	  "has an empty, '.' or '..' component" },
	{ HEAD "scopes:\n  - name: s\n    selectors: [{prefix: /a/..}]\n", 6, 26,
	  "has an empty, '.' or '..' component" },
	{ HEAD "scopes:\n  - name: s\n    selectors: [{id: -1}]\n", 6, 22,
	  "'id' must be a decimal integer, found '-1'" },
	{ HEAD "scopes:\n  - name: s\n    selectors: [{path: /x}]\n", 6, 18,
	  "unknown key 'path' in a selector" },
	{ HEAD "scopes:\n  - name: s\n    selectors: [{glob: '/x/***'}]\n", 6, 24,
	  "glob '/x/***' has a run of three or more '*'" },
	{ HEAD "scopes:\n  - name: s\n    selectors: [{prefix: /a}]\n"
	  "  - name: s\n    selectors: [{prefix: /b}]\n", 7, 11,
	  "scope name 's' is already used at line 5" },
	{ HEAD RULES "      - hook: exec\n        action: deny\n", 8, 9,
	  "rule is missing the required key 'path'" },
	{ HEAD RULES "      - action: deny\n        path: /x\n", 8, 9,
	  "rule is missing the required key 'hook'" },
	{ HEAD RULES "      - hook: open\n        action: deny\n        path: /x\n", 8, 15,
	  "unknown hook 'open'; expected one of: exec, mount, ptrace, write, module" },
	{ HEAD RULES "      - hook: exec\n        action: kill\n        path: /x\n", 9, 17,
	  "unknown action 'kill'; expected one of: allow, audit, deny" },
	{ HEAD RULES "      - hook: exec\n        action: deny\n        path: /a/***\n", 10, 15,
	  "glob '/a/***' has a run of three or more '*'" },
	{ HEAD RULES "      - hook: exec\n        action: deny\n        path: x\n", 10, 15,
	  "rule path 'x' is not an absolute path" },
	{ HEAD RULES "      - hook: exec\n        action: deny\n        path: /x\n        match: regex\n", 11, 16,
	  "unknown match type 'regex'; expected one of: exact, prefix, glob" },
	{ HEAD RULES "      - hook: write\n        action: deny\n        path: /x\n        setuid-only: true\n", 8, 9,
	  "setuid-only applies to exec rules only, not to hook write" },
	{ HEAD RULES "      - id: 0\n        hook: exec\n        action: deny\n        path: /x\n", 8, 13,
	  "'id' is out of range: '0'; expected 1 to 4294967295" },
	{ HEAD RULES "      - id: 4294967296\n        hook: exec\n        action: deny\n        path: /x\n", 8, 13,
	  "'id' is out of range" },
	{ HEAD RULES "      - id: 7\n        hook: exec\n        action: deny\n        path: /x\n"
	  "      - id: 7\n        hook: exec\n        action: deny\n        path: /y\n", 12, 13,
	  "rule id 7 is already used by the rule at line 8" },
	{ HEAD RULES "      - hook: exec\n        action: deny\n        path: /etc/hostname\n        name: exec-hostname\n"
	  "      - hook: exec\n        action: deny\n        path: /usr/bin/hostname\n        name: exec-hostname\n", 15, 15,
	  "rule name 'exec-hostname' of the rule for '/usr/bin/hostname' is already used in scope 's' by the rule for '/etc/hostname' at line 8; give each rule of a scope its own name" },
	{ HEAD RULES "      - hook: exec\n        action: deny\n        path: /x\n        name: \"has space\"\n", 11, 15,
	  "invalid rule name 'has space'" },
	{ HEAD RULES "      - hook: exec\n        action: deny\n        path: /x\n        finding: \"a b\"\n", 11, 18,
	  "invalid finding id 'a b'" },
	{ HEAD RULES "      - hook: exec\n        action: deny\n        path: /x\n        why: x\n", 11, 9,
	  "unknown key 'why' in a rule" },
	{ HEAD RULES "      - hook: exec\n        action: deny\n        path: [/x]\n", 10, 15,
	  "'path' must be a string, found a list" },
	{ HEAD RULES "      - hook: exec\n        action: deny\n        path:\n", 10, 14,
	  "'path' must be a string, found an empty value" },
	{ HEAD "scopes: &a\n  - name: s\n    selectors: [{prefix: /x}]\nother: *a\n", 4, 9,
	  "YAML aliases are not supported" },
	{ "- a\n- b\n", 1, 1, "a policy must be a mapping, found a list" },
	{ "apiVersion: [\n", 2, 1, "invalid YAML: " },
	{ "", 1, 1, "the file holds no policy" },
	{ HEAD "---\n" HEAD, 7, 7, "policy name 'p' is already used at line 1" },
};

/* Whether one of the diagnostics has the case's position and message. */
static bool find_diag(const struct dsec_diags *diags, const struct bad_case *c)
{
	size_t i;

	for (i = 0; i < diags->n; i++)
		if (diags->items[i].pos.line == c->line &&
		    diags->items[i].pos.column == c->column &&
		    strstr(diags->items[i].message, c->message))
			return true;
	return false;
}

static void reject_invalid_policies(void **state)
{
	size_t i, failures = 0;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct dsec_policy_set set;
		struct dsec_diags diags;
		int err;

		err = parse_string(c->yaml, &set, &diags);
		if (err == -EINVAL && !set.n && find_diag(&diags, c))
			continue;
		/* Report every failing case, not only the first. */
		print_error("case %zu: got %d, %u:%u '%s'; expected %u:%u '%s'\n",
			    i, err, diags.n ? diags.items[0].pos.line : 0,
			    diags.n ? diags.items[0].pos.column : 0,
			    diags.n ? diags.items[0].message : "",
			    c->line, c->column, c->message);
		dsec_policy_set_clear(&set);
		failures++;
	}
	assert_int_equal(failures, 0);
}

/* An alias used where the schema reads a value is reported. */
static void reject_aliases(void **state)
{
	static const char yaml[] =
		HEAD "scopes:\n  - name: s\n    selectors: &sel [{prefix: /x}]\n"
		"  - name: t\n    selectors: *sel\n";
	struct dsec_policy_set set;
	struct dsec_diags diags;

	assert_int_equal(parse_string(yaml, &set, &diags), -EINVAL);
	assert_int_equal(diags.items[0].pos.line, 6);
	assert_non_null(strstr(diags.items[0].message,
			       "YAML aliases are not supported"));
}

/* Nested aliases that would expand to 10^9 nodes finish at once. */
static void reject_alias_expansion(void **state)
{
	static const char yaml[] =
		"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
		"h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
		"i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
		HEAD "scopes: *i\n";
	struct dsec_policy_set set;
	struct dsec_diags diags;

	assert_int_equal(parse_string(yaml, &set, &diags), -EINVAL);
	assert_true(diags.n > 0);
}

/*
 * Flow collections nested 100000 deep: libyaml's scanner is quadratic
 * in the depth, so this took minutes before the depth check.
 */
static void reject_deep_nesting(void **state)
{
	const size_t depth = 100000;
	char *yaml = malloc(sizeof(HEAD "scopes: ") + 2 * depth + 1), *p;
	struct dsec_policy_set set;
	struct dsec_diags diags;

	assert_non_null(yaml);
	p = stpcpy(yaml, HEAD "scopes: ");
	for (size_t i = 0; i < depth; i++) {
		p[i] = '[';
		p[depth + i] = ']';
	}
	strcpy(p + 2 * depth, "\n");

	alarm(20);
	assert_int_equal(parse_string(yaml, &set, &diags), -EINVAL);
	alarm(0);
	assert_int_equal(diags.n, 1);
	assert_non_null(strstr(diags.items[0].message,
			       "collections nested more than 64 levels deep"));
	free(yaml);
}

/* Append formatted text to a growing buffer. */
static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if ((size_t)n < *cap - *len)
			break;
		*cap = *cap * 2 + (size_t)n;
		*buf = realloc(*buf, *cap);
		assert_non_null(*buf);
	}
	*len += (size_t)n;
}

/* A policy with n_scopes scopes and n_rules rules in the first scope. */
static char *generate_policy(size_t n_scopes, size_t n_rules,
			     size_t n_selectors)
{
	size_t len = 0, cap = 4096, i;
	char *buf = malloc(cap);

	assert_non_null(buf);
	buf[0] = '\0';
	append(&buf, &len, &cap, HEAD "scopes:\n");
	for (i = 0; i < n_scopes; i++) {
		size_t j;

		append(&buf, &len, &cap, "  - name: s%zu\n    selectors:\n", i);
		for (j = 0; j < (i ? 1 : n_selectors); j++)
			append(&buf, &len, &cap, "      - prefix: /c%zu/%zu\n", i, j);
		if (i == 0 && n_rules) {
			append(&buf, &len, &cap, "    rules:\n");
			for (j = 0; j < n_rules; j++)
				append(&buf, &len, &cap,
				       "      - {hook: exec, action: deny, path: /usr/bin/tool-%zu}\n",
				       j);
		}
	}
	return buf;
}

static void check_limit(char *yaml, int expected_err, const char *message)
{
	struct dsec_policy_set set;
	struct dsec_diags diags;

	assert_int_equal(parse_string(yaml, &set, &diags), expected_err);
	if (message) {
		assert_true(diags.n > 0);
		if (!strstr(diags.items[0].message, message))
			print_error("got '%s'\n", diags.items[0].message);
		assert_non_null(strstr(diags.items[0].message, message));
	}
	dsec_policy_set_clear(&set);
	free(yaml);
}

/*
 * Alerts carry the scope and the rule name, so a name may repeat in
 * another scope; and every later duplicate of a name is reported.
 */
static void rule_names_unique_per_scope(void **state)
{
	static const char other_scope[] =
		HEAD "scopes:\n"
		"  - name: a\n    selectors: [{prefix: /a}]\n"
		"    rules: [{hook: exec, action: deny, path: /x, name: n}]\n"
		"  - name: b\n    selectors: [{prefix: /b}]\n"
		"    rules: [{hook: exec, action: deny, path: /y, name: n}]\n";
	static const char three[] =
		HEAD RULES
		"      - {hook: exec, action: deny, path: /x, name: n}\n"
		"      - {hook: exec, action: deny, path: /y, name: n}\n"
		"      - {hook: exec, action: deny, path: /z, name: n}\n"
		"      - {hook: exec, action: deny, path: /w}\n"
		"      - {hook: exec, action: deny, path: /v}\n";
	struct dsec_policy_set set;
	struct dsec_diags diags;

	assert_int_equal(parse_string(other_scope, &set, &diags), 0);
	dsec_policy_set_clear(&set);

	assert_int_equal(parse_string(three, &set, &diags), -EINVAL);
	assert_int_equal(diags.n, 2);
	assert_int_equal(diags.items[0].pos.line, 9);
	assert_non_null(strstr(diags.items[0].message,
			       "for '/y' is already used in scope 's' by the rule for '/x' at line 8"));
	assert_int_equal(diags.items[1].pos.line, 10);
	assert_non_null(strstr(diags.items[1].message,
			       "for '/z' is already used in scope 's' by the rule for '/x' at line 8"));
}

static void limits_scopes(void **state)
{
	check_limit(generate_policy(DSEC_MAX_SCOPES, 0, 1), 0, NULL);
	check_limit(generate_policy(DSEC_MAX_SCOPES + 1, 0, 1), -EINVAL,
		    "policy has 257 scopes; the maximum is 256");
}

static void limits_selectors(void **state)
{
	check_limit(generate_policy(1, 0, DSEC_MAX_SELECTORS), 0, NULL);
	check_limit(generate_policy(1, 0, DSEC_MAX_SELECTORS + 1), -EINVAL,
		    "scope 's0' has 65 selectors; the maximum is 64");
}

static void limits_rules(void **state)
{
	check_limit(generate_policy(1, DSEC_MAX_RULES, 1), 0, NULL);
	check_limit(generate_policy(1, DSEC_MAX_RULES + 1, 1), -EINVAL,
		    "policy has 65537 rules; the maximum is 65536");
}

static void limits_lengths(void **state)
{
	char name[DSEC_NAME_MAX + 1], path[DSEC_PATTERN_MAX + 1];
	char *yaml;

	memset(name, 'n', sizeof(name));
	name[DSEC_NAME_MAX - 1] = '\0';		/* 127 bytes: the longest */
	assert_true(asprintf(&yaml, "apiVersion: dsec/v1\nkind: Policy\nname: %s\n",
			     name) > 0);
	check_limit(yaml, 0, NULL);
	name[DSEC_NAME_MAX - 1] = 'n';
	name[DSEC_NAME_MAX] = '\0';		/* 128 bytes */
	assert_true(asprintf(&yaml, "apiVersion: dsec/v1\nkind: Policy\nname: %s\n",
			     name) > 0);
	check_limit(yaml, -EINVAL,
		    "policy name is 128 bytes long; the maximum is 127");

	path[0] = '/';
	memset(path + 1, 'p', sizeof(path) - 1);
	path[DSEC_PATTERN_MAX] = '\0';		/* 1024 bytes */
	assert_true(asprintf(&yaml, HEAD RULES
			     "      - {hook: exec, action: deny, path: %s}\n",
			     path) > 0);
	check_limit(yaml, -EINVAL,
		    "rule path is 1024 bytes long; the maximum is 1023");
	path[DSEC_PATTERN_MAX - 1] = '\0';
	assert_true(asprintf(&yaml, HEAD RULES
			     "      - {hook: exec, action: deny, path: %s}\n",
			     path) > 0);
	check_limit(yaml, 0, NULL);
}

static void limits_fstypes_and_writable(void **state)
{
	size_t len = 0, cap = 4096, i;
	char *yaml = malloc(cap);

	yaml[0] = '\0';
	append(&yaml, &len, &cap, HEAD SCOPE "    mount-fstypes: [");
	for (i = 0; i <= DSEC_MAX_FSTYPES; i++)
		append(&yaml, &len, &cap, "%sfs%zu", i ? ", " : "", i);
	append(&yaml, &len, &cap, "]\n");
	check_limit(yaml, -EINVAL,
		    "scope 's' allows 33 mount types; the maximum is 32");

	len = 0;
	cap = 4096;
	yaml = malloc(cap);
	yaml[0] = '\0';
	append(&yaml, &len, &cap, HEAD SCOPE "    writable:\n");
	for (i = 0; i <= DSEC_MAX_WRITABLE; i++)
		append(&yaml, &len, &cap, "      - /w%zu\n", i);
	check_limit(yaml, -EINVAL,
		    "scope 's' has 257 writable paths; the maximum is 256");
}

/* Auto-assigned ids skip ids that later rules claim. */
static void assign_ids_skip_explicit(void **state)
{
	static const char yaml[] = HEAD RULES
		"      - {hook: exec, action: deny, path: /a}\n"
		"      - {id: 1, hook: exec, action: deny, path: /b}\n"
		"      - {hook: exec, action: deny, path: /c}\n"
		"      - {id: 3, hook: exec, action: deny, path: /d}\n"
		"      - {hook: exec, action: deny, path: /e}\n";
	struct dsec_policy_set set;
	struct dsec_diags diags;
	const struct dsec_policy *p;

	assert_int_equal(parse_string(yaml, &set, &diags), 0);
	p = set.items[0];
	assert_int_equal(p->rules[0].id, 2);
	assert_int_equal(p->rules[1].id, 1);
	assert_int_equal(p->rules[2].id, 4);
	assert_int_equal(p->rules[3].id, 3);
	assert_int_equal(p->rules[4].id, 5);
	dsec_policy_set_clear(&set);
}

static void assign_ids_exhausted(void **state)
{
	static const char yaml[] = HEAD RULES
		"      - {id: 4294967295, hook: exec, action: deny, path: /a}\n"
		"      - {hook: exec, action: deny, path: /b}\n";
	struct dsec_policy_set set;
	struct dsec_diags diags;

	/* Id 1 is free, so one auto id still fits. */
	assert_int_equal(parse_string(yaml, &set, &diags), 0);
	assert_int_equal(set.items[0]->rules[1].id, 1);
	dsec_policy_set_clear(&set);
}

/* Parse, emit, parse again: both policies are the same. */
static void round_trip(const char *yaml)
{
	struct dsec_policy_set first, second;
	struct dsec_diags diags;
	char *out = NULL;
	size_t out_len = 0, i;
	FILE *f;

	assert_int_equal(parse_string(yaml, &first, &diags), 0);
	f = open_memstream(&out, &out_len);
	assert_non_null(f);
	for (i = 0; i < first.n; i++) {
		if (i)
			fputs("---\n", f);
		assert_int_equal(dsec_policy_emit(first.items[i], f), 0);
	}
	fclose(f);

	if (parse_string(out, &second, &diags))
		print_error("emitted YAML does not parse:\n%s\n%u:%u %s\n", out,
			    diags.items[0].pos.line, diags.items[0].pos.column,
			    diags.items[0].message);
	assert_int_equal(parse_string(out, &second, &diags), 0);
	assert_int_equal(second.n, first.n);
	for (i = 0; i < first.n; i++)
		assert_policies_equal(first.items[i], second.items[i], true);
	dsec_policy_set_clear(&first);
	dsec_policy_set_clear(&second);
	free(out);
}

static void round_trip_full(void **state)
{
	round_trip(full_policy);
}

static void round_trip_awkward_strings(void **state)
{
	round_trip(HEAD RULES
		   "      - {hook: exec, action: deny, path: '/bin/true'}\n"
		   "      - {hook: exec, action: deny, path: '/x/**/y?'}\n"
		   "      - {hook: exec, action: deny, path: '/x: y # z'}\n"
		   "      - {hook: exec, action: deny, path: \"/caf\\u00e9\"}\n"
		   "      - {hook: exec, action: deny, path: '/a\"b', name: '123',\n"
		   "         reason: \"line one\\nline two: 'quoted'\"}\n"
		   "      - {hook: exec, action: deny, path: '/null', name: 'true'}\n"
		   "---\n"
		   "apiVersion: dsec/v1\nkind: Policy\nname: other\nmode: complain\n"
		   "scopes:\n  - name: s\n    selectors: [{id: 18446744073709551615}]\n"
		   "    guards: none\n");
}

static void round_trip_shipped_files(void **state)
{
	static const char *const files[] = {
		"rules/baseline.yaml",
		"rules/examples/complain-rollout.yaml",
		"rules/examples/exec-allowlist.yaml",
		"rules/examples/per-container.yaml",
	};
	size_t i, len;
	char *buf;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		assert_int_equal(dsec_read_file(files[i], &buf, &len), 0);
		round_trip(buf);
		free(buf);
	}
}

static void emit_comments_source(void **state)
{
	struct dsec_policy_set set;
	struct dsec_diags diags;
	struct dsec_policy *p;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	assert_int_equal(parse_string(HEAD, &set, &diags), 0);
	p = set.items[0];
	p->source = strdup("/etc/dsec/p.yaml");
	p->has_digest = true;
	memset(p->digest, 0xab, sizeof(p->digest));
	p->generation = 7;
	f = open_memstream(&out, &len);
	assert_int_equal(dsec_policy_emit(p, f), 0);
	fclose(f);
	assert_non_null(strstr(out, "# source: /etc/dsec/p.yaml\n"));
	assert_non_null(strstr(out, "# sha256: abababab"));
	assert_non_null(strstr(out, "# generation: 7\n"));
	assert_non_null(strstr(out, "name: p\n"));
	free(out);
	dsec_policy_set_clear(&set);
}

static void read_file_errors(void **state)
{
	char *buf;
	size_t len;

	assert_int_equal(dsec_read_file("/nonexistent/p.yaml", &buf, &len),
			 -ENOENT);
	assert_int_equal(dsec_read_file("/", &buf, &len), -EISDIR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_full_policy),
		cmocka_unit_test(parse_multiple_documents),
		cmocka_unit_test(match_inference),
		cmocka_unit_test(reject_invalid_policies),
		cmocka_unit_test(rule_names_unique_per_scope),
		cmocka_unit_test(reject_aliases),
		cmocka_unit_test(reject_alias_expansion),
		cmocka_unit_test(reject_deep_nesting),
		cmocka_unit_test(limits_scopes),
		cmocka_unit_test(limits_selectors),
		cmocka_unit_test(limits_rules),
		cmocka_unit_test(limits_lengths),
		cmocka_unit_test(limits_fstypes_and_writable),
		cmocka_unit_test(assign_ids_skip_explicit),
		cmocka_unit_test(assign_ids_exhausted),
		cmocka_unit_test(round_trip_full),
		cmocka_unit_test(round_trip_awkward_strings),
		cmocka_unit_test(round_trip_shipped_files),
		cmocka_unit_test(emit_comments_source),
		cmocka_unit_test(read_file_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
