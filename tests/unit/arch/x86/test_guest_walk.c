// SPDX-License-Identifier: MIT
/*
 * arch/x86/guest_walk.c: guest linear -> guest physical through the
 * guest's own page tables, in each paging mode (Intel SDM Vol. 3A,
 * 4.3 32-bit paging, 4.4 PAE paging, 4.5 4-level paging). Guest-physical
 * memory is an 8 MiB buffer; the read callback fails outside it and
 * checks that every entry is read with the entry size of the mode, at an
 * aligned address.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/guest_walk.h"
#include "hv/cr.h"

#define MEM_SIZE	(8u << 20)

#define CR0_PE		(1ULL << 0)
#define CR0_ET		(1ULL << 4)
#define CR0_PG		(1ULL << 31)
#define CR3_PWT		(1ULL << 3)
#define CR3_PCD		(1ULL << 4)
#define CR4_PSE		(1ULL << 4)
#define CR4_PAE		(1ULL << 5)
#define EFER_LME	(1ULL << 8)
#define EFER_LMA	(1ULL << 10)

#define P		(1ULL << 0)
#define RW		(1ULL << 1)
#define US		(1ULL << 2)
#define PS		(1ULL << 7)
#define NX		(1ULL << 63)

struct guest_mem {
	uint8_t *buf;
	unsigned int entry_size;	/* what every read must be */
	unsigned int reads;
};

static struct guest_mem mem;
static struct guest_paging gp;

static int mem_read(void *ctx, uint64_t gpa, unsigned int size, uint64_t *v)
{
	struct guest_mem *m = ctx;
	uint64_t x = 0;

	m->reads++;
	if (size != m->entry_size)
		fail_msg("read of %u bytes at %#llx, entries are %u", size,
			 (unsigned long long)gpa, m->entry_size);
	if (gpa % size)
		fail_msg("unaligned entry read at %#llx",
			 (unsigned long long)gpa);
	if (gpa >= MEM_SIZE || MEM_SIZE - gpa < size)
		return -1;
	memcpy(&x, m->buf + gpa, size);
	*v = x;
	return 0;
}

static void put32(uint64_t gpa, uint32_t v)
{
	memcpy(mem.buf + gpa, &v, 4);
}

static void put64(uint64_t gpa, uint64_t v)
{
	memcpy(mem.buf + gpa, &v, 8);
}

static int setup(void **state)
{
	mem.buf = calloc(1, MEM_SIZE);
	if (!mem.buf)
		return -1;
	mem.reads = 0;
	mem.entry_size = 0;
	gp = (struct guest_paging){ .read = mem_read, .ctx = &mem };
	return 0;
}

static int teardown(void **state)
{
	free(mem.buf);
	mem.buf = NULL;
	return 0;
}

#define assert_translates(gla, want)					\
	do {								\
		uint64_t gpa_ = 0xdeadbeef;				\
									\
		assert_int_equal(guest_translate(&gp, (gla), &gpa_), 0); \
		assert_int_equal(gpa_, (want));				\
	} while (0)

#define assert_faults(gla)						\
	do {								\
		uint64_t gpa_ = 0;					\
									\
		assert_int_equal(guest_translate(&gp, (gla), &gpa_), -1); \
	} while (0)

/* ------------------------------------------------------------ no paging */

static void test_paging_off(void **state)
{
	gp.cr0 = CR0_PE | CR0_ET;
	assert_translates(0x12345678, 0x12345678);
	assert_translates(0xffffffff, 0xffffffff);
	assert_translates(0, 0);
	/* Linear addresses are 32 bits here. */
	assert_translates(0x100001234ULL, 0x1234);
	/* PAE and PSE mean nothing without CR0.PG. */
	gp.cr4 = CR4_PAE | CR4_PSE;
	gp.efer = EFER_LME;
	gp.cr3 = 0x10000;
	assert_translates(0xc0001000, 0xc0001000);
	assert_int_equal(mem.reads, 0);
}

/* ------------------------------------------------------------ 32-bit */

static void setup_32bit(void)
{
	gp.cr0 = CR0_PG | CR0_PE | CR0_ET;
	gp.cr3 = 0x10000 | CR3_PWT | CR3_PCD;
	mem.entry_size = 4;
	/* 0xc0000000: PD slot 0x300 -> page table at 0x11000. */
	put32(0x10000 + 0x300 * 4, 0x11000 | P | RW | US);
	put32(0x11000 + 0x123 * 4, 0x00abc000 | P);
	put32(0x11000 + 0x124 * 4, 0x00abd000 | RW | US);	/* not present */
	put32(0x11000 + 0x125 * 4, 0x00abe000 | PS | P);	/* PAT, not PS */
	put32(0x10000 + 0x301 * 4, 0x12000 | RW);		/* not present */
	/* A PDE with PS: a 4 MiB page with PSE, else a page table. */
	put32(0x10000 + 3 * 4, 0x400000 | PS | RW | P);
	put32(0x400000 + 0x012 * 4, 0x777000 | P);
	/* A 4 MiB page with bits 20:13 = physical address bits 39:32. */
	put32(0x10000 + 4 * 4, 0xffc00000 | 0x5 << 13 | PS | P);
	/* A page table outside guest memory. */
	put32(0x10000 + 5 * 4, 0x10000000 | P);
}

static void test_32bit_4k(void **state)
{
	setup_32bit();
	assert_translates(0xc0123456, 0x00abc456);
	assert_translates(0xc0123000, 0x00abc000);
	assert_translates(0xc0123fff, 0x00abcfff);
	/* Bit 7 of a PTE is PAT, not a page size. */
	assert_translates(0xc0125abc, 0x00abeabc);
	/* Only the low 32 bits of the address count. */
	assert_translates(0xffffffffc0123456ULL, 0x00abc456);
	assert_true(mem.reads > 0);
}

static void test_32bit_not_present(void **state)
{
	setup_32bit();
	assert_faults(0xc0124000);	/* PTE */
	assert_faults(0xc0400000);	/* PDE */
	assert_faults(0x80000000);	/* empty PDE */
}

static void test_32bit_pse_4m(void **state)
{
	setup_32bit();
	gp.cr4 = CR4_PSE;
	assert_translates(0x00c12345, 0x00412345);
	assert_translates(0x00ffffff, 0x007fffff);
	assert_translates(0x01000000 + 0x2abcde, 0x5ffc00000ULL + 0x2abcde);
	/* 4 KiB pages still work next to it. */
	assert_translates(0xc0123456, 0x00abc456);
}

static void test_32bit_ps_ignored_without_pse(void **state)
{
	setup_32bit();
	gp.cr4 = 0;
	/* The PDE's address is a page table's. */
	assert_translates(0x00c12345, 0x00777345);
	assert_faults(0x00c13000);
}

static void test_32bit_table_outside_memory(void **state)
{
	setup_32bit();
	assert_faults(0x01400000);
	gp.cr3 = 0x10000000;
	assert_faults(0xc0123456);
}

/* ------------------------------------------------------------ PAE */

static void setup_pae(void)
{
	gp.cr0 = CR0_PG | CR0_PE | CR0_ET;
	gp.cr4 = CR4_PAE;
	/* The PDPT is 32-byte aligned, not page aligned. */
	gp.cr3 = 0x20020;
	mem.entry_size = 8;
	/* Decoys where a page-aligned CR3 would look. */
	for (int i = 0; i < 4; i++)
		put64(0x20000 + i * 8, 0x5f000 | P);
	put64(0x20020 + 3 * 8, 0x21000 | P);
	put64(0x21000 + 0x1ff * 8, 0x22000 | RW | P);
	put64(0x22000 + 0x1ab * 8, NX | 0x123456000ULL | P);
	put64(0x22000 + 0x1ac * 8, 0x123457000ULL | RW);	/* not present */
	put64(0x21000 + 0x1fe * 8, 0x23000 | RW);		/* not present */
	put64(0x20020 + 0 * 8, 0x24000 | P);
	put64(0x24000 + 5 * 8, 0x3fe00000 | PS | RW | P);	/* 2 MiB */
	put64(0x24000 + 6 * 8, 0x20000000 | RW | P);		/* outside */
	put64(0x20020 + 1 * 8, 0x25000);			/* not present */
}

static uint64_t pae_gla(uint64_t pdpt, uint64_t pd, uint64_t pt, uint64_t off)
{
	return pdpt << 30 | pd << 21 | pt << 12 | off;
}

static void test_pae_4k(void **state)
{
	setup_pae();
	assert_translates(pae_gla(3, 0x1ff, 0x1ab, 0x789), 0x123456789ULL);
	/* Only the low 32 bits of the address count. */
	assert_translates(0xffffffff00000000ULL | pae_gla(3, 0x1ff, 0x1ab, 0),
			  0x123456000ULL);
}

static void test_pae_2m(void **state)
{
	setup_pae();
	assert_translates(pae_gla(0, 5, 0, 0x12345), 0x3fe12345);
	assert_translates(pae_gla(0, 5, 0x1ff, 0xfff), 0x3fffffff);
}

static void test_pae_not_present(void **state)
{
	setup_pae();
	assert_faults(pae_gla(1, 0, 0, 0));		/* PDPTE */
	assert_faults(pae_gla(2, 0, 0, 0));		/* empty PDPTE */
	assert_faults(pae_gla(3, 0x1fe, 0, 0));		/* PDE */
	assert_faults(pae_gla(3, 0x1ff, 0x1ac, 0));	/* PTE */
}

static void test_pae_table_outside_memory(void **state)
{
	setup_pae();
	assert_faults(pae_gla(0, 6, 0, 0));
	gp.cr3 = 0x10000000;
	assert_faults(pae_gla(3, 0x1ff, 0x1ab, 0));
}

/* ------------------------------------------------------------ 4-level */

#define HIGH 0xffff800000000000ULL	/* PML4 slot 256 */

static uint64_t lm_gla(uint64_t base, uint64_t pdpt, uint64_t pd, uint64_t pt,
		       uint64_t off)
{
	return base | pdpt << 30 | pd << 21 | pt << 12 | off;
}

static void setup_long(void)
{
	gp.cr0 = CR0_PG | CR0_PE | CR0_ET;
	gp.cr4 = CR4_PAE;
	gp.efer = EFER_LME | EFER_LMA;
	gp.cr3 = 0x30000 | CR3_PWT | CR3_PCD;
	mem.entry_size = 8;
	put64(0x30000 + 256 * 8, 0x31000 | RW | P);
	put64(0x30000 + 1 * 8, 0x3f000 | RW);			/* not present */
	put64(0x31000 + 0 * 8, 0x32000 | RW | P);
	put64(0x31000 + 1 * 8, 0x180000000ULL | PS | RW | P);	/* 1 GiB */
	put64(0x31000 + 2 * 8, 0x3e000 | RW);			/* not present */
	put64(0x32000 + 0x91 * 8, 0x33000 | RW | P);
	put64(0x32000 + 0x92 * 8, 0x40000000 | PS | RW | P);	/* 2 MiB */
	put64(0x32000 + 0x93 * 8, 0x3d000 | RW);		/* not present */
	put64(0x32000 + 0x94 * 8, 0x10000000 | RW | P);	/* outside */
	/* NX and protection-key bits are not address bits. */
	put64(0x33000 + 0x45 * 8, NX | 0x7800000000000000ULL |
				  0xabcdef000ULL | P);
	put64(0x33000 + 0x46 * 8, 0xabcdf000ULL | RW);		/* not present */
}

static void test_long_4k(void **state)
{
	setup_long();
	assert_translates(lm_gla(HIGH, 0, 0x91, 0x45, 0x678), 0xabcdef678ULL);
	assert_translates(lm_gla(HIGH, 0, 0x91, 0x45, 0), 0xabcdef000ULL);
}

static void test_long_2m(void **state)
{
	setup_long();
	assert_translates(lm_gla(HIGH, 0, 0x92, 0, 0) | 0x1abcde, 0x401abcde);
	assert_translates(lm_gla(HIGH, 0, 0x92, 0, 0) | 0x1fffff, 0x401fffff);
}

static void test_long_1g(void **state)
{
	setup_long();
	assert_translates(lm_gla(HIGH, 1, 0, 0, 0) | 0x12345678,
			  0x192345678ULL);
	assert_translates(lm_gla(HIGH, 1, 0, 0, 0) | 0x3fffffff,
			  0x1bfffffffULL);
}

static void test_long_not_present(void **state)
{
	setup_long();
	assert_faults(0);				/* empty PML4E */
	assert_faults(1ULL << 39);			/* PML4E */
	assert_faults(lm_gla(HIGH, 2, 0, 0, 0));	/* PDPTE */
	assert_faults(lm_gla(HIGH, 3, 0, 0, 0));	/* empty PDPTE */
	assert_faults(lm_gla(HIGH, 0, 0x93, 0, 0));	/* PDE */
	assert_faults(lm_gla(HIGH, 0, 0x91, 0x46, 0));	/* PTE */
	assert_faults(lm_gla(HIGH, 0, 0x91, 0x47, 0));	/* empty PTE */
}

static void test_long_table_outside_memory(void **state)
{
	setup_long();
	assert_faults(lm_gla(HIGH, 0, 0x94, 0, 0));
	gp.cr3 = 0x7fff0000000ULL;
	assert_faults(lm_gla(HIGH, 0, 0x91, 0x45, 0));
}

/* CR4.LA57: one more level, bits 56:48 of the address pick the PML5E. */
static void test_long_5level(void **state)
{
	setup_long();
	gp.cr4 = CR4_PAE | CR4_LA57;
	gp.cr3 = 0x2f000;
	put64(0x2f000 + 0x1ff * 8, 0x30000 | RW | P);	/* -> the PML4 */
	put64(0x2f000 + 0x1fe * 8, 0x2e000 | RW);		/* not present */
	/* PML5 slot 511 or 510, then PML4 slot 256: 57-bit addresses. */
	const uint64_t low48 = lm_gla(HIGH, 0, 0x91, 0x45, 0x678) &
			       ((1ULL << 48) - 1);

	assert_translates(0xfe00000000000000ULL | 0x1ffULL << 48 | low48,
			  0xabcdef678ULL);
	assert_faults(0xfe00000000000000ULL | 0x1feULL << 48 | low48);
	/* Without LA57 the same tables are 4-level: the PML5 is not read. */
	gp.cr4 = CR4_PAE;
	gp.cr3 = 0x30000;
	assert_translates(lm_gla(HIGH, 0, 0x91, 0x45, 0x678), 0xabcdef678ULL);
}

/* 48 bits sign-extended, or 57 with CR4.LA57 (Linux's 0xff11... GS base). */
static void test_canonical_width(void **state)
{
	assert_true(guest_canonical(0, 0x00007fffffffffffULL));
	assert_true(guest_canonical(0, 0xffff800000000000ULL));
	assert_false(guest_canonical(0, 0x0000800000000000ULL));
	assert_false(guest_canonical(0, 0xff11000000000000ULL));
	assert_true(guest_canonical(CR4_LA57, 0xff11000000000000ULL));
	assert_true(guest_canonical(CR4_LA57, 0x00ffffffffffffffULL));
	assert_false(guest_canonical(CR4_LA57, 0x0100000000000000ULL));
	assert_false(guest_canonical(CR4_LA57, 0xfe00000000000000ULL - 1));
}

static void test_long_mode_is_efer_lma(void **state)
{
	/* LME alone (not yet active) with PAE: that is PAE paging. */
	setup_pae();
	gp.efer = EFER_LME;
	assert_translates(pae_gla(3, 0x1ff, 0x1ab, 0x789), 0x123456789ULL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_paging_off),
		T(test_32bit_4k),
		T(test_32bit_not_present),
		T(test_32bit_pse_4m),
		T(test_32bit_ps_ignored_without_pse),
		T(test_32bit_table_outside_memory),
		T(test_pae_4k),
		T(test_pae_2m),
		T(test_pae_not_present),
		T(test_pae_table_outside_memory),
		T(test_long_4k),
		T(test_long_2m),
		T(test_long_1g),
		T(test_long_not_present),
		T(test_long_table_outside_memory),
		T(test_long_5level),
		T(test_long_mode_is_efer_lma),
		T(test_canonical_width),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
