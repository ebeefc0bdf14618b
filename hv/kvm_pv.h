/* SPDX-License-Identifier: MIT */
/*
 * pv=kvm: KVM's paravirtual interface, as Linux finds it
 * (Documentation/virt/kvm/x86/cpuid.rst, msr.rst, hypercalls.rst;
 * docs/pv-linux.md). CPUID leaves 0x40000000-0x40000001 say "KVMKVMKVM"
 * and the features below, exactly those implemented: kvm-clock (wall
 * clock and per-vCPU system time, stable), steal time from the scheduler
 * (hv/sched.c), PV EOI and the no-op I/O delay. A pv=kvm guest gets none
 * of EduHV's interface, and a pv=eduhv or pv=none guest none of this.
 */
#ifndef HV_KVM_PV_H
#define HV_KVM_PV_H

#include <stdbool.h>
#include <stdint.h>

struct vm;
struct vcpu;

#define KVM_CPUID_SIGNATURE	0x40000000u
#define KVM_CPUID_FEATURES	0x40000001u
/* "KVMKVMKVM\0\0\0" in EBX, ECX, EDX. */
#define KVM_SIGNATURE_EBX	0x4b4d564bu
#define KVM_SIGNATURE_ECX	0x564b4d56u
#define KVM_SIGNATURE_EDX	0x0000004du

/* CPUID 0x40000001:EAX bits (Linux arch/x86/include/uapi/asm/kvm_para.h). */
#define KVM_FEATURE_NOP_IO_DELAY		1
#define KVM_FEATURE_CLOCKSOURCE2		3
#define KVM_FEATURE_STEAL_TIME			5
#define KVM_FEATURE_PV_EOI			6
#define KVM_FEATURE_CLOCKSOURCE_STABLE_BIT	24

#define KVM_FEATURES_OFFERED					\
	((1u << KVM_FEATURE_NOP_IO_DELAY) |			\
	 (1u << KVM_FEATURE_CLOCKSOURCE2) |			\
	 (1u << KVM_FEATURE_STEAL_TIME) |			\
	 (1u << KVM_FEATURE_PV_EOI) |				\
	 (1u << KVM_FEATURE_CLOCKSOURCE_STABLE_BIT))

/* MSRs (msr.rst); the whole range 0x4b564d00-0x4b564dff is KVM's. */
#define MSR_KVM_WALL_CLOCK_NEW	0x4b564d00u
#define MSR_KVM_SYSTEM_TIME_NEW	0x4b564d01u
#define MSR_KVM_ASYNC_PF_EN	0x4b564d02u
#define MSR_KVM_STEAL_TIME	0x4b564d03u
#define MSR_KVM_PV_EOI_EN	0x4b564d04u
#define MSR_KVM_FIRST		0x4b564d00u
#define MSR_KVM_LAST		0x4b564dffu

#define KVM_MSR_ENABLED		1ULL
#define KVM_STEAL_RESERVED	0x3eULL	/* bits 1-5 (msr.rst) */

/* Hypercall results (include/uapi/linux/kvm_para.h). */
#define KVM_ENOSYS		1000
#define KVM_EPERM		1

/* The per-vCPU state: what the guest registered, and what was sent. */
struct kvm_pv_vcpu {
	uint64_t system_time;	/* MSR_KVM_SYSTEM_TIME_NEW as written */
	uint64_t steal_time;	/* MSR_KVM_STEAL_TIME */
	uint64_t pv_eoi;	/* MSR_KVM_PV_EOI_EN */
	uint64_t steal_seen;	/* of vm->steal_tsc, given the guest */
	bool clock_dirty;	/* TSC moved: rewrite the clock before entry */
	bool eoi_flagged;	/* the PV EOI flag was set at the last entry */
	uint64_t pv_eois;	/* EOIs the guest did by clearing the flag */
};

/* The per-VM state. */
struct kvm_pv_vm {
	uint64_t wall_clock;	/* MSR_KVM_WALL_CLOCK_NEW as written */
	uint64_t ref_tsc;	/* host TSC at kvm-clock time 0 */
	uint32_t mul;		/* TSC -> ns (hv/pvclock.h) */
	int8_t shift;
};

/* At VM creation: kvm-clock's time 0 is now, its scale @tsc_hz. */
void kvm_pv_vm_init(struct vm *vm, uint64_t now, uint64_t tsc_hz);

/*
 * KVM's CPUID leaves: true with @regs filled for 0x40000000 and
 * 0x40000001, false for any other leaf (the caller answers those).
 */
static inline bool kvm_pv_cpuid(uint32_t leaf, uint32_t regs[4])
{
	if (leaf == KVM_CPUID_SIGNATURE) {
		regs[0] = KVM_CPUID_FEATURES;	/* EAX: the highest leaf */
		regs[1] = KVM_SIGNATURE_EBX;
		regs[2] = KVM_SIGNATURE_ECX;
		regs[3] = KVM_SIGNATURE_EDX;
		return true;
	}
	if (leaf == KVM_CPUID_FEATURES) {
		regs[0] = KVM_FEATURES_OFFERED;
		regs[1] = regs[2] = 0;
		regs[3] = 0;		/* hints: no KVM_HINTS_REALTIME */
		return true;
	}
	return false;
}

/*
 * Is [@gpa, @gpa + @size) registrable: @align-aligned, inside the guest's
 * RAM and inside one page? 0, or -HV_EINVAL (#GP on the WRMSR).
 */
int kvm_pv_check_gpa(const struct vm *vm, uint64_t gpa, uint64_t size,
		     uint64_t align);

/*
 * RDMSR/WRMSR in 0x4b564d00-0x4b564dff (hv/msr.c): -HV_ENOENT (#GP) for
 * a guest without pv=kvm and for an MSR whose feature is not offered,
 * -HV_EINVAL (#GP) for a reserved bit or an address refused.
 */
int kvm_pv_msr_read(struct vcpu *v, uint32_t index, uint64_t *value);
int kvm_pv_msr_write(struct vcpu *v, uint32_t index, uint64_t value);

/* The guest's TSC moved against the host's (hv/msr.c): rewrite the clock. */
void kvm_pv_tsc_changed(struct vcpu *v);

/*
 * The vCPU's turn begins (vm_run_slice()): its clock is rewritten and
 * the steal time that accrued while others ran is added; at its end,
 * @preempted says it was still runnable (steal time's preempted flag).
 */
void kvm_pv_vcpu_load(struct vcpu *v);
void kvm_pv_vcpu_put(struct vcpu *v, bool preempted);

/* Right before each VM entry, and right after each VM exit (PV EOI). */
void kvm_pv_before_entry(struct vcpu *v);
void kvm_pv_after_exit(struct vcpu *v);

/* A KVM hypercall (VMCALL/VMMCALL, RAX = number) at @cpl: RAX's result. */
uint64_t kvm_pv_hypercall(struct vcpu *v, unsigned int cpl);

/* One line at the VM's end: what it registered, steal time, PV EOIs. */
void kvm_pv_report(const struct vm *vm);

#endif
