// SPDX-License-Identifier: MIT
/*
 * The hypervisor's own page tables, replacing the loader's:
 *   - physical memory identity-mapped read/write, never executable, with
 *     2 MiB pages: a physical address is a pointer;
 *   - the image at its link address with 4 KiB pages and per-section
 *     rights: .text read/execute, .rodata read-only, .data/.bss read/write.
 * NX needs EFER.NXE (SDM Vol. 3A, 4.1.4); CR0.WP makes read-only hold for
 * the hypervisor itself (SDM 4.6.1).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/paging.h"
#include "boot_info.h"
#include "hv/arch.h"
#include "hv/panic.h"
#include "hv/pmm.h"
#include "hv/printk.h"

/* From linker.ld. */
extern const char __text_start[], __text_end[], __rodata_start[],
	__rodata_end[], __data_start[], __hv_end[];

static void *table_alloc(void *ctx, uint64_t *phys)
{
	(void)ctx;
	return alloc_pages_zeroed(1, PAGE_SIZE, phys);
}

static void *identity(void *ctx, uint64_t phys)
{
	(void)ctx;
	return (void *)phys;
}

static const struct pt_ops hv_pt_ops = {
	.alloc_page = table_alloc,
	.phys_to_virt = identity,
};

static void map_section(uint64_t root, const struct boot_info *bi,
			const char *start, const char *end, uint64_t flags,
			const char *what)
{
	uint64_t va = (uint64_t)start;
	uint64_t pa = bi->hv_phys_base + (va - bi->hv_virt_base);

	if (pt_map(&hv_pt_ops, root, va, pa, (uint64_t)(end - start), flags, 0))
		panic("mmu: cannot map the hypervisor's %s", what);
}

void arch_mm_init(const struct boot_info *bi)
{
	uint64_t root = pt_create(&hv_pt_ops);

	if (!root)
		panic("mmu: no memory for the top-level page table");
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	if (pt_map(&hv_pt_ops, root, 0, 0, bi->identity_limit,
		   PTE_W | PTE_NX, PT_MAP_ALLOW_2M))
		panic("mmu: cannot identity-map %llu GiB",
		      (unsigned long long)(bi->identity_limit >> 30));
	map_section(root, bi, __text_start, __text_end, 0, ".text");
	map_section(root, bi, __rodata_start, __rodata_end, PTE_NX, ".rodata");
	map_section(root, bi, __data_start, __hv_end, PTE_W | PTE_NX,
		    ".data/.bss");
	write_cr3(root);
	write_cr0(read_cr0() | CR0_WP);
	printk("mmu: own page tables at 0x%llx: identity map of %llu GiB (NX), "
	       "image .text RX / .rodata R / .data RW\n",
	       (unsigned long long)root,
	       (unsigned long long)(bi->identity_limit >> 30));
}
