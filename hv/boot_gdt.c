// SPDX-License-Identifier: MIT
/* The GDTs loaders leave for kernels (see boot_gdt.h). */
#include "hv/boot_gdt.h"

uint16_t boot_gdt_write(uint8_t *at, const uint64_t *desc, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int b = 0; b < 8; b++)
			at[8 * i + b] = (uint8_t)(desc[i] >> (8 * b));
	return (uint16_t)(8 * n - 1);
}

uint16_t boot_gdt_write_multiboot(uint8_t *at)
{
	static const uint64_t gdt[BOOT_MULTIBOOT_GDT_ENTRIES] = {
		0, BOOT_DESC_CODE32, BOOT_DESC_DATA32, BOOT_DESC_CODE16,
		BOOT_DESC_DATA16,
	};

	return boot_gdt_write(at, gdt, BOOT_MULTIBOOT_GDT_ENTRIES);
}
