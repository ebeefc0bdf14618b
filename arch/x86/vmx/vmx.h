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

/* Set once by arch_virt_init(): what this CPU can do. */
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

#endif
