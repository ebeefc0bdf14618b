// SPDX-License-Identifier: MIT
/*
 * hv/dev/reset.c: the reset ports as QEMU's pc machine decodes them
 * (hw/isa/piix3.c rcr_write, hw/i386/port92.c); the 8042's are test_i8042.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>

#include "hv/dev/reset.h"

static struct dev_reset r;

static int setup(void **state)
{
	(void)state;
	reset_model_init(&r);
	return 0;
}

static void test_cf9_bit2_resets(void **state)
{
	(void)state;
	reset_model_write(&r, PORT_RESET_CONTROL, 0x02);	/* hard reset, no go */
	assert_false(r.requested);
	assert_int_equal(reset_model_read(&r, PORT_RESET_CONTROL), 0x02);
	reset_model_write(&r, PORT_RESET_CONTROL, 0x06);
	assert_true(r.requested);
	assert_string_equal(r.how, "port 0xcf9");
}

static void test_cf9_keeps_only_bit1(void **state)
{
	(void)state;
	reset_model_write(&r, PORT_RESET_CONTROL, 0xfb);
	assert_false(r.requested);
	assert_int_equal(reset_model_read(&r, PORT_RESET_CONTROL), 0x02);
}

static void test_port92_rising_bit0(void **state)
{
	(void)state;
	assert_int_equal(reset_model_read(&r, PORT_SYSCTL_A), 0x02);	/* A20 on */
	reset_model_write(&r, PORT_SYSCTL_A, 0x02);
	assert_false(r.requested);
	reset_model_write(&r, PORT_SYSCTL_A, 0x03);
	assert_true(r.requested);
	assert_string_equal(r.how, "port 0x92");
}

static void test_port92_no_edge_no_reset(void **state)
{
	(void)state;
	r.sysctl_a = 0x03;		/* bit 0 already high: no rising edge */
	reset_model_write(&r, PORT_SYSCTL_A, 0x03);
	assert_false(r.requested);
}

static void test_first_reason_kept(void **state)
{
	(void)state;
	reset_model_write(&r, PORT_SYSCTL_A, 0x03);
	reset_model_write(&r, PORT_RESET_CONTROL, 0x06);
	assert_string_equal(r.how, "port 0x92");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cf9_bit2_resets, setup),
		cmocka_unit_test_setup(test_cf9_keeps_only_bit1, setup),
		cmocka_unit_test_setup(test_port92_rising_bit0, setup),
		cmocka_unit_test_setup(test_port92_no_edge_no_reset, setup),
		cmocka_unit_test_setup(test_first_reason_kept, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
