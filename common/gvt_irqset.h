/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure decode of VFIO_DEVICE_SET_IRQS on one irq index (the display
 * irq, the request irq): which operation a request asks for, or which
 * errno it gets.
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

/* Capabilities of the irq a request is decoded for. */
#define GVT_IRQSET_CAN_MASK		0x1U	/* ACTION_MASK, ACTION_UNMASK */

/**
 * enum gvt_irqset_action - what an accepted request asks for
 * @GVT_IRQSET_ATTACH: attach fd i of @fds to sub-index @start + i, for i
 *	< @count; fd -1 detaches that sub-index
 * @GVT_IRQSET_DETACH_ALL: detach every sub-index
 * @GVT_IRQSET_FIRE: loopback: signal sub-indexes now
 * @GVT_IRQSET_MASK: mask sub-indexes
 * @GVT_IRQSET_UNMASK: unmask sub-indexes
 */
enum gvt_irqset_action {
	GVT_IRQSET_ATTACH = 1,
	GVT_IRQSET_DETACH_ALL,
	GVT_IRQSET_FIRE,
	GVT_IRQSET_MASK,
	GVT_IRQSET_UNMASK,
};

/**
 * struct gvt_irqset_op - the decoded operation
 * @action: enum gvt_irqset_action
 * @start: first sub-index (all but DETACH_ALL)
 * @count: number of sub-indexes, >= 1 (all but DETACH_ALL)
 * @bools: FIRE, MASK, UNMASK: NULL for all @count sub-indexes, else @count
 *	bytes of the request's data, one per sub-index, non-zero to act on it
 * @fds: ATTACH: @count native-endian __s32 of the request's data, each
 *	>= -1 (read them with gvt_irqset_fd())
 *
 * Fields an action does not use are zero (NULL for the pointers).
 */
struct gvt_irqset_op {
	u32 action;
	u32 start;
	u32 count;
	const u8 *bools;
	const u8 *fds;
};

int gvt_irqset_decode(const struct gvt_irqset_hdr *hdr, u32 nr_irqs,
		      u32 caps, const u8 *data, u32 data_size,
		      struct gvt_irqset_op *op);
int gvt_irqset_fd(const struct gvt_irqset_op *op, u32 i);

#endif /* GVT_MPT_IRQSET_H */
