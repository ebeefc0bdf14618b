// SPDX-License-Identifier: MIT
/*
 * Test build (build/tests/hv_unexpected_exit.elf): turn on "RDTSC
 * exiting" in the first guest's VMCS (under SVM: the RDTSC intercept in
 * its VMCB, APM vol. 2 Table B-1), a control no handler expects. The
 * guest's first RDTSC is then an exit nobody handles: the system test
 * "unexpected-exit" checks that the hypervisor dumps the VMCS, stops that
 * guest only, and runs the next.
 */
#include "arch/x86/svm/svm.h"
#include "arch/x86/virt.h"
#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx.h"
#include "hv/printk.h"
#include "hv/selftest.h"
#include "hv/vm.h"

void selftest_point(enum selftest_point where, void *ctx)
{
	struct vcpu *v = ctx;

	if (where != SELFTEST_BEFORE_VM_ENTRY || v->vm->id != 0)
		return;
	printk("selftest: RDTSC exiting on for guest %s\n", v->vm->name);
	if (virt == &svm_virt_ops) {
		to_svm(v)->vmcb->control.intercept_misc1 |= 1u << 14;
		return;
	}
	/* Through the backend's copy, which it writes back when it changes. */
	v->arch->cpu_based |= CPU_BASED_RDTSC_EXITING;
	vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, v->arch->cpu_based);
}
