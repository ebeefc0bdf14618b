/* SPDX-License-Identifier: MIT */
/*
 * Talking to EduHV: discovery, the hypercall page and calls through it.
 * include/hypercall.h is the ABI, this is the guest's side of it. The pv
 * platform backend (pv.c) uses it, and so may a workload that makes
 * hypercalls of its own, once platform_name() is "pv".
 */
#ifndef GUEST_LIB_PV_H
#define GUEST_LIB_PV_H

#include "hypercall.h"

#include <stdint.h>

/* What the hypervisor's CPUID leaves said. */
struct pv_info {
	uint32_t max_leaf;	/* 0x40000000 EAX */
	uint32_t version;	/* 0x40000001 EAX: HV_ABI_VERSION */
	uint32_t features;	/* 0x40000001 EBX: HV_FEATURE_* */
	uint32_t msr;		/* 0x40000001 ECX: places the hypercall page */
};

/* What the pv backend cannot do without. */
#define PV_FEATURES_NEEDED						\
	(HV_FEATURE_HYPERCALL_PAGE | HV_FEATURE_CONSOLE |		\
	 HV_FEATURE_TIME | HV_FEATURE_TIMER)

/* Stubs the page has room for; numbers above have none. */
#define PV_STUBS	(HV_HYPERCALL_PAGE_SIZE / HV_HYPERCALL_STUB_SIZE)

/* The page the hypervisor fills with stubs: 4 KiB-aligned, in .bss. */
extern uint8_t pv_hypercall_page[HV_HYPERCALL_PAGE_SIZE];

/*
 * Find EduHV (CPUID), check its ABI version and features, and place the
 * hypercall page. Returns NULL when hypercalls work, or why they do not:
 * a phrase that follows "platform=pv, but ".
 */
const char *pv_probe(void);

/* The CPUID answers, once pv_probe() succeeded. */
const struct pv_info *pv_info(void);

/*
 * Hypercall @nr (below PV_STUBS) through its stub. The arguments go in
 * RDI, RSI, RDX, R10, R8, R9, the result comes back in RAX; the ABI
 * preserves every other register, but RCX and R11 are given up as well,
 * as SYSCALL would, should a backend ever need them. The stub uses the
 * stack for its return address only: -mno-red-zone keeps that safe. A
 * pointer argument makes the hypervisor read or write our memory, hence
 * "memory".
 */
static inline int64_t hypercall6(unsigned int nr, uint64_t a1, uint64_t a2,
				 uint64_t a3, uint64_t a4, uint64_t a5,
				 uint64_t a6)
{
	register uint64_t r10 __asm__("r10") = a4;
	register uint64_t r8 __asm__("r8") = a5;
	register uint64_t r9 __asm__("r9") = a6;
	const uint8_t *stub = pv_hypercall_page + nr * HV_HYPERCALL_STUB_SIZE;
	int64_t ret;

	__asm__ volatile("call *%[stub]"
			 : "=a"(ret)
			 : [stub] "r"(stub), "D"(a1), "S"(a2), "d"(a3),
			   "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory", "cc");
	return ret;
}

static inline int64_t hypercall0(unsigned int nr)
{
	return hypercall6(nr, 0, 0, 0, 0, 0, 0);
}

static inline int64_t hypercall1(unsigned int nr, uint64_t a1)
{
	return hypercall6(nr, a1, 0, 0, 0, 0, 0);
}

static inline int64_t hypercall2(unsigned int nr, uint64_t a1, uint64_t a2)
{
	return hypercall6(nr, a1, a2, 0, 0, 0, 0);
}

static inline int64_t hypercall3(unsigned int nr, uint64_t a1, uint64_t a2,
				 uint64_t a3)
{
	return hypercall6(nr, a1, a2, a3, 0, 0, 0);
}

#endif
