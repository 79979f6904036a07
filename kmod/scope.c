// SPDX-License-Identifier: GPL-2.0
/*
 * Container scope: which scopes of the loaded policies cover the cgroup
 * v2 cgroup of the current task.
 *
 * Each CPU keeps a direct-mapped cache keyed by cgroup id and policy set
 * generation, so the common case costs one cgroup id load and one compare.
 * On a miss the cgroup path is built into a per-CPU buffer and every
 * scope's selectors are tried. A host cgroup that matches nothing is
 * cached like any other, so host processes never allocate.
 *
 * Callers run with preemption and interrupts disabled (kprobe handlers,
 * or process context that disables them around the lookup), which is what
 * makes the per-CPU state safe to use without locks.
 */
#define pr_fmt(fmt) "dsec: " fmt

#include <linux/cgroup.h>
#include <linux/hash.h>
#include <linux/kernfs.h>
#include <linux/log2.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

#define DSEC_CACHE_SIZE		256
#define DSEC_CACHE_MATCHES	8

struct dsec_cache_entry {
	u64 cgroup_id;
	u64 generation;
	u32 n;
	bool valid;
	struct dsec_scope_match matches[DSEC_CACHE_MATCHES];
};

/* Separate per-CPU areas, because one per-CPU allocation is capped at 32 KiB. */
struct dsec_scope_cache {
	struct dsec_cache_entry entries[DSEC_CACHE_SIZE];
};

struct dsec_scope_scratch {
	struct dsec_scope_match matches[DSEC_MAX_POLICIES];
};

struct dsec_scope_path {
	char buf[PATH_MAX];
};

static struct dsec_scope_cache __percpu *scope_cache;
static struct dsec_scope_scratch __percpu *scope_scratch;
static struct dsec_scope_path __percpu *scope_path;

int dsec_scope_init(void)
{
	scope_cache = alloc_percpu(struct dsec_scope_cache);
	scope_scratch = alloc_percpu(struct dsec_scope_scratch);
	scope_path = alloc_percpu(struct dsec_scope_path);
	if (!scope_cache || !scope_scratch || !scope_path) {
		dsec_scope_exit();
		return -ENOMEM;
	}
	return 0;
}

void dsec_scope_exit(void)
{
	free_percpu(scope_path);
	free_percpu(scope_scratch);
	free_percpu(scope_cache);
	scope_path = NULL;
	scope_scratch = NULL;
	scope_cache = NULL;
}

/**
 * dsec_cgroup_path - write the cgroup v2 path of @cgrp into @buf
 *
 * Return: @buf, or NULL when the path does not fit.
 */
char *dsec_cgroup_path(struct cgroup *cgrp, char *buf, size_t len)
{
	int ret = kernfs_path(cgrp->kn, buf, len);

	if (ret < 0 || ret >= len)
		return NULL;
	return buf;
}

/* Number of components: "/" is 0, "/a" is 1, "/a/b" is 2. */
static u16 path_level(const char *path, u32 len)
{
	u16 level = 0;
	u32 i;

	if (len == 1 && path[0] == '/')
		return 0;
	for (i = 0; i < len; i++)
		level += path[i] == '/';
	return level;
}

static bool selector_match(const struct dsec_selector *sel,
			   struct cgroup *cgrp, const char *path, u32 len,
			   u16 *ret_level)
{
	u32 vlen, end;
	int level;

	switch (sel->type) {
	case DSEC_SELECTOR_ID:
		for (level = cgrp->level; level >= 0; level--) {
			struct cgroup *anc = cgroup_ancestor(cgrp, level);

			if (anc && cgroup_id(anc) == sel->id) {
				*ret_level = level;
				return true;
			}
		}
		return false;

	case DSEC_SELECTOR_PREFIX:
		vlen = strlen(sel->value);
		if (!path) {
			/* Too long to build: fail closed, as in the scope. */
			*ret_level = min_t(u32, path_level(sel->value, vlen) + 1,
					   cgrp->level);
			return true;
		}
		if (!dsec_prefix_match(sel->value, vlen, path, len))
			return false;
		/* The container is the component right below the prefix. */
		*ret_level = path_level(sel->value, vlen) + (len > vlen);
		return true;

	case DSEC_SELECTOR_GLOB:
		if (!path) {
			*ret_level = cgrp->level;
			return true;
		}
		/* The shortest ancestor path that matches is the container. */
		for (end = 1; end <= len; end++) {
			if (end < len && path[end] != '/')
				continue;
			if (dsec_glob_match(sel->glob, sel->glob_len, path, end)) {
				*ret_level = path_level(path, end);
				return true;
			}
		}
		return false;
	}
	return false;
}

static u32 match_all(const struct dsec_policy_set *set, struct cgroup *cgrp,
		     char *buf, struct dsec_scope_match *out)
{
	const char *path = dsec_cgroup_path(cgrp, buf, PATH_MAX);
	u32 len = path ? strlen(path) : 0;
	u32 n = 0, p, s, i;

	for (p = 0; p < set->n_policies; p++) {
		const struct dsec_policy *policy = set->policies[p];
		bool found = false;

		for (s = 0; s < policy->n_scopes && !found; s++) {
			const struct dsec_scope *scope = &policy->scopes[s];

			for (i = 0; i < scope->n_selectors; i++) {
				u16 level;

				if (!selector_match(&scope->selectors[i], cgrp,
						    path, len, &level))
					continue;
				out[n].policy = p;
				out[n].scope = s;
				out[n].level = level;
				n++;
				found = true;
				break;
			}
		}
	}
	return n;
}

/**
 * dsec_scope_lookup - find the scopes covering a cgroup
 * @set: the loaded policy set, under RCU
 * @cgrp: cgroup v2 cgroup of the current task, under RCU
 * @res: result; its matches stay valid until the next lookup on this CPU
 *
 * Must run with interrupts disabled.
 *
 * Return: number of matching scopes, 0 for a host cgroup.
 */
int dsec_scope_lookup(const struct dsec_policy_set *set, struct cgroup *cgrp,
		      struct dsec_scope_result *res)
{
	struct dsec_scope_match *scratch = this_cpu_ptr(scope_scratch)->matches;
	u64 id = cgroup_id(cgrp);
	struct dsec_cache_entry *entry;
	u32 n;

	res->cgroup = cgrp;
	entry = &this_cpu_ptr(scope_cache)->entries[hash_64(id, ilog2(DSEC_CACHE_SIZE))];
	if (entry->valid && entry->cgroup_id == id &&
	    entry->generation == set->generation) {
		res->n = entry->n;
		res->matches = entry->matches;
		return res->n;
	}

	n = match_all(set, cgrp, this_cpu_ptr(scope_path)->buf, scratch);
	res->n = n;
	res->matches = scratch;
	if (n <= DSEC_CACHE_MATCHES) {
		memcpy(entry->matches, scratch, n * sizeof(*entry->matches));
		entry->cgroup_id = id;
		entry->generation = set->generation;
		entry->n = n;
		entry->valid = true;
		res->matches = entry->matches;
	}
	/*
	 * NOTE: a cgroup covered by more than DSEC_CACHE_MATCHES policies is
	 * not cached, so every hook call in it rebuilds its path. A cgroup
	 * renamed with rename(2) keeps its id and so its cached scopes until
	 * the next policy change.
	 */
	return n;
}

/**
 * dsec_policy_covers_current - check a new policy against its sender
 * @policy: a compiled policy, not yet loaded
 *
 * A policy whose scope covers the cgroup of the process that loads it
 * would lock that process, and with it the administrator, out of every
 * netlink operation, including the one that removes the policy.
 *
 * Return: true when a scope of @policy matches the current task's cgroup.
 */
bool dsec_policy_covers_current(const struct dsec_policy *policy)
{
	struct cgroup *cgrp;
	bool covered = false;
	const char *path;
	u32 len, s, i;
	char *buf;
	u16 level;

	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return true;
	rcu_read_lock();
	cgrp = task_dfl_cgroup(current);
	path = dsec_cgroup_path(cgrp, buf, PATH_MAX);
	len = path ? strlen(path) : 0;
	for (s = 0; s < policy->n_scopes && !covered; s++) {
		const struct dsec_scope *scope = &policy->scopes[s];

		for (i = 0; i < scope->n_selectors && !covered; i++)
			covered = selector_match(&scope->selectors[i], cgrp,
						 path, len, &level);
	}
	rcu_read_unlock();
	kfree(buf);
	return covered;
}

/* True when the current task runs inside any scope of the loaded set. */
bool dsec_current_in_scope(void)
{
	struct dsec_policy_set *set;
	struct dsec_scope_result res;
	unsigned long flags;
	bool in_scope = false;

	rcu_read_lock();
	set = rcu_dereference(dsec_policies);
	if (set) {
		local_irq_save(flags);
		in_scope = dsec_scope_lookup(set, task_dfl_cgroup(current),
					     &res) > 0;
		local_irq_restore(flags);
	}
	rcu_read_unlock();
	return in_scope;
}
