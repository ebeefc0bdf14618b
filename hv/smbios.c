// SPDX-License-Identifier: MIT
/*
 * SMBIOS 2.8 structures behind a 2.1 entry point (DSP0134 3.x, 5.2.1 and
 * chapter 7), laid out field by field as QEMU 7.2's hw/smbios/smbios.c
 * fills them for the pc machine.
 */
#include "hv/smbios.h"

#include <stdbool.h>

#include "hv/lib/string.h"

#define SMBIOS_MAJOR		2
#define SMBIOS_MINOR		8
#define SMBIOS_BCD_REVISION	0x28

#define VENDOR			"EduHV"
#define PRODUCT			"EduHV PC"
#define BIOS_DATE		"12/01/2026"	/* mm/dd/yyyy (7.1) */

/* A structure being written: its formatted area, then its strings. */
struct smbios_writer {
	uint8_t *buf;
	size_t room, len;
	size_t start;		/* of the structure being written */
	uint8_t strings;	/* how many it has so far */
	size_t largest;		/* structure, strings included */
	unsigned int count;
	bool ok;
};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* Start a structure (7.1.1 header); its formatted area comes back zeroed. */
static uint8_t *begin(struct smbios_writer *w, uint8_t type, uint8_t length,
		      uint16_t handle)
{
	uint8_t *s;

	w->start = w->len;
	w->strings = 0;
	if (!w->ok || w->room - w->len < (size_t)length + 2) {
		w->ok = false;
		return NULL;
	}
	s = w->buf + w->len;
	memset(s, 0, length);
	s[0] = type;
	s[1] = length;
	put16(s + 2, handle);
	w->len += length;
	return s;
}

/* Add @text to the string set: its number for the field (7.1.3). */
static uint8_t string(struct smbios_writer *w, const char *text)
{
	size_t n = strlen(text) + 1;

	if (n == 1)
		return 0;			/* no string */
	if (!w->ok || w->room - w->len < n + 2) {
		w->ok = false;
		return 0;
	}
	memcpy(w->buf + w->len, text, n);
	w->len += n;
	return ++w->strings;
}

/* The string set's end: one more NUL, or two with no strings at all. */
static void end(struct smbios_writer *w)
{
	unsigned int nuls = w->strings ? 1 : 2;

	if (!w->ok || w->room - w->len < nuls) {
		w->ok = false;
		return;
	}
	memset(w->buf + w->len, 0, nuls);
	w->len += nuls;
	w->count++;
	if (w->len - w->start > w->largest)
		w->largest = w->len - w->start;
}

/*
 * Strings land after the formatted area while it is still being filled:
 * each field is set from the string's number once it has been added.
 */
static void bios(struct smbios_writer *w, const struct smbios_platform *p)
{
	uint8_t *s = begin(w, 0, 0x18, 0x0000);

	if (!s)
		return;
	s[4] = string(w, VENDOR);
	s[5] = string(w, p->bios_version);
	put16(s + 6, 0xe800);		/* starting address segment */
	s[8] = string(w, BIOS_DATE);
	s[9] = 0;			/* ROM size: 64 KiB */
	put64(s + 10, 1u << 3);		/* characteristics not supported */
	s[19] = 1u << 2;		/* targeted content distribution */
	s[22] = 0xff;			/* no embedded controller firmware */
	s[23] = 0xff;
	end(w);
}

static void system_info(struct smbios_writer *w)
{
	uint8_t *s = begin(w, 1, 0x1b, 0x0100);

	if (!s)
		return;
	s[4] = string(w, VENDOR);
	s[5] = string(w, PRODUCT);
	s[6] = string(w, "1");
	/* No serial number; the UUID (8-23) all zeros: not present. */
	s[24] = 6;			/* wake-up type: power switch */
	end(w);
}

static void chassis(struct smbios_writer *w)
{
	uint8_t *s = begin(w, 3, 0x16, 0x0300);

	if (!s)
		return;
	s[4] = string(w, VENDOR);
	s[5] = 1;			/* type: other */
	s[9] = 3;			/* boot-up, power supply, thermal: safe */
	s[10] = 3;
	s[11] = 3;
	s[12] = 2;			/* security status: unknown */
	end(w);
}

static void processor(struct smbios_writer *w, const struct smbios_platform *p)
{
	uint8_t *s = begin(w, 4, 0x2a, 0x0400);

	if (!s)
		return;
	s[4] = string(w, "CPU 0");
	s[5] = 3;			/* central processor */
	s[6] = 1;			/* family: other */
	s[7] = string(w, VENDOR);
	put32(s + 8, p->cpuid1_eax);	/* processor ID (7.5.3) */
	put32(s + 12, p->cpuid1_edx);
	s[16] = string(w, VENDOR " vCPU");
	put16(s + 20, 2000);		/* max and current speed, MHz */
	put16(s + 22, 2000);
	s[24] = 0x41;			/* socket populated, CPU enabled */
	s[25] = 1;			/* upgrade: other */
	put16(s + 26, 0xffff);		/* no cache structures */
	put16(s + 28, 0xffff);
	put16(s + 30, 0xffff);
	s[35] = 1;			/* cores, enabled, threads */
	s[36] = 1;
	s[37] = 1;
	put16(s + 38, 1u << 1);		/* characteristics: unknown */
	put16(s + 40, 1);		/* family 2: other */
	end(w);
}

static void memory(struct smbios_writer *w, const struct smbios_platform *p)
{
	uint64_t kib = p->ram_bytes >> 10, mib = p->ram_bytes >> 20;
	uint8_t *s;

	s = begin(w, 16, 0x17, 0x1000);	/* physical memory array */
	if (!s)
		return;
	s[4] = 1;			/* location: other */
	s[5] = 3;			/* use: system memory */
	s[6] = 6;			/* error correction: multi-bit ECC */
	put32(s + 7, (uint32_t)kib);	/* maximum capacity, KiB */
	put16(s + 11, 0xfffe);		/* no error information */
	put16(s + 13, 1);		/* memory devices */
	end(w);

	s = begin(w, 17, 0x28, 0x1100);	/* memory device */
	if (!s)
		return;
	put16(s + 4, 0x1000);		/* its array */
	put16(s + 6, 0xfffe);
	put16(s + 8, 0xffff);		/* total and data width unknown */
	put16(s + 10, 0xffff);
	put16(s + 12, (uint16_t)mib);	/* size in MiB (bit 15 clear) */
	s[14] = 9;			/* form factor: DIMM */
	s[16] = string(w, "DIMM 0");
	s[18] = 7;			/* memory type: RAM */
	put16(s + 19, 1u << 1);		/* type detail: other */
	s[23] = string(w, VENDOR);
	end(w);

	s = begin(w, 19, 0x1f, 0x1300);	/* memory array mapped address */
	if (!s)
		return;
	put32(s + 4, 0);		/* first and last KiB, inclusive */
	put32(s + 8, (uint32_t)(kib - 1));
	put16(s + 12, 0x1000);
	s[14] = 1;			/* partition width */
	end(w);
}

static void boot_and_end(struct smbios_writer *w)
{
	if (begin(w, 32, 0x0b, 0x2000))	/* system boot: no errors */
		end(w);
	if (begin(w, 127, 0x04, 0x7f00))
		end(w);
}

static uint8_t checksum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s += *p++;
	return (uint8_t)-s;
}

/* The 2.1 entry point (5.2.1), paragraph-aligned where a scan finds it. */
static void entry_point(uint8_t *ep, uint64_t table, const struct smbios_writer *w)
{
	memset(ep, 0, SMBIOS_EP_SIZE);
	memcpy(ep, "_SM_", 4);
	ep[5] = SMBIOS_EP_SIZE;
	ep[6] = SMBIOS_MAJOR;
	ep[7] = SMBIOS_MINOR;
	put16(ep + 8, (uint16_t)w->largest);
	memcpy(ep + 16, "_DMI_", 5);
	put16(ep + 22, (uint16_t)(w->len - 32));
	put32(ep + 24, (uint32_t)table);
	put16(ep + 28, (uint16_t)w->count);
	ep[30] = SMBIOS_BCD_REVISION;
	ep[21] = checksum(ep + 16, 15);	/* the intermediate one first */
	ep[4] = checksum(ep, SMBIOS_EP_SIZE);
}

size_t smbios_build(uint8_t *mem, uint64_t base, size_t size,
		    const struct smbios_platform *p)
{
	/* The table follows the entry point on the next 16-byte boundary. */
	struct smbios_writer w = { .buf = mem, .room = size, .len = 32,
				   .ok = size >= 32 };

	if (p->ram_bytes < (1u << 20) || p->ram_bytes >> 20 > 0x7fff ||
	    base + size > 0x100000000ULL)
		return 0;
	bios(&w, p);
	system_info(&w);
	chassis(&w);
	processor(&w, p);
	memory(&w, p);
	boot_and_end(&w);
	if (!w.ok || w.len - 32 > 0xffff)
		return 0;
	entry_point(mem, base + 32, &w);
	return w.len;
}
