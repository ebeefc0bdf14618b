// SPDX-License-Identifier: MIT
/*
 * The Fixed ACPI Description Table (ACPI 6.4, 5.2.9), revision 6, for a
 * hardware-reduced platform (4.1 "Hardware-Reduced ACPI"): no PM1 event
 * or control blocks, no PM timer, no GPEs, no FACS, no SCI. What is left:
 * the DSDT, the sleep control and status registers (4.8.3.7) and the
 * reset register.
 */
#include "hv/acpi/acpi.h"

#include "hv/lib/string.h"

size_t acpi_build_fadt(uint8_t *t, size_t room, uint64_t dsdt)
{
	if (room < ACPI_FADT_SIZE)
		return 0;
	memset(t, 0, ACPI_FADT_SIZE);
	acpi_header(t, "FACP", ACPI_FADT_SIZE, ACPI_FADT_REVISION);
	/* The DSDT below 4 GiB: both the 32-bit and the 64-bit field. */
	acpi_put32(t + FADT_DSDT, (uint32_t)dsdt);
	acpi_put64(t + FADT_X_DSDT, dsdt);
	t[FADT_PM_PROFILE] = 0;			/* unspecified */
	acpi_put16(t + FADT_SCI_INT, 0);	/* none: hardware-reduced */
	/*
	 * The legacy devices are there (UART, PIC, PIT, the 8042's reset
	 * line); VGA and MSI are not.
	 */
	acpi_put16(t + FADT_IAPC_BOOT_ARCH, IAPC_LEGACY_DEVICES | IAPC_8042 |
		   IAPC_VGA_NOT_PRESENT | IAPC_MSI_NOT_SUPPORTED);
	acpi_put32(t + FADT_FLAGS, FADT_F_WBINVD | FADT_F_PWR_BUTTON |
		   FADT_F_SLP_BUTTON | FADT_F_RESET_REG_SUP |
		   FADT_F_HW_REDUCED_ACPI);
	acpi_gas_io(t + FADT_RESET_REG, ACPI_RESET_PORT, 8);
	t[FADT_RESET_VALUE] = ACPI_RESET_VALUE;
	t[FADT_MINOR_VERSION] = ACPI_FADT_MINOR;
	acpi_gas_io(t + FADT_SLEEP_CONTROL_REG, ACPI_SLEEP_CONTROL_PORT, 8);
	acpi_gas_io(t + FADT_SLEEP_STATUS_REG, ACPI_SLEEP_STATUS_PORT, 8);
	memcpy(t + FADT_HYPERVISOR_VENDOR, "EduHV\0\0\0", 8);
	acpi_set_checksum(t, ACPI_FADT_SIZE, 9);
	return ACPI_FADT_SIZE;
}
