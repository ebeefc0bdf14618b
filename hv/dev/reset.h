/* SPDX-License-Identifier: MIT */
/*
 * Two of the three ways a PC kernel resets the machine, and the little
 * around them that a kernel reads first, as QEMU's pc machine models them:
 *   0xcf9  the PIIX3 reset control register: bit 2 set resets, bit 1
 *          (hard reset) is kept and read back (hw/isa/piix3.c, rcr_write);
 *   0x92   system control port A: bit 0 rising resets, bit 1 is A20
 *          (kept, reads back; the firmware left A20 on) (hw/i386/port92.c);
 * The third, the 8042 keyboard controller (0x64 <- 0xfe, 0xd1), is
 * hv/dev/i8042.h. A reset request ends the guest with outcome "reset"
 * (hv/vm.h).
 */
#ifndef HV_DEV_RESET_H
#define HV_DEV_RESET_H

#include <stdbool.h>
#include <stdint.h>

#define PORT_SYSCTL_A		0x92
#define PORT_RESET_CONTROL	0xcf9

struct dev_reset {
	uint8_t rcr;		/* 0xcf9, bit 1 */
	uint8_t sysctl_a;	/* 0x92 */
	bool requested;		/* the guest asked for a reset */
	const char *how;	/* by which port, once requested */
};

void reset_model_init(struct dev_reset *r);
/* @port: one of the PORT_ values above; byte accesses. */
uint8_t reset_model_read(struct dev_reset *r, uint16_t port);
void reset_model_write(struct dev_reset *r, uint16_t port, uint8_t value);

#endif
