// SPDX-License-Identifier: MIT
#include "drivers/irqchip.h"

#include <stdint.h>

#include "hv/arch.h"
#include "hv/printk.h"

#define PIC1_DATA		0x21
#define PIC2_DATA		0xa1
#define LAPIC_EOI		0x0b0
#define LAPIC_LVT_TIMER		0x320
#define LAPIC_LVT_LINT0		0x350
#define LAPIC_LVT_LINT1		0x360
#define LAPIC_LVT_ERROR		0x370
#define LVT_MASKED		(1u << 16)
#define LVT_DM_NMI		(4u << 8)

void irqchip_quiesce(void)
{
	uint64_t base = arch_lapic_base();

	arch_outb(PIC1_DATA, 0xff);
	arch_outb(PIC2_DATA, 0xff);
	if (!base)
		return;
	/* The xAPIC registers, identity-mapped (SDM Vol. 3A, 11.4.1). */
	for (uint32_t reg = LAPIC_LVT_TIMER; reg <= LAPIC_LVT_ERROR; reg += 0x10)
		if (reg != 0x330 && reg != 0x340)	/* thermal, perf: leave */
			*(volatile uint32_t *)(base + reg) |= LVT_MASKED;
	/*
	 * LINT1 carries the board's NMI (MP spec 1.4, 5.1; Linux sets it so
	 * on the boot CPU): unmasked in NMI mode, so a watchdog's or an NMI
	 * button's NMI reaches the host, which counts it (arch/x86/isr.asm).
	 */
	*(volatile uint32_t *)(base + LAPIC_LVT_LINT1) = LVT_DM_NMI;
	*(volatile uint32_t *)(base + LAPIC_EOI) = 0;
	printk("irq: legacy PICs and local APIC LVTs at 0x%llx masked\n",
	       (unsigned long long)base);
}
