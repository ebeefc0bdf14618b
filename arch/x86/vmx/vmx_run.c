// SPDX-License-Identifier: MIT
/*
 * Running a vCPU: enter, leave, decode; and the small services the core
 * asks of the current VMCS (step over an instruction, inject an event,
 * arm the preemption timer). The null-hypercall path through here costs
 * four VMREADs (exit reason, SS access rights for the CPL, RIP,
 * instruction length) and one VMWRITE (RIP): everything else is read or
 * written only when needed.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmx_debug.h"
#include "arch/x86/vmx/vmx_exit_reasons.h"
#include "arch/x86/vmx/vmx_names.h"
#include "arch/x86/vmx/vmx_ops.h"
#include "hv/arch.h"
#include "hv/hypercalls.h"
#include "hv/printk.h"
#include "hv/selftest.h"
#include "hv/vm.h"

#define RFLAGS_TF		(1ULL << 8)
#define RFLAGS_IF		(1ULL << 9)
#define RFLAGS_RF		(1ULL << 16)
#define PREEMPTION_TIMER_MAX	0xffffffffULL

/* Arm the VMX-preemption timer for the deadline (SDM 26.5.1). */
static void program_timer(struct arch_vcpu *a)
{
	uint64_t now = rdtsc(), ticks = PREEMPTION_TIMER_MAX;

	if (a->deadline) {
		uint64_t delta = a->deadline > now ? a->deadline - now : 0;

		ticks = delta >> vmx_preemption_timer_rate(&vmx_caps);
		if (ticks > PREEMPTION_TIMER_MAX)
			ticks = PREEMPTION_TIMER_MAX;
	}
	vmcs_write32(VMX_PREEMPTION_TIMER_VALUE, (uint32_t)ticks);
	a->deadline_dirty = false;
}

/*
 * VMREAD and VMWRITE for the fast path: a failure is not reported here but
 * sends the exit down the slow path, whose typed accessors report it. So
 * the fast path calls no function, and keeps few registers busy. Each
 * counts into *@n, which vmx_fastpath() adds to the statistics once.
 */
static inline bool fast_vmread(uint32_t field, uint64_t *value,
			       unsigned int *n)
{
	uint64_t v;

	++*n;
	__asm__ goto("vmread %[field], %[v]\n\t"
		     "jbe %l[fail]"
		     : [v] "=r"(v) : [field] "r"((uint64_t)field) : "cc" : fail);
	*value = v;
	return true;
fail:
	return false;
}

static inline bool fast_vmwrite(uint32_t field, uint64_t value,
				unsigned int *n)
{
	++*n;
	__asm__ goto("vmwrite %[value], %[field]\n\t"
		     "jbe %l[fail]"
		     : : [field] "r"((uint64_t)field), [value] "r"(value)
		     : "cc" : fail);
	return true;
fail:
	return false;
}

/*
 * Called by vmx_exit_stub on every VM exit, before anything else, with
 * the guest's registers but RAX, RDX and RDI still in place: handle the
 * exit here and return 1 to go straight back into the guest, or return 0
 * for the full path through vmx_vcpu_run() and the run loop. Only a
 * hypercall the core answers at once (HC_NULL) qualifies, as in KVM's
 * exit fastpath, and only from CPL 0 (hv/pv.h): the CPL costs one
 * VMREAD, as KVM's vmx_get_cpl() does. A VMCALL under RFLAGS.TF or RF,
 * or in the shadow of STI or MOV SS, goes down the full path, which
 * completes it as the CPU would (a single-step #DB, RF cleared, the
 * shadow ended: SDM 25.4.2, 18.3.1.4, 19.3.1.1): two VMREADs that keep
 * the fast path exact.
 * No frame pointer: a leaf on the hottest path, seen by no backtrace.
 */
__attribute__((optimize("omit-frame-pointer")))
int vmx_fastpath(struct vcpu *v)
{
	struct arch_vcpu *a = v->arch;
	uint64_t reason = 0, ss_ar, rflags, intr, rip, len;
	unsigned int reads = 0, writes = 0;
	struct exit_mark now;
	bool fast;

	fast = fast_vmread(VM_EXIT_REASON, &reason, &reads) &&
	       reason == EXIT_REASON_VMCALL && hypercall_fastpath_wanted(v) &&
	       fast_vmread(GUEST_RFLAGS, &rflags, &reads) &&
	       !(rflags & (RFLAGS_TF | RFLAGS_RF)) &&
	       fast_vmread(GUEST_INTERRUPTIBILITY_INFO, &intr, &reads) &&
	       !(intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS)) &&
	       fast_vmread(GUEST_SS_AR_BYTES, &ss_ar, &reads) && /* the CPL */
	       hypercall_fastpath(v, VMX_AR_DPL(ss_ar)) &&
	       fast_vmread(GUEST_RIP, &rip, &reads) &&
	       fast_vmread(VM_EXIT_INSTRUCTION_LEN, &len, &reads) &&
	       fast_vmwrite(GUEST_RIP, rip + len, &writes);
	if (!fast) {
		/* The slow path's exit, from here: these VMREADs are its. */
		a->exit_reason = (uint32_t)reason; /* 0: it reads it again */
		v->at_exit.reads = vmcs_read_count;
		v->at_exit.writes = vmcs_write_count;
		vmcs_read_count += reads;
		vmcs_write_count += writes;
		return 0;
	}
	vmcs_read_count += reads;
	vmcs_write_count += writes;
	a->rip = rip + len;
	vmx_exit_mark(&now);
	vm_account_fast_exit(v->vm, EXIT_REASON_VMCALL,
			     now.tsc - v->at_exit.tsc, reads, writes);
	return 1;
}

/*
 * An IRET that faulted (an exception exit) or exited (an EPT violation)
 * after it had ended NMI blocking says so in bit 12, "NMI unblocking due
 * to IRET": the IRET will run again, so the blocking must be set again
 * before the entry (SDM 28.2.3, KVM's vmx_recover_nmi_blocking()). Not
 * for #DF, and not when the exit interrupted an event's delivery.
 */
static void recover_nmi_blocking(const struct hv_exit *e)
{
	uint32_t info;
	bool unblocked;

	switch (e->reason) {
	case EXIT_REASON_EXCEPTION_NMI:
		info = vmcs_read32(VM_EXIT_INTR_INFO);
		unblocked = (info & INTR_INFO_VALID_MASK) &&
			    (info & INTR_INFO_UNBLOCK_NMI) &&
			    (info & INTR_INFO_VECTOR_MASK) != 8;
		break;
	case EXIT_REASON_EPT_VIOLATION:
		unblocked = vmcs_readl(EXIT_QUALIFICATION) &
			    INTR_INFO_UNBLOCK_NMI;
		break;
	default:
		return;
	}
	if (unblocked)
		vmcs_write32(GUEST_INTERRUPTIBILITY_INFO,
			     vmcs_read32(GUEST_INTERRUPTIBILITY_INFO) |
			     GUEST_INTR_STATE_NMI);
}

/*
 * An exit in the middle of delivering an event through the guest's IDT
 * (a host interrupt, an EPT violation on the IDT or the stack...) leaves
 * the event undelivered: the IDT-vectoring information says which (SDM
 * 28.2.4). Inject it again, with its error code and, for software
 * interrupts and exceptions, the instruction length that makes the
 * return address right (SDM 27.6.1.1), as KVM's __vmx_complete_interrupts.
 */
static void requeue_vectoring_event(struct arch_vcpu *a, struct hv_exit *e)
{
	uint32_t info, type;

	/* An instruction's own exit never interrupts a delivery. */
	switch (e->kind) {
	case HV_EXIT_EXCEPTION:
	case HV_EXIT_EXTERNAL_INTERRUPT:
	case HV_EXIT_TRIPLE_FAULT:
	case HV_EXIT_NPF:
	case HV_EXIT_NPF_MISCONFIG:
	case HV_EXIT_TIMER:
	case HV_EXIT_UNEXPECTED:	/* task switch, APIC access... */
		break;
	default:
		return;
	}
	info = vmcs_read32(IDT_VECTORING_INFO_FIELD);
	type = info & VECTORING_INFO_TYPE_MASK;
	if (!(info & VECTORING_INFO_VALID_MASK)) {
		recover_nmi_blocking(e);
		return;
	}
	e->delivering = true;
	e->delivering_vector = (uint8_t)(info & VECTORING_INFO_VECTOR_MASK);
	/*
	 * An NMI whose delivery was cut short: the entry that injects it
	 * again must find no NMI blocking (SDM 27.3.1.5; KVM clears it too,
	 * citing 27.7.1.2). Its delivery sets it again.
	 */
	if (type == INTR_TYPE_NMI_INTR)
		vmcs_write32(GUEST_INTERRUPTIBILITY_INFO,
			     vmcs_read32(GUEST_INTERRUPTIBILITY_INFO) &
			     ~GUEST_INTR_STATE_NMI);
	if (info & VECTORING_INFO_DELIVER_CODE_MASK)
		vmcs_write32(VM_ENTRY_EXCEPTION_ERROR_CODE,
			     vmcs_read32(IDT_VECTORING_ERROR_CODE));
	if (type == INTR_TYPE_SOFT_INTR || type == INTR_TYPE_SOFT_EXCEPTION ||
	    type == INTR_TYPE_PRIV_SW_EXCEPTION)
		vmcs_write32(VM_ENTRY_INSTRUCTION_LEN,
			     vmcs_read32(VM_EXIT_INSTRUCTION_LEN));
	/* Bits 30:12 are reserved on entry (bit 12 is NMI unblocking). */
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD,
		     info & ~INTR_INFO_RESVD_BITS_MASK);
	a->event_pending = true;
}

void vmx_vcpu_run(struct vcpu *v, struct hv_exit *e)
{
	struct arch_vcpu *a = v->arch;
	uint32_t reason;
	int fail;

	if (a->deadline_dirty)
		program_timer(a);
	if (!a->launched)
		selftest_point(SELFTEST_BEFORE_VM_ENTRY, v);

	vmx_exit_mark(&v->at_entry);
	fail = vmx_vcpu_enter(&v->regs, a->launched, &v->at_exit.tsc,
			      &a->host_rsp, v);
	a->event_pending = false;	/* delivered, or failed with the entry */
	if (fail) {
		vmx_exit_mark(&v->at_exit);	/* the stub did not run */
		vmx_explain_entry_failure(v, fail, 0);
		*e = (struct hv_exit){ .kind = HV_EXIT_ENTRY_FAILURE,
				       .reason = EXIT_REASON_INVALID_STATE };
		return;
	}
	a->launched = true;
	reason = a->exit_reason;	/* read by vmx_fastpath() */
	if (!reason)			/* it could not: this one reports why */
		reason = vmcs_read32(VM_EXIT_REASON);
	if (reason & VMX_EXIT_REASONS_FAILED_VMENTRY) {
		a->launched = false;	/* the VMCS was not launched after all */
		vmx_explain_entry_failure(v, 0, reason);
		*e = (struct hv_exit){ .kind = HV_EXIT_ENTRY_FAILURE,
				       .reason = VMX_EXIT_REASON_BASIC(reason) };
		return;
	}
	vmx_decode_exit(v, VMX_EXIT_REASON_BASIC(reason), e);
	/*
	 * A host NMI made the exit (NMI exiting): hand it to the host's own
	 * handler, whose IRET also ends the NMI blocking the exit may leave
	 * (KVM's vmx_do_nmi_irqoff()).
	 */
	if (e->reason == EXIT_REASON_EXCEPTION_NMI &&
	    e->kind == HV_EXIT_EXTERNAL_INTERRUPT)
		__asm__ volatile("int $2" ::: "memory");
	requeue_vectoring_event(a, e);
	if (e->kind == HV_EXIT_TIMER)
		a->deadline_dirty = true;	/* it ran out: aim it again */
	vmx_debug_exit(v);
}

/*
 * STI and MOV SS block interrupts (and MOV SS debug exceptions) for one
 * instruction only: the one the hypervisor has just completed (SDM
 * 25.4.2, 7.8.3), as KVM's vmx_set_interrupt_shadow(vcpu, 0).
 */
void vmx_end_interrupt_shadow(void)
{
	uint32_t intr = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);

	if (intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))
		vmcs_write32(GUEST_INTERRUPTIBILITY_INFO,
			     intr & ~(GUEST_INTR_STATE_STI |
				      GUEST_INTR_STATE_MOV_SS));
}

uint64_t vmx_vcpu_skip_instruction(struct vcpu *v)
{
	struct arch_vcpu *a = v->arch;
	uint64_t pending, rflags;

	a->rip += vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
	vmcs_writel(GUEST_RIP, a->rip);
	vmx_end_interrupt_shadow();
	/*
	 * The single step over it is the core's to raise (with DR6.BS, as
	 * KVM does). Bochs also records it as a pending debug exception
	 * (BS) in the exit and delivers it after the entry; processors need
	 * not (SDM 28.3.4): drop it, so there is one behaviour, and one #DB.
	 */
	rflags = vmcs_readl(GUEST_RFLAGS);
	if (!(rflags & RFLAGS_TF))
		return rflags;
	pending = vmcs_readl(GUEST_PENDING_DBG_EXCEPTIONS);
	if (pending & PENDING_DBG_BS)
		vmcs_writel(GUEST_PENDING_DBG_EXCEPTIONS,
			    pending & ~PENDING_DBG_BS);
	return rflags;
}

uint64_t vmx_vcpu_rflags(struct vcpu *v)
{
	(void)v;
	return vmcs_readl(GUEST_RFLAGS);
}

unsigned int vmx_vcpu_cpl(struct vcpu *v)
{
	(void)v;
	return VMX_AR_DPL(vmcs_read32(GUEST_SS_AR_BYTES));
}

void vmx_vcpu_set_rflags(struct vcpu *v, uint64_t rflags)
{
	(void)v;
	vmcs_writel(GUEST_RFLAGS, rflags);
}

/* DR6 is in the register while the vCPU is loaded (vmx_switch.c). */
uint64_t vmx_vcpu_read_dr6(struct vcpu *v)
{
	uint64_t dr6;

	(void)v;
	__asm__ volatile("mov %%db6, %0" : "=r"(dr6));
	return dr6;
}

void vmx_vcpu_write_dr6(struct vcpu *v, uint64_t dr6)
{
	(void)v;
	__asm__ volatile("mov %0, %%db6" : : "r"(dr6));
}

void vmx_vcpu_inject_exception(struct vcpu *v, uint8_t vector,
				bool has_error_code, uint32_t error_code)
{
	uint32_t info = vector | INTR_TYPE_HARD_EXCEPTION | INTR_INFO_VALID_MASK;

	if (has_error_code) {
		info |= INTR_INFO_DELIVER_CODE_MASK;
		vmcs_write32(VM_ENTRY_EXCEPTION_ERROR_CODE, error_code);
	}
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, info);
	v->arch->event_pending = true;
}

/* Turn a window-exiting @control (interrupt or NMI) on or off. */
static void set_window_exiting(struct arch_vcpu *a, uint32_t control,
			       bool on)
{
	uint32_t cpu = on ? a->cpu_based | control : a->cpu_based & ~control;

	if (cpu != a->cpu_based) {
		vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, cpu);
		a->cpu_based = cpu;
	}
}

static void set_interrupt_window_exiting(struct arch_vcpu *a, bool on)
{
	set_window_exiting(a, CPU_BASED_INTR_WINDOW_EXITING, on);
}

bool vmx_vcpu_interrupt_window_open(struct vcpu *v)
{
	struct arch_vcpu *a = v->arch;
	uint32_t intr = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);

	if (!a->event_pending && (vmcs_readl(GUEST_RFLAGS) & RFLAGS_IF) &&
	    !(intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))) {
		set_interrupt_window_exiting(a, false);
		return true;
	}
	set_interrupt_window_exiting(a, true);
	return false;
}

void vmx_vcpu_inject_interrupt(struct vcpu *v, uint8_t vector)
{
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD,
		     vector | INTR_TYPE_EXT_INTR | INTR_INFO_VALID_MASK);
	v->arch->event_pending = true;
}

static void set_nmi_window_exiting(struct arch_vcpu *a, bool on)
{
	set_window_exiting(a, CPU_BASED_NMI_WINDOW_EXITING, on);
}

/*
 * With virtual NMIs the CPU keeps the guest's NMI blocking (set by the
 * NMI's delivery, cleared by its IRET: SDM 25.3); NMI-window exiting
 * exits at the first instruction boundary with neither it nor MOV SS
 * blocking (SDM 26.7.6). STI blocking is waited out too, as KVM does.
 */
bool vmx_vcpu_nmi_window_open(struct vcpu *v)
{
	struct arch_vcpu *a = v->arch;
	uint32_t intr = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);

	if (!a->event_pending &&
	    !(intr & (GUEST_INTR_STATE_NMI | GUEST_INTR_STATE_STI |
		      GUEST_INTR_STATE_MOV_SS))) {
		set_nmi_window_exiting(a, false);
		return true;
	}
	set_nmi_window_exiting(a, true);
	return false;
}

void vmx_vcpu_inject_nmi(struct vcpu *v)
{
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD,
		     2 | INTR_TYPE_NMI_INTR | INTR_INFO_VALID_MASK);
	v->arch->event_pending = true;
}

void vmx_vcpu_set_deadline(struct vcpu *v, uint64_t tsc)
{
	struct arch_vcpu *a = v->arch;

	if (tsc != a->deadline) {
		a->deadline = tsc;
		a->deadline_dirty = true;
	}
}

void vmx_vcpu_set_xcr0(struct vcpu *v, uint64_t xcr0)
{
	/*
	 * The hypervisor uses no extended state, so the guest's XCR0 can stay
	 * in the register while it runs; vmx_switch.c swaps it with the vCPU.
	 */
	v->arch->xcr0 = xcr0;
	__asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)xcr0),
			 "d"((uint32_t)(xcr0 >> 32)));
}

void vmx_hypercall_stub(uint8_t *stub, unsigned int size, uint32_t nr)
{
	static const uint8_t vmcall[] = { 0x0f, 0x01, 0xc1 };
	unsigned int i = 0;

	stub[i++] = 0xb8;			/* mov eax, imm32 */
	for (int b = 0; b < 4; b++)
		stub[i++] = (uint8_t)(nr >> (8 * b));
	for (unsigned int b = 0; b < sizeof(vmcall); b++)
		stub[i++] = vmcall[b];
	stub[i++] = 0xc3;			/* ret */
	while (i < size)
		stub[i++] = 0xcc;		/* int3 */
}

void vmx_vcpu_dump(struct vcpu *v)
{
	(void)v;
	for (size_t i = 0; i < vmcs_fields_count; i++) {
		uint64_t value;

		if (__vmcs_read(vmcs_fields[i].encoding, &value) == VMX_SUCCEED)
			printk("  %-36s 0x%llx\n", vmcs_fields[i].name,
			       (unsigned long long)value);
	}
}
