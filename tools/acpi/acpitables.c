// SPDX-License-Identifier: MIT
/*
 * acpitables [--no-apic] [--cpus N] [--base ADDR] [--ram BYTES] DIR: the
 * ACPI tables a guest with BYTES of RAM (its PCI window starts there;
 * default 2 GiB) gets (hv/acpi/), built on the host as the hypervisor
 * builds them,
 * written to DIR as one file per table (rsdp.dat, xsdt.dat, facp.dat,
 * apic.dat, dsdt.dat: what `iasl -d` reads) and as area.bin, the memory
 * image from ADDR (default 0xe0000, the BIOS area) that holds them all:
 * QEMU's "-device loader" puts it into a native guest (tests/system/
 * cases_acpi.py).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/acpi/acpi.h"

static uint8_t area[ACPI_TABLES_SIZE];

static int put(const char *dir, const char *name, const uint8_t *p,
	       size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		return -1;
	}
	return 0;
}

static uint32_t len_at(uint64_t gpa, uint64_t base)
{
	const uint8_t *t = area + (gpa - base);

	return t[4] | t[5] << 8 | t[6] << 16 | (uint32_t)t[7] << 24;
}

int main(int argc, char **argv)
{
	struct acpi_platform p = { .apic = true, .cpus = 1 };
	uint64_t base = ACPI_TABLES_GPA;
	struct acpi_layout l;
	const char *dir = NULL;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--no-apic"))
			p.apic = false;
		else if (!strcmp(argv[i], "--cpus") && i + 1 < argc)
			p.cpus = (unsigned int)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--base") && i + 1 < argc)
			base = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--ram") && i + 1 < argc)
			p.pci_mem_base = (uint32_t)strtoul(argv[++i], NULL, 0);
		else if (!dir && argv[i][0] != '-')
			dir = argv[i];
		else
			dir = NULL, i = argc;
	}
	if (!dir) {
		fprintf(stderr, "usage: acpitables [--no-apic] [--cpus N] "
			"[--base ADDR] [--ram BYTES] DIR\n");
		return 2;
	}
	if (acpi_build_tables(area, base, sizeof(area), &p, &l)) {
		fprintf(stderr, "acpitables: the tables do not fit\n");
		return 1;
	}
	rc |= put(dir, "rsdp.dat", area, ACPI_RSDP_SIZE);
	rc |= put(dir, "xsdt.dat", area + (l.xsdt - base), l.xsdt_len);
	rc |= put(dir, "facp.dat", area + (l.fadt - base),
		  len_at(l.fadt, base));
	rc |= put(dir, "dsdt.dat", area + (l.dsdt - base), l.dsdt_len);
	if (l.madt)
		rc |= put(dir, "apic.dat", area + (l.madt - base), l.madt_len);
	rc |= put(dir, "area.bin", area, l.end);
	printf("acpitables: RSDP 0x%llx XSDT 0x%llx FACP 0x%llx DSDT 0x%llx "
	       "APIC 0x%llx, %u bytes\n", (unsigned long long)l.rsdp,
	       (unsigned long long)l.xsdt, (unsigned long long)l.fadt,
	       (unsigned long long)l.dsdt, (unsigned long long)l.madt, l.end);
	return rc ? 1 : 0;
}
