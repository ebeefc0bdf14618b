/* SPDX-License-Identifier: MIT */
/* The hypervisor's side of include/hypercall.h (docs/hypercalls.md). */
#ifndef HV_HYPERCALLS_H
#define HV_HYPERCALLS_H

#include <stdint.h>

#include "hv/exit.h"

struct vm;

/* Mailboxes for @guest_count guests; before any guest runs. */
void hypercall_init(unsigned int guest_count);

/* The VMCALL exit: dispatch on RAX, result in RAX. */
enum exit_action handle_hypercall(struct vcpu *v, const struct hv_exit *e);

/*
 * WRMSR HV_MSR_HYPERCALL: fill the page the guest names with stubs.
 * Returns 0, or -HV_EINVAL (#GP) for an address that is not a 4 KiB
 * aligned page of the guest's RAM.
 */
int hypercall_page_msr_write(struct vm *vm, uint64_t value);

#endif
