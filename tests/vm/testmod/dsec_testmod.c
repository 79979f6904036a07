// SPDX-License-Identifier: GPL-2.0
/*
 * A module that does nothing but log its load and unload. The VM bench
 * loads it with finit_module(2) and init_module(2) to show that a module
 * load succeeds where dsec allows it and fails where dsec denies it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

static int __init dsec_testmod_init(void)
{
	pr_info("loaded\n");
	return 0;
}

static void __exit dsec_testmod_exit(void)
{
	pr_info("unloaded\n");
}

module_init(dsec_testmod_init);
module_exit(dsec_testmod_exit);
MODULE_DESCRIPTION("dsec VM bench: module-load target");
MODULE_LICENSE("GPL");
