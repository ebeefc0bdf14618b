/* SPDX-License-Identifier: MIT */
/*
 * Physical page allocator: one bit per 4 KiB page from 0 to the end of the
 * highest usable region. Fed by the memory map in struct boot_info; hands
 * out runs of contiguous pages at a requested alignment (guest RAM wants
 * 2 MiB alignment so EPT can use large pages). It never touches the pages
 * it manages, so the host unit tests run it on made-up maps.
 */
#ifndef HV_PMM_H
#define HV_PMM_H

#include <stddef.h>
#include <stdint.h>

#include "boot_info.h"

#define PMM_PAGE_SIZE	4096ULL
/* Below 1 MiB stays untouched: real-mode trampolines and firmware quirks. */
#define PMM_LOW_RESERVED (1ULL << 20)

struct pmm {
	uint64_t *bitmap;	/* bit set = page not free */
	uint64_t pages;		/* pages covered by the bitmap */
	uint64_t free_pages;
	uint64_t usable_pages;	/* as the memory map reported */
	uint64_t hint;		/* where the next search starts */
};

/* Bytes of bitmap needed for @regions. */
size_t pmm_bitmap_bytes(const struct boot_mem_region *regions, unsigned n);

/*
 * A physical address for the bitmap itself: the start of the first usable
 * region above PMM_LOW_RESERVED that can hold @bytes. 0 if none.
 */
uint64_t pmm_bitmap_home(const struct boot_mem_region *regions, unsigned n,
			 size_t bytes);

/*
 * Build the allocator: every page is taken, then usable regions are freed,
 * then the low megabyte and the bitmap's own pages are taken again.
 * @bitmap is where the bitmap is written, @bitmap_phys where it lives.
 */
void pmm_init(struct pmm *pmm, const struct boot_mem_region *regions,
	      unsigned n, uint64_t *bitmap, uint64_t bitmap_phys);

/*
 * @count contiguous free pages whose first address is a multiple of
 * @align (a power of two, at least 4 KiB). Returns the physical address,
 * or 0 when no such run exists.
 */
uint64_t pmm_alloc(struct pmm *pmm, uint64_t count, uint64_t align);

/* Give back pages from pmm_alloc(). Freeing a free page is a bug. */
void pmm_free(struct pmm *pmm, uint64_t phys, uint64_t count);

int pmm_is_free(const struct pmm *pmm, uint64_t phys);

/* The hypervisor's allocator, zeroing what it returns. */
extern struct pmm hv_pmm;
void hv_pmm_init(const struct boot_info *bi);
void *alloc_pages_zeroed(uint64_t count, uint64_t align, uint64_t *phys);

#endif
