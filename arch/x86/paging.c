// SPDX-License-Identifier: MIT
/* 4-level page-table builder (see paging.h). */
#include "arch/x86/paging.h"

#include <stddef.h>

/* Intermediate entries allow everything; the leaf decides (SDM 4.6). */
const struct pt_format pt_format_x86 = {
	.present_mask = PTE_P,
	.table_flags = PTE_P | PTE_W,
	.leaf_flags = PTE_P,
};

static const struct pt_format *fmt(const struct pt_ops *ops)
{
	return ops->format ? ops->format : &pt_format_x86;
}

static unsigned int pt_index(uint64_t va, int level)
{
	return (va >> (12 + 9 * (level - 1))) & 511;
}

static uint64_t *table(const struct pt_ops *ops, uint64_t phys)
{
	return ops->phys_to_virt(ops->ctx, phys);
}

uint64_t pt_create(const struct pt_ops *ops)
{
	uint64_t phys = 0;

	if (!ops->alloc_page(ops->ctx, &phys))
		return 0;
	return phys;
}

/* The table at @level - 1 under entry @e, made if absent; NULL on failure. */
static uint64_t *next_table(const struct pt_ops *ops, uint64_t *e)
{
	uint64_t phys;

	if (*e & fmt(ops)->present_mask) {
		if (*e & PTE_PS)
			return NULL;	/* a large page is already there */
		return table(ops, *e & PTE_ADDR_MASK);
	}
	if (!ops->alloc_page(ops->ctx, &phys))
		return NULL;
	*e = phys | fmt(ops)->table_flags;
	return table(ops, phys);
}

int pt_map(const struct pt_ops *ops, uint64_t root, uint64_t va, uint64_t pa,
	   uint64_t size, uint64_t flags, unsigned int map_flags)
{
	if ((va | pa | size) & (PAGE_SIZE - 1))
		return -1;
	flags = (flags & ~PTE_ADDR_MASK) | fmt(ops)->leaf_flags;

	while (size) {
		int big = (map_flags & PT_MAP_ALLOW_2M) &&
			  !((va | pa) & (PAGE_SIZE_2M - 1)) &&
			  size >= PAGE_SIZE_2M;
		uint64_t *t = table(ops, root);
		int level;

		for (level = 4; level > (big ? 2 : 1); level--) {
			t = next_table(ops, &t[pt_index(va, level)]);
			if (!t)
				return -1;
		}
		uint64_t *e = &t[pt_index(va, level)];

		if (*e & fmt(ops)->present_mask)
			return -1;
		*e = pa | flags | (big ? PTE_PS : 0);

		uint64_t step = big ? PAGE_SIZE_2M : PAGE_SIZE;
		va += step;
		pa += step;
		size -= step;
	}
	return 0;
}

int pt_translate(const struct pt_ops *ops, uint64_t root, uint64_t va,
		 uint64_t *pa, uint64_t *flags)
{
	uint64_t *t = table(ops, root);

	for (int level = 4; level >= 1; level--) {
		uint64_t e = t[pt_index(va, level)];
		uint64_t span = 1ULL << (12 + 9 * (level - 1));

		if (!(e & fmt(ops)->present_mask))
			return -1;
		if (level == 1 || ((e & PTE_PS) && level <= 3)) {
			*pa = (e & PTE_ADDR_MASK & ~(span - 1)) | (va & (span - 1));
			*flags = e & ~(PTE_ADDR_MASK & ~(span - 1));
			return 0;
		}
		t = table(ops, e & PTE_ADDR_MASK);
	}
	return -1;
}
