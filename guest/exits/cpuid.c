// SPDX-License-Identifier: MIT
/*
 * CPUID: an unconditional exit under VT-x (SDM Vol. 3C, 26.1.2). Checks that
 * what comes back is sane, not what it is: the CPU differs from host to host.
 */
#include "guest/exits/exits.h"
#include "guest/lib/x86.h"

#define CPUID_1_EDX_PAE		(1u << 6)
#define CPUID_1_EDX_MSR		(1u << 5)

static int printable(const char *s, int n, int nul_ok)
{
	for (int i = 0; i < n; i++) {
		if (s[i] == '\0' && nul_ok)
			continue;
		if (s[i] < 0x20 || s[i] > 0x7e)
			return 0;
	}
	return 1;
}

int on_qemu_tcg(void)
{
	struct cpuid_regs r;

	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_HYPERVISOR))
		return 0;
	r = cpuid(CPUID_HV_BASE, 0);
	return r.ebx == 0x54474354 && r.ecx == 0x43544743 && r.edx == 0x47435447;
}

void exits_cpuid(void)
{
	struct cpuid_regs r = cpuid(0, 0);
	uint32_t max = r.eax;
	char s[12];

	/* Leaf 0: the highest basic leaf and a 12-character vendor string. */
	__builtin_memcpy(s + 0, &r.ebx, 4);
	__builtin_memcpy(s + 4, &r.edx, 4);
	__builtin_memcpy(s + 8, &r.ecx, 4);
	if (max < 1 || max > 0xff)
		check_fail("cpuid-0", "max basic leaf 0x%x", max);
	else if (!printable(s, 12, 0))
		check_fail("cpuid-0", "vendor string not printable");
	else
		check_ok("cpuid-0");

	/* Leaf 1: a signature, and the features this guest relies on. */
	r = cpuid(1, 0);
	if (r.eax == 0)
		check_fail("cpuid-1", "signature (EAX) 0");
	else if ((r.edx & (CPUID_1_EDX_MSR | CPUID_1_EDX_PAE)) !=
		 (CPUID_1_EDX_MSR | CPUID_1_EDX_PAE))
		check_fail("cpuid-1", "EDX 0x%x lacks MSR or PAE", r.edx);
	else
		check_ok("cpuid-1");

	/* The hypervisor leaves, where the hypervisor bit says there are. */
	if (!(r.ecx & CPUID_1_ECX_HYPERVISOR)) {
		check_skip("cpuid-hv", "no hypervisor bit");
		return;
	}
	r = cpuid(CPUID_HV_BASE, 0);
	__builtin_memcpy(s + 0, &r.ebx, 4);
	__builtin_memcpy(s + 4, &r.ecx, 4);
	__builtin_memcpy(s + 8, &r.edx, 4);
	if (r.eax < CPUID_HV_BASE || r.eax > CPUID_HV_BASE + 0xff)
		check_fail("cpuid-hv", "max hypervisor leaf 0x%x", r.eax);
	else if (!printable(s, 12, 1))
		check_fail("cpuid-hv", "signature not printable");
	else
		check_ok("cpuid-hv");
}
