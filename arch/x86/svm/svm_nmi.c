// SPDX-License-Identifier: MIT
/*
 * NMIs for the guest under SVM without vNMI (QEMU 7.2 has none): the
 * CPU keeps no NMI blocking for the guest, so the backend does, as KVM's
 * svm.c did before vNMI (iret_interception(), svm_enable_nmi_window(),
 * svm_complete_interrupts()):
 *
 *   inject   EVENTINJ type NMI, vector 2 (APM 15.20); blocked from now,
 *            and IRET intercepted (APM 15.9: the intercept is checked
 *            before the instruction runs)
 *   IRET     #VMEXIT at the IRET: intercept off, "IRET on its way";
 *            blocking ends at the first exit whose RIP is elsewhere
 *   window   an NMI pending while blocked by that IRET or an interrupt
 *            shadow: single-step the
 *            guest (TF, RF, #DB intercepted) so the next #VMEXIT comes
 *            right after the IRET; that #DB is the hypervisor's: hidden,
 *            the guest's own TF, RF and DR6 put back. The single-step trap
 *            of an IRET follows the TF it started with (SDM 17.3.1.4).
 *
 * What this cannot hide: a PUSHF stepped this way pushes our TF. An NMI
 * behind another event being injected waits for the next exit; no
 * interrupt is injected while the step is on (its frame would keep TF).
 */
#include "arch/x86/svm/svm.h"
#include "hv/vm.h"

#define RFLAGS_TF		(1ULL << 8)
#define RFLAGS_RF		(1ULL << 16)
#define VECTOR_DB		1
#define DR6_BS			(1ULL << 14)

static void intercept_db(struct vmcb *vmcb, bool on)
{
	if (on)
		vmcb->control.intercept_exceptions |= 1u << VECTOR_DB;
	else
		vmcb->control.intercept_exceptions &= ~(1u << VECTOR_DB);
}

static void start_singlestep(struct svm_vcpu *a)
{
	struct vmcb *vmcb = a->vmcb;

	if (a->nmi_singlestep)
		return;
	a->nmi_singlestep = true;
	a->nmi_guest_rflags = vmcb->save.rflags & (RFLAGS_TF | RFLAGS_RF);
	a->nmi_guest_dr6 = vmcb->save.dr6;
	vmcb->save.rflags |= RFLAGS_TF | RFLAGS_RF;
	intercept_db(vmcb, true);
}

/* Put the guest's TF and RF back (it may have changed them: IRET did). */
static void stop_singlestep(struct svm_vcpu *a)
{
	struct vmcb *vmcb = a->vmcb;

	a->nmi_singlestep = false;
	intercept_db(vmcb, false);
	if (!(a->nmi_guest_rflags & RFLAGS_TF))
		vmcb->save.rflags &= ~RFLAGS_TF;
	if (!(a->nmi_guest_rflags & RFLAGS_RF))
		vmcb->save.rflags &= ~RFLAGS_RF;
}

bool svm_nmi_exit(struct vcpu *v)
{
	struct svm_vcpu *a = to_svm(v);
	struct vmcb *vmcb = a->vmcb;
	bool own = false;

	if (a->exitcode == SVM_EXIT_IRET) {
		vmcb->control.intercept_misc1 &= ~INTERCEPT_IRET;
		a->nmi_iret = true;
		a->nmi_iret_rip = vmcb->save.rip;
		own = true;
	}
	if (a->exitcode == SVM_EXIT_EXCP_BASE + VECTOR_DB) {
		bool guest_tf = a->nmi_guest_rflags & RFLAGS_TF;

		if (!a->nmi_singlestep) {
			/* Not armed by us: the guest's own #DB, given back. */
			svm_vcpu_inject_exception(v, VECTOR_DB, false, 0);
			return true;
		}
		stop_singlestep(a);
		if (guest_tf) {
			svm_vcpu_inject_exception(v, VECTOR_DB, false, 0);
		} else {
			vmcb->save.dr6 = a->nmi_guest_dr6;	/* hidden */
		}
		own = true;
	}
	/* The IRET is behind us: NMIs are no longer blocked. */
	if (a->nmi_iret && vmcb->save.rip != a->nmi_iret_rip) {
		a->nmi_iret = false;
		a->nmi_masked = false;
	}
	return own;
}

bool svm_vcpu_nmi_window_open(struct vcpu *v)
{
	struct svm_vcpu *a = to_svm(v);
	struct vmcb *vmcb = a->vmcb;

	if (!a->event_pending && !a->nmi_masked &&
	    !(vmcb->control.int_state & SVM_INTERRUPT_SHADOW))
		return true;
	/* Blocked until its IRET, which is intercepted: that exit comes. */
	if (a->nmi_masked && !a->nmi_iret)
		return false;
	/*
	 * Behind another event only: the next exit brings it (stepping into
	 * the event's delivery would push our TF on the guest's stack).
	 */
	if (!a->nmi_masked && !(vmcb->control.int_state & SVM_INTERRUPT_SHADOW))
		return false;
	start_singlestep(a);
	return false;
}

void svm_vcpu_inject_nmi(struct vcpu *v)
{
	struct svm_vcpu *a = to_svm(v);

	a->vmcb->control.eventinj = 2 | SVM_EVTINJ_TYPE_NMI | SVM_EVTINJ_VALID;
	a->event_pending = true;
	a->nmi_masked = true;
	a->nmi_iret = false;
	a->vmcb->control.intercept_misc1 |= INTERCEPT_IRET;
}
