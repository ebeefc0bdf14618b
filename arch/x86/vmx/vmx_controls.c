// SPDX-License-Identifier: MIT
#include "arch/x86/vmx/vmx_controls.h"

#define X86_CR0_PE	(1ULL << 0)
#define X86_CR0_PG	(1ULL << 31)

int vmx_adjust_controls(uint32_t required, uint32_t optional, uint64_t cap_msr,
			uint32_t *out, uint32_t *missing)
{
	/* Appendix A.3: allowed-0 settings low, allowed-1 settings high. */
	uint32_t must_be_1 = (uint32_t)cap_msr;
	uint32_t may_be_1 = (uint32_t)(cap_msr >> 32);
	uint32_t lacking = required & ~may_be_1;

	*out = must_be_1 | ((required | optional) & may_be_1);
	if (missing)
		*missing = lacking;
	return lacking ? -1 : 0;
}

uint64_t vmx_fixed_cr(uint64_t value, uint64_t fixed0, uint64_t fixed1,
		      unsigned int flags)
{
	/* SDM 26.8: an unrestricted guest may run unpaged or in real mode. */
	if (flags & VMX_FIXED_CR0_UNRESTRICTED_GUEST)
		fixed0 &= ~(X86_CR0_PE | X86_CR0_PG);
	return (value | fixed0) & fixed1;
}
