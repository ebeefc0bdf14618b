// SPDX-License-Identifier: MIT
/*
 * EPT: each VM's guest-physical address space (SDM Vol. 3C, 29.3). Guest
 * RAM is one host-contiguous block, mapped at guest-physical 0 with 2 MiB
 * pages where both sides are aligned and 4 KiB pages for the rest,
 * write-back, read/write/execute, except the VGA window in it (MMIO).
 * Nothing else is mapped: any other guest-physical address is an EPT
 * violation (emulated in a device window, hv/mmio_emulate.c), so a guest
 * can reach neither the hypervisor nor another guest.
 */
#include "arch/x86/vmx/ept.h"
#include "arch/x86/vmx/vmx.h"
#include "hv/arch.h"
#include "hv/errno.h"
#include "hv/pmm.h"
#include "hv/printk.h"
#include "hv/vm.h"

static struct arch_vm arch_vms[BOOT_MAX_GUESTS];
static uint16_t next_vpid = 1;		/* 0 is the hypervisor's */

static void *table_alloc(void *ctx, uint64_t *phys)
{
	(void)ctx;
	return alloc_pages_zeroed(1, PMM_PAGE_SIZE, phys);
}

static void *identity(void *ctx, uint64_t phys)
{
	(void)ctx;
	return (void *)phys;
}

static const struct pt_ops ept_ops = {
	.alloc_page = table_alloc,
	.phys_to_virt = identity,
	.format = &pt_format_ept,
};

int vmx_vm_init(struct vm *vm)
{
	struct arch_vm *a = &arch_vms[vm->id];

	a->ept_root = pt_create(&ept_ops);
	if (!a->ept_root ||
	    ept_map_guest_ram(&ept_ops, a->ept_root, vm->ram_hpa, vm->ram_size)) {
		printk("[%s] EPT: out of memory for the page tables\n", vm->name);
		return -HV_ENOMEM;
	}
	a->eptp = ept_pointer(a->ept_root);
	a->vpid = next_vpid++;
	vm->arch = a;
	return 0;
}

/* Free the table pages under @table at @level (4 = PML4). */
static void free_tables(uint64_t table, int level)
{
	uint64_t *t = (uint64_t *)table;

	for (int i = 0; level > 1 && i < 512; i++)
		if ((t[i] & EPT_RWX) && !(t[i] & PTE_PS))
			free_tables(t[i] & PTE_ADDR_MASK, level - 1);
	pmm_free(&hv_pmm, table, 1);
}

void vmx_vm_destroy(struct vm *vm)
{
	if (!vm->arch || !vm->arch->ept_root)
		return;
	free_tables(vm->arch->ept_root, 4);
	vm->arch->ept_root = 0;
	vm->arch = NULL;
}
