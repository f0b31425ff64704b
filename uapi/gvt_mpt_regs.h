/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Display registers of the emulated vGPU, at their Skylake MMIO offsets in
 * BAR0.  Every register is 32 bits wide and accessed with aligned 4-byte
 * reads and writes.  PIPE_FRMCOUNT, PIPE_FLIPCOUNT and PLANE_SURFLIVE are
 * read-only.  Pipes A, B, C are 0, 1, 2 and lie 0x1000 apart.
 */
#ifndef _UAPI_GVT_MPT_REGS_H
#define _UAPI_GVT_MPT_REGS_H

#define GVT_MPT_BAR_SIZE		0x80000
#define GVT_MPT_PIPE_STRIDE		0x1000

#define GVT_MPT_PIPE_FRMCOUNT(p)	(0x70040 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PIPE_FLIPCOUNT(p)	(0x70044 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PIPECONF(p)		(0x70008 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_CURCNTR(p)		(0x70080 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_CURBASE(p)		(0x70084 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_CURPOS(p)		(0x70088 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PLANE_CTL(p)		(0x70180 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PLANE_STRIDE(p)		(0x70188 + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PLANE_SURF(p)		(0x7019c + (p) * GVT_MPT_PIPE_STRIDE)
#define GVT_MPT_PLANE_SURFLIVE(p)	(0x701ac + (p) * GVT_MPT_PIPE_STRIDE)

#define GVT_MPT_PIPECONF_ENABLE		0x80000000U	/* bit 31 */
#define GVT_MPT_PLANE_CTL_ENABLE	0x80000000U	/* bit 31 */
#define GVT_MPT_PLANE_CTL_ASYNC_FLIP	0x00000200U	/* bit 9 */
#define GVT_MPT_CURSOR_MODE_MASK	0x27U

#endif /* _UAPI_GVT_MPT_REGS_H */
