// SPDX-License-Identifier: MIT
/*
 * Switching the CPU between vCPUs. Most of a guest's state lives in its
 * VMCS, and VMPTRLD makes that one current. The rest stays in the CPU's
 * registers while the guest runs, untouched by VM exits and entries, and
 * must be saved and restored by hand (as KVM's vcpu_load/vcpu_put do):
 *   - CR2 (the last page-fault address: not in the VMCS);
 *   - DR0-DR3 and DR6 (VM exits and entries leave them alone, SDM 28.5.1;
 *     the hypervisor uses none of them: the guest's breakpoints and debug
 *     status stay in the registers while it runs and across its exits);
 *   - XCR0 and the FPU/SSE/AVX registers (XSAVE/XRSTOR; the hypervisor
 *     itself never uses them, so they are only switched between guests);
 *   - the MSRs guests own outright (SYSCALL targets, KERNEL_GS_BASE,
 *     TSC_AUX: no exit when the guest writes them).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmx_ops.h"
#include "hv/arch.h"
#include "hv/panic.h"
#include "hv/pmm.h"

#define CR4_OSXSAVE		(1ULL << 18)
#define FXSAVE_FCW		0	/* offsets in the legacy area (SDM Vol. 1, 10.5.1) */
#define FXSAVE_MXCSR		24
#define FCW_RESET		0x037f
#define MXCSR_RESET		0x1f80

static const uint32_t guest_msrs[VMX_GUEST_MSRS] = {
	0xc0000081,		/* STAR */
	0xc0000082,		/* LSTAR */
	0xc0000083,		/* CSTAR */
	0xc0000084,		/* SFMASK */
	0xc0000102,		/* KERNEL_GS_BASE */
	0xc0000103,		/* TSC_AUX */
};

static uint64_t current_vmcs;

static bool host_xsave(void)
{
	return read_cr4() & CR4_OSXSAVE;
}

int vmx_switch_init(struct arch_vcpu *a)
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

void vmx_vmcs_forget(uint64_t vmcs_pa)
{
	if (current_vmcs == vmcs_pa)
		current_vmcs = 0;
}

void vmx_vcpu_load(struct vcpu *v)
{
	struct arch_vcpu *a = v->arch;

	if (current_vmcs != a->vmcs_pa) {
		if (vmptrld(a->vmcs_pa) != VMX_SUCCEED)
			panic("vmx: VMPTRLD of %s's VMCS failed", v->vm->name);
		current_vmcs = a->vmcs_pa;
	}
	__asm__ volatile("mov %0, %%cr2" : : "r"(a->cr2));
	__asm__ volatile("mov %0, %%db0" : : "r"(a->dr[0]));
	__asm__ volatile("mov %0, %%db1" : : "r"(a->dr[1]));
	__asm__ volatile("mov %0, %%db2" : : "r"(a->dr[2]));
	__asm__ volatile("mov %0, %%db3" : : "r"(a->dr[3]));
	__asm__ volatile("mov %0, %%db6" : : "r"(a->dr6));
	for (int i = 0; i < VMX_GUEST_MSRS; i++)
		wrmsr(guest_msrs[i], a->msrs[i]);
	if (host_xsave()) {
		__asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)a->xcr0),
				 "d"((uint32_t)(a->xcr0 >> 32)));
		__asm__ volatile("xrstor64 %0" : : "m"(*a->fpu), "a"(~0u), "d"(~0u));
	} else {
		__asm__ volatile("fxrstor64 %0" : : "m"(*a->fpu));
	}
}

void vmx_vcpu_put(struct vcpu *v)
{
	struct arch_vcpu *a = v->arch;

	a->cr2 = read_cr2();
	__asm__ volatile("mov %%db0, %0" : "=r"(a->dr[0]));
	__asm__ volatile("mov %%db1, %0" : "=r"(a->dr[1]));
	__asm__ volatile("mov %%db2, %0" : "=r"(a->dr[2]));
	__asm__ volatile("mov %%db3, %0" : "=r"(a->dr[3]));
	__asm__ volatile("mov %%db6, %0" : "=r"(a->dr6));
	for (int i = 0; i < VMX_GUEST_MSRS; i++)
		a->msrs[i] = rdmsr(guest_msrs[i]);
	if (host_xsave())
		__asm__ volatile("xsave64 %0" : "=m"(*a->fpu) : "a"(~0u), "d"(~0u));
	else
		__asm__ volatile("fxsave64 %0" : "=m"(*a->fpu));
}
