// SPDX-License-Identifier: MIT
/*
 * The last steps of the loader: page tables for the hypervisor, the final
 * memory map, ExitBootServices() and the jump.
 */
#include <efi.h>
#include <efilib.h>

#include "arch/x86/paging.h"
#include "boot/console.h"
#include "boot/files.h"
#include "boot/handoff.h"
#include "boot/mmap.h"

/* Table pages come from one pool allocated up front. */
struct pool {
	UINT8 *base;
	UINT64 used, pages;
};

static void *pool_alloc(void *ctx, uint64_t *phys)
{
	struct pool *p = ctx;
	void *page;

	if (p->used == p->pages)
		return NULL;
	page = p->base + p->used++ * EFI_PAGE_SIZE;
	*phys = (uint64_t)page;		/* UEFI runs identity-mapped */
	return page;
}

static void *identity(void *ctx, uint64_t phys)
{
	(void)ctx;
	return (void *)phys;
}

EFI_STATUS handoff_build_page_tables(struct boot_info *bi)
{
	UINT64 gib = bi->identity_limit >> 30;
	UINT64 hv_pts = (bi->hv_size >> 21) + 2;
	struct pool pool = { .pages = 1 + 1 + gib + 2 + hv_pts };
	struct pt_ops ops = {
		.alloc_page = pool_alloc,
		.phys_to_virt = identity,
		.ctx = &pool,
	};
	uint64_t root;

	pool.base = boot_alloc_pages(pool.pages);
	if (!pool.base) {
		boot_error("page tables: not enough memory for %llu pages",
			   (unsigned long long)pool.pages);
		return EFI_OUT_OF_RESOURCES;
	}
	root = pt_create(&ops);
	if (!root ||
	    pt_map(&ops, root, 0, 0, bi->identity_limit, PTE_W,
		   PT_MAP_ALLOW_2M) ||
	    pt_map(&ops, root, bi->hv_virt_base, bi->hv_phys_base, bi->hv_size,
		   PTE_W, 0)) {
		boot_error("page tables: cannot map the hypervisor at 0x%llx",
			   (unsigned long long)bi->hv_virt_base);
		return EFI_OUT_OF_RESOURCES;
	}
	bi->loader_cr3 = root;
	return EFI_SUCCESS;
}

static void __attribute__((noreturn)) jump(UINT64 cr3, struct boot_info *bi,
					   UINT64 entry)
{
	__asm__ volatile("cli\n\t"
			 "mov %0, %%cr3\n\t"
			 "mov %1, %%rdi\n\t"
			 "jmp *%2"
			 : : "r"(cr3), "r"((UINT64)bi), "r"(entry)
			 : "rdi", "memory");
	__builtin_unreachable();
}

EFI_STATUS handoff_exit_and_jump(EFI_HANDLE image, struct boot_info *bi,
				 UINT64 entry)
{
	/* Room for the map, plus what allocating it adds (UEFI 7.2). */
	UINTN buf_size = 0, map_size, key, desc_size;
	UINT32 desc_ver;
	UINT8 *map = NULL;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->GetMemoryMap, 5, &buf_size, NULL, &key,
			       &desc_size, &desc_ver);
	buf_size += 16 * desc_size;
	map = boot_alloc_pages(EFI_SIZE_TO_PAGES(buf_size));
	if (!map) {
		boot_error("memory map: not enough memory for %llu bytes",
			   (unsigned long long)buf_size);
		return EFI_OUT_OF_RESOURCES;
	}

	/*
	 * ExitBootServices() fails with EFI_INVALID_PARAMETER when the map
	 * changed since GetMemoryMap() (an event fired in between); get the
	 * map again and retry, allocating nothing in between.
	 */
	for (int attempt = 0; attempt < 8; attempt++) {
		int n;

		map_size = EFI_SIZE_TO_PAGES(buf_size) * EFI_PAGE_SIZE;
		st = uefi_call_wrapper(BS->GetMemoryMap, 5, &map_size,
				       (EFI_MEMORY_DESCRIPTOR *)map, &key,
				       &desc_size, &desc_ver);
		if (EFI_ERROR(st)) {
			boot_error("memory map: GetMemoryMap failed (status 0x%llx)",
				   (unsigned long long)st);
			return st;
		}
		n = mmap_normalize(map, map_size, desc_size, bi->mem,
				   BOOT_MAX_MEM_REGIONS);
		if (n < 0) {
			boot_error("memory map: more than %d regions",
				   BOOT_MAX_MEM_REGIONS);
			return EFI_BUFFER_TOO_SMALL;
		}
		bi->mem_region_count = (UINT32)n;

		st = uefi_call_wrapper(BS->ExitBootServices, 2, image, key);
		if (!EFI_ERROR(st))
			jump(bi->loader_cr3, bi, entry);
		if (st != EFI_INVALID_PARAMETER)
			break;
	}
	/* Boot services may be half gone only after a success, so we can say. */
	boot_error("ExitBootServices failed (status 0x%llx)",
		   (unsigned long long)st);
	return st;
}
