// SPDX-License-Identifier: MIT
/*
 * drivers/acpi_tables.c: \_S5 in AML, and RSDP -> XSDT/RSDT -> FADT ->
 * DSDT. acpi_parse() reads tables at physical addresses through the
 * identity map; here a "physical address" is a host pointer. Tables built
 * with malloc live above 4 GiB, which exercises the 64-bit XSDT path; the
 * RSDT's 32-bit pointers need tables mapped below 4 GiB (MAP_32BIT).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "drivers/acpi.h"
#include "tests/unit/guard.h"

/* ---------------------------------------------------------------- AML */

#define S5 0x08, '_', 'S', '5', '_'	/* NameOp, then the name */

struct s5_case {
	const char *what;
	uint8_t aml[32];
	size_t len;
	int rc;
	uint8_t a, b;
};

#define AML(...) { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ })

static void run_s5(const struct s5_case *c)
{
	/* Right before a guard page: a read past @len faults. */
	const uint8_t *aml = guard_place(c->aml, c->len);
	uint8_t a = 0xee, b = 0xee;
	int rc = -2;

	GUARDED(rc = acpi_find_s5(aml, c->len, &a, &b));
	if (rc != c->rc)
		fail_msg("%s (%zu bytes): returned %d, want %d", c->what,
			 c->len, rc, c->rc);
	if (rc == 0 && (a != c->a || b != c->b))
		fail_msg("%s (%zu bytes): SLP_TYP %u/%u, want %u/%u", c->what,
			 c->len, a, b, c->a, c->b);
}

static void test_s5_encodings(void **state)
{
	static const struct s5_case cases[] = {
		{ "ZeroOp, OneOp",
		  AML(S5, 0x12, 0x06, 0x04, 0x01, 0x00, 0x00, 0x00), 0, 1, 0 },
		{ "OneOp, ZeroOp",
		  AML(S5, 0x12, 0x06, 0x04, 0x00, 0x01, 0x00, 0x00), 0, 0, 1 },
		{ "BytePrefix",
		  AML(S5, 0x12, 0x0a, 0x04, 0x0a, 0x05, 0x0a, 0x07, 0x00, 0x00),
		  0, 5, 7 },
		{ "WordPrefix",
		  AML(S5, 0x12, 0x08, 0x02, 0x0b, 0x03, 0x00, 0x0b, 0x06, 0x00),
		  0, 3, 6 },
		{ "DWordPrefix",
		  AML(S5, 0x12, 0x0c, 0x02, 0x0c, 0x02, 0x00, 0x00, 0x00,
		      0x0c, 0x04, 0x00, 0x00, 0x00),
		  0, 2, 4 },
		{ "BytePrefix then ZeroOp",
		  AML(S5, 0x12, 0x05, 0x02, 0x0a, 0x07, 0x00), 0, 7, 0 },
		{ "WordPrefix then BytePrefix",
		  AML(S5, 0x12, 0x07, 0x02, 0x0b, 0x05, 0x00, 0x0a, 0x05),
		  0, 5, 5 },
		/* Name(\_S5, ...) as iasl writes it from a root path. */
		{ "root prefix",
		  AML(0x08, '\\', '_', 'S', '5', '_', 0x12, 0x08, 0x04, 0x0a,
		      0x05, 0x0a, 0x05, 0x00, 0x00),
		  0, 5, 5 },
		/* PkgLength with one and two follow-on bytes. */
		{ "2-byte PkgLength",
		  AML(S5, 0x12, 0x48, 0x00, 0x04, 0x0a, 0x03, 0x01, 0x00, 0x00),
		  0, 3, 1 },
		{ "3-byte PkgLength",
		  AML(S5, 0x12, 0x88, 0x00, 0x00, 0x04, 0x01, 0x0a, 0x02),
		  0, 1, 2 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_s5(&cases[i]);
}

/* The name must be defined (NameOp), not merely mentioned. */
static void test_s5_only_where_defined(void **state)
{
	static const struct s5_case cases[] = {
		/* Store(\_S5_, Local0), then the definition. */
		{ "reference first",
		  AML(0x70, '_', 'S', '5', '_', 0x60, S5, 0x12, 0x06, 0x02,
		      0x0a, 0x05, 0x0a, 0x06),
		  0, 5, 6 },
		{ "at offset 0, no NameOp", AML('_', 'S', '5', '_', 0x12, 0x04,
						 0x02, 0x01, 0x01), -1, 0, 0 },
		{ "root prefix, no NameOp",
		  AML(0x70, '\\', '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x01,
		      0x01), -1, 0, 0 },
		{ "Name(_S4_)", AML(0x08, '_', 'S', '4', '_', 0x12, 0x04, 0x02,
				    0x01, 0x01), -1, 0, 0 },
		{ "Name(_S5_, 5): not a package",
		  AML(S5, 0x0a, 0x05, 0x00, 0x00), -1, 0, 0 },
		{ "empty", AML(0x00), -1, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_s5(&cases[i]);
	run_s5(&(const struct s5_case){ "no bytes", { 0 }, 0, -1, 0, 0 });
}

static void test_s5_bad_elements(void **state)
{
	static const struct s5_case cases[] = {
		/* OnesOp (0xff) and a NameString are not what we decode. */
		{ "OnesOp", AML(S5, 0x12, 0x05, 0x02, 0xff, 0x00), -1, 0, 0 },
		{ "NameString", AML(S5, 0x12, 0x08, 0x02, 'A', 'B', 'C', 'D',
				    0x00), -1, 0, 0 },
		{ "second element bad",
		  AML(S5, 0x12, 0x05, 0x02, 0x01, 0x5b), -1, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_s5(&cases[i]);
}

/*
 * Cut good encodings short: -1 at every length that ends before the second
 * element's value, and no read past the end. (A cut inside the high bytes
 * of a final word or dword value may pass: SLP_TYP is its low byte.)
 */
static void test_s5_truncated(void **state)
{
	static const struct {
		struct s5_case c;
		size_t need;		/* bytes up to SLP_TYPb's low byte */
	} whole[] = {
		{ { "bytes", AML(S5, 0x12, 0x0a, 0x04, 0x0a, 0x05, 0x0a, 0x07),
		    0, 5, 7 }, 12 },
		{ { "words", AML(S5, 0x12, 0x08, 0x02, 0x0b, 0x03, 0x00, 0x0b,
				 0x06, 0x00), 0, 3, 6 }, 13 },
		{ { "dwords", AML(S5, 0x12, 0x0c, 0x02, 0x0c, 0x02, 0x00, 0x00,
				  0x00, 0x0c, 0x04, 0x00, 0x00, 0x00), 0, 2, 4 },
		  15 },
		{ { "3-byte PkgLength", AML(S5, 0x12, 0x88, 0x00, 0x00, 0x04,
					    0x01, 0x0a, 0x02), 0, 1, 2 }, 13 },
	};

	for (size_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++) {
		struct s5_case c = whole[i].c;

		run_s5(&c);
		for (c.len = 0; c.len < whole[i].need; c.len++) {
			c.rc = -1;
			run_s5(&c);
		}
	}
}

/* -------------------------------------------------------------- tables */

#define ARENA		8192
#define RSDP_OFF	0
#define XSDT_OFF	64
#define RSDT_OFF	192
#define APIC_OFF	320
#define FADT_OFF	512
#define DSDT_OFF	1024
#define DSDT2_OFF	2048
#define FADT_LEN	276		/* ACPI 6.x */

/* FADT field offsets (ACPI 6.4, Table 5.9). */
#define FADT_DSDT		40
#define FADT_PM1A_CNT_BLK	64
#define FADT_PM1B_CNT_BLK	68
#define FADT_X_DSDT		140
#define FADT_X_PM1A_CNT_BLK	172
#define FADT_X_PM1B_CNT_BLK	184

static const uint8_t dsdt_body[] = {
	/* Scope(\_SB) { Name(PCI0, Zero) } -- noise before the object */
	0x10, 0x0a, 0x5c, '_', 'S', 'B', '_', 0x08, 'P', 'C', 'I', '0', 0x00,
	S5, 0x12, 0x0a, 0x04, 0x0a, 0x05, 0x0a, 0x03, 0x00, 0x00,
	/* Name(_S4_, ...) after it */
	0x08, '_', 'S', '4', '_', 0x12, 0x06, 0x04, 0x01, 0x01, 0x00, 0x00,
};

static const uint8_t dsdt2_body[] = {
	0x08, '\\', '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a, 0x07, 0x01,
};

static uint8_t *hi;		/* malloc'd: above 4 GiB under ASan */
static uint8_t *lo;		/* MAP_32BIT */

static uint64_t phys(const uint8_t *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void sum_to_zero(uint8_t *p, size_t len, size_t at)
{
	uint8_t sum = 0;

	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		sum += p[i];
	p[at] = (uint8_t)-sum;
}

static void header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = rev;
	memcpy(t + 10, "BOCHS ", 6);
	memcpy(t + 16, "BXPC    ", 8);
	put32(t + 24, 1);
	memcpy(t + 28, "BXPC", 4);
	put32(t + 32, 1);
}

/* A Generic Address Structure in I/O space. */
static void gas_io(uint8_t *g, uint64_t port)
{
	g[0] = 1;			/* SystemIO */
	g[1] = 16;			/* bit width */
	g[2] = 0;
	g[3] = 2;			/* word access */
	put64(g + 4, port);
}

/* Checksums for everything, after a test changed a field. */
static void seal(uint8_t *a)
{
	sum_to_zero(a + DSDT_OFF, get32(a + DSDT_OFF + 4), 9);
	sum_to_zero(a + DSDT2_OFF, get32(a + DSDT2_OFF + 4), 9);
	sum_to_zero(a + APIC_OFF, get32(a + APIC_OFF + 4), 9);
	sum_to_zero(a + FADT_OFF, get32(a + FADT_OFF + 4), 9);
	sum_to_zero(a + XSDT_OFF, get32(a + XSDT_OFF + 4), 9);
	sum_to_zero(a + RSDT_OFF, get32(a + RSDT_OFF + 4), 9);
	sum_to_zero(a + RSDP_OFF, 20, 8);
	sum_to_zero(a + RSDP_OFF, 36, 32);
}

/*
 * QEMU-like tables in @a: RSDP revision @rev, an XSDT and an RSDT both
 * listing APIC then FACP, a 276-byte FADT with PM1a at 0xb004 (also in
 * X_PM1a_CNT_BLK), a DSDT with \_S5 = {5, 3}, and a second DSDT with
 * \_S5 = {7, 1} that nothing points to yet.
 */
static void build(uint8_t *a, uint8_t rev)
{
	const int low = phys(a) + ARENA <= 0xffffffffULL;
	uint8_t *rsdp = a + RSDP_OFF, *fadt = a + FADT_OFF;

	memset(a, 0, ARENA);

	header(a + DSDT_OFF, "DSDT", 36 + sizeof(dsdt_body), 2);
	memcpy(a + DSDT_OFF + 36, dsdt_body, sizeof(dsdt_body));
	header(a + DSDT2_OFF, "DSDT", 36 + sizeof(dsdt2_body), 2);
	memcpy(a + DSDT2_OFF + 36, dsdt2_body, sizeof(dsdt2_body));
	header(a + APIC_OFF, "APIC", 44, 3);

	header(fadt, "FACP", FADT_LEN, 6);
	put32(fadt + FADT_DSDT, low ? (uint32_t)phys(a + DSDT_OFF) : 0);
	put32(fadt + FADT_PM1A_CNT_BLK, 0xb004);
	put64(fadt + FADT_X_DSDT, phys(a + DSDT_OFF));
	gas_io(fadt + FADT_X_PM1A_CNT_BLK, 0xb004);

	header(a + XSDT_OFF, "XSDT", 36 + 2 * 8, 1);
	put64(a + XSDT_OFF + 36, phys(a + APIC_OFF));
	put64(a + XSDT_OFF + 44, phys(fadt));
	header(a + RSDT_OFF, "RSDT", 36 + 2 * 4, 1);
	if (low) {
		put32(a + RSDT_OFF + 36, (uint32_t)phys(a + APIC_OFF));
		put32(a + RSDT_OFF + 40, (uint32_t)phys(fadt));
	}

	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "BOCHS ", 6);
	rsdp[15] = rev;
	put32(rsdp + 16, low ? (uint32_t)phys(a + RSDT_OFF) : 0);
	if (rev >= 2) {
		put32(rsdp + 20, 36);
		put64(rsdp + 24, phys(a + XSDT_OFF));
	}
	seal(a);
}

static int setup(void **state)
{
	void *m = mmap(NULL, ARENA, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	if (m == MAP_FAILED)
		return -1;
	lo = m;
	hi = malloc(ARENA);
	return hi ? 0 : -1;
}

static int teardown(void **state)
{
	munmap(lo, ARENA);
	free(hi);
	return 0;
}

/* Parse, expecting success; returns the result. */
static struct acpi_pm parse_ok(uint8_t *a)
{
	struct acpi_pm pm;
	const char *why = "(none)";

	memset(&pm, 0xee, sizeof(pm));
	if (acpi_parse(phys(a + RSDP_OFF), &pm, &why))
		fail_msg("acpi_parse failed: %s", why);
	return pm;
}

/* Parse, expecting failure; returns the reason. */
static const char *parse_bad(uint8_t *a, struct acpi_pm *pm)
{
	const char *why = NULL;

	if (acpi_parse(phys(a + RSDP_OFF), pm, &why) != -1)
		fail_msg("acpi_parse accepted the tables");
	assert_non_null(why);
	return why;
}

static void test_parse_xsdt(void **state)
{
	struct acpi_pm pm;

	/* The point of this test is 64-bit table addresses. */
	assert_true(phys(hi) > 0xffffffffULL);
	build(hi, 2);
	pm = parse_ok(hi);
	assert_int_equal(pm.pm1a_cnt, 0xb004);
	assert_int_equal(pm.pm1b_cnt, 0);
	assert_int_equal(pm.fadt_revision, 6);
	assert_true(pm.s5_found);
	assert_int_equal(pm.slp_typa, 5);
	assert_int_equal(pm.slp_typb, 3);
}

static void test_parse_rsdt(void **state)
{
	struct acpi_pm pm;

	build(lo, 0);
	/* No XSDT: make sure it is not used by breaking it. */
	memset(lo + XSDT_OFF, 0xff, 36);
	pm = parse_ok(lo);
	assert_int_equal(pm.pm1a_cnt, 0xb004);
	assert_true(pm.s5_found);
	assert_int_equal(pm.slp_typa, 5);
	assert_int_equal(pm.slp_typb, 3);
}

/* Revision 2 with a zero XSDT address falls back to the RSDT. */
static void test_parse_rev2_without_xsdt(void **state)
{
	struct acpi_pm pm;

	build(lo, 2);
	put64(lo + RSDP_OFF + 24, 0);
	seal(lo);
	memset(lo + XSDT_OFF, 0xff, 36);
	pm = parse_ok(lo);
	assert_int_equal(pm.pm1a_cnt, 0xb004);
	assert_int_equal(pm.slp_typa, 5);
}

/* With an XSDT present, the RSDT is not used. */
static void test_parse_prefers_xsdt(void **state)
{
	struct acpi_pm pm;

	build(lo, 2);
	put32(lo + RSDT_OFF + 40, 0);		/* RSDT lists no FADT */
	seal(lo);
	pm = parse_ok(lo);
	assert_int_equal(pm.pm1a_cnt, 0xb004);
}

static void test_x_pm1_blocks_override(void **state)
{
	struct acpi_pm pm;

	build(hi, 2);
	put32(hi + FADT_OFF + FADT_PM1A_CNT_BLK, 0x1004);
	put32(hi + FADT_OFF + FADT_PM1B_CNT_BLK, 0x1104);
	gas_io(hi + FADT_OFF + FADT_X_PM1A_CNT_BLK, 0x2004);
	gas_io(hi + FADT_OFF + FADT_X_PM1B_CNT_BLK, 0x2104);
	seal(hi);
	pm = parse_ok(hi);
	assert_int_equal(pm.pm1a_cnt, 0x2004);
	assert_int_equal(pm.pm1b_cnt, 0x2104);

	/* An X_ block in memory space is not a port: the 32-bit one stays. */
	hi[FADT_OFF + FADT_X_PM1A_CNT_BLK] = 0;		/* SystemMemory */
	put64(hi + FADT_OFF + FADT_X_PM1B_CNT_BLK + 4, 0);	/* unset */
	seal(hi);
	pm = parse_ok(hi);
	assert_int_equal(pm.pm1a_cnt, 0x1004);
	assert_int_equal(pm.pm1b_cnt, 0x1104);
}

/* An ACPI 1.0 FADT ends before the X_ fields: whatever follows is not read. */
static void test_short_fadt_has_no_x_fields(void **state)
{
	struct acpi_pm pm;

	build(lo, 0);
	put32(lo + FADT_OFF + 4, 116);
	lo[FADT_OFF + 8] = 1;
	put32(lo + FADT_OFF + FADT_PM1A_CNT_BLK, 0x4004);
	/* Junk where the X_ fields would be. */
	put64(lo + FADT_OFF + FADT_X_DSDT, phys(lo + DSDT2_OFF));
	gas_io(lo + FADT_OFF + FADT_X_PM1A_CNT_BLK, 0x9999);
	seal(lo);
	pm = parse_ok(lo);
	assert_int_equal(pm.fadt_revision, 1);
	assert_int_equal(pm.pm1a_cnt, 0x4004);
	/* The DSDT from the 32-bit field. */
	assert_int_equal(pm.slp_typa, 5);
	assert_int_equal(pm.slp_typb, 3);
}

static void test_x_dsdt_wins(void **state)
{
	struct acpi_pm pm;

	build(lo, 2);
	put64(lo + FADT_OFF + FADT_X_DSDT, phys(lo + DSDT2_OFF));
	seal(lo);
	pm = parse_ok(lo);
	assert_int_equal(pm.slp_typa, 7);
	assert_int_equal(pm.slp_typb, 1);

	/* Unset X_DSDT: the 32-bit one. */
	put64(lo + FADT_OFF + FADT_X_DSDT, 0);
	seal(lo);
	pm = parse_ok(lo);
	assert_int_equal(pm.slp_typa, 5);
}

static void test_no_rsdp(void **state)
{
	struct acpi_pm pm;
	const char *why = NULL;

	assert_int_equal(acpi_parse(0, &pm, &why), -1);
	assert_string_equal(why, "the firmware passed no RSDP");
}

static void test_bad_rsdp(void **state)
{
	struct acpi_pm pm;

	build(hi, 2);
	hi[RSDP_OFF + 8] ^= 1;			/* checksum */
	assert_string_equal(parse_bad(hi, &pm),
			    "RSDP checksum or signature is bad");

	build(hi, 2);
	hi[RSDP_OFF + 19] ^= 0x40;		/* a byte it covers */
	assert_string_equal(parse_bad(hi, &pm),
			    "RSDP checksum or signature is bad");

	build(hi, 2);
	memcpy(hi + RSDP_OFF, "XSD PTR ", 8);
	seal(hi);
	assert_string_equal(parse_bad(hi, &pm),
			    "RSDP checksum or signature is bad");
}

static void test_bad_root_checksum(void **state)
{
	struct acpi_pm pm;

	build(hi, 2);
	hi[XSDT_OFF + 9] ^= 1;
	assert_string_equal(parse_bad(hi, &pm), "XSDT/RSDT checksum is bad");

	build(lo, 0);
	lo[RSDT_OFF + 40] ^= 1;			/* the FADT pointer */
	assert_string_equal(parse_bad(lo, &pm), "XSDT/RSDT checksum is bad");
}

static void test_no_fadt(void **state)
{
	struct acpi_pm pm;

	/* Only the MADT listed. */
	build(hi, 2);
	put32(hi + XSDT_OFF + 4, 36 + 8);
	seal(hi);
	assert_string_equal(parse_bad(hi, &pm), "no FADT");

	/* Listed, but with a bad checksum. */
	build(hi, 2);
	hi[FADT_OFF + 9] ^= 1;
	assert_string_equal(parse_bad(hi, &pm), "no FADT");

	/* A null entry is skipped, not followed. */
	build(hi, 2);
	put64(hi + XSDT_OFF + 44, 0);
	seal(hi);
	assert_string_equal(parse_bad(hi, &pm), "no FADT");
}

/* The FADT is found wherever it is in the list, after null entries. */
static void test_fadt_anywhere_in_list(void **state)
{
	struct acpi_pm pm;

	build(hi, 2);
	put32(hi + XSDT_OFF + 4, 36 + 4 * 8);
	put64(hi + XSDT_OFF + 36, 0);
	put64(hi + XSDT_OFF + 44, phys(hi + APIC_OFF));
	put64(hi + XSDT_OFF + 52, phys(hi + APIC_OFF));
	put64(hi + XSDT_OFF + 60, phys(hi + FADT_OFF));
	seal(hi);
	pm = parse_ok(hi);
	assert_int_equal(pm.pm1a_cnt, 0xb004);
}

static void test_no_pm1a(void **state)
{
	struct acpi_pm pm;

	build(hi, 2);
	put32(hi + FADT_OFF + FADT_PM1A_CNT_BLK, 0);
	memset(hi + FADT_OFF + FADT_X_PM1A_CNT_BLK, 0, 12);
	seal(hi);
	assert_string_equal(parse_bad(hi, &pm),
			    "the FADT has no PM1a control block");
}

static void test_no_s5(void **state)
{
	struct acpi_pm pm;

	/* A DSDT without \_S5. */
	build(hi, 2);
	memset(hi + DSDT_OFF + 36 + 13, 0, 5);	/* NameOp and '_S5_' */
	seal(hi);
	assert_string_equal(parse_bad(hi, &pm), "the DSDT has no \\_S5 object");
	/* What was found before the DSDT is still reported. */
	assert_int_equal(pm.pm1a_cnt, 0xb004);
	assert_false(pm.s5_found);

	/* Not a DSDT at the DSDT's address. */
	build(hi, 2);
	memcpy(hi + DSDT_OFF, "SSDT", 4);
	seal(hi);
	assert_string_equal(parse_bad(hi, &pm), "the DSDT has no \\_S5 object");

	/* No DSDT at all. */
	build(hi, 2);
	put64(hi + FADT_OFF + FADT_X_DSDT, 0);
	put32(hi + FADT_OFF + FADT_DSDT, 0);
	seal(hi);
	assert_string_equal(parse_bad(hi, &pm), "the DSDT has no \\_S5 object");

	/* A DSDT that is only a header. */
	build(hi, 2);
	put32(hi + DSDT_OFF + 4, 36);
	seal(hi);
	assert_string_equal(parse_bad(hi, &pm), "the DSDT has no \\_S5 object");
}

/* The DSDT's length bounds the AML search. */
static void test_dsdt_length_bounds_search(void **state)
{
	struct acpi_pm pm;

	build(hi, 2);
	/* Cut the DSDT just before \_S5's package. */
	put32(hi + DSDT_OFF + 4, 36 + 13 + 5);
	seal(hi);
	assert_string_equal(parse_bad(hi, &pm), "the DSDT has no \\_S5 object");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s5_encodings),
		cmocka_unit_test(test_s5_only_where_defined),
		cmocka_unit_test(test_s5_bad_elements),
		cmocka_unit_test(test_s5_truncated),
		cmocka_unit_test(test_parse_xsdt),
		cmocka_unit_test(test_parse_rsdt),
		cmocka_unit_test(test_parse_rev2_without_xsdt),
		cmocka_unit_test(test_parse_prefers_xsdt),
		cmocka_unit_test(test_x_pm1_blocks_override),
		cmocka_unit_test(test_short_fadt_has_no_x_fields),
		cmocka_unit_test(test_x_dsdt_wins),
		cmocka_unit_test(test_no_rsdp),
		cmocka_unit_test(test_bad_rsdp),
		cmocka_unit_test(test_bad_root_checksum),
		cmocka_unit_test(test_no_fadt),
		cmocka_unit_test(test_fadt_anywhere_in_list),
		cmocka_unit_test(test_no_pm1a),
		cmocka_unit_test(test_no_s5),
		cmocka_unit_test(test_dsdt_length_bounds_search),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
