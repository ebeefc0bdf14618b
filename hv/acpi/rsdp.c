// SPDX-License-Identifier: MIT
/* The Root System Description Pointer (ACPI 6.4, 5.2.5.3), revision 2. */
#include "hv/acpi/acpi.h"

#include "hv/lib/string.h"

#define RSDP_REVISION	2	/* ACPI 2.0 and later: the XSDT */

size_t acpi_build_rsdp(uint8_t *t, uint64_t xsdt)
{
	memset(t, 0, ACPI_RSDP_SIZE);
	memcpy(t, "RSD PTR ", 8);
	memcpy(t + 9, ACPI_OEM_ID, 6);
	t[15] = RSDP_REVISION;
	/* No RSDT: readers of revision 2 use the XSDT. */
	acpi_put32(t + 16, 0);
	acpi_put32(t + 20, ACPI_RSDP_SIZE);
	acpi_put64(t + 24, xsdt);
	/* The first checksum covers the ACPI 1.0 part, the extended one all. */
	acpi_set_checksum(t, 20, 8);
	acpi_set_checksum(t, ACPI_RSDP_SIZE, 32);
	return ACPI_RSDP_SIZE;
}
