// SPDX-License-Identifier: MIT
/*
 * Name tables for logging. The field names come from VMCS_FIELDS() in
 * vmcs.h, so every field the hypervisor knows has one; a duplicate
 * encoding there fails to compile here (duplicate case value).
 */
#include "arch/x86/vmx/vmx_names.h"

#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx_exit_reasons.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const struct vmcs_field_desc vmcs_fields[] = {
#define VMCS_FIELD_DESC(name, encoding) { encoding, #name },
	VMCS_FIELDS(VMCS_FIELD_DESC)
#undef VMCS_FIELD_DESC
};

const size_t vmcs_fields_count = ARRAY_SIZE(vmcs_fields);

const char *vmcs_field_name(uint32_t field)
{
	switch (field) {
#define VMCS_FIELD_CASE(name, encoding) case encoding: return #name;
	VMCS_FIELDS(VMCS_FIELD_CASE)
#undef VMCS_FIELD_CASE
	}
	return NULL;
}

/* SDM Vol. 3D, Appendix C "VMX Basic Exit Reasons". */
static const char *const exit_reason_names[VMX_NR_EXIT_REASONS] = {
#define EXIT_NAME(r) [EXIT_REASON_##r] = #r
	EXIT_NAME(EXCEPTION_NMI),
	EXIT_NAME(EXTERNAL_INTERRUPT),
	EXIT_NAME(TRIPLE_FAULT),
	EXIT_NAME(INIT_SIGNAL),
	EXIT_NAME(SIPI_SIGNAL),
	EXIT_NAME(IO_SMI),
	EXIT_NAME(OTHER_SMI),
	EXIT_NAME(INTERRUPT_WINDOW),
	EXIT_NAME(NMI_WINDOW),
	EXIT_NAME(TASK_SWITCH),
	EXIT_NAME(CPUID),
	EXIT_NAME(GETSEC),
	EXIT_NAME(HLT),
	EXIT_NAME(INVD),
	EXIT_NAME(INVLPG),
	EXIT_NAME(RDPMC),
	EXIT_NAME(RDTSC),
	EXIT_NAME(RSM),
	EXIT_NAME(VMCALL),
	EXIT_NAME(VMCLEAR),
	EXIT_NAME(VMLAUNCH),
	EXIT_NAME(VMPTRLD),
	EXIT_NAME(VMPTRST),
	EXIT_NAME(VMREAD),
	EXIT_NAME(VMRESUME),
	EXIT_NAME(VMWRITE),
	EXIT_NAME(VMOFF),
	EXIT_NAME(VMON),
	EXIT_NAME(CR_ACCESS),
	EXIT_NAME(DR_ACCESS),
	EXIT_NAME(IO_INSTRUCTION),
	EXIT_NAME(MSR_READ),
	EXIT_NAME(MSR_WRITE),
	EXIT_NAME(INVALID_STATE),
	EXIT_NAME(MSR_LOAD_FAIL),
	EXIT_NAME(MWAIT_INSTRUCTION),
	EXIT_NAME(MONITOR_TRAP_FLAG),
	EXIT_NAME(MONITOR_INSTRUCTION),
	EXIT_NAME(PAUSE_INSTRUCTION),
	EXIT_NAME(MCE_DURING_VMENTRY),
	EXIT_NAME(TPR_BELOW_THRESHOLD),
	EXIT_NAME(APIC_ACCESS),
	EXIT_NAME(EOI_INDUCED),
	EXIT_NAME(GDTR_IDTR),
	EXIT_NAME(LDTR_TR),
	EXIT_NAME(EPT_VIOLATION),
	EXIT_NAME(EPT_MISCONFIG),
	EXIT_NAME(INVEPT),
	EXIT_NAME(RDTSCP),
	EXIT_NAME(PREEMPTION_TIMER),
	EXIT_NAME(INVVPID),
	EXIT_NAME(WBINVD),
	EXIT_NAME(XSETBV),
	EXIT_NAME(APIC_WRITE),
	EXIT_NAME(RDRAND),
	EXIT_NAME(INVPCID),
	EXIT_NAME(VMFUNC),
	EXIT_NAME(ENCLS),
	EXIT_NAME(RDSEED),
	EXIT_NAME(PML_FULL),
	EXIT_NAME(XSAVES),
	EXIT_NAME(XRSTORS),
	EXIT_NAME(PCONFIG),
	EXIT_NAME(SPP),
	EXIT_NAME(UMWAIT),
	EXIT_NAME(TPAUSE),
	EXIT_NAME(LOADIWKEY),
	EXIT_NAME(ENCLV),
	EXIT_NAME(SGX_CONFLICT),
	EXIT_NAME(ENQCMD_PASID_FAIL),
	EXIT_NAME(ENQCMDS_PASID_FAIL),
	EXIT_NAME(BUS_LOCK),
	EXIT_NAME(NOTIFY),
	EXIT_NAME(SEAMCALL),
	EXIT_NAME(TDCALL),
#undef EXIT_NAME
};

const char *vmx_exit_reason_name(uint32_t basic_reason)
{
	if (basic_reason >= ARRAY_SIZE(exit_reason_names))
		return NULL;
	return exit_reason_names[basic_reason];
}

/* SDM 31.4, Table 31-1 "VM-Instruction Error Numbers"; 14, 21, 27 unused. */
static const char *const instruction_error_names[] = {
	[VMXERR_VMCALL_IN_VMX_ROOT_OPERATION] =
		"VMCALL executed in VMX root operation",
	[VMXERR_VMCLEAR_INVALID_ADDRESS] =
		"VMCLEAR with invalid physical address",
	[VMXERR_VMCLEAR_VMXON_POINTER] =
		"VMCLEAR with VMXON pointer",
	[VMXERR_VMLAUNCH_NONCLEAR_VMCS] =
		"VMLAUNCH with non-clear VMCS",
	[VMXERR_VMRESUME_NONLAUNCHED_VMCS] =
		"VMRESUME with non-launched VMCS",
	[VMXERR_VMRESUME_AFTER_VMXOFF] =
		"VMRESUME after VMXOFF",
	[VMXERR_ENTRY_INVALID_CONTROL_FIELD] =
		"VM entry with invalid control field(s)",
	[VMXERR_ENTRY_INVALID_HOST_STATE_FIELD] =
		"VM entry with invalid host-state field(s)",
	[VMXERR_VMPTRLD_INVALID_ADDRESS] =
		"VMPTRLD with invalid physical address",
	[VMXERR_VMPTRLD_VMXON_POINTER] =
		"VMPTRLD with VMXON pointer",
	[VMXERR_VMPTRLD_INCORRECT_VMCS_REVISION_ID] =
		"VMPTRLD with incorrect VMCS revision identifier",
	[VMXERR_UNSUPPORTED_VMCS_COMPONENT] =
		"VMREAD/VMWRITE from/to unsupported VMCS component",
	[VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT] =
		"VMWRITE to read-only VMCS component",
	[VMXERR_VMXON_IN_VMX_ROOT_OPERATION] =
		"VMXON executed in VMX root operation",
	[VMXERR_ENTRY_INVALID_EXECUTIVE_VMCS_POINTER] =
		"VM entry with invalid executive-VMCS pointer",
	[VMXERR_ENTRY_NONLAUNCHED_EXECUTIVE_VMCS] =
		"VM entry with non-launched executive VMCS",
	[VMXERR_ENTRY_EXECUTIVE_VMCS_POINTER_NOT_VMXON_POINTER] =
		"VM entry with executive-VMCS pointer not VMXON pointer",
	[VMXERR_VMCALL_NONCLEAR_VMCS] =
		"VMCALL with non-clear VMCS",
	[VMXERR_VMCALL_INVALID_VM_EXIT_CONTROL_FIELDS] =
		"VMCALL with invalid VM-exit control fields",
	[VMXERR_VMCALL_INCORRECT_MSEG_REVISION_ID] =
		"VMCALL with incorrect MSEG revision identifier",
	[VMXERR_VMXOFF_UNDER_DUAL_MONITOR_TREATMENT_OF_SMIS_AND_SMM] =
		"VMXOFF under dual-monitor treatment of SMIs and SMM",
	[VMXERR_VMCALL_INVALID_SMM_MONITOR_FEATURES] =
		"VMCALL with invalid SMM-monitor features",
	[VMXERR_ENTRY_INVALID_VM_EXECUTION_CONTROL_FIELDS_IN_EXECUTIVE_VMCS] =
		"VM entry with invalid VM-execution control fields in executive VMCS",
	[VMXERR_ENTRY_EVENTS_BLOCKED_BY_MOV_SS] =
		"VM entry with events blocked by MOV SS",
	[VMXERR_INVALID_OPERAND_TO_INVEPT_INVVPID] =
		"Invalid operand to INVEPT/INVVPID",
};

const char *vmx_instruction_error_name(uint32_t error)
{
	if (error >= ARRAY_SIZE(instruction_error_names))
		return NULL;
	return instruction_error_names[error];
}
