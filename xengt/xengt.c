// SPDX-License-Identifier: GPL-2.0
/*
 * mpt_xengt.ko: the Xen backend of gvt-mpt, a dom0 misc device.
 *
 * Transport only: a dom0 device model creates vGPUs on /dev/mpt_xengt,
 * forwards its guests' register accesses to the shared display model in
 * gvt_mpt.ko and binds the event channel port the module allocated for
 * it; the MPT display-event hook sends on that channel.  The set of
 * sources that fired travels beside the channel in per-source counts that
 * the device model reads and clears.  The contract is in
 * uapi/gvt_mpt_xengt.h.
 *
 * Locking:
 *  - xf->lock (mutex) serialises every ioctl on one open file and protects
 *    xf->vgpus[].  A vGPU is created, bound, unbound and destroyed only
 *    under it, so every gvt_vgpu_*() call on a vGPU happens before its
 *    gvt_vgpu_destroy(), as gvt_mpt.ko requires.
 *  - xg->lock (spinlock, irq-safe) protects xg->lport, xg->port,
 *    xg->connected and xg->counts.  The display-event hook takes it, under
 *    the vGPU lock of gvt_mpt.ko and maybe in hard irq (vblank hrtimer).
 *    The port is checked (EVTCHNOP_status), sent on and closed only under
 *    it, so a vblank never sends on a port that is being closed or
 *    replaced; those hypercalls do not sleep.  Lock order: gvt_mpt's vGPU
 *    lock, then xg->lock; no gvt_vgpu_*() call is made under xg->lock.
 *    xg->domid and xg->nr_sources never change after creation.
 *  - The module's port is a plain Xen port with no Linux irq: the module
 *    only sends on it (EVTCHNOP_send), and what the device model might
 *    send to it stays a pending bit the events core ignores (no irq info).
 *  - xf->map_lock (mutex) also protects xf->vgpus[]: every change of it
 *    is made under both locks (but in release, when nothing else runs on
 *    the file), and mmap, which runs under mmap_lock and
 *    so must not take xf->lock (an ioctl holding xf->lock may fault and
 *    take mmap_lock), looks a vGPU up under map_lock alone.  A mutex: the
 *    mmap may sleep (vm_flags_set() takes the VMA lock from 6.3).  It is
 *    a leaf: nothing that takes mmap_lock runs under it.
 *
 * Ioctl arguments (uapi/gvt_mpt_xengt.h): argsz is read alone first and
 * checked against the fixed part, then the fixed part is copied in once;
 * everything after uses that copy and the checked argsz, never a second
 * read of a field the caller could change meanwhile.  Per-source data
 * lives in arrays of GVT_MPT_MAX_SOURCES entries: a vGPU has at most that
 * many sources (heads <= GVT_MPT_MAX_PIPES), and every index into them is
 * bounded by the vGPU's nr_sources.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#include <xen/events.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/xen.h>
#include <xen/xen.h>
#include <asm/xen/hypercall.h>

#include "../common/gvt_display.h"
#include "../common/gvt_vgpu.h"
#include "../uapi/gvt_mpt_display.h"
#include "../uapi/gvt_mpt_xengt.h"

#define XG_NAME		"mpt_xengt"
#define XG_DOM0		0

static unsigned int max_vgpus = 64;
module_param(max_vgpus, uint, 0444);
MODULE_PARM_DESC(max_vgpus, "Maximum number of vGPUs over all open files");

static atomic_t xg_nr_vgpus = ATOMIC_INIT(0);

/* The uapi promises these layouts: no implicit hole, sizes multiple of 8. */
static_assert(sizeof(struct gvt_xengt_create) == 24);
static_assert(sizeof(struct gvt_xengt_vgpu) == 16);
static_assert(sizeof(struct gvt_xengt_port) == 16);
static_assert(sizeof(struct gvt_xengt_mask) == 24);
static_assert(offsetof(struct gvt_xengt_mask, bools) == 24);
static_assert(sizeof(struct gvt_xengt_events) == 24);
static_assert(offsetof(struct gvt_xengt_events, counts) == 24);
static_assert(sizeof(struct gvt_xengt_reg) == 32);
static_assert(sizeof(struct gvt_xengt_source) == 8);
static_assert(sizeof(struct gvt_xengt_info) == 24);
static_assert(offsetof(struct gvt_xengt_info, sources) == 24);
static_assert(sizeof(struct gvt_xengt_refresh) == 24);
static_assert(sizeof(struct gvt_xengt_damage) == 24 + sizeof(struct gvt_mpt_damage));
static_assert(sizeof(struct gvt_mpt_damage) == 72);
static_assert(sizeof(struct gvt_xengt_plane) == 56);
static_assert(offsetof(struct gvt_xengt_plane, offset) == 48);
/* QUERY_PLANE passes the display model's formats on as they are. */
static_assert(GVT_XENGT_DRM_FORMAT_XRGB8888 == GVT_DRM_FORMAT_XRGB8888);
static_assert(GVT_XENGT_DRM_FORMAT_ARGB8888 == GVT_DRM_FORMAT_ARGB8888);
static_assert(GVT_XENGT_DRM_FORMAT_XBGR8888 == GVT_DRM_FORMAT_XBGR8888);
static_assert(GVT_XENGT_DRM_FORMAT_ABGR8888 == GVT_DRM_FORMAT_ABGR8888);
/* Every source has a bit in the READ_AND_CLEAR bitmap. */
static_assert(GVT_MPT_MAX_SOURCES <= GVT_XENGT_MAX_SOURCES);

/**
 * struct xg_vgpu - one vGPU of a device model
 * @vgpu: the shared display model; set at creation
 * @domid: guest domain, informational; set at creation
 * @nr_sources: number of event sources, at most GVT_MPT_MAX_SOURCES; set
 *	before the vGPU can deliver anything
 * @lock: protects @lport, @port, @connected and @counts
 * @lport: the port the module allocated (ALLOC_PORT), unbound for dom0
 *	until the device model binds it; XG_NO_LPORT (0, a port Xen never
 *	allocates) if none
 * @port: the device model's end of the channel while @connected, else
 *	GVT_XENGT_NO_PORT
 * @connected: BIND_PORT found @lport connected to @port and the module
 *	has not seen that end closed since: the hook sends only then
 * @counts: deliveries per source since the last read-and-clear; entries
 *	from @nr_sources on stay zero
 */
struct xg_vgpu {
	struct gvt_vgpu *vgpu;
	u32 domid;
	u32 nr_sources;
	spinlock_t lock;	/* protects lport, port, connected, counts */
	u32 lport;
	u32 port;
	bool connected;
	u8 counts[GVT_MPT_MAX_SOURCES];
};

#define XG_NO_LPORT	0

/**
 * struct xg_file - one open file of /dev/mpt_xengt
 * @lock: serialises the ioctls of this file; protects @vgpus
 * @map_lock: also protects @vgpus (changed under both, read under either)
 * @vgpus: the vGPUs this file owns, indexed by id
 */
struct xg_file {
	struct mutex lock;	/* serialises ioctls; protects vgpus */
	struct mutex map_lock;	/* protects vgpus, for mmap */
	struct xg_vgpu *vgpus[GVT_XENGT_MAX_VGPUS_PER_FD];
};

/* Set xf->vgpus[@id]; caller holds xf->lock. */
static void xg_publish(struct xg_file *xf, u32 id, struct xg_vgpu *xg)
{
	lockdep_assert_held(&xf->lock);
	mutex_lock(&xf->map_lock);
	xf->vgpus[array_index_nospec(id, GVT_XENGT_MAX_VGPUS_PER_FD)] = xg;
	mutex_unlock(&xf->map_lock);
}

/*
 * Is the module's port @lport connected to dom0's port @port (the device
 * model's end)?  Xen turns @lport back into an unbound port offered to
 * dom0 when that end is closed.
 */
static bool xg_link_is(u32 lport, u32 port)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = lport };

	return !HYPERVISOR_event_channel_op(EVTCHNOP_status, &st) &&
	       st.status == EVTCHNSTAT_interdomain &&
	       st.u.interdomain.dom == XG_DOM0 &&
	       st.u.interdomain.port == port;
}

/*
 * Close the module's port, if any: nothing is sent on it again, and nobody
 * can bind it any more (Xen makes a device model end still connected to it
 * an unbound port).  Counts, masks and pending changes stay.  Caller holds
 * xg->lock.
 */
static void xg_close_port_locked(struct xg_vgpu *xg)
{
	struct evtchn_close close = { .port = xg->lport };

	lockdep_assert_held(&xg->lock);
	if (xg->lport != XG_NO_LPORT)
		(void)HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
	xg->lport = XG_NO_LPORT;
	xg->port = GVT_XENGT_NO_PORT;
	xg->connected = false;
}

/*
 * Is the channel still connected?  If the device model closed its end,
 * the module closes its port now, before anyone else can bind it.  Caller
 * holds xg->lock.
 */
static bool xg_check_locked(struct xg_vgpu *xg)
{
	lockdep_assert_held(&xg->lock);
	if (xg->connected && !xg_link_is(xg->lport, xg->port))
		xg_close_port_locked(xg);
	return xg->connected;
}

static int xg_display_event(void *handle, unsigned int source)
{
	struct xg_vgpu *xg = handle;
	unsigned long flags;
	int ret = -ENOTCONN;

	if (source >= xg->nr_sources)
		return -EINVAL;
	spin_lock_irqsave(&xg->lock, flags);
	/* Checked before every send: never a send the device model misses. */
	if (xg_check_locked(xg)) {
		if (xg->counts[source] < U8_MAX)
			xg->counts[source]++;
		notify_remote_via_evtchn(xg->lport);
		ret = 0;
	}
	spin_unlock_irqrestore(&xg->lock, flags);
	return ret;
}

static const struct gvt_mpt_ops xg_mpt_ops = {
	.name = "xengt",
	.display_event = xg_display_event,
};

/* Does domain @domid exist?  EVTCHNOP_status on it fails with -ESRCH if not. */
static int xg_domain_check(u32 domid)
{
	struct evtchn_status st = { .dom = (domid_t)domid, .port = 0 };
	int ret;

	if (domid >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	ret = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
	if (ret == -ESRCH)
		return -ESRCH;
	return ret ? -EINVAL : 0;
}

/*
 * ALLOC_PORT: a new port of the module, unbound and offered to dom0 (the
 * device model's domain), replacing a port never connected or whose
 * device model end is gone.  Caller holds the file lock; the input fields
 * of @p go back unchanged.
 */
static int xg_alloc_port(struct xg_vgpu *xg, struct gvt_xengt_port *p,
			 void __user *uarg)
{
	struct evtchn_alloc_unbound alloc = {
		.dom = DOMID_SELF,
		.remote_dom = XG_DOM0,
	};
	struct evtchn_close close;
	unsigned long flags;
	bool busy;
	int ret;

	spin_lock_irqsave(&xg->lock, flags);
	busy = xg_check_locked(xg);
	spin_unlock_irqrestore(&xg->lock, flags);
	if (busy)
		return -EBUSY;
	ret = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &alloc);
	if (ret)
		return ret;
	p->port = alloc.port;
	if (copy_to_user(uarg, p, sizeof(*p))) {
		/* A failed ioctl changes nothing: the earlier port stays. */
		close.port = alloc.port;
		(void)HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
		return -EFAULT;
	}
	/* Only BIND_PORT, under the file lock we hold, connects a port. */
	spin_lock_irqsave(&xg->lock, flags);
	xg_close_port_locked(xg);
	xg->lport = alloc.port;
	spin_unlock_irqrestore(&xg->lock, flags);
	return 0;
}

/*
 * BIND_PORT: the device model bound the module's port; @port is its end.
 * Caller holds the file lock.
 */
static int xg_bind(struct xg_vgpu *xg, u32 port)
{
	struct evtchn_status st = { .dom = DOMID_SELF };
	unsigned long flags;
	bool notify = false;
	int ret = 0;
	u32 s;

	spin_lock_irqsave(&xg->lock, flags);
	st.port = xg->lport;
	if (xg_check_locked(xg))
		ret = -EBUSY;
	else if (xg->lport == XG_NO_LPORT)
		ret = -EBADF;
	else if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &st) ||
		 st.status != EVTCHNSTAT_interdomain)
		ret = -ENOTCONN;	/* nobody bound it yet */
	else if (st.u.interdomain.dom != XG_DOM0 ||
		 st.u.interdomain.port != port)
		ret = -EPERM;		/* bound, but not by this end */
	if (ret) {
		spin_unlock_irqrestore(&xg->lock, flags);
		return ret;
	}
	xg->port = port;
	xg->connected = true;
	/* Counts left from before: tell the new channel about them at once. */
	for (s = 0; s < xg->nr_sources; s++)
		notify |= xg->counts[s] != 0;
	if (notify)
		notify_remote_via_evtchn(xg->lport);
	spin_unlock_irqrestore(&xg->lock, flags);
	return 0;
}

/* UNBIND_PORT, DESTROY: close the module's port.  The counts stay. */
static int xg_unbind(struct xg_vgpu *xg)
{
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&xg->lock, flags);
	if (xg->lport == XG_NO_LPORT)
		ret = -ENOTCONN;
	xg_close_port_locked(xg);
	spin_unlock_irqrestore(&xg->lock, flags);
	return ret;
}

static void xg_free(struct xg_vgpu *xg)
{
	/* After this no vblank reaches xg_display_event() for @xg. */
	gvt_vgpu_destroy(xg->vgpu);
	xg_unbind(xg);
	kfree(xg);
	atomic_dec(&xg_nr_vgpus);
}

/* Caller holds the file lock; @c is the checked argument. */
static int xg_create(struct xg_file *xf, struct gvt_xengt_create *c,
		     void __user *uarg)
{
	struct xg_vgpu *xg;
	u32 id;
	int ret;

	if (!c->heads || c->heads > GVT_MPT_MAX_PIPES)
		return -EINVAL;
	ret = xg_domain_check(c->domid);
	if (ret)
		return ret;
	for (id = 0; id < GVT_XENGT_MAX_VGPUS_PER_FD; id++)
		if (!xf->vgpus[id])
			break;
	if (id == GVT_XENGT_MAX_VGPUS_PER_FD)
		return -ENOSPC;
	if (atomic_inc_return(&xg_nr_vgpus) > max_vgpus) {
		atomic_dec(&xg_nr_vgpus);
		return -ENOSPC;
	}
	/* Zeroed: no count, no port; gvt_mpt's vGPU starts at power-on. */
	xg = kzalloc(sizeof(*xg), GFP_KERNEL);
	if (!xg) {
		atomic_dec(&xg_nr_vgpus);
		return -ENOMEM;
	}
	spin_lock_init(&xg->lock);
	xg->domid = c->domid;
	xg->port = GVT_XENGT_NO_PORT;
	xg->nr_sources = c->heads * GVT_MPT_PLANES_PER_PIPE;
	xg->vgpu = gvt_vgpu_create(&xg_mpt_ops, xg, c->heads);
	if (IS_ERR(xg->vgpu)) {
		ret = PTR_ERR(xg->vgpu);
		kfree(xg);
		atomic_dec(&xg_nr_vgpus);
		return ret;
	}
	c->id = id;
	c->nr_sources = xg->nr_sources;
	/* A failed ioctl changes nothing: published only once copied out. */
	if (WARN_ON_ONCE(gvt_vgpu_nr_sources(xg->vgpu) != xg->nr_sources))
		ret = -EIO;
	else if (copy_to_user(uarg, c, sizeof(*c)))
		ret = -EFAULT;
	if (ret) {
		xg_free(xg);
		return ret;
	}
	xg_publish(xf, id, xg);
	return 0;
}

static int xg_info(struct xg_vgpu *xg, struct gvt_xengt_info *info,
		   void __user *uarg)
{
	struct gvt_xengt_source src[GVT_MPT_MAX_SOURCES] = {};
	size_t len = xg->nr_sources * sizeof(src[0]);
	unsigned long flags;
	u32 s;

	info->domid = xg->domid;
	info->nr_sources = xg->nr_sources;
	spin_lock_irqsave(&xg->lock, flags);
	info->port = xg_check_locked(xg) ? xg->port : GVT_XENGT_NO_PORT;
	spin_unlock_irqrestore(&xg->lock, flags);
	/* As VFIO capabilities: report the size needed, copy no entry. */
	if (info->argsz < sizeof(*info) + len) {
		info->argsz = sizeof(*info) + len;
		len = 0;
	}
	for (s = 0; s < xg->nr_sources; s++)
		gvt_vgpu_source(xg->vgpu, s, &src[s].pipe, &src[s].plane_type);
	if (copy_to_user(uarg, info, sizeof(*info)) ||
	    copy_to_user((u8 __user *)uarg + sizeof(*info), src, len))
		return -EFAULT;
	return 0;
}

/* Give back counts that could not be copied out: nothing is lost. */
static void xg_counts_restore(struct xg_vgpu *xg, const u8 *counts)
{
	unsigned long flags;
	u32 s;

	spin_lock_irqsave(&xg->lock, flags);
	for (s = 0; s < ARRAY_SIZE(xg->counts); s++)
		xg->counts[s] = min_t(u32, U8_MAX,
				      (u32)xg->counts[s] + counts[s]);
	spin_unlock_irqrestore(&xg->lock, flags);
}

static int xg_read_and_clear(struct xg_vgpu *xg, struct gvt_xengt_events *ev,
			     void __user *uarg)
{
	u8 counts[ARRAY_SIZE(xg->counts)];
	/* argsz >= sizeof(*ev) was checked: the room left for counts[]. */
	size_t len = min_t(size_t, xg->nr_sources, ev->argsz - sizeof(*ev));
	unsigned long flags;
	u32 s;

	spin_lock_irqsave(&xg->lock, flags);
	memcpy(counts, xg->counts, sizeof(counts));
	memset(xg->counts, 0, sizeof(xg->counts));
	spin_unlock_irqrestore(&xg->lock, flags);
	ev->nr_sources = xg->nr_sources;
	ev->sources = 0;
	for (s = 0; s < xg->nr_sources; s++)
		if (counts[s])
			ev->sources |= gvt_mpt_source_bit(s);
	if (copy_to_user((u8 __user *)uarg + sizeof(*ev), counts, len) ||
	    copy_to_user(uarg, ev, sizeof(*ev))) {
		/* A failed ioctl changes nothing. */
		xg_counts_restore(xg, counts);
		return -EFAULT;
	}
	return 0;
}

static int xg_mask(struct xg_vgpu *xg, bool unmask,
		   const struct gvt_xengt_mask *m, void __user *uarg)
{
	u8 bools[ARRAY_SIZE(xg->counts)];

	if (!(m->flags & GVT_XENGT_MASK_BOOL))
		return gvt_vgpu_mask(xg->vgpu, unmask, m->start, m->count,
				     NULL);
	/*
	 * The bytes must lie inside argsz (checked >= sizeof(*m)), and more
	 * bytes than sources is a bad range anyway: never copy more.
	 */
	if (m->count > m->argsz - sizeof(*m) || m->count > xg->nr_sources ||
	    m->count > ARRAY_SIZE(bools) || m->start >= xg->nr_sources ||
	    m->count > xg->nr_sources - m->start)
		return -EINVAL;
	if (copy_from_user(bools, (u8 __user *)uarg + sizeof(*m), m->count))
		return -EFAULT;
	return gvt_vgpu_mask(xg->vgpu, unmask, m->start, m->count, bools);
}

/*
 * What plane @p->plane of pipe @p->pipe shows, decoded by gvt_mpt.ko; the
 * input fields go back unchanged.
 */
static int xg_query_plane(struct xg_vgpu *xg, struct gvt_xengt_plane *p,
			  void __user *uarg)
{
	struct gvt_plane_info info;
	int ret;

	ret = gvt_vgpu_plane_info(xg->vgpu, p->pipe, p->plane, &info);
	if (ret)
		return ret;
	p->visible = info.visible;
	p->drm_format = info.drm_format;
	p->width = info.width;
	p->height = info.height;
	p->stride = info.stride;
	p->x = info.x;
	p->y = info.y;
	p->offset = info.offset;
	if (copy_to_user(uarg, p, sizeof(*p)))
		return -EFAULT;
	return 0;
}

/*
 * Take the damage of plane @d->plane of pipe @d->pipe; the input fields go
 * back unchanged.  A copy that fails leaves the plane's damage FULL.
 */
static int xg_take_damage(struct xg_vgpu *xg, struct gvt_xengt_damage *d,
			  void __user *uarg)
{
	u32 src = d->pipe * GVT_MPT_PLANES_PER_PIPE + d->plane;

	if (d->pipe >= GVT_MPT_MAX_PIPES ||
	    d->plane >= GVT_MPT_PLANES_PER_PIPE || src >= xg->nr_sources)
		return -EINVAL;
	if (gvt_vgpu_take_damage(xg->vgpu, src, &d->damage))
		return -EINVAL;
	if (copy_to_user(uarg, d, sizeof(*d))) {
		gvt_vgpu_damage_full(xg->vgpu, src);
		return -EFAULT;
	}
	return 0;
}

/* The start of every argument but CREATE's. */
struct xg_hdr {
	u32 argsz;
	u32 flags;
	u32 id;
};

/* The argument of every ioctl; all start with argsz and flags. */
union xg_arg {
	struct xg_hdr hdr;
	struct gvt_xengt_create create;
	struct gvt_xengt_vgpu vgpu;
	struct gvt_xengt_port port;
	struct gvt_xengt_mask mask;
	struct gvt_xengt_events events;
	struct gvt_xengt_reg reg;
	struct gvt_xengt_info info;
	struct gvt_xengt_plane plane;
	struct gvt_xengt_damage damage;
	struct gvt_xengt_refresh refresh;
};

static_assert(offsetof(struct gvt_xengt_vgpu, id) == offsetof(struct xg_hdr, id));
static_assert(offsetof(struct gvt_xengt_port, id) == offsetof(struct xg_hdr, id));
static_assert(offsetof(struct gvt_xengt_mask, id) == offsetof(struct xg_hdr, id));
static_assert(offsetof(struct gvt_xengt_events, id) == offsetof(struct xg_hdr, id));
static_assert(offsetof(struct gvt_xengt_reg, id) == offsetof(struct xg_hdr, id));
static_assert(offsetof(struct gvt_xengt_info, id) == offsetof(struct xg_hdr, id));
static_assert(offsetof(struct gvt_xengt_plane, id) == offsetof(struct xg_hdr, id));
static_assert(offsetof(struct gvt_xengt_damage, id) == offsetof(struct xg_hdr, id));
static_assert(offsetof(struct gvt_xengt_refresh, id) == offsetof(struct xg_hdr, id));

/* The fixed part of the argument of @cmd; 0 if @cmd is not ours. */
static u32 xg_minsz(unsigned int cmd)
{
	switch (cmd) {
	case GVT_XENGT_CREATE:
		return sizeof(struct gvt_xengt_create);
	case GVT_XENGT_DESTROY:
	case GVT_XENGT_UNBIND_PORT:
	case GVT_XENGT_RESET:
		return sizeof(struct gvt_xengt_vgpu);
	case GVT_XENGT_ALLOC_PORT:
	case GVT_XENGT_BIND_PORT:
		return sizeof(struct gvt_xengt_port);
	case GVT_XENGT_MASK:
	case GVT_XENGT_UNMASK:
		return sizeof(struct gvt_xengt_mask);
	case GVT_XENGT_READ_AND_CLEAR:
		return sizeof(struct gvt_xengt_events);
	case GVT_XENGT_REG_READ:
	case GVT_XENGT_REG_WRITE:
		return sizeof(struct gvt_xengt_reg);
	case GVT_XENGT_INFO:
		return sizeof(struct gvt_xengt_info);
	case GVT_XENGT_QUERY_PLANE:
		return sizeof(struct gvt_xengt_plane);
	case GVT_XENGT_TAKE_DAMAGE:
		return sizeof(struct gvt_xengt_damage);
	case GVT_XENGT_REFRESH_MODE:
		return sizeof(struct gvt_xengt_refresh);
	}
	return 0;
}

/* Flags and pad fields, checked before any vGPU is looked up. */
static int xg_check_arg(unsigned int cmd, const union xg_arg *a)
{
	switch (cmd) {
	case GVT_XENGT_DESTROY:
	case GVT_XENGT_UNBIND_PORT:
	case GVT_XENGT_RESET:
		return a->vgpu.flags || a->vgpu.pad ? -EINVAL : 0;
	case GVT_XENGT_MASK:
	case GVT_XENGT_UNMASK:
		return (a->mask.flags & ~GVT_XENGT_MASK_BOOL) || a->mask.pad ?
		       -EINVAL : 0;
	case GVT_XENGT_REG_READ:
	case GVT_XENGT_REG_WRITE:
		return a->reg.flags || a->reg.pad ? -EINVAL : 0;
	case GVT_XENGT_TAKE_DAMAGE:
		return a->damage.flags || a->damage.pad ? -EINVAL : 0;
	}
	/*
	 * CREATE, ALLOC_PORT, BIND_PORT, READ_AND_CLEAR, INFO, QUERY_PLANE
	 * and REFRESH_MODE: no flag, no input pad.
	 */
	return a->hdr.flags ? -EINVAL : 0;
}

/* Caller holds the file lock; returns the vGPU or NULL. */
static struct xg_vgpu *xg_get(struct xg_file *xf, u32 id)
{
	if (id >= GVT_XENGT_MAX_VGPUS_PER_FD)
		return NULL;
	id = array_index_nospec(id, GVT_XENGT_MAX_VGPUS_PER_FD);
	return xf->vgpus[id];
}

/* Caller holds the file lock; @a is the checked argument. */
static long xg_vgpu_ioctl(struct xg_file *xf, unsigned int cmd,
			  union xg_arg *a, void __user *uarg)
{
	u32 id = a->hdr.id;
	struct xg_vgpu *xg = xg_get(xf, id);
	int ret;

	if (!xg)
		return -ENOENT;
	switch (cmd) {
	case GVT_XENGT_DESTROY:
		xg_publish(xf, id, NULL);
		xg_free(xg);
		return 0;
	case GVT_XENGT_ALLOC_PORT:
		return xg_alloc_port(xg, &a->port, uarg);
	case GVT_XENGT_BIND_PORT:
		return xg_bind(xg, a->port.port);
	case GVT_XENGT_UNBIND_PORT:
		return xg_unbind(xg);
	case GVT_XENGT_MASK:
	case GVT_XENGT_UNMASK:
		return xg_mask(xg, cmd == GVT_XENGT_UNMASK, &a->mask, uarg);
	case GVT_XENGT_READ_AND_CLEAR:
		return xg_read_and_clear(xg, &a->events, uarg);
	case GVT_XENGT_REG_READ:
		ret = gvt_vgpu_mmio_read(xg->vgpu, a->reg.offset, a->reg.size,
					 &a->reg.value);
		if (!ret && copy_to_user(uarg, &a->reg, sizeof(a->reg)))
			ret = -EFAULT;
		return ret;
	case GVT_XENGT_REG_WRITE:
		return gvt_vgpu_mmio_write(xg->vgpu, a->reg.offset,
					   a->reg.size, a->reg.value);
	case GVT_XENGT_RESET:
		gvt_vgpu_reset(xg->vgpu);
		return 0;
	case GVT_XENGT_INFO:
		return xg_info(xg, &a->info, uarg);
	case GVT_XENGT_QUERY_PLANE:
		return xg_query_plane(xg, &a->plane, uarg);
	case GVT_XENGT_TAKE_DAMAGE:
		return xg_take_damage(xg, &a->damage, uarg);
	case GVT_XENGT_REFRESH_MODE:
		a->refresh.refresh_flags =
			gvt_vgpu_refresh_mode(xg->vgpu,
					      &a->refresh.single_fb_vblanks);
		a->refresh.pad = 0;
		return copy_to_user(uarg, &a->refresh, sizeof(a->refresh)) ?
		       -EFAULT : 0;
	}
	return -ENOTTY;
}

static long xg_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct xg_file *xf = file->private_data;
	void __user *uarg = (void __user *)arg;
	u32 minsz = xg_minsz(cmd);
	union xg_arg a;
	u32 argsz;
	long ret;

	if (!minsz)
		return -ENOTTY;
	/* argsz alone first: never read past a too small argument. */
	if (copy_from_user(&argsz, uarg, sizeof(argsz)))
		return -EFAULT;
	if (argsz < minsz)
		return -EINVAL;
	/* Zeroed: nothing of the stack reaches a copy-out. */
	memset(&a, 0, sizeof(a));
	if (copy_from_user(&a, uarg, minsz))
		return -EFAULT;
	/* The argsz checked above, whatever the caller wrote meanwhile. */
	a.hdr.argsz = argsz;
	ret = xg_check_arg(cmd, &a);
	if (ret)
		return ret;
	mutex_lock(&xf->lock);
	if (cmd == GVT_XENGT_CREATE)
		ret = xg_create(xf, &a.create, uarg);
	else
		ret = xg_vgpu_ioctl(xf, cmd, &a, uarg);
	mutex_unlock(&xf->lock);
	return ret;
}

static int xg_open(struct inode *inode, struct file *file)
{
	struct xg_file *xf = kzalloc(sizeof(*xf), GFP_KERNEL);

	if (!xf)
		return -ENOMEM;
	mutex_init(&xf->lock);
	mutex_init(&xf->map_lock);
	file->private_data = xf;
	/*
	 * Mappings of display memory go through gvt_mpt's anon inode: the
	 * device node's own mapping cannot carry its pages (write tracking,
	 * see common/gvt_mem.c).  Nothing else of this file uses f_mapping.
	 */
	file->f_mapping = gvt_mem_file_mapping();
	/*
	 * lseek fails with ESPIPE: nonseekable_open() clears FMODE_LSEEK,
	 * which vfs_llseek() checks on 6.1 and 6.12 alike, so no .llseek
	 * (no_llseek was NULL up to 6.11 and is gone in 6.12).
	 */
	return nonseekable_open(inode, file);
}

static int xg_release(struct inode *inode, struct file *file)
{
	struct xg_file *xf = file->private_data;
	u32 id;

	/* The last reference is gone: no ioctl runs on this file. */
	for (id = 0; id < GVT_XENGT_MAX_VGPUS_PER_FD; id++) {
		if (xf->vgpus[id]) {
			xg_free(xf->vgpus[id]);
			xf->vgpus[id] = NULL;
		}
	}
	mutex_destroy(&xf->map_lock);
	mutex_destroy(&xf->lock);
	kfree(xf);
	return 0;
}

/*
 * mmap of a vGPU's display memory: the file offset names the vGPU
 * (GVT_XENGT_MMAP_OFFSET(id)) plus a page-aligned offset inside its
 * aperture.  A mapping holds the file, not the vGPU: after DESTROY it gets
 * SIGBUS for the pages it had not mapped yet (common/gvt_mem.c).
 */
static int xg_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct xg_file *xf = file->private_data;
	u64 id = vma->vm_pgoff >> (GVT_XENGT_MMAP_SHIFT - PAGE_SHIFT);
	u64 pgoff = vma->vm_pgoff &
		    ((GVT_XENGT_MMAP_OFFSET(1) - 1) >> PAGE_SHIFT);
	struct xg_vgpu *xg;
	int ret = -ENOENT;

	if (id >= GVT_XENGT_MAX_VGPUS_PER_FD)
		return -EINVAL;
	mutex_lock(&xf->map_lock);
	xg = xf->vgpus[array_index_nospec(id, GVT_XENGT_MAX_VGPUS_PER_FD)];
	if (xg)
		ret = gvt_vgpu_mem_mmap(xg->vgpu, vma, pgoff << PAGE_SHIFT);
	mutex_unlock(&xf->map_lock);
	return ret;
}

static const struct file_operations xg_fops = {
	.owner = THIS_MODULE,
	.open = xg_open,
	.mmap = xg_mmap,
	.release = xg_release,
	.unlocked_ioctl = xg_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice xg_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = XG_NAME,
	.fops = &xg_fops,
	.mode = 0600,
};

static int __init xg_init(void)
{
	if (!xen_initial_domain()) {
		pr_err("not running in Xen dom0, not loading\n");
		return -ENODEV;
	}
	return misc_register(&xg_misc);
}

static void __exit xg_exit(void)
{
	/* Open files hold a module reference: no vGPU is left here. */
	misc_deregister(&xg_misc);
}

module_init(xg_init);
module_exit(xg_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gvt-mpt Xen backend: dom0 misc device with display refresh events on an event channel");
MODULE_SOFTDEP("pre: gvt_mpt");
