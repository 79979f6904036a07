/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Merging two policies into one; the precedence rules are described at
 * the top of policymerge.c and in docs/getting-started.md.
 */
#ifndef DSEC_CTL_POLICYMERGE_H
#define DSEC_CTL_POLICYMERGE_H

#include <stddef.h>

#include "ctl/policy.h"

/*
 * Fold gen into base, in place. into names the base scope that takes
 * every generated scope, or NULL to pair scopes by name. Returns 0 or
 * -errno with a message in err.
 */
int dsec_policy_merge(struct dsec_policy *base, const struct dsec_policy *gen,
		      const char *into, char *err, size_t err_size);

#endif /* DSEC_CTL_POLICYMERGE_H */
