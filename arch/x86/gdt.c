// SPDX-License-Identifier: MIT
/*
 * The hypervisor's own GDT and TSS. Long mode ignores segment bases and
 * limits (SDM Vol. 3A, 3.2.4), so the GDT holds a 64-bit code segment, a
 * data segment and the TSS, whose IST stacks give #DF, NMI and #MC a known
 * good stack even when the current one is not (SDM 6.14.5).
 */
#include <stdint.h>

#include "arch/x86/gdt.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "SDM Figure 8-11");

#define IST_STACK_SIZE 8192

static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));
static struct tss tss;
static uint64_t gdt[GDT_ENTRIES];

static uint64_t tss_desc_low(uint64_t base, uint32_t limit)
{
	return (limit & 0xffff) | ((base & 0xffffff) << 16) |
	       (0x89ULL << 40) |		/* present, 64-bit TSS (available) */
	       ((uint64_t)(limit >> 16 & 0xf) << 48) |
	       ((base >> 24 & 0xff) << 56);
}

void gdt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = { sizeof(gdt) - 1, (uint64_t)gdt };

	gdt[0] = 0;
	gdt[GDT_KERNEL_CS / 8] = 0x00af9a000000ffffULL; /* L=1, P, DPL0, code */
	gdt[GDT_KERNEL_DS / 8] = 0x00cf92000000ffffULL; /* P, DPL0, data RW */
	for (int i = 0; i < 3; i++)
		tss.ist[i] = (uint64_t)&ist_stacks[i][IST_STACK_SIZE];
	tss.iomap_base = sizeof(tss);	/* no I/O permission bitmap */
	gdt[GDT_TSS / 8] = tss_desc_low((uint64_t)&tss, sizeof(tss) - 1);
	gdt[GDT_TSS / 8 + 1] = (uint64_t)&tss >> 32;

	__asm__ volatile("lgdt %0\n\t"
			 "mov %1, %%ds\n\t"
			 "mov %1, %%es\n\t"
			 "mov %1, %%ss\n\t"
			 "xor %%eax, %%eax\n\t"
			 "mov %%ax, %%fs\n\t"
			 "mov %%ax, %%gs\n\t"
			 /* Reload CS with a far return. */
			 "pushq %2\n\t"
			 "lea 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "ltr %w3"
			 : : "m"(gdtr), "r"((uint64_t)GDT_KERNEL_DS),
			   "i"(GDT_KERNEL_CS), "r"((uint64_t)GDT_TSS)
			 : "rax", "memory");
}
