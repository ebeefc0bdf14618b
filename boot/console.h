/* SPDX-License-Identifier: MIT */
/* Loader output: the firmware console (which OVMF mirrors to the serial port). */
#ifndef BOOT_CONSOLE_H
#define BOOT_CONSOLE_H

/* "hvboot: ..." on the firmware console. */
void boot_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * "hvboot: error: ..." — one line naming the thing and the reason. Every
 * failure before the hand-off ends with exactly one of these and a return
 * to the firmware.
 */
void boot_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
