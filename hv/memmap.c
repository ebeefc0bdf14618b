// SPDX-License-Identifier: MIT
/* The guest-physical layout of a PC (see memmap.h). */
#include "hv/memmap.h"

size_t guest_memory_map(uint64_t ram_size, struct guest_region *out,
			size_t max)
{
	const struct guest_region all[] = {
		{ 0, GUEST_LOW_RAM_END, GUEST_REGION_RAM },
		{ GUEST_LOW_RAM_END, GUEST_VGA_START - GUEST_LOW_RAM_END,
		  GUEST_REGION_RESERVED },
		{ GUEST_BIOS_START, GUEST_HIGH_RAM_START - GUEST_BIOS_START,
		  GUEST_REGION_RESERVED },
		{ GUEST_HIGH_RAM_START, ram_size - GUEST_HIGH_RAM_START,
		  GUEST_REGION_RAM },
		{ GUEST_DEVICE_START, GUEST_DEVICE_END - GUEST_DEVICE_START,
		  GUEST_REGION_RESERVED },
	};
	size_t n = 0;

	if (ram_size <= GUEST_HIGH_RAM_START || ram_size > GUEST_RAM_MAX)
		return 0;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]) && n < max; i++)
		out[n++] = all[i];
	return n;
}
