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
 *   Closing the file destroys its vGPUs (and unbinds their ports).
 *   All ioctls are serialised per file.
 *
 * EVENT TRANSPORT
 *   An event channel carries one bit, so the set of sources travels beside
 *   it.  The device model allocates an unbound port with libxenevtchn,
 *   xenevtchn_bind_unbound_port(xce, 0) (remote domain 0: the module runs
 *   in dom0 too), and hands its number to GVT_XENGT_BIND_PORT.  The module
 *   binds an interdomain channel to it.  When an event is delivered on a
 *   source, the module adds 1 to that source's count (saturating at 255)
 *   and sends on the channel.  The consumer, woken by the port
 *   (xenevtchn_pending, then xenevtchn_unmask), calls
 *   GVT_XENGT_READ_AND_CLEAR, which returns and zeroes every count and the
 *   bitmap of the sources with a non-zero count, refreshes those planes and
 *   unmasks those sources with GVT_XENGT_UNMASK.  Read the counts after
 *   unmasking the port, never before: a send made meanwhile then wakes the
 *   consumer again, so nothing is missed.
 *
 *   Sources are automasked exactly as with VFIO: once delivered a source
 *   is not delivered again until it is unmasked; changes while masked are
 *   kept pending and delivered at the first vblank after the unmask.  So a
 *   count is 0 or 1 unless the consumer unmasks a source without reading
 *   its count first (it is then 2: the count is a number of deliveries,
 *   exactly as the eventfd counter field of VFIO).
 *
 *   With no port bound, changes stay pending and are delivered at the first
 *   vblank after a port is bound.  UNBIND_PORT drops the counts not yet
 *   read (like closing an eventfd): a consumer that binds a port should
 *   unmask every source.  The module checks with Xen (EVTCHNOP_status)
 *   that the port is an unbound dom0 port offered to dom0; it cannot tell
 *   which dom0 process allocated it, hence the device is root-only (0600).
 *   After UNBIND_PORT the device model's port is unbound again and may be
 *   bound anew.  At BIND_PORT the module's end of the channel
 *   starts pending in Xen; this stays inside the module, the device model's
 *   port receives nothing until the first delivery.
 *
 * ERRORS (negative errno from ioctl(), errno set)
 *   ENOTTY  unknown ioctl number.
 *   EFAULT  bad argument pointer.
 *   EINVAL  non-zero flags/reserved fields, heads not in 1..3, a domid at
 *           or above DOMID_FIRST_RESERVED (0x7ff0), a port number Xen
 *           rejects, a bad source range (start/count/overflow/count 0),
 *           a bad register offset, alignment or size (size must be 4).
 *   EPERM   write to a read-only register; port unbound for another
 *           domain than dom0.
 *   ESRCH   the domid names no existing domain (asked of Xen at CREATE
 *           with EVTCHNOP_status on that domain, which fails for a
 *           domain that does not exist).
 *   ENOENT  no vGPU with this id on this file (never created, or
 *           destroyed).
 *   EBADF   the port is closed (not allocated).
 *   EBUSY   BIND_PORT on a vGPU that already has a port; a port that is
 *           not unbound (already connected, or a VIRQ/IPI/PIRQ port).
 *   ENOTCONN UNBIND_PORT on a vGPU without a port.
 *   ENOSPC  this file already owns GVT_XENGT_MAX_VGPUS_PER_FD vGPUs, or
 *           the module's vGPU limit (parameter max_vgpus) is reached.
 *   ENOMEM  out of memory.
 *   BIND_PORT passes on any other error of Xen's EVTCHNOP_bind_interdomain
 *   or of the irq binding (e.g. ENOSPC: dom0 has no free port left).
 *   A failed ioctl changes nothing.
 */
#ifndef _UAPI_GVT_MPT_XENGT_H
#define _UAPI_GVT_MPT_XENGT_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define GVT_XENGT_DEVICE		"/dev/mpt_xengt"
#define GVT_XENGT_MAX_VGPUS_PER_FD	16
/* Array size for per-source data: at least GVT_MPT_MAX_SOURCES (6). */
#define GVT_XENGT_SOURCES		8

#define GVT_XENGT_IOCTL_MAGIC		0xE6

/**
 * struct gvt_xengt_create - GVT_XENGT_CREATE argument
 * @domid: in: the guest domain the vGPU belongs to (must exist)
 * @heads: in: number of pipes, 1..3
 * @flags: in: zero
 * @id: out: the vGPU id on this file
 * @nr_sources: out: number of event sources, 2 * @heads
 * @reserved: zero
 */
struct gvt_xengt_create {
	__u32 domid;
	__u32 heads;
	__u32 flags;
	__u32 id;
	__u32 nr_sources;
	__u32 reserved;
};

/**
 * struct gvt_xengt_vgpu - argument of the ioctls that name a vGPU only
 * @id: the vGPU id
 * @flags: zero
 */
struct gvt_xengt_vgpu {
	__u32 id;
	__u32 flags;
};

/**
 * struct gvt_xengt_port - GVT_XENGT_BIND_PORT argument
 * @id: the vGPU id
 * @port: the device model's unbound port (remote domain 0)
 * @flags: zero
 * @reserved: zero
 */
struct gvt_xengt_port {
	__u32 id;
	__u32 port;
	__u32 flags;
	__u32 reserved;
};

/* Use @bools: change only sources whose byte is non-zero. */
#define GVT_XENGT_MASK_BOOL		0x1

/**
 * struct gvt_xengt_mask - GVT_XENGT_MASK and GVT_XENGT_UNMASK argument
 * @id: the vGPU id
 * @flags: 0 or GVT_XENGT_MASK_BOOL
 * @start: first source
 * @count: number of sources (>= 1, start + count <= nr_sources)
 * @bools: with GVT_XENGT_MASK_BOOL, one byte per source from @start
 *
 * Same semantics as VFIO_DEVICE_SET_IRQS ACTION_MASK/ACTION_UNMASK with
 * DATA_NONE (no flag) or DATA_BOOL (GVT_XENGT_MASK_BOOL).  Masking is a
 * per-source 0/1 state, not a counter.
 */
struct gvt_xengt_mask {
	__u32 id;
	__u32 flags;
	__u32 start;
	__u32 count;
	__u8 bools[GVT_XENGT_SOURCES];
};

/**
 * struct gvt_xengt_events - GVT_XENGT_READ_AND_CLEAR argument
 * @id: in: the vGPU id
 * @flags: in: zero
 * @sources: out: bit s set when @count[s] is non-zero
 * @nr_sources: out: number of sources of the vGPU
 * @count: out: deliveries per source since the last read (0 or 1 when
 *	the consumer reads before it unmasks; saturates at 255)
 */
struct gvt_xengt_events {
	__u32 id;
	__u32 flags;
	__u32 sources;
	__u32 nr_sources;
	__u8 count[GVT_XENGT_SOURCES];
};

/**
 * struct gvt_xengt_reg - GVT_XENGT_REG_READ / GVT_XENGT_REG_WRITE argument
 * @id: the vGPU id
 * @size: access size in bytes, 4
 * @offset: register offset in the vGPU's BAR0 (uapi/gvt_mpt_regs.h)
 * @value: in (write) or out (read): the register value
 * @flags: zero
 */
struct gvt_xengt_reg {
	__u32 id;
	__u32 size;
	__u64 offset;
	__u32 value;
	__u32 flags;
};

/**
 * struct gvt_xengt_source - what one event source is
 * @plane_type: DRM plane type (GVT_MPT_DRM_PLANE_TYPE_PRIMARY/_CURSOR)
 * @pipe: pipe (CRTC) index
 * @reserved: zero
 */
struct gvt_xengt_source {
	__u8 plane_type;
	__u8 pipe;
	__u8 reserved[2];
};

/**
 * struct gvt_xengt_info - GVT_XENGT_INFO argument
 * @id: in: the vGPU id
 * @flags: in: zero
 * @domid: out: the guest domain given at CREATE
 * @nr_sources: out: number of sources; bit s of a READ_AND_CLEAR bitmap
 *	and @sources[s] describe source s
 * @port: out: the bound device model port, or GVT_XENGT_NO_PORT
 * @reserved: zero
 * @sources: out: one entry per source
 */
struct gvt_xengt_info {
	__u32 id;
	__u32 flags;
	__u32 domid;
	__u32 nr_sources;
	__u32 port;
	__u32 reserved;
	struct gvt_xengt_source sources[GVT_XENGT_SOURCES];
};

#define GVT_XENGT_NO_PORT		0xffffffffU

#define GVT_XENGT_CREATE	_IOWR(GVT_XENGT_IOCTL_MAGIC, 0x00, struct gvt_xengt_create)
#define GVT_XENGT_DESTROY	_IOW(GVT_XENGT_IOCTL_MAGIC, 0x01, struct gvt_xengt_vgpu)
#define GVT_XENGT_BIND_PORT	_IOW(GVT_XENGT_IOCTL_MAGIC, 0x02, struct gvt_xengt_port)
#define GVT_XENGT_UNBIND_PORT	_IOW(GVT_XENGT_IOCTL_MAGIC, 0x03, struct gvt_xengt_vgpu)
#define GVT_XENGT_MASK		_IOW(GVT_XENGT_IOCTL_MAGIC, 0x04, struct gvt_xengt_mask)
#define GVT_XENGT_UNMASK	_IOW(GVT_XENGT_IOCTL_MAGIC, 0x05, struct gvt_xengt_mask)
#define GVT_XENGT_READ_AND_CLEAR _IOWR(GVT_XENGT_IOCTL_MAGIC, 0x06, struct gvt_xengt_events)
#define GVT_XENGT_REG_READ	_IOWR(GVT_XENGT_IOCTL_MAGIC, 0x07, struct gvt_xengt_reg)
#define GVT_XENGT_REG_WRITE	_IOW(GVT_XENGT_IOCTL_MAGIC, 0x08, struct gvt_xengt_reg)
#define GVT_XENGT_INFO		_IOWR(GVT_XENGT_IOCTL_MAGIC, 0x09, struct gvt_xengt_info)
/* Device reset: registers to 0; masks, pending events and the port stay. */
#define GVT_XENGT_RESET		_IOW(GVT_XENGT_IOCTL_MAGIC, 0x0a, struct gvt_xengt_vgpu)

#endif /* _UAPI_GVT_MPT_XENGT_H */
