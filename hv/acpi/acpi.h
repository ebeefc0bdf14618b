/* SPDX-License-Identifier: MIT */
/*
 * The ACPI tables a guest's firmware would give it (ACPI 6.4), built by
 * the hypervisor per guest as Firecracker and QEMU's microvm do:
 *
 *   RSDP -> XSDT -> FACP (FADT, hardware-reduced) -> DSDT (AML: \_S5,
 *                |                                 \_SB.CPU0, COM1, RTC)
 *                +-> APIC (MADT: local APIC, IOAPIC, IRQ 0 -> GSI 2),
 *                    only when the VM has the APIC devices
 *
 * all in the BIOS area at 0xe0000 (reserved in the memory map, where a
 * PC's BIOS keeps its RSDP, so that the EBDA/BIOS-area scan finds it).
 * One builder per table (rsdp.c, xsdt.c, fadt.c, madt.c, dsdt.c), the
 * DSDT's AML made by aml.c. Pure: the builders write into a buffer that
 * stands for guest-physical memory, so the host unit tests run them.
 *
 * A hardware-reduced platform (FADT flag HW_REDUCED_ACPI) has no fixed
 * ACPI hardware: sleep states go through the FADT's SLEEP_CONTROL_REG
 * and SLEEP_STATUS_REG, two I/O ports that hv/dev/acpi_sleep.c models.
 * Writing SLP_EN with \_S5's SLP_TYP there powers the guest off.
 */
#ifndef HV_ACPI_ACPI_H
#define HV_ACPI_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where the tables go: the BIOS area [0xe0000, 0x100000) (hv/memmap.h). */
#define ACPI_TABLES_GPA		0xe0000ULL
#define ACPI_TABLES_SIZE	0x20000u

/*
 * The sleep registers (FADT SLEEP_CONTROL_REG, SLEEP_STATUS_REG): ports
 * that QEMU's pc machine leaves free (its PIIX4 power management block
 * is 0x600-0x63f), so that the same tables also boot natively there.
 */
#define ACPI_SLEEP_CONTROL_PORT	0x680
#define ACPI_SLEEP_STATUS_PORT	0x681
/* ACPI 6.4, 4.8.3.7 "Sleep Control and Status Registers". */
#define ACPI_SLP_TYP_SHIFT	2
#define ACPI_SLP_TYP_MASK	(7u << ACPI_SLP_TYP_SHIFT)
#define ACPI_SLP_EN		(1u << 5)
#define ACPI_WAK_STS		(1u << 7)
/* The SLP_TYP that \_S5 (soft off) names. */
#define ACPI_S5_SLP_TYP		5

/* The reset register (FADT RESET_REG): the PIIX3's 0xcf9, as QEMU's pc. */
#define ACPI_RESET_PORT		0xcf9
#define ACPI_RESET_VALUE	0x06

/* Identification in every table header. */
#define ACPI_OEM_ID		"EDUHV "	/* 6 characters */
#define ACPI_OEM_TABLE_ID	"EDUHVPC "	/* 8 characters */
#define ACPI_OEM_REVISION	1
#define ACPI_CREATOR_ID		"EDHV"
#define ACPI_CREATOR_REVISION	1

#define ACPI_HEADER_SIZE	36
#define ACPI_RSDP_SIZE		36
#define ACPI_FADT_SIZE		276	/* revision 6 */
#define ACPI_FADT_REVISION	6
#define ACPI_FADT_MINOR		0
#define ACPI_DSDT_REVISION	2	/* 64-bit integers */
#define ACPI_MADT_REVISION	5
#define ACPI_XSDT_REVISION	1
#define ACPI_XSDT_ENTRIES_MAX	8
#define ACPI_VIRTIO_MMIO_SIZE	0x200	/* a virtio-mmio register window */

/* FADT fields (ACPI 6.4, Table 5.9): offsets. */
#define FADT_FIRMWARE_CTRL	36
#define FADT_DSDT		40
#define FADT_PM_PROFILE		45
#define FADT_SCI_INT		46
#define FADT_IAPC_BOOT_ARCH	109
#define FADT_FLAGS		112
#define FADT_RESET_REG		116
#define FADT_RESET_VALUE	128
#define FADT_MINOR_VERSION	131
#define FADT_X_DSDT		140
#define FADT_SLEEP_CONTROL_REG	244
#define FADT_SLEEP_STATUS_REG	256
#define FADT_HYPERVISOR_VENDOR	268

/* FADT Flags (Table 5.10) and IA-PC boot architecture flags (Table 5.11). */
#define FADT_F_WBINVD		(1u << 0)
#define FADT_F_PWR_BUTTON	(1u << 4)	/* no fixed power button */
#define FADT_F_SLP_BUTTON	(1u << 5)	/* no fixed sleep button */
#define FADT_F_RESET_REG_SUP	(1u << 10)
#define FADT_F_HW_REDUCED_ACPI	(1u << 20)
#define IAPC_LEGACY_DEVICES	(1u << 0)
#define IAPC_8042		(1u << 1)
#define IAPC_VGA_NOT_PRESENT	(1u << 2)
#define IAPC_MSI_NOT_SUPPORTED	(1u << 3)

/* Generic Address Structure (5.2.3.2). */
#define ACPI_GAS_SIZE		12
#define ACPI_GAS_SYSTEM_IO	1
#define ACPI_GAS_ACCESS_BYTE	1

/* MADT (5.2.12): flags and structure types. */
#define MADT_PCAT_COMPAT	(1u << 0)
#define MADT_LOCAL_APIC		0
#define MADT_IO_APIC		1
#define MADT_INT_OVERRIDE	2
#define MADT_LOCAL_APIC_NMI	4
#define MADT_LAPIC_ENABLED	(1u << 0)
/* The IOAPIC's ID: 0, as QEMU's pc has it (beside CPU 0's APIC ID 0). */
#define MADT_IOAPIC_ID		0
#define MADT_ISA_BUS		0
#define MADT_ALL_PROCESSORS	0xff

/* What the platform has, to describe. */
struct acpi_platform {
	bool apic;		/* a local APIC and an IOAPIC: add the MADT */
	unsigned int cpus;	/* vCPUs (1 today) */
	/* A virtio-mmio device (LNRO0005) in the DSDT; base 0: none. */
	uint32_t virtio_mmio_base, virtio_mmio_gsi;
};

/* Where each table went (guest-physical); 0: not built. */
struct acpi_layout {
	uint64_t rsdp, xsdt, fadt, madt, dsdt;
	uint32_t xsdt_len, madt_len, dsdt_len;
	uint32_t end;		/* bytes used from the base */
};

/*
 * Build the tables into @mem, which stands for guest-physical
 * [@base, @base + @size). 0 and @out filled, or -1 if they do not fit.
 */
int acpi_build_tables(uint8_t *mem, uint64_t base, size_t size,
		      const struct acpi_platform *p, struct acpi_layout *out);

/* The table builders; each returns its table's length, 0 if no room. */
size_t acpi_build_rsdp(uint8_t *t, uint64_t xsdt);
size_t acpi_build_xsdt(uint8_t *t, size_t room, const uint64_t *tables,
		       unsigned int n);
size_t acpi_build_fadt(uint8_t *t, size_t room, uint64_t dsdt);
size_t acpi_build_madt(uint8_t *t, size_t room, const struct acpi_platform *p);
size_t acpi_build_dsdt(uint8_t *t, size_t room, const struct acpi_platform *p);

/* Shared by the builders (table.c). */
void acpi_header(uint8_t *t, const char sig[4], uint32_t len, uint8_t rev);
uint8_t acpi_checksum(const uint8_t *p, size_t n);
void acpi_set_checksum(uint8_t *t, size_t len, size_t at);
void acpi_gas_io(uint8_t *g, uint16_t port, unsigned int bits);
void acpi_put16(uint8_t *p, uint16_t v);
void acpi_put32(uint8_t *p, uint32_t v);
void acpi_put64(uint8_t *p, uint64_t v);

#endif
