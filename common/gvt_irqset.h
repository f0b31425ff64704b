/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure decode of VFIO_DEVICE_SET_IRQS on the display irq: which
 * operation a request asks for, or which errno it gets.
 *
 * Pure C like gvt_display.c: fixed-width types only, no allocation, no
 * locks, no access to user memory.  The caller copies the header and the
 * data in, runs the VFIO core's own checks, then calls gvt_irqset_decode()
 * and carries out the operation it returns.  The decode repeats every check
 * it relies on, so it is safe on any input (the fuzz target feeds it raw
 * bytes).
 */
#ifndef GVT_MPT_IRQSET_H
#define GVT_MPT_IRQSET_H

#include "gvt_types.h"

/* The VFIO_IRQ_SET_* flag values of <linux/vfio.h> (checked in kvmgt). */
#define GVT_IRQSET_DATA_NONE		0x01U
#define GVT_IRQSET_DATA_BOOL		0x02U
#define GVT_IRQSET_DATA_EVENTFD		0x04U
#define GVT_IRQSET_ACTION_MASK		0x08U
#define GVT_IRQSET_ACTION_UNMASK	0x10U
#define GVT_IRQSET_ACTION_TRIGGER	0x20U
#define GVT_IRQSET_DATA_TYPE_MASK	(GVT_IRQSET_DATA_NONE | \
					 GVT_IRQSET_DATA_BOOL | \
					 GVT_IRQSET_DATA_EVENTFD)
#define GVT_IRQSET_ACTION_TYPE_MASK	(GVT_IRQSET_ACTION_MASK | \
					 GVT_IRQSET_ACTION_UNMASK | \
					 GVT_IRQSET_ACTION_TRIGGER)

/* offsetofend(struct vfio_irq_set, count): the header before the data. */
#define GVT_IRQSET_HDR_SIZE		20

/* errno values returned (negated), equal to Linux's. */
#define GVT_IRQSET_EBADF		9
#define GVT_IRQSET_EINVAL		22

/**
 * struct gvt_irqset_hdr - the fixed part of struct vfio_irq_set
 * @argsz: size of the whole argument, header and data
 * @flags: one GVT_IRQSET_DATA_* and one GVT_IRQSET_ACTION_* flag
 * @index: irq index
 * @start: first irq (source) of the range
 * @count: number of irqs (sources) in the range
 */
struct gvt_irqset_hdr {
	u32 argsz;
	u32 flags;
	u32 index;
	u32 start;
	u32 count;
};

/**
 * enum gvt_irqset_action - what an accepted request asks for
 * @GVT_IRQSET_ATTACH: attach the eventfd @fd (replacing any previous one)
 * @GVT_IRQSET_DETACH: detach the eventfd
 * @GVT_IRQSET_MASK: mask sources
 * @GVT_IRQSET_UNMASK: unmask sources
 */
enum gvt_irqset_action {
	GVT_IRQSET_ATTACH = 1,
	GVT_IRQSET_DETACH,
	GVT_IRQSET_MASK,
	GVT_IRQSET_UNMASK,
};

/**
 * struct gvt_irqset_op - the decoded operation
 * @action: enum gvt_irqset_action
 * @start: first source (MASK, UNMASK)
 * @count: number of sources, >= 1 (MASK, UNMASK)
 * @bools: NULL for all @count sources, else @count bytes of the request's
 *	data, one per source, non-zero to act on it (MASK, UNMASK)
 * @fd: the file descriptor to attach, >= 0 (ATTACH)
 *
 * Fields an action does not use are zero (NULL for @bools).
 */
struct gvt_irqset_op {
	u32 action;
	u32 start;
	u32 count;
	const u8 *bools;
	int fd;
};

int gvt_irqset_decode(const struct gvt_irqset_hdr *hdr, u32 irq_index,
		      u32 nr_sources, const u8 *data, u32 data_size,
		      struct gvt_irqset_op *op);

#endif /* GVT_MPT_IRQSET_H */
