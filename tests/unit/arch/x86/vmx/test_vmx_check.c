// SPDX-License-Identifier: MIT
/*
 * arch/x86/vmx/vmx_check.c: the software VM-entry checker.
 *
 * Five guest states that VM entry accepts must pass with no finding: the
 * Multiboot entry state (32-bit protected mode, paging off, unrestricted
 * guest), 64-bit long mode with and without unrestricted guest, real mode
 * and virtual-8086 mode, on the capability MSRs Bochs reports. Then one
 * case per rule breaks one field of one of them and expects the checker
 * to name that rule and field (and, most of the time, nothing else); the
 * last test asserts that every rule was seen. vmx_guest_state.c is
 * compiled in, never run (VMREAD outside VMX operation would fault).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx_check.h"
#include "arch/x86/vmx/vmx_controls.h"
#include "arch/x86/vmx/vmx_names.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define X86_CR0_PE	(1ULL << 0)
#define X86_CR0_MP	(1ULL << 1)
#define X86_CR0_ET	(1ULL << 4)
#define X86_CR0_NE	(1ULL << 5)
#define X86_CR0_WP	(1ULL << 16)
#define X86_CR0_AM	(1ULL << 18)
#define X86_CR0_NW	(1ULL << 29)
#define X86_CR0_CD	(1ULL << 30)
#define X86_CR0_PG	(1ULL << 31)
#define X86_CR4_PAE	(1ULL << 5)
#define X86_CR4_OSFXSR	(1ULL << 9)
#define X86_CR4_OSXMMEXCPT (1ULL << 10)
#define X86_CR4_LA57	(1ULL << 12)
#define X86_CR4_VMXE	(1ULL << 13)
#define X86_CR4_PCIDE	(1ULL << 17)
#define X86_EFLAGS_FIXED (1ULL << 1)
#define X86_EFLAGS_TF	(1ULL << 8)
#define X86_EFLAGS_IF	(1ULL << 9)
#define X86_EFLAGS_VM	(1ULL << 17)
#define EFER_SCE	(1ULL << 0)
#define EFER_LME	(1ULL << 8)
#define EFER_LMA	(1ULL << 10)
#define EFER_NX		(1ULL << 11)

/* The accessors count their instructions here. */
uint64_t vmcs_read_count, vmcs_write_count;

/* The accessors in vmx_guest_state.c call these; never reached here. */
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

/*
 * The capability MSRs of Bochs 2.7's corei7_skylake_x, as the hypervisor
 * prints them (README, docs/vmx.md) and Bochs' cpu/vmx.h defines them:
 * TRUE control MSRs (IA32_VMX_BASIC[55] = 1), CR0_FIXED0 = PG|NE|PE,
 * CR0_FIXED1 = 0xffffffff, CR4_FIXED0 = VMXE. Bochs reports its supported
 * CR4 bits as CR4_FIXED1: VME..OSXMMEXCPT, VMXE, FSGSBASE, PCIDE, OSXSAVE,
 * SMEP, SMAP, PKE. MISC: timer rate 0, HLT/shutdown/wait-for-SIPI, 4 CR3
 * targets.
 */
static const struct vmx_caps bochs_caps = {
	.basic = 0x00d810000000002bULL,
	.pinbased = 0x0000007f00000016ULL,
	.procbased = 0xf7f9fffe04006172ULL,
	.procbased2 = 0x02177fff00000000ULL,
	.exit = 0x007fffff00036dfbULL,
	.entry = 0x0000ffff000011fbULL,
	.misc = 0x00000000000401e0ULL,
	.ept_vpid = 0x00000f0106334141ULL,
	.cr0_fixed0 = 0x80000021ULL,
	.cr0_fixed1 = 0xffffffffULL,
	.cr4_fixed0 = 0x00002000ULL,
	.cr4_fixed1 = 0x007727ffULL,
};

/* A real Skylake client part: SMXE, no PKE. */
#define SKYLAKE_CR4_FIXED1 0x003767ffULL

static uint32_t adjust(uint32_t required, uint32_t optional, uint64_t cap)
{
	uint32_t out, missing;

	if (vmx_adjust_controls(required, optional, cap, &out, &missing))
		fail_msg("Bochs lacks controls 0x%x", missing);
	return out;
}

/* The controls the run loop sets, computed as it computes them. */
static void controls(struct vmx_guest_state *g, uint32_t entry)
{
	const struct vmx_caps *c = &bochs_caps;

	g->caps = *c;
	g->phys_addr_bits = 40;
	g->virt_addr_bits = 48;
	g->pin_based_vm_exec_control =
		adjust(PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING |
		       PIN_BASED_VMX_PREEMPTION_TIMER, 0, c->pinbased);
	g->cpu_based_vm_exec_control =
		adjust(CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS |
		       CPU_BASED_USE_MSR_BITMAPS |
		       CPU_BASED_ACTIVATE_SECONDARY_CONTROLS, 0, c->procbased);
	g->secondary_vm_exec_control =
		adjust(SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VPID |
		       SECONDARY_EXEC_UNRESTRICTED_GUEST, 0, c->procbased2);
	g->vm_exit_controls =
		adjust(VM_EXIT_SAVE_DEBUG_CONTROLS |
		       VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_ACK_INTR_ON_EXIT |
		       VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT |
		       VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER |
		       VM_EXIT_SAVE_VMX_PREEMPTION_TIMER, 0, c->exit);
	g->vm_entry_controls =
		adjust(VM_ENTRY_LOAD_DEBUG_CONTROLS | VM_ENTRY_LOAD_IA32_PAT |
		       VM_ENTRY_LOAD_IA32_EFER | entry, 0, c->entry);
	g->virtual_processor_id = 1;
	/* WB, 4-level walk, PML4 at 0x5000. */
	g->ept_pointer = 0x5000 | VMX_EPTP_MT_WB | VMX_EPTP_PWL_4;
	g->io_bitmap_a = 0x1000;
	g->io_bitmap_b = 0x2000;
	g->msr_bitmap = 0x3000;
}

static void seg(struct vmx_guest_state *g, enum vmx_seg s, uint16_t selector,
		uint64_t base, uint32_t limit, uint32_t ar)
{
	g->seg[s] = (struct vmx_segment){ selector, base, limit, ar };
}

/* Shared by every state: nothing pending, no link, the usual PAT. */
static void quiet(struct vmx_guest_state *g)
{
	g->dr7 = 0x400;
	g->ia32_pat = 0x0007040600070406ULL;
	g->activity_state = GUEST_ACTIVITY_ACTIVE;
	g->vmcs_link_pointer = ~0ULL;
	/* A busy 32-bit TSS, LDTR unusable. */
	seg(g, VMX_SEG_TR, 0x18, 0, 0x67, 0x008b);
	seg(g, VMX_SEG_LDTR, 0, 0, 0, VMX_AR_UNUSABLE_MASK);
}

/*
 * Multiboot v1 entry: 32-bit protected mode, flat 4 GiB segments, paging
 * off (legal with unrestricted guest), CR0 = PE|ET|NE.
 */
static void multiboot(struct vmx_guest_state *g)
{
	memset(g, 0, sizeof(*g));
	controls(g, 0);
	quiet(g);
	g->cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE;
	g->cr4 = X86_CR4_VMXE;
	g->rip = 0x100000;
	g->rflags = X86_EFLAGS_FIXED;
	seg(g, VMX_SEG_CS, 0x08, 0, 0xffffffff, 0xc09b);
	for (int s = VMX_SEG_ES; s <= VMX_SEG_GS; s++)
		if (s != VMX_SEG_CS)
			seg(g, s, 0x10, 0, 0xffffffff, 0xc093);
	g->gdtr = (struct vmx_dtable){ 0x1000, 0x1f };
	g->idtr = (struct vmx_dtable){ 0, 0x3ff };
}

/* 64-bit mode: paging, PAE, EFER.LME/LMA, CS.L, kernel addresses. */
static void long_mode(struct vmx_guest_state *g)
{
	memset(g, 0, sizeof(*g));
	controls(g, VM_ENTRY_IA32E_MODE);
	quiet(g);
	g->cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE |
		 X86_CR0_WP | X86_CR0_PG;
	g->cr3 = 0x4000;
	g->cr4 = X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |
		 X86_CR4_VMXE;
	g->ia32_efer = EFER_SCE | EFER_LME | EFER_LMA | EFER_NX;
	g->rip = 0xffffffff80001000ULL;
	g->rsp = 0xffffffff80300000ULL;
	g->rflags = X86_EFLAGS_FIXED | X86_EFLAGS_IF;
	g->sysenter_eip = 0xffffffff80000100ULL;
	seg(g, VMX_SEG_CS, 0x08, 0, 0xffffffff, 0xa09b);
	seg(g, VMX_SEG_SS, 0x10, 0, 0xffffffff, 0xc093);
	seg(g, VMX_SEG_DS, 0x10, 0, 0xffffffff, 0xc093);
	seg(g, VMX_SEG_ES, 0x10, 0, 0xffffffff, 0xc093);
	seg(g, VMX_SEG_FS, 0, 0, 0, VMX_AR_UNUSABLE_MASK);
	seg(g, VMX_SEG_GS, 0, 0xffff888000000000ULL, 0, VMX_AR_UNUSABLE_MASK);
	seg(g, VMX_SEG_TR, 0x18, 0xffffffff80200000ULL, 0x67, 0x008b);
	g->gdtr = (struct vmx_dtable){ 0xffffffff80100000ULL, 0x3f };
	g->idtr = (struct vmx_dtable){ 0xffffffff80101000ULL, 0xfff };
}

/* The same without unrestricted guest (EPT and VPID stay). */
static void long_mode_restricted(struct vmx_guest_state *g)
{
	long_mode(g);
	g->secondary_vm_exec_control &= ~SECONDARY_EXEC_UNRESTRICTED_GUEST;
}

/* Real mode at the reset vector: PE = PG = 0, unrestricted guest. */
static void real_mode(struct vmx_guest_state *g)
{
	memset(g, 0, sizeof(*g));
	controls(g, 0);
	quiet(g);
	g->cr0 = X86_CR0_ET | X86_CR0_NE;
	g->cr4 = X86_CR4_VMXE;
	g->rip = 0xfff0;
	g->rflags = X86_EFLAGS_FIXED;
	seg(g, VMX_SEG_CS, 0xf000, 0xf0000, 0xffff, 0x009b);
	for (int s = VMX_SEG_ES; s <= VMX_SEG_GS; s++)
		if (s != VMX_SEG_CS)
			seg(g, s, 0, 0, 0xffff, 0x0093);
	g->idtr = (struct vmx_dtable){ 0, 0x3ff };
}

/* Virtual-8086 mode: RFLAGS.VM, every segment base = selector * 16. */
static void v8086(struct vmx_guest_state *g)
{
	memset(g, 0, sizeof(*g));
	controls(g, 0);
	quiet(g);
	g->cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE;
	g->cr4 = X86_CR4_VMXE;
	g->rip = 0x100;
	g->rflags = X86_EFLAGS_FIXED | X86_EFLAGS_VM | X86_EFLAGS_IF;
	for (int s = VMX_SEG_ES; s <= VMX_SEG_GS; s++)
		seg(g, s, 0x1234, 0x12340, 0xffff, 0xf3);
	g->gdtr = (struct vmx_dtable){ 0x1000, 0x1f };
}

/* ------------------------------------------------------------ findings */

#define MAX_FINDINGS 128

struct findings {
	unsigned int n;
	struct vmx_check_finding f[MAX_FINDINGS];
};

static void collect(void *ctx, const struct vmx_check_finding *f)
{
	struct findings *out = ctx;

	assert_non_null(f->name);
	assert_non_null(f->what);
	assert_non_null(f->sdm);
	assert_string_equal(f->name, vmcs_field_name(f->field));
	/* Only the control rules name bits, and then the bits at fault. */
	if (f->rule == VMX_RULE_CTLS_MUST_BE_1)
		assert_int_equal(f->bits & f->value, 0);
	else if (f->rule == VMX_RULE_CTLS_MUST_BE_0)
		assert_int_equal(f->bits & ~f->value, 0);
	else
		assert_int_equal(f->bits, 0);
	if (f->rule == VMX_RULE_CTLS_MUST_BE_1 ||
	    f->rule == VMX_RULE_CTLS_MUST_BE_0)
		assert_int_not_equal(f->bits, 0);
	if (out->n < MAX_FINDINGS)
		out->f[out->n] = *f;
	out->n++;
}

static unsigned int check(const struct vmx_guest_state *g, struct findings *out)
{
	unsigned int n;

	memset(out, 0, sizeof(*out));
	n = vmx_check_guest_state(g, collect, out);
	assert_int_equal(n, out->n);
	return n;
}

static void dump(const struct findings *out)
{
	char line[256];

	for (unsigned int i = 0; i < out->n && i < MAX_FINDINGS; i++) {
		vmx_check_format(&out->f[i], line, sizeof(line));
		print_message("  %s\n", line);
	}
}

static void expect_clean(const struct vmx_guest_state *g, const char *what)
{
	struct findings out;

	if (check(g, &out)) {
		dump(&out);
		fail_msg("%s: %u finding(s), want none", what, out.n);
	}
}

/* ------------------------------------------------------------ valid */

static void test_valid_states(void **state)
{
	static const struct {
		const char *name;
		void (*make)(struct vmx_guest_state *);
	} valid[] = {
		{ "multiboot", multiboot },
		{ "long mode", long_mode },
		{ "long mode without unrestricted guest", long_mode_restricted },
		{ "real mode", real_mode },
		{ "virtual-8086 mode", v8086 },
	};
	struct vmx_guest_state g;

	for (size_t i = 0; i < ARRAY_SIZE(valid); i++) {
		valid[i].make(&g);
		expect_clean(&g, valid[i].name);
		/* A real Skylake's CR4_FIXED1 accepts them too. */
		g.caps.cr4_fixed1 = SKYLAKE_CR4_FIXED1;
		expect_clean(&g, valid[i].name);
		/* So does a CPU with a narrower or wider physical address. */
		g.phys_addr_bits = 36;
		expect_clean(&g, valid[i].name);
		g.phys_addr_bits = 0;	/* unknown: 52 */
		g.virt_addr_bits = 0;	/* unknown: 48 */
		expect_clean(&g, valid[i].name);
	}
}

/* ------------------------------------------------------------ one rule each */

struct rule_case {
	void (*base)(struct vmx_guest_state *);
	void (*mutate)(struct vmx_guest_state *);
	int rule;		/* enum vmx_check_rule; -1: expect nothing */
	const char *field;	/* the field it must name */
	unsigned int count;	/* how many findings in all */
};

/*
 *	CASE(name, base state, rule, "FIELD", findings) { change g; }
 *
 * An unlisted case is an unused static: a compile error, so none is lost.
 */
#define CASE(id, base_, rule_, field_, count_)				\
	static void mutate_##id(struct vmx_guest_state *g);		\
	static const struct rule_case case_##id = {			\
		base_, mutate_##id, rule_, field_, count_		\
	};								\
	static void mutate_##id(struct vmx_guest_state *g)
#define CLEAN(id, base_) CASE(id, base_, -1, NULL, 0)

#define MB multiboot
#define LM long_mode
#define LMR long_mode_restricted
#define RM real_mode
#define V86 v8086

static unsigned char rule_seen[VMX_RULE_COUNT];

static uint32_t inject(uint32_t type, uint32_t vector)
{
	return INTR_INFO_VALID_MASK | type | vector;
}

static void usable_ldtr(struct vmx_guest_state *g)
{
	seg(g, VMX_SEG_LDTR, 0x28, 0x2000, 0xff, 0x0082);
}

/* 27.2.1 controls */
CASE(pin_default1_clear, MB, VMX_RULE_CTLS_MUST_BE_1,
     "PIN_BASED_VM_EXEC_CONTROL", 1)
{
	g->pin_based_vm_exec_control &= ~0x16u;
}
CASE(exit_default1_clear, MB, VMX_RULE_CTLS_MUST_BE_1, "VM_EXIT_CONTROLS", 1)
{
	g->vm_exit_controls &= ~1u;
}
CASE(pin_posted_intr, MB, VMX_RULE_CTLS_MUST_BE_0,
     "PIN_BASED_VM_EXEC_CONTROL", 1)
{
	g->pin_based_vm_exec_control |= PIN_BASED_POSTED_INTR;
}
CASE(secondary_not_allowed, MB, VMX_RULE_CTLS_MUST_BE_0,
     "SECONDARY_VM_EXEC_CONTROL", 1)
{
	g->secondary_vm_exec_control |= SECONDARY_EXEC_PT_CONCEAL_VMX;
}
CASE(entry_not_allowed, MB, VMX_RULE_CTLS_MUST_BE_0, "VM_ENTRY_CONTROLS", 1)
{
	g->vm_entry_controls |= 1u << 16;
}
/* Not activated, the secondary controls are not looked at at all. */
CLEAN(secondary_ignored_when_off, LMR)
{
	g->cpu_based_vm_exec_control &= ~CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	g->secondary_vm_exec_control = 0xffffffff;
	g->ept_pointer = 7;
	g->virtual_processor_id = 0;
}
CASE(virtual_nmis, MB, VMX_RULE_VIRTUAL_NMIS, "PIN_BASED_VM_EXEC_CONTROL", 1)
{
	g->pin_based_vm_exec_control |= PIN_BASED_VIRTUAL_NMIS;
	g->pin_based_vm_exec_control &= ~PIN_BASED_NMI_EXITING;
}
CASE(nmi_window, MB, VMX_RULE_NMI_WINDOW, "CPU_BASED_VM_EXEC_CONTROL", 1)
{
	g->cpu_based_vm_exec_control |= CPU_BASED_NMI_WINDOW_EXITING;
}
CASE(io_bitmap_unaligned, MB, VMX_RULE_IO_BITMAP, "IO_BITMAP_B", 1)
{
	g->io_bitmap_b = 0x2001;
}
CASE(io_bitmap_too_high, MB, VMX_RULE_IO_BITMAP, "IO_BITMAP_A", 1)
{
	g->io_bitmap_a = 1ULL << 40;
}
CLEAN(io_bitmap_unused, MB)
{
	g->cpu_based_vm_exec_control &= ~CPU_BASED_USE_IO_BITMAPS;
	g->io_bitmap_a = 0x123;
}
CASE(msr_bitmap_unaligned, MB, VMX_RULE_MSR_BITMAP, "MSR_BITMAP", 1)
{
	g->msr_bitmap = 0x3800;
}
CASE(vpid_zero, MB, VMX_RULE_VPID_ZERO, "VIRTUAL_PROCESSOR_ID", 1)
{
	g->virtual_processor_id = 0;
}
CASE(eptp_write_combining, MB, VMX_RULE_EPTP_MEMTYPE, "EPT_POINTER", 1)
{
	g->ept_pointer = (g->ept_pointer & ~VMX_EPTP_MT_MASK) | 1;
}
CASE(eptp_uc_unsupported, MB, VMX_RULE_EPTP_MEMTYPE, "EPT_POINTER", 1)
{
	g->caps.ept_vpid &= ~VMX_EPTP_UC_BIT;
	g->ept_pointer &= ~VMX_EPTP_MT_MASK;
}
CASE(eptp_5_levels, MB, VMX_RULE_EPTP_WALK, "EPT_POINTER", 1)
{
	g->ept_pointer = (g->ept_pointer & ~VMX_EPTP_PWL_MASK) | VMX_EPTP_PWL_5;
}
CLEAN(eptp_5_levels_supported, MB)
{
	g->caps.ept_vpid |= VMX_EPT_PAGE_WALK_5_BIT;
	g->ept_pointer = (g->ept_pointer & ~VMX_EPTP_PWL_MASK) | VMX_EPTP_PWL_5;
}
CASE(eptp_ad_unsupported, MB, VMX_RULE_EPTP_AD, "EPT_POINTER", 1)
{
	g->caps.ept_vpid &= ~VMX_EPT_AD_BIT;
	g->ept_pointer |= VMX_EPTP_AD_ENABLE_BIT;
}
CASE(eptp_reserved, MB, VMX_RULE_EPTP_RESERVED, "EPT_POINTER", 1)
{
	g->ept_pointer |= 0x80;
}
CASE(eptp_too_high, MB, VMX_RULE_EPTP_RESERVED, "EPT_POINTER", 1)
{
	g->ept_pointer |= 1ULL << 45;
}
CASE(unrestricted_without_ept, MB, VMX_RULE_UG_NEEDS_EPT,
     "SECONDARY_VM_EXEC_CONTROL", 1)
{
	g->secondary_vm_exec_control &= ~SECONDARY_EXEC_ENABLE_EPT;
}
CASE(save_timer_without_timer, MB, VMX_RULE_SAVE_PREEMPTION_TIMER,
     "VM_EXIT_CONTROLS", 1)
{
	g->pin_based_vm_exec_control &= ~PIN_BASED_VMX_PREEMPTION_TIMER;
}
CASE(inject_reserved_type, MB, VMX_RULE_ENTRY_INTR_TYPE,
     "VM_ENTRY_INTR_INFO_FIELD", 1)
{
	g->vm_entry_intr_info_field = inject(INTR_TYPE_RESERVED, 0);
}
CASE(inject_other_event_without_mtf, MB, VMX_RULE_ENTRY_INTR_TYPE,
     "VM_ENTRY_INTR_INFO_FIELD", 1)
{
	g->vm_entry_intr_info_field = inject(INTR_TYPE_OTHER_EVENT, 0);
}
/* Bochs has no monitor trap flag (bit 27); a CPU that has it may. */
CLEAN(inject_pending_mtf, MB)
{
	g->caps.procbased |= (uint64_t)CPU_BASED_MONITOR_TRAP_FLAG << 32;
	g->vm_entry_intr_info_field = inject(INTR_TYPE_OTHER_EVENT, 0);
}
CASE(inject_nmi_vector_3, MB, VMX_RULE_ENTRY_INTR_VECTOR,
     "VM_ENTRY_INTR_INFO_FIELD", 1)
{
	g->vm_entry_intr_info_field = inject(INTR_TYPE_NMI_INTR, 3);
}
CASE(inject_exception_32, MB, VMX_RULE_ENTRY_INTR_VECTOR,
     "VM_ENTRY_INTR_INFO_FIELD", 1)
{
	g->vm_entry_intr_info_field = inject(INTR_TYPE_HARD_EXCEPTION, 32);
}
CASE(inject_gp_without_error_code, MB, VMX_RULE_ENTRY_INTR_ERROR_CODE,
     "VM_ENTRY_INTR_INFO_FIELD", 1)
{
	g->vm_entry_intr_info_field = inject(INTR_TYPE_HARD_EXCEPTION, 13);
}
CASE(inject_ud_with_error_code, MB, VMX_RULE_ENTRY_INTR_ERROR_CODE,
     "VM_ENTRY_INTR_INFO_FIELD", 1)
{
	g->vm_entry_intr_info_field = inject(INTR_TYPE_HARD_EXCEPTION, 6) |
				      INTR_INFO_DELIVER_CODE_MASK;
}
CASE(inject_real_mode_gp_with_error_code, RM, VMX_RULE_ENTRY_INTR_ERROR_CODE,
     "VM_ENTRY_INTR_INFO_FIELD", 1)
{
	g->vm_entry_intr_info_field = inject(INTR_TYPE_HARD_EXCEPTION, 13) |
				      INTR_INFO_DELIVER_CODE_MASK;
}
CLEAN(inject_gp_with_error_code, MB)
{
	g->vm_entry_intr_info_field = inject(INTR_TYPE_HARD_EXCEPTION, 13) |
				      INTR_INFO_DELIVER_CODE_MASK;
	g->vm_entry_exception_error_code = 0x18;
}
/* IA32_VMX_BASIC[56]: any hardware exception may deliver a code or not. */
CLEAN(inject_any_error_code_basic56, MB)
{
	g->caps.basic |= VMX_BASIC_NO_HW_ERROR_CODE_CC;
	g->vm_entry_intr_info_field = inject(INTR_TYPE_HARD_EXCEPTION, 6) |
				      INTR_INFO_DELIVER_CODE_MASK;
}
CASE(inject_reserved_bits, MB, VMX_RULE_ENTRY_INTR_RESERVED,
     "VM_ENTRY_INTR_INFO_FIELD", 1)
{
	g->vm_entry_intr_info_field = inject(INTR_TYPE_NMI_INTR, 2) | 0x1000;
}
CASE(inject_error_code_too_wide, MB, VMX_RULE_ENTRY_ERROR_CODE,
     "VM_ENTRY_EXCEPTION_ERROR_CODE", 1)
{
	g->vm_entry_intr_info_field = inject(INTR_TYPE_HARD_EXCEPTION, 13) |
				      INTR_INFO_DELIVER_CODE_MASK;
	g->vm_entry_exception_error_code = 0x10000;
}
CASE(inject_int_length_0, MB, VMX_RULE_ENTRY_INSTRUCTION_LEN,
     "VM_ENTRY_INSTRUCTION_LEN", 1)
{
	g->vm_entry_intr_info_field = inject(INTR_TYPE_SOFT_INTR, 0x80);
}
CASE(inject_int3_length_16, MB, VMX_RULE_ENTRY_INSTRUCTION_LEN,
     "VM_ENTRY_INSTRUCTION_LEN", 1)
{
	g->vm_entry_intr_info_field = inject(INTR_TYPE_SOFT_EXCEPTION, 3);
	g->vm_entry_instruction_len = 16;
}
CLEAN(inject_int_length_0_allowed, MB)
{
	g->caps.misc |= VMX_MISC_ZERO_LEN_INS;
	g->vm_entry_intr_info_field = inject(INTR_TYPE_SOFT_INTR, 0x80);
}

/* 27.3.1.1 control registers, debug registers, MSRs */
CASE(cr0_ne, MB, VMX_RULE_CR0_FIXED0, "GUEST_CR0", 1)
{
	g->cr0 &= ~X86_CR0_NE;
}
/* Without unrestricted guest, PG is fixed to 1 too. */
CASE(cr0_pg_restricted, LMR, VMX_RULE_CR0_FIXED0, "GUEST_CR0", 2)
{
	g->cr0 &= ~X86_CR0_PG;
}
CASE(cr0_am_not_allowed, MB, VMX_RULE_CR0_FIXED1, "GUEST_CR0", 1)
{
	g->caps.cr0_fixed1 &= ~X86_CR0_AM;
	g->cr0 |= X86_CR0_AM;
}
CASE(cr0_bit_32, MB, VMX_RULE_CR0_FIXED1, "GUEST_CR0", 1)
{
	g->cr0 |= 1ULL << 32;
}
/* NW and CD are never checked (SDM 27.3.1.1, footnote). */
CLEAN(cr0_nw_cd, MB)
{
	g->caps.cr0_fixed1 &= ~(X86_CR0_NW | X86_CR0_CD);
	g->caps.cr0_fixed0 |= X86_CR0_NW;
	g->cr0 |= X86_CR0_CD;
}
CASE(cr0_pg_without_pe, MB, VMX_RULE_CR0_PG_PE, "GUEST_CR0", 1)
{
	g->cr0 = (g->cr0 | X86_CR0_PG) & ~X86_CR0_PE;
}
CASE(cr4_vmxe, MB, VMX_RULE_CR4_FIXED0, "GUEST_CR4", 1)
{
	g->cr4 = 0;
}
CASE(cr4_la57, MB, VMX_RULE_CR4_FIXED1, "GUEST_CR4", 1)
{
	g->cr4 |= X86_CR4_LA57;
}
CASE(ia32e_without_pg, LM, VMX_RULE_IA32E_PG, "GUEST_CR0", 1)
{
	g->cr0 &= ~X86_CR0_PG;
}
CASE(ia32e_without_pae, LM, VMX_RULE_IA32E_PAE, "GUEST_CR4", 1)
{
	g->cr4 &= ~X86_CR4_PAE;
}
CASE(pcide_in_32_bit, MB, VMX_RULE_PCIDE, "GUEST_CR4", 1)
{
	g->cr4 |= X86_CR4_PCIDE;
}
CASE(cr3_too_high, MB, VMX_RULE_CR3, "GUEST_CR3", 1)
{
	g->cr3 = 1ULL << 40;
}
CASE(debugctl_reserved, MB, VMX_RULE_DEBUGCTL, "GUEST_IA32_DEBUGCTL", 1)
{
	g->ia32_debugctl = 1ULL << 3;
}
CASE(dr7_high, MB, VMX_RULE_DR7, "GUEST_DR7", 1)
{
	g->dr7 |= 1ULL << 32;
}
CLEAN(dr7_high_not_loaded, MB)
{
	g->vm_entry_controls &= ~VM_ENTRY_LOAD_DEBUG_CONTROLS;
	g->dr7 |= 1ULL << 32;
	g->ia32_debugctl = 1ULL << 3;
}
CASE(sysenter_esp, MB, VMX_RULE_SYSENTER, "GUEST_SYSENTER_ESP", 1)
{
	g->sysenter_esp = 0x0000800000000000ULL;
}
CASE(sysenter_eip, LM, VMX_RULE_SYSENTER, "GUEST_SYSENTER_EIP", 1)
{
	g->sysenter_eip = 0xfff0000000000000ULL;
}
CASE(pat_type_2, MB, VMX_RULE_PAT, "GUEST_IA32_PAT", 1)
{
	g->ia32_pat = 0x0007040600070402ULL;
}
CASE(pat_type_8, MB, VMX_RULE_PAT, "GUEST_IA32_PAT", 1)
{
	g->ia32_pat = 0x0807040600070406ULL;
}
CASE(efer_svme, MB, VMX_RULE_EFER_RESERVED, "GUEST_IA32_EFER", 1)
{
	g->ia32_efer = 1ULL << 12;
}
CASE(efer_lma_without_ia32e, MB, VMX_RULE_EFER_LMA, "GUEST_IA32_EFER", 1)
{
	g->ia32_efer = EFER_LME | EFER_LMA;
}
CASE(efer_lme_clear, LM, VMX_RULE_EFER_LME, "GUEST_IA32_EFER", 1)
{
	g->ia32_efer &= ~EFER_LME;
}
CLEAN(efer_not_loaded, MB)
{
	g->vm_entry_controls &= ~VM_ENTRY_LOAD_IA32_EFER;
	g->ia32_efer = ~0ULL;
}

/* 27.3.1.2 segment registers */
CASE(tr_ti, MB, VMX_RULE_TR_TI, "GUEST_TR_SELECTOR", 1)
{
	g->seg[VMX_SEG_TR].selector = 0x1c;
}
CLEAN(ldtr_usable, MB)
{
	usable_ldtr(g);
}
CASE(ldtr_ti, MB, VMX_RULE_LDTR_TI, "GUEST_LDTR_SELECTOR", 1)
{
	usable_ldtr(g);
	g->seg[VMX_SEG_LDTR].selector = 0x2c;
}
/* SS at ring 3 under a conforming ring-0 CS: only the RPLs disagree. */
CASE(ss_rpl, LMR, VMX_RULE_SS_RPL, "GUEST_SS_SELECTOR", 1)
{
	g->seg[VMX_SEG_SS].selector = 0x13;
	g->seg[VMX_SEG_SS].ar = 0xc0f3;
	g->seg[VMX_SEG_CS].ar = 0xa09f;
}
CASE(v86_base, V86, VMX_RULE_V86_BASE, "GUEST_DS_BASE", 1)
{
	g->seg[VMX_SEG_DS].base += 1;
}
CASE(tr_base_noncanonical, LM, VMX_RULE_BASE_CANONICAL, "GUEST_TR_BASE", 1)
{
	g->seg[VMX_SEG_TR].base = 0x0000800000000000ULL;
}
CASE(fs_base_noncanonical, LM, VMX_RULE_BASE_CANONICAL, "GUEST_FS_BASE", 1)
{
	g->seg[VMX_SEG_FS].base = 0x8000000000000000ULL;
}
CASE(ldtr_base_noncanonical, MB, VMX_RULE_BASE_CANONICAL, "GUEST_LDTR_BASE", 1)
{
	usable_ldtr(g);
	g->seg[VMX_SEG_LDTR].base = 0x0001000000000000ULL;
}
CASE(cs_base_high, LM, VMX_RULE_BASE_HIGH, "GUEST_CS_BASE", 1)
{
	g->seg[VMX_SEG_CS].base = 1ULL << 32;
}
CASE(ds_base_high, LM, VMX_RULE_BASE_HIGH, "GUEST_DS_BASE", 1)
{
	g->seg[VMX_SEG_DS].base = 1ULL << 32;
}
CLEAN(unusable_ds_base_high, LM)
{
	g->seg[VMX_SEG_DS].ar = VMX_AR_UNUSABLE_MASK;
	g->seg[VMX_SEG_DS].base = 1ULL << 32;
}
CASE(v86_limit, V86, VMX_RULE_V86_LIMIT, "GUEST_ES_LIMIT", 1)
{
	g->seg[VMX_SEG_ES].limit = 0xfffff;
}
CASE(v86_ar, V86, VMX_RULE_V86_AR, "GUEST_FS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_FS].ar = 0xf2;
}
CASE(cs_type_data_restricted, LMR, VMX_RULE_CS_TYPE, "GUEST_CS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_CS].ar = 0xa093;
}
CASE(cs_type_not_accessed, MB, VMX_RULE_CS_TYPE, "GUEST_CS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_CS].ar = 0xc09a;
}
/* Unrestricted guest allows a read/write data CS at ring 0. */
CLEAN(cs_type_data_unrestricted, MB)
{
	g->seg[VMX_SEG_CS].ar = 0xc093;
}
CASE(ss_type_read_only, MB, VMX_RULE_SS_TYPE, "GUEST_SS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_SS].ar = 0xc091;
}
CASE(ds_not_accessed, MB, VMX_RULE_DATA_ACCESSED, "GUEST_DS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_DS].ar = 0xc092;
}
CASE(es_execute_only, MB, VMX_RULE_DATA_READABLE, "GUEST_ES_AR_BYTES", 1)
{
	g->seg[VMX_SEG_ES].ar = 0xc099;
}
CASE(gs_system, MB, VMX_RULE_S_CODE_DATA, "GUEST_GS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_GS].ar = 0xc083;
}
CASE(cs_data_ring3, MB, VMX_RULE_CS_DPL_DATA, "GUEST_CS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_CS].ar = 0xc0f3;
}
CASE(cs_ring3_ss_ring0, MB, VMX_RULE_CS_DPL_NONCONFORMING,
     "GUEST_CS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_CS].ar = 0xc0fb;
}
CASE(cs_conforming_above_ss, MB, VMX_RULE_CS_DPL_CONFORMING,
     "GUEST_CS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_CS].ar = 0xc0ff;
}
CASE(ss_dpl_not_rpl, LMR, VMX_RULE_SS_DPL_RPL, "GUEST_SS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_SS].ar = 0xc0f3;
	g->seg[VMX_SEG_CS].ar = 0xa09f;
}
CASE(real_mode_ss_dpl3, RM, VMX_RULE_SS_DPL_ZERO, "GUEST_SS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_SS].ar = 0x00f3;
	g->seg[VMX_SEG_CS].ar = 0x009f;
}
CASE(ds_dpl_below_rpl, LMR, VMX_RULE_DATA_DPL, "GUEST_DS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_DS].selector = 0x13;
}
/* Unrestricted guest does not compare DPL and RPL. */
CLEAN(ds_dpl_below_rpl_unrestricted, LM)
{
	g->seg[VMX_SEG_DS].selector = 0x13;
}
CASE(fs_not_present, MB, VMX_RULE_PRESENT, "GUEST_FS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_FS].ar &= ~VMX_AR_P_MASK;
}
CASE(ds_reserved_11_8, MB, VMX_RULE_AR_RESERVED, "GUEST_DS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_DS].ar |= 0x100;
}
CASE(tr_reserved_31_17, MB, VMX_RULE_AR_RESERVED, "GUEST_TR_AR_BYTES", 1)
{
	g->seg[VMX_SEG_TR].ar |= 1u << 20;
}
CASE(cs_l_and_db, LM, VMX_RULE_CS_L_DB, "GUEST_CS_AR_BYTES", 1)
{
	g->seg[VMX_SEG_CS].ar |= VMX_AR_DB_MASK;
}
/* Compatibility mode (CS.L = 0, D/B = 1) is fine. */
CLEAN(compatibility_mode, LM)
{
	g->seg[VMX_SEG_CS].ar = 0xc09b;
	g->rip = 0x1000;
}
CASE(ss_g_with_short_limit, MB, VMX_RULE_G_LIMIT_LOW, "GUEST_SS_LIMIT", 1)
{
	g->seg[VMX_SEG_SS].limit = 0xffff0000;
}
CASE(tr_byte_granular_big_limit, MB, VMX_RULE_G_LIMIT_HIGH, "GUEST_TR_LIMIT", 1)
{
	g->seg[VMX_SEG_TR].limit = 0x100067;
}
CASE(tr_16_bit_in_ia32e, LM, VMX_RULE_TR_TYPE, "GUEST_TR_AR_BYTES", 1)
{
	g->seg[VMX_SEG_TR].ar = 0x0083;
}
CASE(tr_available, MB, VMX_RULE_TR_TYPE, "GUEST_TR_AR_BYTES", 1)
{
	g->seg[VMX_SEG_TR].ar = 0x0089;
}
CLEAN(tr_busy_16_bit, MB)
{
	g->seg[VMX_SEG_TR].ar = 0x0083;
}
CASE(ldtr_type, MB, VMX_RULE_LDTR_TYPE, "GUEST_LDTR_AR_BYTES", 1)
{
	usable_ldtr(g);
	g->seg[VMX_SEG_LDTR].ar = 0x0083;
}
CASE(tr_s_set, MB, VMX_RULE_S_SYSTEM, "GUEST_TR_AR_BYTES", 1)
{
	g->seg[VMX_SEG_TR].ar |= VMX_AR_S_MASK;
}
CASE(tr_unusable, MB, VMX_RULE_TR_UNUSABLE, "GUEST_TR_AR_BYTES", 1)
{
	g->seg[VMX_SEG_TR].ar |= VMX_AR_UNUSABLE_MASK;
}

/* 27.3.1.3 descriptor-table registers */
CASE(gdtr_noncanonical, LM, VMX_RULE_DTR_BASE, "GUEST_GDTR_BASE", 1)
{
	g->gdtr.base = 0x0000800000000000ULL;
}
CASE(idtr_limit_17_bits, MB, VMX_RULE_DTR_LIMIT, "GUEST_IDTR_LIMIT", 1)
{
	g->idtr.limit = 0x10000;
}

/* 27.3.1.4 RIP and RFLAGS */
CASE(rip_high_32_bit, MB, VMX_RULE_RIP_HIGH, "GUEST_RIP", 1)
{
	g->rip = 1ULL << 32;
}
CASE(rip_high_compatibility_mode, LM, VMX_RULE_RIP_HIGH, "GUEST_RIP", 1)
{
	g->seg[VMX_SEG_CS].ar = 0xc09b;
}
CASE(rip_noncanonical, LM, VMX_RULE_RIP_CANONICAL, "GUEST_RIP", 1)
{
	g->rip = 0x0000800000000000ULL;
}
CASE(rflags_bit1_clear, MB, VMX_RULE_RFLAGS_RESERVED, "GUEST_RFLAGS", 1)
{
	g->rflags = 0;
}
CASE(rflags_bit15, MB, VMX_RULE_RFLAGS_RESERVED, "GUEST_RFLAGS", 1)
{
	g->rflags |= 1ULL << 15;
}
CASE(rflags_vm_in_real_mode, V86, VMX_RULE_RFLAGS_VM, "GUEST_RFLAGS", 1)
{
	g->cr0 &= ~X86_CR0_PE;
}
CASE(inject_irq_with_if_clear, MB, VMX_RULE_RFLAGS_IF, "GUEST_RFLAGS", 1)
{
	g->vm_entry_intr_info_field = inject(INTR_TYPE_EXT_INTR, 0x20);
}

/* 27.3.1.5 non-register state */
CASE(activity_4, MB, VMX_RULE_ACTIVITY_STATE, "GUEST_ACTIVITY_STATE", 1)
{
	g->activity_state = 4;
}
CASE(activity_hlt_unsupported, MB, VMX_RULE_ACTIVITY_STATE,
     "GUEST_ACTIVITY_STATE", 1)
{
	g->caps.misc &= ~VMX_MISC_ACTIVITY_HLT;
	g->activity_state = GUEST_ACTIVITY_HLT;
}
CLEAN(activity_hlt, MB)
{
	g->activity_state = GUEST_ACTIVITY_HLT;
}
CASE(activity_hlt_ring3, V86, VMX_RULE_ACTIVITY_HLT_DPL,
     "GUEST_ACTIVITY_STATE", 1)
{
	g->activity_state = GUEST_ACTIVITY_HLT;
}
CASE(activity_hlt_after_sti, MB, VMX_RULE_ACTIVITY_BLOCKING,
     "GUEST_ACTIVITY_STATE", 1)
{
	g->rflags |= X86_EFLAGS_IF;
	g->interruptibility_info = GUEST_INTR_STATE_STI;
	g->activity_state = GUEST_ACTIVITY_HLT;
}
CASE(inject_gp_into_hlt, MB, VMX_RULE_ACTIVITY_INJECT,
     "GUEST_ACTIVITY_STATE", 1)
{
	g->activity_state = GUEST_ACTIVITY_HLT;
	g->vm_entry_intr_info_field = inject(INTR_TYPE_HARD_EXCEPTION, 13) |
				      INTR_INFO_DELIVER_CODE_MASK;
}
CASE(inject_nmi_into_wait_for_sipi, MB, VMX_RULE_ACTIVITY_INJECT,
     "GUEST_ACTIVITY_STATE", 1)
{
	g->activity_state = GUEST_ACTIVITY_WAIT_SIPI;
	g->vm_entry_intr_info_field = inject(INTR_TYPE_NMI_INTR, 2);
}
CLEAN(inject_nmi_into_hlt, MB)
{
	g->activity_state = GUEST_ACTIVITY_HLT;
	g->vm_entry_intr_info_field = inject(INTR_TYPE_NMI_INTR, 2);
}
CLEAN(inject_mc_into_shutdown, MB)
{
	g->activity_state = GUEST_ACTIVITY_SHUTDOWN;
	g->vm_entry_intr_info_field = inject(INTR_TYPE_HARD_EXCEPTION, 18);
}
CASE(interruptibility_bit_5, MB, VMX_RULE_INTR_RESERVED,
     "GUEST_INTERRUPTIBILITY_INFO", 1)
{
	g->interruptibility_info = 0x20;
}
CASE(sti_and_mov_ss, MB, VMX_RULE_INTR_STI_MOV_SS,
     "GUEST_INTERRUPTIBILITY_INFO", 1)
{
	g->rflags |= X86_EFLAGS_IF;
	g->interruptibility_info = GUEST_INTR_STATE_STI |
				   GUEST_INTR_STATE_MOV_SS;
}
CASE(sti_with_if_clear, MB, VMX_RULE_INTR_STI_IF,
     "GUEST_INTERRUPTIBILITY_INFO", 1)
{
	g->interruptibility_info = GUEST_INTR_STATE_STI;
}
CASE(inject_irq_after_mov_ss, MB, VMX_RULE_INTR_INJECT_EXT,
     "GUEST_INTERRUPTIBILITY_INFO", 1)
{
	g->rflags |= X86_EFLAGS_IF;
	g->interruptibility_info = GUEST_INTR_STATE_MOV_SS;
	g->vm_entry_intr_info_field = inject(INTR_TYPE_EXT_INTR, 0x20);
}
CASE(inject_nmi_after_mov_ss, MB, VMX_RULE_INTR_INJECT_NMI,
     "GUEST_INTERRUPTIBILITY_INFO", 1)
{
	g->interruptibility_info = GUEST_INTR_STATE_MOV_SS;
	g->vm_entry_intr_info_field = inject(INTR_TYPE_NMI_INTR, 2);
}
CASE(smi_blocking, MB, VMX_RULE_INTR_SMI, "GUEST_INTERRUPTIBILITY_INFO", 1)
{
	g->interruptibility_info = GUEST_INTR_STATE_SMI;
}
CASE(inject_nmi_while_blocked, MB, VMX_RULE_INTR_VIRTUAL_NMI,
     "GUEST_INTERRUPTIBILITY_INFO", 1)
{
	g->pin_based_vm_exec_control |= PIN_BASED_VIRTUAL_NMIS;
	g->interruptibility_info = GUEST_INTR_STATE_NMI;
	g->vm_entry_intr_info_field = inject(INTR_TYPE_NMI_INTR, 2);
}
CASE(enclave_and_mov_ss, MB, VMX_RULE_INTR_ENCLAVE,
     "GUEST_INTERRUPTIBILITY_INFO", 1)
{
	g->interruptibility_info = GUEST_INTR_STATE_ENCLAVE_INTR |
				   GUEST_INTR_STATE_MOV_SS;
}
CASE(pending_dbg_bit_4, MB, VMX_RULE_PENDING_DBG_RESERVED,
     "GUEST_PENDING_DBG_EXCEPTIONS", 1)
{
	g->pending_dbg_exceptions = 0x10;
}
CASE(single_step_without_bs, MB, VMX_RULE_PENDING_DBG_BS,
     "GUEST_PENDING_DBG_EXCEPTIONS", 1)
{
	g->rflags |= X86_EFLAGS_IF | X86_EFLAGS_TF;
	g->interruptibility_info = GUEST_INTR_STATE_STI;
}
CLEAN(single_step_with_bs, MB)
{
	g->rflags |= X86_EFLAGS_IF | X86_EFLAGS_TF;
	g->interruptibility_info = GUEST_INTR_STATE_STI;
	g->pending_dbg_exceptions = PENDING_DBG_BS;
}
CASE(bs_in_hlt_without_tf, MB, VMX_RULE_PENDING_DBG_BS,
     "GUEST_PENDING_DBG_EXCEPTIONS", 1)
{
	g->activity_state = GUEST_ACTIVITY_HLT;
	g->pending_dbg_exceptions = PENDING_DBG_BS;
}
CASE(rtm_without_enabled_bp, MB, VMX_RULE_PENDING_DBG_RTM,
     "GUEST_PENDING_DBG_EXCEPTIONS", 1)
{
	g->pending_dbg_exceptions = PENDING_DBG_RTM;
}
CLEAN(rtm_with_enabled_bp, MB)
{
	g->pending_dbg_exceptions = PENDING_DBG_RTM | PENDING_DBG_ENABLED_BP;
}
CASE(link_pointer_unaligned, MB, VMX_RULE_LINK_POINTER, "VMCS_LINK_POINTER", 1)
{
	g->vmcs_link_pointer = 0x1234;
}
CLEAN(link_pointer_aligned, MB)
{
	g->vmcs_link_pointer = 0x7000;
}

/* 27.3.1.6 PDPTEs */
CASE(pdpte_reserved, MB, VMX_RULE_PDPTE, "GUEST_PDPTR2", 1)
{
	g->cr0 |= X86_CR0_PG;
	g->cr4 |= X86_CR4_PAE;
	g->pdptr[0] = 0x8001;
	g->pdptr[2] = 0x9003;
}
CLEAN(pdpte_not_present, MB)
{
	g->cr0 |= X86_CR0_PG;
	g->cr4 |= X86_CR4_PAE;
	g->pdptr[1] = 0xfffffffffffffffeULL;
}
CLEAN(pdpte_without_pae, MB)
{
	g->cr0 |= X86_CR0_PG;
	g->pdptr[3] = 0x9003;
}

static void run_case(void **state)
{
	const struct rule_case *c = *state;
	struct vmx_guest_state g;
	struct findings out;
	unsigned int n;
	int named = 0;

	c->base(&g);
	expect_clean(&g, "the unbroken state");
	c->mutate(&g);
	n = check(&g, &out);
	for (unsigned int i = 0; i < n && i < MAX_FINDINGS; i++)
		if ((int)out.f[i].rule == c->rule &&
		    !strcmp(out.f[i].name, c->field))
			named = 1;
	if (n != c->count || (c->count && !named)) {
		dump(&out);
		fail_msg("%u finding(s), want %u naming rule %d on %s", n,
			 c->count, c->rule, c->field ? c->field : "-");
	}
	if (c->rule >= 0)
		rule_seen[c->rule] = 1;
}

/* ------------------------------------------------------------ output */

static void test_format(void **state)
{
	struct vmx_guest_state g;
	struct findings out;
	char line[256];

	multiboot(&g);
	g.cr0 &= ~X86_CR0_NE;
	assert_int_equal(check(&g, &out), 1);
	vmx_check_format(&out.f[0], line, sizeof(line));
	assert_string_equal(line, "vmx check: GUEST_CR0 = 0x00000011: CR0.NE "
			    "must be 1 (IA32_VMX_CR0_FIXED0) [SDM 27.3.1.1]");
	assert_int_equal(out.f[0].rule, VMX_RULE_CR0_FIXED0);
	assert_int_equal(out.f[0].field, GUEST_CR0);
	assert_int_equal(out.f[0].value, 0x11);
	assert_string_equal(out.f[0].sdm, "27.3.1.1");

	/* 16-bit field: 4 digits. */
	multiboot(&g);
	g.seg[VMX_SEG_TR].selector = 0x1c;
	assert_int_equal(check(&g, &out), 1);
	vmx_check_format(&out.f[0], line, sizeof(line));
	assert_string_equal(line, "vmx check: GUEST_TR_SELECTOR = 0x001c: "
			    "TR selector TI must be 0 [SDM 27.3.1.2]");

	/* 32-bit field: 8 digits; a wide 64-bit value: 16. */
	multiboot(&g);
	g.seg[VMX_SEG_CS].ar = 0xc09a;
	assert_int_equal(check(&g, &out), 1);
	vmx_check_format(&out.f[0], line, sizeof(line));
	assert_string_equal(line, "vmx check: GUEST_CS_AR_BYTES = 0x0000c09a: "
			    "CS type must be 9, 11, 13 or 15 (or 3 with "
			    "unrestricted guest) [SDM 27.3.1.2]");
	long_mode(&g);
	g.rip = 0x0000800000000000ULL;
	assert_int_equal(check(&g, &out), 1);
	vmx_check_format(&out.f[0], line, sizeof(line));
	assert_string_equal(line, "vmx check: GUEST_RIP = 0x0000800000000000: "
			    "RIP must be canonical in 64-bit mode [SDM 27.3.1.4]");

	/* The control texts name the capability MSR. */
	multiboot(&g);
	g.secondary_vm_exec_control |= SECONDARY_EXEC_PT_CONCEAL_VMX;
	assert_int_equal(check(&g, &out), 1);
	vmx_check_format(&out.f[0], line, sizeof(line));
	assert_string_equal(line, "vmx check: SECONDARY_VM_EXEC_CONTROL = "
			    "0x000800a2: a control IA32_VMX_PROCBASED_CTLS2 "
			    "does not allow is 1 (bits 0x80000) [SDM 27.2.1.1]");
	assert_int_equal(out.f[0].bits, SECONDARY_EXEC_PT_CONCEAL_VMX);
	multiboot(&g);
	g.pin_based_vm_exec_control &= ~0x12u;
	assert_int_equal(check(&g, &out), 1);
	vmx_check_format(&out.f[0], line, sizeof(line));
	assert_string_equal(line, "vmx check: PIN_BASED_VM_EXEC_CONTROL = "
			    "0x0000004d: a control IA32_VMX_[TRUE_]PINBASED_"
			    "CTLS requires is 0 (bits 0x12) [SDM 27.2.1.1]");

	/* Truncated like snprintf, and the full length returned. */
	assert_int_equal(vmx_check_format(&out.f[0], line, 10),
			 (int)strlen("vmx check: PIN_BASED_VM_EXEC_CONTROL = "
				     "0x0000004d: a control IA32_VMX_[TRUE_]"
				     "PINBASED_CTLS requires is 0 (bits 0x12) "
				     "[SDM 27.2.1.1]"));
	assert_string_equal(line, "vmx check");
}

struct lines {
	char text[4096];
	size_t len;
	unsigned int n;
};

static void add_line(void *ctx, const char *line)
{
	struct lines *l = ctx;
	int w = snprintf(l->text + l->len, sizeof(l->text) - l->len, "%s\n",
			 line);

	assert_true(w > 0 && (size_t)w < sizeof(l->text) - l->len);
	l->len += (size_t)w;
	l->n++;
}

static void test_print(void **state)
{
	struct vmx_guest_state g;
	struct lines l = { .len = 0 };

	multiboot(&g);
	assert_int_equal(vmx_check_print(&g, add_line, &l), 0);
	assert_int_equal(l.n, 0);

	/* CR0.NE and VMXE gone, TR not busy: three lines, in SDM order. */
	g.cr0 &= ~X86_CR0_NE;
	g.cr4 = 0;
	g.seg[VMX_SEG_TR].ar = 0x0089;
	assert_int_equal(vmx_check_print(&g, add_line, &l), 3);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.text,
		"vmx check: GUEST_CR0 = 0x00000011: CR0.NE must be 1 "
		"(IA32_VMX_CR0_FIXED0) [SDM 27.3.1.1]\n"
		"vmx check: GUEST_CR4 = 0x00000000: CR4.VMXE must be 1 "
		"(IA32_VMX_CR4_FIXED0) [SDM 27.3.1.1]\n"
		"vmx check: GUEST_TR_AR_BYTES = 0x00000089: TR type must be 11 "
		"(busy TSS), or 3 outside IA-32e mode [SDM 27.3.1.2]\n");

	/* Without a callback it only counts. */
	assert_int_equal(vmx_check_guest_state(&g, NULL, NULL), 3);
}

/* A VMCS never written: many findings, all well formed, no crash. */
static void test_all_zero(void **state)
{
	struct vmx_guest_state g;
	struct findings out;
	struct lines l = { .len = 0 };

	memset(&g, 0, sizeof(g));
	assert_true(check(&g, &out) >= 10);
	assert_true(out.n < MAX_FINDINGS);
	memset(&g, 0xff, sizeof(g));
	assert_true(check(&g, &out) >= 30);
	for (unsigned int i = 0; i < out.n && i < MAX_FINDINGS; i++)
		assert_true(out.f[i].rule < VMX_RULE_COUNT);
	/* The printer copes with long lists. */
	memset(&g, 0, sizeof(g));
	vmx_check_print(&g, add_line, &l);
	assert_int_equal(l.n, vmx_check_guest_state(&g, NULL, NULL));
}

/* Runs last: every rule has been broken by some case above. */
static void test_every_rule_tested(void **state)
{
	for (int r = 0; r < VMX_RULE_COUNT; r++)
		if (!rule_seen[r])
			fail_msg("no case breaks rule %d", r);
}

#define T(id) { #id, run_case, NULL, NULL, (void *)&case_##id }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_states),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_all_zero),
		T(pin_default1_clear), T(exit_default1_clear),
		T(pin_posted_intr), T(secondary_not_allowed),
		T(entry_not_allowed), T(secondary_ignored_when_off),
		T(virtual_nmis), T(nmi_window),
		T(io_bitmap_unaligned), T(io_bitmap_too_high),
		T(io_bitmap_unused), T(msr_bitmap_unaligned), T(vpid_zero),
		T(eptp_write_combining), T(eptp_uc_unsupported),
		T(eptp_5_levels), T(eptp_5_levels_supported),
		T(eptp_ad_unsupported), T(eptp_reserved), T(eptp_too_high),
		T(unrestricted_without_ept), T(save_timer_without_timer),
		T(inject_reserved_type), T(inject_other_event_without_mtf),
		T(inject_pending_mtf), T(inject_nmi_vector_3),
		T(inject_exception_32), T(inject_gp_without_error_code),
		T(inject_ud_with_error_code),
		T(inject_real_mode_gp_with_error_code),
		T(inject_gp_with_error_code), T(inject_any_error_code_basic56),
		T(inject_reserved_bits), T(inject_error_code_too_wide),
		T(inject_int_length_0), T(inject_int3_length_16),
		T(inject_int_length_0_allowed),
		T(cr0_ne), T(cr0_pg_restricted), T(cr0_am_not_allowed),
		T(cr0_bit_32), T(cr0_nw_cd), T(cr0_pg_without_pe),
		T(cr4_vmxe), T(cr4_la57), T(ia32e_without_pg),
		T(ia32e_without_pae), T(pcide_in_32_bit), T(cr3_too_high),
		T(debugctl_reserved), T(dr7_high), T(dr7_high_not_loaded),
		T(sysenter_esp), T(sysenter_eip), T(pat_type_2), T(pat_type_8),
		T(efer_svme), T(efer_lma_without_ia32e), T(efer_lme_clear),
		T(efer_not_loaded),
		T(tr_ti), T(ldtr_usable), T(ldtr_ti), T(ss_rpl), T(v86_base),
		T(tr_base_noncanonical), T(fs_base_noncanonical),
		T(ldtr_base_noncanonical), T(cs_base_high), T(ds_base_high),
		T(unusable_ds_base_high), T(v86_limit), T(v86_ar),
		T(cs_type_data_restricted), T(cs_type_not_accessed),
		T(cs_type_data_unrestricted), T(ss_type_read_only),
		T(ds_not_accessed), T(es_execute_only), T(gs_system),
		T(cs_data_ring3), T(cs_ring3_ss_ring0),
		T(cs_conforming_above_ss), T(ss_dpl_not_rpl),
		T(real_mode_ss_dpl3), T(ds_dpl_below_rpl),
		T(ds_dpl_below_rpl_unrestricted), T(fs_not_present),
		T(ds_reserved_11_8), T(tr_reserved_31_17), T(cs_l_and_db),
		T(compatibility_mode), T(ss_g_with_short_limit),
		T(tr_byte_granular_big_limit), T(tr_16_bit_in_ia32e),
		T(tr_available), T(tr_busy_16_bit), T(ldtr_type), T(tr_s_set),
		T(tr_unusable),
		T(gdtr_noncanonical), T(idtr_limit_17_bits),
		T(rip_high_32_bit), T(rip_high_compatibility_mode),
		T(rip_noncanonical), T(rflags_bit1_clear), T(rflags_bit15),
		T(rflags_vm_in_real_mode), T(inject_irq_with_if_clear),
		T(activity_4), T(activity_hlt_unsupported), T(activity_hlt),
		T(activity_hlt_ring3), T(activity_hlt_after_sti),
		T(inject_gp_into_hlt), T(inject_nmi_into_wait_for_sipi),
		T(inject_nmi_into_hlt), T(inject_mc_into_shutdown),
		T(interruptibility_bit_5), T(sti_and_mov_ss),
		T(sti_with_if_clear), T(inject_irq_after_mov_ss),
		T(inject_nmi_after_mov_ss), T(smi_blocking),
		T(inject_nmi_while_blocked), T(enclave_and_mov_ss),
		T(pending_dbg_bit_4), T(single_step_without_bs),
		T(single_step_with_bs), T(bs_in_hlt_without_tf),
		T(rtm_without_enabled_bp), T(rtm_with_enabled_bp),
		T(link_pointer_unaligned), T(link_pointer_aligned),
		T(pdpte_reserved), T(pdpte_not_present), T(pdpte_without_pae),
		cmocka_unit_test(test_every_rule_tested),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
