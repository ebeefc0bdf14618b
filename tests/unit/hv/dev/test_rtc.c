// SPDX-License-Identifier: MIT
/* hv/dev/rtc.c against the MC146818A data sheet and QEMU's pc_cmos_init(). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "hv/dev/rtc.h"

#define HZ	1000000ULL		/* a 1 MHz TSC: one tick per us */
#define T0	(1000000ULL * HZ)	/* any time well after TSC 0 */
#define MIB	(1024ULL * 1024)

/* 2024-02-29 23:59:58 UTC, a Thursday in a leap year. */
#define LEAP_DAY_END	1709251198LL

static struct dev_rtc r;

static uint8_t rd(unsigned int idx, uint64_t now)
{
	rtc_model_write(&r, PORT_RTC_INDEX, (uint8_t)idx, now);
	return rtc_model_read(&r, PORT_RTC_DATA, now);
}

static void wr(unsigned int idx, uint8_t v, uint64_t now)
{
	rtc_model_write(&r, PORT_RTC_INDEX, (uint8_t)idx, now);
	rtc_model_write(&r, PORT_RTC_DATA, v, now);
}

static void init_at(int64_t sec)
{
	rtc_model_init(&r, HZ, sec, T0, 16 * MIB, 0, 1);
}

/* Y, M, D, h, m, s as the registers give them in BCD, 24 h. */
static void assert_bcd(uint64_t now, unsigned int cent, unsigned int y,
		       unsigned int mo, unsigned int d, unsigned int h,
		       unsigned int mi, unsigned int s)
{
	assert_int_equal(rd(RTC_CENTURY, now), cent);
	assert_int_equal(rd(RTC_YEAR, now), y);
	assert_int_equal(rd(RTC_MONTH, now), mo);
	assert_int_equal(rd(RTC_DAY_OF_MONTH, now), d);
	assert_int_equal(rd(RTC_HOURS, now), h);
	assert_int_equal(rd(RTC_MINUTES, now), mi);
	assert_int_equal(rd(RTC_SECONDS, now), s);
}

static void test_defaults(void **state)
{
	(void)state;
	init_at(LEAP_DAY_END);
	assert_int_equal(rd(RTC_REG_A, T0), 0x26);
	assert_int_equal(rd(RTC_REG_B, T0), 0x02);
	assert_int_equal(rd(RTC_REG_C, T0), 0x00);
	assert_int_equal(rd(RTC_REG_D, T0), 0x80);
	/* The index register is write-only; QEMU reads it as all ones. */
	assert_int_equal(rtc_model_read(&r, PORT_RTC_INDEX, T0), 0xff);
	/* C and D are read-only; A's UIP too. */
	wr(RTC_REG_D, 0x00, T0);
	assert_int_equal(rd(RTC_REG_D, T0), 0x80);
	wr(RTC_REG_A, 0xa6, T0);
	assert_int_equal(rd(RTC_REG_A, T0), 0x26);
}

static void test_bcd_and_binary(void **state)
{
	(void)state;
	init_at(LEAP_DAY_END);
	assert_bcd(T0, 0x20, 0x24, 0x02, 0x29, 0x23, 0x59, 0x58);
	assert_int_equal(rd(RTC_DAY_OF_WEEK, T0), 5);	/* Thursday */
	wr(RTC_REG_B, RTC_B_24H | RTC_B_DM, T0);
	assert_int_equal(rd(RTC_CENTURY, T0), 20);
	assert_int_equal(rd(RTC_YEAR, T0), 24);
	assert_int_equal(rd(RTC_MONTH, T0), 2);
	assert_int_equal(rd(RTC_DAY_OF_MONTH, T0), 29);
	assert_int_equal(rd(RTC_HOURS, T0), 23);
	assert_int_equal(rd(RTC_MINUTES, T0), 59);
	assert_int_equal(rd(RTC_SECONDS, T0), 58);
	/* The PS/2 century byte is the century. */
	assert_int_equal(rd(RTC_PS2_CENTURY, T0), 20);
}

static void test_12_hour(void **state)
{
	(void)state;
	init_at(LEAP_DAY_END);			/* 23:59:58 */
	wr(RTC_REG_B, 0, T0);			/* 12 h, BCD */
	assert_int_equal(rd(RTC_HOURS, T0), 0x80 | 0x11);
	wr(RTC_REG_B, RTC_B_DM, T0);		/* 12 h, binary */
	assert_int_equal(rd(RTC_HOURS, T0), 0x80 | 11);
	/* Two seconds later it is midnight: 12 AM. */
	wr(RTC_REG_B, 0, T0);
	assert_int_equal(rd(RTC_HOURS, T0 + 2 * HZ), 0x12);
	/* Noon is 12 PM, 1 PM is 0x81. */
	init_at(LEAP_DAY_END + 2 + 12 * 3600);
	wr(RTC_REG_B, 0, T0);
	assert_int_equal(rd(RTC_HOURS, T0), 0x92);
	assert_int_equal(rd(RTC_HOURS, T0 + 3600 * HZ), 0x81);
	/* Setting 11 PM in 12 h mode reads 23 in 24 h mode. */
	wr(RTC_HOURS, 0x91, T0);
	wr(RTC_REG_B, RTC_B_24H, T0);
	assert_int_equal(rd(RTC_HOURS, T0), 0x23);
}

static void test_rollover(void **state)
{
	(void)state;
	init_at(LEAP_DAY_END);			/* leap year: Feb 29 -> Mar 1 */
	assert_bcd(T0 + 2 * HZ, 0x20, 0x24, 0x03, 0x01, 0x00, 0x00, 0x00);
	assert_int_equal(rd(RTC_DAY_OF_WEEK, T0 + 2 * HZ), 6);	/* Friday */
	init_at(1677628799);			/* 2023-02-28 23:59:59 */
	assert_bcd(T0 + HZ, 0x20, 0x23, 0x03, 0x01, 0x00, 0x00, 0x00);
	init_at(951782399);			/* 2000-02-28: 2000 is leap */
	assert_bcd(T0 + HZ, 0x20, 0x00, 0x02, 0x29, 0x00, 0x00, 0x00);
	init_at(4107542399);			/* 2100-02-28: 2100 is not */
	assert_bcd(T0 + HZ, 0x21, 0x00, 0x03, 0x01, 0x00, 0x00, 0x00);
	init_at(1714521599);			/* 2024-04-30: a 30-day month */
	assert_bcd(T0 + HZ, 0x20, 0x24, 0x05, 0x01, 0x00, 0x00, 0x00);
	init_at(4102444799);			/* 2099-12-31: new century */
	assert_bcd(T0 + HZ - 1, 0x20, 0x99, 0x12, 0x31, 0x23, 0x59, 0x59);
	assert_bcd(T0 + HZ, 0x21, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00);
}

static void test_uip_window(void **state)
{
	uint64_t hold = HZ * 8 / RTC_BASE_HZ;	/* 244 us */

	(void)state;
	init_at(LEAP_DAY_END);
	assert_int_equal(hold, 244);
	assert_int_equal(rd(RTC_REG_A, T0) & RTC_A_UIP, 0);
	assert_int_equal(rd(RTC_REG_A, T0 + HZ - hold - 1) & RTC_A_UIP, 0);
	assert_int_equal(rd(RTC_REG_A, T0 + HZ - hold) & RTC_A_UIP, RTC_A_UIP);
	assert_int_equal(rd(RTC_SECONDS, T0 + HZ - 1), 0x58);
	assert_int_equal(rd(RTC_REG_A, T0 + HZ - 1) & RTC_A_UIP, RTC_A_UIP);
	/* The update is done: UIP is clear, the seconds moved on. */
	assert_int_equal(rd(RTC_REG_A, T0 + HZ) & RTC_A_UIP, 0);
	assert_int_equal(rd(RTC_SECONDS, T0 + HZ), 0x59);
	/* In SET mode there are no updates and UIP stays clear. */
	wr(RTC_REG_B, RTC_B_24H | RTC_B_SET, T0 + HZ);
	assert_int_equal(rd(RTC_REG_A, T0 + 2 * HZ - 1) & RTC_A_UIP, 0);
	assert_int_equal(rd(RTC_SECONDS, T0 + 5 * HZ), 0x59);
}

static void test_reg_c(void **state)
{
	(void)state;
	init_at(LEAP_DAY_END);
	/* The alarm registers start at 00:00:00: keep midnight quiet. */
	wr(RTC_HOURS_ALARM, 0x12, T0);
	assert_int_equal(rd(RTC_REG_C, T0 + HZ / 2), 0);
	/* An update sets UF (UIE off: no IRQF); reading C clears it. */
	assert_int_equal(rd(RTC_REG_C, T0 + HZ), RTC_C_UF);
	assert_int_equal(rd(RTC_REG_C, T0 + HZ), 0);
	/* With UIE, the update interrupts. */
	wr(RTC_REG_B, RTC_B_24H | RTC_B_UIE, T0 + HZ);
	assert_int_equal(rtc_deadline(&r), T0 + 2 * HZ);
	assert_false(rtc_update(&r, T0 + 2 * HZ - 1));
	assert_true(rtc_update(&r, T0 + 2 * HZ));
	assert_int_equal(rtc_deadline(&r), 0);	/* until C is read */
	assert_int_equal(rd(RTC_REG_C, T0 + 2 * HZ), RTC_C_IRQF | RTC_C_UF);
	assert_false(rtc_irq_level(&r));
	/* A flag already set when its enable comes on interrupts at once. */
	wr(RTC_REG_B, RTC_B_24H, T0 + 2 * HZ);
	rtc_update(&r, T0 + 3 * HZ);
	wr(RTC_REG_B, RTC_B_24H | RTC_B_UIE, T0 + 3 * HZ);
	assert_true(rtc_irq_level(&r));
	assert_int_equal(rd(RTC_REG_C, T0 + 3 * HZ), RTC_C_IRQF | RTC_C_UF);
}

static void test_periodic(void **state)
{
	(void)state;
	init_at(LEAP_DAY_END);
	/* Rate 6 is 1024 Hz; without PIE, QEMU sets no PF. */
	assert_int_equal(rd(RTC_REG_C, T0 + HZ / 2) & RTC_C_PF, 0);
	wr(RTC_REG_B, RTC_B_24H | RTC_B_PIE, T0 + HZ / 2);
	/* 512 periods of 32 ticks: the next at tick 16416, TSC + 500977. */
	assert_int_equal(rtc_deadline(&r), T0 + 500977);
	assert_false(rtc_update(&r, T0 + 500976));
	assert_true(rtc_update(&r, T0 + 500977));
	assert_int_equal(rd(RTC_REG_C, T0 + 500977), RTC_C_IRQF | RTC_C_PF);
	/* Rate 1 is 256 Hz (not 32768 Hz): 128 ticks. */
	wr(RTC_REG_A, 0x21, T0 + HZ / 2);
	assert_int_equal(rtc_deadline(&r), T0 + 503907);
	/* SET stops the updates, not the divider's periodic flag. */
	wr(RTC_REG_B, RTC_B_24H | RTC_B_PIE | RTC_B_SET, T0 + HZ / 2);
	assert_int_equal(rtc_deadline(&r), T0 + 503907);
	assert_true(rtc_update(&r, T0 + 503907));
	assert_int_equal(rd(RTC_REG_C, T0 + 2 * HZ), RTC_C_IRQF | RTC_C_PF);
	wr(RTC_REG_A, 0x20, T0 + 2 * HZ);	/* rate 0: none */
	assert_int_equal(rtc_deadline(&r), 0);
	/* A divider held in reset gives no flags at all. */
	wr(RTC_REG_A, 0x66, T0 + 2 * HZ);
	assert_int_equal(rtc_deadline(&r), 0);
	assert_int_equal(rd(RTC_REG_C, T0 + 9 * HZ), 0);
}

static void test_alarm(void **state)
{
	(void)state;
	init_at(LEAP_DAY_END);			/* 23:59:58 */
	wr(RTC_HOURS_ALARM, 0x00, T0);
	wr(RTC_MINUTES_ALARM, 0x00, T0);
	wr(RTC_SECONDS_ALARM, 0x01, T0);
	wr(RTC_REG_B, RTC_B_24H | RTC_B_AIE, T0);
	assert_int_equal(rtc_deadline(&r), T0 + 3 * HZ);	/* 00:00:01 */
	assert_int_equal(rd(RTC_REG_C, T0 + 2 * HZ), RTC_C_UF);
	assert_int_equal(rd(RTC_REG_C, T0 + 3 * HZ),
			 RTC_C_IRQF | RTC_C_AF | RTC_C_UF);
	/* A missed alarm still sets AF when the guest looks much later. */
	rd(RTC_REG_C, T0 + 4 * HZ);
	assert_int_equal(rd(RTC_REG_C, T0 + (4 + 86400) * HZ),
			 RTC_C_IRQF | RTC_C_AF | RTC_C_UF);
	/* "Don't care" seconds: every second. */
	wr(RTC_SECONDS_ALARM, RTC_ALARM_DONT_CARE, T0 + (4 + 86400) * HZ);
	wr(RTC_MINUTES_ALARM, RTC_ALARM_DONT_CARE, T0 + (4 + 86400) * HZ);
	wr(RTC_HOURS_ALARM, RTC_ALARM_DONT_CARE, T0 + (4 + 86400) * HZ);
	assert_int_equal(rtc_deadline(&r), T0 + (5 + 86400) * HZ);
	/* An alarm that cannot match (minute 0x61) never goes off. */
	wr(RTC_MINUTES_ALARM, 0x61, T0 + (4 + 86400) * HZ);
	wr(RTC_REG_B, RTC_B_24H | RTC_B_AIE, T0 + (4 + 86400) * HZ);
	assert_int_equal(rtc_deadline(&r), 0);
	assert_int_equal(rd(RTC_REG_C, T0 + (4 + 3 * 86400) * HZ), RTC_C_UF);
}

static void test_nmi_bit(void **state)
{
	(void)state;
	init_at(LEAP_DAY_END);
	rtc_model_write(&r, PORT_RTC_INDEX, 0x80 | RTC_REG_D, T0);
	assert_true(r.nmi_masked);
	assert_int_equal(r.index, RTC_REG_D);
	assert_int_equal(rtc_model_read(&r, PORT_RTC_DATA, T0), 0x80);
	rtc_model_write(&r, PORT_RTC_INDEX, 0x80 | 0x40, T0);
	rtc_model_write(&r, PORT_RTC_DATA, 0x5a, T0);
	rtc_model_write(&r, PORT_RTC_INDEX, 0x40, T0);
	assert_false(r.nmi_masked);
	assert_int_equal(rtc_model_read(&r, PORT_RTC_DATA, T0), 0x5a);
}

static void test_set_mode(void **state)
{
	struct dev_rtc other;

	(void)state;
	init_at(LEAP_DAY_END);
	other = r;
	/* 2026-12-03 12:00:00 (BCD, 24 h), set half a second in. */
	wr(RTC_REG_B, RTC_B_24H | RTC_B_SET | RTC_B_UIE, T0 + HZ / 2);
	assert_int_equal(rd(RTC_REG_B, T0 + HZ / 2), RTC_B_24H | RTC_B_SET);
	wr(RTC_CENTURY, 0x20, T0 + HZ / 2);
	wr(RTC_YEAR, 0x26, T0 + HZ / 2);
	wr(RTC_MONTH, 0x12, T0 + HZ / 2);
	wr(RTC_DAY_OF_MONTH, 0x03, T0 + HZ / 2);
	wr(RTC_HOURS, 0x12, T0 + HZ / 2);
	wr(RTC_MINUTES, 0x00, T0 + HZ / 2);
	wr(RTC_SECONDS, 0x00, T0 + 7 * HZ);	/* the clock stood still */
	assert_int_equal(rd(RTC_SECONDS, T0 + 8 * HZ), 0x00);
	wr(RTC_REG_B, RTC_B_24H, T0 + 8 * HZ + HZ / 2);
	/* The divider kept its phase: the next update is at T0 + 9 s. */
	assert_bcd(T0 + 9 * HZ - 1, 0x20, 0x26, 0x12, 0x03, 0x12, 0x00, 0x00);
	assert_bcd(T0 + 9 * HZ, 0x20, 0x26, 0x12, 0x03, 0x12, 0x00, 0x01);
	assert_int_equal(rd(RTC_DAY_OF_WEEK, T0 + 9 * HZ), 5);	/* Thursday */
	/* Another VM's clock does not move. */
	r = other;
	assert_bcd(T0 + 9 * HZ, 0x20, 0x24, 0x03, 0x01, 0x00, 0x00, 0x07);
	/* A write while running sets that field at once. */
	wr(RTC_MINUTES, 0x30, T0 + 9 * HZ);
	assert_bcd(T0 + 9 * HZ, 0x20, 0x24, 0x03, 0x01, 0x00, 0x30, 0x07);
}

static void test_divider_reset(void **state)
{
	(void)state;
	init_at(LEAP_DAY_END);
	wr(RTC_REG_A, 0x76, T0 + HZ / 4);	/* reset the divider chain */
	assert_int_equal(rd(RTC_SECONDS, T0 + 5 * HZ), 0x58);
	assert_int_equal(rd(RTC_REG_A, T0 + 5 * HZ) & RTC_A_UIP, 0);
	wr(RTC_REG_A, 0x26, T0 + 5 * HZ);
	/* The first update comes half a second later. */
	assert_int_equal(rd(RTC_SECONDS, T0 + 5 * HZ + HZ / 2 - 1), 0x58);
	assert_int_equal(rd(RTC_SECONDS, T0 + 5 * HZ + HZ / 2), 0x59);
}

static void assert_mem(uint64_t below, uint64_t above, const uint8_t want[11])
{
	static const uint8_t at[] = { 0x15, 0x16, 0x17, 0x18, 0x30, 0x31,
				      0x34, 0x35, 0x5b, 0x5c, 0x5d };

	rtc_model_init(&r, HZ, LEAP_DAY_END, T0, below, above, 1);
	for (unsigned int i = 0; i < sizeof(at); i++)
		assert_int_equal(rd(at[i], T0), want[i]);
}

static void test_memory_bytes(void **state)
{
	(void)state;
	/* 16 MiB: 640 KiB base, 15 MiB extended (0x3c00 KiB), none above. */
	assert_mem(16 * MIB, 0, (const uint8_t[]){ 0x80, 0x02, 0x00, 0x3c,
		   0x00, 0x3c, 0x00, 0x00, 0, 0, 0 });
	/* 256 MiB: extended is capped at 0xffff KiB; 240 MiB / 64 KiB. */
	assert_mem(256 * MIB, 0, (const uint8_t[]){ 0x80, 0x02, 0xff, 0xff,
		   0xff, 0xff, 0x00, 0x0f, 0, 0, 0 });
	/* 4 GiB on a pc machine: 3.5 GiB below 4 GiB, 0.5 GiB above. */
	assert_mem(0xe0000000, 512 * MIB, (const uint8_t[]){ 0x80, 0x02,
		   0xff, 0xff, 0xff, 0xff, 0x00, 0xdf, 0x00, 0x20, 0x00 });
	/* 512 KiB: less than 640 KiB of base memory, no extended. */
	assert_mem(512 * 1024, 0, (const uint8_t[]){ 0x00, 0x02, 0, 0, 0, 0,
		   0, 0, 0, 0, 0 });
	assert_int_equal(rd(0x5f, T0), 0);	/* one CPU */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_bcd_and_binary),
		cmocka_unit_test(test_12_hour),
		cmocka_unit_test(test_rollover),
		cmocka_unit_test(test_uip_window),
		cmocka_unit_test(test_reg_c),
		cmocka_unit_test(test_periodic),
		cmocka_unit_test(test_alarm),
		cmocka_unit_test(test_nmi_bit),
		cmocka_unit_test(test_set_mode),
		cmocka_unit_test(test_divider_reset),
		cmocka_unit_test(test_memory_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
