// SPDX-License-Identifier: MIT
#include "hv/stats.h"

#include "hv/exit.h"
#include "hv/printk.h"
#include "hv/vm.h"

void exit_stats_print(const struct vm *vm,
		      const char *(*name_of)(uint32_t reason))
{
	const struct exit_stats *s = &vm->stats;

	printk("exits: guest=%s total=%llu cycles=%llu\n", vm->name,
	       (unsigned long long)s->total,
	       (unsigned long long)s->total_cycles);
	for (uint32_t r = 0; r < EXIT_STATS_REASONS; r++)
		if (s->count[r])
			printk("exits: guest=%s reason=%s kind=%s count=%llu "
			       "cycles=%llu vmreads=%llu vmwrites=%llu\n",
			       vm->name, name_of(r), hv_exit_class(s->kind[r]),
			       (unsigned long long)s->count[r],
			       (unsigned long long)s->cycles[r],
			       (unsigned long long)s->reads[r],
			       (unsigned long long)s->writes[r]);
	if (s->fast_count)
		printk("fastpath: guest=%s reason=%s kind=%s count=%llu "
		       "cycles=%llu vmreads=%llu vmwrites=%llu\n", vm->name,
		       name_of(s->fast_reason),
		       hv_exit_class(s->kind[s->fast_reason < EXIT_STATS_REASONS ?
					     s->fast_reason : 0]),
		       (unsigned long long)s->fast_count,
		       (unsigned long long)s->fast_cycles,
		       (unsigned long long)s->fast_reads,
		       (unsigned long long)s->fast_writes);
}
