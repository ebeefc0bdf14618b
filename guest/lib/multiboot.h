/* SPDX-License-Identifier: MIT */
/*
 * The Multiboot (v1) information structure and helpers to read it
 * (Multiboot Specification 0.6.96, 3.3 "Boot information format").
 */
#ifndef GUEST_LIB_MULTIBOOT_H
#define GUEST_LIB_MULTIBOOT_H

#include <stddef.h>
#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC	0x2badb002	/* in EAX at entry */

/* Which fields of struct multiboot_info are valid. */
#define MB_INFO_MEMORY		(1u << 0)	/* mem_lower, mem_upper */
#define MB_INFO_CMDLINE		(1u << 2)
#define MB_INFO_MODS		(1u << 3)	/* mods_count, mods_addr */
#define MB_INFO_MMAP		(1u << 6)	/* mmap_length, mmap_addr */
#define MB_INFO_LOADER_NAME	(1u << 9)

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower;		/* KiB from 0, at most 640 */
	uint32_t mem_upper;		/* KiB from 1 MiB to the first hole */
	uint32_t boot_device;
	uint32_t cmdline;		/* physical address of a C string */
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;		/* bytes */
	uint32_t mmap_addr;
	uint32_t drives_length;
	uint32_t drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
	uint32_t apm_table;
};

/* Entries are 'size' + 4 bytes apart: 'size' does not count itself. */
struct multiboot_mmap_entry {
	uint32_t size;
	uint64_t base;
	uint64_t length;
	uint32_t type;
} __attribute__((packed));

/* mods_addr: mods_count of these. */
struct multiboot_mod_list {
	uint32_t mod_start;		/* [mod_start, mod_end) */
	uint32_t mod_end;
	uint32_t cmdline;		/* the module's string */
	uint32_t pad;
};

#define MB_MMAP_AVAILABLE	1	/* any other type: not for us */

/*
 * The information, or NULL if @magic is not the Multiboot one or @addr
 * lies outside the memory entry.asm mapped. Every pointer the helpers
 * return has passed the same check.
 */
const struct multiboot_info *mb_info(uint32_t magic, uint32_t addr);

/* The whole command line, or NULL without one. */
const char *mb_cmdline(const struct multiboot_info *mi);

/*
 * The command line without its first word. GRUB and QEMU put the kernel's
 * own file name there, the arguments follow; so does the hypervisor.
 * "" without arguments, NULL without a command line.
 */
const char *mb_cmdline_args(const struct multiboot_info *mi);

/*
 * The value of the argument "@key=VALUE" (the last one if there are
 * several, as Linux does), copied NUL-terminated to @buf and cut to
 * @size - 1 bytes. Returns its full length, or -1 if there is none.
 */
int mb_cmdline_value(const struct multiboot_info *mi, const char *key,
		     char *buf, size_t size);

/* mem_lower/mem_upper in KiB; -1 if the loader gave none. */
int mb_memory(const struct multiboot_info *mi, uint32_t *lower, uint32_t *upper);

/* Memory map walk: first entry (NULL if none), next (NULL at the end). */
const struct multiboot_mmap_entry *mb_mmap_first(const struct multiboot_info *mi);
const struct multiboot_mmap_entry *mb_mmap_next(const struct multiboot_info *mi,
						const struct multiboot_mmap_entry *e);

/* "available", "reserved", "ACPI", "NVS", "bad" or "unknown". */
const char *mb_mmap_type_name(uint32_t type);

#endif
