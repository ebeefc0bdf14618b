// SPDX-License-Identifier: MIT
/*
 * arch/x86/vmx/vmx_qualification.c: exit qualifications and VM-exit
 * instruction information decoded into struct hv_exit, on the values the
 * processor reports for real instructions (Intel SDM Vol. 3C, Table 28-3
 * control-register accesses, Table 28-5 I/O instructions, Table 28-7 EPT
 * violations, and the INS/OUTS instruction-information format).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "arch/x86/vmx/vmx_qualification.h"

/* Table 28-5. */
#define IO_SIZE_1	0u
#define IO_SIZE_2	1u
#define IO_SIZE_4	3u
#define IO_IN		(1u << 3)
#define IO_STRING	(1u << 4)
#define IO_REP		(1u << 5)
#define IO_IMM		(1u << 6)	/* operand encoding: immediate */
#define IO_PORT(p)	((uint64_t)(p) << 16)

/* Table 28-3. */
#define CR_MOV_TO	0u
#define CR_MOV_FROM	1u
#define CR_CLTS		2u
#define CR_LMSW		3u
#define CR_Q(cr, type, gpr)	((uint64_t)(cr) | (type) << 4 | (gpr) << 8)

static struct hv_exit e;

static int setup(void **state)
{
	memset(&e, 0xa5, sizeof(e));
	return 0;
}

/* ------------------------------------------------------------ I/O */

static void test_io_out_dx_al(void **state)
{
	/* out dx, al with DX = 0x3f8 */
	const uint64_t q = IO_PORT(0x3f8) | IO_SIZE_1;

	vmx_qual_io(q, &e);
	assert_int_equal(e.qualification, q);
	assert_int_equal(e.io.port, 0x3f8);
	assert_int_equal(e.io.size, 1);
	assert_false(e.io.in);
	assert_false(e.io.string);
	assert_false(e.io.rep);
}

static void test_io_in_eax_dx(void **state)
{
	/* in eax, dx with DX = 0xcfc */
	vmx_qual_io(IO_PORT(0xcfc) | IO_IN | IO_SIZE_4, &e);
	assert_int_equal(e.io.port, 0xcfc);
	assert_int_equal(e.io.size, 4);
	assert_true(e.io.in);
	assert_false(e.io.string);
	assert_false(e.io.rep);
}

static void test_io_in_ax_imm(void **state)
{
	/* in ax, 0x71: the immediate form, a 16-bit access */
	vmx_qual_io(IO_PORT(0x71) | IO_IMM | IO_IN | IO_SIZE_2, &e);
	assert_int_equal(e.io.port, 0x71);
	assert_int_equal(e.io.size, 2);
	assert_true(e.io.in);
	assert_false(e.io.string);
	assert_false(e.io.rep);
}

static void test_io_rep_outsb(void **state)
{
	const uint64_t q = IO_PORT(0x3f8) | IO_REP | IO_STRING | IO_SIZE_1;

	vmx_qual_io(q, &e);
	assert_int_equal(e.qualification, q);
	assert_int_equal(e.io.port, 0x3f8);
	assert_int_equal(e.io.size, 1);
	assert_false(e.io.in);
	assert_true(e.io.string);
	assert_true(e.io.rep);
}

static void test_io_insw_and_rep_insd(void **state)
{
	vmx_qual_io(IO_PORT(0x1f0) | IO_STRING | IO_IN | IO_SIZE_2, &e);
	assert_int_equal(e.io.port, 0x1f0);
	assert_int_equal(e.io.size, 2);
	assert_true(e.io.in);
	assert_true(e.io.string);
	assert_false(e.io.rep);

	vmx_qual_io(IO_PORT(0xffff) | IO_REP | IO_STRING | IO_IN | IO_SIZE_4,
		    &e);
	assert_int_equal(e.io.port, 0xffff);
	assert_int_equal(e.io.size, 4);
	assert_true(e.io.in);
	assert_true(e.io.string);
	assert_true(e.io.rep);
}

static void test_io_immediate_and_port_zero(void **state)
{
	/* out 0x80, al: the immediate form; then port 0 itself. */
	vmx_qual_io(IO_PORT(0x80) | IO_IMM, &e);
	assert_int_equal(e.io.port, 0x80);
	assert_int_equal(e.io.size, 1);
	vmx_qual_io(IO_PORT(0) | IO_IN, &e);
	assert_int_equal(e.io.port, 0);
	assert_true(e.io.in);
}

static void test_insn_info_address_size(void **state)
{
	/* Bits 9:7: 0 = 16-bit, 1 = 32-bit, 2 = 64-bit. */
	vmx_insn_info_io(0u << 7, &e);
	assert_int_equal(e.io.addr_size, 2);
	vmx_insn_info_io(1u << 7, &e);
	assert_int_equal(e.io.addr_size, 4);
	vmx_insn_info_io(2u << 7, &e);
	assert_int_equal(e.io.addr_size, 8);
	/* The segment register (bits 17:15, DS = 3) does not change it. */
	vmx_insn_info_io(3u << 15 | 2u << 7, &e);
	assert_int_equal(e.io.addr_size, 8);
	vmx_insn_info_io(5u << 15 | 1u << 7, &e);
	assert_int_equal(e.io.addr_size, 4);
	/* Nor do the undefined bits around. */
	vmx_insn_info_io(0xfffc007fu, &e);
	assert_int_equal(e.io.addr_size, 2);
}

static void test_insn_info_leaves_io_fields(void **state)
{
	vmx_qual_io(IO_PORT(0x3f8) | IO_REP | IO_STRING | IO_SIZE_1, &e);
	vmx_insn_info_io(1u << 7, &e);
	assert_int_equal(e.io.port, 0x3f8);
	assert_int_equal(e.io.size, 1);
	assert_true(e.io.rep);
	assert_int_equal(e.io.addr_size, 4);
}

/* ------------------------------------------------------------ CR */

static void test_cr_mov_cr4_r13(void **state)
{
	/* mov cr4, r13 */
	vmx_qual_cr(0xd04, &e);
	assert_int_equal(e.qualification, 0xd04);
	assert_int_equal(e.cr.cr, 4);
	assert_int_equal(e.cr.type, CR_ACCESS_MOV_TO);
	assert_int_equal(e.cr.gpr, 13);
}

static void test_cr_mov_from(void **state)
{
	/* mov rax, cr3 */
	vmx_qual_cr(CR_Q(3, CR_MOV_FROM, 0), &e);
	assert_int_equal(e.cr.cr, 3);
	assert_int_equal(e.cr.type, CR_ACCESS_MOV_FROM);
	assert_int_equal(e.cr.gpr, 0);
	/* mov r15, cr8 */
	vmx_qual_cr(CR_Q(8, CR_MOV_FROM, 15), &e);
	assert_int_equal(e.cr.cr, 8);
	assert_int_equal(e.cr.type, CR_ACCESS_MOV_FROM);
	assert_int_equal(e.cr.gpr, 15);
}

static void test_cr_mov_to_cr0_and_cr3(void **state)
{
	/* mov cr0, rbx */
	vmx_qual_cr(CR_Q(0, CR_MOV_TO, 3), &e);
	assert_int_equal(e.cr.cr, 0);
	assert_int_equal(e.cr.type, CR_ACCESS_MOV_TO);
	assert_int_equal(e.cr.gpr, 3);
	/* mov cr3, rsp */
	vmx_qual_cr(CR_Q(3, CR_MOV_TO, 4), &e);
	assert_int_equal(e.cr.cr, 3);
	assert_int_equal(e.cr.gpr, 4);
}

static void test_cr_clts(void **state)
{
	vmx_qual_cr(CR_Q(0, CR_CLTS, 0), &e);
	assert_int_equal(e.cr.cr, 0);
	assert_int_equal(e.cr.type, CR_ACCESS_CLTS);
}

static void test_cr_lmsw(void **state)
{
	/* lmsw ax with AX = 0x0031: source data in bits 31:16. */
	uint64_t q = 0x0031ULL << 16 | CR_Q(0, CR_LMSW, 0);

	vmx_qual_cr(q, &e);
	assert_int_equal(e.cr.cr, 0);
	assert_int_equal(e.cr.type, CR_ACCESS_LMSW);
	assert_int_equal(e.cr.lmsw_source, 0x0031);
	/* A memory operand (bit 6) with all 16 bits set. */
	q = 0xffffULL << 16 | 1u << 6 | CR_Q(0, CR_LMSW, 0);
	vmx_qual_cr(q, &e);
	assert_int_equal(e.cr.type, CR_ACCESS_LMSW);
	assert_int_equal(e.cr.lmsw_source, 0xffff);
	assert_int_equal(e.cr.cr, 0);
}

static void test_cr_fields_independent(void **state)
{
	/* Every field at its maximum with the others zero, and back. */
	vmx_qual_cr(0xf, &e);
	assert_int_equal(e.cr.cr, 15);
	assert_int_equal(e.cr.type, 0);
	assert_int_equal(e.cr.gpr, 0);
	assert_int_equal(e.cr.lmsw_source, 0);
	vmx_qual_cr(0xf00, &e);
	assert_int_equal(e.cr.cr, 0);
	assert_int_equal(e.cr.gpr, 15);
	assert_int_equal(e.cr.type, 0);
	vmx_qual_cr(0x30, &e);
	assert_int_equal(e.cr.type, 3);
	assert_int_equal(e.cr.cr, 0);
	assert_int_equal(e.cr.gpr, 0);
	/* Bits 7:6 and 15:12 are not part of any field. */
	vmx_qual_cr(0xf0c4, &e);
	assert_int_equal(e.cr.cr, 4);
	assert_int_equal(e.cr.type, 0);
	assert_int_equal(e.cr.gpr, 0);
	assert_int_equal(e.cr.lmsw_source, 0);
}

/* ------------------------------------------------------------ EPT */

static void test_ept_violation_access(void **state)
{
	vmx_qual_ept_violation(0x1, &e);
	assert_int_equal(e.qualification, 0x1);
	assert_true(e.npf.read);
	assert_false(e.npf.write);
	assert_false(e.npf.fetch);
	assert_false(e.npf.gla_valid);

	vmx_qual_ept_violation(0x2, &e);
	assert_false(e.npf.read);
	assert_true(e.npf.write);
	assert_false(e.npf.fetch);
	assert_false(e.npf.gla_valid);

	vmx_qual_ept_violation(0x4, &e);
	assert_false(e.npf.read);
	assert_false(e.npf.write);
	assert_true(e.npf.fetch);
	assert_false(e.npf.gla_valid);
	/* No linear address: not a page walk either (bit 8 undefined). */
	vmx_qual_ept_violation(0x104, &e);
	assert_false(e.npf.page_walk);
}

static void test_ept_violation_gla_valid(void **state)
{
	/* A write through a linear address (bits 7 and 8), to a page that
	 * was not present (bits 5:3 clear). */
	vmx_qual_ept_violation(0x182, &e);
	assert_false(e.npf.read);
	assert_true(e.npf.write);
	assert_false(e.npf.fetch);
	assert_true(e.npf.gla_valid);
	assert_false(e.npf.page_walk);

	/* A read of a page the entry allows to be read and written (bits 3,
	 * 4): the entry's permissions are not the access. */
	vmx_qual_ept_violation(0x99, &e);
	assert_true(e.npf.read);
	assert_false(e.npf.write);
	assert_false(e.npf.fetch);
	assert_true(e.npf.gla_valid);
	/* Bit 8 clear with bit 7 set: the access was the page walk's. */
	assert_true(e.npf.page_walk);

	/* The three access bits are independent of each other. */
	vmx_qual_ept_violation(0x87, &e);
	assert_true(e.npf.read);
	assert_true(e.npf.write);
	assert_true(e.npf.fetch);
	assert_true(e.npf.gla_valid);
}

static void test_ept_violation_high_bits(void **state)
{
	/* NMI unblocking (bit 12) and bits above do not look like access bits. */
	vmx_qual_ept_violation(0xfffffffffffff000ULL | 0x80, &e);
	assert_false(e.npf.read);
	assert_false(e.npf.write);
	assert_false(e.npf.fetch);
	assert_true(e.npf.gla_valid);
	assert_int_equal(e.qualification, 0xfffffffffffff080ULL);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_io_out_dx_al),
		T(test_io_in_eax_dx),
		T(test_io_in_ax_imm),
		T(test_io_rep_outsb),
		T(test_io_insw_and_rep_insd),
		T(test_io_immediate_and_port_zero),
		T(test_insn_info_address_size),
		T(test_insn_info_leaves_io_fields),
		T(test_cr_mov_cr4_r13),
		T(test_cr_mov_from),
		T(test_cr_mov_to_cr0_and_cr3),
		T(test_cr_clts),
		T(test_cr_lmsw),
		T(test_cr_fields_independent),
		T(test_ept_violation_access),
		T(test_ept_violation_gla_valid),
		T(test_ept_violation_high_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
