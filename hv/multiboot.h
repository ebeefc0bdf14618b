/* SPDX-License-Identifier: MIT */
/*
 * Loading a Multiboot (v1) kernel and its modules into guest RAM and
 * building the information a Multiboot loader gives it (Multiboot
 * Specification 0.6.96, 3.1 "OS image format", 3.2 "Machine state", 3.3
 * "Boot information format"), as GRUB and QEMU's -kernel do. Pure: it works
 * on a buffer standing for guest-physical [0, ram_size), so the host unit
 * tests and the UEFI loader (which checks an image before anything runs)
 * use it too.
 *
 * The layout, in this order (each step sees what the earlier ones took):
 *   1. the image's segments where they ask to be: in conventional RAM
 *      below 0x9fc00 or in RAM from 1 MiB, never in the PC's hole between
 *      (hv/memmap.h);
 *   2. the modules, page-aligned, in the first free place at or after the
 *      kernel's end;
 *   3. the loader's block: GDT, boot information, memory map, module
 *      list and strings, in the first free place of low memory from 0x1000
 *      (page 0 keeps the real-mode IVT and BIOS data area), or else of RAM
 *      from 1 MiB.
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
#define MULTIBOOT_INFO_MODS		(1u << 3)
#define MULTIBOOT_INFO_MEM_MAP		(1u << 6)
#define MULTIBOOT_INFO_LOADER_NAME	(1u << 9)

#define MULTIBOOT_SEGMENTS_MAX	16	/* PT_LOAD segments of an image */
#define MULTIBOOT_MODULES_MAX	8
#define MULTIBOOT_INFO_FROM	0x1000u	/* the loader's block: not below */
#define MULTIBOOT_LOADER_NAME	"EduHV"

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
	uint32_t type;			/* 1: available RAM, 2: reserved */
} __attribute__((packed));

struct multiboot_mod_list {
	uint32_t mod_start, mod_end;	/* [start, end) in guest memory */
	uint32_t cmdline;		/* its string */
	uint32_t pad;
};

_Static_assert(sizeof(struct multiboot_info) == 88, "Multiboot 3.3");
_Static_assert(sizeof(struct multiboot_mmap_entry) == 24, "Multiboot 3.3");
_Static_assert(sizeof(struct multiboot_mod_list) == 16, "Multiboot 3.3");

#define MULTIBOOT_WHY_MAX	160
#define MULTIBOOT_BAD_IMAGE	(-1)
#define MULTIBOOT_BAD_MODULE	(-2)	/* which one: layout.bad_module */

/* A module: its bytes (may be NULL for multiboot_plan()) and its string. */
struct multiboot_module {
	const uint8_t *data;
	uint64_t size;
	const char *string;	/* "PATH [args]", as GRUB and QEMU give it */
};

/* What is to be loaded, and into how much RAM. */
struct multiboot_guest {
	uint64_t ram_size;
	const uint8_t *image;
	size_t size;
	const char *path;	/* the command line is "path args" */
	const char *args;
	const struct multiboot_module *mods;
	unsigned int nmods;
};

struct multiboot_range {
	uint32_t start, end;	/* [start, end) */
};

/* Where everything goes (all guest-physical). */
struct multiboot_layout {
	uint32_t entry;
	unsigned int nsegs;
	struct multiboot_range seg[MULTIBOOT_SEGMENTS_MAX];
	uint32_t kernel_start;		/* its lowest segment */
	uint32_t kernel_end;		/* past its highest segment */
	struct multiboot_range mod[MULTIBOOT_MODULES_MAX];
	struct multiboot_range info;	/* the loader's block */
	uint32_t gdt, gdt_limit, mbi, mmap, mmap_length, mods;
	uint32_t cmdline, loader_name, strings;
	unsigned int mmap_entries;
	int bad_module;			/* with MULTIBOOT_BAD_MODULE */
};

/*
 * Lay @g out without writing anything: 0 and @l filled, or
 * MULTIBOOT_BAD_IMAGE / MULTIBOOT_BAD_MODULE (the file at fault) with one
 * line in @why. The UEFI loader calls this; multiboot_load() does it again.
 */
int multiboot_plan(const struct multiboot_guest *g, struct multiboot_layout *l,
		   char why[MULTIBOOT_WHY_MAX]);

/*
 * Lay @g out into @ram (guest-physical [0, g->ram_size)): segments (bss
 * zeroed), modules, GDT, boot information. Returns as multiboot_plan();
 * on success l->entry is for EIP, l->mbi for EBX, l->gdt/gdt_limit for
 * the GDTR (selectors BOOT_MULTIBOOT_CS/DS, hv/boot_gdt.h).
 */
int multiboot_load(uint8_t *ram, const struct multiboot_guest *g,
		   struct multiboot_layout *l, char why[MULTIBOOT_WHY_MAX]);

#endif
