// SPDX-License-Identifier: MIT
/*
 * Lab 1 (docs/labs/lab1-preflight.md): break one guest-state field of
 * the first guest just before its first VM entry, and read what the
 * pre-flight checker says. make lab1 builds the hypervisor with this
 * file in place of hv/selftest.c, boots it in Bochs and checks.
 */
#include "arch/x86/vmx/vmcs.h"
#include "hv/printk.h"
#include "hv/selftest.h"
#include "hv/vm.h"

void selftest_point(enum selftest_point where, void *ctx)
{
	struct vcpu *v = ctx;

	if (where != SELFTEST_BEFORE_VM_ENTRY || v->vm->id != 0)
		return;
	/*
	 * TODO: read one guest-state field with vmcs_read16/32/64/l(), and
	 * write it back broken with the matching vmcs_write*(). For
	 * example (pick your own): GUEST_CS_AR_BYTES, GUEST_TR_AR_BYTES,
	 * GUEST_RFLAGS, GUEST_CR4, GUEST_ACTIVITY_STATE. Print what you did:
	 *
	 *	printk("lab1: GUEST_... 0x%x -> 0x%x\n", old, new);
	 */
}
