/* SPDX-License-Identifier: MIT */
/*
 * VMX capabilities as the capability MSRs report them (SDM Vol. 3D,
 * Appendix A "VMX Capability Reporting Facility"), with one-line
 * predicates in the manner of KVM's cpu_has_vmx_*().
 */
#ifndef ARCH_X86_VMX_CAPS_H
#define ARCH_X86_VMX_CAPS_H

#include <stdint.h>

/* Primary processor-based controls (SDM 25.6.2, Table 25-6). */
#define CPU_BASED_ACTIVATE_SECONDARY_CONTROLS	(1u << 31)
/* Secondary processor-based controls (Table 25-7). */
#define SECONDARY_EXEC_ENABLE_EPT		(1u << 1)
#define SECONDARY_EXEC_ENABLE_VPID		(1u << 5)
#define SECONDARY_EXEC_UNRESTRICTED_GUEST	(1u << 7)
/* Pin-based controls (Table 25-5). */
#define PIN_BASED_VMX_PREEMPTION_TIMER		(1u << 6)

/* IA32_VMX_EPT_VPID_CAP bits (Appendix A.10). */
#define VMX_EPT_EXECUTE_ONLY_BIT		(1ULL << 0)
#define VMX_EPT_PAGE_WALK_4_BIT			(1ULL << 6)
#define VMX_EPTP_UC_BIT				(1ULL << 8)
#define VMX_EPTP_WB_BIT				(1ULL << 14)
#define VMX_EPT_2MB_PAGE_BIT			(1ULL << 16)
#define VMX_EPT_1GB_PAGE_BIT			(1ULL << 17)
#define VMX_EPT_INVEPT_BIT			(1ULL << 20)
#define VMX_EPT_AD_BIT				(1ULL << 21)
#define VMX_EPT_EXTENT_CONTEXT_BIT		(1ULL << 25)
#define VMX_EPT_EXTENT_GLOBAL_BIT		(1ULL << 26)
#define VMX_VPID_INVVPID_BIT			(1ULL << 32)
#define VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT	(1ULL << 41)
#define VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT	(1ULL << 42)

/* IA32_VMX_BASIC (Appendix A.1). */
#define VMX_BASIC_REVISION(b)	((uint32_t)((b) & 0x7fffffff))
#define VMX_BASIC_VMCS_SIZE(b)	((uint32_t)(((b) >> 32) & 0x1fff))
#define VMX_BASIC_MEM_TYPE(b)	((uint32_t)(((b) >> 50) & 0xf))
#define VMX_BASIC_TRUE_CTLS	(1ULL << 55)
#define VMX_MEM_TYPE_WB		6

struct vmx_caps {
	uint64_t basic;
	/* Each control MSR: allowed-0 settings low, allowed-1 high (A.3). */
	uint64_t pinbased, procbased, procbased2, exit, entry;
	uint64_t misc, ept_vpid;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
};

/* A control may be 1 if its bit is set in the MSR's high half. */
static inline int vmx_ctl_allowed1(uint64_t msr, uint32_t bit)
{
	return !!((msr >> 32) & bit);
}

static inline int cpu_has_secondary_exec_ctrls(const struct vmx_caps *c)
{
	return vmx_ctl_allowed1(c->procbased, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
}

static inline int cpu_has_vmx_ept(const struct vmx_caps *c)
{
	return cpu_has_secondary_exec_ctrls(c) &&
	       vmx_ctl_allowed1(c->procbased2, SECONDARY_EXEC_ENABLE_EPT);
}

static inline int cpu_has_vmx_vpid(const struct vmx_caps *c)
{
	return cpu_has_secondary_exec_ctrls(c) &&
	       vmx_ctl_allowed1(c->procbased2, SECONDARY_EXEC_ENABLE_VPID);
}

static inline int cpu_has_vmx_unrestricted_guest(const struct vmx_caps *c)
{
	return cpu_has_secondary_exec_ctrls(c) &&
	       vmx_ctl_allowed1(c->procbased2, SECONDARY_EXEC_UNRESTRICTED_GUEST);
}

static inline int cpu_has_vmx_preemption_timer(const struct vmx_caps *c)
{
	return vmx_ctl_allowed1(c->pinbased, PIN_BASED_VMX_PREEMPTION_TIMER);
}

static inline int cpu_has_vmx_ept_4levels(const struct vmx_caps *c)
{
	return !!(c->ept_vpid & VMX_EPT_PAGE_WALK_4_BIT);
}

static inline int cpu_has_vmx_ept_wb(const struct vmx_caps *c)
{
	return !!(c->ept_vpid & VMX_EPTP_WB_BIT);
}

static inline int cpu_has_vmx_ept_2m_page(const struct vmx_caps *c)
{
	return !!(c->ept_vpid & VMX_EPT_2MB_PAGE_BIT);
}

static inline int cpu_has_vmx_ept_1g_page(const struct vmx_caps *c)
{
	return !!(c->ept_vpid & VMX_EPT_1GB_PAGE_BIT);
}

static inline int cpu_has_vmx_invept(const struct vmx_caps *c)
{
	return !!(c->ept_vpid & VMX_EPT_INVEPT_BIT);
}

static inline int cpu_has_vmx_invvpid(const struct vmx_caps *c)
{
	return !!(c->ept_vpid & VMX_VPID_INVVPID_BIT);
}

/* The preemption timer counts down once every 2^rate TSC ticks (A.6). */
static inline unsigned int vmx_preemption_timer_rate(const struct vmx_caps *c)
{
	return (unsigned int)(c->misc & 0x1f);
}

/*
 * What this hypervisor needs and the CPU lacks, as a comma-separated list
 * in @buf ("" when nothing is missing). Returns the number missing.
 */
int vmx_missing_features(const struct vmx_caps *c, char *buf, unsigned long size);

/* Read every capability MSR. Only when CPUID says VMX exists. */
void vmx_read_caps(struct vmx_caps *c);

#endif
