// SPDX-License-Identifier: MIT
/*
 * Loader console. Messages are formatted with the hypervisor's own printf
 * engine (hv/lib/format.c) and written to ConOut, which OVMF also copies to
 * the first serial port: one line there is what the system tests read.
 */
#include <efi.h>
#include <efilib.h>
#include <stdarg.h>

#include "boot/console.h"
#include "hv/lib/format.h"

static void out(const char *prefix, const char *fmt, va_list ap)
{
	char line[512];
	CHAR16 wide[520];
	int n = hv_snprintf(line, sizeof(line), "%s", prefix);
	size_t i, w = 0;

	hv_vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	for (i = 0; line[i] && w < 516; i++)
		wide[w++] = (CHAR16)(unsigned char)line[i];
	wide[w++] = L'\r';
	wide[w++] = L'\n';
	wide[w] = 0;
	uefi_call_wrapper(ST->ConOut->OutputString, 2, ST->ConOut, wide);
}

void boot_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out("hvboot: ", fmt, ap);
	va_end(ap);
}

void boot_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out("hvboot: error: ", fmt, ap);
	va_end(ap);
}
