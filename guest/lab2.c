// SPDX-License-Identifier: MIT
/*
 * Lab 2 (docs/labs/lab2-hypercall.md): calls hypercall 13, which the
 * student adds to the hypervisor as HC_EXIT_COUNT(reason) -> how many
 * exits of that basic reason this guest has made so far. It checks the
 * answer against HC_EXIT_STATS, which already exists, and says what is
 * wrong. Needs platform=pv. The number is written as 13 here, not as
 * HC_EXIT_COUNT, so that this guest builds before the lab is done.
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/pv.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"
#include "hv/lib/string.h"

#define LAB_HC_EXIT_COUNT	13
#define VMX_EXIT_CPUID		10	/* SDM Vol. 3D, Appendix C */
#define CPUIDS			5

void kmain(uint32_t magic, uint32_t info);

static struct hv_exit_stats_abi stats;	/* 4 KiB: not on the stack */

static int64_t exit_count(uint64_t reason)
{
	return hypercall1(LAB_HC_EXIT_COUNT, reason);
}

void kmain(uint32_t magic, uint32_t info)
{
	int64_t got, bad;
	uint64_t want;

	trap_init();
	platform_init(magic, info);
	if (strcmp(platform_name(), "pv")) {
		printf("lab2: boot me with cmdline=\"platform=pv\"\n");
		platform_exit(EXIT_NO_HYPERVISOR);
	}
	platform_console_flush();
	if (hypercall1(HC_EXIT_STATS, (uint64_t)(uintptr_t)&stats)) {
		printf("lab2: FAIL HC_EXIT_STATS failed\n");
		platform_exit(1);
	}
	for (int i = 0; i < CPUIDS; i++)
		cpuid(0, 0);
	want = stats.count[VMX_EXIT_CPUID] + CPUIDS;
	got = exit_count(VMX_EXIT_CPUID);
	bad = exit_count(4096);
	printf("lab2: hypercall %d (CPUID) returned %ld, expected %lu\n",
	       LAB_HC_EXIT_COUNT, (long)got, (unsigned long)want);
	printf("lab2: hypercall %d (4096) returned %ld, expected %d (-HV_EINVAL)\n",
	       LAB_HC_EXIT_COUNT, (long)bad, -HV_EINVAL);
	if (got == -HV_ENOSYS) {
		printf("lab2: FAIL hypercall %d does not exist yet (-HV_ENOSYS)\n",
		       LAB_HC_EXIT_COUNT);
		platform_exit(1);
	}
	if (got != (int64_t)want || bad != -HV_EINVAL) {
		printf("lab2: FAIL wrong results\n");
		platform_exit(1);
	}
	printf("lab2: ok\n");
	platform_exit(0);
}
