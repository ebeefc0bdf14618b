/* SPDX-License-Identifier: MIT */
/*
 * The Virtual Machine Control Block (AMD APM vol. 2, Appendix B): one
 * 4 KiB page per vCPU, the control area at 0 (what exits, what is
 * injected, why it exited) and the state save area at 0x400 (the guest's
 * registers, loaded by VMRUN and stored by #VMEXIT). Names follow the APM;
 * the offsets are asserted below against Tables B-1 and B-2.
 */
#ifndef ARCH_X86_SVM_VMCB_H
#define ARCH_X86_SVM_VMCB_H

#include <stddef.h>
#include <stdint.h>

/* Intercept vector 3 (offset 0x00c), APM Table B-1. */
#define INTERCEPT_INTR		(1u << 0)
#define INTERCEPT_NMI		(1u << 1)
#define INTERCEPT_SMI		(1u << 2)
#define INTERCEPT_INIT		(1u << 3)
#define INTERCEPT_VINTR		(1u << 4)
#define INTERCEPT_RDPMC		(1u << 15)
#define INTERCEPT_CPUID		(1u << 18)
#define INTERCEPT_RSM		(1u << 19)
#define INTERCEPT_IRET		(1u << 20)
#define INTERCEPT_INVD		(1u << 22)
#define INTERCEPT_HLT		(1u << 24)
#define INTERCEPT_INVLPGA	(1u << 26)
#define INTERCEPT_IOIO_PROT	(1u << 27)
#define INTERCEPT_MSR_PROT	(1u << 28)
#define INTERCEPT_TASK_SWITCH	(1u << 29)
#define INTERCEPT_SHUTDOWN	(1u << 31)

/* Intercept vector 4 (offset 0x010). */
#define INTERCEPT_VMRUN		(1u << 0)
#define INTERCEPT_VMMCALL	(1u << 1)
#define INTERCEPT_VMLOAD	(1u << 2)
#define INTERCEPT_VMSAVE	(1u << 3)
#define INTERCEPT_STGI		(1u << 4)
#define INTERCEPT_CLGI		(1u << 5)
#define INTERCEPT_SKINIT	(1u << 6)
#define INTERCEPT_ICEBP		(1u << 8)
#define INTERCEPT_WBINVD	(1u << 9)
#define INTERCEPT_MONITOR	(1u << 10)
#define INTERCEPT_MWAIT		(1u << 11)
#define INTERCEPT_MWAIT_COND	(1u << 12)
#define INTERCEPT_XSETBV	(1u << 13)

/* int_ctl (offset 0x060): the virtual interrupt controls (APM 15.21). */
#define V_TPR_MASK		0xffu
#define V_IRQ			(1u << 8)
#define V_INTR_PRIO_SHIFT	16
#define V_IGN_TPR		(1u << 20)
#define V_INTR_MASKING		(1u << 24)

/* int_state (offset 0x068). */
#define SVM_INTERRUPT_SHADOW	(1u << 0)

/* tlb_ctl (offset 0x05c), APM 15.16.1. */
#define TLB_CONTROL_DO_NOTHING	0
#define TLB_CONTROL_FLUSH_ALL	1

/* np_enable (offset 0x090). */
#define SVM_NP_ENABLE		(1ULL << 0)

/* EVENTINJ and EXITINTINFO (APM 15.20, Figure 15-7). */
#define SVM_EVTINJ_VEC_MASK	0xffu
#define SVM_EVTINJ_TYPE_SHIFT	8
#define SVM_EVTINJ_TYPE_MASK	(7u << SVM_EVTINJ_TYPE_SHIFT)
#define SVM_EVTINJ_TYPE_INTR	(0u << SVM_EVTINJ_TYPE_SHIFT)
#define SVM_EVTINJ_TYPE_NMI	(2u << SVM_EVTINJ_TYPE_SHIFT)
#define SVM_EVTINJ_TYPE_EXEPT	(3u << SVM_EVTINJ_TYPE_SHIFT)
#define SVM_EVTINJ_TYPE_SOFT	(4u << SVM_EVTINJ_TYPE_SHIFT)
#define SVM_EVTINJ_VALID_ERR	(1u << 11)
#define SVM_EVTINJ_VALID	(1u << 31)

/* EXITINFO1 of IOIO (APM 15.10.2, Figure 15-2). */
#define SVM_IOIO_TYPE_IN	(1u << 0)
#define SVM_IOIO_STR		(1u << 2)
#define SVM_IOIO_REP		(1u << 3)
#define SVM_IOIO_SZ8		(1u << 4)
#define SVM_IOIO_SZ16		(1u << 5)
#define SVM_IOIO_SZ32		(1u << 6)
#define SVM_IOIO_A16		(1u << 7)
#define SVM_IOIO_A32		(1u << 8)
#define SVM_IOIO_A64		(1u << 9)
#define SVM_IOIO_SEG_SHIFT	10
#define SVM_IOIO_PORT_SHIFT	16

/* EXITINFO1 of #NPF: a page-fault error code plus two (APM 15.25.6). */
#define SVM_NPF_P		(1ULL << 0)
#define SVM_NPF_RW		(1ULL << 1)
#define SVM_NPF_US		(1ULL << 2)
#define SVM_NPF_RSV		(1ULL << 3)
#define SVM_NPF_ID		(1ULL << 4)
#define SVM_NPF_FINAL		(1ULL << 32)	/* at the final GPA */
#define SVM_NPF_WALK		(1ULL << 33)	/* at a guest table */

/* EFER.SVME: VMRUN needs it in the guest's EFER too (15.5.1). */
#define EFER_SVME		(1ULL << 12)

/* Segment attributes: descriptor bits 47:40 and 55:52, packed (B-2). */
#define SVM_SEG_TYPE_MASK	0x00fu
#define SVM_SEG_S		(1u << 4)
#define SVM_SEG_DPL_SHIFT	5
#define SVM_SEG_P		(1u << 7)
#define SVM_SEG_L		(1u << 9)
#define SVM_SEG_DB		(1u << 10)
#define SVM_SEG_G		(1u << 11)

struct vmcb_seg {
	uint16_t selector;
	uint16_t attrib;
	uint32_t limit;
	uint64_t base;
} __attribute__((packed));

struct vmcb_control {
	uint16_t intercept_cr_read;	/* 0x000 */
	uint16_t intercept_cr_write;
	uint16_t intercept_dr_read;	/* 0x004 */
	uint16_t intercept_dr_write;
	uint32_t intercept_exceptions;	/* 0x008 */
	uint32_t intercept_misc1;	/* 0x00c: vector 3 */
	uint32_t intercept_misc2;	/* 0x010: vector 4 */
	uint32_t intercept_misc3;	/* 0x014: vector 5 */
	uint8_t reserved_018[0x03c - 0x018];
	uint16_t pause_filter_thresh;	/* 0x03c */
	uint16_t pause_filter_count;	/* 0x03e */
	uint64_t iopm_base_pa;		/* 0x040 */
	uint64_t msrpm_base_pa;		/* 0x048 */
	uint64_t tsc_offset;		/* 0x050 */
	uint32_t asid;			/* 0x058 */
	uint8_t tlb_ctl;		/* 0x05c */
	uint8_t reserved_05d[3];
	uint64_t int_ctl;		/* 0x060: V_TPR, V_IRQ, ... */
	uint64_t int_state;		/* 0x068: interrupt shadow */
	uint64_t exitcode;		/* 0x070 */
	uint64_t exitinfo1;		/* 0x078 */
	uint64_t exitinfo2;		/* 0x080 */
	uint64_t exitintinfo;		/* 0x088 */
	uint64_t np_enable;		/* 0x090 */
	uint64_t avic_apic_bar;		/* 0x098 */
	uint64_t ghcb_pa;		/* 0x0a0 */
	uint64_t eventinj;		/* 0x0a8 */
	uint64_t n_cr3;			/* 0x0b0 */
	uint64_t virt_ext;		/* 0x0b8: LBR, virtual VMLOAD/VMSAVE */
	uint32_t clean;			/* 0x0c0 */
	uint32_t reserved_0c4;
	uint64_t next_rip;		/* 0x0c8 */
	uint8_t insn_len;		/* 0x0d0 */
	uint8_t insn_bytes[15];		/* 0x0d1 */
	uint8_t reserved_0e0[0x400 - 0x0e0];
} __attribute__((packed));

struct vmcb_save {
	struct vmcb_seg es, cs, ss, ds, fs, gs;	/* 0x400 */
	struct vmcb_seg gdtr, ldtr, idtr, tr;	/* 0x460 */
	uint8_t reserved_4a0[0x4cb - 0x4a0];
	uint8_t cpl;			/* 0x4cb */
	uint32_t reserved_4cc;
	uint64_t efer;			/* 0x4d0 */
	uint8_t reserved_4d8[0x548 - 0x4d8];
	uint64_t cr4;			/* 0x548 */
	uint64_t cr3;
	uint64_t cr0;
	uint64_t dr7;
	uint64_t dr6;
	uint64_t rflags;
	uint64_t rip;			/* 0x578 */
	uint8_t reserved_580[0x5d8 - 0x580];
	uint64_t rsp;			/* 0x5d8 */
	uint64_t s_cet, ssp, isst_addr;
	uint64_t rax;			/* 0x5f8 */
	uint64_t star, lstar, cstar, sfmask;	/* 0x600 */
	uint64_t kernel_gs_base;	/* 0x620 */
	uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
	uint64_t cr2;			/* 0x640 */
	uint8_t reserved_648[0x668 - 0x648];
	uint64_t g_pat;			/* 0x668 */
	uint64_t dbgctl;		/* 0x670 */
	uint64_t br_from, br_to, last_excp_from, last_excp_to;
	uint8_t reserved_698[0x1000 - 0x698];
} __attribute__((packed));

struct vmcb {
	struct vmcb_control control;
	struct vmcb_save save;
} __attribute__((packed));

#define VMCB_ASSERT(field, off) \
	_Static_assert(offsetof(struct vmcb, field) == (off), \
		       "APM vol. 2 Appendix B: " #field)

VMCB_ASSERT(control.intercept_exceptions, 0x008);
VMCB_ASSERT(control.intercept_misc1, 0x00c);
VMCB_ASSERT(control.intercept_misc2, 0x010);
VMCB_ASSERT(control.iopm_base_pa, 0x040);
VMCB_ASSERT(control.msrpm_base_pa, 0x048);
VMCB_ASSERT(control.tsc_offset, 0x050);
VMCB_ASSERT(control.asid, 0x058);
VMCB_ASSERT(control.tlb_ctl, 0x05c);
VMCB_ASSERT(control.int_ctl, 0x060);
VMCB_ASSERT(control.int_state, 0x068);
VMCB_ASSERT(control.exitcode, 0x070);
VMCB_ASSERT(control.exitinfo1, 0x078);
VMCB_ASSERT(control.exitinfo2, 0x080);
VMCB_ASSERT(control.exitintinfo, 0x088);
VMCB_ASSERT(control.np_enable, 0x090);
VMCB_ASSERT(control.eventinj, 0x0a8);
VMCB_ASSERT(control.n_cr3, 0x0b0);
VMCB_ASSERT(control.clean, 0x0c0);
VMCB_ASSERT(control.next_rip, 0x0c8);
VMCB_ASSERT(control.insn_len, 0x0d0);
VMCB_ASSERT(save.es, 0x400);
VMCB_ASSERT(save.cs, 0x410);
VMCB_ASSERT(save.gdtr, 0x460);
VMCB_ASSERT(save.tr, 0x490);
VMCB_ASSERT(save.cpl, 0x4cb);
VMCB_ASSERT(save.efer, 0x4d0);
VMCB_ASSERT(save.cr4, 0x548);
VMCB_ASSERT(save.cr0, 0x558);
VMCB_ASSERT(save.rflags, 0x570);
VMCB_ASSERT(save.rip, 0x578);
VMCB_ASSERT(save.rsp, 0x5d8);
VMCB_ASSERT(save.rax, 0x5f8);
VMCB_ASSERT(save.star, 0x600);
VMCB_ASSERT(save.kernel_gs_base, 0x620);
VMCB_ASSERT(save.cr2, 0x640);
VMCB_ASSERT(save.g_pat, 0x668);
VMCB_ASSERT(save.dbgctl, 0x670);
_Static_assert(sizeof(struct vmcb) == 4096, "a VMCB is one page");

/* #VMEXIT codes (APM vol. 2, Appendix C). */
#define SVM_EXIT_READ_CR0	0x000
#define SVM_EXIT_READ_CR8	0x008
#define SVM_EXIT_WRITE_CR0	0x010
#define SVM_EXIT_WRITE_CR3	0x013
#define SVM_EXIT_WRITE_CR4	0x014
#define SVM_EXIT_WRITE_CR8	0x018
#define SVM_EXIT_EXCP_BASE	0x040
#define SVM_EXIT_INTR		0x060
#define SVM_EXIT_NMI		0x061
#define SVM_EXIT_SMI		0x062
#define SVM_EXIT_INIT		0x063
#define SVM_EXIT_VINTR		0x064
#define SVM_EXIT_CR0_SEL_WRITE	0x065
#define SVM_EXIT_RDTSC		0x06e
#define SVM_EXIT_RDPMC		0x06f
#define SVM_EXIT_CPUID		0x072
#define SVM_EXIT_RSM		0x073
#define SVM_EXIT_IRET		0x074
#define SVM_EXIT_SWINT		0x075
#define SVM_EXIT_INVD		0x076
#define SVM_EXIT_PAUSE		0x077
#define SVM_EXIT_HLT		0x078
#define SVM_EXIT_INVLPG		0x079
#define SVM_EXIT_INVLPGA	0x07a
#define SVM_EXIT_IOIO		0x07b
#define SVM_EXIT_MSR		0x07c
#define SVM_EXIT_TASK_SWITCH	0x07d
#define SVM_EXIT_FERR_FREEZE	0x07e
#define SVM_EXIT_SHUTDOWN	0x07f
#define SVM_EXIT_VMRUN		0x080
#define SVM_EXIT_VMMCALL	0x081
#define SVM_EXIT_VMLOAD		0x082
#define SVM_EXIT_VMSAVE		0x083
#define SVM_EXIT_STGI		0x084
#define SVM_EXIT_CLGI		0x085
#define SVM_EXIT_SKINIT		0x086
#define SVM_EXIT_RDTSCP		0x087
#define SVM_EXIT_ICEBP		0x088
#define SVM_EXIT_WBINVD		0x089
#define SVM_EXIT_MONITOR	0x08a
#define SVM_EXIT_MWAIT		0x08b
#define SVM_EXIT_MWAIT_COND	0x08c
#define SVM_EXIT_XSETBV		0x08d
#define SVM_EXIT_RDPRU		0x08e
#define SVM_EXIT_EFER_WRITE_TRAP 0x08f
#define SVM_EXIT_CR0_WRITE_TRAP	0x090
#define SVM_EXIT_INVLPGB	0x0a0
#define SVM_EXIT_INVLPGB_ILLEGAL 0x0a1
#define SVM_EXIT_INVPCID	0x0a2
#define SVM_EXIT_MCOMMIT	0x0a3
#define SVM_EXIT_TLBSYNC	0x0a4
#define SVM_EXIT_NPF		0x400
#define SVM_EXIT_AVIC_INCOMPLETE_IPI 0x401
#define SVM_EXIT_AVIC_NOACCEL	0x402
#define SVM_EXIT_VMGEXIT	0x403
#define SVM_EXIT_INVALID	0xffffffffu	/* -1, low 32 bits */

/*
 * The reason number the core's statistics and traces see (hv/stats.h
 * keeps 256): the exit code for codes below 0x100; #NPF and
 * VMEXIT_INVALID folded into slots no exit code uses.
 */
#define SVM_REASON_NPF		0xf0
#define SVM_REASON_INVALID	0xff

static inline uint32_t svm_reason(uint64_t exitcode)
{
	if ((uint32_t)exitcode == SVM_EXIT_INVALID)
		return SVM_REASON_INVALID;
	if (exitcode == SVM_EXIT_NPF)
		return SVM_REASON_NPF;
	return exitcode < 0x100 ? (uint32_t)exitcode : 0xfe;
}

#endif
