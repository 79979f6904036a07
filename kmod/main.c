// SPDX-License-Identifier: GPL-2.0
/*
 * dsec.ko: container security hooks on exec, mount, ptrace, writes and
 * module loading, driven by policies loaded over generic netlink.
 *
 * This file holds module init and exit, the policy set pointer and the
 * unload lock.
 */
#define pr_fmt(fmt) "dsec: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>

#include "internal.h"

struct dsec_policy_set __rcu *dsec_policies;
DEFINE_MUTEX(dsec_policy_lock);

/* Protected by dsec_policy_lock. */
static bool locked;

bool dsec_is_locked(void)
{
	return READ_ONCE(locked);
}

/* Hold a module reference so that rmmod fails with EBUSY. Caller holds dsec_policy_lock. */
int dsec_lock(void)
{
	lockdep_assert_held(&dsec_policy_lock);
	if (locked)
		return 0;
	if (!try_module_get(THIS_MODULE))
		return -EBUSY;
	WRITE_ONCE(locked, true);
	pr_info("module locked against unload\n");
	return 0;
}

/* Drop the reference taken by dsec_lock(). Caller holds dsec_policy_lock. */
void dsec_unlock(void)
{
	lockdep_assert_held(&dsec_policy_lock);
	if (!locked)
		return;
	WRITE_ONCE(locked, false);
	module_put(THIS_MODULE);
	pr_info("module unlocked\n");
}

static int __init dsec_init(void)
{
	int ret;

	ret = dsec_scope_init();
	if (ret)
		return ret;
	ret = dsec_alert_init();
	if (ret)
		goto out_scope;
	ret = dsec_netlink_init();
	if (ret)
		goto out_alert;
	ret = dsec_hooks_init();
	if (ret)
		goto out_netlink;
	pr_info("loaded, version %s\n", DSEC_VERSION);
	return 0;

out_netlink:
	dsec_netlink_exit();
out_alert:
	dsec_alert_exit();
out_scope:
	dsec_scope_exit();
	return ret;
}

static void __exit dsec_exit(void)
{
	struct dsec_policy_set *set;

	/* No handler runs after this, so no new alert is queued. */
	dsec_hooks_exit();
	dsec_alert_exit();
	dsec_netlink_exit();

	mutex_lock(&dsec_policy_lock);
	set = rcu_replace_pointer(dsec_policies, NULL,
				  lockdep_is_held(&dsec_policy_lock));
	mutex_unlock(&dsec_policy_lock);
	synchronize_rcu();
	dsec_policy_set_free(set);
	dsec_scope_exit();
	pr_info("unloaded\n");
}

module_init(dsec_init);
module_exit(dsec_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("dsec container security hooks");
MODULE_VERSION(DSEC_VERSION);
