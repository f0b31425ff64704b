/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the supported kernels: Debian 12's 6.1
 * and 6.12 LTS, and what lies between (Ubuntu and Fedora run >= 6.8).
 *
 * The only file of the tree that tests LINUX_VERSION_CODE.  Each shim
 * names the release that changed the API; the backends call the shim, or
 * test the GVT_HAVE_* feature macro defined here, never the version.
 */
#ifndef GVT_MPT_COMPAT_H
#define GVT_MPT_COMPAT_H

#include <linux/device.h>
#include <linux/eventfd.h>
#include <linux/mm.h>
#include <linux/version.h>
#include <linux/vfio.h>

/* 6.8: eventfd_signal() lost its count argument and always adds 1. */
static inline void gvt_eventfd_signal(struct eventfd_ctx *ctx)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
	eventfd_signal(ctx, 1);
#else
	eventfd_signal(ctx);
#endif
}

/* 6.4: class_create() lost its owner argument. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 4, 0)
#define gvt_class_create(name)	class_create(THIS_MODULE, name)
#else
#define gvt_class_create(name)	class_create(name)
#endif

/*
 * 6.2: the VFIO core frees a device itself after its ->release op; up to
 * 6.1 ->release must end with vfio_free_device().
 */
static inline void gvt_vfio_release_done(struct vfio_device *vdev)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
	vfio_free_device(vdev);
#endif
}

/*
 * 6.2: iommufd.  With CONFIG_IOMMUFD on, an emulated-IOMMU device must
 * provide bind_iommufd, unbind_iommufd and attach_ioas (<linux/vfio.h>
 * makes the emulated helpers NULL when it is off); 6.6 added detach_ioas.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define GVT_HAVE_VFIO_IOMMUFD		1
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define GVT_HAVE_VFIO_DETACH_IOAS	1
#endif

/* 6.3: vm_flags is written through vm_flags_set(), no longer directly. */
static inline void gvt_vm_flags_set(struct vm_area_struct *vma,
				    unsigned long flags)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
	vma->vm_flags |= flags;
#else
	vm_flags_set(vma, flags);
#endif
}

static inline void gvt_vm_flags_clear(struct vm_area_struct *vma,
				      unsigned long flags)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
	vma->vm_flags &= ~flags;
#else
	vm_flags_clear(vma, flags);
#endif
}

#endif /* GVT_MPT_COMPAT_H */
