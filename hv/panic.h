/* SPDX-License-Identifier: MIT */
#ifndef HV_PANIC_H
#define HV_PANIC_H

/*
 * The hypervisor itself is broken: print "PANIC: <reason>" with a
 * backtrace and power off with HV_STATUS_PANIC. Never for guest faults.
 */
void panic(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

#define BUG_ON(cond)							\
	do {								\
		if (cond)						\
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__,	\
			      __LINE__);				\
	} while (0)

#endif
