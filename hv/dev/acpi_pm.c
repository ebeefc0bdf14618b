// SPDX-License-Identifier: MIT
/* The PM1 event and control blocks and the PM timer (see acpi_pm.h). */
#include "hv/dev/acpi_pm.h"

#include "hv/acpi/acpi.h"

#define PM1_STS		0
#define PM1_EN		2
#define PM1_CNT		4
#define PM_TMR		8
#define PM1_EN_BITS	(ACPI_PM1_TMR_EN | 1u << 5 | 1u << 8 | 1u << 9 | \
			 1u << 10 | 1u << 14)
#define PM1_BM_RLD	(1u << 1)
#define PM1_CNT_BITS	(PM1_BM_RLD | ACPI_SLP_TYP_MASK)
#define TMR_MASK	((1u << ACPI_PM_TIMER_BITS) - 1)

void acpi_pm_model_init(struct dev_acpi_pm *pm, uint64_t tsc_hz,
			uint64_t now)
{
	*pm = (struct dev_acpi_pm){ .tsc_hz = tsc_hz, .zero_tsc = now };
}

/* Split so that neither product overflows, whatever the uptime. */
uint64_t acpi_pm_ticks(const struct dev_acpi_pm *pm, uint64_t now)
{
	uint64_t d = now - pm->zero_tsc;

	if (!pm->tsc_hz)
		return 0;
	return d / pm->tsc_hz * ACPI_PM_TIMER_HZ +
	       d % pm->tsc_hz * ACPI_PM_TIMER_HZ / pm->tsc_hz;
}

/* TMR_STS: bit 23 has changed since it was cleared (4.8.3.3). */
static uint16_t pm1_sts(const struct dev_acpi_pm *pm, uint64_t ticks)
{
	unsigned int msb = ACPI_PM_TIMER_BITS - 1;

	return (ticks >> msb) != (pm->tmr_cleared >> msb) ?
	       ACPI_PM1_TMR_STS : 0;
}

bool acpi_pm_sci(const struct dev_acpi_pm *pm, uint64_t now)
{
	return pm1_sts(pm, acpi_pm_ticks(pm, now)) & pm->en;
}

/* One byte of the block at @off, the timer as it was at @ticks. */
static uint8_t read_byte(const struct dev_acpi_pm *pm, unsigned int off,
			 uint64_t ticks)
{
	uint32_t v;

	switch (off & ~1u) {
	case PM1_STS:
		v = pm1_sts(pm, ticks);
		break;
	case PM1_EN:
		v = pm->en;
		break;
	case PM1_CNT:
		v = pm->cnt | ACPI_PM1_SCI_EN;
		break;
	case PM_TMR:
	case PM_TMR + 2:
		return (uint8_t)((ticks & TMR_MASK) >> (8 * (off - PM_TMR)));
	default:
		return 0xff;
	}
	return (uint8_t)(v >> (8 * (off & 1)));
}

uint32_t acpi_pm_model_read(struct dev_acpi_pm *pm, uint16_t port,
			    unsigned int size, uint64_t now)
{
	uint64_t ticks = acpi_pm_ticks(pm, now);
	uint32_t v = 0;

	for (unsigned int i = 0; i < size; i++) {
		unsigned int off = (unsigned int)(port - ACPI_PM_BASE) + i;
		uint8_t b = off < ACPI_PM_PORTS ? read_byte(pm, off, ticks) :
			    0xff;

		v |= (uint32_t)b << (8 * i);
	}
	return v;
}

/* @b goes into the byte of @reg that @off names. */
static uint16_t with_byte(uint16_t reg, unsigned int off, uint8_t b)
{
	unsigned int shift = 8 * (off & 1);

	return (uint16_t)((reg & ~(0xffu << shift)) | (uint32_t)b << shift);
}

static void write_byte(struct dev_acpi_pm *pm, unsigned int off, uint8_t b,
		       uint64_t ticks)
{
	uint16_t v;

	switch (off & ~1u) {
	case PM1_STS:
		/* Write 1 to clear; only TMR_STS can be set. */
		v = with_byte(0, off, b);
		if (v & ACPI_PM1_TMR_STS)
			pm->tmr_cleared = ticks;
		break;
	case PM1_EN:
		pm->en = with_byte(pm->en, off, b) & PM1_EN_BITS;
		break;
	case PM1_CNT:
		v = with_byte(pm->cnt, off, b);
		pm->cnt = v & PM1_CNT_BITS;
		if ((v & ACPI_SLP_EN) &&
		    (v & ACPI_SLP_TYP_MASK) >> ACPI_SLP_TYP_SHIFT ==
		    ACPI_S5_SLP_TYP)
			pm->off = true;
		break;
	default:
		break;			/* the timer is read-only */
	}
}

void acpi_pm_model_write(struct dev_acpi_pm *pm, uint16_t port,
			 unsigned int size, uint32_t value, uint64_t now)
{
	uint64_t ticks = acpi_pm_ticks(pm, now);

	for (unsigned int i = 0; i < size; i++) {
		unsigned int off = (unsigned int)(port - ACPI_PM_BASE) + i;

		if (off < ACPI_PM_PORTS)
			write_byte(pm, off, (uint8_t)(value >> (8 * i)),
				   ticks);
	}
}
