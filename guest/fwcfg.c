// SPDX-License-Identifier: MIT
/*
 * fwcfg: what a kernel made for QEMU reads from fw_cfg (0x510/0x511):
 * the signature, the port-interface bit of the ID (QEMU 7.2 also sets
 * bit 1, DMA, which the hypervisor does not offer: that bit is not
 * printed), RAM size, CPU count, and the file "etc/e820" found through
 * the directory. The directory's other files (QEMU lists ACPI, SMBIOS,
 * option ROMs...) and the selectors are QEMU's business: not printed.
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

void kmain(uint32_t magic, uint32_t info);

static void sel(uint16_t key)
{
	outw(0x510, key);
}

static uint64_t rd_le(unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint64_t)inb(0x511) << (8 * i);
	return v;
}

static uint64_t rd_be(unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v = v << 8 | inb(0x511);
	return v;
}

void kmain(uint32_t magic, uint32_t info)
{
	char sig[5] = { 0 };
	uint32_t files, e820_size = 0;
	uint16_t e820_sel = 0;

	trap_init();
	platform_init(magic, info);
	sel(0x0000);
	for (int i = 0; i < 4; i++)
		sig[i] = (char)inb(0x511);
	printf("fwcfg: signature \"%s\"\n", sig);
	sel(0x0001);
	printf("fwcfg: id bit 0 (port interface): %d\n", (int)(rd_le(4) & 1));
	sel(0x0003);
	printf("fwcfg: ram size 0x%llx\n", (unsigned long long)rd_le(8));
	sel(0x0005);
	printf("fwcfg: cpus %u\n", (unsigned int)rd_le(2));
	sel(0x000f);
	printf("fwcfg: max cpus %u\n", (unsigned int)rd_le(2));
	sel(0x7fff);
	printf("fwcfg: unknown item reads 0x%x\n", inb(0x511));
	sel(0x0019);
	files = (uint32_t)rd_be(4);
	for (uint32_t i = 0; i < files && i < 256; i++) {
		uint32_t size = (uint32_t)rd_be(4);
		uint16_t s = (uint16_t)rd_be(2);
		char name[57] = { 0 };

		rd_be(2);
		for (int k = 0; k < 56; k++)
			name[k] = (char)inb(0x511);
		if (!__builtin_strcmp(name, "etc/e820")) {
			e820_size = size;
			e820_sel = s;
		}
	}
	printf("fwcfg: etc/e820 in the directory: %d, %u bytes\n",
	       e820_sel != 0, e820_size);
	sel(e820_sel);
	for (uint32_t off = 0; e820_sel && off + 20 <= e820_size; off += 20) {
		uint64_t base = rd_le(8), len = rd_le(8);
		uint32_t type = (uint32_t)rd_le(4);

		printf("fwcfg: e820 base 0x%llx length 0x%llx type %u\n",
		       (unsigned long long)base, (unsigned long long)len, type);
	}
	printf("fwcfg: done\n");
	platform_exit(0);
}
