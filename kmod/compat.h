/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels dsec.ko supports (Debian's 6.1, 6.12
 * and 7.x). Kbuild detects each feature in the kernel headers and sets a
 * DSEC_* macro; every conditional of the module lives in this file.
 */
#ifndef _DSEC_COMPAT_H
#define _DSEC_COMPAT_H

#include <linux/fs_struct.h>
#include <linux/seqlock.h>
#include <net/genetlink.h>

/*
 * Multicast groups gained a capability flag in 6.7 and Debian backported
 * it to its 6.1 kernels. Without it any user could read alerts.
 */
#ifndef GENL_MCAST_CAP_NET_ADMIN
#error "dsec needs GENL_MCAST_CAP_NET_ADMIN (Linux 6.7, or a Debian 6.1 kernel)"
#endif

/*
 * Copy the current task's root without taking a reference. The caller
 * holds rcu_read_lock(), which keeps the mount and dentry alive.
 * fs_struct.seq is a seqcount in 6.1 and 6.12 and a seqlock in 7.x.
 */
static inline void dsec_current_root(struct path *root)
{
	struct fs_struct *fs = current->fs;
	unsigned int seq;

#ifdef DSEC_FS_SEQLOCK
	do {
		seq = read_seqbegin(&fs->seq);
		*root = fs->root;
	} while (read_seqretry(&fs->seq, seq));
#else
	do {
		seq = read_seqcount_begin(&fs->seq);
		*root = fs->root;
	} while (read_seqcount_retry(&fs->seq, seq));
#endif
}

/*
 * Since 6.6 overlayfs opens the file below it as a backing file whose
 * path lies on the layer's private mount. The task opened the overlay
 * file, which security_file_open() has already seen.
 */
#ifdef FMODE_BACKING
#define dsec_backing_file(file) ((file)->f_mode & FMODE_BACKING)
#else
#define dsec_backing_file(file) false
#endif

/* Attributes of a dump request: 6.1 keeps them in genl_dumpit_info. */
static inline struct nlattr **dsec_dump_attrs(struct netlink_callback *cb)
{
#ifdef DSEC_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/* security_file_truncate() exists from 6.2 on. */
#ifdef DSEC_FILE_TRUNCATE
#define DSEC_HAVE_FILE_TRUNCATE true
#else
#define DSEC_HAVE_FILE_TRUNCATE false
#endif

#endif /* _DSEC_COMPAT_H */
