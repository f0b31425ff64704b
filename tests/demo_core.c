// SPDX-License-Identifier: GPL-2.0
/*
 * `make demo-core`, the harness counterpart of `make demo` (no VM):
 * scripted guest workloads on the pure core (through the userspace test
 * backend) at an emulated 60 Hz vblank, 10 emulated seconds each, with an
 * event-driven consumer, compared with what a consumer polling on a 30 ms
 * timer would cost.
 *
 * Emulated time is counted in 1/600 s: vblank v is at 10 v, timer wakeup
 * k just before 30 k ms, at 18 k - 1.  The event consumer runs after every
 * vblank: it reads (and so clears) the event counter and, if it is not
 * zero, refreshes the planes whose field is set and unmasks those sources.
 * Each workload logs when the picture really changed, so both consumers
 * are charged for wakeups that found no change, and for changes that no
 * wakeup showed before the next change replaced them.
 *
 * Three tables: the single-framebuffer heuristic, no heuristic, and write
 * tracking (the kernel's default), where the guest's drawing into the live
 * surface is reported to the core as the kernel's harvest does
 * (gvt_display_surface_damage()).  Bytes: the event consumer copies what
 * the damage of each fired source says (whole plane for FULL, the bands'
 * lines, nothing for a cursor that only moved); the timer consumer copies
 * both planes at every wakeup, as QEMU's GTK display does.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../common/gvt_display.h"
#include "../uapi/gvt_mpt_display.h"
#include "../uapi/gvt_mpt_regs.h"
#include "scenario.h"
#include "testbackend.h"

#define HZ		60
#define SECONDS		10
#define VBLANKS		(HZ * SECONDS)
#define UNITS		600			/* time units per second */
#define TICK		(UNITS / HZ)		/* vblank period */
#define TIMER_MS	30
#define TIMER		(UNITS * TIMER_MS / 1000)	/* timer period */
#define DURATION	(UNITS * SECONDS)
#define NR_TIMER	((DURATION + TIMER - 1) / TIMER)
#define MAX_CHANGES	(2 * VBLANKS + 8)

#define EN		GVT_MPT_PIPECONF_ENABLE
#define PL_EN		GVT_MPT_PLANE_CTL_ENABLE

enum workload { W_VIDEO, W_SINGLE_FB, W_CURSOR, W_IDLE, W_CARET,
	NR_WORKLOADS };

static const char *const label[NR_WORKLOADS] = {
	"1 video 30 fps, sync flips every 2nd vblank",
	"2 single FB: 1 flip at start, 16 lines drawn at 20 Hz",
	"3 cursor: CURPOS every vblank, primary on, 1 flip at start",
	"4 idle desktop: nothing after setup",
	"5 blinking caret: 2 flips/s",
};

/* The primary plane: 1920x1080 XRGB8888, 7680 bytes a line. */
#define FB_W		1920
#define FB_H		1080
#define FB_LINE		((u64)FB_W * 4)
#define FB_BYTES	((u64)FB_LINE * FB_H)
#define CUR_BYTES	((u64)64 * 64 * 4)
#define FB0		0x00100000U
#define FB1		0x00900000U

struct cost {
	u32 wakeups;
	u32 idle;		/* wakeups that found no change */
	u32 unseen;		/* changes no wakeup showed */
};

struct result {
	u32 vblanks;
	u32 frames;
	u64 events[2];
	struct cost event, timer;
	u64 bytes_event, bytes_timer;
};

struct demo {
	struct tb tb;
	struct scn_exec ex;
	u32 change[MAX_CHANGES];	/* times the picture changed, sorted */
	u32 nr_changes;
	u32 wake[VBLANKS + NR_TIMER];	/* wakeup times, sorted */
	int tracking;		/* write tracking on for pipe A */
};

/* Bytes the event consumer copies for source @src: what its damage says. */
static int copy_damage(struct demo *m, u32 src, u64 *bytes)
{
	struct scn_damage dm;
	u32 i;
	int ret = m->ex.damage(m->ex.priv, 0, src, &dm);

	if (ret)
		return ret;
	if (dm.flags & SCN_DAMAGE_FULL) {
		*bytes += src ? CUR_BYTES : FB_BYTES;
		return 0;
	}
	for (i = 0; i < dm.nr; i++)
		*bytes += (u64)dm.h[i] * (src ? (u64)64 * 4 : FB_LINE);
	return 0;
}

static void changed(struct demo *m, u32 t)
{
	if (m->nr_changes && m->change[m->nr_changes - 1] == t)
		return;
	if (m->nr_changes < MAX_CHANGES)
		m->change[m->nr_changes++] = t;
}

/*
 * Charge a consumer that woke at @wake[0 .. n - 1]: a wakeup at t shows
 * every change at a time <= t.
 */
static void charge(const struct demo *m, const u32 *wake, u32 n,
		   struct cost *c)
{
	u32 i, j = 0, k = 0, prev = 0;

	c->wakeups = n;
	c->idle = 0;
	c->unseen = 0;
	/* Idle: no change in (previous wakeup, t]. */
	for (i = 0; i < n; i++) {
		int any = 0;

		while (j < m->nr_changes && m->change[j] <= wake[i]) {
			if (!i || m->change[j] > prev)
				any = 1;
			j++;
		}
		c->idle += !any;
		prev = wake[i];
	}
	/* Unseen: no wakeup in [change, next change). */
	for (i = 0; i < m->nr_changes; i++) {
		u32 end = i + 1 < m->nr_changes ? m->change[i + 1] : ~0U;

		while (k < n && wake[k] < m->change[i])
			k++;
		if (k == n || wake[k] >= end)
			c->unseen++;
	}
}

static int w(struct demo *m, u64 off, u32 val)
{
	return m->ex.write(m->ex.priv, 0, off, 4, val);
}

/* The guest, between vblank v - 1 and vblank v. */
static int guest(struct demo *m, enum workload wl, u32 v)
{
	int ret = 0;

	if (v == 1) {
		/* Mode set: pipe A, primary plane, cursor, first frame. */
		ret |= w(m, GVT_MPT_PIPECONF(0), EN);
		ret |= w(m, GVT_MPT_PLANE_STRIDE(0), FB_LINE / 64);
		ret |= w(m, GVT_MPT_PLANE_SIZE(0), (FB_H - 1) << 16 | (FB_W - 1));
		ret |= w(m, GVT_MPT_PLANE_CTL(0), PL_EN |
			 GVT_MPT_PLANE_CTL_FORMAT_8888);
		ret |= w(m, GVT_MPT_CURCNTR(0), GVT_MPT_CURSOR_MODE_MASK);
		ret |= w(m, GVT_MPT_CURBASE(0), 0x00f00000);
		ret |= w(m, GVT_MPT_CURPOS(0), 0x01000100);
		ret |= w(m, GVT_MPT_PLANE_SURF(0), FB0);
		changed(m, 0);
		return ret;
	}
	switch (wl) {
	case W_VIDEO:
		/* Double-buffered 30 fps: flip before every odd vblank. */
		if (v % 2) {
			ret = w(m, GVT_MPT_PLANE_SURF(0),
				v % 4 == 1 ? FB0 : FB1);
			changed(m, v * TICK);	/* latched at vblank v */
		}
		break;
	case W_SINGLE_FB:
		/*
		 * Rendering 16 lines into the scanned-out buffer: no
		 * register; with write tracking the kernel's harvest at the
		 * next vblank reports the pages written.
		 */
		if (v % 3 == 0) {
			u64 y = (v / 3 * 16) % (FB_H - 16);
			u64 first = FB0 + y * FB_LINE;

			changed(m, v * TICK - 4);
			if (m->tracking)
				ret = m->ex.draw(m->ex.priv, 0, 0, 0,
						 first & ~4095ULL,
						 ((first + 16 * FB_LINE - 1) |
						  4095ULL));
		}
		break;
	case W_CURSOR:
		ret = w(m, GVT_MPT_CURPOS(0), (100 + v) << 16 | (100 + v));
		changed(m, v * TICK);
		break;
	case W_CARET:
		/* A compositor that flips twice a second. */
		if (v % (HZ / 2) == 0) {
			ret = w(m, GVT_MPT_PLANE_SURF(0),
				v % HZ ? FB1 : FB0);
			changed(m, v * TICK);
		}
		break;
	default:
		break;
	}
	return ret;
}

static int run(struct demo *m, enum workload wl, u32 single_fb,
	       int tracking, struct result *r)
{
	struct tb_vgpu *vg = &m->tb.v[0];
	u32 v, k, n = 0;
	u64 val = 0;
	u64 counter;
	int ret;

	memset(r, 0, sizeof(*r));
	m->ex.destroy(m->ex.priv, 0);
	m->nr_changes = 0;
	ret = m->ex.set_single_fb(m->ex.priv, single_fb);
	ret = ret ? ret : m->ex.create(m->ex.priv, 0, 1);
	if (ret)
		return ret;
	m->tracking = tracking;
	gvt_display_set_tracking(&vg->d, 0, (u32)tracking);

	for (v = 1; v <= VBLANKS; v++) {
		ret = guest(m, wl, v);
		ret = ret ? ret : m->ex.vblank(m->ex.priv, 1);
		ret = ret ? ret : m->ex.consume(m->ex.priv, 0, &counter);
		if (ret)
			return ret;
		r->vblanks++;
		if (!counter)
			continue;
		/* Woken by the eventfd: refresh, then unmask what was read. */
		m->wake[n++] = v * TICK;
		for (k = 0; k < 2; k++) {
			if (!scn_count(counter, k))
				continue;
			ret = copy_damage(m, k, &r->bytes_event);
			ret = ret ? ret : m->ex.mask(m->ex.priv, 0, 1, k, 1,
						     NULL);
			if (ret)
				return ret;
		}
	}
	r->events[0] = vg->per_source[0];
	r->events[1] = vg->per_source[1];
	ret = m->ex.read(m->ex.priv, 0, GVT_MPT_PIPE_FLIPCOUNT(0), 4, &val);
	r->frames = (u32)val;
	charge(m, m->wake, n, &r->event);

	/* A 30 ms timer consumer, just before each multiple of 30 ms. */
	for (k = 1; k <= NR_TIMER; k++)
		m->wake[k - 1] = k * TIMER - 1;
	charge(m, m->wake, NR_TIMER, &r->timer);
	r->bytes_timer = (u64)NR_TIMER * (FB_BYTES + CUR_BYTES);
	return ret;
}

#define NCOL	13

static void table(struct demo *m, u32 single_fb, int tracking)
{
	static const char *const head[] = {
		"workload", "vblanks", "frames", "A.pri events",
		"A.cur events", "event wakeups", "no change", "unseen",
		"event MB copied", "30 ms timer wakeups", "no change",
		"unseen", "timer MB copied",
	};
	char cell[NR_WORKLOADS][NCOL][64];
	size_t width[NCOL], c, n;
	struct result r;
	enum workload wl;

	for (wl = 0; wl < NR_WORKLOADS; wl++) {
		if (run(m, wl, single_fb, tracking, &r)) {
			printf("workload %d failed\n", wl + 1);
			return;
		}
		snprintf(cell[wl][0], 64, "%s", label[wl]);
		snprintf(cell[wl][1], 64, "%u", r.vblanks);
		snprintf(cell[wl][2], 64, "%u", r.frames);
		snprintf(cell[wl][3], 64, "%llu",
			 (unsigned long long)r.events[0]);
		snprintf(cell[wl][4], 64, "%llu",
			 (unsigned long long)r.events[1]);
		snprintf(cell[wl][5], 64, "%u", r.event.wakeups);
		snprintf(cell[wl][6], 64, "%u", r.event.idle);
		snprintf(cell[wl][7], 64, "%u", r.event.unseen);
		snprintf(cell[wl][8], 64, "%.1f", r.bytes_event / 1e6);
		snprintf(cell[wl][9], 64, "%u", r.timer.wakeups);
		snprintf(cell[wl][10], 64, "%u", r.timer.idle);
		snprintf(cell[wl][11], 64, "%u", r.timer.unseen);
		snprintf(cell[wl][12], 64, "%.1f", r.bytes_timer / 1e6);
	}
	for (c = 0; c < NCOL; c++) {
		width[c] = strlen(head[c]);
		for (wl = 0; wl < NR_WORKLOADS; wl++)
			if (strlen(cell[wl][c]) > width[c])
				width[c] = strlen(cell[wl][c]);
	}
	if (tracking)
		printf("\nWrite tracking (the kernel's default), N = %u, %d Hz "
		       "vblank, %d s per workload, 1-head vGPU, %dx%d plane\n\n",
		       single_fb, HZ, SECONDS, FB_W, FB_H);
	else
		printf("\nSingle-framebuffer N = %u%s, %d Hz vblank, %d s per "
		       "workload, 1-head vGPU, %dx%d plane\n\n", single_fb,
		       single_fb ? "" : " (heuristic off)", HZ, SECONDS,
		       FB_W, FB_H);
	for (c = 0; c < NCOL; c++)
		printf("| %-*s ", (int)width[c], head[c]);
	printf("|\n");
	for (c = 0; c < NCOL; c++) {
		printf("| ");
		for (n = 0; n < width[c]; n++)
			putchar('-');
		printf("%s", c ? ":" : " ");
	}
	printf("|\n");
	for (wl = 0; wl < NR_WORKLOADS; wl++) {
		for (c = 0; c < NCOL; c++) {
			if (c)
				printf("| %*s ", (int)width[c], cell[wl][c]);
			else
				printf("| %-*s ", (int)width[c], cell[wl][c]);
		}
		printf("|\n");
	}
}

int main(void)
{
	static struct demo m;

	tb_init(&m.tb);
	tb_exec(&m.tb, &m.ex);
	printf("gvt-mpt display events on the pure core (make demo-core, "
	       "no VM)\n");
	printf("Event mode: the consumer wakes after a vblank only when the "
	       "counter is non-zero.\nTimer mode: the consumer wakes every "
	       "%d ms: ceil(%d s / %d ms) wakeups.\n\"no change\": wakeups "
	       "at which the picture had not changed since the previous one."
	       "\n\"unseen\": picture changes (frames, drawing, cursor "
	       "moves) replaced before any\nwakeup showed them.\n",
	       TIMER_MS, SECONDS, TIMER_MS);
	table(&m, GVT_SINGLE_FB_DEFAULT, 0);
	table(&m, 0, 0);
	table(&m, GVT_SINGLE_FB_DEFAULT, 1);
	return 0;
}
