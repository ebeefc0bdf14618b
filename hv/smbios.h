/* SPDX-License-Identifier: MIT */
/*
 * The SMBIOS tables a PC's firmware leaves (DMTF DSP0134 3.x; a 2.8
 * table set behind a 32-bit "_SM_" entry point, as QEMU 7.2's pc and
 * SeaBIOS give them), built per guest into the BIOS area at 0xf0000,
 * where Linux's dmi_scan_machine() looks without EFI. The same
 * structures as QEMU's, in its order and with its handles: BIOS (0),
 * system (1), chassis (3), processor (4), physical memory array (16),
 * memory device (17), memory array mapped address (19), system boot
 * (32), end (127); only the strings name EduHV instead of QEMU and
 * SeaBIOS. Pure: the builder writes into a buffer that stands for
 * guest-physical memory, so the host unit tests run it.
 */
#ifndef HV_SMBIOS_H
#define HV_SMBIOS_H

#include <stddef.h>
#include <stdint.h>

/* Where they go: the upper half of the BIOS area (hv/memmap.h). */
#define SMBIOS_GPA		0xf0000ULL
#define SMBIOS_SIZE		0x10000u

#define SMBIOS_EP_SIZE		31	/* the 2.1 (32-bit) entry point */
#define SMBIOS_STRUCTURES	9

/* What the tables describe. */
struct smbios_platform {
	uint64_t ram_bytes;		/* guest RAM from physical 0 */
	uint32_t cpuid1_eax, cpuid1_edx; /* the processor's ID (type 4) */
	const char *bios_version;	/* type 0's version string */
};

/*
 * Build the entry point at @mem (guest-physical @base) and the structure
 * table after it, within @size bytes. The bytes used, or 0 if they do
 * not fit.
 */
size_t smbios_build(uint8_t *mem, uint64_t base, size_t size,
		    const struct smbios_platform *p);

#endif
