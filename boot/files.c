// SPDX-License-Identifier: MIT
#include <efi.h>
#include <efilib.h>

#include "boot/console.h"
#include "boot/files.h"
#include "boot/mmap.h"

void *boot_alloc_pages(UINT64 pages)
{
	EFI_PHYSICAL_ADDRESS addr = 0;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       (EFI_MEMORY_TYPE)EFI_HV_MEMORY_TYPE, pages, &addr);
	if (EFI_ERROR(st))
		return NULL;
	SetMem((void *)addr, pages * EFI_PAGE_SIZE, 0);
	return (void *)addr;
}

static const char *status_reason(EFI_STATUS st)
{
	switch (st) {
	case EFI_NOT_FOUND:		return "file not found";
	case EFI_OUT_OF_RESOURCES:	return "not enough memory";
	case EFI_VOLUME_CORRUPTED:	return "file system corrupted";
	case EFI_DEVICE_ERROR:		return "device error";
	case EFI_ACCESS_DENIED:		return "access denied";
	case EFI_BAD_BUFFER_SIZE:	return "file too large";
	default:			return "firmware error";
	}
}

EFI_STATUS boot_read_file(EFI_FILE_HANDLE root, const char *path,
			  UINT64 max_size, void **data, UINT64 *size)
{
	CHAR16 wpath[160];
	EFI_FILE_HANDLE fh;
	EFI_FILE_INFO *info;
	EFI_STATUS st;
	UINTN n = 0, got;
	UINT64 file_size;
	void *buf;

	/* "\hv\" + path, with '/' turned into the '\' UEFI wants. */
	for (const char *p = "\\" HV_DIR "\\"; *p; p++)
		wpath[n++] = (CHAR16)*p;
	for (const char *p = path; *p && n < 159; p++)
		wpath[n++] = *p == '/' ? L'\\' : (CHAR16)(unsigned char)*p;
	wpath[n] = 0;

	st = uefi_call_wrapper(root->Open, 5, root, &fh, wpath,
			       EFI_FILE_MODE_READ, 0ULL);
	if (EFI_ERROR(st)) {
		boot_error("%s/%s: cannot open: %s", HV_DIR, path,
			   status_reason(st));
		return st;
	}
	info = LibFileInfo(fh);
	if (!info) {
		uefi_call_wrapper(fh->Close, 1, fh);
		boot_error("%s/%s: cannot read its size", HV_DIR, path);
		return EFI_DEVICE_ERROR;
	}
	file_size = info->FileSize;
	FreePool(info);
	if (file_size > max_size) {
		uefi_call_wrapper(fh->Close, 1, fh);
		boot_error("%s/%s: %llu bytes is more than the %llu allowed",
			   HV_DIR, path, (unsigned long long)file_size,
			   (unsigned long long)max_size);
		return EFI_BAD_BUFFER_SIZE;
	}

	buf = boot_alloc_pages(EFI_SIZE_TO_PAGES(file_size) + 1);
	if (!buf) {
		uefi_call_wrapper(fh->Close, 1, fh);
		boot_error("%s/%s: not enough memory for %llu bytes", HV_DIR,
			   path, (unsigned long long)file_size);
		return EFI_OUT_OF_RESOURCES;
	}
	got = file_size;
	st = uefi_call_wrapper(fh->Read, 3, fh, &got, buf);
	uefi_call_wrapper(fh->Close, 1, fh);
	if (EFI_ERROR(st) || got != file_size) {
		boot_error("%s/%s: read failed after %llu of %llu bytes: %s",
			   HV_DIR, path, (unsigned long long)got,
			   (unsigned long long)file_size, status_reason(st));
		return EFI_ERROR(st) ? st : EFI_DEVICE_ERROR;
	}
	*data = buf;
	*size = file_size;
	return EFI_SUCCESS;
}
