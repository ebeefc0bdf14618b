// SPDX-License-Identifier: MIT
/*
 * From a VMX exit to the core's struct hv_exit: one table entry for every
 * basic exit reason (SDM Vol. 3D, Appendix C), each naming the kind of
 * event and, where the core needs details, the decoder that reads them
 * from the exit qualification and friends (SDM 28.2.1). A reason with no
 * entry is HV_EXIT_UNEXPECTED: the core dumps the VMCS and stops only
 * that VM.
 */
#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmx_exit_reasons.h"
#include "arch/x86/vmx/vmx_qualification.h"
#include "hv/vm.h"

typedef void (*vmx_decoder_t)(struct hv_exit *e);

static void decode_exception(struct hv_exit *e)
{
	uint32_t info = vmcs_read32(VM_EXIT_INTR_INFO);

	e->exception.vector = info & INTR_INFO_VECTOR_MASK;
	e->exception.has_error_code = info & INTR_INFO_DELIVER_CODE_MASK;
	if (e->exception.has_error_code)
		e->exception.error_code = vmcs_read32(VM_EXIT_INTR_ERROR_CODE);
	if ((info & INTR_INFO_INTR_TYPE_MASK) == INTR_TYPE_NMI_INTR)
		e->kind = HV_EXIT_EXTERNAL_INTERRUPT;	/* a host NMI */
}

static void decode_external_interrupt(struct hv_exit *e)
{
	/* Acknowledged on exit (VM_EXIT_ACK_INTR_ON_EXIT): the vector. */
	e->exception.vector = vmcs_read32(VM_EXIT_INTR_INFO) &
			      INTR_INFO_VECTOR_MASK;
}

static void decode_io(struct hv_exit *e)
{
	vmx_qual_io(vmcs_readl(EXIT_QUALIFICATION), e);
	if (e->io.string) {
		vmx_insn_info_io(vmcs_read32(VMX_INSTRUCTION_INFO), e);
		e->io.gla = vmcs_readl(GUEST_LINEAR_ADDRESS);
	}
}

static void decode_cr(struct hv_exit *e)
{
	vmx_qual_cr(vmcs_readl(EXIT_QUALIFICATION), e);
}

static void decode_ept_violation(struct hv_exit *e)
{
	vmx_qual_ept_violation(vmcs_readl(EXIT_QUALIFICATION), e);
	e->npf.gpa = vmcs_read64(GUEST_PHYSICAL_ADDRESS);
	if (e->npf.gla_valid)
		e->npf.gla = vmcs_readl(GUEST_LINEAR_ADDRESS);
}

static void decode_ept_misconfig(struct hv_exit *e)
{
	e->npf.gpa = vmcs_read64(GUEST_PHYSICAL_ADDRESS);
}

static const struct {
	enum hv_exit_kind kind;
	vmx_decoder_t decode;
} exit_table[] = {
	[EXIT_REASON_EXCEPTION_NMI]	= { HV_EXIT_EXCEPTION, decode_exception },
	[EXIT_REASON_EXTERNAL_INTERRUPT] = { HV_EXIT_EXTERNAL_INTERRUPT,
					     decode_external_interrupt },
	[EXIT_REASON_TRIPLE_FAULT]	= { HV_EXIT_TRIPLE_FAULT, NULL },
	[EXIT_REASON_INTERRUPT_WINDOW]	= { HV_EXIT_INTERRUPT_WINDOW, NULL },
	/* The core injects the NMI on the entry after, as for interrupts. */
	[EXIT_REASON_NMI_WINDOW]	= { HV_EXIT_INTERRUPT_WINDOW, NULL },
	[EXIT_REASON_CPUID]		= { HV_EXIT_CPUID, NULL },
	[EXIT_REASON_GETSEC]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_HLT]		= { HV_EXIT_HLT, NULL },
	[EXIT_REASON_INVD]		= { HV_EXIT_CACHE_FLUSH, NULL },
	[EXIT_REASON_VMCALL]		= { HV_EXIT_HYPERCALL, NULL },
	[EXIT_REASON_VMCLEAR]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_VMLAUNCH]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_VMPTRLD]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_VMPTRST]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_VMREAD]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_VMRESUME]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_VMWRITE]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_VMOFF]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_VMON]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_CR_ACCESS]		= { HV_EXIT_CR_ACCESS, decode_cr },
	[EXIT_REASON_IO_INSTRUCTION]	= { HV_EXIT_IO, decode_io },
	[EXIT_REASON_MSR_READ]		= { HV_EXIT_MSR_READ, NULL },
	[EXIT_REASON_MSR_WRITE]		= { HV_EXIT_MSR_WRITE, NULL },
	[EXIT_REASON_MWAIT_INSTRUCTION]	= { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_MONITOR_INSTRUCTION] = { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_EPT_VIOLATION]	= { HV_EXIT_NPF, decode_ept_violation },
	[EXIT_REASON_EPT_MISCONFIG]	= { HV_EXIT_NPF_MISCONFIG,
					    decode_ept_misconfig },
	[EXIT_REASON_INVEPT]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_PREEMPTION_TIMER]	= { HV_EXIT_TIMER, NULL },
	[EXIT_REASON_INVVPID]		= { HV_EXIT_INVALID_OPCODE, NULL },
	[EXIT_REASON_WBINVD]		= { HV_EXIT_CACHE_FLUSH, NULL },
	[EXIT_REASON_XSETBV]		= { HV_EXIT_XSETBV, NULL },
	[EXIT_REASON_VMFUNC]		= { HV_EXIT_INVALID_OPCODE, NULL },
	/* Every other reason up to EXIT_REASON_TDCALL: HV_EXIT_UNEXPECTED. */
	[EXIT_REASON_TDCALL]		= { HV_EXIT_UNEXPECTED, NULL },
};

void vmx_decode_exit(struct vcpu *v, uint32_t reason, struct hv_exit *e)
{
	struct arch_vcpu *a = v->arch;

	*e = (struct hv_exit){ .reason = reason };
	a->rip = vmcs_readl(GUEST_RIP);
	e->guest_rip = a->rip;
	if (reason >= sizeof(exit_table) / sizeof(exit_table[0])) {
		e->kind = HV_EXIT_UNEXPECTED;
		return;
	}
	e->kind = exit_table[reason].kind;
	if (exit_table[reason].decode)
		exit_table[reason].decode(e);
	if (e->kind == HV_EXIT_UNEXPECTED)
		e->qualification = vmcs_readl(EXIT_QUALIFICATION);
}
