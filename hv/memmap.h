/* SPDX-License-Identifier: MIT */
/*
 * The guest-physical layout of a fully virtualized PC, as QEMU's "pc"
 * machine and a PC BIOS leave it. One description, used by every loader
 * (the Multiboot memory map, Linux's e820 table), by the second-level page
 * tables (what is RAM) and by MMIO emulation (what is a device window).
 *
 *   [0, 0x9fc00)            conventional RAM
 *   [0x9fc00, 0xa0000)      EBDA (reserved)
 *   [0xa0000, 0xc0000)      legacy VGA window: a device window, not RAM
 *   [0xc0000, 0xe0000)      option ROMs: RAM behind, not advertised
 *   [0xe0000, 0x100000)     the BIOS area (reserved): ACPI tables from
 *                           0xe0000, SMBIOS from 0xf0000
 *   [1 MiB, ram_size)       extended RAM
 *   [0xfec00000, 4 GiB)     IOAPIC, HPET, local APIC, BIOS flash: devices
 */
#ifndef HV_MEMMAP_H
#define HV_MEMMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUEST_LOW_RAM_END	0x9fc00ULL
#define GUEST_VGA_START		0xa0000ULL
#define GUEST_VGA_END		0xc0000ULL
#define GUEST_BIOS_START	0xe0000ULL
#define GUEST_HIGH_RAM_START	0x100000ULL
#define GUEST_DEVICE_START	0xfec00000ULL	/* to 4 GiB */
#define GUEST_DEVICE_END	0x100000000ULL
#define GUEST_IOAPIC_BASE	0xfec00000ULL
#define GUEST_LAPIC_BASE	0xfee00000ULL
#define GUEST_RAM_MAX		GUEST_DEVICE_START	/* no RAM above 4 GiB */

/* E820 / Multiboot memory types (ACPI 6.4, Table 15.312). */
enum guest_region_type {
	GUEST_REGION_RAM = 1,
	GUEST_REGION_RESERVED = 2,
};

struct guest_region {
	uint64_t start, len;
	uint32_t type;
};

#define GUEST_REGIONS_MAX	8

/*
 * The memory map of a guest with @ram_size bytes of RAM (at least 1 MiB
 * plus a page), in address order: @out gets at most @max entries; returns
 * how many it wrote.
 */
size_t guest_memory_map(uint64_t ram_size, struct guest_region *out,
			size_t max);

/* Is @gpa in a window where a PC has devices (not RAM)? */
static inline bool guest_in_device_window(uint64_t gpa)
{
	return (gpa >= GUEST_VGA_START && gpa < GUEST_VGA_END) ||
	       (gpa >= GUEST_DEVICE_START && gpa < GUEST_DEVICE_END);
}

#endif
