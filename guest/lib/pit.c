// SPDX-License-Identifier: MIT
/*
 * 8254 channel 0 in mode 2 (rate generator): the counter counts the
 * divisor down at PIT_HZ and pulses OUT0, IRQ0 on the PC, every time it
 * reaches 1, then reloads by itself. Intel 8254 datasheet, "Control Word
 * Format" and "Mode 2".
 */
#include "guest/lib/pit.h"
#include "guest/lib/x86.h"

#define PIT_SEL_CH0	(0 << 6)
#define PIT_LOHI	(3 << 4)	/* access: low byte, then high byte */
#define PIT_MODE2	(2 << 1)
#define PIT_BINARY	0		/* not BCD */

#define PIT2_WAIT_MAX	50000000u	/* polls before it gives up */

void pit2_wait(uint16_t count)
{
	unsigned int spins = 0;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);	/* gate on, speaker off */
	outb(PIT_CMD, 0xb0);			/* channel 2, lo/hi, mode 0 */
	outb(0x42, (uint8_t)count);
	outb(0x42, (uint8_t)(count >> 8));
	while (!(inb(0x61) & 0x20) && ++spins < PIT2_WAIT_MAX)
		;
}

int pit_start_periodic(unsigned int hz)
{
	unsigned int divisor;

	if (hz == 0 || hz > PIT_HZ)
		return -1;
	divisor = (PIT_HZ + hz / 2) / hz;	/* nearest */
	if (divisor > 65535)
		return -1;			/* below 19 Hz */
	if (divisor < 2)
		divisor = 2;			/* 1 is illegal in mode 2 */
	outb(PIT_CMD, PIT_SEL_CH0 | PIT_LOHI | PIT_MODE2 | PIT_BINARY);
	outb(PIT_CH0, (uint8_t)divisor);
	outb(PIT_CH0, (uint8_t)(divisor >> 8));
	return 0;
}
