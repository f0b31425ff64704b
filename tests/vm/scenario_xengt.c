// SPDX-License-Identifier: GPL-2.0
/*
 * Replays the scenario corpus through the real xengt backend: vGPUs created
 * on /dev/mpt_xengt for domain 0, registers through REG_READ/REG_WRITE,
 * masks through MASK/UNMASK, a real event channel per vGPU (ALLOC_PORT,
 * libxenevtchn bind_interdomain, BIND_PORT), vblanks through gvt_mpt's debugfs "advance"
 * file (the module is in manual vblank mode).
 *
 * A scenario "read" is READ_AND_CLEAR turned into the interpreter's
 * per-source counts (scn_event(), tests/scenario.h), after checking the
 * transport: the bitmap and the counts agree and name only sources the vGPU
 * has; if anything was delivered the event channel must have fired, and
 * (as the automask promises one send per delivery at most) it never fires
 * more often than deliveries were counted.  "detach"/"attach" unbind the
 * port and close it / bind a fresh one.
 * Usage: scenario_xengt FILE...   (in the Xen dom0 test VM, as root)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../scenario.h"
#include "../../tools/xengt_dm.h"
#include "vmutil.h"

#define DOMID		0	/* dom0 is the only domain in the test VM */
#define WAIT_MS		2000

struct xx {
	int fd;			/* one misc fd owns every vGPU of a scenario */
	int nr;			/* vGPUs on @fd */
	struct xd_dev dev[SCN_MAX_VGPUS];
	uint64_t sent[SCN_MAX_VGPUS];	/* deliveries counted since attach */
};

static struct xd_dev *get(void *priv, int id)
{
	return &((struct xx *)priv)->dev[id];
}

static int x_set_single_fb(void *priv, uint32_t n)
{
	(void)priv;
	return vm_set_single_fb(n);
}

static int x_create(void *priv, int id, uint32_t heads)
{
	struct xx *x = priv;
	int ret;

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
	x->nr++;
	x->sent[id] = 0;
	return 0;
}

/* The last vGPU gone, the misc fd is closed too. */
static void x_destroy(void *priv, int id)
{
	struct xx *x = priv;

	xd_close(&x->dev[id]);
	if (--x->nr == 0 && x->fd >= 0) {
		close(x->fd);
		x->fd = -1;
	}
}

/*
 * REG_WRITE/REG_READ: the host path, 4-byte registers (an 8-byte access
 * reaches the module all the same, which refuses its size).
 */
static int x_write(void *priv, int id, uint64_t off, uint32_t size,
		   uint64_t val)
{
	return xd_reg_write(get(priv, id), off, size, (uint32_t)val);
}

static int x_read(void *priv, int id, uint64_t off, uint32_t size,
		  uint64_t *val)
{
	uint32_t v;
	int ret = xd_reg_read(get(priv, id), off, size, &v);

	if (!ret)
		*val = v;
	return ret;
}

static int x_vblank(void *priv, uint32_t n)
{
	(void)priv;
	return vm_advance(n);
}

static int x_mask(void *priv, int id, int unmask, uint32_t start,
		  uint32_t count, const uint8_t *bools)
{
	return xd_mask(get(priv, id), unmask, start, count, bools);
}

static int x_attach(void *priv, int id)
{
	((struct xx *)priv)->sent[id] = 0;
	return xd_attach(get(priv, id));
}

static int x_reset(void *priv, int id)
{
	struct xd_dev *d = get(priv, id);

	return xd_reset_raw(d->fd, d->id);
}

static int x_detach(void *priv, int id)
{
	int ret = xd_detach(get(priv, id));

	/* As VFIO TRIGGER DATA_NONE count 0: detaching nothing is fine. */
	return ret == -ENOTCONN ? 0 : ret;
}

static int x_consume(void *priv, int id, uint64_t *counter)
{
	struct xx *x = priv;
	struct xd_dev *d = get(x, id);
	struct xd_events ev;
	uint64_t bits = 0, counter_now = 0;
	unsigned int s;
	int ret, fired;

	*counter = 0;
	ret = xd_read_and_clear(d, &ev);
	if (ret)
		return ret;
	if (ev.nr_sources != d->nr_sources ||
	    d->nr_sources > GVT_XENGT_MAX_SOURCES) {
		fprintf(stderr, "xengt: %u sources, CREATE said %u\n",
			ev.nr_sources, d->nr_sources);
		return -EIO;
	}
	for (s = 0; s < d->nr_sources; s++) {
		x->sent[id] += ev.count[s];
		counter_now += ev.count[s] * scn_event(s);
		if (ev.count[s])
			bits |= gvt_mpt_source_bit(s);
	}
	if (ev.sources != bits) {
		fprintf(stderr, "xengt: bitmap 0x%llx, counts say 0x%llx\n",
			(unsigned long long)ev.sources,
			(unsigned long long)bits);
		return -EIO;
	}
	if (!d->ev.xce)
		return ev.sources ? -EIO : 0;
	/* The vblank was synchronous; wait a little for the upcall anyway. */
	fired = xd_port_wait(&d->ev, ev.sources ? WAIT_MS : 0);
	if (fired < 0)
		return fired;
	if (ev.sources && !fired) {
		fprintf(stderr, "xengt: sources 0x%llx but the port did not fire\n",
			(unsigned long long)ev.sources);
		return -ETIMEDOUT;
	}
	if (d->ev.fired > x->sent[id]) {
		fprintf(stderr, "xengt: port fired %llu times for %llu deliveries\n",
			(unsigned long long)d->ev.fired,
			(unsigned long long)x->sent[id]);
		return -EIO;
	}
	*counter = counter_now;
	return 0;
}

static int x_damage(void *priv, int id, uint32_t src, struct scn_damage *out)
{
	struct xd_dev *d = get(priv, id);
	struct gvt_xengt_damage a = {
		.argsz = sizeof(a),
		.id = d->id,
		.pipe = src / GVT_MPT_PLANES_PER_PIPE,
		.plane = src % GVT_MPT_PLANES_PER_PIPE,
	};
	uint32_t i;
	int ret = xd_ioctl(d->fd, GVT_XENGT_TAKE_DAMAGE, &a);

	if (ret)
		return ret;
	out->flags = a.damage.flags;
	out->nr = a.damage.nr_rects;
	if (a.damage.nr_rects > SCN_DAMAGE_BANDS)
		return -EIO;
	for (i = 0; i < a.damage.nr_rects; i++) {
		if (a.damage.rects[i].x || !a.damage.rects[i].width)
			return -EIO;
		out->y[i] = a.damage.rects[i].y;
		out->h[i] = a.damage.rects[i].height;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct xx x = { .fd = -1 };
	struct scn_exec ex = {
		.name = "xengt",
		.priv = &x,
		SCN_EXEC_OPS(x),
	};
	int ret;

	/*
	 * The corpus is the pure core's policy, single-framebuffer heuristic
	 * included: the vGPUs are made without write tracking (back to the
	 * default after).
	 */
	vm_set_write_tracking(0);
	ret = scn_main(&ex, "xengt", argc, argv);
	vm_set_write_tracking(1);
	return ret;
}
