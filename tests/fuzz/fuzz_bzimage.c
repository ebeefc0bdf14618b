// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for hv/bzimage.c, the Linux boot protocol loader.
 *
 * Input:
 *   bytes 0-3   guest RAM size: 2 MiB + (this % 22 MiB), page-aligned
 *   bytes 4-7   initrd size: this % 4 MiB (0: none)
 *   byte  8     command-line length
 *   then        the command line, then the image (the rest)
 *
 * Guest RAM is the end of a 24 MiB heap buffer: the part in front is
 * poisoned and the heap redzone follows it, so ASan reports any write
 * outside RAM. bzimage_check() must agree with bzimage_load() (which may
 * also refuse a command line too long for the kernel); on success the
 * kernel, the initrd, the zero page and the GDT must be where the boot
 * protocol says, inside RAM and not overlapping.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanitizer/asan_interface.h>

#include "hv/bzimage.h"

#define MIB		(1ULL << 20)
#define BUF_SIZE	(24 * MIB)
#define PREFIX		9

static uint8_t *buf;
static uint8_t initrd[4 * MIB];

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_bzimage: invariant broken: %s\n", what);
	abort();
}

#define CHECK(cond) do { if (!(cond)) fail(#cond); } while (0)

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void check_why(const char *why)
{
	size_t n = strnlen(why, BZIMAGE_WHY_MAX);

	CHECK(n > 0 && n < BZIMAGE_WHY_MAX);
	CHECK(memchr(why, '\n', n) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[BZIMAGE_WHY_MAX], cmdline[256];
	struct bzimage_boot b;
	uint64_t ram_size, initrd_size;
	size_t cl;
	uint8_t *ram, *image, *zp;
	int check_rc, rc;

	if (!buf) {
		buf = malloc(BUF_SIZE);
		if (!buf)
			abort();
	}
	if (size < PREFIX)
		return 0;
	ram_size = (2 * MIB + rd32(data) % (22 * MIB)) & ~0xfffULL;
	initrd_size = rd32(data + 4) % (4 * MIB);
	cl = data[8];
	if (cl > size - PREFIX)
		cl = size - PREFIX;
	memcpy(cmdline, data + PREFIX, cl);
	cmdline[cl] = '\0';
	size -= PREFIX + cl;
	image = malloc(size ? size : 1);	/* exact size: ASan sees overreads */
	if (!image)
		abort();
	memcpy(image, data + PREFIX + cl, size);

	ram = buf + BUF_SIZE - ram_size;
	ASAN_UNPOISON_MEMORY_REGION(buf, BUF_SIZE);
	ASAN_POISON_MEMORY_REGION(buf, BUF_SIZE - ram_size);

	memset(why, 0, sizeof(why));
	check_rc = bzimage_check(image, size, ram_size, initrd_size, why);
	if (check_rc) {
		CHECK(check_rc == BZIMAGE_BAD_IMAGE || check_rc == BZIMAGE_BAD_INITRD);
		check_why(why);
	}
	memset(why, 0, sizeof(why));
	rc = bzimage_load(ram, ram_size, image, size, initrd, initrd_size,
			  cmdline, &b, why);
	if (check_rc) {
		CHECK(rc == check_rc);
		goto out;
	}
	if (rc) {			/* only the command line may differ */
		check_why(why);
		CHECK(strstr(why, "command line") != NULL);
		goto out;
	}
	CHECK(bzimage_is(image, size));
	CHECK(b.version >= BZ_MIN_VERSION);
	CHECK(b.entry == b.load_addr && b.load_addr >= MIB);
	CHECK((uint64_t)b.load_addr + b.init_size <= ram_size);
	CHECK(b.initrd_size == initrd_size);
	if (initrd_size) {
		CHECK((b.initrd_addr & 0xfff) == 0);
		CHECK(b.initrd_addr >= (uint64_t)b.load_addr + b.init_size);
		CHECK((uint64_t)b.initrd_addr + initrd_size <= ram_size);
		CHECK((uint64_t)b.initrd_addr + initrd_size - 1 <=
		      rd32(image + BZ_INITRD_ADDR_MAX));
	}
	zp = ram + b.zero_page;
	CHECK(zp[BZ_TYPE_OF_LOADER] == BZ_LOADER_UNDEFINED);
	CHECK(rd32(zp + BZ_HEADER) == BZ_HDRS_MAGIC);
	CHECK(rd32(zp + BZ_CMD_LINE_PTR) == BZ_CMDLINE_GPA);
	CHECK(strcmp((char *)ram + BZ_CMDLINE_GPA, cmdline) == 0);
	CHECK(rd32(zp + BZ_RAMDISK_IMAGE) == b.initrd_addr);
	CHECK(rd32(zp + BZ_RAMDISK_SIZE) == b.initrd_size);
	CHECK(zp[BZ_E820_ENTRIES] >= 2 && zp[BZ_E820_ENTRIES] == b.e820_entries);
out:
	free(image);
	return 0;
}
