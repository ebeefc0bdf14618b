// SPDX-License-Identifier: MIT
/*
 * Reading the multiboot information. The loader gives physical addresses;
 * with entry.asm's identity map they are pointers, as long as they lie in
 * the mapped first GiB. Nothing else is trusted: a bad address or a
 * malformed map ends the walk instead of wandering off.
 */
#include "guest/lib/multiboot.h"
#include "guest/lib/paging.h"

#include <stddef.h>

#define MB_CMDLINE_MAX	4096	/* longer than any loader gives */

static const void *mb_ptr(uint64_t addr, uint64_t len)
{
	if (addr == 0 || addr >= PAGING_MAPPED || len > PAGING_MAPPED - addr)
		return NULL;
	return (const void *)(uintptr_t)addr;
}

const struct multiboot_info *mb_info(uint32_t magic, uint32_t addr)
{
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		return NULL;
	return mb_ptr(addr, sizeof(struct multiboot_info));
}

const char *mb_cmdline(const struct multiboot_info *mi)
{
	if (!(mi->flags & MB_INFO_CMDLINE))
		return NULL;
	return mb_ptr(mi->cmdline, MB_CMDLINE_MAX);
}

const char *mb_cmdline_args(const struct multiboot_info *mi)
{
	const char *s = mb_cmdline(mi);

	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	while (*s && *s != ' ')
		s++;			/* the image's name */
	while (*s == ' ')
		s++;
	return s;
}

/* Does the word at @w start with "@key="? Then where its value starts. */
static const char *word_value(const char *w, const char *key)
{
	while (*key && *w == *key)
		w++, key++;
	return !*key && *w == '=' ? w + 1 : NULL;
}

int mb_cmdline_value(const struct multiboot_info *mi, const char *key,
		     char *buf, size_t size)
{
	const char *s = mb_cmdline_args(mi), *v, *found = NULL;
	size_t len = 0, n;

	while (s && *s) {
		v = word_value(s, key);
		if (v)
			found = v;
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	if (!found)
		return -1;
	while (found[len] && found[len] != ' ')
		len++;
	if (size) {
		n = len < size - 1 ? len : size - 1;
		for (size_t i = 0; i < n; i++)
			buf[i] = found[i];
		buf[n] = '\0';
	}
	return (int)len;
}

int mb_memory(const struct multiboot_info *mi, uint32_t *lower, uint32_t *upper)
{
	if (!(mi->flags & MB_INFO_MEMORY))
		return -1;
	*lower = mi->mem_lower;
	*upper = mi->mem_upper;
	return 0;
}

/* @e if it lies wholly inside the map and is sane, else NULL. */
static const struct multiboot_mmap_entry *
mb_mmap_check(const struct multiboot_info *mi, uint64_t e)
{
	uint64_t end = (uint64_t)mi->mmap_addr + mi->mmap_length;
	const struct multiboot_mmap_entry *p;

	if (e + sizeof(*p) > end)
		return NULL;
	p = mb_ptr(e, sizeof(*p));
	if (!p || p->size < sizeof(*p) - 4 || e + 4 + p->size > end)
		return NULL;
	return p;
}

const struct multiboot_mmap_entry *mb_mmap_first(const struct multiboot_info *mi)
{
	if (!(mi->flags & MB_INFO_MMAP))
		return NULL;
	return mb_mmap_check(mi, mi->mmap_addr);
}

const struct multiboot_mmap_entry *mb_mmap_next(const struct multiboot_info *mi,
						const struct multiboot_mmap_entry *e)
{
	return mb_mmap_check(mi, (uint64_t)(uintptr_t)e + 4 + e->size);
}

const char *mb_mmap_type_name(uint32_t type)
{
	switch (type) {
	case 1:	return "available";
	case 2:	return "reserved";
	case 3:	return "ACPI";		/* reclaimable after reading the tables */
	case 4:	return "NVS";		/* preserve across hibernation */
	case 5:	return "bad";
	default: return "unknown";
	}
}
