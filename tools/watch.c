// SPDX-License-Identifier: GPL-2.0
/*
 * The reference display-event consumer, shared by vfio-display-watch (KVM,
 * VFIO eventfd) and xengt-display-watch (Xen, event channel): only the
 * transport differs (struct watch_transport).
 *
 * Event mode: attach the transport's notifier and loop: wait, take the set
 * of sources that fired, refresh those planes as a display backend would
 * (read their registers), unmask them.  --timer MS masks every source and
 * refreshes every plane every MS ms instead, for comparison.
 *
 * With --vblank-latency it also reads gvt_mpt.ko's debugfs "timing" file at
 * each wakeup to measure vblank -> wakeup: in event mode from the vblank
 * that delivered the event, in timer mode from the vblank that latched the
 * flip the wakeup shows.
 *
 * A "guest" thread in this process can play a scripted display workload on
 * the same device (--workload), as a device model forwards a guest's MMIO
 * writes, and draws real pixels into the display memory: a ring of
 * FB_RING 320x240 XRGB8888 buffers per pipe, a band of each new frame
 * redrawn before it is flipped in, and a 64x64 ARGB8888 arrow cursor.
 *
 * Each refresh reads the plane's pixels through the transport (VFIO's
 * plane query and view region, Xen's mapped memory) into a copy, as a
 * display shows them; --snapshot FILE writes the last frame shown on pipe
 * A, cursor blended in, as a PNG.  In event mode a refresh copies only
 * what the plane's damage names (VFIO's damage record, Xen's TAKE_DAMAGE):
 * the damaged rectangles into the persistent copy, a moved cursor's
 * position alone, nothing for an event an earlier take covered; the whole
 * plane for FULL or without damage.  The timer modes copy whole planes.  Each copy is also compared with the
 * previous one (memcmp, line by line), which is how a consumer without
 * events (VNC) learns that something changed: --adaptive refreshes on a
 * VNC-like timer that backs off while nothing changes (see run_adaptive()).
 *
 * For the benchmarks every mode counts the bytes it copied, the guest
 * counts the distinct changes it made to what is displayed (what an ideal
 * consumer must show), and idle-then-draw measures the first update after
 * an idle period: from the guest's write to the consumer's copy that
 * differs.  The JSON report carries all of it, with the cost of write
 * tracking over the counted part of the run (debugfs gvt_mpt/tracking).
 *
 * --timeline FILE logs, in ms since the start (CLOCK_MONOTONIC), each
 * change the guest thread makes to what is displayed and each consumer
 * wakeup (with whether it copied new pixels, and the bytes it copied):
 * `make demo` draws it (scripts/demo-timeline.sh).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "png.h"
#include "watch.h"
#include "../uapi/gvt_mpt_display.h"
#include "../uapi/gvt_mpt_regs.h"

#define MAX_FLIPS	(1 << 16)
#define NS		1000000000LL
#define TIMING		"/sys/kernel/debug/gvt_mpt/timing"
#define DRAW_HZ		20
#define CURSOR10_HZ	10
#define CARET_HZ	2	/* caret flips per second */
#define HARVEST		"/sys/kernel/debug/gvt_mpt/harvest"
#define TRACKING	"/sys/kernel/debug/gvt_mpt/tracking"
#define STORY_PHASE_NS	(2 * NS)	/* story: seconds per phase */
/*
 * --adaptive, after QEMU's VNC server: the period starts at 30 ms, grows by
 * 50 ms per refresh that found no change up to 3000 ms, halves on one that
 * found a change.  VNC's floor is its 30 ms base; this one halves down to
 * one vblank at 60 Hz, so that it can follow a 60 fps stream.
 */
#define ADAPT_START_NS	(30 * 1000000LL)
#define ADAPT_MIN_NS	(NS / 60)
#define ADAPT_STEP_NS	(50 * 1000000LL)
#define ADAPT_MAX_NS	(3000 * 1000000LL)
#define NR_CDF		21	/* quantiles 0, 5, ..., 100 % in the JSON */

/* The workload guest's frames: FB_RING buffers per pipe, in its aperture. */
#define FB_W		320
#define FB_H		240
#define FB_STRIDE	1280			/* 20 units of 64 bytes */
#define FB_SIZE		0x50000U		/* FB_STRIDE * FB_H, paged */
#define FB_RING		8
#define FB_BASE(p)	(0x100000U + (p) * 0x400000U)
#define FB_BAND		16			/* lines redrawn per frame */
#define CUR_SIZE	64
#define CUR_BASE(p)	(0x40000U + (p) * 0x4000U)

/*
 * The workloads (pipe A, 60 Hz unless said):
 *  idle          pipe and primary plane on, nothing changes
 *  blank         every plane off
 *  video30/60    sync flips of a new frame every 2nd / every vblank
 *  async24       async flips at 24 Hz
 *  singlefb      one buffer, nothing after setup (as idle)
 *  cursor        cursor on, CURPOS every vblank
 *  cursor10      cursor on, CURPOS at 10 Hz over a still primary plane
 *  twohead       A 30 fps, B 15 fps
 *  draw20        one buffer, a band of it redrawn at 20 Hz (CPU writes
 *                into the live buffer, no register write)
 *  fullredraw60  one buffer, all of it rewritten every vblank
 *  caret         a blinking caret: 2 flips/s between two buffers that
 *                differ in a 4x16 rectangle
 *  idle-then-draw  idle for --idle-secs S, then one drawing into the live
 *                buffer (the first update after idle)
 *  story         the demo's script, 2 s each: idle, caret, cursor10 (the
 *                cursor on from the start, still outside this phase),
 *                draw20 (into the live buffer), video30, idle again
 * Writes into the live buffer also bump a counter shared with the consumer
 * (draw_gen), which counts a refresh that shows a new drawing as a frame.
 */
enum workload { WL_NONE, WL_IDLE, WL_BLANK, WL_VIDEO30, WL_VIDEO60,
		WL_ASYNC24, WL_SINGLEFB, WL_CURSOR, WL_TWOHEAD, WL_DRAW20,
		WL_CARET, WL_CURSOR10, WL_FULLREDRAW60, WL_IDLE_THEN_DRAW,
		WL_STORY };

static const char * const wl_names[] = {
	"none", "idle", "blank", "video30", "video60", "async24", "singlefb",
	"cursor", "twohead", "draw20", "caret", "cursor10", "fullredraw60",
	"idle-then-draw", "story",
};

/* story: its phases, STORY_PHASE_NS each, in order. */
enum phase { PH_IDLE, PH_CARET, PH_CURSOR10, PH_DRAW20, PH_VIDEO30,
	     PH_IDLE_AGAIN, NR_PHASES };

static const char * const phase_names[] = {
	"idle", "caret", "cursor10", "draw20", "video30", "idle",
};

struct opts {
	int create;		/* heads of a vGPU to create, 0: the transport's */
	enum workload wl;
	double seconds;
	double timer_ms;	/* 0: event mode */
	int adaptive;		/* --adaptive: VNC-like timer */
	double idle_secs;	/* idle-then-draw: idle time before the draw */
	double warmup;		/* seconds run before the counts start */
	int vblank_lat;
	int json;
	int check;
	int quiet;
	const char *snapshot;	/* --snapshot FILE, or NULL */
	int verify;		/* --verify: copies equal planes at the end */
	const char *timeline;	/* --timeline FILE, or NULL */
};

struct stats {
	uint64_t wakeups;
	uint64_t events[GVT_MPT_MAX_SOURCES];
	uint64_t frames;	/* refreshes that showed a new surface */
	uint64_t cursor_moves;	/* refreshes that showed a new cursor */
	uint64_t empty;		/* wakeups that found nothing new */
	uint64_t pixel_changes;	/* wakeups whose copy differed from the last */
	uint64_t bad_bytes;	/* counter fields > 1 */
	uint64_t damaged;	/* refreshes that copied by damage, not FULL */
	uint64_t lat_n;
	int64_t lat_ns[MAX_FLIPS];	/* flip write -> consumer sees it */
	int64_t lat_vbl[MAX_FLIPS];	/* in frame counts */
	uint64_t vb_n;
	uint64_t vb_races;	/* samples dropped: the vblank was not known */
	int64_t vb_ns[MAX_FLIPS];	/* vblank -> consumer sees the flip */
	int64_t vblank_ns;	/* the vblank of this wakeup (--vblank-latency) */
};

/* Shared between the guest thread and the consumer. */
static const struct watch_transport *tp;
static uint32_t nr_sources;
static volatile int stop_guest;
static int64_t guest_end;	/* the guest stops 100 ms before the consumer */
static uint64_t guest_flips;
static uint64_t guest_cursor;
static uint64_t guest_draws;	/* draw20: drawings made */
static uint64_t draw_gen;	/* draw20: the drawing in the framebuffer */
static uint64_t guest_changes;	/* distinct changes of what is displayed */
static int64_t idle_draw_ns;	/* idle-then-draw: when the guest drew */
static int64_t idle_seen_ns;	/* and when the consumer's copy showed it */
static uint32_t idle_draw_frame;	/* PIPE_FRMCOUNT when the guest drew */
static uint32_t idle_seen_frame;	/* and when the copy showed it */
static int64_t idle_wake_ns;	/* the wakeup that showed it */
static int64_t idle_event_ns;	/* the kernel's last delivery then, or 0 */
/* --warmup: when the counts start, and the guest's counts then. */
static int64_t warm_at;
static int warm_done;
static uint64_t warm_flips, warm_cursor, warm_draws, warm_changes;
static long long warm_faults = -1;
static int64_t flip_time[MAX_FLIPS];	/* index: surface / 0x1000 % MAX */
static uint32_t flip_frame[MAX_FLIPS];
static struct stats st;
static uint8_t *ap;		/* the guest's display memory, or NULL */
static uint64_t ap_size;

/* A plane as the consumer last showed it: a copy of its pixels. */
struct shown {
	uint8_t *px;		/* width * 4 bytes per line, no padding */
	size_t cap;
	uint32_t width, height, drm_format;
	int32_t x, y;
	int valid;
};

static struct shown shown[GVT_MPT_MAX_PIPES][GVT_MPT_PLANES_PER_PIPE];
static uint64_t plane_reads;	/* surfaces read */
static uint64_t plane_bytes;	/* bytes of them copied */

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

/*
 * --timeline: what happened when, kept in memory during the run (the guest
 * thread and the consumer both add records, each taking its slot with one
 * atomic increment) and written at the end (timeline_write()).
 */
#define TL_MAX		(1 << 16)

struct tl_rec {
	int64_t t;		/* ns since tl_start */
	char kind;		/* 'f' flip, 'd' drawing, 'c' cursor move,
				   'p' story phase, 'w' consumer wakeup */
	uint8_t new_px;		/* 'w': its copies showed new pixels */
	uint32_t arg;		/* 'p': the phase; 'w': bytes copied */
};

static struct tl_rec *tl;
static uint32_t tl_n;
static int64_t tl_start;

static void tl_add(char kind, int new_px, uint64_t arg)
{
	uint32_t i;

	if (!tl)
		return;
	i = __atomic_fetch_add(&tl_n, 1, __ATOMIC_RELAXED);
	if (i >= TL_MAX)
		return;
	tl[i].t = now_ns() - tl_start;
	tl[i].kind = kind;
	tl[i].new_px = (uint8_t)!!new_px;
	tl[i].arg = arg > UINT32_MAX ? UINT32_MAX : (uint32_t)arg;
}

/* The guest changed what is displayed: a flip, drawing or cursor move. */
static void changed(char kind)
{
	__atomic_add_fetch(&guest_changes, 1, __ATOMIC_RELAXED);
	tl_add(kind, 0, 0);
}

static uint32_t rd(uint64_t off)
{
	uint32_t v = 0;

	tp->reg_read(off, &v);
	return v;
}

static void wr(uint64_t off, uint32_t v)
{
	int ret = tp->reg_write(off, v);

	if (ret)
		fprintf(stderr, "write 0x%llx: %s\n", (unsigned long long)off,
			strerror(-ret));
}

/* Wait until pipe A's frame counter passes @frame; returns the new count. */
static uint32_t wait_frame(uint32_t frame)
{
	uint32_t f;

	while ((f = rd(GVT_MPT_PIPE_FRMCOUNT(0))) == frame && !stop_guest)
		usleep(1000);
	return f;
}

/* Per pipe: the surface of the last flip (guest thread only). */
static uint32_t last_surf[GVT_MPT_MAX_PIPES];

static uint32_t fb_surf(int pipe, uint32_t seq)
{
	return FB_BASE(pipe) + seq % FB_RING * FB_SIZE;
}

static int fb_fits(uint32_t off, uint32_t len)
{
	return ap && off <= ap_size && len <= ap_size - off;
}

/* Buffer @surf of @pipe: a gradient, its colour per pipe and buffer. */
static void fb_fill(int pipe, uint32_t surf)
{
	uint32_t *px, x, y, b = (surf - FB_BASE(pipe)) / FB_SIZE;

	if (!fb_fits(surf, FB_SIZE))
		return;
	for (y = 0; y < FB_H; y++) {
		px = (uint32_t *)(ap + surf + (size_t)y * FB_STRIDE);
		for (x = 0; x < FB_W; x++)
			px[x] = (x * 255 / FB_W) << 16 | (y * 255 / FB_H) << 8 |
				((uint32_t)pipe * 96 + b * 16);
	}
}

/* Frame @seq into buffer @surf: a white bar seq % FB_W pixels long. */
static void fb_band(uint32_t surf, uint32_t seq)
{
	uint32_t *px, x, y, len = seq % FB_W;

	if (!fb_fits(surf, FB_SIZE))
		return;
	for (y = FB_H / 2 - FB_BAND / 2; y < FB_H / 2 + FB_BAND / 2; y++) {
		px = (uint32_t *)(ap + surf + (size_t)y * FB_STRIDE);
		for (x = 0; x < FB_W; x++)
			px[x] = x < len ? 0xffffff : 0x202020;
	}
}

/* A 64x64 ARGB8888 arrow: white, a black edge, transparent around. */
static void cursor_fill(int pipe)
{
	uint32_t *px, x, y;

	if (!fb_fits(CUR_BASE(pipe), CUR_SIZE * CUR_SIZE * 4))
		return;
	for (y = 0; y < CUR_SIZE; y++) {
		px = (uint32_t *)(ap + CUR_BASE(pipe) + (size_t)y * CUR_SIZE * 4);
		for (x = 0; x < CUR_SIZE; x++)
			px[x] = x > y / 2 || y >= 40 ? 0 :
				x == y / 2 || x == 0 || y == 39 ? 0xff000000 :
				0xffffffff;
	}
}

/*
 * Flip @pipe to frame @seq, as a driver does: only once the last flip went
 * live (one flip pending at most, as DRM allows), else the frame is
 * dropped and *@seq stays.  A flip written over a pending one would
 * replace it unseen.
 */
static int flip_ready(int pipe)
{
	return rd(GVT_MPT_PLANE_SURFLIVE(pipe)) == last_surf[pipe];
}

/* Flip @pipe to the drawn buffer @surf (flip_ready() was true). */
static void flip_to(int pipe, uint32_t surf, uint32_t frame)
{
	last_surf[pipe] = surf;
	flip_time[surf / 0x1000 % MAX_FLIPS] = now_ns();
	flip_frame[surf / 0x1000 % MAX_FLIPS] = frame;
	wr(GVT_MPT_PLANE_SURF(pipe), surf);
	__atomic_add_fetch(&guest_flips, 1, __ATOMIC_RELAXED);
	changed('f');
}

static void flip(int pipe, uint32_t *seq, uint32_t frame)
{
	uint32_t surf = fb_surf(pipe, *seq + 1);

	if (!flip_ready(pipe))
		return;
	++*seq;
	fb_band(surf, *seq);
	flip_to(pipe, surf, frame);
}

/* A drawing into pipe A's live buffer, for the consumer's frame count. */
static void drew(void)
{
	__atomic_add_fetch(&draw_gen, 1, __ATOMIC_RELEASE);
	__atomic_add_fetch(&guest_draws, 1, __ATOMIC_RELAXED);
	changed('d');
}

/* fullredraw60: every pixel of buffer @surf rewritten, frame @n. */
static void fb_redraw(uint32_t surf, uint32_t n)
{
	uint32_t *px, x, y;

	if (!fb_fits(surf, FB_SIZE))
		return;
	for (y = 0; y < FB_H; y++) {
		px = (uint32_t *)(ap + surf + (size_t)y * FB_STRIDE);
		for (x = 0; x < FB_W; x++)
			px[x] = ((x + n) & 0xff) << 16 | ((y + n) & 0xff) << 8 |
				(n & 0xff);
	}
}

/* caret: buffer 1 of pipe A is buffer 0 with a 4x16 caret in it. */
static void caret_setup(void)
{
	uint32_t *px, x, y, b0 = fb_surf(0, 0), b1 = fb_surf(0, 1);

	if (!fb_fits(b0, FB_SIZE) || !fb_fits(b1, FB_SIZE))
		return;
	memcpy(ap + b1, ap + b0, FB_SIZE);
	for (y = 60; y < 76; y++) {
		px = (uint32_t *)(ap + b1 + (size_t)y * FB_STRIDE);
		for (x = 100; x < 104; x++)
			px[x] = 0xffffff;
	}
}

/* Move pipe A's cursor to a position of frame @n. */
static void cursor_move(uint32_t n)
{
	wr(GVT_MPT_CURPOS(0), (n % FB_W) | ((n % FB_H) << 16));
	__atomic_add_fetch(&guest_cursor, 1, __ATOMIC_RELAXED);
	changed('c');
}

/* story: where the script is (guest thread only). */
struct story {
	int64_t t0;		/* its start */
	int64_t next;		/* the phase's next change */
	int phase;		/* -1 before the first */
	int caret;		/* pipe A shows buffer 1 (the caret on) */
	uint32_t seq;		/* video30: the buffer of the last frame */
	uint32_t n;		/* frames into the phase */
};

/* story, at frame @f: the phase's change of this frame, if it has one. */
static void story_step(struct story *s, uint32_t f)
{
	int64_t t = now_ns();
	int ph = (int)((t - s->t0) / STORY_PHASE_NS);

	if (ph >= NR_PHASES)
		ph = NR_PHASES - 1;
	if (ph != s->phase) {
		s->phase = ph;
		s->next = t;
		s->n = 0;
		tl_add('p', 0, (uint64_t)ph);
		/* The next frame goes to a buffer other than the live one. */
		if (ph == PH_VIDEO30)
			s->seq = (uint32_t)s->caret;
	}
	s->n++;
	switch (ph) {
	case PH_CARET:
		if (t >= s->next && flip_ready(0)) {
			s->caret ^= 1;
			flip_to(0, fb_surf(0, (uint32_t)s->caret), f);
			s->next += NS / CARET_HZ;
		}
		break;
	case PH_CURSOR10:
		if (t >= s->next) {
			cursor_move(s->n);
			s->next += NS / CURSOR10_HZ;
		}
		break;
	case PH_DRAW20:
		if (t >= s->next) {
			fb_band(last_surf[0], (uint32_t)guest_draws + 1);
			drew();
			s->next += NS / DRAW_HZ;
		}
		break;
	case PH_VIDEO30:
		if (!(s->n & 1))
			flip(0, &s->seq, f);
		break;
	default:
		break;
	}
}

static void *guest(void *arg)
{
	const struct opts *o = arg;
	enum workload wl = o->wl;
	uint32_t f = rd(GVT_MPT_PIPE_FRMCOUNT(0)), seq = 0, seq1 = 0, n = 0;
	int64_t next = now_ns(), draw_at = next + (int64_t)(o->idle_secs * NS);
	struct story story = { .t0 = next, .phase = -1 };
	int caret = 0;

	while (!stop_guest && now_ns() < guest_end) {
		f = wait_frame(f);
		if (stop_guest)
			break;
		n++;
		switch (wl) {
		case WL_VIDEO30:
			if (!(n & 1))
				flip(0, &seq, f);
			break;
		case WL_VIDEO60:
			flip(0, &seq, f);
			break;
		case WL_ASYNC24:
			if (now_ns() >= next) {
				flip(0, &seq, f);
				next += NS / 24;
			}
			break;
		case WL_CURSOR:
			cursor_move(n);
			break;
		case WL_CURSOR10:
			if (now_ns() >= next) {
				cursor_move(n);
				next += NS / CURSOR10_HZ;
			}
			break;
		case WL_CARET:
			/* A late flip (one still pending) is retried next frame. */
			if (now_ns() >= next && flip_ready(0)) {
				caret ^= 1;
				flip_to(0, fb_surf(0, (uint32_t)caret), f);
				next += NS / CARET_HZ;
			}
			break;
		case WL_FULLREDRAW60:
			fb_redraw(fb_surf(0, 0), n);
			drew();
			break;
		case WL_IDLE_THEN_DRAW:
			if (!idle_draw_ns && now_ns() >= draw_at) {
				idle_draw_frame = f;
				__atomic_store_n(&idle_draw_ns, now_ns(),
						 __ATOMIC_RELEASE);
				fb_band(fb_surf(0, 0), FB_W / 2);
				drew();
			}
			break;
		case WL_TWOHEAD:
			if (!(n & 1))
				flip(0, &seq, f);
			if (n % 4 == 0)
				flip(1, &seq1, f);
			break;
		case WL_DRAW20:
			if (now_ns() >= next) {
				fb_band(fb_surf(0, 0), (uint32_t)guest_draws + 1);
				drew();
				next += NS / DRAW_HZ;
			}
			break;
		case WL_STORY:
			story_step(&story, f);
			break;
		default:
			break;
		}
	}
	return NULL;
}

static void guest_setup(enum workload wl)
{
	int p, pipes = (int)(nr_sources / 2);

	uint32_t b;

	ap = tp->aperture ? tp->aperture(&ap_size) : NULL;
	for (p = 0; p < pipes; p++) {
		for (b = 0; b < FB_RING; b++)
			fb_fill(p, fb_surf(p, b));
		fb_band(fb_surf(p, 0), 0);
		if ((wl == WL_CARET || wl == WL_STORY) && !p)
			caret_setup();
		cursor_fill(p);
		wr(GVT_MPT_PLANE_SIZE(p), (FB_H - 1) << 16 | (FB_W - 1));
		wr(GVT_MPT_PLANE_STRIDE(p), FB_STRIDE / GVT_MPT_PLANE_STRIDE_UNIT);
		wr(GVT_MPT_PLANE_SURF(p), fb_surf(p, 0));
		last_surf[p] = fb_surf(p, 0);
		if (wl == WL_BLANK)
			wr(GVT_MPT_PLANE_CTL(p), 0);
		else if (wl == WL_ASYNC24)
			wr(GVT_MPT_PLANE_CTL(p), GVT_MPT_PLANE_CTL_XRGB8888 |
			   GVT_MPT_PLANE_CTL_ASYNC_FLIP);
		else
			wr(GVT_MPT_PLANE_CTL(p), GVT_MPT_PLANE_CTL_XRGB8888);
		wr(GVT_MPT_CURBASE(p), CUR_BASE(p));
		wr(GVT_MPT_CURPOS(p), 40 << 16 | 60);
		wr(GVT_MPT_CURCNTR(p), wl == WL_CURSOR || wl == WL_CURSOR10 ||
		   (wl == WL_STORY && !p) ? GVT_MPT_CURSOR_MODE_64_ARGB : 0);
		/* twohead: heads A and B on, C (if any) off */
		wr(GVT_MPT_PIPECONF(p),
		   (wl == WL_BLANK || (wl == WL_TWOHEAD && p > 1)) ? 0 :
		   GVT_MPT_PIPECONF_ENABLE);
	}
	if (wl == WL_BLANK) /* pipe A still counts frames for the pacing */
		wr(GVT_MPT_PIPECONF(0), GVT_MPT_PIPECONF_ENABLE);
}

struct seen {
	uint64_t draw;
	uint32_t surf[GVT_MPT_MAX_PIPES];
	uint32_t curpos[GVT_MPT_MAX_PIPES];
	uint32_t curbase[GVT_MPT_MAX_PIPES];
};

/*
 * Copy all of plane @p, just read, into its copy @sh; returns 1 if what it
 * shows differs from the previous copy (pixels, compared line by line
 * before each is copied, as VNC compares; size, format, position), else 0.
 */
static int copy_whole(struct shown *sh, const struct watch_plane *p)
{
	size_t line, need;
	uint8_t *n;
	uint32_t y;
	int changed;

	line = (size_t)p->width * 4;
	need = line * p->height;
	if (need > sh->cap) {
		n = realloc(sh->px, need);
		if (!n) {
			sh->valid = 0;
			return 1;
		}
		sh->px = n;
		sh->cap = need;
	}
	changed = !sh->valid || sh->width != p->width ||
		  sh->height != p->height || sh->drm_format != p->drm_format ||
		  sh->x != p->x || sh->y != p->y;
	for (y = 0; y < p->height; y++) {
		const uint8_t *src = p->pixels + (size_t)y * p->stride;

		if (!changed && memcmp(sh->px + y * line, src, line))
			changed = 1;
		memcpy(sh->px + y * line, src, line);
	}
	sh->width = p->width;
	sh->height = p->height;
	sh->drm_format = p->drm_format;
	sh->x = p->x;
	sh->y = p->y;
	sh->valid = 1;
	plane_reads++;
	plane_bytes += need;
	return changed;
}

/*
 * Read plane @plane of @pipe through the transport into its copy, all of
 * it; returns 1 if what it shows differs from the previous copy (see
 * copy_whole(); a plane turned on or off too), else 0.
 */
static int show(uint32_t pipe, uint32_t plane)
{
	struct shown *sh = &shown[pipe][plane];
	struct watch_plane p;
	int changed;

	if (!tp->read_plane)
		return 0;
	if (tp->read_plane(pipe, plane, &p)) {
		changed = sh->valid;
		sh->valid = 0;
		return changed;
	}
	return copy_whole(sh, &p);
}

/*
 * Copy the rectangles of @dm from plane @p into its copy @sh (of the same
 * size and format), each clipped to the plane; returns 1 if a pixel
 * differed.  They are disjoint: the bytes counted are the bytes copied.
 */
static int copy_rects(struct shown *sh, const struct watch_plane *p,
		      const struct gvt_mpt_damage *dm)
{
	size_t line = (size_t)p->width * 4, len, bytes = 0;
	uint32_t i, y, w, h;
	int changed = 0;

	for (i = 0; i < dm->nr_rects; i++) {
		const struct gvt_mpt_rect *r = &dm->rects[i];

		if (r->x >= p->width || r->y >= p->height)
			continue;
		w = r->width < p->width - r->x ? r->width : p->width - r->x;
		h = r->height < p->height - r->y ? r->height : p->height - r->y;
		len = (size_t)w * 4;
		for (y = r->y; y < r->y + h; y++) {
			const uint8_t *src = p->pixels + (size_t)y * p->stride +
					     (size_t)r->x * 4;
			uint8_t *dst = sh->px + y * line + (size_t)r->x * 4;

			if (!changed && memcmp(dst, src, len))
				changed = 1;
			memcpy(dst, src, len);
		}
		bytes += len * h;
	}
	if (bytes) {
		plane_reads++;
		plane_bytes += bytes;
	}
	return changed;
}

/*
 * Event mode: bring the copy of plane @plane of @pipe up to date as its
 * damage says (DAMAGE in uapi/gvt_mpt_display.h), taken here (after the
 * transport's take(), before the unmask): nothing when nothing changed;
 * the new position alone for a cursor that only moved; the damaged
 * rectangles alone otherwise.  The whole plane (show()) for FULL, without
 * damage (transport or device), or when the copy cannot take rectangles
 * (none yet, or of another size or format).  Returns as show().
 */
static int show_damaged(uint32_t pipe, uint32_t plane)
{
	struct shown *sh = &shown[pipe][plane];
	struct gvt_mpt_damage dm;
	struct watch_plane p;
	int changed;

	if (!tp->read_plane)
		return 0;
	if (!tp->take_damage || tp->take_damage(pipe, plane, &dm) ||
	    (dm.flags & ~(uint32_t)GVT_MPT_DAMAGE_MOVED) ||
	    dm.nr_rects > GVT_MPT_DAMAGE_MAX_RECTS)
		return show(pipe, plane);
	st.damaged++;
	if (!dm.flags && !dm.nr_rects)
		return 0;	/* an earlier take had this event's change */
	if (tp->read_plane(pipe, plane, &p)) {
		changed = sh->valid;
		sh->valid = 0;
		return changed;
	}
	if (!sh->valid || sh->width != p.width || sh->height != p.height ||
	    sh->drm_format != p.drm_format)
		return copy_whole(sh, &p);
	changed = sh->x != p.x || sh->y != p.y;
	sh->x = p.x;
	sh->y = p.y;
	return copy_rects(sh, &p, &dm) || changed;
}

#define NEW_REGS	1	/* a new surface, drawing or cursor position */
#define NEW_PIXELS	2	/* the copy differs from the previous one */

/* The register side of refresh(): NEW_REGS or 0. */
static int refresh_regs(struct seen *seen, uint32_t s, int64_t t)
{
	int pipe = (int)(s / 2);
	uint32_t v, f;

	if (s % 2 == GVT_MPT_PLANE_PRIMARY) {
		uint64_t draw = __atomic_load_n(&draw_gen, __ATOMIC_ACQUIRE);

		v = rd(GVT_MPT_PLANE_SURFLIVE(pipe));
		(void)rd(GVT_MPT_PLANE_STRIDE(pipe));
		(void)rd(GVT_MPT_PLANE_CTL(pipe));
		if (v == seen->surf[pipe]) {
			if (pipe || draw == seen->draw)
				return 0;
			seen->draw = draw;	/* same buffer, new drawing */
			st.frames++;
			return 1;
		}
		seen->surf[pipe] = v;
		if (!pipe)
			seen->draw = draw;
		st.frames++;
		if (st.vblank_ns > 0 && st.vb_n < MAX_FLIPS)
			st.vb_ns[st.vb_n++] = t - st.vblank_ns;
		if (flip_time[v / 0x1000 % MAX_FLIPS] && st.lat_n < MAX_FLIPS) {
			f = rd(GVT_MPT_PIPE_FRMCOUNT(pipe));
			st.lat_ns[st.lat_n] = t - flip_time[v / 0x1000 % MAX_FLIPS];
			st.lat_vbl[st.lat_n] = (int64_t)f -
				flip_frame[v / 0x1000 % MAX_FLIPS];
			st.lat_n++;
		}
		return 1;
	}
	v = rd(GVT_MPT_CURPOS(pipe));
	f = rd(GVT_MPT_CURBASE(pipe));
	if (v == seen->curpos[pipe] && f == seen->curbase[pipe])
		return 0;
	seen->curpos[pipe] = v;
	seen->curbase[pipe] = f;
	st.cursor_moves++;
	return 1;
}

static int timing_read(int fd, int64_t *flip_ns, int64_t *event_ns);

/*
 * idle-then-draw: the consumer's copy, in the wakeup of time @t, shows the
 * guest's drawing for the first time: note when, at which frame, and (in
 * event mode, @events) the kernel's stamp of the vblank that delivered the
 * event (debugfs timing: one vGPU, one event since the drawing).
 */
static void first_seen(int64_t t, int events)
{
	int64_t f, e;
	int fd;

	idle_seen_ns = now_ns();
	idle_wake_ns = t;
	idle_seen_frame = rd(GVT_MPT_PIPE_FRMCOUNT(0));
	if (!events)
		return;
	fd = open(TIMING, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (!timing_read(fd, &f, &e) && e > 0 && e <= t)
		idle_event_ns = e;
	close(fd);
}

/*
 * Refresh source @s as a display backend would; returns what was new
 * (NEW_REGS, NEW_PIXELS), 0 if nothing.  With @damage (event mode) only
 * what the damage names is copied, else the whole plane (the timer modes,
 * as QEMU's GTK and VNC displays copy and compare whole planes).
 */
static int refresh(struct seen *seen, uint32_t s, int64_t t, int damage)
{
	int px = (damage ? show_damaged(s / 2, s % 2) : show(s / 2, s % 2)) ?
		 NEW_PIXELS : 0;

	if (px && s == GVT_MPT_PLANE_PRIMARY && !idle_seen_ns &&
	    __atomic_load_n(&idle_draw_ns, __ATOMIC_ACQUIRE))
		first_seen(t, damage);
	return px | refresh_regs(seen, s, t);
}

/*
 * Read the debugfs timing file: the last vGPU line (ours: the bench runs
 * one vGPU at a time) gives the last flip-completing and event-delivering
 * vblanks.  Returns 0 or -1.
 */
static int timing_read(int fd, int64_t *flip_ns, int64_t *event_ns)
{
	char buf[4096], *p, *end;
	long long f, e;
	ssize_t n;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 1 || buf[n - 1] != '\n')
		return -1;
	buf[n - 1] = 0;
	p = strrchr(buf, '\n');
	if (!p)
		return -1;
	/* "id last_flip_ns last_event_ns" */
	(void)strtoll(p + 1, &end, 10);
	f = strtoll(end, &p, 10);
	e = strtoll(p, &end, 10);
	if (p == end || *end)
		return -1;
	*flip_ns = f;
	*event_ns = e;
	return 0;
}

static int timing_open(const struct opts *o)
{
	int fd;

	if (!o->vblank_lat)
		return -1;
	fd = open(TIMING, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		perror(TIMING);
	return fd;
}

/*
 * Write faults the module has taken (debugfs gvt_mpt/harvest: "pages N
 * write_faults M"), or -1 without that file.
 */
static long long write_faults(void)
{
	char buf[128], *p, *end;
	long long v;
	ssize_t n;
	int fd;

	fd = open(HARVEST, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, "write_faults ");
	if (!p)
		return -1;
	p += strlen("write_faults ");
	v = strtoll(p, &end, 10);
	return end == p ? -1 : v;
}

/*
 * debugfs gvt_mpt/tracking, one line of name value pairs: the cost of
 * write tracking since the module loaded (README "Module parameters").
 */
static const char * const trk_names[] = {
	"write_faults", "mkwrite_ns", "harvests", "harvest_pages",
	"harvest_ns", "fallbacks",
};

#define NR_TRK	(sizeof(trk_names) / sizeof(trk_names[0]))

static long long trk0[NR_TRK];	/* the values when the counts started */
static int trk0_ok;

/* Read the tracking counters into @v: 0, or -1 without that file. */
static int tracking_read(long long *v)
{
	char buf[512], key[32], *p, *end;
	size_t i;
	ssize_t n;
	int fd;

	fd = open(TRACKING, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	buf[0] = ' ';
	n = read(fd, buf + 1, sizeof(buf) - 2);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n + 1] = 0;
	for (i = 0; i < NR_TRK; i++) {
		snprintf(key, sizeof(key), " %s ", trk_names[i]);
		p = strstr(buf, key);
		if (!p)
			return -1;
		p += strlen(key);
		v[i] = strtoll(p, &end, 10);
		if (end == p)
			return -1;
	}
	return 0;
}

/*
 * --warmup: once at warm_at, restart the counts the rates come from (the
 * consumer's now, the guest's and the write faults by their values then).
 */
static void warm(int64_t t)
{
	if (warm_done || t < warm_at)
		return;
	warm_done = 1;
	st.wakeups = 0;
	st.empty = 0;
	st.pixel_changes = 0;
	st.damaged = 0;
	st.frames = 0;
	st.cursor_moves = 0;
	memset(st.events, 0, sizeof(st.events));
	plane_reads = 0;
	plane_bytes = 0;
	warm_flips = __atomic_load_n(&guest_flips, __ATOMIC_RELAXED);
	warm_cursor = __atomic_load_n(&guest_cursor, __ATOMIC_RELAXED);
	warm_draws = __atomic_load_n(&guest_draws, __ATOMIC_RELAXED);
	warm_changes = __atomic_load_n(&guest_changes, __ATOMIC_RELAXED);
	warm_faults = write_faults();
	trk0_ok = !tracking_read(trk0);
}

/* Event mode: the fd the transport's attach() gave, -1 before. */
static int ev_fd = -1;

static int run_events(const struct opts *o, int64_t end)
{
	uint8_t bools[GVT_MPT_MAX_SOURCES];
	int64_t last_report = now_ns();
	uint64_t last_wakeups = 0;
	int tfd = timing_open(o);
	struct pollfd pfd;
	struct seen seen;
	int ret;

	memset(&seen, 0, sizeof(seen));
	/* Attached once: --verify's drain goes on where the run stopped. */
	if (ev_fd < 0) {
		ret = tp->attach();
		if (ret < 0)
			return ret;
		ev_fd = ret;
		tp->mask(1, NULL);
	}
	pfd.fd = ev_fd;
	pfd.events = POLLIN;
	while (now_ns() < end) {
		uint32_t s, srcs, any = 0;
		uint64_t bad = 0, b0;
		int64_t t;
		int to = 100;

		/* Wake for the start of the counts, too (see below). */
		t = now_ns();
		if (!warm_done && warm_at > t && (warm_at - t) / 1000000 < to)
			to = (int)((warm_at - t) / 1000000) + 1;
		ret = poll(&pfd, 1, to);
		if (ret < 0 && errno != EINTR)
			return -errno;
		/* The counts start on time with no event too (idle). */
		t = now_ns();
		warm(t);
		if (ret <= 0)
			continue;
		b0 = plane_bytes;
		st.wakeups++;
		/*
		 * The sources that woke us are automasked: no later vblank
		 * delivers them before the unmask below, so the last
		 * delivering vblank is ours unless another source was
		 * delivered meanwhile (then it is after t: dropped).
		 */
		st.vblank_ns = 0;
		if (tfd >= 0) {
			int64_t f, e;

			if (timing_read(tfd, &f, &e) || e <= 0 || e > t)
				st.vb_races++;
			else
				st.vblank_ns = e;
		}
		ret = tp->take(&srcs, &bad);
		if (ret)
			return ret;
		st.bad_bytes += bad;
		memset(bools, 0, sizeof(bools));
		for (s = 0; s < nr_sources; s++) {
			if (!(srcs & (1U << s)))
				continue;
			st.events[s]++;
			any |= refresh(&seen, s, t, 1);
			bools[s] = 1;
		}
		if (!any)
			st.empty++;
		if (any & NEW_PIXELS)
			st.pixel_changes++;
		tl_add('w', (any & NEW_PIXELS) != 0, plane_bytes - b0);
		if (srcs)
			tp->mask(1, bools);
		if (!o->quiet && !o->json && t - last_report >= NS) {
			printf("  %6.1f s: %llu wakeups/s, %llu frames\n",
			       (double)(t - last_report) / NS,
			       (unsigned long long)(st.wakeups - last_wakeups),
			       (unsigned long long)st.frames);
			last_report = t;
			last_wakeups = st.wakeups;
		}
	}
	if (tfd >= 0)
		close(tfd);
	return 0;
}

static int run_timer(const struct opts *o, int64_t end)
{
	int64_t next = now_ns(), period = (int64_t)(o->timer_ms * 1e6);
	int tfd = timing_open(o);
	struct seen seen;
	int64_t vb_event;
	uint64_t vb0, b0;
	uint32_t s;
	int ret;

	memset(&seen, 0, sizeof(seen));
	/* Timer mode: no event wakeups, every source masked. */
	ret = tp->mask(0, NULL);
	if (ret)
		return ret;
	while (now_ns() < end) {
		int any = 0;
		int64_t t;

		next += period;
		t = now_ns();
		if (next > t) {
			struct timespec ts = {
				.tv_sec = (next - t) / NS,
				.tv_nsec = (next - t) % NS,
			};

			nanosleep(&ts, NULL);
		}
		warm(now_ns());
		b0 = plane_bytes;
		st.wakeups++;
		/*
		 * The last flip-completing vblank before t is the one of the
		 * surface read below unless a vblank comes between the two
		 * timing reads (then the sample is dropped).
		 */
		st.vblank_ns = 0;
		if (tfd >= 0 && timing_read(tfd, &st.vblank_ns, &vb_event))
			st.vblank_ns = 0;
		t = now_ns();
		vb0 = st.vb_n;
		for (s = 0; s < nr_sources; s++)
			any |= refresh(&seen, s, t, 0);
		if (!any)
			st.empty++;
		if (any & NEW_PIXELS)
			st.pixel_changes++;
		tl_add('w', any & NEW_PIXELS, plane_bytes - b0);
		if (st.vb_n != vb0) {
			int64_t again = 0;

			if (timing_read(tfd, &again, &vb_event) ||
			    again != st.vblank_ns) {
				st.vb_n = vb0;
				st.vb_races++;
			}
		}
	}
	if (tfd >= 0)
		close(tfd);
	return 0;
}

/* Sleep until CLOCK_MONOTONIC @when (ns), if it is still ahead. */
static void sleep_until(int64_t when)
{
	int64_t t = now_ns();
	struct timespec ts;

	if (when <= t)
		return;
	ts.tv_sec = (when - t) / NS;
	ts.tv_nsec = (when - t) % NS;
	nanosleep(&ts, NULL);
}

/*
 * --adaptive: a consumer without events, as QEMU's VNC server refreshes:
 * every refresh reads and compares every plane (show()); one that found a
 * change halves the period (down to ADAPT_MIN_NS), one that found none
 * adds ADAPT_STEP_NS (up to ADAPT_MAX_NS).  Every source stays masked.
 */
static int run_adaptive(int64_t end)
{
	int64_t period = ADAPT_START_NS, next = now_ns(), t;
	struct seen seen;
	uint64_t b0;
	uint32_t s;
	int ret, any;

	memset(&seen, 0, sizeof(seen));
	ret = tp->mask(0, NULL);
	if (ret)
		return ret;
	for (;;) {
		next += period;
		if (next >= end) {
			sleep_until(end);
			break;
		}
		sleep_until(next);
		t = now_ns();
		warm(t);
		b0 = plane_bytes;
		st.wakeups++;
		any = 0;
		for (s = 0; s < nr_sources; s++)
			any |= refresh(&seen, s, t, 0);
		tl_add('w', any & NEW_PIXELS, plane_bytes - b0);
		if (!any)
			st.empty++;
		if (any & NEW_PIXELS) {
			st.pixel_changes++;
			period = period / 2 < ADAPT_MIN_NS ? ADAPT_MIN_NS :
							     period / 2;
		} else {
			period = period + ADAPT_STEP_NS > ADAPT_MAX_NS ?
				 ADAPT_MAX_NS : period + ADAPT_STEP_NS;
		}
	}
	return 0;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Sort @v[0 .. n - 1] and print it as JSON: n, median, p99, max, cdf. */
static void json_lat(const char *name, int64_t *v, uint64_t n,
		     uint64_t dropped)
{
	uint64_t i;

	if (n)
		qsort(v, n, sizeof(v[0]), cmp64);
	printf(",\"%s\":{\"n\":%llu,\"dropped\":%llu,\"median\":%.1f,\"p99\":%.1f,\"max\":%.1f,\"cdf\":[",
	       name, (unsigned long long)n, (unsigned long long)dropped,
	       n ? v[n / 2] / 1e3 : 0, n ? v[n * 99 / 100] / 1e3 : 0,
	       n ? v[n - 1] / 1e3 : 0);
	for (i = 0; n && i < NR_CDF; i++)
		printf("%s%.1f", i ? "," : "",
		       v[(n - 1) * i / (NR_CDF - 1)] / 1e3);
	printf("]}");
}

/* The refresh mode as the device reported it (print_refresh()). */
static const char *refresh_name = "unknown";
static long long refresh_n = -1;

/* Ask the transport for the refresh mode; print it unless @quiet. */
static void print_refresh(int quiet)
{
	uint32_t flags = 0, n = 0;

	if (tp->refresh_mode && !tp->refresh_mode(&flags, &n)) {
		refresh_name = flags & GVT_MPT_REFRESH_WRITE_TRACKING ?
			       "tracking" : "heuristic";
		refresh_n = n;
	}
	if (quiet)
		return;
	if (refresh_n < 0)
		printf("refresh mode: not reported\n");
	else if (flags & GVT_MPT_REFRESH_WRITE_TRACKING)
		printf("refresh mode: write tracking (a pipe %lld vblanks without a flip is watched)\n",
		       refresh_n);
	else
		printf("refresh mode: single-framebuffer heuristic (%lld vblanks without a flip%s)\n",
		       refresh_n, refresh_n ? "" : ": off");
}

/* Event mode: bytes of pixels copied per event delivered. */
static double bytes_per_event(void)
{
	uint64_t n = 0;
	uint32_t i;

	for (i = 0; i < nr_sources; i++)
		n += st.events[i];
	return n ? (double)plane_bytes / (double)n : 0;
}

/*
 * --timeline: write the records to @path, in time order, one per line:
 * "MS guest flip|draw|cursor", "MS phase NAME" (story), "MS wake new|empty
 * BYTES".  0, or -errno (a message).
 */
static int cmp_tl(const void *a, const void *b)
{
	int64_t x = ((const struct tl_rec *)a)->t;
	int64_t y = ((const struct tl_rec *)b)->t;

	return (x > y) - (x < y);
}

static int timeline_write(const struct opts *o, const char *path)
{
	const char *mode = o->adaptive ? "adaptive" :
			   o->timer_ms ? "timer" : "event";
	uint32_t i, n = tl_n < TL_MAX ? tl_n : TL_MAX;
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "timeline %s: %s\n", path, strerror(errno));
		return -errno;
	}
	qsort(tl, n, sizeof(tl[0]), cmp_tl);
	fprintf(f, "# gvt-mpt timeline: workload %s, mode %s", wl_names[o->wl],
		mode);
	if (o->timer_ms)
		fprintf(f, " %.1f ms", o->timer_ms);
	fprintf(f, "; ms since the start (CLOCK_MONOTONIC)%s\n",
		tl_n > TL_MAX ? "; records past the limit dropped" : "");
	for (i = 0; i < n; i++) {
		const struct tl_rec *r = &tl[i];

		fprintf(f, "%.3f ", r->t / 1e6);
		switch (r->kind) {
		case 'f':
			fprintf(f, "guest flip\n");
			break;
		case 'd':
			fprintf(f, "guest draw\n");
			break;
		case 'c':
			fprintf(f, "guest cursor\n");
			break;
		case 'p':
			fprintf(f, "phase %s\n", r->arg < NR_PHASES ?
				phase_names[r->arg] : "?");
			break;
		default:
			fprintf(f, "wake %s %u\n", r->new_px ? "new" : "empty",
				r->arg);
			break;
		}
	}
	if (fclose(f)) {
		fprintf(stderr, "timeline %s: %s\n", path, strerror(errno));
		return -errno;
	}
	return 0;
}

/*
 * The tracking counters' differences over the counted part of the run as
 * JSON ("tracking":{...}, or null without debugfs gvt_mpt/tracking).
 */
static void json_tracking(const long long *d)
{
	size_t i;

	if (!d) {
		printf(",\"tracking\":null");
		return;
	}
	printf(",\"tracking\":{");
	for (i = 0; i < NR_TRK; i++)
		printf("%s\"%s\":%lld", i ? "," : "", trk_names[i], d[i]);
	printf("}");
}

static void report(const struct opts *o, double secs, long long faults,
		   const long long *trk)
{
	int64_t med = 0, p99 = 0, max = 0, vmax = 0;
	uint64_t i, within1 = 0;
	const char *mode = o->adaptive ? "adaptive" :
			   o->timer_ms ? "timer" : "event";
	double first_ms = idle_seen_ns && idle_draw_ns ?
			  (double)(idle_seen_ns - idle_draw_ns) / 1e6 : -1;
	double first_wake = first_ms >= 0 ?
			    (double)(idle_wake_ns - idle_draw_ns) / 1e6 : -1;
	double first_event = first_ms >= 0 && idle_event_ns ?
			     (double)(idle_event_ns - idle_draw_ns) / 1e6 : -1;
	long long first_vbl = first_ms >= 0 ?
			      (long long)(int32_t)(idle_seen_frame -
						   idle_draw_frame) : -1;

	for (i = 0; i < st.lat_n; i++) {
		if (st.lat_vbl[i] <= 1)
			within1++;
		if (st.lat_vbl[i] > vmax)
			vmax = st.lat_vbl[i];
	}
	if (st.lat_n) {
		qsort(st.lat_ns, st.lat_n, sizeof(st.lat_ns[0]), cmp64);
		med = st.lat_ns[st.lat_n / 2];
		p99 = st.lat_ns[st.lat_n * 99 / 100];
		max = st.lat_ns[st.lat_n - 1];
	}
	if (o->json) {
		printf("{\"workload\":\"%s\",\"mode\":\"%s\",\"seconds\":%.2f,"
		       "\"timer_ms\":%.3f,\"guest_flips\":%llu,\"guest_cursor\":%llu,"
		       "\"guest_draws\":%llu,\"frames\":%llu,\"cursor\":%llu,"
		       "\"wakeups\":%llu,\"empty_wakeups\":%llu,"
		       "\"bad_bytes\":%llu,\"plane_reads\":%llu,"
		       "\"plane_bytes\":%llu,\"bytes_per_s\":%.0f,"
		       "\"changes\":%llu,\"changes_per_s\":%.2f,"
		       "\"pixel_changes\":%llu,\"first_update_ms\":%.3f,"
		       "\"first_update_event_ms\":%.3f,"
		       "\"first_update_wake_ms\":%.3f,"
		       "\"first_update_vblanks\":%lld,"
		       "\"write_faults\":%lld,\"refresh\":\"%s\","
		       "\"single_fb_vblanks\":%lld,\"damage_refreshes\":%llu,"
		       "\"bytes_per_event\":%.0f,"
		       "\"events\":[",
		       wl_names[o->wl], mode, secs, o->timer_ms,
		       (unsigned long long)guest_flips,
		       (unsigned long long)guest_cursor,
		       (unsigned long long)guest_draws,
		       (unsigned long long)st.frames,
		       (unsigned long long)st.cursor_moves,
		       (unsigned long long)st.wakeups,
		       (unsigned long long)st.empty,
		       (unsigned long long)st.bad_bytes,
		       (unsigned long long)plane_reads,
		       (unsigned long long)plane_bytes, plane_bytes / secs,
		       (unsigned long long)guest_changes, guest_changes / secs,
		       (unsigned long long)st.pixel_changes, first_ms,
		       first_event, first_wake, first_vbl, faults,
		       refresh_name, refresh_n,
		       (unsigned long long)st.damaged, bytes_per_event());
		for (i = 0; i < nr_sources; i++)
			printf("%s%llu", i ? "," : "",
			       (unsigned long long)st.events[i]);
		printf("],\"latency_us\":{\"n\":%llu,\"median\":%.1f,\"p99\":%.1f,"
		       "\"max\":%.1f},\"within_1_vblank\":%llu,"
		       "\"max_vblanks\":%lld",
		       (unsigned long long)st.lat_n, med / 1e3, p99 / 1e3,
		       max / 1e3, (unsigned long long)within1,
		       (long long)vmax);
		if (o->vblank_lat) {
			json_lat("flip_wake_us", st.lat_ns, st.lat_n, 0);
			json_lat("vblank_wake_us", st.vb_ns, st.vb_n,
				 st.vb_races);
		}
		json_tracking(trk);
		printf("}\n");
		return;
	}
	printf("workload %s, %s mode, %.1f s: guest flips %llu, draws %llu, frames seen %llu, cursor updates seen %llu\n",
	       wl_names[o->wl], mode, secs, (unsigned long long)guest_flips,
	       (unsigned long long)guest_draws,
	       (unsigned long long)st.frames,
	       (unsigned long long)st.cursor_moves);
	printf("  wakeups %llu (%.1f/s), of which empty %llu; bad counter fields %llu\n",
	       (unsigned long long)st.wakeups, st.wakeups / secs,
	       (unsigned long long)st.empty,
	       (unsigned long long)st.bad_bytes);
	printf("  planes read: %llu (%.1f MB of pixels copied, %.0f bytes/s); copies that differed: %llu\n",
	       (unsigned long long)plane_reads, plane_bytes / 1e6,
	       plane_bytes / secs, (unsigned long long)st.pixel_changes);
	if (!o->timer_ms && !o->adaptive)
		printf("  refreshes copying by damage (not FULL): %llu; %.0f bytes per event\n",
		       (unsigned long long)st.damaged, bytes_per_event());
	printf("  guest changes of the display: %llu (%.1f/s)\n",
	       (unsigned long long)guest_changes, guest_changes / secs);
	if (first_ms >= 0)
		printf("  first update after %.1f s idle: %.2f ms (event delivered %.2f ms, wakeup %.2f ms after the write; %lld vblanks)\n",
		       o->idle_secs, first_ms, first_event, first_wake,
		       first_vbl);
	if (faults >= 0)
		printf("  write faults in gvt_mpt: %lld\n", faults);
	if (trk)
		printf("  write tracking: %lld faults (%.1f us), %lld harvests of %lld pages (%.1f us), %lld fallbacks\n",
		       trk[0], trk[1] / 1e3, trk[2], trk[3], trk[4] / 1e3,
		       trk[5]);
	printf("  events per source:");
	for (i = 0; i < nr_sources; i++)
		printf(" %c.%s=%llu", (int)('A' + i / 2), i % 2 ? "cur" : "pri",
		       (unsigned long long)st.events[i]);
	printf("\n  flip->refresh latency: n=%llu median %.2f ms p99 %.2f ms max %.2f ms; within 1 vblank %llu, max %lld vblanks\n",
	       (unsigned long long)st.lat_n, med / 1e6, p99 / 1e6, max / 1e6,
	       (unsigned long long)within1, (long long)vmax);
}

/*
 * --check, event mode: no counter field above 1, and every flip seen
 * (flips of distinct frames never coalesce while the consumer unmasks
 * within a frame).  How many were seen by the frame after the flip is a
 * latency figure: printed by the report (and measured by make bench), not
 * failed here, since under emulation it is the host scheduler's.  With
 * GVT_CHECK_NO_TIMING in the environment only the pixels are checked.
 */
static int check_failed(const struct opts *o)
{
	if (st.bad_bytes)
		return 1;
	if (o->timer_ms || o->adaptive || !guest_flips)
		return 0;
	/* The debug kernels' VMs (KASAN under TCG) are too slow for timing. */
	if (getenv("GVT_CHECK_NO_TIMING"))
		return 0;
	return st.lat_n < guest_flips;
}

#define DRM_XBGR8888	0x34324258U	/* 'XB24': R, G, B, X bytes */
#define DRM_ABGR8888	0x34324241U	/* 'AB24': R, G, B, A bytes */

/* Pixel @v of DRM format @fmt as 0x00RRGGBB; its alpha in *@alpha. */
static uint32_t to_xrgb(uint32_t v, uint32_t fmt, uint32_t *alpha)
{
	*alpha = fmt == PNG_DRM_ARGB8888 || fmt == DRM_ABGR8888 ? v >> 24 : 255;
	if (fmt == DRM_XBGR8888 || fmt == DRM_ABGR8888)
		v = (v & 0xff00) | (v >> 16 & 0xff) | (v & 0xff) << 16;
	return v & 0xffffff;
}

/* (@c * @a + @d * (255 - @a)) / 255 per channel of 0x00RRGGBB. */
static uint32_t blend(uint32_t c, uint32_t d, uint32_t a)
{
	uint32_t r = 0, sh;

	for (sh = 0; sh < 24; sh += 8)
		r |= (((c >> sh & 0xff) * a + (d >> sh & 0xff) * (255 - a) +
		       127) / 255) << sh;
	return r;
}

/*
 * --snapshot: the last frame shown on pipe A, its cursor blended in (not
 * premultiplied), as an RGB PNG at @path.  0, or -errno (a message).
 */
static int snapshot(const char *path)
{
	const struct shown *pr = &shown[0][GVT_MPT_PLANE_PRIMARY];
	const struct shown *cu = &shown[0][GVT_MPT_PLANE_CURSOR];
	const uint32_t *src;
	uint32_t *out, x, y, a, c;
	int64_t dx, dy;
	int ret;

	if (!pr->valid) {
		fprintf(stderr, "snapshot: pipe A showed no frame\n");
		return -ENODATA;
	}
	out = malloc((size_t)pr->width * pr->height * 4);
	if (!out)
		return -ENOMEM;
	src = (const uint32_t *)pr->px;
	for (y = 0; y < pr->height; y++)
		for (x = 0; x < pr->width; x++)
			out[y * pr->width + x] =
				to_xrgb(src[y * pr->width + x],
					pr->drm_format, &a);
	src = (const uint32_t *)cu->px;
	for (y = 0; cu->valid && y < cu->height; y++) {
		for (x = 0; x < cu->width; x++) {
			/* Where the cursor lies on pipe A's plane. */
			dx = (int64_t)cu->x + x - pr->x;
			dy = (int64_t)cu->y + y - pr->y;
			if (dx < 0 || dy < 0 || dx >= pr->width ||
			    dy >= pr->height)
				continue;
			c = to_xrgb(src[y * cu->width + x], cu->drm_format, &a);
			out[dy * pr->width + dx] =
				blend(c, out[dy * pr->width + dx], a);
		}
	}
	ret = png_write(path, (const uint8_t *)out, pr->width, pr->height,
			pr->width * 4, PNG_DRM_XRGB8888);
	free(out);
	if (ret)
		fprintf(stderr, "snapshot %s: %s\n", path, strerror(-ret));
	else
		printf("snapshot: %s (%ux%u, cursor %s)\n", path, pr->width,
		       pr->height, cu->valid ? "shown" : "off");
	return ret;
}

/* --verify: how long the events still due are taken after the run. */
#define VERIFY_NS	(NS / 2)

/*
 * --verify (event mode): once the guest has stopped, take the events still
 * due for VERIFY_NS, then every copy must equal what its plane shows now:
 * size, format, position and every pixel (a copy made of damaged
 * rectangles as much as a whole one).  0, or 1 (a message).
 */
static int verify(const struct opts *o)
{
	uint32_t pipe, plane, y, bad = 0;
	struct watch_plane p;
	size_t line;
	int ret;

	ret = run_events(o, now_ns() + VERIFY_NS);
	if (ret) {
		fprintf(stderr, "verify: %s\n", strerror(-ret));
		return 1;
	}
	for (pipe = 0; tp->read_plane && pipe < GVT_MPT_MAX_PIPES; pipe++) {
		for (plane = 0; plane < GVT_MPT_PLANES_PER_PIPE; plane++) {
			const struct shown *sh = &shown[pipe][plane];

			if (tp->read_plane(pipe, plane, &p)) {
				bad += sh->valid;
				continue;
			}
			line = (size_t)p.width * 4;
			if (!sh->valid || sh->width != p.width ||
			    sh->height != p.height ||
			    sh->drm_format != p.drm_format || sh->x != p.x ||
			    sh->y != p.y) {
				bad++;
				continue;
			}
			for (y = 0; y < p.height; y++) {
				if (memcmp(sh->px + y * line,
					   p.pixels + (size_t)y * p.stride,
					   line)) {
					fprintf(stderr, "verify: pipe %c %s: line %u differs\n",
						(int)('A' + pipe),
						plane ? "cursor" : "primary", y);
					bad++;
					break;
				}
			}
		}
	}
	if (bad)
		fprintf(stderr, "verify: %u copies differ from what their planes show\n",
			bad);
	else if (!o->quiet && !o->json)
		printf("verify: every copy equals what its plane shows\n");
	return bad != 0;
}

/* The usage on stdout (--help, exit 0) or stderr (a bad command line, 2). */
static void usage_exit(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: %s %s [--workload NAME]\n"
		"         [--seconds S] [--timer MS] [--vblank-latency] [--json] [--check]\n"
		"         [--quiet] [--snapshot FILE] [--adaptive] [--idle-secs S]\n"
		"         [--warmup S] [--verify] [--timeline FILE] [--help]\n%s"
		"  workloads: idle blank video30 video60 async24 singlefb cursor twohead\n"
		"             draw20 caret cursor10 fullredraw60 idle-then-draw story\n"
		"  --timer MS: refresh every MS ms (fractional) instead of on events\n"
		"  --adaptive: refresh on a VNC-like timer instead of on events (30 ms,\n"
		"              halved on a change down to 1/60 s, +50 ms up to 3000 ms)\n"
		"  --idle-secs S: idle-then-draw's idle time (default 10)\n"
		"  --warmup S: count (rates, bytes, faults) only after S seconds\n"
		"  --vblank-latency: also measure vblank -> wakeup (debugfs gvt_mpt/timing)\n"
		"  --check: exit 1 if a counter field exceeded 1 or a flip was missed\n"
		"  --snapshot FILE: at the end, save the last frame shown on pipe A\n"
		"                   (cursor blended in) as a PNG\n"
		"  --verify: event mode, at the end: take the events still due, then\n"
		"            exit 1 unless every copy equals what its plane shows\n"
		"  --timeline FILE: log each guest change and each wakeup (ms since\n"
		"                   the start, new pixels or not, bytes copied)\n"
		"  --help: this text\n",
		tp->name, tp->synopsis, tp->help);
	exit(status);
}

static void usage(void)
{
	usage_exit(2);
}

/* Strict number parsing: a bad value shows the usage. */
static long arg_long(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || end == s || *end || v < min || v > max)
		usage();
	return v;
}

static double arg_double(const char *s, double min, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= min && v <= max))
		usage();
	return v;
}

/*
 * getopt_long()'s value of the transport's first flag (no short option),
 * and where the flags go in the option table (after the common options
 * and the transport's option).
 */
#define WATCH_FLAG	0x100
#define LO_FLAGS	16

/**
 * watch_main() - the consumer's main(), over transport @t
 * @t: the transport
 * @argc: argument count
 * @argv: arguments
 *
 * Return: the exit status.
 */
int watch_main(const struct watch_transport *t, int argc, char **argv)
{
	/* The common options, the transport's option and flags, the end. */
	struct option lo[LO_FLAGS + WATCH_MAX_FLAGS + 1] = {
		{ "create", required_argument, NULL, 'c' },
		{ "workload", required_argument, NULL, 'w' },
		{ "seconds", required_argument, NULL, 's' },
		{ "timer", required_argument, NULL, 't' },
		{ "vblank-latency", no_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'j' },
		{ "check", no_argument, NULL, 'k' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "snapshot", required_argument, NULL, 'p' },
		{ "adaptive", no_argument, NULL, 'a' },
		{ "idle-secs", required_argument, NULL, 'i' },
		{ "warmup", required_argument, NULL, 'W' },
		{ "verify", no_argument, NULL, 'V' },
		{ "timeline", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ t->extra_opt, required_argument, NULL, 'x' },
	};
	struct opts o = { .seconds = 3, .idle_secs = 10 };
	long long faults = -1, trk[NR_TRK];
	int trk_ok;
	pthread_t th;
	int64_t start;
	int c, ret, rc = 0;
	size_t i;

	tp = t;
	for (i = 0; t->flag_opts && i < WATCH_MAX_FLAGS && t->flag_opts[i]; i++)
		lo[LO_FLAGS + i] = (struct option){
			t->flag_opts[i], no_argument, NULL, WATCH_FLAG + (int)i
		};
	while ((c = getopt_long(argc, argv, "c:w:s:t:vjkqp:ai:W:x:VT:h", lo, NULL)) != -1) {
		switch (c) {
		case 'c': o.create = (int)arg_long(optarg, 1, 3); break;
		case 's': o.seconds = arg_double(optarg, 0.001, 86400); break;
		case 't': o.timer_ms = arg_double(optarg, 0.1, 60000); break;
		case 'v': o.vblank_lat = 1; break;
		case 'j': o.json = 1; break;
		case 'k': o.check = 1; break;
		case 'q': o.quiet = 1; break;
		case 'p': o.snapshot = optarg; break;
		case 'a': o.adaptive = 1; break;
		case 'i': o.idle_secs = arg_double(optarg, 0, 86400); break;
		case 'W': o.warmup = arg_double(optarg, 0, 86400); break;
		case 'V': o.verify = 1; break;
		case 'T': o.timeline = optarg; break;
		case 'h': usage_exit(0); break;
		case 'x':
			if (tp->set_extra(optarg))
				usage();
			break;
		case WATCH_FLAG ... WATCH_FLAG + WATCH_MAX_FLAGS - 1:
			tp->set_flag((unsigned int)(c - WATCH_FLAG));
			break;
		case 'w':
			for (i = 0; i < sizeof(wl_names) / sizeof(wl_names[0]); i++)
				if (!strcmp(optarg, wl_names[i]))
					o.wl = (enum workload)i;
			if (o.wl == WL_NONE && strcmp(optarg, "none"))
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind != argc || o.create == 2 || (o.adaptive && o.timer_ms) ||
	    o.warmup >= o.seconds || (o.verify && (o.adaptive || o.timer_ms)))
		usage();
	ret = tp->open(o.create, &nr_sources);
	if (ret == -EINVAL && !nr_sources)
		usage();
	if (ret) {
		rc = 1;
		goto out;
	}
	if (!o.quiet && !o.json)
		tp->describe();
	print_refresh(o.quiet || o.json);
	if (o.timeline) {
		tl = calloc(TL_MAX, sizeof(*tl));
		if (!tl) {
			rc = 1;
			goto out;
		}
	}
	guest_end = now_ns() + (int64_t)(o.seconds * NS) - NS / 10;
	if (o.wl != WL_NONE) {
		guest_setup(o.wl);
		tl_start = now_ns();
		/* After the setup's writes: the workload's faults only. */
		faults = write_faults();
		ret = pthread_create(&th, NULL, guest, &o);
		if (ret) {
			rc = 1;
			goto out;
		}
	}
	start = now_ns();
	if (o.wl == WL_NONE)
		tl_start = start;
	warm_at = start + (int64_t)(o.warmup * NS);
	if (!o.warmup)
		warm(start);
	if (o.adaptive)
		ret = run_adaptive(start + (int64_t)(o.seconds * NS));
	else if (o.timer_ms)
		ret = run_timer(&o, start + (int64_t)(o.seconds * NS));
	else
		ret = run_events(&o, start + (int64_t)(o.seconds * NS));
	stop_guest = 1;
	if (o.wl != WL_NONE)
		pthread_join(th, NULL);
	if (warm_done && o.warmup) {
		/* The counts of the run after the warm-up only. */
		faults = warm_faults;
		guest_flips -= warm_flips;
		guest_cursor -= warm_cursor;
		guest_draws -= warm_draws;
		guest_changes -= warm_changes;
		start = warm_at;
	}
	if (faults >= 0) {
		long long f = write_faults();

		faults = f >= faults ? f - faults : -1;
	}
	trk_ok = trk0_ok && !tracking_read(trk);
	for (i = 0; trk_ok && i < NR_TRK; i++)
		trk[i] -= trk0[i];
	if (ret) {
		fprintf(stderr, "consumer: %s\n", strerror(-ret));
		rc = 1;
	}
	report(&o, (double)(now_ns() - start) / NS, faults,
	       trk_ok ? trk : NULL);
	if (o.timeline && timeline_write(&o, o.timeline))
		rc = 1;
	if (o.verify && !ret && verify(&o))
		rc = 1;
	if (o.snapshot && snapshot(o.snapshot))
		rc = 1;
	if (o.check && check_failed(&o)) {
		fprintf(stderr, "check failed: bad fields %llu, flips %llu, seen %llu\n",
			(unsigned long long)st.bad_bytes,
			(unsigned long long)guest_flips,
			(unsigned long long)st.frames);
		rc = 1;
	}
out:
	free(tl);
	tp->close();
	for (i = 0; i < sizeof(shown) / sizeof(shown[0][0]); i++)
		free(shown[i / GVT_MPT_PLANES_PER_PIPE]
			  [i % GVT_MPT_PLANES_PER_PIPE].px);
	return rc;
}
