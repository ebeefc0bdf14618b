// SPDX-License-Identifier: MIT
/*
 * HC_EXIT_STATS: this guest's own exit counts, by hardware exit reason.
 * Every hypercall is a VMCALL exit (VMMCALL on AMD), so between two
 * snapshots with ten HC_NULLs in between its count grows by ten at least;
 * and no reason counts more than the total.
 */
#include "guest/lib/x86.h"
#include "guest/pvtest/pvtest.h"

#define VMX_EXIT_VMCALL	18	/* SDM Vol. 3D, Appendix C */
#define SVM_EXIT_VMMCALL 0x81	/* AMD APM vol. 2, Appendix C */
#define NULLS		10

/* 4 KiB each: not on the 16 KiB stack. */
static struct hv_exit_stats_abi first, second;

/* The hypercall's exit reason: the hardware's, so the vendor's (CPUID 0). */
static int hypercall_reason(void)
{
	struct cpuid_regs r = cpuid(0, 0);

	return r.ebx == 0x68747541 ? SVM_EXIT_VMMCALL : VMX_EXIT_VMCALL; /* "Auth" */
}

static int consistent(const struct hv_exit_stats_abi *s)
{
	uint64_t sum = 0;

	for (int i = 0; i < HV_EXIT_STATS_REASONS; i++)
		sum += s->count[i];
	return sum <= s->total && s->cycles[hypercall_reason()] <= s->total_cycles;
}

void pvtest_exit_stats(void)
{
	uint64_t grew;
	int hc = hypercall_reason();

	if (check_ret("exit-stats", hypercall1(HC_EXIT_STATS, (uintptr_t)&first), 0))
		return;
	for (int i = 0; i < NULLS; i++)
		hypercall0(HC_NULL);
	if (check_ret("exit-stats-again", hypercall1(HC_EXIT_STATS, (uintptr_t)&second), 0))
		return;

	grew = second.count[hc] - first.count[hc];
	if (!first.count[hc])
		check_fail("exit-stats-vmcall", "no VMCALL exit counted after dozens of hypercalls");
	else if (grew < NULLS)
		check_fail("exit-stats-vmcall", "VMCALL count %lu, then %lu: grew by %lu, expected %d or more",
			   first.count[hc], second.count[hc],
			   grew, NULLS);
	else
		check_ok("exit-stats-vmcall");
	if (!consistent(&first) || !consistent(&second) || second.total <= first.total)
		check_fail("exit-stats-total", "totals %lu then %lu exits, %lu then %lu cycles",
			   first.total, second.total, first.total_cycles,
			   second.total_cycles);
	else
		check_ok("exit-stats-total");

	check_bad_out_pointer("exit-stats", HC_EXIT_STATS, sizeof(struct hv_exit_stats_abi));
}
