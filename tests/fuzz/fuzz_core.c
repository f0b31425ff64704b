// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_core: libFuzzer target on the pure display core (common/gvt_display.c).
 *
 * The input drives two vGPUs (1 or 3 heads each, single-FB N 0..7, from the
 * first byte) through a sequence of operations, one selector byte each
 * (bit 0: which vGPU, the rest: which operation) followed by its arguments:
 * MMIO writes and reads (valid registers, unknown offsets, pipes the vGPU
 * lacks, unaligned offsets, sizes other than 4, raw 64-bit offsets), vblanks
 * of both vGPUs (as the kernel's hrtimer does), mask and unmask with
 * DATA_NONE and DATA_BOOL (including empty ranges, ranges past the sources
 * and start + count overflowing 32 bits), a consumer read of the "eventfd"
 * counter followed by an unmask of the sources read, eventfd attach and
 * detach, device reset, gvt_display_surface_written() (good and bad pipe
 * and plane), gvt_display_set_tracking(), gvt_display_surface_damage()
 * (any pipe, plane and 64-bit range) and gvt_display_take_damage() (any
 * source).  At the end of the input every vGPU gets an eventfd, every
 * source is unmasked and one vblank runs.
 *
 * A shadow of what the contract promises (uapi/gvt_mpt_display.h), kept
 * beside the core, is checked at every step; a violation aborts:
 *
 *  I1 a masked source is never signalled (shadow mask: explicit mask and
 *     unmask, automask at each signal), and the core's mask equals it;
 *  I2 every byte of a counter read is 0 or 1 while the consumer only
 *     unmasks sources it has read, and it is 1 exactly for the sources
 *     signalled since the previous read; at most one signal per source per
 *     vblank, and only for sources the vGPU has;
 *  I3 a flip (PLANE_SURF write) that changes the live surface of a shown
 *     primary plane, or a reported write of a shown plane's surface, is
 *     signalled at the next vblank at which its
 *     source is unmasked and an eventfd is attached, so within one vblank,
 *     or within one vblank after the unmask / attach;
 *  I4 a call that fails (MMIO access, mask, unmask) changes nothing:
 *     memcmp of struct gvt_display; a failed read leaves the value alone;
 *     a read changes nothing either; errnos are the contract's (EINVAL,
 *     EPERM for a read-only register) and a register reads back what was
 *     written;
 *  I5 no operation on one vGPU changes the other (memcmp of the other's
 *     struct gvt_display and backend state);
 *  I6 damage is well formed when taken (known flags, at most four bands,
 *     none with FULL, each non-empty, sorted, apart) and a take clears it;
 *     a reported range that touches no shown surface changes nothing, and
 *     none changes masks or pending events.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/gvt_display.h"
#include "../../uapi/gvt_mpt_display.h"
#include "../../uapi/gvt_mpt_regs.h"
#include "../scenario.h"
#include "fuzz_input.h"

#define NV		2
#define ENOTCONN_	107
#define PRI(p)		(1U << GVT_MPT_SOURCE(p, GVT_MPT_PLANE_PRIMARY))

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "fuzz_core: invariant: " __VA_ARGS__); \
			fprintf(stderr, "\n");				\
			abort();					\
		}							\
	} while (0)

/* The registers of one pipe, at pipe 0's offsets; ro: read-only. */
enum { R_PIPECONF, R_FRMCOUNT, R_FLIPCOUNT, R_CURCNTR, R_CURBASE, R_CURPOS,
	R_PLANE_CTL, R_PLANE_STRIDE, R_PLANE_SURF, R_PLANE_SURFLIVE,
	R_PLANE_POS, R_PLANE_SIZE, R_PIPESRC, R_HTOTAL, R_VTOTAL, R_CLOCK,
	NR_REGS };

static const struct {
	uint32_t off;
	int ro;
} regs[NR_REGS] = {
	[R_PIPECONF] = { GVT_MPT_PIPECONF(0), 0 },
	[R_FRMCOUNT] = { GVT_MPT_PIPE_FRMCOUNT(0), 1 },
	[R_FLIPCOUNT] = { GVT_MPT_PIPE_FLIPCOUNT(0), 1 },
	[R_CURCNTR] = { GVT_MPT_CURCNTR(0), 0 },
	[R_CURBASE] = { GVT_MPT_CURBASE(0), 0 },
	[R_CURPOS] = { GVT_MPT_CURPOS(0), 0 },
	[R_PLANE_CTL] = { GVT_MPT_PLANE_CTL(0), 0 },
	[R_PLANE_STRIDE] = { GVT_MPT_PLANE_STRIDE(0), 0 },
	[R_PLANE_SURF] = { GVT_MPT_PLANE_SURF(0), 0 },
	[R_PLANE_SURFLIVE] = { GVT_MPT_PLANE_SURFLIVE(0), 1 },
	[R_PLANE_POS] = { GVT_MPT_PLANE_POS(0), 0 },
	[R_PLANE_SIZE] = { GVT_MPT_PLANE_SIZE(0), 0 },
	[R_PIPESRC] = { GVT_MPT_PIPESRC(0), 0 },
	[R_HTOTAL] = { GVT_MPT_TRANS_HTOTAL(0), 0 },
	[R_VTOTAL] = { GVT_MPT_TRANS_VTOTAL(0), 0 },
	[R_CLOCK] = { GVT_MPT_TRANS_CLOCK(0), 0 },
};

/* One vGPU: the core, its "eventfd", and the shadow of the contract. */
struct fv {
	struct gvt_display d;
	uint32_t nr;		/* sources */
	int attached;		/* an eventfd is attached */
	uint64_t counter;	/* the eventfd counter */
	uint32_t sent;		/* signalled during the current vblank */
	uint32_t smask;		/* shadow mask */
	uint32_t unread;	/* signalled since the consumer's last read */
	uint32_t tainted;	/* unmasked while unread: field may be > 1 */
	uint32_t owe;		/* flips not delivered yet */
	uint32_t reg[GVT_MAX_PIPES][NR_REGS];	/* read-write regs as written */
};

static struct fv v[NV];

static uint64_t get64(struct input *in)
{
	uint64_t hi = get32(in);

	return hi << 32 | get32(in);
}

static int fv_event(void *handle, unsigned int source)
{
	struct fv *f = handle;
	uint32_t bit = 1U << source;
	uint64_t inc;

	CHECK(source < f->nr, "signal for source %u of %u", source, f->nr);
	CHECK(!(f->smask & bit), "masked source %u signalled", source);
	if (!f->attached)
		return -ENOTCONN_;
	CHECK(!(f->sent & bit), "source %u signalled twice in a vblank",
	      source);
	/* As eventfd_signal(): the counter saturates. */
	inc = scn_event(source);
	if (UINT64_MAX - f->counter < inc)
		inc = UINT64_MAX - f->counter;
	f->counter += inc;
	f->sent |= bit;
	f->smask |= bit;	/* automask */
	f->unread |= bit;
	return 0;
}

static const struct gvt_mpt_ops fv_ops = {
	.name = "fuzz",
	.display_event = fv_event,
};

/* What the contract says an access at @off of @size returns. */
static int expect_access(const struct fv *f, uint64_t off, uint32_t size,
			 int write, int *reg, uint32_t *pipe)
{
	uint64_t block = off & ~0xffffULL;
	int r;

	/* Registers of pipe p: the pipe A offset (0x6xxxx or 0x7xxxx) + p * stride. */
	if (size != 4 || (off & 3) || (block != 0x60000 && block != 0x70000))
		return -GVT_EINVAL;
	*pipe = (uint32_t)(off >> 12) & 0xf;
	if (*pipe >= f->d.nr_pipes)
		return -GVT_EINVAL;
	for (r = 0; r < NR_REGS; r++)
		if (off - (uint64_t)*pipe * GVT_MPT_PIPE_STRIDE == regs[r].off)
			break;
	if (r == NR_REGS)
		return -GVT_EINVAL;
	*reg = r;
	return write && regs[r].ro ? -GVT_EPERM : 0;
}

/* An offset and a size: mostly registers, sometimes anything. */
static void pick_access(struct input *in, uint64_t *off, uint32_t *size)
{
	static const uint32_t sizes[] = { 0, 1, 2, 3, 8, 0xffffffffU };
	uint8_t mode = get8(in);
	uint32_t pipe = get8(in) % (GVT_MAX_PIPES + 1);
	uint8_t r = get8(in);

	*size = 4;
	if (r < NR_REGS * 15)		/* most: NR_REGS * 15 < 256 */
		*off = regs[r % NR_REGS].off;
	else
		*off = 0x70000 + (r & 0x3f) * 4;	/* mostly unknown */
	*off += (uint64_t)pipe * GVT_MPT_PIPE_STRIDE;
	switch (mode & 7) {
	case 5:
		*off += 1 + (mode >> 3) % 3;		/* unaligned */
		break;
	case 6:
		*size = sizes[(mode >> 3) % (sizeof(sizes) / sizeof(sizes[0]))];
		break;
	case 7:
		*off = get64(in);
		*size = (mode & 0x80) ? get32(in) : 4;
		break;
	default:
		break;
	}
}

static uint32_t pick_value(struct input *in)
{
	static const uint32_t vals[] = {
		0, GVT_MPT_PIPECONF_ENABLE, GVT_MPT_PLANE_CTL_ASYNC_FLIP,
		GVT_MPT_PLANE_CTL_ENABLE | GVT_MPT_PLANE_CTL_ASYNC_FLIP,
		1, 0x1000, 0xffffffffU,
	};
	uint8_t m = get8(in);

	if (m & 0x80)
		return get32(in);
	return vals[m % (sizeof(vals) / sizeof(vals[0]))];
}

static void op_write(struct fv *f, struct input *in)
{
	struct gvt_display before;
	uint32_t size, val, pipe = 0;
	uint64_t off;
	int ret, exp, reg = 0;

	memcpy(&before, &f->d, sizeof(before));
	pick_access(in, &off, &size);
	val = pick_value(in);
	exp = expect_access(f, off, size, 1, &reg, &pipe);
	ret = gvt_display_mmio_write(&f->d, off, size, val);
	CHECK(ret == exp, "write %#llx size %u: %d, expected %d",
	      (unsigned long long)off, size, ret, exp);
	if (ret) {
		CHECK(!memcmp(&before, &f->d, sizeof(before)),
		      "failed write %#llx changed the vGPU",
		      (unsigned long long)off);
		return;
	}
	f->reg[pipe][reg] = val;
	/*
	 * Exact policy: a flip is owed when it changes the live surface of a
	 * shown primary plane.  One aimed at the live surface owes nothing
	 * (an armed flip re-aimed there shows nothing new either).
	 */
	if (reg == R_PLANE_SURF) {
		if ((f->reg[pipe][R_PIPECONF] & GVT_MPT_PIPECONF_ENABLE) &&
		    (f->reg[pipe][R_PLANE_CTL] & GVT_MPT_PLANE_CTL_ENABLE) &&
		    val != before.pipe[pipe].plane_surflive)
			f->owe |= PRI(pipe);
		else
			f->owe &= ~PRI(pipe);
	}
}

/*
 * gvt_display_surface_written(): bad pipe or plane is -GVT_EINVAL and
 * changes nothing; a write of a shown plane is owed an event like a flip.
 */
static void op_written(struct fv *f, struct input *in)
{
	struct gvt_display before;
	uint32_t pipe = get8(in) % (GVT_MAX_PIPES + 1);
	uint32_t plane = get8(in) % 3;
	int ret, exp, shown = 0;

	memcpy(&before, &f->d, sizeof(before));
	exp = pipe < f->d.nr_pipes && plane < 2 ? 0 : -GVT_EINVAL;
	ret = gvt_display_surface_written(&f->d, pipe, plane);
	CHECK(ret == exp, "surface_written(%u, %u): %d, expected %d", pipe,
	      plane, ret, exp);
	if (ret) {
		CHECK(!memcmp(&before, &f->d, sizeof(before)),
		      "failed surface_written changed the vGPU");
		return;
	}
	if (f->reg[pipe][R_PIPECONF] & GVT_MPT_PIPECONF_ENABLE)
		shown = plane ? !!(f->reg[pipe][R_CURCNTR] &
				   GVT_MPT_CURSOR_MODE_MASK) :
			!!(f->reg[pipe][R_PLANE_CTL] &
			   GVT_MPT_PLANE_CTL_ENABLE);
	if (shown)
		f->owe |= 1U << (2 * pipe + plane);
}

/* gvt_display_set_tracking(): bad pipe is -GVT_EINVAL, nothing changes. */
static void op_tracking(struct fv *f, struct input *in)
{
	struct gvt_display before;
	uint32_t pipe = get8(in) % (GVT_MAX_PIPES + 1);
	uint32_t on = get8(in) & 1;
	int ret, exp;

	memcpy(&before, &f->d, sizeof(before));
	exp = pipe < f->d.nr_pipes ? 0 : -GVT_EINVAL;
	ret = gvt_display_set_tracking(&f->d, pipe, on);
	CHECK(ret == exp, "set_tracking(%u, %u): %d, expected %d", pipe, on,
	      ret, exp);
	if (ret)
		CHECK(!memcmp(&before, &f->d, sizeof(before)),
		      "failed set_tracking changed the vGPU");
	else
		CHECK(!!(f->d.tracking & (1U << pipe)) == on,
		      "tracking of pipe %u not %u", pipe, on);
}

static void op_read(struct fv *f, struct input *in)
{
	struct gvt_display before;
	uint32_t size, val = 0xdeadbeefU, pipe = 0;
	uint64_t off;
	int ret, exp, reg = 0;

	memcpy(&before, &f->d, sizeof(before));
	pick_access(in, &off, &size);
	exp = expect_access(f, off, size, 0, &reg, &pipe);
	ret = gvt_display_mmio_read(&f->d, off, size, &val);
	CHECK(ret == exp, "read %#llx size %u: %d, expected %d",
	      (unsigned long long)off, size, ret, exp);
	CHECK(!memcmp(&before, &f->d, sizeof(before)),
	      "read %#llx changed the vGPU", (unsigned long long)off);
	if (ret) {
		CHECK(val == 0xdeadbeefU, "failed read wrote the value");
		return;
	}
	if (!regs[reg].ro)
		CHECK(val == f->reg[pipe][reg], "reg %#x pipe %u reads %#x, wrote %#x",
		      regs[reg].off, pipe, val, f->reg[pipe][reg]);
}

static void vblank_all(void)
{
	uint32_t pre[NV], sent;
	int i;

	for (i = 0; i < NV; i++) {
		pre[i] = v[i].smask;
		v[i].sent = 0;
	}
	for (i = 0; i < NV; i++) {
		struct fv *f = &v[i];
		uint32_t due;

		sent = gvt_display_vblank(&f->d);
		CHECK(sent == f->sent, "vGPU %d: vblank returned %#x, hook saw %#x",
		      i, sent, f->sent);
		due = f->attached ? f->owe & ~pre[i] : 0;
		CHECK(!(due & ~sent), "vGPU %d: flip on sources %#x not delivered (mask %#x)",
		      i, due & ~sent, pre[i]);
		f->owe &= ~sent;
		CHECK(f->d.masked == f->smask, "vGPU %d: mask %#x, shadow %#x",
		      i, f->d.masked, f->smask);
	}
}

/* A start or count: mostly small, sometimes at the edges of u32. */
static uint32_t pick_u32(struct input *in, uint32_t nr)
{
	static const uint32_t edge[] = {
		0xffffffffU, 0xfffffffeU, 0xfffffffaU, 0x80000000U, 0x7fffffffU,
		0x100U, 0x10000U,
	};
	uint8_t m = get8(in);

	if (m < 0xc0)
		return m % 8;
	if (m < 0xe0)
		return nr + (m & 3) - 1;
	if (m < 0xf8)
		return edge[m % (sizeof(edge) / sizeof(edge[0]))];
	return get32(in);
}

static void op_mask(struct fv *f, struct input *in, int unmask, int use_bool)
{
	struct gvt_display before;
	uint32_t start = pick_u32(in, f->nr), count = pick_u32(in, f->nr);
	uint32_t i, bits = 0, len = count < 8 ? count : 8;
	int valid = count && (uint64_t)start + count <= f->nr;
	uint8_t *bools = NULL;
	int ret;

	memcpy(&before, &f->d, sizeof(before));

	if (use_bool) {
		/* Exactly as long as the call may read (ASan checks). */
		bools = malloc(len ? len : 1);
		if (!bools)
			abort();
		for (i = 0; i < len; i++)
			bools[i] = get8(in) & 1 ? get8(in) | 1 : 0;
	}
	ret = unmask ? gvt_display_unmask(&f->d, start, count, bools) :
		       gvt_display_mask(&f->d, start, count, bools);
	CHECK(ret == (valid ? 0 : -GVT_EINVAL),
	      "%smask start %u count %u: %d", unmask ? "un" : "", start,
	      count, ret);
	if (ret) {
		CHECK(!memcmp(&before, &f->d, sizeof(before)),
		      "failed %smask changed the vGPU", unmask ? "un" : "");
	} else {
		for (i = 0; i < count; i++)
			if (!bools || bools[i])
				bits |= 1U << (start + i);
		if (unmask) {
			/* Unmasking an unread source breaks the 0/1 rule. */
			f->tainted |= bits & f->unread;
			f->smask &= ~bits;
		} else {
			f->smask |= bits;
		}
	}
	free(bools);
}

/* The consumer: read the counter, check it, unmask the sources read. */
static void op_consume(struct fv *f, struct input *in)
{
	uint64_t c = f->counter;
	uint32_t s, read = 0;
	uint8_t how = get8(in);
	int b;

	f->counter = 0;
	if (!f->tainted)
		for (b = 0; b < 64; b += 8)
			CHECK(((c >> b) & 0xff) <= 1,
			      "counter %#llx: byte at bit %d > 1",
			      (unsigned long long)c, b);
	for (s = 0; s < GVT_MAX_SOURCES; s++) {
		uint32_t field = scn_count(c, s);

		if (field)
			read |= 1U << s;
		if (f->tainted & (1U << s))
			continue;
		CHECK(field == ((f->unread >> s) & 1),
		      "source %u: field %u, signalled %u", s, field,
		      (f->unread >> s) & 1);
	}
	if (!f->tainted)
		CHECK(read == f->unread, "read %#x, signalled %#x", read,
		      f->unread);
	read = f->unread;
	f->unread = 0;
	f->tainted = 0;
	if (!read)
		return;
	if (how & 1) {
		uint8_t bools[GVT_MAX_SOURCES] = { 0 };

		for (s = 0; s < f->nr; s++)
			bools[s] = (read >> s) & 1;
		CHECK(!gvt_display_unmask(&f->d, 0, f->nr, bools),
		      "consumer bool unmask failed");
	} else {
		for (s = 0; s < f->nr; s++)
			if (read & (1U << s))
				CHECK(!gvt_display_unmask(&f->d, s, 1, NULL),
				      "consumer unmask of %u failed", s);
	}
	f->smask &= ~read;
}

static void attach(struct fv *f, int on)
{
	/* A new eventfd (or none): what the old one held is gone. */
	f->attached = on;
	f->counter = 0;
	f->unread = 0;
	f->tainted = 0;
}

static void op_reset(struct fv *f)
{
	gvt_display_reset(&f->d);
	memset(f->reg, 0, sizeof(f->reg));
	CHECK(f->d.masked == f->smask, "reset changed the mask");
}

/*
 * A reported write of display memory: any range, any pipe and plane.  A
 * bad pipe or plane fails and changes nothing; otherwise only the damage,
 * written bits and nothing else of the registers move.
 */
static void op_damage(struct fv *f, struct input *in)
{
	struct gvt_display before;
	uint32_t pipe = get8(in) % (GVT_MAX_PIPES + 1);
	uint32_t plane = get8(in) % 3;
	uint64_t first = get64(in), last = get64(in);
	int ret, bad = pipe >= f->d.nr_pipes || plane >= 2;

	memcpy(&before, &f->d, sizeof(before));
	ret = gvt_display_surface_damage(&f->d, pipe, plane, first, last);
	CHECK(bad ? ret == -GVT_EINVAL : ret == 0 || ret == 1,
	      "surface_damage(%u, %u): %d", pipe, plane, ret);
	if (ret <= 0)
		CHECK(!memcmp(&before, &f->d, sizeof(before)),
		      "surface_damage that touched nothing changed the vGPU");
	CHECK(f->d.masked == before.masked && f->d.pending == before.pending,
	      "surface_damage changed masks or pending events");
}

/* A consumer takes a source's damage: well formed, then cleared. */
static void op_take(struct fv *f, struct input *in)
{
	uint32_t src = get8(in) % (GVT_MAX_SOURCES + 1), i;
	struct gvt_damage dm, again;
	int ret;

	ret = gvt_display_take_damage(&f->d, src, &dm);
	CHECK(src < f->nr ? !ret : ret == -GVT_EINVAL, "take_damage(%u): %d",
	      src, ret);
	if (ret)
		return;
	CHECK(!(dm.flags & ~(GVT_DAMAGE_FULL | GVT_DAMAGE_MOVED)) &&
	      dm.nr <= GVT_DAMAGE_BANDS &&
	      !((dm.flags & GVT_DAMAGE_FULL) && dm.nr),
	      "damage of %u: flags %#x, %u bands", src, dm.flags, dm.nr);
	for (i = 0; i < dm.nr; i++)
		CHECK(dm.band[i].h && dm.band[i].y + dm.band[i].h > dm.band[i].y &&
		      (!i || dm.band[i].y > dm.band[i - 1].y + dm.band[i - 1].h),
		      "damage of %u: band %u %u+%u", src, i, dm.band[i].y,
		      dm.band[i].h);
	CHECK(!gvt_display_take_damage(&f->d, src, &again) && !again.flags &&
	      !again.nr, "damage of %u not cleared by the take", src);
}

enum { OP_WRITE, OP_READ, OP_VBLANK, OP_MASK, OP_UNMASK, OP_MASK_BOOL,
	OP_UNMASK_BOOL, OP_CONSUME, OP_ATTACH, OP_DETACH, OP_RESET,
	OP_WRITTEN, OP_TRACKING, OP_DAMAGE, OP_TAKE, NR_OPS };

/* Weights: one selector byte's upper 7 bits, over the operations. */
static const uint8_t op_of[] = {
	OP_WRITE, OP_WRITE, OP_WRITE, OP_WRITE, OP_WRITE, OP_WRITE,
	OP_READ, OP_READ, OP_VBLANK, OP_VBLANK, OP_VBLANK, OP_VBLANK,
	OP_MASK, OP_UNMASK, OP_MASK_BOOL, OP_UNMASK_BOOL,
	OP_CONSUME, OP_CONSUME, OP_CONSUME, OP_ATTACH, OP_DETACH, OP_RESET,
	OP_WRITTEN, OP_WRITTEN, OP_TRACKING, OP_DAMAGE, OP_DAMAGE, OP_TAKE,
};

static void step(struct input *in)
{
	uint8_t sel = get8(in);
	int id = sel & 1, op = op_of[(sel >> 1) % sizeof(op_of)];
	struct fv *f = &v[id];
	struct fv other;
	int n;

	memcpy(&other, &v[!id], sizeof(other));

	switch (op) {
	case OP_WRITE:
		op_write(f, in);
		break;
	case OP_READ:
		op_read(f, in);
		break;
	case OP_VBLANK:
		for (n = 1 + get8(in) % 4; n; n--)
			vblank_all();
		return;		/* runs both vGPUs */
	case OP_MASK:
	case OP_UNMASK:
	case OP_MASK_BOOL:
	case OP_UNMASK_BOOL:
		op_mask(f, in, op == OP_UNMASK || op == OP_UNMASK_BOOL,
			op == OP_MASK_BOOL || op == OP_UNMASK_BOOL);
		break;
	case OP_CONSUME:
		op_consume(f, in);
		break;
	case OP_ATTACH:
		attach(f, 1);
		break;
	case OP_DETACH:
		attach(f, 0);
		break;
	case OP_WRITTEN:
		op_written(f, in);
		break;
	case OP_TRACKING:
		op_tracking(f, in);
		break;
	case OP_DAMAGE:
		op_damage(f, in);
		break;
	case OP_TAKE:
		op_take(f, in);
		break;
	default:
		op_reset(f);
		break;
	}
	CHECK(!memcmp(&other, &v[!id], sizeof(other)),
	      "op %d on vGPU %d changed vGPU %d", op, id, !id);
	CHECK(f->d.masked == f->smask, "vGPU %d: mask %#x, shadow %#x after op %d",
	      id, f->d.masked, f->smask, op);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	uint8_t cfg = get8(&in);
	int i;

	memset(v, 0, sizeof(v));
	for (i = 0; i < NV; i++) {
		gvt_display_init(&v[i].d, (cfg >> i) & 1 ? 3 : 1,
				 (cfg >> 2) & 7, &fv_ops, &v[i]);
		v[i].nr = gvt_display_nr_sources(&v[i].d);
		CHECK(v[i].nr == 2 * v[i].d.nr_pipes, "nr_sources");
		v[i].attached = 1;
	}
	while (in.n)
		step(&in);

	/* Liveness: with an eventfd and no mask, everything owed arrives. */
	for (i = 0; i < NV; i++) {
		if (!v[i].attached)
			attach(&v[i], 1);
		v[i].tainted |= v[i].unread;
		CHECK(!gvt_display_unmask(&v[i].d, 0, v[i].nr, NULL),
		      "final unmask");
		v[i].smask = 0;
	}
	vblank_all();
	for (i = 0; i < NV; i++)
		CHECK(!v[i].owe, "vGPU %d: flips %#x never delivered", i,
		      v[i].owe);
	return 0;
}
