// SPDX-License-Identifier: GPL-2.0
/*
 * Hooks: kprobes on the kernel's security_*() functions, with the decision
 * taken in the pre-handler.
 *
 * Every handler in this file runs in int3 exception context, which the
 * kernel enters like an NMI: it must not sleep, take a mutex, allocate
 * memory with GFP_KERNEL, print in volume or queue work directly. State
 * comes from per-CPU buffers and RCU; alerts leave through alert.c's ring
 * and irq_work.
 *
 * Denying emulates an early return, as fail_function does, but without
 * jumping to any code: the handler sets the return value to -EPERM, pops
 * the return address into the instruction pointer and returns 1, so the
 * kprobe core skips single-stepping. That is only correct where nothing
 * has been pushed yet, so each probe sits on the first instruction after
 * the __fentry__ call site (after ENDBR when present). The bytes are
 * checked at registration and a probe whose entry does not look like
 * that is not registered. Each probe has a post_handler, which keeps the
 * kprobe core from turning it into a jump-based optprobe (optprobes
 * ignore a changed instruction pointer).
 *
 * Allowing an event costs a second trap when the kprobe core single-steps
 * the probed instruction out of line. The probed functions open with a
 * push of a register or a load from a register plus an 8-bit
 * displacement, so for those two forms the handler runs the instruction
 * itself and resumes after it. Any other instruction is single-stepped.
 */
#define pr_fmt(fmt) "dsec: " fmt

#include <linux/binfmts.h>
#include <linux/cgroup.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/kernel_read_file.h>
#include <linux/kprobes.h>
#include <linux/mount.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <uapi/linux/mount.h>
#include <net/genetlink.h>
#include <asm/text-patching.h>

#include "compat.h"
#include "internal.h"

enum dsec_insn_kind {
	DSEC_INSN_STEP,		/* single-stepped by the kprobe core */
	DSEC_INSN_PUSH,		/* push %reg */
	DSEC_INSN_LOAD,		/* mov disp8(%base), %reg (64-bit) */
};

/* The probed instruction, when the handler can run it itself. */
struct dsec_insn {
	u8 kind;
	u8 len;
	u8 reg;
	u8 base;
	s8 disp;
};

struct dsec_probe {
	const char *symbol;
	enum dsec_hook hook;
	bool essential;		/* insmod fails without it */
	bool present;		/* the kernel has the function */
	int (*handler)(struct pt_regs *regs);
	struct kprobe kp;
	struct dsec_insn insn;
	bool active;
	int error;
};

struct dsec_hook_buf {
	char path[PATH_MAX];
};

static struct dsec_hook_buf __percpu *hook_buf;

#define ARG(regs, n) regs_get_kernel_argument(regs, n)

/* Order of strictness: an enforced deny beats everything else. */
static int decision_rank(const struct dsec_decision *d)
{
	if (d->action == DSEC_ACTION_DENY)
		return d->mode == DSEC_MODE_ENFORCE ? 3 : 2;
	return d->action == DSEC_ACTION_AUDIT ? 1 : 0;
}

/* Fill ctx->pathname with the path the current task sees. */
static void build_pathname(struct dsec_event_ctx *ctx)
{
	char *buf = this_cpu_ptr(hook_buf)->path;
	const struct qstr *name;
	size_t len;
	char *p;

	if (!ctx->path)
		return;
	if (!ctx->dentry) {
		p = d_path(ctx->path, buf, PATH_MAX);
		if (IS_ERR(p)) {
			ctx->path_truncated = true;
			return;
		}
		ctx->pathname = p;
		return;
	}

	/* Directory path, then "/" and the name of the entry within it. */
	p = d_path(ctx->path, buf, PATH_MAX - NAME_MAX - 2);
	if (IS_ERR(p)) {
		ctx->path_truncated = true;
		return;
	}
	len = strlen(p);
	name = &ctx->dentry->d_name;
	if (len > 1)
		p[len++] = '/';
	memcpy(p + len, name->name, min_t(u32, name->len, NAME_MAX));
	p[len + min_t(u32, name->len, NAME_MAX)] = '\0';
	ctx->pathname = p;
}

/* Whether rules or guards of @scope read the path of a @hook event. */
static bool scope_needs_path(const struct dsec_scope *scope,
			     enum dsec_hook hook)
{
	const struct dsec_rule_table *table = &scope->tables[hook];

	if (table->buckets || table->n_patterns)
		return true;
	if (hook == DSEC_HOOK_WRITE)
		return scope->guards & DSEC_GUARD_READONLY_ROOT;
	if (hook == DSEC_HOOK_MOUNT)
		return scope->guards & DSEC_GUARD_MOUNT;
	return false;
}

static void scope_decide(const struct dsec_event_ctx *ctx,
			 const struct dsec_policy *policy,
			 const struct dsec_scope_result *res,
			 const struct dsec_scope_match *match,
			 struct dsec_decision *d)
{
	const struct dsec_scope *scope = &policy->scopes[match->scope];
	const struct dsec_rule_table *table;
	const struct dsec_rule *rule = NULL;

	memset(d, 0, sizeof(*d));
	d->match = match;
	if (dsec_guard_check(ctx, scope, res, match, d)) {
		d->mode = dsec_effective_mode(policy, scope, NULL);
		return;
	}
	/*
	 * New and reconfigured super blocks carry no path: rules and
	 * defaults see mount(2).
	 */
	if (ctx->new_sb || ctx->reconfigure || ctx->mount_setattr)
		return;
	/* Opens for reading, cgroup moves and chroot pass the guards only. */
	if (ctx->read_open || ctx->into_cgroup || ctx->chroot)
		return;

	table = &scope->tables[ctx->hook];
	if (!ctx->pathname && ctx->path_truncated &&
	    (table->buckets || table->n_patterns)) {
		/* Fail closed: a path too long to build could dodge any rule. */
		d->action = DSEC_ACTION_DENY;
		d->mode = dsec_effective_mode(policy, scope, NULL);
		d->reason = "path-too-long";
		return;
	}
	if (ctx->pathname)
		rule = dsec_rule_lookup(table, ctx->pathname,
					strlen(ctx->pathname), ctx->setuid);
	if (rule) {
		d->action = rule->action;
		d->mode = dsec_effective_mode(policy, scope, rule);
		d->rule_id = rule->id;
		d->rule_name = rule->name;
		return;
	}
	d->action = scope->defaults[ctx->hook];
	d->mode = dsec_effective_mode(policy, scope, NULL);
	if (d->action != DSEC_ACTION_ALLOW)
		d->reason = "default";
}

/**
 * dsec_decide - decide an event for the current task
 * @ctx: what the hook knows about the event
 *
 * Host tasks, and every task while no policy is loaded, return after the
 * policy pointer load and the cache lookup.
 *
 * Return: -EPERM to deny, 0 to allow.
 */
static int dsec_decide(struct dsec_event_ctx *ctx)
{
	const struct dsec_policy *best_policy = NULL;
	struct dsec_decision best = {}, d;
	struct dsec_policy_set *set;
	struct dsec_scope_result res;
	int ret = 0;
	u32 i;

	rcu_read_lock();
	set = rcu_dereference(dsec_policies);
	if (!set)
		goto out_unlock;
	if (!dsec_scope_lookup(set, task_dfl_cgroup(current), &res))
		goto out_unlock;

	/* d_path() costs more than the rest, so build it only when read. */
	for (i = 0; i < res.n && ctx->path && !ctx->read_open; i++) {
		const struct dsec_policy *policy =
			set->policies[res.matches[i].policy];

		if (scope_needs_path(&policy->scopes[res.matches[i].scope],
				     ctx->hook)) {
			build_pathname(ctx);
			break;
		}
	}

	best.mode = DSEC_MODE_ENFORCE;
	for (i = 0; i < res.n; i++) {
		const struct dsec_policy *policy =
			set->policies[res.matches[i].policy];

		scope_decide(ctx, policy, &res, &res.matches[i], &d);
		if (!best_policy || decision_rank(&d) > decision_rank(&best)) {
			best = d;
			best_policy = policy;
		}
		if (decision_rank(&best) == 3)
			break;
	}

	if (!ctx->read_open || best.action != DSEC_ACTION_ALLOW)
		dsec_count(ctx->hook, best.action, best.mode);
	if (best.action != DSEC_ACTION_ALLOW && !ctx->quiet) {
		if (!ctx->pathname && !ctx->path_truncated)
			build_pathname(ctx);
		dsec_alert_record(ctx, best_policy,
				  &best_policy->scopes[best.match->scope],
				  &best, &res);
	}
	if (decision_rank(&best) == 3)
		ret = -EPERM;

out_unlock:
	rcu_read_unlock();
	return ret;
}

static int hook_bprm_check(struct pt_regs *regs)
{
	struct linux_binprm *bprm = (struct linux_binprm *)ARG(regs, 0);
	struct file *file = bprm->file;
	umode_t mode = file_inode(file)->i_mode;
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_EXEC,
		.path = &file->f_path,
		.file = file,
		.sb = file_inode(file)->i_sb,
		/* setgid takes effect only with group execute (0010) set. */
		.setuid = (mode & S_ISUID) ||
			  ((mode & S_ISGID) && (mode & 0010)),
	};

	return dsec_decide(&ctx);
}

static int hook_file_open(struct pt_regs *regs)
{
	struct file *file = (struct file *)ARG(regs, 0);
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_WRITE,
		.path = &file->f_path,
		.file = file,
		.sb = file_inode(file)->i_sb,
		.read_open = !(file->f_mode & FMODE_WRITE) &&
			     !(file->f_flags & O_TRUNC),
	};

	/*
	 * The exec hook decides the open of an executable. On 6.1, f_mode
	 * lacks FMODE_EXEC when security_file_open() runs, so the open
	 * flag __FMODE_EXEC is checked too.
	 */
	if (ctx.read_open &&
	    ((file->f_mode & FMODE_EXEC) || (file->f_flags & __FMODE_EXEC)))
		return 0;
	if (dsec_backing_file(file))
		return 0;
	return dsec_decide(&ctx);
}

static int decide_path(const struct path *path, int hook)
{
	struct dsec_event_ctx ctx = {
		.hook = hook,
		.path = path,
		.sb = path->dentry->d_sb,
	};

	return dsec_decide(&ctx);
}

static int decide_entry(const struct path *dir, const struct dentry *dentry)
{
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_WRITE,
		.path = dir,
		.dentry = dentry,
		.sb = dir->dentry->d_sb,
	};

	return dsec_decide(&ctx);
}

static int hook_path_truncate(struct pt_regs *regs)
{
	return decide_path((const struct path *)ARG(regs, 0), DSEC_HOOK_WRITE);
}

static int hook_file_truncate(struct pt_regs *regs)
{
	struct file *file = (struct file *)ARG(regs, 0);

	return decide_path(&file->f_path, DSEC_HOOK_WRITE);
}

/* path_chmod, path_chown: metadata writes, checked like content writes. */
static int hook_path_attr(struct pt_regs *regs)
{
	return decide_path((const struct path *)ARG(regs, 0), DSEC_HOOK_WRITE);
}

/*
 * crun and runc chown their standard streams to the container's user,
 * and these may be host files: a chown that changes no owner is no write.
 */
static int hook_path_chown(struct pt_regs *regs)
{
	const struct path *path = (const struct path *)ARG(regs, 0);
	const struct inode *inode = d_backing_inode(path->dentry);
	kuid_t uid = KUIDT_INIT((uid_t)ARG(regs, 1));
	kgid_t gid = KGIDT_INIT((gid_t)ARG(regs, 2));

	if ((!uid_valid(uid) || uid_eq(uid, inode->i_uid)) &&
	    (!gid_valid(gid) || gid_eq(gid, inode->i_gid)))
		return 0;
	return decide_path(path, DSEC_HOOK_WRITE);
}

/*
 * inode_setxattr, inode_removexattr: the dentry is the second argument
 * (after the idmap or user namespace), and no mount comes with it. On
 * the super block of the task's root, the path is built with the root's
 * mount, so the read-only-root and host-files guards see where the file
 * lies.
 *
 * NOTE: an xattr change on another super block (a volume, or a host
 * file reached through a leaked descriptor) carries no path, so the
 * guards that need one let it through and rules match no path.
 */
static int hook_inode_xattr(struct pt_regs *regs)
{
	struct dentry *dentry = (struct dentry *)ARG(regs, 1);
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_WRITE,
		.sb = dentry->d_sb,
	};
	struct path path;
	int ret;

	if (!current->fs)
		return 0;
	rcu_read_lock();
	dsec_current_root(&path);
	if (path.mnt->mnt_sb == dentry->d_sb) {
		path.dentry = dentry;
		ctx.path = &path;
	}
	ret = dsec_decide(&ctx);
	rcu_read_unlock();
	return ret;
}

/* path_mknod, path_unlink, path_mkdir, path_rmdir, path_symlink */
static int hook_path_chroot(struct pt_regs *regs)
{
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_MOUNT,
		.path = (const struct path *)ARG(regs, 0),
		.chroot = true,
	};

	ctx.sb = ctx.path->dentry->d_sb;
	return dsec_decide(&ctx);
}

static int hook_path_entry(struct pt_regs *regs)
{
	return decide_entry((const struct path *)ARG(regs, 0),
			    (const struct dentry *)ARG(regs, 1));
}

static int hook_path_link(struct pt_regs *regs)
{
	return decide_entry((const struct path *)ARG(regs, 1),
			    (const struct dentry *)ARG(regs, 2));
}

static int hook_path_rename(struct pt_regs *regs)
{
	int ret;

	ret = decide_entry((const struct path *)ARG(regs, 0),
			   (const struct dentry *)ARG(regs, 1));
	if (ret)
		return ret;
	return decide_entry((const struct path *)ARG(regs, 2),
			    (const struct dentry *)ARG(regs, 3));
}

static int hook_sb_mount(struct pt_regs *regs)
{
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_MOUNT,
		.dev_name = (const char *)ARG(regs, 0),
		.path = (const struct path *)ARG(regs, 1),
		.fstype = (const char *)ARG(regs, 2),
		.mount_flags = ARG(regs, 3),
	};

	return dsec_decide(&ctx);
}

static int hook_move_mount(struct pt_regs *regs)
{
	const struct path *from = (const struct path *)ARG(regs, 0);
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_MOUNT,
		.path = (const struct path *)ARG(regs, 1),
		.sb = from->mnt->mnt_sb,
		.fstype = from->mnt->mnt_sb->s_type->name,
	};

	return dsec_decide(&ctx);
}

static int hook_reconfigure_super(struct pt_regs *regs)
{
	const struct fs_context *fc = (const struct fs_context *)ARG(regs, 0);
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_MOUNT,
		.reconfigure = true,
	};

	if (!fc->root)
		return 0;
	ctx.sb = fc->root->d_sb;
	ctx.fstype = ctx.sb->s_type->name;
	if (fc->sb_flags & SB_RDONLY)
		ctx.mount_flags = MS_RDONLY;
	return dsec_decide(&ctx);
}

/*
 * mount_setattr(2) changes per-mount flags (it can clear
 * MOUNT_ATTR_RDONLY) and calls no security hook. Its attributes are in
 * user memory, which another thread can change after a probe read them,
 * so the probe sits on the syscall and the guard decides on the call.
 */
static int hook_mount_setattr(struct pt_regs *regs)
{
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_MOUNT,
		.mount_setattr = true,
	};

	return dsec_decide(&ctx);
}

static int hook_sb_kern_mount(struct pt_regs *regs)
{
	const struct super_block *sb = (const struct super_block *)ARG(regs, 0);
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_MOUNT,
		.sb = sb,
		.fstype = sb->s_type->name,
		.new_sb = true,
	};

	return dsec_decide(&ctx);
}

/*
 * NOTE: ptrace events carry no path, so ptrace rules never match and only
 * the PTRACE guard and the scope's ptrace default decide them.
 */
static int hook_ptrace_access_check(struct pt_regs *regs)
{
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_PTRACE,
		.target = (struct task_struct *)ARG(regs, 0),
		/* Visibility checks of /proc files: deny, raise no alert. */
		.quiet = ARG(regs, 1) & PTRACE_MODE_NOAUDIT,
	};

	return dsec_decide(&ctx);
}

static int hook_ptrace_traceme(struct pt_regs *regs)
{
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_PTRACE,
		.target = (struct task_struct *)ARG(regs, 0),
		.ptrace_traceme = true,
	};

	return dsec_decide(&ctx);
}

static bool module_id(int id)
{
	return id == READING_MODULE || id == READING_KEXEC_IMAGE ||
	       id == READING_KEXEC_INITRAMFS;
}

static int hook_kernel_read_file(struct pt_regs *regs)
{
	struct file *file = (struct file *)ARG(regs, 0);
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_MODULE,
		.path = &file->f_path,
		.file = file,
		.sb = file_inode(file)->i_sb,
		.kernel_id = (int)ARG(regs, 1),
	};

	if (!module_id(ctx.kernel_id))
		return 0;
	return dsec_decide(&ctx);
}

static int hook_kernel_load_data(struct pt_regs *regs)
{
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_MODULE,
		.kernel_id = (int)ARG(regs, 0),
	};

	/* kernel_load_data_id values mirror kernel_read_file_id. */
	if (!module_id(ctx.kernel_id))
		return 0;
	return dsec_decide(&ctx);
}

/*
 * delete_module(2) has no security hook, so the probe sits on the
 * syscall itself: unloading dsec (or any module) from a container turns
 * every guard off. Its only argument is the syscall's pt_regs. While
 * the unload lock holds, a forced unload (O_TRUNC), which ignores the
 * lock's module reference, is denied to every task, host ones too.
 */
static int hook_delete_module(struct pt_regs *regs)
{
	const struct pt_regs *uregs = (const struct pt_regs *)ARG(regs, 0);
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_MODULE,
		.unload = true,
	};

	if ((uregs->si & O_TRUNC) && dsec_is_locked())
		return -EPERM;
	return dsec_decide(&ctx);
}

/*
 * clone3(CLONE_INTO_CGROUP) starts a child in the cgroup of a directory
 * descriptor, which needs no write to any cgroup file. cgroup_can_fork()
 * resolves that descriptor only after its entry, where a probe could
 * read the descriptor but not stop another thread from replacing it, so
 * the probe sits on the pids controller's can_fork callback, which
 * cgroup_can_fork() calls with the resolved css_set. A child bound for
 * the parent's own cgroup is an ordinary fork.
 *
 * NOTE: with the pids controller disabled on the kernel command line
 * (cgroup_disable=pids) the callback never runs and status reports the
 * probe's hits as 0; CLONE_INTO_CGROUP then goes unchecked.
 */
static int hook_pids_can_fork(struct pt_regs *regs)
{
	const struct css_set *cset = (const struct css_set *)ARG(regs, 1);
	struct dsec_event_ctx ctx = {
		.hook = DSEC_HOOK_WRITE,
	};
	bool same;

	rcu_read_lock();
	same = !cset || cset->dfl_cgrp == task_dfl_cgroup(current);
	rcu_read_unlock();
	if (same)
		return 0;
	ctx.into_cgroup = cset->dfl_cgrp;
	return dsec_decide(&ctx);
}

#define PROBE(sym, h, fn, ess, pres) {					\
	.symbol = sym, .hook = DSEC_HOOK_##h, .handler = fn,		\
	.essential = ess, .present = pres }

/*
 * reconfigure_super() is probed rather than security_sb_remount(), whose
 * arguments lack the new flags: it is where both remount(2) and
 * fspick(2) with FSCONFIG_CMD_RECONFIGURE change a super block.
 */
static struct dsec_probe probes[] = {
	PROBE("security_bprm_check", EXEC, hook_bprm_check, true, true),
	PROBE("security_sb_mount", MOUNT, hook_sb_mount, true, true),
	PROBE("security_move_mount", MOUNT, hook_move_mount, false, true),
	PROBE("security_sb_kern_mount", MOUNT, hook_sb_kern_mount, false, true),
	PROBE("security_path_chroot", MOUNT, hook_path_chroot, false, true),
	PROBE("reconfigure_super", MOUNT, hook_reconfigure_super, false, true),
	PROBE("__x64_sys_mount_setattr", MOUNT, hook_mount_setattr, false,
	      true),
	PROBE("security_ptrace_access_check", PTRACE, hook_ptrace_access_check,
	      false, true),
	PROBE("security_ptrace_traceme", PTRACE, hook_ptrace_traceme, false,
	      true),
	PROBE("security_file_open", WRITE, hook_file_open, true, true),
	PROBE("security_path_truncate", WRITE, hook_path_truncate, false, true),
	PROBE("security_file_truncate", WRITE, hook_file_truncate, false,
	      DSEC_HAVE_FILE_TRUNCATE),
	PROBE("security_path_mknod", WRITE, hook_path_entry, false, true),
	PROBE("security_path_unlink", WRITE, hook_path_entry, false, true),
	PROBE("security_path_mkdir", WRITE, hook_path_entry, false, true),
	PROBE("security_path_rmdir", WRITE, hook_path_entry, false, true),
	PROBE("security_path_rename", WRITE, hook_path_rename, false, true),
	PROBE("security_path_symlink", WRITE, hook_path_entry, false, true),
	PROBE("security_path_link", WRITE, hook_path_link, false, true),
	PROBE("security_path_chmod", WRITE, hook_path_attr, false, true),
	PROBE("security_path_chown", WRITE, hook_path_chown, false, true),
	PROBE("security_inode_setxattr", WRITE, hook_inode_xattr, false, true),
	PROBE("security_inode_removexattr", WRITE, hook_inode_xattr, false,
	      true),
	PROBE("security_kernel_read_file", MODULE, hook_kernel_read_file,
	      false, true),
	PROBE("security_kernel_load_data", MODULE, hook_kernel_load_data,
	      false, true),
	PROBE("__x64_sys_delete_module", MODULE, hook_delete_module, false,
	      true),
	PROBE("pids_can_fork", WRITE, hook_pids_can_fork, false, true),
};

static DEFINE_PER_CPU(u64[ARRAY_SIZE(probes)], probe_hits);

/* pt_regs offsets of the general registers, in x86 encoding order. */
static const u8 reg_offset[16] = {
	offsetof(struct pt_regs, ax), offsetof(struct pt_regs, cx),
	offsetof(struct pt_regs, dx), offsetof(struct pt_regs, bx),
	offsetof(struct pt_regs, sp), offsetof(struct pt_regs, bp),
	offsetof(struct pt_regs, si), offsetof(struct pt_regs, di),
	offsetof(struct pt_regs, r8), offsetof(struct pt_regs, r9),
	offsetof(struct pt_regs, r10), offsetof(struct pt_regs, r11),
	offsetof(struct pt_regs, r12), offsetof(struct pt_regs, r13),
	offsetof(struct pt_regs, r14), offsetof(struct pt_regs, r15),
};

static unsigned long *regs_reg(struct pt_regs *regs, u8 reg)
{
	return (unsigned long *)((u8 *)regs + reg_offset[reg]);
}

/*
 * Decode @b, the bytes at the probe address, into @insn when it is
 * "push %reg" (50+r, or 41 50+r for r8-r15) or a 64-bit load
 * "mov disp8(%base), %reg" (REX.W 8b, ModRM mod 01 without SIB). The
 * stack pointer is never a source or destination. Anything else is left
 * to single-stepping.
 */
static void decode_insn(const u8 *b, struct dsec_insn *insn)
{
	u8 rex = 0, i = 0, modrm;

	insn->kind = DSEC_INSN_STEP;
	if ((b[0] & 0xf0) == 0x40)
		rex = b[i++];
	if (b[i] >= 0x50 && b[i] <= 0x57 && (rex == 0 || rex == 0x41)) {
		insn->reg = (b[i] & 7) | ((rex & 1) << 3);
		insn->len = i + 1;
		if (insn->reg != 4)
			insn->kind = DSEC_INSN_PUSH;
		return;
	}
	if ((rex & 0xfa) != 0x48 || b[i] != 0x8b)
		return;
	modrm = b[i + 1];
	if ((modrm >> 6) != 1 || (modrm & 7) == 4)
		return;
	insn->reg = ((modrm >> 3) & 7) | ((rex & 4) << 1);
	insn->base = (modrm & 7) | ((rex & 1) << 3);
	insn->disp = (s8)b[i + 2];
	insn->len = i + 3;
	if (insn->reg != 4)
		insn->kind = DSEC_INSN_LOAD;
}

/*
 * Run the probed instruction and resume after it. A push lands in the
 * gap that the int3 entry leaves below the interrupted stack (the kprobe
 * core emulates calls the same way). A load that would fault is left to
 * the single-step, so the fault happens where the function expects it.
 */
static bool emulate_insn(const struct dsec_probe *probe, struct pt_regs *regs)
{
	const struct dsec_insn *insn = &probe->insn;
	unsigned long val;

	switch (insn->kind) {
	case DSEC_INSN_PUSH:
		int3_emulate_push(regs, *regs_reg(regs, insn->reg));
		break;
	case DSEC_INSN_LOAD:
		if (copy_from_kernel_nofault(&val,
				(void *)(*regs_reg(regs, insn->base) + insn->disp),
				sizeof(val)))
			return false;
		*regs_reg(regs, insn->reg) = val;
		break;
	default:
		return false;
	}
	regs->ip = (unsigned long)probe->kp.addr + insn->len;
	return true;
}

static int probe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct dsec_probe *probe = container_of(kp, struct dsec_probe, kp);

	this_cpu_inc(probe_hits[probe - probes]);
	if (!probe->handler(regs))
		return emulate_insn(probe, regs);

	/* Return -EPERM to the caller, as if the function had run "ret". */
	regs->ax = (unsigned long)-EPERM;
	regs->ip = *(unsigned long *)regs->sp;
	regs->sp += sizeof(unsigned long);
	return 1;
}

/* Never called for a denied event; its presence rules out optprobes. */
static void probe_post(struct kprobe *kp, struct pt_regs *regs,
		       unsigned long flags)
{
}

static const u8 endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
static const u8 endbr_poison_osp_nop3[] = { 0x66, 0x0f, 0x1f, 0x00 };
static const u8 endbr_poison_nopl[] = { 0x0f, 0x1f, 0x40, 0xd6 };
static const u8 nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };

/*
 * Find the first instruction after the __fentry__ call site of @symbol:
 * an optional ENDBR (or the 4-byte NOP that replaces a sealed one), then
 * the 5-byte NOP or the call that ftrace patches in.
 */
static int find_probe_addr(struct dsec_probe *probe, unsigned long *ret_addr)
{
	struct kprobe entry = {
		.symbol_name = probe->symbol,
		.flags = KPROBE_FLAG_DISABLED,
	};
	unsigned long addr;
	u8 insn[9];
	int ret, off = 0;

	/*
	 * Registering a disabled probe resolves the symbol without touching
	 * its text. On IBT kernels the core moves it past an ENDBR.
	 */
	ret = register_kprobe(&entry);
	if (ret)
		return ret;
	addr = (unsigned long)entry.addr;
	unregister_kprobe(&entry);

	if (copy_from_kernel_nofault(insn, (void *)addr, sizeof(insn)))
		return -EFAULT;
	if (!memcmp(insn, endbr64, 4) ||
	    !memcmp(insn, endbr_poison_osp_nop3, 4) ||
	    !memcmp(insn, endbr_poison_nopl, 4))
		off = 4;
	if (memcmp(insn + off, nop5, sizeof(nop5)) && insn[off] != 0xe8)
		return -EILSEQ;
	*ret_addr = addr + off + 5;
	return 0;
}

/* Decode the instruction at @addr before the probe's int3 covers it. */
static void probe_decode(struct dsec_probe *probe, unsigned long addr)
{
	u8 b[4];

	probe->insn.kind = DSEC_INSN_STEP;
	if (!copy_from_kernel_nofault(b, (void *)addr, sizeof(b)))
		decode_insn(b, &probe->insn);
}

static int probe_register(struct dsec_probe *probe)
{
	unsigned long addr;
	int ret;

	ret = find_probe_addr(probe, &addr);
	if (ret)
		return ret;
	probe_decode(probe, addr);
	memset(&probe->kp, 0, sizeof(probe->kp));
	probe->kp.addr = (kprobe_opcode_t *)addr;
	probe->kp.pre_handler = probe_pre;
	probe->kp.post_handler = probe_post;
	return register_kprobe(&probe->kp);
}

static void probes_unregister(void)
{
	struct kprobe *kps[ARRAY_SIZE(probes)];
	int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		if (probes[i].active)
			kps[n++] = &probes[i].kp;
		probes[i].active = false;
	}
	/* Waits until no handler runs any more. */
	if (n)
		unregister_kprobes(kps, n);
}

int dsec_hooks_init(void)
{
	int i, ret;

	hook_buf = alloc_percpu(struct dsec_hook_buf);
	if (!hook_buf)
		return -ENOMEM;
	ret = dsec_guards_init();
	if (ret)
		goto out_free_buf;

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		struct dsec_probe *probe = &probes[i];

		if (!probe->present)
			continue;
		ret = probe_register(probe);
		probe->error = -ret;
		probe->active = !ret;
		if (!ret) {
			pr_debug("probe %s at %pS\n", probe->symbol,
				 probe->kp.addr);
			continue;
		}
		pr_warn("probe %s unavailable: error %d; hook %s inactive\n",
			probe->symbol, ret, dsec_hook_name(probe->hook));
		if (probe->essential) {
			pr_err("essential probe %s failed, not loading\n",
			       probe->symbol);
			goto out_unregister;
		}
	}
	return 0;

out_unregister:
	probes_unregister();
	dsec_guards_exit();
out_free_buf:
	free_percpu(hook_buf);
	return ret;
}

void dsec_hooks_exit(void)
{
	probes_unregister();
	dsec_guards_exit();
	free_percpu(hook_buf);
}

static bool hook_active(enum dsec_hook hook)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(probes); i++)
		if (probes[i].present && probes[i].hook == hook &&
		    !probes[i].active)
			return false;
	return true;
}

static u64 probe_hit_count(int index)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(probe_hits, cpu)[index];
	return sum;
}

/* Put one DSEC_A_HOOK nest per hook and one DSEC_A_PROBE nest per probe. */
int dsec_hooks_fill_status(struct sk_buff *skb)
{
	struct nlattr *nest;
	int i;

	for (i = 0; i < DSEC_HOOK_COUNT; i++) {
		u64 allowed, denied, audited, dropped;

		dsec_hook_counters(i, &allowed, &denied, &audited, &dropped);
		nest = nla_nest_start(skb, DSEC_A_HOOK);
		if (!nest ||
		    nla_put_u8(skb, DSEC_HOOK_A_ID, i) ||
		    nla_put_string(skb, DSEC_HOOK_A_NAME, dsec_hook_name(i)) ||
		    nla_put_u8(skb, DSEC_HOOK_A_ACTIVE, hook_active(i)) ||
		    nla_put_u64_64bit(skb, DSEC_HOOK_A_ALLOWED, allowed,
				      DSEC_HOOK_A_PAD) ||
		    nla_put_u64_64bit(skb, DSEC_HOOK_A_DENIED, denied,
				      DSEC_HOOK_A_PAD) ||
		    nla_put_u64_64bit(skb, DSEC_HOOK_A_AUDITED, audited,
				      DSEC_HOOK_A_PAD) ||
		    nla_put_u64_64bit(skb, DSEC_HOOK_A_DROPPED, dropped,
				      DSEC_HOOK_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		const struct dsec_probe *probe = &probes[i];

		if (!probe->present)
			continue;
		nest = nla_nest_start(skb, DSEC_A_PROBE);
		if (!nest ||
		    nla_put_string(skb, DSEC_PROBE_A_SYMBOL, probe->symbol) ||
		    nla_put_u8(skb, DSEC_PROBE_A_HOOK, probe->hook) ||
		    nla_put_u8(skb, DSEC_PROBE_A_ACTIVE, probe->active) ||
		    nla_put_u32(skb, DSEC_PROBE_A_ERROR, probe->error) ||
		    nla_put_u64_64bit(skb, DSEC_PROBE_A_MISSED,
				      probe->active ? probe->kp.nmissed : 0,
				      DSEC_PROBE_A_PAD) ||
		    nla_put_u64_64bit(skb, DSEC_PROBE_A_HITS,
				      probe_hit_count(i), DSEC_PROBE_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}
