// SPDX-License-Identifier: MIT
/*
 * arch/x86/paging.c: the 4-level page-table builder, over an arena of
 * malloc'd pages. The arena hands out made-up physical addresses that are
 * not the host pointers (phys = 0x100000 + index * 4096), so code that
 * mixes the two up faults or fails phys_to_virt's checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/paging.h"
#include "tests/unit/arch/x86/table_arena.h"

#define MIB		(1ULL << 20)
#define GIB		(1ULL << 30)

static struct arena arena;
static struct pt_ops ops = {
	.alloc_page = arena_alloc,
	.phys_to_virt = arena_phys_to_virt,
	.ctx = &arena,
};
static uint64_t root;

static int setup(void **state)
{
	return arena_start(&arena, &ops, &root);
}

static int teardown(void **state)
{
	return arena_stop(&arena);
}

static uint64_t *table_at(uint64_t phys)
{
	return arena_phys_to_virt(&arena, phys);
}

/* The entry at @level (4 = PML4) for @va, walking the tables by hand. */
static uint64_t entry(uint64_t va, int level)
{
	uint64_t *t = table_at(root);

	for (int l = 4; l > level; l--) {
		uint64_t e = t[(va >> (12 + 9 * (l - 1))) & 511];

		assert_true(e & PTE_P);
		t = table_at(e & PTE_ADDR_MASK);
	}
	return t[(va >> (12 + 9 * (level - 1))) & 511];
}

#define assert_maps(va, want_pa, want_flags)				\
	do {								\
		uint64_t pa_ = 0, fl_ = 0;				\
									\
		assert_int_equal(pt_translate(&ops, root, (va), &pa_, &fl_), 0); \
		assert_int_equal(pa_, (want_pa));			\
		assert_int_equal(fl_, (want_flags));			\
	} while (0)

#define assert_unmapped(va)						\
	do {								\
		uint64_t pa_ = 0, fl_ = 0;				\
									\
		assert_int_equal(pt_translate(&ops, root, (va), &pa_, &fl_), -1); \
	} while (0)

static void test_create(void **state)
{
	uint64_t *t = table_at(root);

	assert_int_equal(root, ARENA_PHYS);
	assert_int_equal(arena.used, 1);
	for (int i = 0; i < 512; i++)
		assert_int_equal(t[i], 0);
	assert_unmapped(0);
	assert_unmapped(0xffffffff80000000ULL);

	arena.limit = arena.used;
	assert_int_equal(pt_create(&ops), 0);
}

static void test_map_4k(void **state)
{
	const uint64_t va = 0x400000, pa = 0x12345000;

	assert_int_equal(pt_map(&ops, root, va, pa, 3 * PAGE_SIZE,
				PTE_W | PTE_NX, 0), 0);
	/* PML4, PDPT, PD, PT. */
	assert_int_equal(arena.used, 4);
	for (uint64_t i = 0; i < 3; i++) {
		assert_maps(va + i * PAGE_SIZE, pa + i * PAGE_SIZE,
			    PTE_P | PTE_W | PTE_NX);
		assert_maps(va + i * PAGE_SIZE + 0xabc,
			    pa + i * PAGE_SIZE + 0xabc, PTE_P | PTE_W | PTE_NX);
	}
	assert_unmapped(va - PAGE_SIZE);
	assert_unmapped(va + 3 * PAGE_SIZE);
	assert_unmapped(va + GIB);

	/* Tables in between carry the fake physical addresses, and allow all. */
	assert_int_equal(entry(va, 4), (ARENA_PHYS + 1 * PAGE_SIZE) | PTE_P | PTE_W);
	assert_int_equal(entry(va, 3), (ARENA_PHYS + 2 * PAGE_SIZE) | PTE_P | PTE_W);
	assert_int_equal(entry(va, 2), (ARENA_PHYS + 3 * PAGE_SIZE) | PTE_P | PTE_W);
	assert_int_equal(entry(va, 1), pa | PTE_P | PTE_W | PTE_NX);
}

static void test_map_more_leaf_flags(void **state)
{
	assert_int_equal(pt_map(&ops, root, 0x1000, 0x5000, PAGE_SIZE,
				PTE_U | PTE_G | PTE_PCD | PTE_PWT, 0), 0);
	/* Not asked for W or NX: read-only and executable. */
	assert_maps(0x1000, 0x5000, PTE_P | PTE_U | PTE_G | PTE_PCD | PTE_PWT);
	/* Address bits in @flags must not leak into the entry. */
	assert_int_equal(pt_map(&ops, root, 0x2000, 0x6000, PAGE_SIZE,
				0xdeadbe000ULL | PTE_W, 0), 0);
	assert_maps(0x2000, 0x6000, PTE_P | PTE_W);
}

static void test_map_2m(void **state)
{
	const uint64_t va = 0x40000000, pa = 0x80000000;

	assert_int_equal(pt_map(&ops, root, va, pa, 4 * MIB, PTE_W | PTE_NX,
				PT_MAP_ALLOW_2M), 0);
	/* No page table below the PD. */
	assert_int_equal(arena.used, 3);
	assert_maps(va, pa, PTE_P | PTE_W | PTE_NX | PTE_PS);
	assert_maps(va + 0x1ff123, pa + 0x1ff123,
		    PTE_P | PTE_W | PTE_NX | PTE_PS);
	assert_maps(va + 2 * MIB + 0x456, pa + 2 * MIB + 0x456,
		    PTE_P | PTE_W | PTE_NX | PTE_PS);
	assert_unmapped(va + 4 * MIB);
	assert_unmapped(va - 1);
	assert_int_equal(entry(va, 2), pa | PTE_P | PTE_W | PTE_NX | PTE_PS);
}

static void test_2m_only_when_allowed(void **state)
{
	const uint64_t va = 0x40000000, pa = 0x80000000;

	assert_int_equal(pt_map(&ops, root, va, pa, 4 * MIB, PTE_W, 0), 0);
	/* PML4, PDPT, PD and a PT for each 2 MiB. */
	assert_int_equal(arena.used, 5);
	assert_maps(va + 0x1ff123, pa + 0x1ff123, PTE_P | PTE_W);
	assert_maps(va + 0x3ff000, pa + 0x3ff000, PTE_P | PTE_W);
}

static void test_4k_fallback_when_misaligned(void **state)
{
	/* va aligned to 2 MiB, pa not: 4 KiB pages all the way. */
	assert_int_equal(pt_map(&ops, root, 0x200000, 0x10201000, 2 * MIB,
				PTE_W, PT_MAP_ALLOW_2M), 0);
	assert_maps(0x200000, 0x10201000, PTE_P | PTE_W);
	assert_maps(0x3ff000, 0x10400000, PTE_P | PTE_W);

	/* pa aligned, va not. */
	assert_int_equal(pt_map(&ops, root, 0x40001000, 0x20000000, 2 * MIB,
				PTE_W, PT_MAP_ALLOW_2M), 0);
	assert_maps(0x40001000, 0x20000000, PTE_P | PTE_W);
	assert_maps(0x40200000, 0x201ff000, PTE_P | PTE_W);

	/* Both aligned, but shorter than 2 MiB. */
	assert_int_equal(pt_map(&ops, root, 0x80000000, 0x80000000,
				2 * MIB - PAGE_SIZE, PTE_W, PT_MAP_ALLOW_2M), 0);
	assert_maps(0x80000000, 0x80000000, PTE_P | PTE_W);
	assert_unmapped(0x801ff000);
}

/* A range with unaligned ends: 4K pages, then 2M pages, then 4K again. */
static void test_mixed_page_sizes(void **state)
{
	const uint64_t start = 2 * MIB - 2 * PAGE_SIZE;
	const uint64_t end = 6 * MIB + 3 * PAGE_SIZE;

	assert_int_equal(pt_map(&ops, root, start, start, end - start, PTE_W,
				PT_MAP_ALLOW_2M), 0);
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		int big = va >= 2 * MIB && va < 6 * MIB;

		assert_maps(va + 0x10, va + 0x10,
			    PTE_P | PTE_W | (big ? PTE_PS : 0));
	}
	assert_unmapped(start - PAGE_SIZE);
	assert_unmapped(end);
	/* PML4, PDPT, PD, and a PT each for the 4K pieces at 0-2M and 6-8M. */
	assert_int_equal(arena.used, 5);
}

static void test_upper_half(void **state)
{
	const uint64_t va = 0xffffffff80000000ULL;

	assert_int_equal(pt_map(&ops, root, va, 0x200000, 4 * PAGE_SIZE,
				PTE_W, 0), 0);
	assert_int_equal(pt_map(&ops, root, va + 2 * MIB, 0x400000, 2 * MIB,
				PTE_NX, PT_MAP_ALLOW_2M), 0);
	assert_maps(va, 0x200000, PTE_P | PTE_W);
	assert_maps(va + 0x3fff, 0x203fff, PTE_P | PTE_W);
	assert_maps(va + 2 * MIB + 0x12345, 0x412345, PTE_P | PTE_NX | PTE_PS);
	assert_unmapped(va + 4 * PAGE_SIZE);
	/* Slot 511 of the PML4 and 510 of the PDPT; nothing low. */
	assert_true(table_at(root)[511] & PTE_P);
	assert_false(table_at(root)[0] & PTE_P);
	assert_true(entry(va, 3) & PTE_P);
	assert_false(table_at(entry(va, 4) & PTE_ADDR_MASK)[511] & PTE_P);
	assert_unmapped(0x0);
	assert_unmapped(0x7fff80000000ULL);
}

static void test_already_mapped(void **state)
{
	uint64_t used;

	assert_int_equal(pt_map(&ops, root, 0x10000, 0x20000, PAGE_SIZE, PTE_W, 0), 0);
	assert_int_equal(pt_map(&ops, root, 0x10000, 0x20000, PAGE_SIZE, PTE_W, 0), -1);
	assert_int_equal(pt_map(&ops, root, 0x10000, 0x99000, PAGE_SIZE, 0, 0), -1);
	/* The old mapping stays. */
	assert_maps(0x10000, 0x20000, PTE_P | PTE_W);
	/* A range that runs into it. */
	assert_int_equal(pt_map(&ops, root, 0xe000, 0x50000, 4 * PAGE_SIZE, 0, 0), -1);
	assert_maps(0x10000, 0x20000, PTE_P | PTE_W);

	/* A 2M page over a range that has a 4K page in it. */
	used = arena.used;
	assert_int_equal(pt_map(&ops, root, 0, 0, 2 * MIB, PTE_W,
				PT_MAP_ALLOW_2M), -1);
	assert_int_equal(arena.used, used);
	assert_maps(0x10000, 0x20000, PTE_P | PTE_W);
}

static void test_4k_inside_2m(void **state)
{
	assert_int_equal(pt_map(&ops, root, 0x200000, 0x800000, 2 * MIB, PTE_W,
				PT_MAP_ALLOW_2M), 0);
	assert_int_equal(pt_map(&ops, root, 0x201000, 0x5000, PAGE_SIZE, PTE_W, 0), -1);
	assert_int_equal(pt_map(&ops, root, 0x3ff000, 0x5000, PAGE_SIZE, PTE_W, 0), -1);
	/* Nor a 2M page over it. */
	assert_int_equal(pt_map(&ops, root, 0x200000, 0x0, 2 * MIB, PTE_W,
				PT_MAP_ALLOW_2M), -1);
	assert_maps(0x201000, 0x801000, PTE_P | PTE_W | PTE_PS);
	assert_int_equal(arena.used, 3);
}

static void test_misaligned_arguments(void **state)
{
	assert_int_equal(pt_map(&ops, root, 0x1001, 0x2000, PAGE_SIZE, 0, 0), -1);
	assert_int_equal(pt_map(&ops, root, 0x1000, 0x2800, PAGE_SIZE, 0, 0), -1);
	assert_int_equal(pt_map(&ops, root, 0x1000, 0x2000, 0x1800, 0, 0), -1);
	assert_int_equal(pt_map(&ops, root, 0x1000, 0x2000, 1, 0, PT_MAP_ALLOW_2M), -1);
	/* Rejected before touching anything. */
	assert_int_equal(arena.used, 1);
	assert_unmapped(0x1000);
}

static void test_size_zero(void **state)
{
	assert_int_equal(pt_map(&ops, root, 0x1000, 0x2000, 0, PTE_W, 0), 0);
	assert_int_equal(arena.used, 1);
	assert_unmapped(0x1000);
}

static void test_allocation_failure(void **state)
{
	/* Room for the PDPT and PD, not the PT. */
	arena.limit = arena.used + 2;
	assert_int_equal(pt_map(&ops, root, 0x1000, 0x2000, PAGE_SIZE, PTE_W, 0), -1);
	assert_unmapped(0x1000);
	assert_int_equal(arena.used, arena.limit);
	/* A 2M page needs no PT: that still works. */
	assert_int_equal(pt_map(&ops, root, 0x200000, 0x200000, 2 * MIB, PTE_W,
				PT_MAP_ALLOW_2M), 0);
	assert_maps(0x200000, 0x200000, PTE_P | PTE_W | PTE_PS);
	/* A second PDPT is out of reach. */
	assert_int_equal(pt_map(&ops, root, 1ULL << 39, 0, 2 * MIB, PTE_W,
				PT_MAP_ALLOW_2M), -1);
}

static void test_identity_1g_with_2m_pages(void **state)
{
	assert_int_equal(pt_map(&ops, root, 0, 0, GIB, PTE_W, PT_MAP_ALLOW_2M), 0);
	/* PML4 + PDPT + one full PD. */
	assert_int_equal(arena.used, 3);
	for (uint64_t va = 0; va < GIB; va += 2 * MIB + 0x1234 * PAGE_SIZE)
		assert_maps(va, va, PTE_P | PTE_W | PTE_PS);
	assert_maps(GIB - 1, GIB - 1, PTE_P | PTE_W | PTE_PS);
	assert_unmapped(GIB);
}

/* Translation handles 1 GiB pages (the builder makes none, firmware may). */
static void test_translate_1g_page(void **state)
{
	uint64_t *pdpt;

	assert_int_equal(pt_map(&ops, root, 0, 0, PAGE_SIZE, PTE_W, 0), 0);
	pdpt = table_at(table_at(root)[0] & PTE_ADDR_MASK);
	pdpt[3] = 0x1c0000000ULL | PTE_P | PTE_W | PTE_PS | PTE_NX;
	assert_maps(3 * GIB + 0x12345678, 0x1c0000000ULL + 0x12345678,
		    PTE_P | PTE_W | PTE_PS | PTE_NX);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create),
		T(test_map_4k),
		T(test_map_more_leaf_flags),
		T(test_map_2m),
		T(test_2m_only_when_allowed),
		T(test_4k_fallback_when_misaligned),
		T(test_mixed_page_sizes),
		T(test_upper_half),
		T(test_already_mapped),
		T(test_4k_inside_2m),
		T(test_misaligned_arguments),
		T(test_size_zero),
		T(test_allocation_failure),
		T(test_identity_1g_with_2m_pages),
		T(test_translate_1g_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
