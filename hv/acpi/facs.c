// SPDX-License-Identifier: MIT
/*
 * The Firmware ACPI Control Structure (ACPI 6.4, 5.2.10), version 2,
 * which a platform with the fixed ACPI hardware must have: no waking
 * vector (nothing resumes from S1-S4 here), no global lock (no firmware
 * shares the hardware with the OS), no hardware signature change. It has
 * no checksum and sits on a 64-byte boundary.
 */
#include "hv/acpi/acpi.h"

#include "hv/lib/string.h"

#define FACS_LENGTH		4
#define FACS_VERSION_AT		32

size_t acpi_build_facs(uint8_t *t, size_t room)
{
	if (room < ACPI_FACS_SIZE)
		return 0;
	memset(t, 0, ACPI_FACS_SIZE);
	memcpy(t, "FACS", 4);
	acpi_put32(t + FACS_LENGTH, ACPI_FACS_SIZE);
	t[FACS_VERSION_AT] = ACPI_FACS_VERSION;
	return ACPI_FACS_SIZE;
}
