/* SPDX-License-Identifier: MIT */
/*
 * Just enough ACPI to turn the machine off: RSDP -> XSDT/RSDT -> FADT for
 * the PM1 control blocks, and the DSDT's \_S5 object for SLP_TYP (ACPI 6.4,
 * 5.2 and 7.4.2 "\_Sx (System States)").
 */
#ifndef DRIVERS_ACPI_H
#define DRIVERS_ACPI_H

#include <stddef.h>
#include <stdint.h>

struct acpi_pm {
	uint16_t pm1a_cnt, pm1b_cnt;	/* I/O ports; 0 = absent */
	uint8_t slp_typa, slp_typb;
	int s5_found;
	uint32_t fadt_revision;
};

/* 0, or -1 with one line in @why. Reads tables through the identity map. */
int acpi_parse(uint64_t rsdp_phys, struct acpi_pm *pm, const char **why);

/*
 * Find "\_S5_" in AML and decode the first two package elements (SLP_TYPa,
 * SLP_TYPb). Returns 0, or -1 if there is no usable \_S5 object.
 */
int acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *typa, uint8_t *typb);

/* Probe and remember the PM registers; prints one summary line. */
void acpi_init(uint64_t rsdp_phys);

/*
 * Enter S5: returns -1 at once when there is no way to, 0 after writing
 * the PM1 registers (the machine goes off a moment later).
 */
int acpi_power_off(void);

#endif
