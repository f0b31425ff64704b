// SPDX-License-Identifier: GPL-2.0
/*
 * Replays the scenario corpus through the real kvmgt backend: mdevs created
 * through sysfs, registers through VFIO pread/pwrite, masks through
 * VFIO_DEVICE_SET_IRQS, a real eventfd, vblanks through gvt_mpt's debugfs
 * "advance" file (the module is in manual vblank mode).
 * Usage: scenario_vfio FILE...   (in the test VM, as root)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/vfio.h>

#include "../scenario.h"
#include "../../tools/vfio_display.h"
#include "vmutil.h"


struct vx {
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
	ret = vd_open(d, uuid);
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

static int x_write(void *priv, int id, uint64_t off, uint32_t size,
		   uint32_t val)
{
	return vd_reg_write(get(priv, id), off, size, val);
}

static int x_read(void *priv, int id, uint64_t off, uint32_t size,
		  uint32_t *val)
{
	return vd_reg_read(get(priv, id), off, size, val);
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

static int x_consume(void *priv, int id, uint64_t *counter)
{
	return vd_consume(get(priv, id), counter);
}

int main(int argc, char **argv)
{
	static struct vx x;
	struct scn_exec ex = {
		.name = "kvmgt",
		.priv = &x,
		SCN_EXEC_OPS(x),
	};

	return scn_main(&ex, "kvmgt", argc, argv);
}
