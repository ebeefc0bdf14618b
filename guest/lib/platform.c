// SPDX-License-Identifier: MIT
/*
 * Which backend runs the platform interface (platform.h), chosen once at
 * boot from the command line, then every call goes through its table.
 * Until platform_init() has chosen, it is the bare PC: a trap before then
 * is still reported on COM1, natively and fully virtualized.
 */
#include "guest/lib/platform.h"
#include "guest/lib/multiboot.h"
#include "guest/lib/platform_ops.h"
#include "guest/lib/printf.h"
#include "guest/lib/pv.h"
#include "guest/lib/x86.h"
#include "hv/lib/string.h"

#define PLATFORM_KEY	"platform"

static const struct platform_ops *platform = &pc_platform;

/* "pc" unless the command line says otherwise; NULL: it said nonsense. */
static const char *wanted(uint32_t magic, uint32_t info, char *buf, size_t size)
{
	const struct multiboot_info *mi = mb_info(magic, info);

	if (!mi || mb_cmdline_value(mi, PLATFORM_KEY, buf, size) < 0)
		return pc_platform.name;
	if (!strcmp(buf, pc_platform.name) || !strcmp(buf, pv_platform.name))
		return buf;
	return NULL;
}

void platform_init(uint32_t magic, uint32_t info)
{
	char buf[16];
	const char *want = wanted(magic, info, buf, sizeof(buf));
	const char *why;

	if (want && !strcmp(want, pv_platform.name)) {
		why = pv_probe();
		if (!why) {
			platform = &pv_platform;
			platform->init();
			return;
		}
		/* No hypervisor to talk to: say so where a PC would. */
		pc_platform.init();
		printf("platform: platform=pv, but %s\n", why);
		platform_exit(EXIT_NO_HYPERVISOR);
	}
	pc_platform.init();
	if (!want) {
		printf("platform: platform=%s: no such platform (pc or pv)\n", buf);
		platform_exit(EXIT_BAD_PLATFORM);
	}
}

const char *platform_name(void)
{
	return platform->name;
}

void platform_console_write(const char *buf, size_t len)
{
	platform->console_write(buf, len);
}

void platform_console_flush(void)
{
	platform->console_flush();
}

int platform_timer_start(unsigned int hz)
{
	return platform->timer_start(hz);
}

uint64_t platform_ticks(void)
{
	return platform->ticks();
}

void platform_idle(void)
{
	platform->idle();
}

void platform_yield(void)
{
	platform->yield();
}

void platform_exit(int status)
{
	if (status < 0 || status > 127)
		status = 127;
	platform->exit(status);
	halt_forever();			/* a backend's exit does not return */
}
