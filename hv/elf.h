/* SPDX-License-Identifier: MIT */
/*
 * ELF64 executables: validation, loading and symbol lookup. Freestanding,
 * shared by the loader (it loads hv.elf), the hypervisor (it symbolizes
 * backtraces from its own ELF file) and the host unit tests.
 */
#ifndef HV_ELF_H
#define HV_ELF_H

#include <stddef.h>
#include <stdint.h>

#define EM_X86_64	62
#define ET_EXEC		2
#define PT_LOAD		1
#define PF_X		1
#define PF_W		2
#define PF_R		4
#define SHT_SYMTAB	2
#define STT_FUNC	2

struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

struct elf64_shdr {
	uint32_t sh_name;
	uint32_t sh_type;
	uint64_t sh_flags;
	uint64_t sh_addr;
	uint64_t sh_offset;
	uint64_t sh_size;
	uint32_t sh_link;
	uint32_t sh_info;
	uint64_t sh_addralign;
	uint64_t sh_entsize;
};

struct elf64_sym {
	uint32_t st_name;
	uint8_t st_info;
	uint8_t st_other;
	uint16_t st_shndx;
	uint64_t st_value;
	uint64_t st_size;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header");
_Static_assert(sizeof(struct elf64_shdr) == 64, "ELF64 section header");
_Static_assert(sizeof(struct elf64_sym) == 24, "ELF64 symbol");

/* A validated executable: every PT_LOAD lies inside the file. */
struct elf_image {
	const uint8_t *data;
	size_t size;
	const struct elf64_ehdr *eh;
	uint64_t vaddr_lo;	/* lowest PT_LOAD address, page aligned down */
	uint64_t vaddr_hi;	/* end of the highest, page aligned up */
	uint64_t entry;
};

#define ELF_WHY_MAX 128

/*
 * Validate @data as an x86-64 ELF64 executable whose loadable segments fit
 * the file and do not overlap, with the entry point in an executable one.
 * Returns 0, or -1 and one line in @why.
 */
int elf64_parse(struct elf_image *img, const void *data, size_t size,
		char why[ELF_WHY_MAX]);

const struct elf64_phdr *elf64_phdr(const struct elf_image *img, unsigned i);

/*
 * Copy every PT_LOAD segment into @dst, which stands for the virtual range
 * [vaddr_lo, vaddr_hi), and zero the rest (.bss and the gaps).
 */
void elf64_load(const struct elf_image *img, void *dst);

/*
 * The function symbol containing @addr and the offset into it, or NULL.
 * Works on any validated image that kept its .symtab.
 */
const char *elf64_symbolize(const struct elf_image *img, uint64_t addr,
			    uint64_t *offset);

#endif
