// SPDX-License-Identifier: GPL-2.0
/*
 * Replays the scenario corpus through the real xengt backend: vGPUs created
 * on /dev/mpt_xengt for domain 0, registers through REG_READ/REG_WRITE,
 * masks through MASK/UNMASK, a real event channel per vGPU (libxenevtchn
 * unbound port + BIND_PORT), vblanks through gvt_mpt's debugfs "advance"
 * file (the module is in manual vblank mode).
 *
 * A scenario "read" is READ_AND_CLEAR turned into the VFIO counter value
 * (sum of count[s] << shift(s)), after checking the transport: if anything
 * was delivered the event channel must have fired, and (as the automask
 * promises one send per delivery at most) it never fires more often than
 * deliveries were counted.  "detach"/"attach" unbind the port and close it
 * / bind a fresh one.
 * Usage: scenario_xengt FILE...   (in the Xen dom0 test VM, as root)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../scenario.h"
#include "../../tools/xengt_dm.h"

#define PARAM_SINGLE_FB	"/sys/module/gvt_mpt/parameters/single_fb_vblanks"
#define ADVANCE		"/sys/kernel/debug/gvt_mpt/advance"
#define DOMID		0	/* dom0 is the only domain in the test VM */
#define WAIT_MS		2000

struct xx {
	int fd;			/* one misc fd owns every vGPU of a scenario */
	int exists[SCN_MAX_VGPUS];
	struct xd_dev dev[SCN_MAX_VGPUS];
	uint64_t sent[SCN_MAX_VGPUS];	/* deliveries counted since attach */
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

static struct xd_dev *get(struct xx *x, int id)
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
	struct xx *x = priv;
	int ret;

	/* The same vGPU types as the mdev backend: one or three heads. */
	if (id < 0 || id >= SCN_MAX_VGPUS || (heads != 1 && heads != 3))
		return -EINVAL;
	if (x->exists[id])
		return -EBUSY;
	if (x->fd < 0) {
		x->fd = xd_open_dev();
		if (x->fd < 0)
			return x->fd;
	}
	ret = xd_create(&x->dev[id], x->fd, DOMID, heads);
	if (!ret)
		ret = xd_attach(&x->dev[id]);
	if (ret) {
		xd_close(&x->dev[id]);
		return ret;
	}
	x->exists[id] = 1;
	x->sent[id] = 0;
	return 0;
}

static int x_write(void *priv, int id, uint64_t off, uint32_t size,
		   uint32_t val)
{
	struct xd_dev *d = get(priv, id);

	return d ? xd_reg_write(d, off, size, val) : -ENODEV;
}

static int x_read(void *priv, int id, uint64_t off, uint32_t size,
		  uint32_t *val)
{
	struct xd_dev *d = get(priv, id);

	return d ? xd_reg_read(d, off, size, val) : -ENODEV;
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
	struct xd_dev *d = get(priv, id);

	if (!d)
		return -ENODEV;
	/* The ioctl carries 8 bool bytes: more is a range error anyway. */
	if (bools && count > GVT_XENGT_SOURCES)
		return -EINVAL;
	return xd_mask(d, unmask, start, count, bools);
}

static int x_attach(void *priv, int id)
{
	struct xx *x = priv;
	struct xd_dev *d = get(x, id);

	if (!d)
		return -ENODEV;
	x->sent[id] = 0;
	return xd_attach(d);
}

static int x_reset(void *priv, int id)
{
	struct xd_dev *d = get(priv, id);

	return d ? xd_reset_raw(d->fd, d->id) : -ENODEV;
}

static int x_detach(void *priv, int id)
{
	struct xx *x = priv;
	struct xd_dev *d = get(x, id);
	int ret;

	if (!d)
		return -ENODEV;
	ret = xd_detach(d);
	/* As VFIO TRIGGER DATA_NONE count 0: detaching nothing is fine. */
	return ret == -ENOTCONN ? 0 : ret;
}

static int x_consume(void *priv, int id, uint64_t *counter)
{
	struct xx *x = priv;
	struct xd_dev *d = get(x, id);
	struct gvt_xengt_events ev;
	unsigned int s;
	int ret, fired;

	*counter = 0;
	if (!d)
		return -ENODEV;
	ret = xd_read_and_clear(d, &ev);
	if (ret)
		return ret;
	for (s = 0; s < GVT_MPT_MAX_SOURCES; s++)
		x->sent[id] += ev.count[s];
	if (ev.sources & ~((1U << d->nr_sources) - 1)) {
		fprintf(stderr, "xengt: sources 0x%x beyond %u\n", ev.sources,
			d->nr_sources);
		return -EIO;
	}
	if (!d->ev.xce)
		return ev.sources ? -EIO : 0;
	/* The vblank was synchronous; wait a little for the upcall anyway. */
	fired = xd_port_wait(&d->ev, ev.sources ? WAIT_MS : 0);
	if (fired < 0)
		return fired;
	if (ev.sources && !fired) {
		fprintf(stderr, "xengt: sources 0x%x but the port did not fire\n",
			ev.sources);
		return -ETIMEDOUT;
	}
	if (d->ev.fired > x->sent[id]) {
		fprintf(stderr, "xengt: port fired %llu times for %llu deliveries\n",
			(unsigned long long)d->ev.fired,
			(unsigned long long)x->sent[id]);
		return -EIO;
	}
	*counter = xd_counter(&ev);
	return 0;
}

static void x_destroy_all(void *priv)
{
	struct xx *x = priv;
	int id;

	for (id = 0; id < SCN_MAX_VGPUS; id++) {
		if (!x->exists[id])
			continue;
		xd_close(&x->dev[id]);
		x->exists[id] = 0;
	}
	if (x->fd >= 0)
		close(x->fd);
	x->fd = -1;
	x_set_single_fb(priv, 5);
}

int main(int argc, char **argv)
{
	static struct xx x = { .fd = -1 };
	struct scn_exec ex = {
		.name = "xengt",
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
			printf("FAIL xengt %s\n", argv[i]);
			failed++;
		} else {
			printf("PASS xengt %s\n", argv[i]);
			pass++;
		}
	}
	printf("scenarios: %d passed, %d failed\n", pass, failed);
	return failed || !pass;
}
