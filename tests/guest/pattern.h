/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pattern.h - what the nested-QEMU display test draws, shared by the
 * freestanding guest (tests/guest/guest.c, which writes the pixels into the
 * vGPU's aperture) and the host checker (tests/vm/qemu_display.c, which
 * computes the pixels a screendump must show).  Plain C, no libc: fixed
 * width integers and arithmetic only.
 *
 * Layout of the aperture (BAR2) the guest uses:
 *   buffer A at GVT_PAT_SURF_A, buffer B at GVT_PAT_SURF_B (4 KiB aligned),
 *   each GVT_PAT_W x GVT_PAT_H XRGB8888 with a stride of GVT_PAT_STRIDE
 *   bytes (a multiple of 64, as PLANE_STRIDE counts 64-byte units);
 *   a 64x64 ARGB8888 cursor image at GVT_PAT_CURSOR.
 *
 * Patterns A and B differ in every pixel (A's blue has bit 7 clear, B's
 * set), so a flip that did not show is seen at the first pixel; red and
 * green follow x and y, so a wrong stride or offset shows as a shifted
 * coordinate.  The X byte of the XRGB pixels is not zero, so a consumer
 * that took it for alpha would be seen too.  The cursor is opaque and its
 * blue never has bit 7 set, so a cursor composed over pattern B is seen.
 */
#ifndef GVT_GUEST_PATTERN_H
#define GVT_GUEST_PATTERN_H

#include <stdint.h>

#define GVT_PAT_W		320U
#define GVT_PAT_H		200U
#define GVT_PAT_STRIDE		(GVT_PAT_W * 4U)	/* 1280 = 20 * 64 */
#define GVT_PAT_SURF_A		0x00000000U
#define GVT_PAT_SURF_B		0x00040000U	/* past A's 256000 bytes */
#define GVT_PAT_CURSOR		0x00080000U
#define GVT_PAT_CUR_SIZE	64U
/* Cursor positions (CURPOS x, y) before and after the move. */
#define GVT_PAT_CUR_X0		100U
#define GVT_PAT_CUR_Y0		50U
#define GVT_PAT_CUR_X1		150U
#define GVT_PAT_CUR_Y1		80U

/* Pattern A, pixel (x, y): 0xXXRRGGBB. */
static inline uint32_t gvt_pat_a(uint32_t x, uint32_t y)
{
	uint32_t r = x & 0xff, g = y & 0xff, b = 0x40 | (x >> 8) << 4 | (y >> 8);

	return ((x ^ y) & 0xff) << 24 | r << 16 | g << 8 | b;
}

/* Pattern B, pixel (x, y): 0xXXRRGGBB. */
static inline uint32_t gvt_pat_b(uint32_t x, uint32_t y)
{
	uint32_t r = 0xff - (y & 0xff), g = x & 0xff;
	uint32_t b = 0x80 | (x >> 8) << 4 | ((x + y) & 0xf);

	return 0x5aU << 24 | r << 16 | g << 8 | b;
}

/* The cursor image, pixel (x, y) of 64x64: ARGB8888, opaque. */
static inline uint32_t gvt_pat_cursor(uint32_t x, uint32_t y)
{
	return 0xffU << 24 | (x * 4) << 16 | (y * 4) << 8 | 0x20;
}

/* The RGB a screendump (PPM, 8 bits per channel) shows for pixel @px. */
static inline uint32_t gvt_pat_rgb(uint32_t px)
{
	return px & 0x00ffffffU;
}

#endif /* GVT_GUEST_PATTERN_H */
