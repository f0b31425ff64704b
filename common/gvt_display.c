// SPDX-License-Identifier: GPL-2.0
/*
 * The pure vGPU display core: register model, vblank step, event policy.
 * See gvt_display.h for the rules on locking and dependencies.
 *
 * Policy, per vGPU and per pipe: an event says that what a plane displays
 * changed, and nothing else raises one.
 *  - What a plane displays: nothing while its pipe is off (PIPECONF enable
 *    clear); else its pipe's on state and PIPESRC, and, while the plane is
 *    shown, the plane itself: for the primary plane (shown while PLANE_CTL
 *    has its enable bit) the live surface (PLANE_SURFLIVE), PLANE_CTL but
 *    its async flip bit, PLANE_STRIDE, PLANE_POS and PLANE_SIZE; for the
 *    cursor (shown while CURCNTR's mode is not off) CURCNTR, CURBASE and
 *    CURPOS.  A plane that is not shown displays the same whatever those
 *    registers hold.
 *  - Each register write, each completed flip and a device reset compare
 *    what both planes of the pipe display before and after; a plane whose
 *    display differs is changed, and its source is raised at the next
 *    vblank of its pipe.  So the same CURPOS or CURBASE again, a cursor
 *    moved or re-based while it or its pipe is off, geometry or format
 *    written while the plane is off, and a flip on a plane that is not
 *    shown raise nothing; a cursor switched on at a new position, or a
 *    pipe switched on or off, raise one event per plane.
 *  - Flips: a PLANE_SURF write arms a flip that completes at the next
 *    vblank, or at once when PLANE_CTL has the async flip bit (or the
 *    pipe is off).  A flip always completes in the registers
 *    (PLANE_SURFLIVE, PIPE_FLIPCOUNT + 1, as hardware signals flip done
 *    for a flip to the surface it already scans out), but only a flip
 *    that changes the live surface of a shown plane is a change: a flip
 *    to the surface already live (or an armed flip re-aimed at it before
 *    the vblank) raises nothing.
 *  - Single framebuffer: a guest that never flips may draw into the live
 *    surface, which registers do not show.  Once an enabled pipe has had
 *    single_fb_vblanks consecutive vblanks with its primary plane shown
 *    and no flip that changed the live surface (a flip to the same
 *    surface does not count), its primary source is raised at every
 *    vblank until such a flip.  The count restarts whenever the primary
 *    plane or the pipe is not on at a vblank, so a plane switched on after
 *    a long time off gets the full N again.  The rule is off for a pipe
 *    whose write tracking is on (gvt_display_set_tracking()): there
 *    gvt_display_surface_damage() (or _written()) says when the live
 *    surface changed.
 *  - gvt_display_surface_written(): the live surface of a shown plane was
 *    written since the previous vblank; its source is raised at the next
 *    vblank of the pipe (once, however many writes), unless the plane is
 *    no longer shown then.
 *  - gvt_display_surface_damage(): the same, for a range of display
 *    memory; only a range that touches the surface the plane shows is a
 *    change, so writes elsewhere (a back buffer) raise nothing.
 *  - Damage, per source, gathered until the consumer takes it
 *    (gvt_display_take_damage()): the lines a reported range touched, as
 *    at most GVT_DAMAGE_BANDS bands; FULL for any other change of the
 *    primary plane (a flip, geometry, the plane or pipe on or off, a
 *    heuristic refresh, gvt_display_surface_written()) and of the
 *    cursor but a move, which is MOVED alone; FULL on every source of a
 *    new engine.
 *  - At each vblank, changed sources become pending; a pending source that
 *    is not masked is delivered through the MPT hook and then automasked.
 *    At most one event per source per vblank; nothing is lost while
 *    masked.  A change of a source that is still pending is merged into
 *    its one event and counted in stats.coalesced.
 */
#include "gvt_display.h"
#include "../mpt/hypercall.h"

/* Per-pipe registers live in two blocks, pipes 0x1000 apart in each. */
#define BLOCK_TRANS		0x60000U	/* PIPESRC, mode */
#define BLOCK_PIPE		0x70000U	/* everything else */
#define BLOCK_MASK		0xffffULL
#define PIPE_IDX(off)		(((u32)(off) >> 12) & 0xfU)
#define SRC_BIT(pipe, plane)	(1U << ((pipe) * GVT_PLANES + (plane)))
#define PRIMARY_BIT(pipe)	SRC_BIT(pipe, 0)
#define CURSOR_BIT(pipe)	SRC_BIT(pipe, 1)
#define PIPE_ON(pp)		((pp)->pipeconf & GVT_MPT_PIPECONF_ENABLE)
#define PRIMARY_ON(pp)		((pp)->plane_ctl & GVT_MPT_PLANE_CTL_ENABLE)
#define CURSOR_ON(pp)		((pp)->curcntr & GVT_MPT_CURSOR_MODE_MASK)

/* What one plane displays, as a few words (struct view). */
#define VIEW_WORDS		7

struct view {
	u32 w[VIEW_WORDS];
};

enum gvt_reg {
	REG_NONE,
	REG_PIPECONF,
	REG_FRMCOUNT,
	REG_FLIPCOUNT,
	REG_CURCNTR,
	REG_CURBASE,
	REG_CURPOS,
	REG_PLANE_CTL,
	REG_PLANE_STRIDE,
	REG_PLANE_POS,
	REG_PLANE_SIZE,
	REG_PIPESRC,
	REG_HTOTAL,
	REG_VTOTAL,
	REG_CLOCK,
	REG_PLANE_SURF,
	REG_PLANE_SURFLIVE,
};

/* Each register: its offset for pipe A and the field behind it. */
static const struct {
	u32 off;
	u8 reg;
	u8 field;	/* offset in struct gvt_pipe */
} gvt_regs[] = {
#define R(name, id, member) \
	{ GVT_MPT_##name(0), id, gvt_offsetof(struct gvt_pipe, member) }
	R(PIPECONF, REG_PIPECONF, pipeconf),
	R(PIPE_FRMCOUNT, REG_FRMCOUNT, frmcount),
	R(PIPE_FLIPCOUNT, REG_FLIPCOUNT, flipcount),
	R(CURCNTR, REG_CURCNTR, curcntr),
	R(CURBASE, REG_CURBASE, curbase),
	R(CURPOS, REG_CURPOS, curpos),
	R(PLANE_CTL, REG_PLANE_CTL, plane_ctl),
	R(PLANE_STRIDE, REG_PLANE_STRIDE, plane_stride),
	R(PLANE_POS, REG_PLANE_POS, plane_pos),
	R(PLANE_SIZE, REG_PLANE_SIZE, plane_size),
	R(PIPESRC, REG_PIPESRC, pipesrc),
	R(TRANS_HTOTAL, REG_HTOTAL, htotal),
	R(TRANS_VTOTAL, REG_VTOTAL, vtotal),
	R(TRANS_CLOCK, REG_CLOCK, clock),
	R(PLANE_SURF, REG_PLANE_SURF, plane_surf),
	R(PLANE_SURFLIVE, REG_PLANE_SURFLIVE, plane_surflive),
#undef R
	{ 0, REG_NONE, 0 },	/* end */
};

static u32 decode_reg(u32 reg, u32 *field)
{
	u32 i;

	for (i = 0; gvt_regs[i].reg != REG_NONE; i++) {
		if (gvt_regs[i].off == reg) {
			*field = gvt_regs[i].field;
			return gvt_regs[i].reg;
		}
	}
	return REG_NONE;
}

/*
 * The pipe and register of the dword at @offset (4-byte aligned, any
 * value); -GVT_EINVAL if no register of an existing pipe is there.
 */
static int decode(const struct gvt_display *d, u64 offset, u32 *pipe,
		  u32 *reg, u32 *field)
{
	u64 block = offset & ~BLOCK_MASK;
	u32 p = PIPE_IDX(offset);

	if ((block != BLOCK_TRANS && block != BLOCK_PIPE) || p >= d->nr_pipes)
		return -GVT_EINVAL;
	*reg = decode_reg((u32)offset - p * GVT_MPT_PIPE_STRIDE, field);
	*pipe = gvt_index_nospec(p, d->nr_pipes);
	return *reg == REG_NONE ? -GVT_EINVAL : 0;
}

/* The host path's rule: one aligned 4-byte register, else -GVT_EINVAL. */
static int lookup(const struct gvt_display *d, u64 offset, u32 size,
		  u32 *pipe, u32 *reg, u32 *field)
{
	if (size != 4 || (offset & 3))
		return -GVT_EINVAL;
	return decode(d, offset, pipe, reg, field);
}

/*
 * What plane @plane of @pp displays: all zero while the pipe is off; the
 * pipe's state, then the plane's registers while it is shown.  Word 2 has
 * the plane's enable (or mode) bits, so a shown plane never equals one
 * that is not.
 */
static void plane_view(const struct gvt_pipe *pp, u32 plane, struct view *v)
{
	*v = (struct view){ { 0 } };
	if (!PIPE_ON(pp))
		return;
	v->w[0] = 1;
	v->w[1] = pp->pipesrc;
	if (plane == 0 && PRIMARY_ON(pp)) {
		v->w[2] = pp->plane_ctl & ~GVT_MPT_PLANE_CTL_ASYNC_FLIP;
		v->w[3] = pp->plane_surflive;
		v->w[4] = pp->plane_stride;
		v->w[5] = pp->plane_pos;
		v->w[6] = pp->plane_size;
	} else if (plane == 1 && CURSOR_ON(pp)) {
		v->w[2] = pp->curcntr;
		v->w[3] = pp->curbase;
		v->w[4] = pp->curpos;
	}
}

static int view_equal(const struct view *a, const struct view *b)
{
	u32 i;

	for (i = 0; i < VIEW_WORDS; i++)
		if (a->w[i] != b->w[i])
			return 0;
	return 1;
}

/* What both planes of a pipe display. */
struct pipe_view {
	struct view plane[GVT_PLANES];
};

static void pipe_view(const struct gvt_pipe *pp, struct pipe_view *pv)
{
	plane_view(pp, 0, &pv->plane[0]);
	plane_view(pp, 1, &pv->plane[1]);
}

/* The whole plane of source @src changed (struct gvt_damage). */
static void damage_full(struct gvt_display *d, u32 src)
{
	struct gvt_damage *dm = &d->damage[src];

	dm->flags |= GVT_DAMAGE_FULL;
	dm->nr = 0;
}

/*
 * Lines @y .. @y + @h - 1 of the plane of @dm were written: merged into its
 * bands, which stay sorted and disjoint; past GVT_DAMAGE_BANDS bands the
 * two closest are joined (covering the lines between them too).
 */
static void damage_add(struct gvt_damage *dm, u32 y, u32 h)
{
	struct {
		u32 y;
		u32 end;	/* exclusive */
	} b[GVT_DAMAGE_BANDS + 1];
	u32 n, i, j, best, gap;

	if ((dm->flags & GVT_DAMAGE_FULL) || !h)
		return;
	for (n = 0; n < dm->nr; n++) {
		b[n].y = dm->band[n].y;
		b[n].end = dm->band[n].y + dm->band[n].h;
	}
	for (j = n; j > 0 && b[j - 1].y > y; j--)
		b[j] = b[j - 1];
	b[j].y = y;
	b[j].end = y + h;
	n++;
	/* Overlapping or touching bands become one. */
	for (i = 1, j = 1; i < n; i++) {
		if (b[i].y <= b[j - 1].end) {
			if (b[i].end > b[j - 1].end)
				b[j - 1].end = b[i].end;
		} else {
			b[j++] = b[i];
		}
	}
	n = j;
	if (n > GVT_DAMAGE_BANDS) {
		best = 0;
		gap = ~0U;
		for (i = 0; i + 1 < n; i++) {
			if (b[i + 1].y - b[i].end < gap) {
				gap = b[i + 1].y - b[i].end;
				best = i;
			}
		}
		b[best].end = b[best + 1].end;
		for (i = best + 1; i + 1 < n; i++)
			b[i] = b[i + 1];
		n--;
	}
	for (i = 0; i < n; i++) {
		dm->band[i].y = b[i].y;
		dm->band[i].h = b[i].end - b[i].y;
	}
	dm->nr = n;
}

/* Only the cursor's position differs between @a and @b, both shown. */
static int cursor_moved_only(const struct view *a, const struct view *b)
{
	u32 i;

	if (!a->w[2] || !b->w[2])
		return 0;
	for (i = 0; i < VIEW_WORDS; i++)
		if (i != 4 && a->w[i] != b->w[i])
			return 0;
	return 1;
}

/*
 * Mark changed the planes of @pipe whose display differs from @before,
 * with their damage: the whole plane, but the cursor's position alone.
 */
static void note_changes(struct gvt_display *d, u32 pipe,
			 const struct pipe_view *before)
{
	struct pipe_view after;
	u32 plane, src;

	pipe_view(&d->pipe[pipe], &after);
	for (plane = 0; plane < GVT_PLANES; plane++) {
		if (view_equal(&before->plane[plane], &after.plane[plane]))
			continue;
		src = pipe * GVT_PLANES + plane;
		d->changed |= 1U << src;
		if (plane == 1 && cursor_moved_only(&before->plane[1],
						    &after.plane[1]))
			d->damage[src].flags |= GVT_DAMAGE_MOVED;
		else
			damage_full(d, src);
	}
}

/**
 * gvt_display_init() - bring a display engine to its power-on state
 * @d: the engine, owned by the caller
 * @nr_pipes: number of pipes, clamped to 1..GVT_MAX_PIPES
 * @single_fb_vblanks: N of the single-framebuffer heuristic, 0 disables it
 * @ops: backend ops that events are delivered through
 * @handle: backend cookie passed to @ops
 */
void gvt_display_init(struct gvt_display *d, u32 nr_pipes,
		      u32 single_fb_vblanks, const struct gvt_mpt_ops *ops,
		      void *handle)
{
	u8 *p = (u8 *)d;
	u32 i;

	for (i = 0; i < sizeof(*d); i++)
		p[i] = 0;
	if (nr_pipes < 1)
		nr_pipes = 1;
	if (nr_pipes > GVT_MAX_PIPES)
		nr_pipes = GVT_MAX_PIPES;
	d->nr_pipes = nr_pipes;
	d->single_fb_vblanks = single_fb_vblanks;
	/* A new consumer has copied nothing yet. */
	for (i = 0; i < GVT_MAX_SOURCES; i++)
		d->damage[i].flags = GVT_DAMAGE_FULL;
	d->mpt.ops = ops;
	d->mpt.handle = handle;
}

/**
 * gvt_display_power_on() - back to the state of a new engine
 * @d: the engine
 *
 * For a new user of the device: registers, masks (all unmasked), pending
 * and changed sources, the heuristic's state and the statistics return to
 * what gvt_display_init() left; the pipes, N and the backend binding stay.
 * Nothing is raised for pipes that were on: the user who saw them is gone.
 */
void gvt_display_power_on(struct gvt_display *d)
{
	gvt_display_init(d, d->nr_pipes, d->single_fb_vblanks, d->mpt.ops,
			 d->mpt.handle);
}

/**
 * gvt_display_reset() - device reset: registers back to zero
 * @d: the engine
 *
 * Pipes that were on go dark, which is a change of both their planes, so
 * the consumer is told.  Masks, pending events and the write tracking
 * switches (host settings, not registers) are kept: a reset loses no event
 * and does not re-enable a source the consumer masked.  Surface writes
 * reported before the reset are dropped: the planes they were on are dark.
 */
void gvt_display_reset(struct gvt_display *d)
{
	u32 i;

	for (i = 0; i < d->nr_pipes; i++) {
		struct pipe_view before;

		pipe_view(&d->pipe[i], &before);
		d->pipe[i] = (struct gvt_pipe){ 0 };
		note_changes(d, i, &before);
	}
}

/**
 * gvt_display_nr_sources() - number of event sources of this vGPU
 * @d: the engine
 *
 * Return: 2 * number of pipes.
 */
u32 gvt_display_nr_sources(const struct gvt_display *d)
{
	return d->nr_pipes * GVT_PLANES;
}

/**
 * gvt_display_source() - what event source @src is
 * @d: the engine
 * @src: source index
 * @pipe: its pipe
 * @drm_plane_type: the DRM plane type of its plane (GVT_DRM_PLANE_TYPE_*)
 *
 * The one place that maps sources to planes: source = pipe * 2 + plane,
 * plane 0 the primary plane, plane 1 the cursor.
 *
 * Return: 0, or -GVT_EINVAL for a source the engine does not have.
 */
int gvt_display_source(const struct gvt_display *d, u32 src, u32 *pipe,
		       u32 *drm_plane_type)
{
	if (src >= gvt_display_nr_sources(d))
		return -GVT_EINVAL;
	*pipe = src / GVT_PLANES;
	*drm_plane_type = src % GVT_PLANES ? GVT_DRM_PLANE_TYPE_CURSOR :
					     GVT_DRM_PLANE_TYPE_PRIMARY;
	return 0;
}

/* PLANE_CTL's format as a DRM fourcc; 0 for one the model does not show. */
static u32 plane_format(u32 ctl)
{
	if ((ctl & GVT_MPT_PLANE_CTL_FORMAT_MASK) !=
	    GVT_MPT_PLANE_CTL_FORMAT_8888)
		return 0;
	if (ctl & GVT_MPT_PLANE_CTL_ORDER_RGBX)
		return ctl & GVT_MPT_PLANE_CTL_ALPHA_MASK ?
		       GVT_DRM_FORMAT_ABGR8888 : GVT_DRM_FORMAT_XBGR8888;
	return ctl & GVT_MPT_PLANE_CTL_ALPHA_MASK ?
	       GVT_DRM_FORMAT_ARGB8888 : GVT_DRM_FORMAT_XRGB8888;
}

/* The cursor's width (= height) from CURCNTR's mode; 0: off or unknown. */
static u32 cursor_size(u32 curcntr)
{
	switch (curcntr & GVT_MPT_CURSOR_MODE_MASK) {
	case GVT_MPT_CURSOR_MODE_64_ARGB:
		return 64;
	case GVT_MPT_CURSOR_MODE_128_ARGB:
		return 128;
	case GVT_MPT_CURSOR_MODE_256_ARGB:
		return 256;
	}
	return 0;
}

/* One CURPOS coordinate: sign bit and magnitude. */
static s32 cursor_coord(u32 half)
{
	s32 mag = (s32)(half & GVT_MPT_CURPOS_MAG);

	return half & GVT_MPT_CURPOS_SIGN ? -mag : mag;
}

/*
 * Whether the surface lies wholly inside an aperture of @aperture bytes:
 * its last byte is offset + stride * (height - 1) + line - 1.  Every term
 * comes from a masked register field (stride < 2^18, height <= 2^16, line
 * <= 2^18 bytes, offset < 2^32), so the span cannot overflow 64 bits, and
 * it is compared without adding it to the offset.
 */
static u32 surface_fits(const struct gvt_plane_info *info, u64 aperture)
{
	u64 span;

	if (!info->height)
		return 0;
	span = (u64)info->stride * (info->height - 1) + (u64)info->width * 4;
	return span <= aperture && info->offset <= aperture - span;
}

/**
 * gvt_display_plane_info() - the surface a plane shows now
 * @d: the engine
 * @pipe: pipe index
 * @plane: GVT_MPT_PLANE_PRIMARY or GVT_MPT_PLANE_CURSOR (0 or 1)
 * @aperture_size: size of the aperture the surfaces are offsets in
 * @info: filled with the decoded registers (struct gvt_plane_info)
 *
 * The primary plane: the live surface (PLANE_SURFLIVE, so a sync flip shows
 * from the vblank that completes it), PLANE_CTL's format, PLANE_SIZE,
 * PLANE_STRIDE (64-byte units) and PLANE_POS.  The cursor: CURBASE, an
 * ARGB8888 square of CURCNTR's mode size, CURPOS.  A surface whose last
 * byte would lie at or past @aperture_size is reported as not visible (as
 * hardware would refuse it): a consumer reads a surface only when @visible.
 *
 * Return: 0, or -GVT_EINVAL for a pipe or plane the engine does not have
 * (then @info is untouched).
 */
int gvt_display_plane_info(const struct gvt_display *d, u32 pipe, u32 plane,
			   u64 aperture_size, struct gvt_plane_info *info)
{
	const struct gvt_pipe *pp;
	u32 on;

	if (pipe >= d->nr_pipes || plane >= GVT_PLANES)
		return -GVT_EINVAL;
	pp = &d->pipe[gvt_index_nospec(pipe, d->nr_pipes)];
	on = !!(pp->pipeconf & GVT_MPT_PIPECONF_ENABLE);
	*info = (struct gvt_plane_info){ 0 };
	if (plane == 0) {
		info->offset = pp->plane_surflive & GVT_MPT_SURF_ADDR_MASK;
		info->drm_format = plane_format(pp->plane_ctl);
		info->width = (pp->plane_size & 0xffffU) + 1;
		info->height = (pp->plane_size >> 16) + 1;
		info->stride = (pp->plane_stride & GVT_MPT_PLANE_STRIDE_MASK) *
			       GVT_MPT_PLANE_STRIDE_UNIT;
		info->x = (s32)(pp->plane_pos & 0xffffU);
		info->y = (s32)(pp->plane_pos >> 16);
		on = on && (pp->plane_ctl & GVT_MPT_PLANE_CTL_ENABLE) &&
		     !(pp->plane_ctl & GVT_MPT_PLANE_CTL_TILED_MASK) &&
		     info->drm_format;
	} else {
		u32 size = cursor_size(pp->curcntr);

		info->offset = pp->curbase & GVT_MPT_SURF_ADDR_MASK;
		info->drm_format = size ? GVT_DRM_FORMAT_ARGB8888 : 0;
		info->width = size;
		info->height = size;
		info->stride = size * 4;
		info->x = cursor_coord(pp->curpos & 0xffffU);
		info->y = cursor_coord(pp->curpos >> 16);
		on = on && size;
	}
	/* Every format shown has 4 bytes per pixel. */
	info->visible = on && info->stride >= (u64)info->width * 4 &&
			surface_fits(info, aperture_size);
	return 0;
}

/**
 * gvt_display_mmio_read() - register read, host path (strict)
 * @d: the engine
 * @offset: byte offset in the register BAR
 * @size: access size in bytes, must be 4
 * @val: where the value goes
 *
 * For a host program that calls the register API on purpose (xengt's
 * REG_READ); a guest's accesses take gvt_display_mmio_guest_read().
 *
 * Return: 0, or -GVT_EINVAL for an offset that is not a register of an
 * existing pipe or a size other than 4 (then @val is untouched).
 */
int gvt_display_mmio_read(struct gvt_display *d, u64 offset, u32 size,
			  u32 *val)
{
	u32 pipe, reg, field;
	int ret;

	ret = lookup(d, offset, size, &pipe, &reg, &field);
	if (ret)
		return ret;
	*val = *(const u32 *)((const u8 *)&d->pipe[pipe] + field);
	return 0;
}

/*
 * The armed surface becomes live.  It counts as a flip in the registers
 * whatever it shows; only a new live surface is a flip for the
 * single-framebuffer rule, and a change when the primary plane is shown.
 */
static void complete_flip(struct gvt_display *d, u32 pipe)
{
	struct gvt_pipe *pp = &d->pipe[pipe];

	if (pp->plane_surflive != pp->plane_surf) {
		pp->flipped = 1;
		if (PIPE_ON(pp) && PRIMARY_ON(pp)) {
			d->changed |= PRIMARY_BIT(pipe);
			damage_full(d, pipe * GVT_PLANES);
		}
	}
	pp->plane_surflive = pp->plane_surf;
	pp->flip_armed = 0;
	pp->flipcount++;
	d->stats.flips++;
}

/* Write @val to register @reg of @pipe; -GVT_EPERM if it is read-only. */
static int write_reg(struct gvt_display *d, u32 pipe, u32 reg, u32 val)
{
	struct gvt_pipe *pp = &d->pipe[pipe];
	struct pipe_view before;

	pipe_view(pp, &before);
	switch (reg) {
	case REG_PIPECONF:
		if ((pp->pipeconf ^ val) & GVT_MPT_PIPECONF_ENABLE) {
			pp->flipless = 0;
			pp->single_fb = 0;
		}
		pp->pipeconf = val;
		/* An armed flip has no vblank to wait for when off. */
		if (!PIPE_ON(pp) && pp->flip_armed)
			complete_flip(d, pipe);
		break;
	case REG_CURCNTR:
		pp->curcntr = val;
		break;
	case REG_CURBASE:
		pp->curbase = val;
		break;
	case REG_CURPOS:
		pp->curpos = val;
		break;
	case REG_PLANE_CTL:
		pp->plane_ctl = val;
		break;
	case REG_PLANE_STRIDE:
		pp->plane_stride = val;
		break;
	case REG_PLANE_POS:
		pp->plane_pos = val;
		break;
	case REG_PLANE_SIZE:
		pp->plane_size = val;
		break;
	case REG_PIPESRC:
		pp->pipesrc = val;
		break;
	case REG_HTOTAL:
		pp->htotal = val;	/* the cadence, not what is shown */
		break;
	case REG_VTOTAL:
		pp->vtotal = val;
		break;
	case REG_CLOCK:
		pp->clock = val;
		break;
	case REG_PLANE_SURF:
		pp->plane_surf = val;
		if ((pp->plane_ctl & GVT_MPT_PLANE_CTL_ASYNC_FLIP) ||
		    !PIPE_ON(pp))
			complete_flip(d, pipe);
		else
			pp->flip_armed = 1;
		break;
	default:
		return -GVT_EPERM;
	}
	note_changes(d, pipe, &before);
	return 0;
}

/**
 * gvt_display_mmio_write() - register write, host path (strict)
 * @d: the engine
 * @offset: byte offset in the register BAR
 * @size: access size in bytes, must be 4
 * @val: the value
 *
 * For a host program that calls the register API on purpose (xengt's
 * REG_WRITE); a guest's accesses take gvt_display_mmio_guest_write().
 *
 * Return: 0; -GVT_EINVAL for an offset that is not a register of an
 * existing pipe or a size other than 4; -GVT_EPERM for a read-only
 * register.  On error nothing changes.
 */
int gvt_display_mmio_write(struct gvt_display *d, u64 offset, u32 size,
			   u32 val)
{
	u32 pipe, reg, field;
	int ret;

	ret = lookup(d, offset, size, &pipe, &reg, &field);
	if (ret)
		return ret;
	return write_reg(d, pipe, reg, val);
}

/* A guest access: 1, 2, 4 or 8 bytes wholly inside the BAR. */
static int guest_access_ok(u64 offset, u32 size)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return 0;
	return offset < GVT_MPT_BAR_SIZE && size <= GVT_MPT_BAR_SIZE - offset;
}

/* The dword at @dw (aligned) as a guest reads it: 0 where no register is. */
static u32 guest_dword(const struct gvt_display *d, u64 dw)
{
	u32 pipe, reg, field;

	if (decode(d, dw, &pipe, &reg, &field))
		return 0;
	return *(const u32 *)((const u8 *)&d->pipe[pipe] + field);
}

/**
 * gvt_display_mmio_guest_read() - register read, guest path (as hardware)
 * @d: the engine
 * @offset: byte offset in the register BAR
 * @size: 1, 2, 4 or 8
 * @val: the bytes read, byte i of the access in bits 8i..8i+7 (the BAR is
 *	little-endian); bits past @size are zero
 *
 * Any offset inside the BAR: the access covers the dwords it touches,
 * lowest first (an aligned 8-byte read is two registers, the low dword in
 * bits 31:0); offsets where no register is (unknown, reserved, a pipe the
 * vGPU lacks) read 0.  Reads have no side effect.
 *
 * Return: 0, or -GVT_EINVAL for another size or an access that does not
 * lie wholly inside the BAR (then @val is untouched).
 */
int gvt_display_mmio_guest_read(struct gvt_display *d, u64 offset, u32 size,
				u64 *val)
{
	u64 dw, v = 0;

	if (!guest_access_ok(offset, size))
		return -GVT_EINVAL;
	for (dw = offset & ~3ULL; dw < offset + size; dw += 4) {
		u64 x = guest_dword(d, dw);

		if (dw >= offset)
			v |= x << (8 * (dw - offset));	/* shift <= 56 */
		else
			v |= x >> (8 * (offset - dw));	/* shift <= 24 */
	}
	if (size < 8)
		v &= (1ULL << (8 * size)) - 1;
	*val = v;
	return 0;
}

/**
 * gvt_display_mmio_guest_write() - register write, guest path (as hardware)
 * @d: the engine
 * @offset: byte offset in the register BAR
 * @size: 1, 2, 4 or 8
 * @val: the bytes to write, byte i of the access in bits 8i..8i+7; bits
 *	past @size are ignored
 *
 * Any offset inside the BAR: each dword the access touches is written in
 * turn, lowest first (an aligned 8-byte write is two registers, bits 31:0
 * to the lower one); a dword covered only in part is read, merged and
 * written whole (read-modify-write), with the effects of a write of that
 * register.  Writes where no register is, and writes of read-only
 * registers, are ignored, as hardware ignores them.
 *
 * Return: 0, or -GVT_EINVAL for another size or an access that does not
 * lie wholly inside the BAR (then nothing changes).
 */
int gvt_display_mmio_guest_write(struct gvt_display *d, u64 offset,
				 u32 size, u64 val)
{
	u32 pipe, reg, field, mask, part, lo, hi;
	u64 dw, end;

	if (!guest_access_ok(offset, size))
		return -GVT_EINVAL;
	end = offset + size;
	for (dw = offset & ~3ULL; dw < end; dw += 4) {
		/* Bytes lo..hi - 1 of this dword are in the access. */
		lo = dw < offset ? (u32)(offset - dw) : 0;
		hi = end - dw < 4 ? (u32)(end - dw) : 4;
		mask = (hi - lo == 4 ? ~0U : (1U << (8 * (hi - lo))) - 1) <<
		       (8 * lo);
		part = dw >= offset ? (u32)(val >> (8 * (dw - offset))) :
				      (u32)(val << (8 * lo));
		if (decode(d, dw, &pipe, &reg, &field))
			continue;
		if (mask != ~0U)
			part = (guest_dword(d, dw) & ~mask) | (part & mask);
		write_reg(d, pipe, reg, part);	/* read-only: ignored */
	}
	return 0;
}

/*
 * The writes reported for @pipe's planes (pp->written) become changes of
 * the planes still shown; forgotten for the others.
 */
static void take_written(struct gvt_display *d, u32 pipe)
{
	struct gvt_pipe *pp = &d->pipe[pipe];
	u32 written = pp->written;

	pp->written = 0;
	if (!PIPE_ON(pp))
		return;
	if ((written & 1) && PRIMARY_ON(pp))
		d->changed |= PRIMARY_BIT(pipe);
	if ((written & 2) && CURSOR_ON(pp))
		d->changed |= CURSOR_BIT(pipe);
}

static void vblank_pipe(struct gvt_display *d, u32 pipe)
{
	struct gvt_pipe *pp = &d->pipe[pipe];

	/* An off pipe has no vblank: a flip made meanwhile is history. */
	if (!PIPE_ON(pp)) {
		pp->written = 0;
		pp->flipped = 0;
		pp->flipless = 0;
		pp->single_fb = 0;
		return;
	}
	pp->frmcount++;
	if (pp->flip_armed)
		complete_flip(d, pipe);
	take_written(d, pipe);
	/* The flip-less run counts vblanks that show the primary plane. */
	if (!PRIMARY_ON(pp) || pp->flipped) {
		pp->flipped = 0;
		pp->flipless = 0;
		pp->single_fb = 0;
		return;
	}
	if (pp->flipless != (u32)~0U)
		pp->flipless++;
	if (!d->single_fb_vblanks || pp->flipless < d->single_fb_vblanks ||
	    (d->tracking & (1U << pipe))) {
		pp->single_fb = 0;
		return;
	}
	pp->single_fb = 1;
	d->changed |= PRIMARY_BIT(pipe);
	damage_full(d, pipe * GVT_PLANES);
}

/*
 * The end of a vblank of the pipes of sources @srcs: their changes become
 * pending, and each pending, unmasked one is delivered and automasked.
 * Returns the sources delivered.
 */
static u32 deliver(struct gvt_display *d, u32 srcs)
{
	u32 i, ready, newly, sent = 0;

	newly = d->changed & srcs;
	/* Changes merged into an event still undelivered: one per source. */
	for (i = newly & d->pending; i; i &= i - 1)
		d->stats.coalesced++;
	d->pending |= newly;
	d->changed &= ~srcs;

	ready = d->pending & ~d->masked & srcs;
	for (i = 0; ready; i++, ready >>= 1) {
		if (!(ready & 1))
			continue;
		if (gvt_hypervisor_display_event(&d->mpt, i)) {
			d->stats.undelivered++;
			continue;
		}
		d->stats.events[i]++;
		d->pending &= ~(1U << i);
		d->masked |= 1U << i;
		sent |= 1U << i;
	}
	return sent;
}

/**
 * gvt_display_vblank() - one emulated vblank of every pipe of the vGPU
 * @d: the engine
 *
 * Completes armed flips, advances the frame counters of enabled pipes,
 * runs the single-framebuffer heuristic, then delivers every pending,
 * unmasked source through the MPT hook and automasks it.  A source whose
 * delivery the backend refuses stays pending and unmasked.
 *
 * Return: bitmap of the sources delivered at this vblank.
 */
u32 gvt_display_vblank(struct gvt_display *d)
{
	return gvt_display_vblank_pipes(d, (1U << d->nr_pipes) - 1);
}

/**
 * gvt_display_vblank_pipes() - one emulated vblank of some pipes
 * @d: the engine
 * @pipes: bitmap of the pipes whose vblank it is (bit = pipe); pipes the
 *	vGPU lacks are ignored
 *
 * As gvt_display_vblank() for those pipes alone: only their sources are
 * delivered, at their own vblank; the other pipes' changes wait for
 * theirs.
 *
 * Return: bitmap of the sources delivered at this vblank.
 */
u32 gvt_display_vblank_pipes(struct gvt_display *d, u32 pipes)
{
	u32 i, srcs = 0;

	pipes &= (1U << d->nr_pipes) - 1;
	if (!pipes)
		return 0;
	d->stats.vblanks++;
	for (i = 0; i < d->nr_pipes; i++) {
		if (!(pipes & (1U << i)))
			continue;
		vblank_pipe(d, i);
		srcs |= PRIMARY_BIT(i) | CURSOR_BIT(i);
	}
	return deliver(d, srcs);
}

/**
 * gvt_display_deliver_pipes() - deliver some pipes' changes now
 * @d: the engine
 * @pipes: bitmap of the pipes (bit = pipe); pipes the vGPU lacks are
 *	ignored
 *
 * The delivery half of gvt_display_vblank_pipes() for those pipes, between
 * their vblanks: the writes reported for their planes
 * (gvt_display_surface_written()) and their other changes become pending,
 * and every pending, unmasked source of theirs is delivered and
 * automasked, as at a vblank.  Nothing else of a vblank happens: no flip
 * completes, PIPE_FRMCOUNT, the flip-less count and stats.vblanks stay.
 * For write tracking, whose harvest (which may sleep) runs after the
 * vblank it belongs to: its event goes out as part of that vblank, not a
 * period later.
 *
 * Return: bitmap of the sources delivered.
 */
u32 gvt_display_deliver_pipes(struct gvt_display *d, u32 pipes)
{
	u32 i, srcs = 0;

	pipes &= (1U << d->nr_pipes) - 1;
	for (i = 0; i < d->nr_pipes; i++) {
		if (!(pipes & (1U << i)))
			continue;
		take_written(d, i);
		srcs |= PRIMARY_BIT(i) | CURSOR_BIT(i);
	}
	return srcs ? deliver(d, srcs) : 0;
}

/**
 * gvt_display_surface_written() - the guest wrote a plane's live surface
 * @d: the engine
 * @pipe: pipe index
 * @plane: GVT_MPT_PLANE_PRIMARY or GVT_MPT_PLANE_CURSOR (0 or 1)
 *
 * For write tracking (the kernel calls it when it learns that the guest
 * wrote the surface a plane scans out now: the live surface of the primary
 * plane, CURBASE's of the cursor): what the plane displays changed without
 * a register write.  The plane's source is raised at the next vblank of
 * @pipe, once however often this is called before it, and never while the
 * plane is not shown (pipe off, primary plane disabled, cursor mode off):
 * a call then is ignored, and so is one made before the plane went dark at
 * that vblank.  It works whether tracking is on or not for the pipe.
 * The plane's damage becomes FULL: where it was written is not said.
 *
 * Return: 0, or -GVT_EINVAL for a pipe or plane the engine does not have
 * (then nothing changes).
 */
int gvt_display_surface_written(struct gvt_display *d, u32 pipe, u32 plane)
{
	struct gvt_pipe *pp;

	if (pipe >= d->nr_pipes || plane >= GVT_PLANES)
		return -GVT_EINVAL;
	pipe = gvt_index_nospec(pipe, d->nr_pipes);
	plane = gvt_index_nospec(plane, GVT_PLANES);
	pp = &d->pipe[pipe];
	if (!PIPE_ON(pp) || !(plane ? CURSOR_ON(pp) : PRIMARY_ON(pp)))
		return 0;
	pp->written |= plane ? 2 : 1;
	damage_full(d, pipe * GVT_PLANES + plane);
	return 0;
}

/**
 * gvt_display_surface_damage() - the guest wrote a range of display memory
 * @d: the engine
 * @pipe: pipe index
 * @plane: GVT_MPT_PLANE_PRIMARY or GVT_MPT_PLANE_CURSOR (0 or 1)
 * @first: first byte written, as an offset in the aperture
 * @last: last byte written (inclusive)
 *
 * As gvt_display_surface_written(), for the part of @first..@last that
 * lies in the surface the plane shows now (its live surface, CURBASE's of
 * the cursor), with that part as damage: the lines it touches, whole
 * (bytes of a line's padding count for that line).  A range outside the
 * surface, or a plane not shown, changes nothing.
 *
 * Return: 1 if the range touched the surface shown, 0 if not,
 * -GVT_EINVAL for a pipe or plane the engine does not have (then nothing
 * changes).
 */
int gvt_display_surface_damage(struct gvt_display *d, u32 pipe, u32 plane,
			       u64 first, u64 last)
{
	struct gvt_plane_info info;
	u64 span, end, lo, hi;
	u32 y0, y1, src;

	if (pipe >= d->nr_pipes || plane >= GVT_PLANES)
		return -GVT_EINVAL;
	pipe = gvt_index_nospec(pipe, d->nr_pipes);
	plane = gvt_index_nospec(plane, GVT_PLANES);
	if (gvt_display_plane_info(d, pipe, plane, ~0ULL, &info) ||
	    !info.visible || first > last)
		return 0;
	span = (u64)info.stride * (info.height - 1) + (u64)info.width * 4;
	end = info.offset + span - 1;
	if (last < info.offset || first > end)
		return 0;
	lo = (first > info.offset ? first : info.offset) - info.offset;
	hi = (last < end ? last : end) - info.offset;
	y0 = (u32)(lo / info.stride);
	y1 = (u32)(hi / info.stride);
	src = pipe * GVT_PLANES + plane;
	d->pipe[pipe].written |= plane ? 2 : 1;
	damage_add(&d->damage[src], y0, y1 - y0 + 1);
	return 1;
}

/**
 * gvt_display_damage_full() - a source's whole plane is to be copied again
 * @d: the engine
 * @src: source index
 *
 * For a consumer that lost damage it took (its read failed): the next
 * gvt_display_take_damage() of @src says GVT_DAMAGE_FULL.  Raises nothing.
 *
 * Return: 0, or -GVT_EINVAL for a source the engine does not have.
 */
int gvt_display_damage_full(struct gvt_display *d, u32 src)
{
	if (src >= gvt_display_nr_sources(d))
		return -GVT_EINVAL;
	damage_full(d, gvt_index_nospec(src, gvt_display_nr_sources(d)));
	return 0;
}

/**
 * gvt_display_take_damage() - what changed in a source's plane, and forget
 * @d: the engine
 * @src: source index
 * @out: filled with the damage gathered since the previous call (struct
 *	gvt_damage; all zero when nothing changed)
 *
 * The damage of a source gathers every change of its plane from the
 * previous call on, whatever events and masks did meanwhile; this call
 * returns it and clears it.
 *
 * Return: 0, or -GVT_EINVAL for a source the engine does not have (then
 * @out is untouched).
 */
int gvt_display_take_damage(struct gvt_display *d, u32 src,
			    struct gvt_damage *out)
{
	struct gvt_damage *dm;
	u32 i;

	if (src >= gvt_display_nr_sources(d))
		return -GVT_EINVAL;
	dm = &d->damage[gvt_index_nospec(src, gvt_display_nr_sources(d))];
	*out = *dm;
	dm->flags = 0;
	dm->nr = 0;
	for (i = 0; i < GVT_DAMAGE_BANDS; i++) {
		dm->band[i].y = 0;
		dm->band[i].h = 0;
	}
	return 0;
}

/**
 * gvt_display_set_tracking() - write tracking on or off for a pipe
 * @d: the engine
 * @pipe: pipe index
 * @on: non-zero: the caller tracks the guest's writes of this pipe's live
 *	surfaces and reports them with gvt_display_surface_damage() or
 *	gvt_display_surface_written(); 0: it
 *	does not
 *
 * While tracking is on for a pipe, the single-framebuffer rule is off for
 * it (a refresh it was making stops; nothing pending is dropped): events
 * come from the reported writes instead.  The flip-less run keeps counting
 * meanwhile, so when tracking goes off again the rule resumes with what it
 * would have seen, at once if the pipe has not flipped for N vblanks.
 * A host setting, not a register: gvt_display_reset() keeps it,
 * gvt_display_power_on() turns it off.
 *
 * Return: 0, or -GVT_EINVAL for a pipe the engine does not have (then
 * nothing changes).
 */
int gvt_display_set_tracking(struct gvt_display *d, u32 pipe, u32 on)
{
	if (pipe >= d->nr_pipes)
		return -GVT_EINVAL;
	pipe = gvt_index_nospec(pipe, d->nr_pipes);
	if (on) {
		d->tracking |= 1U << pipe;
		d->pipe[pipe].single_fb = 0;
	} else {
		d->tracking &= ~(1U << pipe);
	}
	return 0;
}

/**
 * gvt_display_pipe_period_ns() - the vblank period of a pipe's mode
 * @d: the engine
 * @pipe: the pipe (any value)
 * @default_ns: the period of a pipe whose mode is not programmed
 *
 * htotal * vtotal pixels at the pixel clock (TRANS_HTOTAL, TRANS_VTOTAL,
 * TRANS_CLOCK in kHz), clamped to GVT_PERIOD_MIN_NS .. GVT_PERIOD_MAX_NS;
 * @default_ns while one of them is 0, while the pipe is off (its vblanks
 * only deliver changes) or for a pipe the vGPU lacks.
 *
 * Return: the period in nanoseconds.
 */
u64 gvt_display_pipe_period_ns(const struct gvt_display *d, u32 pipe,
			       u64 default_ns)
{
	const struct gvt_pipe *pp;
	u64 htotal, vtotal, ns;

	if (pipe >= d->nr_pipes)
		return default_ns;
	pp = &d->pipe[gvt_index_nospec(pipe, d->nr_pipes)];
	if (!pp->htotal || !pp->vtotal || !pp->clock ||
	    !(pp->pipeconf & GVT_MPT_PIPECONF_ENABLE))
		return default_ns;
	htotal = ((pp->htotal >> 16) & 0x1fff) + 1;
	vtotal = ((pp->vtotal >> 16) & 0x1fff) + 1;
	/* At most 8192 * 8192 * 10^6: no overflow in 64 bits. */
	ns = htotal * vtotal * 1000000ULL / pp->clock;
	if (ns < GVT_PERIOD_MIN_NS)
		return GVT_PERIOD_MIN_NS;
	return ns > GVT_PERIOD_MAX_NS ? GVT_PERIOD_MAX_NS : ns;
}

/**
 * gvt_display_pipe_idle() - whether a vblank of a pipe would only count
 * @d: the engine
 * @pipe: the pipe (any value)
 *
 * A pipe is idle when its next vblank would do nothing but advance
 * PIPE_FRMCOUNT and the flip-less count (and only if the pipe is on): no
 * flip armed or just completed, no change of its sources waiting for the
 * vblank, no pending change of an unmasked source of it to deliver, and
 * the single-framebuffer heuristic neither refreshing it nor counting its
 * flip-less vblanks (pipe and primary plane on with N > 0: such a pipe is
 * refreshed at every vblank once N of them pass, which is work), nor a
 * pipe whose write tracking is on still counting up to where tracking
 * arms (max(N, 1) flip-less vblanks: the kernel must see that point).  The
 * host may then skip its vblanks and account for them later with
 * gvt_display_idle_vblanks(): the result is the same as running them.  A
 * register write, an unmask or a reset can make a pipe busy; only a
 * vblank makes it idle again.
 *
 * Return: 1 if idle (also for a pipe the vGPU lacks), else 0.
 */
int gvt_display_pipe_idle(const struct gvt_display *d, u32 pipe)
{
	const struct gvt_pipe *pp;
	u32 srcs;

	if (pipe >= d->nr_pipes)
		return 1;
	pipe = gvt_index_nospec(pipe, d->nr_pipes);
	pp = &d->pipe[pipe];
	srcs = PRIMARY_BIT(pipe) | CURSOR_BIT(pipe);
	if (pp->flip_armed || pp->flipped || pp->single_fb || pp->written)
		return 0;
	if ((d->changed | (d->pending & ~d->masked)) & srcs)
		return 0;
	/*
	 * The heuristic counts (then refreshes) where tracking is off; where
	 * it is on, the count runs up to the point where tracking arms.
	 */
	if (!PIPE_ON(pp) || !PRIMARY_ON(pp))
		return 1;
	if (d->tracking & (1U << pipe))
		return pp->flipless >= (d->single_fb_vblanks ?
					d->single_fb_vblanks : 1);
	return !d->single_fb_vblanks;
}

/**
 * gvt_display_track_ready() - whether a tracked pipe's live surface is to
 * be watched for writes
 * @d: the engine
 * @pipe: pipe index (any value; a pipe the vGPU lacks is not ready)
 *
 * True for a pipe whose write tracking is on, that is on with its primary
 * plane on, and that has shown it single_fb_vblanks vblanks (at least one)
 * without a flip: where the single-framebuffer rule would refresh, the
 * kernel watches the live surface instead.  A pipe that keeps flipping is
 * never ready, so a double-buffered guest's drawing costs no write fault.
 *
 * Return: 1 if ready, else 0.
 */
int gvt_display_track_ready(const struct gvt_display *d, u32 pipe)
{
	const struct gvt_pipe *pp;

	if (pipe >= d->nr_pipes)
		return 0;
	pp = &d->pipe[gvt_index_nospec(pipe, d->nr_pipes)];
	return (d->tracking & (1U << pipe)) && PIPE_ON(pp) && PRIMARY_ON(pp) &&
	       pp->flipless >= (d->single_fb_vblanks ? d->single_fb_vblanks :
						      1);
}

/**
 * gvt_display_idle_vblanks() - account for vblanks an idle pipe skipped
 * @d: the engine
 * @pipe: the pipe (any value; a pipe the vGPU lacks is ignored)
 * @n: number of vblanks
 *
 * What @n vblanks of an idle pipe (gvt_display_pipe_idle()) would do: an
 * enabled pipe's PIPE_FRMCOUNT advances by @n (modulo 2^32) and its
 * flip-less count by @n (saturating) while its primary plane is on, else
 * restarts at 0; nothing is raised or delivered and stats.vblanks does
 * not move.  Also used for vblanks a late timer
 * missed before the one it runs.
 */
void gvt_display_idle_vblanks(struct gvt_display *d, u32 pipe, u64 n)
{
	struct gvt_pipe *pp;

	if (pipe >= d->nr_pipes || !n)
		return;
	pp = &d->pipe[gvt_index_nospec(pipe, d->nr_pipes)];
	/* As vblank_pipe(): the flip-less run counts shown vblanks only. */
	if (!PIPE_ON(pp)) {
		pp->flipless = 0;
		return;
	}
	pp->frmcount += (u32)n;
	if (!PRIMARY_ON(pp))
		pp->flipless = 0;
	else if (n >= (u64)(~0U - pp->flipless))
		pp->flipless = ~0U;
	else
		pp->flipless += (u32)n;
}

/**
 * gvt_display_check_range() - validate a source range
 * @d: the engine
 * @start: first source
 * @count: number of sources
 *
 * Return: 0 if 1 <= @count and @start + @count <= number of sources
 * (without overflow), else -GVT_EINVAL.
 */
int gvt_display_check_range(const struct gvt_display *d, u32 start, u32 count)
{
	u32 nr = gvt_display_nr_sources(d);

	if (!count || start >= nr || count > nr - start)
		return -GVT_EINVAL;
	return 0;
}

static u32 range_bits(u32 start, u32 count, const u8 *bools)
{
	u32 i, bits = 0;

	for (i = 0; i < count; i++)
		if (!bools || bools[i])
			bits |= 1U << (start + i);
	return bits;
}

/**
 * gvt_display_mask() - mask sources
 * @d: the engine
 * @start: first source
 * @count: number of sources
 * @bools: NULL to mask all @count sources, else mask those whose byte is
 *	non-zero
 *
 * Changes of a masked source stay pending until it is unmasked.
 *
 * Return: 0, or -GVT_EINVAL for a bad range (nothing changes then).
 */
int gvt_display_mask(struct gvt_display *d, u32 start, u32 count,
		     const u8 *bools)
{
	int ret = gvt_display_check_range(d, start, count);

	if (ret)
		return ret;
	d->masked |= range_bits(start, count, bools);
	return 0;
}

/**
 * gvt_display_unmask() - unmask sources
 * @d: the engine
 * @start: first source
 * @count: number of sources
 * @bools: NULL to unmask all @count sources, else unmask those whose byte
 *	is non-zero
 *
 * A pending change of an unmasked source is delivered at the next vblank.
 *
 * Return: 0, or -GVT_EINVAL for a bad range (nothing changes then).
 */
int gvt_display_unmask(struct gvt_display *d, u32 start, u32 count,
		       const u8 *bools)
{
	int ret = gvt_display_check_range(d, start, count);

	if (ret)
		return ret;
	d->masked &= ~range_bits(start, count, bools);
	return 0;
}
