/* SPDX-License-Identifier: MIT */
/* EPT entries and the guest-RAM mapping (SDM Vol. 3C, 29.3). */
#ifndef ARCH_X86_VMX_EPT_H
#define ARCH_X86_VMX_EPT_H

#include <stdint.h>

#include "arch/x86/paging.h"

#define EPT_READ		(1ULL << 0)
#define EPT_WRITE		(1ULL << 1)
#define EPT_EXEC		(1ULL << 2)
#define EPT_RWX			(EPT_READ | EPT_WRITE | EPT_EXEC)
#define EPT_MEMTYPE_SHIFT	3	/* leaf bits 5:3 (29.3.7) */
#define EPT_MEMTYPE_WB		(6ULL << EPT_MEMTYPE_SHIFT)
#define EPTP_MEMTYPE_WB		6ULL	/* EPTP bits 2:0 (25.6.11) */
#define EPTP_WALK_4		(3ULL << 3)	/* page-walk length - 1 */

/* Present = any of R/W/X; tables allow all, the leaves decide. */
extern const struct pt_format pt_format_ept;

/*
 * Map guest-physical [0, @size) to host-physical [@hpa, @hpa + @size),
 * read/write/execute, write-back; 2 MiB pages where both sides align;
 * not the VGA window [0xa0000, 0xc0000), a device window (MMIO).
 * @ops must use pt_format_ept. Returns 0 or -1 (out of table pages).
 */
int ept_map_guest_ram(const struct pt_ops *ops, uint64_t root, uint64_t hpa,
		      uint64_t size);

/* The EPT pointer for a 4-level table at @root (25.6.11). */
static inline uint64_t ept_pointer(uint64_t root)
{
	return root | EPTP_WALK_4 | EPTP_MEMTYPE_WB;
}

#endif
