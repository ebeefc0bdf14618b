/* SPDX-License-Identifier: MIT */
/*
 * The ACPI tables a guest's firmware would give it (ACPI 6.4), built by
 * the hypervisor per guest as Firecracker and QEMU's microvm do:
 *
 *   RSDP -> XSDT -> FACP (FADT) -> DSDT (AML: \_S5, \_SB.CPU0, COM1, RTC)
 *                |            +-> FACS
 *                +-> APIC (MADT: local APIC, IOAPIC, IRQ 0 -> GSI 2,
 *                    the SCI's IRQ 9 level), only when the VM has the
 *                    APIC devices
 *
 * all in the BIOS area at 0xe0000 (reserved in the memory map, where a
 * PC's BIOS keeps its RSDP, so that the EBDA/BIOS-area scan finds it).
 * One builder per table (rsdp.c, xsdt.c, fadt.c, madt.c, dsdt.c), the
 * DSDT's AML made by aml.c. Pure: the builders write into a buffer that
 * stands for guest-physical memory, so the host unit tests run them.
 *
 * The platform has the fixed ACPI hardware of a PC (ACPI 6.4, 4.8), at
 * the ports of QEMU's pc machine (its PIIX4 power management block, which
 * SeaBIOS puts at 0x600), modelled by hv/dev/acpi_pm.c: the PM1a event
 * block (PM1_STS, PM1_EN), the PM1a control block (SCI_EN, SLP_TYP,
 * SLP_EN) and the 24-bit PM timer. Writing SLP_EN with \_S5's SLP_TYP to
 * PM1a_CNT powers the guest off. It is not hardware-reduced: Linux keeps
 * the legacy PIC and PIT on such a platform (a hardware-reduced FADT makes
 * it drop both, acpi_generic_reduced_hw_init()), and calibrates the TSC
 * against the PIT with the PM timer as its reference.
 */
#ifndef HV_ACPI_ACPI_H
#define HV_ACPI_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Where the tables go: the lower half of the BIOS area, [0xe0000,
 * 0xf0000) (hv/memmap.h); the SMBIOS tables take the upper half.
 */
#define ACPI_TABLES_GPA		0xe0000ULL
#define ACPI_TABLES_SIZE	0x10000u

/*
 * The fixed hardware's ports: QEMU's PIIX4 PM layout at SeaBIOS's base
 * 0x600 (hw/acpi/piix4.c, hw/acpi/core.c), so that the same tables boot
 * natively in QEMU's pc machine and drive its real registers there.
 */
#define ACPI_PM_BASE		0x600
#define ACPI_PM1A_EVT_PORT	0x600	/* PM1_STS 0x600, PM1_EN 0x602 */
#define ACPI_PM1_EVT_LEN	4
#define ACPI_PM1A_CNT_PORT	0x604
#define ACPI_PM1_CNT_LEN	2
#define ACPI_PM_TMR_PORT	0x608
#define ACPI_PM_TMR_LEN		4
#define ACPI_PM_PORTS		12	/* 0x600-0x60b */
/* The SCI: ISA IRQ 9, level, active high, as on the PIIX4. */
#define ACPI_SCI_IRQ		9
/* ACPI 6.4, 4.8.4.1 (PM1 status and enable), 4.8.4.2 (PM1 control). */
#define ACPI_PM1_TMR_STS	(1u << 0)
#define ACPI_PM1_WAK_STS	(1u << 15)
#define ACPI_PM1_TMR_EN		(1u << 0)
#define ACPI_PM1_SCI_EN		(1u << 0)
#define ACPI_SLP_TYP_SHIFT	10
#define ACPI_SLP_TYP_MASK	(7u << ACPI_SLP_TYP_SHIFT)
#define ACPI_SLP_EN		(1u << 13)
/*
 * The SLP_TYP that \_S5 (soft off) names: 0, as QEMU's PIIX4 takes it
 * (acpi_pm1_cnt_write: type 0 is soft off) and its DSDT says.
 */
#define ACPI_S5_SLP_TYP		0
/* The PM timer: 3.579545 MHz (4.8.3.3), 24 bits (TMR_VAL_EXT clear). */
#define ACPI_PM_TIMER_HZ	3579545u
#define ACPI_PM_TIMER_BITS	24

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
#define ACPI_FACS_SIZE		64
#define ACPI_FACS_VERSION	2
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
#define FADT_SMI_CMD		48
#define FADT_PM1A_EVT_BLK	56
#define FADT_PM1A_CNT_BLK	64
#define FADT_PM_TMR_BLK		76
#define FADT_PM1_EVT_LEN	88
#define FADT_PM1_CNT_LEN	89
#define FADT_PM_TMR_LEN		91
#define FADT_P_LVL2_LAT		96
#define FADT_P_LVL3_LAT		98
#define FADT_CENTURY		108
#define FADT_IAPC_BOOT_ARCH	109
#define FADT_FLAGS		112
#define FADT_RESET_REG		116
#define FADT_RESET_VALUE	128
#define FADT_MINOR_VERSION	131
#define FADT_X_FIRMWARE_CTRL	132
#define FADT_X_DSDT		140
#define FADT_X_PM1A_EVT_BLK	148
#define FADT_X_PM1A_CNT_BLK	172
#define FADT_X_PM_TMR_BLK	208
#define FADT_HYPERVISOR_VENDOR	268
#define FADT_HYPERVISOR_VENDOR_LEN	8

/* FADT Flags (Table 5.10) and IA-PC boot architecture flags (Table 5.11). */
#define FADT_F_WBINVD		(1u << 0)
#define FADT_F_PWR_BUTTON	(1u << 4)	/* no fixed power button */
#define FADT_F_SLP_BUTTON	(1u << 5)	/* no fixed sleep button */
#define FADT_F_RESET_REG_SUP	(1u << 10)
#define FADT_F_HW_REDUCED_ACPI	(1u << 20)	/* not set: full hardware */
/* C2 and C3 latencies above 100 and 1000 us: neither is supported. */
#define FADT_NO_C2_LAT		0x65
#define FADT_NO_C3_LAT		0x3e9
#define IAPC_LEGACY_DEVICES	(1u << 0)
#define IAPC_8042		(1u << 1)
#define IAPC_VGA_NOT_PRESENT	(1u << 2)
#define IAPC_MSI_NOT_SUPPORTED	(1u << 3)

/* Generic Address Structure (5.2.3.2). */
#define ACPI_GAS_SIZE		12
#define ACPI_GAS_SYSTEM_IO	1
#define ACPI_GAS_ACCESS_BYTE	1
#define ACPI_GAS_ACCESS_WORD	2
#define ACPI_GAS_ACCESS_DWORD	3

/* MADT (5.2.12): flags and structure types. */
#define MADT_PCAT_COMPAT	(1u << 0)
#define MADT_LOCAL_APIC		0
#define MADT_IO_APIC		1
#define MADT_INT_OVERRIDE	2
#define MADT_LOCAL_APIC_NMI	4
/* MPS INTI flags (Table 5.50): polarity bits 0-1, trigger mode bits 2-3. */
#define MADT_INTI_ACTIVE_HIGH	1u
#define MADT_INTI_LEVEL		(3u << 2)
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
	/*
	 * The FADT's Hypervisor Vendor Identity (5.2.9, 8 bytes): NULL for
	 * zeros, as a PC's firmware (and QEMU's pc) leaves it.
	 */
	const char *hypervisor_vendor;
	/*
	 * Where the PCI root bridge's 32-bit memory window starts (the end
	 * of RAM below 4 GiB, as QEMU's pci_hole); it ends below the IOAPIC.
	 * 0: RAM's end is not known, 2 GiB is taken.
	 */
	uint32_t pci_mem_base;
};

/* Where each table went (guest-physical); 0: not built. */
struct acpi_layout {
	uint64_t rsdp, xsdt, fadt, facs, madt, dsdt;
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
size_t acpi_build_fadt(uint8_t *t, size_t room, uint64_t dsdt, uint64_t facs,
		       const struct acpi_platform *p);
size_t acpi_build_facs(uint8_t *t, size_t room);
size_t acpi_build_madt(uint8_t *t, size_t room, const struct acpi_platform *p);
size_t acpi_build_dsdt(uint8_t *t, size_t room, const struct acpi_platform *p);

/* Shared by the builders (table.c). */
void acpi_header(uint8_t *t, const char sig[4], uint32_t len, uint8_t rev);
uint8_t acpi_checksum(const uint8_t *p, size_t n);
void acpi_set_checksum(uint8_t *t, size_t len, size_t at);
void acpi_gas_io(uint8_t *g, uint16_t port, unsigned int bits);
void acpi_gas_io_access(uint8_t *g, uint16_t port, unsigned int bits,
			unsigned int access);
void acpi_put16(uint8_t *p, uint16_t v);
void acpi_put32(uint8_t *p, uint32_t v);
void acpi_put64(uint8_t *p, uint64_t v);

#endif
