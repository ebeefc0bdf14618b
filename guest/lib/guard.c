// SPDX-License-Identifier: MIT
/* Guarded instructions: the lookup trap_dispatch() does first (guard.h). */
#include "guest/lib/guard.h"
#include "guest/lib/trap.h"
#include "guest/lib/x86.h"

/* The linker script gathers every GUARDED() entry between these two. */
extern const struct guard_entry __guard_start[], __guard_end[];

volatile struct guard_fault guard_fault = { .vector = -1 };

int guard_catch(struct trap_frame *tf)
{
	const struct guard_entry *g;

	if (tf->vector >= 32)
		return 0;		/* interrupts are not faults */
	for (g = __guard_start; g < __guard_end; g++) {
		if (tf->rip != g->insn && tf->rip != g->next)
			continue;
		guard_fault.vector = (int)tf->vector;
		guard_fault.error = tf->error;
		guard_fault.rip = tf->rip;
		guard_fault.after = tf->rip == g->next;
		guard_fault.cr2 = tf->vector == VEC_PF ? read_cr2() : 0;
		guard_fault.rflags = tf->rflags;
		tf->rip = g->next;
		return 1;
	}
	return 0;
}
