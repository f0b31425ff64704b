/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wrappers through which common/ reaches the hypervisor backend.  common/
 * calls only these, never a backend symbol or a backend's data.
 */
#ifndef GVT_MPT_HYPERCALL_H
#define GVT_MPT_HYPERCALL_H

#include "mpt.h"

#define GVT_ENOTCONN	107

/**
 * gvt_hypervisor_display_event() - raise a display refresh event
 * @mpt: the vGPU's backend binding
 * @source: source index (pipe * 2 + plane)
 *
 * Return: 0 if delivered, negative errno if no consumer is attached.
 */
static inline int gvt_hypervisor_display_event(const struct gvt_mpt *mpt,
					       unsigned int source)
{
	if (!mpt->ops || !mpt->ops->display_event)
		return -GVT_ENOTCONN;
	return mpt->ops->display_event(mpt->handle, source);
}

/**
 * gvt_hypervisor_name() - the name of a vGPU's backend
 * @mpt: the vGPU's backend binding
 *
 * Return: the backend's name ("kvmgt", "xengt", ...), or "none" for a vGPU
 * not bound to a backend.  The string lives as long as the binding.
 */
static inline const char *gvt_hypervisor_name(const struct gvt_mpt *mpt)
{
	if (!mpt->ops || !mpt->ops->name)
		return "none";
	return mpt->ops->name;
}

#endif /* GVT_MPT_HYPERCALL_H */
