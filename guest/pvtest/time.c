// SPDX-License-Identifier: MIT
/*
 * Time and waiting: HC_TIME_NS never goes back and does go on; a one-shot
 * HC_TIMER_SET deadline ends HC_BLOCK with HV_EVENT_TIMER no earlier than
 * the deadline, and only once; a deadline already past ends it at once;
 * 0 cancels; HC_BLOCK with nothing that could end it is -HV_EDEADLK
 * rather than a guest asleep for ever; HC_YIELD returns 0.
 */
#include "guest/pvtest/pvtest.h"

#define WAIT_NS		2000000		/* 2 ms: short, even in Bochs */
#define FAR_NS		1000000000	/* 1 s: long enough to notice */
#define TRIES		1000		/* HC_TIME_NS calls for it to move on */

static int64_t time_ns(void)
{
	return hypercall0(HC_TIME_NS);
}

static void check_time(void)
{
	int64_t t0 = time_ns(), t1 = time_ns(), t = t1;

	if (t0 < 0 || t1 < t0)
		check_fail("time-monotonic", "%ld ns, then %ld ns", t0, t1);
	else
		check_ok("time-monotonic");
	for (int i = 0; i < TRIES && t == t1; i++)
		t = time_ns();
	if (t <= t1)
		check_fail("time-advances", "still %ld ns after %d calls", t, TRIES);
	else
		check_ok("time-advances");
}

static void check_timer(void)
{
	int64_t deadline = time_ns() + WAIT_NS, ev, woke;
	char e[RET_NAME_LEN];

	if (check_ret("timer-set", hypercall1(HC_TIMER_SET, (uint64_t)deadline), 0))
		return;
	ev = hypercall0(HC_BLOCK);
	woke = time_ns();
	if (ev != HV_EVENT_TIMER)
		check_fail("block-timer", "returned %s, expected HV_EVENT_TIMER (%u)",
			   ret_name(ev, e), HV_EVENT_TIMER);
	else if (woke < deadline)
		check_fail("block-timer", "woke at %ld ns, %ld ns before the deadline",
			   woke, deadline - woke);
	else
		check_ok("block-timer");
	check_ret("timer-one-shot", hypercall0(HC_BLOCK), -HV_EDEADLK);
}

static void check_timer_past(void)
{
	/* 1, not 0: 0 cancels. */
	if (check_ret("timer-past-set", hypercall1(HC_TIMER_SET, 1), 0))
		return;
	check_ret("timer-past", hypercall0(HC_BLOCK), HV_EVENT_TIMER);
}

static void check_timer_cancel(void)
{
	int64_t set = hypercall1(HC_TIMER_SET, (uint64_t)(time_ns() + FAR_NS));
	int64_t cancel = hypercall1(HC_TIMER_SET, 0);
	char s[RET_NAME_LEN], c[RET_NAME_LEN];

	if (set != 0 || cancel != 0)
		check_fail("timer-cancel", "HC_TIMER_SET returned %s, then %s for 0",
			   ret_name(set, s), ret_name(cancel, c));
	else
		check_ret("timer-cancel", hypercall0(HC_BLOCK), -HV_EDEADLK);
}

void pvtest_time(void)
{
	check_time();
	check_ret("block-nothing", hypercall0(HC_BLOCK), -HV_EDEADLK);
	check_timer();
	check_timer_past();
	check_timer_cancel();
	check_ret("yield", hypercall0(HC_YIELD), 0);
}
