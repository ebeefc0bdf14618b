/* SPDX-License-Identifier: MIT */
/*
 * Nested page tables (AMD APM vol. 2, 15.25): ordinary x86-64 4-level
 * tables walked by the CPU from N_CR3 for every guest-physical access.
 * The walk is a user access (15.25.5), so U/S must be set at every level.
 */
#ifndef ARCH_X86_SVM_NPT_H
#define ARCH_X86_SVM_NPT_H

#include <stdint.h>

#include "arch/x86/paging.h"

#define NPT_RWU		(PTE_P | PTE_W | PTE_U)

/* Present = P; tables allow read/write/user, the leaves decide. */
extern const struct pt_format pt_format_npt;

/*
 * Map guest-physical [0, @size) to host-physical [@hpa, @hpa + @size),
 * present, writable, user, executable, write-back (PAT entry 0); 2 MiB
 * pages where both sides align; not the VGA window [0xa0000, 0xc0000), a
 * device window (MMIO): as ept_map_guest_ram() does for EPT. @ops must use
 * pt_format_npt. Returns 0 or -1 (out of table pages).
 */
int npt_map_guest_ram(const struct pt_ops *ops, uint64_t root, uint64_t hpa,
		      uint64_t size);

#endif
