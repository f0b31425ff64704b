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
 *   update (CURCNTR holds the cursor's size and format), a change of the
 *   plane's control (enable, pixel format, tiling), stride, size or
 *   position, a change of the pipe's source size (both of its planes), a
 *   pipe being switched on or off (both of its planes), and the guest
 *   drawing into the live surface of the primary plane (seen by write
 *   tracking, or refreshed at every vblank by the single-framebuffer
 *   heuristic: REFRESH MODES).  It covers every update of the plane but
 *   drawing into a cursor image without a CURBASE write (which a driver
 *   does not do: a new image is a new buffer) and, with the heuristic off
 *   (N 0), drawing into a still primary plane; so a consumer that
 *   receives the display irq may stop polling the framebuffer on a timer.
 *   A vblank at which a plane did not change raises nothing for it.
 *
 * REFRESH MODES
 *   Registers do not show a guest drawing into the surface being scanned
 *   out (a single-buffered guest, or one that stopped flipping).  A vGPU
 *   learns of it in one of two ways; the refresh capability (VFIO) or
 *   GVT_XENGT_INFO (Xen) says which:
 *   - write tracking (GVT_MPT_REFRESH_WRITE_TRACKING): once a pipe has gone
 *     N vblanks (at least 1) without a flip, the module write-protects
 *     the live surface of its primary plane and raises the primary source
 *     at the first vblank at least 1 ms after the guest's first write to
 *     it, with damage saying where (the writes that follow before that
 *     vblank join the same event).  A pipe whose primary shows the same
 *     memory (a mirror) is told of the writes too.  A still
 *     plane raises nothing, and a pipe that keeps flipping is never
 *     watched (its flips tell).  Where the guest rewrites most of the
 *     surface at every frame, watching costs more than refreshing; the
 *     module then refreshes that pipe at every vblank instead (damage
 *     GVT_MPT_DAMAGE_FULL) and watches again once the redrawing stops
 *     (a few seconds later).
 *   - the single-framebuffer heuristic (flag clear): once a pipe has gone
 *     N vblanks without a flip, its primary source is raised at every
 *     vblank until the next flip.  N is single_fb_vblanks; 0 disables it.
 *
 * DAMAGE
 *   With each primary or cursor event the consumer may learn what part of
 *   the plane changed, and copy only that: struct gvt_mpt_damage, read
 *   and cleared per source (VFIO: a record in the status region, see the
 *   damage capability; Xen: GVT_XENGT_TAKE_DAMAGE).  A source's damage
 *   gathers every change since its previous read, whatever the events,
 *   masks and reads of the status did meanwhile; reading it clears it.
 *   - flags 0, nr_rects 0: nothing shown changed since the last read (an
 *     event whose change an earlier read already returned).
 *   - GVT_MPT_DAMAGE_FULL: copy the whole plane; what it shows changed in
 *     a way rectangles do not describe: a flip, a new geometry, format or
 *     position, the plane or pipe switched on or off (a device reset that
 *     switches it off too), a heuristic refresh, or the first read after
 *     the device was opened (a new user starts with FULL on every
 *     source).  nr_rects is then 0.
 *   - otherwise nr_rects (1..GVT_MPT_DAMAGE_MAX_RECTS) rectangles, in the
 *     plane's pixels (0,0 its top left pixel, inside width x height of
 *     the plane query), disjoint and sorted by y, cover every pixel the
 *     guest may have written.  Write tracking sees whole pages, so
 *     rectangles are bands of whole lines and may cover more than was
 *     written, never less.
 *   - GVT_MPT_DAMAGE_MOVED (cursor): only CURPOS changed in the registers
 *     (nr_rects 0 and no FULL): redraw the cursor at its new position from
 *     the image already copied.  It may come with FULL.  The cursor image
 *     itself is not write-tracked (see MEANING).
 *
 *
 * SOURCES
 *   An irq sub-index (VFIO) or a bit/count index (Xen) is a source: one
 *   plane of one pipe.  The device says how many sources it has (the irq
 *   count, or GVT_XENGT_INFO) and what each one is (the sources capability
 *   below, or GVT_XENGT_INFO): a consumer hard-codes neither.  A device has
 *   at most 64 sources (the status is a 64-bit bitmap).  This
 *   implementation numbers them pipe * 2 + plane, plane 0 the primary plane
 *   and plane 1 the cursor, with up to GVT_MPT_MAX_PIPES pipes; those
 *   constants describe gvt-mpt's devices, not the contract.
 *
 *   Every source is automasked: once an event has been delivered on it, it
 *   is not delivered again until the consumer unmasks it.  Changes made
 *   while a source is masked are remembered and delivered at the first
 *   vblank after the unmask, once: nothing is lost and nothing is counted
 *   twice, however long the consumer stalls.  Masking is a per-source 0/1
 *   state, not a counter.  To fall back to timer refresh, mask every source;
 *   to return to event refresh, unmask them.  While an unmasked source has
 *   no consumer attached its changes stay pending and are delivered at the
 *   first vblank after one is attached.  Detaching keeps masks, pending
 *   changes and the status.
 *
 * VFIO (KVM): FINDING THE DISPLAY IRQ
 *   The display irq is a device-specific VFIO irq at an index >=
 *   VFIO_PCI_NUM_IRQS (gvt-mpt's is VFIO_PCI_NUM_IRQS).  For each index from
 *   VFIO_PCI_NUM_IRQS to num_irqs - 1 (VFIO_DEVICE_GET_INFO), zero a buffer
 *   that starts with struct gvt_mpt_irq_info, set argsz to its size (at
 *   least sizeof(struct gvt_mpt_irq_info)) and index, and call
 *   VFIO_DEVICE_GET_IRQ_INFO.  A device with a capability chain for that
 *   irq either copies it and sets cap_offset (the offset of the first
 *   capability from the start of the buffer), or, when the buffer is too
 *   small, copies no chain, leaves cap_offset 0 and sets argsz to the size
 *   needed: call again with a buffer that large.  A device without one (any
 *   upstream VFIO device) writes neither cap_offset nor argsz.  No flag
 *   bit of vfio_irq_info is used: upstream VFIO defines none for this.
 *   Each capability header's next is the offset of the following one from
 *   the start of the buffer, 0 for the last; check every offset against
 *   argsz.  Skip capabilities whose id you do not know; a higher version of
 *   a capability only appends fields.  The display irq's chain holds:
 *     GVT_MPT_IRQ_INFO_CAP_TYPE     type GVT_MPT_IRQ_TYPE_GFX, subtype
 *                                   GVT_MPT_IRQ_SUBTYPE_GFX_DISPLAY_IRQ: the
 *                                   irq is the display irq only if this
 *                                   capability is present;
 *     GVT_MPT_IRQ_INFO_CAP_SOURCES  per source its pipe and DRM plane type
 *                                   (a consumer that does not find it
 *                                   refreshes every plane on any event);
 *     GVT_MPT_IRQ_INFO_CAP_STATUS   where the read-and-clear status is;
 *     GVT_MPT_IRQ_INFO_CAP_REFRESH  the refresh mode (see REFRESH MODES);
 *     GVT_MPT_IRQ_INFO_CAP_DAMAGE   where each source's damage record is
 *                                   (a consumer that does not find it
 *                                   copies whole planes).
 *   Its count is the number of sources and its flags are EVENTFD | MASKABLE
 *   | AUTOMASKED.  All fields are in host byte order.
 *
 * VFIO (KVM): DELIVERY
 *   As vfio-pci's MSI-X vectors: sub-index s of the display irq is source
 *   s, and each source has its own eventfd.  A delivery on source s adds 1
 *   to the eventfd attached to s and sets bit s of the status.  A consumer
 *   may attach one eventfd per source (it then knows the source from the
 *   eventfd that became readable and never needs the status), or one
 *   eventfd to several or all sources for a single wakeup source; on each
 *   wakeup it then reads the eventfd, reads the status (which clears it),
 *   refreshes the planes whose bit is set and unmasks those sources.  That
 *   order is required: a delivery made between the two reads shows in this
 *   status and adds 1 to the eventfd again, so the next wakeup may find an
 *   empty status (harmless); read the other way round, a delivery between
 *   the reads would be cleared from the eventfd but not yet seen in the
 *   status, and its source would stay masked for good.
 *
 * VFIO (KVM): THE STATUS
 *   The GVT_MPT_IRQ_INFO_CAP_STATUS capability names a device region (a
 *   VFIO region index >= VFIO_PCI_NUM_REGIONS, never a BAR: the guest cannot
 *   see it) and an offset in it.  pread() of 8 bytes at the region's file
 *   offset (vfio_region_info.offset of that region index) plus that offset
 *   returns struct gvt_mpt_display_status and clears the bits it returned;
 *   a delivery made during the read stays set for the next one, and a read
 *   that fails (EFAULT) clears nothing.  The region is read-only, not
 *   mmap-able and carries no type capability: it is found only through the
 *   irq capability.  Other sizes or offsets fail with EINVAL.
 *
 * VFIO (KVM): DAMAGE RECORDS
 *   The GVT_MPT_IRQ_INFO_CAP_DAMAGE capability names a region (the status
 *   region), the offset of source 0's record in it and the record size;
 *   source s's record is at file offset vfio_region_info.offset (of that
 *   region) + offset + s * record_size: take all three from the
 *   capability, never hard-code them.  pread() of len bytes at a
 *   record's start, len >= 8, returns the first min(len, record_size)
 *   bytes of struct gvt_mpt_damage and clears the record.  If the
 *   rectangles do not all fit in len bytes, FULL is returned instead of
 *   them (nr_rects 0): a consumer that knows a shorter struct loses
 *   nothing.  A read that fails (EFAULT) leaves FULL in the record.  Any
 *   other offset, or len below 8, is EINVAL.  A later version may grow
 *   record_size, appending fields.  Read the status first, then the
 *   records of the sources it names, then unmask them.  Damage belongs to
 *   the device, as the status does: it is meant for one consumer, and a
 *   second one reading records takes damage from the first.
 *   VFIO_DEVICE_QUERY_GFX_PLANE names no pipe (it describes the first pipe
 *   whose primary plane is shown): a consumer of it takes the primary
 *   records of every source that fired and copies the union, and copies
 *   the whole plane when the query gives another region index.
 *
 * VFIO (KVM): VFIO_DEVICE_SET_IRQS ON THE DISPLAY IRQ
 *   ACTION_TRIGGER | DATA_EVENTFD, start, count, data = count __s32 fds:
 *     attach fd[i] to source start + i, replacing what it had; fd -1
 *     detaches that source.  All or nothing: on error no source changes.
 *   ACTION_TRIGGER | DATA_NONE, count 0: detach every source.
 *   ACTION_TRIGGER | DATA_NONE, start, count >= 1 (or DATA_BOOL, data =
 *     count bytes): loopback, as for vfio-pci: signal now the eventfd of
 *     each of those sources (whose byte is non-zero) that has one, and set
 *     its status bit, whatever its mask; the display state is untouched.
 *   ACTION_MASK / ACTION_UNMASK | DATA_NONE, start, count >= 1: mask or
 *     unmask sources start .. start + count - 1.
 *   ACTION_MASK / ACTION_UNMASK | DATA_BOOL, start, count >= 1, data =
 *     count bytes: mask or unmask each of those sources whose byte is
 *     non-zero.
 *   Errors: EINVAL for a bad index, start, count, flags or argsz, or an
 *   open fd that is not an eventfd; EBADF for an fd that is not open (or a
 *   negative fd other than -1).  A failed call changes nothing.
 *
 * VFIO (KVM): THE DEVICE
 *   Opening and closing the device reset the vGPU entirely: registers,
 *   masks (all unmasked), pending changes, the status and every eventfd
 *   (all detached).  Nothing of one user reaches the next.
 *   VFIO_DEVICE_RESET resets the registers only: the consumer's eventfds,
 *   masks and pending changes survive a guest reboot.
 *   There is no error irq: VFIO_DEVICE_GET_IRQ_INFO on
 *   VFIO_PCI_ERR_IRQ_INDEX fails with EINVAL, as vfio-pci's for a device
 *   that is not PCI Express.
 *   The request irq (VFIO_PCI_REQ_IRQ_INDEX, count 1, EVENTFD) is signalled
 *   when the mdev is being removed while the device is open (again every
 *   10 s while it stays open): the user should close the device.
 *   ACTION_TRIGGER | DATA_EVENTFD, start 0, count 1 attaches its eventfd
 *   (-1 detaches), DATA_NONE count 0 detaches, DATA_NONE count 1 or
 *   DATA_BOOL signals it (loopback).
 *
 * DISPLAY MEMORY (both transports)
 *   Each vGPU has display memory, its aperture, that the guest draws into:
 *   GVT_MPT_APERTURE_SIZE(heads) bytes (16 MiB for one head, 64 MiB for
 *   three; the mdev type's description says it too).  Plane surfaces are
 *   offsets in it.  Memory is allocated a page at a time when first
 *   touched (a fault of a mapping, a write; a read through the kernel or
 *   pread of a page never touched returns zeros and allocates nothing), so
 *   an idle vGPU costs no memory.  A new user (VFIO: open and close of the
 *   device; Xen: CREATE) finds it all zero: each user gets memory of its
 *   own and the previous user's pages are freed once nothing maps them.
 *   Nothing outside the aperture is ever read or written.
 *
 * VFIO (KVM): THE APERTURE REGION
 *   Region GVT_MPT_APERTURE_REGION (VFIO_PCI_BAR2_REGION_INDEX), as GVT-g
 *   exposes its aperture: flags READ | WRITE | MMAP, size the aperture
 *   size; in config space BAR2 is a 64-bit prefetchable memory BAR of that
 *   size (BAR2 and BAR3; writing all ones reads back the size mask).
 *   pread()/pwrite() of any length at any offset inside the region work;
 *   a range reaching past it (or a zero length) is EINVAL.
 *   mmap() of the device fd at the region's offset plus a page-aligned
 *   offset in it: MAP_SHARED only (MAP_PRIVATE, a range past the region or
 *   an unaligned offset is EINVAL); the mapping cannot grow (mremap) and is
 *   left out of core dumps.  A mapping holds the device file, so the device
 *   is not closed (and not reset for a new user) while it exists.  Should
 *   a mapping outlive its user all the same, it keeps only the pages that
 *   user touched, which hold its own pixels, and gets SIGBUS for any other
 *   page: it never reaches a new user's memory.
 *   The display memory is the guest's: VFIO_DEVICE_RESET keeps it (as a
 *   GPU reset keeps video memory); only a new user gets it zeroed.
 *
 * VFIO (KVM): THE PLANE QUERY (VFIO_DEVICE_QUERY_GFX_PLANE)
 *   Region flavour only; there is no GPU memory to export as a DMABUF.
 *   - flags VFIO_GFX_PLANE_TYPE_PROBE | VFIO_GFX_PLANE_TYPE_REGION: 0.
 *     PROBE with DMABUF, DMABUF alone, or any other flag: EINVAL (QEMU's
 *     probe takes any error as "not this method" and tries the next).
 *   - flags VFIO_GFX_PLANE_TYPE_REGION with drm_plane_type 1 (primary)
 *     or 2 (cursor); 0 also means the primary plane (QEMU's region path
 *     asks with 0); any other type: EINVAL.  argsz must reach
 *     region_index (else EINVAL); the fields up to region_index are
 *     written back.  The plane described is that of the first pipe whose
 *     primary plane is shown (pipe A when none is): the query has no
 *     pipe field.
 *   - A plane that shows nothing (pipe or plane off, a format or tiling
 *     not shown, a surface not wholly inside the aperture): drm_format,
 *     size and every other output 0.
 *   - A plane shown: drm_format (DRM_FORMAT_XRGB8888 or ARGB8888 for the
 *     primary plane, or XBGR8888/ABGR8888 with PLANE_CTL's RGBX order;
 *     ARGB8888 for the cursor), drm_format_mod 0 (linear),
 *     width, height, stride (bytes), x_pos/y_pos (the plane's position on
 *     the pipe; a cursor partly off the top or left has a negative one,
 *     stored as two's complement), x_hot/y_hot 0 (known, not the
 *     0xffffffff of "no hot spot": a hardware cursor's position is that
 *     of its top left pixel, so the hot spot is that pixel), size and
 *     region_index.
 *   - region_index names a view region (>= VFIO_PCI_NUM_REGIONS; do not
 *     hard-code it): read-only (flags READ | MMAP; an mmap with PROT_WRITE
 *     is EACCES, a write EINVAL, a pread reaching past the end is short),
 *     size bytes long, whose byte 0 is the
 *     surface's first pixel: stride * height bytes page-aligned, or less
 *     where the aperture ends first (always past the last pixel).  Each
 *     plane has two view regions; a query returns the one it returned
 *     last if that still shows this surface (same offset, format and
 *     geometry) and otherwise binds the other one to it.  So the index
 *     changes whenever the plane shows another surface (a flip, a new
 *     mode), and a consumer that maps the region it is given, and maps
 *     again when the index changes, always shows the live surface.  A
 *     mapping is never moved: once a view is rebound, a mapping made
 *     before still shows the old surface, i.e. the pixels at its offset
 *     now.  Open and close unbind both views (size 0).
 *   - The views belong to the device, not to a file: the guarantee above
 *     holds for one consumer that queries (as QEMU is).  A second one
 *     querying the same device rebinds the views under the first, which
 *     may then be given the index it has mapped for another surface.
 *   - Each new surface is a new region, so QEMU maps it afresh and
 *     replaces its display surface at every flip; cheap at the flip rates
 *     of a desktop, but a full remap per flip.
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
#define GVT_MPT_DRM_PLANE_TYPE_OVERLAY	0
#define GVT_MPT_DRM_PLANE_TYPE_PRIMARY	1
#define GVT_MPT_DRM_PLANE_TYPE_CURSOR	2

/*
 * Display memory (the aperture) of a vGPU with @heads pipes: 16 MiB for one
 * head, 64 MiB for two or three.  A power of two.
 */
#define GVT_MPT_APERTURE_SIZE(heads) \
	((heads) > 1 ? (__u64)64 << 20 : (__u64)16 << 20)
/* The VFIO region (and PCI BAR) of the aperture: VFIO_PCI_BAR2_REGION_INDEX. */
#define GVT_MPT_APERTURE_REGION		2

/* gvt-mpt's source index of (@pipe, @plane). */
#define GVT_MPT_SOURCE(pipe, plane) \
	((pipe) * GVT_MPT_PLANES_PER_PIPE + (plane))

/**
 * gvt_mpt_source_bit() - bit of source @src in a source bitmap
 * @src: any source index
 *
 * Return: 1 << @src, or 0 for an index a 64-bit bitmap cannot hold.
 */
static inline __u64 gvt_mpt_source_bit(__u32 src)
{
	return src < 64 ? (__u64)1 << src : 0;
}

/**
 * struct gvt_mpt_irq_info - VFIO_DEVICE_GET_IRQ_INFO argument with caps
 * @argsz: in: size of the buffer; out: unchanged, or, when the chain did
 *	not fit, the size needed for it (call again with that size)
 * @flags: out: VFIO_IRQ_INFO_* flags
 * @index: in: irq index
 * @count: out: number of irqs (for the display irq: number of sources)
 * @cap_offset: out: offset of the first capability from the start of this
 *	struct, 0 if none was copied (zero it before the call)
 * @pad: out: zero
 *
 * The first four fields are struct vfio_irq_info.
 */
struct gvt_mpt_irq_info {
	__u32 argsz;
	__u32 flags;
	__u32 index;
	__u32 count;
	__u32 cap_offset;
	__u32 pad;
};

/* Capability ids in the irq-info namespace. */
#define GVT_MPT_IRQ_INFO_CAP_TYPE	1
#define GVT_MPT_IRQ_INFO_CAP_SOURCES	2
#define GVT_MPT_IRQ_INFO_CAP_STATUS	3
#define GVT_MPT_IRQ_INFO_CAP_REFRESH	4
#define GVT_MPT_IRQ_INFO_CAP_DAMAGE	5

#define GVT_MPT_IRQ_TYPE_GFX			1
#define GVT_MPT_IRQ_SUBTYPE_GFX_DISPLAY_IRQ	1

/**
 * struct gvt_mpt_irq_cap_header - capability header (as vfio_info_cap_header)
 * @id: GVT_MPT_IRQ_INFO_CAP_*
 * @version: capability version, 1
 * @next: offset of the next capability from the start of the info struct,
 *	0 for the last
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
 * struct gvt_mpt_irq_source - what one source (irq sub-index) is
 * @pipe: pipe (CRTC) index
 * @plane_type: DRM plane type of the plane (GVT_MPT_DRM_PLANE_TYPE_*)
 * @reserved: zero (room for a plane index should a pipe ever have two
 *	planes of one type)
 */
struct gvt_mpt_irq_source {
	__u8 pipe;
	__u8 plane_type;
	__u8 reserved[2];
};

/**
 * struct gvt_mpt_irq_cap_sources - one entry per source
 * @header: id GVT_MPT_IRQ_INFO_CAP_SOURCES, version 1
 * @nr_sources: number of entries in @sources (equals the irq count)
 * @reserved: zero
 * @sources: entry s describes source (sub-index) s
 */
struct gvt_mpt_irq_cap_sources {
	struct gvt_mpt_irq_cap_header header;
	__u32 nr_sources;
	__u32 reserved;
	struct gvt_mpt_irq_source sources[];
};

/**
 * struct gvt_mpt_irq_cap_status - where the read-and-clear status is
 * @header: id GVT_MPT_IRQ_INFO_CAP_STATUS, version 1
 * @region_index: VFIO region index of the status (>= VFIO_PCI_NUM_REGIONS)
 * @reserved: zero
 * @offset: offset of struct gvt_mpt_display_status inside that region
 */
struct gvt_mpt_irq_cap_status {
	struct gvt_mpt_irq_cap_header header;
	__u32 region_index;
	__u32 reserved;
	__u64 offset;
};

/* struct gvt_mpt_irq_cap_refresh flags (REFRESH MODES above). */
#define GVT_MPT_REFRESH_WRITE_TRACKING	0x1

/**
 * struct gvt_mpt_irq_cap_refresh - how the vGPU sees a still pipe drawn
 * @header: id GVT_MPT_IRQ_INFO_CAP_REFRESH, version 1
 * @flags: GVT_MPT_REFRESH_WRITE_TRACKING when write tracking watches the
 *	live surface of a pipe that stopped flipping; clear when the
 *	single-framebuffer heuristic refreshes it at every vblank; other
 *	bits zero.  Fixed for as long as the device stays open.
 * @single_fb_vblanks: N: flip-less vblanks after which a pipe is watched
 *	(write tracking; 0 acts as 1) or refreshed at every vblank
 *	(heuristic; 0 means never)
 */
struct gvt_mpt_irq_cap_refresh {
	struct gvt_mpt_irq_cap_header header;
	__u32 flags;
	__u32 single_fb_vblanks;
};

/**
 * struct gvt_mpt_irq_cap_damage - where the damage records are (VFIO)
 * @header: id GVT_MPT_IRQ_INFO_CAP_DAMAGE, version 1
 * @region_index: VFIO region index holding the records (the status region)
 * @record_size: bytes between two records, at least sizeof(struct
 *	gvt_mpt_damage); a read asking for more returns this many
 * @offset: offset of source 0's record inside that region
 * @max_rects: entries of a record's @rects array, GVT_MPT_DAMAGE_MAX_RECTS
 *	in this version; a later one with more appends a new array after
 *	the fields of this one (and says so here), never moves @rects
 * @reserved: zero
 */
struct gvt_mpt_irq_cap_damage {
	struct gvt_mpt_irq_cap_header header;
	__u32 region_index;
	__u32 record_size;
	__u64 offset;
	__u32 max_rects;
	__u32 reserved;
};

/* Most rectangles one damage record holds. */
#define GVT_MPT_DAMAGE_MAX_RECTS	4

/* struct gvt_mpt_damage flags (DAMAGE above). */
#define GVT_MPT_DAMAGE_FULL		0x1
#define GVT_MPT_DAMAGE_MOVED		0x2

/**
 * struct gvt_mpt_rect - a rectangle of a plane, in its pixels
 * @x: left column
 * @y: top line
 * @width: columns, at least 1
 * @height: lines, at least 1
 */
struct gvt_mpt_rect {
	__u32 x;
	__u32 y;
	__u32 width;
	__u32 height;
};

/**
 * struct gvt_mpt_damage - what changed in a plane since the last read
 * @flags: GVT_MPT_DAMAGE_FULL, GVT_MPT_DAMAGE_MOVED; other bits zero
 * @nr_rects: rectangles in @rects, 0 with FULL
 * @rects: the changed parts of the plane, disjoint, sorted by @y; entries
 *	from @nr_rects on are zero
 *
 * Both transports return this layout (VFIO: pread() of a damage record;
 * Xen: inside struct gvt_xengt_damage).
 */
struct gvt_mpt_damage {
	__u32 flags;
	__u32 nr_rects;
	struct gvt_mpt_rect rects[GVT_MPT_DAMAGE_MAX_RECTS];
};

/**
 * struct gvt_mpt_display_status - the read-and-clear status (VFIO)
 * @sources: bit s (gvt_mpt_source_bit()) set when an event was delivered on
 *	source s since the previous read; host byte order
 */
struct gvt_mpt_display_status {
	__u64 sources;
};

#endif /* _UAPI_GVT_MPT_DISPLAY_H */
