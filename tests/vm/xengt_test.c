// SPDX-License-Identifier: GPL-2.0
/*
 * xengt VM tests that need more than the scenario corpus (Xen dom0):
 *   xengt_test badinput    table of bad misc device requests: each gets its
 *                          errno, nothing changes (events still flow);
 *                          the argsz/flags/trailing-array rules of the
 *                          uapi (too small, exact, short, larger, huge)
 *   xengt_test ports       channels replaced, closed by the device model:
 *                          nothing lost
 *   xengt_test hijack      another process cannot take a vGPU's channel
 *   xengt_test teardown N  N cycles of unbind/destroy/close while the vblank
 *                          timer fires every millisecond
 *   xengt_test aperture    display memory: mmap, sharing, bad mmaps, a
 *                          mapping kept over DESTROY and close
 *   xengt_test memory      64 idle vGPUs allocate no display memory
 *   xengt_test idle        the 60 Hz timer makes no pass with no vGPU, with
 *                          64 idle ones, and with 64 whose pipes are on,
 *                          showing nothing, events masked (PIPE_FRMCOUNT
 *                          still runs at 60 Hz)
 *   xengt_test plane       QUERY_PLANE: patterns drawn through the mapping,
 *                          planes programmed and flipped, every field and
 *                          pixel checked; bad requests; surfaces past the
 *                          aperture's end are not visible
 *   xengt_test tracking    write tracking of display memory (debugfs harvest)
 *   xengt_test trackevents exact refresh with write tracking (timer on): no
 *                          event for a still plane, one per write, its
 *                          latency, the fallback of a full redraw every
 *                          frame
 *   xengt_test damage      TAKE_DAMAGE and REFRESH_MODE (timer on,
 *                          write tracking)
 *   xengt_test snapshot F  the PNG xengt-display-watch --snapshot F wrote
 *                          after an idle workload: every pixel
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
#include <sys/wait.h>
#include <signal.h>
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
	struct xd_events ev;
	int fired = xd_port_wait(&d->ev, ms);
	uint32_t s;

	if (xd_read_and_clear(d, &ev))
		return -1;
	xd_mask(d, 1, 0, unmask, NULL);
	if (fired <= 0 || ev.sources != want || ev.nr_sources != d->nr_sources)
		return -1;
	for (s = 0; s < d->nr_sources && s < 32; s++)
		if (ev.count[s] != ((want >> s & 1) ? 1 : 0))
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

/*
 * A flip must still give exactly pipe A's primary event, on the port (its
 * plane on: a flip on a plane not shown raises nothing).
 */
static int still_works(struct xd_dev *d, uint32_t surf)
{
	xd_reg_write(d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_ENABLE);
	xd_reg_write(d, GVT_MPT_PLANE_SURF(0), 4, surf);
	advance(1);
	return take(d, 2000, 1, 1) == 0;
}

#define PAGE		((size_t)4096)
#define CANARY		0xa5
/* INFO of a 1-head vGPU: the fixed part and 2 entries. */
#define INFO_1HEAD	(sizeof(struct gvt_xengt_info) + \
			 2 * sizeof(struct gvt_xengt_source))

/* Two anonymous pages, the second one with @prot2; NULL on failure. */
static uint8_t *two_pages(int prot2)
{
	uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS,
			  // cppcheck-suppress invalidFunctionArg
			  -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, 2 * PAGE);
	if (mprotect(p + PAGE, PAGE, prot2)) {
		munmap(p, 2 * PAGE);
		return NULL;
	}
	return p;
}

/* A raw ioctl argument: the fixed part zeroed, canary bytes after it. */
static union {
	uint64_t align;
	uint8_t b[256];
} raw;

static void *raw_init(size_t fixed)
{
	memset(raw.b, CANARY, sizeof(raw.b));
	memset(raw.b, 0, fixed);
	return raw.b;
}

/* Are @n bytes of the raw buffer from @off still the canary? */
static int raw_untouched(size_t off, size_t n)
{
	size_t i;

	for (i = off; i < off + n && i < sizeof(raw.b); i++)
		if (raw.b[i] != CANARY)
			return 0;
	return 1;
}

static const struct {
	const char *name;
	unsigned long cmd;
	uint32_t minsz;
	int pad_off;		/* offset of a pad field, -1: none */
} cmds[] = {
	{ "CREATE", GVT_XENGT_CREATE, sizeof(struct gvt_xengt_create), -1 },
	{ "DESTROY", GVT_XENGT_DESTROY, sizeof(struct gvt_xengt_vgpu), 12 },
	{ "BIND_PORT", GVT_XENGT_BIND_PORT, sizeof(struct gvt_xengt_port), -1 },
	{ "UNBIND_PORT", GVT_XENGT_UNBIND_PORT, sizeof(struct gvt_xengt_vgpu),
	  12 },
	{ "MASK", GVT_XENGT_MASK, sizeof(struct gvt_xengt_mask), 20 },
	{ "UNMASK", GVT_XENGT_UNMASK, sizeof(struct gvt_xengt_mask), 20 },
	{ "READ_AND_CLEAR", GVT_XENGT_READ_AND_CLEAR,
	  sizeof(struct gvt_xengt_events), -1 },
	{ "REG_READ", GVT_XENGT_REG_READ, sizeof(struct gvt_xengt_reg), 28 },
	{ "REG_WRITE", GVT_XENGT_REG_WRITE, sizeof(struct gvt_xengt_reg), 28 },
	{ "INFO", GVT_XENGT_INFO, sizeof(struct gvt_xengt_info), -1 },
	{ "RESET", GVT_XENGT_RESET, sizeof(struct gvt_xengt_vgpu), 12 },
	{ "QUERY_PLANE", GVT_XENGT_QUERY_PLANE,
	  sizeof(struct gvt_xengt_plane), -1 },
	{ "TAKE_DAMAGE", GVT_XENGT_TAKE_DAMAGE,
	  sizeof(struct gvt_xengt_damage), 20 },
	{ "REFRESH_MODE", GVT_XENGT_REFRESH_MODE,
	  sizeof(struct gvt_xengt_refresh), -1 },
	{ "ALLOC_PORT", GVT_XENGT_ALLOC_PORT, sizeof(struct gvt_xengt_port),
	  -1 },
};

/*
 * A valid argument of cmds[@i] on @d in the raw buffer, argsz = the fixed
 * part; one that would change nothing if it got through.
 */
static void *raw_valid(size_t i, const struct xd_dev *d)
{
	uint8_t *b = raw_init(cmds[i].minsz);
	struct gvt_xengt_create *c = (void *)b;
	struct gvt_xengt_port *p = (void *)b;
	struct gvt_xengt_mask *m = (void *)b;
	struct gvt_xengt_reg *r = (void *)b;
	struct gvt_xengt_vgpu *v = (void *)b;

	v->argsz = cmds[i].minsz;
	v->id = d->id;		/* every argument but CREATE's has it there */
	switch (cmds[i].cmd) {
	case GVT_XENGT_CREATE:
		c->domid = 0;
		c->heads = 1;
		break;
	case GVT_XENGT_BIND_PORT:
		p->port = d->ev.port;
		break;
	case GVT_XENGT_MASK:
	case GVT_XENGT_UNMASK:
		m->count = 1;
		break;
	case GVT_XENGT_REG_READ:
	case GVT_XENGT_REG_WRITE:
		r->size = 4;
		r->offset = GVT_MPT_PIPECONF(0);
		r->value = GVT_MPT_PIPECONF_ENABLE;
		break;
	}
	return b;
}

/* Pipe A on or off: both sources of @d are delivered at the vblank. */
static void pipe_a(struct xd_dev *d, int on)
{
	xd_reg_write(d, GVT_MPT_PIPECONF(0), 4, on ? GVT_MPT_PIPECONF_ENABLE : 0);
	advance(1);
	xd_port_wait(&d->ev, 2000);
}

/* Nothing left to read, everything unmasked. */
static int drained(struct xd_dev *d)
{
	struct xd_events ev;
	int ret = xd_read_and_clear(d, &ev);

	xd_mask(d, 1, 0, d->nr_sources, NULL);
	return !ret && !ev.sources;
}

/*
 * The argument rules of the uapi (argsz, flags, pad, trailing arrays) on
 * @d: 1 head (2 sources), port bound, pipe A on, nothing pending.  Leaves
 * it so.
 */
static void badinput_args(int fd, struct xd_dev *d)
{
	struct gvt_xengt_create *c = (void *)raw.b;
	struct gvt_xengt_events *e = (void *)raw.b;
	struct gvt_xengt_info *info = (void *)raw.b;
	struct gvt_xengt_mask *m = (void *)raw.b;
	struct gvt_xengt_reg *r = (void *)raw.b;
	char name[96];
	uint8_t *pg;
	size_t i;
	int ret, ok;

	/* Every ioctl: argsz 0 or one byte short, unknown flag, pad. */
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		struct gvt_xengt_vgpu *v = raw_valid(i, d);

		v->argsz = 0;
		snprintf(name, sizeof(name), "%s argsz 0", cmds[i].name);
		expect(name, xd_ioctl(fd, cmds[i].cmd, v), EINVAL);
		v = raw_valid(i, d);
		v->argsz = cmds[i].minsz - 1;
		snprintf(name, sizeof(name), "%s argsz %u (fixed part - 1)",
			 cmds[i].name, cmds[i].minsz - 1);
		expect(name, xd_ioctl(fd, cmds[i].cmd, v), EINVAL);
		v = raw_valid(i, d);
		v->flags = 0x80000000;
		snprintf(name, sizeof(name), "%s unknown flag 0x80000000",
			 cmds[i].name);
		expect(name, xd_ioctl(fd, cmds[i].cmd, v), EINVAL);
		if (cmds[i].pad_off >= 0) {
			v = raw_valid(i, d);
			raw.b[cmds[i].pad_off] = 1;
			snprintf(name, sizeof(name), "%s pad 1", cmds[i].name);
			expect(name, xd_ioctl(fd, cmds[i].cmd, v), EINVAL);
		}
	}
	m = raw_valid(4, d);
	m->flags = 2;
	expect("MASK unknown flag 2", xd_ioctl(fd, GVT_XENGT_MASK, m), EINVAL);

	/* argsz is read alone first: a short argument is not read past. */
	pg = two_pages(PROT_NONE);
	if (pg) {
		struct gvt_xengt_vgpu *v = (void *)(pg + PAGE - 8);

		v->argsz = 8;
		expect("REG_READ argsz 8, the page ends after it",
		       xd_ioctl(fd, GVT_XENGT_REG_READ, v), EINVAL);
		v->argsz = sizeof(struct gvt_xengt_reg);
		expect("REG_READ argsz 32, the page ends after 8 bytes",
		       xd_ioctl(fd, GVT_XENGT_REG_READ, v), EFAULT);
		munmap(pg, 2 * PAGE);
	}

	/* CREATE: exactly the fixed part, and argsz 0xffffffff (not read). */
	raw_init(sizeof(*c));
	c->argsz = sizeof(*c);
	c->heads = 3;
	ret = xd_ioctl(fd, GVT_XENGT_CREATE, c);
	ok = !ret && c->nr_sources == 6 && c->argsz == sizeof(*c) &&
	     c->heads == 3 && raw_untouched(sizeof(*c), 64);
	vm_result(ok, "badinput: %s -> %ld (nr_sources %ld)",
		  "CREATE argsz 24 (exact), nothing written past it", ret,
		  c->nr_sources);
	if (!ret)
		xd_destroy_raw(fd, c->id);
	raw_init(sizeof(*c));
	c->argsz = 0xffffffff;
	c->heads = 1;
	ret = xd_ioctl(fd, GVT_XENGT_CREATE, c);
	vm_result(!ret && raw_untouched(sizeof(*c), 64),
		  "badinput: %s -> %ld (want %ld)",
		  "CREATE argsz 0xffffffff: the rest is ignored", ret, 0);
	if (!ret)
		xd_destroy_raw(fd, c->id);

	/* A newer userspace's larger argument: extra bytes ignored. */
	raw_init(sizeof(*r) + 32);
	memset(raw.b + sizeof(*r), 0xff, 32);
	r->argsz = sizeof(*r) + 32;
	r->id = d->id;
	r->size = 4;
	r->offset = GVT_MPT_PIPECONF(0);
	ret = xd_ioctl(fd, GVT_XENGT_REG_READ, r);
	ok = !ret && r->value == GVT_MPT_PIPECONF_ENABLE;
	for (i = sizeof(*r); i < sizeof(*r) + 32; i++)
		ok = ok && raw.b[i] == 0xff;
	vm_result(ok, "badinput: %s -> %ld (value 0x%lx)",
		  "REG_READ argsz 64, non-zero bytes past the fixed part", ret,
		  r->value);

	/* READ_AND_CLEAR with no room for counts: the bitmap only. */
	pipe_a(d, 0);
	raw_init(sizeof(*e));
	e->argsz = sizeof(*e);
	e->id = d->id;
	ret = xd_ioctl(fd, GVT_XENGT_READ_AND_CLEAR, e);
	ok = !ret && e->sources == 3 && e->nr_sources == 2 &&
	     raw_untouched(sizeof(*e), 64);
	vm_result(ok, "badinput: %s -> %ld (sources 0x%lx)",
		  "READ_AND_CLEAR argsz 24 (exact): bitmap, no count written",
		  ret, (long)e->sources);
	vm_result(drained(d), "badinput: %s (%ld %ld)",
		  "READ_AND_CLEAR argsz 24 cleared every count", 0, 0);
	/* Room for one count of two. */
	pipe_a(d, 1);
	raw_init(sizeof(*e));
	e->argsz = sizeof(*e) + 1;
	e->id = d->id;
	ret = xd_ioctl(fd, GVT_XENGT_READ_AND_CLEAR, e);
	ok = !ret && e->sources == 3 && e->counts[0] == 1 &&
	     raw_untouched(sizeof(*e) + 1, 64);
	vm_result(ok, "badinput: %s -> %ld (sources 0x%lx)",
		  "READ_AND_CLEAR counts[] of 1 for 2 sources", ret,
		  (long)e->sources);
	vm_result(drained(d), "badinput: %s (%ld %ld)",
		  "READ_AND_CLEAR counts[] of 1 cleared both counts", 0, 0);
	/* argsz 0xffffffff: two counts written, nothing past them. */
	pipe_a(d, 0);
	raw_init(sizeof(*e));
	e->argsz = 0xffffffff;
	e->id = d->id;
	ret = xd_ioctl(fd, GVT_XENGT_READ_AND_CLEAR, e);
	ok = !ret && e->sources == 3 && e->counts[0] == 1 &&
	     e->counts[1] == 1 && raw_untouched(sizeof(*e) + 2, 64) &&
	     e->argsz == 0xffffffff;
	vm_result(ok, "badinput: %s -> %ld (sources 0x%lx)",
		  "READ_AND_CLEAR argsz 0xffffffff writes 2 counts only", ret,
		  (long)e->sources);
	xd_mask(d, 1, 0, d->nr_sources, NULL);
	/* The counts land on a read-only page: EFAULT, counts kept. */
	pipe_a(d, 1);
	pg = two_pages(PROT_READ);
	ret = -ENOMEM;
	ok = 0;
	if (pg) {
		struct gvt_xengt_events *pe = (void *)(pg + PAGE - sizeof(*e));
		struct xd_events ev;

		pe->argsz = sizeof(*e) + 2;
		pe->id = d->id;
		ret = xd_ioctl(fd, GVT_XENGT_READ_AND_CLEAR, pe);
		ok = ret == -EFAULT && !xd_read_and_clear(d, &ev) &&
		     ev.sources == 3 && ev.count[0] == 1 && ev.count[1] == 1;
		xd_mask(d, 1, 0, d->nr_sources, NULL);
		munmap(pg, 2 * PAGE);
	}
	vm_result(ok, "badinput: %s -> %ld (want -%ld)",
		  "READ_AND_CLEAR counts on a read-only page keeps the counts",
		  ret, EFAULT);

	/* MASK with bools: they must fit in argsz and be readable. */
	m = raw_init(sizeof(*m));
	m->argsz = sizeof(*m);
	m->id = d->id;
	m->flags = GVT_XENGT_MASK_BOOL;
	m->count = 1;
	expect("MASK bool argsz 24 (no room for the byte)",
	       xd_ioctl(fd, GVT_XENGT_MASK, m), EINVAL);
	m->argsz = sizeof(*m) + 1;
	m->count = 2;
	m->bools[0] = 1;
	m->bools[1] = 1;
	expect("MASK bool count 2, argsz with room for 1",
	       xd_ioctl(fd, GVT_XENGT_MASK, m), EINVAL);
	m->argsz = 0xffffffff;
	m->count = 0xffffffff;
	expect("MASK bool argsz and count 0xffffffff",
	       xd_ioctl(fd, GVT_XENGT_MASK, m), EINVAL);
	m->count = 3;
	expect("MASK bool count 3 of 2 sources",
	       xd_ioctl(fd, GVT_XENGT_MASK, m), EINVAL);
	m->argsz = sizeof(*m);
	m->flags = 0;
	m->count = 2;
	ret = xd_ioctl(fd, GVT_XENGT_UNMASK, m);
	expect("UNMASK argsz 24 (exact), no bools", ret, 0);
	pg = two_pages(PROT_NONE);
	if (pg) {
		struct gvt_xengt_mask *pm = (void *)(pg + PAGE - sizeof(*m));

		pm->argsz = sizeof(*m) + 1;
		pm->id = d->id;
		pm->flags = GVT_XENGT_MASK_BOOL;
		pm->count = 1;
		expect("MASK bool byte on an unmapped page",
		       xd_ioctl(fd, GVT_XENGT_MASK, pm), EFAULT);
		munmap(pg, 2 * PAGE);
	}

	/* INFO: too small -> the size needed, no entry; then the entries. */
	info = raw_init(sizeof(*info));
	info->argsz = sizeof(*info);
	info->id = d->id;
	ret = xd_ioctl(fd, GVT_XENGT_INFO, info);
	ok = !ret && info->argsz == INFO_1HEAD &&
	     info->nr_sources == 2 && info->domid == 0 &&
	     info->port == d->ev.port && raw_untouched(sizeof(*info), 64);
	vm_result(ok, "badinput: %s -> %ld (argsz %ld)",
		  "INFO argsz 32: argsz says 48, no entry written", ret,
		  info->argsz);
	info = raw_init(sizeof(*info));
	info->argsz = INFO_1HEAD - 1;
	info->id = d->id;
	ret = xd_ioctl(fd, GVT_XENGT_INFO, info);
	vm_result(!ret && info->argsz == INFO_1HEAD &&
		  raw_untouched(sizeof(*info), 64),
		  "badinput: %s -> %ld (argsz %ld)",
		  "INFO argsz 47: argsz says 48, no entry written", ret,
		  info->argsz);
	info = raw_init(sizeof(*info));
	info->argsz = INFO_1HEAD;
	info->id = d->id;
	ret = xd_ioctl(fd, GVT_XENGT_INFO, info);
	ok = !ret && info->argsz == INFO_1HEAD && info->sources[0].pipe == 0 &&
	     info->sources[0].plane_type == GVT_MPT_DRM_PLANE_TYPE_PRIMARY &&
	     info->sources[1].pipe == 0 &&
	     info->sources[1].plane_type == GVT_MPT_DRM_PLANE_TYPE_CURSOR &&
	     raw_untouched(INFO_1HEAD, 64);
	vm_result(ok, "badinput: %s -> %ld (argsz %ld)",
		  "INFO argsz 48: both entries, argsz unchanged", ret,
		  info->argsz);
	info = raw_init(sizeof(*info));
	info->argsz = 0xffffffff;
	info->id = d->id;
	ret = xd_ioctl(fd, GVT_XENGT_INFO, info);
	vm_result(!ret && info->argsz == 0xffffffff && raw_untouched(INFO_1HEAD, 64) &&
		  info->sources[1].plane_type == GVT_MPT_DRM_PLANE_TYPE_CURSOR,
		  "badinput: %s -> %ld (argsz 0x%lx)",
		  "INFO argsz 0xffffffff: 2 entries, nothing past them", ret,
		  info->argsz);

	/* Numbers: the old size-encoded ones and unknown sequence numbers. */
	c = raw_init(sizeof(*c));
	c->argsz = sizeof(*c);
	c->heads = 1;
	expect("CREATE as the old _IOWR(0xE6, 0, 24 bytes)",
	       xd_ioctl(fd, _IOWR(GVT_XENGT_IOCTL_MAGIC, 0x00,
				  struct gvt_xengt_create), c), ENOTTY);
	expect("DESTROY with a size in the number",
	       xd_ioctl(fd, _IOW(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 1,
				 struct gvt_xengt_vgpu), c), ENOTTY);
	expect("unknown number BASE + 15",
	       xd_ioctl(fd, _IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 15), c),
	       ENOTTY);
	expect("unknown number BASE + 0x30",
	       xd_ioctl(fd, _IO(GVT_XENGT_IOCTL_MAGIC, GVT_XENGT_BASE + 0x30),
			c), ENOTTY);
	expect("other magic", xd_ioctl(fd, _IO('X', 1), NULL), ENOTTY);
	expect("CREATE NULL argument", xd_ioctl(fd, GVT_XENGT_CREATE, NULL),
	       EFAULT);
	vm_result(drained(d), "badinput: %s (%ld %ld)",
		  "argument checks left nothing pending", 0, 0);
}

/*
 * Leave @fd's vGPU @a with everything a user can leave behind: registers
 * set, counts not read, sources masked, a change pending.
 */
static int dirty(int fd, struct xd_dev *a)
{
	if (xd_create(a, fd, 0, 1) || xd_attach(a))
		return -1;
	xd_reg_write(a, GVT_MPT_PLANE_SURF(0), 4, 0x3000);
	xd_reg_write(a, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
	advance(1);	/* both delivered, counted, automasked */
	xd_port_wait(&a->ev, 2000);
	xd_reg_write(a, GVT_MPT_PIPECONF(0), 4, 0);
	advance(1);	/* both pending behind their masks */
	xd_reg_write(a, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
	return 0;
}

/*
 * @b, just created: registers zero, no port, no count, nothing pending,
 * nothing masked.  0 if so, else the number of the first check failed.
 */
static int fresh(struct xd_dev *b)
{
	union {
		struct gvt_xengt_info i;
		uint8_t b[sizeof(struct gvt_xengt_info) +
			  2 * sizeof(struct gvt_xengt_source)];
	} info;
	struct xd_events ev;
	uint32_t val = 1;

	if (xd_reg_read(b, GVT_MPT_PIPECONF(0), 4, &val) || val)
		return 1;
	if (xd_reg_read(b, GVT_MPT_PLANE_SURF(0), 4, &val) || val)
		return 2;
	memset(&info, 0, sizeof(info));
	info.i.argsz = sizeof(info);
	info.i.id = b->id;
	if (xd_ioctl(b->fd, GVT_XENGT_INFO, &info.i) ||
	    info.i.port != GVT_XENGT_NO_PORT)
		return 3;
	if (xd_read_and_clear(b, &ev) || ev.sources)
		return 4;
	if (xd_attach(b))
		return 5;
	advance(1);
	if (xd_port_wait(&b->ev, 100) != 0 || xd_read_and_clear(b, &ev) ||
	    ev.sources)
		return 6;	/* a change of the previous user pending */
	xd_reg_write(b, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
	advance(1);
	if (take(b, 2000, 3, b->nr_sources))
		return 7;	/* a mask of the previous user */
	return 0;
}

/* A vGPU is new at CREATE: nothing of a destroyed or closed one. */
static void badinput_fresh(void)
{
	struct xd_dev a, b;
	int fd = xd_open_dev(), ret = -1;
	uint32_t id = 0xffffffff;

	if (fd >= 0 && !dirty(fd, &a)) {
		id = a.id;
		xd_close(&a);		/* DESTROY */
		ret = xd_create(&b, fd, 0, 1);
		if (!ret)
			ret = b.id == id ? fresh(&b) : 8;
		xd_close(&b);
	}
	vm_result(!ret, "badinput: %s (failed check %ld, id %ld)",
		  "CREATE after DESTROY: the same id, a fresh vGPU", ret, id);
	ret = -1;
	if (fd >= 0 && !dirty(fd, &a)) {
		a.created = 0;		/* the close destroys it */
		xd_port_free(&a.ev);
		close(fd);
		fd = xd_open_dev();
		ret = fd < 0 ? -1 : xd_create(&b, fd, 0, 1);
		if (!ret)
			ret = b.id == 0 ? fresh(&b) : 8;
		xd_close(&b);
	}
	vm_result(!ret, "badinput: %s (failed check %ld, %ld)",
		  "CREATE on a new file after close: a fresh vGPU", ret, 0);
	if (fd >= 0)
		close(fd);
}

/* INFO's port of vGPU @d (the fixed part only), or -errno. */
static long info_port(struct xd_dev *d)
{
	struct gvt_xengt_info info = { .argsz = sizeof(info), .id = d->id };
	int ret = xd_ioctl(d->fd, GVT_XENGT_INFO, &info);

	return ret ? ret : (long)info.port;
}

/* Our end of a channel bound to dom0's port @remote, or -errno. */
static long end_bind(struct xd_port *p, uint32_t remote)
{
	int ret = xd_port_bind(p, remote);

	return ret ? ret : (long)p->port;
}

/*
 * BIND_PORT and ALLOC_PORT on @d3 (no port yet), @d connected: the module
 * sends on no port it did not allocate, connects only the end bound to
 * its port, and a failed request changes nothing.  Leaves @d3 with no port.
 */
static void badinput_ports(int fd, struct xd_dev *d, struct xd_dev *d3)
{
	struct xd_port own = { .fd = -1, .port = GVT_XENGT_NO_PORT };
	struct xd_port end = { .fd = -1, .port = GVT_XENGT_NO_PORT };
	struct gvt_xengt_port *pp;
	uint32_t lport = 0, lport2 = 0;
	xenevtchn_port_or_error_t u;
	uint8_t *pg;
	long ret;

	expect("BIND_PORT with no port allocated (another channel's end)",
	       xd_bind_raw(fd, d3->id, d->ev.port), EBADF);
	expect("UNBIND_PORT without a port", xd_unbind_raw(fd, d3->id),
	       ENOTCONN);
	/* The old protocol: the device model's own unbound port, by number. */
	own.xce = xenevtchn_open(NULL, 0);
	u = own.xce ? xenevtchn_bind_unbound_port(own.xce, 0) : -1;
	if (u >= 0)
		own.port = (uint32_t)u;
	vm_result(u >= 0, "badinput: %s (%ld %ld)",
		  "setup: an unbound port of our own for dom0", u, 0);
	expect("BIND_PORT of our own unbound port, no port allocated",
	       xd_bind_raw(fd, d3->id, own.port), EBADF);
	expect("ALLOC_PORT", xd_alloc_port_raw(fd, d3->id, &lport), 0);
	expect("BIND_PORT before anyone bound the module's port",
	       xd_bind_raw(fd, d3->id, own.port), ENOTCONN);
	/* A new ALLOC_PORT replaces a port never connected. */
	expect("ALLOC_PORT again before the bind",
	       xd_alloc_port_raw(fd, d3->id, &lport2), 0);
	ret = end_bind(&end, lport);
	vm_result(ret == -EINVAL, "badinput: %s -> %ld (want -%ld)",
		  "bind_interdomain to the replaced port (closed)", ret, EINVAL);
	xd_port_free(&end);
	ret = end_bind(&end, lport2);
	vm_result(ret >= 0, "badinput: %s -> %ld (want %ld)",
		  "bind_interdomain to the module's port", ret, 0);
	expect("BIND_PORT naming our own unbound port, not the bound end",
	       xd_bind_raw(fd, d3->id, own.port), EPERM);
	expect("BIND_PORT naming another vGPU's end",
	       xd_bind_raw(fd, d3->id, d->ev.port), EPERM);
	expect("BIND_PORT port 0xffffffff",
	       xd_bind_raw(fd, d3->id, 0xffffffff), EPERM);
	expect("INFO after those: no port",
	       info_port(d3) == (long)GVT_XENGT_NO_PORT ? 0 : -1, 0);
	expect("BIND_PORT of the bound end", xd_bind_raw(fd, d3->id, end.port),
	       0);
	expect("INFO: the bound end",
	       info_port(d3) == (long)end.port ? 0 : -1, 0);
	/* UNBIND_PORT closes the module's port: that channel is over. */
	expect("UNBIND_PORT", xd_unbind_raw(fd, d3->id), 0);
	expect("BIND_PORT of the same end after UNBIND_PORT",
	       xd_bind_raw(fd, d3->id, end.port), EBADF);
	xd_port_free(&own);
	ret = end_bind(&own, lport2);
	vm_result(ret == -EINVAL, "badinput: %s -> %ld (want -%ld)",
		  "bind_interdomain to a port UNBIND_PORT closed", ret, EINVAL);
	xd_port_free(&own);
	xd_port_free(&end);
	/* ALLOC_PORT whose result cannot be written: no port. */
	pg = two_pages(PROT_READ | PROT_WRITE);
	if (pg) {
		pp = (void *)(pg + PAGE);
		pp->argsz = sizeof(*pp);
		pp->id = d3->id;
		mprotect(pg + PAGE, PAGE, PROT_READ);
		expect("ALLOC_PORT to a read-only argument",
		       xd_ioctl(fd, GVT_XENGT_ALLOC_PORT, pp), EFAULT);
		munmap(pg, 2 * PAGE);
		expect("BIND_PORT after that ALLOC_PORT failed",
		       xd_bind_raw(fd, d3->id, d->ev.port), EBADF);
	}
}

static void test_badinput(void)
{
	struct xd_dev d, d3;
	struct xd_events ev;
	uint32_t id, ids[GVT_XENGT_MAX_VGPUS_PER_FD], val;
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

	/* vGPU ids */
	expect("REG_READ id 1 (never created)",
	       xd_reg_read_raw(fd, 1, GVT_MPT_PIPECONF(0), 4, &val), ENOENT);
	expect("REG_READ id 16", xd_reg_read_raw(fd, 16, GVT_MPT_PIPECONF(0), 4,
						   &val), ENOENT);
	expect("UNMASK id 0xffffffff",
	       xd_mask_raw(fd, 0xffffffff, 1, 0, 1, NULL), ENOENT);
	expect("DESTROY id 7", xd_destroy_raw(fd, 7), ENOENT);

	/* Ports: only the module's own, and only once connected. */
	expect("BIND_PORT second bind", xd_bind_raw(fd, d.id, d.ev.port), EBUSY);
	expect("ALLOC_PORT while connected",
	       xd_alloc_port_raw(fd, d.id, &val), EBUSY);
	if (xd_create(&d3, fd, 0, 3) == 0) {
		union {
			struct gvt_xengt_info i;
			uint8_t b[sizeof(struct gvt_xengt_info) +
				  6 * sizeof(struct gvt_xengt_source)];
		} info;

		badinput_ports(fd, &d, &d3);
		ret = xd_attach(&d3);
		vm_result(!ret, "badinput: %s -> %ld (want %ld)",
			  "ALLOC_PORT, bind, BIND_PORT", ret, 0);
		/* INFO with room for every entry */
		memset(&info, 0, sizeof(info));
		info.i.argsz = sizeof(info);
		info.i.id = d3.id;
		ret = xd_ioctl(fd, GVT_XENGT_INFO, &info.i);
		ok = !ret && info.i.domid == 0 && info.i.nr_sources == 6 &&
		     info.i.port == d3.ev.port && info.i.argsz == sizeof(info);
		for (i = 0; i < 6 && ok; i++)
			ok = info.i.sources[i].pipe == (uint32_t)i / 2 &&
			     info.i.sources[i].plane_type ==
			     (i % 2 ? GVT_MPT_DRM_PLANE_TYPE_CURSOR :
			      GVT_MPT_DRM_PLANE_TYPE_PRIMARY);
		vm_result(ok, "badinput: %s -> %ld (sources %ld)",
		       "INFO of a 3-head vGPU", ret, info.i.nr_sources);
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
	{
		static const uint8_t ones[9] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };

		expect("UNMASK bool count 9",
		       xd_mask_raw(fd, d.id, 1, 0, 9, ones), EINVAL);
		expect("MASK bool start 1 count 2",
		       xd_mask_raw(fd, d.id, 0, 1, 2, ones), EINVAL);
		expect("MASK bool count 0", xd_mask_raw(fd, d.id, 0, 0, 0, ones),
		       EINVAL);
	}

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

	/* argsz, flags, pad and trailing arrays; ioctl numbers. */
	badinput_args(fd, &d);

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
		memset(&ev, 0, sizeof(ev));
		if (ro != MAP_FAILED) {
			memset(ro, 0, sizeof(*ro) + 8);
			ro->argsz = sizeof(*ro) + 8;
			ro->id = d.id;
			mprotect(ro, 4096, PROT_READ);
			xd_reg_write(&d, GVT_MPT_PLANE_CTL(0), 4,
				     GVT_MPT_PLANE_CTL_ENABLE);
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
		       ret, (long)ev.sources);
	}
	vm_result(still_works(&d, 0x5000), "badinput: %s (%ld %ld)",
	       "state unchanged, events still flow", 0, 0);
	badinput_fresh();
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
	struct xd_events ev;

	/* Unmask at once after each read: a delivery at every vblank. */
	while (!r->stop) {
		if (xd_port_wait(&r->d->ev, 1) > 0)
			r->reads++;
		xd_read_and_clear(r->d, &ev);	/* may fail: vGPU gone */
		xd_mask(r->d, 1, 0, r->d->nr_sources, NULL);
	}
	return NULL;
}

/* Flip pipe A's primary plane, one vblank. */
static void flip_a(struct xd_dev *d, uint32_t surf)
{
	xd_reg_write(d, GVT_MPT_PLANE_SURF(0), 4, surf);
	vm_advance(1);
}

/* A 1-head vGPU on its own file, connected, pipe A and its plane on. */
static int ports_setup(struct xd_dev *d)
{
	struct xd_events ev;
	int ret;

	vm_set_single_fb(0);
	ret = xd_create(d, -1, 0, 1);
	vm_set_single_fb(5);
	if (!ret)
		ret = xd_attach(d);
	if (ret)
		return ret;
	xd_reg_write(d, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
	xd_reg_write(d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_ENABLE);
	vm_advance(1);
	xd_port_wait(&d->ev, 1000);
	xd_read_and_clear(d, &ev);
	return xd_mask(d, 1, 0, d->nr_sources, NULL);
}

/*
 * Ports come and go and nothing is lost: the counts survive UNBIND_PORT
 * and are announced on the next channel at once; when the device model
 * closes its end the module closes its port at its next send, INFO shows
 * NO_PORT, and a new ALLOC_PORT + BIND_PORT gets the change made meanwhile.
 */
static void test_ports(void)
{
	struct xd_events ev;
	struct xd_dev d;
	int ret, n;

	ret = ports_setup(&d);
	if (ret) {
		vm_result(0, "ports: %s (%ld %ld)", "setup", ret, 0);
		xd_close(&d);
		return;
	}

	/* Delivered, not read, then UNBIND_PORT and a new channel. */
	flip_a(&d, 0x2000);
	xd_port_wait(&d.ev, 1000);
	ret = xd_unbind_raw(d.fd, d.id);
	if (!ret)
		ret = xd_attach(&d);
	n = ret ? 0 : xd_port_wait(&d.ev, 1000);
	memset(&ev, 0, sizeof(ev));
	xd_read_and_clear(&d, &ev);
	vm_result(!ret && n >= 1 && ev.sources == 1 && ev.count[0] == 1,
		  "ports: %s (woken %ld, sources %ld)",
		  "counts kept over UNBIND_PORT, announced on the new channel",
		  n, (long)ev.sources);
	xd_mask(&d, 1, 0, 1, NULL);

	/* The device model closes its end while connected. */
	xd_port_free(&d.ev);
	flip_a(&d, 0x3000);
	vm_result(info_port(&d) == (long)GVT_XENGT_NO_PORT,
		  "ports: %s (%ld, want %ld)",
		  "the device model's end closed: INFO says no port",
		  info_port(&d), (long)GVT_XENGT_NO_PORT);
	ret = xd_bind_raw(d.fd, d.id, 1);
	vm_result(ret == -EBADF, "ports: %s (%ld, want -%ld)",
		  "the module closed its port: BIND_PORT EBADF", ret, EBADF);
	ret = xd_attach(&d);
	n = ret ? -1 : xd_port_wait(&d.ev, 300);
	vm_result(!ret && n == 0, "ports: %s (ret %ld, woken %ld)",
		  "a new ALLOC_PORT + BIND_PORT: no count left, no wake", ret,
		  n);
	vm_advance(1);
	n = ret ? 0 : xd_port_wait(&d.ev, 1000);
	memset(&ev, 0, sizeof(ev));
	xd_read_and_clear(&d, &ev);
	vm_result(!ret && n >= 1 && ev.sources == 1 &&
		  info_port(&d) == (long)d.ev.port,
		  "ports: %s (woken %ld, sources %ld)",
		  "the flip made with no channel arrives at the next vblank",
		  n, (long)ev.sources);
	xd_close(&d);
}

/* Child of test_hijack(): exit status for a result, 0..3. */
enum { HJ_FAILED = 0, HJ_BOUND = 1, HJ_NOHANDLE = 2, HJ_IOCTL = 3 };

/*
 * Another dom0 process (a fork, its own xenevtchn handle and its own file
 * of /dev/mpt_xengt) tries to take vGPU @id's channel: bind the module's
 * port @lport, and ALLOC_PORT / BIND_PORT / UNBIND_PORT / INFO on vGPU @id
 * of its own file (ENOENT).  With @hold_ms, the child writes to @res_fd
 * its bound port (or -errno) at once, then, having kept a bind that
 * succeeded @hold_ms, the number of events it received.  Returns HJ_*,
 * the child's exit status, or -1.
 */
static int hijack_child(int dm_fd, uint32_t id, uint32_t lport, int hold_ms,
			int res_fd)
{
	struct xd_port p = { .fd = -1, .port = GVT_XENGT_NO_PORT };
	struct gvt_xengt_info info = { .argsz = sizeof(info), .id = id };
	pid_t pid = fork();
	int status, fd, bad, ret;
	uint32_t port;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(dm_fd);	/* not the device model's open file */
		fd = xd_open_dev();
		bad = fd < 0 ||
		      xd_alloc_port_raw(fd, id, &port) != -ENOENT ||
		      xd_bind_raw(fd, id, lport) != -ENOENT ||
		      xd_unbind_raw(fd, id) != -ENOENT ||
		      xd_ioctl(fd, GVT_XENGT_INFO, &info) != -ENOENT;
		ret = xd_port_bind(&p, lport);
		if (ret && ret != -EINVAL)
			_exit(HJ_NOHANDLE);
		if (hold_ms) {
			int64_t n = ret ? ret : (int64_t)p.port;

			if (write(res_fd, &n, sizeof(n)) != sizeof(n))
				_exit(HJ_NOHANDLE);
			n = ret ? 0 : xd_port_wait(&p, hold_ms);
			if (write(res_fd, &n, sizeof(n)) != sizeof(n))
				_exit(HJ_NOHANDLE);
		}
		_exit(bad ? HJ_IOCTL : ret ? HJ_FAILED : HJ_BOUND);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * Nobody else takes the device model's channel.  A second process binding
 * the module's port: fails while the device model's end is bound; fails
 * after the device model closed its end and the module noticed (at its next
 * send, or at INFO), because the module closed that port; and if it binds
 * a new port before the device model does, it gets no event, the device
 * model's bind and BIND_PORT fail, and a new ALLOC_PORT recovers.  Its own
 * file of the misc device reaches none of the device model's vGPUs.
 */
static void test_hijack(void)
{
	struct xd_port own = { .fd = -1, .port = GVT_XENGT_NO_PORT };
	struct xd_events ev;
	struct xd_dev d;
	uint32_t lport;
	int64_t got = -1;
	int ret, n, pfd[2] = { -1, -1 };
	xenevtchn_port_or_error_t u;

	ret = ports_setup(&d);
	if (ret || pipe(pfd)) {
		vm_result(0, "hijack: %s (%ld %ld)", "setup", ret, 0);
		xd_close(&d);
		return;
	}
	lport = d.ev.remote;
	ret = hijack_child(d.fd, d.id, lport, 0, -1);
	vm_result(ret == HJ_FAILED, "hijack: %s (child %ld, want %ld)",
		  "bind of the module's port while connected fails; another file: ENOENT",
		  ret, HJ_FAILED);
	flip_a(&d, 0x2000);
	vm_result(take(&d, 1000, 1, 1) == 0, "hijack: %s (%ld %ld)",
		  "the device model still gets its events", 0, 0);

	/* Its end closed, a send: the module closes its port at once. */
	xd_port_free(&d.ev);
	flip_a(&d, 0x3000);
	ret = hijack_child(d.fd, d.id, lport, 0, -1);
	vm_result(ret == HJ_FAILED, "hijack: %s (child %ld, want %ld)",
		  "bind after the device model closed its end (then a send) fails",
		  ret, HJ_FAILED);
	vm_result(info_port(&d) == (long)GVT_XENGT_NO_PORT,
		  "hijack: %s (%ld, want %ld)", "INFO: no port", info_port(&d),
		  (long)GVT_XENGT_NO_PORT);

	/* Its end closed, no send: INFO notices and closes the port. */
	ret = xd_attach(&d);
	vm_advance(1);		/* the flip left pending */
	n = ret ? 0 : xd_port_wait(&d.ev, 1000);
	xd_read_and_clear(&d, &ev);
	xd_mask(&d, 1, 0, d.nr_sources, NULL);
	lport = d.ev.remote;
	xd_port_free(&d.ev);
	vm_result(!ret && n >= 1 && info_port(&d) == (long)GVT_XENGT_NO_PORT,
		  "hijack: %s (ret %ld, woken %ld)",
		  "a new channel, then its end closed: INFO says no port", ret,
		  n);
	ret = hijack_child(d.fd, d.id, lport, 0, -1);
	vm_result(ret == HJ_FAILED, "hijack: %s (child %ld, want %ld)",
		  "bind after the device model closed its end (then INFO) fails",
		  ret, HJ_FAILED);

	/* The other process binds a new port first. */
	ret = xd_alloc_port_raw(d.fd, d.id, &lport);
	if (!ret) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(hijack_child(d.fd, d.id, lport, 1500, pfd[1]));
		/* The child's bind first. */
		if (read(pfd[0], &got, sizeof(got)) != sizeof(got))
			got = -1;
		vm_result(got >= 0, "hijack: %s (%ld, want %ld)",
			  "another process binds a new port before us: Xen lets it",
			  got, 0);
		n = xd_port_bind(&own, lport);
		vm_result(n == -EINVAL, "hijack: %s (%ld, want -%ld)",
			  "port bound by another process first: our bind fails",
			  n, EINVAL);
		xd_port_free(&own);
		own.xce = xenevtchn_open(NULL, 0);
		u = own.xce ? xenevtchn_bind_unbound_port(own.xce, 0) : -1;
		if (u >= 0)
			own.port = (uint32_t)u;
		n = xd_bind_raw(d.fd, d.id, own.port);
		vm_result(n == -EPERM, "hijack: %s (%ld, want -%ld)",
			  "BIND_PORT naming a port not connected to it", n,
			  EPERM);
		xd_port_free(&own);
		flip_a(&d, 0x2000);	/* no channel: stays pending */
		if (read(pfd[0], &got, sizeof(got)) != sizeof(got))
			got = -1;
		waitpid(pid, NULL, 0);
		vm_result(got == 0, "hijack: %s (%ld, want %ld)",
			  "the other process's binding gets no event", got, 0);
	}
	ret = ret ? ret : xd_attach(&d);
	vm_advance(1);
	memset(&ev, 0, sizeof(ev));
	n = ret ? 0 : xd_port_wait(&d.ev, 1000);
	xd_read_and_clear(&d, &ev);
	vm_result(!ret && n >= 1 && ev.sources == 1 && d.ev.remote != lport,
		  "hijack: %s (woken %ld, sources %ld)",
		  "a new ALLOC_PORT recovers; the flip arrives", n,
		  (long)ev.sources);
	close(pfd[0]);
	close(pfd[1]);
	xd_close(&d);
}

/* Display memory each teardown cycle maps and draws into. */
#define TD_MAP	((size_t)2 * 4096)

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
		struct xd_port extra = { .fd = -1, .port = GVT_XENGT_NO_PORT };
		uint32_t lport;
		pthread_t th;
		int fd = xd_open_dev();
		uint8_t *m = MAP_FAILED;

		if (fd < 0 || xd_create(&d, fd, 0, i % 2 ? 3 : 1) ||
		    xd_attach(&d) || xd_create(&d2, fd, 0, 1) ||
		    xd_attach(&d2)) {
			bad = 1;
			why = 1;
			break;
		}
		/* Display memory drawn into, mapped over destroy and close. */
		m = xd_aperture_map(&d, (uint64_t)(i % 8) * 4096, TD_MAP);
		if (m == MAP_FAILED) {
			bad = 1;
			why = 6;
		} else {
			memset(m, i, TD_MAP);
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
			if (xd_alloc_port_raw(fd, d.id, &lport) ||
			    xd_port_bind(&extra, lport) ||
			    xd_bind_raw(fd, d.id, extra.port)) {
				bad = 1;
				why = 3;
			}
			/* Close the DM end while the module sends. */
			usleep((unsigned int)(rand() % 4000));
			xd_port_free(&extra);
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
		/* The mapping held the file: its vGPUs go with it. */
		if (m != MAP_FAILED)
			munmap(m, TD_MAP);
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
	vm_result(vm_mem_pages() == 0, "teardown: %s (%ld, want %ld)",
		  "no display memory page left", vm_mem_pages(), 0);
}

#define AP_1HEAD	((size_t)16 << 20)
#define AP_3HEAD	((size_t)64 << 20)

/* Write to @p in a child: 1 if the child died of SIGBUS. */
static int sigbus_in_child(volatile uint8_t *p)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		p[0] = 1;
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 0;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS;
}

static int all_byte(const uint8_t *p, size_t len, uint8_t v)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/*
 * Display memory through mmap of /dev/mpt_xengt: two mappings share it,
 * pages are allocated when touched, bad mmaps fail, a mapping kept over
 * DESTROY never reaches the next vGPU with the same id.
 */
static void test_aperture(void)
{
	const size_t pg = 4096, last = AP_1HEAD - 4096;
	int fd = xd_open_dev(), ok, ret, i;
	uint32_t id = 99, id2 = 99, id3 = 99;
	uint8_t *m = MAP_FAILED, *m2, *m3, *old;
	long p0 = vm_mem_pages(), p1;

	ok = fd >= 0 && !xd_create_raw(fd, 0, 1, &id, NULL) &&
	     !xd_create_raw(fd, 0, 3, &id3, NULL);
	if (ok)
		m = xd_aperture_map_raw(fd, id, 0, AP_1HEAD, MAP_SHARED);
	m2 = ok ? xd_aperture_map_raw(fd, id, last - pg, 2 * pg, MAP_SHARED) :
		  MAP_FAILED;
	m3 = ok ? xd_aperture_map_raw(fd, id3, 0, AP_3HEAD, MAP_SHARED) :
		  MAP_FAILED;
	ok &= m != MAP_FAILED && m2 != MAP_FAILED && m3 != MAP_FAILED &&
	      vm_mem_pages() == p0;
	vm_result(ok, "aperture: %s (pages %ld, want %ld)",
		  "mmap of 16 MiB (1 head) and 64 MiB (3 heads); nothing allocated",
		  vm_mem_pages() - p0, 0);
	if (!ok)
		goto out;
	memset(m, 0x11, pg);
	memset(m + last, 0x22, pg);
	m3[AP_3HEAD - 1] = 0x33;
	ok = all_byte(m2 + pg, pg, 0x22) && all_byte(m2, pg, 0) &&
	     m3[0] == 0 && m3[AP_3HEAD - 1] == 0x33;
	p1 = vm_mem_pages() - p0;
	vm_result(ok && p1 == 5, "aperture: %s (pages %ld, want %ld)",
		  "a second mapping sees the pixels, vGPUs do not share; pages as touched",
		  p1, 5);
	{
		static const struct {
			const char *name;
			uint32_t id;
			uint64_t off;
			size_t len;
			int flags, want;
		} bad[] = {
			{ "MAP_PRIVATE", 0, 0, 4096, MAP_PRIVATE, EINVAL },
			{ "longer than the aperture", 0, 0, (16 << 20) + 4096,
			  MAP_SHARED, EINVAL },
			{ "last page + 1", 0, (16 << 20) - 4096, 8192, MAP_SHARED,
			  EINVAL },
			{ "offset = size", 0, 16 << 20, 4096, MAP_SHARED, EINVAL },
			{ "id 16", 16, 0, 4096, MAP_SHARED, EINVAL },
			{ "id 1 << 20", 1 << 20, 0, 4096, MAP_SHARED, EINVAL },
			{ "no vGPU with id 5", 5, 0, 4096, MAP_SHARED, ENOENT },
		};
		void *p;
		size_t k;

		for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			p = xd_aperture_map_raw(fd, bad[k].id ? bad[k].id : id,
						bad[k].off, bad[k].len,
						bad[k].flags);
			ret = p == MAP_FAILED ? -errno : 0;
			vm_result(ret == -bad[k].want,
				  "aperture: bad mmap %s -> %ld (want %ld)",
				  bad[k].name, ret, -bad[k].want);
			if (p != MAP_FAILED)
				munmap(p, bad[k].len);
		}
	}
	/* Keep a mapping over DESTROY; the id comes back for a new vGPU. */
	munmap(m2, 2 * pg);
	old = m;
	m = MAP_FAILED;
	ret = xd_destroy_raw(fd, id);
	ret |= xd_create_raw(fd, 0, 1, &id2, NULL);
	if (!ret)
		m = xd_aperture_map_raw(fd, id2, 0, AP_1HEAD, MAP_SHARED);
	ok = !ret && id2 == id && m != MAP_FAILED && all_byte(m, pg, 0) &&
	     all_byte(m + last, pg, 0);
	vm_result(ok, "aperture: %s (id %ld, was %ld)",
		  "a new vGPU with the same id: its memory reads zero", id2, id);
	if (!ok)
		goto out;
	memset(m, 0x44, pg);
	memset(m + pg, 0x55, pg);
	ok = all_byte(old, pg, 0x11) && all_byte(old + last, pg, 0x22);
	ok &= sigbus_in_child(old + pg);
	vm_result(ok, "aperture: %s (%ld %ld)",
		  "a mapping kept over DESTROY keeps its own pixels, SIGBUS elsewhere",
		  old[0], 0x11);
	p1 = vm_mem_pages() - p0;
	munmap(old, AP_1HEAD);
	/* Old 3 + new 3 (2 written, 1 read) + the 3-head vGPU's 2. */
	vm_result(p1 == 8 && vm_mem_pages() - p0 == 5,
		  "aperture: %s (%ld, want %ld)",
		  "the old vGPU's pages are freed at its last munmap",
		  vm_mem_pages() - p0, 5);
	/*
	 * A mapping holds the file: closing it destroys nothing (both vGPUs
	 * keep their pages) until the last munmap, which frees everything.
	 */
	munmap(m3, AP_3HEAD);
	m3 = MAP_FAILED;
	close(fd);
	fd = -1;
	p1 = vm_mem_pages() - p0;
	for (i = 0; i < (int)pg; i++)
		m[i] ^= 0x44;
	ok = p1 == 5 && all_byte(m, pg, 0);
	munmap(m, AP_1HEAD);
	m = MAP_FAILED;
	vm_result(ok && vm_mem_pages() == p0, "aperture: %s (%ld, want %ld)",
		  "file closed while mapped: all freed at the last munmap",
		  vm_mem_pages() - p0, 0);
out:
	if (m != MAP_FAILED)
		munmap(m, AP_1HEAD);
	if (m3 != MAP_FAILED)
		munmap(m3, AP_3HEAD);
	if (fd >= 0)
		close(fd);
}

/*
 * Write tracking through /dev/mpt_xengt's mappings (gvt_mpt's anon inode):
 * the first write to a page since its last harvest faults and is counted,
 * a harvest re-protects, reads never fault.
 */
static void test_tracking(void)
{
	volatile uint8_t *m;
	uint32_t id;
	int fd;

	fd = xd_open_dev();
	if (fd < 0 || xd_create_raw(fd, 0, 1, &id, NULL)) {
		vm_result(0, "tracking: %s (%ld %ld)", "create", errno, 0);
		if (fd >= 0)
			close(fd);
		return;
	}
	m = xd_aperture_map_raw(fd, id, 0, AP_1HEAD, MAP_SHARED);
	if (m == MAP_FAILED) {
		vm_result(0, "tracking: %s (%ld %ld)", "map", errno, 0);
		close(fd);
		return;
	}
	vm_tracking_basic(m);
	munmap((void *)m, AP_1HEAD);
	close(fd);
}

/* Exact refresh ("trackevents"): a 320x200 XRGB8888 plane at offset 0. */
#define TE_W		320
#define TE_H		200
#define TE_STRIDE	1280	/* 20 units of 64 bytes */

/* The deliveries since the last call, then every source unmasked. */
static long trk_take(void *priv, uint32_t *srcs)
{
	struct xd_dev *d = priv;
	struct xd_events ev;
	long n = 0;
	uint32_t s;

	*srcs = 0;
	xd_port_wait(&d->ev, 0);
	if (xd_read_and_clear(d, &ev))
		return -1;
	for (s = 0; s < d->nr_sources; s++)
		n += ev.count[s];
	*srcs = (uint32_t)ev.sources;
	xd_mask(d, 1, 0, d->nr_sources, NULL);
	return n;
}

static int trk_wait(void *priv, int ms)
{
	return xd_port_wait(&((struct xd_dev *)priv)->ev, ms) > 0;
}

/*
 * Exact refresh with write tracking through /dev/mpt_xengt (module
 * parameter write_tracking, on by default; the 60 Hz timer running): the
 * results of vm_trackevents(), fallback included.
 */
static void test_trackevents(void)
{
	struct vm_trk t = {
		.name = "xengt",
		.fb_bytes = (size_t)TE_STRIDE * TE_H,
		.elsewhere = 0x200000,
		.wait = trk_wait,
		.take = trk_take,
	};
	uint8_t *m = MAP_FAILED;
	struct xd_dev d;
	size_t i;

	if (vm_set_write_tracking(1)) {
		vm_result(0, "trackevents: %s (%ld %ld)", "set write_tracking",
			  errno, 0);
		return;
	}
	if (xd_create(&d, -1, 0, 1) || xd_attach(&d) ||
	    (m = xd_aperture_map(&d, 0, AP_1HEAD)) == MAP_FAILED) {
		vm_result(0, "trackevents: %s (%ld %ld)", "setup", errno, 0);
		xd_close(&d);
		return;
	}
	for (i = 0; i < t.fb_bytes; i++)
		m[i] = (uint8_t)(i * 7);
	xd_reg_write(&d, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
	xd_reg_write(&d, GVT_MPT_PLANE_SIZE(0), 4,
		     (TE_H - 1) << 16 | (TE_W - 1));
	xd_reg_write(&d, GVT_MPT_PLANE_STRIDE(0), 4,
		     TE_STRIDE / GVT_MPT_PLANE_STRIDE_UNIT);
	xd_reg_write(&d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_XRGB8888);
	xd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, 0);
	t.m = m;
	t.priv = &d;
	vm_trackevents(&t, 1);
	munmap(m, AP_1HEAD);
	xd_close(&d);
}

/* The damage test's vGPU. */
static struct xd_dev dmg_dev;

#define WRITE_TRACKING	"/sys/module/gvt_mpt/parameters/write_tracking"

static int dmg_take(uint32_t src, struct gvt_mpt_damage *dm)
{
	return xd_take_damage(&dmg_dev, src / 2, src % 2, dm);
}

static int dmg_reg_write(uint64_t off, uint32_t val)
{
	return xd_reg_write(&dmg_dev, off, 4, val);
}

/*
 * The port is shared by both sources: another source's event (a change
 * delivered late) must not end the wait for the primary's.
 */
static int dmg_events(int ms)
{
	int64_t end = now_ns() + (int64_t)ms * 1000000;
	struct xd_events ev;
	int fired = 0, left;

	do {
		left = (int)((end - now_ns()) / 1000000);
		xd_port_wait(&dmg_dev.ev, left > 0 ? left : 0);
		fired |= !xd_read_and_clear(&dmg_dev, &ev) &&
			 (ev.sources & 1);
		xd_mask(&dmg_dev, 1, 0, dmg_dev.nr_sources, NULL);
	} while (!fired && ms && now_ns() < end);
	return fired;
}

/*
 * Create a 1-head vGPU with module parameter write_tracking set to
 * @tracking (restored after); 0 or -1 (a FAIL printed).
 */
static int dmg_setup(int tracking)
{
	long old = vm_param("write_tracking");
	int ret;

	if (old < 0 || vm_write_file(WRITE_TRACKING, tracking ? "1" : "0")) {
		vm_result(0, "damage: %s (%ld %ld)", "set write_tracking", old,
			  tracking);
		return -1;
	}
	ret = xd_create(&dmg_dev, -1, 0, 1);
	vm_write_file(WRITE_TRACKING, old ? "1" : "0");
	if (ret)
		vm_result(0, "damage: %s (%ld %ld)", "create", ret, 0);
	return ret ? -1 : 0;
}

/* TAKE_DAMAGE with every input field given, in the raw buffer; -errno. */
static int dmg_raw(uint32_t argsz, uint32_t flags, uint32_t id, uint32_t pipe,
		   uint32_t plane, uint32_t pad)
{
	struct gvt_xengt_damage *a = raw_init(sizeof(*a));

	a->argsz = argsz;
	a->flags = flags;
	a->id = id;
	a->pipe = pipe;
	a->plane = plane;
	a->pad = pad;
	return xd_ioctl(dmg_dev.fd, GVT_XENGT_TAKE_DAMAGE, a);
}

/*
 * Damage (uapi DAMAGE, GVT_XENGT_TAKE_DAMAGE), the 60 Hz timer running:
 * the refresh mode (GVT_XENGT_REFRESH_MODE); the damage (vm_damage_common()); bad arguments; a
 * result that cannot be written.
 */
static void test_damage(void)
{
	const struct vm_damage_ops ops = {
		.test = "damage", .take = dmg_take,
		.reg_write = dmg_reg_write, .events = dmg_events,
	};
	const uint32_t sz = sizeof(struct gvt_xengt_damage);
	struct gvt_xengt_refresh info;
	struct vm_damage_ops o = ops;
	struct gvt_xengt_damage *a = (void *)raw.b;
	struct gvt_mpt_damage dm = { 0 };
	long nfb = vm_param("single_fb_vblanks");
	uint8_t *m, *ro;
	int ret, ok;

	/* The heuristic: INFO says so. */
	if (dmg_setup(0))
		return;
	info = (struct gvt_xengt_refresh){ .argsz = sizeof(info), .id = dmg_dev.id };
	ret = xd_ioctl(dmg_dev.fd, GVT_XENGT_REFRESH_MODE, &info);
	vm_result(!ret && info.refresh_flags == 0 &&
		  (long)info.single_fb_vblanks == nfb,
		  "damage: %s (flags %ld, N %ld)",
		  "write_tracking=0 at CREATE: REFRESH_MODE flags 0, N = single_fb_vblanks",
		  ret ? ret : (long)info.refresh_flags, info.single_fb_vblanks);
	xd_close(&dmg_dev);

	if (dmg_setup(1))
		return;
	info = (struct gvt_xengt_refresh){ .argsz = sizeof(info), .id = dmg_dev.id };
	ret = xd_ioctl(dmg_dev.fd, GVT_XENGT_REFRESH_MODE, &info);
	vm_result(!ret &&
		  info.refresh_flags == GVT_MPT_REFRESH_WRITE_TRACKING &&
		  (long)info.single_fb_vblanks == nfb,
		  "damage: %s (flags %ld, N %ld)",
		  "write_tracking=1 at CREATE: REFRESH_MODE flags WRITE_TRACKING, N = single_fb_vblanks",
		  ret ? ret : (long)info.refresh_flags, info.single_fb_vblanks);

	/* Bad arguments: their errno, nothing taken (the first take FULL). */
	expect("TAKE_DAMAGE argsz sizeof - 1",
	       dmg_raw(sz - 1, 0, dmg_dev.id, 0, 0, 0), EINVAL);
	expect("TAKE_DAMAGE flags 1", dmg_raw(sz, 1, dmg_dev.id, 0, 0, 0),
	       EINVAL);
	expect("TAKE_DAMAGE pad 1", dmg_raw(sz, 0, dmg_dev.id, 0, 0, 1),
	       EINVAL);
	expect("TAKE_DAMAGE pipe 1 of a 1-head vGPU",
	       dmg_raw(sz, 0, dmg_dev.id, 1, 0, 0), EINVAL);
	expect("TAKE_DAMAGE pipe 3", dmg_raw(sz, 0, dmg_dev.id, 3, 0, 0),
	       EINVAL);
	expect("TAKE_DAMAGE pipe 0xffffffff",
	       dmg_raw(sz, 0, dmg_dev.id, 0xffffffff, 1, 0), EINVAL);
	expect("TAKE_DAMAGE plane 2", dmg_raw(sz, 0, dmg_dev.id, 0, 2, 0),
	       EINVAL);
	expect("TAKE_DAMAGE plane 0x80000001",
	       dmg_raw(sz, 0, dmg_dev.id, 0, 0x80000001, 0), EINVAL);
	expect("TAKE_DAMAGE unknown id",
	       dmg_raw(sz, 0, dmg_dev.id + 1, 0, 0, 0), ENOENT);
	expect("TAKE_DAMAGE id 0xffffffff",
	       dmg_raw(sz, 0, 0xffffffff, 0, 0, 0), ENOENT);

	ret = xd_attach(&dmg_dev);
	m = ret ? MAP_FAILED : xd_aperture_map(&dmg_dev, 0, AP_1HEAD);
	if (m == MAP_FAILED) {
		vm_result(0, "damage: %s (%ld %ld)", "attach, map", ret, errno);
		goto out;
	}
	o.ap = m;
	vm_damage_common(&o);

	/* A larger argsz: the input fields back, nothing written past. */
	ret = vm_damage_draw(&o, 50, 50);
	ok = !dmg_raw(sz + 16, 0, dmg_dev.id, 0, 0, 0) && ret &&
	     a->argsz == sz + 16 && a->id == dmg_dev.id && !a->pipe &&
	     !a->plane && vm_damage_band(&a->damage, 50, 50) &&
	     raw_untouched(sz, 16);
	vm_result(ok, "damage: %s (y %ld, height %ld)",
		  "argsz + 16: the band of line 50, nothing written past the struct",
		  (long)a->damage.rects[0].y, (long)a->damage.rects[0].height);

	/* A result that cannot be written (read-only page): FULL next. */
	ret = vm_damage_draw(&o, 200, 201);
	ro = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS,
		  // cppcheck-suppress invalidFunctionArg
		  -1, 0);
	ok = ret && ro != MAP_FAILED;
	if (ro != MAP_FAILED) {
		struct gvt_xengt_damage *r = (void *)ro;

		r->argsz = sz;
		r->id = dmg_dev.id;
		ok &= !mprotect(ro, PAGE, PROT_READ);
		ret = xd_ioctl(dmg_dev.fd, GVT_XENGT_TAKE_DAMAGE, r);
		munmap(ro, PAGE);
	}
	ok &= ret == -EFAULT && !dmg_take(0, &dm) &&
	      vm_damage_is(&dm, GVT_MPT_DAMAGE_FULL);
	vm_result(ok, "damage: %s (%ld, then flags %ld)",
		  "a result that cannot be written: EFAULT, the next take FULL",
		  ret, dm.flags);
	ok = !dmg_take(0, &dm) && vm_damage_is(&dm, 0);
	vm_result(ok, "damage: %s (flags %ld, nr %ld)", "then nothing",
		  dm.flags, dm.nr_rects);
	munmap(m, AP_1HEAD);
out:
	xd_close(&dmg_dev);
}

/* 64 idle 1-head vGPUs (1 GiB of aperture) commit no memory. */
static void test_memory(void)
{
	int fds[4], f, n = 0;
	long p0 = vm_mem_pages(), a0 = vm_mem_available_kb(), p1, a1;
	uint32_t id;
	uint8_t *m;

	for (f = 0; f < 4; f++) {
		fds[f] = xd_open_dev();
		while (fds[f] >= 0 && n < (f + 1) * 16 &&
		       !xd_create_raw(fds[f], 0, 1, &id, NULL))
			n++;
	}
	p1 = vm_mem_pages();
	a1 = vm_mem_available_kb();
	vm_idle_memory_result(n, p1 - p0, a0, a1);
	m = fds[0] >= 0 ? xd_aperture_map_raw(fds[0], 0, 0, AP_1HEAD, MAP_SHARED) :
			  MAP_FAILED;
	vm_touch_memory_result(m, AP_1HEAD, p0);
	for (f = 0; f < 4; f++)
		if (fds[f] >= 0)
			close(fds[f]);
	vm_result(vm_mem_pages() == p0, "memory: %s (%ld, want %ld)",
		  "all freed with the vGPUs", vm_mem_pages(), p0);
}

/*
 * The timer passes over 1 s, and pipe A's PIPE_FRMCOUNT advance of vGPU
 * @id on @fd (-1: none) over the same time.
 */
static void idle_second(int fd, uint32_t id, const char *what)
{
	uint32_t f0 = 0, f1 = 0;
	long p0, p1;
	double t0, t1;

	if (fd >= 0)
		xd_reg_read_raw(fd, id, GVT_MPT_PIPE_FRMCOUNT(0), 4, &f0);
	p0 = vm_timer_passes();
	t0 = vm_now_s();
	sleep(1);
	p1 = vm_timer_passes();
	t1 = vm_now_s();
	if (fd >= 0)
		xd_reg_read_raw(fd, id, GVT_MPT_PIPE_FRMCOUNT(0), 4, &f1);
	vm_idle_timer_result(what, p0 < 0 || p1 < 0 ? -1 : p1 - p0, t1 - t0,
			     fd >= 0 ? (long)(uint32_t)(f1 - f0) : -1, 60);
}

/*
 * No host work when nothing changes (timer on at 60 Hz): no pass with no
 * vGPU, none with 64 1-head vGPUs just created, none once each has its
 * pipe on, showing nothing that can change (primary plane and cursor off:
 * a blank screen) and every source masked (a device model that refreshes
 * on its own), after the one vblank that makes the pipe-on change
 * pending; PIPE_FRMCOUNT still counts at 60 Hz, from the clock.
 */
static void test_idle(void)
{
	uint32_t id[64], frm;
	int fds[4], f, i, n = 0, on = 0;

	idle_second(-1, 0, "no vGPU");
	for (f = 0; f < 4; f++) {
		fds[f] = xd_open_dev();
		while (fds[f] >= 0 && n < (f + 1) * 16 &&
		       !xd_create_raw(fds[f], 0, 1, &id[n], NULL))
			n++;
	}
	vm_result(n == 64, "timer-idle: %s (%ld, want %ld)",
		  "64 1-head vGPUs created", n, 64);
	idle_second(-1, 0, "64 vGPUs, just created");
	for (i = 0; i < n; i++) {
		f = i / 16;
		if (xd_mask_raw(fds[f], id[i], 0, 0, 2, NULL) ||
		    xd_reg_write_raw(fds[f], id[i], GVT_MPT_PIPECONF(0), 4,
				     GVT_MPT_PIPECONF_ENABLE))
			break;
		on++;
	}
	usleep(100000);		/* the vblank that makes the change pending */
	vm_result(on == 64 && !xd_reg_read_raw(fds[0], id[0],
					       GVT_MPT_PIPE_FRMCOUNT(0), 4,
					       &frm) && frm > 0,
		  "timer-idle: %s (%ld, want %ld)",
		  "64 vGPUs with pipe A on, sources masked", on, 64);
	idle_second(on ? fds[0] : -1, on ? id[0] : 0,
		    "64 vGPUs, pipe A on, nothing shown, masked");
	for (f = 0; f < 4; f++)
		if (fds[f] >= 0)
			close(fds[f]);
	usleep(100000);
	idle_second(-1, 0, "the 64 vGPUs destroyed");
}

/*
 * QUERY_PLANE against what a guest draws and programs: patterns drawn
 * through the mapping of the aperture, the planes programmed through
 * REG_WRITE, the pixels read back at the offset the module reports.
 */
#define PL_W		300	/* not a multiple of 16 pixels */
#define PL_H		200
#define PL_STRIDE_U	20	/* 1280 bytes: 80 bytes of gap per line */
#define PL_STRIDE	(PL_STRIDE_U * GVT_MPT_PLANE_STRIDE_UNIT)
#define PL_SURF1	0x100000U
#define PL_SURF2	0x600000U
#define PL_CURSOR	0xa00000U
#define PL_GAP		0x5a5a5a5aU	/* between the lines, around buffers */

/* Pixel (@x, @y) of pattern @seed: no two patterns or pixels alike. */
static uint32_t pat(uint32_t seed, uint32_t x, uint32_t y)
{
	uint32_t v = seed * 0x9e3779b1U ^ x * 0x85ebca6bU ^ y * 0xc2b2ae35U;

	v ^= v >> 15;
	v *= 0x2c1b3c6dU;
	v ^= v >> 12;
	return v == PL_GAP ? v + 1 : v;
}

/* Draw pattern @seed, @w x @h pixels @stride bytes apart, at @off of @m. */
static void draw(uint8_t *m, uint64_t off, uint32_t seed, uint32_t w,
		 uint32_t h, uint32_t stride)
{
	uint32_t x, y;

	for (y = 0; y < h; y++) {
		uint32_t *line = (uint32_t *)(m + off + (uint64_t)y * stride);

		for (x = 0; x < stride / 4; x++)
			line[x] = x < w ? pat(seed, x, y) : PL_GAP;
	}
}

/*
 * Pixels of the surface @q reports, read at its offset in @m (an aperture
 * of @size bytes), that differ from pattern @seed; -1 if @q places the
 * surface outside the mapping.
 */
static long bad_pixels(const uint8_t *m, uint64_t size,
		       const struct gvt_xengt_plane *q, uint32_t seed)
{
	uint64_t span;
	uint32_t x, y;
	long bad = 0;

	if (!q->height || !q->width || q->stride < q->width * 4ULL)
		return -1;
	span = (uint64_t)q->stride * (q->height - 1) + q->width * 4ULL;
	if (span > size || q->offset > size - span)
		return -1;
	for (y = 0; y < q->height; y++) {
		const uint32_t *line = (const uint32_t *)(m + q->offset +
							  (uint64_t)y * q->stride);

		for (x = 0; x < q->width; x++)
			bad += line[x] != pat(seed, x, y);
	}
	return bad;
}

/* 0 if every field of @q is as wanted (input fields included), else its number. */
static int plane_fields(const struct gvt_xengt_plane *q, uint32_t id,
			uint32_t pipe, uint32_t plane, uint32_t visible,
			uint32_t format, uint32_t w, uint32_t h, uint32_t stride,
			int32_t x, int32_t y, uint64_t offset)
{
	if (q->argsz != sizeof(*q) || q->flags || q->id != id ||
	    q->pipe != pipe || q->plane != plane)
		return 1;
	if (q->visible != visible)
		return 2;
	if (q->drm_format != format)
		return 3;
	if (q->width != w || q->height != h)
		return 4;
	if (q->stride != stride)
		return 5;
	if (q->x != x || q->y != y)
		return 6;
	if (q->offset != offset)
		return 7;
	return 0;
}

/* QUERY_PLANE through the raw buffer, argsz @argsz; -errno or 0. */
static int query_raw(int fd, uint32_t argsz, uint32_t flags, uint32_t id,
		     uint32_t pipe, uint32_t plane)
{
	struct gvt_xengt_plane *q = raw_init(sizeof(*q));

	/* Out fields preset to the canary: a failure must not write them. */
	memset(&q->visible, CANARY,
	       sizeof(*q) - offsetof(struct gvt_xengt_plane, visible));
	q->argsz = argsz;
	q->flags = flags;
	q->id = id;
	q->pipe = pipe;
	q->plane = plane;
	return xd_ioctl(fd, GVT_XENGT_QUERY_PLANE, q);
}

static void test_plane(void)
{
	const uint32_t pl_size = (PL_H - 1) << 16 | (PL_W - 1);
	const uint32_t xrgb = GVT_XENGT_DRM_FORMAT_XRGB8888;
	const uint32_t argb = GVT_XENGT_DRM_FORMAT_ARGB8888;
	/* The last 4 KiB-aligned start at which the surface still fits. */
	const uint64_t span = (uint64_t)PL_STRIDE * (PL_H - 1) + PL_W * 4ULL;
	const uint64_t end_fit = (AP_1HEAD - span) & ~(uint64_t)4095;
	struct gvt_xengt_plane q, *rq = (void *)raw.b;
	struct xd_dev d, d3;
	uint8_t *m = MAP_FAILED;
	uint32_t live = 0;
	long bad;
	int ret, why;

	if (xd_create(&d, -1, 0, 1)) {
		vm_result(0, "plane: %s (%ld %ld)", "setup", 0, 0);
		return;
	}
	m = xd_aperture_map(&d, 0, AP_1HEAD);
	if (m == MAP_FAILED) {
		vm_result(0, "plane: %s (%ld %ld)", "mmap of the aperture",
			  -errno, 0);
		xd_close(&d);
		return;
	}
	/* Registers at power-on: nothing shown, every field zero. */
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_PRIMARY, &q);
	why = ret ? -1 : plane_fields(&q, d.id, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0);
	vm_result(!why, "plane: %s (ret %ld, field %ld)",
		  "power-on primary plane: not visible, PLANE_SIZE 0 is 1x1",
		  ret, why);

	/* Two buffers with their own patterns, the gaps filled. */
	memset(m + PL_SURF1 - 4096, 0x5a, 0x50000);
	memset(m + PL_SURF2 - 4096, 0x5a, 0x50000);
	draw(m, PL_SURF1, 1, PL_W, PL_H, PL_STRIDE);
	draw(m, PL_SURF2, 2, PL_W, PL_H, PL_STRIDE);
	/* Pipe A's primary plane: linear XRGB8888, a flip to buffer 1. */
	xd_reg_write(&d, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
	xd_reg_write(&d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_XRGB8888);
	xd_reg_write(&d, GVT_MPT_PLANE_STRIDE(0), 4, PL_STRIDE_U);
	xd_reg_write(&d, GVT_MPT_PLANE_SIZE(0), 4, pl_size);
	xd_reg_write(&d, GVT_MPT_PLANE_POS(0), 4, 5 << 16 | 7);
	xd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, PL_SURF1);
	/* Armed, not live: the plane still shows the surface at 0. */
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_PRIMARY, &q);
	why = ret ? -1 : plane_fields(&q, d.id, 0, 0, 1, xrgb, PL_W, PL_H,
				      PL_STRIDE, 7, 5, 0);
	vm_result(!why, "plane: %s (ret %ld, field %ld)",
		  "flip armed, before the vblank: offset still the live surface 0",
		  ret, why);
	advance(1);
	xd_reg_read(&d, GVT_MPT_PLANE_SURFLIVE(0), 4, &live);
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_PRIMARY, &q);
	why = ret ? -1 : plane_fields(&q, d.id, 0, 0, 1, xrgb, PL_W, PL_H,
				      PL_STRIDE, 7, 5, PL_SURF1);
	vm_result(!why && live == PL_SURF1, "plane: %s (ret %ld, field %ld)",
		  "after the vblank: buffer 1 live, every field as programmed",
		  ret, why);
	bad = ret ? -1 : bad_pixels(m, AP_1HEAD, &q, 1);
	vm_result(bad == 0, "plane: %s (%ld bad, want %ld)",
		  "every pixel at the reported offset is pattern 1", bad, 0);

	/* Flip to buffer 2: live at the next vblank only. */
	xd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, PL_SURF2);
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_PRIMARY, &q);
	bad = ret ? -1 : (long)q.offset;
	advance(1);
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_PRIMARY, &q);
	why = ret ? -1 : plane_fields(&q, d.id, 0, 0, 1, xrgb, PL_W, PL_H,
				      PL_STRIDE, 7, 5, PL_SURF2);
	vm_result(!why && bad == PL_SURF1, "plane: %s (field %ld, before %ld)",
		  "flip to buffer 2: buffer 1 until the vblank, then buffer 2",
		  why, bad);
	bad = ret ? -1 : bad_pixels(m, AP_1HEAD, &q, 2);
	vm_result(bad == 0, "plane: %s (%ld bad, want %ld)",
		  "every pixel at the reported offset is pattern 2", bad, 0);

	/* Cursor: 64x64 ARGB8888, partly off the left edge. */
	draw(m, PL_CURSOR, 3, 64, 64, 256);
	xd_reg_write(&d, GVT_MPT_CURBASE(0), 4, PL_CURSOR);
	xd_reg_write(&d, GVT_MPT_CURPOS(0), 4,
		     20 << 16 | GVT_MPT_CURPOS_SIGN | 10);
	xd_reg_write(&d, GVT_MPT_CURCNTR(0), 4, GVT_MPT_CURSOR_MODE_64_ARGB);
	advance(1);
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_CURSOR, &q);
	why = ret ? -1 : plane_fields(&q, d.id, 0, 1, 1, argb, 64, 64, 256,
				      -10, 20, PL_CURSOR);
	vm_result(!why, "plane: %s (ret %ld, field %ld)",
		  "cursor 64x64 ARGB8888 at (-10, 20)", ret, why);
	bad = ret ? -1 : bad_pixels(m, AP_1HEAD, &q, 3);
	vm_result(bad == 0, "plane: %s (%ld bad, want %ld)",
		  "every cursor pixel at the reported offset is pattern 3", bad,
		  0);
	draw(m, PL_CURSOR + 0x100000, 4, 256, 256, 1024);
	xd_reg_write(&d, GVT_MPT_CURBASE(0), 4, PL_CURSOR + 0x100000);
	xd_reg_write(&d, GVT_MPT_CURPOS(0), 4,
		     (GVT_MPT_CURPOS_SIGN | 3) << 16 | 600);
	xd_reg_write(&d, GVT_MPT_CURCNTR(0), 4, GVT_MPT_CURSOR_MODE_256_ARGB);
	advance(1);
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_CURSOR, &q);
	why = ret ? -1 : plane_fields(&q, d.id, 0, 1, 1, argb, 256, 256,
				      1024, 600, -3, PL_CURSOR + 0x100000);
	bad = ret ? -1 : bad_pixels(m, AP_1HEAD, &q, 4);
	vm_result(!why && !bad, "plane: %s (field %ld, %ld bad pixels)",
		  "cursor 256x256 at (600, -3): fields and pixels", why, bad);
	/* The primary plane is untouched by the cursor's registers. */
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_PRIMARY, &q);
	why = ret ? -1 : plane_fields(&q, d.id, 0, 0, 1, xrgb, PL_W, PL_H,
				      PL_STRIDE, 7, 5, PL_SURF2);
	vm_result(!why, "plane: %s (ret %ld, field %ld)",
		  "primary plane unchanged by the cursor", ret, why);

	/* Bad requests: EINVAL or ENOENT, nothing written. */
	{
		static const struct {
			const char *name;
			uint32_t argsz_delta, flags, id, pipe, plane;
			int want;
		} badq[] = {
			{ "pipe 1 of a 1-head vGPU", 0, 0, 0, 1, 0, EINVAL },
			{ "pipe 3", 0, 0, 0, 3, 0, EINVAL },
			{ "pipe 0xffffffff", 0, 0, 0, 0xffffffff, 0, EINVAL },
			{ "plane 2", 0, 0, 0, 0, 2, EINVAL },
			{ "plane 0xffffffff", 0, 0, 0, 0, 0xffffffff, EINVAL },
			{ "argsz fixed part - 1", 1, 0, 0, 0, 0, EINVAL },
			{ "argsz 0", sizeof(struct gvt_xengt_plane), 0, 0, 0, 0,
			  EINVAL },
			{ "flags 1", 0, 1, 0, 0, 0, EINVAL },
			{ "flags 0x80000000", 0, 0x80000000, 0, 0, 0, EINVAL },
			{ "id 1 (no such vGPU)", 0, 0, 1, 0, 0, ENOENT },
			{ "id 16", 0, 0, 16, 0, 0, ENOENT },
		};
		char name[96];
		size_t k;

		for (k = 0; k < sizeof(badq) / sizeof(badq[0]); k++) {
			ret = query_raw(d.fd, sizeof(q) - badq[k].argsz_delta,
					badq[k].flags,
					badq[k].id ? badq[k].id : d.id,
					badq[k].pipe, badq[k].plane);
			snprintf(name, sizeof(name), "QUERY_PLANE %s",
				 badq[k].name);
			vm_result(ret == -badq[k].want &&
				  raw_untouched(offsetof(struct gvt_xengt_plane,
							 visible), 64),
				  "plane: %s -> %ld (want %ld), nothing written",
				  name, ret, -badq[k].want);
		}
	}
	/* A larger argument: the extra bytes are neither read nor written. */
	ret = query_raw(d.fd, sizeof(q) + 32, 0, d.id, 0, GVT_MPT_PLANE_PRIMARY);
	/* argsz is an input: it comes back as given. */
	memcpy(&q, rq, sizeof(q));
	why = ret ? -1 : q.argsz != sizeof(q) + 32 ? 8 : 0;
	q.argsz = sizeof(q);
	why = why ? why : plane_fields(&q, d.id, 0, 0, 1, xrgb, PL_W, PL_H,
				       PL_STRIDE, 7, 5, PL_SURF2);
	vm_result(!why && raw_untouched(sizeof(q), 64),
		  "plane: %s -> %ld (field %ld)",
		  "QUERY_PLANE argsz 88: answered, nothing written past 56",
		  ret, why);

	/* A surface reaching past the aperture's end is not shown. */
	xd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, AP_1HEAD - 4096);
	advance(1);
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_PRIMARY, &q);
	why = ret ? -1 : plane_fields(&q, d.id, 0, 0, 0, xrgb, PL_W, PL_H,
				      PL_STRIDE, 7, 5, AP_1HEAD - 4096);
	vm_result(!why, "plane: %s (ret %ld, field %ld)",
		  "surface in the last page, 200 lines: visible 0, registers as written",
		  ret, why);
	xd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, (uint32_t)end_fit);
	advance(1);
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_PRIMARY, &q);
	why = ret ? -1 : plane_fields(&q, d.id, 0, 0, 1, xrgb, PL_W, PL_H,
				      PL_STRIDE, 7, 5, end_fit);
	vm_result(!why, "plane: %s (ret %ld, offset 0x%lx)",
		  "the last aligned start where it still fits: visible 1", ret,
		  (long)end_fit);
	xd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, (uint32_t)end_fit + 4096);
	advance(1);
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_PRIMARY, &q);
	vm_result(!ret && !q.visible && q.offset == end_fit + 4096,
		  "plane: %s (ret %ld, visible %ld)",
		  "one page later, its last line past the end: visible 0", ret,
		  q.visible);
	xd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, 0xfffff000);
	advance(1);
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_PRIMARY, &q);
	vm_result(!ret && !q.visible && q.offset == 0xfffff000,
		  "plane: %s (ret %ld, visible %ld)",
		  "PLANE_SURF 0xfffff000 (4 GiB - 4 KiB): visible 0", ret,
		  q.visible);
	xd_reg_write(&d, GVT_MPT_CURBASE(0), 4, AP_1HEAD - 4096);
	advance(1);
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_CURSOR, &q);
	vm_result(!ret && !q.visible && q.width == 256 &&
		  q.offset == AP_1HEAD - 4096,
		  "plane: %s (ret %ld, visible %ld)",
		  "cursor 256x256 in the last page: visible 0", ret, q.visible);
	/* Plane off, then pipe off: nothing shown, registers still said. */
	xd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, PL_SURF2);
	xd_reg_write(&d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_FORMAT_8888);
	advance(1);
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_PRIMARY, &q);
	why = ret ? -1 : plane_fields(&q, d.id, 0, 0, 0, xrgb, PL_W, PL_H,
				      PL_STRIDE, 7, 5, PL_SURF2);
	vm_result(!why, "plane: %s (ret %ld, field %ld)",
		  "PLANE_CTL without enable: visible 0", ret, why);
	xd_reg_write(&d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_XRGB8888);
	xd_reg_write(&d, GVT_MPT_CURBASE(0), 4, PL_CURSOR);
	xd_reg_write(&d, GVT_MPT_PIPECONF(0), 4, 0);
	advance(1);
	ret = xd_query_plane(&d, 0, GVT_MPT_PLANE_PRIMARY, &q);
	why = ret ? -1 : (int)q.visible;
	ret = ret ? ret : xd_query_plane(&d, 0, GVT_MPT_PLANE_CURSOR, &q);
	why = ret ? -1 : why | (int)q.visible << 1;
	vm_result(!why && q.offset == PL_CURSOR, "plane: %s (ret %ld, visible %ld)",
		  "pipe off: neither plane visible", ret, why);

	/* A 3-head vGPU on the same file: pipe 2 exists, pipe 3 does not. */
	if (!xd_create(&d3, d.fd, 0, 3)) {
		xd_reg_write(&d3, GVT_MPT_PIPECONF(2), 4,
			     GVT_MPT_PIPECONF_ENABLE);
		xd_reg_write(&d3, GVT_MPT_CURCNTR(2), 4,
			     GVT_MPT_CURSOR_MODE_128_ARGB);
		xd_reg_write(&d3, GVT_MPT_CURBASE(2), 4, 0x3000000);
		ret = xd_query_plane(&d3, 2, GVT_MPT_PLANE_CURSOR, &q);
		why = ret ? -1 : plane_fields(&q, d3.id, 2, 1, 1, argb, 128,
					      128, 512, 0, 0, 0x3000000);
		vm_result(!why, "plane: %s (ret %ld, field %ld)",
			  "3 heads: pipe 2's cursor at 48 MiB of 64 MiB", ret,
			  why);
		ret = xd_query_plane(&d3, 3, GVT_MPT_PLANE_PRIMARY, &q);
		vm_result(ret == -EINVAL, "plane: %s -> %ld (want %ld)",
			  "QUERY_PLANE pipe 3 of a 3-head vGPU", ret, -EINVAL);
		xd_close(&d3);
	} else {
		vm_result(0, "plane: %s (%ld %ld)", "create 3-head", 0, 0);
	}
	munmap(m, AP_1HEAD);
	xd_close(&d);
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
		struct xd_events ev;

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
		struct xd_events ev;

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
		if (!strcmp(argv[i], "ports"))
			test_ports();
		else if (!strcmp(argv[i], "hijack"))
			test_hijack();
		else if (!strcmp(argv[i], "badinput"))
			test_badinput();
		else if (!strcmp(argv[i], "teardown"))
			test_teardown(i + 1 < argc ? vm_arg_int(argv[++i]) : 200);
		else if (!strcmp(argv[i], "aperture"))
			test_aperture();
		else if (!strcmp(argv[i], "memory"))
			test_memory();
		else if (!strcmp(argv[i], "idle"))
			test_idle();
		else if (!strcmp(argv[i], "plane"))
			test_plane();
		else if (!strcmp(argv[i], "tracking"))
			test_tracking();
		else if (!strcmp(argv[i], "trackevents"))
			test_trackevents();
		else if (!strcmp(argv[i], "damage"))
			test_damage();
		else if (!strcmp(argv[i], "snapshot") && i + 1 < argc)
			vm_snapshot_check(argv[++i]);
		else if (!strcmp(argv[i], "latency"))
			test_latency(i + 1 < argc ? vm_arg_int(argv[++i]) : 1000);
	}
	printf("xengt_test: %d passed, %d failed\n", vm_passed, vm_failed);
	return vm_failed != 0;
}
