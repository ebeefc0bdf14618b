// SPDX-License-Identifier: MIT
/* Guest RAM in the nested page tables (see npt.h). Pure: unit-tested. */
#include "arch/x86/svm/npt.h"
#include "hv/memmap.h"

const struct pt_format pt_format_npt = {
	.present_mask = PTE_P,
	.table_flags = NPT_RWU,
	.leaf_flags = 0,
};

/*
 * All of RAM but the legacy VGA window (hv/memmap.h): a device window,
 * left unmapped so that each access there is a #NPF and is emulated.
 * Anything above RAM is unmapped too: the guest reaches neither the
 * hypervisor nor another guest.
 */
int npt_map_guest_ram(const struct pt_ops *ops, uint64_t root, uint64_t hpa,
		      uint64_t size)
{
	const uint64_t flags = NPT_RWU;

	if (size <= GUEST_VGA_START)
		return pt_map(ops, root, 0, hpa, size, flags, PT_MAP_ALLOW_2M);
	if (pt_map(ops, root, 0, hpa, GUEST_VGA_START, flags, PT_MAP_ALLOW_2M))
		return -1;
	if (size <= GUEST_VGA_END)
		return 0;
	return pt_map(ops, root, GUEST_VGA_END, hpa + GUEST_VGA_END,
		      size - GUEST_VGA_END, flags, PT_MAP_ALLOW_2M);
}
