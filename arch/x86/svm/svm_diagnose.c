// SPDX-License-Identifier: MIT
/*
 * A VMRUN that failed (#VMEXIT with VMEXIT_INVALID): say which of the
 * APM's consistency checks (svm_check.c) the VMCB broke, as it was just
 * before VMRUN; the emulators overwrite the save area on the way out.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/svm/svm.h"
#include "arch/x86/svm/svm_check.h"
#include "hv/printk.h"
#include "hv/vm.h"

static void report(void *ctx, enum svm_check_rule rule, const char *text,
		   const char *values)
{
	struct vcpu *v = ctx;

	printk("[%s]   APM 15.5.1 rule %u: %s (%s)\n", v->vm->name, rule,
	       text, values);
}

void svm_explain_invalid(struct vcpu *v, const struct vmcb *before)
{
	struct svm_check_cpu cpu = {
		.maxphyaddr = cpuid(0x80000008, 0).eax & 0xff,
		.npt = cpu_has_svm_npt(),
	};
	uint32_t broken;

	printk("[%s] VMRUN failed (VMEXIT_INVALID) at RIP 0x%llx; the "
	       "consistency checks of APM vol. 2 15.5.1 on the VMCB as it "
	       "was:\n", v->vm->name, (unsigned long long)before->save.rip);
	broken = svm_check_vmcb(before, &cpu, report, v);
	if (!broken)
		printk("[%s]   no rule this hypervisor checks is broken; "
		       "the VMCB now:\n", v->vm->name);
	svm_virt_dump(v);
}
