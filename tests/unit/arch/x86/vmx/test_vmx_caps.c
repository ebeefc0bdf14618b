// SPDX-License-Identifier: MIT
/*
 * arch/x86/vmx/vmx_caps.c: the cpu_has_vmx_*() predicates and the list of
 * missing features, on the capability MSR values Bochs reports, then with
 * features taken away one at a time. vmx_read_caps() executes RDMSR and is
 * not called here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "arch/x86/vmx/vmx_caps.h"

/*
 * Bochs (cpu model with VMX, EPT and unrestricted guest): allowed-1 in the
 * high half of each control MSR. The allowed-0 halves and MISC are typical
 * values; only their bits the code must not confuse with allowed-1 matter.
 */
static const struct vmx_caps bochs = {
	.basic = 0x00D810000000002BULL,
	.pinbased = 0x0000007f00000016ULL,
	.procbased = 0xf7f9fffe04006172ULL,
	.procbased2 = 0x02177FFFULL << 32,
	.exit = 0x003fffff00036dffULL,
	.entry = 0x0000f3ff000011ffULL,
	.misc = 0x00000000000401e5ULL,
	.ept_vpid = 0x00000F0106334141ULL,
};

static const char all_missing[] = "EPT, unrestricted guest, VPID";
static const char usable_ept[] =
	"EPT with a 4-level walk and write-back memory";

static void check_missing(const struct vmx_caps *c, int want_n,
			  const char *want)
{
	char buf[256];
	int n;

	memset(buf, 'x', sizeof(buf));
	n = vmx_missing_features(c, buf, sizeof(buf));
	if (strcmp(buf, want))
		fail_msg("missing \"%s\", want \"%s\"", buf, want);
	assert_int_equal(n, want_n);
}

static void test_basic_fields(void **state)
{
	assert_int_equal(VMX_BASIC_REVISION(bochs.basic), 0x2b);
	assert_int_equal(VMX_BASIC_VMCS_SIZE(bochs.basic), 4096);
	assert_int_equal(VMX_BASIC_MEM_TYPE(bochs.basic), VMX_MEM_TYPE_WB);
	assert_true(bochs.basic & VMX_BASIC_TRUE_CTLS);

	/* Each field is only its own bits. */
	assert_int_equal(VMX_BASIC_REVISION(0xffffffffffffffffULL), 0x7fffffff);
	assert_int_equal(VMX_BASIC_VMCS_SIZE(0xffffffffffffffffULL), 0x1fff);
	assert_int_equal(VMX_BASIC_MEM_TYPE(0xffffffffffffffffULL), 0xf);
	assert_int_equal(VMX_BASIC_REVISION(1ULL << 31), 0);
	assert_int_equal(VMX_BASIC_VMCS_SIZE(1ULL << 45), 0);
	assert_int_equal(VMX_BASIC_MEM_TYPE((1ULL << 49) | (1ULL << 54)), 0);
	assert_int_equal(VMX_BASIC_MEM_TYPE(0ULL << 50), 0);	/* UC */
	assert_false(0x005810000000002BULL & VMX_BASIC_TRUE_CTLS);
}

static void test_bochs_has_what_we_need(void **state)
{
	assert_true(cpu_has_secondary_exec_ctrls(&bochs));
	assert_true(cpu_has_vmx_ept(&bochs));
	assert_true(cpu_has_vmx_vpid(&bochs));
	assert_true(cpu_has_vmx_unrestricted_guest(&bochs));
	assert_true(cpu_has_vmx_preemption_timer(&bochs));
	assert_true(cpu_has_vmx_ept_4levels(&bochs));
	assert_true(cpu_has_vmx_ept_wb(&bochs));
	assert_true(cpu_has_vmx_ept_2m_page(&bochs));
	assert_true(cpu_has_vmx_ept_1g_page(&bochs));
	assert_true(cpu_has_vmx_invept(&bochs));
	assert_true(cpu_has_vmx_invvpid(&bochs));
	assert_true(bochs.ept_vpid & VMX_EPT_EXECUTE_ONLY_BIT);
	assert_true(bochs.ept_vpid & VMX_EPT_EXTENT_CONTEXT_BIT);
	assert_true(bochs.ept_vpid & VMX_EPT_EXTENT_GLOBAL_BIT);
	assert_true(bochs.ept_vpid & VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT);
	assert_true(bochs.ept_vpid & VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT);
	assert_int_equal(vmx_preemption_timer_rate(&bochs), 5);
	check_missing(&bochs, 0, "");
}

/* Allowed-1 is the high half: a bit in the allowed-0 half means nothing. */
static void test_controls_read_high_half(void **state)
{
	struct vmx_caps c = bochs;

	assert_true(vmx_ctl_allowed1(0x0000000200000000ULL, 2));
	assert_false(vmx_ctl_allowed1(0x0000000000000002ULL, 2));
	assert_false(vmx_ctl_allowed1(0xfffffffdffffffffULL, 2));

	c.procbased2 = 0x02177FFFULL;		/* in the wrong half */
	assert_false(cpu_has_vmx_ept(&c));
	assert_false(cpu_has_vmx_vpid(&c));
	assert_false(cpu_has_vmx_unrestricted_guest(&c));

	c = bochs;
	c.procbased = 0x80000000ULL | (bochs.procbased & 0x7fffffffffffffffULL);
	assert_false(cpu_has_secondary_exec_ctrls(&c));

	c = bochs;
	c.pinbased = 0x0000003f00000040ULL;
	assert_false(cpu_has_vmx_preemption_timer(&c));
}

static void test_ept_capability_bits(void **state)
{
	static const struct {
		uint64_t bit;
		int (*has)(const struct vmx_caps *);
	} bits[] = {
		{ VMX_EPT_PAGE_WALK_4_BIT, cpu_has_vmx_ept_4levels },
		{ VMX_EPTP_WB_BIT, cpu_has_vmx_ept_wb },
		{ VMX_EPT_2MB_PAGE_BIT, cpu_has_vmx_ept_2m_page },
		{ VMX_EPT_1GB_PAGE_BIT, cpu_has_vmx_ept_1g_page },
		{ VMX_EPT_INVEPT_BIT, cpu_has_vmx_invept },
		{ VMX_VPID_INVVPID_BIT, cpu_has_vmx_invvpid },
	};

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		struct vmx_caps c = bochs;

		c.ept_vpid &= ~bits[i].bit;
		assert_false(bits[i].has(&c));
		/* Only that one went. */
		for (size_t j = 0; j < sizeof(bits) / sizeof(bits[0]); j++)
			if (j != i)
				assert_true(bits[j].has(&c));
		/* And the bit alone is enough. */
		c.ept_vpid = bits[i].bit;
		assert_true(bits[i].has(&c));
	}
}

static void test_timer_rate(void **state)
{
	struct vmx_caps c = bochs;

	c.misc = 0xffffffffffffffe0ULL;
	assert_int_equal(vmx_preemption_timer_rate(&c), 0);
	c.misc = 0x3f;
	assert_int_equal(vmx_preemption_timer_rate(&c), 31);
}

/* No EPT at all: named once, its details (walk, memory type) not again. */
static void test_missing_ept(void **state)
{
	struct vmx_caps c = bochs;

	c.procbased2 &= ~((uint64_t)SECONDARY_EXEC_ENABLE_EPT << 32);
	assert_false(cpu_has_vmx_ept(&c));
	assert_true(cpu_has_vmx_vpid(&c));
	check_missing(&c, 1, "EPT");
	c.ept_vpid = 0;
	check_missing(&c, 1, "EPT");
}

static void test_missing_unrestricted_guest(void **state)
{
	struct vmx_caps c = bochs;

	c.procbased2 &= ~((uint64_t)SECONDARY_EXEC_UNRESTRICTED_GUEST << 32);
	assert_false(cpu_has_vmx_unrestricted_guest(&c));
	check_missing(&c, 1, "unrestricted guest");
}

static void test_missing_vpid(void **state)
{
	struct vmx_caps c = bochs;

	c.procbased2 &= ~((uint64_t)SECONDARY_EXEC_ENABLE_VPID << 32);
	assert_false(cpu_has_vmx_vpid(&c));
	assert_true(cpu_has_vmx_ept(&c));
	check_missing(&c, 1, "VPID");
}

/*
 * Without secondary controls, nothing that lives in them is there either:
 * the list names those features (what a Core 2 lacks, as the system test
 * bochs-no-ept expects), even though the secondary bits say yes.
 */
static void test_missing_secondary_controls(void **state)
{
	struct vmx_caps c = bochs;

	c.procbased &= ~((uint64_t)CPU_BASED_ACTIVATE_SECONDARY_CONTROLS << 32);
	assert_false(cpu_has_secondary_exec_ctrls(&c));
	assert_false(cpu_has_vmx_ept(&c));
	assert_false(cpu_has_vmx_vpid(&c));
	assert_false(cpu_has_vmx_unrestricted_guest(&c));
	check_missing(&c, 3, all_missing);

	/* As vmx_read_caps() leaves it: the two dependent MSRs unread. */
	c.procbased2 = 0;
	c.ept_vpid = 0;
	check_missing(&c, 3, all_missing);
}

static void test_missing_ept_details(void **state)
{
	struct vmx_caps c = bochs;

	c.ept_vpid &= ~VMX_EPTP_WB_BIT;
	check_missing(&c, 1, usable_ept);
	c = bochs;
	c.ept_vpid &= ~VMX_EPT_PAGE_WALK_4_BIT;
	check_missing(&c, 1, usable_ept);
	c.ept_vpid = 0;
	check_missing(&c, 1, usable_ept);
	/* In order, with the others. */
	c.procbased2 &= ~((uint64_t)SECONDARY_EXEC_ENABLE_VPID << 32);
	check_missing(&c, 2,
		      "EPT with a 4-level walk and write-back memory, VPID");
	/* Large pages and INVEPT are not required. */
	c = bochs;
	c.ept_vpid &= ~(VMX_EPT_2MB_PAGE_BIT | VMX_EPT_1GB_PAGE_BIT |
			VMX_EPT_INVEPT_BIT | VMX_VPID_INVVPID_BIT);
	check_missing(&c, 0, "");
}

static void test_missing_two(void **state)
{
	struct vmx_caps c = bochs;

	c.procbased2 &= ~((uint64_t)(SECONDARY_EXEC_ENABLE_EPT |
				     SECONDARY_EXEC_ENABLE_VPID) << 32);
	check_missing(&c, 2, "EPT, VPID");
}

/* A short buffer gets a terminated prefix; the count is still complete. */
static void test_missing_truncated(void **state)
{
	static const struct vmx_caps none = { 0 };
	const size_t full = strlen(all_missing);
	char buf[128];

	for (size_t size = 1; size <= full + 2; size++) {
		size_t kept = size - 1 < full ? size - 1 : full;

		memset(buf, '#', sizeof(buf));
		assert_int_equal(vmx_missing_features(&none, buf, size), 3);
		assert_memory_equal(buf, all_missing, kept);
		assert_int_equal(buf[kept], '\0');
		for (size_t i = kept + 1; i < sizeof(buf); i++)
			assert_int_equal(buf[i], '#');
	}
	/* Size 0: just count, write nothing. */
	assert_int_equal(vmx_missing_features(&none, NULL, 0), 3);
	assert_int_equal(vmx_missing_features(&bochs, NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_fields),
		cmocka_unit_test(test_bochs_has_what_we_need),
		cmocka_unit_test(test_controls_read_high_half),
		cmocka_unit_test(test_ept_capability_bits),
		cmocka_unit_test(test_timer_rate),
		cmocka_unit_test(test_missing_ept),
		cmocka_unit_test(test_missing_unrestricted_guest),
		cmocka_unit_test(test_missing_vpid),
		cmocka_unit_test(test_missing_secondary_controls),
		cmocka_unit_test(test_missing_ept_details),
		cmocka_unit_test(test_missing_two),
		cmocka_unit_test(test_missing_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
