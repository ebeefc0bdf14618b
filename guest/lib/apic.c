// SPDX-License-Identifier: MIT
/*
 * The PC's APICs by MMIO (see apic.h). Every access is a 32-bit load or
 * store: the xAPIC page and the IOAPIC window are registers, not memory
 * (SDM Vol. 3A, 10.4.1: 128-bit aligned, accessed with 32-bit moves).
 */
#include "guest/lib/apic.h"
#include "guest/lib/paging.h"
#include "guest/lib/x86.h"

#define PTE_PWT		(1ull << 3)
#define PTE_PCD		(1ull << 4)
#define GIB		(1ull << 30)
#define MIB2		(2ull << 20)
#define APIC_WINDOW	0xfec00000ull	/* to 0xff000000 */

extern volatile uint64_t boot_pdpt[512];	/* entry.asm */

/* The page directory for 3 - 4 GiB: only the APICs' two pages. */
static volatile uint64_t apic_pd[512] __attribute__((aligned(4096)));

static uintptr_t lapic_base = 0xfee00000u;

void apic_map(void)
{
	for (uint64_t pa = APIC_WINDOW; pa < APIC_WINDOW + 2 * MIB2; pa += MIB2)
		apic_pd[(pa % GIB) / MIB2] = pa | PTE_P | PTE_W | PTE_PS |
					     PTE_PCD | PTE_PWT;
	boot_pdpt[APIC_WINDOW / GIB] = (uint64_t)(uintptr_t)apic_pd |
				       PTE_P | PTE_W;
	write_cr3(read_cr3());		/* flush the TLB */
	lapic_base = (uintptr_t)(rdmsr(MSR_IA32_APIC_BASE) & 0xfffff000u);
}

uint32_t lapic_read(uint32_t reg)
{
	return *(volatile uint32_t *)(lapic_base + reg);
}

void lapic_write(uint32_t reg, uint32_t value)
{
	*(volatile uint32_t *)(lapic_base + reg) = value;
}

void lapic_eoi(void)
{
	lapic_write(APIC_EOI, 0);	/* only 0 may be written (SDM 10.8.5) */
}

int lapic_bit(uint32_t reg, unsigned int vector)
{
	return (lapic_read(reg + (vector / 32) * 0x10) >> (vector % 32)) & 1;
}

uint32_t ioapic_read(uint32_t reg)
{
	*(volatile uint32_t *)(uintptr_t)IOAPIC_BASE = reg;
	return *(volatile uint32_t *)(uintptr_t)(IOAPIC_BASE + 0x10);
}

void ioapic_write(uint32_t reg, uint32_t value)
{
	*(volatile uint32_t *)(uintptr_t)IOAPIC_BASE = reg;
	*(volatile uint32_t *)(uintptr_t)(IOAPIC_BASE + 0x10) = value;
}
