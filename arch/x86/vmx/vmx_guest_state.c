// SPDX-License-Identifier: MIT
/*
 * vmx_guest_state_read(): the current VMCS, the capability MSRs and the
 * address widths, gathered for the checker in vmx_check.c. Fields that
 * exist only with a feature (Appendix B notes which) are read only when
 * the CPU has that feature, so the read itself never fails on them.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx_check.h"

static void read_segments(struct vmx_guest_state *gs)
{
	for (uint32_t i = 0; i < VMX_SEG_COUNT; i++) {
		struct vmx_segment *s = &gs->seg[i];

		s->selector = vmcs_read16(GUEST_ES_SELECTOR + 2 * i);
		s->base = vmcs_readl(GUEST_ES_BASE + 2 * i);
		s->limit = vmcs_read32(GUEST_ES_LIMIT + 2 * i);
		s->ar = vmcs_read32(GUEST_ES_AR_BYTES + 2 * i);
	}
	gs->gdtr.base = vmcs_readl(GUEST_GDTR_BASE);
	gs->gdtr.limit = vmcs_read32(GUEST_GDTR_LIMIT);
	gs->idtr.base = vmcs_readl(GUEST_IDTR_BASE);
	gs->idtr.limit = vmcs_read32(GUEST_IDTR_LIMIT);
}

static void read_controls(struct vmx_guest_state *gs)
{
	const struct vmx_caps *c = &gs->caps;

	gs->pin_based_vm_exec_control = vmcs_read32(PIN_BASED_VM_EXEC_CONTROL);
	gs->cpu_based_vm_exec_control = vmcs_read32(CPU_BASED_VM_EXEC_CONTROL);
	if (cpu_has_secondary_exec_ctrls(c))
		gs->secondary_vm_exec_control =
			vmcs_read32(SECONDARY_VM_EXEC_CONTROL);
	gs->vm_exit_controls = vmcs_read32(VM_EXIT_CONTROLS);
	gs->vm_entry_controls = vmcs_read32(VM_ENTRY_CONTROLS);
	gs->vm_entry_intr_info_field = vmcs_read32(VM_ENTRY_INTR_INFO_FIELD);
	gs->vm_entry_exception_error_code =
		vmcs_read32(VM_ENTRY_EXCEPTION_ERROR_CODE);
	gs->vm_entry_instruction_len = vmcs_read32(VM_ENTRY_INSTRUCTION_LEN);
	if (cpu_has_vmx_vpid(c))
		gs->virtual_processor_id = vmcs_read16(VIRTUAL_PROCESSOR_ID);
	if (cpu_has_vmx_ept(c)) {
		gs->ept_pointer = vmcs_read64(EPT_POINTER);
		gs->pdptr[0] = vmcs_read64(GUEST_PDPTR0);
		gs->pdptr[1] = vmcs_read64(GUEST_PDPTR1);
		gs->pdptr[2] = vmcs_read64(GUEST_PDPTR2);
		gs->pdptr[3] = vmcs_read64(GUEST_PDPTR3);
	}
	gs->io_bitmap_a = vmcs_read64(IO_BITMAP_A);
	gs->io_bitmap_b = vmcs_read64(IO_BITMAP_B);
	if (vmx_ctl_allowed1(c->procbased, CPU_BASED_USE_MSR_BITMAPS))
		gs->msr_bitmap = vmcs_read64(MSR_BITMAP);
}

static void read_msr_fields(struct vmx_guest_state *gs)
{
	const struct vmx_caps *c = &gs->caps;

	gs->ia32_debugctl = vmcs_read64(GUEST_IA32_DEBUGCTL);
	gs->sysenter_cs = vmcs_read32(GUEST_SYSENTER_CS);
	gs->sysenter_esp = vmcs_readl(GUEST_SYSENTER_ESP);
	gs->sysenter_eip = vmcs_readl(GUEST_SYSENTER_EIP);
	/* These two exist with their load or save controls (B.2.3). */
	if (vmx_ctl_allowed1(c->entry, VM_ENTRY_LOAD_IA32_PAT) ||
	    vmx_ctl_allowed1(c->exit, VM_EXIT_SAVE_IA32_PAT))
		gs->ia32_pat = vmcs_read64(GUEST_IA32_PAT);
	if (vmx_ctl_allowed1(c->entry, VM_ENTRY_LOAD_IA32_EFER) ||
	    vmx_ctl_allowed1(c->exit, VM_EXIT_SAVE_IA32_EFER))
		gs->ia32_efer = vmcs_read64(GUEST_IA32_EFER);
}

/* CPUID.80000008H:EAX: physical bits 7:0, linear bits 15:8. */
static void read_address_widths(struct vmx_guest_state *gs)
{
	struct cpuid_regs r = cpuid(0x80000000, 0);

	if (r.eax < 0x80000008)
		return;
	r = cpuid(0x80000008, 0);
	gs->phys_addr_bits = (uint8_t)r.eax;
	gs->virt_addr_bits = (uint8_t)(r.eax >> 8);
}

void vmx_guest_state_read(struct vmx_guest_state *gs)
{
	*gs = (struct vmx_guest_state){ 0 };
	vmx_read_caps(&gs->caps);
	read_address_widths(gs);

	gs->cr0 = vmcs_readl(GUEST_CR0);
	gs->cr3 = vmcs_readl(GUEST_CR3);
	gs->cr4 = vmcs_readl(GUEST_CR4);
	gs->dr7 = vmcs_readl(GUEST_DR7);
	gs->rsp = vmcs_readl(GUEST_RSP);
	gs->rip = vmcs_readl(GUEST_RIP);
	gs->rflags = vmcs_readl(GUEST_RFLAGS);
	read_segments(gs);
	read_msr_fields(gs);
	gs->smbase = vmcs_read32(GUEST_SMBASE);

	gs->activity_state = vmcs_read32(GUEST_ACTIVITY_STATE);
	gs->interruptibility_info = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);
	gs->pending_dbg_exceptions = vmcs_readl(GUEST_PENDING_DBG_EXCEPTIONS);
	gs->vmcs_link_pointer = vmcs_read64(VMCS_LINK_POINTER);
	if (cpu_has_vmx_preemption_timer(&gs->caps))
		gs->preemption_timer_value =
			vmcs_read32(VMX_PREEMPTION_TIMER_VALUE);

	read_controls(gs);
}
