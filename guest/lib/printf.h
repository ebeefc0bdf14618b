/* SPDX-License-Identifier: MIT */
/* printf() to the platform console, formatted by hv/lib/format.c. */
#ifndef GUEST_LIB_PRINTF_H
#define GUEST_LIB_PRINTF_H

#include <stdarg.h>

/* Formats at most PRINTF_MAX - 1 bytes per call; longer output ends in "...". */
#define PRINTF_MAX	256

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
