/* SPDX-License-Identifier: MIT */
/* A small freestanding printf engine, shared by the loader and the hypervisor. */
#ifndef HV_LIB_FORMAT_H
#define HV_LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Supports %d %i %u %x %X %o %p %s %c %%, the flags '-' '0' '+' ' ' '#',
 * a field width and a precision (both may be '*'), and the length modifiers
 * hh h l ll z. Always NUL-terminates when size > 0; returns the length the
 * full output would have had, as C99 snprintf does.
 */
int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int hv_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
