/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor console output. printk() formats once and writes to every
 * registered console (the serial port first, then the framebuffer).
 */
#ifndef HV_PRINTK_H
#define HV_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

struct console {
	const char *name;
	void (*write)(const char *s, size_t n);
	void (*flush)(void);	/* optional: wait until output is out */
	int (*read)(void);	/* optional: a byte typed at it, or -1 */
};

void console_register(const struct console *con);
void console_flush(void);
/* A byte from any console's input, or -1 if none is waiting. */
int console_read(void);
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
