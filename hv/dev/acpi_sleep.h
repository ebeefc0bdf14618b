/* SPDX-License-Identifier: MIT */
/*
 * The sleep control and status registers of a hardware-reduced ACPI
 * platform (ACPI 6.4, 4.8.3.7), which the FADT's SLEEP_CONTROL_REG and
 * SLEEP_STATUS_REG name (hv/acpi/acpi.h: I/O ports 0x680 and 0x681):
 *   control  bits 2-4 SLP_TYP, bit 5 SLP_EN (write-only, reads 0);
 *            SLP_EN with \_S5's SLP_TYP (5) powers the guest off, as
 *            Linux's "poweroff" does; other sleep types are not offered
 *            (no \_S1-\_S4) and SLP_EN with one does nothing.
 *   status   bit 7 WAK_STS, write 1 to clear; never set, since nothing
 *            ever wakes a guest from a sleep state here.
 * Reserved bits read 0 and ignore writes.
 */
#ifndef HV_DEV_ACPI_SLEEP_H
#define HV_DEV_ACPI_SLEEP_H

#include <stdbool.h>
#include <stdint.h>

struct dev_acpi_sleep {
	uint8_t slp_typ;	/* the last SLP_TYP written */
	uint8_t wak_sts;	/* WAK_STS, always 0 */
	bool off;		/* the guest asked for soft off (S5) */
};

void acpi_sleep_model_init(struct dev_acpi_sleep *s);
/* @port: ACPI_SLEEP_CONTROL_PORT or ACPI_SLEEP_STATUS_PORT; bytes. */
uint8_t acpi_sleep_model_read(struct dev_acpi_sleep *s, uint16_t port);
void acpi_sleep_model_write(struct dev_acpi_sleep *s, uint16_t port,
			    uint8_t value);

#endif
