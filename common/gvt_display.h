/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure vGPU display core: register model, vblank step, event policy.
 *
 * Pure C: no kernel or libc header beyond fixed-width types, no allocation,
 * no locks.  Every function takes a struct gvt_display that the caller owns
 * and serialises: in the kernel the vGPU's spinlock is held around each
 * call; in the userspace harness the caller is single-threaded.
 */
#ifndef GVT_MPT_DISPLAY_H
#define GVT_MPT_DISPLAY_H

#include "gvt_types.h"
#include "../mpt/mpt.h"
#include "../uapi/gvt_mpt_regs.h"

#define GVT_MAX_PIPES		3
#define GVT_PLANES		2
#define GVT_MAX_SOURCES		(GVT_MAX_PIPES * GVT_PLANES)
#define GVT_SINGLE_FB_DEFAULT	5
/* Bounds of a pipe's vblank period (1 kHz .. 1 Hz). */
#define GVT_PERIOD_MIN_NS	1000000ULL
#define GVT_PERIOD_MAX_NS	1000000000ULL

/* DRM plane types (enum drm_plane_type) of the planes behind the sources. */
#define GVT_DRM_PLANE_TYPE_PRIMARY	1
#define GVT_DRM_PLANE_TYPE_CURSOR	2

/* DRM fourcc codes (include/uapi/drm/drm_fourcc.h) of the formats shown. */
#define GVT_DRM_FORMAT_XRGB8888		0x34325258U	/* 'X' 'R' '2' '4' */
#define GVT_DRM_FORMAT_ARGB8888		0x34325241U	/* 'A' 'R' '2' '4' */
#define GVT_DRM_FORMAT_XBGR8888		0x34324258U	/* 'X' 'B' '2' '4' */
#define GVT_DRM_FORMAT_ABGR8888		0x34324241U	/* 'A' 'B' '2' '4' */

/* errno values returned (negated) by the core, equal to Linux's. */
#define GVT_EPERM		1
#define GVT_EINVAL		22

/**
 * struct gvt_pipe - the emulated state of one pipe and its two planes
 * @pipeconf: PIPECONF as written
 * @plane_ctl: PLANE_CTL (primary plane) as written
 * @plane_stride: PLANE_STRIDE as written
 * @plane_pos: PLANE_POS as written
 * @plane_size: PLANE_SIZE as written
 * @pipesrc: PIPESRC as written
 * @htotal: TRANS_HTOTAL as written
 * @vtotal: TRANS_VTOTAL as written
 * @clock: TRANS_CLOCK (pixel clock, kHz) as written
 * @plane_surf: PLANE_SURF as last written (the armed surface)
 * @plane_surflive: the surface being scanned out
 * @curcntr: CURCNTR as written
 * @curbase: CURBASE as written
 * @curpos: CURPOS as written
 * @frmcount: PIPE_FRMCOUNT, +1 at each vblank of the enabled pipe (run, or
 *	skipped as idle: gvt_display_idle_vblanks())
 * @flipcount: PIPE_FLIPCOUNT, +1 at each completed flip
 * @flip_armed: a sync flip waits for the next vblank
 * @flipped: a flip (sync or async) that changed the live surface completed
 *	since the previous vblank
 * @single_fb: the single-framebuffer heuristic is refreshing this pipe
 * @written: planes whose live surface the guest wrote since the previous
 *	vblank (bit = plane), from gvt_display_surface_written()
 * @flipless: consecutive vblanks of the pipe, up to the last one, that
 *	showed the primary plane and saw no flip changing the live surface
 *	(saturating; 0 after a vblank with the pipe or primary plane off)
 */
struct gvt_pipe {
	u32 pipeconf;
	u32 plane_ctl;
	u32 plane_stride;
	u32 plane_pos;
	u32 plane_size;
	u32 pipesrc;
	u32 htotal;
	u32 vtotal;
	u32 clock;
	u32 plane_surf;
	u32 plane_surflive;
	u32 curcntr;
	u32 curbase;
	u32 curpos;
	u32 frmcount;
	u32 flipcount;
	u8 flip_armed;
	u8 flipped;
	u8 single_fb;
	u8 written;
	u32 flipless;
};

/* Damage: at most this many bands per source (GVT_MPT_DAMAGE_MAX_RECTS). */
#define GVT_DAMAGE_BANDS	4
/* struct gvt_damage flags, equal to uapi's GVT_MPT_DAMAGE_*. */
#define GVT_DAMAGE_FULL		0x1U
#define GVT_DAMAGE_MOVED	0x2U

/**
 * struct gvt_damage - what changed in a plane since its damage was taken
 * @flags: GVT_DAMAGE_FULL: the whole plane (a flip, a new geometry, the
 *	plane switched on, a heuristic refresh, a new engine); GVT_DAMAGE_MOVED:
 *	the cursor moved, its pixels unchanged
 * @nr: bands in @band, 0..GVT_DAMAGE_BANDS; 0 with GVT_DAMAGE_FULL
 * @band: lines @band[i].y .. @band[i].y + @band[i].h - 1 of the plane were
 *	written; disjoint, not adjacent, sorted by y, h >= 1
 */
struct gvt_damage {
	u32 flags;
	u32 nr;
	struct {
		u32 y;
		u32 h;
	} band[GVT_DAMAGE_BANDS];
};

/**
 * struct gvt_display_stats - counters for debugfs and benchmarks
 * @vblanks: vblank ticks processed
 * @flips: flips completed (sync and async)
 * @events: events delivered, per source
 * @coalesced: changes merged into an event already pending: at each vblank,
 *	one for each source that changed since its previous vblank (however
 *	many writes that took: one change per source and vblank) while an
 *	earlier change of it was still undelivered (held by a mask, or by a
 *	delivery the backend refused).  So for every source, its changes
 *	seen at vblanks = events[source] + its share of coalesced + 1 if it
 *	is pending now.  Vblanks that merge several sources count each.
 * @undelivered: delivery attempts refused by the backend (no consumer)
 */
struct gvt_display_stats {
	u64 vblanks;
	u64 flips;
	u64 events[GVT_MAX_SOURCES];
	u64 coalesced;
	u64 undelivered;
};

/**
 * struct gvt_display - one vGPU's display engine
 * @mpt: the backend binding events are delivered through
 * @nr_pipes: pipes of this vGPU (1..GVT_MAX_PIPES)
 * @single_fb_vblanks: N of the single-framebuffer heuristic, 0 disables it
 * @changed: sources changed since the previous vblank (bit = source)
 * @pending: sources changed but not yet delivered
 * @masked: sources masked (automasked after delivery, or explicitly)
 * @tracking: pipes whose write tracking is on (bit = pipe): no
 *	single-framebuffer rule there (gvt_display_set_tracking())
 * @stats: counters
 * @damage: per source, what changed since the consumer last took it
 *	(gvt_display_take_damage())
 * @pipe: per-pipe state
 */
struct gvt_display {
	struct gvt_mpt mpt;
	u32 nr_pipes;
	u32 single_fb_vblanks;
	u32 changed;
	u32 pending;
	u32 masked;
	u32 tracking;
	struct gvt_display_stats stats;
	struct gvt_damage damage[GVT_MAX_SOURCES];
	struct gvt_pipe pipe[GVT_MAX_PIPES];
};

/**
 * struct gvt_plane_info - what one plane shows now
 * @offset: offset of the surface in the aperture: the live surface
 *	(PLANE_SURFLIVE) of the primary plane, CURBASE of the cursor
 * @drm_format: DRM fourcc of the pixels, 0 if not a format the model shows
 * @width: width in pixels (primary: PLANE_SIZE; cursor: from CURCNTR)
 * @height: height in pixels
 * @stride: bytes from one line to the next
 * @x: position of the plane's top left pixel on the pipe (the cursor's
 *	may be negative)
 * @y: see @x
 * @visible: 1 when the plane is shown: pipe and plane on, a known linear
 *	format, a stride of at least a line, and the whole surface inside
 *	the aperture; 0 otherwise (the other fields still say what the
 *	registers hold, but the surface must not be read)
 */
struct gvt_plane_info {
	u64 offset;
	u32 drm_format;
	u32 width;
	u32 height;
	u32 stride;
	s32 x;
	s32 y;
	u32 visible;
};

void gvt_display_init(struct gvt_display *d, u32 nr_pipes,
		      u32 single_fb_vblanks, const struct gvt_mpt_ops *ops,
		      void *handle);
void gvt_display_reset(struct gvt_display *d);
void gvt_display_power_on(struct gvt_display *d);
u32 gvt_display_nr_sources(const struct gvt_display *d);
int gvt_display_source(const struct gvt_display *d, u32 src, u32 *pipe,
		       u32 *drm_plane_type);
int gvt_display_plane_info(const struct gvt_display *d, u32 pipe, u32 plane,
			   u64 aperture_size, struct gvt_plane_info *info);
int gvt_display_mmio_read(struct gvt_display *d, u64 offset, u32 size,
			  u32 *val);
int gvt_display_mmio_write(struct gvt_display *d, u64 offset, u32 size,
			   u32 val);
int gvt_display_mmio_guest_read(struct gvt_display *d, u64 offset, u32 size,
				u64 *val);
int gvt_display_mmio_guest_write(struct gvt_display *d, u64 offset,
				 u32 size, u64 val);
u32 gvt_display_vblank(struct gvt_display *d);
u32 gvt_display_vblank_pipes(struct gvt_display *d, u32 pipes);
u32 gvt_display_deliver_pipes(struct gvt_display *d, u32 pipes);
int gvt_display_surface_written(struct gvt_display *d, u32 pipe, u32 plane);
int gvt_display_surface_damage(struct gvt_display *d, u32 pipe, u32 plane,
			       u64 first, u64 last);
int gvt_display_take_damage(struct gvt_display *d, u32 src,
			    struct gvt_damage *out);
int gvt_display_damage_full(struct gvt_display *d, u32 src);
int gvt_display_set_tracking(struct gvt_display *d, u32 pipe, u32 on);
u64 gvt_display_pipe_period_ns(const struct gvt_display *d, u32 pipe,
			       u64 default_ns);
int gvt_display_pipe_idle(const struct gvt_display *d, u32 pipe);
void gvt_display_idle_vblanks(struct gvt_display *d, u32 pipe, u64 n);
int gvt_display_track_ready(const struct gvt_display *d, u32 pipe);
int gvt_display_check_range(const struct gvt_display *d, u32 start, u32 count);
int gvt_display_mask(struct gvt_display *d, u32 start, u32 count,
		     const u8 *bools);
int gvt_display_unmask(struct gvt_display *d, u32 start, u32 count,
		       const u8 *bools);

#endif /* GVT_MPT_DISPLAY_H */
