// SPDX-License-Identifier: MIT
/*
 * reset: the reset ports and what a kernel reads before it resets, then a
 * reset through the PIIX3 reset control register (0xcf9), as Linux's
 * "reboot=pci" does. Natively QEMU, started with -no-reboot, ends there;
 * under the hypervisor the guest's outcome is "reset". Either way the
 * last line below is never printed.
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

void kmain(uint32_t magic, uint32_t info);

void kmain(uint32_t magic, uint32_t info)
{
	trap_init();
	platform_init(magic, info);
	/* POST port: reads all ones, at every width (0x81 decodes nothing). */
	outb(0x80, 0x12);
	printf("reset: port 0x80: inb 0x%x inw 0x%x\n", inb(0x80), inw(0x80));
	/* System control port A: A20 on (bit 1), no reset pending (bit 0). */
	printf("reset: port 0x92: 0x%x\n", inb(0x92));
	/* The 8042, as i8042 probing and a reboot see it: both buffers empty. */
	printf("reset: port 0x64: output buffer %d, input buffer %d\n",
	       inb(0x64) & 1, !!(inb(0x64) & 2));
	/* Without bit 2 the reset control register only keeps bit 1. */
	outb(0xcf9, 0x02);
	printf("reset: port 0xcf9 after writing 0x02: 0x%x\n", inb(0xcf9));
	printf("reset: resetting through port 0xcf9\n");
	outb(0xcf9, 0x06);
	for (int i = 0; i < 1000; i++)
		cpu_relax();
	printf("reset: FAIL: still running after the reset\n");
	platform_exit(1);
}
