// SPDX-License-Identifier: MIT
#include "hv/stats.h"

#include "hv/arch.h"
#include "hv/exit.h"
#include "hv/printk.h"
#include "hv/vm.h"

void exit_stats_fold(struct exit_stats *s)
{
	uint32_t r = s->fast_reason < EXIT_STATS_REASONS ? s->fast_reason : 0;

	if (!s->fast_new.count)
		return;
	s->kind[r] = HV_EXIT_HYPERCALL;
	s->count[r] += s->fast_new.count;
	s->cycles[r] += s->fast_new.cycles;
	s->reads[r] += s->fast_new.reads;
	s->writes[r] += s->fast_new.writes;
	s->total += s->fast_new.count;
	s->total_cycles += s->fast_new.cycles;
	s->fast_count += s->fast_new.count;
	s->fast_cycles += s->fast_new.cycles;
	s->fast_reads += s->fast_new.reads;
	s->fast_writes += s->fast_new.writes;
	s->fast_new.count = s->fast_new.cycles = 0;
	s->fast_new.reads = s->fast_new.writes = 0;
}

void exit_stats_mark(struct vm *vm, uint32_t id)
{
	struct exit_stats *s = &vm->stats;
	const struct dev_lapic *l = &vm->vcpu.lapic;
	struct stats_marks *ms = &vm->marks;
	struct stats_mark *m;

	if (ms->n == STATS_MARKS) {
		ms->dropped++;
		return;
	}
	exit_stats_fold(s);
	m = &ms->mark[ms->n++];
	m->id = id;
	m->tsc = arch_read_timestamp() - vm->start_tsc;
	m->total = s->total;
	m->total_cycles = s->total_cycles;
	m->injected = s->injected;
	m->eoi_writes = l->eoi_writes;
	m->pv_eois = vm->vcpu.kvm.pv_eois;
	m->deadline_writes = l->deadline_writes;
	m->reasons = 0;
	for (uint32_t r = 0; r < EXIT_STATS_REASONS; r++) {
		if (!s->count[r])
			continue;
		if (m->reasons == STATS_MARK_REASONS) {
			/* Cannot happen with today's backends: say so. */
			printk("mark: guest=%s mark=%u: more than %u reasons, "
			       "the rest not kept\n", vm->name, id,
			       STATS_MARK_REASONS);
			break;
		}
		m->reason[m->reasons].reason = r;
		m->reason[m->reasons].kind = s->kind[r];
		m->reason[m->reasons].count = s->count[r];
		m->reason[m->reasons].cycles = s->cycles[r];
		m->reasons++;
	}
}

static void marks_print(const struct vm *vm,
			const char *(*name_of)(uint32_t reason))
{
	const struct stats_marks *ms = &vm->marks;

	for (unsigned int i = 0; i < ms->n; i++) {
		const struct stats_mark *m = &ms->mark[i];

		printk("mark: guest=%s mark=%u seq=%u tsc=%llu total=%llu "
		       "cycles=%llu injected=%llu eoi_writes=%llu pv_eois=%llu "
		       "deadline_writes=%llu\n", vm->name, m->id, i,
		       (unsigned long long)m->tsc,
		       (unsigned long long)m->total,
		       (unsigned long long)m->total_cycles,
		       (unsigned long long)m->injected,
		       (unsigned long long)m->eoi_writes,
		       (unsigned long long)m->pv_eois,
		       (unsigned long long)m->deadline_writes);
		for (unsigned int j = 0; j < m->reasons; j++)
			printk("mark: guest=%s mark=%u seq=%u reason=%s kind=%s "
			       "count=%llu cycles=%llu\n", vm->name, m->id, i,
			       name_of(m->reason[j].reason),
			       hv_exit_class(m->reason[j].kind),
			       (unsigned long long)m->reason[j].count,
			       (unsigned long long)m->reason[j].cycles);
	}
	if (ms->dropped)
		printk("mark: guest=%s dropped=%u (more than %u marks)\n",
		       vm->name, ms->dropped, STATS_MARKS);
}

void exit_stats_print(struct vm *vm,
		      const char *(*name_of)(uint32_t reason))
{
	const struct exit_stats *s = &vm->stats;

	exit_stats_fold(&vm->stats);
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
	marks_print(vm, name_of);
}
