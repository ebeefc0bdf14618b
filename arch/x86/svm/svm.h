/* SPDX-License-Identifier: MIT */
/* The SVM backend's own state and internal interfaces (AMD APM vol. 2, 15). */
#ifndef ARCH_X86_SVM_SVM_H
#define ARCH_X86_SVM_SVM_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/svm/vmcb.h"
#include "hv/arch.h"
#include "hv/exit.h"
#include "hv/vm.h"

#define MSR_VM_CR		0xc0010114
#define MSR_VM_HSAVE_PA		0xc0010117
#define VM_CR_SVMDIS		(1ULL << 4)

/* What CPUID 0x8000000A says this CPU's SVM has (svm_init.c). */
struct svm_caps {
	uint32_t revision;	/* EAX[7:0] */
	uint32_t nasid;		/* EBX: number of ASIDs */
	uint32_t features;	/* EDX */
};

#define SVM_FEATURE_NPT		(1u << 0)
#define SVM_FEATURE_LBRV	(1u << 1)
#define SVM_FEATURE_NRIPS	(1u << 3)
#define SVM_FEATURE_VMCB_CLEAN	(1u << 5)
#define SVM_FEATURE_FLUSHBYASID	(1u << 6)
#define SVM_FEATURE_DECODEASSISTS (1u << 7)

extern struct svm_caps svm_caps;

static inline bool cpu_has_svm_npt(void)
{
	return svm_caps.features & SVM_FEATURE_NPT;
}

static inline bool cpu_has_svm_nrips(void)
{
	return svm_caps.features & SVM_FEATURE_NRIPS;
}

struct svm_vm {
	uint64_t npt_root;	/* physical address of the nested PML4 */
	uint32_t asid;
};

struct svm_vcpu {
	struct vmcb *vmcb;
	uint64_t vmcb_pa;

	/* Cached from the current exit. */
	uint64_t exitcode;
	unsigned int insn_len;	/* of the intercepted instruction, 0: unknown */
	bool event_pending;	/* EVENTINJ is set */

	uint64_t deadline;	/* TSC the host's LAPIC timer aims at */

	/*
	 * The guest's NMI blocking, kept by hand (no vNMI in QEMU 7.2): set
	 * when an NMI is injected, over when its IRET has run (svm_nmi.c).
	 */
	bool nmi_masked;
	bool nmi_iret;		/* its IRET exited, not yet past it */
	uint64_t nmi_iret_rip;	/* where that IRET is */
	bool nmi_singlestep;	/* TF set by us to step over it */
	uint64_t nmi_guest_rflags;	/* the guest's own TF and RF then */
	uint64_t nmi_guest_dr6;

	uint64_t xcr0;		/* the guest's: in the register while loaded */

	/* Switched by hand between vCPUs (svm_switch.c). */
	uint64_t dr[4];		/* DR0-DR3: VMRUN and #VMEXIT leave them */
	uint64_t tsc_aux;
	uint8_t *fpu;		/* XSAVE area, one page */

	uint8_t *iopm;		/* 12 KiB */
	uint8_t *msrpm;		/* 8 KiB */
};

static inline struct svm_vcpu *to_svm(struct vcpu *v)
{
	return (struct svm_vcpu *)v->arch;
}

static inline struct svm_vm *to_svm_vm(struct vm *vm)
{
	return (struct svm_vm *)vm->arch;
}

/*
 * svm_entry.asm: load the guest's general registers from @regs (but RAX:
 * in the VMCB), VMLOAD, VMRUN, VMSAVE the guest's @vmcb_pa, VMLOAD the
 * host's @host_pa, store the guest's registers back, *@exit_tsc = TSC.
 * Runs with GIF clear from before VMRUN until the caller's STGI.
 */
void svm_vcpu_enter(struct guest_regs *regs, uint64_t vmcb_pa,
		    uint64_t host_pa, uint64_t *exit_tsc);

/* The host's VMSAVE area (svm_init.c). */
extern uint64_t svm_host_save_pa;

/* svm_exit.c: the current exit, in the core's terms (pure: unit-tested). */
void svm_decode_exit(const struct vmcb *vmcb, struct hv_exit *e);

/* svm_insn.c: the length of the instruction that exited, 0: unknown. */
unsigned int svm_insn_length(struct vcpu *v, uint64_t exitcode);
unsigned int svm_vmmcall_length(struct vcpu *v);
/* INS/OUTS at RIP: e->io's address size and linear address; 0 or -1. */
int svm_decode_string_io(struct vcpu *v, struct hv_exit *e);
/* Is it VMCALL at RIP (a #UD on AMD)? */
bool svm_insn_is_vmcall(struct vcpu *v);
/* Decode the MOV CR / CLTS / LMSW at RIP into e->cr; 0 or -1. */
int svm_decode_cr_access(struct vcpu *v, struct hv_exit *e);


/* svm_switch.c */
int svm_switch_init(struct svm_vcpu *a);
void svm_vcpu_load(struct vcpu *v);
void svm_vcpu_put(struct vcpu *v);

/* svm_timer.c: preemption by the host's local APIC timer. */
int svm_timer_init(void);
void svm_timer_arm(uint64_t deadline);
void svm_timer_disarm(void);

/* svm_diagnose.c: a failed VMRUN, rule by rule (svm_check.c). */
void svm_explain_invalid(struct vcpu *v, const struct vmcb *before);

void svm_virt_dump(struct vcpu *v);

/* The functions behind svm_virt_ops (svm_ops.c), by file. */
int svm_virt_init(void);
int svm_virt_enable(void);
bool svm_present(void);
int svm_vm_init(struct vm *vm);
void svm_vm_destroy(struct vm *vm);
int svm_vcpu_init(struct vcpu *v, const struct vcpu_boot_state *s);
void svm_vcpu_run(struct vcpu *v, struct hv_exit *e);
void svm_exit_mark(struct exit_mark *m);
uint64_t svm_vcpu_skip_instruction(struct vcpu *v);
void svm_vcpu_inject_exception(struct vcpu *v, uint8_t vector,
			       bool has_error_code, uint32_t error_code);
bool svm_vcpu_interrupt_window_open(struct vcpu *v);
void svm_vcpu_inject_interrupt(struct vcpu *v, uint8_t vector);
bool svm_vcpu_nmi_window_open(struct vcpu *v);
void svm_vcpu_inject_nmi(struct vcpu *v);
/* After each #VMEXIT (svm_nmi.c): true if the exit was the NMI window's own. */
bool svm_nmi_exit(struct vcpu *v);
void svm_vcpu_set_deadline(struct vcpu *v, uint64_t tsc);
uint64_t svm_vcpu_rflags(struct vcpu *v);
void svm_vcpu_set_rflags(struct vcpu *v, uint64_t rflags);
unsigned int svm_vcpu_cpl(struct vcpu *v);
uint64_t svm_vcpu_segment_base(struct vcpu *v, unsigned int seg);
unsigned int svm_vcpu_code_size(struct vcpu *v);
uint64_t svm_vcpu_rip(struct vcpu *v);
void svm_vcpu_set_rip(struct vcpu *v, uint64_t rip);
uint64_t svm_vcpu_rsp(struct vcpu *v);
void svm_vcpu_set_rsp(struct vcpu *v, uint64_t rsp);
uint64_t svm_vcpu_read_dr6(struct vcpu *v);
void svm_vcpu_write_dr6(struct vcpu *v, uint64_t dr6);
bool svm_vcpu_64bit_code(struct vcpu *v);
uint64_t svm_vcpu_read_cr(struct vcpu *v, int cr);
int svm_vcpu_write_cr(struct vcpu *v, int cr, uint64_t value);
int svm_vcpu_read_msr(struct vcpu *v, uint32_t index, uint64_t *value);
int svm_vcpu_write_msr(struct vcpu *v, uint32_t index, uint64_t value);
bool svm_tsc_offsetting(void);
int svm_vcpu_set_tsc_offset(struct vcpu *v, uint64_t offset);
void svm_vcpu_set_xcr0(struct vcpu *v, uint64_t xcr0);
int svm_vcpu_translate(struct vcpu *v, uint64_t gla, bool write,
		       uint64_t *gpa);

/* svm_names.c */
const char *svm_exit_reason_name(uint32_t reason);

#endif
