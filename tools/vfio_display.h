/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace helpers for a VFIO consumer of the gvt-mpt display irq: open an
 * mdev through the group/container API, find the display irq by its
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

struct vd_dev {
	int container;
	int group;
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
/* Open mdev @uuid (vd_init() first); returns 0 or -errno (message on stderr). */
int vd_open(struct vd_dev *d, const char *uuid);
void vd_close(struct vd_dev *d);
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
