// SPDX-License-Identifier: MIT
/* ACPI table parsing (see acpi.h); pure, so the host unit tests run it. */
#include "drivers/acpi.h"

struct acpi_sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

struct acpi_rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt_address;
	uint32_t length;		/* revision >= 2 from here on */
	uint64_t xsdt_address;
	uint8_t extended_checksum;
	uint8_t reserved[3];
} __attribute__((packed));

/* FADT field offsets (ACPI 6.4, Table 5.9). */
#define FADT_DSDT		40
#define FADT_PM1A_CNT_BLK	64
#define FADT_PM1B_CNT_BLK	68
#define FADT_X_DSDT		140
#define FADT_X_PM1A_CNT_BLK	172	/* generic address structure */
#define FADT_X_PM1B_CNT_BLK	184
#define GAS_SPACE_IO		1

static int checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += b[i];
	return sum == 0;
}

static int sig_is(const char *s, const char *want)
{
	for (int i = 0; i < 4; i++)
		if (s[i] != want[i])
			return 0;
	return 1;
}

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* An AML integer at @p (ACPI 6.4, 20.2.3 "Data Objects Encoding"). */
static int aml_byte(const uint8_t *p, const uint8_t *end, uint8_t *v,
		    const uint8_t **next)
{
	if (p >= end)
		return -1;
	switch (*p) {
	case 0x00:			/* ZeroOp */
	case 0x01:			/* OneOp */
		*v = *p;
		*next = p + 1;
		return 0;
	case 0x0a:			/* BytePrefix */
		if (p + 1 >= end)
			return -1;
		*v = p[1];
		*next = p + 2;
		return 0;
	case 0x0b:			/* WordPrefix: SLP_TYP is 3 bits */
	case 0x0c:			/* DWordPrefix */
		if (p + 1 >= end)
			return -1;
		*v = p[1];
		*next = p + (*p == 0x0b ? 3 : 5);
		return 0;
	default:
		return -1;
	}
}

int acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *typa, uint8_t *typb)
{
	for (size_t i = 0; i + 4 < len; i++) {
		const uint8_t *p = aml + i, *end = aml + len;
		unsigned int pkglen_bytes;

		if (p[0] != '_' || p[1] != 'S' || p[2] != '5' || p[3] != '_')
			continue;
		/* NameOp, optionally a root prefix '\', then the name. */
		if (!(i >= 1 && (p[-1] == 0x08 ||
				 (p[-1] == '\\' && i >= 2 && p[-2] == 0x08))))
			continue;
		p += 4;
		if (p >= end || *p++ != 0x12)	/* PackageOp */
			continue;
		if (p >= end)
			return -1;
		pkglen_bytes = (*p >> 6) + 1;	/* PkgLength lead byte */
		p += pkglen_bytes;
		p++;				/* NumElements */
		if (aml_byte(p, end, typa, &p) || aml_byte(p, end, typb, &p))
			return -1;
		return 0;
	}
	return -1;
}

int acpi_parse(uint64_t rsdp_phys, struct acpi_pm *pm, const char **why)
{
	const struct acpi_rsdp *rsdp = (const void *)rsdp_phys;
	const struct acpi_sdt_header *root, *fadt = 0;
	const uint8_t *f;
	uint64_t dsdt = 0;
	int xsdt;

	*pm = (struct acpi_pm){ 0 };
	if (!rsdp) {
		*why = "the firmware passed no RSDP";
		return -1;
	}
	if (!checksum_ok(rsdp, 20) || rsdp->signature[0] != 'R' ||
	    rsdp->signature[4] != 'P') {
		*why = "RSDP checksum or signature is bad";
		return -1;
	}
	xsdt = rsdp->revision >= 2 && rsdp->xsdt_address;
	root = (const void *)(xsdt ? rsdp->xsdt_address :
				     (uint64_t)rsdp->rsdt_address);
	if (!checksum_ok(root, root->length)) {
		*why = "XSDT/RSDT checksum is bad";
		return -1;
	}
	for (uint32_t off = sizeof(*root); off + (xsdt ? 8 : 4) <= root->length;
	     off += xsdt ? 8 : 4) {
		const uint8_t *e = (const uint8_t *)root + off;
		const struct acpi_sdt_header *t =
			(const void *)(xsdt ? rd64(e) : rd32(e));

		if (t && sig_is(t->signature, "FACP") &&
		    checksum_ok(t, t->length)) {
			fadt = t;
			break;
		}
	}
	if (!fadt) {
		*why = "no FADT";
		return -1;
	}
	f = (const uint8_t *)fadt;
	pm->fadt_revision = fadt->revision;
	pm->pm1a_cnt = (uint16_t)rd32(f + FADT_PM1A_CNT_BLK);
	pm->pm1b_cnt = (uint16_t)rd32(f + FADT_PM1B_CNT_BLK);
	if (fadt->length >= FADT_X_PM1B_CNT_BLK + 12) {
		/* The X_ fields win where set (ACPI 6.4, 5.2.9). */
		if (f[FADT_X_PM1A_CNT_BLK] == GAS_SPACE_IO &&
		    rd64(f + FADT_X_PM1A_CNT_BLK + 4))
			pm->pm1a_cnt = (uint16_t)rd64(f + FADT_X_PM1A_CNT_BLK + 4);
		if (f[FADT_X_PM1B_CNT_BLK] == GAS_SPACE_IO &&
		    rd64(f + FADT_X_PM1B_CNT_BLK + 4))
			pm->pm1b_cnt = (uint16_t)rd64(f + FADT_X_PM1B_CNT_BLK + 4);
	}
	if (fadt->length >= FADT_X_DSDT + 8)
		dsdt = rd64(f + FADT_X_DSDT);
	if (!dsdt)
		dsdt = rd32(f + FADT_DSDT);
	if (!pm->pm1a_cnt) {
		*why = "the FADT has no PM1a control block";
		return -1;
	}
	if (dsdt) {
		const struct acpi_sdt_header *d = (const void *)dsdt;

		if (sig_is(d->signature, "DSDT") && d->length > sizeof(*d))
			pm->s5_found = !acpi_find_s5((const uint8_t *)(d + 1),
						     d->length - sizeof(*d),
						     &pm->slp_typa,
						     &pm->slp_typb);
	}
	if (!pm->s5_found) {
		*why = "the DSDT has no \\_S5 object";
		return -1;
	}
	return 0;
}

