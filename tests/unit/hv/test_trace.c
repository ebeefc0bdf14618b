// SPDX-License-Identifier: MIT
/* hv/trace.c: the exit trace ring and its dump format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hv/exit.h"
#include "hv/trace.h"

#define LINES_MAX (TRACE_ENTRIES + 4)

static char lines[LINES_MAX][TRACE_LINE_MAX];
static int nlines;
static struct exit_trace t;

static void emit(void *ctx, const char *line)
{
	(void)ctx;
	assert_true(nlines < LINES_MAX);
	if (strlen(line) >= TRACE_LINE_MAX - 1)
		fail_msg("line cut: %s", line);
	strcpy(lines[nlines++], line);
}

static const char *name_of(uint32_t reason)
{
	return reason == 10 ? "CPUID" : reason == 30 ? "IO_INSTRUCTION" :
	       "OTHER";
}

static const struct trace_dump_info info = {
	.guest = "g", .why = "test", .hz = 50000000, .start_tsc = 1000,
	.fastpath = 7, .reason_name = name_of,
};

static int setup(void **state)
{
	(void)state;
	memset(&t, 0, sizeof(t));
	nlines = 0;
	return 0;
}

static void test_empty(void **state)
{
	(void)state;
	assert_int_equal(trace_dump(&t, &info, emit, NULL), 0);
	assert_int_equal(nlines, 2);
	assert_string_equal(lines[0], "trace: guest=g why=test hz=50000000 "
			    "start=1000 recorded=0 first=0 shown=0 fastpath=7");
	assert_string_equal(lines[1], "trace: guest=g end");
}

static void test_records_in_order(void **state)
{
	(void)state;
	trace_record(&t, 10, HV_EXIT_CPUID, 0, 0x1000, 2000);
	trace_record(&t, 30, HV_EXIT_IO, 0x3f80008, 0x1002, 2500);
	assert_int_equal(trace_dump(&t, &info, emit, NULL), 2);
	assert_int_equal(nlines, 4);
	assert_string_equal(lines[1], "trace: guest=g seq=0 tsc=2000 "
			    "reason=CPUID nr=10 qual=0x0 rip=0x1000 kind=cpuid");
	assert_string_equal(lines[2], "trace: guest=g seq=1 tsc=2500 "
			    "reason=IO_INSTRUCTION nr=30 qual=0x3f80008 rip=0x1002 "
			    "kind=io");
}

/* A second dump shows only what the first did not. */
static void test_dump_shows_new_records_only(void **state)
{
	(void)state;
	trace_record(&t, 10, HV_EXIT_CPUID, 0, 0x1000, 2000);
	trace_dump(&t, &info, emit, NULL);
	nlines = 0;
	assert_int_equal(trace_dump(&t, &info, emit, NULL), 0);
	trace_record(&t, 30, HV_EXIT_IO, 1, 0x2000, 3000);
	nlines = 0;
	assert_int_equal(trace_dump(&t, &info, emit, NULL), 1);
	assert_non_null(strstr(lines[0], "recorded=2 first=1 shown=1"));
	assert_non_null(strstr(lines[1], "seq=1 "));
}

/* Past the ring's size, the oldest records are gone; seq says which. */
static void test_wraps_keeping_newest(void **state)
{
	const uint64_t n = 3 * TRACE_ENTRIES + 5;
	char want[64];

	(void)state;
	for (uint64_t i = 0; i < n; i++)
		trace_record(&t, 30, HV_EXIT_IO, i, 0x1000 + i, 10 * i);
	assert_int_equal(trace_dump(&t, &info, emit, NULL), TRACE_ENTRIES);
	assert_int_equal(nlines, TRACE_ENTRIES + 2);
	snprintf(want, sizeof(want), "recorded=%llu first=%llu shown=%d",
		 (unsigned long long)n, (unsigned long long)(n - TRACE_ENTRIES),
		 TRACE_ENTRIES);
	assert_non_null(strstr(lines[0], want));
	snprintf(want, sizeof(want), "seq=%llu tsc=%llu ",
		 (unsigned long long)(n - TRACE_ENTRIES),
		 (unsigned long long)(10 * (n - TRACE_ENTRIES)));
	assert_non_null(strstr(lines[1], want));
	snprintf(want, sizeof(want), "seq=%llu ", (unsigned long long)(n - 1));
	assert_non_null(strstr(lines[TRACE_ENTRIES], want));
}

/* The widest record still fits the line. */
static void test_widest_line_fits(void **state)
{
	static const struct trace_dump_info wide = {
		.guest = "fifteen-chars-x", .why = "hypercall",
		.hz = UINT64_MAX, .start_tsc = UINT64_MAX, .fastpath = UINT64_MAX,
		.reason_name = name_of,
	};

	(void)state;
	t.recorded = UINT64_MAX - 1;
	t.dumped = UINT64_MAX - 1;
	trace_record(&t, 30, HV_EXIT_INTERRUPT_WINDOW, UINT64_MAX, UINT64_MAX,
		     UINT64_MAX);
	assert_int_equal(trace_dump(&t, &wide, emit, NULL), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_records_in_order, setup),
		cmocka_unit_test_setup(test_dump_shows_new_records_only, setup),
		cmocka_unit_test_setup(test_wraps_keeping_newest, setup),
		cmocka_unit_test_setup(test_widest_line_fits, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
