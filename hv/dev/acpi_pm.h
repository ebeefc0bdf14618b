/* SPDX-License-Identifier: MIT */
/*
 * The fixed ACPI hardware of the guest's PC (ACPI 6.4, 4.8), at the ports
 * of QEMU's PIIX4 power management block (hv/acpi/acpi.h, the FADT names
 * them):
 *   0x600  PM1_STS  bit 0 TMR_STS: set when bit 23 of the PM timer
 *                   changes, write 1 to clear; the other status bits are
 *                   never set (no power or sleep button, RTC alarm or
 *                   wake event is modelled), and read 0.
 *   0x602  PM1_EN   TMR_EN (0), GBL_EN (5), PWRBTN_EN (8), SLPBTN_EN (9),
 *                   RTC_EN (10), PCIEXP_WAKE_DIS (14): kept as written.
 *   0x604  PM1_CNT  SCI_EN (0) reads 1: there is no SMI_CMD, the platform
 *                   is always in ACPI mode (4.8.2.1); BM_RLD (1) and
 *                   SLP_TYP (10-12) kept; GBL_RLS (2) and SLP_EN (13)
 *                   write-only, read 0. SLP_EN with \_S5's SLP_TYP powers
 *                   the guest off (4.8.3.2.1); the other types do nothing
 *                   (no \_S1-\_S4 is offered).
 *   0x608  PM_TMR   the PM timer (4.8.3.3): 3.579545 MHz, 24 bits,
 *                   read-only; 0 at the VM's start and counting on the
 *                   same clock as the guest's TSC, at the rate the
 *                   hypervisor states for it, so the two never drift
 *                   apart (under Bochs, where the TSC counts
 *                   instructions, the timer does too).
 * 0x606-0x607 and bits not listed read 0xff and 0; writes to them are
 * dropped. Any width and alignment works, byte by byte, all bytes of one
 * access read at the same instant. The SCI (IRQ 9) is high while a status
 * bit and its enable are both set, as seen at the last access to the
 * block: a TMR_STS that the timer sets between accesses raises it only
 * when the guest next touches the block (no guest enables TMR_EN here).
 */
#ifndef HV_DEV_ACPI_PM_H
#define HV_DEV_ACPI_PM_H

#include <stdbool.h>
#include <stdint.h>

struct dev_acpi_pm {
	uint64_t tsc_hz;	/* the rate the TSC counts at */
	uint64_t zero_tsc;	/* the PM timer reads 0 here */
	uint64_t tmr_cleared;	/* PM timer ticks when TMR_STS was cleared */
	uint16_t en;		/* PM1_EN */
	uint16_t cnt;		/* PM1_CNT: BM_RLD and SLP_TYP */
	bool off;		/* the guest asked for soft off (S5) */
};

void acpi_pm_model_init(struct dev_acpi_pm *pm, uint64_t tsc_hz,
			uint64_t now);
/* PM timer ticks since the start, not wrapped: TSC ticks -> 3.579545 MHz. */
uint64_t acpi_pm_ticks(const struct dev_acpi_pm *pm, uint64_t now);
/* @port in ACPI_PM_BASE .. ACPI_PM_BASE + ACPI_PM_PORTS - 1, @size 1-4. */
uint32_t acpi_pm_model_read(struct dev_acpi_pm *pm, uint16_t port,
			    unsigned int size, uint64_t now);
void acpi_pm_model_write(struct dev_acpi_pm *pm, uint16_t port,
			 unsigned int size, uint32_t value, uint64_t now);
/* The SCI's level at @now: a status bit with its enable bit set. */
bool acpi_pm_sci(const struct dev_acpi_pm *pm, uint64_t now);

#endif
