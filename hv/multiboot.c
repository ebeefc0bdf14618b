// SPDX-License-Identifier: MIT
/* Multiboot v1 loading and boot information (see multiboot.h). */
#include "hv/multiboot.h"

#include "hv/lib/format.h"

#define MB_FLAG_PAGE_ALIGN	(1u << 0)
#define MB_FLAG_MEMORY_INFO	(1u << 1)
#define MB_FLAG_AOUT_KLUDGE	(1u << 16)
#define MB_FLAGS_UNDERSTOOD	(MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMORY_INFO)

#define ELFCLASS32	1
#define EM_386		3
#define ET_EXEC		2
#define PT_LOAD		1

struct mb_header {
	uint32_t magic, flags, checksum;
	/* With the a.out kludge (flag 16): */
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr;
};

struct elf32_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf32_phdr {
	uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz,
		 p_flags, p_align;
};

#define fail(...) (hv_snprintf(why, MULTIBOOT_WHY_MAX, __VA_ARGS__), -1)

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static const uint8_t *find_header(const uint8_t *image, size_t size,
				  size_t *offset)
{
	/* The whole header within the first 8 KiB (Multiboot 3.1.1). */
	for (size_t off = 0; off + 12 <= size && off + 12 <= MULTIBOOT_SEARCH;
	     off += 4) {
		uint32_t magic = rd32(image + off), flags = rd32(image + off + 4);

		if (magic == MULTIBOOT_HEADER_MAGIC &&
		    magic + flags + rd32(image + off + 8) == 0) {
			*offset = off;
			return image + off;
		}
	}
	return NULL;
}

/*
 * Where the image may go: [MBI_END, ram_size), so that neither the
 * boot information nor the real-mode area below it is overwritten.
 */
static int check_range(uint64_t start, uint64_t len, uint64_t ram_size,
		       char *why, const char *what)
{
	if (start < MBI_END || start + len > ram_size || start + len < start)
		return fail("%s at 0x%llx-0x%llx does not fit guest RAM "
			    "0x%x-0x%llx", what, (unsigned long long)start,
			    (unsigned long long)(start + len), MBI_END,
			    (unsigned long long)ram_size);
	return 0;
}

static void copy(uint8_t *dst, const uint8_t *src, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		dst[i] = src[i];
}

static void zero(uint8_t *dst, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		dst[i] = 0;
}

static int load_aout_kludge(uint8_t *ram, uint64_t ram_size,
			    const uint8_t *image, size_t size,
			    const struct mb_header *h, size_t hdr_off,
			    uint32_t *entry, char *why)
{
	/* The file offset of load_addr follows from the header's position. */
	uint64_t file_start = hdr_off - (uint64_t)(h->header_addr - h->load_addr);
	uint64_t load_end = h->load_end_addr ? h->load_end_addr :
			    h->load_addr + (size - file_start);
	uint64_t bss_end = h->bss_end_addr ? h->bss_end_addr : load_end;

	if (h->header_addr < h->load_addr || file_start > size ||
	    load_end < h->load_addr || load_end - h->load_addr > size - file_start ||
	    bss_end < load_end)
		return fail("inconsistent a.out kludge addresses in the Multiboot header");
	if (check_range(h->load_addr, bss_end - h->load_addr, ram_size, why,
			"the image"))
		return -1;
	copy(ram + h->load_addr, image + file_start, load_end - h->load_addr);
	zero(ram + load_end, bss_end - load_end);
	if (h->entry_addr < h->load_addr || h->entry_addr >= load_end)
		return fail("entry point 0x%x is outside the loaded image",
			    h->entry_addr);
	*entry = h->entry_addr;
	return 0;
}

static int load_elf32(uint8_t *ram, uint64_t ram_size, const uint8_t *image,
		      size_t size, uint32_t *entry, char *why)
{
	const struct elf32_ehdr *eh = (const void *)image;
	int entry_ok = 0, loaded = 0;

	if (size < sizeof(*eh) || image[0] != 0x7f || image[1] != 'E' ||
	    image[2] != 'L' || image[3] != 'F')
		return fail("not an ELF file and no a.out kludge in the Multiboot header");
	if (eh->e_ident[4] != ELFCLASS32)
		return fail("a Multiboot (v1) kernel must be a 32-bit ELF file");
	if (eh->e_machine != EM_386 || eh->e_type != ET_EXEC)
		return fail("not an i386 executable ELF file");
	if (eh->e_phentsize != sizeof(struct elf32_phdr) || !eh->e_phnum ||
	    eh->e_phoff > size || eh->e_phoff % 4 ||
	    (uint64_t)eh->e_phnum * sizeof(struct elf32_phdr) > size - eh->e_phoff)
		return fail("truncated or missing program headers");

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const struct elf32_phdr *ph = (const void *)(image + eh->e_phoff +
						i * sizeof(struct elf32_phdr));

		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		if (ph->p_filesz > ph->p_memsz || ph->p_offset > size ||
		    ph->p_filesz > size - ph->p_offset)
			return fail("segment %u lies past the end of the file", i);
		/* Multiboot loads at physical addresses (p_paddr). */
		if (check_range(ph->p_paddr, ph->p_memsz, ram_size, why,
				"a segment"))
			return -1;
		copy(ram + ph->p_paddr, image + ph->p_offset, ph->p_filesz);
		zero(ram + ph->p_paddr + ph->p_filesz, ph->p_memsz - ph->p_filesz);
		loaded++;
		if (eh->e_entry >= ph->p_paddr &&
		    eh->e_entry - ph->p_paddr < ph->p_memsz)
			entry_ok = 1;
	}
	if (!loaded)
		return fail("no loadable segments");
	if (!entry_ok)
		return fail("entry point 0x%x is not in a loaded segment",
			    eh->e_entry);
	*entry = eh->e_entry;
	return 0;
}

int multiboot_load(uint8_t *ram, uint64_t ram_size, const uint8_t *image,
		   size_t size, uint32_t *entry, char why[MULTIBOOT_WHY_MAX])
{
	size_t off;
	const uint8_t *p = find_header(image, size, &off);
	struct mb_header h = { 0 };
	uint32_t unknown;

	if (!p)
		return fail("no Multiboot header in the first %d bytes",
			    MULTIBOOT_SEARCH);
	h.magic = rd32(p);
	h.flags = rd32(p + 4);
	unknown = h.flags & 0xffff & ~MB_FLAGS_UNDERSTOOD;
	if (unknown)
		return fail("the Multiboot header requires features this loader "
			    "does not provide (flags 0x%x; video mode is bit 2)",
			    unknown);
	if (h.flags & MB_FLAG_AOUT_KLUDGE) {
		if (off + sizeof(h) > size)
			return fail("truncated Multiboot header");
		h.header_addr = rd32(p + 12);
		h.load_addr = rd32(p + 16);
		h.load_end_addr = rd32(p + 20);
		h.bss_end_addr = rd32(p + 24);
		h.entry_addr = rd32(p + 28);
		return load_aout_kludge(ram, ram_size, image, size, &h, off,
					entry, why);
	}
	return load_elf32(ram, ram_size, image, size, entry, why);
}

uint32_t multiboot_build_info(uint8_t *ram, uint64_t ram_size,
			      const char *image, const char *args)
{
	struct multiboot_info *mbi = (void *)(ram + MBI_GPA);
	struct multiboot_mmap_entry *mm = (void *)(ram + MBI_MMAP_GPA);
	char *cl = (char *)ram + MBI_CMDLINE_GPA;
	char *name = (char *)ram + MBI_LOADER_NAME_GPA;

	zero(ram + MBI_GPA, MBI_END - MBI_GPA);
	/* Exactly the guest's RAM: one available region. */
	*mm = (struct multiboot_mmap_entry){ .size = sizeof(*mm) - 4,
					     .addr = 0, .len = ram_size,
					     .type = 1 };
	hv_snprintf(cl, MBI_LOADER_NAME_GPA - MBI_CMDLINE_GPA, "%s%s%s", image,
		    args[0] ? " " : "", args);
	hv_snprintf(name, MBI_END - MBI_LOADER_NAME_GPA, "EduHV");

	mbi->flags = MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE |
		     MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_LOADER_NAME;
	mbi->mem_lower = 640;
	mbi->mem_upper = (uint32_t)((ram_size - (1u << 20)) >> 10);
	mbi->cmdline = MBI_CMDLINE_GPA;
	mbi->mmap_addr = MBI_MMAP_GPA;
	mbi->mmap_length = sizeof(*mm);
	mbi->boot_loader_name = MBI_LOADER_NAME_GPA;
	return MBI_GPA;
}
