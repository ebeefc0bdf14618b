// SPDX-License-Identifier: MIT
/*
 * Setting up a vCPU's VMCS (SDM Vol. 3C, chapter 25):
 *   - controls, each adjusted to what the CPU allows (TRUE capability
 *     MSRs, Appendix A.3): what must exit and what may run freely;
 *   - the host state the CPU loads on every VM exit (25.5);
 *   - the guest state of the Multiboot machine state (25.4): 32-bit
 *     protected mode, flat segments, paging off - legal thanks to the
 *     "unrestricted guest" control (26.8).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/gdt.h"
#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmx_controls.h"
#include "arch/x86/vmx/vmx_ops.h"
#include "hv/arch.h"
#include "hv/errno.h"
#include "hv/lib/string.h"
#include "hv/pmm.h"
#include "hv/printk.h"
#include "hv/vm.h"
#include "msr_index.h"

#define X86_CR0_PE		(1ULL << 0)
#define X86_CR0_ET		(1ULL << 4)
#define X86_CR0_NE		(1ULL << 5)
#define X86_CR0_TS		(1ULL << 3)
#define DR6_RESET		0xffff0ff0ULL
#define PAT_POWER_ON		0x0007040600070406ULL

/* Segment access rights (SDM 25.4.1, Table 25-2). */
#define AR_CODE32_FLAT		0xc09b	/* G, D/B, P, S, execute/read, accessed */
#define AR_DATA32_FLAT		0xc093	/* G, D/B, P, S, read/write, accessed */
#define AR_TSS32_BUSY		0x008b	/* P, busy 32-bit TSS */
#define AR_LDT			0x0082
#define AR_UNUSABLE		0x10000

static struct arch_vcpu arch_vcpus[BOOT_MAX_GUESTS];

static uint32_t controls_or_die(const char *what, uint32_t required,
				uint32_t optional, uint64_t cap, bool *ok)
{
	uint32_t value, missing;

	if (vmx_adjust_controls(required, optional, cap, &value, &missing)) {
		printk("vmx: %s controls: this CPU cannot set 0x%08x\n", what,
		       missing);
		*ok = false;
	}
	return value;
}

/*
 * Which MSRs the guest may touch without an exit: clear their bits in the
 * read and write halves of the bitmap (SDM 25.6.9): low MSRs at offset 0
 * (read) and 2048 (write), 0xc0000000-0xc0001fff at 1024 and 3072.
 */
static void msr_passthrough(uint8_t *bitmap, uint32_t msr)
{
	uint32_t base = msr >= 0xc0000000 ? 1024 : 0, bit = msr & 0x1fff;

	bitmap[base + bit / 8] &= ~(1u << (bit % 8));
	bitmap[base + 2048 + bit / 8] &= ~(1u << (bit % 8));
}

static int setup_bitmaps(struct arch_vcpu *a)
{
	uint64_t io_pa, msr_pa;
	static const uint32_t guest_owned[] = {
		/*
		 * SYSCALL targets, swapgs and RDTSCP: the hypervisor uses
		 * none of them, so they keep the guest's values while it
		 * runs; FS/GS base are saved in the VMCS on every exit.
		 */
		MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SYSCALL_MASK,
		MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE, MSR_TSC_AUX,
	};

	a->io_bitmap = alloc_pages_zeroed(2, PMM_PAGE_SIZE, &io_pa);
	a->msr_bitmap = alloc_pages_zeroed(1, PMM_PAGE_SIZE, &msr_pa);
	if (!a->io_bitmap || !a->msr_bitmap)
		return -HV_ENOMEM;
	/* Every port exits: the platform is all emulated (docs/platform.md). */
	memset(a->io_bitmap, 0xff, 2 * PMM_PAGE_SIZE);
	memset(a->msr_bitmap, 0xff, PMM_PAGE_SIZE);
	for (unsigned i = 0; i < sizeof(guest_owned) / sizeof(guest_owned[0]); i++)
		msr_passthrough(a->msr_bitmap, guest_owned[i]);
	vmcs_write64(IO_BITMAP_A, io_pa);
	vmcs_write64(IO_BITMAP_B, io_pa + PMM_PAGE_SIZE);
	vmcs_write64(MSR_BITMAP, msr_pa);
	return 0;
}

static int setup_controls(struct vcpu *v)
{
	const struct vmx_caps *c = &vmx_caps;
	struct arch_vcpu *a = v->arch;
	bool ok = true;
	uint32_t pin, cpu, cpu2, exit, entry;

	pin = controls_or_die("pin-based",
			      PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING |
			      PIN_BASED_VIRTUAL_NMIS |	/* the guest's NMI blocking */
			      PIN_BASED_VMX_PREEMPTION_TIMER, 0, c->pinbased, &ok);
	cpu = controls_or_die("processor-based",
			      CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS |
			      CPU_BASED_USE_MSR_BITMAPS |
			      CPU_BASED_CR8_LOAD_EXITING |
			      CPU_BASED_CR8_STORE_EXITING |
			      CPU_BASED_MWAIT_EXITING |
			      CPU_BASED_MONITOR_EXITING |
			      CPU_BASED_ACTIVATE_SECONDARY_CONTROLS,
			      CPU_BASED_USE_TSC_OFFSETTING,
			      c->procbased, &ok);
	cpu2 = controls_or_die("secondary",
			       SECONDARY_EXEC_ENABLE_EPT |
			       SECONDARY_EXEC_ENABLE_VPID |
			       SECONDARY_EXEC_UNRESTRICTED_GUEST |
			       SECONDARY_EXEC_WBINVD_EXITING,
			       SECONDARY_EXEC_ENABLE_RDTSCP |
			       SECONDARY_EXEC_ENABLE_INVPCID |
			       SECONDARY_EXEC_ENABLE_XSAVES,
			       c->procbased2, &ok);
	exit = controls_or_die("VM-exit",
			       VM_EXIT_HOST_ADDR_SPACE_SIZE |
			       VM_EXIT_ACK_INTR_ON_EXIT |
			       VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER |
			       VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT |
			       VM_EXIT_SAVE_VMX_PREEMPTION_TIMER |
			       VM_EXIT_SAVE_DEBUG_CONTROLS, 0,
			       c->exit, &ok);
	entry = controls_or_die("VM-entry",
				VM_ENTRY_LOAD_IA32_EFER |
				VM_ENTRY_LOAD_IA32_PAT |
				VM_ENTRY_LOAD_DEBUG_CONTROLS,
				0, c->entry, &ok);
	if (!ok)
		return -HV_ENODEV;

	vmcs_write32(PIN_BASED_VM_EXEC_CONTROL, pin);
	vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, cpu);
	vmcs_write32(SECONDARY_VM_EXEC_CONTROL, cpu2);
	vmcs_write32(VM_EXIT_CONTROLS, exit);
	vmcs_write32(VM_ENTRY_CONTROLS, entry);
	a->cpu_based = cpu;
	a->entry_ctls = entry;

	vmcs_write32(EXCEPTION_BITMAP, 0);	/* the guest handles its own */
	vmcs_write32(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmcs_write32(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmcs_write32(CR3_TARGET_COUNT, 0);
	vmcs_write32(VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write32(VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write32(VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
	vmcs_write64(EPT_POINTER, v->vm->arch->eptp);
	vmcs_write16(VIRTUAL_PROCESSOR_ID, v->vm->arch->vpid);
	vmcs_write64(VMCS_LINK_POINTER, ~0ULL);
	vmcs_write32(VMX_PREEMPTION_TIMER_VALUE, 0xffffffff);
	if (cpu & CPU_BASED_USE_TSC_OFFSETTING)
		vmcs_write64(TSC_OFFSET, 0);	/* IA32_TSC_ADJUST moves it */

	/*
	 * CR0 and CR4 belong to the hypervisor except CR0.TS: every other
	 * change exits (vmx_cr.c), so VMX's fixed bits and the switch to long
	 * mode stay in our hands. The guest reads the shadows.
	 */
	vmcs_writel(CR0_GUEST_HOST_MASK, ~X86_CR0_TS);
	vmcs_writel(CR4_GUEST_HOST_MASK, ~0UL);
	return setup_bitmaps(a);
}

struct table_reg {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static void setup_host_state(void)
{
	struct table_reg gdtr, idtr;
	uint16_t tr;
	const uint64_t *gdt;

	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	__asm__ volatile("sidt %0" : "=m"(idtr));
	__asm__ volatile("str %0" : "=r"(tr));
	gdt = (const uint64_t *)gdtr.base;

	vmcs_writel(HOST_CR0, read_cr0());
	vmcs_writel(HOST_CR3, read_cr3());
	vmcs_writel(HOST_CR4, read_cr4());
	vmcs_write16(HOST_CS_SELECTOR, GDT_KERNEL_CS);
	vmcs_write16(HOST_SS_SELECTOR, GDT_KERNEL_DS);
	vmcs_write16(HOST_DS_SELECTOR, GDT_KERNEL_DS);
	vmcs_write16(HOST_ES_SELECTOR, GDT_KERNEL_DS);
	vmcs_write16(HOST_FS_SELECTOR, 0);
	vmcs_write16(HOST_GS_SELECTOR, 0);
	vmcs_write16(HOST_TR_SELECTOR, tr);
	vmcs_writel(HOST_FS_BASE, 0);
	vmcs_writel(HOST_GS_BASE, 0);
	/* The TSS base from its 16-byte descriptor (SDM Figure 8-4). */
	vmcs_writel(HOST_TR_BASE, ((gdt[tr / 8] >> 16) & 0xffffff) |
				  ((gdt[tr / 8] >> 32) & 0xff000000) |
				  (gdt[tr / 8 + 1] << 32));
	vmcs_writel(HOST_GDTR_BASE, gdtr.base);
	vmcs_writel(HOST_IDTR_BASE, idtr.base);
	vmcs_write32(HOST_IA32_SYSENTER_CS, 0);
	vmcs_writel(HOST_IA32_SYSENTER_ESP, 0);
	vmcs_writel(HOST_IA32_SYSENTER_EIP, 0);
	vmcs_write64(HOST_IA32_EFER, rdmsr(MSR_EFER));
	vmcs_write64(HOST_IA32_PAT, rdmsr(MSR_IA32_PAT));
	vmcs_writel(HOST_RIP, (uint64_t)vmx_exit_stub);
	/* HOST_RSP is written by vmx_entry.asm when it changes. */
}

static void set_segment(uint32_t sel_field, uint16_t sel, uint32_t ar)
{
	/* ES, CS, SS, DS, FS, GS, LDTR, TR fields are 2 encodings apart. */
	uint32_t i = (sel_field - GUEST_ES_SELECTOR) / 2;

	vmcs_write_any(GUEST_ES_SELECTOR + 2 * i, sel);
	vmcs_write_any(GUEST_ES_BASE + 2 * i, 0);
	vmcs_write_any(GUEST_ES_LIMIT + 2 * i, ar == AR_TSS32_BUSY ? 0x67 :
					     ar == AR_UNUSABLE ? 0 : 0xffffffff);
	vmcs_write_any(GUEST_ES_AR_BYTES + 2 * i, ar);
}

/* Multiboot 0.6.96, 3.2 "Machine state"; the Linux 32-bit boot protocol. */
static void setup_guest_state(struct vcpu *v, const struct vcpu_boot_state *s)
{
	const struct vmx_caps *c = &vmx_caps;
	uint64_t cr0 = X86_CR0_PE | X86_CR0_ET;

	vmcs_writel(GUEST_CR0, vmx_fixed_cr(cr0, c->cr0_fixed0, c->cr0_fixed1,
					   VMX_FIXED_CR0_UNRESTRICTED_GUEST));
	vmcs_writel(CR0_READ_SHADOW, cr0);
	vmcs_writel(GUEST_CR3, 0);
	vmcs_writel(GUEST_CR4, vmx_fixed_cr(0, c->cr4_fixed0, c->cr4_fixed1, 0));
	vmcs_writel(CR4_READ_SHADOW, 0);
	/*
	 * DR7 and IA32_DEBUGCTL are the guest's: saved on every exit and
	 * loaded on every entry (the debug controls, SDM 25.7.1, 25.8.1,
	 * 28.3.1); the exit itself leaves DR7 = 0x400 and DEBUGCTL = 0 for
	 * the hypervisor (28.5.1). DR0-DR3 and DR6 stay in the registers
	 * (vmx_switch.c). Power-on values: SDM Vol. 3A, Table 10-1.
	 */
	vmcs_writel(GUEST_DR7, 0x400);
	vmcs_write64(GUEST_IA32_DEBUGCTL, 0);
	v->arch->dr6 = DR6_RESET;

	set_segment(GUEST_CS_SELECTOR, s->cs, AR_CODE32_FLAT);
	set_segment(GUEST_SS_SELECTOR, s->ds, AR_DATA32_FLAT);
	set_segment(GUEST_DS_SELECTOR, s->ds, AR_DATA32_FLAT);
	set_segment(GUEST_ES_SELECTOR, s->ds, AR_DATA32_FLAT);
	set_segment(GUEST_FS_SELECTOR, s->ds, AR_DATA32_FLAT);
	set_segment(GUEST_GS_SELECTOR, s->ds, AR_DATA32_FLAT);
	set_segment(GUEST_LDTR_SELECTOR, 0, AR_UNUSABLE);
	/* VM entry wants a usable busy TSS even if the guest never uses one. */
	set_segment(GUEST_TR_SELECTOR, 0, AR_TSS32_BUSY);
	vmcs_writel(GUEST_GDTR_BASE, s->gdtr_base);
	vmcs_write32(GUEST_GDTR_LIMIT, s->gdtr_limit);
	vmcs_writel(GUEST_IDTR_BASE, 0);
	vmcs_write32(GUEST_IDTR_LIMIT, 0);

	vmcs_writel(GUEST_RSP, 0);
	vmcs_writel(GUEST_RIP, s->rip);
	vmcs_writel(GUEST_RFLAGS, 0x2);		/* reserved bit 1; IF = 0 */
	vmcs_write64(GUEST_IA32_EFER, 0);
	vmcs_write64(GUEST_IA32_PAT, PAT_POWER_ON);
	vmcs_write32(GUEST_SYSENTER_CS, 0);
	vmcs_writel(GUEST_SYSENTER_ESP, 0);
	vmcs_writel(GUEST_SYSENTER_EIP, 0);
	vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write32(GUEST_ACTIVITY_STATE, 0);
	vmcs_writel(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	v->arch->xcr0 = 1;			/* x87 only, the reset value */
}

int vmx_vcpu_init(struct vcpu *v, const struct vcpu_boot_state *s)
{
	struct arch_vcpu *a = &arch_vcpus[v->vm->id];
	uint32_t *vmcs;
	int rc;

	memset(a, 0, sizeof(*a));
	vmcs = alloc_pages_zeroed(1, PMM_PAGE_SIZE, &a->vmcs_pa);
	if (!vmcs)
		return -HV_ENOMEM;
	/* A VMCS region starts with the revision identifier (SDM 25.2). */
	vmcs[0] = VMX_BASIC_REVISION(vmx_caps.basic);
	if (vmclear(a->vmcs_pa) != VMX_SUCCEED ||
	    vmptrld(a->vmcs_pa) != VMX_SUCCEED) {
		printk("[%s] VMCLEAR/VMPTRLD of the new VMCS failed\n",
		       v->vm->name);
		return -HV_EIO;
	}
	vmx_vmcs_forget(a->vmcs_pa);	/* current now, but not loaded for v */
	if (vmx_switch_init(a))
		return -HV_ENOMEM;
	v->arch = a;
	rc = setup_controls(v);
	if (rc)
		return rc;
	setup_host_state();
	setup_guest_state(v, s);
	a->deadline_dirty = true;
	return 0;
}
