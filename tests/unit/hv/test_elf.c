// SPDX-License-Identifier: MIT
/*
 * hv/elf.c on the real build/hv.elf (make unit builds it first and runs
 * the tests from the top of the tree), on corrupted copies of it, and on a
 * small ELF made up here for loading. Expected values are worked out from
 * the file's own headers, so the tests follow the image as it changes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/elf.h"
#include "tests/unit/guard.h"

#define HV_ELF "build/hv.elf"
#define PT_NOTE 4
#define PT_GNU_STACK 0x6474e551

static uint8_t *hv;		/* the file as read */
static size_t hv_size;
static uint8_t *work;		/* a copy to break */

static int load_hv(void **state)
{
	FILE *f = fopen(HV_ELF, "rb");
	long size;

	if (!f) {
		fprintf(stderr, "%s: cannot open (run from the top of the tree, after make)\n",
			HV_ELF);
		return -1;
	}
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -1;
	}
	hv_size = (size_t)size;
	hv = malloc(hv_size);
	work = malloc(hv_size);
	if (!hv || !work || fread(hv, 1, hv_size, f) != hv_size) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static int free_hv(void **state)
{
	free(hv);
	free(work);
	return 0;
}

static int fresh_copy(void **state)
{
	memcpy(work, hv, hv_size);
	return 0;
}

static struct elf64_ehdr *weh(void)
{
	return (struct elf64_ehdr *)work;
}

static struct elf64_phdr *wph(unsigned int i)
{
	return (struct elf64_phdr *)(work + weh()->e_phoff) + i;
}

/* The index of the @n-th PT_LOAD header of the copy. */
static unsigned int load_index(unsigned int n)
{
	for (unsigned int i = 0; i < weh()->e_phnum; i++)
		if (wph(i)->p_type == PT_LOAD && n-- == 0)
			return i;
	fail_msg("hv.elf has fewer PT_LOAD headers than the test needs");
	return 0;
}

/*
 * Parse the first @size bytes of the copy. Sizes that keep the headers
 * aligned go right before a guard page (a read past @size faults); the
 * others into a heap block of exactly @size bytes (ASan's business).
 */
static int parse_work(struct elf_image *img, size_t size, char *why)
{
	int rc = -2;

	memset(why, 0, ELF_WHY_MAX);
	if (size % 8 == 0) {
		const void *g = guard_place(work, size);

		GUARDED(rc = elf64_parse(img, g, size, why));
	} else {
		void *copy = malloc(size);

		assert_non_null(copy);
		memcpy(copy, work, size);
		rc = elf64_parse(img, copy, size, why);
		free(copy);
	}
	return rc;
}

#define assert_rejected(size, reason)					\
	do {								\
		struct elf_image img_;					\
		char why_[ELF_WHY_MAX];					\
									\
		if (parse_work(&img_, (size), why_) != -1)		\
			fail_msg("accepted; wanted \"%s\"", (reason));	\
		if (!strstr(why_, (reason)))				\
			fail_msg("why \"%s\", wanted \"%s\"", why_, (reason)); \
	} while (0)

#define assert_accepted(size)						\
	do {								\
		struct elf_image img_;					\
		char why_[ELF_WHY_MAX];					\
									\
		if (parse_work(&img_, (size), why_) != 0)		\
			fail_msg("rejected: %s", why_);			\
	} while (0)

/* -------------------------------------------------------- the real file */

static void test_parse_hv_elf(void **state)
{
	const struct elf64_ehdr *eh = (const void *)hv;
	const struct elf64_phdr *ph = (const void *)(hv + eh->e_phoff);
	struct elf_image img;
	char why[ELF_WHY_MAX] = "";
	uint64_t lo = UINT64_MAX, hi = 0;
	unsigned int loads = 0;

	if (elf64_parse(&img, hv, hv_size, why))
		fail_msg("hv.elf rejected: %s", why);
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		loads++;
		if (ph[i].p_vaddr < lo)
			lo = ph[i].p_vaddr;
		if (ph[i].p_vaddr + ph[i].p_memsz > hi)
			hi = ph[i].p_vaddr + ph[i].p_memsz;
		assert_ptr_equal(elf64_phdr(&img, i), &ph[i]);
	}
	assert_true(loads >= 2);
	assert_ptr_equal(img.data, hv);
	assert_int_equal(img.size, hv_size);
	assert_ptr_equal(img.eh, eh);
	assert_int_equal(img.entry, eh->e_entry);
	assert_int_equal(img.vaddr_lo, lo & ~0xfffULL);
	assert_int_equal(img.vaddr_hi, (hi + 0xfff) & ~0xfffULL);
	/* Linked for the upper half (linker.ld). */
	assert_int_equal(img.vaddr_lo, 0xffffffff80000000ULL);
	assert_true(img.entry >= img.vaddr_lo && img.entry < img.vaddr_hi);
}

static void test_bad_magic(void **state)
{
	for (int i = 0; i < 4; i++) {
		fresh_copy(NULL);
		work[i] ^= 0x20;
		assert_rejected(hv_size, "not an ELF file (bad magic)");
	}
}

static void test_not_64_bit(void **state)
{
	work[4] = 1;				/* ELFCLASS32 */
	assert_rejected(hv_size, "not a 64-bit ELF file");
}

static void test_big_endian(void **state)
{
	work[5] = 2;				/* ELFDATA2MSB */
	assert_rejected(hv_size, "not a little-endian ELF file");
}

static void test_wrong_machine(void **state)
{
	weh()->e_machine = 3;			/* EM_386 */
	assert_rejected(hv_size, "not an x86-64 executable");
	weh()->e_machine = 183;			/* EM_AARCH64 */
	assert_rejected(hv_size, "not an x86-64 executable");
}

static void test_not_executable(void **state)
{
	weh()->e_type = 3;			/* ET_DYN */
	assert_rejected(hv_size, "not an executable");
	weh()->e_type = 1;			/* ET_REL */
	assert_rejected(hv_size, "not an executable");
}

static void test_bad_program_header_table(void **state)
{
	weh()->e_phnum = 0;
	assert_rejected(hv_size, "no usable program headers");
	fresh_copy(NULL);
	weh()->e_phentsize = 32;
	assert_rejected(hv_size, "no usable program headers");
	fresh_copy(NULL);
	weh()->e_phoff = hv_size - sizeof(struct elf64_phdr);
	assert_rejected(hv_size, "program headers lie past the end of the file");
	/* An offset so large that offset + length wraps. */
	weh()->e_phoff = UINT64_MAX - 8;
	assert_rejected(hv_size, "program headers lie past the end of the file");
	weh()->e_phnum = 0xffff;
	weh()->e_phoff = 64;
	assert_rejected(hv_size, "program headers lie past the end of the file");
	fresh_copy(NULL);
	weh()->e_phoff += 4;
	assert_rejected(hv_size, "misaligned program headers");
}

/* Where the last byte any PT_LOAD takes from the file ends. */
static size_t loaded_bytes_end(void)
{
	size_t end = 0;

	for (unsigned int i = 0; i < weh()->e_phnum; i++)
		if (wph(i)->p_type == PT_LOAD &&
		    wph(i)->p_offset + wph(i)->p_filesz > end)
			end = wph(i)->p_offset + wph(i)->p_filesz;
	return end;
}

static void test_truncated(void **state)
{
	const size_t phend = weh()->e_phoff +
			     weh()->e_phnum * sizeof(struct elf64_phdr);
	const unsigned int s0 = load_index(0), s1 = load_index(1);
	char want[ELF_WHY_MAX];

	assert_rejected(0, "too small to be an ELF file");
	assert_rejected(1, "too small to be an ELF file");
	assert_rejected(63, "too small to be an ELF file");
	assert_rejected(64, "program headers lie past the end of the file");
	assert_rejected(phend - 8, "program headers lie past the end of the file");

	/* Headers complete, the first segment's bytes not. */
	snprintf(want, sizeof(want),
		 "truncated: segment %u lies past the end of the file (%zu bytes)",
		 s0, phend);
	assert_rejected(phend, want);
	assert_rejected(wph(s0)->p_offset + wph(s0)->p_filesz - 8,
			"truncated: segment");

	/* The first segment complete, the second cut short by one byte. */
	snprintf(want, sizeof(want), "truncated: segment %u lies past", s1);
	assert_rejected(wph(s1)->p_offset + wph(s1)->p_filesz - 1, want);

	/* Every segment's bytes there: enough (the sections need not be). */
	assert_accepted(loaded_bytes_end());
}

static void test_segment_past_end(void **state)
{
	struct elf64_phdr *ph = wph(load_index(1));

	ph->p_offset = hv_size - ph->p_filesz + 1;
	assert_rejected(hv_size, "lies past the end of the file");
	/* Wrapping offset + size must not pass for small. */
	ph->p_offset = UINT64_MAX - 0xff;
	assert_rejected(hv_size, "lies past the end of the file");
	ph->p_offset = 0;
	ph->p_filesz = hv_size + 1;
	ph->p_memsz = hv_size + 1;
	assert_rejected(hv_size, "lies past the end of the file");
	/* An offset inside the file and a size that wraps the sum to 0. */
	ph->p_offset = 0x100;
	ph->p_filesz = 0 - ph->p_offset;
	ph->p_memsz = ph->p_filesz;
	assert_rejected(hv_size, "lies past the end of the file");
}

static void test_filesz_larger_than_memsz(void **state)
{
	const unsigned int i = load_index(0);
	char want[ELF_WHY_MAX];

	wph(i)->p_filesz = wph(i)->p_memsz + 1;
	snprintf(want, sizeof(want),
		 "segment %u: file size larger than memory size", i);
	assert_rejected(hv_size, want);
}

static void test_overlapping_segments(void **state)
{
	const unsigned int a = load_index(0), b = load_index(1);
	char want[ELF_WHY_MAX];

	snprintf(want, sizeof(want), "segments %u and %u overlap", a, b);
	/* The second starts on the first's last byte. */
	wph(b)->p_vaddr = wph(a)->p_vaddr + wph(a)->p_memsz - 1;
	assert_rejected(hv_size, want);
	/* The second lies wholly inside the first. */
	fresh_copy(NULL);
	wph(b)->p_vaddr = wph(a)->p_vaddr + 0x10;
	wph(b)->p_memsz = 0x10;
	wph(b)->p_filesz = 0x10;
	assert_rejected(hv_size, want);
	/* The second covers the first. */
	fresh_copy(NULL);
	wph(b)->p_vaddr = wph(a)->p_vaddr - 0x1000;
	wph(b)->p_memsz = wph(a)->p_memsz + 0x2000;
	assert_rejected(hv_size, want);
	/* Ending right where the other starts is fine. */
	fresh_copy(NULL);
	wph(b)->p_vaddr = wph(a)->p_vaddr - wph(b)->p_memsz;
	assert_accepted(hv_size);
}

static void test_entry_outside_executable_segment(void **state)
{
	const unsigned int x = load_index(0), ro = load_index(1);

	assert_true(wph(x)->p_flags & PF_X);
	assert_false(wph(ro)->p_flags & PF_X);

	weh()->e_entry = wph(ro)->p_vaddr;
	assert_rejected(hv_size, "entry point is not inside an executable segment");
	weh()->e_entry = wph(x)->p_vaddr + wph(x)->p_memsz;	/* one past */
	assert_rejected(hv_size, "entry point is not inside an executable segment");
	weh()->e_entry = wph(x)->p_vaddr - 1;
	assert_rejected(hv_size, "entry point is not inside an executable segment");
	weh()->e_entry = 0;
	assert_rejected(hv_size, "entry point is not inside an executable segment");
	/* First and last byte of the executable segment are fine. */
	weh()->e_entry = wph(x)->p_vaddr;
	assert_accepted(hv_size);
	weh()->e_entry = wph(x)->p_vaddr + wph(x)->p_memsz - 1;
	assert_accepted(hv_size);
	/* And executable it must be. */
	wph(x)->p_flags &= ~PF_X;
	assert_rejected(hv_size, "entry point is not inside an executable segment");
}

static void test_no_loadable_segment(void **state)
{
	for (unsigned int i = 0; i < weh()->e_phnum; i++)
		wph(i)->p_type = PT_NOTE;
	assert_rejected(hv_size, "no loadable segments");
}

static void test_wrapping_vaddr(void **state)
{
	const unsigned int i = load_index(weh()->e_phnum > 2 ? 2 : 1);
	char want[ELF_WHY_MAX];

	snprintf(want, sizeof(want), "segment %u wraps the address space", i);
	wph(i)->p_vaddr = 0xfffffffffffff000ULL;
	wph(i)->p_memsz = 0x2000;
	wph(i)->p_filesz = 0;
	assert_rejected(hv_size, want);
	/* Not wrapping, but its page-aligned end would. */
	wph(i)->p_vaddr = 0xffffffffffffe000ULL;
	wph(i)->p_memsz = 0x1001;
	assert_rejected(hv_size, want);
}

/* ------------------------------------------------------------ symbols */

struct sym {
	const char *name;
	uint64_t value, size;
};

/* Look a FUNC symbol up by name the long way: section headers, .symtab. */
static int find_func(const uint8_t *elf, const char *name, struct sym *out)
{
	const struct elf64_ehdr *eh = (const void *)elf;
	const struct elf64_shdr *sh = (const void *)(elf + eh->e_shoff);

	for (unsigned int i = 0; i < eh->e_shnum; i++) {
		const struct elf64_sym *s;
		const char *str;

		if (sh[i].sh_type != SHT_SYMTAB)
			continue;
		s = (const void *)(elf + sh[i].sh_offset);
		str = (const char *)elf + sh[sh[i].sh_link].sh_offset;
		for (uint64_t k = 0; k < sh[i].sh_size / sizeof(*s); k++) {
			if ((s[k].st_info & 0xf) != STT_FUNC ||
			    strcmp(str + s[k].st_name, name))
				continue;
			out->name = str + s[k].st_name;
			out->value = s[k].st_value;
			out->size = s[k].st_size;
			return 0;
		}
	}
	return -1;
}

static void test_symbolize_hv_main(void **state)
{
	struct elf_image img;
	char why[ELF_WHY_MAX];
	struct sym m;
	uint64_t off = 12345;
	const char *name;

	assert_int_equal(elf64_parse(&img, hv, hv_size, why), 0);
	assert_int_equal(find_func(hv, "hv_main", &m), 0);
	assert_true(m.size > 8);

	name = elf64_symbolize(&img, m.value + m.size / 2, &off);
	assert_non_null(name);
	assert_string_equal(name, "hv_main");
	assert_int_equal(off, m.size / 2);
	/* A pointer into the file's .strtab, not a copy. */
	assert_ptr_equal(name, m.name);

	name = elf64_symbolize(&img, m.value, &off);
	assert_string_equal(name, "hv_main");
	assert_int_equal(off, 0);
	name = elf64_symbolize(&img, m.value + m.size - 1, &off);
	assert_string_equal(name, "hv_main");
	assert_int_equal(off, m.size - 1);
	/* One past the end belongs to someone else, or no one. */
	name = elf64_symbolize(&img, m.value + m.size, &off);
	if (name)
		assert_string_not_equal(name, "hv_main");
}

static void test_symbolize_other_functions(void **state)
{
	static const char *const names[] = { "panic", "pmm_alloc",
					     "hv_vsnprintf", "elf64_symbolize" };
	struct elf_image img;
	char why[ELF_WHY_MAX];

	assert_int_equal(elf64_parse(&img, hv, hv_size, why), 0);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct sym s;
		uint64_t off = 0;
		const char *name;

		if (find_func(hv, names[i], &s))
			fail_msg("hv.elf has no function %s", names[i]);
		name = elf64_symbolize(&img, s.value + 1, &off);
		assert_non_null(name);
		assert_string_equal(name, names[i]);
		assert_int_equal(off, 1);
	}
}

static void test_symbolize_outside_functions(void **state)
{
	struct elf_image img;
	char why[ELF_WHY_MAX];
	uint64_t off = 777;

	assert_int_equal(elf64_parse(&img, hv, hv_size, why), 0);
	assert_null(elf64_symbolize(&img, 0, &off));
	assert_null(elf64_symbolize(&img, 0x1000, &off));
	assert_null(elf64_symbolize(&img, img.vaddr_lo - 1, &off));
	assert_null(elf64_symbolize(&img, img.vaddr_hi, &off));
	assert_null(elf64_symbolize(&img, UINT64_MAX, &off));
	/* .bss holds no functions. */
	assert_null(elf64_symbolize(&img, img.vaddr_hi - 8, &off));
	assert_int_equal(off, 777);
}

/* Damaged or missing symbol tables give NULL, not a wild read. */
static void test_symbolize_bad_tables(void **state)
{
	struct elf_image img;
	char why[ELF_WHY_MAX];
	struct elf64_shdr *sh = (void *)(work + weh()->e_shoff);
	struct elf64_shdr *symtab = NULL;
	struct sym m;
	uint64_t off;

	assert_int_equal(find_func(hv, "hv_main", &m), 0);
	for (unsigned int i = 0; i < weh()->e_shnum; i++)
		if (sh[i].sh_type == SHT_SYMTAB)
			symtab = &sh[i];
	assert_non_null(symtab);

	/* Stripped. */
	symtab->sh_type = 0;
	assert_int_equal(elf64_parse(&img, work, hv_size, why), 0);
	assert_null(elf64_symbolize(&img, m.value, &off));

	fresh_copy(NULL);
	weh()->e_shentsize = 40;
	assert_int_equal(elf64_parse(&img, work, hv_size, why), 0);
	assert_null(elf64_symbolize(&img, m.value, &off));

	fresh_copy(NULL);
	weh()->e_shoff = hv_size - 64;
	assert_null(elf64_symbolize(&img, m.value, &off));

	fresh_copy(NULL);
	symtab->sh_size = hv_size;
	assert_null(elf64_symbolize(&img, m.value, &off));

	fresh_copy(NULL);
	symtab->sh_entsize = 16;
	assert_null(elf64_symbolize(&img, m.value, &off));

	fresh_copy(NULL);
	symtab->sh_link = weh()->e_shnum;
	assert_null(elf64_symbolize(&img, m.value, &off));

	/* .strtab cut inside "hv_main": no terminator, no name. */
	fresh_copy(NULL);
	sh[symtab->sh_link].sh_size =
		(uint64_t)(m.name - (const char *)hv) -
		sh[symtab->sh_link].sh_offset + 3;
	assert_null(elf64_symbolize(&img, m.value, &off));
	/* Cut right after it: still fine. */
	sh[symtab->sh_link].sh_size += 5;
	assert_non_null(elf64_symbolize(&img, m.value, &off));
}

/* ------------------------------------------------------------ loading */

/*
 * A made-up executable: code at 0x400000, data at an unaligned 0x402010
 * with .bss after it, and a PT_NOTE whose bytes must not be loaded.
 */
#define SYN_SIZE 0x1200
static uint8_t syn[SYN_SIZE] __attribute__((aligned(8)));

static void build_synthetic(void)
{
	struct elf64_ehdr *eh = (void *)syn;
	struct elf64_phdr *ph = (void *)(syn + sizeof(*eh));

	memset(syn, 0, sizeof(syn));
	memcpy(eh->e_ident, "\x7f" "ELF\x02\x01\x01", 7);
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = 1;
	eh->e_entry = 0x400010;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 3;
	ph[0] = (struct elf64_phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
				     .p_offset = 0x1000, .p_vaddr = 0x400000,
				     .p_filesz = 0x80, .p_memsz = 0x80 };
	ph[1] = (struct elf64_phdr){ .p_type = PT_NOTE, .p_flags = PF_R,
				     .p_offset = 0x1180, .p_vaddr = 0x401000,
				     .p_filesz = 0x40, .p_memsz = 0x40 };
	ph[2] = (struct elf64_phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W,
				     .p_offset = 0x1100, .p_vaddr = 0x402010,
				     .p_filesz = 0x30, .p_memsz = 0x1000 };
	for (int i = 0; i < 0x80; i++)
		syn[0x1000 + i] = (uint8_t)(0x80 + i);
	for (int i = 0; i < 0x30; i++)
		syn[0x1100 + i] = (uint8_t)(0x10 + i);
	memset(syn + 0x1180, 0x77, 0x40);
}

static void test_load_synthetic(void **state)
{
	struct elf_image img;
	char why[ELF_WHY_MAX];
	uint8_t *dst;
	size_t span;

	build_synthetic();
	if (elf64_parse(&img, syn, sizeof(syn), why))
		fail_msg("synthetic ELF rejected: %s", why);
	assert_int_equal(img.vaddr_lo, 0x400000);
	assert_int_equal(img.vaddr_hi, 0x404000);	/* 0x403010 rounded up */
	assert_int_equal(img.entry, 0x400010);

	span = img.vaddr_hi - img.vaddr_lo;
	dst = malloc(span + 64);
	assert_non_null(dst);
	memset(dst, 0xee, span + 64);
	elf64_load(&img, dst);

	for (size_t i = 0; i < span; i++) {
		uint8_t want = 0;

		if (i < 0x80)
			want = (uint8_t)(0x80 + i);
		else if (i >= 0x2010 && i < 0x2040)
			want = (uint8_t)(0x10 + i - 0x2010);
		if (dst[i] != want)
			fail_msg("byte %#zx: %#x, want %#x", i, dst[i], want);
	}
	/* Nothing written past the span. */
	for (size_t i = span; i < span + 64; i++)
		assert_int_equal(dst[i], 0xee);
	free(dst);
}

/* Segments listed out of address order load at their own addresses. */
static void test_load_unordered_segments(void **state)
{
	struct elf64_phdr *ph = (void *)(syn + sizeof(struct elf64_ehdr));
	struct elf64_phdr tmp;
	struct elf_image img;
	char why[ELF_WHY_MAX];
	uint8_t *dst;

	build_synthetic();
	tmp = ph[0];
	ph[0] = ph[2];
	ph[2] = tmp;
	assert_int_equal(elf64_parse(&img, syn, sizeof(syn), why), 0);
	assert_int_equal(img.vaddr_lo, 0x400000);
	dst = malloc(img.vaddr_hi - img.vaddr_lo);
	assert_non_null(dst);
	elf64_load(&img, dst);
	assert_int_equal(dst[0], 0x80);
	assert_int_equal(dst[0x7f], 0xff);
	assert_int_equal(dst[0x2010], 0x10);
	assert_int_equal(dst[0x203f], 0x3f);
	assert_int_equal(dst[0x2040], 0);
	free(dst);
}

/* Linkers add PT_GNU_STACK (address 0, size 0) to nearly everything. */
static void test_load_with_gnu_stack_header(void **state)
{
	struct elf64_phdr *ph = (void *)(syn + sizeof(struct elf64_ehdr));
	struct elf_image img;
	char why[ELF_WHY_MAX];
	uint8_t *dst;

	build_synthetic();
	ph[1] = (struct elf64_phdr){ .p_type = PT_GNU_STACK,
				     .p_flags = PF_R | PF_W, .p_align = 16 };
	assert_int_equal(elf64_parse(&img, syn, sizeof(syn), why), 0);
	dst = malloc(img.vaddr_hi - img.vaddr_lo);
	assert_non_null(dst);
	elf64_load(&img, dst);
	assert_int_equal(dst[0], 0x80);
	assert_int_equal(dst[0x2010], 0x10);
	free(dst);
}

/* The real image loads: every segment's file bytes where they belong. */
static void test_load_hv_elf(void **state)
{
	const struct elf64_ehdr *eh = (const void *)hv;
	const struct elf64_phdr *ph = (const void *)(hv + eh->e_phoff);
	struct elf_image img;
	char why[ELF_WHY_MAX];
	uint8_t *dst;

	assert_int_equal(elf64_parse(&img, hv, hv_size, why), 0);
	dst = malloc(img.vaddr_hi - img.vaddr_lo);
	assert_non_null(dst);
	memset(dst, 0xee, img.vaddr_hi - img.vaddr_lo);
	elf64_load(&img, dst);
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const uint8_t *seg;

		if (ph[i].p_type != PT_LOAD)
			continue;
		seg = dst + (ph[i].p_vaddr - img.vaddr_lo);
		assert_memory_equal(seg, hv + ph[i].p_offset, ph[i].p_filesz);
		for (uint64_t b = ph[i].p_filesz; b < ph[i].p_memsz; b++)
			assert_int_equal(seg[b], 0);
	}
	free(dst);
}

#define T(f) cmocka_unit_test_setup(f, fresh_copy)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_parse_hv_elf),
		T(test_bad_magic),
		T(test_not_64_bit),
		T(test_big_endian),
		T(test_wrong_machine),
		T(test_not_executable),
		T(test_bad_program_header_table),
		T(test_truncated),
		T(test_segment_past_end),
		T(test_filesz_larger_than_memsz),
		T(test_overlapping_segments),
		T(test_entry_outside_executable_segment),
		T(test_no_loadable_segment),
		T(test_wrapping_vaddr),
		T(test_symbolize_hv_main),
		T(test_symbolize_other_functions),
		T(test_symbolize_outside_functions),
		T(test_symbolize_bad_tables),
		T(test_load_synthetic),
		T(test_load_unordered_segments),
		T(test_load_with_gnu_stack_header),
		T(test_load_hv_elf),
	};

	return cmocka_run_group_tests(tests, load_hv, free_hv);
}
