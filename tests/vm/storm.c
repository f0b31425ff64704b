// SPDX-License-Identifier: GPL-2.0
/*
 * storm BACKEND [--seconds S] [--workers P] [--seed N] [--no-rmmod]
 *
 * The bounded randomized storm: P worker processes (default 4) pick
 * random operations for S seconds (default 60) against the backend's
 * user interface (storm_kvmgt.c: VFIO mdevs; storm_xengt.c:
 * /dev/mpt_xengt), good and bad, plus what both share: module parameter
 * writes, debugfs, touching, unmapping, advising and protecting mappings
 * of display memory, fork-and-exit children holding the worker's fds and
 * mappings.  Each worker's PRNG is seeded from the seed (printed; --seed
 * repeats a run's choices, not its timing) and its number.
 *
 * Every result is recorded under a kind that says which errnos are
 * allowed; EFAULT, ENOTTY and EIO only where a kind lists them.  SIGBUS
 * on a mapping is caught (sigsetjmp) and counted; it is allowed only on
 * a mapping whose object is gone.  At the end: the table of operation
 * counts per kind and per errno, then the state is cleaned up (the
 * backend's leftovers removed, no vGPU and no display memory page left,
 * the modules unloaded unless --no-rmmod), the kernel log since the start
 * is searched for reports (KASAN, lockdep, UBSAN, ODEBUG, KFENCE, WARN,
 * BUG, hung tasks) and kmemleak scanned.  Exit 1 on a violation (an errno
 * a rule forbids), a worker or child killed by a signal, a worker that
 * does not finish, a report, a leak, or state that cannot be cleaned.
 *
 * The closing lines start with "storm-BACKEND:" (the runners print them).
 */
/* mremap, vmsplice, pipe2, process_vm_readv: glibc declares them for GNU. */
#define _GNU_SOURCE // NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "storm.h"
#include "../../uapi/gvt_mpt_regs.h"

#define MAX_WORKERS	16
/* Results: 0 success, 1..MAX_ERRNO an errno, then "other" and SIGBUS. */
#define MAX_ERRNO	133
#define RES_OTHER	(MAX_ERRNO + 1)
#define RES_SIGBUS	(MAX_ERRNO + 2)
#define NRES		(MAX_ERRNO + 3)
#define MAX_OK		12
#define MAX_ACTIONS	96
#define MAX_MAPS	12
#define MAX_CHILDREN	16
#define MAX_SAID	60	/* violation lines printed */
#define MAX_GONE	256	/* tags a worker announced (storm_map_may_go) */

struct kind {
	const char *name;
	unsigned int flags;
	int ok[MAX_OK];
	int nok;
};

/* Shared by every process of the run (MAP_SHARED); atomic updates. */
struct shared {
	uint64_t count[STORM_MAX_KINDS][NRES];
	uint64_t bad[STORM_MAX_KINDS];
	uint64_t picks[MAX_ACTIONS];
	uint64_t violations;
	uint64_t crashes;
	uint64_t said;
	/* Per worker, the last MAX_GONE tags that may be gone. */
	uint64_t gone[MAX_WORKERS][MAX_GONE];
	uint64_t ngone[MAX_WORKERS];
};

struct map {
	uint8_t *addr;
	size_t len;
	unsigned int flags;
	uint64_t tag;
};

struct child {
	int pid;
	int kind;
};

static struct kind kinds[STORM_MAX_KINDS];
static int nkinds;
static struct shared *sh;
static const char *self_name;
static int opt_seconds = 60, opt_workers = 4, opt_rmmod = 1;
static uint64_t opt_seed;
static int worker_no = -1;
static uint64_t rng;
static double t_start, t_end;
static struct storm_action actions[MAX_ACTIONS];
static unsigned int nactions, total_weight;
static struct map maps[MAX_MAPS];
static struct child children[MAX_CHILDREN];
/* In a fork-hold child: no children of its own. */
static int in_child;

/* Kinds of the shared operations. */
static int k_mremap, k_mremap_grow, k_msync, k_mlock, k_mlock_stale, k_procmem,
	   k_procmem_stale, k_procmem_ro, k_vmsplice, k_vmsplice_stale,
	   k_pipe_drain;
static int k_param, k_param_bad, k_param_ro, k_param_read, k_advance,
	   k_advance_bad, k_harvest, k_harvest_bad, k_debugfs_read,
	   k_map_read, k_map_write, k_map_read_stale, k_map_write_stale,
	   k_munmap, k_madvise, k_madvise_any, k_mprotect, k_mprotect_locked,
	   k_fork_hold, k_fork;

static void add64(uint64_t *p, uint64_t v)
{
	__atomic_fetch_add(p, v, __ATOMIC_RELAXED);
}

void storm_say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(STDOUT_FILENO, buf, (size_t)n) < 0)
		return;
}

int storm_kind(const char *name, unsigned int flags, ...)
{
	struct kind *k;
	va_list ap;
	int e;

	if (nkinds == STORM_MAX_KINDS) {
		fprintf(stderr, "storm: too many kinds (%s)\n", name);
		exit(2);
	}
	k = &kinds[nkinds];
	k->name = name;
	k->flags = flags;
	va_start(ap, flags);
	while ((e = va_arg(ap, int)) != 0 && k->nok < MAX_OK)
		k->ok[k->nok++] = e;
	va_end(ap);
	return nkinds++;
}

static int res_index(long ret)
{
	if (ret >= 0)
		return 0;
	if (ret == STORM_SIGBUS)
		return RES_SIGBUS;
	if (-ret > MAX_ERRNO)
		return RES_OTHER;
	return (int)-ret;
}

static int allowed(const struct kind *k, long ret)
{
	int i, e;

	if (ret >= 0)
		return !(k->flags & STORM_MUST_FAIL);
	if (ret == STORM_SIGBUS)
		return !!(k->flags & STORM_SIGBUS_OK);
	e = (int)-ret;
	for (i = 0; i < k->nok; i++)
		if (k->ok[i] == e)
			return 1;
	if (e == EIO || e == EFAULT || e == ENOTTY)
		return 0;
	return !!(k->flags & STORM_ANY_ERRNO);
}

/* The name of errno @e for the table (its number if it is not listed). */
static const char *errname(int e)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
		{ EINTR, "EINTR" }, { EIO, "EIO" }, { ENXIO, "ENXIO" },
		{ E2BIG, "E2BIG" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
		{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
		{ EINVAL, "EINVAL" }, { ENFILE, "ENFILE" }, { EMFILE, "EMFILE" },
		{ ENOTTY, "ENOTTY" }, { EFBIG, "EFBIG" }, { ENOSPC, "ENOSPC" },
		{ ESPIPE, "ESPIPE" }, { EROFS, "EROFS" }, { EPIPE, "EPIPE" },
		{ ERANGE, "ERANGE" }, { EDEADLK, "EDEADLK" },
		{ ENOSYS, "ENOSYS" }, { EOVERFLOW, "EOVERFLOW" },
		{ EBADFD, "EBADFD" }, { EUSERS, "EUSERS" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { ENOTCONN, "ENOTCONN" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { ECANCELED, "ECANCELED" },
	};
	static char num[16];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(num, sizeof(num), "E%d", e);
	return num;
}

static void violation_line(int kind, const char *what)
{
	uint64_t n = __atomic_fetch_add(&sh->said, 1, __ATOMIC_RELAXED);

	if (n < MAX_SAID)
		storm_say("storm: VIOLATION worker %d%s, %.1f s: %s: %s",
			  worker_no, in_child ? " (child)" : "",
			  storm_now() - t_start, kinds[kind].name, what);
	else if (n == MAX_SAID)
		storm_say("storm: (further violations not printed)");
}

void storm_violation(int kind, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	add64(&sh->violations, 1);
	add64(&sh->bad[kind], 1);
	violation_line(kind, buf);
}

void storm_rec(int kind, long ret)
{
	char buf[96];

	add64(&sh->count[kind][res_index(ret)], 1);
	if (allowed(&kinds[kind], ret))
		return;
	add64(&sh->violations, 1);
	add64(&sh->bad[kind], 1);
	if (ret == STORM_SIGBUS)
		snprintf(buf, sizeof(buf), "SIGBUS");
	else if (ret >= 0)
		snprintf(buf, sizeof(buf), "succeeded (%ld)", ret);
	else
		snprintf(buf, sizeof(buf), "errno %s (%s)", errname((int)-ret),
			 strerror((int)-ret));
	violation_line(kind, buf);
}

long storm_err(void)
{
	return errno ? -(long)errno : -EINVAL;
}

/* xorshift64* */
uint64_t storm_rand(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

uint32_t storm_below(uint32_t n)
{
	return (uint32_t)((storm_rand() >> 32) % n);
}

int storm_chance(unsigned int pct)
{
	return storm_below(100) < pct;
}

int storm_worker(void)
{
	return worker_no;
}

int storm_workers(void)
{
	return opt_workers;
}

double storm_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void seed_rng(uint64_t s)
{
	/* splitmix64 of the seed: never the all-zero state */
	s += 0x9e3779b97f4a7c15ULL;
	s = (s ^ (s >> 30)) * 0xbf58476d1ce4e5b9ULL;
	s = (s ^ (s >> 27)) * 0x94d049bb133111ebULL;
	rng = (s ^ (s >> 31)) | 1;
}

long storm_write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(val);
	ssize_t n;
	long ret;

	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	ret = n < 0 ? -errno : (long)n;
	if (close(fd) && ret >= 0)
		ret = -errno;
	return ret;
}

/* Read (and drop) a small file: bytes read or -errno. */
static long read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	size_t got = 0;

	buf[0] = 0;
	if (fd < 0)
		return -errno;
	while (got + 1 < size) {
		n = read(fd, buf + got, size - 1 - got);
		if (n < 0) {
			int e = errno;

			close(fd);
			return -e;
		}
		if (!n)
			break;
		got += (size_t)n;
	}
	buf[got] = 0;
	close(fd);
	return (long)got;
}

/* ---- children ---- */

void storm_child_add(int pid, int kind)
{
	int i;

	for (i = 0; i < MAX_CHILDREN; i++) {
		if (!children[i].pid) {
			children[i].pid = pid;
			children[i].kind = kind;
			return;
		}
	}
	/* No room: wait for this one now. */
	children[0].pid = pid;
	children[0].kind = kind;
}

static int nchildren(void)
{
	int i, n = 0;

	for (i = 0; i < MAX_CHILDREN; i++)
		n += children[i].pid != 0;
	return n;
}

static void child_done(int pid, int status)
{
	int i;

	for (i = 0; i < MAX_CHILDREN; i++) {
		if (children[i].pid != pid)
			continue;
		children[i].pid = 0;
		if (WIFSIGNALED(status)) {
			add64(&sh->crashes, 1);
			storm_violation(children[i].kind,
					"child %d killed by signal %d (%s)", pid,
					WTERMSIG(status),
					strsignal(WTERMSIG(status)));
		} else {
			storm_rec(children[i].kind,
				  WEXITSTATUS(status) ?
				  -(long)WEXITSTATUS(status) : 0);
		}
		return;
	}
}

/* Reap what ended; with @block, wait for the next one. */
static int reap(int block)
{
	int status, pid, n = 0;

	while ((pid = waitpid(-1, &status, block ? 0 : WNOHANG)) > 0) {
		child_done(pid, status);
		n++;
		if (block)
			break;
	}
	return n;
}

int storm_wait_children(double secs)
{
	double until = storm_now() + secs;

	while (nchildren() && storm_now() < until)
		if (!reap(0))
			usleep(20000);
	return nchildren();
}

int storm_spawn_write(const char *path, const char *val, int kind)
{
	int pid;

	/* Not from a fork-hold child: nobody would reap it. */
	if (in_child || nchildren() >= MAX_CHILDREN - 2)
		return -EAGAIN;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* Nothing of the worker: no fd, no mapping (exec). */
		syscall(SYS_close_range, 3U, ~0U, 0U);
		execl("/proc/self/exe", self_name, "--write", path, val,
		      (char *)NULL);
		_exit(127);
	}
	storm_child_add(pid, kind);
	return pid;
}

/* ---- mappings ---- */

int storm_map_add(void *addr, size_t len, unsigned int flags, uint64_t tag)
{
	int i;

	for (i = 0; i < MAX_MAPS; i++) {
		if (!maps[i].addr) {
			maps[i] = (struct map){ addr, len, flags, tag };
			return 0;
		}
	}
	munmap(addr, len);
	return -ENOSPC;
}

void storm_map_stale(uint64_t tag)
{
	int i;

	storm_map_may_go(tag);
	for (i = 0; i < MAX_MAPS; i++)
		if (maps[i].addr && maps[i].tag == tag)
			maps[i].flags |= STORM_MAP_STALE;
}

void storm_map_may_go(uint64_t tag)
{
	uint64_t n = __atomic_fetch_add(&sh->ngone[worker_no], 1,
					__ATOMIC_SEQ_CST);

	__atomic_store_n(&sh->gone[worker_no][n % MAX_GONE], tag,
			 __ATOMIC_SEQ_CST);
}

/* Did the worker announce that @tag may be gone? */
static int may_be_gone(uint64_t tag)
{
	uint64_t i;

	for (i = 0; i < MAX_GONE; i++)
		if (__atomic_load_n(&sh->gone[worker_no][i], __ATOMIC_SEQ_CST) ==
		    tag)
			return 1;
	return 0;
}

/*
 * May a fault of @m fail (SIGBUS, or EFAULT/EIO/ENOMEM from inside the
 * kernel)?  Asked after the call: a fork-hold child learns it from the
 * worker's announcements, made before the object went.
 */
static int map_stale(const struct map *m)
{
	return (m->flags & STORM_MAP_STALE) || (in_child && may_be_gone(m->tag));
}

static void map_del(struct map *m)
{
	storm_rec(k_munmap, munmap(m->addr, m->len) ? storm_err() : 0);
	m->addr = NULL;
}

void storm_map_drop(uint64_t tag)
{
	int i;

	for (i = 0; i < MAX_MAPS; i++)
		if (maps[i].addr && maps[i].tag == tag)
			map_del(&maps[i]);
}

void storm_map_drop_all(void)
{
	int i;

	for (i = 0; i < MAX_MAPS; i++)
		if (maps[i].addr)
			map_del(&maps[i]);
}

static struct map *pick_map(void)
{
	int i, n = 0, pick;

	for (i = 0; i < MAX_MAPS; i++)
		n += maps[i].addr != NULL;
	if (!n)
		return NULL;
	pick = (int)storm_below((uint32_t)n);
	for (i = 0; i < MAX_MAPS; i++)
		if (maps[i].addr && !pick--)
			return &maps[i];
	return NULL;
}

void *storm_map_buf(size_t len)
{
	const struct map *m = pick_map();
	size_t pages;

	if (in_child || !m || (m->flags & (STORM_MAP_STALE | STORM_MAP_WRITE)) !=
	    STORM_MAP_WRITE || m->len < len)
		return NULL;
	pages = (m->len - len) / 4096 + 1;
	return m->addr + (size_t)storm_below((uint32_t)pages) * 4096;
}

static sigjmp_buf touch_jb;
static volatile sig_atomic_t touching;

static void on_sigbus(int sig)
{
	if (touching) {
		touching = 0;
		siglongjmp(touch_jb, 1); // NOLINT(cert-msc32-c,bugprone-signal-handler,cert-sig30-c): the documented way out of a SIGBUS on a mapping
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * One access of @len bytes at @off of @m (a write fills them): 0 or
 * STORM_SIGBUS.
 */
static long touch(const struct map *m, size_t off, size_t len, int write)
{
	volatile uint8_t *p = m->addr + off;
	volatile uint8_t v = (uint8_t)storm_rand();
	volatile size_t i;

	if (sigsetjmp(touch_jb, 1))
		return STORM_SIGBUS;
	touching = 1;
	for (i = 0; i < len; i += 64) {
		if (write)
			p[i] = v;
		else
			v ^= p[i];
	}
	touching = 0;
	return 0;
}

/* @n accesses of @m, reads only unless @may_write and it is writable. */
static void touch_some(const struct map *m, int n, int may_write)
{
	size_t pages = m->len / 4096, pg, len;
	int i, w, stale = !!(m->flags & STORM_MAP_STALE);
	long ret;

	for (i = 0; i < n; i++) {
		w = may_write && (m->flags & STORM_MAP_WRITE) &&
		    storm_chance(60);
		pg = storm_below((uint32_t)pages);
		/* A page, or a run of up to 16 (a redraw). */
		len = storm_chance(80) ? storm_below(4096) + 1 :
		      (storm_below(16) + 1) * 4096;
		if (pg * 4096 + len > m->len)
			len = m->len - pg * 4096;
		ret = touch(m, pg * 4096, len, w);
		/* A child does not see the worker's bookkeeping change. */
		if (ret == STORM_SIGBUS && !stale)
			stale = map_stale(m);
		storm_rec(w ? (stale ? k_map_write_stale : k_map_write) :
			  (stale ? k_map_read_stale : k_map_read), ret);
	}
}

static void act_map_touch(void)
{
	const struct map *m = pick_map();

	if (m)
		touch_some(m, (int)storm_below(8) + 1, 1);
}

static void act_map_unmap(void)
{
	struct map *m = pick_map();
	size_t pages, cut;

	if (!m)
		return;
	pages = m->len / 4096;
	if (pages < 2 || storm_chance(50)) {
		map_del(m);
		return;
	}
	/* The tail or the head: the VMA is split. */
	cut = ((size_t)storm_below((uint32_t)pages - 1) + 1) * 4096;
	if (storm_chance(50)) {
		storm_rec(k_munmap, munmap(m->addr + m->len - cut, cut) ?
			  storm_err() : 0);
	} else {
		storm_rec(k_munmap, munmap(m->addr, cut) ? storm_err() : 0);
		m->addr += cut;
	}
	m->len -= cut;
}

static void act_map_advise(void)
{
	static const int advice[] = { MADV_DONTNEED, MADV_WILLNEED, MADV_COLD,
				      MADV_PAGEOUT, MADV_NORMAL, MADV_RANDOM };
	const struct map *m = pick_map();
	size_t pages, pg, n;
	int a;

	if (!m)
		return;
	pages = m->len / 4096;
	pg = storm_below((uint32_t)pages);
	n = storm_below((uint32_t)(pages - pg)) + 1;
	a = advice[storm_below(sizeof(advice) / sizeof(advice[0]))];
	/* DONTNEED must work; the others may be refused, never fault. */
	storm_rec(a == MADV_DONTNEED ? k_madvise : k_madvise_any,
		  madvise(m->addr + pg * 4096, n * 4096, a) ? storm_err() : 0);
	if (storm_chance(50))
		touch_some(m, 2, 1);
}

static void act_map_protect(void)
{
	const struct map *m = pick_map();
	int ret;

	if (!m)
		return;
	if (m->flags & STORM_MAP_RDONLY_LOCKED) {
		/* A read-only view can never become writable. */
		ret = mprotect(m->addr, m->len, PROT_READ | PROT_WRITE);
		if (!ret) {
			storm_violation(k_mprotect_locked,
					"a read-only view became writable");
			mprotect(m->addr, m->len, PROT_READ);
		} else {
			storm_rec(k_mprotect_locked, storm_err());
		}
		return;
	}
	if (!(m->flags & STORM_MAP_WRITE))
		return;
	storm_rec(k_mprotect, mprotect(m->addr, m->len, PROT_READ) ?
		  storm_err() : 0);
	touch_some(m, 1, 0);
	storm_rec(k_mprotect, mprotect(m->addr, m->len,
				       PROT_READ | PROT_WRITE) ?
		  storm_err() : 0);
}

static void run_action(void);

/*
 * A child holding the worker's fds and mappings for a moment: it touches
 * mappings and runs a few actions on the same open files as the worker
 * (two processes at one device), then exits with them.
 */
static void act_fork_hold(void)
{
	int pid, i, n;

	if (in_child || nchildren() >= MAX_CHILDREN - 4)
		return;
	pid = fork();
	if (pid < 0) {
		storm_rec(k_fork, storm_err());
		return;
	}
	if (pid == 0) {
		in_child = 1;
		memset(children, 0, sizeof(children));
		seed_rng(rng ^ (uint64_t)getpid());
		for (i = 0; i < 3; i++) {
			const struct map *m = pick_map();

			if (m && storm_chance(60))
				touch_some(m, 2, 1);
		}
		n = storm_chance(50) ? (int)storm_below(8) : 0;
		for (i = 0; i < n; i++)
			run_action();
		usleep(storm_below(30000));
		_exit(0);
	}
	storm_rec(k_fork, 0);
	storm_child_add(pid, k_fork_hold);
}

int storm_in_child(void)
{
	return in_child;
}

/* ---- a guest driving its display ---- */

/* A page-aligned surface offset, inside the aperture mostly. */
static uint32_t surface(const struct storm_regs *r)
{
	if (storm_chance(90) && r->aperture >= 4096)
		return storm_below((uint32_t)(r->aperture / 4096)) * 4096U;
	return (uint32_t)storm_rand() & GVT_MPT_SURF_ADDR_MASK;
}

int storm_display_step(const struct storm_regs *r)
{
	static const uint32_t cur_modes[] = { 0, GVT_MPT_CURSOR_MODE_64_ARGB,
					      GVT_MPT_CURSOR_MODE_128_ARGB,
					      GVT_MPT_CURSOR_MODE_256_ARGB,
					      0x24 };
	uint32_t p = storm_below(r->pipes), w, h;

	switch (storm_below(8)) {
	case 0:		/* pipe on or off */
		r->write(r->ctx, GVT_MPT_PIPECONF(p),
			 storm_chance(75) ? GVT_MPT_PIPECONF_ENABLE : 0);
		break;
	case 1:		/* the primary plane set up and shown */
		w = storm_below(1920) + 1;
		h = storm_below(1080) + 1;
		r->write(r->ctx, GVT_MPT_PIPESRC(p), (w - 1) << 16 | (h - 1));
		r->write(r->ctx, GVT_MPT_PLANE_SIZE(p), (h - 1) << 16 | (w - 1));
		r->write(r->ctx, GVT_MPT_PLANE_STRIDE(p), (w * 4 + 63) / 64);
		r->write(r->ctx, GVT_MPT_PLANE_POS(p), 0);
		r->write(r->ctx, GVT_MPT_PLANE_CTL(p), storm_chance(70) ?
			 GVT_MPT_PLANE_CTL_XRGB8888 : storm_chance(50) ?
			 GVT_MPT_PLANE_CTL_ARGB8888 : (uint32_t)storm_rand());
		r->write(r->ctx, GVT_MPT_PLANE_SURF(p), surface(r));
		r->write(r->ctx, GVT_MPT_PIPECONF(p), GVT_MPT_PIPECONF_ENABLE);
		return STORM_STEP_PLANE;
	case 2:		/* flips, sync or async */
	case 3:
		if (storm_chance(20))
			r->write(r->ctx, GVT_MPT_PLANE_CTL(p),
				 GVT_MPT_PLANE_CTL_XRGB8888 |
				 (storm_chance(50) ?
				  GVT_MPT_PLANE_CTL_ASYNC_FLIP : 0));
		for (w = storm_below(4) + 1; w; w--)
			r->write(r->ctx, GVT_MPT_PLANE_SURF(p), surface(r));
		break;
	case 4:		/* the cursor */
		r->write(r->ctx, GVT_MPT_CURCNTR(p), cur_modes[storm_below(5)]);
		r->write(r->ctx, GVT_MPT_CURBASE(p), surface(r));
		/* fall through */
	case 5:
		for (w = storm_below(4) + 1; w; w--)
			r->write(r->ctx, GVT_MPT_CURPOS(p),
				 (uint32_t)storm_rand() & 0x87ff87ffU);
		break;
	case 6:		/* a mode: the pipe's own cadence */
		w = storm_chance(20) ? 0 : 100 + storm_below(4000);
		h = storm_chance(20) ? 0 : 100 + storm_below(2000);
		r->write(r->ctx, GVT_MPT_TRANS_HTOTAL(p),
			 w << 16 | (w ? w - 1 : 0));
		r->write(r->ctx, GVT_MPT_TRANS_VTOTAL(p),
			 h << 16 | (h ? h - 1 : 0));
		r->write(r->ctx, GVT_MPT_TRANS_CLOCK(p), storm_chance(20) ? 0 :
			 storm_below(600000) + 1);
		break;
	default:	/* counters and live registers */
		r->read(r->ctx, GVT_MPT_PIPE_FRMCOUNT(p));
		r->read(r->ctx, GVT_MPT_PIPE_FLIPCOUNT(p));
		r->read(r->ctx, GVT_MPT_PLANE_SURFLIVE(p));
		break;
	}
	return 0;
}

/*
 * The mm's other ways into a mapping: moved or shrunk by mremap (never
 * grown: EFAULT), msync, mlock (skipped by the mm for such mappings).
 */
static void act_map_mm(void)
{
	struct map *m = pick_map();
	size_t pages, cut;
	long ret;
	void *p;
	int kind;

	if (!m)
		return;
	pages = m->len / 4096;
	switch (storm_below(4)) {
	case 0:		/* moved, or shrunk in place */
		if (pages > 1 && storm_chance(50)) {
			cut = ((size_t)storm_below((uint32_t)pages - 1) + 1) * 4096;
			p = mremap(m->addr, m->len, m->len - cut, 0);
		} else {
			cut = 0;
			p = mremap(m->addr, m->len, m->len, MREMAP_MAYMOVE);
		}
		storm_rec(k_mremap, p == MAP_FAILED ? storm_err() : 0);
		if (p != MAP_FAILED) {
			m->addr = p;
			m->len -= cut;
		}
		break;
	case 1:		/* grown: never (VM_DONTEXPAND) */
		p = mremap(m->addr, m->len, m->len + 4096, MREMAP_MAYMOVE);
		if (p != MAP_FAILED) {
			storm_violation(k_mremap_grow, "a mapping grew");
			m->addr = p;
			m->len += 4096;
		} else {
			storm_rec(k_mremap_grow, storm_err());
		}
		break;
	case 2:
		storm_rec(k_msync, msync(m->addr, m->len, storm_chance(50) ?
					 MS_ASYNC : MS_SYNC | MS_INVALIDATE) ?
			  storm_err() : 0);
		break;
	default:
		/*
		 * The mm faults the range in (populate): a stale mapping's
		 * SIGBUS becomes ENOMEM there.
		 */
		ret = mlock(m->addr, m->len < 65536 ? m->len : 65536) ?
		      storm_err() : 0;
		kind = map_stale(m) ? k_mlock_stale : k_mlock;
		storm_rec(kind, ret);
		storm_rec(kind, munlock(m->addr, m->len) ? storm_err() : 0);
		break;
	}
}

/* /proc/self/mem of this process (a child opens its own). */
static int procmem_fd = -1, procmem_pid;
/* process_vm_readv/writev exist (CONFIG_CROSS_MEMORY_ATTACH). */
static int have_vm_rw = 1;

/*
 * Remote access (get_user_pages with FOLL_FORCE, as a debugger's) through
 * /proc/self/mem and process_vm_readv: the fault path from the kernel's
 * side.  A read-only mapping (a view, or PROT_READ) refuses the forced
 * write (EIO); a stale mapping may fail too (EIO, EFAULT), a live one
 * never.
 */
static void act_map_remote(void)
{
	const struct map *m = pick_map();
	uint8_t b[512];
	struct iovec local, remote;
	size_t off, len;
	ssize_t n;
	int kind, wr;

	if (!m)
		return;
	if (procmem_pid != getpid()) {
		if (procmem_fd >= 0)
			close(procmem_fd);
		procmem_fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
		procmem_pid = getpid();
		if (procmem_fd < 0)
			return;
	}
	len = storm_below(sizeof(b)) + 1;
	off = storm_below((uint32_t)(m->len - len + 1));
	wr = storm_chance(40);
	if (!have_vm_rw || storm_chance(70)) {
		memset(b, 0x5a, len);
		n = wr ? pwrite(procmem_fd, b, len, (off_t)(uintptr_t)(m->addr + off)) :
			 pread(procmem_fd, b, len, (off_t)(uintptr_t)(m->addr + off));
	} else {
		local = (struct iovec){ b, len };
		remote = (struct iovec){ m->addr + off, len };
		n = wr ? process_vm_writev(getpid(), &local, 1, &remote, 1, 0) :
			 process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
		if (n < 0 && errno == ENOSYS) {
			/* Not built in (the debug kernels): /proc only. */
			have_vm_rw = 0;
			return;
		}
	}
	kind = map_stale(m) ? k_procmem_stale : k_procmem;
	if (wr && !(m->flags & STORM_MAP_WRITE))
		kind = k_procmem_ro;
	if (n >= 0 && kind == k_procmem_ro)
		storm_violation(kind, "a forced write into a read-only mapping");
	else if (n >= 0 && (size_t)n != len && kind == k_procmem)
		storm_violation(kind, "%zd of %zu bytes", n, len);
	else
		storm_rec(kind, n < 0 ? storm_err() : 0);
}

/*
 * Pages lent to a pipe (vmsplice takes references) outlive the mapping,
 * the file and the store: drained later, maybe after all of them went.
 */
static int pipes[2][2] = { { -1, -1 }, { -1, -1 } };

static void act_map_splice(void)
{
	const struct map *m = pick_map();
	struct iovec iov;
	uint8_t b[4096];
	ssize_t n;
	int i = (int)storm_below(2);

	if (pipes[i][0] >= 0 && (storm_chance(50) || !m)) {
		while ((n = read(pipes[i][0], b, sizeof(b))) > 0)
			;
		storm_rec(k_pipe_drain, n < 0 && errno != EAGAIN ?
			  storm_err() : 0);
		close(pipes[i][0]);
		close(pipes[i][1]);
		pipes[i][0] = pipes[i][1] = -1;
		return;
	}
	if (!m || (m->flags & STORM_MAP_STALE))
		return;
	if (pipes[i][0] < 0 && pipe2(pipes[i], O_NONBLOCK | O_CLOEXEC))
		return;
	iov.iov_len = storm_chance(50) ? 4096 : storm_below(4096 * 4) + 1;
	if (iov.iov_len > m->len)
		iov.iov_len = m->len;
	iov.iov_base = m->addr + storm_below((uint32_t)(m->len -
							iov.iov_len + 1));
	n = vmsplice(pipes[i][1], &iov, 1, SPLICE_F_NONBLOCK);
	/* A full pipe: EAGAIN; a mapping a child did not know gone: EFAULT. */
	storm_rec(n < 0 && map_stale(m) ? k_vmsplice_stale : k_vmsplice,
		  n < 0 ? storm_err() : 0);
}

static void act_nap(void)
{
	usleep(storm_below(2000));
}

/* ---- module parameters and debugfs ---- */

#define PARAMS	"/sys/module/gvt_mpt/parameters/"
#define DEBUGFS	"/sys/kernel/debug/gvt_mpt/"

static void act_param(void)
{
	static const char *const period[] = { "0", "1000", "2000", "4000",
					      "16667", "16667", "33333",
					      "100000" };
	static const char *const bad_period[] = { "999", "1000001", "x", "-5",
						  "4294967296", "1e3" };
	static const char *const wt[] = { "0", "1", "Y", "N", "y", "n" };
	static const char *const bad_wt[] = { "2", "maybe", "-1" };
	static const char *const bad_sfb[] = { "-1", "abc", "4294967296",
					       "5x" };
	char val[32];
	long ret;

	switch (storm_below(6)) {
	case 0:
		storm_rec(k_param, storm_write_file(PARAMS "vblank_period_us",
						    period[storm_below(8)]));
		break;
	case 1:
		storm_rec(k_param, storm_write_file(PARAMS "write_tracking",
						    wt[storm_below(6)]));
		break;
	case 2:
		snprintf(val, sizeof(val), "%u",
			 storm_chance(90) ? storm_below(9) : 4294967295U);
		storm_rec(k_param, storm_write_file(PARAMS "single_fb_vblanks",
						    val));
		break;
	case 3: {
		static const char *const names[] = { "vblank_period_us",
						     "write_tracking",
						     "single_fb_vblanks" };
		uint32_t i = storm_below(3);
		const char *v = i == 0 ? bad_period[storm_below(6)] :
				i == 1 ? bad_wt[storm_below(3)] :
				bad_sfb[storm_below(4)];

		snprintf(val, sizeof(val), "%s", names[i]);
		{
			char path[128];

			snprintf(path, sizeof(path), PARAMS "%s", val);
			ret = storm_write_file(path, v);
		}
		if (ret >= 0)
			storm_violation(k_param_bad, "%s=%s accepted", val, v);
		else
			storm_rec(k_param_bad, ret);
		break;
	}
	case 4:
		if (!storm_backend.ro_param)
			break;
		ret = storm_write_file(storm_backend.ro_param, "1");
		if (ret >= 0)
			storm_violation(k_param_ro, "%s written",
					storm_backend.ro_param);
		else
			storm_rec(k_param_ro, ret);
		break;
	default: {
		static const char *const names[] = { "vblank_period_us",
						     "write_tracking",
						     "single_fb_vblanks" };
		char path[128], buf[64];

		snprintf(path, sizeof(path), PARAMS "%s",
			 names[storm_below(3)]);
		storm_rec(k_param_read, read_file(path, buf, sizeof(buf)));
		break;
	}
	}
}

static void act_debugfs(void)
{
	static const char *const files[] = { "vgpus", "mem", "timing",
					     "tracking", "harvest" };
	static const char *const bad_adv[] = { "0", "x", "10000001", "-1" };
	char val[64], buf[4096];
	long ret;

	switch (storm_below(5)) {
	case 0:
		snprintf(val, sizeof(val), "%u", storm_below(20) + 1);
		storm_rec(k_advance, storm_write_file(DEBUGFS "advance", val));
		break;
	case 1:
		ret = storm_write_file(DEBUGFS "advance",
				       bad_adv[storm_below(4)]);
		if (ret >= 0)
			storm_violation(k_advance_bad, "a bad advance accepted");
		else
			storm_rec(k_advance_bad, ret);
		break;
	case 2:
		snprintf(val, sizeof(val), "%u %u", storm_below(4096) * 4096,
			 (storm_below(64) + 1) * 4096);
		storm_rec(k_harvest, storm_write_file(DEBUGFS "harvest", val));
		break;
	case 3:
		snprintf(val, sizeof(val), "%u %u", storm_below(4096) * 4096 + 1,
			 storm_chance(50) ? 0U : 4096U);
		ret = storm_write_file(DEBUGFS "harvest", val);
		if (ret >= 0)
			storm_violation(k_harvest_bad, "harvest '%s' accepted",
					val);
		else
			storm_rec(k_harvest_bad, ret);
		break;
	default:
		snprintf(val, sizeof(val), DEBUGFS "%s",
			 files[storm_below(5)]);
		storm_rec(k_debugfs_read, read_file(val, buf, sizeof(buf)));
		break;
	}
}

static const struct storm_action shared_actions[] = {
	{ "map-touch", 12, act_map_touch },
	{ "map-unmap", 2, act_map_unmap },
	{ "map-advise", 2, act_map_advise },
	{ "map-protect", 2, act_map_protect },
	{ "map-mm", 2, act_map_mm },
	{ "map-remote", 2, act_map_remote },
	{ "map-splice", 1, act_map_splice },
	{ "fork-hold", 2, act_fork_hold },
	{ "param", 3, act_param },
	{ "debugfs", 3, act_debugfs },
	{ "nap", 2, act_nap },
	{ NULL, 0, NULL },
};

static void shared_kinds(void)
{
	k_param = storm_kind("param-write", 0, 0);
	k_param_bad = storm_kind("param-write-bad", 0, EINVAL, ERANGE, 0);
	k_param_ro = storm_kind("param-write-readonly", 0, EACCES, EPERM, 0);
	k_param_read = storm_kind("param-read", 0, 0);
	k_advance = storm_kind("debugfs-advance", 0, 0);
	k_advance_bad = storm_kind("debugfs-advance-bad", 0, EINVAL, ERANGE,
				   0);
	k_harvest = storm_kind("debugfs-harvest", 0, 0);
	k_harvest_bad = storm_kind("debugfs-harvest-bad", 0, EINVAL, 0);
	k_debugfs_read = storm_kind("debugfs-read", 0, 0);
	k_map_read = storm_kind("map-read", 0, 0);
	k_map_write = storm_kind("map-write", 0, 0);
	k_map_read_stale = storm_kind("map-read-stale", STORM_SIGBUS_OK, 0);
	k_map_write_stale = storm_kind("map-write-stale", STORM_SIGBUS_OK, 0);
	k_munmap = storm_kind("munmap", 0, 0);
	k_madvise = storm_kind("madvise-dontneed", 0, 0);
	k_madvise_any = storm_kind("madvise-other", STORM_ANY_ERRNO, 0);
	k_mprotect = storm_kind("mprotect", 0, 0);
	k_mprotect_locked = storm_kind("mprotect-view-writable", 0, EACCES, 0);
	k_mremap = storm_kind("mremap-move-shrink", 0, 0);
	k_mremap_grow = storm_kind("mremap-grow", STORM_MUST_FAIL, EFAULT,
				   EINVAL, 0);
	k_msync = storm_kind("msync", STORM_ANY_ERRNO, 0);
	k_mlock = storm_kind("mlock-munlock", 0, 0);
	k_mlock_stale = storm_kind("mlock-munlock-stale", 0, ENOMEM, 0);
	k_procmem = storm_kind("remote-access", 0, 0);
	k_procmem_stale = storm_kind("remote-access-stale", 0, EIO, EFAULT, 0);
	k_procmem_ro = storm_kind("remote-write-readonly", STORM_MUST_FAIL, EIO,
				  EFAULT, 0);
	k_vmsplice = storm_kind("vmsplice", 0, EAGAIN, 0);
	k_vmsplice_stale = storm_kind("vmsplice-stale", 0, EAGAIN, EFAULT, 0);
	k_pipe_drain = storm_kind("pipe-drain", 0, 0);
	k_fork = storm_kind("fork", 0, 0);
	k_fork_hold = storm_kind("fork-hold-exit", 0, 0);
}

static void add_actions(const struct storm_action *a)
{
	for (; a->name; a++) {
		if (nactions == MAX_ACTIONS) {
			fprintf(stderr, "storm: too many actions\n");
			exit(2);
		}
		actions[nactions++] = *a;
		total_weight += a->weight;
	}
}

/* ---- workers ---- */

static void run_action(void)
{
	uint32_t r = storm_below(total_weight), i;

	for (i = 0; i < nactions && r >= actions[i].weight; i++)
		r -= actions[i].weight;
	if (i == nactions)
		i = nactions - 1;
	add64(&sh->picks[i], 1);
	actions[i].fn();
}

static void worker(int w)
{
	struct sigaction sa;
	int i;

	worker_no = w;
	seed_rng(opt_seed ^ ((uint64_t)(w + 1) * 0x9e3779b97f4a7c15ULL));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	storm_backend.worker_init();
	while (storm_now() < t_end) {
		reap(0);
		run_action();
	}
	storm_backend.worker_fini();
	storm_map_drop_all();
	/* Children may wait for other workers' devices: give them time. */
	storm_wait_children(90);
	for (i = 0; i < MAX_CHILDREN; i++) {
		if (!children[i].pid)
			continue;
		storm_violation(children[i].kind,
				"child %d still running 90 s after the end",
				children[i].pid);
		kill(children[i].pid, SIGKILL);
	}
	_exit(0);
}

/* ---- the end: kernel reports, kmemleak, cleanup ---- */

enum { R_KASAN, R_LOCKDEP, R_UBSAN, R_KMEMLEAK, R_ODEBUG, R_KFENCE, R_WARN,
       R_BUG, R_HUNG, R_NR };
static const char *const report_names[R_NR] = {
	"kasan", "lockdep", "ubsan", "kmemleak", "odebug", "kfence", "warn",
	"bug", "hung",
};

/* The kinds of tests/vm/reports.sh, in its order. */
static int report_kind(const char *msg)
{
	static const char *const lockdep[] = {
		"WARNING: possible circular", "WARNING: possible recursive",
		"WARNING: possible irq lock inversion",
		"WARNING: inconsistent lock state",
		"WARNING: suspicious RCU usage", "WARNING: bad unlock balance",
		"WARNING: held lock freed", "WARNING: lock held when returning",
		"WARNING: Nested lock was not taken",
		"BUG: sleeping function called", "BUG: scheduling while atomic",
		"BUG: workqueue leaked lock", "BUG: held lock freed",
		"BUG: MAX_LOCKDEP", "BUG: looking up invalid subclass",
	};
	size_t i;

	if (strstr(msg, "BUG: KASAN:"))
		return R_KASAN;
	if (strstr(msg, "BUG: KFENCE:"))
		return R_KFENCE;
	for (i = 0; i < sizeof(lockdep) / sizeof(lockdep[0]); i++)
		if (strstr(msg, lockdep[i]))
			return R_LOCKDEP;
	if (strstr(msg, "UBSAN:"))
		return R_UBSAN;
	if (strstr(msg, "ODEBUG:"))
		return R_ODEBUG;
	if (strstr(msg, "WARNING:"))
		return R_WARN;
	if (strstr(msg, "BUG:") || strstr(msg, "Oops:") ||
	    strstr(msg, "general protection fault") ||
	    strstr(msg, "Kernel panic"))
		return R_BUG;
	if (strstr(msg, "blocked for more than"))
		return R_HUNG;
	return -1;
}

/* Count the reports in the kernel log records after @fd's position. */
static void count_reports(int fd, long *counts)
{
	char rec[2048], *msg, *nl;
	ssize_t n;
	int kind, shown = 0, lost = 0;

	if (fd < 0)
		return;
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE) {
			lost++;
			continue;
		}
		if (n <= 0)
			break;
		rec[n] = 0;
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = 0;
		kind = report_kind(msg);
		if (kind < 0)
			continue;
		counts[kind]++;
		if (shown++ < 20)
			storm_say("storm: kernel report (%s): %s",
				  report_names[kind], msg);
	}
	if (lost)
		storm_say("storm: %d gaps in the kernel log (records overwritten)",
			  lost);
}

#define KMEMLEAK	"/sys/kernel/debug/kmemleak"

/* Unreferenced objects kmemleak lists after a scan (-1: no kmemleak). */
static long kmemleak_scan(int print)
{
	char line[256];
	FILE *f;
	long n = 0;
	int shown = 0;

	if (access(KMEMLEAK, W_OK))
		return -1;
	if (storm_write_file(KMEMLEAK, "scan") < 0)
		return -1;
	f = fopen(KMEMLEAK, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "unreferenced object", 19))
			n++;
		if (print && n && shown++ < 60)
			storm_say("storm: kmemleak: %.*s",
				  (int)strcspn(line, "\n"), line);
	}
	fclose(f);
	return n;
}

/* The number after @key in @path (-1 if none). */
static long file_number(const char *path, const char *key)
{
	char buf[8192], *p;
	long n = read_file(path, buf, sizeof(buf));

	if (n < 0)
		return -1;
	p = strstr(buf, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

/* Lines of debugfs gvt_mpt/vgpus after its header: live vGPUs. */
static long live_vgpus(void)
{
	char buf[16384];
	long n = read_file(DEBUGFS "vgpus", buf, sizeof(buf)), lines = 0;
	char *p;

	if (n < 0)
		return -1;
	for (p = buf; *p; p++)
		lines += *p == '\n';
	return lines - 1;
}

static int module_loaded(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/%s/initstate", name);
	return access(path, F_OK) == 0;
}

static int rmmod(const char *name)
{
	double until = storm_now() + 20;
	long ret;

	do {
		ret = syscall(SYS_delete_module, name, O_NONBLOCK);
		if (!ret)
			return 0;
		if (errno != EAGAIN && errno != EBUSY)
			break;
		usleep(100000);
	} while (storm_now() < until);
	storm_say("storm: rmmod %s: %s", name, strerror(errno));
	return -1;
}

static void print_table(double secs)
{
	uint64_t total = 0, ok, n, all;
	char line[1024];
	int k, r, len;
	unsigned int i;

	storm_say("storm: %-28s %9s %9s  %s", "kind", "total", "ok",
		  "other results (errno:count), violations");
	for (k = 0; k < nkinds; k++) {
		all = 0;
		for (r = 0; r < NRES; r++)
			all += sh->count[k][r];
		total += all;
		ok = sh->count[k][0];
		len = 0;
		for (r = 1; r < NRES && len < (int)sizeof(line) - 48; r++) {
			n = sh->count[k][r];
			if (!n)
				continue;
			len += snprintf(line + len, sizeof(line) - (size_t)len,
					" %s:%llu",
					r == RES_SIGBUS ? "SIGBUS" :
					r == RES_OTHER ? "other" : errname(r),
					(unsigned long long)n);
		}
		if (sh->bad[k])
			len += snprintf(line + len, sizeof(line) - (size_t)len,
					"  VIOLATIONS:%llu",
					(unsigned long long)sh->bad[k]);
		line[len] = 0;
		storm_say("storm: %-28s %9llu %9llu %s", kinds[k].name,
			  (unsigned long long)all, (unsigned long long)ok,
			  all ? line : " (never)");
	}
	storm_say("storm: actions picked:");
	for (i = 0; i < nactions; i++)
		storm_say("storm:   %-26s %9llu", actions[i].name,
			  (unsigned long long)sh->picks[i]);
	storm_say("storm-%s: %llu operations in %.1f s (%.0f/s), %d workers, seed %llu",
		  storm_backend.name, (unsigned long long)total, secs,
		  (double)total / secs, opt_workers,
		  (unsigned long long)opt_seed);
}

static void usage(void)
{
	fprintf(stderr, "usage: storm %s [--seconds S] [--workers P] [--seed N] [--no-rmmod]\n",
		storm_backend.name);
	exit(2);
}

static long arg_num(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || end == s || *end || v < 0 || v > max)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	long counts[R_NR] = { 0 }, leak0, leak1, pages, live;
	int i, w, status, pid, kmsg, fail = 0, alive, stuck = 0;
	int pids[MAX_WORKERS];
	double secs, next_note;
	const char *const *m;

	self_name = argv[0];
	/* Internal: the child of storm_spawn_write(). */
	if (argc == 4 && !strcmp(argv[1], "--write")) {
		long ret = storm_write_file(argv[2], argv[3]);

		return ret < 0 ? (int)-ret : 0;
	}
	if (argc < 2 || strcmp(argv[1], storm_backend.name))
		usage();
	opt_seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 20);
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			opt_seconds = (int)arg_num(argv[++i], 86400);
		else if (!strcmp(argv[i], "--workers") && i + 1 < argc)
			opt_workers = (int)arg_num(argv[++i], MAX_WORKERS);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			opt_seed = (uint64_t)strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--no-rmmod"))
			opt_rmmod = 0;
		else
			usage();
	}
	if (opt_workers < 1)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS,
		  /* anonymous: fd -1, as mmap(2) asks */
		  // cppcheck-suppress invalidFunctionArg
		  -1, 0);
	if (sh == MAP_FAILED) {
		perror("storm: mmap");
		return 2;
	}
	shared_kinds();
	if (storm_backend.setup())
		return 1;
	add_actions(storm_backend.actions);
	add_actions(shared_actions);

	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg >= 0)
		lseek(kmsg, 0, SEEK_END);
	leak0 = kmemleak_scan(0);
	storm_say("storm: %s: %d workers for %d s on %ld CPUs, seed %llu (repeat with --seed %llu); kmemleak before: %ld",
		  storm_backend.name, opt_workers, opt_seconds,
		  sysconf(_SC_NPROCESSORS_ONLN), (unsigned long long)opt_seed,
		  (unsigned long long)opt_seed, leak0);

	t_start = storm_now();
	t_end = t_start + opt_seconds;
	for (w = 0; w < opt_workers; w++) {
		pid = fork();
		if (pid < 0) {
			perror("storm: fork");
			return 2;
		}
		if (pid == 0)
			worker(w);
		pids[w] = pid;
	}
	/* Wait for the workers; a worker still there 150 s after the end is stuck. */
	alive = opt_workers;
	next_note = t_start + 10;
	while (alive) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid > 0) {
			for (w = 0; w < opt_workers; w++)
				if (pids[w] == pid)
					break;
			if (w < opt_workers) {
				pids[w] = 0;
				alive--;
				if (WIFSIGNALED(status)) {
					add64(&sh->crashes, 1);
					storm_say("storm: worker %d killed by signal %d (%s)",
						  w, WTERMSIG(status),
						  strsignal(WTERMSIG(status)));
				}
			}
			continue;
		}
		if (storm_now() > t_end + 150) {
			for (w = 0; w < opt_workers; w++) {
				char path[64], buf[256];

				if (!pids[w])
					continue;
				snprintf(path, sizeof(path), "/proc/%d/wchan",
					 pids[w]);
				if (read_file(path, buf, sizeof(buf)) < 0)
					buf[0] = 0;
				storm_say("storm: worker %d (pid %d) stuck, in %s",
					  w, pids[w], buf);
				stuck++;
			}
			break;
		}
		if (storm_now() >= next_note) {
			uint64_t total = 0;
			int k, r;

			for (k = 0; k < nkinds; k++)
				for (r = 0; r < NRES; r++)
					total += sh->count[k][r];
			storm_say("storm: %.0f s: %llu operations, %llu violations, %ld display memory pages",
				  storm_now() - t_start,
				  (unsigned long long)total,
				  (unsigned long long)sh->violations,
				  file_number(DEBUGFS "mem", "allocated_pages "));
			next_note += 10;
		}
		usleep(50000);
	}
	secs = storm_now() - t_start;
	print_table(opt_seconds);

	/*
	 * Clean up: the backend's leftovers removed, its module unloaded,
	 * then no vGPU and no display memory page may be left in gvt_mpt,
	 * which goes last.
	 */
	if (!stuck && storm_backend.cleanup()) {
		storm_say("storm: cleanup failed");
		fail = 1;
	}
	for (m = storm_backend.modules; opt_rmmod && !stuck && m[1]; m++)
		if (module_loaded(*m) && rmmod(*m))
			fail = 1;
	live = live_vgpus();
	pages = file_number(DEBUGFS "mem", "allocated_pages ");
	storm_say("storm: after cleanup: %ld vGPUs, %ld display memory pages",
		  live, pages);
	if (live != 0 || pages != 0)
		fail = 1;
	if (opt_rmmod && !stuck && module_loaded(*m) && rmmod(*m))
		fail = 1;
	count_reports(kmsg, counts);
	/* An object is reported once old enough: scanned twice, 6 s apart. */
	leak1 = kmemleak_scan(0);
	if (leak1 >= 0) {
		sleep(6);
		leak1 = kmemleak_scan(0);
		if (leak1 > leak0)
			kmemleak_scan(1);
	}
	counts[R_KMEMLEAK] = leak0 >= 0 && leak1 > leak0 ? leak1 - leak0 : 0;
	{
		char line[256];
		int len = 0, r;

		for (r = 0; r < R_NR; r++) {
			len += snprintf(line + len, sizeof(line) - (size_t)len,
					" %s=%ld", report_names[r], counts[r]);
			if (counts[r])
				fail = 1;
		}
		storm_say("storm-%s: reports:%s", storm_backend.name, line);
	}
	if (sh->violations || sh->crashes || stuck)
		fail = 1;
	storm_say("storm-%s: %s: %llu violations, %llu crashes, %d stuck workers, cleanup %s, %.1f s with the end",
		  storm_backend.name, fail ? "FAIL" : "PASS",
		  (unsigned long long)sh->violations,
		  (unsigned long long)sh->crashes, stuck,
		  live == 0 && pages == 0 ? "ok" : "FAILED", secs);
	return fail;
}
