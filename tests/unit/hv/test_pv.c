// SPDX-License-Identifier: MIT
/*
 * hv/pv.h: who may make hypercalls (pv= and the CPL), and what CPUID a
 * pv=none guest gets in EduHV's leaves: what a bare PC of that vendor
 * answers (SDM Vol. 2A, CPUID; APM Vol. 3, Appendix E).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "hv/pv.h"

/* Leaf 0 as CPUs give it: EAX the highest basic leaf, then the vendor. */
static void leaf0_of(uint32_t out[4], uint32_t max, const char vendor[13])
{
	out[0] = max;
	memcpy(&out[1], vendor, 4);	/* EBX */
	memcpy(&out[3], vendor + 4, 4);	/* EDX */
	memcpy(&out[2], vendor + 8, 4);	/* ECX */
}

static void test_gate(void **state)
{
	(void)state;
	assert_int_equal(pv_gate(true, 0), PV_GATE_CALL);
	for (unsigned int cpl = 1; cpl <= 3; cpl++)
		assert_int_equal(pv_gate(true, cpl), PV_GATE_EPERM);
	/* pv=none: #UD whatever the privilege, as on hardware. */
	for (unsigned int cpl = 0; cpl <= 3; cpl++)
		assert_int_equal(pv_gate(false, cpl), PV_GATE_UD);
}

static void test_hypervisor_range(void **state)
{
	(void)state;
	assert_false(pv_cpuid_leaf(0x3fffffff));
	assert_true(pv_cpuid_leaf(HV_CPUID_BASE));
	assert_true(pv_cpuid_leaf(HV_CPUID_FEATURES));
	assert_true(pv_cpuid_leaf(0x400000ff));
	assert_false(pv_cpuid_leaf(0x40000100));
	assert_false(pv_cpuid_leaf(0x80000000));
	assert_false(pv_cpuid_leaf(1));
}

static void test_intel_gives_the_highest_basic_leaf(void **state)
{
	uint32_t leaf0[4], answer = 0;

	(void)state;
	leaf0_of(leaf0, 0x16, "GenuineIntel");
	for (uint32_t leaf = HV_CPUID_BASE; leaf <= 0x400000ff; leaf++) {
		assert_true(pv_none_cpuid_leaf(leaf, leaf0, &answer));
		assert_int_equal(answer, 0x16);
	}
	/* Other leaves are answered as they are. */
	assert_true(pv_none_cpuid_leaf(7, leaf0, &answer));
	assert_int_equal(answer, 7);
	assert_true(pv_none_cpuid_leaf(0x40000100, leaf0, &answer));
	assert_int_equal(answer, 0x40000100);
	assert_true(pv_none_cpuid_leaf(0x80000008, leaf0, &answer));
	assert_int_equal(answer, 0x80000008);
}

static void test_others_give_zeros(void **state)
{
	uint32_t leaf0[4], answer;

	(void)state;
	leaf0_of(leaf0, 0xd, "AuthenticAMD");
	assert_false(pv_none_cpuid_leaf(HV_CPUID_BASE, leaf0, &answer));
	assert_false(pv_none_cpuid_leaf(0x400000ff, leaf0, &answer));
	assert_true(pv_none_cpuid_leaf(0xd, leaf0, &answer));
	assert_int_equal(answer, 0xd);
	leaf0_of(leaf0, 0xd, "GenuineIntek");	/* one byte off */
	assert_false(pv_none_cpuid_leaf(HV_CPUID_BASE, leaf0, &answer));
	/* A highest leaf inside the range itself: zeros, not a loop. */
	leaf0_of(leaf0, HV_CPUID_BASE, "GenuineIntel");
	assert_false(pv_none_cpuid_leaf(HV_CPUID_FEATURES, leaf0, &answer));
}

static void test_hypervisor_bit(void **state)
{
	uint32_t regs[4] = { 0x906a3, 0x800, 0xfffaf3ff | (1u << 31),
			     0xbfebfbff };

	(void)state;
	pv_none_cpuid_bits(1, regs);
	assert_int_equal(regs[2], 0xfffaf3ff & ~(1u << 31));
	assert_int_equal(regs[0], 0x906a3);
	assert_int_equal(regs[3], 0xbfebfbff);
	/* Bit 31 of ECX elsewhere is not the hypervisor bit. */
	regs[2] = 1u << 31;
	pv_none_cpuid_bits(7, regs);
	assert_int_equal(regs[2], 1u << 31);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gate),
		cmocka_unit_test(test_hypervisor_range),
		cmocka_unit_test(test_intel_gives_the_highest_basic_leaf),
		cmocka_unit_test(test_others_give_zeros),
		cmocka_unit_test(test_hypervisor_bit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
