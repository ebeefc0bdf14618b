// SPDX-License-Identifier: MIT
/*
 * The bad addresses every pointer-taking hypercall is tried with. Each one
 * is bad for a different step of the hypervisor's check: our page tables
 * (NULL, the hole), its EPT (beyond RAM, the end of RAM), the arithmetic
 * (a range that wraps) and the address format (non-canonical).
 */
#include "guest/pvtest/pvtest.h"
#include "guest/lib/paging.h"
#include "hv/lib/format.h"
#include "hv/lib/string.h"

#define BEYOND_RAM	(512ull << 20)	/* identity-mapped by entry.asm */
#define UNTOUCHED	0x5a		/* what a failed call must leave */

/* hole_pages[1] is the hole; [0] stays mapped, for straddling buffers. */
static uint8_t hole_pages[2][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

struct bad_addrs bad;

void pvtest_memory_init(uint64_t ram)
{
	/*
	 * Page 0 is RAM and mapped like any other: NULL is bad only once it
	 * is unmapped. Nothing here reads it (the Multiboot information
	 * lies at 0x8000 or above).
	 */
	paging_set_present(0, 0);
	paging_set_present((uintptr_t)hole_pages[1], 0);

	bad.null = 0;
	bad.hole = (uintptr_t)hole_pages[1];
	bad.beyond_ram = ram && ram <= BEYOND_RAM ? BEYOND_RAM : 0;
	bad.ram_end = ram && ram <= PAGING_MAPPED ? ram : 0;
	bad.wrapping = ~0ull - 15;
	bad.noncanonical = 1ull << 47;
}

static void check_efault(const char *what, const char *suffix, unsigned int nr,
			 uint64_t addr)
{
	char name[48];

	hv_snprintf(name, sizeof(name), "%s-%s", what, suffix);
	check_ret(name, hypercall1(nr, addr), -HV_EFAULT);
}

void check_bad_out_pointer(const char *what, unsigned int nr, size_t size)
{
	uint8_t *start = (uint8_t *)(uintptr_t)(bad.hole - size / 2);
	char name[48], r[RET_NAME_LEN];
	int64_t ret;
	size_t i;

	check_efault(what, "null", nr, bad.null);
	check_efault(what, "unmapped", nr, bad.hole + 0x100);

	hv_snprintf(name, sizeof(name), "%s-into-hole", what);
	memset(start, UNTOUCHED, size / 2);
	ret = hypercall1(nr, (uintptr_t)start);
	for (i = 0; i < size / 2 && start[i] == UNTOUCHED; i++)
		;
	if (ret != -HV_EFAULT)
		check_fail(name, "returned %s, expected -HV_EFAULT", ret_name(ret, r));
	else if (i < size / 2)
		check_fail(name, "-HV_EFAULT, but byte %zu of the %zu before the hole was written",
			   i, size / 2);
	else
		check_ok(name);

	hv_snprintf(name, sizeof(name), "%s-beyond-ram", what);
	if (bad.beyond_ram)
		check_efault(what, "beyond-ram", nr, bad.beyond_ram);
	else
		check_skip(name, "RAM reaches 512 MiB");
	check_efault(what, "noncanonical", nr, bad.noncanonical);
}
