// SPDX-License-Identifier: MIT
#include "arch/x86/guest_walk.h"

#define CR0_PG		(1ULL << 31)
#define CR4_PSE		(1ULL << 4)
#define CR4_PAE		(1ULL << 5)
#define EFER_LMA	(1ULL << 10)
#define PTE_P		1ULL
#define PTE_PS		(1ULL << 7)
#define ADDR_MASK	0x000ffffffffff000ULL

/* 32-bit paging (SDM 4.3): 2 levels of 4-byte entries, 4 MiB pages with PSE. */
static int walk32(const struct guest_paging *p, uint32_t gla, uint64_t *gpa)
{
	uint64_t pde, pte;

	if (p->read(p->ctx, (p->cr3 & 0xfffff000) + (gla >> 22) * 4, 4, &pde) ||
	    !(pde & PTE_P))
		return -1;
	if ((pde & PTE_PS) && (p->cr4 & CR4_PSE)) {
		/* Bits 20:13 of a 4 MiB PDE are physical address bits 39:32. */
		*gpa = (pde & 0xffc00000) | ((pde >> 13 & 0xff) << 32) |
		       (gla & 0x3fffff);
		return 0;
	}
	if (p->read(p->ctx, (pde & 0xfffff000) + (gla >> 12 & 0x3ff) * 4, 4,
		    &pte) || !(pte & PTE_P))
		return -1;
	*gpa = (pte & 0xfffff000) | (gla & 0xfff);
	return 0;
}

/*
 * PAE (SDM 4.4), 4-level and 5-level (4.5) paging: 8-byte entries, 9 bits
 * a level.
 */
static int walk64(const struct guest_paging *p, uint64_t gla, int levels,
		  uint64_t *gpa)
{
	uint64_t table, e;

	if (levels == 3) {
		/* The PDPTE registers come from a 32-byte table at CR3. */
		if (p->read(p->ctx, (p->cr3 & 0xffffffe0) + (gla >> 30 & 3) * 8,
			    8, &e) || !(e & PTE_P))
			return -1;
		table = e & ADDR_MASK;
		levels = 2;
	} else {
		table = p->cr3 & ADDR_MASK;
	}
	for (int level = levels; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);

		if (p->read(p->ctx, table + (gla >> shift & 511) * 8, 8, &e) ||
		    !(e & PTE_P))
			return -1;
		if (level == 1 || ((e & PTE_PS) && level <= 3)) {
			uint64_t span = 1ULL << shift;

			*gpa = (e & ADDR_MASK & ~(span - 1)) | (gla & (span - 1));
			return 0;
		}
		table = e & ADDR_MASK;
	}
	return -1;
}

int guest_translate(const struct guest_paging *p, uint64_t gla,
		    uint64_t *gpa)
{
	if (!(p->cr0 & CR0_PG)) {
		*gpa = gla & 0xffffffff;	/* linear = physical, 32 bits */
		return 0;
	}
	/* CR4.LA57 in long mode: a PML5 above the PML4 (SDM 4.5.1). */
	if (p->efer & EFER_LMA)
		return walk64(p, gla, p->cr4 & CR4_LA57 ? 5 : 4, gpa);
	if (p->cr4 & CR4_PAE)
		return walk64(p, gla & 0xffffffff, 3, gpa);
	return walk32(p, (uint32_t)gla, gpa);
}
