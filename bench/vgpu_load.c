// SPDX-License-Identifier: GPL-2.0
/*
 * vgpu_load N SECONDS [idle]: the kernel's share of N busy (or idle)
 * vGPUs, in the VM.
 *
 * Creates N one-head kvmgt mdevs, opens them through VFIO, turns pipe A and
 * its primary plane on and attaches the display irq.  A guest thread flips
 * every vGPU at 30 fps (every other frame of vGPU 0's pipe A); the main
 * thread is the consumer of all of them (epoll over the eventfds: read the
 * counter, read the surface, unmask).  After one second of warm-up it
 * samples gvt_mpt's debugfs "timing" (hrtimer passes, ns spent in them) and
 * /proc/stat's cpu line, runs SECONDS, samples again and prints one JSON
 * line with the differences.  N = 0 measures the idle baseline: the module
 * loaded, no vGPU.  With "idle" the guest thread never writes: every vGPU
 * shows one still frame (pipe A and its primary plane on), as a guest
 * whose desktop does not change.
 *
 * The JSON line also gives gvt_mpt's write_tracking parameter, the refresh
 * mode of the vGPUs it created (1: write tracking, 0: the single-FB
 * heuristic alone).
 *
 * The timing file's first line names its columns ("passes busy_ns ..."):
 * the values are looked up by name, so new columns do not matter.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "../tools/vfio_display.h"
#include "../uapi/gvt_mpt_regs.h"

#define MAX_VGPUS	64
#define NS		1000000000LL
#define TIMING		"/sys/kernel/debug/gvt_mpt/timing"

static struct vd_dev dev[MAX_VGPUS];
static char uuid[MAX_VGPUS][40];
static int nr;
static volatile int stop;
static uint64_t flips, wakeups;

struct sample {
	unsigned long long passes, busy_ns;
	unsigned long long cpu[8];	/* user nice system idle iowait irq softirq steal */
	long long t;
};

#define WRITE_TRACKING	"/sys/module/gvt_mpt/parameters/write_tracking"

/*
 * gvt_mpt's write_tracking parameter (which the vGPUs created now get): 1,
 * 0, or -1 when it cannot be read.
 */
static int write_tracking(void)
{
	FILE *f = fopen(WRITE_TRACKING, "r");
	int c;

	if (!f)
		return -1;
	c = fgetc(f);
	fclose(f);
	return c == 'Y' || c == '1' ? 1 : c == 'N' || c == '0' ? 0 : -1;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * NS + ts.tv_nsec;
}

/*
 * The value under column @name of the debugfs timing file: @hdr its first
 * line (the names), @vals its second; 0 if there is no such column.
 */
static unsigned long long column(const char *hdr, const char *vals,
				 const char *name)
{
	size_t len = strlen(name);
	unsigned long long v = 0;
	const char *p = hdr;
	char *end;

	while (*p) {
		while (*p == ' ')
			p++;
		v = strtoull(vals, &end, 10);
		if (end == vals)
			return 0;
		vals = end;
		if (!strncmp(p, name, len) &&
		    (p[len] == ' ' || p[len] == '\n' || !p[len]))
			return v;
		p += strcspn(p, " \n");
		if (*p == '\n')
			break;
	}
	return 0;
}

/* Parse up to @n numbers from @p into @v. */
static void numbers(const char *p, unsigned long long *v, int n)
{
	char *end;
	int i;

	for (i = 0; i < n; i++) {
		v[i] = strtoull(p, &end, 10);
		if (end == p)
			return;
		p = end;
	}
}

static void sample(struct sample *s)
{
	char hdr[256], line[256];
	FILE *f;

	memset(s, 0, sizeof(*s));
	f = fopen(TIMING, "r");
	if (f) {
		if (fgets(hdr, sizeof(hdr), f) && fgets(line, sizeof(line), f)) {
			s->passes = column(hdr, line, "passes");
			s->busy_ns = column(hdr, line, "busy_ns");
		}
		fclose(f);
	}
	f = fopen("/proc/stat", "r");
	if (f) {
		if (fgets(line, sizeof(line), f) && !strncmp(line, "cpu ", 4))
			numbers(line + 4, s->cpu, 8);
		fclose(f);
	}
	s->t = now_ns();
}

static uint32_t rd(struct vd_dev *d, uint64_t off)
{
	uint32_t v = 0;

	vd_reg_read(d, off, 4, &v);
	return v;
}

static void *guest(void *unused)
{
	uint32_t f = rd(&dev[0], GVT_MPT_PIPE_FRMCOUNT(0)), g, seq = 0;
	int i;

	(void)unused;
	while (!stop) {
		g = rd(&dev[0], GVT_MPT_PIPE_FRMCOUNT(0));
		if (g == f) {
			usleep(1000);
			continue;
		}
		f = g;
		if (f & 1)
			continue;
		seq++;
		for (i = 0; i < nr; i++)
			vd_reg_write(&dev[i], GVT_MPT_PLANE_SURF(0), 4,
				     0x1000 * (1 + (seq & 1)));
		flips += nr;
	}
	return NULL;
}

static int setup(int i)
{
	struct vd_dev *d = &dev[i];
	int ret;

	snprintf(uuid[i], sizeof(uuid[i]), "6d7a0000-0000-4000-8000-%012d",
		 1000 + i);
	ret = vd_mdev_create(1, uuid[i]);
	if (ret) {
		fprintf(stderr, "create mdev: %s\n", strerror(-ret));
		return -1;
	}
	nr = i + 1;
	vd_init(d);
	ret = vd_open(d, uuid[i]);
	if (ret)
		return ret;
	vd_reg_write(d, GVT_MPT_PLANE_STRIDE(0), 4, 0x2000);
	vd_reg_write(d, GVT_MPT_PLANE_SURF(0), 4, 0x1000);
	vd_reg_write(d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_ENABLE);
	vd_reg_write(d, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
	/* One eventfd per vGPU, sources from the status: one epoll entry. */
	d->shared = 1;
	ret = vd_attach(d);
	if (ret)
		return ret;
	vd_mask(d, 1, 0, d->nr_sources, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	struct epoll_event evs[MAX_VGPUS], ev;
	struct sample a, b;
	long long end, secs = 0, want = -1;
	pthread_t th = 0;
	int i, n, ep, idle = 0, rc = 0;

	if (argc == 3 || (argc == 4 && !strcmp(argv[3], "idle"))) {
		want = strtoll(argv[1], NULL, 10);
		secs = strtoll(argv[2], NULL, 10);
		idle = argc == 4;
	}
	if (want < 0 || want > MAX_VGPUS || secs < 1) {
		fprintf(stderr, "usage: vgpu_load N(0..%d) SECONDS [idle]\n",
			MAX_VGPUS);
		return 2;
	}
	memset(&a, 0, sizeof(a));
	ep = epoll_create1(0);
	for (i = 0; i < want; i++) {
		if (setup(i)) {
			rc = 1;
			goto out;
		}
		ev.events = EPOLLIN;
		ev.data.u32 = i;
		epoll_ctl(ep, EPOLL_CTL_ADD, vd_poll_fd(&dev[i]), &ev);
	}
	if (nr && !idle && pthread_create(&th, NULL, guest, NULL)) {
		rc = 1;
		goto out;
	}
	end = now_ns() + NS;	/* warm-up */
	for (;;) {
		long long t = now_ns();

		if (t >= end) {
			if (!a.t) {
				sample(&a);
				wakeups = 0;
				flips = 0;
				end = a.t + secs * NS;
				continue;
			}
			break;
		}
		n = epoll_wait(ep, evs, MAX_VGPUS, (int)((end - t) / 1000000) + 1);
		if (n < 0 && errno != EINTR)
			break;
		for (i = 0; i < n; i++) {
			struct vd_dev *d = &dev[evs[i].data.u32];
			uint32_t counts[GVT_MPT_MAX_SOURCES];
			uint64_t total;

			wakeups++;
			if (vd_consume(d, counts, &total) || !total)
				continue;
			(void)rd(d, GVT_MPT_PLANE_SURFLIVE(0));
			vd_mask(d, 1, 0, d->nr_sources, NULL);
		}
	}
	sample(&b);
	stop = 1;
	if (nr && !idle)
		pthread_join(th, NULL);
	printf("{\"load\":%d,\"guest\":\"%s\",\"seconds\":%.3f,\"passes\":%llu,\"busy_ns\":%llu,"
	       "\"flips\":%llu,\"wakeups\":%llu,\"user\":%llu,\"system\":%llu,"
	       "\"idle\":%llu,\"irq\":%llu,\"softirq\":%llu,\"write_tracking\":%d}\n",
	       nr, idle ? "idle" : "busy", (b.t - a.t) / 1e9, b.passes - a.passes,
	       b.busy_ns - a.busy_ns, (unsigned long long)flips,
	       (unsigned long long)wakeups, b.cpu[0] + b.cpu[1] - a.cpu[0] - a.cpu[1],
	       b.cpu[2] - a.cpu[2], b.cpu[3] + b.cpu[4] - a.cpu[3] - a.cpu[4],
	       b.cpu[5] - a.cpu[5], b.cpu[6] - a.cpu[6], write_tracking());
out:
	for (i = 0; i < nr; i++) {
		vd_close(&dev[i]);
		vd_mdev_remove(uuid[i]);
	}
	return rc;
}
