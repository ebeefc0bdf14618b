/* SPDX-License-Identifier: MIT */
/*
 * CPUID as guests see it: the host's, less what the hypervisor does not
 * give them (VMX, the local APIC, MTRRs, MONITOR/MWAIT, performance
 * counters), plus the hypervisor bit and the hypervisor leaves at
 * 0x40000000, where KVM, Xen and Hyper-V put theirs.
 */
#ifndef HV_CPUID_H
#define HV_CPUID_H

#include <stdint.h>

#include "hv/exit.h"

#include "hypercall.h"	/* the signature and leaves are part of the ABI */

/* What a guest gets for (@leaf, @subleaf), given what the host says. */
void cpuid_filter(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);

enum exit_action handle_cpuid(struct vcpu *v, const struct hv_exit *e);

#endif
