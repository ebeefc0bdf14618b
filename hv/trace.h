/* SPDX-License-Identifier: MIT */
/*
 * The exit trace: a ring of each VM's most recent exits, always on, for
 * the student who wants to see what a guest just did (and for the
 * hypervisor developer after a guest was stopped). Each record is the
 * hardware's exit reason, the raw exit qualification, the guest RIP and
 * the TSC at the exit. Recording costs a few stores on the slow path;
 * the hypercall fast path does not record unless the configuration asked
 * for the trace (trace=on), which turns the fast path off for that guest
 * so that the ring sees every exit.
 *
 * The dump is line-oriented and parseable (tools/trace reads it):
 *
 *   trace: guest=NAME why=WHY hz=HZ start=TSC0 recorded=N first=S shown=M fastpath=F
 *   trace: guest=NAME seq=S tsc=T reason=NAME nr=R qual=0xQ rip=0xRIP kind=KIND
 *   trace: guest=NAME end
 *
 * seq numbers the guest's exits from 0. A dump shows the records no
 * earlier dump showed that the ring still holds: seq first to N - 1,
 * shown of them (so a guest that asks again and again gets each record
 * once, and cannot make the hypervisor print more than it exits).
 * recorded is N; fastpath counts the fast-path hypercalls not recorded;
 * hz and start (the TSC at the guest's first turn) turn TSCs into time.
 * reason and nr are the backend's (qual its exit qualification, or SVM's
 * EXITINFO1), kind the common name (hv_exit_class()).
 */
#ifndef HV_TRACE_H
#define HV_TRACE_H

#include <stddef.h>
#include <stdint.h>

#define TRACE_ENTRIES	128	/* a power of two */
#define TRACE_LINE_MAX	256

struct trace_entry {
	uint64_t tsc;
	uint64_t qualification;
	uint64_t rip;
	uint32_t reason;
	uint8_t kind;		/* enum hv_exit_kind */
};

struct exit_trace {
	struct trace_entry ring[TRACE_ENTRIES];
	uint64_t recorded;	/* ring[recorded % TRACE_ENTRIES] is next */
	uint64_t dumped;	/* records before this seq were shown */
};

static inline void trace_record(struct exit_trace *t, uint32_t reason,
				unsigned int kind, uint64_t qualification,
				uint64_t rip, uint64_t tsc)
{
	struct trace_entry *e = &t->ring[t->recorded++ & (TRACE_ENTRIES - 1)];

	e->tsc = tsc;
	e->qualification = qualification;
	e->rip = rip;
	e->reason = reason;
	e->kind = (uint8_t)kind;
}

/* What a dump needs to know besides the ring. */
struct trace_dump_info {
	const char *guest;
	const char *why;		/* "end", "hypercall", "debugger" ... */
	uint64_t hz, start_tsc;
	uint64_t fastpath;		/* exits handled without a record */
	const char *(*reason_name)(uint32_t reason);
};

/*
 * Hand each line of the dump, oldest record first, to @emit (without a
 * newline), and mark the records shown. Returns how many there were.
 */
size_t trace_dump(struct exit_trace *t, const struct trace_dump_info *d,
		  void (*emit)(void *ctx, const char *line), void *ctx);

#endif
