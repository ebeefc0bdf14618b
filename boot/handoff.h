/* SPDX-License-Identifier: MIT */
#ifndef BOOT_HANDOFF_H
#define BOOT_HANDOFF_H

#include <efi.h>

#include "boot_info.h"
#include "hv/elf.h"

/*
 * Build the hand-off page tables for @bi (identity map up to
 * bi->identity_limit, the hypervisor at its link address). Prints a
 * boot_error() line and returns an error if memory runs out.
 */
EFI_STATUS handoff_build_page_tables(struct boot_info *bi);

/*
 * Take the final memory map into @bi, exit boot services (retrying while
 * the map key goes stale) and jump to @entry. Returns only on failure,
 * while boot services are still there, after printing the reason.
 */
EFI_STATUS handoff_exit_and_jump(EFI_HANDLE image, struct boot_info *bi,
				 UINT64 entry);

#endif
