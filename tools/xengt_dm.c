// SPDX-License-Identifier: GPL-2.0
/* Userspace helpers for a Xen dom0 device model using /dev/mpt_xengt. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xenctrl.h>
#include <xenevtchn.h>

#include "xengt_dm.h"

int xd_domain_exists(uint32_t domid)
{
	xc_interface *xch = xc_interface_open(NULL, NULL, 0);
	xc_dominfo_t info;
	int n, ret;

	if (!xch) {
		ret = -(errno ? errno : EIO);
		fprintf(stderr, "xengt: xc_interface_open: %s\n", strerror(-ret));
		return ret;
	}
	memset(&info, 0, sizeof(info));
	n = xc_domain_getinfo(xch, domid, 1, &info);
	/* It returns the next domain at or after @domid: check the id. */
	ret = n == 1 && info.domid == domid;
	/* ESRCH: no domain at or after @domid. */
	if (n < 0)
		ret = errno == ESRCH ? 0 : -(errno ? errno : EIO);
	xc_interface_close(xch);
	return ret;
}

int xd_open_dev(void)
{
	int fd = open(GVT_XENGT_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	return fd;
}

int xd_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

int xd_create_raw(int fd, uint32_t domid, uint32_t heads, uint32_t *id,
		  uint32_t *nr_sources)
{
	struct gvt_xengt_create c = {
		.argsz = sizeof(c), .domid = domid, .heads = heads,
	};
	int ret = xd_ioctl(fd, GVT_XENGT_CREATE, &c);

	if (!ret) {
		*id = c.id;
		if (nr_sources)
			*nr_sources = c.nr_sources;
	}
	return ret;
}

int xd_destroy_raw(int fd, uint32_t id)
{
	struct gvt_xengt_vgpu v = { .argsz = sizeof(v), .id = id };

	return xd_ioctl(fd, GVT_XENGT_DESTROY, &v);
}

int xd_alloc_port_raw(int fd, uint32_t id, uint32_t *port)
{
	struct gvt_xengt_port p = { .argsz = sizeof(p), .id = id };
	int ret = xd_ioctl(fd, GVT_XENGT_ALLOC_PORT, &p);

	if (!ret)
		*port = p.port;
	return ret;
}

int xd_bind_raw(int fd, uint32_t id, uint32_t port)
{
	struct gvt_xengt_port p = { .argsz = sizeof(p), .id = id, .port = port };

	return xd_ioctl(fd, GVT_XENGT_BIND_PORT, &p);
}

int xd_unbind_raw(int fd, uint32_t id)
{
	struct gvt_xengt_vgpu v = { .argsz = sizeof(v), .id = id };

	return xd_ioctl(fd, GVT_XENGT_UNBIND_PORT, &v);
}

int xd_reset_raw(int fd, uint32_t id)
{
	struct gvt_xengt_vgpu v = { .argsz = sizeof(v), .id = id };

	return xd_ioctl(fd, GVT_XENGT_RESET, &v);
}

int xd_mask_raw(int fd, uint32_t id, int unmask, uint32_t start,
		uint32_t count, const uint8_t *bools)
{
	/* The fixed part and room for a byte per source the bitmap names. */
	union {
		struct gvt_xengt_mask m;
		uint8_t buf[sizeof(struct gvt_xengt_mask) +
			    GVT_XENGT_MAX_SOURCES];
	} u;
	uint32_t n = 0;

	memset(&u, 0, sizeof(u));
	u.m.id = id;
	u.m.start = start;
	u.m.count = count;
	if (bools) {
		/*
		 * More bytes than sources is a range error anyway: pass what
		 * fits, argsz then tells the module that the rest is missing.
		 */
		n = count < GVT_XENGT_MAX_SOURCES ? count :
		    GVT_XENGT_MAX_SOURCES;
		u.m.flags = GVT_XENGT_MASK_BOOL;
		memcpy(u.m.bools, bools, n);
	}
	u.m.argsz = (uint32_t)sizeof(u.m) + n;
	return xd_ioctl(fd, unmask ? GVT_XENGT_UNMASK : GVT_XENGT_MASK, &u.m);
}

int xd_read_and_clear_raw(int fd, uint32_t id, struct xd_events *ev)
{
	union {
		struct gvt_xengt_events ev;
		uint8_t buf[sizeof(struct gvt_xengt_events) +
			    GVT_XENGT_MAX_SOURCES];
	} u;
	uint32_t n;
	int ret;

	memset(&u, 0, sizeof(u));
	memset(ev, 0, sizeof(*ev));
	u.ev.argsz = sizeof(u);
	u.ev.id = id;
	ret = xd_ioctl(fd, GVT_XENGT_READ_AND_CLEAR, &u.ev);
	if (ret)
		return ret;
	ev->sources = u.ev.sources;
	ev->nr_sources = u.ev.nr_sources;
	n = u.ev.nr_sources < GVT_XENGT_MAX_SOURCES ? u.ev.nr_sources :
	    GVT_XENGT_MAX_SOURCES;
	memcpy(ev->count, u.ev.counts, n);
	return 0;
}

int xd_reg_read_raw(int fd, uint32_t id, uint64_t off, uint32_t size,
		    uint32_t *val)
{
	struct gvt_xengt_reg r = {
		.argsz = sizeof(r), .id = id, .size = size, .offset = off,
	};
	int ret = xd_ioctl(fd, GVT_XENGT_REG_READ, &r);

	if (!ret)
		*val = r.value;
	return ret;
}

int xd_reg_write_raw(int fd, uint32_t id, uint64_t off, uint32_t size,
		     uint32_t val)
{
	struct gvt_xengt_reg r = {
		.argsz = sizeof(r), .id = id, .size = size, .offset = off,
		.value = val,
	};

	return xd_ioctl(fd, GVT_XENGT_REG_WRITE, &r);
}

int xd_query_plane_raw(int fd, uint32_t id, uint32_t pipe, uint32_t plane,
		       struct gvt_xengt_plane *out)
{
	memset(out, 0, sizeof(*out));
	out->argsz = sizeof(*out);
	out->id = id;
	out->pipe = pipe;
	out->plane = plane;
	return xd_ioctl(fd, GVT_XENGT_QUERY_PLANE, out);
}

int xd_take_damage_raw(int fd, uint32_t id, uint32_t pipe, uint32_t plane,
		       struct gvt_mpt_damage *dm)
{
	struct gvt_xengt_damage a = {
		.argsz = sizeof(a), .id = id, .pipe = pipe, .plane = plane,
	};
	int ret = xd_ioctl(fd, GVT_XENGT_TAKE_DAMAGE, &a);

	if (ret)
		memset(dm, 0, sizeof(*dm));
	else
		*dm = a.damage;
	return ret;
}

int xd_refresh_mode_raw(int fd, uint32_t id, uint32_t *flags, uint32_t *n)
{
	struct gvt_xengt_refresh r = { .argsz = sizeof(r), .id = id };
	int ret = xd_ioctl(fd, GVT_XENGT_REFRESH_MODE, &r);

	if (!ret) {
		*flags = r.refresh_flags;
		*n = r.single_fb_vblanks;
	}
	return ret;
}

int xd_port_bind(struct xd_port *p, uint32_t remote)
{
	xenevtchn_port_or_error_t port;
	int ret;

	memset(p, 0, sizeof(*p));
	p->fd = -1;
	p->port = GVT_XENGT_NO_PORT;
	p->remote = remote;
	p->xce = xenevtchn_open(NULL, 0);
	if (!p->xce) {
		ret = -(errno ? errno : EIO);
		fprintf(stderr, "xengt: xenevtchn_open: %s\n", strerror(-ret));
		return ret;
	}
	/* Domain 0: the module's port lives in dom0, as we do. */
	port = xenevtchn_bind_interdomain(p->xce, 0, remote);
	if (port < 0) {
		ret = -(errno ? errno : EIO);
		xenevtchn_close(p->xce);
		p->xce = NULL;
		return ret;
	}
	p->port = (uint32_t)port;
	p->fd = xenevtchn_fd(p->xce);
	/*
	 * Xen marks a newly bound end pending: take that wake now, while the
	 * module sends nothing (before BIND_PORT).  It comes at once; the
	 * timeout only bounds a Xen that would not set it.
	 */
	ret = xd_port_wait(p, 1000);
	p->fired = 0;
	return ret < 0 ? ret : 0;
}

void xd_port_free(struct xd_port *p)
{
	if (p->xce) {
		if (p->port != GVT_XENGT_NO_PORT)
			xenevtchn_unbind(p->xce, p->port);
		xenevtchn_close(p->xce);
	}
	p->xce = NULL;
	p->fd = -1;
	p->port = GVT_XENGT_NO_PORT;
}

int xd_port_wait(struct xd_port *p, int timeout_ms)
{
	struct pollfd pfd;
	int n = 0, ret;

	if (!p->xce)
		return -ENOTCONN;
	pfd.fd = p->fd;
	pfd.events = POLLIN;
	for (;;) {
		ret = poll(&pfd, 1, n ? 0 : timeout_ms);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0)
			return -errno;
		if (ret == 0)
			return n;
		xenevtchn_port_or_error_t port = xenevtchn_pending(p->xce);

		if (port < 0)
			return n ? n : -errno;
		/* Unmask first: a send after this wakes us again. */
		if (xenevtchn_unmask(p->xce, (evtchn_port_t)port) < 0)
			return -errno;
		if ((uint32_t)port == p->port) {
			n++;
			p->fired++;
		}
	}
}

int xd_create(struct xd_dev *d, int fd, uint32_t domid, uint32_t heads)
{
	int ret;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->ev.fd = -1;
	d->ev.port = GVT_XENGT_NO_PORT;
	d->domid = domid;
	ret = xd_domain_exists(domid);
	if (ret < 0)
		return ret;
	if (!ret) {
		fprintf(stderr, "xengt: no domain %u\n", domid);
		return -ESRCH;
	}
	if (fd < 0) {
		fd = xd_open_dev();
		if (fd < 0) {
			fprintf(stderr, "xengt: %s: %s\n", GVT_XENGT_DEVICE,
				strerror(-fd));
			return fd;
		}
		d->own_fd = 1;
	}
	d->fd = fd;
	ret = xd_create_raw(fd, domid, heads, &d->id, &d->nr_sources);
	if (ret) {
		if (d->own_fd)
			close(fd);
		d->fd = -1;
		return ret;
	}
	d->created = 1;
	return 0;
}

void xd_close(struct xd_dev *d)
{
	if (d->created && d->fd >= 0)
		xd_destroy_raw(d->fd, d->id);	/* unbinds too */
	d->created = 0;
	xd_port_free(&d->ev);
	if (d->own_fd && d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	d->own_fd = 0;
}

int xd_attach(struct xd_dev *d)
{
	struct xd_port p;
	uint32_t remote;
	int ret, tries;

	if (d->ev.xce) {
		ret = xd_detach(d);
		if (ret && ret != -ENOTCONN)
			return ret;
	}
	/*
	 * Another dom0 process may bind the module's port before we do: our
	 * bind then fails, and a new ALLOC_PORT closes that port.
	 */
	for (tries = 0; tries < 3; tries++) {
		ret = xd_alloc_port_raw(d->fd, d->id, &remote);
		if (ret)
			return ret;
		ret = xd_port_bind(&p, remote);
		if (ret != -EINVAL)
			break;
	}
	if (ret) {
		fprintf(stderr, "xengt: bind_interdomain: %s\n", strerror(-ret));
		xd_unbind_raw(d->fd, d->id);
		return ret;
	}
	ret = xd_bind_raw(d->fd, d->id, p.port);
	if (ret) {
		xd_port_free(&p);
		xd_unbind_raw(d->fd, d->id);
		return ret;
	}
	d->ev = p;
	return 0;
}

int xd_detach(struct xd_dev *d)
{
	/* The module closes its port first: ours then reaches nobody. */
	int ret = xd_unbind_raw(d->fd, d->id);

	if (ret && ret != -ENOTCONN)
		return ret;
	xd_port_free(&d->ev);
	return ret;
}

int xd_mask(struct xd_dev *d, int unmask, uint32_t start, uint32_t count,
	    const uint8_t *bools)
{
	return xd_mask_raw(d->fd, d->id, unmask, start, count, bools);
}

int xd_reg_read(struct xd_dev *d, uint64_t off, uint32_t size, uint32_t *val)
{
	return xd_reg_read_raw(d->fd, d->id, off, size, val);
}

int xd_reg_write(struct xd_dev *d, uint64_t off, uint32_t size, uint32_t val)
{
	return xd_reg_write_raw(d->fd, d->id, off, size, val);
}

int xd_read_and_clear(struct xd_dev *d, struct xd_events *ev)
{
	return xd_read_and_clear_raw(d->fd, d->id, ev);
}

int xd_query_plane(struct xd_dev *d, uint32_t pipe, uint32_t plane,
		   struct gvt_xengt_plane *out)
{
	return xd_query_plane_raw(d->fd, d->id, pipe, plane, out);
}

void *xd_aperture_map_raw(int fd, uint32_t id, uint64_t off, size_t len,
			  int flags)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd,
		    (off_t)(GVT_XENGT_MMAP_OFFSET(id) + off));
}

void *xd_aperture_map(struct xd_dev *d, uint64_t off, size_t len)
{
	return xd_aperture_map_raw(d->fd, d->id, off, len, MAP_SHARED);
}

int xd_take_damage(struct xd_dev *d, uint32_t pipe, uint32_t plane,
		   struct gvt_mpt_damage *dm)
{
	return xd_take_damage_raw(d->fd, d->id, pipe, plane, dm);
}
