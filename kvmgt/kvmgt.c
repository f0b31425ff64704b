// SPDX-License-Identifier: GPL-2.0
/*
 * mpt_kvmgt.ko: the KVM backend of gvt-mpt, a VFIO mediated device.
 *
 * Transport only: PCI config space and a register BAR whose accesses go to
 * the shared display model in gvt_mpt.ko; the aperture BAR (BAR2: the
 * display memory of gvt_mpt.ko, pread/pwrite/mmap); the display irq, one
 * eventfd per source signalled from the MPT display-event hook, and its
 * read-and-clear status region; the request irq.  The contract is in
 * uapi/gvt_mpt_display.h.
 *
 * Locking:
 *  - kv->trigger_lock (spinlock, irq-safe) protects kv->trigger[] and
 *    kv->status.  The hook takes it (under the vGPU lock, maybe in hard
 *    irq); SET_IRQS and close take it to swap pointers and drop the
 *    eventfd references after unlocking, so a vblank never signals an
 *    eventfd that is being released.
 *  - kv->req_lock (mutex) protects kv->req_trigger; the VFIO core's
 *    ->request call takes it.
 *  - kv->cfg_lock (mutex) protects kv->cfg (PCI config space).
 *  - kv->view_lock (mutex) protects the view regions' bindings
 *    (kv->view, kv->view_cur).  It is never held across a user copy or a
 *    fault: mmap runs under mmap_lock and takes it, so a pread takes a
 *    copy of the binding and reads without it.
 *  - kv->vgpu and kv->nr_sources are set in init and cleared in release
 *    only; VFIO guarantees no ioctl, read or write runs outside
 *    open..close, inside init..release.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/eventfd.h>
#include <linux/kernel.h>
#include <linux/mdev.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nospec.h>
#include <linux/pci_ids.h>
#include <linux/pci_regs.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "../common/gvt_compat.h"
#include "../common/gvt_display.h"
#include "../common/gvt_irqset.h"
#include "../common/gvt_vgpu.h"
#include "../uapi/gvt_mpt_display.h"
#include "../uapi/gvt_mpt_regs.h"

#define KV_NAME			"mpt_kvmgt"
#define KV_OFFSET_SHIFT		40
#define KV_OFFSET_TO_INDEX(off)	((off) >> KV_OFFSET_SHIFT)
#define KV_INDEX_TO_OFFSET(idx)	((u64)(idx) << KV_OFFSET_SHIFT)
#define KV_OFFSET_MASK		(KV_INDEX_TO_OFFSET(1) - 1)
#define KV_CFG_SIZE		256
#define KV_DISPLAY_IRQ		VFIO_PCI_NUM_IRQS
#define KV_NUM_IRQS		(VFIO_PCI_NUM_IRQS + 1)
#define KV_STATUS_REGION	VFIO_PCI_NUM_REGIONS
/* Two view regions per plane (primary, cursor): see kv_view_bind(). */
#define KV_VIEWS		2
#define KV_VIEW_REGION0		(KV_STATUS_REGION + 1)
#define KV_NUM_VIEW_REGIONS	(GVT_MPT_PLANES_PER_PIPE * KV_VIEWS)
#define KV_NUM_REGIONS		(KV_VIEW_REGION0 + KV_NUM_VIEW_REGIONS)
#define KV_PLANE_TYPE_UNSET	0	/* a plane query that names no plane */
#define KV_STATUS_SIZE		sizeof(struct gvt_mpt_display_status)
/* The damage records follow the status in its region, one per source. */
#define KV_DAMAGE_OFFSET	64
#define KV_DAMAGE_RECORD	sizeof(struct gvt_mpt_damage)
#define KV_DAMAGE_MIN		offsetof(struct gvt_mpt_damage, rects)
#define KV_MAX_INSTANCES	64
#define KV_CAPS_OFFSET		ALIGN(sizeof(struct gvt_mpt_irq_info), 8)
#define KV_APERTURE_REGION	VFIO_PCI_BAR2_REGION_INDEX
/* BAR2: 64-bit prefetchable memory, as a GPU's aperture. */
#define KV_BAR2_FLAGS		(PCI_BASE_ADDRESS_SPACE_MEMORY | \
				 PCI_BASE_ADDRESS_MEM_TYPE_64 | \
				 PCI_BASE_ADDRESS_MEM_PREFETCH)

static_assert(KV_APERTURE_REGION == GVT_MPT_APERTURE_REGION);
static_assert(KV_DAMAGE_OFFSET >= KV_STATUS_SIZE);
/*
 * A view maps from a surface's offset, 4 KiB-aligned (GVT_MPT_SURF_ADDR_MASK):
 * pages must be no larger (Kconfig: X86).
 */
static_assert(PAGE_SIZE <= ~GVT_MPT_SURF_ADDR_MASK + 1);
/* View and plane sizes are u32. */
static_assert(GVT_MPT_APERTURE_SIZE(GVT_MPT_MAX_PIPES) <= U32_MAX);

static unsigned int max_instances = KV_MAX_INSTANCES;
module_param(max_instances, uint, 0444);
MODULE_PARM_DESC(max_instances, "Maximum number of vGPU instances");

/**
 * struct kv_view - a view region: one surface of the aperture, read-only
 * @surf: the surface it shows; its offset, format and geometry are what
 *	kv_view_bind() compares (position and visibility are not)
 * @size: bytes of the region, 0 while it shows nothing
 */
struct kv_view {
	struct gvt_plane_info surf;
	u32 size;
};

struct kv_type {
	struct mdev_type type;
	u32 heads;
};

/**
 * struct kv_vgpu - one mediated vGPU
 * @vdev: the VFIO device
 * @heads: number of pipes, from the mdev type
 * @nr_sources: number of display event sources, 2 per head
 * @vgpu: the shared display model; see the locking rule above
 * @trigger_lock: protects @trigger and @status
 * @trigger: the display irq eventfd of each source, or NULL
 * @status: sources delivered since the status was last read (bit = source)
 * @req_lock: protects @req_trigger
 * @req_trigger: the request irq eventfd, or NULL
 * @cfg_lock: protects @cfg
 * @cfg: emulated PCI configuration space
 * @view_lock: protects @view and @view_cur
 * @view: the view regions of each plane, KV_VIEWS each
 * @view_cur: per plane, the view the last query returned
 */
struct kv_vgpu {
	struct vfio_device vdev;
	u32 heads;
	u32 nr_sources;
	struct gvt_vgpu *vgpu;
	spinlock_t trigger_lock;	/* protects trigger, status */
	struct eventfd_ctx *trigger[GVT_MPT_MAX_SOURCES];
	u64 status;
	struct mutex req_lock;		/* protects req_trigger */
	struct eventfd_ctx *req_trigger;
	struct mutex cfg_lock;		/* protects cfg */
	u8 cfg[KV_CFG_SIZE];
	struct mutex view_lock;		/* protects view, view_cur */
	struct kv_view view[GVT_MPT_PLANES_PER_PIPE][KV_VIEWS];
	u8 view_cur[GVT_MPT_PLANES_PER_PIPE];
};

static struct kv_type kv_types[] = {
	{ .type.sysfs_name = "1head", .type.pretty_name = "gvt-mpt vGPU, 1 head",
	  .heads = 1 },
	{ .type.sysfs_name = "3head", .type.pretty_name = "gvt-mpt vGPU, 3 heads",
	  .heads = 3 },
};

static struct mdev_type *kv_mdev_types[] = {
	&kv_types[0].type,
	&kv_types[1].type,
};

/**
 * struct kv_parent - the mdev parent device, /sys/class/mpt_kvmgt/mpt_kvmgt
 * @dev: the device; its release frees this structure
 * @parent: the mdev parent registered on @dev
 *
 * Allocated at module load, registered until module unload; freed by the
 * last put of @dev, which may come after kv_exit() has unregistered it.
 */
struct kv_parent {
	struct device dev;
	struct mdev_parent parent;
};

/* The parent from kv_init() to kv_exit(); only those two touch it. */
static struct kv_parent *kv_par;
static struct class *kv_class;
/* vGPUs that exist, bounded by max_instances. */
static atomic_t kv_instances = ATOMIC_INIT(0);

static int kv_display_event(void *handle, unsigned int source)
{
	struct kv_vgpu *kv = handle;
	unsigned long flags;
	int ret = -ENOTCONN;

	if (source >= kv->nr_sources)
		return -EINVAL;
	source = array_index_nospec(source, kv->nr_sources);
	spin_lock_irqsave(&kv->trigger_lock, flags);
	if (kv->trigger[source]) {
		gvt_eventfd_signal(kv->trigger[source]);
		kv->status |= BIT_ULL(source);
		ret = 0;
	}
	spin_unlock_irqrestore(&kv->trigger_lock, flags);
	return ret;
}

static const struct gvt_mpt_ops kv_mpt_ops = {
	.name = "kvmgt",
	.display_event = kv_display_event,
};

/*
 * Install @ctx[i] (NULL: none) as the eventfd of sources @start + i, i <
 * @count, and clear the status bits of @clear; the references of the
 * eventfds replaced are handed back in @ctx and dropped by the caller.
 */
static void kv_swap_triggers(struct kv_vgpu *kv, u32 start, u32 count,
			     struct eventfd_ctx **ctx, u64 clear)
{
	struct eventfd_ctx *old;
	unsigned long flags;
	u32 i;

	spin_lock_irqsave(&kv->trigger_lock, flags);
	for (i = 0; i < count; i++) {
		old = kv->trigger[start + i];
		kv->trigger[start + i] = ctx[i];
		ctx[i] = old;
	}
	kv->status &= ~clear;
	spin_unlock_irqrestore(&kv->trigger_lock, flags);
}

static void kv_put_triggers(struct eventfd_ctx **ctx, u32 count)
{
	u32 i;

	for (i = 0; i < count; i++)
		if (ctx[i])
			eventfd_ctx_put(ctx[i]);
}

/*
 * Detach every display eventfd; with @clear, also clear the status (a new
 * user).  A consumer that detaches keeps its status: it may still have to
 * learn of deliveries made before, to unmask those sources.
 */
static void kv_detach_all(struct kv_vgpu *kv, bool clear)
{
	struct eventfd_ctx *ctx[GVT_MPT_MAX_SOURCES] = { NULL };

	kv_swap_triggers(kv, 0, kv->nr_sources, ctx, clear ? U64_MAX : 0);
	kv_put_triggers(ctx, kv->nr_sources);
}

/* Swap in a new request eventfd (or NULL); the old one is released. */
static void kv_set_req_trigger(struct kv_vgpu *kv, struct eventfd_ctx *ctx)
{
	struct eventfd_ctx *old;

	mutex_lock(&kv->req_lock);
	old = kv->req_trigger;
	kv->req_trigger = ctx;
	mutex_unlock(&kv->req_lock);
	if (old)
		eventfd_ctx_put(old);
}

/* No view region shows anything: the next query binds afresh. */
static void kv_views_reset(struct kv_vgpu *kv)
{
	mutex_lock(&kv->view_lock);
	memset(kv->view, 0, sizeof(kv->view));
	memset(kv->view_cur, 0, sizeof(kv->view_cur));
	mutex_unlock(&kv->view_lock);
}

/* Everything a user set up goes: the next user finds a new device. */
static void kv_reset_for_user(struct kv_vgpu *kv)
{
	kv_detach_all(kv, true);
	kv_set_req_trigger(kv, NULL);
	kv_views_reset(kv);
	gvt_vgpu_power_on(kv->vgpu);
}

static void kv_cfg_init(struct kv_vgpu *kv)
{
	u8 *c = kv->cfg;

	memset(c, 0, sizeof(kv->cfg));
	/*
	 * An ID no guest driver binds.  8086:1912 (a Skylake GT2) would make
	 * a Linux guest's i915 claim the device and drive registers this
	 * vGPU does not have.  0x19ff is in none of Linux 6.12's PCI ID
	 * tables (i915 and xe, include/drm/intel/; pci_ids.h; any driver's
	 * PCI_DEVICE list).  It is not assigned to gvt-mpt either (gvt-mpt
	 * has no vendor ID of its own and takes none that is another
	 * project's, such as Red Hat's for QEMU devices): Intel's, because
	 * the registers are Intel's Skylake display registers.  The class,
	 * display "other" (not VGA), keeps VGA arbitration and consoles off.
	 */
	*(__le16 *)&c[PCI_VENDOR_ID] = cpu_to_le16(PCI_VENDOR_ID_INTEL);
	*(__le16 *)&c[PCI_DEVICE_ID] = cpu_to_le16(0x19ff);
	*(__le16 *)&c[PCI_STATUS] = cpu_to_le16(0);
	c[PCI_CLASS_REVISION] = 0x01;
	*(__le16 *)&c[PCI_CLASS_DEVICE] = cpu_to_le16(PCI_CLASS_DISPLAY_OTHER);
	*(__le32 *)&c[PCI_BASE_ADDRESS_0] =
		cpu_to_le32(PCI_BASE_ADDRESS_SPACE_MEMORY |
			    PCI_BASE_ADDRESS_MEM_TYPE_32);
	*(__le32 *)&c[PCI_BASE_ADDRESS_2] = cpu_to_le32(KV_BAR2_FLAGS);
	*(__le16 *)&c[PCI_SUBSYSTEM_VENDOR_ID] = cpu_to_le16(0x8086);
	*(__le16 *)&c[PCI_SUBSYSTEM_ID] = cpu_to_le16(0x0001);
}

static int kv_init_dev(struct vfio_device *vdev)
{
	struct kv_vgpu *kv = container_of(vdev, struct kv_vgpu, vdev);
	struct mdev_device *mdev = to_mdev_device(vdev->dev);
	struct kv_type *type = container_of(mdev->type, struct kv_type, type);

	if (atomic_inc_return(&kv_instances) > max_instances) {
		atomic_dec(&kv_instances);
		return -ENOSPC;
	}
	spin_lock_init(&kv->trigger_lock);
	mutex_init(&kv->req_lock);
	mutex_init(&kv->cfg_lock);
	mutex_init(&kv->view_lock);
	kv->heads = type->heads;
	kv_cfg_init(kv);
	kv->vgpu = gvt_vgpu_create(&kv_mpt_ops, kv, kv->heads);
	if (IS_ERR(kv->vgpu)) {
		int ret = PTR_ERR(kv->vgpu);

		kv->vgpu = NULL;
		atomic_dec(&kv_instances);
		return ret;
	}
	kv->nr_sources = gvt_vgpu_nr_sources(kv->vgpu);
	if (kv->nr_sources > ARRAY_SIZE(kv->trigger) ||
	    kv->nr_sources > BITS_PER_TYPE(kv->status)) {
		/* The core grew past this backend: refuse, never overflow. */
		dev_err(vdev->dev, "%u sources, more than this backend holds\n",
			kv->nr_sources);
		gvt_vgpu_destroy(kv->vgpu);
		kv->vgpu = NULL;
		atomic_dec(&kv_instances);
		return -EINVAL;
	}
	return 0;
}

static void kv_release_dev(struct vfio_device *vdev)
{
	struct kv_vgpu *kv = container_of(vdev, struct kv_vgpu, vdev);

	if (kv->vgpu) {
		/* After this no vblank reaches kv_display_event(). */
		gvt_vgpu_destroy(kv->vgpu);
		kv->vgpu = NULL;
		atomic_dec(&kv_instances);
	}
	/* close_device dropped every eventfd; the device is never opened. */
	mutex_destroy(&kv->req_lock);
	mutex_destroy(&kv->cfg_lock);
	mutex_destroy(&kv->view_lock);
	gvt_vfio_release_done(vdev);
}

static int kv_open_device(struct vfio_device *vdev)
{
	struct kv_vgpu *kv = container_of(vdev, struct kv_vgpu, vdev);

	kv_reset_for_user(kv);
	mutex_lock(&kv->cfg_lock);
	kv_cfg_init(kv);
	mutex_unlock(&kv->cfg_lock);
	return 0;
}

static void kv_close_device(struct vfio_device *vdev)
{
	struct kv_vgpu *kv = container_of(vdev, struct kv_vgpu, vdev);

	kv_reset_for_user(kv);
}

/*
 * The mdev is being removed while the device is open: signal the request
 * eventfd so the user lets go.  The VFIO core calls again every 10 s until
 * the device is closed; the log says once, at the first call, whether the
 * user was asked or the removal simply waits for the close.
 */
static void kv_request(struct vfio_device *vdev, unsigned int count)
{
	struct kv_vgpu *kv = container_of(vdev, struct kv_vgpu, vdev);
	bool asked = false;

	mutex_lock(&kv->req_lock);
	if (kv->req_trigger) {
		gvt_eventfd_signal(kv->req_trigger);
		asked = true;
	}
	mutex_unlock(&kv->req_lock);
	if (count)
		return;
	if (asked)
		dev_info(vdev->dev, "removal: asked the user to release the device\n");
	else
		dev_info(vdev->dev, "removal: no request eventfd, waiting for the user to close the device\n");
}

/*
 * Read and clear the display irq status (region KV_STATUS_REGION): the
 * bits are cleared only once they reached the user, so a failed copy
 * loses nothing; deliveries made meanwhile stay set.
 */
static ssize_t kv_status_read(struct kv_vgpu *kv, char __user *ubuf,
			      size_t count, u64 pos)
{
	struct gvt_mpt_display_status st = { 0 };
	unsigned long flags;

	if (pos != 0 || count != KV_STATUS_SIZE)
		return -EINVAL;
	spin_lock_irqsave(&kv->trigger_lock, flags);
	st.sources = kv->status;
	spin_unlock_irqrestore(&kv->trigger_lock, flags);
	if (copy_to_user(ubuf, &st, sizeof(st)))
		return -EFAULT;
	spin_lock_irqsave(&kv->trigger_lock, flags);
	kv->status &= ~st.sources;
	spin_unlock_irqrestore(&kv->trigger_lock, flags);
	return count;
}

/*
 * Read and clear the damage record of a source (region KV_STATUS_REGION,
 * from KV_DAMAGE_OFFSET): a read too short for the rectangles gets FULL
 * instead, and one that fails leaves FULL behind, so nothing is lost; a
 * read longer than a record returns the record (a short read).
 */
static ssize_t kv_damage_read(struct kv_vgpu *kv, char __user *ubuf,
			      size_t count, u64 pos)
{
	struct gvt_mpt_damage dm;
	u64 rel;
	u32 src;

	if (pos < KV_DAMAGE_OFFSET || count < KV_DAMAGE_MIN)
		return -EINVAL;
	count = min_t(size_t, count, KV_DAMAGE_RECORD);
	rel = pos - KV_DAMAGE_OFFSET;
	if (rel % KV_DAMAGE_RECORD ||
	    rel / KV_DAMAGE_RECORD >= kv->nr_sources)
		return -EINVAL;
	src = rel / KV_DAMAGE_RECORD;
	if (gvt_vgpu_take_damage(kv->vgpu, src, &dm))
		return -EINVAL;
	if (KV_DAMAGE_MIN + dm.nr_rects * sizeof(dm.rects[0]) > count) {
		dm.flags |= GVT_MPT_DAMAGE_FULL;
		dm.nr_rects = 0;
		memset(dm.rects, 0, sizeof(dm.rects));
	}
	if (copy_to_user(ubuf, &dm, count)) {
		gvt_vgpu_damage_full(kv->vgpu, src);
		return -EFAULT;
	}
	return count;
}

/*
 * The binding of view region @index (KV_VIEW_REGION0 <= @index <
 * KV_NUM_REGIONS): its size (0: it shows nothing) and, with @surf, the
 * surface it shows.
 */
static u32 kv_view_get(struct kv_vgpu *kv, u32 index,
		       struct gvt_plane_info *surf)
{
	struct kv_view *v;
	u32 size;

	/* Not a view: nothing to show (fail safe for a wrong caller). */
	if (index < KV_VIEW_REGION0 || index >= KV_NUM_REGIONS)
		return 0;
	index = array_index_nospec(index - KV_VIEW_REGION0,
				   KV_NUM_VIEW_REGIONS);
	v = &kv->view[index / KV_VIEWS][index % KV_VIEWS];
	mutex_lock(&kv->view_lock);
	size = v->size;
	if (surf)
		*surf = v->surf;
	mutex_unlock(&kv->view_lock);
	return size;
}

/* pread of a view region: the surface it is bound to, in the aperture. */
static ssize_t kv_view_read(struct kv_vgpu *kv, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	u64 pos = (u64)*ppos & KV_OFFSET_MASK;
	struct gvt_plane_info surf;
	ssize_t ret;
	u32 size;

	size = kv_view_get(kv, KV_OFFSET_TO_INDEX((u64)*ppos), &surf);
	if (!count || pos >= size)
		return -EINVAL;
	/* A read reaching past the end is short, as vfio-pci's are. */
	count = min_t(u64, count, size - pos);
	/*
	 * Without the view lock: the copy may fault, and a fault may need
	 * mmap_lock, which mmap holds when it takes the view lock.  The
	 * binding read is within the aperture whatever happens since.
	 */
	ret = gvt_vgpu_mem_rw_user(kv->vgpu, surf.offset + pos, ubuf, count,
				   false);
	if (ret > 0)
		*ppos += ret;
	return ret;
}

/* The pipe a query describes: the first whose primary plane is shown. */
static u32 kv_shown_pipe(struct kv_vgpu *kv)
{
	struct gvt_plane_info info;
	u32 pipe;

	for (pipe = 0; pipe < kv->heads; pipe++)
		if (!gvt_vgpu_plane_info(kv->vgpu, pipe, GVT_MPT_PLANE_PRIMARY,
					 &info) && info.visible)
			return pipe;
	return 0;
}

static bool kv_same_surface(const struct gvt_plane_info *a,
			    const struct gvt_plane_info *b)
{
	return a->offset == b->offset && a->drm_format == b->drm_format &&
	       a->width == b->width && a->height == b->height &&
	       a->stride == b->stride;
}

/*
 * The view region that shows @surf (visible, @size bytes) of @plane: the
 * one the last query returned if it shows just that, else the other one,
 * bound to it now.  A consumer that mapped the last view keeps seeing the
 * surface it mapped; the index it is given changes with every new surface
 * (a flip, a new geometry), which is QEMU's cue to map the region anew.
 */
static u32 kv_view_bind(struct kv_vgpu *kv, u32 plane,
			const struct gvt_plane_info *surf, u32 size)
{
	struct kv_view *v;
	u32 cur;

	mutex_lock(&kv->view_lock);
	cur = kv->view_cur[plane];
	v = &kv->view[plane][cur];
	if (v->size != size || !kv_same_surface(&v->surf, surf)) {
		cur = (cur + 1) % KV_VIEWS;
		v = &kv->view[plane][cur];
		v->surf = *surf;
		v->size = size;
		kv->view_cur[plane] = cur;
	}
	mutex_unlock(&kv->view_lock);
	return KV_VIEW_REGION0 + plane * KV_VIEWS + cur;
}

/*
 * VFIO_DEVICE_QUERY_GFX_PLANE, region flavour only (uapi/gvt_mpt_display.h):
 * the primary or cursor plane of the first pipe whose primary plane is
 * shown (pipe A if none), with a view region that shows its surface.
 */
static long kv_query_plane(struct kv_vgpu *kv, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_gfx_plane_info,
					  region_index);
	struct vfio_device_gfx_plane_info p;
	struct gvt_plane_info info;
	u32 plane, pipe;
	u64 size;

	if (copy_from_user(&p, arg, minsz))
		return -EFAULT;
	if (p.argsz < minsz)
		return -EINVAL;
	/* No DMABUF: there is no GPU memory to export. */
	if (p.flags & VFIO_GFX_PLANE_TYPE_PROBE)
		return p.flags == (VFIO_GFX_PLANE_TYPE_PROBE |
				   VFIO_GFX_PLANE_TYPE_REGION) ? 0 : -EINVAL;
	if (p.flags != VFIO_GFX_PLANE_TYPE_REGION)
		return -EINVAL;
	/* QEMU's region path leaves drm_plane_type unset (0): the primary. */
	if (p.drm_plane_type == GVT_MPT_DRM_PLANE_TYPE_PRIMARY ||
	    p.drm_plane_type == KV_PLANE_TYPE_UNSET)
		plane = GVT_MPT_PLANE_PRIMARY;
	else if (p.drm_plane_type == GVT_MPT_DRM_PLANE_TYPE_CURSOR)
		plane = GVT_MPT_PLANE_CURSOR;
	else
		return -EINVAL;
	pipe = kv_shown_pipe(kv);
	if (gvt_vgpu_plane_info(kv->vgpu, pipe, plane, &info))
		return -EINVAL;
	p.drm_format = 0;
	p.drm_format_mod = 0;		/* DRM_FORMAT_MOD_LINEAR */
	p.width = 0;
	p.height = 0;
	p.stride = 0;
	p.size = 0;
	p.x_pos = 0;
	p.y_pos = 0;
	/* A hardware cursor has no hot spot: its position is its corner. */
	p.x_hot = 0;
	p.y_hot = 0;
	p.region_index = 0;
	if (info.visible) {
		/*
		 * The lines of the surface, page-aligned, as far as the
		 * aperture goes: visible means its last pixel is inside, and
		 * the offset and the aperture are page multiples.
		 */
		size = min_t(u64, PAGE_ALIGN((u64)info.stride * info.height),
			     gvt_vgpu_mem_size(kv->vgpu) - info.offset);
		p.drm_format = info.drm_format;
		p.width = info.width;
		p.height = info.height;
		p.stride = info.stride;
		p.size = size;
		p.x_pos = (u32)info.x;
		p.y_pos = (u32)info.y;
		p.region_index = kv_view_bind(kv, plane, &info, size);
	}
	return copy_to_user(arg, &p, minsz) ? -EFAULT : 0;
}

static ssize_t kv_cfg_rw(struct kv_vgpu *kv, char *buf, size_t count,
			 loff_t pos, bool is_write)
{
	u32 bar;

	/* Reads of any length (QEMU reads it whole), writes of 1, 2, 4. */
	if (pos < 0 || pos >= KV_CFG_SIZE || count > KV_CFG_SIZE - pos ||
	    !count || (is_write && count > 4))
		return -EINVAL;
	pos = array_index_nospec(pos, KV_CFG_SIZE);
	mutex_lock(&kv->cfg_lock);
	if (!is_write) {
		memcpy(buf, &kv->cfg[pos], count);
	} else if (pos == PCI_COMMAND && count >= 2) {
		memcpy(&kv->cfg[pos], buf, 2);
	} else if (pos == PCI_BASE_ADDRESS_0 && count == 4) {
		/* BAR sizing: only the address bits above the size stick. */
		bar = le32_to_cpu(*(__le32 *)buf) & ~(GVT_MPT_BAR_SIZE - 1);
		bar |= PCI_BASE_ADDRESS_SPACE_MEMORY |
		       PCI_BASE_ADDRESS_MEM_TYPE_32;
		*(__le32 *)&kv->cfg[pos] = cpu_to_le32(bar);
	} else if (pos == PCI_BASE_ADDRESS_2 && count == 4) {
		/* The aperture (< 4 GiB): its size in the low dword. */
		bar = le32_to_cpu(*(__le32 *)buf) &
		      ~(u32)(gvt_vgpu_mem_size(kv->vgpu) - 1);
		*(__le32 *)&kv->cfg[pos] = cpu_to_le32(bar | KV_BAR2_FLAGS);
	} else if (pos == PCI_BASE_ADDRESS_3 && count == 4) {
		/* Its upper address bits: all writable. */
		memcpy(&kv->cfg[pos], buf, 4);
	}
	/* Other config writes are ignored, as read-only bits are. */
	mutex_unlock(&kv->cfg_lock);
	return count;
}

/*
 * BAR0 is where QEMU forwards the guest's MMIO, so it has the guest path's
 * manners (uapi/gvt_mpt_regs.h): 1, 2, 4 or 8 bytes (little-endian) at any
 * offset inside the BAR, unknown offsets read 0 and ignore writes, writes
 * of read-only registers are ignored.  Only another size or an access not
 * wholly inside the BAR is EINVAL.  A guest's probing logs nothing.
 */
static ssize_t kv_bar0_rw(struct kv_vgpu *kv, char *buf, size_t count,
			  u64 pos, bool is_write)
{
	__le64 le = 0;
	u64 val = 0;
	int ret;

	if (count > sizeof(le))
		return -EINVAL;
	if (is_write) {
		memcpy(&le, buf, count);
		ret = gvt_vgpu_mmio_guest_write(kv->vgpu, pos, count,
						le64_to_cpu(le));
	} else {
		ret = gvt_vgpu_mmio_guest_read(kv->vgpu, pos, count, &val);
		le = cpu_to_le64(val);
		memcpy(buf, &le, count);
	}
	return ret ? ret : count;
}

static ssize_t kv_rw(struct kv_vgpu *kv, char *buf, size_t count,
		     loff_t *ppos, bool is_write)
{
	u64 index = KV_OFFSET_TO_INDEX((u64)*ppos);
	u64 pos = (u64)*ppos & KV_OFFSET_MASK;

	if (*ppos < 0)
		return -EINVAL;
	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		return kv_cfg_rw(kv, buf, count, pos, is_write);
	case VFIO_PCI_BAR0_REGION_INDEX:
		return kv_bar0_rw(kv, buf, count, pos, is_write);
	default:
		return -EINVAL;
	}
}

/* pread/pwrite of the aperture region: display memory of gvt_mpt.ko. */
static ssize_t kv_aperture_rw(struct kv_vgpu *kv, char __user *ubuf,
			      size_t count, loff_t *ppos, bool is_write)
{
	ssize_t ret;

	ret = gvt_vgpu_mem_rw_user(kv->vgpu, (u64)*ppos & KV_OFFSET_MASK, ubuf,
				   count, is_write);
	if (ret > 0)
		*ppos += ret;
	return ret;
}

static ssize_t kv_read(struct vfio_device *vdev, char __user *ubuf,
		       size_t count, loff_t *ppos)
{
	struct kv_vgpu *kv = container_of(vdev, struct kv_vgpu, vdev);
	char buf[KV_CFG_SIZE];
	ssize_t ret;

	if (*ppos >= 0 &&
	    KV_OFFSET_TO_INDEX((u64)*ppos) == KV_APERTURE_REGION)
		return kv_aperture_rw(kv, ubuf, count, ppos, false);
	if (*ppos >= 0 &&
	    KV_OFFSET_TO_INDEX((u64)*ppos) >= KV_VIEW_REGION0 &&
	    KV_OFFSET_TO_INDEX((u64)*ppos) < KV_NUM_REGIONS)
		return kv_view_read(kv, ubuf, count, ppos);
	if (*ppos >= 0 &&
	    KV_OFFSET_TO_INDEX((u64)*ppos) == KV_STATUS_REGION) {
		u64 pos = (u64)*ppos & KV_OFFSET_MASK;

		if (pos >= KV_DAMAGE_OFFSET)
			ret = kv_damage_read(kv, ubuf, count, pos);
		else
			ret = kv_status_read(kv, ubuf, count, pos);
		if (ret > 0)
			*ppos += ret;
		return ret;
	}
	if (!count || count > sizeof(buf))
		return -EINVAL;
	ret = kv_rw(kv, buf, count, ppos, false);
	if (ret < 0)
		return ret;
	if (copy_to_user(ubuf, buf, ret))
		return -EFAULT;
	*ppos += ret;
	return ret;
}

static ssize_t kv_write(struct vfio_device *vdev, const char __user *ubuf,
			size_t count, loff_t *ppos)
{
	struct kv_vgpu *kv = container_of(vdev, struct kv_vgpu, vdev);
	char buf[8];	/* BAR0 takes 8 bytes, config space 4 */
	ssize_t ret;

	/* The user buffer is only read: a write copies from it. */
	if (*ppos >= 0 &&
	    KV_OFFSET_TO_INDEX((u64)*ppos) == KV_APERTURE_REGION)
		return kv_aperture_rw(kv, (char __user *)ubuf, count, ppos,
				      true);
	if (!count || count > sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	ret = kv_rw(kv, buf, count, ppos, true);
	if (ret > 0)
		*ppos += ret;
	return ret;
}

static long kv_get_info(struct kv_vgpu *kv, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = KV_NUM_REGIONS;
	info.num_irqs = KV_NUM_IRQS;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static long kv_get_region_info(struct kv_vgpu *kv, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= KV_NUM_REGIONS)
		return -EINVAL;
	info.index = array_index_nospec(info.index, KV_NUM_REGIONS);
	info.offset = KV_INDEX_TO_OFFSET(info.index);
	info.flags = 0;
	info.size = 0;
	info.cap_offset = 0;
	if (info.index == VFIO_PCI_CONFIG_REGION_INDEX) {
		info.size = KV_CFG_SIZE;
		info.flags = VFIO_REGION_INFO_FLAG_READ |
			     VFIO_REGION_INFO_FLAG_WRITE;
	} else if (info.index == VFIO_PCI_BAR0_REGION_INDEX) {
		info.size = GVT_MPT_BAR_SIZE;
		info.flags = VFIO_REGION_INFO_FLAG_READ |
			     VFIO_REGION_INFO_FLAG_WRITE;
	} else if (info.index == KV_APERTURE_REGION) {
		info.size = gvt_vgpu_mem_size(kv->vgpu);
		info.flags = VFIO_REGION_INFO_FLAG_READ |
			     VFIO_REGION_INFO_FLAG_WRITE |
			     VFIO_REGION_INFO_FLAG_MMAP;
	} else if (info.index == KV_STATUS_REGION) {
		info.size = KV_DAMAGE_OFFSET +
			    (u64)kv->nr_sources * KV_DAMAGE_RECORD;
		info.flags = VFIO_REGION_INFO_FLAG_READ;
	} else if (info.index >= KV_VIEW_REGION0) {
		/* A view: read-only, its size that of the surface it shows. */
		info.size = kv_view_get(kv, info.index, NULL);
		info.flags = VFIO_REGION_INFO_FLAG_READ |
			     VFIO_REGION_INFO_FLAG_MMAP;
	}
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

/*
 * Add capability @id (version 1) of @size bytes to @caps; the size is
 * aligned here because 6.12's vfio_info_cap_add() aligns it to 8 and 6.1's
 * does not, and the chain must be the same on both.
 */
static void *kv_cap_add(struct vfio_info_cap *caps, size_t size, u16 id)
{
	return vfio_info_cap_add(caps, ALIGN(size, 8), id, 1);
}

/* Build the display irq's capability chain into @caps. */
static int kv_irq_caps(struct kv_vgpu *kv, struct vfio_info_cap *caps)
{
	struct gvt_mpt_irq_cap_sources *sources;
	struct gvt_mpt_irq_cap_refresh *refresh;
	struct gvt_mpt_irq_cap_damage *damage;
	struct gvt_mpt_irq_cap_status *status;
	struct gvt_mpt_irq_cap_type *type;
	u32 s, pipe, plane_type;

	type = kv_cap_add(caps, sizeof(*type), GVT_MPT_IRQ_INFO_CAP_TYPE);
	if (IS_ERR(type))
		return PTR_ERR(type);
	type->type = GVT_MPT_IRQ_TYPE_GFX;
	type->subtype = GVT_MPT_IRQ_SUBTYPE_GFX_DISPLAY_IRQ;

	sources = kv_cap_add(caps, struct_size(sources, sources, kv->nr_sources),
			     GVT_MPT_IRQ_INFO_CAP_SOURCES);
	if (IS_ERR(sources))
		return PTR_ERR(sources);
	sources->nr_sources = kv->nr_sources;
	for (s = 0; s < kv->nr_sources; s++) {
		gvt_vgpu_source(kv->vgpu, s, &pipe, &plane_type);
		sources->sources[s].pipe = pipe;
		sources->sources[s].plane_type = plane_type;
	}

	status = kv_cap_add(caps, sizeof(*status), GVT_MPT_IRQ_INFO_CAP_STATUS);
	if (IS_ERR(status))
		return PTR_ERR(status);
	status->region_index = KV_STATUS_REGION;
	status->offset = 0;

	refresh = kv_cap_add(caps, sizeof(*refresh),
			     GVT_MPT_IRQ_INFO_CAP_REFRESH);
	if (IS_ERR(refresh))
		return PTR_ERR(refresh);
	refresh->flags = gvt_vgpu_refresh_mode(kv->vgpu,
					       &refresh->single_fb_vblanks);

	damage = kv_cap_add(caps, sizeof(*damage), GVT_MPT_IRQ_INFO_CAP_DAMAGE);
	if (IS_ERR(damage))
		return PTR_ERR(damage);
	damage->region_index = KV_STATUS_REGION;
	damage->record_size = KV_DAMAGE_RECORD;
	damage->max_rects = GVT_MPT_DAMAGE_MAX_RECTS;
	damage->offset = KV_DAMAGE_OFFSET;
	return 0;
}

static long kv_get_irq_info(struct kv_vgpu *kv, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_info_cap caps = { .buf = NULL, .size = 0 };
	struct gvt_mpt_irq_info info = { 0 };
	size_t copy;
	long ret = 0;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	/* No error irq: as vfio-pci for a device that is not PCIe. */
	if (info.argsz < minsz || info.index >= KV_NUM_IRQS ||
	    info.index == VFIO_PCI_ERR_IRQ_INDEX)
		return -EINVAL;
	copy = min_t(size_t, info.argsz, sizeof(info));
	info.cap_offset = 0;
	info.pad = 0;
	info.flags = 0;
	info.count = 0;
	if (info.index == VFIO_PCI_REQ_IRQ_INDEX) {
		info.flags = VFIO_IRQ_INFO_EVENTFD;
		info.count = 1;
	} else if (info.index == KV_DISPLAY_IRQ) {
		info.flags = VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE |
			     VFIO_IRQ_INFO_AUTOMASKED;
		info.count = kv->nr_sources;
		ret = kv_irq_caps(kv, &caps);
		if (ret)
			goto out;
		if (info.argsz < KV_CAPS_OFFSET + caps.size) {
			/* Too small: report the size needed, copy no chain. */
			info.argsz = KV_CAPS_OFFSET + caps.size;
		} else {
			vfio_info_cap_shift(&caps, KV_CAPS_OFFSET);
			if (copy_to_user(arg + KV_CAPS_OFFSET, caps.buf,
					 caps.size)) {
				ret = -EFAULT;
				goto out;
			}
			info.cap_offset = KV_CAPS_OFFSET;
		}
	}
	if (copy_to_user(arg, &info, copy))
		ret = -EFAULT;
out:
	kfree(caps.buf);
	return ret;
}

/*
 * ATTACH: take a reference on every new eventfd first, so that a bad fd
 * changes nothing, then swap them all in at once.
 */
static int kv_attach(struct kv_vgpu *kv, const struct gvt_irqset_op *op)
{
	struct eventfd_ctx *ctx[GVT_MPT_MAX_SOURCES] = { NULL };
	int ret = 0, fd;
	u32 i;

	for (i = 0; i < op->count; i++) {
		fd = gvt_irqset_fd(op, i);
		if (fd < 0)
			continue;
		ctx[i] = eventfd_ctx_fdget(fd);
		if (IS_ERR(ctx[i])) {
			ret = PTR_ERR(ctx[i]);
			ctx[i] = NULL;
			goto out;
		}
	}
	kv_swap_triggers(kv, op->start, op->count, ctx, 0);
out:
	kv_put_triggers(ctx, op->count);
	return ret;
}

/* Loopback: signal the eventfds of the sources asked for, now. */
static void kv_fire(struct kv_vgpu *kv, const struct gvt_irqset_op *op)
{
	unsigned long flags;
	u32 i, s;

	spin_lock_irqsave(&kv->trigger_lock, flags);
	for (i = 0; i < op->count; i++) {
		s = op->start + i;
		if ((op->bools && !op->bools[i]) || !kv->trigger[s])
			continue;
		gvt_eventfd_signal(kv->trigger[s]);
		kv->status |= BIT_ULL(s);
	}
	spin_unlock_irqrestore(&kv->trigger_lock, flags);
}

static int kv_set_display_irq(struct kv_vgpu *kv,
			      const struct gvt_irqset_op *op)
{
	switch (op->action) {
	case GVT_IRQSET_ATTACH:
		return kv_attach(kv, op);
	case GVT_IRQSET_DETACH_ALL:
		kv_detach_all(kv, false);
		return 0;
	case GVT_IRQSET_FIRE:
		kv_fire(kv, op);
		return 0;
	case GVT_IRQSET_MASK:
	case GVT_IRQSET_UNMASK:
		return gvt_vgpu_mask(kv->vgpu, op->action == GVT_IRQSET_UNMASK,
				     op->start, op->count, op->bools);
	}
	return -EINVAL;
}

static int kv_set_req_irq(struct kv_vgpu *kv, const struct gvt_irqset_op *op)
{
	struct eventfd_ctx *ctx;
	int fd;

	switch (op->action) {
	case GVT_IRQSET_ATTACH:
		fd = gvt_irqset_fd(op, 0);
		ctx = NULL;
		if (fd >= 0) {
			ctx = eventfd_ctx_fdget(fd);
			if (IS_ERR(ctx))
				return PTR_ERR(ctx);
		}
		kv_set_req_trigger(kv, ctx);
		return 0;
	case GVT_IRQSET_DETACH_ALL:
		kv_set_req_trigger(kv, NULL);
		return 0;
	case GVT_IRQSET_FIRE:
		if (op->bools && !op->bools[0])
			return 0;
		mutex_lock(&kv->req_lock);
		if (kv->req_trigger)
			gvt_eventfd_signal(kv->req_trigger);
		mutex_unlock(&kv->req_lock);
		return 0;
	}
	return -EINVAL;
}

/* The pure decode speaks VFIO's numbers; keep them in step. */
static_assert(GVT_IRQSET_DATA_NONE == VFIO_IRQ_SET_DATA_NONE);
static_assert(GVT_IRQSET_DATA_BOOL == VFIO_IRQ_SET_DATA_BOOL);
static_assert(GVT_IRQSET_DATA_EVENTFD == VFIO_IRQ_SET_DATA_EVENTFD);
static_assert(GVT_IRQSET_ACTION_MASK == VFIO_IRQ_SET_ACTION_MASK);
static_assert(GVT_IRQSET_ACTION_UNMASK == VFIO_IRQ_SET_ACTION_UNMASK);
static_assert(GVT_IRQSET_ACTION_TRIGGER == VFIO_IRQ_SET_ACTION_TRIGGER);
static_assert(offsetofend(struct vfio_irq_set, count) == GVT_IRQSET_HDR_SIZE);
static_assert(GVT_IRQSET_EBADF == EBADF && GVT_IRQSET_EINVAL == EINVAL);

/*
 * VFIO_DEVICE_SET_IRQS on the display irq or the request irq: the VFIO
 * core's checks, then the pure decode of common/gvt_irqset.c decides the
 * operation; only carrying it out (eventfd look-ups, trigger swaps, masks
 * under the vGPU lock) is done here.
 */
static long kv_set_irqs(struct kv_vgpu *kv, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_set, count);
	struct gvt_irqset_hdr ghdr;
	struct gvt_irqset_op op;
	struct vfio_irq_set hdr;
	size_t data_size = 0;
	u32 nr, caps = 0;
	u8 *data = NULL;
	long ret;

	if (copy_from_user(&hdr, arg, minsz))
		return -EFAULT;
	if (hdr.index == KV_DISPLAY_IRQ) {
		nr = kv->nr_sources;
		caps = GVT_IRQSET_CAN_MASK;
	} else if (hdr.index == VFIO_PCI_REQ_IRQ_INDEX) {
		nr = 1;
	} else {
		return -EINVAL;
	}
	ret = vfio_set_irqs_validate_and_prepare(&hdr, nr, KV_NUM_IRQS,
						 &data_size);
	if (ret)
		return ret;
	if (data_size) {
		data = memdup_user(arg + minsz, data_size);
		if (IS_ERR(data))
			return PTR_ERR(data);
	}
	ghdr = (struct gvt_irqset_hdr){
		.argsz = hdr.argsz, .flags = hdr.flags, .index = hdr.index,
		.start = hdr.start, .count = hdr.count,
	};
	ret = gvt_irqset_decode(&ghdr, nr, caps, data, data_size, &op);
	if (ret)
		goto out;
	op.start = array_index_nospec(op.start, nr);
	if (hdr.index == KV_DISPLAY_IRQ)
		ret = kv_set_display_irq(kv, &op);
	else
		ret = kv_set_req_irq(kv, &op);
out:
	kfree(data);
	return ret;
}

static long kv_ioctl(struct vfio_device *vdev, unsigned int cmd,
		     unsigned long arg)
{
	struct kv_vgpu *kv = container_of(vdev, struct kv_vgpu, vdev);
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return kv_get_info(kv, uarg);
	case VFIO_DEVICE_GET_REGION_INFO:
		return kv_get_region_info(kv, uarg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return kv_get_irq_info(kv, uarg);
	case VFIO_DEVICE_SET_IRQS:
		return kv_set_irqs(kv, uarg);
	case VFIO_DEVICE_QUERY_GFX_PLANE:
		return kv_query_plane(kv, uarg);
	case VFIO_DEVICE_RESET:
		gvt_vgpu_reset(kv->vgpu);
		return 0;
	default:
		return -ENOTTY;
	}
}

/*
 * mmap of a view region: read-only, inside the region; the pages are the
 * aperture's under the surface the view is bound to now.  Rebinding the
 * view later does not move this mapping.
 */
static int kv_view_mmap(struct kv_vgpu *kv, struct vm_area_struct *vma,
			u32 index, u64 off)
{
	u64 len = vma->vm_end - vma->vm_start;
	struct gvt_plane_info surf;
	u32 size;
	int ret;

	if (vma->vm_flags & VM_WRITE)
		return -EACCES;
	index = array_index_nospec(index - KV_VIEW_REGION0,
				   KV_NUM_VIEW_REGIONS);
	mutex_lock(&kv->view_lock);
	size = kv->view[index / KV_VIEWS][index % KV_VIEWS].size;
	surf = kv->view[index / KV_VIEWS][index % KV_VIEWS].surf;
	if (off >= size || len > size - off) {
		ret = -EINVAL;
	} else {
		ret = gvt_vgpu_mem_mmap(kv->vgpu, vma, surf.offset + off);
		if (!ret)
			gvt_vm_flags_clear(vma, VM_MAYWRITE);
	}
	mutex_unlock(&kv->view_lock);
	return ret;
}

/*
 * mmap of the aperture region or of a view region, at its file offset
 * plus a page-aligned offset inside it; the other regions are not
 * mappable.
 */
static int kv_mmap(struct vfio_device *vdev, struct vm_area_struct *vma)
{
	struct kv_vgpu *kv = container_of(vdev, struct kv_vgpu, vdev);
	u64 index = vma->vm_pgoff >> (KV_OFFSET_SHIFT - PAGE_SHIFT);
	u64 pgoff = vma->vm_pgoff & (KV_OFFSET_MASK >> PAGE_SHIFT);

	if (index == KV_APERTURE_REGION)
		return gvt_vgpu_mem_mmap(kv->vgpu, vma, pgoff << PAGE_SHIFT);
	if (index >= KV_VIEW_REGION0 && index < KV_NUM_REGIONS)
		return kv_view_mmap(kv, vma, index, pgoff << PAGE_SHIFT);
	return -EINVAL;
}

static const struct vfio_device_ops kv_dev_ops = {
	.name = KV_NAME,
	.init = kv_init_dev,
	.release = kv_release_dev,
	.open_device = kv_open_device,
	.close_device = kv_close_device,
	.read = kv_read,
	.write = kv_write,
	.ioctl = kv_ioctl,
	.mmap = kv_mmap,
	.request = kv_request,
#ifdef GVT_HAVE_VFIO_IOMMUFD
	.bind_iommufd = vfio_iommufd_emulated_bind,
	.unbind_iommufd = vfio_iommufd_emulated_unbind,
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,
#endif
#ifdef GVT_HAVE_VFIO_DETACH_IOAS
	.detach_ioas = vfio_iommufd_emulated_detach_ioas,
#endif
};

static int kv_probe(struct mdev_device *mdev)
{
	struct kv_vgpu *kv;
	int ret;

	kv = vfio_alloc_device(kv_vgpu, vdev, &mdev->dev, &kv_dev_ops);
	if (IS_ERR(kv))
		return PTR_ERR(kv);
	ret = vfio_register_emulated_iommu_dev(&kv->vdev);
	if (ret) {
		vfio_put_device(&kv->vdev);
		return ret;
	}
	dev_set_drvdata(&mdev->dev, kv);
	return 0;
}

static void kv_remove(struct mdev_device *mdev)
{
	struct kv_vgpu *kv = dev_get_drvdata(&mdev->dev);

	vfio_unregister_group_dev(&kv->vdev);
	vfio_put_device(&kv->vdev);
}

static unsigned int kv_get_available(struct mdev_type *mtype)
{
	int used = atomic_read(&kv_instances);

	return used >= max_instances ? 0 : max_instances - used;
}

static ssize_t kv_show_description(struct mdev_type *mtype, char *buf)
{
	struct kv_type *type = container_of(mtype, struct kv_type, type);

	return sysfs_emit(buf, "heads=%u aperture=%lluMiB display-irq=eventfd-per-source\n",
			  type->heads,
			  (unsigned long long)(GVT_MPT_APERTURE_SIZE(type->heads) >> 20));
}

static struct mdev_driver kv_driver = {
	.device_api = VFIO_DEVICE_API_PCI_STRING,
	.driver = {
		.name = KV_NAME,
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
	},
	.probe = kv_probe,
	.remove = kv_remove,
	.get_available = kv_get_available,
	.show_description = kv_show_description,
};

static void kv_parent_release(struct device *dev)
{
	kfree(container_of(dev, struct kv_parent, dev));
}

static int __init kv_init(void)
{
	struct kv_parent *par;
	int ret;

	ret = mdev_register_driver(&kv_driver);
	if (ret)
		return ret;
	kv_class = gvt_class_create(KV_NAME);
	if (IS_ERR(kv_class)) {
		ret = PTR_ERR(kv_class);
		goto err_driver;
	}
	par = kzalloc(sizeof(*par), GFP_KERNEL);
	if (!par) {
		ret = -ENOMEM;
		goto err_class;
	}
	device_initialize(&par->dev);
	par->dev.class = kv_class;
	par->dev.release = kv_parent_release;
	ret = dev_set_name(&par->dev, "%s", KV_NAME);
	if (ret)
		goto err_put;
	ret = device_add(&par->dev);
	if (ret)
		goto err_put;
	ret = mdev_register_parent(&par->parent, &par->dev, &kv_driver,
				   kv_mdev_types, ARRAY_SIZE(kv_mdev_types));
	if (ret)
		goto err_del;
	kv_par = par;
	return 0;

err_del:
	device_del(&par->dev);
err_put:
	put_device(&par->dev);
err_class:
	class_destroy(kv_class);
err_driver:
	mdev_unregister_driver(&kv_driver);
	return ret;
}

static void __exit kv_exit(void)
{
	struct kv_parent *par = kv_par;

	kv_par = NULL;
	mdev_unregister_parent(&par->parent);
	device_unregister(&par->dev);
	class_destroy(kv_class);
	mdev_unregister_driver(&kv_driver);
}

module_init(kv_init);
module_exit(kv_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gvt-mpt KVM backend: VFIO mdev vGPU with a display refresh irq");
MODULE_SOFTDEP("pre: gvt_mpt");
