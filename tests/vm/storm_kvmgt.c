// SPDX-License-Identifier: GPL-2.0
/*
 * The storm's kvmgt backend (tests/vm/storm.c): mpt_kvmgt mdevs through
 * sysfs and VFIO.  Each worker creates and removes mdevs of its own UUIDs
 * (types mpt_kvmgt-1head and -3head) and removes any worker's, opening or
 * not (in a child: a removal waits for the device's users); it opens any
 * of them through a VFIO container and group (EBUSY while another holds
 * the group) into one of a few device slots, and on an open device: the
 * VFIO ioctls good and bad (info, region and irq info with capabilities,
 * SET_IRQS attach/detach/mask/unmask/loopback with eventfds, the request
 * irq, plane queries, reset, unknown ioctls, garbage arguments, bad
 * pointers), BAR0 as a guest programs it (pipes on and off, planes,
 * flips, cursor, modes; every size and offset; bad ones), config space,
 * the aperture by pread/pwrite and mmap, the status and damage records,
 * the view regions (pread, read-only mmap), eventfd reads, a second
 * device fd, closes in random order; a user asked to let go (request
 * eventfd) unmaps and closes.  A mapping holds the device open, so SIGBUS
 * is never legitimate here.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "storm.h"
#include "../../tools/vfio_cdev.h"
#include "../../uapi/gvt_mpt_display.h"
#include "../../uapi/gvt_mpt_regs.h"

#define TYPES		"/sys/class/mdev_bus/mpt_kvmgt/mdev_supported_types"
#define DEVICES		"/sys/bus/mdev/devices"
#define UUIDS_PER_WORKER 4
#define SLOTS		3
#define EFDS		8
#define NREGIONS	14	/* config .. status, 4 views */
#define STATUS_REGION	VFIO_PCI_NUM_REGIONS
#define DISPLAY_IRQ	VFIO_PCI_NUM_IRQS
#define PG		4096UL

struct kdev {
	int open;
	int uuid;		/* pool index */
	int cdev;		/* opened through the VFIO device cdev */
	/* group path: container, group; cdev path: container the iommufd */
	int container, group, device, device2;
	uint64_t tag;		/* of its mappings */
	uint32_t nr_sources;
	uint64_t off[NREGIONS];
	uint64_t size[NREGIONS];
	uint64_t dmg_off;	/* source 0's damage record, file offset */
	uint32_t dmg_rec;
	int efd[EFDS];		/* eventfds we own, -1 if none */
	int req_efd;
	uint32_t view[2];	/* last view region per plane, 0: none */
};

static struct kdev devs[SLOTS];
static uint64_t next_tag;
/* The kernel has the VFIO device cdev and iommufd (/dev/iommu). */
static int have_cdev;
static uint8_t *bad_page;	/* PROT_NONE */
static uint8_t *buf;		/* 64 KiB of I/O buffer */
#define BUF_SIZE	((size_t)64 * 1024)

static int k_iommufd, k_cdev_open, k_cdev_bind, k_cdev_bind2, k_ioas;
static int k_create, k_remove, k_cleanup_remove, k_container, k_group,
	   k_group_setup, k_device, k_device2, k_close, k_get_info,
	   k_info_bad, k_region_info, k_region_bad, k_irq_info, k_irq_bad,
	   k_attach, k_detach, k_mask, k_loopback, k_irqs_bad, k_req,
	   k_req_respond, k_efd_read, k_query, k_query_bad, k_reset,
	   k_unknown, k_feature, k_bar0_rd, k_bar0_wr, k_bar0_bad, k_cfg,
	   k_cfg_bad, k_ap_rw, k_ap_bad, k_status, k_damage, k_status_bad,
	   k_view_read, k_view_map, k_view_map_w, k_mmap, k_mmap_bad,
	   k_badptr, k_sysfs, k_eventfd;

static void uuid_of(int i, char *out, size_t len)
{
	snprintf(out, len, "6d7a5707-0000-4000-8000-%012x", i);
}

static int pool_size(void)
{
	return storm_workers() * UUIDS_PER_WORKER;
}

/* One of the worker's own UUIDs, or any worker's. */
static int pick_uuid(unsigned int own_pct)
{
	if (storm_chance(own_pct))
		return storm_worker() * UUIDS_PER_WORKER +
		       (int)storm_below(UUIDS_PER_WORKER);
	return (int)storm_below((uint32_t)pool_size());
}

static long ioc(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? storm_err() : 0;
}

static struct kdev *pick_dev(void)
{
	int i, n = 0, pick;

	for (i = 0; i < SLOTS; i++)
		n += devs[i].open;
	if (!n)
		return NULL;
	pick = (int)storm_below((uint32_t)n);
	for (i = 0; i < SLOTS; i++)
		if (devs[i].open && !pick--)
			return &devs[i];
	return NULL;
}

/* The device fd to use: the first, or the second one if there is one. */
static int dfd(const struct kdev *d)
{
	return d->device2 >= 0 && storm_chance(30) ? d->device2 : d->device;
}

static void close_rec(int fd)
{
	if (fd >= 0)
		storm_rec(k_close, close(fd) ? storm_err() : 0);
}

/* Close every fd of @d in a random order; its mappings stay. */
static void dev_close(struct kdev *d)
{
	int *fds[4 + EFDS + 1], n = 0, i, j, *t;

	fds[n++] = &d->device;
	fds[n++] = &d->device2;
	fds[n++] = &d->group;
	fds[n++] = &d->container;
	fds[n++] = &d->req_efd;
	for (i = 0; i < EFDS; i++)
		fds[n++] = &d->efd[i];
	for (i = n - 1; i > 0; i--) {
		j = (int)storm_below((uint32_t)i + 1);
		t = fds[i];
		fds[i] = fds[j];
		fds[j] = t;
	}
	for (i = 0; i < n; i++) {
		close_rec(*fds[i]);
		*fds[i] = -1;
	}
	d->open = 0;
}

static void dev_reset_fds(struct kdev *d)
{
	int i;

	memset(d, 0, sizeof(*d));
	d->container = d->group = d->device = d->device2 = d->req_efd = -1;
	for (i = 0; i < EFDS; i++)
		d->efd[i] = -1;
}

/* Region and irq layout of a newly opened device. */
static int dev_layout(struct kdev *d)
{
	struct {
		struct gvt_mpt_irq_info info;
		uint8_t caps[1024];
	} ii;
	struct vfio_region_info ri;
	uint32_t off, i;
	long ret;

	for (i = 0; i < NREGIONS; i++) {
		memset(&ri, 0, sizeof(ri));
		ri.argsz = sizeof(ri);
		ri.index = i;
		ret = ioc(d->device, VFIO_DEVICE_GET_REGION_INFO, &ri);
		storm_rec(k_region_info, ret);
		if (ret)
			return -1;
		d->off[i] = ri.offset;
		d->size[i] = ri.size;
	}
	memset(&ii, 0, sizeof(ii));
	ii.info.argsz = sizeof(ii);
	ii.info.index = DISPLAY_IRQ;
	ret = ioc(d->device, VFIO_DEVICE_GET_IRQ_INFO, &ii);
	storm_rec(k_irq_info, ret);
	if (ret || !ii.info.cap_offset || !ii.info.count ||
	    ii.info.count > GVT_MPT_MAX_SOURCES) {
		if (!ret)
			storm_violation(k_irq_info,
					"display irq: count %u cap_offset %u",
					ii.info.count, ii.info.cap_offset);
		return -1;
	}
	d->nr_sources = ii.info.count;
	/* The damage capability: where the records are. */
	for (off = ii.info.cap_offset; off && off + 8 <= sizeof(ii);) {
		const struct gvt_mpt_irq_cap_header *h =
			(const void *)((const uint8_t *)&ii + off);

		if (h->id == GVT_MPT_IRQ_INFO_CAP_DAMAGE &&
		    off + sizeof(struct gvt_mpt_irq_cap_damage) <= sizeof(ii)) {
			const struct gvt_mpt_irq_cap_damage *dc = (const void *)h;

			if (dc->region_index < NREGIONS) {
				d->dmg_off = d->off[dc->region_index] +
					     dc->offset;
				d->dmg_rec = dc->record_size;
			}
		}
		if (h->next <= off)
			break;
		off = h->next;
	}
	if (!d->dmg_rec) {
		storm_violation(k_irq_info, "no damage capability");
		return -1;
	}
	return 0;
}

/* ---- mdev create/remove ---- */

static void act_create(void)
{
	char uuid[40], path[160];

	uuid_of(pick_uuid(100), uuid, sizeof(uuid));
	snprintf(path, sizeof(path), TYPES "/mpt_kvmgt-%dhead/create",
		 storm_chance(70) ? 1 : 3);
	storm_rec(k_create, storm_write_file(path, uuid));
}

/*
 * Remove one of ours or any worker's, open or not.  Mostly only once its
 * creation is complete (its mdev_type link is there): a removal during
 * the creation fails with EAGAIN and leaves the mdev without a remove
 * file for good (the mdev core's behaviour, kv_cleanup()).
 */
static void act_remove(void)
{
	char uuid[40], path[160];

	uuid_of(pick_uuid(70), uuid, sizeof(uuid));
	snprintf(path, sizeof(path), DEVICES "/%s/mdev_type", uuid);
	if (access(path, F_OK) && storm_chance(90))
		return;
	snprintf(path, sizeof(path), DEVICES "/%s/remove", uuid);
	storm_spawn_write(path, "1", k_remove);
}

static void act_sysfs(void)
{
	static const char *const attrs[] = { "available_instances",
					     "description", "name",
					     "device_api" };
	char uuid[40], path[200], b[256];
	int fd;
	ssize_t n;

	if (storm_chance(50)) {
		snprintf(path, sizeof(path), TYPES "/mpt_kvmgt-%dhead/%s",
			 storm_chance(50) ? 1 : 3, attrs[storm_below(4)]);
	} else {
		uuid_of(pick_uuid(50), uuid, sizeof(uuid));
		snprintf(path, sizeof(path), DEVICES "/%s/mdev_type/%s", uuid,
			 attrs[storm_below(4)]);
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		/* An mdev that does not exist (or is going). */
		storm_rec(k_sysfs, storm_err());
		return;
	}
	n = read(fd, b, sizeof(b));
	storm_rec(k_sysfs, n < 0 ? storm_err() : 0);
	close(fd);
}

/* ---- open and close ---- */

/*
 * /dev/vfio/devices/vfioN of mdev @uuid (its vfio-dev/vfioN in sysfs):
 * 0, or -errno (ENOENT: no such mdev, or it is going).
 */
static long cdev_node(const char *uuid, char *node, size_t len)
{
	char pattern[160];
	glob_t g;
	long ret = -ENOENT;

	snprintf(pattern, sizeof(pattern), DEVICES "/%s/vfio-dev/vfio*", uuid);
	if (!glob(pattern, 0, NULL, &g)) {
		snprintf(node, len, "/dev/vfio/devices/%.32s",
			 basename(g.gl_pathv[0]));
		ret = 0;
	}
	globfree(&g);
	return ret;
}

/*
 * The cdev path: an iommufd, the device's node, bind (the device opens
 * for this user: EBUSY while its group is open, EINVAL while another fd
 * has it bound), an IOAS of our own attached (the vGPU does no DMA).
 */
static int open_cdev(struct kdev *d, const char *uuid)
{
	struct iommu_ioas_alloc a = { .size = sizeof(a) };
	struct vfio_device_bind_iommufd b = { .argsz = sizeof(b) };
	struct vfio_device_attach_iommufd_pt at = { .argsz = sizeof(at) };
	char node[96];
	long ret;

	d->cdev = 1;
	d->container = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	storm_rec(k_iommufd, d->container < 0 ? storm_err() : 0);
	if (d->container < 0)
		return -1;
	ret = cdev_node(uuid, node, sizeof(node));
	if (!ret) {
		d->device = open(node, O_RDWR | O_CLOEXEC);
		if (d->device < 0)
			ret = storm_err();
	}
	storm_rec(k_cdev_open, ret);
	if (ret)
		return -1;
	b.iommufd = d->container;
	ret = ioc(d->device, VFIO_DEVICE_BIND_IOMMUFD, &b);
	storm_rec(k_cdev_bind, ret);
	if (ret)
		return -1;
	ret = ioc(d->container, IOMMU_IOAS_ALLOC, &a);
	if (!ret) {
		at.pt_id = a.out_ioas_id;
		ret = ioc(d->device, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &at);
	}
	storm_rec(k_ioas, ret);
	return ret ? -1 : 0;
}

static void act_open(void)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	char uuid[40], path[PATH_MAX], link[PATH_MAX];
	struct kdev *d = NULL;
	ssize_t n;
	long ret;
	int i;

	for (i = 0; i < SLOTS && !d; i++)
		if (!devs[i].open)
			d = &devs[i];
	if (!d)
		return;
	dev_reset_fds(d);
	d->uuid = pick_uuid(60);
	uuid_of(d->uuid, uuid, sizeof(uuid));
	if (have_cdev && storm_chance(35)) {
		if (open_cdev(d, uuid))
			goto fail;
		goto opened;
	}
	d->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	ret = d->container < 0 ? storm_err() : 0;
	if (!ret && ioctl(d->container, VFIO_GET_API_VERSION) !=
		    VFIO_API_VERSION)
		ret = storm_err();
	storm_rec(k_container, ret);
	if (ret)
		goto fail;
	snprintf(path, sizeof(path), DEVICES "/%s/iommu_group", uuid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0) {
		storm_rec(k_group, storm_err());
		goto fail;
	}
	link[n] = 0;
	snprintf(path, sizeof(path), "/dev/vfio/%s", basename(link));
	d->group = open(path, O_RDWR | O_CLOEXEC);
	storm_rec(k_group, d->group < 0 ? storm_err() : 0);
	if (d->group < 0)
		goto fail;
	ret = ioc(d->group, VFIO_GROUP_GET_STATUS, &st);
	if (!ret)
		ret = ioc(d->group, VFIO_GROUP_SET_CONTAINER, &d->container);
	if (!ret && ioctl(d->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		ret = storm_err();
	storm_rec(k_group_setup, ret);
	if (ret)
		goto fail;
	d->device = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	storm_rec(k_device, d->device < 0 ? storm_err() : 0);
	if (d->device < 0)
		goto fail;
opened:
	if (dev_layout(d))
		goto fail;
	d->tag = ++next_tag | (uint64_t)storm_worker() << 48;
	d->open = 1;
	return;
fail:
	dev_close(d);
}

static void act_close(void)
{
	struct kdev *d = pick_dev();

	if (!d)
		return;
	/* Sometimes the mappings go first (a user letting go for good). */
	if (storm_chance(40))
		storm_map_drop(d->tag);
	dev_close(d);
}

/* A second device fd from the group (the device stays open once). */
static void act_device2(void)
{
	struct kdev *d = pick_dev();
	char uuid[40];

	if (!d)
		return;
	if (d->device2 >= 0) {
		close_rec(d->device2);
		d->device2 = -1;
		return;
	}
	uuid_of(d->uuid, uuid, sizeof(uuid));
	if (d->cdev) {
		/* One user per cdev: a second fd cannot bind (EINVAL). */
		struct vfio_device_bind_iommufd b = {
			.argsz = sizeof(b), .iommufd = d->container,
		};
		char node[96];
		int fd;

		if (cdev_node(uuid, node, sizeof(node)))
			return;
		fd = open(node, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			return;
		storm_rec(k_cdev_bind2, ioc(fd, VFIO_DEVICE_BIND_IOMMUFD, &b));
		close_rec(fd);
		return;
	}
	d->device2 = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	storm_rec(k_device2, d->device2 < 0 ? storm_err() : 0);
}

/* ---- ioctls ---- */

static void act_info(void)
{
	struct kdev *d = pick_dev();
	struct vfio_device_info di;
	struct vfio_region_info ri;
	struct {
		struct gvt_mpt_irq_info info;
		uint8_t caps[2048];
	} ii;
	long ret;
	uint32_t want;

	if (!d)
		return;
	switch (storm_below(6)) {
	case 0:
		memset(&di, 0, sizeof(di));
		di.argsz = storm_chance(80) ? sizeof(di) : 4096;
		ret = ioc(dfd(d), VFIO_DEVICE_GET_INFO, &di);
		storm_rec(k_get_info, ret);
		if (!ret && (di.num_regions < NREGIONS ||
			     di.num_irqs != DISPLAY_IRQ + 1))
			storm_violation(k_get_info, "regions %u irqs %u",
					di.num_regions, di.num_irqs);
		break;
	case 1:
		memset(&di, 0, sizeof(di));
		di.argsz = storm_below(16);
		storm_rec(k_info_bad, ioc(dfd(d), VFIO_DEVICE_GET_INFO, &di));
		break;
	case 2:
		memset(&ri, 0, sizeof(ri));
		ri.argsz = sizeof(ri) + (storm_chance(20) ? storm_below(64) : 0);
		ri.index = storm_below(NREGIONS);
		storm_rec(k_region_info,
			  ioc(dfd(d), VFIO_DEVICE_GET_REGION_INFO, &ri));
		break;
	case 3:
		memset(&ri, 0, sizeof(ri));
		if (storm_chance(50)) {
			ri.argsz = sizeof(ri);
			ri.index = NREGIONS + storm_below(1000);
			if (storm_chance(20))
				ri.index = 0xffffffff;
		} else {
			ri.argsz = storm_below(24);
			ri.index = storm_below(NREGIONS);
		}
		storm_rec(k_region_bad,
			  ioc(dfd(d), VFIO_DEVICE_GET_REGION_INFO, &ri));
		break;
	case 4:
		/* Good: any irq but the error irq, any argsz >= 16. */
		memset(&ii, 0, sizeof(ii));
		do {
			ii.info.index = storm_below(DISPLAY_IRQ + 1);
		} while (ii.info.index == VFIO_PCI_ERR_IRQ_INDEX);
		want = storm_chance(50) ? sizeof(ii) :
		       16 + storm_below(sizeof(ii) - 16);
		ii.info.argsz = want;
		ret = ioc(dfd(d), VFIO_DEVICE_GET_IRQ_INFO, &ii);
		storm_rec(k_irq_info, ret);
		if (!ret && ii.info.index == DISPLAY_IRQ &&
		    ii.info.count != d->nr_sources)
			storm_violation(k_irq_info, "count %u, not %u",
					ii.info.count, d->nr_sources);
		if (!ret && ii.info.cap_offset >= want)
			storm_violation(k_irq_info, "cap_offset %u argsz %u",
					ii.info.cap_offset, want);
		break;
	default:
		memset(&ii, 0, sizeof(ii));
		ii.info.argsz = sizeof(ii);
		switch (storm_below(3)) {
		case 0:
			ii.info.index = VFIO_PCI_ERR_IRQ_INDEX;
			break;
		case 1:
			ii.info.index = DISPLAY_IRQ + 1 + storm_below(100);
			break;
		default:
			ii.info.index = DISPLAY_IRQ;
			ii.info.argsz = storm_below(16);
			break;
		}
		storm_rec(k_irq_bad, ioc(dfd(d), VFIO_DEVICE_GET_IRQ_INFO, &ii));
		break;
	}
}

/* An eventfd slot of @d: an existing eventfd, or a new one. */
static int efd_pick(struct kdev *d)
{
	int i = (int)storm_below(EFDS);

	if (d->efd[i] < 0) {
		d->efd[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		storm_rec(k_eventfd, d->efd[i] < 0 ? storm_err() : 0);
	}
	return d->efd[i];
}

static long set_irqs(struct kdev *d, uint32_t flags, uint32_t index,
		     uint32_t start, uint32_t count, const void *data,
		     uint32_t len)
{
	union {
		struct vfio_irq_set s;
		uint8_t b[sizeof(struct vfio_irq_set) + 256];
	} u;

	memset(&u, 0, sizeof(u));
	u.s.argsz = (uint32_t)sizeof(u.s) + len;
	u.s.flags = flags;
	u.s.index = index;
	u.s.start = start;
	u.s.count = count;
	if (len)
		memcpy(u.s.data, data, len);
	return ioc(dfd(d), VFIO_DEVICE_SET_IRQS, &u.s);
}

static void act_irqs(void)
{
	const uint32_t T = VFIO_IRQ_SET_ACTION_TRIGGER;
	const uint32_t DN = VFIO_IRQ_SET_DATA_NONE;
	const uint32_t DB = VFIO_IRQ_SET_DATA_BOOL;
	const uint32_t DE = VFIO_IRQ_SET_DATA_EVENTFD;
	struct kdev *d = pick_dev();
	int32_t fds[GVT_MPT_MAX_SOURCES];
	uint8_t bools[GVT_MPT_MAX_SOURCES];
	uint32_t s, c, i, nr;
	int shared;

	if (!d)
		return;
	nr = d->nr_sources;
	s = storm_below(nr);
	c = storm_below(nr - s) + 1;
	for (i = 0; i < c; i++)
		bools[i] = (uint8_t)storm_below(2);
	switch (storm_below(7)) {
	case 0:
	case 1:
		/* Attach: one eventfd for the range, or one per source. */
		shared = storm_chance(40) ? efd_pick(d) : -2;
		for (i = 0; i < c; i++) {
			fds[i] = shared != -2 ? shared :
				 storm_chance(15) ? -1 : efd_pick(d);
			if (fds[i] < -1)
				fds[i] = -1;
		}
		storm_rec(k_attach, set_irqs(d, T | DE, DISPLAY_IRQ, s, c, fds,
					     c * 4));
		break;
	case 2:
		if (storm_chance(50)) {
			storm_rec(k_detach, set_irqs(d, T | DN, DISPLAY_IRQ, 0,
						     0, NULL, 0));
		} else {
			for (i = 0; i < c; i++)
				fds[i] = -1;
			storm_rec(k_detach, set_irqs(d, T | DE, DISPLAY_IRQ, s,
						     c, fds, c * 4));
		}
		break;
	case 3:
	case 4: {
		uint32_t act = storm_chance(50) ? VFIO_IRQ_SET_ACTION_MASK :
						  VFIO_IRQ_SET_ACTION_UNMASK;

		if (storm_chance(30))
			act = VFIO_IRQ_SET_ACTION_UNMASK;
		storm_rec(k_mask, storm_chance(50) ?
			  set_irqs(d, act | DN, DISPLAY_IRQ, s, c, NULL, 0) :
			  set_irqs(d, act | DB, DISPLAY_IRQ, s, c, bools, c));
		break;
	}
	case 5:
		storm_rec(k_loopback, storm_chance(50) ?
			  set_irqs(d, T | DN, DISPLAY_IRQ, s, c, NULL, 0) :
			  set_irqs(d, T | DB, DISPLAY_IRQ, s, c, bools, c));
		break;
	default: {
		/* Garbage: any flags, index, range, fds; EINVAL or EBADF. */
		uint8_t data[256];
		uint32_t flags = (uint32_t)storm_rand();

		if (storm_chance(70))
			flags &= 0x3f;
		for (i = 0; i < 64; i++) {
			static const int32_t cand[] = { -1, -2, -5, 0, 1, 2,
							1000, 1 << 30 };
			int32_t fd = storm_chance(30) ? efd_pick(d) :
				     cand[storm_below(8)];

			memcpy(data + (size_t)4 * i, &fd, 4);
		}
		storm_rec(k_irqs_bad,
			  set_irqs(d, flags,
				   storm_chance(50) ? DISPLAY_IRQ :
				   storm_below(12),
				   storm_chance(70) ? storm_below(8) :
				   (uint32_t)storm_rand(),
				   storm_chance(70) ? storm_below(9) :
				   (uint32_t)storm_rand(),
				   data, storm_below(257)));
		break;
	}
	}
}

/* The request irq; a user asked to let go unmaps and closes. */
static void act_request(void)
{
	const uint32_t T = VFIO_IRQ_SET_ACTION_TRIGGER;
	struct kdev *d;
	uint64_t v;
	int32_t fd;
	int i;

	/* First, every device whose removal asked us to let go. */
	for (i = 0; i < SLOTS; i++) {
		d = &devs[i];
		if (!d->open || d->req_efd < 0)
			continue;
		if (read(d->req_efd, &v, sizeof(v)) == (ssize_t)sizeof(v)) {
			storm_rec(k_req_respond, 0);
			storm_map_drop(d->tag);
			dev_close(d);
		}
	}
	d = pick_dev();
	if (!d)
		return;
	switch (storm_below(4)) {
	case 0:
	case 1:
		if (d->req_efd < 0) {
			d->req_efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
			storm_rec(k_eventfd, d->req_efd < 0 ? storm_err() : 0);
		}
		fd = d->req_efd;
		storm_rec(k_req, set_irqs(d, T | VFIO_IRQ_SET_DATA_EVENTFD,
					  VFIO_PCI_REQ_IRQ_INDEX, 0, 1, &fd,
					  4));
		break;
	case 2:
		fd = -1;
		storm_rec(k_req, storm_chance(50) ?
			  set_irqs(d, T | VFIO_IRQ_SET_DATA_NONE,
				   VFIO_PCI_REQ_IRQ_INDEX, 0, 0, NULL, 0) :
			  set_irqs(d, T | VFIO_IRQ_SET_DATA_EVENTFD,
				   VFIO_PCI_REQ_IRQ_INDEX, 0, 1, &fd, 4));
		break;
	default:
		/* Loopback: the user then lets go as if asked. */
		storm_rec(k_req, set_irqs(d, T | VFIO_IRQ_SET_DATA_NONE,
					  VFIO_PCI_REQ_IRQ_INDEX, 0, 1, NULL,
					  0));
		break;
	}
}

/* A consumer's turn: eventfds, the status, damage records, unmask. */
static void act_consume(void)
{
	struct kdev *d = pick_dev();
	struct gvt_mpt_display_status st;
	uint8_t rec[128], *out;
	uint64_t v;
	uint32_t s, len;
	ssize_t n;
	int i;

	if (!d)
		return;
	for (i = 0; i < EFDS; i++) {
		if (d->efd[i] < 0 || storm_chance(30))
			continue;
		n = read(d->efd[i], &v, sizeof(v));
		storm_rec(k_efd_read, n < 0 ? storm_err() : 0);
	}
	if (storm_chance(10)) {
		/* An eventfd closed: the kernel keeps what it attached. */
		i = (int)storm_below(EFDS);
		close_rec(d->efd[i]);
		d->efd[i] = -1;
	}
	/* Into a mapping of display memory sometimes (a fault inside). */
	out = storm_chance(20) ? storm_map_buf(sizeof(rec)) : NULL;
	n = pread(dfd(d), out ? out : (void *)&st, sizeof(st),
		  (off_t)d->off[STATUS_REGION]);
	storm_rec(k_status, n < 0 ? storm_err() : n == sizeof(st) ? 0 : -EIO);
	for (s = 0; s < d->nr_sources; s++) {
		if (storm_chance(50))
			continue;
		len = storm_chance(50) ? d->dmg_rec : 8 + storm_below(120);
		n = pread(dfd(d), out ? out : rec, len,
			  (off_t)(d->dmg_off + (uint64_t)s * d->dmg_rec));
		storm_rec(k_damage, n < 0 ? storm_err() : 0);
	}
	if (storm_chance(70))
		storm_rec(k_mask, set_irqs(d, VFIO_IRQ_SET_ACTION_UNMASK |
					   VFIO_IRQ_SET_DATA_NONE, DISPLAY_IRQ,
					   0, d->nr_sources, NULL, 0));
}

static void act_status_bad(void)
{
	struct kdev *d = pick_dev();
	uint64_t off;
	uint32_t len;
	ssize_t n;

	if (!d)
		return;
	switch (storm_below(4)) {
	case 0:		/* status: size other than 8 */
		len = storm_chance(50) ? storm_below(8) + 1 : 9 + storm_below(8);
		if (len == 8)
			len = 4;
		off = d->off[STATUS_REGION];
		break;
	case 1:		/* a record's middle, or past the last source */
		len = 8 + storm_below(64);
		off = d->dmg_off + (storm_chance(50) ?
				    storm_below(d->dmg_rec - 1) + 1 :
				    (uint64_t)d->nr_sources * d->dmg_rec);
		break;
	case 2:		/* between the status and the records */
		len = 8;
		off = d->off[STATUS_REGION] + 8 + storm_below(40);
		break;
	default:	/* a record read shorter than 8 */
		len = storm_below(7) + 1;
		off = d->dmg_off;
		break;
	}
	if (storm_chance(20)) {
		len = 8;
		off = d->off[STATUS_REGION];
		n = pwrite(dfd(d), buf, len, (off_t)off);
	} else {
		n = pread(dfd(d), buf, len, (off_t)off);
	}
	if (n >= 0)
		storm_violation(k_status_bad, "%u bytes at 0x%llx of the status region: %zd",
				len, (unsigned long long)(off - d->off[STATUS_REGION]),
				n);
	else
		storm_rec(k_status_bad, storm_err());
}

static void query(struct kdev *d, int good)
{
	struct vfio_device_gfx_plane_info p;
	long ret;
	uint32_t type;

	memset(&p, 0, sizeof(p));
	p.argsz = sizeof(p);
	if (good) {
		if (storm_chance(15)) {
			p.flags = VFIO_GFX_PLANE_TYPE_PROBE |
				  VFIO_GFX_PLANE_TYPE_REGION;
		} else {
			p.flags = VFIO_GFX_PLANE_TYPE_REGION;
			p.drm_plane_type = storm_below(3);
		}
		type = p.drm_plane_type;
		ret = ioc(dfd(d), VFIO_DEVICE_QUERY_GFX_PLANE, &p);
		storm_rec(k_query, ret);
		if (!ret && !(p.flags & VFIO_GFX_PLANE_TYPE_PROBE)) {
			if (p.size && (p.region_index < 10 ||
				       p.region_index >= NREGIONS))
				storm_violation(k_query, "region_index %u",
						p.region_index);
			else
				d->view[type == 2] = p.size ? p.region_index :
							      0;
		}
		return;
	}
	switch (storm_below(4)) {
	case 0:
		p.flags = VFIO_GFX_PLANE_TYPE_DMABUF |
			  (storm_chance(50) ? VFIO_GFX_PLANE_TYPE_PROBE : 0);
		break;
	case 1:
		p.flags = (uint32_t)storm_rand() & ~VFIO_GFX_PLANE_TYPE_PROBE;
		if (p.flags == VFIO_GFX_PLANE_TYPE_REGION)
			p.flags = 0;
		break;
	case 2:
		p.flags = VFIO_GFX_PLANE_TYPE_REGION;
		p.drm_plane_type = 3 + storm_below(100);
		break;
	default:
		p.flags = VFIO_GFX_PLANE_TYPE_REGION;
		p.argsz = storm_below(offsetof(struct vfio_device_gfx_plane_info,
					       region_index) + 4);
		break;
	}
	storm_rec(k_query_bad, ioc(dfd(d), VFIO_DEVICE_QUERY_GFX_PLANE, &p));
}

static void act_query(void)
{
	struct kdev *d = pick_dev();

	if (d)
		query(d, storm_chance(75));
}

static void act_misc_ioctl(void)
{
	struct kdev *d = pick_dev();
	struct {
		struct vfio_device_feature f;
		uint8_t data[64];
	} feat;
	unsigned long req;

	if (!d)
		return;
	switch (storm_below(4)) {
	case 0:
	case 1:
		storm_rec(k_reset, ioc(dfd(d), VFIO_DEVICE_RESET, NULL));
		break;
	case 2:
		/* Not ours: ENOTTY (DMABUF, IOEVENTFD, numbers past them). */
		switch (storm_below(3)) {
		case 0:
			req = VFIO_DEVICE_GET_GFX_DMABUF;
			break;
		case 1:
			req = VFIO_DEVICE_IOEVENTFD;
			break;
		default:
			req = _IO(VFIO_TYPE, VFIO_BASE + 100 + storm_below(100));
			break;
		}
		memset(buf, 0, 64);
		storm_rec(k_unknown, ioc(dfd(d), req, buf));
		break;
	default:
		memset(&feat, 0, sizeof(feat));
		feat.f.argsz = storm_chance(80) ? sizeof(feat) : storm_below(8);
		feat.f.flags = (uint32_t)storm_rand();
		if (storm_chance(70))
			feat.f.flags &= VFIO_DEVICE_FEATURE_MASK |
					VFIO_DEVICE_FEATURE_GET |
					VFIO_DEVICE_FEATURE_PROBE;
		storm_rec(k_feature, ioc(dfd(d), VFIO_DEVICE_FEATURE, &feat));
		break;
	}
}

/* ---- BAR0: what a guest does ---- */

static long bar0(struct kdev *d, uint64_t reg, uint32_t size, int wr,
		 uint64_t val)
{
	ssize_t n;

	n = wr ? pwrite(dfd(d), &val, size, (off_t)(d->off[0] + reg)) :
		 pread(dfd(d), &val, size, (off_t)(d->off[0] + reg));
	if (n < 0)
		return storm_err();
	return (size_t)n == size ? 0 : -EIO;
}

static void wr32(struct kdev *d, uint64_t reg, uint32_t val)
{
	storm_rec(k_bar0_wr, bar0(d, reg, 4, 1, val));
}

static void guest_write(void *ctx, uint64_t reg, uint32_t val)
{
	wr32(ctx, reg, val);
}

static void guest_read(void *ctx, uint64_t reg)
{
	storm_rec(k_bar0_rd, bar0(ctx, reg, 4, 0, 0));
}

/*
 * BAR0 as a guest programs it (the shared display steps), and as a guest
 * probes it: any offset, any size, pipes the vGPU lacks (reads 0, writes
 * ignored); and accesses of a bad size or not inside the BAR (EINVAL).
 */
static void act_guest(void)
{
	static const uint32_t sizes[] = { 1, 2, 4, 8 };
	static const uint32_t bad_sizes[] = { 3, 5, 6, 7, 9, 16 };
	struct kdev *d = pick_dev();
	struct storm_regs r;
	uint64_t v;
	uint32_t w;

	if (!d)
		return;
	if (storm_chance(80)) {
		r = (struct storm_regs){
			.pipes = d->nr_sources / 2,
			.aperture = d->size[GVT_MPT_APERTURE_REGION],
			.write = guest_write,
			.read = guest_read,
			.ctx = d,
		};
		/* What a display would do next: ask for the plane. */
		if (storm_display_step(&r) == STORM_STEP_PLANE &&
		    storm_chance(50))
			query(d, 1);
		return;
	}
	if (storm_chance(60)) {
		w = sizes[storm_below(4)];
		v = storm_below(GVT_MPT_BAR_SIZE - w + 1);
		if (storm_chance(50))
			storm_rec(k_bar0_rd, bar0(d, v, w, 0, 0));
		else if (v >= 0x60000 || storm_chance(10))
			storm_rec(k_bar0_wr, bar0(d, v, w, 1, storm_rand()));
		return;
	}
	if (storm_chance(50)) {
		w = bad_sizes[storm_below(6)];
		v = storm_below(GVT_MPT_BAR_SIZE);
	} else {
		w = sizes[storm_below(4)];
		v = GVT_MPT_BAR_SIZE - w + 1 + storm_below(0x10000);
	}
	storm_rec(k_bar0_bad, bar0(d, v, w, storm_chance(50), 0));
}

/* ---- config space, aperture, views ---- */

static void act_cfg(void)
{
	struct kdev *d = pick_dev();
	uint32_t pos, len, sizes[] = { 1, 2, 4 };
	uint32_t all = 0xffffffff;
	ssize_t n;

	if (!d)
		return;
	switch (storm_below(4)) {
	case 0:
		pos = storm_below(256);
		len = storm_below(256 - pos) + 1;
		n = pread(dfd(d), buf, len, (off_t)(d->off[7] + pos));
		storm_rec(k_cfg, n < 0 ? storm_err() : (uint32_t)n == len ? 0 :
			  -EIO);
		break;
	case 1:		/* BAR sizing, command, anything */
		pos = storm_chance(50) ? 0x10 + 4 * storm_below(6) :
		      storm_below(253);
		len = storm_chance(50) ? 4 : sizes[storm_below(3)];
		if (pos + len > 256)
			pos = 256 - len;
		if (storm_chance(50))
			all = (uint32_t)storm_rand();
		n = pwrite(dfd(d), &all, len, (off_t)(d->off[7] + pos));
		storm_rec(k_cfg, n < 0 ? storm_err() : (uint32_t)n == len ? 0 :
			  -EIO);
		break;
	default:
		if (storm_chance(50)) {
			pos = storm_below(300);
			len = 257 + storm_below(100) - (pos > 256 ? 256 : pos);
			n = pread(dfd(d), buf, len, (off_t)(d->off[7] + pos));
		} else {
			pos = storm_below(300);
			len = storm_chance(50) ? 5 + storm_below(4) : 4;
			if (len == 4)
				pos = 256 + storm_below(100);
			n = pwrite(dfd(d), buf, len, (off_t)(d->off[7] + pos));
		}
		storm_rec(k_cfg_bad, n < 0 ? storm_err() : 0);
		break;
	}
}

static void act_aperture(void)
{
	struct kdev *d = pick_dev();
	uint64_t ap, off;
	uint32_t len;
	ssize_t n;
	int wr = storm_chance(50);

	if (!d)
		return;
	ap = d->size[GVT_MPT_APERTURE_REGION];
	if (storm_chance(85)) {
		uint8_t *b = NULL;

		len = storm_below(BUF_SIZE) + 1;
		off = storm_rand() % (ap - len + 1);
		/* Sometimes from or into a mapping of display memory. */
		if (storm_chance(20))
			b = storm_map_buf(len);
		if (!b) {
			b = buf;
			if (wr)
				memset(buf, (int)storm_below(256), len);
		}
		n = wr ? pwrite(dfd(d), b, len,
				(off_t)(d->off[GVT_MPT_APERTURE_REGION] + off)) :
			 pread(dfd(d), b, len,
			       (off_t)(d->off[GVT_MPT_APERTURE_REGION] + off));
		storm_rec(k_ap_rw, n < 0 ? storm_err() : (uint32_t)n == len ?
			  0 : -EIO);
		return;
	}
	len = storm_below(BUF_SIZE) + 1;
	off = ap - (storm_chance(80) ? storm_below(len) : 0) +
	      (storm_chance(20) ? storm_below(1 << 20) : 0);
	if (off + len <= ap)
		off = ap;
	n = wr ? pwrite(dfd(d), buf, len,
			(off_t)(d->off[GVT_MPT_APERTURE_REGION] + off)) :
		 pread(dfd(d), buf, len,
		       (off_t)(d->off[GVT_MPT_APERTURE_REGION] + off));
	storm_rec(k_ap_bad, n < 0 ? storm_err() : 0);
}

static void act_view(void)
{
	struct kdev *d = pick_dev();
	struct vfio_region_info ri;
	uint32_t index, pages;
	uint64_t size;
	ssize_t n;
	void *m;

	if (!d)
		return;
	index = d->view[storm_below(2)];
	if (!index)
		index = 10 + storm_below(4);
	memset(&ri, 0, sizeof(ri));
	ri.argsz = sizeof(ri);
	ri.index = index;
	storm_rec(k_region_info, ioc(dfd(d), VFIO_DEVICE_GET_REGION_INFO, &ri));
	/* Another user of this device may rebind it meanwhile: EINVAL. */
	size = ri.size ? ri.size : PG;
	switch (storm_below(3)) {
	case 0: {
		uint32_t len = storm_below(BUF_SIZE) + 1;
		uint8_t *b = storm_chance(20) ? storm_map_buf(len) : NULL;

		n = pread(dfd(d), b ? b : buf, len,
			  (off_t)(d->off[index] + storm_rand() % size));
		storm_rec(k_view_read, n < 0 ? storm_err() : 0);
		break;
	}
	case 1:
		pages = (uint32_t)((size + PG - 1) / PG);
		pages = storm_below(pages < 64 ? pages : 64) + 1;
		m = mmap(NULL, pages * PG, PROT_READ, MAP_SHARED, dfd(d),
			 (off_t)d->off[index]);
		storm_rec(k_view_map, m == MAP_FAILED ? storm_err() : 0);
		if (m != MAP_FAILED)
			storm_map_add(m, pages * PG, STORM_MAP_RDONLY_LOCKED,
				      d->tag);
		break;
	default:
		m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, dfd(d),
			 (off_t)d->off[index]);
		if (m != MAP_FAILED) {
			storm_violation(k_view_map_w, "view %u mapped writable",
					index);
			munmap(m, PG);
		} else {
			storm_rec(k_view_map_w, storm_err());
		}
		break;
	}
}

static void act_mmap(void)
{
	struct kdev *d = pick_dev();
	uint64_t ap, pg, pages;
	int prot, flags;
	void *m;

	if (!d)
		return;
	ap = d->size[GVT_MPT_APERTURE_REGION] / PG;
	if (storm_chance(80)) {
		pages = storm_chance(20) ? storm_below(1024) + 1 :
			storm_below(16) + 1;
		pg = storm_rand() % (ap - pages + 1);
		prot = storm_chance(85) ? PROT_READ | PROT_WRITE : PROT_READ;
		m = mmap(NULL, pages * PG, prot, MAP_SHARED, dfd(d),
			 (off_t)(d->off[GVT_MPT_APERTURE_REGION] + pg * PG));
		storm_rec(k_mmap, m == MAP_FAILED ? storm_err() : 0);
		if (m != MAP_FAILED)
			storm_map_add(m, pages * PG, prot & PROT_WRITE ?
				      STORM_MAP_WRITE : 0, d->tag);
		return;
	}
	pages = storm_below(4) + 1;
	pg = storm_rand() % ap;
	flags = MAP_SHARED;
	switch (storm_below(4)) {
	case 0:		/* private */
		flags = MAP_PRIVATE;
		pg = d->off[GVT_MPT_APERTURE_REGION] / PG + pg;
		break;
	case 1:		/* past the end */
		pg = d->off[GVT_MPT_APERTURE_REGION] / PG + ap - pages + 1 +
		     storm_below(8);
		break;
	case 2:		/* a region that is not mappable */
		pg = d->off[storm_chance(50) ? 0 : storm_chance(50) ? 7 :
			    STATUS_REGION] / PG;
		break;
	default:	/* a region index past them */
		pg = ((uint64_t)(NREGIONS + storm_below(20)) << 40) / PG;
		break;
	}
	m = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, flags, dfd(d),
		 (off_t)(pg * PG));
	if (m != MAP_FAILED) {
		storm_violation(k_mmap_bad, "mapped (page offset 0x%llx, %s)",
				(unsigned long long)pg,
				flags == MAP_PRIVATE ? "private" : "shared");
		munmap(m, pages * PG);
	} else {
		storm_rec(k_mmap_bad, storm_err());
	}
}

/* Bad pointers: EFAULT, never more. */
static void act_badptr(void)
{
	struct kdev *d = pick_dev();
	uint8_t *p;
	ssize_t n;
	long ret;

	if (!d)
		return;
	/* Wholly bad, or starting 8 bytes before the bad page. */
	p = storm_chance(70) ? bad_page : bad_page - 8;
	if (storm_chance(20))
		p = NULL;
	switch (storm_below(9)) {
	case 0:
		ret = ioc(dfd(d), VFIO_DEVICE_GET_INFO, p);
		break;
	case 1:
		ret = ioc(dfd(d), VFIO_DEVICE_GET_REGION_INFO, p);
		break;
	case 2:
		ret = ioc(dfd(d), VFIO_DEVICE_GET_IRQ_INFO, p);
		break;
	case 3:
		ret = ioc(dfd(d), VFIO_DEVICE_SET_IRQS, p);
		break;
	case 4:
		ret = ioc(dfd(d), VFIO_DEVICE_QUERY_GFX_PLANE, p);
		break;
	case 5:
		n = pread(dfd(d), p, 8, (off_t)d->off[STATUS_REGION]);
		ret = n < 0 ? storm_err() : 0;
		break;
	case 6:
		n = pread(dfd(d), p, d->dmg_rec, (off_t)d->dmg_off);
		ret = n < 0 ? storm_err() : 0;
		break;
	case 7:
		n = storm_chance(50) ?
		    pwrite(dfd(d), p, 4, (off_t)(d->off[0] +
						 GVT_MPT_PLANE_SURF(0))) :
		    pread(dfd(d), p, 4, (off_t)(d->off[0] +
						GVT_MPT_PIPECONF(0)));
		ret = n < 0 ? storm_err() : 0;
		break;
	default:
		n = storm_chance(50) ?
		    pwrite(dfd(d), p, 64, (off_t)d->off[GVT_MPT_APERTURE_REGION]) :
		    pread(dfd(d), p, 64, (off_t)d->off[GVT_MPT_APERTURE_REGION]);
		ret = n < 0 ? storm_err() : 0;
		break;
	}
	storm_rec(k_badptr, ret);
}

/* ---- backend ---- */

static int kv_setup(void)
{
	if (access(TYPES "/mpt_kvmgt-1head/create", W_OK)) {
		printf("storm: no mpt_kvmgt mdev types (modules loaded?)\n");
		return -1;
	}
	/* The cdev path too where the kernel has it (and iommufd loaded). */
	have_cdev = !access("/dev/iommu", R_OK | W_OK) &&
		    !access("/sys/class/vfio-dev", F_OK);
	printf("storm: VFIO opens through the group%s\n",
	       have_cdev ? " and the device cdev" : " (no device cdev)");
	k_create = storm_kind("mdev-create", 0, EEXIST, ENOSPC, 0);
	k_remove = storm_kind("mdev-remove", 0, ENOENT, ENODEV, EAGAIN, 0);
	k_cleanup_remove = storm_kind("mdev-remove-at-end", 0, ENOENT, 0);
	k_sysfs = storm_kind("mdev-sysfs-read", 0, ENOENT, ENODEV, 0);
	k_container = storm_kind("vfio-container-open", 0, 0);
	k_iommufd = storm_kind("iommufd-open", 0, 0);
	k_cdev_open = storm_kind("vfio-cdev-open", 0, ENOENT, ENODEV, ENXIO, 0);
	k_cdev_bind = storm_kind("vfio-cdev-bind", 0, EBUSY, EINVAL, ENODEV,
				 ENOENT, 0);
	k_cdev_bind2 = storm_kind("vfio-cdev-bind-second-fd", STORM_MUST_FAIL,
				  EINVAL, EBUSY, ENODEV, 0);
	k_ioas = storm_kind("iommufd-ioas-attach", 0, 0);
	k_group = storm_kind("vfio-group-open", 0, ENOENT, ENODEV, EBUSY, 0);
	k_group_setup = storm_kind("vfio-group-setup", STORM_ANY_ERRNO, 0);
	k_device = storm_kind("vfio-device-open", 0, ENODEV, ENOENT, EBUSY, 0);
	k_device2 = storm_kind("vfio-device-open-again", 0, ENODEV, 0);
	k_close = storm_kind("close", 0, 0);
	k_get_info = storm_kind("ioctl-get-info", 0, 0);
	k_info_bad = storm_kind("ioctl-get-info-bad", STORM_MUST_FAIL, EINVAL, 0);
	k_region_info = storm_kind("ioctl-region-info", 0, 0);
	k_region_bad = storm_kind("ioctl-region-info-bad", STORM_MUST_FAIL, EINVAL, 0);
	k_irq_info = storm_kind("ioctl-irq-info", 0, 0);
	k_irq_bad = storm_kind("ioctl-irq-info-bad", STORM_MUST_FAIL, EINVAL, 0);
	k_attach = storm_kind("set-irqs-attach", 0, 0);
	k_detach = storm_kind("set-irqs-detach", 0, 0);
	k_mask = storm_kind("set-irqs-mask-unmask", 0, 0);
	k_loopback = storm_kind("set-irqs-loopback", 0, 0);
	k_irqs_bad = storm_kind("set-irqs-garbage", 0, EINVAL, EBADF, 0);
	k_req = storm_kind("set-irqs-request", 0, 0);
	k_req_respond = storm_kind("request-let-go", 0, 0);
	k_eventfd = storm_kind("eventfd", 0, 0);
	k_efd_read = storm_kind("eventfd-read", 0, EAGAIN, 0);
	k_query = storm_kind("query-plane", 0, 0);
	k_query_bad = storm_kind("query-plane-bad", STORM_MUST_FAIL, EINVAL, 0);
	k_reset = storm_kind("ioctl-reset", 0, 0);
	k_unknown = storm_kind("ioctl-unknown", STORM_MUST_FAIL, ENOTTY, 0);
	k_feature = storm_kind("ioctl-device-feature", STORM_MUST_FAIL, EINVAL, ENOTTY, 0);
	k_bar0_rd = storm_kind("bar0-read", 0, 0);
	k_bar0_wr = storm_kind("bar0-write", 0, 0);
	k_bar0_bad = storm_kind("bar0-bad", STORM_MUST_FAIL, EINVAL, 0);
	k_cfg = storm_kind("config-rw", 0, 0);
	k_cfg_bad = storm_kind("config-rw-bad", STORM_MUST_FAIL, EINVAL, 0);
	k_ap_rw = storm_kind("aperture-rw", 0, 0);
	k_ap_bad = storm_kind("aperture-rw-bad", STORM_MUST_FAIL, EINVAL, 0);
	k_status = storm_kind("status-read", 0, 0);
	k_damage = storm_kind("damage-read", 0, 0);
	k_status_bad = storm_kind("status-damage-bad", STORM_MUST_FAIL, EINVAL, 0);
	k_view_read = storm_kind("view-read", 0, EINVAL, 0);
	k_view_map = storm_kind("view-mmap", 0, EINVAL, 0);
	k_view_map_w = storm_kind("view-mmap-writable", 0, EACCES, 0);
	k_mmap = storm_kind("aperture-mmap", 0, 0);
	k_mmap_bad = storm_kind("mmap-bad", 0, EINVAL, 0);
	k_badptr = storm_kind("bad-pointer", 0, EFAULT, 0);
	return 0;
}

static void kv_worker_init(void)
{
	int i;

	for (i = 0; i < SLOTS; i++)
		dev_reset_fds(&devs[i]);
	bad_page = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS,
			/* anonymous: fd -1, as mmap(2) asks */
			// cppcheck-suppress invalidFunctionArg
			-1, 0);
	buf = malloc(BUF_SIZE);
	if (bad_page == MAP_FAILED || !buf) {
		printf("storm: out of memory\n");
		_exit(2);
	}
	/* The second page is never accessible. */
	bad_page += PG;
	mprotect(bad_page, PG, PROT_NONE);
}

static void kv_worker_fini(void)
{
	int i;

	storm_map_drop_all();
	for (i = 0; i < SLOTS; i++)
		if (devs[i].open)
			dev_close(&devs[i]);
}

/*
 * Every mdev of the pool removed (in children: a removal waits for the
 * device's users), or waited for while a removal is under way.  An mdev
 * whose removal failed with EAGAIN has lost its remove file for good:
 * the mdev core (drivers/vfio/mdev, 6.1 and 6.12) removes the file before
 * it finds that the mdev is still being created, and gives up.  Unloading
 * mpt_kvmgt (the storm's end) removes those.
 */
static int kv_cleanup(void)
{
	char uuid[40], path[160];
	double until = storm_now() + 90, stuck_since = 0;
	int i, left, spawned;

	for (;;) {
		left = spawned = 0;
		for (i = 0; i < pool_size(); i++) {
			uuid_of(i, uuid, sizeof(uuid));
			snprintf(path, sizeof(path), DEVICES "/%s", uuid);
			if (access(path, F_OK))
				continue;
			left++;
			snprintf(path, sizeof(path), DEVICES "/%s/remove",
				 uuid);
			if (!access(path, F_OK) &&
			    storm_spawn_write(path, "1", k_cleanup_remove) > 0)
				spawned++;
		}
		if (!left)
			return 0;
		/*
		 * Only mdevs without a remove file left: a removal under way
		 * (an orphan of a worker) or one that gave up; 5 s for the
		 * first kind.
		 */
		if (!spawned && !stuck_since)
			stuck_since = storm_now();
		else if (spawned)
			stuck_since = 0;
		if (storm_now() > until ||
		    (stuck_since && storm_now() > stuck_since + 5))
			break;
		storm_wait_children(until - storm_now());
		usleep(500000);
	}
	if (storm_wait_children(1)) {
		printf("storm: mdev removals still waiting after 90 s\n");
		return -1;
	}
	printf("storm: %d mdevs without a remove file (removal EAGAIN during their creation), left to the unload of mpt_kvmgt\n",
	       left);
	return 0;
}

static const struct storm_action kv_actions[] = {
	{ "mdev-create", 4, act_create },
	{ "mdev-remove", 2, act_remove },
	{ "mdev-sysfs", 1, act_sysfs },
	{ "open", 6, act_open },
	{ "close", 3, act_close },
	{ "device-fd-2", 1, act_device2 },
	{ "info", 4, act_info },
	{ "irqs", 6, act_irqs },
	{ "request", 3, act_request },
	{ "consume", 5, act_consume },
	{ "status-bad", 2, act_status_bad },
	{ "query", 4, act_query },
	{ "misc-ioctl", 2, act_misc_ioctl },
	{ "guest", 14, act_guest },
	{ "config", 2, act_cfg },
	{ "aperture", 4, act_aperture },
	{ "view", 3, act_view },
	{ "mmap", 4, act_mmap },
	{ "bad-pointer", 2, act_badptr },
	{ NULL, 0, NULL },
};

static const char *const kv_modules[] = { "mpt_kvmgt", "gvt_mpt", NULL };

const struct storm_backend storm_backend = {
	.name = "kvmgt",
	.setup = kv_setup,
	.worker_init = kv_worker_init,
	.worker_fini = kv_worker_fini,
	.actions = kv_actions,
	.cleanup = kv_cleanup,
	.modules = kv_modules,
	.ro_param = "/sys/module/mpt_kvmgt/parameters/max_instances",
};
