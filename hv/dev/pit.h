/* SPDX-License-Identifier: MIT */
/*
 * The 8254 timer a guest sees, channel 0 (IRQ 0): ports 0x40 (data) and
 * 0x43 (mode/command); modes 0 (interrupt on terminal count), 2 (rate
 * generator) and 3 (square wave, which interrupts at the same rate);
 * lobyte, hibyte and lobyte/hibyte access; counter latch. Time comes from
 * the host TSC: the input clock is 1.193182 MHz (Intel 8254 datasheet).
 * A new count written in mode 2 or 3 takes effect at once rather than at
 * the end of the current period. Channel 1 (DRAM refresh) and the
 * read-back command are not modelled.
 *
 * Channel 2 (port 0x42) with its gate and output on port 0x61, as QEMU's
 * i8254 and pcspk model them (hw/timer/i8254.c, hw/audio/pcspk.c):
 * modes 0-5 (OUT and count by QEMU's formulas), a rising gate restarts
 * modes 1, 2, 3 and 5, a low gate does not stop the count (QEMU's "XXX");
 * 0x61 reads gate (bit 0), speaker data (bit 1), a refresh bit that
 * toggles on every read (bit 4) and OUT2 (bit 5). Linux calibrates the
 * TSC with it. No sound.
 */
#ifndef HV_DEV_PIT_H
#define HV_DEV_PIT_H

#include <stdbool.h>
#include <stdint.h>

#define PIT_INPUT_HZ 1193182u

struct pit_channel2 {
	uint8_t mode, access;
	bool gate, speaker;
	bool write_hi_next, read_hi_next;
	uint16_t reload_lo;
	uint32_t count;			/* 1..65536 */
	uint64_t load_tsc;		/* when counting (re)started */
	bool latched;
	uint16_t latch;
	uint8_t refresh;		/* port 0x61 bit 4 */
};

struct dev_pit {
	uint64_t tsc_hz;
	uint8_t mode, access;
	bool write_hi_next, read_hi_next;
	uint16_t reload_lo;		/* first byte of a lo/hi write */
	uint32_t reload;		/* 1..65536 */
	bool counting;			/* a count was loaded */
	bool armed;			/* an interrupt is coming at next_tsc */
	uint64_t start_tsc;		/* when the count was loaded */
	uint64_t next_tsc;
	bool latched;
	uint16_t latch;
	struct pit_channel2 ch2;	/* port 0x42, gated by port 0x61 */
};


void pit_model_init(struct dev_pit *t, uint64_t tsc_hz);
uint8_t pit_model_read(struct dev_pit *t, uint16_t port, uint64_t now);
void pit_model_write(struct dev_pit *t, uint16_t port, uint8_t value,
		     uint64_t now);

/* Port 0x61 (system control port B): channel 2's gate and output. */
uint8_t pit_port61_read(struct dev_pit *t, uint64_t now);
void pit_port61_write(struct dev_pit *t, uint8_t value, uint64_t now);

/*
 * Has an interrupt come due by @now? Returns true once per due period
 * (periods missed while the guest did not run are coalesced into one, as
 * a busy real PIC would) and moves the deadline on.
 */
bool pit_tick(struct dev_pit *t, uint64_t now);

/* TSC of the next interrupt, or 0 if none is coming. */
uint64_t pit_deadline(const struct dev_pit *t);

#endif
