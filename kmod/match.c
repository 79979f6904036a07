// SPDX-License-Identifier: GPL-2.0
/*
 * Path matching for rules and cgroup selectors: exact paths by hash,
 * component-wise prefixes and globs.
 *
 * A glob is compiled at load time into tokens and matched by simulating
 * its NFA over the input, one bit per pattern position. The cost is
 * bounded by the input length times the pattern length for any pattern,
 * so a hostile pattern cannot make matching exponential.
 *
 * Everything here runs in hook context: no sleeping, no allocation.
 */
#define pr_fmt(fmt) "dsec: " fmt

#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

u32 dsec_path_hash(const char *path, u32 len)
{
	return jhash(path, len, 0);
}

/**
 * dsec_glob_compile - compile a glob into tokens
 * @pattern: '*' and '?' stay within a component, '**' crosses them and
 *	'**' followed by '/' also matches no directory at all
 * @ret_tokens: compiled tokens, kfree() by the caller
 * @ret_len: number of tokens
 *
 * Return: 0, -EINVAL for a '***' run, or -ENOMEM.
 */
int dsec_glob_compile(const char *pattern, u16 **ret_tokens, u32 *ret_len)
{
	size_t len = strlen(pattern);
	u16 *tokens;
	u32 n = 0;
	size_t i;

	tokens = kmalloc_array(len + 1, sizeof(*tokens), GFP_KERNEL);
	if (!tokens)
		return -ENOMEM;

	for (i = 0; i < len; i++) {
		char c = pattern[i];

		if (c == '?') {
			tokens[n++] = DSEC_GLOB_ANY_CHAR;
		} else if (c != '*') {
			tokens[n++] = (u8)c;
		} else if (pattern[i + 1] != '*') {
			tokens[n++] = DSEC_GLOB_STAR;
		} else if (pattern[i + 2] == '*') {
			kfree(tokens);
			return -EINVAL;
		} else if (pattern[i + 2] == '/') {
			tokens[n++] = DSEC_GLOB_STARSTAR_SLASH;
			i += 2;
		} else {
			tokens[n++] = DSEC_GLOB_STARSTAR;
			i++;
		}
	}
	*ret_tokens = tokens;
	*ret_len = n;
	return 0;
}

/* Add the states reachable from @set without consuming input. */
static void glob_closure(const u16 *tokens, u32 n, unsigned long *set)
{
	u32 i;

	for (i = 0; i < n; i++) {
		if (!test_bit(i, set))
			continue;
		if (tokens[i] == DSEC_GLOB_STAR ||
		    tokens[i] == DSEC_GLOB_STARSTAR ||
		    tokens[i] == DSEC_GLOB_STARSTAR_SLASH)
			__set_bit(i + 1, set);
	}
}

/**
 * dsec_glob_match - match a compiled glob against a whole string
 * @tokens: from dsec_glob_compile(), at most DSEC_PATTERN_MAX of them
 * @n: number of tokens
 * @str: input, need not be NUL-terminated
 * @len: input length
 */
bool dsec_glob_match(const u16 *tokens, u32 n, const char *str, u32 len)
{
	DECLARE_BITMAP(cur, DSEC_PATTERN_MAX + 1);
	DECLARE_BITMAP(next, DSEC_PATTERN_MAX + 1);
	u32 pos, i;

	if (WARN_ON_ONCE(n > DSEC_PATTERN_MAX))
		return false;

	bitmap_zero(cur, n + 1);
	__set_bit(0, cur);
	glob_closure(tokens, n, cur);

	for (pos = 0; pos < len; pos++) {
		unsigned char c = str[pos];
		bool any = false;

		bitmap_zero(next, n + 1);
		for (i = 0; i < n; i++) {
			if (!test_bit(i, cur))
				continue;
			switch (tokens[i]) {
			case DSEC_GLOB_ANY_CHAR:
				if (c != '/')
					__set_bit(i + 1, next);
				break;
			case DSEC_GLOB_STAR:
				if (c != '/')
					__set_bit(i, next);
				break;
			case DSEC_GLOB_STARSTAR:
				__set_bit(i, next);
				break;
			case DSEC_GLOB_STARSTAR_SLASH:
				__set_bit(i, next);
				if (c == '/')
					__set_bit(i + 1, next);
				break;
			default:
				if (tokens[i] == c)
					__set_bit(i + 1, next);
				break;
			}
		}
		glob_closure(tokens, n, next);
		for (i = 0; i <= n && !any; i++)
			any = test_bit(i, next);
		if (!any)
			return false;
		bitmap_copy(cur, next, n + 1);
	}
	return test_bit(n, cur);
}

/*
 * Match whole components: "/usr" matches "/usr" and "/usr/bin" but not
 * "/usrx"; "/" matches every absolute path. Loaded prefixes carry no
 * trailing '/', except "/" itself.
 */
bool dsec_prefix_match(const char *prefix, u32 prefix_len,
		       const char *path, u32 len)
{
	if (prefix_len == 1 && prefix[0] == '/')
		return len > 0 && path[0] == '/';
	if (len < prefix_len || memcmp(prefix, path, prefix_len))
		return false;
	return len == prefix_len || path[prefix_len] == '/';
}

static bool rule_matches(const struct dsec_rule *rule, const char *path,
			 u32 len, bool setuid)
{
	if ((rule->flags & DSEC_RULE_F_SETUID) && !setuid)
		return false;

	switch (rule->match) {
	case DSEC_MATCH_EXACT:
		return rule->path_len == len && !memcmp(rule->path, path, len);
	case DSEC_MATCH_PREFIX:
		return dsec_prefix_match(rule->path, rule->path_len, path, len);
	case DSEC_MATCH_GLOB:
		return dsec_glob_match(rule->glob, rule->glob_len, path, len);
	}
	return false;
}

/**
 * dsec_rule_lookup - find the rule of one scope and hook for a path
 * @table: rules of the scope for the hook
 * @path: path as the container sees it
 * @len: length of @path
 * @setuid: the object is a setuid or setgid executable
 *
 * An exact path beats every pattern; patterns are tried in policy order.
 *
 * Return: the deciding rule, or NULL when none matches.
 */
const struct dsec_rule *dsec_rule_lookup(const struct dsec_rule_table *table,
					 const char *path, u32 len,
					 bool setuid)
{
	const struct dsec_rule *rule;
	u32 i;

	if (table->buckets) {
		u32 hash = dsec_path_hash(path, len);
		struct hlist_head *head;

		head = &table->buckets[hash & ((1U << table->hash_bits) - 1)];
		hlist_for_each_entry(rule, head, node) {
			if (rule->hash == hash &&
			    rule_matches(rule, path, len, setuid))
				return rule;
		}
	}

	for (i = 0; i < table->n_patterns; i++) {
		rule = table->patterns[i];
		if (rule_matches(rule, path, len, setuid))
			return rule;
	}
	return NULL;
}
