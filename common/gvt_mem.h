/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Display memory of a vGPU (its aperture), internal to gvt_mpt.ko: the
 * vGPU object embeds a struct gvt_aperture; the backends use the
 * gvt_vgpu_mem_*() functions of gvt_vgpu.h.
 */
#ifndef GVT_MPT_MEM_H
#define GVT_MPT_MEM_H

#include <linux/spinlock.h>
#include <linux/types.h>

struct gvt_mem_store;
struct gvt_vgpu;

/**
 * struct gvt_aperture - the display memory of one vGPU
 * @size: bytes, a power of two and a multiple of PAGE_SIZE; fixed at init
 * @lock: protects @store
 * @store: the pages the vGPU's current user sees; replaced by an empty
 *	store for each new user (gvt_aperture_new_user())
 * @vgpu: the vGPU it belongs to, told of write faults of its current store
 *	(gvt_vgpu_track_kick()); fixed at init
 */
struct gvt_aperture {
	u64 size;
	struct gvt_vgpu *vgpu;
	spinlock_t lock;	/* protects store */
	struct gvt_mem_store *store;
};

int gvt_aperture_init(struct gvt_aperture *ap, u64 size,
		      struct gvt_vgpu *vgpu);
void gvt_aperture_fini(struct gvt_aperture *ap);
void gvt_aperture_disown(struct gvt_aperture *ap);
void gvt_aperture_new_user(struct gvt_aperture *ap);
unsigned long gvt_aperture_pages(struct gvt_aperture *ap);
unsigned long gvt_mem_total_pages(void);
unsigned long gvt_mem_write_faults_total(void);
u64 gvt_mem_mkwrite_ns_total(void);
int gvt_mem_fs_init(void);
void gvt_mem_fs_exit(void);
struct gvt_mem_runs;
struct gvt_mem_store *gvt_aperture_store_get(struct gvt_aperture *ap);
void gvt_mem_store_put(struct gvt_mem_store *st);
unsigned long gvt_mem_store_harvest(struct gvt_mem_store *st, pgoff_t first,
				    pgoff_t last, struct gvt_mem_runs *runs);
/* In gvt_main.c: a write fault in the current store of @vgpu's aperture. */
void gvt_vgpu_track_kick(struct gvt_vgpu *vgpu);
/* In gvt_main.c: the aperture of @vgpu. */
struct gvt_aperture *gvt_vgpu_aperture(struct gvt_vgpu *vgpu);

#endif /* GVT_MPT_MEM_H */
