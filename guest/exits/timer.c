// SPDX-License-Identifier: MIT
/*
 * The timer path end to end: the PIT raises IRQ0, the PIC holds it in IRR
 * while interrupts are off, delivers it to vector 0x20 once they are on
 * (an injected interrupt under VT-x), keeps it in ISR until the EOI; and
 * HLT waits for it ("HLT exiting"); a tick reaches a guest that never
 * exits (the preemption timer) and one that has interrupts off (the
 * interrupt window).
 */
#include "guest/exits/exits.h"
#include "guest/lib/pic.h"
#include "guest/lib/platform.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define TIMER_HZ	100
#define TIMER_TICKS	10
#define IRR_POLLS	1000000		/* a tick (10 ms) takes far fewer */

static trap_handler_t platform_timer;
static volatile uint64_t seen_vector;
static volatile uint16_t seen_isr;

/* Look at the PIC from inside the handler, then let the platform count. */
static void timer_spy(struct trap_frame *tf)
{
	seen_vector = tf->vector;
	seen_isr = pic_read_isr();
	platform_timer(tf);
}

static void check_interrupt(void)
{
	uint64_t before;
	long i;

	/* Interrupts are off: the request must wait in IRR. */
	for (i = 0; i < IRR_POLLS && !(pic_read_irr() & 1); i++)
		cpu_relax();
	if (i == IRR_POLLS) {
		check_fail("pic-irr", "IRQ0 never showed in IRR");
		return;
	}
	if (platform_ticks() != 0)
		check_fail("pic-irr", "an interrupt arrived with interrupts off");
	else
		check_ok("pic-irr");

	platform_timer = trap_set_handler(TRAP_IRQ_BASE, timer_spy);
	before = platform_ticks();
	platform_idle();		/* IRQ0 is pending: HLT returns at once */
	trap_set_handler(TRAP_IRQ_BASE, platform_timer);

	if (platform_ticks() == before)
		check_fail("interrupt", "HLT returned without the pending IRQ0");
	else if (seen_vector != TRAP_IRQ_BASE)
		check_fail("interrupt", "IRQ0 came at vector 0x%lx", seen_vector);
	else if (!(seen_isr & 1))
		check_fail("interrupt", "ISR 0x%04x in the handler: IRQ0 not in service",
			   seen_isr);
	else if (pic_read_isr() & 1)
		check_fail("interrupt", "IRQ0 still in service after the EOI");
	else
		check_ok("interrupt");
}

/*
 * HLT with the timer running: each one must wait for the next tick, since
 * nothing else can wake it (SDM Vol. 2A, HLT: an interrupt, NMI, SMI,
 * INIT or reset resumes it).
 */
static void check_hlt(void)
{
	uint64_t before;

	for (int i = 0; i < TIMER_TICKS; i++) {
		before = platform_ticks();
		platform_idle();
		if (platform_ticks() == before) {
			check_fail("hlt", "HLT %d of %d returned without an interrupt",
				   i + 1, TIMER_TICKS);
			return;
		}
	}
	check_ok("hlt");
}

/*
 * A tick while the guest computes, interrupts on, with no instruction
 * that exits: under VT-x only the VMX-preemption timer can bring the
 * hypervisor in to deliver it. Returns the TSC ticks one timer period
 * took, for check_interrupt_window().
 */
static uint64_t check_busy(void)
{
	uint64_t before, t0 = 0, t1 = 0;
	long i;

	for (int n = 0; n < 2; n++) {
		before = platform_ticks();
		sti();
		for (i = 0; i < IRR_POLLS * 100L && platform_ticks() == before; i++)
			cpu_relax();
		cli();
		if (platform_ticks() == before) {
			check_fail("interrupt-busy", "no tick while computing");
			return 0;
		}
		t0 = t1;
		t1 = rdtsc();
	}
	check_ok("interrupt-busy");
	return t1 - t0;
}

/*
 * A tick that comes due while interrupts are off must wait for STI and
 * then arrive at once (under VT-x: "interrupt-window exiting").
 */
static void check_interrupt_window(uint64_t period)
{
	uint64_t before = platform_ticks(), t0 = rdtsc();
	volatile int after_sti = 0;
	long i;

	/*
	 * Two periods, and then until the PIC holds the tick: a period
	 * measured on a busy host's clock can come out short.
	 */
	while (rdtsc() - t0 < 2 * period)
		cpu_relax();
	for (i = 0; i < IRR_POLLS && !(pic_read_irr() & 1); i++)
		cpu_relax();
	if (platform_ticks() != before) {
		check_fail("interrupt-window", "a tick came with interrupts off");
		return;
	}
	/* STI's shadow covers one instruction; the tick must come right after. */
	__asm__ volatile("sti; nop; cli" : : : "memory");
	after_sti = platform_ticks() != before;
	if (after_sti)
		check_ok("interrupt-window");
	else
		check_fail("interrupt-window", "the pending tick did not arrive after STI");
}

void exits_timer(void)
{
	uint64_t period;

	if (platform_timer_start(TIMER_HZ)) {
		check_fail("timer", "cannot run at %d Hz", TIMER_HZ);
		return;
	}
	check_interrupt();
	check_hlt();
	period = check_busy();
	if (period)
		check_interrupt_window(period);
}
