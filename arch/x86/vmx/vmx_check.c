// SPDX-License-Identifier: MIT
/*
 * The VM-entry checks on the guest-state area (SDM Vol. 3C, 27.3.1) and on
 * the controls that shape it (27.2.1), applied in software to a struct
 * vmx_guest_state. Every rule is one VMX_RULE_* with its words and
 * section in rules[]; a broken one is reported against the VMCS field the
 * rule is about, with that field's value.
 */
#include "arch/x86/vmx/vmx_check.h"

#include <stdbool.h>

#include "arch/x86/vmx/vmcs.h"
#include "arch/x86/vmx/vmx_names.h"
#include "hv/lib/format.h"

#define X86_CR0_PE		(1ULL << 0)
#define X86_CR0_NW		(1ULL << 29)
#define X86_CR0_CD		(1ULL << 30)
#define X86_CR0_PG		(1ULL << 31)
#define X86_CR4_PAE		(1ULL << 5)
#define X86_CR4_PCIDE		(1ULL << 17)
#define X86_EFLAGS_FIXED	(1ULL << 1)
#define X86_EFLAGS_TF		(1ULL << 8)
#define X86_EFLAGS_IF		(1ULL << 9)
#define X86_EFLAGS_VM		(1ULL << 17)
#define X86_EFLAGS_RESERVED	0xffffffffffc08028ULL	/* 63:22, 15, 5, 3 */
#define EFER_SCE		(1ULL << 0)
#define EFER_LME		(1ULL << 8)
#define EFER_LMA		(1ULL << 10)
#define EFER_NX			(1ULL << 11)
#define DEBUGCTLMSR_BTF		(1ULL << 1)
#define DEBUGCTL_RESERVED	0xffffffffffff0038ULL	/* 63:16, 5:3 */
/* Pending debug exceptions: bits 63:17, 15, 13, 11:4. */
#define PENDING_DBG_RESERVED	0xfffffffffffeaff0ULL
#define PDPTE_PRESENT		(1ULL << 0)
#define PDPTE_RESERVED		0x1e6ULL		/* 8:5, 2:1 */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *sdm;
	const char *what;
} rules[VMX_RULE_COUNT] = {
	/* Texts for these two depend on the field: see check_ctls(). */
	[VMX_RULE_CTLS_MUST_BE_1] = { "27.2.1",
		"a control the CPU requires is 0" },
	[VMX_RULE_CTLS_MUST_BE_0] = { "27.2.1",
		"a control the CPU does not allow is 1" },
	[VMX_RULE_VIRTUAL_NMIS] = { "27.2.1.1",
		"virtual NMIs need NMI exiting" },
	[VMX_RULE_NMI_WINDOW] = { "27.2.1.1",
		"NMI-window exiting needs virtual NMIs" },
	[VMX_RULE_IO_BITMAP] = { "27.2.1.1",
		"I/O-bitmap address must be 4-KByte aligned, within the physical-address width" },
	[VMX_RULE_MSR_BITMAP] = { "27.2.1.1",
		"MSR-bitmap address must be 4-KByte aligned, within the physical-address width" },
	[VMX_RULE_VPID_ZERO] = { "27.2.1.1",
		"VPID must not be 0 with enable VPID" },
	[VMX_RULE_EPTP_MEMTYPE] = { "27.2.1.1",
		"EPTP memory type must be UC or WB as IA32_VMX_EPT_VPID_CAP allows" },
	[VMX_RULE_EPTP_WALK] = { "27.2.1.1",
		"EPTP page-walk length must be 4 (bits 5:3 = 3), or 5 where supported" },
	[VMX_RULE_EPTP_AD] = { "27.2.1.1",
		"EPTP accessed/dirty flags need IA32_VMX_EPT_VPID_CAP bit 21" },
	[VMX_RULE_EPTP_RESERVED] = { "27.2.1.1",
		"EPTP bits 11:7 and above the physical-address width must be 0" },
	[VMX_RULE_UG_NEEDS_EPT] = { "27.2.1.1",
		"unrestricted guest needs enable EPT" },
	[VMX_RULE_SAVE_PREEMPTION_TIMER] = { "27.2.1.2",
		"save VMX-preemption timer value needs activate VMX-preemption timer" },
	[VMX_RULE_ENTRY_INTR_TYPE] = { "27.2.1.3",
		"interruption type must not be 1 (reserved), nor 7 without monitor trap flag support" },
	[VMX_RULE_ENTRY_INTR_VECTOR] = { "27.2.1.3",
		"vector must be 2 for an NMI, 0-31 for a hardware exception, 0 for other events" },
	[VMX_RULE_ENTRY_INTR_ERROR_CODE] = { "27.2.1.3",
		"deliver-error-code must be 1 exactly for #DF #TS #NP #SS #GP #PF #AC with CR0.PE = 1" },
	[VMX_RULE_ENTRY_INTR_RESERVED] = { "27.2.1.3",
		"bits 30:12 must be 0" },
	[VMX_RULE_ENTRY_ERROR_CODE] = { "27.2.1.3",
		"bits 31:16 must be 0 when an error code is delivered" },
	[VMX_RULE_ENTRY_INSTRUCTION_LEN] = { "27.2.1.3",
		"must be 1-15 to inject a software interrupt or exception" },
	/* Texts for the fixed-bit rules name the bit: see check_fixed(). */
	[VMX_RULE_CR0_FIXED0] = { "27.3.1.1",
		"a CR0 bit fixed to 1 is 0 (IA32_VMX_CR0_FIXED0)" },
	[VMX_RULE_CR0_FIXED1] = { "27.3.1.1",
		"a CR0 bit fixed to 0 is 1 (IA32_VMX_CR0_FIXED1)" },
	[VMX_RULE_CR0_PG_PE] = { "27.3.1.1",
		"CR0.PG = 1 needs CR0.PE = 1" },
	[VMX_RULE_CR4_FIXED0] = { "27.3.1.1",
		"a CR4 bit fixed to 1 is 0 (IA32_VMX_CR4_FIXED0)" },
	[VMX_RULE_CR4_FIXED1] = { "27.3.1.1",
		"a CR4 bit fixed to 0 is 1 (IA32_VMX_CR4_FIXED1)" },
	[VMX_RULE_IA32E_PG] = { "27.3.1.1",
		"IA-32e mode guest needs CR0.PG = 1" },
	[VMX_RULE_IA32E_PAE] = { "27.3.1.1",
		"IA-32e mode guest needs CR4.PAE = 1" },
	[VMX_RULE_PCIDE] = { "27.3.1.1",
		"CR4.PCIDE = 1 needs IA-32e mode guest" },
	[VMX_RULE_CR3] = { "27.3.1.1",
		"CR3 bits above the physical-address width must be 0" },
	[VMX_RULE_DEBUGCTL] = { "27.3.1.1",
		"IA32_DEBUGCTL reserved bits (63:16, 5:3) must be 0" },
	[VMX_RULE_DR7] = { "27.3.1.1",
		"DR7 bits 63:32 must be 0" },
	[VMX_RULE_SYSENTER] = { "27.3.1.1",
		"must be canonical" },
	[VMX_RULE_PAT] = { "27.3.1.1",
		"each IA32_PAT byte must be 0, 1, 4, 5, 6 or 7" },
	[VMX_RULE_EFER_RESERVED] = { "27.3.1.1",
		"IA32_EFER reserved bits must be 0 (SCE, LME, LMA, NXE only)" },
	[VMX_RULE_EFER_LMA] = { "27.3.1.1",
		"EFER.LMA must equal the IA-32e mode guest control" },
	[VMX_RULE_EFER_LME] = { "27.3.1.1",
		"EFER.LME must equal EFER.LMA when CR0.PG = 1" },
	[VMX_RULE_TR_TI] = { "27.3.1.2",
		"TR selector TI must be 0" },
	[VMX_RULE_LDTR_TI] = { "27.3.1.2",
		"LDTR selector TI must be 0" },
	[VMX_RULE_SS_RPL] = { "27.3.1.2",
		"SS.RPL must equal CS.RPL" },
	[VMX_RULE_V86_BASE] = { "27.3.1.2",
		"base must be selector << 4 in virtual-8086 mode" },
	[VMX_RULE_BASE_CANONICAL] = { "27.3.1.2",
		"base must be canonical" },
	[VMX_RULE_BASE_HIGH] = { "27.3.1.2",
		"base bits 63:32 must be 0" },
	[VMX_RULE_V86_LIMIT] = { "27.3.1.2",
		"limit must be 0xffff in virtual-8086 mode" },
	[VMX_RULE_V86_AR] = { "27.3.1.2",
		"access rights must be 0xf3 in virtual-8086 mode" },
	[VMX_RULE_CS_TYPE] = { "27.3.1.2",
		"CS type must be 9, 11, 13 or 15 (or 3 with unrestricted guest)" },
	[VMX_RULE_SS_TYPE] = { "27.3.1.2",
		"SS type must be 3 or 7" },
	[VMX_RULE_DATA_ACCESSED] = { "27.3.1.2",
		"type must have the accessed bit (bit 0) set" },
	[VMX_RULE_DATA_READABLE] = { "27.3.1.2",
		"a code segment here must be readable (type bit 1)" },
	[VMX_RULE_S_CODE_DATA] = { "27.3.1.2",
		"S must be 1 (code or data segment)" },
	[VMX_RULE_CS_DPL_DATA] = { "27.3.1.2",
		"CS DPL must be 0 with CS type 3" },
	[VMX_RULE_CS_DPL_NONCONFORMING] = { "27.3.1.2",
		"CS DPL must equal SS DPL (non-conforming code)" },
	[VMX_RULE_CS_DPL_CONFORMING] = { "27.3.1.2",
		"CS DPL must not exceed SS DPL (conforming code)" },
	[VMX_RULE_SS_DPL_RPL] = { "27.3.1.2",
		"SS DPL must equal SS.RPL" },
	[VMX_RULE_SS_DPL_ZERO] = { "27.3.1.2",
		"SS DPL must be 0 with CR0.PE = 0 or CS type 3" },
	[VMX_RULE_DATA_DPL] = { "27.3.1.2",
		"DPL must not be below the selector's RPL" },
	[VMX_RULE_PRESENT] = { "27.3.1.2",
		"P must be 1" },
	[VMX_RULE_AR_RESERVED] = { "27.3.1.2",
		"reserved bits 11:8 and 31:17 must be 0" },
	[VMX_RULE_CS_L_DB] = { "27.3.1.2",
		"CS.D/B must be 0 with CS.L = 1 in IA-32e mode" },
	[VMX_RULE_G_LIMIT_LOW] = { "27.3.1.2",
		"limit bits 11:0 must be all 1 with G = 1" },
	[VMX_RULE_G_LIMIT_HIGH] = { "27.3.1.2",
		"limit bits 31:20 must be 0 with G = 0" },
	[VMX_RULE_TR_TYPE] = { "27.3.1.2",
		"TR type must be 11 (busy TSS), or 3 outside IA-32e mode" },
	[VMX_RULE_LDTR_TYPE] = { "27.3.1.2",
		"LDTR type must be 2 (LDT)" },
	[VMX_RULE_S_SYSTEM] = { "27.3.1.2",
		"S must be 0 (system segment)" },
	[VMX_RULE_TR_UNUSABLE] = { "27.3.1.2",
		"TR must be usable (bit 16 = 0)" },
	[VMX_RULE_DTR_BASE] = { "27.3.1.3",
		"base must be canonical" },
	[VMX_RULE_DTR_LIMIT] = { "27.3.1.3",
		"limit bits 31:16 must be 0" },
	[VMX_RULE_RIP_HIGH] = { "27.3.1.4",
		"RIP bits 63:32 must be 0 outside 64-bit mode" },
	[VMX_RULE_RIP_CANONICAL] = { "27.3.1.4",
		"RIP must be canonical in 64-bit mode" },
	[VMX_RULE_RFLAGS_RESERVED] = { "27.3.1.4",
		"RFLAGS bits 63:22, 15, 5, 3 must be 0 and bit 1 must be 1" },
	[VMX_RULE_RFLAGS_VM] = { "27.3.1.4",
		"RFLAGS.VM must be 0 in IA-32e mode or with CR0.PE = 0" },
	[VMX_RULE_RFLAGS_IF] = { "27.3.1.4",
		"RFLAGS.IF must be 1 to inject an external interrupt" },
	[VMX_RULE_ACTIVITY_STATE] = { "27.3.1.5",
		"must be 0-3 and supported (IA32_VMX_MISC bits 8:6)" },
	[VMX_RULE_ACTIVITY_HLT_DPL] = { "27.3.1.5",
		"HLT needs SS DPL = 0" },
	[VMX_RULE_ACTIVITY_BLOCKING] = { "27.3.1.5",
		"blocking by STI or MOV SS needs the active state" },
	[VMX_RULE_ACTIVITY_INJECT] = { "27.3.1.5",
		"the injected event is blocked in this activity state" },
	[VMX_RULE_INTR_RESERVED] = { "27.3.1.5",
		"bits 31:5 must be 0" },
	[VMX_RULE_INTR_STI_MOV_SS] = { "27.3.1.5",
		"blocking by STI and by MOV SS cannot both be 1" },
	[VMX_RULE_INTR_STI_IF] = { "27.3.1.5",
		"blocking by STI needs RFLAGS.IF = 1" },
	[VMX_RULE_INTR_INJECT_EXT] = { "27.3.1.5",
		"blocking by STI or MOV SS forbids injecting an external interrupt" },
	[VMX_RULE_INTR_INJECT_NMI] = { "27.3.1.5",
		"blocking by MOV SS forbids injecting an NMI" },
	[VMX_RULE_INTR_SMI] = { "27.3.1.5",
		"blocking by SMI must be 0 outside SMM" },
	[VMX_RULE_INTR_VIRTUAL_NMI] = { "27.3.1.5",
		"blocking by NMI forbids injecting an NMI with virtual NMIs" },
	[VMX_RULE_INTR_ENCLAVE] = { "27.3.1.5",
		"enclave interruption needs blocking by MOV SS = 0" },
	[VMX_RULE_PENDING_DBG_RESERVED] = { "27.3.1.5",
		"bits 63:17, 15, 13, 11:4 must be 0" },
	[VMX_RULE_PENDING_DBG_BS] = { "27.3.1.5",
		"BS must be 1 exactly when single-stepping (TF = 1, BTF = 0) under STI/MOV SS blocking or in HLT" },
	[VMX_RULE_PENDING_DBG_RTM] = { "27.3.1.5",
		"RTM (bit 16) needs bit 12 = 1, bits 14 and 3:0 = 0, no blocking by MOV SS" },
	[VMX_RULE_LINK_POINTER] = { "27.3.1.5",
		"must be ~0, or 4-KByte aligned within the physical-address width" },
	[VMX_RULE_PDPTE] = { "27.3.1.6",
		"a present PDPTE must have bits 8:5, 2:1 and those above the physical-address width 0" },
};

/* The rule texts that name a CR0 or CR4 bit (SDM Vol. 3A, 2.5). */
#define CR0_BITS(X)							\
	X(0, PE) X(1, MP) X(2, EM) X(3, TS) X(4, ET) X(5, NE) X(16, WP)	\
	X(18, AM) X(29, NW) X(30, CD) X(31, PG)
#define CR4_BITS(X)							\
	X(0, VME) X(1, PVI) X(2, TSD) X(3, DE) X(4, PSE) X(5, PAE)	\
	X(6, MCE) X(7, PGE) X(8, PCE) X(9, OSFXSR) X(10, OSXMMEXCPT)	\
	X(11, UMIP) X(12, LA57) X(13, VMXE) X(14, SMXE) X(16, FSGSBASE)	\
	X(17, PCIDE) X(18, OSXSAVE) X(19, KL) X(20, SMEP) X(21, SMAP)	\
	X(22, PKE) X(23, CET) X(24, PKS)

static const char *const cr0_fixed0_text[64] = {
#define X(n, bit) [n] = "CR0." #bit " must be 1 (IA32_VMX_CR0_FIXED0)",
	CR0_BITS(X)
#undef X
};
static const char *const cr0_fixed1_text[64] = {
#define X(n, bit) [n] = "CR0." #bit " must be 0 (IA32_VMX_CR0_FIXED1)",
	CR0_BITS(X)
#undef X
};
static const char *const cr4_fixed0_text[64] = {
#define X(n, bit) [n] = "CR4." #bit " must be 1 (IA32_VMX_CR4_FIXED0)",
	CR4_BITS(X)
#undef X
};
static const char *const cr4_fixed1_text[64] = {
#define X(n, bit) [n] = "CR4." #bit " must be 0 (IA32_VMX_CR4_FIXED1)",
	CR4_BITS(X)
#undef X
};

/* What the rules share: the state, where findings go, derived facts. */
struct check {
	const struct vmx_guest_state *gs;
	vmx_check_report_fn *report;
	void *ctx;
	unsigned int found;

	uint32_t secondary;	/* as the CPU sees it */
	bool ia32e;		/* "IA-32e mode guest" entry control */
	bool ug;		/* "unrestricted guest" */
	bool ept;		/* "enable EPT" */
	bool v86;		/* RFLAGS.VM */
	bool pe;		/* CR0.PE */
	bool injecting;		/* VM-entry interruption information valid */
	uint32_t intr_type;	/* its type (INTR_TYPE_*) and vector */
	uint32_t intr_vector;
	uint64_t phys_mask;	/* address bits above the physical width */
	unsigned int virt_bits;
};

static void report_bits(struct check *c, enum vmx_check_rule rule,
			uint32_t field, uint64_t value, uint64_t bits,
			const char *what, const char *sdm)
{
	struct vmx_check_finding f = {
		.rule = rule,
		.field = field,
		.name = vmcs_field_name(field),
		.what = what ? what : rules[rule].what,
		.sdm = sdm ? sdm : rules[rule].sdm,
		.value = value,
		.bits = bits,
	};

	c->found++;
	if (c->report)
		c->report(c->ctx, &f);
}

static void report(struct check *c, enum vmx_check_rule rule, uint32_t field,
		   uint64_t value, const char *what, const char *sdm)
{
	report_bits(c, rule, field, value, 0, what, sdm);
}

/* Rule @rule is broken when @broken; blame @field, which holds @value. */
static void check(struct check *c, bool broken, enum vmx_check_rule rule,
		  uint32_t field, uint64_t value)
{
	if (broken)
		report(c, rule, field, value, NULL, NULL);
}

static bool canonical(uint64_t addr, unsigned int bits)
{
	unsigned int shift = 64 - bits;

	return (uint64_t)((int64_t)(addr << shift) >> shift) == addr;
}

static bool page_aligned_phys(const struct check *c, uint64_t addr)
{
	return !(addr & 0xfff) && !(addr & c->phys_mask);
}

/* ------------------------------------------------------------ 27.2.1 */

/* Controls against their capability MSR (27.2.1.1-3, Appendix A.3). */
static void check_ctls(struct check *c)
{
	static const struct {
		uint32_t field;
		const char *must_be_1, *must_be_0, *sdm;
	} ctls[] = {
#define CTLS(field, msr, sdm)						\
		{ field, "a control " msr " requires is 0",		\
		  "a control " msr " does not allow is 1", sdm }
		CTLS(PIN_BASED_VM_EXEC_CONTROL,
		     "IA32_VMX_[TRUE_]PINBASED_CTLS", "27.2.1.1"),
		CTLS(CPU_BASED_VM_EXEC_CONTROL,
		     "IA32_VMX_[TRUE_]PROCBASED_CTLS", "27.2.1.1"),
		CTLS(SECONDARY_VM_EXEC_CONTROL,
		     "IA32_VMX_PROCBASED_CTLS2", "27.2.1.1"),
		CTLS(VM_EXIT_CONTROLS,
		     "IA32_VMX_[TRUE_]EXIT_CTLS", "27.2.1.2"),
		CTLS(VM_ENTRY_CONTROLS,
		     "IA32_VMX_[TRUE_]ENTRY_CTLS", "27.2.1.3"),
#undef CTLS
	};
	const struct vmx_guest_state *gs = c->gs;
	const uint32_t value[] = {
		gs->pin_based_vm_exec_control, gs->cpu_based_vm_exec_control,
		c->secondary, gs->vm_exit_controls, gs->vm_entry_controls,
	};
	const uint64_t cap[] = {
		gs->caps.pinbased, gs->caps.procbased, gs->caps.procbased2,
		gs->caps.exit, gs->caps.entry,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(ctls); i++) {
		uint32_t must_be_1 = (uint32_t)cap[i];
		uint32_t may_be_1 = (uint32_t)(cap[i] >> 32);

		/* Without secondary controls, there are none to check. */
		if (ctls[i].field == SECONDARY_VM_EXEC_CONTROL &&
		    !(gs->cpu_based_vm_exec_control &
		      CPU_BASED_ACTIVATE_SECONDARY_CONTROLS))
			continue;
		if (must_be_1 & ~value[i])
			report_bits(c, VMX_RULE_CTLS_MUST_BE_1, ctls[i].field,
				    value[i], must_be_1 & ~value[i],
				    ctls[i].must_be_1, ctls[i].sdm);
		if (value[i] & ~may_be_1)
			report_bits(c, VMX_RULE_CTLS_MUST_BE_0, ctls[i].field,
				    value[i], value[i] & ~may_be_1,
				    ctls[i].must_be_0, ctls[i].sdm);
	}
}

/* 27.2.1.1 VM-execution control fields. */
static void check_exec_controls(struct check *c)
{
	const struct vmx_guest_state *gs = c->gs;
	uint32_t pin = gs->pin_based_vm_exec_control;
	uint32_t cpu = gs->cpu_based_vm_exec_control;
	uint64_t eptp = gs->ept_pointer, mt, pwl;
	uint64_t cap = gs->caps.ept_vpid;

	check(c, (pin & PIN_BASED_VIRTUAL_NMIS) &&
		 !(pin & PIN_BASED_NMI_EXITING),
	      VMX_RULE_VIRTUAL_NMIS, PIN_BASED_VM_EXEC_CONTROL, pin);
	check(c, (cpu & CPU_BASED_NMI_WINDOW_EXITING) &&
		 !(pin & PIN_BASED_VIRTUAL_NMIS),
	      VMX_RULE_NMI_WINDOW, CPU_BASED_VM_EXEC_CONTROL, cpu);
	if (cpu & CPU_BASED_USE_IO_BITMAPS) {
		check(c, !page_aligned_phys(c, gs->io_bitmap_a),
		      VMX_RULE_IO_BITMAP, IO_BITMAP_A, gs->io_bitmap_a);
		check(c, !page_aligned_phys(c, gs->io_bitmap_b),
		      VMX_RULE_IO_BITMAP, IO_BITMAP_B, gs->io_bitmap_b);
	}
	check(c, (cpu & CPU_BASED_USE_MSR_BITMAPS) &&
		 !page_aligned_phys(c, gs->msr_bitmap),
	      VMX_RULE_MSR_BITMAP, MSR_BITMAP, gs->msr_bitmap);
	check(c, (c->secondary & SECONDARY_EXEC_ENABLE_VPID) &&
		 !gs->virtual_processor_id,
	      VMX_RULE_VPID_ZERO, VIRTUAL_PROCESSOR_ID,
	      gs->virtual_processor_id);

	if (c->ept) {
		mt = eptp & VMX_EPTP_MT_MASK;
		pwl = eptp & VMX_EPTP_PWL_MASK;
		check(c, !((mt == VMX_EPTP_MT_UC && (cap & VMX_EPTP_UC_BIT)) ||
			   (mt == VMX_EPTP_MT_WB && (cap & VMX_EPTP_WB_BIT))),
		      VMX_RULE_EPTP_MEMTYPE, EPT_POINTER, eptp);
		check(c, !((pwl == VMX_EPTP_PWL_4 &&
			    (cap & VMX_EPT_PAGE_WALK_4_BIT)) ||
			   (pwl == VMX_EPTP_PWL_5 &&
			    (cap & VMX_EPT_PAGE_WALK_5_BIT))),
		      VMX_RULE_EPTP_WALK, EPT_POINTER, eptp);
		check(c, (eptp & VMX_EPTP_AD_ENABLE_BIT) &&
			 !(cap & VMX_EPT_AD_BIT),
		      VMX_RULE_EPTP_AD, EPT_POINTER, eptp);
		check(c, eptp & (VMX_EPTP_RESERVED_BITS | c->phys_mask),
		      VMX_RULE_EPTP_RESERVED, EPT_POINTER, eptp);
	}
	check(c, c->ug && !c->ept,
	      VMX_RULE_UG_NEEDS_EPT, SECONDARY_VM_EXEC_CONTROL, c->secondary);
}

/* 27.2.1.2 VM-exit control fields. */
static void check_exit_controls(struct check *c)
{
	const struct vmx_guest_state *gs = c->gs;

	check(c, (gs->vm_exit_controls & VM_EXIT_SAVE_VMX_PREEMPTION_TIMER) &&
		 !(gs->pin_based_vm_exec_control &
		   PIN_BASED_VMX_PREEMPTION_TIMER),
	      VMX_RULE_SAVE_PREEMPTION_TIMER, VM_EXIT_CONTROLS,
	      gs->vm_exit_controls);
}

/* #DF, #TS, #NP, #SS, #GP, #PF and #AC push an error code. */
static bool exception_has_error_code(uint32_t vector)
{
	return vector < 32 && ((1u << vector) & 0x27d00);
}

/* 27.2.1.3 VM-entry control fields: event injection. */
static void check_entry_controls(struct check *c)
{
	const struct vmx_guest_state *gs = c->gs;
	uint32_t info = gs->vm_entry_intr_info_field;
	uint32_t type = c->intr_type, vector = c->intr_vector;
	bool deliver = info & INTR_INFO_DELIVER_CODE_MASK;
	bool hw = type == INTR_TYPE_HARD_EXCEPTION;
	bool any_vector = gs->caps.basic & VMX_BASIC_NO_HW_ERROR_CODE_CC;
	uint32_t len = gs->vm_entry_instruction_len;

	if (!c->injecting)
		return;
	check(c, type == INTR_TYPE_RESERVED ||
		 (type == INTR_TYPE_OTHER_EVENT &&
		  !vmx_ctl_allowed1(gs->caps.procbased,
				    CPU_BASED_MONITOR_TRAP_FLAG)),
	      VMX_RULE_ENTRY_INTR_TYPE, VM_ENTRY_INTR_INFO_FIELD, info);
	check(c, (type == INTR_TYPE_NMI_INTR && vector != 2) ||
		 (hw && vector > 31) ||
		 (type == INTR_TYPE_OTHER_EVENT && vector != 0),
	      VMX_RULE_ENTRY_INTR_VECTOR, VM_ENTRY_INTR_INFO_FIELD, info);
	/* IA32_VMX_BASIC[56] lifts the vector part (Appendix A.1). */
	if (deliver)
		check(c, !hw || !c->pe ||
			 (!any_vector && !exception_has_error_code(vector)),
		      VMX_RULE_ENTRY_INTR_ERROR_CODE, VM_ENTRY_INTR_INFO_FIELD,
		      info);
	else
		check(c, hw && c->pe && !any_vector &&
			 exception_has_error_code(vector),
		      VMX_RULE_ENTRY_INTR_ERROR_CODE, VM_ENTRY_INTR_INFO_FIELD,
		      info);
	check(c, info & INTR_INFO_RESVD_BITS_MASK,
	      VMX_RULE_ENTRY_INTR_RESERVED, VM_ENTRY_INTR_INFO_FIELD, info);
	check(c, deliver && (gs->vm_entry_exception_error_code & 0xffff0000u),
	      VMX_RULE_ENTRY_ERROR_CODE, VM_ENTRY_EXCEPTION_ERROR_CODE,
	      gs->vm_entry_exception_error_code);
	/* Length 0 only if IA32_VMX_MISC[30] (Appendix A.6). */
	check(c, (type == INTR_TYPE_SOFT_INTR ||
		  type == INTR_TYPE_PRIV_SW_EXCEPTION ||
		  type == INTR_TYPE_SOFT_EXCEPTION) &&
		 (len > 15 ||
		  (len == 0 && !(gs->caps.misc & VMX_MISC_ZERO_LEN_INS))),
	      VMX_RULE_ENTRY_INSTRUCTION_LEN, VM_ENTRY_INSTRUCTION_LEN, len);
}

/* ------------------------------------------------------------ 27.3.1.1 */

/* One finding per bit of @value that breaks IA32_VMX_CRn_FIXED0/1. */
static void check_fixed(struct check *c, uint32_t field, uint64_t value,
			uint64_t must_be_1, uint64_t must_be_0,
			enum vmx_check_rule rule_1, enum vmx_check_rule rule_0,
			const char *const text_1[64],
			const char *const text_0[64])
{
	for (unsigned int bit = 0; bit < 64; bit++) {
		uint64_t m = 1ULL << bit;

		if ((must_be_1 & m) && !(value & m))
			report(c, rule_1, field, value, text_1[bit], NULL);
		if ((must_be_0 & m) && (value & m))
			report(c, rule_0, field, value, text_0[bit], NULL);
	}
}

static bool pat_valid(uint64_t pat)
{
	for (unsigned int i = 0; i < 8; i++) {
		uint8_t type = (uint8_t)(pat >> (8 * i));

		/* UC, WC, WT, WP, WB, UC- (SDM Vol. 3A, 13.12.2). */
		if (type > 7 || type == 2 || type == 3)
			return false;
	}
	return true;
}

static void check_control_registers(struct check *c)
{
	const struct vmx_guest_state *gs = c->gs;
	const struct vmx_caps *caps = &gs->caps;
	uint64_t cr0_must_be_1 = caps->cr0_fixed0, efer = gs->ia32_efer;
	uint32_t entry = gs->vm_entry_controls;

	/* PE and PG are free with unrestricted guest; NW and CD always. */
	if (c->ug)
		cr0_must_be_1 &= ~(X86_CR0_PE | X86_CR0_PG);
	cr0_must_be_1 &= ~(X86_CR0_NW | X86_CR0_CD);
	check_fixed(c, GUEST_CR0, gs->cr0, cr0_must_be_1,
		    ~caps->cr0_fixed1 & ~(X86_CR0_NW | X86_CR0_CD),
		    VMX_RULE_CR0_FIXED0, VMX_RULE_CR0_FIXED1,
		    cr0_fixed0_text, cr0_fixed1_text);
	check(c, (gs->cr0 & X86_CR0_PG) && !(gs->cr0 & X86_CR0_PE),
	      VMX_RULE_CR0_PG_PE, GUEST_CR0, gs->cr0);
	check_fixed(c, GUEST_CR4, gs->cr4, caps->cr4_fixed0, ~caps->cr4_fixed1,
		    VMX_RULE_CR4_FIXED0, VMX_RULE_CR4_FIXED1,
		    cr4_fixed0_text, cr4_fixed1_text);

	check(c, c->ia32e && !(gs->cr0 & X86_CR0_PG),
	      VMX_RULE_IA32E_PG, GUEST_CR0, gs->cr0);
	check(c, c->ia32e && !(gs->cr4 & X86_CR4_PAE),
	      VMX_RULE_IA32E_PAE, GUEST_CR4, gs->cr4);
	check(c, !c->ia32e && (gs->cr4 & X86_CR4_PCIDE),
	      VMX_RULE_PCIDE, GUEST_CR4, gs->cr4);
	check(c, gs->cr3 & c->phys_mask, VMX_RULE_CR3, GUEST_CR3, gs->cr3);

	if (entry & VM_ENTRY_LOAD_DEBUG_CONTROLS) {
		check(c, gs->ia32_debugctl & DEBUGCTL_RESERVED,
		      VMX_RULE_DEBUGCTL, GUEST_IA32_DEBUGCTL,
		      gs->ia32_debugctl);
		check(c, gs->dr7 >> 32, VMX_RULE_DR7, GUEST_DR7, gs->dr7);
	}
	check(c, !canonical(gs->sysenter_esp, c->virt_bits),
	      VMX_RULE_SYSENTER, GUEST_SYSENTER_ESP, gs->sysenter_esp);
	check(c, !canonical(gs->sysenter_eip, c->virt_bits),
	      VMX_RULE_SYSENTER, GUEST_SYSENTER_EIP, gs->sysenter_eip);
	check(c, (entry & VM_ENTRY_LOAD_IA32_PAT) && !pat_valid(gs->ia32_pat),
	      VMX_RULE_PAT, GUEST_IA32_PAT, gs->ia32_pat);

	if (entry & VM_ENTRY_LOAD_IA32_EFER) {
		check(c, efer & ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX),
		      VMX_RULE_EFER_RESERVED, GUEST_IA32_EFER, efer);
		check(c, !!(efer & EFER_LMA) != c->ia32e,
		      VMX_RULE_EFER_LMA, GUEST_IA32_EFER, efer);
		check(c, (gs->cr0 & X86_CR0_PG) &&
			 !!(efer & EFER_LMA) != !!(efer & EFER_LME),
		      VMX_RULE_EFER_LME, GUEST_IA32_EFER, efer);
	}
}

/* ------------------------------------------------------------ 27.3.1.2 */

#define SEG_SELECTOR(i)	(GUEST_ES_SELECTOR + 2 * (uint32_t)(i))
#define SEG_BASE(i)	(GUEST_ES_BASE + 2 * (uint32_t)(i))
#define SEG_LIMIT(i)	(GUEST_ES_LIMIT + 2 * (uint32_t)(i))
#define SEG_AR(i)	(GUEST_ES_AR_BYTES + 2 * (uint32_t)(i))

static bool usable(const struct vmx_segment *s)
{
	return !(s->ar & VMX_AR_UNUSABLE_MASK);
}

/* Rules every checked segment shares: P, reserved bits, G vs limit. */
static void check_seg_common(struct check *c, unsigned int i)
{
	const struct vmx_segment *s = &c->gs->seg[i];

	check(c, !(s->ar & VMX_AR_P_MASK), VMX_RULE_PRESENT, SEG_AR(i), s->ar);
	check(c, s->ar & VMX_AR_RESERVD_MASK,
	      VMX_RULE_AR_RESERVED, SEG_AR(i), s->ar);
	check(c, (s->ar & VMX_AR_G_MASK) && (s->limit & 0xfff) != 0xfff,
	      VMX_RULE_G_LIMIT_LOW, SEG_LIMIT(i), s->limit);
	check(c, !(s->ar & VMX_AR_G_MASK) && (s->limit & 0xfff00000),
	      VMX_RULE_G_LIMIT_HIGH, SEG_LIMIT(i), s->limit);
}

/* Access rights of CS, SS, DS, ES, FS, GS outside virtual-8086 mode. */
static void check_code_data_ar(struct check *c, unsigned int i)
{
	const struct vmx_guest_state *gs = c->gs;
	const struct vmx_segment *s = &gs->seg[i];
	uint32_t type = s->ar & VMX_AR_TYPE_MASK, dpl = VMX_AR_DPL(s->ar);
	uint32_t ss_dpl = VMX_AR_DPL(gs->seg[VMX_SEG_SS].ar);
	uint32_t cs_type = gs->seg[VMX_SEG_CS].ar & VMX_AR_TYPE_MASK;
	uint32_t rpl = s->selector & 3;

	switch (i) {
	case VMX_SEG_CS:
		check(c, !(type == 9 || type == 11 || type == 13 ||
			   type == 15 || (c->ug && type == 3)),
		      VMX_RULE_CS_TYPE, SEG_AR(i), s->ar);
		check(c, type == 3 && dpl != 0,
		      VMX_RULE_CS_DPL_DATA, SEG_AR(i), s->ar);
		check(c, (type == 9 || type == 11) && dpl != ss_dpl,
		      VMX_RULE_CS_DPL_NONCONFORMING, SEG_AR(i), s->ar);
		check(c, (type == 13 || type == 15) && dpl > ss_dpl,
		      VMX_RULE_CS_DPL_CONFORMING, SEG_AR(i), s->ar);
		check(c, c->ia32e && (s->ar & VMX_AR_L_MASK) &&
			 (s->ar & VMX_AR_DB_MASK),
		      VMX_RULE_CS_L_DB, SEG_AR(i), s->ar);
		break;
	case VMX_SEG_SS:
		check(c, usable(s) && type != 3 && type != 7,
		      VMX_RULE_SS_TYPE, SEG_AR(i), s->ar);
		/* SS.DPL is the CPL, usable or not. */
		check(c, !c->ug && dpl != rpl,
		      VMX_RULE_SS_DPL_RPL, SEG_AR(i), s->ar);
		check(c, (cs_type == 3 || !c->pe) && dpl != 0,
		      VMX_RULE_SS_DPL_ZERO, SEG_AR(i), s->ar);
		break;
	default:
		if (!usable(s))
			break;
		check(c, !(type & VMX_AR_TYPE_ACCESSES_MASK),
		      VMX_RULE_DATA_ACCESSED, SEG_AR(i), s->ar);
		check(c, (type & VMX_AR_TYPE_CODE_MASK) &&
			 !(type & VMX_AR_TYPE_READABLE_MASK),
		      VMX_RULE_DATA_READABLE, SEG_AR(i), s->ar);
		check(c, !c->ug && type <= 11 && dpl < rpl,
		      VMX_RULE_DATA_DPL, SEG_AR(i), s->ar);
		break;
	}
	if (i != VMX_SEG_CS && !usable(s))
		return;
	check(c, !(s->ar & VMX_AR_S_MASK),
	      VMX_RULE_S_CODE_DATA, SEG_AR(i), s->ar);
	check_seg_common(c, i);
}

static void check_segments(struct check *c)
{
	const struct vmx_guest_state *gs = c->gs;
	const struct vmx_segment *cs = &gs->seg[VMX_SEG_CS];
	const struct vmx_segment *tr = &gs->seg[VMX_SEG_TR];
	const struct vmx_segment *ldtr = &gs->seg[VMX_SEG_LDTR];
	uint32_t tr_type = tr->ar & VMX_AR_TYPE_MASK;

	/* Selectors. */
	check(c, tr->selector & 4, VMX_RULE_TR_TI,
	      GUEST_TR_SELECTOR, tr->selector);
	check(c, usable(ldtr) && (ldtr->selector & 4), VMX_RULE_LDTR_TI,
	      GUEST_LDTR_SELECTOR, ldtr->selector);
	check(c, !c->v86 && !c->ug &&
		 (gs->seg[VMX_SEG_SS].selector & 3) != (cs->selector & 3),
	      VMX_RULE_SS_RPL, GUEST_SS_SELECTOR, gs->seg[VMX_SEG_SS].selector);

	/* Bases. */
	for (unsigned int i = VMX_SEG_ES; i <= VMX_SEG_GS; i++) {
		const struct vmx_segment *s = &gs->seg[i];

		check(c, c->v86 && s->base != (uint64_t)s->selector << 4,
		      VMX_RULE_V86_BASE, SEG_BASE(i), s->base);
	}
	check(c, !canonical(tr->base, c->virt_bits),
	      VMX_RULE_BASE_CANONICAL, GUEST_TR_BASE, tr->base);
	check(c, !canonical(gs->seg[VMX_SEG_FS].base, c->virt_bits),
	      VMX_RULE_BASE_CANONICAL, GUEST_FS_BASE, gs->seg[VMX_SEG_FS].base);
	check(c, !canonical(gs->seg[VMX_SEG_GS].base, c->virt_bits),
	      VMX_RULE_BASE_CANONICAL, GUEST_GS_BASE, gs->seg[VMX_SEG_GS].base);
	check(c, usable(ldtr) && !canonical(ldtr->base, c->virt_bits),
	      VMX_RULE_BASE_CANONICAL, GUEST_LDTR_BASE, ldtr->base);
	check(c, cs->base >> 32, VMX_RULE_BASE_HIGH, GUEST_CS_BASE, cs->base);
	for (unsigned int i = VMX_SEG_ES; i <= VMX_SEG_DS; i++) {
		const struct vmx_segment *s = &gs->seg[i];

		if (i != VMX_SEG_CS)
			check(c, usable(s) && (s->base >> 32),
			      VMX_RULE_BASE_HIGH, SEG_BASE(i), s->base);
	}

	/* Limits and access rights of CS, SS, DS, ES, FS, GS. */
	for (unsigned int i = VMX_SEG_ES; i <= VMX_SEG_GS; i++) {
		const struct vmx_segment *s = &gs->seg[i];

		if (c->v86) {
			check(c, s->limit != 0xffff,
			      VMX_RULE_V86_LIMIT, SEG_LIMIT(i), s->limit);
			check(c, s->ar != 0xf3,
			      VMX_RULE_V86_AR, SEG_AR(i), s->ar);
		} else {
			check_code_data_ar(c, i);
		}
	}

	/* TR: a busy TSS, always usable. */
	check(c, c->ia32e ? tr_type != VMX_AR_TYPE_BUSY_64_TSS :
			    tr_type != VMX_AR_TYPE_BUSY_16_TSS &&
			    tr_type != VMX_AR_TYPE_BUSY_32_TSS,
	      VMX_RULE_TR_TYPE, GUEST_TR_AR_BYTES, tr->ar);
	check(c, tr->ar & VMX_AR_S_MASK, VMX_RULE_S_SYSTEM,
	      GUEST_TR_AR_BYTES, tr->ar);
	check(c, !usable(tr), VMX_RULE_TR_UNUSABLE, GUEST_TR_AR_BYTES, tr->ar);
	check_seg_common(c, VMX_SEG_TR);

	/* LDTR, if usable. */
	if (usable(ldtr)) {
		check(c, (ldtr->ar & VMX_AR_TYPE_MASK) != VMX_AR_TYPE_LDT,
		      VMX_RULE_LDTR_TYPE, GUEST_LDTR_AR_BYTES, ldtr->ar);
		check(c, ldtr->ar & VMX_AR_S_MASK, VMX_RULE_S_SYSTEM,
		      GUEST_LDTR_AR_BYTES, ldtr->ar);
		check_seg_common(c, VMX_SEG_LDTR);
	}
}

/* ------------------------------------------------------------ 27.3.1.3-4 */

static void check_descriptor_tables(struct check *c)
{
	const struct vmx_guest_state *gs = c->gs;

	check(c, !canonical(gs->gdtr.base, c->virt_bits),
	      VMX_RULE_DTR_BASE, GUEST_GDTR_BASE, gs->gdtr.base);
	check(c, !canonical(gs->idtr.base, c->virt_bits),
	      VMX_RULE_DTR_BASE, GUEST_IDTR_BASE, gs->idtr.base);
	check(c, gs->gdtr.limit >> 16,
	      VMX_RULE_DTR_LIMIT, GUEST_GDTR_LIMIT, gs->gdtr.limit);
	check(c, gs->idtr.limit >> 16,
	      VMX_RULE_DTR_LIMIT, GUEST_IDTR_LIMIT, gs->idtr.limit);
}

static void check_rip_rflags(struct check *c)
{
	const struct vmx_guest_state *gs = c->gs;
	bool long64 = c->ia32e && (gs->seg[VMX_SEG_CS].ar & VMX_AR_L_MASK);

	check(c, !long64 && (gs->rip >> 32),
	      VMX_RULE_RIP_HIGH, GUEST_RIP, gs->rip);
	check(c, long64 && !canonical(gs->rip, c->virt_bits),
	      VMX_RULE_RIP_CANONICAL, GUEST_RIP, gs->rip);
	check(c, (gs->rflags & X86_EFLAGS_RESERVED) ||
		 !(gs->rflags & X86_EFLAGS_FIXED),
	      VMX_RULE_RFLAGS_RESERVED, GUEST_RFLAGS, gs->rflags);
	check(c, (c->ia32e || !c->pe) && (gs->rflags & X86_EFLAGS_VM),
	      VMX_RULE_RFLAGS_VM, GUEST_RFLAGS, gs->rflags);
	check(c, c->injecting && c->intr_type == INTR_TYPE_EXT_INTR &&
		 !(gs->rflags & X86_EFLAGS_IF),
	      VMX_RULE_RFLAGS_IF, GUEST_RFLAGS, gs->rflags);
}

/* ------------------------------------------------------------ 27.3.1.5 */

/* Can the event being injected be delivered in activity state @state? */
static bool injectable(const struct check *c, uint32_t state)
{
	uint32_t type = c->intr_type, vector = c->intr_vector;

	switch (state) {
	case GUEST_ACTIVITY_ACTIVE:
		return true;
	case GUEST_ACTIVITY_HLT:
		return type == INTR_TYPE_EXT_INTR ||
		       type == INTR_TYPE_NMI_INTR ||
		       (type == INTR_TYPE_HARD_EXCEPTION &&
			(vector == 1 || vector == 18)) ||
		       (type == INTR_TYPE_OTHER_EVENT && vector == 0);
	case GUEST_ACTIVITY_SHUTDOWN:
		return type == INTR_TYPE_NMI_INTR ||
		       (type == INTR_TYPE_HARD_EXCEPTION && vector == 18);
	default:
		return false;
	}
}

static void check_non_register_state(struct check *c)
{
	const struct vmx_guest_state *gs = c->gs;
	uint32_t act = gs->activity_state, intr = gs->interruptibility_info;
	uint64_t dbg = gs->pending_dbg_exceptions;
	bool blocked = intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS);
	bool nmi = c->injecting && c->intr_type == INTR_TYPE_NMI_INTR;
	bool step;

	/* Activity state: IA32_VMX_MISC bits 6, 7, 8 for states 1, 2, 3. */
	check(c, act > GUEST_ACTIVITY_WAIT_SIPI ||
		 (act &&
		  !(gs->caps.misc & (VMX_MISC_ACTIVITY_HLT << (act - 1)))),
	      VMX_RULE_ACTIVITY_STATE, GUEST_ACTIVITY_STATE, act);
	check(c, act == GUEST_ACTIVITY_HLT &&
		 VMX_AR_DPL(gs->seg[VMX_SEG_SS].ar) != 0,
	      VMX_RULE_ACTIVITY_HLT_DPL, GUEST_ACTIVITY_STATE, act);
	check(c, blocked && act != GUEST_ACTIVITY_ACTIVE,
	      VMX_RULE_ACTIVITY_BLOCKING, GUEST_ACTIVITY_STATE, act);
	check(c, c->injecting && !injectable(c, act),
	      VMX_RULE_ACTIVITY_INJECT, GUEST_ACTIVITY_STATE, act);

	/* Interruptibility state. */
	check(c, intr & ~0x1fu, VMX_RULE_INTR_RESERVED,
	      GUEST_INTERRUPTIBILITY_INFO, intr);
	check(c, (intr & GUEST_INTR_STATE_STI) &&
		 (intr & GUEST_INTR_STATE_MOV_SS),
	      VMX_RULE_INTR_STI_MOV_SS, GUEST_INTERRUPTIBILITY_INFO, intr);
	check(c, (intr & GUEST_INTR_STATE_STI) && !(gs->rflags & X86_EFLAGS_IF),
	      VMX_RULE_INTR_STI_IF, GUEST_INTERRUPTIBILITY_INFO, intr);
	check(c, c->injecting && c->intr_type == INTR_TYPE_EXT_INTR && blocked,
	      VMX_RULE_INTR_INJECT_EXT, GUEST_INTERRUPTIBILITY_INFO, intr);
	check(c, nmi && (intr & GUEST_INTR_STATE_MOV_SS),
	      VMX_RULE_INTR_INJECT_NMI, GUEST_INTERRUPTIBILITY_INFO, intr);
	check(c, intr & GUEST_INTR_STATE_SMI,
	      VMX_RULE_INTR_SMI, GUEST_INTERRUPTIBILITY_INFO, intr);
	check(c, nmi &&
		 (gs->pin_based_vm_exec_control & PIN_BASED_VIRTUAL_NMIS) &&
		 (intr & GUEST_INTR_STATE_NMI),
	      VMX_RULE_INTR_VIRTUAL_NMI, GUEST_INTERRUPTIBILITY_INFO, intr);
	check(c, (intr & GUEST_INTR_STATE_ENCLAVE_INTR) &&
		 (intr & GUEST_INTR_STATE_MOV_SS),
	      VMX_RULE_INTR_ENCLAVE, GUEST_INTERRUPTIBILITY_INFO, intr);

	/* Pending debug exceptions. */
	check(c, dbg & PENDING_DBG_RESERVED, VMX_RULE_PENDING_DBG_RESERVED,
	      GUEST_PENDING_DBG_EXCEPTIONS, dbg);
	step = (gs->rflags & X86_EFLAGS_TF) &&
	       !(gs->ia32_debugctl & DEBUGCTLMSR_BTF);
	check(c, (blocked || act == GUEST_ACTIVITY_HLT) &&
		 step != !!(dbg & PENDING_DBG_BS),
	      VMX_RULE_PENDING_DBG_BS, GUEST_PENDING_DBG_EXCEPTIONS, dbg);
	check(c, (dbg & PENDING_DBG_RTM) &&
		 (!(dbg & PENDING_DBG_ENABLED_BP) ||
		  (dbg & (PENDING_DBG_BS | PENDING_DBG_B0_B3)) ||
		  (intr & GUEST_INTR_STATE_MOV_SS)),
	      VMX_RULE_PENDING_DBG_RTM, GUEST_PENDING_DBG_EXCEPTIONS, dbg);

	/* VMCS link pointer; its revision identifier is in memory, unseen. */
	check(c, gs->vmcs_link_pointer != ~0ULL &&
		 !page_aligned_phys(c, gs->vmcs_link_pointer),
	      VMX_RULE_LINK_POINTER, VMCS_LINK_POINTER, gs->vmcs_link_pointer);
}

/* 27.3.1.6: with EPT, PAE paging's PDPTEs come from the VMCS. */
static void check_pdptes(struct check *c)
{
	const struct vmx_guest_state *gs = c->gs;

	if (!c->ept || c->ia32e || !(gs->cr0 & X86_CR0_PG) ||
	    !(gs->cr4 & X86_CR4_PAE))
		return;
	for (unsigned int i = 0; i < 4; i++) {
		uint64_t e = gs->pdptr[i];

		check(c, (e & PDPTE_PRESENT) &&
			 (e & (PDPTE_RESERVED | c->phys_mask)),
		      VMX_RULE_PDPTE, GUEST_PDPTR0 + 2 * i, e);
	}
}

unsigned int vmx_check_guest_state(const struct vmx_guest_state *gs,
				   vmx_check_report_fn *report, void *ctx)
{
	unsigned int phys = gs->phys_addr_bits ? gs->phys_addr_bits : 52;
	uint32_t info = gs->vm_entry_intr_info_field;
	struct check c = {
		.gs = gs,
		.report = report,
		.ctx = ctx,
		.ia32e = gs->vm_entry_controls & VM_ENTRY_IA32E_MODE,
		.v86 = gs->rflags & X86_EFLAGS_VM,
		.pe = gs->cr0 & X86_CR0_PE,
		.injecting = info & INTR_INFO_VALID_MASK,
		.intr_type = info & INTR_INFO_INTR_TYPE_MASK,
		.intr_vector = info & INTR_INFO_VECTOR_MASK,
		.phys_mask = phys >= 64 ? 0 : ~0ULL << phys,
		.virt_bits = gs->virt_addr_bits ? gs->virt_addr_bits : 48,
	};

	if (c.virt_bits > 64)
		c.virt_bits = 64;

	/* Secondary controls count only when activated (SDM 25.6.2). */
	if (gs->cpu_based_vm_exec_control &
	    CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		c.secondary = gs->secondary_vm_exec_control;
	c.ug = c.secondary & SECONDARY_EXEC_UNRESTRICTED_GUEST;
	c.ept = c.secondary & SECONDARY_EXEC_ENABLE_EPT;

	check_ctls(&c);
	check_exec_controls(&c);
	check_exit_controls(&c);
	check_entry_controls(&c);
	check_control_registers(&c);
	check_segments(&c);
	check_descriptor_tables(&c);
	check_rip_rflags(&c);
	check_non_register_state(&c);
	check_pdptes(&c);
	return c.found;
}

int vmx_check_format(const struct vmx_check_finding *f, char *buf, size_t size)
{
	unsigned int digits;

	/* As wide as the field: 16-bit 4 digits, 32-bit 8, else 8 or 16. */
	switch (vmcs_field_width(f->field)) {
	case VMCS_FIELD_WIDTH_U16:
		digits = 4;
		break;
	case VMCS_FIELD_WIDTH_U32:
		digits = 8;
		break;
	default:
		digits = f->value >> 32 ? 16 : 8;
		break;
	}
	if (f->bits)
		return hv_snprintf(buf, size, "vmx check: %s = 0x%0*llx: %s "
				   "(bits 0x%llx) [SDM %s]",
				   f->name ? f->name : "?", (int)digits,
				   (unsigned long long)f->value, f->what,
				   (unsigned long long)f->bits, f->sdm);
	return hv_snprintf(buf, size, "vmx check: %s = 0x%0*llx: %s [SDM %s]",
			   f->name ? f->name : "?", (int)digits,
			   (unsigned long long)f->value, f->what, f->sdm);
}

struct print_ctx {
	void (*print)(void *ctx, const char *line);
	void *ctx;
};

static void print_finding(void *arg, const struct vmx_check_finding *f)
{
	struct print_ctx *p = arg;
	char line[200];

	vmx_check_format(f, line, sizeof(line));
	p->print(p->ctx, line);
}

unsigned int vmx_check_print(const struct vmx_guest_state *gs,
			     void (*print)(void *ctx, const char *line),
			     void *ctx)
{
	struct print_ctx p = { print, ctx };

	return vmx_check_guest_state(gs, print_finding, &p);
}
