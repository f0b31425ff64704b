/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace helpers for a VFIO consumer of the gvt-mpt display irq: open an
 * mdev through the group/container API or through its device cdev bound to
 * an iommufd, find the display irq by its
 * capability, attach eventfds (one per source, or one for all sources with
 * the read-and-clear status), mask/unmask sources, access registers, the
 * request irq.  Used by tools/vfio-display-watch and the VM test runners.
 */
#ifndef GVT_MPT_VFIO_DISPLAY_H
#define GVT_MPT_VFIO_DISPLAY_H

#include <stddef.h>
#include <stdint.h>

#include <linux/vfio.h>

#include "../uapi/gvt_mpt_display.h"

/* How a vGPU's device fd is obtained. */
enum vd_path {
	/* /dev/vfio/vfio + /dev/vfio/GROUP, type1v2, GET_DEVICE_FD */
	VD_PATH_GROUP,
	/*
	 * /dev/vfio/devices/vfioN bound to an iommufd (/dev/iommu) and
	 * attached to an IOAS of its own: kernels with VFIO_DEVICE_CDEV (>= 6.6)
	 */
	VD_PATH_CDEV,
};

struct vd_dev {
	enum vd_path path;	/* how the device was opened */
	int container;		/* group path, else -1 */
	int group;		/* group path, else -1 */
	int iommufd;		/* cdev path: /dev/iommu, else -1 */
	uint32_t devid;		/* cdev path: the bind's device id */
	uint32_t ioas;		/* cdev path: the IOAS attached */
	char node[64];		/* the group's or the cdev's device node */
	int device;
	int irq_index;		/* display irq index, -1 if none */
	uint32_t nr_sources;
	int have_sources;	/* the sources capability was found */
	uint8_t pipe[GVT_MPT_MAX_SOURCES];
	uint8_t plane_type[GVT_MPT_MAX_SOURCES];
	int have_status;	/* the status capability was found */
	uint32_t status_region;
	uint64_t status_pos;	/* device file offset of the status */
	int have_refresh;	/* the refresh capability was found */
	uint32_t refresh_flags;	/* GVT_MPT_REFRESH_* */
	uint32_t single_fb_vblanks;	/* N of the refresh mode */
	int have_damage;	/* the damage capability was found, usable */
	uint32_t damage_region;
	uint32_t damage_record;	/* bytes from one record to the next */
	uint64_t damage_pos;	/* device file offset of source 0's record */
	uint64_t bar0;		/* region offset of BAR0 */
	int shared;		/* attach one eventfd to every source */
	int efd[GVT_MPT_MAX_SOURCES];	/* per source, -1 if none */
	int epfd;		/* epoll over efd[] (per-source mode), or -1 */
	int req_efd;		/* request irq eventfd, or -1 */
};

/*
 * Create (remove) the mpt_kvmgt mdev @uuid with @heads heads (1 or 3)
 * through sysfs; returns 0 or -errno.
 */
int vd_mdev_create(int heads, const char *uuid);
int vd_mdev_remove(const char *uuid);
/* Nothing open; vd_close() may be called on it. */
void vd_init(struct vd_dev *d);
/*
 * Open mdev @uuid (vd_init() first) through @path; returns 0 or -errno
 * (a one-line message on stderr).  Through the cdev, -ENODEV says the
 * kernel has no VFIO device cdev (VFIO_DEVICE_CDEV off: no
 * /dev/vfio/devices) or no iommufd (/dev/iommu).
 */
int vd_open_path(struct vd_dev *d, const char *uuid, enum vd_path path);
/* vd_open_path() through the group, through the cdev. */
int vd_open(struct vd_dev *d, const char *uuid);
int vd_open_cdev(struct vd_dev *d, const char *uuid);
/*
 * Close what is open: the eventfds, the device, then what it was opened
 * through (group and container, or the iommufd, which frees the IOAS once
 * the device's close has unbound it).
 */
void vd_close(struct vd_dev *d);

/*
 * The steps of the cdev path, for tests; each returns 0 or -errno and
 * prints nothing unless said.  vd_cdev_node(): the device node of mdev
 * @uuid's vfio-dev device (/dev/vfio/devices/vfioN, checked against the
 * sysfs dev number) into @node; -ENODEV without a VFIO device cdev;
 * prints why it failed.
 */
int vd_cdev_node(const char *uuid, char *node, size_t len);
/* VFIO_DEVICE_BIND_IOMMUFD of @device to @iommufd; the device id out. */
int vd_cdev_bind(int device, int iommufd, uint32_t *devid);
/* IOMMU_IOAS_ALLOC, IOMMU_DESTROY on the iommufd @iommufd. */
int vd_ioas_alloc(int iommufd, uint32_t *ioas);
int vd_ioas_destroy(int iommufd, uint32_t id);
/* VFIO_DEVICE_ATTACH_IOMMUFD_PT (*@pt_id in and out), DETACH. */
int vd_cdev_attach(int device, uint32_t *pt_id);
int vd_cdev_detach(int device);
/* Walk the irq indexes past VFIO_PCI_NUM_IRQS for the display irq. */
int vd_find_display_irq(struct vd_dev *d);
/*
 * Attach new non-blocking eventfds to every source: one per source, or with
 * d->shared one for all of them (replacing any attached before); -errno.
 */
int vd_attach(struct vd_dev *d);
/* Detach every source (DATA_NONE, count 0) and close the eventfds. */
int vd_detach(struct vd_dev *d);
/* The fd to poll: the shared eventfd, or an epoll fd over the others. */
int vd_poll_fd(const struct vd_dev *d);
/* SET_IRQS TRIGGER with explicit fd values (tests of bad fds). */
int vd_set_trigger_fds(struct vd_dev *d, uint32_t start, uint32_t count,
		       const int32_t *fds);
/* Mask/unmask; bools NULL = DATA_NONE. */
int vd_mask(struct vd_dev *d, int unmask, uint32_t start, uint32_t count,
	    const uint8_t *bools);
/* Raw SET_IRQS (for bad-input tests): returns 0 or -errno. */
int vd_set_irqs_raw(struct vd_dev *d, uint32_t flags, uint32_t index,
		    uint32_t start, uint32_t count, const void *data,
		    uint32_t data_len);
int vd_reg_read(struct vd_dev *d, uint64_t off, uint32_t size, uint32_t *val);
int vd_reg_write(struct vd_dev *d, uint64_t off, uint32_t size, uint32_t val);
/* Read and clear the status (bit = source); -errno. */
int vd_status_read(struct vd_dev *d, uint64_t *sources);
/*
 * Read and clear the damage record of source @src into *@dm (zeroed
 * first; a record shorter than the struct leaves the rest zero): 0,
 * -ENOENT without the damage capability, -EINVAL for a source the device
 * lacks, else -errno.
 */
int vd_damage_read(struct vd_dev *d, uint32_t src, struct gvt_mpt_damage *dm);
/*
 * Consumer read, non-blocking: @counts[s] gets the deliveries on source s
 * since the last call.  Per-source mode: each eventfd's counter.  Shared
 * mode: the shared eventfd is read (its value, the number of deliveries it
 * saw, goes to *@total if not NULL) and then the status, whose bits give
 * counts of 1.  Returns 0 or -errno.
 */
int vd_consume(struct vd_dev *d, uint32_t *counts, uint64_t *total);
/* Attach a new eventfd to the request irq (d->req_efd); -errno. */
int vd_req_attach(struct vd_dev *d);

/*
 * The display memory (aperture) region, BAR2: its device file offset and
 * size; 0 or -errno.
 */
int vd_aperture_info(struct vd_dev *d, uint64_t *offset, uint64_t *size);
/*
 * mmap @len bytes of the aperture from offset @off, read/write, with mmap
 * flags @flags (MAP_SHARED; other values for tests of bad mappings);
 * MAP_FAILED with errno set on failure.
 */
void *vd_aperture_map(struct vd_dev *d, uint64_t off, size_t len, int flags);

/*
 * VFIO_DEVICE_QUERY_GFX_PLANE with @flags (VFIO_GFX_PLANE_TYPE_*) for
 * @drm_plane_type (1 primary, 2 cursor) into @p; 0 or -errno.
 */
int vd_query_plane(struct vd_dev *d, uint32_t flags, uint32_t drm_plane_type,
		   struct vfio_device_gfx_plane_info *p);
/* VFIO_DEVICE_GET_REGION_INFO of region @index (no capabilities); -errno. */
int vd_region_info(struct vd_dev *d, uint32_t index,
		   struct vfio_region_info *info);
/*
 * mmap @len bytes of region @index from its start, shared, @prot (PROT_*,
 * with VD_POPULATE: prefaulted).
 */
#define VD_POPULATE	0x10000
void *vd_region_map(struct vd_dev *d, uint32_t index, size_t len, int prot);

/*
 * A plane as a display shows it: the last query, and the view region it
 * named, mapped read-only (remapped when a query names another region).
 */
struct vd_view {
	struct vfio_device_gfx_plane_info plane;
	uint32_t index;		/* region mapped */
	void *map;		/* MAP_FAILED: none */
	size_t len;
	uint64_t remaps;	/* mappings made */
};

void vd_view_init(struct vd_view *v);
void vd_view_fini(struct vd_view *v);
/*
 * Query plane @drm_plane_type and map its view region if it changed:
 * 0 (v->map shows the surface), -ENODATA (the plane shows nothing), or
 * -errno.
 */
int vd_view_read(struct vd_dev *d, uint32_t drm_plane_type, struct vd_view *v);

#endif /* GVT_MPT_VFIO_DISPLAY_H */
