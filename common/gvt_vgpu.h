/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-side vGPU objects of gvt_mpt.ko: the locked wrapper around the pure
 * display core and the vblank engine, used by the hypervisor backends.
 */
#ifndef GVT_MPT_VGPU_H
#define GVT_MPT_VGPU_H

#include <linux/types.h>

#include "../mpt/mpt.h"

struct gvt_vgpu;
struct vm_area_struct;
struct address_space;
struct gvt_plane_info;
struct gvt_mpt_damage;

struct gvt_vgpu *gvt_vgpu_create(const struct gvt_mpt_ops *ops, void *handle,
				 u32 nr_pipes);
void gvt_vgpu_destroy(struct gvt_vgpu *vgpu);
u32 gvt_vgpu_nr_sources(struct gvt_vgpu *vgpu);
int gvt_vgpu_source(struct gvt_vgpu *vgpu, u32 src, u32 *pipe,
		    u32 *drm_plane_type);
int gvt_vgpu_mmio_read(struct gvt_vgpu *vgpu, u64 offset, u32 size, u32 *val);
int gvt_vgpu_mmio_write(struct gvt_vgpu *vgpu, u64 offset, u32 size, u32 val);
int gvt_vgpu_mmio_guest_read(struct gvt_vgpu *vgpu, u64 offset, u32 size,
			     u64 *val);
int gvt_vgpu_mmio_guest_write(struct gvt_vgpu *vgpu, u64 offset, u32 size,
			      u64 val);
int gvt_vgpu_plane_info(struct gvt_vgpu *vgpu, u32 pipe, u32 plane,
			struct gvt_plane_info *info);
int gvt_vgpu_take_damage(struct gvt_vgpu *vgpu, u32 src,
			 struct gvt_mpt_damage *out);
void gvt_vgpu_damage_full(struct gvt_vgpu *vgpu, u32 src);
u32 gvt_vgpu_refresh_mode(struct gvt_vgpu *vgpu, u32 *n);
int gvt_vgpu_mask(struct gvt_vgpu *vgpu, bool unmask, u32 start, u32 count,
		  const u8 *bools);
void gvt_vgpu_reset(struct gvt_vgpu *vgpu);
void gvt_vgpu_power_on(struct gvt_vgpu *vgpu);

/* Display memory (common/gvt_mem.c): the aperture the guest draws into. */
u64 gvt_vgpu_mem_size(struct gvt_vgpu *vgpu);
unsigned long gvt_vgpu_mem_pages(struct gvt_vgpu *vgpu);
int gvt_vgpu_mem_read(struct gvt_vgpu *vgpu, u64 offset, void *buf,
		      size_t len);
ssize_t gvt_vgpu_mem_rw_user(struct gvt_vgpu *vgpu, u64 offset,
			     void __user *ubuf, size_t len, bool write);
struct address_space *gvt_mem_file_mapping(void);

/* Most runs of written pages one harvest reports (gvt_vgpu_mem_harvest()). */
#define GVT_MEM_MAX_RUNS	16

/**
 * struct gvt_mem_runs - where a harvest found written pages
 * @nr: runs filled in @run, 0..GVT_MEM_MAX_RUNS
 * @run: page ranges in the harvested range, in ascending order, as page
 *	indexes from its first page, @first..@last inclusive; every written
 *	page lies in one, and a run covers only written pages unless there
 *	were more than GVT_MEM_MAX_RUNS runs: then the last one also spans
 *	the gaps between the rest
 */
struct gvt_mem_runs {
	unsigned int nr;
	struct {
		unsigned long first;
		unsigned long last;
	} run[GVT_MEM_MAX_RUNS];
};

long gvt_vgpu_mem_harvest(struct gvt_vgpu *vgpu, u64 offset, u64 len,
			  struct gvt_mem_runs *runs);
int gvt_vgpu_mem_mmap(struct gvt_vgpu *vgpu, struct vm_area_struct *vma,
		      u64 offset);

#endif /* GVT_MPT_VGPU_H */
