/* SPDX-License-Identifier: MIT */
/*
 * The GDTs boot loaders leave in guest memory for the kernels they start
 * in 32-bit protected mode: the GDTR points at one, and the selectors in
 * CS and DS name its descriptors, so a kernel that reloads them gets the
 * same flat segments (SDM Vol. 3A, 3.4.5 "Segment Descriptors"). Used by
 * the Multiboot loader (hv/multiboot.c) and the Linux one (hv/bzimage.c).
 */
#ifndef HV_BOOT_GDT_H
#define HV_BOOT_GDT_H

#include <stdint.h>

/* Base 0. 32-bit: limit 0xfffff in 4 KiB pages (4 GiB), D/B = 1. */
#define BOOT_DESC_CODE32	0x00cf9a000000ffffULL	/* execute/read */
#define BOOT_DESC_DATA32	0x00cf92000000ffffULL	/* read/write */
/* 16-bit, limit 0xffff bytes: for a loader's way back to real mode. */
#define BOOT_DESC_CODE16	0x00009e000000ffffULL	/* execute/read, conforming */
#define BOOT_DESC_DATA16	0x000092000000ffffULL
#define BOOT_DESC_ACCESSED	(1ULL << 40)		/* type bit 0 */

/*
 * GRUB's and QEMU's Multiboot GDT (GRUB's gdt in kern/i386/realmode.S,
 * QEMU's pc-bios/optionrom/multiboot.S), byte for byte: null, 0x08 code,
 * 0x10 data, 0x18 and 0x20 16-bit code and data. Limit 0x27.
 */
#define BOOT_MULTIBOOT_CS	0x08
#define BOOT_MULTIBOOT_DS	0x10
#define BOOT_MULTIBOOT_GDT_ENTRIES 5

/*
 * Write @n descriptors at @at (little-endian, 8 bytes each, @desc[0]
 * normally 0: the null descriptor). Returns the GDTR limit, 8 * n - 1.
 */
uint16_t boot_gdt_write(uint8_t *at, const uint64_t *desc, unsigned int n);

/* The Multiboot GDT above at @at; returns its limit. */
uint16_t boot_gdt_write_multiboot(uint8_t *at);

#endif
