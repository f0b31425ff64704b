/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scenario runner: parses the corpus format (tests/scenarios/README.md) and
 * drives a backend through struct scn_exec.  The same parser runs against
 * the pure core in userspace and against the kernel backends in a VM.
 */
#ifndef GVT_MPT_SCENARIO_H
#define GVT_MPT_SCENARIO_H

#include <stdint.h>
#include <stdio.h>

#define SCN_MAX_VGPUS	8
#define SCN_SINGLE_FB_DEFAULT	5

/*
 * How the interpreter records deliveries, whatever the transport: the
 * number of events on source s since the last consume is byte 7 - s of a
 * u64 (source 0 in the top byte).  An encoding of the tests only: each
 * backend builds it from what its transport gives (per-source eventfd
 * counts with VFIO, READ_AND_CLEAR counts with Xen, the hook calls on the
 * pure core).  Sources past 7 have no byte: 0.
 */
#define SCN_COUNT_SOURCES	8

static inline uint64_t scn_event(unsigned int src)
{
	return src < SCN_COUNT_SOURCES ? (uint64_t)1 << (56 - 8 * src) : 0;
}

static inline unsigned int scn_count(uint64_t v, unsigned int src)
{
	return src < SCN_COUNT_SOURCES ?
	       (unsigned int)(v >> (56 - 8 * src)) & 0xff : 0;
}

/* Bit s set when source s has a non-zero count in @v. */
static inline uint32_t scn_sources(uint64_t v)
{
	uint32_t mask = 0;
	unsigned int s;

	for (s = 0; s < SCN_COUNT_SOURCES; s++)
		if (scn_count(v, s))
			mask |= 1U << s;
	return mask;
}

/* Damage of one source as a backend took it (uapi's struct gvt_mpt_damage). */
#define SCN_DAMAGE_FULL		0x1
#define SCN_DAMAGE_MOVED	0x2
#define SCN_DAMAGE_BANDS	4

struct scn_damage {
	uint32_t flags;
	uint32_t nr;		/* bands of whole lines, 0..SCN_DAMAGE_BANDS */
	uint32_t y[SCN_DAMAGE_BANDS];
	uint32_t h[SCN_DAMAGE_BANDS];
};

/* scn_run_file()/scn_run_string(): the backend cannot replay the file. */
#define SCN_SKIPPED		2

/*
 * A backend.  Every call returns 0 or a negative errno, the errno the
 * backend's real interface gave (EINVAL, EPERM, EBADF ...).  The
 * interpreter keeps the table of vGPUs: an op on a vGPU id is only called
 * for an id that create() succeeded on (else the command fails with
 * ENODEV), and create() only for a free id and 1 or 3 heads (else EBUSY,
 * EINVAL), as the backends offer those two vGPU types.
 */
struct scn_exec {
	const char *name;
	void *priv;
	/* Before any vgpu: set the single-framebuffer N for new vGPUs. */
	int (*set_single_fb)(void *priv, uint32_t n);
	int (*create)(void *priv, int id, uint32_t heads);
	/*
	 * Register accesses; @val holds the access's bytes, little-endian
	 * (byte i in bits 8i..8i+7), up to 8 of them.
	 */
	int (*write)(void *priv, int id, uint64_t off, uint32_t size,
		     uint64_t val);
	int (*read)(void *priv, int id, uint64_t off, uint32_t size,
		    uint64_t *val);
	/* Advance every vGPU by n vblanks. */
	int (*vblank)(void *priv, uint32_t n);
	/* bools == NULL: DATA_NONE over start..start+count-1. */
	int (*mask)(void *priv, int id, int unmask, uint32_t start,
		    uint32_t count, const uint8_t *bools);
	int (*attach)(void *priv, int id);
	int (*detach)(void *priv, int id);
	/* Device reset (VFIO_DEVICE_RESET); NULL: not supported. */
	int (*reset)(void *priv, int id);
	/* Consumer read-and-clear of the event counter (0 if none). */
	int (*consume)(void *priv, int id, uint64_t *counter);
	/*
	 * The backend sees which sources fired but not how often (a status
	 * bitmap): a read then compares the sources, not the counts.
	 */
	int sources_only;
	/*
	 * Which register path read/write are (uapi/gvt_mpt_regs.h): 0 the
	 * host path (strict: the core's gvt_display_mmio_read/write, xengt's
	 * REG_READ/REG_WRITE), 1 the guest path (hardware manners: kvmgt's
	 * BAR0, the core's gvt_display_mmio_guest_read/write).  A scenario
	 * line says what each path gives ("guest" in tests/scenarios/README.md).
	 */
	int guest_path;
	/* Tear vGPU @id down. */
	void (*destroy)(void *priv, int id);
	/*
	 * Take (read and clear) the damage of source @src; bands are the
	 * rectangles' lines (a backend checks that each spans the plane's
	 * width).
	 */
	int (*damage)(void *priv, int id, uint32_t src, struct scn_damage *out);
	/*
	 * The vGPU learnt that the guest wrote bytes @first..@last of its
	 * display memory, for plane @plane of @pipe (write tracking).  NULL
	 * where the backend cannot replay that (the kernel learns of writes on
	 * its own clock): a scenario that draws is then skipped.
	 */
	int (*draw)(void *priv, int id, uint32_t pipe, uint32_t plane,
		    uint64_t first, uint64_t last);
};

/*
 * The main() of a scenario runner: runs every file of argv through @ex,
 * prints "PASS|FAIL <label> file" lines and "<label>: N passed, N failed";
 * returns the exit status.
 */
int scn_main(const struct scn_exec *ex, const char *label, int argc,
	     char **argv);

/* Designated initialisers of every op, for backends that name them p_op. */
#define SCN_EXEC_OPS(p)						\
	.set_single_fb = p##_set_single_fb, .create = p##_create,	\
	.destroy = p##_destroy, .write = p##_write, .read = p##_read,	\
	.vblank = p##_vblank, .mask = p##_mask, .attach = p##_attach,	\
	.detach = p##_detach, .reset = p##_reset, .consume = p##_consume, \
	.damage = p##_damage

/*
 * Run one scenario file; returns 0 on pass, SCN_SKIPPED if the backend
 * cannot replay it, else prints the first failure and returns -1.
 */
int scn_run_file(const struct scn_exec *ex, const char *path, FILE *log);

/* Run one scenario from a string (name used in messages). */
int scn_run_string(const struct scn_exec *ex, const char *name,
		   const char *text, FILE *log);

#endif /* GVT_MPT_SCENARIO_H */
