// SPDX-License-Identifier: MIT
/* ACPI power-off: find the PM registers once, write them at the end. */
#include "drivers/acpi.h"

#include "hv/arch.h"
#include "hv/printk.h"

#define SLP_EN (1u << 13)	/* PM1 control register (ACPI 6.4, 4.8.3.2.1) */

static struct acpi_pm acpi_pm;

void acpi_init(uint64_t rsdp_phys)
{
	const char *why;

	if (acpi_parse(rsdp_phys, &acpi_pm, &why)) {
		printk("acpi: cannot power off through ACPI: %s\n", why);
		return;
	}
	printk("acpi: FADT rev %u, PM1a_CNT 0x%x, PM1b_CNT 0x%x, \\_S5 SLP_TYP %u/%u\n",
	       acpi_pm.fadt_revision, acpi_pm.pm1a_cnt, acpi_pm.pm1b_cnt,
	       acpi_pm.slp_typa, acpi_pm.slp_typb);
}

int acpi_power_off(void)
{
	if (!acpi_pm.s5_found)
		return -1;
	arch_outw(acpi_pm.pm1a_cnt, (uint16_t)((acpi_pm.slp_typa & 7) << 10 | SLP_EN));
	if (acpi_pm.pm1b_cnt)
		arch_outw(acpi_pm.pm1b_cnt,
			  (uint16_t)((acpi_pm.slp_typb & 7) << 10 | SLP_EN));
	return 0;
}
