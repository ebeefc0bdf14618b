// SPDX-License-Identifier: MIT
/*
 * The guest's ACPI tables (hv/acpi/) through Debian's iasl (acpica-tools,
 * installed by make deps): each table is written to a file and
 * disassembled with `iasl -d`, which must report no error or warning and
 * decode the fields we meant; the disassembly is compiled back (`iasl
 * -oa`, no optimizations) and must give our bytes again, apart from the
 * compiler's name in the header and the resource End Tag's checksum,
 * which iasl leaves 0 ("treated as if the checksum succeeded", ACPI 6.4
 * 6.4.2.9) where we compute it. iasl cannot disassemble an RSDP, so it
 * compiles one from our field values and must produce our 36 bytes.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/acpi/acpi.h"

static uint8_t area[ACPI_TABLES_SIZE];
static struct acpi_layout l;
static char dir[] = "/tmp/hv-acpi-iasl-XXXXXX";

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void write_file(const char *name, const void *p, size_t n)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static char *read_file(const char *name, size_t *len)
{
	static char buf[1 << 16];
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	*len = fread(buf, 1, sizeof(buf) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* Run iasl in the directory; fail on its status or any error or warning. */
static void iasl(const char *args)
{
	char cmd[512], out[1 << 14], lower[1 << 14];
	size_t n = 0;
	FILE *p;
	int rc;

	snprintf(cmd, sizeof(cmd), "cd %s && iasl %s 2>&1", dir, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	rc = pclose(p);
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)out[i]);
	/* The compiler's all-clear names both words: blank it out first. */
	for (char *ok; (ok = strstr(lower, "0 errors, 0 warnings"));)
		memset(ok, '.', strlen("0 errors, 0 warnings"));
	if (rc != 0 || strstr(lower, "error") || strstr(lower, "warning"))
		fail_msg("iasl %s: status %d:\n%s", args, rc, out);
}

static void expect_in(const char *file, const char *want)
{
	size_t len;
	char *text = read_file(file, &len);

	if (!strstr(text, want))
		fail_msg("%s lacks \"%s\"", file, want);
}

/* Disassemble @name.dat, compile it back, compare with @t. */
static void round_trip(const char *name, const uint8_t *t)
{
	char args[128], dat[64], dsl[64], aml[64];
	uint32_t len = rd32(t + 4);
	const uint8_t *back;
	size_t n;

	snprintf(dat, sizeof(dat), "%s.dat", name);
	snprintf(dsl, sizeof(dsl), "%s.dsl", name);
	snprintf(aml, sizeof(aml), "%s-back.aml", name);
	write_file(dat, t, len);
	snprintf(args, sizeof(args), "-d %s", dat);
	iasl(args);
	snprintf(args, sizeof(args), "-oa -p %s-back %s", name, dsl);
	iasl(args);
	back = (const uint8_t *)read_file(aml, &n);
	assert_int_equal(n, len);
	/* Signature, length, revision; IDs and OEM revision; the body. */
	assert_memory_equal(back, t, 9);
	assert_memory_equal(back + 10, t + 10, 18);
	for (size_t i = ACPI_HEADER_SIZE; i < len; i++) {
		if (back[i] == t[i])
			continue;
		if (!(back[i] == 0 && t[i - 1] == 0x79 && back[i - 1] == 0x79))
			fail_msg("%s: byte %zu is 0x%02x, iasl makes 0x%02x",
				 name, i, t[i], back[i]);
	}
}

static int setup(void **state)
{
	struct acpi_platform p = { .apic = true, .cpus = 1 };

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	return acpi_build_tables(area, ACPI_TABLES_GPA, sizeof(area), &p, &l);
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static const uint8_t *at(uint64_t gpa)
{
	return area + (gpa - ACPI_TABLES_GPA);
}

static void test_dsdt(void **state)
{
	(void)state;
	round_trip("dsdt", at(l.dsdt));
	expect_in("dsdt.dsl", "DefinitionBlock (\"\", \"DSDT\", 2, \"EDUHV \", \"EDUHVPC \", 0x00000001)");
	expect_in("dsdt.dsl", "Name (\\_S5, Package (0x02)");
	expect_in("dsdt.dsl", "Device (CPU0)");
	expect_in("dsdt.dsl", "Name (_HID, \"ACPI0007\" /* Processor Device */)");
	expect_in("dsdt.dsl", "Name (_HID, EisaId (\"PNP0501\")");
	expect_in("dsdt.dsl", "Method (_STA, 0, NotSerialized)");
	expect_in("dsdt.dsl", "Return (0x0F)");
	expect_in("dsdt.dsl", "IO (Decode16,\n                    0x03F8,");
	expect_in("dsdt.dsl", "Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive, ,, )\n                {\n                    0x00000004,");
	expect_in("dsdt.dsl", "Device (RTC)");
	expect_in("dsdt.dsl", "Name (_HID, EisaId (\"PNP0B00\")");
	expect_in("dsdt.dsl", "IO (Decode16,\n                    0x0070,");
	expect_in("dsdt.dsl", "                    0x00000008,");
	expect_in("dsdt.dsl", "Device (KBD)");
	expect_in("dsdt.dsl", "Name (_HID, EisaId (\"PNP0303\")");
	expect_in("dsdt.dsl", "IO (Decode16,\n                    0x0060,");
	expect_in("dsdt.dsl", "IO (Decode16,\n                    0x0064,");
	expect_in("dsdt.dsl", "                    0x00000001,");
	expect_in("dsdt.dsl", "Device (MOU)");
	expect_in("dsdt.dsl", "Name (_HID, EisaId (\"PNP0F13\")");
	expect_in("dsdt.dsl", "                    0x0000000C,");
}

/* virtio=console: a virtio-mmio device as Firecracker declares one. */
static void test_dsdt_virtio(void **state)
{
	static uint8_t va[ACPI_TABLES_SIZE];
	struct acpi_platform p = { .apic = true, .cpus = 1,
				   .virtio_mmio_base = 0xfeb00000,
				   .virtio_mmio_gsi = 5 };
	struct acpi_layout vl;

	(void)state;
	assert_int_equal(acpi_build_tables(va, ACPI_TABLES_GPA, sizeof(va), &p,
					   &vl), 0);
	round_trip("dsdtv", va + (vl.dsdt - ACPI_TABLES_GPA));
	expect_in("dsdtv.dsl", "Device (VR00)");
	expect_in("dsdtv.dsl", "Name (_HID, \"LNRO0005\")");
	expect_in("dsdtv.dsl", "Memory32Fixed (ReadWrite,\n"
		  "                    0xFEB00000,         // Address Base\n"
		  "                    0x00000200,         // Address Length");
	expect_in("dsdtv.dsl", "Interrupt (ResourceConsumer, Level, ActiveHigh, "
		  "Exclusive, ,, )\n                {\n                    "
		  "0x00000005,");
}

static void test_fadt(void **state)
{
	(void)state;
	round_trip("facp", at(l.fadt));
	expect_in("facp.dsl", "Signature : \"FACP\"    [Fixed ACPI Description Table (FADT)]");
	expect_in("facp.dsl", "Revision : 06");
	expect_in("facp.dsl", "Hardware Reduced (V5) : 0");
	expect_in("facp.dsl", "32-bit PM Timer (V1) : 0");
	expect_in("facp.dsl", "Reset Register Supported (V2) : 1");
	expect_in("facp.dsl", "DSDT Address : 00000000000E0030");
	expect_in("facp.dsl", "SCI Interrupt : 0009");
	expect_in("facp.dsl", "Century Index : 32");
	expect_in("facp.dsl", "SMI Command Port : 00000000");
	expect_in("facp.dsl", "PM1A Event Block Address : 00000600");
	expect_in("facp.dsl", "PM1A Control Block Address : 00000604");
	expect_in("facp.dsl", "PM Timer Block Address : 00000608");
	expect_in("facp.dsl", "PM1 Event Block Length : 04");
	expect_in("facp.dsl", "PM1 Control Block Length : 02");
	expect_in("facp.dsl", "PM Timer Block Length : 04");
	expect_in("facp.dsl", "PM1A Control Block : [Generic Address Structure]\n"
		  "[0ACh 0172   1]                     Space ID : 01 [SystemIO]\n"
		  "[0ADh 0173   1]                    Bit Width : 10\n"
		  "[0AEh 0174   1]                   Bit Offset : 00\n"
		  "[0AFh 0175   1]         Encoded Access Width : 00 [Undefined/Legacy]\n"
		  "[0B0h 0176   8]                      Address : 0000000000000604");
	expect_in("facp.dsl", "PM Timer Block : [Generic Address Structure]\n"
		  "[0D0h 0208   1]                     Space ID : 01 [SystemIO]\n"
		  "[0D1h 0209   1]                    Bit Width : 20\n"
		  "[0D2h 0210   1]                   Bit Offset : 00\n"
		  "[0D3h 0211   1]         Encoded Access Width : 00 [Undefined/Legacy]\n"
		  "[0D4h 0212   8]                      Address : 0000000000000608");
}

static void test_madt(void **state)
{
	(void)state;
	round_trip("apic", at(l.madt));
	expect_in("apic.dsl", "Local Apic Address : FEE00000");
	expect_in("apic.dsl", "PC-AT Compatibility : 1");
	expect_in("apic.dsl", "Subtable Type : 01 [I/O APIC]");
	expect_in("apic.dsl", "Address : FEC00000");
	expect_in("apic.dsl", "Subtable Type : 02 [Interrupt Source Override]\n"
		  "[041h 0065   1]                       Length : 0A\n"
		  "[042h 0066   1]                          Bus : 00\n"
		  "[043h 0067   1]                       Source : 00\n"
		  "[044h 0068   4]                    Interrupt : 00000002");
	expect_in("apic.dsl", "Subtable Type : 02 [Interrupt Source Override]\n"
		  "[04Bh 0075   1]                       Length : 0A\n"
		  "[04Ch 0076   1]                          Bus : 00\n"
		  "[04Dh 0077   1]                       Source : 09\n"
		  "[04Eh 0078   4]                    Interrupt : 00000009\n"
		  "[052h 0082   2]        Flags (decoded below) : 000D\n"
		  "                                    Polarity : 1\n"
		  "                                Trigger Mode : 3");
}

static void test_xsdt(void **state)
{
	char want[128];

	(void)state;
	round_trip("xsdt", at(l.xsdt));
	snprintf(want, sizeof(want), "ACPI Table Address   0 : %016llX",
		 (unsigned long long)l.fadt);
	expect_in("xsdt.dsl", want);
	snprintf(want, sizeof(want), "ACPI Table Address   1 : %016llX",
		 (unsigned long long)l.madt);
	expect_in("xsdt.dsl", want);
}

/* iasl's data table compiler computes both RSDP checksums itself. */
static void test_rsdp(void **state)
{
	char src[1024];
	const uint8_t *back;
	size_t n;

	(void)state;
	snprintf(src, sizeof(src),
		 "[0008] Signature : \"RSD PTR \"\n"
		 "[0001] Checksum : 00\n"
		 "[0006] Oem ID : \"EDUHV \"\n"
		 "[0001] Revision : 02\n"
		 "[0004] RSDT Address : 00000000\n"
		 "[0004] Length : 00000024\n"
		 "[0008] XSDT Address : %016llX\n"
		 "[0001] Extended Checksum : 00\n"
		 "[0003] Reserved : 000000\n", (unsigned long long)l.xsdt);
	write_file("rsdp.asl", src, strlen(src));
	iasl("rsdp.asl");
	back = (const uint8_t *)read_file("rsdp.aml", &n);
	assert_int_equal(n, ACPI_RSDP_SIZE);
	assert_memory_equal(back, at(l.rsdp), ACPI_RSDP_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dsdt),
		cmocka_unit_test(test_dsdt_virtio),
		cmocka_unit_test(test_fadt),
		cmocka_unit_test(test_madt),
		cmocka_unit_test(test_xsdt),
		cmocka_unit_test(test_rsdp),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
