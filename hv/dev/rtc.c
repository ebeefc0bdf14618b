// SPDX-License-Identifier: MIT
/* The MC146818A CMOS RTC (see rtc.h). */
#include "hv/dev/rtc.h"

#include <stddef.h>

#define SECS_PER_DAY	86400
#define KIB		1024ULL
#define MIB		(1024 * KIB)
#define NEVER		INT64_MAX

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil); any y, m, d. */
int64_t rtc_days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y += floor_div(m - 1, 12);		/* month 13 is next January */
	m = m - 1 - floor_div(m - 1, 12) * 12 + 1;
	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468 + (d - 1);
}

void rtc_civil_from_days(int64_t days, int64_t *y, unsigned int *m,
			 unsigned int *d)
{
	int64_t z = days + 719468, era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = (unsigned int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool binary(const struct dev_rtc *r)
{
	return r->cmos[RTC_REG_B] & RTC_B_DM;
}

static uint8_t to_reg(const struct dev_rtc *r, unsigned int v)
{
	return binary(r) ? (uint8_t)v : (uint8_t)((v / 10 % 16) << 4 | v % 10);
}

static unsigned int from_reg(const struct dev_rtc *r, uint8_t v)
{
	return binary(r) ? v : (v >> 4) * 10u + (v & 0x0f);
}

/* An hours register (clock or alarm) as 0-23, in either mode. */
static unsigned int hour_from_reg(const struct dev_rtc *r, uint8_t v)
{
	unsigned int h = from_reg(r, v & 0x7f);

	if (!(r->cmos[RTC_REG_B] & RTC_B_24H))
		h = h % 12 + (v & 0x80 ? 12 : 0);
	return h;
}

static uint8_t hour_to_reg(const struct dev_rtc *r, unsigned int h)
{
	if (r->cmos[RTC_REG_B] & RTC_B_24H)
		return to_reg(r, h);
	return to_reg(r, h % 12 ? h % 12 : 12) | (h >= 12 ? 0x80 : 0);
}

/*
 * The divider chain counts unless held in reset (A bits 4-6 = 11x); QEMU
 * counts with 000 and 001 too. It drives the periodic flag even in SET
 * mode; the updates (the clock) need SET clear as well.
 */
static bool dividing(const struct dev_rtc *r)
{
	return (r->cmos[RTC_REG_A] & RTC_A_DV) <= 0x20;
}

static bool running(const struct dev_rtc *r)
{
	return !(r->cmos[RTC_REG_B] & RTC_B_SET) && dividing(r);
}

static int64_t sec_at(const struct dev_rtc *r, uint64_t t)
{
	return r->sec0 + (int64_t)((t - r->tsc0) / r->tsc_hz);
}

/* 32.768 kHz periods since tsc0, without a 128-bit product. */
static uint64_t ticks_at(const struct dev_rtc *r, uint64_t t)
{
	uint64_t d = t - r->tsc0;

	return d / r->tsc_hz * RTC_BASE_HZ +
	       d % r->tsc_hz * RTC_BASE_HZ / r->tsc_hz;
}

static uint64_t tsc_of_ticks(const struct dev_rtc *r, uint64_t ticks)
{
	return r->tsc0 + ticks / RTC_BASE_HZ * r->tsc_hz +
	       (ticks % RTC_BASE_HZ * r->tsc_hz + RTC_BASE_HZ - 1) /
	       RTC_BASE_HZ;
}

/*
 * Register A's rate: 1 and 2 give 256 and 128 Hz, 3-15 give 32768 >>
 * (rate - 1) Hz (data sheet table 5, and QEMU's period_code); 0: none.
 */
static uint32_t periodic_ticks(const struct dev_rtc *r)
{
	unsigned int rs = r->cmos[RTC_REG_A] & RTC_A_RS;

	if (!rs)
		return 0;
	if (rs <= 2)
		rs += 7;
	return 1u << (rs - 1);
}

/* Write the clock's time @sec into the time registers, in B's format. */
static void put_time(struct dev_rtc *r, int64_t sec)
{
	int64_t days = floor_div(sec, SECS_PER_DAY), y;
	int64_t tod = sec - days * SECS_PER_DAY;
	int64_t wday = days + 4 - floor_div(days + 4, 7) * 7;
	unsigned int m, d, yy;

	rtc_civil_from_days(days, &y, &m, &d);
	yy = y < 0 ? 0 : (unsigned int)y;
	r->cmos[RTC_SECONDS] = to_reg(r, (unsigned int)(tod % 60));
	r->cmos[RTC_MINUTES] = to_reg(r, (unsigned int)(tod / 60 % 60));
	r->cmos[RTC_HOURS] = hour_to_reg(r, (unsigned int)(tod / 3600));
	/* 1970-01-01 was a Thursday; the register counts Sunday as 1. */
	r->cmos[RTC_DAY_OF_WEEK] = to_reg(r, (unsigned int)wday + 1);
	r->cmos[RTC_DAY_OF_MONTH] = to_reg(r, d);
	r->cmos[RTC_MONTH] = to_reg(r, m);
	r->cmos[RTC_YEAR] = to_reg(r, yy % 100);
	r->cmos[RTC_CENTURY] = to_reg(r, yy / 100);
}

/* The time the registers hold; out-of-range fields carry over. */
static int64_t get_time(const struct dev_rtc *r)
{
	int64_t y = (int64_t)from_reg(r, r->cmos[RTC_CENTURY]) * 100 +
		    from_reg(r, r->cmos[RTC_YEAR]);
	int64_t days = rtc_days_from_civil(y,
			from_reg(r, r->cmos[RTC_MONTH]),
			from_reg(r, r->cmos[RTC_DAY_OF_MONTH]));

	return days * SECS_PER_DAY +
	       hour_from_reg(r, r->cmos[RTC_HOURS]) * 3600 +
	       from_reg(r, r->cmos[RTC_MINUTES]) * 60 +
	       from_reg(r, r->cmos[RTC_SECONDS]);
}

/*
 * Restart the clock at the registers' time, @phase ticks into its
 * second: the divider chain keeps its phase across SET (data sheet,
 * "SET"), and its first update comes half a second after a divider reset.
 */
static void set_clock(struct dev_rtc *r, uint64_t now, uint64_t phase)
{
	if (phase > now)
		phase = now;
	r->sec0 = get_time(r);
	r->tsc0 = now - phase;
	r->flags_tsc = now;
}

static uint64_t phase_at(const struct dev_rtc *r, uint64_t now)
{
	return (now - r->tsc0) % r->tsc_hz;
}

/* An alarm register as 0..max-1, -1 for "don't care", max for never. */
static int alarm_field(const struct dev_rtc *r, unsigned int reg, int max)
{
	uint8_t v = r->cmos[reg];
	unsigned int x;

	if ((v & RTC_ALARM_DONT_CARE) == RTC_ALARM_DONT_CARE)
		return -1;
	x = reg == RTC_HOURS_ALARM ? hour_from_reg(r, v) : from_reg(r, v);
	return x < (unsigned int)max ? (int)x : max;
}

static bool field_matches(int want, int x)
{
	return want < 0 || want == x;
}

/* The first second of the day at or after @from that the alarm hits. */
static int64_t alarm_in_day(int wh, int wm, int ws, int64_t from)
{
	int h = (int)(from / 3600), m = (int)(from / 60 % 60);
	int s = (int)(from % 60);

	for (; h < 24; h++, m = 0, s = 0) {
		if (!field_matches(wh, h))
			continue;
		for (; m < 60; m++, s = 0) {
			if (!field_matches(wm, m))
				continue;
			if (ws < 0)
				return h * 3600 + m * 60 + s;
			if (ws >= s && ws < 60)
				return h * 3600 + m * 60 + ws;
		}
	}
	return -1;
}

/* The first second after @sec at whose update the alarm goes off. */
static int64_t next_alarm(const struct dev_rtc *r, int64_t sec)
{
	int wh = alarm_field(r, RTC_HOURS_ALARM, 24);
	int wm = alarm_field(r, RTC_MINUTES_ALARM, 60);
	int ws = alarm_field(r, RTC_SECONDS_ALARM, 60);
	int64_t day = floor_div(sec + 1, SECS_PER_DAY) * SECS_PER_DAY, t;

	if (wh == 24 || wm == 60 || ws == 60)
		return NEVER;
	t = alarm_in_day(wh, wm, ws, sec + 1 - day);
	if (t < 0)
		t = SECS_PER_DAY + alarm_in_day(wh, wm, ws, 0);
	return day + t;
}

static void update_irqf(struct dev_rtc *r)
{
	uint8_t *c = &r->cmos[RTC_REG_C];

	if (*c & r->cmos[RTC_REG_B] & (RTC_C_PF | RTC_C_AF | RTC_C_UF))
		*c |= RTC_C_IRQF;
}

bool rtc_update(struct dev_rtc *r, uint64_t now)
{
	uint32_t period = periodic_ticks(r);
	int64_t s_then, s_now;

	if (now <= r->flags_tsc)
		return rtc_irq_level(r);
	if (!dividing(r)) {
		r->flags_tsc = now;
		return rtc_irq_level(r);
	}
	s_then = sec_at(r, r->flags_tsc);
	s_now = sec_at(r, now);
	if (running(r) && s_now > s_then) {
		r->cmos[RTC_REG_C] |= RTC_C_UF;
		if (next_alarm(r, s_then) <= s_now)
			r->cmos[RTC_REG_C] |= RTC_C_AF;
	}
	if (period && (r->cmos[RTC_REG_B] & RTC_B_PIE) &&
	    ticks_at(r, now) / period > ticks_at(r, r->flags_tsc) / period)
		r->cmos[RTC_REG_C] |= RTC_C_PF;
	r->flags_tsc = now;
	update_irqf(r);
	return rtc_irq_level(r);
}

static uint64_t second_tsc(const struct dev_rtc *r, int64_t sec)
{
	return r->tsc0 + (uint64_t)(sec - r->sec0) * r->tsc_hz;
}

uint64_t rtc_deadline(const struct dev_rtc *r)
{
	uint8_t b = r->cmos[RTC_REG_B];
	uint64_t d = 0;
	int64_t s = sec_at(r, r->flags_tsc);

	if (!dividing(r) || (r->cmos[RTC_REG_C] & RTC_C_IRQF))
		return 0;
	if ((b & RTC_B_UIE) && running(r))
		d = second_tsc(r, s + 1);
	if ((b & RTC_B_AIE) && running(r)) {
		int64_t a = next_alarm(r, s);

		if (a != NEVER && (!d || second_tsc(r, a) < d))
			d = second_tsc(r, a);
	}
	if ((b & RTC_B_PIE) && periodic_ticks(r)) {
		uint32_t p = periodic_ticks(r);
		uint64_t next = ticks_at(r, r->flags_tsc) / p + 1;
		uint64_t t = tsc_of_ticks(r, next * p);

		if (!d || t < d)
			d = t;
	}
	return d;
}

/* The last 244 us before an update (8 periods of 32.768 kHz). */
static bool update_in_progress(const struct dev_rtc *r, uint64_t now)
{
	uint64_t hold = r->tsc_hz * 8 / RTC_BASE_HZ;

	return running(r) && phase_at(r, now) >= r->tsc_hz - hold;
}

static bool is_time_reg(unsigned int i)
{
	return i == RTC_SECONDS || i == RTC_MINUTES || i == RTC_HOURS ||
	       (i >= RTC_DAY_OF_WEEK && i <= RTC_YEAR) || i == RTC_CENTURY;
}

static uint8_t read_data(struct dev_rtc *r, uint64_t now)
{
	unsigned int i = r->index == RTC_PS2_CENTURY ? RTC_CENTURY : r->index;
	uint8_t v;

	rtc_update(r, now);
	if (is_time_reg(i) && running(r))
		put_time(r, sec_at(r, now));
	switch (i) {
	case RTC_REG_A:
		return (r->cmos[i] & ~RTC_A_UIP) |
		       (update_in_progress(r, now) ? RTC_A_UIP : 0);
	case RTC_REG_C:
		v = r->cmos[i];
		r->cmos[i] = 0;
		return v;
	default:
		return r->cmos[i];
	}
}

static void write_a(struct dev_rtc *r, uint8_t v, uint64_t now)
{
	bool was = running(r);

	if (was)
		put_time(r, sec_at(r, now));
	r->cmos[RTC_REG_A] = v & ~RTC_A_UIP;
	if (!was && running(r))
		set_clock(r, now, r->tsc_hz / 2);
	else if (was && running(r))
		r->flags_tsc = now;	/* a new rate counts from here */
}

static void write_b(struct dev_rtc *r, uint8_t v, uint64_t now)
{
	bool was = running(r);
	uint8_t *c = &r->cmos[RTC_REG_C];

	if (was)
		put_time(r, sec_at(r, now));
	/* SET clears UIE (data sheet, register B bit 4). */
	if (v & RTC_B_SET)
		v &= ~RTC_B_UIE;
	/*
	 * The registers keep the time in the old format: set the clock in
	 * it before the new format (DM, 24/12) applies.
	 */
	if (!was && !(v & RTC_B_SET) && (r->cmos[RTC_REG_A] & RTC_A_DV) <= 0x20)
		set_clock(r, now, phase_at(r, now));
	r->cmos[RTC_REG_B] = v;
	/* A flag already set when its enable comes on interrupts at once. */
	if (*c & v & (RTC_C_PF | RTC_C_AF | RTC_C_UF))
		*c |= RTC_C_IRQF;
	else
		*c &= ~RTC_C_IRQF;
	r->flags_tsc = now;
}

static void write_data(struct dev_rtc *r, uint8_t v, uint64_t now)
{
	unsigned int i = r->index == RTC_PS2_CENTURY ? RTC_CENTURY : r->index;

	rtc_update(r, now);
	switch (i) {
	case RTC_REG_A:
		write_a(r, v, now);
		return;
	case RTC_REG_B:
		write_b(r, v, now);
		return;
	case RTC_REG_C:
	case RTC_REG_D:
		return;				/* read only */
	}
	if (is_time_reg(i) && running(r)) {
		/* Set the time at once, keeping the second's phase. */
		put_time(r, sec_at(r, now));
		r->cmos[i] = v;
		set_clock(r, now, phase_at(r, now));
		return;
	}
	r->cmos[i] = v;
}

uint8_t rtc_model_read(struct dev_rtc *r, uint16_t port, uint64_t now)
{
	/* The index register is write-only: QEMU reads it as all ones. */
	if (port != PORT_RTC_DATA)
		return 0xff;
	return read_data(r, now);
}

void rtc_model_write(struct dev_rtc *r, uint16_t port, uint8_t value,
		     uint64_t now)
{
	if (port == PORT_RTC_INDEX) {
		r->index = value & 0x7f;
		r->nmi_masked = value & 0x80;
		return;
	}
	write_data(r, value, now);
}

static void put16(struct dev_rtc *r, unsigned int at, uint64_t v)
{
	r->cmos[at] = (uint8_t)v;
	r->cmos[at + 1] = (uint8_t)(v >> 8);
}

/* What QEMU's pc_cmos_init() (hw/i386/pc.c) leaves for the BIOS. */
static void put_memory(struct dev_rtc *r, uint64_t below_4g, uint64_t above_4g,
		       unsigned int cpus)
{
	uint64_t v;

	v = below_4g / KIB < 640 ? below_4g / KIB : 640;
	put16(r, 0x15, v);
	v = below_4g > MIB ? (below_4g - MIB) / KIB : 0;
	if (v > 0xffff)
		v = 0xffff;
	put16(r, 0x17, v);
	put16(r, 0x30, v);
	v = below_4g > 16 * MIB ? (below_4g - 16 * MIB) / (64 * KIB) : 0;
	if (v > 0xffff)
		v = 0xffff;
	put16(r, 0x34, v);
	v = above_4g / (64 * KIB);
	r->cmos[0x5b] = (uint8_t)v;
	r->cmos[0x5c] = (uint8_t)(v >> 8);
	r->cmos[0x5d] = (uint8_t)(v >> 16);
	r->cmos[0x5f] = (uint8_t)(cpus - 1);
}

void rtc_model_init(struct dev_rtc *r, uint64_t tsc_hz, int64_t host_sec,
		    uint64_t host_tsc, uint64_t below_4g, uint64_t above_4g,
		    unsigned int cpus)
{
	*r = (struct dev_rtc){ .tsc_hz = tsc_hz ? tsc_hz : 1,
			       .sec0 = host_sec, .tsc0 = host_tsc,
			       .flags_tsc = host_tsc };
	/* QEMU's reset values: 32.768 kHz, 1024 Hz; 24 h, BCD; VRT. */
	r->cmos[RTC_REG_A] = 0x26;
	r->cmos[RTC_REG_B] = RTC_B_24H;
	r->cmos[RTC_REG_D] = RTC_D_VRT;
	put_memory(r, below_4g, above_4g, cpus);
	/* The time registers are filled in when read. */
}
