// SPDX-License-Identifier: MIT
/*
 * hv/bzimage.c: a synthetic bzImage (the setup header as Debian's 6.1
 * kernel has it, with a small payload) loaded into a 64 MiB RAM buffer;
 * every zero-page field the loader writes, the GDT, the e820 table, and
 * every refusal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hv/bzimage.h"
#include "hv/memmap.h"

#define MIB		(1ULL << 20)
#define RAM		(64 * MIB)
#define SETUP_SECTS	3
#define PAYLOAD		8192
#define IMAGE_SIZE	((SETUP_SECTS + 1) * 512 + PAYLOAD)
#define PREF		(16 * MIB)
#define INIT_SIZE	(4 * MIB)

static uint8_t image[IMAGE_SIZE];
static uint8_t *ram;

static void w16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void w32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint16_t r16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t r32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t r64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static void make_image(void)
{
	memset(image, 0, sizeof(image));
	image[BZ_SETUP_SECTS] = SETUP_SECTS;
	w32(image + BZ_SYSSIZE, PAYLOAD / 16);
	w16(image + BZ_BOOT_FLAG, 0xaa55);
	image[BZ_JUMP] = 0xeb;
	image[BZ_JUMP + 1] = 0x6a;		/* header ends at 0x26c */
	w32(image + BZ_HEADER, BZ_HDRS_MAGIC);
	w16(image + BZ_VERSION, 0x020f);
	image[BZ_LOADFLAGS] = BZ_LOADED_HIGH;
	w32(image + BZ_CODE32_START, 0x100000);
	w32(image + BZ_INITRD_ADDR_MAX, 0x7fffffff);
	w32(image + BZ_KERNEL_ALIGNMENT, 0x200000);
	image[BZ_RELOCATABLE] = 1;
	w32(image + BZ_CMDLINE_SIZE, 2047);
	w32(image + BZ_PREF_ADDRESS, PREF);
	w32(image + BZ_INIT_SIZE, INIT_SIZE);
	image[0x26b] = 0x5a;			/* last header byte: copied */
	image[0x26c] = 0xa5;			/* past the header: not copied */
	for (size_t i = 0; i < PAYLOAD; i++)
		image[(SETUP_SECTS + 1) * 512 + i] = (uint8_t)(i * 7 + 1);
}

static int setup(void **state)
{
	(void)state;
	make_image();
	ram = malloc(RAM);
	memset(ram, 0xcc, RAM);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

static int load(uint64_t ram_size, size_t initrd_size, const char *cmdline,
		struct bzimage_boot *b, char *why)
{
	static uint8_t initrd[2 * MIB];

	for (size_t i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i ^ 0x5a);
	return bzimage_load(ram, ram_size, image, sizeof(image),
			    initrd_size ? initrd : NULL, initrd_size, cmdline,
			    b, why);
}

static void test_detect(void **state)
{
	(void)state;
	assert_true(bzimage_is(image, sizeof(image)));
	assert_false(bzimage_is(image, BZ_HEADER + 3));
	image[BZ_HEADER] = 'X';
	assert_false(bzimage_is(image, sizeof(image)));
}

static void test_zero_page(void **state)
{
	char why[BZIMAGE_WHY_MAX] = "";
	struct bzimage_boot b;
	const uint8_t *zp = ram + BZ_ZERO_PAGE_GPA;
	size_t initrd_size = 1000000;

	(void)state;
	assert_int_equal(load(RAM, initrd_size, "console=ttyS0 quiet", &b, why), 0);
	/* The kernel at its preferred address, byte for byte. */
	assert_int_equal(b.load_addr, PREF);
	assert_int_equal(b.entry, PREF);
	assert_int_equal(b.init_size, INIT_SIZE);
	assert_memory_equal(ram + PREF, image + (SETUP_SECTS + 1) * 512, PAYLOAD);
	assert_int_equal(b.version, 0x020f);
	/* The header copied up to its end, not beyond. */
	assert_memory_equal(zp + 0x1f1 + 1, image + 0x1f1 + 1, BZ_TYPE_OF_LOADER - 0x1f2);
	assert_int_equal(zp[0x26b], 0x5a);
	assert_int_equal(zp[0x26c], 0);
	assert_int_equal(r32(zp + BZ_HEADER), BZ_HDRS_MAGIC);
	assert_int_equal(r32(zp + BZ_PREF_ADDRESS), PREF);
	/* What the loader writes. */
	assert_int_equal(zp[BZ_TYPE_OF_LOADER], 0xff);
	assert_int_equal(zp[BZ_LOADFLAGS], BZ_LOADED_HIGH | BZ_CAN_USE_HEAP);
	assert_int_equal(r16(zp + BZ_HEAP_END_PTR), 0xfe00);
	assert_int_equal(r32(zp + BZ_CODE32_START), PREF);
	assert_int_equal(r32(zp + BZ_CMD_LINE_PTR), BZ_CMDLINE_GPA);
	assert_string_equal((char *)ram + BZ_CMDLINE_GPA, "console=ttyS0 quiet");
	/* The initrd: page-aligned, as high as RAM allows, intact. */
	assert_int_equal(r32(zp + BZ_RAMDISK_IMAGE), b.initrd_addr);
	assert_int_equal(r32(zp + BZ_RAMDISK_SIZE), initrd_size);
	assert_int_equal(b.initrd_addr & 0xfff, 0);
	assert_true(b.initrd_addr + initrd_size <= RAM);
	assert_true(b.initrd_addr + initrd_size > RAM - 4096);
	assert_true(b.initrd_addr >= PREF + INIT_SIZE);
	for (size_t i = 0; i < initrd_size; i += 4099)
		assert_int_equal(ram[b.initrd_addr + i], (uint8_t)(i ^ 0x5a));
	/* Everything else in the zero page is zero (the ext_* fields too). */
	assert_int_equal(r32(zp + 0x0c0), 0);	/* ext_ramdisk_image */
	assert_int_equal(r32(zp + 0x0c8), 0);	/* ext_cmd_line_ptr */
	for (size_t i = 0; i < 0x1e8; i++)
		assert_int_equal(zp[i], 0);
	for (size_t i = BZ_E820_TABLE + 20 * b.e820_entries; i < 4096; i++)
		assert_int_equal(zp[i], 0);
	/* ESI, the GDT: null, null, __BOOT_CS, __BOOT_DS, flat 4 GiB. */
	assert_int_equal(b.zero_page, BZ_ZERO_PAGE_GPA);
	assert_int_equal(b.gdt, BZ_GDT_GPA);
	assert_int_equal(b.gdt_limit, 31);
	assert_int_equal(r64(ram + BZ_GDT_GPA), 0);
	assert_int_equal(r64(ram + BZ_GDT_GPA + 8), 0);
	assert_int_equal(r64(ram + BZ_GDT_GPA + 0x10), 0x00cf9b000000ffffULL);
	assert_int_equal(r64(ram + BZ_GDT_GPA + 0x18), 0x00cf93000000ffffULL);
}

static void test_e820(void **state)
{
	char why[BZIMAGE_WHY_MAX] = "";
	struct bzimage_boot b;
	struct guest_region r[GUEST_REGIONS_MAX];
	const uint8_t *zp = ram + BZ_ZERO_PAGE_GPA;
	size_t n = guest_memory_map(RAM, r, GUEST_REGIONS_MAX), ram_entries = 0;

	(void)state;
	assert_int_equal(load(RAM, 0, "", &b, why), 0);
	assert_int_equal(zp[BZ_E820_ENTRIES], n);
	assert_int_equal(b.e820_entries, n);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = zp + BZ_E820_TABLE + 20 * i;

		assert_int_equal(r64(e), r[i].start);
		assert_int_equal(r64(e + 8), r[i].len);
		assert_int_equal(r32(e + 16), r[i].type);
		ram_entries += r[i].type == 1;
	}
	assert_true(ram_entries >= 2);
	/* Last entry: the device windows, reserved. */
	assert_int_equal(r64(zp + BZ_E820_TABLE + 20 * (n - 1)), GUEST_DEVICE_START);
	assert_int_equal(r32(zp + BZ_E820_TABLE + 20 * (n - 1) + 16), 2);
	/* No initrd: none announced. */
	assert_int_equal(r32(zp + BZ_RAMDISK_IMAGE), 0);
	assert_int_equal(r32(zp + BZ_RAMDISK_SIZE), 0);
	assert_int_equal(b.initrd_size, 0);
}

static void test_not_relocatable(void **state)
{
	char why[BZIMAGE_WHY_MAX] = "";
	struct bzimage_boot b;

	(void)state;
	image[BZ_RELOCATABLE] = 0;
	assert_int_equal(load(RAM, 0, "x", &b, why), 0);
	assert_int_equal(b.load_addr, 0x100000);
	assert_memory_equal(ram + 0x100000, image + (SETUP_SECTS + 1) * 512, PAYLOAD);
	/* setup_sects 0 means 4. */
	make_image();
	image[BZ_SETUP_SECTS] = 0;
	w32(image + BZ_SYSSIZE, (PAYLOAD - 512) / 16);
	assert_int_equal(load(RAM, 0, "x", &b, why), 0);
	assert_memory_equal(ram + PREF, image + 5 * 512, PAYLOAD - 512);
}

static void test_initrd_below_max(void **state)
{
	char why[BZIMAGE_WHY_MAX] = "";
	struct bzimage_boot b;

	(void)state;
	w32(image + BZ_INITRD_ADDR_MAX, 32 * MIB - 1);
	assert_int_equal(load(RAM, 100000, "", &b, why), 0);
	assert_true(b.initrd_addr + 100000 <= 32 * MIB);
	assert_true(b.initrd_addr + 100000 > 32 * MIB - 4096);
}

#define REFUSED(expect_rc, expect_why) do {				\
	char why[BZIMAGE_WHY_MAX] = "";					\
	struct bzimage_boot b;						\
	assert_int_equal(load(ram_size, initrd_size, cmdline, &b, why), \
			 expect_rc);					\
	assert_non_null(strstr(why, expect_why));			\
	assert_int_equal(bzimage_check(image, sizeof(image), ram_size,	\
				       initrd_size, why),		\
			 strstr(expect_why, "command line") ? 0 : expect_rc); \
	make_image();							\
} while (0)

/* boot_params.acpi_rsdp_addr (0x70): written for 2.14+ only. */
static void test_acpi_rsdp(void **state)
{
	char why[BZIMAGE_WHY_MAX] = "";
	struct bzimage_boot b;

	(void)state;
	assert_int_equal(load(RAM, 0, "", &b, why), 0);
	assert_int_equal(r64(ram + BZ_ZERO_PAGE_GPA + BZ_ACPI_RSDP_ADDR), 0);
	assert_true(bzimage_set_acpi_rsdp(ram, &b, 0xe0000));
	assert_int_equal(r64(ram + BZ_ZERO_PAGE_GPA + BZ_ACPI_RSDP_ADDR),
			 0xe0000);
	w16(image + BZ_VERSION, 0x020d);
	assert_int_equal(load(RAM, 0, "", &b, why), 0);
	assert_false(bzimage_set_acpi_rsdp(ram, &b, 0xe0000));
	assert_int_equal(r64(ram + BZ_ZERO_PAGE_GPA + BZ_ACPI_RSDP_ADDR), 0);
}

static void test_refusals(void **state)
{
	uint64_t ram_size = RAM;
	size_t initrd_size = 0;
	const char *cmdline = "";
	char why[BZIMAGE_WHY_MAX];
	static char long_line[3000];

	(void)state;
	image[BZ_HEADER + 1] = 'X';
	REFUSED(BZIMAGE_BAD_IMAGE, "not a bzImage");
	w16(image + BZ_BOOT_FLAG, 0x1234);
	REFUSED(BZIMAGE_BAD_IMAGE, "boot flag");
	w16(image + BZ_VERSION, 0x0205);
	REFUSED(BZIMAGE_BAD_IMAGE, "2.05 is too old");
	image[BZ_LOADFLAGS] = 0;
	REFUSED(BZIMAGE_BAD_IMAGE, "zImage");
	w32(image + BZ_SYSSIZE, PAYLOAD / 16 + 1);
	REFUSED(BZIMAGE_BAD_IMAGE, "truncated");
	w32(image + BZ_SYSSIZE, 0);
	REFUSED(BZIMAGE_BAD_IMAGE, "truncated");
	image[BZ_SETUP_SECTS] = 200;
	REFUSED(BZIMAGE_BAD_IMAGE, "truncated");
	/* The jump's byte puts the header's end before "HdrS" itself ... */
	image[BZ_JUMP + 1] = 0;
	REFUSED(BZIMAGE_BAD_IMAGE, "setup header ends at 0x202, before its own fields end (0x264)");
	/* ... or before a 2.10 header's init_size, or a 2.06 one's cmdline_size. */
	image[BZ_JUMP + 1] = BZ_INIT_SIZE + 3 - BZ_HEADER;
	REFUSED(BZIMAGE_BAD_IMAGE, "ends at 0x263");
	w16(image + BZ_VERSION, 0x0206);
	image[BZ_JUMP + 1] = BZ_CMDLINE_SIZE + 3 - BZ_HEADER;
	REFUSED(BZIMAGE_BAD_IMAGE, "(0x23c)");
	{
		struct bzimage_boot b;

		w16(image + BZ_VERSION, 0x0206);
		image[BZ_JUMP + 1] = BZ_CMDLINE_SIZE + 4 - BZ_HEADER;
		assert_int_equal(load(RAM, 0, "", &b, why), 0);
		assert_int_equal(r32(ram + BZ_ZERO_PAGE_GPA + BZ_HEADER), BZ_HDRS_MAGIC);
		make_image();
	}
	w32(image + BZ_PREF_ADDRESS + 4, 1);
	REFUSED(BZIMAGE_BAD_IMAGE, "above 4 GiB");
	w32(image + BZ_PREF_ADDRESS, 0x8000);
	REFUSED(BZIMAGE_BAD_IMAGE, "below 1 MiB");
	ram_size = PREF + INIT_SIZE - 4096;
	REFUSED(BZIMAGE_BAD_IMAGE, "does not fit the guest's RAM");
	ram_size = 0x100000;
	REFUSED(BZIMAGE_BAD_IMAGE, "no PC's");
	ram_size = RAM;
	initrd_size = RAM - PREF - INIT_SIZE + 1;
	REFUSED(BZIMAGE_BAD_INITRD, "initrd of");
	w32(image + BZ_INITRD_ADDR_MAX, PREF + INIT_SIZE + 4095);
	initrd_size = 8192;
	REFUSED(BZIMAGE_BAD_INITRD, "initrd of");
	initrd_size = 0;
	memset(long_line, 'a', sizeof(long_line) - 1);
	cmdline = long_line;
	w32(image + BZ_CMDLINE_SIZE, 100);
	long_line[101] = '\0';
	REFUSED(BZIMAGE_BAD_IMAGE, "command line of 101");
	long_line[100] = '\0';
	{
		struct bzimage_boot b;

		w32(image + BZ_CMDLINE_SIZE, 100);
		assert_int_equal(load(RAM, 0, long_line, &b, why), 0);
		make_image();
	}
	/* A file shorter than a setup header, at every length. */
	for (size_t n = 0; n < BZ_HEADER_END_MAX; n += 7)
		assert_int_equal(bzimage_check(image, n, RAM, 0, why),
				 BZIMAGE_BAD_IMAGE);
	/* Cut anywhere in the payload. */
	for (size_t n = BZ_HEADER_END_MAX; n < sizeof(image); n += 509) {
		assert_int_equal(bzimage_check(image, n, RAM, 0, why),
				 BZIMAGE_BAD_IMAGE);
		assert_non_null(strstr(why, "truncated"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_detect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zero_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e820, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_relocatable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initrd_below_max, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acpi_rsdp, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
