/* SPDX-License-Identifier: MIT */
/*
 * CPUID as guests see it: the host's answers, less every feature the
 * hypervisor does not virtualize (VMX/SVM, MONITOR, the thermal, power
 * and performance-monitoring machinery, the speculation-control MSRs,
 * SGX, PT, ...), one vCPU in the topology leaves, the TSC frequency in
 * leaves 0x15/0x16, and the hypervisor bit and leaves at 0x40000000,
 * where KVM, Xen and Hyper-V put theirs. docs/platform.md has the table.
 */
#ifndef HV_CPUID_H
#define HV_CPUID_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/exit.h"

#include "hypercall.h"	/* the signature and leaves are part of the ABI */

/* The facts about the host the model needs. */
struct cpuid_host {
	uint32_t max_basic;	/* CPUID.0:EAX */
	uint32_t max_ext;	/* CPUID.80000000h:EAX */
	bool amd;		/* out-of-range leaves read 0 */
	uint64_t xcr0;		/* CPUID.(0xD,0):EDX:EAX: its XCR0 bits */
	uint64_t tsc_hz;	/* the guest's TSC rate (no scaling) */
	bool tsc_adjust;	/* IA32_TSC_ADJUST modelled (TSC offset) */
};

/* The highest basic leaf a guest sees (>= 0x16: the TSC leaves). */
uint32_t cpuid_guest_max_basic(const struct cpuid_host *h);
uint32_t cpuid_guest_max_ext(const struct cpuid_host *h);

/*
 * The leaf whose data a guest's CPUID @leaf returns: itself, or for a
 * leaf above the maximum the highest basic leaf on Intel (SDM Vol. 2A,
 * CPUID, "If a value entered for CPUID.EAX is higher than the maximum
 * input value...") and 0 on AMD (the caller reads zeros: see
 * cpuid_filter()). The hypervisor leaves are always in range.
 */
uint32_t cpuid_effective_leaf(const struct cpuid_host *h, uint32_t leaf);

/*
 * What a guest gets for (@leaf, @subleaf), given the host's answer for
 * cpuid_effective_leaf(@leaf) in @regs. What depends on the vCPU's own
 * state (OSXSAVE, OSPKE) is handle_cpuid()'s.
 */
void cpuid_filter(const struct cpuid_host *h, uint32_t leaf,
		  uint32_t subleaf, uint32_t regs[4]);

/* The guest's view of (@leaf, @subleaf) on this machine. */
void cpuid_guest(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);

enum exit_action handle_cpuid(struct vcpu *v, const struct hv_exit *e);

#endif
