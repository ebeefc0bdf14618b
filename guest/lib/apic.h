/* SPDX-License-Identifier: MIT */
/*
 * The local APIC (xAPIC registers by MMIO, Intel SDM Vol. 3A, chapter 10)
 * and the I/O APIC (Intel 82093AA datasheet) of a PC, for workloads that
 * program them directly. Register offsets as the SDM's Table 10-1.
 */
#ifndef GUEST_LIB_APIC_H
#define GUEST_LIB_APIC_H

#include <stdint.h>

#define MSR_IA32_APIC_BASE	0x1b
#define MSR_IA32_TSC_DEADLINE	0x6e0
#define APIC_BASE_BSP		(1u << 8)
#define APIC_BASE_EXTD		(1u << 10)
#define APIC_BASE_ENABLE	(1u << 11)

#define CPUID_1_EDX_APIC	(1u << 9)
#define CPUID_1_ECX_X2APIC	(1u << 21)
#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)

#define APIC_ID		0x020
#define APIC_LVR	0x030
#define APIC_TPR	0x080
#define APIC_PPR	0x0a0
#define APIC_EOI	0x0b0
#define APIC_LDR	0x0d0
#define APIC_DFR	0x0e0
#define APIC_SVR	0x0f0
#define APIC_ISR	0x100
#define APIC_TMR	0x180
#define APIC_IRR	0x200
#define APIC_ESR	0x280
#define APIC_ICR	0x300
#define APIC_ICR2	0x310
#define APIC_LVTT	0x320
#define APIC_LVTTHMR	0x330
#define APIC_LVTPC	0x340
#define APIC_LVT0	0x350
#define APIC_LVT1	0x360
#define APIC_LVTERR	0x370
#define APIC_TMICT	0x380
#define APIC_TMCCT	0x390
#define APIC_TDCR	0x3e0

#define APIC_SVR_ENABLE		(1u << 8)
#define APIC_LVT_MASKED		(1u << 16)
#define APIC_TIMER_PERIODIC	(1u << 17)
#define APIC_TIMER_TSC_DEADLINE	(2u << 17)
#define APIC_ICR_SELF		(1u << 18)
#define APIC_ICR_ALL		(2u << 18)
#define APIC_ICR_OTHERS		(3u << 18)
#define APIC_ICR_BUSY		(1u << 12)
#define APIC_TDCR_1		0xb
#define APIC_TDCR_16		0x3
#define APIC_TDCR_128		0xa

#define IOAPIC_BASE		0xfec00000u
#define IOAPIC_REG_ID		0x00
#define IOAPIC_REG_VER		0x01
#define IOAPIC_REG_ARB		0x02
#define IOAPIC_REDTBL(pin)	(0x10 + 2 * (pin))
#define IOAPIC_LEVEL		(1u << 15)
#define IOAPIC_REMOTE_IRR	(1u << 14)
#define IOAPIC_MASKED		(1u << 16)

/*
 * Map the top of the 4 GiB space where a PC has the IOAPIC and the local
 * APIC (0xfec00000 - 0xff000000, two 2 MiB pages, uncached) into the
 * page tables entry.asm built. Call once, before anything below.
 */
void apic_map(void);

uint32_t lapic_read(uint32_t reg);
void lapic_write(uint32_t reg, uint32_t value);
void lapic_eoi(void);

/* Is @vector set in the 256-bit register at @reg (ISR, TMR, IRR)? */
int lapic_bit(uint32_t reg, unsigned int vector);

uint32_t ioapic_read(uint32_t reg);
void ioapic_write(uint32_t reg, uint32_t value);

#endif
