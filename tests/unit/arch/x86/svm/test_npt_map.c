// SPDX-License-Identifier: MIT
/*
 * arch/x86/svm/npt_map.c (with arch/x86/paging.c, the builder it uses):
 * guest RAM in the nested page tables, checked entry by entry against
 * the APM (vol. 2, 15.25.5: the walk is a user access, so U/S is set at
 * every level; 5.3.3 the entry formats). Table pages come from the same
 * malloc'd arena with made-up physical addresses as test_ept_map.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/svm/npt.h"
#include "tests/unit/arch/x86/table_arena.h"

#define KIB		1024ULL
#define MIB		(1ULL << 20)
#define GIB		(1ULL << 30)

/* APM vol. 2, Figures 5-18 to 5-21, written out here. */
#define P		(1ULL << 0)
#define RW		(1ULL << 1)
#define US		(1ULL << 2)
#define PS		(1ULL << 7)
#define NX		(1ULL << 63)
#define ADDR		0x000ffffffffff000ULL

static struct arena arena;
static struct pt_ops ops = {
	.alloc_page = arena_alloc,
	.phys_to_virt = arena_phys_to_virt,
	.ctx = &arena,
	.format = &pt_format_npt,
};
static uint64_t root;

static int setup(void **state)
{
	(void)state;
	return arena_start(&arena, &ops, &root);
}

static int teardown(void **state)
{
	(void)state;
	return arena_stop(&arena);
}

/* Walk by hand: every table entry on the way is "next | P | RW | US". */
static uint64_t entry(uint64_t gpa, int level)
{
	uint64_t *t = arena_phys_to_virt(&arena, root);

	for (int l = 4; l > level; l--) {
		uint64_t e = t[(gpa >> (12 + 9 * (l - 1))) & 511];

		if ((e & ~ADDR) != (P | RW | US))
			fail_msg("level %d table entry for %#llx: %#llx", l,
				 (unsigned long long)gpa,
				 (unsigned long long)e);
		t = arena_phys_to_virt(&arena, e & ADDR);
	}
	return t[(gpa >> (12 + 9 * (level - 1))) & 511];
}

static void test_16m(void **state)
{
	const uint64_t hpa = 0x40000000;

	(void)state;
	assert_int_equal(npt_map_guest_ram(&ops, root, hpa, 16 * MIB), 0);
	assert_int_equal(arena.used, 4);	/* PML4, PDPT, PD, one PT */
	for (uint64_t i = 1; i < 8; i++)
		assert_int_equal(entry(i * 2 * MIB, 2),
				 (hpa + i * 2 * MIB) | P | RW | US | PS);
	for (uint64_t i = 8; i < 512; i++)
		assert_int_equal(entry(i * 2 * MIB, 2), 0);
	/* Below 2 MiB: 4 KiB pages, executable (no NX), user, writable. */
	assert_int_equal(entry(0, 1), hpa | P | RW | US);
	assert_int_equal(entry(0x9f000, 1), (hpa + 0x9f000) | P | RW | US);
	assert_int_equal(entry(0xc0000, 1), (hpa + 0xc0000) | P | RW | US);
	assert_int_equal(entry(0x1ff000, 1) & NX, 0);
}

/* The VGA window is a device window: not present, so it is a #NPF. */
static void test_vga_window_unmapped(void **state)
{
	uint64_t pa, flags;

	(void)state;
	assert_int_equal(npt_map_guest_ram(&ops, root, 0x40000000, 16 * MIB), 0);
	for (uint64_t x = 0xa0000; x < 0xc0000; x += PAGE_SIZE) {
		assert_int_equal(entry(x, 1), 0);
		assert_int_equal(pt_translate(&ops, root, x, &pa, &flags), -1);
	}
}

/* Nothing past RAM: not the hypervisor, not another guest. */
static void test_nothing_beyond_ram(void **state)
{
	uint64_t pa, flags;

	(void)state;
	assert_int_equal(npt_map_guest_ram(&ops, root, 0x40000000,
					   2 * MIB + 12 * KIB), 0);
	assert_int_equal(pt_translate(&ops, root, 2 * MIB + 8 * KIB, &pa,
				      &flags), 0);
	assert_int_equal(pa, 0x40000000 + 2 * MIB + 8 * KIB);
	assert_int_equal(pt_translate(&ops, root, 2 * MIB + 12 * KIB, &pa,
				      &flags), -1);
	assert_int_equal(pt_translate(&ops, root, GIB, &pa, &flags), -1);
	assert_int_equal(pt_translate(&ops, root, 0xfee00000, &pa, &flags), -1);
}

/* RAM that ends inside the VGA window: nothing of the window mapped. */
static void test_small_ram(void **state)
{
	uint64_t pa, flags;

	(void)state;
	assert_int_equal(npt_map_guest_ram(&ops, root, 0x40000000, 0xb0000), 0);
	assert_int_equal(pt_translate(&ops, root, 0x9ffff, &pa, &flags), 0);
	assert_int_equal(pt_translate(&ops, root, 0xa0000, &pa, &flags), -1);
	assert_int_equal(pt_translate(&ops, root, 0xaf000, &pa, &flags), -1);
}

static void test_out_of_table_pages(void **state)
{
	(void)state;
	arena.limit = 2;		/* the PML4 and one more */
	assert_int_equal(npt_map_guest_ram(&ops, root, 0x40000000, 16 * MIB), -1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_16m), T(test_vga_window_unmapped),
		T(test_nothing_beyond_ram), T(test_small_ram),
		T(test_out_of_table_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
