// SPDX-License-Identifier: GPL-2.0
/* Userspace VFIO helpers for the gvt-mpt display irq. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>

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

int vd_open(struct vd_dev *d, const char *uuid)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct vfio_region_info reg = { .argsz = sizeof(reg) };
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;
	int ret;

	memset(d, 0, sizeof(*d));
	d->container = d->group = d->device = d->efd = -1;
	d->irq_index = -1;
	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/iommu_group",
		 uuid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return err(path);
	link[n] = 0;
	snprintf(path, sizeof(path), "/dev/vfio/%s", basename(link));
	d->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (d->container < 0)
		return err("/dev/vfio/vfio");
	if (ioctl(d->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		return err("VFIO_GET_API_VERSION");
	d->group = open(path, O_RDWR | O_CLOEXEC);
	if (d->group < 0)
		return err(path);
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &status))
		return err("VFIO_GROUP_GET_STATUS");
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		fprintf(stderr, "vfio: group %s not viable\n", path);
		return -EBUSY;
	}
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container))
		return err("VFIO_GROUP_SET_CONTAINER");
	if (ioctl(d->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		return err("VFIO_SET_IOMMU");
	d->device = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	if (d->device < 0)
		return err("VFIO_GROUP_GET_DEVICE_FD");
	reg.index = VFIO_PCI_BAR0_REGION_INDEX;
	if (ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &reg))
		return err("VFIO_DEVICE_GET_REGION_INFO");
	d->bar0 = reg.offset;
	ret = vd_find_display_irq(d);
	return ret;
}

void vd_close(struct vd_dev *d)
{
	if (d->efd >= 0)
		close(d->efd);
	if (d->device >= 0)
		close(d->device);
	if (d->group >= 0)
		close(d->group);
	if (d->container >= 0)
		close(d->container);
	d->efd = d->device = d->group = d->container = -1;
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
		} else if (h->id == GVT_MPT_IRQ_INFO_CAP_LAYOUT &&
			   off + sizeof(struct gvt_mpt_irq_cap_layout) <= size) {
			const struct gvt_mpt_irq_cap_layout *l = (const void *)h;
			uint32_t i, n = l->nr_sources;

			if (n <= GVT_MPT_MAX_SOURCES &&
			    off + sizeof(*l) + n * sizeof(l->sources[0]) <= size) {
				for (i = 0; i < n; i++) {
					d->shift[i] = l->sources[i].shift;
					d->plane_type[i] = l->sources[i].plane_type;
				}
				d->have_layout = 1;
			}
		}
		off = h->next;
	}
	return found;
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
		if (!(probe.flags & GVT_MPT_IRQ_INFO_FLAG_CAPS) ||
		    probe.argsz <= sizeof(probe))
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
		d->have_layout = 0;
		if (parse_caps(d, buf, probe.argsz, probe.cap_offset)) {
			d->irq_index = (int)idx;
			d->nr_sources = probe.count;
			free(buf);
			return 0;
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

int vd_set_trigger_fd(struct vd_dev *d, int32_t fd)
{
	return vd_set_irqs_raw(d, VFIO_IRQ_SET_DATA_EVENTFD |
			       VFIO_IRQ_SET_ACTION_TRIGGER,
			       (uint32_t)d->irq_index, 0, 1, &fd, sizeof(fd));
}

int vd_attach(struct vd_dev *d)
{
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	int ret;

	if (fd < 0)
		return err("eventfd");
	ret = vd_set_trigger_fd(d, fd);
	if (ret) {
		close(fd);
		return ret;
	}
	if (d->efd >= 0)
		close(d->efd);
	d->efd = fd;
	return 0;
}

int vd_detach(struct vd_dev *d)
{
	int ret = vd_set_irqs_raw(d, VFIO_IRQ_SET_DATA_NONE |
				  VFIO_IRQ_SET_ACTION_TRIGGER,
				  (uint32_t)d->irq_index, 0, 0, NULL, 0);

	if (!ret && d->efd >= 0) {
		close(d->efd);
		d->efd = -1;
	}
	return ret;
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

int vd_consume(struct vd_dev *d, uint64_t *counter)
{
	ssize_t n;

	*counter = 0;
	if (d->efd < 0)
		return 0;
	n = read(d->efd, counter, sizeof(*counter));
	if (n < 0 && errno == EAGAIN) {
		*counter = 0;
		return 0;
	}
	if (n != sizeof(*counter))
		return -errno;
	return 0;
}

uint32_t vd_sources(const struct vd_dev *d, uint64_t counter)
{
	uint32_t s, mask = 0;

	if (!counter)
		return 0;
	if (!d->have_layout)
		return (1U << d->nr_sources) - 1;
	for (s = 0; s < d->nr_sources; s++)
		if ((counter >> d->shift[s]) & 0xff)
			mask |= 1U << s;
	return mask;
}
