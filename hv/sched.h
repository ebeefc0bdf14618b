/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: every configured guest runs at once on this one CPU,
 * round robin (docs/scheduling.md).
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <stdbool.h>

#include "boot_info.h"

struct vm;

/* How long a guest runs before the next one's turn. */
#define SCHED_SLICE_NS	10000000ull	/* 10 ms */

/* Run @n VMs (made with vm_create()) until every one has ended. */
void sched_run(struct vm *vms, unsigned int n, enum boot_schedule policy);

/* Is any VM other than @vm still running (so it could send a message)? */
bool sched_others_alive(const struct vm *vm);

#endif
