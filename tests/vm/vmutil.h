/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by the VM test programs. */
#ifndef GVT_MPT_VMUTIL_H
#define GVT_MPT_VMUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Write @val to a sysfs/debugfs file: 0 or -errno. */
int vm_write_file(const char *path, const char *val);
/* gvt_mpt knobs: single-FB N for new vGPUs; run N manual vblanks. */
int vm_set_single_fb(uint32_t n);
/*
 * Module parameter write_tracking for vGPUs created afterwards (on by
 * default): 0 gives the single-framebuffer heuristic alone.
 */
int vm_set_write_tracking(int on);
int vm_advance(uint32_t n);
/*
 * Sum of the active objects of the kmalloc-* caches, -1 if unknown; their
 * per-cpu slabs are flushed first (SLUB sysfs "shrink").
 */
long vm_slab_kmalloc(void);
/* A non-negative count from the command line; exits on a bad one. */
int vm_arg_int(const char *s);
/* Number of open file descriptors of this process. */
int vm_open_fds(void);
/*
 * After a teardown loop of @cycles (after TEARDOWN_WARMUP warm-up cycles):
 * no live vGPU object (@live), the fd count back at @fds0, the kmalloc
 * active objects back near @slab0 (a one-object-per-cycle leak shows as >=
 * @cycles).  SLUB counts objects parked on per-cpu slabs as active, so the
 * first few hundred cycles grow the count (seen: +996 over the first 500
 * cycles, then 0 and -42 per 1000): measure from a warm state.  A count
 * still over the limit is taken again a second later (frees left to
 * kworkers), the caches that moved are printed, then it is judged.
 */
#define TEARDOWN_WARMUP	500
void vm_leak_check(long slab0, int cycles, int live, int fds0);
/*
 * Display memory: the pages gvt_mpt.ko has allocated in all (debugfs
 * gvt_mpt/mem), and the kernel's MemAvailable in kB; -1 if unknown.
 */
long vm_mem_pages(void);
long vm_mem_available_kb(void);
/*
 * Print and judge the idle-memory figure: @n idle 1-head vGPUs (64
 * wanted) made @pages display memory pages appear (0 wanted); MemAvailable
 * went from @avail0 to @avail1 kB.
 */
void vm_idle_memory_result(int n, long pages, long avail0, long avail1);
/*
 * Touch 100 pages (37 pages apart) of the aperture mapping @m of @size
 * bytes (MAP_FAILED: none, a failure), unmap it, and judge that display
 * memory pages went from @pages0 to @pages0 + 100.
 */
void vm_touch_memory_result(uint8_t *m, size_t size, long pages0);
/*
 * The vblank hrtimer's passes so far (debugfs gvt_mpt/timing, first
 * number of its second line); -1 if unknown.
 */
long vm_timer_passes(void);
/*
 * Idle timer: the passes over about 1 s (@passes over @secs) of @what,
 * 0 wanted; with @frames >= 0 also a pipe's PIPE_FRMCOUNT advance over
 * the same time, which must be @hz (+-5 %) per second.
 */
void vm_idle_timer_result(const char *what, long passes, double secs,
			  long frames, double hz);
/* Monotonic time in seconds. */
double vm_now_s(void);
/* Running result counters and the PASS/FAIL line printer. */
extern int vm_passed, vm_failed;
void vm_result(int ok, const char *fmt, const char *a, long got, long want);

/*
 * "snapshot" results: the PNG at @path is the 320x240 idle frame of
 * tools/watch.c's workload guest, every pixel.
 */
void vm_snapshot_check(const char *path);
/*
 * debugfs gvt_mpt/harvest of [@off, @off + @len) in every vGPU: the pages
 * found written since their last harvest (re-protected now), -1 on error;
 * *@faults gets the write faults taken since gvt_mpt loaded.
 */
long vm_harvest(uint64_t off, uint64_t len, long *faults);
/*
 * The write-tracking checks both backends share, on a fresh mapping @m of
 * the aperture of the only vGPU.
 */
void vm_tracking_basic(volatile uint8_t *m);

/* debugfs gvt_mpt/tracking: the cost of write tracking so far. */
struct vm_track_cost {
	long write_faults;
	long long mkwrite_ns;
	long harvests;
	long harvest_pages;
	long long harvest_ns;
	long fallbacks;
};
/* Read the counters: 0, or -1 (then *@c is all zero). */
int vm_track_cost(struct vm_track_cost *c);
/*
 * The CLOCK_MONOTONIC ns of the last event delivery of the last vGPU
 * listed in debugfs gvt_mpt/timing (0: none, -1: unknown).
 */
long long vm_last_event_ns(void);

/*
 * A consumer of one 1-head vGPU whose pipe A shows a still primary plane
 * (tracked: write tracking on, the 60 Hz timer running) from offset 0 of
 * the aperture mapping @m, @fb_bytes long; @elsewhere an offset of @m no
 * plane shows.  @wait waits up to @ms for an event (1: one came, 0: not);
 * @take returns the deliveries since its last call (their sources in
 * *@srcs, bit = source) and unmasks every source.
 */
struct vm_trk {
	const char *name;
	volatile uint8_t *m;
	size_t fb_bytes;
	size_t elsewhere;
	int (*wait)(void *priv, int ms);
	long (*take)(void *priv, uint32_t *srcs);
	void *priv;
};
/*
 * The exact refresh results shared by both backends ("trackevents"): a
 * still plane raises nothing and costs no timer pass; a write into its
 * live surface raises one primary event within 3 vblank periods (the
 * figure printed); then nothing; a write elsewhere nothing.  With
 * @fallback also the fallback rule: a full redraw every frame makes
 * tracking fall back within a few frames, events come every vblank, and
 * 2 s after the drawing stops tracking is back (no event, no pass).
 */
void vm_trackevents(const struct vm_trk *t, int fallback);
/*
 * A gvt_mpt module parameter (/sys/module/gvt_mpt/parameters/@name): a
 * number, or 1/0 for a bool's Y/N; -1 if unreadable.
 */
long vm_param(const char *name);

struct gvt_mpt_damage;

/*
 * The damage checks both backends share (DAMAGE in
 * uapi/gvt_mpt_display.h), on a vGPU of one head just created or opened,
 * with write tracking (write_tracking=1 at its creation), the 60 Hz timer
 * running and a notifier attached.
 */
struct vm_damage_ops {
	const char *test;	/* prefix of the result lines */
	/* Take the damage of source @src: 0 or -errno. */
	int (*take)(uint32_t src, struct gvt_mpt_damage *dm);
	int (*reg_write)(uint64_t off, uint32_t val);
	/*
	 * Drain every event and unmask every source, having waited up to
	 * @ms for one on the primary source (0: no wait): 1 if it fired.
	 */
	int (*events)(int ms);
	volatile uint8_t *ap;	/* the vGPU's aperture, mapped */
};

/* Where vm_damage_common() leaves the primary plane: 320x240 XRGB8888. */
#define VM_DMG_W	320
#define VM_DMG_H	240
#define VM_DMG_STRIDE	1280
#define VM_DMG_SURF	0x100000U

/*
 * First take FULL on both sources, then 0/0; a flip FULL on the primary
 * only; a cursor move MOVED on the cursor only; a new cursor base FULL;
 * a write into rows 100..103 of the still primary surface one band.
 * Leaves pipe A showing the primary plane at VM_DMG_SURF (tracked) and
 * the cursor, every damage taken.
 */
void vm_damage_common(const struct vm_damage_ops *o);
/*
 * Write lines @y0..@y1 of the primary plane through @o->ap, wait for the
 * primary event: 1 if it came.
 */
int vm_damage_draw(const struct vm_damage_ops *o, uint32_t y0, uint32_t y1);
/*
 * Is @dm one band as write tracking reports a write of lines @y0..@y1 of
 * a VM_DMG_W-wide plane at a page-aligned surface of stride
 * VM_DMG_STRIDE: flags 0, one rectangle, x 0, as wide as the plane,
 * covering those lines and inside the lines of the pages they lie in?
 */
int vm_damage_band(const struct gvt_mpt_damage *dm, uint32_t y0, uint32_t y1);
/* Is @dm exactly @flags, with no rectangle and every rectangle zero? */
int vm_damage_is(const struct gvt_mpt_damage *dm, uint32_t flags);

#endif /* GVT_MPT_VMUTIL_H */
