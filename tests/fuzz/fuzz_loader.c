// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the image loaders: hv/elf.c (ELF64: the loader
 * loads hv.elf with it, the hypervisor symbolizes its backtraces with it)
 * and hv/multiboot.c (guest kernels and modules into guest RAM, and the
 * boot information: the Multiboot layout).
 *
 * Input:
 *   byte  0      bits 0-1: guest RAM size: 4 MiB, 2 MiB, any size up to
 *                4 MiB (bytes 3-6), 4 MiB minus up to 64 KiB (bytes 3-6)
 *   byte  1      length of the image path (the command line's first word)
 *   byte  2      length of its command-line arguments
 *   bytes 3-6    RAM size, little-endian (see byte 0)
 *   bytes 7-14   an address to symbolize, little-endian; bytes 7-12 are
 *                also the sizes of up to three modules (16 bits each,
 *                times byte 15 bits 2-7, plus 1)
 *   byte  15     bits 0-1: how many modules (0-3)
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
 *  - Multiboot: guest RAM is the end of a 4 MiB heap buffer whose part in
 *    front is poisoned (ASan reports any write there; the heap redzone
 *    any write past the end of RAM). multiboot_plan() must agree with
 *    multiboot_load() and write nothing; on success the entry point is in
 *    a segment, and the segments, the modules, the GDT, the information,
 *    its map, list and strings lie in RAM outside the PC's hole, overlap
 *    nothing else, and hold what they should (the modules' bytes, GRUB's
 *    GDT, "path args", the map of hv/memmap.c); below 1 MiB nothing else
 *    is written.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanitizer/asan_interface.h>

#include "hv/boot_gdt.h"
#include "hv/elf.h"
#include "hv/memmap.h"
#include "hv/multiboot.h"

#define MIB		(1ULL << 20)
#define RAM_MAX		(4 * MIB)
#define LOAD_MAX	(4 * MIB)	/* largest ELF64 span loaded */
#define PREFIX		16

static uint8_t *ram_buf;		/* RAM_MAX bytes, allocated once */
static uint8_t *mod_buf;		/* the modules' bytes: a pattern */
static uint8_t shadow[MIB], cc[MIB];	/* RAM below 1 MiB; all 0xcc */

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

struct range {
	uint64_t start, end;
};

static void check_apart(const struct range *r, size_t n, uint64_t ram_size)
{
	for (size_t i = 0; i < n; i++) {
		CHECK(r[i].start <= r[i].end && r[i].end <= ram_size);
		CHECK(r[i].end <= GUEST_LOW_RAM_END ||
		      r[i].start >= GUEST_HIGH_RAM_START);
		for (size_t k = 0; k < i; k++)
			CHECK(r[i].start == r[i].end || r[k].start == r[k].end ||
			      r[i].end <= r[k].start || r[k].end <= r[i].start);
	}
}

static void fuzz_multiboot(const uint8_t *image, size_t size,
			   uint64_t ram_size, const char *path,
			   const char *args, const struct multiboot_module *mods,
			   unsigned int nmods)
{
	uint8_t *ram = ram_buf + (RAM_MAX - ram_size);
	uint64_t low = ram_size < MIB ? ram_size : MIB;
	struct multiboot_guest g = {
		.ram_size = ram_size, .image = image, .size = size,
		.path = path, .args = args, .mods = mods, .nmods = nmods };
	struct multiboot_layout plan, l;
	struct multiboot_info mbi;
	struct range r[MULTIBOOT_SEGMENTS_MAX + MULTIBOOT_MODULES_MAX + 8];
	char why[MULTIBOOT_WHY_MAX], want[600];
	size_t n = 0;
	int rc, planned;

	memset(why, 'x', sizeof(why));
	memset(ram, 0xcc, low);
	planned = multiboot_plan(&g, &plan, why);
	CHECK(memcmp(ram, cc, low) == 0);
	ASAN_POISON_MEMORY_REGION(ram_buf, RAM_MAX - ram_size);
	rc = multiboot_load(ram, &g, &l, why);
	ASAN_UNPOISON_MEMORY_REGION(ram_buf, RAM_MAX);
	CHECK(rc == planned);
	if (rc) {
		CHECK(rc == MULTIBOOT_BAD_IMAGE || rc == MULTIBOOT_BAD_MODULE);
		CHECK(rc != MULTIBOOT_BAD_MODULE ||
		      (l.bad_module >= 0 && (unsigned int)l.bad_module < nmods));
		check_why(why, sizeof(why));
		return;
	}
	CHECK(memcmp(&plan, &l, sizeof(l)) == 0);

	CHECK(l.nsegs >= 1 && l.nsegs <= MULTIBOOT_SEGMENTS_MAX);
	for (unsigned int i = 0; i < l.nsegs; i++) {
		CHECK(l.seg[i].end <= l.kernel_end);
		r[n++] = (struct range){ l.seg[i].start, l.seg[i].end };
	}
	for (unsigned int i = 0; i < nmods; i++) {
		CHECK(l.mod[i].end - l.mod[i].start == mods[i].size);
		CHECK(l.mod[i].start % 4096 == 0);
		CHECK(memcmp(ram + l.mod[i].start, mods[i].data,
			     mods[i].size) == 0);
		r[n++] = (struct range){ l.mod[i].start, l.mod[i].end };
	}
	r[n++] = (struct range){ l.info.start, l.info.end };
	check_apart(r, n, ram_size);
	CHECK(l.info.start >= MULTIBOOT_INFO_FROM);
	CHECK(l.gdt == l.info.start && l.gdt_limit == 0x27);
	{
		uint8_t gdt[40];

		boot_gdt_write_multiboot(gdt);
		CHECK(memcmp(ram + l.gdt, gdt, sizeof(gdt)) == 0);
	}
	memcpy(&mbi, ram + l.mbi, sizeof(mbi));
	CHECK(l.mbi >= l.info.start && l.mbi + sizeof(mbi) <= l.info.end);
	CHECK(mbi.mem_lower == 639 && mbi.mem_upper == (ram_size - MIB) >> 10);
	CHECK(mbi.mmap_addr >= l.info.start &&
	      mbi.mmap_addr + mbi.mmap_length <= l.info.end);
	CHECK(mbi.mmap_length >= 2 * sizeof(struct multiboot_mmap_entry));
	CHECK(mbi.cmdline >= l.info.start && mbi.cmdline < l.info.end);
	snprintf(want, sizeof(want), "%s%s%s", path, args[0] ? " " : "", args);
	CHECK(strcmp((const char *)ram + mbi.cmdline, want) == 0);
	CHECK(!!(mbi.flags & MULTIBOOT_INFO_MODS) == !!nmods);
	CHECK(mbi.mods_count == nmods);
	for (unsigned int i = 0; i < nmods; i++) {
		struct multiboot_mod_list m;

		memcpy(&m, ram + mbi.mods_addr + i * sizeof(m), sizeof(m));
		CHECK(m.mod_start == l.mod[i].start && m.mod_end == l.mod[i].end);
		CHECK(m.cmdline >= l.info.start && m.cmdline < l.info.end);
		CHECK(strcmp((const char *)ram + m.cmdline, mods[i].string) == 0);
	}
	/* Below 1 MiB, nothing but what the layout says. */
	memcpy(shadow, ram, low);
	for (size_t k = 0; k < n; k++)
		if (r[k].start < low)
			memset(shadow + r[k].start, 0xcc,
			       (r[k].end < low ? r[k].end : low) - r[k].start);
	CHECK(memcmp(shadow, cc, low) == 0);
	/* The entry point is in a segment. */
	{
		int in = 0;

		for (unsigned int i = 0; i < l.nsegs; i++)
			in |= l.entry >= l.seg[i].start && l.entry < l.seg[i].end;
		CHECK(in);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t path_len, args_len, image_len;
	uint64_t ram_size, raw;
	uint8_t *image;
	char *path, *args;

	static const char *const strings[3] = {
		"mods/a.bin alpha beta", "b.bin", "c",
	};
	struct multiboot_module mods[3];
	unsigned int nmods;

	if (!ram_buf && !(ram_buf = malloc(RAM_MAX)))
		abort();
	if (!mod_buf) {
		if (!(mod_buf = malloc(RAM_MAX)))
			abort();
		for (size_t i = 0; i < RAM_MAX; i++)
			mod_buf[i] = (uint8_t)(i * 7 + (i >> 12));
		memset(cc, 0xcc, sizeof(cc));
	}
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

	nmods = data[15] & 3;
	for (unsigned int i = 0; i < nmods; i++) {
		uint64_t sz = rd(data + 7 + 2 * i, 2) * ((data[15] >> 2) + 1ULL);

		mods[i] = (struct multiboot_module){
			.data = mod_buf, .size = sz < RAM_MAX ? sz : RAM_MAX,
			.string = strings[i] };
	}

	fuzz_elf64(image, image_len, rd(data + 7, 8));
	fuzz_multiboot(image, image_len, ram_size, path, args, mods, nmods);

	free(image);
	free(path);
	free(args);
	return 0;
}
