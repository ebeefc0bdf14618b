// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hv/memmap.h"

static void test_pc_layout(void **state)
{
	struct guest_region r[GUEST_REGIONS_MAX];
	size_t n = guest_memory_map(16ULL << 20, r, GUEST_REGIONS_MAX);

	(void)state;
	assert_int_equal(n, 5);
	assert_int_equal(r[0].start, 0);
	assert_int_equal(r[0].len, 0x9fc00);
	assert_int_equal(r[0].type, GUEST_REGION_RAM);
	assert_int_equal(r[1].start, 0x9fc00);
	assert_int_equal(r[1].type, GUEST_REGION_RESERVED);
	assert_int_equal(r[2].start, 0xe0000);
	assert_int_equal(r[2].start + r[2].len, 0x100000);
	assert_int_equal(r[3].start, 0x100000);
	assert_int_equal(r[3].start + r[3].len, 16ULL << 20);
	assert_int_equal(r[3].type, GUEST_REGION_RAM);
	assert_int_equal(r[4].start, 0xfec00000);
	assert_int_equal(r[4].start + r[4].len, 1ULL << 32);
	/* In address order, none overlapping. */
	for (size_t i = 1; i < n; i++)
		assert_true(r[i - 1].start + r[i - 1].len <= r[i].start);
}

static void test_limits(void **state)
{
	struct guest_region r[GUEST_REGIONS_MAX];

	(void)state;
	assert_int_equal(guest_memory_map(1ULL << 20, r, GUEST_REGIONS_MAX), 0);
	assert_int_equal(guest_memory_map(GUEST_RAM_MAX + 4096, r,
					  GUEST_REGIONS_MAX), 0);
	assert_int_equal(guest_memory_map(16ULL << 20, r, 2), 2);
}

static void test_device_windows(void **state)
{
	(void)state;
	assert_false(guest_in_device_window(0x9ffff));
	assert_true(guest_in_device_window(0xa0000));
	assert_true(guest_in_device_window(0xbffff));
	assert_false(guest_in_device_window(0xc0000));
	assert_false(guest_in_device_window(0xfebfffff));
	assert_true(guest_in_device_window(0xfec00000));
	assert_true(guest_in_device_window(0xfee000f0));
	assert_true(guest_in_device_window(0xffffffff));
	assert_false(guest_in_device_window(0x100000000ULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pc_layout),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_device_windows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
