// SPDX-License-Identifier: MIT
/*
 * hv/dev/acpi_pm.c against ACPI 6.4 4.8 (PM1 event and control blocks,
 * PM timer) and what Linux and ACPICA do with them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>

#include "hv/acpi/acpi.h"
#include "hv/dev/acpi_pm.h"

#define T0	1000000ull		/* the VM's start, in TSC ticks */
#define HZ	2603562000ull		/* a TSC rate QEMU's TCG gave */

static struct dev_acpi_pm pm;

static int setup(void **state)
{
	(void)state;
	acpi_pm_model_init(&pm, HZ, T0);
	return 0;
}

static uint32_t tmr(uint64_t now)
{
	return acpi_pm_model_read(&pm, ACPI_PM_TMR_PORT, 4, now);
}

/* 3.579545 MHz from the TSC: exact at whole seconds, floor in between. */
static void test_timer_rate(void **state)
{
	(void)state;
	assert_int_equal(tmr(T0), 0);
	assert_int_equal(acpi_pm_ticks(&pm, T0 + HZ), 3579545);
	assert_int_equal(acpi_pm_ticks(&pm, T0 + 7 * HZ), 7 * 3579545ull);
	/* 1 ms: 3579.545 ticks. */
	assert_int_equal(acpi_pm_ticks(&pm, T0 + HZ / 1000), 3579);
	/* One tick takes HZ / 3579545 = 727.3 TSC ticks. */
	assert_int_equal(acpi_pm_ticks(&pm, T0 + 727), 0);
	assert_int_equal(acpi_pm_ticks(&pm, T0 + 728), 1);
	/* A day of uptime does not overflow: 86400 s * 3579545. */
	assert_int_equal(acpi_pm_ticks(&pm, T0 + 86400 * HZ + HZ / 2),
			 86400ull * 3579545 + 3579545 / 2);
	/* Another rate, as the hypervisor states it under Bochs. */
	acpi_pm_model_init(&pm, 50000000, 0);
	assert_int_equal(acpi_pm_ticks(&pm, 50000000), 3579545);
	assert_int_equal(acpi_pm_ticks(&pm, 5000000), 357954);
	acpi_pm_model_init(&pm, 0, 0);			/* no rate: stands */
	assert_int_equal(acpi_pm_ticks(&pm, 12345), 0);
}

/* 24 bits: wraps every 2^24 / 3579545 = 4.69 s; bits 24-31 read 0. */
static void test_timer_wraps(void **state)
{
	uint64_t wrap = (1ull << 24) * HZ / 3579545 + 1;

	(void)state;
	assert_int_equal(tmr(T0 + wrap - 1000), 0xffffff - 1);
	assert_int_equal(tmr(T0 + wrap), 0);
	assert_int_equal(tmr(T0 + wrap + HZ) , 3579545);
	assert_int_equal(tmr(T0 + 10 * HZ), 10 * 3579545ull & 0xffffff);
}

/* Read-only; byte and word reads give the parts of the same instant. */
static void test_timer_access(void **state)
{
	uint64_t now = T0 + 3 * HZ + 12345;
	uint32_t v = tmr(now);

	(void)state;
	acpi_pm_model_write(&pm, ACPI_PM_TMR_PORT, 4, 0, now);
	acpi_pm_model_write(&pm, ACPI_PM_TMR_PORT, 1, 0x55, now);
	assert_int_equal(tmr(now), v);
	for (int i = 0; i < 4; i++)
		assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM_TMR_PORT + i, 1,
						    now), v >> (8 * i) & 0xff);
	assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM_TMR_PORT + 2, 2, now),
			 v >> 16);
	/* 0x606-0x607 are not a register; past the block: all ones. */
	assert_int_equal(acpi_pm_model_read(&pm, 0x606, 2, now), 0xffff);
	assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM_TMR_PORT + 2, 4, now),
			 0xffff0000 | v >> 16);
}

/* TMR_STS: set when bit 23 changes (every 2.34 s), write 1 to clear. */
static void test_tmr_sts(void **state)
{
	uint64_t half = (1ull << 23) * HZ / 3579545 + 1;	/* bit 23 sets */

	(void)state;
	assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM1A_EVT_PORT, 2,
					    T0 + half - 1000), 0);
	assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM1A_EVT_PORT, 2,
					    T0 + half), ACPI_PM1_TMR_STS);
	/* Writing 0 leaves it; writing 1 clears it. */
	acpi_pm_model_write(&pm, ACPI_PM1A_EVT_PORT, 2, 0, T0 + half);
	assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM1A_EVT_PORT, 2,
					    T0 + half), ACPI_PM1_TMR_STS);
	acpi_pm_model_write(&pm, ACPI_PM1A_EVT_PORT, 2, 0xffff, T0 + half);
	assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM1A_EVT_PORT, 2,
					    T0 + 2 * half - 1000), 0);
	/* Bit 23 clears again at the wrap: set once more. */
	assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM1A_EVT_PORT, 2,
					    T0 + 2 * half), ACPI_PM1_TMR_STS);
	/* The SCI only with TMR_EN. */
	assert_false(acpi_pm_sci(&pm, T0 + 2 * half));
	acpi_pm_model_write(&pm, ACPI_PM1A_EVT_PORT + 2, 2, ACPI_PM1_TMR_EN,
			    T0);
	assert_true(acpi_pm_sci(&pm, T0 + 2 * half));
	acpi_pm_model_write(&pm, ACPI_PM1A_EVT_PORT, 1, 1, T0 + 2 * half);
	assert_false(acpi_pm_sci(&pm, T0 + 2 * half));
}

/* PM1_EN keeps its defined bits; ACPICA reads back what it wrote. */
static void test_pm1_en(void **state)
{
	(void)state;
	acpi_pm_model_write(&pm, ACPI_PM1A_EVT_PORT + 2, 2, 0xffff, T0);
	assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM1A_EVT_PORT + 2, 2, T0),
			 0x4721);
	acpi_pm_model_write(&pm, ACPI_PM1A_EVT_PORT + 3, 1, 0, T0);
	assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM1A_EVT_PORT + 2, 2, T0),
			 0x21);
	/* A 32-bit write of the event block: status, then enable. */
	acpi_pm_model_write(&pm, ACPI_PM1A_EVT_PORT, 4, 0x01000000, T0);
	assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM1A_EVT_PORT, 4, T0),
			 0x01000000);
}

/* SCI_EN reads 1 whatever is written: no SMI_CMD, always ACPI mode. */
static void test_pm1_cnt(void **state)
{
	(void)state;
	assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM1A_CNT_PORT, 2, T0), 1);
	acpi_pm_model_write(&pm, ACPI_PM1A_CNT_PORT, 2, 0, T0);
	assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM1A_CNT_PORT, 2, T0), 1);
	/* SLP_TYP and BM_RLD stay; GBL_RLS, SLP_EN, reserved read 0. */
	acpi_pm_model_write(&pm, ACPI_PM1A_CNT_PORT, 2, (0xdffe & ~0x1c00u) |
			    3 << 10, T0);
	assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM1A_CNT_PORT, 2, T0),
			 3 << 10 | 2 | 1);
	assert_false(pm.off);
}

/*
 * ACPICA's acpi_hw_legacy_sleep(5): SLP_TYP first, then SLP_TYP | SLP_EN,
 * 16-bit writes; \_S5 names SLP_TYP 0 (as QEMU's PIIX4 takes it).
 */
static void test_linux_poweroff(void **state)
{
	(void)state;
	assert_int_equal(ACPI_S5_SLP_TYP, 0);
	acpi_pm_model_write(&pm, ACPI_PM1A_CNT_PORT, 2, 1, T0);
	assert_false(pm.off);
	acpi_pm_model_write(&pm, ACPI_PM1A_CNT_PORT, 2, 1 | 1 << 13, T0);
	assert_true(pm.off);
}

/* Byte writes: the high byte carries SLP_TYP and SLP_EN together. */
static void test_poweroff_bytes(void **state)
{
	(void)state;
	acpi_pm_model_write(&pm, ACPI_PM1A_CNT_PORT + 1, 1, 0x20, T0);
	assert_true(pm.off);
}

/* SLP_EN with a type no \_Sx names does nothing, nor SLP_TYP alone. */
static void test_other_sleep_types(void **state)
{
	(void)state;
	for (unsigned int typ = 1; typ < 8; typ++) {
		acpi_pm_model_write(&pm, ACPI_PM1A_CNT_PORT, 2,
				    typ << 10 | 1 << 13, T0);
		assert_false(pm.off);
		assert_int_equal(acpi_pm_model_read(&pm, ACPI_PM1A_CNT_PORT, 2,
						    T0), typ << 10 | 1);
	}
	acpi_pm_model_write(&pm, ACPI_PM1A_CNT_PORT, 2, 0, T0);
	assert_false(pm.off);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_timer_rate, setup),
		cmocka_unit_test_setup(test_timer_wraps, setup),
		cmocka_unit_test_setup(test_timer_access, setup),
		cmocka_unit_test_setup(test_tmr_sts, setup),
		cmocka_unit_test_setup(test_pm1_en, setup),
		cmocka_unit_test_setup(test_pm1_cnt, setup),
		cmocka_unit_test_setup(test_linux_poweroff, setup),
		cmocka_unit_test_setup(test_poweroff_bytes, setup),
		cmocka_unit_test_setup(test_other_sleep_types, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
