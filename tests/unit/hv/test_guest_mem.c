// SPDX-License-Identifier: MIT
/*
 * hv/guest_mem.c: every guest pointer a hypercall gets. The fake guest
 * has 64 KiB of RAM and its own "page tables": virtual page N maps to
 * physical page map[N], or nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "hv/errno.h"
#include "hv/guest_mem.h"

#define RAM	(64 * 1024)
#define PAGE	4096
#define NPAGES	64			/* virtual pages the fake maps */
#define UNMAPPED UINT64_MAX

static uint8_t ram[RAM];
static uint64_t map[NPAGES];		/* virtual page -> physical address */

static int translate(void *ctx, uint64_t gva, uint64_t *gpa)
{
	(void)ctx;
	if (gva / PAGE >= NPAGES || map[gva / PAGE] == UNMAPPED)
		return -1;
	*gpa = map[gva / PAGE] + gva % PAGE;
	return 0;
}

static const struct guest_mem mem = { ram, RAM, translate, NULL };

static int setup(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NPAGES; i++)
		map[i] = UNMAPPED;
	/* Virtual pages 1-4 -> physical 8-11, backwards pages 5-6 -> 3, 2. */
	for (unsigned i = 1; i <= 4; i++)
		map[i] = (uint64_t)(i + 7) * PAGE;
	map[5] = 3 * PAGE;
	map[6] = 2 * PAGE;
	/* Virtual 10 -> the last RAM page, 11 -> just past RAM. */
	map[10] = RAM - PAGE;
	map[11] = RAM;
	for (unsigned i = 0; i < RAM; i++)
		ram[i] = (uint8_t)(i * 7);
	return 0;
}

static void test_read_within_a_page(void **state)
{
	uint8_t buf[100];

	assert_int_equal(guest_read(&mem, PAGE + 10, buf, sizeof(buf)), 0);
	assert_memory_equal(buf, ram + 8 * PAGE + 10, sizeof(buf));
}

/* Virtually contiguous, physically scattered: page by page. */
static void test_read_across_pages(void **state)
{
	uint8_t buf[PAGE + 100];

	assert_int_equal(guest_read(&mem, 6 * PAGE - 100, buf, sizeof(buf)), 0);
	assert_memory_equal(buf, ram + 3 * PAGE + PAGE - 100, 100);
	assert_memory_equal(buf + 100, ram + 2 * PAGE, PAGE);
}

static void test_write_across_pages(void **state)
{
	uint8_t buf[300];

	memset(buf, 0x5a, sizeof(buf));
	assert_int_equal(guest_write(&mem, 2 * PAGE - 150, buf, sizeof(buf)), 0);
	assert_memory_equal(ram + 9 * PAGE - 150, buf, 150);
	assert_memory_equal(ram + 9 * PAGE, buf, 150);
}

static void test_unmapped_page_in_the_middle(void **state)
{
	uint8_t before[RAM], buf[3 * PAGE];

	map[3] = UNMAPPED;
	memcpy(before, ram, RAM);
	memset(buf, 1, sizeof(buf));
	/* Pages 2, 3, 4: the hole in the middle fails the whole write... */
	assert_int_equal(guest_write(&mem, 2 * PAGE, buf, sizeof(buf)),
			 -HV_EFAULT);
	/* ...and nothing was written, not even page 2. */
	assert_memory_equal(ram, before, RAM);
	assert_int_equal(guest_read(&mem, 2 * PAGE, buf, sizeof(buf)),
			 -HV_EFAULT);
}

static void test_null_and_unmapped(void **state)
{
	uint8_t b;

	assert_int_equal(guest_read(&mem, 0, &b, 1), -HV_EFAULT);
	assert_int_equal(guest_read(&mem, 20 * PAGE, &b, 1), -HV_EFAULT);
	assert_int_equal(guest_read(&mem, (uint64_t)NPAGES * PAGE * 4, &b, 1),
			 -HV_EFAULT);
}

static void test_outside_ram(void **state)
{
	uint8_t b[16];

	/* Mapped by the guest, but to a physical page past its RAM. */
	assert_int_equal(guest_read(&mem, 11 * PAGE, b, 1), -HV_EFAULT);
	/* The last RAM page is fine; one byte over its end is not. */
	assert_int_equal(guest_read(&mem, 11 * PAGE - 16, b, 16), 0);
	assert_int_equal(guest_read(&mem, 11 * PAGE - 15, b, 16), -HV_EFAULT);
}

static void test_wrapping_and_noncanonical(void **state)
{
	uint8_t b[16];

	assert_int_equal(guest_read(&mem, UINT64_MAX - 7, b, 16), -HV_EFAULT);
	assert_int_equal(guest_read(&mem, UINT64_MAX, b, 1), -HV_EFAULT);
	assert_int_equal(guest_read(&mem, 0x0000800000000000ULL, b, 1),
			 -HV_EFAULT);
	assert_int_equal(guest_read(&mem, 0x00007ffffffffff8ULL, b, 16),
			 -HV_EFAULT);
	/* Both ends canonical, but the range crosses the hole between halves. */
	assert_int_equal(guest_read(&mem, 0x00007ffffffff000ULL, b,
				    0xffff000000002000ULL), -HV_EFAULT);
	/* A huge length from a good address wraps or runs off RAM. */
	assert_int_equal(guest_read(&mem, PAGE, b, UINT64_MAX), -HV_EFAULT);
	assert_int_equal(guest_read(&mem, PAGE, b, 1ULL << 40), -HV_EFAULT);
}

static void test_zero_length_touches_nothing(void **state)
{
	assert_int_equal(guest_read(&mem, PAGE, NULL, 0), 0);
	assert_int_equal(guest_write(&mem, 20 * PAGE, NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_read_within_a_page, setup),
		cmocka_unit_test_setup(test_read_across_pages, setup),
		cmocka_unit_test_setup(test_write_across_pages, setup),
		cmocka_unit_test_setup(test_unmapped_page_in_the_middle, setup),
		cmocka_unit_test_setup(test_null_and_unmapped, setup),
		cmocka_unit_test_setup(test_outside_ram, setup),
		cmocka_unit_test_setup(test_wrapping_and_noncanonical, setup),
		cmocka_unit_test_setup(test_zero_length_touches_nothing, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
