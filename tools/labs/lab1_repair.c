// SPDX-License-Identifier: MIT
/*
 * Lab 1's second boot (tools/lab, docs/labs/lab1-preflight.md): the
 * hypervisor with this file in place of hv/selftest.c writes the value the
 * student chose (answer.txt value=) into the field their break.c broke,
 * before the first VM entry of the first guest. The entry must then
 * succeed: the value obeys the rule. make lab1-repair LAB1_FIELD=NAME
 * LAB1_VALUE=0x... builds it.
 */
#include "arch/x86/vmx/vmcs.h"
#include "hv/printk.h"
#include "hv/selftest.h"
#include "hv/vm.h"

void selftest_point(enum selftest_point where, void *ctx)
{
	struct vcpu *v = ctx;
	uint64_t old;

	if (where != SELFTEST_BEFORE_VM_ENTRY || v->vm->id != 0)
		return;
	old = vmcs_read_any(LAB1_FIELD);
	printk("lab1: repair: %s 0x%llx -> 0x%llx\n", LAB1_FIELD_NAME,
	       (unsigned long long)old, (unsigned long long)(LAB1_VALUE));
	vmcs_write_any(LAB1_FIELD, LAB1_VALUE);
}
