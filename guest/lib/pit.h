/* SPDX-License-Identifier: MIT */
/* The 8254 programmable interval timer, channel 0 (IRQ0). */
#ifndef GUEST_LIB_PIT_H
#define GUEST_LIB_PIT_H

#define PIT_CH0		0x40
#define PIT_CMD		0x43
#define PIT_HZ		1193182u	/* its input clock: 14.31818 MHz / 12 */

/* Channel 0 as a rate generator at @hz (19 to PIT_HZ); -1 if out of range. */
int pit_start_periodic(unsigned int hz);

#endif
