/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * gvt-mpt XenGT: the dom0 misc device /dev/mpt_xengt through which a Xen
 * device model creates vGPUs, forwards its guests' display MMIO and
 * receives their display refresh events on an event channel.
 *
 * The meaning of an event and the source numbering are those of
 * uapi/gvt_mpt_display.h; only the transport differs from VFIO.
 *
 * OWNERSHIP
 *   Every open file of /dev/mpt_xengt owns the vGPUs it created: up to
 *   GVT_XENGT_MAX_VGPUS_PER_FD of them, named by a small id (0, 1, ...)
 *   that CREATE returns and that is only meaningful on that file.
 *   Closing the file destroys its vGPUs (and closes their ports).
 *   All ioctls are serialised per file.  CREATE always makes a new vGPU in
 *   its power-on state (an id freed by DESTROY may come back, naming a new
 *   vGPU), and nothing of a destroyed vGPU survives it: nothing of one user
 *   reaches the next.
 *
 * EVENT TRANSPORT
 *   An event channel carries one bit, so the set of sources travels beside
 *   it.  The module owns its end of the channel: GVT_XENGT_ALLOC_PORT
 *   allocates a new dom0 port (EVTCHNOP_alloc_unbound, offered to domain 0,
 *   the device model's domain) and returns its number; the device model
 *   binds it with libxenevtchn, xenevtchn_bind_interdomain(xce, 0, port),
 *   which gives its own end, and hands that end's number to
 *   GVT_XENGT_BIND_PORT.  The module checks with Xen (EVTCHNOP_status) that
 *   its port is connected to exactly that dom0 port, and only then sends on
 *   it.  There is no way to make the module send on, or bind, a port it did
 *   not allocate: it never binds a port by number.
 *
 *   When an event is delivered on a source, the module adds 1 to that
 *   source's count (saturating at 255) and sends on the channel.  The
 *   consumer, woken by its end (xenevtchn_pending, then xenevtchn_unmask),
 *   calls GVT_XENGT_READ_AND_CLEAR, which returns and zeroes every count
 *   and the bitmap of the sources with a non-zero count, refreshes those
 *   planes and unmasks those sources with GVT_XENGT_UNMASK.  Read the
 *   counts after unmasking the port, never before: a send made meanwhile
 *   then wakes the consumer again, so nothing is missed.  Xen marks a
 *   newly bound end pending (EVTCHNOP_bind_interdomain), so the device
 *   model's end wakes once right after xenevtchn_bind_interdomain: take
 *   that wake before BIND_PORT (the module sends nothing before it); after
 *   BIND_PORT every wake is a send of the module's.
 *
 *   Sources are automasked exactly as with VFIO: once delivered a source
 *   is not delivered again until it is unmasked; changes while masked are
 *   kept pending and delivered at the first vblank after the unmask.  So a
 *   count is 0 or 1 unless the consumer unmasks a source without reading
 *   its count first (it is then 2: the count is a number of deliveries,
 *   exactly as the counter of a source's eventfd with VFIO).  The number
 *   of sources and what each one is come from CREATE and GVT_XENGT_INFO.
 *
 *   A delivery needs a connected channel: with none (no port, a port not
 *   yet bound, or one whose device model end is gone) changes of unmasked
 *   sources stay pending and are delivered at the first vblank after a
 *   BIND_PORT.  The counts play the part of VFIO's read-and-clear status:
 *   UNBIND_PORT keeps them, like the masks and pending changes, and a
 *   BIND_PORT that finds counts not yet read sends on the new channel at
 *   once, so a device model that replaces its channel learns of every
 *   delivery made before.  Nothing is lost.
 *
 *   The module checks the channel before every send and at every
 *   ALLOC_PORT, BIND_PORT, UNBIND_PORT and INFO.  If the device model's
 *   end is closed (it exits, or calls xenevtchn_unbind), Xen makes the
 *   module's port unbound again; the module notices at the first of those
 *   checks, closes its port (EVTCHNOP_close) so that no other process can
 *   bind it, and sends nothing more: INFO then reports GVT_XENGT_NO_PORT,
 *   BIND_PORT fails (EBADF) and a new ALLOC_PORT gives a new port (no
 *   UNBIND_PORT needed), on which the counts gathered before are announced
 *   at its BIND_PORT.  UNBIND_PORT closes the module's port too; the
 *   device model's end is then an unbound port: close it
 *   (xenevtchn_unbind).
 *
 *   Xen's access control stops at the domain: any dom0 process allowed to
 *   use /dev/xen/evtchn can bind an unbound port offered to dom0.  Both
 *   windows are short and checked: between ALLOC_PORT and the device
 *   model's bind (if another process binds the port first, the device
 *   model's bind fails, BIND_PORT with any other end fails (EPERM), the
 *   module never sends there, and a new ALLOC_PORT closes that port and
 *   gives a new one), and between the close of the device model's end and
 *   the module's next check (a process that binds the port then and is
 *   given the very number the device model's end had cannot be told from
 *   it: Xen reports only numbers; it would get wakeups, never the counts,
 *   which stay behind this file).  This device is root-only (0600), as is
 *   /dev/xen/evtchn.
 *
 * IOCTL NUMBERS AND ARGUMENTS
 *   As VFIO's: every ioctl is _IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE +
 *   n), so the size of its argument is not part of the number, and its
 *   argument is a pointer to a struct that starts with
 *     argsz  in: the size of the caller's buffer: the fixed part (sizeof
 *            the struct) plus any trailing array.  Read first, on its own:
 *            argsz below the fixed part is EINVAL and nothing else is read.
 *     flags  in: the GVT_XENGT_* flags defined for that ioctl; an unknown
 *            bit is EINVAL.
 *   Every struct has explicit padding (pad fields: in, must be zero, else
 *   EINVAL), no implicit hole and a size that is a multiple of 8, so its
 *   layout is the same for 32-bit and 64-bit callers.  A trailing array
 *   starts right after the fixed part and holds as many entries as argsz
 *   leaves room for; each struct below says how many its ioctl needs and
 *   what it does with fewer.  The module reads and writes only the fixed
 *   part and the entries it uses; bytes past them are ignored and left
 *   untouched.  The fixed part of a struct never grows: a later version
 *   gives meaning to new fields (and, for a struct with a trailing array,
 *   says where the array then starts) only under a new flag bit, which
 *   this version refuses, so an old module never ignores something a
 *   caller relies on and never reads new fields as array entries.
 *   Output fields are written on success only (INFO's argsz included),
 *   except that an EFAULT met while writing a result may leave part of it
 *   written; the input fields of the fixed part come back unchanged.
 *   Checked in this order: argsz, flags and pad (EINVAL), the vGPU id
 *   (ENOENT), then what the ioctl itself checks.
 *
 *   Magic 0xE6: free in Documentation/userspace-api/ioctl/ioctl-number.rst
 *   of Linux 6.12 (between 0xE5 fuse and 0xEC cros_ec) and used as an ioctl
 *   type by no header of that tree.  This header uses sequence numbers
 *   0x00-0x0e and keeps 0x00-0x1f for itself ("0xE6 00-1F" to register
 *   upstream).  The earlier _IOW/_IOWR numbers of this header are no
 *   longer accepted (ENOTTY).
 *
 * DISPLAY MEMORY
 *   The display memory (aperture) of vGPU id, GVT_MPT_APERTURE_SIZE(heads)
 *   bytes (uapi/gvt_mpt_display.h: allocated when touched, all zero for a
 *   new vGPU), is mapped with mmap() of this file at file offset
 *   GVT_XENGT_MMAP_OFFSET(id) plus a page-aligned offset inside the
 *   aperture (a 64-bit off_t: -D_FILE_OFFSET_BITS=64 on 32-bit callers).
 *   MAP_SHARED only.  EINVAL: MAP_PRIVATE, an id >= GVT_XENGT_MAX_VGPUS_PER_FD,
 *   a range reaching past the aperture; ENOENT: no vGPU with that id on this
 *   file.  The mapping cannot grow (mremap) and is left out of core dumps.
 *   A mapping belongs to the vGPU it was made for: after DESTROY (or the
 *   id's reuse by a new CREATE) it keeps the pages that vGPU touched, which
 *   hold its pixels, until munmap, gets SIGBUS for any other page
 *   and never reaches the new vGPU's memory; the memory is freed at the
 *   last munmap.
 *
 *   What a plane shows comes from GVT_XENGT_QUERY_PLANE (struct
 *   gvt_xengt_plane): the module decodes the plane's registers, all read
 *   at one instant (never half a flip), into a DRM format, a size, a
 *   stride, a position and the offset of the surface in the aperture,
 *   which is also its offset in the mapping of the whole aperture at
 *   GVT_XENGT_MMAP_OFFSET(id).  A device model maps the aperture once and,
 *   on each refresh event of a plane, queries it and reads the pixels at
 *   that offset.  The primary plane's surface is the live one
 *   (PLANE_SURFLIVE): a sync flip shows from the vblank that completes it,
 *   the vblank whose event announces it.  Read the surface only when
 *   visible is 1: the module then guarantees that every line of it lies
 *   inside the aperture.  With visible 0 the other fields still say what
 *   the registers hold (a plane being set up, a surface past the end of
 *   the aperture), but nothing is to be shown and the surface must not be
 *   read.  The guest may flip again while the pixels are being read:
 *   query after the event, as with any scanout.
 *
 * ERRORS (negative errno from ioctl(), errno set)
 *   ENOTTY  unknown ioctl number.
 *   EFAULT  bad argument pointer (the fixed part, a trailing array, or
 *           where the output goes; READ_AND_CLEAR then keeps the counts).
 *   EINVAL  argsz below the fixed part; unknown flags or non-zero pad;
 *           heads not in 1..3; a domid at or above DOMID_FIRST_RESERVED
 *           (0x7ff0); a bad source range
 *           (start/count/overflow/count 0), or GVT_XENGT_MASK_BOOL with
 *           argsz too small for count bytes; a bad register offset,
 *           alignment or size (size must be 4); QUERY_PLANE or TAKE_DAMAGE
 *           of a pipe the vGPU does not have or of a plane other than
 *           GVT_MPT_PLANE_PRIMARY and GVT_MPT_PLANE_CURSOR.
 *   EPERM   write to a read-only register; BIND_PORT naming a port that
 *           is not the one connected to the module's port (another dom0
 *           process bound the module's port first, or a wrong number).
 *   ESRCH   the domid names no existing domain (asked of Xen at CREATE
 *           with EVTCHNOP_status on that domain, which fails for a
 *           domain that does not exist).
 *   ENOENT  no vGPU with this id on this file (never created, or
 *           destroyed).
 *   EBADF   BIND_PORT on a vGPU with no port of the module's: never
 *           allocated, or closed since (UNBIND_PORT, or the module saw
 *           the device model's end closed): ALLOC_PORT first.
 *   EBUSY   ALLOC_PORT or BIND_PORT on a vGPU whose channel is still
 *           connected (UNBIND_PORT first).
 *   ENOTCONN BIND_PORT while nobody has bound the module's port yet;
 *           UNBIND_PORT on a vGPU without a port.
 *   ENOSPC  this file already owns GVT_XENGT_MAX_VGPUS_PER_FD vGPUs, or
 *           the module's vGPU limit (parameter max_vgpus) is reached.
 *   ENOMEM  out of memory.
 *   ALLOC_PORT passes on any other error of Xen's EVTCHNOP_alloc_unbound
 *   (e.g. ENOSPC: dom0 has no free port left).
 *   A failed ioctl changes nothing (noticing that the device model's end
 *   is gone, and closing the module's port then, is not a change made by
 *   the ioctl: the next send would have done it).
 */
#ifndef _UAPI_GVT_MPT_XENGT_H
#define _UAPI_GVT_MPT_XENGT_H

#include <linux/ioctl.h>
#include <linux/types.h>

#include "gvt_mpt_display.h"

#define GVT_XENGT_DEVICE		"/dev/mpt_xengt"
#define GVT_XENGT_MAX_VGPUS_PER_FD	16
/* No vGPU has more sources than a READ_AND_CLEAR bitmap has bits. */
#define GVT_XENGT_MAX_SOURCES		64

/* mmap() file offset of the display memory of vGPU @id (see above). */
#define GVT_XENGT_MMAP_SHIFT		32
#define GVT_XENGT_MMAP_OFFSET(id)	((__u64)(id) << GVT_XENGT_MMAP_SHIFT)

#define GVT_XENGT_IOCTL_MAGIC		0xE6
#define GVT_XENGT_BASE			0x00

/**
 * struct gvt_xengt_create - GVT_XENGT_CREATE argument
 * @argsz: in: at least sizeof(struct gvt_xengt_create)
 * @flags: in: zero
 * @domid: in: the guest domain the vGPU belongs to (must exist)
 * @heads: in: number of pipes, 1..3
 * @id: out: the vGPU id on this file
 * @nr_sources: out: number of event sources, 2 * @heads
 *
 * Creates a vGPU in its power-on state: registers zero, every source
 * unmasked, nothing pending, every count zero, no port.
 */
struct gvt_xengt_create {
	__u32 argsz;
	__u32 flags;
	__u32 domid;
	__u32 heads;
	__u32 id;
	__u32 nr_sources;
};

/**
 * struct gvt_xengt_vgpu - argument of the ioctls that name a vGPU only
 * @argsz: in: at least sizeof(struct gvt_xengt_vgpu)
 * @flags: in: zero
 * @id: in: the vGPU id
 * @pad: in: zero
 *
 * For GVT_XENGT_DESTROY, GVT_XENGT_UNBIND_PORT and GVT_XENGT_RESET.
 */
struct gvt_xengt_vgpu {
	__u32 argsz;
	__u32 flags;
	__u32 id;
	__u32 pad;
};

/**
 * struct gvt_xengt_port - GVT_XENGT_ALLOC_PORT and GVT_XENGT_BIND_PORT
 *	argument
 * @argsz: in: at least sizeof(struct gvt_xengt_port)
 * @flags: in: zero
 * @id: in: the vGPU id
 * @port: ALLOC_PORT: out: the module's new port, unbound and offered to
 *	domain 0, to bind with xenevtchn_bind_interdomain(xce, 0, @port)
 *	(not read on input).  BIND_PORT: in: the device model's end, the port
 *	number xenevtchn_bind_interdomain returned
 */
struct gvt_xengt_port {
	__u32 argsz;
	__u32 flags;
	__u32 id;
	__u32 port;
};

/* MASK/UNMASK: @bools follows; change only sources whose byte is non-zero. */
#define GVT_XENGT_MASK_BOOL		0x1

/**
 * struct gvt_xengt_mask - GVT_XENGT_MASK and GVT_XENGT_UNMASK argument
 * @argsz: in: at least sizeof(struct gvt_xengt_mask), plus @count with
 *	GVT_XENGT_MASK_BOOL (EINVAL otherwise)
 * @flags: in: 0 or GVT_XENGT_MASK_BOOL
 * @id: in: the vGPU id
 * @start: in: first source
 * @count: in: number of sources (>= 1, @start + @count <= nr_sources)
 * @pad: in: zero
 * @bools: in: with GVT_XENGT_MASK_BOOL, @count bytes, one per source from
 *	@start; without it not read
 *
 * Same semantics as VFIO_DEVICE_SET_IRQS ACTION_MASK/ACTION_UNMASK with
 * DATA_NONE (no flag) or DATA_BOOL (GVT_XENGT_MASK_BOOL).  Masking is a
 * per-source 0/1 state, not a counter.
 */
struct gvt_xengt_mask {
	__u32 argsz;
	__u32 flags;
	__u32 id;
	__u32 start;
	__u32 count;
	__u32 pad;
	__u8 bools[];
};

/**
 * struct gvt_xengt_events - GVT_XENGT_READ_AND_CLEAR argument
 * @argsz: in: at least sizeof(struct gvt_xengt_events); what lies beyond
 *	is room for @counts
 * @flags: in: zero
 * @id: in: the vGPU id
 * @nr_sources: out: number of sources of the vGPU
 * @sources: out: bit s (gvt_mpt_source_bit(s), uapi/gvt_mpt_display.h)
 *	set when source s had a non-zero count, for every source, whether
 *	its count fits in @counts or not
 * @counts: out: deliveries on source s since the last read (0 or 1 when
 *	the consumer reads before it unmasks; saturates at 255), for s below
 *	nr_sources and below argsz - sizeof(struct gvt_xengt_events); the
 *	bytes past those are not written
 *
 * Every count is cleared, also those @counts had no room for: a consumer
 * that needs only the bitmap passes argsz = sizeof(struct
 * gvt_xengt_events).  If the result cannot be written (EFAULT) the counts
 * are kept, added to anything delivered meanwhile.
 */
struct gvt_xengt_events {
	__u32 argsz;
	__u32 flags;
	__u32 id;
	__u32 nr_sources;
	__u64 sources;
	__u8 counts[];
};

/**
 * struct gvt_xengt_reg - GVT_XENGT_REG_READ / GVT_XENGT_REG_WRITE argument
 * @argsz: in: at least sizeof(struct gvt_xengt_reg)
 * @flags: in: zero
 * @id: in: the vGPU id
 * @size: in: access size in bytes, 4
 * @offset: in: register offset in the vGPU's BAR0 (uapi/gvt_mpt_regs.h);
 *	this is the host path, strict: EINVAL for an offset that is not a
 *	register, EPERM for a write of a read-only one (a device model that
 *	forwards a guest's probing wants the guest path's manners itself)
 * @value: in (write) or out (read): the register value
 * @pad: in: zero
 */
struct gvt_xengt_reg {
	__u32 argsz;
	__u32 flags;
	__u32 id;
	__u32 size;
	__u64 offset;
	__u32 value;
	__u32 pad;
};

/**
 * struct gvt_xengt_source - what one event source is
 * @pipe: pipe (CRTC) index
 * @plane_type: DRM plane type (GVT_MPT_DRM_PLANE_TYPE_PRIMARY/_CURSOR)
 */
struct gvt_xengt_source {
	__u32 pipe;
	__u32 plane_type;
};

/**
 * struct gvt_xengt_info - GVT_XENGT_INFO argument
 * @argsz: in: size of the buffer; out: if that is below sizeof(struct
 *	gvt_xengt_info) + nr_sources * sizeof(struct gvt_xengt_source), that
 *	size, and no entry of @sources is written (call again with it);
 *	else unchanged
 * @flags: in: zero
 * @id: in: the vGPU id
 * @domid: out: the guest domain given at CREATE
 * @nr_sources: out: number of sources; bit s of a READ_AND_CLEAR bitmap,
 *	its counts[s] and @sources[s] describe source s
 * @port: out: the device model's end of the connected channel (the port
 *	BIND_PORT was given), or GVT_XENGT_NO_PORT (no port, a port not yet
 *	bound, or the device model's end is gone)
 * @sources: out: one entry per source, when argsz leaves room for all
 *
 * As VFIO_DEVICE_GET_REGION_INFO with capabilities: the fixed part is
 * always filled; the entries only when they all fit.
 */
struct gvt_xengt_info {
	__u32 argsz;
	__u32 flags;
	__u32 id;
	__u32 domid;
	__u32 nr_sources;
	__u32 port;
	struct gvt_xengt_source sources[];
};

#define GVT_XENGT_NO_PORT		0xffffffffU

/*
 * The formats QUERY_PLANE reports: DRM_FORMAT_* of <drm/drm_fourcc.h>,
 * for callers without that header.  Bytes of a pixel in memory: B, G, R, X
 * (or A) for XRGB8888 (ARGB8888); R, G, B, X (or A) for XBGR8888
 * (ABGR8888).
 */
#define GVT_XENGT_DRM_FORMAT_XRGB8888	0x34325258U	/* 'X' 'R' '2' '4' */
#define GVT_XENGT_DRM_FORMAT_ARGB8888	0x34325241U	/* 'A' 'R' '2' '4' */
#define GVT_XENGT_DRM_FORMAT_XBGR8888	0x34324258U	/* 'X' 'B' '2' '4' */
#define GVT_XENGT_DRM_FORMAT_ABGR8888	0x34324241U	/* 'A' 'B' '2' '4' */

/**
 * struct gvt_xengt_plane - GVT_XENGT_QUERY_PLANE argument
 * @argsz: in: at least sizeof(struct gvt_xengt_plane); bytes past it are
 *	ignored and not written
 * @flags: in: zero
 * @id: in: the vGPU id
 * @pipe: in: pipe index, below the vGPU's heads
 * @plane: in: GVT_MPT_PLANE_PRIMARY or GVT_MPT_PLANE_CURSOR
 *	(uapi/gvt_mpt_display.h)
 * @visible: out: 1 when the plane shows its surface: the pipe and the
 *	plane are on, the format is one of those above, the surface is
 *	linear, @stride holds a line and the whole surface lies inside the
 *	aperture; 0 otherwise.  With 0 the other out fields still say what
 *	the registers hold, but the surface must not be read
 * @drm_format: out: DRM fourcc of the pixels, one of the
 *	GVT_XENGT_DRM_FORMAT_* above (4 bytes per pixel, little-endian); the
 *	cursor's is ARGB8888 whenever its mode is a known one; 0 for a
 *	format the model does not show
 * @width: out: width in pixels: PLANE_SIZE bits 15:0 plus 1 (bits 31:16
 *	plus 1 for @height) of the primary plane, the mode
 *	size (64, 128 or 256) of the cursor, 0 for an unknown cursor mode
 * @height: out: height in lines, as @width says
 * @stride: out: bytes from the first pixel of one line to that of the
 *	next: PLANE_STRIDE * 64 of the primary plane, @width * 4 of the cursor
 * @x: out: position on the pipe of the plane's top left pixel: PLANE_POS
 *	of the primary plane, CURPOS of the cursor (which may be negative:
 *	a cursor partly off the pipe's left or top edge)
 * @y: out: see @x
 * @offset: out: offset of the surface's first pixel in the vGPU's
 *	aperture, i.e. in a mapping of the whole aperture at
 *	GVT_XENGT_MMAP_OFFSET(@id): PLANE_SURFLIVE (the surface being
 *	scanned out, not one armed for the next vblank) of the primary
 *	plane, CURBASE of the cursor, 4 KiB aligned.  The surface is the
 *	@height lines of @width * 4 bytes from here, @stride bytes apart
 *
 * The fixed part has no pad field: its fields fill 56 bytes with no hole.
 */
struct gvt_xengt_plane {
	__u32 argsz;
	__u32 flags;
	__u32 id;
	__u32 pipe;
	__u32 plane;
	__u32 visible;
	__u32 drm_format;
	__u32 width;
	__u32 height;
	__u32 stride;
	__s32 x;
	__s32 y;
	__u64 offset;
};

/**
 * struct gvt_xengt_refresh - GVT_XENGT_REFRESH_MODE argument
 * @argsz: in: at least sizeof(struct gvt_xengt_refresh)
 * @flags: in: zero
 * @id: in: the vGPU id
 * @refresh_flags: out: the refresh mode (REFRESH MODES in
 *	uapi/gvt_mpt_display.h): GVT_MPT_REFRESH_WRITE_TRACKING or 0, fixed
 *	for the vGPU's life
 * @single_fb_vblanks: out: N of that mode
 * @pad: out: zero
 */
struct gvt_xengt_refresh {
	__u32 argsz;
	__u32 flags;
	__u32 id;
	__u32 refresh_flags;
	__u32 single_fb_vblanks;
	__u32 pad;
};

/**
 * struct gvt_xengt_damage - GVT_XENGT_TAKE_DAMAGE argument
 * @argsz: in: at least sizeof(struct gvt_xengt_damage); bytes past it
 *	are ignored and not written
 * @flags: in: zero
 * @id: in: the vGPU id
 * @pipe: in: pipe index, below the vGPU's heads
 * @plane: in: GVT_MPT_PLANE_PRIMARY or GVT_MPT_PLANE_CURSOR
 * @pad: in: zero
 * @damage: out: what changed in the plane since its damage was last
 *	taken (DAMAGE in uapi/gvt_mpt_display.h); taking it clears it.  If
 *	the result cannot be written (EFAULT) the plane's damage becomes
 *	GVT_MPT_DAMAGE_FULL, so nothing is lost
 */
struct gvt_xengt_damage {
	__u32 argsz;
	__u32 flags;
	__u32 id;
	__u32 pipe;
	__u32 plane;
	__u32 pad;
	struct gvt_mpt_damage damage;
};

/* Argument: struct gvt_xengt_create. */
#define GVT_XENGT_CREATE	_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 0)
/* Argument: struct gvt_xengt_vgpu.  Destroys the vGPU, closes its port. */
#define GVT_XENGT_DESTROY	_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 1)
/*
 * Argument: struct gvt_xengt_port, @port in: the device model's end.
 * Connects the channel the device model bound to the module's port (see
 * EVENT TRANSPORT); sends at once if counts are left unread.
 */
#define GVT_XENGT_BIND_PORT	_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 2)
/*
 * Argument: struct gvt_xengt_vgpu.  Closes the module's port (connected or
 * not); the counts, masks and pending changes stay.
 */
#define GVT_XENGT_UNBIND_PORT	_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 3)
/* Argument: struct gvt_xengt_mask. */
#define GVT_XENGT_MASK		_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 4)
/* Argument: struct gvt_xengt_mask. */
#define GVT_XENGT_UNMASK	_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 5)
/* Argument: struct gvt_xengt_events. */
#define GVT_XENGT_READ_AND_CLEAR _IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 6)
/* Argument: struct gvt_xengt_reg. */
#define GVT_XENGT_REG_READ	_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 7)
/* Argument: struct gvt_xengt_reg. */
#define GVT_XENGT_REG_WRITE	_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 8)
/* Argument: struct gvt_xengt_info. */
#define GVT_XENGT_INFO		_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 9)
/*
 * Argument: struct gvt_xengt_vgpu.  Device reset (a guest reboot): the
 * registers return to zero, so a pipe that was on is switched off, a change
 * delivered like any other.  Masks, pending changes, the counts not yet
 * read and the port stay: the device model's state outlives the guest's.
 */
#define GVT_XENGT_RESET		_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 10)
/*
 * Argument: struct gvt_xengt_plane.  What a plane of a vGPU shows now (see
 * DISPLAY MEMORY above); changes nothing.
 */
#define GVT_XENGT_QUERY_PLANE	_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 11)
/*
 * Argument: struct gvt_xengt_damage.  Takes (returns and clears) the damage
 * of a plane; read it after READ_AND_CLEAR names the plane's source, before
 * unmasking it.
 */
#define GVT_XENGT_TAKE_DAMAGE	_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 12)
/* Argument: struct gvt_xengt_refresh.  How the vGPU sees a still pipe drawn. */
#define GVT_XENGT_REFRESH_MODE	_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 13)
/*
 * Argument: struct gvt_xengt_port, @port out.  A new port of the module for
 * the device model to bind (see EVENT TRANSPORT); closes the vGPU's earlier
 * port if that one was never connected or its device model end is gone.
 */
#define GVT_XENGT_ALLOC_PORT	_IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 14)

#endif /* _UAPI_GVT_MPT_XENGT_H */
