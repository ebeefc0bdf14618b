// SPDX-License-Identifier: MIT
/*
 * Round-robin scheduling of whole VMs (one vCPU each) on one CPU:
 *   - each runnable guest in turn gets a slice of SCHED_SLICE_NS; the
 *     VMX-preemption timer takes the CPU back when it ends, so a guest that
 *     spins with interrupts off cannot keep it;
 *   - HLT and HC_BLOCK put a guest to sleep until its timer or a message
 *     wakes it; HC_YIELD ends its slice at once;
 *   - a guest past its time limit (limit= in hv.cfg) is stopped, asleep
 *     or not;
 *   - when every guest sleeps, the CPU waits for the earliest wake-up; if
 *     none can ever come (they all wait for messages), they are stopped.
 * With "schedule sequential" in hv.cfg the guests run one after the
 * other instead, each alone, as measurements want. When the last guest
 * ends, one outcome table sums them all up.
 */
#include "hv/sched.h"

#include "drivers/tsc.h"
#include "hv/arch.h"
#include "hv/console.h"
#include "hv/lib/format.h"
#include "hv/printk.h"
#include "hv/steal.h"
#include "hv/vm.h"

static struct vm *all_vms;
static unsigned int vm_count;

bool sched_others_alive(const struct vm *vm)
{
	for (unsigned int i = 0; i < vm_count; i++)
		if (&all_vms[i] != vm && all_vms[i].state == VM_RUNNING)
			return true;
	return false;
}

static void check_limit(struct vm *vm, uint64_t now)
{
	if (vm->state == VM_RUNNING && vm->limit_tsc && now >= vm->limit_tsc)
		vm_stop(vm, "time limit of %u ms reached%s",
			vm->config->limit_ms,
			vm->sleep.kind != SLEEP_NONE ? " (asleep)" : "");
}

/*
 * The next runnable VM after @from, round robin; NULL if all sleep. In
 * sequential mode only the first VM still running may run.
 */
static struct vm *pick(unsigned int from, uint64_t now, bool sequential)
{
	for (unsigned int i = 0; i < vm_count; i++) {
		struct vm *vm = &all_vms[sequential ? i : (from + i) % vm_count];

		if (vm->state != VM_RUNNING)
			continue;
		if (!vm->start_tsc)
			vm_start_clock(vm, now);
		check_limit(vm, now);
		if (vm->state == VM_RUNNING && vm_wake_if_due(vm, now))
			return vm;
		if (sequential && vm->state == VM_RUNNING)
			return NULL;	/* it sleeps: wait for it */
	}
	return NULL;
}

/* A slice only matters if somebody else could use the CPU. */
static uint64_t slice_end(const struct vm *vm, uint64_t now, uint64_t slice,
			  bool sequential)
{
	if (sequential || !sched_others_alive(vm))
		return UINT64_MAX;
	return now + slice;
}

/*
 * Everybody sleeps: wait for the earliest wake-up or time limit, or for
 * typed input that wakes a guest. Returns false if nothing will ever wake
 * anybody (all wait for messages).
 */
static bool wait_for_someone(void)
{
	uint64_t earliest = 0;
	bool input = false;

	for (unsigned int i = 0; i < vm_count; i++) {
		const struct vm *vm = &all_vms[i];
		uint64_t t[2] = { vm->sleep.wake_tsc, vm->limit_tsc };

		if (vm->state != VM_RUNNING || !vm->start_tsc)
			continue;		/* not started: not waiting */
		input |= vm_waits_for_input(vm);
		for (int k = 0; k < 2; k++)
			if (t[k] && (!earliest || t[k] < earliest))
				earliest = t[k];
	}
	if (!earliest && !input)
		return false;
	while (!earliest || arch_read_timestamp() < earliest) {
		if (input && console_input_poll())
			return true;	/* its receive interrupt wakes it */
		arch_cpu_relax();
	}
	return true;
}

/*
 * @ran had the CPU over [@from, @to): every other guest that could have
 * run meanwhile had that time stolen (KVM's steal time, hv/kvm_pv.c).
 */
static void charge_steal(const struct vm *ran, uint64_t from, uint64_t to)
{
	for (unsigned int i = 0; i < vm_count; i++) {
		struct vm *vm = &all_vms[i];

		if (vm == ran || !vm->start_tsc)
			continue;
		vm->steal_tsc += steal_ticks(vm->state == VM_RUNNING,
					     vm->sleep.kind != SLEEP_NONE,
					     vm->sleep.wake_tsc, from, to);
	}
}

static void print_outcomes(void)
{
	printk("outcome: %-15s %-8s %6s %10s %14s  %s\n", "guest", "result",
	       "status", "exits", "cycles", "reason");
	for (unsigned int i = 0; i < vm_count; i++) {
		struct vm *vm = &all_vms[i];
		char status[12];

		exit_stats_fold(&vm->stats);
		if (vm->state == VM_EXITED)
			hv_snprintf(status, sizeof(status), "%d", vm->exit_status);
		else
			hv_snprintf(status, sizeof(status), "-");
		printk("outcome: %-15s %-8s %6s %10llu %14llu%s%s\n", vm->name,
		       vm->state == VM_EXITED ? "exited" :
		       vm->state == VM_RESET ? "reset" : "stopped", status,
		       (unsigned long long)vm->stats.total,
		       (unsigned long long)vm->stats.total_cycles,
		       vm->state == VM_STOPPED ? "  " : "",
		       vm->state == VM_STOPPED ? vm->stop_reason : "");
	}
}

void sched_run(struct vm *vms, unsigned int n, enum boot_schedule policy)
{
	bool sequential = policy == BOOT_SCHED_SEQUENTIAL;
	uint64_t slice = tsc_from_ns(SCHED_SLICE_NS);
	unsigned int next = 0, reported = 0;
	bool ended[BOOT_MAX_GUESTS] = { false };

	all_vms = vms;
	vm_count = n;
	console_input_start(vms, n);
	while (reported < n) {
		uint64_t now = arch_read_timestamp();
		struct vm *vm = pick(next, now, sequential);

		if (vm) {
			next = (unsigned int)(vm - vms) + 1;
			vm_run_slice(vm, slice_end(vm, now, slice, sequential));
			charge_steal(vm, now, arch_read_timestamp());
		} else if (!wait_for_someone()) {
			for (unsigned int i = 0; i < n; i++)
				if (vms[i].state == VM_RUNNING)
					vm_stop(&vms[i], "deadlock: waiting "
						"for a message no running "
						"guest can send");
		}
		/* Report each guest once, as soon as it has ended. */
		for (unsigned int i = 0; i < n; i++)
			if (vms[i].state != VM_RUNNING && !ended[i]) {
				ended[i] = true;
				reported++;
				vm_report(&vms[i]);
			}
	}
	print_outcomes();
}
