// SPDX-License-Identifier: MIT
/*
 * The guest state an instruction emulator reads and writes (hv/arch.h):
 * segment bases, the code size, RSP, RIP and RFLAGS, in the VMCS.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx.h"
#include "hv/arch.h"
#include "hv/vm.h"

#define EFER_LMA	(1ULL << 10)

uint64_t vmx_vcpu_segment_base(struct vcpu *v, unsigned int seg)
{
	(void)v;
	return seg < 6 ? vmcs_readl(GUEST_ES_BASE + 2 * seg) : 0;
}

/* SDM Vol. 3A, 5.2.1 and 3.4.5: 64-bit mode is EFER.LMA with CS.L. */
unsigned int vmx_vcpu_code_size(struct vcpu *v)
{
	uint32_t ar = vmcs_read32(GUEST_CS_AR_BYTES);

	(void)v;
	if ((vmcs_read64(GUEST_IA32_EFER) & EFER_LMA) && (ar & VMX_AR_L_MASK))
		return 64;
	return ar & VMX_AR_DB_MASK ? 32 : 16;
}

uint64_t vmx_vcpu_rip(struct vcpu *v)
{
	return v->arch->rip;
}

/* An emulated instruction is done: the next one runs (see skip_instruction). */
void vmx_vcpu_set_rip(struct vcpu *v, uint64_t rip)
{
	struct arch_vcpu *a = v->arch;

	a->rip = rip;
	vmcs_writel(GUEST_RIP, rip);
	vmx_end_interrupt_shadow();
}

uint64_t vmx_vcpu_rsp(struct vcpu *v)
{
	(void)v;
	return vmcs_readl(GUEST_RSP);
}

void vmx_vcpu_set_rsp(struct vcpu *v, uint64_t rsp)
{
	(void)v;
	vmcs_writel(GUEST_RSP, rsp);
}
