/* SPDX-License-Identifier: MIT */
/* The page tables entry.asm builds, and changing one 4 KiB page of them. */
#ifndef GUEST_LIB_PAGING_H
#define GUEST_LIB_PAGING_H

#include <stdint.h>

#define PAGING_MAPPED	(1ull << 30)	/* identity map: 0 to 1 GiB */
#define PAGING_SMALL	(2ull << 20)	/* of which 4 KiB pages: 0 to 2 MiB */
#define PAGE_SIZE	4096ull

#define PTE_P		(1ull << 0)
#define PTE_W		(1ull << 1)
#define PTE_PS		(1ull << 7)

/* The 4 KiB page-table entry that maps @va, or NULL above PAGING_SMALL. */
volatile uint64_t *paging_pte(uintptr_t va);

/*
 * Make the 4 KiB page at @va present or not (and flush its TLB entry).
 * Returns -1 above PAGING_SMALL, where pages are 2 MiB.
 */
int paging_set_present(uintptr_t va, int present);

#endif
