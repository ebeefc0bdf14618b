/* SPDX-License-Identifier: MIT */
/*
 * Walking a guest's own page tables: guest linear -> guest physical, in
 * whatever mode the guest is in (SDM Vol. 3A, chapter 4): no paging,
 * 32-bit, PAE or 4-level. Shared by every x86 backend; pure, so the host
 * unit tests run it.
 */
#ifndef ARCH_X86_GUEST_WALK_H
#define ARCH_X86_GUEST_WALK_H

#include <stdbool.h>
#include <stdint.h>

struct guest_paging {
	uint64_t cr0, cr3, cr4, efer;
	/* Read a 4- or 8-byte table entry at guest-physical @gpa: 0 or -1. */
	int (*read)(void *ctx, uint64_t gpa, unsigned int size, uint64_t *v);
	void *ctx;
};

/* 0 with *@gpa, or -1 if @gla is not mapped (the guest would #PF). */
int guest_translate(const struct guest_paging *p, uint64_t gla,
		    uint64_t *gpa);

#define CR4_LA57	(1ULL << 12)

#endif
