// SPDX-License-Identifier: MIT
/*
 * hv/cpuid.c: cpuid_filter(), what a guest's CPUID returns given what the
 * host's says (bit positions from the Intel SDM Vol. 2A, CPUID; the
 * hypervisor leaves where KVM, Xen and Hyper-V put theirs). handle_cpuid()
 * needs a vCPU and the architecture and is not run here: its arch_*()
 * calls are stubs that fail the test if anything calls them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "hv/arch.h"
#include "hv/exit.h"
#include "hv/cpuid.h"

enum { EAX, EBX, ECX, EDX };

#define ECX_MONITOR		(1u << 3)
#define ECX_VMX			(1u << 5)
#define ECX_X2APIC		(1u << 21)
#define ECX_TSC_DEADLINE	(1u << 24)
#define ECX_OSXSAVE		(1u << 27)	/* handle_cpuid's, not the filter's */
#define ECX_HYPERVISOR		(1u << 31)
#define EDX_APIC		(1u << 9)
#define EDX_MTRR		(1u << 12)
#define EDX_ACPI		(1u << 22)
#define EDX_TM			(1u << 29)

void arch_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
	fail_msg("arch_cpuid(%#x, %#x) called", leaf, subleaf);
}

bool vcpu_skip_emulated_instruction(struct vcpu *v)
{
	fail_msg("vcpu_skip_emulated_instruction called");
	return false;
}

uint64_t arch_vcpu_read_cr(struct vcpu *v, int cr)
{
	fail_msg("arch_vcpu_read_cr(%d) called", cr);
	return 0;
}

static void filter(uint32_t leaf, uint32_t subleaf, uint32_t out[4],
		   uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	out[EAX] = a;
	out[EBX] = b;
	out[ECX] = c;
	out[EDX] = d;
	cpuid_filter(leaf, subleaf, out);
}

#define assert_regs(r, a, b, c, d)					\
	do {								\
		assert_int_equal((r)[EAX], (a));			\
		assert_int_equal((r)[EBX], (b));			\
		assert_int_equal((r)[ECX], (c));			\
		assert_int_equal((r)[EDX], (d));			\
	} while (0)

/* ------------------------------------------------------------ leaf 1 */

static void test_leaf1_all_features(void **state)
{
	const uint32_t hidden_ecx = ECX_VMX | ECX_MONITOR | ECX_X2APIC;
	uint32_t r[4];

	/* A host that has everything. */
	filter(1, 0, r, 0x000906ea, 0xffffffff, 0xffffffff, 0xffffffff);
	assert_int_equal(r[EAX], 0x000906ea);
	assert_int_equal(r[ECX] & hidden_ecx, 0);
	assert_true(r[ECX] & ECX_HYPERVISOR);
	assert_int_equal(r[ECX] | hidden_ecx | ECX_OSXSAVE, 0xffffffff);
	assert_true(r[ECX] & ECX_TSC_DEADLINE);
	assert_int_equal(r[EDX], ~(EDX_MTRR | EDX_ACPI | EDX_TM));
	/* One logical processor; brand index and CLFLUSH size kept; APIC ID 0. */
	assert_int_equal(r[EBX], 0x0001ffff);
}

static void test_leaf1_each_bit(void **state)
{
	static const struct {
		int reg;
		uint32_t bit;
	} hidden[] = {
		{ ECX, ECX_VMX }, { ECX, ECX_MONITOR }, { ECX, ECX_X2APIC },
		{ EDX, EDX_MTRR }, { EDX, EDX_ACPI }, { EDX, EDX_TM },
	};
	uint32_t r[4];

	for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
		uint32_t in[4] = { 0 };

		in[hidden[i].reg] = hidden[i].bit;
		filter(1, 0, r, in[EAX], in[EBX], in[ECX], in[EDX]);
		assert_int_equal(r[hidden[i].reg] & hidden[i].bit, 0);
	}
}

static void test_leaf1_keeps_the_rest(void **state)
{
	uint32_t r[4];

	/* SSE3, PCLMUL, SSSE3, SSE4.1/4.2, POPCNT, AES, XSAVE, AVX, RDRAND. */
	const uint32_t ecx = 0x7ed8320b & ~(ECX_VMX | ECX_MONITOR |
					    ECX_X2APIC | ECX_TSC_DEADLINE |
					    ECX_OSXSAVE);
	/* FPU, TSC, MSR, PAE, CX8, SEP, PGE, CMOV, PAT, CLFSH, MMX, SSE, SSE2. */
	const uint32_t edx = 0xbfebfbff & ~(EDX_APIC | EDX_MTRR | EDX_ACPI |
					    EDX_TM);

	filter(1, 0, r, 0x000306a9, 0x02100800, ecx, edx);
	assert_regs(r, 0x000306a9, 0x00010800,
		    ecx | ECX_HYPERVISOR | ECX_TSC_DEADLINE, edx | EDX_APIC);
}

static void test_leaf1_nothing(void **state)
{
	uint32_t r[4];

	/*
	 * The hypervisor bit, the local APIC and its TSC-deadline mode
	 * appear even if the host had nothing: they are virtual.
	 */
	filter(1, 0, r, 0, 0, 0, 0);
	assert_regs(r, 0, 0x00010000, ECX_HYPERVISOR | ECX_TSC_DEADLINE,
		    EDX_APIC);
}

static void test_leaf1_ebx(void **state)
{
	uint32_t r[4];

	/* APIC ID 0x12, 16 logical processors, CLFLUSH 8 * 8 bytes. */
	filter(1, 0, r, 0, 0x12100800, 0, 0);
	assert_int_equal(r[EBX] & 0xffff, 0x0800);
	assert_int_equal(r[EBX] >> 16 & 0xff, 1);
	assert_int_equal(r[EBX] >> 24, 0);
	filter(1, 0, r, 0, 0xff0012ab, 0, 0);
	assert_int_equal(r[EBX], 0x000112ab);
}

static void test_leaf1_subleaf_does_not_matter(void **state)
{
	uint32_t a[4], b[4];

	filter(1, 0, a, 1, 2, 0xffffffff, 0xffffffff);
	filter(1, 0x1234, b, 1, 2, 0xffffffff, 0xffffffff);
	assert_memory_equal(a, b, sizeof(a));
}

/* ------------------------------------------------------------ hypervisor */

static void test_hypervisor_leaf(void **state)
{
	uint32_t r[4], sig[3];

	memcpy(sig, "EduHV x86-64", 12);
	/* Whatever the host said: here, KVM's signature. */
	filter(0x40000000, 0, r, 0x40000001, 0x4b4d564b, 0x564b4d56, 0x4d);
	assert_regs(r, 0x40000001, sig[0], sig[1], sig[2]);
	filter(0x40000000, 7, r, 0xffffffff, 0xffffffff, 0xffffffff,
	       0xffffffff);
	assert_regs(r, 0x40000001, sig[0], sig[1], sig[2]);
	filter(0x40000000, 0, r, 0, 0, 0, 0);
	assert_regs(r, 0x40000001, sig[0], sig[1], sig[2]);
	/* As bytes: "EduH" "V x8" "6-64". */
	assert_int_equal(r[EBX], 0x48756445);
	assert_int_equal(r[ECX], 0x38782056);
	assert_int_equal(r[EDX], 0x34362d36);
}

/* 0x40000001: the ABI version, the features, the hypercall-page MSR. */
static void test_hypervisor_features(void **state)
{
	uint32_t r[4];

	filter(0x40000001, 0, r, 0xdeadbeef, 0xffffffff, 0x12345678, 0x80000001);
	assert_regs(r, HV_ABI_VERSION,
		    HV_FEATURE_HYPERCALL_PAGE | HV_FEATURE_CONSOLE |
		    HV_FEATURE_TIME | HV_FEATURE_TIMER | HV_FEATURE_MESSAGES |
		    HV_FEATURE_EXIT_STATS | HV_FEATURE_EXIT_TRACE, HV_MSR_HYPERCALL, 0);
}

static void test_hypervisor_range_zeroed(void **state)
{
	uint32_t r[4];

	for (uint32_t leaf = 0x40000002; leaf <= 0x400000ff; leaf++) {
		filter(leaf, leaf & 3, r, 0xdeadbeef, 0xffffffff, 0x12345678,
		       0x80000001);
		assert_regs(r, 0, 0, 0, 0);
	}
}

static void test_around_hypervisor_range(void **state)
{
	uint32_t r[4];

	filter(0x3fffffff, 0, r, 1, 2, 3, 4);
	assert_regs(r, 1, 2, 3, 4);
	filter(0x40000100, 0, r, 5, 6, 7, 8);
	assert_regs(r, 5, 6, 7, 8);
}

/* ------------------------------------------------------------ 5 and 0xa */

static void test_monitor_and_perfmon_zeroed(void **state)
{
	uint32_t r[4];

	/* MONITOR/MWAIT sizes and C-states. */
	filter(5, 0, r, 0x40, 0x40, 0x3, 0x11142120);
	assert_regs(r, 0, 0, 0, 0);
	/* Architectural performance monitoring: version 4, 8 counters... */
	filter(0xa, 0, r, 0x07300804, 0, 0, 0x00000603);
	assert_regs(r, 0, 0, 0, 0);
	filter(0xa, 3, r, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff);
	assert_regs(r, 0, 0, 0, 0);
}

/* ------------------------------------------------------------ the rest */

static void test_other_leaves_untouched(void **state)
{
	static const uint32_t leaves[] = {
		0, 2, 3, 4, 6, 7, 0xb, 0xd, 0x14, 0x15, 0x16, 0x1f,
		0x80000000, 0x80000001, 0x80000002, 0x80000007, 0x80000008,
		0x8fffffff, 0xc0000000, 0xffffffff,
	};
	uint32_t r[4];

	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		for (uint32_t sub = 0; sub < 3; sub++) {
			filter(leaves[i], sub, r, 0xffffffff, 0xa5a5a5a5,
			       0x5a5a5a5a, 0xffffffff);
			assert_regs(r, 0xffffffff, 0xa5a5a5a5, 0x5a5a5a5a,
				    0xffffffff);
			filter(leaves[i], sub, r, 0, 0, 0, 0);
			assert_regs(r, 0, 0, 0, 0);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf1_all_features),
		cmocka_unit_test(test_leaf1_each_bit),
		cmocka_unit_test(test_leaf1_keeps_the_rest),
		cmocka_unit_test(test_leaf1_nothing),
		cmocka_unit_test(test_leaf1_ebx),
		cmocka_unit_test(test_leaf1_subleaf_does_not_matter),
		cmocka_unit_test(test_hypervisor_leaf),
		cmocka_unit_test(test_hypervisor_features),
		cmocka_unit_test(test_hypervisor_range_zeroed),
		cmocka_unit_test(test_around_hypervisor_range),
		cmocka_unit_test(test_monitor_and_perfmon_zeroed),
		cmocka_unit_test(test_other_leaves_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
