// SPDX-License-Identifier: MIT
/*
 * arch/x86/vmx/vmx_controls.c: control values and CR0/CR4 values from the
 * capability MSRs, on the values Bochs reports (corei7_skylake_x) and on
 * made-up ones that isolate each bit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>

#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx_controls.h"

/* Bochs: IA32_VMX_TRUE_PINBASED_CTLS and IA32_VMX_TRUE_PROCBASED_CTLS. */
#define BOCHS_PINBASED	0x0000007f00000016ULL
#define BOCHS_PROCBASED	0xf7f9fffe04006172ULL
#define BOCHS_PROCBASED2 0x02177fff00000000ULL

/* Bochs: IA32_VMX_CR0_FIXED0/1, IA32_VMX_CR4_FIXED0/1. */
#define CR0_FIXED0	0x80000021ULL	/* PG, NE, PE */
#define CR0_FIXED1	0xffffffffULL
#define CR4_FIXED0	0x00002000ULL	/* VMXE */
#define CR4_FIXED1	0x007727ffULL

static void test_forced_bits_come_along(void **state)
{
	uint32_t out = 0xdeadbeef, missing = 0xdeadbeef;

	/* Nothing asked for: exactly the default1 bits the CPU forces. */
	assert_int_equal(vmx_adjust_controls(0, 0, BOCHS_PINBASED, &out,
					     &missing), 0);
	assert_int_equal(out, 0x16);
	assert_int_equal(missing, 0);

	assert_int_equal(vmx_adjust_controls(PIN_BASED_EXT_INTR_MASK |
					     PIN_BASED_NMI_EXITING, 0,
					     BOCHS_PINBASED, &out, &missing), 0);
	assert_int_equal(out, 0x16 | PIN_BASED_EXT_INTR_MASK |
			      PIN_BASED_NMI_EXITING);
	assert_int_equal(missing, 0);
}

static void test_required_and_optional(void **state)
{
	uint32_t req = CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS |
		       CPU_BASED_USE_MSR_BITMAPS |
		       CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	uint32_t out, missing;

	assert_int_equal(vmx_adjust_controls(req, CPU_BASED_USE_TSC_OFFSETTING,
					     BOCHS_PROCBASED, &out, &missing), 0);
	assert_int_equal(out, 0x04006172u | req | CPU_BASED_USE_TSC_OFFSETTING);
	assert_int_equal(missing, 0);

	/* An optional control the CPU lacks is left out, silently. */
	assert_int_equal(vmx_adjust_controls(req, 1u << 27,
					     0x0000008100000001ULL |
					     ((uint64_t)req << 32), &out,
					     &missing), 0);
	assert_int_equal(out, 1u | req);
	assert_int_equal(missing, 0);

	/* An optional control the CPU has is taken. */
	assert_int_equal(vmx_adjust_controls(0, SECONDARY_EXEC_ENABLE_VPID,
					     BOCHS_PROCBASED2, &out, &missing), 0);
	assert_int_equal(out, SECONDARY_EXEC_ENABLE_VPID);
}

static void test_required_missing(void **state)
{
	uint32_t out, missing = 0;
	/* Allowed-1: bits 0 and 3 only; bit 4 forced to 1. */
	uint64_t cap = (0x19ULL << 32) | 0x10;

	assert_int_equal(vmx_adjust_controls(0x1 | 0x2 | 0x4, 0x8, cap, &out,
					     &missing), -1);
	assert_int_equal(missing, 0x2 | 0x4);
	/* The value without the missing bits. */
	assert_int_equal(out, 0x10 | 0x1 | 0x8);

	/* @missing may be NULL. */
	assert_int_equal(vmx_adjust_controls(0x2, 0, cap, &out, NULL), -1);
	assert_int_equal(out, 0x10);
	assert_int_equal(vmx_adjust_controls(0x1, 0, cap, &out, NULL), 0);
	assert_int_equal(out, 0x11);

	/* Secondary controls: Bochs has no mode-based EPT execute (bit 22). */
	assert_int_equal(vmx_adjust_controls(SECONDARY_EXEC_ENABLE_EPT |
					     SECONDARY_EXEC_MODE_BASED_EPT_EXEC,
					     0, BOCHS_PROCBASED2, &out,
					     &missing), -1);
	assert_int_equal(missing, SECONDARY_EXEC_MODE_BASED_EPT_EXEC);
	assert_int_equal(out, SECONDARY_EXEC_ENABLE_EPT);
}

/* The two halves must not be confused: low = must be 1, high = may be 1. */
static void test_halves(void **state)
{
	uint32_t out, missing;

	/* A bit in the low half only is forced, not "allowed". */
	assert_int_equal(vmx_adjust_controls(0, 0, 0x00000004ULL, &out,
					     &missing), 0);
	assert_int_equal(out, 0x4);
	/* A bit in the high half only is allowed, not forced. */
	assert_int_equal(vmx_adjust_controls(0, 0, 0x0000000400000000ULL,
					     &out, &missing), 0);
	assert_int_equal(out, 0);
	assert_int_equal(vmx_adjust_controls(0x4, 0, 0x0000000400000000ULL,
					     &out, &missing), 0);
	assert_int_equal(out, 0x4);
	/* All 32 bits. */
	assert_int_equal(vmx_adjust_controls(0x80000001u, 0,
					     0x8000000100000000ULL, &out,
					     &missing), 0);
	assert_int_equal(out, 0x80000001u);
	assert_int_equal(vmx_adjust_controls(0x80000000u, 0, 0, &out,
					     &missing), -1);
	assert_int_equal(missing, 0x80000000u);
}

static void test_fixed_cr0(void **state)
{
	/* Set what FIXED0 forces, keep the rest. */
	assert_int_equal(vmx_fixed_cr(0, CR0_FIXED0, CR0_FIXED1, 0), 0x80000021);
	assert_int_equal(vmx_fixed_cr(0x60000010, CR0_FIXED0, CR0_FIXED1, 0),
			 0xe0000031);
	/* Bits above 31 are not allowed by FIXED1. */
	assert_int_equal(vmx_fixed_cr(0x100000011ULL, CR0_FIXED0, CR0_FIXED1, 0),
			 0x80000031);

	/* Unrestricted guest: PE and PG stay as given, NE is still forced. */
	assert_int_equal(vmx_fixed_cr(0x10, CR0_FIXED0, CR0_FIXED1,
				      VMX_FIXED_CR0_UNRESTRICTED_GUEST), 0x30);
	assert_int_equal(vmx_fixed_cr(0x11, CR0_FIXED0, CR0_FIXED1,
				      VMX_FIXED_CR0_UNRESTRICTED_GUEST), 0x31);
	assert_int_equal(vmx_fixed_cr(0x80000011, CR0_FIXED0, CR0_FIXED1,
				      VMX_FIXED_CR0_UNRESTRICTED_GUEST),
			 0x80000031);

	/* A bit FIXED1 clears goes even if asked for (here CD). */
	assert_int_equal(vmx_fixed_cr(0x40000031, CR0_FIXED0, 0xbfffffff, 0),
			 0x80000031);
}

static void test_fixed_cr4(void **state)
{
	assert_int_equal(vmx_fixed_cr(0, CR4_FIXED0, CR4_FIXED1, 0), 0x2000);
	assert_int_equal(vmx_fixed_cr(0x20, CR4_FIXED0, CR4_FIXED1, 0), 0x2020);
	/* LA57 (bit 12) and UMIP (bit 11): Bochs' Skylake has neither. */
	assert_int_equal(vmx_fixed_cr(0x1820, CR4_FIXED0, CR4_FIXED1, 0),
			 0x2020);
	/* Applying it twice changes nothing. */
	for (uint64_t v = 0; v < 0x800000; v += 0x1234f)
		assert_int_equal(vmx_fixed_cr(vmx_fixed_cr(v, CR4_FIXED0,
							   CR4_FIXED1, 0),
					      CR4_FIXED0, CR4_FIXED1, 0),
				 vmx_fixed_cr(v, CR4_FIXED0, CR4_FIXED1, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forced_bits_come_along),
		cmocka_unit_test(test_required_and_optional),
		cmocka_unit_test(test_required_missing),
		cmocka_unit_test(test_halves),
		cmocka_unit_test(test_fixed_cr0),
		cmocka_unit_test(test_fixed_cr4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
