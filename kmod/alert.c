// SPDX-License-Identifier: GPL-2.0
/*
 * Alerts: hooks copy each deny or audit event into a ring allocated at
 * init, and a work item drains it into one rate-limited kernel log line
 * and one DSEC_CMD_ALERT multicast message per event.
 *
 * dsec_alert_record() and dsec_count() run in kprobe context: they take
 * only the ring's spinlock with interrupts saved, allocate nothing and
 * reach the work item through irq_work, which is safe to queue there.
 */
#define pr_fmt(fmt) "dsec: " fmt

#include <linux/atomic.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/irq_work.h>
#include <linux/jhash.h>
#include <linux/percpu.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>

#include "internal.h"

#define DSEC_RING_SIZE		256

struct dsec_alert {
	u64 seq;
	u64 time_ns;
	u64 cgroup_id;
	u64 suppressed;
	u32 pid;
	u32 tid;
	u32 uid;
	u32 rule_id;
	u32 guard;
	u32 target_pid;
	u8 hook;
	u8 action;
	u8 mode;
	u8 verdict;
	bool path_truncated;
	char comm[TASK_COMM_LEN];
	char policy[DSEC_NAME_MAX];
	char scope[DSEC_NAME_MAX];
	char rule_name[DSEC_NAME_MAX];
	char reason[DSEC_REASON_MAX];
	char fstype[DSEC_FSTYPE_MAX];
	char cgroup[DSEC_ALERT_CGROUP_MAX];
	char path[DSEC_ALERT_PATH_MAX];
};

struct dsec_counters {
	u64 allowed;
	u64 denied;
	u64 audited;
	u64 dropped;
};

static struct dsec_alert *ring;
static unsigned int ring_head, ring_tail;	/* head: next to read */
static u64 ring_lost;			/* dropped since the last queued alert */
static DEFINE_SPINLOCK(ring_lock);
static atomic64_t alert_seq = ATOMIC64_INIT(0);
static atomic64_t events_dropped = ATOMIC64_INIT(0);
static atomic64_t log_suppressed = ATOMIC64_INIT(0);
static DEFINE_PER_CPU(struct dsec_counters[DSEC_HOOK_COUNT], hook_counters);

/* Work-item state: the work never runs concurrently with itself. */
static struct dsec_alert drained;
#define ESCAPED_SIZE(n)	(4 * (n) + 1)
static char esc_policy[ESCAPED_SIZE(DSEC_NAME_MAX)];
static char esc_scope[ESCAPED_SIZE(DSEC_NAME_MAX)];
static char esc_rule[ESCAPED_SIZE(DSEC_NAME_MAX)];
static char esc_cgroup[ESCAPED_SIZE(DSEC_ALERT_CGROUP_MAX)];
static char esc_comm[ESCAPED_SIZE(TASK_COMM_LEN)];
static char esc_path[ESCAPED_SIZE(DSEC_ALERT_PATH_MAX)];
static char esc_fstype[ESCAPED_SIZE(DSEC_FSTYPE_MAX)];
static u64 lines_suppressed;

/*
 * The kernel log gets one line per distinct alert. A repeat (the same
 * cgroup, hook, verdict, mode, rule, guard, reason, file system type,
 * ptrace target and path) within
 * DSEC_REPEAT_WINDOW is counted instead, and the next line of that alert
 * reports how many were folded into it (repeats=N). A container that keeps
 * hitting one denial therefore cannot crowd other alerts out of the log;
 * log_rs caps distinct lines as a last resort. The multicast group gets
 * every alert.
 */
#define DSEC_REPEAT_SLOTS	512
#define DSEC_REPEAT_WINDOW	(10 * HZ)

struct repeat_slot {
	u64 key;
	unsigned long since;
	u32 count;
};

static struct repeat_slot repeats[DSEC_REPEAT_SLOTS];
static DEFINE_RATELIMIT_STATE(log_rs, 5 * HZ, 50);

/*
 * The first alert of a kind (cgroup, hook, guard and reason) within
 * DSEC_KIND_WINDOW is logged on a budget of its own. A flood of distinct
 * alerts of one kind, such as writes to many sysctl files, then cannot
 * use up the lines that a later module load needs.
 */
#define DSEC_KIND_WINDOW	(5 * HZ)

static struct repeat_slot kinds[DSEC_REPEAT_SLOTS];
static DEFINE_RATELIMIT_STATE(kind_rs, 5 * HZ, 200);

static void alert_work_fn(struct work_struct *work);
static DECLARE_WORK(alert_work, alert_work_fn);

static void alert_irq_work_fn(struct irq_work *work)
{
	schedule_work(&alert_work);
}

static struct irq_work alert_irq_work;

void dsec_count(enum dsec_hook hook, u8 action, u8 mode)
{
	struct dsec_counters *c = &this_cpu_ptr(hook_counters)[hook];

	if (action == DSEC_ACTION_ALLOW)
		c->allowed++;
	else if (action == DSEC_ACTION_DENY && mode == DSEC_MODE_ENFORCE)
		c->denied++;
	else
		c->audited++;
}

void dsec_hook_counters(enum dsec_hook hook, u64 *allowed, u64 *denied,
			u64 *audited, u64 *dropped)
{
	int cpu;

	*allowed = *denied = *audited = *dropped = 0;
	for_each_possible_cpu(cpu) {
		const struct dsec_counters *c =
			&per_cpu_ptr(hook_counters, cpu)[hook];

		*allowed += READ_ONCE(c->allowed);
		*denied += READ_ONCE(c->denied);
		*audited += READ_ONCE(c->audited);
		*dropped += READ_ONCE(c->dropped);
	}
}

u64 dsec_log_suppressed(void)
{
	return atomic64_read(&log_suppressed);
}

u64 dsec_events_dropped(void)
{
	return atomic64_read(&events_dropped);
}

/**
 * dsec_alert_record - queue an alert for a deny or audit decision
 * @ctx: the event
 * @policy: policy of the deciding scope
 * @scope: the deciding scope
 * @decision: what was decided and why
 * @res: scopes of the current task, with its cgroup
 *
 * Runs in kprobe context. When the ring is full the alert is counted as
 * dropped for its hook and the next queued alert carries the count.
 */
void dsec_alert_record(const struct dsec_event_ctx *ctx,
		       const struct dsec_policy *policy,
		       const struct dsec_scope *scope,
		       const struct dsec_decision *decision,
		       const struct dsec_scope_result *res)
{
	struct dsec_alert *alert;
	unsigned long flags;

	spin_lock_irqsave(&ring_lock, flags);
	if (ring_tail - ring_head >= DSEC_RING_SIZE) {
		ring_lost++;
		spin_unlock_irqrestore(&ring_lock, flags);
		this_cpu_ptr(hook_counters)[ctx->hook].dropped++;
		atomic64_inc(&events_dropped);
		return;
	}
	alert = &ring[ring_tail % DSEC_RING_SIZE];
	memset(alert, 0, offsetof(struct dsec_alert, comm));

	alert->seq = atomic64_inc_return(&alert_seq);
	alert->time_ns = ktime_get_real_fast_ns();
	alert->cgroup_id = cgroup_id(res->cgroup);
	alert->suppressed = ring_lost;
	ring_lost = 0;
	alert->pid = task_tgid_nr(current);
	alert->tid = task_pid_nr(current);
	alert->uid = from_kuid(&init_user_ns, current_uid());
	alert->rule_id = decision->rule_id;
	alert->guard = decision->guard;
	alert->target_pid = ctx->target ? task_tgid_nr(ctx->target) : 0;
	alert->hook = ctx->hook;
	alert->action = decision->action;
	alert->mode = decision->mode;
	alert->verdict = decision->action == DSEC_ACTION_DENY &&
			 decision->mode == DSEC_MODE_ENFORCE ?
			 DSEC_VERDICT_BLOCKED : DSEC_VERDICT_ALLOWED;
	get_task_comm(alert->comm, current);
	strscpy(alert->policy, policy->name, sizeof(alert->policy));
	strscpy(alert->scope, scope->name, sizeof(alert->scope));
	strscpy(alert->rule_name, decision->rule_name ?: "",
		sizeof(alert->rule_name));
	strscpy(alert->reason, decision->reason ?: "", sizeof(alert->reason));
	strscpy(alert->fstype, ctx->fstype ?: "", sizeof(alert->fstype));
	if (!dsec_cgroup_path(res->cgroup, alert->cgroup,
			      sizeof(alert->cgroup)))
		strscpy(alert->cgroup, "?", sizeof(alert->cgroup));
	alert->path[0] = '\0';
	if (ctx->pathname &&
	    strscpy(alert->path, ctx->pathname, sizeof(alert->path)) < 0)
		alert->path_truncated = true;
	alert->path_truncated |= ctx->path_truncated;
	ring_tail++;
	spin_unlock_irqrestore(&ring_lock, flags);

	irq_work_queue(&alert_irq_work);
}

/* Escape @src for a quoted log value: printable ASCII except '"' and '\'. */
static const char *escape(char *dst, const char *src)
{
	char *p = dst;

	for (; *src; src++) {
		unsigned char c = *src;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			*p++ = c;
		else
			p += sprintf(p, "\\x%02x", c);
	}
	*p = '\0';
	return dst;
}

static char repeats_buf[sizeof(" repeats=4294967295")];

static const char *repeats_field(u32 folded)
{
	snprintf(repeats_buf, sizeof(repeats_buf), " repeats=%u", folded);
	return repeats_buf;
}

static const char *const action_names[] = { "allow", "audit", "deny" };
static const char *const mode_names[] = { "inherit", "enforce", "complain" };

static u64 alert_key(const struct dsec_alert *a)
{
	u32 fields = jhash_3words(a->hook | a->verdict << 8 | a->mode << 16,
				  a->rule_id ^ a->target_pid, a->guard,
				  jhash(a->reason, strlen(a->reason),
					jhash(a->fstype, strlen(a->fstype), 0)));
	u32 lo = jhash(a->path, strlen(a->path),
		       jhash_2words((u32)a->cgroup_id, a->cgroup_id >> 32,
				    fields));
	u32 hi = jhash(a->path, strlen(a->path), lo ^ fields ^ 0x9e3779b9);

	return (u64)hi << 32 | lo;
}

/*
 * True when @a repeats an alert logged less than DSEC_REPEAT_WINDOW ago.
 * Otherwise *@folded is the number of repeats counted since that alert's
 * last line. Runs only in the work item, so the table needs no lock.
 */
static bool alert_repeated(const struct dsec_alert *a, u32 *folded)
{
	u64 key = alert_key(a);
	struct repeat_slot *slot = &repeats[key & (DSEC_REPEAT_SLOTS - 1)];

	if (slot->key == key &&
	    time_before(jiffies, slot->since + DSEC_REPEAT_WINDOW)) {
		slot->count++;
		return true;
	}
	*folded = slot->key == key ? slot->count : 0;
	slot->key = key;
	slot->since = jiffies;
	slot->count = 0;
	return false;
}

/* True when no alert of @a's kind was logged within DSEC_KIND_WINDOW. */
static bool alert_new_kind(const struct dsec_alert *a)
{
	u32 lo = jhash_3words(a->hook, a->guard,
			      jhash(a->reason, strlen(a->reason), 0),
			      (u32)a->cgroup_id);
	u64 key = (u64)jhash_2words(a->cgroup_id >> 32, lo, 0) << 32 | lo;
	struct repeat_slot *slot = &kinds[key & (DSEC_REPEAT_SLOTS - 1)];

	if (slot->key == key &&
	    time_before(jiffies, slot->since + DSEC_KIND_WINDOW))
		return false;
	slot->key = key;
	slot->since = jiffies;
	return true;
}

static void alert_log(const struct dsec_alert *a)
{
	u32 folded;

	if (alert_repeated(a, &folded)) {
		atomic64_inc(&log_suppressed);
		return;
	}
	if (!__ratelimit(alert_new_kind(a) ? &kind_rs : &log_rs)) {
		lines_suppressed++;
		atomic64_inc(&log_suppressed);
		return;
	}
	if (lines_suppressed) {
		pr_warn("%llu alert lines suppressed by rate limit\n",
			lines_suppressed);
		lines_suppressed = 0;
	}
	pr_warn("action=%s verdict=%s mode=%s hook=%s policy=\"%s\" scope=\"%s\" cgroup=\"%s\" pid=%u comm=\"%s\" path=\"%s\"%s rule=%u rule_name=\"%s\" reason=%s%s%s%s%s\n",
		action_names[a->action],
		a->verdict == DSEC_VERDICT_BLOCKED ? "blocked" : "allowed",
		mode_names[a->mode], dsec_hook_name(a->hook),
		escape(esc_policy, a->policy), escape(esc_scope, a->scope),
		escape(esc_cgroup, a->cgroup), a->pid,
		escape(esc_comm, a->comm), escape(esc_path, a->path),
		a->path_truncated ? " path_truncated=1" : "",
		a->rule_id, escape(esc_rule, a->rule_name),
		a->reason[0] ? a->reason : "rule",
		a->fstype[0] ? " fstype=\"" : "",
		a->fstype[0] ? escape(esc_fstype, a->fstype) : "",
		a->fstype[0] ? "\"" : "",
		folded ? repeats_field(folded) : "");
}

static int alert_fill(struct sk_buff *skb, const struct dsec_alert *a)
{
	struct nlattr *nest = nla_nest_start(skb, DSEC_A_ALERT);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, DSEC_ALERT_A_SEQ, a->seq, DSEC_ALERT_A_PAD) ||
	    nla_put_u64_64bit(skb, DSEC_ALERT_A_TIME_NS, a->time_ns,
			      DSEC_ALERT_A_PAD) ||
	    nla_put_u8(skb, DSEC_ALERT_A_HOOK, a->hook) ||
	    nla_put_u8(skb, DSEC_ALERT_A_ACTION, a->action) ||
	    nla_put_u8(skb, DSEC_ALERT_A_MODE, a->mode) ||
	    nla_put_u8(skb, DSEC_ALERT_A_VERDICT, a->verdict) ||
	    nla_put_u32(skb, DSEC_ALERT_A_PID, a->pid) ||
	    nla_put_u32(skb, DSEC_ALERT_A_TID, a->tid) ||
	    nla_put_u32(skb, DSEC_ALERT_A_UID, a->uid) ||
	    nla_put_string(skb, DSEC_ALERT_A_COMM, a->comm) ||
	    nla_put_string(skb, DSEC_ALERT_A_CGROUP, a->cgroup) ||
	    nla_put_u64_64bit(skb, DSEC_ALERT_A_CGROUP_ID, a->cgroup_id,
			      DSEC_ALERT_A_PAD) ||
	    nla_put_string(skb, DSEC_ALERT_A_POLICY, a->policy) ||
	    nla_put_string(skb, DSEC_ALERT_A_SCOPE, a->scope) ||
	    nla_put_u32(skb, DSEC_ALERT_A_RULE_ID, a->rule_id) ||
	    (a->rule_name[0] &&
	     nla_put_string(skb, DSEC_ALERT_A_RULE_NAME, a->rule_name)) ||
	    nla_put_u32(skb, DSEC_ALERT_A_GUARD, a->guard) ||
	    (a->reason[0] &&
	     nla_put_string(skb, DSEC_ALERT_A_REASON, a->reason)) ||
	    (a->path[0] && nla_put_string(skb, DSEC_ALERT_A_PATH, a->path)) ||
	    (a->path_truncated && nla_put_flag(skb, DSEC_ALERT_A_PATH_TRUNCATED)) ||
	    (a->fstype[0] &&
	     nla_put_string(skb, DSEC_ALERT_A_FSTYPE, a->fstype)) ||
	    (a->target_pid &&
	     nla_put_u32(skb, DSEC_ALERT_A_TARGET_PID, a->target_pid)) ||
	    nla_put_u64_64bit(skb, DSEC_ALERT_A_SUPPRESSED, a->suppressed,
			      DSEC_ALERT_A_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static void alert_multicast(const struct dsec_alert *a)
{
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&dsec_family, &init_net, 0))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &dsec_family, 0, DSEC_CMD_ALERT);
	if (!hdr || alert_fill(skb, a)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&dsec_family, skb, 0, 0, GFP_KERNEL);
}

static bool alert_pop(struct dsec_alert *out)
{
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&ring_lock, flags);
	if (ring_head != ring_tail) {
		memcpy(out, &ring[ring_head % DSEC_RING_SIZE], sizeof(*out));
		ring_head++;
		found = true;
	}
	spin_unlock_irqrestore(&ring_lock, flags);
	return found;
}

static void alert_work_fn(struct work_struct *work)
{
	while (alert_pop(&drained)) {
		alert_log(&drained);
		alert_multicast(&drained);
		cond_resched();
	}
}

int dsec_alert_init(void)
{
	ring = vzalloc(array_size(DSEC_RING_SIZE, sizeof(*ring)));
	if (!ring)
		return -ENOMEM;
	init_irq_work(&alert_irq_work, alert_irq_work_fn);
	ratelimit_set_flags(&log_rs, RATELIMIT_MSG_ON_RELEASE);
	ratelimit_set_flags(&kind_rs, RATELIMIT_MSG_ON_RELEASE);
	return 0;
}

/* Called after the hooks are gone: nothing queues alerts any more. */
void dsec_alert_exit(void)
{
	irq_work_sync(&alert_irq_work);
	flush_work(&alert_work);
	cancel_work_sync(&alert_work);
	vfree(ring);
	ring = NULL;
}
