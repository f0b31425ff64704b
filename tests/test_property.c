// SPDX-License-Identifier: GPL-2.0
/*
 * Seeded randomized property test of the display core.
 *
 *   test_property [SEED [WORKLOADS]]     (or env GVT_SEED, GVT_ITERS)
 *   GVT_ONLY=I    replay workload I of SEED alone
 *   GVT_TRACE=1   print every step (use with GVT_ONLY)
 *
 * Each workload is a random guest/consumer program of 200..2000 steps on
 * vGPU 0: register writes (mostly valid), register reads, vblanks (1..3),
 * mask/unmask (DATA_NONE and DATA_BOOL, sometimes bad ranges), consumer
 * reads of the event counter followed by an unmask of the sources read,
 * eventfd attach/detach and, rarely, a device reset.  It runs twice: alone,
 * then interleaved with a different random workload on vGPU 1 sharing the
 * vblank schedule.  A shadow model of what the contract promises (not of
 * how the core works) checks the properties below at every step; each
 * cmocka test reports one property over all workloads.
 *
 *   (a) the event of a flip that changes a shown surface comes at the next vblank unless the source is
 *       masked or no eventfd is attached, then at the first vblank after
 *       the unmask / attach;
 *   (b) a masked source is never signalled;
 *   (c) every byte of every counter read is 0 or 1 (the consumer only
 *       unmasks sources it has read), and it matches what was signalled;
 *   (d) vGPU 0's trace (signals with their vblank, every return code and
 *       register value) is the same alone and next to vGPU 1;
 *   (e) with the pipe and primary plane on and no flip for N vblanks, the
 *       primary source is pending or delivered at the N-th such vblank;
 *   (f) other plane changes are delivered like flips, and nothing is
 *       signalled without a change (or single-FB) behind it: the shadow
 *       owes an event only when what a plane displays changed (exact
 *       policy: a write of the same value, a flip to the live surface, a
 *       cursor or plane changed while not shown owe nothing), so no event
 *       comes at a vblank where nothing that affects the display changed;
 *   (g) registers read back what the contract says, bad accesses fail
 *       with the right errno and change nothing;
 *   (h) damage (uapi DAMAGE): what a consumer takes covers every change
 *       since its last take: FULL after any change of a plane but a
 *       cursor move (then MOVED, or FULL), every line a reported draw
 *       touched inside a band; bands sorted, disjoint, at most four; and
 *       nothing (flags 0, no band) when nothing changed.  Draws are
 *       reported ranges of display memory (gvt_display_surface_damage()),
 *       inside the live surface or anywhere.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/common_interface_defs.h>
#endif

#include "../common/gvt_display.h"
#include "../uapi/gvt_mpt_display.h"
#include "../uapi/gvt_mpt_regs.h"
#include "testbackend.h"

#define DEFAULT_SEED	0x6776742d6d7074ULL	/* "gvt-mpt" */
#define DEFAULT_ITERS	5000
#define MIN_STEPS	200
#define MAX_STEPS	2000

#define EN		GVT_MPT_PIPECONF_ENABLE
#define PL_EN		GVT_MPT_PLANE_CTL_ENABLE
#define PL_ASYNC	GVT_MPT_PLANE_CTL_ASYNC_FLIP
#define PRI(p)		(1U << GVT_MPT_SOURCE(p, GVT_MPT_PLANE_PRIMARY))
#define CUR(p)		(1U << GVT_MPT_SOURCE(p, GVT_MPT_PLANE_CURSOR))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- PRNG: xorshift64* ---------------------------------------------- */

struct rng {
	u64 s;
};

static u64 splitmix64(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static void rng_seed(struct rng *r, u64 seed)
{
	r->s = splitmix64(seed);
	if (!r->s)
		r->s = 0x2545f4914f6cdd1dULL;
}

static u64 rnd(struct rng *r)
{
	u64 x = r->s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Uniform in 0 .. n - 1 (n > 0). */
static u32 below(struct rng *r, u32 n)
{
	return (u32)(((rnd(r) >> 32) * (u64)n) >> 32);
}

static int chance(struct rng *r, u32 percent)
{
	return below(r, 100) < percent;
}

/* ---- properties and failure reports ----------------------------------- */

enum prop {
	P_FLIP, P_MASKED, P_COUNTER, P_LEAK, P_SINGLE_FB, P_CHANGE, P_REGS,
	P_DAMAGE, NR_PROPS
};

static const char *const prop_name[NR_PROPS] = {
	"(a) flip delivered", "(b) masked never signalled",
	"(c) counter fields 0/1", "(d) no state leak",
	"(e) single-FB entry", "(f) changes delivered, nothing spurious",
	"(g) register model", "(h) damage covers every change",
};

struct failure {
	int hit;
	u32 workload;
	u32 step;
	char text[320];
};

static struct {
	u64 seed;
	u32 iters;
	u32 first;		/* first workload index */
	int trace;
	u64 workloads, steps_w, steps_all, vblanks, signals, sfb_checks;
	u64 flip_checks, damage_takes, band_checks;
	double seconds;
	struct failure fail[NR_PROPS];
} g;

/* ---- registers -------------------------------------------------------- */

enum reg {
	R_PIPECONF, R_FRMCOUNT, R_FLIPCOUNT, R_CURCNTR, R_CURBASE, R_CURPOS,
	R_PLANE_CTL, R_PLANE_STRIDE, R_PLANE_SURF, R_PLANE_SURFLIVE,
	R_PLANE_POS, R_PLANE_SIZE, R_PIPESRC, NR_REGS
};

static const struct {
	const char *name;
	u32 off;
	int ro;
} regs[NR_REGS] = {
	[R_PIPECONF] = { "PIPECONF", GVT_MPT_PIPECONF(0), 0 },
	[R_FRMCOUNT] = { "PIPE_FRMCOUNT", GVT_MPT_PIPE_FRMCOUNT(0), 1 },
	[R_FLIPCOUNT] = { "PIPE_FLIPCOUNT", GVT_MPT_PIPE_FLIPCOUNT(0), 1 },
	[R_CURCNTR] = { "CURCNTR", GVT_MPT_CURCNTR(0), 0 },
	[R_CURBASE] = { "CURBASE", GVT_MPT_CURBASE(0), 0 },
	[R_CURPOS] = { "CURPOS", GVT_MPT_CURPOS(0), 0 },
	[R_PLANE_CTL] = { "PLANE_CTL", GVT_MPT_PLANE_CTL(0), 0 },
	[R_PLANE_STRIDE] = { "PLANE_STRIDE", GVT_MPT_PLANE_STRIDE(0), 0 },
	[R_PLANE_SURF] = { "PLANE_SURF", GVT_MPT_PLANE_SURF(0), 0 },
	[R_PLANE_SURFLIVE] = { "PLANE_SURFLIVE",
			       GVT_MPT_PLANE_SURFLIVE(0), 1 },
	[R_PLANE_POS] = { "PLANE_POS", GVT_MPT_PLANE_POS(0), 0 },
	[R_PLANE_SIZE] = { "PLANE_SIZE", GVT_MPT_PLANE_SIZE(0), 0 },
	[R_PIPESRC] = { "PIPESRC", GVT_MPT_PIPESRC(0), 0 },
};

#define REG_OFF(r, p)	((u64)regs[r].off + (u64)(p) * GVT_MPT_PIPE_STRIDE)

/* ---- the shadow: what the contract promises --------------------------- */

struct spipe {
	u32 reg[NR_REGS];	/* as written; RO ones as expected */
	int armed;		/* a sync flip waits for the vblank */
	int flip_seen;		/* a flip completed since the last vblank */
	u32 strict;		/* vblanks with pipe+plane on and no flip */
	u32 loose;		/* vblanks of the on pipe without a flip */
};

struct shadow {
	u32 pipes;
	u32 n;			/* single-FB N */
	struct spipe p[GVT_MAX_PIPES];
	u32 masked;
	int attached;
	u32 unread;		/* signalled since the consumer's last read */
	u32 owe_flip;		/* flips not delivered yet */
	u32 owe_change;		/* other definite changes */
	u32 owe_sfb;		/* single-FB refreshes */
	u32 may;		/* sources with a reason to be signalled */
	/* Damage since each source's last take (property (h)). */
	u32 dmg_full;		/* owed FULL */
	u32 dmg_moved;		/* a cursor move: MOVED or FULL */
	u32 dmg_may_full;	/* FULL allowed (a heuristic refresh may run) */
	u32 dmg_drawn;		/* lines drawn: bands (or FULL) owed */
	u32 nr_lines[GVT_MAX_SOURCES];	/* ranges in lines[], ~0U: too many */
	u32 lines[GVT_MAX_SOURCES][16][2];	/* drawn lines, first and last */
};

/* ---- a vGPU under test ------------------------------------------------ */

enum op {
	OP_WRITE, OP_BAD_WRITE, OP_READ, OP_BAD_READ, OP_VBLANK, OP_MASK,
	OP_UNMASK, OP_CONSUME, OP_ATTACH, OP_RESET, OP_DRAW, OP_TAKE, NR_OPS
};

struct rec {
	u32 step;
	u32 kind;
	u64 a, b;
};

struct trace {
	struct rec *r;
	size_t len, cap;
};

struct pv {
	struct tb_vgpu tbv;	/* the real test backend's vGPU + counter */
	int id;
	char run;		/* 'A' alone, 'B' beside the other vGPU */
	u32 sent;		/* sources the backend accepted this vblank */
	u32 vblank;		/* vblanks seen */
	u32 step, nsteps;
	struct rng gen;		/* the workload: used identically per run */
	u32 weight[NR_OPS], total;
	u32 surf_pct;		/* share of writes that are PLANE_SURF */
	struct trace *tr;	/* NULL: not recorded */
	struct shadow sh;
	int failed;
	u32 workload;
};

static int pv_event(void *handle, unsigned int source)
{
	struct pv *v = handle;
	int ret = tb_ops.display_event(&v->tbv, source);

	if (!ret) {
		if (v->sent & (1U << source))
			v->sent |= 1U << 31;	/* twice in a vblank */
		v->sent |= 1U << source;
	}
	return ret;
}

static const struct gvt_mpt_ops pv_ops = {
	.name = "property",
	.display_event = pv_event,
};

static void flaw(struct pv *v, enum prop p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void flaw(struct pv *v, enum prop p, const char *fmt, ...)
{
	struct failure *f = &g.fail[p];
	va_list ap;
	int n;

	v->failed = 1;
	if (f->hit++)
		return;
	f->workload = v->workload;
	f->step = v->step;
	n = snprintf(f->text, sizeof(f->text),
		     "vGPU %d (%s run) vblank %u: ", v->id,
		     v->run == 'A' ? "alone" : "interleaved", v->vblank);
	va_start(ap, fmt);
	vsnprintf(f->text + n, sizeof(f->text) - n, fmt, ap);
	va_end(ap);
}

static void record(struct pv *v, u32 kind, u64 a, u64 b)
{
	struct trace *t = v->tr;

	if (!t)
		return;
	if (t->len == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 4096;
		t->r = realloc(t->r, t->cap * sizeof(*t->r));
		if (!t->r)
			abort();
	}
	t->r[t->len++] = (struct rec){ v->step, kind, a, b };
}

static void tr(struct pv *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void tr(struct pv *v, const char *fmt, ...)
{
	va_list ap;

	if (!g.trace)
		return;
	printf("  %c v%d #%-4u vb %-5u ", v->run, v->id, v->step, v->vblank);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static u32 nr_sources(const struct pv *v)
{
	return 2 * v->sh.pipes;
}

/*
 * vGPU configuration and step mix of one workload, from its own stream.
 * The mix varies a lot between workloads: some flip at every frame, some
 * rarely flip and mostly sit in vblanks (where single-FB happens).
 */
static void pv_init(struct pv *v, int id, char run, u64 seed, u32 workload,
		    struct trace *t)
{
	static const u32 ns[] = { 0, 1, 2, 3, 5, 17 };
	static const u32 pipes[] = { 1, 3, 3, 2 };
	u32 i;

	memset(v, 0, sizeof(*v));
	v->id = id;
	v->run = run;
	v->workload = workload;
	v->tr = t;
	rng_seed(&v->gen, seed);
	v->sh.pipes = pipes[below(&v->gen, ARRAY_SIZE(pipes))];
	v->sh.n = ns[below(&v->gen, ARRAY_SIZE(ns))];
	v->nsteps = MIN_STEPS + below(&v->gen, MAX_STEPS - MIN_STEPS + 1);
	v->weight[OP_WRITE] = 1 + below(&v->gen, 40);
	v->weight[OP_BAD_WRITE] = below(&v->gen, 3);
	v->weight[OP_READ] = 1 + below(&v->gen, 5);
	v->weight[OP_BAD_READ] = below(&v->gen, 2);
	v->weight[OP_VBLANK] = 5 + below(&v->gen, 40);
	v->weight[OP_MASK] = below(&v->gen, 4);
	v->weight[OP_UNMASK] = below(&v->gen, 5);
	v->weight[OP_CONSUME] = 2 + below(&v->gen, 30);
	v->weight[OP_ATTACH] = below(&v->gen, 3);
	v->weight[OP_RESET] = chance(&v->gen, 20);
	v->weight[OP_DRAW] = below(&v->gen, 20);
	v->weight[OP_TAKE] = below(&v->gen, 10);
	v->surf_pct = 5 + below(&v->gen, 50);
	for (i = 0; i < NR_OPS; i++)
		v->total += v->weight[i];

	v->tbv.exists = 1;
	v->tbv.attached = 1;
	v->sh.attached = 1;
	/* A new engine's consumer has copied nothing. */
	v->sh.dmg_full = (1U << nr_sources(v)) - 1;
	gvt_display_init(&v->tbv.d, v->sh.pipes, v->sh.n, &pv_ops, v);
}

static enum op pick_op(struct pv *v)
{
	u32 x = below(&v->gen, v->total), i;

	for (i = 0; i < NR_OPS; i++) {
		if (x < v->weight[i])
			return i;
		x -= v->weight[i];
	}
	return OP_VBLANK;
}

/* ---- shadow transitions ----------------------------------------------- */

static void owe(struct shadow *s, u32 *set, u32 bits)
{
	*set |= bits;
	s->may |= bits;
}

/*
 * What plane @pl of @sp displays (the contract, README "policy"): nothing
 * while the pipe is off; else the pipe's PIPESRC and, while the plane is
 * shown, its own registers.  Written from the contract, not the core.
 */
static void sh_view(const struct spipe *sp, int pl, u32 v[8])
{
	memset(v, 0, 8 * sizeof(*v));
	if (!(sp->reg[R_PIPECONF] & EN))
		return;
	v[0] = 1;
	v[1] = sp->reg[R_PIPESRC];
	if (!pl && (sp->reg[R_PLANE_CTL] & PL_EN)) {
		v[2] = 1;
		v[3] = sp->reg[R_PLANE_CTL] & ~PL_ASYNC;
		v[4] = sp->reg[R_PLANE_SURFLIVE];
		v[5] = sp->reg[R_PLANE_STRIDE];
		v[6] = sp->reg[R_PLANE_POS];
		v[7] = sp->reg[R_PLANE_SIZE];
	} else if (pl && (sp->reg[R_CURCNTR] & GVT_MPT_CURSOR_MODE_MASK)) {
		v[2] = 2;
		v[3] = sp->reg[R_CURCNTR];
		v[4] = sp->reg[R_CURBASE];
		v[5] = sp->reg[R_CURPOS];
	}
}

/* Planes of pipe @p whose view differs from @before (source bits). */
static u32 sh_diff(const struct shadow *s, u32 p, u32 before[2][8])
{
	u32 now[8], bits = 0;
	int pl;

	for (pl = 0; pl < 2; pl++) {
		sh_view(&s->p[p], pl, now);
		if (memcmp(now, before[pl], sizeof(now)))
			bits |= pl ? CUR(p) : PRI(p);
	}
	return bits;
}

/*
 * Damage owed for the planes of pipe @p whose view differs from @before: a
 * cursor whose position alone changed (shown before and after) owes MOVED,
 * any other change FULL.
 */
static void sh_damage(struct shadow *s, u32 p, u32 before[2][8])
{
	u32 now[8], i;
	int only_pos = 1;

	sh_view(&s->p[p], 0, now);
	if (memcmp(now, before[0], sizeof(now)))
		s->dmg_full |= PRI(p);
	sh_view(&s->p[p], 1, now);
	if (!memcmp(now, before[1], sizeof(now)))
		return;
	for (i = 0; i < 8; i++)
		if (i != 5 && now[i] != before[1][i])
			only_pos = 0;
	if (only_pos && now[2] && before[1][2])
		s->dmg_moved |= CUR(p);
	else
		s->dmg_full |= CUR(p);
}

/* A flip completes; it is a flip for single-FB if the surface changed. */
static void sh_complete_flip(struct spipe *sp)
{
	if (sp->reg[R_PLANE_SURFLIVE] != sp->reg[R_PLANE_SURF])
		sp->flip_seen = 1;
	sp->reg[R_PLANE_SURFLIVE] = sp->reg[R_PLANE_SURF];
	sp->reg[R_FLIPCOUNT]++;
	sp->armed = 0;
}

/*
 * A write: the planes whose display it changed are owed an event (a flip
 * that changes a shown surface is owed as a flip); everything else,
 * whatever the register, owes nothing (property (f) checks that nothing
 * is signalled without such a change).
 */
static void sh_write(struct shadow *s, u32 p, enum reg r, u32 val)
{
	struct spipe *sp = &s->p[p];
	u32 old = sp->reg[r], before[2][8], bits;

	sh_view(sp, 0, before[0]);
	sh_view(sp, 1, before[1]);
	sp->reg[r] = val;
	switch (r) {
	case R_PIPECONF:
		if (!((old ^ val) & EN))
			break;
		sp->strict = 0;
		sp->loose = 0;
		if (!(val & EN) && sp->armed)
			sh_complete_flip(sp);
		break;
	case R_PLANE_SURF:
		if ((sp->reg[R_PLANE_CTL] & PL_ASYNC) ||
		    !(sp->reg[R_PIPECONF] & EN))
			sh_complete_flip(sp);
		else
			sp->armed = 1;
		break;
	default:
		break;
	}
	bits = sh_diff(s, p, before);
	sh_damage(s, p, before);
	if (r == R_PLANE_SURF)
		owe(s, &s->owe_flip, bits);
	else
		owe(s, &s->owe_change, bits);
}

static void sh_reset(struct shadow *s)
{
	u32 p, before[2][8];

	for (p = 0; p < s->pipes; p++) {
		sh_view(&s->p[p], 0, before[0]);
		sh_view(&s->p[p], 1, before[1]);
		memset(&s->p[p], 0, sizeof(s->p[p]));
		owe(s, &s->owe_change, sh_diff(s, p, before));
		sh_damage(s, p, before);
	}
}

/* Expected result of an access: 0, -GVT_EINVAL or -GVT_EPERM. */
static int sh_decode(const struct shadow *s, u64 off, u32 size, int write,
		     u32 *pipe, enum reg *reg)
{
	u32 p, r;

	if (size != 4)
		return -GVT_EINVAL;
	for (p = 0; p < s->pipes; p++)
		for (r = 0; r < NR_REGS; r++)
			if (off == REG_OFF(r, p)) {
				*pipe = p;
				*reg = r;
				return write && regs[r].ro ? -GVT_EPERM : 0;
			}
	return -GVT_EINVAL;
}

/* ---- the steps ---------------------------------------------------------- */

static u32 pick_val(struct pv *v, enum reg r)
{
	struct rng *rg = &v->gen;

	switch (r) {
	case R_PIPECONF:
		return chance(rg, 85) ? EN | (chance(rg, 20) ? 0x10 : 0) : 0;
	case R_PLANE_CTL:
		if (chance(rg, 15))
			return chance(rg, 50) ? 0 : PL_ASYNC;
		return PL_EN | (chance(rg, 25) ? PL_ASYNC : 0) |
			(chance(rg, 10) ? 0x10 : 0);
	case R_PLANE_STRIDE:
		return chance(rg, 50) ? 0x40 : 0x80;
	case R_PLANE_POS:
	case R_PLANE_SIZE:
	case R_PIPESRC:
		return chance(rg, 50) ? 0x02cf04ff : 0x043707ff;
	case R_CURCNTR:
		return chance(rg, 60) ? GVT_MPT_CURSOR_MODE_MASK :
			(chance(rg, 50) ? 0 : 0x22);
	case R_CURBASE:
	case R_PLANE_SURF:
		return below(rg, 16) << 12;
	case R_CURPOS:
		return below(rg, 4) << 16 | below(rg, 4);
	default:
		return (u32)rnd(rg);
	}
}

static enum reg pick_reg(struct pv *v)
{
	static const enum reg others[] = {
		R_PIPECONF, R_PIPECONF, R_PLANE_CTL, R_PLANE_CTL,
		R_PLANE_STRIDE, R_CURCNTR, R_CURBASE, R_CURPOS, R_CURPOS,
		R_FRMCOUNT, R_FLIPCOUNT, R_PLANE_SURFLIVE, R_PLANE_POS,
		R_PLANE_SIZE, R_PIPESRC,
	};

	if (chance(&v->gen, v->surf_pct))
		return R_PLANE_SURF;
	return others[below(&v->gen, ARRAY_SIZE(others))];
}

static void do_write(struct pv *v, u64 off, u32 size, u32 val)
{
	struct gvt_display *d = &v->tbv.d;
	struct gvt_display copy;
	enum reg r = NR_REGS;
	u32 p = 0;
	int want, ret;

	want = sh_decode(&v->sh, off, size, 1, &p, &r);
	memcpy(&copy, d, sizeof(copy));
	ret = gvt_display_mmio_write(d, off, size, val);
	tr(v, "write %#" PRIx64 "/%u = %#x -> %d", off, size, val, ret);
	record(v, OP_WRITE, off << 8 | size, (u64)val << 32 | (u32)ret);
	if (ret != want) {
		flaw(v, P_REGS, "write %#" PRIx64 " size %u = %#x returned "
		     "%d, expected %d", off, size, val, ret, want);
		return;
	}
	if (ret) {
		if (memcmp(&copy, d, sizeof(copy)))
			flaw(v, P_REGS, "failed write %#" PRIx64
			     " size %u changed the state", off, size);
		return;
	}
	sh_write(&v->sh, p, r, val);
}

static void do_read(struct pv *v, u64 off, u32 size)
{
	struct gvt_display *d = &v->tbv.d;
	struct gvt_display copy;
	u32 val = 0xa5a5a5a5, p = 0;
	enum reg r = NR_REGS;
	int want, ret;

	want = sh_decode(&v->sh, off, size, 0, &p, &r);
	memcpy(&copy, d, sizeof(copy));
	ret = gvt_display_mmio_read(d, off, size, &val);
	tr(v, "read %#" PRIx64 "/%u -> %d, %#x", off, size, ret, val);
	record(v, OP_READ, off << 8 | size, (u64)val << 32 | (u32)ret);
	if (memcmp(&copy, d, sizeof(copy)))
		flaw(v, P_REGS, "read %#" PRIx64 " changed the state", off);
	if (ret != want)
		flaw(v, P_REGS, "read %#" PRIx64 " size %u returned %d, "
		     "expected %d", off, size, ret, want);
	else if (ret && val != 0xa5a5a5a5)
		flaw(v, P_REGS, "failed read %#" PRIx64 " wrote %#x", off,
		     val);
	else if (!ret && val != v->sh.p[p].reg[r])
		flaw(v, P_REGS, "pipe %u %s reads %#x, expected %#x", p,
		     regs[r].name, val, v->sh.p[p].reg[r]);
}

static void bad_access(struct pv *v, u64 *off, u32 *size)
{
	static const u32 sizes[] = { 0, 1, 2, 3, 8 };
	u32 p = below(&v->gen, GVT_MAX_PIPES + 1);
	enum reg r = below(&v->gen, NR_REGS);

	*size = 4;
	switch (below(&v->gen, 5)) {
	case 0:		/* a pipe this vGPU may not have */
		p = v->sh.pipes;
		p += below(&v->gen, GVT_MAX_PIPES + 1 - p);
		*off = REG_OFF(r, p);
		break;
	case 1:		/* unaligned */
		*off = REG_OFF(r, p) + 1 + below(&v->gen, 3);
		break;
	case 2:		/* aligned, somewhere in the pipe block */
		*off = 0x70000 + 4 * below(&v->gen, 0x4000 / 4);
		break;
	case 3:		/* anywhere at all */
		*off = rnd(&v->gen) >> below(&v->gen, 64);
		break;
	default:	/* a register, with a bad size */
		*off = REG_OFF(r, p);
		*size = sizes[below(&v->gen, ARRAY_SIZE(sizes))];
		break;
	}
}

static void do_mask(struct pv *v, int unmask)
{
	struct gvt_display *d = &v->tbv.d;
	struct gvt_display copy;
	struct shadow *s = &v->sh;
	u32 nr = nr_sources(v), start, count, bits = 0, i;
	u8 bools[GVT_MAX_SOURCES + 2];
	int use_bools = chance(&v->gen, 50), want, ret;

	if (chance(&v->gen, 85)) {
		start = below(&v->gen, nr);
		count = 1 + below(&v->gen, nr - start);
	} else {
		static const u32 bad[][2] = {
			{ 0, 0 }, { 0xffffffffU, 2 }, { 0xffffffffU, 1 },
			{ 1, 0xffffffffU }, { 0x80000000U, 0x80000001U },
			{ 0, GVT_MAX_SOURCES + 1 }, { GVT_MAX_SOURCES, 1 },
		};

		i = below(&v->gen, ARRAY_SIZE(bad) + 2);
		if (i < ARRAY_SIZE(bad)) {
			start = bad[i][0];
			count = bad[i][1];
		} else if (i == ARRAY_SIZE(bad)) {
			start = below(&v->gen, nr + 1);
			count = nr - start + 1;	/* one too many */
		} else {
			start = (u32)rnd(&v->gen);
			count = (u32)rnd(&v->gen);
		}
	}
	for (i = 0; i < ARRAY_SIZE(bools); i++)
		bools[i] = chance(&v->gen, 50) ? 0 :
			1 + below(&v->gen, 255);
	want = (!count || start >= nr || (u64)start + count > nr) ?
		-GVT_EINVAL : 0;
	if (!want) {
		for (i = 0; i < count; i++)
			if (!use_bools || bools[i])
				bits |= 1U << (start + i);
		/*
		 * The consumer never unmasks a source signalled but not yet
		 * read: turn such a range into DATA_BOOL without it.
		 */
		if (unmask && (bits & s->unread)) {
			if (!use_bools)
				memset(bools, 1, sizeof(bools));
			use_bools = 1;
			for (i = 0; i < count; i++)
				if (s->unread & (1U << (start + i)))
					bools[i] = 0;
			bits &= ~s->unread;
		}
	}
	memcpy(&copy, d, sizeof(copy));
	if (unmask)
		ret = gvt_display_unmask(d, start, count,
					 use_bools ? bools : NULL);
	else
		ret = gvt_display_mask(d, start, count,
				       use_bools ? bools : NULL);
	tr(v, "%s%s %u %u (bits %#x) -> %d", unmask ? "unmask" : "mask",
	   use_bools ? "b" : "", start, count, bits, ret);
	record(v, unmask ? OP_UNMASK : OP_MASK, (u64)start << 32 | count,
	       (u64)bits << 32 | (u32)ret);
	if (ret != want) {
		flaw(v, P_REGS, "%s %u %u returned %d, expected %d",
		     unmask ? "unmask" : "mask", start, count, ret, want);
		return;
	}
	if (ret) {
		if (memcmp(&copy, d, sizeof(copy)))
			flaw(v, P_REGS, "failed %s %u %u changed the state",
			     unmask ? "unmask" : "mask", start, count);
		return;
	}
	if (unmask)
		s->masked &= ~bits;
	else
		s->masked |= bits;
}

static void unmask_read(struct pv *v, u32 got)
{
	struct gvt_display *d = &v->tbv.d;
	u32 nr = nr_sources(v), i, start;
	u8 bools[GVT_MAX_SOURCES];
	int ret;

	if (!got)
		return;
	if (chance(&v->gen, 50)) {
		for (i = 0; i < nr; i++)
			bools[i] = got & (1U << i) ?
				1 + below(&v->gen, 255) : 0;
		ret = gvt_display_unmask(d, 0, nr, bools);
		if (ret)
			flaw(v, P_REGS, "unmask DATA_BOOL 0 %u: %d", nr, ret);
	} else {
		/* DATA_NONE, one call per run of read sources. */
		for (i = 0; i < nr; i++) {
			if (!(got & (1U << i)))
				continue;
			for (start = i; i < nr && (got & (1U << i)); i++)
				;
			ret = gvt_display_unmask(d, start, i - start, NULL);
			if (ret)
				flaw(v, P_REGS, "unmask %u %u: %d", start,
				     i - start, ret);
		}
	}
	v->sh.masked &= ~got;
}

static void do_consume(struct pv *v)
{
	struct shadow *s = &v->sh;
	u64 c = v->tbv.counter, want = 0;
	u32 i, got;

	v->tbv.counter = 0;
	tr(v, "consume %016" PRIx64, c);
	record(v, OP_CONSUME, c, 0);
	for (i = 0; i < 8; i++)
		if (((c >> (8 * i)) & 0xff) > 1) {
			flaw(v, P_COUNTER, "counter %016" PRIx64 " byte %u is "
			     "%u", c, i, (u32)((c >> (8 * i)) & 0xff));
			return;
		}
	for (i = 0; i < nr_sources(v); i++)
		if (s->unread & (1U << i))
			want += scn_event(i);
	if (c != want) {
		flaw(v, P_COUNTER, "counter %016" PRIx64 ", signalled since "
		     "the last read %016" PRIx64, c, want);
		return;
	}
	got = scn_sources(c);
	s->unread = 0;
	/* The consumer refreshes those planes, then unmasks them. */
	unmask_read(v, got);
}

static void do_attach(struct pv *v)
{
	/* Half detach, half attach (attach replaces: a fresh counter). */
	int attach = chance(&v->gen, 50);

	tr(v, "%s", attach ? "attach" : "detach");
	record(v, OP_ATTACH, attach, 0);
	v->tbv.attached = attach;
	v->tbv.counter = 0;
	v->sh.attached = attach;
	v->sh.unread = 0;
}

static void do_reset(struct pv *v)
{
	tr(v, "reset");
	record(v, OP_RESET, 0, 0);
	gvt_display_reset(&v->tbv.d);
	sh_reset(&v->sh);
}

/*
 * The guest drew a range of display memory, reported for one plane: half
 * the time inside the surface the plane shows now, else anywhere near.
 * The lines it touches are owed as damage, and an event, when the plane
 * is shown (decoded by the core: (h) is about damage, not decoding).
 */
static void do_draw(struct pv *v)
{
	struct shadow *s = &v->sh;
	struct gvt_plane_info info;
	u32 p = below(&v->gen, s->pipes), pl = chance(&v->gen, 20);
	u32 src = GVT_MPT_SOURCE(p, pl), k, y0 = 0, y1 = 0;
	u64 span = 0, first, last, lo, hi;
	int ret, want = 0;

	gvt_display_plane_info(&v->tbv.d, p, pl, ~0ULL, &info);
	if (info.visible)
		span = (u64)info.stride * (info.height - 1) +
		       (u64)info.width * 4;
	if (span && chance(&v->gen, 50)) {
		first = info.offset + rnd(&v->gen) % span;
		last = first + rnd(&v->gen) % (span - (first - info.offset));
	} else {
		first = rnd(&v->gen) % (32ULL << 20);
		last = first + rnd(&v->gen) % (4ULL << 20);
		if (chance(&v->gen, 5))
			last = first - 1;	/* empty: nothing */
	}
	if (span && first <= last && last >= info.offset &&
	    first < info.offset + span) {
		lo = (first > info.offset ? first : info.offset) - info.offset;
		hi = (last < info.offset + span - 1 ? last :
		      info.offset + span - 1) - info.offset;
		y0 = (u32)(lo / info.stride);
		y1 = (u32)(hi / info.stride);
		want = 1;
	}
	ret = gvt_display_surface_damage(&v->tbv.d, p, pl, first, last);
	tr(v, "draw %u.%u %#" PRIx64 "..%#" PRIx64 " -> %d", p, pl, first,
	   last, ret);
	record(v, OP_DRAW, first, last);
	if (ret != want) {
		flaw(v, P_DAMAGE, "draw %u.%u %#" PRIx64 "..%#" PRIx64
		     " returned %d, expected %d", p, pl, first, last, ret,
		     want);
		return;
	}
	if (!want)
		return;
	owe(s, &s->owe_change, 1U << src);
	s->dmg_drawn |= 1U << src;
	k = s->nr_lines[src];
	if (k == ~0U)
		return;
	if (k == 16) {
		s->nr_lines[src] = ~0U;
		return;
	}
	s->lines[src][k][0] = y0;
	s->lines[src][k][1] = y1;
	s->nr_lines[src] = k + 1;
}

/* The consumer takes one source's damage: (h). */
static void do_take(struct pv *v)
{
	struct shadow *s = &v->sh;
	u32 src = below(&v->gen, nr_sources(v)), bit = 1U << src, i, k, y;
	struct gvt_damage dm;
	int full, covered;

	if (gvt_display_take_damage(&v->tbv.d, src, &dm)) {
		flaw(v, P_DAMAGE, "take %u failed", src);
		return;
	}
	tr(v, "take %u -> flags %#x nr %u", src, dm.flags, dm.nr);
	record(v, OP_TAKE, src, (u64)dm.flags << 32 | dm.nr);
	g.damage_takes++;
	full = !!(dm.flags & GVT_DAMAGE_FULL);
	if ((s->dmg_full & bit) && !full) {
		flaw(v, P_DAMAGE, "source %u changed, damage not FULL "
		     "(flags %#x)", src, dm.flags);
		return;
	}
	if (full && !((s->dmg_full | s->dmg_may_full) & bit)) {
		flaw(v, P_DAMAGE, "source %u FULL without a change", src);
		return;
	}
	if ((s->dmg_moved & bit) && !(dm.flags & GVT_DAMAGE_MOVED) && !full) {
		flaw(v, P_DAMAGE, "cursor %u moved, damage says neither MOVED "
		     "nor FULL", src);
		return;
	}
	if ((dm.flags & GVT_DAMAGE_MOVED) && !(s->dmg_moved & bit)) {
		flaw(v, P_DAMAGE, "source %u MOVED without a move", src);
		return;
	}
	if (dm.flags & ~(GVT_DAMAGE_FULL | GVT_DAMAGE_MOVED) ||
	    dm.nr > GVT_DAMAGE_BANDS || (full && dm.nr) ||
	    (dm.nr && !(s->dmg_drawn & bit))) {
		flaw(v, P_DAMAGE, "source %u: flags %#x with %u bands", src,
		     dm.flags, dm.nr);
		return;
	}
	if (!full && (s->dmg_drawn & bit) && !dm.nr) {
		flaw(v, P_DAMAGE, "source %u drawn, no band", src);
		return;
	}
	for (i = 0; i < dm.nr; i++)
		if (!dm.band[i].h || (i && dm.band[i].y <=
				      dm.band[i - 1].y + dm.band[i - 1].h)) {
			flaw(v, P_DAMAGE, "source %u: band %u (%u+%u) empty, "
			     "unsorted or touching the one before", src, i,
			     dm.band[i].y, dm.band[i].h);
			return;
		}
	for (k = 0; !full && s->nr_lines[src] != ~0U &&
	     k < s->nr_lines[src]; k++) {
		for (y = s->lines[src][k][0]; y <= s->lines[src][k][1];
		     y++) {
			covered = 0;
			for (i = 0; i < dm.nr; i++)
				if (y >= dm.band[i].y &&
				    y - dm.band[i].y < dm.band[i].h)
					covered = 1;
			if (!covered) {
				flaw(v, P_DAMAGE, "source %u: line %u drawn, "
				     "in no band", src, y);
				return;
			}
		}
		g.band_checks++;
	}
	s->dmg_full &= ~bit;
	s->dmg_moved &= ~bit;
	s->dmg_may_full &= ~bit;
	s->dmg_drawn &= ~bit;
	s->nr_lines[src] = 0;
}

/*
 * Shadow side of a vblank, before the core runs it: frame counts, sync
 * flips, and the single-FB rule.  @check_e gets the primaries that must be
 * pending or delivered by single-FB at this vblank, @check_a the flips.
 */
static void do_vblank_one(struct pv *v, u32 *check_e, u32 *check_a)
{
	struct shadow *s = &v->sh;
	u32 p;

	*check_e = 0;
	*check_a = s->owe_flip;
	for (p = 0; p < s->pipes; p++) {
		struct spipe *sp = &s->p[p];
		int on = !!(sp->reg[R_PIPECONF] & EN);
		int plane = !!(sp->reg[R_PLANE_CTL] & PL_EN);

		if (on) {
			u32 before[2][8];

			sh_view(sp, 0, before[0]);
			sh_view(sp, 1, before[1]);
			sp->reg[R_FRMCOUNT]++;
			if (sp->armed)
				sh_complete_flip(sp);
			/* The flip is owed now, at this very vblank. */
			owe(s, &s->owe_flip, sh_diff(s, p, before));
			sh_damage(s, p, before);
			*check_a |= s->owe_flip & PRI(p);
			/* Lower bound of the flip-less run ... */
			if (plane && !sp->flip_seen)
				sp->strict++;
			else
				sp->strict = 0;
			/* ... and upper bound: the same, as the count
			 * restarts whenever the plane is off. */
			if (sp->flip_seen || !plane)
				sp->loose = 0;
			else if (sp->loose != ~0U)
				sp->loose++;
		} else {
			sp->strict = 0;
			sp->loose = 0;
		}
		sp->flip_seen = 0;
		if (!s->n || !on || !plane)
			continue;
		if (sp->strict >= s->n) {
			s->dmg_full |= PRI(p);
			owe(s, &s->owe_sfb, PRI(p));
			*check_e |= PRI(p);
			g.sfb_checks++;
		}
		if (sp->loose >= s->n) {
			s->may |= PRI(p);
			s->dmg_may_full |= PRI(p);
		}
	}
}

static void do_vblank_check(struct pv *v, u32 check_e, u32 check_a)
{
	struct gvt_display *d = &v->tbv.d;
	struct shadow *s = &v->sh;
	u32 got, due, miss, p, idle = 0, bits;
	struct gvt_display skip = *d;

	/* (g): an idle pipe's vblank is what skipping it accounts for. */
	for (p = 0; p < d->nr_pipes; p++) {
		if (!gvt_display_pipe_idle(d, p))
			continue;
		idle |= 1U << p;
		gvt_display_idle_vblanks(&skip, p, 1);
	}
	v->sent = 0;
	got = gvt_display_vblank(d);
	for (p = 0; p < d->nr_pipes; p++) {
		bits = 3U << (p * GVT_PLANES);
		if (!(idle & (1U << p)))
			continue;
		if (memcmp(&skip.pipe[p], &d->pipe[p], sizeof(d->pipe[p])) ||
		    ((skip.changed ^ d->changed) & bits) ||
		    ((skip.pending ^ d->pending) & bits) ||
		    ((skip.masked ^ d->masked) & bits) || (got & bits)) {
			flaw(v, P_REGS, "idle pipe %u: its vblank did more "
			     "than gvt_display_idle_vblanks()", p);
			return;
		}
	}
	v->vblank++;
	g.vblanks++;
	tr(v, "vblank -> sent %#x (masked %#x)", got, s->masked);
	record(v, OP_VBLANK, v->vblank, got);
	if (v->sent & (1U << 31)) {
		flaw(v, P_MASKED, "a source signalled twice in one vblank");
		return;
	}
	if (got != v->sent) {
		flaw(v, P_CHANGE, "vblank returned %#x, backend got %#x", got,
		     v->sent);
		return;
	}
	if (!s->attached && got) {
		flaw(v, P_CHANGE, "%#x delivered with no eventfd", got);
		return;
	}
	/* (b) */
	if (got & s->masked) {
		flaw(v, P_MASKED, "masked source(s) %#x signalled (masked "
		     "%#x)", got & s->masked, s->masked);
		return;
	}
	/* (f): spurious */
	if (got & ~s->may) {
		flaw(v, P_CHANGE, "source(s) %#x signalled without a change",
		     got & ~s->may);
		return;
	}
	/* At this vblank: flips and single-FB are pending or delivered. */
	miss = (check_a & ~(got | d->pending));
	if (miss) {
		flaw(v, P_FLIP, "flip on %#x neither delivered nor pending",
		     miss);
		return;
	}
	miss = (check_e & ~(got | d->pending));
	if (miss) {
		flaw(v, P_SINGLE_FB, "single-FB primary %#x neither "
		     "delivered nor pending at flip-less vblank %u (N %u)",
		     miss, s->p[__builtin_ctz(miss) / 2].strict, s->n);
		return;
	}
	/* Delivered unless masked or detached. */
	due = s->attached ? ~s->masked : 0;
	g.flip_checks += !!(s->owe_flip & due);
	miss = s->owe_flip & due & ~got;
	if (miss) {
		flaw(v, P_FLIP, "flip on %#x owed and unmasked, not "
		     "delivered", miss);
		return;
	}
	miss = s->owe_sfb & due & ~got;
	if (miss) {
		flaw(v, P_SINGLE_FB, "single-FB refresh of %#x owed and "
		     "unmasked, not delivered", miss);
		return;
	}
	miss = s->owe_change & due & ~got;
	if (miss) {
		flaw(v, P_CHANGE, "change of %#x owed and unmasked, not "
		     "delivered", miss);
		return;
	}
	s->masked |= got;	/* automask */
	s->unread |= got;
	s->owe_flip &= ~got;
	s->owe_sfb &= ~got;
	s->owe_change &= ~got;
	s->may &= ~got;
	g.signals += __builtin_popcount(got);
}

/* ---- running workloads ------------------------------------------------ */

struct run {
	struct pv *v[2];
	int nr;
	struct rng mix;		/* interleaving and vblank order */
};

static void vblank_all(struct run *r, u32 n)
{
	u32 e[2], a[2], i;
	int k, first;

	for (i = 0; i < n; i++) {
		/* After a failure the shadow is off: stop this workload. */
		for (k = 0; k < r->nr; k++)
			if (r->v[k]->failed)
				return;
		first = r->nr == 2 ? (int)below(&r->mix, 2) : 0;
		for (k = 0; k < r->nr; k++)
			do_vblank_one(r->v[k], &e[k], &a[k]);
		for (k = 0; k < r->nr; k++) {
			struct pv *v = r->v[(first + k) % r->nr];

			do_vblank_check(v, e[v == r->v[0] ? 0 : 1],
					a[v == r->v[0] ? 0 : 1]);
		}
	}
}

/* One step of @v's workload.  Returns the vblanks it asks for. */
static u32 step(struct pv *v)
{
	enum op op = pick_op(v);
	u64 off;
	u32 size, p;
	enum reg r;

	switch (op) {
	case OP_WRITE:
		r = pick_reg(v);
		p = below(&v->gen, v->sh.pipes);
		do_write(v, REG_OFF(r, p), 4, pick_val(v, r));
		break;
	case OP_BAD_WRITE:
		bad_access(v, &off, &size);
		do_write(v, off, size, (u32)rnd(&v->gen));
		break;
	case OP_READ:
		do_read(v, REG_OFF(below(&v->gen, NR_REGS),
				   below(&v->gen, v->sh.pipes)), 4);
		break;
	case OP_BAD_READ:
		bad_access(v, &off, &size);
		do_read(v, off, size);
		break;
	case OP_VBLANK:
		return 1 + below(&v->gen, 3);
	case OP_MASK:
	case OP_UNMASK:
		do_mask(v, op == OP_UNMASK);
		break;
	case OP_CONSUME:
		do_consume(v);
		break;
	case OP_ATTACH:
		do_attach(v);
		break;
	case OP_RESET:
		do_reset(v);
		break;
	case OP_DRAW:
		do_draw(v);
		break;
	case OP_TAKE:
		do_take(v);
		break;
	default:
		break;
	}
	return 0;
}

/* Final register dump and statistics into the trace. */
static void dump(struct pv *v)
{
	struct gvt_display *d = &v->tbv.d;
	u32 p, r, val;
	int ret;

	for (p = 0; p <= GVT_MAX_PIPES; p++)
		for (r = 0; r < NR_REGS; r++) {
			val = 0xa5a5a5a5;
			ret = gvt_display_mmio_read(d, REG_OFF(r, p), 4, &val);
			record(v, 100 + r, p, (u64)val << 32 | (u32)ret);
		}
	record(v, 200, d->pending, d->masked);
	record(v, 201, d->stats.vblanks, d->stats.flips);
	for (p = 0; p < GVT_MAX_SOURCES; p++)
		record(v, 202 + p, d->stats.events[p], 0);
	record(v, 210, d->stats.coalesced, d->stats.undelivered);
	record(v, 211, v->tbv.counter, v->tbv.signals);
}

static u64 wseed(u32 w, u32 which)
{
	return splitmix64(g.seed ^ splitmix64((u64)w << 2 | which));
}

/*
 * A crash (or a sanitizer report) inside the core must still say which
 * workload to replay: the line is prepared per workload and written from
 * the signal handler (or ASan's death callback) before cmocka's handler
 * or the sanitizer takes over.
 */
static char crash_line[200];
static size_t crash_len;
static const int crash_sig[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
static struct sigaction crash_old[ARRAY_SIZE(crash_sig)];

static void crash_say(void)
{
	if (crash_len && write(2, crash_line, crash_len) < 0)
		crash_len = 0;
}

static void crash_handler(int sig)
{
	size_t i;

	crash_say();
	for (i = 0; i < ARRAY_SIZE(crash_sig); i++)
		if (crash_sig[i] == sig)
			sigaction(sig, &crash_old[i], NULL);
	raise(sig);	/* delivered to the old handler on return */
}

#ifdef __SANITIZE_ADDRESS__
/* UBSan has no death callback of its own: make its errors abort. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "abort_on_error=1:print_stacktrace=1";
}
#endif

static void crash_arm(int on)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = crash_handler;
	for (i = 0; i < ARRAY_SIZE(crash_sig); i++) {
		if (on)
			sigaction(crash_sig[i], &sa, &crash_old[i]);
		else
			sigaction(crash_sig[i], &crash_old[i], NULL);
	}
#ifdef __SANITIZE_ADDRESS__
	__sanitizer_set_death_callback(on ? crash_say : NULL);
#endif
}

static void run_workload(u32 w, struct trace *ta, struct trace *tb)
{
	static struct pv v0, v1;
	struct run r;
	size_t i;
	u32 n;

	crash_len = snprintf(crash_line, sizeof(crash_line),
			     "\nproperty: crashed in seed %#" PRIx64
			     " workload %u; reproduce: GVT_SEED=%#" PRIx64
			     " GVT_ONLY=%u GVT_TRACE=1 test_property\n",
			     g.seed, w, g.seed, w);
	/* Alone. */
	ta->len = 0;
	pv_init(&v0, 0, 'A', wseed(w, 0), w, ta);
	memset(&r, 0, sizeof(r));
	r.v[0] = &v0;
	r.nr = 1;
	rng_seed(&r.mix, wseed(w, 2));
	if (g.trace)
		printf("workload %u: vGPU 0 %u pipes N %u, %u steps\n", w,
		       v0.sh.pipes, v0.sh.n, v0.nsteps);
	for (v0.step = 0; v0.step < v0.nsteps && !v0.failed; v0.step++) {
		n = step(&v0);
		if (n)
			vblank_all(&r, n);
	}
	g.steps_w += v0.step;
	g.steps_all += v0.step;
	if (v0.failed)
		return;
	dump(&v0);

	/* Interleaved with another workload on vGPU 1, same vblanks. */
	tb->len = 0;
	pv_init(&v0, 0, 'B', wseed(w, 0), w, tb);
	pv_init(&v1, 1, 'B', wseed(w, 1), w, NULL);
	r.v[1] = &v1;
	r.nr = 2;
	if (g.trace)
		printf("workload %u: vGPU 1 %u pipes N %u\n", w, v1.sh.pipes,
		       v1.sh.n);
	for (v0.step = 0; v0.step < v0.nsteps && !v0.failed && !v1.failed;
	     v0.step++) {
		while (chance(&r.mix, 50) && !v1.failed) {
			/* vGPU 1's own vblank steps are dropped. */
			step(&v1);
			v1.step++;
			g.steps_all++;
		}
		n = step(&v0);
		if (n)
			vblank_all(&r, n);
	}
	g.steps_all += v0.step;
	if (v0.failed || v1.failed)
		return;
	dump(&v0);

	for (i = 0; i < ta->len && i < tb->len; i++)
		if (memcmp(&ta->r[i], &tb->r[i], sizeof(ta->r[i])))
			break;
	if (i < ta->len || i < tb->len) {
		struct rec *a = i < ta->len ? &ta->r[i] : NULL;
		struct rec *b = i < tb->len ? &tb->r[i] : NULL;

		v0.step = a ? a->step : b->step;
		v0.vblank = 0;
		flaw(&v0, P_LEAK, "trace entry %zu differs: alone kind %u "
		     "%#" PRIx64 " %#" PRIx64 ", beside vGPU 1 kind %u %#"
		     PRIx64 " %#" PRIx64, i, a ? a->kind : 0, a ? a->a : 0,
		     a ? a->b : 0, b ? b->kind : 0, b ? b->a : 0,
		     b ? b->b : 0);
	}
}

static u64 env_or_arg(int argc, char **argv, int idx, const char *env,
		      u64 def)
{
	const char *s = argc > idx ? argv[idx] : getenv(env);

	return s && *s ? strtoull(s, NULL, 0) : def;
}

static int group_setup(void **state)
{
	struct trace ta = { 0 }, tb = { 0 };
	struct timespec t0, t1;
	u32 w;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	crash_arm(1);
	for (w = g.first; w < g.first + g.iters; w++) {
		run_workload(w, &ta, &tb);
		g.workloads++;
	}
	crash_arm(0);
	crash_len = 0;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	g.seconds = (t1.tv_sec - t0.tv_sec) +
		(t1.tv_nsec - t0.tv_nsec) / 1e9;
	free(ta.r);
	free(tb.r);
	printf("property: %" PRIu64 " workloads, %" PRIu64 " workload steps "
	       "(%" PRIu64 " steps executed with the second vGPU), %" PRIu64
	       " vblanks, %" PRIu64 " signals, %" PRIu64 " flip and %" PRIu64
	       " single-FB checks, %" PRIu64 " damage takes (%" PRIu64
	       " drawn ranges checked), %.2f s\n", g.workloads, g.steps_w,
	       g.steps_all, g.vblanks, g.signals, g.flip_checks,
	       g.sfb_checks, g.damage_takes, g.band_checks, g.seconds);
	return 0;
}

static void check_prop(enum prop p)
{
	struct failure *f = &g.fail[p];

	if (!f->hit)
		return;
	print_error("%s: %d workload(s) failed; first: seed %#" PRIx64
		    " workload %u step %u: %s\n"
		    "reproduce: GVT_SEED=%#" PRIx64 " GVT_ONLY=%u "
		    "GVT_TRACE=1 test_property\n", prop_name[p], f->hit,
		    g.seed, f->workload, f->step, f->text, g.seed,
		    f->workload);
	fail_msg("property %s violated", prop_name[p]);
}

static void test_a_flip_delivered_within_one_vblank(void **state)
{
	(void)state;
	check_prop(P_FLIP);
}

static void test_b_masked_source_never_signalled(void **state)
{
	(void)state;
	check_prop(P_MASKED);
}

static void test_c_counter_fields_are_0_or_1(void **state)
{
	(void)state;
	check_prop(P_COUNTER);
}

static void test_d_no_state_leak_between_vgpus(void **state)
{
	(void)state;
	check_prop(P_LEAK);
}

static void test_e_single_fb_entry_at_nth_flipless_vblank(void **state)
{
	(void)state;
	assert_true(g.sfb_checks > 0 || g.iters < 10);
	check_prop(P_SINGLE_FB);
}

static void test_f_changes_delivered_nothing_spurious(void **state)
{
	(void)state;
	check_prop(P_CHANGE);
}

static void test_g_register_model(void **state)
{
	(void)state;
	check_prop(P_REGS);
}

static void test_h_damage_covers_every_change(void **state)
{
	(void)state;
	assert_true(g.band_checks > 0 || g.iters < 10);
	check_prop(P_DAMAGE);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_flip_delivered_within_one_vblank),
		cmocka_unit_test(test_b_masked_source_never_signalled),
		cmocka_unit_test(test_c_counter_fields_are_0_or_1),
		cmocka_unit_test(test_d_no_state_leak_between_vgpus),
		cmocka_unit_test(test_e_single_fb_entry_at_nth_flipless_vblank),
		cmocka_unit_test(test_f_changes_delivered_nothing_spurious),
		cmocka_unit_test(test_g_register_model),
		cmocka_unit_test(test_h_damage_covers_every_change),
	};
	const char *only = getenv("GVT_ONLY");
	const char *trace = getenv("GVT_TRACE");

	g.seed = env_or_arg(argc, argv, 1, "GVT_SEED", DEFAULT_SEED);
	g.iters = (u32)env_or_arg(argc, argv, 2, "GVT_ITERS", DEFAULT_ITERS);
	g.trace = trace && *trace && *trace != '0';
	if (only && *only) {
		g.first = (u32)strtoul(only, NULL, 0);
		g.iters = 1;
	}
	printf("property: seed %#" PRIx64 ", %u workload(s) of %u..%u steps"
	       " from workload %u\n", g.seed, g.iters, MIN_STEPS, MAX_STEPS,
	       g.first);
	fflush(stdout);
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
