// SPDX-License-Identifier: MIT
/* hv/dev/acpi_sleep.c against ACPI 6.4 4.8.3.7 and what Linux writes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>

#include "hv/acpi/acpi.h"
#include "hv/dev/acpi_sleep.h"

static struct dev_acpi_sleep s;

static int setup(void **state)
{
	(void)state;
	acpi_sleep_model_init(&s);
	return 0;
}

/* ACPICA's acpi_hw_extended_sleep(5): clear WAK_STS, then SLP_TYP|SLP_EN. */
static void test_linux_poweroff(void **state)
{
	(void)state;
	acpi_sleep_model_write(&s, ACPI_SLEEP_STATUS_PORT, 0x80);
	assert_false(s.off);
	acpi_sleep_model_write(&s, ACPI_SLEEP_CONTROL_PORT, 5 << 2 | 0x20);
	assert_true(s.off);
}

static void test_type_without_enable(void **state)
{
	(void)state;
	acpi_sleep_model_write(&s, ACPI_SLEEP_CONTROL_PORT, 5 << 2);
	assert_false(s.off);
	/* SLP_TYP reads back, SLP_EN and the reserved bits read 0. */
	assert_int_equal(acpi_sleep_model_read(&s, ACPI_SLEEP_CONTROL_PORT),
			 5 << 2);
	acpi_sleep_model_write(&s, ACPI_SLEEP_CONTROL_PORT, 0xff & ~0x20);
	assert_int_equal(acpi_sleep_model_read(&s, ACPI_SLEEP_CONTROL_PORT),
			 7 << 2);
	assert_false(s.off);
}

static void test_other_sleep_states(void **state)
{
	(void)state;
	for (unsigned int typ = 0; typ < 8; typ++) {
		if (typ == ACPI_S5_SLP_TYP)
			continue;
		acpi_sleep_model_write(&s, ACPI_SLEEP_CONTROL_PORT,
				       (uint8_t)(typ << 2 | 0x20));
		assert_false(s.off);
	}
	/* The type is taken from the same write as SLP_EN. */
	acpi_sleep_model_write(&s, ACPI_SLEEP_CONTROL_PORT, 5 << 2);
	acpi_sleep_model_write(&s, ACPI_SLEEP_CONTROL_PORT, 0x20);
	assert_false(s.off);
}

static void test_status(void **state)
{
	(void)state;
	assert_int_equal(acpi_sleep_model_read(&s, ACPI_SLEEP_STATUS_PORT), 0);
	acpi_sleep_model_write(&s, ACPI_SLEEP_STATUS_PORT, 0xff);
	assert_int_equal(acpi_sleep_model_read(&s, ACPI_SLEEP_STATUS_PORT), 0);
	/* A write of SLP_EN to the status register is not a sleep. */
	acpi_sleep_model_write(&s, ACPI_SLEEP_STATUS_PORT, 5 << 2 | 0x20);
	assert_false(s.off);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_linux_poweroff, setup),
		cmocka_unit_test_setup(test_type_without_enable, setup),
		cmocka_unit_test_setup(test_other_sleep_states, setup),
		cmocka_unit_test_setup(test_status, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
