// SPDX-License-Identifier: GPL-2.0
/*
 * Replays the scenario corpus through the real kvmgt backend: mdevs created
 * through sysfs, registers through VFIO pread/pwrite, masks through
 * VFIO_DEVICE_SET_IRQS, a real eventfd, vblanks through gvt_mpt's debugfs
 * "advance" file (the module is in manual vblank mode).
 * Usage: scenario_vfio FILE...   (in the test VM, as root)
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/vfio.h>

#include "../scenario.h"
#include "../../tools/vfio_display.h"

#define PARAM_SINGLE_FB	"/sys/module/gvt_mpt/parameters/single_fb_vblanks"
#define ADVANCE		"/sys/kernel/debug/gvt_mpt/advance"

struct vx {
	int exists[SCN_MAX_VGPUS];
	struct vd_dev dev[SCN_MAX_VGPUS];
};

static int write_file(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	int ret = 0;

	if (!f)
		return -errno;
	if (fputs(val, f) < 0)
		ret = -errno;
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

static void uuid_of(int id, char *buf, size_t len)
{
	snprintf(buf, len, "6d7a0000-0000-4000-8000-%012d", id);
}

static struct vd_dev *get(struct vx *x, int id)
{
	if (id < 0 || id >= SCN_MAX_VGPUS || !x->exists[id])
		return NULL;
	return &x->dev[id];
}

static int x_set_single_fb(void *priv, uint32_t n)
{
	char buf[16];

	(void)priv;
	snprintf(buf, sizeof(buf), "%u", n);
	return write_file(PARAM_SINGLE_FB, buf);
}

static int x_create(void *priv, int id, uint32_t heads)
{
	struct vx *x = priv;
	char uuid[64], pattern[128];
	glob_t g;
	int ret;

	if (id < 0 || id >= SCN_MAX_VGPUS || (heads != 1 && heads != 3))
		return -EINVAL;
	if (x->exists[id])
		return -EBUSY;
	snprintf(pattern, sizeof(pattern),
		 "/sys/class/mdev_bus/*/mdev_supported_types/*-%uhead/create",
		 heads);
	if (glob(pattern, 0, NULL, &g) || g.gl_pathc != 1) {
		fprintf(stderr, "no mdev type %s\n", pattern);
		return -ENODEV;
	}
	uuid_of(id, uuid, sizeof(uuid));
	ret = write_file(g.gl_pathv[0], uuid);
	globfree(&g);
	if (ret)
		return ret;
	ret = vd_open(&x->dev[id], uuid);
	if (!ret)
		ret = vd_attach(&x->dev[id]);
	if (ret) {
		char path[128];

		vd_close(&x->dev[id]);
		snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/remove",
			 uuid);
		write_file(path, "1");
		return ret;
	}
	x->exists[id] = 1;
	return 0;
}

static int x_write(void *priv, int id, uint64_t off, uint32_t size,
		   uint32_t val)
{
	struct vd_dev *d = get(priv, id);

	return d ? vd_reg_write(d, off, size, val) : -ENODEV;
}

static int x_read(void *priv, int id, uint64_t off, uint32_t size,
		  uint32_t *val)
{
	struct vd_dev *d = get(priv, id);

	return d ? vd_reg_read(d, off, size, val) : -ENODEV;
}

static int x_vblank(void *priv, uint32_t n)
{
	char buf[16];

	(void)priv;
	snprintf(buf, sizeof(buf), "%u", n);
	return write_file(ADVANCE, buf);
}

static int x_mask(void *priv, int id, int unmask, uint32_t start,
		  uint32_t count, const uint8_t *bools)
{
	struct vd_dev *d = get(priv, id);

	return d ? vd_mask(d, unmask, start, count, bools) : -ENODEV;
}

static int x_attach(void *priv, int id)
{
	struct vd_dev *d = get(priv, id);

	return d ? vd_attach(d) : -ENODEV;
}

static int x_detach(void *priv, int id)
{
	struct vd_dev *d = get(priv, id);

	return d ? vd_detach(d) : -ENODEV;
}

static int x_reset(void *priv, int id)
{
	struct vd_dev *d = get(priv, id);

	if (!d)
		return -ENODEV;
	return ioctl(d->device, VFIO_DEVICE_RESET) ? -errno : 0;
}

static int x_consume(void *priv, int id, uint64_t *counter)
{
	struct vd_dev *d = get(priv, id);

	return d ? vd_consume(d, counter) : -ENODEV;
}

static void x_destroy_all(void *priv)
{
	struct vx *x = priv;
	char uuid[64], path[128];
	int id;

	for (id = 0; id < SCN_MAX_VGPUS; id++) {
		if (!x->exists[id])
			continue;
		vd_close(&x->dev[id]);
		uuid_of(id, uuid, sizeof(uuid));
		snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/remove",
			 uuid);
		if (write_file(path, "1"))
			fprintf(stderr, "cannot remove %s\n", uuid);
		x->exists[id] = 0;
	}
	x_set_single_fb(priv, 5);
}

int main(int argc, char **argv)
{
	static struct vx x;
	struct scn_exec ex = {
		.name = "kvmgt",
		.priv = &x,
		.set_single_fb = x_set_single_fb,
		.create = x_create,
		.write = x_write,
		.read = x_read,
		.vblank = x_vblank,
		.mask = x_mask,
		.attach = x_attach,
		.detach = x_detach,
		.reset = x_reset,
		.consume = x_consume,
		.destroy_all = x_destroy_all,
	};
	int i, pass = 0, failed = 0;

	for (i = 1; i < argc; i++) {
		if (scn_run_file(&ex, argv[i], stdout)) {
			printf("FAIL kvmgt %s\n", argv[i]);
			failed++;
		} else {
			printf("PASS kvmgt %s\n", argv[i]);
			pass++;
		}
	}
	printf("scenarios: %d passed, %d failed\n", pass, failed);
	return failed || !pass;
}
