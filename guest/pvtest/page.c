// SPDX-License-Identifier: MIT
/*
 * Discovery and the hypercall page: the CPUID leaves say what the ABI
 * says, the page platform_init() placed holds a stub per number laid out
 * as the ABI describes, and the MSR refuses (#GP) a page the hypervisor
 * could not fill: outside RAM, or not 4 KiB aligned. A refused write must
 * leave the page in place.
 */
#include "guest/pvtest/pvtest.h"
#include "guest/lib/guard.h"
#include "guest/lib/x86.h"
#include "hv/lib/string.h"

#define OP_MOV_EAX	0xb8	/* mov eax, imm32 */
#define OP_RET		0xc3
#define FEATURES_ALL	(HV_FEATURE_HYPERCALL_PAGE | HV_FEATURE_CONSOLE |	\
			 HV_FEATURE_TIME | HV_FEATURE_TIMER |			\
			 HV_FEATURE_MESSAGES | HV_FEATURE_EXIT_STATS |		\
			 HV_FEATURE_EXIT_TRACE)

static const uint8_t *stub_at(unsigned int nr)
{
	return pv_hypercall_page + nr * HV_HYPERCALL_STUB_SIZE;
}

int stub_ok(unsigned int nr)
{
	const uint8_t *s = stub_at(nr);
	uint32_t imm;

	memcpy(&imm, s + 1, sizeof(imm));
	if (s[0] != OP_MOV_EAX || imm != nr)
		return 0;
	/* The backend's instruction is at least a byte; RET follows it. */
	for (int i = STUB_MOV_LEN + 1; i < HV_HYPERCALL_STUB_SIZE; i++)
		if (s[i] == OP_RET)
			return 1;
	return 0;
}

static void check_cpuid(void)
{
	const struct pv_info *pi = pv_info();
	struct cpuid_regs r = cpuid(HV_CPUID_FEATURES, 0);

	/* platform_init() checked the signature and the major version. */
	if (pi->max_leaf > HV_CPUID_BASE + 0xff)
		check_fail("cpuid-max-leaf", "0x%x, above 0x%x", pi->max_leaf,
			   HV_CPUID_BASE + 0xff);
	else
		check_ok("cpuid-max-leaf");
	if (r.eax != HV_ABI_VERSION)
		check_fail("cpuid-version", "0x%x, expected 0x%x", r.eax, HV_ABI_VERSION);
	else
		check_ok("cpuid-version");
	if ((r.ebx & FEATURES_ALL) != FEATURES_ALL)
		check_fail("cpuid-features", "0x%x, lacks 0x%x", r.ebx,
			   FEATURES_ALL & ~r.ebx);
	else
		check_ok("cpuid-features");
	if (r.ecx != HV_MSR_HYPERCALL || r.edx != 0)
		check_fail("cpuid-msr", "ECX 0x%x EDX 0x%x, expected 0x%x and 0",
			   r.ecx, r.edx, HV_MSR_HYPERCALL);
	else
		check_ok("cpuid-msr");
}

static int check_layout(void)
{
	for (unsigned int nr = 0; nr < PV_STUBS; nr++) {
		const uint8_t *s = stub_at(nr);

		if (!stub_ok(nr)) {
			check_fail("hypercall-page",
				   "stub %u at 0x%lx: %02x %02x %02x %02x %02x %02x %02x %02x ..., not \"mov eax, %u; ...; ret\"",
				   nr, (uint64_t)(uintptr_t)s, s[0], s[1], s[2],
				   s[3], s[4], s[5], s[6], s[7], nr);
			return -1;
		}
	}
	check_ok("hypercall-page");
	return 0;
}

int pvtest_page(void)
{
	check_cpuid();
	return check_layout();
}

/* The MSR reads back what platform_init() wrote (docs/hypercalls.md). */
static int msr_placed(uint64_t *val)
{
	uint64_t want = (uint64_t)(uintptr_t)pv_hypercall_page | HV_MSR_HYPERCALL_ENABLE;

	return rdmsr_guarded(pv_info()->msr, val) < 0 && *val == want;
}

/* Writing @val to the hypercall MSR must raise #GP and change nothing. */
static void check_msr_refused(const char *what, uint64_t val)
{
	uint8_t before[HV_HYPERCALL_STUB_SIZE];
	uint64_t now = 0;
	int vec;

	memcpy(before, pv_hypercall_page, sizeof(before));
	vec = wrmsr_guarded(pv_info()->msr, val);
	if (vec != VEC_GP)
		check_fail(what, "WRMSR 0x%x <- 0x%lx: %s, expected #GP", pv_info()->msr,
			   val, vec < 0 ? "no exception" : trap_name((unsigned int)vec));
	else if (memcmp(before, pv_hypercall_page, sizeof(before)) ||
		 hypercall0(HC_VERSION) != HV_ABI_VERSION)
		check_fail(what, "#GP, but the hypercall page no longer works");
	else if (!msr_placed(&now))
		check_fail(what, "#GP, but the MSR now reads 0x%lx", now);
	else
		check_ok(what);
}

void pvtest_msr(void)
{
	uint64_t page = (uint64_t)(uintptr_t)pv_hypercall_page;
	uint64_t val = 0;
	int vec;

	if (!msr_placed(&val))
		check_fail("msr-read", "RDMSR 0x%x: 0x%lx, expected 0x%lx", pv_info()->msr,
			   val, (uint64_t)(page | HV_MSR_HYPERCALL_ENABLE));
	else
		check_ok("msr-read");

	if (ram_bytes)
		check_msr_refused("msr-beyond-ram", ram_bytes | HV_MSR_HYPERCALL_ENABLE);
	else
		check_skip("msr-beyond-ram", "RAM size unknown");
	check_msr_refused("msr-far-beyond-ram", (1ull << 40) | HV_MSR_HYPERCALL_ENABLE);
	check_msr_refused("msr-unaligned", (page + 0x800) | HV_MSR_HYPERCALL_ENABLE);

	/* The same page again: allowed, and the stubs stay callable. */
	vec = wrmsr_guarded(pv_info()->msr, page | HV_MSR_HYPERCALL_ENABLE);
	if (vec >= 0)
		check_fail("msr-again", "WRMSR of the same page raised %s",
			   trap_name((unsigned int)vec));
	else if (!stub_ok(HC_NULL) || hypercall0(HC_NULL) != 0)
		check_fail("msr-again", "the hypercall page no longer works");
	else
		check_ok("msr-again");
}
