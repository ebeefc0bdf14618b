// SPDX-License-Identifier: MIT
/*
 * hv/pmm.c, the physical page allocator, on made-up memory maps. It never
 * touches the pages it manages, so only its bitmap needs real memory. Each
 * map is checked page by page against a model: a page is free iff it lies
 * wholly inside a usable region, at or above 1 MiB, outside the bitmap.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/panic.h"
#include "hv/pmm.h"

#define KIB (1ULL << 10)
#define MIB (1ULL << 20)
#define GIB (1ULL << 30)
#define PG PMM_PAGE_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* BUG_ON() lands here: fail the test, or satisfy expect_assert_failure(). */
void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mock_assert(0, msg, __FILE__, __LINE__);
	abort();		/* mock_assert(0, ...) does not return */
}

#define R(b, l, t) { .base = (b), .length = (l), .type = BOOT_MEM_##t }

/* The allocator under test, built by make_pmm(). */
static struct pmm pmm;
static uint64_t *bitmap;
static const struct boot_mem_region *map;
static unsigned int map_n;
static uint64_t bitmap_phys;
static size_t bitmap_bytes;

static int free_bitmap(void **state)
{
	free(bitmap);
	bitmap = NULL;
	return 0;
}

/* What the loader-side code does: size the bitmap, find it a home, init. */
static void make_pmm(const struct boot_mem_region *r, unsigned int n)
{
	map = r;
	map_n = n;
	bitmap_bytes = pmm_bitmap_bytes(r, n);
	bitmap_phys = pmm_bitmap_home(r, n, bitmap_bytes);
	assert_true(bitmap_phys != 0);
	free(bitmap);
	/* Junk, so init must write every word it relies on. */
	bitmap = malloc(bitmap_bytes);
	assert_non_null(bitmap);
	memset(bitmap, 0x5a, bitmap_bytes);
	pmm_init(&pmm, r, n, bitmap, bitmap_phys);
}

static uint64_t page_up(uint64_t x)
{
	return (x + PG - 1) & ~(PG - 1);
}

static int model_free(uint64_t addr)
{
	if (addr < PMM_LOW_RESERVED)
		return 0;
	if (addr >= bitmap_phys && addr < bitmap_phys + page_up(bitmap_bytes))
		return 0;
	for (unsigned int i = 0; i < map_n; i++)
		if (map[i].type == BOOT_MEM_USABLE && addr >= map[i].base &&
		    addr + PG <= map[i].base + map[i].length)
			return 1;
	return 0;
}

/* Every page's state matches the model and free_pages counts them. */
static void check_against_model(void)
{
	uint64_t free_count = 0;

	for (uint64_t p = 0; p < pmm.pages; p++) {
		int want = model_free(p * PG), got = pmm_is_free(&pmm, p * PG);

		if (want != got)
			fail_msg("page %#llx: free %d, want %d",
				 (unsigned long long)(p * PG), got, want);
		free_count += got;
	}
	assert_int_equal(pmm.free_pages, free_count);
}

static uint64_t count_free(void)
{
	uint64_t n = 0;

	for (uint64_t p = 0; p < pmm.pages; p++)
		n += pmm_is_free(&pmm, p * PG);
	return n;
}

/*
 * A PC-like map: low memory, a hole for the BIOS area, usable memory in
 * pieces with unaligned edges, ACPI tables, the loader's allocations, MMIO
 * far above the end of RAM.
 */
static const struct boot_mem_region pc_map[] = {
	R(0x0, 0x9f000, USABLE),
	R(0x9f000, 0x61000, RESERVED),
	R(0x100000, 0x700000, USABLE),			/* 1M..8M */
	R(0x800000, 0x100000, ACPI_RECLAIM),
	R(0x900800, 0x1000000 - 0x900800, USABLE),	/* starts mid-page */
	R(0x1000000, 0x200000, HV),
	R(0x1200000, 0x2dff800 - 0x1200000, USABLE),	/* ends mid-page */
	R(0x2dff800, 0x800, RESERVED),
	R(0x2e00000, 0x1200000, USABLE),		/* 46M..64M */
	R(0x4000000, 0x1000, BAD),
	R(0xfee00000, 0x1000, MMIO),
};

/* ------------------------------------------------------------- sizing */

static void test_bitmap_bytes(void **state)
{
	static const struct boot_mem_region one_page_over[] = {
		R(0x0, 0x41000, USABLE),		/* 65 pages */
	};
	static const struct boot_mem_region partial_end[] = {
		R(0x0, 0x40fff, USABLE),		/* 64 whole pages */
		R(0x40fff, 0x100000, RESERVED),
	};
	static const struct boot_mem_region unsorted[] = {
		R(0x10000000, 0x1000000, USABLE),	/* ends at 272M */
		R(0x100000, 0x100000, USABLE),
		R(0xf0000000, 0x10000000, MMIO),	/* not usable: ignored */
		R(0x20000000, 0x1000, RESERVED),
	};

	/* 64M: 16384 pages, 256 words. */
	assert_int_equal(pmm_bitmap_bytes(pc_map, ARRAY_SIZE(pc_map)), 2048);
	assert_int_equal(pmm_bitmap_bytes(one_page_over, 1), 16);
	assert_int_equal(pmm_bitmap_bytes(partial_end, 2), 8);
	assert_int_equal(pmm_bitmap_bytes(unsorted, ARRAY_SIZE(unsorted)),
			 272 * MIB / PG / 8);
	assert_int_equal(pmm_bitmap_bytes(NULL, 0), 0);
}

static void test_bitmap_home(void **state)
{
	static const struct boot_mem_region skip_low_and_small[] = {
		R(0x0, 0x9f000, USABLE),		/* big enough, but low */
		R(0x100000, 0x2000, USABLE),		/* 8K: too small */
		R(0x102000, 0x100000, ACPI_NVS),	/* big, not usable */
		R(0x300000, 0x100000, USABLE),
	};
	static const struct boot_mem_region straddles_1m[] = {
		R(0x80000, 0x280000, USABLE),
	};
	static const struct boot_mem_region unaligned_base[] = {
		R(0x100800, 0x100000, USABLE),
	};
	static const struct boot_mem_region unaligned_end[] = {
		/* 16K minus a byte: only three whole pages. */
		R(0x200000, 0x3fff, USABLE),
		R(0x400000, 0x4000, USABLE),
	};
	static const struct boot_mem_region nowhere[] = {
		R(0x0, 0x100000, USABLE),
		R(0x100000, 0x100000, RESERVED),
		R(0x200000, 0x1000, USABLE),
	};

	assert_int_equal(pmm_bitmap_home(skip_low_and_small, 4, 0x3000),
			 0x300000);
	assert_int_equal(pmm_bitmap_home(straddles_1m, 1, 0x1000), 0x100000);
	assert_int_equal(pmm_bitmap_home(unaligned_base, 1, 0x1000), 0x101000);
	assert_int_equal(pmm_bitmap_home(unaligned_end, 2, 0x4000), 0x400000);
	assert_int_equal(pmm_bitmap_home(unaligned_end, 2, 0x3000), 0x200000);
	assert_int_equal(pmm_bitmap_home(nowhere, 3, 0x2000), 0);
	assert_int_equal(pmm_bitmap_home(nowhere, 3, 0x1000), 0x200000);
}

/* --------------------------------------------------------------- init */

static void test_init_pc_map(void **state)
{
	make_pmm(pc_map, ARRAY_SIZE(pc_map));
	assert_int_equal(pmm.pages, 64 * MIB / PG);
	assert_ptr_equal(pmm.bitmap, bitmap);
	/* The bitmap went to the first usable page above 1 MiB. */
	assert_int_equal(bitmap_phys, 0x100000);
	check_against_model();

	/* Spot checks of what the model says, in case both are wrong. */
	assert_false(pmm_is_free(&pmm, 0x0));
	assert_false(pmm_is_free(&pmm, 0x9e000));	/* usable, below 1M */
	assert_false(pmm_is_free(&pmm, 0x100000));	/* the bitmap */
	assert_true(pmm_is_free(&pmm, 0x101000));
	assert_true(pmm_is_free(&pmm, 0x7ff000));
	assert_false(pmm_is_free(&pmm, 0x800000));	/* ACPI */
	assert_false(pmm_is_free(&pmm, 0x900000));	/* partial page */
	assert_true(pmm_is_free(&pmm, 0x901000));
	assert_false(pmm_is_free(&pmm, 0x1000000));	/* the loader's */
	assert_true(pmm_is_free(&pmm, 0x2dfe000));
	assert_false(pmm_is_free(&pmm, 0x2dff000));	/* partial page */
	assert_true(pmm_is_free(&pmm, 0x2e00000));
	assert_true(pmm_is_free(&pmm, 0x3fff000));
	assert_false(pmm_is_free(&pmm, 0x4000000));	/* past the end */
	assert_false(pmm_is_free(&pmm, 0xfee00000));

	/* usable_pages: whole pages the map calls usable, low ones too. */
	assert_int_equal(pmm.usable_pages,
			 0x9f + 0x700 + (0x1000 - 0x901) + (0x2dff - 0x1200) +
			 0x1200);
}

/* The bitmap's own pages are taken, however many there are. */
static void test_bitmap_pages_taken(void **state)
{
	static const struct boot_mem_region big[] = {
		R(0x0, 0x9f000, USABLE),
		R(0x100800, 4 * GIB - 0x100800, USABLE),
	};

	make_pmm(big, ARRAY_SIZE(big));
	/* 1M pages, 128 KiB of bitmap: 32 pages from 0x101000 on. */
	assert_int_equal(bitmap_bytes, 128 * KIB);
	assert_int_equal(bitmap_phys, 0x101000);
	assert_false(pmm_is_free(&pmm, 0x101000));
	assert_false(pmm_is_free(&pmm, 0x101000 + 31 * PG));
	assert_true(pmm_is_free(&pmm, 0x101000 + 32 * PG));
	check_against_model();
	assert_int_equal(pmm.free_pages, (4 * GIB - 0x101000) / PG - 32);
}

/* -------------------------------------------------------------- alloc */

/* Everything it hands out one page at a time is free, and only once. */
static void test_alloc_all_single_pages(void **state)
{
	uint64_t total, n = 0, a;
	uint8_t *seen;

	make_pmm(pc_map, ARRAY_SIZE(pc_map));
	total = pmm.free_pages;
	seen = calloc(pmm.pages, 1);
	assert_non_null(seen);
	while ((a = pmm_alloc(&pmm, 1, PG)) != 0) {
		assert_int_equal(a % PG, 0);
		assert_true(a / PG < pmm.pages);
		if (!model_free(a) || seen[a / PG])
			fail_msg("handed out %#llx", (unsigned long long)a);
		assert_false(pmm_is_free(&pmm, a));
		seen[a / PG] = 1;
		n++;
		assert_int_equal(pmm.free_pages, total - n);
	}
	free(seen);
	assert_int_equal(n, total);
	assert_int_equal(pmm.free_pages, 0);
	assert_int_equal(count_free(), 0);
}

static void test_never_below_1m(void **state)
{
	static const struct boot_mem_region low_only[] = {
		R(0x0, 0x200000, USABLE),
	};
	uint64_t a, n = 0;

	make_pmm(low_only, 1);
	/* 512 pages: 256 below 1 MiB, one for the bitmap. */
	assert_int_equal(pmm.free_pages, 255);
	while ((a = pmm_alloc(&pmm, 1, PG)) != 0) {
		assert_true(a >= 0x101000);
		assert_true(a < 0x200000);
		n++;
	}
	assert_int_equal(n, 255);
}

static void test_alignment(void **state)
{
	static const struct boot_mem_region r[] = {
		R(0x0, 0x9f000, USABLE),
		R(0x100000, 0x1f00000, USABLE),		/* 1M..32M */
	};
	uint64_t a, b, c, d;

	make_pmm(r, ARRAY_SIZE(r));
	/* Take one page so the next 2M-aligned run is not at the hint. */
	a = pmm_alloc(&pmm, 1, PG);
	assert_int_equal(a, 0x101000);

	b = pmm_alloc(&pmm, 512, 2 * MIB);
	assert_int_equal(b, 0x200000);
	c = pmm_alloc(&pmm, 1, 2 * MIB);
	assert_int_equal(c, 0x400000);
	d = pmm_alloc(&pmm, 3, 8 * MIB);
	assert_int_equal(d, 0x800000);
	assert_int_equal(pmm_alloc(&pmm, 2, 16 * KIB) % (16 * KIB), 0);
	/* What was taken is taken, what was skipped is still free. */
	for (uint64_t p = b; p < b + 2 * MIB; p += PG)
		assert_false(pmm_is_free(&pmm, p));
	assert_true(pmm_is_free(&pmm, 0x102000));
	assert_true(pmm_is_free(&pmm, 0x401000));
	assert_int_equal(count_free(), pmm.free_pages);
}

/* A used page at the very end of an aligned slot moves on to the next slot. */
static void test_alignment_skips_blocked_slot(void **state)
{
	static const struct boot_mem_region r[] = {
		R(0x0, 0x9f000, USABLE),
		R(0x100000, 0x6ff000, USABLE),		/* 1M..8M-4K */
		R(0x7ff000, 0x1000, RESERVED),
		R(0x800000, 0x200000, USABLE),		/* 8M..10M */
	};

	make_pmm(r, ARRAY_SIZE(r));
	assert_int_equal(pmm_alloc(&pmm, 512, 2 * MIB), 0x200000);
	assert_int_equal(pmm_alloc(&pmm, 512, 2 * MIB), 0x400000);
	/* 6M..8M has its last page reserved. */
	assert_int_equal(pmm_alloc(&pmm, 512, 2 * MIB), 0x800000);
	assert_int_equal(pmm_alloc(&pmm, 512, 2 * MIB), 0);
	/* Unaligned, what is left: 255 pages below 2M, 511 from 6M. */
	assert_int_equal(pmm_alloc(&pmm, 511, PG), 0x600000);
	assert_int_equal(pmm_alloc(&pmm, 256, PG), 0);
	assert_int_equal(pmm_alloc(&pmm, 255, PG), 0x101000);
	assert_int_equal(pmm.free_pages, 0);
}

static void test_run_does_not_cross_hole(void **state)
{
	static const struct boot_mem_region r[] = {
		R(0x100000, 0x4000, USABLE),	/* bitmap + 3 pages */
		R(0x104000, 0x1000, RESERVED),
		R(0x105000, 0x5000, USABLE),	/* 5 pages */
	};

	make_pmm(r, ARRAY_SIZE(r));
	assert_int_equal(bitmap_phys, 0x100000);
	assert_int_equal(pmm.free_pages, 8);
	assert_int_equal(pmm_alloc(&pmm, 6, PG), 0);
	assert_int_equal(pmm_alloc(&pmm, 4, PG), 0x105000);
	/* From the hint at the end, the search wraps to the start. */
	assert_int_equal(pmm_alloc(&pmm, 3, PG), 0x101000);
	assert_int_equal(pmm_alloc(&pmm, 2, PG), 0);
	assert_int_equal(pmm_alloc(&pmm, 1, PG), 0x109000);
	assert_int_equal(pmm_alloc(&pmm, 1, PG), 0);
	assert_int_equal(pmm.free_pages, 0);
}

static void test_exhaustion(void **state)
{
	static const struct boot_mem_region r[] = {
		R(0x100000, 0x11000, USABLE),	/* bitmap + 16 pages */
	};

	make_pmm(r, 1);
	assert_int_equal(pmm.free_pages, 16);
	assert_int_equal(pmm_alloc(&pmm, 17, PG), 0);
	assert_int_equal(pmm.free_pages, 16);
	assert_int_equal(pmm_alloc(&pmm, 16, PG), 0x101000);
	assert_int_equal(pmm.free_pages, 0);
	assert_int_equal(pmm_alloc(&pmm, 1, PG), 0);
	assert_int_equal(pmm.free_pages, 0);
}

static void test_bad_arguments(void **state)
{
	static const uint64_t bad_align[] = { 0, 1, 512, 2048, 3 * PG, 6000,
					      PG + 1, (2 * MIB) | PG };

	make_pmm(pc_map, ARRAY_SIZE(pc_map));
	uint64_t before = pmm.free_pages;

	assert_int_equal(pmm_alloc(&pmm, 0, PG), 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad_align); i++)
		assert_int_equal(pmm_alloc(&pmm, 1, bad_align[i]), 0);
	assert_int_equal(pmm_alloc(&pmm, before + 1, PG), 0);
	assert_int_equal(pmm_alloc(&pmm, UINT64_MAX, PG), 0);
	assert_int_equal(pmm.free_pages, before);
	check_against_model();
}

/* --------------------------------------------------------------- free */

static void test_free_and_realloc(void **state)
{
	static const struct boot_mem_region r[] = {
		R(0x100000, 0x21000, USABLE),	/* bitmap + 32 pages */
	};
	uint64_t a, b, c;

	make_pmm(r, 1);
	a = pmm_alloc(&pmm, 8, PG);
	b = pmm_alloc(&pmm, 8, PG);
	c = pmm_alloc(&pmm, 16, PG);
	assert_int_equal(a, 0x101000);
	assert_int_equal(b, 0x109000);
	assert_int_equal(c, 0x111000);
	assert_int_equal(pmm.free_pages, 0);

	pmm_free(&pmm, b, 8);
	assert_int_equal(pmm.free_pages, 8);
	for (uint64_t p = b; p < b + 8 * PG; p += PG)
		assert_true(pmm_is_free(&pmm, p));
	assert_false(pmm_is_free(&pmm, a + 7 * PG));
	assert_false(pmm_is_free(&pmm, c));

	/* Only the freed hole is left, and a run that fits it gets it. */
	assert_int_equal(pmm_alloc(&pmm, 9, PG), 0);
	assert_int_equal(pmm_alloc(&pmm, 8, PG), b);
	assert_int_equal(pmm.free_pages, 0);

	pmm_free(&pmm, a, 8);
	pmm_free(&pmm, c + 4 * PG, 4);
	assert_int_equal(pmm.free_pages, 12);
	assert_int_equal(count_free(), 12);
	assert_int_equal(pmm_alloc(&pmm, 4, PG), c + 4 * PG);
	assert_int_equal(pmm_alloc(&pmm, 8, PG), a);
}

/* Random allocs and frees: free_pages always equals the free bits. */
static void test_free_pages_accounting(void **state)
{
	struct {
		uint64_t addr, count;
	} live[64] = { { 0 } };
	uint64_t seed = 12345, initial;

	make_pmm(pc_map, ARRAY_SIZE(pc_map));
	initial = pmm.free_pages;
	for (int step = 0; step < 2000; step++) {
		unsigned int slot;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		slot = (unsigned int)(seed >> 58);
		if (live[slot].addr) {
			pmm_free(&pmm, live[slot].addr, live[slot].count);
			live[slot].addr = 0;
		} else {
			uint64_t count = 1 + (seed >> 20) % 300;
			uint64_t align = PG << ((seed >> 40) % 10);

			live[slot].addr = pmm_alloc(&pmm, count, align);
			live[slot].count = count;
			if (live[slot].addr)
				assert_int_equal(live[slot].addr % align, 0);
		}
		if (step % 100 == 0)
			assert_int_equal(count_free(), pmm.free_pages);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(live); i++)
		if (live[i].addr)
			pmm_free(&pmm, live[i].addr, live[i].count);
	/* Back to where it started, page for page. */
	assert_int_equal(pmm.free_pages, initial);
	check_against_model();
}

static void test_double_free_is_a_bug(void **state)
{
	uint64_t a;

	make_pmm(pc_map, ARRAY_SIZE(pc_map));
	a = pmm_alloc(&pmm, 4, PG);
	assert_true(a != 0);
	pmm_free(&pmm, a, 4);
	expect_assert_failure(pmm_free(&pmm, a, 4));
	/* Partly free: the second half is still free. */
	a = pmm_alloc(&pmm, 2, PG);
	expect_assert_failure(pmm_free(&pmm, a, 4));
}

static void test_bad_free_is_a_bug(void **state)
{
	uint64_t a;

	make_pmm(pc_map, ARRAY_SIZE(pc_map));
	a = pmm_alloc(&pmm, 1, PG);
	expect_assert_failure(pmm_free(&pmm, a + 8, 1));	/* misaligned */
	/* Past the end of what the bitmap covers. */
	expect_assert_failure(pmm_free(&pmm, 64 * MIB, 1));
	/* Never allocated. */
	expect_assert_failure(pmm_free(&pmm, 0x3000000 + 16 * PG, 1));
}

#define T(f) cmocka_unit_test_teardown(f, free_bitmap)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_bitmap_bytes),
		T(test_bitmap_home),
		T(test_init_pc_map),
		T(test_bitmap_pages_taken),
		T(test_alloc_all_single_pages),
		T(test_never_below_1m),
		T(test_alignment),
		T(test_alignment_skips_blocked_slot),
		T(test_run_does_not_cross_hole),
		T(test_exhaustion),
		T(test_bad_arguments),
		T(test_free_and_realloc),
		T(test_free_pages_accounting),
		T(test_double_free_is_a_bug),
		T(test_bad_free_is_a_bug),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
