/* SPDX-License-Identifier: MIT */
/*
 * A small AML encoder: enough of the ACPI Machine Language (ACPI 6.4,
 * chapter 20, "ACPI Machine Language Specification") to describe a
 * virtual platform in a DSDT: names, integers, strings, packages,
 * scopes, devices, methods that return constants and resource templates
 * (Memory32Fixed, IO, Interrupt). docs/acpi.md shows how to use it.
 *
 * The encoder appends to a caller's buffer. Constructs with a body
 * (scope, device, method, package, buffer) are opened, filled and closed:
 * their PkgLength is only known at the close, which moves the body down
 * when the length needs fewer than the 4 bytes reserved for it. Nothing
 * is allocated; a full buffer sets @overflow and later calls do nothing.
 */
#ifndef HV_ACPI_AML_H
#define HV_ACPI_AML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AML_NESTING_MAX	16
#define AML_NAME_SEGS_MAX	16	/* segments in one NameString */

struct aml {
	uint8_t *buf;
	size_t len, cap;
	bool overflow;		/* something did not fit, or a misuse */
	unsigned int depth;
	size_t open[AML_NESTING_MAX];	/* each open PkgLength */
	size_t res_start;	/* an open template's first byte, or 0 */
};

/* Opcodes (ACPI 6.4, 20.3 "AML Byte Stream Byte Values"). */
#define AML_ZERO_OP		0x00
#define AML_ONE_OP		0x01
#define AML_NAME_OP		0x08
#define AML_BYTE_PREFIX		0x0a
#define AML_WORD_PREFIX		0x0b
#define AML_DWORD_PREFIX	0x0c
#define AML_STRING_PREFIX	0x0d
#define AML_QWORD_PREFIX	0x0e
#define AML_SCOPE_OP		0x10
#define AML_BUFFER_OP		0x11
#define AML_PACKAGE_OP		0x12
#define AML_METHOD_OP		0x14
#define AML_DUAL_NAME_PREFIX	0x2e
#define AML_MULTI_NAME_PREFIX	0x2f
#define AML_EXT_OP_PREFIX	0x5b
#define AML_ROOT_CHAR		0x5c	/* '\' */
#define AML_PARENT_CHAR		0x5e	/* '^' */
#define AML_DEVICE_OP		0x82	/* after AML_EXT_OP_PREFIX */
#define AML_RETURN_OP		0xa4
#define AML_ONES_OP		0xff

/* The largest PkgLength: 28 bits (20.2.4, "Package Length Encoding"). */
#define AML_PKGLEN_MAX		0x0fffffffu

void aml_init(struct aml *a, uint8_t *buf, size_t cap);

/* Raw bytes (the caller knows the encoding). */
void aml_bytes(struct aml *a, const void *p, size_t n);
void aml_byte(struct aml *a, uint8_t b);

/*
 * A NameString: "\_SB_.COM1", "_S5", "^FOO": a root or parent prefix,
 * then segments separated by dots, each of 1 to 4 characters (A-Z, 0-9,
 * '_', not starting with a digit) padded with '_'. A bad name sets
 * @overflow (it is the caller's bug).
 */
void aml_name_string(struct aml *a, const char *name);

/* The smallest encoding of @v: Zero, One, Ones, or a Byte..QWord prefix. */
void aml_integer(struct aml *a, uint64_t v);
/* A String: printable ASCII, NUL-terminated. */
void aml_string(struct aml *a, const char *s);
/* A 7-character EISA ID ("PNP0501") as the integer EISAID() makes. */
void aml_eisaid(struct aml *a, const char *id);
uint32_t aml_eisaid_value(const char *id);

/* Name (NAME, ...): the value follows (an integer, string, package...). */
void aml_name(struct aml *a, const char *name);
void aml_name_integer(struct aml *a, const char *name, uint64_t v);
void aml_name_string_value(struct aml *a, const char *name, const char *s);

/* Opened constructs; each is closed with aml_close(). */
void aml_scope(struct aml *a, const char *name);
void aml_device(struct aml *a, const char *name);
/* Method (NAME, @args) NotSerialized: a body of terms follows. */
void aml_method(struct aml *a, const char *name, unsigned int args);
/* Package (@count): @count data objects follow. */
void aml_package(struct aml *a, unsigned int count);
void aml_close(struct aml *a);

/* Method (NAME) { Return (@v) } */
void aml_method_return_integer(struct aml *a, const char *name, uint64_t v);

/*
 * ResourceTemplate () { ... }: a Buffer of resource descriptors
 * (ACPI 6.4, 6.4 "Resource Data Types for ACPI"), closed by
 * aml_resource_end(), which writes the End Tag with its checksum and
 * closes the buffer.
 */
void aml_resource_template(struct aml *a);
/* IO (Decode16, @min, @max, @align, @len) */
void aml_res_io(struct aml *a, uint16_t min, uint16_t max, uint8_t align,
		uint8_t len);
/* Memory32Fixed (ReadWrite or ReadOnly, @base, @len) */
void aml_res_memory32_fixed(struct aml *a, bool writable, uint32_t base,
			    uint32_t len);
/*
 * What a bridge decodes for its children (6.4.3.5): @min-@max, fixed,
 * producer, positive decode. Type-specific flags: I/O _RNG (EntireRange
 * 3); memory _RW (bit 0) and _MEM (bits 2:1: 0 non-cacheable, 1
 * cacheable).
 */
enum aml_space { AML_SPACE_MEMORY = 0, AML_SPACE_IO = 1, AML_SPACE_BUS = 2 };
#define AML_IO_ENTIRE_RANGE	0x03
#define AML_MEM_RW		0x01
#define AML_MEM_CACHEABLE	0x02
/* WordIO (...) or WordBusNumber (...) */
void aml_res_word_address(struct aml *a, enum aml_space space,
			  uint8_t type_flags, uint16_t min, uint16_t max);
/* DWordMemory (...) */
void aml_res_dword_memory(struct aml *a, uint8_t type_flags, uint32_t min,
			  uint32_t max);
/* Interrupt (ResourceConsumer, Edge|Level, ActiveHigh|Low, Exclusive) {@gsi} */
#define AML_IRQ_EDGE		(1u << 1)
#define AML_IRQ_ACTIVE_LOW	(1u << 2)
#define AML_IRQ_SHARED		(1u << 3)
void aml_res_interrupt(struct aml *a, unsigned int flags, uint32_t gsi);
void aml_resource_end(struct aml *a);

/* Did everything fit, and is every construct closed? */
static inline bool aml_ok(const struct aml *a)
{
	return !a->overflow && a->depth == 0;
}

/* The PkgLength encoding of a body of @body bytes: its size (1-4), or 0. */
unsigned int aml_pkglen_encode(size_t body, uint8_t out[4]);

#endif
