// SPDX-License-Identifier: MIT
/*
 * nullop: what one trip through the hypervisor costs, in the manner of
 * kvm-unit-tests' vmexit test. Three loops of N iterations, each timed
 * with the TSC, the best of RUNS runs kept:
 *
 *   empty      nothing but the loop itself
 *   cpuid      CPUID leaf 0: the cheapest instruction that always exits
 *              under VT-x (natively it is merely slow)
 *   hypercall  HC_NULL through the hypercall page (pv only)
 *
 * All three loops are the same two instructions, "dec; jnz", around their
 * body, so "hypercall" minus "empty" is the round trip: CALL, the stub,
 * VMCALL, the exit, the handler, the entry, RET. The best run is the one
 * least disturbed (by a timer, by the emulator's own work).
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/pv.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"
#include "hv/lib/string.h"

#define N	1000
#define RUNS	5

void kmain(uint32_t magic, uint32_t info);

static uint64_t loop_empty(void)
{
	uint64_t n = N, t0 = rdtsc_ordered();

	__asm__ volatile("1:\n\tdec %0\n\tjnz 1b" : "+r"(n) : : "cc");
	return rdtsc_ordered() - t0;
}

static uint64_t loop_cpuid(void)
{
	uint64_t n = N, t0 = rdtsc_ordered();

	__asm__ volatile("1:\n\txor %%eax, %%eax\n\txor %%ecx, %%ecx\n\tcpuid\n"
			 "\tdec %0\n\tjnz 1b"
			 : "+r"(n) : : "rax", "rbx", "rcx", "rdx", "cc");
	return rdtsc_ordered() - t0;
}

/* HC_NULL takes no argument: the call is all there is (pv.h, hypercall6). */
static uint64_t loop_hypercall(void)
{
	const uint8_t *stub = pv_hypercall_page + HC_NULL * HV_HYPERCALL_STUB_SIZE;
	uint64_t n = N, t0 = rdtsc_ordered();

	__asm__ volatile("1:\n\tcall *%1\n\tdec %0\n\tjnz 1b"
			 : "+r"(n) : "r"(stub) : "rax", "rcx", "r11", "memory", "cc");
	return rdtsc_ordered() - t0;
}

static uint64_t best_of(uint64_t (*loop)(void))
{
	uint64_t best = ~0ull, t;

	for (int i = 0; i < RUNS; i++) {
		t = loop();
		if (t < best)
			best = t;
	}
	return best;
}

/* Cycles per iteration with one decimal, rounded. */
static void report(const char *what, uint64_t cycles)
{
	uint64_t tenths = (cycles * 10 + N / 2) / N;

	printf("nullop: %s: %lu.%lu cycles/iteration\n", what, tenths / 10, tenths % 10);
}

static void nullop_body(void)
{
	printf("nullop: %d iterations a loop, best of %d runs\n", N, RUNS);
	report("empty", best_of(loop_empty));
	report("cpuid", best_of(loop_cpuid));
	if (!strcmp(platform_name(), "pv"))
		report("hypercall", best_of(loop_hypercall));
	else
		printf("nullop: hypercall: not available on %s\n", platform_name());
}

void kmain(uint32_t magic, uint32_t info)
{
	uint64_t t0, t1;

	trap_init();
	platform_init(magic, info);
	printf("nullop: platform=%s\n", platform_name());

	t0 = rdtsc();
	nullop_body();
	platform_console_flush();
	t1 = rdtsc();

	printf("nullop: done, guest time %lu TSC cycles\n", t1 - t0);
	platform_exit(0);
}
