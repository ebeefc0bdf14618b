// SPDX-License-Identifier: MIT
/*
 * Instructions that exit unconditionally or on request: INVD (always),
 * WBINVD ("WBINVD exiting"), VMXON (always, in VMX non-root operation; SDM
 * Vol. 3C, 26.1.2) and INT3 (when the exception bitmap has #BP).
 */
#include "guest/exits/exits.h"
#include "guest/lib/guard.h"
#include "guest/lib/x86.h"

/* VMXON's operand: the physical address of a VMXON region. Never used. */
static uint64_t vmxon_region_pa;

void exits_insn(void)
{
	static volatile uint64_t canary = 0x1122334455667788ull;
	int vec;

	/*
	 * INVD throws dirty cache lines away instead of writing them back:
	 * on real hardware that loses memory writes. Under QEMU (no caches)
	 * and under a hypervisor (which emulates it with WBINVD) it is safe;
	 * the WBINVD right before keeps the window small anywhere else.
	 */
	__asm__ volatile("wbinvd; invd" : : : "memory");
	if (canary != 0x1122334455667788ull)
		check_fail("invd", "memory changed");
	else
		check_ok("invd");

	__asm__ volatile("wbinvd" : : : "memory");
	check_ok("wbinvd");

	/* With CR4.VMXE = 0, VMXON is #UD (SDM Vol. 3C, 31.3, VMXON). */
	if (cpuid(1, 0).ecx & CPUID_1_ECX_VMX) {
		check_skip("vmxon", "skipped, the CPU shows VMX");
	} else {
		guard_begin();
		__asm__ volatile(GUARDED("vmxon %0") : : "m"(vmxon_region_pa) : "memory");
		vec = guard_fault.vector;
		if (vec == VEC_UD && guard_fault.after)
			check_fail("vmxon", "#UD reported after the instruction");
		else
			check_vector("vmxon", vec, VEC_UD);
	}

	/* #BP is a trap: RIP points after the INT3 (SDM Vol. 3A, 6.5). */
	guard_begin();
	__asm__ volatile(GUARDED("int3") : : : "memory");
	vec = guard_fault.vector;
	if (vec == VEC_BP && !guard_fault.after)
		check_fail("int3", "#BP reported at the INT3, not after it");
	else
		check_vector("int3", vec, VEC_BP);
}
