/* SPDX-License-Identifier: MIT */
/* Reading whole files from the ESP into memory kept for the hypervisor. */
#ifndef BOOT_FILES_H
#define BOOT_FILES_H

#include <efi.h>

#define HV_DIR		"hv"		/* on the ESP: \hv\hv.elf, \hv\hv.cfg */

/*
 * Read \HV_DIR\@path (forward slashes allowed) into freshly allocated pages
 * of type EFI_HV_MEMORY_TYPE. On failure prints one boot_error() line that
 * names the file and returns the EFI status.
 */
EFI_STATUS boot_read_file(EFI_FILE_HANDLE root, const char *path,
			  UINT64 max_size, void **data, UINT64 *size);

/* Pages of type EFI_HV_MEMORY_TYPE, zeroed. NULL (and no message) if none. */
void *boot_alloc_pages(UINT64 pages);

#endif
