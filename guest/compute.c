// SPDX-License-Identifier: MIT
/*
 * compute: work that never leaves the guest. The sieve of Eratosthenes
 * below one million (odd numbers only, a byte each, in .bss), the count
 * and sum of the primes, and an FNV-1a hash of the sieve: about ten
 * million instructions, no I/O, no trap. Under the hypervisor it should
 * cost the same as natively: EPT walks aside, nothing exits.
 */
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"
#include "hv/lib/string.h"

#define LIMIT		1000000u	/* primes below this */
#define ODDS		(LIMIT / 2)	/* composite[i]: is 2i + 1 composite? */
#define FNV64_OFFSET	0xcbf29ce484222325ull
#define FNV64_PRIME	0x100000001b3ull

void kmain(uint32_t magic, uint32_t info);

static uint8_t composite[ODDS];

static void sieve(void)
{
	memset(composite, 0, sizeof(composite));
	composite[0] = 1;			/* 1 is not a prime */
	for (uint32_t i = 1; (2 * i + 1) * (2 * i + 1) < LIMIT; i++) {
		uint32_t p = 2 * i + 1;

		if (composite[i])
			continue;
		for (uint32_t j = p * p / 2; j < ODDS; j += p)
			composite[j] = 1;	/* p * p, p * (p + 2), ... */
	}
}

static uint64_t fnv1a64(const uint8_t *p, size_t n)
{
	uint64_t h = FNV64_OFFSET;

	while (n--) {
		h ^= *p++;
		h *= FNV64_PRIME;
	}
	return h;
}

static void compute_body(void)
{
	uint32_t count = 1;			/* 2 */
	uint64_t sum = 2;

	sieve();
	for (uint32_t i = 1; i < ODDS; i++) {
		if (!composite[i]) {
			count++;
			sum += 2 * i + 1;
		}
	}
	printf("compute: %u primes below %u, their sum %lu\n", count, LIMIT, sum);
	printf("compute: sieve hash 0x%016lx (FNV-1a, %u bytes)\n",
	       fnv1a64(composite, ODDS), ODDS);
}

void kmain(uint32_t magic, uint32_t info)
{
	uint64_t t0, t1;

	trap_init();
	platform_init(magic, info);
	printf("compute: platform=%s\n", platform_name());

	t0 = rdtsc();
	compute_body();
	platform_console_flush();
	t1 = rdtsc();

	printf("compute: done, guest time %lu TSC cycles\n", t1 - t0);
	platform_exit(0);
}
