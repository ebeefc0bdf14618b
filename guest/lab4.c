// SPDX-License-Identifier: MIT
/*
 * lab4: the local APIC timer's one-shot mode, as a kernel relies on it
 * (docs/labs/lab4-oneshot.md; SDM vol. 3 10.5.4): armed by a write of the
 * initial count, the count goes down, the timer interrupts once when it
 * reaches 0 and the current count then reads 0 until the next write,
 * which arms it again; masked, it counts down but does not interrupt.
 * Time is measured with the PIT's channel 2, never with the TSC. Each
 * check prints one line; the last is "lab4: ok" or "lab4: FAIL ...",
 * and the exit status is the number of failed checks. The same lines
 * natively on QEMU (system test lab4-same-as-native).
 */
#include "guest/lib/apic.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define TIMER_VECTOR	0x80
#define SPURIOUS_VECTOR	0xff
#define WAIT_MAX	50000000u
#define PIT2_10MS	11932u		/* 10 ms of 1.193182 MHz */
#define COUNT_5MS	5000000u	/* 5 ms of the 1 GHz bus, divide 1 */

static volatile unsigned int timer_hits;
static unsigned int failed;

/*
 * A timer that fires again and again would leave the guest no time for
 * anything else: after STORM interrupts the handler masks it, so that
 * the guest can go on and say what it saw.
 */
#define STORM		4

static void timer_irq(struct trap_frame *tf)
{
	(void)tf;
	if (++timer_hits >= STORM)
		lapic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
	lapic_eoi();
}

static void spurious_irq(struct trap_frame *tf)
{
	(void)tf;
}

/* Busy-wait @count ticks of the PIT's channel 2 (mode 0, gate on). */
static void pit2_wait(uint16_t count)
{
	unsigned int spins = 0;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);
	outb(0x43, 0xb0);
	outb(0x42, (uint8_t)count);
	outb(0x42, (uint8_t)(count >> 8));
	while (!(inb(0x61) & 0x20) && ++spins < WAIT_MAX)
		;
}

/* Interrupts open for @ms milliseconds of the PIT. */
static void window(unsigned int ms)
{
	sti();
	for (unsigned int i = 0; i < ms / 10; i++)
		pit2_wait(PIT2_10MS);
	cli();
}

/* After the line that said what was seen: the verdict of one check. */
static void check(const char *what, int ok)
{
	if (!ok) {
		failed++;
		printf("lab4: FAIL %s\n", what);
	}
}

void kmain(uint32_t magic, uint32_t info);

void kmain(uint32_t magic, uint32_t info)
{
	uint32_t c0, c1;

	trap_init();
	platform_init(magic, info);
	apic_map();			/* the APIC page, uncached */
	trap_set_handler(SPURIOUS_VECTOR, spurious_irq);
	trap_set_handler(TIMER_VECTOR, timer_irq);
	lapic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_VECTOR);
	lapic_write(APIC_TDCR, APIC_TDCR_1);
	lapic_write(APIC_LVTT, TIMER_VECTOR);	/* one-shot, unmasked */

	/* Armed: the count goes down from the initial count. */
	lapic_write(APIC_TMICT, COUNT_5MS);
	c0 = lapic_read(APIC_TMCCT);
	pit2_wait(PIT2_10MS / 10);		/* 1 ms */
	c1 = lapic_read(APIC_TMCCT);
	printf("lab4: counting down: %u then %u\n", c0, c1);
	check("counting down", c0 <= COUNT_5MS && c1 < c0 && c1 > 0);

	/* 5 ms, then 40 ms more with interrupts open: exactly one. */
	timer_hits = 0;
	window(50);
	printf("lab4: fires once: %u interrupt(s) in 50 ms%s\n", timer_hits,
	       timer_hits >= STORM ? " (then the guest masked it)" : "");
	check("fires once", timer_hits == 1);
	c0 = lapic_read(APIC_TMCCT);
	printf("lab4: reads 0 after: current count %u\n", c0);
	check("reads 0 after", c0 == 0);

	/* A new initial count arms it again, once more. */
	timer_hits = 0;
	lapic_write(APIC_LVTT, TIMER_VECTOR);
	lapic_write(APIC_TMICT, COUNT_5MS);
	window(50);
	printf("lab4: re-armed by a write: %u interrupt(s) in 50 ms%s\n",
	       timer_hits,
	       timer_hits >= STORM ? " (then the guest masked it)" : "");
	check("re-armed by a write", timer_hits == 1);

	/* Masked: it runs out without an interrupt. */
	timer_hits = 0;
	lapic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
	lapic_write(APIC_TMICT, COUNT_5MS);
	window(20);
	c0 = lapic_read(APIC_TMCCT);
	printf("lab4: masked: %u interrupt(s), current count %u\n",
	       timer_hits, c0);
	check("masked", timer_hits == 0 && c0 == 0);

	if (failed)
		printf("lab4: %u check(s) failed\n", failed);
	else
		printf("lab4: ok\n");
	platform_exit((int)failed);
}
