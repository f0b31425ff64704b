// SPDX-License-Identifier: GPL-2.0
/*
 * xengt VM tests that need more than the scenario corpus (Xen dom0):
 *   xengt_test badinput    table of bad misc device requests: each gets its
 *                          errno, nothing changes (events still flow)
 *   xengt_test teardown N  N cycles of unbind/destroy/close while the vblank
 *                          timer fires every millisecond
 *   xengt_test latency N   notify-to-wake latency over N events (manual
 *                          vblanks): REG_WRITE flip + advance -> xenevtchn
 *                          fd readable, in the same thread and in a thread
 *                          already asleep in poll()
 * Prints "PASS/FAIL name" lines and "N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <xenevtchn.h>

#include "../../tools/xengt_dm.h"
#include "../../uapi/gvt_mpt_regs.h"

#include "vmutil.h"

#define ADVANCE		"/sys/kernel/debug/gvt_mpt/advance"
#define VGPUS		"/sys/kernel/debug/gvt_mpt/vgpus"
#define PERIOD		"/sys/module/gvt_mpt/parameters/vblank_period_us"

static void expect(const char *name, int got, int want_errno)
{
	vm_result(got == -want_errno, "badinput: %s -> %ld (want -%ld)", name, got,
	       want_errno);
}

static int advance(int n)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", n);
	return vm_write_file(ADVANCE, buf);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Number of vGPUs of backend "xengt" listed in gvt_mpt's debugfs. */
static int count_xengt_vgpus(void)
{
	FILE *f = fopen(VGPUS, "r");
	char line[512];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, " xengt "))
			n++;
	fclose(f);
	return n;
}

/*
 * Take what the port signalled (waiting up to @ms for it): read and clear,
 * unmask sources 0 .. @unmask - 1.  0 if the port fired and exactly the
 * sources of @want were delivered, each once; else -1.
 */
static int take(struct xd_dev *d, int ms, uint32_t want, uint32_t unmask)
{
	struct gvt_xengt_events ev;
	int fired = xd_port_wait(&d->ev, ms);
	uint32_t s;

	xd_read_and_clear(d, &ev);
	xd_mask(d, 1, 0, unmask, NULL);
	if (fired <= 0 || ev.sources != want)
		return -1;
	for (s = 0; s < GVT_XENGT_SOURCES; s++)
		if ((want >> s & 1) && ev.count[s] != 1)
			return -1;
	return 0;
}

/* Enable pipe A, take the enable events, leave everything unmasked. */
static int prime(struct xd_dev *d)
{
	xd_reg_write(d, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
	advance(1);
	return take(d, 2000, 3, d->nr_sources);
}

/* A flip must still give exactly pipe A's primary event, on the port. */
static int still_works(struct xd_dev *d, uint32_t surf)
{
	xd_reg_write(d, GVT_MPT_PLANE_SURF(0), 4, surf);
	advance(1);
	return take(d, 2000, 1, 1) == 0;
}

static void test_badinput(void)
{
	struct gvt_xengt_create c;
	struct gvt_xengt_mask m;
	struct gvt_xengt_reg r;
	struct gvt_xengt_info info;
	struct gvt_xengt_events ev;
	struct gvt_xengt_port bp;
	struct gvt_xengt_vgpu v;
	struct xd_port p2, closed;
	struct xd_dev d, d3;
	uint32_t id, ids[GVT_XENGT_MAX_VGPUS_PER_FD], val, closed_port;
	int fd = xd_open_dev(), ret, i, n, ok;

	if (fd < 0 || xd_create(&d, fd, 0, 1) || xd_attach(&d)) {
		vm_result(0, "badinput: %s setup (%ld %ld)", "create+bind", fd, 0);
		return;
	}
	vm_result(prime(&d) == 0, "badinput: %s (%ld %ld)",
	       "setup: domain 0, 1 head, port bound, enable events", d.ev.port, 0);

	/* Domain look-up through libxenctrl, as the device model does. */
	vm_result(xd_domain_exists(0) == 1 && xd_domain_exists(1) == 0,
	       "badinput: %s (dom0 %ld, dom1 %ld)",
	       "xc_domain_getinfo: domain 0 exists, 1 does not",
	       xd_domain_exists(0), xd_domain_exists(1));
	/* CREATE */
	expect("CREATE domid DOMID_SELF 0x7ff0",
	       xd_create_raw(fd, 0x7ff0, 1, &id, NULL), EINVAL);
	expect("CREATE domid 0xffffffff",
	       xd_create_raw(fd, 0xffffffff, 1, &id, NULL), EINVAL);
	expect("CREATE domid 1 (no such domain)",
	       xd_create_raw(fd, 1, 1, &id, NULL), ESRCH);
	expect("CREATE domid 0x7fef (no such domain)",
	       xd_create_raw(fd, 0x7fef, 1, &id, NULL), ESRCH);
	expect("CREATE heads 0", xd_create_raw(fd, 0, 0, &id, NULL), EINVAL);
	expect("CREATE heads 4", xd_create_raw(fd, 0, 4, &id, NULL), EINVAL);
	memset(&c, 0, sizeof(c));
	c.heads = 1;
	c.flags = 1;
	expect("CREATE flags 1", xd_ioctl(fd, GVT_XENGT_CREATE, &c), EINVAL);
	c.flags = 0;
	c.reserved = 1;
	expect("CREATE reserved 1", xd_ioctl(fd, GVT_XENGT_CREATE, &c), EINVAL);
	expect("CREATE NULL argument", xd_ioctl(fd, GVT_XENGT_CREATE, NULL),
	       EFAULT);

	/* vGPU ids */
	expect("REG_READ id 1 (never created)",
	       xd_reg_read_raw(fd, 1, GVT_MPT_PIPECONF(0), 4, &val), ENOENT);
	expect("REG_READ id 16", xd_reg_read_raw(fd, 16, GVT_MPT_PIPECONF(0), 4,
						   &val), ENOENT);
	expect("UNMASK id 0xffffffff",
	       xd_mask_raw(fd, 0xffffffff, 1, 0, 1, NULL), ENOENT);
	expect("DESTROY id 7", xd_destroy_raw(fd, 7), ENOENT);

	/* Ports */
	expect("BIND_PORT second bind", xd_bind_raw(fd, d.id, d.ev.port), EBUSY);
	if (xd_create(&d3, fd, 0, 3) == 0) {
		expect("BIND_PORT port 0 (reserved)", xd_bind_raw(fd, d3.id, 0),
		       EBADF);
		expect("BIND_PORT port 0xffffffff",
		       xd_bind_raw(fd, d3.id, 0xffffffff), EINVAL);
		expect("BIND_PORT port 1000000", xd_bind_raw(fd, d3.id, 1000000),
		       EINVAL);
		expect("BIND_PORT port already connected (another vGPU's)",
		       xd_bind_raw(fd, d3.id, d.ev.port), EBUSY);
		if (xd_port_alloc(&closed) == 0) {
			closed_port = closed.port;
			xd_port_free(&closed);
			expect("BIND_PORT closed port",
			       xd_bind_raw(fd, d3.id, closed_port), EBADF);
		}
		/* An unbound port offered to another domain than dom0. */
		p2.xce = xenevtchn_open(NULL, 0);
		ret = p2.xce ? xenevtchn_bind_unbound_port(p2.xce, 1) : -1;
		if (ret >= 0) {
			expect("BIND_PORT port unbound for domain 1",
			       xd_bind_raw(fd, d3.id, (uint32_t)ret), EPERM);
			xenevtchn_unbind(p2.xce, (uint32_t)ret);
		} else {
			vm_result(0, "badinput: %s (%ld %ld)",
			       "alloc unbound port for domain 1", ret, errno);
		}
		if (p2.xce)
			xenevtchn_close(p2.xce);
		memset(&bp, 0, sizeof(bp));
		bp.id = d3.id;
		bp.port = 1;
		bp.flags = 1;
		expect("BIND_PORT flags 1", xd_ioctl(fd, GVT_XENGT_BIND_PORT, &bp),
		       EINVAL);
		expect("UNBIND_PORT without a port", xd_unbind_raw(fd, d3.id),
		       ENOTCONN);
		/* Unbind + rebind the same port works: it is unbound again. */
		ret = xd_attach(&d3);
		if (!ret)
			ret = xd_unbind_raw(fd, d3.id);
		if (!ret)
			ret = xd_bind_raw(fd, d3.id, d3.ev.port);
		vm_result(!ret, "badinput: %s -> %ld (want %ld)",
		       "UNBIND_PORT then BIND_PORT the same port", ret, 0);
		/* INFO */
		memset(&info, 0, sizeof(info));
		info.id = d3.id;
		ret = xd_ioctl(fd, GVT_XENGT_INFO, &info);
		ok = !ret && info.domid == 0 && info.nr_sources == 6 &&
		     info.port == d3.ev.port;
		for (i = 0; i < 6 && ok; i++)
			ok = info.sources[i].pipe == i / 2 &&
			     info.sources[i].plane_type ==
			     (i % 2 ? GVT_MPT_DRM_PLANE_TYPE_CURSOR :
			      GVT_MPT_DRM_PLANE_TYPE_PRIMARY);
		vm_result(ok, "badinput: %s -> %ld (sources %ld)",
		       "INFO of a 3-head vGPU", ret, info.nr_sources);
		info.reserved = 1;
		expect("INFO reserved 1", xd_ioctl(fd, GVT_XENGT_INFO, &info),
		       EINVAL);
		/* Destroy twice. */
		expect("DESTROY", xd_destroy_raw(fd, d3.id), 0);
		expect("DESTROY twice", xd_destroy_raw(fd, d3.id), ENOENT);
		d3.created = 0;
		xd_close(&d3);
	} else {
		vm_result(0, "badinput: %s (%ld %ld)", "create 3-head", 0, 0);
	}

	/* MASK / UNMASK ranges (1 head: 2 sources) */
	expect("UNMASK start 2", xd_mask_raw(fd, d.id, 1, 2, 1, NULL), EINVAL);
	expect("UNMASK count 3", xd_mask_raw(fd, d.id, 1, 0, 3, NULL), EINVAL);
	expect("UNMASK count 0", xd_mask_raw(fd, d.id, 1, 1, 0, NULL), EINVAL);
	expect("MASK start+count overflow",
	       xd_mask_raw(fd, d.id, 0, 1, 0xffffffff, NULL), EINVAL);
	expect("MASK start 0xffffffff",
	       xd_mask_raw(fd, d.id, 0, 0xffffffff, 2, NULL), EINVAL);
	memset(&m, 0, sizeof(m));
	m.id = d.id;
	m.count = 1;
	m.flags = 2;
	expect("UNMASK unknown flag", xd_ioctl(fd, GVT_XENGT_UNMASK, &m), EINVAL);
	m.flags = GVT_XENGT_MASK_BOOL;
	m.count = 9;
	expect("UNMASK bool count 9", xd_ioctl(fd, GVT_XENGT_UNMASK, &m), EINVAL);
	m.count = 0xffffffff;
	expect("MASK bool count 0xffffffff", xd_ioctl(fd, GVT_XENGT_MASK, &m),
	       EINVAL);

	/* Registers */
	expect("REG_READ size 2",
	       xd_reg_read_raw(fd, d.id, GVT_MPT_PIPECONF(0), 2, &val), EINVAL);
	expect("REG_WRITE size 8",
	       xd_reg_write_raw(fd, d.id, GVT_MPT_PIPECONF(0), 8, 0), EINVAL);
	expect("REG_WRITE size 0",
	       xd_reg_write_raw(fd, d.id, GVT_MPT_PIPECONF(0), 0, 0), EINVAL);
	expect("REG_READ unaligned",
	       xd_reg_read_raw(fd, d.id, GVT_MPT_PIPECONF(0) + 2, 4, &val),
	       EINVAL);
	expect("REG_READ past BAR",
	       xd_reg_read_raw(fd, d.id, GVT_MPT_BAR_SIZE, 4, &val), EINVAL);
	expect("REG_WRITE offset 1<<63",
	       xd_reg_write_raw(fd, d.id, 1ULL << 63, 4, 0), EINVAL);
	expect("REG_WRITE pipe B on 1 head",
	       xd_reg_write_raw(fd, d.id, GVT_MPT_PIPECONF(1), 4, 0), EINVAL);
	expect("REG_WRITE read-only FRMCOUNT",
	       xd_reg_write_raw(fd, d.id, GVT_MPT_PIPE_FRMCOUNT(0), 4, 0), EPERM);
	memset(&r, 0, sizeof(r));
	r.id = d.id;
	r.size = 4;
	r.offset = GVT_MPT_PIPECONF(0);
	r.flags = 1;
	expect("REG_READ flags 1", xd_ioctl(fd, GVT_XENGT_REG_READ, &r), EINVAL);
	memset(&ev, 0, sizeof(ev));
	ev.id = d.id;
	ev.flags = 1;
	expect("READ_AND_CLEAR flags 1",
	       xd_ioctl(fd, GVT_XENGT_READ_AND_CLEAR, &ev), EINVAL);
	memset(&v, 0, sizeof(v));
	v.id = d.id;
	v.flags = 1;
	expect("UNBIND_PORT flags 1", xd_ioctl(fd, GVT_XENGT_UNBIND_PORT, &v),
	       EINVAL);
	expect("DESTROY flags 1", xd_ioctl(fd, GVT_XENGT_DESTROY, &v), EINVAL);

	/* ioctl numbers */
	expect("unknown ioctl nr 0x30",
	       xd_ioctl(fd, _IOW(GVT_XENGT_IOCTL_MAGIC, 0x30, uint64_t), &val),
	       ENOTTY);
	expect("DESTROY nr with wrong size",
	       xd_ioctl(fd, _IOW(GVT_XENGT_IOCTL_MAGIC, 0x01, uint64_t[4]), &c),
	       ENOTTY);
	expect("REG_READ nr with wrong direction",
	       xd_ioctl(fd, _IOW(GVT_XENGT_IOCTL_MAGIC, 0x07, struct gvt_xengt_reg),
			&r), ENOTTY);
	expect("other magic", xd_ioctl(fd, _IO('X', 1), NULL), ENOTTY);

	/* Per-file limit. */
	n = 0;
	while (n < GVT_XENGT_MAX_VGPUS_PER_FD &&
	       xd_create_raw(fd, 0, 1, &ids[n], NULL) == 0)
		n++;
	expect("CREATE beyond the per-file limit",
	       xd_create_raw(fd, 0, 1, &id, NULL), ENOSPC);
	for (i = 0; i < n; i++)
		xd_destroy_raw(fd, ids[i]);
	vm_result(n == GVT_XENGT_MAX_VGPUS_PER_FD - 1, "badinput: %s (%ld, want %ld)",
	       "vGPUs created up to the limit", n, GVT_XENGT_MAX_VGPUS_PER_FD - 1);

	/* READ_AND_CLEAR into a read-only buffer: EFAULT, counts kept. */
	{
		struct gvt_xengt_events *ro = mmap(NULL, 4096,
						   PROT_READ | PROT_WRITE,
						   MAP_PRIVATE | MAP_ANONYMOUS,
						   // cppcheck-suppress invalidFunctionArg
						   -1, 0);

		ok = 0;
		ret = -ENOMEM;
		ev.sources = 0;
		if (ro != MAP_FAILED) {
			memset(ro, 0, sizeof(*ro));
			ro->id = d.id;
			mprotect(ro, 4096, PROT_READ);
			xd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, 0x7000);
			advance(1);
			xd_port_wait(&d.ev, 2000);
			ret = xd_ioctl(fd, GVT_XENGT_READ_AND_CLEAR, ro);
			xd_read_and_clear(&d, &ev);
			ok = ret == -EFAULT && ev.sources == 1 && ev.count[0] == 1;
			xd_mask(&d, 1, 0, 1, NULL);
			munmap(ro, 4096);
		}
		vm_result(ok, "badinput: %s -> %ld (then sources 0x%lx)",
		       "READ_AND_CLEAR to a read-only buffer keeps the counts",
		       ret, ev.sources);
	}
	vm_result(still_works(&d, 0x5000), "badinput: %s (%ld %ld)",
	       "state unchanged, events still flow", 0, 0);
	/* Another file sees none of this file's vGPUs. */
	{
		int fd2 = xd_open_dev();

		expect("REG_READ of another file's vGPU",
		       xd_reg_read_raw(fd2, d.id, GVT_MPT_PIPECONF(0), 4, &val),
		       ENOENT);
		close(fd2);
	}
	/* Closing the file destroys its vGPUs. */
	d.created = 0;
	xd_port_free(&d.ev);
	n = count_xengt_vgpus();
	close(fd);
	vm_result(n == 1 && count_xengt_vgpus() == 0,
	       "badinput: %s (before %ld, after %ld)",
	       "close of the misc fd destroys its vGPUs", n, count_xengt_vgpus());
}

struct racer {
	struct xd_dev *d;
	volatile int stop;
	uint64_t reads;
};

static void *consumer(void *arg)
{
	struct racer *r = arg;
	struct gvt_xengt_events ev;

	/* Unmask at once after each read: a delivery at every vblank. */
	while (!r->stop) {
		if (xd_port_wait(&r->d->ev, 1) > 0)
			r->reads++;
		xd_read_and_clear(r->d, &ev);	/* may fail: vGPU gone */
		xd_mask(r->d, 1, 0, r->d->nr_sources, NULL);
	}
	return NULL;
}

static void test_teardown(int cycles)
{
	uint64_t reads = 0;
	int i, bad = 0, why = 0, fds0 = vm_open_fds();
	long slab0 = -1;

	vm_write_file(PERIOD, "1000");
	/* Measured from a warm state: see vm_leak_check(). */
	cycles += TEARDOWN_WARMUP;
	for (i = 0; i < cycles && !bad; i++) {
		if (i == TEARDOWN_WARMUP)
			slab0 = vm_slab_kmalloc();
		struct racer r = { 0 };
		struct xd_dev d, d2;
		struct xd_port extra;
		pthread_t th;
		int fd = xd_open_dev();

		if (fd < 0 || xd_create(&d, fd, 0, i % 2 ? 3 : 1) ||
		    xd_attach(&d) || xd_create(&d2, fd, 0, 1) ||
		    xd_attach(&d2)) {
			bad = 1;
			why = 1;
			break;
		}
		xd_reg_write(&d, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
		xd_reg_write(&d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_ENABLE);
		xd_reg_write(&d2, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
		r.d = &d;
		pthread_create(&th, NULL, consumer, &r);
		usleep((unsigned int)(rand() % 6000));
		switch (i % 4) {
		case 0:	/* UNBIND_PORT while vblanks fire, then a new port */
			if (xd_unbind_raw(fd, d.id)) {
				bad = 1;
				why = 2;
			}
			usleep((unsigned int)(rand() % 4000));
			if (xd_port_alloc(&extra) == 0) {
				if (xd_bind_raw(fd, d.id, extra.port)) {
					bad = 1;
					why = 3;
				}
				/* Close the DM end while the module sends. */
				usleep((unsigned int)(rand() % 4000));
				xd_port_free(&extra);
			}
			break;
		case 1:	/* DESTROY with the port bound */
			if (xd_destroy_raw(fd, d.id)) {
				bad = 1;
				why = 4;
			}
			d.created = 0;
			break;
		case 2:	/* close the DM's port end, the module still bound */
			xenevtchn_unbind(d2.ev.xce, d2.ev.port);
			d2.ev.port = GVT_XENGT_NO_PORT;
			break;
		default: /* close the misc fd with both vGPUs bound */
			break;
		}
		usleep((unsigned int)(rand() % 4000));
		if (i % 4 == 3) {
			/* The consumer may be inside an ioctl: that is the race. */
			close(fd);
			d.created = d2.created = 0;
			fd = -1;
		}
		r.stop = 1;
		pthread_join(th, NULL);
		reads += r.reads;
		xd_close(&d);
		xd_close(&d2);
		if (fd >= 0)
			close(fd);
		if (count_xengt_vgpus() != 0) {
			bad = 1;
			why = 5;
		}
	}
	vm_write_file(PERIOD, "0");
	vm_result(!bad && i == cycles,
	       "teardown: %s (%ld of %ld cycles)",
	       "unbind/destroy/close races at 1 ms vblanks", i, cycles);
	printf("    teardown: %llu consumer wakeups, failure reason %d\n",
	       (unsigned long long)reads, why);
	vm_leak_check(slab0, cycles - TEARDOWN_WARMUP, count_xengt_vgpus(),
		      fds0);
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

struct waiter {
	struct xd_dev *d;
	sem_t go, done;
	int64_t woke;
	volatile int stop;
	int err;
};

static void *waiter_fn(void *arg)
{
	struct waiter *w = arg;
	struct pollfd pfd = { .fd = w->d->ev.fd, .events = POLLIN };

	for (;;) {
		sem_wait(&w->go);
		if (w->stop)
			break;
		if (poll(&pfd, 1, 2000) != 1)
			w->err++;
		w->woke = now_ns();
		sem_post(&w->done);
	}
	return NULL;
}

static void summary(const char *name, int64_t *v, int n, int errs)
{
	qsort(v, (size_t)n, sizeof(v[0]), cmp64);
	printf("    latency %s: n=%d median %.1f us p99 %.1f us max %.1f us errors %d\n",
	       name, n, v[n / 2] / 1e3, v[n * 99 / 100] / 1e3, v[n - 1] / 1e3,
	       errs);
}

/* One vblank that must deliver exactly source 0 on the port. */
static void test_latency(int n)
{
	int64_t *inl = calloc((size_t)n, sizeof(int64_t));
	int64_t *blk = calloc((size_t)n, sizeof(int64_t));
	int64_t *base = calloc((size_t)n, sizeof(int64_t));
	struct pollfd pfd;
	struct waiter w;
	struct xd_dev d;
	pthread_t th;
	int i, adv, errs = 0, errs2 = 0;

	if (!inl || !blk || !base || xd_create(&d, -1, 0, 1) || xd_attach(&d) ||
	    prime(&d)) {
		vm_result(0, "latency: %s (%ld %ld)", "setup", 0, 0);
		free(inl);
		free(blk);
		free(base);
		return;
	}
	adv = open(ADVANCE, O_WRONLY);
	xd_reg_write(&d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_ENABLE);
	advance(1);
	xd_port_wait(&d.ev, 100);
	{
		struct gvt_xengt_events ev;

		xd_read_and_clear(&d, &ev);
		xd_mask(&d, 1, 0, 2, NULL);
	}
	pfd.fd = d.ev.fd;
	pfd.events = POLLIN;
	/* Same thread: flip, advance, poll until the fd is readable. */
	for (i = 0; i < n; i++) {
		int64_t t0;

		xd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4,
			     (uint32_t)(i + 1) * 0x1000);
		t0 = now_ns();
		if (pwrite(adv, "1", 1, 0) != 1 || poll(&pfd, 1, 2000) != 1)
			errs++;
		inl[i] = now_ns() - t0;
		errs += take(&d, 0, 1, 1) != 0;
	}
	summary("advance->fd readable (same thread)", inl, n, errs);
	/* Baseline: the same advance with every source masked (no send). */
	xd_mask(&d, 0, 0, d.nr_sources, NULL);
	for (i = 0; i < n; i++) {
		int64_t t0;

		xd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4,
			     (uint32_t)(i + 1) * 0x1000 + 0x200000);
		t0 = now_ns();
		if (pwrite(adv, "1", 1, 0) != 1)
			errs++;
		base[i] = now_ns() - t0;
	}
	errs += xd_port_wait(&d.ev, 0) != 0;	/* nothing may have fired */
	summary("advance alone, sources masked (baseline)", base, n, errs);
	advance(1);	/* the flip made while masked is not lost */
	xd_mask(&d, 1, 0, d.nr_sources, NULL);
	advance(1);
	xd_port_wait(&d.ev, 100);
	{
		struct gvt_xengt_events ev;

		xd_read_and_clear(&d, &ev);
		errs += ev.sources != 1;
		xd_mask(&d, 1, 0, d.nr_sources, NULL);
	}
	/* A thread asleep in poll(): flip + advance -> that thread runs. */
	memset(&w, 0, sizeof(w));
	w.d = &d;
	sem_init(&w.go, 0, 0);
	sem_init(&w.done, 0, 0);
	pthread_create(&th, NULL, waiter_fn, &w);
	for (i = 0; i < n; i++) {
		int64_t t0;

		xd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4,
			     (uint32_t)(i + 1) * 0x1000 + 0x100000);
		sem_post(&w.go);
		usleep(200);	/* let the waiter block in poll() */
		t0 = now_ns();
		if (pwrite(adv, "1", 1, 0) != 1)
			errs2++;
		sem_wait(&w.done);
		blk[i] = w.woke - t0;
		errs2 += take(&d, 0, 1, 1) != 0;
	}
	w.stop = 1;
	sem_post(&w.go);
	pthread_join(th, NULL);
	errs2 += w.err;
	summary("advance->sleeping poller awake", blk, n, errs2);
	printf("XENGT_LATENCY {\"n\":%d,\"same_thread_us\":{\"median\":%.1f,\"p99\":%.1f},"
	       "\"sleeping_poller_us\":{\"median\":%.1f,\"p99\":%.1f},"
	       "\"advance_baseline_us\":{\"median\":%.1f,\"p99\":%.1f}}\n",
	       n, inl[n / 2] / 1e3, inl[n * 99 / 100] / 1e3, blk[n / 2] / 1e3,
	       blk[n * 99 / 100] / 1e3, base[n / 2] / 1e3,
	       base[n * 99 / 100] / 1e3);
	vm_result(!errs && !errs2, "latency: %s (%ld events, %ld errors)",
	       "every flip delivered on the port, none while masked", 2L * n,
	       errs + errs2);
	close(adv);
	xd_close(&d);
	free(inl);
	free(blk);
	free(base);
}

int main(int argc, char **argv)
{
	int i;

	srand(1);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "badinput"))
			test_badinput();
		else if (!strcmp(argv[i], "teardown"))
			test_teardown(i + 1 < argc ? vm_arg_int(argv[++i]) : 200);
		else if (!strcmp(argv[i], "latency"))
			test_latency(i + 1 < argc ? vm_arg_int(argv[++i]) : 1000);
	}
	printf("xengt_test: %d passed, %d failed\n", vm_passed, vm_failed);
	return vm_failed != 0;
}
