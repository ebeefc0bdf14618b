// SPDX-License-Identifier: MIT
/*
 * KVM's pvclock arithmetic and version protocol (hv/pvclock.h), written
 * after Linux's arch/x86/kvm/x86.c (kvm_get_time_scale(),
 * kvm_setup_guest_pvclock(), record_steal_time()) and the guest's side in
 * arch/x86/include/asm/pvclock.h.
 */
#include "hv/pvclock.h"

#define NSEC_PER_SEC	1000000000ULL
#define barrier()	__asm__ volatile("" ::: "memory")

void pvclock_time_scale(uint64_t tsc_hz, int8_t *shift, uint32_t *mul)
{
	uint64_t scaled = NSEC_PER_SEC, tps64 = tsc_hz;
	uint32_t tps32;
	int s = 0;

	/* Halve the ticks until they fit 32 bits and are <= 2 x the ns. */
	while (tps64 > scaled * 2 || (tps64 >> 32)) {
		tps64 >>= 1;
		s--;
	}
	/* Then double them (or halve the ns) until they exceed the ns. */
	tps32 = (uint32_t)tps64;
	while (tps32 <= scaled || (scaled >> 32)) {
		if ((scaled >> 32) || (tps32 & 0x80000000u))
			scaled >>= 1;
		else
			tps32 <<= 1;
		s++;
	}
	*shift = (int8_t)s;
	*mul = (uint32_t)((scaled << 32) / tps32);	/* scaled < tps32 */
}

uint64_t pvclock_scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t pvclock_guest_ns(const struct pvclock_vcpu_time_info *t,
			  uint64_t tsc)
{
	return t->system_time +
	       pvclock_scale_delta(tsc - t->tsc_timestamp,
				   t->tsc_to_system_mul, t->tsc_shift);
}

uint64_t pvclock_tsc_khz(const struct pvclock_vcpu_time_info *t)
{
	uint64_t khz = (1000000ULL << 32) / t->tsc_to_system_mul;

	if (t->tsc_shift < 0)
		return khz << -t->tsc_shift;
	return khz >> t->tsc_shift;
}

uint32_t pvclock_version_begin(volatile uint32_t *version)
{
	uint32_t odd = (*version + 1) | 1;

	*version = odd;
	barrier();
	return odd;
}

void pvclock_version_end(volatile uint32_t *version, uint32_t odd)
{
	barrier();
	*version = odd + 1;
}

void pvclock_write_time(volatile struct pvclock_vcpu_time_info *dst,
			const struct pvclock_vcpu_time_info *src)
{
	uint32_t odd = pvclock_version_begin(&dst->version);

	dst->tsc_timestamp = src->tsc_timestamp;
	dst->system_time = src->system_time;
	dst->tsc_to_system_mul = src->tsc_to_system_mul;
	dst->tsc_shift = src->tsc_shift;
	dst->flags = src->flags;
	pvclock_version_end(&dst->version, odd);
}

void pvclock_write_wall(volatile struct pvclock_wall_clock *dst,
			uint32_t sec, uint32_t nsec)
{
	uint32_t odd = pvclock_version_begin(&dst->version);

	dst->sec = sec;
	dst->nsec = nsec;
	pvclock_version_end(&dst->version, odd);
}

void pvclock_steal_add(volatile struct kvm_steal_time *st, uint64_t ns,
		       uint8_t preempted)
{
	uint32_t odd = pvclock_version_begin(&st->version);

	st->steal += ns;
	st->preempted = preempted;
	pvclock_version_end(&st->version, odd);
}
