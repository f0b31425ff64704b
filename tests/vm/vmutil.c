// SPDX-License-Identifier: GPL-2.0
/* Small helpers shared by the VM test programs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vmutil.h"

int vm_passed, vm_failed;

void vm_result(int ok, const char *fmt, const char *a, long got, long want)
{
	printf("%s ", ok ? "PASS" : "FAIL");
	printf(fmt, a, got, want);
	printf("\n");
	if (ok)
		vm_passed++;
	else
		vm_failed++;
}

int vm_write_file(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -errno;
	ok = fputs(val, f) >= 0;
	if (fclose(f))
		ok = 0;
	return ok ? 0 : -errno;
}

/*
 * Flush the per-cpu slabs of every kmalloc cache (SLUB's sysfs "shrink"):
 * slabinfo counts the free objects parked on them as active, which made
 * the count jump by a slab's worth of objects from one run to the next.
 */
static void flush_kmalloc_caches(void)
{
	FILE *f = fopen("/proc/slabinfo", "r");
	char line[512], path[128];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "kmalloc-", 8))
			continue;
		line[strcspn(line, " ")] = 0;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%.64s/shrink", line);
		vm_write_file(path, "1");
	}
	fclose(f);
}

/* Per kmalloc cache, active objects at the last two vm_slab_kmalloc(). */
#define VM_SLAB_CACHES	64
static struct slab_count {
	char name[32];
	long now, before;
} vm_slab[VM_SLAB_CACHES];

long vm_slab_kmalloc(void)
{
	FILE *f;
	char line[512];
	long active, total = 0;
	int i = 0;

	flush_kmalloc_caches();
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;

		if (strncmp(line, "kmalloc-", 8))
			continue;
		p += strcspn(p, " ");		/* skip the cache name */
		errno = 0;
		active = strtol(p, &end, 10);	/* active_objs */
		if (errno || end == p)
			continue;
		total += active;
		if (i < VM_SLAB_CACHES) {
			snprintf(vm_slab[i].name, sizeof(vm_slab[i].name), "%.*s",
				 (int)(p - line), line);
			vm_slab[i].before = vm_slab[i].now;
			vm_slab[i++].now = active;
		}
	}
	fclose(f);
	return total;
}

/* The kmalloc caches whose count moved between the last two calls. */
static void vm_slab_moved(void)
{
	int i;

	for (i = 0; i < VM_SLAB_CACHES && vm_slab[i].name[0]; i++)
		if (vm_slab[i].now != vm_slab[i].before)
			printf("teardown: %s %ld -> %ld\n", vm_slab[i].name,
			       vm_slab[i].before, vm_slab[i].now);
}

int vm_open_fds(void)
{
	char path[64];
	int fd, n = 0;

	for (fd = 0; fd < 4096; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n += access(path, F_OK) == 0;
	}
	return n;
}

static int write_u32(const char *path, uint32_t n)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", n);
	return vm_write_file(path, buf);
}

int vm_set_single_fb(uint32_t n)
{
	return write_u32("/sys/module/gvt_mpt/parameters/single_fb_vblanks", n);
}

int vm_advance(uint32_t n)
{
	return write_u32("/sys/kernel/debug/gvt_mpt/advance", n);
}

void vm_leak_check(long slab0, int cycles, int live, int fds0)
{
	long slab1;

	usleep(200000);	/* let RCU-deferred frees land */
	slab1 = vm_slab_kmalloc();
	if (slab1 - slab0 >= cycles / 4) {
		/* Frees left to kworkers (delayed fput, device release). */
		vm_slab_moved();
		sleep(1);
		printf("teardown: %ld kmalloc objects after 0.2 s, again after 1 s more\n",
		       slab1);
		slab1 = vm_slab_kmalloc();
	}
	printf("teardown: kmalloc active objects %ld -> %ld (delta %ld over %d cycles after %d warm-up cycles)\n",
	       slab0, slab1, slab1 - slab0, cycles, TEARDOWN_WARMUP);
	vm_result(live == 0, "teardown: %s (%ld, want %ld)",
		  "no vGPU object left", live, 0);
	vm_result(vm_open_fds() == fds0, "teardown: %s (%ld, want %ld)",
		  "no fd left open", vm_open_fds(), fds0);
	if (slab1 - slab0 >= cycles / 4)
		vm_slab_moved();
	vm_result(slab0 > 0 && slab1 - slab0 < cycles / 4,
		  "teardown: %s (delta %ld, limit %ld)",
		  "kmalloc objects back to the start value", slab1 - slab0,
		  cycles / 4);
}

int vm_arg_int(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 1000000) {
		fprintf(stderr, "bad count '%s'\n", s);
		exit(2);
	}
	return (int)v;
}

/* The number after @key at the start of a line of @path, or -1. */
static long file_value(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	size_t klen = strlen(key);
	char line[256];
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, klen)) {
			v = strtol(line + klen, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

long vm_mem_pages(void)
{
	return file_value("/sys/kernel/debug/gvt_mpt/mem", "allocated_pages ");
}

long vm_mem_available_kb(void)
{
	return file_value("/proc/meminfo", "MemAvailable:");
}

void vm_idle_memory_result(int n, long pages, long avail0, long avail1)
{
	printf("memory: %d idle 1-head vGPUs (%d MiB of aperture): %ld pages allocated; MemAvailable %ld -> %ld kB (delta %ld kB)\n",
	       n, n * 16, pages, avail0, avail1, avail1 - avail0);
	vm_result(n == 64 && pages == 0, "memory: %s (%ld pages, want %ld)",
		  "64 idle vGPUs allocate no display memory", pages, 0);
}

void vm_touch_memory_result(uint8_t *m, size_t size, long pages0)
{
	long pages;
	int i;

	if (m != MAP_FAILED) {
		for (i = 0; i < 100; i++)
			m[(size_t)i * 37 * 4096] = 1;
		munmap(m, size);
	}
	pages = vm_mem_pages() - pages0;
	printf("memory: after touching 100 pages of one vGPU: %ld pages allocated\n",
	       pages);
	vm_result(m != MAP_FAILED && pages == 100,
		  "memory: %s (%ld, want %ld)",
		  "100 pages touched, 100 pages allocated", pages, 100);
}
