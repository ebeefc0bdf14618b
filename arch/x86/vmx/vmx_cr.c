// SPDX-License-Identifier: MIT
/*
 * The guest's control registers and the MSRs whose guest values live in
 * the VMCS. CR0 and CR4 are owned by the hypervisor (all bits but CR0.TS
 * in the guest/host masks), so every change exits here: the guest reads
 * the read shadows, the CPU runs with the shadow plus what VMX needs
 * (IA32_VMX_CR0/CR4_FIXED0/1, SDM 24.8 and Appendix A.7/A.8). Entering and
 * leaving long mode goes through here too: EFER.LMA and the "IA-32e mode
 * guest" entry control follow CR0.PG (SDM 25.8.1, 27.3.1.1), as in KVM's
 * enter_lmode().
 */
#include "arch/x86/cpu.h"
#include "arch/x86/emulate.h"
#include "arch/x86/guest_walk.h"
#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmx_controls.h"
#include "hv/arch.h"
#include "hv/errno.h"
#include "hv/vm.h"
#include "msr_index.h"

#define CR0_PE		(1ULL << 0)
#define CR0_NW		(1ULL << 29)
#define CR0_CD		(1ULL << 30)
#define CR0_PG		(1ULL << 31)
#define CR4_PAE		(1ULL << 5)
#define CR4_VMXE	(1ULL << 13)
#define CR4_PCIDE	(1ULL << 17)
#define EFER_LME	(1ULL << 8)
#define EFER_LMA	(1ULL << 10)

/* CR4 bits a guest may set: those VMX allows, less VMX itself (no nesting). */
static uint64_t cr4_guest_allowed(void)
{
	return vmx_caps.cr4_fixed1 & ~CR4_VMXE;
}

static void set_long_mode(struct arch_vcpu *a, uint64_t efer, bool active)
{
	a->entry_ctls = active ? a->entry_ctls | VM_ENTRY_IA32E_MODE :
				 a->entry_ctls & ~VM_ENTRY_IA32E_MODE;
	vmcs_write32(VM_ENTRY_CONTROLS, a->entry_ctls);
	vmcs_write64(GUEST_IA32_EFER, active ? efer | EFER_LMA : efer & ~EFER_LMA);
}

/*
 * With EPT, PAE paging (not long mode) takes its PDPTEs from the VMCS on
 * VM entry (SDM 27.3.2.4 / 29.4.1): load them when that mode starts.
 */
static int load_pdptrs(struct vcpu *v, uint64_t cr3)
{
	uint64_t *pdpte = vm_gpa_to_hva(v->vm, cr3 & 0xffffffe0, 32);

	if (!pdpte)
		return -HV_EINVAL;
	vmcs_write64(GUEST_PDPTR0, pdpte[0]);
	vmcs_write64(GUEST_PDPTR1, pdpte[1]);
	vmcs_write64(GUEST_PDPTR2, pdpte[2]);
	vmcs_write64(GUEST_PDPTR3, pdpte[3]);
	return 0;
}

static int guest_write_cr0(struct vcpu *v, uint64_t cr0)
{
	struct arch_vcpu *a = v->arch;
	uint64_t old = vmcs_readl(CR0_READ_SHADOW);
	uint64_t efer = vmcs_read64(GUEST_IA32_EFER);
	uint64_t cr4 = vmcs_readl(CR4_READ_SHADOW);

	/* MOV to CR0 #GP conditions (SDM Vol. 2B, MOV CR). */
	if ((cr0 >> 32) || ((cr0 & CR0_PG) && !(cr0 & CR0_PE)) ||
	    ((cr0 & CR0_NW) && !(cr0 & CR0_CD)))
		return -HV_EINVAL;
	if ((cr0 & CR0_PG) && !(old & CR0_PG) && (efer & EFER_LME)) {
		if (!(cr4 & CR4_PAE))
			return -HV_EINVAL;	/* long mode needs PAE */
		set_long_mode(a, efer, true);
	} else if (!(cr0 & CR0_PG) && (old & CR0_PG) && (efer & EFER_LMA)) {
		set_long_mode(a, efer, false);
	}
	if ((cr0 & CR0_PG) && (cr4 & CR4_PAE) && !(efer & EFER_LME) &&
	    load_pdptrs(v, vmcs_readl(GUEST_CR3)))
		return -HV_EINVAL;
	vmcs_writel(CR0_READ_SHADOW, cr0);
	vmcs_writel(GUEST_CR0, vmx_fixed_cr(cr0, vmx_caps.cr0_fixed0,
					   vmx_caps.cr0_fixed1,
					   VMX_FIXED_CR0_UNRESTRICTED_GUEST));
	return 0;
}

static int guest_write_cr4(struct vcpu *v, uint64_t cr4)
{
	uint64_t cr0 = vmcs_readl(CR0_READ_SHADOW);
	uint64_t efer = vmcs_read64(GUEST_IA32_EFER);

	if (cr4 & ~cr4_guest_allowed())
		return -HV_EINVAL;	/* reserved or unsupported: #GP */
	if ((efer & EFER_LMA) && !(cr4 & CR4_PAE))
		return -HV_EINVAL;	/* cannot leave PAE in long mode */
	if ((cr4 & CR4_PCIDE) && !(efer & EFER_LMA))
		return -HV_EINVAL;
	if ((cr0 & CR0_PG) && (cr4 & CR4_PAE) && !(efer & EFER_LMA) &&
	    load_pdptrs(v, vmcs_readl(GUEST_CR3)))
		return -HV_EINVAL;
	vmcs_writel(CR4_READ_SHADOW, cr4);
	vmcs_writel(GUEST_CR4, vmx_fixed_cr(cr4, vmx_caps.cr4_fixed0,
					   vmx_caps.cr4_fixed1, 0));
	return 0;
}

/* CS.L, the "L" bit of the access rights (SDM 25.4.1, Table 25-2). */
bool vmx_vcpu_64bit_code(struct vcpu *v)
{
	(void)v;
	return (vmcs_read64(GUEST_IA32_EFER) & EFER_LMA) &&
	       (vmcs_read32(GUEST_CS_AR_BYTES) & (1u << 13));
}

uint64_t vmx_vcpu_read_cr(struct vcpu *v, int cr)
{
	switch (cr) {
	case 0:
		return vmcs_readl(CR0_READ_SHADOW);
	case 3:
		return vmcs_readl(GUEST_CR3);
	case 4:
		return vmcs_readl(CR4_READ_SHADOW);
	default:
		return 0;
	}
}

int vmx_vcpu_write_cr(struct vcpu *v, int cr, uint64_t value)
{
	switch (cr) {
	case 0:
		return guest_write_cr0(v, value);
	case 3:
		vmcs_writel(GUEST_CR3, value);
		return 0;
	case 4:
		return guest_write_cr4(v, value);
	default:
		return -HV_EINVAL;
	}
}

/* The value passed hv/msr.c's rules; LMA is read-only: CR0.PG and LME make it. */
static int write_efer(struct vcpu *v, uint64_t efer)
{
	uint64_t old = vmcs_read64(GUEST_IA32_EFER);

	(void)v;
	vmcs_write64(GUEST_IA32_EFER, (efer & ~EFER_LMA) | (old & EFER_LMA));
	return 0;
}

int vmx_vcpu_read_msr(struct vcpu *v, uint32_t index, uint64_t *value)
{
	(void)v;
	switch (index) {
	case MSR_EFER:
		*value = vmcs_read64(GUEST_IA32_EFER);
		return 0;
	case MSR_IA32_PAT:
		*value = vmcs_read64(GUEST_IA32_PAT);
		return 0;
	case MSR_IA32_DEBUGCTL:	/* saved on exit, loaded on entry */
		*value = vmcs_read64(GUEST_IA32_DEBUGCTL);
		return 0;
	case MSR_IA32_SYSENTER_CS:
		*value = vmcs_read32(GUEST_SYSENTER_CS);
		return 0;
	case MSR_IA32_SYSENTER_ESP:
		*value = vmcs_readl(GUEST_SYSENTER_ESP);
		return 0;
	case MSR_IA32_SYSENTER_EIP:
		*value = vmcs_readl(GUEST_SYSENTER_EIP);
		return 0;
	case MSR_FS_BASE:
		*value = vmcs_readl(GUEST_FS_BASE);
		return 0;
	case MSR_GS_BASE:
		*value = vmcs_readl(GUEST_GS_BASE);
		return 0;
	default:
		return -HV_ENOENT;
	}
}

int vmx_vcpu_write_msr(struct vcpu *v, uint32_t index, uint64_t value)
{
	switch (index) {
	case MSR_EFER:
		return write_efer(v, value);
	case MSR_IA32_PAT:	/* checked by hv/msr.c */
		vmcs_write64(GUEST_IA32_PAT, value);
		return 0;
	case MSR_IA32_DEBUGCTL:	/* the bits hv/msr.c allows */
		vmcs_write64(GUEST_IA32_DEBUGCTL, value);
		return 0;
	case MSR_IA32_SYSENTER_CS:
		vmcs_write32(GUEST_SYSENTER_CS, (uint32_t)value);
		return 0;
	case MSR_IA32_SYSENTER_ESP:
	case MSR_IA32_SYSENTER_EIP:
	case MSR_FS_BASE:
	case MSR_GS_BASE:
		/* Canonical: hv/msr.c checked it. */
		if (index == MSR_IA32_SYSENTER_ESP)
			vmcs_writel(GUEST_SYSENTER_ESP, value);
		else if (index == MSR_IA32_SYSENTER_EIP)
			vmcs_writel(GUEST_SYSENTER_EIP, value);
		else if (index == MSR_FS_BASE)
			vmcs_writel(GUEST_FS_BASE, value);
		else
			vmcs_writel(GUEST_GS_BASE, value);
		return 0;
	default:
		return -HV_ENOENT;
	}
}

/*
 * With "use TSC offsetting" the guest's RDTSC, RDTSCP and IA32_TSC read
 * the host's TSC plus TSC_OFFSET (SDM 26.3, 27.6.5).
 */
bool vmx_tsc_offsetting(void)
{
	return vmx_ctl_allowed1(vmx_caps.procbased,
				CPU_BASED_USE_TSC_OFFSETTING);
}

int vmx_vcpu_set_tsc_offset(struct vcpu *v, uint64_t offset)
{
	if (!(v->arch->cpu_based & CPU_BASED_USE_TSC_OFFSETTING))
		return -HV_ENODEV;
	vmcs_write64(TSC_OFFSET, offset);
	return 0;
}

int vmx_vcpu_translate(struct vcpu *v, uint64_t gla, bool write,
			uint64_t *gpa)
{
	struct guest_paging p = {
		.cr0 = vmcs_readl(GUEST_CR0),
		.cr3 = vmcs_readl(GUEST_CR3),
		.cr4 = vmcs_readl(GUEST_CR4),
		.efer = vmcs_read64(GUEST_IA32_EFER),
		.read = x86_read_guest_phys,
		.ctx = v->vm,
	};

	(void)write;
	return guest_translate(&p, gla, gpa) ? -HV_EFAULT : 0;
}
