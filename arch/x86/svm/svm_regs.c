// SPDX-License-Identifier: MIT
/*
 * The guest state the core reads and writes (hv/arch.h), all in the VMCB's
 * state save area: RFLAGS, RIP, RSP, segments, control registers, the
 * MSRs the VMCB holds. Unlike VT-x there are no read shadows: CR0 and CR4
 * are what the guest wrote (every write exits, svm_vmcb.c), and EFER is
 * the guest's but for SVME, which VMRUN needs and the guest never sees
 * (APM vol. 2, 15.5.1).
 */
#include "arch/x86/emulate.h"
#include "arch/x86/guest_walk.h"
#include "arch/x86/svm/svm.h"
#include "arch/x86/svm/svm_check.h"
#include "hv/errno.h"
#include "hv/vm.h"
#include "msr_index.h"

#define CR0_PE		(1ULL << 0)
#define CR0_NW		(1ULL << 29)
#define CR0_CD		(1ULL << 30)
#define CR0_PG		(1ULL << 31)
#define CR4_PAE		(1ULL << 5)
#define CR4_PCIDE	(1ULL << 17)
#define EFER_LME	(1ULL << 8)
#define EFER_LMA	(1ULL << 10)

static inline struct vmcb_save *save_of(struct vcpu *v)
{
	return &to_svm(v)->vmcb->save;
}

uint64_t svm_vcpu_rflags(struct vcpu *v)
{
	return save_of(v)->rflags;
}

void svm_vcpu_set_rflags(struct vcpu *v, uint64_t rflags)
{
	save_of(v)->rflags = rflags;
}

/* The VMCB's CPL field (APM Table B-2): what the guest runs at. */
unsigned int svm_vcpu_cpl(struct vcpu *v)
{
	return save_of(v)->cpl & 3;
}

/* ES, CS, SS, DS, FS, GS: the encoding order is the VMCB's order. */
uint64_t svm_vcpu_segment_base(struct vcpu *v, unsigned int seg)
{
	return seg < 6 ? (&save_of(v)->es)[seg].base : 0;
}

bool svm_vcpu_64bit_code(struct vcpu *v)
{
	const struct vmcb_save *g = save_of(v);

	return (g->efer & EFER_LMA) && (g->cs.attrib & SVM_SEG_L);
}

unsigned int svm_vcpu_code_size(struct vcpu *v)
{
	if (svm_vcpu_64bit_code(v))
		return 64;
	return save_of(v)->cs.attrib & SVM_SEG_DB ? 32 : 16;
}

uint64_t svm_vcpu_rip(struct vcpu *v)
{
	return save_of(v)->rip;
}

uint64_t svm_vcpu_rsp(struct vcpu *v)
{
	return save_of(v)->rsp;
}

void svm_vcpu_set_rsp(struct vcpu *v, uint64_t rsp)
{
	save_of(v)->rsp = rsp;
}

/* DR6 and DR7 are in the VMCB: VMRUN loads them, #VMEXIT stores them. */
uint64_t svm_vcpu_read_dr6(struct vcpu *v)
{
	return save_of(v)->dr6;
}

void svm_vcpu_write_dr6(struct vcpu *v, uint64_t dr6)
{
	save_of(v)->dr6 = dr6;
}

/*
 * Long mode is entered and left by CR0.PG with EFER.LME: EFER.LMA
 * follows, written by the hypervisor as the CPU would (APM vol. 2,
 * 14.6.1), as KVM's svm_set_cr0().
 */
static int write_cr0(struct vcpu *v, uint64_t cr0)
{
	struct vmcb_save *g = save_of(v);
	uint64_t old = g->cr0;

	if ((cr0 >> 32) || ((cr0 & CR0_PG) && !(cr0 & CR0_PE)) ||
	    ((cr0 & CR0_NW) && !(cr0 & CR0_CD)))
		return -HV_EINVAL;
	if ((cr0 & CR0_PG) && !(old & CR0_PG) && (g->efer & EFER_LME)) {
		if (!(g->cr4 & CR4_PAE))
			return -HV_EINVAL;	/* long mode needs PAE */
		g->efer |= EFER_LMA;
	} else if (!(cr0 & CR0_PG) && (old & CR0_PG)) {
		g->efer &= ~EFER_LMA;
	}
	g->cr0 = cr0;
	return 0;
}

static int write_cr4(struct vcpu *v, uint64_t cr4)
{
	struct vmcb_save *g = save_of(v);

	if (cr4 & SVM_CR4_MBZ)
		return -HV_EINVAL;	/* reserved: #GP */
	if ((g->efer & EFER_LMA) && !(cr4 & CR4_PAE))
		return -HV_EINVAL;	/* cannot leave PAE in long mode */
	if ((cr4 & CR4_PCIDE) && !(g->efer & EFER_LMA))
		return -HV_EINVAL;
	g->cr4 = cr4;
	return 0;
}

uint64_t svm_vcpu_read_cr(struct vcpu *v, int cr)
{
	switch (cr) {
	case 0:
		return save_of(v)->cr0;
	case 3:
		return save_of(v)->cr3;
	case 4:
		return save_of(v)->cr4;
	default:
		return 0;
	}
}

int svm_vcpu_write_cr(struct vcpu *v, int cr, uint64_t value)
{
	switch (cr) {
	case 0:
		return write_cr0(v, value);
	case 3:
		save_of(v)->cr3 = value;
		return 0;
	case 4:
		return write_cr4(v, value);
	default:
		return -HV_EINVAL;
	}
}

static int write_efer(struct vcpu *v, uint64_t efer)
{
	struct vmcb_save *g = save_of(v);

	/* The value passed hv/msr.c's rules; LMA is read-only: CR0.PG and
	 * LME make it; SVME stays. */
	g->efer = (efer & ~EFER_LMA) | (g->efer & EFER_LMA) | EFER_SVME;
	return 0;
}

int svm_vcpu_read_msr(struct vcpu *v, uint32_t index, uint64_t *value)
{
	const struct vmcb_save *g = save_of(v);

	switch (index) {
	case MSR_EFER:
		*value = g->efer & ~EFER_SVME;
		return 0;
	case MSR_IA32_PAT:
		*value = g->g_pat;
		return 0;
	case MSR_IA32_DEBUGCTL:
		*value = g->dbgctl;
		return 0;
	case MSR_IA32_SYSENTER_CS:
		*value = g->sysenter_cs;
		return 0;
	case MSR_IA32_SYSENTER_ESP:
		*value = g->sysenter_esp;
		return 0;
	case MSR_IA32_SYSENTER_EIP:
		*value = g->sysenter_eip;
		return 0;
	case MSR_FS_BASE:
		*value = g->fs.base;
		return 0;
	case MSR_GS_BASE:
		*value = g->gs.base;
		return 0;
	default:
		return -HV_ENOENT;
	}
}

int svm_vcpu_write_msr(struct vcpu *v, uint32_t index, uint64_t value)
{
	struct vmcb_save *g = save_of(v);

	switch (index) {
	case MSR_EFER:
		return write_efer(v, value);
	case MSR_IA32_PAT:	/* checked by hv/msr.c; loaded by VMRUN */
		g->g_pat = value;
		return 0;
	case MSR_IA32_DEBUGCTL:
		/*
		 * Kept and read back; the CPU uses the VMCB's copy only with
		 * LBR virtualization (15.23), which QEMU's TCG lacks.
		 */
		g->dbgctl = value;
		return 0;
	case MSR_IA32_SYSENTER_CS:
		g->sysenter_cs = (uint32_t)value;
		return 0;
	case MSR_IA32_SYSENTER_ESP:
	case MSR_IA32_SYSENTER_EIP:
	case MSR_FS_BASE:
	case MSR_GS_BASE:
		/* Canonical: hv/msr.c checked it. */
		if (index == MSR_IA32_SYSENTER_ESP)
			g->sysenter_esp = value;
		else if (index == MSR_IA32_SYSENTER_EIP)
			g->sysenter_eip = value;
		else if (index == MSR_FS_BASE)
			g->fs.base = value;
		else
			g->gs.base = value;
		return 0;
	default:
		return -HV_ENOENT;
	}
}

/* TSC_OFFSET is part of every VMCB (APM vol. 2, Appendix B). */
bool svm_tsc_offsetting(void)
{
	return true;
}

int svm_vcpu_set_tsc_offset(struct vcpu *v, uint64_t offset)
{
	to_svm(v)->vmcb->control.tsc_offset = offset;
	return 0;
}

void svm_vcpu_set_xcr0(struct vcpu *v, uint64_t xcr0)
{
	/* In the register while the vCPU is loaded (svm_switch.c). */
	to_svm(v)->xcr0 = xcr0;
	__asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)xcr0),
			 "d"((uint32_t)(xcr0 >> 32)));
}

int svm_vcpu_translate(struct vcpu *v, uint64_t gla, bool write,
		       uint64_t *gpa)
{
	const struct vmcb_save *g = save_of(v);
	struct guest_paging p = {
		.cr0 = g->cr0, .cr3 = g->cr3, .cr4 = g->cr4,
		.efer = g->efer, .read = x86_read_guest_phys, .ctx = v->vm,
	};

	(void)write;
	return guest_translate(&p, gla, gpa) ? -HV_EFAULT : 0;
}
