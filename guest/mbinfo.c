// SPDX-License-Identifier: MIT
/*
 * mbinfo: the state a Multiboot loader leaves a kernel in, as the kernel
 * sees it (Multiboot Specification 0.6.96, 3.2 and 3.3), printed so that
 * the run under the hypervisor can be compared with QEMU's -kernel.
 *
 * It starts in mbinfo_start below, not in entry.asm: in 32-bit protected
 * mode it keeps the GDTR and the loader's descriptors, then reloads CS
 * (far jump to 0x08) and DS, ES, FS, GS, SS (0x10) from the loader's GDT
 * (what GRUB and QEMU allow, although the specification does not promise
 * it) and goes on to entry.asm's _start (guest.mk links it with -e mbinfo_start).
 * A kernel in low memory is guest/mblow/.
 *
 * cmdline show=gdt:  the GDTR limit, the descriptors, the reloaded selectors
 *         show=mods: the modules (file name, string, size, checksum,
 *                    alignment, overlaps) and the memory map
 */
#include "guest/lib/multiboot.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "hv/lib/string.h"

#define GDT_KEPT	8	/* descriptors kept: 0x00 to 0x38 */
#define PAGE		4096u

void kmain(uint32_t magic, uint32_t info);

/* Written by mbinfo_start; in .data, as _start clears .bss. */
extern uint8_t mb_gdtr[6];
extern uint64_t mb_gdt[GDT_KEPT];
extern uint16_t mb_sel[6];		/* cs ds ss es fs gs */

/*
 * No stack yet (the loader gives none): straight-line code. EAX and EBX
 * (magic, information) are left alone for _start.
 */
#define COPY_GDT(to)							\
	"	movzwl mb_gdtr, %ecx\n"					\
	"	incl %ecx\n"						\
	"	cmpl $8 * 8, %ecx\n"					\
	"	jbe 1f\n"						\
	"	movl $8 * 8, %ecx\n"					\
	"1:	movl mb_gdtr + 2, %esi\n"				\
	"	movl $" to ", %edi\n"					\
	"	rep movsb\n"

__asm__(
	".section .data\n"
	".balign 8\n"
	".globl mb_gdtr, mb_gdt, mb_sel\n"
	"mb_gdt: .skip 8 * 8\n"
	"mb_gdtr: .skip 8\n"
	"mb_sel: .skip 12\n"
	".text\n"
	".code32\n"
	".globl mbinfo_start\n"
	".type mbinfo_start, @function\n"
	"mbinfo_start:\n"
	"	cli\n"
	"	cld\n"
	"	sgdt mb_gdtr\n"
	COPY_GDT("mb_gdt")
	"	ljmp $0x08, $2f\n"
	"2:	movw $0x10, %cx\n"
	"	movw %cx, %ds\n"
	"	movw %cx, %es\n"
	"	movw %cx, %fs\n"
	"	movw %cx, %gs\n"
	"	movw %cx, %ss\n"
	"	movw %cs, mb_sel\n"
	"	movw %ds, mb_sel + 2\n"
	"	movw %ss, mb_sel + 4\n"
	"	movw %es, mb_sel + 6\n"
	"	movw %fs, mb_sel + 8\n"
	"	movw %gs, mb_sel + 10\n"
	"	jmp _start\n"
	".size mbinfo_start, . - mbinfo_start\n"
	".code64\n");

extern char __image_start[], __image_end[];

static uint32_t fnv1a(const uint8_t *p, uint64_t n)
{
	uint32_t h = 2166136261u;

	for (uint64_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* Does [a, a + n) overlap the image? */
static int in_image(uint64_t a, uint64_t n)
{
	return a < (uintptr_t)__image_end && (uintptr_t)__image_start < a + n;
}

static const char *yes(int v)
{
	return v ? "yes" : "NO";
}

static void show_gdt(void)
{
	uint16_t limit = (uint16_t)(mb_gdtr[0] | mb_gdtr[1] << 8);
	uint32_t base = mb_gdtr[2] | mb_gdtr[3] << 8 | mb_gdtr[4] << 16 |
			(uint32_t)mb_gdtr[5] << 24;
	static const char *const names[6] = { "cs", "ds", "ss", "es", "fs", "gs" };

	printf("mbinfo: gdtr limit 0x%x\n", limit);
	printf("mbinfo: gdt below 1 MiB and apart from the image: %s\n",
	       yes(base + limit < 0x100000 && !in_image(base, limit + 1u)));
	/*
	 * Without the accessed bit (type bit 0, bit 40): QEMU's GDT is in
	 * its option ROM, read-only memory where the CPU cannot set it.
	 */
	for (unsigned int i = 0; i < GDT_KEPT && 8 * i < limit; i++)
		printf("mbinfo: gdt[0x%02x] 0x%016llx\n", 8 * i,
		       (unsigned long long)(mb_gdt[i] & ~(1ULL << 40)));
	for (unsigned int i = 0; i < 6; i++)
		printf("mbinfo: reloaded %s = 0x%02x\n", names[i], mb_sel[i]);
}

/* "dir/name.txt some words": the name and the words. */
static void split(const char *s, char *name, size_t size, const char **rest)
{
	const char *base = s, *p = s;
	size_t n = 0;

	for (; *p && *p != ' '; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	while (base < p && n + 1 < size)
		name[n++] = *base++;
	name[n] = '\0';
	while (*p == ' ')
		p++;
	*rest = p;
}

static void show_mods(const struct multiboot_info *mi)
{
	const struct multiboot_mod_list *m =
		(const void *)(uintptr_t)mi->mods_addr;
	const struct multiboot_mmap_entry *e;
	uint32_t lower, upper;
	int low = 0, high = 0, hole = 0;

	if (!(mi->flags & MB_INFO_MODS)) {
		printf("mbinfo: no modules (flag bit 3 clear)\n");
		return;
	}
	printf("mbinfo: mods_count %u\n", mi->mods_count);
	for (uint32_t i = 0; i < mi->mods_count && i < 16; i++) {
		const char *rest;
		char name[64];
		int apart = !in_image(m[i].mod_start,
				      m[i].mod_end - m[i].mod_start) &&
			    !in_image((uintptr_t)&m[i], sizeof(m[i])) &&
			    (m[i].mod_end <= (uintptr_t)mi ||
			     m[i].mod_start >= (uintptr_t)(mi + 1));

		for (uint32_t k = 0; k < i; k++)
			if (m[i].mod_start < m[k].mod_end &&
			    m[k].mod_start < m[i].mod_end)
				apart = 0;
		split((const char *)(uintptr_t)m[i].cmdline, name, sizeof(name),
		      &rest);
		printf("mbinfo: module %u: file %s, string \"%s\", %u bytes, "
		       "fnv1a 0x%08x\n", i, name, rest,
		       m[i].mod_end - m[i].mod_start,
		       fnv1a((const uint8_t *)(uintptr_t)m[i].mod_start,
			     m[i].mod_end - m[i].mod_start));
		printf("mbinfo: module %u: page-aligned %s, apart from the "
		       "image, the information and the others %s\n", i,
		       yes(!(m[i].mod_start & (PAGE - 1))), yes(apart));
	}
	if (mb_memory(mi, &lower, &upper) == 0)
		printf("mbinfo: mem_lower %u KiB\n", lower);
	for (e = mb_mmap_first(mi); e; e = mb_mmap_next(mi, e)) {
		uint64_t end = e->base + e->length;

		printf("mbinfo: mmap entry 0x%llx-0x%llx %s\n",
		       (unsigned long long)e->base, (unsigned long long)end,
		       mb_mmap_type_name(e->type));
		if (e->type != MB_MMAP_AVAILABLE)
			continue;
		low |= e->base == 0 && end == 0x9fc00;
		high |= e->base == 0x100000;
		hole |= e->base < 0x100000 && end > 0x9fc00;
	}
	printf("mbinfo: mmap: available 0x0-0x9fc00 %s, from 0x100000 %s, "
	       "in 0x9fc00-0x100000 %s\n", yes(low), yes(high),
	       hole ? "SOME" : "none");
}

void kmain(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mi;
	char show[8];

	trap_init();
	platform_init(magic, info);
	mi = mb_info(magic, info);
	if (!mi) {
		printf("mbinfo: FAIL: no Multiboot information\n");
		platform_exit(1);
	}
	if (mb_cmdline_value(mi, "show", show, sizeof(show)) < 0)
		show[0] = '\0';
	if (!strcmp(show, "gdt"))
		show_gdt();
	else if (!strcmp(show, "mods"))
		show_mods(mi);
	else
		printf("mbinfo: give show=gdt or show=mods (not \"%s\")\n",
		       mb_cmdline_args(mi));
	printf("mbinfo: done\n");
	platform_exit(0);
}
