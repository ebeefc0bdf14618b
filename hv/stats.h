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
	/* The exits that took the fast path (already counted above too). */
	uint64_t fast_count, fast_cycles, fast_reads, fast_writes;
	uint32_t fast_reason;
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

/* @name_of: the backend's name for a reason number. */
void exit_stats_print(const struct vm *vm,
		      const char *(*name_of)(uint32_t reason));

#endif
