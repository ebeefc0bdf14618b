// SPDX-License-Identifier: MIT
/* The exit trace's dump (hv/trace.h has the format and the why). */
#include "hv/trace.h"

#include "hv/exit.h"
#include "hv/lib/format.h"

size_t trace_dump(struct exit_trace *t, const struct trace_dump_info *d,
		  void (*emit)(void *ctx, const char *line), void *ctx)
{
	uint64_t first = t->dumped, shown;
	char line[TRACE_LINE_MAX];

	if (t->recorded - first > TRACE_ENTRIES)
		first = t->recorded - TRACE_ENTRIES;	/* the rest is gone */
	shown = t->recorded - first;

	hv_snprintf(line, sizeof(line),
		    "trace: guest=%s why=%s hz=%llu start=%llu recorded=%llu "
		    "first=%llu shown=%llu fastpath=%llu", d->guest, d->why,
		    (unsigned long long)d->hz,
		    (unsigned long long)d->start_tsc,
		    (unsigned long long)t->recorded,
		    (unsigned long long)first,
		    (unsigned long long)shown,
		    (unsigned long long)d->fastpath);
	emit(ctx, line);
	for (uint64_t seq = first; seq < t->recorded; seq++) {
		const struct trace_entry *e = &t->ring[seq & (TRACE_ENTRIES - 1)];

		hv_snprintf(line, sizeof(line),
			    "trace: guest=%s seq=%llu tsc=%llu reason=%s nr=%u "
			    "qual=0x%llx rip=0x%llx kind=%s", d->guest,
			    (unsigned long long)seq,
			    (unsigned long long)e->tsc,
			    d->reason_name(e->reason), e->reason,
			    (unsigned long long)e->qualification,
			    (unsigned long long)e->rip, hv_exit_class(e->kind));
		emit(ctx, line);
	}
	t->dumped = t->recorded;
	hv_snprintf(line, sizeof(line), "trace: guest=%s end", d->guest);
	emit(ctx, line);
	return (size_t)shown;
}
