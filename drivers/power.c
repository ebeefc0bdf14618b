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
#define QEMU_PVPANIC_PORT	0x505	/* QEMU docs/specs/pvpanic.rst */
#define PVPANIC_PANICKED	(1u << 0)
#define BOCHS_SHUTDOWN_PORT	0x8900
#define POWER_OFF_WAIT_TSC	(100ULL * 1000 * 1000)	/* ~50 ms at 2 GHz */

void power_panic_notify(void)
{
	/*
	 * QEMU's ISA pvpanic device reads 1 here (bit 0 PANICKED) when it
	 * is present; tools/run adds it and makes a panic pause the machine.
	 * Without one, like the debug-exit port, nothing answers the write.
	 */
	console_flush();
	arch_outb(QEMU_PVPANIC_PORT, PVPANIC_PANICKED);
}

void power_off(enum hv_status status)
{
	arch_irq_disable();
	printk("hv: power off, status %d\n", (int)status);
	console_flush();
	arch_outb(QEMU_DEBUG_EXIT_PORT, (uint8_t)status);
	if (acpi_power_off() == 0) {
		/* S5 takes effect a moment after the write: do not race past it. */
		for (uint64_t t0 = arch_read_timestamp();
		     arch_read_timestamp() - t0 < POWER_OFF_WAIT_TSC;)
			arch_cpu_relax();
	}
	for (const char *s = "Shutdown"; *s; s++)
		arch_outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*s);
	printk("hv: the machine did not turn off; halted\n");
	console_flush();
	arch_halt();
}
