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

#define HV_CPUID_SIGNATURE	"EduHV x86-64"	/* 12 bytes: EBX, ECX, EDX */
#define HV_CPUID_BASE		0x40000000u
#define HV_CPUID_MAX		0x40000001u

/* What a guest gets for (@leaf, @subleaf), given what the host says. */
void cpuid_filter(uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);

enum exit_action handle_cpuid(struct vcpu *v, const struct hv_exit *e);

#endif
