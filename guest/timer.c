// SPDX-License-Identifier: MIT
/*
 * timer: start the timer at 100 Hz and sleep 50 ticks, one
 * platform_idle() at a time, then print the count: half a second of
 * guest doing nothing. On the bare PC each tick is a PIT interrupt that
 * wakes HLT (under the hypervisor: an HLT exit, then an injected
 * interrupt and the EOI's port write); pv sets a one-shot deadline and
 * blocks in the hypervisor instead.
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define TIMER_HZ	100
#define SLEEP_TICKS	50

void kmain(uint32_t magic, uint32_t info);

static int timer_body(void)
{
	if (platform_timer_start(TIMER_HZ)) {
		printf("timer: cannot run the timer at %d Hz\n", TIMER_HZ);
		return 1;
	}
	printf("timer: started at %d Hz, sleeping %d ticks with platform_idle()\n",
	       TIMER_HZ, SLEEP_TICKS);
	while (platform_ticks() < SLEEP_TICKS)
		platform_idle();
	/* Both backends count one tick per wake-up: this is exactly 50. */
	printf("timer: %lu ticks\n", platform_ticks());
	return 0;
}

void kmain(uint32_t magic, uint32_t info)
{
	uint64_t t0, t1;
	int status;

	trap_init();
	platform_init(magic, info);
	printf("timer: platform=%s\n", platform_name());

	t0 = rdtsc();
	status = timer_body();
	platform_console_flush();
	t1 = rdtsc();

	printf("timer: done, guest time %lu TSC cycles\n", t1 - t0);
	platform_exit(status);
}
