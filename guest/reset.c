// SPDX-License-Identifier: MIT
/*
 * reset: the reset ports and what a kernel reads before it resets, then a
 * reset by the method "reset=" on the command line names:
 *   cf9 (the default) the PIIX3 reset control register, bit 2, as Linux's
 *       "reboot=pci" does;
 *   92  system control port A, a rising bit 0 (fast reset);
 *   kbc the 8042's command 0xfe (pulse output port bit 0, the CPU's reset
 *       line), as Linux's "reboot=kbd" does.
 * Natively QEMU, started with -no-reboot, ends there; under the hypervisor
 * the guest's outcome is "reset". Either way the last line below is never
 * printed.
 */
#include "guest/lib/multiboot.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"
#include "hv/lib/string.h"

/*
 * The 8042 takes a command once its input buffer (status bit 1) is empty;
 * Linux's kb_wait() gives up after a while too, and sends it anyway.
 */
static void kbc_command(uint8_t cmd)
{
	for (int i = 0; i < 100000 && (inb(0x64) & 2); i++)
		cpu_relax();
	outb(0x64, cmd);
}

/* Reset by @how; returns only if nothing reset the machine. */
static void reset_by(const char *how)
{
	if (!strcmp(how, "92")) {
		printf("reset: resetting through port 0x92\n");
		outb(0x92, inb(0x92) | 0x01);
	} else if (!strcmp(how, "kbc")) {
		printf("reset: resetting through the 8042 (command 0xfe)\n");
		kbc_command(0xfe);
	} else {
		printf("reset: resetting through port 0xcf9\n");
		outb(0xcf9, 0x06);
	}
}

void kmain(uint32_t magic, uint32_t info);

void kmain(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mi;
	char how[8] = "cf9";

	trap_init();
	platform_init(magic, info);
	mi = mb_info(magic, info);
	if (mi)
		mb_cmdline_value(mi, "reset", how, sizeof(how));
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
	reset_by(how);
	for (int i = 0; i < 1000; i++)
		cpu_relax();
	printf("reset: FAIL: still running after the reset\n");
	platform_exit(1);
}
