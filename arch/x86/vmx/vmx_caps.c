// SPDX-License-Identifier: MIT
#include "arch/x86/vmx/vmx_caps.h"

#include "arch/x86/cpu.h"
#include "hv/lib/format.h"

void vmx_read_caps(struct vmx_caps *c)
{
	int true_ctls;

	c->basic = rdmsr(MSR_IA32_VMX_BASIC);
	/*
	 * With bit 55 set, the TRUE_* MSRs report which default-1 controls
	 * may in fact be 0 (SDM Appendix A.2); they are the ones to use.
	 */
	true_ctls = !!(c->basic & VMX_BASIC_TRUE_CTLS);
	c->pinbased = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_PINBASED_CTLS :
					MSR_IA32_VMX_PINBASED_CTLS);
	c->procbased = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS :
					 MSR_IA32_VMX_PROCBASED_CTLS);
	c->exit = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_EXIT_CTLS :
				    MSR_IA32_VMX_EXIT_CTLS);
	c->entry = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_ENTRY_CTLS :
				     MSR_IA32_VMX_ENTRY_CTLS);
	c->misc = rdmsr(MSR_IA32_VMX_MISC);
	c->cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0);
	c->cr0_fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	c->cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	c->cr4_fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1);
	c->procbased2 = 0;
	c->ept_vpid = 0;
	/* These two exist only if secondary controls can be enabled (A.3.3). */
	if (cpu_has_secondary_exec_ctrls(c)) {
		c->procbased2 = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2);
		if (vmx_ctl_allowed1(c->procbased2, SECONDARY_EXEC_ENABLE_EPT |
					 SECONDARY_EXEC_ENABLE_VPID))
			c->ept_vpid = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
	}
}

static int cpu_has_usable_ept(const struct vmx_caps *c)
{
	return cpu_has_vmx_ept(c) && cpu_has_vmx_ept_4levels(c) &&
	       cpu_has_vmx_ept_wb(c);
}

int vmx_missing_features(const struct vmx_caps *c, char *buf, unsigned long size)
{
	static const struct {
		int (*has)(const struct vmx_caps *);
		const char *name;
	} needs[] = {
		{ cpu_has_vmx_ept, "EPT" },
		{ cpu_has_usable_ept, "EPT with a 4-level walk and write-back memory" },
		{ cpu_has_vmx_unrestricted_guest, "unrestricted guest" },
		{ cpu_has_vmx_vpid, "VPID" },
	};
	unsigned long len = 0;
	int missing = 0, no_ept = !cpu_has_vmx_ept(c);

	if (size)
		buf[0] = '\0';
	for (unsigned i = 0; i < sizeof(needs) / sizeof(needs[0]); i++) {
		/* Without EPT at all, its details are not worth a mention. */
		if (needs[i].has(c) || (i == 1 && no_ept))
			continue;
		if (len < size)
			len += (unsigned long)hv_snprintf(buf + len, size - len,
							  "%s%s", missing ? ", " : "",
							  needs[i].name);
		missing++;
	}
	return missing;
}
