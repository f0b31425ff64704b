// SPDX-License-Identifier: GPL-2.0
/* Userspace VFIO helpers for the gvt-mpt display irq (group and cdev paths). */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "vfio_cdev.h"
#include "vfio_display.h"

static int err(const char *what)
{
	int e = errno;

	fprintf(stderr, "vfio: %s: %s\n", what, strerror(e));
	return -e;
}

#define VD_TYPES	"/sys/class/mdev_bus/mpt_kvmgt/mdev_supported_types"

static int sysfs_write(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -errno;
	ok = fputs(val, f) >= 0;
	if (fclose(f))
		ok = 0;
	return ok ? 0 : -errno;
}

int vd_mdev_create(int heads, const char *uuid)
{
	char path[160];

	snprintf(path, sizeof(path), VD_TYPES "/mpt_kvmgt-%dhead/create",
		 heads);
	return sysfs_write(path, uuid);
}

int vd_mdev_remove(const char *uuid)
{
	char path[160];

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%.64s/remove",
		 uuid);
	return sysfs_write(path, "1");
}

void vd_init(struct vd_dev *d)
{
	uint32_t s;

	memset(d, 0, sizeof(*d));
	d->container = d->group = d->iommufd = -1;
	d->device = d->epfd = d->req_efd = -1;
	for (s = 0; s < GVT_MPT_MAX_SOURCES; s++)
		d->efd[s] = -1;
	d->irq_index = -1;
}

/* The group path: container, group, type1v2, the device fd. */
static int open_group(struct vd_dev *d, const char *uuid)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/iommu_group",
		 uuid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return err(path);
	link[n] = 0;
	snprintf(d->node, sizeof(d->node), "/dev/vfio/%s", basename(link));
	d->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (d->container < 0)
		return err("/dev/vfio/vfio");
	if (ioctl(d->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		return err("VFIO_GET_API_VERSION");
	d->group = open(d->node, O_RDWR | O_CLOEXEC);
	if (d->group < 0)
		return err(d->node);
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &status))
		return err("VFIO_GROUP_GET_STATUS");
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		fprintf(stderr, "vfio: group %s not viable\n", d->node);
		return -EBUSY;
	}
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container))
		return err("VFIO_GROUP_SET_CONTAINER");
	if (ioctl(d->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		return err("VFIO_SET_IOMMU");
	d->device = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	if (d->device < 0)
		return err("VFIO_GROUP_GET_DEVICE_FD");
	return 0;
}

#define VD_DEVICES	"/dev/vfio/devices"

/*
 * The device number in sysfs of the mdev's VFIO device, vfio-dev/vfioN,
 * and N: 0, or -ENODEV if there is none.
 */
static int vfio_dev_number(const char *uuid, char *name, size_t len,
			   unsigned int *maj, unsigned int *min)
{
	char pattern[PATH_MAX], line[32], *end;
	const char *base;
	glob_t g;
	FILE *f;
	int ret = -ENODEV;

	snprintf(pattern, sizeof(pattern),
		 "/sys/bus/mdev/devices/%s/vfio-dev/vfio[0-9]*/dev", uuid);
	if (glob(pattern, 0, NULL, &g))
		return -ENODEV;
	f = g.gl_pathc == 1 ? fopen(g.gl_pathv[0], "r") : NULL;
	/* "MAJOR:MINOR\n" */
	if (f && fgets(line, sizeof(line), f)) {
		*maj = (unsigned int)strtoul(line, &end, 10);
		if (end != line && *end == ':') {
			base = end + 1;
			*min = (unsigned int)strtoul(base, &end, 10);
			if (end != base && (*end == '\n' || !*end))
				ret = 0;
		}
	}
	/* .../vfio-dev/vfioN/dev: N is the directory's name. */
	if (!ret) {
		*strrchr(g.gl_pathv[0], '/') = 0;
		base = strrchr(g.gl_pathv[0], '/') + 1;
		if ((size_t)snprintf(name, len, "%s", base) >= len)
			ret = -ENAMETOOLONG;
	}
	if (f)
		fclose(f);
	globfree(&g);
	return ret;
}

int vd_cdev_node(const char *uuid, char *node, size_t len)
{
	char dir[PATH_MAX], name[64];
	unsigned int maj = 0, min = 0;
	struct stat sb;

	snprintf(dir, sizeof(dir), "/sys/bus/mdev/devices/%s", uuid);
	if (access(dir, F_OK))
		return err(dir);
	/*
	 * The mdev's VFIO device, vfio-dev/vfioN, has a device number (and
	 * devtmpfs a node in /dev/vfio/devices, made with the first one) only
	 * when the kernel has the cdev.
	 */
	if (vfio_dev_number(uuid, name, sizeof(name), &maj, &min)) {
		fprintf(stderr, "vfio: no " VD_DEVICES
			": kernel built without VFIO_DEVICE_CDEV\n");
		return -ENODEV;
	}
	if ((size_t)snprintf(node, len, VD_DEVICES "/%s", name) >= len)
		return -ENAMETOOLONG;
	if (stat(node, &sb))
		return err(node);
	if (!S_ISCHR(sb.st_mode) || major(sb.st_rdev) != maj ||
	    minor(sb.st_rdev) != min) {
		fprintf(stderr, "vfio: %s is not char device %u:%u\n", node,
			maj, min);
		return -ENXIO;
	}
	return 0;
}

int vd_cdev_bind(int device, int iommufd, uint32_t *devid)
{
	struct vfio_device_bind_iommufd b = {
		.argsz = sizeof(b), .iommufd = iommufd,
	};

	if (ioctl(device, VFIO_DEVICE_BIND_IOMMUFD, &b))
		return -errno;
	*devid = b.out_devid;
	return 0;
}

int vd_ioas_alloc(int iommufd, uint32_t *ioas)
{
	struct iommu_ioas_alloc a = { .size = sizeof(a) };

	if (ioctl(iommufd, IOMMU_IOAS_ALLOC, &a))
		return -errno;
	*ioas = a.out_ioas_id;
	return 0;
}

int vd_ioas_destroy(int iommufd, uint32_t id)
{
	struct iommu_destroy x = { .size = sizeof(x), .id = id };

	return ioctl(iommufd, IOMMU_DESTROY, &x) ? -errno : 0;
}

int vd_cdev_attach(int device, uint32_t *pt_id)
{
	struct vfio_device_attach_iommufd_pt a = {
		.argsz = sizeof(a), .pt_id = *pt_id,
	};

	if (ioctl(device, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &a))
		return -errno;
	*pt_id = a.pt_id;
	return 0;
}

int vd_cdev_detach(int device)
{
	struct vfio_device_detach_iommufd_pt x = { .argsz = sizeof(x) };

	return ioctl(device, VFIO_DEVICE_DETACH_IOMMUFD_PT, &x) ? -errno : 0;
}

/* Print "vfio: @what: <error>" for -@ret and return it. */
static int fail(const char *what, int ret)
{
	fprintf(stderr, "vfio: %s: %s\n", what, strerror(-ret));
	return ret;
}

/*
 * The cdev path: the device node, an iommufd, bind (the device becomes
 * usable and is opened for this user), an IOAS of our own, attach.  The
 * vGPU does no DMA, so its IOAS stays empty; it is attached all the same,
 * as by a device model that maps guest memory there.
 */
static int open_cdev(struct vd_dev *d, const char *uuid)
{
	uint32_t pt;
	int ret;

	ret = vd_cdev_node(uuid, d->node, sizeof(d->node));
	if (ret)
		return ret;
	d->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (d->iommufd < 0) {
		if (errno == ENOENT) {
			fprintf(stderr, "vfio: no /dev/iommu: kernel built without IOMMUFD, or iommufd.ko not loaded\n");
			return -ENODEV;
		}
		return err("/dev/iommu");
	}
	d->device = open(d->node, O_RDWR | O_CLOEXEC);
	if (d->device < 0)
		return err(d->node);
	ret = vd_cdev_bind(d->device, d->iommufd, &d->devid);
	if (ret == -EBUSY)
		return fail("VFIO_DEVICE_BIND_IOMMUFD (its group is open)", ret);
	if (ret == -EINVAL)
		return fail("VFIO_DEVICE_BIND_IOMMUFD (another user has the device through its cdev)",
			    ret);
	if (ret)
		return fail("VFIO_DEVICE_BIND_IOMMUFD", ret);
	ret = vd_ioas_alloc(d->iommufd, &d->ioas);
	if (ret)
		return fail("IOMMU_IOAS_ALLOC", ret);
	pt = d->ioas;
	ret = vd_cdev_attach(d->device, &pt);
	if (ret)
		return fail("VFIO_DEVICE_ATTACH_IOMMUFD_PT", ret);
	return 0;
}

int vd_open_path(struct vd_dev *d, const char *uuid, enum vd_path path)
{
	struct vfio_region_info reg = { .argsz = sizeof(reg) };
	int ret;

	vd_init(d);
	d->path = path;
	ret = path == VD_PATH_CDEV ? open_cdev(d, uuid) : open_group(d, uuid);
	if (ret)
		return ret;
	reg.index = VFIO_PCI_BAR0_REGION_INDEX;
	if (ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &reg))
		return err("VFIO_DEVICE_GET_REGION_INFO");
	d->bar0 = reg.offset;
	return vd_find_display_irq(d);
}

int vd_open(struct vd_dev *d, const char *uuid)
{
	return vd_open_path(d, uuid, VD_PATH_GROUP);
}

int vd_open_cdev(struct vd_dev *d, const char *uuid)
{
	return vd_open_path(d, uuid, VD_PATH_CDEV);
}

/* Close the eventfds of every source (a shared one once). */
static void close_efds(struct vd_dev *d)
{
	uint32_t s, t;

	for (s = 0; s < GVT_MPT_MAX_SOURCES; s++) {
		if (d->efd[s] < 0)
			continue;
		for (t = s + 1; t < GVT_MPT_MAX_SOURCES; t++)
			if (d->efd[t] == d->efd[s])
				d->efd[t] = -1;
		close(d->efd[s]);
		d->efd[s] = -1;
	}
	if (d->epfd >= 0)
		close(d->epfd);
	d->epfd = -1;
}

void vd_close(struct vd_dev *d)
{
	close_efds(d);
	if (d->req_efd >= 0)
		close(d->req_efd);
	/*
	 * The device first: its close ends this user (and on the cdev path
	 * unbinds it from the iommufd, detaching its IOAS); then the group
	 * and the container, or the iommufd, whose close destroys the IOAS.
	 * A mapping of the device keeps the device file, and through its
	 * bind the iommufd, until munmap.
	 */
	if (d->device >= 0)
		close(d->device);
	if (d->group >= 0)
		close(d->group);
	if (d->container >= 0)
		close(d->container);
	if (d->iommufd >= 0)
		close(d->iommufd);
	d->req_efd = d->device = d->group = d->container = d->iommufd = -1;
}

/* Parse the chain of one irq; returns 1 if it is the display irq. */
static int parse_caps(struct vd_dev *d, const uint8_t *buf, uint32_t size,
		      uint32_t off)
{
	int found = 0, guard = 0;

	while (off && off + sizeof(struct gvt_mpt_irq_cap_header) <= size &&
	       guard++ < 16) {
		const struct gvt_mpt_irq_cap_header *h = (const void *)(buf + off);

		if (h->id == GVT_MPT_IRQ_INFO_CAP_TYPE &&
		    off + sizeof(struct gvt_mpt_irq_cap_type) <= size) {
			const struct gvt_mpt_irq_cap_type *t = (const void *)h;

			found = t->type == GVT_MPT_IRQ_TYPE_GFX &&
				t->subtype == GVT_MPT_IRQ_SUBTYPE_GFX_DISPLAY_IRQ;
		} else if (h->id == GVT_MPT_IRQ_INFO_CAP_SOURCES &&
			   off + sizeof(struct gvt_mpt_irq_cap_sources) <= size) {
			const struct gvt_mpt_irq_cap_sources *l = (const void *)h;
			uint32_t i, n = l->nr_sources;

			if (n <= GVT_MPT_MAX_SOURCES &&
			    off + sizeof(*l) + n * sizeof(l->sources[0]) <= size) {
				for (i = 0; i < n; i++) {
					d->pipe[i] = l->sources[i].pipe;
					d->plane_type[i] = l->sources[i].plane_type;
				}
				d->have_sources = 1;
			}
		} else if (h->id == GVT_MPT_IRQ_INFO_CAP_STATUS &&
			   off + sizeof(struct gvt_mpt_irq_cap_status) <= size) {
			const struct gvt_mpt_irq_cap_status *st = (const void *)h;

			d->status_region = st->region_index;
			d->status_pos = st->offset;
			d->have_status = 1;
		} else if (h->id == GVT_MPT_IRQ_INFO_CAP_REFRESH &&
			   off + sizeof(struct gvt_mpt_irq_cap_refresh) <= size) {
			const struct gvt_mpt_irq_cap_refresh *r = (const void *)h;

			d->refresh_flags = r->flags;
			d->single_fb_vblanks = r->single_fb_vblanks;
			d->have_refresh = 1;
		} else if (h->id == GVT_MPT_IRQ_INFO_CAP_DAMAGE &&
			   off + sizeof(struct gvt_mpt_irq_cap_damage) <= size) {
			const struct gvt_mpt_irq_cap_damage *dc = (const void *)h;

			d->damage_region = dc->region_index;
			d->damage_record = dc->record_size;
			d->damage_pos = dc->offset;
			d->have_damage = 1;
		}
		off = h->next;
	}
	return found;
}

/* Turn the status capability's region and offset into a file offset. */
static int find_status(struct vd_dev *d)
{
	struct vfio_region_info reg = { .argsz = sizeof(reg) };

	if (!d->have_status)
		return 0;
	reg.index = d->status_region;
	if (ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &reg))
		return err("VFIO_DEVICE_GET_REGION_INFO (status)");
	if (!(reg.flags & VFIO_REGION_INFO_FLAG_READ) ||
	    d->status_pos > reg.size ||
	    reg.size - d->status_pos < sizeof(struct gvt_mpt_display_status)) {
		fprintf(stderr, "vfio: status region %u unusable\n",
			d->status_region);
		d->have_status = 0;
		return 0;
	}
	d->status_pos += reg.offset;
	return 0;
}

/*
 * Turn the damage capability into a file offset, if its records fit in its
 * region (else the device is used without damage: whole planes).
 */
static int find_damage(struct vd_dev *d)
{
	struct vfio_region_info reg = { .argsz = sizeof(reg) };
	uint64_t need;

	if (!d->have_damage)
		return 0;
	reg.index = d->damage_region;
	if (ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &reg))
		return err("VFIO_DEVICE_GET_REGION_INFO (damage)");
	need = (uint64_t)d->damage_record * d->nr_sources;
	if (!(reg.flags & VFIO_REGION_INFO_FLAG_READ) ||
	    d->damage_record < offsetof(struct gvt_mpt_damage, rects) ||
	    d->damage_pos > reg.size || reg.size - d->damage_pos < need) {
		fprintf(stderr, "vfio: damage records in region %u unusable\n",
			d->damage_region);
		d->have_damage = 0;
		return 0;
	}
	d->damage_pos += reg.offset;
	return 0;
}

int vd_find_display_irq(struct vd_dev *d)
{
	struct vfio_device_info dinfo = { .argsz = sizeof(dinfo) };
	uint32_t idx;

	if (ioctl(d->device, VFIO_DEVICE_GET_INFO, &dinfo))
		return err("VFIO_DEVICE_GET_INFO");
	for (idx = VFIO_PCI_NUM_IRQS; idx < dinfo.num_irqs; idx++) {
		struct gvt_mpt_irq_info probe = {
			.argsz = sizeof(probe), .index = idx,
		};
		uint8_t *buf;

		if (ioctl(d->device, VFIO_DEVICE_GET_IRQ_INFO, &probe))
			return err("VFIO_DEVICE_GET_IRQ_INFO");
		/* No chain: the device wrote neither cap_offset nor argsz. */
		if (probe.argsz <= sizeof(probe))
			continue;
		buf = calloc(1, probe.argsz);
		if (!buf)
			return -ENOMEM;
		memcpy(buf, &probe, sizeof(probe));
		if (ioctl(d->device, VFIO_DEVICE_GET_IRQ_INFO, buf)) {
			free(buf);
			return err("VFIO_DEVICE_GET_IRQ_INFO (caps)");
		}
		memcpy(&probe, buf, sizeof(probe));
		d->have_sources = d->have_status = 0;
		d->have_refresh = d->have_damage = 0;
		if (parse_caps(d, buf, probe.argsz, probe.cap_offset) &&
		    probe.count <= GVT_MPT_MAX_SOURCES) {
			int ret;

			d->irq_index = (int)idx;
			d->nr_sources = probe.count;
			free(buf);
			ret = find_status(d);
			return ret ? ret : find_damage(d);
		}
		free(buf);
	}
	fprintf(stderr, "vfio: no display irq on this device\n");
	return -ENOENT;
}

int vd_set_irqs_raw(struct vd_dev *d, uint32_t flags, uint32_t index,
		    uint32_t start, uint32_t count, const void *data,
		    uint32_t data_len)
{
	size_t sz = sizeof(struct vfio_irq_set) + data_len;
	struct vfio_irq_set *s = calloc(1, sz);
	int ret;

	if (!s)
		return -ENOMEM;
	s->argsz = (uint32_t)sz;
	s->flags = flags;
	s->index = index;
	s->start = start;
	s->count = count;
	if (data_len)
		memcpy(s->data, data, data_len);
	ret = ioctl(d->device, VFIO_DEVICE_SET_IRQS, s) ? -errno : 0;
	free(s);
	return ret;
}

int vd_set_trigger_fds(struct vd_dev *d, uint32_t start, uint32_t count,
		       const int32_t *fds)
{
	return vd_set_irqs_raw(d, VFIO_IRQ_SET_DATA_EVENTFD |
			       VFIO_IRQ_SET_ACTION_TRIGGER,
			       (uint32_t)d->irq_index, start, count, fds,
			       count * (uint32_t)sizeof(*fds));
}

int vd_attach(struct vd_dev *d)
{
	struct vd_dev n = *d;
	int32_t fds[GVT_MPT_MAX_SOURCES];
	uint32_t s;
	int ret = 0;

	for (s = 0; s < GVT_MPT_MAX_SOURCES; s++)
		n.efd[s] = -1;
	n.epfd = -1;
	if (!d->shared) {
		n.epfd = epoll_create1(EPOLL_CLOEXEC);
		if (n.epfd < 0)
			return err("epoll_create1");
	}
	for (s = 0; s < d->nr_sources && !ret; s++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = s };

		if (d->shared && s) {
			n.efd[s] = n.efd[0];
		} else {
			n.efd[s] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
			if (n.efd[s] < 0)
				ret = err("eventfd");
			else if (!d->shared &&
				 epoll_ctl(n.epfd, EPOLL_CTL_ADD, n.efd[s], &ev))
				ret = err("epoll_ctl");
		}
		fds[s] = n.efd[s];
	}
	if (!ret)
		ret = vd_set_trigger_fds(d, 0, d->nr_sources, fds);
	if (ret) {
		close_efds(&n);
		return ret;
	}
	close_efds(d);
	memcpy(d->efd, n.efd, sizeof(d->efd));
	d->epfd = n.epfd;
	return 0;
}

int vd_detach(struct vd_dev *d)
{
	int ret = vd_set_irqs_raw(d, VFIO_IRQ_SET_DATA_NONE |
				  VFIO_IRQ_SET_ACTION_TRIGGER,
				  (uint32_t)d->irq_index, 0, 0, NULL, 0);

	if (!ret)
		close_efds(d);
	return ret;
}

int vd_poll_fd(const struct vd_dev *d)
{
	return d->shared ? d->efd[0] : d->epfd;
}

int vd_mask(struct vd_dev *d, int unmask, uint32_t start, uint32_t count,
	    const uint8_t *bools)
{
	uint32_t flags = unmask ? VFIO_IRQ_SET_ACTION_UNMASK :
				  VFIO_IRQ_SET_ACTION_MASK;

	flags |= bools ? VFIO_IRQ_SET_DATA_BOOL : VFIO_IRQ_SET_DATA_NONE;
	return vd_set_irqs_raw(d, flags, (uint32_t)d->irq_index, start, count,
			       bools, bools ? count : 0);
}

int vd_reg_read(struct vd_dev *d, uint64_t off, uint32_t size, uint32_t *val)
{
	uint8_t buf[8] = { 0 };
	ssize_t n;

	if (size > sizeof(buf) || off > UINT64_MAX - d->bar0)
		return -EINVAL;
	n = pread(d->device, buf, size, (off_t)(d->bar0 + off));
	if (n < 0)
		return -errno;
	if ((size_t)n != size)
		return -EIO;
	memcpy(val, buf, 4);
	return 0;
}

int vd_reg_write(struct vd_dev *d, uint64_t off, uint32_t size, uint32_t val)
{
	uint8_t buf[8] = { 0 };
	ssize_t n;

	if (size > sizeof(buf) || off > UINT64_MAX - d->bar0)
		return -EINVAL;
	memcpy(buf, &val, 4);
	n = pwrite(d->device, buf, size, (off_t)(d->bar0 + off));
	if (n < 0)
		return -errno;
	return (size_t)n == size ? 0 : -EIO;
}

int vd_status_read(struct vd_dev *d, uint64_t *sources)
{
	struct gvt_mpt_display_status st;
	ssize_t n;

	if (!d->have_status)
		return -ENOENT;
	n = pread(d->device, &st, sizeof(st), (off_t)d->status_pos);
	if (n < 0)
		return -errno;
	if ((size_t)n != sizeof(st))
		return -EIO;
	*sources = st.sources;
	return 0;
}

int vd_damage_read(struct vd_dev *d, uint32_t src, struct gvt_mpt_damage *dm)
{
	size_t len = sizeof(*dm);
	ssize_t n;

	memset(dm, 0, sizeof(*dm));
	if (!d->have_damage)
		return -ENOENT;
	if (src >= d->nr_sources)
		return -EINVAL;
	/* A record may be longer (a later version) or, never, shorter. */
	if (d->damage_record < len)
		len = d->damage_record;
	n = pread(d->device, dm, len,
		  (off_t)(d->damage_pos + (uint64_t)src * d->damage_record));
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

/* Non-blocking read of one eventfd: its counter, 0 if nothing. */
static int read_efd(int fd, uint64_t *v)
{
	ssize_t n;

	*v = 0;
	if (fd < 0)
		return 0;
	n = read(fd, v, sizeof(*v));
	if (n < 0 && errno == EAGAIN) {
		*v = 0;
		return 0;
	}
	return n == sizeof(*v) ? 0 : -errno;
}

int vd_consume(struct vd_dev *d, uint32_t *counts, uint64_t *total)
{
	uint64_t v, bits = 0;
	uint32_t s;
	int ret;

	memset(counts, 0, d->nr_sources * sizeof(*counts));
	if (total)
		*total = 0;
	if (!d->shared) {
		struct epoll_event evs[GVT_MPT_MAX_SOURCES];

		/*
		 * Let epoll recheck its ready list: a caller that poll()s the
		 * epoll fd instead of calling epoll_wait() would otherwise see
		 * it readable again for eventfds read here.
		 */
		if (d->epfd >= 0 &&
		    epoll_wait(d->epfd, evs, GVT_MPT_MAX_SOURCES, 0) < 0)
			return -errno;
		for (s = 0; s < d->nr_sources; s++) {
			ret = read_efd(d->efd[s], &v);
			if (ret)
				return ret;
			counts[s] = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
			if (total)
				*total += v;
		}
		return 0;
	}
	ret = read_efd(d->efd[0], &v);
	if (ret)
		return ret;
	if (total)
		*total = v;
	ret = vd_status_read(d, &bits);
	if (ret)
		return ret;
	for (s = 0; s < d->nr_sources; s++)
		counts[s] = !!(bits & gvt_mpt_source_bit(s));
	return 0;
}

int vd_req_attach(struct vd_dev *d)
{
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	int32_t v = fd;
	int ret;

	if (fd < 0)
		return err("eventfd");
	ret = vd_set_irqs_raw(d, VFIO_IRQ_SET_DATA_EVENTFD |
			      VFIO_IRQ_SET_ACTION_TRIGGER,
			      VFIO_PCI_REQ_IRQ_INDEX, 0, 1, &v, sizeof(v));
	if (ret) {
		close(fd);
		return ret;
	}
	if (d->req_efd >= 0)
		close(d->req_efd);
	d->req_efd = fd;
	return 0;
}

int vd_aperture_info(struct vd_dev *d, uint64_t *offset, uint64_t *size)
{
	struct vfio_region_info reg = { .argsz = sizeof(reg) };

	reg.index = GVT_MPT_APERTURE_REGION;
	if (ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &reg))
		return -errno;
	*offset = reg.offset;
	*size = reg.size;
	return 0;
}

void *vd_aperture_map(struct vd_dev *d, uint64_t off, size_t len, int flags)
{
	uint64_t base = 0, size = 0;
	int ret = vd_aperture_info(d, &base, &size);

	if (ret) {
		errno = -ret;
		return MAP_FAILED;
	}
	return mmap(NULL, len, PROT_READ | PROT_WRITE, flags, d->device,
		    (off_t)(base + off));
}

int vd_query_plane(struct vd_dev *d, uint32_t flags, uint32_t drm_plane_type,
		   struct vfio_device_gfx_plane_info *p)
{
	memset(p, 0, sizeof(*p));
	p->argsz = sizeof(*p);
	p->flags = flags;
	p->drm_plane_type = drm_plane_type;
	return ioctl(d->device, VFIO_DEVICE_QUERY_GFX_PLANE, p) ? -errno : 0;
}

int vd_region_info(struct vd_dev *d, uint32_t index,
		   struct vfio_region_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->index = index;
	return ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, info) ? -errno : 0;
}

void *vd_region_map(struct vd_dev *d, uint32_t index, size_t len, int prot)
{
	struct vfio_region_info info;
	int ret = vd_region_info(d, index, &info);

	if (ret) {
		errno = -ret;
		return MAP_FAILED;
	}
	/* Prefaulted: one call instead of a fault per page. */
	return mmap(NULL, len, prot & ~VD_POPULATE, MAP_SHARED |
		    (prot & VD_POPULATE ? MAP_POPULATE : 0), d->device,
		    (off_t)info.offset);
}

void vd_view_init(struct vd_view *v)
{
	memset(v, 0, sizeof(*v));
	v->map = MAP_FAILED;
}

void vd_view_fini(struct vd_view *v)
{
	if (v->map != MAP_FAILED)
		munmap(v->map, v->len);
	vd_view_init(v);
}

int vd_view_read(struct vd_dev *d, uint32_t drm_plane_type, struct vd_view *v)
{
	int ret;

	ret = vd_query_plane(d, VFIO_GFX_PLANE_TYPE_REGION, drm_plane_type,
			     &v->plane);
	if (ret)
		return ret;
	if (!v->plane.drm_format || !v->plane.size) {
		vd_view_fini(v);
		return -ENODATA;
	}
	if (v->map != MAP_FAILED && v->index == v->plane.region_index)
		return 0;
	/* A new surface: its own view region, mapped afresh (as QEMU does). */
	if (v->map != MAP_FAILED)
		munmap(v->map, v->len);
	v->len = v->plane.size;
	v->index = v->plane.region_index;
	v->map = vd_region_map(d, v->index, v->len, PROT_READ | VD_POPULATE);
	if (v->map == MAP_FAILED)
		return -errno;
	v->remaps++;
	return 0;
}
