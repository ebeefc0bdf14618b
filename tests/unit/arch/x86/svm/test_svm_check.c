// SPDX-License-Identifier: MIT
/*
 * arch/x86/svm/svm_check.c: VMRUN's consistency checks (AMD APM vol. 2,
 * 15.5.1). A VMCB in the state svm_vmcb.c gives a new vCPU passes every
 * rule, and so do a long-mode one and one with an event to inject; then
 * each rule is broken once, by one field, and must be the only one
 * reported, with its text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "arch/x86/svm/svm_check.h"

static const struct svm_check_cpu cpu = { .maxphyaddr = 40, .npt = true };
static struct vmcb vmcb;

/* The boot state: 32-bit protected mode, paging off (svm_vmcb.c). */
static int setup(void **state)
{
	(void)state;
	memset(&vmcb, 0, sizeof(vmcb));
	vmcb.control.intercept_misc2 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL;
	vmcb.control.iopm_base_pa = 0x200000;
	vmcb.control.msrpm_base_pa = 0x204000;
	vmcb.control.asid = 1;
	vmcb.control.np_enable = SVM_NP_ENABLE;
	vmcb.control.n_cr3 = 0x300000;
	vmcb.save.cs.attrib = 0xc9b;
	vmcb.save.efer = EFER_SVME;
	vmcb.save.cr0 = 0x11;
	vmcb.save.dr6 = 0xffff0ff0;
	vmcb.save.dr7 = 0x400;
	return 0;
}

static unsigned int reports;
static enum svm_check_rule last_rule;

static void report(void *ctx, enum svm_check_rule rule, const char *text,
		   const char *values)
{
	(void)ctx;
	assert_string_equal(text, svm_check_rule_text(rule));
	assert_non_null(values);
	reports++;
	last_rule = rule;
}

static uint32_t check(void)
{
	reports = 0;
	return svm_check_vmcb(&vmcb, &cpu, report, NULL);
}

static void assert_only(enum svm_check_rule rule)
{
	assert_int_equal(check(), 1u << rule);
	assert_int_equal(reports, 1);
	assert_int_equal(last_rule, rule);
}

static void test_boot_state_passes(void **state)
{
	(void)state;
	assert_int_equal(check(), 0);
	assert_int_equal(reports, 0);
}

static void to_long_mode(void)
{
	vmcb.save.efer |= 1ULL << 8 | 1ULL << 10;	/* LME, LMA */
	vmcb.save.cr4 = 1ULL << 5;			/* PAE */
	vmcb.save.cr0 = 0x80000011;			/* PG, ET, PE */
	vmcb.save.cr3 = 0x1000;
	vmcb.save.cs.attrib = 0xa9b;			/* L, not D */
}

static void test_long_mode_passes(void **state)
{
	(void)state;
	to_long_mode();
	vmcb.save.cr3 = 0xff00001000ULL;		/* below 2^40 */
	assert_int_equal(check(), 0);
}

static void test_injection_passes(void **state)
{
	(void)state;
	vmcb.control.eventinj = SVM_EVTINJ_VALID | SVM_EVTINJ_TYPE_EXEPT |
				SVM_EVTINJ_VALID_ERR | 13 | 0x10ULL << 32;
	assert_int_equal(check(), 0);
	vmcb.control.eventinj = SVM_EVTINJ_VALID | SVM_EVTINJ_TYPE_INTR | 0x30;
	assert_int_equal(check(), 0);
	vmcb.control.eventinj = SVM_EVTINJ_VALID | SVM_EVTINJ_TYPE_NMI | 2;
	assert_int_equal(check(), 0);
}

static void test_efer_svme(void **state)
{
	(void)state;
	vmcb.save.efer = 0;
	assert_only(SVM_CHECK_EFER_SVME);
}

static void test_cr0_cd_nw(void **state)
{
	(void)state;
	vmcb.save.cr0 |= 1ULL << 29;			/* NW without CD */
	assert_only(SVM_CHECK_CR0_CD_NW);
	vmcb.save.cr0 |= 1ULL << 30;			/* both: legal */
	assert_int_equal(check(), 0);
}

static void test_cr0_high(void **state)
{
	(void)state;
	vmcb.save.cr0 |= 1ULL << 32;
	assert_only(SVM_CHECK_CR0_HIGH);
}

static void test_cr3_mbz(void **state)
{
	(void)state;
	vmcb.save.cr3 = 1ULL << 32;		/* legacy mode: 32 bits */
	assert_only(SVM_CHECK_CR3_MBZ);
	to_long_mode();
	vmcb.save.cr3 = 1ULL << 40;		/* beyond MAXPHYADDR */
	assert_only(SVM_CHECK_CR3_MBZ);
}

static void test_cr4_mbz(void **state)
{
	(void)state;
	vmcb.save.cr4 = 1ULL << 13;		/* VMXE: reserved on AMD */
	assert_only(SVM_CHECK_CR4_MBZ);
	vmcb.save.cr4 = 1ULL << 40;
	assert_only(SVM_CHECK_CR4_MBZ);
}

static void test_dr6_high(void **state)
{
	(void)state;
	vmcb.save.dr6 |= 1ULL << 32;
	assert_only(SVM_CHECK_DR6_HIGH);
}

static void test_dr7_high(void **state)
{
	(void)state;
	vmcb.save.dr7 |= 1ULL << 63;
	assert_only(SVM_CHECK_DR7_HIGH);
}

static void test_efer_mbz(void **state)
{
	(void)state;
	vmcb.save.efer |= 1ULL << 9;
	assert_only(SVM_CHECK_EFER_MBZ);
}

static void test_long_no_pae(void **state)
{
	(void)state;
	to_long_mode();
	vmcb.save.cr4 = 0;
	assert_only(SVM_CHECK_LONG_NO_PAE);
}

static void test_long_no_pe(void **state)
{
	(void)state;
	to_long_mode();
	vmcb.save.cr0 &= ~1ULL;
	assert_only(SVM_CHECK_LONG_NO_PE);
}

static void test_long_cs_l_d(void **state)
{
	(void)state;
	to_long_mode();
	vmcb.save.cs.attrib |= SVM_SEG_DB;
	assert_only(SVM_CHECK_LONG_CS_L_D);
}

static void test_vmrun_intercept(void **state)
{
	(void)state;
	vmcb.control.intercept_misc2 &= ~INTERCEPT_VMRUN;
	assert_only(SVM_CHECK_VMRUN_INTERCEPT);
}

static void test_msrpm_range(void **state)
{
	(void)state;
	/* Its last byte at 2^40: one page short of legal. */
	vmcb.control.msrpm_base_pa = (1ULL << 40) - 0x1000;
	assert_only(SVM_CHECK_MSRPM_RANGE);
	vmcb.control.msrpm_base_pa = (1ULL << 40) - 0x2000;
	assert_int_equal(check(), 0);
}

static void test_iopm_range(void **state)
{
	(void)state;
	vmcb.control.iopm_base_pa = (1ULL << 40) - 0x2000;	/* 12 KiB */
	assert_only(SVM_CHECK_IOPM_RANGE);
}

static void test_eventinj(void **state)
{
	(void)state;
	vmcb.control.eventinj = SVM_EVTINJ_VALID | 1u << 8;	/* type 1 */
	assert_only(SVM_CHECK_EVENTINJ);
	vmcb.control.eventinj = SVM_EVTINJ_VALID | SVM_EVTINJ_TYPE_EXEPT | 32;
	assert_only(SVM_CHECK_EVENTINJ);
	vmcb.control.eventinj = SVM_EVTINJ_VALID | SVM_EVTINJ_TYPE_EXEPT | 2;
	assert_only(SVM_CHECK_EVENTINJ);
	vmcb.control.eventinj = SVM_EVTINJ_VALID | 1u << 12 | 0x30;
	assert_only(SVM_CHECK_EVENTINJ);
	/* Not valid: nothing is looked at. */
	vmcb.control.eventinj = 7u << 8;
	assert_int_equal(check(), 0);
}

static void test_asid_zero(void **state)
{
	(void)state;
	vmcb.control.asid = 0;
	assert_only(SVM_CHECK_ASID_ZERO);
}

static void test_np_unsupported(void **state)
{
	static const struct svm_check_cpu no_npt = { .maxphyaddr = 40 };

	(void)state;
	reports = 0;
	assert_int_equal(svm_check_vmcb(&vmcb, &no_npt, report, NULL),
			 1u << SVM_CHECK_NP_UNSUPPORTED);
	assert_int_equal(reports, 1);
}

static void test_ncr3_mbz(void **state)
{
	(void)state;
	vmcb.control.n_cr3 = 1ULL << 45;
	assert_only(SVM_CHECK_NCR3_MBZ);
	vmcb.control.np_enable = 0;		/* not looked at then */
	assert_int_equal(check(), 0);
}

/* Several broken at once: each reported, and no report without a callback. */
static void test_several(void **state)
{
	(void)state;
	vmcb.save.efer = 0;
	vmcb.control.asid = 0;
	assert_int_equal(check(), 1u << SVM_CHECK_EFER_SVME |
				  1u << SVM_CHECK_ASID_ZERO);
	assert_int_equal(reports, 2);
	assert_int_equal(svm_check_vmcb(&vmcb, &cpu, NULL, NULL),
			 1u << SVM_CHECK_EFER_SVME | 1u << SVM_CHECK_ASID_ZERO);
}

static void test_every_rule_has_text(void **state)
{
	(void)state;
	for (int r = 0; r < SVM_CHECK_NR; r++)
		assert_non_null(svm_check_rule_text(r));
	assert_string_equal(svm_check_rule_text(SVM_CHECK_NR), "?");
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_boot_state_passes), T(test_long_mode_passes),
		T(test_injection_passes), T(test_efer_svme),
		T(test_cr0_cd_nw), T(test_cr0_high), T(test_cr3_mbz),
		T(test_cr4_mbz), T(test_dr6_high), T(test_dr7_high),
		T(test_efer_mbz), T(test_long_no_pae), T(test_long_no_pe),
		T(test_long_cs_l_d), T(test_vmrun_intercept),
		T(test_msrpm_range), T(test_iopm_range), T(test_eventinj),
		T(test_asid_zero), T(test_np_unsupported), T(test_ncr3_mbz),
		T(test_several), T(test_every_rule_has_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
