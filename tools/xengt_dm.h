/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace helpers for a Xen dom0 device model using /dev/mpt_xengt: the
 * misc device ioctls (uapi/gvt_mpt_xengt.h), the event channel through
 * libxenevtchn and the domain check through libxenctrl.  Used by
 * tools/xengt-display-watch and the xengt VM tests.
 *
 * Link: -static ... $(pkg-config --static --libs xencontrol xenevtchn),
 * compile with -D__XEN_TOOLS__=1.
 */
#ifndef GVT_MPT_XENGT_DM_H
#define GVT_MPT_XENGT_DM_H

#include <stddef.h>
#include <stdint.h>

#include "../uapi/gvt_mpt_display.h"
#include "../uapi/gvt_mpt_xengt.h"

struct xenevtchn_handle;

/*
 * What one READ_AND_CLEAR returned: the bitmap, the number of sources and
 * a count for each (the ioctl's trailing array, with room for as many
 * sources as the bitmap can name).
 */
struct xd_events {
	uint64_t sources;
	uint32_t nr_sources;
	uint8_t count[GVT_XENGT_MAX_SOURCES];
};

/*
 * The device model's end of an event channel: its own port, bound to the
 * port the module allocated (ALLOC_PORT).
 */
struct xd_port {
	struct xenevtchn_handle *xce;
	int fd;			/* pollable fd of @xce, -1 if closed */
	uint32_t port;		/* our end; GVT_XENGT_NO_PORT if none */
	uint32_t remote;	/* the module's port it is bound to */
	uint64_t fired;		/* notifications drained so far */
};

/* One vGPU on an open /dev/mpt_xengt. */
struct xd_dev {
	int fd;			/* the misc device, -1 if not open */
	int own_fd;		/* xd_close() closes @fd */
	uint32_t id;		/* vGPU id on @fd */
	uint32_t domid;
	uint32_t nr_sources;
	int created;
	struct xd_port ev;	/* our end, ev.port == NO_PORT if none */
};

/* Does Xen domain @domid exist (libxenctrl)?  1 yes, 0 no, -errno. */
int xd_domain_exists(uint32_t domid);

/*
 * Raw misc device calls: 0 or -errno.  Each sets argsz to the fixed part
 * of its argument (plus the trailing array it passes).
 */
int xd_open_dev(void);
int xd_ioctl(int fd, unsigned long cmd, void *arg);
int xd_create_raw(int fd, uint32_t domid, uint32_t heads, uint32_t *id,
		  uint32_t *nr_sources);
int xd_destroy_raw(int fd, uint32_t id);
/* ALLOC_PORT: the module's new port into *@port. */
int xd_alloc_port_raw(int fd, uint32_t id, uint32_t *port);
/* BIND_PORT: @port is our end, bound to the module's port. */
int xd_bind_raw(int fd, uint32_t id, uint32_t port);
int xd_unbind_raw(int fd, uint32_t id);
int xd_reset_raw(int fd, uint32_t id);
int xd_mask_raw(int fd, uint32_t id, int unmask, uint32_t start,
		uint32_t count, const uint8_t *bools);
int xd_read_and_clear_raw(int fd, uint32_t id, struct xd_events *ev);
int xd_reg_read_raw(int fd, uint32_t id, uint64_t off, uint32_t size,
		    uint32_t *val);
int xd_reg_write_raw(int fd, uint32_t id, uint64_t off, uint32_t size,
		     uint32_t val);
/* QUERY_PLANE of plane @plane of pipe @pipe into *@out (argsz, id set). */
int xd_query_plane_raw(int fd, uint32_t id, uint32_t pipe, uint32_t plane,
		       struct gvt_xengt_plane *out);

/*
 * TAKE_DAMAGE of plane @plane of pipe @pipe: the damage (returned and
 * cleared) into *@dm.
 */
int xd_take_damage_raw(int fd, uint32_t id, uint32_t pipe, uint32_t plane,
		       struct gvt_mpt_damage *dm);
/* The refresh mode of vGPU @id (REFRESH_MODE: GVT_MPT_REFRESH_* and N). */
int xd_refresh_mode_raw(int fd, uint32_t id, uint32_t *flags, uint32_t *n);

/*
 * Event channel: bind a new handle's port to dom0's port @remote (the
 * module's, from ALLOC_PORT) and take the wake Xen gives a new binding /
 * unbind and close; -errno (-EINVAL: @remote is not an unbound port
 * offered to dom0, e.g. another process bound it first).
 */
int xd_port_bind(struct xd_port *p, uint32_t remote);
void xd_port_free(struct xd_port *p);
/*
 * Wait up to @timeout_ms (0: do not wait, -1: forever) for a notification;
 * drain every pending notification (xenevtchn_pending + unmask).
 * Returns the number drained (0: none), or -errno.
 */
int xd_port_wait(struct xd_port *p, int timeout_ms);

/*
 * A vGPU with its own misc fd (@fd < 0) or on a shared one: checks that
 * the domain exists, CREATE.  xd_close() destroys and closes.
 */
int xd_create(struct xd_dev *d, int fd, uint32_t domid, uint32_t heads);
void xd_close(struct xd_dev *d);
/*
 * xd_attach(): ALLOC_PORT, bind it, BIND_PORT (replacing any previous
 * channel; a new ALLOC_PORT if another process bound the port first).
 * xd_detach(): UNBIND_PORT, then close our end.
 */
int xd_attach(struct xd_dev *d);
int xd_detach(struct xd_dev *d);
int xd_mask(struct xd_dev *d, int unmask, uint32_t start, uint32_t count,
	    const uint8_t *bools);
int xd_reg_read(struct xd_dev *d, uint64_t off, uint32_t size, uint32_t *val);
int xd_reg_write(struct xd_dev *d, uint64_t off, uint32_t size, uint32_t val);
int xd_read_and_clear(struct xd_dev *d, struct xd_events *ev);
int xd_query_plane(struct xd_dev *d, uint32_t pipe, uint32_t plane,
		   struct gvt_xengt_plane *out);
int xd_take_damage(struct xd_dev *d, uint32_t pipe, uint32_t plane,
		   struct gvt_mpt_damage *dm);

/*
 * mmap @len bytes of vGPU @id's display memory from offset @off (file
 * offset GVT_XENGT_MMAP_OFFSET(id) + @off), read/write, with mmap flags
 * @flags; MAP_FAILED with errno set on failure.  xd_aperture_map(): the
 * vGPU of @d, MAP_SHARED.
 */
void *xd_aperture_map_raw(int fd, uint32_t id, uint64_t off, size_t len,
			  int flags);
void *xd_aperture_map(struct xd_dev *d, uint64_t off, size_t len);

#endif /* GVT_MPT_XENGT_DM_H */
