// SPDX-License-Identifier: MIT
/*
 * hv/acpi/ table builders, field by field against ACPI 6.4 chapter 5,
 * as a guest's ACPI code reads them: from the RSDP, by the pointers.
 */
#define _GNU_SOURCE		/* memmem */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "hv/acpi/acpi.h"
#include "hv/acpi/aml.h"

#define BASE	ACPI_TABLES_GPA

static uint8_t area[ACPI_TABLES_SIZE];
static struct acpi_layout l;

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t rd64(const uint8_t *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

/* The table at guest-physical @gpa, its header checked. */
static const uint8_t *table(uint64_t gpa, const char *sig, uint8_t rev)
{
	const uint8_t *t;
	uint32_t len;

	assert_true(gpa >= BASE && gpa + ACPI_HEADER_SIZE <= BASE + sizeof(area));
	assert_int_equal(gpa % 16, 0);
	t = area + (gpa - BASE);
	len = rd32(t + 4);
	assert_memory_equal(t, sig, 4);
	assert_true(len >= ACPI_HEADER_SIZE && gpa + len <= BASE + l.end);
	assert_int_equal(t[8], rev);
	assert_int_equal(sum(t, len), 0);
	assert_memory_equal(t + 10, "EDUHV ", 6);
	assert_memory_equal(t + 16, "EDUHVPC ", 8);
	assert_int_equal(rd32(t + 24), 1);
	assert_memory_equal(t + 28, "EDHV", 4);
	return t;
}

static void build(bool apic, unsigned int cpus)
{
	struct acpi_platform p = { .apic = apic, .cpus = cpus };

	memset(area, 0xcc, sizeof(area));
	assert_int_equal(acpi_build_tables(area, BASE, sizeof(area), &p, &l), 0);
}

static void test_rsdp(void **state)
{
	(void)state;
	build(true, 1);
	assert_int_equal(l.rsdp, BASE);
	assert_memory_equal(area, "RSD PTR ", 8);
	assert_int_equal(sum(area, 20), 0);		/* ACPI 1.0 checksum */
	assert_int_equal(sum(area, 36), 0);		/* extended checksum */
	assert_memory_equal(area + 9, "EDUHV ", 6);
	assert_int_equal(area[15], 2);			/* revision: XSDT */
	assert_int_equal(rd32(area + 16), 0);		/* no RSDT */
	assert_int_equal(rd32(area + 20), 36);
	assert_int_equal(rd64(area + 24), l.xsdt);
	assert_int_equal(area[33] | area[34] | area[35], 0);
}

static void test_xsdt(void **state)
{
	const uint8_t *x;

	(void)state;
	build(true, 1);
	x = table(l.xsdt, "XSDT", 1);
	assert_int_equal(rd32(x + 4), 36 + 2 * 8);
	assert_int_equal(rd64(x + 36), l.fadt);
	assert_int_equal(rd64(x + 44), l.madt);
	build(false, 1);				/* no APIC: no MADT */
	x = table(l.xsdt, "XSDT", 1);
	assert_int_equal(rd32(x + 4), 36 + 8);
	assert_int_equal(rd64(x + 36), l.fadt);
	assert_int_equal(l.madt, 0);
	assert_null(memmem(area, l.end, "APIC", 4));
}

static void gas_io(const uint8_t *g, uint16_t port, unsigned int bits,
		   unsigned int access)
{
	assert_int_equal(g[0], 1);			/* system I/O */
	assert_int_equal(g[1], bits);			/* bit width */
	assert_int_equal(g[2], 0);			/* bit offset */
	assert_int_equal(g[3], access);
	assert_int_equal(rd64(g + 4), port);
}

/* The fixed hardware as QEMU's PIIX4 PM has it, named twice (5.2.9). */
static void test_fadt(void **state)
{
	const uint8_t *f;
	uint32_t flags;

	(void)state;
	build(false, 1);
	f = table(l.fadt, "FACP", 6);
	assert_int_equal(rd32(f + 4), 276);
	assert_int_equal(f[131], 0);			/* FADT minor version */
	assert_int_equal(rd32(f + 36), l.facs);		/* FIRMWARE_CTRL */
	assert_int_equal(rd64(f + 132), 0);		/* X_FIRMWARE_CTRL */
	assert_int_equal(rd32(f + 40), l.dsdt);
	assert_int_equal(rd64(f + 140), l.dsdt);
	assert_int_equal(rd16(f + 46), 9);		/* SCI: ISA IRQ 9 */
	assert_int_equal(rd32(f + 48), 0);		/* no SMI_CMD: ACPI mode */
	assert_int_equal(f[52] | f[53] | f[54] | f[55], 0);	/* nor its values */
	assert_int_equal(rd32(f + 56), 0x600);		/* PM1a_EVT_BLK */
	assert_int_equal(rd32(f + 60), 0);		/* no PM1b */
	assert_int_equal(rd32(f + 64), 0x604);		/* PM1a_CNT_BLK */
	assert_int_equal(rd32(f + 68), 0);
	assert_int_equal(rd32(f + 72), 0);		/* no PM2 */
	assert_int_equal(rd32(f + 76), 0x608);		/* PM_TMR_BLK */
	assert_int_equal(rd32(f + 80) | rd32(f + 84), 0);	/* no GPEs */
	assert_int_equal(f[88], 4);			/* PM1_EVT_LEN */
	assert_int_equal(f[89], 2);			/* PM1_CNT_LEN */
	assert_int_equal(f[90], 0);			/* PM2_CNT_LEN */
	assert_int_equal(f[91], 4);			/* PM_TMR_LEN */
	assert_int_equal(f[92] | f[93] | f[94] | f[95], 0);
	assert_int_equal(rd16(f + 96), 0x65);		/* no C2 */
	assert_int_equal(rd16(f + 98), 0x3e9);		/* no C3 */
	flags = rd32(f + 112);
	assert_false(flags & (1u << 20));		/* not HW_REDUCED_ACPI */
	assert_false(flags & (1u << 8));		/* 24-bit timer */
	assert_int_equal(flags, (1u << 10) | (1u << 5) | (1u << 4) | 1u);
	assert_int_equal(f[106] | f[107], 0);		/* no day/month alarm */
	assert_int_equal(f[108], 0x32);			/* CENTURY: CMOS 0x32 */
	assert_int_equal(rd16(f + 109), 0x0f);		/* legacy, 8042, no VGA, no MSI */
	gas_io(f + 116, 0xcf9, 8, 1);
	assert_int_equal(f[128], 0x06);
	gas_io(f + 148, 0x600, 32, 0);			/* X_PM1a_EVT_BLK */
	gas_io(f + 172, 0x604, 16, 0);			/* X_PM1a_CNT_BLK */
	gas_io(f + 208, 0x608, 32, 0);			/* X_PM_TMR_BLK */
	/* No PM1b, PM2, GPE blocks, sleep registers. */
	for (size_t off = 160; off < 172; off++)
		assert_int_equal(f[off], 0);
	for (size_t off = 184; off < 208; off++)
		assert_int_equal(f[off], 0);
	for (size_t off = 220; off < 268; off++)
		assert_int_equal(f[off], 0);
	/* No hypervisor named, as a PC's firmware leaves it (pv=none). */
	assert_memory_equal(f + 268, "\0\0\0\0\0\0\0\0", 8);
}

/* pv=eduhv: the FADT's Hypervisor Vendor Identity names EduHV. */
static void test_fadt_hypervisor_vendor(void **state)
{
	struct acpi_platform p = { .cpus = 1, .hypervisor_vendor = "EduHV" };
	const uint8_t *f;

	(void)state;
	memset(area, 0xcc, sizeof(area));
	assert_int_equal(acpi_build_tables(area, BASE, sizeof(area), &p, &l), 0);
	f = table(l.fadt, "FACP", 6);
	assert_memory_equal(f + 268, "EduHV\0\0\0", 8);
}

/* 5.2.10: 64 bytes on a 64-byte boundary, version 2, all else zero. */
static void test_facs(void **state)
{
	const uint8_t *f;

	(void)state;
	build(true, 1);
	assert_int_equal(l.facs % 64, 0);
	assert_true(l.facs >= BASE && l.facs + 64 <= BASE + l.end);
	f = area + (l.facs - BASE);
	assert_memory_equal(f, "FACS", 4);
	assert_int_equal(rd32(f + 4), 64);
	assert_int_equal(rd32(f + 8), 0);		/* hardware signature */
	assert_int_equal(rd32(f + 12), 0);		/* no waking vector */
	assert_int_equal(rd32(f + 16), 0);		/* global lock free */
	assert_int_equal(rd32(f + 20), 0);		/* flags */
	assert_int_equal(rd64(f + 24), 0);		/* no X waking vector */
	assert_int_equal(f[32], 2);			/* version */
	for (size_t off = 33; off < 64; off++)
		assert_int_equal(f[off], 0);
	/* Not listed in the XSDT: the FADT points at it. */
	assert_null(memmem(area + (l.xsdt - BASE), 52, "FACS", 4));
}

static void test_madt(void **state)
{
	const uint8_t *m, *e;

	(void)state;
	build(true, 1);
	m = table(l.madt, "APIC", 5);
	assert_int_equal(rd32(m + 4), 44 + 8 + 12 + 2 * 10 + 6);
	assert_int_equal(rd32(m + 36), 0xfee00000);
	assert_int_equal(rd32(m + 40), 1);		/* PCAT_COMPAT */
	e = m + 44;
	assert_int_equal(e[0], 0);			/* processor local APIC */
	assert_int_equal(e[1], 8);
	assert_int_equal(e[2], 0);			/* UID: \_SB.CPU0's _UID */
	assert_int_equal(e[3], 0);			/* APIC ID */
	assert_int_equal(rd32(e + 4), 1);		/* enabled */
	e += 8;
	assert_int_equal(e[0], 1);			/* IOAPIC */
	assert_int_equal(e[1], 12);
	assert_int_equal(e[2], 0);
	assert_int_equal(rd32(e + 4), 0xfec00000);
	assert_int_equal(rd32(e + 8), 0);		/* GSI base */
	e += 12;
	assert_int_equal(e[0], 2);			/* interrupt source override */
	assert_int_equal(e[1], 10);
	assert_int_equal(e[2], 0);			/* ISA */
	assert_int_equal(e[3], 0);			/* IRQ 0 */
	assert_int_equal(rd32(e + 4), 2);		/* GSI 2 */
	assert_int_equal(rd16(e + 8), 0);		/* conforms to the bus */
	e += 10;
	assert_int_equal(e[0], 2);			/* interrupt source override */
	assert_int_equal(e[1], 10);
	assert_int_equal(e[2], 0);			/* ISA */
	assert_int_equal(e[3], 9);			/* IRQ 9: the SCI */
	assert_int_equal(rd32(e + 4), 9);		/* GSI 9 */
	assert_int_equal(rd16(e + 8), 0xd);		/* level, active high */
	e += 10;
	assert_int_equal(e[0], 4);			/* local APIC NMI */
	assert_int_equal(e[1], 6);
	assert_int_equal(e[2], 0xff);			/* all processors */
	assert_int_equal(e[5], 1);			/* LINT1 */
	assert_int_equal(e + 6 - m, rd32(m + 4));
}

static void test_madt_cpus(void **state)
{
	const uint8_t *m;

	(void)state;
	build(true, 4);
	m = table(l.madt, "APIC", 5);
	assert_int_equal(rd32(m + 4), 44 + 4 * 8 + 12 + 2 * 10 + 6);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(m[44 + 8 * i], 0);
		assert_int_equal(m[44 + 8 * i + 2], i);
		assert_int_equal(m[44 + 8 * i + 3], i);
	}
	assert_non_null(memmem(area + (l.dsdt - BASE), l.dsdt_len, "CPU3", 4));
}

/* The DSDT's AML, as the encoder's own unit tests fix its encodings. */
static void test_dsdt(void **state)
{
	const uint8_t *d, *s5, *com1, *crs;
	uint8_t aml[512];
	struct aml a;

	(void)state;
	build(false, 1);
	d = table(l.dsdt, "DSDT", 2);
	assert_int_equal(rd32(d + 4), l.dsdt_len);
	/* \_S5: Name, '\', "_S5_", Package (2) { Zero, Zero } */
	s5 = memmem(d, l.dsdt_len, "\x08\\_S5_", 6);
	assert_ptr_equal(s5, d + 36);
	assert_memory_equal(s5 + 6, "\x12\x04\x02\x00\x00", 5);
	/* The whole body is what the encoder makes of the same calls. */
	aml_init(&a, aml, sizeof(aml));
	aml_name(&a, "\\_S5");
	aml_package(&a, 2);
	aml_integer(&a, 0);
	aml_integer(&a, 0);
	aml_close(&a);
	aml_scope(&a, "\\_SB");
	aml_device(&a, "CPU0");
	aml_name_string_value(&a, "_HID", "ACPI0007");
	aml_name_integer(&a, "_UID", 0);
	aml_close(&a);
	aml_device(&a, "PCI0");
	aml_name(&a, "_HID");
	aml_eisaid(&a, "PNP0A03");
	aml_name_integer(&a, "_UID", 0);
	aml_name(&a, "_CRS");
	aml_resource_template(&a);
	aml_res_word_address(&a, AML_SPACE_BUS, 0, 0, 0xff);
	aml_res_io(&a, 0xcf8, 0xcf8, 1, 8);
	aml_res_word_address(&a, AML_SPACE_IO, AML_IO_ENTIRE_RANGE, 0, 0xcf7);
	aml_res_word_address(&a, AML_SPACE_IO, AML_IO_ENTIRE_RANGE, 0xd00,
			     0xffff);
	aml_res_dword_memory(&a, AML_MEM_RW | AML_MEM_CACHEABLE, 0xa0000,
			     0xbffff);
	aml_res_dword_memory(&a, AML_MEM_RW, 0x80000000, 0xfebfffff);
	aml_resource_end(&a);
	aml_close(&a);
	aml_device(&a, "COM1");
	aml_name(&a, "_HID");
	aml_eisaid(&a, "PNP0501");
	aml_name_integer(&a, "_UID", 1);
	aml_method_return_integer(&a, "_STA", 0x0f);
	aml_name(&a, "_CRS");
	aml_resource_template(&a);
	aml_res_io(&a, 0x3f8, 0x3f8, 1, 8);
	aml_res_interrupt(&a, AML_IRQ_EDGE, 4);
	aml_resource_end(&a);
	aml_close(&a);
	aml_device(&a, "RTC");
	aml_name(&a, "_HID");
	aml_eisaid(&a, "PNP0B00");
	aml_name(&a, "_CRS");
	aml_resource_template(&a);
	aml_res_io(&a, 0x70, 0x70, 1, 2);
	aml_res_interrupt(&a, AML_IRQ_EDGE, 8);
	aml_resource_end(&a);
	aml_close(&a);
	aml_device(&a, "KBD");
	aml_name(&a, "_HID");
	aml_eisaid(&a, "PNP0303");
	aml_method_return_integer(&a, "_STA", 0x0f);
	aml_name(&a, "_CRS");
	aml_resource_template(&a);
	aml_res_io(&a, 0x60, 0x60, 1, 1);
	aml_res_io(&a, 0x64, 0x64, 1, 1);
	aml_res_interrupt(&a, AML_IRQ_EDGE, 1);
	aml_resource_end(&a);
	aml_close(&a);
	aml_device(&a, "MOU");
	aml_name(&a, "_HID");
	aml_eisaid(&a, "PNP0F13");
	aml_method_return_integer(&a, "_STA", 0x0f);
	aml_name(&a, "_CRS");
	aml_resource_template(&a);
	aml_res_interrupt(&a, AML_IRQ_EDGE, 12);
	aml_resource_end(&a);
	aml_close(&a);
	aml_close(&a);
	assert_true(aml_ok(&a));
	assert_int_equal(l.dsdt_len, 36 + a.len);
	assert_memory_equal(d + 36, aml, a.len);
	com1 = memmem(d, l.dsdt_len, "COM1", 4);
	assert_non_null(com1);
	assert_non_null(memmem(d, l.dsdt_len, "\x08_HID\x0c\x41\xd0\x05\x01", 10));
	/* RTC_, EisaId ("PNP0B00") = 0x000BD041 as iasl makes it. */
	assert_non_null(memmem(d, l.dsdt_len, "RTC_\x08_HID\x0c\x41\xd0\x0b\x00",
			       14));
	/* KBD_ PNP0303 = 0x0303D041, MOU_ PNP0F13 = 0x130FD041. */
	assert_non_null(memmem(d, l.dsdt_len, "KBD_\x08_HID\x0c\x41\xd0\x03\x03",
			       14));
	assert_non_null(memmem(d, l.dsdt_len, "MOU_\x08_HID\x0c\x41\xd0\x0f\x13",
			       14));
	/*
	 * PCI0 (PNP0A03 = 0x030AD041): WordBusNumber (Producer, MinFixed,
	 * MaxFixed, PosDecode, 0, 0, 0xff, 0, 0x100), then the config
	 * ports, WordIO (..., EntireRange, 0, 0, 0xcf7, 0, 0xcf8) and the
	 * window above them, DWordMemory (..., NonCacheable, ReadWrite, 0,
	 * 0x80000000, 0xfebfffff, 0, 0x7ec00000): RAM's end unknown here.
	 */
	crs = memmem(d, l.dsdt_len, "PCI0\x08_HID\x0c\x41\xd0\x0a\x03", 14);
	assert_non_null(crs);
	crs = memmem(crs, l.dsdt_len - (size_t)(crs - d), "_CRS\x11", 5);
	assert_non_null(crs);
	/* Buffer: PkgLength in 2 bytes, BytePrefix size. */
	assert_memory_equal(crs + 9, "\x88\x0d\x00\x02\x0c\x00"
			    "\x00\x00\x00\x00\xff\x00\x00\x00\x00\x01"
			    "\x47\x01\xf8\x0c\xf8\x0c\x01\x08"
			    "\x88\x0d\x00\x01\x0c\x03"
			    "\x00\x00\x00\x00\xf7\x0c\x00\x00\xf8\x0c", 40);
	assert_non_null(memmem(d, l.dsdt_len,
			       "\x87\x17\x00\x00\x0c\x01\x00\x00\x00\x00"
			       "\x00\x00\x00\x80\xff\xff\xbf\xfe\x00\x00"
			       "\x00\x00\x00\x00\xc0\x7e", 26));
	crs = memmem(com1, l.dsdt_len - (size_t)(com1 - d), "_CRS\x11", 5);
	assert_non_null(crs);
	/* IO (Decode16, 0x3f8, 0x3f8, 1, 8), Interrupt (Edge, High) {4}. */
	assert_memory_equal(crs + 4, "\x11\x16\x0a\x13"
			    "\x47\x01\xf8\x03\xf8\x03\x01\x08"
			    "\x89\x06\x00\x03\x01\x04\x00\x00\x00\x79", 22);
	assert_int_equal(sum(crs + 8, 19), 0);		/* End Tag checksum */
}

static void test_layout_and_room(void **state)
{
	struct acpi_platform p = { .apic = true, .cpus = 1 };
	struct acpi_layout small;

	(void)state;
	build(true, 1);
	/* In the BIOS area, in order, each 16-byte aligned, no overlap. */
	assert_true(l.rsdp < l.dsdt && l.dsdt + l.dsdt_len <= l.facs &&
		    l.facs + 64 <= l.fadt &&
		    l.fadt + 276 <= l.madt && l.madt + l.madt_len <= l.xsdt);
	assert_true(BASE + l.end <= 0x100000);
	for (size_t n = 0; n < l.end; n += 7)
		assert_int_equal(acpi_build_tables(area, BASE, n, &p, &small), -1);
	assert_int_equal(acpi_build_tables(area, BASE, l.end, &p, &small), 0);
	assert_memory_equal(&small, &l, sizeof(l));
	p.cpus = 0;
	assert_int_equal(acpi_build_tables(area, BASE, sizeof(area), &p, &small), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsdp),
		cmocka_unit_test(test_xsdt),
		cmocka_unit_test(test_fadt),
		cmocka_unit_test(test_fadt_hypervisor_vendor),
		cmocka_unit_test(test_facs),
		cmocka_unit_test(test_madt),
		cmocka_unit_test(test_madt_cpus),
		cmocka_unit_test(test_dsdt),
		cmocka_unit_test(test_layout_and_room),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
