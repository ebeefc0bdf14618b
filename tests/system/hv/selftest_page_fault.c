// SPDX-License-Identifier: MIT
/*
 * Test build (build/tests/hv_page_fault.elf): the hypervisor writes to an
 * address it never mapped, to show the exception report and the panic path
 * in a real boot (system test "hv-exception-report").
 */
#include <stdint.h>

#include "hv/printk.h"
#include "hv/selftest.h"

#define UNMAPPED ((volatile uint64_t *)0x0000700000000000ULL)

void selftest_point(enum selftest_point where, void *ctx)
{
	(void)ctx;
	if (where != SELFTEST_AFTER_MM_INIT)
		return;
	printk("selftest: writing to unmapped address %p\n", (void *)UNMAPPED);
	*UNMAPPED = 0x5e1f7e57;
}
