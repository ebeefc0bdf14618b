// SPDX-License-Identifier: MIT
/*
 * Is VT-x usable here? vmx_virt_init() answers in the order a person
 * debugging a machine would ask:
 *   1. does the CPU have VMX at all (CPUID.1:ECX.VMX[bit 5], SDM 24.6)?
 *   2. has the firmware allowed VMXON (IA32_FEATURE_CONTROL, SDM 24.7)?
 *   3. are the features this hypervisor needs there (EPT, unrestricted
 *      guest, VPID)?
 *   4. can we really enter and leave VMX operation (VMXON, VMCLEAR,
 *      VMPTRLD, VMXOFF on pages of our own)?
 * Each "no" is one line that says why and what to do instead.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmx_caps.h"
#include "arch/x86/vmx/vmx_ops.h"
#include "hv/arch.h"
#include "hv/errno.h"
#include "hv/pmm.h"
#include "hv/printk.h"

#define CPUID_1_ECX_VMX (1u << 5)
#define CPUID_1_ECX_XSAVE (1u << 26)
#define CR4_OSXSAVE (1ULL << 18)

struct vmx_caps vmx_caps;

static const char *const how_to_run =
	"run it in Bochs (make run EMU=bochs) or in QEMU with nested KVM on an "
	"Intel host (make run EMU=qemu-kvm); 'make doctor' tells what this "
	"machine can do";

static int feature_control_allows_vmxon(void)
{
	uint64_t fc = rdmsr(MSR_IA32_FEATURE_CONTROL);

	if (fc & FEATURE_CONTROL_LOCKED) {
		if (fc & FEATURE_CONTROL_VMXON_OUTSIDE_SMX)
			return 1;
		printk("vmx: VT-x is disabled and locked by the firmware "
		       "(IA32_FEATURE_CONTROL = 0x%llx): enable \"Intel "
		       "Virtualization Technology\" in the firmware setup\n",
		       (unsigned long long)fc);
		return 0;
	}
	/*
	 * Unlocked (OVMF leaves it so): allow VMXON outside SMX and lock,
	 * since VMXON #GPs while the lock bit is clear (SDM 24.7).
	 */
	wrmsr(MSR_IA32_FEATURE_CONTROL, fc | FEATURE_CONTROL_LOCKED |
					FEATURE_CONTROL_VMXON_OUTSIDE_SMX);
	printk("vmx: IA32_FEATURE_CONTROL was unlocked (0x%llx); set VMXON "
	       "outside SMX and locked it\n", (unsigned long long)fc);
	return 1;
}

static void report(const struct vmx_caps *c)
{
	printk("vmx: VMCS revision 0x%x, VMCS size %u bytes, memory type %s, "
	       "TRUE controls %s (IA32_VMX_BASIC = 0x%016llx)\n",
	       VMX_BASIC_REVISION(c->basic), VMX_BASIC_VMCS_SIZE(c->basic),
	       VMX_BASIC_MEM_TYPE(c->basic) == VMX_MEM_TYPE_WB ? "WB" : "UC",
	       c->basic & VMX_BASIC_TRUE_CTLS ? "yes" : "no",
	       (unsigned long long)c->basic);
	printk("vmx: EPT %s, unrestricted guest %s, VPID %s, VMX-preemption timer %s\n",
	       cpu_has_vmx_ept(c) ? "yes" : "no",
	       cpu_has_vmx_unrestricted_guest(c) ? "yes" : "no",
	       cpu_has_vmx_vpid(c) ? "yes" : "no",
	       cpu_has_vmx_preemption_timer(c) ? "yes" : "no");
	if (cpu_has_vmx_ept(c))
		printk("vmx: EPT 4-level walk %s, write-back %s, 2M pages %s, "
		       "1G pages %s, INVEPT %s, INVVPID %s "
		       "(IA32_VMX_EPT_VPID_CAP = 0x%016llx)\n",
		       cpu_has_vmx_ept_4levels(c) ? "yes" : "no",
		       cpu_has_vmx_ept_wb(c) ? "yes" : "no",
		       cpu_has_vmx_ept_2m_page(c) ? "yes" : "no",
		       cpu_has_vmx_ept_1g_page(c) ? "yes" : "no",
		       cpu_has_vmx_invept(c) ? "yes" : "no",
		       cpu_has_vmx_invvpid(c) ? "yes" : "no",
		       (unsigned long long)c->ept_vpid);
	if (cpu_has_vmx_preemption_timer(c))
		printk("vmx: preemption timer ticks every 2^%u TSC cycles\n",
		       vmx_preemption_timer_rate(c));
	printk("vmx: controls allowed-1: pin 0x%08x proc 0x%08x proc2 0x%08x "
	       "exit 0x%08x entry 0x%08x\n",
	       (uint32_t)(c->pinbased >> 32), (uint32_t)(c->procbased >> 32),
	       (uint32_t)(c->procbased2 >> 32), (uint32_t)(c->exit >> 32),
	       (uint32_t)(c->entry >> 32));
}

static const char *result_name(enum vmx_result r)
{
	return r == VMX_FAIL_INVALID ? "VMfailInvalid" :
	       r == VMX_FAIL_VALID ? "VMfailValid" : "VMsucceed";
}

/*
 * Enter VMX operation, make a VMCS current, leave. CR0 and CR4 must obey
 * the FIXED MSRs while in VMX operation (SDM 24.8); VMXON and VMCS regions
 * start with the revision identifier (SDM 25.2, 24.11.5).
 */
static int smoke_test(const struct vmx_caps *c)
{
	uint64_t cr0 = read_cr0(), cr4 = read_cr4();
	uint64_t vmxon_pa, vmcs_pa;
	uint32_t *vmxon_region = alloc_pages_zeroed(1, PMM_PAGE_SIZE, &vmxon_pa);
	uint32_t *vmcs = alloc_pages_zeroed(1, PMM_PAGE_SIZE, &vmcs_pa);
	enum vmx_result r;
	const char *step;
	int ok = 0;

	if (!vmxon_region || !vmcs) {
		printk("vmx: smoke test: out of memory\n");
		return 0;
	}
	vmxon_region[0] = VMX_BASIC_REVISION(c->basic);
	vmcs[0] = VMX_BASIC_REVISION(c->basic);
	write_cr0((cr0 | c->cr0_fixed0) & c->cr0_fixed1);
	write_cr4((cr4 | c->cr4_fixed0 | CR4_VMXE) & c->cr4_fixed1);

	step = "VMXON";
	r = vmxon(vmxon_pa);
	if (r == VMX_SUCCEED) {
		step = "VMCLEAR";
		r = vmclear(vmcs_pa);
		if (r == VMX_SUCCEED) {
			step = "VMPTRLD";
			r = vmptrld(vmcs_pa);
		}
		if (r == VMX_SUCCEED && vmptrst() != vmcs_pa) {
			step = "VMPTRST";
			r = VMX_FAIL_INVALID;
		}
		if (r == VMX_SUCCEED)
			ok = 1;
		if (vmxoff() != VMX_SUCCEED && ok) {
			step = "VMXOFF";
			ok = 0;
		}
	}
	write_cr4(cr4);
	write_cr0(cr0);
	pmm_free(&hv_pmm, vmxon_pa, 1);
	pmm_free(&hv_pmm, vmcs_pa, 1);

	if (ok)
		printk("vmx: smoke test: VMXON, VMCLEAR, VMPTRLD, VMPTRST, VMXOFF ok\n");
	else
		printk("vmx: smoke test: %s failed (%s)\n", step, result_name(r));
	return ok;
}

int vmx_virt_init(void)
{
	char vendor[13], brand[49], missing[128];
	struct vmx_caps *caps = &vmx_caps;

	arch_cpu_identify(vendor, brand);
	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_VMX)) {
		printk("vmx: VT-x is not available: CPUID.1:ECX.VMX = 0 on this %s "
		       "CPU; %s\n", vendor, how_to_run);
		return -HV_ENODEV;
	}
	if (!feature_control_allows_vmxon())
		return -HV_ENODEV;

	vmx_read_caps(caps);
	report(caps);
	if (vmx_missing_features(caps, missing, sizeof(missing))) {
		printk("vmx: VT-x here lacks what this hypervisor needs: %s; %s\n",
		       missing, how_to_run);
		return -HV_ENODEV;
	}
	if (!smoke_test(caps))
		return -HV_ENODEV;
	printk("vmx: ready\n");
	return 0;
}

/*
 * Enter VMX operation for good: guests run from here until power-off. The
 * smoke test has shown each step works; this keeps the VMXON region.
 */
int vmx_virt_enable(void)
{
	const struct vmx_caps *c = &vmx_caps;
	uint64_t pa;
	uint32_t *region = alloc_pages_zeroed(1, PMM_PAGE_SIZE, &pa);
	enum vmx_result r;

	if (!region)
		return -HV_ENOMEM;
	/*
	 * Guests' XSETBV is carried out by XSETBV here, which needs
	 * CR4.OSXSAVE (SDM Vol. 2D, XSETBV). The hypervisor itself keeps no
	 * extended state, so XCR0 can hold the guest's value.
	 */
	if (cpuid(1, 0).ecx & CPUID_1_ECX_XSAVE)
		write_cr4(read_cr4() | CR4_OSXSAVE);
	region[0] = VMX_BASIC_REVISION(c->basic);
	write_cr0((read_cr0() | c->cr0_fixed0) & c->cr0_fixed1);
	write_cr4((read_cr4() | c->cr4_fixed0 | CR4_VMXE) & c->cr4_fixed1);
	r = vmxon(pa);
	if (r != VMX_SUCCEED) {
		printk("vmx: VMXON failed (%s)\n", result_name(r));
		return -HV_EIO;
	}
	return 0;
}
