// SPDX-License-Identifier: GPL-2.0
/*
 * Names of generated rules.
 *
 * A rule is named "<prefix>-<base name of its path>": malware-xmrig,
 * image-exec-dash. Rules whose names clash take in their parent
 * directories, one more per round, until the names differ, so
 * /etc/hostname and /usr/bin/hostname become image-exec-etc-hostname
 * and image-exec-bin-hostname. Names can still clash, because the
 * paths are equal in the name alphabet or too long for a name. Those
 * are numbered in rule order: the first keeps the name and the next
 * ones get ":2", ":3" and so on, skipping any number that would give a
 * name another rule has. The names depend only on the prefixes, paths and order of
 * the rules, so one image gives the same names on every run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/policygen.h"

/*
 * Longest label in bytes. It leaves room in a name for a ":N" suffix
 * with N up to DSEC_MAX_RULES.
 */
#define LABEL_MAX	(DSEC_NAME_MAX - 17)

struct label_state {
	unsigned int depth;	/* path components in the name */
	bool full;		/* one more component does not fit */
};

/*
 * Write "<prefix>-<the last depth components of path>" into buf, which
 * has room for LABEL_MAX + 1 bytes. Components are joined by '-', and every
 * byte outside the name alphabet becomes '_'. A label of one component
 * is cut at LABEL_MAX. Returns false when depth components do not fit
 * or the path has fewer.
 */
static bool format_label(char *buf, const char *prefix, const char *path,
			 unsigned int depth)
{
	const char *end = path + strlen(path), *start;
	bool slash = false;
	unsigned int found;
	size_t len;

	while (end > path && end[-1] == '/')
		end--;
	start = end;
	for (found = 0; found < depth; found++) {
		while (start > path && start[-1] == '/')
			start--;
		if (start == path)
			break;
		while (start > path && start[-1] != '/')
			start--;
	}
	if (found < depth && depth > 1)
		return false;

	len = (size_t)snprintf(buf, LABEL_MAX + 1, "%s-", prefix);
	if (!found) {
		snprintf(buf + len, LABEL_MAX + 1 - len, "file");
		return true;
	}
	for (; start < end; start++) {
		char c = *start;

		/* A run of slashes is one separator. */
		if (c == '/' && slash)
			continue;
		slash = c == '/';
		if (len == LABEL_MAX) {
			if (depth > 1)
				return false;
			break;
		}
		if (slash)
			c = '-';
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || strchr("_.:-", c)))
			c = '_';
		buf[len++] = c;
	}
	buf[len] = '\0';
	return true;
}

static int set_name(struct dsec_rule *rule, const char *name)
{
	char *copy = strdup(name);

	if (!copy)
		return -ENOMEM;
	free(rule->name);
	rule->name = copy;
	return 0;
}

/* Order rule indices by name, then by rule order. */
static int compare_names(const void *a, const void *b, void *arg)
{
	const struct dsec_rule *rules = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int ret = strcmp(rules[x].name, rules[y].name);

	if (ret)
		return ret;
	return x < y ? -1 : x > y;
}

/* End of the run of equal names in order[] that starts at i. */
static size_t run_end(const struct dsec_policy *policy, const size_t *order,
		      size_t i)
{
	const char *name = policy->rules[order[i]].name;
	size_t j = i + 1;

	while (j < policy->n_rules && !strcmp(policy->rules[order[j]].name, name))
		j++;
	return j;
}

/*
 * Give every member of each run of equal names one more path component.
 * Returns 1 when a name changed, 0 when none could, or -ENOMEM.
 */
static int extend_clashing(struct dsec_policy *policy,
			   const char *const *prefixes, size_t *order,
			   struct label_state *labels)
{
	char buf[LABEL_MAX + 1];
	size_t i, j, k;
	int changed = 0, ret;

	qsort_r(order, policy->n_rules, sizeof(*order), compare_names,
		policy->rules);
	for (i = 0; i < policy->n_rules; i = j) {
		j = run_end(policy, order, i);
		for (k = i; j - i > 1 && k < j; k++) {
			struct dsec_rule *rule = &policy->rules[order[k]];
			struct label_state *label = &labels[order[k]];

			if (label->full)
				continue;
			if (!format_label(buf, prefixes[order[k]], rule->path,
					  label->depth + 1)) {
				label->full = true;
				continue;
			}
			ret = set_name(rule, buf);
			if (ret)
				return ret;
			label->depth++;
			changed = 1;
		}
	}
	return changed;
}

/* Whether a rule has the name; order[] is sorted by name. */
static bool name_taken(const struct dsec_policy *policy, const size_t *order,
		       const char *name)
{
	size_t low = 0, high = policy->n_rules;

	while (low < high) {
		size_t mid = low + (high - low) / 2;
		int ret = strcmp(policy->rules[order[mid]].name, name);

		if (!ret)
			return true;
		if (ret < 0)
			low = mid + 1;
		else
			high = mid;
	}
	return false;
}

/*
 * Append ":2", ":3"... to the second and later rules of each clash.
 * The new names are checked against the names before numbering. Two
 * new names cannot be equal: the text after the last ':' is the number,
 * so they would need the same clash and the same number.
 */
static int number_clashing(struct dsec_policy *policy, size_t *order)
{
	char buf[DSEC_NAME_MAX], **numbered;
	size_t i, j, k, number;
	int ret = 0;

	numbered = calloc(policy->n_rules + 1, sizeof(*numbered));
	if (!numbered)
		return -ENOMEM;
	qsort_r(order, policy->n_rules, sizeof(*order), compare_names,
		policy->rules);
	for (i = 0; i < policy->n_rules; i = j) {
		j = run_end(policy, order, i);
		number = 2;
		for (k = i + 1; k < j; k++) {
			do {
				snprintf(buf, sizeof(buf), "%s:%zu",
					 policy->rules[order[i]].name,
					 number++);
			} while (name_taken(policy, order, buf));
			numbered[order[k]] = strdup(buf);
			if (!numbered[order[k]]) {
				ret = -ENOMEM;
				goto out;
			}
		}
	}

	for (i = 0; i < policy->n_rules; i++) {
		if (!numbered[i])
			continue;
		free(policy->rules[i].name);
		policy->rules[i].name = numbered[i];
		numbered[i] = NULL;
	}
out:
	for (i = 0; i < policy->n_rules; i++)
		free(numbered[i]);
	free(numbered);
	return ret;
}

int dsec_policygen_name_rules(struct dsec_policy *policy,
			      const char *const *prefixes)
{
	struct label_state *labels;
	char buf[LABEL_MAX + 1];
	unsigned int round;
	size_t *order, i;
	int ret = 0;

	labels = calloc(policy->n_rules + 1, sizeof(*labels));
	order = calloc(policy->n_rules + 1, sizeof(*order));
	if (!labels || !order) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < policy->n_rules; i++) {
		order[i] = i;
		labels[i].depth = 1;
		format_label(buf, prefixes[i], policy->rules[i].path, 1);
		ret = set_name(&policy->rules[i], buf);
		if (ret)
			goto out;
	}

	/*
	 * The rounds end when no clashing name can take one more
	 * component. Each round sorts every rule, so their number is
	 * capped; the numbering below settles whatever clash is left.
	 */
	for (round = 0; round < LABEL_MAX; round++) {
		ret = extend_clashing(policy, prefixes, order, labels);
		if (ret <= 0)
			break;
	}
	if (ret >= 0)
		ret = number_clashing(policy, order);
out:
	free(labels);
	free(order);
	return ret;
}
