/* SPDX-License-Identifier: MIT */
/* The hypervisor's side of include/hypercall.h (docs/hypercalls.md). */
#ifndef HV_HYPERCALLS_H
#define HV_HYPERCALLS_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/exit.h"
#include "hv/pv.h"
#include "hv/vm.h"
#include "hypercall.h"

struct vm;

/* Mailboxes for @guest_count guests; before any guest runs. */
void hypercall_init(unsigned int guest_count);

/*
 * The fast path, tried by the backend right after a hypercall exit,
 * before the run loop's work (as KVM's exit fastpath), in two steps. Only
 * calls that touch no device and no other guest qualify: HC_NULL, with
 * the fast path on, which it never is for a pv=none guest (vm_create()).
 * hypercall_fastpath_wanted() says whether this one may, from what is in
 * memory; the backend then reads the guest's CPL and hypercall_fastpath()
 * applies the full path's rule (hv/pv.h: CPL 0 only): true if the call
 * was handled here (RAX holds the result; the backend steps over the
 * instruction, counts the exit and re-enters at once). Anything else goes
 * down the full path, which answers it.
 */
static inline bool hypercall_fastpath_wanted(const struct vcpu *v)
{
	return v->regs.rax == HC_NULL && !v->fastpath_off;
}

static inline bool hypercall_fastpath(struct vcpu *v, unsigned int cpl)
{
	if (pv_gate(true, cpl) != PV_GATE_CALL)	/* pv: fastpath_off */
		return false;
	v->regs.rax = 0;
	return true;
}

/*
 * For hv/sched.c: is a VM sleeping in HC_BLOCK due to wake at @now (its
 * timer fired, or a message waits)? If so its RAX gets the events.
 */
bool hypercall_block_wake(struct vm *vm, uint64_t now);

/* The VMCALL exit: dispatch on RAX, result in RAX. */
enum exit_action handle_hypercall(struct vcpu *v, const struct hv_exit *e);

/*
 * WRMSR HV_MSR_HYPERCALL: fill the page the guest names with stubs.
 * Returns 0, or -HV_EINVAL (#GP) for an address that is not a 4 KiB
 * aligned page of the guest's RAM.
 */
int hypercall_page_msr_write(struct vm *vm, uint64_t value);

#endif
