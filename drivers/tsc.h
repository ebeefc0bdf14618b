/* SPDX-License-Identifier: MIT */
#ifndef DRIVERS_TSC_H
#define DRIVERS_TSC_H

#include <stdint.h>

/* TSC ticks per second, measured against the PIT at boot. */
extern uint64_t tsc_hz;

/* The TSC when calibration ended: time 0 for HC_TIME_NS. */
extern uint64_t tsc_boot;

/* Measure tsc_hz with PIT channel 2 (the PC speaker timer). */
void tsc_calibrate(void);

/* No 128-bit division in a freestanding build: split the seconds off. */
static inline uint64_t tsc_from_ns(uint64_t ns)
{
	return ns / 1000000000u * tsc_hz + ns % 1000000000u * tsc_hz / 1000000000u;
}

static inline uint64_t tsc_to_ns(uint64_t tsc)
{
	return tsc / tsc_hz * 1000000000u + tsc % tsc_hz * 1000000000u / tsc_hz;
}

#endif
