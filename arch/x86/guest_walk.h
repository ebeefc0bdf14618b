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

/*
 * Canonical for the guest's linear-address width: 57 bits with 5-level
 * paging (CR4.LA57, SDM Vol. 3A 4.5.1), else 48. Linux under -cpu max
 * puts its per-CPU area (GS base) at 0xff11..., canonical only in 57
 * bits. As KVM's is_noncanonical_address() with vcpu_virt_addr_bits().
 */
static inline bool guest_canonical(uint64_t cr4, uint64_t a)
{
	unsigned int shift = cr4 & CR4_LA57 ? 64 - 57 : 64 - 48;

	return (uint64_t)((int64_t)(a << shift) >> shift) == a;
}

#endif
