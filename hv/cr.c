// SPDX-License-Identifier: MIT
/* Control-register and XCR0 write rules (see cr.h). */
#include "hv/cr.h"

#include "hv/errno.h"

#define CR0_WRITABLE	(X86_CR0_PE | X86_CR0_MP | X86_CR0_EM | \
			 X86_CR0_TS | X86_CR0_ET | X86_CR0_NE | X86_CR0_WP | \
			 X86_CR0_AM | X86_CR0_NW | X86_CR0_CD | X86_CR0_PG)

enum { EAX, EBX, ECX, EDX };

/* CPUID feature bits (SDM Vol. 2A, CPUID, Tables 3-10, 3-11, 3-8). */
#define C1_EDX_VME	(1u << 1)
#define C1_EDX_DE	(1u << 2)
#define C1_EDX_PSE	(1u << 3)
#define C1_EDX_PAE	(1u << 6)
#define C1_EDX_MCE	(1u << 7)
#define C1_EDX_PGE	(1u << 13)
#define C1_EDX_FXSR	(1u << 24)
#define C1_EDX_SSE	(1u << 25)
#define C1_ECX_VMX	(1u << 5)
#define C1_ECX_SMX	(1u << 6)
#define C1_ECX_PCID	(1u << 17)
#define C1_ECX_XSAVE	(1u << 26)
#define C7_EBX_FSGSBASE	(1u << 0)
#define C7_EBX_SMEP	(1u << 7)
#define C7_EBX_SMAP	(1u << 20)
#define C7_ECX_UMIP	(1u << 2)
#define C7_ECX_PKU	(1u << 3)
#define C7_ECX_CET_SS	(1u << 7)
#define C7_ECX_LA57	(1u << 16)
#define C7_ECX_PKS	(1u << 31)
#define C7_EDX_CET_IBT	(1u << 20)

uint64_t cr4_allowed_bits(const uint32_t leaf1[4], const uint32_t leaf7[4])
{
	static const struct {
		uint8_t leaf, reg;
		uint32_t feature;
		uint64_t cr4;
	} map[] = {
		{ 1, EDX, C1_EDX_VME, X86_CR4_VME | X86_CR4_PVI },
		{ 1, EDX, C1_EDX_DE, X86_CR4_DE },
		{ 1, EDX, C1_EDX_PSE, X86_CR4_PSE },
		{ 1, EDX, C1_EDX_PAE, X86_CR4_PAE },
		{ 1, EDX, C1_EDX_MCE, X86_CR4_MCE },
		{ 1, EDX, C1_EDX_PGE, X86_CR4_PGE },
		{ 1, EDX, C1_EDX_FXSR, X86_CR4_OSFXSR },
		{ 1, EDX, C1_EDX_SSE, X86_CR4_OSXMMEXCPT },
		{ 1, ECX, C1_ECX_VMX, X86_CR4_VMXE },
		{ 1, ECX, C1_ECX_SMX, X86_CR4_SMXE },
		{ 1, ECX, C1_ECX_PCID, X86_CR4_PCIDE },
		{ 1, ECX, C1_ECX_XSAVE, X86_CR4_OSXSAVE },
		{ 7, EBX, C7_EBX_FSGSBASE, X86_CR4_FSGSBASE },
		{ 7, EBX, C7_EBX_SMEP, X86_CR4_SMEP },
		{ 7, EBX, C7_EBX_SMAP, X86_CR4_SMAP },
		{ 7, ECX, C7_ECX_UMIP, X86_CR4_UMIP },
		{ 7, ECX, C7_ECX_PKU, X86_CR4_PKE },
		{ 7, ECX, C7_ECX_CET_SS, X86_CR4_CET },
		{ 7, EDX, C7_EDX_CET_IBT, X86_CR4_CET },
		{ 7, ECX, C7_ECX_LA57, X86_CR4_LA57 },
		{ 7, ECX, C7_ECX_PKS, X86_CR4_PKS },
	};
	uint64_t allowed = X86_CR4_TSD | X86_CR4_PCE;	/* no CPUID bit */

	for (unsigned int i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		const uint32_t *leaf = map[i].leaf == 1 ? leaf1 : leaf7;

		if (leaf[map[i].reg] & map[i].feature)
			allowed |= map[i].cr4;
	}
	return allowed;
}

static bool long_mode(const struct cr_state *s)
{
	return s->efer & X86_EFER_LMA;
}

int cr0_check(const struct cr_state *s, uint64_t *value)
{
	uint64_t cr0 = *value;

	/* #GP: CR0[63:32] set, PG without PE, NW without CD. */
	if ((cr0 >> 32) || ((cr0 & X86_CR0_PG) && !(cr0 & X86_CR0_PE)) ||
	    ((cr0 & X86_CR0_NW) && !(cr0 & X86_CR0_CD)))
		return -HV_EINVAL;
	if ((cr0 & X86_CR0_PG) && !(s->cr0 & X86_CR0_PG) &&
	    (s->efer & X86_EFER_LME)) {
		/* Activating long mode needs PAE, and not from 64-bit code. */
		if (!(s->cr4 & X86_CR4_PAE) || s->cs_l)
			return -HV_EINVAL;
	}
	/* Paging stays on in 64-bit code, and while PCIDE is set (2.5). */
	if (!(cr0 & X86_CR0_PG) && (s->cr0 & X86_CR0_PG) &&
	    ((long_mode(s) && s->cs_l) || (s->cr4 & X86_CR4_PCIDE)))
		return -HV_EINVAL;
	/* CR0[31:0] reserved bits are ignored; ET reads 1 (SDM 2.5). */
	*value = (cr0 & CR0_WRITABLE) | X86_CR0_ET;
	return 0;
}

int cr3_check(const struct cr_state *s, uint64_t *value)
{
	uint64_t cr3 = *value;

	if (!long_mode(s)) {
		*value = (uint32_t)cr3;		/* 32-bit operand */
		return 0;
	}
	/* Bit 63 asks not to flush the PCID's TLB entries; not loaded. */
	if (s->cr4 & X86_CR4_PCIDE)
		cr3 &= ~X86_CR3_PCID_NOFLUSH;
	if (s->maxphyaddr < 64 && (cr3 >> s->maxphyaddr))
		return -HV_EINVAL;	/* reserved: beyond MAXPHYADDR */
	*value = cr3;
	return 0;
}

int cr4_check(const struct cr_state *s, uint64_t cr4)
{
	uint64_t changed = cr4 ^ s->cr4;

	if (cr4 & ~s->cr4_allowed)
		return -HV_EINVAL;	/* reserved, or not in CPUID */
	if (long_mode(s) && !(cr4 & X86_CR4_PAE))
		return -HV_EINVAL;	/* long mode needs PAE */
	if (long_mode(s) && (changed & X86_CR4_LA57))
		return -HV_EINVAL;	/* paging depth is fixed */
	if ((cr4 & X86_CR4_PCIDE) && (changed & X86_CR4_PCIDE) &&
	    (!long_mode(s) || (s->cr3 & X86_CR3_PCID_MASK)))
		return -HV_EINVAL;	/* PCIDE: long mode, PCID 0 (2.5) */
	return 0;
}

int xcr0_check(uint64_t xcr0, uint64_t supported)
{
	uint64_t avx512 = xcr0 & XFEATURE_AVX512;
	uint64_t tile = xcr0 & XFEATURE_XTILE;

	/* SDM Vol. 1, 13.3; Vol. 2B, XSETBV. */
	if (!(xcr0 & XFEATURE_FP) || (xcr0 & ~(supported | XFEATURE_FP)))
		return -HV_EINVAL;
	if ((xcr0 & XFEATURE_YMM) && !(xcr0 & XFEATURE_SSE))
		return -HV_EINVAL;
	if (!(xcr0 & XFEATURE_BNDREGS) != !(xcr0 & XFEATURE_BNDCSR))
		return -HV_EINVAL;
	if (avx512 && (avx512 != XFEATURE_AVX512 || !(xcr0 & XFEATURE_YMM)))
		return -HV_EINVAL;
	if (tile && tile != XFEATURE_XTILE)
		return -HV_EINVAL;
	return 0;
}
