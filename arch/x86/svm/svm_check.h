/* SPDX-License-Identifier: MIT */
/*
 * VMRUN's consistency checks (AMD APM vol. 2, 15.5.1 "Basic Operation":
 * the list of "illegal guest state" combinations that make VMRUN fail
 * with VMEXIT_INVALID), each one a rule with a name, checked on a VMCB
 * as it was before VMRUN. Pure: the host unit tests break each rule once.
 */
#ifndef ARCH_X86_SVM_SVM_CHECK_H
#define ARCH_X86_SVM_SVM_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/svm/vmcb.h"

/* CR4 bits AMD defines (APM vol. 2, 3.1.3); the rest must be zero. */
#define SVM_CR4_DEFINED	(0x1fffULL | 1ULL << 16 | 1ULL << 17 | \
			 1ULL << 18 | 1ULL << 20 | 1ULL << 21 | \
			 1ULL << 22 | 1ULL << 23)
#define SVM_CR4_MBZ	(~SVM_CR4_DEFINED | 1ULL << 13 | 1ULL << 14)
/* EFER bits (APM vol. 2, 3.1.7): SCE, LME, LMA, NXE, SVME, LMSLE,
 * FFXSR, TCE, MCOMMIT, INTWB, AUTOIBRS; the rest must be zero. */
#define SVM_EFER_MBZ	(~(1ULL << 0 | 1ULL << 8 | 1ULL << 10 | 1ULL << 11 | \
			   1ULL << 12 | 1ULL << 13 | 1ULL << 14 | \
			   1ULL << 15 | 1ULL << 17 | 1ULL << 18 | 1ULL << 21))

enum svm_check_rule {
	SVM_CHECK_EFER_SVME = 0,	/* EFER.SVME is zero */
	SVM_CHECK_CR0_CD_NW,		/* CR0.CD is zero and CR0.NW is set */
	SVM_CHECK_CR0_HIGH,		/* CR0[63:32] not zero */
	SVM_CHECK_CR3_MBZ,		/* an MBZ bit of CR3 set */
	SVM_CHECK_CR4_MBZ,		/* an MBZ bit of CR4 set */
	SVM_CHECK_DR6_HIGH,		/* DR6[63:32] not zero */
	SVM_CHECK_DR7_HIGH,		/* DR7[63:32] not zero */
	SVM_CHECK_EFER_MBZ,		/* an MBZ bit of EFER set */
	SVM_CHECK_LONG_NO_PAE,		/* EFER.LME, CR0.PG set, CR4.PAE 0 */
	SVM_CHECK_LONG_NO_PE,		/* EFER.LME, CR0.PG set, CR0.PE 0 */
	SVM_CHECK_LONG_CS_L_D,		/* LME, PG, PAE, CS.L and CS.D set */
	SVM_CHECK_VMRUN_INTERCEPT,	/* the VMRUN intercept bit clear */
	SVM_CHECK_MSRPM_RANGE,		/* the MSRPM beyond MAXPHYADDR */
	SVM_CHECK_IOPM_RANGE,		/* the IOPM beyond MAXPHYADDR */
	SVM_CHECK_EVENTINJ,		/* an illegal event injection */
	SVM_CHECK_ASID_ZERO,		/* ASID 0 (the host's) */
	SVM_CHECK_NP_UNSUPPORTED,	/* NP_ENABLE without nested paging */
	SVM_CHECK_NCR3_MBZ,		/* N_CR3 beyond MAXPHYADDR */
	SVM_CHECK_NR
};

/* What the checks need to know of the CPU. */
struct svm_check_cpu {
	unsigned int maxphyaddr;	/* CPUID 0x80000008:EAX[7:0] */
	bool npt;			/* CPUID 0x8000000A:EDX.NP */
};

/*
 * Check @vmcb against every rule: returns a mask of the broken ones
 * (bit n: rule n) and, if @report is set, calls it once per broken rule
 * with the rule's text and the values it looked at.
 */
uint32_t svm_check_vmcb(const struct vmcb *vmcb, const struct svm_check_cpu *cpu,
			void (*report)(void *ctx, enum svm_check_rule rule,
				       const char *text, const char *values),
			void *ctx);

/* The rule's text, as the APM words it. */
const char *svm_check_rule_text(enum svm_check_rule rule);

#endif
