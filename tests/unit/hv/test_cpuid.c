// SPDX-License-Identifier: MIT
/*
 * hv/cpuid.c: cpuid_filter(), what a guest's CPUID returns given what the
 * host's says (bit positions from the Intel SDM Vol. 2A, CPUID, Tables
 * 3-8 to 3-11, written out here rather than taken from the model's own
 * table; the hypervisor leaves where KVM, Xen and Hyper-V put theirs).
 * handle_cpuid() needs a vCPU and the architecture and is not run here:
 * its arch_*() calls are stubs that fail the test if anything calls them.
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
#include "hv/dev/lapic.h"

enum { EAX, EBX, ECX, EDX };

#define B(n)			(1u << (n))

#define ECX_DTES64		B(2)
#define ECX_MONITOR		B(3)
#define ECX_DS_CPL		B(4)
#define ECX_VMX			B(5)
#define ECX_SMX			B(6)
#define ECX_EST			B(7)
#define ECX_TM2			B(8)
#define ECX_CNXT_ID		B(10)
#define ECX_SDBG		B(11)
#define ECX_XTPR		B(14)
#define ECX_PDCM		B(15)
#define ECX_DCA			B(18)
#define ECX_X2APIC		B(21)
#define ECX_TSC_DEADLINE	B(24)
#define ECX_OSXSAVE		B(27)	/* handle_cpuid's, not the filter's */
#define ECX_HYPERVISOR		B(31)
#define EDX_APIC		B(9)
#define EDX_MTRR		B(12)
#define EDX_PSN			B(18)
#define EDX_DS			B(21)
#define EDX_ACPI		B(22)
#define EDX_HTT			B(28)
#define EDX_TM			B(29)
#define EDX_PBE			B(31)

#define HIDDEN_ECX (ECX_DTES64 | ECX_MONITOR | ECX_DS_CPL | ECX_VMX |	\
		    ECX_SMX | ECX_EST | ECX_TM2 | ECX_CNXT_ID | ECX_SDBG |	\
		    ECX_XTPR | ECX_PDCM | ECX_DCA)
#define HIDDEN_EDX (EDX_PSN | EDX_DS | EDX_ACPI | EDX_HTT |	\
		    EDX_TM | EDX_PBE)
/* Set whatever the host has: the local APIC model (hv/dev/lapic.c, x2apic.c). */
#define ADDED_ECX (ECX_HYPERVISOR | ECX_X2APIC | ECX_TSC_DEADLINE)
#define ADDED_EDX (EDX_APIC | EDX_MTRR)

uint64_t tsc_hz;	/* drivers/tsc.c's: only handle_cpuid() reads it */

/* A Skylake-X-like Intel host, as Bochs's corei7_skylake_x model. */
static const struct cpuid_host intel = {
	.max_basic = 0xd, .max_ext = 0x80000008, .amd = false,
	.xcr0 = 0x600e7, .tsc_hz = 50012345,
};
static const struct cpuid_host amd = {
	.max_basic = 0x10, .max_ext = 0x80000021, .amd = true,
	.xcr0 = 0x207, .tsc_hz = 3000000000ull,
};

void arch_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
	fail_msg("arch_cpuid(%#x, %#x) called", leaf, subleaf);
}

bool vcpu_skip_emulated_instruction(struct vcpu *v)
{
	fail_msg("vcpu_skip_emulated_instruction called");
	return false;
}

bool arch_tsc_offsetting(void)
{
	fail_msg("arch_tsc_offsetting called");
	return false;
}

uint64_t arch_vcpu_read_cr(struct vcpu *v, int cr)
{
	fail_msg("arch_vcpu_read_cr(%d) called", cr);
	return 0;
}

static void filter_on(const struct cpuid_host *h, uint32_t leaf,
		      uint32_t subleaf, uint32_t out[4],
		      uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	out[EAX] = a;
	out[EBX] = b;
	out[ECX] = c;
	out[EDX] = d;
	cpuid_filter(h, leaf, subleaf, out);
}

static void filter(uint32_t leaf, uint32_t subleaf, uint32_t out[4],
		   uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	filter_on(&intel, leaf, subleaf, out, a, b, c, d);
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
	uint32_t r[4];

	/* A host that has everything. */
	filter(1, 0, r, 0x000906ea, 0xffffffff, 0xffffffff, 0xffffffff);
	assert_int_equal(r[EAX], 0x000906ea);
	assert_int_equal(r[ECX] & HIDDEN_ECX, 0);
	assert_true(r[ECX] & ECX_HYPERVISOR);
	assert_int_equal(r[ECX] | HIDDEN_ECX, 0xffffffff);
	assert_int_equal(r[EDX], ~HIDDEN_EDX);
	/* No HTT, no count; brand index and CLFLUSH size kept; APIC ID 0. */
	assert_int_equal(r[EBX], 0x0000ffff);
}

static void test_leaf1_each_bit(void **state)
{
	static const struct {
		int reg;
		uint32_t bit;
	} hidden[] = {
		{ ECX, ECX_DTES64 }, { ECX, ECX_MONITOR }, { ECX, ECX_DS_CPL },
		{ ECX, ECX_VMX }, { ECX, ECX_SMX }, { ECX, ECX_EST },
		{ ECX, ECX_TM2 }, { ECX, ECX_CNXT_ID }, { ECX, ECX_SDBG },
		{ ECX, ECX_XTPR }, { ECX, ECX_PDCM }, { ECX, ECX_DCA },
		{ EDX, EDX_PSN }, { EDX, EDX_DS },
		{ EDX, EDX_ACPI }, { EDX, EDX_HTT }, { EDX, EDX_TM },
		{ EDX, EDX_PBE },
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
	const uint32_t ecx = 0x7ed8320b & ~(HIDDEN_ECX | ECX_OSXSAVE);
	/* FPU, TSC, MSR, PAE, CX8, SEP, PGE, MCA, CMOV, PAT, CLFSH, MMX, SSE2. */
	const uint32_t edx = 0xbfebfbff & ~HIDDEN_EDX;

	filter(1, 0, r, 0x000306a9, 0x02100800, ecx, edx);
	assert_regs(r, 0x000306a9, 0x00000800, ecx | ADDED_ECX,
		    edx | ADDED_EDX);
}

static void test_leaf1_nothing(void **state)
{
	uint32_t r[4];

	/*
	 * The hypervisor, x2APIC, TSC-deadline, APIC and MTRR bits appear even if
	 * the host had nothing: they are the models'.
	 */
	filter(1, 0, r, 0, 0, 0, 0);
	assert_regs(r, 0, 0, ADDED_ECX, ADDED_EDX);
}

static void test_leaf1_ebx(void **state)
{
	uint32_t r[4];

	/* APIC ID 0x12, 16 logical processors, CLFLUSH 8 * 8 bytes. */
	filter(1, 0, r, 0, 0x12100800, 0, 0);
	assert_int_equal(r[EBX] & 0xffff, 0x0800);
	assert_int_equal(r[EBX] >> 16 & 0xff, 0);	/* HTT is 0 */
	assert_int_equal(r[EBX] >> 24, 0);
	filter(1, 0, r, 0, 0xff0012ab, 0, 0);
	assert_int_equal(r[EBX], 0x000012ab);
}

static void test_leaf1_subleaf_does_not_matter(void **state)
{
	uint32_t a[4], b[4];

	filter(1, 0, a, 1, 2, 0xffffffff, 0xffffffff);
	filter(1, 0x1234, b, 1, 2, 0xffffffff, 0xffffffff);
	assert_memory_equal(a, b, sizeof(a));
}

/* ------------------------------------------------------------ ranges */

static void test_max_basic_leaf(void **state)
{
	struct cpuid_host h = intel;
	uint32_t r[4];

	/* Raised to 0x16 for the TSC leaves, kept above, capped at 0x1f. */
	filter(0, 0, r, 0xd, 0x756e6547, 0x6c65746e, 0x49656e69);
	assert_regs(r, 0x16, 0x756e6547, 0x6c65746e, 0x49656e69);
	h.max_basic = 0x1b;
	filter_on(&h, 0, 0, r, 0x1b, 1, 2, 3);
	assert_regs(r, 0x1b, 1, 2, 3);
	h.max_basic = 0x23;
	filter_on(&h, 0, 0, r, 0x23, 1, 2, 3);
	assert_regs(r, 0x1f, 1, 2, 3);
	assert_int_equal(cpuid_guest_max_basic(&h), 0x1f);
	h.max_basic = 2;
	assert_int_equal(cpuid_guest_max_basic(&h), 0x16);
}

static void test_max_ext_leaf(void **state)
{
	struct cpuid_host h = intel;
	uint32_t r[4];

	filter(0x80000000, 0, r, 0x80000008, 0, 0, 0);
	assert_regs(r, 0x80000008, 0, 0, 0);
	filter_on(&amd, 0x80000000, 0, r, 0x80000021, 0x68747541, 0x444d4163,
		  0x69746e65);
	assert_regs(r, 0x80000008, 0x68747541, 0x444d4163, 0x69746e65);
	h.max_ext = 0x80000004;
	assert_int_equal(cpuid_guest_max_ext(&h), 0x80000004);
}

/* Above the maximum, Intel gives the highest basic leaf; AMD zeros. */
static void test_out_of_range(void **state)
{
	uint32_t r[4];

	assert_int_equal(cpuid_effective_leaf(&intel, 0x17), 0x16);
	assert_int_equal(cpuid_effective_leaf(&intel, 0x3fffffff), 0x16);
	assert_int_equal(cpuid_effective_leaf(&intel, 0x40000100), 0x16);
	assert_int_equal(cpuid_effective_leaf(&intel, 0x80000009), 0x16);
	assert_int_equal(cpuid_effective_leaf(&intel, 0xc0000000), 0x16);
	assert_int_equal(cpuid_effective_leaf(&intel, 0x16), 0x16);
	assert_int_equal(cpuid_effective_leaf(&intel, 0x80000008), 0x80000008);
	assert_int_equal(cpuid_effective_leaf(&intel, 0x40000001), 0x40000001);
	assert_int_equal(cpuid_effective_leaf(&intel, 0x400000ff), 0x400000ff);
	assert_int_equal(cpuid_effective_leaf(&amd, 0x17), 0x17);
	filter_on(&amd, 0x17, 0, r, 1, 2, 3, 4);
	assert_regs(r, 0, 0, 0, 0);
	filter_on(&amd, 0x80000009, 0, r, 1, 2, 3, 4);
	assert_regs(r, 0, 0, 0, 0);
	filter_on(&amd, 0x8000000a, 0, r, 1, 2, 3, 4);	/* SVM features */
	assert_regs(r, 0, 0, 0, 0);
}

/* Leaves past the host's maximum and up to ours: the host has nothing. */
static void test_leaves_past_the_host(void **state)
{
	static const uint32_t leaves[] = { 0xe, 0x10, 0x11, 0x13 };
	uint32_t r[4];

	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		/* The host answers with its leaf 0xd's data. */
		filter(leaves[i], 0, r, 0x207, 0x340, 0x340, 0);
		assert_regs(r, 0, 0, 0, 0);
	}
}

/* ------------------------------------------------------------ zeroed */

static void test_zeroed_leaves(void **state)
{
	static const uint32_t leaves[] = {
		3, 5, 6, 8, 9, 0xa, 0xc, 0xe, 0xf, 0x10, 0x11, 0x12, 0x13,
		0x14, 0x17, 0x19, 0x1b, 0x1c, 0x1d, 0x1e,
	};
	struct cpuid_host h = intel;
	uint32_t r[4];

	h.max_basic = 0x1f;
	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		for (uint32_t sub = 0; sub < 3; sub++) {
			filter_on(&h, leaves[i], sub, r, 0xffffffff,
				  0xffffffff, 0xffffffff, 0xffffffff);
			assert_regs(r, 0, 0, 0, 0);
		}
	}
}

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
	/* Thermal and power: digital thermal sensor, HWP, ... */
	filter(6, 0, r, 0x27f7, 2, 9, 0);
	assert_regs(r, 0, 0, 0, 0);
}

/* ------------------------------------------------------------ leaf 4 */

static void test_leaf4_one_core_one_thread(void **state)
{
	uint32_t r[4];

	/* L1d of a 4-core, 2-thread package: EAX 0x1c004121. */
	filter(4, 0, r, 0x1c004121, 0x01c0003f, 0x3f, 0);
	assert_regs(r, 0x00000121, 0x01c0003f, 0x3f, 0);
	/* L3 shared by 16 threads of 8 cores: 0x1c03c163. */
	filter(4, 3, r, 0xfc03c163, 0x03c0003f, 0x2fff, 6);
	assert_regs(r, 0x00000163, 0x03c0003f, 0x2fff, 6);
	/* No more caches. */
	filter(4, 4, r, 0, 0, 0, 0);
	assert_regs(r, 0, 0, 0, 0);
}

/* ------------------------------------------------------------ leaf 7 */

static void test_leaf7_masked_bits(void **state)
{
	static const struct {
		uint32_t subleaf;
		int reg;
		uint32_t bit;
		const char *name;
	} hidden[] = {
		{ 0, EBX, B(1), "TSC_ADJUST" },	/* intel.tsc_adjust false */
		{ 0, EBX, B(2), "SGX" },
		{ 0, EBX, B(12), "RDT-M" }, { 0, EBX, B(14), "MPX" },
		{ 0, EBX, B(15), "RDT-A" }, { 0, EBX, B(25), "PT" },
		{ 0, ECX, B(5), "WAITPKG" }, { 0, ECX, B(7), "CET_SS" },
		{ 0, ECX, B(13), "TME" }, { 0, ECX, B(23), "KL" },
		{ 0, ECX, B(29), "ENQCMD" }, { 0, ECX, B(30), "SGX_LC" },
		{ 0, EDX, B(9), "SRBDS_CTRL" },
		{ 0, EDX, B(13), "TSX_FORCE_ABORT" },
		{ 0, EDX, B(18), "PCONFIG" }, { 0, EDX, B(19), "ARCH_LBR" },
		{ 0, EDX, B(20), "CET_IBT" }, { 0, EDX, B(22), "AMX_BF16" },
		{ 0, EDX, B(24), "AMX_TILE" }, { 0, EDX, B(25), "AMX_INT8" },
		{ 0, EDX, B(26), "IBRS/IBPB" }, { 0, EDX, B(27), "STIBP" },
		{ 0, EDX, B(28), "L1D_FLUSH" },
		{ 0, EDX, B(29), "ARCH_CAPABILITIES" },
		{ 0, EDX, B(30), "CORE_CAPABILITIES" },
		{ 0, EDX, B(31), "SSBD" },
		{ 1, EAX, B(22), "HRESET" }, { 1, EAX, B(26), "LAM" },
	};
	uint32_t r[4];

	for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
		uint32_t in[4] = { 0 };

		in[hidden[i].reg] = hidden[i].bit;
		filter(7, hidden[i].subleaf, r, in[EAX], in[EBX], in[ECX],
		       in[EDX]);
		if (r[hidden[i].reg] & hidden[i].bit)
			fail_msg("7.%u: %s advertised", hidden[i].subleaf,
				 hidden[i].name);
	}
}

static void test_leaf7_keeps_the_rest(void **state)
{
	uint32_t r[4];

	/*
	 * Skylake-X: FSGSBASE, BMI1, HLE, AVX2, SMEP, BMI2, ERMS, INVPCID,
	 * RTM, AVX512F/DQ, RDSEED, ADX, SMAP, CLFLUSHOPT, CLWB,
	 * AVX512CD/BW/VL; ECX PKU, OSPKE; EDX MD_CLEAR.
	 */
	const uint32_t ebx = 0xd39ffffb & ~(B(1) | B(2) | B(12) | B(14) |
					    B(15) | B(25));

	filter(7, 0, r, 0, ebx, 0x18, 0x400);
	assert_regs(r, 0, ebx, 0x18, 0x400);
	/* AVX-VNNI and AVX512_BF16 in 7.1. */
	filter(7, 1, r, B(4) | B(5) | B(22), 0, 0, 0);
	assert_regs(r, B(4) | B(5), 0, 0, 0);
}

/* TSC_ADJUST follows the model (TSC offsetting), not the host. */
static void test_leaf7_tsc_adjust(void **state)
{
	struct cpuid_host h = intel;
	uint32_t r[4];

	filter(7, 0, r, 0, B(1) | B(0), 0, 0);
	assert_int_equal(r[EBX], B(0));
	h.tsc_adjust = true;
	filter_on(&h, 7, 0, r, 0, B(0), 0, 0);
	assert_int_equal(r[EBX], B(0) | B(1));
	filter_on(&h, 7, 1, r, 0, 0, 0, 0);
	assert_int_equal(r[EBX], 0);
}

static void test_leaf7_subleaves(void **state)
{
	uint32_t r[4];

	/* Subleaves 0 and 1 only: 2 (PSFD, BHI_CTRL, ...) reads 0. */
	filter(7, 0, r, 2, 0, 0, 0);
	assert_int_equal(r[EAX], 1);
	filter(7, 0, r, 0, 0, 0, 0);
	assert_int_equal(r[EAX], 0);
	filter(7, 2, r, 0, 0, 0, 0x3f);
	assert_regs(r, 0, 0, 0, 0);
}

/* ------------------------------------------------------------ topology */

static void test_topology_one_vcpu(void **state)
{
	static const uint32_t leaves[] = { 0xb, 0x1f };
	struct cpuid_host h = intel;
	uint32_t r[4];

	h.max_basic = 0x1f;
	for (size_t i = 0; i < 2; i++) {
		/* The host's: 2 threads per core, 16 per package, ID 0x23. */
		filter_on(&h, leaves[i], 0, r, 1, 2, 0x100, 0x23);
		assert_regs(r, 0, 1, 0x100, 0);		/* SMT: one thread */
		filter_on(&h, leaves[i], 1, r, 5, 16, 0x201, 0x23);
		assert_regs(r, 0, 1, 0x201, 0);		/* core: one */
		filter_on(&h, leaves[i], 2, r, 0, 0, 2, 0x23);
		assert_regs(r, 0, 0, 2, 0);		/* invalid */
		filter_on(&h, leaves[i], 7, r, 0, 0, 7, 0x23);
		assert_regs(r, 0, 0, 7, 0);
	}
	/* 0xb even where the host has none (max leaf 0xd covers it). */
	filter(0xb, 0, r, 0, 0, 0, 0);
	assert_regs(r, 0, 1, 0x100, 0);
}

static void test_leaf1f_only_in_range(void **state)
{
	uint32_t r[4];

	/* max basic 0x16: 0x1f is out of range, Intel answers with 0x16. */
	assert_int_equal(cpuid_effective_leaf(&intel, 0x1f), 0x16);
	filter(0x16, 0, r, 0, 0, 0, 0);
	assert_regs(r, 50, 50, 100, 0);
}

/* ------------------------------------------------------------ TSC */

/* What Linux's native_calibrate_tsc() makes of leaf 0x15, in its types. */
static uint32_t linux_tsc_khz(const uint32_t r[4])
{
	uint32_t crystal_khz = r[2] / 1000;

	return crystal_khz * r[1] / r[0];
}

static void test_tsc_leaves(void **state)
{
	struct cpuid_host h = intel;
	uint32_t r[4];

	/*
	 * The crystal is the local APIC timer's 1 GHz clock; EBX/EAX the
	 * TSC's rate over it, EBX <= 4294 so that Linux's 32-bit product
	 * of crystal kHz and EBX does not overflow.
	 */
	filter(0x15, 0, r, 2, 200, 0, 0);
	assert_int_equal(r[2], LAPIC_BUS_HZ);
	assert_int_equal(r[3], 0);
	assert_true(r[1] <= 4294);
	assert_regs(r, 42929, 2147, 1000000000u, 0);
	assert_int_equal(linux_tsc_khz(r), 50012);
	/* Linux's APIC timer period per jiffy: the model's counts. */
	assert_int_equal(r[2] / 1000 * 1000 / 250, LAPIC_BUS_HZ / 250);
	/* Base and maximum MHz, rounded; bus 100 MHz. */
	filter(0x16, 0, r, 3500, 3500, 100, 0);
	assert_regs(r, 50, 50, 100, 0);
	h.tsc_hz = 2899500000ull;
	filter_on(&h, 0x16, 0, r, 0, 0, 0, 0);
	assert_regs(r, 2900, 2900, 100, 0);
	filter_on(&h, 0x15, 0, r, 0, 0, 0, 0);
	/* 5799/2000 does not fit: 4291/1480, 61 ppm slow. */
	assert_regs(r, 1480, 4291, 1000000000u, 0);
	assert_int_equal(linux_tsc_khz(r), 2899324);
	/* Bochs's 49.996 MHz: within a kHz. */
	h.tsc_hz = 49996000ull;
	filter_on(&h, 0x15, 0, r, 0, 0, 0, 0);
	assert_true(r[1] <= 4294);
	assert_int_equal(linux_tsc_khz(r), 49996);
	/* 5 GHz: ratio 5/1. */
	h.tsc_hz = 5000000000ull;
	filter_on(&h, 0x15, 0, r, 0, 0, 0, 0);
	assert_regs(r, 1, 5, 1000000000u, 0);
	/* An unknown rate: leaf 0x15 says "not enumerated" (EBX 0). */
	h.tsc_hz = 0;
	filter_on(&h, 0x15, 0, r, 1, 2, 3, 4);
	assert_regs(r, 0, 0, 0, 0);
}

/* ------------------------------------------------------------ XSAVE */

static void test_leaf_d(void **state)
{
	uint32_t r[4];

	/* XCR0 may not enable the AMX states (17, 18). */
	filter(0xd, 0, r, 0x600e7, 0x2b00, 0x2b00, 0);
	assert_regs(r, 0xe7, 0x2b00, 0x2b00, 0);
	/*
	 * No XSAVES or XFD, no supervisor states, and no XSAVEC without
	 * XSAVES (no CPU has it; Linux mis-sizes then); XSAVEOPT, XGETBV1 kept.
	 */
	filter(0xd, 1, r, 0x1f, 0x2b00, 0x1900, 0);
	assert_regs(r, 0x5, 0x2b00, 0, 0);
	/* AVX-512 state 7 (offered) is described, PT (8) and AMX (18) not. */
	filter(0xd, 7, r, 0x200, 0x440, 0, 0);
	assert_regs(r, 0x200, 0x440, 0, 0);
	filter(0xd, 8, r, 0x80, 0, 1, 0);
	assert_regs(r, 0, 0, 0, 0);
	filter(0xd, 18, r, 0x2000, 0xac0, 6, 0);
	assert_regs(r, 0, 0, 0, 0);
	filter(0xd, 63, r, 1, 2, 3, 4);
	assert_regs(r, 0, 0, 0, 0);
}

/* ------------------------------------------------------------ extended */

static void test_ext_leaves(void **state)
{
	uint32_t r[4];

	/* 0x80000001: SVM and the AMD extras go; LAHF, LZCNT, PREFETCHW,
	 * SYSCALL, NX, 1 GiB pages, RDTSCP, LM stay. */
	filter(0x80000001, 0, r, 0, 0, 0xffffffff, 0x2c100800);
	assert_int_equal(r[ECX], ~(B(2) | B(3) | B(9) | B(10) | B(12) |
				   B(13) | B(15) | B(17) | B(19) | B(22) |
				   B(23) | B(24) | B(26) | B(27) | B(28) |
				   B(29) | B(30)));
	assert_int_equal(r[EDX], 0x2c100800);
	filter(0x80000001, 0, r, 0, 0, B(2), 0);
	assert_int_equal(r[ECX], 0);
	/* 0x80000007: the invariant TSC only. */
	filter(0x80000007, 0, r, 0, 0, 0, 0x1ff);
	assert_regs(r, 0, 0, 0, 0x100);
	/* 0x80000008: address sizes; one core; CLZERO/WBNOINVD only. */
	filter(0x80000008, 0, r, 0x3028, 0xffffffff, 0x400f, 0x10007);
	assert_regs(r, 0x3028, B(0) | B(2) | B(9), 0, 0);
	/* The brand string is passed through. */
	filter(0x80000002, 0, r, 0x65746e49, 0x2952286c, 0x726f4320,
	       0x4d542865);
	assert_regs(r, 0x65746e49, 0x2952286c, 0x726f4320, 0x4d542865);
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

	/* Out of range: the data of leaf 0x16 (Intel), zeros (AMD). */
	assert_int_equal(cpuid_effective_leaf(&intel, 0x3fffffff), 0x16);
	assert_int_equal(cpuid_effective_leaf(&intel, 0x40000100), 0x16);
	filter_on(&amd, 0x3fffffff, 0, r, 1, 2, 3, 4);
	assert_regs(r, 0, 0, 0, 0);
	filter_on(&amd, 0x40000100, 0, r, 5, 6, 7, 8);
	assert_regs(r, 0, 0, 0, 0);
}

/* ------------------------------------------------------------ the rest */

static void test_passed_through(void **state)
{
	static const uint32_t leaves[] = {
		2, 0x18, 0x1a, 0x80000002, 0x80000003, 0x80000004,
		0x80000005, 0x80000006,
	};
	struct cpuid_host h = intel;
	uint32_t r[4];

	h.max_basic = 0x1f;
	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		for (uint32_t sub = 0; sub < 3; sub++) {
			filter_on(&h, leaves[i], sub, r, 0xffffffff,
				  0xa5a5a5a5, 0x5a5a5a5a, 0xffffffff);
			assert_regs(r, 0xffffffff, 0xa5a5a5a5, 0x5a5a5a5a,
				    0xffffffff);
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
		cmocka_unit_test(test_max_basic_leaf),
		cmocka_unit_test(test_max_ext_leaf),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_leaves_past_the_host),
		cmocka_unit_test(test_zeroed_leaves),
		cmocka_unit_test(test_leaf4_one_core_one_thread),
		cmocka_unit_test(test_leaf7_masked_bits),
		cmocka_unit_test(test_leaf7_keeps_the_rest),
		cmocka_unit_test(test_leaf7_tsc_adjust),
		cmocka_unit_test(test_leaf7_subleaves),
		cmocka_unit_test(test_topology_one_vcpu),
		cmocka_unit_test(test_leaf1f_only_in_range),
		cmocka_unit_test(test_tsc_leaves),
		cmocka_unit_test(test_leaf_d),
		cmocka_unit_test(test_ext_leaves),
		cmocka_unit_test(test_passed_through),
		cmocka_unit_test(test_hypervisor_leaf),
		cmocka_unit_test(test_hypervisor_features),
		cmocka_unit_test(test_hypervisor_range_zeroed),
		cmocka_unit_test(test_around_hypervisor_range),
		cmocka_unit_test(test_monitor_and_perfmon_zeroed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
