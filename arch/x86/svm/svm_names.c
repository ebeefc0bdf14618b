// SPDX-License-Identifier: MIT
/*
 * #VMEXIT code names as the APM spells them (vol. 2, Appendix C), for
 * logs, statistics and traces; indexed by the core's reason number
 * (vmcb.h: svm_reason(): the exit code below 0x100, NPF and INVALID
 * folded into free slots).
 */
#include "arch/x86/svm/svm.h"

static const char *const svm_exit_names[0x100] = {
	[0x00] = "READ_CR0", [0x02] = "READ_CR2", [0x03] = "READ_CR3",
	[0x04] = "READ_CR4", [0x08] = "READ_CR8",
	[0x10] = "WRITE_CR0", [0x12] = "WRITE_CR2", [0x13] = "WRITE_CR3",
	[0x14] = "WRITE_CR4", [0x18] = "WRITE_CR8",
	[0x20] = "READ_DR0", [0x21] = "READ_DR1", [0x22] = "READ_DR2",
	[0x23] = "READ_DR3", [0x26] = "READ_DR6", [0x27] = "READ_DR7",
	[0x30] = "WRITE_DR0", [0x31] = "WRITE_DR1", [0x32] = "WRITE_DR2",
	[0x33] = "WRITE_DR3", [0x36] = "WRITE_DR6", [0x37] = "WRITE_DR7",
	[0x40] = "EXCP_DE", [0x41] = "EXCP_DB", [0x42] = "EXCP_NMI",
	[0x43] = "EXCP_BP", [0x44] = "EXCP_OF", [0x45] = "EXCP_BR",
	[0x46] = "EXCP_UD", [0x47] = "EXCP_NM", [0x48] = "EXCP_DF",
	[0x4a] = "EXCP_TS", [0x4b] = "EXCP_NP", [0x4c] = "EXCP_SS",
	[0x4d] = "EXCP_GP", [0x4e] = "EXCP_PF", [0x50] = "EXCP_MF",
	[0x51] = "EXCP_AC", [0x52] = "EXCP_MC", [0x53] = "EXCP_XF",
	[0x5d] = "EXCP_VC", [0x5e] = "EXCP_SX",
	[SVM_EXIT_INTR] = "INTR",
	[SVM_EXIT_NMI] = "NMI",
	[SVM_EXIT_SMI] = "SMI",
	[SVM_EXIT_INIT] = "INIT",
	[SVM_EXIT_VINTR] = "VINTR",
	[SVM_EXIT_CR0_SEL_WRITE] = "CR0_SEL_WRITE",
	[0x66] = "IDTR_READ", [0x67] = "GDTR_READ", [0x68] = "LDTR_READ",
	[0x69] = "TR_READ", [0x6a] = "IDTR_WRITE", [0x6b] = "GDTR_WRITE",
	[0x6c] = "LDTR_WRITE", [0x6d] = "TR_WRITE",
	[SVM_EXIT_RDTSC] = "RDTSC",
	[SVM_EXIT_RDPMC] = "RDPMC",
	[0x70] = "PUSHF", [0x71] = "POPF",
	[SVM_EXIT_CPUID] = "CPUID",
	[SVM_EXIT_RSM] = "RSM",
	[SVM_EXIT_IRET] = "IRET",
	[SVM_EXIT_SWINT] = "SWINT",
	[SVM_EXIT_INVD] = "INVD",
	[SVM_EXIT_PAUSE] = "PAUSE",
	[SVM_EXIT_HLT] = "HLT",
	[SVM_EXIT_INVLPG] = "INVLPG",
	[SVM_EXIT_INVLPGA] = "INVLPGA",
	[SVM_EXIT_IOIO] = "IOIO",
	[SVM_EXIT_MSR] = "MSR",
	[SVM_EXIT_TASK_SWITCH] = "TASK_SWITCH",
	[SVM_EXIT_FERR_FREEZE] = "FERR_FREEZE",
	[SVM_EXIT_SHUTDOWN] = "SHUTDOWN",
	[SVM_EXIT_VMRUN] = "VMRUN",
	[SVM_EXIT_VMMCALL] = "VMMCALL",
	[SVM_EXIT_VMLOAD] = "VMLOAD",
	[SVM_EXIT_VMSAVE] = "VMSAVE",
	[SVM_EXIT_STGI] = "STGI",
	[SVM_EXIT_CLGI] = "CLGI",
	[SVM_EXIT_SKINIT] = "SKINIT",
	[SVM_EXIT_RDTSCP] = "RDTSCP",
	[SVM_EXIT_ICEBP] = "ICEBP",
	[SVM_EXIT_WBINVD] = "WBINVD",
	[SVM_EXIT_MONITOR] = "MONITOR",
	[SVM_EXIT_MWAIT] = "MWAIT",
	[SVM_EXIT_MWAIT_COND] = "MWAIT_CONDITIONAL",
	[SVM_EXIT_XSETBV] = "XSETBV",
	[SVM_EXIT_RDPRU] = "RDPRU",
	[SVM_EXIT_EFER_WRITE_TRAP] = "EFER_WRITE_TRAP",
	[0x90] = "CR0_WRITE_TRAP", [0x93] = "CR3_WRITE_TRAP",
	[0x94] = "CR4_WRITE_TRAP", [0x98] = "CR8_WRITE_TRAP",
	[SVM_EXIT_INVLPGB] = "INVLPGB",
	[SVM_EXIT_INVLPGB_ILLEGAL] = "INVLPGB_ILLEGAL",
	[SVM_EXIT_INVPCID] = "INVPCID",
	[SVM_EXIT_MCOMMIT] = "MCOMMIT",
	[SVM_EXIT_TLBSYNC] = "TLBSYNC",
	[SVM_REASON_NPF] = "NPF",
	[0xfe] = "OTHER",
	[SVM_REASON_INVALID] = "INVALID",
};

const char *svm_exit_reason_name(uint32_t reason)
{
	if (reason < sizeof(svm_exit_names) / sizeof(svm_exit_names[0]) &&
	    svm_exit_names[reason])
		return svm_exit_names[reason];
	return "UNKNOWN";
}
