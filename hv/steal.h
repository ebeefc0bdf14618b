/* SPDX-License-Identifier: MIT */
/*
 * Steal time as the scheduler (hv/sched.c) counts it: the part of another
 * guest's slice during which this one could have run. KVM takes the same
 * figure from the host scheduler (the vCPU thread's run_delay); here it
 * is a VM that is running and not asleep, or whose wake-up came due
 * during the slice (from then on it waited for the CPU). Pure, for the
 * unit tests (tests/unit/hv/test_pvclock.c).
 */
#ifndef HV_STEAL_H
#define HV_STEAL_H

#include <stdbool.h>
#include <stdint.h>

/*
 * TSC ticks of [@from, @to) a VM waited for the CPU: all of it if it was
 * runnable (@asleep false), from @wake_tsc on if it slept until then (0:
 * nothing due wakes it), none if it was not running at all (@alive).
 */
static inline uint64_t steal_ticks(bool alive, bool asleep, uint64_t wake_tsc,
				   uint64_t from, uint64_t to)
{
	if (!alive || to <= from)
		return 0;
	if (!asleep)
		return to - from;
	if (!wake_tsc || wake_tsc >= to)
		return 0;
	return wake_tsc > from ? to - wake_tsc : to - from;
}

#endif
