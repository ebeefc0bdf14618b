/* SPDX-License-Identifier: MIT */
/*
 * The VMCS: field encodings (SDM Vol. 3D, Appendix B), the formats of the
 * fields a hypervisor decodes, the control bits (SDM 25.6-25.8), and
 * VMREAD/VMWRITE accessors typed by field width, as KVM spells them
 * (arch/x86/include/asm/vmx.h, arch/x86/kvm/vmx/vmx_ops.h).
 *
 * A field encoding (SDM 25.11.2):
 *
 *	bit 0		access type: 0 full, 1 high (bits 63:32 of a 64-bit field)
 *	bits 9:1	index
 *	bits 11:10	type: 0 control, 1 VM-exit information, 2 guest state,
 *			3 host state
 *	bits 14:13	width: 0 16-bit, 1 64-bit, 2 32-bit, 3 natural width
 *
 * The fields are listed once, in VMCS_FIELDS(), which makes both
 * enum vmcs_field and the name table in vmx_names.c: a field added here
 * has a name in every VMCS dump.
 */
#ifndef ARCH_X86_VMX_VMCS_H
#define ARCH_X86_VMX_VMCS_H

#include <stdint.h>

#include "arch/x86/vmx/vmx_caps.h"
#include "arch/x86/vmx/vmx_ops.h"

/*
 * F(name, encoding) for every field this hypervisor uses, in the order of
 * Appendix B. Fields of features it never enables (posted interrupts, PML,
 * VM functions, TSC scaling, ...) are left out.
 */
#define VMCS_FIELDS(F)							\
	/* B.1.1 16-bit control fields */				\
	F(VIRTUAL_PROCESSOR_ID,			0x00000000)		\
	/* B.1.2 16-bit guest-state fields */				\
	F(GUEST_ES_SELECTOR,			0x00000800)		\
	F(GUEST_CS_SELECTOR,			0x00000802)		\
	F(GUEST_SS_SELECTOR,			0x00000804)		\
	F(GUEST_DS_SELECTOR,			0x00000806)		\
	F(GUEST_FS_SELECTOR,			0x00000808)		\
	F(GUEST_GS_SELECTOR,			0x0000080a)		\
	F(GUEST_LDTR_SELECTOR,			0x0000080c)		\
	F(GUEST_TR_SELECTOR,			0x0000080e)		\
	/* B.1.3 16-bit host-state fields */				\
	F(HOST_ES_SELECTOR,			0x00000c00)		\
	F(HOST_CS_SELECTOR,			0x00000c02)		\
	F(HOST_SS_SELECTOR,			0x00000c04)		\
	F(HOST_DS_SELECTOR,			0x00000c06)		\
	F(HOST_FS_SELECTOR,			0x00000c08)		\
	F(HOST_GS_SELECTOR,			0x00000c0a)		\
	F(HOST_TR_SELECTOR,			0x00000c0c)		\
	/* B.2.1 64-bit control fields */				\
	F(IO_BITMAP_A,				0x00002000)		\
	F(IO_BITMAP_B,				0x00002002)		\
	F(MSR_BITMAP,				0x00002004)		\
	F(VM_EXIT_MSR_STORE_ADDR,		0x00002006)		\
	F(VM_EXIT_MSR_LOAD_ADDR,		0x00002008)		\
	F(VM_ENTRY_MSR_LOAD_ADDR,		0x0000200a)		\
	F(TSC_OFFSET,				0x00002010)		\
	F(VIRTUAL_APIC_PAGE_ADDR,		0x00002012)		\
	F(APIC_ACCESS_ADDR,			0x00002014)		\
	F(EPT_POINTER,				0x0000201a)		\
	/* B.2.2 64-bit read-only data field */				\
	F(GUEST_PHYSICAL_ADDRESS,		0x00002400)		\
	/* B.2.3 64-bit guest-state fields */				\
	F(VMCS_LINK_POINTER,			0x00002800)		\
	F(GUEST_IA32_DEBUGCTL,			0x00002802)		\
	F(GUEST_IA32_PAT,			0x00002804)		\
	F(GUEST_IA32_EFER,			0x00002806)		\
	F(GUEST_PDPTR0,				0x0000280a)		\
	F(GUEST_PDPTR1,				0x0000280c)		\
	F(GUEST_PDPTR2,				0x0000280e)		\
	F(GUEST_PDPTR3,				0x00002810)		\
	/* B.2.4 64-bit host-state fields */				\
	F(HOST_IA32_PAT,			0x00002c00)		\
	F(HOST_IA32_EFER,			0x00002c02)		\
	/* B.3.1 32-bit control fields */				\
	F(PIN_BASED_VM_EXEC_CONTROL,		0x00004000)		\
	F(CPU_BASED_VM_EXEC_CONTROL,		0x00004002)		\
	F(EXCEPTION_BITMAP,			0x00004004)		\
	F(PAGE_FAULT_ERROR_CODE_MASK,		0x00004006)		\
	F(PAGE_FAULT_ERROR_CODE_MATCH,		0x00004008)		\
	F(CR3_TARGET_COUNT,			0x0000400a)		\
	F(VM_EXIT_CONTROLS,			0x0000400c)		\
	F(VM_EXIT_MSR_STORE_COUNT,		0x0000400e)		\
	F(VM_EXIT_MSR_LOAD_COUNT,		0x00004010)		\
	F(VM_ENTRY_CONTROLS,			0x00004012)		\
	F(VM_ENTRY_MSR_LOAD_COUNT,		0x00004014)		\
	F(VM_ENTRY_INTR_INFO_FIELD,		0x00004016)		\
	F(VM_ENTRY_EXCEPTION_ERROR_CODE,	0x00004018)		\
	F(VM_ENTRY_INSTRUCTION_LEN,		0x0000401a)		\
	F(TPR_THRESHOLD,			0x0000401c)		\
	F(SECONDARY_VM_EXEC_CONTROL,		0x0000401e)		\
	/* B.3.2 32-bit read-only data fields */			\
	F(VM_INSTRUCTION_ERROR,			0x00004400)		\
	F(VM_EXIT_REASON,			0x00004402)		\
	F(VM_EXIT_INTR_INFO,			0x00004404)		\
	F(VM_EXIT_INTR_ERROR_CODE,		0x00004406)		\
	F(IDT_VECTORING_INFO_FIELD,		0x00004408)		\
	F(IDT_VECTORING_ERROR_CODE,		0x0000440a)		\
	F(VM_EXIT_INSTRUCTION_LEN,		0x0000440c)		\
	F(VMX_INSTRUCTION_INFO,			0x0000440e)		\
	/* B.3.3 32-bit guest-state fields */				\
	F(GUEST_ES_LIMIT,			0x00004800)		\
	F(GUEST_CS_LIMIT,			0x00004802)		\
	F(GUEST_SS_LIMIT,			0x00004804)		\
	F(GUEST_DS_LIMIT,			0x00004806)		\
	F(GUEST_FS_LIMIT,			0x00004808)		\
	F(GUEST_GS_LIMIT,			0x0000480a)		\
	F(GUEST_LDTR_LIMIT,			0x0000480c)		\
	F(GUEST_TR_LIMIT,			0x0000480e)		\
	F(GUEST_GDTR_LIMIT,			0x00004810)		\
	F(GUEST_IDTR_LIMIT,			0x00004812)		\
	F(GUEST_ES_AR_BYTES,			0x00004814)		\
	F(GUEST_CS_AR_BYTES,			0x00004816)		\
	F(GUEST_SS_AR_BYTES,			0x00004818)		\
	F(GUEST_DS_AR_BYTES,			0x0000481a)		\
	F(GUEST_FS_AR_BYTES,			0x0000481c)		\
	F(GUEST_GS_AR_BYTES,			0x0000481e)		\
	F(GUEST_LDTR_AR_BYTES,			0x00004820)		\
	F(GUEST_TR_AR_BYTES,			0x00004822)		\
	F(GUEST_INTERRUPTIBILITY_INFO,		0x00004824)		\
	F(GUEST_ACTIVITY_STATE,			0x00004826)		\
	F(GUEST_SMBASE,				0x00004828)		\
	F(GUEST_SYSENTER_CS,			0x0000482a)		\
	F(VMX_PREEMPTION_TIMER_VALUE,		0x0000482e)		\
	/* B.3.4 32-bit host-state field */				\
	F(HOST_IA32_SYSENTER_CS,		0x00004c00)		\
	/* B.4.1 natural-width control fields */			\
	F(CR0_GUEST_HOST_MASK,			0x00006000)		\
	F(CR4_GUEST_HOST_MASK,			0x00006002)		\
	F(CR0_READ_SHADOW,			0x00006004)		\
	F(CR4_READ_SHADOW,			0x00006006)		\
	F(CR3_TARGET_VALUE0,			0x00006008)		\
	F(CR3_TARGET_VALUE1,			0x0000600a)		\
	F(CR3_TARGET_VALUE2,			0x0000600c)		\
	F(CR3_TARGET_VALUE3,			0x0000600e)		\
	/* B.4.2 natural-width read-only data fields */			\
	F(EXIT_QUALIFICATION,			0x00006400)		\
	F(IO_RCX,				0x00006402)		\
	F(IO_RSI,				0x00006404)		\
	F(IO_RDI,				0x00006406)		\
	F(IO_RIP,				0x00006408)		\
	F(GUEST_LINEAR_ADDRESS,			0x0000640a)		\
	/* B.4.3 natural-width guest-state fields */			\
	F(GUEST_CR0,				0x00006800)		\
	F(GUEST_CR3,				0x00006802)		\
	F(GUEST_CR4,				0x00006804)		\
	F(GUEST_ES_BASE,			0x00006806)		\
	F(GUEST_CS_BASE,			0x00006808)		\
	F(GUEST_SS_BASE,			0x0000680a)		\
	F(GUEST_DS_BASE,			0x0000680c)		\
	F(GUEST_FS_BASE,			0x0000680e)		\
	F(GUEST_GS_BASE,			0x00006810)		\
	F(GUEST_LDTR_BASE,			0x00006812)		\
	F(GUEST_TR_BASE,			0x00006814)		\
	F(GUEST_GDTR_BASE,			0x00006816)		\
	F(GUEST_IDTR_BASE,			0x00006818)		\
	F(GUEST_DR7,				0x0000681a)		\
	F(GUEST_RSP,				0x0000681c)		\
	F(GUEST_RIP,				0x0000681e)		\
	F(GUEST_RFLAGS,				0x00006820)		\
	F(GUEST_PENDING_DBG_EXCEPTIONS,		0x00006822)		\
	F(GUEST_SYSENTER_ESP,			0x00006824)		\
	F(GUEST_SYSENTER_EIP,			0x00006826)		\
	/* B.4.4 natural-width host-state fields */			\
	F(HOST_CR0,				0x00006c00)		\
	F(HOST_CR3,				0x00006c02)		\
	F(HOST_CR4,				0x00006c04)		\
	F(HOST_FS_BASE,				0x00006c06)		\
	F(HOST_GS_BASE,				0x00006c08)		\
	F(HOST_TR_BASE,				0x00006c0a)		\
	F(HOST_GDTR_BASE,			0x00006c0c)		\
	F(HOST_IDTR_BASE,			0x00006c0e)		\
	F(HOST_IA32_SYSENTER_ESP,		0x00006c10)		\
	F(HOST_IA32_SYSENTER_EIP,		0x00006c12)		\
	F(HOST_RSP,				0x00006c14)		\
	F(HOST_RIP,				0x00006c16)

enum vmcs_field {
#define VMCS_FIELD_ENUM(name, encoding) name = encoding,
	VMCS_FIELDS(VMCS_FIELD_ENUM)
#undef VMCS_FIELD_ENUM
};

/* ------------------------------------------------------------ encodings */

/* Bits 14:13 of an encoding (SDM 25.11.2). */
enum vmcs_field_width {
	VMCS_FIELD_WIDTH_U16 = 0,
	VMCS_FIELD_WIDTH_U64 = 1,
	VMCS_FIELD_WIDTH_U32 = 2,
	VMCS_FIELD_WIDTH_NATURAL_WIDTH = 3,
};

/* Bits 11:10 of an encoding. */
enum vmcs_field_type {
	VMCS_FIELD_TYPE_CONTROL = 0,
	VMCS_FIELD_TYPE_VMEXIT_INFO = 1,	/* read-only data */
	VMCS_FIELD_TYPE_GUEST = 2,
	VMCS_FIELD_TYPE_HOST = 3,
};

#define VMCS_FIELD_WIDTH(f)	(((f) >> 13) & 3)
#define VMCS_FIELD_TYPE(f)	(((f) >> 10) & 3)
#define VMCS_FIELD_INDEX(f)	(((f) >> 1) & 0x1ff)
/* Bit 0: the "high" access type reads bits 63:32 of a 64-bit field. */
#define VMCS_FIELD_HIGH(f)	((f) | 1)

/*
 * The width an access really has: the high half of a 64-bit field is
 * read and written as a 32-bit field (SDM 25.11.2).
 */
#define VMCS_ACCESS_WIDTH(f)						\
	((((f) & 0x6001) == 0x2001) ? VMCS_FIELD_WIDTH_U32 :		\
				      VMCS_FIELD_WIDTH(f))

static inline enum vmcs_field_width vmcs_field_width(uint32_t field)
{
	return (enum vmcs_field_width)VMCS_ACCESS_WIDTH(field);
}

/* ------------------------------------------------------------ controls */

/* Pin-based VM-execution controls (SDM 25.6.1, Table 25-5). */
#define PIN_BASED_EXT_INTR_MASK			(1u << 0)
#define PIN_BASED_NMI_EXITING			(1u << 3)
#define PIN_BASED_VIRTUAL_NMIS			(1u << 5)
/* PIN_BASED_VMX_PREEMPTION_TIMER (bit 6) is in vmx_caps.h. */
#define PIN_BASED_POSTED_INTR			(1u << 7)
/* The default1 class (Appendix A.3.1): 1 unless the TRUE MSR says 0. */
#define PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR	0x00000016u

/* Primary processor-based VM-execution controls (SDM 25.6.2, Table 25-6). */
#define CPU_BASED_INTR_WINDOW_EXITING		(1u << 2)
#define CPU_BASED_USE_TSC_OFFSETTING		(1u << 3)
#define CPU_BASED_HLT_EXITING			(1u << 7)
#define CPU_BASED_INVLPG_EXITING		(1u << 9)
#define CPU_BASED_MWAIT_EXITING			(1u << 10)
#define CPU_BASED_RDPMC_EXITING			(1u << 11)
#define CPU_BASED_RDTSC_EXITING			(1u << 12)
#define CPU_BASED_CR3_LOAD_EXITING		(1u << 15)
#define CPU_BASED_CR3_STORE_EXITING		(1u << 16)
#define CPU_BASED_CR8_LOAD_EXITING		(1u << 19)
#define CPU_BASED_CR8_STORE_EXITING		(1u << 20)
#define CPU_BASED_TPR_SHADOW			(1u << 21)
#define CPU_BASED_NMI_WINDOW_EXITING		(1u << 22)
#define CPU_BASED_MOV_DR_EXITING		(1u << 23)
#define CPU_BASED_UNCOND_IO_EXITING		(1u << 24)
#define CPU_BASED_USE_IO_BITMAPS		(1u << 25)
#define CPU_BASED_MONITOR_TRAP_FLAG		(1u << 27)
#define CPU_BASED_USE_MSR_BITMAPS		(1u << 28)
#define CPU_BASED_MONITOR_EXITING		(1u << 29)
#define CPU_BASED_PAUSE_EXITING			(1u << 30)
/* CPU_BASED_ACTIVATE_SECONDARY_CONTROLS (bit 31) is in vmx_caps.h. */
#define CPU_BASED_ALWAYSON_WITHOUT_TRUE_MSR	0x0401e172u

/*
 * Secondary processor-based VM-execution controls (SDM 25.6.2,
 * Table 25-7). SECONDARY_EXEC_ENABLE_EPT (bit 1), SECONDARY_EXEC_ENABLE_VPID
 * (bit 5) and SECONDARY_EXEC_UNRESTRICTED_GUEST (bit 7) are in vmx_caps.h.
 */
#define SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES	(1u << 0)
#define SECONDARY_EXEC_DESC			(1u << 2)
#define SECONDARY_EXEC_ENABLE_RDTSCP		(1u << 3)
#define SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE	(1u << 4)
#define SECONDARY_EXEC_WBINVD_EXITING		(1u << 6)
#define SECONDARY_EXEC_APIC_REGISTER_VIRT	(1u << 8)
#define SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY	(1u << 9)
#define SECONDARY_EXEC_PAUSE_LOOP_EXITING	(1u << 10)
#define SECONDARY_EXEC_RDRAND_EXITING		(1u << 11)
#define SECONDARY_EXEC_ENABLE_INVPCID		(1u << 12)
#define SECONDARY_EXEC_ENABLE_VMFUNC		(1u << 13)
#define SECONDARY_EXEC_SHADOW_VMCS		(1u << 14)
#define SECONDARY_EXEC_ENCLS_EXITING		(1u << 15)
#define SECONDARY_EXEC_RDSEED_EXITING		(1u << 16)
#define SECONDARY_EXEC_ENABLE_PML		(1u << 17)
#define SECONDARY_EXEC_EPT_VIOLATION_VE		(1u << 18)
#define SECONDARY_EXEC_PT_CONCEAL_VMX		(1u << 19)
#define SECONDARY_EXEC_ENABLE_XSAVES		(1u << 20)
#define SECONDARY_EXEC_MODE_BASED_EPT_EXEC	(1u << 22)
#define SECONDARY_EXEC_PT_USE_GPA		(1u << 24)
#define SECONDARY_EXEC_TSC_SCALING		(1u << 25)
#define SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE	(1u << 26)

/* VM-exit controls (SDM 25.7.1). */
#define VM_EXIT_SAVE_DEBUG_CONTROLS		0x00000004u
#define VM_EXIT_HOST_ADDR_SPACE_SIZE		0x00000200u
#define VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL	0x00001000u
#define VM_EXIT_ACK_INTR_ON_EXIT		0x00008000u
#define VM_EXIT_SAVE_IA32_PAT			0x00040000u
#define VM_EXIT_LOAD_IA32_PAT			0x00080000u
#define VM_EXIT_SAVE_IA32_EFER			0x00100000u
#define VM_EXIT_LOAD_IA32_EFER			0x00200000u
#define VM_EXIT_SAVE_VMX_PREEMPTION_TIMER	0x00400000u
#define VM_EXIT_ALWAYSON_WITHOUT_TRUE_MSR	0x00036dffu

/* VM-entry controls (SDM 25.8.1). */
#define VM_ENTRY_LOAD_DEBUG_CONTROLS		0x00000004u
#define VM_ENTRY_IA32E_MODE			0x00000200u
#define VM_ENTRY_SMM				0x00000400u
#define VM_ENTRY_DEACT_DUAL_MONITOR		0x00000800u
#define VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL	0x00002000u
#define VM_ENTRY_LOAD_IA32_PAT			0x00004000u
#define VM_ENTRY_LOAD_IA32_EFER			0x00008000u
#define VM_ENTRY_ALWAYSON_WITHOUT_TRUE_MSR	0x000011ffu

/* --------------------------------------------------------- field formats */

/*
 * Interruption-information format: VM-entry (SDM 25.8.3),
 * VM-exit (25.9.2) and IDT-vectoring (25.9.3).
 */
#define INTR_INFO_VECTOR_MASK		0x000000ffu	/* 7:0 */
#define INTR_INFO_INTR_TYPE_MASK	0x00000700u	/* 10:8 */
#define INTR_INFO_DELIVER_CODE_MASK	0x00000800u	/* 11 */
#define INTR_INFO_UNBLOCK_NMI		0x00001000u	/* 12, exits only */
#define INTR_INFO_VALID_MASK		0x80000000u	/* 31 */
#define INTR_INFO_RESVD_BITS_MASK	0x7ffff000u	/* 30:12 on entry */

#define VECTORING_INFO_VECTOR_MASK	INTR_INFO_VECTOR_MASK
#define VECTORING_INFO_TYPE_MASK	INTR_INFO_INTR_TYPE_MASK
#define VECTORING_INFO_DELIVER_CODE_MASK INTR_INFO_DELIVER_CODE_MASK
#define VECTORING_INFO_VALID_MASK	INTR_INFO_VALID_MASK

#define INTR_TYPE_EXT_INTR		(0u << 8)	/* external interrupt */
#define INTR_TYPE_RESERVED		(1u << 8)
#define INTR_TYPE_NMI_INTR		(2u << 8)	/* NMI */
#define INTR_TYPE_HARD_EXCEPTION	(3u << 8)	/* CPU exception */
#define INTR_TYPE_SOFT_INTR		(4u << 8)	/* INT n */
#define INTR_TYPE_PRIV_SW_EXCEPTION	(5u << 8)	/* INT1 (ICEBP) */
#define INTR_TYPE_SOFT_EXCEPTION	(6u << 8)	/* INT3, INTO */
#define INTR_TYPE_OTHER_EVENT		(7u << 8)	/* pending MTF */

/* Guest interruptibility state (SDM 25.4.2, Table 25-3). */
#define GUEST_INTR_STATE_STI		0x00000001u
#define GUEST_INTR_STATE_MOV_SS		0x00000002u
#define GUEST_INTR_STATE_SMI		0x00000004u
#define GUEST_INTR_STATE_NMI		0x00000008u
#define GUEST_INTR_STATE_ENCLAVE_INTR	0x00000010u

/* Guest activity state (SDM 25.4.2). */
#define GUEST_ACTIVITY_ACTIVE		0
#define GUEST_ACTIVITY_HLT		1
#define GUEST_ACTIVITY_SHUTDOWN		2
#define GUEST_ACTIVITY_WAIT_SIPI	3

/* Guest pending debug exceptions (SDM 25.4.2, Table 25-4). */
#define PENDING_DBG_B0_B3		0x0000000fULL
#define PENDING_DBG_ENABLED_BP		(1ULL << 12)
#define PENDING_DBG_BS			(1ULL << 14)
#define PENDING_DBG_RTM			(1ULL << 16)

/*
 * Segment access rights as the VMCS holds them (SDM 25.4.1, Table 25-2):
 * the descriptor's bits 47:40 and 55:52 in bits 7:0 and 15:12, plus
 * "segment unusable" in bit 16. Not what LAR returns.
 */
#define VMX_AR_TYPE_ACCESSES_MASK	(1u << 0)
#define VMX_AR_TYPE_READABLE_MASK	(1u << 1)
#define VMX_AR_TYPE_WRITEABLE_MASK	(1u << 2)
#define VMX_AR_TYPE_CODE_MASK		(1u << 3)
#define VMX_AR_TYPE_MASK		0x0fu
#define VMX_AR_TYPE_BUSY_16_TSS		3
#define VMX_AR_TYPE_BUSY_32_TSS		11
#define VMX_AR_TYPE_BUSY_64_TSS		11
#define VMX_AR_TYPE_LDT			2
#define VMX_AR_S_MASK			(1u << 4)
#define VMX_AR_DPL_SHIFT		5
#define VMX_AR_DPL(ar)			(((ar) >> VMX_AR_DPL_SHIFT) & 3)
#define VMX_AR_P_MASK			(1u << 7)
#define VMX_AR_L_MASK			(1u << 13)
#define VMX_AR_DB_MASK			(1u << 14)
#define VMX_AR_G_MASK			(1u << 15)
#define VMX_AR_UNUSABLE_MASK		(1u << 16)
#define VMX_AR_RESERVD_MASK		0xfffe0f00u	/* 31:17, 11:8 */

/* Extended-page-table pointer (SDM 25.6.11). */
#define VMX_EPTP_MT_MASK		0x7ULL		/* 2:0 memory type */
#define VMX_EPTP_MT_UC			0x0ULL
#define VMX_EPTP_MT_WB			0x6ULL
#define VMX_EPTP_PWL_MASK		0x38ULL		/* 5:3 levels - 1 */
#define VMX_EPTP_PWL_4			0x18ULL
#define VMX_EPTP_PWL_5			0x20ULL
#define VMX_EPTP_AD_ENABLE_BIT		(1ULL << 6)
#define VMX_EPTP_RESERVED_BITS		0xf80ULL	/* 11:7 */

/*
 * Capability bits the rules on these fields depend on, beside the ones in
 * vmx_caps.h (SDM Appendix A.1, A.6, A.10).
 */
#define VMX_BASIC_NO_HW_ERROR_CODE_CC	(1ULL << 56)
#define VMX_MISC_ACTIVITY_HLT		(1ULL << 6)
#define VMX_MISC_ACTIVITY_SHUTDOWN	(1ULL << 7)
#define VMX_MISC_ACTIVITY_WAIT_SIPI	(1ULL << 8)
#define VMX_MISC_ZERO_LEN_INS		(1ULL << 30)
#define VMX_EPT_PAGE_WALK_5_BIT		(1ULL << 7)

/* VM-instruction error numbers (SDM 31.4, Table 31-1). */
enum vm_instruction_error_number {
	VMXERR_VMCALL_IN_VMX_ROOT_OPERATION = 1,
	VMXERR_VMCLEAR_INVALID_ADDRESS = 2,
	VMXERR_VMCLEAR_VMXON_POINTER = 3,
	VMXERR_VMLAUNCH_NONCLEAR_VMCS = 4,
	VMXERR_VMRESUME_NONLAUNCHED_VMCS = 5,
	VMXERR_VMRESUME_AFTER_VMXOFF = 6,
	VMXERR_ENTRY_INVALID_CONTROL_FIELD = 7,
	VMXERR_ENTRY_INVALID_HOST_STATE_FIELD = 8,
	VMXERR_VMPTRLD_INVALID_ADDRESS = 9,
	VMXERR_VMPTRLD_VMXON_POINTER = 10,
	VMXERR_VMPTRLD_INCORRECT_VMCS_REVISION_ID = 11,
	VMXERR_UNSUPPORTED_VMCS_COMPONENT = 12,
	VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT = 13,
	VMXERR_VMXON_IN_VMX_ROOT_OPERATION = 15,
	VMXERR_ENTRY_INVALID_EXECUTIVE_VMCS_POINTER = 16,
	VMXERR_ENTRY_NONLAUNCHED_EXECUTIVE_VMCS = 17,
	VMXERR_ENTRY_EXECUTIVE_VMCS_POINTER_NOT_VMXON_POINTER = 18,
	VMXERR_VMCALL_NONCLEAR_VMCS = 19,
	VMXERR_VMCALL_INVALID_VM_EXIT_CONTROL_FIELDS = 20,
	VMXERR_VMCALL_INCORRECT_MSEG_REVISION_ID = 22,
	VMXERR_VMXOFF_UNDER_DUAL_MONITOR_TREATMENT_OF_SMIS_AND_SMM = 23,
	VMXERR_VMCALL_INVALID_SMM_MONITOR_FEATURES = 24,
	VMXERR_ENTRY_INVALID_VM_EXECUTION_CONTROL_FIELDS_IN_EXECUTIVE_VMCS = 25,
	VMXERR_ENTRY_EVENTS_BLOCKED_BY_MOV_SS = 26,
	VMXERR_INVALID_OPERAND_TO_INVEPT_INVVPID = 28,
};

/* ------------------------------------------------------------ accessors */

/*
 * VMREAD and VMWRITE with the SDM 31.2 outcome: VMfailInvalid when there
 * is no current VMCS, VMfailValid with VM_INSTRUCTION_ERROR = 12 for a
 * field this CPU does not have, 13 for a VMWRITE to a read-only one.
 * Use these directly only for fields that may be missing (and then
 * check the result); everything else goes through the typed accessors.
 */
/*
 * Every VMREAD and VMWRITE is counted: the exit statistics show how many
 * each kind of exit costs (VMCS accesses are slow on real hardware, and
 * the hypercall path is held to three reads and one write).
 */
extern uint64_t vmcs_read_count, vmcs_write_count;

static inline enum vmx_result __vmcs_read(uint32_t field, uint64_t *value)
{
	uint64_t v;
	uint8_t cf, zf;

	vmcs_read_count++;
	__asm__ volatile("vmread %[field], %[value]\n\t"
			 "setc %[cf]\n\t"
			 "setz %[zf]"
			 : [value] "=r"(v), [cf] "=qm"(cf), [zf] "=qm"(zf)
			 : [field] "r"((uint64_t)field)
			 : "cc");
	*value = v;
	return cf ? VMX_FAIL_INVALID : zf ? VMX_FAIL_VALID : VMX_SUCCEED;
}

static inline enum vmx_result __vmcs_write(uint32_t field, uint64_t value)
{
	uint8_t cf, zf;

	vmcs_write_count++;
	__asm__ volatile("vmwrite %[value], %[field]\n\t"
			 "setc %[cf]\n\t"
			 "setz %[zf]"
			 : [cf] "=qm"(cf), [zf] "=qm"(zf)
			 : [field] "r"((uint64_t)field), [value] "rm"(value)
			 : "cc");
	return cf ? VMX_FAIL_INVALID : zf ? VMX_FAIL_VALID : VMX_SUCCEED;
}

/*
 * Called when a typed accessor's VMREAD or VMWRITE fails; that is a bug in
 * the hypervisor (no VMCS loaded, a field this CPU lacks, a read-only
 * field). vmcs.c reports the field by name with the VM-instruction error
 * and panics; KVM's vmread_error()/vmwrite_error() play the same part.
 * They do not return, which also keeps the fast path's registers free.
 */
void vmread_error(uint32_t field, enum vmx_result r)
	__attribute__((noreturn, cold));
void vmwrite_error(uint32_t field, uint64_t value, enum vmx_result r)
	__attribute__((noreturn, cold));

/*
 * The typed accessors' instructions: VMREAD or VMWRITE and one branch,
 * taken on CF or ZF (JBE), to the error report; as KVM's __vmcs_readl().
 * The failure is read again there to tell VMfailInvalid from
 * VMfailValid. These run on every exit: keep them short.
 */
static inline uint64_t vmcs_read_any(uint32_t field)
{
	uint64_t v;

	vmcs_read_count++;
	__asm__ goto("vmread %[field], %[v]\n\t"
		     "jbe %l[fail]"
		     : [v] "=r"(v)
		     : [field] "r"((uint64_t)field)
		     : "cc"
		     : fail);
	return v;
fail:
	vmread_error(field, __vmcs_read(field, &v));
}

static inline enum vmx_result vmcs_write_any(uint32_t field, uint64_t value)
{
	vmcs_write_count++;
	__asm__ goto("vmwrite %[value], %[field]\n\t"
		     "jbe %l[fail]"
		     : /* no outputs */
		     : [field] "r"((uint64_t)field), [value] "rm"(value)
		     : "cc"
		     : fail);
	return VMX_SUCCEED;
fail:
	vmwrite_error(field, value, __vmcs_write(field, value));
}

/*
 * 1 when @x is an integer constant expression, 0 otherwise, and itself an
 * integer constant expression either way (Linux's __is_constexpr()).
 */
#define __vmcs_is_constexpr(x)						\
	(sizeof(int) == sizeof(*(8 ? ((void *)((long)(x) * 0l)) : (int *)8)))

/*
 * A constant field of the wrong width does not compile:
 *	vmcs_read16(GUEST_CR0)
 *	error: static assertion failed:
 *	"vmcs_read16: GUEST_CR0 is not a 16-bit field"
 * A field computed at run time (GUEST_ES_SELECTOR + 2 * i) is not checked.
 */
#define VMCS_CHECK_WIDTH(field, width, accessor, what)			\
	_Static_assert(!__vmcs_is_constexpr(field) ||			\
		       VMCS_ACCESS_WIDTH(__builtin_choose_expr(		\
				__vmcs_is_constexpr(field),		\
				(field), 0)) == (width),		\
		       accessor ": " #field " is not a " what " field")

#define vmcs_read16(field) ({						\
	VMCS_CHECK_WIDTH(field, VMCS_FIELD_WIDTH_U16,			\
			 "vmcs_read16", "16-bit");			\
	(uint16_t)vmcs_read_any(field);					\
})
#define vmcs_read32(field) ({						\
	VMCS_CHECK_WIDTH(field, VMCS_FIELD_WIDTH_U32,			\
			 "vmcs_read32", "32-bit");			\
	(uint32_t)vmcs_read_any(field);					\
})
#define vmcs_read64(field) ({						\
	VMCS_CHECK_WIDTH(field, VMCS_FIELD_WIDTH_U64,			\
			 "vmcs_read64", "64-bit");			\
	(uint64_t)vmcs_read_any(field);					\
})
#define vmcs_readl(field) ({						\
	VMCS_CHECK_WIDTH(field, VMCS_FIELD_WIDTH_NATURAL_WIDTH,		\
			 "vmcs_readl", "natural-width");		\
	(unsigned long)vmcs_read_any(field);				\
})

/* Each returns VMX_SUCCEED (0), or the failure after vmwrite_error(). */
#define vmcs_write16(field, value) ({					\
	VMCS_CHECK_WIDTH(field, VMCS_FIELD_WIDTH_U16,			\
			 "vmcs_write16", "16-bit");			\
	vmcs_write_any(field, (uint16_t)(value));			\
})
#define vmcs_write32(field, value) ({					\
	VMCS_CHECK_WIDTH(field, VMCS_FIELD_WIDTH_U32,			\
			 "vmcs_write32", "32-bit");			\
	vmcs_write_any(field, (uint32_t)(value));			\
})
#define vmcs_write64(field, value) ({					\
	VMCS_CHECK_WIDTH(field, VMCS_FIELD_WIDTH_U64,			\
			 "vmcs_write64", "64-bit");			\
	vmcs_write_any(field, (uint64_t)(value));			\
})
#define vmcs_writel(field, value) ({					\
	VMCS_CHECK_WIDTH(field, VMCS_FIELD_WIDTH_NATURAL_WIDTH,		\
			 "vmcs_writel", "natural-width");		\
	vmcs_write_any(field, (unsigned long)(value));			\
})

#endif
