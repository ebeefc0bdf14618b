// SPDX-License-Identifier: MIT
/*
 * arch/x86/svm/svm_exit.c: #VMEXITs into the core's struct hv_exit, from
 * VMCBs written here as the CPU would leave them (AMD APM vol. 2, 15.10.2
 * IOIO's EXITINFO1, 15.11 MSR, 15.25.6 #NPF, Appendix C the codes).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arch/x86/svm/svm.h"

static struct vmcb vmcb;
static struct hv_exit e;

static void exit_with(uint64_t code, uint64_t info1, uint64_t info2)
{
	memset(&vmcb, 0, sizeof(vmcb));
	vmcb.control.exitcode = code;
	vmcb.control.exitinfo1 = info1;
	vmcb.control.exitinfo2 = info2;
	vmcb.save.rip = 0x100234;
	memset(&e, 0xa5, sizeof(e));
	svm_decode_exit(&vmcb, &e);
	assert_int_equal(e.guest_rip, 0x100234);
}

static void test_simple_kinds(void **state)
{
	static const struct { uint64_t code; enum hv_exit_kind kind; } t[] = {
		{ 0x072, HV_EXIT_CPUID }, { 0x078, HV_EXIT_HLT },
		{ 0x081, HV_EXIT_HYPERCALL }, { 0x060, HV_EXIT_EXTERNAL_INTERRUPT },
		{ 0x064, HV_EXIT_INTERRUPT_WINDOW }, { 0x07f, HV_EXIT_TRIPLE_FAULT },
		{ 0x076, HV_EXIT_CACHE_FLUSH }, { 0x089, HV_EXIT_CACHE_FLUSH },
		{ 0x080, HV_EXIT_INVALID_OPCODE }, { 0x082, HV_EXIT_INVALID_OPCODE },
		{ 0x085, HV_EXIT_INVALID_OPCODE }, { 0x08b, HV_EXIT_INVALID_OPCODE },
		{ 0x08d, HV_EXIT_XSETBV }, { 0x07d, HV_EXIT_UNEXPECTED },
		{ 0x06e, HV_EXIT_UNEXPECTED },	/* RDTSC: never intercepted */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		exit_with(t[i].code, 0, 0);
		assert_int_equal(e.kind, t[i].kind);
		assert_int_equal(e.reason, t[i].code);
	}
}

static void test_ioio(void **state)
{
	(void)state;
	/* OUT DX, AL to 0x3f8: port 31:16, SZ8, A32, type OUT. */
	exit_with(0x07b, 0x03f80000 | SVM_IOIO_SZ8 | SVM_IOIO_A32, 0x100235);
	assert_int_equal(e.kind, HV_EXIT_IO);
	assert_int_equal(e.io.port, 0x3f8);
	assert_int_equal(e.io.size, 1);
	assert_false(e.io.in);
	assert_false(e.io.string);
	assert_int_equal(e.qualification, 0x03f80000 | SVM_IOIO_SZ8 | SVM_IOIO_A32);
	/* REP INSW from 0x1f0, 64-bit addresses. */
	exit_with(0x07b, 0x01f00000 | SVM_IOIO_TYPE_IN | SVM_IOIO_STR |
		  SVM_IOIO_REP | SVM_IOIO_SZ16 | SVM_IOIO_A64, 0);
	assert_int_equal(e.io.port, 0x1f0);
	assert_int_equal(e.io.size, 2);
	assert_true(e.io.in);
	assert_true(e.io.string);
	assert_true(e.io.rep);
	assert_int_equal(e.io.addr_size, 8);
	/* IN EAX, 0x71 with 16-bit addresses. */
	exit_with(0x07b, 0x00710000 | SVM_IOIO_TYPE_IN | SVM_IOIO_SZ32 |
		  SVM_IOIO_A16, 0);
	assert_int_equal(e.io.size, 4);
	assert_int_equal(e.io.addr_size, 2);
}

static void test_msr(void **state)
{
	(void)state;
	exit_with(0x07c, 0, 0);
	assert_int_equal(e.kind, HV_EXIT_MSR_READ);
	exit_with(0x07c, 1, 0);
	assert_int_equal(e.kind, HV_EXIT_MSR_WRITE);
}

static void test_npf(void **state)
{
	(void)state;
	/* A write to the VGA window, not present, at the final GPA. */
	exit_with(0x400, SVM_NPF_RW | SVM_NPF_US | SVM_NPF_FINAL, 0xb8000);
	assert_int_equal(e.kind, HV_EXIT_NPF);
	assert_int_equal(e.reason, SVM_REASON_NPF);
	assert_int_equal(e.npf.gpa, 0xb8000);
	assert_true(e.npf.write);
	assert_false(e.npf.read);
	assert_false(e.npf.fetch);
	assert_false(e.npf.page_walk);
	assert_false(e.npf.gla_valid);
	/* A fetch; a read during the guest's own table walk. */
	exit_with(0x400, SVM_NPF_ID | SVM_NPF_US | SVM_NPF_FINAL, 0xfee00000);
	assert_true(e.npf.fetch);
	assert_false(e.npf.read);
	exit_with(0x400, SVM_NPF_US | SVM_NPF_WALK, 0x7000000);
	assert_true(e.npf.read);
	assert_true(e.npf.page_walk);
	/* A reserved bit in our tables: a hypervisor bug, as EPT's misconfig. */
	exit_with(0x400, SVM_NPF_P | SVM_NPF_RSV | SVM_NPF_FINAL, 0x1000);
	assert_int_equal(e.kind, HV_EXIT_NPF_MISCONFIG);
}

static void test_cr(void **state)
{
	(void)state;
	exit_with(0x010, 0, 0);
	assert_int_equal(e.kind, HV_EXIT_CR_ACCESS);
	assert_int_equal(e.cr.cr, 0);
	assert_int_equal(e.cr.type, CR_ACCESS_MOV_TO);
	exit_with(0x014, 0, 0);
	assert_int_equal(e.cr.cr, 4);
	exit_with(0x008, 0, 0);
	assert_int_equal(e.cr.cr, 8);
	assert_int_equal(e.cr.type, CR_ACCESS_MOV_FROM);
}

static void test_machine_check(void **state)
{
	(void)state;
	exit_with(0x052, 0, 0);
	assert_int_equal(e.kind, HV_EXIT_EXCEPTION);
	assert_int_equal(e.exception.vector, 18);
	assert_false(e.exception.has_error_code);
}

/* #UD: INVALID_OPCODE (re-raised), unless svm_run.c finds VMCALL there. */
static void test_ud(void **state)
{
	(void)state;
	exit_with(0x046, 0, 0);
	assert_int_equal(e.kind, HV_EXIT_INVALID_OPCODE);
	assert_int_equal(e.exception.vector, 6);
	assert_string_equal(svm_exit_reason_name(e.reason), "EXCP_UD");
}

static void test_invalid_and_unknown(void **state)
{
	(void)state;
	exit_with(0xffffffffffffffffULL, 0, 0);
	assert_int_equal(e.kind, HV_EXIT_ENTRY_FAILURE);
	assert_int_equal(e.reason, SVM_REASON_INVALID);
	exit_with(0x403, 0x55, 0);		/* VMGEXIT */
	assert_int_equal(e.kind, HV_EXIT_UNEXPECTED);
	assert_int_equal(e.qualification, 0x55);
	exit_with(0x0ff, 0, 0);
	assert_int_equal(e.kind, HV_EXIT_UNEXPECTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_kinds),
		cmocka_unit_test(test_ioio),
		cmocka_unit_test(test_msr),
		cmocka_unit_test(test_npf),
		cmocka_unit_test(test_cr),
		cmocka_unit_test(test_machine_check),
		cmocka_unit_test(test_ud),
		cmocka_unit_test(test_invalid_and_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
