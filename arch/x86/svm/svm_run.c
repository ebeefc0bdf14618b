// SPDX-License-Identifier: MIT
/*
 * Running a vCPU under SVM: enter, leave, decode; and the small services
 * the core asks of the current VMCB (step over an instruction, inject an
 * event, open an interrupt window, aim the preemption timer).
 *
 * The entry, as the APM wants it for a host that takes its own
 * interrupts (vol. 2, 15.17 and 15.21.1, KVM's svm_vcpu_run()):
 *     CLGI          ; no interrupt, NMI or SMI reaches the host from here
 *     arm the timer ; for the vCPU's deadline (svm_timer.c)
 *     STI           ; the host's IF = 1 is what VMRUN saves: with
 *                   ; V_INTR_MASKING a physical interrupt in the guest
 *                   ; makes an INTR #VMEXIT
 *     VMRUN ...     ; svm_entry.asm
 *     STGI          ; the interrupt that made the exit is taken here
 *     CLI
 */
#include "arch/x86/cpu.h"
#include "arch/x86/svm/svm.h"
#include "arch/x86/svm/svm_check.h"
#include "arch/x86/virt.h"
#include "hv/hypercalls.h"
#include "hv/printk.h"
#include "hv/selftest.h"
#include "hv/vm.h"

#define RFLAGS_TF		(1ULL << 8)
#define RFLAGS_RF		(1ULL << 16)
#define RFLAGS_IF		(1ULL << 9)
#define CR4_OSXSAVE		(1ULL << 18)

static inline uint64_t read_xcr0(void)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * An exit in the middle of delivering an event through the guest's IDT
 * (an interrupt, a #NPF on the IDT or the stack...) leaves the event
 * undelivered: EXITINTINFO says which (APM 15.7.2). Inject it again, as
 * KVM's svm_complete_interrupts() does. A software interrupt or INT3/INTO
 * is not: without NRIP its return address is unknown, and since RIP still
 * points at the instruction, the guest simply executes it again.
 */
static void requeue_exitintinfo(struct svm_vcpu *a, struct hv_exit *e)
{
	uint64_t info = a->vmcb->control.exitintinfo;
	uint32_t type = info & SVM_EVTINJ_TYPE_MASK;
	uint8_t vector = info & SVM_EVTINJ_VEC_MASK;

	if (!(info & SVM_EVTINJ_VALID))
		return;
	e->delivering = true;
	e->delivering_vector = vector;
	if (type == SVM_EVTINJ_TYPE_SOFT ||
	    (type == SVM_EVTINJ_TYPE_EXEPT && (vector == 3 || vector == 4)))
		return;
	a->vmcb->control.eventinj = info;
	a->event_pending = true;
}

/*
 * After a VINTR exit the window is open: drop the dummy virtual
 * interrupt that asked for it (APM 15.21.4, KVM's svm_clear_vintr()).
 */
static void clear_vintr(struct vmcb *vmcb)
{
	vmcb->control.int_ctl &= ~(uint64_t)(V_IRQ | V_IGN_TPR);
	vmcb->control.intercept_misc1 &= ~INTERCEPT_VINTR;
}

/* What the checks need, kept before VMRUN: a failed one overwrites it. */
static struct vmcb vmcb_before;

static void snapshot(const struct vmcb *vmcb)
{
	vmcb_before.control.intercept_misc2 = vmcb->control.intercept_misc2;
	vmcb_before.control.iopm_base_pa = vmcb->control.iopm_base_pa;
	vmcb_before.control.msrpm_base_pa = vmcb->control.msrpm_base_pa;
	vmcb_before.control.asid = vmcb->control.asid;
	vmcb_before.control.np_enable = vmcb->control.np_enable;
	vmcb_before.control.n_cr3 = vmcb->control.n_cr3;
	vmcb_before.control.eventinj = vmcb->control.eventinj;
	vmcb_before.save.cs = vmcb->save.cs;
	vmcb_before.save.efer = vmcb->save.efer;
	vmcb_before.save.cr0 = vmcb->save.cr0;
	vmcb_before.save.cr3 = vmcb->save.cr3;
	vmcb_before.save.cr4 = vmcb->save.cr4;
	vmcb_before.save.dr6 = vmcb->save.dr6;
	vmcb_before.save.dr7 = vmcb->save.dr7;
	vmcb_before.save.rip = vmcb->save.rip;
}

static void svm_exit_mark_now(struct exit_mark *m)
{
	m->tsc = rdtsc();
	m->reads = 0;		/* no VMREAD/VMWRITE: the VMCB is memory */
	m->writes = 0;
}

/*
 * One VMRUN, from CLGI to CLI (see the top of this file). @entry: where
 * to mark the entry, NULL for the re-entries after a fast-path exit,
 * whose cost the fast path counts itself: the last full exit's cost ends
 * at the first entry (v->at_entry), as on VT-x.
 */
static void enter_once(struct vcpu *v, struct svm_vcpu *a, bool xsave,
		       struct exit_mark *entry)
{
	struct vmcb *vmcb = a->vmcb;

	vmcb->save.rax = v->regs.rax;
	snapshot(vmcb);
	__asm__ volatile("clgi" ::: "memory");
	svm_timer_arm(a->deadline);
	if (entry)
		svm_exit_mark_now(entry);
	__asm__ volatile("sti" ::: "memory");
	svm_vcpu_enter(&v->regs, a->vmcb_pa, svm_host_save_pa,
		       &v->at_exit.tsc);
	__asm__ volatile("stgi\n\tcli" ::: "memory");
	svm_timer_disarm();
	v->at_exit.reads = v->at_exit.writes = 0;
	v->regs.rax = vmcb->save.rax;
	/* QEMU's TCG cannot intercept XSETBV: the guest may have set it. */
	if (xsave)
		a->xcr0 = read_xcr0();
	vmcb->control.tlb_ctl = TLB_CONTROL_DO_NOTHING;
	vmcb->control.eventinj = 0;
	a->event_pending = false;	/* delivered, or in EXITINTINFO */
	a->exitcode = vmcb->control.exitcode;
}

/*
 * The length of the instruction that exited: NRIP where the CPU saves it
 * (15.7.1), else decoded, and only when a handler steps over it. The
 * handlers that change how the code is fetched (CR0, CR4: paging) have
 * it decoded before, with the access itself (svm_decode_cr_access()).
 */
static unsigned int insn_len(struct vcpu *v, struct svm_vcpu *a)
{
	const struct vmcb *vmcb = a->vmcb;

	if (!a->insn_len)
		a->insn_len = cpu_has_svm_nrips() && vmcb->control.next_rip ?
			(unsigned int)(vmcb->control.next_rip - vmcb->save.rip) :
			svm_insn_length(v, a->exitcode);
	return a->insn_len;
}

/*
 * A hypercall the core answers at once (HC_NULL from CPL 0, hv/pv.h),
 * answered here and the guest entered again, as vmx_fastpath() does
 * (KVM's exit fastpath): no decoding, no return to the run loop. A
 * VMMCALL under RFLAGS.TF or RF goes down the full path, which raises the
 * single step its completion owes (APM Vol. 2, 13.1.2.2) and clears RF;
 * the interrupt shadow it ends here.
 */
static bool fastpath(struct vcpu *v, struct svm_vcpu *a)
{
	struct vmcb *vmcb = a->vmcb;

	if (a->exitcode != SVM_EXIT_VMMCALL || !hypercall_fastpath_wanted(v) ||
	    (vmcb->save.rflags & (RFLAGS_TF | RFLAGS_RF)) ||
	    !hypercall_fastpath(v, vmcb->save.cpl & 3))
		return false;
	/* 0F 01 D9, or longer with prefixes */
	a->insn_len = cpu_has_svm_nrips() && vmcb->control.next_rip ?
		(unsigned int)(vmcb->control.next_rip - vmcb->save.rip) :
		svm_vmmcall_length(v);
	vmcb->save.rip += a->insn_len;
	vmcb->control.int_state &= ~(uint64_t)SVM_INTERRUPT_SHADOW;
	vm_account_fast_exit(v->vm, SVM_EXIT_VMMCALL,
			     rdtsc() - v->at_exit.tsc, 0, 0);
	return true;
}

void svm_vcpu_run(struct vcpu *v, struct hv_exit *e)
{
	struct svm_vcpu *a = to_svm(v);
	struct vmcb *vmcb = a->vmcb;
	bool xsave = read_cr4() & CR4_OSXSAVE;
	struct exit_mark *entry = &v->at_entry;

	if (vmcb->control.tlb_ctl == TLB_CONTROL_FLUSH_ALL)
		selftest_point(SELFTEST_BEFORE_VM_ENTRY, v);
	do {
		enter_once(v, a, xsave, entry);
		entry = NULL;
	} while (fastpath(v, a));
	a->insn_len = 0;

	svm_decode_exit(vmcb, e);
	if (svm_nmi_exit(v))
		e->kind = HV_EXIT_INTERRUPT_WINDOW;	/* nothing for the core */
	switch (e->kind) {
	case HV_EXIT_ENTRY_FAILURE:
		svm_explain_invalid(v, &vmcb_before);
		return;
	case HV_EXIT_INTERRUPT_WINDOW:
		if (a->exitcode == SVM_EXIT_VINTR)
			clear_vintr(vmcb);
		break;
	case HV_EXIT_EXTERNAL_INTERRUPT:
		/* The timer's interrupt, at or after its deadline. */
		if (a->deadline && rdtsc() >= a->deadline)
			e->kind = HV_EXIT_TIMER;
		break;
	case HV_EXIT_INVALID_OPCODE:
		if (a->exitcode == SVM_EXIT_EXCP_BASE + 6 &&
		    svm_insn_is_vmcall(v)) {
			e->kind = HV_EXIT_HYPERCALL;
			a->insn_len = 3;
		}
		break;
	case HV_EXIT_CR_ACCESS:
		if (svm_decode_cr_access(v, e))
			e->kind = HV_EXIT_UNEXPECTED;	/* dumps, stops the VM */
		break;
	case HV_EXIT_IO:
		/* EXITINFO2 is the next RIP (15.10.2). */
		a->insn_len = (unsigned int)(vmcb->control.exitinfo2 -
					     vmcb->save.rip);
		if (e->io.string && svm_decode_string_io(v, e))
			e->kind = HV_EXIT_UNEXPECTED;	/* dumps, stops the VM */
		break;
	default:
		break;
	}
	requeue_exitintinfo(a, e);
}

void svm_exit_mark(struct exit_mark *m)
{
	svm_exit_mark_now(m);
}

/* The instruction is done: no more STI or MOV SS shadow (15.21.5). */
static void end_interrupt_shadow(struct vmcb *vmcb)
{
	vmcb->control.int_state &= ~(uint64_t)SVM_INTERRUPT_SHADOW;
}

uint64_t svm_vcpu_skip_instruction(struct vcpu *v)
{
	struct svm_vcpu *a = to_svm(v);

	a->vmcb->save.rip += insn_len(v, a);
	end_interrupt_shadow(a->vmcb);
	return a->vmcb->save.rflags;
}

void svm_vcpu_set_rip(struct vcpu *v, uint64_t rip)
{
	struct vmcb *vmcb = to_svm(v)->vmcb;

	vmcb->save.rip = rip;
	end_interrupt_shadow(vmcb);
}

void svm_vcpu_inject_exception(struct vcpu *v, uint8_t vector,
			       bool has_error_code, uint32_t error_code)
{
	struct svm_vcpu *a = to_svm(v);
	uint64_t ev = vector | SVM_EVTINJ_TYPE_EXEPT | SVM_EVTINJ_VALID;

	if (has_error_code)
		ev |= SVM_EVTINJ_VALID_ERR | (uint64_t)error_code << 32;
	a->vmcb->control.eventinj = ev;
	a->event_pending = true;
}

/*
 * The interrupt window (15.21.4): a dummy virtual interrupt (V_IRQ,
 * ignoring V_TPR) with the VINTR intercept exits as soon as the guest
 * could take it: RFLAGS.IF set and no interrupt shadow.
 */
bool svm_vcpu_interrupt_window_open(struct vcpu *v)
{
	struct svm_vcpu *a = to_svm(v);
	struct vmcb *vmcb = a->vmcb;

	if (!a->event_pending && !a->nmi_singlestep &&
	    (vmcb->save.rflags & RFLAGS_IF) &&
	    !(vmcb->control.int_state & SVM_INTERRUPT_SHADOW)) {
		clear_vintr(vmcb);
		return true;
	}
	vmcb->control.int_ctl |= V_IRQ | V_IGN_TPR;
	vmcb->control.intercept_misc1 |= INTERCEPT_VINTR;
	return false;
}

void svm_vcpu_inject_interrupt(struct vcpu *v, uint8_t vector)
{
	struct svm_vcpu *a = to_svm(v);

	a->vmcb->control.eventinj = vector | SVM_EVTINJ_TYPE_INTR |
				    SVM_EVTINJ_VALID;
	a->event_pending = true;
}

void svm_vcpu_set_deadline(struct vcpu *v, uint64_t tsc)
{
	to_svm(v)->deadline = tsc;
}
