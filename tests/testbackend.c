// SPDX-License-Identifier: GPL-2.0
/* The userspace test MPT backend. */
#include <errno.h>
#include <string.h>

#include "testbackend.h"
#include "../uapi/gvt_mpt_display.h"

static int tb_display_event(void *handle, unsigned int source)
{
	struct tb_vgpu *v = handle;
	uint64_t inc;

	if (!v->attached)
		return -ENOTCONN;
	inc = scn_event(source);
	/* As eventfd_signal(): the counter saturates, it never wraps. */
	if (UINT64_MAX - v->counter < inc)
		inc = UINT64_MAX - v->counter;
	v->counter += inc;
	v->signals++;
	v->per_source[source]++;
	return 0;
}

const struct gvt_mpt_ops tb_ops = {
	.name = "test",
	.display_event = tb_display_event,
};

void tb_init(struct tb *tb)
{
	memset(tb, 0, sizeof(*tb));
	tb->single_fb = GVT_SINGLE_FB_DEFAULT;
}

static struct tb_vgpu *get(void *priv, int id)
{
	return &((struct tb *)priv)->v[id];
}

static int x_set_single_fb(void *priv, uint32_t n)
{
	((struct tb *)priv)->single_fb = n;
	return 0;
}

static int x_create(void *priv, int id, uint32_t heads)
{
	struct tb *tb = priv;
	struct tb_vgpu *v = get(priv, id);

	memset(v, 0, sizeof(*v));
	v->exists = 1;
	v->attached = 1;
	gvt_display_init(&v->d, heads, tb->single_fb, &tb_ops, v);
	return 0;
}

static void x_destroy(void *priv, int id)
{
	memset(get(priv, id), 0, sizeof(struct tb_vgpu));
}

/* The host path: 4-byte registers, so a wider value is a bad request. */
static int x_write(void *priv, int id, uint64_t off, uint32_t size,
		   uint64_t val)
{
	if (val > UINT32_MAX)
		return -GVT_EINVAL;
	return gvt_display_mmio_write(&get(priv, id)->d, off, size,
				      (uint32_t)val);
}

static int x_read(void *priv, int id, uint64_t off, uint32_t size,
		  uint64_t *val)
{
	uint32_t v;
	int ret = gvt_display_mmio_read(&get(priv, id)->d, off, size, &v);

	if (!ret)
		*val = v;
	return ret;
}

/* The guest path, as kvmgt's BAR0 takes it. */
static int g_write(void *priv, int id, uint64_t off, uint32_t size,
		   uint64_t val)
{
	return gvt_display_mmio_guest_write(&get(priv, id)->d, off, size, val);
}

static int g_read(void *priv, int id, uint64_t off, uint32_t size,
		  uint64_t *val)
{
	return gvt_display_mmio_guest_read(&get(priv, id)->d, off, size, val);
}

static int x_vblank(void *priv, uint32_t n)
{
	struct tb *tb = priv;
	uint32_t i;
	int id;

	for (i = 0; i < n; i++)
		for (id = 0; id < SCN_MAX_VGPUS; id++)
			if (tb->v[id].exists)
				gvt_display_vblank(&tb->v[id].d);
	return 0;
}

static int x_mask(void *priv, int id, int unmask, uint32_t start,
		  uint32_t count, const uint8_t *bools)
{
	struct gvt_display *d = &get(priv, id)->d;

	return unmask ? gvt_display_unmask(d, start, count, bools) :
			gvt_display_mask(d, start, count, bools);
}

/* attach (on) or detach (off) the "eventfd": a new counter either way. */
static int x_attach_set(void *priv, int id, int on)
{
	struct tb_vgpu *v = get(priv, id);

	v->attached = on;
	v->counter = 0;
	return 0;
}

static int x_attach(void *priv, int id)
{
	return x_attach_set(priv, id, 1);
}

static int x_detach(void *priv, int id)
{
	return x_attach_set(priv, id, 0);
}

static int x_reset(void *priv, int id)
{
	gvt_display_reset(&get(priv, id)->d);
	return 0;
}

static int x_consume(void *priv, int id, uint64_t *counter)
{
	struct tb_vgpu *v = get(priv, id);

	*counter = v->counter;
	v->counter = 0;
	return 0;
}

static int x_damage(void *priv, int id, uint32_t src, struct scn_damage *out)
{
	struct gvt_damage dm;
	uint32_t i;
	int ret = gvt_display_take_damage(&get(priv, id)->d, src, &dm);

	if (ret)
		return ret;
	out->flags = dm.flags;
	out->nr = dm.nr;
	for (i = 0; i < dm.nr && i < SCN_DAMAGE_BANDS; i++) {
		out->y[i] = dm.band[i].y;
		out->h[i] = dm.band[i].h;
	}
	return 0;
}

static int x_draw(void *priv, int id, uint32_t pipe, uint32_t plane,
		  uint64_t first, uint64_t last)
{
	int ret = gvt_display_surface_damage(&get(priv, id)->d, pipe, plane,
					     first, last);

	return ret < 0 ? ret : 0;
}

const struct scn_exec tb_exec_template = {
	.name = "core",
	SCN_EXEC_OPS(x),
	.draw = x_draw,
};

void tb_exec(struct tb *tb, struct scn_exec *ex)
{
	*ex = tb_exec_template;
	ex->priv = tb;
}

void tb_exec_guest(struct tb *tb, struct scn_exec *ex)
{
	tb_exec(tb, ex);
	ex->name = "core-guest";
	ex->write = g_write;
	ex->read = g_read;
	ex->guest_path = 1;
}
