/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * gvt-mpt display refresh event: the contract between a mediated vGPU and
 * the host device model (QEMU or a Xen dom0 device model).
 *
 * MEANING
 *   A display event for a source (one plane of one pipe) means: "this
 *   plane's display should be updated".  It is raised at the emulated
 *   vblank that follows any change of what the plane shows: a page flip
 *   (synchronous or asynchronous), a cursor base, position or control
 *   update, a plane control or stride change, a pipe being switched on or
 *   off, and - for a guest that renders into a single framebuffer without
 *   ever flipping - at every vblank once the pipe has gone N vblanks
 *   without a flip.  It covers every update of the plane, so a consumer that
 *   receives the display irq may stop polling the framebuffer on a timer.
 *   A vblank at which a plane did not change raises nothing for it.
 *
 * SOURCES
 *   Source index = pipe * GVT_MPT_PLANES_PER_PIPE + plane, plane 0 being the
 *   primary plane and plane 1 the cursor.  A device with P pipes has 2 * P
 *   sources, numbered 0 .. 2P-1.
 *
 * VFIO (KVM)
 *   The display irq is a VFIO device irq at an index >= VFIO_PCI_NUM_IRQS.
 *   Find it by calling VFIO_DEVICE_GET_IRQ_INFO on each index past the PCI
 *   ones with struct gvt_mpt_irq_info (a struct vfio_irq_info followed by
 *   cap_offset): when GVT_MPT_IRQ_INFO_FLAG_CAPS is set in flags and argsz
 *   came back larger than what was passed, call again with that argsz; the
 *   capability chain starts at cap_offset (0 ends the chain, each header's
 *   next is an offset from the start of the info struct) exactly as for
 *   VFIO_DEVICE_GET_REGION_INFO.  The display irq carries a
 *   GVT_MPT_IRQ_INFO_CAP_TYPE capability with type GVT_MPT_IRQ_TYPE_GFX and
 *   subtype GVT_MPT_IRQ_SUBTYPE_GFX_DISPLAY_IRQ.  Its count is the number of
 *   sources, its flags are EVENTFD | MASKABLE | AUTOMASKED.
 *
 *   One eventfd carries all sources: an event on source s adds
 *   1 << shift(s) to the eventfd counter.  shift(s) is published per source
 *   by the optional GVT_MPT_IRQ_INFO_CAP_LAYOUT capability together with
 *   the DRM plane type (DRM_PLANE_TYPE_PRIMARY = 1, DRM_PLANE_TYPE_CURSOR =
 *   2) of the plane behind it.  A consumer that does not find the layout
 *   capability must treat every read of the eventfd as "refresh every
 *   plane".  This implementation's layout is GVT_MPT_SOURCE_SHIFT().
 *
 *   The irq is automasked per source: once a source has been signalled it
 *   is not signalled again until the consumer unmasks it.  Changes made
 *   while a source is masked are remembered and delivered at the first
 *   vblank after the unmask.  Hence each source's field in the counter is 0
 *   or 1 at every read: no carry into a neighbour, nothing lost, however
 *   long the consumer stalls.  A consumer refreshes the planes whose field
 *   is 1, then unmasks those sources.
 *
 *   VFIO_DEVICE_SET_IRQS on the display irq index:
 *     ACTION_TRIGGER | DATA_EVENTFD, start 0, count 1, data = fd: attach
 *       an eventfd (replacing any previous one); fd -1 detaches it.
 *     ACTION_TRIGGER | DATA_NONE, count 0: detach the eventfd.
 *     ACTION_MASK / ACTION_UNMASK | DATA_NONE, start, count: mask or
 *       unmask sources start .. start + count - 1.
 *     ACTION_MASK / ACTION_UNMASK | DATA_BOOL, start, count, data = count
 *       bytes: mask or unmask each source whose byte is non-zero.
 *   Masking is a per-source 0/1 state, not a counter.  To fall back to timer
 *   refresh, mask every source; to return to event refresh, unmask them.
 *   While no eventfd is attached changes stay pending (not lost) and are
 *   delivered at the first vblank after one is attached.
 *   Errors: EINVAL for a bad index, start, count, flags or argsz, or an
 *   open fd that is not an eventfd; EBADF for an fd that is not open (or
 *   a negative fd other than -1).
 */
#ifndef _UAPI_GVT_MPT_DISPLAY_H
#define _UAPI_GVT_MPT_DISPLAY_H

#include <linux/types.h>

#define GVT_MPT_MAX_PIPES		3
#define GVT_MPT_PLANES_PER_PIPE		2
#define GVT_MPT_MAX_SOURCES		(GVT_MPT_MAX_PIPES * GVT_MPT_PLANES_PER_PIPE)

#define GVT_MPT_PLANE_PRIMARY		0
#define GVT_MPT_PLANE_CURSOR		1

/* DRM plane types, as enum drm_plane_type in include/drm/drm_plane.h. */
#define GVT_MPT_DRM_PLANE_TYPE_PRIMARY	1
#define GVT_MPT_DRM_PLANE_TYPE_CURSOR	2

/* VFIO irq info extended with a capability chain. */
#define GVT_MPT_IRQ_INFO_FLAG_CAPS	0x10	/* bit 4, after NORESIZE */

/**
 * struct gvt_mpt_irq_info - VFIO_DEVICE_GET_IRQ_INFO argument with caps
 * @argsz: in: size of the buffer; out: size needed for the whole chain
 * @flags: VFIO_IRQ_INFO_* flags, plus GVT_MPT_IRQ_INFO_FLAG_CAPS
 * @index: irq index
 * @count: number of irqs (for the display irq: number of sources)
 * @cap_offset: offset of the first capability from the start of this
 *	struct, 0 if none was copied
 *
 * The first four fields are struct vfio_irq_info.
 */
struct gvt_mpt_irq_info {
	__u32 argsz;
	__u32 flags;
	__u32 index;
	__u32 count;
	__u32 cap_offset;
};

/* Capability ids in the irq-info namespace. */
#define GVT_MPT_IRQ_INFO_CAP_TYPE	1
#define GVT_MPT_IRQ_INFO_CAP_LAYOUT	2

#define GVT_MPT_IRQ_TYPE_GFX			1
#define GVT_MPT_IRQ_SUBTYPE_GFX_DISPLAY_IRQ	1

/**
 * struct gvt_mpt_irq_cap_header - capability header (as vfio_info_cap_header)
 * @id: GVT_MPT_IRQ_INFO_CAP_*
 * @version: capability version, 1
 * @next: offset of the next capability from the start of the info struct
 */
struct gvt_mpt_irq_cap_header {
	__u16 id;
	__u16 version;
	__u32 next;
};

/**
 * struct gvt_mpt_irq_cap_type - what this irq is
 * @header: id GVT_MPT_IRQ_INFO_CAP_TYPE, version 1
 * @type: GVT_MPT_IRQ_TYPE_GFX
 * @subtype: GVT_MPT_IRQ_SUBTYPE_GFX_DISPLAY_IRQ
 */
struct gvt_mpt_irq_cap_type {
	struct gvt_mpt_irq_cap_header header;
	__u32 type;
	__u32 subtype;
};

/**
 * struct gvt_mpt_irq_source - where one source lands in the eventfd counter
 * @shift: bit position of the source's field in the 64-bit counter
 * @width: field width in bits (8)
 * @plane_type: DRM plane type of the plane (GVT_MPT_DRM_PLANE_TYPE_*)
 * @pipe: pipe (CRTC) index
 */
struct gvt_mpt_irq_source {
	__u8 shift;
	__u8 width;
	__u8 plane_type;
	__u8 pipe;
};

/**
 * struct gvt_mpt_irq_cap_layout - the eventfd counter layout (optional)
 * @header: id GVT_MPT_IRQ_INFO_CAP_LAYOUT, version 1
 * @nr_sources: number of entries in @sources (equals the irq count)
 * @reserved: zero
 * @sources: one entry per source index
 */
struct gvt_mpt_irq_cap_layout {
	struct gvt_mpt_irq_cap_header header;
	__u32 nr_sources;
	__u32 reserved;
	struct gvt_mpt_irq_source sources[];
};

/* This implementation's layout: pipe A primary at 56, cursor at 48, ... */
#define GVT_MPT_SOURCE_WIDTH		8
#define GVT_MPT_SOURCE_SHIFT(src)	(56 - 8 * (src))
#define GVT_MPT_SOURCE(pipe, plane) \
	((pipe) * GVT_MPT_PLANES_PER_PIPE + (plane))

/**
 * gvt_mpt_event_encode() - counter increment for one event on @src
 * @src: source index, < GVT_MPT_MAX_SOURCES
 *
 * Return: the value added to the eventfd counter.
 */
static inline __u64 gvt_mpt_event_encode(unsigned int src)
{
	return (__u64)1 << GVT_MPT_SOURCE_SHIFT(src);
}

/**
 * gvt_mpt_event_decode() - one source's field of a counter value
 * @counter: value read from the eventfd
 * @src: source index, < GVT_MPT_MAX_SOURCES
 *
 * Return: the field (0 or 1 with automasking).
 */
static inline unsigned int gvt_mpt_event_decode(__u64 counter, unsigned int src)
{
	return (counter >> GVT_MPT_SOURCE_SHIFT(src)) & 0xff;
}

/**
 * gvt_mpt_event_sources() - bitmap (bit = source index) of a counter value
 * @counter: value read from the eventfd
 *
 * Return: bit s set when source s has a non-zero field.
 */
static inline __u32 gvt_mpt_event_sources(__u64 counter)
{
	__u32 mask = 0;
	unsigned int s;

	for (s = 0; s < GVT_MPT_MAX_SOURCES; s++)
		if (gvt_mpt_event_decode(counter, s))
			mask |= 1U << s;
	return mask;
}

#endif /* _UAPI_GVT_MPT_DISPLAY_H */
