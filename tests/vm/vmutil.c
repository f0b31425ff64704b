// SPDX-License-Identifier: GPL-2.0
/* Small helpers shared by the VM test programs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "vmutil.h"
#include "../../uapi/gvt_mpt_display.h"
#include "../../uapi/gvt_mpt_regs.h"

int vm_passed, vm_failed;

void vm_result(int ok, const char *fmt, const char *a, long got, long want)
{
	printf("%s ", ok ? "PASS" : "FAIL");
	printf(fmt, a, got, want);
	printf("\n");
	if (ok)
		vm_passed++;
	else
		vm_failed++;
}

int vm_write_file(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -errno;
	ok = fputs(val, f) >= 0;
	if (fclose(f))
		ok = 0;
	return ok ? 0 : -errno;
}

/*
 * Flush the per-cpu slabs of every kmalloc cache (SLUB's sysfs "shrink"):
 * slabinfo counts the free objects parked on them as active, which made
 * the count jump by a slab's worth of objects from one run to the next.
 */
static void flush_kmalloc_caches(void)
{
	FILE *f = fopen("/proc/slabinfo", "r");
	char line[512], path[128];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "kmalloc-", 8))
			continue;
		line[strcspn(line, " ")] = 0;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%.64s/shrink", line);
		vm_write_file(path, "1");
	}
	fclose(f);
}

/* Per kmalloc cache, active objects at the last two vm_slab_kmalloc(). */
#define VM_SLAB_CACHES	64
static struct slab_count {
	char name[32];
	long now, before;
} vm_slab[VM_SLAB_CACHES];

long vm_slab_kmalloc(void)
{
	FILE *f;
	char line[512];
	long active, total = 0;
	int i = 0;

	flush_kmalloc_caches();
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;

		if (strncmp(line, "kmalloc-", 8))
			continue;
		p += strcspn(p, " ");		/* skip the cache name */
		errno = 0;
		active = strtol(p, &end, 10);	/* active_objs */
		if (errno || end == p)
			continue;
		total += active;
		if (i < VM_SLAB_CACHES) {
			snprintf(vm_slab[i].name, sizeof(vm_slab[i].name), "%.*s",
				 (int)(p - line), line);
			vm_slab[i].before = vm_slab[i].now;
			vm_slab[i++].now = active;
		}
	}
	fclose(f);
	return total;
}

/* The kmalloc caches whose count moved between the last two calls. */
static void vm_slab_moved(void)
{
	int i;

	for (i = 0; i < VM_SLAB_CACHES && vm_slab[i].name[0]; i++)
		if (vm_slab[i].now != vm_slab[i].before)
			printf("teardown: %s %ld -> %ld\n", vm_slab[i].name,
			       vm_slab[i].before, vm_slab[i].now);
}

int vm_open_fds(void)
{
	char path[64];
	int fd, n = 0;

	for (fd = 0; fd < 4096; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n += access(path, F_OK) == 0;
	}
	return n;
}

static int write_u32(const char *path, uint32_t n)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", n);
	return vm_write_file(path, buf);
}

int vm_set_single_fb(uint32_t n)
{
	return write_u32("/sys/module/gvt_mpt/parameters/single_fb_vblanks", n);
}

int vm_set_write_tracking(int on)
{
	return vm_write_file("/sys/module/gvt_mpt/parameters/write_tracking",
			     on ? "1" : "0");
}

int vm_advance(uint32_t n)
{
	return write_u32("/sys/kernel/debug/gvt_mpt/advance", n);
}

void vm_leak_check(long slab0, int cycles, int live, int fds0)
{
	long slab1;

	usleep(200000);	/* let RCU-deferred frees land */
	slab1 = vm_slab_kmalloc();
	if (slab1 - slab0 >= cycles / 4) {
		/* Frees left to kworkers (delayed fput, device release). */
		vm_slab_moved();
		sleep(1);
		printf("teardown: %ld kmalloc objects after 0.2 s, again after 1 s more\n",
		       slab1);
		slab1 = vm_slab_kmalloc();
	}
	printf("teardown: kmalloc active objects %ld -> %ld (delta %ld over %d cycles after %d warm-up cycles)\n",
	       slab0, slab1, slab1 - slab0, cycles, TEARDOWN_WARMUP);
	vm_result(live == 0, "teardown: %s (%ld, want %ld)",
		  "no vGPU object left", live, 0);
	vm_result(vm_open_fds() == fds0, "teardown: %s (%ld, want %ld)",
		  "no fd left open", vm_open_fds(), fds0);
	if (slab1 - slab0 >= cycles / 4)
		vm_slab_moved();
	vm_result(slab0 > 0 && slab1 - slab0 < cycles / 4,
		  "teardown: %s (delta %ld, limit %ld)",
		  "kmalloc objects back to the start value", slab1 - slab0,
		  cycles / 4);
}

int vm_arg_int(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 1000000) {
		fprintf(stderr, "bad count '%s'\n", s);
		exit(2);
	}
	return (int)v;
}

/* The number after @key at the start of a line of @path, or -1. */
static long file_value(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	size_t klen = strlen(key);
	char line[256];
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, klen)) {
			v = strtol(line + klen, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

long vm_mem_pages(void)
{
	return file_value("/sys/kernel/debug/gvt_mpt/mem", "allocated_pages ");
}

long vm_timer_passes(void)
{
	FILE *f = fopen("/sys/kernel/debug/gvt_mpt/timing", "r");
	char line[256];
	long n = -1;

	if (!f)
		return -1;
	if (fgets(line, sizeof(line), f) && fgets(line, sizeof(line), f))
		n = strtol(line, NULL, 10);
	fclose(f);
	return n;
}

double vm_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void vm_idle_timer_result(const char *what, long passes, double secs,
			  long frames, double hz)
{
	double rate = frames >= 0 ? (double)frames / secs : 0;

	printf("timer-idle: %s: %ld timer passes in %.2f s (%.1f/s)",
	       what, passes, secs, (double)passes / secs);
	if (frames >= 0)
		printf(", PIPE_FRMCOUNT +%ld (%.1f Hz)", frames, rate);
	printf("\n");
	vm_result(passes == 0, "timer-idle: %s (%ld passes, want %ld)", what,
		  passes, 0);
	if (frames >= 0)
		vm_result(rate > hz * 0.95 && rate < hz * 1.05,
			  "timer-idle: %s: PIPE_FRMCOUNT at its rate (%ld Hz, want %ld)",
			  what, (long)(rate + 0.5), (long)hz);
}

long vm_mem_available_kb(void)
{
	return file_value("/proc/meminfo", "MemAvailable:");
}

void vm_idle_memory_result(int n, long pages, long avail0, long avail1)
{
	printf("memory: %d idle 1-head vGPUs (%d MiB of aperture): %ld pages allocated; MemAvailable %ld -> %ld kB (delta %ld kB)\n",
	       n, n * 16, pages, avail0, avail1, avail1 - avail0);
	vm_result(n == 64 && pages == 0, "memory: %s (%ld pages, want %ld)",
		  "64 idle vGPUs allocate no display memory", pages, 0);
}

void vm_touch_memory_result(uint8_t *m, size_t size, long pages0)
{
	long pages;
	int i;

	if (m != MAP_FAILED) {
		for (i = 0; i < 100; i++)
			m[(size_t)i * 37 * 4096] = 1;
		munmap(m, size);
	}
	pages = vm_mem_pages() - pages0;
	printf("memory: after touching 100 pages of one vGPU: %ld pages allocated\n",
	       pages);
	vm_result(m != MAP_FAILED && pages == 100,
		  "memory: %s (%ld, want %ld)",
		  "100 pages touched, 100 pages allocated", pages, 100);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/*
 * The PNG a display-watch --snapshot wrote after an idle workload: an
 * RGB image of the frame its guest drew (tools/watch.c: pipe A's first
 * buffer, a gradient, the empty bar across lines 112-127), read back from
 * the file (chunks, the zlib stream of stored blocks, filter bytes 0) and
 * compared pixel for pixel.
 */
void vm_snapshot_check(const char *path)
{
	static uint8_t file[1 << 20], raw[(320 * 3 + 1) * 240];
	size_t len, pos = 8, nraw = 0, zlen = 0, zpos;
	static uint8_t z[1 << 20];
	uint32_t w = 0, h = 0, x, y, bad = 0, want, got;
	const uint8_t *px;
	FILE *f = fopen(path, "rb");

	len = f ? fread(file, 1, sizeof(file), f) : 0;
	if (f)
		fclose(f);
	if (len < 33 || memcmp(file, "\x89PNG\r\n\x1a\n", 8)) {
		vm_result(0, "snapshot: %s (%ld bytes, %ld)", "a PNG file",
			  (long)len, 0);
		return;
	}
	/* Chunks: IHDR's size, IDATs' data. */
	while (pos + 12 <= len) {
		uint32_t clen = be32(file + pos);

		if (clen > len - pos - 12)
			break;
		if (!memcmp(file + pos + 4, "IHDR", 4) && clen >= 10 &&
		    file[pos + 16] == 8 && file[pos + 17] == 2) {
			w = be32(file + pos + 8);
			h = be32(file + pos + 12);
		} else if (!memcmp(file + pos + 4, "IDAT", 4) &&
			   clen <= sizeof(z) - zlen) {
			memcpy(z + zlen, file + pos + 8, clen);
			zlen += clen;
		}
		pos += 12 + clen;
	}
	/* zlib: 2 header bytes, stored blocks (BTYPE 00) only. */
	zpos = 2;
	while (zpos + 5 <= zlen) {
		uint32_t blen = z[zpos + 1] | (uint32_t)z[zpos + 2] << 8;
		int final = z[zpos] & 1;

		if ((z[zpos] & 6) || blen > zlen - zpos - 5 ||
		    blen > sizeof(raw) - nraw)
			break;
		memcpy(raw + nraw, z + zpos + 5, blen);
		nraw += blen;
		zpos += 5 + blen;
		if (final)
			break;
	}
	vm_result(w == 320 && h == 240 && nraw == sizeof(raw),
		  "snapshot: %s (%ldx%ld)", "a 320x240 RGB PNG", w, h);
	if (nraw != sizeof(raw))
		return;
	for (y = 0; y < 240; y++) {
		px = raw + (size_t)y * (320 * 3 + 1);
		bad += px[0] != 0;	/* filter: none */
		for (x = 0; x < 320; x++) {
			want = y >= 112 && y < 128 ? 0x202020 :
			       (x * 255 / 320) << 16 | (y * 255 / 240) << 8;
			got = (uint32_t)px[1 + 3 * x] << 16 |
			      (uint32_t)px[2 + 3 * x] << 8 | px[3 + 3 * x];
			bad += got != want;
		}
	}
	vm_result(!bad, "snapshot: %s (%ld wrong, want %ld)",
		  "every pixel is the frame the guest drew", bad, 0);
}

#define HARVEST	"/sys/kernel/debug/gvt_mpt/harvest"

/*
 * debugfs "harvest" of [@off, @off + @len) in every vGPU: the pages found
 * written (-1 on error); *@faults gets the write faults taken so far.
 */
long vm_harvest(uint64_t off, uint64_t len, long *faults)
{
	long pages = -1;
	char buf[64];
	FILE *f;
	int n;

	n = snprintf(buf, sizeof(buf), "%llu %llu", (unsigned long long)off,
		     (unsigned long long)len);
	f = fopen(HARVEST, "w");
	if (!f)
		return -1;
	if (fwrite(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return -1;
	}
	if (fclose(f))
		return -1;
	f = fopen(HARVEST, "r");
	if (!f)
		return -1;
	/* "pages N write_faults M" */
	if (fgets(buf, sizeof(buf), f) && !strncmp(buf, "pages ", 6)) {
		char *end, *p;

		pages = strtol(buf + 6, &end, 10);
		p = strstr(end, "write_faults ");
		if (end == buf + 6 || !p)
			pages = -1;
		else
			*faults = strtol(p + 13, NULL, 10);
	}
	fclose(f);
	return pages;
}

/*
 * "tracking" results shared by both backends, on a fresh mapping @m of a
 * vGPU's aperture (the only vGPU): nothing written yet, reads never fault,
 * 3 pages written give harvest 3 and 3 write faults, 3 writes to one
 * re-protected page 1 fault and harvest 1 (the pixel kept), then nothing.
 */
void vm_tracking_basic(volatile uint8_t *m)
{
	const size_t pg = 4096;
	long f0 = 0, f1 = 0, n;

	n = vm_harvest(0, 16 * pg, &f0);
	vm_result(n == 0, "tracking: %s (%ld, want %ld)",
		  "nothing written yet: harvest 0", n, 0);
	(void)m[0];
	(void)m[pg];
	n = vm_harvest(0, 16 * pg, &f1);
	vm_result(n == 0 && f1 == f0, "tracking: %s (%ld pages, %ld faults)",
		  "reads: nothing written, no write fault", n, f1 - f0);
	m[0] = 1;
	m[pg + 5] = 2;
	m[2 * pg] = 3;
	n = vm_harvest(0, 16 * pg, &f1);
	vm_result(n == 3 && f1 - f0 == 3, "tracking: %s (%ld pages, %ld faults)",
		  "3 pages written: harvest 3, 3 write faults", n, f1 - f0);
	f0 = f1;
	m[0] = 4;
	m[1] = 5;
	m[2] = 6;
	n = vm_harvest(0, 16 * pg, &f1);
	vm_result(n == 1 && f1 - f0 == 1 && m[0] == 4,
		  "tracking: %s (%ld pages, %ld faults)",
		  "re-protected: 3 writes to a page, 1 fault, harvest 1", n,
		  f1 - f0);
	n = vm_harvest(0, 16 * pg, &f1);
	vm_result(n == 0, "tracking: %s (%ld, want %ld)",
		  "nothing since: harvest 0", n, 0);
}

/* The number after "@name " in @line: 0 and *@bad set if there is none. */
static long long vm_field(const char *line, const char *name, int *bad)
{
	const char *p = strstr(line, name);
	char *end;
	long long v;

	if (!p || p[strlen(name)] != ' ') {
		*bad = 1;
		return 0;
	}
	p += strlen(name) + 1;
	v = strtoll(p, &end, 10);
	if (end == p)
		*bad = 1;
	return v;
}

int vm_track_cost(struct vm_track_cost *c)
{
	FILE *f = fopen("/sys/kernel/debug/gvt_mpt/tracking", "r");
	char line[256];
	int bad = 0;

	memset(c, 0, sizeof(*c));
	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f))
		bad = 1;
	fclose(f);
	if (bad)
		return -1;
	c->write_faults = (long)vm_field(line, "write_faults", &bad);
	c->mkwrite_ns = vm_field(line, "mkwrite_ns", &bad);
	c->harvests = (long)vm_field(line, "harvests", &bad);
	c->harvest_pages = (long)vm_field(line, "harvest_pages", &bad);
	c->harvest_ns = vm_field(line, "harvest_ns", &bad);
	c->fallbacks = (long)vm_field(line, "fallbacks", &bad);
	if (!bad)
		return 0;
	memset(c, 0, sizeof(*c));
	return -1;
}

long long vm_last_event_ns(void)
{
	FILE *f = fopen("/sys/kernel/debug/gvt_mpt/timing", "r");
	long long ev, last = -1;
	char line[256], *p, *end;

	if (!f)
		return -1;
	/* The vGPU lines follow "id last_flip_ns last_event_ns". */
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "id ", 3))
			break;
	while (fgets(line, sizeof(line), f)) {
		/* id, last_flip_ns, then last_event_ns */
		p = line;
		strtoll(p, &end, 10);
		if (end == p)
			continue;
		p = end;
		strtoll(p, &end, 10);
		if (end == p)
			continue;
		p = end;
		ev = strtoll(p, &end, 10);
		if (end != p)
			last = ev;
	}
	fclose(f);
	return last;
}

static long long vm_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

#define TRK_PERIOD_NS	16667000LL

/* Full redraws of the live surface, one per event, until @frames. */
static long trk_redraw(const struct vm_trk *t, int frames, long *events,
		       long fallbacks0, int stop_at_fallback)
{
	struct vm_track_cost c;
	uint32_t srcs;
	int i;

	*events = 0;
	for (i = 0; i < frames; i++) {
		memset((void *)t->m, i & 0xff, t->fb_bytes);
		t->wait(t->priv, 200);
		*events += t->take(t->priv, &srcs) > 0;
		if (stop_at_fallback && !vm_track_cost(&c) &&
		    c.fallbacks > fallbacks0)
			return i + 1;
	}
	return i;
}

/*
 * After @settle_us, events taken twice @arm_us apart (the second: the
 * arming harvest's, if any), the plane must stay quiet for 0.5 s: no
 * event and the timer asleep (at most 2 passes).
 */
static void trk_quiet(const struct vm_trk *t, useconds_t settle_us,
		      useconds_t arm_us, const char *what)
{
	uint32_t srcs = 0;
	long p0, p1, n;

	usleep(settle_us);
	t->take(t->priv, &srcs);
	usleep(arm_us);
	t->take(t->priv, &srcs);
	p0 = vm_timer_passes();
	usleep(500000);
	n = t->take(t->priv, &srcs);
	p1 = vm_timer_passes();
	vm_result(n == 0 && p1 - p0 <= 2,
		  "trackevents: %s (events %ld, passes %ld)", what, n,
		  p1 - p0);
}

void vm_trackevents(const struct vm_trk *t, int fallback)
{
	struct vm_track_cost c0, c1, c2;
	long long t0, t1, ev;
	long pages = (long)((t->fb_bytes + 4095) / 4096);
	long n, frames, events;
	uint32_t srcs = 0;
	double secs;

	/* The plane shown, N vblanks: tracked. */
	trk_quiet(t, 400000, 100000,
		  "a still plane: no event, the timer asleep over 0.5 s");
	/* The first update after idle: one event, within about a vblank. */
	vm_track_cost(&c0);
	t0 = vm_now_ns();
	t->m[1000] = 0x55;
	t->m[4096 + 8] = 0x66;
	t->wait(t->priv, 500);
	t1 = vm_now_ns();
	ev = vm_last_event_ns();
	usleep(100000);
	n = t->take(t->priv, &srcs);
	vm_track_cost(&c1);
	vm_result(n == 1 && srcs == 1, "trackevents: %s (%ld, want %ld)",
		  "a write into the live surface: one primary event", n, 1);
	printf("trackevents: first update after idle: event %.2f ms after the write (consumer awake %.2f ms after), %ld write faults, %ld harvests\n",
	       (double)(ev - t0) / 1e6, (double)(t1 - t0) / 1e6,
	       c1.write_faults - c0.write_faults, c1.harvests - c0.harvests);
	vm_result(ev > t0 && ev - t0 <= 3 * TRK_PERIOD_NS,
		  "trackevents: %s (%ld us, want <= %ld)",
		  "the event within 3 vblank periods of the write",
		  (long)((ev - t0) / 1000), (long)(3 * TRK_PERIOD_NS / 1000));
	usleep(300000);
	n = t->take(t->priv, &srcs);
	vm_result(n == 0, "trackevents: %s (%ld, want %ld)", "then nothing",
		  n, 0);
	t->m[t->elsewhere] = 1;	/* not shown */
	usleep(150000);
	n = t->take(t->priv, &srcs);
	vm_result(n == 0, "trackevents: %s (%ld, want %ld)",
		  "a write elsewhere in the aperture: nothing", n, 0);
	if (!fallback)
		return;

	/* A full redraw every frame: tracking falls back to the heuristic. */
	vm_track_cost(&c0);
	frames = trk_redraw(t, 40, &events, c0.fallbacks, 1);
	vm_track_cost(&c1);
	vm_result(c1.fallbacks == c0.fallbacks + 1,
		  "trackevents: %s (%ld frames, fallbacks %ld)",
		  "full redraw every frame: tracking falls back", frames,
		  c1.fallbacks - c0.fallbacks);
	printf("trackevents: tracked full redraws: %ld frames, %ld events, %.1f write faults/frame, %.1f us in page_mkwrite/frame, %.1f us harvesting/frame (%ld harvests, %.1f pages each)\n",
	       frames, events,
	       (double)(c1.write_faults - c0.write_faults) / (double)frames,
	       (double)(c1.mkwrite_ns - c0.mkwrite_ns) / 1e3 / (double)frames,
	       (double)(c1.harvest_ns - c0.harvest_ns) / 1e3 / (double)frames,
	       c1.harvests - c0.harvests,
	       c1.harvests > c0.harvests ?
	       (double)(c1.harvest_pages - c0.harvest_pages) /
	       (double)(c1.harvests - c0.harvests) : 0.0);
	/* Fallen back: an event every vblank, no write fault. */
	t0 = vm_now_ns();
	frames = trk_redraw(t, 20, &events, 0, 0);
	t1 = vm_now_ns();
	vm_track_cost(&c2);
	secs = (double)(t1 - t0) / 1e9;
	printf("trackevents: fallen back: %ld events over %ld redraws in %.3f s (%.1f/s), %.1f write faults/frame, %ld harvests\n",
	       events, frames, secs, (double)events / secs,
	       (double)(c2.write_faults - c1.write_faults) / (double)frames,
	       c2.harvests - c1.harvests);
	vm_result(events == frames && secs < 1.0,
		  "trackevents: %s (%ld events, want %ld)",
		  "fallen back: an event every vblank", events, frames);
	vm_result(c2.write_faults - c1.write_faults <= pages,
		  "trackevents: %s (%ld, want <= %ld)",
		  "fallen back: no fault after the first frame",
		  c2.write_faults - c1.write_faults, pages);
	/* Drawing stops: 2 s later tracking is back, the plane quiet. */
	sleep(2);
	trk_quiet(t, 500000, 200000,
		  "2 s after the drawing stopped: tracked again, quiet");
	t->m[2000] = 0x11;
	t->wait(t->priv, 500);
	usleep(100000);
	n = t->take(t->priv, &srcs);
	vm_result(n == 1 && srcs == 1, "trackevents: %s (%ld, want %ld)",
		  "tracked again: a write, one primary event", n, 1);
}

long vm_param(const char *name)
{
	char path[160], buf[32], *end;
	FILE *f;
	long v;

	snprintf(path, sizeof(path), "/sys/module/gvt_mpt/parameters/%.64s",
		 name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	if (buf[0] == 'Y')
		return 1;
	if (buf[0] == 'N')
		return 0;
	v = strtol(buf, &end, 10);
	return end == buf ? -1 : v;
}

/* A result line "@o->test: @what (@a @b)". */
static void dmg_result(const struct vm_damage_ops *o, int ok,
		       const char *what, long a, long b)
{
	char name[192];

	snprintf(name, sizeof(name), "%s: %s", o->test, what);
	vm_result(ok, "%s (%ld %ld)", name, a, b);
}

int vm_damage_is(const struct gvt_mpt_damage *dm, uint32_t flags)
{
	uint32_t i;

	if (dm->flags != flags || dm->nr_rects)
		return 0;
	for (i = 0; i < GVT_MPT_DAMAGE_MAX_RECTS; i++)
		if (dm->rects[i].x || dm->rects[i].y || dm->rects[i].width ||
		    dm->rects[i].height)
			return 0;
	return 1;
}

/*
 * Take source @src's damage: 1 if it is exactly @flags with no rectangle;
 * *@got is flags << 8 | nr_rects, or the error.
 */
static int take_is(const struct vm_damage_ops *o, uint32_t src,
		   uint32_t flags, long *got)
{
	struct gvt_mpt_damage dm;
	int ret = o->take(src, &dm);

	*got = ret ? ret : (long)dm.flags << 8 | dm.nr_rects;
	return !ret && vm_damage_is(&dm, flags);
}

#define DMG_CURSOR	0x200000U
#define DMG_SURF0	0x40000U

/* Fill @len bytes of the aperture from @off with words from @seed. */
static void dmg_fill(const struct vm_damage_ops *o, uint64_t off, size_t len,
		     uint32_t seed)
{
	volatile uint32_t *w = (volatile uint32_t *)(o->ap + off);
	size_t i;

	for (i = 0; i < len / 4; i++)
		w[i] = seed * 0x01000193U + (uint32_t)i;
}

int vm_damage_band(const struct gvt_mpt_damage *dm, uint32_t y0, uint32_t y1)
{
	const uint64_t pg = 4096;
	uint64_t first = (uint64_t)y0 * VM_DMG_STRIDE;
	uint64_t last = (uint64_t)y1 * VM_DMG_STRIDE + (uint64_t)VM_DMG_W * 4 - 1;
	uint32_t lo = (uint32_t)(first / pg * pg / VM_DMG_STRIDE);
	uint32_t hi = (uint32_t)((last / pg * pg + pg - 1) / VM_DMG_STRIDE);
	const struct gvt_mpt_rect *r = &dm->rects[0];
	struct gvt_mpt_damage rest = *dm;

	if (hi > VM_DMG_H - 1)
		hi = VM_DMG_H - 1;
	/* The rectangles past the first must be zero. */
	rest.nr_rects = 0;
	memset(&rest.rects[0], 0, sizeof(rest.rects[0]));
	return dm->flags == 0 && dm->nr_rects == 1 && vm_damage_is(&rest, 0) &&
	       r->x == 0 && r->width == VM_DMG_W && r->height &&
	       r->y <= y0 && r->y + r->height - 1 >= y1 && r->y >= lo &&
	       r->y + r->height - 1 <= hi;
}

int vm_damage_draw(const struct vm_damage_ops *o, uint32_t y0, uint32_t y1)
{
	uint32_t y;

	o->events(0);
	for (y = y0; y <= y1; y++)
		dmg_fill(o, VM_DMG_SURF + (uint64_t)y * VM_DMG_STRIDE,
			 (size_t)VM_DMG_W * 4, y + 77);
	return o->events(1000);
}

void vm_damage_common(const struct vm_damage_ops *o)
{
	struct gvt_mpt_damage dm;
	long g0, g1;
	int ok, ret;

	ok = take_is(o, 0, GVT_MPT_DAMAGE_FULL, &g0);
	ok &= take_is(o, 1, GVT_MPT_DAMAGE_FULL, &g1);
	dmg_result(o, ok, "a new user's first take: FULL on both sources", g0,
		   g1);
	ok = take_is(o, 0, 0, &g0);
	ok &= take_is(o, 1, 0, &g1);
	dmg_result(o, ok, "taken again: flags 0, nr_rects 0", g0, g1);

	/* Pipe A, its primary plane at DMG_SURF0, the cursor off. */
	dmg_fill(o, DMG_SURF0, (size_t)VM_DMG_STRIDE * VM_DMG_H, 1);
	dmg_fill(o, VM_DMG_SURF, (size_t)VM_DMG_STRIDE * VM_DMG_H, 2);
	dmg_fill(o, DMG_CURSOR, (size_t)2 * 64 * 64 * 4, 3);
	o->reg_write(GVT_MPT_PIPECONF(0), GVT_MPT_PIPECONF_ENABLE);
	o->reg_write(GVT_MPT_PLANE_SIZE(0),
		     (VM_DMG_H - 1) << 16 | (VM_DMG_W - 1));
	o->reg_write(GVT_MPT_PLANE_STRIDE(0), VM_DMG_STRIDE / 64);
	o->reg_write(GVT_MPT_PLANE_CTL(0), GVT_MPT_PLANE_CTL_XRGB8888);
	o->reg_write(GVT_MPT_PLANE_SURF(0), DMG_SURF0);
	o->reg_write(GVT_MPT_CURBASE(0), DMG_CURSOR);
	o->reg_write(GVT_MPT_CURPOS(0), 20 << 16 | 10);
	usleep(400000);
	o->events(0);
	o->take(0, &dm);
	o->take(1, &dm);

	/* A flip; then N vblanks: tracked (no damage of its own). */
	o->reg_write(GVT_MPT_PLANE_SURF(0), VM_DMG_SURF);
	usleep(400000);
	o->events(0);
	ok = take_is(o, 0, GVT_MPT_DAMAGE_FULL, &g0);
	ok &= take_is(o, 1, 0, &g1);
	dmg_result(o, ok, "a flip: FULL on the primary only", g0, g1);

	o->reg_write(GVT_MPT_CURCNTR(0), GVT_MPT_CURSOR_MODE_64_ARGB);
	usleep(100000);
	ok = take_is(o, 1, GVT_MPT_DAMAGE_FULL, &g1);
	ok &= take_is(o, 0, 0, &g0);
	dmg_result(o, ok, "cursor switched on: FULL on the cursor only", g1,
		   g0);
	o->reg_write(GVT_MPT_CURPOS(0), 40 << 16 | 30);
	usleep(100000);
	ok = take_is(o, 1, GVT_MPT_DAMAGE_MOVED, &g1);
	ok &= take_is(o, 0, 0, &g0);
	dmg_result(o, ok, "a cursor move: MOVED alone on the cursor only", g1,
		   g0);
	o->reg_write(GVT_MPT_CURBASE(0), DMG_CURSOR + 64 * 64 * 4);
	usleep(100000);
	ok = take_is(o, 1, GVT_MPT_DAMAGE_FULL, &g1);
	ok &= take_is(o, 0, 0, &g0);
	dmg_result(o, ok, "a new cursor base: FULL on the cursor", g1, g0);
	o->events(0);

	/* Write tracking: lines 100..103 written, one band. */
	ret = vm_damage_draw(o, 100, 103);
	ok = !o->take(0, &dm) && vm_damage_band(&dm, 100, 103);
	printf("%s: lines 100..103 written: flags %u, %u rects, the first y %u height %u\n",
	       o->test, dm.flags, dm.nr_rects, dm.rects[0].y,
	       dm.rects[0].height);
	dmg_result(o, ret && ok,
		   "lines 100..103 written: the event, one full-width band over them (event, y)",
		   ret, (long)dm.rects[0].y);
	ok = take_is(o, 1, 0, &g1);
	ok &= take_is(o, 0, 0, &g0);
	dmg_result(o, ok, "then nothing on either source", g0, g1);
}
