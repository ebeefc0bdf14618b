// SPDX-License-Identifier: MIT
/*
 * fuzzer: random hypercalls, port I/O and MSR accesses, paravirtualized
 * (platform=pv), and a check of every answer:
 *
 *   - count= hypercalls (default 100000): numbers 0..0x210 (about half of
 *     them the real calls, 0..HC_COUNT + 1), now and then any 64-bit
 *     number; arguments random, pointers valid, past RAM, unmapped,
 *     non-canonical or wrapping (guest/lib/chaos.c). Never HC_SHUTDOWN;
 *     HC_BLOCK only right after a timer set here, less than 20 us ahead
 *     or already past. Every result must be >= 0 or a documented -HV_E*;
 *     any other is a failure.
 *   - count= port and MSR accesses, interleaved with the calls: IN, OUT,
 *     INS, OUTS of every width, never at the exit port 0xf4-0xf7 and never
 *     writing COM1 or PM1a_CNT (0x604: SLP_EN powers the guest off); RDMSR and WRMSR, #GP caught, never setting
 *     IA32_APIC_BASE.EXTD (x2APIC mode cannot be left for xAPIC). An MSR that reads back
 *     other than it was after a refused write (or one undone) is a
 *     failure.
 *
 * Progress every 20000 hypercalls (progress=N), then
 * "fuzzer: done, N hypercalls, N port and MSR accesses, N failed"; the
 * status is the number of failures (127 at most). More options: seed=N
 * repeats a run (default 1); msg=any lets messages reach other guests;
 * pit=0 keeps writes away from the PIT; trace=1 prints every call and
 * access before making it, to find the one that kills a hypervisor.
 */
#include "guest/lib/args.h"
#include "guest/lib/chaos.h"
#include "guest/lib/multiboot.h"
#include "guest/lib/platform.h"
#include "guest/lib/printf.h"
#include "guest/lib/pv.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"
#include "hv/lib/format.h"
#include "hv/lib/string.h"

#define DEFAULT_COUNT	100000
#define DEFAULT_SEED	1
#define PROGRESS	20000	/* hypercalls between progress lines */
#define FAILS_SHOWN	10	/* the rest are only counted */
#define BLOCK_MAX_NS	20000	/* how far ahead HC_BLOCK's timer may be */

void kmain(uint32_t magic, uint32_t info);

static struct chaos c;
static uint64_t calls, accesses, failed;

/* Results by kind: [0] >= 0, then one per -HV_E*, last anything else. */
static const int result_errs[] = {
	HV_EPERM, HV_ENOENT, HV_E2BIG, HV_EAGAIN, HV_EFAULT, HV_EINVAL,
	HV_EDEADLK, HV_ENOSYS,
};
#define RESULT_KINDS	(2 + sizeof(result_errs) / sizeof(result_errs[0]))
static uint64_t results[RESULT_KINDS];

static void fail(const char *line)
{
	if (++failed <= FAILS_SHOWN)
		printf("%s", line);
	if (failed == FAILS_SHOWN)
		printf("fuzzer: later failures are counted, not shown\n");
}

static void count_result(int64_t ret)
{
	size_t i;

	if (ret >= 0) {
		results[0]++;
		return;
	}
	for (i = 0; i < sizeof(result_errs) / sizeof(result_errs[0]); i++)
		if (ret == -result_errs[i])
			break;
	results[1 + i]++;
}

/* trace=1: every call and access on the console before it is made. */
static void trace(const char *what)
{
	printf("fuzzer: trace: %s\n", what);
	platform_console_flush();	/* it must be out if the next one kills us */
}

/*
 * Make @k and check its result. Only the random calls count (@random):
 * the two that arm HC_BLOCK's timer are checked, not counted, so that a
 * run makes exactly count= of them.
 */
static int64_t call(struct chaos_call *k, int random)
{
	char r[CHAOS_NAME_LEN], line[PRINTF_MAX];
	int64_t ret;

	if (c.trace) {
		hv_snprintf(line, sizeof(line), "hypercall 0x%lx(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx)",
			    k->nr, k->a[0], k->a[1], k->a[2], k->a[3], k->a[4], k->a[5]);
		trace(line);
	}
	ret = chaos_issue(k);
	if (random) {
		calls++;
		count_result(ret);
	}
	if (!chaos_result_ok(ret)) {
		hv_snprintf(line, sizeof(line),
			    "fuzzer: FAIL hypercall 0x%lx(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx) returned %s: neither >= 0 nor a documented -HV_E*\n",
			    k->nr, k->a[0], k->a[1], k->a[2], k->a[3], k->a[4],
			    k->a[5], chaos_result_name(ret, r));
		fail(line);
	}
	return ret;
}

/* HC_BLOCK must wake up soon: a timer a few microseconds ahead, or past. */
static void arm_for_block(void)
{
	struct chaos_call k = { .nr = HC_TIME_NS };
	int64_t now = call(&k, 0);
	uint64_t r = chaos_rand(&c);

	k = (struct chaos_call){ .nr = HC_TIMER_SET };
	k.a[0] = r % 4 == 0 || now < 0 ? 1 : (uint64_t)now + (r >> 8) % BLOCK_MAX_NS;
	call(&k, 0);
}

static void one_call(void)
{
	struct chaos_call k;

	chaos_pick_call(&c, &k);
	if (k.nr == HC_BLOCK)
		arm_for_block();
	call(&k, 1);
}

static void one_access(void)
{
	char why[160], line[PRINTF_MAX];

	accesses += chaos_access(&c, why, sizeof(why));
	if (why[0]) {
		hv_snprintf(line, sizeof(line), "fuzzer: FAIL %s\n", why);
		fail(line);
	}
}

static void print_results(void)
{
	static const char *const names[RESULT_KINDS] = {
		">= 0", "-HV_EPERM", "-HV_ENOENT", "-HV_E2BIG", "-HV_EAGAIN",
		"-HV_EFAULT", "-HV_EINVAL", "-HV_EDEADLK", "-HV_ENOSYS",
		"undocumented",
	};
	char line[PRINTF_MAX];
	size_t len = 0;

	for (size_t i = 0; i < RESULT_KINDS; i++)
		if (results[i])
			len += (size_t)hv_snprintf(line + len, sizeof(line) - len,
						   "%s %lu %s", len ? "," : "",
						   results[i], names[i]);
	printf("fuzzer: results:%s\n", line);
	printf("fuzzer: accesses: %lu in, %lu out, %lu string, %lu rdmsr, %lu wrmsr, %lu #GP\n",
	       c.port_in, c.port_out, c.port_string, c.msr_read, c.msr_write,
	       c.msr_gp);
}

void kmain(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mi;
	static struct hv_self_abi self;
	uint64_t count = DEFAULT_COUNT, seed = DEFAULT_SEED, tracing = 0, t0, t1;
	unsigned int flags = CHAOS_SLEEP | CHAOS_NO_COM1_WRITES;
	char buf[8];
	int64_t ret;

	trap_init();
	platform_init(magic, info);
	mi = mb_info(magic, info);
	printf("fuzzer: platform=%s\n", platform_name());
	if (strcmp(platform_name(), "pv")) {
		printf("fuzzer: it fuzzes hypercalls; boot it with platform=pv under EduHV\n");
		platform_exit(EXIT_NO_HYPERVISOR);
	}
	if (mb_cmdline_u64(mi, "count", &count) == -2 ||
	    mb_cmdline_u64(mi, "seed", &seed) == -2 ||
	    mb_cmdline_u64(mi, "trace", &tracing) == -2) {
		printf("fuzzer: count=, seed= and trace= take a number (decimal or 0x...)\n");
		platform_exit(2);
	}
	if (mb_cmdline_value(mi, "msg", buf, sizeof(buf)) >= 0 && !strcmp(buf, "any"))
		flags |= CHAOS_MSG_ANY;
	ret = hypercall1(HC_SELF, (uint64_t)(uintptr_t)&self);
	if (ret) {
		printf("fuzzer: HC_SELF returned %ld: cannot learn our RAM\n", (long)ret);
		platform_exit(3);
	}

	chaos_init(&c, seed, self.ram_bytes, flags);
	chaos_calls_init(&c, self.id, self.guest_count);
	if (tracing)
		c.trace = trace;
	printf("fuzzer: guest %u of %u, %lu KiB of RAM, seed %lu, %lu hypercalls and %lu port and MSR accesses\n",
	       self.id, self.guest_count, self.ram_bytes >> 10, seed, count, count);
	if (!c.any_nr)
		printf("fuzzer: stub 0 is not \"mov eax, 0; ...\": numbers from 0x%x on left out\n",
		       PV_STUBS);
	platform_console_flush();

	t0 = rdtsc_ordered();
	while (calls < count || accesses < count) {
		uint64_t before = calls;

		if (calls < count)
			one_call();
		if (accesses < count)
			one_access();
		if (calls / PROGRESS != before / PROGRESS) {
			printf("fuzzer: %lu hypercalls, %lu port and MSR accesses, %lu failed\n",
			       calls, accesses, failed);
			platform_console_flush();
		}
	}
	t1 = rdtsc_ordered();

	print_results();
	printf("fuzzer: guest time %lu TSC cycles\n", t1 - t0);
	printf("fuzzer: done, %lu hypercalls, %lu port and MSR accesses, %lu failed\n",
	       calls, accesses, failed);
	platform_exit(failed > 127 ? 127 : (int)failed);
}
