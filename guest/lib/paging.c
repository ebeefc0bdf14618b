// SPDX-License-Identifier: MIT
/*
 * Editing entry.asm's tables. Only the 4 KiB pages below 2 MiB can be
 * changed one at a time; they hold this image, so a workload can unmap a
 * page of its own .bss and be sure it touches nothing outside its RAM.
 */
#include "guest/lib/paging.h"
#include "guest/lib/x86.h"

#include <stddef.h>

extern volatile uint64_t boot_pt[512];	/* entry.asm: PT for 0 - 2 MiB */

volatile uint64_t *paging_pte(uintptr_t va)
{
	if (va >= PAGING_SMALL)
		return NULL;
	return &boot_pt[va / PAGE_SIZE];
}

int paging_set_present(uintptr_t va, int present)
{
	volatile uint64_t *pte = paging_pte(va);

	if (!pte)
		return -1;
	if (present)
		*pte |= PTE_P;
	else
		*pte &= ~PTE_P;
	/* The TLB may still hold the old entry (SDM Vol. 3A, 4.10.4). */
	invlpg((const void *)va);
	return 0;
}
