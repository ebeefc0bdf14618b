// SPDX-License-Identifier: MIT
#include "hv/cpuid.h"

#include "hv/arch.h"
#include "hv/dev/lapic.h"
#include "hv/pv.h"
#include "hv/vm.h"

enum { EAX, EBX, ECX, EDX };

/* CPUID.1 feature bits (SDM Vol. 2A, CPUID, Table 3-10 and 3-11). */
#define CPUID1_ECX_MONITOR	(1u << 3)
#define CPUID1_ECX_VMX		(1u << 5)
#define CPUID1_ECX_X2APIC	(1u << 21)
#define CPUID1_ECX_TSC_DEADLINE	(1u << 24)
#define CPUID1_ECX_OSXSAVE	(1u << 27)
#define CR4_OSXSAVE		(1ULL << 18)
#define CPUID1_ECX_HYPERVISOR	(1u << 31)
#define CPUID1_EDX_APIC		(1u << 9)
#define CPUID1_EDX_MTRR		(1u << 12)
#define CPUID1_EDX_ACPI		(1u << 22)	/* thermal MSRs */
#define CPUID1_EDX_TM		(1u << 29)	/* thermal monitor */

static void signature(uint32_t regs[4])
{
	const char *sig = HV_CPUID_SIGNATURE;

	regs[EAX] = HV_CPUID_MAX;
	for (int i = 0; i < 12; i++) {
		uint32_t *r = &regs[EBX + i / 4];

		if (i % 4 == 0)
			*r = 0;
		*r |= (uint32_t)(uint8_t)sig[i] << (8 * (i % 4));
	}
}

void cpuid_filter(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
	(void)subleaf;
	if (leaf >= HV_CPUID_BASE && leaf <= HV_CPUID_BASE + 0xff) {
		regs[EAX] = regs[EBX] = regs[ECX] = regs[EDX] = 0;
		if (leaf == HV_CPUID_BASE) {
			signature(regs);
		} else if (leaf == HV_CPUID_FEATURES) {
			regs[EAX] = HV_ABI_VERSION;
			regs[EBX] = HV_FEATURE_HYPERCALL_PAGE | HV_FEATURE_CONSOLE |
				    HV_FEATURE_TIME | HV_FEATURE_TIMER |
				    HV_FEATURE_MESSAGES | HV_FEATURE_EXIT_STATS |
				    HV_FEATURE_EXIT_TRACE;
			regs[ECX] = HV_MSR_HYPERCALL;
		}
		return;
	}
	switch (leaf) {
	case 1:
		regs[ECX] &= ~(CPUID1_ECX_VMX | CPUID1_ECX_MONITOR |
			       CPUID1_ECX_X2APIC);
		/* The local APIC and its TSC-deadline timer are virtual. */
		regs[ECX] |= CPUID1_ECX_HYPERVISOR | CPUID1_ECX_TSC_DEADLINE;
		/*
		 * No thermal MSRs: with an APIC, Linux's intel_init_thermal()
		 * would program IA32_THERM_INTERRUPT (0x19b) and the LVT.
		 */
		regs[EDX] &= ~(CPUID1_EDX_MTRR | CPUID1_EDX_ACPI | CPUID1_EDX_TM);
		regs[EDX] |= CPUID1_EDX_APIC;
		/* One logical processor, APIC ID 0. */
		regs[EBX] = (regs[EBX] & 0xffff) | (1u << 16);
		break;
	case 5:			/* MONITOR/MWAIT */
	case 0xa:		/* architectural performance monitoring */
		regs[EAX] = regs[EBX] = regs[ECX] = regs[EDX] = 0;
		break;
	}
}

/*
 * pv=none: the leaf whose answer @leaf gets on a bare PC, by the guest's
 * leaf 0; false: zeros.
 */
static bool bare_pc_leaf(uint32_t *leaf)
{
	uint32_t leaf0[4];

	if (!pv_cpuid_leaf(*leaf))
		return true;
	arch_cpuid(0, 0, leaf0);
	cpuid_filter(0, 0, leaf0);
	return pv_none_cpuid_leaf(*leaf, leaf0, leaf);
}

enum exit_action handle_cpuid(struct vcpu *v, const struct hv_exit *e)
{
	uint32_t leaf = (uint32_t)v->regs.rax, subleaf = (uint32_t)v->regs.rcx;
	uint32_t regs[4];

	(void)e;
	if (!v->vm->pv && !bare_pc_leaf(&leaf)) {	/* pv=none: hv/pv.h */
		regs[EAX] = regs[EBX] = regs[ECX] = regs[EDX] = 0;
	} else {
		arch_cpuid(leaf, subleaf, regs);
		cpuid_filter(leaf, subleaf, regs);
		if (!v->vm->pv)
			pv_none_cpuid_bits(leaf, regs);
	}
	/* OSXSAVE mirrors the guest's CR4.OSXSAVE, not the hypervisor's. */
	if (leaf == 1) {
		regs[ECX] &= ~CPUID1_ECX_OSXSAVE;
		if (arch_vcpu_read_cr(v, 4) & CR4_OSXSAVE)
			regs[ECX] |= CPUID1_ECX_OSXSAVE;
		/* A globally disabled APIC is not there (SDM 10.4.3). */
		if (!lapic_hw_enabled(&v->lapic))
			regs[EDX] &= ~CPUID1_EDX_APIC;
	}
	/* CPUID writes 32-bit results: the upper halves become 0. */
	v->regs.rax = regs[EAX];
	v->regs.rbx = regs[EBX];
	v->regs.rcx = regs[ECX];
	v->regs.rdx = regs[EDX];
	vcpu_skip_emulated_instruction(v);
	return EXIT_RESUME;
}
