/* SPDX-License-Identifier: MIT */
/* The VMX backend's own state and internal interfaces. */
#ifndef ARCH_X86_VMX_VMX_H
#define ARCH_X86_VMX_VMX_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/vmx/vmx_caps.h"
#include "arch/x86/vmx/vmcs.h"
#include "hv/exit.h"
#include "hv/vm.h"

struct vm;
struct vcpu;
struct guest_regs;

/* Set once by vmx_virt_init(): what this CPU can do. */
extern struct vmx_caps vmx_caps;

struct arch_vm {
	uint64_t ept_root;	/* physical address of the EPT PML4 */
	uint64_t eptp;		/* EPT pointer (SDM 25.6.11) */
	uint16_t vpid;
};

#define VMX_GUEST_MSRS 6

struct arch_vcpu {
	uint64_t vmcs_pa;
	bool launched;
	uint64_t host_rsp;	/* last HOST_RSP written (vmx_entry.asm) */

	/* Cached from the current exit. */
	uint32_t exit_reason;	/* VM_EXIT_REASON, read by vmx_fastpath() */
	uint64_t rip;
	bool event_pending;	/* VM_ENTRY_INTR_INFO_FIELD is set */

	uint32_t cpu_based;	/* CPU_BASED_VM_EXEC_CONTROL as written */
	uint32_t entry_ctls;	/* VM_ENTRY_CONTROLS as written */
	uint64_t deadline;	/* TSC the preemption timer aims at */
	bool deadline_dirty;

	uint64_t xcr0;

	/* Switched by hand between vCPUs (vmx_switch.c). */
	uint64_t cr2;
	uint64_t dr[4], dr6;	/* DR0-DR3, DR6: no exit touches them */
	uint64_t msrs[VMX_GUEST_MSRS];
	uint8_t *fpu;		/* XSAVE area, one page, 64-byte aligned */

	uint8_t *io_bitmap;	/* two pages: ports 0-0x7fff, 0x8000-0xffff */
	uint8_t *msr_bitmap;
};

/*
 * vmx_entry.asm. Loads @regs, enters the guest (VMLAUNCH if !launched,
 * else VMRESUME), and on the next VM exit stores the guest's registers
 * back into @regs and the TSC into *@exit_tsc. Returns 0 after an exit, or
 * the VMX failure (1 VMfailInvalid, 2 VMfailValid) if the entry did not
 * happen. Writes HOST_RSP only when it differs from *@host_rsp.
 */
int vmx_vcpu_enter(struct guest_regs *regs, int launched, uint64_t *exit_tsc,
		   uint64_t *host_rsp, struct vcpu *vcpu);
extern const char vmx_exit_stub[];

/*
 * Called by vmx_exit_stub: 1 if the exit was handled on the fast path.
 * It keeps every register but RAX (no_caller_saved_registers), so the
 * stub needs to save only what it uses itself before calling it.
 */
int vmx_fastpath(struct vcpu *v) __attribute__((no_caller_saved_registers));

/* Now, as an exit mark: inline, it is on the hypercall fast path. */
static inline void vmx_exit_mark(struct exit_mark *m)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	m->tsc = ((uint64_t)hi << 32) | lo;
	m->reads = vmcs_read_count;
	m->writes = vmcs_write_count;
}

/* vmx_exit.c: the current exit, in the core's terms. */
void vmx_decode_exit(struct vcpu *v, uint32_t reason, struct hv_exit *e);

/* vmx_vmcs.c: a VMCS set up for a Multiboot guest. */
int vmx_vmcs_init(struct vcpu *v, uint64_t entry);

/* vmx_switch.c: the XSAVE area of a new vCPU; 0 or -1 (no memory). */
int vmx_switch_init(struct arch_vcpu *a);
/* A VMCS made current behind vmx_switch.c's back (VMPTRLD elsewhere). */
void vmx_vmcs_forget(uint64_t vmcs_pa);

/* The instruction is done: no more STI or MOV SS blocking (vmx_run.c). */
void vmx_end_interrupt_shadow(void);

/* vmx_diagnose.c: explain a failed VM entry, by name. */
void vmx_explain_entry_failure(struct vcpu *v, int vmfail, uint32_t reason);

/*
 * The backend's half of hv/arch.h, gathered into vmx_virt_ops
 * (vmx_backend.c): each does what the arch_*() function of the same name
 * promises there.
 */
struct vcpu_boot_state;
int vmx_vm_init(struct vm *vm);
void vmx_vm_destroy(struct vm *vm);
bool vmx_vcpu_64bit_code(struct vcpu *v);
uint64_t vmx_vcpu_read_cr(struct vcpu *v, int cr);
int vmx_vcpu_write_cr(struct vcpu *v, int cr, uint64_t value);
int vmx_vcpu_read_msr(struct vcpu *v, uint32_t index, uint64_t *value);
int vmx_vcpu_write_msr(struct vcpu *v, uint32_t index, uint64_t value);
bool vmx_tsc_offsetting(void);
int vmx_vcpu_set_tsc_offset(struct vcpu *v, uint64_t offset);
int vmx_vcpu_translate(struct vcpu *v, uint64_t gla, bool write,
		       uint64_t *gpa);
int vmx_virt_init(void);
int vmx_virt_enable(void);
uint64_t vmx_vcpu_segment_base(struct vcpu *v, unsigned int seg);
unsigned int vmx_vcpu_code_size(struct vcpu *v);
uint64_t vmx_vcpu_rip(struct vcpu *v);
void vmx_vcpu_set_rip(struct vcpu *v, uint64_t rip);
uint64_t vmx_vcpu_rsp(struct vcpu *v);
void vmx_vcpu_set_rsp(struct vcpu *v, uint64_t rsp);
void vmx_vcpu_run(struct vcpu *v, struct hv_exit *e);
uint64_t vmx_vcpu_skip_instruction(struct vcpu *v);
uint64_t vmx_vcpu_rflags(struct vcpu *v);
unsigned int vmx_vcpu_cpl(struct vcpu *v);
void vmx_vcpu_set_rflags(struct vcpu *v, uint64_t rflags);
uint64_t vmx_vcpu_read_dr6(struct vcpu *v);
void vmx_vcpu_write_dr6(struct vcpu *v, uint64_t dr6);
void vmx_vcpu_inject_exception(struct vcpu *v, uint8_t vector,
			       bool has_error_code, uint32_t error_code);
bool vmx_vcpu_interrupt_window_open(struct vcpu *v);
void vmx_vcpu_inject_interrupt(struct vcpu *v, uint8_t vector);
bool vmx_vcpu_nmi_window_open(struct vcpu *v);
void vmx_vcpu_inject_nmi(struct vcpu *v);
void vmx_vcpu_set_deadline(struct vcpu *v, uint64_t tsc);
void vmx_vcpu_set_xcr0(struct vcpu *v, uint64_t xcr0);
void vmx_hypercall_stub(uint8_t *stub, unsigned int size, uint32_t nr);
void vmx_vcpu_dump(struct vcpu *v);
void vmx_vcpu_load(struct vcpu *v);
void vmx_vcpu_put(struct vcpu *v);
int vmx_vcpu_init(struct vcpu *v, const struct vcpu_boot_state *s);

#endif
