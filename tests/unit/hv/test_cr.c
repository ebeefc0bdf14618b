// SPDX-License-Identifier: MIT
/*
 * hv/cr.c: MOV to CR0/CR3/CR4 and XSETBV rules, each case from the #GP
 * conditions of SDM Vol. 2B (MOV to/from Control Registers, XSETBV) and
 * Vol. 3A 2.5, as KVM's kvm_set_cr0/cr3/cr4 and __kvm_set_xcr apply them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>

#include "hv/cr.h"
#include "hv/errno.h"

#define LONG_CR0	(X86_CR0_PE | X86_CR0_ET | X86_CR0_PG)
#define LONG_CR4	(X86_CR4_PAE | X86_CR4_OSFXSR)
#define LONG_EFER	(X86_EFER_LME | X86_EFER_LMA)

enum { EAX, EBX, ECX, EDX };

/* A 64-bit kernel's vCPU with PCID and LA57-less paging, MAXPHYADDR 39. */
static struct cr_state long64(void)
{
	return (struct cr_state){
		.cr0 = LONG_CR0, .cr3 = 0x1000, .cr4 = LONG_CR4,
		.efer = LONG_EFER, .cs_l = true,
		.cr4_allowed = LONG_CR4 | X86_CR4_PCIDE | X86_CR4_PGE |
			       X86_CR4_OSXSAVE | X86_CR4_LA57,
		.maxphyaddr = 39,
	};
}

/* Protected mode, paging off: what a Multiboot loader leaves. */
static struct cr_state prot32(void)
{
	struct cr_state s = long64();

	s.cr0 = X86_CR0_PE | X86_CR0_ET;
	s.cr4 = 0;
	s.efer = 0;
	s.cs_l = false;
	return s;
}

static int cr0(struct cr_state s, uint64_t v)
{
	return cr0_check(&s, &v);
}

static void test_cr0_pg_without_pe(void **state)
{
	struct cr_state s = prot32();

	(void)state;
	assert_int_equal(cr0(s, X86_CR0_PG), -HV_EINVAL);
	assert_int_equal(cr0(s, X86_CR0_PG | X86_CR0_PE), 0);
}

static void test_cr0_nw_without_cd(void **state)
{
	struct cr_state s = prot32();

	(void)state;
	assert_int_equal(cr0(s, X86_CR0_PE | X86_CR0_NW), -HV_EINVAL);
	assert_int_equal(cr0(s, X86_CR0_PE | X86_CR0_NW | X86_CR0_CD), 0);
	assert_int_equal(cr0(s, X86_CR0_PE | X86_CR0_CD), 0);
}

static void test_cr0_high_bits(void **state)
{
	(void)state;
	assert_int_equal(cr0(long64(), LONG_CR0 | (1ULL << 32)), -HV_EINVAL);
	assert_int_equal(cr0(long64(), LONG_CR0 | (1ULL << 63)), -HV_EINVAL);
}

static void test_cr0_low_reserved_ignored_et_set(void **state)
{
	struct cr_state s = prot32();
	uint64_t v = X86_CR0_PE | (1ULL << 6) | (1ULL << 17);

	(void)state;
	assert_int_equal(cr0_check(&s, &v), 0);
	assert_int_equal(v, X86_CR0_PE | X86_CR0_ET);
}

static void test_cr0_clear_pg_in_64bit_code(void **state)
{
	struct cr_state s = long64();

	(void)state;
	assert_int_equal(cr0(s, LONG_CR0 & ~X86_CR0_PG), -HV_EINVAL);
	s.cs_l = false;			/* compatibility mode may */
	assert_int_equal(cr0(s, LONG_CR0 & ~X86_CR0_PG), 0);
	s.cr4 |= X86_CR4_PCIDE;		/* but not with PCIDE set */
	assert_int_equal(cr0(s, LONG_CR0 & ~X86_CR0_PG), -HV_EINVAL);
}

static void test_cr0_long_mode_needs_pae(void **state)
{
	struct cr_state s = prot32();

	(void)state;
	s.efer = X86_EFER_LME;
	assert_int_equal(cr0(s, LONG_CR0), -HV_EINVAL);
	s.cr4 = X86_CR4_PAE;
	assert_int_equal(cr0(s, LONG_CR0), 0);
	s.cs_l = true;			/* not from 64-bit code */
	assert_int_equal(cr0(s, LONG_CR0), -HV_EINVAL);
}

static void test_cr3_reserved_bits_long_mode(void **state)
{
	struct cr_state s = long64();
	uint64_t v = 1ULL << 39;

	(void)state;
	assert_int_equal(cr3_check(&s, &v), -HV_EINVAL);
	v = (1ULL << 39) - 0x1000;
	assert_int_equal(cr3_check(&s, &v), 0);
	v = X86_CR3_PCID_NOFLUSH | 0x2000;	/* bit 63 needs PCIDE */
	assert_int_equal(cr3_check(&s, &v), -HV_EINVAL);
	s.cr4 |= X86_CR4_PCIDE;
	v = X86_CR3_PCID_NOFLUSH | 0x2001;
	assert_int_equal(cr3_check(&s, &v), 0);
	assert_int_equal(v, 0x2001);		/* not loaded */
}

static void test_cr3_32bit(void **state)
{
	struct cr_state s = prot32();
	uint64_t v = 0xfffff000ULL;

	(void)state;
	assert_int_equal(cr3_check(&s, &v), 0);
	assert_int_equal(v, 0xfffff000ULL);
}

static void test_cr4_reserved_and_unmodelled(void **state)
{
	struct cr_state s = long64();

	(void)state;
	assert_int_equal(cr4_check(&s, LONG_CR4 | (1ULL << 15)), -HV_EINVAL);
	assert_int_equal(cr4_check(&s, LONG_CR4 | (1ULL << 32)), -HV_EINVAL);
	assert_int_equal(cr4_check(&s, LONG_CR4 | X86_CR4_VMXE), -HV_EINVAL);
	assert_int_equal(cr4_check(&s, LONG_CR4 | X86_CR4_SMEP), -HV_EINVAL);
	assert_int_equal(cr4_check(&s, LONG_CR4 | X86_CR4_PGE), 0);
}

static void test_cr4_long_mode_rules(void **state)
{
	struct cr_state s = long64();

	(void)state;
	assert_int_equal(cr4_check(&s, LONG_CR4 & ~X86_CR4_PAE), -HV_EINVAL);
	assert_int_equal(cr4_check(&s, LONG_CR4 | X86_CR4_LA57), -HV_EINVAL);
	s.cr4 |= X86_CR4_LA57;
	assert_int_equal(cr4_check(&s, LONG_CR4), -HV_EINVAL);	/* clear it */
	s = prot32();
	assert_int_equal(cr4_check(&s, X86_CR4_LA57), 0);	/* not yet on */
}

static void test_cr4_pcide(void **state)
{
	struct cr_state s = long64();

	(void)state;
	s.cr3 = 0x1001;				/* PCID 1 */
	assert_int_equal(cr4_check(&s, LONG_CR4 | X86_CR4_PCIDE), -HV_EINVAL);
	s.cr3 = 0x1000;
	assert_int_equal(cr4_check(&s, LONG_CR4 | X86_CR4_PCIDE), 0);
	s = prot32();				/* not outside long mode */
	assert_int_equal(cr4_check(&s, X86_CR4_PCIDE), -HV_EINVAL);
	s = long64();				/* already on: stays */
	s.cr4 |= X86_CR4_PCIDE;
	s.cr3 = 0x1001;
	assert_int_equal(cr4_check(&s, s.cr4 | X86_CR4_PGE), 0);
}

static void test_cr4_allowed_follows_cpuid(void **state)
{
	uint32_t leaf1[4] = { 0 }, leaf7[4] = { 0 };
	uint64_t a;

	(void)state;
	a = cr4_allowed_bits(leaf1, leaf7);
	assert_int_equal(a, X86_CR4_TSD | X86_CR4_PCE);
	leaf1[EDX] = (1u << 6) | (1u << 13) | (1u << 24);	/* PAE PGE FXSR */
	leaf1[ECX] = (1u << 17) | (1u << 26);			/* PCID XSAVE */
	leaf7[EBX] = (1u << 7);					/* SMEP */
	leaf7[ECX] = (1u << 16);				/* LA57 */
	a = cr4_allowed_bits(leaf1, leaf7);
	assert_int_equal(a, X86_CR4_TSD | X86_CR4_PCE | X86_CR4_PAE |
			 X86_CR4_PGE | X86_CR4_OSFXSR | X86_CR4_PCIDE |
			 X86_CR4_OSXSAVE | X86_CR4_SMEP | X86_CR4_LA57);
	assert_false(a & X86_CR4_VMXE);
	leaf1[ECX] |= 1u << 5;					/* VMX */
	assert_true(cr4_allowed_bits(leaf1, leaf7) & X86_CR4_VMXE);
}

static void test_xcr0(void **state)
{
	uint64_t all = 0x2ff | XFEATURE_XTILE;

	(void)state;
	assert_int_equal(xcr0_check(XFEATURE_FP, all), 0);
	assert_int_equal(xcr0_check(XFEATURE_SSE, all), -HV_EINVAL);
	assert_int_equal(xcr0_check(XFEATURE_FP | XFEATURE_YMM, all), -HV_EINVAL);
	assert_int_equal(xcr0_check(0x7, all), 0);
	assert_int_equal(xcr0_check(0x7, 0x3), -HV_EINVAL);	/* no AVX here */
	assert_int_equal(xcr0_check(0x3 | XFEATURE_BNDREGS, all), -HV_EINVAL);
	assert_int_equal(xcr0_check(0x3 | XFEATURE_BNDREGS | XFEATURE_BNDCSR,
				    all), 0);
	assert_int_equal(xcr0_check(0x7 | (1ULL << 5), all), -HV_EINVAL);
	assert_int_equal(xcr0_check(0x3 | XFEATURE_AVX512, all), -HV_EINVAL);
	assert_int_equal(xcr0_check(0x7 | XFEATURE_AVX512, all), 0);
	assert_int_equal(xcr0_check(0x3 | (1ULL << 17), all), -HV_EINVAL);
	assert_int_equal(xcr0_check(0x3 | XFEATURE_XTILE, all), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cr0_pg_without_pe),
		cmocka_unit_test(test_cr0_nw_without_cd),
		cmocka_unit_test(test_cr0_high_bits),
		cmocka_unit_test(test_cr0_low_reserved_ignored_et_set),
		cmocka_unit_test(test_cr0_clear_pg_in_64bit_code),
		cmocka_unit_test(test_cr0_long_mode_needs_pae),
		cmocka_unit_test(test_cr3_reserved_bits_long_mode),
		cmocka_unit_test(test_cr3_32bit),
		cmocka_unit_test(test_cr4_reserved_and_unmodelled),
		cmocka_unit_test(test_cr4_long_mode_rules),
		cmocka_unit_test(test_cr4_pcide),
		cmocka_unit_test(test_cr4_allowed_follows_cpuid),
		cmocka_unit_test(test_xcr0),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
