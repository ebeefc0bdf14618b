// SPDX-License-Identifier: MIT
/*
 * smbios: the SMBIOS tables (DMTF DSP0134) as Linux's dmi_scan_machine()
 * finds them without EFI: a 16-byte aligned "_SM3_" or "_SM_" entry
 * point in 0xf0000-0xfffff, its checksums, the structure table it points
 * to, each structure's type, length and strings, and the fields a kernel
 * reads: the BIOS and system identification (its "DMI:" line), the
 * chassis type, the processor's ID against CPUID, the memory devices and
 * mapped ranges against the memory map. Natively the tables are
 * SeaBIOS's (QEMU's, through fw_cfg); the strings differ by design.
 */
#include "guest/lib/multiboot.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

void kmain(uint32_t magic, uint32_t info);

static uint8_t sum(const uint8_t *p, unsigned int n)
{
	uint8_t s = 0;

	while (n--)
		s += *p++;
	return s;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static uint64_t rd64(const uint8_t *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* String @n (1-based) of the structure at @s; "" for 0 or past the end. */
static const char *str(const uint8_t *s, uint8_t n)
{
	const char *p = (const char *)s + s[1];

	if (!n)
		return "";
	while (--n && *p)
		p += __builtin_strlen(p) + 1;
	return p;
}

/* The byte after the structure's strings (its double NUL). */
static const uint8_t *next(const uint8_t *s)
{
	const uint8_t *p = s + s[1];

	while (p[0] || p[1])
		p++;
	return p + 2;
}

static void bios(const uint8_t *s)
{
	printf("smbios: type 0: vendor \"%s\" version \"%s\" date \"%s\"\n",
	       str(s, s[4]), str(s, s[5]), str(s, s[8]));
	printf("smbios: type 0: starting segment 0x%x, ROM size %u KiB, "
	       "characteristics 0x%llx, extension 0x%x 0x%x\n", rd16(s + 6),
	       64u * (s[9] + 1), (unsigned long long)rd64(s + 10), s[18],
	       s[19]);
}

static void system(const uint8_t *s)
{
	printf("smbios: type 1: manufacturer \"%s\" product \"%s\" version "
	       "\"%s\" serial \"%s\" family \"%s\"\n", str(s, s[4]),
	       str(s, s[5]), str(s, s[6]), str(s, s[7]), str(s, s[26]));
	printf("smbios: type 1: wake-up type %u\n", s[24]);
}

static void processor(const uint8_t *s)
{
	struct cpuid_regs r = cpuid(1, 0);

	printf("smbios: type 4: type %u, family %u, ID equals CPUID 1 EAX, "
	       "EDX: %d, status 0x%x\n", s[5], s[6],
	       rd32(s + 8) == r.eax && rd32(s + 12) == r.edx, s[24]);
	if (s[1] >= 0x28)
		printf("smbios: type 4: cores %u, enabled %u, threads %u\n",
		       s[35], s[36], s[37]);
}

static void memory(const uint8_t *s, uint64_t ram_kib)
{
	uint64_t kib;

	switch (s[0]) {
	case 16:
		printf("smbios: type 16: location %u, use %u, devices %u, "
		       "capacity covers RAM: %d\n", s[4], s[5], rd16(s + 13),
		       (uint64_t)rd32(s + 7) >= ram_kib);
		break;
	case 17:
		kib = (uint64_t)(rd16(s + 12) & 0x7fff) *
		      (rd16(s + 12) & 0x8000 ? 1 : 1024);
		printf("smbios: type 17: size %llu MiB, form factor %u, "
		       "memory type %u\n", (unsigned long long)(kib / 1024),
		       s[14], s[18]);
		break;
	case 19:
		printf("smbios: type 19: KiB 0x%x-0x%x, width %u\n",
		       rd32(s + 4), rd32(s + 8), s[14]);
		break;
	}
}

/* Multiboot's upper memory plus the 1 MiB below it, in KiB. */
static uint64_t ram_kib(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mb = mb_info(magic, info);

	if (!mb || !(mb->flags & MB_INFO_MEMORY))
		return 0;
	return 1024 + (uint64_t)mb->mem_upper;
}

static const uint8_t *find_anchor(void)
{
	for (uintptr_t a = 0xf0000; a < 0x100000; a += 16) {
		const uint8_t *p = (const uint8_t *)a;

		if (!__builtin_memcmp(p, "_SM3_", 5) ||
		    !__builtin_memcmp(p, "_SM_", 4))
			return p;
	}
	return NULL;
}

void kmain(uint32_t magic, uint32_t info)
{
	const uint8_t *ep, *s, *end;
	uint64_t table, kib = ram_kib(magic, info);
	uint32_t len, count = 0xffffffffu, n = 0;

	trap_init();
	platform_init(magic, info);
	ep = find_anchor();
	if (!ep) {
		printf("smbios: no entry point in 0xf0000-0xfffff\n");
		platform_exit(1);
	}
	if (ep[1] == '3') {
		printf("smbios: 64-bit entry point (_SM3_), length %u, "
		       "checksum %s, SMBIOS %u.%u.%u, revision %u\n", ep[6],
		       sum(ep, ep[6]) ? "bad" : "ok", ep[7], ep[8], ep[9],
		       ep[10]);
		len = rd32(ep + 12);
		table = rd64(ep + 16);
	} else {
		printf("smbios: 32-bit entry point (_SM_), length %u, checksum "
		       "%s, SMBIOS %u.%u, revision %u\n", ep[5],
		       sum(ep, ep[5]) ? "bad" : "ok", ep[6], ep[7], ep[10]);
		printf("smbios: _DMI_ %s, its checksum %s, BCD revision 0x%x\n",
		       __builtin_memcmp(ep + 16, "_DMI_", 5) ? "missing" :
		       "present", sum(ep + 16, 15) ? "bad" : "ok", ep[30]);
		len = rd16(ep + 22);
		table = rd32(ep + 24);
		count = rd16(ep + 28);
	}
	if (table >= 0x100000000ull || !len) {
		printf("smbios: table at 0x%llx, %u bytes: not readable here\n",
		       (unsigned long long)table, len);
		platform_exit(1);
	}
	printf("smbios: table in the BIOS area: %d, in the memory map's "
	       "reserved range: %d\n", table >= 0xe0000 && table < 0x100000,
	       table >= 0xe0000 && table + len <= 0x100000);
	s = (const uint8_t *)(uintptr_t)table;
	end = s + len;
	printf("smbios: types:");
	for (const uint8_t *p = s; p + 4 <= end && n < count; p = next(p)) {
		printf(" %u", p[0]);
		n++;
		if (p[0] == 127)
			break;
	}
	printf("\n");
	for (const uint8_t *p = s; p + 4 <= end && n--; p = next(p)) {
		printf("smbios: type %u: length 0x%x\n", p[0], p[1]);
		switch (p[0]) {
		case 0:
			bios(p);
			break;
		case 1:
			system(p);
			break;
		case 3:
			printf("smbios: type 3: manufacturer \"%s\", chassis "
			       "type %u, states %u %u %u\n", str(p, p[4]),
			       p[5] & 0x7f, p[9], p[10], p[11]);
			break;
		case 4:
			processor(p);
			break;
		case 16:
		case 17:
		case 19:
			memory(p, kib);
			break;
		}
		if (p[0] == 127)
			break;
	}
	printf("smbios: done\n");
	platform_exit(0);
}
