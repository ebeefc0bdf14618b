// SPDX-License-Identifier: MIT
/*
 * HC_TRACE_DUMP: the hypervisor prints this guest's exit trace to its
 * console and returns how many records it printed: those no earlier dump
 * showed. The first dump has at least our hypercalls so far in it; a dump
 * right after a dump has the second call's own VMCALL exit, plus any
 * timer or interrupt exits in between, and never more than the ring
 * holds. After HV_TRACE_DUMPS_MAX dumps the call returns -HV_EPERM. The system test reads the printed lines (tests/system/cases.py,
 * "pv-trace").
 */
#include "guest/pvtest/pvtest.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"

#define TRACE_RING	1024	/* hv/trace.h TRACE_ENTRIES_DEFAULT */

void pvtest_trace(void)
{
	int64_t first, again;

	/* Our console is buffered: let it out first, for the order. */
	printf("pvtest: trace: dump 1 follows\n");
	platform_console_flush();
	first = hypercall0(HC_TRACE_DUMP);
	printf("pvtest: trace: dump 2 follows\n");
	platform_console_flush();
	again = hypercall0(HC_TRACE_DUMP);
	printf("pvtest: trace: dumps returned %ld and %ld\n", (long)first,
	       (long)again);
	if (first < 1 || first > TRACE_RING)
		check_fail("trace-dump", "returned %ld records, expected 1 to %d",
			   (long)first, TRACE_RING);
	else
		check_ok("trace-dump");
	if (again < 1 || again > 4)
		check_fail("trace-dump-again", "a dump right after a dump showed %ld records, expected its own exit (1, or a few more with a timer)",
			   (long)again);
	else
		check_ok("trace-dump-again");

	/* The budget: HV_TRACE_DUMPS_MAX dumps in all, then -HV_EPERM. */
	for (unsigned int i = 2; i < HV_TRACE_DUMPS_MAX; i++)
		hypercall0(HC_TRACE_DUMP);
	check_ret("trace-dump-budget", hypercall0(HC_TRACE_DUMP), -HV_EPERM);
}
