// SPDX-License-Identifier: MIT
/*
 * Normalizing the UEFI memory map. Runs between the last GetMemoryMap() and
 * ExitBootServices(), so it allocates nothing; it is also built for the host
 * unit tests.
 */
#include "boot/mmap.h"

enum boot_mem_type efi_mem_type_to_boot(uint32_t efi_type)
{
	switch (efi_type) {
	case 1:		/* EfiLoaderCode: the loader is done with it */
	case 2:		/* EfiLoaderData */
	case 3:		/* EfiBootServicesCode: free after ExitBootServices */
	case 4:		/* EfiBootServicesData */
	case 7:		/* EfiConventionalMemory */
		return BOOT_MEM_USABLE;
	case 8:		/* EfiUnusableMemory */
		return BOOT_MEM_BAD;
	case 9:		/* EfiACPIReclaimMemory */
		return BOOT_MEM_ACPI_RECLAIM;
	case 10:	/* EfiACPIMemoryNVS */
		return BOOT_MEM_ACPI_NVS;
	case 11:	/* EfiMemoryMappedIO */
	case 12:	/* EfiMemoryMappedIOPortSpace */
		return BOOT_MEM_MMIO;
	case 14:	/* EfiPersistentMemory */
		return BOOT_MEM_PERSISTENT;
	case EFI_HV_MEMORY_TYPE:
		return BOOT_MEM_HV;
	default:	/* reserved, runtime services, PAL code, unknown */
		return BOOT_MEM_RESERVED;
	}
}

int mmap_normalize(const void *map, size_t map_size, size_t desc_size,
		   struct boot_mem_region *out, size_t max)
{
	const uint8_t *p = map;
	size_t n = 0;

	if (desc_size < sizeof(struct efi_mem_desc))
		return -1;
	for (size_t off = 0; off + desc_size <= map_size; off += desc_size) {
		const struct efi_mem_desc *d = (const void *)(p + off);
		struct boot_mem_region r = {
			.base = d->phys_start,
			.length = d->pages << 12,
			.type = efi_mem_type_to_boot(d->type),
		};
		size_t i;

		if (!d->pages)
			continue;
		/* Insertion sort by base: the spec does not promise an order. */
		if (n == max)
			return -1;
		for (i = n; i > 0 && out[i - 1].base > r.base; i--)
			out[i] = out[i - 1];
		out[i] = r;
		n++;
	}

	/* Merge neighbours of one type that touch. */
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (w && out[w - 1].type == out[i].type &&
		    out[w - 1].base + out[w - 1].length == out[i].base)
			out[w - 1].length += out[i].length;
		else
			out[w++] = out[i];
	}
	return (int)w;
}
