// SPDX-License-Identifier: MIT
/*
 * VMRUN's consistency checks, rule by rule (see svm_check.h). The APM
 * lists them in 15.5.1; event injection's own in 15.20; the permission
 * maps' in 15.10.1/15.11 (their last byte must be below MAXPHYADDR).
 */
#include "arch/x86/svm/svm_check.h"
#include "arch/x86/svm/svm_pm.h"
#include "hv/lib/format.h"

#define CR0_PE		(1ULL << 0)
#define CR0_NW		(1ULL << 29)
#define CR0_CD		(1ULL << 30)
#define CR0_PG		(1ULL << 31)
#define CR4_PAE		(1ULL << 5)
#define EFER_LME	(1ULL << 8)

static const char *const rule_text[SVM_CHECK_NR] = {
	[SVM_CHECK_EFER_SVME] = "EFER.SVME is zero",
	[SVM_CHECK_CR0_CD_NW] = "CR0.CD is zero and CR0.NW is set",
	[SVM_CHECK_CR0_HIGH] = "CR0[63:32] are not zero",
	[SVM_CHECK_CR3_MBZ] = "any MBZ bit of CR3 is set",
	[SVM_CHECK_CR4_MBZ] = "any MBZ bit of CR4 is set",
	[SVM_CHECK_DR6_HIGH] = "DR6[63:32] are not zero",
	[SVM_CHECK_DR7_HIGH] = "DR7[63:32] are not zero",
	[SVM_CHECK_EFER_MBZ] = "any MBZ bit of EFER is set",
	[SVM_CHECK_LONG_NO_PAE] = "EFER.LME and CR0.PG are both set and CR4.PAE is zero",
	[SVM_CHECK_LONG_NO_PE] = "EFER.LME and CR0.PG are both non-zero and CR0.PE is zero",
	[SVM_CHECK_LONG_CS_L_D] = "EFER.LME, CR0.PG, CR4.PAE, CS.L, and CS.D are all non-zero",
	[SVM_CHECK_VMRUN_INTERCEPT] = "the VMRUN intercept bit is clear",
	[SVM_CHECK_MSRPM_RANGE] = "the MSR permission map extends to a physical address >= the maximum supported",
	[SVM_CHECK_IOPM_RANGE] = "the I/O permission map extends to a physical address >= the maximum supported",
	[SVM_CHECK_EVENTINJ] = "illegal event injection (APM 15.20)",
	[SVM_CHECK_ASID_ZERO] = "ASID is equal to zero",
	[SVM_CHECK_NP_UNSUPPORTED] = "NP_ENABLE is set but nested paging is not supported",
	[SVM_CHECK_NCR3_MBZ] = "N_CR3 has bits set beyond the maximum physical address",
};

const char *svm_check_rule_text(enum svm_check_rule rule)
{
	return rule < SVM_CHECK_NR ? rule_text[rule] : "?";
}

/*
 * EVENTINJ (15.20): types 1 and 5-7 are reserved; an exception's vector
 * must be one (0-31) and not 2 (NMI has a type of its own); bits 30:12
 * are reserved.
 */
static bool eventinj_illegal(uint64_t ev)
{
	uint32_t type = (ev & SVM_EVTINJ_TYPE_MASK) >> SVM_EVTINJ_TYPE_SHIFT;
	uint32_t vector = ev & SVM_EVTINJ_VEC_MASK;

	if (!(ev & SVM_EVTINJ_VALID))
		return false;
	if (ev & 0x7ffff000ULL)
		return true;
	if (type == 1 || type > 4)
		return true;
	return type == 3 && (vector > 31 || vector == 2);
}

static bool beyond(uint64_t pa, uint64_t size, unsigned int maxphyaddr)
{
	return maxphyaddr < 64 && ((pa + size - 1) >> maxphyaddr);
}

uint32_t svm_check_vmcb(const struct vmcb *vmcb, const struct svm_check_cpu *cpu,
			void (*report)(void *ctx, enum svm_check_rule rule,
				       const char *text, const char *values),
			void *ctx)
{
	const struct vmcb_save *g = &vmcb->save;
	const struct vmcb_control *c = &vmcb->control;
	bool lme_pg = (g->efer & EFER_LME) && (g->cr0 & CR0_PG);
	uint64_t cr3_mbz = lme_pg ? ~0ULL << cpu->maxphyaddr : ~0xffffffffULL;
	uint32_t broken = 0;
	char values[160];

#define RULE(r, cond, ...)						\
	do {								\
		if (cond) {						\
			broken |= 1u << (r);				\
			if (report) {					\
				hv_snprintf(values, sizeof(values), __VA_ARGS__); \
				report(ctx, r, rule_text[r], values);	\
			}						\
		}							\
	} while (0)

	RULE(SVM_CHECK_EFER_SVME, !(g->efer & EFER_SVME),
	     "EFER = 0x%llx", (unsigned long long)g->efer);
	RULE(SVM_CHECK_CR0_CD_NW, !(g->cr0 & CR0_CD) && (g->cr0 & CR0_NW),
	     "CR0 = 0x%llx", (unsigned long long)g->cr0);
	RULE(SVM_CHECK_CR0_HIGH, g->cr0 >> 32,
	     "CR0 = 0x%llx", (unsigned long long)g->cr0);
	RULE(SVM_CHECK_CR3_MBZ, g->cr3 & cr3_mbz,
	     "CR3 = 0x%llx, MBZ mask 0x%llx", (unsigned long long)g->cr3,
	     (unsigned long long)cr3_mbz);
	RULE(SVM_CHECK_CR4_MBZ, g->cr4 & SVM_CR4_MBZ,
	     "CR4 = 0x%llx, MBZ mask 0x%llx", (unsigned long long)g->cr4,
	     (unsigned long long)SVM_CR4_MBZ);
	RULE(SVM_CHECK_DR6_HIGH, g->dr6 >> 32,
	     "DR6 = 0x%llx", (unsigned long long)g->dr6);
	RULE(SVM_CHECK_DR7_HIGH, g->dr7 >> 32,
	     "DR7 = 0x%llx", (unsigned long long)g->dr7);
	RULE(SVM_CHECK_EFER_MBZ, g->efer & SVM_EFER_MBZ,
	     "EFER = 0x%llx, MBZ mask 0x%llx", (unsigned long long)g->efer,
	     (unsigned long long)SVM_EFER_MBZ);
	RULE(SVM_CHECK_LONG_NO_PAE, lme_pg && !(g->cr4 & CR4_PAE),
	     "EFER = 0x%llx, CR0 = 0x%llx, CR4 = 0x%llx",
	     (unsigned long long)g->efer, (unsigned long long)g->cr0,
	     (unsigned long long)g->cr4);
	RULE(SVM_CHECK_LONG_NO_PE, lme_pg && !(g->cr0 & CR0_PE),
	     "EFER = 0x%llx, CR0 = 0x%llx", (unsigned long long)g->efer,
	     (unsigned long long)g->cr0);
	RULE(SVM_CHECK_LONG_CS_L_D, lme_pg && (g->cr4 & CR4_PAE) &&
	     (g->cs.attrib & SVM_SEG_L) && (g->cs.attrib & SVM_SEG_DB),
	     "CS attributes = 0x%x", g->cs.attrib);
	RULE(SVM_CHECK_VMRUN_INTERCEPT, !(c->intercept_misc2 & INTERCEPT_VMRUN),
	     "intercepts (vector 4) = 0x%x", c->intercept_misc2);
	RULE(SVM_CHECK_MSRPM_RANGE,
	     beyond(c->msrpm_base_pa, SVM_MSRPM_SIZE, cpu->maxphyaddr),
	     "MSRPM_BASE_PA = 0x%llx, MAXPHYADDR %u",
	     (unsigned long long)c->msrpm_base_pa, cpu->maxphyaddr);
	RULE(SVM_CHECK_IOPM_RANGE,
	     beyond(c->iopm_base_pa, SVM_IOPM_SIZE, cpu->maxphyaddr),
	     "IOPM_BASE_PA = 0x%llx, MAXPHYADDR %u",
	     (unsigned long long)c->iopm_base_pa, cpu->maxphyaddr);
	RULE(SVM_CHECK_EVENTINJ, eventinj_illegal(c->eventinj),
	     "EVENTINJ = 0x%llx", (unsigned long long)c->eventinj);
	RULE(SVM_CHECK_ASID_ZERO, c->asid == 0, "ASID = %u", c->asid);
	RULE(SVM_CHECK_NP_UNSUPPORTED, (c->np_enable & SVM_NP_ENABLE) && !cpu->npt,
	     "NP_ENABLE = 0x%llx", (unsigned long long)c->np_enable);
	RULE(SVM_CHECK_NCR3_MBZ, (c->np_enable & SVM_NP_ENABLE) &&
	     beyond(c->n_cr3, 1, cpu->maxphyaddr),
	     "N_CR3 = 0x%llx, MAXPHYADDR %u", (unsigned long long)c->n_cr3,
	     cpu->maxphyaddr);
#undef RULE
	return broken;
}
