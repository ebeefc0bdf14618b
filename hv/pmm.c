// SPDX-License-Identifier: MIT
/* Bitmap physical page allocator (see pmm.h). */
#include "hv/pmm.h"

#include "hv/panic.h"

#define BITS 64

static void set_range(struct pmm *pmm, uint64_t first, uint64_t count, int used)
{
	for (uint64_t p = first; p < first + count && p < pmm->pages; p++) {
		uint64_t mask = 1ULL << (p % BITS);
		int was_used = !!(pmm->bitmap[p / BITS] & mask);

		if (used && !was_used) {
			pmm->bitmap[p / BITS] |= mask;
			pmm->free_pages--;
		} else if (!used && was_used) {
			pmm->bitmap[p / BITS] &= ~mask;
			pmm->free_pages++;
		}
	}
}

static uint64_t usable_end(const struct boot_mem_region *r, unsigned n)
{
	uint64_t end = 0;

	for (unsigned i = 0; i < n; i++)
		if (r[i].type == BOOT_MEM_USABLE && r[i].base + r[i].length > end)
			end = r[i].base + r[i].length;
	return end;
}

size_t pmm_bitmap_bytes(const struct boot_mem_region *regions, unsigned n)
{
	uint64_t pages = usable_end(regions, n) / PMM_PAGE_SIZE;

	return (size_t)((pages + BITS - 1) / BITS * sizeof(uint64_t));
}

uint64_t pmm_bitmap_home(const struct boot_mem_region *regions, unsigned n,
			 size_t bytes)
{
	for (unsigned i = 0; i < n; i++) {
		const struct boot_mem_region *r = &regions[i];
		uint64_t base = (r->base + PMM_PAGE_SIZE - 1) & ~(PMM_PAGE_SIZE - 1);
		uint64_t end = (r->base + r->length) & ~(PMM_PAGE_SIZE - 1);

		if (r->type != BOOT_MEM_USABLE)
			continue;
		if (base < PMM_LOW_RESERVED)
			base = PMM_LOW_RESERVED;
		if (base < end && end - base >= bytes)
			return base;
	}
	return 0;
}

void pmm_init(struct pmm *pmm, const struct boot_mem_region *regions,
	      unsigned n, uint64_t *bitmap, uint64_t bitmap_phys)
{
	size_t bytes = pmm_bitmap_bytes(regions, n);

	pmm->bitmap = bitmap;
	pmm->pages = usable_end(regions, n) / PMM_PAGE_SIZE;
	pmm->free_pages = 0;
	pmm->usable_pages = 0;
	pmm->hint = 0;
	for (size_t i = 0; i < bytes / sizeof(uint64_t); i++)
		bitmap[i] = ~0ULL;

	for (unsigned i = 0; i < n; i++) {
		const struct boot_mem_region *r = &regions[i];
		/* Only whole pages inside the region are usable. */
		uint64_t first = (r->base + PMM_PAGE_SIZE - 1) / PMM_PAGE_SIZE;
		uint64_t end = (r->base + r->length) / PMM_PAGE_SIZE;

		if (r->type != BOOT_MEM_USABLE || end <= first)
			continue;
		set_range(pmm, first, end - first, 0);
		pmm->usable_pages += end - first;
	}
	set_range(pmm, 0, PMM_LOW_RESERVED / PMM_PAGE_SIZE, 1);
	set_range(pmm, bitmap_phys / PMM_PAGE_SIZE,
		  (bytes + PMM_PAGE_SIZE - 1) / PMM_PAGE_SIZE, 1);
}

int pmm_is_free(const struct pmm *pmm, uint64_t phys)
{
	uint64_t p = phys / PMM_PAGE_SIZE;

	return p < pmm->pages && !(pmm->bitmap[p / BITS] & (1ULL << (p % BITS)));
}

static uint64_t find_run(struct pmm *pmm, uint64_t from, uint64_t to,
			 uint64_t count, uint64_t step)
{
	uint64_t p = (from + step - 1) / step * step;

	while (p + count <= to) {
		uint64_t i;

		for (i = 0; i < count; i++)
			if (!pmm_is_free(pmm, (p + i) * PMM_PAGE_SIZE))
				break;
		if (i == count)
			return p;
		/* Skip past the used page, to the next aligned start. */
		p = (p + i + step) / step * step;
	}
	return UINT64_MAX;
}

uint64_t pmm_alloc(struct pmm *pmm, uint64_t count, uint64_t align)
{
	uint64_t step, p;

	if (!count || align < PMM_PAGE_SIZE || (align & (align - 1)) ||
	    count > pmm->free_pages)
		return 0;
	step = align / PMM_PAGE_SIZE;
	p = find_run(pmm, pmm->hint, pmm->pages, count, step);
	if (p == UINT64_MAX)
		p = find_run(pmm, 0, pmm->pages, count, step);
	if (p == UINT64_MAX)
		return 0;
	set_range(pmm, p, count, 1);
	pmm->hint = p + count;
	return p * PMM_PAGE_SIZE;
}

void pmm_free(struct pmm *pmm, uint64_t phys, uint64_t count)
{
	uint64_t first = phys / PMM_PAGE_SIZE;

	BUG_ON(phys & (PMM_PAGE_SIZE - 1));
	for (uint64_t p = first; p < first + count; p++)
		BUG_ON(pmm_is_free(pmm, p * PMM_PAGE_SIZE) || p >= pmm->pages);
	set_range(pmm, first, count, 0);
}
