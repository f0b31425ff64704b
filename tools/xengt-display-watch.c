// SPDX-License-Identifier: GPL-2.0
/*
 * xengt-display-watch: the reference dom0 device model of the gvt-mpt Xen
 * backend.  Checks with libxenctrl that the guest domain exists, creates a
 * vGPU for it on /dev/mpt_xengt, binds with libxenevtchn the port the
 * module allocated for it (ALLOC_PORT) and hands its end to the module
 * (BIND_PORT); on each wake:
 * xenevtchn_pending + xenevtchn_unmask, READ_AND_CLEAR the sources, refresh
 * them, UNMASK them.  The loop is tools/watch.c, as for vfio-display-watch.
 * Pixels: the vGPU's whole aperture is mapped once at open; a plane's
 * surface is read at the offset QUERY_PLANE gives, inside that mapping; in
 * event mode only what TAKE_DAMAGE names is copied from it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "watch.h"
#include "xengt_dm.h"

static struct xd_dev dev;
static uint32_t domid;	/* guest domain (0: dom0, always there) */
static uint8_t *aperture = MAP_FAILED;	/* the vGPU's whole aperture */
static uint64_t aperture_size;

static int set_domid(const char *arg)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 0);
	/* Below DOMID_FIRST_RESERVED (0x7ff0). */
	if (errno || end == arg || *end || v < 0 || v > 0x7fef)
		return -EINVAL;
	domid = (uint32_t)v;
	return 0;
}

static int x_open(int heads, uint32_t *nr_sources)
{
	int ret;

	*nr_sources = 0;
	dev.fd = -1;
	if (!heads)
		return -EINVAL;	/* --create is required */
	/* Checks with libxenctrl that the domain exists, then CREATE. */
	ret = xd_create(&dev, -1, domid, (uint32_t)heads);
	if (ret) {
		fprintf(stderr, "create a %d-head vGPU for domain %u: %s\n",
			heads, domid, strerror(-ret));
		*nr_sources = 1;
		return ret;
	}
	aperture_size = GVT_MPT_APERTURE_SIZE(heads);
	aperture = xd_aperture_map(&dev, 0, (size_t)aperture_size);
	if (aperture == MAP_FAILED) {
		ret = -errno;
		fprintf(stderr, "mmap the aperture of vGPU %u: %s\n", dev.id,
			strerror(-ret));
		xd_close(&dev);
		*nr_sources = 1;
		return ret;
	}
	*nr_sources = dev.nr_sources;
	return 0;
}

static void x_close(void)
{
	if (aperture != MAP_FAILED)
		munmap(aperture, (size_t)aperture_size);
	aperture = MAP_FAILED;
	xd_close(&dev);
}

static void x_describe(void)
{
	printf("xengt vGPU %u: domain %u, %u sources\n", dev.id, dev.domid,
	       dev.nr_sources);
}

static int x_reg_read(uint64_t off, uint32_t *val)
{
	return xd_reg_read(&dev, off, 4, val);
}

static int x_reg_write(uint64_t off, uint32_t val)
{
	return xd_reg_write(&dev, off, 4, val);
}

static int x_attach(void)
{
	int ret = xd_attach(&dev);

	return ret ? ret : dev.ev.fd;
}

/* Pending + unmask the port first, then read the counts. */
static int x_take(uint32_t *sources, uint64_t *bad)
{
	struct xd_events ev;
	uint64_t valid;
	uint32_t s;
	int ret;

	ret = xd_port_wait(&dev.ev, 0);
	if (ret < 0)
		return ret;
	ret = xd_read_and_clear(&dev, &ev);
	if (ret)
		return ret;
	/* A source the vGPU lacks is as wrong as a count above 1. */
	valid = dev.nr_sources >= 32 ? 0xffffffffULL :
		(1ULL << dev.nr_sources) - 1;
	*bad = ev.nr_sources != dev.nr_sources || (ev.sources & ~valid);
	for (s = 0; s < dev.nr_sources && s < GVT_XENGT_MAX_SOURCES; s++)
		if (ev.count[s] > 1)
			(*bad)++;
	*sources = (uint32_t)ev.sources;
	return 0;
}

static int x_mask(int unmask, const uint8_t *bools)
{
	return xd_mask(&dev, unmask, 0, dev.nr_sources, bools);
}

/* QUERY_PLANE, then the pixels at its offset in the mapped aperture. */
static int x_read_plane(uint32_t pipe, uint32_t plane, struct watch_plane *p)
{
	struct gvt_xengt_plane q;
	uint64_t span;
	int ret;

	ret = xd_query_plane(&dev, pipe, plane, &q);
	if (ret)
		return ret;
	if (!q.visible)
		return -ENODATA;
	/* The module promises it; a bad answer must not read past the map. */
	span = (uint64_t)q.stride * (q.height - 1) + (uint64_t)q.width * 4;
	if (aperture == MAP_FAILED || !q.height || q.stride < q.width * 4ULL ||
	    span > aperture_size || q.offset > aperture_size - span)
		return -EIO;
	p->pixels = aperture + q.offset;
	p->drm_format = q.drm_format;
	p->width = q.width;
	p->height = q.height;
	p->stride = q.stride;
	p->x = q.x;
	p->y = q.y;
	return 0;
}

static int x_take_damage(uint32_t pipe, uint32_t plane,
			 struct gvt_mpt_damage *dm)
{
	return xd_take_damage(&dev, pipe, plane, dm);
}

static int x_refresh_mode(uint32_t *flags, uint32_t *n)
{
	return xd_refresh_mode_raw(dev.fd, dev.id, flags, n);
}

/* The workload guest draws into the same mapping. */
static uint8_t *x_aperture(uint64_t *size)
{
	if (aperture == MAP_FAILED)
		return NULL;
	*size = aperture_size;
	return aperture;
}

int main(int argc, char **argv)
{
	static const struct watch_transport t = {
		.name = "xengt-display-watch",
		.synopsis = "--create 1|3 [--domid D]",
		.help = "  --domid D: guest domain of the vGPU (default 0, dom0 itself)\n",
		.extra_opt = "domid",
		.set_extra = set_domid,
		.open = x_open,
		.close = x_close,
		.describe = x_describe,
		.reg_read = x_reg_read,
		.reg_write = x_reg_write,
		.attach = x_attach,
		.take = x_take,
		.mask = x_mask,
		.read_plane = x_read_plane,
		.aperture = x_aperture,
		.take_damage = x_take_damage,
		.refresh_mode = x_refresh_mode,
	};

	return watch_main(&t, argc, argv);
}
