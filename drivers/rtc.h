/* SPDX-License-Identifier: MIT */
#ifndef DRIVERS_RTC_H
#define DRIVERS_RTC_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The machine's own clock, read once at boot from its CMOS RTC: at TSC
 * host_rtc_tsc it showed host_rtc_sec (seconds since 1970-01-01 00:00,
 * in whatever zone the RTC keeps: UTC on QEMU, on Bochs with time0=utc
 * and on most Linux machines). Every guest's RTC starts from it.
 */
extern int64_t host_rtc_sec;
extern uint64_t host_rtc_tsc;

/* Read it (needs tsc_hz); on failure the clock starts at 2000-01-01. */
void host_rtc_init(void);

#endif
