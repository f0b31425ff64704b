// SPDX-License-Identifier: GPL-2.0
/*
 * gvt_mpt.ko: display memory (the aperture) of each vGPU, one mechanism for
 * both backends: kvmgt exposes it as BAR2 of the VFIO device, xengt through
 * an mmap of /dev/mpt_xengt.
 *
 * A store is a sparse set of pages (an xarray, index = page of the
 * aperture): a page is allocated, zeroed, the first time it is touched
 * (a fault of a user mapping, a write, or a read from userspace); a page
 * never touched reads as zero and costs nothing, so hundreds of idle vGPUs
 * commit no memory.  Each new user of a vGPU gets a new, empty store
 * (gvt_aperture_new_user()); the old store's pages are freed once nothing
 * refers to it any more.  Pages of one store are never moved to another:
 * nothing of one user can reach the next.
 *
 * Lifetime and locking:
 *  - ap->lock (spinlock, irq-safe: debugfs "mem" takes it under
 *    gvt_mpt's gvt_list_lock, which the vblank hrtimer takes in hard irq)
 *    protects ap->store.  Whoever needs the store
 *    takes a reference under it and uses the store without the lock.
 *  - A store is refcounted (st->ref): one reference from its vGPU while it
 *    is ap->store, one per VMA that maps it (taken at mmap and by
 *    vm_ops->open on fork/split, dropped by vm_ops->close), one per read or
 *    write in flight.  The last put frees its pages and the store.
 *  - st->pages has its own lock (the xarray's).  A page is inserted once
 *    (xa_cmpxchg: the loser of a race frees its page) and removed only when
 *    the store is freed, so a page found in a store stays valid while the
 *    finder holds a reference on the store.
 *  - st->dead (READ_ONCE/WRITE_ONCE) is set when the store stops being its
 *    vGPU's (new user, vGPU destroyed): a mapping made by an earlier user
 *    then gets SIGBUS for any page that user never touched; the pages the
 *    store has still show what that user drew (they are that store's,
 *    never the new user's) until it unmaps them.  With VFIO this cannot
 *    even happen: a mapping holds the device file, so the device is not
 *    closed, and no new user opens it, while a mapping exists.
 *  - st->nr_pages and gvt_mem_total (atomic) count the pages allocated,
 *    for debugfs.
 *
 * Write tracking (gvt_mem_store_harvest()), as fbdev's deferred I/O does
 * it: every mapping is write-notified (vm_ops->page_mkwrite), so a page's
 * PTEs start read-only and the first write through a mapping faults.  The
 * fault marks the page GVT_MEM_WRITTEN in st->pages and lets the write
 * through; a harvest of a range takes the marks and write-protects those
 * pages again (folio_mkclean(), through the rmap: a page a mapping faulted
 * in is a file page of that mapping's file, page->mapping and page->index
 * set at fault, cleared before the page is freed), so the next write
 * faults and marks again.  A write through pwrite marks the page too.
 *  - The page lock orders a harvest against a write fault: page_mkwrite
 *    marks the page under it and keeps it until the PTE is writable; a
 *    harvest clears the mark and re-protects under it.  So a write is
 *    either seen by the harvest that re-protects its page, or it faults
 *    after and marks the page for the next one.
 *  - Only the first write to a page between two harvests faults; a page no
 *    harvest covers (a back buffer) faults once per mapping and never again.
 *  - Re-protecting needs the page to be a file page of the mapping's file,
 *    and the fault path then marks it dirty through the file's a_ops: only
 *    a file whose mapping has a dirty_folio op can carry it.  A VFIO
 *    device file's anon inode has one; a device node's inode has not, so
 *    a backend with a device node (xengt) points its files' f_mapping at
 *    gvt_mem_file_mapping(), an anon inode of gvt_mpt's own.  Elsewhere a
 *    harvest would see a page written once, then never again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/pagemap.h>
#include <linux/pseudo_fs.h>
#include <linux/rmap.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "gvt_compat.h"
#include "gvt_mem.h"
#include "gvt_vgpu.h"

/**
 * struct gvt_mem_store - the pages of one user of one vGPU's aperture
 * @ref: references: the vGPU (while current), each VMA, each access
 * @pages: page index -> struct page *; the xarray's own lock
 * @nr_pages: pages allocated in @pages
 * @size_pages: size of the aperture in pages; fixed
 * @owner: the vGPU whose current store this is, NULL once it is not
 *	(gvt_mem_owner_lock)
 * @base: the file page offset (vm_pgoff, page->index) of aperture page 0
 *	in this store's mappings; fixed, disjoint from every other store's
 * @dead: no longer the vGPU's store: faults of old mappings get SIGBUS
 *
 * The xarray's mark GVT_MEM_WRITTEN says a page was written since its last
 * harvest (see "Write tracking" above).
 */
struct gvt_mem_store {
	struct kref ref;
	struct xarray pages;
	atomic_long_t nr_pages;
	pgoff_t size_pages;
	pgoff_t base;
	bool dead;
	struct gvt_vgpu *owner;
};

/*
 * Protects st->owner: set while the store is its vGPU's, cleared (under
 * this lock) when it stops being so, before the vGPU can go; a write
 * fault tells the owner under it (gvt_vgpu_track_kick() takes the vGPU
 * lock, then gvt_arm_lock, inside it).  Irq-safe; never taken inside
 * another lock of this module.
 */
static DEFINE_SPINLOCK(gvt_mem_owner_lock);
/*
 * Store bases: above anything else that maps through the same address
 * space (6.1's VFIO files share the system-wide anon inode with KVM's
 * vcpu pages, perf and BPF maps at small offsets), 2^GVT_MEM_BASE_SHIFT
 * pages (64 MiB: the largest aperture) apart, so that the rmap walk of a
 * harvest visits this store's mappings only.  Bases repeat after 2^26
 * stores, which costs walk time, never correctness.  2^50 pages keeps
 * vm_pgoff << PAGE_SHIFT a positive loff_t.
 */
static_assert(BITS_PER_LONG == 64);	/* Kconfig: 64BIT */
#define GVT_MEM_BASE_FIRST	BIT(50)
#define GVT_MEM_BASE_SHIFT	14
#define GVT_MEM_BASE_IDS	BIT(26)
static atomic_long_t gvt_mem_next_base = ATOMIC_LONG_INIT(0);

/* st->pages mark: written since the last harvest of the page. */
#define GVT_MEM_WRITTEN		XA_MARK_0

/* Write faults taken (page_mkwrite), in every store: for debugfs. */
static atomic_long_t gvt_mem_write_faults = ATOMIC_LONG_INIT(0);
/* Time spent in page_mkwrite (ns), in every store: for debugfs. */
static atomic64_t gvt_mem_mkwrite_ns = ATOMIC64_INIT(0);

/* Pages allocated in every store, including stores only mappings hold. */
static atomic_long_t gvt_mem_total = ATOMIC_LONG_INIT(0);

/* A new, empty store of @ap's size, owned by its vGPU. */
static struct gvt_mem_store *gvt_store_alloc(struct gvt_aperture *ap,
					     gfp_t gfp)
{
	struct gvt_mem_store *st = kzalloc(sizeof(*st), gfp);

	if (!st)
		return NULL;
	st->owner = ap->vgpu;
	kref_init(&st->ref);
	xa_init(&st->pages);
	atomic_long_set(&st->nr_pages, 0);
	st->size_pages = ap->size >> PAGE_SHIFT;
	st->base = GVT_MEM_BASE_FIRST +
		   (((unsigned long)atomic_long_inc_return(&gvt_mem_next_base) %
		     GVT_MEM_BASE_IDS) << GVT_MEM_BASE_SHIFT);
	return st;
}

static void gvt_store_release(struct kref *ref)
{
	struct gvt_mem_store *st = container_of(ref, struct gvt_mem_store, ref);
	unsigned long idx;
	struct page *page;

	xa_for_each(&st->pages, idx, page) {
		xa_erase(&st->pages, idx);
		/*
		 * No mapping is left: the page is no file's any more.  Under
		 * the page lock, as truncation clears it: a late GUP user may
		 * still look at it.
		 */
		lock_page(page);
		page->mapping = NULL;
		unlock_page(page);
		put_page(page);
		atomic_long_dec(&gvt_mem_total);
	}
	xa_destroy(&st->pages);
	kfree(st);
}

/**
 * gvt_mem_store_put() - drop a reference on a store
 * @st: the store
 */
void gvt_mem_store_put(struct gvt_mem_store *st)
{
	kref_put(&st->ref, gvt_store_release);
}

/**
 * gvt_aperture_store_get() - a reference on the current store of @ap
 * @ap: the aperture
 *
 * Context: any; the caller drops it with gvt_mem_store_put().
 * Return: the store.
 */
struct gvt_mem_store *gvt_aperture_store_get(struct gvt_aperture *ap)
{
	struct gvt_mem_store *st;
	unsigned long flags;

	spin_lock_irqsave(&ap->lock, flags);
	st = ap->store;
	kref_get(&st->ref);
	spin_unlock_irqrestore(&ap->lock, flags);
	return st;
}

/*
 * Page @idx (< st->size_pages) of @st: NULL if never touched and !@alloc,
 * else the page (allocated zeroed if needed) or an ERR_PTR.  The caller
 * holds a reference on @st; the page stays valid as long as it does.
 */
static struct page *gvt_store_page(struct gvt_mem_store *st, pgoff_t idx,
				   bool alloc)
{
	struct page *page, *old;

	page = xa_load(&st->pages, idx);
	if (page || !alloc)
		return page;
	page = alloc_page(GFP_HIGHUSER | __GFP_ZERO | __GFP_ACCOUNT);
	if (!page)
		return ERR_PTR(-ENOMEM);
	old = xa_cmpxchg(&st->pages, idx, NULL, page, GFP_KERNEL);
	if (old) {
		/* Lost a race for this index, or no memory for the node. */
		__free_page(page);
		return xa_is_err(old) ? ERR_PTR(xa_err(old)) : old;
	}
	atomic_long_inc(&st->nr_pages);
	atomic_long_inc(&gvt_mem_total);
	return page;
}

/**
 * gvt_aperture_init() - set up the display memory of a new vGPU
 * @ap: the aperture, embedded in the vGPU
 * @size: bytes: a power of two, at least PAGE_SIZE
 * @vgpu: that vGPU
 *
 * No page is allocated.
 *
 * Return: 0, -EINVAL for a bad @size or -ENOMEM.
 */
int gvt_aperture_init(struct gvt_aperture *ap, u64 size,
		      struct gvt_vgpu *vgpu)
{
	if (size < PAGE_SIZE || size & (size - 1))
		return -EINVAL;
	ap->size = size;
	ap->vgpu = vgpu;
	spin_lock_init(&ap->lock);
	ap->store = gvt_store_alloc(ap, GFP_KERNEL);
	return ap->store ? 0 : -ENOMEM;
}

/* Pages of @st were marked written: a harvest the kick causes sees them. */
static void gvt_store_kick(struct gvt_mem_store *st)
{
	unsigned long flags;

	spin_lock_irqsave(&gvt_mem_owner_lock, flags);
	if (st->owner)
		gvt_vgpu_track_kick(st->owner);
	spin_unlock_irqrestore(&gvt_mem_owner_lock, flags);
}

/* @st stops being its vGPU's: no write fault tells the vGPU any more. */
static void gvt_store_disown(struct gvt_mem_store *st)
{
	unsigned long flags;

	spin_lock_irqsave(&gvt_mem_owner_lock, flags);
	st->owner = NULL;
	spin_unlock_irqrestore(&gvt_mem_owner_lock, flags);
}

/*
 * @st (NULL: none) becomes @ap's store; the old one is no longer the
 * vGPU's (dead, disowned) and loses the vGPU's reference.
 */
static void gvt_aperture_replace(struct gvt_aperture *ap,
				 struct gvt_mem_store *st)
{
	struct gvt_mem_store *old;
	unsigned long flags;

	spin_lock_irqsave(&ap->lock, flags);
	old = ap->store;
	ap->store = st;
	WRITE_ONCE(old->dead, true);
	spin_unlock_irqrestore(&ap->lock, flags);
	gvt_store_disown(old);
	gvt_mem_store_put(old);
}

/**
 * gvt_aperture_disown() - the vGPU is going: its write faults stop here
 * @ap: the aperture
 *
 * After this no write fault calls gvt_vgpu_track_kick() for the vGPU (one
 * in progress has returned).  The caller (vGPU destruction) makes sure no
 * new user comes meanwhile.
 */
void gvt_aperture_disown(struct gvt_aperture *ap)
{
	gvt_store_disown(ap->store);
}

/**
 * gvt_aperture_fini() - the vGPU is going: drop its display memory
 * @ap: the aperture
 *
 * The pages are freed now, or when the last mapping of them goes; such a
 * mapping gets SIGBUS for pages its user never touched.
 */
void gvt_aperture_fini(struct gvt_aperture *ap)
{
	gvt_aperture_replace(ap, NULL);
}

/**
 * gvt_aperture_new_user() - empty display memory for a new user
 * @ap: the aperture
 *
 * The vGPU gets a new, empty store (it reads as zero); the old one is
 * freed now, or when the last mapping of it goes, and can no longer fault
 * pages in.  Never fails: the store is a small allocation (__GFP_NOFAIL).
 *
 * Context: process context; may sleep.
 */
void gvt_aperture_new_user(struct gvt_aperture *ap)
{
	gvt_aperture_replace(ap, gvt_store_alloc(ap, GFP_KERNEL |
						      __GFP_NOFAIL));
}

/**
 * gvt_aperture_pages() - pages allocated for the current user of @ap
 * @ap: the aperture
 *
 * Return: the number of pages.
 */
unsigned long gvt_aperture_pages(struct gvt_aperture *ap)
{
	unsigned long flags, n;

	spin_lock_irqsave(&ap->lock, flags);
	n = atomic_long_read(&ap->store->nr_pages);
	spin_unlock_irqrestore(&ap->lock, flags);
	return n;
}

/**
 * gvt_mem_total_pages() - pages allocated for display memory in all
 *
 * Counts the stores of every vGPU and the old stores that mappings still
 * hold.
 *
 * Return: the number of pages.
 */
unsigned long gvt_mem_total_pages(void)
{
	return atomic_long_read(&gvt_mem_total);
}

/* Is [@offset, @offset + @len) inside an aperture of @size bytes? */
static bool gvt_mem_range_ok(u64 size, u64 offset, u64 len)
{
	return offset < size && len <= size - offset;
}

/**
 * gvt_vgpu_mem_size() - size of the display memory of @vgpu
 * @vgpu: the vGPU
 *
 * Return: bytes, fixed for the vGPU's life (GVT_MPT_APERTURE_SIZE() of its
 * heads).
 */
u64 gvt_vgpu_mem_size(struct gvt_vgpu *vgpu)
{
	return gvt_vgpu_aperture(vgpu)->size;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_mem_size);

/**
 * gvt_vgpu_mem_pages() - pages allocated for @vgpu's current user
 * @vgpu: the vGPU
 *
 * Return: the number of pages.
 */
unsigned long gvt_vgpu_mem_pages(struct gvt_vgpu *vgpu)
{
	return gvt_aperture_pages(gvt_vgpu_aperture(vgpu));
}
EXPORT_SYMBOL_GPL(gvt_vgpu_mem_pages);

/**
 * gvt_vgpu_mem_read() - read display memory into a kernel buffer
 * @vgpu: the vGPU
 * @offset: byte offset in the aperture
 * @buf: destination
 * @len: bytes
 *
 * For a host consumer reading a plane.  Pages never touched read as zero
 * and are not allocated.
 *
 * Context: process context (takes a spinlock briefly; does not sleep).
 * Return: 0, or -EINVAL if the range does not lie inside the aperture.
 */
int gvt_vgpu_mem_read(struct gvt_vgpu *vgpu, u64 offset, void *buf,
		      size_t len)
{
	struct gvt_aperture *ap = gvt_vgpu_aperture(vgpu);
	struct gvt_mem_store *st;
	u8 *dst = buf;

	if (!gvt_mem_range_ok(ap->size, offset, len))
		return -EINVAL;
	st = gvt_aperture_store_get(ap);
	while (len) {
		size_t in = offset & ~PAGE_MASK;
		size_t n = min_t(size_t, len, PAGE_SIZE - in);
		struct page *page = gvt_store_page(st, offset >> PAGE_SHIFT,
						   false);

		if (page)
			memcpy_from_page((char *)dst, page, in, n);
		else
			memset(dst, 0, n);
		dst += n;
		offset += n;
		len -= n;
	}
	gvt_mem_store_put(st);
	return 0;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_mem_read);

/**
 * gvt_vgpu_mem_rw_user() - read or write display memory from userspace
 * @vgpu: the vGPU
 * @offset: byte offset in the aperture
 * @ubuf: the user buffer
 * @len: bytes
 * @write: true to write display memory from @ubuf
 *
 * For a backend's pread/pwrite of the aperture.  A write allocates the
 * pages it touches; a read of a page never touched gives zeros and
 * allocates nothing.
 *
 * Context: process context; may sleep.
 * Return: bytes copied (@len, or fewer if the user buffer faulted after
 * some were), -EINVAL if the range does not lie inside the aperture or
 * @len is 0, -EFAULT if nothing could be copied, -ENOMEM, -EINTR.
 */
ssize_t gvt_vgpu_mem_rw_user(struct gvt_vgpu *vgpu, u64 offset,
			     void __user *ubuf, size_t len, bool write)
{
	struct gvt_aperture *ap = gvt_vgpu_aperture(vgpu);
	struct gvt_mem_store *st;
	ssize_t done = 0;
	int ret = 0;

	if (!len || !gvt_mem_range_ok(ap->size, offset, len))
		return -EINVAL;
	st = gvt_aperture_store_get(ap);
	while (len) {
		size_t in = offset & ~PAGE_MASK;
		size_t n = min_t(size_t, len, PAGE_SIZE - in);
		struct page *page = gvt_store_page(st, offset >> PAGE_SHIFT,
						   write);
		unsigned long left;
		void *va;

		if (IS_ERR(page)) {
			ret = PTR_ERR(page);
			break;
		}
		if (!page) {
			left = clear_user(ubuf, n);
		} else {
			va = kmap_local_page(page);
			if (write)
				left = copy_from_user(va + in, ubuf, n);
			else
				left = copy_to_user(ubuf, va + in, n);
			kunmap_local(va);
			if (write && left < n)
				xa_set_mark(&st->pages, offset >> PAGE_SHIFT,
					    GVT_MEM_WRITTEN);
		}
		done += n - left;
		if (left) {
			ret = -EFAULT;
			break;
		}
		ubuf += n;
		offset += n;
		len -= n;
		if (len && fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		cond_resched();
	}
	if (write && done)
		gvt_store_kick(st);
	gvt_mem_store_put(st);
	return done ? done : ret;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_mem_rw_user);

static void gvt_mem_vm_open(struct vm_area_struct *vma)
{
	struct gvt_mem_store *st = vma->vm_private_data;

	kref_get(&st->ref);
}

static void gvt_mem_vm_close(struct vm_area_struct *vma)
{
	gvt_mem_store_put(vma->vm_private_data);
}

static bool gvt_mapping_takes_dirty(struct file *file)
{
	struct address_space *mapping = file->f_mapping;

	return mapping && mapping->a_ops && mapping->a_ops->dirty_folio;
}

/* The aperture page of @pgoff in a mapping of @st, or ULONG_MAX. */
static pgoff_t gvt_mem_idx(const struct gvt_mem_store *st, pgoff_t pgoff)
{
	if (pgoff < st->base || pgoff - st->base >= st->size_pages)
		return ULONG_MAX;
	return pgoff - st->base;
}

/*
 * vm_pgoff was set to the store's base plus the aperture page at mmap
 * time.  The page goes to the core with a reference of its own (the
 * mapping's), as a driver-owned page that is not in a page cache.
 */
static vm_fault_t gvt_mem_vm_fault(struct vm_fault *vmf)
{
	struct gvt_mem_store *st = vmf->vma->vm_private_data;
	struct address_space *mapping = vmf->vma->vm_file->f_mapping;
	pgoff_t idx = gvt_mem_idx(st, vmf->pgoff);
	struct page *page;

	if (idx == ULONG_MAX)
		return VM_FAULT_SIGBUS;
	/*
	 * A store that is no longer the vGPU's gives back the pages it still
	 * has (its user's own pixels: after MADV_DONTNEED, in a fork) and
	 * allocates none.
	 */
	page = gvt_store_page(st, idx, !READ_ONCE(st->dead));
	if (!page)
		return VM_FAULT_SIGBUS;
	if (IS_ERR(page))
		return PTR_ERR(page) == -ENOMEM ? VM_FAULT_OOM :
						  VM_FAULT_SIGBUS;
	/*
	 * A file page of the mapping's file, for the rmap walk of a harvest
	 * (gvt_vgpu_mem_mmap() took only files whose mapping can carry one).
	 * Every mapping of a store is of one address space and one base, so
	 * the page is always given the same ones; set under the page lock,
	 * which a harvest reads them under.
	 */
	if (READ_ONCE(page->mapping) != mapping) {
		lock_page(page);
		if (!page->mapping) {
			page->index = vmf->pgoff;
			WRITE_ONCE(page->mapping, mapping);
		}
		unlock_page(page);
	}
	get_page(page);
	vmf->page = page;
	return 0;
}

/*
 * The first write to a page through a mapping since the page's last
 * harvest: mark it written, under the page lock, which the core keeps
 * until the PTE is writable (VM_FAULT_LOCKED).
 */
static vm_fault_t gvt_mem_vm_mkwrite(struct vm_fault *vmf)
{
	struct gvt_mem_store *st = vmf->vma->vm_private_data;
	struct page *page = vmf->page;
	u64 t0 = ktime_get_ns();

	lock_page(page);
	xa_set_mark(&st->pages, gvt_mem_idx(st, vmf->pgoff), GVT_MEM_WRITTEN);
	atomic_long_inc(&gvt_mem_write_faults);
	gvt_store_kick(st);
	atomic64_add(ktime_get_ns() - t0, &gvt_mem_mkwrite_ns);
	return VM_FAULT_LOCKED;
}

static const struct vm_operations_struct gvt_mem_vm_ops = {
	.open = gvt_mem_vm_open,
	.close = gvt_mem_vm_close,
	.fault = gvt_mem_vm_fault,
	.page_mkwrite = gvt_mem_vm_mkwrite,
};

/**
 * gvt_vgpu_mem_mmap() - map display memory of @vgpu into @vma
 * @vgpu: the vGPU
 * @vma: the new mapping, from the backend's mmap
 * @offset: aperture byte offset of @vma's start (the backend strips what
 *	names the region or the vGPU from the file offset)
 *
 * The mapping must be shared (MAP_SHARED of a file open for writing: a
 * private copy of display memory makes no sense) and lie inside the
 * aperture.  Pages are allocated as the mapping faults them in.  The
 * mapping belongs to the vGPU's current user: after a new user or the
 * vGPU's destruction it reaches none of the new pages (see above).
 * Sets VM_DONTEXPAND and VM_DONTDUMP; rewrites vm_pgoff to the store's
 * base plus @offset's page.
 * VM_DONTEXPAND also keeps the new mapping from being merged with a
 * neighbouring one of another store (a merge would skip ->mmap): keep it.
 *
 * Context: mmap (mmap_lock held for writing); may sleep (from 6.3 setting
 * the VMA flags takes the VMA lock), so never under a spinlock.
 *
 * Return: 0, -EINVAL for a private mapping, an unaligned @offset or a
 * range outside the aperture, -ENODEV for a file whose address space
 * cannot carry the pages (no dirty_folio op: a backend bug, see
 * gvt_mem_file_mapping()).
 */
int gvt_vgpu_mem_mmap(struct gvt_vgpu *vgpu, struct vm_area_struct *vma,
		      u64 offset)
{
	struct gvt_aperture *ap = gvt_vgpu_aperture(vgpu);
	u64 len = vma->vm_end - vma->vm_start;
	struct gvt_mem_store *st;

	if (!(vma->vm_flags & VM_SHARED) || offset & ~PAGE_MASK ||
	    !gvt_mem_range_ok(ap->size, offset, len))
		return -EINVAL;
	if (!gvt_mapping_takes_dirty(vma->vm_file))
		return -ENODEV;
	gvt_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	st = gvt_aperture_store_get(ap);
	vma->vm_pgoff = st->base + (offset >> PAGE_SHIFT);
	vma->vm_ops = &gvt_mem_vm_ops;
	vma->vm_private_data = st;
	return 0;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_mem_mmap);

/* Page @i (ascending from call to call) joins @runs. */
static void gvt_mem_runs_add(struct gvt_mem_runs *runs, unsigned long i)
{
	if (runs->nr && (runs->run[runs->nr - 1].last + 1 == i ||
			 runs->nr == GVT_MEM_MAX_RUNS)) {
		runs->run[runs->nr - 1].last = i;
		return;
	}
	runs->run[runs->nr].first = i;
	runs->run[runs->nr].last = i;
	runs->nr++;
}

/**
 * gvt_mem_store_harvest() - take the written marks of a range of pages
 * @st: the store
 * @first: first page index
 * @last: last page index (inclusive)
 * @runs: if not NULL, where the marked pages lie (page indexes from @first)
 *
 * Write-protects the marked pages in every mapping again.
 *
 * Context: process context; may sleep.
 * Return: how many pages were marked.
 */
unsigned long gvt_mem_store_harvest(struct gvt_mem_store *st, pgoff_t first,
				    pgoff_t last, struct gvt_mem_runs *runs)
{
	unsigned long idx = first, n = 0;
	struct page *page;

	for (page = xa_find(&st->pages, &idx, last, GVT_MEM_WRITTEN); page;
	     page = xa_find_after(&st->pages, &idx, last, GVT_MEM_WRITTEN)) {
		lock_page(page);
		xa_clear_mark(&st->pages, idx, GVT_MEM_WRITTEN);
		/* Never mapped: nothing to re-protect (a pwrite marked it). */
		if (page->mapping)
			folio_mkclean(page_folio(page));
		unlock_page(page);
		n++;
		if (runs)
			gvt_mem_runs_add(runs, idx - first);
		cond_resched();
	}
	return n;
}

/**
 * gvt_vgpu_mem_harvest() - pages of a range written since its last harvest
 * @vgpu: the vGPU
 * @offset: byte offset in the aperture
 * @len: bytes
 * @runs: if not NULL, filled in with where the written pages lie, as page
 *	indexes from the range's first page (that of @offset)
 *
 * Counts the pages of the range written (through a mapping or a pwrite)
 * since the last harvest that covered them, and write-protects them again,
 * so that the next write to any of them is seen by the next harvest.  A
 * write that races with the harvest is seen by this one or the next.
 *
 * Context: process context; may sleep (page lock, rmap walk).
 * Return: the number of pages, or -EINVAL if the range does not lie
 * inside the aperture or @len is 0.
 */
long gvt_vgpu_mem_harvest(struct gvt_vgpu *vgpu, u64 offset, u64 len,
			  struct gvt_mem_runs *runs)
{
	struct gvt_aperture *ap = gvt_vgpu_aperture(vgpu);
	struct gvt_mem_store *st;
	unsigned long n;

	if (runs)
		runs->nr = 0;
	if (!len || !gvt_mem_range_ok(ap->size, offset, len))
		return -EINVAL;
	st = gvt_aperture_store_get(ap);
	n = gvt_mem_store_harvest(st, offset >> PAGE_SHIFT,
				  (offset + len - 1) >> PAGE_SHIFT, runs);
	gvt_mem_store_put(st);
	return n;
}
EXPORT_SYMBOL_GPL(gvt_vgpu_mem_harvest);

/**
 * gvt_mem_write_faults_total() - write faults taken on display memory in all
 *
 * Return: the number of page_mkwrite calls since the module loaded.
 */
unsigned long gvt_mem_write_faults_total(void)
{
	return atomic_long_read(&gvt_mem_write_faults);
}

/**
 * gvt_mem_mkwrite_ns_total() - time spent in write faults in all
 *
 * Return: ns spent in page_mkwrite (marking the page, waiting for its lock,
 * telling the vGPU) since the module loaded.
 */
u64 gvt_mem_mkwrite_ns_total(void)
{
	return atomic64_read(&gvt_mem_mkwrite_ns);
}

/* A pseudo filesystem for gvt_mem_file_mapping()'s anon inode. */
#define GVT_MEM_FS_MAGIC	0x67767466	/* "gvtf" */

static int gvt_mem_fs_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, GVT_MEM_FS_MAGIC) ? 0 : -ENOMEM;
}

/*
 * No .owner: the module mounts it for its whole life (a mount holds its
 * type's owner, which would pin gvt_mpt) and releases it at unload.
 */
static struct file_system_type gvt_mem_fs_type = {
	.name = "gvt_mpt_mem",
	.init_fs_context = gvt_mem_fs_init_fs_context,
	.kill_sb = kill_anon_super,
};

/* Set up at module load, gone at unload; no lock: fixed in between. */
static struct vfsmount *gvt_mem_mnt;
static int gvt_mem_mnt_count;
static struct inode *gvt_mem_inode;

/**
 * gvt_mem_fs_init() - the anon inode behind gvt_mem_file_mapping()
 *
 * Return: 0 or -errno.
 */
int gvt_mem_fs_init(void)
{
	int ret;

	ret = simple_pin_fs(&gvt_mem_fs_type, &gvt_mem_mnt, &gvt_mem_mnt_count);
	if (ret)
		return ret;
	gvt_mem_inode = alloc_anon_inode(gvt_mem_mnt->mnt_sb);
	if (IS_ERR(gvt_mem_inode)) {
		ret = PTR_ERR(gvt_mem_inode);
		gvt_mem_inode = NULL;
		simple_release_fs(&gvt_mem_mnt, &gvt_mem_mnt_count);
	}
	return ret;
}

/**
 * gvt_mem_fs_exit() - release what gvt_mem_fs_init() set up
 *
 * Context: module unload: no file of a backend is open (each holds its
 * backend module, which holds gvt_mpt).
 */
void gvt_mem_fs_exit(void)
{
	iput(gvt_mem_inode);
	gvt_mem_inode = NULL;
	simple_release_fs(&gvt_mem_mnt, &gvt_mem_mnt_count);
}

/**
 * gvt_mem_file_mapping() - the address space a backend's files map through
 *
 * A backend whose device file's inode cannot carry display memory pages
 * (a device node: no dirty_folio op) sets its files' f_mapping to this at
 * open, as DRM does with its own anon inode, so that their mappings get
 * write tracking.
 *
 * Return: the address space of gvt_mpt's anon inode.
 */
struct address_space *gvt_mem_file_mapping(void)
{
	return gvt_mem_inode->i_mapping;
}
EXPORT_SYMBOL_GPL(gvt_mem_file_mapping);
