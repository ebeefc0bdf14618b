/* SPDX-License-Identifier: MIT */
/*
 * Random machine accesses, for the guests that attack the hypervisor
 * (hostile, fuzzer): hypercalls with random numbers and arguments, port
 * I/O, RDMSR and WRMSR. Random, but never suicidal: the guest must live
 * on to be stopped from outside (hostile) or to report (fuzzer), so
 *
 *   - no HC_SHUTDOWN, ever; HC_BLOCK and HC_TIMER_SET only if the caller
 *     allows them (CHAOS_SLEEP) and then HC_BLOCK only after a timer the
 *     caller sets itself;
 *   - a pointer the hypervisor may write through never points into the
 *     guest's own image (code, data, stack, page tables) but into a
 *     scratch buffer, free RAM above 2 MiB or nowhere;
 *   - HC_CONSOLE_WRITE never gets a readable buffer with a length it
 *     would print: the console stays readable;
 *   - messages go only to ourselves or to ids nobody has, unless
 *     CHAOS_MSG_ANY: other guests' mailboxes stay theirs;
 *   - no port access touches the exit port 0xf4-0xf7; with
 *     CHAOS_NO_COM1_WRITES no write touches COM1 0x3f8-0x3ff, with
 *     CHAOS_NO_COM1 no access at all;
 *   - a WRMSR that the CPU or hypervisor accepts is undone at once, and
 *     the hypercall page is never moved onto the guest's own memory.
 *
 * The generator is xorshift64*, seeded by the caller: a run can be
 * repeated exactly by giving the same seed.
 */
#ifndef GUEST_LIB_CHAOS_H
#define GUEST_LIB_CHAOS_H

#include <stddef.h>
#include <stdint.h>

#define CHAOS_SLEEP		(1u << 0)	/* HC_BLOCK and HC_TIMER_SET may be picked */
#define CHAOS_MSG_ANY		(1u << 1)	/* messages to any guest id */
#define CHAOS_NO_COM1_WRITES	(1u << 2)	/* no OUT/OUTS to 0x3f8-0x3ff */
#define CHAOS_NO_COM1		(1u << 3)	/* no access to 0x3f8-0x3ff at all */

/* The highest hypercall number picked, except for rare 64-bit ones. */
#define CHAOS_NR_MAX		0x210

struct chaos {
	uint64_t rng;		/* xorshift64* state, never 0 */
	uint64_t ram_bytes;	/* our RAM is guest-physical 0 .. ram_bytes */
	uint32_t self;		/* our guest id (pv), for messages */
	uint32_t guests;	/* how many there are (pv) */
	unsigned int flags;	/* CHAOS_* */
	int any_nr;		/* stub 0 lets us call numbers without a stub */

	/* What chaos_access() did, by instruction. */
	uint64_t port_in, port_out, port_string;
	uint64_t msr_read, msr_write, msr_gp;
	uint32_t sink;		/* what IN read, so that it is used */

	/* If set, told of every port and MSR instruction before it runs. */
	void (*trace)(const char *what);
};

/* A hypercall: its number, its arguments, its result. */
struct chaos_call {
	uint64_t nr;
	uint64_t a[6];
	int64_t ret;
};

/*
 * Set up @c. @ram_bytes from the Multiboot information (or HC_SELF);
 * @self and @guests matter for messages only. Call chaos_calls_init()
 * too before any hypercall.
 */
void chaos_init(struct chaos *c, uint64_t seed, uint64_t ram_bytes,
		unsigned int flags);

/* pv only: look at the hypercall page, learn our id (HC_SELF). */
void chaos_calls_init(struct chaos *c, uint32_t self, uint32_t guests);

uint64_t chaos_rand(struct chaos *c);

/* A random hypercall as the rules above allow; not made yet. */
void chaos_pick_call(struct chaos *c, struct chaos_call *k);

/* Make it (any number, also ones without a stub); the result in k->ret. */
int64_t chaos_issue(struct chaos_call *k);

/* Is @ret what the ABI allows: >= 0, or one of the documented -HV_E*? */
int chaos_result_ok(int64_t ret);

/* "-HV_EFAULT", "0", "0x7fff...": a result, readably, in @buf. */
#define CHAOS_NAME_LEN	24
const char *chaos_result_name(int64_t ret, char buf[CHAOS_NAME_LEN]);

/*
 * One random port access or one random MSR operation (RDMSR; or RDMSR,
 * WRMSR, WRMSR back, RDMSR), #GP caught. Returns the number of IN, OUT,
 * INS, OUTS, RDMSR and WRMSR instructions it executed. If a check failed
 * (an MSR that reads back different after a refused or undone write),
 * @why says what, else @why is "".
 */
unsigned int chaos_access(struct chaos *c, char *why, size_t why_size);

#endif
