/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MPT (mediated pass-through) ops: what a hypervisor backend (kvmgt, xengt,
 * the userspace test backend) provides to the shared vGPU code in common/.
 * Plain C with fixed-width types only: built into the kernel modules and
 * into the userspace harness.
 */
#ifndef GVT_MPT_MPT_H
#define GVT_MPT_MPT_H

#include "../common/gvt_types.h"

/**
 * struct gvt_mpt_ops - hypervisor backend operations
 * @name: backend name, for messages and debugfs
 * @display_event: deliver the display refresh event of source @source
 *	(pipe * 2 + plane) of the vGPU behind @handle.  Called with that
 *	vGPU's lock held, possibly from hard interrupt context: must not
 *	sleep.  Returns 0 when the event reached a consumer, a negative errno
 *	when none is attached (the source then stays pending).
 */
struct gvt_mpt_ops {
	const char *name;
	int (*display_event)(void *handle, unsigned int source);
};

/**
 * struct gvt_mpt - one vGPU's binding to its backend
 * @ops: the backend's ops, never NULL once bound
 * @handle: the backend's per-vGPU cookie, passed back to every op
 */
struct gvt_mpt {
	const struct gvt_mpt_ops *ops;
	void *handle;
};

#endif /* GVT_MPT_MPT_H */
