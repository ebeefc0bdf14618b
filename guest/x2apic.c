// SPDX-License-Identifier: MIT
/*
 * x2apic: the local APIC's x2APIC mode (Intel SDM Vol. 3A, 10.12). One
 * sequence runs twice, first in xAPIC mode (registers by MMIO), then in
 * x2APIC mode (the same registers as MSRs 0x800-0x8ff): the timer's
 * one-shot and periodic counts against the PIT, self-IPIs through the ICR
 * and the SELF IPI register, TPR masking and CR8, EOI order with nested
 * vectors. Each line carries its mode ("[xAPIC] ", "[x2APIC] ") and is
 * otherwise the same. Then the mode's rules: the IA32_APIC_BASE
 * transitions of Figure 10-27, the MSRs that #GP (Table 10-6), the MMIO
 * page that no longer decodes (10.12.2). Natively QEMU's TCG has no
 * x2APIC: the guest says so and runs the xAPIC half only.
 */
#include "guest/lib/apic.h"
#include "guest/lib/guard.h"
#include "guest/lib/pic.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define TIMER_VECTOR	0x80
#define SPURIOUS_VECTOR	0xff
#define WAIT_MAX	50000000u
#define PIT2_5MS	5966u		/* 5 ms of 1.193182 MHz */
#define PIT2_50MS	59659u		/* 50 ms */

#define X2APIC_MSR(reg)	(0x800u + ((reg) >> 4))
#define X2APIC_SELF_IPI	0x83f

static int x2;				/* the mode the registers are in */
static const char *mode;		/* its tag */
static volatile unsigned int timer_hits, spurious;
static volatile unsigned int ipi_count[256];
static volatile int events[32];
static volatile unsigned int nevents;

/* ------------------------------------------------ the registers, either way */

static uint32_t reg_read(uint32_t reg)
{
	return x2 ? (uint32_t)rdmsr(X2APIC_MSR(reg)) : lapic_read(reg);
}

static void reg_write(uint32_t reg, uint32_t value)
{
	if (x2)
		wrmsr(X2APIC_MSR(reg), value);
	else
		lapic_write(reg, value);
}

static void eoi(void)
{
	reg_write(APIC_EOI, 0);
}

static int reg_bit(uint32_t reg, unsigned int v)
{
	return (reg_read(reg + (v / 32) * 0x10) >> (v % 32)) & 1;
}

static uint32_t my_id(void)
{
	return x2 ? reg_read(APIC_ID) : reg_read(APIC_ID) >> 24;
}

/* A fixed, edge, physical IPI to @dest: ICR 63:56 in xAPIC, 63:32 in x2APIC. */
static void ipi_to(uint32_t dest, uint32_t low)
{
	if (x2) {
		wrmsr(X2APIC_MSR(APIC_ICR), (uint64_t)dest << 32 | low);
		return;
	}
	lapic_write(APIC_ICR2, dest << 24);
	lapic_write(APIC_ICR, low);
}

/* The SELF IPI register (10.12.11); xAPIC mode has only the shorthand. */
static void self_ipi_register(uint8_t vector)
{
	if (x2)
		wrmsr(X2APIC_SELF_IPI, vector);
	else
		lapic_write(APIC_ICR, APIC_ICR_SELF | vector);
}

#define say(fmt, ...) printf("x2apic: [%s] " fmt "\n", mode, ##__VA_ARGS__)

/* ---------------------------------------------------------- handlers */

static void record(int e)
{
	if (nevents < 32)
		events[nevents++] = e;
}

static void timer_irq(struct trap_frame *tf)
{
	(void)tf;
	timer_hits++;
	eoi();
}

static void spurious_irq(struct trap_frame *tf)
{
	(void)tf;
	spurious++;
}

static void open_window(void)
{
	sti();
	for (int i = 0; i < 1000; i++)
		cpu_relax();
	cli();
}

static void ipi_irq(struct trap_frame *tf)
{
	unsigned int v = (unsigned int)tf->vector;

	ipi_count[v]++;
	record((int)v);
	if (v == 0x50) {
		ipi_to(my_id(), 0x70);	/* a higher class nests */
		open_window();
	}
	record(-(int)v);
	eoi();
}

/* ---------------------------------------------------------- the sequence */

/* PIT channel 2, one-shot: returns when @count ticks of it have gone. */
static void pit2_wait(uint16_t count)
{
	unsigned int spins = 0;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);	/* gate on, speaker off */
	outb(0x43, 0xb0);			/* channel 2, lo/hi, mode 0 */
	outb(0x42, (uint8_t)count);
	outb(0x42, (uint8_t)(count >> 8));
	while (!(inb(0x61) & 0x20) && ++spins < WAIT_MAX)
		;
}

static void state(void)
{
	say("version 0x%x, SVR 0x%x, TPR 0x%x, PPR 0x%x", reg_read(APIC_LVR),
	    reg_read(APIC_SVR), reg_read(APIC_TPR), reg_read(APIC_PPR));
	say("LVT timer 0x%x, LINT0 0x%x, LINT1 0x%x, error 0x%x",
	    reg_read(APIC_LVTT), reg_read(APIC_LVT0), reg_read(APIC_LVT1),
	    reg_read(APIC_LVTERR));
}

static void timer(void)
{
	uint32_t c0, c1;
	unsigned int hits;

	/* One-shot, 2 ms at divide 1: it counts down, fires once, stops. */
	timer_hits = 0;
	reg_write(APIC_TDCR, APIC_TDCR_1);
	reg_write(APIC_LVTT, TIMER_VECTOR);
	reg_write(APIC_TMICT, 2000000);
	c0 = reg_read(APIC_TMCCT);
	c1 = reg_read(APIC_TMCCT);
	sti();
	pit2_wait(PIT2_5MS);
	cli();
	say("one-shot 2 ms: counting down %d, interrupts in 5 ms %u, "
	    "current count then %u", c0 <= 2000000 && c1 < c0, timer_hits,
	    reg_read(APIC_TMCCT));
	/*
	 * Periodic, 2.5 ms: about 20 in 50 ms, as guest/apic.c counts them
	 * (a busy host may merge a few); a count of 0 stops it.
	 */
	reg_write(APIC_LVTT, APIC_TIMER_PERIODIC | TIMER_VECTOR);
	reg_write(APIC_TMICT, 2500000);
	timer_hits = 0;
	sti();
	pit2_wait(PIT2_50MS);
	cli();
	hits = timer_hits;
	c0 = reg_read(APIC_TMCCT);
	say("periodic 2.5 ms: about 20 interrupts in 50 ms (16 to 21) %d, "
	    "current count in (0, initial] %d", hits >= 16 && hits <= 21,
	    c0 > 0 && c0 <= 2500000);
	reg_write(APIC_TMICT, 0);
	open_window();			/* one may have been pending */
	timer_hits = 0;
	sti();
	pit2_wait(PIT2_5MS);
	cli();
	say("periodic: initial count 0 stops it: interrupts %u, current %u",
	    timer_hits, reg_read(APIC_TMCCT));
	reg_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
}

static void ipis(void)
{
	uint32_t id = my_id();

	ipi_count[0x40] = ipi_count[0x41] = ipi_count[0x42] = 0;
	ipi_count[0x43] = 0;
	ipi_to(id, 0x40);
	say("ICR to own ID with IF=0: in IRR %d", reg_bit(APIC_IRR, 0x40));
	open_window();
	ipi_to(id + 1, 0x41);		/* nobody there */
	open_window();
	ipi_to(0, APIC_ICR_SELF | 0x42);
	open_window();
	self_ipi_register(0x43);
	say("SELF IPI register: in IRR %d, not in TMR %d",
	    reg_bit(APIC_IRR, 0x43), !reg_bit(APIC_TMR, 0x43));
	open_window();
	say("taken: own ID %u, other ID %u, shorthand self %u, "
	    "SELF IPI %u, IRR clear %d", ipi_count[0x40], ipi_count[0x41],
	    ipi_count[0x42], ipi_count[0x43], !reg_bit(APIC_IRR, 0x43));
}

static void tpr(void)
{
	uint64_t cr8;

	ipi_count[0x45] = 0;
	reg_write(APIC_TPR, 0x50);
	self_ipi_register(0x45);
	open_window();
	say("TPR 0x50: 0x45 taken %u, in IRR %d, PPR 0x%x", ipi_count[0x45],
	    reg_bit(APIC_IRR, 0x45), reg_read(APIC_PPR));
	reg_write(APIC_TPR, 0x40);
	open_window();
	say("TPR 0x40 (same class): taken %u", ipi_count[0x45]);
	reg_write(APIC_TPR, 0x3f);
	open_window();
	say("TPR 0x3f: taken %u", ipi_count[0x45]);
	reg_write(APIC_TPR, 0x70);
	__asm__ volatile("mov %%cr8, %0" : "=r"(cr8));
	say("TPR 0x70: CR8 reads %lu", cr8);
	cr8 = 3;
	__asm__ volatile("mov %0, %%cr8" : : "r"(cr8) : "memory");
	say("CR8 3: TPR reads 0x%x", reg_read(APIC_TPR));
	reg_write(APIC_TPR, 0);
}

static void eoi_order(void)
{
	int v;

	nevents = 0;
	self_ipi_register(0x50);
	self_ipi_register(0x60);
	self_ipi_register(0x51);
	for (v = 255; v >= 0 && !reg_bit(APIC_IRR, (unsigned int)v); v--)
		;
	say("IRR highest of 0x50, 0x60, 0x51: 0x%x", v);
	open_window();
	printf("x2apic: [%s] order:", mode);
	for (unsigned int i = 0; i < nevents; i++)
		printf(" %c%x", events[i] > 0 ? '+' : '-',
		       events[i] > 0 ? events[i] : -events[i]);
	printf("\n");
	v = 0;
	for (unsigned int i = 0; i < 256; i++)
		v |= reg_bit(APIC_ISR, i);
	say("ISR clear after the EOIs %d", !v);
}

static void sequence(void)
{
	uint32_t lvtt = reg_read(APIC_LVTT);

	state();
	reg_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_VECTOR);
	ipis();
	tpr();
	eoi_order();
	timer();
	say("spurious %u", spurious);
	reg_write(APIC_LVTT, lvtt);	/* the next half starts as this one */
}

/* ---------------------------------------------------------- the rules */

static const char *outcome(int vec)
{
	return vec < 0 ? "ok" : vec == VEC_GP ? "#GP" :
	       trap_name((unsigned int)vec);
}

static void rd_rule(const char *what, uint32_t msr)
{
	uint64_t v = 0;

	printf("x2apic: rule: RDMSR 0x%x (%s): %s\n", msr, what,
	       outcome(rdmsr_guarded(msr, &v)));
}

static void wr_rule(const char *what, uint32_t msr, uint64_t val)
{
	printf("x2apic: rule: WRMSR 0x%x 0x%lx (%s): %s\n", msr, val, what,
	       outcome(wrmsr_guarded(msr, val)));
}

static void base_rule(const char *what, uint64_t flags)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE) &
			~(uint64_t)(APIC_BASE_ENABLE | APIC_BASE_EXTD);
	int vec = wrmsr_guarded(MSR_IA32_APIC_BASE, base | flags);
	uint64_t now = rdmsr(MSR_IA32_APIC_BASE);

	printf("x2apic: rule: IA32_APIC_BASE %s: %s, then EN %d EXTD %d\n",
	       what, outcome(vec), !!(now & APIC_BASE_ENABLE),
	       !!(now & APIC_BASE_EXTD));
}

static void rules(uint32_t initial_id)
{
	uint64_t tpr;

	printf("x2apic: rule: x2APIC ID 0x%lx (CPUID's initial APIC ID %u), "
	       "LDR 0x%lx\n", rdmsr(X2APIC_MSR(APIC_ID)), initial_id,
	       rdmsr(X2APIC_MSR(APIC_LDR)));
	base_rule("x2APIC -> xAPIC", APIC_BASE_ENABLE);
	base_rule("EN=0 EXTD=1", APIC_BASE_EXTD);
	rd_rule("DFR: none in x2APIC mode", X2APIC_MSR(APIC_DFR));
	rd_rule("ICR high: the ICR is 64-bit", X2APIC_MSR(APIC_ICR2));
	rd_rule("EOI: write-only", X2APIC_MSR(APIC_EOI));
	rd_rule("SELF IPI: write-only", X2APIC_SELF_IPI);
	wr_rule("ID: read-only", X2APIC_MSR(APIC_ID), 0);
	wr_rule("LDR: read-only", X2APIC_MSR(APIC_LDR), 1);
	wr_rule("current count: read-only", X2APIC_MSR(APIC_TMCCT), 0);
	wr_rule("TPR: reserved bit 8", X2APIC_MSR(APIC_TPR), 0x100);
	wr_rule("TPR: bits 63:32 reserved", X2APIC_MSR(APIC_TPR), 1ul << 32);
	wr_rule("EOI: not 0", X2APIC_MSR(APIC_EOI), 1);
	wr_rule("ESR: not 0", X2APIC_MSR(APIC_ESR), 1);
	wr_rule("SELF IPI: reserved bit 8", X2APIC_SELF_IPI, 0x140);
	/* The xAPIC page is unclaimed now: reads float high, writes go. */
	lapic_write(APIC_TPR, 0x20);
	tpr = rdmsr(X2APIC_MSR(APIC_TPR));
	printf("x2apic: rule: MMIO page: version reads 0x%x, a TPR write "
	       "leaves TPR 0x%lx\n", lapic_read(APIC_LVR), tpr);
	base_rule("x2APIC -> disabled", 0);
	base_rule("disabled -> x2APIC", APIC_BASE_ENABLE | APIC_BASE_EXTD);
	base_rule("disabled -> xAPIC", APIC_BASE_ENABLE);
	printf("x2apic: rule: xAPIC again: MMIO version 0x%x, SVR 0x%x\n",
	       lapic_read(APIC_LVR), lapic_read(APIC_SVR));
	rd_rule("TPR in xAPIC mode", X2APIC_MSR(APIC_TPR));
}

void kmain(uint32_t magic, uint32_t info);

void kmain(uint32_t magic, uint32_t info)
{
	struct cpuid_regs r;

	trap_init();
	platform_init(magic, info);
	pic_init(0x20, 0x28);		/* all masked: the APIC's alone */
	r = cpuid(1, 0);
	if (!(r.edx & CPUID_1_EDX_APIC)) {
		printf("x2apic: no local APIC\n");
		platform_exit(1);
	}
	apic_map();
	trap_set_handler(SPURIOUS_VECTOR, spurious_irq);
	trap_set_handler(TIMER_VECTOR, timer_irq);
	for (unsigned int v = 0x40; v < 0x80; v++)
		trap_set_handler(v, ipi_irq);

	mode = "xAPIC";
	sequence();
	if (!(r.ecx & CPUID_1_ECX_X2APIC)) {
		printf("x2apic: cpuid: x2APIC 0: no x2APIC half\n");
		printf("x2apic: done\n");
		platform_exit(0);
	}
	printf("x2apic: cpuid: x2APIC 1\n");
	wrmsr(MSR_IA32_APIC_BASE, rdmsr(MSR_IA32_APIC_BASE) | APIC_BASE_EXTD);
	x2 = 1;
	mode = "x2APIC";
	sequence();
	rules(r.ebx >> 24);
	printf("x2apic: done\n");
	platform_exit(0);
}
