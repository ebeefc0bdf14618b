// SPDX-License-Identifier: MIT
/*
 * BOOTX64.EFI: loads the hypervisor from the ESP and hands the machine over.
 *
 *   1. read \hv\hv.cfg and parse it          (hv/config.c)
 *   2. read and load \hv\hv.elf              (hv/elf.c)
 *   3. read every guest image hv.cfg names, with its initrd or modules,
 *      and check that it can be loaded (hv/bzimage.c, hv/multiboot.c)
 *   4. find the ACPI RSDP and the GOP framebuffer
 *   5. build page tables, take the memory map, exit boot services, jump
 *
 * Every failure before step 5 prints one "hvboot: error:" line naming the
 * file and the reason, and returns to the firmware.
 */
#include <efi.h>
#include <efilib.h>

#include "boot/console.h"
#include "boot/files.h"
#include "boot/handoff.h"
#include "boot/mmap.h"
#include "boot_info.h"
#include "hv/bzimage.h"
#include "hv/config.h"
#include "hv/elf.h"
#include "hv/lib/format.h"
#include "hv/multiboot.h"

#define CONFIG_NAME	"hv.cfg"
#define HV_ELF_NAME	"hv.elf"
#define HV_ELF_MAX	(64ULL << 20)
#define CONFIG_MAX	(64ULL << 10)
#define IMAGE_MAX	(256ULL << 20)
/* What the hypervisor itself needs beside guest RAM (allocator, stacks, EPT). */
#define HV_RESERVE	(16ULL << 20)

static EFI_STATUS load_config(EFI_FILE_HANDLE root, struct boot_info *bi)
{
	struct config_error err;
	UINT64 size;
	void *text;
	EFI_STATUS st;

	st = boot_read_file(root, CONFIG_NAME, CONFIG_MAX, &text, &size);
	if (EFI_ERROR(st))
		return st;
	bi->config_phys = (UINT64)text;
	bi->config_size = size;
	hv_snprintf(bi->config_path, sizeof(bi->config_path), "%s/%s",
		    HV_DIR, CONFIG_NAME);
	if (config_parse(text, size, bi->guests, BOOT_MAX_GUESTS,
			 &bi->guest_count, &bi->options, &err)) {
		if (err.line)
			boot_error("%s/%s:%u: %s", HV_DIR, CONFIG_NAME,
				   err.line, err.msg);
		else
			boot_error("%s/%s: %s", HV_DIR, CONFIG_NAME, err.msg);
		return EFI_INVALID_PARAMETER;
	}
	return EFI_SUCCESS;
}

static EFI_STATUS load_hypervisor(EFI_FILE_HANDLE root, struct boot_info *bi,
				  UINT64 *entry)
{
	char why[ELF_WHY_MAX];
	struct elf_image img;
	UINT64 size;
	void *file, *dst;
	EFI_STATUS st;

	st = boot_read_file(root, HV_ELF_NAME, HV_ELF_MAX, &file, &size);
	if (EFI_ERROR(st))
		return st;
	if (elf64_parse(&img, file, size, why)) {
		boot_error("%s/%s: %s", HV_DIR, HV_ELF_NAME, why);
		return EFI_LOAD_ERROR;
	}
	if (img.vaddr_lo < 0xffff800000000000ULL) {
		boot_error("%s/%s: linked at 0x%llx, not in the upper half",
			   HV_DIR, HV_ELF_NAME,
			   (unsigned long long)img.vaddr_lo);
		return EFI_LOAD_ERROR;
	}
	dst = boot_alloc_pages((img.vaddr_hi - img.vaddr_lo) / EFI_PAGE_SIZE);
	if (!dst) {
		boot_error("%s/%s: not enough memory to load %llu bytes",
			   HV_DIR, HV_ELF_NAME,
			   (unsigned long long)(img.vaddr_hi - img.vaddr_lo));
		return EFI_OUT_OF_RESOURCES;
	}
	elf64_load(&img, dst);
	bi->hv_phys_base = (UINT64)dst;
	bi->hv_virt_base = img.vaddr_lo;
	bi->hv_size = img.vaddr_hi - img.vaddr_lo;
	bi->hv_elf_phys = (UINT64)file;
	bi->hv_elf_size = size;
	*entry = img.entry;
	return EFI_SUCCESS;
}

/* A bzImage guest: its initrd read, both checked against its RAM. */
static EFI_STATUS load_linux(EFI_FILE_HANDLE root, struct boot_guest *g)
{
	char why[BZIMAGE_WHY_MAX];
	void *data;
	EFI_STATUS st;

	if (g->module_count) {
		boot_error("%s/%s: module= is for Multiboot guests, this image is a bzImage (Linux takes initrd=)",
			   HV_DIR, g->image_path);
		return EFI_INVALID_PARAMETER;
	}
	if (g->initrd_path[0]) {
		st = boot_read_file(root, g->initrd_path, IMAGE_MAX, &data,
				    &g->initrd_size);
		if (EFI_ERROR(st))
			return st;
		g->initrd_phys = (UINT64)data;
	}
	switch (bzimage_check((const UINT8 *)g->image_phys, g->image_size,
			      g->mem_bytes, g->initrd_size, why)) {
	case 0:
		return EFI_SUCCESS;
	case BZIMAGE_BAD_INITRD:
		boot_error("%s/%s: %s", HV_DIR, g->initrd_path, why);
		return EFI_LOAD_ERROR;
	default:
		boot_error("%s/%s: %s", HV_DIR, g->image_path, why);
		return EFI_LOAD_ERROR;
	}
	return EFI_SUCCESS;
}

/* module="PATH args": the file is the first word. */
static void module_path(const struct boot_module *m,
			char path[BOOT_GUEST_PATH_MAX])
{
	UINTN n = 0;

	while (m->string[n] && m->string[n] != ' ' && m->string[n] != '\t' &&
	       n + 1 < BOOT_GUEST_PATH_MAX) {
		path[n] = m->string[n];
		n++;
	}
	path[n] = '\0';
}

/*
 * A Multiboot guest: its modules read, and the whole laid out in its RAM
 * as the hypervisor will (hv/multiboot.c), so that an image that is no
 * loadable kernel is refused here, naming the file, before anything runs.
 */
static EFI_STATUS load_multiboot(EFI_FILE_HANDLE root, struct boot_guest *g)
{
	struct multiboot_module mods[MULTIBOOT_MODULES_MAX];
	struct multiboot_guest mg = {
		.ram_size = g->mem_bytes, .image = (const UINT8 *)g->image_phys,
		.size = g->image_size, .path = g->image_path,
		.args = g->cmdline, .mods = mods, .nmods = g->module_count,
	};
	char why[MULTIBOOT_WHY_MAX], path[BOOT_GUEST_PATH_MAX];
	struct multiboot_layout l;
	void *data;
	EFI_STATUS st;

	if (g->initrd_path[0]) {
		boot_error("%s/%s: initrd= is for Linux guests, this image is no bzImage (a Multiboot kernel takes module=)",
			   HV_DIR, g->image_path);
		return EFI_INVALID_PARAMETER;
	}
	for (UINT32 i = 0; i < g->module_count; i++) {
		struct boot_module *m = &g->modules[i];

		module_path(m, path);
		st = boot_read_file(root, path, IMAGE_MAX, &data, &m->size);
		if (EFI_ERROR(st))
			return st;
		m->phys = (UINT64)data;
		mods[i] = (struct multiboot_module){
			.data = data, .size = m->size, .string = m->string };
	}
	switch (multiboot_plan(&mg, &l, why)) {
	case 0:
		return EFI_SUCCESS;
	case MULTIBOOT_BAD_MODULE:
		module_path(&g->modules[l.bad_module], path);
		boot_error("%s/%s: %s", HV_DIR, path, why);
		return EFI_LOAD_ERROR;
	default:
		boot_error("%s/%s: %s", HV_DIR, g->image_path, why);
		return EFI_LOAD_ERROR;
	}
}

static EFI_STATUS load_guests(EFI_FILE_HANDLE root, struct boot_info *bi)
{
	for (UINT32 i = 0; i < bi->guest_count; i++) {
		struct boot_guest *g = &bi->guests[i];
		void *data;
		EFI_STATUS st;

		st = boot_read_file(root, g->image_path, IMAGE_MAX, &data,
				    &g->image_size);
		if (EFI_ERROR(st))
			return st;
		if (g->image_size > g->mem_bytes) {
			boot_error("%s/%s: image of %llu bytes does not fit guest '%s' (mem=%lluK)",
				   HV_DIR, g->image_path,
				   (unsigned long long)g->image_size, g->name,
				   (unsigned long long)(g->mem_bytes >> 10));
			return EFI_BAD_BUFFER_SIZE;
		}
		g->image_phys = (UINT64)data;
		if (bzimage_is((const UINT8 *)data, g->image_size))
			st = load_linux(root, g);
		else
			st = load_multiboot(root, g);
		if (EFI_ERROR(st))
			return st;
	}
	return EFI_SUCCESS;
}

/*
 * Scan the current map: the highest address anything lives at (for the
 * identity map), and whether the guests' RAM can fit in what will be free.
 */
static EFI_STATUS survey_memory(struct boot_info *bi)
{
	UINTN entries = 0, key, desc_size;
	UINT32 ver;
	EFI_MEMORY_DESCRIPTOR *map;
	UINT64 top = 4ULL << 30, usable = 0, wanted = HV_RESERVE;

	map = LibMemoryMap(&entries, &key, &desc_size, &ver);
	if (!map) {
		boot_error("memory map: GetMemoryMap failed");
		return EFI_DEVICE_ERROR;
	}
	for (UINTN i = 0; i < entries; i++) {
		EFI_MEMORY_DESCRIPTOR *d = (void *)((UINT8 *)map + i * desc_size);
		UINT64 end = d->PhysicalStart + (d->NumberOfPages << 12);

		if (end > top)
			top = end;
		if (efi_mem_type_to_boot(d->Type) == BOOT_MEM_USABLE)
			usable += d->NumberOfPages << 12;
	}
	FreePool(map);

	if (bi->fb.base + bi->fb.size > top)
		top = bi->fb.base + bi->fb.size;
	/* One PML4 entry (512 GiB) of identity map is plenty here. */
	if (top > (512ULL << 30))
		top = 512ULL << 30;
	bi->identity_limit = (top + (1ULL << 30) - 1) & ~((1ULL << 30) - 1);

	for (UINT32 i = 0; i < bi->guest_count; i++)
		wanted += bi->guests[i].mem_bytes;
	if (wanted > usable) {
		boot_error("%s/%s: not enough memory: the guests need %llu MiB (and the hypervisor %llu MiB), this machine has %llu MiB free",
			   HV_DIR, CONFIG_NAME,
			   (unsigned long long)((wanted - HV_RESERVE) >> 20),
			   (unsigned long long)(HV_RESERVE >> 20),
			   (unsigned long long)(usable >> 20));
		return EFI_OUT_OF_RESOURCES;
	}
	return EFI_SUCCESS;
}

static void find_framebuffer(struct boot_framebuffer *fb)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;

	if (EFI_ERROR(LibLocateProtocol(&GraphicsOutputProtocol,
					(void **)&gop)) || !gop->Mode) {
		boot_log("no GOP framebuffer: serial console only");
		return;
	}
	info = gop->Mode->Info;
	switch (info->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
		fb->format = BOOT_FB_RGBX32;
		break;
	case PixelBlueGreenRedReserved8BitPerColor:
		fb->format = BOOT_FB_BGRX32;
		break;
	default:
		boot_log("GOP pixel format %d has no linear framebuffer we can "
			 "draw into: serial console only", (int)info->PixelFormat);
		return;
	}
	fb->base = gop->Mode->FrameBufferBase;
	fb->size = gop->Mode->FrameBufferSize;
	fb->width = info->HorizontalResolution;
	fb->height = info->VerticalResolution;
	fb->pixels_per_line = info->PixelsPerScanLine;
}

static void find_firmware_tables(struct boot_info *bi)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID;
	void *rsdp = NULL;

	if (EFI_ERROR(LibGetSystemConfigurationTable(&acpi20, &rsdp)))
		LibGetSystemConfigurationTable(&AcpiTableGuid, &rsdp);
	bi->acpi_rsdp = (UINT64)rsdp;
	if (!rsdp)
		boot_log("the firmware offers no ACPI tables");
	find_framebuffer(&bi->fb);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_LOADED_IMAGE *li;
	EFI_FILE_HANDLE root;
	struct boot_info *bi;
	UINT64 entry = 0;
	EFI_STATUS st;

	InitializeLib(image, systab);
	boot_log("loading the hypervisor from \\%s\\", HV_DIR);

	st = uefi_call_wrapper(BS->HandleProtocol, 3, image,
			       &LoadedImageProtocol, (void **)&li);
	root = EFI_ERROR(st) ? NULL : LibOpenRoot(li->DeviceHandle);
	if (!root) {
		boot_error("cannot open the file system BOOTX64.EFI was loaded from");
		return EFI_NOT_FOUND;
	}

	bi = boot_alloc_pages(EFI_SIZE_TO_PAGES(sizeof(*bi)));
	if (!bi) {
		boot_error("boot_info: not enough memory");
		return EFI_OUT_OF_RESOURCES;
	}
	bi->magic = BOOT_INFO_MAGIC;
	bi->version = BOOT_INFO_VERSION;
	bi->size = sizeof(*bi);

	st = load_config(root, bi);
	if (!EFI_ERROR(st))
		st = load_hypervisor(root, bi, &entry);
	if (!EFI_ERROR(st))
		st = load_guests(root, bi);
	if (!EFI_ERROR(st)) {
		find_firmware_tables(bi);
		st = survey_memory(bi);
	}
	if (!EFI_ERROR(st))
		st = handoff_build_page_tables(bi);
	if (EFI_ERROR(st))
		return st;

	boot_log("%u guest(s) loaded, entering the hypervisor at 0x%llx",
		 bi->guest_count, (unsigned long long)entry);
	return handoff_exit_and_jump(image, bi, entry);
}
