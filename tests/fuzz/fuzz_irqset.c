// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_irqset: libFuzzer target on the VFIO_DEVICE_SET_IRQS decode
 * (common/gvt_irqset.c), the pure part of kvmgt's kv_set_irqs().
 *
 * Each input is one request: argsz, flags, index, start, count (mostly
 * near the interesting values, sometimes raw 32-bit words), the number of
 * sources of the vGPU (2, 4 or 6, sometimes 0 or a raw word), the data
 * size passed in (the size the VFIO core computes, or anything) and the
 * data bytes, copied into a buffer of exactly that size so that ASan sees
 * any read past it.  A violation aborts:
 *
 *  D1 the result is 0, -EINVAL or -EBADF, and a failing decode leaves the
 *     operation untouched;
 *  D2 an accepted request has no unknown flag, exactly one action and one
 *     data type, the display irq's index, argsz covering header and data,
 *     the exact data size, start < nr_sources and start + count <=
 *     nr_sources computed without overflow (so count never goes past
 *     nr_sources);
 *  D3 the operation is consistent with the request: ATTACH only for
 *     TRIGGER | DATA_EVENTFD, start 0, count 1 and the fd in the data,
 *     >= 0; DETACH only for TRIGGER with DATA_NONE count 0 or fd -1;
 *     MASK / UNMASK only for their action, count >= 1, bools NULL for
 *     DATA_NONE and the data for DATA_BOOL; EBADF only for a negative fd
 *     other than -1;
 *  D4 differential: with the data size the VFIO core computes, the decision
 *     (errno, or operation) equals that of a reference transcribed from
 *     vfio_set_irqs_validate_and_prepare() (Linux 6.1) followed by
 *     kv_set_irqs() as it was before the decode was factored out, whose
 *     mask range check is the core's gvt_display_check_range().
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/gvt_display.h"
#include "../../common/gvt_irqset.h"
#include "fuzz_input.h"

#define DISPLAY_IRQ	5	/* VFIO_PCI_NUM_IRQS: kvmgt's display irq */
#define NUM_IRQS	(DISPLAY_IRQ + 1)
#define EBADF_		GVT_IRQSET_EBADF
#define EINVAL_		GVT_IRQSET_EINVAL

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

/*
 * The reference: vfio_set_irqs_validate_and_prepare() of Linux 6.1
 * (drivers/vfio/vfio_main.c) then kv_set_irqs() as it was, with the fd
 * look-up and the trigger swap replaced by the operation they carry out.
 * Returns 0 or -errno; *data_size as the VFIO core computes it.  The
 * kernel copies in exactly that much data: when @have differs, the
 * result is 1 (not comparable).
 */
static int reference(const struct gvt_irqset_hdr *hdr, int num_irqs,
		     const uint8_t *data, size_t have, size_t *data_size,
		     struct gvt_irqset_op *op)
{
	uint32_t action, dtype;
	unsigned long minsz = GVT_IRQSET_HDR_SIZE;
	size_t size;

	/* kv_set_irqs() */
	if (hdr->index != DISPLAY_IRQ)
		return -EINVAL_;
	/* vfio_set_irqs_validate_and_prepare(hdr, nr, KV_NUM_IRQS, ...) */
	if (hdr->argsz < minsz || hdr->index >= NUM_IRQS ||
	    hdr->count >= (UINT32_MAX - hdr->start) ||
	    (hdr->flags & ~(GVT_IRQSET_DATA_TYPE_MASK |
			    GVT_IRQSET_ACTION_TYPE_MASK)))
		return -EINVAL_;
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
		*data_size = hdr->count * size;
	}
	if (have != *data_size)
		return 1;
	/* kv_set_irqs(), after the core */
	action = hdr->flags & GVT_IRQSET_ACTION_TYPE_MASK;
	dtype = hdr->flags & GVT_IRQSET_DATA_TYPE_MASK;
	if (popcount(action) != 1)
		return -EINVAL_;
	memset(op, 0, sizeof(*op));
	switch (action) {
	case GVT_IRQSET_ACTION_TRIGGER:
		if (dtype == GVT_IRQSET_DATA_NONE && hdr->count == 0) {
			op->action = GVT_IRQSET_DETACH;
		} else if (dtype == GVT_IRQSET_DATA_EVENTFD &&
			   hdr->start == 0 && hdr->count == 1) {
			int32_t fd;

			memcpy(&fd, data, sizeof(fd));
			if (fd == -1) {
				op->action = GVT_IRQSET_DETACH;
			} else if (fd < 0) {
				return -EBADF_;
			} else {
				op->action = GVT_IRQSET_ATTACH;
				op->fd = fd;
			}
		} else {
			return -EINVAL_;
		}
		return 0;
	default:	/* MASK, UNMASK */
		if (dtype == GVT_IRQSET_DATA_EVENTFD)
			return -EINVAL_;
		{
			/* gvt_vgpu_mask() -> gvt_display_check_range() */
			struct gvt_display d;

			gvt_display_init(&d, (uint32_t)num_irqs / 2, 0, NULL,
					 NULL);
			if (gvt_display_check_range(&d, hdr->start, hdr->count))
				return -EINVAL_;
		}
		op->action = action == GVT_IRQSET_ACTION_UNMASK ?
			     GVT_IRQSET_UNMASK : GVT_IRQSET_MASK;
		op->start = hdr->start;
		op->count = hdr->count;
		op->bools = dtype == GVT_IRQSET_DATA_BOOL ? data : NULL;
		return 0;
	}
}

static void check_accepted(const struct gvt_irqset_hdr *h, uint32_t nr,
			   const uint8_t *data, uint32_t data_size,
			   const struct gvt_irqset_op *op)
{
	uint32_t action = h->flags & GVT_IRQSET_ACTION_TYPE_MASK;
	uint32_t dtype = h->flags & GVT_IRQSET_DATA_TYPE_MASK;
	uint64_t need = (uint64_t)h->count * elem(h->flags);
	int32_t fd = 0;

	/* D2 */
	CHECK(!(h->flags & ~(GVT_IRQSET_ACTION_TYPE_MASK |
			     GVT_IRQSET_DATA_TYPE_MASK)),
	      "unknown flags %#x accepted", h->flags);
	CHECK(popcount(action) == 1 && popcount(dtype) == 1,
	      "flags %#x: not one action and one data type", h->flags);
	CHECK(h->index == DISPLAY_IRQ, "index %u accepted", h->index);
	CHECK(h->start < nr && (uint64_t)h->start + h->count <= nr,
	      "start %u count %u accepted with %u sources", h->start,
	      h->count, nr);
	CHECK(h->argsz >= GVT_IRQSET_HDR_SIZE &&
	      h->argsz - GVT_IRQSET_HDR_SIZE >= need && data_size == need,
	      "argsz %u data %u for count %u", h->argsz, data_size, h->count);
	if (dtype == GVT_IRQSET_DATA_EVENTFD)
		memcpy(&fd, data, sizeof(fd));

	/* D3 */
	switch (op->action) {
	case GVT_IRQSET_ATTACH:
		CHECK(action == GVT_IRQSET_ACTION_TRIGGER &&
		      dtype == GVT_IRQSET_DATA_EVENTFD && h->start == 0 &&
		      h->count == 1 && op->fd >= 0 && op->fd == fd,
		      "bad attach (flags %#x fd %d)", h->flags, op->fd);
		CHECK(!op->start && !op->count && !op->bools, "attach fields");
		break;
	case GVT_IRQSET_DETACH:
		CHECK(action == GVT_IRQSET_ACTION_TRIGGER &&
		      ((dtype == GVT_IRQSET_DATA_NONE && h->count == 0) ||
		       (dtype == GVT_IRQSET_DATA_EVENTFD && fd == -1)),
		      "bad detach (flags %#x count %u)", h->flags, h->count);
		CHECK(!op->start && !op->count && !op->bools && !op->fd,
		      "detach fields");
		break;
	case GVT_IRQSET_MASK:
	case GVT_IRQSET_UNMASK:
		CHECK(action == (op->action == GVT_IRQSET_MASK ?
				 GVT_IRQSET_ACTION_MASK :
				 GVT_IRQSET_ACTION_UNMASK),
		      "mask/unmask for flags %#x", h->flags);
		CHECK(dtype != GVT_IRQSET_DATA_EVENTFD, "mask with eventfds");
		CHECK(op->start == h->start && op->count == h->count &&
		      op->count >= 1 && op->count <= nr - op->start,
		      "mask range %u+%u of %u", op->start, op->count, nr);
		CHECK(op->bools == (dtype == GVT_IRQSET_DATA_BOOL ? data : NULL),
		      "mask bools");
		CHECK(!op->fd, "mask fd");
		break;
	default:
		CHECK(0, "unknown action %u", op->action);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t len)
{
	static const uint32_t nrs[] = { 2, 6, 4, 2, 6, 0, 1, 0xffffffffU };
	struct input in = { bytes, len };
	struct gvt_irqset_hdr h;
	struct gvt_irqset_op op, ref_op, untouched;
	uint8_t cfg = get8(&in), *data = NULL;
	uint32_t nr, data_size, dtype;
	size_t core_size = 0;
	int ret, ref;

	nr = cfg & 0x80 ? get32(&in) : nrs[cfg & 7];
	h.flags = (cfg & 0x40) ? get32(&in) : get8(&in);
	h.index = (cfg & 0x20) ? get32(&in) : DISPLAY_IRQ - 1 + get8(&in) % 3;
	h.start = pick(&in, 0);
	h.count = pick(&in, 0);
	dtype = elem(h.flags);
	h.argsz = pick(&in, GVT_IRQSET_HDR_SIZE + h.count * dtype - 2);
	/* The data size: what the VFIO core passes, or anything. */
	if (cfg & 0x10)
		data_size = get8(&in) % 32;
	else
		data_size = h.count <= 64 ? h.count * dtype : 0;
	if (data_size) {
		data = malloc(data_size);
		if (!data)
			abort();
		for (uint32_t i = 0; i < data_size; i++)
			data[i] = get8(&in);
	}

	memset(&untouched, 0xa5, sizeof(untouched));
	memcpy(&op, &untouched, sizeof(op));
	ret = gvt_irqset_decode(&h, DISPLAY_IRQ, nr, data, data_size, &op);

	/* D1 */
	CHECK(ret == 0 || ret == -EINVAL_ || ret == -EBADF_, "errno %d", ret);
	if (ret) {
		CHECK(!memcmp(&op, &untouched, sizeof(op)),
		      "failed decode wrote the operation");
	} else {
		check_accepted(&h, nr, data, data_size, &op);
	}
	if (ret == -EBADF_) {
		int32_t fd;

		CHECK(data_size == 4 && (h.flags & GVT_IRQSET_ACTION_TRIGGER),
		      "EBADF without an fd");
		memcpy(&fd, data, sizeof(fd));
		CHECK(fd < -1, "EBADF for fd %d", fd);
	}

	/* D4: for the vGPUs that exist (2, 4 or 6 sources). */
	if (nr == 2 || nr == 4 || nr == 6) {
		memset(&ref_op, 0, sizeof(ref_op));
		ref = reference(&h, (int)nr, data, data_size, &core_size,
				&ref_op);
		if (data_size == core_size) {
			CHECK(ret == ref, "decode %d, reference %d (flags %#x start %u count %u argsz %u)",
			      ret, ref, h.flags, h.start, h.count, h.argsz);
			if (!ret)
				CHECK(op.action == ref_op.action &&
				      op.start == ref_op.start &&
				      op.count == ref_op.count &&
				      op.bools == ref_op.bools &&
				      op.fd == ref_op.fd,
				      "decode and reference differ");
		} else {
			/* Not the size the core passes: never accepted. */
			CHECK(ret == -EINVAL_, "data size %u (core %zu): %d",
			      data_size, core_size, ret);
		}
	}
	free(data);
	return 0;
}
