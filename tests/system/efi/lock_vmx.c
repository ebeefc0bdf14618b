// SPDX-License-Identifier: MIT
/*
 * Test-only UEFI application: does what a firmware that turned VT-x off in
 * its setup screen does (IA32_FEATURE_CONTROL locked with VMXON disabled,
 * SDM Vol. 3C 24.7), then chain-loads the real loader from
 * \EFI\hv\hvboot.efi on the same disk. The system test "bochs-vmx-locked"
 * boots it to see the hypervisor's "disabled and locked" message.
 */
#include <efi.h>
#include <efilib.h>

#define MSR_IA32_FEATURE_CONTROL 0x3a
#define FEATURE_CONTROL_LOCKED	 1ULL

static UINT64 rdmsr(UINT32 msr)
{
	UINT32 lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((UINT64)hi << 32) | lo;
}

static void wrmsr(UINT32 msr, UINT64 v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((UINT32)v),
			 "d"((UINT32)(v >> 32)));
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_LOADED_IMAGE *li;
	EFI_DEVICE_PATH *path;
	EFI_HANDLE next;
	EFI_STATUS st;
	UINT64 fc;

	InitializeLib(image, systab);
	fc = rdmsr(MSR_IA32_FEATURE_CONTROL);
	if (!(fc & FEATURE_CONTROL_LOCKED))
		wrmsr(MSR_IA32_FEATURE_CONTROL, FEATURE_CONTROL_LOCKED);
	Print(L"lock_vmx: IA32_FEATURE_CONTROL 0x%lx -> 0x%lx\n", fc,
	      rdmsr(MSR_IA32_FEATURE_CONTROL));

	st = uefi_call_wrapper(BS->HandleProtocol, 3, image,
			       &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st))
		return st;
	path = FileDevicePath(li->DeviceHandle, L"\\EFI\\hv\\hvboot.efi");
	st = uefi_call_wrapper(BS->LoadImage, 6, FALSE, image, path, NULL, 0,
			       &next);
	if (EFI_ERROR(st)) {
		Print(L"lock_vmx: cannot load \\EFI\\hv\\hvboot.efi: %r\n", st);
		return st;
	}
	return uefi_call_wrapper(BS->StartImage, 3, next, NULL, NULL);
}
