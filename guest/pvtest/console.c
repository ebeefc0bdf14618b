// SPDX-License-Identifier: MIT
/*
 * HC_CONSOLE_WRITE: a good buffer comes out as a line of its own in the
 * transcript and the call returns its length; a bad one returns
 * -HV_EFAULT (or -HV_E2BIG when it is too long) and prints nothing, not
 * even the part of it that was readable: the buffer that runs into the
 * hole starts with "PARTIAL", which must never show.
 */
#include "guest/pvtest/pvtest.h"
#include "guest/lib/paging.h"
#include "guest/lib/platform.h"
#include "hv/lib/string.h"

#define BAD_LEN		16

static const char line[] =
	"pvtest: console-write: this line came in one HC_CONSOLE_WRITE\n";
static const char crossing[] =
	"pvtest: console-write-straddle: this line crosses a page boundary\n";
static const char partial[] = "PARTIAL\n";

static char two_pages[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char too_long[HV_CONSOLE_WRITE_MAX + 1];	/* zeros, never sent */

static int64_t console_write(uint64_t buf, uint64_t len)
{
	/* Our own output first, or the transcript comes out of order. */
	platform_console_flush();
	return hypercall2(HC_CONSOLE_WRITE, buf, len);
}

static void check_good(void)
{
	char *p = two_pages + PAGE_SIZE - 20;

	check_ret("console-write", console_write((uintptr_t)line, sizeof(line) - 1),
		  sizeof(line) - 1);
	check_ret("console-write-empty", console_write((uintptr_t)line, 0), 0);
	memcpy(p, crossing, sizeof(crossing) - 1);
	check_ret("console-write-straddle",
		  console_write((uintptr_t)p, sizeof(crossing) - 1), sizeof(crossing) - 1);
}

static void check_bad(void)
{
	uint64_t into_hole = bad.hole - (sizeof(partial) - 1);

	memcpy((void *)(uintptr_t)into_hole, partial, sizeof(partial) - 1);
	check_ret("console-write-null", console_write(bad.null, BAD_LEN), -HV_EFAULT);
	check_ret("console-write-unmapped", console_write(bad.hole + 0x100, BAD_LEN),
		  -HV_EFAULT);
	check_ret("console-write-into-hole", console_write(into_hole, BAD_LEN),
		  -HV_EFAULT);
	if (bad.beyond_ram)
		check_ret("console-write-beyond-ram",
			  console_write(bad.beyond_ram, BAD_LEN), -HV_EFAULT);
	else
		check_skip("console-write-beyond-ram", "RAM reaches 512 MiB");
	if (bad.ram_end)
		check_ret("console-write-ram-end",
			  console_write(bad.ram_end - BAD_LEN / 2, BAD_LEN), -HV_EFAULT);
	else
		check_skip("console-write-ram-end", "the end of RAM is not mapped");
	check_ret("console-write-wrapping", console_write(bad.wrapping, 2 * BAD_LEN),
		  -HV_EFAULT);
	check_ret("console-write-noncanonical", console_write(bad.noncanonical, BAD_LEN),
		  -HV_EFAULT);
	check_ret("console-write-too-long",
		  console_write((uintptr_t)too_long, sizeof(too_long)), -HV_E2BIG);
	check_ret("console-write-huge-len", console_write((uintptr_t)line, ~0ull),
		  -HV_E2BIG);
}

void pvtest_console(void)
{
	check_good();
	check_bad();
}
