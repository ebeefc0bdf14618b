/* SPDX-License-Identifier: MIT */
/*
 * The 8042 keyboard controller at 0x60 (data) and 0x64 (status/command)
 * with a PS/2 keyboard on its first port and a PS/2 mouse on the aux
 * port, as QEMU 7.2's pc machine has them (hw/input/pckbd.c, ps2.c):
 *  - status: OBF, AUX OBF (bit 5), the system flag, bit 3 telling whether
 *    0x64 or 0x60 was written last, keyboard not inhibited; IBF is never
 *    set (a write is taken at once);
 *  - one output buffer, filled from the controller's own answer first,
 *    then the keyboard, then the mouse; IRQ 1 (keyboard) and IRQ 12
 *    (aux) are levels: up while the buffer is full with the byte of that
 *    side and the command byte enables it (QEMU's kbd_update_irq_lines);
 *  - the controller commands Linux's i8042 driver and firmware use, and
 *    resets: 0xfe (and 0xf0-0xff with bit 0 clear, "pulse output port")
 *    and 0xd1 followed by an output port byte with bit 0 clear.
 * No key is ever pressed and the mouse never moves (host input goes to
 * the UART): the devices only answer commands. Pure: unit-tested.
 */
#ifndef HV_DEV_I8042_H
#define HV_DEV_I8042_H

#include <stdbool.h>
#include <stdint.h>

#define PORT_KBC_DATA		0x60
#define PORT_KBC_CMD		0x64
#define I8042_KBD_IRQ		1
#define I8042_AUX_IRQ		12

#define KBC_STATUS_OBF		0x01	/* output buffer full */
#define KBC_STATUS_IBF		0x02	/* input buffer full: never */
#define KBC_STATUS_SYSFLAG	0x04	/* self test passed */
#define KBC_STATUS_CMD		0x08	/* last write was to 0x64 */
#define KBC_STATUS_UNLOCKED	0x10	/* keyboard not inhibited */
#define KBC_STATUS_AUX_OBF	0x20	/* the byte is the aux port's */

#define KBC_CTR_KBDINT		0x01	/* keyboard data raises IRQ 1 */
#define KBC_CTR_AUXINT		0x02	/* aux data raises IRQ 12 */
#define KBC_CTR_SYS		0x04
#define KBC_CTR_KBDDIS		0x10	/* keyboard interface disabled */
#define KBC_CTR_AUXDIS		0x20	/* aux interface disabled */
#define KBC_CTR_XLATE		0x40	/* scan code translation to set 1 */

#define KBC_CMD_WRITE_OUTPUT	0xd1
#define KBC_CMD_RESET		0xfe

#define PS2_QUEUE		16	/* bytes a device holds (QEMU: 256) */

/* The bytes one PS/2 device has sent and the controller not yet taken. */
struct ps2_queue {
	uint8_t data[PS2_QUEUE];
	uint8_t rptr, count;
};

struct ps2_kbd {
	struct ps2_queue q;
	uint8_t write_cmd;	/* command waiting for its argument, 0: none */
	uint8_t scancode_set;	/* 1-3 */
	uint8_t leds;
	bool scan_enabled;
	bool translate;		/* the controller's XLATE bit */
};

struct ps2_mouse {
	struct ps2_queue q;
	uint8_t write_cmd;
	uint8_t status;		/* remote, enabled, scaling 2:1 */
	uint8_t resolution, sample_rate;
	uint8_t type;		/* 0 PS/2, 3 IntelliMouse, 4 Explorer */
	uint8_t detect;		/* the 200,100|200,80 sample rate knock */
	bool wrap;
};

struct dev_i8042 {
	uint8_t status, mode, outport;
	uint8_t write_cmd;	/* controller command waiting for 0x60 */
	bool ctrl_pending;	/* the controller's own answer is waiting */
	bool ctrl_aux;		/* ... and it goes out as aux data (0xd3) */
	uint8_t ctrl_data;
	uint8_t obsrc;		/* whose byte the output buffer holds */
	uint8_t obdata;		/* the last byte out: what 0x60 reads when empty */
	struct ps2_kbd kbd;
	struct ps2_mouse aux;
	const char *reset_how;	/* the guest asked for a reset, and how */
};

/* As the firmware (SeaBIOS) leaves it: self-tested, keyboard enabled. */
void i8042_init(struct dev_i8042 *s);
/* @port: PORT_KBC_DATA or PORT_KBC_CMD; byte accesses. */
uint8_t i8042_read(struct dev_i8042 *s, uint16_t port);
void i8042_write(struct dev_i8042 *s, uint16_t port, uint8_t value);
/* The levels of IRQ 1 and IRQ 12 now. */
bool i8042_kbd_irq(const struct dev_i8042 *s);
bool i8042_aux_irq(const struct dev_i8042 *s);

#endif
