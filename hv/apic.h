/* SPDX-License-Identifier: MIT */
/*
 * The VM's APICs as the core sees them: each vCPU's local APIC
 * (hv/dev/lapic.c) and the VM's IOAPIC (hv/dev/ioapic.c), wired to the
 * MMIO registry, the MSRs, CR8 and the run loop's interrupt delivery.
 */
#ifndef HV_APIC_H
#define HV_APIC_H

#include <stdbool.h>
#include <stdint.h>

struct vm;
struct vcpu;

#define IOAPIC_PIT_PIN	2	/* a PC wires ISA IRQ 0 to pin 2 */

/* Reset both and register their MMIO windows: 0 or -HV_E*. */
int apic_vm_init(struct vm *vm);

/*
 * IA32_APIC_BASE, IA32_TSC_DEADLINE and the x2APIC MSRs (0x800-0x8ff):
 * 0, or -HV_EINVAL (#GP: a reserved bit, a read-only register written,
 * a write-only one read). Returns -HV_ENOENT for any other MSR, and for
 * an x2APIC MSR that names no register or outside x2APIC mode.
 */
int apic_msr_read(struct vcpu *v, uint32_t index, uint64_t *value);
int apic_msr_write(struct vcpu *v, uint32_t index, uint64_t value);

/* The guest moved its TSC: an armed TSC deadline follows it. */
void apic_tsc_moved(struct vcpu *v);

/*
 * One line of what reached nobody, if anything did: IPIs to other CPUs
 * (there are none) and IOAPIC messages no local APIC took.
 */
void apic_report(const struct vm *vm);

/* The IOAPIC pin ISA IRQ @irq is wired to (IRQ 0 on pin 2, others 1:1). */
static inline unsigned int apic_isa_pin(unsigned int irq)
{
	return irq == 0 ? IOAPIC_PIT_PIN : irq;
}

#endif
