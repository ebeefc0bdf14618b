// SPDX-License-Identifier: MIT
/*
 * RDMSR/WRMSR, an exit unless the MSR bitmap lets them through (SDM Vol.
 * 3C, 26.1.3). A known MSR must keep what is written; an unknown one must
 * raise #GP(0), as on real hardware (SDM Vol. 2B, RDMSR).
 */
#include "guest/exits/exits.h"
#include "guest/lib/guard.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define MSR_UNKNOWN	0x12345678	/* no CPU has it */
#define SYSENTER_CS_TEST 0x0010		/* any selector will do */

/* #GP(0) expected; QEMU TCG, the native reference, raises nothing. */
static void check_gp0(const char *kind, int vec, const char *tcg)
{
	if (vec < 0 && on_qemu_tcg())
		check_skip(kind, tcg);
	else if (vec == VEC_GP && guard_fault.error != 0)
		check_fail(kind, "#GP error code 0x%lx", guard_fault.error);
	else
		check_vector(kind, vec, VEC_GP);
}

void exits_msr(void)
{
	uint64_t old = 0, v = 0;
	int vec;

	/* IA32_SYSENTER_CS: a plain read/write MSR (GUEST_SYSENTER_CS in VMX). */
	vec = rdmsr_guarded(MSR_IA32_SYSENTER_CS, &old);
	if (vec < 0)
		vec = wrmsr_guarded(MSR_IA32_SYSENTER_CS, SYSENTER_CS_TEST);
	if (vec < 0)
		vec = rdmsr_guarded(MSR_IA32_SYSENTER_CS, &v);
	if (vec >= 0)
		check_fail("msr", "IA32_SYSENTER_CS raised %s", trap_name((unsigned int)vec));
	else if (v != SYSENTER_CS_TEST)
		check_fail("msr", "IA32_SYSENTER_CS: wrote 0x%x, read 0x%lx",
			   SYSENTER_CS_TEST, v);
	else
		check_ok("msr");
	wrmsr_guarded(MSR_IA32_SYSENTER_CS, old);

	check_gp0("msr-unknown-read", rdmsr_guarded(MSR_UNKNOWN, &v),
		  "skipped, QEMU TCG reads unknown MSRs as 0");
	check_gp0("msr-unknown-write", wrmsr_guarded(MSR_UNKNOWN, 0),
		  "skipped, QEMU TCG ignores writes to unknown MSRs");
}
