// SPDX-License-Identifier: MIT
/*
 * pit2: PIT channel 2 through port 0x61, as Linux's pit_calibrate_tsc()
 * uses it: gate on, speaker off, mode 0 with a count; OUT2 (0x61 bit 5)
 * is low after the count is written and rises once it has run out. The
 * number of polls depends on the machine's speed and is not printed.
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define POLL_MAX	10000000u

void kmain(uint32_t magic, uint32_t info);

void kmain(uint32_t magic, uint32_t info)
{
	unsigned int polls = 0;
	uint8_t b, lo, hi;
	int refresh_toggles;

	trap_init();
	platform_init(magic, info);
	outb(0x61, (inb(0x61) & ~0x02) | 0x01);	/* gate on, speaker off */
	b = inb(0x61);
	printf("pit2: port 0x61: gate %d, speaker data %d\n", b & 1, !!(b & 2));
	refresh_toggles = ((b ^ inb(0x61)) & 0x10) != 0;
	printf("pit2: port 0x61 bit 4 toggles between reads: %d\n",
	       refresh_toggles);
	outb(0x43, 0xb0);			/* channel 2, lo/hi, mode 0 */
	outb(0x42, 11932 & 0xff);		/* 10 ms */
	outb(0x42, 11932 >> 8);
	printf("pit2: OUT2 right after the count: %d\n", !!(inb(0x61) & 0x20));
	outb(0x43, 0x80);			/* latch channel 2 */
	lo = inb(0x42);
	hi = inb(0x42);
	printf("pit2: latched count below the initial one: %d\n",
	       (unsigned int)(lo | hi << 8) <= 11932);
	while (!(inb(0x61) & 0x20) && polls < POLL_MAX)
		polls++;
	printf("pit2: OUT2 rose after the count: %d\n", polls < POLL_MAX);
	printf("pit2: OUT2 stays high: %d\n", !!(inb(0x61) & 0x20));
	outb(0x61, inb(0x61) & ~0x03);		/* gate off */
	printf("pit2: gate after clearing: %d\n", inb(0x61) & 1);
	printf("pit2: done\n");
	platform_exit(0);
}
