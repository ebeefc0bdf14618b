// SPDX-License-Identifier: MIT
/*
 * pv=kvm: KVM's paravirtual interface (hv/kvm_pv.h). What KVM does in
 * arch/x86/kvm/x86.c (kvm_set_msr_common(), kvm_guest_time_update(),
 * kvm_write_wall_clock(), record_steal_time()), lapic.c (PV EOI) and
 * kvm_emulate_hypercall(), for one vCPU per VM. Every address the guest
 * registers is checked when it is written (kvm_pv_check_gpa()) and goes
 * through vm_gpa_to_hva() again at each use: nothing outside the guest's
 * RAM is ever written.
 *
 * kvm-clock's time is the host's TSC since the VM was created, scaled
 * once with the multiplier and shift the guest is given: each rewrite
 * (each turn, each move of the guest's TSC) gives the guest a new
 * (tsc_timestamp, system_time) on the same line, never behind what it
 * extrapolated from the last one (the floors of two scaled parts add to
 * at most the floor of the whole), so the stable bit holds.
 */
#include "hv/kvm_pv.h"

#include "drivers/rtc.h"
#include "drivers/tsc.h"
#include "hv/arch.h"
#include "hv/errno.h"
#include "hv/printk.h"
#include "hv/pvclock.h"
#include "hv/vm.h"

#define PAGE_SIZE_4K	4096ULL
#define NSEC_PER_SEC	1000000000ULL

static bool offered(unsigned int feature)
{
	return KVM_FEATURES_OFFERED & (1u << feature);
}

void kvm_pv_vm_init(struct vm *vm, uint64_t now, uint64_t tsc_hz)
{
	vm->kvm.ref_tsc = now;
	pvclock_time_scale(tsc_hz, &vm->kvm.shift, &vm->kvm.mul);
}

int kvm_pv_check_gpa(const struct vm *vm, uint64_t gpa, uint64_t size,
		     uint64_t align)
{
	if (gpa & (align - 1))
		return -HV_EINVAL;
	if (gpa >= vm->ram_size || size > vm->ram_size - gpa)
		return -HV_EINVAL;
	if ((gpa & (PAGE_SIZE_4K - 1)) + size > PAGE_SIZE_4K)
		return -HV_EINVAL;
	return 0;
}

/* kvm-clock's time at host TSC @now. */
static uint64_t clock_ns(const struct vm *vm, uint64_t now)
{
	return pvclock_scale_delta(now - vm->kvm.ref_tsc, vm->kvm.mul,
				   vm->kvm.shift);
}

static void write_clock(struct vcpu *v)
{
	struct vm *vm = v->vm;
	uint64_t now = arch_read_timestamp();
	struct pvclock_vcpu_time_info t = {
		.tsc_timestamp = now + v->msrs.tsc_offset,	/* its TSC */
		.system_time = clock_ns(vm, now),
		.tsc_to_system_mul = vm->kvm.mul,
		.tsc_shift = vm->kvm.shift,
		.flags = PVCLOCK_TSC_STABLE_BIT,
	};
	void *p;

	v->kvm.clock_dirty = false;
	if (!(v->kvm.system_time & KVM_MSR_ENABLED))
		return;
	p = vm_gpa_to_hva(vm, v->kvm.system_time & ~KVM_MSR_ENABLED,
			  sizeof(t));
	if (p)			/* checked when registered; RAM stays */
		pvclock_write_time(p, &t);
}

/*
 * The wall time at kvm-clock time 0, as KVM's kvm_write_wall_clock():
 * the host's wall time now (its RTC at boot, moved on by the TSC) less
 * kvm-clock's time now.
 */
static void write_wall_clock(struct vm *vm)
{
	uint64_t now = arch_read_timestamp();
	uint64_t wall = (uint64_t)host_rtc_sec * NSEC_PER_SEC +
			tsc_to_ns(now - host_rtc_tsc) - clock_ns(vm, now);
	void *p = vm_gpa_to_hva(vm, vm->kvm.wall_clock,
				sizeof(struct pvclock_wall_clock));

	if (p)
		pvclock_write_wall(p, (uint32_t)(wall / NSEC_PER_SEC),
				   (uint32_t)(wall % NSEC_PER_SEC));
}

static volatile struct kvm_steal_time *steal_area(struct vcpu *v)
{
	if (!(v->kvm.steal_time & KVM_MSR_ENABLED))
		return NULL;
	return vm_gpa_to_hva(v->vm, v->kvm.steal_time & ~63ULL,
			     sizeof(struct kvm_steal_time));
}

/* Add what the scheduler counted since the last time; clear preempted. */
static void record_steal(struct vcpu *v)
{
	volatile struct kvm_steal_time *st = steal_area(v);
	uint64_t total = v->vm->steal_tsc;

	if (!st)
		return;
	pvclock_steal_add(st, tsc_to_ns(total) - tsc_to_ns(v->kvm.steal_seen),
			  0);
	v->kvm.steal_seen = total;
}

static volatile uint32_t *eoi_word(struct vcpu *v)
{
	if (!(v->kvm.pv_eoi & KVM_MSR_ENABLED))
		return NULL;
	return vm_gpa_to_hva(v->vm, v->kvm.pv_eoi & ~KVM_MSR_ENABLED, 4);
}

int kvm_pv_msr_read(struct vcpu *v, uint32_t index, uint64_t *value)
{
	if (!v->vm->pv_kvm)
		return -HV_ENOENT;	/* not KVM: no such MSR */
	switch (index) {
	case MSR_KVM_WALL_CLOCK_NEW:
		*value = v->vm->kvm.wall_clock;
		return 0;
	case MSR_KVM_SYSTEM_TIME_NEW:
		*value = v->kvm.system_time;
		return 0;
	case MSR_KVM_STEAL_TIME:
		*value = v->kvm.steal_time;
		return 0;
	case MSR_KVM_PV_EOI_EN:
		*value = v->kvm.pv_eoi;
		return 0;
	}
	return -HV_ENOENT;	/* its feature is not offered: #GP, as KVM */
}

static int write_system_time(struct vcpu *v, uint64_t value)
{
	if ((value & KVM_MSR_ENABLED) &&
	    kvm_pv_check_gpa(v->vm, value & ~KVM_MSR_ENABLED,
			     sizeof(struct pvclock_vcpu_time_info), 4))
		return -HV_EINVAL;
	v->kvm.system_time = value;
	write_clock(v);		/* complete before the guest reads it */
	return 0;
}

static int write_wall(struct vcpu *v, uint64_t value)
{
	if (kvm_pv_check_gpa(v->vm, value, sizeof(struct pvclock_wall_clock),
			     4))
		return -HV_EINVAL;
	v->vm->kvm.wall_clock = value;
	write_wall_clock(v->vm);	/* during the write, as KVM */
	return 0;
}

static int write_steal_time(struct vcpu *v, uint64_t value)
{
	if (value & KVM_STEAL_RESERVED)
		return -HV_EINVAL;
	if ((value & KVM_MSR_ENABLED) &&
	    kvm_pv_check_gpa(v->vm, value & ~63ULL,
			     sizeof(struct kvm_steal_time), 64))
		return -HV_EINVAL;
	v->kvm.steal_time = value;
	v->kvm.steal_seen = v->vm->steal_tsc;	/* it counts from now on */
	record_steal(v);
	return 0;
}

static int write_pv_eoi(struct vcpu *v, uint64_t value)
{
	uint64_t gpa = value & ~KVM_MSR_ENABLED;

	/* As kvm_lapic_set_pv_eoi(): 4-byte aligned (bit 1 is reserved). */
	if (gpa & 3)
		return -HV_EINVAL;
	if ((value & KVM_MSR_ENABLED) && kvm_pv_check_gpa(v->vm, gpa, 4, 4))
		return -HV_EINVAL;
	v->kvm.pv_eoi = value;
	v->kvm.eoi_flagged = false;
	return 0;
}

int kvm_pv_msr_write(struct vcpu *v, uint32_t index, uint64_t value)
{
	if (!v->vm->pv_kvm)
		return -HV_ENOENT;
	switch (index) {
	case MSR_KVM_WALL_CLOCK_NEW:
		return offered(KVM_FEATURE_CLOCKSOURCE2) ?
		       write_wall(v, value) : -HV_ENOENT;
	case MSR_KVM_SYSTEM_TIME_NEW:
		return offered(KVM_FEATURE_CLOCKSOURCE2) ?
		       write_system_time(v, value) : -HV_ENOENT;
	case MSR_KVM_STEAL_TIME:
		return offered(KVM_FEATURE_STEAL_TIME) ?
		       write_steal_time(v, value) : -HV_ENOENT;
	case MSR_KVM_PV_EOI_EN:
		return offered(KVM_FEATURE_PV_EOI) ?
		       write_pv_eoi(v, value) : -HV_ENOENT;
	}
	return -HV_ENOENT;	/* ASYNC_PF, POLL_CONTROL...: not offered */
}

void kvm_pv_tsc_changed(struct vcpu *v)
{
	v->kvm.clock_dirty = true;
}

void kvm_pv_vcpu_load(struct vcpu *v)
{
	if (!v->vm->pv_kvm)
		return;
	write_clock(v);
	record_steal(v);
}

void kvm_pv_vcpu_put(struct vcpu *v, bool preempted)
{
	volatile struct kvm_steal_time *st;

	if (!v->vm->pv_kvm || !preempted)
		return;
	st = steal_area(v);
	if (st)	/* as kvm_steal_time_set_preempted(): no version */
		st->preempted = KVM_VCPU_PREEMPTED;
}

/*
 * PV EOI (msr.rst, MSR_KVM_PV_EOI_EN): the flag is set only while the EOI
 * has nothing to decide (lapic_pv_eoi_allowed()); a guest that clears it
 * has done its EOI, which the next exit carries out, before anything
 * else looks at the APIC. Left set, the flag is taken back: the guest
 * will write EOI itself.
 */
void kvm_pv_before_entry(struct vcpu *v)
{
	volatile uint32_t *w;

	if (v->kvm.clock_dirty)
		write_clock(v);
	if (!lapic_pv_eoi_allowed(&v->lapic))
		return;
	w = eoi_word(v);
	if (w) {
		*w |= 1;
		v->kvm.eoi_flagged = true;
	}
}

void kvm_pv_after_exit(struct vcpu *v)
{
	volatile uint32_t *w;
	int level;

	if (!v->kvm.eoi_flagged)
		return;
	v->kvm.eoi_flagged = false;
	w = eoi_word(v);
	if (!w)
		return;
	if (*w & 1) {
		*w &= ~1u;
		return;
	}
	v->kvm.pv_eois++;
	level = lapic_pv_eoi(&v->lapic);
	if (level >= 0)		/* it became level-triggered meanwhile */
		ioapic_eoi(&v->vm->ioapic, (uint8_t)level);
}

uint64_t kvm_pv_hypercall(struct vcpu *v, unsigned int cpl)
{
	(void)v;
	/* kvm_emulate_hypercall(): CPL 0 only; a one-vCPU guest needs none. */
	return cpl ? (uint64_t)-KVM_EPERM : (uint64_t)-KVM_ENOSYS;
}

void kvm_pv_report(const struct vm *vm)
{
	const struct kvm_pv_vcpu *k = &vm->vcpu.kvm;

	if (!vm->pv_kvm)
		return;
	printk("kvm-pv: guest=%s system_time=0x%llx wall_clock=0x%llx "
	       "steal_time=0x%llx pv_eoi=0x%llx steal_ns=%llu pv_eois=%llu\n",
	       vm->name, (unsigned long long)k->system_time,
	       (unsigned long long)vm->kvm.wall_clock,
	       (unsigned long long)k->steal_time,
	       (unsigned long long)k->pv_eoi,
	       (unsigned long long)tsc_to_ns(vm->steal_tsc),
	       (unsigned long long)k->pv_eois);
}
