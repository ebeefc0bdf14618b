// SPDX-License-Identifier: MIT
/* The Extended System Description Table (ACPI 6.4, 5.2.8): 64-bit pointers. */
#include "hv/acpi/acpi.h"

size_t acpi_build_xsdt(uint8_t *t, size_t room, const uint64_t *tables,
		       unsigned int n)
{
	size_t len = ACPI_HEADER_SIZE + 8 * (size_t)n;

	if (len > room || n > ACPI_XSDT_ENTRIES_MAX)
		return 0;
	acpi_header(t, "XSDT", (uint32_t)len, ACPI_XSDT_REVISION);
	for (unsigned int i = 0; i < n; i++)
		acpi_put64(t + ACPI_HEADER_SIZE + 8 * i, tables[i]);
	acpi_set_checksum(t, len, 9);
	return len;
}
