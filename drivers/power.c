// SPDX-License-Identifier: MIT
/*
 * Turning the machine off, in the order that ends each emulator cleanly:
 *   1. port 0xf4: QEMU's isa-debug-exit (when the launcher adds it) exits
 *      at once with status (N << 1) | 1, so the status reaches the shell;
 *   2. ACPI S5 through the PM1 control registers: real machines, QEMU
 *      without that device, and Bochs ("ACPI control: soft power off");
 *   3. Bochs' legacy shutdown port 0x8900 ("Shutdown");
 *   4. halt.
 */
#include "drivers/acpi.h"
#include "hv/arch.h"
#include "hv/power.h"
#include "hv/printk.h"

#define QEMU_DEBUG_EXIT_PORT	0xf4
#define BOCHS_SHUTDOWN_PORT	0x8900

void power_off(enum hv_status status)
{
	arch_irq_disable();
	printk("hv: power off, status %d\n", (int)status);
	console_flush();
	arch_outb(QEMU_DEBUG_EXIT_PORT, (uint8_t)status);
	acpi_power_off();
	for (const char *s = "Shutdown"; *s; s++)
		arch_outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*s);
	printk("hv: the machine did not turn off; halted\n");
	console_flush();
	arch_halt();
}
