// SPDX-License-Identifier: GPL-2.0
/*
 * The pure decode of VFIO_DEVICE_SET_IRQS on one irq; see gvt_irqset.h for
 * where it sits and uapi/gvt_mpt_display.h for the contract it implements.
 * Sub-indexes are what vfio-pci calls the vectors of an MSI-X irq; for the
 * display irq they are the sources.
 *
 *   ACTION_TRIGGER | DATA_EVENTFD, count >= 1: attach one fd per sub-index,
 *     fd -1 detaching it (EBADF for any other negative fd);
 *   ACTION_TRIGGER | DATA_NONE, count 0: detach every sub-index;
 *   ACTION_TRIGGER | DATA_NONE or DATA_BOOL, count >= 1: loopback;
 *   ACTION_MASK / ACTION_UNMASK | DATA_NONE or DATA_BOOL, count >= 1, on
 *     a maskable irq: mask or unmask start .. start + count - 1 (with
 *     DATA_BOOL, those whose byte is non-zero);
 *   anything else: EINVAL.
 */
#include "gvt_irqset.h"

#define FD_NONE		0xffffffffU	/* (u32)-1: detach */

/* Size of one data element of data type @dtype. */
static u32 elem_size(u32 dtype)
{
	switch (dtype) {
	case GVT_IRQSET_DATA_BOOL:
		return 1;
	case GVT_IRQSET_DATA_EVENTFD:
		return 4;
	default:
		return 0;
	}
}

/* Exactly one bit of @v is set. */
static int one_bit(u32 v)
{
	return v && !(v & (v - 1));
}

/* The u32 at @data in native byte order, as memcpy() would read it. */
static u32 read_u32(const u8 *data)
{
	u32 v;
	u8 *p = (u8 *)&v;
	u32 i;

	for (i = 0; i < sizeof(v); i++)
		p[i] = data[i];
	return v;
}

/**
 * gvt_irqset_fd() - fd @i of an ATTACH operation
 * @op: an operation gvt_irqset_decode() returned with GVT_IRQSET_ATTACH
 * @i: index in the operation, < @op->count
 *
 * Return: the fd (>= 0) to attach to sub-index @op->start + @i, or -1 to
 * detach it.
 */
int gvt_irqset_fd(const struct gvt_irqset_op *op, u32 i)
{
	u32 fd = read_u32(op->fds + 4 * i);

	return fd == FD_NONE ? -1 : (int)fd;
}

static int decode_trigger(const struct gvt_irqset_hdr *hdr, u32 dtype,
			  const u8 *data, struct gvt_irqset_op *op)
{
	u32 i, fd;

	if (hdr->count == 0) {
		if (dtype != GVT_IRQSET_DATA_NONE)
			return -GVT_IRQSET_EINVAL;
		op->action = GVT_IRQSET_DETACH_ALL;
		return 0;
	}
	op->start = hdr->start;
	op->count = hdr->count;
	if (dtype != GVT_IRQSET_DATA_EVENTFD) {
		op->action = GVT_IRQSET_FIRE;
		if (dtype == GVT_IRQSET_DATA_BOOL)
			op->bools = data;
		return 0;
	}
	for (i = 0; i < hdr->count; i++) {
		fd = read_u32(data + 4 * i);
		if ((fd & 0x80000000U) && fd != FD_NONE)
			return -GVT_IRQSET_EBADF;
	}
	op->action = GVT_IRQSET_ATTACH;
	op->fds = data;
	return 0;
}

/**
 * gvt_irqset_decode() - decide what a VFIO_DEVICE_SET_IRQS request does
 * @hdr: the request's header, as copied from the caller; its index has
 *	already chosen the irq this call decodes for
 * @nr_irqs: the irq's count (number of sub-indexes)
 * @caps: GVT_IRQSET_CAN_MASK if the irq is maskable, else 0
 * @data: the request's data (the bytes after the header), or NULL when
 *	@data_size is 0
 * @data_size: bytes at @data; must be @hdr->count times the data type's
 *	element size (1 for DATA_BOOL, 4 for DATA_EVENTFD, 0 for DATA_NONE)
 * @op: where the operation goes; untouched on error
 *
 * Checks what the VFIO core checks (argsz, flags, range, data size) and
 * the irq's own rules: one action and one data type, no unknown flag,
 * start and count inside @nr_irqs without overflow, count 0 only to detach
 * everything, no eventfd for mask and unmask, mask and unmask only on a
 * maskable irq.  An accepted operation other than DETACH_ALL has 1 <= count
 * <= @nr_irqs - start, and its bools or fds point into @data.
 *
 * Return: 0 with @op filled, -GVT_IRQSET_EBADF for a negative fd other
 * than -1, -GVT_IRQSET_EINVAL for any other bad request.
 */
int gvt_irqset_decode(const struct gvt_irqset_hdr *hdr, u32 nr_irqs,
		      u32 caps, const u8 *data, u32 data_size,
		      struct gvt_irqset_op *op)
{
	u32 action = hdr->flags & GVT_IRQSET_ACTION_TYPE_MASK;
	u32 dtype = hdr->flags & GVT_IRQSET_DATA_TYPE_MASK;
	struct gvt_irqset_op out = { 0 };
	u64 need;
	int ret;

	if (hdr->argsz < GVT_IRQSET_HDR_SIZE ||
	    (hdr->flags & ~(GVT_IRQSET_DATA_TYPE_MASK |
			    GVT_IRQSET_ACTION_TYPE_MASK)) ||
	    !one_bit(action) || !one_bit(dtype))
		return -GVT_IRQSET_EINVAL;
	if (hdr->start >= nr_irqs || hdr->count > nr_irqs - hdr->start)
		return -GVT_IRQSET_EINVAL;
	need = (u64)hdr->count * elem_size(dtype);
	if (hdr->argsz - GVT_IRQSET_HDR_SIZE < need || data_size != need ||
	    (need && !data))
		return -GVT_IRQSET_EINVAL;

	if (action == GVT_IRQSET_ACTION_TRIGGER) {
		ret = decode_trigger(hdr, dtype, data, &out);
		if (ret)
			return ret;
	} else {
		if (!(caps & GVT_IRQSET_CAN_MASK) ||
		    dtype == GVT_IRQSET_DATA_EVENTFD || hdr->count == 0)
			return -GVT_IRQSET_EINVAL;
		out.action = action == GVT_IRQSET_ACTION_UNMASK ?
			     GVT_IRQSET_UNMASK : GVT_IRQSET_MASK;
		out.start = hdr->start;
		out.count = hdr->count;
		if (dtype == GVT_IRQSET_DATA_BOOL)
			out.bools = data;
	}
	*op = out;
	return 0;
}
