// SPDX-License-Identifier: MIT
/*
 * Test build (build/tests/hv_bad_vmcb.elf): just before the first VMRUN,
 * clear EFER.SVME in the guest's VMCB, which VMRUN requires (AMD APM vol.
 * 2, 15.5.1). VMRUN fails with VMEXIT_INVALID; the system test
 * "svm-vmrun-checker" checks that the consistency checker names the rule,
 * and that only that VM stops. SVM only: under VT-x it does nothing.
 */
#include "arch/x86/svm/svm.h"
#include "arch/x86/virt.h"
#include "hv/printk.h"
#include "hv/selftest.h"

void selftest_point(enum selftest_point where, void *ctx)
{
	struct vcpu *v = ctx;
	struct vmcb_save *g;

	if (where != SELFTEST_BEFORE_VM_ENTRY || virt != &svm_virt_ops ||
	    v->vm->id != 0)
		return;
	g = &to_svm(v)->vmcb->save;
	printk("selftest: EFER 0x%llx -> 0x%llx (EFER.SVME cleared)\n",
	       (unsigned long long)g->efer,
	       (unsigned long long)(g->efer & ~EFER_SVME));
	g->efer &= ~EFER_SVME;
}
