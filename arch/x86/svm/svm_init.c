// SPDX-License-Identifier: MIT
/*
 * Is AMD SVM usable here? Asked in the order a person debugging a machine
 * would (AMD APM vol. 2, 15.4 "Enabling SVM"):
 *   1. does the CPU have SVM (CPUID 0x80000001:ECX.SVM[bit 2])?
 *   2. has the firmware left it enabled (VM_CR.SVMDIS = 0)?
 *   3. is nested paging there (CPUID 0x8000000A:EDX.NP[bit 0])?
 * Then enable it for good: EFER.SVME and the host save area VMRUN stores
 * the host's state in (VM_HSAVE_PA, 15.30.4).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/svm/svm.h"
#include "arch/x86/virt.h"
#include "hv/errno.h"
#include "hv/pmm.h"
#include "hv/printk.h"
#include "msr_index.h"

#define CPUID_80000001_ECX_SVM	(1u << 2)
#define CPUID_1_ECX_XSAVE	(1u << 26)
#define CR4_OSXSAVE		(1ULL << 18)

struct svm_caps svm_caps;
uint64_t svm_host_save_pa;

bool svm_present(void)
{
	if (cpuid(0x80000000, 0).eax < 0x8000000a)
		return false;
	return cpuid(0x80000001, 0).ecx & CPUID_80000001_ECX_SVM;
}

static const char *yes(uint32_t bit)
{
	return svm_caps.features & bit ? "yes" : "no";
}

int svm_virt_init(void)
{
	struct cpuid_regs r;

	if (!svm_present()) {
		printk("svm: AMD SVM is not available (CPUID "
		       "0x80000001:ECX.SVM = 0)\n");
		return -HV_ENODEV;
	}
	r = cpuid(0x8000000a, 0);
	svm_caps = (struct svm_caps){ .revision = r.eax & 0xff,
				      .nasid = r.ebx, .features = r.edx };
	printk("svm: revision %u, %u ASIDs, nested paging %s, NRIP save %s, "
	       "decode assists %s, VMCB clean bits %s, flush by ASID %s "
	       "(CPUID 0x8000000A:EDX = 0x%08x)\n", svm_caps.revision,
	       svm_caps.nasid, yes(SVM_FEATURE_NPT), yes(SVM_FEATURE_NRIPS),
	       yes(SVM_FEATURE_DECODEASSISTS), yes(SVM_FEATURE_VMCB_CLEAN),
	       yes(SVM_FEATURE_FLUSHBYASID), svm_caps.features);
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) {
		printk("svm: SVM is disabled by the firmware (VM_CR.SVMDIS = 1): "
		       "enable \"SVM Mode\" in the firmware setup\n");
		return -HV_ENODEV;
	}
	if (!cpu_has_svm_npt()) {
		printk("svm: this CPU has no nested paging, which this "
		       "hypervisor needs\n");
		return -HV_ENODEV;
	}
	if (svm_caps.nasid < 2) {
		printk("svm: no ASID for guests (%u)\n", svm_caps.nasid);
		return -HV_ENODEV;
	}
	if (!cpu_has_svm_nrips())
		printk("svm: no NRIP save: instruction lengths come from "
		       "decoding the guest's code\n");
	printk("svm: ready\n");
	return 0;
}

int svm_virt_enable(void)
{
	uint64_t hsave_pa;
	int rc;

	if (!alloc_pages_zeroed(1, PMM_PAGE_SIZE, &hsave_pa) ||
	    !alloc_pages_zeroed(1, PMM_PAGE_SIZE, &svm_host_save_pa))
		return -HV_ENOMEM;
	/*
	 * Guests' XCR0 is loaded with XSETBV (svm_switch.c), which needs
	 * CR4.OSXSAVE; the hypervisor keeps no extended state of its own.
	 */
	if (cpuid(1, 0).ecx & CPUID_1_ECX_XSAVE)
		write_cr4(read_cr4() | CR4_OSXSAVE);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	wrmsr(MSR_VM_HSAVE_PA, hsave_pa);
	rc = svm_timer_init();
	if (rc)
		return rc;
	printk("svm: EFER.SVME set, host save area at 0x%llx\n",
	       (unsigned long long)hsave_pa);
	return 0;
}
