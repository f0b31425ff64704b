// SPDX-License-Identifier: GPL-2.0
/*
 * gvt-guest: a tiny freestanding x86 guest for the nested-QEMU test.
 *
 * Booted by an unmodified QEMU with -kernel (multiboot, 32-bit protected
 * mode, no paging), it plays the guest driver: finds the gvt-mpt vGPU on
 * PCI bus 0 (the one device of class display/other: QEMU runs with
 * -nodefaults, and the IDs are the device's to choose), takes BAR0 and
 * BAR2 (the aperture) as the firmware assigned them, and programs the
 * display through QEMU's BAR forwarding:
 *
 *   flips     pipe and plane on, NR_FLIPS flips timed by PIPE_FRMCOUNT (so
 *             the host's vblank engine must be running): each must go live
 *             at a vblank and PIPE_FLIPCOUNT count them (values only
 *             gvt_mpt's model computes).  Reported, then on with step 1.
 *   step 1    pattern A (tests/guest/pattern.h) drawn into buffer A, pipe A
 *             shows it as a linear XRGB8888 plane; once PLANE_SURFLIVE says
 *             the flip is live: "GVTGUEST step 1 drawn", then the guest
 *             waits for the host to read the display and say go.
 *   step 2    pattern B into buffer B, a flip to it, the same handshake.
 *   step 3    a 64x64 ARGB cursor on, moved; the same handshake.
 *
 * The handshake is on COM1, polled (no interrupts): the guest reports a
 * line starting "GVTGUEST" and waits for one byte: 'g' goes on, anything
 * else ends the run (exit code 4).  It leaves through the isa-debug-exit
 * port: 0 when every step went as planned.
 */
#include <stdint.h>

#include "../../uapi/gvt_mpt_regs.h"
#include "pattern.h"

#define COM1		0x3f8
#define PCI_ADDR	0xcf8
#define PCI_DATA	0xcfc
#define DEBUG_EXIT	0xf4
#define NR_FLIPS	10
#define SPIN_LIMIT	200000000U	/* ~seconds of polling under TCG */

struct multiboot_header {
	uint32_t magic;
	uint32_t flags;
	uint32_t checksum;
};

__attribute__((section(".multiboot"), used, aligned(4)))
static const struct multiboot_header mb = {
	.magic = 0x1badb002, .flags = 0, .checksum = -0x1badb002,
};

__attribute__((used, aligned(16))) static uint8_t stack[16384];

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void put_char(char c)
{
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, (uint8_t)c);
}

static void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}

static void put_hex(uint32_t v)
{
	int i;

	put_str("0x");
	for (i = 28; i >= 0; i -= 4)
		put_char("0123456789abcdef"[(v >> i) & 0xf]);
}

static uint32_t pci_cfg(uint32_t dev, uint32_t off)
{
	outl(PCI_ADDR, 0x80000000U | dev << 11 | (off & 0xfc));
	return inl(PCI_DATA);
}

static void pci_cfg_write(uint32_t dev, uint32_t off, uint32_t v)
{
	outl(PCI_ADDR, 0x80000000U | dev << 11 | (off & 0xfc));
	outl(PCI_DATA, v);
}

static volatile uint32_t *bar0;
static volatile uint32_t *aperture;

static uint32_t rd(uint32_t off)
{
	return bar0[off / 4];
}

static void wr(uint32_t off, uint32_t v)
{
	bar0[off / 4] = v;
}

static void report(const char *what, uint32_t v)
{
	put_str(what);
	put_hex(v);
}

/* Wait until PIPE_FRMCOUNT of pipe A has moved @n past @from; 0 or -1. */
static int wait_frames(uint32_t from, uint32_t n)
{
	uint32_t spin;

	for (spin = 0; spin < SPIN_LIMIT; spin++)
		if (rd(GVT_MPT_PIPE_FRMCOUNT(0)) - from >= n)
			return 0;
	return -1;
}

/* Wait until PLANE_SURFLIVE of pipe A reads @surf; 0 or -1. */
static int wait_live(uint32_t surf)
{
	uint32_t spin;

	for (spin = 0; spin < SPIN_LIMIT; spin++)
		if (rd(GVT_MPT_PLANE_SURFLIVE(0)) == surf)
			return 0;
	return -1;
}

static void quit(uint8_t code)
{
	outb(DEBUG_EXIT, code);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* The host's word on COM1 (polled): 'g' goes on, anything else stops. */
static void wait_go(void)
{
	uint8_t c;

	while (!(inb(COM1 + 5) & 0x01))
		;
	c = inb(COM1);
	if (c != 'g') {
		report("GVTGUEST stopped by the host: ", c);
		put_char('\n');
		quit(4);
	}
}

/* Step @n is on screen: say so, with what the display registers say. */
static void step_done(uint32_t n)
{
	report("GVTGUEST step ", n);
	report(" drawn surflive ", rd(GVT_MPT_PLANE_SURFLIVE(0)));
	report(" flipcount ", rd(GVT_MPT_PIPE_FLIPCOUNT(0)));
	report(" curpos ", rd(GVT_MPT_CURPOS(0)));
	put_char('\n');
	wait_go();
}

static void draw(uint32_t surf, uint32_t (*pat)(uint32_t, uint32_t))
{
	volatile uint32_t *p = aperture + surf / 4;
	uint32_t x, y;

	for (y = 0; y < GVT_PAT_H; y++, p += GVT_PAT_STRIDE / 4)
		for (x = 0; x < GVT_PAT_W; x++)
			p[x] = pat(x, y);
}

/* Flip pipe A's primary plane to @surf and wait for it to go live. */
static void flip(uint32_t surf)
{
	wr(GVT_MPT_PLANE_SURF(0), surf);
	if (wait_live(surf)) {
		report("GVTGUEST flip not live: PLANE_SURFLIVE ",
		       rd(GVT_MPT_PLANE_SURFLIVE(0)));
		report(" want ", surf);
		put_char('\n');
		quit(1);
	}
}

/* Find the vGPU; BAR0 and BAR2 (the aperture) as SeaBIOS assigned them. */
static void find_vgpu(void)
{
	uint32_t dev, id = 0, class, bar2, bar2_hi;

	for (dev = 0; dev < 32; dev++) {
		id = pci_cfg(dev, 0);
		class = pci_cfg(dev, 8) >> 8;
		if ((id & 0xffff) != 0xffff && class == 0x038000)
			break;
	}
	if (dev == 32) {
		put_str("GVTGUEST no vGPU on bus 0\n");
		quit(2);
	}
	bar0 = (volatile uint32_t *)(pci_cfg(dev, 0x10) & ~0xfU);
	bar2 = pci_cfg(dev, 0x18);
	bar2_hi = pci_cfg(dev, 0x1c);
	pci_cfg_write(dev, 4, pci_cfg(dev, 4) | 0x2);	/* memory space on */
	report("GVTGUEST found device ", id);
	report(" at slot ", dev);
	report(" BAR0 ", (uint32_t)bar0);
	report(" BAR2 ", bar2);
	report(" BAR3 ", bar2_hi);
	put_char('\n');
	/*
	 * A 64-bit memory BAR (type bits 2:1 = 10b) that the firmware put
	 * below 4 GiB: this guest has no paging, so it reaches only that.
	 */
	if ((bar2 & 0x7) != 0x4 || bar2_hi || !(bar2 & ~0xfU)) {
		put_str("GVTGUEST BAR2 is not a 64-bit BAR below 4 GiB\n");
		quit(2);
	}
	aperture = (volatile uint32_t *)(bar2 & ~0xfU);
}

static void run(void)
{
	uint32_t frm, i, ok = 0, live, flips;
	volatile uint32_t *cur;

	put_str("GVTGUEST start\n");
	find_vgpu();

	wr(GVT_MPT_PIPECONF(0), GVT_MPT_PIPECONF_ENABLE);
	wr(GVT_MPT_PLANE_CTL(0), GVT_MPT_PLANE_CTL_ENABLE);
	frm = rd(GVT_MPT_PIPE_FRMCOUNT(0));
	if (wait_frames(frm, 2)) {
		report("GVTGUEST no vblank: PIPE_FRMCOUNT stuck at ", frm);
		put_char('\n');
		quit(2);
	}
	for (i = 1; i <= NR_FLIPS; i++) {
		wr(GVT_MPT_PLANE_SURF(0), i * 0x10000);
		if (wait_frames(rd(GVT_MPT_PIPE_FRMCOUNT(0)), 2))
			break;
		live = rd(GVT_MPT_PLANE_SURFLIVE(0));
		ok += live == i * 0x10000;
	}
	flips = rd(GVT_MPT_PIPE_FLIPCOUNT(0));
	report("GVTGUEST flips ", NR_FLIPS);
	report(" live-ok ", ok);
	report(" flipcount ", flips);
	report(" frmcount ", rd(GVT_MPT_PIPE_FRMCOUNT(0)));
	put_char('\n');
	if (ok != NR_FLIPS || flips != NR_FLIPS)
		quit(1);

	/* Step 1: pattern A, a linear XRGB8888 plane at the pipe's origin. */
	draw(GVT_PAT_SURF_A, gvt_pat_a);
	wr(GVT_MPT_PIPESRC(0), (GVT_PAT_W - 1) << 16 | (GVT_PAT_H - 1));
	wr(GVT_MPT_PLANE_POS(0), 0);
	wr(GVT_MPT_PLANE_SIZE(0), (GVT_PAT_H - 1) << 16 | (GVT_PAT_W - 1));
	wr(GVT_MPT_PLANE_STRIDE(0), GVT_PAT_STRIDE / GVT_MPT_PLANE_STRIDE_UNIT);
	wr(GVT_MPT_PLANE_CTL(0), GVT_MPT_PLANE_CTL_XRGB8888);
	flip(GVT_PAT_SURF_A);
	step_done(1);

	/* Step 2: pattern B in the second buffer, flipped to. */
	draw(GVT_PAT_SURF_B, gvt_pat_b);
	flip(GVT_PAT_SURF_B);
	step_done(2);

	/* Step 3: a 64x64 ARGB cursor over pattern B, then moved. */
	cur = aperture + GVT_PAT_CURSOR / 4;
	for (i = 0; i < GVT_PAT_CUR_SIZE * GVT_PAT_CUR_SIZE; i++)
		cur[i] = gvt_pat_cursor(i % GVT_PAT_CUR_SIZE,
					i / GVT_PAT_CUR_SIZE);
	wr(GVT_MPT_CURBASE(0), GVT_PAT_CURSOR);
	wr(GVT_MPT_CURPOS(0), GVT_PAT_CUR_Y0 << 16 | GVT_PAT_CUR_X0);
	wr(GVT_MPT_CURCNTR(0), GVT_MPT_CURSOR_MODE_64_ARGB);
	if (wait_frames(rd(GVT_MPT_PIPE_FRMCOUNT(0)), 2))
		quit(1);
	wr(GVT_MPT_CURPOS(0), GVT_PAT_CUR_Y1 << 16 | GVT_PAT_CUR_X1);
	if (wait_frames(rd(GVT_MPT_PIPE_FRMCOUNT(0)), 2))
		quit(1);
	step_done(3);

	put_str("GVTGUEST done\n");
	quit(0);
}

__attribute__((noreturn, used)) static void guest_main(void)
{
	run();
	quit(3);
	for (;;)
		;
}

__asm__(".globl _start\n"
	"_start:\n"
	"	mov $stack + 16384, %esp\n"
	"	call guest_main\n");
