// SPDX-License-Identifier: MIT
/* pvtest: run every check group, report, shut down with the number of failures. */
#include "guest/pvtest/pvtest.h"
#include "guest/lib/multiboot.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "hv/lib/format.h"
#include "hv/lib/string.h"

#include <stdarg.h>

void kmain(uint32_t magic, uint32_t info);

uint64_t ram_bytes;
static int failed;

void check_ok(const char *what)
{
	printf("pvtest: %s: ok\n", what);
}

void check_fail(const char *what, const char *fmt, ...)
{
	char buf[PRINTF_MAX];
	va_list ap;

	failed++;
	va_start(ap, fmt);
	hv_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("pvtest: %s: FAIL %s\n", what, buf);
}

void check_skip(const char *what, const char *why)
{
	printf("pvtest: %s: skipped, %s\n", what, why);
}

static const struct {
	int err;
	const char *name;
} errors[] = {
	{ HV_EPERM, "HV_EPERM" }, { HV_ENOENT, "HV_ENOENT" },
	{ HV_E2BIG, "HV_E2BIG" }, { HV_EAGAIN, "HV_EAGAIN" },
	{ HV_EFAULT, "HV_EFAULT" }, { HV_EINVAL, "HV_EINVAL" },
	{ HV_EDEADLK, "HV_EDEADLK" }, { HV_ENOSYS, "HV_ENOSYS" },
};

const char *ret_name(int64_t ret, char buf[RET_NAME_LEN])
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		if (ret == -errors[i].err) {
			hv_snprintf(buf, RET_NAME_LEN, "-%s", errors[i].name);
			return buf;
		}
	}
	hv_snprintf(buf, RET_NAME_LEN, ret >= 0 && ret < 4096 ? "%ld" : "0x%lx", ret);
	return buf;
}

int check_ret(const char *what, int64_t got, int64_t want)
{
	char g[RET_NAME_LEN], w[RET_NAME_LEN];

	if (got == want) {
		check_ok(what);
		return 0;
	}
	check_fail(what, "returned %s, expected %s", ret_name(got, g), ret_name(want, w));
	return -1;
}

/* The hypervisor gives mem_upper = RAM - 1 MiB exactly (docs/platform.md). */
static uint64_t multiboot_ram(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mi = mb_info(magic, info);
	uint32_t lower, upper;

	if (!mi || mb_memory(mi, &lower, &upper)) {
		check_fail("multiboot", "no memory size: RAM checks will fail");
		return 0;
	}
	return (1024ull + upper) * 1024;
}

void kmain(uint32_t magic, uint32_t info)
{
	trap_init();
	platform_init(magic, info);
	printf("pvtest: platform=%s\n", platform_name());
	if (strcmp(platform_name(), "pv")) {
		printf("pvtest: nothing to test on %s; boot it with platform=pv under EduHV\n",
		       platform_name());
		platform_exit(EXIT_NO_HYPERVISOR);
	}
	ram_bytes = multiboot_ram(magic, info);
	pvtest_memory_init(ram_bytes);

	if (pvtest_page() == 0) {
		pvtest_calls();
		pvtest_step();
		pvtest_msr();
		pvtest_console();
		pvtest_time();
		pvtest_self();
		pvtest_messages();
		pvtest_exit_stats();
		pvtest_trace();
	}
	printf("pvtest: done, %d failed\n", failed);
	platform_exit(failed);		/* HC_SHUTDOWN(failed) */
}
