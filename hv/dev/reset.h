/* SPDX-License-Identifier: MIT */
/*
 * The three ways a PC kernel resets the machine, and the little around
 * them that a kernel reads first, as QEMU's pc machine models them:
 *   0xcf9  the PIIX3 reset control register: bit 2 set resets, bit 1
 *          (hard reset) is kept and read back (hw/isa/piix3.c, rcr_write);
 *   0x92   system control port A: bit 0 rising resets, bit 1 is A20
 *          (kept, reads back; the firmware left A20 on) (hw/i386/port92.c);
 *   0x64   the 8042 keyboard controller: command 0xfe (and any 0xf0-0xff
 *          with bit 0 clear, "pulse output port") resets, as does 0xd1
 *          followed by an output port byte on 0x60 with bit 0 clear.
 *          Status: buffers empty, self test passed, keyboard not
 *          inhibited, bit 3 telling whether 0x64 or 0x60 was written
 *          last. No keyboard, no mouse, no command byte: 0x60 reads 0.
 * A reset request ends the guest with outcome "reset" (hv/vm.h).
 */
#ifndef HV_DEV_RESET_H
#define HV_DEV_RESET_H

#include <stdbool.h>
#include <stdint.h>

#define PORT_KBC_DATA		0x60
#define PORT_KBC_CMD		0x64
#define PORT_SYSCTL_A		0x92
#define PORT_RESET_CONTROL	0xcf9

#define KBC_STATUS_SYSFLAG	0x04	/* self test passed */
#define KBC_STATUS_CMD		0x08	/* last write was to 0x64 */
#define KBC_STATUS_UNLOCKED	0x10	/* keyboard not inhibited */
#define KBC_CMD_WRITE_OUTPUT	0xd1
#define KBC_CMD_RESET		0xfe

struct dev_reset {
	uint8_t rcr;		/* 0xcf9, bit 1 */
	uint8_t sysctl_a;	/* 0x92 */
	uint8_t kbc_status;
	bool kbc_output_next;	/* 0xd1 was written: 0x60 is the output port */
	bool requested;		/* the guest asked for a reset */
	const char *how;	/* by which port, once requested */
};

void reset_model_init(struct dev_reset *r);
/* @port: one of the PORT_ values above; byte accesses. */
uint8_t reset_model_read(struct dev_reset *r, uint16_t port);
void reset_model_write(struct dev_reset *r, uint16_t port, uint8_t value);

#endif
