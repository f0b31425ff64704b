// SPDX-License-Identifier: GPL-2.0
/*
 * The pure decode of VFIO_DEVICE_SET_IRQS on the display irq; see
 * gvt_irqset.h for where it sits and uapi/gvt_mpt_display.h for the
 * contract it implements:
 *
 *   ACTION_TRIGGER | DATA_EVENTFD, start 0, count 1: attach the fd, or
 *     detach for fd -1 (EBADF for any other negative fd);
 *   ACTION_TRIGGER | DATA_NONE, count 0: detach;
 *   ACTION_MASK / ACTION_UNMASK | DATA_NONE or DATA_BOOL, count >= 1:
 *     mask or unmask start .. start + count - 1 (with DATA_BOOL, those
 *     whose byte is non-zero);
 *   anything else: EINVAL.
 */
#include "gvt_irqset.h"

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

/* The s32 at @data in native byte order, as memcpy() would read it. */
static u32 read_u32(const u8 *data)
{
	u32 v;
	u8 *p = (u8 *)&v;
	u32 i;

	for (i = 0; i < sizeof(v); i++)
		p[i] = data[i];
	return v;
}

static int decode_trigger(const struct gvt_irqset_hdr *hdr, u32 dtype,
			  const u8 *data, struct gvt_irqset_op *op)
{
	u32 fd;

	if (dtype == GVT_IRQSET_DATA_NONE && hdr->count == 0) {
		op->action = GVT_IRQSET_DETACH;
		return 0;
	}
	if (dtype != GVT_IRQSET_DATA_EVENTFD || hdr->start != 0 ||
	    hdr->count != 1)
		return -GVT_IRQSET_EINVAL;
	fd = read_u32(data);
	if (fd == 0xffffffffU) {
		op->action = GVT_IRQSET_DETACH;
		return 0;
	}
	if (fd & 0x80000000U)
		return -GVT_IRQSET_EBADF;
	op->action = GVT_IRQSET_ATTACH;
	op->fd = (int)fd;
	return 0;
}

/**
 * gvt_irqset_decode() - decide what a VFIO_DEVICE_SET_IRQS request does
 * @hdr: the request's header, as copied from the caller
 * @irq_index: the display irq's index (the only index accepted)
 * @nr_sources: number of sources of the vGPU (the irq's count)
 * @data: the request's data (the bytes after the header), or NULL when
 *	@data_size is 0
 * @data_size: bytes at @data; must be @hdr->count times the data type's
 *	element size (1 for DATA_BOOL, 4 for DATA_EVENTFD, 0 for DATA_NONE)
 * @op: where the operation goes; untouched on error
 *
 * Checks what the VFIO core checks (argsz, flags, range, data size) and
 * the display irq's own rules: one action and one data type, no unknown
 * flag, start and count inside @nr_sources without overflow, a non-empty
 * range for mask and unmask, start 0 and count 1 for an eventfd.  An
 * accepted MASK or UNMASK has 1 <= count <= @nr_sources - start, and its
 * bools, when not NULL, point into @data.
 *
 * Return: 0 with @op filled, -GVT_IRQSET_EBADF for a negative fd other
 * than -1, -GVT_IRQSET_EINVAL for any other bad request.
 */
int gvt_irqset_decode(const struct gvt_irqset_hdr *hdr, u32 irq_index,
		      u32 nr_sources, const u8 *data, u32 data_size,
		      struct gvt_irqset_op *op)
{
	u32 action = hdr->flags & GVT_IRQSET_ACTION_TYPE_MASK;
	u32 dtype = hdr->flags & GVT_IRQSET_DATA_TYPE_MASK;
	struct gvt_irqset_op out = { 0 };
	u64 need;
	int ret;

	if (hdr->argsz < GVT_IRQSET_HDR_SIZE || hdr->index != irq_index ||
	    (hdr->flags & ~(GVT_IRQSET_DATA_TYPE_MASK |
			    GVT_IRQSET_ACTION_TYPE_MASK)) ||
	    !one_bit(action) || !one_bit(dtype))
		return -GVT_IRQSET_EINVAL;
	if (hdr->start >= nr_sources || hdr->count > nr_sources - hdr->start)
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
		if (dtype == GVT_IRQSET_DATA_EVENTFD || hdr->count == 0)
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
