// SPDX-License-Identifier: MIT
/*
 * The hypervisor's physical memory: the allocator instance fed from the
 * boot memory map. Physical memory is identity-mapped (arch_mm_init), so a
 * physical address is also a pointer.
 */
#include "hv/lib/string.h"
#include "hv/panic.h"
#include "hv/pmm.h"
#include "hv/printk.h"

struct pmm hv_pmm;

void hv_pmm_init(const struct boot_info *bi)
{
	size_t bytes = pmm_bitmap_bytes(bi->mem, bi->mem_region_count);
	uint64_t home = pmm_bitmap_home(bi->mem, bi->mem_region_count, bytes);

	if (!home)
		panic("no usable memory for the page allocator's %zu-byte bitmap",
		      bytes);
	pmm_init(&hv_pmm, bi->mem, bi->mem_region_count, (uint64_t *)home, home);
}

void *alloc_pages_zeroed(uint64_t count, uint64_t align, uint64_t *phys)
{
	uint64_t p = pmm_alloc(&hv_pmm, count, align);

	if (!p)
		return NULL;
	memset((void *)p, 0, count * PMM_PAGE_SIZE);
	if (phys)
		*phys = p;
	return (void *)p;
}
