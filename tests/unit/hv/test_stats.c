// SPDX-License-Identifier: MIT
/*
 * hv/stats.c: the exit statistics' marks. A mark keeps the counts as they
 * are (later exits do not change it), with the TSC since the guest first
 * ran and the local APIC model's EOI and TSC-deadline writes; the marks
 * are printed after the exits: lines, reasons that never occurred left
 * out; marks beyond STATS_MARKS are counted, not kept. The fast path's
 * exits (fast_new) count in the totals, their reason's line and the
 * fastpath: line once folded, and every reader folds first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hv/arch.h"
#include "hv/exit.h"
#include "hv/stats.h"
#include "hv/vm.h"

static uint64_t host_tsc;
static char out[16384];
static size_t used;

uint64_t arch_read_timestamp(void)
{
	return host_tsc;
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	used += (size_t)vsnprintf(out + used, sizeof(out) - used, fmt, ap);
	va_end(ap);
	assert_true(used < sizeof(out));
}

static const char *name_of(uint32_t reason)
{
	return reason == 30 ? "IO_INSTRUCTION" : reason == 12 ? "HLT" :
	       reason == 48 ? "EPT_VIOLATION" : "OTHER";
}

static struct vm vm;

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	strcpy(vm.name, "g");
	vm.vcpu.vm = &vm;
	lapic_model_init(&vm.vcpu.lapic, 0, 1000000000ULL);
	vm.start_tsc = 5000;
	host_tsc = 5000;
	out[0] = 0;
	used = 0;
	return 0;
}

static void exits(uint32_t reason, unsigned int kind, unsigned int n,
		  uint64_t cycles)
{
	for (unsigned int i = 0; i < n; i++)
		exit_stats_add(&vm.stats, reason, kind, cycles, 1, 1);
}

static void test_mark_keeps_counts_then(void **state)
{
	(void)state;
	exits(30, HV_EXIT_IO, 10, 400);
	exits(12, HV_EXIT_HLT, 2, 1000);
	vm.stats.injected = 3;
	lapic_model_write(&vm.vcpu.lapic, APIC_EOI, 0, host_tsc);
	host_tsc = 12345;
	exit_stats_mark(&vm, 16);
	exits(30, HV_EXIT_IO, 5, 400);	/* after the mark */
	exits(48, HV_EXIT_NPF, 1, 900);
	vm.stats.injected = 9;
	host_tsc = 20000;
	exit_stats_mark(&vm, 17);
	exit_stats_print(&vm, name_of);

	assert_non_null(strstr(out,
		"mark: guest=g mark=16 seq=0 tsc=7345 total=12 cycles=6000 "
		"injected=3 eoi_writes=1 pv_eois=0 deadline_writes=0\n"
		"mark: guest=g mark=16 seq=0 reason=HLT kind=hlt count=2 "
		"cycles=2000\n"
		"mark: guest=g mark=16 seq=0 reason=IO_INSTRUCTION kind=io "
		"count=10 cycles=4000\n"
		"mark: guest=g mark=17 seq=1 tsc=15000 total=18 cycles=8900 "
		"injected=9 eoi_writes=1 pv_eois=0 deadline_writes=0\n"));
	/* An exit reason the first mark had not seen is not in it. */
	assert_null(strstr(out, "mark=16 seq=0 reason=EPT_VIOLATION"));
	assert_non_null(strstr(out, "mark: guest=g mark=17 seq=1 "
			       "reason=EPT_VIOLATION kind=npf count=1 "
			       "cycles=900\n"));
	/* After the exits: lines. */
	assert_true(strstr(out, "exits: guest=g total=18 ") <
		    strstr(out, "mark: "));
}

static void test_deadline_writes_counted(void **state)
{
	(void)state;
	/* Counted in any timer mode: the guest's WRMSR happened. */
	lapic_write_tsc_deadline(&vm.vcpu.lapic, 99999, host_tsc, host_tsc);
	lapic_write_tsc_deadline(&vm.vcpu.lapic, 0, host_tsc, host_tsc);
	exit_stats_mark(&vm, 1);
	assert_int_equal(vm.marks.mark[0].deadline_writes, 2);
	assert_int_equal(vm.marks.mark[0].eoi_writes, 0);
}

static void test_too_many_marks(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < STATS_MARKS + 3; i++)
		exit_stats_mark(&vm, i);
	assert_int_equal(vm.marks.n, STATS_MARKS);
	assert_int_equal(vm.marks.dropped, 3);
	exit_stats_print(&vm, name_of);
	assert_non_null(strstr(out, "mark: guest=g dropped=3 (more than 8 "
			       "marks)\n"));
	assert_null(strstr(out, "mark=8 "));
}

static void test_fast_exits_folded(void **state)
{
	(void)state;
	exits(18, HV_EXIT_HYPERCALL, 2, 1000);	/* two on the full path */
	for (unsigned int i = 0; i < 5; i++)
		vm_account_fast_exit(&vm, 18, 55, 6, 1);
	assert_int_equal(vm.stats.total, 2);	/* not yet folded */
	exit_stats_mark(&vm, 1);		/* a reader: folds */
	assert_int_equal(vm.marks.mark[0].total, 7);
	assert_int_equal(vm.marks.mark[0].total_cycles, 2000 + 5 * 55);
	exit_stats_fold(&vm.stats);		/* again: nothing to add */
	assert_int_equal(vm.stats.count[18], 7);
	assert_int_equal(vm.stats.reads[18], 2 + 30);
	vm_account_fast_exit(&vm, 18, 55, 6, 1);
	exit_stats_print(&vm, name_of);
	assert_non_null(strstr(out, "exits: guest=g total=8 cycles=2330\n"));
	assert_non_null(strstr(out, "exits: guest=g reason=OTHER kind=hypercall "
			       "count=8 cycles=2330 vmreads=38 vmwrites=8\n"));
	assert_non_null(strstr(out, "fastpath: guest=g reason=OTHER "
			       "kind=hypercall count=6 cycles=330 vmreads=36 "
			       "vmwrites=6\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_mark_keeps_counts_then, setup),
		cmocka_unit_test_setup(test_deadline_writes_counted, setup),
		cmocka_unit_test_setup(test_too_many_marks, setup),
		cmocka_unit_test_setup(test_fast_exits_folded, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
