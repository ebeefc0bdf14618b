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

/* The descriptor after @prev in (base, position) order; NULL at the end. */
static const struct efi_mem_desc *next_desc(const uint8_t *map, size_t map_size,
					    size_t desc_size,
					    const struct efi_mem_desc *prev)
{
	const struct efi_mem_desc *best = NULL;

	for (size_t off = 0; off + desc_size <= map_size; off += desc_size) {
		const struct efi_mem_desc *d = (const void *)(map + off);

		if (!d->pages)
			continue;
		if (prev && (d->phys_start < prev->phys_start ||
			     (d->phys_start == prev->phys_start && d <= prev)))
			continue;
		if (!best || d->phys_start < best->phys_start)
			best = d;
	}
	return best;
}

int mmap_normalize(const void *map, size_t map_size, size_t desc_size,
		   struct boot_mem_region *out, size_t max)
{
	const struct efi_mem_desc *d = NULL;
	size_t n = 0;

	if (desc_size < sizeof(struct efi_mem_desc))
		return -1;
	/*
	 * Walk the descriptors in address order (the spec promises none) and
	 * merge as we go, so the limit applies to the merged map: firmware
	 * often splits one kind of memory into many descriptors.
	 */
	while ((d = next_desc(map, map_size, desc_size, d))) {
		struct boot_mem_region r = {
			.base = d->phys_start,
			.length = d->pages << 12,
			.type = efi_mem_type_to_boot(d->type),
		};

		if (n && out[n - 1].type == r.type &&
		    out[n - 1].base + out[n - 1].length == r.base) {
			out[n - 1].length += r.length;
			continue;
		}
		if (n == max)
			return -1;
		out[n++] = r;
	}
	return (int)n;
}
