/* SPDX-License-Identifier: MIT */
#ifndef HV_POWER_H
#define HV_POWER_H

/*
 * The hypervisor's exit status, printed in the last line it writes
 * ("hv: power off, status N") and, under QEMU with an isa-debug-exit
 * device at 0xf4, the emulator's exit code ((N << 1) | 1).
 */
enum hv_status {
	HV_STATUS_OK = 0,
	HV_STATUS_PANIC = 1,
	HV_STATUS_NO_VIRT = 2,		/* no usable VT-x: nothing could run */
	HV_STATUS_GUEST_FAILED = 5,	/* a guest was stopped or exited != 0 */
};

/*
 * Tell the platform the hypervisor panicked, before power_off(): under
 * QEMU a pvpanic device stops the machine there so that tools/run can
 * take a core snapshot of it (docs/guide/08-debugging.md); elsewhere
 * nothing happens.
 */
void power_panic_notify(void);

/* Print the last line and turn the machine off. */
void __attribute__((noreturn)) power_off(enum hv_status status);

#endif
