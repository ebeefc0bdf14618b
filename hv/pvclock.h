/* SPDX-License-Identifier: MIT */
/*
 * The structures KVM's paravirtual clock, wall clock and steal time share
 * with the guest (Linux arch/x86/include/asm/pvclock-abi.h, kvm_para.h;
 * Documentation/virt/kvm/x86/msr.rst), the arithmetic that turns a TSC
 * into nanoseconds, and the version protocol both sides follow: the host
 * makes the version odd, writes, makes it even; the guest retries while
 * it reads an odd or a changed version. Pure: no hypervisor state, so the
 * host unit tests (tests/unit/hv/test_pvclock.c) run all of it.
 */
#ifndef HV_PVCLOCK_H
#define HV_PVCLOCK_H

#include <stddef.h>
#include <stdint.h>

/* pvclock_vcpu_time_info, 32 bytes, per vCPU (MSR_KVM_SYSTEM_TIME_NEW). */
struct pvclock_vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;		/* the TSC at system_time */
	uint64_t system_time;		/* ns */
	uint32_t tsc_to_system_mul;	/* 0.32 fixed point, after shift */
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
};

/* Naturally aligned: no packing needed, the layout is KVM's. */
_Static_assert(sizeof(struct pvclock_vcpu_time_info) == 32, "KVM's ABI");
_Static_assert(offsetof(struct pvclock_vcpu_time_info, tsc_to_system_mul) ==
	       24 && offsetof(struct pvclock_vcpu_time_info, flags) == 29,
	       "KVM's ABI");

#define PVCLOCK_TSC_STABLE_BIT	(1u << 0)	/* with feature bit 24 */
#define PVCLOCK_GUEST_STOPPED	(1u << 1)

/* pvclock_wall_clock, 12 bytes: the wall time at system_time 0. */
struct pvclock_wall_clock {
	uint32_t version;
	uint32_t sec;
	uint32_t nsec;
};

_Static_assert(sizeof(struct pvclock_wall_clock) == 12, "KVM's ABI");

/* kvm_steal_time, 64 bytes, 64-byte aligned (MSR_KVM_STEAL_TIME). */
struct kvm_steal_time {
	uint64_t steal;			/* ns runnable but not running */
	uint32_t version;
	uint32_t flags;
	uint8_t preempted;
	uint8_t u8_pad[3];
	uint32_t pad[11];
};

_Static_assert(sizeof(struct kvm_steal_time) == 64 &&
	       offsetof(struct kvm_steal_time, preempted) == 16, "KVM's ABI");

#define KVM_VCPU_PREEMPTED	(1u << 0)

/*
 * The shift and multiplier that turn @tsc_hz ticks into nanoseconds, as
 * KVM's kvm_get_time_scale(NSEC_PER_SEC, tsc_hz, ...) computes them: the
 * shifted tick count is at most twice the nanoseconds and above them, so
 * the multiplier is in [2^31, 2^32). 1 GHz: shift 1, mul 0x80000000.
 * @tsc_hz must be non-zero.
 */
void pvclock_time_scale(uint64_t tsc_hz, int8_t *shift, uint32_t *mul);

/* @delta ticks in ns: (delta shifted by @shift) * @mul >> 32 (pvclock.h). */
uint64_t pvclock_scale_delta(uint64_t delta, uint32_t mul, int8_t shift);

/* What a guest reads as the time at TSC @tsc (Linux __pvclock_read_cycles). */
uint64_t pvclock_guest_ns(const struct pvclock_vcpu_time_info *t,
			  uint64_t tsc);

/* The TSC rate a guest derives from @t, in kHz (Linux pvclock_tsc_khz()). */
uint64_t pvclock_tsc_khz(const struct pvclock_vcpu_time_info *t);

/*
 * The version protocol, host side: begin makes the version odd (whatever
 * the guest left there: KVM's "(version + 1) | 1") and returns it, end
 * makes it even, one more. Between them the host writes the fields;
 * compiler barriers keep the stores in order, and x86 keeps stores in
 * program order for the guest to see (SDM Vol. 3A 9.2.2).
 */
uint32_t pvclock_version_begin(volatile uint32_t *version);
void pvclock_version_end(volatile uint32_t *version, uint32_t odd);

/* Write all of @src's fields but the version into @dst, under the protocol. */
void pvclock_write_time(volatile struct pvclock_vcpu_time_info *dst,
			const struct pvclock_vcpu_time_info *src);

void pvclock_write_wall(volatile struct pvclock_wall_clock *dst,
			uint32_t sec, uint32_t nsec);

/*
 * Steal time: add @ns to the guest's counter and set @preempted, under
 * the protocol (KVM's record_steal_time() adds to what is there).
 */
void pvclock_steal_add(volatile struct kvm_steal_time *st, uint64_t ns,
		       uint8_t preempted);

#endif
