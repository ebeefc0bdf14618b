// SPDX-License-Identifier: MIT
/* ELF64 validation, loading and symbol lookup (see elf.h). */
#include "hv/elf.h"

#include "hv/lib/format.h"

#define PAGE_MASK_4K 0xfffULL

static int bad(char *why, const char *msg)
{
	hv_snprintf(why, ELF_WHY_MAX, "%s", msg);
	return -1;
}

/* Is [off, off + len) inside a file of @size bytes, without wrapping? */
static int in_file(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

int elf64_parse(struct elf_image *img, const void *data, size_t size,
		char why[ELF_WHY_MAX])
{
	const struct elf64_ehdr *eh = data;
	uint64_t lo = UINT64_MAX, hi = 0;
	int entry_ok = 0;

	if (size < sizeof(*eh))
		return bad(why, "too small to be an ELF file");
	if (eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' ||
	    eh->e_ident[2] != 'L' || eh->e_ident[3] != 'F')
		return bad(why, "not an ELF file (bad magic)");
	if (eh->e_ident[4] != 2)
		return bad(why, "not a 64-bit ELF file");
	if (eh->e_ident[5] != 1)
		return bad(why, "not a little-endian ELF file");
	if (eh->e_type != ET_EXEC)
		return bad(why, "not an executable (ELF type is not EXEC)");
	if (eh->e_machine != EM_X86_64)
		return bad(why, "not an x86-64 executable");
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0)
		return bad(why, "no usable program headers");
	if (!in_file(eh->e_phoff,
		     (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr), size))
		return bad(why, "truncated: program headers lie past the end of the file");
	if (eh->e_phoff % 8)
		return bad(why, "misaligned program headers");

	img->data = data;
	img->size = size;
	img->eh = eh;

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = elf64_phdr(img, i);
		uint64_t end;

		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_filesz > ph->p_memsz) {
			hv_snprintf(why, ELF_WHY_MAX,
				    "segment %u: file size larger than memory size", i);
			return -1;
		}
		if (!in_file(ph->p_offset, ph->p_filesz, size)) {
			hv_snprintf(why, ELF_WHY_MAX,
				    "truncated: segment %u lies past the end of the file (%zu bytes)",
				    i, size);
			return -1;
		}
		end = ph->p_vaddr + ph->p_memsz;
		if (end < ph->p_vaddr || end > UINT64_MAX - PAGE_MASK_4K) {
			hv_snprintf(why, ELF_WHY_MAX,
				    "segment %u wraps the address space", i);
			return -1;
		}
		for (unsigned j = 0; j < i; j++) {
			const struct elf64_phdr *o = elf64_phdr(img, j);

			if (o->p_type == PT_LOAD && ph->p_memsz && o->p_memsz &&
			    ph->p_vaddr < o->p_vaddr + o->p_memsz &&
			    o->p_vaddr < end) {
				hv_snprintf(why, ELF_WHY_MAX,
					    "segments %u and %u overlap", j, i);
				return -1;
			}
		}
		if (ph->p_vaddr < lo)
			lo = ph->p_vaddr;
		if (end > hi)
			hi = end;
		if ((ph->p_flags & PF_X) && eh->e_entry >= ph->p_vaddr &&
		    eh->e_entry < end)
			entry_ok = 1;
	}
	if (hi == 0)
		return bad(why, "no loadable segments");
	if (!entry_ok)
		return bad(why, "entry point is not inside an executable segment");

	img->vaddr_lo = lo & ~PAGE_MASK_4K;
	img->vaddr_hi = (hi + PAGE_MASK_4K) & ~PAGE_MASK_4K;
	img->entry = eh->e_entry;
	return 0;
}

const struct elf64_phdr *elf64_phdr(const struct elf_image *img, unsigned i)
{
	return (const struct elf64_phdr *)(img->data + img->eh->e_phoff) + i;
}

void elf64_load(const struct elf_image *img, void *dst)
{
	uint8_t *out = dst;
	uint64_t span = img->vaddr_hi - img->vaddr_lo;

	for (uint64_t i = 0; i < span; i++)
		out[i] = 0;
	for (unsigned i = 0; i < img->eh->e_phnum; i++) {
		const struct elf64_phdr *ph = elf64_phdr(img, i);
		uint8_t *seg;

		if (ph->p_type != PT_LOAD)
			continue;	/* its address may be anything */
		seg = out + (ph->p_vaddr - img->vaddr_lo);
		for (uint64_t b = 0; b < ph->p_filesz; b++)
			seg[b] = img->data[ph->p_offset + b];
	}
}

static const struct elf64_shdr *section(const struct elf_image *img,
					unsigned i)
{
	const struct elf64_ehdr *eh = img->eh;

	if (eh->e_shentsize != sizeof(struct elf64_shdr) || i >= eh->e_shnum ||
	    eh->e_shoff % 8 ||
	    !in_file(eh->e_shoff,
		     (uint64_t)eh->e_shnum * sizeof(struct elf64_shdr),
		     img->size))
		return NULL;
	return (const struct elf64_shdr *)(img->data + eh->e_shoff) + i;
}

const char *elf64_symbolize(const struct elf_image *img, uint64_t addr,
			    uint64_t *offset)
{
	const struct elf64_shdr *symtab = NULL, *strtab;
	const struct elf64_sym *best = NULL;

	for (unsigned i = 0; i < img->eh->e_shnum; i++) {
		const struct elf64_shdr *sh = section(img, i);

		if (sh && sh->sh_type == SHT_SYMTAB) {
			symtab = sh;
			break;
		}
	}
	if (!symtab || symtab->sh_entsize != sizeof(struct elf64_sym) ||
	    symtab->sh_offset % 8 ||
	    !in_file(symtab->sh_offset, symtab->sh_size, img->size))
		return NULL;
	strtab = section(img, symtab->sh_link);
	if (!strtab || !in_file(strtab->sh_offset, strtab->sh_size, img->size))
		return NULL;

	for (uint64_t i = 0; i < symtab->sh_size / sizeof(struct elf64_sym); i++) {
		const struct elf64_sym *s = (const struct elf64_sym *)
			(img->data + symtab->sh_offset) + i;

		/* Only sized functions count: the asm stubs declare sizes too. */
		if ((s->st_info & 0xf) != STT_FUNC || s->st_name >= strtab->sh_size)
			continue;
		if (addr >= s->st_value && addr - s->st_value < s->st_size) {
			best = s;
			break;
		}
	}
	if (!best)
		return NULL;
	/* The name must be NUL-terminated inside .strtab. */
	for (uint64_t n = best->st_name; n < strtab->sh_size; n++)
		if (img->data[strtab->sh_offset + n] == '\0') {
			*offset = addr - best->st_value;
			return (const char *)img->data + strtab->sh_offset +
			       best->st_name;
		}
	return NULL;
}
