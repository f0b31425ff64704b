// SPDX-License-Identifier: GPL-2.0
/*
 * core_cost: the cost of one emulated vblank in the pure core (userspace).
 *
 *   core_cost run PATH PIPES K
 *	one vGPU with PIPES pipes (on, primary plane on, cursor off, the
 *	single-FB heuristic off), K vblanks.  PATH "idle": nothing changes,
 *	no event (the common path).  PATH "event": before each vblank a
 *	sync flip on every pipe, after it the consumer unmasks every source,
 *	so each vblank completes PIPES flips and delivers PIPES events.  Made
 *	to run under valgrind --tool=callgrind --toggle-collect=
 *	gvt_display_vblank: only the vblank calls are counted.
 *
 *   core_cost wall
 *	wall time of one vblank tick (gvt_display_vblank() of every vGPU,
 *	as the kernel's hrtimer pass does) for 1, 64, 1024 and 4096 1-pipe
 *	vGPUs, idle and event paths, best of 7 runs; one JSON line each.
 *
 * The delivery hook is a counter (the kernel's is eventfd_signal() or an
 * event channel notify, which this does not count).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/gvt_display.h"
#include "../uapi/gvt_mpt_regs.h"

static uint64_t delivered;

__attribute__((noinline))
static int bench_event(void *handle, unsigned int source)
{
	(void)handle;
	(void)source;
	delivered++;
	return 0;
}

static const struct gvt_mpt_ops bench_ops = {
	.name = "bench",
	.display_event = bench_event,
};

static void setup(struct gvt_display *d, u32 pipes)
{
	u32 p;

	gvt_display_init(d, pipes, 0, &bench_ops, NULL);
	for (p = 0; p < pipes; p++) {
		gvt_display_mmio_write(d, GVT_MPT_PLANE_STRIDE(p), 4, 0x2000);
		gvt_display_mmio_write(d, GVT_MPT_PLANE_SURF(p), 4, 0x1000);
		gvt_display_mmio_write(d, GVT_MPT_PLANE_CTL(p), 4,
				       GVT_MPT_PLANE_CTL_ENABLE);
		gvt_display_mmio_write(d, GVT_MPT_PIPECONF(p), 4,
				       GVT_MPT_PIPECONF_ENABLE);
	}
	/* Deliver the setup changes; from here on the state is steady. */
	gvt_display_vblank(d);
	gvt_display_unmask(d, 0, gvt_display_nr_sources(d), NULL);
	gvt_display_vblank(d);
}

/* Guest side of the event path: a flip on every pipe. */
static void flip_all(struct gvt_display *d, u32 seq)
{
	u32 p;

	for (p = 0; p < d->nr_pipes; p++)
		gvt_display_mmio_write(d, GVT_MPT_PLANE_SURF(p), 4,
				       0x1000 * (2 + (seq & 1)));
}

static int run(const char *path, u32 pipes, u32 k)
{
	struct gvt_display d;
	int event = !strcmp(path, "event");
	u32 i;

	if (!event && strcmp(path, "idle"))
		return 2;
	setup(&d, pipes);
	delivered = 0;
	for (i = 0; i < k; i++) {
		if (event)
			flip_all(&d, i);
		gvt_display_vblank(&d);
		if (event)
			gvt_display_unmask(&d, 0, pipes * GVT_PLANES, NULL);
	}
	printf("path %s pipes %u vblanks %u delivered %llu\n", path, pipes, k,
	       (unsigned long long)delivered);
	return 0;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Best-case cost of an empty now_ns() bracket, subtracted per bracket. */
static int64_t bracket_ns(void)
{
	int64_t best = INT64_MAX, t0, t1;
	int i;

	for (i = 0; i < 100000; i++) {
		t0 = now_ns();
		t1 = now_ns();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	return best;
}

/*
 * One tick = gvt_display_vblank() of every vGPU.  The idle path times a
 * whole run of ticks at once; the event path must flip between ticks, so
 * it times each tick and subtracts the clock's own cost.
 */
static int wall(void)
{
	static const u32 sizes[] = { 1, 64, 1024, 4096 };
	int64_t clk = bracket_ns();
	struct gvt_display *v;
	u32 s, n, i, r, path, ticks;

	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		n = sizes[s];
		v = calloc(n, sizeof(*v));
		if (!v)
			return 1;
		/* About 20 ms of work per run, at least 50 ticks. */
		ticks = 400000 / n;
		if (ticks < 50)
			ticks = 50;
		for (path = 0; path < 2; path++) {
			int64_t best = INT64_MAX;

			for (i = 0; i < n; i++)
				setup(&v[i], 1);
			for (r = 0; r < 7; r++) {
				int64_t sum = 0, t0;
				u32 k;

				if (!path) {
					t0 = now_ns();
					for (k = 0; k < ticks; k++)
						for (i = 0; i < n; i++)
							gvt_display_vblank(&v[i]);
					sum = now_ns() - t0 - clk;
				}
				for (k = 0; path && k < ticks; k++) {
					for (i = 0; i < n; i++)
						flip_all(&v[i], k);
					t0 = now_ns();
					for (i = 0; i < n; i++)
						gvt_display_vblank(&v[i]);
					sum += now_ns() - t0 - clk;
					for (i = 0; i < n; i++)
						gvt_display_unmask(&v[i], 0, 2, NULL);
				}
				if (sum < best)
					best = sum;
			}
			printf("{\"vgpus\":%u,\"path\":\"%s\",\"ticks\":%u,\"clock_ns\":%lld,\"ns_per_tick\":%.1f,\"ns_per_vgpu\":%.2f}\n",
			       n, path ? "event" : "idle", ticks, (long long)clk,
			       (double)best / ticks, (double)best / ticks / n);
		}
		free(v);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "run"))
		return run(argv[2], (u32)strtoul(argv[3], NULL, 10),
			   (u32)strtoul(argv[4], NULL, 10));
	if (argc == 2 && !strcmp(argv[1], "wall"))
		return wall();
	fprintf(stderr, "usage: core_cost run idle|event PIPES K | core_cost wall\n");
	return 2;
}
