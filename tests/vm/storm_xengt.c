// SPDX-License-Identifier: GPL-2.0
/*
 * The storm's xengt backend (tests/vm/storm.c), in Xen dom0: each worker
 * opens and closes files of /dev/mpt_xengt (two at most) and on them
 * creates and destroys vGPUs of domain 0 and drives the ioctls of
 * uapi/gvt_mpt_xengt.h good and bad: ports (ALLOC_PORT, the module's port
 * bound through libxenevtchn, BIND_PORT, UNBIND_PORT, our end closed
 * under the module), masks, READ_AND_CLEAR, register accesses (the
 * shared display steps on the host path; bad offsets, sizes, read-only
 * registers), INFO, RESET, QUERY_PLANE, TAKE_DAMAGE, REFRESH_MODE with
 * every argsz, garbage arguments to every number, unknown numbers, bad
 * pointers, and mmaps of the vGPUs' display memory good and bad.  A
 * mapping kept over DESTROY may take SIGBUS (allowed on it from then on,
 * never before); one kept over the file's close keeps its vGPU alive.
 * vGPU ioctls allow ENOENT (a garbage DESTROY may have hit the id: the
 * worker then learns it from INFO).  Fork-hold children share the
 * worker's files but not its bookkeeping, so they never create or
 * destroy (nor send garbage, which may do either), and do not rely on
 * their view of which ids are free: the worker would meet ids it does
 * not know of, or SIGBUS it could not expect.  Their vGPU ops may meet
 * another vGPU under an id (kind vgpu-op-in-child: any errno but EFAULT,
 * ENOTTY, EIO).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "storm.h"
#include "../../tools/xengt_dm.h"
#include "../../uapi/gvt_mpt_regs.h"

#define FILES		2
#define NVG		GVT_XENGT_MAX_VGPUS_PER_FD
#define PG		4096UL
#define ARG_SIZE	4096

struct xvg {
	int live;
	uint32_t heads, nr_sources;
	uint64_t tag;		/* of its mappings */
	struct xd_port ev;	/* our end of its channel, if bound */
};

struct xfile {
	int fd;
	struct xvg vg[NVG];
};

static struct xfile files[FILES];
static uint64_t next_tag;
static uint8_t *bad_page;	/* PROT_NONE */
static uint8_t *arg;		/* ARG_SIZE bytes for ioctl arguments */

static int k_open, k_close, k_create, k_create_bad, k_destroy, k_unknown_id,
	   k_alloc, k_evtchn, k_bind, k_unbind, k_end_close, k_mask,
	   k_mask_bad, k_rac, k_reg_rd, k_reg_wr, k_reg_ro, k_reg_bad, k_info,
	   k_reset, k_query, k_query_bad, k_damage, k_damage_bad, k_refresh,
	   k_garbage, k_unknown, k_badptr, k_mmap, k_mmap_bad, k_wait,
	   k_resync, k_child;

static long xioc(int fd, unsigned long cmd, void *a)
{
	return ioctl(fd, cmd, a) < 0 ? storm_err() : 0;
}

/*
 * @len bytes of @a through a mapping of display memory sometimes (the
 * kernel's copies then fault it in, under the file's lock): the ioctl
 * on a copy there, the result copied back.
 */
static long xioc_via_map(int fd, unsigned long cmd, void *a, size_t len)
{
	void *b = storm_chance(20) ? storm_map_buf(len) : NULL;
	long ret;

	if (!b)
		return xioc(fd, cmd, a);
	memcpy(b, a, len);
	ret = xioc(fd, cmd, b);
	memcpy(a, b, len);
	return ret;
}

static struct xfile *pick_file(void)
{
	int i = (int)storm_below(FILES);

	if (files[i].fd >= 0)
		return &files[i];
	i = !i;
	return files[i].fd >= 0 ? &files[i] : NULL;
}

/* A live vGPU of an open file: its id in *@id; NULL if none. */
static struct xfile *pick_vg(uint32_t *id)
{
	struct xfile *f = pick_file();
	uint32_t i, n = 0, pick;

	if (!f)
		return NULL;
	for (i = 0; i < NVG; i++)
		n += f->vg[i].live;
	if (!n)
		return NULL;
	pick = storm_below(n);
	for (i = 0; i < NVG; i++) {
		if (f->vg[i].live && !pick--) {
			*id = i;
			return f;
		}
	}
	return NULL;
}

/* The vGPU @id of @f is gone: its mappings may take SIGBUS. */
static void vg_gone(struct xfile *f, uint32_t id)
{
	struct xvg *v = &f->vg[id];

	storm_map_stale(v->tag);
	if (v->ev.xce && storm_chance(70))
		xd_port_free(&v->ev);
	v->live = 0;
}

/*
 * The result of an op on vGPU @id of @f.  ENOENT: it is gone (a garbage
 * DESTROY).  In a fork-hold child the id may name another vGPU by now
 * (the worker destroyed it and created one, with other heads, under the
 * same id): there any errno but EFAULT, ENOTTY and EIO is fine.
 */
static void vg_result(struct xfile *f, uint32_t id, int kind, long ret)
{
	storm_rec(storm_in_child() ? k_child : kind, ret);
	if (ret == -ENOENT)
		vg_gone(f, id);
}

/* Learn which ids are live on @f (after garbage: any may have changed). */
static void resync(struct xfile *f)
{
	struct gvt_xengt_info info;
	struct xvg *v;
	uint32_t id;
	long ret;

	for (id = 0; id < NVG; id++) {
		v = &f->vg[id];
		memset(&info, 0, sizeof(info));
		info.argsz = sizeof(info);
		info.id = id;
		ret = xioc(f->fd, GVT_XENGT_INFO, &info);
		storm_rec(k_resync, ret);
		if (ret == -ENOENT && v->live) {
			vg_gone(f, id);
		} else if (!ret && !v->live) {
			/* A garbage CREATE made it: a new vGPU to us. */
			v->live = 1;
			v->nr_sources = info.nr_sources;
			v->heads = info.nr_sources / 2;
			v->tag = ++next_tag | (uint64_t)storm_worker() << 48;
		}
	}
}

/* ---- files, vGPUs ---- */

static void act_open(void)
{
	int i;

	for (i = 0; i < FILES; i++) {
		if (files[i].fd >= 0)
			continue;
		files[i].fd = open(GVT_XENGT_DEVICE, O_RDWR | O_CLOEXEC);
		storm_rec(k_open, files[i].fd < 0 ? storm_err() : 0);
		memset(files[i].vg, 0, sizeof(files[i].vg));
		return;
	}
}

static void file_close(struct xfile *f)
{
	uint32_t id;

	/*
	 * Its vGPUs go with the last reference to the file: not while a
	 * mapping (or a fork-hold child) holds it, so no mapping goes stale.
	 */
	for (id = 0; id < NVG; id++) {
		if (f->vg[id].ev.xce && storm_chance(50))
			xd_port_free(&f->vg[id].ev);
		f->vg[id].live = 0;
	}
	storm_rec(k_close, close(f->fd) ? storm_err() : 0);
	f->fd = -1;
}

static void act_close(void)
{
	struct xfile *f = pick_file();

	if (f)
		file_close(f);
}

/* Not in a child: the worker would not know the id it takes. */
static void act_create(void)
{
	struct xfile *f = pick_file();
	struct gvt_xengt_create c;
	struct xvg *v;
	long ret;

	if (!f || storm_in_child())
		return;
	memset(&c, 0, sizeof(c));
	c.argsz = sizeof(c);
	c.heads = storm_chance(70) ? 1 : 1 + storm_below(3);
	ret = xioc(f->fd, GVT_XENGT_CREATE, &c);
	storm_rec(k_create, ret);
	if (ret)
		return;
	if (c.id >= NVG || c.nr_sources != 2 * c.heads) {
		storm_violation(k_create, "id %u, %u sources for %u heads",
				c.id, c.nr_sources, c.heads);
		return;
	}
	v = &f->vg[c.id];
	if (v->ev.xce)
		xd_port_free(&v->ev);
	v->live = 1;
	v->heads = c.heads;
	v->nr_sources = c.nr_sources;
	v->tag = ++next_tag | (uint64_t)storm_worker() << 48;
}

static void act_create_bad(void)
{
	struct xfile *f = pick_file();
	struct gvt_xengt_create c;
	long ret;

	if (!f || storm_in_child())
		return;
	memset(&c, 0, sizeof(c));
	c.argsz = sizeof(c);
	c.heads = 1;
	switch (storm_below(5)) {
	case 0:
		c.heads = storm_chance(50) ? 0 : 4 + storm_below(100);
		break;
	case 1:		/* reserved domids */
		c.domid = 0x7ff0 + storm_below(16);
		break;
	case 2:		/* no such domain */
		c.domid = 1 + storm_below(1000);
		break;
	case 3:
		c.flags = 1U << storm_below(32);
		break;
	default:
		c.argsz = storm_below(sizeof(c));
		break;
	}
	ret = xioc(f->fd, GVT_XENGT_CREATE, &c);
	storm_rec(k_create_bad, ret);
	if (!ret)
		resync(f);
}

static void act_destroy(void)
{
	struct gvt_xengt_vgpu a;
	struct xfile *f;
	uint32_t id;

	if (storm_in_child())
		return;
	f = pick_vg(&id);
	if (!f)
		return;
	memset(&a, 0, sizeof(a));
	a.argsz = sizeof(a);
	a.id = id;
	storm_map_may_go(f->vg[id].tag);
	storm_rec(k_destroy, xioc(f->fd, GVT_XENGT_DESTROY, &a));
	vg_gone(f, id);
}

/* ---- ports ---- */

/* A channel for vGPU @id: ALLOC_PORT, our end bound, BIND_PORT. */
static void attach(struct xfile *f, uint32_t id)
{
	struct xvg *v = &f->vg[id];
	struct gvt_xengt_port p;
	long ret;

	memset(&p, 0, sizeof(p));
	p.argsz = sizeof(p);
	p.id = id;
	ret = xioc(f->fd, GVT_XENGT_ALLOC_PORT, &p);
	vg_result(f, id, k_alloc, ret);
	if (ret)
		return;
	if (v->ev.xce)
		xd_port_free(&v->ev);
	ret = xd_port_bind(&v->ev, p.port);
	storm_rec(k_evtchn, ret);
	if (ret)
		return;
	memset(&p, 0, sizeof(p));
	p.argsz = sizeof(p);
	p.id = id;
	p.port = storm_chance(95) ? v->ev.port : (uint32_t)storm_rand();
	vg_result(f, id, k_bind, xioc(f->fd, GVT_XENGT_BIND_PORT, &p));
}

static void act_port(void)
{
	struct gvt_xengt_vgpu a;
	struct gvt_xengt_port p;
	struct xfile *f;
	uint32_t id;

	f = pick_vg(&id);
	if (!f)
		return;
	switch (storm_below(6)) {
	case 0:
	case 1:
		attach(f, id);
		break;
	case 2:
		memset(&a, 0, sizeof(a));
		a.argsz = sizeof(a);
		a.id = id;
		vg_result(f, id, k_unbind, xioc(f->fd, GVT_XENGT_UNBIND_PORT,
						&a));
		if (storm_chance(70))
			xd_port_free(&f->vg[id].ev);
		break;
	case 3:
		/* Our end closed under the module: it notices, closes its. */
		if (f->vg[id].ev.xce) {
			xd_port_free(&f->vg[id].ev);
			storm_rec(k_end_close, 0);
		}
		break;
	case 4:
		/* ALLOC_PORT alone (EBUSY while connected). */
		memset(&p, 0, sizeof(p));
		p.argsz = sizeof(p);
		p.id = id;
		vg_result(f, id, k_alloc, xioc(f->fd, GVT_XENGT_ALLOC_PORT,
					       &p));
		break;
	default:
		/* BIND_PORT with a port nobody bound to the module's. */
		memset(&p, 0, sizeof(p));
		p.argsz = sizeof(p);
		p.id = id;
		p.port = storm_below(4096);
		vg_result(f, id, k_bind, xioc(f->fd, GVT_XENGT_BIND_PORT, &p));
		break;
	}
}

/* ---- a device model's turn ---- */

static long mask(struct xfile *f, uint32_t id, int unmask, uint32_t start,
		 uint32_t count, int with_bools)
{
	struct gvt_xengt_mask *m = (struct gvt_xengt_mask *)arg;
	uint32_t i;

	memset(arg, 0, sizeof(*m) + 64);
	m->argsz = (uint32_t)sizeof(*m);
	m->id = id;
	m->start = start;
	m->count = count;
	if (with_bools) {
		m->flags = GVT_XENGT_MASK_BOOL;
		for (i = 0; i < count && i < 64; i++)
			m->bools[i] = (uint8_t)storm_below(2);
		m->argsz += count < 64 ? count : 64;
	}
	return xioc(f->fd, unmask ? GVT_XENGT_UNMASK : GVT_XENGT_MASK, m);
}

static void act_consume(void)
{
	struct gvt_xengt_events *ev = (struct gvt_xengt_events *)arg;
	struct gvt_xengt_damage dm;
	struct xfile *f;
	struct xvg *v;
	uint32_t id, s;
	long ret;

	f = pick_vg(&id);
	if (!f)
		return;
	v = &f->vg[id];
	if (v->ev.xce)
		storm_rec(k_wait, xd_port_wait(&v->ev, storm_chance(20) ? 5 : 0));
	memset(arg, 0, sizeof(*ev) + 64);
	ev->argsz = (uint32_t)sizeof(*ev) + storm_below(65);
	ev->id = id;
	ret = xioc_via_map(f->fd, GVT_XENGT_READ_AND_CLEAR, ev,
			   sizeof(*ev) + 64);
	vg_result(f, id, k_rac, ret);
	if (ret)
		return;
	if (ev->nr_sources != v->nr_sources && !storm_in_child())
		storm_violation(k_rac, "%u sources, not %u", ev->nr_sources,
				v->nr_sources);
	for (s = 0; s < v->nr_sources; s++) {
		if (!(ev->sources >> s & 1) && storm_chance(80))
			continue;
		memset(&dm, 0, sizeof(dm));
		dm.argsz = sizeof(dm);
		dm.id = id;
		dm.pipe = s / 2;
		dm.plane = s % 2;
		vg_result(f, id, k_damage,
			  xioc_via_map(f->fd, GVT_XENGT_TAKE_DAMAGE, &dm,
				       sizeof(dm)));
	}
	if (storm_chance(80))
		vg_result(f, id, k_mask, mask(f, id, 1, 0, v->nr_sources, 0));
}

static void act_mask(void)
{
	struct xfile *f;
	struct xvg *v;
	uint32_t id, s, c;

	f = pick_vg(&id);
	if (!f)
		return;
	v = &f->vg[id];
	s = storm_below(v->nr_sources);
	c = storm_below(v->nr_sources - s) + 1;
	if (storm_chance(70)) {
		vg_result(f, id, k_mask, mask(f, id, storm_chance(50), s, c,
					      storm_chance(40)));
		return;
	}
	switch (storm_below(4)) {
	case 0:
		s = v->nr_sources + storm_below(100);
		break;
	case 1:
		c = v->nr_sources - s + 1 + storm_below(100);
		break;
	case 2:
		c = 0;
		break;
	default:
		s = 1 + storm_below(0x7fffffff);
		c = 0xffffffff - s + 1 + storm_below(16);
		break;
	}
	vg_result(f, id, k_mask_bad, mask(f, id, storm_chance(50), s, c,
					  storm_chance(40)));
}

/* ---- registers ---- */

struct regctx {
	struct xfile *f;
	uint32_t id;
};

static long reg(struct xfile *f, uint32_t id, int wr, uint64_t off,
		uint32_t size, uint32_t val)
{
	struct gvt_xengt_reg r;

	memset(&r, 0, sizeof(r));
	r.argsz = sizeof(r);
	r.id = id;
	r.size = size;
	r.offset = off;
	r.value = val;
	return xioc_via_map(f->fd, wr ? GVT_XENGT_REG_WRITE :
			    GVT_XENGT_REG_READ, &r, sizeof(r));
}

static void reg_write(void *ctx, uint64_t off, uint32_t val)
{
	struct regctx *c = ctx;

	vg_result(c->f, c->id, k_reg_wr, reg(c->f, c->id, 1, off, 4, val));
}

static void reg_read(void *ctx, uint64_t off)
{
	struct regctx *c = ctx;

	vg_result(c->f, c->id, k_reg_rd, reg(c->f, c->id, 0, off, 4, 0));
}

static void act_regs(void)
{
	struct storm_regs r;
	struct regctx c;
	struct xfile *f;
	struct xvg *v;
	uint32_t id, p;
	uint64_t off;

	f = pick_vg(&id);
	if (!f)
		return;
	v = &f->vg[id];
	c = (struct regctx){ f, id };
	if (storm_chance(80)) {
		r = (struct storm_regs){
			.pipes = v->heads,
			.aperture = GVT_MPT_APERTURE_SIZE(v->heads),
			.write = reg_write,
			.read = reg_read,
			.ctx = &c,
		};
		storm_display_step(&r);
		return;
	}
	p = storm_below(v->heads);
	switch (storm_below(5)) {
	case 0:		/* read-only registers: EPERM */
		off = storm_chance(33) ? GVT_MPT_PIPE_FRMCOUNT(p) :
		      storm_chance(50) ? GVT_MPT_PIPE_FLIPCOUNT(p) :
		      GVT_MPT_PLANE_SURFLIVE(p);
		vg_result(f, id, k_reg_ro, reg(f, id, 1, off, 4,
					       (uint32_t)storm_rand()));
		return;
	case 1:		/* a pipe it lacks (or none has) */
		off = GVT_MPT_PIPECONF(v->heads + storm_below(4 - v->heads));
		break;
	case 2:		/* not a register (the host path is strict) */
		off = GVT_MPT_PIPECONF(p) + 4 + 4 * storm_below(3);
		if (storm_chance(50))
			off = 4 * (uint64_t)storm_below(0x60000 / 4);
		break;
	case 3:		/* unaligned */
		off = GVT_MPT_PLANE_SURF(p) + 1 + storm_below(3);
		break;
	default:	/* size other than 4, or past the BAR */
		if (storm_chance(50)) {
			vg_result(f, id, k_reg_bad,
				  reg(f, id, storm_chance(50),
				      GVT_MPT_PLANE_SURF(p),
				      storm_chance(50) ? storm_below(4) :
				      5 + storm_below(100), 0));
			return;
		}
		off = GVT_MPT_BAR_SIZE + 4 * (uint64_t)storm_below(1 << 20);
		break;
	}
	vg_result(f, id, k_reg_bad, reg(f, id, storm_chance(50), off, 4, 0));
}

/* ---- queries ---- */

static void act_query(void)
{
	struct gvt_xengt_info *info = (struct gvt_xengt_info *)arg;
	struct gvt_xengt_plane q;
	struct gvt_xengt_damage dm;
	struct gvt_xengt_refresh rf;
	struct gvt_xengt_vgpu a;
	struct xfile *f;
	struct xvg *v;
	uint32_t id, want;
	long ret;

	f = pick_vg(&id);
	if (!f)
		return;
	v = &f->vg[id];
	switch (storm_below(7)) {
	case 0:
		memset(arg, 0, 256);
		want = (uint32_t)sizeof(*info) +
		       v->nr_sources * (uint32_t)sizeof(info->sources[0]);
		info->argsz = storm_chance(50) ? want :
			      (uint32_t)sizeof(*info) + storm_below(80);
		info->id = id;
		ret = xioc_via_map(f->fd, GVT_XENGT_INFO, info, 256);
		vg_result(f, id, k_info, ret);
		if (!ret && !storm_in_child() &&
		    (info->nr_sources != v->nr_sources || info->argsz < want))
			storm_violation(k_info, "%u sources, argsz %u (need %u)",
					info->nr_sources, info->argsz, want);
		break;
	case 1:
		memset(&a, 0, sizeof(a));
		a.argsz = sizeof(a);
		a.id = id;
		vg_result(f, id, k_reset, xioc(f->fd, GVT_XENGT_RESET, &a));
		break;
	case 2:
	case 3:
		memset(&q, 0, sizeof(q));
		q.argsz = sizeof(q);
		q.id = id;
		q.pipe = storm_below(v->heads);
		q.plane = storm_below(2);
		ret = xioc(f->fd, GVT_XENGT_QUERY_PLANE, &q);
		vg_result(f, id, k_query, ret);
		if (!ret && q.visible && !storm_in_child() &&
		    q.offset + (uint64_t)q.stride * (q.height - 1) +
		    (uint64_t)q.width * 4 > GVT_MPT_APERTURE_SIZE(v->heads))
			storm_violation(k_query, "visible surface past the aperture");
		break;
	case 4:
		memset(&q, 0, sizeof(q));
		q.argsz = sizeof(q);
		q.id = id;
		if (storm_chance(50))
			q.pipe = v->heads + storm_below(100);
		else
			q.plane = 2 + storm_below(100);
		vg_result(f, id, k_query_bad,
			  xioc(f->fd, GVT_XENGT_QUERY_PLANE, &q));
		break;
	case 5:
		memset(&dm, 0, sizeof(dm));
		dm.argsz = sizeof(dm);
		dm.id = id;
		if (storm_chance(50)) {
			dm.pipe = storm_below(v->heads);
			dm.plane = storm_below(2);
			vg_result(f, id, k_damage,
				  xioc(f->fd, GVT_XENGT_TAKE_DAMAGE, &dm));
			break;
		}
		if (storm_chance(50))
			dm.pipe = v->heads + storm_below(100);
		else
			dm.plane = 2 + storm_below(100);
		vg_result(f, id, k_damage_bad,
			  xioc(f->fd, GVT_XENGT_TAKE_DAMAGE, &dm));
		break;
	default:
		memset(&rf, 0, sizeof(rf));
		rf.argsz = sizeof(rf);
		rf.id = id;
		vg_result(f, id, k_refresh,
			  xioc(f->fd, GVT_XENGT_REFRESH_MODE, &rf));
		break;
	}
}

/* A vGPU id nobody created on this file: ENOENT for every number. */
static void act_unknown_id(void)
{
	static const unsigned long cmds[] = {
		GVT_XENGT_DESTROY, GVT_XENGT_BIND_PORT, GVT_XENGT_UNBIND_PORT,
		GVT_XENGT_MASK, GVT_XENGT_UNMASK, GVT_XENGT_READ_AND_CLEAR,
		GVT_XENGT_REG_READ, GVT_XENGT_REG_WRITE, GVT_XENGT_INFO,
		GVT_XENGT_RESET, GVT_XENGT_QUERY_PLANE, GVT_XENGT_TAKE_DAMAGE,
		GVT_XENGT_REFRESH_MODE, GVT_XENGT_ALLOC_PORT,
	};
	struct xfile *f = pick_file();
	struct xg_hdr {
		uint32_t argsz, flags, id;
	} *h = (struct xg_hdr *)arg;
	uint32_t id;

	/* A child's view of the live ids is as old as the child. */
	if (!f || storm_in_child())
		return;
	id = storm_chance(80) ? storm_below(NVG) : NVG + storm_below(1000);
	if (id < NVG && f->vg[id].live)
		return;
	/*
	 * Big enough for every argument struct, flags and pad zero: the id
	 * is what is checked next.
	 */
	memset(arg, 0, 256);
	h->argsz = 256;
	h->id = id;
	storm_rec(k_unknown_id, xioc(f->fd, cmds[storm_below(14)], arg));
}

/*
 * Garbage: any of our numbers (and the unused ones) with random argsz,
 * flags and fields; then the ids are learnt again.  Not in a child: a
 * DESTROY would make the worker's mappings stale behind its back.
 */
static void act_garbage(void)
{
	struct xfile *f = pick_file();
	uint32_t *w = (uint32_t *)arg, i, nr;

	if (!f || storm_in_child())
		return;
	for (i = 0; i < 64; i++)
		w[i] = storm_chance(50) ? storm_below(4) : (uint32_t)storm_rand();
	/* argsz: small, about right or large (never past the buffer's use). */
	w[0] = storm_chance(30) ? storm_below(64) : storm_chance(50) ?
	       16 + storm_below(80) : (uint32_t)storm_rand();
	if (storm_chance(50))
		w[1] = 0;
	if (storm_chance(60))
		w[2] = storm_below(NVG);
	nr = storm_below(32);
	/* A DESTROY of a live vGPU: its mappings may go stale. */
	if (nr == 1 && w[2] < NVG && f->vg[w[2]].live)
		storm_map_may_go(f->vg[w[2]].tag);
	storm_rec(k_garbage, xioc(f->fd, _IO(GVT_XENGT_IOCTL_MAGIC, nr), arg));
	resync(f);
}

static void act_unknown(void)
{
	struct xfile *f = pick_file();
	unsigned long cmd;

	if (!f)
		return;
	memset(arg, 0, 64);
	*(uint32_t *)arg = 64;
	switch (storm_below(3)) {
	case 0:
		cmd = _IO(GVT_XENGT_IOCTL_MAGIC, 15 + storm_below(241));
		break;
	case 1:		/* the earlier size-encoded numbers */
		cmd = _IOWR(GVT_XENGT_IOCTL_MAGIC, storm_below(15),
			    struct gvt_xengt_create);
		break;
	default:
		cmd = _IO('x', storm_below(256));
		break;
	}
	storm_rec(k_unknown, xioc(f->fd, cmd, arg));
}

static void act_badptr(void)
{
	static const unsigned long cmds[] = {
		GVT_XENGT_CREATE, GVT_XENGT_DESTROY, GVT_XENGT_MASK,
		GVT_XENGT_READ_AND_CLEAR, GVT_XENGT_REG_READ, GVT_XENGT_INFO,
		GVT_XENGT_QUERY_PLANE, GVT_XENGT_TAKE_DAMAGE,
		GVT_XENGT_REFRESH_MODE, GVT_XENGT_ALLOC_PORT,
	};
	struct xfile *f = pick_file();
	uint8_t *p;

	if (!f || storm_in_child())
		return;
	switch (storm_below(3)) {
	case 0:
		p = storm_chance(50) ? NULL : bad_page;
		break;
	case 1:
		/* argsz readable (and large enough), the rest not. */
		p = bad_page - 4;
		*(uint32_t *)p = ARG_SIZE;
		break;
	default: {
		/* A valid fixed part whose trailing data or output faults. */
		struct gvt_xengt_events *ev;
		struct xfile *fv;
		uint32_t id;

		fv = pick_vg(&id);
		if (!fv || storm_chance(50)) {
			/* argsz and flags readable, not the fixed part. */
			p = bad_page - 8;
			memset(p, 0, 8);
			*(uint32_t *)p = ARG_SIZE;
			break;
		}
		ev = (struct gvt_xengt_events *)(bad_page - sizeof(*ev));
		memset(ev, 0, sizeof(*ev));
		ev->argsz = sizeof(*ev) + 8;
		ev->id = id;
		storm_rec(k_badptr, xioc(fv->fd, GVT_XENGT_READ_AND_CLEAR, ev));
		return;
	}
	}
	storm_rec(k_badptr, xioc(f->fd, cmds[storm_below(10)], p));
	/* A CREATE may have made a vGPU before its copy-out failed. */
	resync(f);
}

/* ---- display memory ---- */

static void act_mmap(void)
{
	struct xfile *f;
	struct xvg *v;
	uint64_t ap, pg, pages;
	int prot, flags;
	uint32_t id;
	void *m;

	f = pick_vg(&id);
	if (!f)
		return;
	v = &f->vg[id];
	ap = GVT_MPT_APERTURE_SIZE(v->heads) / PG;
	if (storm_chance(80)) {
		pages = storm_chance(20) ? storm_below(1024) + 1 :
			storm_below(16) + 1;
		pg = storm_rand() % (ap - pages + 1);
		prot = storm_chance(85) ? PROT_READ | PROT_WRITE : PROT_READ;
		m = mmap(NULL, pages * PG, prot, MAP_SHARED, f->fd,
			 (off_t)(GVT_XENGT_MMAP_OFFSET(id) + pg * PG));
		if (m == MAP_FAILED) {
			vg_result(f, id, k_mmap, storm_err());
			return;
		}
		storm_rec(k_mmap, 0);
		storm_map_add(m, pages * PG, prot & PROT_WRITE ?
			      STORM_MAP_WRITE : 0, v->tag);
		return;
	}
	/* What is bad depends on the vGPU: a child's view may be old. */
	if (storm_in_child())
		return;
	pages = storm_below(4) + 1;
	pg = storm_rand() % ap;
	flags = MAP_SHARED;
	switch (storm_below(4)) {
	case 0:
		flags = MAP_PRIVATE;
		pg += GVT_XENGT_MMAP_OFFSET(id) / PG;
		break;
	case 1:		/* past the end */
		pg = GVT_XENGT_MMAP_OFFSET(id) / PG + ap - pages + 1 +
		     storm_below(8);
		break;
	case 2:		/* an id too large */
		pg += GVT_XENGT_MMAP_OFFSET(NVG + storm_below(100)) / PG;
		break;
	default:	/* an id not created here (ENOENT) */
		id = storm_below(NVG);
		if (f->vg[id].live)
			return;
		pg += GVT_XENGT_MMAP_OFFSET(id) / PG;
		break;
	}
	m = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, flags, f->fd,
		 (off_t)(pg * PG));
	if (m != MAP_FAILED) {
		storm_violation(k_mmap_bad, "mapped (page offset 0x%llx)",
				(unsigned long long)pg);
		munmap(m, pages * PG);
	} else {
		storm_rec(k_mmap_bad, storm_err());
	}
}

/* ---- backend ---- */

static int xg_setup(void)
{
	if (access(GVT_XENGT_DEVICE, R_OK | W_OK)) {
		printf("storm: no %s (modules loaded?)\n", GVT_XENGT_DEVICE);
		return -1;
	}
	k_open = storm_kind("xengt-open", 0, 0);
	k_close = storm_kind("xengt-close", 0, 0);
	k_create = storm_kind("create", 0, ENOSPC, 0);
	k_create_bad = storm_kind("create-bad", STORM_MUST_FAIL, EINVAL, ESRCH,
				  0);
	k_destroy = storm_kind("destroy", 0, ENOENT, 0);
	k_unknown_id = storm_kind("vgpu-id-unknown", STORM_MUST_FAIL, ENOENT,
				  0);
	k_alloc = storm_kind("alloc-port", 0, EBUSY, ENOENT, ENOSPC, 0);
	k_evtchn = storm_kind("evtchn-bind-interdomain", STORM_ANY_ERRNO, 0);
	k_bind = storm_kind("bind-port", 0, EBUSY, EPERM, ENOTCONN, EBADF,
			    ENOENT, 0);
	k_unbind = storm_kind("unbind-port", 0, ENOTCONN, ENOENT, 0);
	k_end_close = storm_kind("evtchn-end-closed", 0, 0);
	k_wait = storm_kind("evtchn-wait", STORM_ANY_ERRNO, 0);
	k_mask = storm_kind("mask-unmask", 0, ENOENT, 0);
	k_mask_bad = storm_kind("mask-unmask-bad", STORM_MUST_FAIL, EINVAL,
				ENOENT, 0);
	k_rac = storm_kind("read-and-clear", 0, ENOENT, 0);
	k_reg_rd = storm_kind("reg-read", 0, ENOENT, 0);
	k_reg_wr = storm_kind("reg-write", 0, ENOENT, 0);
	k_reg_ro = storm_kind("reg-write-readonly", STORM_MUST_FAIL, EPERM,
			      ENOENT, 0);
	k_reg_bad = storm_kind("reg-bad", STORM_MUST_FAIL, EINVAL, ENOENT, 0);
	k_info = storm_kind("info", 0, ENOENT, 0);
	k_resync = storm_kind("info-resync", 0, ENOENT, 0);
	k_reset = storm_kind("reset", 0, ENOENT, 0);
	k_query = storm_kind("query-plane", 0, ENOENT, 0);
	k_query_bad = storm_kind("query-plane-bad", STORM_MUST_FAIL, EINVAL,
				 ENOENT, 0);
	k_damage = storm_kind("take-damage", 0, ENOENT, 0);
	k_damage_bad = storm_kind("take-damage-bad", STORM_MUST_FAIL, EINVAL,
				  ENOENT, 0);
	k_refresh = storm_kind("refresh-mode", 0, ENOENT, 0);
	k_garbage = storm_kind("ioctl-garbage", 0, EINVAL, ENOENT, EPERM,
			       ESRCH, EBADF, EBUSY, ENOTCONN, ENOSPC, ENOTTY,
			       0);
	k_unknown = storm_kind("ioctl-unknown", STORM_MUST_FAIL, ENOTTY, 0);
	k_badptr = storm_kind("bad-pointer", 0, EFAULT, 0);
	k_mmap = storm_kind("aperture-mmap", 0, ENOENT, 0);
	k_mmap_bad = storm_kind("mmap-bad", STORM_MUST_FAIL, EINVAL, ENOENT,
				0);
	k_child = storm_kind("vgpu-op-in-child", STORM_ANY_ERRNO, 0);
	return 0;
}

static void xg_worker_init(void)
{
	int i;

	for (i = 0; i < FILES; i++) {
		memset(&files[i], 0, sizeof(files[i]));
		files[i].fd = -1;
	}
	bad_page = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS,
			/* anonymous: fd -1, as mmap(2) asks */
			// cppcheck-suppress invalidFunctionArg
			-1, 0);
	arg = malloc(ARG_SIZE);
	if (bad_page == MAP_FAILED || !arg) {
		printf("storm: out of memory\n");
		_exit(2);
	}
	bad_page += PG;
	mprotect(bad_page, PG, PROT_NONE);
}

static void xg_worker_fini(void)
{
	uint32_t id;
	int i;

	storm_map_drop_all();
	for (i = 0; i < FILES; i++) {
		for (id = 0; id < NVG; id++)
			if (files[i].vg[id].ev.xce)
				xd_port_free(&files[i].vg[id].ev);
		if (files[i].fd >= 0)
			file_close(&files[i]);
	}
}

/* The workers' files are closed: their vGPUs went with them. */
static int xg_cleanup(void)
{
	return 0;
}

static const struct storm_action xg_actions[] = {
	{ "open", 3, act_open },
	{ "close", 2, act_close },
	{ "create", 5, act_create },
	{ "create-bad", 1, act_create_bad },
	{ "destroy", 3, act_destroy },
	{ "port", 6, act_port },
	{ "consume", 6, act_consume },
	{ "mask", 3, act_mask },
	{ "regs", 14, act_regs },
	{ "query", 6, act_query },
	{ "unknown-id", 1, act_unknown_id },
	{ "garbage", 2, act_garbage },
	{ "unknown-ioctl", 1, act_unknown },
	{ "bad-pointer", 1, act_badptr },
	{ "mmap", 4, act_mmap },
	{ NULL, 0, NULL },
};

static const char *const xg_modules[] = { "mpt_xengt", "gvt_mpt", NULL };

const struct storm_backend storm_backend = {
	.name = "xengt",
	.setup = xg_setup,
	.worker_init = xg_worker_init,
	.worker_fini = xg_worker_fini,
	.actions = xg_actions,
	.cleanup = xg_cleanup,
	.modules = xg_modules,
	.ro_param = "/sys/module/mpt_xengt/parameters/max_vgpus",
};
