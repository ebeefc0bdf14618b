// SPDX-License-Identifier: MIT
/* Multiboot v1 loading and boot information (see multiboot.h). */
#include "hv/multiboot.h"

#include "hv/boot_gdt.h"
#include "hv/lib/format.h"
#include "hv/memmap.h"

#define MB_FLAG_PAGE_ALIGN	(1u << 0)
#define MB_FLAG_MEMORY_INFO	(1u << 1)
#define MB_FLAG_AOUT_KLUDGE	(1u << 16)
#define MB_FLAGS_UNDERSTOOD	(MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMORY_INFO)

#define ELFCLASS32	1
#define EM_386		3
#define ET_EXEC		2
#define PT_LOAD		1

#define PAGE		4096u

/* The loader's block: GDT, then the information, then the rest. */
#define BLOCK_GDT	0
#define BLOCK_MBI	(8 * BOOT_MULTIBOOT_GDT_ENTRIES)
#define BLOCK_MMAP	128u
#define BLOCK_ALIGN	16u

_Static_assert(BLOCK_MBI + sizeof(struct multiboot_info) <= BLOCK_MMAP,
	       "the information fits between the GDT and the memory map");

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

/* Where each segment's bytes come from in the file. */
struct seg_src {
	uint64_t offset, filesz;
};

#define fail(...) (hv_snprintf(why, MULTIBOOT_WHY_MAX, __VA_ARGS__), \
		   MULTIBOOT_BAD_IMAGE)

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
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

static uint64_t str_len(const char *s)
{
	uint64_t n = 0;

	while (s && s[n])
		n++;
	return n;
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
 * A segment must lie in RAM a PC has: conventional memory below the EBDA
 * or RAM from 1 MiB (hv/memmap.h). The hole between holds the EBDA, the
 * VGA window, option ROMs and the BIOS, which no loader writes a kernel
 * over.
 */
static int check_range(uint64_t start, uint64_t len, uint64_t ram_size,
		       char *why, int seg)
{
	uint64_t end = start + len;
	char name[24];

	if (seg < 0)
		hv_snprintf(name, sizeof(name), "the image");
	else
		hv_snprintf(name, sizeof(name), "segment %d", seg);
	if (end < start || end > ram_size)
		return fail("%s at 0x%llx-0x%llx does not fit guest RAM "
			    "(0x0-0x%llx and 0x%llx-0x%llx)", name,
			    (unsigned long long)start, (unsigned long long)end,
			    GUEST_LOW_RAM_END, GUEST_HIGH_RAM_START,
			    (unsigned long long)ram_size);
	if (end > GUEST_LOW_RAM_END && start < GUEST_HIGH_RAM_START)
		return fail("%s at 0x%llx-0x%llx is in the PC's hole "
			    "0x%llx-0x%llx (EBDA, VGA, ROMs, BIOS), not RAM",
			    name, (unsigned long long)start,
			    (unsigned long long)end, GUEST_LOW_RAM_END,
			    GUEST_HIGH_RAM_START);
	return 0;
}

static int parse_aout_kludge(const struct multiboot_guest *g,
			     const struct mb_header *h, size_t hdr_off,
			     struct multiboot_layout *l, struct seg_src *src,
			     char *why)
{
	/* The file offset of load_addr follows from the header's position. */
	uint64_t file_start = hdr_off - (uint64_t)(h->header_addr - h->load_addr);
	uint64_t load_end = h->load_end_addr ? h->load_end_addr :
			    h->load_addr + (g->size - file_start);
	uint64_t bss_end = h->bss_end_addr ? h->bss_end_addr : load_end;

	if (h->header_addr < h->load_addr || file_start > g->size ||
	    load_end < h->load_addr ||
	    load_end - h->load_addr > g->size - file_start || bss_end < load_end)
		return fail("inconsistent a.out kludge addresses in the Multiboot header");
	if (check_range(h->load_addr, bss_end - h->load_addr, g->ram_size,
			why, -1))
		return MULTIBOOT_BAD_IMAGE;
	if (h->entry_addr < h->load_addr || h->entry_addr >= load_end)
		return fail("entry point 0x%x is outside the loaded image",
			    h->entry_addr);
	l->nsegs = 1;
	l->seg[0] = (struct multiboot_range){ h->load_addr, (uint32_t)bss_end };
	src[0] = (struct seg_src){ file_start, load_end - h->load_addr };
	l->entry = h->entry_addr;
	return 0;
}

static int parse_elf32(const struct multiboot_guest *g,
		       struct multiboot_layout *l, struct seg_src *src,
		       char *why)
{
	const uint8_t *image = g->image;
	size_t size = g->size;
	const struct elf32_ehdr *eh = (const void *)image;
	int entry_ok = 0;

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

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const struct elf32_phdr *ph = (const void *)(image + eh->e_phoff +
						i * sizeof(struct elf32_phdr));
		uint64_t start = ph->p_paddr, end = start + ph->p_memsz;

		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		if (ph->p_filesz > ph->p_memsz || ph->p_offset > size ||
		    ph->p_filesz > size - ph->p_offset)
			return fail("segment %u lies past the end of the file", i);
		/* Multiboot loads at physical addresses (p_paddr). */
		if (check_range(start, ph->p_memsz, g->ram_size, why, (int)i))
			return MULTIBOOT_BAD_IMAGE;
		for (unsigned int k = 0; k < l->nsegs; k++)
			if (start < l->seg[k].end && l->seg[k].start < end)
				return fail("segment %u at 0x%llx-0x%llx overlaps "
					    "another at 0x%x-0x%x", i,
					    (unsigned long long)start,
					    (unsigned long long)end,
					    l->seg[k].start, l->seg[k].end);
		if (l->nsegs == MULTIBOOT_SEGMENTS_MAX)
			return fail("more than %d loadable segments",
				    MULTIBOOT_SEGMENTS_MAX);
		src[l->nsegs] = (struct seg_src){ ph->p_offset, ph->p_filesz };
		l->seg[l->nsegs++] = (struct multiboot_range){
			(uint32_t)start, (uint32_t)end };
		if (eh->e_entry >= start && eh->e_entry < end)
			entry_ok = 1;
	}
	if (!l->nsegs)
		return fail("no loadable segments");
	if (!entry_ok)
		return fail("entry point 0x%x is not in a loaded segment",
			    eh->e_entry);
	l->entry = eh->e_entry;
	return 0;
}

static int parse_image(const struct multiboot_guest *g,
		       struct multiboot_layout *l, struct seg_src *src,
		       char *why)
{
	size_t off;
	const uint8_t *p = find_header(g->image, g->size, &off);
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
	if (!(h.flags & MB_FLAG_AOUT_KLUDGE))
		return parse_elf32(g, l, src, why);
	if (off + sizeof(h) > g->size)
		return fail("truncated Multiboot header");
	h.header_addr = rd32(p + 12);
	h.load_addr = rd32(p + 16);
	h.load_end_addr = rd32(p + 20);
	h.bss_end_addr = rd32(p + 24);
	h.entry_addr = rd32(p + 28);
	return parse_aout_kludge(g, &h, off, l, src, why);
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/*
 * The first @align-aligned place of @size bytes at or after @from, in RAM
 * (hv/memmap.h), clear of the segments and of the first @nmods modules.
 * 0 if there is none (0 is never a candidate: @from is above it).
 */
static uint64_t find_free(const struct multiboot_layout *l, unsigned int nmods,
			  uint64_t ram_size, uint64_t from, uint64_t size,
			  uint64_t align)
{
	struct guest_region r[GUEST_REGIONS_MAX];
	size_t n = guest_memory_map(ram_size, r, GUEST_REGIONS_MAX);
	uint64_t need = size ? size : 1;

	for (size_t i = 0; i < n; i++) {
		uint64_t end = r[i].start + r[i].len, at;
		int moved = 1;

		if (r[i].type != GUEST_REGION_RAM || end > ram_size ||
		    end <= from)
			continue;
		at = align_up(r[i].start > from ? r[i].start : from, align);
		while (moved && at + need <= end) {
			moved = 0;
			for (unsigned int k = 0; k < l->nsegs + nmods; k++) {
				const struct multiboot_range *u = k < l->nsegs ?
					&l->seg[k] : &l->mod[k - l->nsegs];

				if (at < u->end && u->start < at + need) {
					at = align_up(u->end, align);
					moved = 1;
				}
			}
		}
		if (at + need <= end)
			return at;
	}
	return 0;
}

/* The loader's block: its size, and where each part is in it. */
static uint64_t plan_block(const struct multiboot_guest *g,
			   struct multiboot_layout *l)
{
	uint64_t off = BLOCK_MMAP;

	l->mmap_length = l->mmap_entries * sizeof(struct multiboot_mmap_entry);
	off += l->mmap_length;
	l->mods = (uint32_t)off;
	off += g->nmods * sizeof(struct multiboot_mod_list);
	l->cmdline = (uint32_t)off;
	off += str_len(g->path) + (str_len(g->args) ? 1 : 0) +
	       str_len(g->args) + 1;
	l->loader_name = (uint32_t)off;
	off += sizeof(MULTIBOOT_LOADER_NAME);
	l->strings = (uint32_t)off;
	for (unsigned int i = 0; i < g->nmods; i++)
		off += str_len(g->mods[i].string) + 1;
	return off;
}

static int plan(const struct multiboot_guest *g, struct multiboot_layout *l,
		struct seg_src *src, char *why)
{
	struct guest_region r[GUEST_REGIONS_MAX];
	uint64_t cursor, size, at;
	int rc;

	*l = (struct multiboot_layout){ .bad_module = -1 };
	rc = parse_image(g, l, src, why);
	if (rc)
		return rc;
	l->kernel_start = l->seg[0].start;
	for (unsigned int i = 0; i < l->nsegs; i++) {
		if (l->seg[i].start < l->kernel_start)
			l->kernel_start = l->seg[i].start;
		if (l->seg[i].end > l->kernel_end)
			l->kernel_end = l->seg[i].end;
	}
	l->mmap_entries = (unsigned int)guest_memory_map(g->ram_size, r,
							 GUEST_REGIONS_MAX);
	if (!l->mmap_entries)
		return fail("guest RAM of %llu KiB is no PC's",
			    (unsigned long long)(g->ram_size >> 10));
	if (g->nmods > MULTIBOOT_MODULES_MAX)
		return fail("more than %d modules", MULTIBOOT_MODULES_MAX);

	/* Modules: page-aligned, one after the other, after the kernel. */
	cursor = align_up(l->kernel_end, PAGE);
	for (unsigned int i = 0; i < g->nmods; i++) {
		size = g->mods[i].size;
		at = size < g->ram_size ?
		     find_free(l, i, g->ram_size, cursor, size, PAGE) : 0;
		if (!at) {
			l->bad_module = (int)i;
			hv_snprintf(why, MULTIBOOT_WHY_MAX,
				    "module of %llu bytes does not fit the "
				    "guest's RAM after the kernel (RAM ends at "
				    "0x%llx)", (unsigned long long)size,
				    (unsigned long long)g->ram_size);
			return MULTIBOOT_BAD_MODULE;
		}
		l->mod[i] = (struct multiboot_range){ (uint32_t)at,
						      (uint32_t)(at + size) };
		cursor = align_up(at + size, PAGE);
	}

	/* The loader's block, where nothing else is. */
	size = plan_block(g, l);
	at = size < g->ram_size ? find_free(l, g->nmods, g->ram_size,
					    MULTIBOOT_INFO_FROM, size,
					    BLOCK_ALIGN) : 0;
	if (!at)
		return fail("no room left in guest RAM for the boot information "
			    "(%llu bytes) beside the image and the modules",
			    (unsigned long long)size);
	l->info = (struct multiboot_range){ (uint32_t)at, (uint32_t)(at + size) };
	l->gdt = (uint32_t)at + BLOCK_GDT;
	l->gdt_limit = 8 * BOOT_MULTIBOOT_GDT_ENTRIES - 1;
	l->mbi = (uint32_t)at + BLOCK_MBI;
	l->mmap = (uint32_t)at + BLOCK_MMAP;
	l->mods += (uint32_t)at;
	l->cmdline += (uint32_t)at;
	l->loader_name += (uint32_t)at;
	l->strings += (uint32_t)at;
	return 0;
}

int multiboot_plan(const struct multiboot_guest *g, struct multiboot_layout *l,
		   char why[MULTIBOOT_WHY_MAX])
{
	struct seg_src src[MULTIBOOT_SEGMENTS_MAX];

	return plan(g, l, src, why);
}

static char *put_str(uint8_t *ram, uint32_t at, const char *s)
{
	uint64_t n = str_len(s);

	copy(ram + at, (const uint8_t *)s, n);
	ram[at + n] = 0;
	return (char *)ram + at + n + 1;
}

/* Structures go in by bytes: guest RAM need not be aligned for the host. */
static void write_info(uint8_t *ram, const struct multiboot_guest *g,
		       const struct multiboot_layout *l)
{
	struct multiboot_info mbi = { 0 };
	struct guest_region r[GUEST_REGIONS_MAX];
	uint32_t s = l->strings;
	char *cl;

	zero(ram + l->info.start, l->info.end - l->info.start);
	boot_gdt_write_multiboot(ram + l->gdt);

	guest_memory_map(g->ram_size, r, GUEST_REGIONS_MAX);
	for (unsigned int i = 0; i < l->mmap_entries; i++) {
		struct multiboot_mmap_entry mm = {
			.size = sizeof(mm) - 4, .addr = r[i].start,
			.len = r[i].len, .type = r[i].type };

		copy(ram + l->mmap + i * sizeof(mm), (const uint8_t *)&mm,
		     sizeof(mm));
	}

	/* "image args", the kernel's name first, as GRUB and QEMU pass it. */
	cl = put_str(ram, l->cmdline, g->path) - 1;
	if (str_len(g->args)) {
		*cl = ' ';
		put_str(ram, (uint32_t)(cl + 1 - (char *)ram), g->args);
	}
	put_str(ram, l->loader_name, MULTIBOOT_LOADER_NAME);
	for (unsigned int i = 0; i < g->nmods; i++) {
		struct multiboot_mod_list m = {
			.mod_start = l->mod[i].start, .mod_end = l->mod[i].end,
			.cmdline = s };

		copy(ram + l->mods + i * sizeof(m), (const uint8_t *)&m,
		     sizeof(m));
		s = (uint32_t)(put_str(ram, s, g->mods[i].string) -
			       (char *)ram);
	}

	mbi.flags = MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE |
		    MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_LOADER_NAME;
	/* What SeaBIOS reports below the EBDA, and RAM from 1 MiB. */
	mbi.mem_lower = (uint32_t)(GUEST_LOW_RAM_END >> 10);
	mbi.mem_upper = (uint32_t)((g->ram_size - GUEST_HIGH_RAM_START) >> 10);
	mbi.cmdline = l->cmdline;
	mbi.mmap_addr = l->mmap;
	mbi.mmap_length = l->mmap_length;
	mbi.boot_loader_name = l->loader_name;
	if (g->nmods) {
		mbi.flags |= MULTIBOOT_INFO_MODS;
		mbi.mods_count = g->nmods;
		mbi.mods_addr = l->mods;
	}
	copy(ram + l->mbi, (const uint8_t *)&mbi, sizeof(mbi));
}

int multiboot_load(uint8_t *ram, const struct multiboot_guest *g,
		   struct multiboot_layout *l, char why[MULTIBOOT_WHY_MAX])
{
	struct seg_src src[MULTIBOOT_SEGMENTS_MAX];
	int rc = plan(g, l, src, why);

	if (rc)
		return rc;
	for (unsigned int i = 0; i < l->nsegs; i++) {
		const struct multiboot_range *s = &l->seg[i];

		copy(ram + s->start, g->image + src[i].offset, src[i].filesz);
		zero(ram + s->start + src[i].filesz,
		     s->end - s->start - src[i].filesz);
	}
	for (unsigned int i = 0; i < g->nmods; i++)
		copy(ram + l->mod[i].start, g->mods[i].data, g->mods[i].size);
	write_info(ram, g, l);
	return 0;
}
