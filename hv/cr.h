/* SPDX-License-Identifier: MIT */
/*
 * The rules a MOV to CR0, CR3 or CR4 and an XSETBV must pass, as the
 * processor applies them (SDM Vol. 2B, MOV to/from Control Registers and
 * XSETBV; Vol. 3A, 2.5; KVM's kvm_set_cr0/cr3/cr4 and __kvm_set_xcr): an
 * illegal value raises #GP(0). Pure functions of the vCPU's state, for
 * any backend; the backend then applies what passed (hv/arch.h).
 */
#ifndef HV_CR_H
#define HV_CR_H

#include <stdbool.h>
#include <stdint.h>

#define X86_CR0_PE		(1ULL << 0)
#define X86_CR0_MP		(1ULL << 1)
#define X86_CR0_EM		(1ULL << 2)
#define X86_CR0_TS		(1ULL << 3)
#define X86_CR0_ET		(1ULL << 4)
#define X86_CR0_NE		(1ULL << 5)
#define X86_CR0_WP		(1ULL << 16)
#define X86_CR0_AM		(1ULL << 18)
#define X86_CR0_NW		(1ULL << 29)
#define X86_CR0_CD		(1ULL << 30)
#define X86_CR0_PG		(1ULL << 31)

#define X86_CR4_VME		(1ULL << 0)
#define X86_CR4_PVI		(1ULL << 1)
#define X86_CR4_TSD		(1ULL << 2)
#define X86_CR4_DE		(1ULL << 3)
#define X86_CR4_PSE		(1ULL << 4)
#define X86_CR4_PAE		(1ULL << 5)
#define X86_CR4_MCE		(1ULL << 6)
#define X86_CR4_PGE		(1ULL << 7)
#define X86_CR4_PCE		(1ULL << 8)
#define X86_CR4_OSFXSR		(1ULL << 9)
#define X86_CR4_OSXMMEXCPT	(1ULL << 10)
#define X86_CR4_UMIP		(1ULL << 11)
#define X86_CR4_LA57		(1ULL << 12)
#define X86_CR4_VMXE		(1ULL << 13)
#define X86_CR4_SMXE		(1ULL << 14)
#define X86_CR4_FSGSBASE	(1ULL << 16)
#define X86_CR4_PCIDE		(1ULL << 17)
#define X86_CR4_OSXSAVE		(1ULL << 18)
#define X86_CR4_SMEP		(1ULL << 20)
#define X86_CR4_SMAP		(1ULL << 21)
#define X86_CR4_PKE		(1ULL << 22)
#define X86_CR4_CET		(1ULL << 23)
#define X86_CR4_PKS		(1ULL << 24)

#define X86_CR3_PCID_MASK	0xfffULL
#define X86_CR3_PCID_NOFLUSH	(1ULL << 63)

#define X86_EFER_LME		(1ULL << 8)
#define X86_EFER_LMA		(1ULL << 10)

#define XFEATURE_FP		(1ULL << 0)
#define XFEATURE_SSE		(1ULL << 1)
#define XFEATURE_YMM		(1ULL << 2)
#define XFEATURE_BNDREGS	(1ULL << 3)
#define XFEATURE_BNDCSR		(1ULL << 4)
#define XFEATURE_AVX512		(7ULL << 5)	/* opmask, ZMM state */
#define XFEATURE_XTILE		(3ULL << 17)	/* AMX tile state */

/* The vCPU as a control-register write finds it. */
struct cr_state {
	uint64_t cr0, cr3, cr4, efer;	/* as the guest sees them */
	bool cs_l;			/* running 64-bit code (CS.L) */
	uint64_t cr4_allowed;		/* cr4_allowed_bits() */
	unsigned int maxphyaddr;	/* CPUID 0x80000008 EAX[7:0] */
};

/*
 * The CR4 bits a vCPU with these CPUID leaves 1 and 7.0 (EAX, EBX, ECX,
 * EDX, as the guest reads them) may set: each feature's bit only if the
 * feature is advertised (KVM's __cr4_reserved_bits()).
 */
uint64_t cr4_allowed_bits(const uint32_t leaf1[4], const uint32_t leaf7[4]);

/*
 * 0 and *@value the one to load (reserved CR0[31:0] bits ignored, ET
 * hard-wired to 1; CR3's no-flush bit taken off), or -HV_EINVAL: #GP.
 */
int cr0_check(const struct cr_state *s, uint64_t *value);
int cr3_check(const struct cr_state *s, uint64_t *value);
int cr4_check(const struct cr_state *s, uint64_t value);

/* XCR0 rules; @supported: CPUID 0xD.0 EDX:EAX. 0 or -HV_EINVAL. */
int xcr0_check(uint64_t value, uint64_t supported);

/*
 * Canonical for the guest's linear-address width: 57 bits with 5-level
 * paging (CR4.LA57, SDM Vol. 3A 4.5.1), else 48. Linux under -cpu max
 * puts its per-CPU area (GS base) at 0xff11..., canonical only in 57
 * bits. As KVM's is_noncanonical_address() with vcpu_virt_addr_bits().
 */
static inline bool guest_canonical(uint64_t cr4, uint64_t a)
{
	unsigned int shift = cr4 & X86_CR4_LA57 ? 64 - 57 : 64 - 48;

	return (uint64_t)((int64_t)(a << shift) >> shift) == a;
}

#endif
