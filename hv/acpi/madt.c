// SPDX-License-Identifier: MIT
/*
 * The Multiple APIC Description Table (ACPI 6.4, 5.2.12): one local APIC
 * per vCPU, the IOAPIC at 0xfec00000 with GSI base 0, ISA IRQ 0 on GSI 2
 * (the PIT on the IOAPIC's pin 2, as every PC chipset wires it), ISA IRQ 9
 * (the SCI) level and active high, and the local APICs' LINT1 as NMI. PCAT_COMPAT: there are 8259s too.
 */
#include "hv/acpi/acpi.h"

#include "hv/memmap.h"

#define MADT_FIXED	(ACPI_HEADER_SIZE + 8)
#define LAPIC_LEN	8
#define IOAPIC_LEN	12
#define OVERRIDE_LEN	10
#define LAPIC_NMI_LEN	6
#define PIT_IRQ		0
#define PIT_GSI		2
#define NMI_LINT	1

size_t acpi_build_madt(uint8_t *t, size_t room, const struct acpi_platform *p)
{
	size_t len = MADT_FIXED + (size_t)p->cpus * LAPIC_LEN + IOAPIC_LEN +
		     2 * OVERRIDE_LEN + LAPIC_NMI_LEN, at = MADT_FIXED;

	if (len > room || p->cpus == 0 || p->cpus > 255)
		return 0;
	acpi_header(t, "APIC", (uint32_t)len, ACPI_MADT_REVISION);
	acpi_put32(t + 36, (uint32_t)GUEST_LAPIC_BASE);
	acpi_put32(t + 40, MADT_PCAT_COMPAT);

	for (unsigned int cpu = 0; cpu < p->cpus; cpu++, at += LAPIC_LEN) {
		t[at] = MADT_LOCAL_APIC;
		t[at + 1] = LAPIC_LEN;
		t[at + 2] = (uint8_t)cpu;	/* UID: CPUn's _UID */
		t[at + 3] = (uint8_t)cpu;	/* APIC ID */
		acpi_put32(t + at + 4, MADT_LAPIC_ENABLED);
	}

	t[at] = MADT_IO_APIC;
	t[at + 1] = IOAPIC_LEN;
	t[at + 2] = MADT_IOAPIC_ID;
	t[at + 3] = 0;
	acpi_put32(t + at + 4, (uint32_t)GUEST_IOAPIC_BASE);
	acpi_put32(t + at + 8, 0);		/* GSI base */
	at += IOAPIC_LEN;

	t[at] = MADT_INT_OVERRIDE;
	t[at + 1] = OVERRIDE_LEN;
	t[at + 2] = MADT_ISA_BUS;
	t[at + 3] = PIT_IRQ;
	acpi_put32(t + at + 4, PIT_GSI);
	acpi_put16(t + at + 8, 0);	/* polarity, trigger: the bus's */
	at += OVERRIDE_LEN;

	/*
	 * The SCI: level, active high, as QEMU's pc declares it (an ISA IRQ
	 * is edge-triggered by default, and Linux would take a bare SCI for
	 * level, active low).
	 */
	t[at] = MADT_INT_OVERRIDE;
	t[at + 1] = OVERRIDE_LEN;
	t[at + 2] = MADT_ISA_BUS;
	t[at + 3] = ACPI_SCI_IRQ;
	acpi_put32(t + at + 4, ACPI_SCI_IRQ);
	acpi_put16(t + at + 8, MADT_INTI_ACTIVE_HIGH | MADT_INTI_LEVEL);
	at += OVERRIDE_LEN;

	t[at] = MADT_LOCAL_APIC_NMI;
	t[at + 1] = LAPIC_NMI_LEN;
	t[at + 2] = MADT_ALL_PROCESSORS;
	acpi_put16(t + at + 3, 0);
	t[at + 5] = NMI_LINT;

	acpi_set_checksum(t, len, 9);
	return len;
}
