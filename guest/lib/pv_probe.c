// SPDX-License-Identifier: MIT
/*
 * Finding EduHV and placing its hypercall page (include/hypercall.h,
 * "Discovery" and "The hypercall page"). Every step can fail on a machine
 * that is not EduHV, natively or under another hypervisor, so each one
 * checks and says what it found instead.
 */
#include "guest/lib/pv.h"
#include "guest/lib/guard.h"
#include "guest/lib/x86.h"
#include "hv/lib/format.h"
#include "hv/lib/string.h"

#define SIG_LEN		12
#define ABI_MAJOR(v)	((v) >> 16)	/* minor versions only add */

uint8_t pv_hypercall_page[HV_HYPERCALL_PAGE_SIZE]
	__attribute__((aligned(HV_HYPERCALL_PAGE_SIZE)));

static struct pv_info info;
static char why[96];

const struct pv_info *pv_info(void)
{
	return &info;
}

/* EBX, ECX, EDX, as KVM and Xen have it; unprintable bytes as '.'. */
static void signature(const struct cpuid_regs *r, char sig[SIG_LEN + 1])
{
	memcpy(sig + 0, &r->ebx, 4);
	memcpy(sig + 4, &r->ecx, 4);
	memcpy(sig + 8, &r->edx, 4);
	sig[SIG_LEN] = '\0';
	for (int i = 0; i < SIG_LEN; i++)
		if (sig[i] < 0x20 || sig[i] > 0x7e)
			sig[i] = '.';
}

static const char *discover(void)
{
	struct cpuid_regs r = cpuid(1, 0);
	char sig[SIG_LEN + 1];

	if (!(r.ecx & CPUID_1_ECX_HYPERVISOR))
		return "no hypervisor (CPUID.1:ECX[31] clear)";
	r = cpuid(HV_CPUID_BASE, 0);
	signature(&r, sig);
	if (memcmp(sig, HV_CPUID_SIGNATURE, SIG_LEN)) {
		hv_snprintf(why, sizeof(why), "the hypervisor is \"%s\", not \"%s\"",
			    sig, HV_CPUID_SIGNATURE);
		return why;
	}
	if (r.eax < HV_CPUID_FEATURES) {
		hv_snprintf(why, sizeof(why), "%s has no leaf 0x%x (max leaf 0x%x)",
			    HV_CPUID_SIGNATURE, HV_CPUID_FEATURES, r.eax);
		return why;
	}
	info.max_leaf = r.eax;
	r = cpuid(HV_CPUID_FEATURES, 0);
	info.version = r.eax;
	info.features = r.ebx;
	info.msr = r.ecx;
	if (ABI_MAJOR(info.version) != ABI_MAJOR(HV_ABI_VERSION)) {
		hv_snprintf(why, sizeof(why), "%s speaks ABI 0x%x, this guest 0x%x",
			    HV_CPUID_SIGNATURE, info.version, HV_ABI_VERSION);
		return why;
	}
	if ((info.features & PV_FEATURES_NEEDED) != PV_FEATURES_NEEDED) {
		hv_snprintf(why, sizeof(why), "%s lacks features 0x%x (has 0x%x)",
			    HV_CPUID_SIGNATURE,
			    PV_FEATURES_NEEDED & ~info.features, info.features);
		return why;
	}
	return NULL;
}

/*
 * The guest-physical address of the page goes to the MSR: with the
 * identity map of entry.asm, that is its address. The hypervisor writes
 * the stubs before WRMSR completes; a page still empty means it did not.
 */
static const char *place_page(void)
{
	uint64_t val = (uint64_t)(uintptr_t)pv_hypercall_page | HV_MSR_HYPERCALL_ENABLE;
	int vec = wrmsr_guarded(info.msr, val);

	if (vec >= 0) {
		hv_snprintf(why, sizeof(why), "WRMSR 0x%x <- 0x%lx raised %s",
			    info.msr, val, trap_name((unsigned int)vec));
		return why;
	}
	if (!pv_hypercall_page[0]) {
		hv_snprintf(why, sizeof(why), "the hypercall page at 0x%lx stayed empty",
			    (uint64_t)(uintptr_t)pv_hypercall_page);
		return why;
	}
	return NULL;
}

const char *pv_probe(void)
{
	const char *err = discover();

	return err ? err : place_page();
}
