// SPDX-License-Identifier: MIT
/*
 * What every ACPI table shares (ACPI 6.4, 5.2.6 "System Description
 * Table Header"), and the layout of all of them in the BIOS area.
 */
#include "hv/acpi/acpi.h"

#include "hv/lib/string.h"

#define ALIGN	16u
#define FACS_ALIGN	64u	/* ACPI 6.4, 5.2.10 */

void acpi_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void acpi_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void acpi_put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

uint8_t acpi_checksum(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;

	while (n--)
		sum = (uint8_t)(sum + *p++);
	return sum;
}

/* The byte at @at makes the @len bytes of @t sum to zero. */
void acpi_set_checksum(uint8_t *t, size_t len, size_t at)
{
	t[at] = 0;
	t[at] = (uint8_t)-acpi_checksum(t, len);
}

/* Signature, length, revision and our IDs; the checksum comes last. */
void acpi_header(uint8_t *t, const char sig[4], uint32_t len, uint8_t rev)
{
	memcpy(t, sig, 4);
	acpi_put32(t + 4, len);
	t[8] = rev;
	t[9] = 0;
	memcpy(t + 10, ACPI_OEM_ID, 6);
	memcpy(t + 16, ACPI_OEM_TABLE_ID, 8);
	acpi_put32(t + 24, ACPI_OEM_REVISION);
	memcpy(t + 28, ACPI_CREATOR_ID, 4);
	acpi_put32(t + 32, ACPI_CREATOR_REVISION);
}

/* A Generic Address Structure for @bits-wide I/O ports, @access size. */
void acpi_gas_io_access(uint8_t *g, uint16_t port, unsigned int bits,
			unsigned int access)
{
	memset(g, 0, ACPI_GAS_SIZE);
	g[0] = ACPI_GAS_SYSTEM_IO;
	g[1] = (uint8_t)bits;
	g[2] = 0;			/* bit offset */
	g[3] = (uint8_t)access;
	acpi_put64(g + 4, port);
}

/* A Generic Address Structure for @bits-wide byte-accessed I/O ports. */
void acpi_gas_io(uint8_t *g, uint16_t port, unsigned int bits)
{
	acpi_gas_io_access(g, port, bits, ACPI_GAS_ACCESS_BYTE);
}

static size_t align_up(size_t v)
{
	return (v + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

/*
 * RSDP first, at the base: the BIOS-area scan looks at 16-byte
 * boundaries (5.2.5.1). Then the DSDT, the FACS (64-byte aligned), the
 * FADT that points at both, the MADT and the XSDT that points at those.
 */
int acpi_build_tables(uint8_t *mem, uint64_t base, size_t size,
		      const struct acpi_platform *p, struct acpi_layout *out)
{
	uint64_t entries[ACPI_XSDT_ENTRIES_MAX];
	unsigned int n = 0;
	size_t at, len;

	memset(out, 0, sizeof(*out));
	if (size < ACPI_RSDP_SIZE)
		return -1;
	memset(mem, 0, size);
	at = align_up(ACPI_RSDP_SIZE);

	len = acpi_build_dsdt(mem + at, size - at, p);
	if (!len)
		return -1;
	out->dsdt = base + at;
	out->dsdt_len = (uint32_t)len;
	at = align_up(at + len);

	at = (at + FACS_ALIGN - 1) & ~(size_t)(FACS_ALIGN - 1);
	if (at >= size || !(len = acpi_build_facs(mem + at, size - at)))
		return -1;
	out->facs = base + at;
	at = align_up(at + len);

	if (at >= size ||
	    !(len = acpi_build_fadt(mem + at, size - at, out->dsdt,
				    out->facs, p)))
		return -1;
	out->fadt = base + at;
	entries[n++] = out->fadt;
	at = align_up(at + len);

	if (p->apic) {
		if (at >= size ||
		    !(len = acpi_build_madt(mem + at, size - at, p)))
			return -1;
		out->madt = base + at;
		out->madt_len = (uint32_t)len;
		entries[n++] = out->madt;
		at = align_up(at + len);
	}

	if (at >= size ||
	    !(len = acpi_build_xsdt(mem + at, size - at, entries, n)))
		return -1;
	out->xsdt = base + at;
	out->xsdt_len = (uint32_t)len;
	at += len;

	acpi_build_rsdp(mem, out->xsdt);
	out->rsdp = base;
	out->end = (uint32_t)at;
	return 0;
}
