// SPDX-License-Identifier: MIT
/*
 * The Fixed ACPI Description Table (ACPI 6.4, 5.2.9), revision 6, for a
 * PC with the fixed ACPI hardware (4.8) at the ports of QEMU's PIIX4 PM
 * block (hv/acpi/acpi.h): the PM1a event and control blocks and the PM
 * timer, the SCI on IRQ 9, a FACS, and the reset register. No SMI_CMD:
 * the platform is always in ACPI mode (SCI_EN reads 1, 4.8.2.1). No GPE
 * blocks, no PM1b or PM2, no C2/C3.
 */
#include "hv/acpi/acpi.h"

#include "hv/dev/rtc.h"
#include "hv/lib/string.h"

size_t acpi_build_fadt(uint8_t *t, size_t room, uint64_t dsdt, uint64_t facs,
		       const struct acpi_platform *p)
{
	if (room < ACPI_FADT_SIZE)
		return 0;
	memset(t, 0, ACPI_FADT_SIZE);
	acpi_header(t, "FACP", ACPI_FADT_SIZE, ACPI_FADT_REVISION);
	/*
	 * The FACS in FIRMWARE_CTRL only, as QEMU does: X_FIRMWARE_CTRL
	 * must then be 0 (5.2.9; with both, ACPICA installs it twice). The
	 * DSDT in both fields.
	 */
	acpi_put32(t + FADT_FIRMWARE_CTRL, (uint32_t)facs);
	acpi_put32(t + FADT_DSDT, (uint32_t)dsdt);
	acpi_put64(t + FADT_X_DSDT, dsdt);
	t[FADT_PM_PROFILE] = 0;			/* unspecified */
	acpi_put16(t + FADT_SCI_INT, ACPI_SCI_IRQ);
	acpi_put32(t + FADT_SMI_CMD, 0);	/* always in ACPI mode */
	acpi_put32(t + FADT_PM1A_EVT_BLK, ACPI_PM1A_EVT_PORT);
	acpi_put32(t + FADT_PM1A_CNT_BLK, ACPI_PM1A_CNT_PORT);
	acpi_put32(t + FADT_PM_TMR_BLK, ACPI_PM_TMR_PORT);
	t[FADT_PM1_EVT_LEN] = ACPI_PM1_EVT_LEN;
	t[FADT_PM1_CNT_LEN] = ACPI_PM1_CNT_LEN;
	t[FADT_PM_TMR_LEN] = ACPI_PM_TMR_LEN;
	acpi_put16(t + FADT_P_LVL2_LAT, FADT_NO_C2_LAT);
	acpi_put16(t + FADT_P_LVL3_LAT, FADT_NO_C3_LAT);
	/*
	 * The CMOS index of the RTC's century (as QEMU's pc): without it
	 * a kernel takes the two-digit year as 19xx or 20xx by a guess.
	 * No day or month alarm: the RTC's alarm is the MC146818's.
	 */
	t[FADT_CENTURY] = RTC_CENTURY;
	/*
	 * The legacy devices are there (UART, PIC, PIT, the 8042's reset
	 * line); VGA and MSI are not.
	 */
	acpi_put16(t + FADT_IAPC_BOOT_ARCH, IAPC_LEGACY_DEVICES | IAPC_8042 |
		   IAPC_VGA_NOT_PRESENT | IAPC_MSI_NOT_SUPPORTED);
	/* TMR_VAL_EXT clear: a 24-bit PM timer, as the PIIX4's. */
	acpi_put32(t + FADT_FLAGS, FADT_F_WBINVD | FADT_F_PWR_BUTTON |
		   FADT_F_SLP_BUTTON | FADT_F_RESET_REG_SUP);
	acpi_gas_io(t + FADT_RESET_REG, ACPI_RESET_PORT, 8);
	t[FADT_RESET_VALUE] = ACPI_RESET_VALUE;
	t[FADT_MINOR_VERSION] = ACPI_FADT_MINOR;
	/* The X_ blocks as QEMU gives them: their width, access undefined. */
	acpi_gas_io_access(t + FADT_X_PM1A_EVT_BLK, ACPI_PM1A_EVT_PORT,
			   8 * ACPI_PM1_EVT_LEN, 0);
	acpi_gas_io_access(t + FADT_X_PM1A_CNT_BLK, ACPI_PM1A_CNT_PORT,
			   8 * ACPI_PM1_CNT_LEN, 0);
	acpi_gas_io_access(t + FADT_X_PM_TMR_BLK, ACPI_PM_TMR_PORT,
			   8 * ACPI_PM_TMR_LEN, 0);
	for (size_t i = 0; p->hypervisor_vendor && i < FADT_HYPERVISOR_VENDOR_LEN &&
			   p->hypervisor_vendor[i]; i++)
		t[FADT_HYPERVISOR_VENDOR + i] = (uint8_t)p->hypervisor_vendor[i];
	acpi_set_checksum(t, ACPI_FADT_SIZE, 9);
	return ACPI_FADT_SIZE;
}
