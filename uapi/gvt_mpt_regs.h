/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Display registers of the emulated vGPU, at their Skylake MMIO offsets in
 * BAR0.  Every register is 32 bits wide; how it may be accessed depends on
 * the path (below).  PIPE_FRMCOUNT, PIPE_FLIPCOUNT and PLANE_SURFLIVE are
 * read-only.  Pipes A, B, C are 0, 1, 2 and lie 0x1000 apart; PIPESRC and
 * the mode registers sit in the transcoder block (0x60000), every other
 * register in the pipe block (0x70000).  Registers hold what was written; the fields below are
 * how the display model reads them.
 *
 * Plane registers (primary plane = Skylake plane 1 of the pipe):
 *   PLANE_CTL     bit 31 enable; bits 27:24 format (4: 8:8:8:8, the only one
 *                 shown); bit 20 RGBX order (0: XRGB, 1: XBGR); bits 12:10
 *                 tiling (0: linear, the only one shown); bit 9 async flip;
 *                 bits 5:4 alpha (0: ignored, XRGB8888; else ARGB8888)
 *   PLANE_STRIDE  bits 11:0: stride in 64-byte units (linear surfaces)
 *   PLANE_POS     bits 31:16 y, 15:0 x of the plane on the pipe
 *   PLANE_SIZE    bits 31:16 height - 1, 15:0 width - 1
 *   PLANE_SURF    offset of the surface in the aperture (BAR2); bits 31:12
 *                 (4 KiB aligned; the low bits are ignored)
 *   PIPESRC       bits 31:16 width - 1, 15:0 height - 1 of the pipe's source
 *   CURCNTR       bits 5,2:0 mode: 0x27 64x64, 0x22 128x128, 0x23 256x256,
 *                 ARGB8888 (stride width * 4); 0: cursor off
 *   CURBASE       offset of the cursor image in the aperture (bits 31:12)
 *   CURPOS        bit 31 y sign, bits 30:16 y, bit 15 x sign, bits 14:0 x
 *
 * Mode registers (transcoder block), which set the pipe's vblank cadence:
 *   TRANS_HTOTAL  bits 28:16 horizontal total - 1 (pixels per line, with
 *                 blanking), bits 12:0 active width - 1
 *   TRANS_VTOTAL  bits 28:16 vertical total - 1 (lines per frame, with
 *                 blanking), bits 12:0 active height - 1
 *   TRANS_CLOCK   not a Skylake register (the vGPU has no PLLs): the pixel
 *                 clock in kHz.  The pipe's refresh rate is
 *                 clock * 1000 / (htotal * vtotal) Hz, its vblank period
 *                 htotal * vtotal / clock ms, clamped to 1 ms .. 1 s.  While
 *                 any of the three is 0 the pipe keeps the default period
 *                 (gvt_mpt's vblank_period_us, 60 Hz unless set).  Each
 *                 pipe of a vGPU has its own cadence.
 *
 * Two paths reach these registers, with different manners:
 *   guest path    what a guest does through BAR0 (VFIO region 0, which
 *                 QEMU forwards from the guest): accesses of 1, 2, 4 or 8
 *                 bytes at any offset inside the BAR, as hardware takes
 *                 them.  An access covers the dwords it touches, lowest
 *                 first (an aligned 8-byte access is two registers, low
 *                 dword first); a write that covers part of a dword is a
 *                 read-modify-write of it; the bytes are little-endian,
 *                 as the BAR is.  Unknown or reserved offsets
 *                 read 0 and ignore writes; writes of read-only registers
 *                 are ignored.  Only an access of another size, or one
 *                 that does not lie wholly inside the BAR, fails (EINVAL),
 *                 so a guest's probing never makes QEMU log a failure.
 *   host path     a host program that calls the register API on purpose
 *                 (xengt's GVT_XENGT_REG_READ/REG_WRITE, called by the dom0
 *                 device model): aligned 4-byte accesses of a register of
 *                 an existing pipe only; EINVAL for anything else, EPERM for
 *                 a write of a read-only register.  A failed access changes
 *                 nothing.
 */
#ifndef _UAPI_GVT_MPT_REGS_H
#define _UAPI_GVT_MPT_REGS_H

#define GVT_MPT_BAR_SIZE		0x80000
#define GVT_MPT_PIPE_STRIDE		0x1000

#define GVT_MPT_TRANS_HTOTAL(p)		(0x60000 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_TRANS_VTOTAL(p)		(0x6000c + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PIPESRC(p)		(0x6001c + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_TRANS_CLOCK(p)		(0x600fc + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PIPE_FRMCOUNT(p)	(0x70040 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PIPE_FLIPCOUNT(p)	(0x70044 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PIPECONF(p)		(0x70008 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_CURCNTR(p)		(0x70080 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_CURBASE(p)		(0x70084 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_CURPOS(p)		(0x70088 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PLANE_CTL(p)		(0x70180 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PLANE_STRIDE(p)		(0x70188 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PLANE_POS(p)		(0x7018c + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PLANE_SIZE(p)		(0x70190 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PLANE_SURF(p)		(0x7019c + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PLANE_SURFLIVE(p)	(0x701ac + (p) * GVT_MPT_PIPE_STRIDE)

#define GVT_MPT_PIPECONF_ENABLE		0x80000000U	/* bit 31 */
#define GVT_MPT_PLANE_CTL_ENABLE	0x80000000U	/* bit 31 */
#define GVT_MPT_PLANE_CTL_ASYNC_FLIP	0x00000200U	/* bit 9 */
#define GVT_MPT_PLANE_CTL_FORMAT_MASK	0x0f000000U	/* bits 27:24 */
#define GVT_MPT_PLANE_CTL_FORMAT_8888	0x04000000U
#define GVT_MPT_PLANE_CTL_ORDER_RGBX	0x00100000U	/* bit 20 */
#define GVT_MPT_PLANE_CTL_TILED_MASK	0x00001c00U	/* bits 12:10 */
#define GVT_MPT_PLANE_CTL_ALPHA_MASK	0x00000030U	/* bits 5:4 */
/* PLANE_CTL of a linear XRGB8888 / ARGB8888 (premultiplied) plane, on. */
#define GVT_MPT_PLANE_CTL_XRGB8888	(GVT_MPT_PLANE_CTL_ENABLE | \
					 GVT_MPT_PLANE_CTL_FORMAT_8888)
#define GVT_MPT_PLANE_CTL_ARGB8888	(GVT_MPT_PLANE_CTL_XRGB8888 | \
					 GVT_MPT_PLANE_CTL_ALPHA_MASK)
#define GVT_MPT_PLANE_STRIDE_MASK	0x00000fffU	/* 64-byte units */
#define GVT_MPT_PLANE_STRIDE_UNIT	64
#define GVT_MPT_SURF_ADDR_MASK		0xfffff000U	/* PLANE_SURF, CURBASE */
#define GVT_MPT_CURSOR_MODE_MASK	0x27U
#define GVT_MPT_CURSOR_MODE_64_ARGB	0x27U
#define GVT_MPT_CURSOR_MODE_128_ARGB	0x22U
#define GVT_MPT_CURSOR_MODE_256_ARGB	0x23U
#define GVT_MPT_CURPOS_SIGN		0x8000U		/* in each half */
#define GVT_MPT_CURPOS_MAG		0x7fffU

#endif /* _UAPI_GVT_MPT_REGS_H */
