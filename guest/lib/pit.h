/* SPDX-License-Identifier: MIT */
/* The 8254 programmable interval timer, channel 0 (IRQ0). */
#ifndef GUEST_LIB_PIT_H
#define GUEST_LIB_PIT_H

#include <stdint.h>

#define PIT_CH0		0x40
#define PIT_CMD		0x43
#define PIT_HZ		1193182u	/* its input clock: 14.31818 MHz / 12 */

/* Channel 0 as a rate generator at @hz (19 to PIT_HZ); -1 if out of range. */
int pit_start_periodic(unsigned int hz);

/*
 * Wait for @count clocks of channel 2 (mode 0, gated by port 0x61: OUT2
 * rises at the end), polled: no interrupt can be lost or late, so the
 * time is the PIT's whatever the host does. At most 54 ms.
 */
#define PIT2_50MS	59659u		/* 50 ms of PIT_HZ */
void pit2_wait(uint16_t count);

#endif
