/* SPDX-License-Identifier: MIT */
/*
 * Test seams. The hypervisor calls selftest_point() at a few places; the
 * real build links hv/selftest.c, where it does nothing. System tests link
 * a build of their own with another definition (tests/system/hv/) to make
 * the hypervisor fail on purpose there, and check what it reports. No
 * #ifdef, no switch a user could turn on by mistake.
 */
#ifndef HV_SELFTEST_H
#define HV_SELFTEST_H

enum selftest_point {
	SELFTEST_AFTER_MM_INIT,		/* own page tables, consoles up */
	SELFTEST_BEFORE_VM_ENTRY,	/* @ctx: the struct vcpu */
};

void selftest_point(enum selftest_point where, void *ctx);

#endif
