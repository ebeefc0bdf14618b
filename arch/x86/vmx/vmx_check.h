/* SPDX-License-Identifier: MIT */
/*
 * A software pre-flight of the checks VM entry makes on the guest-state
 * area (SDM Vol. 3C, 27.3.1) and on the controls that constrain it
 * (27.2.1). When VMLAUNCH fails with "VM-entry failure due to invalid
 * guest state" (exit reason 33) or "invalid control field(s)" (VM-
 * instruction error 7), the CPU does not say which rule broke; this does:
 *
 *	struct vmx_guest_state gs;
 *
 *	vmx_guest_state_read(&gs);
 *	vmx_check_print(&gs, print_line, NULL);
 *
 *	vmx check: GUEST_CR0 = 0x00000011: CR0.NE must be 1
 *		(IA32_VMX_CR0_FIXED0) [SDM 27.3.1.1]		(one line)
 *
 * The checker works on a plain struct, so it runs (and is tested) on the
 * host; only vmx_guest_state_read() touches the hardware.
 *
 * Not checked: what needs guest memory (the VMCS link pointer's revision
 * identifier, PDPTEs without EPT), the host-state area (27.2.2), and
 * controls of features this hypervisor does not use (posted interrupts,
 * APIC virtualization, MSR-load lists, SMM, CET, PKS, ...).
 */
#ifndef ARCH_X86_VMX_CHECK_H
#define ARCH_X86_VMX_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "arch/x86/vmx/vmx_caps.h"

/* In the order of the VMCS encodings: GUEST_ES_SELECTOR + 2 * VMX_SEG_xx. */
enum vmx_seg {
	VMX_SEG_ES,
	VMX_SEG_CS,
	VMX_SEG_SS,
	VMX_SEG_DS,
	VMX_SEG_FS,
	VMX_SEG_GS,
	VMX_SEG_LDTR,
	VMX_SEG_TR,
	VMX_SEG_COUNT
};

struct vmx_segment {
	uint16_t selector;
	uint64_t base;
	uint32_t limit;
	uint32_t ar;		/* VMX access rights (VMX_AR_*, Table 25-2) */
};

struct vmx_dtable {
	uint64_t base;
	uint32_t limit;
};

/* Everything the rules read; field names as in enum vmcs_field. */
struct vmx_guest_state {
	/* Guest register state (SDM 25.4.1). */
	uint64_t cr0, cr3, cr4, dr7;
	uint64_t rsp, rip, rflags;
	struct vmx_segment seg[VMX_SEG_COUNT];
	struct vmx_dtable gdtr, idtr;
	uint64_t ia32_debugctl, ia32_pat, ia32_efer;
	uint32_t sysenter_cs;
	uint64_t sysenter_esp, sysenter_eip;
	uint32_t smbase;

	/* Guest non-register state (SDM 25.4.2). */
	uint32_t activity_state;
	uint32_t interruptibility_info;
	uint64_t pending_dbg_exceptions;
	uint64_t vmcs_link_pointer;
	uint32_t preemption_timer_value;
	uint64_t pdptr[4];

	/*
	 * Controls (SDM 25.6-25.8). secondary_vm_exec_control counts only
	 * when CPU_BASED_ACTIVATE_SECONDARY_CONTROLS is set, as on the CPU.
	 */
	uint32_t pin_based_vm_exec_control;
	uint32_t cpu_based_vm_exec_control;
	uint32_t secondary_vm_exec_control;
	uint32_t vm_exit_controls;
	uint32_t vm_entry_controls;
	uint32_t vm_entry_intr_info_field;
	uint32_t vm_entry_exception_error_code;
	uint32_t vm_entry_instruction_len;
	uint16_t virtual_processor_id;
	uint64_t ept_pointer;
	uint64_t io_bitmap_a, io_bitmap_b, msr_bitmap;

	/*
	 * What this CPU allows: the capability MSRs (control MSRs, MISC,
	 * EPT_VPID_CAP, CR0/CR4 fixed bits; Appendix A) and the address
	 * widths of CPUID.80000008H:EAX (0 means 52 physical, 48 linear).
	 */
	struct vmx_caps caps;
	uint8_t phys_addr_bits;
	uint8_t virt_addr_bits;
};

/* One per rule the checker knows; VMX_RULE_COUNT of them. */
enum vmx_check_rule {
	/* 27.2.1 VM-execution, VM-exit and VM-entry control fields */
	VMX_RULE_CTLS_MUST_BE_1,
	VMX_RULE_CTLS_MUST_BE_0,
	VMX_RULE_VIRTUAL_NMIS,
	VMX_RULE_NMI_WINDOW,
	VMX_RULE_IO_BITMAP,
	VMX_RULE_MSR_BITMAP,
	VMX_RULE_VPID_ZERO,
	VMX_RULE_EPTP_MEMTYPE,
	VMX_RULE_EPTP_WALK,
	VMX_RULE_EPTP_AD,
	VMX_RULE_EPTP_RESERVED,
	VMX_RULE_UG_NEEDS_EPT,
	VMX_RULE_SAVE_PREEMPTION_TIMER,
	VMX_RULE_ENTRY_INTR_TYPE,
	VMX_RULE_ENTRY_INTR_VECTOR,
	VMX_RULE_ENTRY_INTR_ERROR_CODE,
	VMX_RULE_ENTRY_INTR_RESERVED,
	VMX_RULE_ENTRY_ERROR_CODE,
	VMX_RULE_ENTRY_INSTRUCTION_LEN,
	/* 27.3.1.1 control registers, debug registers, MSRs */
	VMX_RULE_CR0_FIXED0,
	VMX_RULE_CR0_FIXED1,
	VMX_RULE_CR0_PG_PE,
	VMX_RULE_CR4_FIXED0,
	VMX_RULE_CR4_FIXED1,
	VMX_RULE_IA32E_PG,
	VMX_RULE_IA32E_PAE,
	VMX_RULE_PCIDE,
	VMX_RULE_CR3,
	VMX_RULE_DEBUGCTL,
	VMX_RULE_DR7,
	VMX_RULE_SYSENTER,
	VMX_RULE_PAT,
	VMX_RULE_EFER_RESERVED,
	VMX_RULE_EFER_LMA,
	VMX_RULE_EFER_LME,
	/* 27.3.1.2 segment registers */
	VMX_RULE_TR_TI,
	VMX_RULE_LDTR_TI,
	VMX_RULE_SS_RPL,
	VMX_RULE_V86_BASE,
	VMX_RULE_BASE_CANONICAL,
	VMX_RULE_BASE_HIGH,
	VMX_RULE_V86_LIMIT,
	VMX_RULE_V86_AR,
	VMX_RULE_CS_TYPE,
	VMX_RULE_SS_TYPE,
	VMX_RULE_DATA_ACCESSED,
	VMX_RULE_DATA_READABLE,
	VMX_RULE_S_CODE_DATA,
	VMX_RULE_CS_DPL_DATA,
	VMX_RULE_CS_DPL_NONCONFORMING,
	VMX_RULE_CS_DPL_CONFORMING,
	VMX_RULE_SS_DPL_RPL,
	VMX_RULE_SS_DPL_ZERO,
	VMX_RULE_DATA_DPL,
	VMX_RULE_PRESENT,
	VMX_RULE_AR_RESERVED,
	VMX_RULE_CS_L_DB,
	VMX_RULE_G_LIMIT_LOW,
	VMX_RULE_G_LIMIT_HIGH,
	VMX_RULE_TR_TYPE,
	VMX_RULE_LDTR_TYPE,
	VMX_RULE_S_SYSTEM,
	VMX_RULE_TR_UNUSABLE,
	/* 27.3.1.3 descriptor-table registers */
	VMX_RULE_DTR_BASE,
	VMX_RULE_DTR_LIMIT,
	/* 27.3.1.4 RIP and RFLAGS */
	VMX_RULE_RIP_HIGH,
	VMX_RULE_RIP_CANONICAL,
	VMX_RULE_RFLAGS_RESERVED,
	VMX_RULE_RFLAGS_VM,
	VMX_RULE_RFLAGS_IF,
	/* 27.3.1.5 non-register state */
	VMX_RULE_ACTIVITY_STATE,
	VMX_RULE_ACTIVITY_HLT_DPL,
	VMX_RULE_ACTIVITY_BLOCKING,
	VMX_RULE_ACTIVITY_INJECT,
	VMX_RULE_INTR_RESERVED,
	VMX_RULE_INTR_STI_MOV_SS,
	VMX_RULE_INTR_STI_IF,
	VMX_RULE_INTR_INJECT_EXT,
	VMX_RULE_INTR_INJECT_NMI,
	VMX_RULE_INTR_SMI,
	VMX_RULE_INTR_VIRTUAL_NMI,
	VMX_RULE_INTR_ENCLAVE,
	VMX_RULE_PENDING_DBG_RESERVED,
	VMX_RULE_PENDING_DBG_BS,
	VMX_RULE_PENDING_DBG_RTM,
	VMX_RULE_LINK_POINTER,
	/* 27.3.1.6 PDPTEs (with EPT, from the VMCS) */
	VMX_RULE_PDPTE,
	VMX_RULE_COUNT
};

struct vmx_check_finding {
	enum vmx_check_rule rule;
	uint32_t field;		/* the VMCS field at fault (enum vmcs_field) */
	const char *name;	/* its name: "GUEST_CS_AR_BYTES" */
	const char *what;	/* the rule in a few words */
	const char *sdm;	/* the SDM section: "27.3.1.2" */
	uint64_t value;		/* the field's value */
	uint64_t bits;		/* the bits at fault, where the rule says */
};

typedef void vmx_check_report_fn(void *ctx, const struct vmx_check_finding *f);

/*
 * Apply every rule to @gs; call @report (when not NULL) once for each one
 * broken, in SDM order. Returns how many were broken: 0 means VM entry
 * should not fail on anything this checker knows.
 */
unsigned int vmx_check_guest_state(const struct vmx_guest_state *gs,
				   vmx_check_report_fn *report, void *ctx);

/*
 * One finding as one line, without a newline, in @buf as snprintf would:
 * "vmx check: GUEST_CR0 = 0x00000011: CR0.NE must be 1
 * (IA32_VMX_CR0_FIXED0) [SDM 27.3.1.1]"; with "(bits 0x...)" before
 * the section where the finding names bits (the control rules).
 */
int vmx_check_format(const struct vmx_check_finding *f, char *buf, size_t size);

/*
 * vmx_check_guest_state(), each finding formatted and handed to @print as
 * one line (no newline): printk("%s\n", line) in the hypervisor.
 */
unsigned int vmx_check_print(const struct vmx_guest_state *gs,
			     void (*print)(void *ctx, const char *line),
			     void *ctx);

/*
 * Fill @gs from the current VMCS (VMREAD), the capability MSRs (RDMSR)
 * and CPUID. Fields of features this CPU lacks read as 0. In VMX root
 * operation only, with the VMCS to check loaded (vmx_guest_state.c).
 */
void vmx_guest_state_read(struct vmx_guest_state *gs);

#endif
