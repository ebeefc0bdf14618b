// SPDX-License-Identifier: MIT
/* The AML encoder (see aml.h); section numbers are ACPI 6.4's. */
#include "hv/acpi/aml.h"

#include "hv/lib/string.h"

/* Room for a PkgLength of any size, reserved when a construct opens. */
#define PKGLEN_RESERVED	4

#define RES_IO			0x47	/* small item (6.4.2.5) */
#define RES_END_TAG		0x79	/* small item (6.4.2.9) */
#define RES_MEMORY32_FIXED	0x86	/* large item 0x06 (6.4.3.4) */
#define RES_EXT_INTERRUPT	0x89	/* large item 0x09 (6.4.3.6) */
#define RES_DWORD_ADDRESS	0x87	/* large item 0x07 (6.4.3.5.2) */
#define RES_WORD_ADDRESS	0x88	/* large item 0x08 (6.4.3.5.3) */
/* Address space descriptors' general flags: _MIF, _MAF (6.4.3.5.1). */
#define RES_MIN_FIXED		(1u << 2)
#define RES_MAX_FIXED		(1u << 3)
#define RES_CONSUMER		(1u << 0)

void aml_init(struct aml *a, uint8_t *buf, size_t cap)
{
	memset(a, 0, sizeof(*a));
	a->buf = buf;
	a->cap = cap;
}

void aml_bytes(struct aml *a, const void *p, size_t n)
{
	if (a->overflow || n > a->cap - a->len) {
		a->overflow = true;
		return;
	}
	memcpy(a->buf + a->len, p, n);
	a->len += n;
}

void aml_byte(struct aml *a, uint8_t b)
{
	aml_bytes(a, &b, 1);
}

static void le(struct aml *a, uint64_t v, unsigned int n)
{
	uint8_t b[8];

	for (unsigned int i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	aml_bytes(a, b, n);
}

/*
 * 20.2.4: one byte holds lengths up to 63 in bits 0-5; otherwise bits 6-7
 * of the lead byte count the bytes that follow (1-3), its bits 0-3 are
 * the length's low nibble and each following byte the next 8 bits. The
 * length counts the PkgLength itself.
 */
unsigned int aml_pkglen_encode(size_t body, uint8_t out[4])
{
	static const size_t max[] = { 0x3f, 0xfff, 0xfffff, AML_PKGLEN_MAX };

	for (unsigned int n = 1; n <= 4; n++) {
		size_t total = body + n;

		if (total > max[n - 1])
			continue;
		if (n == 1) {
			out[0] = (uint8_t)total;
			return 1;
		}
		out[0] = (uint8_t)((n - 1) << 6 | (total & 0xf));
		for (unsigned int i = 1; i < n; i++)
			out[i] = (uint8_t)(total >> (4 + 8 * (i - 1)));
		return n;
	}
	return 0;
}

static void open_pkg(struct aml *a)
{
	static const uint8_t zero[PKGLEN_RESERVED];

	if (a->depth == AML_NESTING_MAX) {
		a->overflow = true;
		return;
	}
	a->open[a->depth++] = a->len;
	aml_bytes(a, zero, PKGLEN_RESERVED);
}

void aml_close(struct aml *a)
{
	uint8_t enc[4];
	size_t at, body;
	unsigned int n;

	if (a->depth == 0) {
		a->overflow = true;
		return;
	}
	at = a->open[--a->depth];
	if (a->overflow)
		return;
	body = a->len - at - PKGLEN_RESERVED;
	n = aml_pkglen_encode(body, enc);
	if (!n) {
		a->overflow = true;
		return;
	}
	memmove(a->buf + at + n, a->buf + at + PKGLEN_RESERVED, body);
	memcpy(a->buf + at, enc, n);
	a->len = at + n + body;
}

static bool seg_char(char c, bool first)
{
	return (c >= 'A' && c <= 'Z') || c == '_' ||
	       (!first && c >= '0' && c <= '9');
}

/* 20.2.2 "Name Objects Encoding". */
void aml_name_string(struct aml *a, const char *name)
{
	uint8_t segs[AML_NAME_SEGS_MAX][4];
	unsigned int n = 0;
	const char *p = name;

	while (*p == '\\' || *p == '^') {
		aml_byte(a, *p == '\\' ? AML_ROOT_CHAR : AML_PARENT_CHAR);
		if (*p++ == '\\')
			break;		/* the root prefix comes alone */
	}
	while (*p) {
		unsigned int k = 0;

		if (n == AML_NAME_SEGS_MAX)
			goto bad;
		while (*p && *p != '.') {
			if (k == 4 || !seg_char(*p, k == 0))
				goto bad;
			segs[n][k++] = (uint8_t)*p++;
		}
		if (k == 0)
			goto bad;
		while (k < 4)
			segs[n][k++] = '_';
		n++;
		if (*p == '.' && !*++p)
			goto bad;
	}
	if (n == 0) {
		aml_byte(a, 0);		/* NullName */
		return;
	}
	if (n == 2)
		aml_byte(a, AML_DUAL_NAME_PREFIX);
	else if (n > 2) {
		aml_byte(a, AML_MULTI_NAME_PREFIX);
		aml_byte(a, (uint8_t)n);
	}
	aml_bytes(a, segs, 4 * n);
	return;
bad:
	a->overflow = true;
}

/* 20.2.3 "Data Objects Encoding". */
void aml_integer(struct aml *a, uint64_t v)
{
	if (v == 0)
		aml_byte(a, AML_ZERO_OP);
	else if (v == 1)
		aml_byte(a, AML_ONE_OP);
	else if (v == ~0ULL)
		aml_byte(a, AML_ONES_OP);
	else if (v <= 0xff) {
		aml_byte(a, AML_BYTE_PREFIX);
		le(a, v, 1);
	} else if (v <= 0xffff) {
		aml_byte(a, AML_WORD_PREFIX);
		le(a, v, 2);
	} else if (v <= 0xffffffff) {
		aml_byte(a, AML_DWORD_PREFIX);
		le(a, v, 4);
	} else {
		aml_byte(a, AML_QWORD_PREFIX);
		le(a, v, 8);
	}
}

void aml_string(struct aml *a, const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p > 0x7f)
			a->overflow = true;	/* AsciiChar: 0x01-0x7f */
	aml_byte(a, AML_STRING_PREFIX);
	aml_bytes(a, s, strlen(s) + 1);
}

/*
 * EISAID ("PNP0501"): three letters of 5 bits each (A = 1) and four hex
 * digits, stored so that the bytes read big-endian (19.6.35, EISAID).
 */
uint32_t aml_eisaid_value(const char *id)
{
	uint32_t v;

	if (strlen(id) != 7)
		return 0;
	v = (uint32_t)((id[0] - '@') & 0x1f) << 26 |
	    (uint32_t)((id[1] - '@') & 0x1f) << 21 |
	    (uint32_t)((id[2] - '@') & 0x1f) << 16;
	for (int i = 3; i < 7; i++) {
		char c = id[i];
		uint32_t d = 0;

		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);

		v |= d << (4 * (6 - i));
	}
	return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) |
	       (v << 24);
}

void aml_eisaid(struct aml *a, const char *id)
{
	uint32_t v = aml_eisaid_value(id);

	if (!v)
		a->overflow = true;
	/* Always a DWord, as iasl emits it, whatever its value. */
	aml_byte(a, AML_DWORD_PREFIX);
	le(a, v, 4);
}

void aml_name(struct aml *a, const char *name)
{
	aml_byte(a, AML_NAME_OP);
	aml_name_string(a, name);
}

void aml_name_integer(struct aml *a, const char *name, uint64_t v)
{
	aml_name(a, name);
	aml_integer(a, v);
}

void aml_name_string_value(struct aml *a, const char *name, const char *s)
{
	aml_name(a, name);
	aml_string(a, s);
}

/* 20.2.5.1: DefScope := ScopeOp PkgLength NameString TermList */
void aml_scope(struct aml *a, const char *name)
{
	aml_byte(a, AML_SCOPE_OP);
	open_pkg(a);
	aml_name_string(a, name);
}

/* 20.2.5.2: DefDevice := DeviceOp PkgLength NameString TermList */
void aml_device(struct aml *a, const char *name)
{
	aml_byte(a, AML_EXT_OP_PREFIX);
	aml_byte(a, AML_DEVICE_OP);
	open_pkg(a);
	aml_name_string(a, name);
}

/*
 * DefMethod := MethodOp PkgLength NameString MethodFlags TermList;
 * MethodFlags: bits 0-2 the argument count, bit 3 serialized (no).
 */
void aml_method(struct aml *a, const char *name, unsigned int args)
{
	if (args > 7)
		a->overflow = true;
	aml_byte(a, AML_METHOD_OP);
	open_pkg(a);
	aml_name_string(a, name);
	aml_byte(a, (uint8_t)(args & 7));
}

/* 20.2.5.4: DefPackage := PackageOp PkgLength NumElements PackageElementList */
void aml_package(struct aml *a, unsigned int count)
{
	if (count > 0xff)
		a->overflow = true;	/* VarPackage is not needed here */
	aml_byte(a, AML_PACKAGE_OP);
	open_pkg(a);
	aml_byte(a, (uint8_t)count);
}

void aml_method_return_integer(struct aml *a, const char *name, uint64_t v)
{
	aml_method(a, name, 0);
	aml_byte(a, AML_RETURN_OP);
	aml_integer(a, v);
	aml_close(a);
}

/* DefBuffer := BufferOp PkgLength BufferSize ByteList */
void aml_resource_template(struct aml *a)
{
	if (a->res_start) {
		a->overflow = true;	/* templates do not nest */
		return;
	}
	aml_byte(a, AML_BUFFER_OP);
	open_pkg(a);
	a->res_start = a->len;
}

void aml_res_io(struct aml *a, uint16_t min, uint16_t max, uint8_t align,
		uint8_t len)
{
	aml_byte(a, RES_IO);
	aml_byte(a, 1);			/* 16-bit decode */
	le(a, min, 2);
	le(a, max, 2);
	aml_byte(a, align);
	aml_byte(a, len);
}

void aml_res_memory32_fixed(struct aml *a, bool writable, uint32_t base,
			    uint32_t len)
{
	aml_byte(a, RES_MEMORY32_FIXED);
	le(a, 9, 2);			/* the bytes after the length */
	aml_byte(a, writable ? 1 : 0);
	le(a, base, 4);
	le(a, len, 4);
}

/*
 * An address space a bridge produces, its bounds fixed and decoded
 * positively, no translation: WordIO, WordBusNumber, DWordMemory (...,
 * ResourceProducer, MinFixed, MaxFixed, PosDecode, ...).
 */
static void res_address(struct aml *a, uint8_t tag, unsigned int n,
			enum aml_space space, uint8_t type_flags, uint32_t min,
			uint32_t max)
{
	aml_byte(a, tag);
	le(a, 3 + 5 * n, 2);		/* the bytes after the length */
	aml_byte(a, (uint8_t)space);
	aml_byte(a, RES_MIN_FIXED | RES_MAX_FIXED);
	aml_byte(a, type_flags);
	le(a, 0, n);			/* granularity */
	le(a, min, n);
	le(a, max, n);
	le(a, 0, n);			/* translation offset */
	le(a, (uint64_t)max - min + 1, n);
}

void aml_res_word_address(struct aml *a, enum aml_space space,
			  uint8_t type_flags, uint16_t min, uint16_t max)
{
	res_address(a, RES_WORD_ADDRESS, 2, space, type_flags, min, max);
}

void aml_res_dword_memory(struct aml *a, uint8_t type_flags, uint32_t min,
			  uint32_t max)
{
	res_address(a, RES_DWORD_ADDRESS, 4, AML_SPACE_MEMORY, type_flags,
		    min, max);
}

void aml_res_interrupt(struct aml *a, unsigned int flags, uint32_t gsi)
{
	aml_byte(a, RES_EXT_INTERRUPT);
	le(a, 6, 2);			/* flags, count, one interrupt */
	aml_byte(a, (uint8_t)(RES_CONSUMER | (flags & (AML_IRQ_EDGE |
				AML_IRQ_ACTIVE_LOW | AML_IRQ_SHARED))));
	aml_byte(a, 1);
	le(a, gsi, 4);
}

/*
 * The End Tag's checksum makes the bytes of the whole descriptor list sum
 * to zero (6.4.2.9). The Buffer's size goes in front of the list once it
 * is known.
 */
void aml_resource_end(struct aml *a)
{
	uint8_t sum = RES_END_TAG, size[9];
	size_t start = a->res_start, n;
	struct aml tmp;

	if (!start) {
		a->overflow = true;
		return;
	}
	a->res_start = 0;
	if (a->overflow)
		return;
	for (size_t i = start; i < a->len; i++)
		sum = (uint8_t)(sum + a->buf[i]);
	aml_byte(a, RES_END_TAG);
	aml_byte(a, (uint8_t)-sum);
	aml_init(&tmp, size, sizeof(size));
	aml_integer(&tmp, a->len - start);
	n = tmp.len;
	if (a->overflow || n > a->cap - a->len) {
		a->overflow = true;
		return;
	}
	memmove(a->buf + start + n, a->buf + start, a->len - start);
	memcpy(a->buf + start, size, n);
	a->len += n;
	aml_close(a);
}
