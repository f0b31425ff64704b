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

enum workload { W_VIDEO, W_SINGLE_FB, W_CURSOR, W_IDLE, NR_WORKLOADS };

static const char *const label[NR_WORKLOADS] = {
	"1 video 30 fps, sync flips every 2nd vblank",
	"2 single FB: 1 flip at start, draws at 20 Hz",
	"3 cursor: CURPOS every vblank, primary on, 1 flip at start",
	"4 idle desktop: nothing after setup",
};

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
};

struct demo {
	struct tb tb;
	struct scn_exec ex;
	u32 change[MAX_CHANGES];	/* times the picture changed, sorted */
	u32 nr_changes;
	u32 wake[VBLANKS + NR_TIMER];	/* wakeup times, sorted */
};

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
		ret |= w(m, GVT_MPT_PLANE_STRIDE(0), 0x1e00);
		ret |= w(m, GVT_MPT_PLANE_CTL(0), PL_EN);
		ret |= w(m, GVT_MPT_CURCNTR(0), GVT_MPT_CURSOR_MODE_MASK);
		ret |= w(m, GVT_MPT_CURBASE(0), 0x00f00000);
		ret |= w(m, GVT_MPT_CURPOS(0), 0x01000100);
		ret |= w(m, GVT_MPT_PLANE_SURF(0), 0x00100000);
		changed(m, 0);
		return ret;
	}
	switch (wl) {
	case W_VIDEO:
		/* Double-buffered 30 fps: flip before every odd vblank. */
		if (v % 2) {
			ret = w(m, GVT_MPT_PLANE_SURF(0),
				v % 4 == 1 ? 0x00100000 : 0x00900000);
			changed(m, v * TICK);	/* latched at vblank v */
		}
		break;
	case W_SINGLE_FB:
		/* Rendering into the scanned-out buffer: no register. */
		if (v % 3 == 0)
			changed(m, v * TICK - 4);
		break;
	case W_CURSOR:
		ret = w(m, GVT_MPT_CURPOS(0), (100 + v) << 16 | (100 + v));
		changed(m, v * TICK);
		break;
	default:
		break;
	}
	return ret;
}

static int run(struct demo *m, enum workload wl, u32 single_fb,
	       struct result *r)
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
			ret = m->ex.mask(m->ex.priv, 0, 1, k, 1, NULL);
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
	return ret;
}

#define NCOL	11

static void table(struct demo *m, u32 single_fb)
{
	static const char *const head[] = {
		"workload", "vblanks", "frames", "A.pri events",
		"A.cur events", "event wakeups", "no change", "unseen",
		"30 ms timer wakeups", "no change", "unseen",
	};
	char cell[NR_WORKLOADS][NCOL][64];
	size_t width[NCOL], c, n;
	struct result r;
	enum workload wl;

	for (wl = 0; wl < NR_WORKLOADS; wl++) {
		if (run(m, wl, single_fb, &r)) {
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
		snprintf(cell[wl][8], 64, "%u", r.timer.wakeups);
		snprintf(cell[wl][9], 64, "%u", r.timer.idle);
		snprintf(cell[wl][10], 64, "%u", r.timer.unseen);
	}
	for (c = 0; c < NCOL; c++) {
		width[c] = strlen(head[c]);
		for (wl = 0; wl < NR_WORKLOADS; wl++)
			if (strlen(cell[wl][c]) > width[c])
				width[c] = strlen(cell[wl][c]);
	}
	printf("\nSingle-framebuffer N = %u%s, %d Hz vblank, %d s per "
	       "workload, 1-head vGPU\n\n", single_fb,
	       single_fb ? "" : " (heuristic off)", HZ, SECONDS);
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
	table(&m, GVT_SINGLE_FB_DEFAULT);
	table(&m, 0);
	return 0;
}
