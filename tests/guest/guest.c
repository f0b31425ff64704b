// SPDX-License-Identifier: GPL-2.0
/*
 * gvt-guest: a tiny freestanding x86 guest for the nested-QEMU test.
 *
 * Booted by an unmodified QEMU with -kernel (multiboot, 32-bit protected
 * mode, no paging), it plays the guest driver: finds the gvt-mpt vGPU on
 * PCI bus 0 (the one device of class display/other: QEMU runs with
 * -nodefaults, and the IDs are the device's to choose), takes BAR0 as the
 * firmware assigned it, and programs the display registers through QEMU's
 * BAR0 forwarding: pipe and plane on, flips timed by PIPE_FRMCOUNT (so the
 * host's vblank engine must be running), a cursor move.  It reports on
 * COM1 with lines starting "GVTGUEST" and leaves through the isa-debug-exit
 * port.
 */
#include <stdint.h>

#include "../../uapi/gvt_mpt_regs.h"

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

static uint32_t rd(uint32_t off)
{
	return bar0[off / 4];
}

static void wr(uint32_t off, uint32_t v)
{
	bar0[off / 4] = v;
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

static void quit(uint8_t code)
{
	outb(DEBUG_EXIT, code);
	for (;;)
		__asm__ volatile("cli; hlt");
}

static void run(void)
{
	uint32_t dev, id = 0, class, frm, i, ok = 0, live;

	put_str("GVTGUEST start\n");
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
	pci_cfg_write(dev, 4, pci_cfg(dev, 4) | 0x2);	/* memory space on */
	put_str("GVTGUEST found device ");
	put_hex(id);
	put_str(" at slot ");
	put_hex(dev);
	put_str(" BAR0 ");
	put_hex((uint32_t)bar0);
	put_char('\n');

	wr(GVT_MPT_PIPECONF(0), GVT_MPT_PIPECONF_ENABLE);
	wr(GVT_MPT_PLANE_CTL(0), GVT_MPT_PLANE_CTL_ENABLE);
	frm = rd(GVT_MPT_PIPE_FRMCOUNT(0));
	if (wait_frames(frm, 2)) {
		put_str("GVTGUEST no vblank: PIPE_FRMCOUNT stuck at ");
		put_hex(frm);
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
	wr(GVT_MPT_CURCNTR(0), 0x27);
	wr(GVT_MPT_CURPOS(0), 0x00400040);
	put_str("GVTGUEST flips ");
	put_hex(NR_FLIPS);
	put_str(" live-ok ");
	put_hex(ok);
	put_str(" flipcount ");
	put_hex(rd(GVT_MPT_PIPE_FLIPCOUNT(0)));
	put_str(" frmcount ");
	put_hex(rd(GVT_MPT_PIPE_FRMCOUNT(0)));
	put_char('\n');
	put_str("GVTGUEST done\n");
	quit(ok == NR_FLIPS ? 0 : 1);
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
