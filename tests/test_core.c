// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the pure display core (common/gvt_display.c), one test per
 * rule of the policy.  Events are caught by a small recording MPT ops
 * struct (it can refuse delivery like a backend with no eventfd), or by the
 * real userspace test backend where the counter layout matters.  At the end,
 * one test per rule of the VFIO_DEVICE_SET_IRQS decode (common/gvt_irqset.c;
 * tests/fuzz/fuzz_irqset.c explores it further).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../common/gvt_display.h"
#include "../common/gvt_irqset.h"
#include "../uapi/gvt_mpt_display.h"
#include "../uapi/gvt_mpt_regs.h"
#include "testbackend.h"

#define EN		GVT_MPT_PIPECONF_ENABLE
#define PL_EN		GVT_MPT_PLANE_CTL_ENABLE
#define PL_ASYNC	GVT_MPT_PLANE_CTL_ASYNC_FLIP
#define PRI(p)		(1U << GVT_MPT_SOURCE(p, GVT_MPT_PLANE_PRIMARY))
#define CUR(p)		(1U << GVT_MPT_SOURCE(p, GVT_MPT_PLANE_CURSOR))
#define ALL(n)		((1U << (2 * (n))) - 1)
#define CUR_ON		GVT_MPT_CURSOR_MODE_64_ARGB
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* A recording backend: counts hook calls, may refuse like "no eventfd". */
struct rec {
	int refuse;
	u32 calls;		/* hook calls, refused or not */
	u32 accepted;		/* bitmap accepted since the last vb() */
	u32 per_source[GVT_MAX_SOURCES];
};

static int rec_event(void *handle, unsigned int source)
{
	struct rec *r = handle;

	assert_true(source < GVT_MAX_SOURCES);
	r->calls++;
	if (r->refuse)
		return -ENOTCONN;
	/* The core must not deliver a source twice in one vblank. */
	assert_false(r->accepted & (1U << source));
	r->accepted |= 1U << source;
	r->per_source[source]++;
	return 0;
}

static const struct gvt_mpt_ops rec_ops = {
	.name = "rec",
	.display_event = rec_event,
};

struct fx {
	struct gvt_display d;
	struct rec r;
};

static void fx_init(struct fx *f, u32 pipes, u32 n)
{
	memset(&f->r, 0, sizeof(f->r));
	gvt_display_init(&f->d, pipes, n, &rec_ops, &f->r);
}

static const struct reg {
	const char *name;
	u32 off;		/* pipe A offset */
	int ro;
} regs[] = {
	{ "PIPECONF", GVT_MPT_PIPECONF(0), 0 },
	{ "PIPE_FRMCOUNT", GVT_MPT_PIPE_FRMCOUNT(0), 1 },
	{ "PIPE_FLIPCOUNT", GVT_MPT_PIPE_FLIPCOUNT(0), 1 },
	{ "CURCNTR", GVT_MPT_CURCNTR(0), 0 },
	{ "CURBASE", GVT_MPT_CURBASE(0), 0 },
	{ "CURPOS", GVT_MPT_CURPOS(0), 0 },
	{ "PLANE_CTL", GVT_MPT_PLANE_CTL(0), 0 },
	{ "PLANE_STRIDE", GVT_MPT_PLANE_STRIDE(0), 0 },
	{ "PLANE_SURF", GVT_MPT_PLANE_SURF(0), 0 },
	{ "PLANE_SURFLIVE", GVT_MPT_PLANE_SURFLIVE(0), 1 },
	{ "PLANE_POS", GVT_MPT_PLANE_POS(0), 0 },
	{ "PLANE_SIZE", GVT_MPT_PLANE_SIZE(0), 0 },
	{ "PIPESRC", GVT_MPT_PIPESRC(0), 0 },
	{ "TRANS_HTOTAL", GVT_MPT_TRANS_HTOTAL(0), 0 },
	{ "TRANS_VTOTAL", GVT_MPT_TRANS_VTOTAL(0), 0 },
	{ "TRANS_CLOCK", GVT_MPT_TRANS_CLOCK(0), 0 },
};

#define OFF(reg, p)	((reg) + (u32)(p) * GVT_MPT_PIPE_STRIDE)

static void wr(struct gvt_display *d, u64 off, u32 val)
{
	assert_int_equal(gvt_display_mmio_write(d, off, 4, val), 0);
}

static u32 rd(struct gvt_display *d, u64 off)
{
	u32 val = 0xdeadbeef;

	assert_int_equal(gvt_display_mmio_read(d, off, 4, &val), 0);
	return val;
}

/* An access that must return @want (a failed read leaves *val alone). */
static void expect_read(struct gvt_display *d, u64 off, u32 size, int want)
{
	u32 val = 0x5a5a5a5a;

	assert_int_equal(gvt_display_mmio_read(d, off, size, &val), want);
	if (want)
		assert_int_equal(val, 0x5a5a5a5a);
}

static void expect_write(struct gvt_display *d, u64 off, u32 size, u32 val,
			 int want)
{
	assert_int_equal(gvt_display_mmio_write(d, off, size, val), want);
}

/*
 * One vblank.  Returns the sources delivered, after checking that the
 * core's return value matches what the backend accepted.
 */
static u32 vb(struct fx *f)
{
	u32 sent;

	f->r.accepted = 0;
	sent = gvt_display_vblank(&f->d);
	assert_int_equal(sent, f->r.accepted);
	return sent;
}

/* A consumer: unmask every source (after refreshing them). */
static void unmask_all(struct fx *f)
{
	assert_int_equal(gvt_display_unmask(&f->d, 0,
					    gvt_display_nr_sources(&f->d),
					    NULL), 0);
}

/*
 * Switch pipe @p, its primary plane and its cursor (64x64 ARGB) on and
 * flush the enable events.
 */
static void pipe_on(struct fx *f, u32 p)
{
	wr(&f->d, GVT_MPT_PIPECONF(p), EN);
	wr(&f->d, GVT_MPT_PLANE_CTL(p), PL_EN);
	wr(&f->d, GVT_MPT_CURCNTR(p), CUR_ON);
	assert_int_equal(vb(f) & (PRI(p) | CUR(p)), PRI(p) | CUR(p));
	unmask_all(f);
}

/* ---------------------------------------------------------------------- */

static void test_init_clamps_nr_pipes(void **state)
{
	static const struct {
		u32 in, out;
	} t[] = {
		{ 0, 1 }, { 1, 1 }, { 2, 2 }, { 3, 3 }, { 4, 3 },
		{ 1000, 3 }, { 0xffffffffU, 3 },
	};
	struct fx f;
	size_t i;
	u32 nr;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		fx_init(&f, t[i].in, 7);
		nr = t[i].out;
		assert_int_equal(f.d.nr_pipes, t[i].out);
		assert_int_equal(gvt_display_nr_sources(&f.d), 2 * t[i].out);
		assert_int_equal(f.d.single_fb_vblanks, 7);
		assert_ptr_equal(f.d.mpt.ops, &rec_ops);
		assert_ptr_equal(f.d.mpt.handle, &f.r);
		/* The last pipe exists, the one after it does not. */
		expect_read(&f.d, GVT_MPT_PIPECONF(nr - 1), 4, 0);
		expect_read(&f.d, GVT_MPT_PIPECONF(nr), 4, -GVT_EINVAL);
		assert_int_equal(gvt_display_check_range(&f.d, 0, 2 * nr), 0);
		assert_int_equal(gvt_display_check_range(&f.d, 0, 2 * nr + 1),
				 -GVT_EINVAL);
	}
}

static void test_init_clears_everything(void **state)
{
	struct fx f;
	u32 p;
	size_t i;

	(void)state;
	/* A dirty struct, as a reused allocation would be. */
	memset(&f.d, 0xa5, sizeof(f.d));
	fx_init(&f, 3, 5);
	assert_int_equal(f.d.changed, 0);
	assert_int_equal(f.d.pending, 0);
	assert_int_equal(f.d.masked, 0);
	assert_int_equal(f.d.stats.vblanks, 0);
	for (p = 0; p < 3; p++)
		for (i = 0; i < ARRAY_SIZE(regs); i++)
			assert_int_equal(rd(&f.d, OFF(regs[i].off, p)), 0);
	assert_int_equal(vb(&f), 0);
	assert_int_equal(f.r.calls, 0);
}

static u32 reg_val(u32 p, size_t i)
{
	/* PIPECONF stays off: flips then complete at once. */
	if (regs[i].off == GVT_MPT_PIPECONF(0))
		return 0x00000120U + p;
	return 0x10000000U * (p + 1) + 0x1000U * (u32)i + 0x40U;
}

static void mmio_all_registers(u32 pipes)
{
	struct fx f;
	u32 p, q, val;
	size_t i;

	fx_init(&f, pipes, 0);
	for (p = 0; p < pipes; p++)
		for (i = 0; i < ARRAY_SIZE(regs); i++) {
			if (regs[i].ro)
				continue;
			wr(&f.d, OFF(regs[i].off, p), reg_val(p, i));
		}
	/* Every register of every pipe holds its own value: no aliasing. */
	for (p = 0; p < pipes; p++) {
		u32 surf = reg_val(p, 8);

		for (i = 0; i < ARRAY_SIZE(regs); i++) {
			val = rd(&f.d, OFF(regs[i].off, p));
			if (!regs[i].ro)
				assert_int_equal(val, reg_val(p, i));
		}
		assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(p)), 0);
		/* The pipe is off: the PLANE_SURF write flipped at once. */
		assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(p)), 1);
		assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(p)), surf);
	}
	/* Switch the pipes on one by one: only that pipe counts frames. */
	for (p = 0; p < pipes; p++) {
		wr(&f.d, GVT_MPT_PIPECONF(p), EN | 0x120U);
		assert_int_equal(rd(&f.d, GVT_MPT_PIPECONF(p)), EN | 0x120U);
		vb(&f);
		vb(&f);
		for (q = 0; q < pipes; q++)
			assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(q)),
					 q <= p ? 2 * (p - q + 1) : 0);
	}
	/* Pipes beyond nr_pipes do not exist, for reads and writes. */
	for (p = pipes; p < GVT_MAX_PIPES + 1; p++)
		for (i = 0; i < ARRAY_SIZE(regs); i++) {
			u64 o = OFF(regs[i].off, p);

			expect_read(&f.d, o, 4, -GVT_EINVAL);
			expect_write(&f.d, o, 4, 1, -GVT_EINVAL);
		}
}

static void test_mmio_all_registers_1pipe(void **state)
{
	(void)state;
	mmio_all_registers(1);
}

static void test_mmio_all_registers_3pipes(void **state)
{
	(void)state;
	mmio_all_registers(3);
}

/* A display with some of everything in flight, for "nothing changed". */
static void busy_display(struct fx *f, u32 pipes)
{
	fx_init(f, pipes, 3);
	pipe_on(f, 0);
	wr(&f->d, GVT_MPT_PLANE_SURF(0), 0x4000);	/* armed */
	wr(&f->d, GVT_MPT_CURPOS(0), 0x00100010);
	assert_int_equal(gvt_display_mask(&f->d, 1, 1, NULL), 0);
	vb(f);
	wr(&f->d, GVT_MPT_PLANE_SURF(0), 0x8000);	/* armed again */
	wr(&f->d, GVT_MPT_CURBASE(0), 0x9000);		/* pending */
}

static void test_mmio_bad_access_changes_nothing(void **state)
{
	static const u64 bad_off[] = {
		0, 4, 0x6fffc, 0x70000, 0x70004, 0x7000c, 0x70fff,
		0x70ffc, 0x70009, 0x7000a, 0x7000b, 0x7019d, 0x7019e,
		0x701af, 0x7ffffc, GVT_MPT_BAR_SIZE, GVT_MPT_BAR_SIZE - 4,
		GVT_MPT_PIPECONF(GVT_MAX_PIPES), GVT_MPT_PLANE_SURF(3),
		0x100070008ULL, 0x1000701acULL, 0xffffffff00070008ULL,
		0xfffffffffffffffcULL, 0xffffffffffffffffULL,
	};
	static const u32 bad_size[] = { 0, 1, 2, 3, 5, 8, 16, 0xffffffffU };
	struct gvt_display copy;
	struct fx f;
	u32 pipes, p, calls;
	size_t i, j;

	(void)state;
	for (pipes = 1; pipes <= GVT_MAX_PIPES; pipes += 2) {
		busy_display(&f, pipes);
		calls = f.r.calls;
		memcpy(&copy, &f.d, sizeof(copy));
		for (i = 0; i < ARRAY_SIZE(bad_off); i++) {
			expect_read(&f.d, bad_off[i], 4, -GVT_EINVAL);
			expect_write(&f.d, bad_off[i], 4, EN, -GVT_EINVAL);
			assert_memory_equal(&copy, &f.d, sizeof(copy));
		}
		/* Beyond this vGPU's pipes. */
		for (p = pipes; p < GVT_MAX_PIPES; p++)
			expect_write(&f.d, GVT_MPT_PIPECONF(p), 4, EN,
				     -GVT_EINVAL);
		for (p = 0; p < pipes; p++)
			for (i = 0; i < ARRAY_SIZE(regs); i++)
				for (j = 0; j < ARRAY_SIZE(bad_size); j++) {
					u64 o = OFF(regs[i].off, p);
					u32 sz = bad_size[j];

					expect_read(&f.d, o, sz, -GVT_EINVAL);
					expect_write(&f.d, o, sz, 0x1234,
						     -GVT_EINVAL);
				}
		/* Read-only registers: EPERM, with any value. */
		for (p = 0; p < pipes; p++) {
			static const u32 ro[] = {
				GVT_MPT_PIPE_FRMCOUNT(0),
				GVT_MPT_PIPE_FLIPCOUNT(0),
				GVT_MPT_PLANE_SURFLIVE(0),
			};

			for (i = 0; i < ARRAY_SIZE(ro); i++) {
				expect_write(&f.d, OFF(ro[i], p), 4, 0,
					     -GVT_EPERM);
				expect_write(&f.d, OFF(ro[i], p), 4,
					     0xffffffff, -GVT_EPERM);
			}
		}
		assert_memory_equal(&copy, &f.d, sizeof(copy));
		assert_int_equal(f.r.calls, calls);
	}
}

static u64 grd(struct gvt_display *d, u64 off, u32 size)
{
	u64 val = 0xdeadbeefdeadbeefULL;

	assert_int_equal(gvt_display_mmio_guest_read(d, off, size, &val), 0);
	return val;
}

static void gwr(struct gvt_display *d, u64 off, u32 size, u64 val)
{
	assert_int_equal(gvt_display_mmio_guest_write(d, off, size, val), 0);
}

/* The guest path splits an access into the dwords it touches. */
static void test_guest_access_splitting(void **state)
{
	struct fx f;
	u32 size;
	u64 off;

	(void)state;
	fx_init(&f, 1, 0);
	wr(&f.d, GVT_MPT_PLANE_STRIDE(0), 0x11223344);
	wr(&f.d, GVT_MPT_PLANE_POS(0), 0x55667788);
	wr(&f.d, GVT_MPT_PLANE_SIZE(0), 0x99aabbcc);
	/* Two registers in one 8-byte read, the low dword first. */
	assert_int_equal(grd(&f.d, GVT_MPT_PLANE_STRIDE(0), 8),
			 0x5566778811223344ULL);
	/* Every size at every offset reads the bytes at those offsets. */
	for (size = 1; size <= 8; size *= 2)
		for (off = GVT_MPT_PLANE_STRIDE(0) - 8;
		     off < GVT_MPT_PLANE_SIZE(0) + 8; off++) {
			u64 want = 0;
			u32 i;

			for (i = 0; i < size; i++) {
				u64 dw = (off + i) & ~3ULL;
				u32 r = 0;

				if (dw >= GVT_MPT_PLANE_STRIDE(0) &&
				    dw <= GVT_MPT_PLANE_SIZE(0))
					r = rd(&f.d, dw);
				want |= (u64)((r >> (8 * ((off + i) & 3))) &
					      0xff) << (8 * i);
			}
			assert_int_equal(grd(&f.d, off, size), want);
		}
	/* Partial writes are read-modify-writes of their dwords. */
	gwr(&f.d, GVT_MPT_PLANE_POS(0) + 1, 1, 0xee);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_POS(0)), 0x5566ee88);
	gwr(&f.d, GVT_MPT_PLANE_POS(0) + 2, 2, 0xabcd);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_POS(0)), 0xabcdee88);
	/* Unaligned 4 bytes: the top half of one, the bottom of the next. */
	gwr(&f.d, GVT_MPT_PLANE_POS(0) + 2, 4, 0x01020304);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_POS(0)), 0x0304ee88);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SIZE(0)), 0x99aa0102);
	/* Unaligned 8 bytes touch three dwords; bits past size ignored. */
	gwr(&f.d, GVT_MPT_PLANE_STRIDE(0) + 3, 8, 0xa1a2a3a4a5a6a7a8ULL);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_STRIDE(0)), 0xa8223344);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_POS(0)), 0xa4a5a6a7);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SIZE(0)), 0x99a1a2a3);
	gwr(&f.d, GVT_MPT_PLANE_STRIDE(0), 2, 0xffffffff0000ULL);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_STRIDE(0)), 0xa8220000);
	/* Aligned 8 bytes: two registers, low dword to the lower one. */
	gwr(&f.d, GVT_MPT_PLANE_STRIDE(0), 8, 0x0000002000000040ULL);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_STRIDE(0)), 0x40);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_POS(0)), 0x20);
	/* Reads of a byte or a half: bits past the size are zero. */
	assert_int_equal(grd(&f.d, GVT_MPT_PLANE_SIZE(0) + 3, 1), 0x99);
	assert_int_equal(grd(&f.d, GVT_MPT_PLANE_SIZE(0) + 2, 2), 0x99a1);
}

/*
 * The guest path's manners: unknown offsets read 0 and ignore writes,
 * read-only registers ignore writes, writes have a register's effects;
 * only a bad size or an access not wholly inside the BAR fails.
 */
static void test_guest_access_manners(void **state)
{
	static const u64 holes[] = {
		0, 4, 0x6001c - 4, 0x60020, 0x6101c, 0x70004, 0x7000c,
		0x70184, 0x70194, 0x71008, 0x7019c + 0x1000, 0x7fff8,
	};
	static const u32 bad_size[] = { 0, 3, 5, 6, 7, 9, 16, 0xffffffffU };
	struct gvt_display copy;
	struct fx f;
	size_t i;
	u64 val;

	(void)state;
	busy_display(&f, 1);
	memcpy(&copy, &f.d, sizeof(copy));
	for (i = 0; i < ARRAY_SIZE(holes); i++) {
		assert_int_equal(grd(&f.d, holes[i], 4), 0);
		assert_int_equal(grd(&f.d, holes[i], 8) & 0xffffffffU, 0);
		gwr(&f.d, holes[i], 4, 0xffffffff);
		gwr(&f.d, holes[i], 1, 0xff);
	}
	/* Read-only registers: the write is ignored, no error. */
	gwr(&f.d, GVT_MPT_PIPE_FRMCOUNT(0), 8, ~0ULL);	/* + FLIPCOUNT */
	gwr(&f.d, GVT_MPT_PLANE_SURFLIVE(0), 4, 0x1234);
	gwr(&f.d, GVT_MPT_PLANE_SURFLIVE(0) + 3, 1, 0x12);
	assert_memory_equal(&copy, &f.d, sizeof(copy));
	/* Errors: nothing read, nothing changed. */
	for (i = 0; i < ARRAY_SIZE(bad_size); i++) {
		val = 0x5a;
		assert_int_equal(gvt_display_mmio_guest_read(&f.d,
				 GVT_MPT_PIPECONF(0), bad_size[i], &val),
				 -GVT_EINVAL);
		assert_int_equal(val, 0x5a);
		assert_int_equal(gvt_display_mmio_guest_write(&f.d,
				 GVT_MPT_PIPECONF(0), bad_size[i], 0),
				 -GVT_EINVAL);
	}
	assert_int_equal(gvt_display_mmio_guest_read(&f.d, GVT_MPT_BAR_SIZE,
						     1, &val), -GVT_EINVAL);
	assert_int_equal(gvt_display_mmio_guest_read(&f.d, GVT_MPT_BAR_SIZE - 4,
						     8, &val), -GVT_EINVAL);
	assert_int_equal(gvt_display_mmio_guest_write(&f.d,
			 GVT_MPT_BAR_SIZE - 1, 2, 0), -GVT_EINVAL);
	assert_int_equal(gvt_display_mmio_guest_write(&f.d, ~0ULL, 1, 0),
			 -GVT_EINVAL);
	assert_int_equal(gvt_display_mmio_guest_write(&f.d, ~0ULL - 6, 8, 0),
			 -GVT_EINVAL);
	assert_memory_equal(&copy, &f.d, sizeof(copy));
	/* The BAR's last byte and last 8 bytes are inside it. */
	assert_int_equal(grd(&f.d, GVT_MPT_BAR_SIZE - 1, 1), 0);
	assert_int_equal(grd(&f.d, GVT_MPT_BAR_SIZE - 8, 8), 0);
	/* A one-byte write of PLANE_SURF arms a flip, as a 4-byte one. */
	gwr(&f.d, GVT_MPT_PLANE_SURF(0) + 2, 1, 0x0c);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURF(0)), 0x000c8000);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)),
			 copy.pipe[0].plane_surflive);
	vb(&f);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0x000c8000);
	/* A byte of CURPOS is a cursor update. */
	unmask_all(&f);
	vb(&f);
	unmask_all(&f);
	gwr(&f.d, GVT_MPT_CURPOS(0) + 2, 1, 0x30);
	assert_int_equal(vb(&f), CUR(0));
	assert_int_equal(rd(&f.d, GVT_MPT_CURPOS(0)), 0x00300010);
}

/* A guest write as the host path's dword writes would make it. */
static void ref_guest_write(struct gvt_display *d, u64 off, u32 size, u64 val)
{
	u64 dw;
	u32 i, cur;

	for (dw = off & ~3ULL; dw < off + size; dw += 4) {
		if (gvt_display_mmio_read(d, dw, 4, &cur))
			continue;	/* no register: ignored */
		for (i = 0; i < 4; i++)
			if (dw + i >= off && dw + i < off + size) {
				cur &= ~(0xffU << (8 * i));
				cur |= (u32)((val >> (8 * (dw + i - off))) &
					     0xff) << (8 * i);
			}
		gvt_display_mmio_write(d, dw, 4, cur);	/* EPERM: ignored */
	}
}

/*
 * Random guest accesses of every size around the registers of a 3-pipe
 * vGPU: a read gives the bytes the host path's dword reads give (0 where
 * they fail), a write leaves the engine exactly as the host path's
 * dword writes (read-modify-write of partial dwords, failures skipped)
 * leave a copy of it.
 */
static void test_guest_access_equals_dword_ops(void **state)
{
	static const u32 sizes[] = { 1, 2, 4, 8 };
	static const u64 bases[] = { 0x70000, 0x71000, 0x72000, 0x73000,
				     0x60000, 0x62000, 0x7f000 };
	struct fx f, g;
	u64 x = 0x9e3779b97f4a7c15ULL;
	int k;

	(void)state;
	fx_init(&f, 3, 2);
	fx_init(&g, 3, 2);
	for (k = 0; k < 200000; k++) {
		u64 off, val, got, want = 0;
		u32 size, i;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		off = bases[(x >> 8) % ARRAY_SIZE(bases)] + ((x >> 16) & 0x1ff);
		size = sizes[(x >> 30) & 3];
		val = x * 0x2545f4914f6cdd1dULL;
		if (!(x & 0x7)) {	/* now and then a vblank */
			vb(&f);
			g.r.accepted = 0;
			gvt_display_vblank(&g.d);
			unmask_all(&f);
			unmask_all(&g);
		}
		if (x & 0x100) {
			gwr(&f.d, off, size, val);
			ref_guest_write(&g.d, off, size, val);
			assert_memory_equal(&f.d.pipe, &g.d.pipe,
					    sizeof(f.d.pipe));
			assert_int_equal(f.d.changed, g.d.changed);
			continue;
		}
		got = grd(&f.d, off, size);
		for (i = 0; i < size; i++) {
			u32 r = 0;

			gvt_display_mmio_read(&g.d, (off + i) & ~3ULL, 4, &r);
			want |= (u64)((r >> (8 * ((off + i) & 3))) & 0xff) <<
				(8 * i);
		}
		assert_int_equal(got, want);
	}
}

static void test_sync_flip_completes_at_next_vblank(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f, 1, 0);
	pipe_on(&f, 0);
	f.r.calls = 0;
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x1000);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURF(0)), 0x1000);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(0)), 0);
	assert_int_equal(f.r.calls, 0);		/* nothing before the vblank */
	assert_int_equal(vb(&f), PRI(0));
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0x1000);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(0)), 1);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(0)), 2);
	unmask_all(&f);
	/* Completed once: the next vblank neither flips nor signals. */
	assert_int_equal(vb(&f), 0);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(0)), 1);
	/* Two writes in one frame: the last surface, one flip, one event. */
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x2000);
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x3000);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0x1000);
	assert_int_equal(vb(&f), PRI(0));
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0x3000);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(0)), 2);
	assert_int_equal(f.d.stats.flips, 2);
	assert_int_equal(f.r.per_source[0], 3);
	assert_int_equal(f.r.per_source[1], 1);
}

static void test_async_flip_live_at_once_event_at_vblank(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f, 1, 0);
	pipe_on(&f, 0);
	/* The async bit alone changes nothing the plane shows. */
	wr(&f.d, GVT_MPT_PLANE_CTL(0), PL_EN | PL_ASYNC);
	assert_int_equal(vb(&f), 0);
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x5000);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0x5000);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(0)), 1);
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x6000);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0x6000);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(0)), 2);
	assert_int_equal(f.r.calls, 2);		/* still only pipe_on's */
	assert_int_equal(vb(&f), PRI(0));
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(0)), 2);
	unmask_all(&f);
	assert_int_equal(vb(&f), 0);
}

static void test_one_event_per_source_per_vblank(void **state)
{
	struct fx f;
	u32 p, k, frame;

	(void)state;
	fx_init(&f, 3, 0);
	for (p = 0; p < 3; p++) {
		wr(&f.d, GVT_MPT_PIPECONF(p), EN);
		wr(&f.d, GVT_MPT_PLANE_CTL(p), p == 1 ? PL_EN | PL_ASYNC :
			PL_EN);
		wr(&f.d, GVT_MPT_CURCNTR(p), CUR_ON);
	}
	for (frame = 0; frame < 50; frame++) {
		for (k = 0; k < 20; k++)
			for (p = 0; p < 3; p++) {
				u32 x = frame * 20 + k + 1;

				wr(&f.d, GVT_MPT_PLANE_SURF(p), x << 12);
				wr(&f.d, GVT_MPT_CURPOS(p), x);
				wr(&f.d, GVT_MPT_CURBASE(p), x << 12);
			}
		/* rec_event asserts no source twice in one vblank. */
		assert_int_equal(vb(&f), ALL(3));
		for (k = 0; k < 6; k++)
			assert_int_equal(f.r.per_source[k], frame + 1);
		unmask_all(&f);
		/* Unmasking does not itself deliver anything. */
		assert_int_equal(f.r.calls, 6 * (frame + 1));
	}
	assert_int_equal(f.d.stats.vblanks, 50);
}

static void test_no_event_for_unchanged_vblanks(void **state)
{
	struct fx f;
	u32 p, i;

	(void)state;
	fx_init(&f, 3, 0);	/* single-FB off: only real changes count */
	for (p = 0; p < 3; p++) {
		wr(&f.d, GVT_MPT_PIPECONF(p), EN);
		wr(&f.d, GVT_MPT_PLANE_CTL(p), PL_EN);
		wr(&f.d, GVT_MPT_PLANE_STRIDE(p), 0x40);
		wr(&f.d, GVT_MPT_CURCNTR(p), 0x27);
		wr(&f.d, GVT_MPT_PLANE_SURF(p), 0x1000);
	}
	assert_int_equal(vb(&f), ALL(3));
	unmask_all(&f);
	f.r.calls = 0;
	for (i = 0; i < 1000; i++)
		assert_int_equal(vb(&f), 0);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(2)), 1001);
	/* Writes that change nothing shown. */
	for (p = 0; p < 3; p++) {
		wr(&f.d, GVT_MPT_PIPECONF(p), EN);
		wr(&f.d, GVT_MPT_PIPECONF(p), EN | 0x1234);
		wr(&f.d, GVT_MPT_PLANE_CTL(p), PL_EN);
		wr(&f.d, GVT_MPT_PLANE_CTL(p), PL_EN | PL_ASYNC);
		wr(&f.d, GVT_MPT_PLANE_CTL(p), PL_EN);
		wr(&f.d, GVT_MPT_PLANE_STRIDE(p), 0x40);
		wr(&f.d, GVT_MPT_CURCNTR(p), 0x27);
		expect_write(&f.d, GVT_MPT_PIPE_FRMCOUNT(p), 4, 7,
			     -GVT_EPERM);
	}
	for (i = 0; i < 10; i++)
		assert_int_equal(vb(&f), 0);
	assert_int_equal(f.r.calls, 0);
	assert_int_equal(f.d.pending, 0);
	/* Each real change raises exactly its plane. */
	wr(&f.d, GVT_MPT_PLANE_STRIDE(1), 0x80);
	assert_int_equal(vb(&f), PRI(1));
	wr(&f.d, GVT_MPT_PLANE_CTL(2), PL_EN | 0x10);
	assert_int_equal(vb(&f), PRI(2));
	wr(&f.d, GVT_MPT_PIPECONF(0), 0);
	assert_int_equal(vb(&f), PRI(0) | CUR(0));
}

static void test_cursor_registers(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f, 3, 0);
	pipe_on(&f, 0);
	pipe_on(&f, 1);
	wr(&f.d, GVT_MPT_CURBASE(1), 0x7000);
	assert_int_equal(rd(&f.d, GVT_MPT_CURBASE(1)), 0x7000);
	assert_int_equal(rd(&f.d, GVT_MPT_CURBASE(0)), 0);
	assert_int_equal(vb(&f), CUR(1));
	unmask_all(&f);
	/* The same address again changes nothing shown: no event. */
	wr(&f.d, GVT_MPT_CURBASE(1), 0x7000);
	assert_int_equal(vb(&f), 0);
	wr(&f.d, GVT_MPT_CURPOS(0), 0x00200010);
	assert_int_equal(rd(&f.d, GVT_MPT_CURPOS(0)), 0x00200010);
	assert_int_equal(vb(&f), CUR(0));
	unmask_all(&f);
	wr(&f.d, GVT_MPT_CURPOS(0), 0x00200010);
	assert_int_equal(vb(&f), 0);
	/* CURCNTR raises the cursor only when its value changes. */
	wr(&f.d, GVT_MPT_CURCNTR(1), GVT_MPT_CURSOR_MODE_256_ARGB);
	assert_int_equal(rd(&f.d, GVT_MPT_CURCNTR(1)),
			 GVT_MPT_CURSOR_MODE_256_ARGB);
	assert_int_equal(vb(&f), CUR(1));
	unmask_all(&f);
	wr(&f.d, GVT_MPT_CURCNTR(1), GVT_MPT_CURSOR_MODE_256_ARGB);
	assert_int_equal(vb(&f), 0);
	wr(&f.d, GVT_MPT_CURCNTR(1), 0);
	assert_int_equal(vb(&f), CUR(1));
	unmask_all(&f);
	/* Cursor registers never touch the primary plane's state. */
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(1)), 0);
	assert_int_equal(f.r.per_source[GVT_MPT_SOURCE(1, 0)], 1);
	/* A cursor off, or on an off pipe, shows nothing: no event. */
	wr(&f.d, GVT_MPT_CURPOS(1), 0x00300030);
	wr(&f.d, GVT_MPT_CURBASE(1), 0x8000);
	wr(&f.d, GVT_MPT_CURCNTR(2), CUR_ON);
	wr(&f.d, GVT_MPT_CURPOS(2), 1);
	assert_int_equal(vb(&f), 0);
	/* Switched on at its new position: one event. */
	wr(&f.d, GVT_MPT_CURCNTR(1), CUR_ON);
	assert_int_equal(vb(&f), CUR(1));
}

/*
 * Bring a 1-pipe display with single-FB @n up, replay a history of @len
 * flips (sync and async, with gaps of 0..n+1 vblanks, so single-FB is
 * sometimes entered in between), then count the flip-less vblanks up to
 * the first single-FB event.
 */
static u32 single_fb_entry(u32 n, u32 len)
{
	struct fx f;
	u32 i, g, k, sent;

	fx_init(&f, 1, n);
	wr(&f.d, GVT_MPT_PIPECONF(0), EN);
	wr(&f.d, GVT_MPT_PLANE_CTL(0), PL_EN);
	for (i = 0; i < len; i++) {
		if (i % 3 == 0)
			wr(&f.d, GVT_MPT_PLANE_CTL(0), PL_EN | PL_ASYNC);
		wr(&f.d, GVT_MPT_PLANE_SURF(0), (i + 1) << 12);
		if (i % 3 == 0)
			wr(&f.d, GVT_MPT_PLANE_CTL(0), PL_EN);
		assert_int_equal(vb(&f) & PRI(0), PRI(0));
		assert_int_equal(f.d.pipe[0].single_fb, 0);
		unmask_all(&f);
		if (i + 1 == len)
			break;	/* measured from the last flip */
		for (g = 0; g < (i * 7) % (n + 2); g++) {
			vb(&f);
			unmask_all(&f);
		}
	}
	if (len)
		assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(0)), len);
	/*
	 * Now no more flips.  With no history at all, the first vblank
	 * carries the pipe-enable event whatever n is: judge by the
	 * single_fb flag there, by the events after it.
	 */
	for (k = 1; k <= n + 1; k++) {
		sent = vb(&f);
		unmask_all(&f);
		if (f.d.pipe[0].single_fb) {
			assert_int_equal(sent & PRI(0), PRI(0));
			break;
		}
		if (len || k > 1)
			assert_int_equal(sent, 0);
	}
	/* Once in, the primary is refreshed at every vblank. */
	for (i = 0; i < 3; i++) {
		assert_int_equal(vb(&f), PRI(0));
		unmask_all(&f);
	}
	/* A flip leaves single-FB: its own event, then n - 1 quiet ones. */
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0xabc000);
	assert_int_equal(vb(&f), PRI(0));
	unmask_all(&f);
	assert_int_equal(f.d.pipe[0].single_fb, 0);
	for (i = 1; i < n; i++) {
		assert_int_equal(vb(&f), 0);
		assert_int_equal(f.d.pipe[0].single_fb, 0);
	}
	assert_int_equal(vb(&f), PRI(0));
	return k;
}

/* PLANE_SIZE, PLANE_POS and PIPESRC are plane changes, like STRIDE. */
static void test_display_geometry_registers(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f, 2, 0);
	pipe_on(&f, 0);
	pipe_on(&f, 1);
	wr(&f.d, GVT_MPT_PLANE_SIZE(0), 0x02cf04ff);	/* 1280x720 */
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SIZE(0)), 0x02cf04ff);
	assert_int_equal(vb(&f), PRI(0));
	unmask_all(&f);
	wr(&f.d, GVT_MPT_PLANE_SIZE(0), 0x02cf04ff);	/* unchanged */
	assert_int_equal(vb(&f), 0);
	wr(&f.d, GVT_MPT_PLANE_POS(1), 0x00100020);
	assert_int_equal(vb(&f), PRI(1));
	unmask_all(&f);
	wr(&f.d, GVT_MPT_PLANE_POS(1), 0x00100020);
	assert_int_equal(vb(&f), 0);
	/* The pipe's source size changes what both of its planes show. */
	wr(&f.d, GVT_MPT_PIPESRC(1), 0x04ff02cf);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPESRC(1)), 0x04ff02cf);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPESRC(0)), 0);
	assert_int_equal(vb(&f), PRI(1) | CUR(1));
	unmask_all(&f);
	wr(&f.d, GVT_MPT_PIPESRC(1), 0x04ff02cf);
	assert_int_equal(vb(&f), 0);
	/* A format change is a PLANE_CTL change. */
	wr(&f.d, GVT_MPT_PLANE_CTL(0), GVT_MPT_PLANE_CTL_XRGB8888);
	assert_int_equal(vb(&f), PRI(0));
	unmask_all(&f);
	wr(&f.d, GVT_MPT_PLANE_CTL(0), GVT_MPT_PLANE_CTL_ARGB8888);
	assert_int_equal(vb(&f), PRI(0));
	/* PIPESRC of a pipe the vGPU lacks does not exist. */
	expect_write(&f.d, GVT_MPT_PIPESRC(2), 4, 1, -GVT_EINVAL);
	expect_read(&f.d, GVT_MPT_PIPESRC(0) + 2, 4, -GVT_EINVAL);
	expect_read(&f.d, GVT_MPT_PIPESRC(0) - 4, 4, -GVT_EINVAL);
}

#define MiB(n)		((u64)(n) << 20)
#define FOURCC(a, b, c, d) \
	((u32)(a) | (u32)(b) << 8 | (u32)(c) << 16 | (u32)(d) << 24)

static struct gvt_plane_info pinfo(struct fx *f, u32 pipe, u32 plane,
				   u64 aperture)
{
	struct gvt_plane_info info;

	memset(&info, 0xa5, sizeof(info));
	assert_int_equal(gvt_display_plane_info(&f->d, pipe, plane, aperture,
						&info), 0);
	return info;
}

/* A 1024x768 XRGB8888 primary plane at @surf, stride 4096 bytes. */
static void primary_1024x768(struct fx *f, u32 p, u32 surf)
{
	wr(&f->d, GVT_MPT_PIPECONF(p), EN);
	wr(&f->d, GVT_MPT_PLANE_CTL(p), GVT_MPT_PLANE_CTL_XRGB8888);
	wr(&f->d, GVT_MPT_PLANE_SIZE(p), (767U << 16) | 1023U);
	wr(&f->d, GVT_MPT_PLANE_STRIDE(p), 4096 / 64);
	wr(&f->d, GVT_MPT_PLANE_SURF(p), surf);
	vb(f);		/* the flip completes */
}

static void test_plane_info_primary(void **state)
{
	struct gvt_plane_info i;
	struct fx f;

	(void)state;
	/* The fourcc codes are DRM's. */
	assert_int_equal(GVT_DRM_FORMAT_XRGB8888, FOURCC('X', 'R', '2', '4'));
	assert_int_equal(GVT_DRM_FORMAT_ARGB8888, FOURCC('A', 'R', '2', '4'));
	assert_int_equal(GVT_DRM_FORMAT_XBGR8888, FOURCC('X', 'B', '2', '4'));
	assert_int_equal(GVT_DRM_FORMAT_ABGR8888, FOURCC('A', 'B', '2', '4'));
	fx_init(&f, 3, 0);
	/* Power-on: nothing shown. */
	i = pinfo(&f, 0, 0, MiB(16));
	assert_int_equal(i.visible, 0);
	assert_int_equal(i.drm_format, 0);
	primary_1024x768(&f, 1, 0x100000);
	wr(&f.d, GVT_MPT_PLANE_POS(1), (8U << 16) | 16U);
	i = pinfo(&f, 1, 0, MiB(16));
	assert_int_equal(i.visible, 1);
	assert_int_equal(i.offset, 0x100000);
	assert_int_equal(i.drm_format, GVT_DRM_FORMAT_XRGB8888);
	assert_int_equal(i.width, 1024);
	assert_int_equal(i.height, 768);
	assert_int_equal(i.stride, 4096);
	assert_int_equal(i.x, 16);
	assert_int_equal(i.y, 8);
	/* The live surface: an armed sync flip shows from its vblank on. */
	wr(&f.d, GVT_MPT_PLANE_SURF(1), 0x400000 | 0xfff);
	assert_int_equal(pinfo(&f, 1, 0, MiB(16)).offset, 0x100000);
	vb(&f);
	assert_int_equal(pinfo(&f, 1, 0, MiB(16)).offset, 0x400000);
	/* Formats: alpha and RGBX order bits; others are not shown. */
	wr(&f.d, GVT_MPT_PLANE_CTL(1), GVT_MPT_PLANE_CTL_ARGB8888);
	assert_int_equal(pinfo(&f, 1, 0, MiB(16)).drm_format,
			 GVT_DRM_FORMAT_ARGB8888);
	wr(&f.d, GVT_MPT_PLANE_CTL(1), GVT_MPT_PLANE_CTL_XRGB8888 |
	   GVT_MPT_PLANE_CTL_ORDER_RGBX);
	assert_int_equal(pinfo(&f, 1, 0, MiB(16)).drm_format,
			 GVT_DRM_FORMAT_XBGR8888);
	wr(&f.d, GVT_MPT_PLANE_CTL(1), GVT_MPT_PLANE_CTL_ARGB8888 |
	   GVT_MPT_PLANE_CTL_ORDER_RGBX);
	assert_int_equal(pinfo(&f, 1, 0, MiB(16)).drm_format,
			 GVT_DRM_FORMAT_ABGR8888);
	wr(&f.d, GVT_MPT_PLANE_CTL(1), PL_EN | 0x0e000000U);	/* RGB565 */
	i = pinfo(&f, 1, 0, MiB(16));
	assert_int_equal(i.drm_format, 0);
	assert_int_equal(i.visible, 0);
	wr(&f.d, GVT_MPT_PLANE_CTL(1), GVT_MPT_PLANE_CTL_XRGB8888 |
	   (1U << 10));						/* X-tiled */
	assert_int_equal(pinfo(&f, 1, 0, MiB(16)).visible, 0);
	/* Plane off, pipe off: not shown. */
	wr(&f.d, GVT_MPT_PLANE_CTL(1), GVT_MPT_PLANE_CTL_FORMAT_8888);
	assert_int_equal(pinfo(&f, 1, 0, MiB(16)).visible, 0);
	wr(&f.d, GVT_MPT_PLANE_CTL(1), GVT_MPT_PLANE_CTL_XRGB8888);
	assert_int_equal(pinfo(&f, 1, 0, MiB(16)).visible, 1);
	wr(&f.d, GVT_MPT_PIPECONF(1), 0);
	assert_int_equal(pinfo(&f, 1, 0, MiB(16)).visible, 0);
	wr(&f.d, GVT_MPT_PIPECONF(1), EN);
	/* A stride shorter than a line is refused. */
	wr(&f.d, GVT_MPT_PLANE_STRIDE(1), 4096 / 64 - 1);
	assert_int_equal(pinfo(&f, 1, 0, MiB(16)).visible, 0);
	wr(&f.d, GVT_MPT_PLANE_STRIDE(1), 4096 / 64);
	/* Pipes and planes the vGPU lacks: EINVAL, info untouched. */
	memset(&i, 0x5a, sizeof(i));
	assert_int_equal(gvt_display_plane_info(&f.d, 1, 2, MiB(16), &i),
			 -GVT_EINVAL);
	assert_int_equal(gvt_display_plane_info(&f.d, 3, 0, MiB(16), &i),
			 -GVT_EINVAL);
	assert_int_equal(gvt_display_plane_info(&f.d, 0xffffffffU, 0, MiB(16),
						&i), -GVT_EINVAL);
	fx_init(&f, 1, 0);
	assert_int_equal(gvt_display_plane_info(&f.d, 1, 0, MiB(16), &i),
			 -GVT_EINVAL);
	assert_int_equal(i.width, 0x5a5a5a5a);
}

/*
 * The whole surface must lie inside the aperture: the last byte is at
 * offset + stride * (height - 1) + width * 4 - 1.
 */
static void test_plane_info_aperture_bound(void **state)
{
	/* 1024x768 at stride 4096: 767 * 4096 + 4096 = 3 MiB exactly. */
	const u64 span = 768ULL * 4096;
	struct gvt_plane_info i;
	struct fx f;

	(void)state;
	fx_init(&f, 1, 0);
	primary_1024x768(&f, 0, 0x100000);
	assert_int_equal(pinfo(&f, 0, 0, 0x100000 + span).visible, 1);
	assert_int_equal(pinfo(&f, 0, 0, 0x100000 + span - 1).visible, 0);
	assert_int_equal(pinfo(&f, 0, 0, span).visible, 0);
	assert_int_equal(pinfo(&f, 0, 0, 0).visible, 0);
	/* Huge apertures: no wrap-around makes a surface fit. */
	assert_int_equal(pinfo(&f, 0, 0, ~0ULL).visible, 1);
	assert_int_equal(pinfo(&f, 0, 0, ~0ULL - span).visible, 1);
	/* The largest values every field can hold: no overflow. */
	wr(&f.d, GVT_MPT_PLANE_SIZE(0), 0xffffffffU);
	wr(&f.d, GVT_MPT_PLANE_STRIDE(0), 0xffffffffU);
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0xffffffffU);
	vb(&f);
	i = pinfo(&f, 0, 0, ~0ULL);
	assert_int_equal(i.width, 65536);
	assert_int_equal(i.height, 65536);
	assert_int_equal(i.stride, 4095 * 64);
	assert_int_equal(i.offset, 0xfffff000U);
	/* stride 262080 < 65536 * 4: refused for its short stride. */
	assert_int_equal(i.visible, 0);
	wr(&f.d, GVT_MPT_PLANE_SIZE(0), 0xffff3fffU);	/* 16384 wide */
	i = pinfo(&f, 0, 0, ~0ULL);
	assert_int_equal(i.visible, 1);
	assert_int_equal(pinfo(&f, 0, 0, 0xfffff000ULL + 65535ULL * 262080 +
			       16384ULL * 4).visible, 1);
	assert_int_equal(pinfo(&f, 0, 0, 0xfffff000ULL + 65535ULL * 262080 +
			       16384ULL * 4 - 1).visible, 0);
	assert_int_equal(pinfo(&f, 0, 0, MiB(64)).visible, 0);
	/* A surface at the very end of a 4 GiB aperture. */
	wr(&f.d, GVT_MPT_PLANE_SIZE(0), 0);		/* 1x1 */
	assert_int_equal(pinfo(&f, 0, 0, 0x100000000ULL).visible, 1);
	assert_int_equal(pinfo(&f, 0, 0, 0xfffff004ULL).visible, 1);
	assert_int_equal(pinfo(&f, 0, 0, 0xfffff003ULL).visible, 0);
}

static void test_plane_info_cursor(void **state)
{
	static const struct {
		u32 mode, size;
	} modes[] = {
		{ GVT_MPT_CURSOR_MODE_64_ARGB, 64 },
		{ GVT_MPT_CURSOR_MODE_128_ARGB, 128 },
		{ GVT_MPT_CURSOR_MODE_256_ARGB, 256 },
		{ 0x07, 0 },		/* 64x64 32bpp AND/INVERT: not shown */
		{ 0x04, 0 },		/* 64x64 2bpp: not shown */
		{ 0, 0 },		/* off */
	};
	struct gvt_plane_info i;
	struct fx f;
	size_t k;

	(void)state;
	fx_init(&f, 3, 0);
	wr(&f.d, GVT_MPT_PIPECONF(2), EN);
	wr(&f.d, GVT_MPT_CURBASE(2), 0x200000 | 0x123);
	wr(&f.d, GVT_MPT_CURPOS(2), (0x8000U | 5) << 16 | 300);
	for (k = 0; k < ARRAY_SIZE(modes); k++) {
		wr(&f.d, GVT_MPT_CURCNTR(2), modes[k].mode | 0x04000000U);
		i = pinfo(&f, 2, 1, MiB(16));
		assert_int_equal(i.visible, !!modes[k].size);
		assert_int_equal(i.width, modes[k].size);
		assert_int_equal(i.height, modes[k].size);
		assert_int_equal(i.stride, modes[k].size * 4);
		assert_int_equal(i.drm_format, modes[k].size ?
				 GVT_DRM_FORMAT_ARGB8888 : 0);
		assert_int_equal(i.offset, 0x200000);
		assert_int_equal(i.x, 300);
		assert_int_equal(i.y, -5);
	}
	/* 256x256 ARGB is 256 KiB: the last byte must be inside. */
	wr(&f.d, GVT_MPT_CURCNTR(2), GVT_MPT_CURSOR_MODE_256_ARGB);
	assert_int_equal(pinfo(&f, 2, 1, 0x200000 + 0x40000).visible, 1);
	assert_int_equal(pinfo(&f, 2, 1, 0x200000 + 0x3ffff).visible, 0);
	/* Negative x, pipe off. */
	wr(&f.d, GVT_MPT_CURPOS(2), 0x8000U | 0x7fff);
	i = pinfo(&f, 2, 1, MiB(16));
	assert_int_equal(i.x, -0x7fff);
	assert_int_equal(i.y, 0);
	wr(&f.d, GVT_MPT_PIPECONF(2), 0);
	assert_int_equal(pinfo(&f, 2, 1, MiB(16)).visible, 0);
	/* The cursor of pipe A is its own. */
	assert_int_equal(pinfo(&f, 0, 1, MiB(16)).width, 0);
}

/* Program pipe @p with @h x @v totals (active part irrelevant) at @khz. */
static void mode(struct fx *f, u32 p, u32 h, u32 v, u32 khz)
{
	wr(&f->d, GVT_MPT_TRANS_HTOTAL(p), (h - 1) << 16 | 99);
	wr(&f->d, GVT_MPT_TRANS_VTOTAL(p), (v - 1) << 16 | 99);
	wr(&f->d, GVT_MPT_TRANS_CLOCK(p), khz);
}

static void test_pipe_period_from_mode(void **state)
{
	const u64 def = 16666667;
	struct fx f;

	(void)state;
	fx_init(&f, 3, 0);
	pipe_on(&f, 0);
	pipe_on(&f, 1);
	pipe_on(&f, 2);
	/* Unprogrammed, or a pipe the vGPU lacks: the default. */
	assert_int_equal(gvt_display_pipe_period_ns(&f.d, 0, def), def);
	assert_int_equal(gvt_display_pipe_period_ns(&f.d, 3, def), def);
	assert_int_equal(gvt_display_pipe_period_ns(&f.d, ~0U, def), def);
	/* CEA 1080p: 2200 x 1125 at 148.5 MHz is 60 Hz, x2.4 is 144 Hz. */
	mode(&f, 0, 2200, 1125, 148500);
	mode(&f, 1, 2200, 1125, 356400);
	mode(&f, 2, 2200, 1125, 74250);
	assert_int_equal(gvt_display_pipe_period_ns(&f.d, 0, def), 16666666);
	assert_int_equal(gvt_display_pipe_period_ns(&f.d, 1, def), 6944444);
	assert_int_equal(gvt_display_pipe_period_ns(&f.d, 2, def), 33333333);
	/* A mode change shows nothing new: no event. */
	assert_int_equal(vb(&f), 0);
	/* A pipe that is off keeps the default (its vblanks only deliver). */
	wr(&f.d, GVT_MPT_PIPECONF(1), 0);
	assert_int_equal(gvt_display_pipe_period_ns(&f.d, 1, def), def);
	wr(&f.d, GVT_MPT_PIPECONF(1), EN);
	assert_int_equal(gvt_display_pipe_period_ns(&f.d, 1, def), 6944444);
	/* Any of the three 0: the default again. */
	wr(&f.d, GVT_MPT_TRANS_CLOCK(2), 0);
	assert_int_equal(gvt_display_pipe_period_ns(&f.d, 2, def), def);
	wr(&f.d, GVT_MPT_TRANS_CLOCK(2), 74250);
	wr(&f.d, GVT_MPT_TRANS_HTOTAL(2), 0);
	assert_int_equal(gvt_display_pipe_period_ns(&f.d, 2, def), def);
	/* Clamped to 1 ms .. 1 s, the largest fields without overflow. */
	mode(&f, 1, 8192, 8192, 1);
	assert_int_equal(gvt_display_pipe_period_ns(&f.d, 1, def),
			 GVT_PERIOD_MAX_NS);
	mode(&f, 1, 1, 1, 0xffffffffU);
	assert_int_equal(gvt_display_pipe_period_ns(&f.d, 1, def),
			 GVT_PERIOD_MIN_NS);
	wr(&f.d, GVT_MPT_TRANS_HTOTAL(1), 0xffffffffU);
	wr(&f.d, GVT_MPT_TRANS_VTOTAL(1), 0xffffffffU);
	wr(&f.d, GVT_MPT_TRANS_CLOCK(1), 1);
	assert_int_equal(gvt_display_pipe_period_ns(&f.d, 1, def),
			 GVT_PERIOD_MAX_NS);
}

static void test_vblank_of_some_pipes(void **state)
{
	struct fx f;
	u64 vblanks;
	u32 sent;

	(void)state;
	fx_init(&f, 3, 0);
	pipe_on(&f, 0);
	pipe_on(&f, 1);
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x1000);
	wr(&f.d, GVT_MPT_PLANE_SURF(1), 0x2000);
	wr(&f.d, GVT_MPT_CURPOS(0), 0x00100010);
	/* Pipe B's vblank: its flip, its event; pipe A waits for its own. */
	f.r.accepted = 0;
	sent = gvt_display_vblank_pipes(&f.d, 1U << 1);
	assert_int_equal(sent, PRI(1));
	assert_int_equal(f.r.accepted, PRI(1));
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(1)), 0x2000);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(0)), 2);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(1)), 2);
	f.r.accepted = 0;
	sent = gvt_display_vblank_pipes(&f.d, 1U << 0);
	assert_int_equal(sent, PRI(0) | CUR(0));
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0x1000);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(0)), 3);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(1)), 2);
	/* Pipes the vGPU lacks: no vblank at all. */
	vblanks = f.d.stats.vblanks;
	assert_int_equal(gvt_display_vblank_pipes(&f.d, 1U << 3), 0);
	assert_int_equal(gvt_display_vblank_pipes(&f.d, 0), 0);
	assert_int_equal(f.d.stats.vblanks, vblanks);
}

static void test_single_fb_entry_after_n(void **state)
{
	static const u32 n[] = { 1, 2, 5, 17 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(n); i++) {
		assert_int_equal(single_fb_entry(n[i], 0), n[i]);
		assert_int_equal(single_fb_entry(n[i], 1), n[i]);
	}
}

static void test_single_fb_delay_independent_of_history(void **state)
{
	static const u32 n[] = { 1, 2, 5, 17 };
	size_t i;
	u32 len;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(n); i++)
		for (len = 0; len <= 200; len++)
			assert_int_equal(single_fb_entry(n[i], len), n[i]);
}

/*
 * The same rule when the last flip happened while the pipe was off (a
 * PLANE_SURF write on an off pipe, or an armed flip completed by switching
 * the pipe off): the vblanks the pipe then sees after being switched on
 * are all flip-less, so single-FB must start at the n-th of them.
 */
static void single_fb_after_off_flip(u32 n, int armed, u32 off_vblanks)
{
	struct fx f;
	u32 k;

	fx_init(&f, 1, n);
	pipe_on(&f, 0);
	if (armed) {
		wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x1000);
		wr(&f.d, GVT_MPT_PIPECONF(0), 0);
	} else {
		wr(&f.d, GVT_MPT_PIPECONF(0), 0);
		wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x1000);
	}
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0x1000);
	for (k = 0; k < off_vblanks; k++) {
		vb(&f);
		unmask_all(&f);
	}
	wr(&f.d, GVT_MPT_PIPECONF(0), EN);
	/* The enable vblank is flip-less vblank 1. */
	assert_int_equal(vb(&f), PRI(0) | CUR(0));
	unmask_all(&f);
	assert_int_equal(f.d.pipe[0].single_fb, n == 1);
	for (k = 2; k < n; k++)
		assert_int_equal(vb(&f), 0);
	if (n > 1) {
		assert_int_equal(vb(&f), PRI(0));	/* k == n */
		unmask_all(&f);
	}
	assert_int_equal(f.d.pipe[0].single_fb, 1);
	assert_int_equal(vb(&f), PRI(0));
}

static void test_single_fb_after_flip_while_pipe_off(void **state)
{
	static const u32 n[] = { 1, 2, 5, 17 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(n); i++) {
		single_fb_after_off_flip(n[i], 0, 1);
		single_fb_after_off_flip(n[i], 0, 10);
		single_fb_after_off_flip(n[i], 1, 1);
		single_fb_after_off_flip(n[i], 1, 10);
	}
}

static void test_single_fb_zero_disables(void **state)
{
	struct fx f;
	u32 i;

	(void)state;
	fx_init(&f, 3, 0);
	pipe_on(&f, 0);
	pipe_on(&f, 2);
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x1000);
	assert_int_equal(vb(&f), PRI(0));
	unmask_all(&f);
	for (i = 0; i < 5000; i++)
		assert_int_equal(vb(&f), 0);
	assert_int_equal(f.d.pipe[0].single_fb, 0);
	assert_int_equal(f.d.pipe[2].single_fb, 0);
	assert_int_equal(f.d.pending, 0);
}

static void test_single_fb_needs_plane_and_pipe_on(void **state)
{
	struct fx f;
	u32 i;

	(void)state;
	fx_init(&f, 3, 2);
	/* Pipe A on, primary plane off. */
	wr(&f.d, GVT_MPT_PIPECONF(0), EN);
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x1000);
	/* Pipe B off, primary plane on. */
	wr(&f.d, GVT_MPT_PLANE_CTL(1), PL_EN);
	wr(&f.d, GVT_MPT_PLANE_SURF(1), 0x1000);
	/* The flips show nothing (plane off, pipe off): no event for them. */
	assert_int_equal(vb(&f), PRI(0) | CUR(0));
	unmask_all(&f);
	for (i = 0; i < 100; i++) {
		assert_int_equal(vb(&f), 0);
		assert_int_equal(f.d.pipe[0].single_fb, 0);
		assert_int_equal(f.d.pipe[1].single_fb, 0);
	}
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(1)), 0);
	/* A plane switched off leaves single-FB (after the change event). */
	pipe_on(&f, 2);			/* flip-less vblank 1 */
	assert_int_equal(vb(&f), PRI(2));	/* 2 = n */
	unmask_all(&f);
	assert_int_equal(vb(&f), PRI(2));
	unmask_all(&f);
	assert_int_equal(f.d.pipe[2].single_fb, 1);
	wr(&f.d, GVT_MPT_PLANE_CTL(2), 0);
	assert_int_equal(vb(&f), PRI(2));
	unmask_all(&f);
	assert_int_equal(f.d.pipe[2].single_fb, 0);
	for (i = 0; i < 10; i++)
		assert_int_equal(vb(&f), 0);
}

/*
 * Write tracking hooks: a reported write of a shown plane's live surface
 * raises its source at the next vblank, once; never while the plane is
 * not shown; bad pipe or plane is -GVT_EINVAL and changes nothing.
 * Tracking on turns the single-framebuffer rule off for that pipe only.
 */
static void test_surface_written_and_tracking(void **state)
{
	struct gvt_display before;
	struct fx f;
	u32 i;

	(void)state;
	fx_init(&f, 3, 2);
	memcpy(&before, &f.d, sizeof(before));
	assert_int_equal(gvt_display_surface_written(&f.d, 3, 0), -GVT_EINVAL);
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 2), -GVT_EINVAL);
	assert_int_equal(gvt_display_surface_written(&f.d, ~0U, 0),
			 -GVT_EINVAL);
	assert_int_equal(gvt_display_set_tracking(&f.d, 3, 1), -GVT_EINVAL);
	assert_int_equal(gvt_display_set_tracking(&f.d, ~0U, 0), -GVT_EINVAL);
	assert_memory_equal(&before, &f.d, sizeof(before));
	/* Not shown: pipe off, then pipe on with plane and cursor off. */
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 0), 0);
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 1), 0);
	assert_int_equal(vb(&f), 0);
	wr(&f.d, GVT_MPT_PIPECONF(0), EN);
	assert_int_equal(vb(&f), PRI(0) | CUR(0));
	unmask_all(&f);
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 0), 0);
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 1), 0);
	assert_int_equal(vb(&f), 0);
	/* Shown: once per vblank however many writes, per plane. */
	pipe_on(&f, 0);
	assert_int_equal(gvt_display_set_tracking(&f.d, 0, 1), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(gvt_display_surface_written(&f.d, 0, 0), 0);
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 1), 0);
	assert_int_equal(vb(&f), PRI(0) | CUR(0));
	unmask_all(&f);
	assert_int_equal(vb(&f), 0);
	/* Written while masked: pending, delivered after the unmask. */
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 0), 0);
	assert_int_equal(vb(&f), PRI(0));
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 0), 0);
	assert_int_equal(vb(&f), 0);
	assert_int_equal(f.d.pending, PRI(0));
	unmask_all(&f);
	assert_int_equal(vb(&f), PRI(0));
	unmask_all(&f);
	/* Written, then the plane goes off before the vblank: the plane-off
	 * change is the one event; afterwards nothing. */
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 1), 0);
	wr(&f.d, GVT_MPT_CURCNTR(0), 0);
	assert_int_equal(vb(&f), CUR(0));
	unmask_all(&f);
	/* Tracking on pipe A: no single-FB there, however long; pipe B
	 * (not tracked) is refreshed from its N-th flip-less vblank. */
	pipe_on(&f, 1);
	for (i = 0; i < 100; i++) {
		u32 sent = vb(&f);

		assert_int_equal(sent & (PRI(0) | CUR(0)), 0);
		assert_int_equal(f.d.pipe[0].single_fb, 0);
		unmask_all(&f);
	}
	assert_int_equal(f.d.pipe[1].single_fb, 1);
	/* Tracking kept over a device reset, gone at power on. */
	gvt_display_reset(&f.d);
	assert_int_equal(f.d.tracking, 1);
	gvt_display_power_on(&f.d);
	assert_int_equal(f.d.tracking, 0);
	/* Tracking off again: the rule resumes (flip-less all along). */
	fx_init(&f, 1, 2);
	pipe_on(&f, 0);
	assert_int_equal(gvt_display_set_tracking(&f.d, 0, 1), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(vb(&f), 0);
	assert_int_equal(gvt_display_set_tracking(&f.d, 0, 0), 0);
	assert_int_equal(vb(&f), PRI(0));
	assert_int_equal(f.d.pipe[0].single_fb, 1);
}

/*
 * gvt_display_deliver_pipes(): the delivery half of a vblank of some
 * pipes, between vblanks (write tracking's harvest delivers at once):
 * their reported writes and other changes are delivered, unmasked sources
 * only, automasked; no flip completes, no frame, flip-less or vblank
 * count moves; other pipes wait for their vblank.
 */
static u32 dp(struct fx *f, u32 pipes)
{
	u32 sent;

	f->r.accepted = 0;
	sent = gvt_display_deliver_pipes(&f->d, pipes);
	assert_int_equal(sent, f->r.accepted);
	return sent;
}

/*
 * A tracked pipe stays busy (its vblanks run) until tracking arms, at
 * max(N, 1) flip-less vblanks: with N 0 too, so the kernel sees a pipe
 * that stopped flipping; an untracked pipe with N 0 is idle at once.
 */
static void test_pipe_idle_until_tracking_arms(void **state)
{
	struct fx f;
	u32 n;

	(void)state;
	for (n = 0; n <= 3; n++) {
		fx_init(&f, 2, n);
		assert_int_equal(gvt_display_set_tracking(&f.d, 0, 1), 0);
		pipe_on(&f, 0);
		pipe_on(&f, 1);
		wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x1000);
		wr(&f.d, GVT_MPT_PLANE_SURF(1), 0x1000);
		assert_false(gvt_display_pipe_idle(&f.d, 0));
		vb(&f);		/* the flips complete */
		unmask_all(&f);
		/* Flip-less count 0: tracking not armed yet, whatever N. */
		assert_int_equal(f.d.pipe[0].flipless, 0);
		assert_false(gvt_display_pipe_idle(&f.d, 0));
		vb(&f);
		unmask_all(&f);
		/* flipless is now 1 on both pipes. */
		assert_int_equal(f.d.pipe[0].flipless, 1);
		assert_int_equal(gvt_display_pipe_idle(&f.d, 0), n <= 1);
		assert_int_equal(gvt_display_track_ready(&f.d, 0), n <= 1);
		/* Untracked: busy only while the heuristic counts (N > 0). */
		assert_int_equal(gvt_display_pipe_idle(&f.d, 1), n == 0);
		while (!gvt_display_track_ready(&f.d, 0)) {
			assert_false(gvt_display_pipe_idle(&f.d, 0));
			vb(&f);
		}
		assert_true(gvt_display_pipe_idle(&f.d, 0));
	}
}

static void test_deliver_pipes(void **state)
{
	struct gvt_display before;
	u64 vblanks, coalesced;
	u32 frm0, frm1, flipless0;
	struct fx f;

	(void)state;
	fx_init(&f, 3, 2);
	assert_int_equal(gvt_display_set_tracking(&f.d, 0, 1), 0);
	assert_int_equal(gvt_display_set_tracking(&f.d, 1, 1), 0);
	pipe_on(&f, 0);
	pipe_on(&f, 1);
	assert_int_equal(vb(&f), 0);
	assert_int_equal(vb(&f), 0);
	/* Nothing changed: nothing delivered, nothing moves. */
	memcpy(&before, &f.d, sizeof(before));
	assert_int_equal(dp(&f, 7), 0);
	assert_int_equal(dp(&f, 0), 0);
	assert_int_equal(dp(&f, 1U << 3), 0);
	assert_memory_equal(&before, &f.d, sizeof(before));
	/* A write of pipe A's live surface: out now; pipe B's waits. */
	vblanks = f.d.stats.vblanks;
	frm0 = rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(0));
	frm1 = rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(1));
	flipless0 = f.d.pipe[0].flipless;
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 0), 0);
	assert_int_equal(gvt_display_surface_written(&f.d, 1, 0), 0);
	assert_int_equal(dp(&f, 1U << 0), PRI(0));
	assert_int_equal(f.d.stats.events[0], 2);
	assert_int_equal(f.d.masked, PRI(0));
	assert_int_equal(f.d.pipe[1].written, 1);
	assert_int_equal(f.d.stats.vblanks, vblanks);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(0)), frm0);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(1)), frm1);
	assert_int_equal(f.d.pipe[0].flipless, flipless0);
	assert_int_equal(dp(&f, 1U << 0), 0);
	assert_int_equal(vb(&f), PRI(1));
	/* Masked: pending, then out at the next delivery after the unmask. */
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 0), 0);
	assert_int_equal(dp(&f, 1U << 0), 0);
	assert_int_equal(f.d.pending, PRI(0));
	coalesced = f.d.stats.coalesced;
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 0), 0);
	assert_int_equal(dp(&f, 1U << 0), 0);
	assert_int_equal(f.d.stats.coalesced, coalesced + 1);
	unmask_all(&f);
	assert_int_equal(dp(&f, 1U << 0), PRI(0));
	unmask_all(&f);
	/* A register change of the pipe goes too; an armed flip stays armed. */
	wr(&f.d, GVT_MPT_CURPOS(0), 0x00200020);
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x1000);
	assert_int_equal(dp(&f, 1U << 0), CUR(0));
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0);
	assert_int_equal(f.d.pipe[0].flip_armed, 1);
	unmask_all(&f);
	assert_int_equal(vb(&f), PRI(0));
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0x1000);
	unmask_all(&f);
	/* Refused by the backend: pending and unmasked, as at a vblank. */
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 0), 0);
	f.r.refuse = 1;
	assert_int_equal(gvt_display_deliver_pipes(&f.d, 1U << 0), 0);
	assert_int_equal(f.d.pending, PRI(0));
	assert_int_equal(f.d.masked, 0);
	f.r.refuse = 0;
	assert_int_equal(dp(&f, 1U << 0), PRI(0));
	unmask_all(&f);
	/* A plane not shown: the write is forgotten. */
	wr(&f.d, GVT_MPT_PLANE_CTL(2), PL_EN);
	assert_int_equal(gvt_display_surface_written(&f.d, 0, 1), 0);
	wr(&f.d, GVT_MPT_CURCNTR(0), 0);
	assert_int_equal(dp(&f, 1U << 0), CUR(0));
	unmask_all(&f);
	assert_int_equal(f.d.pipe[0].written, 0);
	assert_int_equal(dp(&f, 7), 0);
}

/*
 * stats.coalesced: per source, a change at a vblank that found an earlier
 * change of that source still undelivered.  Several writes in one frame
 * are one change; a change of a masked source with nothing pending is not
 * merged (it becomes the pending event).
 */
static void test_coalesced_counts_changes(void **state)
{
	struct fx f;
	u32 i;

	(void)state;
	fx_init(&f, 1, 0);
	pipe_on(&f, 0);
	assert_int_equal(f.d.stats.coalesced, 0);
	for (i = 1; i <= 4; i++)
		wr(&f.d, GVT_MPT_CURPOS(0), i);	/* 4 writes, one change */
	assert_int_equal(vb(&f), CUR(0));
	assert_int_equal(f.d.stats.coalesced, 0);
	wr(&f.d, GVT_MPT_CURPOS(0), 9);		/* masked: pending */
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x1000);
	assert_int_equal(vb(&f), PRI(0));
	assert_int_equal(f.d.stats.coalesced, 0);
	wr(&f.d, GVT_MPT_CURPOS(0), 10);		/* merged: 1 */
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x2000);	/* masked: pending */
	assert_int_equal(vb(&f), 0);
	assert_int_equal(f.d.stats.coalesced, 1);
	wr(&f.d, GVT_MPT_CURPOS(0), 11);		/* both merged: 3 */
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x3000);
	assert_int_equal(vb(&f), 0);
	assert_int_equal(f.d.stats.coalesced, 3);
	assert_int_equal(vb(&f), 0);			/* no change: still 3 */
	assert_int_equal(f.d.stats.coalesced, 3);
	unmask_all(&f);
	assert_int_equal(vb(&f), PRI(0) | CUR(0));
	/* changes (cursor 4, primary 3) = events + coalesced + pending */
	assert_int_equal(f.d.stats.events[0] + f.d.stats.events[1] - 2 +
			 f.d.stats.coalesced, 7);
}

static void test_automask(void **state)
{
	struct fx f;
	u32 i;

	(void)state;
	fx_init(&f, 1, 0);
	wr(&f.d, GVT_MPT_PIPECONF(0), EN);
	wr(&f.d, GVT_MPT_PLANE_CTL(0), PL_EN);
	assert_int_equal(vb(&f), PRI(0) | CUR(0));
	/* Delivered sources are masked until the consumer unmasks. */
	assert_int_equal(f.d.masked, PRI(0) | CUR(0));
	assert_int_equal(f.d.pending, 0);
	wr(&f.d, GVT_MPT_CURCNTR(0), CUR_ON);
	for (i = 0; i < 10; i++) {
		wr(&f.d, GVT_MPT_PLANE_SURF(0), (i + 1) << 12);
		wr(&f.d, GVT_MPT_CURPOS(0), i + 1);
		assert_int_equal(vb(&f), 0);
	}
	assert_int_equal(f.d.pending, PRI(0) | CUR(0));
	/* Two sources changed at 10 vblanks: the first change of each is
	 * pending, the other 9 of each merged into it. */
	assert_int_equal(f.d.stats.coalesced, 18);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(0)), 10);
	/* Unmask with a change pending: one event at the next vblank. */
	assert_int_equal(gvt_display_unmask(&f.d, 0, 1, NULL), 0);
	assert_int_equal(f.r.calls, 2);		/* not at the unmask */
	assert_int_equal(vb(&f), PRI(0));
	assert_int_equal(f.d.masked, PRI(0) | CUR(0));
	assert_int_equal(f.d.pending, CUR(0));
	assert_int_equal(vb(&f), 0);
	/* Unmask with nothing pending: nothing, until the next change. */
	assert_int_equal(gvt_display_unmask(&f.d, 0, 1, NULL), 0);
	assert_int_equal(vb(&f), 0);
	assert_int_equal(vb(&f), 0);
	assert_int_equal(f.d.masked, CUR(0));
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x99000);
	assert_int_equal(vb(&f), PRI(0));
	assert_int_equal(f.r.per_source[0], 3);
	assert_int_equal(f.r.per_source[1], 1);
	/* The cursor's change is still there after all this. */
	assert_int_equal(gvt_display_unmask(&f.d, 1, 1, NULL), 0);
	assert_int_equal(vb(&f), CUR(0));
}

static void test_explicit_mask(void **state)
{
	struct fx f;
	u32 i;

	(void)state;
	fx_init(&f, 3, 0);
	pipe_on(&f, 0);
	pipe_on(&f, 1);
	assert_int_equal(gvt_display_mask(&f.d, 0, 6, NULL), 0);
	assert_int_equal(f.d.masked, ALL(3));
	for (i = 0; i < 20; i++) {
		wr(&f.d, GVT_MPT_PLANE_SURF(0), i << 12);
		wr(&f.d, GVT_MPT_CURPOS(1), i);
		assert_int_equal(vb(&f), 0);
	}
	assert_int_equal(f.d.pending, PRI(0) | CUR(1));
	/* Masking is a 0/1 state, not a count: mask twice, unmask once. */
	assert_int_equal(gvt_display_mask(&f.d, 2, 2, NULL), 0);
	assert_int_equal(gvt_display_unmask(&f.d, 2, 2, NULL), 0);
	assert_int_equal(vb(&f), CUR(1));
	/* A mask set before the vblank holds back a change of this frame. */
	assert_int_equal(gvt_display_unmask(&f.d, 0, 1, NULL), 0);
	assert_int_equal(gvt_display_mask(&f.d, 0, 1, NULL), 0);
	assert_int_equal(vb(&f), 0);
	assert_int_equal(gvt_display_unmask(&f.d, 0, 6, NULL), 0);
	assert_int_equal(vb(&f), PRI(0));
	/* Timer mode: everything masked, nothing is ever signalled. */
	assert_int_equal(gvt_display_mask(&f.d, 0, 6, NULL), 0);
	f.r.calls = 0;
	for (i = 0; i < 100; i++) {
		wr(&f.d, GVT_MPT_PLANE_SURF(1), i << 12);
		assert_int_equal(vb(&f), 0);
	}
	assert_int_equal(f.r.calls, 0);
}

static void test_data_bool_masks(void **state)
{
	static const u8 mask_b[] = { 1, 0, 0xff, 0 };
	static const u8 unmask_b[] = { 0, 0, 2 };
	static const u8 zeros[] = { 0, 0, 0, 0, 0, 0 };
	struct gvt_display copy;
	struct fx f;
	u32 p;

	(void)state;
	fx_init(&f, 3, 0);
	assert_int_equal(gvt_display_mask(&f.d, 1, 4, mask_b), 0);
	/* Sources 1 and 3: every non-zero byte counts, 0 is left alone. */
	assert_int_equal(f.d.masked, (1U << 1) | (1U << 3));
	for (p = 0; p < 3; p++)
		wr(&f.d, GVT_MPT_PIPECONF(p), EN);
	assert_int_equal(vb(&f), ALL(3) & ~((1U << 1) | (1U << 3)));
	assert_int_equal(f.d.pending, (1U << 1) | (1U << 3));
	/* Unmask source 3 only (byte 2 of a range starting at 1). */
	assert_int_equal(gvt_display_unmask(&f.d, 1, 3, unmask_b), 0);
	assert_int_equal(f.d.masked, ALL(3) & ~(1U << 3));
	assert_int_equal(vb(&f), 1U << 3);
	/* All-zero bools are valid and change nothing. */
	memcpy(&copy, &f.d, sizeof(copy));
	assert_int_equal(gvt_display_unmask(&f.d, 0, 6, zeros), 0);
	assert_int_equal(gvt_display_mask(&f.d, 0, 6, zeros), 0);
	assert_memory_equal(&copy, &f.d, sizeof(copy));
	/* Bools past the last source are a bad range. */
	assert_int_equal(gvt_display_unmask(&f.d, 4, 3, unmask_b),
			 -GVT_EINVAL);
	assert_memory_equal(&copy, &f.d, sizeof(copy));
	/* DATA_BOOL on a 1-pipe vGPU: two sources only. */
	fx_init(&f, 1, 0);
	assert_int_equal(gvt_display_mask(&f.d, 0, 3, mask_b), -GVT_EINVAL);
	assert_int_equal(gvt_display_mask(&f.d, 1, 1, mask_b), 0);
	assert_int_equal(f.d.masked, CUR(0));
}

static void test_check_range(void **state)
{
	static const struct {
		u32 pipes, start, count;
		int ok;
	} t[] = {
		{ 1, 0, 1, 1 }, { 1, 0, 2, 1 }, { 1, 1, 1, 1 },
		{ 1, 0, 0, 0 }, { 1, 1, 0, 0 }, { 1, 2, 0, 0 },
		{ 1, 0, 3, 0 }, { 1, 1, 2, 0 }, { 1, 2, 1, 0 },
		{ 3, 0, 6, 1 }, { 3, 5, 1, 1 }, { 3, 2, 4, 1 },
		{ 3, 0, 7, 0 }, { 3, 6, 1, 0 }, { 3, 5, 2, 0 },
		{ 3, 0xffffffffU, 2, 0 }, { 3, 0xffffffffU, 1, 0 },
		{ 3, 0xfffffffeU, 3, 0 }, { 3, 1, 0xffffffffU, 0 },
		{ 3, 0, 0xffffffffU, 0 }, { 3, 2, 0xfffffffeU, 0 },
		{ 3, 0x80000000U, 0x80000001U, 0 },
		{ 3, 0xfffffffaU, 12, 0 }, { 1, 0xffffffffU, 3, 0 },
	};
	struct gvt_display copy;
	struct fx f;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		int want = t[i].ok ? 0 : -GVT_EINVAL;

		fx_init(&f, t[i].pipes, 0);
		assert_int_equal(gvt_display_check_range(&f.d, t[i].start,
							 t[i].count), want);
		if (t[i].ok)
			continue;
		/* A bad range changes nothing, masked or not. */
		wr(&f.d, GVT_MPT_PIPECONF(0), EN);
		vb(&f);
		assert_int_equal(gvt_display_unmask(&f.d, 1, 1, NULL), 0);
		memcpy(&copy, &f.d, sizeof(copy));
		assert_int_equal(gvt_display_mask(&f.d, t[i].start,
						  t[i].count, NULL), want);
		assert_int_equal(gvt_display_unmask(&f.d, t[i].start,
						    t[i].count, NULL), want);
		assert_memory_equal(&copy, &f.d, sizeof(copy));
	}
}

static void test_backend_refusal_keeps_pending(void **state)
{
	struct fx f;
	u32 i;

	(void)state;
	fx_init(&f, 1, 0);
	f.r.refuse = 1;
	wr(&f.d, GVT_MPT_PIPECONF(0), EN);
	for (i = 1; i <= 5; i++) {
		assert_int_equal(vb(&f), 0);
		/* Tried at every vblank, never automasked. */
		assert_int_equal(f.r.calls, 2 * i);
		assert_int_equal(f.d.pending, PRI(0) | CUR(0));
		assert_int_equal(f.d.masked, 0);
		assert_int_equal(f.d.stats.undelivered, 2 * i);
	}
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x1000);
	f.r.refuse = 0;
	assert_int_equal(vb(&f), PRI(0) | CUR(0));
	assert_int_equal(f.r.per_source[0], 1);
	assert_int_equal(f.r.per_source[1], 1);
	assert_int_equal(f.d.pending, 0);
	assert_int_equal(f.d.masked, PRI(0) | CUR(0));
	assert_int_equal(f.d.stats.events[0], 1);
	assert_int_equal(f.d.stats.events[1], 1);
	assert_int_equal(vb(&f), 0);
}

static void test_no_backend_keeps_pending(void **state)
{
	static const struct gvt_mpt_ops no_hook = { .name = "none" };
	struct gvt_display d;
	struct tb_vgpu v;

	(void)state;
	/*
	 * No ops at all, or ops without the hook: ENOTCONN, kept.  The pipe
	 * switched on is the change (of both its planes).
	 */
	gvt_display_init(&d, 1, 0, NULL, NULL);
	assert_int_equal(gvt_display_mmio_write(&d, GVT_MPT_PIPECONF(0), 4,
						EN), 0);
	assert_int_equal(gvt_display_vblank(&d), 0);
	assert_int_equal(d.pending, PRI(0) | CUR(0));
	assert_int_equal(d.masked, 0);
	gvt_display_init(&d, 1, 0, &no_hook, NULL);
	assert_int_equal(gvt_display_mmio_write(&d, GVT_MPT_PIPECONF(0), 4,
						EN), 0);
	assert_int_equal(gvt_display_vblank(&d), 0);
	assert_int_equal(d.pending, PRI(0) | CUR(0));
	/* The real test backend with its "eventfd" detached. */
	memset(&v, 0, sizeof(v));
	gvt_display_init(&v.d, 1, 0, &tb_ops, &v);
	assert_int_equal(gvt_display_mmio_write(&v.d, GVT_MPT_PIPECONF(0), 4,
						EN), 0);
	assert_int_equal(gvt_display_vblank(&v.d), 0);
	assert_int_equal(gvt_display_vblank(&v.d), 0);
	assert_int_equal(v.counter, 0);
	v.attached = 1;
	assert_int_equal(gvt_display_vblank(&v.d), PRI(0) | CUR(0));
	assert_int_equal(v.counter, scn_event(0) | scn_event(1));
	assert_int_equal(v.signals, 2);
}

static void test_counter_layout(void **state)
{
	struct tb_vgpu v;
	u32 p, s;

	(void)state;
	memset(&v, 0, sizeof(v));
	v.attached = 1;
	gvt_display_init(&v.d, 3, 0, &tb_ops, &v);
	wr(&v.d, GVT_MPT_PIPECONF(1), EN);
	wr(&v.d, GVT_MPT_CURCNTR(1), CUR_ON);
	assert_int_equal(gvt_display_vblank(&v.d), PRI(1) | CUR(1));
	/* Pipe B: primary is source 2, at bit 40; cursor 3, at bit 32. */
	assert_int_equal(v.counter, 1ULL << 40 | 1ULL << 32);
	v.counter = 0;
	assert_int_equal(gvt_display_unmask(&v.d, 0, 6, NULL), 0);
	wr(&v.d, GVT_MPT_CURPOS(1), 5);
	assert_int_equal(gvt_display_vblank(&v.d), CUR(1));
	assert_int_equal(v.counter, 1ULL << 32);
	v.counter = 0;
	assert_int_equal(gvt_display_unmask(&v.d, 0, 6, NULL), 0);
	for (p = 0; p < 3; p++) {
		wr(&v.d, GVT_MPT_PIPECONF(p), p == 1 ? 0 : EN);
		wr(&v.d, GVT_MPT_PLANE_CTL(p), PL_EN);
		wr(&v.d, GVT_MPT_CURCNTR(p), CUR_ON);
	}
	assert_int_equal(gvt_display_vblank(&v.d), ALL(3));
	assert_int_equal(v.counter, 0x0101010101010000ULL);
	for (s = 0; s < 6; s++)
		assert_int_equal(scn_count(v.counter, s), 1);
	assert_int_equal(scn_sources(v.counter), ALL(3));
	/* A stalled consumer: still one per field after 1000 frames. */
	for (s = 0; s < 1000; s++) {
		for (p = 0; p < 3; p++) {
			wr(&v.d, GVT_MPT_PIPECONF(p), EN);
			wr(&v.d, GVT_MPT_PLANE_SURF(p), (s + 1) << 12);
			wr(&v.d, GVT_MPT_CURPOS(p), s + 1);
		}
		gvt_display_vblank(&v.d);
	}
	assert_int_equal(v.counter, 0x0101010101010000ULL);
	assert_int_equal(v.signals, 9);
}

static void test_reset(void **state)
{
	struct fx f;
	u32 p;
	size_t i;

	(void)state;
	fx_init(&f, 3, 0);
	for (p = 0; p < 3; p++) {
		wr(&f.d, GVT_MPT_PLANE_CTL(p), PL_EN);
		wr(&f.d, GVT_MPT_PLANE_STRIDE(p), 0x40);
		wr(&f.d, GVT_MPT_CURCNTR(p), 0x27);
		wr(&f.d, GVT_MPT_CURBASE(p), 0x3000);
		wr(&f.d, GVT_MPT_PLANE_SURF(p), 0x1000);
	}
	wr(&f.d, GVT_MPT_PIPECONF(0), EN);
	wr(&f.d, GVT_MPT_PIPECONF(2), EN);
	/* Pipe B is off: what its registers say is not shown. */
	assert_int_equal(vb(&f), PRI(0) | CUR(0) | PRI(2) | CUR(2));
	assert_int_equal(vb(&f), 0);
	unmask_all(&f);
	assert_int_equal(gvt_display_mask(&f.d, 4, 1, NULL), 0);
	wr(&f.d, GVT_MPT_CURPOS(1), 7);		/* pipe B off: nothing */
	wr(&f.d, GVT_MPT_CURPOS(0), 7);
	assert_int_equal(vb(&f), CUR(0));
	wr(&f.d, GVT_MPT_PLANE_STRIDE(2), 0x80);
	assert_int_equal(vb(&f), 0);		/* C.pri pending, masked */
	assert_int_equal(f.d.pending, PRI(2));
	unmask_all(&f);
	assert_int_equal(gvt_display_mask(&f.d, 4, 2, NULL), 0);
	wr(&f.d, GVT_MPT_CURPOS(0), 9);			/* changed, not yet */
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x2000);	/* armed, lost */

	gvt_display_reset(&f.d);
	/* Registers are back to zero, configuration is kept. */
	for (p = 0; p < 3; p++) {
		for (i = 0; i < ARRAY_SIZE(regs); i++)
			assert_int_equal(rd(&f.d, OFF(regs[i].off, p)), 0);
		assert_int_equal(f.d.pipe[p].flip_armed, 0);
		assert_int_equal(f.d.pipe[p].single_fb, 0);
	}
	assert_int_equal(f.d.nr_pipes, 3);
	assert_int_equal(f.d.single_fb_vblanks, 0);
	/* Masks and pending events survive. */
	assert_int_equal(f.d.masked, PRI(2) | CUR(2));
	assert_int_equal(f.d.pending, PRI(2));
	/* Pipes that were on went dark (A, C); B was off: no change. */
	assert_int_equal(vb(&f), PRI(0) | CUR(0));
	assert_int_equal(f.d.pending, PRI(2) | CUR(2));
	unmask_all(&f);
	assert_int_equal(vb(&f), PRI(2) | CUR(2));
	unmask_all(&f);
	/* Everything off now: nothing counts, nothing is raised. */
	for (i = 0; i < 20; i++)
		assert_int_equal(vb(&f), 0);
	for (p = 0; p < 3; p++)
		assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(p)), 0);
	/* Reset of an all-off display raises nothing. */
	gvt_display_reset(&f.d);
	assert_int_equal(vb(&f), 0);
}

static void test_pipe_off(void **state)
{
	struct fx f;
	u32 i;

	(void)state;
	fx_init(&f, 1, 2);
	pipe_on(&f, 0);
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x1000);
	/* Switching the pipe off completes the armed flip at once. */
	wr(&f.d, GVT_MPT_PIPECONF(0), 0);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0x1000);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(0)), 1);
	assert_int_equal(vb(&f), PRI(0) | CUR(0));
	unmask_all(&f);
	/*
	 * Off: flips immediate (and showing nothing: no event), no frame
	 * counting, no single-FB.
	 */
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x2000);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0x2000);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(0)), 2);
	assert_int_equal(vb(&f), 0);
	for (i = 0; i < 20; i++)
		assert_int_equal(vb(&f), 0);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(0)), 1);
}

static void test_two_instances_share_nothing(void **state)
{
	struct fx a, b;
	struct gvt_display copy;
	u32 i, sa[64], sb[64];

	(void)state;
	fx_init(&a, 3, 2);
	fx_init(&b, 3, 2);
	memcpy(&copy, &b.d, sizeof(copy));
	/* Drive a hard; b must not move, not even its counters. */
	for (i = 0; i < 64; i++) {
		if (i == 0) {
			wr(&a.d, GVT_MPT_PIPECONF(1), EN);
			wr(&a.d, GVT_MPT_PLANE_CTL(1), PL_EN);
		}
		if (i % 3 == 0)
			wr(&a.d, GVT_MPT_PLANE_SURF(1), i << 12);
		wr(&a.d, GVT_MPT_CURPOS(2), i);
		if (i == 30)
			gvt_display_reset(&a.d);
		if (i % 5 == 0)
			gvt_display_mask(&a.d, 0, 6, NULL);
		sa[i] = vb(&a);
		gvt_display_unmask(&a.d, 0, 6, NULL);
		assert_memory_equal(&copy, &b.d, sizeof(copy));
	}
	assert_int_equal(b.r.calls, 0);
	assert_true(a.r.calls > 0);
	/* The same history on b gives the same results: no shared state. */
	for (i = 0; i < 64; i++) {
		if (i == 0) {
			wr(&b.d, GVT_MPT_PIPECONF(1), EN);
			wr(&b.d, GVT_MPT_PLANE_CTL(1), PL_EN);
		}
		if (i % 3 == 0)
			wr(&b.d, GVT_MPT_PLANE_SURF(1), i << 12);
		wr(&b.d, GVT_MPT_CURPOS(2), i);
		if (i == 30)
			gvt_display_reset(&b.d);
		if (i % 5 == 0)
			gvt_display_mask(&b.d, 0, 6, NULL);
		sb[i] = vb(&b);
		gvt_display_unmask(&b.d, 0, 6, NULL);
	}
	assert_memory_equal(sa, sb, sizeof(sa));
	assert_memory_equal(a.r.per_source, b.r.per_source,
			    sizeof(a.r.per_source));
	assert_memory_equal(&a.d.stats, &b.d.stats, sizeof(a.d.stats));
	assert_memory_equal(a.d.pipe, b.d.pipe, sizeof(a.d.pipe));
}

/*
 * A display with everything in flight: pipes on, flips done and armed,
 * single-FB entered, automasked and explicitly masked sources (DATA_NONE
 * and DATA_BOOL), pending and changed sources, counters moved.
 */
static void dirty_display(struct fx *f)
{
	static const u8 mask_b[] = { 1, 0, 1 };
	u32 i;

	fx_init(f, 3, 4);
	pipe_on(f, 0);
	pipe_on(f, 1);
	wr(&f->d, GVT_MPT_PIPECONF(2), EN);
	wr(&f->d, GVT_MPT_PLANE_CTL(1), PL_EN | PL_ASYNC);
	for (i = 1; i <= 3; i++) {
		wr(&f->d, GVT_MPT_PLANE_SURF(0), i << 12);
		wr(&f->d, GVT_MPT_PLANE_SURF(1), i << 16);
		vb(f);
	}
	for (i = 0; i < 6; i++)		/* pipe B goes single-FB */
		vb(f);
	assert_int_equal(f->d.pipe[1].single_fb, 1);
	assert_int_equal(gvt_display_mask(&f->d, 4, 2, NULL), 0);
	assert_int_equal(gvt_display_mask(&f->d, 1, 3, mask_b), 0);
	wr(&f->d, GVT_MPT_CURPOS(1), 0x00400040);
	vb(f);					/* pending while masked */
	wr(&f->d, GVT_MPT_PLANE_STRIDE(2), 0x100);
	wr(&f->d, GVT_MPT_PLANE_SURF(0), 0x9000);	/* armed */
	wr(&f->d, GVT_MPT_CURBASE(0), 0x5000);		/* changed */
	assert_int_equal(f->d.pipe[0].flip_armed, 1);
	assert_true(f->d.masked != 0);
	assert_true(f->d.pending != 0);
	assert_true(f->d.changed != 0);
	assert_true(f->d.stats.vblanks > 0 && f->d.stats.flips > 0);
	assert_true(f->d.stats.coalesced > 0);
}

static void test_power_on_is_a_new_engine(void **state)
{
	static const struct gvt_display_stats zero_stats;
	static const struct gvt_pipe zero_pipe;
	struct gvt_display fresh;
	struct fx f;
	u32 p, calls;
	size_t i;

	(void)state;
	dirty_display(&f);
	gvt_display_power_on(&f.d);
	/* Registers 0, nothing masked, pending or changed, stats zero. */
	for (p = 0; p < 3; p++) {
		for (i = 0; i < ARRAY_SIZE(regs); i++)
			assert_int_equal(rd(&f.d, OFF(regs[i].off, p)), 0);
		assert_memory_equal(&f.d.pipe[p], &zero_pipe,
				    sizeof(zero_pipe));
	}
	assert_int_equal(f.d.masked, 0);
	assert_int_equal(f.d.pending, 0);
	assert_int_equal(f.d.changed, 0);
	assert_memory_equal(&f.d.stats, &zero_stats, sizeof(zero_stats));
	/* The pipes, N and the binding stay. */
	assert_int_equal(f.d.nr_pipes, 3);
	assert_int_equal(gvt_display_nr_sources(&f.d), 6);
	assert_int_equal(f.d.single_fb_vblanks, 4);
	assert_ptr_equal(f.d.mpt.ops, &rec_ops);
	assert_ptr_equal(f.d.mpt.handle, &f.r);
	/* Byte for byte what gvt_display_init() makes. */
	gvt_display_init(&fresh, 3, 4, &rec_ops, &f.r);
	assert_memory_equal(&fresh, &f.d, sizeof(fresh));
	/* Nothing is raised for what came before: not for the pipes that
	 * were on, the changes pending, the armed flip or single-FB. */
	calls = f.r.calls;
	for (i = 0; i < 20; i++)
		assert_int_equal(vb(&f), 0);
	assert_int_equal(f.r.calls, calls);
	for (p = 0; p < 3; p++)
		assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(p)), 0);
	assert_int_equal(f.d.stats.vblanks, 20);
	/* Power-on of a new engine changes nothing. */
	gvt_display_init(&fresh, 2, 0, NULL, NULL);
	memcpy(&f.d, &fresh, sizeof(fresh));
	gvt_display_power_on(&f.d);
	assert_memory_equal(&fresh, &f.d, sizeof(fresh));
}

static void test_power_on_then_flip_delivered(void **state)
{
	struct fx f;
	u32 k;

	(void)state;
	dirty_display(&f);
	gvt_display_power_on(&f.d);
	f.r.calls = 0;
	memset(f.r.per_source, 0, sizeof(f.r.per_source));
	/* Sources masked before (4, 5 explicitly, 0 and 1 automasked) are
	 * delivered: every source is unmasked. */
	wr(&f.d, GVT_MPT_PIPECONF(2), EN);
	assert_int_equal(vb(&f), PRI(2) | CUR(2));
	wr(&f.d, GVT_MPT_PIPECONF(2), 0);
	assert_int_equal(vb(&f), 0);		/* automasked, pending */
	unmask_all(&f);
	assert_int_equal(vb(&f), PRI(2) | CUR(2));
	unmask_all(&f);
	pipe_on(&f, 0);
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x1000);
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0);
	assert_int_equal(vb(&f), PRI(0));
	assert_int_equal(rd(&f.d, GVT_MPT_PLANE_SURFLIVE(0)), 0x1000);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FLIPCOUNT(0)), 1);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(0)), 2);
	assert_int_equal(rd(&f.d, GVT_MPT_PIPE_FRMCOUNT(2)), 1);
	assert_int_equal(f.d.stats.flips, 1);
	assert_int_equal(f.d.stats.vblanks, 5);
	assert_int_equal(f.d.stats.events[0], 2);
	assert_int_equal(f.r.per_source[0], 2);
	assert_int_equal(f.r.per_source[1], 1);
	assert_int_equal(f.r.per_source[4], 2);
	assert_int_equal(f.r.per_source[5], 2);
	/* Automask works again: masked until unmasked. */
	wr(&f.d, GVT_MPT_PLANE_SURF(0), 0x2000);
	assert_int_equal(vb(&f), 0);		/* the flip's vblank */
	unmask_all(&f);
	assert_int_equal(vb(&f), PRI(0));	/* flip-less vblank 1 */
	unmask_all(&f);
	/* N (4) survived: single-FB at flip-less vblank 4 exactly. */
	for (k = 2; k < 4; k++)
		assert_int_equal(vb(&f), 0);
	assert_int_equal(f.d.pipe[0].single_fb, 0);
	assert_int_equal(vb(&f), PRI(0));
	assert_int_equal(f.d.pipe[0].single_fb, 1);
}

/* VFIO_DEVICE_SET_IRQS decode -------------------------------------------- */

#define TRIG		GVT_IRQSET_ACTION_TRIGGER
#define MASK		GVT_IRQSET_ACTION_MASK
#define UNMASK		GVT_IRQSET_ACTION_UNMASK
#define NONE		GVT_IRQSET_DATA_NONE
#define BOOL		GVT_IRQSET_DATA_BOOL
#define EVFD		GVT_IRQSET_DATA_EVENTFD
#define CAN_MASK	GVT_IRQSET_CAN_MASK
#define DISP_NR		6	/* the display irq of a 3-pipe vGPU */

/* Decode @h; on error the operation must be left as it was. */
static int decode_hdr(const struct gvt_irqset_hdr *h, u32 nr, u32 caps,
		      const void *data, u32 size, struct gvt_irqset_op *op)
{
	struct gvt_irqset_op before;
	int ret;

	memset(op, 0xa5, sizeof(*op));
	memcpy(&before, op, sizeof(before));
	ret = gvt_irqset_decode(h, nr, caps, data, size, op);
	if (ret)
		assert_memory_equal(op, &before, sizeof(before));
	return ret;
}

/* A well-formed header: argsz is header plus @size. */
static int decode(u32 flags, u32 start, u32 count, u32 nr, u32 caps,
		  const void *data, u32 size, struct gvt_irqset_op *op)
{
	struct gvt_irqset_hdr h = {
		.argsz = GVT_IRQSET_HDR_SIZE + size, .flags = flags,
		.index = nr == 1 ? 4 : 5, .start = start, .count = count,
	};

	return decode_hdr(&h, nr, caps, data, size, op);
}

/* The operation a decode returned, field by field. */
static void check_op(const struct gvt_irqset_op *op, u32 action, u32 start,
		     u32 count, const void *bools, const void *fds)
{
	assert_int_equal(op->action, action);
	assert_int_equal(op->start, start);
	assert_int_equal(op->count, count);
	assert_ptr_equal(op->bools, bools);
	assert_ptr_equal(op->fds, fds);
}

static void fds(u8 *buf, const int32_t *fd, size_t n)
{
	memcpy(buf, fd, n * sizeof(*fd));
}

static void test_irqset_attach(void **state)
{
	static const int32_t fd3[] = { 7, -1, 0 };
	static const int32_t fd6[] = { -1, -1, 3, INT32_MAX, 4, -1 };
	static const int32_t fd1[] = { 9 };
	u8 buf[6 * 4];
	struct gvt_irqset_op op;

	(void)state;
	/* One fd per sub-index, from start; -1 detaches that one. */
	fds(buf, fd3, 3);
	assert_int_equal(decode(TRIG | EVFD, 1, 3, DISP_NR, CAN_MASK, buf, 12,
				&op), 0);
	assert_int_equal(op.action, GVT_IRQSET_ATTACH);
	assert_int_equal(op.start, 1);
	assert_int_equal(op.count, 3);
	assert_ptr_equal(op.fds, buf);
	assert_null(op.bools);
	assert_int_equal(gvt_irqset_fd(&op, 0), 7);
	assert_int_equal(gvt_irqset_fd(&op, 1), -1);
	assert_int_equal(gvt_irqset_fd(&op, 2), 0);
	/* Every sub-index at once. */
	fds(buf, fd6, 6);
	assert_int_equal(decode(TRIG | EVFD, 0, 6, DISP_NR, CAN_MASK, buf, 24,
				&op), 0);
	assert_int_equal(op.action, GVT_IRQSET_ATTACH);
	assert_int_equal(op.count, 6);
	assert_int_equal(gvt_irqset_fd(&op, 3), INT32_MAX);
	assert_int_equal(gvt_irqset_fd(&op, 5), -1);
	/* The request irq: one sub-index, no masking. */
	fds(buf, fd1, 1);
	assert_int_equal(decode(TRIG | EVFD, 0, 1, 1, 0, buf, 4, &op), 0);
	assert_int_equal(op.action, GVT_IRQSET_ATTACH);
	assert_int_equal(gvt_irqset_fd(&op, 0), 9);
	/* Past the last sub-index, or no fd at all. */
	fds(buf, fd3, 3);
	assert_int_equal(decode(TRIG | EVFD, 4, 3, DISP_NR, CAN_MASK, buf, 12,
				&op), -GVT_IRQSET_EINVAL);
	assert_int_equal(decode(TRIG | EVFD, 0, 2, 1, 0, buf, 8, &op),
			 -GVT_IRQSET_EINVAL);
	assert_int_equal(decode(TRIG | EVFD, 0, 0, DISP_NR, CAN_MASK, NULL, 0,
				&op), -GVT_IRQSET_EINVAL);
}

static void test_irqset_attach_ebadf(void **state)
{
	static const int32_t bad_mid[] = { 3, -2, 4 };
	static const int32_t bad_last[] = { -1, 5, INT32_MIN };
	static const int32_t bad_one[] = { -100 };
	struct gvt_irqset_hdr h = {
		.argsz = GVT_IRQSET_HDR_SIZE + 8, .flags = TRIG | EVFD,
		.index = 5, .start = 0, .count = 3,
	};
	u8 buf[3 * 4];
	struct gvt_irqset_op op;

	(void)state;
	/* A negative fd other than -1 among valid ones: EBADF, all of it. */
	fds(buf, bad_mid, 3);
	assert_int_equal(decode(TRIG | EVFD, 0, 3, DISP_NR, CAN_MASK, buf, 12,
				&op), -GVT_IRQSET_EBADF);
	fds(buf, bad_last, 3);
	assert_int_equal(decode(TRIG | EVFD, 3, 3, DISP_NR, CAN_MASK, buf, 12,
				&op), -GVT_IRQSET_EBADF);
	fds(buf, bad_one, 1);
	assert_int_equal(decode(TRIG | EVFD, 0, 1, 1, 0, buf, 4, &op),
			 -GVT_IRQSET_EBADF);
	/* A malformed request is EINVAL whatever its fds. */
	fds(buf, bad_mid, 3);
	assert_int_equal(decode_hdr(&h, DISP_NR, CAN_MASK, buf, 12, &op),
			 -GVT_IRQSET_EINVAL);
	assert_int_equal(decode(TRIG | EVFD, 4, 3, DISP_NR, CAN_MASK, buf, 12,
				&op), -GVT_IRQSET_EINVAL);
}

static void test_irqset_detach_all(void **state)
{
	static const u8 one[] = { 1 };
	struct gvt_irqset_op op;

	(void)state;
	assert_int_equal(decode(TRIG | NONE, 0, 0, DISP_NR, CAN_MASK, NULL, 0,
				&op), 0);
	check_op(&op, GVT_IRQSET_DETACH_ALL, 0, 0, NULL, NULL);
	/* Any start inside the irq (the core checks it), every sub-index. */
	assert_int_equal(decode(TRIG | NONE, 5, 0, DISP_NR, CAN_MASK, NULL, 0,
				&op), 0);
	assert_int_equal(op.action, GVT_IRQSET_DETACH_ALL);
	assert_int_equal(op.start, 0);
	assert_int_equal(decode(TRIG | NONE, 0, 0, 1, 0, NULL, 0, &op), 0);
	assert_int_equal(op.action, GVT_IRQSET_DETACH_ALL);
	assert_int_equal(decode(TRIG | NONE, 6, 0, DISP_NR, CAN_MASK, NULL, 0,
				&op), -GVT_IRQSET_EINVAL);
	/* Count 0 detaches with DATA_NONE only. */
	assert_int_equal(decode(TRIG | BOOL, 0, 0, DISP_NR, CAN_MASK, one, 0,
				&op), -GVT_IRQSET_EINVAL);
	assert_int_equal(decode(TRIG | BOOL, 0, 0, 1, 0, NULL, 0, &op),
			 -GVT_IRQSET_EINVAL);
	assert_int_equal(decode(MASK | NONE, 0, 0, DISP_NR, CAN_MASK, NULL, 0,
				&op), -GVT_IRQSET_EINVAL);
	assert_int_equal(decode(UNMASK | NONE, 0, 0, DISP_NR, CAN_MASK, NULL,
				0, &op), -GVT_IRQSET_EINVAL);
}

static void test_irqset_fire(void **state)
{
	static const u8 b[] = { 1, 0, 0xff, 0, 0, 2 };
	struct gvt_irqset_op op;

	(void)state;
	/* DATA_NONE: every sub-index of the range. */
	assert_int_equal(decode(TRIG | NONE, 2, 2, DISP_NR, CAN_MASK, NULL, 0,
				&op), 0);
	check_op(&op, GVT_IRQSET_FIRE, 2, 2, NULL, NULL);
	/* DATA_BOOL: the bytes of the request, one per sub-index. */
	assert_int_equal(decode(TRIG | BOOL, 0, 6, DISP_NR, CAN_MASK, b, 6,
				&op), 0);
	check_op(&op, GVT_IRQSET_FIRE, 0, 6, b, NULL);
	/* The request irq fires too (loopback), without CAN_MASK. */
	assert_int_equal(decode(TRIG | NONE, 0, 1, 1, 0, NULL, 0, &op), 0);
	assert_int_equal(op.action, GVT_IRQSET_FIRE);
	assert_int_equal(decode(TRIG | BOOL, 0, 1, 1, 0, b, 1, &op), 0);
	assert_int_equal(op.action, GVT_IRQSET_FIRE);
	assert_ptr_equal(op.bools, b);
	/* One byte too many or too few is not the core's data size. */
	assert_int_equal(decode(TRIG | BOOL, 0, 2, DISP_NR, CAN_MASK, b, 3,
				&op), -GVT_IRQSET_EINVAL);
	assert_int_equal(decode(TRIG | BOOL, 5, 2, DISP_NR, CAN_MASK, b, 2,
				&op), -GVT_IRQSET_EINVAL);
}

static void test_irqset_mask_unmask(void **state)
{
	static const u8 b[] = { 0, 1, 1 };
	static const int32_t fd[] = { 3 };
	u8 buf[4];
	struct gvt_irqset_op op;

	(void)state;
	assert_int_equal(decode(MASK | NONE, 0, 6, DISP_NR, CAN_MASK, NULL, 0,
				&op), 0);
	check_op(&op, GVT_IRQSET_MASK, 0, 6, NULL, NULL);
	assert_int_equal(decode(UNMASK | BOOL, 3, 3, DISP_NR, CAN_MASK, b, 3,
				&op), 0);
	check_op(&op, GVT_IRQSET_UNMASK, 3, 3, b, NULL);
	assert_int_equal(decode(MASK | BOOL, 1, 1, 2, CAN_MASK, b, 1, &op), 0);
	assert_int_equal(op.action, GVT_IRQSET_MASK);
	/* No eventfd for mask and unmask, and no range past the end. */
	fds(buf, fd, 1);
	assert_int_equal(decode(MASK | EVFD, 0, 1, DISP_NR, CAN_MASK, buf, 4,
				&op), -GVT_IRQSET_EINVAL);
	assert_int_equal(decode(UNMASK | EVFD, 0, 1, DISP_NR, CAN_MASK, buf, 4,
				&op), -GVT_IRQSET_EINVAL);
	assert_int_equal(decode(UNMASK | NONE, 4, 3, DISP_NR, CAN_MASK, NULL,
				0, &op), -GVT_IRQSET_EINVAL);
}

static void test_irqset_mask_needs_can_mask(void **state)
{
	static const u8 b[] = { 1, 1 };
	struct gvt_irqset_op op;
	u32 nr;

	(void)state;
	/* The request irq has caps 0; so would a display irq without. */
	for (nr = 1; nr <= DISP_NR; nr += DISP_NR - 1) {
		assert_int_equal(decode(MASK | NONE, 0, 1, nr, 0, NULL, 0,
					&op), -GVT_IRQSET_EINVAL);
		assert_int_equal(decode(UNMASK | NONE, 0, 1, nr, 0, NULL, 0,
					&op), -GVT_IRQSET_EINVAL);
		assert_int_equal(decode(MASK | BOOL, 0, 1, nr, 0, b, 1, &op),
				 -GVT_IRQSET_EINVAL);
		assert_int_equal(decode(UNMASK | BOOL, 0, 1, nr, 0, b, 1,
					&op), -GVT_IRQSET_EINVAL);
		/* Trigger does not need it. */
		assert_int_equal(decode(TRIG | NONE, 0, 1, nr, 0, NULL, 0,
					&op), 0);
	}
	assert_int_equal(decode(MASK | NONE, 0, 1, 1, CAN_MASK, NULL, 0, &op),
			 0);
}

static void test_irqset_bad_request(void **state)
{
	static const struct {
		u32 argsz, flags, start, count, nr, size;
		int null_data;
	} t[] = {
		/* flags: unknown bit, no or two actions, no or two types */
		{ 20, TRIG | NONE | 0x40, 0, 1, 6, 0, 0 },
		{ 20, TRIG | NONE | 0x80000000U, 0, 1, 6, 0, 0 },
		{ 20, NONE, 0, 1, 6, 0, 0 },
		{ 20, TRIG | MASK | NONE, 0, 1, 6, 0, 0 },
		{ 20, TRIG, 0, 1, 6, 0, 0 },
		{ 21, TRIG | NONE | BOOL, 0, 1, 6, 1, 0 },
		{ 24, TRIG | BOOL | EVFD, 0, 1, 6, 4, 0 },
		/* argsz */
		{ 19, TRIG | NONE, 0, 1, 6, 0, 0 },
		{ 0, TRIG | NONE, 0, 0, 6, 0, 0 },
		{ 23, TRIG | EVFD, 0, 1, 6, 4, 0 },
		{ 25, TRIG | BOOL, 0, 6, 6, 6, 0 },
		/* data size not count times the element, or no data */
		{ 40, TRIG | EVFD, 0, 1, 6, 8, 0 },
		{ 40, TRIG | BOOL, 0, 2, 6, 1, 0 },
		{ 40, TRIG | NONE, 0, 2, 6, 2, 0 },
		{ 24, TRIG | EVFD, 0, 1, 6, 4, 1 },
		{ 22, MASK | BOOL, 0, 2, 6, 2, 1 },
		/* range */
		{ 20, TRIG | NONE, 6, 1, 6, 0, 0 },
		{ 20, TRIG | NONE, 0, 7, 6, 0, 0 },
		{ 20, TRIG | NONE, 1, 6, 6, 0, 0 },
		{ 20, TRIG | NONE, 0xffffffffU, 2, 6, 0, 0 },
		{ 20, TRIG | NONE, 2, 0xffffffffU, 6, 0, 0 },
		{ 20, TRIG | NONE, 0, 2, 1, 0, 0 },
		{ 20, TRIG | NONE, 1, 1, 1, 0, 0 },
		{ 20, TRIG | NONE, 0, 0, 0, 0, 0 },
		{ 20, TRIG | NONE, 0, 1, 0, 0, 0 },
	};
	static const u8 data[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	struct gvt_irqset_hdr h;
	struct gvt_irqset_op op;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		h = (struct gvt_irqset_hdr){
			.argsz = t[i].argsz, .flags = t[i].flags, .index = 5,
			.start = t[i].start, .count = t[i].count,
		};
		assert_int_equal(decode_hdr(&h, t[i].nr, CAN_MASK,
					    t[i].null_data ? NULL : data,
					    t[i].size, &op),
				 -GVT_IRQSET_EINVAL);
	}
	/* The index is the caller's: the same request on any index. */
	h = (struct gvt_irqset_hdr){
		.argsz = 22, .flags = UNMASK | BOOL, .start = 1, .count = 2,
	};
	for (i = 0; i < 8; i++) {
		h.index = i == 7 ? 0xffffffffU : (u32)i;
		assert_int_equal(decode_hdr(&h, DISP_NR, CAN_MASK, data, 2,
					    &op), 0);
		assert_int_equal(op.action, GVT_IRQSET_UNMASK);
		assert_ptr_equal(op.bools, data);
	}
	/* A larger argsz than the data needs is fine, as in the core. */
	h.argsz = 4096;
	assert_int_equal(decode_hdr(&h, DISP_NR, CAN_MASK, data, 2, &op), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_clamps_nr_pipes),
		cmocka_unit_test(test_init_clears_everything),
		cmocka_unit_test(test_mmio_all_registers_1pipe),
		cmocka_unit_test(test_mmio_all_registers_3pipes),
		cmocka_unit_test(test_mmio_bad_access_changes_nothing),
		cmocka_unit_test(test_guest_access_splitting),
		cmocka_unit_test(test_guest_access_manners),
		cmocka_unit_test(test_guest_access_equals_dword_ops),
		cmocka_unit_test(test_sync_flip_completes_at_next_vblank),
		cmocka_unit_test(test_async_flip_live_at_once_event_at_vblank),
		cmocka_unit_test(test_one_event_per_source_per_vblank),
		cmocka_unit_test(test_no_event_for_unchanged_vblanks),
		cmocka_unit_test(test_cursor_registers),
		cmocka_unit_test(test_display_geometry_registers),
		cmocka_unit_test(test_plane_info_primary),
		cmocka_unit_test(test_plane_info_aperture_bound),
		cmocka_unit_test(test_plane_info_cursor),
		cmocka_unit_test(test_single_fb_entry_after_n),
		cmocka_unit_test(test_single_fb_delay_independent_of_history),
		cmocka_unit_test(test_single_fb_after_flip_while_pipe_off),
		cmocka_unit_test(test_single_fb_zero_disables),
		cmocka_unit_test(test_single_fb_needs_plane_and_pipe_on),
		cmocka_unit_test(test_surface_written_and_tracking),
		cmocka_unit_test(test_pipe_idle_until_tracking_arms),
		cmocka_unit_test(test_deliver_pipes),
		cmocka_unit_test(test_coalesced_counts_changes),
		cmocka_unit_test(test_automask),
		cmocka_unit_test(test_explicit_mask),
		cmocka_unit_test(test_data_bool_masks),
		cmocka_unit_test(test_check_range),
		cmocka_unit_test(test_backend_refusal_keeps_pending),
		cmocka_unit_test(test_no_backend_keeps_pending),
		cmocka_unit_test(test_pipe_period_from_mode),
		cmocka_unit_test(test_vblank_of_some_pipes),
		cmocka_unit_test(test_counter_layout),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_pipe_off),
		cmocka_unit_test(test_two_instances_share_nothing),
		cmocka_unit_test(test_power_on_is_a_new_engine),
		cmocka_unit_test(test_power_on_then_flip_delivered),
		cmocka_unit_test(test_irqset_attach),
		cmocka_unit_test(test_irqset_attach_ebadf),
		cmocka_unit_test(test_irqset_detach_all),
		cmocka_unit_test(test_irqset_fire),
		cmocka_unit_test(test_irqset_mask_unmask),
		cmocka_unit_test(test_irqset_mask_needs_can_mask),
		cmocka_unit_test(test_irqset_bad_request),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
