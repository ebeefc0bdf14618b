/* SPDX-License-Identifier: MIT */
/*
 * Exit statistics, always on: per VM and per hardware exit reason, how
 * many exits and how many TSC cycles the hypervisor spent on them (from
 * the VM exit to the next VM entry). Printed when the guest ends, in the
 * fixed form documented in docs/exit-stats.md:
 *
 *   exits: guest=NAME total=N cycles=C
 *   exits: guest=NAME reason=NAME kind=KIND count=N cycles=C vmreads=R vmwrites=W
 *   fastpath: guest=NAME reason=NAME kind=KIND count=N cycles=C vmreads=R vmwrites=W
 *
 * reason is the backend's name (SDM Appendix C, APM Appendix C), kind
 * the common one (hv_exit_class(): io, msr, npf...).
 *
 * Marks: a guest that writes N to the mark port (PORT_STATS_MARK, hv/io.c)
 * has the counts taken then, during that exit, and printed with the
 * others when it ends (printing at once would charge the mark's exit with
 * the serial port's time), the mark's exit itself not yet counted:
 *
 *   mark: guest=NAME mark=N seq=S tsc=T total=N cycles=C injected=I
 *         eoi_writes=E pv_eois=P deadline_writes=D      (one line)
 *   mark: guest=NAME mark=N seq=S reason=NAME kind=KIND count=N cycles=C
 *
 * tsc is the TSC since the guest first ran; seq numbers the marks from 0.
 * Two marks' difference is what the guest cost in between, plus one exit
 * (the first mark's).
 */
#ifndef HV_STATS_H
#define HV_STATS_H

#include <stdint.h>

#define EXIT_STATS_REASONS 256	/* VT-x's < 80; SVM's < 0x100 (NPF folded) */

struct exit_stats {
	uint64_t count[EXIT_STATS_REASONS];
	uint64_t cycles[EXIT_STATS_REASONS];
	uint64_t reads[EXIT_STATS_REASONS];	/* VMREADs */
	uint64_t writes[EXIT_STATS_REASONS];	/* VMWRITEs */
	uint8_t kind[EXIT_STATS_REASONS];	/* enum hv_exit_kind, the last */
	uint64_t total, total_cycles;
	uint64_t injected;	/* interrupts injected (vm.c) */
	uint64_t nmis_injected;	/* NMIs injected (vm.c) */
	/*
	 * The exits that took the fast path, counted above too. The fast
	 * path itself adds only to fast_new, the fewest stores it can make;
	 * exit_stats_fold() moves those into the rest before anything reads
	 * the statistics.
	 */
	struct {
		uint64_t count, cycles, reads, writes;
	} fast_new;
	uint64_t fast_count, fast_cycles, fast_reads, fast_writes;
	uint32_t fast_reason;
};

/* Marks a guest may leave (more are counted in dropped, not kept). */
#define STATS_MARKS		8
#define STATS_MARK_REASONS	24	/* distinct reasons kept per mark */

struct stats_mark {
	uint32_t id;		/* what the guest wrote */
	uint32_t reasons;	/* entries used in reason[] */
	uint64_t tsc;		/* since the guest first ran */
	uint64_t total, total_cycles;
	uint64_t injected, eoi_writes, pv_eois, deadline_writes;
	struct {
		uint32_t reason;
		uint8_t kind;
		uint64_t count, cycles;
	} reason[STATS_MARK_REASONS];
};

struct stats_marks {
	unsigned int n, dropped;
	struct stats_mark mark[STATS_MARKS];
};

struct vm;

static inline void exit_stats_add(struct exit_stats *s, uint32_t reason,
				  unsigned int kind, uint64_t cycles,
				  uint64_t reads, uint64_t writes)
{
	uint32_t r = reason < EXIT_STATS_REASONS ? reason : 0;

	s->kind[r] = (uint8_t)kind;
	s->count[r]++;
	s->cycles[r] += cycles;
	s->reads[r] += reads;
	s->writes[r] += writes;
	s->total++;
	s->total_cycles += cycles;
}

/*
 * Count the fast path's exits (fast_new) as the others are: in their
 * reason's line and the totals, and in the fast_* sums. Idempotent; every
 * reader of the statistics calls it first.
 */
void exit_stats_fold(struct exit_stats *s);

/* The guest wrote @id to the mark port: keep its counts now. */
void exit_stats_mark(struct vm *vm, uint32_t id);

/* @name_of: the backend's name for a reason number. */
void exit_stats_print(struct vm *vm,
		      const char *(*name_of)(uint32_t reason));

#endif
