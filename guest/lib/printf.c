// SPDX-License-Identifier: MIT
/*
 * printf() for the guests: the hypervisor's own printf engine formats into
 * a buffer on the stack, the platform console writes it. No locks and no
 * heap: safe to call from a trap handler.
 */
#include "guest/lib/printf.h"
#include "guest/lib/platform.h"
#include "hv/lib/format.h"

int vprintf(const char *fmt, va_list ap)
{
	char buf[PRINTF_MAX];
	int n = hv_vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return n;
	if ((size_t)n < sizeof(buf)) {
		platform_console_write(buf, (size_t)n);
	} else {
		platform_console_write(buf, sizeof(buf) - 1);
		platform_console_write("...\n", 4);
	}
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
