// SPDX-License-Identifier: MIT
/*
 * idle: 1000 times a little work (a hundred rounds of xorshift64), then
 * platform_yield(). On the bare PC a yield is PAUSE and costs nothing;
 * pv makes it HC_YIELD, an exit each, which is the point: the transcript
 * is the same, the exit statistics are not.
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

#define YIELDS		1000
#define WORK_ROUNDS	100
#define SEED		0x9e3779b97f4a7c15ull	/* any nonzero start */

void kmain(uint32_t magic, uint32_t info);

/* Marsaglia's xorshift64 (13, 7, 17): never 0 from a nonzero state. */
static uint64_t xorshift64(uint64_t x)
{
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

static void idle_body(void)
{
	uint64_t x = SEED;
	unsigned int yields = 0;

	for (int i = 0; i < YIELDS; i++) {
		for (int j = 0; j < WORK_ROUNDS; j++)
			x = xorshift64(x);
		platform_yield();
		yields++;
	}
	printf("idle: %u yields, %u rounds of work, state 0x%016lx\n",
	       yields, YIELDS * WORK_ROUNDS, x);
}

void kmain(uint32_t magic, uint32_t info)
{
	uint64_t t0, t1;

	trap_init();
	platform_init(magic, info);
	printf("idle: platform=%s\n", platform_name());

	t0 = rdtsc();
	idle_body();
	platform_console_flush();
	t1 = rdtsc();

	printf("idle: done, guest time %lu TSC cycles\n", t1 - t0);
	platform_exit(0);
}
