// SPDX-License-Identifier: MIT
/* The small arch_* services of hv/arch.h that are plain x86. */
#include "arch/x86/cpu.h"
#include "arch/x86/gdt.h"
#include "arch/x86/traps.h"
#include "hv/arch.h"

void arch_cpu_init(void)
{
	gdt_init();
	trap_init();
}

void arch_cpu_identify(char vendor[13], char brand[49])
{
	struct cpuid_regs r = cpuid(0, 0);
	uint32_t *v = (uint32_t *)vendor, *b = (uint32_t *)brand;

	v[0] = r.ebx;
	v[1] = r.edx;
	v[2] = r.ecx;
	vendor[12] = '\0';
	brand[0] = '\0';
	if (cpuid(0x80000000, 0).eax < 0x80000004)
		return;
	for (uint32_t leaf = 0; leaf < 3; leaf++) {
		r = cpuid(0x80000002 + leaf, 0);
		b[leaf * 4 + 0] = r.eax;
		b[leaf * 4 + 1] = r.ebx;
		b[leaf * 4 + 2] = r.ecx;
		b[leaf * 4 + 3] = r.edx;
	}
	brand[48] = '\0';
}

uint64_t arch_lapic_base(void)
{
	/* IA32_APIC_BASE: bit 11 enable, bit 10 x2APIC (SDM Vol. 3A, 11.4.4). */
	uint64_t v = rdmsr(0x1b);

	if (!(cpuid(1, 0).edx & (1u << 9)) || !(v & (1u << 11)) ||
	    (v & (1u << 10)))
		return 0;
	return v & 0xfffff000ULL;
}

void arch_irq_disable(void)
{
	irq_disable();
}

void arch_cpu_relax(void)
{
	cpu_relax();
}

uint64_t arch_read_timestamp(void)
{
	return rdtsc();
}

void arch_outb(uint16_t port, uint8_t v)
{
	outb(port, v);
}

void arch_outw(uint16_t port, uint16_t v)
{
	outw(port, v);
}

uint8_t arch_inb(uint16_t port)
{
	return inb(port);
}

void arch_halt(void)
{
	cpu_halt_forever();
}

void arch_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
	struct cpuid_regs r = cpuid(leaf, subleaf);

	out[0] = r.eax;
	out[1] = r.ebx;
	out[2] = r.ecx;
	out[3] = r.edx;
}

#define CPUID_GENU		0x756e6547u	/* "Genu" of GenuineIntel */

/*
 * SDM Vol. 3A 10.11.7.1 "Determining the Signature": write 0 to
 * IA32_BIOS_SIGN_ID, execute CPUID leaf 1, read the update signature
 * from bits 63:32 (as OVMF and Linux do). Intel's only: on AMD, MSR 0x8b
 * is the read-only PATCH_LEVEL.
 */
uint32_t arch_microcode_revision(void)
{
	if (cpuid(0, 0).ebx != CPUID_GENU)
		return 0;
	wrmsr(MSR_IA32_BIOS_SIGN_ID, 0);
	(void)cpuid(1, 0);
	return (uint32_t)(rdmsr(MSR_IA32_BIOS_SIGN_ID) >> 32);
}
