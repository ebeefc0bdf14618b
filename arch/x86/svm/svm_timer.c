// SPDX-License-Identifier: MIT
/*
 * Preempting a guest without a VMX-preemption timer: SVM has none, so
 * the host's own local APIC timer does it. It is armed (one-shot) for the
 * vCPU's deadline just before VMRUN; the INTR intercept turns its
 * interrupt into a #VMEXIT (AMD APM vol. 2, 15.13.1), and the host, which
 * runs CLGI; STI; VMRUN; STGI; CLI (svm_run.c), takes it right after the
 * exit and sends the EOI (svm_irq.asm). The timer counts at a rate of its
 * own (the bus clock): it is measured against the TSC once, here.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/svm/svm.h"
#include "arch/x86/traps.h"
#include "hv/arch.h"
#include "hv/errno.h"
#include "hv/printk.h"

#define SVM_TIMER_VECTOR	0xec
#define LAPIC_EOI		0x0b0
#define LAPIC_SVR		0x0f0
#define LAPIC_LVT_TIMER		0x320
#define LAPIC_TIMER_INITIAL	0x380
#define LAPIC_TIMER_CURRENT	0x390
#define LAPIC_TIMER_DIVIDE	0x3e0
#define LVT_MASKED		(1u << 16)
#define DIVIDE_BY_1		0xb	/* SDM Figure 11-10 */
#define CALIBRATE_TSC		(4ULL << 20)	/* a few ms at any clock */

extern const char svm_irq_eoi[], svm_irq_spurious[];

/* The EOI register (svm_irq.asm reads it). */
volatile uint32_t *svm_lapic_eoi;

static uint64_t lapic_base;
/* Timer ticks per TSC cycle, 32.32 fixed point. */
static uint64_t ticks_per_tsc;

static inline void lapic_write(uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(lapic_base + reg) = v;
}

static inline uint32_t lapic_read(uint32_t reg)
{
	return *(volatile uint32_t *)(lapic_base + reg);
}

static void calibrate(void)
{
	uint64_t t0, t1;
	uint32_t left;

	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | SVM_TIMER_VECTOR);
	lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_1);
	lapic_write(LAPIC_TIMER_INITIAL, 0xffffffff);
	t0 = rdtsc();
	while ((t1 = rdtsc()) - t0 < CALIBRATE_TSC)
		cpu_relax();
	left = lapic_read(LAPIC_TIMER_CURRENT);
	lapic_write(LAPIC_TIMER_INITIAL, 0);
	ticks_per_tsc = ((uint64_t)(0xffffffffu - left) << 32) / (t1 - t0);
}

int svm_timer_init(void)
{
	uint8_t spurious;

	lapic_base = arch_lapic_base();
	if (!lapic_base) {
		printk("svm: preemption needs the local APIC in xAPIC mode, "
		       "and it is not\n");
		return -HV_ENODEV;
	}
	svm_lapic_eoi = (volatile uint32_t *)(lapic_base + LAPIC_EOI);
	spurious = lapic_read(LAPIC_SVR) & 0xff;
	for (int v = 32; v < 256; v++)
		trap_set_interrupt_gate((uint8_t)v, v == spurious ?
					svm_irq_spurious : svm_irq_eoi);
	calibrate();
	if (!ticks_per_tsc) {
		printk("svm: the local APIC timer does not count\n");
		return -HV_ENODEV;
	}
	printk("svm: preemption by the local APIC timer, vector 0x%x, "
	       "%llu ticks per 1000 TSC cycles\n", SVM_TIMER_VECTOR,
	       (unsigned long long)((ticks_per_tsc * 1000) >> 32));
	return 0;
}

void svm_timer_arm(uint64_t deadline)
{
	uint64_t now = rdtsc(), delta, ticks;

	if (!deadline) {
		lapic_write(LAPIC_TIMER_INITIAL, 0);	/* stopped */
		return;
	}
	delta = deadline > now ? deadline - now : 0;
	if (delta >> 32)
		ticks = 0xffffffff;
	else
		ticks = (delta * (ticks_per_tsc >> 16)) >> 16;
	if (ticks > 0xffffffff)
		ticks = 0xffffffff;
	lapic_write(LAPIC_LVT_TIMER, SVM_TIMER_VECTOR);	/* one-shot */
	lapic_write(LAPIC_TIMER_INITIAL, ticks ? (uint32_t)ticks : 1);
}

void svm_timer_disarm(void)
{
	lapic_write(LAPIC_TIMER_INITIAL, 0);
}
