/* SPDX-License-Identifier: MIT */
/*
 * Page-table pages for the builder's tests: a malloc'd arena with made-up
 * physical addresses (phys = ARENA_PHYS + index * 4096, not the host
 * pointers), so a test that confused the two would fail. Shared by
 * test_paging.c and vmx/test_ept_map.c; include after cmocka.h and a
 * header that defines PAGE_SIZE.
 */
#ifndef TESTS_TABLE_ARENA_H
#define TESTS_TABLE_ARENA_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_PHYS	0x100000ULL
#define ARENA_PAGES	64

struct arena {
	uint8_t *mem;
	unsigned int used;	/* pages handed out */
	unsigned int limit;	/* alloc_page fails beyond this */
};

static void *arena_alloc(void *ctx, uint64_t *phys)
{
	struct arena *a = ctx;
	uint8_t *page;

	if (a->used >= a->limit)
		return NULL;
	page = a->mem + (size_t)a->used * PAGE_SIZE;
	memset(page, 0, PAGE_SIZE);
	*phys = ARENA_PHYS + (uint64_t)a->used * PAGE_SIZE;
	a->used++;
	return page;
}

static void *arena_phys_to_virt(void *ctx, uint64_t phys)
{
	struct arena *a = ctx;

	/* Only pages the arena handed out are tables. */
	if (phys < ARENA_PHYS || phys % PAGE_SIZE ||
	    (phys - ARENA_PHYS) / PAGE_SIZE >= a->used)
		fail_msg("phys_to_virt(%#llx): not a table page",
			 (unsigned long long)phys);
	return a->mem + (phys - ARENA_PHYS);
}

/* Fill @a with junk (alloc_page must zero), then make a root table. */
static int arena_start(struct arena *a, const struct pt_ops *ops,
		       uint64_t *root)
{
	a->mem = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	if (!a->mem)
		return -1;
	memset(a->mem, 0xa5, ARENA_PAGES * PAGE_SIZE);
	a->used = 0;
	a->limit = ARENA_PAGES;
	*root = pt_create(ops);
	return *root ? 0 : -1;
}

static int arena_stop(struct arena *a)
{
	free(a->mem);
	a->mem = NULL;
	return 0;
}

#endif
