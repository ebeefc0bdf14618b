// SPDX-License-Identifier: MIT
/*
 * The Linux x86 boot protocol, 32-bit entry (boot.rst, "32-bit boot
 * protocol"): what GRUB and QEMU do with a bzImage, minus the real-mode
 * setup code, which a loader that enters in protected mode never runs.
 */
#include "hv/bzimage.h"

#include "hv/boot_gdt.h"
#include "hv/lib/format.h"
#include "hv/lib/string.h"
#include "hv/memmap.h"

#define PAGE	4096u

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void wr32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static void wr64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static int refuse(char *why, const char *fmt, unsigned long long a,
		  unsigned long long b)
{
	hv_snprintf(why, BZIMAGE_WHY_MAX, fmt, a, b);
	return -1;
}

bool bzimage_is(const uint8_t *image, size_t size)
{
	return size >= BZ_HEADER + 4 && rd32(image + BZ_HEADER) == BZ_HDRS_MAGIC;
}

/* The header's facts, checked. */
struct bz_header {
	size_t setup_bytes;		/* real-mode part: (setup_sects + 1) * 512 */
	size_t kernel_bytes;		/* the protected-mode kernel */
	size_t header_end;		/* file offset just past the setup header */
	uint16_t version;
	uint32_t load_addr, init_size, initrd_max;
};

static int parse(const uint8_t *image, size_t size, struct bz_header *h,
		 char *why)
{
	unsigned int sects;
	uint64_t need;

	if (size < BZ_HEADER_END_MAX)
		return refuse(why, "truncated: %llu bytes, smaller than a setup header",
			      size, 0);
	if (!bzimage_is(image, size))
		return refuse(why, "no \"HdrS\" setup header at 0x%llx: not a bzImage",
			      BZ_HEADER, 0);
	if (rd16(image + BZ_BOOT_FLAG) != 0xaa55)
		return refuse(why, "boot flag is 0x%llx, not 0xaa55",
			      rd16(image + BZ_BOOT_FLAG), 0);
	h->version = rd16(image + BZ_VERSION);
	if (h->version < BZ_MIN_VERSION)
		return refuse(why, "boot protocol %llx.%02llx is too old (2.06 or later needed)",
			      h->version >> 8, h->version & 0xff);
	if (!(image[BZ_LOADFLAGS] & BZ_LOADED_HIGH))
		return refuse(why, "a zImage (loaded low): only bzImages are supported",
			      0, 0);
	sects = image[BZ_SETUP_SECTS] ? image[BZ_SETUP_SECTS] : 4;
	h->setup_bytes = (size_t)(sects + 1) * 512;
	/*
	 * The jump over the header names its end (boot.rst: 0x202 + the byte
	 * at 0x201). It must cover the fields of the version it claims, which
	 * we read from the file and the kernel reads from the zero page.
	 */
	h->header_end = BZ_HEADER + image[BZ_JUMP + 1];
	if (h->header_end > BZ_HEADER_END_MAX)
		h->header_end = BZ_HEADER_END_MAX;
	need = h->version >= 0x020a ? BZ_INIT_SIZE + 4 : BZ_CMDLINE_SIZE + 4;
	if (h->header_end < need)
		return refuse(why, "setup header ends at 0x%llx, before its own fields end (0x%llx)",
			      h->header_end, need);
	/* syssize: the protected-mode code in 16-byte paragraphs (2.04+). */
	need = (uint64_t)rd32(image + BZ_SYSSIZE) * 16;
	if (need == 0 || h->setup_bytes >= size || need > size - h->setup_bytes)
		return refuse(why, "truncated: %llu bytes, the header announces %llu",
			      size, h->setup_bytes + need);
	h->kernel_bytes = size - h->setup_bytes;
	h->initrd_max = rd32(image + BZ_INITRD_ADDR_MAX);
	/*
	 * A relocatable kernel (2.05+) goes to its preferred address (2.10+),
	 * as GRUB puts it; others where code32_start says.
	 */
	h->load_addr = rd32(image + BZ_CODE32_START);
	if (image[BZ_RELOCATABLE] && h->version >= 0x020a) {
		uint64_t pref = rd32(image + BZ_PREF_ADDRESS) |
				(uint64_t)rd32(image + BZ_PREF_ADDRESS + 4) << 32;

		if (pref >> 32)
			return refuse(why, "preferred address 0x%llx is above 4 GiB",
				      pref, 0);
		h->load_addr = (uint32_t)pref;
	}
	if (h->load_addr < GUEST_HIGH_RAM_START)
		return refuse(why, "load address 0x%llx is below 1 MiB",
			      h->load_addr, 0);
	/* init_size (2.10+): the memory the kernel needs from its load address. */
	h->init_size = h->version >= 0x020a ? rd32(image + BZ_INIT_SIZE) : 0;
	if (h->init_size < h->kernel_bytes)
		h->init_size = (uint32_t)h->kernel_bytes;
	return 0;
}

static int fits(const struct bz_header *h, uint64_t ram_size,
		uint64_t initrd_size, uint64_t *initrd_addr, char *why)
{
	uint64_t kernel_end = (uint64_t)h->load_addr + h->init_size, top;

	if (ram_size <= GUEST_HIGH_RAM_START || ram_size > GUEST_RAM_MAX)
		return refuse(why, "guest RAM of %llu KiB is no PC's", ram_size >> 10, 0);
	if (kernel_end > ram_size)
		return refuse(why, "does not fit the guest's RAM: the kernel needs up to 0x%llx, RAM ends at 0x%llx",
			      kernel_end, ram_size);
	*initrd_addr = 0;
	if (!initrd_size)
		return 0;
	/* As high as allowed, as GRUB does: below initrd_addr_max and RAM's end. */
	top = (uint64_t)h->initrd_max + 1;
	if (top > ram_size)
		top = ram_size;
	if (initrd_size > top ||
	    ((top - initrd_size) & ~(uint64_t)(PAGE - 1)) < kernel_end) {
		refuse(why, "initrd of %llu bytes does not fit the guest's RAM above the kernel (free: %llu bytes)",
		       initrd_size, top > kernel_end ? top - kernel_end : 0);
		return BZIMAGE_BAD_INITRD;
	}
	*initrd_addr = (top - initrd_size) & ~(uint64_t)(PAGE - 1);
	return 0;
}

int bzimage_check(const uint8_t *image, size_t size, uint64_t ram_size,
		  uint64_t initrd_size, char why[BZIMAGE_WHY_MAX])
{
	struct bz_header h;
	uint64_t initrd_addr;

	if (parse(image, size, &h, why))
		return BZIMAGE_BAD_IMAGE;
	return fits(&h, ram_size, initrd_size, &initrd_addr, why);
}

/* A flat 4 GiB code and data segment at the selectors Linux expects. */
static void write_gdt(uint8_t *ram)
{
	static const uint64_t gdt[] = {
		0, 0,					/* 0x00, 0x08 */
		BOOT_DESC_CODE32 | BOOT_DESC_ACCESSED,	/* __BOOT_CS 0x10 */
		BOOT_DESC_DATA32 | BOOT_DESC_ACCESSED,	/* __BOOT_DS 0x18 */
	};

	_Static_assert(sizeof(gdt) == BZ_GDT_LIMIT + 1, "BZ_GDT_LIMIT");
	boot_gdt_write(ram + BZ_GDT_GPA, gdt, sizeof(gdt) / sizeof(gdt[0]));
}

static uint32_t write_e820(uint8_t *zp, uint64_t ram_size)
{
	struct guest_region r[GUEST_REGIONS_MAX];
	size_t n = guest_memory_map(ram_size, r, GUEST_REGIONS_MAX);

	for (size_t i = 0; i < n && i < BZ_E820_MAX; i++) {
		uint8_t *e = zp + BZ_E820_TABLE + 20 * i;

		wr64(e, r[i].start);
		wr64(e + 8, r[i].len);
		wr32(e + 16, r[i].type);
	}
	zp[BZ_E820_ENTRIES] = (uint8_t)n;
	return (uint32_t)n;
}

bool bzimage_set_acpi_rsdp(uint8_t *ram, const struct bzimage_boot *b,
			   uint64_t rsdp)
{
	if (b->version < 0x020e)
		return false;
	wr64(ram + b->zero_page + BZ_ACPI_RSDP_ADDR, rsdp);
	return true;
}

int bzimage_load(uint8_t *ram, uint64_t ram_size, const uint8_t *image,
		 size_t size, const uint8_t *initrd, size_t initrd_size,
		 const char *cmdline, struct bzimage_boot *out,
		 char why[BZIMAGE_WHY_MAX])
{
	struct bz_header h;
	uint64_t initrd_addr;
	uint32_t cmdline_max;
	size_t len;
	uint8_t *zp;
	int rc;

	if (parse(image, size, &h, why))
		return BZIMAGE_BAD_IMAGE;
	rc = fits(&h, ram_size, initrd_size, &initrd_addr, why);
	if (rc)
		return rc;

	memcpy(ram + h.load_addr, image + h.setup_bytes, h.kernel_bytes);
	if (initrd_size)
		memcpy(ram + initrd_addr, initrd, initrd_size);

	/* The command line: cmdline_size (2.06+) bounds it, without the NUL. */
	cmdline_max = rd32(image + BZ_CMDLINE_SIZE);
	if (cmdline_max > BZ_CMDLINE_END - BZ_CMDLINE_GPA - 1)
		cmdline_max = BZ_CMDLINE_END - BZ_CMDLINE_GPA - 1;
	len = strlen(cmdline ? cmdline : "");
	if (len > cmdline_max)
		return refuse(why, "command line of %llu characters is longer than the kernel's %llu",
			      len, cmdline_max);
	memset(ram + BZ_CMDLINE_GPA, 0, BZ_CMDLINE_END - BZ_CMDLINE_GPA);
	memcpy(ram + BZ_CMDLINE_GPA, cmdline ? cmdline : "", len);

	/* The zero page: zeroed, the setup header as the file has it, then ours. */
	zp = ram + BZ_ZERO_PAGE_GPA;
	memset(zp, 0, PAGE);
	memcpy(zp + BZ_SETUP_SECTS, image + BZ_SETUP_SECTS,
	       h.header_end - BZ_SETUP_SECTS);
	zp[BZ_TYPE_OF_LOADER] = BZ_LOADER_UNDEFINED;
	zp[BZ_LOADFLAGS] |= BZ_CAN_USE_HEAP;
	wr16(zp + BZ_HEAP_END_PTR, 0xfe00);	/* the real-mode heap; unused here */
	wr32(zp + BZ_CODE32_START, h.load_addr);
	wr32(zp + BZ_CMD_LINE_PTR, BZ_CMDLINE_GPA);
	wr32(zp + BZ_RAMDISK_IMAGE, (uint32_t)initrd_addr);
	wr32(zp + BZ_RAMDISK_SIZE, (uint32_t)initrd_size);
	out->e820_entries = write_e820(zp, ram_size);
	write_gdt(ram);

	out->entry = h.load_addr;
	out->zero_page = BZ_ZERO_PAGE_GPA;
	out->gdt = BZ_GDT_GPA;
	out->gdt_limit = BZ_GDT_LIMIT;
	out->load_addr = h.load_addr;
	out->init_size = h.init_size;
	out->initrd_addr = (uint32_t)initrd_addr;
	out->initrd_size = (uint32_t)initrd_size;
	out->version = h.version;
	return 0;
}
