/* SPDX-License-Identifier: MIT */
/*
 * The CMOS RAM and real-time clock a guest sees, a Motorola MC146818A as
 * a PC wires it (and QEMU's hw/rtc/mc146818rtc.c models it): port 0x70
 * takes the index (bits 0-6) and the NMI mask (bit 7, kept apart), port
 * 0x71 reads and writes the byte at that index, of 128.
 *
 *   0x00-0x09  seconds, alarm, minutes, alarm, hours, alarm, day of the
 *              week, day of the month, month, year; BCD or binary (B.DM),
 *              12 h hours with the PM bit 7 or 24 h (B.24/12)
 *   0x0a (A)   UIP (bit 7, read only), divider (bits 4-6), rate (0-3)
 *   0x0b (B)   SET, PIE, AIE, UIE, SQWE, DM, 24/12, DSE
 *   0x0c (C)   IRQF, PF, AF, UF: read only, cleared by a read
 *   0x0d (D)   VRT (the battery is good), read only
 *   0x32       century (BCD or binary, as the other fields); 0x37, the
 *              IBM PS/2 century byte, is the same byte, as in QEMU
 *   the rest   RAM; the memory-size bytes QEMU's pc_cmos_init() puts
 *              there for the BIOS (0x15/0x16 base, 0x17/0x18 = 0x30/0x31
 *              extended, 0x34/0x35 above 16 MiB, 0x5b-0x5d above 4 GiB,
 *              0x5f CPUs - 1)
 *
 * Time comes from the host TSC: the clock is a count of seconds whose
 * boundaries fall @tsc_hz ticks apart from @tsc0. Nothing runs between
 * accesses; every access first brings the flags in C up to date. UIP is
 * set for the last 244 us (8 periods of 32.768 kHz) before each update,
 * as the MC146818A data sheet ("Update cycle") and QEMU have it. As in
 * QEMU, PF is only set while PIE is (the data sheet sets it regardless).
 * Square-wave output and daylight saving (DSE) are not modelled.
 */
#ifndef HV_DEV_RTC_H
#define HV_DEV_RTC_H

#include <stdbool.h>
#include <stdint.h>

#define PORT_RTC_INDEX	0x70
#define PORT_RTC_DATA	0x71
#define RTC_IRQ		8

#define RTC_CMOS_SIZE	128

#define RTC_SECONDS		0x00
#define RTC_SECONDS_ALARM	0x01
#define RTC_MINUTES		0x02
#define RTC_MINUTES_ALARM	0x03
#define RTC_HOURS		0x04
#define RTC_HOURS_ALARM		0x05
#define RTC_DAY_OF_WEEK		0x06
#define RTC_DAY_OF_MONTH	0x07
#define RTC_MONTH		0x08
#define RTC_YEAR		0x09
#define RTC_REG_A		0x0a
#define RTC_REG_B		0x0b
#define RTC_REG_C		0x0c
#define RTC_REG_D		0x0d
#define RTC_CENTURY		0x32
#define RTC_PS2_CENTURY		0x37

#define RTC_A_UIP	0x80
#define RTC_A_DV	0x70	/* 0x20: 32.768 kHz time base, running */
#define RTC_A_RS	0x0f
#define RTC_B_SET	0x80
#define RTC_B_PIE	0x40
#define RTC_B_AIE	0x20
#define RTC_B_UIE	0x10
#define RTC_B_SQWE	0x08
#define RTC_B_DM	0x04	/* binary, not BCD */
#define RTC_B_24H	0x02
#define RTC_B_DSE	0x01
#define RTC_C_IRQF	0x80
#define RTC_C_PF	0x40
#define RTC_C_AF	0x20
#define RTC_C_UF	0x10
#define RTC_D_VRT	0x80
#define RTC_ALARM_DONT_CARE	0xc0

#define RTC_BASE_HZ	32768u

struct dev_rtc {
	uint8_t cmos[RTC_CMOS_SIZE];
	uint8_t index;
	bool nmi_masked;	/* port 0x70 bit 7 */
	uint64_t tsc_hz;
	int64_t sec0;		/* the clock at tsc0: seconds since 1970 */
	uint64_t tsc0;		/* a second boundary of this guest's clock */
	uint64_t flags_tsc;	/* C is up to date until here */
};

/*
 * A clock showing @host_sec (seconds since 1970-01-01 00:00 UTC) at TSC
 * @host_tsc, and the memory of a PC with @below_4g bytes of RAM under
 * 4 GiB, @above_4g above, and @cpus CPUs.
 */
void rtc_model_init(struct dev_rtc *r, uint64_t tsc_hz, int64_t host_sec,
		    uint64_t host_tsc, uint64_t below_4g, uint64_t above_4g,
		    unsigned int cpus);
uint8_t rtc_model_read(struct dev_rtc *r, uint16_t port, uint64_t now);
void rtc_model_write(struct dev_rtc *r, uint16_t port, uint8_t value,
		     uint64_t now);

/* Bring C up to @now; returns the level of IRQ 8 (C.IRQF). */
bool rtc_update(struct dev_rtc *r, uint64_t now);

static inline bool rtc_irq_level(const struct dev_rtc *r)
{
	return r->cmos[RTC_REG_C] & RTC_C_IRQF;
}

/* TSC at which the next interrupt can be raised, or 0 if none can. */
uint64_t rtc_deadline(const struct dev_rtc *r);

/* Calendar arithmetic (proleptic Gregorian), shared with drivers/rtc.c. */
int64_t rtc_days_from_civil(int64_t y, int64_t m, int64_t d);
void rtc_civil_from_days(int64_t days, int64_t *y, unsigned int *m,
			 unsigned int *d);

#endif
