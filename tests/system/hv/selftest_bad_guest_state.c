// SPDX-License-Identifier: MIT
/*
 * Test build (build/tests/hv_bad_guest_state.elf): just before the first
 * VM entry, clear CR0.NE in the guest state, which VMX requires to be 1
 * (IA32_VMX_CR0_FIXED0, SDM 27.3.1.1). VM entry fails; the system test
 * "vmx-preflight-checker" checks that the pre-flight checker names the
 * field and the rule, and that only that VM stops.
 */
#include "arch/x86/vmx/vmcs.h"
#include "hv/printk.h"
#include "hv/selftest.h"

#define X86_CR0_NE (1ULL << 5)

void selftest_point(enum selftest_point where, void *ctx)
{
	uint64_t cr0;

	(void)ctx;
	if (where != SELFTEST_BEFORE_VM_ENTRY)
		return;
	cr0 = vmcs_readl(GUEST_CR0);
	printk("selftest: GUEST_CR0 0x%llx -> 0x%llx (CR0.NE cleared)\n",
	       (unsigned long long)cr0,
	       (unsigned long long)(cr0 & ~X86_CR0_NE));
	vmcs_writel(GUEST_CR0, cr0 & ~X86_CR0_NE);
}
