// SPDX-License-Identifier: MIT
/* hv/acpi/aml.c against the encodings of ACPI 6.4 chapter 20 (and iasl's). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "hv/acpi/aml.h"

static uint8_t buf[0x200000];
static struct aml a;

static int setup(void **state)
{
	(void)state;
	memset(buf, 0xcc, sizeof(buf));
	aml_init(&a, buf, sizeof(buf));
	return 0;
}

#define EXPECT(...) do { \
	static const uint8_t want[] = { __VA_ARGS__ }; \
	assert_true(aml_ok(&a)); \
	assert_int_equal(a.len, sizeof(want)); \
	assert_memory_equal(buf, want, sizeof(want)); \
} while (0)

/* Decode a PkgLength the way an AML interpreter does (20.2.4). */
static size_t decode_pkglen(const uint8_t *p, unsigned int *n)
{
	unsigned int follow = p[0] >> 6;
	size_t v;

	*n = follow + 1;
	if (!follow)
		return p[0] & 0x3f;
	v = p[0] & 0xf;
	for (unsigned int i = 1; i <= follow; i++)
		v |= (size_t)p[i] << (4 + 8 * (i - 1));
	return v;
}

static void test_pkglen_boundaries(void **state)
{
	static const struct { size_t body; unsigned int bytes; } c[] = {
		{ 0, 1 }, { 0x3e, 1 }, { 0x3f, 2 }, { 0xffd, 2 }, { 0xffe, 3 },
		{ 0xffffc, 3 }, { 0xffffd, 4 }, { 0xffffffb, 4 },
	};
	uint8_t enc[4];
	unsigned int n;

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		assert_int_equal(aml_pkglen_encode(c[i].body, enc), c[i].bytes);
		assert_int_equal(decode_pkglen(enc, &n), c[i].body + c[i].bytes);
		assert_int_equal(n, c[i].bytes);
		if (c[i].bytes > 1)	/* bits 4-5 of a multi-byte lead are 0 */
			assert_int_equal(enc[0] & 0x30, 0);
	}
	assert_int_equal(aml_pkglen_encode(0xffffffc, enc), 0);
	/* Known encodings: 0x3f total is one byte, 0x41 is 0x41 0x04. */
	assert_int_equal(aml_pkglen_encode(0x3e, enc), 1);
	assert_int_equal(enc[0], 0x3f);
	assert_int_equal(aml_pkglen_encode(0x3f, enc), 2);
	assert_int_equal(enc[0], 0x41);
	assert_int_equal(enc[1], 0x04);
}

/* A scope whose body is @body bytes: its PkgLength moves the body down. */
static void scope_of(size_t body, unsigned int want_bytes)
{
	unsigned int n;
	size_t got;

	setup(NULL);
	aml_scope(&a, "\\");		/* 2 bytes of name: '\' NullName */
	for (size_t i = 0; i < body - 2; i++)
		aml_byte(&a, (uint8_t)i);
	aml_close(&a);
	assert_true(aml_ok(&a));
	assert_int_equal(buf[0], AML_SCOPE_OP);
	got = decode_pkglen(buf + 1, &n);
	assert_int_equal(n, want_bytes);
	assert_int_equal(got, body + n);
	assert_int_equal(a.len, 1 + n + body);
	assert_int_equal(buf[1 + n], AML_ROOT_CHAR);
	assert_int_equal(buf[2 + n], 0);
	assert_int_equal(buf[a.len - 1], (uint8_t)(body - 3));
}

static void test_pkglen_in_place(void **state)
{
	(void)state;
	scope_of(0x3e, 1);
	scope_of(0x3f, 2);
	scope_of(0xffd, 2);
	scope_of(0xffe, 3);
	scope_of(0xffffc, 3);
	scope_of(0xffffd, 4);
}

static void test_nested_lengths(void **state)
{
	unsigned int n;

	(void)state;
	aml_scope(&a, "\\_SB");
	aml_device(&a, "DEV0");
	for (int i = 0; i < 100; i++)
		aml_byte(&a, 0x01);
	aml_close(&a);
	aml_close(&a);
	assert_true(aml_ok(&a));
	/* Outer: 2 + name 5 + inner (2 ops + 2 pkglen + 4 name + 100). */
	assert_int_equal(decode_pkglen(buf + 1, &n), 2 + 5 + 2 + 2 + 4 + 100);
	assert_int_equal(n, 2);
	assert_memory_equal(buf + 3, "\\_SB_", 5);
	assert_int_equal(buf[8], AML_EXT_OP_PREFIX);
	assert_int_equal(buf[9], AML_DEVICE_OP);
	assert_int_equal(decode_pkglen(buf + 10, &n), 2 + 4 + 100);
	assert_memory_equal(buf + 12, "DEV0", 4);
	assert_int_equal(a.len, 1 + 2 + 5 + 2 + 2 + 4 + 100);
}

static void test_names(void **state)
{
	(void)state;
	aml_name_string(&a, "_S5");
	aml_name_string(&a, "\\_SB.COM1");
	aml_name_string(&a, "^A");
	aml_name_string(&a, "A.B.C");
	EXPECT('_', 'S', '5', '_',
	       AML_ROOT_CHAR, AML_DUAL_NAME_PREFIX, '_', 'S', 'B', '_',
	       'C', 'O', 'M', '1',
	       AML_PARENT_CHAR, 'A', '_', '_', '_',
	       AML_MULTI_NAME_PREFIX, 3, 'A', '_', '_', '_', 'B', '_', '_', '_',
	       'C', '_', '_', '_');
}

static void test_bad_names(void **state)
{
	static const char *bad[] = { "TOOLONG", "1ABC", "a", "A..B", "A.",
				     "A-B", "\\\\A" };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setup(NULL);
		aml_name_string(&a, bad[i]);
		assert_true(a.overflow);
	}
}

static void test_integers(void **state)
{
	(void)state;
	aml_integer(&a, 0);
	aml_integer(&a, 1);
	aml_integer(&a, ~0ULL);
	aml_integer(&a, 2);
	aml_integer(&a, 0xff);
	aml_integer(&a, 0x100);
	aml_integer(&a, 0xffff);
	aml_integer(&a, 0x10000);
	aml_integer(&a, 0xffffffff);
	aml_integer(&a, 0x100000000ULL);
	aml_integer(&a, 0x0123456789abcdefULL);
	EXPECT(AML_ZERO_OP, AML_ONE_OP, AML_ONES_OP,
	       AML_BYTE_PREFIX, 2, AML_BYTE_PREFIX, 0xff,
	       AML_WORD_PREFIX, 0x00, 0x01, AML_WORD_PREFIX, 0xff, 0xff,
	       AML_DWORD_PREFIX, 0x00, 0x00, 0x01, 0x00,
	       AML_DWORD_PREFIX, 0xff, 0xff, 0xff, 0xff,
	       AML_QWORD_PREFIX, 0, 0, 0, 0, 1, 0, 0, 0,
	       AML_QWORD_PREFIX, 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01);
}

static void test_strings_and_eisaid(void **state)
{
	(void)state;
	aml_name_string_value(&a, "_HID", "LNRO0005");
	aml_string(&a, "");
	/* iasl: EisaId ("PNP0501") is 0x0105D041, EisaId ("PNP0A03") 0x030AD041. */
	aml_eisaid(&a, "PNP0501");
	assert_int_equal(aml_eisaid_value("PNP0A03"), 0x030ad041);
	EXPECT(AML_NAME_OP, '_', 'H', 'I', 'D', AML_STRING_PREFIX,
	       'L', 'N', 'R', 'O', '0', '0', '0', '5', 0,
	       AML_STRING_PREFIX, 0,
	       AML_DWORD_PREFIX, 0x41, 0xd0, 0x05, 0x01);
}

static void test_package_and_method(void **state)
{
	(void)state;
	aml_name(&a, "\\_S5");
	aml_package(&a, 2);
	aml_integer(&a, 5);
	aml_integer(&a, 0);
	aml_close(&a);
	aml_method_return_integer(&a, "_STA", 0x0f);
	/* As iasl compiles Name (\_S5, Package (2) {5, 0}) and the method. */
	EXPECT(AML_NAME_OP, AML_ROOT_CHAR, '_', 'S', '5', '_',
	       AML_PACKAGE_OP, 0x05, 0x02, AML_BYTE_PREFIX, 0x05, AML_ZERO_OP,
	       AML_METHOD_OP, 0x09, '_', 'S', 'T', 'A', 0x00,
	       AML_RETURN_OP, AML_BYTE_PREFIX, 0x0f);
}

static void test_resource_template(void **state)
{
	uint8_t sum = 0;

	(void)state;
	aml_resource_template(&a);
	aml_res_io(&a, 0x3f8, 0x3f8, 1, 8);
	aml_res_memory32_fixed(&a, true, 0xd0000000, 0x200);
	aml_res_interrupt(&a, AML_IRQ_EDGE, 5);
	aml_resource_end(&a);
	/* 8 + 12 + 9 + 2 = 31 descriptor bytes. */
	EXPECT(AML_BUFFER_OP, 0x22, AML_BYTE_PREFIX, 31,
	       0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x01, 0x08,
	       0x86, 0x09, 0x00, 0x01, 0x00, 0x00, 0x00, 0xd0,
	       0x00, 0x02, 0x00, 0x00,
	       0x89, 0x06, 0x00, 0x03, 0x01, 0x05, 0x00, 0x00, 0x00,
	       0x79, 0x46);
	for (size_t i = 4; i < a.len; i++)
		sum = (uint8_t)(sum + buf[i]);
	assert_int_equal(sum, 0);	/* the End Tag's checksum */
}

static void test_misuse_and_overflow(void **state)
{
	uint8_t small[8];

	(void)state;
	aml_close(&a);				/* nothing open */
	assert_true(a.overflow);
	setup(NULL);
	aml_resource_end(&a);			/* no template open */
	assert_true(a.overflow);
	setup(NULL);
	aml_scope(&a, "\\_SB");
	assert_false(aml_ok(&a));		/* still open */
	aml_init(&a, small, sizeof(small));
	aml_string(&a, "longer than eight");
	assert_true(a.overflow);
	assert_true(a.len <= sizeof(small));
	aml_init(&a, small, sizeof(small));
	aml_method(&a, "_STA", 8);
	assert_true(a.overflow);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_pkglen_boundaries, setup),
		cmocka_unit_test_setup(test_pkglen_in_place, setup),
		cmocka_unit_test_setup(test_nested_lengths, setup),
		cmocka_unit_test_setup(test_names, setup),
		cmocka_unit_test_setup(test_bad_names, setup),
		cmocka_unit_test_setup(test_integers, setup),
		cmocka_unit_test_setup(test_strings_and_eisaid, setup),
		cmocka_unit_test_setup(test_package_and_method, setup),
		cmocka_unit_test_setup(test_resource_template, setup),
		cmocka_unit_test_setup(test_misuse_and_overflow, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
