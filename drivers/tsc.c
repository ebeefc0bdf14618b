// SPDX-License-Identifier: MIT
/*
 * TSC calibration against PIT channel 2, whose input clock is 1.193182 MHz
 * on every PC: gate channel 2 on (port 0x61 bit 0), count down 10 ms in
 * mode 0, and watch its output (port 0x61 bit 5) go high. In Bochs with
 * clock sync=none both advance with executed instructions, so the result
 * is the same on every run.
 */
#include "drivers/tsc.h"

#include "hv/arch.h"
#include "hv/printk.h"

#define PIT_HZ		1193182u
#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define PORT_B		0x61
#define CAL_MS		10u
#define SPIN_LIMIT	100000000u

uint64_t tsc_hz;
uint64_t tsc_boot;

void tsc_calibrate(void)
{
	uint16_t count = PIT_HZ * CAL_MS / 1000;
	uint64_t t0, t1;
	uint32_t spins = 0;
	uint8_t b = arch_inb(PORT_B);

	arch_outb(PORT_B, (b & ~0x02) | 0x01);	/* gate on, speaker off */
	arch_outb(PIT_MODE, 0xb0);		/* ch2, lo/hi byte, mode 0 */
	arch_outb(PIT_CH2, count & 0xff);
	arch_outb(PIT_CH2, count >> 8);
	t0 = arch_read_timestamp();
	while (!(arch_inb(PORT_B) & 0x20) && ++spins < SPIN_LIMIT)
		;
	t1 = arch_read_timestamp();
	arch_outb(PORT_B, b);
	tsc_boot = t1;

	if (spins >= SPIN_LIMIT || t1 <= t0) {
		tsc_hz = 1000000000ull;		/* a guess beats a division by 0 */
		printk("tsc: PIT channel 2 did not count; assuming 1 GHz\n");
		return;
	}
	tsc_hz = (t1 - t0) * (1000 / CAL_MS);
	printk("tsc: %llu.%03llu MHz (measured against PIT channel 2 over %u ms)\n",
	       (unsigned long long)(tsc_hz / 1000000),
	       (unsigned long long)(tsc_hz / 1000 % 1000), CAL_MS);
}
