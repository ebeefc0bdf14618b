// SPDX-License-Identifier: MIT
/*
 * apic: the local APIC and the IOAPIC as a kernel uses them, natively on
 * QEMU and under the hypervisor: the state the firmware leaves, self-IPIs
 * and the ICR shorthands, an illegal vector (ESR, LVT error), TPR
 * masking, priority and EOI order with nested vectors, the timer in
 * periodic, one-shot and TSC-deadline modes
 * measured against the PIT (ratios and counts, never wall-clock time),
 * HLT woken by the timer alone, then the switch from the 8259 to the
 * IOAPIC with the PIT (edge and level-triggered) and the UART still
 * interrupting, and the global disable that leaves the 8259 wired to the CPU.
 */
#include "guest/lib/apic.h"
#include "guest/lib/pic.h"
#include "guest/lib/pit.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/uart.h"
#include "guest/lib/x86.h"

#define PIT_PIC_VECTOR	0x20		/* IRQ 0 through the 8259 */
#define MSR_IA32_TSC	0x10
#define PIT_IOAPIC_VEC	0x30		/* IRQ 0 through IOAPIC pin 2 */
#define UART_IOAPIC_VEC	0x34		/* COM1's IRQ 4 through pin 4 */
#define MCR_OUT2	0x08		/* a PC gates the UART's IRQ with it */
#define MCR_LOOP	0x10
#define TIMER_VECTOR	0x80
#define SPURIOUS_VECTOR	0xff
#define ERROR_VECTOR	0xfe		/* Linux's ERROR_APIC_VECTOR */
#define ILLEGAL_VECTOR	3		/* 0-15 are illegal (SDM 10.5.2) */
#define PIT_HZ_USED	100
#define WAIT_MAX	50000000u

static volatile unsigned int pit_ticks, pic_ticks, timer_hits, spurious;
static volatile unsigned int ipi_count[256];
static volatile uint64_t ipi_rip;	/* where the last IPI interrupted */
static volatile int isr_seen, ppr_seen;

/* Entries and EOIs of the priority test, in order: +vector, -vector. */
static volatile int events[32];
static volatile unsigned int nevents;

static void record(int e)
{
	if (nevents < 32)
		events[nevents++] = e;
}

static void pit_pic_irq(struct trap_frame *tf)
{
	(void)tf;
	pit_ticks++;
	pic_ticks++;
	pic_eoi(0);
}

static volatile uint32_t level_entry;
static volatile int level_tmr;

static void pit_ioapic_irq(struct trap_frame *tf)
{
	(void)tf;
	pit_ticks++;
	isr_seen = lapic_bit(APIC_ISR, PIT_IOAPIC_VEC);
	level_entry = ioapic_read(IOAPIC_REDTBL(2));
	level_tmr = lapic_bit(APIC_TMR, PIT_IOAPIC_VEC);
	lapic_eoi();
}

static volatile unsigned int uart_irqs, uart_thre, uart_rx;
static volatile uint8_t uart_byte;

/* Every cause IIR shows, as serial8250_handle_irq() serves them. */
static void uart_ioapic_irq(struct trap_frame *tf)
{
	uint8_t iir;

	(void)tf;
	uart_irqs++;
	for (int i = 0; i < 8 && !((iir = inb(COM1 + UART_FCR)) & 1); i++) {
		switch (iir & 0x0e) {
		case 0x04:			/* received data */
			uart_byte = inb(COM1 + UART_THR);
			uart_rx++;
			break;
		case 0x02:			/* THR empty: the read cleared it */
			uart_thre++;
			break;
		default:			/* line status, modem status */
			inb(COM1 + UART_LSR);
			inb(COM1 + UART_MSR);
			break;
		}
	}
	lapic_eoi();
}

static void timer_irq(struct trap_frame *tf)
{
	(void)tf;
	timer_hits++;
	lapic_eoi();
}

static void spurious_irq(struct trap_frame *tf)
{
	(void)tf;
	spurious++;			/* no EOI for the spurious vector */
}

static void self_ipi(uint8_t vector)
{
	lapic_write(APIC_ICR, APIC_ICR_SELF | vector);
}

static void ipi_irq(struct trap_frame *tf)
{
	unsigned int v = (unsigned int)tf->vector;

	ipi_count[v]++;
	ipi_rip = tf->rip;
	isr_seen = lapic_bit(APIC_ISR, v);
	ppr_seen = (int)lapic_read(APIC_PPR);
	record((int)v);
	if (v == 0x50) {
		/* A higher class nests; the same class waits for our EOI. */
		self_ipi(0x70);
		self_ipi(0x5f);
		sti();
		for (int i = 0; i < 1000; i++)
			cpu_relax();
		cli();
	}
	record(-(int)v);
	lapic_eoi();
}

/* Let pending interrupts in for a moment. */
static void open_window(void)
{
	sti();
	for (int i = 0; i < 1000; i++)
		cpu_relax();
	cli();
}

/* Sleep until the PIT has ticked @n more times (0: timed out). */
static int wait_ticks(unsigned int n)
{
	unsigned int start = pit_ticks, spins = 0;

	while (pit_ticks - start < n) {
		if (++spins > WAIT_MAX)
			return 0;
		__asm__ volatile("sti; hlt; cli" : : : "memory");
	}
	return 1;
}

static void firmware_state(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
	int clear = 1;

	printf("apic: IA32_APIC_BASE: base 0x%lx, BSP %d, enabled %d, "
	       "x2APIC %d\n", base & ~(uint64_t)0xfff, !!(base & APIC_BASE_BSP),
	       !!(base & APIC_BASE_ENABLE), !!(base & APIC_BASE_EXTD));
	apic_map();
	printf("apic: ID 0x%x, version 0x%x\n", lapic_read(APIC_ID),
	       lapic_read(APIC_LVR));
	printf("apic: SVR 0x%x, TPR 0x%x, PPR 0x%x, LDR 0x%x, DFR 0x%x\n",
	       lapic_read(APIC_SVR), lapic_read(APIC_TPR),
	       lapic_read(APIC_PPR), lapic_read(APIC_LDR),
	       lapic_read(APIC_DFR));
	printf("apic: LVT timer 0x%x, thermal 0x%x, perf 0x%x, LINT0 0x%x, "
	       "LINT1 0x%x, error 0x%x\n", lapic_read(APIC_LVTT),
	       lapic_read(APIC_LVTTHMR), lapic_read(APIC_LVTPC),
	       lapic_read(APIC_LVT0), lapic_read(APIC_LVT1),
	       lapic_read(APIC_LVTERR));
	printf("apic: timer: divide 0x%x, initial 0x%x, current 0x%x\n",
	       lapic_read(APIC_TDCR), lapic_read(APIC_TMICT),
	       lapic_read(APIC_TMCCT));
	for (unsigned int i = 0; i < 8; i++)
		if (lapic_read(APIC_ISR + i * 0x10) ||
		    lapic_read(APIC_IRR + i * 0x10))
			clear = 0;
	printf("apic: ISR and IRR clear: %d\n", clear);
}

/*
 * HLT with a self-IPI waiting behind STI's shadow: the interrupt ends the
 * halt at once, with nothing else armed that could (the 8259 masked, no
 * timer yet), and returns after the HLT.
 */
static void hlt_self_ipi(void)
{
	extern const char after_hlt[];

	self_ipi(0x46);
	__asm__ volatile("sti\n\thlt\nafter_hlt:\n\tcli" ::: "memory");
	printf("apic: HLT with a self-IPI waiting: taken %u, after the HLT "
	       "%d\n", ipi_count[0x46], ipi_rip == (uint64_t)after_hlt);
}

static volatile unsigned int error_irqs, illegal_irqs;

static void error_irq(struct trap_frame *tf)
{
	(void)tf;
	error_irqs++;
	lapic_eoi();
}

/* QEMU delivers the illegal vector as an interrupt: count it, EOI it. */
static void illegal_irq(struct trap_frame *tf)
{
	(void)tf;
	illegal_irqs++;
	lapic_eoi();
}

/*
 * A self-IPI with an illegal vector is an error (SDM 10.5.3): logged in
 * ESR and signalled through LVT error. ESR shows what was logged before
 * its last write ("write then read"), so a read before the write still
 * shows the old 0, and a second write clears it.
 */
static void esr(void)
{
	uint32_t before, after, again;

	trap_handler_t old = trap_set_handler(ILLEGAL_VECTOR, illegal_irq);

	trap_set_handler(ERROR_VECTOR, error_irq);
	lapic_write(APIC_ESR, 0);		/* what came before */
	lapic_write(APIC_LVTERR, ERROR_VECTOR);
	self_ipi(ILLEGAL_VECTOR);
	open_window();
	before = lapic_read(APIC_ESR);
	lapic_write(APIC_ESR, 0);
	after = lapic_read(APIC_ESR);
	lapic_write(APIC_ESR, 0);
	again = lapic_read(APIC_ESR);
	lapic_write(APIC_LVTERR, APIC_LVT_MASKED | ERROR_VECTOR);
	trap_set_handler(ILLEGAL_VECTOR, old);
	printf("apic: ESR: self-IPI with vector %d: delivered %u, error "
	       "interrupts %u, ESR before a write 0x%x, after 0x%x, after "
	       "another 0x%x\n", ILLEGAL_VECTOR, illegal_irqs, error_irqs,
	       before, after, again);
	printf("apic: ESR: error vector pending %d, in service %d\n",
	       lapic_bit(APIC_IRR, ERROR_VECTOR),
	       lapic_bit(APIC_ISR, ERROR_VECTOR));
}

static void ipis(void)
{
	int in_irr;

	for (unsigned int v = 0x40; v < 0x80; v++)
		trap_set_handler(v, ipi_irq);
	self_ipi(0x40);
	in_irr = lapic_bit(APIC_IRR, 0x40);
	printf("apic: self-IPI 0x40 with IF=0: in IRR %d, ICR busy %d\n",
	       in_irr, !!(lapic_read(APIC_ICR) & APIC_ICR_BUSY));
	open_window();
	printf("apic: self-IPI 0x40 after STI: taken %u, in ISR in its "
	       "handler %d, ISR after EOI %d\n", ipi_count[0x40], isr_seen,
	       lapic_bit(APIC_ISR, 0x40));
	lapic_write(APIC_ICR2, lapic_read(APIC_ID));
	lapic_write(APIC_ICR, 0x41);		/* physical, to its own ID */
	lapic_write(APIC_ICR, APIC_ICR_ALL | 0x42);
	lapic_write(APIC_ICR, APIC_ICR_OTHERS | 0x43);
	lapic_write(APIC_ICR2, 0x0f000000);	/* an ID nobody has */
	lapic_write(APIC_ICR, 0x44);
	open_window();
	printf("apic: IPI to own ID %u, all including self %u, all excluding "
	       "self %u, to ID 15 %u\n", ipi_count[0x41], ipi_count[0x42],
	       ipi_count[0x43], ipi_count[0x44]);
}

static void tpr(void)
{
	uint64_t cr8;

	lapic_write(APIC_TPR, 0x50);
	self_ipi(0x45);
	open_window();
	printf("apic: TPR 0x50: vector 0x45 taken %u, in IRR %d, PPR 0x%x\n",
	       ipi_count[0x45], lapic_bit(APIC_IRR, 0x45),
	       lapic_read(APIC_PPR));
	lapic_write(APIC_TPR, 0x40);
	open_window();
	printf("apic: TPR 0x40 (same class): taken %u\n", ipi_count[0x45]);
	lapic_write(APIC_TPR, 0x3f);
	open_window();
	printf("apic: TPR 0x3f: taken %u, PPR in its handler 0x%x, PPR after "
	       "0x%x\n", ipi_count[0x45], ppr_seen, lapic_read(APIC_PPR));
	lapic_write(APIC_TPR, 0x70);
	__asm__ volatile("mov %%cr8, %0" : "=r"(cr8));
	printf("apic: TPR 0x70: CR8 reads %lu\n", cr8);
	cr8 = 3;
	__asm__ volatile("mov %0, %%cr8" : : "r"(cr8) : "memory");
	printf("apic: CR8 3: TPR reads 0x%x\n", lapic_read(APIC_TPR));
	lapic_write(APIC_TPR, 0);
}

static void priority(void)
{
	nevents = 0;
	self_ipi(0x50);
	self_ipi(0x60);
	self_ipi(0x51);
	printf("apic: IRR highest of 0x50, 0x60, 0x51 pending: 0x%x\n",
	       lapic_bit(APIC_IRR, 0x60) ? 0x60 : 0);
	open_window();
	printf("apic: order:");
	for (unsigned int i = 0; i < nevents; i++)
		printf(" %c%x", events[i] > 0 ? '+' : '-',
		       events[i] > 0 ? events[i] : -events[i]);
	printf("\n");
}

/*
 * The timer's count over 50 ms of the PIT, at divide @tdcr: the smaller
 * of two, as a window only ever grows (a poll of the PIT that returns
 * late, on a busy host) and the ratios below allow 3%.
 */
static uint32_t count_over(uint32_t tdcr)
{
	uint32_t c0, c1, best = 0xffffffffu;

	lapic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
	lapic_write(APIC_TDCR, tdcr);
	for (int i = 0; i < 2; i++) {
		lapic_write(APIC_TMICT, 0xffffffffu);
		c0 = lapic_read(APIC_TMCCT);
		pit2_wait(PIT2_50MS);
		c1 = lapic_read(APIC_TMCCT);
		if (c0 - c1 < best)
			best = c0 - c1;
	}
	lapic_write(APIC_TMICT, 0);
	return best;
}

/* Is @a / @b within 3% of @want? */
static int near(uint32_t a, uint32_t b, uint32_t want)
{
	uint64_t x = (uint64_t)a * 100, lo = (uint64_t)b * want * 97,
		 hi = (uint64_t)b * want * 103;

	return x >= lo && x <= hi;
}

static void timer_counts(void)
{
	uint32_t d1 = count_over(APIC_TDCR_1);
	uint32_t d16 = count_over(APIC_TDCR_16);
	uint32_t d128 = count_over(APIC_TDCR_128);

	/* A 1 GHz clock, as QEMU's: 50 M counts in 50 ms. */
	printf("apic: timer: divide 1: 50 M counts in 50 ms of the PIT (3%%): "
	       "%d\n", near(d1, 1, 50000000u));
	printf("apic: timer: divide 16: 1/16 of that (3%%): %d, divide 128: "
	       "1/128 (3%%): %d\n", near(d1, d16, 16), near(d1, d128, 128));
}

static void timer_periodic(void)
{
	unsigned int hits;
	uint32_t cur;

	/* 62.5 MHz after divide 16: 400 Hz, 20 in 50 ms. */
	lapic_write(APIC_TDCR, APIC_TDCR_16);
	lapic_write(APIC_LVTT, APIC_TIMER_PERIODIC | TIMER_VECTOR);
	lapic_write(APIC_TMICT, 62500000u / 400);
	timer_hits = 0;
	sti();
	pit2_wait(PIT2_50MS);
	cli();
	hits = timer_hits;
	cur = lapic_read(APIC_TMCCT);
	/* A busy host may merge a few (QEMU's and our timers coalesce). */
	printf("apic: periodic: about 20 interrupts in 50 ms (16 to 21): %d, "
	       "current count within the initial one: %d\n",
	       hits >= 16 && hits <= 21, cur > 0 && cur <= 62500000u / 400);
	lapic_write(APIC_TMICT, 0);
	open_window();			/* one may be waiting in IRR */
	hits = timer_hits;
	wait_ticks(3);
	printf("apic: periodic: initial count 0 stops it: %d\n",
	       timer_hits == hits && lapic_read(APIC_TMCCT) == 0);
}

#define PIT2_30MS	35795u
#define PIT2_10MS	11932u

/* Has the timer fired by 30 ms of the PIT, and by 40 ms? (It is due at 35.) */
static void fired_by(int *at30, int *at40)
{
	sti();
	pit2_wait(PIT2_30MS);
	*at30 = timer_hits;
	pit2_wait(PIT2_10MS);
	cli();
	*at40 = timer_hits;
}

static void timer_oneshot(void)
{
	int at30, at40;

	lapic_write(APIC_TDCR, APIC_TDCR_1);
	lapic_write(APIC_LVTT, TIMER_VECTOR);
	timer_hits = 0;
	lapic_write(APIC_TMICT, 35000000u);	/* 35 ms at divide 1 */
	fired_by(&at30, &at40);
	printf("apic: one-shot 35 ms: interrupts by 30 ms of the PIT %d, by "
	       "40 ms %d\n", at30, at40);
	wait_ticks(4);
	printf("apic: one-shot: fired once %d, current count then %u\n",
	       timer_hits == 1, lapic_read(APIC_TMCCT));
	lapic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
	lapic_write(APIC_TMICT, 5000000u);
	wait_ticks(2);
	printf("apic: one-shot masked: interrupts %u, count ran out %d\n",
	       timer_hits - 1, lapic_read(APIC_TMCCT) == 0);
}

/* The PIT masked at the PIC: only the APIC timer can end the HLT. */
static void timer_wakes_hlt(void)
{
	outb(PIC1_DATA, 0xff);
	timer_hits = 0;
	lapic_write(APIC_LVTT, TIMER_VECTOR);
	lapic_write(APIC_TMICT, 20000000u);
	__asm__ volatile("sti; hlt; cli" : : : "memory");
	printf("apic: HLT with only the APIC timer armed: woken by it %d\n",
	       timer_hits == 1);
	pic_unmask(0);
}

static void timer_tsc_deadline(void)
{
	uint64_t t0, per_ms;
	int at30, at40;

	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_TSC_DEADLINE)) {
		printf("apic: tsc-deadline: not advertised\n");
		return;
	}
	t0 = rdtsc();
	pit2_wait(PIT2_50MS);
	per_ms = (rdtsc() - t0) / 50;
	lapic_write(APIC_LVTT, APIC_TIMER_TSC_DEADLINE | TIMER_VECTOR);
	lapic_write(APIC_TMICT, 12345);		/* ignored in this mode */
	timer_hits = 0;
	wrmsr(MSR_IA32_TSC_DEADLINE, rdtsc() + per_ms * 35);
	fired_by(&at30, &at40);
	printf("apic: tsc-deadline: 35 ms: interrupts by 30 ms of the PIT %d, "
	       "by 40 ms %d; MSR then 0x%lx, current count %u\n", at30, at40,
	       rdmsr(MSR_IA32_TSC_DEADLINE), lapic_read(APIC_TMCCT));
	/*
	 * The deadline is a value of this CPU's TSC, whatever was written
	 * to it: 2^40 ahead, then, armed for 35 ms, moved 20 ms on.
	 */
	wrmsr(MSR_IA32_TSC, rdtsc() + (1ull << 40));
	timer_hits = 0;
	wrmsr(MSR_IA32_TSC_DEADLINE, rdtsc() + per_ms * 35);
	fired_by(&at30, &at40);
	printf("apic: tsc-deadline: TSC written 2^40 on, 35 ms: by 30 ms %d, "
	       "by 40 ms %d\n", at30, at40);
	timer_hits = 0;
	wrmsr(MSR_IA32_TSC_DEADLINE, rdtsc() + per_ms * 35);
	wrmsr(MSR_IA32_TSC, rdtsc() + per_ms * 20);
	fired_by(&at30, &at40);
	printf("apic: tsc-deadline: armed for 35 ms, TSC written 20 ms on: by "
	       "30 ms %d, by 40 ms %d\n", at30, at40);
	wrmsr(MSR_IA32_TSC, rdtsc() - (1ull << 40));
	lapic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
}

/*
 * The UART keeps interrupting after the switch: COM1's IRQ 4 on pin 4,
 * in loopback so that nothing reaches the console. One cause at a time,
 * each its own rising edge: THR empty when that interrupt is enabled,
 * then a byte sent to itself with only received data enabled. (Two
 * causes at once would count QEMU's IOAPIC, not the UART: it takes every
 * raise of an edge-triggered pin as a new edge, even of a line already
 * high, where the 82093AA needs the line to drop first.)
 */
static void ioapic_uart(void)
{
	uint8_t mcr = inb(COM1 + UART_MCR), ier = inb(COM1 + UART_IER);
	unsigned int on_enable;

	while (!(inb(COM1 + UART_LSR) & LSR_TEMT))
		cpu_relax();		/* what printf sent has gone out */
	outb(COM1 + UART_MCR, MCR_LOOP | MCR_OUT2);
	trap_set_handler(UART_IOAPIC_VEC, uart_ioapic_irq);
	ioapic_write(IOAPIC_REDTBL(4) + 1, lapic_read(APIC_ID));
	ioapic_write(IOAPIC_REDTBL(4), UART_IOAPIC_VEC);
	outb(COM1 + UART_IER, 0x02);	/* THR empty */
	open_window();
	on_enable = uart_irqs;
	outb(COM1 + UART_IER, 0x01);	/* received data only */
	outb(COM1 + UART_THR, 'k');
	open_window();
	outb(COM1 + UART_IER, 0);
	ioapic_write(IOAPIC_REDTBL(4), IOAPIC_MASKED | UART_IOAPIC_VEC);
	outb(COM1 + UART_MCR, mcr);
	outb(COM1 + UART_IER, ier);
	printf("apic: ioapic: UART through pin 4: THR empty on enable: "
	       "interrupts %u, causes %u; a byte in loopback: interrupts %u, "
	       "received '%c' %u\n", on_enable, uart_thre,
	       uart_irqs - on_enable, uart_byte, uart_rx);
}

static void ioapic(void)
{
	uint32_t id = ioapic_read(IOAPIC_REG_ID);
	int all_masked = 1;
	unsigned int pics, got;

	printf("apic: ioapic: ID 0x%x, version 0x%x, arbitration 0x%x\n", id,
	       ioapic_read(IOAPIC_REG_VER), ioapic_read(IOAPIC_REG_ARB));
	for (unsigned int pin = 0; pin < 24; pin++)
		if (ioapic_read(IOAPIC_REDTBL(pin)) != IOAPIC_MASKED ||
		    ioapic_read(IOAPIC_REDTBL(pin) + 1) != 0)
			all_masked = 0;
	printf("apic: ioapic: 24 entries masked, destination 0: %d\n",
	       all_masked);
	/* The switch: the 8259 masked, IRQ 0 on pin 2, edge, active high. */
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
	trap_set_handler(PIT_IOAPIC_VEC, pit_ioapic_irq);
	ioapic_write(IOAPIC_REDTBL(2) + 1, lapic_read(APIC_ID));
	ioapic_write(IOAPIC_REDTBL(2), PIT_IOAPIC_VEC);
	pics = pic_ticks;
	got = wait_ticks(10);
	printf("apic: ioapic: PIT through pin 2: 10 interrupts %d, in ISR %d, "
	       "TMR %d, through the 8259 %u\n", got, isr_seen, level_tmr,
	       pic_ticks - pics);
	ioapic_write(IOAPIC_REDTBL(2), IOAPIC_LEVEL | PIT_IOAPIC_VEC);
	got = wait_ticks(2);		/* the first may have come as an edge */
	printf("apic: ioapic: level-triggered: interrupt %d, remote IRR in "
	       "the handler %d, TMR %d, remote IRR after EOI %d\n", got,
	       !!(level_entry & IOAPIC_REMOTE_IRR), level_tmr,
	       !!(ioapic_read(IOAPIC_REDTBL(2)) & IOAPIC_REMOTE_IRR));
	ioapic_write(IOAPIC_REDTBL(2), IOAPIC_MASKED | PIT_IOAPIC_VEC);
	open_window();			/* one may be waiting in IRR */
	ioapic_uart();
	got = pit_ticks;
	lapic_write(APIC_LVTT, TIMER_VECTOR);	/* to wake the HLT */
	lapic_write(APIC_TMICT, 50000000u);
	__asm__ volatile("sti; hlt; cli" : : : "memory");
	printf("apic: ioapic: masked pin 2: interrupts in 50 ms %u\n",
	       pit_ticks - got);
}

/*
 * Global disable (SDM 10.4.3): CPUID stops showing an APIC, and the
 * 8259's interrupts reach the CPU directly (the LINT0 pin is INTR).
 */
static void global_disable(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
	unsigned int pics = pic_ticks;

	wrmsr(MSR_IA32_APIC_BASE, base & ~(uint64_t)APIC_BASE_ENABLE);
	base = rdmsr(MSR_IA32_APIC_BASE);
	printf("apic: globally disabled: enabled %d, BSP %d, CPUID local APIC "
	       "%d\n", !!(base & APIC_BASE_ENABLE), !!(base & APIC_BASE_BSP),
	       !!(cpuid(1, 0).edx & CPUID_1_EDX_APIC));
	pic_unmask(0);
	printf("apic: globally disabled: PIT through the 8259 %d\n",
	       wait_ticks(3) && pic_ticks - pics >= 3);
}

void kmain(uint32_t magic, uint32_t info);

void kmain(uint32_t magic, uint32_t info)
{
	struct cpuid_regs r;

	trap_init();
	platform_init(magic, info);
	r = cpuid(1, 0);
	printf("apic: cpuid: local APIC %d, x2APIC %d\n",
	       !!(r.edx & CPUID_1_EDX_APIC), !!(r.ecx & CPUID_1_ECX_X2APIC));
	printf("apic: tsc-deadline: advertised %d\n",
	       !!(r.ecx & CPUID_1_ECX_TSC_DEADLINE));
	if (!(r.edx & CPUID_1_EDX_APIC)) {
		printf("apic: no local APIC\n");
		platform_exit(1);
	}
	firmware_state();
	trap_set_handler(SPURIOUS_VECTOR, spurious_irq);
	trap_set_handler(TIMER_VECTOR, timer_irq);
	lapic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_VECTOR);
	ipis();
	hlt_self_ipi();
	esr();
	tpr();
	priority();
	trap_set_handler(PIT_PIC_VECTOR, pit_pic_irq);
	pit_start_periodic(PIT_HZ_USED);
	pic_unmask(0);
	timer_counts();
	timer_periodic();
	timer_oneshot();
	timer_wakes_hlt();
	timer_tsc_deadline();
	ioapic();
	printf("apic: spurious interrupts %u\n", spurious);
	global_disable();
	printf("apic: done\n");
	platform_exit(0);
}
