// SPDX-License-Identifier: MIT
/* Guest RAM in EPT (see ept.h). Pure: the host unit tests run it. */
#include "arch/x86/vmx/ept.h"

const struct pt_format pt_format_ept = {
	.present_mask = EPT_RWX,
	.table_flags = EPT_RWX,
	.leaf_flags = 0,
};

int ept_map_guest_ram(const struct pt_ops *ops, uint64_t root, uint64_t hpa,
		      uint64_t size)
{
	return pt_map(ops, root, 0, hpa, size, EPT_RWX | EPT_MEMTYPE_WB,
		      PT_MAP_ALLOW_2M);
}
