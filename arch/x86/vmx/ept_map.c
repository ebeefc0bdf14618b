// SPDX-License-Identifier: MIT
/* Guest RAM in EPT (see ept.h). Pure: the host unit tests run it. */
#include "arch/x86/vmx/ept.h"
#include "hv/memmap.h"

const struct pt_format pt_format_ept = {
	.present_mask = EPT_RWX,
	.table_flags = EPT_RWX,
	.leaf_flags = 0,
};

/*
 * All of RAM but the legacy VGA window (hv/memmap.h): a device window,
 * left unmapped so that each access there exits and is emulated.
 */
int ept_map_guest_ram(const struct pt_ops *ops, uint64_t root, uint64_t hpa,
		      uint64_t size)
{
	const uint64_t flags = EPT_RWX | EPT_MEMTYPE_WB;

	if (size <= GUEST_VGA_START)
		return pt_map(ops, root, 0, hpa, size, flags, PT_MAP_ALLOW_2M);
	if (pt_map(ops, root, 0, hpa, GUEST_VGA_START, flags, PT_MAP_ALLOW_2M))
		return -1;
	if (size <= GUEST_VGA_END)
		return 0;
	return pt_map(ops, root, GUEST_VGA_END, hpa + GUEST_VGA_END,
		      size - GUEST_VGA_END, flags, PT_MAP_ALLOW_2M);
}
