// SPDX-License-Identifier: MIT
/*
 * arch/x86/vmx/vmx_names.c and the field encodings of vmcs.h: names for
 * every VMCS field, basic exit reason and VM-instruction error, checked
 * against the SDM (Vol. 3D Appendix B and C, Vol. 3C 31.4); the encoding
 * helpers; and that the typed accessors compile for fields of their
 * width (a wrong width is a compile error, which a running test cannot
 * show: see the comment above VMCS_CHECK_WIDTH in vmcs.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx_debug.h"
#include "arch/x86/vmx/vmx_exit_reasons.h"
#include "arch/x86/vmx/vmx_names.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The accessors count their instructions here. */
uint64_t vmcs_read_count, vmcs_write_count;

/* The accessors call these on failure; never reached here. */
void vmread_error(uint32_t field, enum vmx_result r)
{
	fail_msg("vmread_error(0x%x, %d)", field, r);
	abort();	/* noreturn, as in the hypervisor */
}

void vmwrite_error(uint32_t field, uint64_t value, enum vmx_result r)
{
	fail_msg("vmwrite_error(0x%x, 0x%llx, %d)", field,
		 (unsigned long long)value, r);
	abort();
}

/* Compiled, never run: VMREAD/VMWRITE would fault outside VMX operation. */
static __attribute__((unused)) uint64_t accessors_compile(uint32_t i)
{
	uint64_t v = 0;

	v += vmcs_read16(GUEST_CS_SELECTOR);
	v += vmcs_read32(GUEST_CS_AR_BYTES);
	v += vmcs_read64(EPT_POINTER);
	v += vmcs_read32(VMCS_FIELD_HIGH(EPT_POINTER));
	v += vmcs_readl(GUEST_RIP);
	v += vmcs_read16(GUEST_ES_SELECTOR + 2 * i);	/* not constant */
	v += vmcs_write16(HOST_CS_SELECTOR, 8);
	v += vmcs_write32(VM_ENTRY_CONTROLS, 0);
	v += vmcs_write64(VMCS_LINK_POINTER, ~0ULL);
	v += vmcs_writel(HOST_RIP, v);
	return v;
}

/* Encodings copied from the SDM's Appendix B tables, one per group. */
static void test_encodings_match_sdm(void **state)
{
	static const struct {
		uint32_t field, sdm;
	} known[] = {
		{ VIRTUAL_PROCESSOR_ID, 0x0000 },
		{ GUEST_ES_SELECTOR, 0x0800 }, { GUEST_TR_SELECTOR, 0x080e },
		{ HOST_ES_SELECTOR, 0x0c00 }, { HOST_TR_SELECTOR, 0x0c0c },
		{ IO_BITMAP_A, 0x2000 }, { IO_BITMAP_B, 0x2002 },
		{ MSR_BITMAP, 0x2004 }, { TSC_OFFSET, 0x2010 },
		{ EPT_POINTER, 0x201a },
		{ GUEST_PHYSICAL_ADDRESS, 0x2400 },
		{ VMCS_LINK_POINTER, 0x2800 }, { GUEST_IA32_DEBUGCTL, 0x2802 },
		{ GUEST_IA32_PAT, 0x2804 }, { GUEST_IA32_EFER, 0x2806 },
		{ GUEST_PDPTR0, 0x280a }, { GUEST_PDPTR3, 0x2810 },
		{ HOST_IA32_PAT, 0x2c00 }, { HOST_IA32_EFER, 0x2c02 },
		{ PIN_BASED_VM_EXEC_CONTROL, 0x4000 },
		{ CPU_BASED_VM_EXEC_CONTROL, 0x4002 },
		{ EXCEPTION_BITMAP, 0x4004 }, { VM_EXIT_CONTROLS, 0x400c },
		{ VM_ENTRY_CONTROLS, 0x4012 },
		{ VM_ENTRY_INTR_INFO_FIELD, 0x4016 },
		{ SECONDARY_VM_EXEC_CONTROL, 0x401e },
		{ VM_INSTRUCTION_ERROR, 0x4400 }, { VM_EXIT_REASON, 0x4402 },
		{ VM_EXIT_INTR_INFO, 0x4404 }, { VMX_INSTRUCTION_INFO, 0x440e },
		{ GUEST_ES_LIMIT, 0x4800 }, { GUEST_IDTR_LIMIT, 0x4812 },
		{ GUEST_ES_AR_BYTES, 0x4814 }, { GUEST_TR_AR_BYTES, 0x4822 },
		{ GUEST_INTERRUPTIBILITY_INFO, 0x4824 },
		{ GUEST_ACTIVITY_STATE, 0x4826 }, { GUEST_SYSENTER_CS, 0x482a },
		{ VMX_PREEMPTION_TIMER_VALUE, 0x482e },
		{ HOST_IA32_SYSENTER_CS, 0x4c00 },
		{ CR0_GUEST_HOST_MASK, 0x6000 }, { CR4_READ_SHADOW, 0x6006 },
		{ EXIT_QUALIFICATION, 0x6400 }, { GUEST_LINEAR_ADDRESS, 0x640a },
		{ GUEST_CR0, 0x6800 }, { GUEST_ES_BASE, 0x6806 },
		{ GUEST_IDTR_BASE, 0x6818 }, { GUEST_DR7, 0x681a },
		{ GUEST_RIP, 0x681e }, { GUEST_RFLAGS, 0x6820 },
		{ GUEST_PENDING_DBG_EXCEPTIONS, 0x6822 },
		{ GUEST_SYSENTER_EIP, 0x6826 },
		{ HOST_CR0, 0x6c00 }, { HOST_RSP, 0x6c14 }, { HOST_RIP, 0x6c16 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (known[i].field != known[i].sdm)
			fail_msg("%s is 0x%x, the SDM says 0x%x",
				 vmcs_field_name(known[i].field),
				 known[i].field, known[i].sdm);
}

static void test_width_and_type(void **state)
{
	assert_int_equal(VMCS_FIELD_WIDTH(GUEST_CS_SELECTOR),
			 VMCS_FIELD_WIDTH_U16);
	assert_int_equal(VMCS_FIELD_WIDTH(EPT_POINTER), VMCS_FIELD_WIDTH_U64);
	assert_int_equal(VMCS_FIELD_WIDTH(GUEST_CS_LIMIT), VMCS_FIELD_WIDTH_U32);
	assert_int_equal(VMCS_FIELD_WIDTH(GUEST_CR0),
			 VMCS_FIELD_WIDTH_NATURAL_WIDTH);
	/* The high half of a 64-bit field is accessed as 32 bits. */
	assert_int_equal(VMCS_FIELD_WIDTH(VMCS_FIELD_HIGH(EPT_POINTER)),
			 VMCS_FIELD_WIDTH_U64);
	assert_int_equal(vmcs_field_width(VMCS_FIELD_HIGH(EPT_POINTER)),
			 VMCS_FIELD_WIDTH_U32);
	assert_int_equal(vmcs_field_width(EPT_POINTER), VMCS_FIELD_WIDTH_U64);
	assert_int_equal(vmcs_field_width(GUEST_RIP),
			 VMCS_FIELD_WIDTH_NATURAL_WIDTH);
	/* Bit 0 of a natural-width encoding is just bit 0. */
	assert_int_equal(vmcs_field_width(GUEST_RIP | 1),
			 VMCS_FIELD_WIDTH_NATURAL_WIDTH);

	assert_int_equal(VMCS_FIELD_TYPE(VIRTUAL_PROCESSOR_ID),
			 VMCS_FIELD_TYPE_CONTROL);
	assert_int_equal(VMCS_FIELD_TYPE(VM_EXIT_REASON),
			 VMCS_FIELD_TYPE_VMEXIT_INFO);
	assert_int_equal(VMCS_FIELD_TYPE(GUEST_CR0), VMCS_FIELD_TYPE_GUEST);
	assert_int_equal(VMCS_FIELD_TYPE(HOST_RIP), VMCS_FIELD_TYPE_HOST);
	assert_int_equal(VMCS_FIELD_INDEX(GUEST_TR_SELECTOR), 7);
	assert_int_equal(VMCS_FIELD_INDEX(HOST_RIP), 0xb);
}

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static void want_width(const char *name, unsigned int width,
		       unsigned int want)
{
	if (width != want)
		fail_msg("%s has width %u, want %u", name, width, want);
}

/* Every entry well formed, in order, named consistently with its bits. */
static void test_field_table(void **state)
{
	assert_true(vmcs_fields_count >= 130);
	/* The debugger's VMCS copy (vmx_debug.c) has room for every one. */
	assert_true(vmcs_fields_count <= VMX_SNAPSHOT_FIELDS);
	for (size_t i = 0; i < vmcs_fields_count; i++) {
		uint32_t f = vmcs_fields[i].encoding;
		const char *name = vmcs_fields[i].name;
		unsigned int type = VMCS_FIELD_TYPE(f);
		unsigned int width = VMCS_FIELD_WIDTH(f);

		assert_non_null(name);
		/* Bits 31:15 and 12 reserved, access type "full". */
		if ((f & 0xffff9001u) != 0)
			fail_msg("%s: 0x%x has reserved or high bits", name, f);
		if (i && vmcs_fields[i - 1].encoding >= f)
			fail_msg("%s: 0x%x not after 0x%x", name, f,
				 vmcs_fields[i - 1].encoding);
		assert_string_equal(vmcs_field_name(f), name);

		if (starts(name, "HOST_"))
			assert_int_equal(type, VMCS_FIELD_TYPE_HOST);
		else if (!strcmp(name, "GUEST_PHYSICAL_ADDRESS") ||
			 !strcmp(name, "GUEST_LINEAR_ADDRESS"))
			assert_int_equal(type, VMCS_FIELD_TYPE_VMEXIT_INFO);
		else if (starts(name, "GUEST_") ||
			 !strcmp(name, "VMCS_LINK_POINTER") ||
			 !strcmp(name, "VMX_PREEMPTION_TIMER_VALUE"))
			assert_int_equal(type, VMCS_FIELD_TYPE_GUEST);
		else if (starts(name, "VM_EXIT_") && type != 0)
			assert_int_equal(type, VMCS_FIELD_TYPE_VMEXIT_INFO);

		if (ends(name, "_SELECTOR") ||
		    !strcmp(name, "VIRTUAL_PROCESSOR_ID"))
			want_width(name, width, VMCS_FIELD_WIDTH_U16);
		if (ends(name, "_LIMIT") || ends(name, "_AR_BYTES") ||
		    ends(name, "_CONTROL") || ends(name, "_CONTROLS") ||
		    ends(name, "_COUNT") || ends(name, "_SYSENTER_CS") ||
		    starts(name, "PAGE_FAULT_ERROR_CODE_"))
			want_width(name, width, VMCS_FIELD_WIDTH_U32);
		if (ends(name, "_BASE") || starts(name, "GUEST_CR") ||
		    starts(name, "HOST_CR") || ends(name, "_RIP") ||
		    ends(name, "_RSP") || ends(name, "_GUEST_HOST_MASK") ||
		    ends(name, "_SHADOW") || starts(name, "CR3_TARGET_VALUE"))
			want_width(name, width, VMCS_FIELD_WIDTH_NATURAL_WIDTH);
		if (ends(name, "_BITMAP_A") || ends(name, "_BITMAP_B") ||
		    ends(name, "_ADDR") || starts(name, "GUEST_PDPTR") ||
		    starts(name, "GUEST_IA32_") || starts(name, "HOST_IA32_P") ||
		    starts(name, "HOST_IA32_E"))
			want_width(name, width, VMCS_FIELD_WIDTH_U64);
	}
}

static void test_field_names(void **state)
{
	assert_string_equal(vmcs_field_name(0x4816), "GUEST_CS_AR_BYTES");
	assert_string_equal(vmcs_field_name(GUEST_CR0), "GUEST_CR0");
	assert_string_equal(vmcs_field_name(0), "VIRTUAL_PROCESSOR_ID");
	assert_string_equal(vmcs_field_name(HOST_RIP), "HOST_RIP");
	assert_string_equal(vmcs_field_name(VM_INSTRUCTION_ERROR),
			    "VM_INSTRUCTION_ERROR");
	/* High halves, holes, nonsense. */
	assert_null(vmcs_field_name(VMCS_FIELD_HIGH(EPT_POINTER)));
	assert_null(vmcs_field_name(0x0001));
	assert_null(vmcs_field_name(0x6c18));
	assert_null(vmcs_field_name(0x0c0e));
	assert_null(vmcs_field_name(0xffffffffu));
}

static void test_exit_reason_names(void **state)
{
	static const struct {
		uint32_t reason;
		const char *name;
	} known[] = {
		{ 0, "EXCEPTION_NMI" }, { 1, "EXTERNAL_INTERRUPT" },
		{ 2, "TRIPLE_FAULT" }, { 4, "SIPI_SIGNAL" }, { 10, "CPUID" },
		{ 12, "HLT" }, { 18, "VMCALL" }, { 26, "VMOFF" },
		{ 28, "CR_ACCESS" }, { 30, "IO_INSTRUCTION" },
		{ 31, "MSR_READ" }, { 32, "MSR_WRITE" },
		{ 33, "INVALID_STATE" }, { 34, "MSR_LOAD_FAIL" },
		{ 41, "MCE_DURING_VMENTRY" }, { 48, "EPT_VIOLATION" },
		{ 49, "EPT_MISCONFIG" }, { 52, "PREEMPTION_TIMER" },
		{ 55, "XSETBV" }, { 64, "XRSTORS" }, { 69, "LOADIWKEY" },
		{ 74, "BUS_LOCK" }, { 75, "NOTIFY" }, { 77, "TDCALL" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		assert_string_equal(vmx_exit_reason_name(known[i].reason),
				    known[i].name);
	assert_int_equal(EXIT_REASON_HLT, 12);
	assert_int_equal(EXIT_REASON_EPT_VIOLATION, 48);
	assert_int_equal(EXIT_REASON_TDCALL, 77);

	/* Every number 0..77 has a name, but the three the SDM leaves unused. */
	for (uint32_t r = 0; r < VMX_NR_EXIT_REASONS; r++) {
		const char *name = vmx_exit_reason_name(r);

		if (r == 35 || r == 38 || r == 42) {
			assert_null(name);
			continue;
		}
		if (!name)
			fail_msg("exit reason %u has no name", r);
		for (uint32_t s = 0; s < r; s++) {
			const char *other = vmx_exit_reason_name(s);

			if (other && !strcmp(name, other))
				fail_msg("%u and %u are both %s", s, r, name);
		}
	}
	assert_null(vmx_exit_reason_name(78));
	assert_null(vmx_exit_reason_name(0xffff));
	/* Flags are not part of the basic reason. */
	assert_null(vmx_exit_reason_name(0x80000021u));
	assert_int_equal(VMX_EXIT_REASON_BASIC(0x80000021u),
			 EXIT_REASON_INVALID_STATE);
	assert_true(0x80000021u & VMX_EXIT_REASONS_FAILED_VMENTRY);
}

static void test_instruction_error_names(void **state)
{
	assert_string_equal(vmx_instruction_error_name(4),
			    "VMLAUNCH with non-clear VMCS");
	assert_string_equal(vmx_instruction_error_name(
				VMXERR_ENTRY_INVALID_CONTROL_FIELD),
			    "VM entry with invalid control field(s)");
	assert_string_equal(vmx_instruction_error_name(8),
			    "VM entry with invalid host-state field(s)");
	assert_string_equal(vmx_instruction_error_name(12),
			    "VMREAD/VMWRITE from/to unsupported VMCS component");
	assert_string_equal(vmx_instruction_error_name(26),
			    "VM entry with events blocked by MOV SS");
	assert_string_equal(vmx_instruction_error_name(28),
			    "Invalid operand to INVEPT/INVVPID");
	for (uint32_t e = 1; e <= 28; e++) {
		const char *name = vmx_instruction_error_name(e);

		if (e == 14 || e == 21 || e == 27)
			assert_null(name);
		else if (!name || !*name)
			fail_msg("VM-instruction error %u has no name", e);
	}
	assert_null(vmx_instruction_error_name(0));
	assert_null(vmx_instruction_error_name(29));
	assert_null(vmx_instruction_error_name(0xffffffffu));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encodings_match_sdm),
		cmocka_unit_test(test_width_and_type),
		cmocka_unit_test(test_field_table),
		cmocka_unit_test(test_field_names),
		cmocka_unit_test(test_exit_reason_names),
		cmocka_unit_test(test_instruction_error_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
