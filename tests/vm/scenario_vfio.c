// SPDX-License-Identifier: GPL-2.0
/*
 * Replays the scenario corpus through the real kvmgt backend: mdevs created
 * through sysfs, registers through VFIO pread/pwrite of BAR0 (the guest
 * path, as QEMU forwards a guest's accesses: 1-8 bytes), masks through
 * VFIO_DEVICE_SET_IRQS, real eventfds (one per source, or with --shared
 * one for all sources and the read-and-clear status), vblanks through
 * gvt_mpt's debugfs "advance" file (the module is in manual vblank mode).
 * The devices are opened through their VFIO group, or with --cdev through
 * their VFIO device cdev bound to an iommufd.
 * Usage: scenario_vfio [--shared] [--cdev] FILE...   (in the test VM, as root)
 */
#include <errno.h>
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "../scenario.h"
#include "../../tools/vfio_display.h"
#include "vmutil.h"


struct vx {
	int shared;
	enum vd_path path;
	struct vd_dev dev[SCN_MAX_VGPUS];
};

static struct vd_dev *get(void *priv, int id)
{
	return &((struct vx *)priv)->dev[id];
}

static void uuid_of(int id, char *buf, size_t len)
{
	snprintf(buf, len, "6d7a0000-0000-4000-8000-%012d", id);
}

static int x_set_single_fb(void *priv, uint32_t n)
{
	(void)priv;
	return vm_set_single_fb(n);
}

static int x_vblank(void *priv, uint32_t n)
{
	(void)priv;
	return vm_advance(n);
}

static void remove_mdev(int id)
{
	char uuid[64];

	uuid_of(id, uuid, sizeof(uuid));
	if (vd_mdev_remove(uuid))
		fprintf(stderr, "cannot remove %s\n", uuid);
}

static int x_create(void *priv, int id, uint32_t heads)
{
	struct vd_dev *d = get(priv, id);
	char uuid[64];
	int ret;

	uuid_of(id, uuid, sizeof(uuid));
	ret = vd_mdev_create((int)heads, uuid);
	if (ret)
		return ret;
	ret = vd_open_path(d, uuid, ((struct vx *)priv)->path);
	d->shared = ((struct vx *)priv)->shared;
	if (!ret)
		ret = vd_attach(d);
	if (ret) {
		vd_close(d);
		remove_mdev(id);
	}
	return ret;
}

static void x_destroy(void *priv, int id)
{
	vd_close(get(priv, id));
	remove_mdev(id);
}

/* BAR0 accesses of @size bytes, little-endian, as QEMU forwards them. */
static int x_write(void *priv, int id, uint64_t off, uint32_t size,
		   uint64_t val)
{
	struct vd_dev *d = get(priv, id);
	uint64_t le = htole64(val);
	ssize_t n;

	if (size > sizeof(le) || off > UINT64_MAX - d->bar0 ||
	    d->bar0 + off > INT64_MAX)
		return -EINVAL;
	n = pwrite(d->device, &le, size, (off_t)(d->bar0 + off));
	if (n < 0)
		return -errno;
	return (size_t)n == size ? 0 : -EIO;
}

static int x_read(void *priv, int id, uint64_t off, uint32_t size,
		  uint64_t *val)
{
	struct vd_dev *d = get(priv, id);
	uint64_t le = 0;
	ssize_t n;

	if (size > sizeof(le) || off > UINT64_MAX - d->bar0 ||
	    d->bar0 + off > INT64_MAX)
		return -EINVAL;
	n = pread(d->device, &le, size, (off_t)(d->bar0 + off));
	if (n < 0)
		return -errno;
	if ((size_t)n != size)
		return -EIO;
	*val = le64toh(le);
	return 0;
}

static int x_mask(void *priv, int id, int unmask, uint32_t start,
		  uint32_t count, const uint8_t *bools)
{
	return vd_mask(get(priv, id), unmask, start, count, bools);
}

static int x_attach(void *priv, int id)
{
	return vd_attach(get(priv, id));
}

static int x_detach(void *priv, int id)
{
	return vd_detach(get(priv, id));
}

static int x_reset(void *priv, int id)
{
	return ioctl(get(priv, id)->device, VFIO_DEVICE_RESET) ? -errno : 0;
}

/*
 * Per-source eventfds give each source's count.  In shared mode the
 * status gives the sources (count 1 each; the interpreter then compares
 * sources only), and the shared eventfd's value must be at least their
 * number (more when a source was unmasked unread and delivered again) and
 * zero exactly when the status is empty.
 */
static int x_consume(void *priv, int id, uint64_t *counter)
{
	struct vd_dev *d = get(priv, id);
	uint32_t counts[GVT_MPT_MAX_SOURCES], s, n = 0;
	uint64_t total;
	int ret = vd_consume(d, counts, &total);

	*counter = 0;
	if (ret)
		return ret;
	for (s = 0; s < d->nr_sources; s++) {
		*counter += counts[s] * scn_event(s);
		n += counts[s];
	}
	if (d->shared && (total < n || !total != !n)) {
		fprintf(stderr, "shared eventfd %llu, status has %u sources\n",
			(unsigned long long)total, n);
		return -EIO;
	}
	return 0;
}

/* Rectangles as the corpus's bands: whole lines from column 0. */
static int rects_to_bands(const struct gvt_mpt_damage *dm,
			  struct scn_damage *out)
{
	uint32_t i;

	out->flags = dm->flags;
	out->nr = dm->nr_rects;
	if (dm->nr_rects > SCN_DAMAGE_BANDS)
		return -EIO;
	for (i = 0; i < dm->nr_rects; i++) {
		if (dm->rects[i].x || !dm->rects[i].width) {
			fprintf(stderr, "damage rect %u: x %u width %u\n", i,
				dm->rects[i].x, dm->rects[i].width);
			return -EIO;
		}
		out->y[i] = dm->rects[i].y;
		out->h[i] = dm->rects[i].height;
	}
	return 0;
}

/*
 * The damage record of @src: in the status region, at 64 + src * 72 (what
 * the damage capability says; kvmgt_test damage checks the capability).
 */
static int x_damage(void *priv, int id, uint32_t src, struct scn_damage *out)
{
	struct vd_dev *d = get(priv, id);
	struct gvt_mpt_damage dm;
	ssize_t n;

	n = pread(d->device, &dm, sizeof(dm),
		  (off_t)(d->status_pos + 64 + (uint64_t)src * sizeof(dm)));
	if (n < 0)
		return -errno;
	if ((size_t)n != sizeof(dm))
		return -EIO;
	return rects_to_bands(&dm, out);
}

int main(int argc, char **argv)
{
	static struct vx x;
	struct scn_exec ex = {
		.name = "kvmgt",
		.priv = &x,
		SCN_EXEC_OPS(x),
		.guest_path = 1,
	};
	const char *name = "kvmgt";
	int i, ret;

	for (i = 0; i < SCN_MAX_VGPUS; i++)
		vd_init(&x.dev[i]);
	/*
	 * The corpus is the pure core's policy, single-framebuffer heuristic
	 * included: the vGPUs are made without write tracking (back to the
	 * default after).
	 */
	vm_set_write_tracking(0);
	for (; argc > 1; argc--, argv++) {
		if (!strcmp(argv[1], "--shared"))
			x.shared = 1;
		else if (!strcmp(argv[1], "--cdev"))
			x.path = VD_PATH_CDEV;
		else
			break;
		argv[1] = argv[0];
	}
	ex.sources_only = x.shared;
	if (x.path == VD_PATH_CDEV)
		name = x.shared ? "kvmgt-cdev-shared" : "kvmgt-cdev";
	else if (x.shared)
		name = "kvmgt-shared";
	ret = scn_main(&ex, name, argc, argv);
	vm_set_write_tracking(1);
	return ret;
}
