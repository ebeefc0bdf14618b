/* SPDX-License-Identifier: MIT */
/*
 * Loading a Linux bzImage the way a boot loader does (the Linux x86 boot
 * protocol, Documentation/arch/x86/boot.rst, version 2.06 and later):
 * the protected-mode kernel at its preferred address, the zero page
 * (struct boot_params) with the setup header copied in, the command line,
 * the initrd, an e820 table made from the guest's memory map (hv/memmap.h)
 * and a flat GDT for the 32-bit entry. Pure: it works on a buffer standing
 * for guest-physical [0, ram_size), so the host unit tests run it.
 */
#ifndef HV_BZIMAGE_H
#define HV_BZIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Offsets in the file and in the zero page (boot.rst, "The real-mode kernel header"). */
#define BZ_ACPI_RSDP_ADDR	0x070	/* 2.14+ */
#define BZ_E820_ENTRIES		0x1e8
#define BZ_SETUP_SECTS		0x1f1
#define BZ_SYSSIZE		0x1f4
#define BZ_BOOT_FLAG		0x1fe	/* 0xAA55 */
#define BZ_JUMP			0x200	/* its second byte: header end - 0x202 */
#define BZ_HEADER		0x202	/* "HdrS" */
#define BZ_VERSION		0x206
#define BZ_TYPE_OF_LOADER	0x210
#define BZ_LOADFLAGS		0x211
#define BZ_CODE32_START		0x214
#define BZ_RAMDISK_IMAGE	0x218
#define BZ_RAMDISK_SIZE		0x21c
#define BZ_HEAP_END_PTR		0x224
#define BZ_CMD_LINE_PTR		0x228
#define BZ_INITRD_ADDR_MAX	0x22c
#define BZ_KERNEL_ALIGNMENT	0x230
#define BZ_RELOCATABLE		0x234
#define BZ_CMDLINE_SIZE		0x238
#define BZ_PREF_ADDRESS		0x258
#define BZ_INIT_SIZE		0x260
#define BZ_E820_TABLE		0x2d0
#define BZ_E820_MAX		128	/* entries of 20 bytes in the zero page */
#define BZ_HEADER_END_MAX	0x290	/* the setup header never goes past this */

#define BZ_HDRS_MAGIC		0x53726448u	/* "HdrS" */
#define BZ_MIN_VERSION		0x0206
#define BZ_LOADED_HIGH		(1u << 0)	/* loadflags: a bzImage */
#define BZ_CAN_USE_HEAP		(1u << 7)
#define BZ_LOADER_UNDEFINED	0xff		/* type_of_loader */

/* Where the loader's own data goes in guest RAM: free low memory. */
#define BZ_GDT_GPA		0x6000u
#define BZ_ZERO_PAGE_GPA	0x7000u
#define BZ_CMDLINE_GPA		0x8000u
#define BZ_CMDLINE_END		0x9000u
#define BZ_BOOT_CS		0x10	/* __BOOT_CS */
#define BZ_BOOT_DS		0x18	/* __BOOT_DS */
#define BZ_GDT_LIMIT		(4 * 8 - 1)
#define BZ_DEFAULT_LOAD		0x100000u	/* a kernel that is not relocatable */

#define BZIMAGE_WHY_MAX 160
#define BZIMAGE_BAD_IMAGE	(-1)
#define BZIMAGE_BAD_INITRD	(-2)

/* What the loader did, for the vCPU's entry state and the log. */
struct bzimage_boot {
	uint32_t entry;			/* 32-bit entry: the load address */
	uint32_t zero_page;		/* for ESI */
	uint32_t gdt, gdt_limit;
	uint32_t load_addr, init_size;
	uint32_t initrd_addr, initrd_size;
	uint16_t version;
	uint32_t e820_entries;
};

/* Does @image carry the "HdrS" setup header (is it meant as a bzImage)? */
bool bzimage_is(const uint8_t *image, size_t size);

/*
 * Can @image be booted in @ram_size bytes of guest RAM with an initrd of
 * @initrd_size bytes (0: none)? 0, or BZIMAGE_BAD_IMAGE or
 * BZIMAGE_BAD_INITRD (which file is at fault) with one line in @why. The UEFI
 * loader calls this before anything runs; bzimage_load() does it again.
 */
int bzimage_check(const uint8_t *image, size_t size, uint64_t ram_size,
		  uint64_t initrd_size, char why[BZIMAGE_WHY_MAX]);

/*
 * Load @image, @initrd (may be NULL when @initrd_size is 0) and @cmdline
 * into @ram and build the zero page, its e820 table and the GDT. 0 and
 * @out filled, or -1 with one line in @why.
 */
int bzimage_load(uint8_t *ram, uint64_t ram_size, const uint8_t *image,
		 size_t size, const uint8_t *initrd, size_t initrd_size,
		 const char *cmdline, struct bzimage_boot *out,
		 char why[BZIMAGE_WHY_MAX]);

/*
 * Tell the kernel where the ACPI RSDP is (boot_params.acpi_rsdp_addr,
 * protocol 2.14 and later; older kernels scan the BIOS area for it).
 * @ram holds the zero page bzimage_load() built. Returns whether the
 * kernel reads the field.
 */
bool bzimage_set_acpi_rsdp(uint8_t *ram, const struct bzimage_boot *b,
			   uint64_t rsdp);

#endif
