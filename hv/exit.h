/* SPDX-License-Identifier: MIT */
/*
 * VM exits in vendor-neutral terms. The backend (arch/x86/vmx/vmx_exit.c)
 * decodes each hardware exit into a struct hv_exit; the core dispatches on
 * its kind through one table (hv/exit.c), one handler per kind, all with
 * the same signature.
 */
#ifndef HV_EXIT_H
#define HV_EXIT_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

enum hv_exit_kind {
	HV_EXIT_UNEXPECTED = 0,	/* a reason nobody handles: dump, stop VM */
	HV_EXIT_EXCEPTION,	/* an exception the guest took (exception bitmap) */
	HV_EXIT_EXTERNAL_INTERRUPT,
	HV_EXIT_TRIPLE_FAULT,
	HV_EXIT_INTERRUPT_WINDOW,
	HV_EXIT_CPUID,
	HV_EXIT_HLT,
	HV_EXIT_CACHE_FLUSH,	/* INVD, WBINVD */
	HV_EXIT_IO,
	HV_EXIT_MSR_READ,
	HV_EXIT_MSR_WRITE,
	HV_EXIT_CR_ACCESS,
	HV_EXIT_XSETBV,
	HV_EXIT_NPF,		/* nested page fault: EPT violation */
	HV_EXIT_NPF_MISCONFIG,	/* EPT misconfiguration: our bug */
	HV_EXIT_INVALID_OPCODE,	/* an instruction this vCPU lacks (VMX...) */
	HV_EXIT_HYPERCALL,	/* VMCALL */
	HV_EXIT_TIMER,		/* the preemption timer fired */
	HV_EXIT_ENTRY_FAILURE,	/* VM entry failed (invalid guest state ...) */
	HV_EXIT_NR
};

enum cr_access_type {
	CR_ACCESS_MOV_TO = 0,	/* SDM Table 28-3 */
	CR_ACCESS_MOV_FROM = 1,
	CR_ACCESS_CLTS = 2,
	CR_ACCESS_LMSW = 3,
};

struct hv_exit {
	enum hv_exit_kind kind;
	uint32_t reason;	/* the hardware's number, for stats and logs */
	uint64_t qualification;	/* raw, for logs */
	uint64_t guest_rip;
	/*
	 * The exit cut short the delivery of an event through the guest's
	 * IDT (IDT-vectoring information, SDM 28.2.4; EXITINTINFO, APM
	 * 15.7.2), which the backend injects again: its vector.
	 */
	bool delivering;
	uint8_t delivering_vector;
	union {
		struct {
			uint16_t port;
			uint8_t size;		/* 1, 2 or 4 */
			bool in, string, rep;
			uint64_t gla;		/* string: linear address */
			uint8_t addr_size;	/* string: 2, 4 or 8 */
		} io;
		struct {
			uint8_t cr;
			uint8_t type;		/* enum cr_access_type */
			uint8_t gpr;		/* register number, RAX = 0 */
			uint16_t lmsw_source;
		} cr;
		struct {
			uint64_t gpa, gla;
			bool read, write, fetch, gla_valid;
			bool page_walk;	/* at a paging-structure entry */
		} npf;
		struct {
			uint8_t vector;
			bool has_error_code;
			uint32_t error_code;
		} exception;
	};
};

/* What a handler tells the run loop. */
enum exit_action {
	EXIT_RESUME,		/* enter the guest again */
	EXIT_STOP,		/* the VM is over (exited or stopped) */
	EXIT_SLEEP,		/* the vCPU waits (HLT, HC_BLOCK): see vm->sleep */
	EXIT_YIELD,		/* the guest gives the CPU away (HC_YIELD) */
};

typedef enum exit_action (*exit_handler_t)(struct vcpu *v,
					   const struct hv_exit *e);

/*
 * The hypervisor has carried out the guest's instruction: step over it,
 * clear RFLAGS.RF and, with RFLAGS.TF set, raise the single-step #DB the
 * CPU would have (DR6.BS; SDM 19.3.1.4). Returns true if that #DB is now
 * on its way.
 */
bool vcpu_skip_emulated_instruction(struct vcpu *v);

/*
 * The same for an instruction already stepped over (MMIO emulation), the
 * guest's RFLAGS after it being @rflags.
 */
bool vcpu_complete_instruction(struct vcpu *v, uint64_t rflags);

/*
 * The single-step trap, DR6.BS (SDM 17.3.1.4), of a step the hypervisor
 * did under RFLAGS.TF without completing the instruction (one iteration
 * of a REP string I/O).
 */
void vcpu_single_step_trap(struct vcpu *v);

/*
 * Raise exception @vector in the guest on the next entry; for a fault
 * (not a trap or abort) the pushed RFLAGS has RF set, as the CPU does
 * (SDM 19.3.1.1, 7.12.1), so a return to the instruction is not stopped
 * again by an instruction breakpoint.
 */
void vcpu_queue_exception(struct vcpu *v, uint8_t vector, bool has_error_code,
			  uint32_t error_code);

/* Dispatch one exit to its handler. */
enum exit_action hv_handle_exit(struct vcpu *v, const struct hv_exit *e);

const char *hv_exit_kind_name(enum hv_exit_kind kind);

/*
 * The exit's common name, the same on both backends, in the statistics
 * and the trace beside the vendor's own (reason=IO_INSTRUCTION on VT-x,
 * reason=IOIO on SVM: kind=io). RDMSR and WRMSR are one kind, "msr", as
 * SVM has one exit code for both. Inline: hv/stats.c and hv/trace.c are
 * host-tested without the exit table.
 */
static inline const char *hv_exit_class(unsigned int kind)
{
	static const char *const names[HV_EXIT_NR] = {
		[HV_EXIT_UNEXPECTED] = "unexpected",
		[HV_EXIT_EXCEPTION] = "exception",
		[HV_EXIT_EXTERNAL_INTERRUPT] = "interrupt",
		[HV_EXIT_TRIPLE_FAULT] = "shutdown",
		[HV_EXIT_INTERRUPT_WINDOW] = "interrupt_window",
		[HV_EXIT_CPUID] = "cpuid",
		[HV_EXIT_HLT] = "hlt",
		[HV_EXIT_CACHE_FLUSH] = "cache_flush",
		[HV_EXIT_IO] = "io",
		[HV_EXIT_MSR_READ] = "msr",
		[HV_EXIT_MSR_WRITE] = "msr",
		[HV_EXIT_CR_ACCESS] = "cr",
		[HV_EXIT_XSETBV] = "xsetbv",
		[HV_EXIT_NPF] = "npf",
		[HV_EXIT_NPF_MISCONFIG] = "npf_misconfig",
		[HV_EXIT_INVALID_OPCODE] = "invalid_opcode",
		[HV_EXIT_HYPERCALL] = "hypercall",
		[HV_EXIT_TIMER] = "timer",
		[HV_EXIT_ENTRY_FAILURE] = "entry_failure",
	};

	return kind < HV_EXIT_NR && names[kind] ? names[kind] : "unexpected";
}

#endif
