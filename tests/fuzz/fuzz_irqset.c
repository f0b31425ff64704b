// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_irqset: libFuzzer target on the VFIO_DEVICE_SET_IRQS decode
 * (common/gvt_irqset.c), the pure part of kvmgt's kv_set_irqs().
 *
 * Each input is one request on one irq: the irq (number of sub-indexes
 * nr_irqs and caps: 1 and 0 for the request irq, 2, 4 or 6 and
 * GVT_IRQSET_CAN_MASK for the display irq, sometimes the other caps, 0 or
 * a raw word), argsz, flags, index, start, count (mostly near the
 * interesting values, sometimes raw 32-bit words), the data size passed in
 * (the size the VFIO core computes, or anything), whether the data pointer
 * is NULL, and the data: fds shaped towards 0..15, -1, other negatives and
 * raw words, or raw bytes.  The data ends where its heap block ends (even
 * with 0 bytes), so ASan sees any read past it.  A violation aborts:
 *
 *  D1 the result is 0, -EINVAL or -EBADF; a failing decode leaves the
 *     operation untouched; the data is never written; the header's index
 *     plays no part (the caller chose the irq by it): the same request with
 *     the irq's own index gives the same result and the same operation;
 *  D2 an accepted request has no unknown flag, exactly one action and one
 *     data type, argsz covering header and data, the exact data size
 *     (count times 0, 1 or 4), non-NULL data if that size is not 0,
 *     start < nr_irqs and count <= nr_irqs - start;
 *  D3 the operation is consistent with the request:
 *     ATTACH only for TRIGGER | DATA_EVENTFD, count >= 1; start and count
 *       those of the request, fds == data (so the count fds end exactly at
 *       the end of the data), bools NULL; gvt_irqset_fd(op, i) is data
 *       word i read as a native s32, so -1 for 0xffffffff and >= 0 for
 *       every other word (every word of the request is read, ASan checks
 *       the bounds);
 *     DETACH_ALL only for TRIGGER | DATA_NONE, count 0; every other field
 *       zero;
 *     FIRE only for TRIGGER with DATA_NONE (bools NULL) or DATA_BOOL
 *       (bools == data, count bytes, all read), count >= 1, the request's
 *       start and count, fds NULL;
 *     MASK / UNMASK only for their action, on an irq with CAN_MASK, DATA_NONE
 *       or DATA_BOOL as FIRE, count >= 1, the request's start and count;
 *     EBADF only for TRIGGER | DATA_EVENTFD with a data word below -1 as a
 *       s32, and that request with each such word replaced by -1 is an
 *       ATTACH;
 *  D4 differential, whenever nr_irqs fits the core's int num_irqs and caps
 *     is 0 or GVT_IRQSET_CAN_MASK: the decision (errno, or operation) equals
 *     that of a reference made of a transcription of the VFIO core's
 *     vfio_set_irqs_validate_and_prepare() (Linux 6.1,
 *     drivers/vfio/vfio_main.c) called as kv_set_irqs() calls it, then the
 *     irq's rules of uapi/gvt_mpt_display.h written out one by one.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/gvt_irqset.h"
#include "fuzz_input.h"

#define REQ_IRQ		4	/* VFIO_PCI_REQ_IRQ_INDEX */
#define DISPLAY_IRQ	5	/* VFIO_PCI_NUM_IRQS: kvmgt's display irq */
#define KV_NUM_IRQS	(DISPLAY_IRQ + 1)
#define EBADF_		GVT_IRQSET_EBADF
#define EINVAL_		GVT_IRQSET_EINVAL
#define CAN_MASK	GVT_IRQSET_CAN_MASK

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "fuzz_irqset: invariant: " __VA_ARGS__); \
			fprintf(stderr, "\n");				\
			abort();					\
		}							\
	} while (0)

/* A field: a few interesting values, or a raw word. */
static uint32_t pick(struct input *in, uint32_t base)
{
	static const uint32_t edge[] = {
		0xffffffffU, 0xfffffffeU, 0x80000000U, 0x7fffffffU,
		0xfffffffbU, 0x10000U,
	};
	uint8_t m = get8(in);

	if (m < 0xc0)
		return base + m % 8;
	if (m < 0xf0)
		return edge[m % (sizeof(edge) / sizeof(edge[0]))];
	return get32(in);
}

/* An fd word: small valid fds, -1, other negatives, or raw. */
static uint32_t pick_fd(struct input *in)
{
	static const uint32_t neg[] = {
		0xfffffffeU, 0x80000000U, 0xffffff9cU, 0xfffffff7U,
	};
	uint8_t m = get8(in);

	if (m < 0x80)
		return m % 16;
	if (m < 0xc0)
		return 0xffffffffU;
	if (m < 0xe0)
		return neg[m % (sizeof(neg) / sizeof(neg[0]))];
	return get32(in);
}

static uint32_t elem(uint32_t flags)
{
	switch (flags & GVT_IRQSET_DATA_TYPE_MASK) {
	case GVT_IRQSET_DATA_BOOL:
		return 1;
	case GVT_IRQSET_DATA_EVENTFD:
		return 4;
	default:
		return 0;
	}
}

static int popcount(uint32_t x)
{
	return __builtin_popcount(x);
}

static uint32_t word(const uint8_t *data, uint32_t i)
{
	uint32_t w;

	memcpy(&w, data + 4 * (size_t)i, sizeof(w));
	return w;
}

static int32_t sword(const uint8_t *data, uint32_t i)
{
	int32_t fd;

	memcpy(&fd, data + 4 * (size_t)i, sizeof(fd));
	return fd;
}

/*
 * vfio_set_irqs_validate_and_prepare() of Linux 6.1, transcribed: the
 * types are those of the kernel (hdr fields u32, num_irqs int, minsz
 * unsigned long, size and *data_size size_t), so the same conversions
 * happen.
 */
static int vfio_core(const struct gvt_irqset_hdr *hdr, int num_irqs,
		     int max_irq_type, size_t *data_size)
{
	unsigned long minsz;
	size_t size;

	minsz = GVT_IRQSET_HDR_SIZE;	/* offsetofend(vfio_irq_set, count) */

	if ((hdr->argsz < minsz) || (hdr->index >= (uint32_t)max_irq_type) ||
	    (hdr->count >= (UINT32_MAX - hdr->start)) ||
	    (hdr->flags & ~(GVT_IRQSET_DATA_TYPE_MASK |
			    GVT_IRQSET_ACTION_TYPE_MASK)))
		return -EINVAL_;

	if (data_size)
		*data_size = 0;

	if (hdr->start >= (uint32_t)num_irqs ||
	    hdr->start + hdr->count > (uint32_t)num_irqs)
		return -EINVAL_;

	switch (hdr->flags & GVT_IRQSET_DATA_TYPE_MASK) {
	case GVT_IRQSET_DATA_NONE:
		size = 0;
		break;
	case GVT_IRQSET_DATA_BOOL:
		size = sizeof(uint8_t);
		break;
	case GVT_IRQSET_DATA_EVENTFD:
		size = sizeof(int32_t);
		break;
	default:
		return -EINVAL_;
	}

	if (size) {
		if (hdr->argsz - minsz < hdr->count * size)
			return -EINVAL_;

		if (!data_size)
			return -EINVAL_;

		*data_size = hdr->count * size;
	}

	return 0;
}

/*
 * The reference decision for a request on the irq at @hdr->index (which
 * the caller chose) with @nr sub-indexes and caps @caps, given @have
 * bytes at @data: kv_set_irqs()'s call of the VFIO core, then the rules
 * of the uapi header one by one.  Returns 0 (with @op) or -errno.
 */
static int reference(const struct gvt_irqset_hdr *hdr, uint32_t nr,
		     uint32_t caps, const uint8_t *data, uint32_t have,
		     struct gvt_irqset_op *op)
{
	uint32_t action = hdr->flags & GVT_IRQSET_ACTION_TYPE_MASK;
	uint32_t dtype = hdr->flags & GVT_IRQSET_DATA_TYPE_MASK;
	size_t data_size = 0;
	uint32_t i;
	int ret;

	ret = vfio_core(hdr, (int)nr, KV_NUM_IRQS, &data_size);
	if (ret)
		return ret;
	/* The caller copies in exactly the core's data size, no other. */
	if (have != data_size || (have && !data))
		return -EINVAL_;

	/* One action. */
	if (action != GVT_IRQSET_ACTION_MASK &&
	    action != GVT_IRQSET_ACTION_UNMASK &&
	    action != GVT_IRQSET_ACTION_TRIGGER)
		return -EINVAL_;
	memset(op, 0, sizeof(*op));

	/* TRIGGER | NONE, count 0: detach every sub-index. */
	if (action == GVT_IRQSET_ACTION_TRIGGER &&
	    dtype == GVT_IRQSET_DATA_NONE && hdr->count == 0) {
		op->action = GVT_IRQSET_DETACH_ALL;
		return 0;
	}
	/* Count 0 means nothing else. */
	if (hdr->count == 0)
		return -EINVAL_;
	op->start = hdr->start;
	op->count = hdr->count;

	/* TRIGGER | EVENTFD: one fd per sub-index, -1 to detach it. */
	if (action == GVT_IRQSET_ACTION_TRIGGER &&
	    dtype == GVT_IRQSET_DATA_EVENTFD) {
		for (i = 0; i < hdr->count; i++)
			if (sword(data, i) < -1)
				return -EBADF_;
		op->action = GVT_IRQSET_ATTACH;
		op->fds = data;
		return 0;
	}

	/* TRIGGER | NONE or BOOL: loopback. */
	if (dtype == GVT_IRQSET_DATA_BOOL)
		op->bools = data;
	if (action == GVT_IRQSET_ACTION_TRIGGER) {
		op->action = GVT_IRQSET_FIRE;
		return 0;
	}

	/* MASK, UNMASK: NONE or BOOL, on a maskable irq only. */
	if (!(caps & CAN_MASK))
		return -EINVAL_;
	if (dtype == GVT_IRQSET_DATA_EVENTFD)
		return -EINVAL_;
	op->action = action == GVT_IRQSET_ACTION_MASK ? GVT_IRQSET_MASK :
		     GVT_IRQSET_UNMASK;
	return 0;
}

/* Where the bytes read for ASan's sake go, so the reads stay. */
static volatile uint32_t sink;

/* D2 and D3 for an accepted request. */
static void check_accepted(const struct gvt_irqset_hdr *h, uint32_t nr,
			   uint32_t caps, const uint8_t *data,
			   uint32_t data_size, const struct gvt_irqset_op *op)
{
	uint32_t action = h->flags & GVT_IRQSET_ACTION_TYPE_MASK;
	uint32_t dtype = h->flags & GVT_IRQSET_DATA_TYPE_MASK;
	uint64_t need = (uint64_t)h->count * elem(h->flags);
	uint32_t i, w, sum = 0;
	int fd;

	/* D2 */
	CHECK(!(h->flags & ~(GVT_IRQSET_ACTION_TYPE_MASK |
			     GVT_IRQSET_DATA_TYPE_MASK)),
	      "unknown flags %#x accepted", h->flags);
	CHECK(popcount(action) == 1 && popcount(dtype) == 1,
	      "flags %#x: not one action and one data type", h->flags);
	CHECK(h->start < nr && h->count <= nr - h->start,
	      "start %u count %u accepted with %u irqs", h->start, h->count,
	      nr);
	CHECK(h->argsz >= GVT_IRQSET_HDR_SIZE &&
	      h->argsz - GVT_IRQSET_HDR_SIZE >= need && data_size == need,
	      "argsz %u data %u for count %u", h->argsz, data_size, h->count);
	CHECK(!need || data, "data NULL for %u bytes", data_size);

	/* D3 */
	if (op->action != GVT_IRQSET_DETACH_ALL) {
		CHECK(h->count >= 1 && op->start == h->start &&
		      op->count == h->count,
		      "range %u+%u for request %u+%u", op->start, op->count,
		      h->start, h->count);
		CHECK(op->count >= 1 && op->start < nr &&
		      op->count <= nr - op->start,
		      "op range %u+%u of %u", op->start, op->count, nr);
	}
	switch (op->action) {
	case GVT_IRQSET_ATTACH:
		CHECK(action == GVT_IRQSET_ACTION_TRIGGER &&
		      dtype == GVT_IRQSET_DATA_EVENTFD,
		      "attach for flags %#x", h->flags);
		CHECK(op->fds == data && !op->bools, "attach pointers");
		CHECK((uint64_t)op->count * 4 == data_size,
		      "%u fds in %u bytes", op->count, data_size);
		for (i = 0; i < op->count; i++) {
			w = word(data, i);
			fd = gvt_irqset_fd(op, i);
			if (w == 0xffffffffU)
				CHECK(fd == -1, "fd %u: word -1 read as %d", i,
				      fd);
			else
				CHECK(fd >= 0 && (uint32_t)fd == w,
				      "fd %u: word %#x read as %d", i, w, fd);
		}
		break;
	case GVT_IRQSET_DETACH_ALL:
		CHECK(action == GVT_IRQSET_ACTION_TRIGGER &&
		      dtype == GVT_IRQSET_DATA_NONE && h->count == 0,
		      "detach all for flags %#x count %u", h->flags, h->count);
		CHECK(!op->start && !op->count && !op->bools && !op->fds,
		      "detach all fields");
		break;
	case GVT_IRQSET_FIRE:
	case GVT_IRQSET_MASK:
	case GVT_IRQSET_UNMASK:
		if (op->action == GVT_IRQSET_FIRE)
			CHECK(action == GVT_IRQSET_ACTION_TRIGGER,
			      "fire for flags %#x", h->flags);
		else
			CHECK(action == (op->action == GVT_IRQSET_MASK ?
					 GVT_IRQSET_ACTION_MASK :
					 GVT_IRQSET_ACTION_UNMASK) &&
			      (caps & CAN_MASK),
			      "mask/unmask for flags %#x caps %#x", h->flags,
			      caps);
		CHECK(dtype == GVT_IRQSET_DATA_NONE ||
		      dtype == GVT_IRQSET_DATA_BOOL,
		      "action %u with flags %#x", op->action, h->flags);
		CHECK(!op->fds, "fds for action %u", op->action);
		if (dtype == GVT_IRQSET_DATA_NONE) {
			CHECK(!op->bools, "bools for DATA_NONE");
			break;
		}
		CHECK(op->bools == data && op->count == data_size,
		      "bools %p for data %p (%u bytes, count %u)",
		      (const void *)op->bools, (const void *)data, data_size,
		      op->count);
		for (i = 0; i < op->count; i++)
			sum += op->bools[i];
		sink = sum;
		break;
	default:
		CHECK(0, "unknown action %u", op->action);
	}
}

/* D3 for EBADF: a bad fd is there, and it is the only thing wrong. */
static void check_ebadf(const struct gvt_irqset_hdr *h, uint32_t nr,
			uint32_t caps, const uint8_t *data, uint32_t data_size)
{
	struct gvt_irqset_op op;
	uint8_t *fixed;
	uint32_t i, bad = 0;
	int ret;

	CHECK((h->flags & GVT_IRQSET_ACTION_TYPE_MASK) ==
	      GVT_IRQSET_ACTION_TRIGGER &&
	      (h->flags & GVT_IRQSET_DATA_TYPE_MASK) ==
	      GVT_IRQSET_DATA_EVENTFD && data && data_size &&
	      (uint64_t)h->count * 4 == data_size,
	      "EBADF for flags %#x count %u data %u", h->flags, h->count,
	      data_size);
	fixed = malloc(data_size);
	if (!fixed)
		abort();
	memcpy(fixed, data, data_size);
	for (i = 0; i < h->count; i++)
		if (sword(fixed, i) < -1) {
			memset(fixed + 4 * (size_t)i, 0xff, 4);
			bad++;
		}
	CHECK(bad, "EBADF with every fd >= -1");
	ret = gvt_irqset_decode(h, nr, caps, fixed, data_size, &op);
	CHECK(ret == 0 && op.action == GVT_IRQSET_ATTACH,
	      "EBADF request with its %u bad fds set to -1: %d", bad, ret);
	free(fixed);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t len)
{
	/* The request irq, the display irq of 1, 2, 3 pipes, odd ones. */
	static const struct {
		uint32_t nr, caps;
	} irqs[] = {
		{ 1, 0 }, { 2, CAN_MASK }, { 4, CAN_MASK }, { 6, CAN_MASK },
		{ 1, 0 }, { 6, CAN_MASK }, { 0, CAN_MASK }, { 0, 0 },
	};
	struct input in = { bytes, len };
	struct gvt_irqset_hdr h, h2;
	struct gvt_irqset_op op, op2, ref_op, untouched;
	uint8_t cfg = get8(&in), cfg2 = get8(&in), *base, *data, *copy;
	uint32_t nr, caps, data_size, esz, i, own_index;
	int ret, ret2, ref;

	nr = irqs[cfg & 7].nr;
	caps = irqs[cfg & 7].caps;
	if (cfg & 0x80)
		nr = get32(&in);
	if ((cfg & 0x08) && (cfg2 & 0x40)) {
		/* The other caps, or a raw byte. */
		caps = (cfg2 & 0x80) ? get8(&in) : caps ^ CAN_MASK;
	}
	own_index = nr == 1 && !caps ? REQ_IRQ : DISPLAY_IRQ;
	h.flags = (cfg & 0x40) ? get32(&in) : get8(&in);
	h.index = (cfg & 0x20) ? get32(&in) : REQ_IRQ + get8(&in) % 3;
	h.start = pick(&in, 0);
	h.count = pick(&in, 0);
	esz = elem(h.flags);
	h.argsz = pick(&in, GVT_IRQSET_HDR_SIZE + h.count * esz - 2);
	/* The data size: what the VFIO core passes, or anything. */
	if (cfg & 0x10)
		data_size = get8(&in) % 32;
	else
		data_size = h.count <= 64 ? h.count * esz : 0;
	/*
	 * The data ends where its heap block ends, so ASan flags any read past
	 * it, even with 0 bytes (then data is a valid pointer to nothing).
	 */
	base = malloc((size_t)data_size + 1);
	if (!base)
		abort();
	data = base + 1;
	if (esz == 4 && !(cfg2 & 1)) {
		for (i = 0; i + 4 <= data_size; i += 4) {
			uint32_t w = pick_fd(&in);

			memcpy(data + i, &w, 4);
		}
		for (; i < data_size; i++)
			data[i] = get8(&in);
	} else {
		for (i = 0; i < data_size; i++)
			data[i] = get8(&in);
	}
	copy = malloc((size_t)data_size + 1);
	if (!copy)
		abort();
	memcpy(copy, data, data_size);
	/* Sometimes no data at all, whatever the size says. */
	if ((cfg2 & 0x0e) == 0x0e)
		data = NULL;

	memset(&untouched, 0xa5, sizeof(untouched));
	memcpy(&op, &untouched, sizeof(op));
	ret = gvt_irqset_decode(&h, nr, caps, data, data_size, &op);

	/* D1 */
	CHECK(ret == 0 || ret == -EINVAL_ || ret == -EBADF_, "errno %d", ret);
	if (ret)
		CHECK(!memcmp(&op, &untouched, sizeof(op)),
		      "failed decode wrote the operation");
	CHECK(!data || !data_size || !memcmp(data, copy, data_size),
	      "decode wrote the data");
	h2 = h;
	h2.index = own_index;
	memcpy(&op2, &untouched, sizeof(op2));
	ret2 = gvt_irqset_decode(&h2, nr, caps, data, data_size, &op2);
	CHECK(ret2 == ret && !memcmp(&op, &op2, sizeof(op)),
	      "index %u: %d, index %u: %d", h.index, ret, h2.index, ret2);

	/* D2, D3 */
	if (!ret)
		check_accepted(&h, nr, caps, data, data_size, &op);
	else if (ret == -EBADF_)
		check_ebadf(&h, nr, caps, data, data_size);

	/* D4 */
	if (nr <= INT_MAX && (caps == 0 || caps == CAN_MASK)) {
		memset(&ref_op, 0, sizeof(ref_op));
		ref = reference(&h2, nr, caps, data, data_size, &ref_op);
		CHECK(ret == ref,
		      "decode %d, reference %d (nr %u caps %#x flags %#x start %u count %u argsz %u data %u%s)",
		      ret, ref, nr, caps, h.flags, h.start, h.count, h.argsz,
		      data_size, data ? "" : " NULL");
		if (!ret)
			CHECK(op.action == ref_op.action &&
			      op.start == ref_op.start &&
			      op.count == ref_op.count &&
			      op.bools == ref_op.bools &&
			      op.fds == ref_op.fds,
			      "decode and reference differ (action %u/%u)",
			      op.action, ref_op.action);
	}
	free(copy);
	free(base);
	return 0;
}
