// SPDX-License-Identifier: GPL-2.0
/*
 * gvt_mpt.ko: kernel glue around the pure display core (gvt_display.c).
 *
 * vGPU objects with their lock, the vblank engine (one hrtimer for every
 * vGPU, or a manual mode driven through debugfs for deterministic tests)
 * and the per-vGPU statistics in debugfs.  No policy lives here.
 *
 * Locking:
 *  - gvt_list_lock (spinlock, irq-safe) protects gvt_vgpus and is held
 *    across a whole vblank pass, from the hrtimer (hard irq) or from the
 *    debugfs "advance" file (process context).  A vGPU off the list is
 *    never reached by a vblank again: gvt_vgpu_destroy() relies on this.
 *  - vgpu->lock (spinlock, irq-safe) protects vgpu->d and the vGPU's
 *    vblank grid (period_ns, seq); nests inside gvt_list_lock.  The
 *    backend's display_event hook runs under it.
 *  - gvt_arm_lock (spinlock, irq-safe) protects gvt_timer_next and orders
 *    every hrtimer_start() of gvt_timer; innermost (inside vgpu->lock on
 *    the access path, alone in the timer).
 *  - gvt_period_lock (mutex) serialises changes of the vblank period.
 *  - vgpu->ap.lock (spinlock, irq-safe; gvt_mem.c) protects the vGPU's
 *    display memory store; nests inside gvt_list_lock (debugfs "mem"), so
 *    it is taken with interrupts off everywhere.
 *  - gvt_mem.c's gvt_mem_owner_lock is outermost: a write fault's
 *    gvt_vgpu_track_kick() takes vgpu->lock, then gvt_arm_lock, inside it.
 *  - The write tracking counters (debugfs "tracking") are atomic.
 *
 * Timing (debugfs "timing", for benchmarks): the CLOCK_MONOTONIC time of
 * each vblank pass, the time the hrtimer spends in its passes and, per
 * vGPU, the last pass that completed a flip or delivered an event; all
 * protected by gvt_list_lock.
 *
 * The vblank timer sleeps when nothing changes.  Each pipe's vblanks lie
 * on a grid, the multiples of its period (CLOCK_MONOTONIC ns): vblank
 * number floor(t / period) is the last one at time t, and vgpu->seq[pipe]
 * is the number of the last vblank the core has accounted for.  A pipe
 * the core calls idle (gvt_display_pipe_idle(): nothing to complete,
 * raise or deliver, no single-framebuffer refresh) needs no pass: its
 * vblanks are accounted later, as PIPE_FRMCOUNT and the flip-less count
 * only (gvt_display_idle_vblanks()), when anything reads or changes the
 * vGPU (gvt_access_begin()) or a pass runs, so a guest polling
 * PIPE_FRMCOUNT sees it advance at its pipe's rate.  The hrtimer is armed
 * only for the next grid vblank of a busy pipe: after a pass that leaves
 * one busy, and by an access (register write, unmask, reset) that makes
 * one busy (gvt_access_end()).  With no busy pipe it is not armed: no
 * pass at all, whatever the number of vGPUs.  Manual mode (period 0)
 * does none of this: vblanks happen only through debugfs "advance".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/idr.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "gvt_display.h"
#include "gvt_mem.h"
#include "gvt_vgpu.h"
#include "../uapi/gvt_mpt_display.h"
#include "../mpt/hypercall.h"

/* The core's description of the sources is the uapi's. */
static_assert(GVT_DRM_PLANE_TYPE_PRIMARY == GVT_MPT_DRM_PLANE_TYPE_PRIMARY);
/* The core's errnos reach userspace as they are. */
static_assert(GVT_EINVAL == EINVAL && GVT_EPERM == EPERM);
static_assert(GVT_DRM_PLANE_TYPE_CURSOR == GVT_MPT_DRM_PLANE_TYPE_CURSOR);
static_assert(GVT_DAMAGE_FULL == GVT_MPT_DAMAGE_FULL);
static_assert(GVT_DAMAGE_MOVED == GVT_MPT_DAMAGE_MOVED);
static_assert(GVT_DAMAGE_BANDS == GVT_MPT_DAMAGE_MAX_RECTS);

#define GVT_MAX_ADVANCE		10000000U
/* The vblank hrtimer fires on multiples of this, at most once each. */
#define GVT_TIMER_GRAIN_NS	1000000ULL

/**
 * struct gvt_vgpu - one vGPU
 * @node: entry in gvt_vgpus; protected by gvt_list_lock
 * @id: number for debugfs, fixed at creation, never that of another live
 *	vGPU (gvt_ida)
 * @last_flip_ns: time of the last vblank pass that completed a flip of
 *	this vGPU (0: none yet); protected by gvt_list_lock
 * @last_event_ns: time of the last vblank pass (or tracking work, which
 *	delivers as part of a pass) that delivered an event of this vGPU
 *	(0: none yet); protected by gvt_list_lock
 * @period_ns: per pipe, the period of its vblank grid (0: not placed on
 *	one yet); protected by @lock
 * @seq: per pipe, the number (time / @period_ns) of the last grid vblank
 *	the core has accounted for; protected by @lock
 * @lock: protects @d, @period_ns, @seq and the track_* fields
 * @d: the display engine (pure core state); protected by @lock
 * @ap: display memory; its own lock (gvt_mem.c)
 * @tracking: write tracking asked for at creation (parameter
 *	write_tracking); fixed
 * @single_fb: N of the single-framebuffer rule (parameter
 *	single_fb_vblanks) at creation; fixed
 * @track_armed: pipes whose live surface a harvest write-protected and
 *	that stayed ready since (bit = pipe); protected by @lock
 * @track_kicked: a write fault came since the last harvest it asked for;
 *	protected by @lock
 * @track_due_ns: when that harvest is due (see gvt_vgpu_track_kick());
 *	protected by @lock
 * @track_full: per pipe, consecutive harvests of its surface that found
 *	at least 3/4 of its pages written; protected by @lock
 * @track_back_ns: per pipe, 0, or tracking fell back to the heuristic
 *	(gvt_track_cost()) and is tried again at this time; protected by
 *	@lock
 * @track_surf: per pipe, the surface (offset, bytes) @track_full
 *	counts harvests of; protected by @lock
 * @track_len: see @track_surf
 * @track_arm_off: per pipe, the surface (offset, bytes; 0 bytes: none
 *	visible) the harvest that armed it covered: a new one (a resize, a
 *	new format without a flip) is armed anew; protected by @lock
 * @track_arm_len: see @track_arm_off
 * @track_work: harvests the live surfaces of ready pipes (gvt_track_work())
 */
struct gvt_vgpu {
	struct list_head node;
	u32 id;
	u64 last_flip_ns;
	u64 last_event_ns;
	u64 period_ns[GVT_MAX_PIPES];
	u64 seq[GVT_MAX_PIPES];
	spinlock_t lock;	/* protects d, period_ns, seq, track_* */
	struct gvt_display d;
	struct gvt_aperture ap;
	bool tracking;
	u32 single_fb;
	u32 track_armed;
	bool track_kicked;
	u64 track_due_ns;
	u32 track_full[GVT_MAX_PIPES];
	u64 track_back_ns[GVT_MAX_PIPES];
	u64 track_surf[GVT_MAX_PIPES];
	u64 track_len[GVT_MAX_PIPES];
	u64 track_arm_off[GVT_MAX_PIPES];
	u64 track_arm_len[GVT_MAX_PIPES];
	struct work_struct track_work;
};

/**
 * struct gvt_timing - vblank pass timing, for benchmarks (debugfs "timing")
 * @passes: vblank passes run by the hrtimer (none while no pipe is busy)
 * @busy_ns: time the hrtimer spent in those passes
 * @last_ns: start time of the last pass (hrtimer or debugfs "advance")
 */
struct gvt_timing {
	u64 passes;
	u64 busy_ns;
	u64 last_ns;
};

static LIST_HEAD(gvt_vgpus);		/* protected by gvt_list_lock */
static DEFINE_SPINLOCK(gvt_list_lock);
/* Ids of live vGPUs; the IDA has its own lock. */
static DEFINE_IDA(gvt_ida);
static DEFINE_MUTEX(gvt_id_lock);	/* protects gvt_next_id */
/* Where the next id search starts: ids come back only after a wrap. */
static int gvt_next_id;			/* protected by gvt_id_lock */
static DEFINE_MUTEX(gvt_period_lock);
static struct hrtimer gvt_timer;
static bool gvt_timer_ready;		/* protected by gvt_period_lock */
static struct dentry *gvt_debugfs;
static struct gvt_timing gvt_timing;	/* protected by gvt_list_lock */
static DEFINE_SPINLOCK(gvt_arm_lock);
/* Expiry of the queued gvt_timer, 0: not queued; protected by gvt_arm_lock. */
static u64 gvt_timer_next;

static unsigned int single_fb_vblanks = GVT_SINGLE_FB_DEFAULT;
module_param(single_fb_vblanks, uint, 0644);
MODULE_PARM_DESC(single_fb_vblanks,
		 "Flip-less vblanks before a pipe is refreshed at every vblank (0: never; applies to new vGPUs)");

/*
 * A write fault's harvest comes at the first vblank of a tracked pipe at
 * least this long after it.  Never at once: a harvest write-protects the
 * page again, and one right after the fault (the timer firing and the
 * work running before the faulting task is back in userspace, as on one
 * vCPU) re-protected it before the write was retried, which faulted
 * again, and again: a livelock.  1 ms gives the write time to land.
 */
#define GVT_TRACK_DELAY_NS	(1 * NSEC_PER_MSEC)

/*
 * Fallback to the heuristic where tracking costs more than refreshing: a
 * guest that redraws the whole single buffer every frame takes a write
 * fault per page per frame and gets an event every vblank anyway.  After
 * GVT_TRACK_FULL_RUN consecutive harvests of a pipe's surface that each
 * found at least 3/4 of its pages written, tracking is off for that pipe
 * (the single-framebuffer heuristic refreshes it at every vblank, without
 * faults) for GVT_TRACK_BACKOFF_NS, then on again (a probe: the run has
 * to build up again).  A flip, a new surface or geometry restarts the run.
 */
#define GVT_TRACK_FULL_RUN	8
#define GVT_TRACK_BACKOFF_NS	(2 * NSEC_PER_SEC)

static bool write_tracking = true;
module_param(write_tracking, bool, 0644);
MODULE_PARM_DESC(write_tracking,
		 "Watch the guest's writes of the live surface of a pipe that stopped flipping instead of refreshing it at every vblank (default on; applies to new vGPUs)");

/* The cost of write tracking, for debugfs "tracking"; atomic. */
static atomic64_t gvt_track_harvests = ATOMIC64_INIT(0);
static atomic64_t gvt_track_pages = ATOMIC64_INIT(0);
static atomic64_t gvt_track_harvest_ns = ATOMIC64_INIT(0);
static atomic64_t gvt_track_fallbacks = ATOMIC64_INIT(0);

/*
 * The live surface of pipe @p of @vgpu as write tracking watches it: its
 * offset and span in the aperture, span 0 when the primary plane shows
 * nothing.  Caller holds the vGPU lock.
 */
static void gvt_track_range(struct gvt_vgpu *vgpu, u32 p,
			    struct gvt_plane_info *info, u64 *span)
{
	lockdep_assert_held(&vgpu->lock);
	*span = 0;
	if (gvt_display_plane_info(&vgpu->d, p, GVT_MPT_PLANE_PRIMARY,
				   vgpu->ap.size, info) || !info->visible) {
		info->offset = 0;
		return;
	}
	*span = (u64)info->stride * (info->height - 1) + (u64)info->width * 4;
}

/*
 * When a pass is wanted next for tracking of @vgpu at @now or later: a
 * kick's harvest, a fallback's end; U64_MAX if not.  Caller holds the vGPU
 * lock.
 */
static u64 gvt_track_deadline(struct gvt_vgpu *vgpu, u64 now)
{
	u64 next = U64_MAX;
	u32 p;

	lockdep_assert_held(&vgpu->lock);
	if (!vgpu->tracking)
		return U64_MAX;
	if (vgpu->track_kicked)
		next = max(vgpu->track_due_ns, now);
	for (p = 0; p < vgpu->d.nr_pipes; p++)
		if (vgpu->track_back_ns[p])
			next = min(next, max(vgpu->track_back_ns[p], now));
	return next;
}

/*
 * Under the vGPU lock, at a pass: pipes whose fallback ended track again;
 * the arming of pipes that are no longer ready (a flip, plane or pipe off)
 * is forgotten.  True if a ready pipe is not armed yet or a kick's harvest
 * is due, for gvt_track_work().  *@deadline: when a pass is wanted next
 * for tracking (a kick still in its delay, a fallback's end), U64_MAX if
 * not.
 */
static bool gvt_track_due(struct gvt_vgpu *vgpu, u64 now, u64 *deadline)
{
	bool kicked = vgpu->track_kicked && now >= vgpu->track_due_ns;
	bool due = false, ready = false;
	u32 p;

	lockdep_assert_held(&vgpu->lock);
	*deadline = U64_MAX;
	if (!vgpu->tracking)
		return false;
	for (p = 0; p < vgpu->d.nr_pipes; p++) {
		if (vgpu->track_back_ns[p]) {
			if (now < vgpu->track_back_ns[p]) {
				*deadline = min(*deadline,
						vgpu->track_back_ns[p]);
				continue;
			}
			vgpu->track_back_ns[p] = 0;
			gvt_display_set_tracking(&vgpu->d, p, 1);
		}
		if (!gvt_display_track_ready(&vgpu->d, p)) {
			vgpu->track_armed &= ~BIT(p);
			vgpu->track_full[p] = 0;
			continue;
		}
		ready = true;
		if (!(vgpu->track_armed & BIT(p)) || kicked) {
			due = true;
		} else {
			struct gvt_plane_info info;
			u64 span;

			/* The surface moved or grew without a flip. */
			gvt_track_range(vgpu, p, &info, &span);
			if (info.offset != vgpu->track_arm_off[p] ||
			    span != vgpu->track_arm_len[p])
				due = true;
		}
	}
	/* A kick still in its delay: a pass when it ends. */
	if (vgpu->track_kicked && !kicked && ready)
		*deadline = min(*deadline, vgpu->track_due_ns);
	/* Its harvest runs now, or there is nothing to harvest. */
	if (kicked)
		vgpu->track_kicked = false;
	return due;
}

/* Written under gvt_period_lock; read locklessly by the timer. */
static unsigned int vblank_period_us = 16667;

/*
 * One vblank of every vGPU, stamped @now (ktime_get_ns()).  Caller holds
 * gvt_list_lock.
 */
static void gvt_vblank_all_locked(u64 now)
{
	struct gvt_vgpu *vgpu;

	lockdep_assert_held(&gvt_list_lock);
	gvt_timing.last_ns = now;
	list_for_each_entry(vgpu, &gvt_vgpus, node) {
		u64 flips, deadline;
		bool track;
		u32 sent;

		spin_lock(&vgpu->lock);
		flips = vgpu->d.stats.flips;
		sent = gvt_display_vblank(&vgpu->d);
		if (vgpu->d.stats.flips != flips)
			vgpu->last_flip_ns = now;
		track = gvt_track_due(vgpu, now, &deadline);
		spin_unlock(&vgpu->lock);
		if (track)
			queue_work(system_highpri_wq, &vgpu->track_work);
		if (sent)
			vgpu->last_event_ns = now;
	}
}

/* The first multiple of @period after @now: pipes of one period share it. */
static u64 gvt_next_tick(u64 now, u64 period)
{
	u64 rem;

	div64_u64_rem(now, period, &rem);
	return now - rem + period;
}

/* The default period in ns; 0 in manual mode. */
static u64 gvt_default_ns(void)
{
	return (u64)READ_ONCE(vblank_period_us) * NSEC_PER_USEC;
}

/*
 * Brings pipe @p of @vgpu up to @now on its grid (its mode's period, else
 * @def_ns).  The vblanks since seq are accounted as idle ones while the
 * pipe is idle.  A busy pipe is left to the timer unless @run (the
 * timer's pass): then the vblanks a late timer missed are accounted as
 * idle and true is returned, the caller runs the last one for real.  A
 * pipe not placed yet, or whose period changed (a new mode, the pipe
 * switched on or off, a new default), is placed on its new grid: its next
 * vblank is the next multiple of the new period.  Caller holds the vGPU
 * lock.
 */
static bool gvt_pipe_catch_up(struct gvt_vgpu *vgpu, u32 p, u64 now,
			      u64 def_ns, bool run)
{
	u64 period = gvt_display_pipe_period_ns(&vgpu->d, p, def_ns);
	bool due = false;
	u64 cur, n;

	lockdep_assert_held(&vgpu->lock);
	if (vgpu->period_ns[p]) {
		cur = div64_u64(now, vgpu->period_ns[p]);
		n = cur > vgpu->seq[p] ? cur - vgpu->seq[p] : 0;
		if (n && !gvt_display_pipe_idle(&vgpu->d, p)) {
			if (!run)
				n = 0;
			due = run;
		}
		if (n) {
			gvt_display_idle_vblanks(&vgpu->d, p, n - due);
			vgpu->seq[p] = cur;
		}
	}
	if (period != vgpu->period_ns[p]) {
		vgpu->period_ns[p] = period;
		vgpu->seq[p] = div64_u64(now, period);
		due = false;
	}
	return due;
}

/*
 * When @vgpu next needs a pass: the next grid vblank of its earliest busy
 * pipe, U64_MAX if every pipe is idle.  Caller holds the vGPU lock.
 */
static u64 gvt_vgpu_next_work(struct gvt_vgpu *vgpu)
{
	u64 next = U64_MAX;
	u32 p;

	for (p = 0; p < vgpu->d.nr_pipes; p++) {
		if (!vgpu->period_ns[p] || gvt_display_pipe_idle(&vgpu->d, p))
			continue;
		next = min(next, (vgpu->seq[p] + 1) * vgpu->period_ns[p]);
	}
	return next;
}

/* Caller holds gvt_arm_lock: what is queued now. */
static void gvt_timer_next_sync(void)
{
	lockdep_assert_held(&gvt_arm_lock);
	gvt_timer_next = hrtimer_is_queued(&gvt_timer) ?
			 ktime_to_ns(hrtimer_get_expires(&gvt_timer)) : 0;
}

/*
 * Makes the vblank hrtimer fire by @when (CLOCK_MONOTONIC ns), rounded up
 * to the next whole GVT_TIMER_GRAIN_NS: pipes of any periods, which a
 * guest chooses, share passes, at most one a grain whatever the number of
 * vGPUs and pipes.  A timer queued earlier stays.  Any context.
 */
static void gvt_timer_arm(u64 when)
{
	unsigned long flags;

	when = gvt_next_tick(when - 1, GVT_TIMER_GRAIN_NS);
	spin_lock_irqsave(&gvt_arm_lock, flags);
	if (!gvt_timer_next || when < gvt_timer_next) {
		gvt_timer_next = when;
		hrtimer_start(&gvt_timer, ns_to_ktime(when), HRTIMER_MODE_ABS);
	}
	spin_unlock_irqrestore(&gvt_arm_lock, flags);
}

/*
 * The first vblank of a pipe of @vgpu armed for tracking at or after @t
 * (a multiple of its period: where its grid puts it); @t itself with no
 * armed pipe or in manual mode (@def_ns 0).  Caller holds the vGPU lock.
 */
static u64 gvt_track_vblank(struct gvt_vgpu *vgpu, u64 t, u64 def_ns)
{
	u64 first = U64_MAX, period;
	u32 p;

	lockdep_assert_held(&vgpu->lock);
	if (!def_ns)
		return t;
	for (p = 0; p < vgpu->d.nr_pipes; p++) {
		if (!(vgpu->track_armed & BIT(p)))
			continue;
		period = vgpu->period_ns[p] ? vgpu->period_ns[p] :
			 gvt_display_pipe_period_ns(&vgpu->d, p, def_ns);
		first = min(first, gvt_next_tick(t - 1, period));
	}
	return first == U64_MAX ? t : first;
}

/**
 * gvt_vgpu_track_kick() - a write fault in the vGPU's display memory
 * @vgpu: the vGPU
 *
 * Called by gvt_mem.c from the fault path, the page marked (and by a
 * pwrite): the first such call since the last harvest it caused fixes
 * when the next one comes, the first vblank of a tracked pipe at least
 * GVT_TRACK_DELAY_NS later, and arms the timer for it.  The pass of that
 * vblank queues the tracking work, which harvests and delivers the event
 * at once, so the first update after idle reaches the consumer within
 * about a vblank period of the guest's write.
 *
 * Context: any (takes the vGPU lock, irq-safe).
 */
void gvt_vgpu_track_kick(struct gvt_vgpu *vgpu)
{
	u64 def_ns = gvt_default_ns(), now = ktime_get_ns(), due;
	unsigned long flags;

	if (!vgpu->tracking)
		return;
	spin_lock_irqsave(&vgpu->lock, flags);
	if (!vgpu->track_kicked) {
		vgpu->track_due_ns = gvt_track_vblank(vgpu, now +
						      GVT_TRACK_DELAY_NS,
						      def_ns);
		vgpu->track_kicked = true;
	}
	due = vgpu->track_due_ns;
	spin_unlock_irqrestore(&vgpu->lock, flags);
	if (def_ns)
		gvt_timer_arm(due);
}

/*
 * Before a locked access of @vgpu in timer mode: its idle pipes brought up
 * to now, so PIPE_FRMCOUNT reads what the clock says.  Caller holds the
 * vGPU lock.  Returns the default period (0: manual mode, nothing done)
 * and the time in *@now, for gvt_access_end().
 */
static u64 gvt_access_begin(struct gvt_vgpu *vgpu, u64 *now)
{
	u64 def_ns = gvt_default_ns();
	u32 p;

	*now = 0;
	if (!def_ns)
		return 0;
	*now = ktime_get_ns();
	for (p = 0; p < vgpu->d.nr_pipes; p++)
		gvt_pipe_catch_up(vgpu, p, *now, def_ns, false);
	return def_ns;
}

/*
 * After an access that may have made work (a write, an unmask, a reset):
 * pipes whose period changed move to their new grid, and the timer is
 * armed for the next grid vblank of a busy pipe.  Caller holds the vGPU
 * lock; @def_ns and @now come from gvt_access_begin().
 */
static void gvt_access_end(struct gvt_vgpu *vgpu, u64 def_ns, u64 now)
{
	u64 next;
	u32 p;

	if (!def_ns)
		return;
	for (p = 0; p < vgpu->d.nr_pipes; p++)
		gvt_pipe_catch_up(vgpu, p, now, def_ns, false);
	next = gvt_vgpu_next_work(vgpu);
	if (next != U64_MAX)
		gvt_timer_arm(next);
}

/*
 * The hrtimer's pass at @now: the vblank of every busy pipe that is due,
 * idle ones accounted.  Caller holds gvt_list_lock.  Returns when the
 * next busy pipe is due, U64_MAX if none is.
 */
static u64 gvt_vblank_due_locked(u64 now, u64 def_ns)
{
	u64 earliest = U64_MAX;
	struct gvt_vgpu *vgpu;

	lockdep_assert_held(&gvt_list_lock);
	gvt_timing.last_ns = now;
	list_for_each_entry(vgpu, &gvt_vgpus, node) {
		u32 p, due = 0, sent = 0;
		u64 flips, deadline;
		bool track;

		spin_lock(&vgpu->lock);
		flips = vgpu->d.stats.flips;
		for (p = 0; p < vgpu->d.nr_pipes; p++)
			if (gvt_pipe_catch_up(vgpu, p, now, def_ns, true))
				due |= BIT(p);
		if (due)
			sent = gvt_display_vblank_pipes(&vgpu->d, due);
		if (vgpu->d.stats.flips != flips)
			vgpu->last_flip_ns = now;
		earliest = min(earliest, gvt_vgpu_next_work(vgpu));
		track = gvt_track_due(vgpu, now, &deadline);
		earliest = min(earliest, deadline);
		spin_unlock(&vgpu->lock);
		if (track)
			queue_work(system_highpri_wq, &vgpu->track_work);
		if (sent)
			vgpu->last_event_ns = now;
	}
	return earliest;
}

/*
 * One pass, then armed again only if a pipe is still busy.  The timer is
 * always re-armed through gvt_timer_arm() (hrtimer_start() from its own
 * callback), never by HRTIMER_RESTART, so an access that armed it during
 * the pass keeps its earlier expiry.
 */
static enum hrtimer_restart gvt_timer_fn(struct hrtimer *t)
{
	u64 def_ns = gvt_default_ns();
	unsigned long flags;
	u64 start, next;

	spin_lock_irqsave(&gvt_arm_lock, flags);
	gvt_timer_next_sync();
	spin_unlock_irqrestore(&gvt_arm_lock, flags);
	if (!def_ns)
		return HRTIMER_NORESTART;
	spin_lock_irqsave(&gvt_list_lock, flags);
	start = ktime_get_ns();
	next = gvt_vblank_due_locked(start, def_ns);
	gvt_timing.passes++;
	gvt_timing.busy_ns += ktime_get_ns() - start;
	spin_unlock_irqrestore(&gvt_list_lock, flags);
	if (next != U64_MAX)
		gvt_timer_arm(next);
	return HRTIMER_NORESTART;
}

/*
 * A new default period (or manual mode), @old_ns before: the timer stops,
 * every pipe is accounted up to now on its old grid and placed on its new
 * one, and the timer is armed again for the pipes with work.  An access
 * that arms the timer meanwhile keeps it armed (the cancel comes first).
 * Caller holds gvt_period_lock.
 */
static void gvt_timer_apply(u64 old_ns)
{
	u64 new_ns = gvt_default_ns(), now, next = U64_MAX;
	struct gvt_vgpu *vgpu;
	unsigned long flags;
	u32 p;

	lockdep_assert_held(&gvt_period_lock);
	if (!gvt_timer_ready)
		return;
	hrtimer_cancel(&gvt_timer);
	spin_lock_irqsave(&gvt_arm_lock, flags);
	gvt_timer_next_sync();
	spin_unlock_irqrestore(&gvt_arm_lock, flags);
	spin_lock_irqsave(&gvt_list_lock, flags);
	now = ktime_get_ns();
	list_for_each_entry(vgpu, &gvt_vgpus, node) {
		spin_lock(&vgpu->lock);
		for (p = 0; p < vgpu->d.nr_pipes; p++) {
			if (old_ns)
				gvt_pipe_catch_up(vgpu, p, now, old_ns, false);
			vgpu->period_ns[p] = 0;
			if (new_ns)
				gvt_pipe_catch_up(vgpu, p, now, new_ns, false);
		}
		/* Tracking's own deadlines (a kick's harvest) survive too. */
		if (new_ns)
			next = min3(next, gvt_vgpu_next_work(vgpu),
				    gvt_track_deadline(vgpu, now));
		spin_unlock(&vgpu->lock);
	}
	spin_unlock_irqrestore(&gvt_list_lock, flags);
	if (next != U64_MAX)
		gvt_timer_arm(next);
}

static int gvt_period_set(const char *val, const struct kernel_param *kp)
{
	unsigned int us;
	u64 old_ns;
	int ret;

	ret = kstrtouint(val, 0, &us);
	if (ret)
		return ret;
	if (us && (us < 1000 || us > 1000000))
		return -ERANGE;
	mutex_lock(&gvt_period_lock);
	old_ns = gvt_default_ns();
	WRITE_ONCE(vblank_period_us, us);
	gvt_timer_apply(old_ns);
	mutex_unlock(&gvt_period_lock);
	return 0;
}

static const struct kernel_param_ops gvt_period_ops = {
	.set = gvt_period_set,
	.get = param_get_uint,
};
module_param_cb(vblank_period_us, &gvt_period_ops, &vblank_period_us, 0644);
MODULE_PARM_DESC(vblank_period_us,
		 "Emulated vblank period in microseconds, 1000..1000000; 0: manual mode (debugfs gvt_mpt/advance)");

/*
 * After a harvest of pipe @p's surface (@off, @len bytes: @pages pages)
 * that found @n pages written, at @now: the fallback rule (see
 * GVT_TRACK_FULL_RUN).  Caller holds the vGPU lock.
 */
static void gvt_track_cost(struct gvt_vgpu *vgpu, u32 p, u64 off, u64 len,
			   long n, u64 pages, u64 now)
{
	lockdep_assert_held(&vgpu->lock);
	/* Without the heuristic (N 0) a fallback would refresh nothing. */
	if (!gvt_display_track_ready(&vgpu->d, p) || !vgpu->single_fb)
		return;
	if (vgpu->track_surf[p] != off || vgpu->track_len[p] != len) {
		vgpu->track_surf[p] = off;
		vgpu->track_len[p] = len;
		vgpu->track_full[p] = 0;
	}
	if (n <= 0 || (u64)n * 4 < pages * 3) {
		vgpu->track_full[p] = 0;
		return;
	}
	if (++vgpu->track_full[p] < GVT_TRACK_FULL_RUN)
		return;
	vgpu->track_full[p] = 0;
	vgpu->track_armed &= ~BIT(p);
	vgpu->track_back_ns[p] = now + GVT_TRACK_BACKOFF_NS;
	gvt_display_set_tracking(&vgpu->d, p, 0);
	atomic64_inc(&gvt_track_fallbacks);
}

/*
 * Write tracking of @vgpu, in process context: for each pipe ready for it
 * (gvt_display_track_ready()), harvest its live surface (write-protecting
 * it again) and, if the guest wrote it, deliver its primary source at
 * once: this runs right after the pass of the vblank it belongs to (the
 * harvest sleeps, so the pass cannot do it), and the event is that
 * vblank's.  Queued by a pass that finds a ready pipe not armed yet, and
 * by the pass a write fault's kick asked for.  The pipe is armed before
 * its harvest, so a write fault during the harvest asks for the next one:
 * a write is seen by the harvest after it, none is lost, and a pipe that
 * keeps flipping is never harvested.
 */
static void gvt_track_work(struct work_struct *work)
{
	struct gvt_vgpu *vgpu = container_of(work, struct gvt_vgpu, track_work);
	u64 def_ns, now, span, pages, t0, t1, base, first, last;
	struct gvt_plane_info info;
	struct gvt_mem_runs runs;
	unsigned long flags;
	u32 p, q, i, sent = 0;
	bool ready;
	long n;

	for (p = 0; p < vgpu->d.nr_pipes; p++) {
		spin_lock_irqsave(&vgpu->lock, flags);
		ready = gvt_display_track_ready(&vgpu->d, p);
		if (ready) {
			/* Armed on what it shows, even nothing (no pass). */
			gvt_track_range(vgpu, p, &info, &span);
			vgpu->track_armed |= BIT(p);
			vgpu->track_arm_off[p] = info.offset;
			vgpu->track_arm_len[p] = span;
			ready = span;
		}
		spin_unlock_irqrestore(&vgpu->lock, flags);
		if (!ready)
			continue;
		pages = ((info.offset + span - 1) >> PAGE_SHIFT) -
			(info.offset >> PAGE_SHIFT) + 1;
		t0 = ktime_get_ns();
		n = gvt_vgpu_mem_harvest(vgpu, info.offset, span, &runs);
		t1 = ktime_get_ns();
		atomic64_inc(&gvt_track_harvests);
		atomic64_add(max(n, 0L), &gvt_track_pages);
		atomic64_add(t1 - t0, &gvt_track_harvest_ns);
		base = info.offset & PAGE_MASK;
		spin_lock_irqsave(&vgpu->lock, flags);
		def_ns = gvt_access_begin(vgpu, &now);
		/*
		 * The harvest took the marks of these pages for every pipe:
		 * each one whose live surface they touch (a mirror) is told.
		 */
		for (i = 0; n > 0 && i < runs.nr; i++) {
			first = base + ((u64)runs.run[i].first << PAGE_SHIFT);
			last = base + ((u64)runs.run[i].last << PAGE_SHIFT) +
			       PAGE_SIZE - 1;
			for (q = 0; q < vgpu->d.nr_pipes; q++)
				gvt_display_surface_damage(&vgpu->d, q,
							   GVT_MPT_PLANE_PRIMARY,
							   first, last);
		}
		if (n > 0)
			sent |= gvt_display_deliver_pipes(&vgpu->d, BIT(p));
		gvt_track_cost(vgpu, p, info.offset, span, n, pages, t1);
		gvt_access_end(vgpu, def_ns, now);
		spin_unlock_irqrestore(&vgpu->lock, flags);
	}
	if (sent) {
		spin_lock_irqsave(&gvt_list_lock, flags);
		vgpu->last_event_ns = ktime_get_ns();
		spin_unlock_irqrestore(&gvt_list_lock, flags);
	}
}

/* Write tracking on for every pipe of @vgpu if it was asked for. */
static void gvt_track_setup(struct gvt_vgpu *vgpu)
{
	u32 p;

	lockdep_assert_held(&vgpu->lock);
	vgpu->track_armed = 0;
	vgpu->track_kicked = false;
	for (p = 0; p < vgpu->d.nr_pipes; p++) {
		vgpu->track_full[p] = 0;
		vgpu->track_back_ns[p] = 0;
		vgpu->track_len[p] = 0;
		vgpu->track_arm_off[p] = 0;
		vgpu->track_arm_len[p] = 0;
		gvt_display_set_tracking(&vgpu->d, p, vgpu->tracking);
	}
}

/*
 * A vGPU id no live vGPU has: the first free one from gvt_next_id, going
 * round to 0 at INT_MAX, so an id freed comes back only after a wrap.
 */
static int gvt_id_alloc(void)
{
	int id;

	mutex_lock(&gvt_id_lock);
	id = ida_alloc_range(&gvt_ida, gvt_next_id, INT_MAX, GFP_KERNEL);
	if (id == -ENOSPC && gvt_next_id)
		id = ida_alloc_range(&gvt_ida, 0, gvt_next_id - 1, GFP_KERNEL);
	if (id >= 0)
		gvt_next_id = id == INT_MAX ? 0 : id + 1;
	mutex_unlock(&gvt_id_lock);
	return id;
}

/**
 * gvt_vgpu_create() - create a vGPU and put it on the vblank list
 * @ops: the backend's MPT ops; must stay valid until gvt_vgpu_destroy()
 * @handle: the backend's cookie for @ops
 * @nr_pipes: 1..3 heads
 *
 * Context: process context.
 * Return: the vGPU, or an ERR_PTR (-EINVAL for a bad argument, -ENOMEM,
 * -ENOSPC if every id up to INT_MAX is live).
 */
struct gvt_vgpu *gvt_vgpu_create(const struct gvt_mpt_ops *ops, void *handle,
				 u32 nr_pipes)
{
	struct gvt_vgpu *vgpu;
	unsigned long flags;
	int id;

	if (!ops || !ops->display_event || !nr_pipes ||
	    nr_pipes > GVT_MAX_PIPES)
		return ERR_PTR(-EINVAL);
	vgpu = kzalloc(sizeof(*vgpu), GFP_KERNEL);
	if (!vgpu)
		return ERR_PTR(-ENOMEM);
	id = gvt_id_alloc();
	if (id < 0) {
		kfree(vgpu);
		return ERR_PTR(id);
	}
	vgpu->id = id;
	if (gvt_aperture_init(&vgpu->ap, GVT_MPT_APERTURE_SIZE(nr_pipes),
			      vgpu)) {
		ida_free(&gvt_ida, id);
		kfree(vgpu);
		return ERR_PTR(-ENOMEM);
	}
	spin_lock_init(&vgpu->lock);
	INIT_WORK(&vgpu->track_work, gvt_track_work);
	vgpu->tracking = READ_ONCE(write_tracking);
	vgpu->single_fb = READ_ONCE(single_fb_vblanks);
	gvt_display_init(&vgpu->d, nr_pipes, vgpu->single_fb, ops, handle);
	spin_lock_irqsave(&vgpu->lock, flags);
	gvt_track_setup(vgpu);
	spin_unlock_irqrestore(&vgpu->lock, flags);
	spin_lock_irqsave(&gvt_list_lock, flags);
	list_add_tail(&vgpu->node, &gvt_vgpus);
	spin_unlock_irqrestore(&gvt_list_lock, flags);
	return vgpu;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_create);

/**
 * gvt_vgpu_destroy() - take a vGPU off the vblank list and free it
 * @vgpu: the vGPU, or NULL
 *
 * When this returns the backend's display_event hook is not running for
 * @vgpu and will not be called again.  The caller makes sure that no other
 * gvt_vgpu_*() call on @vgpu runs concurrently or later.
 *
 * Context: process context.
 */
void gvt_vgpu_destroy(struct gvt_vgpu *vgpu)
{
	unsigned long flags;

	if (!vgpu)
		return;
	spin_lock_irqsave(&gvt_list_lock, flags);
	list_del(&vgpu->node);
	spin_unlock_irqrestore(&gvt_list_lock, flags);
	/*
	 * Off the list, no pass queues the tracking work; disowned, no write
	 * fault does: then it is stopped before the memory goes.
	 */
	gvt_aperture_disown(&vgpu->ap);
	cancel_work_sync(&vgpu->track_work);
	gvt_aperture_fini(&vgpu->ap);
	ida_free(&gvt_ida, vgpu->id);
	kfree(vgpu);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_destroy);

/**
 * gvt_vgpu_nr_sources() - number of display event sources
 * @vgpu: the vGPU
 *
 * Return: 2 per pipe.
 */
u32 gvt_vgpu_nr_sources(struct gvt_vgpu *vgpu)
{
	return gvt_display_nr_sources(&vgpu->d);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_nr_sources);

/**
 * gvt_vgpu_source() - what display event source @src is
 * @vgpu: the vGPU
 * @src: source index
 * @pipe: its pipe (CRTC)
 * @drm_plane_type: the DRM plane type of its plane
 *
 * For the backends' descriptions of the sources (VFIO capability, XenGT
 * INFO).  The pipes of a vGPU never change: no lock is needed.
 *
 * Return: 0, or -EINVAL for a source the vGPU does not have.
 */
int gvt_vgpu_source(struct gvt_vgpu *vgpu, u32 src, u32 *pipe,
		    u32 *drm_plane_type)
{
	return gvt_display_source(&vgpu->d, src, pipe, drm_plane_type);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_source);

/**
 * gvt_vgpu_mmio_read() - read a display register
 * @vgpu: the vGPU
 * @offset: BAR offset
 * @size: access size, must be 4
 * @val: the value read
 *
 * The host path (strict): for a host program that calls the register API
 * on purpose (xengt's REG_READ); a guest's BAR0 accesses take
 * gvt_vgpu_mmio_guest_read().
 *
 * Return: 0 or -EINVAL for a bad offset or size.
 */
int gvt_vgpu_mmio_read(struct gvt_vgpu *vgpu, u64 offset, u32 size, u32 *val)
{
	u64 now;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&vgpu->lock, flags);
	gvt_access_begin(vgpu, &now);
	ret = gvt_display_mmio_read(&vgpu->d, offset, size, val);
	spin_unlock_irqrestore(&vgpu->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_mmio_read);

/**
 * gvt_vgpu_mmio_write() - write a display register
 * @vgpu: the vGPU
 * @offset: BAR offset
 * @size: access size, must be 4
 * @val: the value
 *
 * The host path (strict), see gvt_vgpu_mmio_read();
 * gvt_vgpu_mmio_guest_write() is the guest's.
 *
 * Return: 0, -EINVAL for a bad offset or size, -EPERM for a read-only
 * register.
 */
int gvt_vgpu_mmio_write(struct gvt_vgpu *vgpu, u64 offset, u32 size, u32 val)
{
	u64 def_ns, now;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&vgpu->lock, flags);
	def_ns = gvt_access_begin(vgpu, &now);
	ret = gvt_display_mmio_write(&vgpu->d, offset, size, val);
	gvt_access_end(vgpu, def_ns, now);
	spin_unlock_irqrestore(&vgpu->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_mmio_write);

/**
 * gvt_vgpu_plane_info() - the surface a plane of a vGPU shows now
 * @vgpu: the vGPU
 * @pipe: pipe index
 * @plane: GVT_MPT_PLANE_PRIMARY or GVT_MPT_PLANE_CURSOR
 * @info: filled as gvt_display_plane_info() does, against the vGPU's
 *	aperture: @info->visible only for a surface wholly inside it
 *
 * The registers are read in one step under the vGPU lock, so the fields
 * belong to one state (never half a flip).
 *
 * Return: 0, or -EINVAL for a pipe or plane the vGPU does not have.
 */
int gvt_vgpu_plane_info(struct gvt_vgpu *vgpu, u32 pipe, u32 plane,
			struct gvt_plane_info *info)
{
	u64 size = gvt_vgpu_mem_size(vgpu);
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&vgpu->lock, flags);
	ret = gvt_display_plane_info(&vgpu->d, pipe, plane, size, info);
	spin_unlock_irqrestore(&vgpu->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_plane_info);

/**
 * gvt_vgpu_take_damage() - take what changed in a source's plane
 * @vgpu: the vGPU
 * @src: source index
 * @out: filled as uapi/gvt_mpt_display.h's DAMAGE says: flags, and bands
 *	of whole lines as rectangles as wide as the plane; rectangles from
 *	nr_rects on zero
 *
 * The damage gathered since the previous call is returned and cleared, in
 * one step under the vGPU lock.
 *
 * Return: 0, or -EINVAL for a source the vGPU does not have.
 */
int gvt_vgpu_take_damage(struct gvt_vgpu *vgpu, u32 src,
			 struct gvt_mpt_damage *out)
{
	struct gvt_plane_info info = { 0 };
	struct gvt_damage dm;
	unsigned long flags;
	u32 i, n = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	spin_lock_irqsave(&vgpu->lock, flags);
	ret = gvt_display_take_damage(&vgpu->d, src, &dm);
	if (!ret)
		gvt_display_plane_info(&vgpu->d, src / GVT_PLANES,
				       src % GVT_PLANES, ~0ULL, &info);
	spin_unlock_irqrestore(&vgpu->lock, flags);
	if (ret)
		return -EINVAL;
	out->flags = dm.flags;
	for (i = 0; !(dm.flags & GVT_DAMAGE_FULL) && i < dm.nr; i++) {
		if (dm.band[i].y >= info.height)
			continue;
		out->rects[n].x = 0;
		out->rects[n].y = dm.band[i].y;
		out->rects[n].width = info.width;
		out->rects[n].height = min(dm.band[i].h,
					   info.height - dm.band[i].y);
		n++;
	}
	out->nr_rects = n;
	return 0;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_take_damage);

/**
 * gvt_vgpu_damage_full() - a consumer lost the damage it took
 * @vgpu: the vGPU
 * @src: source index (one the vGPU lacks is ignored)
 *
 * The next gvt_vgpu_take_damage() of @src says GVT_MPT_DAMAGE_FULL.
 */
void gvt_vgpu_damage_full(struct gvt_vgpu *vgpu, u32 src)
{
	unsigned long flags;

	spin_lock_irqsave(&vgpu->lock, flags);
	gvt_display_damage_full(&vgpu->d, src);
	spin_unlock_irqrestore(&vgpu->lock, flags);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_damage_full);

/**
 * gvt_vgpu_refresh_mode() - how the vGPU sees a still pipe drawn
 * @vgpu: the vGPU
 * @n: set to N, the flip-less vblanks after which a pipe is watched or
 *	refreshed
 *
 * Return: GVT_MPT_REFRESH_WRITE_TRACKING when the vGPU watches the live
 * surfaces for writes (fixed at its creation), 0 for the
 * single-framebuffer heuristic.
 */
u32 gvt_vgpu_refresh_mode(struct gvt_vgpu *vgpu, u32 *n)
{
	*n = vgpu->single_fb;
	return vgpu->tracking ? GVT_MPT_REFRESH_WRITE_TRACKING : 0;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_refresh_mode);

/**
 * gvt_vgpu_mmio_guest_read() - read BAR0 as the guest does
 * @vgpu: the vGPU
 * @offset: BAR offset
 * @size: 1, 2, 4 or 8 bytes
 * @val: the bytes read, little-endian (byte i in bits 8i..8i+7)
 *
 * The guest path (uapi/gvt_mpt_regs.h): any offset inside the BAR, the
 * dwords touched read lowest first, 0 where no register is.  The whole
 * access is one step under the vGPU lock: a vblank never falls between
 * the two halves of an 8-byte read.
 *
 * Return: 0 or -EINVAL for another size or an access not wholly inside
 * the BAR.
 */
int gvt_vgpu_mmio_guest_read(struct gvt_vgpu *vgpu, u64 offset, u32 size,
			     u64 *val)
{
	u64 now;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&vgpu->lock, flags);
	gvt_access_begin(vgpu, &now);
	ret = gvt_display_mmio_guest_read(&vgpu->d, offset, size, val);
	spin_unlock_irqrestore(&vgpu->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_mmio_guest_read);

/**
 * gvt_vgpu_mmio_guest_write() - write BAR0 as the guest does
 * @vgpu: the vGPU
 * @offset: BAR offset
 * @size: 1, 2, 4 or 8 bytes
 * @val: the bytes to write, little-endian (byte i in bits 8i..8i+7)
 *
 * The guest path (uapi/gvt_mpt_regs.h): the dwords touched are written
 * lowest first, a dword covered in part is read-modify-written; writes
 * where no register is and writes of read-only registers are ignored.
 * The whole access is one step under the vGPU lock.
 *
 * Return: 0 or -EINVAL for another size or an access not wholly inside
 * the BAR (nothing changes then).
 */
int gvt_vgpu_mmio_guest_write(struct gvt_vgpu *vgpu, u64 offset, u32 size,
			      u64 val)
{
	u64 def_ns, now;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&vgpu->lock, flags);
	def_ns = gvt_access_begin(vgpu, &now);
	ret = gvt_display_mmio_guest_write(&vgpu->d, offset, size, val);
	gvt_access_end(vgpu, def_ns, now);
	spin_unlock_irqrestore(&vgpu->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_mmio_guest_write);

/**
 * gvt_vgpu_mask() - mask or unmask display event sources
 * @vgpu: the vGPU
 * @unmask: true to unmask
 * @start: first source
 * @count: number of sources
 * @bools: NULL for all @count sources, else one byte per source
 *
 * Return: 0 or -EINVAL for a bad range.
 */
int gvt_vgpu_mask(struct gvt_vgpu *vgpu, bool unmask, u32 start, u32 count,
		  const u8 *bools)
{
	u64 def_ns, now;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&vgpu->lock, flags);
	def_ns = gvt_access_begin(vgpu, &now);
	if (unmask)
		ret = gvt_display_unmask(&vgpu->d, start, count, bools);
	else
		ret = gvt_display_mask(&vgpu->d, start, count, bools);
	gvt_access_end(vgpu, def_ns, now);
	spin_unlock_irqrestore(&vgpu->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_mask);

/**
 * gvt_vgpu_reset() - device reset of the display registers
 * @vgpu: the vGPU
 *
 * Masks and pending events survive the reset.
 */
void gvt_vgpu_reset(struct gvt_vgpu *vgpu)
{
	u64 def_ns, now;
	unsigned long flags;

	spin_lock_irqsave(&vgpu->lock, flags);
	def_ns = gvt_access_begin(vgpu, &now);
	gvt_display_reset(&vgpu->d);
	gvt_access_end(vgpu, def_ns, now);
	spin_unlock_irqrestore(&vgpu->lock, flags);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_reset);

/**
 * gvt_vgpu_power_on() - back to the state of a new vGPU, for a new user
 * @vgpu: the vGPU
 *
 * Registers, masks, pending events, statistics and timing are cleared
 * (gvt_display_power_on()), and the display memory is new and zero
 * (gvt_aperture_new_user()); the vGPU stays on the vblank list.
 *
 * Context: process context; may sleep.
 */
void gvt_vgpu_power_on(struct gvt_vgpu *vgpu)
{
	unsigned long flags;

	spin_lock_irqsave(&gvt_list_lock, flags);
	spin_lock(&vgpu->lock);
	gvt_display_power_on(&vgpu->d);
	gvt_track_setup(vgpu);
	/* Placed on its grids at the first access: nothing is busy. */
	memset(vgpu->period_ns, 0, sizeof(vgpu->period_ns));
	memset(vgpu->seq, 0, sizeof(vgpu->seq));
	spin_unlock(&vgpu->lock);
	vgpu->last_flip_ns = 0;
	vgpu->last_event_ns = 0;
	spin_unlock_irqrestore(&gvt_list_lock, flags);
	/*
	 * Pipes off: no pass queues the tracking work now.  It finishes with
	 * the old store before the new user gets memory of its own, and
	 * whatever it armed or turned off (a fallback) is set up anew.
	 */
	cancel_work_sync(&vgpu->track_work);
	gvt_aperture_new_user(&vgpu->ap);
	spin_lock_irqsave(&vgpu->lock, flags);
	gvt_track_setup(vgpu);
	spin_unlock_irqrestore(&vgpu->lock, flags);
	/* Nothing the old user's last work delivered shows. */
	spin_lock_irqsave(&gvt_list_lock, flags);
	vgpu->last_event_ns = 0;
	spin_unlock_irqrestore(&gvt_list_lock, flags);
}
EXPORT_SYMBOL_GPL(gvt_vgpu_power_on);

/**
 * gvt_vgpu_aperture() - the display memory of a vGPU, for gvt_mem.c
 * @vgpu: the vGPU
 *
 * Return: its aperture, fixed for its life.
 */
struct gvt_aperture *gvt_vgpu_aperture(struct gvt_vgpu *vgpu)
{
	return &vgpu->ap;
}

static ssize_t gvt_advance_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	unsigned long flags;
	unsigned int n, i;
	int ret;

	ret = kstrtouint_from_user(ubuf, len, 0, &n);
	if (ret)
		return ret;
	if (!n || n > GVT_MAX_ADVANCE)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		spin_lock_irqsave(&gvt_list_lock, flags);
		gvt_vblank_all_locked(ktime_get_ns());
		spin_unlock_irqrestore(&gvt_list_lock, flags);
		if (!(i & 1023)) {
			cond_resched();
			if (fatal_signal_pending(current))
				return -EINTR;
		}
	}
	return len;
}

static const struct file_operations gvt_advance_fops = {
	.owner = THIS_MODULE,
	.write = gvt_advance_write,
	.llseek = noop_llseek,
};

static int gvt_vgpus_show(struct seq_file *m, void *unused)
{
	struct gvt_display_stats *st;
	struct gvt_vgpu *vgpu;
	unsigned long flags;
	u32 src;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	seq_puts(m, "id backend pipes vblanks flips coalesced undelivered masked pending events[src...]\n");
	spin_lock_irqsave(&gvt_list_lock, flags);
	list_for_each_entry(vgpu, &gvt_vgpus, node) {
		u32 masked, pending, pipes;

		spin_lock(&vgpu->lock);
		*st = vgpu->d.stats;
		masked = vgpu->d.masked;
		pending = vgpu->d.pending;
		pipes = vgpu->d.nr_pipes;
		spin_unlock(&vgpu->lock);
		seq_printf(m, "%u %s %u %llu %llu %llu %llu 0x%02x 0x%02x",
			   vgpu->id, gvt_hypervisor_name(&vgpu->d.mpt), pipes, st->vblanks,
			   st->flips, st->coalesced, st->undelivered, masked,
			   pending);
		for (src = 0; src < pipes * GVT_PLANES; src++)
			seq_printf(m, " %llu", st->events[src]);
		seq_putc(m, '\n');
	}
	spin_unlock_irqrestore(&gvt_list_lock, flags);
	kfree(st);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gvt_vgpus);

/*
 * Display memory: the pages allocated in all (including old stores that
 * mappings still hold), then per vGPU its aperture size and the pages its
 * current user has.
 */
static int gvt_mem_show(struct seq_file *m, void *unused)
{
	struct gvt_vgpu *vgpu;
	unsigned long flags;

	seq_printf(m, "allocated_pages %lu\n", gvt_mem_total_pages());
	seq_puts(m, "id aperture_bytes pages\n");
	spin_lock_irqsave(&gvt_list_lock, flags);
	list_for_each_entry(vgpu, &gvt_vgpus, node)
		seq_printf(m, "%u %llu %lu\n", vgpu->id, vgpu->ap.size,
			   gvt_aperture_pages(&vgpu->ap));
	spin_unlock_irqrestore(&gvt_list_lock, flags);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gvt_mem);

#define GVT_HARVEST_MAX		64

/* The last "harvest" debugfs write's result; protected by gvt_harvest_lock. */
static DEFINE_MUTEX(gvt_harvest_lock);
static unsigned long gvt_harvest_pages;

/*
 * debugfs "harvest" (tests of write tracking): writing "OFFSET LEN" takes
 * the written marks of that byte range in the display memory of every vGPU
 * (the first GVT_HARVEST_MAX) and write-protects those pages again; reading
 * gives "pages N write_faults M": the pages the last write found written
 * and the write faults taken since the module loaded.  A test tool: the
 * marks it takes are lost to write tracking (no event, no damage).
 */
static ssize_t gvt_harvest_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	struct gvt_mem_store *st[GVT_HARVEST_MAX];
	unsigned long long off, n;
	unsigned long flags, total = 0;
	struct gvt_vgpu *vgpu;
	char buf[64];
	u32 i, nr = 0;

	if (!len || len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	if (sscanf(buf, "%llu %llu", &off, &n) != 2 || !n ||
	    off + n < off || (off | n) & ~PAGE_MASK)
		return -EINVAL;
	spin_lock_irqsave(&gvt_list_lock, flags);
	list_for_each_entry(vgpu, &gvt_vgpus, node) {
		if (nr == GVT_HARVEST_MAX)
			break;
		if (off + n <= vgpu->ap.size)
			st[nr++] = gvt_aperture_store_get(&vgpu->ap);
	}
	spin_unlock_irqrestore(&gvt_list_lock, flags);
	for (i = 0; i < nr; i++) {
		total += gvt_mem_store_harvest(st[i], off >> PAGE_SHIFT,
					       (off + n - 1) >> PAGE_SHIFT,
					       NULL);
		gvt_mem_store_put(st[i]);
	}
	mutex_lock(&gvt_harvest_lock);
	gvt_harvest_pages = total;
	mutex_unlock(&gvt_harvest_lock);
	return len;
}

static int gvt_harvest_show(struct seq_file *m, void *unused)
{
	mutex_lock(&gvt_harvest_lock);
	seq_printf(m, "pages %lu write_faults %lu\n", gvt_harvest_pages,
		   gvt_mem_write_faults_total());
	mutex_unlock(&gvt_harvest_lock);
	return 0;
}

static int gvt_harvest_open(struct inode *inode, struct file *file)
{
	return single_open(file, gvt_harvest_show, NULL);
}

static const struct file_operations gvt_harvest_fops = {
	.owner = THIS_MODULE,
	.open = gvt_harvest_open,
	.read = seq_read,
	.write = gvt_harvest_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/*
 * Benchmark timing, CLOCK_MONOTONIC ns: the hrtimer's passes and the time
 * spent in them, the start of the last pass, when the timer is armed to
 * fire next (0: asleep, no pipe busy), then one line per vGPU with its
 * last flip-completing and last event-delivering pass.
 */
static int gvt_timing_show(struct seq_file *m, void *unused)
{
	struct gvt_vgpu *vgpu;
	u64 armed;
	unsigned long flags;

	seq_puts(m, "passes busy_ns last_ns armed_ns\n");
	spin_lock_irqsave(&gvt_list_lock, flags);
	spin_lock(&gvt_arm_lock);
	armed = gvt_timer_next;
	spin_unlock(&gvt_arm_lock);
	seq_printf(m, "%llu %llu %llu %llu\n", gvt_timing.passes,
		   gvt_timing.busy_ns, gvt_timing.last_ns, armed);
	seq_puts(m, "id last_flip_ns last_event_ns\n");
	list_for_each_entry(vgpu, &gvt_vgpus, node)
		seq_printf(m, "%u %llu %llu\n", vgpu->id, vgpu->last_flip_ns,
			   vgpu->last_event_ns);
	spin_unlock_irqrestore(&gvt_list_lock, flags);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gvt_timing);

/*
 * The cost of write tracking since the module loaded, one line of "name
 * value" pairs: write faults taken (page_mkwrite), ns spent marking them,
 * harvests the tracking work ran, the pages they found written, ns spent
 * in those harvests, and fallbacks to the heuristic (GVT_TRACK_FULL_RUN).
 * Harvests of debugfs "harvest" are not counted.
 */
static int gvt_tracking_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "write_faults %lu mkwrite_ns %llu harvests %lld harvest_pages %lld harvest_ns %lld fallbacks %lld\n",
		   gvt_mem_write_faults_total(), gvt_mem_mkwrite_ns_total(),
		   (s64)atomic64_read(&gvt_track_harvests),
		   (s64)atomic64_read(&gvt_track_pages),
		   (s64)atomic64_read(&gvt_track_harvest_ns),
		   (s64)atomic64_read(&gvt_track_fallbacks));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gvt_tracking);

static int __init gvt_mpt_init(void)
{
	int ret = gvt_mem_fs_init();

	if (ret)
		return ret;
	gvt_debugfs = debugfs_create_dir("gvt_mpt", NULL);
	debugfs_create_file("advance", 0200, gvt_debugfs, NULL,
			    &gvt_advance_fops);
	debugfs_create_file("vgpus", 0444, gvt_debugfs, NULL,
			    &gvt_vgpus_fops);
	debugfs_create_file("timing", 0444, gvt_debugfs, NULL,
			    &gvt_timing_fops);
	debugfs_create_file("mem", 0444, gvt_debugfs, NULL, &gvt_mem_fops);
	debugfs_create_file("harvest", 0600, gvt_debugfs, NULL,
			    &gvt_harvest_fops);
	debugfs_create_file("tracking", 0444, gvt_debugfs, NULL,
			    &gvt_tracking_fops);
	hrtimer_init(&gvt_timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	gvt_timer.function = gvt_timer_fn;
	mutex_lock(&gvt_period_lock);
	gvt_timer_ready = true;
	gvt_timer_apply(0);	/* no vGPU yet: the timer sleeps */
	mutex_unlock(&gvt_period_lock);
	pr_info("vblank period %u us, single-FB after %u vblanks\n",
		vblank_period_us, single_fb_vblanks);
	return 0;
}

static void __exit gvt_mpt_exit(void)
{
	mutex_lock(&gvt_period_lock);
	gvt_timer_ready = false;
	hrtimer_cancel(&gvt_timer);
	mutex_unlock(&gvt_period_lock);
	debugfs_remove_recursive(gvt_debugfs);
	WARN_ON(!list_empty(&gvt_vgpus));
	ida_destroy(&gvt_ida);
	gvt_mem_fs_exit();
}

module_init(gvt_mpt_init);
module_exit(gvt_mpt_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gvt-mpt: shared vGPU display model and vblank event engine");
