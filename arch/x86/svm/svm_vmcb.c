// SPDX-License-Identifier: MIT
/*
 * Setting up a vCPU's VMCB (AMD APM vol. 2, 15.5 and Appendix B):
 *   - the intercepts: what exits (the same list the VT-x controls make
 *     exit, vmx_vmcs.c), and the permission maps (svm_pm.c);
 *   - nested paging, the VM's ASID and V_INTR_MASKING (15.21.1: the
 *     guest's RFLAGS.IF masks only virtual interrupts, the host's the
 *     physical ones, so the host's LAPIC timer preempts any guest);
 *   - the guest state of the Multiboot machine state: 32-bit protected
 *     mode, flat segments, paging off (SVM runs it as it is: no
 *     "unrestricted guest" needed). EFER.SVME is set, as VMRUN requires
 *     (15.5.1); the guest never sees it (svm_regs.c).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/svm/svm.h"
#include "arch/x86/svm/svm_pm.h"
#include "hv/errno.h"
#include "hv/lib/string.h"
#include "hv/pmm.h"
#include "hv/printk.h"
#include "hv/vm.h"
#include "msr_index.h"

#define X86_CR0_PE		(1ULL << 0)
#define X86_CR0_ET		(1ULL << 4)
#define DR6_RESET		0xffff0ff0ULL
#define DR7_RESET		0x400ULL
#define PAT_POWER_ON		0x0007040600070406ULL
#define VECTOR_UD		6
#define VECTOR_MC		18

/* Segment attributes (APM Table B-2): descriptor bits 47:40, 55:52. */
#define ATTR_CODE32_FLAT	0xc9b	/* G, D/B, P, S, execute/read, accessed */
#define ATTR_DATA32_FLAT	0xc93	/* G, D/B, P, S, read/write, accessed */
#define ATTR_TSS32_BUSY		0x08b	/* P, busy 32-bit TSS */

static struct svm_vcpu svm_vcpus[BOOT_MAX_GUESTS];

/*
 * MSRs the guest owns outright, as under VT-x: the SYSCALL targets and
 * KERNEL_GS_BASE live in the VMCB (VMLOAD/VMSAVE move them), TSC_AUX is
 * switched by svm_switch.c; the hypervisor uses none of them.
 */
static const uint32_t guest_owned[] = {
	MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SYSCALL_MASK,
	MSR_KERNEL_GS_BASE, MSR_TSC_AUX,
};

/*
 * FS and GS base: read freely, but writes exit, so that a non-canonical
 * one #GPs (svm_regs.c) as on a real CPU; QEMU's TCG would take it.
 */
static const uint32_t guest_read[] = { MSR_FS_BASE, MSR_GS_BASE };

static int setup_maps(struct svm_vcpu *a)
{
	uint64_t iopm_pa, msrpm_pa;

	a->iopm = alloc_pages_zeroed(3, PMM_PAGE_SIZE, &iopm_pa);
	a->msrpm = alloc_pages_zeroed(2, PMM_PAGE_SIZE, &msrpm_pa);
	if (!a->iopm || !a->msrpm)
		return -HV_ENOMEM;
	svm_iopm_init(a->iopm);
	svm_msrpm_init(a->msrpm);
	for (unsigned i = 0; i < sizeof(guest_owned) / sizeof(guest_owned[0]); i++)
		svm_msrpm_passthrough(a->msrpm, guest_owned[i]);
	for (unsigned i = 0; i < sizeof(guest_read) / sizeof(guest_read[0]); i++)
		svm_msrpm_passthrough_read(a->msrpm, guest_read[i]);
	a->vmcb->control.iopm_base_pa = iopm_pa;
	a->vmcb->control.msrpm_base_pa = msrpm_pa;
	return 0;
}

static void setup_control(struct vcpu *v)
{
	struct vmcb_control *c = &to_svm(v)->vmcb->control;

	/*
	 * CR0 and CR4 writes exit, so hv/cr.c's rules apply as under VT-x
	 * (reads need no shadow: the VMCB holds what the guest wrote). CR8
	 * is the local APIC's TPR, kept by the core (hv/exit.c).
	 */
	c->intercept_cr_read = 1u << 8;
	c->intercept_cr_write = 1u << 0 | 1u << 4 | 1u << 8;
	/*
	 * #MC as VT-x always exits on it; #UD for VMCALL, which the guest
	 * may use for a hypercall as on Intel (KVM does the same).
	 */
	c->intercept_exceptions = 1u << VECTOR_UD | 1u << VECTOR_MC;
	c->intercept_misc1 = INTERCEPT_INTR | INTERCEPT_NMI |
			     INTERCEPT_CPUID | INTERCEPT_INVD |
			     INTERCEPT_HLT | INTERCEPT_INVLPGA |
			     INTERCEPT_IOIO_PROT | INTERCEPT_MSR_PROT |
			     INTERCEPT_TASK_SWITCH | INTERCEPT_SHUTDOWN;
	/*
	 * The SVM instructions (no nesting: #UD), the cache flushes,
	 * MONITOR/MWAIT (not offered) and XSETBV, where the CPU can
	 * intercept it (QEMU's TCG cannot: svm_run.c keeps XCR0 then).
	 */
	c->intercept_misc2 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL |
			     INTERCEPT_VMLOAD | INTERCEPT_VMSAVE |
			     INTERCEPT_STGI | INTERCEPT_CLGI |
			     INTERCEPT_SKINIT | INTERCEPT_WBINVD |
			     INTERCEPT_MONITOR | INTERCEPT_MWAIT |
			     INTERCEPT_MWAIT_COND | INTERCEPT_XSETBV;
	c->asid = to_svm_vm(v->vm)->asid;
	c->tlb_ctl = TLB_CONTROL_FLUSH_ALL;	/* first run: a clean ASID */
	c->int_ctl = V_INTR_MASKING;
	c->np_enable = SVM_NP_ENABLE;
	c->n_cr3 = to_svm_vm(v->vm)->npt_root;
	c->tsc_offset = 0;		/* IA32_TSC_ADJUST moves it */
}

static void set_segment(struct vmcb_seg *s, uint16_t sel, uint16_t attrib,
			uint32_t limit)
{
	*s = (struct vmcb_seg){ .selector = sel, .attrib = attrib,
				.limit = limit, .base = 0 };
}

/* Multiboot 0.6.96, 3.2 "Machine state"; the Linux 32-bit boot protocol. */
static void setup_save(struct vcpu *v, const struct vcpu_boot_state *s)
{
	struct vmcb_save *g = &to_svm(v)->vmcb->save;

	set_segment(&g->cs, s->cs, ATTR_CODE32_FLAT, 0xffffffff);
	set_segment(&g->ss, s->ds, ATTR_DATA32_FLAT, 0xffffffff);
	set_segment(&g->ds, s->ds, ATTR_DATA32_FLAT, 0xffffffff);
	set_segment(&g->es, s->ds, ATTR_DATA32_FLAT, 0xffffffff);
	set_segment(&g->fs, s->ds, ATTR_DATA32_FLAT, 0xffffffff);
	set_segment(&g->gs, s->ds, ATTR_DATA32_FLAT, 0xffffffff);
	set_segment(&g->ldtr, 0, 0, 0);
	set_segment(&g->tr, 0, ATTR_TSS32_BUSY, 0x67);
	g->gdtr = (struct vmcb_seg){ .limit = s->gdtr_limit,
				     .base = s->gdtr_base };
	g->idtr = (struct vmcb_seg){ 0 };
	g->cpl = 0;
	g->efer = EFER_SVME;
	g->cr0 = X86_CR0_PE | X86_CR0_ET;
	g->cr3 = 0;
	g->cr4 = 0;
	g->dr6 = DR6_RESET;
	g->dr7 = DR7_RESET;
	g->rflags = 0x2;		/* reserved bit 1; IF = 0 */
	g->rip = s->rip;
	g->rsp = 0;
	g->g_pat = PAT_POWER_ON;
	g->dbgctl = 0;
}

int svm_vcpu_init(struct vcpu *v, const struct vcpu_boot_state *s)
{
	struct svm_vcpu *a = &svm_vcpus[v->vm->id];
	int rc;

	memset(a, 0, sizeof(*a));
	a->vmcb = alloc_pages_zeroed(1, PMM_PAGE_SIZE, &a->vmcb_pa);
	if (!a->vmcb)
		return -HV_ENOMEM;
	if (svm_switch_init(a))
		return -HV_ENOMEM;
	v->arch = (struct arch_vcpu *)a;
	setup_control(v);
	rc = setup_maps(a);
	if (rc)
		return rc;
	setup_save(v, s);
	a->xcr0 = 1;			/* x87 only, the reset value */
	return 0;
}
