/* SPDX-License-Identifier: MIT */
/* UEFI memory map -> the normalized, sorted, merged map in struct boot_info. */
#ifndef BOOT_MMAP_H
#define BOOT_MMAP_H

#include <stddef.h>
#include <stdint.h>

#include "boot_info.h"

/*
 * The memory type the loader allocates everything it hands to the
 * hypervisor with: UEFI leaves 0x80000000-0xFFFFFFFF to OS loaders
 * (UEFI spec 2.10, 7.2 "EFI_BOOT_SERVICES.AllocatePages()").
 */
#define EFI_HV_MEMORY_TYPE	0x80000001u

/* EFI_MEMORY_DESCRIPTOR as the UEFI spec lays it out (7.2, GetMemoryMap()). */
struct efi_mem_desc {
	uint32_t type;
	uint32_t pad;
	uint64_t phys_start;
	uint64_t virt_start;
	uint64_t pages;
	uint64_t attribute;
};

enum boot_mem_type efi_mem_type_to_boot(uint32_t efi_type);

/*
 * Convert @map_size bytes of descriptors, @desc_size apart (the firmware's
 * stride, which may exceed sizeof(struct efi_mem_desc)), into at most @max
 * regions sorted by base with touching regions of one type merged.
 * Returns the number of regions, or -1 if more than @max were needed.
 */
int mmap_normalize(const void *map, size_t map_size, size_t desc_size,
		   struct boot_mem_region *out, size_t max);

#endif
