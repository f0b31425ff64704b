// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-display-watch: the KVM host consumer of the gvt-mpt display irq,
 * written as a QEMU display backend would use it.  Opens a vGPU mdev through
 * the VFIO group/container API (--group, the default) or through its VFIO
 * device cdev bound to an iommufd (--cdev: /dev/vfio/devices/vfioN,
 * /dev/iommu, an IOAS of its own), --create makes one through sysfs; finds
 * the display irq by its capability type, attaches one eventfd per source
 * (polled through epoll), or with --shared one eventfd for every source and
 * the read-and-clear status; the loop is tools/watch.c.  Pixels come as
 * QEMU's display gets them: VFIO_DEVICE_QUERY_GFX_PLANE (region flavour)
 * and an mmap of the view region it names, made again when it names
 * another; in event mode only what the source's damage record names is
 * copied from it.  The query has no pipe: it describes the first pipe shown,
 * which this tool shows as pipe A.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "vfio_display.h"
#include "watch.h"

static struct vd_dev dev;
static const char *uuid;
static char made[64];	/* the mdev we created, removed at close */

static int shared;	/* --shared: one eventfd and the status */
static enum vd_path path = VD_PATH_GROUP;	/* --group, --cdev */
static struct vd_view view[GVT_MPT_PLANES_PER_PIPE];
static uint8_t *ap = MAP_FAILED;	/* the aperture, for the workload */
static uint64_t ap_len;

static int set_uuid(const char *arg)
{
	uuid = arg;
	return 0;
}

static const char *const flags[] = { "shared", "group", "cdev", NULL };

static void set_flag(unsigned int i)
{
	if (i == 0)
		shared = 1;
	else
		path = i == 2 ? VD_PATH_CDEV : VD_PATH_GROUP;
}

static int v_open(int heads, uint32_t *nr_sources)
{
	int ret;

	*nr_sources = 0;
	vd_init(&dev);
	vd_view_init(&view[0]);
	vd_view_init(&view[1]);
	if (!heads == !uuid)
		return -EINVAL;	/* exactly one of --create and --uuid */
	if (heads) {
		snprintf(made, sizeof(made), "6d7a0000-0000-4000-8000-%012d",
			 900 + heads);
		ret = vd_mdev_create(heads, made);
		if (ret) {
			fprintf(stderr, "create a %d-head mdev: %s\n", heads,
				strerror(-ret));
			made[0] = 0;
			*nr_sources = 1;
			return ret;
		}
		uuid = made;
	}
	ret = vd_open_path(&dev, uuid, path);
	dev.shared = shared;
	if (!ret && shared && !dev.have_status) {
		fprintf(stderr, "--shared: the device has no status capability\n");
		ret = -ENOENT;
	}
	*nr_sources = ret ? 1 : dev.nr_sources;
	return ret;
}

static void v_close(void)
{
	vd_view_fini(&view[0]);
	vd_view_fini(&view[1]);
	if (ap != MAP_FAILED)
		munmap(ap, ap_len);
	ap = MAP_FAILED;
	vd_close(&dev);
	if (made[0])
		vd_mdev_remove(made);
}

static void v_describe(void)
{
	uint32_t s;

	if (dev.path == VD_PATH_CDEV)
		printf("vfio: cdev %s, bound to /dev/iommu (devid %u), IOAS %u attached\n",
		       dev.node, dev.devid, dev.ioas);
	else
		printf("vfio: group %s, container /dev/vfio/vfio (type1v2)\n",
		       dev.node);
	printf("display irq: index %d, %u sources, %s\n", dev.irq_index,
	       dev.nr_sources, dev.shared ?
	       "one eventfd for all + status" : "one eventfd per source");
	if (dev.have_damage)
		printf("  damage records: region %u, %u bytes each: event refreshes copy what changed\n",
		       dev.damage_region, dev.damage_record);
	else
		printf("  no damage capability: event refreshes copy whole planes\n");
	if (!dev.have_sources) {
		printf("  no sources capability: refresh every plane\n");
		return;
	}
	for (s = 0; s < dev.nr_sources; s++)
		printf("  source %u: pipe %u, %s plane\n", s, dev.pipe[s],
		       dev.plane_type[s] == GVT_MPT_DRM_PLANE_TYPE_PRIMARY ?
		       "primary" : dev.plane_type[s] ==
		       GVT_MPT_DRM_PLANE_TYPE_CURSOR ? "cursor" : "other");
}

static int v_reg_read(uint64_t off, uint32_t *val)
{
	return vd_reg_read(&dev, off, 4, val);
}

static int v_reg_write(uint64_t off, uint32_t val)
{
	return vd_reg_write(&dev, off, 4, val);
}

static int v_attach(void)
{
	int ret = vd_attach(&dev);

	return ret ? ret : vd_poll_fd(&dev);
}

static int v_take(uint32_t *sources, uint64_t *bad)
{
	uint32_t counts[GVT_MPT_MAX_SOURCES], s;
	int ret = vd_consume(&dev, counts, NULL);

	if (ret)
		return ret;
	*bad = 0;
	*sources = 0;
	for (s = 0; s < dev.nr_sources; s++) {
		if (counts[s] > 1)
			(*bad)++;
		if (counts[s])
			*sources |= 1U << s;
	}
	/* Without the sources capability an event means every plane. */
	if (*sources && !dev.have_sources)
		*sources = (1U << dev.nr_sources) - 1;
	return 0;
}

static int v_mask(int unmask, const uint8_t *bools)
{
	return vd_mask(&dev, unmask, 0, dev.nr_sources, bools);
}

static int v_read_plane(uint32_t pipe, uint32_t plane, struct watch_plane *p)
{
	struct vd_view *v = &view[plane];
	int ret;

	if (pipe || plane >= GVT_MPT_PLANES_PER_PIPE)
		return -ENODATA;
	ret = vd_view_read(&dev, plane == GVT_MPT_PLANE_PRIMARY ?
			   GVT_MPT_DRM_PLANE_TYPE_PRIMARY :
			   GVT_MPT_DRM_PLANE_TYPE_CURSOR, v);
	if (ret)
		return ret;
	p->pixels = v->map;
	p->drm_format = v->plane.drm_format;
	p->width = v->plane.width;
	p->height = v->plane.height;
	p->stride = v->plane.stride;
	p->x = (int32_t)v->plane.x_pos;
	p->y = (int32_t)v->plane.y_pos;
	return 0;
}

/* The source of plane @plane of @pipe, as the sources capability says. */
static int v_source(uint32_t pipe, uint32_t plane, uint32_t *src)
{
	uint32_t s, type = plane == GVT_MPT_PLANE_PRIMARY ?
			   GVT_MPT_DRM_PLANE_TYPE_PRIMARY :
			   GVT_MPT_DRM_PLANE_TYPE_CURSOR;

	for (s = 0; s < dev.nr_sources; s++) {
		if (dev.have_sources ? dev.pipe[s] == pipe &&
				       dev.plane_type[s] == type :
				       s == GVT_MPT_SOURCE(pipe, plane)) {
			*src = s;
			return 0;
		}
	}
	return -ENOENT;
}

static int v_take_damage(uint32_t pipe, uint32_t plane,
			 struct gvt_mpt_damage *dm)
{
	uint32_t src = 0;
	int ret = v_source(pipe, plane, &src);

	return ret ? ret : vd_damage_read(&dev, src, dm);
}

static int v_refresh_mode(uint32_t *flags, uint32_t *n)
{
	if (!dev.have_refresh)
		return -ENOENT;
	*flags = dev.refresh_flags;
	*n = dev.single_fb_vblanks;
	return 0;
}

static uint8_t *v_aperture(uint64_t *size)
{
	uint64_t off;

	if (ap == MAP_FAILED) {
		if (vd_aperture_info(&dev, &off, &ap_len))
			return NULL;
		ap = vd_aperture_map(&dev, 0, ap_len, MAP_SHARED);
		if (ap == MAP_FAILED)
			return NULL;
	}
	*size = ap_len;
	return ap;
}

int main(int argc, char **argv)
{
	static const struct watch_transport t = {
		.name = "vfio-display-watch",
		.synopsis = "(--uuid UUID | --create 1|3) [--shared] [--group | --cdev]",
		.help = "  --uuid UUID: an existing mdev; --create: make one (removed at exit)\n"
			"  --shared: one eventfd for every source, sources read from the status\n"
			"  --group: open the device through its VFIO group and a type1v2\n"
			"           container (/dev/vfio/vfio, /dev/vfio/GROUP); the default\n"
			"  --cdev: open it through its VFIO device cdev (/dev/vfio/devices/vfioN)\n"
			"          bound to an iommufd (/dev/iommu) and attached to an IOAS of its\n"
			"          own: kernels >= 6.6 with VFIO_DEVICE_CDEV and IOMMUFD; the\n"
			"          group is unusable while the cdev is bound.  The last of\n"
			"          --group and --cdev counts; the rest works the same on both\n",
		.extra_opt = "uuid",
		.set_extra = set_uuid,
		.flag_opts = flags,
		.set_flag = set_flag,
		.open = v_open,
		.close = v_close,
		.describe = v_describe,
		.reg_read = v_reg_read,
		.reg_write = v_reg_write,
		.attach = v_attach,
		.take = v_take,
		.mask = v_mask,
		.read_plane = v_read_plane,
		.aperture = v_aperture,
		.take_damage = v_take_damage,
		.refresh_mode = v_refresh_mode,
	};

	return watch_main(&t, argc, argv);
}
