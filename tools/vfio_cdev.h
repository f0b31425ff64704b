/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few VFIO device cdev and iommufd uapi definitions vfio_display.c
 * needs, for hosts whose <linux/vfio.h> predates them (Debian 12's is the
 * 6.1 uapi; the cdev, VFIO_DEVICE_CDEV, came with 6.6, iommufd with 6.2).
 * Each group is defined only when the system headers lack it.  Written
 * from the uapi documentation; the layouts and numbers are the kernel's
 * ABI (every field 32 bits, no padding, one layout for 32- and 64-bit
 * callers; argsz/size say how much of a struct the caller passes).
 */
#ifndef GVT_MPT_VFIO_CDEV_H
#define GVT_MPT_VFIO_CDEV_H

#include <linux/types.h>
#include <linux/ioctl.h>
#include <linux/vfio.h>
#if defined(__has_include)
#if __has_include(<linux/iommufd.h>)
#include <linux/iommufd.h>
#endif
#endif

/*
 * Bind a cdev device fd (/dev/vfio/devices/vfioN) to an iommufd (an open
 * /dev/iommu).  Until it succeeds every other operation on the fd fails
 * (EINVAL); the close of the fd unbinds.  flags must be 0; out_devid is
 * the bond's id in that iommufd.
 */
#ifndef VFIO_DEVICE_BIND_IOMMUFD
struct vfio_device_bind_iommufd {
	__u32 argsz;
	__u32 flags;
	__s32 iommufd;
	__u32 out_devid;
};

#define VFIO_DEVICE_BIND_IOMMUFD	_IO(VFIO_TYPE, VFIO_BASE + 18)
#endif

/*
 * Attach a bound cdev device to an IO address space (an IOAS, or a
 * hardware page table) of its iommufd by id: pt_id in, the id attached
 * out.  A second attach replaces the first.
 */
#ifndef VFIO_DEVICE_ATTACH_IOMMUFD_PT
struct vfio_device_attach_iommufd_pt {
	__u32 argsz;
	__u32 flags;
	__u32 pt_id;
};

#define VFIO_DEVICE_ATTACH_IOMMUFD_PT	_IO(VFIO_TYPE, VFIO_BASE + 19)
#endif

/* Undo the attach (the close of the device fd does it too). */
#ifndef VFIO_DEVICE_DETACH_IOMMUFD_PT
struct vfio_device_detach_iommufd_pt {
	__u32 argsz;
	__u32 flags;
};

#define VFIO_DEVICE_DETACH_IOMMUFD_PT	_IO(VFIO_TYPE, VFIO_BASE + 20)
#endif

/*
 * iommufd's own ioctls on /dev/iommu: type ';' (as VFIO's) from 0x80.
 * size is the caller's sizeof of the struct.
 */
#ifndef IOMMUFD_TYPE
#define IOMMUFD_TYPE	(';')
#endif

/* Destroy an object (an IOAS, ...) by id; EBUSY while something uses it. */
#ifndef IOMMU_DESTROY
struct iommu_destroy {
	__u32 size;
	__u32 id;
};

#define IOMMU_DESTROY		_IO(IOMMUFD_TYPE, 0x80)
#endif

/* Allocate an IO address space; flags must be 0; its id out. */
#ifndef IOMMU_IOAS_ALLOC
struct iommu_ioas_alloc {
	__u32 size;
	__u32 flags;
	__u32 out_ioas_id;
};

#define IOMMU_IOAS_ALLOC	_IO(IOMMUFD_TYPE, 0x81)
#endif

#endif /* GVT_MPT_VFIO_CDEV_H */
