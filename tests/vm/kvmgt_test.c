// SPDX-License-Identifier: GPL-2.0
/*
 * kvmgt VM tests that need more than the scenario corpus:
 *   kvmgt_test badinput   table of bad VFIO requests: each gets its errno,
 *                         nothing changes (the display irq still works)
 *   kvmgt_test caps       the irq info capability chain and argsz protocol
 *   kvmgt_test transport  per-source and shared eventfds, the status,
 *                         partial attach, all-or-nothing attach, loopback
 *   kvmgt_test user       open and close reset everything a user set up
 *   kvmgt_test request    the request irq: removing an open mdev asks its
 *                         user to let go
 *   kvmgt_test cadence    144, 60 and 30 Hz pipes of one vGPU (timer on)
 *   kvmgt_test idle       the 60 Hz timer makes no pass with no vGPU, with
 *                         64 idle ones, and with 64 whose pipes are on and
 *                         show nothing that changes (PIPE_FRMCOUNT still
 *                         runs at 60 Hz)
 *   kvmgt_test aperture   display memory: BAR2 region and config BAR,
 *                         mmap/pread/pwrite, bounds, bad mmaps, new user
 *   kvmgt_test planes     VFIO_DEVICE_QUERY_GFX_PLANE and its view regions
 *   kvmgt_test snapshot F the PNG vfio-display-watch --snapshot F wrote
 *                         after an idle workload: every pixel
 *   kvmgt_test tracking   write tracking of display memory (debugfs harvest)
 *   kvmgt_test trackevents exact refresh with write tracking (timer on):
 *                         no event for a still plane, one per write,
 *                         its latency, the fallback of a full redraw
 *                         every frame
 *   kvmgt_test damage     damage records and the refresh and damage
 *                         capabilities (timer on, write tracking)
 *   kvmgt_test memory     64 idle vGPUs allocate no display memory
 *   kvmgt_test cdev [y|n] the VFIO device cdev path bound to an iommufd:
 *                         events, pixels, the VFIO core's rules (nothing
 *                         before the bind, one user, the group shut out
 *                         while bound), close, reopen, removal; and the
 *                         group path beside it.  Without /dev/vfio/devices
 *                         only the group path (SKIP printed); y (n): the
 *                         kernel's config says there is (not) a cdev
 *   kvmgt_test teardown N N cycles of eventfd/device/mdev teardown while
 *                         the vblank timer fires every millisecond
 * Prints "PASS/FAIL name" lines and "N passed, N failed".
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "../scenario.h"
#include "../../tools/vfio_cdev.h"
#include "../../tools/vfio_display.h"
#include "../../uapi/gvt_mpt_regs.h"
#include "vmutil.h"


static int live_vgpus(void);

static int ioctl_err(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

/* The deliveries since the last call, per source (scn_event() encoding). */
static uint64_t take(struct vd_dev *d)
{
	uint32_t counts[GVT_MPT_MAX_SOURCES], s;
	uint64_t c = 0;

	if (vd_consume(d, counts, NULL))
		return ~0ULL;
	for (s = 0; s < d->nr_sources; s++)
		c += counts[s] * scn_event(s);
	return c;
}

/* Enable pipe A, take the enable events, leave everything unmasked. */
static int prime(struct vd_dev *d)
{
	uint64_t c;

	vd_reg_write(d, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
	vm_advance(1);
	c = take(d);
	vd_mask(d, 1, 0, d->nr_sources, NULL);
	return c == (scn_event(0) | scn_event(1)) ? 0 : -1;
}

/*
 * A flip must still give exactly pipe A's primary event (its plane on: a
 * flip on a plane not shown raises nothing).
 */
static int still_works(struct vd_dev *d, uint32_t surf)
{
	uint64_t c;

	vd_reg_write(d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_ENABLE);
	vd_reg_write(d, GVT_MPT_PLANE_SURF(0), 4, surf);
	vm_advance(1);
	c = take(d);
	vd_mask(d, 1, 0, 1, NULL);
	return c == scn_event(0);
}

/* Open a new mdev @uuid with @heads heads; 0 or -errno (a FAIL printed). */
static int setup(struct vd_dev *d, int heads, const char *uuid,
		 const char *test)
{
	vd_init(d);
	if (vd_mdev_create(heads, uuid) || vd_open(d, uuid)) {
		vm_result(0, "%s: setup (%ld %ld)", test, 0, 0);
		vd_close(d);
		vd_mdev_remove(uuid);
		return -1;
	}
	return 0;
}

static void teardown(struct vd_dev *d, const char *uuid)
{
	vd_close(d);
	vd_mdev_remove(uuid);
}

/* A BAR0 access of @size bytes (little-endian @val): 0 or -errno. */
static int bar0(struct vd_dev *d, uint64_t off, uint32_t size, int write,
		uint64_t *val)
{
	uint64_t le = htole64(*val);
	ssize_t n;

	n = write ? pwrite(d->device, &le, size, (off_t)(d->bar0 + off)) :
		    pread(d->device, &le, size, (off_t)(d->bar0 + off));
	if (n < 0)
		return -errno;
	if ((size_t)n != size)
		return -EIO;
	if (!write)
		*val = le64toh(le) & (size < 8 ? (1ULL << (8 * size)) - 1 : ~0ULL);
	return 0;
}

/*
 * BAR0 as hardware takes it (the guest path), on badinput's vGPU: pipe A
 * on (PIPECONF 0x80000000), CURPOS 0x00200020, CURBASE 0.  Reads of
 * every size; writes only where they are ignored, so badinput's "nothing
 * changed" still holds.  Then a guest probing the whole BAR: every access
 * succeeds (QEMU logs a failed one) and the kernel log stays quiet.
 */
static void guest_manners(struct vd_dev *d)
{
	static const struct {
		const char *name;
		uint64_t off;
		uint32_t size;
		uint64_t want;
	} rd[] = {
		{ "pread 8: CURBASE, CURPOS", GVT_MPT_CURBASE(0), 8,
		  0x0020002000000000ULL },
		{ "pread 8: PIPECONF, hole", GVT_MPT_PIPECONF(0), 8, 0x80000000 },
		{ "pread 2: PIPECONF 31:16", GVT_MPT_PIPECONF(0) + 2, 2, 0x8000 },
		{ "pread 1: PIPECONF 31:24", GVT_MPT_PIPECONF(0) + 3, 1, 0x80 },
		{ "pread 2: PIPECONF 15:0", GVT_MPT_PIPECONF(0), 2, 0 },
		{ "pread 4 unaligned", GVT_MPT_PIPECONF(0) + 2, 4, 0x8000 },
		{ "pread 8 unaligned", GVT_MPT_CURBASE(0) + 2, 8,
		  0x0000002000200000ULL },
		{ "pread hole", GVT_MPT_PIPECONF(0) - 4, 4, 0 },
		{ "pread pipe B of 1 head", GVT_MPT_PIPECONF(1), 4, 0 },
		{ "pread offset 0", 0, 8, 0 },
		{ "pread the BAR's last byte", GVT_MPT_BAR_SIZE - 1, 1, 0 },
	};
	static const struct {
		const char *name;
		uint64_t off;
		uint32_t size;
	} wr[] = {
		{ "pwrite hole", GVT_MPT_PIPECONF(0) - 4, 4 },
		{ "pwrite pipe B of 1 head", GVT_MPT_PLANE_SURF(1), 4 },
		{ "pwrite read-only FRMCOUNT", GVT_MPT_PIPE_FRMCOUNT(0), 4 },
		{ "pwrite 8 FRMCOUNT+FLIPCOUNT", GVT_MPT_PIPE_FRMCOUNT(0), 8 },
		{ "pwrite 1 read-only SURFLIVE", GVT_MPT_PLANE_SURFLIVE(0) + 1, 1 },
		{ "pwrite offset 0", 0, 8 },
	};
	uint64_t val, off;
	int i, ret, fails = 0, kmsg;
	char rec[1024];
	ssize_t n;

	for (i = 0; i < (int)(sizeof(rd) / sizeof(rd[0])); i++) {
		val = 0x5a5a5a5a5a5a5a5aULL;
		ret = bar0(d, rd[i].off, rd[i].size, 0, &val);
		vm_result(!ret && val == rd[i].want,
			  "guest BAR0: %s -> 0x%lx (want 0x%lx)", rd[i].name,
			  ret ? ret : (long)val, (long)rd[i].want);
	}
	for (i = 0; i < (int)(sizeof(wr) / sizeof(wr[0])); i++) {
		val = 0xffffffffffffffffULL;
		ret = bar0(d, wr[i].off, wr[i].size, 1, &val);
		vm_result(!ret, "guest BAR0: %s (ignored) -> %ld (want %ld)",
			  wr[i].name, ret, 0);
	}
	/* Probing: the kernel log from here on must stay empty. */
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg >= 0)
		lseek(kmsg, 0, SEEK_END);
	for (off = 0; off < GVT_MPT_BAR_SIZE; off += 8) {
		val = 0;
		fails += bar0(d, off, 8, 0, &val) != 0;
		fails += bar0(d, off + 5, 1, 0, &val) != 0;
		if (off < 0x60000 && !(off & 0x3f))
			fails += bar0(d, off, 4, 1, &val) != 0;
	}
	n = kmsg >= 0 ? read(kmsg, rec, sizeof(rec) - 1) : -1;
	if (n > 0)
		rec[n] = 0;
	vm_result(!fails, "guest BAR0: %s -> %ld failed (want %ld)",
		  "probing every dword, writes below 0x60000", fails, 0);
	vm_result(kmsg >= 0 && n < 0 && errno == EAGAIN,
		  "guest BAR0: %s (%ld, want %ld)",
		  "probing logged nothing in the kernel log", n, -1);
	if (n > 0)
		printf("    kmsg: %s", rec);
	if (kmsg >= 0)
		close(kmsg);
}

static void test_badinput(void)
{
	const char *uuid = "6d7a0000-0000-4000-8000-000000000100";
	const uint32_t T = VFIO_IRQ_SET_ACTION_TRIGGER;
	const uint32_t M = VFIO_IRQ_SET_ACTION_MASK;
	const uint32_t U = VFIO_IRQ_SET_ACTION_UNMASK;
	const uint32_t DN = VFIO_IRQ_SET_DATA_NONE;
	const uint32_t DB = VFIO_IRQ_SET_DATA_BOOL;
	const uint32_t DE = VFIO_IRQ_SET_DATA_EVENTFD;
	struct vd_dev d;
	int pipefd[2], closedfd, i, ret;
	uint32_t irq, val;
	uint8_t ones[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	struct {
		const char *name;
		uint32_t flags, index, start, count;
		int32_t fd;	/* for DE: the fd; for DB: bytes of data */
		int want;
	} set[] = {
		{ "index 0 (INTx)", U | DN, 0, 0, 1, 0, EINVAL },
		{ "index past display irq", U | DN, 6, 0, 1, 0, EINVAL },
		{ "index 0xffffffff", U | DN, 0xffffffff, 0, 1, 0, EINVAL },
		{ "unknown flag bit", U | DN | (1 << 9), 5, 0, 1, 0, EINVAL },
		{ "two actions", M | U | DN, 5, 0, 1, 0, EINVAL },
		{ "no action", DN, 5, 0, 1, 0, EINVAL },
		{ "two data types", U | DN | DB, 5, 0, 1, 1, EINVAL },
		{ "start past sources", U | DN, 5, 2, 1, 0, EINVAL },
		{ "count past sources", U | DN, 5, 0, 3, 0, EINVAL },
		{ "start+count overflow", U | DN, 5, 1, 0xffffffff, 0, EINVAL },
		{ "start 0xffffffff", U | DN, 5, 0xffffffff, 2, 0, EINVAL },
		{ "mask count 0", M | DN, 5, 0, 0, 0, EINVAL },
		{ "unmask eventfd data", U | DE, 5, 0, 1, -1, EINVAL },
		{ "bool data short", U | DB, 5, 0, 2, 1, EINVAL },
		{ "trigger start 2 (2 sources)", T | DE, 5, 2, 1, -1, EINVAL },
		{ "trigger count 2, one fd of data", T | DE, 5, 0, 2, -1, EINVAL },
		{ "trigger count 3 (2 sources)", T | DN, 5, 0, 3, 0, EINVAL },
		{ "trigger bool count 0", T | DB, 5, 0, 0, 0, EINVAL },
		{ "trigger fd -5", T | DE, 5, 0, 1, -5, EBADF },
		{ "ERR irq trigger", T | DN, 3, 0, 0, 0, EINVAL },
		{ "REQ irq mask", M | DN, 4, 0, 1, 0, EINVAL },
		{ "REQ irq unmask bool", U | DB, 4, 0, 1, 1, EINVAL },
		{ "REQ irq count 2", T | DN, 4, 0, 2, 0, EINVAL },
		{ "REQ irq start 1", T | DE, 4, 1, 1, -1, EINVAL },
		{ "REQ irq fd -2", T | DE, 4, 0, 1, -2, EBADF },
		{ "trigger fd 1000", T | DE, 5, 0, 1, 1000, EBADF },
		{ "start+count wrap 2^31", U | DN, 5, 0x80000000, 0x80000000, 0, EINVAL },
		{ "mask bool count 0", M | DB, 5, 0, 0, 0, EINVAL },
		{ "trigger eventfd count 0", T | DE, 5, 0, 0, 0, EINVAL },
	};
	static const uint64_t regs[] = {
		GVT_MPT_PIPECONF(0), GVT_MPT_PIPE_FRMCOUNT(0),
		GVT_MPT_PIPE_FLIPCOUNT(0), GVT_MPT_CURCNTR(0), GVT_MPT_CURBASE(0),
		GVT_MPT_CURPOS(0), GVT_MPT_PLANE_CTL(0), GVT_MPT_PLANE_STRIDE(0),
		GVT_MPT_PLANE_SURF(0), GVT_MPT_PLANE_SURFLIVE(0),
	};
	uint32_t before[10], after[10];
	struct {
		const char *name;
		uint64_t off;	/* BAR0-relative unless region set */
		uint32_t size;
		int write, want;
	} rw[] = {
		/* BAR0 is the guest path: only sizes and bounds are errors. */
		{ "pwrite size 3", GVT_MPT_PIPECONF(0), 3, 1, EINVAL },
		{ "pread size 5", GVT_MPT_PIPECONF(0), 5, 0, EINVAL },
		{ "pread past BAR", GVT_MPT_BAR_SIZE, 4, 0, EINVAL },
		{ "pwrite past BAR", GVT_MPT_BAR_SIZE + 0x1000, 4, 1, EINVAL },
		{ "pread 8 across the BAR's end", GVT_MPT_BAR_SIZE - 4, 8, 0, EINVAL },
		{ "pwrite 2 across the BAR's end", GVT_MPT_BAR_SIZE - 1, 2, 1, EINVAL },
		{ "pread region 1 (BAR1)", (uint64_t)1 << 40, 4, 0, EINVAL },
		{ "pwrite status region 9", (uint64_t)9 << 40, 8, 1, EINVAL },
		{ "pread status size 4", (uint64_t)9 << 40, 4, 0, EINVAL },
		{ "pread status offset 8", ((uint64_t)9 << 40) + 8, 8, 0, EINVAL },
		{ "pread view region 10, unbound", (uint64_t)10 << 40, 4, 0, EINVAL },
		{ "pread region 14", (uint64_t)14 << 40, 4, 0, EINVAL },
		{ "pread config past 256", ((uint64_t)7 << 40) + 256, 4, 0, EINVAL },
		{ "pwrite config size 8", (uint64_t)7 << 40, 8, 1, EINVAL },
		{ "pread offset 2^62", (uint64_t)1 << 62, 4, 0, EINVAL },
	};

	if (setup(&d, 1, uuid, "badinput"))
		return;
	irq = (uint32_t)d.irq_index;
	ret = vd_attach(&d);
	vm_result(!ret && irq == VFIO_PCI_NUM_IRQS && prime(&d) == 0,
	       "badinput: %s (irq %ld, expected %ld)", "setup", irq,
	       VFIO_PCI_NUM_IRQS);
	vd_reg_write(&d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_ENABLE);
	vd_reg_write(&d, GVT_MPT_CURPOS(0), 4, 0x00200020);
	vd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, 0x3000);
	vm_advance(1);
	take(&d);
	vd_mask(&d, 1, 0, d.nr_sources, NULL);
	for (i = 0; i < 10; i++)
		vd_reg_read(&d, regs[i], 4, &before[i]);
	for (i = 0; i < (int)(sizeof(set) / sizeof(set[0])); i++) {
		uint8_t data[8];
		uint32_t len = 0;

		if ((set[i].flags & DE) && !(set[i].flags & DN) &&
		    !(set[i].flags & DB)) {
			memcpy(data, &set[i].fd, 4);
			len = 4;
		} else if (set[i].flags & DB) {
			len = (uint32_t)set[i].fd;
			memcpy(data, ones, len);
		}
		ret = vd_set_irqs_raw(&d, set[i].flags, set[i].index,
				      set[i].start, set[i].count, data, len);
		vm_result(ret == -set[i].want, "badinput: SET_IRQS %s -> %ld (want -%ld)",
		       set[i].name, ret, set[i].want);
	}
	/* argsz below the header */
	{
		struct vfio_irq_set s = { .argsz = 8, .flags = U | DN, .index = irq,
					  .count = 1 };

		ret = ioctl_err(d.device, VFIO_DEVICE_SET_IRQS, &s);
		vm_result(ret == -EINVAL, "badinput: SET_IRQS %s -> %ld (want -%ld)",
		       "argsz 8", ret, EINVAL);
	}
	/* A non-eventfd fd and a closed fd. */
	if (pipe(pipefd) == 0) {
		ret = vd_set_trigger_fds(&d, 0, 1, &pipefd[0]);
		vm_result(ret == -EINVAL, "badinput: SET_IRQS %s -> %ld (want -%ld)",
		       "pipe fd", ret, EINVAL);
		close(pipefd[0]);
		close(pipefd[1]);
	}
	closedfd = eventfd(0, 0);
	close(closedfd);
	ret = vd_set_trigger_fds(&d, 0, 1, &closedfd);
	vm_result(ret == -EBADF, "badinput: SET_IRQS %s -> %ld (want -%ld)",
	       "closed fd", ret, EBADF);
	/* A regular file is not an eventfd either. */
	closedfd = open("/proc/self/status", O_RDONLY);
	ret = vd_set_trigger_fds(&d, 0, 1, &closedfd);
	vm_result(ret == -EINVAL, "badinput: SET_IRQS %s -> %ld (want -%ld)",
	       "regular file fd", ret, EINVAL);
	close(closedfd);
	/* Bad region accesses. */
	for (i = 0; i < (int)(sizeof(rw) / sizeof(rw[0])); i++) {
		val = 0x5a5a5a5a;
		ret = rw[i].write ? vd_reg_write(&d, rw[i].off, rw[i].size, val) :
				    vd_reg_read(&d, rw[i].off, rw[i].size, &val);
		vm_result(ret == -rw[i].want, "badinput: %s -> %ld (want -%ld)",
		       rw[i].name, ret, rw[i].want);
	}
	guest_manners(&d);
	/* Config space reads whole, as QEMU does; vendor/class as expected. */
	{
		uint8_t cfg[256];
		ssize_t n = pread(d.device, cfg, sizeof(cfg), (off_t)7 << 40);

		vm_result(n == 256 && cfg[0] == 0x86 && cfg[1] == 0x80 &&
			  cfg[0x0b] == 0x03,
			  "badinput: %s -> %ld (want %ld, display class)",
			  "pread of all 256 bytes of config space", (long)n, 256);
		/* Not 8086:1912 (Skylake GT2), which i915 would claim. */
		vm_result(cfg[2] == 0xff && cfg[3] == 0x19,
			  "badinput: %s (%ld, want %ld)", "device ID 0x19ff",
			  cfg[2] | cfg[3] << 8, 0x19ff);
		n = pread(d.device, cfg, sizeof(cfg), ((off_t)7 << 40) + 1);
		vm_result(n == -1 && errno == EINVAL,
			  "badinput: %s -> %ld (want %ld)",
			  "pread of 256 bytes from config offset 1", (long)n, -1);
	}
	/* Other ioctls with bad arguments. */
	{
		struct vfio_device_info di = { .argsz = 4 };
		struct vfio_region_info ri = { .argsz = sizeof(ri), .index = 14 };
		struct {
			struct gvt_mpt_irq_info info;
			uint8_t pad[4096];
		} big = { .info = { .argsz = sizeof(big), .index = irq } };

		ret = ioctl_err(d.device, VFIO_DEVICE_GET_INFO, &di);
		vm_result(ret == -EINVAL, "badinput: %s -> %ld (want -%ld)",
		       "GET_INFO argsz 4", ret, EINVAL);
		ret = ioctl_err(d.device, VFIO_DEVICE_GET_REGION_INFO, &ri);
		vm_result(ret == -EINVAL, "badinput: %s -> %ld (want -%ld)",
		       "GET_REGION_INFO index 14", ret, EINVAL);
		ri.argsz = 8;
		ri.index = 0;
		ret = ioctl_err(d.device, VFIO_DEVICE_GET_REGION_INFO, &ri);
		vm_result(ret == -EINVAL, "badinput: %s -> %ld (want -%ld)",
		       "GET_REGION_INFO argsz 8", ret, EINVAL);
		ret = ioctl_err(d.device, VFIO_DEVICE_GET_IRQ_INFO, &big);
		vm_result(ret == 0 && big.info.cap_offset == 24 &&
		       big.info.argsz == sizeof(big),
		       "badinput: %s -> %ld (want %ld, chain at 24)",
		       "GET_IRQ_INFO argsz 4116 (too large is fine)", ret, 0);
	}
	{
		uint8_t bools[64] = { 0 };

		/* argsz larger than the data: accepted, as VFIO does. */
		ret = vd_set_irqs_raw(&d, U | DB, irq, 0, 2, bools, sizeof(bools));
		vm_result(ret == 0, "badinput: %s -> %ld (want %ld)",
		       "SET_IRQS argsz too large (bools all 0)", ret, 0);
	}
	/* Bad GET_IRQ_INFO. */
	{
		struct gvt_mpt_irq_info info = { .argsz = 12, .index = irq };

		ret = ioctl_err(d.device, VFIO_DEVICE_GET_IRQ_INFO, &info);
		vm_result(ret == -EINVAL, "badinput: %s -> %ld (want -%ld)",
		       "GET_IRQ_INFO argsz 12", ret, EINVAL);
		info.argsz = sizeof(info);
		info.index = 6;
		ret = ioctl_err(d.device, VFIO_DEVICE_GET_IRQ_INFO, &info);
		vm_result(ret == -EINVAL, "badinput: %s -> %ld (want -%ld)",
		       "GET_IRQ_INFO index 6", ret, EINVAL);
	}
	ret = ioctl_err(d.device, _IO(VFIO_TYPE, VFIO_BASE + 60), NULL);
	vm_result(ret == -ENOTTY, "badinput: %s -> %ld (want -%ld)",
	       "unknown ioctl", ret, ENOTTY);
	ret = ioctl_err(d.device, VFIO_DEVICE_GET_PCI_HOT_RESET_INFO, NULL);
	vm_result(ret == -ENOTTY, "badinput: %s -> %ld (want -%ld)",
	       "GET_PCI_HOT_RESET_INFO", ret, ENOTTY);
	for (i = 0; i < 10; i++)
		vd_reg_read(&d, regs[i], 4, &after[i]);
	vm_result(!memcmp(before, after, sizeof(before)),
	       "badinput: %s (%ld %ld)", "registers unchanged by every bad request",
	       0, 0);
	vm_result(still_works(&d, 0x5000), "badinput: %s (%ld %ld)",
	       "state unchanged, events still flow", 0, 0);
	vd_close(&d);
	vm_result(vd_mdev_remove(uuid) == 0, "badinput: %s (%ld %ld)", "remove", 0, 0);
}

/* The irq info of @index: 0 or -errno. */
static int irq_info(struct vd_dev *d, uint32_t index, struct vfio_irq_info *i)
{
	*i = (struct vfio_irq_info){ .argsz = sizeof(*i), .index = index };
	return ioctl_err(d->device, VFIO_DEVICE_GET_IRQ_INFO, i);
}

static void test_caps(void)
{
	const char *uuid = "6d7a0000-0000-4000-8000-000000000101";
	struct gvt_mpt_irq_info info = { 0 };
	struct vd_dev d;
	uint8_t buf[256];
	uint32_t need;
	int ret, s, ok;

	if (setup(&d, 3, uuid, "caps"))
		return;
	info.argsz = sizeof(info);
	info.index = (uint32_t)d.irq_index;
	ret = ioctl_err(d.device, VFIO_DEVICE_GET_IRQ_INFO, &info);
	need = info.argsz;
	ok = !ret && need > sizeof(info) && info.cap_offset == 0 &&
	     info.count == 6 && info.pad == 0 &&
	     info.flags == (VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE |
			    VFIO_IRQ_INFO_AUTOMASKED);
	vm_result(ok, "caps: %s (argsz needed %ld, count %ld)",
	       "short argsz reports the size, copies no chain", need,
	       info.count);
	memset(buf, 0xa5, sizeof(buf));
	memcpy(buf, &info, sizeof(info));
	((struct gvt_mpt_irq_info *)buf)->argsz = need - 1;
	ret = ioctl_err(d.device, VFIO_DEVICE_GET_IRQ_INFO, buf);
	ok = !ret && ((struct gvt_mpt_irq_info *)buf)->cap_offset == 0 &&
	     buf[24] == 0xa5;
	vm_result(ok, "caps: %s (%ld %ld)", "argsz one short: still no chain", ret,
	       0);
	/* A plain struct vfio_irq_info (no cap_offset field) still works. */
	{
		struct vfio_irq_info old = { .argsz = sizeof(old),
					     .index = (uint32_t)d.irq_index };

		ret = ioctl_err(d.device, VFIO_DEVICE_GET_IRQ_INFO, &old);
		vm_result(!ret && old.count == 6 && old.argsz == need,
		       "caps: %s (%ld %ld)", "16-byte vfio_irq_info", ret,
		       old.count);
	}
	ok = d.have_sources && d.nr_sources == 6;
	for (s = 0; s < 6 && ok; s++)
		ok = d.pipe[s] == s / 2 &&
		     d.plane_type[s] == (s % 2 ? GVT_MPT_DRM_PLANE_TYPE_CURSOR :
					 GVT_MPT_DRM_PLANE_TYPE_PRIMARY);
	vm_result(ok, "caps: %s (%ld sources, sources cap %ld)",
	       "type GFX/DISPLAY_IRQ, each source's pipe and plane type",
	       d.nr_sources, d.have_sources);
	{
		struct vfio_region_info ri = { .argsz = sizeof(ri) };

		ri.index = d.status_region;
		ret = ioctl_err(d.device, VFIO_DEVICE_GET_REGION_INFO, &ri);
		/* The status, a gap to 64, a damage record per source. */
		ok = d.have_status && d.status_region >= VFIO_PCI_NUM_REGIONS &&
		     !ret && ri.flags == VFIO_REGION_INFO_FLAG_READ &&
		     ri.size == 64 + d.nr_sources *
				sizeof(struct gvt_mpt_damage) &&
		     d.status_pos == ri.offset;
		vm_result(ok, "caps: %s (region %ld, size %ld)",
			  "status capability: a read-only device region (the status, then a damage record per source)",
			  d.status_region, (long)ri.size);
		ok = d.have_refresh && d.have_damage &&
		     d.damage_region == d.status_region &&
		     d.damage_pos == ri.offset + 64 &&
		     d.damage_record == sizeof(struct gvt_mpt_damage);
		vm_result(ok, "caps: %s (refresh %ld, damage %ld)",
			  "refresh and damage capabilities in the chain",
			  d.have_refresh, d.have_damage);
	}
	{
		struct vfio_device_info di = { .argsz = sizeof(di) };
		struct vfio_irq_info ii;

		ret = ioctl_err(d.device, VFIO_DEVICE_GET_INFO, &di);
		vm_result(!ret && di.num_irqs == 6 && di.num_regions == 14,
			  "caps: %s (irqs %ld, regions %ld)",
			  "6 irqs, 14 regions (9 status, 10-13 views)", di.num_irqs, di.num_regions);
		{
			uint64_t base = 0, size = 0;

			ret = vd_aperture_info(&d, &base, &size);
			vm_result(!ret && size == (uint64_t)64 << 20,
				  "caps: %s (%ld, want %ld)",
				  "3 heads: a 64 MiB aperture (BAR2)",
				  (long)size, 64L << 20);
		}
		ret = irq_info(&d, VFIO_PCI_REQ_IRQ_INDEX, &ii);
		vm_result(!ret && ii.count == 1 &&
			  ii.flags == VFIO_IRQ_INFO_EVENTFD,
			  "caps: %s (count %ld, flags %ld)",
			  "REQ irq: count 1, EVENTFD only", ii.count, ii.flags);
		ret = irq_info(&d, VFIO_PCI_ERR_IRQ_INDEX, &ii);
		vm_result(ret == -EINVAL, "caps: %s (%ld, want %ld)",
			  "no ERR irq: EINVAL as vfio-pci without PCIe", ret,
			  -EINVAL);
	}
	teardown(&d, uuid);
}

static uint64_t efd_read(int fd)
{
	uint64_t v = 0;

	if (read(fd, &v, sizeof(v)) != sizeof(v))
		return 0;
	return v;
}

/* Flip pipe @pipe's primary plane and run one vblank. */
static void flip(struct vd_dev *d, uint32_t pipe, uint32_t surf)
{
	vd_reg_write(d, GVT_MPT_PLANE_SURF(pipe), 4, surf);
	vm_advance(1);
}

static void enable_pipes(struct vd_dev *d, uint32_t pipes)
{
	uint32_t p;

	for (p = 0; p < pipes; p++) {
		vd_reg_write(d, GVT_MPT_PIPECONF(p), 4, GVT_MPT_PIPECONF_ENABLE);
		vd_reg_write(d, GVT_MPT_PLANE_CTL(p), 4,
			     GVT_MPT_PLANE_CTL_ENABLE);
	}
	vm_advance(1);
}

static void test_transport(void)
{
	const char *uuid = "6d7a0000-0000-4000-8000-000000000103";
	const uint32_t T = VFIO_IRQ_SET_ACTION_TRIGGER;
	struct vd_dev d;
	uint64_t st = 0, v[6];
	int32_t fds[6];
	uint8_t bools[2] = { 0, 1 };
	int efd, pfd[2], ret, s, ok;
	void *noaccess;

	/* No single-framebuffer refresh of the pipes that never flip here. */
	vm_set_single_fb(0);
	ret = setup(&d, 3, uuid, "transport");
	vm_set_single_fb(5);
	if (ret)
		return;
	/* One eventfd per source: only pipe B's primary fires. */
	ret = vd_attach(&d);
	/* Cursors on (exact policy: a cursor off shows no move). */
	for (s = 0; s < 3; s++)
		vd_reg_write(&d, GVT_MPT_CURCNTR(s), 4,
			     GVT_MPT_CURSOR_MODE_64_ARGB);
	enable_pipes(&d, 3);
	take(&d);
	vd_status_read(&d, &st);
	vd_mask(&d, 1, 0, 6, NULL);
	flip(&d, 1, 0x2000);
	for (s = 0; s < 6; s++)
		v[s] = efd_read(d.efd[s]);
	ok = !ret && v[2] == 1 && v[0] + v[1] + v[3] + v[4] + v[5] == 0;
	vm_result(ok, "transport: %s (B primary %ld, ret %ld)",
		  "per-source eventfds: only the source that changed", (long)v[2],
		  ret);
	ret = vd_status_read(&d, &st);
	vm_result(!ret && st == 1U << 2, "transport: %s (%ld, want %ld)",
		  "status has the source's bit", (long)st, 1 << 2);
	ret = vd_status_read(&d, &st);
	vm_result(!ret && st == 0, "transport: %s (%ld, want %ld)",
		  "reading the status cleared it", (long)st, 0);
	vd_mask(&d, 1, 2, 1, NULL);

	/* One eventfd for every source: the count, and the status says which. */
	efd = eventfd(0, EFD_NONBLOCK);
	for (s = 0; s < 6; s++)
		fds[s] = efd;
	ret = vd_set_trigger_fds(&d, 0, 6, fds);
	vd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, 0x3000);
	vd_reg_write(&d, GVT_MPT_CURPOS(2), 4, 0x00100010);
	vm_advance(1);
	/* A status read that cannot be copied out clears nothing. */
	noaccess = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			/* anonymous: fd -1, as mmap(2) asks */
			// cppcheck-suppress invalidFunctionArg
			-1, 0);
	errno = 0;
	ok = noaccess != MAP_FAILED &&
	     pread(d.device, noaccess, 8, (off_t)d.status_pos) == -1 &&
	     errno == EFAULT;
	if (noaccess != MAP_FAILED)
		munmap(noaccess, 4096);
	/* Neither does detaching every source. */
	ok &= vd_set_irqs_raw(&d, T | VFIO_IRQ_SET_DATA_NONE, d.irq_index, 0,
			      0, NULL, 0) == 0;
	v[0] = efd_read(efd);
	vd_status_read(&d, &st);
	vm_result(ok && !ret && v[0] == 2 && st == (1U << 0 | 1U << 5),
		  "transport: %s (eventfd %ld, status %ld)",
		  "one eventfd for all, status tells which, kept over EFAULT and detach",
		  (long)v[0], (long)st);
	ret = vd_set_trigger_fds(&d, 0, 6, fds);
	vd_mask(&d, 1, 0, 6, NULL);

	/* Sources without an eventfd keep their changes pending. */
	fds[0] = -1;
	fds[1] = -1;
	if (!ret)
		ret = vd_set_trigger_fds(&d, 0, 2, fds);
	flip(&d, 0, 0x4000);
	vm_advance(3);
	v[0] = efd_read(efd);
	vd_status_read(&d, &st);
	vm_result(!ret && v[0] == 0 && st == 0, "transport: %s (%ld %ld)",
		  "source detached with fd -1: nothing delivered", (long)v[0],
		  (long)st);
	fds[0] = efd;
	ret = vd_set_trigger_fds(&d, 0, 1, fds);
	vm_advance(1);
	v[0] = efd_read(efd);
	vd_status_read(&d, &st);
	vm_result(!ret && v[0] == 1 && st == 1, "transport: %s (%ld %ld)",
		  "its pending change arrives once it has an eventfd again",
		  (long)v[0], (long)st);
	vd_mask(&d, 1, 0, 1, NULL);

	/* All or nothing: a bad fd among good ones changes nothing. */
	fds[0] = eventfd(0, EFD_NONBLOCK);
	fds[1] = -2;
	ret = vd_set_trigger_fds(&d, 0, 2, fds);
	ok = ret == -EBADF;
	if (pipe(pfd) == 0) {
		fds[1] = pfd[0];
		ok &= vd_set_trigger_fds(&d, 0, 2, fds) == -EINVAL;
		close(pfd[0]);
		close(pfd[1]);
	}
	flip(&d, 0, 0x5000);
	ok &= efd_read(fds[0]) == 0 && efd_read(efd) == 1;
	vm_result(ok, "transport: %s (ret %ld, want %ld)",
		  "a bad fd among good ones: EBADF/EINVAL, no source changed",
		  ret, -EBADF);
	close(fds[0]);
	vd_status_read(&d, &st);
	vd_mask(&d, 1, 0, 1, NULL);

	/* Loopback: DATA_NONE and DATA_BOOL signal now, masks untouched. */
	ret = vd_set_irqs_raw(&d, T | VFIO_IRQ_SET_DATA_NONE, d.irq_index, 4,
			      2, NULL, 0);
	v[0] = efd_read(efd);
	vd_status_read(&d, &st);
	ok = !ret && v[0] == 2 && st == (1U << 4 | 1U << 5);
	ret = vd_set_irqs_raw(&d, T | VFIO_IRQ_SET_DATA_BOOL, d.irq_index, 2,
			      2, bools, 2);
	v[0] = efd_read(efd);
	vd_status_read(&d, &st);
	ok &= !ret && v[0] == 1 && st == 1U << 3;
	vd_reg_write(&d, GVT_MPT_CURPOS(1), 4, 0x00300030);
	vm_advance(1);
	ok &= efd_read(efd) == 1;
	vm_result(ok, "transport: %s (%ld %ld)",
		  "loopback DATA_NONE / DATA_BOOL; masks untouched", (long)st,
		  ret);
	close(efd);
	teardown(&d, uuid);
}

/* BAR0 in config space, as an offset for vd_reg_read()/vd_reg_write(). */
#define CFG_BAR0(d)	(((uint64_t)VFIO_PCI_CONFIG_REGION_INDEX << 40) + \
			 0x10 - (d)->bar0)

/* Open and close give the next user a new device. */
static void test_user(void)
{
	const char *uuid = "6d7a0000-0000-4000-8000-000000000104";
	struct vd_dev d;
	uint64_t st = 1;
	uint32_t val = 1, surf = 1, bar = 1;
	int ret, ok;

	if (setup(&d, 1, uuid, "user"))
		return;
	/* The first user: registers, a mask, pending changes, the status. */
	vd_attach(&d);
	enable_pipes(&d, 1);
	vd_mask(&d, 0, 0, 1, NULL);
	flip(&d, 0, 0x2000);
	vd_reg_write(&d, CFG_BAR0(&d), 4, 0xe0000000);
	vd_req_attach(&d);
	vd_close(&d);

	vd_init(&d);
	ret = vd_open(&d, uuid);
	ok = !ret;
	vd_reg_read(&d, GVT_MPT_PIPECONF(0), 4, &val);
	vd_reg_read(&d, GVT_MPT_PLANE_SURF(0), 4, &surf);
	ok &= val == 0 && surf == 0;
	vm_result(ok, "user: %s (PIPECONF %ld, ret %ld)",
		  "registers are zero for the next user", val, ret);
	vd_status_read(&d, &st);
	vd_reg_read(&d, CFG_BAR0(&d), 4, &bar);
	vm_result(st == 0 && bar == 0, "user: %s (status %ld, BAR0 %ld)",
		  "status and config space are new", (long)st, bar);
	vd_attach(&d);
	vm_advance(3);
	vm_result(take(&d) == 0, "user: %s (%ld %ld)",
		  "nothing of the last user is pending", 0, 0);
	enable_pipes(&d, 1);
	vm_result(take(&d) == (scn_event(0) | scn_event(1)),
		  "user: %s (%ld %ld)", "every source unmasked", 0, 0);
	teardown(&d, uuid);
}

/* A config space register, as an offset for vd_reg_read()/vd_reg_write(). */
#define CFG_BAR(d, reg)	(((uint64_t)VFIO_PCI_CONFIG_REGION_INDEX << 40) + \
			 (reg) - (d)->bar0)

/* The aperture region's size, per vGPU type. */
#define AP_1HEAD	((uint64_t)16 << 20)
#define PG		4096UL

/* A byte pattern that differs per page and per user. */
static uint8_t pat(uint64_t off, uint8_t user)
{
	return (uint8_t)((off >> 12) * 7 + off + user);
}

/* Does [@p, @p + @len) hold pat(@off + i, @user)? */
static int pat_ok(const uint8_t *p, uint64_t off, size_t len, uint8_t user)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != pat(off + i, user))
			return 0;
	return 1;
}

static void pat_fill(uint8_t *p, uint64_t off, size_t len, uint8_t user)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = pat(off + i, user);
}

static int all_zero(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

/* Display memory: region, BAR2, mmap, pread/pwrite, new user, bad maps. */
static void test_aperture(void)
{
	const char *uuid = "6d7a0000-0000-4000-8000-000000000106";
	static uint8_t buf[3 * 4096];
	uint64_t base = 0, size = 0, last = AP_1HEAD - PG;
	struct vfio_region_info ri = { .argsz = sizeof(ri) };
	struct vd_dev d;
	uint8_t *m, *m2;
	uint32_t bar = 0, bar_hi = 0;
	long p0, p1;
	int ret, ok;
	char desc[160] = "";
	FILE *f;

	f = fopen("/sys/class/mdev_bus/mpt_kvmgt/mdev_supported_types/mpt_kvmgt-1head/description", "r");
	if (f) {
		if (!fgets(desc, sizeof(desc), f))
			desc[0] = 0;
		fclose(f);
	}
	vm_result(strstr(desc, "aperture=16MiB") != NULL,
		  "aperture: %s (%ld %ld)", "1-head type says aperture=16MiB",
		  0, 0);
	p0 = vm_mem_pages();
	if (setup(&d, 1, uuid, "aperture"))
		return;
	ri.index = VFIO_PCI_BAR2_REGION_INDEX;
	ret = ioctl_err(d.device, VFIO_DEVICE_GET_REGION_INFO, &ri);
	ok = !ret && ri.size == AP_1HEAD && ri.offset == (uint64_t)2 << 40 &&
	     ri.flags == (VFIO_REGION_INFO_FLAG_READ |
			  VFIO_REGION_INFO_FLAG_WRITE |
			  VFIO_REGION_INFO_FLAG_MMAP);
	vd_aperture_info(&d, &base, &size);
	vm_result(ok && base == ri.offset && size == AP_1HEAD,
		  "aperture: %s (size %ld, flags %ld)",
		  "BAR2 region: 16 MiB, READ|WRITE|MMAP", (long)ri.size,
		  ri.flags);

	/* Config space: a 64-bit prefetchable BAR that sizes as 16 MiB. */
	vd_reg_read(&d, CFG_BAR(&d, 0x18), 4, &bar);
	ok = bar == 0xc;
	vd_reg_write(&d, CFG_BAR(&d, 0x18), 4, 0xffffffff);
	vd_reg_write(&d, CFG_BAR(&d, 0x1c), 4, 0xffffffff);
	vd_reg_read(&d, CFG_BAR(&d, 0x18), 4, &bar);
	vd_reg_read(&d, CFG_BAR(&d, 0x1c), 4, &bar_hi);
	ok &= bar == (uint32_t)~(AP_1HEAD - 1) + 0xc && bar_hi == 0xffffffff;
	vd_reg_write(&d, CFG_BAR(&d, 0x18), 4, 0xd0000000);
	vd_reg_write(&d, CFG_BAR(&d, 0x1c), 4, 0);
	vd_reg_read(&d, CFG_BAR(&d, 0x18), 4, &bar);
	ok &= bar == 0xd000000c;
	vm_result(ok, "aperture: %s (BAR2 %ld, want %ld)",
		  "config BAR2: 64-bit prefetchable, sizing reads back ~(16M-1)",
		  bar, 0xd000000c);

	/* Nothing allocated until touched; N pages after touching N. */
	p1 = vm_mem_pages();
	m = vd_aperture_map(&d, 0, AP_1HEAD, MAP_SHARED);
	m2 = vd_aperture_map(&d, last - PG, 2 * PG, MAP_SHARED);
	ok = m != MAP_FAILED && m2 != MAP_FAILED && p1 == p0;
	vm_result(ok, "aperture: %s (pages %ld, before %ld)",
		  "mmap of the whole aperture and a second mapping; nothing allocated",
		  p1, p0);
	if (!ok)
		goto out;
	pat_fill(m, 0, PG, 1);
	pat_fill(m + PG, PG, 100, 1);
	pat_fill(m + last, last, PG, 1);
	vm_result(vm_mem_pages() - p0 == 3, "aperture: %s (%ld, want %ld)",
		  "pages allocated after touching 3 pages", vm_mem_pages() - p0,
		  3);
	/* pread sees what the mapping wrote; an untouched page reads 0. */
	ok = pread(d.device, buf, 2 * PG, (off_t)base) == 2 * PG &&
	     pat_ok(buf, 0, PG, 1) && pat_ok(buf + PG, PG, 100, 1) &&
	     all_zero(buf + PG + 100, PG - 100);
	ok &= pread(d.device, buf, PG, (off_t)(base + 8 * PG)) == PG &&
	      all_zero(buf, PG);
	ok &= pat_ok(m2 + PG, last, PG, 1) && all_zero(m2, PG);
	vm_result(ok && vm_mem_pages() - p0 == 4,
		  "aperture: %s (pages %ld, want %ld)",
		  "pread and a second mapping see the pixels; untouched pages read 0",
		  vm_mem_pages() - p0, 4);
	/* pwrite across a page boundary shows in the mapping. */
	pat_fill(buf, 5 * PG - 10, 20, 2);
	ret = (int)pwrite(d.device, buf, 20, (off_t)(base + 5 * PG - 10));
	vm_result(ret == 20 && pat_ok(m + 5 * PG - 10, 5 * PG - 10, 20, 2),
		  "aperture: %s (%ld, want %ld)",
		  "pwrite across a page boundary shows in the mapping", ret, 20);
	/* Bounds. */
	errno = 0;
	ret = (int)pread(d.device, buf, 16, (off_t)(base + AP_1HEAD - 8));
	ok = ret == -1 && errno == EINVAL;
	errno = 0;
	ret = (int)pwrite(d.device, buf, 4, (off_t)(base + AP_1HEAD));
	ok &= ret == -1 && errno == EINVAL;
	vm_result(ok, "aperture: %s (%ld, want %ld)",
		  "pread/pwrite reaching past the aperture: EINVAL", ret, -1);
	{
		static const struct {
			const char *name;
			uint64_t off;	/* from the BAR2 offset */
			size_t len;
			int flags;
		} bad[] = {
			{ "MAP_PRIVATE", 0, 4096, MAP_PRIVATE },
			{ "longer than the aperture", 0, (16 << 20) + 4096, MAP_SHARED },
			{ "last page + 1", (16 << 20) - 4096, 8192, MAP_SHARED },
			{ "offset = size", 16 << 20, 4096, MAP_SHARED },
		};
		void *p;
		size_t i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			p = vd_aperture_map(&d, bad[i].off, bad[i].len,
					    bad[i].flags);
			vm_result(p == MAP_FAILED && errno == EINVAL,
				  "aperture: bad mmap %s -> %ld (want %ld)",
				  bad[i].name, p == MAP_FAILED ? -errno : 0,
				  -EINVAL);
			if (p != MAP_FAILED)
				munmap(p, bad[i].len);
		}
		/* BAR0 and the status region are not mappable. */
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, d.device, 0);
		ok = p == MAP_FAILED && errno == EINVAL;
		if (p != MAP_FAILED)
			munmap(p, 4096);
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, d.device,
			 (off_t)9 << 40);
		ok &= p == MAP_FAILED && errno == EINVAL;
		if (p != MAP_FAILED)
			munmap(p, 4096);
		vm_result(ok, "aperture: %s (%ld %ld)",
			  "mmap of BAR0 or the status region: EINVAL", 0, 0);
	}
	/*
	 * A mapping kept after close holds the device file: the device stays
	 * open, so no new user can open it (EBUSY) ...
	 */
	munmap(m2, 2 * PG);
	vd_close(&d);
	vd_init(&d);
	ret = vd_open(&d, uuid);
	ok = ret == -EBUSY && pat_ok(m, 0, PG, 1);
	vd_close(&d);
	vm_result(ok, "aperture: %s (%ld, want %ld)",
		  "a mapping kept after close keeps the device: reopen EBUSY",
		  ret, -EBUSY);
	/* ... until it goes; then the new user finds zeroed memory. */
	munmap(m, AP_1HEAD);
	vm_result(vm_mem_pages() == p0, "aperture: %s (%ld, want %ld)",
		  "closed and unmapped: every page freed", vm_mem_pages(), p0);
	vd_init(&d);
	ret = vd_open(&d, uuid);
	m = ret ? MAP_FAILED : vd_aperture_map(&d, 0, AP_1HEAD, MAP_SHARED);
	ok = m != MAP_FAILED && all_zero(m, PG) && all_zero(m + last, PG) &&
	     pread(d.device, buf, 2 * PG, (off_t)(base + 4 * PG)) == 2 * PG &&
	     all_zero(buf, 2 * PG);
	vm_result(ok, "aperture: %s (%ld %ld)",
		  "a new user's display memory reads zero", ret, 0);
	if (m != MAP_FAILED)
		munmap(m, AP_1HEAD);
out:
	teardown(&d, uuid);
	vm_result(vm_mem_pages() == p0, "aperture: %s (%ld, want %ld)",
		  "mdev removed: display memory freed", vm_mem_pages(), p0);
}

#define FOURCC_XRGB8888	0x34325258U
#define FOURCC_ARGB8888	0x34325241U
#define W		320
#define H		200
#define STRIDE		1280	/* 20 units of 64 bytes */
#define SURF2		0x100000U
#define CURSOR		0x200000U
#define FB_BYTES	((size_t)W * H * 4)
#define CUR_BYTES	((size_t)64 * 64 * 4)

/* Query @type (1 primary, 2 cursor), region flavour; -errno. */
static int query(struct vd_dev *d, uint32_t type,
		 struct vfio_device_gfx_plane_info *p)
{
	return vd_query_plane(d, VFIO_GFX_PLANE_TYPE_REGION, type, p);
}

/* Pipe A on with a W x H XRGB8888 primary plane at @surf. */
static void show_primary(struct vd_dev *d, uint32_t surf)
{
	vd_reg_write(d, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
	vd_reg_write(d, GVT_MPT_PLANE_SIZE(0), 4, (H - 1) << 16 | (W - 1));
	vd_reg_write(d, GVT_MPT_PLANE_STRIDE(0), 4, STRIDE / 64);
	vd_reg_write(d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_XRGB8888);
	vd_reg_write(d, GVT_MPT_PLANE_SURF(0), 4, surf);
	vm_advance(1);
}

/*
 * VFIO_DEVICE_QUERY_GFX_PLANE (region flavour) and its view regions: the
 * probe answers as QEMU expects, the region given shows the live surface
 * (pixel for pixel), a flip gives another region, a mapping is never
 * moved, views are read-only, the cursor, a surface past the aperture,
 * a new user.
 */
static void test_planes(void)
{
	const char *uuid = "6d7a0000-0000-4000-8000-000000000108";
	const size_t size = (FB_BYTES + PG - 1) & ~(PG - 1);
	struct vfio_device_gfx_plane_info p, c;
	struct vfio_region_info ri;
	uint32_t r1 = 0, r2 = 0;
	uint8_t *ap, *v1 = MAP_FAILED, *v2 = MAP_FAILED, *vc = MAP_FAILED;
	static uint8_t buf[4096];
	struct vd_dev d;
	int ret, ok;
	void *m;

	if (setup(&d, 1, uuid, "planes"))
		return;
	/* The probe: REGION yes, DMABUF no (EINVAL, as QEMU expects). */
	ok = vd_query_plane(&d, VFIO_GFX_PLANE_TYPE_PROBE |
			    VFIO_GFX_PLANE_TYPE_REGION, 0, &p) == 0;
	ret = vd_query_plane(&d, VFIO_GFX_PLANE_TYPE_PROBE |
			     VFIO_GFX_PLANE_TYPE_DMABUF, 0, &p);
	ok &= ret == -EINVAL;
	ok &= vd_query_plane(&d, VFIO_GFX_PLANE_TYPE_DMABUF, 1, &p) == -EINVAL;
	ok &= vd_query_plane(&d, 0, 1, &p) == -EINVAL;
	ok &= vd_query_plane(&d, VFIO_GFX_PLANE_TYPE_REGION, 3, &p) == -EINVAL;
	memset(&p, 0, sizeof(p));
	p.argsz = offsetof(struct vfio_device_gfx_plane_info, region_index);
	p.flags = VFIO_GFX_PLANE_TYPE_REGION;
	p.drm_plane_type = 1;
	ok &= ioctl_err(d.device, VFIO_DEVICE_QUERY_GFX_PLANE, &p) == -EINVAL;
	vm_result(ok, "planes: %s (DMABUF probe %ld, want %ld)",
		  "probe REGION 0; DMABUF, no flag, type 3, short argsz EINVAL",
		  ret, -EINVAL);

	/* Pipe off: the plane shows nothing. */
	ret = query(&d, 1, &p);
	vm_result(!ret && !p.drm_format && !p.size && !p.width,
		  "planes: %s (format %ld size %ld)",
		  "pipe off: drm_format 0, size 0", p.drm_format, p.size);

	ap = vd_aperture_map(&d, 0, AP_1HEAD, MAP_SHARED);
	if (ap == MAP_FAILED) {
		vm_result(0, "planes: %s (%ld %ld)", "map the aperture", errno, 0);
		goto out;
	}
	pat_fill(ap, 0, FB_BYTES, 11);
	pat_fill(ap + SURF2, SURF2, FB_BYTES, 12);
	show_primary(&d, 0);
	ret = query(&d, 1, &p);
	r1 = p.region_index;
	ok = !ret && p.drm_format == FOURCC_XRGB8888 && p.width == W &&
	     p.height == H && p.stride == STRIDE && p.size == size &&
	     !p.drm_format_mod && !p.x_pos && !p.y_pos && r1 > 9;
	vm_result(ok, "planes: %s (region %ld size %ld)",
		  "primary XRGB8888 320x200 stride 1280, a view region", r1,
		  p.size);
	ret = vd_region_info(&d, r1, &ri);
	ok = !ret && ri.size == size && ri.flags == (VFIO_REGION_INFO_FLAG_READ |
						     VFIO_REGION_INFO_FLAG_MMAP);
	v1 = vd_region_map(&d, r1, size, PROT_READ);
	ok &= v1 != MAP_FAILED && pat_ok(v1, 0, FB_BYTES, 11);
	ok &= pread(d.device, buf, sizeof(buf), (off_t)(ri.offset + 1000)) ==
	      sizeof(buf) && pat_ok(buf, 1000, sizeof(buf), 11);
	vm_result(ok, "planes: %s (%ld %ld)",
		  "the view region (mmap, pread) shows the surface, pixel for pixel",
		  ret, 0);
	ret = query(&d, 1, &p);
	vm_result(!ret && p.region_index == r1, "planes: %s (%ld, want %ld)",
		  "same surface: same region", p.region_index, r1);
	/* QEMU's region path asks with drm_plane_type 0: the primary. */
	ret = query(&d, 0, &c);
	vm_result(!ret && c.region_index == r1 && c.width == W &&
		  c.drm_format == FOURCC_XRGB8888,
		  "planes: %s (%ld, want %ld)",
		  "drm_plane_type 0 (as QEMU asks): the primary plane",
		  c.region_index, r1);
	/* The regions that are not views still say nothing is there. */
	ok = 1;
	{
		static const uint32_t none[] = { 1, 3, 4, 5, 6, 8 };
		size_t i;

		for (i = 0; i < sizeof(none) / sizeof(none[0]); i++)
			ok &= !vd_region_info(&d, none[i], &ri) && !ri.size &&
			      !ri.flags;
	}
	vm_result(ok, "planes: %s (%ld %ld)",
		  "BAR1, BAR3-5, ROM, VGA: size 0, flags 0 after a query", 0, 0);
	/* The guest draws: the mapping shows it at once (the same pages). */
	pat_fill(ap + 8 * PG, 8 * PG, 100, 13);
	vm_result(v1 != MAP_FAILED && pat_ok(v1 + 8 * PG, 8 * PG, 100, 13),
		  "planes: %s (%ld %ld)", "drawing shows in the view's mapping",
		  0, 0);

	/* A flip: shown from the vblank, through the other region. */
	vd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, SURF2);
	ret = query(&d, 1, &p);
	ok = !ret && p.region_index == r1;
	vm_advance(1);
	ret = query(&d, 1, &p);
	r2 = p.region_index;
	ok &= !ret && r2 != r1 && r2 > 9 && p.size == size;
	v2 = vd_region_map(&d, r2, size, PROT_READ);
	ok &= v2 != MAP_FAILED && pat_ok(v2, SURF2, FB_BYTES, 12);
	vm_result(ok, "planes: %s (region %ld, was %ld)",
		  "a flip gives the other region once live, showing the new surface",
		  r2, r1);
	vm_result(v1 != MAP_FAILED && pat_ok(v1, 0, PG, 11),
		  "planes: %s (%ld %ld)",
		  "a mapping made before is never moved", 0, 0);
	/* Flip back: the first region, rebound. */
	vd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, 0);
	vm_advance(1);
	ret = query(&d, 1, &p);
	vm_result(!ret && p.region_index == r1, "planes: %s (%ld, want %ld)",
		  "flip back: the first region again", p.region_index, r1);
	/* A new geometry is a new surface too. */
	vd_reg_write(&d, GVT_MPT_PLANE_SIZE(0), 4, (H - 2) << 16 | (W - 1));
	vm_advance(1);
	ret = query(&d, 1, &p);
	vm_result(!ret && p.region_index == r2 && p.height == H - 1,
		  "planes: %s (%ld, want %ld)",
		  "a new height: the other region", p.region_index, r2);
	vd_reg_write(&d, GVT_MPT_PLANE_SIZE(0), 4, (H - 1) << 16 | (W - 1));
	vm_advance(1);

	/* Views are read-only and bounded. */
	m = vd_region_map(&d, r1, PG, PROT_READ | PROT_WRITE);
	ok = m == MAP_FAILED && errno == EACCES;
	if (m != MAP_FAILED)
		munmap(m, PG);
	ok &= v1 != MAP_FAILED && mprotect(v1, PG, PROT_READ | PROT_WRITE) &&
	      errno == EACCES;
	m = vd_region_map(&d, r1, size + PG, PROT_READ);
	ok &= m == MAP_FAILED && errno == EINVAL;
	if (m != MAP_FAILED)
		munmap(m, size + PG);
	ret = vd_region_info(&d, r1, &ri);
	ok &= !ret && pwrite(d.device, buf, 4, (off_t)ri.offset) == -1 &&
	      errno == EINVAL;
	ok &= pread(d.device, buf, 8, (off_t)(ri.offset + size - 4)) == 4;
	ok &= pread(d.device, buf, 8, (off_t)(ri.offset + size)) == -1 &&
	      errno == EINVAL;
	vm_result(ok, "planes: %s (%ld %ld)",
		  "views: PROT_WRITE EACCES, mmap past the end EINVAL, pread short at the end, pwrite EINVAL",
		  0, 0);

	/* The cursor: 64x64 ARGB8888 at (10, 20), its own region. */
	pat_fill(ap + CURSOR, CURSOR, CUR_BYTES, 14);
	vd_reg_write(&d, GVT_MPT_CURBASE(0), 4, CURSOR);
	vd_reg_write(&d, GVT_MPT_CURPOS(0), 4, 20 << 16 | 10);
	vd_reg_write(&d, GVT_MPT_CURCNTR(0), 4, GVT_MPT_CURSOR_MODE_64_ARGB);
	vm_advance(1);
	ret = query(&d, 2, &c);
	ok = !ret && c.drm_format == FOURCC_ARGB8888 && c.width == 64 &&
	     c.height == 64 && c.stride == 256 && c.size == 16384 &&
	     c.x_pos == 10 && c.y_pos == 20 && !c.x_hot && !c.y_hot &&
	     c.region_index > 9 && c.region_index != r1 &&
	     c.region_index != r2;
	vc = ok ? vd_region_map(&d, c.region_index, c.size, PROT_READ) :
		  MAP_FAILED;
	ok &= vc != MAP_FAILED && pat_ok(vc, CURSOR, CUR_BYTES, 14);
	vm_result(ok, "planes: %s (region %ld, x %ld)",
		  "cursor ARGB8888 64x64 at (10, 20), its own region, its pixels",
		  c.region_index, c.x_pos);
	/* Partly off the left: a negative position, two's complement. */
	vd_reg_write(&d, GVT_MPT_CURPOS(0), 4,
		     20 << 16 | GVT_MPT_CURPOS_SIGN | 5);
	vm_advance(1);
	ret = query(&d, 2, &p);
	vm_result(!ret && (int32_t)p.x_pos == -5 &&
		  p.region_index == c.region_index,
		  "planes: %s (x %ld, want %ld)",
		  "a cursor move: x -5, same region", (int32_t)p.x_pos, -5);

	/* A surface reaching past the aperture is not shown. */
	vd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, (uint32_t)(AP_1HEAD - PG));
	vm_advance(1);
	ret = query(&d, 1, &p);
	vm_result(!ret && !p.drm_format && !p.size,
		  "planes: %s (size %ld, format %ld)",
		  "a surface past the aperture's end: not shown", p.size,
		  p.drm_format);

	/* A new user finds no view bound. */
	if (v1 != MAP_FAILED)
		munmap(v1, size);
	if (v2 != MAP_FAILED)
		munmap(v2, size);
	if (vc != MAP_FAILED)
		munmap(vc, 16384);
	v1 = v2 = MAP_FAILED;
	munmap(ap, AP_1HEAD);
	vd_close(&d);
	vd_init(&d);
	ret = vd_open(&d, uuid);
	ok = !ret && !vd_region_info(&d, r1, &ri) && !ri.size &&
	     !vd_region_info(&d, r2, &ri) && !ri.size;
	ok &= !query(&d, 1, &p) && !p.size;
	vm_result(ok, "planes: %s (%ld %ld)",
		  "a new user: views unbound, nothing shown", ret, 0);
out:
	if (v1 != MAP_FAILED)
		munmap(v1, size);
	if (v2 != MAP_FAILED)
		munmap(v2, size);
	teardown(&d, uuid);
}

/*
 * Write tracking of display memory: a harvest counts the pages written
 * since the last one and write-protects them again; only the first write
 * to a page between two harvests faults; reads never do; a page no
 * harvest covers faults once; a pwrite counts as a write.
 */
static void test_tracking(void)
{
	const char *uuid = "6d7a0000-0000-4000-8000-000000000109";
	long f0 = 0, f1 = 0, n;
	uint64_t base = 0, size = 0;
	volatile uint8_t *m;
	uint8_t b = 7, rd = 0;
	struct vd_dev d;
	int ok;

	if (setup(&d, 1, uuid, "tracking"))
		return;
	vd_aperture_info(&d, &base, &size);
	m = vd_aperture_map(&d, 0, AP_1HEAD, MAP_SHARED);
	if (m == MAP_FAILED) {
		vm_result(0, "tracking: %s (%ld %ld)", "map", errno, 0);
		goto out;
	}
	vm_tracking_basic(m);
	m[5 * PG] = 1;
	ok = vm_harvest(0, 4 * PG, &f1) == 0;
	n = vm_harvest(4 * PG, 4 * PG, &f1);
	vm_result(ok && n == 1, "tracking: %s (%ld, want %ld)",
		  "a harvest covers its range only", n, 1);
	/* A page no harvest covers: one fault, then none. */
	f0 = f1;
	m[40 * PG] = 1;
	m[40 * PG + 1] = 1;
	vm_harvest(0, 16 * PG, &f1);
	m[40 * PG + 2] = 1;
	vm_harvest(0, 16 * PG, &f1);
	vm_result(f1 - f0 == 1, "tracking: %s (%ld, want %ld)",
		  "a page no harvest covers faults once", f1 - f0, 1);
	/* pwrite counts; the pixels are what was written. */
	f0 = f1;
	ok = pwrite(d.device, &b, 1, (off_t)(base + 3 * PG + 9)) == 1;
	n = vm_harvest(0, 16 * PG, &f1);
	ok &= pread(d.device, &rd, 1, (off_t)base) == 1 && rd == 4;
	vm_result(ok && n == 1 && f1 == f0 && m[3 * PG + 9] == 7,
		  "tracking: %s (%ld pages, %ld faults)",
		  "pwrite: harvest 1, no fault; contents intact", n, f1 - f0);
	n = vm_harvest(1, PG, &f1);
	vm_result(n == -1, "tracking: %s (%ld, want %ld)",
		  "debugfs harvest: unaligned range refused", n, -1);
	munmap((void *)m, AP_1HEAD);
out:
	teardown(&d, uuid);
}

/* The deliveries since the last call, then every source unmasked. */
static long trk_take(void *priv, uint32_t *srcs)
{
	uint32_t counts[GVT_MPT_MAX_SOURCES], s;
	struct vd_dev *d = priv;
	long n = 0;

	*srcs = 0;
	if (vd_consume(d, counts, NULL))
		return -1;
	for (s = 0; s < d->nr_sources; s++) {
		n += counts[s];
		if (counts[s])
			*srcs |= 1U << s;
	}
	vd_mask(d, 1, 0, d->nr_sources, NULL);
	return n;
}

static int trk_wait(void *priv, int ms)
{
	struct pollfd pfd = { .fd = vd_poll_fd(priv), .events = POLLIN };

	return poll(&pfd, 1, ms) == 1;
}

/*
 * Exact refresh with write tracking (module parameter write_tracking, on
 * by default; the 60 Hz timer running): vm_trackevents(), with the
 * fallback rule; and a pwrite into the live surface raises one event.
 */
static void test_trackevents(void)
{
	const char *uuid = "6d7a0000-0000-4000-8000-00000000010a";
	struct vm_trk t = {
		.name = "kvmgt",
		.fb_bytes = FB_BYTES,
		.elsewhere = 0x200000,
		.wait = trk_wait,
		.take = trk_take,
	};
	uint64_t base = 0, size = 0;
	volatile uint8_t *m;
	struct vd_dev d;
	uint8_t b = 0x77;
	uint32_t srcs;
	long n;
	int ret;

	if (vm_set_write_tracking(1)) {
		vm_result(0, "trackevents: %s (%ld %ld)", "set write_tracking",
			  errno, 0);
		return;
	}
	if (setup(&d, 1, uuid, "trackevents"))
		return;
	ret = vd_attach(&d);
	m = ret ? MAP_FAILED : vd_aperture_map(&d, 0, AP_1HEAD, MAP_SHARED);
	if (m == MAP_FAILED) {
		vm_result(0, "trackevents: %s (%ld %ld)", "attach, map", ret,
			  errno);
		goto out;
	}
	pat_fill((uint8_t *)m, 0, FB_BYTES, 21);
	vd_reg_write(&d, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
	vd_reg_write(&d, GVT_MPT_PLANE_SIZE(0), 4, (H - 1) << 16 | (W - 1));
	vd_reg_write(&d, GVT_MPT_PLANE_STRIDE(0), 4, STRIDE / 64);
	vd_reg_write(&d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_XRGB8888);
	vd_reg_write(&d, GVT_MPT_PLANE_SURF(0), 4, 0);
	t.m = m;
	t.priv = &d;
	vm_trackevents(&t, 1);
	/* A pwrite of the region, not through a mapping: one event too. */
	vd_aperture_info(&d, &base, &size);
	usleep(100000);
	trk_take(&d, &srcs);
	ret = (int)pwrite(d.device, &b, 1, (off_t)(base + 2 * PG + 3));
	usleep(150000);
	n = trk_take(&d, &srcs);
	vm_result(ret == 1 && n == 1 && srcs == 1,
		  "trackevents: %s (%ld, want %ld)",
		  "a pwrite into the live surface: one primary event", n, 1);

	/*
	 * Grown without a flip: a page written while outside the surface
	 * (so writable, and no event) is watched once the plane covers it.
	 */
	m[FB_BYTES + 2 * PG] = 1;
	usleep(150000);
	n = trk_take(&d, &srcs);
	vd_reg_write(&d, GVT_MPT_PLANE_SIZE(0), 4,
		     (H + 16 - 1) << 16 | (W - 1));
	usleep(250000);
	trk_take(&d, &srcs);	/* the resize, the re-arming harvest */
	usleep(100000);
	trk_take(&d, &srcs);
	m[FB_BYTES + 2 * PG] = 2;
	usleep(150000);
	ret = (int)trk_take(&d, &srcs);
	vm_result(n == 0 && ret == 1 && srcs == 1,
		  "trackevents: %s (%ld, then %ld)",
		  "a page outside the plane: no event; grown over it without a flip: its next write one event",
		  n, (long)ret);
	munmap((void *)m, AP_1HEAD);
out:
	teardown(&d, uuid);
}

/* The damage test's device and the file offset of its status region. */
static struct vd_dev dmg_dev;
static uint64_t dmg_base;

#define DMG_REC		sizeof(struct gvt_mpt_damage)
#define DMG_OFF		64

/* pread of @len bytes at offset @off of the status region: bytes or -errno. */
static long dmg_pread(void *buf, size_t len, uint64_t off)
{
	ssize_t n = pread(dmg_dev.device, buf, len, (off_t)(dmg_base + off));

	return n < 0 ? -errno : (long)n;
}

static int dmg_take(uint32_t src, struct gvt_mpt_damage *dm)
{
	long n;

	memset(dm, 0, sizeof(*dm));
	n = dmg_pread(dm, DMG_REC, DMG_OFF + src * DMG_REC);
	return n < 0 ? (int)n : n == (long)DMG_REC ? 0 : -EIO;
}

static int dmg_reg_write(uint64_t off, uint32_t val)
{
	return vd_reg_write(&dmg_dev, off, 4, val);
}

static int dmg_events(int ms)
{
	uint32_t counts[GVT_MPT_MAX_SOURCES];
	struct pollfd pfd = { .fd = dmg_dev.efd[0], .events = POLLIN };
	int fired;

	if (ms)
		poll(&pfd, 1, ms);
	fired = !vd_consume(&dmg_dev, counts, NULL) && counts[0];
	vd_mask(&dmg_dev, 1, 0, dmg_dev.nr_sources, NULL);
	return fired;
}

/*
 * Create and open a 1-head mdev with module parameter write_tracking set
 * to @tracking (restored after); 0 or -1 (a FAIL printed).
 */
static int dmg_setup(const char *uuid, int tracking)
{
	long old = vm_param("write_tracking");
	int ret;

	if (old < 0 || vm_set_write_tracking(tracking)) {
		vm_result(0, "damage: %s (%ld %ld)", "set write_tracking", old,
			  tracking);
		return -1;
	}
	ret = setup(&dmg_dev, 1, uuid, "damage");
	vm_set_write_tracking(old > 0);
	return ret;
}

/*
 * Damage (uapi DAMAGE, VFIO DAMAGE RECORDS), the 60 Hz timer running: the
 * refresh and damage capabilities; the records (vm_damage_common()); bad
 * offsets and lengths; a short read; a read that faults; a pwrite.
 */
static void test_damage(void)
{
	const char *uuid = "6d7a0000-0000-4000-8000-00000000010b";
	const struct vm_damage_ops ops = {
		.test = "damage", .take = dmg_take,
		.reg_write = dmg_reg_write, .events = dmg_events,
	};
	struct vm_damage_ops o = ops;
	struct gvt_mpt_damage dm;
	struct vfio_region_info ri;
	long n, nfb = vm_param("single_fb_vblanks");
	uint8_t buf[128], *noaccess;
	uint64_t base = 0, size = 0;
	volatile uint8_t *m;
	size_t i;
	int ok, ret;
	static const struct {
		const char *name;
		uint64_t off;
		size_t len;
	} bad[] = {
		{ "offset 65: not a record's start", DMG_OFF + 1, DMG_REC },
		{ "offset 64 + 71", DMG_OFF + DMG_REC - 1, 8 },
		{ "offset 64 + 72 + 8", DMG_OFF + DMG_REC + 8, 8 },
		{ "offset 64 + 2 * 72: past the last source",
		  DMG_OFF + 2 * DMG_REC, DMG_REC },
		{ "offset 8: the gap after the status", 8, 8 },
		{ "offset 32: the gap", 32, DMG_REC },
		{ "offset 56, length 8: the gap", 56, 8 },
		{ "length 7", DMG_OFF, 7 },
		{ "length 4", DMG_OFF + DMG_REC, 4 },
	};

	/* The heuristic: the refresh capability says so. */
	if (dmg_setup(uuid, 0))
		return;
	vm_result(dmg_dev.have_refresh && dmg_dev.refresh_flags == 0 &&
		  (long)dmg_dev.single_fb_vblanks == nfb,
		  "damage: %s (flags %ld, N %ld)",
		  "write_tracking=0 at creation: REFRESH flags 0, N = single_fb_vblanks",
		  dmg_dev.refresh_flags, dmg_dev.single_fb_vblanks);
	teardown(&dmg_dev, uuid);

	if (dmg_setup(uuid, 1))
		return;
	vm_result(dmg_dev.have_refresh &&
		  dmg_dev.refresh_flags == GVT_MPT_REFRESH_WRITE_TRACKING &&
		  (long)dmg_dev.single_fb_vblanks == nfb,
		  "damage: %s (flags %ld, N %ld)",
		  "write_tracking=1 at creation: REFRESH flags WRITE_TRACKING, N = single_fb_vblanks",
		  dmg_dev.refresh_flags, dmg_dev.single_fb_vblanks);
	ret = vd_region_info(&dmg_dev, dmg_dev.status_region, &ri);
	dmg_base = ri.offset;
	ok = !ret && dmg_dev.have_damage &&
	     dmg_dev.damage_region == dmg_dev.status_region &&
	     dmg_dev.damage_record == DMG_REC &&
	     dmg_dev.damage_pos == ri.offset + DMG_OFF &&
	     ri.size == DMG_OFF + 2 * DMG_REC &&
	     ri.flags == VFIO_REGION_INFO_FLAG_READ;
	vm_result(ok, "damage: %s (record %ld, region size %ld)",
		  "DAMAGE cap: the status region, records of 72 bytes from 64; region 64 + 2 * 72",
		  dmg_dev.damage_record, (long)ri.size);
	if (!ok)
		goto out;

	/*
	 * Bad offsets and lengths: EINVAL (and nothing taken: the first take
	 * in vm_damage_common() is still FULL).
	 */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = dmg_pread(buf, bad[i].len, bad[i].off);
		vm_result(n == -EINVAL, "damage: bad read: %s (%ld, want %ld)",
			  bad[i].name, n, -EINVAL);
	}

	ret = vd_attach(&dmg_dev);
	m = ret ? MAP_FAILED : vd_aperture_map(&dmg_dev, 0, AP_1HEAD,
					       MAP_SHARED);
	if (m == MAP_FAILED) {
		vm_result(0, "damage: %s (%ld %ld)", "attach, map", ret, errno);
		goto out;
	}
	o.ap = m;
	vm_damage_common(&o);

	/* A pwrite of the region counts as a write too. */
	vd_aperture_info(&dmg_dev, &base, &size);
	dmg_events(0);
	memset(buf, 0x3c, sizeof(buf));
	n = pwrite(dmg_dev.device, buf, 8, (off_t)(base + VM_DMG_SURF +
						   150ULL * VM_DMG_STRIDE + 16));
	ret = dmg_events(1000);
	ok = n == 8 && ret && !dmg_take(0, &dm) && vm_damage_band(&dm, 150, 150);
	vm_result(ok, "damage: %s (y %ld, height %ld)",
		  "a pwrite into line 150: the event, one band over it",
		  (long)dm.rects[0].y, (long)dm.rects[0].height);

	/* Reads of 8..71 bytes that cannot hold the rectangles: FULL. */
	ret = vm_damage_draw(&o, 10, 10);
	memset(&dm, 0xa5, sizeof(dm));
	n = dmg_pread(&dm, 8, DMG_OFF);
	ok = ret && n == 8 && dm.flags == GVT_MPT_DAMAGE_FULL && !dm.nr_rects &&
	     dm.rects[0].x == 0xa5a5a5a5;
	vm_result(ok, "damage: %s (%ld, flags %ld)",
		  "8-byte read with a band pending: FULL, nr_rects 0, 8 bytes",
		  n, dm.flags);
	ok = !dmg_take(0, &dm) && vm_damage_is(&dm, 0);
	vm_result(ok, "damage: %s (flags %ld, nr %ld)",
		  "and the record is cleared", dm.flags, dm.nr_rects);
	ret = vm_damage_draw(&o, 30, 31);
	memset(&dm, 0xa5, sizeof(dm));
	n = dmg_pread(&dm, 24, DMG_OFF);
	ok = ret && n == 24 && !dm.flags && dm.nr_rects == 1 &&
	     dm.rects[0].width == VM_DMG_W && dm.rects[1].x == 0xa5a5a5a5;
	vm_result(ok, "damage: %s (%ld, nr %ld)",
		  "24-byte read, one band pending: the band, 24 bytes", n,
		  dm.nr_rects);
	{
		uint8_t big[128];

		ret = vm_damage_draw(&o, 40, 41);
		memset(big, 0xa5, sizeof(big));
		n = dmg_pread(big, sizeof(big), DMG_OFF);
		memcpy(&dm, big, sizeof(dm));
		ok = ret && n == DMG_REC && !dm.flags && dm.nr_rects == 1 &&
		     big[DMG_REC] == 0xa5;
		vm_result(ok, "damage: %s (%ld, nr %ld)",
			  "128-byte read: a short read of the 72-byte record",
			  n, dm.nr_rects);
	}

	/* A read into memory that faults: EFAULT, then FULL. */
	ret = vm_damage_draw(&o, 200, 201);
	noaccess = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			/* anonymous: fd -1, as mmap(2) asks */
			// cppcheck-suppress invalidFunctionArg
			-1, 0);
	n = noaccess == MAP_FAILED ? 0 : dmg_pread(noaccess, DMG_REC, DMG_OFF);
	if (noaccess != MAP_FAILED)
		munmap(noaccess, 4096);
	ok = ret && n == -EFAULT && !dmg_take(0, &dm) &&
	     dm.flags == GVT_MPT_DAMAGE_FULL && !dm.nr_rects;
	vm_result(ok, "damage: %s (%ld, then flags %ld)",
		  "a read that faults: EFAULT, the next read FULL", n, dm.flags);
	ok = !dmg_take(0, &dm) && vm_damage_is(&dm, 0);
	vm_result(ok, "damage: %s (flags %ld, nr %ld)",
		  "then nothing", dm.flags, dm.nr_rects);
	munmap((void *)m, AP_1HEAD);
out:
	teardown(&dmg_dev, uuid);
}

/* 64 idle 1-head vGPUs (1 GiB of aperture) commit no memory. */
static void test_memory(void)
{
	char uuid[64][40];
	long p0, p1, a0, a1;
	int i, n = 0, ok;
	struct vd_dev d;
	uint8_t *m;

	p0 = vm_mem_pages();
	a0 = vm_mem_available_kb();
	for (i = 0; i < 64; i++) {
		snprintf(uuid[i], sizeof(uuid[i]),
			 "6d7a0000-0000-4000-8000-0000000004%02x", i);
		if (vd_mdev_create(1, uuid[i]))
			break;
		n++;
	}
	p1 = vm_mem_pages();
	a1 = vm_mem_available_kb();
	vm_idle_memory_result(n, p1 - p0, a0, a1);
	/* One of them in use: N pages touched, N pages allocated. */
	ok = vd_open(&d, uuid[0]) == 0;
	m = ok ? vd_aperture_map(&d, 0, AP_1HEAD, MAP_SHARED) : MAP_FAILED;
	vm_touch_memory_result(m, AP_1HEAD, p0);
	vd_close(&d);
	for (i = 0; i < n; i++)
		vd_mdev_remove(uuid[i]);
	vm_result(vm_mem_pages() == p0, "memory: %s (%ld, want %ld)",
		  "all freed with the vGPUs", vm_mem_pages(), p0);
}

/*
 * The timer passes over 1 s, and pipe A's PIPE_FRMCOUNT advance on @d
 * (NULL: none) over the same time.
 */
static void idle_second(struct vd_dev *d, const char *what)
{
	uint32_t f0 = 0, f1 = 0;
	long p0, p1;
	double t0, t1;

	if (d)
		vd_reg_read(d, GVT_MPT_PIPE_FRMCOUNT(0), 4, &f0);
	p0 = vm_timer_passes();
	t0 = vm_now_s();
	sleep(1);
	p1 = vm_timer_passes();
	t1 = vm_now_s();
	if (d)
		vd_reg_read(d, GVT_MPT_PIPE_FRMCOUNT(0), 4, &f1);
	vm_idle_timer_result(what, p0 < 0 || p1 < 0 ? -1 : p1 - p0, t1 - t0,
			     d ? (long)(uint32_t)(f1 - f0) : -1, 60);
}

/*
 * No host work when nothing changes (timer on at 60 Hz): no pass with no
 * vGPU, none with 64 1-head vGPUs nobody opened, none once each is opened
 * with an eventfd per source and its pipe on, showing nothing that can
 * change (primary plane and cursor off, what a blank screen is; a plane on
 * that never flips is the single-framebuffer heuristic's, refreshed at
 * every vblank) after its consumer took the pipe-on events; PIPE_FRMCOUNT
 * still counts at 60 Hz, from the clock.  Then one still plane under the
 * heuristic: its passes per second are printed (about 60).  The vGPUs
 * are made with write_tracking 0, for that heuristic (a still plane
 * under write tracking costs no pass: "trackevents").
 */
static void test_idle(void)
{
	struct vd_dev *d = calloc(64, sizeof(*d));
	char uuid[64][40];
	int i, n = 0, on = 0;
	uint32_t counts[GVT_MPT_MAX_SOURCES];
	long p0, p1;
	double t0, t1;

	if (!d) {
		vm_result(0, "timer-idle: %s (%ld %ld)", "calloc", 0, 0);
		return;
	}
	vm_result(live_vgpus() == 0, "timer-idle: %s (%ld, want %ld)",
		  "no vGPU left by earlier tests", live_vgpus(), 0);
	idle_second(NULL, "no vGPU");
	vm_set_write_tracking(0);
	for (i = 0; i < 64; i++) {
		snprintf(uuid[i], sizeof(uuid[i]),
			 "6d7a0000-0000-4000-8000-0000000005%02x", i);
		if (vd_mdev_create(1, uuid[i]))
			break;
		n++;
	}
	vm_set_write_tracking(1);	/* the default */
	vm_result(n == 64, "timer-idle: %s (%ld, want %ld)",
		  "64 1-head vGPUs created", n, 64);
	idle_second(NULL, "64 vGPUs, not opened");
	for (i = 0; i < n; i++) {
		vd_init(&d[i]);
		if (vd_open(&d[i], uuid[i]) || vd_attach(&d[i]))
			break;
		vd_reg_write(&d[i], GVT_MPT_PIPECONF(0), 4,
			     GVT_MPT_PIPECONF_ENABLE);
		on++;
	}
	usleep(100000);		/* the pipe-on events, at the next vblank */
	for (i = 0; i < on; i++) {
		vd_consume(&d[i], counts, NULL);
		vd_mask(&d[i], 1, 0, d[i].nr_sources, NULL);
	}
	vm_result(on == 64 && counts[0] == 1 && counts[1] == 1,
		  "timer-idle: %s (%ld opened, want %ld)",
		  "64 vGPUs opened, pipe A on, its events taken", on, 64);
	idle_second(on ? &d[0] : NULL, "64 vGPUs, pipe A on, nothing shown");

	/* A still plane: the single-FB heuristic refreshes it every vblank. */
	if (on) {
		vd_reg_write(&d[0], GVT_MPT_PLANE_CTL(0), 4,
			     GVT_MPT_PLANE_CTL_XRGB8888);
		usleep(200000);
		p0 = vm_timer_passes();
		t0 = vm_now_s();
		sleep(1);
		p1 = vm_timer_passes();
		t1 = vm_now_s();
		printf("timer-idle: one still plane (single-FB heuristic): %ld timer passes in %.2f s (%.1f/s)\n",
		       p1 - p0, t1 - t0, (double)(p1 - p0) / (t1 - t0));
		vm_result(p1 - p0 > 0, "timer-idle: %s (%ld passes, want > %ld)",
			  "a still plane under the heuristic is refreshed",
			  p1 - p0, 0);
		vd_reg_write(&d[0], GVT_MPT_PLANE_CTL(0), 4, 0);
	}
	for (i = 0; i < n; i++) {
		vd_close(&d[i]);
		vd_mdev_remove(uuid[i]);
	}
	free(d);
	usleep(100000);
	idle_second(NULL, "the 64 vGPUs removed");
}

/* Monotonic time in seconds. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Each pipe has the cadence of its mode: pipes A, B, C of one vGPU at
 * 144, 60 and 30 Hz (CEA 1080p totals, 2200 x 1125, at 356.4, 148.5 and
 * 74.25 MHz), counted by PIPE_FRMCOUNT over 2 s of the vblank timer.
 * The ratios are checked loosely (a loaded host delays timers); the rates
 * are printed.
 */
static void test_cadence(void)
{
	const char *uuid = "6d7a0000-0000-4000-8000-000000000107";
	static const uint32_t khz[3] = { 356400, 148500, 74250 };
	static const double hz[3] = { 144, 60, 30 };
	uint32_t f0[3], f1[3], p;
	double t0, t1, rate[3];
	struct vd_dev d;

	if (setup(&d, 3, uuid, "cadence"))
		return;
	for (p = 0; p < 3; p++) {
		vd_reg_write(&d, GVT_MPT_TRANS_HTOTAL(p), 4, 2199U << 16 | 1919);
		vd_reg_write(&d, GVT_MPT_TRANS_VTOTAL(p), 4, 1124U << 16 | 1079);
		vd_reg_write(&d, GVT_MPT_TRANS_CLOCK(p), 4, khz[p]);
		vd_reg_write(&d, GVT_MPT_PIPECONF(p), 4, GVT_MPT_PIPECONF_ENABLE);
	}
	usleep(200000);
	t0 = now_s();
	for (p = 0; p < 3; p++)
		vd_reg_read(&d, GVT_MPT_PIPE_FRMCOUNT(p), 4, &f0[p]);
	sleep(2);
	t1 = now_s();
	for (p = 0; p < 3; p++) {
		vd_reg_read(&d, GVT_MPT_PIPE_FRMCOUNT(p), 4, &f1[p]);
		rate[p] = (f1[p] - f0[p]) / (t1 - t0);
	}
	printf("cadence: pipe A %.1f Hz (mode 144), B %.1f Hz (60), C %.1f Hz (30) over %.2f s\n",
	       rate[0], rate[1], rate[2], t1 - t0);
	vm_result(rate[1] > 0 && rate[0] / rate[1] > 1.8 &&
		  rate[0] / rate[1] < 2.8 && rate[1] / rate[2] > 1.6 &&
		  rate[1] / rate[2] < 2.4 && rate[1] > hz[1] / 2 &&
		  rate[1] < hz[1] * 1.25,
		  "cadence: %s (B %ld Hz, A %ld Hz)",
		  "144, 60 and 30 Hz pipes of one vGPU, each its own cadence",
		  (long)rate[1], (long)rate[0]);
	teardown(&d, uuid);
}

/*
 * Remove the mdev from a child; returns its pid.  The child first closes
 * the VFIO fds it inherited, or it would be the user it waits for.
 */
static pid_t remove_in_child(struct vd_dev *d, const char *uuid)
{
	pid_t pid = fork();

	if (pid == 0) {
		vd_close(d);
		_exit(vd_mdev_remove(uuid) ? 1 : 0);
	}
	return pid;
}

static int child_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void test_request(void)
{
	const char *uuid = "6d7a0000-0000-4000-8000-000000000105";
	struct vd_dev d;
	struct pollfd pfd;
	int ret, n, status;
	pid_t pid;

	if (setup(&d, 1, uuid, "request"))
		return;
	ret = vd_req_attach(&d);
	n = vd_set_irqs_raw(&d, VFIO_IRQ_SET_ACTION_TRIGGER |
			    VFIO_IRQ_SET_DATA_NONE, VFIO_PCI_REQ_IRQ_INDEX, 0,
			    1, NULL, 0);
	vm_result(!ret && !n && efd_read(d.req_efd) == 1,
		  "request: %s (%ld %ld)", "REQ eventfd attached, loopback",
		  ret, n);
	pid = remove_in_child(&d, uuid);
	pfd = (struct pollfd){ .fd = d.req_efd, .events = POLLIN };
	n = poll(&pfd, 1, 5000);
	vm_result(n == 1 && efd_read(d.req_efd) >= 1, "request: %s (%ld %ld)",
		  "removing the open mdev signals the request eventfd", n, 1);
	vd_close(&d);
	status = child_status(pid);
	vm_result(status == 0 && access("/sys/bus/mdev/devices/"
					"6d7a0000-0000-4000-8000-000000000105",
					F_OK) != 0,
		  "request: %s (%ld %ld)", "the user let go: the mdev is gone",
		  status, 0);

	/* Without a request eventfd the removal waits for the close. */
	if (setup(&d, 1, uuid, "request"))
		return;
	pid = remove_in_child(&d, uuid);
	usleep(500000);
	n = waitpid(pid, &status, WNOHANG);
	vd_close(&d);
	status = child_status(pid);
	vm_result(n == 0 && status == 0, "request: %s (%ld %ld)",
		  "no request eventfd: removal waits for the close", n, status);
}

/*
 * "cdev": the VFIO device cdev path (VFIO_DEVICE_CDEV, kernels >= 6.6 with
 * IOMMUFD), as drivers/vfio/device_cdev.c, group.c and iommufd.c of 6.12
 * implement it, and the group path beside it.
 */
#define CDEV_UUID	"6d7a0000-0000-4000-8000-000000000110"
#define CDEV_SURF	0x400000U

/* One result line "cdev: HOW: WHAT (got, want)". */
static void cdev_result(int ok, const char *how, const char *what, long got,
			long want)
{
	char desc[200];

	snprintf(desc, sizeof(desc), "%s: %s", how, what);
	vm_result(ok, "cdev: %s (%ld, want %ld)", desc, got, want);
}

/*
 * Events and pixels through @d, a new user of a 1-head vGPU (manual
 * vblanks): pipe A on fires both sources; a flip to a drawn surface fires
 * the primary, whose view region shows it pixel for pixel; a flip to
 * another surface likewise.
 */
static void cdev_display(struct vd_dev *d, const char *how)
{
	struct vd_view v;
	uint8_t *ap;
	uint64_t c;
	int ret, ok;

	ret = vd_attach(d);
	cdev_result(!ret && !prime(d), how,
		    "eventfds attached, pipe on: both sources fire", ret, 0);
	ap = vd_aperture_map(d, 0, AP_1HEAD, MAP_SHARED);
	if (ap == MAP_FAILED) {
		cdev_result(0, how, "map the aperture", errno, 0);
		return;
	}
	vd_view_init(&v);
	pat_fill(ap + CDEV_SURF, CDEV_SURF, FB_BYTES, 31);
	show_primary(d, CDEV_SURF);
	c = take(d);
	vd_mask(d, 1, 0, d->nr_sources, NULL);
	ret = vd_view_read(d, 1, &v);
	ok = c == scn_event(0) && !ret && v.plane.width == W &&
	     v.plane.height == H && pat_ok(v.map, CDEV_SURF, FB_BYTES, 31);
	cdev_result(ok, how, "plane on: primary event, the view shows it pixel for pixel",
		    (long)c, (long)scn_event(0));
	pat_fill(ap + SURF2, SURF2, FB_BYTES, 32);
	flip(d, 0, SURF2);
	c = take(d);
	vd_mask(d, 1, 0, d->nr_sources, NULL);
	ret = vd_view_read(d, 1, &v);
	ok = c == scn_event(0) && !ret && v.remaps == 2 &&
	     pat_ok(v.map, SURF2, FB_BYTES, 32);
	cdev_result(ok, how, "flip: primary event, the new surface pixel for pixel",
		    (long)c, (long)scn_event(0));
	vd_view_fini(&v);
	munmap(ap, AP_1HEAD);
}

/* The device node of mdev @uuid's group, /dev/vfio/N. */
static int group_node(const char *uuid, char *node, size_t len)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/iommu_group",
		 uuid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = 0;
	snprintf(node, len, "/dev/vfio/%.32s", strrchr(link, '/') ?
		 strrchr(link, '/') + 1 : link);
	return 0;
}

/* open(@path) then close: 0 or -errno. */
static int try_open(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* A device fd that is not bound: VFIO_DEVICE_GET_INFO's errno. */
static int get_info(int fd)
{
	struct vfio_device_info i = { .argsz = sizeof(i) };

	return ioctl_err(fd, VFIO_DEVICE_GET_INFO, &i);
}

/* BIND_IOMMUFD with every field given: 0 or -errno. */
static int bind_raw(int fd, uint32_t argsz, uint32_t flags, int32_t iommufd)
{
	struct vfio_device_bind_iommufd b = {
		.argsz = argsz, .flags = flags, .iommufd = iommufd,
	};

	return ioctl_err(fd, VFIO_DEVICE_BIND_IOMMUFD, &b);
}

/*
 * The group path with the cdev beside it (@node, or NULL without one):
 * events and pixels; while the group is open the cdev opens but cannot be
 * bound (EBUSY: vfio_device_block_group()), and a device fd of the group
 * cannot be bound (EINVAL: BIND_IOMMUFD is for cdev fds); closed, the next
 * user of the group is new.
 */
static void cdev_group(const char *uuid, const char *node)
{
	struct vd_dev d;
	uint32_t val = 1, devid;
	int fd, iommufd, ret, ret2;

	vd_init(&d);
	ret = vd_open(&d, uuid);
	cdev_result(!ret && d.path == VD_PATH_GROUP && d.group >= 0, "group",
		    "open through the group and a type1v2 container", ret, 0);
	if (ret) {
		vd_close(&d);
		return;
	}
	cdev_display(&d, "group");
	if (node) {
		iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
		fd = open(node, O_RDWR | O_CLOEXEC);
		ret = fd < 0 ? -errno : vd_cdev_bind(fd, iommufd, &devid);
		cdev_result(fd >= 0 && iommufd >= 0 && ret == -EBUSY, "group",
			    "group open: the cdev opens, its bind fails EBUSY",
			    ret, -EBUSY);
		if (fd >= 0)
			close(fd);
		ret = vd_cdev_bind(d.device, iommufd, &devid);
		cdev_result(ret == -EINVAL, "group",
			    "BIND_IOMMUFD of the group's device fd: EINVAL",
			    ret, -EINVAL);
		if (iommufd >= 0)
			close(iommufd);
	}
	vd_close(&d);
	ret = vd_open(&d, uuid);
	ret2 = vd_reg_read(&d, GVT_MPT_PIPECONF(0), 4, &val);
	cdev_result(!ret && !ret2 && !val && take(&d) == 0, "group",
		    "closed and reopened: a new user (PIPECONF 0)", ret ? ret : (long)val,
		    0);
	vd_close(&d);
}

/*
 * The cdev's own rules, on a device nobody has open: nothing before the
 * bind; bad binds; one bind; the IOAS attach; the group and a second
 * cdev shut out while bound; the IOAS held while attached.
 */
static void cdev_rules(const char *uuid, const char *node)
{
	char gnode[64];
	uint32_t devid = 0, ioas = 0, ioas2 = 0, pt;
	int fd, fd2, iommufd, efd, ret, ok;
	uint32_t v;
	void *m;

	fd = open(node, O_RDWR | O_CLOEXEC);
	iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	cdev_result(fd >= 0 && iommufd >= 0, "cdev", "open the cdev and /dev/iommu",
		    fd < 0 || iommufd < 0 ? -errno : 0, 0);
	if (fd < 0 || iommufd < 0)
		goto out;
	/* Not bound: every other operation fails EINVAL (access_granted). */
	ok = get_info(fd) == -EINVAL;
	ok &= pread(fd, &v, 4, 0) < 0 && errno == EINVAL;
	m = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd,
		 (off_t)GVT_MPT_APERTURE_REGION << 40);
	ok &= m == MAP_FAILED && errno == EINVAL;
	if (m != MAP_FAILED)
		munmap(m, PG);
	pt = 0;
	ret = vd_cdev_attach(fd, &pt);
	ok &= ret == -EINVAL;
	cdev_result(ok, "cdev", "before the bind: ioctl, pread, mmap, attach EINVAL",
		    ret, -EINVAL);
	/* Bad binds, and still nothing works. */
	efd = eventfd(0, EFD_CLOEXEC);
	ok = bind_raw(fd, sizeof(struct vfio_device_bind_iommufd), 1,
		      iommufd) == -EINVAL;
	ok &= bind_raw(fd, sizeof(struct vfio_device_bind_iommufd), 0, -1) ==
	      -EINVAL;
	ok &= bind_raw(fd, 8, 0, iommufd) == -EINVAL;
	ret = bind_raw(fd, sizeof(struct vfio_device_bind_iommufd), 0, efd);
	ok &= ret == -EBADFD && get_info(fd) == -EINVAL;
	close(efd);
	cdev_result(ok, "cdev",
		    "bind with flags, fd -1, short argsz EINVAL; an eventfd EBADFD; still unbound",
		    ret, -EBADFD);
	ret = vd_cdev_bind(fd, iommufd, &devid);
	cdev_result(!ret && !get_info(fd), "cdev", "bind: the device answers",
		    ret, 0);
	ret = vd_cdev_bind(fd, iommufd, &devid);
	cdev_result(ret == -EINVAL, "cdev", "a second bind: EINVAL", ret,
		    -EINVAL);
	/* The IOAS: attach to one that is not there fails, to ours works. */
	ret = vd_ioas_alloc(iommufd, &ioas);
	pt = ioas + 100;
	ret = ret ? ret : vd_cdev_attach(fd, &pt);
	cdev_result(ret == -ENOENT, "cdev", "attach to an IOAS id not allocated: ENOENT",
		    ret, -ENOENT);
	pt = ioas;
	ret = vd_cdev_attach(fd, &pt);
	cdev_result(!ret && pt == ioas, "cdev", "attach to a new IOAS: its id back",
		    ret ? ret : (long)pt, ioas);
	/* Bound: the group is shut out, and so is a second cdev user. */
	ret = group_node(uuid, gnode, sizeof(gnode));
	ret = ret ? ret : try_open(gnode);
	cdev_result(ret == -EBUSY, "cdev", "bound: opening the group EBUSY",
		    ret, -EBUSY);
	fd2 = open(node, O_RDWR | O_CLOEXEC);
	ret = fd2 < 0 ? -errno : vd_cdev_bind(fd2, iommufd, &devid);
	ok = fd2 >= 0 && ret == -EINVAL && get_info(fd2) == -EINVAL;
	cdev_result(ok, "cdev",
		    "bound: a second cdev fd opens, its bind EINVAL (one user), unusable",
		    ret, -EINVAL);
	if (fd2 >= 0)
		close(fd2);
	cdev_result(!get_info(fd), "cdev", "the first user still works",
		    get_info(fd), 0);
	/* The attached IOAS is in use; detached it can go, and attach again. */
	ret = vd_ioas_destroy(iommufd, ioas);
	cdev_result(ret == -EBUSY, "cdev", "destroying the attached IOAS: EBUSY",
		    ret, -EBUSY);
	ret = vd_cdev_detach(fd);
	ret = ret ? ret : vd_ioas_destroy(iommufd, ioas);
	cdev_result(!ret && !get_info(fd), "cdev",
		    "detach, then the IOAS destroyed; the device still answers",
		    ret, 0);
	ret = vd_ioas_alloc(iommufd, &ioas2);
	pt = ioas2;
	ret = ret ? ret : vd_cdev_attach(fd, &pt);
	cdev_result(!ret && pt == ioas2, "cdev", "attach to another IOAS",
		    ret ? ret : (long)pt, ioas2);
	/* Closed (device first), the group opens again. */
	close(fd);
	fd = -1;
	close(iommufd);
	iommufd = -1;
	ret = try_open(gnode);
	cdev_result(!ret, "cdev", "cdev closed: the group opens", ret, 0);
out:
	if (fd >= 0)
		close(fd);
	if (iommufd >= 0)
		close(iommufd);
}

/*
 * A whole user through vd_open_cdev(): events and pixels; a mapping kept
 * after the close keeps the device bound; a new cdev user gets a new
 * device; removing the open mdev asks the user to let go, and the mdev
 * and its cdev are gone once it does.
 */
static void cdev_user(const char *uuid, const char *node)
{
	char gnode[64] = "";
	struct vd_dev d;
	struct pollfd pfd;
	uint32_t val = 1;
	int ret, ret2, n, status;
	uint8_t *m;
	pid_t pid;

	vd_init(&d);
	ret = vd_open_cdev(&d, uuid);
	cdev_result(!ret && d.path == VD_PATH_CDEV && d.group < 0 &&
		    d.iommufd >= 0 && !strcmp(d.node, node), "cdev",
		    "vd_open_cdev: bound, IOAS attached, display irq found",
		    ret, 0);
	if (ret) {
		vd_close(&d);
		return;
	}
	cdev_display(&d, "cdev");
	m = vd_aperture_map(&d, 0, AP_1HEAD, MAP_SHARED);
	vd_close(&d);
	group_node(uuid, gnode, sizeof(gnode));
	ret = try_open(gnode);
	vd_init(&d);
	ret2 = vd_open_cdev(&d, uuid);
	vd_close(&d);
	cdev_result(m != MAP_FAILED && ret == -EBUSY && ret2 == -EINVAL, "cdev",
		    "closed with a mapping kept: still bound (group EBUSY, bind EINVAL)",
		    ret, -EBUSY);
	if (m != MAP_FAILED)
		munmap(m, AP_1HEAD);
	vd_init(&d);
	ret = vd_open_cdev(&d, uuid);
	ret2 = ret ? ret : vd_reg_read(&d, GVT_MPT_PIPECONF(0), 4, &val);
	cdev_result(!ret2 && !val, "cdev",
		    "unmapped, reopened through the cdev: a new user (PIPECONF 0)",
		    ret2 ? ret2 : (long)val, 0);
	ret = ret ? ret : vd_attach(&d);
	cdev_result(!ret && !prime(&d), "cdev", "the new user gets events",
		    ret, 0);
	/* Remove the open mdev: the request irq, then it is gone. */
	ret = vd_req_attach(&d);
	pid = remove_in_child(&d, uuid);
	pfd = (struct pollfd){ .fd = d.req_efd, .events = POLLIN };
	n = poll(&pfd, 1, 5000);
	cdev_result(!ret && n == 1 && efd_read(d.req_efd) >= 1, "cdev",
		    "removing the open mdev signals the request eventfd", n, 1);
	vd_close(&d);
	status = child_status(pid);
	cdev_result(status == 0 && access(node, F_OK) && errno == ENOENT &&
		    access("/sys/bus/mdev/devices/" CDEV_UUID, F_OK),
		    "cdev", "the user let go: the mdev and its cdev are gone",
		    status, 0);
}

/* Does /proc/devices list a char device major named @name? */
static int proc_devices_has(const char *name)
{
	FILE *f = fopen("/proc/devices", "r");
	char line[128], n[64];
	int found = 0, blk = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Block", 5))
			blk = 1;
		found = !blk && sscanf(line, "%*d %63s", n) == 1 &&
			!strcmp(n, name);
	}
	fclose(f);
	return found;
}

/*
 * @want: "y" when the runner found CONFIG_VFIO_DEVICE_CDEV=y in the
 * kernel's config (the cdev must be there), "n" when not (it must not),
 * else unknown.  Without a cdev the group path is still tested.
 */
static void test_cdev(const char *want)
{
	const char *uuid = CDEV_UUID;
	char node[64];
	int have, ret;

	/*
	 * The kernel has the cdev when it has the char major of its nodes
	 * (vfio_cdev_init()); /dev/vfio/devices exists only while a VFIO
	 * device does.
	 */
	have = proc_devices_has("vfio-dev");
	if (vd_mdev_create(1, uuid)) {
		vm_result(0, "cdev: %s (%ld %ld)", "create the mdev", errno, 0);
		return;
	}
	ret = vd_cdev_node(uuid, node, sizeof(node));
	cdev_result(have ? !ret : ret == -ENODEV, have ? "cdev" : "no cdev",
		    have ? "the mdev's node is /dev/vfio/devices/vfioN, char dev of sysfs" :
			   "vd_cdev_node: ENODEV, no /dev/vfio/devices",
		    ret, have ? 0 : -ENODEV);
	if (!strcmp(want, "y") || !strcmp(want, "n"))
		cdev_result(have == (want[0] == 'y'), "config",
			    "CONFIG_VFIO_DEVICE_CDEV=y exactly when the kernel has vfio-dev char devices",
			    have, want[0] == 'y');
	cdev_group(uuid, have && !ret ? node : NULL);
	if (!have) {
		struct vd_dev d;

		vd_init(&d);
		ret = vd_open_cdev(&d, uuid);
		vd_close(&d);
		cdev_result(ret == -ENODEV, "no cdev", "vd_open_cdev: ENODEV",
			    ret, -ENODEV);
		/*
		 * For the host's summary (tests/vm/vmrun.sh vm_report); not
		 * when the cdev was due (that failed above).
		 */
		if (strcmp(want, "y"))
			printf("VMSKIP cdev: no /dev/vfio/devices: kernel built without VFIO_DEVICE_CDEV (no vfio-dev in /proc/devices); the group path was tested\n");
		ret = vd_mdev_remove(uuid);
		cdev_result(!ret && access("/sys/bus/mdev/devices/" CDEV_UUID, F_OK),
			    "group", "the mdev is removed", ret, 0);
		return;
	}
	if (ret) {
		vd_mdev_remove(uuid);
		return;
	}
	cdev_rules(uuid, node);
	cdev_user(uuid, node);
}

struct racer {
	struct vd_dev *d;
	volatile int stop;
	uint64_t reads;
};

static void *consumer(void *arg)
{
	struct racer *r = arg;
	uint64_t c;

	while (!r->stop) {
		int fd = r->d->efd[0];

		if (fd >= 0 && read(fd, &c, sizeof(c)) == sizeof(c))
			r->reads++;
		vd_mask(r->d, 1, 0, r->d->nr_sources, NULL);
		usleep(500);
	}
	return NULL;
}

/* Lines of gvt_mpt's debugfs vGPU list: live vGPU objects. */
static int live_vgpus(void)
{
	FILE *f = fopen("/sys/kernel/debug/gvt_mpt/vgpus", "r");
	char line[512];
	int n = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n;
}

static void test_teardown(int cycles)
{
	const char *uuid = "6d7a0000-0000-4000-8000-000000000102";
	long slab0;
	int i, bad = 0, fds0 = vm_open_fds();

	vm_write_file("/sys/module/gvt_mpt/parameters/vblank_period_us", "1000");
	/* Measured from a warm state: see vm_leak_check(). */
	slab0 = -1;
	cycles += TEARDOWN_WARMUP;
	for (i = 0; i < cycles && !bad; i++) {
		if (i == TEARDOWN_WARMUP)
			slab0 = vm_slab_kmalloc();
		struct racer r = { 0 };
		struct vd_dev d;
		pthread_t th;
		int32_t fds[GVT_MPT_MAX_SOURCES];
		int32_t none = -1;
		uint32_t s;
		int efd;
		uint8_t *m;

		vd_init(&d);
		if (vd_mdev_create(i % 2 ? 3 : 1, uuid) || vd_open(&d, uuid)) {
			bad = 1;
			break;
		}
		vd_attach(&d);
		/* Display memory drawn into, mapped until after the close. */
		m = vd_aperture_map(&d, (uint64_t)(i % 8) * PG, 2 * PG,
				    MAP_SHARED);
		if (m != MAP_FAILED)
			memset(m, i, 2 * PG);
		else
			bad = 1;
		vd_reg_write(&d, GVT_MPT_PIPECONF(0), 4, GVT_MPT_PIPECONF_ENABLE);
		vd_reg_write(&d, GVT_MPT_PLANE_CTL(0), 4, GVT_MPT_PLANE_CTL_ENABLE);
		r.d = &d;
		pthread_create(&th, NULL, consumer, &r);
		usleep((unsigned int)(rand() % 3000));
		switch (i % 4) {
		case 0:	/* TRIGGER fd -1 on source 0 while vblanks fire */
			bad |= vd_set_trigger_fds(&d, 0, 1, &none) != 0;
			break;
		case 1:	/* DATA_NONE count 0, then one eventfd for all, close it */
			bad |= vd_detach(&d) != 0;
			efd = eventfd(0, EFD_NONBLOCK);
			for (s = 0; s < d.nr_sources; s++)
				fds[s] = efd;
			bad |= vd_set_trigger_fds(&d, 0, d.nr_sources, fds) != 0;
			close(efd);	/* the kernel still holds its ctxs */
			break;
		default: /* close the device with the eventfd attached */
			break;
		}
		usleep((unsigned int)(rand() % 2000));
		r.stop = 1;
		pthread_join(th, NULL);
		vd_close(&d);
		/* The mapping held the device: it is closed now. */
		if (m != MAP_FAILED)
			munmap(m, 2 * PG);
		if (vd_mdev_remove(uuid))
			bad = 1;
	}
	vm_write_file("/sys/module/gvt_mpt/parameters/vblank_period_us", "0");
	vm_result(!bad && i == cycles,
	       "teardown: %s (%ld of %ld cycles, warm-up included)",
	       "eventfd/device/mdev races", i, cycles);
	vm_leak_check(slab0, cycles - TEARDOWN_WARMUP, live_vgpus(), fds0);
	vm_result(vm_mem_pages() == 0, "teardown: %s (%ld, want %ld)",
		  "no display memory page left", vm_mem_pages(), 0);
}

int main(int argc, char **argv)
{
	int i;

	srand(1);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "badinput"))
			test_badinput();
		else if (!strcmp(argv[i], "caps"))
			test_caps();
		else if (!strcmp(argv[i], "transport"))
			test_transport();
		else if (!strcmp(argv[i], "user"))
			test_user();
		else if (!strcmp(argv[i], "request"))
			test_request();
		else if (!strcmp(argv[i], "cadence"))
			test_cadence();
		else if (!strcmp(argv[i], "idle"))
			test_idle();
		else if (!strcmp(argv[i], "aperture"))
			test_aperture();
		else if (!strcmp(argv[i], "planes"))
			test_planes();
		else if (!strcmp(argv[i], "tracking"))
			test_tracking();
		else if (!strcmp(argv[i], "trackevents"))
			test_trackevents();
		else if (!strcmp(argv[i], "damage"))
			test_damage();
		else if (!strcmp(argv[i], "snapshot") && i + 1 < argc)
			vm_snapshot_check(argv[++i]);
		else if (!strcmp(argv[i], "memory"))
			test_memory();
		else if (!strcmp(argv[i], "cdev"))
			test_cdev(i + 1 < argc ? argv[++i] : "");
		else if (!strcmp(argv[i], "teardown"))
			test_teardown(i + 1 < argc ? vm_arg_int(argv[++i]) : 200);
	}
	printf("kvmgt_test: %d passed, %d failed\n", vm_passed, vm_failed);
	return vm_failed != 0;
}
