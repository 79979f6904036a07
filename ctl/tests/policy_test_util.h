/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the policy unit tests: parse a YAML string and
 * compare two policies field by field.
 */
#ifndef DSEC_CTL_TESTS_POLICY_TEST_UTIL_H
#define DSEC_CTL_TESTS_POLICY_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ctl/policy.h"

static inline int parse_string(const char *yaml, struct dsec_policy_set *set,
			       struct dsec_diags *diags)
{
	memset(diags, 0, sizeof(*diags));
	memset(set, 0, sizeof(*set));
	return dsec_policy_parse(yaml, strlen(yaml), set, diags);
}

static inline void assert_str_equal_or_null(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* Compare what the kernel receives; finding and reason only if yaml. */
static inline void assert_policies_equal(const struct dsec_policy *a,
					 const struct dsec_policy *b,
					 bool yaml_fields)
{
	size_t i, j;

	assert_string_equal(a->name, b->name);
	assert_int_equal(a->mode, b->mode);
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->n_scopes, b->n_scopes);
	assert_int_equal(a->n_rules, b->n_rules);
	for (i = 0; i < a->n_scopes; i++) {
		const struct dsec_scope *x = &a->scopes[i], *y = &b->scopes[i];

		assert_string_equal(x->name, y->name);
		assert_int_equal(x->mode, y->mode);
		assert_int_equal(x->guards, y->guards);
		assert_int_equal(x->flags, y->flags);
		assert_int_equal(x->n_selectors, y->n_selectors);
		for (j = 0; j < x->n_selectors; j++) {
			assert_int_equal(x->selectors[j].type, y->selectors[j].type);
			assert_str_equal_or_null(x->selectors[j].value,
						 y->selectors[j].value);
			assert_int_equal(x->selectors[j].id, y->selectors[j].id);
		}
		assert_int_equal(x->n_fstypes, y->n_fstypes);
		for (j = 0; j < x->n_fstypes; j++)
			assert_string_equal(x->fstypes[j], y->fstypes[j]);
		assert_int_equal(x->n_writable, y->n_writable);
		for (j = 0; j < x->n_writable; j++)
			assert_string_equal(x->writable[j], y->writable[j]);
		for (j = 0; j < DSEC_HOOK_COUNT; j++)
			assert_int_equal(x->defaults[j], y->defaults[j]);
	}
	for (i = 0; i < a->n_rules; i++) {
		const struct dsec_rule *x = &a->rules[i], *y = &b->rules[i];

		assert_int_equal(x->id, y->id);
		assert_int_equal(x->scope, y->scope);
		assert_int_equal(x->hook, y->hook);
		assert_int_equal(x->action, y->action);
		assert_int_equal(x->mode, y->mode);
		assert_int_equal(x->match, y->match);
		assert_int_equal(x->flags, y->flags);
		assert_string_equal(x->path, y->path);
		assert_str_equal_or_null(x->name, y->name);
		if (yaml_fields) {
			assert_str_equal_or_null(x->finding, y->finding);
			assert_str_equal_or_null(x->reason, y->reason);
		}
	}
}

#endif /* DSEC_CTL_TESTS_POLICY_TEST_UTIL_H */
