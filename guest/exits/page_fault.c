// SPDX-License-Identifier: MIT
/*
 * A page fault of the guest's own making: it unmaps one 4 KiB page of its
 * own .bss (so no access ever leaves its RAM), reads and writes it, and
 * maps it again. #PF exits only if the exception bitmap asks; either way
 * the guest must see CR2 = the address and the error code of a
 * not-present supervisor data access (SDM Vol. 3A, 4.7).
 */
#include "guest/exits/exits.h"
#include "guest/lib/guard.h"
#include "guest/lib/paging.h"
#include "guest/lib/x86.h"

#define PF_W		(1ull << 1)	/* the access was a write */

static volatile uint8_t victim[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static int load_guarded(volatile uint8_t *p, uint8_t *v)
{
	guard_begin();
	__asm__ volatile(GUARDED("movb (%1), %0") : "=q"(*v) : "r"(p) : "memory");
	return guard_fault.vector;
}

static int store_guarded(volatile uint8_t *p, uint8_t v)
{
	guard_begin();
	__asm__ volatile(GUARDED("movb %1, (%0)") : : "r"(p), "q"(v) : "memory");
	return guard_fault.vector;
}

/* @kind's #PF must name @p and carry error code @error. */
static void check_pf(const char *kind, int vec, volatile uint8_t *p, uint64_t error)
{
	if (vec != VEC_PF)
		check_vector(kind, vec, VEC_PF);
	else if (guard_fault.cr2 != (uint64_t)p)
		check_fail(kind, "CR2 0x%lx, expected 0x%lx", guard_fault.cr2, (uint64_t)p);
	else if (guard_fault.error != error)
		check_fail(kind, "error code 0x%lx, expected 0x%lx", guard_fault.error, error);
	else if (guard_fault.after)
		check_fail(kind, "#PF reported after the instruction");
	else
		check_ok(kind);
}

void exits_page_fault(void)
{
	volatile uint8_t *p = &victim[0x123];
	uint8_t v = 0;
	int vec;

	*p = 0x5a;
	if (paging_set_present((uintptr_t)victim, 0)) {
		check_fail("page-fault", "cannot unmap 0x%lx", (uint64_t)victim);
		return;
	}
	vec = load_guarded(p, &v);
	check_pf("page-fault-read", vec, p, 0);
	vec = store_guarded(p, 0xa5);
	check_pf("page-fault-write", vec, p, PF_W);

	paging_set_present((uintptr_t)victim, 1);
	vec = load_guarded(p, &v);
	if (vec >= 0)
		check_vector("page-fault-remap", vec, -1);
	else if (v != 0x5a)
		check_fail("page-fault-remap", "read 0x%02x, expected 0x5a", v);
	else
		check_ok("page-fault-remap");
}
