/* SPDX-License-Identifier: MIT */
/*
 * Loading a Multiboot (v1) kernel into guest RAM and building the
 * information a Multiboot loader gives it (Multiboot Specification 0.6.96,
 * 3.1 "OS image format", 3.3 "Boot information format"). Pure: it works
 * on a buffer standing for guest-physical [0, ram_size), so the host unit
 * tests run it.
 */
#ifndef HV_MULTIBOOT_H
#define HV_MULTIBOOT_H

#include <stddef.h>
#include <stdint.h>

#define MULTIBOOT_HEADER_MAGIC		0x1badb002u
#define MULTIBOOT_BOOTLOADER_MAGIC	0x2badb002u
#define MULTIBOOT_SEARCH		8192	/* the header lies in here */

#define MULTIBOOT_INFO_MEMORY		(1u << 0)
#define MULTIBOOT_INFO_CMDLINE		(1u << 2)
#define MULTIBOOT_INFO_MEM_MAP		(1u << 6)
#define MULTIBOOT_INFO_LOADER_NAME	(1u << 9)

/* Where the information goes in guest RAM: free low memory, below 640 KiB. */
#define MBI_GPA			0x8000u
#define MBI_MMAP_GPA		0x8100u
#define MBI_CMDLINE_GPA		0x8200u
#define MBI_LOADER_NAME_GPA	0x8400u	/* room for path + cmdline */
#define MBI_END			0x9000u

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;	/* KiB below 1 MiB, above 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
	uint32_t apm_table;
	uint32_t vbe_control_info, vbe_mode_info;
	uint16_t vbe_mode, vbe_interface_seg, vbe_interface_off, vbe_interface_len;
};

struct multiboot_mmap_entry {
	uint32_t size;			/* of the rest: 20 */
	uint64_t addr, len;
	uint32_t type;			/* 1: available RAM */
} __attribute__((packed));

_Static_assert(sizeof(struct multiboot_info) == 88, "Multiboot 3.3");
_Static_assert(sizeof(struct multiboot_mmap_entry) == 24, "Multiboot 3.3");

#define MULTIBOOT_WHY_MAX 160

/*
 * Load @image (@size bytes) into @ram. Returns 0 and the entry point, or
 * -1 with one line in @why.
 */
int multiboot_load(uint8_t *ram, uint64_t ram_size, const uint8_t *image,
		   size_t size, uint32_t *entry, char why[MULTIBOOT_WHY_MAX]);

/*
 * Write the boot information for a guest with @ram_size bytes of RAM;
 * returns its guest-physical address (for EBX). The command line is
 * "@image @args", the kernel's name first, as GRUB and QEMU pass it.
 */
uint32_t multiboot_build_info(uint8_t *ram, uint64_t ram_size,
			      const char *image, const char *args);

#endif
