/* SPDX-License-Identifier: MIT */
/*
 * 4-level x86-64 page tables (SDM Vol. 3A, 4.5 "4-Level Paging"). The same
 * builder makes the loader's hand-off tables, the hypervisor's own tables
 * and, in the host unit tests, tables in malloc'd memory: it reaches page
 * table memory only through struct pt_ops.
 */
#ifndef ARCH_X86_PAGING_H
#define ARCH_X86_PAGING_H

#include <stdint.h>

#define PAGE_SIZE	4096ULL
#define PAGE_SIZE_2M	(2ULL << 20)
#define PAGE_SIZE_1G	(1ULL << 30)

#define PTE_P		(1ULL << 0)
#define PTE_W		(1ULL << 1)
#define PTE_U		(1ULL << 2)
#define PTE_PWT		(1ULL << 3)
#define PTE_PCD		(1ULL << 4)
#define PTE_A		(1ULL << 5)
#define PTE_D		(1ULL << 6)
#define PTE_PS		(1ULL << 7)	/* 2 MiB page in a PDE */
#define PTE_G		(1ULL << 8)
#define PTE_NX		(1ULL << 63)
#define PTE_ADDR_MASK	0x000ffffffffff000ULL

/*
 * What the entries look like. Ordinary paging and EPT (SDM Vol. 3C, 29.3.2)
 * share the 4-level, 9-bits-a-level shape and the large-page bit 7; they
 * differ in what "present" is and what a table entry carries.
 */
struct pt_format {
	uint64_t present_mask;	/* any of these bits set: present */
	uint64_t table_flags;	/* a non-leaf entry's rights */
	uint64_t leaf_flags;	/* added to every leaf */
};

extern const struct pt_format pt_format_x86;

struct pt_ops {
	/* A zeroed 4 KiB page: returns where it can be written, sets *phys. */
	void *(*alloc_page)(void *ctx, uint64_t *phys);
	/* Where the table page at @phys can be read and written. */
	void *(*phys_to_virt)(void *ctx, uint64_t phys);
	void *ctx;
	const struct pt_format *format;	/* NULL: ordinary x86 paging */
};

enum pt_map_flags {
	PT_MAP_ALLOW_2M = 1,	/* use 2 MiB pages where both sides align */
};

/* A new, empty top-level table (PML4). Returns its physical address or 0. */
uint64_t pt_create(const struct pt_ops *ops);

/*
 * Map [va, va + size) to [pa, pa + size) with leaf @flags (plus the
 * format's leaf flags: PTE_P for x86 paging).
 * All three must be 4 KiB aligned. Returns 0, or -1 when a table page cannot
 * be allocated or a page in the range is already mapped.
 */
int pt_map(const struct pt_ops *ops, uint64_t root, uint64_t va, uint64_t pa,
	   uint64_t size, uint64_t flags, unsigned int map_flags);

/*
 * Translate @va. Returns 0 with the physical address and the leaf entry's
 * flags (PTE_PS set for a 2 MiB page), or -1 if it is not mapped.
 */
int pt_translate(const struct pt_ops *ops, uint64_t root, uint64_t va,
		 uint64_t *pa, uint64_t *flags);

#endif
