// SPDX-License-Identifier: MIT
/*
 * hv/pvclock.c and hv/steal.h: kvm-clock's scale and shift against a
 * reference computed here in long double (and the worked values of
 * ../shared/notes/kvm-pv.md), the guest's reading of the time, the TSC
 * rate it derives, the version protocol's parity, steal-time accounting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "hv/pvclock.h"
#include "hv/steal.h"

static void test_worked_values(void **state)
{
	static const struct {
		uint64_t hz;
		int8_t shift;
		uint32_t mul;
	} w[] = {
		{ 1000000000ULL, 1, 0x80000000u },
		{ 2000000000ULL, 0, 0x80000000u },
		{ 3000000000ULL, -1, 0xaaaaaaaau },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		int8_t shift;
		uint32_t mul;

		pvclock_time_scale(w[i].hz, &shift, &mul);
		assert_int_equal(shift, w[i].shift);
		assert_int_equal(mul, w[i].mul);
	}
}

/*
 * For TSC rates from 1 MHz to 10 GHz: the multiplier is normalised
 * ([2^31, 2^32)) and close to the exact 2^32 * 10^9 / (hz * 2^shift),
 * and one second of ticks reads as one second within a few ns.
 */
static void test_scale_against_reference(void **state)
{
	static const uint64_t hz[] = {
		1000000, 14318180, 100000000, 999999999, 1000000001,
		1193182 * 1000ULL, 1800000000, 2112000000, 2400000000ULL,
		2893437000ULL, 3600000000ULL, 4294967295ULL, 4294967296ULL,
		5000000000ULL, 10000000000ULL,
	};
	(void)state;
	for (size_t i = 0; i < sizeof(hz) / sizeof(hz[0]); i++) {
		int8_t shift;
		uint32_t mul;
		long double ref;
		uint64_t ns;

		pvclock_time_scale(hz[i], &shift, &mul);
		assert_true(mul >= 0x80000000u);
		ref = 4294967296.0L * 1e9L / ((long double)hz[i] *
			(shift >= 0 ? (long double)(1ULL << shift) :
			 1.0L / (long double)(1ULL << -shift)));
		/*
		 * Off by the multiplier's last bit and the bits a halved rate
		 * lost: under 2^-29 relative (the shifted rate keeps 31 bits).
		 */
		assert_true(fabsl(ref - (long double)mul) / ref <
			    1.0L / (1 << 29));
		ns = pvclock_scale_delta(hz[i], mul, shift);
		assert_true(ns <= 1000000000ULL && ns >= 1000000000ULL - 4);
	}
}

/* The guest's formula, with a 128-bit product: no overflow after hours. */
static void test_guest_ns_and_khz(void **state)
{
	struct pvclock_vcpu_time_info t = { 0 };
	uint64_t hour = 3600ULL * 3000000000ULL;

	(void)state;
	pvclock_time_scale(3000000000ULL, &t.tsc_shift, &t.tsc_to_system_mul);
	t.tsc_timestamp = 1000;
	t.system_time = 5000;
	assert_int_equal(pvclock_guest_ns(&t, 1000), 5000);
	assert_int_equal(pvclock_guest_ns(&t, 1000 + 3000), 5000 + 1000 - 1);
	/* An hour: no overflow, and 0xaaaaaaaa's rounding costs < 1 us. */
	assert_true(pvclock_guest_ns(&t, 1000 + hour) >=
		    5000 + 3600000000000ULL - 1000);
	assert_true(pvclock_guest_ns(&t, 1000 + hour) <=
		    5000 + 3600000000000ULL);
	/* The rate Linux derives (pvclock_tsc_khz()) is the TSC's. */
	assert_int_equal(pvclock_tsc_khz(&t), 3000000);
	pvclock_time_scale(2112000000ULL, &t.tsc_shift, &t.tsc_to_system_mul);
	assert_true(pvclock_tsc_khz(&t) >= 2111999 &&
		    pvclock_tsc_khz(&t) <= 2112000);
}

/* Odd while writing, even after, whatever the guest left there. */
static void test_version_parity(void **state)
{
	struct pvclock_vcpu_time_info t, src = {
		.tsc_timestamp = 77, .system_time = 88,
		.tsc_to_system_mul = 0x80000000u, .tsc_shift = 1,
		.flags = PVCLOCK_TSC_STABLE_BIT,
	};
	struct pvclock_wall_clock w;
	struct kvm_steal_time st;
	uint32_t odd;

	(void)state;
	memset(&t, 0, sizeof(t));
	odd = pvclock_version_begin(&t.version);
	assert_int_equal(odd & 1, 1);
	assert_int_equal(t.version, odd);
	pvclock_version_end(&t.version, odd);
	assert_int_equal(t.version, 2);

	pvclock_write_time(&t, &src);
	assert_int_equal(t.version, 4);
	assert_int_equal(t.tsc_timestamp, 77);
	assert_int_equal(t.system_time, 88);
	assert_int_equal(t.tsc_to_system_mul, 0x80000000u);
	assert_int_equal(t.tsc_shift, 1);
	assert_int_equal(t.flags, PVCLOCK_TSC_STABLE_BIT);

	t.version = 7;			/* the guest's garbage: odd */
	pvclock_write_time(&t, &src);
	assert_int_equal(t.version, 10);	/* (7 + 1) | 1 = 9, then 10 */

	memset(&w, 0xff, sizeof(w));	/* 0xffffffff: wraps to even */
	pvclock_write_wall(&w, 1764720000, 123);
	assert_int_equal(w.version & 1, 0);
	assert_int_equal(w.sec, 1764720000);
	assert_int_equal(w.nsec, 123);

	memset(&st, 0, sizeof(st));
	st.preempted = KVM_VCPU_PREEMPTED;
	pvclock_steal_add(&st, 1000, 0);
	pvclock_steal_add(&st, 234, 0);
	assert_int_equal(st.version, 4);
	assert_int_equal(st.steal, 1234);
	assert_int_equal(st.preempted, 0);
}

/* Steal time: runnable while another guest had the CPU. */
static void test_steal_ticks(void **state)
{
	(void)state;
	/* Runnable all along: all of the other's slice. */
	assert_int_equal(steal_ticks(true, false, 0, 100, 350), 250);
	/* Ended or stopped: nothing. */
	assert_int_equal(steal_ticks(false, false, 0, 100, 350), 0);
	/* Asleep, nothing due: nothing; due after the slice: nothing. */
	assert_int_equal(steal_ticks(true, true, 0, 100, 350), 0);
	assert_int_equal(steal_ticks(true, true, 350, 100, 350), 0);
	assert_int_equal(steal_ticks(true, true, 900, 100, 350), 0);
	/* Woken during it: from the wake-up on; before it: all of it. */
	assert_int_equal(steal_ticks(true, true, 300, 100, 350), 50);
	assert_int_equal(steal_ticks(true, true, 40, 100, 350), 250);
	assert_int_equal(steal_ticks(true, true, 100, 100, 350), 250);
	/* An empty or backward interval: nothing. */
	assert_int_equal(steal_ticks(true, false, 0, 350, 350), 0);
	assert_int_equal(steal_ticks(true, false, 0, 360, 350), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_values),
		cmocka_unit_test(test_scale_against_reference),
		cmocka_unit_test(test_guest_ns_and_khz),
		cmocka_unit_test(test_version_parity),
		cmocka_unit_test(test_steal_ticks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
