// SPDX-License-Identifier: MIT
/*
 * arch/x86/svm/svm_names.c: #VMEXIT code names (AMD APM vol. 2, Appendix
 * C) by the reason number the core sees (svm_reason() in vmcb.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arch/x86/svm/svm.h"

static void test_appendix_c_codes(void **state)
{
	(void)state;
	/* The numbers as Appendix C gives them, not the header's names. */
	assert_string_equal(svm_exit_reason_name(0x000), "READ_CR0");
	assert_string_equal(svm_exit_reason_name(0x010), "WRITE_CR0");
	assert_string_equal(svm_exit_reason_name(0x014), "WRITE_CR4");
	assert_string_equal(svm_exit_reason_name(0x018), "WRITE_CR8");
	assert_string_equal(svm_exit_reason_name(0x04e), "EXCP_PF");
	assert_string_equal(svm_exit_reason_name(0x052), "EXCP_MC");
	assert_string_equal(svm_exit_reason_name(0x060), "INTR");
	assert_string_equal(svm_exit_reason_name(0x064), "VINTR");
	assert_string_equal(svm_exit_reason_name(0x072), "CPUID");
	assert_string_equal(svm_exit_reason_name(0x078), "HLT");
	assert_string_equal(svm_exit_reason_name(0x07b), "IOIO");
	assert_string_equal(svm_exit_reason_name(0x07c), "MSR");
	assert_string_equal(svm_exit_reason_name(0x07f), "SHUTDOWN");
	assert_string_equal(svm_exit_reason_name(0x080), "VMRUN");
	assert_string_equal(svm_exit_reason_name(0x081), "VMMCALL");
	assert_string_equal(svm_exit_reason_name(0x08d), "XSETBV");
}

static void test_folded_codes(void **state)
{
	(void)state;
	assert_int_equal(svm_reason(0x400), SVM_REASON_NPF);
	assert_string_equal(svm_exit_reason_name(svm_reason(0x400)), "NPF");
	assert_int_equal(svm_reason(0xffffffffffffffffULL), SVM_REASON_INVALID);
	assert_string_equal(svm_exit_reason_name(svm_reason(-1ULL)), "INVALID");
	assert_int_equal(svm_reason(0x72), 0x72);
	/* AVIC and others above 0x100: one slot, not a wrong name. */
	assert_string_equal(svm_exit_reason_name(svm_reason(0x401)), "OTHER");
	/* The folded slots are codes no CPU reports below 0x100. */
	assert_true(SVM_REASON_NPF > SVM_EXIT_TLBSYNC);
}

static void test_unknown(void **state)
{
	(void)state;
	assert_string_equal(svm_exit_reason_name(0x0f1), "UNKNOWN");
	assert_string_equal(svm_exit_reason_name(0x1000), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_appendix_c_codes),
		cmocka_unit_test(test_folded_codes),
		cmocka_unit_test(test_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
