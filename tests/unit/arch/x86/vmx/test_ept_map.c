// SPDX-License-Identifier: MIT
/*
 * arch/x86/vmx/ept_map.c (with arch/x86/paging.c, the builder it uses):
 * guest RAM in EPT, checked entry by entry against the SDM (Vol. 3C,
 * 29.3.2 "EPT Translation Mechanism", 29.3.7 memory type, 25.6.11 the EPT
 * pointer). Table pages come from a malloc'd arena with made-up physical
 * addresses (phys = 0x100000 + index * 4096, not the host pointers), as in
 * test_paging.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/vmx/ept.h"
#include "tests/unit/arch/x86/table_arena.h"

#define KIB		1024ULL
#define MIB		(1ULL << 20)
#define GIB		(1ULL << 30)

/* SDM 29.3.2, written out here rather than taken from ept.h. */
#define R		(1ULL << 0)
#define W		(1ULL << 1)
#define X		(1ULL << 2)
#define MT_WB		(6ULL << 3)	/* bits 5:3 of a leaf */
#define LARGE		(1ULL << 7)	/* a 2 MiB leaf in a PDE */
#define ADDR		0x000ffffffffff000ULL

static struct arena arena;
static struct pt_ops ops = {
	.alloc_page = arena_alloc,
	.phys_to_virt = arena_phys_to_virt,
	.ctx = &arena,
	.format = &pt_format_ept,
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

/*
 * Walk by hand to the entry at @level (4 = PML4) for @gpa. Every table
 * entry on the way must be exactly "next table | RWX": bits 5:3 and 7 are
 * reserved in non-leaf EPT entries (29.3.2), and set they would make an
 * EPT misconfiguration.
 */
static uint64_t entry(uint64_t gpa, int level)
{
	uint64_t *t = table_at(root);

	for (int l = 4; l > level; l--) {
		uint64_t e = t[(gpa >> (12 + 9 * (l - 1))) & 511];

		if ((e & ~ADDR) != (R | W | X))
			fail_msg("level %d table entry for %#llx: %#llx", l,
				 (unsigned long long)gpa,
				 (unsigned long long)e);
		t = table_at(e & ADDR);
	}
	return t[(gpa >> (12 + 9 * (level - 1))) & 511];
}

#define assert_maps(gpa, want_hpa, want_flags)				\
	do {								\
		uint64_t pa_ = 0, fl_ = 0;				\
									\
		assert_int_equal(pt_translate(&ops, root, (gpa), &pa_, &fl_), 0); \
		assert_int_equal(pa_, (want_hpa));			\
		assert_int_equal(fl_, (want_flags));			\
	} while (0)

#define assert_unmapped(gpa)						\
	do {								\
		uint64_t pa_ = 0, fl_ = 0;				\
									\
		assert_int_equal(pt_translate(&ops, root, (gpa), &pa_, &fl_), -1); \
	} while (0)

/* The first 2 MiB are 4 KiB pages, for the VGA window's hole in them. */
#define LOW_HOLE(x)	((x) >= 0xa0000 && (x) < 0xc0000)
#define RAM_FLAGS(x)	(R | W | X | MT_WB | ((x) >= 2 * MIB ? LARGE : 0))

static void test_16m_with_2m_pages(void **state)
{
	const uint64_t hpa = 0x40000000;

	assert_int_equal(ept_map_guest_ram(&ops, root, hpa, 16 * MIB), 0);
	/* PML4, PDPT, PD, and the page table of the first 2 MiB. */
	assert_int_equal(arena.used, 4);
	for (uint64_t i = 1; i < 8; i++)
		assert_int_equal(entry(i * 2 * MIB, 2),
				 (hpa + i * 2 * MIB) | R | W | X | MT_WB | LARGE);
	/* The rest of the PD is empty (not present: no R, W or X). */
	for (uint64_t i = 8; i < 512; i++)
		assert_int_equal(entry(i * 2 * MIB, 2), 0);

	for (uint64_t x = 0; x < 16 * MIB; x += 0x7f123)
		if (!LOW_HOLE(x))
			assert_maps(x, hpa + x, RAM_FLAGS(x));
	assert_maps(16 * MIB - 1, hpa + 16 * MIB - 1, R | W | X | MT_WB | LARGE);
	assert_unmapped(16 * MIB);
	assert_unmapped(GIB);
	assert_unmapped(512 * GIB);
}

static void test_tail_in_4k_pages(void **state)
{
	const uint64_t hpa = 0x40000000, size = 2 * MIB + 12 * KIB;

	assert_int_equal(ept_map_guest_ram(&ops, root, hpa, size), 0);
	/* PML4, PDPT, PD, the first 2 MiB's page table and the tail's. */
	assert_int_equal(arena.used, 5);
	for (uint64_t i = 0; i < 3; i++)
		assert_int_equal(entry(2 * MIB + i * PAGE_SIZE, 1),
				 (hpa + 2 * MIB + i * PAGE_SIZE) | R | W | X |
				 MT_WB);
	for (uint64_t i = 3; i < 512; i++)
		assert_int_equal(entry(2 * MIB + i * PAGE_SIZE, 1), 0);

	for (uint64_t x = 0; x < size; x += 0x1234)
		if (!LOW_HOLE(x))
			assert_maps(x, hpa + x, R | W | X | MT_WB);
	assert_maps(size - 1, hpa + size - 1, R | W | X | MT_WB);
	assert_unmapped(size);
	assert_unmapped(4 * MIB);
}

static void test_hpa_only_4k_aligned(void **state)
{
	/* Guest-physical 0 is 2 MiB aligned, the host side is not. */
	const uint64_t hpa = 0x40001000, size = 4 * MIB;

	assert_int_equal(ept_map_guest_ram(&ops, root, hpa, size), 0);
	/* PML4, PDPT, PD and two page tables. */
	assert_int_equal(arena.used, 5);
	for (uint64_t x = 0; x < size; x += PAGE_SIZE) {
		if (LOW_HOLE(x)) {
			assert_int_equal(entry(x, 1), 0);
			continue;
		}
		assert_int_equal(entry(x, 1), (hpa + x) | R | W | X | MT_WB);
		assert_maps(x + (x / PAGE_SIZE) % PAGE_SIZE,
			    hpa + x + (x / PAGE_SIZE) % PAGE_SIZE,
			    R | W | X | MT_WB);
	}
	assert_unmapped(size);
}

static void test_high_hpa(void **state)
{
	/* Host memory above 4 GiB: all address bits make it to the leaves. */
	const uint64_t hpa = 0x7ffe00000ULL;

	assert_int_equal(ept_map_guest_ram(&ops, root, hpa, 4 * MIB), 0);
	assert_int_equal(entry(2 * MIB, 2),
			 (hpa + 2 * MIB) | R | W | X | MT_WB | LARGE);
	assert_maps(0x123456, hpa + 0x123456, R | W | X | MT_WB);
	assert_maps(0x3fffff, hpa + 0x3fffff, R | W | X | MT_WB | LARGE);
}

static void test_over_1g(void **state)
{
	/* 1 GiB + 2 MiB: a second PD under the same PDPT. */
	const uint64_t hpa = 0x80000000ULL, size = GIB + 2 * MIB;

	assert_int_equal(ept_map_guest_ram(&ops, root, hpa, size), 0);
	assert_int_equal(arena.used, 5);
	assert_maps(GIB - 1, hpa + GIB - 1, R | W | X | MT_WB | LARGE);
	assert_maps(GIB + 0x1fffff, hpa + GIB + 0x1fffff,
		    R | W | X | MT_WB | LARGE);
	assert_unmapped(GIB + 2 * MIB);
	assert_int_equal(entry(GIB, 2), (hpa + GIB) | R | W | X | MT_WB | LARGE);
}

/* The legacy VGA window is a device window: never mapped, so it exits. */
static void test_vga_window_unmapped(void **state)
{
	const uint64_t hpa = 0x40000000;

	assert_int_equal(ept_map_guest_ram(&ops, root, hpa, 16 * MIB), 0);
	assert_maps(0x9ffff, hpa + 0x9ffff, R | W | X | MT_WB);
	for (uint64_t x = 0xa0000; x < 0xc0000; x += PAGE_SIZE) {
		assert_int_equal(entry(x, 1), 0);
		assert_unmapped(x + 0xfff);
	}
	assert_maps(0xc0000, hpa + 0xc0000, R | W | X | MT_WB);
	assert_maps(0x1fffff, hpa + 0x1fffff, R | W | X | MT_WB);
	assert_maps(2 * MIB, hpa + 2 * MIB, R | W | X | MT_WB | LARGE);
}

/* SDM 29.3.2: an entry is present if any of bits 2:0 is set. */
static void test_present_is_any_of_rwx(void **state)
{
	const uint64_t hpa = 0x40000000;
	uint64_t *pd;

	assert_int_equal(ept_map_guest_ram(&ops, root, hpa, 8 * MIB), 0);
	pd = table_at(table_at(table_at(root)[0] & ADDR)[0] & ADDR);
	pd[1] &= ~(R | W);		/* execute-only */
	assert_maps(2 * MIB + 5, hpa + 2 * MIB + 5, X | MT_WB | LARGE);
	/* Write-only is an EPT misconfiguration, but it is not "not present". */
	pd[2] &= ~(R | X);
	assert_maps(4 * MIB, hpa + 4 * MIB, W | MT_WB | LARGE);
	pd[3] &= ~(R | W | X);
	assert_unmapped(6 * MIB);
}

static void test_out_of_table_pages(void **state)
{
	/* Room for the PDPT and the PD, but not for the tail's page table. */
	arena.limit = arena.used + 2;
	assert_int_equal(ept_map_guest_ram(&ops, root, 0x40000000,
					   2 * MIB + PAGE_SIZE), -1);
	assert_unmapped(2 * MIB);
}

static void test_eptp(void **state)
{
	/* Bits 2:0 memory type (6, write-back), bits 5:3 walk length - 1. */
	assert_int_equal(ept_pointer(0x12345000), 0x12345000 | 6 | 3 << 3);
	assert_int_equal(ept_pointer(0x12345000), 0x1234501e);
	assert_int_equal(ept_pointer(root), root | 0x1e);
	/* No accessed/dirty flags (bit 6). */
	assert_int_equal(ept_pointer(0xfffff000ULL) & (1 << 6), 0);
	assert_int_equal(ept_pointer(0x7ffff000ULL) & ~0xfffULL, 0x7ffff000ULL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_16m_with_2m_pages),
		T(test_tail_in_4k_pages),
		T(test_hpa_only_4k_aligned),
		T(test_high_hpa),
		T(test_over_1g),
		T(test_vga_window_unmapped),
		T(test_present_is_any_of_rwx),
		T(test_out_of_table_pages),
		T(test_eptp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
