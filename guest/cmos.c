// SPDX-License-Identifier: MIT
/*
 * cmos: the CMOS RTC at ports 0x70/0x71 as a kernel uses it (MC146818A
 * data sheet; Linux's mc146818_get_time() and rtc_cmos): the registers'
 * defaults, the index's NMI bit, UIP rising and falling around an update,
 * register C's flags cleared by a read, BCD, binary and 12 h readings of
 * the same moment, the memory-size bytes the BIOS reads, setting the time
 * with SET, and the update, alarm and periodic interrupts on IRQ 8. The
 * time itself differs from run to run: only whether it is plausible is
 * printed. Each part starts just after an update, so that no update falls
 * inside it.
 */
#include <stdbool.h>

#include "guest/lib/pic.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define POLL_MAX	5000000u
#define RTC_IRQ		8
#define REG_A		0x0a
#define REG_B		0x0b
#define REG_C		0x0c
#define REG_D		0x0d
#define UIP		0x80
#define B_SET		0x80
#define B_PIE		0x40
#define B_AIE		0x20
#define B_UIE		0x10
#define B_DM		0x04
#define B_24H		0x02

struct rtc_time {
	uint8_t sec, min, hour, wday, mday, mon, year, cent;
};

static volatile unsigned int irqs;
static volatile uint8_t irq_c;

void kmain(uint32_t magic, uint32_t info);

static uint8_t cmos_read(uint8_t index)
{
	outb(0x70, index);
	return inb(0x71);
}

static void cmos_write(uint8_t index, uint8_t v)
{
	outb(0x70, index);
	outb(0x71, v);
}

static bool wait_uip(bool level)
{
	for (unsigned int n = 0; n < POLL_MAX; n++)
		if (!!(cmos_read(REG_A) & UIP) == level)
			return true;
	return false;
}

/* Wait for UIP to rise and fall: an update has just happened. */
static bool after_update(void)
{
	return wait_uip(true) && wait_uip(false);
}

static void read_time(struct rtc_time *t)
{
	t->sec = cmos_read(0x00);
	t->min = cmos_read(0x02);
	t->hour = cmos_read(0x04);
	t->wday = cmos_read(0x06);
	t->mday = cmos_read(0x07);
	t->mon = cmos_read(0x08);
	t->year = cmos_read(0x09);
	t->cent = cmos_read(0x32);
}

static unsigned int bcd(uint8_t v)
{
	return (v >> 4) * 10u + (v & 0x0f);
}

static bool bcd_valid(uint8_t v)
{
	return (v >> 4) <= 9 && (v & 0x0f) <= 9;
}

static const char *yes(bool b)
{
	return b ? "yes" : "no";
}

static void rtc_irq(struct trap_frame *tf)
{
	(void)tf;
	irq_c = cmos_read(REG_C);	/* also lets the next one come */
	irqs++;
	pic_eoi(RTC_IRQ);
}

/* Sleep until @n interrupts have come (or give up after many wake-ups). */
static void wait_irqs(unsigned int n)
{
	for (unsigned int spins = 0; irqs < n && spins < POLL_MAX; spins++)
		__asm__ volatile("sti; hlt; cli" : : : "memory");
}

static void defaults(void)
{
	printf("cmos: port 0x70 reads 0x%02x\n", inb(0x70));
	printf("cmos: register A 0x%02x (without UIP), B 0x%02x, D 0x%02x\n",
	       cmos_read(REG_A) & ~UIP, cmos_read(REG_B), cmos_read(REG_D));
	outb(0x70, 0x80 | REG_D);	/* bit 7: NMI off; the index is 0xd */
	printf("cmos: index 0x8d (NMI masked) reads register D: 0x%02x\n",
	       inb(0x71));
	outb(0x70, REG_D);
}

static void update_cycle(void)
{
	struct rtc_time t;
	uint8_t c, s1;

	cmos_read(REG_C);
	printf("cmos: UIP rose: %s\n", yes(wait_uip(true)));
	printf("cmos: UIP fell: %s\n", yes(wait_uip(false)));
	c = cmos_read(REG_C);
	printf("cmos: register C after the update: UF %d, IRQF %d\n",
	       !!(c & 0x10), !!(c & 0x80));
	printf("cmos: register C read again: 0x%02x\n", cmos_read(REG_C));
	s1 = cmos_read(0x00);
	after_update();
	read_time(&t);
	/* One, or a few where the host kept QEMU from seeing a UIP window. */
	printf("cmos: the seconds move on across an update: %s\n",
	       yes((bcd(t.sec) + 60 - bcd(s1)) % 60 >= 1 &&
		   (bcd(t.sec) + 60 - bcd(s1)) % 60 <= 5));
}

static void formats(void)
{
	struct rtc_time b, x;
	uint8_t h12, want;
	unsigned int h;
	bool valid = true, same;

	after_update();
	read_time(&b);				/* BCD, 24 h: the default */
	cmos_write(REG_B, B_24H | B_DM);
	read_time(&x);
	cmos_write(REG_B, 0);			/* BCD, 12 h */
	h12 = cmos_read(0x04);
	cmos_write(REG_B, B_24H);
	for (const uint8_t *p = &b.sec; p <= &b.cent; p++)
		valid = valid && bcd_valid(*p);
	same = bcd(b.sec) == x.sec && bcd(b.min) == x.min &&
	       bcd(b.hour) == x.hour && bcd(b.wday) == x.wday &&
	       bcd(b.mday) == x.mday && bcd(b.mon) == x.mon &&
	       bcd(b.year) == x.year && bcd(b.cent) == x.cent;
	h = bcd(b.hour);
	want = (uint8_t)((h % 12 ? h % 12 : 12) / 10 << 4 |
			 (h % 12 ? h % 12 : 12) % 10 | (h >= 12 ? 0x80 : 0));
	printf("cmos: BCD digits valid: %s\n", yes(valid));
	printf("cmos: BCD and binary readings agree: %s\n", yes(same));
	printf("cmos: 12 h hour agrees with the 24 h one (PM bit 7 from 12:00): %s\n",
	       yes(h12 == want));
	printf("cmos: date plausible: %s\n",
	       yes(bcd(b.cent) * 100 + bcd(b.year) >= 2024 &&
		   bcd(b.mon) >= 1 && bcd(b.mon) <= 12 && bcd(b.mday) >= 1 &&
		   bcd(b.mday) <= 31 && bcd(b.hour) < 24 && bcd(b.min) < 60 &&
		   bcd(b.sec) < 60 && bcd(b.wday) >= 1 && bcd(b.wday) <= 7));
}

static void memory(void)
{
	printf("cmos: memory bytes 0x15-0x16 %02x %02x, 0x17-0x18 %02x %02x, "
	       "0x30-0x31 %02x %02x, 0x34-0x35 %02x %02x, 0x5b-0x5d %02x %02x %02x\n",
	       cmos_read(0x15), cmos_read(0x16), cmos_read(0x17),
	       cmos_read(0x18), cmos_read(0x30), cmos_read(0x31),
	       cmos_read(0x34), cmos_read(0x35), cmos_read(0x5b),
	       cmos_read(0x5c), cmos_read(0x5d));
	printf("cmos: CPUs - 1 (0x5f): %u\n", cmos_read(0x5f));
}

/* The day of the week is only printed once the clock has computed it. */
static void print_time(const char *what, bool wday)
{
	struct rtc_time t;

	read_time(&t);
	printf("cmos: %s: %02x%02x-%02x-%02x %02x:%02x:%02x", what, t.cent,
	       t.year, t.mon, t.mday, t.hour, t.min, t.sec);
	if (wday)
		printf(", day of the week %x", t.wday);
	printf("\n");
}

static void set_time(void)
{
	struct rtc_time t;

	after_update();
	cmos_write(REG_B, B_SET | B_24H);
	cmos_write(0x32, 0x20);
	cmos_write(0x09, 0x30);
	cmos_write(0x08, 0x06);
	cmos_write(0x07, 0x15);
	cmos_write(0x04, 0x13);
	cmos_write(0x02, 0x45);
	cmos_write(0x00, 0x30);
	print_time("in SET mode", false);
	cmos_write(REG_B, B_24H);
	print_time("set to 2030-06-15 13:45:30 (a Saturday)", true);
	after_update();
	/*
	 * Natively, a busy host can make QEMU's vCPU miss a 244 us UIP
	 * window: more than one update may have passed.
	 */
	read_time(&t);
	printf("cmos: after an update: 2030-06-15 13:45, seconds past 30: %s\n",
	       yes(t.cent == 0x20 && t.year == 0x30 && t.mon == 0x06 &&
		   t.mday == 0x15 && t.hour == 0x13 && t.min == 0x45 &&
		   t.sec > 0x30 && t.sec <= 0x35));
}

static void interrupts(void)
{
	uint8_t s;

	trap_set_handler(TRAP_IRQ_BASE + RTC_IRQ, rtc_irq);
	pic_unmask(RTC_IRQ);

	after_update();
	cmos_read(REG_C);
	cmos_write(REG_B, B_24H | B_UIE);
	wait_irqs(2);
	cmos_write(REG_B, B_24H);
	printf("cmos: update-ended interrupts: %u, register C in the handler 0x%02x\n",
	       irqs, irq_c);

	/* Seconds alarm 2 s ahead, minutes and hours "don't care". */
	after_update();
	s = (uint8_t)((bcd(cmos_read(0x00)) + 2) % 60);
	cmos_write(0x01, (uint8_t)(s / 10 << 4 | s % 10));
	cmos_write(0x03, 0xc0);
	cmos_write(0x05, 0xc0);
	cmos_read(REG_C);
	irqs = 0;
	cmos_write(REG_B, B_24H | B_AIE);
	wait_irqs(1);
	cmos_write(REG_B, B_24H);
	printf("cmos: alarm interrupts: %u, register C 0x%02x, at the alarm second: %s\n",
	       irqs, irq_c, yes(bcd(cmos_read(0x00)) == s));

	/* 1024 Hz (register A rate 6) for 8 periods: no update in between. */
	after_update();
	cmos_read(REG_C);
	irqs = 0;
	cmos_write(REG_B, B_24H | B_PIE);
	wait_irqs(8);
	cmos_write(REG_B, B_24H);
	printf("cmos: periodic interrupts: %u, register C 0x%02x\n", irqs,
	       irq_c);
	cmos_read(REG_C);
}

void kmain(uint32_t magic, uint32_t info)
{
	trap_init();
	platform_init(magic, info);
	defaults();
	update_cycle();
	formats();
	memory();
	set_time();
	interrupts();
	printf("cmos: done\n");
	platform_exit(0);
}
