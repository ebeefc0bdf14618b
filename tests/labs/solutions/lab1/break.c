// SPDX-License-Identifier: MIT
/* A solution of lab 1 (tests/labs/run checks that make lab1 accepts it). */
#include "arch/x86/vmx/vmcs.h"
#include "hv/printk.h"
#include "hv/selftest.h"
#include "hv/vm.h"

#define RFLAGS_FIXED_1	(1UL << 1)	/* reads as 1, must be 1 on entry */

void selftest_point(enum selftest_point where, void *ctx)
{
	struct vcpu *v = ctx;
	unsigned long old;

	if (where != SELFTEST_BEFORE_VM_ENTRY || v->vm->id != 0)
		return;
	old = vmcs_readl(GUEST_RFLAGS);
	printk("lab1: GUEST_RFLAGS 0x%lx -> 0x%lx\n", old, old & ~RFLAGS_FIXED_1);
	vmcs_writel(GUEST_RFLAGS, old & ~RFLAGS_FIXED_1);
}
