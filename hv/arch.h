/* SPDX-License-Identifier: MIT */
/*
 * The seam between the vendor-neutral core (hv/) and the architecture
 * (arch/x86/, and within it the virtualization backend, arch/x86/vmx/).
 * Everything the core needs from the machine is declared here; the core
 * includes no header from arch/. A second backend (AMD SVM) provides the
 * same functions and is chosen at link time.
 */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <stdint.h>

struct boot_info;

/* CPU tables (GDT, TSS, IDT) of the boot CPU. */
void arch_cpu_init(void);

/*
 * Replace the loader's page tables with the hypervisor's own: physical
 * memory identity-mapped (no execute), the image mapped with per-section
 * permissions. Table pages come from the physical page allocator.
 */
void arch_mm_init(const struct boot_info *bi);

/* "GenuineIntel", "AuthenticAMD", ... and the brand string, if any. */
void arch_cpu_identify(char vendor[13], char brand[49]);

/*
 * Probe the virtualization extensions, print what they offer, and check
 * that the hypervisor can enter and leave VMX operation. Returns 0 when
 * guests can run, -HV_ENODEV when this CPU cannot run them (after printing
 * one line that says why and what to do instead).
 */
int arch_virt_init(void);

void arch_irq_disable(void);
void arch_cpu_relax(void);	/* in a spin loop */
uint64_t arch_read_timestamp(void);

/* Port I/O, for drivers of the hypervisor's own devices. */
void arch_outb(uint16_t port, uint8_t v);
void arch_outw(uint16_t port, uint16_t v);
uint8_t arch_inb(uint16_t port);

void __attribute__((noreturn)) arch_halt(void);

#endif
