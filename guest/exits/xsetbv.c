// SPDX-License-Identifier: MIT
/*
 * XSETBV, an unconditional exit (SDM Vol. 3C, 26.1.2). Needs CR4.OSXSAVE,
 * which in turn CPUID reflects as CPUID.1:ECX.OSXSAVE. XCR0 must then hold
 * x87 | SSE, and a value without x87 must raise #GP (SDM Vol. 2C, XSETBV).
 */
#include "guest/exits/exits.h"
#include "guest/lib/guard.h"
#include "guest/lib/x86.h"

#define XCR0_X87	(1ull << 0)
#define XCR0_SSE	(1ull << 1)

static int xsetbv_guarded(uint32_t xcr, uint64_t v)
{
	guard_begin();
	__asm__ volatile(GUARDED("xsetbv")
			 : : "c"(xcr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
	return guard_fault.vector;
}

void exits_xsetbv(void)
{
	const uint64_t want = XCR0_X87 | XCR0_SSE;
	uint64_t got;
	int vec;

	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_XSAVE) ||
	    (cpuid(0xd, 0).eax & want) != want) {
		check_skip("xsetbv", "not supported");
		check_skip("xsetbv-invalid", "not supported");
		return;
	}

	write_cr4(read_cr4() | CR4_OSXSAVE);
	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_OSXSAVE)) {
		check_fail("xsetbv", "CR4.OSXSAVE set, CPUID.1:ECX.OSXSAVE still 0");
	} else {
		vec = xsetbv_guarded(0, want);
		got = xgetbv(0);
		if (vec >= 0)
			check_vector("xsetbv", vec, -1);
		else if (got != want)
			check_fail("xsetbv", "XCR0: wrote 0x%lx, read 0x%lx", want, got);
		else
			check_ok("xsetbv");
	}

	vec = xsetbv_guarded(0, XCR0_SSE);
	if (vec == VEC_GP && xgetbv(0) != want)
		check_fail("xsetbv-invalid", "#GP, but XCR0 is now 0x%lx", xgetbv(0));
	else
		check_vector("xsetbv-invalid", vec, VEC_GP);
}
