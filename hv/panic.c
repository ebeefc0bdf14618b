// SPDX-License-Identifier: MIT
#include "hv/panic.h"

#include <stdarg.h>

#include "hv/arch.h"
#include "hv/backtrace.h"
#include "hv/power.h"
#include "hv/printk.h"

static int in_panic;

void panic(const char *fmt, ...)
{
	va_list ap;

	arch_irq_disable();
	if (in_panic++) {
		/* Panicking while panicking: say so and stop at once. */
		printk("PANIC: nested panic\n");
		power_off(HV_STATUS_PANIC);
	}
	printk("\nPANIC: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	backtrace_here();
	power_panic_notify();
	power_off(HV_STATUS_PANIC);
}
