// SPDX-License-Identifier: MIT
/*
 * The host's MC146818-compatible RTC, read once at boot the way Linux's
 * mc146818_get_time() does: wait while UIP is set (an update is at most
 * 244 + 1984 us away, MC146818A data sheet, "Update cycle"), read the
 * time, and read again if UIP rose or the seconds moved meanwhile. The
 * guests' clocks then advance with the TSC (hv/dev/rtc.c).
 */
#include "drivers/rtc.h"

#include "drivers/tsc.h"
#include "hv/arch.h"
#include "hv/dev/rtc.h"
#include "hv/printk.h"

#define TRIES		10
#define Y2K		946684800	/* 2000-01-01 00:00:00 UTC */

int64_t host_rtc_sec = Y2K;
uint64_t host_rtc_tsc;

/* Index bit 7 clear: NMIs stay enabled, as the firmware left them. */
static uint8_t cmos(uint8_t index)
{
	arch_outb(PORT_RTC_INDEX, index);
	return arch_inb(PORT_RTC_DATA);
}

/* Wait (at most 10 ms) for no update in progress. */
static bool wait_no_uip(void)
{
	uint64_t end = arch_read_timestamp() + tsc_hz / 100;

	while (cmos(RTC_REG_A) & RTC_A_UIP)
		if (arch_read_timestamp() > end)
			return false;
	return true;
}

static unsigned int field(uint8_t v, bool bin)
{
	return bin ? v : (v >> 4) * 10u + (v & 0x0f);
}

void host_rtc_init(void)
{
	uint8_t t[RTC_YEAR + 1], cent, b;
	unsigned int h, y;
	int tries;
	bool bin;

	for (tries = 0; tries < TRIES; tries++) {
		if (!wait_no_uip())
			continue;
		host_rtc_tsc = arch_read_timestamp();
		for (unsigned int i = 0; i <= RTC_YEAR; i++)
			t[i] = cmos((uint8_t)i);
		cent = cmos(RTC_CENTURY);
		b = cmos(RTC_REG_B);
		if (!(cmos(RTC_REG_A) & RTC_A_UIP) &&
		    cmos(RTC_SECONDS) == t[RTC_SECONDS])
			break;
	}
	if (tries == TRIES) {
		host_rtc_tsc = arch_read_timestamp();
		printk("rtc: the host RTC did not settle (UIP stuck); guests' "
		       "clocks start at 2000-01-01 00:00:00\n");
		return;
	}
	bin = b & RTC_B_DM;
	h = field(t[RTC_HOURS] & 0x7f, bin);
	if (!(b & RTC_B_24H))
		h = h % 12 + (t[RTC_HOURS] & 0x80 ? 12 : 0);
	/* A century byte that is no century (not every RTC has one): 20. */
	y = field(cent, bin);
	y = (y >= 19 && y <= 29 ? y : 20) * 100 + field(t[RTC_YEAR], bin);
	host_rtc_sec = rtc_days_from_civil(y, field(t[RTC_MONTH], bin),
			field(t[RTC_DAY_OF_MONTH], bin)) * 86400 + h * 3600 +
		field(t[RTC_MINUTES], bin) * 60 + field(t[RTC_SECONDS], bin);
	printk("rtc: host clock %04u-%02u-%02u %02u:%02u:%02u (CMOS RTC, "
	       "%s); guests' clocks run on from it with the TSC\n", y,
	       field(t[RTC_MONTH], bin), field(t[RTC_DAY_OF_MONTH], bin), h,
	       field(t[RTC_MINUTES], bin), field(t[RTC_SECONDS], bin),
	       bin ? "binary" : "BCD");
}
