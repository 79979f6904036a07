// SPDX-License-Identifier: GPL-2.0
/*
 * Escape guards: fixed checks that a scope switches on with DSEC_GUARD_*
 * bits. They run before the rules of the scope, and a rule cannot allow
 * what a guard denies.
 *
 * Called from kprobe handlers: no sleeping, no allocation, only per-CPU
 * buffers and locks that the probed functions are never called under.
 */
#define pr_fmt(fmt) "dsec: " fmt

#include <linux/binfmts.h>
#include <linux/cgroup.h>
#include <linux/ctype.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/kernel_read_file.h>
#include <linux/magic.h>
#include <linux/major.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/percpu.h>
#include <linux/mm_types.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <uapi/linux/mount.h>

#include "compat.h"
#include "internal.h"

struct dsec_guard_buf {
	char path[PATH_MAX];
	char cgroup[PATH_MAX];
};

static struct dsec_guard_buf __percpu *guard_buf;

/* Root of the initial task, taken at load to recognise runtimes. */
static struct dentry *host_root;
static struct vfsmount *host_root_mnt;

int dsec_guards_init(void)
{
	struct task_struct *reaper = init_pid_ns.child_reaper;
	struct path root;

	guard_buf = alloc_percpu(struct dsec_guard_buf);
	if (!guard_buf)
		return -ENOMEM;
	task_lock(reaper);
	get_fs_root(reaper->fs, &root);
	task_unlock(reaper);
	host_root = dget(root.dentry);
	host_root_mnt = mntget(root.mnt);
	path_put(&root);
	return 0;
}

void dsec_guards_exit(void)
{
	mntput(host_root_mnt);
	dput(host_root);
	free_percpu(guard_buf);
}

static bool deny(struct dsec_decision *d, u32 guard, const char *reason)
{
	d->action = DSEC_ACTION_DENY;
	d->guard = guard;
	d->reason = reason;
	d->rule_id = 0;
	d->rule_name = NULL;
	return true;
}

/*
 * Whether @path is reachable from the current task's root. A dentry
 * outside the root of its own mount comes from open_by_handle_at() (the
 * Shocker escape); path_is_under() only follows mounts and misses it.
 */
static bool under_current_root(const struct path *path)
{
	struct path root;

	if (!current->fs)
		return true;
	dsec_current_root(&root);
	/* Most events: the root's own mount, which needs no mount_lock. */
	if (path->mnt == root.mnt)
		return is_subdir(path->dentry, root.dentry);
	/* path_is_under() trusts that the dentry lies below its mount's root. */
	if (!is_subdir(path->dentry, path->mnt->mnt_root))
		return false;
	return path_is_under(path, &root);
}

/*
 * Whether @path lies on a mount outside the host's mount tree, such as
 * the private clones of its layers through which overlayfs opens the
 * lower directory behind a directory of the container's root. No task
 * reaches such a mount by a path from the host. A dentry outside its own
 * mount's root (an open_by_handle_at() escape) never counts.
 *
 * NOTE: a file on a mount of another container's namespace, passed in
 * as a descriptor, counts too, so HOST_FILES lets it be read.
 */
static bool off_host_tree(const struct path *path)
{
	struct path host = { .mnt = host_root_mnt, .dentry = host_root };

	return is_subdir(path->dentry, path->mnt->mnt_root) &&
	       !path_is_under(path, &host);
}

/* File systems that no guarded scope may mount or write to. */
static bool sb_always_denied(const struct super_block *sb)
{
	switch (sb->s_magic) {
	case CGROUP_SUPER_MAGIC:
	case PROC_SUPER_MAGIC:
	case SYSFS_MAGIC:
	case DEBUGFS_MAGIC:
	case SECURITYFS_MAGIC:
	case TRACEFS_MAGIC:
	case BPF_FS_MAGIC:
		return true;
	}
	return sb->s_bdev != NULL;
}

static const char *const denied_fstypes[] = {
	"cgroup", "proc", "sysfs", "debugfs", "securityfs", "tracefs", "bpf",
};

static bool fstype_allowed(const struct dsec_scope *scope, const char *type)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(denied_fstypes); i++)
		if (!strcmp(type, denied_fstypes[i]))
			return false;
	for (i = 0; i < scope->n_fstypes; i++)
		if (!strcmp(type, scope->fstypes[i]))
			return true;
	return false;
}

static bool sb_allowed(const struct dsec_scope *scope,
		       const struct super_block *sb)
{
	return !sb_always_denied(sb) && fstype_allowed(scope, sb->s_type->name);
}

/*
 * Mount guard. Bind and move sources of mount(2) arrive as unresolved
 * strings, so only a bind of a path onto itself (how runtimes make a
 * path read-only) and masking with /dev/null are allowed. A remount that
 * sets MS_RDONLY only takes access away and is allowed; no other is.
 */
static bool guard_mount(const struct dsec_event_ctx *ctx,
			const struct dsec_scope *scope,
			struct dsec_decision *d)
{
	unsigned long flags = ctx->mount_flags;

	/*
	 * A super block's options change: remount through mount(2) (which
	 * passed the MS_REMOUNT check below first) or fspick(2) and
	 * FSCONFIG_CMD_RECONFIGURE, which no other hook receives. The
	 * fstype list names the new mounts a scope may make. An existing
	 * super block of such a type can still be the host's, such as the
	 * host's devpts under a bound-in /dev.
	 *
	 * NOTE: a remount that leaves the super block read-only is allowed,
	 * so a privileged container can still make a host volume that it
	 * sees read-only for the host too.
	 */
	if (ctx->reconfigure) {
		if (flags & MS_RDONLY)
			return false;
		return deny(d, DSEC_GUARD_MOUNT, "remount");
	}
	if (ctx->mount_setattr)
		return deny(d, DSEC_GUARD_MOUNT, "mount-setattr");

	/* A new super block, or the source of move_mount(2). */
	if (ctx->sb) {
		if (ctx->new_sb && (ctx->sb->s_flags & SB_RDONLY) &&
		    !sb_always_denied(ctx->sb))
			return false;
		if (!sb_allowed(scope, ctx->sb))
			return deny(d, DSEC_GUARD_MOUNT, "mount-fstype");
		return false;
	}

	/*
	 * security_sb_mount: ctx->path is the mount point. A remount that
	 * does not set MS_RDONLY may make writable what the host bound in
	 * read-only, whatever the file system type.
	 */
	if (flags & MS_REMOUNT) {
		if (flags & MS_RDONLY)
			return false;
		return deny(d, DSEC_GUARD_MOUNT, "remount");
	}
	if (flags & MS_BIND) {
		if (ctx->dev_name && ctx->pathname &&
		    (!strcmp(ctx->dev_name, ctx->pathname) ||
		     !strcmp(ctx->dev_name, "/dev/null")))
			return false;
		return deny(d, DSEC_GUARD_MOUNT, "bind-mount");
	}
	if (flags & MS_MOVE)
		return deny(d, DSEC_GUARD_MOUNT, "move-mount");
	if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		return false;
	/* A read-only tmpfs hides a directory (runtimes' masked paths). */
	if ((flags & MS_RDONLY) && ctx->fstype && !strcmp(ctx->fstype, "tmpfs"))
		return false;
	if (!ctx->fstype || !fstype_allowed(scope, ctx->fstype))
		return deny(d, DSEC_GUARD_MOUNT, "mount-fstype");
	return false;
}

static bool guard_ptrace(const struct dsec_event_ctx *ctx,
			 const struct dsec_scope_result *res,
			 const struct dsec_scope_match *match,
			 struct dsec_decision *d)
{
	struct cgroup *container, *peer;

	container = cgroup_ancestor(res->cgroup, match->level);
	peer = task_dfl_cgroup(ctx->target);
	if (container && cgroup_is_descendant(peer, container))
		return false;
	return deny(d, DSEC_GUARD_PTRACE,
		    ctx->ptrace_traceme ? "traceme-outside" : "ptrace-outside");
}

/* The directory that contains the object of a write event. */
static const struct dentry *event_dir(const struct dsec_event_ctx *ctx)
{
	if (ctx->dentry)
		return ctx->path->dentry;
	return READ_ONCE(ctx->path->dentry->d_parent);
}

static bool cgroup2_write_allowed(const struct dsec_event_ctx *ctx,
				  const struct dsec_scope *scope,
				  const struct dsec_scope_result *res,
				  const struct dsec_scope_match *match)
{
	struct dsec_guard_buf *buf = this_cpu_ptr(guard_buf);
	struct cgroup *container;
	const char *dir, *own;

	if (!(scope->flags & DSEC_SCOPE_F_CGROUP_WRITABLE))
		return false;
	container = cgroup_ancestor(res->cgroup, match->level);
	if (!container)
		return false;
	own = dsec_cgroup_path(container, buf->cgroup, sizeof(buf->cgroup));
	dir = dentry_path_raw(event_dir(ctx), buf->path, sizeof(buf->path));
	if (!own || IS_ERR(dir))
		return false;
	return dsec_prefix_match(own, strlen(own), dir, strlen(dir));
}

/*
 * procfs: every file but those of a process directory, /<pid>/, which is
 * where /proc/self and /proc/thread-self lead, wherever procfs is
 * mounted. Other processes' files are the PTRACE guard's business. The
 * network sysctls of a task's own network namespace are not host knobs
 * (runtimes set net.ipv4.ip_unprivileged_port_start).
 */
static const char *proc_knob(const struct dsec_event_ctx *ctx)
{
	struct dsec_guard_buf *buf = this_cpu_ptr(guard_buf);
	const struct dentry *dentry = ctx->dentry ?: ctx->path->dentry;
	const char *p, *c;
	size_t len;

	p = dentry_path_raw(dentry, buf->path, sizeof(buf->path));
	if (IS_ERR(p))
		return "proc-write";
	len = strlen(p);
	if (dsec_prefix_match("/sys/net", 8, p, len) && current->nsproxy &&
	    !net_eq(current->nsproxy->net_ns, &init_net))
		return NULL;
	if (dsec_prefix_match("/sys", 4, p, len) ||
	    !strcmp(p, "/sysrq-trigger"))
		return "proc-sys";
	for (c = p + 1; isdigit(*c); c++)
		;
	if (c == p + 1 || *c != '/')
		return "proc-write";
	return NULL;
}

/*
 * Block devices (a disk of the host, wherever its node was made) and
 * the memory devices /dev/mem, /dev/kmem and /dev/port: writing them
 * rewrites the host under every file system check.
 */
static bool raw_device(const struct inode *inode)
{
	if (S_ISBLK(inode->i_mode))
		return true;
	if (!S_ISCHR(inode->i_mode) || imajor(inode) != MEM_MAJOR)
		return false;
	switch (iminor(inode)) {
	case 1:	/* mem */
	case 2:	/* kmem */
	case 4:	/* port */
		return true;
	}
	return false;
}

static bool guard_kernel_knobs(const struct dsec_event_ctx *ctx,
			       const struct dsec_scope *scope,
			       const struct dsec_scope_result *res,
			       const struct dsec_scope_match *match,
			       struct dsec_decision *d)
{
	const char *reason;

	if (ctx->file && raw_device(file_inode(ctx->file)))
		return deny(d, DSEC_GUARD_KERNEL_KNOBS, "device-write");

	switch (ctx->sb->s_magic) {
	case PROC_SUPER_MAGIC:
		reason = proc_knob(ctx);
		if (reason)
			return deny(d, DSEC_GUARD_KERNEL_KNOBS, reason);
		return false;
	case SYSFS_MAGIC:
		return deny(d, DSEC_GUARD_KERNEL_KNOBS, "sysfs");
	case CGROUP_SUPER_MAGIC:
		return deny(d, DSEC_GUARD_KERNEL_KNOBS, "cgroup-v1");
	case CGROUP2_SUPER_MAGIC:
		if (cgroup2_write_allowed(ctx, scope, res, match))
			return false;
		return deny(d, DSEC_GUARD_KERNEL_KNOBS, "cgroup-v2");
	case DEBUGFS_MAGIC:
		return deny(d, DSEC_GUARD_KERNEL_KNOBS, "debugfs");
	case SECURITYFS_MAGIC:
		return deny(d, DSEC_GUARD_KERNEL_KNOBS, "securityfs");
	case TRACEFS_MAGIC:
		return deny(d, DSEC_GUARD_KERNEL_KNOBS, "tracefs");
	case BPF_FS_MAGIC:
		return deny(d, DSEC_GUARD_KERNEL_KNOBS, "bpffs");
	}
	return false;
}

/*
 * FIFOs, sockets and files of internal mounts (pipes, memfds, anonymous
 * inodes) reach no host data wherever they lie: runc opens its exec fifo
 * on the host and re-executes itself from a memfd.
 */
static bool pseudo_file(const struct dsec_event_ctx *ctx)
{
	umode_t mode;

	if (ctx->sb->s_flags & SB_NOUSER)
		return true;
	/* Kernel-internal mounts: nsfs (crun opens /proc/PID/ns/mnt). */
	if (ctx->path && (ctx->path->mnt->mnt_flags & MNT_INTERNAL))
		return true;
	if (!ctx->file)
		return false;
	mode = file_inode(ctx->file)->i_mode;
	return S_ISFIFO(mode) || S_ISSOCK(mode);
}

/* A child may start in the container's own subtree if it is writable. */
static bool cgroup_move_allowed(const struct dsec_event_ctx *ctx,
				const struct dsec_scope *scope,
				const struct dsec_scope_result *res,
				const struct dsec_scope_match *match)
{
	struct cgroup *container;

	if (!(scope->flags & DSEC_SCOPE_F_CGROUP_WRITABLE))
		return false;
	container = cgroup_ancestor(res->cgroup, match->level);
	return container && cgroup_is_descendant(ctx->into_cgroup, container);
}

/*
 * Reading or executing the task's own executable again gives it nothing
 * new. runc init bind-mounts its binary, detaches the mount, re-executes
 * itself from it and reads /proc/self/exe, which then lies on no mount
 * of any namespace. The file is compared by the super block and inode
 * number of the inode below overlayfs, because overlayfs and 9p may
 * give one file several inodes.
 */
static bool own_exe(const struct dsec_event_ctx *ctx)
{
	struct mm_struct *mm = current->mm;
	const struct inode *exe_inode, *inode;
	struct file *exe;

	if (!mm || !ctx->file)
		return false;
	exe = rcu_dereference(mm->exe_file);
	if (!exe)
		return false;
	exe_inode = d_real_inode(exe->f_path.dentry);
	inode = d_real_inode(ctx->file->f_path.dentry);
	return exe_inode->i_sb == inode->i_sb &&
	       exe_inode->i_ino == inode->i_ino;
}

static bool writable_path(const struct dsec_scope *scope, const char *path)
{
	u32 len = strlen(path), i;

	for (i = 0; i < scope->n_writable; i++)
		if (dsec_prefix_match(scope->writable[i],
				      strlen(scope->writable[i]), path, len))
			return true;
	return false;
}

static bool guard_write(const struct dsec_event_ctx *ctx,
			const struct dsec_scope *scope,
			const struct dsec_scope_result *res,
			const struct dsec_scope_match *match,
			struct dsec_decision *d)
{
	u32 guards = scope->guards;

	if (ctx->into_cgroup)
		return (guards & DSEC_GUARD_KERNEL_KNOBS) &&
		       !cgroup_move_allowed(ctx, scope, res, match) &&
		       deny(d, DSEC_GUARD_KERNEL_KNOBS, "clone-into-cgroup");
	if (!ctx->path)
		return false;

	/*
	 * Reading a host file is an escape too, and a host directory opened
	 * by handle is a stepping stone for fchdir() and *at() calls.
	 */
	if (ctx->read_open)
		return (guards & DSEC_GUARD_HOST_FILES) &&
		       !under_current_root(ctx->path) && !pseudo_file(ctx) &&
		       !own_exe(ctx) && !off_host_tree(ctx->path) &&
		       deny(d, DSEC_GUARD_HOST_FILES, "host-file-read");

	if ((guards & DSEC_GUARD_KERNEL_KNOBS) &&
	    guard_kernel_knobs(ctx, scope, res, match, d))
		return true;

	if ((guards & DSEC_GUARD_HOST_FILES) && !pseudo_file(ctx) &&
	    !under_current_root(ctx->path))
		return deny(d, DSEC_GUARD_HOST_FILES, "host-file");

	if (guards & DSEC_GUARD_READONLY_ROOT) {
		struct path root;

		if (!current->fs)
			return false;
		dsec_current_root(&root);
		if (ctx->sb == root.mnt->mnt_sb &&
		    (!ctx->pathname || !writable_path(scope, ctx->pathname)))
			return deny(d, DSEC_GUARD_READONLY_ROOT,
				    "readonly-root");
	}
	return false;
}

/*
 * The exec guards: a file outside the task's root is what a leaked host
 * descriptor or a /proc/self/exe overwrite hands to the container.
 */
static bool guard_exec(const struct dsec_event_ctx *ctx,
		       const struct dsec_scope *scope,
		       struct dsec_decision *d)
{
	/*
	 * NOTE: memfd files live on an internal tmpfs mount (SB_NOUSER) and
	 * are skipped, because runc re-executes itself from one; HOST_FILES
	 * does not stop a fileless payload run from a memfd.
	 */
	if ((scope->guards & DSEC_GUARD_HOST_FILES) &&
	    !under_current_root(&ctx->file->f_path) &&
	    !(ctx->sb->s_flags & SB_NOUSER) && !own_exe(ctx))
		return deny(d, DSEC_GUARD_HOST_FILES, "host-file");

	if ((scope->guards & DSEC_GUARD_SETUID_EXEC) && ctx->setuid)
		return deny(d, DSEC_GUARD_SETUID_EXEC, "setuid-exec");
	return false;
}

static bool guard_module(const struct dsec_event_ctx *ctx,
			 struct dsec_decision *d)
{
	/* hooks.c passes module loads and unloads and kexec loads. */
	if (ctx->unload)
		return deny(d, DSEC_GUARD_MODULE_LOAD, "module-unload");
	return deny(d, DSEC_GUARD_MODULE_LOAD,
		    ctx->kernel_id == READING_MODULE ? "module-load" :
		    "kexec-load");
}

/*
 * True while the current task is a container runtime before pivot_root.
 * runc init and crun's init join the container cgroup, unshare their
 * mount namespace and mount the container's root file system while
 * their root is still the host's root directory, seen through the
 * cloned namespace's own copy of the root mount. A container task
 * cannot get there: chroot() through a leaked host directory descriptor
 * yields the host namespace's root mount, which is initial's, and
 * open_tree(OPEN_TREE_CLONE) of a mount of another namespace fails.
 * The runtime's steps after pivot_root pass the guards on their own.
 *
 * NOTE: tasks of a scope that run in their own mount namespace with the
 * host's root directory (host services matched by a selector) are not
 * checked by the guards other than MODULE_LOAD. A container task cannot
 * reach that state: HOST_FILES denies a chroot() outside its root.
 */
static bool current_is_runtime(void)
{
	struct path root;

	if (!current->fs)
		return false;
	dsec_current_root(&root);
	return root.dentry == host_root && root.mnt != host_root_mnt;
}

/**
 * dsec_guard_check - run the escape guards of one scope on an event
 * @ctx: the event
 * @scope: the matching scope
 * @res: the scopes of the current task, with its cgroup
 * @match: which match of @res is @scope
 * @ret_decision: filled in when a guard denies
 *
 * Return: true when a guard denies the event.
 */
bool dsec_guard_check(const struct dsec_event_ctx *ctx,
		      const struct dsec_scope *scope,
		      const struct dsec_scope_result *res,
		      const struct dsec_scope_match *match,
		      struct dsec_decision *ret_decision)
{
	u32 guards = scope->guards;
	bool denied = false;

	switch (ctx->hook) {
	case DSEC_HOOK_EXEC:
		denied = guard_exec(ctx, scope, ret_decision);
		break;
	case DSEC_HOOK_MOUNT:
		/*
		 * A chroot() inside the container's root is no escape. One
		 * through a leaked host directory descriptor would make
		 * host files look as if they were under the root.
		 */
		if (ctx->chroot)
			denied = (guards & DSEC_GUARD_HOST_FILES) &&
				 !under_current_root(ctx->path) &&
				 deny(ret_decision, DSEC_GUARD_HOST_FILES,
				      "chroot-outside-root");
		else
			denied = (guards & DSEC_GUARD_MOUNT) &&
				 guard_mount(ctx, scope, ret_decision);
		break;
	case DSEC_HOOK_PTRACE:
		denied = (guards & DSEC_GUARD_PTRACE) &&
			 guard_ptrace(ctx, res, match, ret_decision);
		break;
	case DSEC_HOOK_WRITE:
		denied = guard_write(ctx, scope, res, match, ret_decision);
		break;
	case DSEC_HOOK_MODULE:
		/* Loading kernel code is never a runtime setup step. */
		return (guards & DSEC_GUARD_MODULE_LOAD) &&
		       guard_module(ctx, ret_decision);
	default:
		break;
	}
	if (denied && current_is_runtime()) {
		/* Rules still decide the event, and their alerts need the match. */
		memset(ret_decision, 0, sizeof(*ret_decision));
		ret_decision->match = match;
		return false;
	}
	return denied;
}
