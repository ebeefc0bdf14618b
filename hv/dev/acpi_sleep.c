// SPDX-License-Identifier: MIT
/* ACPI sleep control and status registers (see acpi_sleep.h). */
#include "hv/dev/acpi_sleep.h"

#include "hv/acpi/acpi.h"

void acpi_sleep_model_init(struct dev_acpi_sleep *s)
{
	s->slp_typ = 0;
	s->wak_sts = 0;
	s->off = false;
}

uint8_t acpi_sleep_model_read(struct dev_acpi_sleep *s, uint16_t port)
{
	if (port == ACPI_SLEEP_CONTROL_PORT)
		return (uint8_t)(s->slp_typ << ACPI_SLP_TYP_SHIFT);
	if (port == ACPI_SLEEP_STATUS_PORT)
		return s->wak_sts;
	return 0xff;
}

void acpi_sleep_model_write(struct dev_acpi_sleep *s, uint16_t port,
			    uint8_t value)
{
	if (port == ACPI_SLEEP_STATUS_PORT) {
		s->wak_sts &= (uint8_t)~(value & ACPI_WAK_STS);
		return;
	}
	if (port != ACPI_SLEEP_CONTROL_PORT)
		return;
	s->slp_typ = (value & ACPI_SLP_TYP_MASK) >> ACPI_SLP_TYP_SHIFT;
	if ((value & ACPI_SLP_EN) && s->slp_typ == ACPI_S5_SLP_TYP)
		s->off = true;
}
