// SPDX-License-Identifier: MIT
/*
 * arch/x86/svm/svm_pm.c: the I/O and MSR permission maps (AMD APM vol. 2,
 * 15.10.1 and 15.11, Table 15-5), checked bit by bit at the offsets the
 * APM gives, not through the builder's own lookup alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "arch/x86/svm/svm_pm.h"

static uint8_t iopm[SVM_IOPM_SIZE + 16], msrpm[SVM_MSRPM_SIZE + 16];

static void test_sizes(void **state)
{
	(void)state;
	assert_int_equal(SVM_IOPM_SIZE, 12288);
	assert_int_equal(SVM_MSRPM_SIZE, 8192);
}

static void test_iopm_all_ports_exit(void **state)
{
	(void)state;
	memset(iopm, 0, sizeof(iopm));
	svm_iopm_init(iopm);
	for (uint32_t p = 0; p < 0x10000; p++)
		assert_true(svm_iopm_intercepts(iopm, (uint16_t)p, 1));
	assert_true(svm_iopm_intercepts(iopm, 0xffff, 4));	/* wraps */
	assert_int_equal(iopm[SVM_IOPM_SIZE], 0);		/* no overrun */
}

static void test_iopm_any_byte_of_the_access(void **state)
{
	(void)state;
	svm_iopm_init(iopm);
	iopm[0x3f8 / 8] = 0;			/* ports 0x3f8-0x3ff free */
	assert_false(svm_iopm_intercepts(iopm, 0x3f8, 4));
	assert_false(svm_iopm_intercepts(iopm, 0x3fc, 4));
	assert_true(svm_iopm_intercepts(iopm, 0x3fe, 4));	/* 0x400 */
	assert_true(svm_iopm_intercepts(iopm, 0x3f7, 2));	/* 0x3f7 */
}

/* Table 15-5: byte offset and bit of an MSR's read bit. */
static void expect_cleared(uint32_t msr, size_t byte, unsigned int bit)
{
	memset(msrpm, 0, sizeof(msrpm));
	svm_msrpm_init(msrpm);
	assert_int_equal(svm_msrpm_passthrough(msrpm, msr), 0);
	for (size_t i = 0; i < SVM_MSRPM_SIZE; i++)
		assert_int_equal(msrpm[i], i == byte ?
				 (uint8_t)~(3u << bit) : 0xff);
	assert_false(svm_msrpm_intercepts(msrpm, msr, false));
	assert_false(svm_msrpm_intercepts(msrpm, msr, true));
	assert_true(svm_msrpm_intercepts(msrpm, msr + 1, false));
	assert_int_equal(msrpm[SVM_MSRPM_SIZE], 0);
}

static void test_msrpm_ranges(void **state)
{
	(void)state;
	expect_cleared(0x00000000, 0x000, 0);
	expect_cleared(0x00000277, 0x277 / 4, (0x277 % 4) * 2);	/* PAT */
	expect_cleared(0x00001fff, 0x7ff, 6);
	expect_cleared(0xc0000080, 0x800 + 0x80 / 4, 0);		/* EFER */
	expect_cleared(0xc0000102, 0x800 + 0x102 / 4, 4);	/* KERNEL_GS */
	expect_cleared(0xc0010117, 0x1000 + 0x117 / 4, 6);	/* HSAVE_PA */
	expect_cleared(0xc0011fff, 0x17ff, 6);
}

static void test_msrpm_read_only(void **state)
{
	(void)state;
	svm_msrpm_init(msrpm);
	assert_int_equal(svm_msrpm_passthrough_read(msrpm, 0xc0000100), 0);
	/* FS_BASE: byte 0x800 + 0x100 / 4, bits 0 (read) and 1 (write). */
	assert_int_equal(msrpm[0x840], 0xfe);
	assert_false(svm_msrpm_intercepts(msrpm, 0xc0000100, false));
	assert_true(svm_msrpm_intercepts(msrpm, 0xc0000100, true));
	assert_int_equal(svm_msrpm_passthrough_read(msrpm, 0x40000000), -1);
}

static void test_msrpm_outside_ranges(void **state)
{
	(void)state;
	svm_msrpm_init(msrpm);
	assert_int_equal(svm_msrpm_passthrough(msrpm, 0x2000), -1);
	assert_int_equal(svm_msrpm_passthrough(msrpm, 0xc0002000), -1);
	assert_int_equal(svm_msrpm_passthrough(msrpm, 0x40000000), -1);
	assert_true(svm_msrpm_intercepts(msrpm, 0x40000000, false));
	for (size_t i = 0; i < SVM_MSRPM_SIZE; i++)
		assert_int_equal(msrpm[i], 0xff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_iopm_all_ports_exit),
		cmocka_unit_test(test_iopm_any_byte_of_the_access),
		cmocka_unit_test(test_msrpm_ranges),
		cmocka_unit_test(test_msrpm_read_only),
		cmocka_unit_test(test_msrpm_outside_ranges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
