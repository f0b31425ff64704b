/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bounded randomized storm (tests/vm/storm.c): worker processes pick
 * random operations against a backend's user interface for a fixed time,
 * every result is classified, and the run fails on a result a rule
 * forbids, a worker killed by a signal, a kernel report, a leak or state
 * that cannot be cleaned up.  storm.c is the engine and the operations
 * both backends share (module parameters, debugfs, mappings of display
 * memory, fork-and-exit); storm_kvmgt.c and storm_xengt.c each provide a
 * backend (struct storm_backend) with its own operations.
 */
#ifndef GVT_MPT_STORM_H
#define GVT_MPT_STORM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Result kinds: every operation records its result under a kind, which
 * says which errnos are allowed.  A kind is registered before the workers
 * start (the backend's setup) and named in the closing table.
 */
#define STORM_MAX_KINDS		128
/* Kind flags. */
#define STORM_ANY_ERRNO		0x1	/* any errno but EIO is fine */
#define STORM_SIGBUS_OK		0x2	/* SIGBUS is a legitimate result */
#define STORM_MUST_FAIL		0x4	/* success is a violation */

/*
 * Register kind @name with @flags and the errnos it allows (a list ended
 * by 0).  EFAULT, ENOTTY and EIO are allowed only where listed
 * (STORM_ANY_ERRNO does not cover EIO).  Returns the kind's index.
 */
int storm_kind(const char *name, unsigned int flags, ...);

/* Results: >= 0 success, -errno, or STORM_SIGBUS. */
#define STORM_SIGBUS		(-100000L)
void storm_rec(int kind, long ret);
/* -errno of the last failed call, for storm_rec(kind, ret < 0 ? ... ). */
long storm_err(void);
/* Record a violation that is not an errno (a wrong value, a short read). */
void storm_violation(int kind, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The worker's PRNG (seeded from --seed and the worker's number). */
uint64_t storm_rand(void);
/* Uniform in [0, @n), @n > 0. */
uint32_t storm_below(uint32_t n);
/* True with probability @pct percent. */
int storm_chance(unsigned int pct);
/* The worker's number (0 .. workers - 1) and the number of workers. */
int storm_worker(void);
int storm_workers(void);
/* Seconds since the worker started; the worker's end (monotonic s). */
double storm_now(void);

/* A line on stdout, written at once (workers share the file). */
void storm_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Mappings of display memory the worker holds; the shared operations
 * touch, unmap, advise and protect them.  @tag names the object they
 * belong to (a device, a vGPU) for storm_map_stale()/storm_map_drop().
 * @flags: STORM_MAP_* below.  Returns 0, or -ENOSPC (the mapping is then
 * unmapped).
 */
#define STORM_MAP_WRITE		0x1	/* mapped PROT_READ | PROT_WRITE */
#define STORM_MAP_RDONLY_LOCKED	0x2	/* mprotect to writable: EACCES */
#define STORM_MAP_STALE		0x4	/* SIGBUS is legitimate on it */
int storm_map_add(void *addr, size_t len, unsigned int flags, uint64_t tag);
/* The object @tag is gone: SIGBUS is legitimate on its mappings now. */
void storm_map_stale(uint64_t tag);
/*
 * The object @tag may go now (called before the call that may destroy
 * it): the worker's fork-hold children, which share its mappings but not
 * its bookkeeping, take a SIGBUS on them as legitimate from here on.
 */
void storm_map_may_go(uint64_t tag);
/*
 * A buffer of @len bytes inside one of the worker's writable mappings of
 * display memory (never a stale one, never in a fork-hold child), for a
 * user copy that faults display memory in from inside the kernel (a
 * consumer reading into a guest's memory, as QEMU may); NULL if none.
 */
void *storm_map_buf(size_t len);
/* Unmap every mapping of @tag (a user letting go). */
void storm_map_drop(uint64_t tag);
/* Unmap everything (worker end). */
void storm_map_drop_all(void);

/*
 * Children: a child whose end is recorded under @kind when it is reaped
 * (exit status 0: success; 1..255: that errno; a signal: a crash).
 */
void storm_child_add(int pid, int kind);
/*
 * Write @val to @path in a child process that keeps nothing of the
 * worker (no fd, no mapping: it re-executes this program), for writes
 * that may block until the worker itself lets go (an mdev removal).
 * Returns the child's pid or -errno; its result goes to @kind.
 */
int storm_spawn_write(const char *path, const char *val, int kind);
/*
 * Reap children until none is left or @secs have passed; returns how
 * many are still running.
 */
int storm_wait_children(double secs);
/* Write @val to a sysfs/debugfs file: >= 0, or -errno. */
long storm_write_file(const char *path, const char *val);

/*
 * A guest driving its display: the register writes (and reads) of one
 * random step through @write/@read, on pipes below @pipes, surfaces in an
 * aperture of @aperture bytes mostly: a pipe switched on or off, a
 * primary plane set up and shown, flips (sync or async), the cursor
 * switched, based and moved, a mode (the pipe's own cadence), counters
 * and live registers read.  Every register written exists and is
 * writable (the host path takes them too).  Returns STORM_STEP_PLANE
 * after a step that set up and showed a primary plane, else 0.
 */
struct storm_regs {
	uint32_t pipes;
	uint64_t aperture;
	void (*write)(void *ctx, uint64_t reg, uint32_t val);
	void (*read)(void *ctx, uint64_t reg);
	void *ctx;
};

#define STORM_STEP_PLANE	1
int storm_display_step(const struct storm_regs *r);

/* In a fork-hold child (which must not destroy what the worker holds). */
int storm_in_child(void);

/* A worker's action: picked with probability weight / sum of weights. */
struct storm_action {
	const char *name;
	unsigned int weight;
	void (*fn)(void);
};

struct storm_backend {
	const char *name;
	/* Before the workers: register kinds, check the interface is there. */
	int (*setup)(void);
	/* In each worker, before its first action and after its last. */
	void (*worker_init)(void);
	void (*worker_fini)(void);
	/* Ends with a NULL name. */
	const struct storm_action *actions;
	/*
	 * After the workers: remove what they left (mdevs); 0 or -1 (a
	 * message printed).
	 */
	int (*cleanup)(void);
	/*
	 * Modules to unload at the end, in order, NULL-terminated; the last
	 * one is gvt_mpt, whose debugfs says before its unload that no vGPU
	 * and no display memory page is left.
	 */
	const char *const *modules;
	/* A read-only module parameter of the backend (writes: EACCES). */
	const char *ro_param;
};

/* The backend linked into this program. */
extern const struct storm_backend storm_backend;

#endif /* GVT_MPT_STORM_H */
