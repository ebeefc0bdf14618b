// SPDX-License-Identifier: MIT
/* The SMBIOS tables, read back as Linux's dmi_scan_machine() reads them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hv/smbios.h"

static uint8_t area[SMBIOS_SIZE];

static const struct smbios_platform pc = {
	.ram_bytes = 256ULL << 20,
	.cpuid1_eax = 0x00050654, .cpuid1_edx = 0x0f8bfbff,
	.bios_version = "0.1",
};

static uint8_t sum(const uint8_t *p, size_t n)
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

/* String @n of the structure at @s (7.1.3), NULL past its set. */
static const char *str(const uint8_t *s, unsigned int n)
{
	const char *p = (const char *)s + s[1];

	if (!n)
		return NULL;
	while (--n) {
		if (!*p)
			return NULL;
		p += strlen(p) + 1;
	}
	return *p ? p : NULL;
}

static const uint8_t *next(const uint8_t *s)
{
	const uint8_t *p = s + s[1];

	while (p[0] || p[1])
		p++;
	return p + 2;
}

/* The structure of @type in the table at @t, or NULL. */
static const uint8_t *find(const uint8_t *t, size_t len, uint8_t type)
{
	for (const uint8_t *s = t; s < t + len; s = next(s))
		if (s[0] == type)
			return s;
	return NULL;
}

static const uint8_t *build(void)
{
	memset(area, 0xaa, sizeof(area));
	assert_true(smbios_build(area, SMBIOS_GPA, sizeof(area), &pc) > 32);
	return area;
}

static void test_entry_point(void **state)
{
	const uint8_t *ep = build();

	(void)state;
	/* dmi_present(): anchor, length < 32, checksum, _DMI_ and its sum. */
	assert_memory_equal(ep, "_SM_", 4);
	assert_int_equal(ep[5], 31);
	assert_int_equal(sum(ep, ep[5]), 0);
	assert_int_equal(ep[6], 2);
	assert_int_equal(ep[7], 8);
	assert_memory_equal(ep + 16, "_DMI_", 5);
	assert_int_equal(sum(ep + 16, 15), 0);
	assert_int_equal(ep[30], 0x28);
	/* The table right after it, on a paragraph, inside the area. */
	assert_int_equal(rd32(ep + 24), SMBIOS_GPA + 32);
	assert_true(32u + rd16(ep + 22) <= SMBIOS_SIZE);
	assert_int_equal(rd16(ep + 28), SMBIOS_STRUCTURES);
}

static void test_structures_as_qemu(void **state)
{
	static const uint8_t types[] = { 0, 1, 3, 4, 16, 17, 19, 32, 127 };
	static const uint8_t lengths[] = { 0x18, 0x1b, 0x16, 0x2a, 0x17, 0x28,
					   0x1f, 0x0b, 0x04 };
	const uint8_t *ep = build(), *t = ep + 32, *s = t;
	size_t largest = 0;

	(void)state;
	for (unsigned int i = 0; i < SMBIOS_STRUCTURES; i++) {
		assert_int_equal(s[0], types[i]);
		assert_int_equal(s[1], lengths[i]);
		assert_int_equal(rd16(s + 2), types[i] << 8);
		if ((size_t)(next(s) - s) > largest)
			largest = (size_t)(next(s) - s);
		s = next(s);
	}
	/* The table's length and largest structure, as the entry point says. */
	assert_int_equal(s - t, rd16(ep + 22));
	assert_int_equal(largest, rd16(ep + 8));
}

static void test_identification(void **state)
{
	const uint8_t *t = build() + 32, *s;
	size_t len = rd16(area + 22);

	(void)state;
	/* Linux's "DMI: <vendor> <product>, BIOS <version> <date>". */
	s = find(t, len, 0);
	assert_string_equal(str(s, s[4]), "EduHV");
	assert_string_equal(str(s, s[5]), "0.1");
	assert_string_equal(str(s, s[8]), "12/01/2026");
	assert_int_equal(rd16(s + 6), 0xe800);
	s = find(t, len, 1);
	assert_string_equal(str(s, s[4]), "EduHV");
	assert_string_equal(str(s, s[5]), "EduHV PC");
	assert_null(str(s, s[7]));		/* no serial number */
	for (int i = 8; i < 24; i++)
		assert_int_equal(s[i], 0);	/* no UUID */
	s = find(t, len, 3);
	assert_int_equal(s[5], 1);
	/* No strings: the formatted area ends in two NULs. */
	s = find(t, len, 32);
	assert_int_equal(s[s[1]], 0);
	assert_int_equal(s[s[1] + 1], 0);
	assert_int_equal(next(s) - s, 0x0b + 2);
}

static void test_processor_and_memory(void **state)
{
	const uint8_t *t = build() + 32, *s;
	size_t len = rd16(area + 22);

	(void)state;
	s = find(t, len, 4);
	assert_int_equal(rd32(s + 8), pc.cpuid1_eax);
	assert_int_equal(rd32(s + 12), pc.cpuid1_edx);
	assert_int_equal(s[24], 0x41);
	assert_int_equal(s[35], 1);
	s = find(t, len, 16);
	assert_int_equal(rd32(s + 7), 256u << 10);
	s = find(t, len, 17);
	assert_int_equal(rd16(s + 4), 0x1000);	/* its array, type 16 */
	assert_int_equal(rd16(s + 12), 256);	/* MiB */
	assert_string_equal(str(s, s[16]), "DIMM 0");
	s = find(t, len, 19);
	assert_int_equal(rd32(s + 4), 0);
	assert_int_equal(rd32(s + 8), (256u << 10) - 1);	/* inclusive */
}

static void test_refuses_what_it_cannot_describe(void **state)
{
	struct smbios_platform p = pc;

	(void)state;
	/* Too small an area: nothing, not a truncated table. */
	assert_int_equal(smbios_build(area, SMBIOS_GPA, 64, &pc), 0);
	assert_int_equal(smbios_build(area, SMBIOS_GPA, 16, &pc), 0);
	p.ram_bytes = 512 << 10;
	assert_int_equal(smbios_build(area, SMBIOS_GPA, sizeof(area), &p), 0);
	p.ram_bytes = 32ULL << 30;		/* past type 17's word of MiB */
	assert_int_equal(smbios_build(area, SMBIOS_GPA, sizeof(area), &p), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_point),
		cmocka_unit_test(test_structures_as_qemu),
		cmocka_unit_test(test_identification),
		cmocka_unit_test(test_processor_and_memory),
		cmocka_unit_test(test_refuses_what_it_cannot_describe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
