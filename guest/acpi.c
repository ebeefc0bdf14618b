// SPDX-License-Identifier: MIT
/*
 * acpi: what an operating system does with the firmware's ACPI tables to
 * power the machine off: find the RSDP by the BIOS-area scan (ACPI 6.4,
 * 5.2.5.1: 16-byte boundaries in 0xe0000-0xfffff), check every checksum,
 * follow the XSDT to the FADT, check its FACS, take the PM1a control
 * block from it and \_S5's SLP_TYP from the DSDT's AML, read the PM
 * timer twice (it must count), then write SLP_TYP | SLP_EN to PM1a_CNT
 * (4.8.3.2.1), a 16-bit register. Under the hypervisor that ends the
 * guest with status 0; the lines after it are never printed. Not a
 * fidelity guest: QEMU's pc firmware gives tables of its own.
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

void kmain(uint32_t magic, uint32_t info);

#define HW_REDUCED	(1u << 20)
#define TMR_VAL_EXT	(1u << 8)
#define SLP_TYP_SHIFT	10
#define SLP_EN		(1u << 13)

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static uint8_t sum(const uint8_t *p, uint32_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

static const uint8_t *find_rsdp(void)
{
	for (uintptr_t a = 0xe0000; a < 0x100000; a += 16) {
		const uint8_t *p = (const uint8_t *)a;

		if (!__builtin_memcmp(p, "RSD PTR ", 8) && sum(p, 20) == 0)
			return p;
	}
	return NULL;
}

static void fail(const char *what)
{
	printf("acpi: FAIL: %s\n", what);
	platform_exit(1);
}

/* A table's header: its signature and whether it sums to zero. */
static const uint8_t *table(uint64_t gpa, const char *sig)
{
	const uint8_t *t = (const uint8_t *)(uintptr_t)gpa;
	uint32_t len = rd32(t + 4);

	printf("acpi: %.4s at 0x%llx, %u bytes, revision %u, checksum %s, "
	       "OEM \"%.6s\"\n", (const char *)t, (unsigned long long)gpa,
	       len, t[8], sum(t, len) ? "bad" : "ok", (const char *)t + 10);
	if (sig && __builtin_memcmp(t, sig, 4))
		fail("not the table expected");
	return t;
}

/* \_S5: NameOp '\' "_S5_" PackageOp PkgLength NumElements, SLP_TYPa. */
static int s5_type(const uint8_t *dsdt)
{
	uint32_t len = rd32(dsdt + 4);

	for (uint32_t i = 36; i + 10 < len; i++) {
		const uint8_t *p = dsdt + i;

		if (p[0] == 0x08 && p[1] == '\\' &&
		    !__builtin_memcmp(p + 2, "_S5_", 4) && p[6] == 0x12 &&
		    !(p[7] & 0xc0))		/* a one-byte PkgLength */
			return p[9] == 0x0a ? p[10] : p[9] <= 1 ? p[9] : -1;
	}
	return -1;
}

void kmain(uint32_t magic, uint32_t info)
{
	const uint8_t *rsdp, *xsdt, *fadt = NULL, *dsdt;
	const uint8_t *facs;
	uint32_t flags, n, t1, t2;
	uint16_t port, tmr;
	int typ;

	trap_init();
	platform_init(magic, info);
	rsdp = find_rsdp();
	if (!rsdp)
		fail("no RSDP in the BIOS area");
	printf("acpi: RSDP at 0x%llx, revision %u, OEM \"%.6s\", extended "
	       "checksum %s\n", (unsigned long long)(uintptr_t)rsdp, rsdp[15],
	       (const char *)rsdp + 9, sum(rsdp, 36) ? "bad" : "ok");
	xsdt = table(rd64(rsdp + 24), "XSDT");
	n = (rd32(xsdt + 4) - 36) / 8;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *t = table(rd64(xsdt + 36 + 8 * i), NULL);

		if (!__builtin_memcmp(t, "FACP", 4))
			fadt = t;
	}
	if (!fadt)
		fail("no FADT in the XSDT");
	flags = rd32(fadt + 112);
	printf("acpi: FADT flags 0x%x, hardware-reduced %d\n", flags,
	       !!(flags & HW_REDUCED));
	/* Hypervisor Vendor Identity (268, 8 bytes; ACPI 6.4, 5.2.9). */
	if (rd64(fadt + 268))
		printf("acpi: FADT hypervisor vendor \"%.8s\"\n", fadt + 268);
	else
		printf("acpi: FADT hypervisor vendor none\n");
	/* X_FIRMWARE_CTRL (132), else FIRMWARE_CTRL (36); no checksum. */
	facs = (const uint8_t *)(uintptr_t)(rd64(fadt + 132) ?
					    rd64(fadt + 132) : rd32(fadt + 36));
	if (!facs || __builtin_memcmp(facs, "FACS", 4) ||
	    (uintptr_t)facs % 64)
		fail("no FACS on a 64-byte boundary");
	printf("acpi: FACS at 0x%llx, %u bytes, version %u\n",
	       (unsigned long long)(uintptr_t)facs, rd32(facs + 4), facs[32]);
	dsdt = table(rd64(fadt + 140), "DSDT");
	typ = s5_type(dsdt);
	/* X_PM1a_CNT_BLK: a GAS at offset 172, system I/O, 16 bits. */
	if (fadt[172] != 1 || fadt[173] != 16 || fadt[89] != 2)
		fail("PM1a_CNT is not a 16-bit I/O port");
	port = (uint16_t)rd64(fadt + 176);
	/* X_PM_TMR_BLK at 208, PM_TMR_LEN at 91. */
	if (fadt[208] != 1 || fadt[91] != 4)
		fail("no PM timer in I/O space");
	tmr = (uint16_t)rd64(fadt + 212);
	t1 = inl(tmr);
	for (int i = 0; i < 1000; i++)
		cpu_relax();
	t2 = inl(tmr);
	printf("acpi: PM timer: port 0x%x, %d bits, %s\n", tmr,
	       flags & TMR_VAL_EXT ? 32 : 24,
	       t1 != t2 && t1 >> 24 == 0 && t2 >> 24 == 0 ? "counting" :
	       "NOT counting");
	printf("acpi: PM1a_CNT: port 0x%x, SCI_EN %u, \\_S5 SLP_TYP %d\n",
	       port, inw(port) & 1, typ);
	if (typ < 0 || typ > 7)
		fail("no \\_S5 package in the DSDT");
	printf("acpi: powering off: writing 0x%x to port 0x%x\n",
	       (unsigned int)(typ << SLP_TYP_SHIFT | SLP_EN), port);
	outw(port, (uint16_t)(typ << SLP_TYP_SHIFT | SLP_EN));
	for (int i = 0; i < 1000; i++)
		cpu_relax();
	fail("still running after SLP_EN");
}
