/* SPDX-License-Identifier: MIT */
/*
 * The architectural MSRs the hypervisor touches, by their SDM names and
 * numbers (SDM Vol. 4, Table 2-2), in one place: the MSR model (hv/msr.c),
 * the local APIC (hv/apic.c) and the VT-x backend share them. The VMX
 * capability MSRs are the backend's own (arch/x86/cpu.h).
 */
#ifndef MSR_INDEX_H
#define MSR_INDEX_H

#define MSR_IA32_TSC			0x00000010
#define MSR_IA32_PLATFORM_ID		0x00000017
#define MSR_IA32_APIC_BASE		0x0000001b
#define MSR_IA32_FEATURE_CONTROL	0x0000003a
#define MSR_IA32_TSC_ADJUST		0x0000003b
#define MSR_IA32_BIOS_SIGN_ID		0x0000008b
#define MSR_IA32_MTRRCAP		0x000000fe
#define MSR_IA32_SYSENTER_CS		0x00000174
#define MSR_IA32_SYSENTER_ESP		0x00000175
#define MSR_IA32_SYSENTER_EIP		0x00000176
#define MSR_IA32_MCG_CAP		0x00000179
#define MSR_IA32_MCG_STATUS		0x0000017a
#define MSR_IA32_MISC_ENABLE		0x000001a0
#define MSR_IA32_MTRR_PHYSBASE0		0x00000200	/* +1: MASK */
#define MSR_IA32_MTRR_FIX64K_00000	0x00000250
#define MSR_IA32_MTRR_FIX16K_80000	0x00000258
#define MSR_IA32_MTRR_FIX16K_A0000	0x00000259
#define MSR_IA32_MTRR_FIX4K_C0000	0x00000268	/* to 0x26f */
#define MSR_IA32_PAT			0x00000277
#define MSR_IA32_DEBUGCTL		0x000001d9
#define MSR_IA32_MTRR_DEF_TYPE		0x000002ff
#define MSR_IA32_TSC_DEADLINE		0x000006e0
#define MSR_EFER			0xc0000080
#define MSR_STAR			0xc0000081
#define MSR_LSTAR			0xc0000082
#define MSR_CSTAR			0xc0000083
#define MSR_SYSCALL_MASK		0xc0000084
#define MSR_FS_BASE			0xc0000100
#define MSR_GS_BASE			0xc0000101
#define MSR_KERNEL_GS_BASE		0xc0000102
#define MSR_TSC_AUX			0xc0000103
#define MSR_AMD64_SYSCFG		0xc0010010	/* AMD only */
#define MSR_K8_INT_PENDING_MSG		0xc0010055	/* AMD only */

#endif
