// SPDX-License-Identifier: MIT
/*
 * hv/boot_gdt.c: the descriptors loaders leave, against the SDM's
 * descriptor format (Vol. 3A, 3.4.5 "Segment Descriptors"), decoded here
 * field by field, and the Multiboot GDT against GRUB's bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "hv/boot_gdt.h"

struct desc {
	uint32_t base, limit;
	unsigned int type, s, dpl, p, db, g, l;
};

static struct desc decode(uint64_t d)
{
	return (struct desc){
		.limit = (uint32_t)((d & 0xffff) | ((d >> 32) & 0xf0000)),
		.base = (uint32_t)(((d >> 16) & 0xffffff) |
				   ((d >> 32) & 0xff000000)),
		.type = (d >> 40) & 0xf, .s = (d >> 44) & 1,
		.dpl = (d >> 45) & 3, .p = (d >> 47) & 1,
		.l = (d >> 53) & 1, .db = (d >> 54) & 1, .g = (d >> 55) & 1,
	};
}

static void test_flat_32bit(void **state)
{
	struct desc c = decode(BOOT_DESC_CODE32), d = decode(BOOT_DESC_DATA32);

	/* Base 0, 4 GiB (limit 0xfffff pages), 32-bit, present, ring 0. */
	assert_int_equal(c.base, 0);
	assert_int_equal(c.limit, 0xfffff);
	assert_int_equal(c.g, 1);
	assert_int_equal(c.db, 1);
	assert_int_equal(c.l, 0);
	assert_int_equal(c.p, 1);
	assert_int_equal(c.s, 1);
	assert_int_equal(c.dpl, 0);
	assert_int_equal(c.type, 0xa);		/* code, execute/read */
	assert_int_equal(d.base, 0);
	assert_int_equal(d.limit, 0xfffff);
	assert_int_equal(d.g, 1);
	assert_int_equal(d.db, 1);
	assert_int_equal(d.type, 0x2);		/* data, read/write */
	assert_int_equal(decode(BOOT_DESC_CODE32 | BOOT_DESC_ACCESSED).type, 0xb);
}

static void test_16bit(void **state)
{
	struct desc c = decode(BOOT_DESC_CODE16), d = decode(BOOT_DESC_DATA16);

	assert_int_equal(c.limit, 0xffff);
	assert_int_equal(c.g, 0);
	assert_int_equal(c.db, 0);
	assert_int_equal(c.type, 0xe);		/* code, execute/read, conforming */
	assert_int_equal(d.limit, 0xffff);
	assert_int_equal(d.db, 0);
	assert_int_equal(d.type, 0x2);
}

static void test_write(void **state)
{
	const uint64_t desc[] = { 0, 0x1122334455667788ULL };
	uint8_t buf[24];

	memset(buf, 0xcc, sizeof(buf));
	assert_int_equal(boot_gdt_write(buf, desc, 2), 15);
	assert_memory_equal(buf + 8, "\x88\x77\x66\x55\x44\x33\x22\x11", 8);
	for (int i = 0; i < 8; i++)
		assert_int_equal(buf[i], 0);
	for (int i = 16; i < 24; i++)
		assert_int_equal(buf[i], 0xcc);	/* nothing past the table */
}

static void test_multiboot_gdt(void **state)
{
	/* GRUB's gdt (kern/i386/realmode.S), as QEMU's multiboot.S has it. */
	static const uint8_t grub[40] = {
		0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff, 0, 0, 0, 0x9a, 0xcf, 0,
		0xff, 0xff, 0, 0, 0, 0x92, 0xcf, 0,
		0xff, 0xff, 0, 0, 0, 0x9e, 0, 0,
		0xff, 0xff, 0, 0, 0, 0x92, 0, 0,
	};
	uint8_t buf[48];

	memset(buf, 0xcc, sizeof(buf));
	assert_int_equal(boot_gdt_write_multiboot(buf), 0x27);
	assert_memory_equal(buf, grub, sizeof(grub));
	assert_int_equal(buf[40], 0xcc);
	assert_int_equal(BOOT_MULTIBOOT_CS, 0x08);
	assert_int_equal(BOOT_MULTIBOOT_DS, 0x10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flat_32bit),
		cmocka_unit_test(test_16bit),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_multiboot_gdt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
