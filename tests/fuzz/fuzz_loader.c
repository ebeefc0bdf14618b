// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the image loaders: hv/elf.c (ELF64: the loader
 * loads hv.elf with it, the hypervisor symbolizes its backtraces with it)
 * and hv/multiboot.c (guest kernels into guest RAM, and the boot
 * information).
 *
 * Input:
 *   byte  0      bits 0-1: guest RAM size: 4 MiB, 2 MiB, any size up to
 *                4 MiB (bytes 3-6), 4 MiB minus up to 64 KiB (bytes 3-6)
 *   byte  1      length of the image path given to multiboot_build_info
 *   byte  2      length of its command-line arguments
 *   bytes 3-6    RAM size, little-endian (see byte 0)
 *   bytes 7-14   an address to symbolize, little-endian
 *   byte  15     unused
 *   then         the image file, then the path, then the arguments (the
 *                two strings at the end, so that changing their lengths
 *                does not move the image)
 *
 * The image is copied to an exact-size heap buffer (aligned, as the
 * loader's pages are; ASan catches a read past it). The same bytes go to
 * elf64_parse() and multiboot_load():
 *
 *  - ELF64: on success the result must describe what was validated; when
 *    the image spans at most 4 MiB it is loaded into an exact-size buffer
 *    and compared with a model built here from the program headers; a few
 *    addresses are symbolized and any name returned must be a
 *    NUL-terminated string inside the file.
 *  - Multiboot: guest RAM is the end of a 4 MiB heap buffer; the part of the
 *    buffer in front of it and guest-physical [0, MBI_END) (the boot
 *    information and the real-mode area, which no image may overwrite)
 *    are poisoned, so ASan reports any write there, and the heap redzone
 *    any write past the end of RAM. On success the entry point must lie in
 *    [MBI_END, ram_size).
 *  - multiboot_build_info() writes into a buffer that ends at MBI_END with
 *    [0, MBI_GPA) poisoned: it may write only [MBI_GPA, MBI_END); the
 *    command line must be "path args" (truncated), NUL-terminated.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanitizer/asan_interface.h>

#include "hv/elf.h"
#include "hv/multiboot.h"

#define MIB		(1ULL << 20)
#define RAM_MAX		(4 * MIB)
#define LOAD_MAX	(4 * MIB)	/* largest ELF64 span loaded */
#define PREFIX		16

static uint8_t *ram_buf;		/* RAM_MAX bytes, allocated once */

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_loader: invariant broken: %s\n", what);
	abort();
}

#define CHECK(cond) do { if (!(cond)) fail(#cond); } while (0)

static uint64_t rd(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* A message: non-empty, NUL-terminated inside @size bytes, one line. */
static void check_why(const char *why, size_t size)
{
	size_t n = strnlen(why, size);

	CHECK(n > 0 && n < size);
	CHECK(memchr(why, '\n', n) == NULL);
}

static char *cstr(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static void check_symbol(const struct elf_image *img, uint64_t addr)
{
	uint64_t off = 0xdeadbeef;
	const char *name = elf64_symbolize(img, addr, &off);
	const char *base = (const char *)img->data;

	if (!name)
		return;
	CHECK(name >= base && name < base + img->size);
	CHECK(memchr(name, '\0', (size_t)(base + img->size - name)) != NULL);
	CHECK(off <= addr);
}

static void fuzz_elf64(const uint8_t *image, size_t size, uint64_t probe)
{
	struct elf_image img;
	char why[ELF_WHY_MAX];
	uint64_t span;
	uint8_t *got, *want;

	memset(why, 'x', sizeof(why));
	if (elf64_parse(&img, image, size, why)) {
		check_why(why, sizeof(why));
		return;
	}
	CHECK(img.data == image && img.size == size);
	CHECK((img.vaddr_lo & 0xfff) == 0 && (img.vaddr_hi & 0xfff) == 0);
	CHECK(img.vaddr_lo < img.vaddr_hi);
	CHECK(img.entry >= img.vaddr_lo && img.entry < img.vaddr_hi);
	for (unsigned i = 0; i < img.eh->e_phnum; i++) {
		const struct elf64_phdr *ph = elf64_phdr(&img, i);

		if (ph->p_type != PT_LOAD)
			continue;
		CHECK(ph->p_filesz <= ph->p_memsz);
		CHECK(ph->p_offset <= size && ph->p_filesz <= size - ph->p_offset);
		CHECK(ph->p_vaddr >= img.vaddr_lo &&
		      ph->p_memsz <= img.vaddr_hi - ph->p_vaddr);
	}

	check_symbol(&img, img.entry);
	check_symbol(&img, img.vaddr_lo);
	check_symbol(&img, img.vaddr_hi - 1);
	check_symbol(&img, probe);

	span = img.vaddr_hi - img.vaddr_lo;
	if (span > LOAD_MAX)
		return;
	got = malloc(span);
	want = calloc(1, span);
	if (!got || !want)
		abort();
	memset(got, 0xcc, span);
	/* The model: zeros, then each segment's file bytes (none overlap). */
	for (unsigned i = 0; i < img.eh->e_phnum; i++) {
		const struct elf64_phdr *ph = elf64_phdr(&img, i);

		if (ph->p_type == PT_LOAD)
			memcpy(want + (ph->p_vaddr - img.vaddr_lo),
			       image + ph->p_offset, ph->p_filesz);
	}
	elf64_load(&img, got);
	CHECK(memcmp(got, want, span) == 0);
	free(got);
	free(want);
}

static void fuzz_multiboot(const uint8_t *image, size_t size,
			   uint64_t ram_size)
{
	uint8_t *ram = ram_buf + (RAM_MAX - ram_size);
	uint64_t low = ram_size < MBI_END ? ram_size : MBI_END;
	char why[MULTIBOOT_WHY_MAX];
	uint32_t entry = 0xdeadbeef;
	int rc;

	memset(why, 'x', sizeof(why));
	ASAN_POISON_MEMORY_REGION(ram_buf, (RAM_MAX - ram_size) + low);
	rc = multiboot_load(ram, ram_size, image, size, &entry, why);
	ASAN_UNPOISON_MEMORY_REGION(ram_buf, RAM_MAX);
	if (rc == 0) {
		CHECK(entry >= MBI_END && entry < ram_size);
	} else {
		CHECK(rc == -1);
		check_why(why, sizeof(why));
	}
}

static void fuzz_build_info(uint64_t ram_size, const char *path,
			    const char *args)
{
	uint8_t *low = malloc(MBI_END);
	const struct multiboot_info *mbi = (const void *)(low + MBI_GPA);
	const struct multiboot_mmap_entry *mm = (const void *)(low + MBI_MMAP_GPA);
	const char *cl = (const char *)low + MBI_CMDLINE_GPA;
	size_t cl_max = MBI_LOADER_NAME_GPA - MBI_CMDLINE_GPA;
	char want[1024];

	if (!low)
		abort();
	memset(low, 0xcc, MBI_END);
	ASAN_POISON_MEMORY_REGION(low, MBI_GPA);
	CHECK(multiboot_build_info(low, ram_size, path, args) == MBI_GPA);
	CHECK(mbi->flags == (MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE |
			     MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_LOADER_NAME));
	CHECK(mbi->mem_lower == 640);
	CHECK(mbi->mem_upper == (ram_size - MIB) >> 10);
	CHECK(mbi->cmdline == MBI_CMDLINE_GPA);
	CHECK(mbi->mmap_addr == MBI_MMAP_GPA && mbi->mmap_length == sizeof(*mm));
	CHECK(mm->size == 20 && mm->addr == 0 && mm->len == ram_size &&
	      mm->type == 1);
	CHECK(mbi->boot_loader_name == MBI_LOADER_NAME_GPA);
	CHECK(strcmp((const char *)low + MBI_LOADER_NAME_GPA, "EduHV") == 0);
	CHECK(strnlen(cl, cl_max) < cl_max);
	snprintf(want, sizeof(want), "%s%s%s", path, args[0] ? " " : "", args);
	want[cl_max - 1] = '\0';
	CHECK(strcmp(cl, want) == 0);
	ASAN_UNPOISON_MEMORY_REGION(low, MBI_GPA);
	free(low);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t path_len, args_len, image_len;
	uint64_t ram_size, raw;
	uint8_t *image;
	char *path, *args;

	if (!ram_buf && !(ram_buf = malloc(RAM_MAX)))
		abort();
	if (size < PREFIX)
		return 0;
	path_len = data[1];
	args_len = data[2];
	if (path_len + args_len > size - PREFIX)
		path_len = args_len = 0;
	image_len = size - PREFIX - path_len - args_len;
	raw = rd(data + 3, 4);
	switch (data[0] & 3) {
	case 0: ram_size = RAM_MAX; break;
	case 1: ram_size = 2 * MIB; break;
	case 2: ram_size = raw % (RAM_MAX + 1); break;
	default: ram_size = RAM_MAX - raw % 0x10000; break;
	}

	image = malloc(image_len + !image_len);
	if (!image)
		abort();
	memcpy(image, data + PREFIX, image_len);
	path = cstr(data + PREFIX + image_len, path_len);
	args = cstr(data + PREFIX + image_len + path_len, args_len);

	fuzz_elf64(image, image_len, rd(data + 7, 8));
	fuzz_multiboot(image, image_len, ram_size);
	if (ram_size >= 2 * MIB)
		fuzz_build_info(ram_size, path, args);

	free(image);
	free(path);
	free(args);
	return 0;
}
