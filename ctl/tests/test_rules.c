// SPDX-License-Identifier: GPL-2.0
/*
 * Every shipped policy (the YAML files in rules/ and rules/examples/)
 * passes the checks of 'dsecctl check' and fits in one load message.
 * Runs from the repository root.
 */
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <netlink/msg.h>

#include "ctl/policy.h"
#include "ctl/policy_msg.h"

static void check_file(const char *path)
{
	struct dsec_policy_set set = { 0 };
	struct dsec_diags diags = { 0 };
	size_t i;
	int err;

	err = dsec_policy_read_file(path, &set, &diags);
	for (i = 0; i < diags.n; i++)
		print_error("%s:%u:%u: error: %s\n", path, diags.items[i].pos.line,
			    diags.items[i].pos.column, diags.items[i].message);
	assert_int_equal(err, 0);
	assert_true(set.n > 0);
	for (i = 0; i < set.n; i++) {
		struct nl_msg *msg;

		assert_non_null(set.items[i]->source);
		assert_true(set.items[i]->has_digest);
		assert_int_equal(dsec_policy_build_load(0, set.items[i], &msg), 0);
		nlmsg_free(msg);
	}
	dsec_policy_set_clear(&set);
}

static size_t check_pattern(const char *pattern)
{
	glob_t g;
	size_t i, n;

	assert_int_equal(glob(pattern, 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++)
		check_file(g.gl_pathv[i]);
	n = g.gl_pathc;
	globfree(&g);
	return n;
}

static void shipped_rules_valid(void **state)
{
	assert_true(check_pattern("rules/*.yaml") >= 1);
}

static void example_rules_valid(void **state)
{
	assert_true(check_pattern("rules/examples/*.yaml") >= 3);
}

/* The baseline covers the default layouts of the common runtimes. */
static void baseline_covers_runtimes(void **state)
{
	static const char *const selectors[] = {
		"/system.slice/docker-*.scope", "/docker",
		"/kubepods.slice/kubepods-pod*.slice",
		"/kubepods.slice/kubepods-*.slice/kubepods-*-pod*.slice",
		"/kubepods/pod*", "/kubepods/*/pod*",
		"/machine.slice/libpod-*.scope", "/libpod_parent",
	};
	struct dsec_policy_set set = { 0 };
	struct dsec_diags diags = { 0 };
	const struct dsec_policy *p;
	size_t i, j, k;

	assert_int_equal(dsec_policy_read_file("rules/baseline.yaml", &set,
					       &diags), 0);
	p = set.items[0];
	assert_int_equal(p->mode, DSEC_MODE_ENFORCE);
	for (i = 0; i < sizeof(selectors) / sizeof(selectors[0]); i++) {
		bool found = false;

		for (j = 0; j < p->n_scopes; j++)
			for (k = 0; k < p->scopes[j].n_selectors; k++)
				if (p->scopes[j].selectors[k].value &&
				    !strcmp(p->scopes[j].selectors[k].value,
					    selectors[i]))
					found = true;
		if (!found)
			print_error("no scope selects '%s'\n", selectors[i]);
		assert_true(found);
	}
	for (j = 0; j < p->n_scopes; j++)
		assert_int_equal(p->scopes[j].guards, DSEC_GUARD_ALL);
	dsec_policy_set_clear(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_rules_valid),
		cmocka_unit_test(example_rules_valid),
		cmocka_unit_test(baseline_covers_runtimes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
