// SPDX-License-Identifier: MIT
/*
 * Each VM's guest-physical address space under SVM: its nested page
 * tables (npt_map.c) and its ASID, which tags its TLB entries (APM vol.
 * 2, 15.16) so that no flush is needed between guests.
 */
#include "arch/x86/svm/npt.h"
#include "arch/x86/svm/svm.h"
#include "hv/errno.h"
#include "hv/pmm.h"
#include "hv/printk.h"
#include "hv/vm.h"

static struct svm_vm svm_vms[BOOT_MAX_GUESTS];
static uint32_t next_asid = 1;		/* 0 is the host's (15.16) */

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

static const struct pt_ops npt_ops = {
	.alloc_page = table_alloc,
	.phys_to_virt = identity,
	.format = &pt_format_npt,
};

int svm_vm_init(struct vm *vm)
{
	struct svm_vm *a = &svm_vms[vm->id];

	a->npt_root = pt_create(&npt_ops);
	if (!a->npt_root ||
	    npt_map_guest_ram(&npt_ops, a->npt_root, vm->ram_hpa, vm->ram_size)) {
		printk("[%s] NPT: out of memory for the page tables\n", vm->name);
		return -HV_ENOMEM;
	}
	if (next_asid >= svm_caps.nasid) {
		printk("[%s] NPT: no ASID left (%u)\n", vm->name, svm_caps.nasid);
		return -HV_ENOMEM;
	}
	a->asid = next_asid++;
	vm->arch = (struct arch_vm *)a;
	return 0;
}

/* Free the table pages under @table at @level (4 = PML4). */
static void free_tables(uint64_t table, int level)
{
	uint64_t *t = (uint64_t *)table;

	for (int i = 0; level > 1 && i < 512; i++)
		if ((t[i] & PTE_P) && !(t[i] & PTE_PS))
			free_tables(t[i] & PTE_ADDR_MASK, level - 1);
	pmm_free(&hv_pmm, table, 1);
}

void svm_vm_destroy(struct vm *vm)
{
	struct svm_vm *a = to_svm_vm(vm);

	if (!a || !a->npt_root)
		return;
	free_tables(a->npt_root, 4);
	a->npt_root = 0;
	vm->arch = NULL;
}
