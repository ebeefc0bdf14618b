/* SPDX-License-Identifier: MIT */
/*
 * Who is offered EduHV's paravirtual interface, and who may use it
 * (docs/hypercalls.md, "Who may call"). A guest line with pv=none gets a
 * bare PC: no hypervisor bit, no hypervisor CPUID leaves, no hypercall
 * MSR, VMCALL raising #UD. With pv=eduhv (the default) only CPL 0 may
 * make hypercalls, as KVM's kvm_emulate_hypercall() has it. Inline and
 * pure: the fast path calls no function, and the host unit tests
 * (tests/unit/hv/test_pv.c) run it.
 */
#ifndef HV_PV_H
#define HV_PV_H

#include <stdbool.h>
#include <stdint.h>

#include "hypercall.h"

/* What becomes of a VMCALL. */
enum pv_gate {
	PV_GATE_CALL,		/* dispatch it on RAX */
	PV_GATE_UD,		/* pv=none: #UD, as on a PC (SDM 2C, VMCALL) */
	PV_GATE_EPERM,		/* CPL > 0: RAX = -HV_EPERM, nothing done */
};

/* @pv: the VM has pv=eduhv; @cpl: the guest's CPL at the VMCALL. */
static inline enum pv_gate pv_gate(bool pv, unsigned int cpl)
{
	if (!pv)
		return PV_GATE_UD;
	return cpl ? PV_GATE_EPERM : PV_GATE_CALL;
}

/* EduHV's CPUID leaves, 0x40000000-0x400000ff (KVM's and Xen's place). */
static inline bool pv_cpuid_leaf(uint32_t leaf)
{
	return leaf >= HV_CPUID_BASE && leaf <= HV_CPUID_BASE + 0xff;
}

/* "GenuineIntel" in EBX, EDX, ECX (SDM Vol. 2A, CPUID leaf 0). */
static inline bool pv_vendor_intel(const uint32_t leaf0[4])
{
	return leaf0[1] == 0x756e6547 && leaf0[3] == 0x49656e69 &&
	       leaf0[2] == 0x6c65746e;
}

/*
 * pv=none: which leaf's answer a bare PC gives for @leaf, given the
 * guest's leaf 0 (@leaf0: EAX the highest basic leaf, EBX-EDX-ECX the
 * vendor). @leaf itself outside EduHV's range; inside it, on Intel the
 * highest basic leaf (SDM Vol. 2A, CPUID: "If a value entered for
 * CPUID.EAX is higher than the maximum input value for basic or extended
 * function for that processor then the data for the highest basic
 * information leaf is returned"); elsewhere zeros, as AMD, which keeps
 * 0x40000000-0x400000ff for hypervisors, returns (APM Vol. 3, Appendix
 * E). Returns false for zeros, else true with the leaf in *@answer.
 */
static inline bool pv_none_cpuid_leaf(uint32_t leaf, const uint32_t leaf0[4],
				      uint32_t *answer)
{
	*answer = leaf;
	if (!pv_cpuid_leaf(leaf))
		return true;
	if (!pv_vendor_intel(leaf0) || pv_cpuid_leaf(leaf0[0]))
		return false;
	*answer = leaf0[0];
	return true;
}

#define PV_CPUID1_ECX_HYPERVISOR	(1u << 31)

/* pv=none: take the hypervisor bit out of leaf @leaf's @regs. */
static inline void pv_none_cpuid_bits(uint32_t leaf, uint32_t regs[4])
{
	if (leaf == 1)
		regs[2] &= ~PV_CPUID1_ECX_HYPERVISOR;
}

#endif
