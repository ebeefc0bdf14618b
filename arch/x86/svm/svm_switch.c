// SPDX-License-Identifier: MIT
/*
 * Switching the CPU between vCPUs under SVM. Most of a guest's state is
 * in its VMCB (VMRUN/#VMEXIT move CR2, DR6, DR7 and the segments;
 * VMLOAD/VMSAVE the SYSCALL MSRs and the hidden FS/GS/TR/LDTR state).
 * What stays in the CPU's registers while the guest runs, and is switched
 * here by hand as in vmx_switch.c:
 *   - DR0-DR3 (the hypervisor uses none of them);
 *   - XCR0 and the FPU/SSE/AVX registers (XSAVE/XRSTOR);
 *   - TSC_AUX (RDTSCP's, guest-owned: no exit).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/svm/svm.h"
#include "hv/pmm.h"
#include "msr_index.h"

#define CR4_OSXSAVE		(1ULL << 18)
#define FXSAVE_FCW		0
#define FXSAVE_MXCSR		24
#define FCW_RESET		0x037f
#define MXCSR_RESET		0x1f80

static bool host_xsave(void)
{
	return read_cr4() & CR4_OSXSAVE;
}

int svm_switch_init(struct svm_vcpu *a)
{
	uint8_t *fpu = alloc_pages_zeroed(1, PMM_PAGE_SIZE, NULL);

	if (!fpu)
		return -1;
	/* The power-on x87 and SSE control words (SDM Vol. 3A, Table 9-1). */
	*(uint16_t *)(fpu + FXSAVE_FCW) = FCW_RESET;
	*(uint32_t *)(fpu + FXSAVE_MXCSR) = MXCSR_RESET;
	a->fpu = fpu;
	return 0;
}

void svm_vcpu_load(struct vcpu *v)
{
	struct svm_vcpu *a = to_svm(v);

	__asm__ volatile("mov %0, %%db0" : : "r"(a->dr[0]));
	__asm__ volatile("mov %0, %%db1" : : "r"(a->dr[1]));
	__asm__ volatile("mov %0, %%db2" : : "r"(a->dr[2]));
	__asm__ volatile("mov %0, %%db3" : : "r"(a->dr[3]));
	wrmsr(MSR_TSC_AUX, a->tsc_aux);
	if (host_xsave()) {
		__asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)a->xcr0),
				 "d"((uint32_t)(a->xcr0 >> 32)));
		__asm__ volatile("xrstor64 %0" : : "m"(*a->fpu), "a"(~0u), "d"(~0u));
	} else {
		__asm__ volatile("fxrstor64 %0" : : "m"(*a->fpu));
	}
}

void svm_vcpu_put(struct vcpu *v)
{
	struct svm_vcpu *a = to_svm(v);

	__asm__ volatile("mov %%db0, %0" : "=r"(a->dr[0]));
	__asm__ volatile("mov %%db1, %0" : "=r"(a->dr[1]));
	__asm__ volatile("mov %%db2, %0" : "=r"(a->dr[2]));
	__asm__ volatile("mov %%db3, %0" : "=r"(a->dr[3]));
	a->tsc_aux = rdmsr(MSR_TSC_AUX);
	if (host_xsave())
		__asm__ volatile("xsave64 %0" : "=m"(*a->fpu) : "a"(~0u), "d"(~0u));
	else
		__asm__ volatile("fxsave64 %0" : "=m"(*a->fpu));
}
