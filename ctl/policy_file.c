// SPDX-License-Identifier: GPL-2.0
/*
 * Policy files: read, parse, and record where each policy came from.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ctl/policy.h"

int dsec_policy_read_file(const char *path, struct dsec_policy_set *ret_set,
			  struct dsec_diags *diags)
{
	struct dsec_policy_set set = { 0 };
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int digest_len = 0;
	char *buf, *source;
	size_t len, i;
	int err;

	err = dsec_read_file(path, &buf, &len);
	if (err)
		return err;
	if (!EVP_Digest(buf, len, digest, &digest_len, EVP_sha256(), NULL) ||
	    digest_len != DSEC_DIGEST_LEN) {
		free(buf);
		return -EIO;
	}
	err = dsec_policy_parse(buf, len, &set, diags);
	free(buf);
	if (err)
		return err;

	/* A path that cannot be resolved (a pipe, say) is kept as given. */
	source = realpath(path, NULL);
	for (i = 0; i < set.n; i++) {
		struct dsec_policy *policy = set.items[i];

		policy->source = strdup(source ? source : path);
		if (!policy->source) {
			free(source);
			dsec_policy_set_clear(&set);
			return -ENOMEM;
		}
		memcpy(policy->digest, digest, DSEC_DIGEST_LEN);
		policy->has_digest = true;
	}
	free(source);
	*ret_set = set;
	return 0;
}
