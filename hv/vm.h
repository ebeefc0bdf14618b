/* SPDX-License-Identifier: MIT */
/*
 * Virtual machines and their vCPUs, as the vendor-neutral core sees them.
 * Each VM has one vCPU, its own RAM (host-physically contiguous, mapped at
 * guest-physical 0 by its own EPT) and its own devices. The architecture
 * keeps its state (VMCS, EPT) behind the opaque arch pointers.
 */
#ifndef HV_VM_H
#define HV_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "boot_info.h"
#include "hv/console.h"
#include "hv/dev/acpi_pm.h"
#include "hv/dev/fw_cfg.h"
#include "hv/dev/i8042.h"
#include "hv/dev/ioapic.h"
#include "hv/dev/lapic.h"
#include "hv/dev/pci.h"
#include "hv/dev/pic.h"
#include "hv/dev/pit.h"
#include "hv/dev/reset.h"
#include "hv/dev/rtc.h"
#include "hv/dev/uart.h"
#include "hv/exit.h"
#include "hv/kvm_pv.h"
#include "hv/mmio.h"
#include "hv/msr.h"
#include "hv/stats.h"
#include "hv/trace.h"
#include "hv/virtio.h"

struct arch_vm;
struct arch_vcpu;

/*
 * General-purpose registers in the x86 encoding order (RAX = 0 ... R15 =
 * 15), so an instruction's register number indexes them. RSP and RIP live
 * in the arch state (the VMCS): the rsp slot is only a placeholder.
 */
struct guest_regs {
	uint64_t rax, rcx, rdx, rbx, rsp_unused, rbp, rsi, rdi;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

_Static_assert(sizeof(struct guest_regs) == 16 * 8, "one slot per GPR");

#define GPR_RSP 4

static inline uint64_t *guest_gpr(struct guest_regs *r, unsigned int n)
{
	return &r->rax + (n & 15);
}

enum vm_state {
	VM_RUNNING,	/* runnable, or sleeping (see struct vm_sleep) */
	VM_EXITED,	/* the guest ended itself (exit port, HC_SHUTDOWN) */
	VM_STOPPED,	/* the hypervisor stopped it: see stop_reason */
	VM_RESET,	/* the guest reset the machine (0xcf9, 0x92, 0x64): not an error */
};

/* Why a vCPU sleeps, and what wakes it (hv/sched.c looks). */
enum vm_sleep_kind {
	SLEEP_NONE = 0,
	SLEEP_HLT,		/* until wake_tsc: the next timer interrupt */
	SLEEP_BLOCK,		/* HC_BLOCK: until wake_tsc (if set) or a message */
};

struct vm_sleep {
	enum vm_sleep_kind kind;
	uint64_t wake_tsc;	/* 0: no time will wake it */
	bool nmi_only;		/* HLT with IF clear: only an NMI wakes it */
};

/* A moment on the exit path: the TSC and the backend's state accesses. */
struct exit_mark {
	uint64_t tsc;
	uint64_t reads, writes;	/* VMREADs, VMWRITEs so far */
};

struct vcpu {
	struct vm *vm;
	struct guest_regs regs;
	struct arch_vcpu *arch;
	/*
	 * Set by the backend: right after the last VM exit, and right before
	 * the last VM entry. An exit's cost is from its at_exit to the next
	 * at_entry.
	 */
	struct exit_mark at_exit, at_entry;
	struct hv_exit exit;	/* the last full exit, decoded */
	struct dev_lapic lapic;	/* its local APIC (hv/apic.c) */
	struct vcpu_msrs msrs;	/* the MSR model's state (hv/msr.c) */
	struct kvm_pv_vcpu kvm;	/* pv=kvm: its registrations (hv/kvm_pv.c) */
	/*
	 * trace=on: send every exit down the slow path, which records it
	 * (the hypercall fast path does not); pv=none: VMCALL raises #UD,
	 * which only the slow path does. Debuggers may turn it on again, but
	 * never for a pv=none guest (tools/gdb/hv.py, tools/debug).
	 */
	bool fastpath_off;
};

struct vm {
	unsigned int id;
	char name[BOOT_GUEST_NAME_MAX];
	const struct boot_guest *config;

	uint64_t ram_hpa;	/* host-physical base of guest RAM */
	uint64_t ram_size;
	uint8_t *ram;		/* the same, identity-mapped */

	struct vcpu vcpu;
	struct arch_vm *arch;

	enum vm_state state;
	struct vm_sleep sleep;
	int exit_status;	/* VM_EXITED: what the guest wrote to 0xf4 */
	char stop_reason[192];	/* VM_STOPPED: one line */
	uint64_t start_tsc, limit_tsc;	/* limit_tsc 0: no time limit */

	struct dev_uart uart;
	struct console_input console_in;	/* typed, not yet in its UART */
	size_t console_shown;		/* of its UART's line, on the terminal: */
	char console_text[UART_LINE_MAX];
	struct dev_pic pic;
	struct dev_pit pit;
	struct dev_fw_cfg fw_cfg;	/* 0x510-0x511 */
	struct dev_reset reset;		/* 0xcf9, 0x92 */
	struct dev_pci pci;		/* 0xcf8, 0xcfc-0xcff: bus 0 */
	struct dev_i8042 kbc;		/* 0x60, 0x64, IRQ 1 and 12 */
	struct dev_rtc rtc;		/* CMOS RTC, 0x70-0x71, IRQ 8 */
	struct dev_acpi_pm acpi_pm;	/* 0x600-0x60b (hv/acpi/acpi.h) */
	uint64_t acpi_rsdp;		/* its ACPI tables' RSDP, 0: none */
	uint16_t irq_lines;		/* ISA IRQ levels (hv/irq.c) */
	struct dev_ioapic ioapic;	/* 0xfec00000 (hv/apic.c) */
	struct vm_mmio mmio;		/* memory-mapped devices (hv/mmio.c) */
	struct vm_virtio virtio;	/* virtio=: its virtio-mmio devices */
	struct exit_stats stats;
	struct stats_marks marks;	/* the guest's marks (hv/stats.h) */
	struct exit_trace trace;	/* its most recent exits */
	uint32_t trace_dumps;		/* HC_TRACE_DUMPs so far */

	/* Paravirtual state (hv/hypercalls.c). */
	bool pv;			/* pv=eduhv: offered at all (hv/pv.h) */
	bool pv_kvm;			/* pv=kvm instead (hv/kvm_pv.h) */
	struct kvm_pv_vm kvm;		/* pv=kvm: kvm-clock, wall clock */
	uint64_t steal_tsc;		/* runnable, others ran (hv/steal.h) */
	uint64_t hypercall_msr;		/* what the guest wrote there */
	uint64_t pv_deadline;		/* TSC of the one-shot timer, 0: none */
	bool yielded;			/* HC_YIELD: end the slice */
};

/*
 * The vCPU this CPU is running (between its load and put in
 * vm_run_slice()), else NULL: where a debugger starts looking
 * (tools/gdb/hv.py).
 */
extern struct vcpu *hv_current_vcpu;

/* Build a VM from its configuration: RAM, image, devices, vCPU. */
int vm_create(struct vm *vm, unsigned int id, const struct boot_guest *cfg);

/* The guest's first turn: its time limit counts from @now. */
void vm_start_clock(struct vm *vm, uint64_t now);

/*
 * Run its vCPU until the TSC reaches @until, or it sleeps, yields, ends or
 * is stopped. The scheduler (hv/sched.c) calls this for each VM in turn.
 */
void vm_run_slice(struct vm *vm, uint64_t until);

/*
 * A sleeping VM whose wake-up condition holds is made runnable (the
 * result of HC_BLOCK goes to its RAX). Returns true if it can run.
 */
bool vm_wake_if_due(struct vm *vm, uint64_t now);

/* Asleep in HLT until typed input (or its timer) wakes it? */
bool vm_waits_for_input(const struct vm *vm);

/* Print the result line and the exit statistics of an ended VM. */
void vm_report(struct vm *vm);

/*
 * Print the VM's exit trace (hv/trace.h has the format); @why says who
 * asked. Returns the number of records printed.
 */
size_t vm_trace_dump(struct vm *vm, const char *why);

/* Give the VM's memory back. */
void vm_destroy(struct vm *vm);

/*
 * Stop the VM because the guest did something it must not: records one
 * line of reason; the run loop prints it and ends the VM. Never returns
 * an error to the guest: use this only where a real machine would stop.
 */
void vm_stop(struct vm *vm, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Add one exit of @kind (enum hv_exit_kind) to the statistics: it cost
 * from @from (its VM exit) to @to.
 */
static inline void vm_account_exit(struct vm *vm, uint32_t reason,
				   unsigned int kind,
				   const struct exit_mark *from,
				   const struct exit_mark *to)
{
	exit_stats_add(&vm->stats, reason, kind, to->tsc - from->tsc,
		       to->reads - from->reads, to->writes - from->writes);
}

/*
 * The same for a hypercall handled on the backend's fast path, which
 * knows its own VMREADs and VMWRITEs: into fast_new, which
 * exit_stats_fold() counts in with the rest later.
 */
static inline void vm_account_fast_exit(struct vm *vm, uint32_t reason,
					uint64_t cycles, unsigned int reads,
					unsigned int writes)
{
	struct exit_stats *s = &vm->stats;

	s->fast_reason = reason;
	s->fast_new.count++;
	s->fast_new.cycles += cycles;
	s->fast_new.reads += reads;
	s->fast_new.writes += writes;
}

/*
 * Does the VM have a local APIC and an IOAPIC (at 0xfee00000 and
 * 0xfec00000, hv/memmap.h)? Every VM has (hv/apic.c). It decides
 * whether the ACPI tables' XSDT (hv/acpi/acpi.h) lists a MADT: naming an
 * APIC that is not there makes Linux hang.
 */
static inline bool vm_has_apic(const struct vm *vm)
{
	(void)vm;
	return true;
}

/* Guest-physical memory access, checked against the VM's RAM. */
void *vm_gpa_to_hva(struct vm *vm, uint64_t gpa, uint64_t len);

#endif
