/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace helpers for a VFIO consumer of the gvt-mpt display irq: open an
 * mdev through the group/container API, find the display irq by its
 * capability, attach an eventfd, mask/unmask sources, access registers.
 * Used by tools/vfio-display-watch and the VM test runners.
 */
#ifndef GVT_MPT_VFIO_DISPLAY_H
#define GVT_MPT_VFIO_DISPLAY_H

#include <stdint.h>

#include "../uapi/gvt_mpt_display.h"

struct vd_dev {
	int container;
	int group;
	int device;
	int irq_index;		/* display irq index, -1 if none */
	uint32_t nr_sources;
	int have_layout;	/* the layout capability was found */
	uint8_t shift[GVT_MPT_MAX_SOURCES];
	uint8_t plane_type[GVT_MPT_MAX_SOURCES];
	uint64_t bar0;		/* region offset of BAR0 */
	int efd;		/* attached eventfd, -1 if none */
};

/*
 * Create (remove) the mpt_kvmgt mdev @uuid with @heads heads (1 or 3)
 * through sysfs; returns 0 or -errno.
 */
int vd_mdev_create(int heads, const char *uuid);
int vd_mdev_remove(const char *uuid);
/* Open mdev @uuid; returns 0 or -errno (message on stderr). */
int vd_open(struct vd_dev *d, const char *uuid);
void vd_close(struct vd_dev *d);
/* Walk the irq indexes past VFIO_PCI_NUM_IRQS for the display irq. */
int vd_find_display_irq(struct vd_dev *d);
/* Attach a new non-blocking eventfd (fd -1 detaches); -errno. */
int vd_attach(struct vd_dev *d);
int vd_detach(struct vd_dev *d);
/* SET_IRQS with an explicit fd value (tests of bad fds). */
int vd_set_trigger_fd(struct vd_dev *d, int32_t fd);
/* Mask/unmask; bools NULL = DATA_NONE. */
int vd_mask(struct vd_dev *d, int unmask, uint32_t start, uint32_t count,
	    const uint8_t *bools);
/* Raw SET_IRQS (for bad-input tests): returns 0 or -errno. */
int vd_set_irqs_raw(struct vd_dev *d, uint32_t flags, uint32_t index,
		    uint32_t start, uint32_t count, const void *data,
		    uint32_t data_len);
int vd_reg_read(struct vd_dev *d, uint64_t off, uint32_t size, uint32_t *val);
int vd_reg_write(struct vd_dev *d, uint64_t off, uint32_t size, uint32_t val);
/* Non-blocking read of the eventfd counter: 0 if nothing. */
int vd_consume(struct vd_dev *d, uint64_t *counter);
/* Decode a counter into a source bitmap using the layout (or all). */
uint32_t vd_sources(const struct vd_dev *d, uint64_t counter);

#endif /* GVT_MPT_VFIO_DISPLAY_H */
