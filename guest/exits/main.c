// SPDX-License-Identifier: MIT
/* exits: run every check group, report, leave with the number of failures. */
#include "guest/exits/exits.h"
#include "guest/lib/multiboot.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "hv/lib/format.h"

#include <stdarg.h>

void kmain(uint32_t magic, uint32_t info);

static int failed;

void check_ok(const char *kind)
{
	printf("exits: %s: ok\n", kind);
}

void check_fail(const char *kind, const char *fmt, ...)
{
	char buf[PRINTF_MAX];
	va_list ap;

	failed++;
	va_start(ap, fmt);
	hv_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("exits: %s: FAIL %s\n", kind, buf);
}

void check_skip(const char *kind, const char *why)
{
	printf("exits: %s: %s\n", kind, why);
}

int check_vector(const char *kind, int got, int want)
{
	if (got == want) {
		check_ok(kind);
		return 0;
	}
	if (want < 0)
		check_fail(kind, "raised %s (vector %d)", trap_name((unsigned int)got), got);
	else if (got < 0)
		check_fail(kind, "no %s (vector %d)", trap_name((unsigned int)want), want);
	else
		check_fail(kind, "%s (vector %d) instead of %s (vector %d)",
			   trap_name((unsigned int)got), got,
			   trap_name((unsigned int)want), want);
	return -1;
}

void kmain(uint32_t magic, uint32_t info)
{
	trap_init();
	platform_init(magic, info);
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		check_fail("multiboot", "magic 0x%x", magic);

	exits_cpuid();
	exits_pio();
	exits_string_io();
	exits_msr();
	exits_cr();
	exits_xsetbv();
	exits_insn();
	exits_page_fault();
	exits_timer();

	/* Not the number of checks: skipped ones differ from host to host. */
	printf("exits: done, %d failed\n", failed);
	platform_exit(failed);
}
